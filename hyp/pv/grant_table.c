// SPDX-License-Identifier: Apache-2.0
/*
 * Grant tables, version 1 (Xen public grant_table.h). A granter writes grant_entry_v1 entries
 * in its table frames (placed with add_to_physmap); another domain named in an entry maps
 * the granted page into its own guest physical space (map_grant_ref) with the granter's
 * permission (a read-only grant maps read-only in stage 2), unmaps it, or copies through it.
 * Mappings are tracked per mapper; when either side dies every mapping between them goes,
 * before the granter's memory is freed. One lock for all grant state: these are not
 * real-time paths, and the work per call is bounded (GRANT_OP_MAX entries).
 */
#include <asm/mmu.h>
#include <asm/p2m.h>
#include <asm/spinlock.h>
#include <public/arch-arm.h>
#include <public/xen.h>
#include <string.h>
#include <tessera/domain.h>
#include <tessera/errno.h>
#include <tessera/page_alloc.h>
#include <tessera/printk.h>
#include <pv/hypercall.h>
#include <pv/pv.h>

#define GRANT_OP_MAX 64
#define GRANT_REFS   (PV_GNTTAB_FRAMES * PV_GRANTS_PER_FRAME)

static spinlock_t gnttab_lock = SPINLOCK_INIT;

static struct grant_entry_v1 *grant_entry(struct domain *g, grant_ref_t ref)
{
	struct grant_entry_v1 *frame = phys_to_virt(g->pv.gnttab_pa[ref / PV_GRANTS_PER_FRAME]);

	return &frame[ref % PV_GRANTS_PER_FRAME];
}

/* The granter's page behind ref for domain mapper, checked: 0 or a GNTST_* status. */
static int16_t resolve_grant(struct domain *g, grant_ref_t ref, struct domain *mapper,
			     bool want_write, paddr_t *pa)
{
	struct grant_entry_v1 e;
	enum p2m_type type;

	if (g == NULL || !g->pv.enabled || g->state != DOMAIN_RUNNING)
		return GNTST_bad_domain;
	if (ref >= GRANT_REFS)
		return GNTST_bad_gntref;
	e = *grant_entry(g, ref);
	if ((e.flags & GTF_type_mask) != GTF_permit_access || e.domid != mapper->id)
		return GNTST_permission_denied;
	if (want_write && (e.flags & GTF_readonly))
		return GNTST_permission_denied;
	*pa = p2m_lookup(&g->p2m, (paddr_t)e.frame << PAGE_SHIFT, &type);
	if (*pa == INVALID_PADDR || type != P2M_RAM)
		return GNTST_bad_page;
	return GNTST_okay;
}

static void set_grant_status(struct domain *g, grant_ref_t ref, bool readonly, bool in_use)
{
	uint16_t bit = readonly ? GTF_reading : (GTF_reading | GTF_writing);
	struct grant_entry_v1 *e;

	if (g == NULL || !g->pv.enabled || ref >= GRANT_REFS)
		return;
	e = grant_entry(g, ref);
	if (in_use)
		__atomic_fetch_or(&e->flags, bit, __ATOMIC_SEQ_CST);
	else
		__atomic_fetch_and(&e->flags, (uint16_t)~bit, __ATOMIC_SEQ_CST);
}

static void map_one(struct domain *d, struct gnttab_map_grant_ref *op)
{
	struct domain *g = domain_by_id(op->dom);
	bool ro = (op->flags & GNTMAP_readonly) != 0;
	paddr_t pa;
	int slot = -1;

	op->status = GNTST_okay;
	if (!(op->flags & GNTMAP_host_map) || (op->flags & GNTMAP_contains_pte) ||
	    (op->host_addr & (PAGE_SIZE - 1)) != 0) {
		op->status = GNTST_bad_virt_addr;
		return;
	}
	if (op->dom == d->id || op->dom == DOMID_SELF) {
		op->status = GNTST_bad_domain;
		return;
	}
	/* The place must be empty guest space: not the domain's RAM, devices or magic pages. */
	if (op->host_addr >= (1ULL << p2m_ipa_bits()) ||
	    p2m_lookup(&d->p2m, op->host_addr, NULL) != INVALID_PADDR ||
	    (op->host_addr >= GUEST_GICD_BASE &&
	     op->host_addr < GUEST_GICR_BASE + GUEST_GICR_SIZE) ||
	    (op->host_addr >= GUEST_VPL011_BASE &&
	     op->host_addr < GUEST_VPL011_BASE + GUEST_VPL011_SIZE)) {
		op->status = GNTST_bad_virt_addr;
		return;
	}
	op->status = resolve_grant(g, op->ref, d, !ro, &pa);
	if (op->status != GNTST_okay)
		return;
	/* A read-only grant maps read-only even if the mapper did not ask. */
	if (grant_entry(g, op->ref)->flags & GTF_readonly)
		ro = true;
	for (int i = 0; i < PV_MAPTRACK && slot < 0; i++) {
		if (d->pv.maptrack[i].host_addr == 0)
			slot = i;
	}
	if (slot < 0) {
		op->status = GNTST_general_error; /* no room to track another mapping */
		return;
	}
	if (p2m_map(&d->p2m, op->host_addr, pa, PAGE_SIZE, ro ? P2M_RAM_RO : P2M_RAM_SHARED) < 0) {
		op->status = GNTST_general_error;
		return;
	}
	d->pv.maptrack[slot] = (struct gnttab_mapping){ .host_addr = op->host_addr,
							.ref = op->ref,
							.granter = (uint16_t)g->id,
							.readonly = ro };
	set_grant_status(g, op->ref, ro, true);
	op->handle = (grant_handle_t)slot;
	op->dev_bus_addr = 0;
}

static void drop_mapping(struct domain *d, unsigned int slot)
{
	struct gnttab_mapping *m = &d->pv.maptrack[slot];

	/* map_one mapped one page, so unmapping it splits no block and cannot fail; the grant
	 * must not be released while d can still reach the page. */
	if (p2m_unmap(&d->p2m, m->host_addr, PAGE_SIZE) < 0)
		panic("grant: d%u keeps its mapping at 0x%llx", d->id,
		      (unsigned long long)m->host_addr);
	set_grant_status(domain_by_id(m->granter), m->ref, m->readonly, false);
	*m = (struct gnttab_mapping){ 0 };
}

static void unmap_one(struct domain *d, struct gnttab_unmap_grant_ref *op)
{
	struct gnttab_mapping *m;

	if (op->handle >= PV_MAPTRACK || d->pv.maptrack[op->handle].host_addr == 0) {
		op->status = GNTST_bad_handle;
		return;
	}
	m = &d->pv.maptrack[op->handle];
	if (op->host_addr != 0 && op->host_addr != m->host_addr) {
		op->status = GNTST_bad_virt_addr;
		return;
	}
	drop_mapping(d, op->handle);
	op->status = GNTST_okay;
}

/* One end of a copy: a grant of another domain, or a frame of the caller's own RAM. */
static int16_t copy_end(struct domain *d, const struct gnttab_copy_ptr *p, bool gref, bool write,
			paddr_t *pa)
{
	enum p2m_type type;

	if (gref)
		return resolve_grant(domain_by_id(p->domid), p->u.ref, d, write, pa);
	if (p->domid != DOMID_SELF && p->domid != d->id)
		return GNTST_permission_denied; /* only a control domain may name others' frames */
	*pa = p2m_lookup(&d->p2m, (paddr_t)p->u.gmfn << PAGE_SHIFT, &type);
	if (*pa == INVALID_PADDR || (type != P2M_RAM && (write || type != P2M_RAM_RO)))
		return GNTST_bad_page;
	return GNTST_okay;
}

static void copy_one(struct domain *d, struct gnttab_copy *op)
{
	paddr_t src, dst;

	if ((uint32_t)op->source.offset + op->len > PAGE_SIZE ||
	    (uint32_t)op->dest.offset + op->len > PAGE_SIZE) {
		op->status = GNTST_bad_copy_arg;
		return;
	}
	op->status = copy_end(d, &op->source, op->flags & GNTCOPY_source_gref, false, &src);
	if (op->status == GNTST_okay)
		op->status = copy_end(d, &op->dest, op->flags & GNTCOPY_dest_gref, true, &dst);
	if (op->status == GNTST_okay)
		memmove((char *)phys_to_virt(dst) + op->dest.offset,
			(const char *)phys_to_virt(src) + op->source.offset, op->len);
}

/* map, unmap, copy: an array of count entries, each with its own status written back. */
static int64_t batch(struct vcpu *v, uint64_t cmd, uint64_t arg, uint64_t count)
{
	static const size_t sizes[] = { [GNTTABOP_map_grant_ref] =
						sizeof(struct gnttab_map_grant_ref),
					[GNTTABOP_unmap_grant_ref] =
						sizeof(struct gnttab_unmap_grant_ref),
					[GNTTABOP_copy] = sizeof(struct gnttab_copy) };
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
			map_one(v->domain, &op.map);
		else if (cmd == GNTTABOP_unmap_grant_ref)
			unmap_one(v->domain, &op.unmap);
		else
			copy_one(v->domain, &op.copy);
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
	bool mapped = false;

	for (unsigned int id = 1; id <= DOMAIN_MAX && !mapped; id++) {
		struct domain *m = domain_by_id(id);

		for (unsigned int i = 0; m != NULL && m->pv.maptrack != NULL && i < PV_MAPTRACK;
		     i++) {
			const struct gnttab_mapping *t = &m->pv.maptrack[i];
			paddr_t mapped_pa;

			if (t->host_addr == 0 || t->granter != g->id)
				continue;
			mapped_pa = p2m_lookup(&m->p2m, t->host_addr, NULL);
			if (mapped_pa == pa)
				mapped = true;
		}
	}
	return mapped;
}

void gnttab_domain_teardown(struct domain *d)
{
	uint64_t flags = spin_lock_irqsave(&gnttab_lock);

	/* What d mapped of others: just release the granters' status bits. */
	for (unsigned int i = 0; d->pv.maptrack != NULL && i < PV_MAPTRACK; i++) {
		if (d->pv.maptrack[i].host_addr != 0)
			drop_mapping(d, i);
	}
	/* What others mapped of d: out of their stage 2 (and TLBs) before d's RAM is freed. */
	for (unsigned int id = 1; id <= DOMAIN_MAX; id++) {
		struct domain *m = domain_by_id(id);

		if (m == NULL || m == d || m->pv.maptrack == NULL)
			continue;
		for (unsigned int i = 0; i < PV_MAPTRACK; i++) {
			if (m->pv.maptrack[i].host_addr != 0 && m->pv.maptrack[i].granter == d->id)
				drop_mapping(m, i);
		}
	}
	spin_unlock_irqrestore(&gnttab_lock, flags);
}

int64_t do_grant_table_op(struct vcpu *v, const uint64_t a[5])
{
	struct domain *d = v->domain;
	uint64_t count = a[2];

	if (!d->pv.enabled)
		return -ENOSYS;
	if (count > GRANT_OP_MAX)
		return -EINVAL;
	switch (a[0]) {
	case GNTTABOP_map_grant_ref:
	case GNTTABOP_unmap_grant_ref:
	case GNTTABOP_copy:
		return batch(v, a[0], a[1], count);
	case GNTTABOP_query_size: {
		struct gnttab_query_size q;

		if (count != 1)
			return -EINVAL;
		if (copy_from_guest(v, &q, a[1], sizeof(q)) < 0)
			return -EFAULT;
		if (q.dom != DOMID_SELF && q.dom != d->id)
			return -EPERM;
		q.nr_frames = PV_GNTTAB_FRAMES;
		q.max_nr_frames = PV_GNTTAB_FRAMES;
		q.status = GNTST_okay;
		return copy_to_guest(v, a[1], &q, sizeof(q)) < 0 ? -EFAULT : 0;
	}
	case GNTTABOP_set_version: {
		struct gnttab_set_version sv;

		if (count != 1)
			return -EINVAL;
		if (copy_from_guest(v, &sv, a[1], sizeof(sv)) < 0)
			return -EFAULT;
		if (sv.version != 1) {
			sv.version = 1;
			/* best effort: the guest gets -EINVAL either way */
			(void)copy_to_guest(v, a[1], &sv, sizeof(sv));
			return -EINVAL; /* only v1 */
		}
		return 0;
	}
	default:
		return -ENOSYS;
	}
}
