/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest's identity map (VA == IPA), 39-bit, in 2 MiB and 1 GiB blocks (start.S makes
 * the first 4 GiB; these add more). Regions are rounded out to 2 MiB.
 */
#ifndef RT_MMU_H
#define RT_MMU_H

#include <stdbool.h>
#include <stdint.h>

/* Returns 0, -ERANGE past the 39-bit VA space, -ENOMEM out of tables, or -EBUSY when the
 * range lies in a live 1 GiB block of the other type (it is never split: it may hold the
 * running image). */
int mmu_map_normal(uint64_t base, uint64_t size);
int mmu_map_device(uint64_t base, uint64_t size);
/* The 2 MiB block at va (< 1 GiB) mapped to pa for EL0: read-only, executable if exec
 * (Normal memory) or not (Device). */
int mmu_map_el0_block(uint64_t va, uint64_t pa, bool exec);

#endif
