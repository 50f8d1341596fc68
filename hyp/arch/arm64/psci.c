// SPDX-License-Identifier: Apache-2.0
/* PSCI client (Arm DEN 0022D) and the SMC Calling Convention (Arm DEN 0028, SMC64). */
#include <string.h>
#include <asm/psci.h>
#include <tessera/fdt_util.h>
#include <tessera/printk.h>

static uint32_t fn_cpu_on = PSCI_CPU_ON_64;
static bool have_psci;

/* SMCCC: function id in x0, arguments x1-x3, result in x0; x0-x17 may be clobbered. */
static int64_t smc_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
			   "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}

int psci_init(const void *fdt)
{
	int node = fdt_path_offset(fdt, "/psci");
	const char *method;
	const fdt32_t *id;
	int len;

	if (node < 0) {
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci");
		if (node < 0) {
			pr_err("no /psci node: secondary CPUs cannot be started\n");
			return -1;
		}
	}
	method = fdt_getprop(fdt, node, "method", NULL);
	if (method == NULL || strcmp(method, "smc") != 0) {
		pr_err("/psci method is \"%s\": at EL2 only \"smc\" reaches firmware\n",
		       method != NULL ? method : "(none)");
		return -1;
	}
	/* PSCI 0.1 firmware names its own function ids (arm,psci.yaml). */
	if (fdt_node_check_compatible(fdt, node, "arm,psci-0.2") != 0 &&
	    fdt_node_check_compatible(fdt, node, "arm,psci-1.0") != 0) {
		id = fdt_getprop(fdt, node, "cpu_on", &len);
		if (id != NULL && len == 4)
			fn_cpu_on = fdt32_to_cpu(*id);
	}
	have_psci = true;
	return 0;
}

uint32_t psci_version(void)
{
	return have_psci ? (uint32_t)smc_call(PSCI_VERSION, 0, 0, 0) : 0;
}

int psci_cpu_on(uint64_t mpidr, paddr_t entry, uint64_t context_id)
{
	if (!have_psci)
		return PSCI_NOT_SUPPORTED;
	return (int)smc_call(fn_cpu_on, mpidr, entry, context_id);
}

void psci_system_reset(void)
{
	if (have_psci)
		(void)smc_call(PSCI_SYSTEM_RESET, 0, 0, 0); /* returns only if it failed */
}

void psci_system_off(void)
{
	if (have_psci)
		(void)smc_call(PSCI_SYSTEM_OFF, 0, 0, 0); /* returns only if it failed */
}
