/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Entry of a test guest, booted like a Linux arm64 kernel (Linux
 * Documentation/arch/arm64/booting.rst): at EL1h, MMU and data cache off, IRQs masked,
 * x0 = physical address of the device tree.
 *
 * Load address. The image is linked at 0 as a static position-independent executable
 * (-fpie, ld -pie): code reaches everything PC-relative (ADRP/ADD, ADR, B/BL), and every
 * absolute address stored in data (GOT entries, pointer tables, libfdt's) is an
 * R_AARCH64_RELATIVE relocation in .rela.dyn. start applies them with the load address as
 * the base (ELF for the Arm 64-bit Architecture, "Dynamic relocations": RELATIVE is
 * Delta(S) + A), so the image runs wherever a loader puts it, 4 KiB aligned (ADRP): QEMU at
 * RAM + 2 MiB, Xen and Tessera at the guest's RAM base. The build checks that .rela.dyn
 * holds nothing else.
 *
 * MMU. Exclusives need cacheable memory (Arm ARM, "Exclusive access instructions and
 * Shareable memory locations": the global monitor on Device memory is IMPLEMENTATION
 * DEFINED) and uncached guests are slow, so start builds an identity map before any C
 * runs: the first GiB (where both the Xen guest map and QEMU virt put their devices) as 512
 * Device-nGnRE 2 MiB blocks, and [1 GiB, 4 GiB), guest RAM bank 0 in both maps, as Normal
 * Write-Back 1 GiB blocks. mmu.c adds more (other RAM banks, devices elsewhere) once the
 * device tree has been read. A board with RAM below 1 GiB would need another first map.
 */
#include <rt/arch.h>

#define R_AARCH64_RELATIVE 1027

	.section .text.head, "ax"
	.global _start
_start:
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset: anywhere, the image relocates itself */
	.quad	_image_size		/* image_size, .bss and stacks included */
	.quad	0xa			/* flags: little-endian, 4 KiB pages, any physical address */
	.quad	0, 0, 0			/* res2..res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5: no PE header */

primary_entry:
	mov	x19, x0			/* x19: device tree */
	mrs	x0, CurrentEL
	cmp	x0, #(1 << 2)
	b.ne	park			/* not EL1: nothing here can report it, so stop quietly */
	bl	cpu_init_el1
	adr	x20, _start		/* x20: load address = relocation base (linked at 0) */

	/* Apply R_AARCH64_RELATIVE relocations: *(base + r_offset) = base + r_addend. */
	adrp	x0, __rela_start
	add	x0, x0, :lo12:__rela_start
	adrp	x1, __rela_end
	add	x1, x1, :lo12:__rela_end
1:	cmp	x0, x1
	b.hs	3f
	ldp	x2, x3, [x0], #16	/* r_offset, r_info */
	ldr	x4, [x0], #8		/* r_addend */
	cmp	w3, #R_AARCH64_RELATIVE
	b.ne	1b
	add	x4, x4, x20
	str	x4, [x20, x2]
	b	1b

	/* Clear .bss (which holds the page tables) with the MMU off. */
3:	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
4:	cmp	x0, x1
	b.hs	5f
	stp	xzr, xzr, [x0], #16
	b	4b

5:	bl	pgt_build
	/*
	 * Everything above was written with the data cache off. Invalidate the image's lines
	 * so that no stale line hides what is in memory once the cache is on (Arm ARM, "Cache
	 * maintenance requirements"; booting.rst only promises the loader cleaned the image).
	 */
	adr	x0, _start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
	bl	dcache_inval_range
	bl	mmu_enable

	adrp	x0, rt_stacks
	add	x0, x0, :lo12:rt_stacks
	add	sp, x0, #RT_STACK_SIZE
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x19
	mov	x1, x20
	bl	rt_main			/* does not return */
	b	park

/*
 * PSCI CPU_ON lands here (DEN 0022D, CPU_ON: MMU and caches off, the context id in x0), whose
 * low 8 bits the runtime sets to the CPU's index (a test may put more above them). SCTLR_EL1
 * as found is handed on, so a test can check the CPU really came up with its MMU off. The
 * tables already exist; turn the MMU on before touching data.
 */
	.global secondary_entry
secondary_entry:
	mov	x19, x0
	mrs	x20, sctlr_el1
	bl	cpu_init_el1
	bl	mmu_enable
	adrp	x0, rt_stacks
	add	x0, x0, :lo12:rt_stacks
	and	x1, x19, #0xff
	add	x1, x1, #1
	mov	x2, #RT_STACK_SIZE
	madd	x0, x1, x2, x0		/* top of this CPU's stack */
	mov	sp, x0
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x19
	mov	x1, x20
	bl	rt_secondary_main	/* does not return */
park:
	wfi
	b	park

/* Per-CPU EL1 state every CPU sets first: MMU off, FP/SIMD on, vectors. Clobbers x0. */
cpu_init_el1:
	ldr	x0, =RT_SCTLR_EL1_MMU_OFF
	msr	sctlr_el1, x0
	mov	x0, #RT_CPACR_EL1_FPEN
	msr	cpacr_el1, x0
	adr	x0, rt_vectors
	msr	vbar_el1, x0
	isb
	ret

/*
 * Identity map: L1[0] -> L2 of 512 device blocks; L1[1..3] normal 1 GiB blocks.
 * The tables are in .bss, already zero. Clobbers x0-x5.
 */
pgt_build:
	adrp	x0, rt_pgt_l1
	adrp	x1, rt_pgt_l2_low
	orr	x2, x1, #RT_PTE_TABLE_DESC
	str	x2, [x0]
	ldr	x3, =RT_PTE_BLOCK_DEVICE
	mov	x4, #0
1:	orr	x2, x3, x4, lsl #RT_MMU_L2_SHIFT
	str	x2, [x1, x4, lsl #3]
	add	x4, x4, #1
	cmp	x4, #512
	b.lo	1b
	ldr	x3, =RT_PTE_BLOCK_NORMAL
	mov	x4, #1
2:	orr	x2, x3, x4, lsl #RT_MMU_L1_SHIFT
	str	x2, [x0, x4, lsl #3]
	add	x4, x4, #1
	cmp	x4, #4
	b.lo	2b
	ret

/* Invalidates the data cache by VA to PoC over [x0, x1) (Arm ARM, DC IVAC). Clobbers x2, x3. */
dcache_inval_range:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4		/* CTR_EL0.DminLine: log2 of the line in words */
	mov	x2, #4
	lsl	x3, x2, x3
	sub	x2, x3, #1
	bic	x0, x0, x2
	dsb	sy
1:	dc	ivac, x0
	add	x0, x0, x3
	cmp	x0, x1
	b.lo	1b
	dsb	sy
	ret

/* Turns on the MMU and caches with the identity map; the PC stays valid (VA == PA). */
mmu_enable:
	ldr	x0, =RT_MAIR_EL1_VALUE
	msr	mair_el1, x0
	mrs	x1, id_aa64mmfr0_el1
	and	x1, x1, #0xf		/* ID_AA64MMFR0_EL1.PARange -> IPS, same encoding */
	ldr	x0, =RT_TCR_EL1_BASE
	orr	x0, x0, x1, lsl #RT_TCR_IPS_SHIFT
	msr	tcr_el1, x0
	adrp	x0, rt_pgt_l1
	msr	ttbr0_el1, x0
	isb
	tlbi	vmalle1
	ic	iallu
	dsb	nsh
	isb
	ldr	x0, =RT_SCTLR_EL1_MMU_ON
	msr	sctlr_el1, x0
	isb
	ret

	.ltorg

	/* Boot CPU's stack first, then the secondaries' (index i uses slot i + 1). */
	.section .stacks, "aw", %nobits
	.balign	16
	.global rt_stacks
rt_stacks:
	.space	RT_STACK_SIZE * (RT_MAX_CPUS + 1)
