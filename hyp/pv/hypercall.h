/* SPDX-License-Identifier: Apache-2.0 */
/* The hypercall handlers: each takes the calling vCPU and x0-x4, returns what goes in x0. */
#ifndef PV_HYPERCALL_H
#define PV_HYPERCALL_H

#include <tessera/domain.h>

typedef int64_t (*hypercall_fn)(struct vcpu *v, const uint64_t a[5]);

int64_t do_xen_version(struct vcpu *v, const uint64_t a[5]);
int64_t do_memory_op(struct vcpu *v, const uint64_t a[5]);
int64_t do_vcpu_op(struct vcpu *v, const uint64_t a[5]);
int64_t do_event_channel_op(struct vcpu *v, const uint64_t a[5]);
int64_t do_grant_table_op(struct vcpu *v, const uint64_t a[5]);
int64_t do_sched_op(struct vcpu *v, const uint64_t a[5]);
int64_t do_hvm_op(struct vcpu *v, const uint64_t a[5]);
int64_t do_console_io(struct vcpu *v, const uint64_t a[5]);
int64_t do_vm_assist(struct vcpu *v, const uint64_t a[5]);

/* Runs hypercall nr with arguments a (multicall uses it too). */
int64_t hypercall_call(struct vcpu *v, uint64_t nr, const uint64_t a[5]);

/*
 * Work per trap. A hypercall does at most HYPERCALL_WORK_MAX units of work (a page placed,
 * given back or taken, a multicall entry) in one trap, with IRQs masked; one that has more
 * calls hypercall_preempt_check() before each further unit and, when it says so, stops and
 * asks with hypercall_create_continuation() to be executed again with new arguments (Xen's
 * hypercall_create_continuation): the guest's PC is left on its HVC, so the pCPU takes its
 * interrupts, the guest its own, and the HVC then goes on where it stopped. Only the call's
 * own argument registers change (Xen public arch-arm.h, "Hypercall Calling Convention": a
 * hypercall clobbers x16 and the argument registers it uses, no others).
 */
#define HYPERCALL_WORK_MAX 64

/* Takes one unit of work; true when the trap's budget is spent: stop and continue. */
bool hypercall_preempt_check(struct vcpu *v);
/* The call in hand is to be executed again with its first nargs (1 to 5) arguments
 * a[0..nargs) (its number and other registers unchanged); returns 0, which the guest never
 * sees. */
int64_t hypercall_create_continuation(struct vcpu *v, unsigned int nargs, const uint64_t a[5]);

#endif
