// SPDX-License-Identifier: Apache-2.0
// UNIT-SOURCES: core/page_alloc.c core/memmap.c
// Verifies: REQ-MEM-002, REQ-MEM-001, REQ-SCRUB-002
/*
 * The buddy page allocator. The "physical" addresses are plain numbers: the allocator only
 * does arithmetic on them and on the metadata the tests allocate, and touches pages only
 * through the scrub function it is given, here a fake that records what it was asked to
 * scrub. The last test feeds it from the memory map as boot does (REQ-MEM-001): nothing
 * reserved is ever handed out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <tessera/compiler.h>
#include <tessera/errno.h>
#include <tessera/memmap.h>
#include <tessera/page_alloc.h>

#define PG     ((paddr_t)PAGE_SIZE)
#define PFN(a) ((a) >> PAGE_SHIFT)
#define BASE   0x40000000ULL /* 1 GiB: aligned for every order */

static struct page_alloc pa;
static struct page_meta *metas[PAGE_ALLOC_MAX_ZONES];
static unsigned int nr_metas;

/* What the allocator asked to scrub: the calls, the last range, and how many pages were free
 * at that moment (the block must not be free yet while it is scrubbed). */
static struct {
	unsigned int calls;
	paddr_t addr;
	psize_t size;
	uint64_t free_then;
} scrubbed;

/* When a test models what pages hold: called with each page scrubbed. */
static void (*scrub_page_hook)(paddr_t a);

static void fake_scrub(paddr_t addr, psize_t size)
{
	scrubbed.calls++;
	scrubbed.addr = addr;
	scrubbed.size = size;
	scrubbed.free_then = page_alloc_free_count(&pa);
	for (psize_t off = 0; scrub_page_hook != NULL && off < size; off += PG)
		scrub_page_hook(addr + off);
}

static int setup(void **state)
{
	(void)state;
	memset(&pa, 0xa5, sizeof(pa));
	memset(&scrubbed, 0, sizeof(scrubbed));
	scrub_page_hook = NULL;
	page_alloc_init(&pa, fake_scrub);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	while (nr_metas > 0)
		free(metas[--nr_metas]);
	return 0;
}

/* Adds a zone of nr_pages at base, every page in use; returns it. */
static struct page_zone *add_zone(paddr_t base, uint64_t nr_pages)
{
	struct page_meta *meta = malloc(page_alloc_meta_bytes(nr_pages));

	assert_non_null(meta);
	/* Garbage, not zeroes: the allocator must initialise its metadata itself. */
	memset(meta, 0x5a, page_alloc_meta_bytes(nr_pages));
	metas[nr_metas++] = meta;
	assert_int_equal(page_alloc_add_zone(&pa, base, nr_pages * PG, meta), 0);
	return &pa.zones[pa.nr_zones - 1];
}

/* A zone with every page free. */
static struct page_zone *free_zone(paddr_t base, uint64_t nr_pages)
{
	struct page_zone *z = add_zone(base, nr_pages);

	assert_int_equal(page_alloc_free_range(&pa, base, nr_pages * PG), 0);
	assert_int_equal(z->free_pages, nr_pages);
	return z;
}

static unsigned int blocks_of_order(const struct page_zone *z, unsigned int order)
{
	unsigned int n = 0;

	for (uint32_t i = z->free_head[order]; i != PAGE_NONE; i = z->meta[i].next)
		n++;
	return n;
}

/*
 * Walks every free list of z and checks the allocator's invariants: each block lies in the
 * zone, is aligned to its size by frame number, is marked free with its order, is linked
 * both ways, and overlaps no other; no page outside the lists is marked free; the lists add
 * up to free_pages.
 */
static void check_zone(const struct page_zone *z)
{
	uint8_t *seen = calloc(z->nr_pages, 1);
	uint64_t pages = 0, heads = 0, marked = 0;

	assert_non_null(seen);
	for (unsigned int k = 0; k <= PAGE_ALLOC_MAX_ORDER; k++) {
		uint32_t prev = PAGE_NONE;

		for (uint32_t i = z->free_head[k]; i != PAGE_NONE; i = z->meta[i].next) {
			assert_true(i < z->nr_pages);
			assert_true((uint64_t)i + (1ULL << k) <= z->nr_pages);
			assert_true(IS_ALIGNED(PFN(z->base) + i, 1ULL << k));
			assert_int_equal(z->meta[i].free, 1);
			assert_int_equal(z->meta[i].order, k);
			assert_int_equal(z->meta[i].prev, prev);
			for (uint32_t p = i; p < i + (1U << k); p++) {
				assert_int_equal(seen[p], 0);
				seen[p] = 1;
			}
			pages += 1ULL << k;
			heads++;
			prev = i;
		}
	}
	for (uint32_t i = 0; i < z->nr_pages; i++)
		marked += z->meta[i].free;
	assert_int_equal(marked, heads);
	assert_int_equal(pages, z->free_pages);
	free(seen);
}

static uint64_t rng_state;

static uint64_t rng(void)
{
	/* xorshift64: the same sequence on every host, unlike rand(). */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static bool in_range(paddr_t a, paddr_t start, psize_t size)
{
	return a >= start && a - start < size;
}

/* ---------------------------------------------------------------- zones */

static void test_meta_bytes_is_one_entry_per_page(void **state)
{
	(void)state;
	assert_int_equal(page_alloc_meta_bytes(0), 0);
	assert_int_equal(page_alloc_meta_bytes(1), sizeof(struct page_meta));
	assert_int_equal(page_alloc_meta_bytes(1000), 1000 * sizeof(struct page_meta));
}

static void test_new_zone_has_every_page_in_use(void **state)
{
	struct page_zone *z;

	(void)state;
	z = add_zone(BASE, 64);
	assert_int_equal(page_alloc_free_count(&pa), 0);
	assert_int_equal(page_alloc_pages(&pa, 0), INVALID_PADDR);
	check_zone(z);
	/* Pages in use are freed one by one, as a caller that got them would. */
	assert_int_equal(page_alloc_free_pages(&pa, BASE + 5 * PG, 0), 0);
	assert_int_equal(page_alloc_free_count(&pa), 1);
	assert_int_equal(page_alloc_pages(&pa, 0), BASE + 5 * PG);
}

static void test_bad_zone_is_refused(void **state)
{
	struct page_meta dummy;

	(void)state;
	assert_int_equal(page_alloc_add_zone(&pa, BASE + 1, 4 * PG, &dummy), -EINVAL);
	assert_int_equal(page_alloc_add_zone(&pa, BASE, 4 * PG + 8, &dummy), -EINVAL);
	assert_int_equal(page_alloc_add_zone(&pa, BASE, 0, &dummy), -EINVAL);
	assert_int_equal(page_alloc_add_zone(&pa, BASE, 4 * PG, NULL), -EINVAL);
	assert_int_equal(page_alloc_add_zone(&pa, ~(paddr_t)0 - PG + 1, 2 * PG, &dummy), -EINVAL);
	/* Page indexes are 32-bit with UINT32_MAX meaning none: that many pages do not fit. */
	assert_int_equal(page_alloc_add_zone(&pa, 0, (psize_t)PAGE_NONE * PG, &dummy), -EINVAL);
	assert_int_equal(pa.nr_zones, 0);
}

static void test_overlapping_zone_is_refused_with_eexist(void **state)
{
	struct page_meta dummy;

	(void)state;
	add_zone(BASE, 256);
	assert_int_equal(page_alloc_add_zone(&pa, BASE, 256 * PG, &dummy), -EEXIST);
	assert_int_equal(page_alloc_add_zone(&pa, BASE + 255 * PG, 2 * PG, &dummy), -EEXIST);
	assert_int_equal(page_alloc_add_zone(&pa, BASE - PG, 2 * PG, &dummy), -EEXIST);
	assert_int_equal(page_alloc_add_zone(&pa, BASE + 8 * PG, PG, &dummy), -EEXIST);
	assert_int_equal(pa.nr_zones, 1);
}

static void test_zone_table_full_gives_enospc(void **state)
{
	struct page_meta dummy;

	(void)state;
	for (unsigned int i = 0; i < PAGE_ALLOC_MAX_ZONES; i++)
		add_zone(BASE + i * MiB(1), 4);
	assert_int_equal(page_alloc_add_zone(&pa, 0, 4 * PG, &dummy), -ENOSPC);
	assert_int_equal(pa.nr_zones, PAGE_ALLOC_MAX_ZONES);
}

/* ---------------------------------------------------------------- alloc and free */

static void test_freeing_an_aligned_zone_makes_one_largest_block(void **state)
{
	struct page_zone *z;

	(void)state;
	z = free_zone(BASE, 1024);
	assert_int_equal(blocks_of_order(z, 10), 1);
	assert_int_equal(z->free_head[10], 0);
	for (unsigned int k = 0; k <= PAGE_ALLOC_MAX_ORDER; k++) {
		if (k != 10)
			assert_int_equal(blocks_of_order(z, k), 0);
	}
	check_zone(z);
}

static void test_each_order_allocates_an_aligned_block_and_frees_back(void **state)
{
	const uint64_t pages = 1ULL << PAGE_ALLOC_MAX_ORDER;
	struct page_zone *z;

	(void)state;
	z = free_zone(BASE, pages);
	assert_int_equal(blocks_of_order(z, PAGE_ALLOC_MAX_ORDER), 1);
	for (unsigned int order = 0; order <= PAGE_ALLOC_MAX_ORDER; order++) {
		paddr_t a = page_alloc_pages(&pa, order);

		assert_int_not_equal(a, INVALID_PADDR);
		assert_true(IS_ALIGNED(a, PG << order));
		assert_true(in_range(a, BASE, pages * PG - (PG << order) + 1));
		assert_int_equal(page_alloc_free_count(&pa), pages - (1ULL << order));
		check_zone(z);
		assert_int_equal(page_alloc_free_pages(&pa, a, order), 0);
		assert_int_equal(page_alloc_free_count(&pa), pages);
		/* Coalesced all the way back up. */
		assert_int_equal(blocks_of_order(z, PAGE_ALLOC_MAX_ORDER), 1);
	}
	check_zone(z);
}

static void test_order_above_max_is_refused(void **state)
{
	(void)state;
	free_zone(BASE, 1ULL << PAGE_ALLOC_MAX_ORDER);
	assert_int_equal(page_alloc_pages(&pa, PAGE_ALLOC_MAX_ORDER + 1), INVALID_PADDR);
	assert_int_equal(page_alloc_free_pages(&pa, BASE, PAGE_ALLOC_MAX_ORDER + 1), -EINVAL);
	assert_int_equal(page_alloc_free_count(&pa), 1ULL << PAGE_ALLOC_MAX_ORDER);
}

static void test_freeing_every_page_in_any_order_coalesces_completely(void **state)
{
	enum { N = 256 };
	paddr_t got[N];
	struct page_zone *z;

	(void)state;
	z = free_zone(BASE, N);
	for (unsigned int i = 0; i < N; i++) {
		got[i] = page_alloc_pages(&pa, 0);
		assert_true(in_range(got[i], BASE, N * PG));
		for (unsigned int j = 0; j < i; j++)
			assert_int_not_equal(got[i], got[j]);
	}
	assert_int_equal(page_alloc_pages(&pa, 0), INVALID_PADDR);
	/* Fisher-Yates with a fixed seed: free in a scrambled but repeatable order. */
	rng_state = 12345;
	for (unsigned int i = N - 1; i > 0; i--) {
		unsigned int j = (unsigned int)(rng() % (i + 1));
		paddr_t t = got[i];

		got[i] = got[j];
		got[j] = t;
	}
	for (unsigned int i = 0; i < N; i++)
		assert_int_equal(page_alloc_free_pages(&pa, got[i], 0), 0);
	assert_int_equal(page_alloc_free_count(&pa), N);
	assert_int_equal(blocks_of_order(z, 8), 1);
	check_zone(z);
	assert_int_equal(page_alloc_pages(&pa, 8), BASE);
}

/*
 * A zone of 1000 pages from frame 0x40003: blocks are aligned to their size physically, not
 * relative to the zone, so no 512-page block fits although 1000 pages are free.
 */
static void test_zone_with_unaligned_base_gives_physically_aligned_blocks(void **state)
{
	const paddr_t base = BASE + 3 * PG;
	const uint64_t pages = 1000;
	uint64_t taken = 0;
	struct page_zone *z;

	(void)state;
	z = free_zone(base, pages);
	check_zone(z);
	assert_int_equal(page_alloc_pages(&pa, 9), INVALID_PADDR);
	for (int order = 8; order >= 0; order--) {
		paddr_t a;

		while ((a = page_alloc_pages(&pa, (unsigned int)order)) != INVALID_PADDR) {
			assert_true(IS_ALIGNED(a, PG << order));
			assert_true(in_range(a, base, pages * PG));
			assert_true(in_range(a + (PG << order) - 1, base, pages * PG));
			taken += 1ULL << order;
		}
	}
	assert_int_equal(taken, pages);
	assert_int_equal(page_alloc_free_count(&pa), 0);
	check_zone(z);
}

static void test_exhaustion_returns_invalid_paddr(void **state)
{
	paddr_t a;

	(void)state;
	free_zone(BASE, 64);
	assert_int_equal(page_alloc_pages(&pa, 7), INVALID_PADDR);
	a = page_alloc_pages(&pa, 6);
	assert_int_equal(a, BASE);
	assert_int_equal(page_alloc_pages(&pa, 0), INVALID_PADDR);
	assert_int_equal(page_alloc_free_count(&pa), 0);
	assert_int_equal(page_alloc_free_pages(&pa, a, 6), 0);
	assert_int_equal(page_alloc_pages(&pa, 6), BASE);
}

static void test_small_allocation_uses_a_small_block_before_splitting_a_large_one(void **state)
{
	struct page_zone *z;

	(void)state;
	z = add_zone(BASE, 64);
	assert_int_equal(page_alloc_free_range(&pa, BASE, 32 * PG), 0);
	assert_int_equal(page_alloc_free_range(&pa, BASE + 40 * PG, PG), 0);
	assert_int_equal(page_alloc_pages(&pa, 0), BASE + 40 * PG);
	assert_int_equal(blocks_of_order(z, 5), 1);
}

static void test_double_free_is_refused(void **state)
{
	paddr_t a, b;

	(void)state;
	free_zone(BASE, 64);
	a = page_alloc_pages(&pa, 2);
	b = page_alloc_pages(&pa, 2);
	assert_int_equal(page_alloc_free_pages(&pa, a, 2), 0);
	assert_int_equal(page_alloc_free_pages(&pa, a, 2), -EINVAL);
	assert_int_equal(page_alloc_free_count(&pa), 60);
	/* Also when the freed block has since merged into a larger one. */
	assert_int_equal(page_alloc_free_pages(&pa, b, 2), 0);
	assert_int_equal(page_alloc_free_pages(&pa, b, 2), -EINVAL);
	assert_int_equal(page_alloc_free_pages(&pa, b + PG, 0), -EINVAL);
	assert_int_equal(page_alloc_free_count(&pa), 64);
	check_zone(&pa.zones[0]);
}

static void test_free_of_a_partly_free_block_is_refused(void **state)
{
	paddr_t a;

	(void)state;
	free_zone(BASE, 64);
	a = page_alloc_pages(&pa, 1);
	assert_int_equal(page_alloc_free_pages(&pa, a + PG, 0), 0);
	/* One of its two pages is free already: freeing both must not free it twice. */
	assert_int_equal(page_alloc_free_pages(&pa, a, 1), -EINVAL);
	assert_int_equal(page_alloc_free_count(&pa), 63);
	assert_int_equal(page_alloc_free_pages(&pa, a, 0), 0);
	assert_int_equal(page_alloc_free_count(&pa), 64);
	check_zone(&pa.zones[0]);
}

static void test_misaligned_free_is_refused(void **state)
{
	paddr_t a;

	(void)state;
	free_zone(BASE, 64);
	a = page_alloc_pages(&pa, 3);
	assert_int_equal(page_alloc_free_pages(&pa, a + 1, 0), -EINVAL);
	assert_int_equal(page_alloc_free_pages(&pa, a + 0x800, 3), -EINVAL);
	assert_int_equal(page_alloc_free_pages(&pa, a + PG, 3), -EINVAL);
	assert_int_equal(page_alloc_free_pages(&pa, a + 4 * PG, 3), -EINVAL);
	assert_int_equal(page_alloc_free_count(&pa), 56);
	assert_int_equal(page_alloc_free_pages(&pa, a, 3), 0);
}

static void test_free_outside_a_zone_is_refused(void **state)
{
	(void)state;
	/* Frames 8..19: pages in use, so that only the zone bounds can refuse these frees. */
	add_zone(BASE + 8 * PG, 12);
	assert_int_equal(page_alloc_free_pages(&pa, BASE, 0), -EINVAL);
	assert_int_equal(page_alloc_free_pages(&pa, BASE + 20 * PG, 0), -EINVAL);
	/* Aligned and starting in the zone, but running past its end. */
	assert_int_equal(page_alloc_free_pages(&pa, BASE + 16 * PG, 3), -EINVAL);
	/* Aligned, ending in the zone but starting before it. */
	assert_int_equal(page_alloc_free_pages(&pa, BASE, 4), -EINVAL);
	assert_int_equal(page_alloc_free_count(&pa), 0);
}

/* ---------------------------------------------------------------- scrubbing */

static void test_freed_block_is_scrubbed_whole_before_it_is_free_again(void **state)
{
	uint64_t before;
	paddr_t a;

	(void)state;
	free_zone(BASE, 64);
	for (unsigned int order = 0; order <= 5; order++) {
		a = page_alloc_pages(&pa, order);
		before = page_alloc_free_count(&pa);
		scrubbed.calls = 0;
		assert_int_equal(page_alloc_free_pages(&pa, a, order), 0);
		assert_int_equal(scrubbed.calls, 1);
		assert_int_equal(scrubbed.addr, a);
		assert_int_equal(scrubbed.size, PG << order);
		/* Scrubbed while none of it could be handed out yet. */
		assert_int_equal(scrubbed.free_then, before);
		assert_int_equal(page_alloc_free_count(&pa), before + (1ULL << order));
	}
}

static void test_boot_free_range_is_not_scrubbed(void **state)
{
	(void)state;
	/* AOU-8: the memory map's free ranges are handed over as they are, at no boot cost. */
	free_zone(BASE, 1024);
	assert_int_equal(scrubbed.calls, 0);
}

static void test_refused_free_scrubs_nothing(void **state)
{
	paddr_t a, b;

	(void)state;
	free_zone(BASE, 64);
	a = page_alloc_pages(&pa, 2);
	assert_int_equal(page_alloc_free_pages(&pa, a, 2), 0);
	scrubbed.calls = 0;
	/* A double free: the pages may be another owner's by now, and must keep their data. */
	b = page_alloc_pages(&pa, 2);
	assert_int_equal(b, a);
	assert_int_equal(page_alloc_free_pages(&pa, b + 4 * PG, 2), -EINVAL);
	assert_int_equal(page_alloc_free_pages(&pa, b + PG, 2), -EINVAL);
	assert_int_equal(page_alloc_free_pages(&pa, BASE + 64 * PG, 0), -EINVAL);
	assert_int_equal(page_alloc_free_pages(&pa, b, PAGE_ALLOC_MAX_ORDER + 1), -EINVAL);
	assert_int_equal(scrubbed.calls, 0);
}

/* ---------------------------------------------------------------- claim */

static void test_claimed_range_is_never_allocated(void **state)
{
	const paddr_t start = BASE + 5 * PG;
	struct page_zone *z;
	paddr_t a;
	uint64_t n = 0;

	(void)state;
	z = free_zone(BASE, 1024);
	assert_int_equal(page_alloc_claim(&pa, start, 3 * PG), 0);
	assert_int_equal(page_alloc_free_count(&pa), 1021);
	check_zone(z);
	while ((a = page_alloc_pages(&pa, 0)) != INVALID_PADDR) {
		assert_false(in_range(a, start, 3 * PG));
		n++;
	}
	assert_int_equal(n, 1021);
}

static void test_claim_of_a_partly_allocated_range_is_busy_and_takes_nothing(void **state)
{
	struct page_zone *z, before;
	struct page_meta *meta_before;
	paddr_t a;

	(void)state;
	z = free_zone(BASE, 256);
	/* Page 1 allocated, page 0 and the rest free. */
	assert_int_equal(page_alloc_pages(&pa, 0), BASE);
	a = page_alloc_pages(&pa, 0);
	assert_int_equal(a, BASE + PG);
	assert_int_equal(page_alloc_free_pages(&pa, BASE, 0), 0);
	meta_before = malloc(page_alloc_meta_bytes(256));
	assert_non_null(meta_before);
	memcpy(meta_before, z->meta, page_alloc_meta_bytes(256));
	before = *z;

	/* Free pages on both sides of the allocated one: none of them may be taken. */
	assert_int_equal(page_alloc_claim(&pa, BASE, 64 * PG), -EBUSY);
	assert_int_equal(page_alloc_free_count(&pa), 255);
	assert_memory_equal(z, &before, sizeof(before));
	assert_memory_equal(z->meta, meta_before, page_alloc_meta_bytes(256));
	free(meta_before);

	assert_int_equal(page_alloc_free_pages(&pa, a, 0), 0);
	assert_int_equal(page_alloc_claim(&pa, BASE, 16 * PG), 0);
	assert_int_equal(page_alloc_free_count(&pa), 240);
}

static void test_claim_of_a_range_claimed_already_is_busy(void **state)
{
	(void)state;
	free_zone(BASE, 64);
	assert_int_equal(page_alloc_claim(&pa, BASE + 8 * PG, 8 * PG), 0);
	assert_int_equal(page_alloc_claim(&pa, BASE + 15 * PG, 2 * PG), -EBUSY);
	assert_int_equal(page_alloc_free_count(&pa), 56);
	check_zone(&pa.zones[0]);
}

static void test_bad_claim_is_refused(void **state)
{
	(void)state;
	free_zone(BASE, 64);
	assert_int_equal(page_alloc_claim(&pa, BASE + 1, PG), -EINVAL);
	assert_int_equal(page_alloc_claim(&pa, BASE, PG + 1), -EINVAL);
	assert_int_equal(page_alloc_claim(&pa, BASE, 0), -EINVAL);
	assert_int_equal(page_alloc_claim(&pa, BASE + 60 * PG, 8 * PG), -EINVAL);
	assert_int_equal(page_alloc_claim(&pa, BASE - PG, 2 * PG), -EINVAL);
	assert_int_equal(page_alloc_claim(&pa, BASE + GiB(1), PG), -EINVAL);
	assert_int_equal(page_alloc_free_count(&pa), 64);
}

static void test_claimed_pages_can_be_freed_back(void **state)
{
	struct page_zone *z;

	(void)state;
	z = free_zone(BASE, 512);
	assert_int_equal(page_alloc_claim(&pa, BASE + 77 * PG, 200 * PG), 0);
	assert_int_equal(page_alloc_free_count(&pa), 312);
	check_zone(z);
	assert_int_equal(page_alloc_free_range(&pa, BASE + 77 * PG, 200 * PG), 0);
	assert_int_equal(page_alloc_free_count(&pa), 512);
	assert_int_equal(blocks_of_order(z, 9), 1);
	check_zone(z);
}

static void test_claim_of_a_whole_zone_leaves_it_empty(void **state)
{
	(void)state;
	free_zone(BASE, 1024);
	free_zone(BASE + GiB(1), 16);
	assert_int_equal(page_alloc_claim(&pa, BASE, 1024 * PG), 0);
	assert_int_equal(page_alloc_free_count(&pa), 16);
	/* What is left comes from the other zone only. */
	assert_true(in_range(page_alloc_pages(&pa, 0), BASE + GiB(1), 16 * PG));
	assert_int_equal(page_alloc_pages(&pa, 5), INVALID_PADDR);
}

/* ---------------------------------------------------------------- zones together */

static void test_allocation_moves_on_to_the_next_zone_when_one_is_full(void **state)
{
	const paddr_t hi = BASE + GiB(2);
	bool seen_lo = false, seen_hi = false;
	paddr_t a;

	(void)state;
	free_zone(BASE, 32);
	free_zone(hi, 64);
	assert_int_equal(page_alloc_free_count(&pa), 96);
	while ((a = page_alloc_pages(&pa, 3)) != INVALID_PADDR) {
		assert_true(in_range(a, BASE, 32 * PG) || in_range(a, hi, 64 * PG));
		seen_lo |= in_range(a, BASE, 32 * PG);
		seen_hi |= in_range(a, hi, 64 * PG);
	}
	assert_true(seen_lo && seen_hi);
	assert_int_equal(page_alloc_free_count(&pa), 0);
	/* A 64-page block fits only the larger zone. */
	assert_int_equal(page_alloc_free_range(&pa, BASE, 32 * PG), 0);
	assert_int_equal(page_alloc_free_range(&pa, hi, 64 * PG), 0);
	assert_int_equal(page_alloc_pages(&pa, 6), hi);
}

/* Buddies by frame number, but in different zones: they must not merge into one block. */
static void test_buddies_in_adjacent_zones_do_not_merge(void **state)
{
	struct page_zone *a, *b;

	(void)state;
	free_zone(BASE, 512);
	free_zone(BASE + 512 * PG, 512);
	a = &pa.zones[0];
	b = &pa.zones[1];
	assert_int_equal(blocks_of_order(a, 9), 1);
	assert_int_equal(blocks_of_order(b, 9), 1);
	assert_int_equal(page_alloc_pages(&pa, 10), INVALID_PADDR);
	check_zone(a);
	check_zone(b);
}

/*
 * Boot may take the metadata of all zones in one piece, so one zone's array runs straight
 * into the next one's: a block at the end of a zone must not look past its own array for a
 * buddy, however free the page it finds there looks.
 */
static void test_zones_sharing_one_metadata_array_stay_apart(void **state)
{
	struct page_meta *meta = malloc(page_alloc_meta_bytes(512));
	struct page_zone *a, *b;

	(void)state;
	assert_non_null(meta);
	metas[nr_metas++] = meta;
	assert_int_equal(page_alloc_add_zone(&pa, BASE, 256 * PG, meta), 0);
	assert_int_equal(page_alloc_add_zone(&pa, BASE + GiB(1), 256 * PG, meta + 256), 0);
	a = &pa.zones[0];
	b = &pa.zones[1];
	assert_int_equal(page_alloc_free_range(&pa, BASE + GiB(1), 256 * PG), 0);
	assert_int_equal(page_alloc_free_range(&pa, BASE, 256 * PG), 0);
	assert_int_equal(blocks_of_order(a, 8), 1);
	assert_int_equal(blocks_of_order(b, 8), 1);
	assert_int_equal(page_alloc_pages(&pa, 9), INVALID_PADDR);
	check_zone(a);
	check_zone(b);
}

static void test_freed_block_goes_back_to_its_own_zone(void **state)
{
	struct page_zone *lo, *hi;
	paddr_t a;

	(void)state;
	lo = add_zone(BASE, 64);
	hi = free_zone(BASE + GiB(1), 64);
	a = page_alloc_pages(&pa, 4);
	assert_true(in_range(a, BASE + GiB(1), 64 * PG));
	assert_int_equal(hi->free_pages, 48);
	assert_int_equal(page_alloc_free_pages(&pa, a, 4), 0);
	assert_int_equal(hi->free_pages, 64);
	assert_int_equal(lo->free_pages, 0);
	assert_int_equal(page_alloc_free_count(&pa), 64);
}

/* ---------------------------------------------------------------- free_range */

static void test_free_range_frees_only_that_range(void **state)
{
	const paddr_t start = BASE + 16 * PG;
	struct page_zone *z;
	paddr_t a;
	uint64_t n = 0;

	(void)state;
	z = add_zone(BASE, 1024);
	assert_int_equal(page_alloc_free_range(&pa, start, 100 * PG), 0);
	assert_int_equal(page_alloc_free_count(&pa), 100);
	check_zone(z);
	while ((a = page_alloc_pages(&pa, 0)) != INVALID_PADDR) {
		assert_true(in_range(a, start, 100 * PG));
		n++;
	}
	assert_int_equal(n, 100);
}

/* Frames 3..15 of an aligned zone: one page at 3, four at 4, eight at 8. */
static void test_free_range_uses_the_largest_aligned_blocks(void **state)
{
	struct page_zone *z;

	(void)state;
	z = add_zone(BASE, 64);
	assert_int_equal(page_alloc_free_range(&pa, BASE + 3 * PG, 13 * PG), 0);
	assert_int_equal(blocks_of_order(z, 0), 1);
	assert_int_equal(z->free_head[0], 3);
	assert_int_equal(blocks_of_order(z, 2), 1);
	assert_int_equal(z->free_head[2], 4);
	assert_int_equal(blocks_of_order(z, 3), 1);
	assert_int_equal(z->free_head[3], 8);
	assert_int_equal(blocks_of_order(z, 1), 0);
	check_zone(z);
	assert_int_equal(page_alloc_pages(&pa, 3), BASE + 8 * PG);
}

static void test_free_ranges_pieced_together_coalesce(void **state)
{
	struct page_zone *z;

	(void)state;
	z = add_zone(BASE, 128);
	assert_int_equal(page_alloc_free_range(&pa, BASE + 64 * PG, 64 * PG), 0);
	assert_int_equal(page_alloc_free_range(&pa, BASE + 1 * PG, 63 * PG), 0);
	assert_int_equal(page_alloc_free_range(&pa, BASE, PG), 0);
	assert_int_equal(blocks_of_order(z, 7), 1);
	assert_int_equal(page_alloc_free_count(&pa), 128);
	check_zone(z);
}

static void test_bad_free_range_is_refused_and_frees_nothing(void **state)
{
	(void)state;
	add_zone(BASE, 64);
	assert_int_equal(page_alloc_free_range(&pa, BASE + 1, PG), -EINVAL);
	assert_int_equal(page_alloc_free_range(&pa, BASE, PG + 1), -EINVAL);
	assert_int_equal(page_alloc_free_range(&pa, BASE + 60 * PG, 8 * PG), -EINVAL);
	assert_int_equal(page_alloc_free_range(&pa, BASE - PG, 2 * PG), -EINVAL);
	assert_int_equal(page_alloc_free_count(&pa), 0);
	/* A range with a free page in it would free that page twice. */
	assert_int_equal(page_alloc_free_range(&pa, BASE + 8 * PG, PG), 0);
	assert_int_equal(page_alloc_free_range(&pa, BASE, 16 * PG), -EINVAL);
	assert_int_equal(page_alloc_free_range(&pa, BASE, 9 * PG), -EINVAL);
	assert_int_equal(page_alloc_free_count(&pa), 1);
	/* Also when the range starts inside a larger free block, up to its last page. */
	assert_int_equal(page_alloc_free_range(&pa, BASE + 32 * PG, 32 * PG), 0);
	assert_int_equal(page_alloc_free_range(&pa, BASE + 40 * PG, PG), -EINVAL);
	assert_int_equal(page_alloc_free_range(&pa, BASE + 63 * PG, PG), -EINVAL);
	assert_int_equal(page_alloc_free_count(&pa), 33);
	check_zone(&pa.zones[0]);
}

/* ---------------------------------------------------------------- stress */

struct live {
	paddr_t addr;
	unsigned int order;
};

struct stress {
	struct live live[4096];
	unsigned int nr_live;
	uint64_t live_pages;
	uint64_t total;
	/* Which pages a live allocation holds, by zone, to catch overlaps. */
	uint8_t *owned[2];
	/* When set: which pages hold data an owner wrote and no scrub has cleared since. */
	uint8_t *written[2];
};

/* Page a's entry in a per-zone map. */
static uint8_t *zone_page(uint8_t *const map[2], paddr_t a)
{
	for (unsigned int i = 0; i < pa.nr_zones; i++) {
		const struct page_zone *z = &pa.zones[i];

		if (in_range(a, z->base, (psize_t)z->nr_pages * PG))
			return &map[i][PFN(a - z->base)];
	}
	fail_msg("address %#llx is in no zone", (unsigned long long)a);
	return NULL;
}

static uint8_t *owned_page(struct stress *s, paddr_t a)
{
	return zone_page(s->owned, a);
}

static void hold(struct stress *s, paddr_t a, unsigned int order)
{
	for (uint64_t p = 0; p < (1ULL << order); p++) {
		uint8_t *o = owned_page(s, a + p * PG);

		assert_int_equal(*o, 0);
		*o = 1;
		/* Handed out with nothing of a previous owner in it; then this owner writes. */
		if (s->written[0] != NULL) {
			uint8_t *w = zone_page(s->written, a + p * PG);

			assert_int_equal(*w, 0);
			*w = 1;
		}
	}
	s->live[s->nr_live].addr = a;
	s->live[s->nr_live].order = order;
	s->nr_live++;
	s->live_pages += 1ULL << order;
}

static void release(struct stress *s, unsigned int i)
{
	struct live l = s->live[i];

	assert_int_equal(page_alloc_free_pages(&pa, l.addr, l.order), 0);
	for (uint64_t p = 0; p < (1ULL << l.order); p++)
		*owned_page(s, l.addr + p * PG) = 0;
	s->live[i] = s->live[--s->nr_live];
	s->live_pages -= 1ULL << l.order;
	/* Freeing it again is a double free, whether or not it has merged since. */
	if (rng() % 8 == 0)
		assert_int_equal(page_alloc_free_pages(&pa, l.addr, l.order), -EINVAL);
}

static void stress_alloc(struct stress *s)
{
	/* Mostly small orders, now and then a large one. */
	unsigned int order = (unsigned int)(rng() % 4 == 0 ? rng() % 10 : rng() % 3);
	paddr_t a = page_alloc_pages(&pa, order);

	if (a == INVALID_PADDR) {
		/* Refused only when truly no free block is large enough. */
		for (unsigned int i = 0; i < pa.nr_zones; i++) {
			for (unsigned int k = order; k <= PAGE_ALLOC_MAX_ORDER; k++)
				assert_int_equal(pa.zones[i].free_head[k], PAGE_NONE);
		}
		return;
	}
	assert_true(IS_ALIGNED(a, PG << order));
	hold(s, a, order);
}

/* Claims a few pages anywhere: busy exactly when one of them is held. */
static void stress_claim(struct stress *s)
{
	const struct page_zone *z = &pa.zones[rng() % pa.nr_zones];
	uint32_t n = 1 + (uint32_t)(rng() % 8);
	uint32_t idx = (uint32_t)(rng() % (z->nr_pages - n + 1));
	paddr_t start = z->base + (paddr_t)idx * PG;
	bool busy = false;

	if (s->nr_live + n > ARRAY_SIZE(s->live))
		return;
	for (uint32_t p = 0; p < n; p++)
		busy |= *owned_page(s, start + p * PG) != 0;
	if (busy) {
		assert_int_equal(page_alloc_claim(&pa, start, n * PG), -EBUSY);
		return;
	}
	assert_int_equal(page_alloc_claim(&pa, start, n * PG), 0);
	/* Claimed pages are freed later one by one, like order-0 allocations. */
	for (uint32_t p = 0; p < n; p++)
		hold(s, start + p * PG, 0);
}

static void test_random_alloc_free_conserves_pages_and_never_overlaps(void **state)
{
	static struct stress s;
	unsigned int initial[2][PAGE_ALLOC_MAX_ORDER + 1];

	(void)state;
	memset(&s, 0, sizeof(s));
	rng_state = 0x7e55e7a2024ULL;
	/* One zone with an unaligned base, one aligned. */
	free_zone(BASE + 5 * PG, 3000);
	free_zone(BASE + GiB(1), 2048);
	s.total = 5048;
	for (unsigned int i = 0; i < 2; i++) {
		s.owned[i] = calloc(pa.zones[i].nr_pages, 1);
		assert_non_null(s.owned[i]);
		for (unsigned int k = 0; k <= PAGE_ALLOC_MAX_ORDER; k++)
			initial[i][k] = blocks_of_order(&pa.zones[i], k);
	}

	for (unsigned int step = 0; step < 50000; step++) {
		unsigned int r = (unsigned int)(rng() % 100);

		if (r < 50 && s.nr_live < ARRAY_SIZE(s.live))
			stress_alloc(&s);
		else if (r < 97 && s.nr_live > 0)
			release(&s, (unsigned int)(rng() % s.nr_live));
		else
			stress_claim(&s);
		assert_int_equal(page_alloc_free_count(&pa) + s.live_pages, s.total);
		if (step % 1000 == 0) {
			check_zone(&pa.zones[0]);
			check_zone(&pa.zones[1]);
		}
	}

	while (s.nr_live > 0)
		release(&s, s.nr_live - 1);
	assert_int_equal(page_alloc_free_count(&pa), s.total);
	/* Everything has merged back into exactly the blocks the zones started with. */
	for (unsigned int i = 0; i < 2; i++) {
		check_zone(&pa.zones[i]);
		for (unsigned int k = 0; k <= PAGE_ALLOC_MAX_ORDER; k++)
			assert_int_equal(blocks_of_order(&pa.zones[i], k), initial[i][k]);
		free(s.owned[i]);
	}
}

static struct stress *scrub_model;

/* Only a page its caller still holds is scrubbed; its data is gone after. */
static void model_scrub_page(paddr_t a)
{
	assert_int_equal(*owned_page(scrub_model, a), 1);
	*zone_page(scrub_model->written, a) = 0;
}

static void test_random_reuse_never_hands_out_a_previous_owners_data(void **state)
{
	static struct stress s;

	(void)state;
	memset(&s, 0, sizeof(s));
	rng_state = 0x5c2b7e55a1d0ULL;
	free_zone(BASE + 3 * PG, 1500);
	free_zone(BASE + GiB(1), 1024);
	s.total = 2524;
	for (unsigned int i = 0; i < 2; i++) {
		s.owned[i] = calloc(pa.zones[i].nr_pages, 1);
		s.written[i] = calloc(pa.zones[i].nr_pages, 1);
		assert_non_null(s.owned[i]);
		assert_non_null(s.written[i]);
	}
	scrub_model = &s;
	scrub_page_hook = model_scrub_page;

	/* Every page allocated is written; hold() checks each page it gets was scrubbed since,
	 * through splits, merges, claims and double frees. */
	for (unsigned int step = 0; step < 20000; step++) {
		unsigned int r = (unsigned int)(rng() % 100);

		if (r < 50 && s.nr_live < ARRAY_SIZE(s.live))
			stress_alloc(&s);
		else if (r < 97 && s.nr_live > 0)
			release(&s, (unsigned int)(rng() % s.nr_live));
		else
			stress_claim(&s);
	}
	while (s.nr_live > 0)
		release(&s, s.nr_live - 1);
	/* All of it free again, and none of it holds anything written. */
	for (unsigned int i = 0; i < 2; i++) {
		for (uint32_t p = 0; p < pa.zones[i].nr_pages; p++)
			assert_int_equal(s.written[i][p], 0);
		free(s.owned[i]);
		free(s.written[i]);
	}
	assert_int_equal(page_alloc_free_count(&pa), s.total);
}

/* ---------------------------------------------------------------- with the memory map */

/* The boot flow: one zone per RAM bank, metadata taken from the map, free ranges freed. */
static void test_memory_map_free_ranges_feed_the_allocator(void **state)
{
	static struct memmap m;
	paddr_t a;
	uint64_t n = 0;

	(void)state;
	memmap_init(&m);
	assert_int_equal(memmap_add_ram(&m, BASE, MiB(4)), 0);
	assert_int_equal(memmap_add_ram(&m, BASE + GiB(1), MiB(2)), 0);
	assert_int_equal(memmap_reserve(&m, BASE, MiB(1), MEMMAP_HYP, "tessera"), 0);
	assert_int_equal(memmap_reserve(&m, BASE + MiB(2) + 0x800, 0x1000, MEMMAP_DTB, "dtb"), 0);
	assert_int_equal(memmap_reserve(&m, BASE + GiB(1), PG, MEMMAP_FIRMWARE, "fw"), 0);
	assert_int_equal(memmap_check(&m, NULL), 0);
	memmap_build_free(&m, PG);
	for (unsigned int i = 0; i < m.nr_ram; i++)
		add_zone(m.ram[i].start, (m.ram[i].end - m.ram[i].start) / PG);
	for (unsigned int i = 0; i < m.nr_free; i++) {
		psize_t size = m.free[i].end - m.free[i].start;

		assert_int_equal(page_alloc_free_range(&pa, m.free[i].start, size), 0);
	}
	assert_int_equal(page_alloc_free_count(&pa) * PG, memmap_free_bytes(&m));
	assert_int_equal(memmap_free_bytes(&m), MiB(6) - MiB(1) - 2 * PG - PG);

	while ((a = page_alloc_pages(&pa, 0)) != INVALID_PADDR) {
		for (unsigned int i = 0; i < m.nr_reserved; i++)
			assert_false(in_range(a, ALIGN_DOWN(m.reserved[i].start, PG),
					      ALIGN_UP(m.reserved[i].end, PG) -
						      ALIGN_DOWN(m.reserved[i].start, PG)));
		n++;
	}
	assert_int_equal(n * PG, memmap_free_bytes(&m));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_meta_bytes_is_one_entry_per_page),
		T(test_new_zone_has_every_page_in_use),
		T(test_bad_zone_is_refused),
		T(test_overlapping_zone_is_refused_with_eexist),
		T(test_zone_table_full_gives_enospc),
		T(test_freeing_an_aligned_zone_makes_one_largest_block),
		T(test_each_order_allocates_an_aligned_block_and_frees_back),
		T(test_order_above_max_is_refused),
		T(test_freeing_every_page_in_any_order_coalesces_completely),
		T(test_zone_with_unaligned_base_gives_physically_aligned_blocks),
		T(test_exhaustion_returns_invalid_paddr),
		T(test_small_allocation_uses_a_small_block_before_splitting_a_large_one),
		T(test_double_free_is_refused),
		T(test_free_of_a_partly_free_block_is_refused),
		T(test_misaligned_free_is_refused),
		T(test_free_outside_a_zone_is_refused),
		T(test_freed_block_is_scrubbed_whole_before_it_is_free_again),
		T(test_boot_free_range_is_not_scrubbed),
		T(test_refused_free_scrubs_nothing),
		T(test_claimed_range_is_never_allocated),
		T(test_claim_of_a_partly_allocated_range_is_busy_and_takes_nothing),
		T(test_claim_of_a_range_claimed_already_is_busy),
		T(test_bad_claim_is_refused),
		T(test_claimed_pages_can_be_freed_back),
		T(test_claim_of_a_whole_zone_leaves_it_empty),
		T(test_allocation_moves_on_to_the_next_zone_when_one_is_full),
		T(test_buddies_in_adjacent_zones_do_not_merge),
		T(test_zones_sharing_one_metadata_array_stay_apart),
		T(test_freed_block_goes_back_to_its_own_zone),
		T(test_free_range_frees_only_that_range),
		T(test_free_range_uses_the_largest_aligned_blocks),
		T(test_free_ranges_pieced_together_coalesce),
		T(test_bad_free_range_is_refused_and_frees_nothing),
		T(test_random_alloc_free_conserves_pages_and_never_overlaps),
		T(test_random_reuse_never_hands_out_a_previous_owners_data),
		T(test_memory_map_free_ranges_feed_the_allocator),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
