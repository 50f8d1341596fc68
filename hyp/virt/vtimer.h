/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A vCPU's EL1 timers (Arm ARM D11.2, "The AArch64 view of the Generic Timer"), each a level
 * interrupt whose line is high while the timer is enabled, its condition met and it is not
 * masked (CNTx_CTL: ENABLE, ISTATUS, not IMASK).
 *
 * The virtual timer (CNTV_*, PPI 27): guests program it directly. Its output is sampled after
 * every exit and when its physical PPI interrupts Tessera; while it is high the virtual PPI's
 * line is high and the physical PPI is disabled at the GIC (it would interrupt Tessera again
 * and again), so the guest's own CNTV_CTL is never touched. The list register asks for a
 * maintenance interrupt when the guest deactivates it (every level interrupt does), which is
 * an exit: the output is sampled again there. A guest that masks the timer and unmasks
 * PSTATE.I with no exit in between (nothing of that traps) can still take one stale interrupt.
 *
 * The EL1 physical timer (CNTP_*, PPI 30): its accesses trap (CNTHCTL_EL2.EL1PCEN = 0) and
 * are emulated here; a Tessera timer on the vCPU's pCPU fires at CVAL. Its counter is
 * CNTPCT_EL0 itself, which guests read without a trap (EL1PCTEN = 1): offset 0, as the
 * architecture has it for the physical timer (D11.2.4) and as Xen presents it since its
 * domain-boot offset was removed in 2020 ("xen/arm: remove physical timer offset").
 */
#ifndef VIRT_VTIMER_H
#define VIRT_VTIMER_H

#include <tessera/timer.h>
#include <tessera/types.h>

/* The CNTP registers by their Op2 (CRn 14, CRm 2). */
#define VTIMER_CNTP_TVAL 0U
#define VTIMER_CNTP_CTL	 1U
#define VTIMER_CNTP_CVAL 2U

struct vcpu;

struct vtimer {
	bool virt_high;		 /* CNTV's output as last sampled (its physical PPI disabled) */
	uint64_t phys_ctl;	 /* CNTP_CTL_EL0: ENABLE and IMASK as the guest wrote them */
	uint64_t phys_cval;	 /* CNTP_CVAL_EL0 */
	struct timer phys_timer; /* fires at phys_cval while enabled, unmasked and not met */
};

void vtimer_init(void);	    /* boot CPU: registers the handler */
void vtimer_init_cpu(void); /* every pCPU: enables the PPI */
void vtimer_vcpu_init(struct vcpu *v);
/* Before v is freed, on its pCPU: its physical timer stops. */
void vtimer_vcpu_leave(struct vcpu *v);
/* After every exit of v, on its pCPU: the virtual timer's output sampled. */
void vtimer_sync(struct vcpu *v);
/* v's timer state was saved: stop the hardware timer firing for it. */
void vtimer_vcpu_put(struct vcpu *v);
/* A trapped access to CNTP_<reg>_EL0 (reg: VTIMER_CNTP_*): reads fill *value. */
void vtimer_phys_access(struct vcpu *v, unsigned int reg, bool read, uint64_t *value);

#endif
