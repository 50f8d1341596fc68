// SPDX-License-Identifier: Apache-2.0
/*
 * grant_table_op (Xen public grant_table.h, version 1): the hypercall boundary and the
 * machine under the portable state machine in grant_state.c. Here arguments are copied in
 * and out of the guest, the one grant lock is taken, and the state machine's questions are
 * answered with stage 2 (p2m). One lock for all grant state: these are not real-time paths,
 * and the work per call is bounded (GRANT_OP_MAX entries).
 */
#include <asm/mmu.h>
#include <asm/p2m.h>
#include <asm/spinlock.h>
#include <public/arch-arm.h>
#include <public/xen.h>
#include <tessera/domain.h>
#include <tessera/errno.h>
#include <tessera/page_alloc.h>
#include <tessera/printk.h>
#include <pv/grant_state.h>
#include <pv/hypercall.h>
#include <pv/pv.h>

#define GRANT_OP_MAX 64

static spinlock_t gnttab_lock = SPINLOCK_INIT;

static struct domain *owner(struct gnttab *t)
{
	return container_of(t, struct pv_domain, gnttab)->domain;
}

static struct gnttab *env_lookup(unsigned int id)
{
	struct domain *d = domain_by_id(id);

	return d != NULL && d->pv->enabled ? &d->pv->gnttab : NULL;
}

static int env_ram_page(struct gnttab *t, uint64_t gfn, bool write, paddr_t *page)
{
	enum p2m_type type;

	(void)write; /* the domain's own RAM is always writable by it */
	if (gfn >= (1ULL << (p2m_ipa_bits() - PAGE_SHIFT)))
		return -EINVAL;
	*page = p2m_lookup(&owner(t)->p2m, gfn << PAGE_SHIFT, &type);
	return *page == INVALID_PADDR || type != P2M_RAM ? -EINVAL : 0;
}

static bool env_space_free(struct gnttab *t, uint64_t ipa)
{
	struct domain *d = owner(t);

	return ipa < (1ULL << p2m_ipa_bits()) && p2m_lookup(&d->p2m, ipa, NULL) == INVALID_PADDR &&
	       !(ipa >= GUEST_GICD_BASE && ipa < GUEST_GICR_BASE + GUEST_GICR_SIZE) &&
	       !(ipa >= GUEST_VPL011_BASE && ipa < GUEST_VPL011_BASE + GUEST_VPL011_SIZE) &&
	       !(ipa >= GUEST_MAGIC_BASE && ipa < GUEST_MAGIC_BASE + GUEST_MAGIC_SIZE);
}

static int env_map(struct gnttab *t, uint64_t ipa, paddr_t page, bool readonly)
{
	return p2m_map(&owner(t)->p2m, ipa, page, PAGE_SIZE,
		       readonly ? P2M_RAM_RO : P2M_RAM_SHARED);
}

static void env_unmap(struct gnttab *t, uint64_t ipa)
{
	struct domain *d = owner(t);

	/* map() mapped one page, so unmapping it splits no block and cannot fail; the grant
	 * must not be released while d can still reach the page. */
	if (p2m_unmap(&d->p2m, ipa, PAGE_SIZE) < 0)
		panic("grant: d%u keeps its mapping at 0x%llx", d->id, (unsigned long long)ipa);
}

static void *env_page_va(paddr_t page)
{
	return phys_to_virt(page);
}

static const struct gnttab_env machine = {
	.max_domid = DOMAIN_MAX,
	.lookup = env_lookup,
	.ram_page = env_ram_page,
	.space_free = env_space_free,
	.map = env_map,
	.unmap = env_unmap,
	.page_va = env_page_va,
};

/* map, unmap, copy: an array of count entries, each with its own status written back. */
static int64_t batch(struct vcpu *v, uint64_t cmd, uint64_t arg, uint64_t count)
{
	static const size_t sizes[] = { [GNTTABOP_map_grant_ref] =
						sizeof(struct gnttab_map_grant_ref),
					[GNTTABOP_unmap_grant_ref] =
						sizeof(struct gnttab_unmap_grant_ref),
					[GNTTABOP_copy] = sizeof(struct gnttab_copy) };
	struct gnttab *t = &v->domain->pv->gnttab;
	size_t size = sizes[cmd];

	for (uint64_t i = 0; i < count; i++) {
		union {
			struct gnttab_map_grant_ref map;
			struct gnttab_unmap_grant_ref unmap;
			struct gnttab_copy copy;
		} op;
		uint64_t flags;

		if (copy_from_guest(v, &op, arg + i * size, size) < 0)
			return -EFAULT;
		flags = spin_lock_irqsave(&gnttab_lock);
		if (cmd == GNTTABOP_map_grant_ref)
			gnttab_map(&machine, t, &op.map);
		else if (cmd == GNTTABOP_unmap_grant_ref)
			gnttab_unmap(&machine, t, &op.unmap);
		else
			gnttab_copy(&machine, t, &op.copy);
		spin_unlock_irqrestore(&gnttab_lock, flags);
		if (copy_to_guest(v, arg + i * size, &op, size) < 0)
			return -EFAULT;
	}
	return 0;
}

void gnttab_lock_all(void)
{
	spin_lock(&gnttab_lock); /* callers have IRQs masked already */
}

void gnttab_unlock_all(void)
{
	spin_unlock(&gnttab_lock);
}

bool gnttab_page_mapped_locked(struct domain *g, paddr_t pa)
{
	return gnttab_page_mapped(&machine, &g->pv->gnttab, pa);
}

void gnttab_frame_placed_locked(struct domain *d, unsigned int idx, uint64_t gfn)
{
	gnttab_frame_placed(&d->pv->gnttab, idx, gfn);
}

void gnttab_domain_teardown(struct domain *d)
{
	uint64_t flags;

	if (!d->pv->enabled)
		return;
	flags = spin_lock_irqsave(&gnttab_lock);
	gnttab_teardown(&machine, &d->pv->gnttab);
	spin_unlock_irqrestore(&gnttab_lock, flags);
}

/* GNTTABOP_setup_table (Xen public grant_table.h): where each frame is, into frame_list. */
static int64_t setup_table(struct vcpu *v, uint64_t arg)
{
	struct gnttab_setup_table st;
	uint64_t frames[GNTTAB_FRAMES];
	uint64_t flags;

	if (copy_from_guest(v, &st, arg, sizeof(st)) < 0)
		return -EFAULT;
	if (st.dom != DOMID_SELF && st.dom != v->domain->id) {
		st.status = GNTST_permission_denied; /* only a control domain may ask for others */
	} else {
		flags = spin_lock_irqsave(&gnttab_lock);
		st.status = gnttab_setup_table(&v->domain->pv->gnttab, st.nr_frames, frames);
		spin_unlock_irqrestore(&gnttab_lock, flags);
		if (st.status == GNTST_okay &&
		    copy_to_guest(v, st.frame_list, frames, st.nr_frames * sizeof(frames[0])) < 0)
			return -EFAULT;
	}
	return copy_to_guest(v, arg, &st, sizeof(st)) < 0 ? -EFAULT : 0;
}

static int64_t query_size(struct vcpu *v, uint64_t arg)
{
	struct gnttab_query_size q;

	if (copy_from_guest(v, &q, arg, sizeof(q)) < 0)
		return -EFAULT;
	if (q.dom != DOMID_SELF && q.dom != v->domain->id)
		return -EPERM;
	gnttab_query_size(&v->domain->pv->gnttab, &q);
	return copy_to_guest(v, arg, &q, sizeof(q)) < 0 ? -EFAULT : 0;
}

static int64_t set_version(struct vcpu *v, uint64_t arg)
{
	struct gnttab_set_version sv;

	if (copy_from_guest(v, &sv, arg, sizeof(sv)) < 0)
		return -EFAULT;
	if (sv.version == 1)
		return 0;
	sv.version = 1;
	/* best effort: the guest gets -EINVAL either way */
	(void)copy_to_guest(v, arg, &sv, sizeof(sv));
	return -EINVAL; /* only v1 */
}

int64_t do_grant_table_op(struct vcpu *v, const uint64_t a[5])
{
	uint64_t count = a[2];

	if (!v->domain->pv->enabled)
		return -ENOSYS;
	if (count > GRANT_OP_MAX)
		return -EINVAL;
	switch (a[0]) {
	case GNTTABOP_map_grant_ref:
	case GNTTABOP_unmap_grant_ref:
	case GNTTABOP_copy:
		return batch(v, a[0], a[1], count);
	case GNTTABOP_setup_table:
		return count != 1 ? -EINVAL : setup_table(v, a[1]);
	case GNTTABOP_query_size:
		return count != 1 ? -EINVAL : query_size(v, a[1]);
	case GNTTABOP_set_version:
		return count != 1 ? -EINVAL : set_version(v, a[1]);
	default:
		return -ENOSYS;
	}
}
