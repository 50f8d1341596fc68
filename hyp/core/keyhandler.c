// SPDX-License-Identifier: Apache-2.0
/* Debug keys on the hypervisor console, in the spirit of Xen's ('h' lists them). */
#include <asm/mmu.h>
#include <asm/psci.h>
#include <drivers/arch_timer.h>
#include <drivers/gic.h>
#include <tessera/keyhandler.h>
#include <tessera/mm.h>
#include <tessera/percpu.h>
#include <tessera/printk.h>
#include <tessera/timer.h>

struct keyhandler {
	char key;
	const char *what;
	void (*fn)(void);
	bool confirm; /* destroys the running system: runs only when pressed twice */
};

/*
 * A destructive key runs only when pressed again within KEY_CONFIRM_NS: input falls back to
 * Tessera when the domain holding it stops (console_remove_domain), so keys typed for a shell
 * that just rebooted land here, and one stray 'R' or 'C' must not take the machine down.
 * Any other key in between cancels. Only the console's receive interrupt calls in here.
 */
#define KEY_CONFIRM_NS 5000000000ULL
static char armed_key;
static uint64_t armed_until;

/* Says whether key, which needs confirming, was just confirmed; arms it otherwise. */
static bool key_confirmed(const struct keyhandler *k)
{
	uint64_t now = timer_now();

	if (armed_key == k->key && now <= armed_until) {
		armed_key = 0;
		return true;
	}
	armed_key = k->key;
	armed_until = now + ns_to_ticks(KEY_CONFIRM_NS);
	pr_warn("press '%c' again within %llu s to %s\n", k->key,
		(unsigned long long)(KEY_CONFIRM_NS / 1000000000ULL), k->what);
	return false;
}

static void key_help(void);

static void key_cpus(void)
{
	for (unsigned int i = 0; i < nr_cpus_present; i++) {
		const struct pcpu *c = &pcpus[i];

		pr_info("CPU%u: MPIDR 0x%llx %s, %llu interrupts, %llu IPIs\n", c->id,
			(unsigned long long)c->mpidr, c->online ? "online" : "offline",
			(unsigned long long)c->irq_count, (unsigned long long)c->ipi_count);
	}
}

static void key_memory(void)
{
	pr_info("RAM %llu KiB, free %llu KiB, page metadata %llu KiB, page-table pages %u\n",
		(unsigned long long)(mm_ram_bytes() >> 10),
		(unsigned long long)(mm_free_bytes() >> 10),
		(unsigned long long)(mm_meta_bytes() >> 10), mmu_table_pages_used());
	pr_info("image at 0x%llx, %llu KiB\n", (unsigned long long)mmu_image_base(),
		(unsigned long long)(mmu_image_size() >> 10));
}

static void key_interrupts(void)
{
	const struct gic_info *g = gic_get_info();

	pr_info("GICv%d: %u lines, distributor 0x%llx, maintenance interrupt %u\n", g->version,
		g->nr_lines, (unsigned long long)g->dist_base, g->maintenance_irq);
}

static void key_time(void)
{
	uint64_t now = timer_now();

	pr_info("counter %llu ticks at %llu Hz: %llu ms since the counter started\n",
		(unsigned long long)now, (unsigned long long)arch_timer_get_info()->freq_hz,
		(unsigned long long)(ticks_to_ns(now) / 1000000ULL));
}

static void key_reboot(void)
{
	pr_info("rebooting the machine (PSCI SYSTEM_RESET)\n");
	psci_system_reset();
}

/*
 * Xen's 'C' key crashes the hypervisor on purpose. Here it writes to Tessera's own code,
 * which W^X maps read-only, so the permission fault and its report (registers, symbolized
 * backtrace) can be checked on a live system.
 */
static void __attribute__((noinline)) key_crash(void)
{
	volatile uint32_t *text = (volatile uint32_t *)(uintptr_t)&key_help;

	pr_err("crashing on purpose: writing to read-only hypervisor code at %p\n", (void *)text);
	*text = 0xd4200000U; /* BRK #0, should the write ever succeed */
	pr_err("the write to hypervisor code did not fault: W^X is broken\n");
}

static const struct keyhandler keys[] = {
	{ 'h', "show this list", key_help, false },
	{ 'c', "physical CPUs", key_cpus, false },
	{ 'm', "memory", key_memory, false },
	{ 'i', "interrupt controller", key_interrupts, false },
	{ 't', "time", key_time, false },
	{ 'R', "reboot the machine", key_reboot, true },
	{ 'C', "crash the hypervisor (tests the fault report)", key_crash, true },
};

static void key_help(void)
{
	pr_info("debug keys:\n");
	for (unsigned int i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		pr_info("  '%c' %s%s\n", keys[i].key, keys[i].what,
			keys[i].confirm ? " (press twice)" : "");
	pr_info("  Ctrl-a three times: move console input to the next domain\n");
}

void keyhandler_handle(char key)
{
	for (unsigned int i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (keys[i].key != key)
			continue;
		if (keys[i].confirm && !key_confirmed(&keys[i]))
			return;
		armed_key = 0;
		keys[i].fn();
		return;
	}
	armed_key = 0;
	if (key >= ' ' && key <= '~')
		pr_info("'%c' is not a debug key ('h' lists them)\n", key);
}
