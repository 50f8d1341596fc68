// SPDX-License-Identifier: Apache-2.0
/* Per-CPU data, reached through TPIDR_EL2. */
#include <tessera/percpu.h>

struct pcpu pcpus[NR_CPUS];
unsigned int nr_cpus_present;

void percpu_set(struct pcpu *cpu)
{
	write_sysreg(cpu, tpidr_el2);
	isb();
}
