/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSCI and SMCCC as Arm specifies them (Arm DEN 0022D "Power State Coordination Interface",
 * section 5; Arm DEN 0028 "SMC Calling Convention"): function ids, return codes, and the
 * PSCI 0.1 ids Xen's guest device tree names. One definition for Tessera's own PSCI client,
 * the PSCI it offers guests, and guest code.
 */
#ifndef TESSERA_PUBLIC_PSCI_H
#define TESSERA_PUBLIC_PSCI_H

/* Function ids: 32-bit calling convention (0x84...) and 64-bit (0xc4...). */
#define PSCI_VERSION	       0x84000000U
#define PSCI_CPU_SUSPEND_32    0x84000001U
#define PSCI_CPU_SUSPEND_64    0xc4000001U
#define PSCI_CPU_OFF	       0x84000002U
#define PSCI_CPU_ON_32	       0x84000003U
#define PSCI_CPU_ON_64	       0xc4000003U
#define PSCI_AFFINITY_INFO_32  0x84000004U
#define PSCI_AFFINITY_INFO_64  0xc4000004U
#define PSCI_MIGRATE_INFO_TYPE 0x84000006U
#define PSCI_SYSTEM_OFF	       0x84000008U
#define PSCI_SYSTEM_RESET      0x84000009U
#define PSCI_FEATURES	       0x8400000aU
#define SMCCC_VERSION	       0x80000000U
#define SMCCC_ARCH_FEATURES    0x80000001U

/* PSCI 0.1 has no standard ids; Xen's guest /psci node gives these (cpu_off, cpu_on). */
#define PSCI_0_1_XEN_CPU_OFF 1U
#define PSCI_0_1_XEN_CPU_ON  2U

/* Return codes (DEN 0022D 5.2.2). */
#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	(-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED		(-3)
#define PSCI_ALREADY_ON		(-4)
#define PSCI_ON_PENDING		(-5)
#define PSCI_INTERNAL_FAILURE	(-6)
#define PSCI_NOT_PRESENT	(-7)
#define PSCI_DISABLED		(-8)
#define PSCI_INVALID_ADDRESS	(-9)

/* AFFINITY_INFO states and MIGRATE_INFO_TYPE values (DEN 0022D 5.7, 5.9). */
#define PSCI_AFFINITY_ON	   0
#define PSCI_AFFINITY_OFF	   1
#define PSCI_AFFINITY_ON_PENDING   2
#define PSCI_MIGRATE_NO_TRUSTED_OS 2

/* Versions as VERSION and SMCCC_VERSION return them: major << 16 | minor. */
#define PSCI_VERSION_1_1  0x10001
#define SMCCC_VERSION_1_1 0x10001

static inline const char *psci_error_name(int err)
{
	switch (err) {
	case PSCI_SUCCESS:
		return "SUCCESS";
	case PSCI_NOT_SUPPORTED:
		return "NOT_SUPPORTED";
	case PSCI_INVALID_PARAMETERS:
		return "INVALID_PARAMETERS";
	case PSCI_DENIED:
		return "DENIED";
	case PSCI_ALREADY_ON:
		return "ALREADY_ON";
	case PSCI_ON_PENDING:
		return "ON_PENDING";
	case PSCI_INTERNAL_FAILURE:
		return "INTERNAL_FAILURE";
	case PSCI_NOT_PRESENT:
		return "NOT_PRESENT";
	case PSCI_DISABLED:
		return "DISABLED";
	case PSCI_INVALID_ADDRESS:
		return "INVALID_ADDRESS";
	default:
		return "UNKNOWN";
	}
}

#endif
