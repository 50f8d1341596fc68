/* SPDX-License-Identifier: Apache-2.0 */
/* Guest exits: decoding ESR_EL2 and injecting exceptions back into a guest. */
#ifndef ASM_GUEST_TRAP_H
#define ASM_GUEST_TRAP_H

#include <tessera/types.h>

struct vcpu;

/* Handles a synchronous exit of v (its registers and ESR are in v->arch.regs). */
void guest_trap_sync(struct vcpu *v);

/* Makes v take an exception at EL1 as the hardware would: undefined instruction, or a
 * synchronous external abort on a data access / instruction fetch at address far.
 * Crashes the domain when the guest cannot take it (no vectors yet). */
void inject_undef(struct vcpu *v);
void inject_data_abort(struct vcpu *v, uint64_t far, bool write);
void inject_instr_abort(struct vcpu *v, uint64_t far);

#endif
