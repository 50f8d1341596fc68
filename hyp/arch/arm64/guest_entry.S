/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Entering a guest and coming back. guest_enter() saves the hypervisor's callee-saved
 * registers and stack pointer in this pCPU's struct pcpu, loads the guest's registers and
 * ERETs. An exception from the guest lands in a lower-EL vector (entry.S), which saves the
 * guest's registers into the same struct cpu_regs and "returns" from guest_enter() with an
 * exit code. SP_EL2 is untouched while the guest runs (it uses SP_EL0/SP_EL1).
 */
#include <asm/regs.h>
#include <asm/vcpu.h>
#include <tessera/percpu.h>

	.text
	.global	guest_enter
guest_enter:
	mrs	x1, tpidr_el2
	str	x0, [x1, #PCPU_GUEST_REGS]
	add	x1, x1, #PCPU_HOST_CTX
	stp	x19, x20, [x1, #16 * 0]
	stp	x21, x22, [x1, #16 * 1]
	stp	x23, x24, [x1, #16 * 2]
	stp	x25, x26, [x1, #16 * 3]
	stp	x27, x28, [x1, #16 * 4]
	stp	x29, x30, [x1, #16 * 5]
	mov	x2, sp
	str	x2, [x1, #16 * 6]

	ldp	x2, x3, [x0, #FRAME_ELR]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	ldp	x2, x3, [x0, #16 * 1]
	ldp	x4, x5, [x0, #16 * 2]
	ldp	x6, x7, [x0, #16 * 3]
	ldp	x8, x9, [x0, #16 * 4]
	ldp	x10, x11, [x0, #16 * 5]
	ldp	x12, x13, [x0, #16 * 6]
	ldp	x14, x15, [x0, #16 * 7]
	ldp	x16, x17, [x0, #16 * 8]
	ldp	x18, x19, [x0, #16 * 9]
	ldp	x20, x21, [x0, #16 * 10]
	ldp	x22, x23, [x0, #16 * 11]
	ldp	x24, x25, [x0, #16 * 12]
	ldp	x26, x27, [x0, #16 * 13]
	ldp	x28, x29, [x0, #16 * 14]
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
	stp	x2, x3, [x0, #16 * 1]
	stp	x4, x5, [x0, #16 * 2]
	stp	x6, x7, [x0, #16 * 3]
	stp	x8, x9, [x0, #16 * 4]
	stp	x10, x11, [x0, #16 * 5]
	stp	x12, x13, [x0, #16 * 6]
	stp	x14, x15, [x0, #16 * 7]
	stp	x16, x17, [x0, #16 * 8]
	stp	x18, x19, [x0, #16 * 9]
	stp	x20, x21, [x0, #16 * 10]
	stp	x22, x23, [x0, #16 * 11]
	stp	x24, x25, [x0, #16 * 12]
	stp	x26, x27, [x0, #16 * 13]
	stp	x28, x29, [x0, #16 * 14]
	str	x30, [x0, #FRAME_X30]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #16 * 0]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x0, #FRAME_ELR]
	mrs	x2, esr_el2
	mrs	x3, far_el2
	stp	x2, x3, [x0, #FRAME_ESR]
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
	ldp	x19, x20, [x1, #16 * 0]
	ldp	x21, x22, [x1, #16 * 1]
	ldp	x23, x24, [x1, #16 * 2]
	ldp	x25, x26, [x1, #16 * 3]
	ldp	x27, x28, [x1, #16 * 4]
	ldp	x29, x30, [x1, #16 * 5]
	ldr	x2, [x1, #16 * 6]
	mov	sp, x2
	ret

/* FP/SIMD state (the hypervisor itself is built without FP, but libfdt uses it). */
	.global	fpsimd_save, fpsimd_restore
fpsimd_save:
	stp	q0, q1, [x0, #32 * 0]
	stp	q2, q3, [x0, #32 * 1]
	stp	q4, q5, [x0, #32 * 2]
	stp	q6, q7, [x0, #32 * 3]
	stp	q8, q9, [x0, #32 * 4]
	stp	q10, q11, [x0, #32 * 5]
	stp	q12, q13, [x0, #32 * 6]
	stp	q14, q15, [x0, #32 * 7]
	stp	q16, q17, [x0, #32 * 8]
	stp	q18, q19, [x0, #32 * 9]
	stp	q20, q21, [x0, #32 * 10]
	stp	q22, q23, [x0, #32 * 11]
	stp	q24, q25, [x0, #32 * 12]
	stp	q26, q27, [x0, #32 * 13]
	stp	q28, q29, [x0, #32 * 14]
	stp	q30, q31, [x0, #32 * 15]
	mrs	x1, fpsr
	mrs	x2, fpcr
	add	x0, x0, #32 * 16
	stp	x1, x2, [x0]
	ret

fpsimd_restore:
	ldp	q0, q1, [x0, #32 * 0]
	ldp	q2, q3, [x0, #32 * 1]
	ldp	q4, q5, [x0, #32 * 2]
	ldp	q6, q7, [x0, #32 * 3]
	ldp	q8, q9, [x0, #32 * 4]
	ldp	q10, q11, [x0, #32 * 5]
	ldp	q12, q13, [x0, #32 * 6]
	ldp	q14, q15, [x0, #32 * 7]
	ldp	q16, q17, [x0, #32 * 8]
	ldp	q18, q19, [x0, #32 * 9]
	ldp	q20, q21, [x0, #32 * 10]
	ldp	q22, q23, [x0, #32 * 11]
	ldp	q24, q25, [x0, #32 * 12]
	ldp	q26, q27, [x0, #32 * 13]
	ldp	q28, q29, [x0, #32 * 14]
	ldp	q30, q31, [x0, #32 * 15]
	add	x0, x0, #32 * 16
	ldp	x1, x2, [x0]
	msr	fpsr, x1
	msr	fpcr, x2
	ret
