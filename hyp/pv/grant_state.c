// SPDX-License-Identifier: Apache-2.0
/*
 * Grant tables, version 1 (Xen public grant_table.h), as a state machine over struct
 * gnttab_env. A granter writes grant_entry_v1 entries in its table frames; the domain named
 * in an entry maps the granted page into its own guest physical space with the granter's
 * permission (a read-only grant maps read-only whatever the mapper asked), unmaps it, or
 * copies through it. Mappings are tracked per mapper; the GTF_reading/GTF_writing bits of an
 * entry say it is in use, as Xen sets them. When either side dies every mapping between them
 * goes. Every loop is bounded by GNTTAB_MAPTRACK or max_domid.
 */
#include <string.h>
#include <tessera/errno.h>
#include <pv/grant_state.h>

void gnttab_init(struct gnttab *t, uint16_t domid, struct grant_entry_v1 *frames[GNTTAB_FRAMES],
		 struct gnttab_mapping *maptrack)
{
	t->domid = domid;
	t->dying = false;
	for (unsigned int i = 0; i < GNTTAB_FRAMES; i++) {
		t->frames[i] = frames[i];
		t->frame_gfn[i] = GNTTAB_NO_GFN;
	}
	t->maptrack = maptrack;
	memset(maptrack, 0, GNTTAB_MAPTRACK * sizeof(*maptrack));
}

void gnttab_frame_placed(struct gnttab *t, unsigned int idx, uint64_t gfn)
{
	if (idx < GNTTAB_FRAMES)
		t->frame_gfn[idx] = gfn;
}

static struct grant_entry_v1 *grant_entry(const struct gnttab *g, grant_ref_t ref)
{
	return &g->frames[ref / GNTTAB_GRANTS_PER_PAGE][ref % GNTTAB_GRANTS_PER_PAGE];
}

/* Granter g's page behind ref for mapper, checked: GNTST_okay or why not. Each field is read
 * once: the granter may change the entry at any time. */
static int16_t resolve_grant(const struct gnttab_env *env, struct gnttab *g, grant_ref_t ref,
			     const struct gnttab *mapper, bool want_write, paddr_t *page,
			     bool *readonly)
{
	struct grant_entry_v1 e;

	if (g == NULL || g->dying || g == mapper)
		return GNTST_bad_domain;
	if (ref >= GNTTAB_REFS)
		return GNTST_bad_gntref;
	/* Flags first (the granter writes them last), then what they make valid. */
	e.flags = __atomic_load_n(&grant_entry(g, ref)->flags, __ATOMIC_ACQUIRE);
	e.domid = __atomic_load_n(&grant_entry(g, ref)->domid, __ATOMIC_RELAXED);
	e.frame = __atomic_load_n(&grant_entry(g, ref)->frame, __ATOMIC_RELAXED);
	if ((e.flags & GTF_type_mask) != GTF_permit_access || e.domid != mapper->domid)
		return GNTST_permission_denied;
	if (want_write && (e.flags & GTF_readonly))
		return GNTST_permission_denied;
	if (env->ram_page(g, e.frame, false, page) < 0)
		return GNTST_bad_page;
	*readonly = (e.flags & GTF_readonly) != 0;
	return GNTST_okay;
}

static void set_grant_status(struct gnttab *g, grant_ref_t ref, bool readonly, bool in_use)
{
	uint16_t bit = readonly ? GTF_reading : (GTF_reading | GTF_writing);
	struct grant_entry_v1 *e;

	if (g == NULL || g->dying || ref >= GNTTAB_REFS)
		return;
	e = grant_entry(g, ref);
	if (in_use)
		__atomic_fetch_or(&e->flags, bit, __ATOMIC_SEQ_CST);
	else
		__atomic_fetch_and(&e->flags, (uint16_t)~bit, __ATOMIC_SEQ_CST);
}

static int free_slot(const struct gnttab *t)
{
	for (int i = 0; i < GNTTAB_MAPTRACK; i++) {
		if (t->maptrack[i].host_addr == 0)
			return i;
	}
	return -1;
}

void gnttab_map(const struct gnttab_env *env, struct gnttab *t, struct gnttab_map_grant_ref *op)
{
	bool ro = (op->flags & GNTMAP_readonly) != 0;
	bool grant_ro = false;
	struct gnttab *g;
	paddr_t page;
	int slot;

	/* Arm guests map by guest physical address (GNTMAP_host_map), never through a PTE. */
	if (!(op->flags & GNTMAP_host_map) || (op->flags & GNTMAP_contains_pte) ||
	    op->host_addr == 0 || (op->host_addr & 0xfffULL) != 0 ||
	    !env->space_free(t, op->host_addr)) {
		op->status = GNTST_bad_virt_addr;
		return;
	}
	g = op->dom == DOMID_SELF ? t : env->lookup(op->dom);
	if (t->dying)
		op->status = GNTST_general_error;
	else
		op->status = resolve_grant(env, g, op->ref, t, !ro, &page, &grant_ro);
	if (op->status != GNTST_okay)
		return;
	ro = ro || grant_ro; /* a read-only grant maps read-only even if the mapper did not ask */
	slot = free_slot(t);
	if (slot < 0 || env->map(t, op->host_addr, page, ro) < 0) {
		op->status = GNTST_general_error; /* no room to track or map another page */
		return;
	}
	t->maptrack[slot] = (struct gnttab_mapping){ .host_addr = op->host_addr,
						     .page = page,
						     .ref = op->ref,
						     .granter = g->domid,
						     .readonly = ro };
	set_grant_status(g, op->ref, ro, true);
	op->handle = (grant_handle_t)slot;
	op->dev_bus_addr = 0;
}

static void drop_mapping(const struct gnttab_env *env, struct gnttab *t, unsigned int slot)
{
	struct gnttab_mapping *m = &t->maptrack[slot];
	struct gnttab *g = env->lookup(m->granter);

	/* Out of stage 2 before the grant is released: t must not reach the page after. */
	env->unmap(t, m->host_addr);
	set_grant_status(g, m->ref, m->readonly, false);
	*m = (struct gnttab_mapping){ 0 };
}

void gnttab_unmap(const struct gnttab_env *env, struct gnttab *t, struct gnttab_unmap_grant_ref *op)
{
	if (op->handle >= GNTTAB_MAPTRACK || t->maptrack[op->handle].host_addr == 0) {
		op->status = GNTST_bad_handle;
		return;
	}
	if (op->host_addr != 0 && op->host_addr != t->maptrack[op->handle].host_addr) {
		op->status = GNTST_bad_virt_addr;
		return;
	}
	drop_mapping(env, t, op->handle);
	op->status = GNTST_okay;
}

/* One end of a copy: a grant of another domain, or a frame of the caller's own RAM. */
static int16_t copy_end(const struct gnttab_env *env, struct gnttab *t,
			const struct gnttab_copy_ptr *p, bool gref, bool write, paddr_t *page)
{
	bool ro;

	if (gref)
		return resolve_grant(env, p->domid == DOMID_SELF ? t : env->lookup(p->domid),
				     p->u.ref, t, write, page, &ro);
	if (p->domid != DOMID_SELF && p->domid != t->domid)
		return GNTST_permission_denied; /* only a control domain may name others' frames */
	return env->ram_page(t, p->u.gmfn, write, page) < 0 ? GNTST_bad_page : GNTST_okay;
}

void gnttab_copy(const struct gnttab_env *env, struct gnttab *t, struct gnttab_copy *op)
{
	paddr_t src, dst;
	uint8_t *to;
	const uint8_t *from;

	/* Both ends stay inside their page (Xen: GNTST_bad_copy_arg). */
	if ((uint32_t)op->source.offset + op->len > 4096U ||
	    (uint32_t)op->dest.offset + op->len > 4096U) {
		op->status = GNTST_bad_copy_arg;
		return;
	}
	op->status = copy_end(env, t, &op->source, op->flags & GNTCOPY_source_gref, false, &src);
	if (op->status == GNTST_okay)
		op->status = copy_end(env, t, &op->dest, op->flags & GNTCOPY_dest_gref, true, &dst);
	if (op->status != GNTST_okay)
		return;
	to = env->page_va(dst);
	from = env->page_va(src);
	memmove(to + op->dest.offset, from + op->source.offset, op->len);
}

void gnttab_query_size(const struct gnttab *t, struct gnttab_query_size *q)
{
	(void)t;
	q->nr_frames = GNTTAB_FRAMES;
	q->max_nr_frames = GNTTAB_FRAMES;
	q->status = GNTST_okay;
}

int16_t gnttab_setup_table(const struct gnttab *t, uint32_t nr_frames,
			   uint64_t frames[GNTTAB_FRAMES])
{
	/* Xen: more frames than the table may have is GNTST_general_error. On Arm the answer is
	 * where the guest placed each frame, INVALID_GFN until it has. */
	if (nr_frames > GNTTAB_FRAMES)
		return GNTST_general_error;
	for (uint32_t i = 0; i < nr_frames; i++)
		frames[i] = t->frame_gfn[i];
	return GNTST_okay;
}

bool gnttab_page_mapped(const struct gnttab_env *env, const struct gnttab *g, paddr_t page)
{
	for (unsigned int id = 1; id <= env->max_domid; id++) {
		const struct gnttab *m = env->lookup(id);

		for (unsigned int i = 0; m != NULL && i < GNTTAB_MAPTRACK; i++) {
			const struct gnttab_mapping *x = &m->maptrack[i];

			if (x->host_addr != 0 && x->granter == g->domid && x->page == page)
				return true;
		}
	}
	return false;
}

bool gnttab_mapped_at(const struct gnttab *t, uint64_t ipa)
{
	for (unsigned int i = 0; t->maptrack != NULL && i < GNTTAB_MAPTRACK; i++) {
		if (t->maptrack[i].host_addr != 0 && t->maptrack[i].host_addr == ipa)
			return true;
	}
	return false;
}

void gnttab_teardown(const struct gnttab_env *env, struct gnttab *t)
{
	t->dying = true;
	/* What t mapped of others: out of its stage 2, the granters' status bits released. */
	for (unsigned int i = 0; i < GNTTAB_MAPTRACK; i++) {
		if (t->maptrack[i].host_addr != 0)
			drop_mapping(env, t, i);
	}
	/* What others mapped of t: out of their stage 2 (and TLBs) before t's RAM is freed. */
	for (unsigned int id = 1; id <= env->max_domid; id++) {
		struct gnttab *m = env->lookup(id);

		for (unsigned int i = 0; m != NULL && m != t && i < GNTTAB_MAPTRACK; i++) {
			if (m->maptrack[i].host_addr != 0 && m->maptrack[i].granter == t->domid)
				drop_mapping(env, m, i);
		}
	}
}
