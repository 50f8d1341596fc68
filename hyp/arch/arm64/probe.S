/* SPDX-License-Identifier: Apache-2.0 */
/*
 * int probe_read32(const volatile void *addr, uint32_t *value): reads a device register that
 * may not exist. A data abort on the load resumes at the fixup below (traps.c), so a device
 * tree naming a device that is not there gives an error instead of a hypervisor fault.
 */
#include <tessera/percpu.h>

	.text
	.global	probe_read32
probe_read32:
	mrs	x2, tpidr_el2
	adr	x3, 1f
	str	x3, [x2, #PCPU_FIXUP]
	ldr	w4, [x0]
	str	xzr, [x2, #PCPU_FIXUP]
	str	w4, [x1]
	mov	w0, #0
	ret
1:	mov	w0, #-1
	ret

/*
 * int probe_at_s1e1(uint64_t va, uint64_t write): AT S1E1R (write = 0) or S1E1W of a guest
 * virtual address, with the guest's EL1 state loaded. A synchronous external abort on the
 * guest's stage-1 table walk (tables the guest points at memory that aborts) is taken as a
 * data abort at EL2 (Arm ARM D8.14.2, "faults on AT instructions"); it resumes at the fixup
 * and answers -1 instead of being a hypervisor fault. 0: PAR_EL1 holds the result.
 */
	.global	probe_at_s1e1
probe_at_s1e1:
	mrs	x2, tpidr_el2
	adr	x3, 2f
	str	x3, [x2, #PCPU_FIXUP]
	cbnz	x1, 1f
	at	s1e1r, x0
	b	3f
1:	at	s1e1w, x0
3:	isb
	str	xzr, [x2, #PCPU_FIXUP]
	mov	w0, #0
	ret
2:	mov	w0, #-1
	ret
