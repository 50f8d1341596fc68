// SPDX-License-Identifier: Apache-2.0
/*
 * Self-hosted debug and the PMU for guests (Arm ARM D2, D11; MDCR_EL2 D23.2.80).
 *
 * Debug: each vCPU has its own breakpoints, watchpoints, OS lock, claim tags and DCC
 * interrupt enable, saved and loaded with the rest of its EL1 state, so a guest's debugger
 * works and nothing it leaves in them reaches the next vCPU on the pCPU.
 *
 * PMU: hidden, as Xen 4.17 hides it from a domU without vpmu. MDCR_EL2.TPM and TPMCR trap
 * every guest access to the PMU to EL2, where it is UNDEFINED, as on a CPU without one;
 * HCR_EL2.TID3 traps the ID registers so that they agree (ID_AA64DFR0_EL1.PMUVer and
 * ID_DFR0_EL1.PerfMon read 0, and the multi-threaded PMU fields MTPMU too), and the guest device
 * tree names no PMU. So no guest reads or leaves counter state, and none counts what runs at EL2;
 * MDCR_EL2.HPMD (FEAT_PMUv3p1) and HCCD (FEAT_PMUv3p5) also prohibit counting at EL2 where they
 * exist. Statistical profiling (SPE), where implemented, is hidden the same way.
 */
#include <asm/guest_trap.h>
#include <asm/sysreg.h>
#include <asm/vcpu.h>
#include <tessera/domain.h>

/* MDCR_EL2 (D23.2.80). */
#define MDCR_HPMN_MASK 0x1fUL
#define MDCR_TPMCR     (UL(1) << 5)
#define MDCR_TPM       (UL(1) << 6)
#define MDCR_TPMS      (UL(1) << 14)
#define MDCR_HPMD      (UL(1) << 17)
#define MDCR_HCCD      (UL(1) << 23)

/* ID_AA64DFR0_EL1 (D23.2.60): PMUVer [11:8], BRPs [15:12], WRPs [23:20]. */
#define DFR0_PMUVER(r)	     (((r) >> 8) & 0xf)
#define DFR0_PMUVER_MASK     (UL(0xf) << 8)
#define DFR0_BRPS(r)	     ((unsigned int)(((r) >> 12) & 0xf) + 1)
#define DFR0_WRPS(r)	     ((unsigned int)(((r) >> 20) & 0xf) + 1)
#define PMUVER_V3	     0x1
#define PMUVER_V3P1	     0x4
#define PMUVER_V3P5	     0x6
#define PMUVER_IMPDEF	     0xf
#define DFR0_PMSVER(r)	     (((r) >> 32) & 0xf) /* SPE */
#define DFR0_PMSVER_MASK     (UL(0xf) << 32)
#define DFR0_MTPMU_MASK	     (UL(0xf) << 48) /* ID_AA64DFR0_EL1.MTPMU: a PMU feature */
#define ID_DFR0_PERFMON_MASK (UL(0xf) << 24) /* ID_DFR0_EL1.PerfMon (D23.2.73) */
#define ID_DFR1_MTPMU_MASK   UL(0xf)	     /* ID_DFR1_EL1.MTPMU */

#define PMCR_N(r)  (((r) >> 11) & 0x1f) /* PMCR_EL0.N: event counters (D23.5.7) */
#define OSLSR_OSLK (UL(1) << 1)		/* OSLSR_EL1.OSLK: the OS lock is locked */
#define CLAIM_ALL  0xffUL

/* An architected PMUv3 (not absent, not IMPLEMENTATION DEFINED). */
static bool pmu_v3(uint64_t dfr0)
{
	return DFR0_PMUVER(dfr0) >= PMUVER_V3 && DFR0_PMUVER(dfr0) != PMUVER_IMPDEF;
}

uint64_t vcpu_debug_mdcr(void)
{
	uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);
	uint64_t mdcr = 0;

	/* TPM, TPMCR, HPMN, HPMD are RES0 without FEAT_PMUv3. Every counter stays in the
	 * guest's range (HPMN = N): EL2 reserves none and uses none. */
	if (pmu_v3(dfr0)) {
		mdcr = (PMCR_N(read_sysreg(pmcr_el0)) & MDCR_HPMN_MASK) | MDCR_TPM | MDCR_TPMCR;
		if (DFR0_PMUVER(dfr0) >= PMUVER_V3P1)
			mdcr |= MDCR_HPMD;
		if (DFR0_PMUVER(dfr0) >= PMUVER_V3P5)
			mdcr |= MDCR_HCCD;
	}
	/* The Statistical Profiling Extension is hidden too: E2PB = 0b00 keeps its buffer at
	 * EL2 (EL1 accesses trap), TPMS traps its sampling controls (RES0 without SPE). */
	if (DFR0_PMSVER(dfr0) != 0U)
		mdcr |= MDCR_TPMS;
	return mdcr;
}

void vcpu_debug_reset(struct vcpu_debug *d)
{
	/* Breakpoints and watchpoints disabled; the OS lock locked, as after a cold reset
	 * (OSLSR_EL1.OSLK resets to 1, D23.3.30); Linux unlocks it as it brings a CPU up. */
	*d = (struct vcpu_debug){ .oslsr = OSLSR_OSLK };
}

/*
 * DBGB{V,C}R<n>_EL1 and DBGW{V,C}R<n>_EL1 for n below the number implemented (nb, nw):
 * n names the register, i (the same number) indexes the saved copy.
 */
#define BP_SAVE(n, i)                                             \
	do {                                                      \
		if ((i) < nb) {                                   \
			d->bvr[i] = read_sysreg(dbgbvr##n##_el1); \
			d->bcr[i] = read_sysreg(dbgbcr##n##_el1); \
		}                                                 \
		if ((i) < nw) {                                   \
			d->wvr[i] = read_sysreg(dbgwvr##n##_el1); \
			d->wcr[i] = read_sysreg(dbgwcr##n##_el1); \
		}                                                 \
	} while (0)
#define BP_LOAD(n, i)                                             \
	do {                                                      \
		if ((i) < nb) {                                   \
			write_sysreg(d->bvr[i], dbgbvr##n##_el1); \
			write_sysreg(d->bcr[i], dbgbcr##n##_el1); \
		}                                                 \
		if ((i) < nw) {                                   \
			write_sysreg(d->wvr[i], dbgwvr##n##_el1); \
			write_sysreg(d->wcr[i], dbgwcr##n##_el1); \
		}                                                 \
	} while (0)

void vcpu_debug_save(struct vcpu_debug *d)
{
	uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);
	unsigned int nb = DFR0_BRPS(dfr0), nw = DFR0_WRPS(dfr0);

	BP_SAVE(0, 0U);
	BP_SAVE(1, 1U);
	BP_SAVE(2, 2U);
	BP_SAVE(3, 3U);
	BP_SAVE(4, 4U);
	BP_SAVE(5, 5U);
	BP_SAVE(6, 6U);
	BP_SAVE(7, 7U);
	BP_SAVE(8, 8U);
	BP_SAVE(9, 9U);
	BP_SAVE(10, 10U);
	BP_SAVE(11, 11U);
	BP_SAVE(12, 12U);
	BP_SAVE(13, 13U);
	BP_SAVE(14, 14U);
	BP_SAVE(15, 15U);
	d->oslsr = read_sysreg(oslsr_el1);
	d->claim = read_sysreg(dbgclaimclr_el1);
	d->mdccint = read_sysreg(mdccint_el1);
}

void vcpu_debug_load(const struct vcpu_debug *d)
{
	uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);
	unsigned int nb = DFR0_BRPS(dfr0), nw = DFR0_WRPS(dfr0);

	BP_LOAD(0, 0U);
	BP_LOAD(1, 1U);
	BP_LOAD(2, 2U);
	BP_LOAD(3, 3U);
	BP_LOAD(4, 4U);
	BP_LOAD(5, 5U);
	BP_LOAD(6, 6U);
	BP_LOAD(7, 7U);
	BP_LOAD(8, 8U);
	BP_LOAD(9, 9U);
	BP_LOAD(10, 10U);
	BP_LOAD(11, 11U);
	BP_LOAD(12, 12U);
	BP_LOAD(13, 13U);
	BP_LOAD(14, 14U);
	BP_LOAD(15, 15U);
	write_sysreg((d->oslsr & OSLSR_OSLK) != 0 ? 1 : 0, oslar_el1);
	write_sysreg(CLAIM_ALL, dbgclaimclr_el1);
	write_sysreg(d->claim & CLAIM_ALL, dbgclaimset_el1);
	write_sysreg(d->mdccint, mdccint_el1);
	if (pmu_v3(dfr0))
		write_sysreg(0, pmuserenr_el0); /* EL0 PMU access UNDEFINED, as without a PMU */
	write_sysreg(vcpu_debug_mdcr(), mdcr_el2);
}

/*
 * Reads of the ID registers (HCR_EL2.TID3 traps op0 = 3, op1 = 0, CRn = 0, CRm = 1..7,
 * D23.2.52): the hardware's values, with the PMU taken out. Each is read by its encoding
 * (the assembler's S3_0_C0_Cm_op2 form); those not listed read as 0, as the reserved
 * encodings of the ID space do (D23.3.1), and are never executed at EL2, where an encoding
 * the CPU lacks could be UNDEFINED.
 */
#define ID_KEY(crm, op2)  ((crm)*8U + (op2))
#define ID_READ(crm, op2) read_sysreg(s3_0_c0_c##crm##_##op2)

static uint64_t id_reg_read(unsigned int crm, unsigned int op2)
{
	uint64_t value = 0;

	/* AArch32: ID_PFR0-2, ID_DFR0/1, ID_AFR0, ID_MMFR0-5, ID_ISAR0-6, MVFR0-2; AArch64:
	 * ID_AA64PFR0-2, ZFR0, SMFR0, DFR0/1, AFR0/1, ISAR0-2, MMFR0-4 (Arm ARM D23.3.1). */
	switch (ID_KEY(crm, op2)) {
	case ID_KEY(1U, 0U):
		value = ID_READ(1, 0);
		break;
	case ID_KEY(1U, 1U):
		value = ID_READ(1, 1);
		break;
	case ID_KEY(1U, 2U):
		value = ID_READ(1, 2);
		break;
	case ID_KEY(1U, 3U):
		value = ID_READ(1, 3);
		break;
	case ID_KEY(1U, 4U):
		value = ID_READ(1, 4);
		break;
	case ID_KEY(1U, 5U):
		value = ID_READ(1, 5);
		break;
	case ID_KEY(1U, 6U):
		value = ID_READ(1, 6);
		break;
	case ID_KEY(1U, 7U):
		value = ID_READ(1, 7);
		break;
	case ID_KEY(2U, 0U):
		value = ID_READ(2, 0);
		break;
	case ID_KEY(2U, 1U):
		value = ID_READ(2, 1);
		break;
	case ID_KEY(2U, 2U):
		value = ID_READ(2, 2);
		break;
	case ID_KEY(2U, 3U):
		value = ID_READ(2, 3);
		break;
	case ID_KEY(2U, 4U):
		value = ID_READ(2, 4);
		break;
	case ID_KEY(2U, 5U):
		value = ID_READ(2, 5);
		break;
	case ID_KEY(2U, 6U):
		value = ID_READ(2, 6);
		break;
	case ID_KEY(2U, 7U):
		value = ID_READ(2, 7);
		break;
	case ID_KEY(3U, 0U):
		value = ID_READ(3, 0);
		break;
	case ID_KEY(3U, 1U):
		value = ID_READ(3, 1);
		break;
	case ID_KEY(3U, 2U):
		value = ID_READ(3, 2);
		break;
	case ID_KEY(3U, 4U):
		value = ID_READ(3, 4);
		break;
	case ID_KEY(3U, 5U):
		value = ID_READ(3, 5);
		break;
	case ID_KEY(3U, 6U):
		value = ID_READ(3, 6);
		break;
	case ID_KEY(4U, 0U):
		value = ID_READ(4, 0);
		break;
	case ID_KEY(4U, 1U):
		value = ID_READ(4, 1);
		break;
	case ID_KEY(4U, 2U):
		value = ID_READ(4, 2);
		break;
	case ID_KEY(4U, 4U):
		value = ID_READ(4, 4);
		break;
	case ID_KEY(4U, 5U):
		value = ID_READ(4, 5);
		break;
	case ID_KEY(5U, 0U):
		value = ID_READ(5, 0);
		break;
	case ID_KEY(5U, 1U):
		value = ID_READ(5, 1);
		break;
	case ID_KEY(5U, 4U):
		value = ID_READ(5, 4);
		break;
	case ID_KEY(5U, 5U):
		value = ID_READ(5, 5);
		break;
	case ID_KEY(6U, 0U):
		value = ID_READ(6, 0);
		break;
	case ID_KEY(6U, 1U):
		value = ID_READ(6, 1);
		break;
	case ID_KEY(6U, 2U):
		value = ID_READ(6, 2);
		break;
	case ID_KEY(7U, 0U):
		value = ID_READ(7, 0);
		break;
	case ID_KEY(7U, 1U):
		value = ID_READ(7, 1);
		break;
	case ID_KEY(7U, 2U):
		value = ID_READ(7, 2);
		break;
	case ID_KEY(7U, 3U):
		value = ID_READ(7, 3);
		break;
	case ID_KEY(7U, 4U):
		value = ID_READ(7, 4);
		break;
		/* AArch32: ID_PFR0/1, ID_DFR0, ID_AFR0, ID_MMFR0-3, ID_ISAR0-5, ID_MMFR4, MVFR0-2
		 */
	default:
		break;
	}
	if (crm == 5U && op2 == 0U)
		value &= ~(DFR0_PMUVER_MASK | DFR0_PMSVER_MASK | DFR0_MTPMU_MASK); /* ID_AA64DFR0 */
	if (crm == 1U && op2 == 2U)
		value &= ~ID_DFR0_PERFMON_MASK; /* ID_DFR0_EL1 */
	if (crm == 3U && op2 == 5U)
		value &= ~ID_DFR1_MTPMU_MASK; /* ID_DFR1_EL1 */
	return value;
}

/* System register trap ISS (D23.2.41.12): Op0 [21:20], Op2 [19:17], Op1 [16:14],
 * CRn [13:10], Rt [9:5], CRm [4:1], direction [0] (1 = read). */
bool vcpu_debug_trap_id_reg(struct vcpu *v, uint32_t iss)
{
	unsigned int op0 = (iss >> 20) & 3U, op2 = (iss >> 17) & 7U, op1 = (iss >> 14) & 7U;
	unsigned int crn = (iss >> 10) & 15U, rt = (iss >> 5) & 31U, crm = (iss >> 1) & 15U;

	if (op0 != 3U || op1 != 0U || crn != 0U || crm < 1U || crm > 7U || (iss & 1U) == 0U)
		return false;
	if (rt != 31U)
		v->arch.regs.x[rt] = id_reg_read(crm, op2);
	v->arch.regs.elr += guest_trap_insn_len(v->arch.regs.esr);
	return true;
}
