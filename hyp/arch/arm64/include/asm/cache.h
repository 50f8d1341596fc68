/* SPDX-License-Identifier: Apache-2.0 */
/* Data-cache maintenance by virtual address (Arm ARM D7.5.9, DC CVAC). */
#ifndef ASM_CACHE_H
#define ASM_CACHE_H

#include <asm/sysreg.h>
#include <tessera/types.h>

/*
 * Cleans [va, va + size) to the Point of Coherency, so that a reader with its caches off (a
 * guest before it turns its MMU on, or through a non-cacheable mapping) sees what was written
 * through the cache, not what memory held before. CTR_EL0.DminLine (D23.2.33) is log2 of the
 * smallest data-cache line in 4-byte words.
 */
static inline void dcache_clean_poc(const void *va, size_t size)
{
	uint64_t line = 4ULL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	uintptr_t end = (uintptr_t)va + size;

	for (uintptr_t p = (uintptr_t)va & ~(uintptr_t)(line - 1); p < end; p += line)
		__asm__ volatile("dc cvac, %0" ::"r"(p) : "memory");
	dsb(sy);
}

#endif
