// SPDX-License-Identifier: Apache-2.0
/*
 * latency: measures how late the virtual timer's interrupt reaches the guest, for the
 * benchmarks. It arms CNTV_CVAL_EL0 a period ahead, and the handler records CNTVCT_EL0 -
 * CNTV_CVAL_EL0 in ticks and re-arms, until it has `samples` of them (bootargs
 * "samples=N period_us=P"; defaults 10000 and 100). Prints min/mean/p99/max in ticks and in
 * ns, as "latency: ticks min=.. mean=.. p99=.. max=.." and "latency: ns ...", then a PASS
 * line (all samples taken, none negative) and "latency: done".
 */
#include <guest.h>

#define SAMPLES_DEFAULT	  10000
#define SAMPLES_MAX	  100000
#define PERIOD_US_DEFAULT 100
#define WFI_LIMIT	  (SAMPLES_MAX * 10UL)

static uint32_t samples[SAMPLES_MAX];
static volatile unsigned long taken;
static unsigned long wanted;
static uint64_t period_ticks;
static volatile unsigned int negative;

static void latency_irq(unsigned int intid, void *arg)
{
	uint64_t now = timer_now();
	int64_t late = (int64_t)(now - timer_cval());

	(void)intid;
	(void)arg;
	if (late < 0)
		negative++;
	samples[taken] = late < 0 ? 0 : late > UINT32_MAX ? UINT32_MAX : (uint32_t)late;
	if (++taken < wanted)
		timer_arm_at(now + period_ticks);
	else
		timer_disarm();
}

static void print_stats(const char *unit, uint64_t min, uint64_t mean, uint64_t p99, uint64_t max)
{
	printf("latency: %s min=%llu mean=%llu p99=%llu max=%llu\n", unit, (unsigned long long)min,
	       (unsigned long long)mean, (unsigned long long)p99, (unsigned long long)max);
}

int main(void)
{
	unsigned long period_us = bootarg_ulong("period_us", PERIOD_US_DEFAULT);
	struct sample_stats st;
	uint64_t min, max, mean, p99;
	unsigned long wakes = 0;

	wanted = MIN(MAX(bootarg_ulong("samples", SAMPLES_DEFAULT), 1UL),
		     (unsigned long)SAMPLES_MAX);
	period_ticks = timer_us_to_ticks(period_us);
	printf("latency: samples=%lu period_us=%lu freq_hz=%llu\n", wanted, period_us,
	       (unsigned long long)timer_freq());
	irq_register(timer_intid(), latency_irq, NULL);
	irq_enable(timer_intid());

	local_irq_disable();
	timer_arm_at(timer_now() + period_ticks);
	while (taken < wanted && wakes++ < WFI_LIMIT) {
		wfi(); /* wakes for the pending timer interrupt even with IRQs masked */
		local_irq_enable();
		local_irq_disable();
	}
	local_irq_enable();
	timer_disarm();

	if (taken == 0) {
		printf("FAIL: latency: no timer interrupt\nlatency: done\n");
		return 0;
	}
	stats_of(samples, taken, &st);
	min = st.min;
	max = st.max;
	mean = st.sum / taken;
	p99 = st.p99;
	print_stats("ticks", min, mean, p99, max);
	print_stats("ns", timer_ticks_to_ns(min), timer_ticks_to_ns(mean), timer_ticks_to_ns(p99),
		    timer_ticks_to_ns(max));
	if (taken == wanted && negative == 0)
		printf("PASS: latency: %lu samples, none early\n", taken);
	else
		printf("FAIL: latency: %lu of %lu samples, %u early\n", taken, wanted, negative);
	printf("latency: done\n");
	return 0;
}
