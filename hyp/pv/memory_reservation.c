// SPDX-License-Identifier: Apache-2.0
/*
 * Ballooning (Xen public memory.h): XENMEM_decrease_reservation gives RAM pages back to
 * Tessera (out of stage 2, scrubbed, freed); XENMEM_populate_physmap gets pages back, never
 * more than were given, only at empty frames inside the domain's RAM range. Both take a list
 * of guest frames at extent_start and answer the number of extents done, counting from the
 * continuation's start extent, as Xen does: the first one that cannot be done stops the list.
 * Extents are single pages (extent_order 0; Xen's answer for an order it does not permit is
 * the start extent). A long list continues itself (hypercall.h) after each
 * HYPERCALL_WORK_MAX extents, as Xen's does when preemption is due, so no trap does more.
 */
#include <asm/mmu.h>
#include <asm/p2m.h>
#include <public/xen.h>
#include <string.h>
#include <tessera/compiler.h>
#include <tessera/domain.h>
#include <tessera/errno.h>
#include <tessera/mm.h>
#include <pv/hypercall.h>
#include <pv/memory_op.h>
#include <pv/pv.h>

void memory_free_ram_page(struct domain *d, paddr_t pa)
{
	free_pages(pa, 0); /* which scrubs it: nothing reaches its next owner */
	d->pv->ballooned_pages++;
}

/* Takes d's RAM page at gfn out of stage 2 and frees it. */
static int give_back(struct domain *d, xen_pfn_t gfn)
{
	paddr_t ipa = gfn << PAGE_SHIFT;
	enum p2m_type type;
	paddr_t pa;
	int err;

	pa = p2m_lookup(&d->p2m, ipa, &type);
	/* Only the domain's own RAM: not shared_info, grant frames, grant mappings, devices. */
	if (pa == INVALID_PADDR || type != P2M_RAM)
		return -EINVAL;
	if (memory_page_pinned_locked(d, pa))
		return -EBUSY; /* a vcpu_info or a page another domain has mapped */
	err = p2m_unmap(&d->p2m, ipa, PAGE_SIZE); /* may split a block: may need a table */
	if (err < 0)
		return err;
	memory_free_ram_page(d, pa);
	return 0;
}

/* Puts a fresh zeroed page at d's empty RAM frame gfn, within what d gave back. */
static int take_back(struct domain *d, xen_pfn_t gfn)
{
	paddr_t ipa = gfn << PAGE_SHIFT;
	paddr_t pa;

	if (d->pv->ballooned_pages == 0)
		return -ENOMEM; /* at its memory limit */
	if (ipa < d->ram_ipa || ipa - d->ram_ipa >= d->ram_size)
		return -EINVAL; /* only inside the RAM range its device tree states */
	if (p2m_lookup(&d->p2m, ipa, NULL) != INVALID_PADDR)
		return -EEXIST; /* never over an existing mapping */
	pa = alloc_pages(0);
	if (pa == INVALID_PADDR)
		return -ENOMEM;
	memset(phys_to_virt(pa), 0, PAGE_SIZE);
	if (p2m_map(&d->p2m, ipa, pa, PAGE_SIZE, P2M_RAM) < 0) {
		free_pages(pa, 0);
		return -ENOMEM;
	}
	d->pv->ballooned_pages--;
	return 0;
}

static int one_extent(struct domain *d, unsigned int op, xen_pfn_t gfn)
{
	uint64_t flags;
	int err;

	if (gfn >= (1ULL << (p2m_ipa_bits() - PAGE_SHIFT)))
		return -EINVAL;
	/* The locks place_page takes: no vcpu_info registration or grant mapping between the
	 * check that a page is free to go and its going. */
	flags = spin_lock_irqsave(&d->pv->lock);
	gnttab_lock_all();
	err = op == XENMEM_decrease_reservation ? give_back(d, gfn) : take_back(d, gfn);
	gnttab_unlock_all();
	spin_unlock_irqrestore(&d->pv->lock, flags);
	return err;
}

int64_t memory_reservation_op(struct vcpu *v, unsigned int op, uint64_t start, uint64_t arg)
{
	struct domain *d = v->domain;
	struct xen_memory_reservation r;

	/* Xen answers every refusal of the whole call with the start extent. */
	if (!d->pv->enabled || copy_from_guest(v, &r, arg, sizeof(r)) < 0)
		return (int64_t)start;
	if ((r.domid != DOMID_SELF && r.domid != d->id) || r.extent_order != 0 ||
	    r.nr_extents > (UINT32_MAX >> MEMOP_EXTENT_SHIFT) || start >= r.nr_extents)
		return (int64_t)start;
	for (uint64_t i = start; i < r.nr_extents; i++) { /* at most 2^26 - 1 extents */
		xen_pfn_t gfn;

		if (i > start && hypercall_preempt_check(v))
			return memory_op_continue(v, op, i, arg);
		if (copy_from_guest(v, &gfn, r.extent_start + i * sizeof(gfn), sizeof(gfn)) < 0 ||
		    one_extent(d, op, gfn) < 0)
			return (int64_t)i;
	}
	return (int64_t)r.nr_extents;
}
