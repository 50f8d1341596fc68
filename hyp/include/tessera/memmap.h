/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The boot memory map: RAM banks, the regions inside them that are taken (Tessera itself,
 * the device tree, boot modules, firmware reservations), the checks that boot input is
 * consistent, and the free ranges left for the page allocator. Portable and unit-tested.
 *
 * All ranges are half-open, [start, end).
 */
#ifndef TESSERA_MEMMAP_H
#define TESSERA_MEMMAP_H

#include <tessera/types.h>

#define MEMMAP_MAX_RAM	    16
#define MEMMAP_MAX_RESERVED 64
#define MEMMAP_MAX_FREE	    (MEMMAP_MAX_RAM + MEMMAP_MAX_RESERVED)
#define MEMMAP_NAME_MAX	    64

enum memmap_kind {
	MEMMAP_HYP,	 /* Tessera's own image */
	MEMMAP_DTB,	 /* the device tree blob the loader passed */
	MEMMAP_MODULE,	 /* a /chosen boot module (kernel, ramdisk, ...) */
	MEMMAP_FIRMWARE, /* /reserved-memory or a /memreserve/ entry */
};

struct memmap_range {
	paddr_t start;
	paddr_t end;
};

struct memmap_region {
	paddr_t start;
	paddr_t end;
	enum memmap_kind kind;
	char name[MEMMAP_NAME_MAX];
};

struct memmap {
	struct memmap_range ram[MEMMAP_MAX_RAM];
	unsigned int nr_ram;
	struct memmap_region reserved[MEMMAP_MAX_RESERVED];
	unsigned int nr_reserved;
	struct memmap_range free[MEMMAP_MAX_FREE];
	unsigned int nr_free;
};

/* What memmap_check found wrong: two regions (b may be NULL) and what is wrong with them. */
struct memmap_conflict {
	const struct memmap_region *a;
	const struct memmap_region *b;
	const char *what;
};

void memmap_init(struct memmap *m);

/* Adds a RAM bank; -EINVAL for an empty or wrapping bank, -ENOSPC when full,
 * -EEXIST when it overlaps a bank already added. Banks are kept sorted. */
int memmap_add_ram(struct memmap *m, paddr_t start, psize_t size);

/* Records a taken region; -EINVAL if it wraps, -ENOSPC when the table is full.
 * Empty regions are recorded too, so that the check can name them. */
int memmap_reserve(struct memmap *m, paddr_t start, psize_t size, enum memmap_kind kind,
		   const char *name);

/*
 * Checks boot input: every module and the DTB lie wholly in RAM and are not empty; no
 * module or the DTB overlaps Tessera; modules do not partly overlap each other (the very
 * same range named twice is allowed: one kernel for several domains); a module does not
 * overlap the DTB. Returns 0, or -EINVAL with *c describing the first problem.
 */
int memmap_check(const struct memmap *m, struct memmap_conflict *c);

/* Computes the free ranges: RAM minus every reserved region, trimmed to whole pages. */
void memmap_build_free(struct memmap *m, psize_t page_size);

psize_t memmap_ram_bytes(const struct memmap *m);
psize_t memmap_free_bytes(const struct memmap *m);

/*
 * Takes size bytes aligned to align (a power of two) from the top of the highest free range
 * that has room, for boot-time structures such as the allocator's metadata. Returns the
 * start, or INVALID_PADDR when nothing fits.
 */
#define INVALID_PADDR (~(paddr_t)0)
paddr_t memmap_take(struct memmap *m, psize_t size, psize_t align);

const char *memmap_kind_name(enum memmap_kind kind);

#endif
