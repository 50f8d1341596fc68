/* SPDX-License-Identifier: Apache-2.0 */
/* PSCI calls a guest makes (Arm DEN 0022D), over the conduit /psci names (SMCCC 1.1). */
#ifndef RT_PSCI_H
#define RT_PSCI_H

#include <public/psci.h>
#include <stdint.h>

/* One call: x0 = fn, x1..x3 = arguments; returns x0. */
uint64_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

uint32_t psci_version(void);
int psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context_id);
int psci_cpu_off(void);
int psci_affinity_info(uint64_t mpidr);
void psci_system_off(void) __attribute__((noreturn));
void psci_system_reset(void) __attribute__((noreturn));

#endif
