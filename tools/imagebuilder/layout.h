// SPDX-License-Identifier: Apache-2.0
/*
 * Load addresses: every file goes at the next 2 MiB boundary (booti wants the hypervisor
 * there; Linux booting.rst asks 2 MiB for an Image) from the start of memory upward, around
 * windows other loaders use, and never past the end of memory.
 */
#ifndef IB_LAYOUT_H
#define IB_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#define IB_ALIGN       (2ULL << 20)
#define IB_MAX_WINDOWS 4

struct ib_window {
	uint64_t start;
	uint64_t end; /* exclusive */
};

struct ib_allocator {
	uint64_t next;
	uint64_t end; /* nothing may end past it */
	struct ib_window avoid[IB_MAX_WINDOWS];
	unsigned int avoid_count;
};

uint64_t ib_align_up(uint64_t v, uint64_t align);

/* [a, a + an) and [b, b + bn) share a byte. */
bool ib_overlaps(uint64_t a, uint64_t an, uint64_t b, uint64_t bn);

void ib_alloc_init(struct ib_allocator *a, uint64_t start, uint64_t end);

/* Adds a window the allocator keeps clear of when asked to (avoid = true). */
void ib_alloc_avoid(struct ib_allocator *a, uint64_t start, uint64_t end);

/* The next 2 MiB-aligned address for size bytes (clear of the windows when avoid). Returns 0,
 * or -1 when they would end past the end; *addr is set in both cases. */
int ib_alloc(struct ib_allocator *a, uint64_t size, bool avoid, uint64_t *addr);

#endif
