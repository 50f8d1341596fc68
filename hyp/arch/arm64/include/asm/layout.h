/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypervisor's virtual address space (EL2 stage 1, TTBR0_EL2, 48-bit VA, 4 KiB granule).
 * Tessera runs at a fixed virtual address wherever the loader put it in physical memory:
 * the image is linked at HYP_VIRT_START and mapped there page by page with W^X permissions.
 * Everything else (RAM, MMIO) is mapped 1:1 (VA == PA), which is why HYP_VIRT_START is above
 * any physical address the supported CPUs can produce (44 bits on Cortex-A57).
 * Included from assembly too.
 */
#ifndef ASM_LAYOUT_H
#define ASM_LAYOUT_H

#define HYP_VIRT_START	 0x0000400000000000 /* 64 TiB: L0 index 128 */
#define HYP_IMAGE_MAX	 0x200000	    /* 2 MiB: one L3 table maps the image */
#define FDT_VIRT_START	 0x0000400040000000 /* the boot device tree, read-only */
#define FDT_VIRT_SIZE	 0x200000	    /* Linux's limit for a DTB, 2 MiB */
#define STACK_VIRT_START 0x0000400080000000 /* per-CPU stacks, each below a guard page */
/* Per-pCPU windows onto a domain's RAM while the builder loads it, 1 TiB each: as large as
 * the largest "memory" a domain node may ask (the guest RAM banks, 1019 GiB; a static
 * assertion in domain.c ties the two), so that no window reaches into the next pCPU's. The
 * eight end at 73 TiB, far below the 256 TiB of a 48-bit VA; only what is mapped costs tables. */
#define BUILD_VIRT_START  0x0000410000000000
#define BUILD_VIRT_STRIDE 0x0000010000000000

#define PAGE_SHIFT_ASM	 12
#define PAGE_SIZE_BYTES	 4096UL
#define HYP_STACK_SIZE	 0x4000 /* 16 KiB */
#define HYP_STACK_STRIDE (HYP_STACK_SIZE + 0x1000)
#define NR_CPUS_MAX	 8

#endif
