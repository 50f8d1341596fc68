/* SPDX-License-Identifier: Apache-2.0 */
/* Guest exits: decoding ESR_EL2 and injecting exceptions back into a guest. */
#ifndef ASM_GUEST_TRAP_H
#define ASM_GUEST_TRAP_H

#include <asm/sysregs.h>
#include <tessera/types.h>

struct vcpu;

/* The length in bytes of the instruction a synchronous exit with syndrome esr trapped:
 * ESR_ELx.IL is 1 for 32 bits, 0 for a 16-bit T32 instruction (Arm ARM D23.2.41). */
static inline uint64_t guest_trap_insn_len(uint64_t esr)
{
	return (esr & ESR_IL) != 0 ? 4 : 2;
}

/* Handles a synchronous exit of v (its registers and ESR are in v->arch.regs). */
void guest_trap_sync(struct vcpu *v);

/* Makes v take an exception at EL1 as the hardware would: undefined instruction, or a
 * synchronous external abort on a data access / instruction fetch at address far.
 * Crashes the domain when the guest cannot take it (no vectors yet). */
void inject_undef(struct vcpu *v);
void inject_data_abort(struct vcpu *v, uint64_t far, bool write);
void inject_instr_abort(struct vcpu *v, uint64_t far);

/* The offset from VBAR_EL1 of the synchronous vector an exception taken to EL1 from a
 * context with PSTATE pstate (its SPSR) uses. */
uint64_t inject_vector_offset(uint64_t pstate);

#endif
