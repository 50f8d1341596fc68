/* SPDX-License-Identifier: Apache-2.0 */
/* The hypervisor's memory: the global page allocator behind a lock, and RAM mapping at boot. */
#ifndef TESSERA_MM_H
#define TESSERA_MM_H

#include <tessera/memmap.h>
#include <tessera/page_alloc.h>

/* Maps RAM 1:1, sets up the page allocator over the free ranges. Halts on failure. */
void mm_init(struct memmap *m, paddr_t image_pa, psize_t image_size);

paddr_t alloc_pages(unsigned int order);
/* Scrubs the block (zeroes, cleaned to the Point of Coherency) and frees it: callers never
 * scrub themselves (page_alloc.h, the scrub invariant). Halts on a block it did not give. */
void free_pages(paddr_t pa, unsigned int order);
/* One zeroed page, for page tables; INVALID_PADDR when memory is exhausted. */
paddr_t alloc_page_zeroed(void);

uint64_t mm_free_bytes(void);
uint64_t mm_ram_bytes(void);
uint64_t mm_meta_bytes(void);

#endif
