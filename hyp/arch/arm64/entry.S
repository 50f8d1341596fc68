/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EL2 exception vectors (Arm ARM D1.3.5: VBAR_EL2, 16 entries of 0x80 bytes). Every entry
 * saves the full general-register frame (struct cpu_regs) on the current stack and calls C.
 */
#include <asm/regs.h>

.macro save_frame
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	add	x0, sp, #FRAME_SIZE
	stp	x30, x0, [sp, #FRAME_X30]
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	stp	x0, x1, [sp, #FRAME_ELR]
	/* A frame record {x29, ELR}, so that a backtrace walks through the exception. */
	stp	x29, x0, [sp, #FRAME_RECORD]
	add	x29, sp, #FRAME_RECORD
	mrs	x0, esr_el2
	mrs	x1, far_el2
	stp	x0, x1, [sp, #FRAME_ESR]
.endm

.macro restore_frame
	ldp	x0, x1, [sp, #FRAME_ELR]
	msr	elr_el2, x0
	msr	spsr_el2, x1
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #FRAME_X30]
	add	sp, sp, #FRAME_SIZE
.endm

/* An entry that saves the frame and calls handler(regs, kind); handler must not return. */
.macro vector_fatal kind
	.balign	0x80
	save_frame
	mov	x0, sp
	mov	x1, #\kind
	bl	hyp_trap_fatal
	b	.
.endm

	.text
	.balign	2048
	.global	hyp_vectors
hyp_vectors:
	/* Current EL with SP_EL0: Tessera never runs on SP_EL0. */
	vector_fatal 0
	vector_fatal 1
	vector_fatal 2
	vector_fatal 3
	/* Current EL with SP_ELx: the hypervisor itself. */
	.balign	0x80
	b	hyp_sync
	.balign	0x80
	b	hyp_irq
	vector_fatal 6		/* FIQ: not used */
	vector_fatal 7		/* SError in the hypervisor */
	/* Lower EL, AArch64: guests. x0 and x1 go on the stack for guest_entry.S. */
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	b	guest_exit_sync
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	b	guest_exit_irq
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	b	guest_exit_fiq
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	b	guest_exit_serror
	/* Lower EL, AArch32: not supported. */
	vector_fatal 12
	vector_fatal 13
	vector_fatal 14
	vector_fatal 15

hyp_sync:
	save_frame
	mov	x0, sp
	bl	hyp_trap_sync
	restore_frame
	eret

hyp_irq:
	save_frame
	mov	x0, sp
	bl	irq_handle
	restore_frame
	eret
