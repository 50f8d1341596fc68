/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The physical page allocator: a binary buddy allocator over zones (one per RAM bank).
 * It only does index arithmetic on metadata the caller provides and touches the pages it
 * manages only through the scrub function it is given, so it is portable and unit-tested on
 * the host. Locking is the caller's.
 *
 * The scrub invariant (REQ-SCRUB-002): every block page_alloc_free_pages takes back is
 * scrubbed before it is linked as free, so no page freed at run time (a dead domain's RAM,
 * its vCPUs' saved registers, its console input, its stage-2 tables, a device-tree buffer)
 * is ever handed out with what its previous owner left in it, and no caller can forget to.
 * Only page_alloc_free_range, which hands the memory map's free ranges over at boot, does not
 * scrub: that memory is assumed to hold nothing a domain must not see (AOU-8), since zeroing
 * all of RAM at every boot would cost boot time for nothing where it is zero already (QEMU).
 *
 * Designed to grow: page_alloc_claim() takes a fixed range out (xen,static-mem, direct-map);
 * cache coloring will add an allocator of single pages filtered by color on top of it.
 */
#ifndef TESSERA_PAGE_ALLOC_H
#define TESSERA_PAGE_ALLOC_H

#include <tessera/memmap.h>
#include <tessera/types.h>

#define PAGE_SHIFT	     12
#define PAGE_SIZE	     (1UL << PAGE_SHIFT)
#define PAGE_ALLOC_MAX_ORDER 18 /* 1 GiB blocks */
#define PAGE_ALLOC_MAX_ZONES MEMMAP_MAX_RAM

/* Per-page metadata: list links (page indexes within the zone) and the block's state. */
struct page_meta {
	uint32_t next;
	uint32_t prev;
	uint8_t order; /* order of the free block this page heads */
	uint8_t free;  /* 1: heads a free block */
	uint16_t pad;
};

struct page_zone {
	paddr_t base; /* page aligned */
	uint32_t nr_pages;
	struct page_meta *meta;
	uint32_t free_head[PAGE_ALLOC_MAX_ORDER + 1]; /* PAGE_NONE when empty */
	uint64_t free_pages;
};

/* Makes [pa, pa + size) hold nothing of its previous owner (zeroes, in mm.c). */
typedef void (*page_scrub_fn)(paddr_t pa, psize_t size);

struct page_alloc {
	struct page_zone zones[PAGE_ALLOC_MAX_ZONES];
	unsigned int nr_zones;
	page_scrub_fn scrub;
};

#define PAGE_NONE UINT32_MAX

/* Bytes of metadata a zone of nr_pages needs. */
size_t page_alloc_meta_bytes(uint64_t nr_pages);

/* An allocator with no zones; scrub (not NULL) is called on every block freed to it. */
void page_alloc_init(struct page_alloc *pa, page_scrub_fn scrub);

/*
 * Adds a zone covering [base, base + size), with every page in use. meta must hold
 * page_alloc_meta_bytes(size / PAGE_SIZE) bytes. -EINVAL for unaligned or oversized zones,
 * -ENOSPC when there are too many zones, -EEXIST for a zone that overlaps another.
 */
int page_alloc_add_zone(struct page_alloc *pa, paddr_t base, psize_t size, struct page_meta *meta);

/* Frees a range of whole pages inside one zone, unscrubbed: only for the memory map's free
 * ranges at boot (AOU-8). Anything freed later goes through page_alloc_free_pages. */
int page_alloc_free_range(struct page_alloc *pa, paddr_t start, psize_t size);

/* Allocates 2^order contiguous pages, physically aligned to their size; INVALID_PADDR when none. */
paddr_t page_alloc_pages(struct page_alloc *pa, unsigned int order);

/* Scrubs and frees what page_alloc_pages gave. -EINVAL, with nothing scrubbed, for an
 * address not in a zone, misaligned for the order, or (double free) already free in part. */
int page_alloc_free_pages(struct page_alloc *pa, paddr_t addr, unsigned int order);

/* Takes the fixed range [start, start + size) out of the free pages; -EBUSY if any page in
 * it is not free (then nothing is taken), -EINVAL if it is not whole pages in one zone. */
int page_alloc_claim(struct page_alloc *pa, paddr_t start, psize_t size);

uint64_t page_alloc_free_count(const struct page_alloc *pa);

#endif
