/* SPDX-License-Identifier: Apache-2.0 */
/* System register fields used by Tessera, with the Arm ARM section of each. Assembly-safe. */
#ifndef ASM_SYSREGS_H
#define ASM_SYSREGS_H

/* An unsigned long constant in C, a plain number in assembly. */
#ifdef __ASSEMBLY__
#define UL(x) x
#else
#define UL(x) x##UL
#endif

/* SCTLR_EL2 (Arm ARM D23.2.120), non-VHE: RES1 bits 4,5,11,16,18,22,23,28,29. */
#define SCTLR_EL2_RES1	  0x30C50830
#define SCTLR_M		  (UL(1) << 0)
#define SCTLR_A		  (UL(1) << 1)
#define SCTLR_C		  (UL(1) << 2)
#define SCTLR_SA	  (UL(1) << 3)
#define SCTLR_I		  (UL(1) << 12)
#define SCTLR_WXN	  (UL(1) << 19)
#define SCTLR_EL2_MMU_OFF (SCTLR_EL2_RES1)
#define SCTLR_EL2_MMU_ON  (SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I | SCTLR_WXN)

/* HCR_EL2 (D23.2.52): route physical IRQ/FIQ/SError to EL2 so the hypervisor takes them. */
#define HCR_FMO	     (UL(1) << 3)
#define HCR_IMO	     (UL(1) << 4)
#define HCR_AMO	     (UL(1) << 5)
#define HCR_RW	     (UL(1) << 31)
#define HCR_EL2_BOOT (HCR_FMO | HCR_IMO | HCR_AMO | HCR_RW)

/* CPTR_EL2 (D23.2.35), non-VHE: RES1 bits 13,12,9..0; TFP (bit 10) clear = FP/SIMD untrapped.
 * libfdt is compiled with SIMD, so EL2 itself needs FP. */
#define CPTR_EL2_RES1 0x33FF

/* MAIR_EL2 (D23.2.95) attribute indexes. */
#define MT_NORMAL	 0 /* Normal, Inner/Outer Write-Back Non-transient RW-allocate */
#define MT_DEVICE_nGnRE	 1 /* Device-nGnRE */
#define MT_NORMAL_NC	 2 /* Normal, Non-cacheable */
#define MT_DEVICE_nGnRnE 3 /* Device-nGnRnE */
#define MAIR_EL2_VALUE	 0x000044ff04ff /* idx0 0xff, idx1 0x04, idx2 0x44, idx3 0x00 */

/* TCR_EL2 (D23.2.176), non-VHE: RES1 bits 31 and 23; T0SZ=16 (48-bit VA); 4 KiB granule;
 * inner/outer WB-WA walks, inner shareable; PS filled in at boot from ID_AA64MMFR0_EL1. */
#define TCR_EL2_RES1   ((UL(1) << 31) | (UL(1) << 23))
#define TCR_T0SZ_48    16
#define TCR_IRGN0_WBWA (UL(1) << 8)
#define TCR_ORGN0_WBWA (UL(1) << 10)
#define TCR_SH0_INNER  (UL(3) << 12)
#define TCR_TG0_4K     (UL(0) << 14)
#define TCR_PS_SHIFT   16
#define TCR_EL2_BASE \
	(TCR_EL2_RES1 | TCR_T0SZ_48 | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K)

/* CNTHCTL_EL2 (D23.11.2), non-VHE: guests read the physical counter but their physical-timer
 * accesses trap (they use the virtual timer; Xen does the same). */
#define CNTHCTL_EL2_BOOT 0x1 /* EL1PCTEN: counter yes; EL1PCEN clear: CNTP_* trap */

/* Stage-1 EL2 translation table descriptors (D8.3), 4 KiB granule. */
#define PTE_VALID     (UL(1) << 0)
#define PTE_TABLE     (UL(1) << 1) /* level 0-2: table; level 3: page */
#define PTE_PAGE      (UL(1) << 1)
#define PTE_ATTR(idx) (UL(idx) << 2)
/* At EL2 (one privilege level) AP[1] is RES1: RW = 0b01, RO = 0b11 (D8.4.1). */
#define PTE_AP_RW     (UL(1) << 6)
#define PTE_AP_RO     (UL(3) << 6)
#define PTE_SH_INNER  (UL(3) << 8)
#define PTE_AF	      (UL(1) << 10)
#define PTE_XN	      (UL(1) << 54)
#define PTE_ADDR_MASK UL(0x0000FFFFFFFFF000)

#define PTE_HYP_TEXT \
	(PTE_VALID | PTE_PAGE | PTE_ATTR(MT_NORMAL) | PTE_AP_RO | PTE_SH_INNER | PTE_AF)
#define PTE_HYP_RO (PTE_HYP_TEXT | PTE_XN)
#define PTE_HYP_RW \
	(PTE_VALID | PTE_PAGE | PTE_ATTR(MT_NORMAL) | PTE_AP_RW | PTE_SH_INNER | PTE_AF | PTE_XN)
#define PTE_TABLE_DESC (PTE_VALID | PTE_TABLE)

/* ESR_EL2 (D23.2.41). */
#define ESR_EC_SHIFT 26
#define ESR_EC_MASK  0x3f
#define ESR_IL	     (1 << 25)
#define ESR_ISS_MASK 0x1ffffff

/* SPSR_EL2 / DAIF mask bits. */
#define PSR_F (1 << 6)
#define PSR_I (1 << 7)
#define PSR_A (1 << 8)
#define PSR_D (1 << 9)

#endif
