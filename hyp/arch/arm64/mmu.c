// SPDX-License-Identifier: Apache-2.0
/*
 * EL2 stage-1 translation tables after boot (Arm ARM D8: VMSAv8-64, 4 KiB granule, 48-bit
 * VA, levels 0-3). head.S built the root and the image's mapping; this file adds and removes
 * mappings on the live tables. Table descriptors hold physical addresses; tables live in the
 * image (boot tables, the static pool) or in 1:1-mapped RAM, so phys_to_virt reaches them.
 */
#include <asm/mmu.h>
#include <asm/sysreg.h>
#include <string.h>
#include <tessera/compiler.h>
#include <tessera/errno.h>
#include <tessera/printk.h>

#define PT_ENTRIES    512
#define PT_POOL_PAGES 24

extern uint64_t boot_pt_l0[PT_ENTRIES];
extern uint64_t boot_pt_l3_id[PT_ENTRIES];
extern char _image_start[], _image_end[];
extern char _start[];

static paddr_t image_pa;
static uint64_t pt_pool[PT_POOL_PAGES][PT_ENTRIES] __aligned(4096);
static unsigned int pt_pool_used;
static unsigned int pt_pages_used;
static paddr_t (*pt_alloc_page)(void);

void mmu_init(paddr_t pa)
{
	image_pa = pa;
}

paddr_t mmu_image_base(void)
{
	return image_pa;
}

psize_t mmu_image_size(void)
{
	return (psize_t)(_image_end - _image_start);
}

unsigned int mmu_table_pages_used(void)
{
	return pt_pages_used;
}

paddr_t virt_to_phys(const void *va)
{
	vaddr_t v = (vaddr_t)va;

	if (v >= HYP_VIRT_START && v < HYP_VIRT_START + mmu_image_size())
		return image_pa + (v - HYP_VIRT_START);
	return v;
}

void *phys_to_virt(paddr_t pa)
{
	if (pa >= image_pa && pa < image_pa + mmu_image_size())
		return (void *)(HYP_VIRT_START + (pa - image_pa));
	return (void *)pa;
}

void mmu_set_table_allocator(paddr_t (*alloc_zeroed_page)(void))
{
	pt_alloc_page = alloc_zeroed_page;
}

static uint64_t *table_alloc(void)
{
	uint64_t *t = NULL;

	if (pt_pool_used < PT_POOL_PAGES) {
		t = pt_pool[pt_pool_used++];
		memset(t, 0, PAGE_SIZE_BYTES);
	} else if (pt_alloc_page != NULL) {
		paddr_t pa = pt_alloc_page();

		if (pa != ~(paddr_t)0)
			t = phys_to_virt(pa);
	}
	if (t != NULL)
		pt_pages_used++;
	return t;
}

static unsigned int level_shift(unsigned int level)
{
	return 39 - 9 * level;
}

static bool pte_is_table(uint64_t pte, unsigned int level)
{
	return level < 3 && (pte & (PTE_VALID | PTE_TABLE)) == (PTE_VALID | PTE_TABLE);
}

/* Leaf descriptor for level: level-3 pages have bit 1 set, blocks (levels 1-2) clear. */
static uint64_t leaf_desc(paddr_t pa, uint64_t attrs, unsigned int level)
{
	uint64_t d = (pa & PTE_ADDR_MASK) | (attrs & ~PTE_ADDR_MASK);

	return level == 3 ? (d | PTE_PAGE) : (d & ~PTE_TABLE);
}

static void tlb_flush_va(vaddr_t va)
{
	dsb(ishst);
	__asm__ volatile("tlbi vae2is, %0" ::"r"(va >> 12) : "memory");
	dsb(ish);
	isb();
}

/* Writes a descriptor, with break-before-make when a valid one is replaced (D8.16.1). */
static void pte_write(uint64_t *ptep, uint64_t desc, vaddr_t va)
{
	uint64_t old = *ptep;

	if ((old & PTE_VALID) && old != desc) {
		WRITE_ONCE(*ptep, 0);
		tlb_flush_va(va);
	}
	WRITE_ONCE(*ptep, desc);
	dsb(ishst);
	isb();
}

/* Replaces the block at *ptep (level) with a table of the next level mapping the same. */
static int split_block(uint64_t *ptep, unsigned int level, vaddr_t va)
{
	uint64_t old = *ptep;
	uint64_t *t = table_alloc();
	psize_t step = 1ULL << level_shift(level + 1);
	paddr_t pa = old & PTE_ADDR_MASK;

	if (t == NULL)
		return -ENOMEM;
	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		t[i] = leaf_desc(pa + i * step, old, level + 1);
	dsb(ishst);
	pte_write(ptep, virt_to_phys(t) | PTE_TABLE_DESC,
		  ALIGN_DOWN(va, 1ULL << level_shift(level)));
	return 0;
}

/*
 * Maps (or, with attrs == 0, unmaps) one piece starting at va: the largest block that is
 * aligned, fits, and whose level we can reach. Returns the bytes done or a negative error.
 */
static int64_t map_one(vaddr_t va, paddr_t pa, psize_t size, uint64_t attrs)
{
	uint64_t *table = boot_pt_l0;

	for (unsigned int level = 0; level <= 3; level++) {
		psize_t blk = 1ULL << level_shift(level);
		uint64_t *ptep = &table[(va >> level_shift(level)) & (PT_ENTRIES - 1)];
		uint64_t pte = *ptep;
		bool fits = level >= 1 && IS_ALIGNED(va, blk) && IS_ALIGNED(pa, blk) && size >= blk;

		if (fits && !pte_is_table(pte, level)) {
			pte_write(ptep, attrs == 0 ? 0 : leaf_desc(pa, attrs, level), va);
			return (int64_t)blk;
		}
		if (!(pte & PTE_VALID)) {
			uint64_t *t;

			if (attrs == 0)
				return (int64_t)MIN(size,
						    blk - (va & (blk - 1))); /* nothing to unmap */
			t = table_alloc();
			if (t == NULL)
				return -ENOMEM;
			dsb(ishst);
			pte_write(ptep, virt_to_phys(t) | PTE_TABLE_DESC, va);
		} else if (!pte_is_table(pte, level)) {
			int err = split_block(ptep, level, va);

			if (err < 0)
				return err;
		}
		table = phys_to_virt(*ptep & PTE_ADDR_MASK);
	}
	return -EINVAL; /* not reached: level 3 always fits a page-aligned piece */
}

static int map_range(vaddr_t va, paddr_t pa, psize_t size, uint64_t attrs)
{
	if (!IS_ALIGNED(va | pa | size, PAGE_SIZE_BYTES) || va + size < va)
		return -EINVAL;
	while (size > 0) {
		int64_t done = map_one(va, pa, size, attrs);

		if (done < 0)
			return (int)done;
		va += (psize_t)done;
		pa += (psize_t)done;
		size -= (psize_t)done;
	}
	return 0;
}

int mmu_map(vaddr_t va, paddr_t pa, psize_t size, uint64_t attrs)
{
	if (attrs == 0)
		return -EINVAL;
	return map_range(va, pa, size, attrs);
}

int mmu_unmap(vaddr_t va, psize_t size)
{
	return map_range(va, 0, size, 0);
}

void *ioremap(paddr_t pa, psize_t size)
{
	paddr_t start = ALIGN_DOWN(pa, PAGE_SIZE_BYTES);
	paddr_t end = ALIGN_UP(pa + size, PAGE_SIZE_BYTES);

	if (size == 0 || pa + size < pa || end >= HYP_VIRT_START)
		return NULL;
	if (mmu_map(start, start, end - start, MAP_DEVICE) < 0)
		return NULL;
	return (void *)pa;
}

void mmu_remove_boot_identity(void)
{
	paddr_t pa = virt_to_phys(_start);

	/* The image's first page is not RAM we hand out, so its 1:1 entry is the only one in
	 * boot_pt_l3_id that can be set; clear it and flush. */
	pte_write(&boot_pt_l3_id[(pa >> 12) & (PT_ENTRIES - 1)], 0, pa);
	tlb_flush_va(pa);
}
