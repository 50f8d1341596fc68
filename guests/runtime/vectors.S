/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EL1 exception vectors (Arm ARM, "Exception vectors": 16 entries of 0x80 bytes, the table
 * 2 KiB aligned).
 * Every entry saves the whole frame (x0-x30, ELR, SPSR, ESR, FAR, SP; layout in rt/arch.h)
 * and calls exception_entry(frame, slot) in C, which may change the saved ELR (to step over
 * a caught fault) before the frame is restored. The guests are built -mgeneral-regs-only,
 * so handlers never touch FP/SIMD registers and those need no saving; libfdt, which does
 * use them, is never called from a handler.
 */
#include <rt/arch.h>

.macro	ventry slot
	.balign	0x80
	sub	sp, sp, #RT_FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x0, #\slot
	b	exception_save
.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.global rt_vectors
rt_vectors:
	ventry	0x0	/* current EL, SP_EL0: sync */
	ventry	0x1
	ventry	0x2
	ventry	0x3
	ventry	0x4	/* current EL, SP_ELx: sync, IRQ, FIQ, SError */
	ventry	0x5
	ventry	0x6
	ventry	0x7
	ventry	0x8	/* lower EL, AArch64 */
	ventry	0x9
	ventry	0xa
	ventry	0xb
	ventry	0xc	/* lower EL, AArch32 */
	ventry	0xd
	ventry	0xe
	ventry	0xf

/* x0 = slot; x0/x1 of the interrupted code are at [sp]. */
exception_save:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x2, elr_el1
	stp	x30, x2, [sp, #(RT_FRAME_ELR - 8)]
	mrs	x2, spsr_el1
	mrs	x3, esr_el1
	stp	x2, x3, [sp, #RT_FRAME_SPSR]
	mrs	x2, far_el1
	add	x3, sp, #RT_FRAME_SIZE
	stp	x2, x3, [sp, #RT_FRAME_FAR]
	mov	x1, x0
	mov	x0, sp
	bl	exception_entry

	ldp	x2, x3, [sp, #(RT_FRAME_ELR)]
	msr	elr_el1, x2
	msr	spsr_el1, x3
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #RT_FRAME_SIZE
	eret
