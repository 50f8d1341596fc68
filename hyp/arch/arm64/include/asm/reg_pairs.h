/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The register save and restore sequences of entry.S and guest_entry.S, once. Each macro
 * takes the instruction (stp to save, ldp to restore) and the base register, so a save and
 * its restore cannot drift apart. Offsets are those of struct cpu_regs (asm/regs.h) and of
 * struct pcpu's host_ctx (tessera/percpu.h).
 */
#ifndef ASM_REG_PAIRS_H
#define ASM_REG_PAIRS_H

#include <asm/regs.h>

#ifdef __ASSEMBLY__
/* Assembler macros, not C: no formatter. */
/* clang-format off */
/* x2..x29 of a struct cpu_regs at \base; x0, x1 and x30 are each caller's own business, as
 * one of them is usually the base or a scratch register. */
.macro frame_x2_x29 op, base
	\op	x2, x3, [\base, #16 * 1]
	\op	x4, x5, [\base, #16 * 2]
	\op	x6, x7, [\base, #16 * 3]
	\op	x8, x9, [\base, #16 * 4]
	\op	x10, x11, [\base, #16 * 5]
	\op	x12, x13, [\base, #16 * 6]
	\op	x14, x15, [\base, #16 * 7]
	\op	x16, x17, [\base, #16 * 8]
	\op	x18, x19, [\base, #16 * 9]
	\op	x20, x21, [\base, #16 * 10]
	\op	x22, x23, [\base, #16 * 11]
	\op	x24, x25, [\base, #16 * 12]
	\op	x26, x27, [\base, #16 * 13]
	\op	x28, x29, [\base, #16 * 14]
.endm

/* ELR_EL2 and SPSR_EL2 (or ESR_EL2 and FAR_EL2) into the frame at \base, via \t0 and \t1. */
.macro frame_save_elr_spsr base, t0, t1
	mrs	\t0, elr_el2
	mrs	\t1, spsr_el2
	stp	\t0, \t1, [\base, #FRAME_ELR]
.endm

.macro frame_save_esr_far base, t0, t1
	mrs	\t0, esr_el2
	mrs	\t1, far_el2
	stp	\t0, \t1, [\base, #FRAME_ESR]
.endm

/* ELR_EL2 and SPSR_EL2 from the frame at \base, through \t0 and \t1. */
.macro frame_load_elr_spsr base, t0, t1
	ldp	\t0, \t1, [\base, #FRAME_ELR]
	msr	elr_el2, \t0
	msr	spsr_el2, \t1
.endm

/* The AAPCS64 callee-saved registers x19..x29 and the link register x30 at \base. */
.macro callee_saved_x19_x30 op, base
	\op	x19, x20, [\base, #16 * 0]
	\op	x21, x22, [\base, #16 * 1]
	\op	x23, x24, [\base, #16 * 2]
	\op	x25, x26, [\base, #16 * 3]
	\op	x27, x28, [\base, #16 * 4]
	\op	x29, x30, [\base, #16 * 5]
.endm

/* q0..q31 at \base (32 bytes a pair). */
.macro fpsimd_q0_q31 op, base
	\op	q0, q1, [\base, #32 * 0]
	\op	q2, q3, [\base, #32 * 1]
	\op	q4, q5, [\base, #32 * 2]
	\op	q6, q7, [\base, #32 * 3]
	\op	q8, q9, [\base, #32 * 4]
	\op	q10, q11, [\base, #32 * 5]
	\op	q12, q13, [\base, #32 * 6]
	\op	q14, q15, [\base, #32 * 7]
	\op	q16, q17, [\base, #32 * 8]
	\op	q18, q19, [\base, #32 * 9]
	\op	q20, q21, [\base, #32 * 10]
	\op	q22, q23, [\base, #32 * 11]
	\op	q24, q25, [\base, #32 * 12]
	\op	q26, q27, [\base, #32 * 13]
	\op	q28, q29, [\base, #32 * 14]
	\op	q30, q31, [\base, #32 * 15]
.endm
/* clang-format on */
#endif

#endif
