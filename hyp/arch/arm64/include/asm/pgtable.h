/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A VMSAv8-64 translation table editor for the 4 KiB granule (Arm ARM D8.3), shared by the
 * hypervisor's own stage-1 tables (mmu.c) and each domain's stage-2 tables (p2m.c): the
 * walk, block splitting and break-before-make are the same; only the leaf attributes, the
 * start level and the TLB maintenance differ, and those the caller gives.
 */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <tessera/types.h>

#define PT_ENTRIES 512

struct pgtable {
	uint64_t *root;		  /* the start-level table (concatenated tables are contiguous) */
	unsigned int start_level; /* 0 or 1 */
	unsigned int root_bits;	  /* index bits at the start level: 9, or 10 for two tables */
	uint64_t *(*alloc_table)(void *ctx);   /* a zeroed table page, or NULL */
	void (*flush)(void *ctx, uint64_t va); /* a valid entry for va was removed */
	void *ctx;
};

/*
 * Maps [va, va + size) to pa with leaf attributes attrs given in level-3 page format (the
 * editor clears bit 1 for blocks). attrs == 0 unmaps. Uses the largest blocks alignment
 * allows (levels 1 and 2), splits blocks in the way, and replaces valid entries with
 * break-before-make. 0 or -ENOMEM / -EINVAL.
 */
int pgtable_map(struct pgtable *pt, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs);

/* The leaf descriptor mapping va and its level, or 0 when nothing maps it. */
uint64_t pgtable_lookup(const struct pgtable *pt, uint64_t va, unsigned int *level);

/* Calls leaf_fn for every valid leaf (va, descriptor, level), then free_table for every table
 * below the root, deepest first. Bounded by the tables' size; used to tear a table down. */
void pgtable_walk_free(struct pgtable *pt,
		       void (*leaf_fn)(void *ctx, uint64_t va, uint64_t desc, unsigned int level),
		       void (*free_table)(void *ctx, uint64_t *table), void *ctx);

static inline unsigned int pgtable_level_shift(unsigned int level)
{
	return 39 - 9 * level;
}

#endif
