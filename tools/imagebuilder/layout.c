// SPDX-License-Identifier: Apache-2.0
#include "layout.h"

uint64_t ib_align_up(uint64_t v, uint64_t align)
{
	return (v + align - 1) & ~(align - 1);
}

bool ib_overlaps(uint64_t a, uint64_t an, uint64_t b, uint64_t bn)
{
	return an && bn && a < b + bn && b < a + an;
}

void ib_alloc_init(struct ib_allocator *a, uint64_t start, uint64_t end)
{
	a->next = ib_align_up(start, IB_ALIGN);
	a->end = end;
	a->avoid_count = 0;
}

void ib_alloc_avoid(struct ib_allocator *a, uint64_t start, uint64_t end)
{
	if (a->avoid_count < IB_MAX_WINDOWS && end > start)
		a->avoid[a->avoid_count++] = (struct ib_window){ start, end };
}

int ib_alloc(struct ib_allocator *a, uint64_t size, bool avoid, uint64_t *addr)
{
	uint64_t at = a->next;
	bool moved = true;

	/* Each pass moves past at least one window, so IB_MAX_WINDOWS + 1 passes settle it. */
	for (unsigned int pass = 0; moved && pass <= IB_MAX_WINDOWS && avoid; pass++) {
		moved = false;
		for (unsigned int i = 0; i < a->avoid_count; i++) {
			const struct ib_window *w = &a->avoid[i];

			if (ib_overlaps(at, size ? size : 1, w->start, w->end - w->start)) {
				at = ib_align_up(w->end, IB_ALIGN);
				moved = true;
			}
		}
	}
	*addr = at;
	a->next = ib_align_up(at + (size ? size : 1), IB_ALIGN);
	return at + size > a->end || at + size < at ? -1 : 0;
}
