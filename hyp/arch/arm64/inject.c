// SPDX-License-Identifier: Apache-2.0
/*
 * Exception injection into an AArch64 EL1 guest (Arm ARM D1.10 exception entry): the state
 * the hardware would produce is written to the guest's EL1 registers, which are live on
 * this pCPU, and the guest resumes at its vector. The exception may come from the guest's
 * EL1, its AArch64 EL0 or an AArch32 EL0 task (EL1 is always AArch64: HCR_EL2.RW).
 */
#include <asm/guest_trap.h>
#include <asm/sysreg.h>
#include <tessera/domain.h>
#include <tessera/printk.h>

#define EC_UNKNOWN	   0x00
#define EC_IABT_LOW	   0x20
#define EC_IABT_CUR	   0x21
#define EC_DABT_LOW	   0x24
#define EC_DABT_CUR	   0x25
#define FSC_SYNC_EXTERNAL  0x10
#define ESR_IL_BIT	   (1UL << 25)
#define ESR_WNR_BIT	   (1UL << 6) /* data aborts: the access was a write (D23.2.41.6) */
#define PSTATE_MODE_MASK   0xfUL
#define PSTATE_EL0T	   0x0UL
#define PSTATE_EL1T	   0x4UL
#define PSTATE_EL1H_MASKED 0x3c5UL
#define PSTATE_AARCH32	   (1UL << 4)

/*
 * Vector offsets (D1.10.2): current EL with SP_EL0 (0x000), with SP_ELx (0x200), lower EL
 * using AArch64 (0x400), lower EL using AArch32 (0x600). With EL1 in AArch64, AArch32 can
 * only be EL0 (an exception return to AArch32 EL1 is an illegal return, D1.11.4).
 */
uint64_t inject_vector_offset(uint64_t pstate)
{
	if (pstate & PSTATE_AARCH32)
		return 0x600;
	switch (pstate & PSTATE_MODE_MASK) {
	case PSTATE_EL0T:
		return 0x400;
	case PSTATE_EL1T:
		return 0x000;
	default:
		return 0x200;
	}
}

static void inject(struct vcpu *v, uint64_t esr, uint64_t far, bool set_far)
{
	uint64_t vbar = read_sysreg(vbar_el1);
	uint64_t pstate = v->arch.regs.spsr;
	uint64_t target;

	/* SPSR_EL1 takes PSTATE as it was, in the format of the state it was in: an AArch32
	 * task's (M[4] = 1, T, IT, mode) unchanged (D1.10.3, "SPSR_EL1 for AArch32"). */
	target = vbar + inject_vector_offset(pstate);
	if (vbar == 0 || v->arch.regs.elr == target) {
		domain_crash(v->domain, "vCPU%u cannot take an exception (ESR 0x%llx at 0x%llx)",
			     v->id, (unsigned long long)esr, (unsigned long long)v->arch.regs.elr);
		return;
	}
	write_sysreg(v->arch.regs.elr, elr_el1);
	write_sysreg(pstate, spsr_el1);
	write_sysreg(esr, esr_el1);
	if (set_far)
		write_sysreg(far, far_el1);
	v->arch.regs.elr = target;
	v->arch.regs.spsr = PSTATE_EL1H_MASKED;
}

/* From EL0: AArch64 EL0t, or any AArch32 state (only EL0 can be AArch32 here). */
static bool from_el0(const struct vcpu *v)
{
	uint64_t pstate = v->arch.regs.spsr;

	return (pstate & PSTATE_AARCH32) != 0 || (pstate & PSTATE_MODE_MASK) == PSTATE_EL0T;
}

void inject_undef(struct vcpu *v)
{
	// cppcheck-suppress badBitmaskCheck ; EC_UNKNOWN is 0, named for the reader
	inject(v, (uint64_t)EC_UNKNOWN << ESR_EC_SHIFT | ESR_IL_BIT, 0, false);
}

void inject_data_abort(struct vcpu *v, uint64_t far, bool write)
{
	uint64_t ec = from_el0(v) ? EC_DABT_LOW : EC_DABT_CUR;

	inject(v, ec << ESR_EC_SHIFT | ESR_IL_BIT | (write ? ESR_WNR_BIT : 0) | FSC_SYNC_EXTERNAL,
	       far, true);
}

void inject_instr_abort(struct vcpu *v, uint64_t far)
{
	uint64_t ec = from_el0(v) ? EC_IABT_LOW : EC_IABT_CUR;

	inject(v, ec << ESR_EC_SHIFT | ESR_IL_BIT | FSC_SYNC_EXTERNAL, far, true);
}
