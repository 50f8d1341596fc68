// SPDX-License-Identifier: Apache-2.0
/*
 * Binary buddy allocator. A free block of order k is 2^k pages aligned to its size, recorded
 * in its first page's metadata and linked on free_head[k]. Freeing merges a block with its
 * buddy (index ^ 2^k) while the buddy is a free block of the same order. Every loop runs at
 * most PAGE_ALLOC_MAX_ORDER times per block, or once per page of a range. Blocks freed at run
 * time are scrubbed before they are linked (the invariant in page_alloc.h).
 */
#include <string.h>
#include <tessera/compiler.h>
#include <tessera/errno.h>
#include <tessera/page_alloc.h>

size_t page_alloc_meta_bytes(uint64_t nr_pages)
{
	return (size_t)nr_pages * sizeof(struct page_meta);
}

void page_alloc_init(struct page_alloc *pa, page_scrub_fn scrub)
{
	memset(pa, 0, sizeof(*pa));
	pa->scrub = scrub;
}

static void list_push(struct page_zone *z, uint32_t idx, unsigned int order)
{
	struct page_meta *m = &z->meta[idx];

	m->order = (uint8_t)order;
	m->free = 1;
	m->prev = PAGE_NONE;
	m->next = z->free_head[order];
	if (m->next != PAGE_NONE)
		z->meta[m->next].prev = idx;
	z->free_head[order] = idx;
	z->free_pages += 1ULL << order;
}

static void list_remove(struct page_zone *z, uint32_t idx)
{
	struct page_meta *m = &z->meta[idx];

	if (m->prev != PAGE_NONE)
		z->meta[m->prev].next = m->next;
	else
		z->free_head[m->order] = m->next;
	if (m->next != PAGE_NONE)
		z->meta[m->next].prev = m->prev;
	m->free = 0;
	z->free_pages -= 1ULL << m->order;
}

static struct page_zone *zone_of(struct page_alloc *pa, paddr_t addr, psize_t size)
{
	for (unsigned int i = 0; i < pa->nr_zones; i++) {
		struct page_zone *z = &pa->zones[i];
		paddr_t end = z->base + ((psize_t)z->nr_pages << PAGE_SHIFT);

		if (addr >= z->base && addr < end && size <= end - addr)
			return z;
	}
	return NULL;
}

int page_alloc_add_zone(struct page_alloc *pa, paddr_t base, psize_t size, struct page_meta *meta)
{
	struct page_zone *z;
	uint64_t pages = size >> PAGE_SHIFT;

	if (!IS_ALIGNED(base, PAGE_SIZE) || !IS_ALIGNED(size, PAGE_SIZE) || size == 0 ||
	    pages >= PAGE_NONE || base + size < base || meta == NULL)
		return -EINVAL;
	if (pa->nr_zones == PAGE_ALLOC_MAX_ZONES)
		return -ENOSPC;
	for (unsigned int i = 0; i < pa->nr_zones; i++) {
		paddr_t zs = pa->zones[i].base;
		paddr_t ze = zs + ((psize_t)pa->zones[i].nr_pages << PAGE_SHIFT);

		if (base < ze && zs < base + size)
			return -EEXIST;
	}
	z = &pa->zones[pa->nr_zones++];
	z->base = base;
	z->nr_pages = (uint32_t)pages;
	z->meta = meta;
	z->free_pages = 0;
	memset(meta, 0, page_alloc_meta_bytes(pages));
	for (unsigned int k = 0; k <= PAGE_ALLOC_MAX_ORDER; k++)
		z->free_head[k] = PAGE_NONE;
	return 0;
}

/* Page frame number of page idx of zone z: block alignment is physical, by frame number. */
static uint64_t zone_pfn(const struct page_zone *z, uint32_t idx)
{
	return (z->base >> PAGE_SHIFT) + idx;
}

/* Frees the block [idx, idx + 2^order) and merges it with free buddies upwards. */
static void free_block(struct page_zone *z, uint32_t idx, unsigned int order)
{
	uint64_t base_pfn = zone_pfn(z, 0);

	while (order < PAGE_ALLOC_MAX_ORDER) {
		uint64_t buddy_pfn = zone_pfn(z, idx) ^ (1ULL << order);
		uint32_t buddy;

		if (buddy_pfn < base_pfn || buddy_pfn + (1ULL << order) > base_pfn + z->nr_pages)
			break;
		buddy = (uint32_t)(buddy_pfn - base_pfn);
		if (!z->meta[buddy].free || z->meta[buddy].order != order)
			break;
		list_remove(z, buddy);
		idx = MIN(idx, buddy);
		order++;
	}
	list_push(z, idx, order);
}

/* Is any page of [idx, idx + n) inside a free block? */
static bool range_has_free_page(const struct page_zone *z, uint32_t idx, uint32_t n);

/*
 * The same question answered by walking the free lists: O(free blocks), which at boot, when
 * whole banks are handed over, is a handful, where the range is millions of pages.
 */
static bool range_overlaps_free_block(const struct page_zone *z, uint32_t idx, uint32_t n)
{
	for (unsigned int k = 0; k <= PAGE_ALLOC_MAX_ORDER; k++) {
		uint32_t h = z->free_head[k];

		for (uint32_t guard = 0; h != PAGE_NONE && guard < z->nr_pages; guard++) {
			if (h < idx + n && idx < h + (1U << k))
				return true;
			h = z->meta[h].next;
		}
	}
	return false;
}

int page_alloc_free_range(struct page_alloc *pa, paddr_t start, psize_t size)
{
	struct page_zone *z = zone_of(pa, start, size);
	uint32_t idx, end;

	if (z == NULL || !IS_ALIGNED(start, PAGE_SIZE) || !IS_ALIGNED(size, PAGE_SIZE))
		return -EINVAL;
	idx = (uint32_t)((start - z->base) >> PAGE_SHIFT);
	end = idx + (uint32_t)(size >> PAGE_SHIFT);
	if (range_overlaps_free_block(z, idx, end - idx))
		return -EINVAL;
	/* Largest aligned blocks that fit, left to right. */
	while (idx < end) {
		unsigned int order = 0;

		while (order < PAGE_ALLOC_MAX_ORDER &&
		       (zone_pfn(z, idx) & ((2ULL << order) - 1)) == 0 &&
		       idx + (2U << order) <= end)
			order++;
		free_block(z, idx, order);
		idx += 1U << order;
	}
	return 0;
}

paddr_t page_alloc_pages(struct page_alloc *pa, unsigned int order)
{
	if (order > PAGE_ALLOC_MAX_ORDER)
		return INVALID_PADDR;
	for (unsigned int i = 0; i < pa->nr_zones; i++) {
		struct page_zone *z = &pa->zones[i];

		for (unsigned int k = order; k <= PAGE_ALLOC_MAX_ORDER; k++) {
			uint32_t idx = z->free_head[k];

			if (idx == PAGE_NONE)
				continue;
			list_remove(z, idx);
			/* Split: give back the upper halves until the block is the right size. */
			while (k > order) {
				k--;
				list_push(z, idx + (1U << k), k);
			}
			return z->base + ((paddr_t)idx << PAGE_SHIFT);
		}
	}
	return INVALID_PADDR;
}

/* The free block containing page idx, or PAGE_NONE. */
static uint32_t free_block_containing(const struct page_zone *z, uint32_t idx)
{
	uint64_t pfn = zone_pfn(z, idx);

	for (unsigned int k = 0; k <= PAGE_ALLOC_MAX_ORDER; k++) {
		uint64_t head_pfn = pfn & ~((1ULL << k) - 1);
		uint32_t head;

		if (head_pfn < zone_pfn(z, 0))
			break;
		head = (uint32_t)(head_pfn - zone_pfn(z, 0));
		if (z->meta[head].free && z->meta[head].order >= k &&
		    idx < head + (1U << z->meta[head].order))
			return head;
	}
	return PAGE_NONE;
}

/*
 * A free block overlapping [idx, idx + n) either contains idx or starts inside the range, so
 * one lookup and one pass over the range's heads answer it: O(n), not O(n * orders).
 */
static bool range_has_free_page(const struct page_zone *z, uint32_t idx, uint32_t n)
{
	if (free_block_containing(z, idx) != PAGE_NONE)
		return true;
	for (uint32_t i = idx + 1; i < idx + n; i++) {
		if (z->meta[i].free)
			return true;
	}
	return false;
}

int page_alloc_free_pages(struct page_alloc *pa, paddr_t addr, unsigned int order)
{
	psize_t size = (psize_t)PAGE_SIZE << order;
	struct page_zone *z;
	uint32_t idx;

	if (order > PAGE_ALLOC_MAX_ORDER)
		return -EINVAL;
	z = zone_of(pa, addr, size);
	if (z == NULL || !IS_ALIGNED(addr, size))
		return -EINVAL;
	idx = (uint32_t)((addr - z->base) >> PAGE_SHIFT);
	if (range_has_free_page(z, idx, 1U << order))
		return -EINVAL;
	/* Checked first: a refused free must not scrub what may be another owner's now. Then
	 * scrubbed before it is linked: from then on page_alloc_pages may hand it out. */
	pa->scrub(addr, size);
	free_block(z, idx, order);
	return 0;
}

/* Takes page idx out of the free block at head, giving the rest of the block back. */
static void take_page(struct page_zone *z, uint32_t head, uint32_t idx)
{
	unsigned int k = z->meta[head].order;

	list_remove(z, head);
	/* Halve the block until it is the single page idx; the half without idx stays free. */
	while (k > 0) {
		uint32_t half = 1U << (k - 1);

		k--;
		if (idx < head + half) {
			list_push(z, head + half, k);
		} else {
			list_push(z, head, k);
			head += half;
		}
	}
}

int page_alloc_claim(struct page_alloc *pa, paddr_t start, psize_t size)
{
	struct page_zone *z = zone_of(pa, start, size);
	uint32_t idx, n;

	if (z == NULL || size == 0 || !IS_ALIGNED(start, PAGE_SIZE) || !IS_ALIGNED(size, PAGE_SIZE))
		return -EINVAL;
	idx = (uint32_t)((start - z->base) >> PAGE_SHIFT);
	n = (uint32_t)(size >> PAGE_SHIFT);
	for (uint32_t i = idx; i < idx + n; i++) {
		if (free_block_containing(z, i) == PAGE_NONE)
			return -EBUSY;
	}
	for (uint32_t i = idx; i < idx + n; i++)
		take_page(z, free_block_containing(z, i), i);
	return 0;
}

uint64_t page_alloc_free_count(const struct page_alloc *pa)
{
	uint64_t total = 0;

	for (unsigned int i = 0; i < pa->nr_zones; i++)
		total += pa->zones[i].free_pages;
	return total;
}
