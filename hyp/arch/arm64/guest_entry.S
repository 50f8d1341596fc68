/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Entering a guest and coming back. guest_enter() saves the hypervisor's callee-saved
 * registers and stack pointer in this pCPU's struct pcpu, loads the guest's registers and
 * ERETs. An exception from the guest lands in a lower-EL vector (entry.S), which saves the
 * guest's registers into the same struct cpu_regs and "returns" from guest_enter() with an
 * exit code. SP_EL2 is untouched while the guest runs (it uses SP_EL0/SP_EL1).
 */
#include <asm/reg_pairs.h>
#include <asm/vcpu.h>
#include <tessera/percpu.h>

	.text
	.global	guest_enter
guest_enter:
	mrs	x1, tpidr_el2
	str	x0, [x1, #PCPU_GUEST_REGS]
	add	x1, x1, #PCPU_HOST_CTX
	callee_saved_x19_x30 stp, x1
	mov	x2, sp
	str	x2, [x1, #16 * 6]

	frame_load_elr_spsr x0, x2, x3
	frame_x2_x29 ldp, x0
	ldr	x30, [x0, #FRAME_X30]
	ldp	x0, x1, [x0, #16 * 0]
	eret
	/* No straight-line speculation past the ERET. */
	dsb	nsh
	isb

/* Saves the guest's registers (x0 and x1 are on the stack) and leaves with exit code \code. */
.macro guest_exit code
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #PCPU_GUEST_REGS]
	frame_x2_x29 stp, x0
	str	x30, [x0, #FRAME_X30]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #16 * 0]
	frame_save_elr_spsr x0, x2, x3
	frame_save_esr_far x0, x2, x3
	mov	x0, #\code
	b	guest_exit_common
.endm

	.global	guest_exit_sync, guest_exit_irq, guest_exit_fiq, guest_exit_serror
guest_exit_sync:
	guest_exit GUEST_EXIT_SYNC
guest_exit_irq:
	guest_exit GUEST_EXIT_IRQ
guest_exit_fiq:
	guest_exit GUEST_EXIT_FIQ
guest_exit_serror:
	guest_exit GUEST_EXIT_SERROR

guest_exit_common:
	mrs	x1, tpidr_el2
	add	x1, x1, #PCPU_HOST_CTX
	callee_saved_x19_x30 ldp, x1
	ldr	x2, [x1, #16 * 6]
	mov	sp, x2
	ret

/* FP/SIMD state (the hypervisor itself is built without FP, but libfdt uses it). */
	.global	fpsimd_save, fpsimd_restore
fpsimd_save:
	fpsimd_q0_q31 stp, x0
	mrs	x1, fpsr
	mrs	x2, fpcr
	add	x0, x0, #32 * 16
	stp	x1, x2, [x0]
	ret

fpsimd_restore:
	fpsimd_q0_q31 ldp, x0
	add	x0, x0, #32 * 16
	ldp	x1, x2, [x0]
	msr	fpsr, x1
	msr	fpcr, x2
	ret
