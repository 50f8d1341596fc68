// SPDX-License-Identifier: Apache-2.0
/*
 * memory_op: XENMEM_add_to_physmap (and its batch form) places the shared_info page or a
 * grant-table frame at a guest frame the guest chooses. The RAM page that was there (if any)
 * is given back to Tessera, as Xen does, and counts as ballooned out; anything that is not
 * the domain's own RAM or free space is refused. The reservation ops are in
 * memory_reservation.c.
 */
#include <asm/mmu.h>
#include <asm/p2m.h>
#include <public/arch-arm.h>
#include <public/xen.h>
#include <tessera/domain.h>
#include <tessera/errno.h>
#include <tessera/mm.h>
#include <pv/hypercall.h>
#include <pv/memory_op.h>
#include <pv/pv.h>

bool memory_page_pinned_locked(struct domain *d, paddr_t pa)
{
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		const struct vcpu_info *vi = d->vcpus[i]->pv->info;

		if (d->vcpus[i]->pv->info_registered && (virt_to_phys(vi) & ~(PAGE_SIZE - 1)) == pa)
			return true;
	}
	/* A FIFO control block or event array page: Tessera writes into it on every event. */
	return evtchn_page_pinned_locked(d, pa) || gnttab_page_mapped_locked(d, pa);
}

/* Puts Tessera's page pa at gpfn; gnttab_idx >= 0 says it is that grant-table frame. */
static int place_page(struct domain *d, paddr_t pa, xen_pfn_t gpfn, int gnttab_idx)
{
	paddr_t ipa = gpfn << PAGE_SHIFT;
	enum p2m_type type;
	paddr_t old;
	uint64_t flags;
	int err;

	if (gpfn >= (1ULL << (p2m_ipa_bits() - PAGE_SHIFT)))
		return -EINVAL;
	/* Never over an emulated device or the magic pages. */
	if ((ipa >= GUEST_GICD_BASE && ipa < GUEST_GICR_BASE + GUEST_GICR_SIZE) ||
	    (ipa >= GUEST_VPL011_BASE && ipa < GUEST_VPL011_BASE + GUEST_VPL011_SIZE) ||
	    (ipa >= GUEST_MAGIC_BASE && ipa < GUEST_MAGIC_BASE + GUEST_MAGIC_SIZE))
		return -EINVAL;
	/* Check, remap and free under the locks that registering a vcpu_info (d's PV lock) and
	 * mapping a grant (the grant lock) take, so neither can slip in between. */
	flags = spin_lock_irqsave(&d->pv->lock);
	gnttab_lock_all();
	old = p2m_lookup(&d->p2m, ipa, &type);
	if (old != INVALID_PADDR &&
	    ((type != P2M_RAM && type != P2M_RAM_SHARED) || gnttab_mapped_at(&d->pv->gnttab, ipa)))
		err = -EINVAL; /* a device, or a grant mapping (which unmap_grant_ref removes) */
	else if (old != INVALID_PADDR && type == P2M_RAM && memory_page_pinned_locked(d, old))
		err = -EBUSY;
	else
		err = p2m_map(&d->p2m, ipa, pa, PAGE_SIZE, P2M_RAM_SHARED);
	if (err == 0 && old != INVALID_PADDR && type == P2M_RAM && old != pa)
		memory_free_ram_page(d, old); /* the domain's own RAM page it gave up for this */
	if (err == 0 && gnttab_idx >= 0)
		gnttab_frame_placed_locked(d, (unsigned int)gnttab_idx, gpfn);
	gnttab_unlock_all();
	spin_unlock_irqrestore(&d->pv->lock, flags);
	return err;
}

/* One page of a space add_to_physmap supports. */
static int add_to_physmap_one(struct domain *d, unsigned int space, xen_ulong_t idx, xen_pfn_t gpfn)
{
	switch (space) {
	case XENMAPSPACE_shared_info:
		if (idx != 0)
			return -EINVAL;
		return place_page(d, d->pv->shared_pa, gpfn, -1);
	case XENMAPSPACE_grant_table:
		if ((idx & XENMAPIDX_grant_table_status) || idx >= PV_GNTTAB_FRAMES)
			return -EINVAL; /* v1 tables only: there are no status frames */
		return place_page(d, d->pv->gnttab_pa[idx], gpfn, (int)idx);
	default:
		return -ENOSYS;
	}
}

static int64_t add_to_physmap(struct vcpu *v, uint64_t arg)
{
	struct domain *d = v->domain;
	struct xen_add_to_physmap x;

	if (copy_from_guest(v, &x, arg, sizeof(x)) < 0)
		return -EFAULT;
	if (x.domid != DOMID_SELF && x.domid != d->id)
		return -EPERM;
	if (!d->pv->enabled)
		return -ENOSYS;
	return add_to_physmap_one(d, x.space, x.idx, x.gpfn);
}

/*
 * XENMEM_add_to_physmap_batch (Xen 4.17 common/memory.c): the same spaces, size entries
 * from idxs[] and gpfns[], each one's result written to errs[]; only a fault or an invalid
 * gpfn stops the batch. The batch may restart at entry start (a continuation's cmd), and
 * continues itself that way after each HYPERCALL_WORK_MAX entries, as Xen does once
 * preemption is due: 65535 entries would otherwise hold the pCPU for one long trap.
 */
static int64_t add_to_physmap_batch(struct vcpu *v, uint64_t start, uint64_t arg)
{
	struct domain *d = v->domain;
	struct xen_add_to_physmap_batch b;

	if (start > UINT16_MAX)
		return -EDOM;
	if (copy_from_guest(v, &b, arg, sizeof(b)) < 0)
		return -EFAULT;
	if (b.domid != DOMID_SELF && b.domid != d->id)
		return -EPERM;
	if (!d->pv->enabled)
		return -ENOSYS;
	if (b.space == XENMAPSPACE_gmfn_range)
		return -ENOTSUP; /* Xen: unsupported for the batch (EOPNOTSUPP) */
	if (b.space != XENMAPSPACE_shared_info && b.space != XENMAPSPACE_grant_table)
		return -ENOSYS; /* only the spaces add_to_physmap has */
	if (b.size < start)
		return -EILSEQ;
	for (uint64_t i = start; i < b.size; i++) { /* at most 65535 pages */
		xen_ulong_t idx;
		xen_pfn_t gpfn;
		int32_t rc;

		if (i > start && hypercall_preempt_check(v))
			return memory_op_continue(v, XENMEM_add_to_physmap_batch, i, arg);

		if (copy_from_guest(v, &idx, b.idxs + i * sizeof(idx), sizeof(idx)) < 0 ||
		    copy_from_guest(v, &gpfn, b.gpfns + i * sizeof(gpfn), sizeof(gpfn)) < 0)
			return -EFAULT;
		if (gpfn == ~0ULL)
			return -EINVAL; /* INVALID_GFN */
		rc = add_to_physmap_one(d, b.space, idx, gpfn);
		if (copy_to_guest(v, b.errs + i * sizeof(rc), &rc, sizeof(rc)) < 0)
			return -EFAULT;
	}
	return 0;
}

int64_t memory_op_continue(struct vcpu *v, unsigned int op, uint64_t next, uint64_t arg)
{
	/* Xen's continuation of memory_op: the same op and argument, the extent to go on
	 * from in cmd's upper bits (public memory.h, MEMOP_EXTENT_SHIFT). */
	const uint64_t a[5] = { op | (next << MEMOP_EXTENT_SHIFT), arg, 0, 0, 0 };

	return hypercall_create_continuation(v, 2, a);
}

int64_t do_memory_op(struct vcpu *v, const uint64_t a[5])
{
	unsigned int op = (unsigned int)(a[0] & MEMOP_CMD_MASK);
	uint64_t start = a[0] >> MEMOP_EXTENT_SHIFT;

	switch (op) {
	case XENMEM_add_to_physmap:
		/* Xen: a start extent beyond xatp.size's 16 bits is malicious or buggy input. */
		return start > UINT16_MAX ? -EDOM : add_to_physmap(v, a[1]);
	case XENMEM_add_to_physmap_batch:
		return add_to_physmap_batch(v, start, a[1]);
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		return memory_reservation_op(v, op, start, a[1]);
	default:
		return -ENOSYS;
	}
}
