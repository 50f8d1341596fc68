/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A tiny boot shim for the system tests: a Linux arm64 Image that a loader (QEMU -kernel)
 * enters at EL2 with the MMU off and the device tree in x0, and that jumps on to Tessera
 * loaded elsewhere, passing x0 through unchanged or replaced. It never touches the MMU,
 * the caches or any system register, and uses only x9 and x10: Tessera is entered exactly as
 * the shim was (EL2, MMU off, x1-x3 as the loader left them).
 *
 * Two 64-bit parameters at fixed offsets, patched by tests/system/shim.py into a per-test
 * copy of build/tests/shim.bin:
 *   0x40 SHIM_TARGET  where to jump (Tessera's load address); 0 = spin forever
 *   0x48 SHIM_X0      the x0 to pass; SHIM_X0_KEEP (all ones) = pass the loader's x0 on
 */
	.section .text.shim, "ax"
	.global	_head
_head:
	/* Image header (Linux Documentation/arch/arm64/booting.rst) */
	b	shim_start		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset: at the start of a 2 MiB boundary */
	.quad	_end - _head		/* image_size */
	.quad	0xa			/* flags: little-endian, 4 KiB pages, anywhere in RAM */
	.quad	0, 0, 0			/* res2..res4 */
	.ascii	"ARM\x64"		/* magic, at 0x38 */
	.long	0			/* res5 */

	/* Parameters, at 0x40 and 0x48 */
	.org	0x40
shim_target:
	.quad	0
shim_x0:
	.quad	0xffffffffffffffff

shim_start:
	ldr	x9, shim_target
	ldr	x10, shim_x0
	cbz	x9, shim_spin		/* never patched: nothing to jump to */
	cmn	x10, #1			/* x10 == SHIM_X0_KEEP? then x0 stays as given */
	b.eq	1f
	mov	x0, x10
1:	br	x9

shim_spin:
	wfe
	b	shim_spin

	.balign	8
_end:
