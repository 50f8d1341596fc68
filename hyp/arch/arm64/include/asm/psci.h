/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSCI calls from the hypervisor to firmware (Arm DEN 0022, PSCI 1.1), over the conduit the
 * /psci node names. At EL2 only SMC reaches firmware: an HVC would trap to ourselves.
 */
#ifndef ASM_PSCI_H
#define ASM_PSCI_H

#include <public/psci.h>
#include <tessera/types.h>

/* Reads /psci; returns 0, or -1 with a message printed. */
int psci_init(const void *fdt);
uint32_t psci_version(void);
int psci_cpu_on(uint64_t mpidr, paddr_t entry, uint64_t context_id);
void psci_system_reset(void);
void psci_system_off(void);

#endif
