// SPDX-License-Identifier: Apache-2.0
/*
 * The identity map's tables and the runtime's additions to it. start.S fills the level-1
 * table and the first GiB's level-2 table with the MMU off; here, with the MMU on, more
 * regions get 1 GiB blocks or 2 MiB blocks in new level-2 tables (Arm ARM, "Translation table
 * descriptor formats"). Changing a live 2 MiB entry goes through break-before-make (Arm ARM, "Using
 * break-before-make when updating translation table entries"); a live 1 GiB block is never split,
 * since it may hold the running image.
 */
#include "runtime.h"

#define PT_ENTRIES   512
#define L2_POOL_SIZE 8
#define BLOCK_2M     (1UL << RT_MMU_L2_SHIFT)
#define BLOCK_1G     (1UL << RT_MMU_L1_SHIFT)

uint64_t rt_pgt_l1[PT_ENTRIES] __aligned(4096);
uint64_t rt_pgt_l2_low[PT_ENTRIES] __aligned(4096);
static uint64_t l2_pool[L2_POOL_SIZE][PT_ENTRIES] __aligned(4096);
static unsigned int l2_pool_used;
static spinlock_t mmu_lock = SPINLOCK_INIT;

static uint64_t *l2_alloc(void)
{
	if (l2_pool_used == L2_POOL_SIZE)
		return NULL;
	return l2_pool[l2_pool_used++]; /* zero: .bss */
}

/* Store the new descriptor; the DSB makes it visible to the table walker, the ISB to the
 * instructions that follow. */
static void pte_set(uint64_t *pte, uint64_t desc)
{
	WRITE_ONCE(*pte, desc);
	dsb(ishst);
	isb();
}

static void pte_replace(uint64_t *pte, uint64_t desc, uint64_t va)
{
	pte_set(pte, 0);
	__asm__ volatile("tlbi vaae1is, %0" ::"r"(va >> 12) : "memory");
	dsb(ish);
	pte_set(pte, desc);
}

/* The level-2 table under a level-1 entry that is not a block, made if need be. */
static uint64_t *l2_of(uint64_t *l1e)
{
	uint64_t *l2;

	if (*l1e & RT_PTE_VALID)
		return (uint64_t *)(uintptr_t)(*l1e & RT_PTE_ADDR_MASK);
	l2 = l2_alloc();
	if (l2 != NULL)
		pte_set(l1e, (uint64_t)(uintptr_t)l2 | RT_PTE_TABLE_DESC);
	return l2;
}

static void map_2m(uint64_t *e, uint64_t desc, uint64_t va)
{
	if (*e == desc)
		return;
	if (*e & RT_PTE_VALID)
		pte_replace(e, desc, va);
	else
		pte_set(e, desc);
}

static int mmu_map(uint64_t base, uint64_t size, uint64_t block)
{
	uint64_t va = ALIGN_DOWN(base, BLOCK_2M);
	uint64_t end = ALIGN_UP(base + size, BLOCK_2M);
	uint64_t flags;
	int err = 0;

	if (size == 0)
		return 0;
	if (end > (1UL << RT_MMU_VA_BITS) || end < va)
		return -ERANGE;
	flags = spin_lock_irqsave(&mmu_lock);
	while (va < end) {
		uint64_t *l1e = &rt_pgt_l1[va >> RT_MMU_L1_SHIFT];
		uint64_t *l2;

		if ((*l1e & (RT_PTE_VALID | RT_PTE_TABLE)) == RT_PTE_VALID) {
			/* A live 1 GiB block: fine if it already has the wanted type. */
			if ((*l1e & RT_PTE_ATTR_MASK) != (block & RT_PTE_ATTR_MASK)) {
				err = -EBUSY;
				break;
			}
			va = ALIGN_DOWN(va, BLOCK_1G) + BLOCK_1G;
			continue;
		}
		if ((*l1e & RT_PTE_VALID) == 0 && IS_ALIGNED(va, BLOCK_1G) &&
		    end - va >= BLOCK_1G) {
			pte_set(l1e, va | block);
			va += BLOCK_1G;
			continue;
		}
		l2 = l2_of(l1e);
		if (l2 == NULL) {
			err = -ENOMEM;
			break;
		}
		do {
			map_2m(&l2[(va >> RT_MMU_L2_SHIFT) % PT_ENTRIES], va | block, va);
			va += BLOCK_2M;
		} while (va < end && !IS_ALIGNED(va, BLOCK_1G));
	}
	spin_unlock_irqrestore(&mmu_lock, flags);
	return err;
}

int mmu_map_normal(uint64_t base, uint64_t size)
{
	return mmu_map(base, size, RT_PTE_BLOCK_NORMAL);
}

int mmu_map_device(uint64_t base, uint64_t size)
{
	return mmu_map(base, size, RT_PTE_BLOCK_DEVICE);
}

/*
 * Maps the 2 MiB block at va, in the first GiB (whose level-2 table start.S made), to pa,
 * readable (and, if exec, executable) at EL0 and read-only at EL1 and EL0: AP[2:1] = 0b11,
 * PXN set (Arm ARM, "Memory access control"). For tests that run code at EL0.
 */
#define RT_PTE_AP_RO_EL0 (RT_UL(3) << 6)
int mmu_map_el0_block(uint64_t va, uint64_t pa, bool exec)
{
	uint64_t desc =
		(pa & ~(BLOCK_2M - 1)) | RT_PTE_VALID | RT_PTE_AF | RT_PTE_AP_RO_EL0 | RT_PTE_PXN;
	uint64_t flags;

	if (va >= BLOCK_1G || !IS_ALIGNED(va, BLOCK_2M))
		return -ERANGE;
	desc |= exec ? RT_PTE_ATTR(RT_MT_NORMAL) | RT_PTE_SH_INNER
		     : RT_PTE_ATTR(RT_MT_DEVICE_nGnRE) | RT_PTE_UXN;
	flags = spin_lock_irqsave(&mmu_lock);
	map_2m(&rt_pgt_l2_low[va >> RT_MMU_L2_SHIFT], desc, va);
	spin_unlock_irqrestore(&mmu_lock, flags);
	return 0;
}

/* Every RAM bank Normal; the GIC and UART Device wherever the device tree puts them. */
int mmu_init(void)
{
	const struct rt_platform *p = &rt_platform;
	int err = 0;

	for (unsigned int i = 0; i < p->mem_banks && err == 0; i++)
		err = mmu_map_normal(p->mem[i].base, p->mem[i].size);
	if (err == 0)
		err = mmu_map_device(p->uart_base, 0x1000);
	if (err == 0)
		err = mmu_map_device(p->gicd_base, 0x10000);
	if (err == 0 && p->gic_version == 2)
		err = mmu_map_device(p->gicc_base, 0x2000);
	for (unsigned int i = 0; i < p->gicr_regions && err == 0; i++)
		err = mmu_map_device(p->gicr[i].base, p->gicr[i].size);
	return err;
}
