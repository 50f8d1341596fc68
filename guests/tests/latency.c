// SPDX-License-Identifier: Apache-2.0
/*
 * latency: measures how late the virtual timer's interrupt reaches the guest. It arms
 * CNTV_CVAL_EL0 a period ahead, and the handler takes CNTVCT_EL0 - CNTV_CVAL_EL0 in ticks (how
 * late it runs after the timer fired) and re-arms a period after that. Bootargs
 * "samples=N period_us=P report=1"; defaults 10000, 100 and 0.
 *
 * Once (report=0, for the benchmarks): `samples` lateness values, then min/mean/p99/max in
 * ticks and in ns as "latency: ticks min=.. mean=.. p99=.. max=.." and "latency: ns ...", a
 * PASS line (all samples taken, none early) and "latency: done"; then it powers off.
 *
 * Every second, forever (report=1, the real-time domain of the demo): one line a second of
 * the virtual counter, "latency: second N: samples=.. min_ns=.. mean_ns=.. max_ns=.. early=..",
 * over that second's interrupts only (early: how many ran before CVAL, which must be none).
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
static bool report_each_second;
static struct stats this_second; /* report=1: the running summary, fed by the handler */

static void latency_irq(unsigned int intid, void *arg)
{
	uint64_t now = timer_now();
	int64_t late = (int64_t)(now - timer_cval());

	(void)intid;
	(void)arg;
	if (late < 0)
		negative++;
	if (report_each_second) {
		stats_add(&this_second, stats_sample(late));
		timer_arm_at(now + period_ticks);
		return;
	}
	samples[taken] = stats_sample(late);
	if (++taken < wanted)
		timer_arm_at(now + period_ticks);
	else
		timer_disarm();
}

/* Sleeps in WFI with IRQs masked, taking each interrupt right after it wakes the CPU. */
static void wait_for_interrupt(void)
{
	wfi(); /* wakes for the pending timer interrupt even with IRQs masked */
	local_irq_enable();
	local_irq_disable();
}

static void print_stats(const char *unit, const struct stats *s)
{
	printf("latency: %s min=%llu mean=%llu p99=%llu max=%llu\n", unit,
	       (unsigned long long)s->min, (unsigned long long)stats_mean(s),
	       (unsigned long long)s->p99, (unsigned long long)s->max);
}

/*
 * report=1: the summary of each second is taken and restarted with IRQs masked (the handler
 * is the only other writer, on this one CPU), and printed with them unmasked, so that the
 * console's time counts in no sample but the next ones' lateness.
 */
static void __noreturn report_forever(void)
{
	uint64_t start = timer_now(), next = start + timer_freq();
	unsigned long second;

	stats_reset(&this_second);
	local_irq_disable();
	timer_arm_at(timer_now() + period_ticks);
	for (;;) {
		struct stats ns;
		unsigned int early;

		wait_for_interrupt();
		if (timer_now() < next)
			continue;
		ns = stats_ticks_to_ns(&this_second);
		early = negative;
		stats_reset(&this_second);
		negative = 0;
		/* Counted from the start, so that a stalled second is one line, not several. */
		second = (timer_now() - start) / timer_freq();
		next = start + (second + 1) * timer_freq();
		local_irq_enable();
		if (ns.n == 0)
			printf("latency: second %lu: no timer interrupt\n", second);
		else
			printf("latency: second %lu: samples=%lu min_ns=%llu mean_ns=%llu "
			       "max_ns=%llu early=%u\n",
			       second, ns.n, (unsigned long long)ns.min,
			       (unsigned long long)stats_mean(&ns), (unsigned long long)ns.max,
			       early);
		local_irq_disable();
	}
}

int main(void)
{
	unsigned long period_us = bootarg_ulong("period_us", PERIOD_US_DEFAULT);
	unsigned long wakes = 0;
	struct stats ticks, ns;

	wanted = MIN(MAX(bootarg_ulong("samples", SAMPLES_DEFAULT), 1UL),
		     (unsigned long)SAMPLES_MAX);
	period_ticks = timer_us_to_ticks(MAX(period_us, 1UL));
	report_each_second = bootarg_ulong("report", 0) != 0;
	if (report_each_second)
		printf("latency: every second, period_us=%lu freq_hz=%llu\n", period_us,
		       (unsigned long long)timer_freq());
	else
		printf("latency: samples=%lu period_us=%lu freq_hz=%llu\n", wanted, period_us,
		       (unsigned long long)timer_freq());
	irq_register(timer_intid(), latency_irq, NULL);
	irq_enable(timer_intid());
	if (report_each_second)
		report_forever();

	local_irq_disable();
	timer_arm_at(timer_now() + period_ticks);
	while (taken < wanted && wakes++ < WFI_LIMIT)
		wait_for_interrupt();
	local_irq_enable();
	timer_disarm();

	if (taken == 0) {
		printf("FAIL: latency: no timer interrupt\nlatency: done\n");
		return 0;
	}
	stats_of_series(&ticks, samples, taken);
	ns = stats_ticks_to_ns(&ticks);
	print_stats("ticks", &ticks);
	print_stats("ns", &ns);
	if (taken == wanted && negative == 0)
		printf("PASS: latency: %lu samples, none early\n", taken);
	else
		printf("FAIL: latency: %lu of %lu samples, %u early\n", taken, wanted, negative);
	printf("latency: done\n");
	return 0;
}
