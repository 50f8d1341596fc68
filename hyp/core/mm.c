// SPDX-License-Identifier: Apache-2.0
/*
 * Boot memory setup and the global page allocator. RAM is mapped 1:1 (VA == PA) read-write,
 * never executable, except Tessera's own pages, which are reachable only through the image
 * mapping with their W^X permissions.
 */
#include <asm/cache.h>
#include <asm/mmu.h>
#include <asm/spinlock.h>
#include <string.h>
#include <tessera/mm.h>
#include <tessera/printk.h>

static struct page_alloc heap;
static spinlock_t heap_lock = SPINLOCK_INIT;
static uint64_t ram_bytes;
static uint64_t meta_bytes;

static void map_ram_or_die(paddr_t start, paddr_t end)
{
	int err;

	if (start >= end)
		return;
	err = mmu_map(start, start, end - start, MAP_RAM);
	if (err < 0)
		fatal_boot_error("cannot map RAM [0x%llx-0x%llx): error %d",
				 (unsigned long long)start, (unsigned long long)end, err);
}

/*
 * Tessera scrubs memory when it is freed, not when it is handed out (page_alloc.h, the scrub
 * invariant): boot time matters, and at boot only the memory map's free ranges are handed
 * over, which hold nothing of any domain (AOU-8); a domain's memory is scrubbed when the
 * domain dies, where its reboot would rebuild it anyway. Zeroes, cleaned to the Point of
 * Coherency, so that a domain reading with its caches off (its MMU off at boot) does not see
 * the previous owner's data still in memory behind the cache. Freed pages are RAM, mapped
 * 1:1 read-write (mm_init); each call is one block, for guest RAM at most 2 MiB (domain.c
 * maps it in 2 MiB chunks).
 */
static void scrub_block(paddr_t pa, psize_t size)
{
	void *va = phys_to_virt(pa);

	memset(va, 0, size);
	dcache_clean_poc(va, size);
}

void mm_init(struct memmap *m, paddr_t image_pa, psize_t image_size)
{
	paddr_t img_end = image_pa + ALIGN_UP(image_size, PAGE_SIZE);

	for (unsigned int i = 0; i < m->nr_ram; i++) {
		paddr_t s = ALIGN_UP(m->ram[i].start, PAGE_SIZE);
		paddr_t e = ALIGN_DOWN(m->ram[i].end, PAGE_SIZE);

		if (s >= e)
			continue; /* a bank smaller than a page holds no whole page */
		if (image_pa >= s && image_pa < e) {
			map_ram_or_die(s, image_pa);
			map_ram_or_die(img_end, e);
		} else {
			map_ram_or_die(s, e);
		}
	}
	memmap_build_free(m, PAGE_SIZE);
	ram_bytes = memmap_ram_bytes(m);

	/* Allocator metadata comes out of each bank's free memory before the rest is handed
	 * over, so the allocator never gives out its own bookkeeping. */
	page_alloc_init(&heap, scrub_block);
	for (unsigned int i = 0; i < m->nr_ram; i++) {
		paddr_t s = ALIGN_UP(m->ram[i].start, PAGE_SIZE);
		paddr_t e = ALIGN_DOWN(m->ram[i].end, PAGE_SIZE);
		size_t bytes;
		paddr_t meta;

		if (s >= e)
			continue;
		bytes = page_alloc_meta_bytes((e - s) >> PAGE_SHIFT);
		meta = memmap_take(m, ALIGN_UP(bytes, PAGE_SIZE), PAGE_SIZE);
		if (meta == INVALID_PADDR)
			fatal_boot_error("no room for %zu bytes of page metadata", bytes);
		meta_bytes += ALIGN_UP(bytes, PAGE_SIZE);
		if (page_alloc_add_zone(&heap, s, e - s, phys_to_virt(meta)) < 0)
			panic("page allocator: cannot add zone [0x%llx-0x%llx)",
			      (unsigned long long)s, (unsigned long long)e);
	}
	for (unsigned int i = 0; i < m->nr_free; i++) {
		if (page_alloc_free_range(&heap, m->free[i].start,
					  m->free[i].end - m->free[i].start) < 0)
			panic("page allocator: cannot free [0x%llx-0x%llx)",
			      (unsigned long long)m->free[i].start,
			      (unsigned long long)m->free[i].end);
	}
	mmu_set_table_allocator(alloc_page_zeroed);
}

paddr_t alloc_pages(unsigned int order)
{
	uint64_t flags = spin_lock_irqsave(&heap_lock);
	paddr_t pa = page_alloc_pages(&heap, order);

	spin_unlock_irqrestore(&heap_lock, flags);
	return pa;
}

void free_pages(paddr_t pa, unsigned int order)
{
	/* The scrub runs under the lock, after the block is checked to be one given out: a
	 * double free must not zero another owner's data. One block per hold bounds it. */
	uint64_t flags = spin_lock_irqsave(&heap_lock);
	int err = page_alloc_free_pages(&heap, pa, order);

	spin_unlock_irqrestore(&heap_lock, flags);
	if (err < 0)
		panic("free_pages(0x%llx, %u): not an allocated block", (unsigned long long)pa,
		      order);
}

paddr_t alloc_page_zeroed(void)
{
	paddr_t pa = alloc_pages(0);

	if (pa != INVALID_PADDR)
		memset(phys_to_virt(pa), 0, PAGE_SIZE);
	return pa;
}

uint64_t mm_free_bytes(void)
{
	uint64_t flags = spin_lock_irqsave(&heap_lock);
	uint64_t pages = page_alloc_free_count(&heap);

	spin_unlock_irqrestore(&heap_lock, flags);
	return pages << PAGE_SHIFT;
}

uint64_t mm_ram_bytes(void)
{
	return ram_bytes;
}

uint64_t mm_meta_bytes(void)
{
	return meta_bytes;
}
