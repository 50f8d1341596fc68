// SPDX-License-Identifier: Apache-2.0
/*
 * pmu_debug: proves that the PMU and the debug registers are a guest's own.
 *   - PMU: either ID_AA64DFR0_EL1.PMUVer says there is none, ID_DFR0_EL1.PerfMon agrees and
 *     PMCR_EL0 is UNDEFINED (hidden, as Xen hides it from a domU); or there is one, and its
 *     cycle counter, filtered to count only at EL2 (PMCCFILTR_EL0 P, U, NSK, NSU set, NSH
 *     set; Arm ARM D23.5.3), does not move across 100 PSCI_VERSION calls (what the hypervisor
 *     does is not the guest's to count);
 *   - debug: breakpoint 0 and watchpoint 0 (DBGBVR0/DBGBCR0, DBGWVR0/DBGWCR0) read as reset
 *     (0) when it starts; then it writes marks in them (disabled: E = 0, nothing fires) and
 *     with reboot=1 reboots (PSCI SYSTEM_RESET), so that its next boot on the same pCPU
 *     checks they did not survive into the new domain; otherwise it powers off.
 */
#include <guest.h>

#define HVC_CALLS     100
#define PMUVER(dfr0)  (((dfr0) >> 8) & 0xf)
#define PERFMON(dfr0) (((dfr0) >> 24) & 0xf)
#define PMCR_E	      (1UL << 0)
#define PMCR_C	      (1UL << 2)
#define PMCNTEN_C     (1UL << 31)
/* PMCCFILTR_EL0: not at EL1 (P), EL0 (U), nor their non-secure twins; at EL2 (NSH). */
#define PMCCFILTR_EL2_ONLY ((1UL << 31) | (1UL << 30) | (1UL << 29) | (1UL << 28) | (1UL << 27))
#define BVR_MARK	   0x40001234UL
#define WVR_MARK	   0x40005678UL
#define BCR_MARK	   0x1e6UL  /* BAS = 0xf, PMC = 0b11, E = 0: configured, disabled */
#define WCR_MARK	   0x1ff6UL /* BAS = 0xff, LSC = 0b11, PAC = 0b11, E = 0 */

static unsigned int failures;

static void check(bool ok, const char *what)
{
	printf("%s: pmu_debug: %s\n", ok ? "PASS" : "FAIL", what);
	if (!ok)
		failures++;
}

static void test_pmu(void)
{
	uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1), dfr0_32 = read_sysreg(id_dfr0_el1);
	uint64_t c0, c1;
	struct fault_info fi;
	bool undef;

	printf("pmu_debug: ID_AA64DFR0_EL1.PMUVer=%llu ID_DFR0_EL1.PerfMon=%llu\n",
	       (unsigned long long)PMUVER(dfr0), (unsigned long long)PERFMON(dfr0_32));
	if (PMUVER(dfr0) == 0 || PMUVER(dfr0) == 0xf) {
		check(PERFMON(dfr0_32) == 0 || PERFMON(dfr0_32) == 0xf,
		      "ID_DFR0_EL1.PerfMon agrees: no PMU");
		fault_catch_begin();
		(void)read_sysreg(pmcr_el0);
		undef = fault_catch_end(&fi) && ESR_EC(fi.esr) == ESR_EC_UNKNOWN;
		check(undef, "without a PMU, PMCR_EL0 is UNDEFINED");
		return;
	}
	write_sysreg(PMCCFILTR_EL2_ONLY, pmccfiltr_el0);
	write_sysreg(PMCNTEN_C, pmcntenset_el0);
	write_sysreg(PMCR_E | PMCR_C, pmcr_el0);
	isb();
	c0 = read_sysreg(pmccntr_el0);
	for (unsigned int i = 0; i < HVC_CALLS; i++)
		(void)psci_version();
	isb();
	c1 = read_sysreg(pmccntr_el0);
	write_sysreg(0, pmcr_el0);
	write_sysreg(PMCNTEN_C, pmcntenclr_el0);
	printf("pmu_debug: cycles counted at EL2 over %u PSCI calls: %llu\n", HVC_CALLS,
	       (unsigned long long)(c1 - c0));
	check(c1 == c0, "the cycle counter does not count what runs at EL2");
}

static void test_debug(void)
{
	uint64_t bvr = read_sysreg(dbgbvr0_el1), bcr = read_sysreg(dbgbcr0_el1);
	uint64_t wvr = read_sysreg(dbgwvr0_el1), wcr = read_sysreg(dbgwcr0_el1);

	printf("pmu_debug: at start DBGBVR0=0x%llx DBGBCR0=0x%llx DBGWVR0=0x%llx DBGWCR0=0x%llx\n",
	       (unsigned long long)bvr, (unsigned long long)bcr, (unsigned long long)wvr,
	       (unsigned long long)wcr);
	check(bvr == 0 && bcr == 0 && wvr == 0 && wcr == 0,
	      "breakpoint 0 and watchpoint 0 read as reset at start");
	write_sysreg(BVR_MARK, dbgbvr0_el1);
	write_sysreg(BCR_MARK, dbgbcr0_el1);
	write_sysreg(WVR_MARK, dbgwvr0_el1);
	write_sysreg(WCR_MARK, dbgwcr0_el1);
	isb();
	check(read_sysreg(dbgbvr0_el1) == BVR_MARK && read_sysreg(dbgwvr0_el1) == WVR_MARK,
	      "breakpoint 0 and watchpoint 0 keep what the guest writes");
}

int main(void)
{
	bool reboot = bootarg_ulong("reboot", 0) != 0;

	test_pmu();
	test_debug();
	printf("pmu_debug: %u check(s) failed\n", failures);
	printf("pmu_debug: done\n");
	udelay(1000); /* let the UART drain */
	if (reboot)
		psci_system_reset();
	psci_system_off();
}
