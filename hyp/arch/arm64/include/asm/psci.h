/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSCI calls from the hypervisor to firmware (Arm DEN 0022, PSCI 1.1), over the conduit the
 * /psci node names. At EL2 only SMC reaches firmware: an HVC would trap to ourselves.
 */
#ifndef ASM_PSCI_H
#define ASM_PSCI_H

#include <tessera/types.h>

/* Function ids (DEN 0022D, 5.1): SMC64 where the call takes 64-bit arguments. */
#define PSCI_VERSION	      0x84000000U
#define PSCI_CPU_OFF	      0x84000002U
#define PSCI_CPU_ON_64	      0xc4000003U
#define PSCI_AFFINITY_INFO_64 0xc4000004U
#define PSCI_SYSTEM_OFF	      0x84000008U
#define PSCI_SYSTEM_RESET     0x84000009U

#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	(-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED		(-3)
#define PSCI_ALREADY_ON		(-4)
#define PSCI_ON_PENDING		(-5)
#define PSCI_INTERNAL_FAILURE	(-6)

/* Reads /psci; returns 0, or -1 with a message printed. */
int psci_init(const void *fdt);
uint32_t psci_version(void);
int psci_cpu_on(uint64_t mpidr, paddr_t entry, uint64_t context_id);
void psci_system_reset(void);
void psci_system_off(void);
const char *psci_error_name(int err);

#endif
