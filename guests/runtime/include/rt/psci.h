/* SPDX-License-Identifier: Apache-2.0 */
/* PSCI calls a guest makes (Arm DEN 0022D), over the conduit /psci names (SMCCC 1.1). */
#ifndef RT_PSCI_H
#define RT_PSCI_H

#include <stdint.h>

/* Function ids (DEN 0022D, "Function prototypes"): SMC64 where the call takes 64-bit arguments. */
#define PSCI_0_2_VERSION	  0x84000000U
#define PSCI_0_2_CPU_OFF	  0x84000002U
#define PSCI_0_2_CPU_ON_64	  0xc4000003U
#define PSCI_0_2_AFFINITY_INFO_64 0xc4000004U
#define PSCI_0_2_SYSTEM_OFF	  0x84000008U
#define PSCI_0_2_SYSTEM_RESET	  0x84000009U

/* Return codes (DEN 0022D, "Return error codes"). */
#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	(-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED		(-3)
#define PSCI_ALREADY_ON		(-4)
#define PSCI_ON_PENDING		(-5)
#define PSCI_INTERNAL_FAILURE	(-6)

/* AFFINITY_INFO states (DEN 0022D, AFFINITY_INFO). */
#define PSCI_AFF_ON	    0
#define PSCI_AFF_OFF	    1
#define PSCI_AFF_ON_PENDING 2

/* One call: x0 = fn, x1..x3 = arguments; returns x0. */
uint64_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

uint32_t psci_version(void);
int psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context_id);
int psci_cpu_off(void);
int psci_affinity_info(uint64_t mpidr);
void psci_system_off(void) __attribute__((noreturn));
void psci_system_reset(void) __attribute__((noreturn));
const char *psci_error_name(int err);

#endif
