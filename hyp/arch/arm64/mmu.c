// SPDX-License-Identifier: Apache-2.0
/*
 * EL2 stage-1 translation tables after boot (Arm ARM D8: VMSAv8-64, 4 KiB granule, 48-bit
 * VA, levels 0-3). head.S built the root and the image's mapping; this file adds and removes
 * mappings on the live tables. Table descriptors hold physical addresses; tables live in the
 * image (boot tables, the static pool) or in 1:1-mapped RAM, so phys_to_virt reaches them.
 */
#include <asm/mmu.h>
#include <asm/pgtable.h>
#include <asm/spinlock.h>
#include <asm/sysreg.h>
#include <string.h>
#include <tessera/compiler.h>
#include <tessera/errno.h>
#include <tessera/printk.h>

#define PT_ENTRIES    512
#define PT_POOL_PAGES 24

extern uint64_t boot_pt_l0[PT_ENTRIES];
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
	return (psize_t)((uintptr_t)_image_end - (uintptr_t)_image_start);
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

static void tlb_flush_va(vaddr_t va)
{
	dsb(ishst);
	__asm__ volatile("tlbi vae2is, %0" ::"r"(va >> 12) : "memory");
	dsb(ish);
	isb();
}

static uint64_t *pt_alloc(void *ctx)
{
	(void)ctx;
	return table_alloc();
}

static void pt_flush(void *ctx, uint64_t va)
{
	(void)ctx;
	tlb_flush_va(va);
}

/* The hypervisor's tables: the root head.S built, walked from level 0. */
static struct pgtable hyp_pt = {
	.root = boot_pt_l0,
	.start_level = 0,
	.root_bits = 9,
	.alloc_table = pt_alloc,
	.flush = pt_flush,
};

/* One editor at a time: domains rebuilt at the same time map their build windows from
 * different pCPUs into these shared tables, and a new table comes from one shared pool. */
static spinlock_t hyp_pt_lock = SPINLOCK_INIT;

static int map_range(vaddr_t va, paddr_t pa, psize_t size, uint64_t attrs)
{
	uint64_t flags = spin_lock_irqsave(&hyp_pt_lock);
	int err = pgtable_map(&hyp_pt, va, pa, size, attrs);

	isb();
	spin_unlock_irqrestore(&hyp_pt_lock, flags);
	return err;
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

	/* The image's own pages are never mapped 1:1 otherwise, so this removes just the boot
	 * code's page. */
	if (map_range(pa, 0, PAGE_SIZE_BYTES, 0) < 0)
		panic("cannot remove the boot 1:1 mapping");
}
