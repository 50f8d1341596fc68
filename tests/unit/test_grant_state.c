// SPDX-License-Identifier: Apache-2.0
// UNIT-SOURCES: pv/grant_state.c
// Verifies: REQ-ABI-010, REQ-ABI-012
/*
 * The grant-table state machine (pv/grant_state.c) over a fake machine: three domains, each
 * with a few RAM pages (host buffers whose addresses stand for machine addresses) and a
 * stage 2 that is a list of the pages map() put where. The tests look at that list, at the
 * grant entries' status bits and at the answers the guests would get.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <tessera/errno.h>
#include <pv/grant_state.h>

#define DOMS	   3
#define RAM_PAGES  8
#define RAM_GFN	   0x40000ULL /* the fake guests' RAM starts at 1 GiB */
#define MAP_IPA	   0x80000000ULL
#define S2_MAX	   (GNTTAB_MAPTRACK + 8)
#define PAGE_BYTES 4096

struct s2_entry {
	uint64_t ipa;
	paddr_t page;
	bool readonly;
};

struct fake_domain {
	struct gnttab gt;
	struct grant_entry_v1 table[GNTTAB_FRAMES][GNTTAB_GRANTS_PER_PAGE];
	struct gnttab_mapping maptrack[GNTTAB_MAPTRACK];
	uint8_t (*ram)[PAGE_BYTES];
	struct s2_entry s2[S2_MAX];
	bool exists;
};

static struct fake_domain *doms[DOMS + 1]; /* ids 1..DOMS */

static struct fake_domain *fake_of(struct gnttab *t)
{
	return doms[t->domid];
}

static struct gnttab *fake_lookup(unsigned int id)
{
	return id >= 1 && id <= DOMS && doms[id]->exists ? &doms[id]->gt : NULL;
}

/* Runs once at the next ram_page question: the granter acting while Tessera works. */
static void (*ram_page_hook)(void);

static int fake_ram_page(struct gnttab *t, uint64_t gfn, bool write, paddr_t *page)
{
	void (*hook)(void) = ram_page_hook;

	(void)write;
	ram_page_hook = NULL;
	if (hook != NULL)
		hook();
	if (gfn < RAM_GFN || gfn >= RAM_GFN + RAM_PAGES)
		return -EINVAL;
	*page = (paddr_t)(uintptr_t)fake_of(t)->ram[gfn - RAM_GFN];
	return 0;
}

static struct s2_entry *s2_find(struct fake_domain *f, uint64_t ipa)
{
	for (unsigned int i = 0; i < S2_MAX; i++) {
		if (f->s2[i].ipa == ipa && ipa != 0)
			return &f->s2[i];
	}
	return NULL;
}

static bool fake_space_free(struct gnttab *t, uint64_t ipa)
{
	uint64_t gfn = ipa / PAGE_BYTES;

	return !(gfn >= RAM_GFN && gfn < RAM_GFN + RAM_PAGES) && s2_find(fake_of(t), ipa) == NULL;
}

static int fake_map(struct gnttab *t, uint64_t ipa, paddr_t page, bool readonly)
{
	struct s2_entry *e = s2_find(fake_of(t), 0);

	for (unsigned int i = 0; e == NULL && i < S2_MAX; i++) {
		if (fake_of(t)->s2[i].ipa == 0)
			e = &fake_of(t)->s2[i];
	}
	if (e == NULL)
		return -ENOMEM;
	*e = (struct s2_entry){ ipa, page, readonly };
	return 0;
}

static void fake_unmap(struct gnttab *t, uint64_t ipa)
{
	struct s2_entry *e = s2_find(fake_of(t), ipa);

	assert_non_null(e); /* the state machine unmaps only what it mapped */
	*e = (struct s2_entry){ 0 };
}

static void *fake_page_va(paddr_t page)
{
	return (void *)(uintptr_t)page;
}

static const struct gnttab_env env = {
	.max_domid = DOMS,
	.lookup = fake_lookup,
	.ram_page = fake_ram_page,
	.space_free = fake_space_free,
	.map = fake_map,
	.unmap = fake_unmap,
	.page_va = fake_page_va,
};

static int setup(void **state)
{
	(void)state;
	for (unsigned int id = 1; id <= DOMS; id++) {
		struct grant_entry_v1 *frames[GNTTAB_FRAMES];

		doms[id] = calloc(1, sizeof(*doms[id]));
		assert_non_null(doms[id]);
		doms[id]->ram = aligned_alloc(PAGE_BYTES, RAM_PAGES * PAGE_BYTES);
		assert_non_null(doms[id]->ram);
		memset(doms[id]->ram, (int)id, RAM_PAGES * PAGE_BYTES);
		for (unsigned int i = 0; i < GNTTAB_FRAMES; i++)
			frames[i] = doms[id]->table[i];
		gnttab_init(&doms[id]->gt, (uint16_t)id, frames, doms[id]->maptrack);
		doms[id]->exists = true;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (unsigned int id = 1; id <= DOMS; id++) {
		free(doms[id]->ram);
		free(doms[id]);
	}
	return 0;
}

/* Granter g lets domain to use its RAM page n (read-only or not) as ref. */
static void grant(unsigned int g, grant_ref_t ref, unsigned int to, unsigned int n, bool ro)
{
	struct grant_entry_v1 *e =
		&doms[g]->table[ref / GNTTAB_GRANTS_PER_PAGE][ref % GNTTAB_GRANTS_PER_PAGE];

	e->domid = (domid_t)to;
	e->frame = (uint32_t)(RAM_GFN + n);
	e->flags = (uint16_t)(GTF_permit_access | (ro ? GTF_readonly : 0));
}

static uint16_t grant_flags(unsigned int g, grant_ref_t ref)
{
	return doms[g]->table[ref / GNTTAB_GRANTS_PER_PAGE][ref % GNTTAB_GRANTS_PER_PAGE].flags;
}

static struct gnttab_map_grant_ref map(unsigned int mapper, unsigned int g, grant_ref_t ref,
				       uint64_t ipa, bool ro)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = ipa,
		.flags = GNTMAP_host_map | (ro ? GNTMAP_readonly : 0),
		.ref = ref,
		.dom = (domid_t)g,
	};

	gnttab_map(&env, &doms[mapper]->gt, &op);
	return op;
}

static int16_t unmap(unsigned int mapper, grant_handle_t handle)
{
	struct gnttab_unmap_grant_ref op = { .handle = handle };

	gnttab_unmap(&env, &doms[mapper]->gt, &op);
	return op.status;
}

static paddr_t ram_page(unsigned int id, unsigned int n)
{
	return (paddr_t)(uintptr_t)doms[id]->ram[n];
}

static unsigned int s2_count(unsigned int id)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < S2_MAX; i++)
		n += doms[id]->s2[i].ipa != 0;
	return n;
}

static void test_query_size_and_setup_table_say_where_the_frames_are(void **state)
{
	struct gnttab_query_size q = { 0 };
	uint64_t frames[GNTTAB_FRAMES];

	(void)state;
	gnttab_query_size(&doms[1]->gt, &q);
	assert_int_equal(q.nr_frames, GNTTAB_FRAMES);
	assert_int_equal(q.max_nr_frames, GNTTAB_FRAMES);
	assert_int_equal(q.status, GNTST_okay);

	assert_int_equal(gnttab_setup_table(&doms[1]->gt, GNTTAB_FRAMES, frames), GNTST_okay);
	for (unsigned int i = 0; i < GNTTAB_FRAMES; i++)
		assert_true(frames[i] == GNTTAB_NO_GFN); /* not placed yet: INVALID_GFN */
	gnttab_frame_placed(&doms[1]->gt, 1, 0x38001);
	gnttab_frame_placed(&doms[1]->gt, GNTTAB_FRAMES, 0x1234); /* no such frame: ignored */
	assert_int_equal(gnttab_setup_table(&doms[1]->gt, 2, frames), GNTST_okay);
	assert_true(frames[0] == GNTTAB_NO_GFN);
	assert_true(frames[1] == 0x38001);
	assert_int_equal(gnttab_setup_table(&doms[1]->gt, GNTTAB_FRAMES + 1, frames),
			 GNTST_general_error);
	assert_int_equal(gnttab_setup_table(&doms[1]->gt, UINT32_MAX, frames), GNTST_general_error);
}

static void test_read_only_grant_maps_read_only_and_cannot_be_mapped_writable(void **state)
{
	struct gnttab_map_grant_ref op;

	(void)state;
	grant(1, 7, 2, 3, true);
	op = map(2, 1, 7, MAP_IPA, false); /* asks for write access */
	assert_int_equal(op.status, GNTST_permission_denied);
	assert_int_equal(s2_count(2), 0);

	op = map(2, 1, 7, MAP_IPA, true);
	assert_int_equal(op.status, GNTST_okay);
	assert_true(s2_find(doms[2], MAP_IPA)->page == ram_page(1, 3));
	assert_true(s2_find(doms[2], MAP_IPA)->readonly);
	assert_int_equal(grant_flags(1, 7) & (GTF_reading | GTF_writing), GTF_reading);
	assert_true(gnttab_page_mapped(&env, &doms[1]->gt, ram_page(1, 3)));
	assert_true(gnttab_mapped_at(&doms[2]->gt, MAP_IPA));

	assert_int_equal(unmap(2, op.handle), GNTST_okay);
	assert_int_equal(s2_count(2), 0);
	assert_int_equal(grant_flags(1, 7) & (GTF_reading | GTF_writing), 0);
	assert_false(gnttab_page_mapped(&env, &doms[1]->gt, ram_page(1, 3)));
	assert_int_equal(unmap(2, op.handle), GNTST_bad_handle); /* twice */
}

static void test_writable_grant_maps_writable_or_read_only_as_asked(void **state)
{
	struct gnttab_map_grant_ref rw, ro;

	(void)state;
	grant(1, 8, 2, 4, false);
	rw = map(2, 1, 8, MAP_IPA, false);
	ro = map(2, 1, 8, MAP_IPA + PAGE_BYTES, true);
	assert_int_equal(rw.status, GNTST_okay);
	assert_int_equal(ro.status, GNTST_okay);
	assert_false(s2_find(doms[2], MAP_IPA)->readonly);
	assert_true(s2_find(doms[2], MAP_IPA + PAGE_BYTES)->readonly);
	assert_int_equal(grant_flags(1, 8) & (GTF_reading | GTF_writing),
			 GTF_reading | GTF_writing);
}

static void test_grant_to_another_domain_or_no_grant_is_refused(void **state)
{
	(void)state;
	grant(1, 9, 3, 0, false); /* for d3, not d2 */
	assert_int_equal(map(2, 1, 9, MAP_IPA, true).status, GNTST_permission_denied);
	assert_int_equal(map(2, 1, 10, MAP_IPA, true).status, GNTST_permission_denied); /* none */
	assert_int_equal(map(3, 1, 9, MAP_IPA, true).status, GNTST_okay);
	/* Oneself, DOMID_SELF, a domain that does not exist. */
	grant(2, 1, 2, 0, false);
	assert_int_equal(map(2, 2, 1, MAP_IPA, true).status, GNTST_bad_domain);
	assert_int_equal(map(2, DOMID_SELF, 1, MAP_IPA, true).status, GNTST_bad_domain);
	assert_int_equal(map(2, DOMS + 1, 1, MAP_IPA, true).status, GNTST_bad_domain);
	/* A grant of a frame that is not the granter's RAM. */
	doms[1]->table[0][11] = (struct grant_entry_v1){ GTF_permit_access, 2, 0x10 };
	assert_int_equal(map(2, 1, 11, MAP_IPA, true).status, GNTST_bad_page);
	assert_int_equal(s2_count(2), 0);
}

static void test_out_of_range_refs_handles_and_addresses_are_refused(void **state)
{
	struct gnttab_unmap_grant_ref un = { .handle = GNTTAB_MAPTRACK };
	struct gnttab_map_grant_ref op;

	(void)state;
	assert_int_equal(map(2, 1, GNTTAB_REFS, MAP_IPA, true).status, GNTST_bad_gntref);
	assert_int_equal(map(2, 1, UINT32_MAX, MAP_IPA, true).status, GNTST_bad_gntref);
	gnttab_unmap(&env, &doms[2]->gt, &un);
	assert_int_equal(un.status, GNTST_bad_handle);
	un.handle = UINT32_MAX;
	gnttab_unmap(&env, &doms[2]->gt, &un);
	assert_int_equal(un.status, GNTST_bad_handle);

	grant(1, GNTTAB_REFS - 1, 2, 1, false); /* the last ref is fine */
	assert_int_equal(map(2, 1, GNTTAB_REFS - 1, MAP_IPA, true).status, GNTST_okay);
	/* Unaligned, zero, over RAM, over an existing mapping; through a PTE. */
	assert_int_equal(map(2, 1, GNTTAB_REFS - 1, MAP_IPA + 8, true).status, GNTST_bad_virt_addr);
	assert_int_equal(map(2, 1, GNTTAB_REFS - 1, 0, true).status, GNTST_bad_virt_addr);
	assert_int_equal(map(2, 1, GNTTAB_REFS - 1, RAM_GFN * PAGE_BYTES, true).status,
			 GNTST_bad_virt_addr);
	assert_int_equal(map(2, 1, GNTTAB_REFS - 1, MAP_IPA, true).status, GNTST_bad_virt_addr);
	op = (struct gnttab_map_grant_ref){ .host_addr = MAP_IPA + PAGE_BYTES,
					    .flags = GNTMAP_host_map | GNTMAP_contains_pte,
					    .ref = GNTTAB_REFS - 1,
					    .dom = 1 };
	gnttab_map(&env, &doms[2]->gt, &op);
	assert_int_equal(op.status, GNTST_bad_virt_addr);
	/* Unmap naming another address than the handle's. */
	un = (struct gnttab_unmap_grant_ref){ .host_addr = MAP_IPA + PAGE_BYTES, .handle = 0 };
	gnttab_unmap(&env, &doms[2]->gt, &un);
	assert_int_equal(un.status, GNTST_bad_virt_addr);
	assert_int_equal(s2_count(2), 1);
}

static void test_maptrack_exhaustion_refuses_then_recovers_after_an_unmap(void **state)
{
	struct gnttab_map_grant_ref op;

	(void)state;
	grant(1, 20, 2, 5, true);
	for (unsigned int i = 0; i < GNTTAB_MAPTRACK; i++)
		assert_int_equal(map(2, 1, 20, MAP_IPA + i * PAGE_BYTES, true).status, GNTST_okay);
	op = map(2, 1, 20, MAP_IPA + GNTTAB_MAPTRACK * PAGE_BYTES, true);
	assert_int_equal(op.status, GNTST_general_error);
	assert_int_equal(s2_count(2), GNTTAB_MAPTRACK);
	assert_int_equal(unmap(2, 17), GNTST_okay);
	op = map(2, 1, 20, MAP_IPA + GNTTAB_MAPTRACK * PAGE_BYTES, true);
	assert_int_equal(op.status, GNTST_okay);
	assert_int_equal(op.handle, 17);
}

static int16_t copy(unsigned int caller, struct gnttab_copy *op)
{
	gnttab_copy(&env, &doms[caller]->gt, op);
	return op->status;
}

static void test_copy_stays_inside_both_pages_and_honours_read_only(void **state)
{
	struct gnttab_copy op = {
		.source = { .u.ref = 30, .domid = 1, .offset = 100 },
		.dest = { .u.gmfn = RAM_GFN + 2, .domid = DOMID_SELF, .offset = 200 },
		.len = 50,
		.flags = GNTCOPY_source_gref,
	};

	(void)state;
	grant(1, 30, 2, 6, true);
	doms[1]->ram[6][100] = 0xab;
	doms[1]->ram[6][149] = 0xcd;
	assert_int_equal(copy(2, &op), GNTST_okay);
	assert_int_equal(doms[2]->ram[2][200], 0xab);
	assert_int_equal(doms[2]->ram[2][249], 0xcd);
	assert_int_equal(doms[2]->ram[2][250], 2);

	op.len = 4096 - 200 + 1; /* one byte past the destination page */
	op.source.offset = 0;
	assert_int_equal(copy(2, &op), GNTST_bad_copy_arg);
	op.len = 1;
	op.source.offset = 4096;
	assert_int_equal(copy(2, &op), GNTST_bad_copy_arg);
	op.source.offset = 0xffff;
	op.len = 0xffff;
	assert_int_equal(copy(2, &op), GNTST_bad_copy_arg);

	/* Into the read-only grant: refused; into a frame that is not the caller's RAM, too. */
	op = (struct gnttab_copy){ .source = { .u.gmfn = RAM_GFN, .domid = DOMID_SELF },
				   .dest = { .u.ref = 30, .domid = 1 },
				   .len = 8,
				   .flags = GNTCOPY_dest_gref };
	assert_int_equal(copy(2, &op), GNTST_permission_denied);
	assert_int_equal(doms[1]->ram[6][0], 1);
	op.flags = 0;
	op.dest = (struct gnttab_copy_ptr){ .u.gmfn = 0x10, .domid = DOMID_SELF };
	assert_int_equal(copy(2, &op), GNTST_bad_page);
	/* Another domain's frame without a grant. */
	op.dest = (struct gnttab_copy_ptr){ .u.gmfn = RAM_GFN, .domid = 1 };
	assert_int_equal(copy(2, &op), GNTST_permission_denied);
	op.source = (struct gnttab_copy_ptr){ .u.ref = GNTTAB_REFS, .domid = 1 };
	op.dest = (struct gnttab_copy_ptr){ .u.gmfn = RAM_GFN, .domid = DOMID_SELF };
	op.flags = GNTCOPY_source_gref;
	assert_int_equal(copy(2, &op), GNTST_bad_gntref);
}

static void test_granter_death_removes_every_mapping_of_and_by_it(void **state)
{
	(void)state;
	grant(1, 40, 2, 0, false);
	grant(1, 41, 3, 1, true);
	grant(3, 42, 1, 2, false);
	assert_int_equal(map(2, 1, 40, MAP_IPA, false).status, GNTST_okay);
	assert_int_equal(map(3, 1, 41, MAP_IPA, true).status, GNTST_okay);
	assert_int_equal(map(1, 3, 42, MAP_IPA, false).status, GNTST_okay); /* d1 maps d3's */
	assert_int_equal(grant_flags(3, 42) & GTF_writing, GTF_writing);

	gnttab_teardown(&env, &doms[1]->gt);
	assert_int_equal(s2_count(1), 0);
	assert_int_equal(s2_count(2), 0);
	assert_int_equal(s2_count(3), 0);
	assert_int_equal(grant_flags(3, 42) & (GTF_reading | GTF_writing), 0);
	assert_false(gnttab_page_mapped(&env, &doms[1]->gt, ram_page(1, 0)));
	for (unsigned int i = 0; i < GNTTAB_MAPTRACK; i++) {
		assert_true(doms[2]->maptrack[i].host_addr == 0);
		assert_true(doms[3]->maptrack[i].host_addr == 0);
	}
	/* Dying: nothing of it can be mapped again, and it maps nothing. */
	assert_int_equal(map(2, 1, 40, MAP_IPA, false).status, GNTST_bad_domain);
	assert_int_equal(map(1, 3, 42, MAP_IPA, false).status, GNTST_general_error);
}

static void test_mapper_death_releases_its_grants_and_leaves_others_alone(void **state)
{
	(void)state;
	grant(1, 50, 2, 0, false);
	grant(1, 51, 2, 1, true);
	grant(1, 52, 3, 2, false);
	assert_int_equal(map(2, 1, 50, MAP_IPA, false).status, GNTST_okay);
	assert_int_equal(map(2, 1, 51, MAP_IPA + PAGE_BYTES, true).status, GNTST_okay);
	assert_int_equal(map(3, 1, 52, MAP_IPA, false).status, GNTST_okay);

	gnttab_teardown(&env, &doms[2]->gt);
	assert_int_equal(s2_count(2), 0);
	assert_int_equal(grant_flags(1, 50) & (GTF_reading | GTF_writing), 0);
	assert_int_equal(grant_flags(1, 51) & (GTF_reading | GTF_writing), 0);
	assert_false(gnttab_page_mapped(&env, &doms[1]->gt, ram_page(1, 0)));
	/* d3's mapping of d1 is not d2's business. */
	assert_int_equal(s2_count(3), 1);
	assert_int_equal(grant_flags(1, 52) & GTF_writing, GTF_writing);
	assert_true(gnttab_page_mapped(&env, &doms[1]->gt, ram_page(1, 2)));
}

static void test_granter_may_revoke_after_the_mapper_unmapped(void **state)
{
	struct gnttab_map_grant_ref op;

	(void)state;
	grant(1, 60, 2, 0, false);
	op = map(2, 1, 60, MAP_IPA, false);
	assert_int_equal(op.status, GNTST_okay);
	/* The granter rewrites the entry while mapped: the mapping keeps the page it got. */
	grant(1, 60, 3, 1, false);
	assert_true(s2_find(doms[2], MAP_IPA)->page == ram_page(1, 0));
	assert_int_equal(unmap(2, op.handle), GNTST_okay);
	assert_int_equal(map(2, 1, 60, MAP_IPA, false).status, GNTST_permission_denied);
}

static void test_a_ref_mapped_twice_stays_in_use_until_the_last_unmap(void **state)
{
	struct gnttab_map_grant_ref rw, ro;

	(void)state;
	grant(1, 70, 2, 0, false);
	rw = map(2, 1, 70, MAP_IPA, false);
	ro = map(2, 1, 70, MAP_IPA + PAGE_BYTES, true);
	assert_int_equal(rw.status, GNTST_okay);
	assert_int_equal(ro.status, GNTST_okay);
	/* The writable mapping goes: the read-only one still reads the page. */
	assert_int_equal(unmap(2, rw.handle), GNTST_okay);
	assert_int_equal(grant_flags(1, 70) & (GTF_reading | GTF_writing), GTF_reading);
	assert_int_equal(unmap(2, ro.handle), GNTST_okay);
	assert_int_equal(grant_flags(1, 70) & (GTF_reading | GTF_writing), 0);
}

static grant_ref_t ending_ref;
static bool ended;

/* The granter ends access as Linux does (gnttab_end_foreign_access_ref): the entry goes to
 * 0 by compare-and-swap, only while no in-use bit is set. */
static void granter_ends_access(void)
{
	uint16_t *flags = &doms[1]->table[0][ending_ref].flags;
	uint16_t old = __atomic_load_n(flags, __ATOMIC_SEQ_CST);

	ended = (old & (GTF_reading | GTF_writing)) == 0 &&
		__atomic_compare_exchange_n(flags, &old, 0, false, __ATOMIC_SEQ_CST,
					    __ATOMIC_SEQ_CST);
}

static void test_a_granter_ending_access_meanwhile_never_loses_its_page(void **state)
{
	struct gnttab_copy op = {
		.source = { .u.ref = 81, .domid = 1 },
		.dest = { .u.gmfn = RAM_GFN + 3, .domid = DOMID_SELF },
		.len = 16,
		.flags = GNTCOPY_source_gref,
	};
	struct gnttab_map_grant_ref m;

	(void)state;
	/* A map: either the granter ended access first and the map is refused, or the grant
	 * was in use by then and the end failed (the granter keeps the page away from reuse). */
	grant(1, 80, 2, 0, false);
	ending_ref = 80;
	ram_page_hook = granter_ends_access;
	m = map(2, 1, 80, MAP_IPA, false);
	assert_false(ended && m.status == GNTST_okay);
	assert_int_equal(m.status, GNTST_okay);
	assert_int_equal(grant_flags(1, 80) & GTF_writing, GTF_writing);

	/* A copy holds the grant for as long as it reads the page, and lets it go after. */
	grant(1, 81, 2, 1, true);
	ending_ref = 81;
	ram_page_hook = granter_ends_access;
	assert_int_equal(copy(2, &op), GNTST_okay);
	assert_false(ended);
	assert_int_equal(doms[2]->ram[3][0], 1);
	assert_int_equal(grant_flags(1, 81), GTF_permit_access | GTF_readonly);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_query_size_and_setup_table_say_where_the_frames_are),
		T(test_read_only_grant_maps_read_only_and_cannot_be_mapped_writable),
		T(test_writable_grant_maps_writable_or_read_only_as_asked),
		T(test_grant_to_another_domain_or_no_grant_is_refused),
		T(test_out_of_range_refs_handles_and_addresses_are_refused),
		T(test_maptrack_exhaustion_refuses_then_recovers_after_an_unmap),
		T(test_copy_stays_inside_both_pages_and_honours_read_only),
		T(test_granter_death_removes_every_mapping_of_and_by_it),
		T(test_mapper_death_releases_its_grants_and_leaves_others_alone),
		T(test_granter_may_revoke_after_the_mapper_unmapped),
		T(test_a_ref_mapped_twice_stays_in_use_until_the_last_unmap),
		T(test_a_granter_ending_access_meanwhile_never_loses_its_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
