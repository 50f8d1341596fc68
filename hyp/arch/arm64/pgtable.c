// SPDX-License-Identifier: Apache-2.0
/*
 * VMSAv8-64 translation table editing, 4 KiB granule (Arm ARM D8.3). Table descriptors hold
 * physical addresses; phys_to_virt() reaches the tables. Iterative: a walk is at most four
 * levels deep and each piece mapped advances by at least one page.
 */
#include <asm/mmu.h>
#include <asm/pgtable.h>
#include <asm/sysreg.h>
#include <tessera/compiler.h>
#include <tessera/errno.h>

#define DESC_VALID     (UL(1) << 0)
#define DESC_TABLE     (UL(1) << 1) /* levels 0-2: table; level 3: page */
#define DESC_ADDR_MASK UL(0x0000FFFFFFFFF000)

static bool is_table(uint64_t desc, unsigned int level)
{
	return level < 3 && (desc & (DESC_VALID | DESC_TABLE)) == (DESC_VALID | DESC_TABLE);
}

static uint64_t leaf_desc(uint64_t pa, uint64_t attrs, unsigned int level)
{
	uint64_t d = (pa & DESC_ADDR_MASK) | (attrs & ~DESC_ADDR_MASK);

	return level == 3 ? (d | DESC_TABLE) : (d & ~DESC_TABLE);
}

static uint64_t *table_of(uint64_t desc)
{
	return phys_to_virt(desc & DESC_ADDR_MASK);
}

static unsigned int index_at(const struct pgtable *pt, uint64_t va, unsigned int level)
{
	unsigned int bits = level == pt->start_level ? pt->root_bits : 9;

	return (unsigned int)(va >> pgtable_level_shift(level)) & ((1U << bits) - 1);
}

/* Writes a descriptor; a valid one that changes is broken first (D8.16.1 break-before-make). */
// NOLINTNEXTLINE(readability-non-const-parameter): written through WRITE_ONCE
static void desc_write(struct pgtable *pt, uint64_t *p, uint64_t desc, uint64_t va)
{
	uint64_t old = *p;

	if ((old & DESC_VALID) && old != desc) {
		WRITE_ONCE(*p, 0);
		dsb(ishst);
		pt->flush(pt->ctx, va);
	}
	WRITE_ONCE(*p, desc);
	dsb(ishst);
}

static int install_table(struct pgtable *pt, uint64_t *p, uint64_t va, unsigned int level)
{
	uint64_t old = *p;
	uint64_t *t = pt->alloc_table(pt->ctx);

	if (t == NULL)
		return -ENOMEM;
	if (old & DESC_VALID) {
		/* Split a block: the new table maps the same range with the same attributes. */
		uint64_t step = 1ULL << pgtable_level_shift(level + 1);
		uint64_t pa = old & DESC_ADDR_MASK;

		for (unsigned int i = 0; i < PT_ENTRIES; i++)
			t[i] = leaf_desc(pa + i * step, old, level + 1);
	}
	dsb(ishst);
	desc_write(pt, p, virt_to_phys(t) | DESC_VALID | DESC_TABLE,
		   ALIGN_DOWN(va, 1ULL << pgtable_level_shift(level)));
	return 0;
}

/* Maps or unmaps one piece at va; returns the bytes done or a negative error. */
static int64_t map_piece(struct pgtable *pt, uint64_t va, uint64_t pa, uint64_t size,
			 uint64_t attrs)
{
	uint64_t *table = pt->root;

	for (unsigned int level = pt->start_level; level <= 3; level++) {
		uint64_t blk = 1ULL << pgtable_level_shift(level);
		uint64_t *p = &table[index_at(pt, va, level)];
		bool fits = level >= 1 && IS_ALIGNED(va, blk) && IS_ALIGNED(pa, blk) && size >= blk;

		if (fits && !is_table(*p, level)) {
			desc_write(pt, p, attrs == 0 ? 0 : leaf_desc(pa, attrs, level), va);
			return (int64_t)blk;
		}
		if (!(*p & DESC_VALID) && attrs == 0)
			return (int64_t)MIN(size, blk - (va & (blk - 1))); /* nothing mapped here */
		if (!is_table(*p, level)) {
			int err = install_table(pt, p, va, level);

			if (err < 0)
				return err;
		}
		table = table_of(*p);
	}
	return -EINVAL; /* not reached: level 3 always fits a page */
}

int pgtable_map(struct pgtable *pt, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs)
{
	if (!IS_ALIGNED(va | pa | size, PAGE_SIZE_BYTES) || va + size < va)
		return -EINVAL;
	while (size > 0) {
		int64_t done = map_piece(pt, va, pa, size, attrs);

		if (done < 0)
			return (int)done;
		va += (uint64_t)done;
		pa += (uint64_t)done;
		size -= (uint64_t)done;
	}
	return 0;
}

uint64_t pgtable_lookup(const struct pgtable *pt, uint64_t va, unsigned int *level)
{
	const uint64_t *table = pt->root;

	for (unsigned int l = pt->start_level; l <= 3; l++) {
		uint64_t d = table[index_at(pt, va, l)];

		if (!(d & DESC_VALID))
			return 0;
		if (!is_table(d, l)) {
			*level = l;
			return d;
		}
		table = table_of(d);
	}
	return 0;
}

/*
 * Depth-first over the tree without recursion: an explicit stack of (table, next index) per
 * level, four levels at most.
 */
void pgtable_walk_free(struct pgtable *pt,
		       void (*leaf_fn)(void *ctx, uint64_t va, uint64_t desc, unsigned int level),
		       void (*free_table)(void *ctx, uint64_t *table), void *ctx)
{
	uint64_t *tables[4];
	unsigned int next[4], limit[4];
	uint64_t base[4];
	unsigned int level = pt->start_level;

	tables[level] = pt->root;
	next[level] = 0;
	limit[level] = 1U << pt->root_bits;
	base[level] = 0;
	for (;;) {
		if (next[level] == limit[level]) {
			if (level == pt->start_level)
				return;
			free_table(ctx, tables[level]);
			level--;
			continue;
		}
		unsigned int i = next[level]++;
		uint64_t d = tables[level][i];
		uint64_t va = base[level] + ((uint64_t)i << pgtable_level_shift(level));

		if (!(d & DESC_VALID))
			continue;
		if (!is_table(d, level)) {
			if (leaf_fn != NULL)
				leaf_fn(ctx, va, d, level);
			continue;
		}
		level++;
		tables[level] = table_of(d);
		next[level] = 0;
		limit[level] = PT_ENTRIES;
		base[level] = va;
	}
}
