/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EL2 exception vectors (Arm ARM D1.3.5: VBAR_EL2, 16 entries of 0x80 bytes). Every entry
 * saves the full general-register frame (struct cpu_regs) on the current stack and calls C.
 */
#include <asm/reg_pairs.h>

.macro save_frame
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	frame_x2_x29 stp, sp
	add	x0, sp, #FRAME_SIZE
	stp	x30, x0, [sp, #FRAME_X30]
	frame_save_elr_spsr sp, x0, x1
	/* A frame record {x29, ELR}, so that a backtrace walks through the exception. */
	stp	x29, x0, [sp, #FRAME_RECORD]
	add	x29, sp, #FRAME_RECORD
	frame_save_esr_far sp, x0, x1
.endm

.macro restore_frame
	frame_load_elr_spsr sp, x0, x1
	ldp	x0, x1, [sp, #16 * 0]
	frame_x2_x29 ldp, sp
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
