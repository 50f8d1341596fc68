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
/*
 * Appends ": pCPU 3 did not start" (": pCPU 3, 5 did not start") to the string in buf, naming
 * the present CPUs that are not online, truncated to `size`; returns how many there are
 * (0: nothing appended).
 */
size_t smp_append_lost(char *buf, size_t size);
/* Registers the IPI handlers and enables them on the boot CPU. */
void smp_register_ipis(void);

void __attribute__((noreturn)) cpu_idle_loop(void);

#endif
