// SPDX-License-Identifier: Apache-2.0
/*
 * Boot memory map. Tables are small and fixed (a few dozen entries), so plain loops over
 * them are bounded and fast enough.
 */
#include <string.h>
#include <tessera/compiler.h>
#include <tessera/errno.h>
#include <tessera/memmap.h>

void memmap_init(struct memmap *m)
{
	memset(m, 0, sizeof(*m));
}

/* Whether [s1, e1) and [s2, e2) share a byte: an empty range shares none, even one that
 * lies inside the other. */
static bool ranges_overlap(paddr_t s1, paddr_t e1, paddr_t s2, paddr_t e2)
{
	return s1 < e1 && s2 < e2 && s1 < e2 && s2 < e1;
}

int memmap_add_ram(struct memmap *m, paddr_t start, psize_t size)
{
	paddr_t end = start + size;
	unsigned int i;

	if (size == 0 || end < start)
		return -EINVAL;
	if (m->nr_ram == MEMMAP_MAX_RAM)
		return -ENOSPC;
	for (i = 0; i < m->nr_ram; i++) {
		if (ranges_overlap(start, end, m->ram[i].start, m->ram[i].end))
			return -EEXIST;
	}
	/* Insertion sort: keep banks in address order. */
	for (i = m->nr_ram; i > 0 && m->ram[i - 1].start > start; i--)
		m->ram[i] = m->ram[i - 1];
	m->ram[i].start = start;
	m->ram[i].end = end;
	m->nr_ram++;
	return 0;
}

int memmap_reserve(struct memmap *m, paddr_t start, psize_t size, enum memmap_kind kind,
		   const char *name)
{
	struct memmap_region *r;
	size_t n;

	if (start + size < start)
		return -EINVAL;
	if (m->nr_reserved == MEMMAP_MAX_RESERVED)
		return -ENOSPC;
	r = &m->reserved[m->nr_reserved++];
	r->start = start;
	r->end = start + size;
	r->kind = kind;
	n = name != NULL ? strnlen(name, MEMMAP_NAME_MAX - 1) : 0;
	memcpy(r->name, name != NULL ? name : "", n);
	r->name[n] = '\0';
	return 0;
}

const char *memmap_kind_name(enum memmap_kind kind)
{
	switch (kind) {
	case MEMMAP_HYP:
		return "Tessera";
	case MEMMAP_DTB:
		return "device tree";
	case MEMMAP_MODULE:
		return "boot module";
	case MEMMAP_FIRMWARE:
		return "reserved memory";
	}
	return "region";
}

static bool in_one_ram_bank(const struct memmap *m, paddr_t start, paddr_t end)
{
	for (unsigned int i = 0; i < m->nr_ram; i++) {
		if (start >= m->ram[i].start && end <= m->ram[i].end)
			return true;
	}
	return false;
}

static int conflict(struct memmap_conflict *c, const struct memmap_region *a,
		    const struct memmap_region *b, const char *what)
{
	c->a = a;
	c->b = b;
	c->what = what;
	return -EINVAL;
}

/* Is the pair (a, b) a problem? Returns the reason or NULL. */
static const char *pair_problem(const struct memmap_region *a, const struct memmap_region *b)
{
	bool a_boot = a->kind == MEMMAP_MODULE || a->kind == MEMMAP_DTB;
	bool b_boot = b->kind == MEMMAP_MODULE || b->kind == MEMMAP_DTB;

	if (!ranges_overlap(a->start, a->end, b->start, b->end))
		return NULL;
	if ((a->kind == MEMMAP_HYP && b_boot) || (b->kind == MEMMAP_HYP && a_boot))
		return "overlaps Tessera";
	if (a->kind == MEMMAP_MODULE && b->kind == MEMMAP_MODULE) {
		if (a->start == b->start && a->end == b->end)
			return NULL;
		return "partly overlaps";
	}
	if (a_boot && b_boot)
		return "overlaps";
	return NULL;
}

int memmap_check(const struct memmap *m, struct memmap_conflict *c)
{
	unsigned int i, j;

	if (m->nr_ram == 0)
		return conflict(c, NULL, NULL, "no RAM");
	for (i = 0; i < m->nr_reserved; i++) {
		const struct memmap_region *r = &m->reserved[i];

		if (r->kind != MEMMAP_MODULE && r->kind != MEMMAP_DTB)
			continue;
		if (r->start == r->end)
			return conflict(c, r, NULL, "is empty");
		if (!in_one_ram_bank(m, r->start, r->end))
			return conflict(c, r, NULL, "is not inside RAM");
	}
	for (i = 0; i < m->nr_reserved; i++) {
		for (j = i + 1; j < m->nr_reserved; j++) {
			const char *why = pair_problem(&m->reserved[i], &m->reserved[j]);

			if (why != NULL)
				return conflict(c, &m->reserved[j], &m->reserved[i], why);
		}
	}
	return 0;
}

/* Removes [s, e) from the free list, splitting a range in two where needed. */
static void free_remove(struct memmap *m, paddr_t s, paddr_t e)
{
	unsigned int i = 0;

	while (i < m->nr_free) {
		struct memmap_range *f = &m->free[i];

		if (!ranges_overlap(s, e, f->start, f->end)) {
			i++;
			continue;
		}
		if (s > f->start && e < f->end) {
			/* Split: the tail becomes a new range right after this one. */
			if (m->nr_free == MEMMAP_MAX_FREE) {
				/* No room to split: drop the tail rather than hand out taken
				 * memory. */
				f->end = s;
				i++;
				continue;
			}
			memmove(&m->free[i + 2], &m->free[i + 1],
				(m->nr_free - i - 1) * sizeof(m->free[0]));
			m->free[i + 1].start = e;
			m->free[i + 1].end = f->end;
			f->end = s;
			m->nr_free++;
			i += 2;
		} else if (s <= f->start && e >= f->end) {
			memmove(f, f + 1, (m->nr_free - i - 1) * sizeof(m->free[0]));
			m->nr_free--;
		} else if (s <= f->start) {
			f->start = e;
			i++;
		} else {
			f->end = s;
			i++;
		}
	}
}

void memmap_build_free(struct memmap *m, psize_t page_size)
{
	unsigned int i, out = 0;

	m->nr_free = 0;
	for (i = 0; i < m->nr_ram; i++)
		m->free[m->nr_free++] = m->ram[i];
	for (i = 0; i < m->nr_reserved; i++) {
		/* Whole pages only: widen a reserved region to page boundaries. */
		paddr_t s = ALIGN_DOWN(m->reserved[i].start, page_size);
		paddr_t e = m->reserved[i].end;

		/* An empty region takes nothing; widened, it would take a whole page. */
		if (m->reserved[i].start == e)
			continue;
		e = (e > ~(paddr_t)0 - page_size) ? ~(paddr_t)0 : ALIGN_UP(e, page_size);
		if (s < e)
			free_remove(m, s, e);
	}
	for (i = 0; i < m->nr_free; i++) {
		paddr_t s = ALIGN_UP(m->free[i].start, page_size);
		paddr_t e = ALIGN_DOWN(m->free[i].end, page_size);

		if (s < e && s >= m->free[i].start) {
			m->free[out].start = s;
			m->free[out].end = e;
			out++;
		}
	}
	m->nr_free = out;
}

psize_t memmap_ram_bytes(const struct memmap *m)
{
	psize_t total = 0;

	for (unsigned int i = 0; i < m->nr_ram; i++)
		total += m->ram[i].end - m->ram[i].start;
	return total;
}

psize_t memmap_free_bytes(const struct memmap *m)
{
	psize_t total = 0;

	for (unsigned int i = 0; i < m->nr_free; i++)
		total += m->free[i].end - m->free[i].start;
	return total;
}

paddr_t memmap_take(struct memmap *m, psize_t size, psize_t align)
{
	if (size == 0 || align == 0 || (align & (align - 1)) != 0)
		return INVALID_PADDR;
	for (unsigned int i = m->nr_free; i > 0; i--) {
		struct memmap_range *f = &m->free[i - 1];
		paddr_t start;

		if (f->end - f->start < size)
			continue;
		start = ALIGN_DOWN(f->end - size, align);
		if (start < f->start)
			continue;
		/* Whatever lies above the taken block within this range is given up: it is less
		 * than align, and keeping one range per bank keeps the table simple. */
		f->end = start;
		if (f->end == f->start) {
			memmove(f, f + 1, (m->nr_free - i) * sizeof(m->free[0]));
			m->nr_free--;
		}
		return start;
	}
	return INVALID_PADDR;
}
