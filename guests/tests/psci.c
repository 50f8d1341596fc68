// SPDX-License-Identifier: Apache-2.0
/*
 * psci: proves the PSCI interface (Arm DEN 0022D) a guest calls through /psci "method":
 *   - PSCI_VERSION answers 0.2 or later;
 *   - AFFINITY_INFO says vCPU 1 is OFF before it is started;
 *   - CPU_ON starts vCPU 1 at the entry point with the context id (its index), and it prints;
 *     AFFINITY_INFO then says ON, and a second CPU_ON answers ALREADY_ON;
 *   - vCPU 1 calls CPU_OFF, and AFFINITY_INFO says OFF again;
 *   - vCPU 1 is started again, 3 times, each time after CPU_OFF: it must come up as CPU_ON
 *     says, with its MMU and data cache off (SCTLR_EL1.M and .C clear) and the new context
 *     id in x0, not resume the state it had when it went off;
 *   - an unknown function id answers NOT_SUPPORTED (-1; SMCCC DEN 0028 "Unknown Function
 *     Identifier");
 *   - finally SYSTEM_OFF, after "psci: done" (so the guest, or QEMU, ends).
 * Needs 2 vCPUs for the CPU_ON part (skipped with one).
 */
#include <guest.h>

/* In the PSCI range of SMCCC fast calls (0x84000000-0x8400001f) but assigned to nothing. */
#define PSCI_UNKNOWN_FN 0x8400001fU
#define WAIT_US		2000000
#define RESTARTS	3

static volatile bool partner_hello;
static volatile bool partner_go;
static unsigned int failures;

static void check(bool ok, const char *what)
{
	printf("%s: psci: %s\n", ok ? "PASS" : "FAIL", what);
	if (!ok)
		failures++;
}

static void partner(void *arg)
{
	(void)arg;
	/* cpu_id() comes from the context id CPU_ON passed (start.S picks the stack by it). */
	printf("psci: hello from vCPU %u\n", cpu_id());
	partner_hello = true;
	while (!partner_go)
		;
	/* Returning calls CPU_OFF (smp.c). */
}

/* Polls AFFINITY_INFO until it answers `want` or the time is up; returns the last answer. */
static int wait_affinity(uint64_t mpidr, int want)
{
	uint64_t end = timer_now() + timer_us_to_ticks(WAIT_US);
	int state;

	do {
		state = psci_affinity_info(mpidr);
	} while (state != want && timer_now() < end);
	return state;
}

static void test_version(void)
{
	uint32_t v = psci_version();

	printf("psci: PSCI_VERSION = %u.%u\n", v >> 16, v & 0xffff);
	/* Major version in [30:16], minor in [15:0] (DEN 0022D, PSCI_VERSION); bit 31 is 0. */
	check((v >> 31) == 0 && v >= 2, "PSCI_VERSION is 0.2 or later");
}

static void test_cpu_on_off(void)
{
	uint64_t mpidr = cpu_mpidr(1), end;
	int state, err;

	if (cpu_count() < 2) {
		printf("psci: SKIP: CPU_ON (one vCPU)\n");
		return;
	}
	state = psci_affinity_info(mpidr);
	printf("psci: AFFINITY_INFO(vCPU 1) before CPU_ON = %d\n", state);
	check(state == PSCI_AFFINITY_OFF, "AFFINITY_INFO says OFF before CPU_ON");

	err = cpu_start(1, partner, NULL);
	printf("psci: CPU_ON(vCPU 1) = %d (%s)\n", err, psci_error_name(err));
	end = timer_now() + timer_us_to_ticks(WAIT_US);
	while (!partner_hello && timer_now() < end)
		;
	check(err == PSCI_SUCCESS && partner_hello, "CPU_ON starts vCPU 1, which runs");

	state = psci_affinity_info(mpidr);
	check(state == PSCI_AFFINITY_ON, "AFFINITY_INFO says ON while vCPU 1 runs");
	err = psci_cpu_on(mpidr, cpu_entry_address(), 1);
	printf("psci: CPU_ON(vCPU 1) again = %d (%s)\n", err, psci_error_name(err));
	check(err == PSCI_ALREADY_ON, "CPU_ON of a running vCPU answers ALREADY_ON");

	partner_go = true;
	state = wait_affinity(mpidr, PSCI_AFFINITY_OFF);
	printf("psci: AFFINITY_INFO(vCPU 1) after CPU_OFF = %d\n", state);
	check(state == PSCI_AFFINITY_OFF, "AFFINITY_INFO says OFF after vCPU 1 calls CPU_OFF");
}

/* Starts vCPU 1 again after CPU_OFF: a fresh CPU each time, with the context id given. */
static void test_cpu_restart(void)
{
	uint64_t mpidr = cpu_mpidr(1);

	if (cpu_count() < 2)
		return;
	for (unsigned int round = 1; round <= RESTARTS; round++) {
		uint64_t tag = 0xc0de00 + round, end, sctlr, context;
		int err, state;

		partner_hello = false;
		partner_go = false;
		err = cpu_start_tagged(1, partner, NULL, tag);
		end = timer_now() + timer_us_to_ticks(WAIT_US);
		while (!partner_hello && timer_now() < end)
			;
		sctlr = cpu_entry_sctlr(1);
		context = cpu_entry_context(1);
		printf("psci: restart %u: CPU_ON = %d, entered with SCTLR_EL1=0x%llx x0=0x%llx\n",
		       round, err, (unsigned long long)sctlr, (unsigned long long)context);
		check(err == PSCI_SUCCESS && partner_hello,
		      "CPU_ON after CPU_OFF starts vCPU 1 again");
		check(partner_hello && (sctlr & (SCTLR_M | SCTLR_C)) == 0,
		      "vCPU 1 re-entered with MMU and data cache off (SCTLR_EL1.M, .C = 0)");
		check(partner_hello && context == (1 | tag << 8),
		      "vCPU 1 re-entered with the new context id in x0");
		partner_go = true;
		state = wait_affinity(mpidr, PSCI_AFFINITY_OFF);
		check(state == PSCI_AFFINITY_OFF, "vCPU 1 is OFF again after CPU_OFF");
		if (!partner_hello || state != PSCI_AFFINITY_OFF)
			return;
	}
}

/*
 * Without a hypervisor at EL2, QEMU's built-in PSCI takes only the ids it knows and leaves
 * other HVCs UNDEFINED (there is no EL2 to take them); a hypervisor must answer -1.
 */
static void test_unknown(void)
{
	struct fault_info fi;
	uint64_t ret;

	fault_catch_begin();
	ret = psci_call(PSCI_UNKNOWN_FN, 0, 0, 0);
	if (fault_catch_end(&fi)) {
		printf("psci: function 0x%x raised %s (ESR=0x%llx)\n", PSCI_UNKNOWN_FN,
		       esr_class_name(fi.esr), (unsigned long long)fi.esr);
		if (rt_platform.hypervisor)
			check(false, "unknown function id answers NOT_SUPPORTED");
		else
			printf("psci: SKIP: unknown function id (no hypervisor: the HVC is "
			       "UNDEFINED)\n");
		return;
	}
	printf("psci: function 0x%x = %d\n", PSCI_UNKNOWN_FN, (int)(int32_t)ret);
	check((int32_t)ret == PSCI_NOT_SUPPORTED, "unknown function id answers NOT_SUPPORTED");
}

int main(void)
{
	test_version();
	test_cpu_on_off();
	test_cpu_restart();
	test_unknown();
	printf("psci: %u check(s) failed\n", failures);
	printf("psci: done\n");
	printf("psci: SYSTEM_OFF\n");
	udelay(1000); /* let the UART drain */
	psci_system_off();
}
