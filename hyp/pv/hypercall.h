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

#endif
