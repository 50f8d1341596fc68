/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EL1 system register values the runtime programs, with the Arm ARM (DDI 0487) section of
 * each. Assembly-safe. The hypervisor's asm/sysregs.h describes the EL2 registers; these are
 * the guest's own.
 */
#ifndef RT_ARCH_H
#define RT_ARCH_H

#ifdef __ASSEMBLY__
#define RT_UL(x) x
#else
#define RT_UL(x) x##UL
#endif

/* Stacks: one per CPU, and the most CPUs the runtime drives (from /cpus). */
#define RT_STACK_SIZE 0x4000
#define RT_MAX_CPUS   8

/*
 * SCTLR_EL1 (Arm ARM). RES1 bits 11, 20, 22, 23, 28, 29 in Armv8.0; M (MMU), C (data
 * cache), SA (SP alignment check), I (instruction cache); nTWI/nTWE so that EL0 would not
 * trap (no EL0 here). A (alignment check) stays clear: libfdt reads unaligned fields.
 */
#define RT_SCTLR_EL1_RES1    0x30d00800
#define RT_SCTLR_EL1_M	     (1 << 0)
#define RT_SCTLR_EL1_C	     (1 << 2)
#define RT_SCTLR_EL1_SA	     (1 << 3)
#define RT_SCTLR_EL1_I	     (1 << 12)
#define RT_SCTLR_EL1_NTWI    (1 << 16)
#define RT_SCTLR_EL1_NTWE    (1 << 18)
#define RT_SCTLR_EL1_MMU_OFF (RT_SCTLR_EL1_RES1 | RT_SCTLR_EL1_NTWI | RT_SCTLR_EL1_NTWE)
#define RT_SCTLR_EL1_MMU_ON \
	(RT_SCTLR_EL1_MMU_OFF | RT_SCTLR_EL1_M | RT_SCTLR_EL1_C | RT_SCTLR_EL1_SA | RT_SCTLR_EL1_I)

/* CPACR_EL1 (Arm ARM): FPEN = 0b11, FP/SIMD untrapped at EL1 and EL0 (libfdt uses SIMD). */
#define RT_CPACR_EL1_FPEN (3 << 20)

/*
 * MAIR_EL1 (Arm ARM) attribute indexes: 0 Device-nGnRnE, 1 Device-nGnRE, 2 Normal
 * Inner/Outer Write-Back Non-transient Read/Write-allocate, 3 Normal Non-cacheable.
 */
#define RT_MT_DEVICE_nGnRnE 0
#define RT_MT_DEVICE_nGnRE  1
#define RT_MT_NORMAL	    2
#define RT_MT_NORMAL_NC	    3
#define RT_MAIR_EL1_VALUE   0x44ff0400

/*
 * TCR_EL1 (Arm ARM): T0SZ = 25, a 39-bit VA whose walk starts at level 1 with a 4 KiB
 * granule (Arm ARM, "Translation process"); table walks Inner/Outer Write-Back Write-Allocate,
 * Inner Shareable; EPD1 (no TTBR1 walks); TG1 = 4 KiB so the field is valid. IPS is filled in at
 * boot from ID_AA64MMFR0_EL1.PARange.
 */
#define RT_TCR_T0SZ_39	 25
#define RT_TCR_IRGN0_WB	 (1 << 8)
#define RT_TCR_ORGN0_WB	 (1 << 10)
#define RT_TCR_SH0_IS	 (3 << 12)
#define RT_TCR_EPD1	 (1 << 23)
#define RT_TCR_TG1_4K	 (2 << 30)
#define RT_TCR_IPS_SHIFT 32
#define RT_TCR_EL1_BASE                                                                     \
	(RT_TCR_T0SZ_39 | RT_TCR_IRGN0_WB | RT_TCR_ORGN0_WB | RT_TCR_SH0_IS | RT_TCR_EPD1 | \
	 RT_TCR_TG1_4K)

/* The identity map: level-1 entries are 1 GiB, level-2 entries 2 MiB. */
#define RT_MMU_L1_SHIFT 30
#define RT_MMU_L2_SHIFT 21
#define RT_MMU_VA_BITS	39

/* Stage-1 block and table descriptors and their attributes (Arm ARM, "Translation table
 * descriptor formats"); AP = 0b00, read/write at EL1. */
#define RT_PTE_VALID	 (RT_UL(1) << 0)
#define RT_PTE_TABLE	 (RT_UL(1) << 1)
#define RT_PTE_ATTR(idx) (RT_UL(idx) << 2)
#define RT_PTE_ATTR_MASK (RT_UL(7) << 2)
#define RT_PTE_SH_INNER	 (RT_UL(3) << 8)
#define RT_PTE_AF	 (RT_UL(1) << 10)
#define RT_PTE_PXN	 (RT_UL(1) << 53)
#define RT_PTE_UXN	 (RT_UL(1) << 54)
#define RT_PTE_ADDR_MASK RT_UL(0x0000fffffffff000)

/* Normal memory (executable: the test guests keep no W^X) and device memory (never
 * executable: speculative instruction fetches from Device memory must be prevented, Arm ARM "Device
 * memory"). */
#define RT_PTE_BLOCK_NORMAL \
	(RT_PTE_VALID | RT_PTE_ATTR(RT_MT_NORMAL) | RT_PTE_SH_INNER | RT_PTE_AF | RT_PTE_UXN)
#define RT_PTE_BLOCK_DEVICE \
	(RT_PTE_VALID | RT_PTE_ATTR(RT_MT_DEVICE_nGnRE) | RT_PTE_AF | RT_PTE_PXN | RT_PTE_UXN)
#define RT_PTE_TABLE_DESC (RT_PTE_VALID | RT_PTE_TABLE)

/* The saved register frame of an exception (vectors.S); offsets in bytes. */
#define RT_FRAME_ELR  (31 * 8)
#define RT_FRAME_SPSR (32 * 8)
#define RT_FRAME_ESR  (33 * 8)
#define RT_FRAME_FAR  (34 * 8)
#define RT_FRAME_SP   (35 * 8)
#define RT_FRAME_SIZE (36 * 8)

/* Exception kinds, the vector slot (Arm ARM, "Exception vectors"): current EL with SP_EL0, with
 * SP_ELx, lower EL AArch64, lower EL AArch32; each with sync, IRQ, FIQ, SError. */
#define RT_EXC_SYNC   0
#define RT_EXC_IRQ    1
#define RT_EXC_FIQ    2
#define RT_EXC_SERROR 3

#endif
