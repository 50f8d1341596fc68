/* SPDX-License-Identifier: Apache-2.0 */
/* Physical CPUs: found in /cpus, started with PSCI CPU_ON, checked with an IPI each. */
#ifndef TESSERA_SMP_H
#define TESSERA_SMP_H

#include <tessera/types.h>

/* Reads /cpus and makes the boot CPU pcpus[0]. Halts if the boot CPU is not listed. */
void smp_init_cpus(const void *fdt);
/* Starts every other CPU and waits (bounded) for each. Returns how many are online. */
unsigned int smp_boot_secondaries(void);
/* Sends IPI_PING to each online CPU and waits for the answer. Returns how many answered. */
unsigned int smp_ping_all(void);
unsigned int smp_nr_online(void);
/* Registers the IPI handlers and enables them on the boot CPU. */
void smp_register_ipis(void);

void __attribute__((noreturn)) cpu_idle_loop(void);

#endif
