// SPDX-License-Identifier: Apache-2.0
// FUZZ-SOURCES: core/memmap.c
/*
 * The boot memory map (core/memmap.c) under a sequence of memmap_add_ram and memmap_reserve
 * calls decoded from the input, then memmap_check, memmap_build_free and memmap_take. Each
 * result is compared with a simple model written from memmap.h: the free ranges must be
 * sorted, disjoint, whole pages, inside one RAM bank, clear of every reserved region, and
 * exactly RAM minus the reserved regions widened to pages. Any difference aborts.
 *
 * Input: one byte choosing the page size, then operations of a kind byte and its operands.
 */
#include "fuzz.h"

#include <tessera/compiler.h>
#include <tessera/errno.h>
#include <tessera/memmap.h>

#define MAX_OPS	  256
#define MAX_TAKES 8
#define ADDR_TOP  (~(paddr_t)0)

/* Addresses that collide often (a 1 GiB window of pages), or anywhere, or near the top. */
static uint64_t gen_u64(struct fuzz_in *in)
{
	switch (fuzz_u8(in) & 3) {
	case 0:
		return (uint64_t)fuzz_u16(in) << 14;
	case 1:
		return ((uint64_t)fuzz_u16(in) << 14) + fuzz_u16(in);
	case 2:
		return ADDR_TOP - fuzz_u32(in);
	default:
		return fuzz_u64(in);
	}
}

/* Do [s1, e1) and [s2, e2) share a byte? (An empty range shares none.) */
static bool overlap(paddr_t s1, paddr_t e1, paddr_t s2, paddr_t e2)
{
	return s1 < e1 && s2 < e2 && s1 < e2 && s2 < e1;
}

static bool is_boot(const struct memmap_region *r)
{
	return r->kind == MEMMAP_MODULE || r->kind == MEMMAP_DTB;
}

static bool in_one_bank(const struct memmap *m, paddr_t s, paddr_t e)
{
	for (unsigned int i = 0; i < m->nr_ram; i++)
		if (m->ram[i].start <= s && e <= m->ram[i].end)
			return true;
	return false;
}

static void check_ram_sorted(const struct memmap *m)
{
	FUZZ_ASSERT(m->nr_ram <= MEMMAP_MAX_RAM);
	for (unsigned int i = 0; i < m->nr_ram; i++) {
		FUZZ_ASSERT(m->ram[i].start < m->ram[i].end);
		if (i > 0)
			FUZZ_ASSERT(m->ram[i - 1].end <= m->ram[i].start);
	}
}

static void op_add_ram(struct memmap *m, struct fuzz_in *in)
{
	paddr_t start = gen_u64(in);
	psize_t size = gen_u64(in);
	unsigned int before = m->nr_ram;
	int want = 0, rc;

	if (size == 0 || start + size < start)
		want = -EINVAL;
	else if (before == MEMMAP_MAX_RAM)
		want = -ENOSPC;
	else
		for (unsigned int i = 0; i < before; i++)
			if (overlap(start, start + size, m->ram[i].start, m->ram[i].end))
				want = -EEXIST;
	rc = memmap_add_ram(m, start, size);
	FUZZ_ASSERT(rc == want);
	FUZZ_ASSERT(m->nr_ram == before + (rc == 0));
	check_ram_sorted(m);
}

static void op_reserve(struct memmap *m, struct fuzz_in *in)
{
	paddr_t start = gen_u64(in);
	psize_t size = gen_u64(in);
	enum memmap_kind kind = (enum memmap_kind)(fuzz_u8(in) % 4);
	size_t len;
	const uint8_t *bytes = fuzz_bytes(in, fuzz_u8(in) % (MEMMAP_NAME_MAX + 16), &len);
	char *name = (char *)fuzz_dup(bytes, len, 1);
	unsigned int before = m->nr_reserved;
	int want = start + size < start ? -EINVAL : before == MEMMAP_MAX_RESERVED ? -ENOSPC : 0;
	int rc = memmap_reserve(m, start, size, kind, len == 0 ? NULL : name);

	FUZZ_ASSERT(rc == want);
	FUZZ_ASSERT(m->nr_reserved == before + (rc == 0));
	if (rc == 0) {
		const struct memmap_region *r = &m->reserved[before];

		FUZZ_ASSERT(r->start == start && r->end == start + size && r->kind == kind);
		FUZZ_ASSERT_STRING(r->name, MEMMAP_NAME_MAX - 1);
		FUZZ_ASSERT(strncmp(r->name, name, MEMMAP_NAME_MAX - 1) == 0);
	}
	FUZZ_ASSERT(memmap_kind_name(kind) != NULL);
	free(name);
}

/* memmap.h's rules for memmap_check, written out pair by pair. */
static bool model_check_ok(const struct memmap *m)
{
	if (m->nr_ram == 0)
		return false;
	for (unsigned int i = 0; i < m->nr_reserved; i++) {
		const struct memmap_region *a = &m->reserved[i];

		if (is_boot(a) && (a->start == a->end || !in_one_bank(m, a->start, a->end)))
			return false;
		for (unsigned int j = i + 1; j < m->nr_reserved; j++) {
			const struct memmap_region *b = &m->reserved[j];
			bool same = a->start == b->start && a->end == b->end;

			if (!overlap(a->start, a->end, b->start, b->end))
				continue;
			if ((a->kind == MEMMAP_HYP && is_boot(b)) ||
			    (b->kind == MEMMAP_HYP && is_boot(a)))
				return false;
			if (is_boot(a) && is_boot(b) &&
			    !(a->kind == MEMMAP_MODULE && b->kind == MEMMAP_MODULE && same))
				return false;
		}
	}
	return true;
}

static void check_conflict(const struct memmap *m)
{
	struct memmap_conflict c = { 0 };
	int rc = memmap_check(m, &c);

	FUZZ_ASSERT(rc == 0 || rc == -EINVAL);
	FUZZ_ASSERT((rc == 0) == model_check_ok(m));
	if (rc == 0)
		return;
	FUZZ_ASSERT_STRING(c.what, 64);
	FUZZ_ASSERT(c.a == NULL || (c.a >= m->reserved && c.a < m->reserved + m->nr_reserved));
	FUZZ_ASSERT(c.b == NULL || (c.b >= m->reserved && c.b < m->reserved + m->nr_reserved));
}

/* An interval widened to whole pages (saturating at the top of the address space). */
static struct memmap_range widen(const struct memmap_region *r, psize_t page)
{
	struct memmap_range w = { ALIGN_DOWN(r->start, page), ADDR_TOP };

	if (r->end <= ADDR_TOP - page)
		w.end = ALIGN_UP(r->end, page);
	return w;
}

/* The free ranges as memmap.h defines them: in each bank, the gaps between the non-empty
 * reserved regions widened to pages, each trimmed to whole pages. */
static unsigned int model_free(const struct memmap *m, psize_t page, struct memmap_range *out)
{
	unsigned int n = 0;

	for (unsigned int b = 0; b < m->nr_ram; b++) {
		struct memmap_range taken[MEMMAP_MAX_RESERVED], gap;
		unsigned int nr = 0;
		paddr_t at = m->ram[b].start;

		for (unsigned int i = 0; i < m->nr_reserved; i++) {
			struct memmap_range w = widen(&m->reserved[i], page);
			unsigned int j;

			if (m->reserved[i].start == m->reserved[i].end)
				continue;
			/* Insertion sort by start. */
			j = nr++;
			for (; j > 0 && taken[j - 1].start > w.start; j--)
				taken[j] = taken[j - 1];
			taken[j] = w;
		}
		for (unsigned int i = 0; i <= nr; i++) {
			gap.start = at;
			gap.end = i < nr ? MIN(taken[i].start, m->ram[b].end) : m->ram[b].end;
			if (gap.start < gap.end && ALIGN_UP(gap.start, page) >= gap.start &&
			    ALIGN_UP(gap.start, page) < ALIGN_DOWN(gap.end, page)) {
				out[n].start = ALIGN_UP(gap.start, page);
				out[n].end = ALIGN_DOWN(gap.end, page);
				n++;
			}
			if (i < nr)
				at = MAX(at, taken[i].end);
		}
	}
	return n;
}

static void check_free(const struct memmap *m, psize_t page)
{
	struct memmap_range want[MEMMAP_MAX_FREE + MEMMAP_MAX_RAM];
	unsigned int n_want;
	psize_t total = 0;

	FUZZ_ASSERT(m->nr_free <= MEMMAP_MAX_FREE);
	for (unsigned int i = 0; i < m->nr_free; i++) {
		const struct memmap_range *f = &m->free[i];

		FUZZ_ASSERT(f->start < f->end);
		FUZZ_ASSERT(IS_ALIGNED(f->start, page) && IS_ALIGNED(f->end, page));
		FUZZ_ASSERT(i == 0 || m->free[i - 1].end <= f->start);
		FUZZ_ASSERT(in_one_bank(m, f->start, f->end));
		for (unsigned int j = 0; j < m->nr_reserved; j++)
			FUZZ_ASSERT(!overlap(f->start, f->end, m->reserved[j].start,
					     m->reserved[j].end));
		total += f->end - f->start;
	}
	FUZZ_ASSERT(memmap_free_bytes(m) == total);
	FUZZ_ASSERT(total <= memmap_ram_bytes(m));
	n_want = model_free(m, page, want);
	FUZZ_ASSERT(n_want == m->nr_free);
	FUZZ_ASSERT(memcmp(want, m->free, n_want * sizeof(want[0])) == 0);
}

static void op_take(struct memmap *m, struct fuzz_in *in)
{
	psize_t size = gen_u64(in);
	psize_t align = fuzz_u8(in) & 0x80 ? fuzz_u64(in) : 1ULL << (fuzz_u8(in) % 64);
	bool valid = size != 0 && align != 0 && (align & (align - 1)) == 0;
	paddr_t want = INVALID_PADDR, got;
	psize_t before = memmap_free_bytes(m);

	/* memmap.h: the top of the highest free range with room for an aligned block. */
	for (unsigned int i = m->nr_free; valid && i > 0 && want == INVALID_PADDR; i--) {
		const struct memmap_range *f = &m->free[i - 1];

		if (f->end - f->start >= size && ALIGN_DOWN(f->end - size, align) >= f->start)
			want = ALIGN_DOWN(f->end - size, align);
	}
	got = memmap_take(m, size, align);
	FUZZ_ASSERT(got == want);
	for (unsigned int i = 0; i < m->nr_free; i++) {
		FUZZ_ASSERT(m->free[i].start < m->free[i].end);
		FUZZ_ASSERT(i == 0 || m->free[i - 1].end <= m->free[i].start);
		if (got != INVALID_PADDR)
			FUZZ_ASSERT(!overlap(got, got + size, m->free[i].start, m->free[i].end));
	}
	if (got != INVALID_PADDR)
		FUZZ_ASSERT(memmap_free_bytes(m) <= before - size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const psize_t pages[] = { 1, 0x1000, 0x4000, 0x10000, 0x200000 };
	struct fuzz_in in = { data, size };
	struct memmap *m = malloc(sizeof(*m));
	psize_t page = FUZZ_PICK(&in, pages);

	FUZZ_ASSERT(m != NULL);
	memmap_init(m);
	/* Kind bytes: 0 RAM, 1 or 2 a reserved region, 3 the end of the map. */
	for (unsigned int i = 0; i < MAX_OPS && in.n > 0; i++) {
		uint8_t kind = fuzz_u8(&in) & 3;

		if (kind == 3)
			break;
		if (kind == 0)
			op_add_ram(m, &in);
		else
			op_reserve(m, &in);
	}
	check_conflict(m);
	memmap_build_free(m, page);
	check_free(m, page);
	for (unsigned int i = 0; i < MAX_TAKES && in.n > 0; i++)
		op_take(m, &in);
	free(m);
	return 0;
}
