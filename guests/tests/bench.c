// SPDX-License-Identifier: Apache-2.0
/*
 * bench: measures what a guest pays for the hypervisor's basic services, for `make bench`
 * (bench/), each over `iters` iterations timed one by one with CNTVCT_EL0:
 *   - hvc:  a null hypercall, Xen's xen_version (HVC #0xEA1, x16 = 17, x0 = XENVER_version = 0;
 *           Xen public ABI: __HYPERVISOR_xen_version = 17); the value it returns is printed;
 *   - mmio: an emulated MMIO read, GICD_TYPER (GICv3 spec 12.9.38: distributor + 0x4);
 *   - sgi:  a virtual IPI round trip between vCPU 0 and vCPU 1 (SGI there, SGI back), when
 *           the guest has two vCPUs.
 * Its first line gives CNTPCT_EL0 (the physical counter, which starts with the machine) as
 * main() begins: the boot time in the machine's own time. One machine-readable line per
 * measurement: "BENCH: <name> iters=N min_ns=.. mean_ns=.. p99_ns=.. max_ns=..", with
 * " ret=.." (what the hypercall answered) or " value=.." (what the read gave), then
 * "bench: done" and power off; an SGI that never comes back within 2 s is reported as
 * "bench: sgi_roundtrip: no answer to ping N". Bootargs "iters=N" (default 10000), and "busy=1" to
 * spin forever instead (a busy neighbour for the latency benchmark).
 */
#include <guest.h>

#define ITERS_DEFAULT	10000
#define ITERS_MAX	100000
#define XEN_HVC_IMM	"0xea1"
#define XEN_XEN_VERSION 17 /* __HYPERVISOR_xen_version */
#define XENVER_VERSION	0
#define GICD_TYPER	0x4
#define SGI_PING	8 /* vCPU 0 -> vCPU 1 */
#define SGI_PONG	9 /* vCPU 1 -> vCPU 0 */
#define PARTNER_WAIT_US 1000000
#define PONG_WAIT_US	2000000 /* far above any round trip seen, even with host noise */

static uint32_t samples[ITERS_MAX];
static volatile unsigned int pongs;
static volatile bool partner_ready;

static inline uint64_t counter_physical(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

static void record(unsigned long i, uint64_t t0, uint64_t t1)
{
	samples[i] = stats_sample((int64_t)(t1 - t0));
}

static uint64_t hvc_xen_version(void)
{
	register uint64_t x0 __asm__("x0") = XENVER_VERSION;
	register uint64_t x1 __asm__("x1") = 0;
	register uint64_t x16 __asm__("x16") = XEN_XEN_VERSION;

	__asm__ volatile("hvc #" XEN_HVC_IMM
			 : "+r"(x0), "+r"(x1), "+r"(x16)
			 :
			 : "x2", "x3", "x4", "x5", "memory");
	return x0;
}

static void bench_hvc(unsigned long n)
{
	uint64_t ret = 0;
	char extra[48];

	if (!rt_platform.hypervisor) {
		/* No EL2 to answer: on plain QEMU the HVC would be undefined. */
		printf("BENCH: hvc_xen_version skipped (no hypervisor)\n");
		return;
	}
	for (unsigned long i = 0; i < n; i++) {
		uint64_t t0 = timer_now();

		ret = hvc_xen_version();
		record(i, t0, timer_now());
	}
	snprintf(extra, sizeof(extra), " ret=%lld", (long long)ret);
	stats_print_bench("hvc_xen_version", samples, n, extra);
}

static void bench_mmio(unsigned long n)
{
	volatile uint32_t *typer = (volatile uint32_t *)(rt_platform.gicd_base + GICD_TYPER);
	uint32_t v = 0;
	char extra[48];

	for (unsigned long i = 0; i < n; i++) {
		uint64_t t0 = timer_now();

		v = *typer;
		record(i, t0, timer_now());
	}
	snprintf(extra, sizeof(extra), " value=0x%x", v);
	stats_print_bench("mmio_gicd_typer", samples, n, extra);
}

static void ping_irq(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	irq_send_sgi(0, SGI_PONG);
}

static void pong_irq(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	pongs = pongs + 1;
}

static void partner(void *arg)
{
	(void)arg;
	irq_register(SGI_PING, ping_irq, NULL);
	irq_enable(SGI_PING);
	partner_ready = true;
	for (;;)
		wfi();
}

static void bench_sgi(unsigned long n)
{
	uint64_t end;
	unsigned long done = 0;

	if (cpu_count() < 2) {
		printf("BENCH: sgi_roundtrip skipped (one vCPU)\n");
		return;
	}
	irq_register(SGI_PONG, pong_irq, NULL);
	irq_enable(SGI_PONG);
	end = timer_now() + timer_us_to_ticks(PARTNER_WAIT_US);
	if (cpu_start(1, partner, NULL) == PSCI_SUCCESS)
		while (!partner_ready && timer_now() < end)
			;
	if (!partner_ready) {
		printf("BENCH: sgi_roundtrip failed (vCPU 1 did not start)\n");
		return;
	}
	for (; done < n; done++) {
		unsigned int want = pongs + 1;
		uint64_t t0 = timer_now(), t1;

		irq_send_sgi(1, SGI_PING);
		end = t0 + timer_us_to_ticks(PONG_WAIT_US);
		do
			t1 = timer_now();
		while (pongs < want && t1 < end);
		if (pongs < want)
			break;
		record(done, t0, t1);
	}
	if (done < n)
		printf("bench: sgi_roundtrip: no answer to ping %lu\n", done + 1);
	stats_print_bench("sgi_roundtrip", samples, done, "");
}

static void __noreturn busy(void)
{
	uint64_t next = timer_now() + timer_freq(); /* a line a second: it still runs */
	volatile unsigned long spins = 0;

	printf("bench: busy\n");
	for (;;) {
		spins = spins + 1;
		if (timer_now() >= next) {
			printf("bench: busy %lu\n", spins);
			next += timer_freq();
		}
	}
}

int main(void)
{
	uint64_t start = counter_physical();
	unsigned long n =
		MIN(MAX(bootarg_ulong("iters", ITERS_DEFAULT), 1UL), (unsigned long)ITERS_MAX);

	printf("bench: start cntpct=%llu freq_hz=%llu vcpus=%u\n", (unsigned long long)start,
	       (unsigned long long)timer_freq(), cpu_count());
	if (bootarg_ulong("busy", 0) != 0)
		busy();
	bench_hvc(n);
	bench_mmio(n);
	bench_sgi(n);
	printf("bench: done\n");
	return 0;
}
