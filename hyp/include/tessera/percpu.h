/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-CPU data. Each physical CPU has one struct pcpu; TPIDR_EL2 points at the current one.
 * CPU indexes are Tessera's (0 = the boot CPU), in /cpus order.
 */
#ifndef TESSERA_PERCPU_H
#define TESSERA_PERCPU_H

#include <asm/layout.h>
#include <asm/sysreg.h>
#include <tessera/types.h>

#define NR_CPUS NR_CPUS_MAX

struct pcpu {
	unsigned int id;
	uint64_t mpidr;	    /* affinity from the /cpus node's reg */
	vaddr_t stack_base; /* lowest address of the stack (the guard page is below it) */
	vaddr_t stack_top;
	bool online;
	uint64_t irq_count;
	uint64_t ipi_count;
};

extern struct pcpu pcpus[NR_CPUS];
extern unsigned int nr_cpus_present;

static inline struct pcpu *this_cpu(void)
{
	return (struct pcpu *)read_sysreg(tpidr_el2);
}

static inline unsigned int this_cpu_id(void)
{
	return this_cpu()->id;
}

void percpu_set(struct pcpu *cpu);

#endif
