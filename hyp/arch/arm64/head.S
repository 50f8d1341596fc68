/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Entry at EL2 from any Linux arm64 loader (QEMU -kernel, U-Boot booti, ...): MMU off,
 * x0 = physical address of the device tree (Linux Documentation/arch/arm64/booting.rst).
 *
 * The image runs at HYP_VIRT_START whatever its physical address: this file builds page
 * tables that map the image there page by page (text RX, rodata RO, data RW+XN), plus a 1:1
 * mapping of the image's first page, which holds all code that runs while a CPU turns its MMU
 * on. Everything here before the MMU is on is position-independent (adr/adrp/bl only).
 */
#include <asm/layout.h>
#include <asm/sysregs.h>
#include <platform/platform.h>

/* The Linux arm64 Image header: 64 bytes, magic "ARM\x64" at 0x38. */
	.section .text.head, "ax"
	.global _start
_start:
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset: load at a 2 MiB boundary */
	.quad	_image_size		/* image_size, .bss included */
	.quad	0xa			/* flags: little-endian, 4 KiB pages, anywhere in RAM */
	.quad	0, 0, 0			/* res2..res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5: no PE header */

	.section .text.idmap, "ax"

/* Early message to the platform UART, MMU off (device accesses, no C). x0 = string. */
early_puts:
	ldr	x1, =PLATFORM_DEFAULT_UART_PA
1:	ldrb	w2, [x0], #1
	cbz	w2, 3f
2:	ldr	w3, [x1, #0x18]		/* UARTFR */
	tbnz	w3, #5, 2b		/* TXFF */
	str	w2, [x1]		/* UARTDR */
	b	1b
3:	ret

early_halt:
	bl	early_puts
1:	wfe
	b	1b

primary_entry:
	mov	x19, x0			/* x19: device tree (physical) */
	isb
	mrs	x20, cntpct_el0		/* x20: counter at entry, for the boot-time summary */
	mrs	x0, CurrentEL
	cmp	x0, #(2 << 2)
	b.eq	1f
	adr	x0, msg_not_el2
	b	early_halt
1:	adr	x21, _start		/* x21: where the loader put us (physical) */
	tst	x21, #0xfff
	b.eq	2f
	adr	x0, msg_unaligned
	b	early_halt
2:	ldr	x0, =HYP_VIRT_START
	cmp	x21, x0
	b.lo	3f
	adr	x0, msg_too_high
	b	early_halt
3:	bl	cpu_init_el2
	bl	boot_pt_create
	ldr	x1, =primary_virt
	b	mmu_enable_and_jump

/* PSCI CPU_ON lands here with the MMU off; x0 = context id = Tessera's CPU index. */
	.global secondary_entry
secondary_entry:
	mov	x19, x0
	bl	cpu_init_el2
	ldr	x1, =secondary_virt
	b	mmu_enable_and_jump

/* EL2 control registers every CPU sets before its MMU is on. Clobbers x0-x2. */
cpu_init_el2:
	ldr	x0, =SCTLR_EL2_MMU_OFF
	msr	sctlr_el2, x0
	isb
	ldr	x0, =MAIR_EL2_VALUE
	msr	mair_el2, x0
	/* Output address size: the CPU's PARange (ID_AA64MMFR0_EL1[3:0]), at most 48 bits. */
	mrs	x1, id_aa64mmfr0_el1
	and	x1, x1, #0xf
	mov	x2, #5
	cmp	x1, x2
	csel	x1, x2, x1, hi
	ldr	x0, =TCR_EL2_BASE
	orr	x0, x0, x1, lsl #TCR_PS_SHIFT
	msr	tcr_el2, x0
	ldr	x0, =HCR_EL2_BOOT
	msr	hcr_el2, x0
	ldr	x0, =CPTR_EL2_RES1
	msr	cptr_el2, x0
	mov	x0, #CNTHCTL_EL2_BOOT
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr
	msr	hstr_el2, xzr
	msr	vttbr_el2, xzr
	isb
	ret

/*
 * Fills the boot page tables (in .boot_pt, outside .bss) with the MMU off. x21 = physical
 * base of the image. Clobbers x0-x13.
 */
boot_pt_create:
	/* Zero every boot table. */
	adrp	x0, _boot_pt_start
	adrp	x1, _boot_pt_end
1:	stp	xzr, xzr, [x0], #16
	cmp	x0, x1
	b.lo	1b

	/* HYP_VIRT_START: L0[128] -> l1_hyp[0] -> l2_hyp[0] -> l3_hyp */
	adrp	x0, boot_pt_l0
	adrp	x1, boot_pt_l1_hyp
	adrp	x2, boot_pt_l2_hyp
	adrp	x3, boot_pt_l3_hyp
	orr	x4, x1, #PTE_TABLE_DESC
	str	x4, [x0, #(((HYP_VIRT_START >> 39) & 511) * 8)]
	orr	x4, x2, #PTE_TABLE_DESC
	str	x4, [x1, #(((HYP_VIRT_START >> 30) & 511) * 8)]
	orr	x4, x3, #PTE_TABLE_DESC
	str	x4, [x2, #(((HYP_VIRT_START >> 21) & 511) * 8)]

	/* One L3 entry per page of the image, with the permissions of the part it holds. */
	ldr	x5, =_text_size
	ldr	x6, =_rodata_end_offset
	ldr	x7, =_image_size
	ldr	x8, =PTE_HYP_TEXT
	ldr	x9, =PTE_HYP_RO
	ldr	x10, =PTE_HYP_RW
	mov	x11, #0			/* offset into the image */
2:	add	x12, x21, x11		/* physical address of this page */
	cmp	x11, x5
	b.hs	3f
	orr	x12, x12, x8
	b	5f
3:	cmp	x11, x6
	b.hs	4f
	orr	x12, x12, x9
	b	5f
4:	orr	x12, x12, x10
5:	lsr	x13, x11, #PAGE_SHIFT_ASM
	str	x12, [x3, x13, lsl #3]
	add	x11, x11, #(1 << PAGE_SHIFT_ASM)
	cmp	x11, x7
	b.lo	2b

	/* 1:1 map of the image's first page (this code), read-only executable. */
	adrp	x1, boot_pt_l1_id
	adrp	x2, boot_pt_l2_id
	adrp	x3, boot_pt_l3_id
	ubfx	x4, x21, #39, #9
	orr	x5, x1, #PTE_TABLE_DESC
	str	x5, [x0, x4, lsl #3]
	ubfx	x4, x21, #30, #9
	orr	x5, x2, #PTE_TABLE_DESC
	str	x5, [x1, x4, lsl #3]
	ubfx	x4, x21, #21, #9
	orr	x5, x3, #PTE_TABLE_DESC
	str	x5, [x2, x4, lsl #3]
	ubfx	x4, x21, #12, #9
	orr	x5, x21, x8
	str	x5, [x3, x4, lsl #3]

	/* The tables were written uncached: drop any stale cache lines over them, so the
	 * walker and later cached accesses see memory (Arm ARM D8.2.5, B2.4.4). */
	dsb	sy
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4		/* DminLine: log2(words) */
	mov	x4, #4
	lsl	x3, x4, x3		/* line size in bytes */
	adrp	x0, _boot_pt_start
	adrp	x1, _boot_pt_end
6:	dc	ivac, x0
	add	x0, x0, x3
	cmp	x0, x1
	b.lo	6b
	dsb	sy
	ret

/* Turns the MMU on with the boot tables as root and branches to x1 (a virtual address). */
mmu_enable_and_jump:
	adrp	x0, boot_pt_l0
	msr	ttbr0_el2, x0
	isb
	tlbi	alle2
	ic	iallu
	dsb	nsh
	isb
	ldr	x0, =SCTLR_EL2_MMU_ON
	msr	sctlr_el2, x0
	isb
	br	x1

msg_not_el2:
	.asciz	"Tessera: FATAL: not entered at EL2 (a loader must keep EL2 for a hypervisor)\r\n"
msg_unaligned:
	.asciz	"Tessera: FATAL: image not loaded at a 4 KiB boundary\r\n"
msg_too_high:
	.asciz	"Tessera: FATAL: image loaded above the hypervisor's virtual base\r\n"
	.balign	8
	.ltorg

/* From here on the MMU is on and we run at HYP_VIRT_START. */
	.text
primary_virt:
	ldr	x0, =hyp_vectors
	msr	vbar_el2, x0
	isb
	ldr	x0, =_bss_start
	ldr	x1, =_bss_end
1:	stp	xzr, xzr, [x0], #16
	cmp	x0, x1
	b.lo	1b
	ldr	x0, =boot_stack
	add	x0, x0, #HYP_STACK_SIZE
	mov	sp, x0
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x19			/* device tree */
	mov	x1, x21			/* image physical base */
	mov	x2, x20			/* counter at entry */
	bl	start_tessera
1:	wfe
	b	1b

secondary_virt:
	ldr	x0, =hyp_vectors
	msr	vbar_el2, x0
	isb
	ldr	x1, =secondary_stack_top
	ldr	x1, [x1, x19, lsl #3]
	mov	sp, x1
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x19
	bl	start_secondary
1:	wfe
	b	1b

	.section .boot_pt, "aw", %nobits
	.balign	4096
	.global boot_pt_l0, boot_pt_l1_id, boot_pt_l2_id, boot_pt_l3_id
boot_pt_l0:	.space	4096
boot_pt_l1_hyp:	.space	4096
boot_pt_l2_hyp:	.space	4096
boot_pt_l3_hyp:	.space	4096
boot_pt_l1_id:	.space	4096
boot_pt_l2_id:	.space	4096
boot_pt_l3_id:	.space	4096

	.bss
	.balign	4096
	/* The page below the boot stack is unmapped once C runs, so an overflow faults. */
	.global boot_stack_guard, boot_stack
boot_stack_guard:	.space	4096
boot_stack:	.space	HYP_STACK_SIZE
