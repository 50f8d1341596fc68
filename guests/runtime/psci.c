// SPDX-License-Identifier: Apache-2.0
/*
 * PSCI (Arm DEN 0022D) over SMCCC (Arm DEN 0028): function id in w0, arguments in x1-x3,
 * result in x0, by HVC #0 or SMC #0 as /psci "method" says. SMCCC 1.0 lets the callee
 * clobber x4-x17, so they are declared clobbered.
 */
#include "runtime.h"

uint64_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (rt_platform.psci == PSCI_CONDUIT_HVC)
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
				   "x14", "x15", "x16", "x17", "memory");
	else if (rt_platform.psci == PSCI_CONDUIT_SMC)
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
				   "x14", "x15", "x16", "x17", "memory");
	else
		x0 = (uint64_t)(int64_t)PSCI_NOT_SUPPORTED;
	return x0;
}

/* Results are 32-bit signed in w0 (DEN 0022D, "Return error codes"). */
static int psci_result(uint64_t x0)
{
	return (int)(int32_t)x0;
}

uint32_t psci_version(void)
{
	return (uint32_t)psci_call(PSCI_VERSION, 0, 0, 0);
}

int psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context_id)
{
	return psci_result(psci_call(PSCI_CPU_ON_64, mpidr, entry, context_id));
}

int psci_cpu_off(void)
{
	return psci_result(psci_call(PSCI_CPU_OFF, 0, 0, 0));
}

/* Lowest affinity level 0: the state of this one core (DEN 0022D, AFFINITY_INFO). */
int psci_affinity_info(uint64_t mpidr)
{
	return psci_result(psci_call(PSCI_AFFINITY_INFO_64, mpidr, 0, 0));
}

void psci_system_off(void)
{
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		wfi();
}

void psci_system_reset(void)
{
	psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	for (;;)
		wfi();
}
