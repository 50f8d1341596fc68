// SPDX-License-Identifier: Apache-2.0
/*
 * From start.S to main(): map and read the device tree, bring up the console, the GIC and
 * the timer on the boot CPU, print one line saying what was found, and run the guest.
 */
#include <libfdt.h>

#include "runtime.h"

#define DT_WINDOW (2UL << 20) /* enough to read the header before mapping all of it */

extern char _end[];

static void park(void) __noreturn;

static void park(void)
{
	for (;;)
		wfi();
}

/* The device tree must be Normal memory (libfdt reads unaligned); RAM usually is already. */
static int map_fdt(const void *fdt)
{
	int err = mmu_map_normal((uintptr_t)fdt, DT_WINDOW);

	if (err == 0 && fdt_check_header(fdt) != 0)
		err = -EINVAL;
	if (err == 0)
		err = mmu_map_normal((uintptr_t)fdt, fdt_totalsize(fdt));
	return err;
}

static void print_banner(void)
{
	const struct rt_platform *p = &rt_platform;
	static const char *const conduits[] = { "none", "hvc", "smc" };

	printf("rt: GICv%u, %s at 0x%llx, %u CPU(s), %llu MiB RAM in %u bank(s), timer %llu Hz "
	       "(INTID %u), PSCI %s%s\n",
	       p->gic_version, p->uart_is_pl011 ? "pl011" : "sbsa-uart",
	       (unsigned long long)p->uart_base, p->ncpus, (unsigned long long)(p->mem_total >> 20),
	       p->mem_banks, (unsigned long long)timer_freq(), p->timer_intid, conduits[p->psci],
	       p->hypervisor ? ", under a hypervisor" : "");
	printf("rt: image at 0x%llx (%llu KiB), device tree at 0x%llx\n",
	       (unsigned long long)p->load_base, (unsigned long long)(p->image_size >> 10),
	       (unsigned long long)(uintptr_t)p->fdt);
}

void rt_main(const void *fdt, uint64_t load_base)
{
	struct rt_platform *p = &rt_platform;
	struct rt_cpu *boot;
	int err;

	write_sysreg(&rt_cpus[0], tpidr_el1); /* until the boot CPU's index is known */
	stack_protector_seed(read_sysreg(cntvct_el0));
	if (map_fdt(fdt) < 0 || devtree_parse(fdt) < 0)
		park(); /* no console to say so */
	p->load_base = load_base;
	p->image_size = (uintptr_t)_end - (uintptr_t)_start;
	err = mmu_init();
	console_init();
	for (unsigned int i = 0; i < p->ncpus; i++) {
		rt_cpus[i].index = i;
		rt_cpus[i].mpidr = p->cpu_mpidr[i];
	}
	boot = &rt_cpus[p->boot_cpu];
	write_sysreg(boot, tpidr_el1);
	timer_cpu_init();
	print_banner();
	if (err < 0)
		printf("FAIL: rt: cannot map memory and devices (%s)\n", errno_name(err));
	err = gic_init();
	if (err == 0)
		err = gic_cpu_init(boot);
	if (err < 0) {
		printf("FAIL: rt: GIC set-up failed (%s)\n", errno_name(err));
		guest_exit();
	}
	boot->running = true;
	local_irq_serror_enable();
	main();
	guest_exit();
}

void guest_exit(void)
{
	psci_system_off();
}

void guest_heartbeat(const char *name, unsigned int period_ms)
{
	for (unsigned long n = 1;; n++) {
		timer_sleep_us(period_ms * 1000UL);
		printf("%s: heartbeat %lu\n", name, n);
	}
}
