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

#define GRANT_ACQUIRE_TRIES 5 /* Xen gives up on an entry that changes under it as often */

_Static_assert(offsetof(struct grant_entry_v1, flags) == 0 &&
		       offsetof(struct grant_entry_v1, domid) == 2,
	       "flags and domid are one 32-bit word, flags in the low half (little-endian)");

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

/* The in-use bits a mapping or a copy holds on its entry (Xen sets the same). */
static uint16_t in_use_bits(bool readonly)
{
	return readonly ? GTF_reading : (GTF_reading | GTF_writing);
}

/*
 * Clears the in-use bits of g's ref that no mapping needs any more: a mapper may map one ref
 * at several addresses, and the granter must see it in use (and not reuse the page) until
 * the last of them goes. Every mapper is looked at: only the one the entry names can map it,
 * but a granter may rename it while mapped.
 */
static void release_grant(const struct gnttab_env *env, struct gnttab *g, grant_ref_t ref)
{
	uint16_t needed = 0;
	uint16_t drop;

	if (g == NULL || g->dying || ref >= GNTTAB_REFS)
		return;
	for (unsigned int id = 1; id <= env->max_domid; id++) {
		const struct gnttab *m = env->lookup(id);

		for (unsigned int i = 0; m != NULL && i < GNTTAB_MAPTRACK; i++) {
			const struct gnttab_mapping *x = &m->maptrack[i];

			if (x->host_addr != 0 && x->granter == g->domid && x->ref == ref)
				needed |= in_use_bits(x->readonly);
		}
	}
	drop = (uint16_t)((GTF_reading | GTF_writing) & ~(unsigned int)needed);
	__atomic_fetch_and(&grant_entry(g, ref)->flags, (uint16_t)~drop, __ATOMIC_SEQ_CST);
}

/*
 * Takes granter g's ref for mapper: checks the entry and sets its in-use bits in one
 * compare-and-swap of flags and domid together (Xen 4.17 grant_table.c, _set_status_v1).
 * A granter ending access at the same time (Linux gnttab_end_foreign_access_ref: a
 * compare-and-swap that fails once an in-use bit is set) either wins first, and the map is
 * refused, or finds the grant in use. The frame is read after that, when the granter may no
 * longer change it. A granter that keeps rewriting the entry makes the swap fail: a few
 * tries, then GNTST_general_error, as Xen ("unstable"). Undone with release_grant.
 */
static int16_t acquire_grant(const struct gnttab_env *env, struct gnttab *g, grant_ref_t ref,
			     const struct gnttab *mapper, bool want_write, paddr_t *page,
			     bool *readonly)
{
	uint32_t *raw;
	uint32_t old;
	uint32_t frame;

	if (g == NULL || g->dying || g == mapper)
		return GNTST_bad_domain;
	if (ref >= GNTTAB_REFS)
		return GNTST_bad_gntref;
	// cppcheck-suppress misra-c2012-11.3 ; 8-byte aligned entry, flags and domid first
	raw = (uint32_t *)grant_entry(g, ref);
	old = __atomic_load_n(raw, __ATOMIC_ACQUIRE);
	for (unsigned int tries = 0;; tries++) {
		uint16_t flags = (uint16_t)(old & 0xffffU);
		bool swapped;

		if ((flags & GTF_type_mask) != GTF_permit_access || (old >> 16) != mapper->domid)
			return GNTST_permission_denied;
		if (want_write && (flags & GTF_readonly))
			return GNTST_permission_denied;
		if (tries == GRANT_ACQUIRE_TRIES)
			return GNTST_general_error;
		/* A read-only grant is taken read-only even if the mapper did not ask. */
		*readonly = !want_write || (flags & GTF_readonly) != 0;
		swapped = __atomic_compare_exchange_n(raw, &old, old | in_use_bits(*readonly),
						      false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
		if (swapped)
			break;
	}
	frame = __atomic_load_n(&grant_entry(g, ref)->frame, __ATOMIC_ACQUIRE);
	if (env->ram_page(g, frame, false, page) < 0) {
		release_grant(env, g, ref);
		return GNTST_bad_page;
	}
	return GNTST_okay;
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
		op->status = acquire_grant(env, g, op->ref, t, !ro, &page, &ro);
	if (op->status != GNTST_okay)
		return;
	slot = free_slot(t);
	if (slot < 0 || env->map(t, op->host_addr, page, ro) < 0) {
		release_grant(env, g, op->ref);
		op->status = GNTST_general_error; /* no room to track or map another page */
		return;
	}
	t->maptrack[slot] = (struct gnttab_mapping){ .host_addr = op->host_addr,
						     .page = page,
						     .ref = op->ref,
						     .granter = g->domid,
						     .readonly = ro };
	op->handle = (grant_handle_t)slot;
	op->dev_bus_addr = 0;
}

static void drop_mapping(const struct gnttab_env *env, struct gnttab *t, unsigned int slot)
{
	struct gnttab_mapping *m = &t->maptrack[slot];
	struct gnttab *g = env->lookup(m->granter);
	grant_ref_t ref = m->ref;

	/* Out of stage 2 before the grant is released: t must not reach the page after. */
	env->unmap(t, m->host_addr);
	*m = (struct gnttab_mapping){ 0 };
	release_grant(env, g, ref);
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

/* One end of a copy: a grant of another domain (*held: taken, to release after the copy),
 * or a frame of the caller's own RAM. */
static int16_t copy_end(const struct gnttab_env *env, struct gnttab *t,
			const struct gnttab_copy_ptr *p, bool gref, bool write, paddr_t *page,
			struct gnttab **held)
{
	struct gnttab *g;
	int16_t status;
	bool ro;

	*held = NULL;
	if (gref) {
		g = p->domid == DOMID_SELF ? t : env->lookup(p->domid);
		status = acquire_grant(env, g, p->u.ref, t, write, page, &ro);
		if (status == GNTST_okay)
			*held = g;
		return status;
	}
	if (p->domid != DOMID_SELF && p->domid != t->domid)
		return GNTST_permission_denied; /* only a control domain may name others' frames */
	return env->ram_page(t, p->u.gmfn, write, page) < 0 ? GNTST_bad_page : GNTST_okay;
}

/* A copy holds both grants in use while it runs, as Xen does: a granter ending access sees
 * them busy until the copy is over. */
void gnttab_copy(const struct gnttab_env *env, struct gnttab *t, struct gnttab_copy *op)
{
	struct gnttab *src_g, *dst_g = NULL;
	paddr_t src, dst;

	/* Both ends stay inside their page (Xen: GNTST_bad_copy_arg). */
	if ((uint32_t)op->source.offset + op->len > 4096U ||
	    (uint32_t)op->dest.offset + op->len > 4096U) {
		op->status = GNTST_bad_copy_arg;
		return;
	}
	op->status =
		copy_end(env, t, &op->source, op->flags & GNTCOPY_source_gref, false, &src, &src_g);
	if (op->status == GNTST_okay)
		op->status = copy_end(env, t, &op->dest, op->flags & GNTCOPY_dest_gref, true, &dst,
				      &dst_g);
	if (op->status == GNTST_okay) {
		uint8_t *to = env->page_va(dst);
		const uint8_t *from = env->page_va(src);

		memmove(to + op->dest.offset, from + op->source.offset, op->len);
	}
	release_grant(env, dst_g, op->dest.u.ref);
	release_grant(env, src_g, op->source.u.ref);
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
