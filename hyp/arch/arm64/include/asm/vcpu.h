/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A vCPU's architectural state: general registers (in the exception-frame layout entry.S
 * uses), EL1 system registers, FP/SIMD, virtual timer, and the EL2 controls set per vCPU.
 */
#ifndef ASM_VCPU_H
#define ASM_VCPU_H

#include <asm/regs.h>

/* Exit codes guest_enter() returns. */
#define GUEST_EXIT_SYNC	   1
#define GUEST_EXIT_IRQ	   2
#define GUEST_EXIT_FIQ	   3
#define GUEST_EXIT_SERROR  4
#define GUEST_EXIT_AARCH32 5

#ifndef __ASSEMBLY__
#include <tessera/types.h>

struct vcpu_sysregs {
	uint64_t sctlr_el1, cpacr_el1, ttbr0_el1, ttbr1_el1, tcr_el1;
	uint64_t esr_el1, afsr0_el1, afsr1_el1, far_el1, mair_el1, amair_el1;
	uint64_t vbar_el1, contextidr_el1, tpidr_el0, tpidrro_el0, tpidr_el1;
	uint64_t sp_el0, sp_el1, elr_el1, spsr_el1, par_el1, cntkctl_el1, csselr_el1;
	uint64_t mdscr_el1;
	uint64_t cntv_ctl_el0, cntv_cval_el0;
	uint64_t vmpidr_el2, vpidr_el2;
};

struct vcpu_fpsimd {
	uint64_t q[64]; /* q0..q31, two words each */
	uint64_t fpsr, fpcr;
};

/* Self-hosted debug state (vcpu_debug.c): up to 16 breakpoints and 16 watchpoints. */
#define VCPU_DEBUG_PAIRS 16
struct vcpu_debug {
	uint64_t bvr[VCPU_DEBUG_PAIRS], bcr[VCPU_DEBUG_PAIRS];
	uint64_t wvr[VCPU_DEBUG_PAIRS], wcr[VCPU_DEBUG_PAIRS];
	uint64_t oslsr, claim, mdccint;
};

struct vcpu_arch {
	struct cpu_regs regs; /* x0-x30, elr = guest PC, spsr = guest PSTATE, esr/far of the exit */
	uint64_t hpfar;	      /* HPFAR_EL2 of the last stage-2 fault */
	struct vcpu_sysregs sys;
	struct vcpu_fpsimd fp;
	struct vcpu_debug dbg;
	uint64_t hcr;
};

/* Runs the guest until it exits to EL2; returns a GUEST_EXIT_* code. IRQs must be masked. */
uint64_t guest_enter(struct cpu_regs *regs);

void fpsimd_save(struct vcpu_fpsimd *fp);
void fpsimd_restore(const struct vcpu_fpsimd *fp);

/* Puts a vCPU in the state of a CPU coming out of reset into the guest at entry, EL1h,
 * interrupts masked, MMU off, with x0 = arg (Linux's boot protocol: the device tree). */
void vcpu_arch_reset(struct vcpu_arch *a, unsigned int vcpu_id, uint64_t entry, uint64_t arg,
		     bool trap_wfi);
/* Loads the vCPU's EL1/EL2 state onto this pCPU, or saves it back. */
void vcpu_arch_load(const struct vcpu_arch *a);
void vcpu_arch_save(struct vcpu_arch *a);

/* Debug and PMU (vcpu_debug.c): reset values, moving the debug registers between a vCPU
 * and the CPU (load also programs MDCR_EL2), MDCR_EL2's value for guests, and the
 * emulation of a trapped ID register read (true if iss was one; then it is done). */
struct vcpu;
void vcpu_debug_reset(struct vcpu_debug *d);
void vcpu_debug_load(const struct vcpu_debug *d);
void vcpu_debug_save(struct vcpu_debug *d);
uint64_t vcpu_debug_mdcr(void);
bool vcpu_debug_trap_id_reg(struct vcpu *v, uint32_t iss);

#endif
#endif
