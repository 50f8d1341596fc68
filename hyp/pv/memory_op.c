// SPDX-License-Identifier: Apache-2.0
/*
 * memory_op: XENMEM_add_to_physmap places the shared_info page or a grant-table frame at a
 * guest frame the guest chooses. The RAM page that was there (if any) is given back to
 * Tessera, as Xen does; anything that is not the domain's own RAM or free space is refused.
 */
#include <asm/mmu.h>
#include <asm/p2m.h>
#include <public/arch-arm.h>
#include <public/xen.h>
#include <tessera/domain.h>
#include <tessera/errno.h>
#include <tessera/mm.h>
#include <pv/hypercall.h>
#include <pv/pv.h>

/* Is the RAM page at machine address pa something Tessera still points into: a registered
 * vcpu_info, or a page another domain has mapped through a grant? Then it must stay. */
static bool page_pinned(struct domain *d, paddr_t pa)
{
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		const struct vcpu_info *vi = d->vcpus[i]->pv.info;

		if (d->vcpus[i]->pv.info_registered && (virt_to_phys(vi) & ~(PAGE_SIZE - 1)) == pa)
			return true;
	}
	return gnttab_page_mapped_locked(d, pa);
}

static int place_page(struct domain *d, paddr_t pa, xen_pfn_t gpfn)
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
	flags = spin_lock_irqsave(&d->pv.lock);
	gnttab_lock_all();
	old = p2m_lookup(&d->p2m, ipa, &type);
	if (old != INVALID_PADDR && type == P2M_MMIO)
		err = -EINVAL;
	else if (old != INVALID_PADDR && type == P2M_RAM && page_pinned(d, old))
		err = -EBUSY;
	else
		err = p2m_map(&d->p2m, ipa, pa, PAGE_SIZE, P2M_RAM_SHARED);
	if (err == 0 && old != INVALID_PADDR && type == P2M_RAM && old != pa)
		free_pages(old, 0); /* the domain's own RAM page it gave up for this */
	gnttab_unlock_all();
	spin_unlock_irqrestore(&d->pv.lock, flags);
	return err;
}

static int64_t add_to_physmap(struct vcpu *v, uint64_t arg)
{
	struct domain *d = v->domain;
	struct xen_add_to_physmap x;

	if (copy_from_guest(v, &x, arg, sizeof(x)) < 0)
		return -EFAULT;
	if (x.domid != DOMID_SELF && x.domid != d->id)
		return -EPERM;
	if (!d->pv.enabled)
		return -ENOSYS;
	switch (x.space) {
	case XENMAPSPACE_shared_info:
		if (x.idx != 0)
			return -EINVAL;
		return place_page(d, d->pv.shared_pa, x.gpfn);
	case XENMAPSPACE_grant_table:
		if ((x.idx & XENMAPIDX_grant_table_status) || x.idx >= PV_GNTTAB_FRAMES)
			return -EINVAL; /* v1 tables only: there are no status frames */
		return place_page(d, d->pv.gnttab_pa[x.idx], x.gpfn);
	default:
		return -ENOSYS;
	}
}

int64_t do_memory_op(struct vcpu *v, const uint64_t a[5])
{
	switch (a[0]) {
	case XENMEM_add_to_physmap:
		return add_to_physmap(v, a[1]);
	default:
		return -ENOSYS;
	}
}
