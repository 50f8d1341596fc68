/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-CPU data. Each physical CPU has one struct pcpu; TPIDR_EL2 points at the current one.
 * CPU indexes are Tessera's (0 = the boot CPU), in /cpus order.
 */
#ifndef TESSERA_PERCPU_H
#define TESSERA_PERCPU_H

#include <asm/layout.h>

#define NR_CPUS NR_CPUS_MAX

/* Offsets used by guest_entry.S; checked below. */
#define PCPU_GUEST_REGS 0
#define PCPU_HOST_CTX	8
#define PCPU_FIXUP	112

#ifndef __ASSEMBLY__
#include <asm/sysreg.h>
#include <tessera/types.h>

struct vcpu;

struct pcpu {
	/* For guest_entry.S: where the running vCPU's registers go on an exit, and the host's
	 * callee-saved registers and stack pointer to return to. Keep first. */
	void *guest_regs;
	uint64_t host_ctx[13];
	/* Where a data abort in Tessera resumes while probe_read32() runs, else 0. */
	uint64_t fixup;

	unsigned int id;
	uint64_t mpidr;	    /* affinity from the /cpus node's reg */
	vaddr_t stack_base; /* lowest address of the stack (the guard page is below it) */
	vaddr_t stack_top;
	bool online;
	uint64_t irq_count;
	uint64_t ipi_count;
	struct vcpu *current;  /* the vCPU whose state is loaded on this pCPU, or NULL */
	struct vcpu *assigned; /* the vCPU the null scheduler pinned here, or NULL */
};

_Static_assert(__builtin_offsetof(struct pcpu, guest_regs) == PCPU_GUEST_REGS, "guest_entry.S");
_Static_assert(__builtin_offsetof(struct pcpu, host_ctx) == PCPU_HOST_CTX, "guest_entry.S");
_Static_assert(__builtin_offsetof(struct pcpu, fixup) == PCPU_FIXUP, "probe.S");

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

#endif /* __ASSEMBLY__ */
#endif
