// SPDX-License-Identifier: Apache-2.0
/*
 * Secondary CPUs: started with PSCI CPU_ON (DEN 0022D) at secondary_entry in start.S
 * with their logical index as context id; each gets its own stack there.
 */
#include "runtime.h"

struct rt_cpu rt_cpus[RT_MAX_CPUS];

unsigned int cpu_id(void)
{
	return this_cpu()->index;
}

unsigned int cpu_count(void)
{
	return rt_platform.ncpus;
}

uint64_t cpu_mpidr(unsigned int cpu)
{
	return cpu < rt_platform.ncpus ? rt_cpus[cpu].mpidr : ~0UL;
}

bool cpu_is_running(unsigned int cpu)
{
	return cpu < rt_platform.ncpus && rt_cpus[cpu].running;
}

uintptr_t cpu_entry_address(void)
{
	return (uintptr_t)secondary_entry;
}

int cpu_start(unsigned int cpu, void (*fn)(void *), void *arg)
{
	return cpu_start_tagged(cpu, fn, arg, 0);
}

int cpu_start_tagged(unsigned int cpu, void (*fn)(void *), void *arg, uint64_t tag)
{
	struct rt_cpu *c;

	if (cpu >= rt_platform.ncpus || cpu == cpu_id() || fn == NULL)
		return PSCI_INVALID_PARAMETERS;
	c = &rt_cpus[cpu];
	c->entry = fn;
	c->entry_arg = arg;
	/* The new CPU reads these with its MMU and caches on, coherent with ours. */
	dsb(ish);
	return psci_cpu_on(c->mpidr, cpu_entry_address(), cpu | tag << 8);
}

uint64_t cpu_entry_context(unsigned int cpu)
{
	return cpu < rt_platform.ncpus ? rt_cpus[cpu].entry_context : 0;
}

uint64_t cpu_entry_sctlr(unsigned int cpu)
{
	return cpu < rt_platform.ncpus ? rt_cpus[cpu].entry_sctlr : 0;
}

void rt_secondary_main(uint64_t context, uint64_t entry_sctlr)
{
	unsigned int index = (unsigned int)(context & 0xff);
	struct rt_cpu *c = &rt_cpus[index < RT_MAX_CPUS ? index : 0];
	int err;

	c->entry_context = context;
	c->entry_sctlr = entry_sctlr;
	write_sysreg(c, tpidr_el1);
	err = gic_cpu_init(c);
	timer_cpu_init();
	local_irq_serror_enable();
	if (err == 0) {
		c->running = true;
		c->entry(c->entry_arg);
	}
	local_irq_disable();
	c->running = false;
	dsb(ish);
	err = psci_cpu_off();
	printf("FAIL: cpu %u: PSCI CPU_OFF returned %d (%s)\n", index, err, psci_error_name(err));
	for (;;)
		wfi();
}
