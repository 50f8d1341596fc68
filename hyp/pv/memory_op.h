/* SPDX-License-Identifier: Apache-2.0 */
/* memory_op's parts, shared between memory_op.c and memory_reservation.c. */
#ifndef PV_MEMORY_OP_H
#define PV_MEMORY_OP_H

#include <tessera/domain.h>

/* Is d's RAM page at machine address pa something Tessera still points into (a registered
 * vcpu_info, a page another domain has mapped through a grant)? Then it must stay. With
 * d's PV lock and the grant lock held. */
bool memory_page_pinned_locked(struct domain *d, paddr_t pa);

/* d's RAM page pa, out of its stage 2 already, goes back to Tessera scrubbed; it counts as
 * ballooned out (populate_physmap may take one back). */
void memory_free_ram_page(struct domain *d, paddr_t pa);

/* memory_op op on arg is to go on from extent next in the guest's next trap
 * (hypercall_create_continuation); returns 0. */
int64_t memory_op_continue(struct vcpu *v, unsigned int op, uint64_t next, uint64_t arg);

/* XENMEM_decrease_reservation or populate_physmap, from extent start: extents done. */
int64_t memory_reservation_op(struct vcpu *v, unsigned int op, uint64_t start, uint64_t arg);

#endif
