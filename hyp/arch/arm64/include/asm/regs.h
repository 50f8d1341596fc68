/* SPDX-License-Identifier: Apache-2.0 */
/* The register frame entry.S saves on every exception taken to EL2. */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#define FRAME_SIZE   (38 * 8)
#define FRAME_X30    (30 * 8)
#define FRAME_SP     (31 * 8)
#define FRAME_ELR    (32 * 8)
#define FRAME_SPSR   (33 * 8)
#define FRAME_ESR    (34 * 8)
#define FRAME_FAR    (35 * 8)
#define FRAME_RECORD (36 * 8) /* {x29, ELR}: lets a backtrace cross the exception */

#ifndef __ASSEMBLY__
#include <tessera/types.h>

struct cpu_regs {
	reg_t x[31]; /* x0..x30 */
	reg_t sp;    /* the interrupted context's stack pointer (EL2 exceptions) */
	reg_t elr;
	reg_t spsr;
	reg_t esr;
	reg_t far;
	reg_t frame_fp;
	reg_t frame_lr;
};

_Static_assert(sizeof(struct cpu_regs) == (size_t)FRAME_SIZE, "frame layout shared with entry.S");
_Static_assert(FRAME_SIZE % 16 == 0, "the stack stays 16-byte aligned");
#endif

#endif
