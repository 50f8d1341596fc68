// SPDX-License-Identifier: Apache-2.0
/*
 * vCPU architectural state: reset values, and moving EL1 state between a vCPU and the CPU.
 * With HCR_EL2.E2H = 0, the *_EL1 registers written here at EL2 are the guest's own.
 */
#include <asm/sysreg.h>
#include <asm/vcpu.h>
#include <string.h>

/* HCR_EL2 for an AArch64 EL1 guest (Arm ARM D23.2.52). */
#define HCR_VM	   (UL(1) << 0) /* stage-2 translation */
#define HCR_SWIO   (UL(1) << 1) /* set/way invalidate as clean+invalidate */
#define HCR_FB	   (UL(1) << 9) /* broadcast TLB and I-cache maintenance */
#define HCR_BSU_IS (UL(1) << 10)
#define HCR_TWI	   (UL(1) << 13)
#define HCR_TWE	   (UL(1) << 14)
#define HCR_TID3   (UL(1) << 18) /* ID register reads trap: the PMU is hidden (vcpu_debug.c) */
#define HCR_TSC	   (UL(1) << 19) /* SMC traps: PSCI over SMC is emulated */
#define HCR_TIDCP  (UL(1) << 20) /* implementation-defined system registers trap */
#define HCR_TACR   (UL(1) << 21) /* ACTLR_EL1 traps */
#define HCR_GUEST                                                                           \
	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_IS | HCR_TID3 | \
	 HCR_TSC | HCR_TIDCP | HCR_TACR | HCR_RW)

/* SCTLR_EL1 as after reset: MMU and caches off, RES1 bits 29, 28, 23, 22, 20, 11. */
#define SCTLR_EL1_RESET 0x30d00800UL
/* PSTATE for entry: EL1 using SP_EL1, D, A, I, F masked. */
#define PSTATE_EL1H_MASKED 0x3c5UL

void vcpu_arch_reset(struct vcpu_arch *a, unsigned int vcpu_id, uint64_t entry, uint64_t arg,
		     bool trap_wfi)
{
	memset(a, 0, sizeof(*a));
	a->regs.x[0] = arg;
	a->regs.elr = entry;
	a->regs.spsr = PSTATE_EL1H_MASKED;
	a->sys.sctlr_el1 = SCTLR_EL1_RESET;
	vcpu_debug_reset(&a->dbg);
	/* MPIDR: bit 31 RES1; Aff0 = id % 16 and Aff1 = id / 16, as Xen numbers vCPUs, so a GICv3
	 * SGI target list (16 per cluster) can reach every vCPU. */
	a->sys.vmpidr_el2 = (1UL << 31) | (vcpu_id & 0xf) | ((uint64_t)(vcpu_id >> 4) & 0xff) << 8;
	a->sys.vpidr_el2 = read_sysreg(midr_el1);
	a->hcr = HCR_GUEST | (trap_wfi ? (HCR_TWI | HCR_TWE) : 0);
}

void vcpu_arch_load(const struct vcpu_arch *a)
{
	const struct vcpu_sysregs *s = &a->sys;

	write_sysreg(s->vmpidr_el2, vmpidr_el2);
	write_sysreg(s->vpidr_el2, vpidr_el2);
	write_sysreg(s->sctlr_el1, sctlr_el1);
	write_sysreg(s->cpacr_el1, cpacr_el1);
	write_sysreg(s->ttbr0_el1, ttbr0_el1);
	write_sysreg(s->ttbr1_el1, ttbr1_el1);
	write_sysreg(s->tcr_el1, tcr_el1);
	write_sysreg(s->esr_el1, esr_el1);
	write_sysreg(s->afsr0_el1, afsr0_el1);
	write_sysreg(s->afsr1_el1, afsr1_el1);
	write_sysreg(s->far_el1, far_el1);
	write_sysreg(s->mair_el1, mair_el1);
	write_sysreg(s->amair_el1, amair_el1);
	write_sysreg(s->vbar_el1, vbar_el1);
	write_sysreg(s->contextidr_el1, contextidr_el1);
	write_sysreg(s->tpidr_el0, tpidr_el0);
	write_sysreg(s->tpidrro_el0, tpidrro_el0);
	write_sysreg(s->tpidr_el1, tpidr_el1);
	write_sysreg(s->sp_el0, sp_el0);
	write_sysreg(s->sp_el1, sp_el1);
	write_sysreg(s->elr_el1, elr_el1);
	write_sysreg(s->spsr_el1, spsr_el1);
	write_sysreg(s->par_el1, par_el1);
	write_sysreg(s->cntkctl_el1, cntkctl_el1);
	write_sysreg(s->csselr_el1, csselr_el1);
	write_sysreg(s->mdscr_el1, mdscr_el1);
	write_sysreg(s->cntv_cval_el0, cntv_cval_el0);
	write_sysreg(s->cntv_ctl_el0, cntv_ctl_el0);
	write_sysreg(a->hcr, hcr_el2);
	vcpu_debug_load(&a->dbg);
	fpsimd_restore(&a->fp);
	isb();
}

void vcpu_arch_save(struct vcpu_arch *a)
{
	struct vcpu_sysregs *s = &a->sys;

	s->sctlr_el1 = read_sysreg(sctlr_el1);
	s->cpacr_el1 = read_sysreg(cpacr_el1);
	s->ttbr0_el1 = read_sysreg(ttbr0_el1);
	s->ttbr1_el1 = read_sysreg(ttbr1_el1);
	s->tcr_el1 = read_sysreg(tcr_el1);
	s->esr_el1 = read_sysreg(esr_el1);
	s->afsr0_el1 = read_sysreg(afsr0_el1);
	s->afsr1_el1 = read_sysreg(afsr1_el1);
	s->far_el1 = read_sysreg(far_el1);
	s->mair_el1 = read_sysreg(mair_el1);
	s->amair_el1 = read_sysreg(amair_el1);
	s->vbar_el1 = read_sysreg(vbar_el1);
	s->contextidr_el1 = read_sysreg(contextidr_el1);
	s->tpidr_el0 = read_sysreg(tpidr_el0);
	s->tpidrro_el0 = read_sysreg(tpidrro_el0);
	s->tpidr_el1 = read_sysreg(tpidr_el1);
	s->sp_el0 = read_sysreg(sp_el0);
	s->sp_el1 = read_sysreg(sp_el1);
	s->elr_el1 = read_sysreg(elr_el1);
	s->spsr_el1 = read_sysreg(spsr_el1);
	s->par_el1 = read_sysreg(par_el1);
	s->cntkctl_el1 = read_sysreg(cntkctl_el1);
	s->csselr_el1 = read_sysreg(csselr_el1);
	s->mdscr_el1 = read_sysreg(mdscr_el1);
	s->cntv_ctl_el0 = read_sysreg(cntv_ctl_el0);
	s->cntv_cval_el0 = read_sysreg(cntv_cval_el0);
	vcpu_debug_save(&a->dbg);
	fpsimd_save(&a->fp);
}
