/* SPDX-License-Identifier: Apache-2.0 */
/* The hypervisor's own (EL2 stage-1) mappings after boot. */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#include <asm/layout.h>
#include <asm/sysregs.h>
#include <tessera/types.h>

/* Leaf attributes for mmu_map(), as level-3 page descriptors. */
#define MAP_RAM	   PTE_HYP_RW
#define MAP_RO	   PTE_HYP_RO
#define MAP_DEVICE (PTE_VALID | PTE_PAGE | PTE_ATTR(MT_DEVICE_nGnRE) | PTE_AP_RW | PTE_AF | PTE_XN)

/* Records where the image is, once, from start_tessera. */
void mmu_init(paddr_t image_pa);

/* Maps [va, va + size) to pa with attrs; page aligned. Uses 1 GiB and 2 MiB blocks where
 * alignment allows; splits existing blocks as needed. -ENOMEM when out of table pages. */
int mmu_map(vaddr_t va, paddr_t pa, psize_t size, uint64_t attrs);
int mmu_unmap(vaddr_t va, psize_t size);

/* Maps a device region 1:1 and returns its virtual address (NULL on failure). */
void *ioremap(paddr_t pa, psize_t size);

/* Once secondary CPUs are up, the 1:1 page of boot code is no longer needed. */
void mmu_remove_boot_identity(void);

/* Where table pages come from once the page allocator is up (before: a static pool). */
void mmu_set_table_allocator(paddr_t (*alloc_zeroed_page)(void));

/* Physical address of a hypervisor virtual address (image, or 1:1). */
paddr_t virt_to_phys(const void *va);
void *phys_to_virt(paddr_t pa);

paddr_t mmu_image_base(void);
psize_t mmu_image_size(void);
unsigned int mmu_table_pages_used(void);

#endif
