/* SPDX-License-Identifier: Apache-2.0 */
/* Arch help for lib/string.c: zeroing whole cache blocks with DC ZVA (Arm ARM C5.3.22). */
#ifndef ASM_STRING_H
#define ASM_STRING_H

#include <stddef.h>
#include <stdint.h>

/*
 * Zeroes as much of [p, p + n) as whole DC ZVA blocks cover, starting at p (which must be
 * block aligned), and returns the bytes done; 0 when DC ZVA is prohibited (DCZID_EL0.DZP).
 * Only for Normal memory.
 */
static inline size_t arch_zero_blocks(void *p, size_t n)
{
	uint64_t dczid;
	size_t block, done = 0;

	__asm__ volatile("mrs %0, dczid_el0" : "=r"(dczid));
	if (dczid & 0x10)
		return 0;
	block = 4UL << (dczid & 0xf);
	if (((uintptr_t)p & (block - 1)) != 0)
		return 0;
	for (; done + block <= n; done += block)
		__asm__ volatile("dc zva, %0" ::"r"((uintptr_t)p + done) : "memory");
	return done;
}

#endif
