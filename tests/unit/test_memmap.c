// SPDX-License-Identifier: Apache-2.0
// UNIT-SOURCES: core/memmap.c
// Verifies: REQ-MEM-001
/*
 * The boot memory map: RAM banks, reservations, the boot-input checks, the free ranges left
 * for the page allocator, and boot-time takes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <tessera/compiler.h>
#include <tessera/errno.h>
#include <tessera/memmap.h>

#define PG  0x1000ULL
#define TOP (~(paddr_t)0)

/* A typical board: 1 GiB at 1 GiB, Tessera at its start, DTB and two modules above. */
#define RAM0	0x40000000ULL
#define HYP0	RAM0
#define DTB0	0x48000000ULL
#define KERNEL0 0x48200000ULL
#define INITRD0 0x49000000ULL

static struct memmap m;
static struct memmap_conflict c;

static int setup(void **state)
{
	(void)state;
	memset(&m, 0xa5, sizeof(m));
	memmap_init(&m);
	memset(&c, 0, sizeof(c));
	return 0;
}

static void add_ram(paddr_t start, psize_t size)
{
	assert_int_equal(memmap_add_ram(&m, start, size), 0);
}

static const struct memmap_region *reserve(paddr_t start, psize_t size, enum memmap_kind kind,
					   const char *name)
{
	assert_int_equal(memmap_reserve(&m, start, size, kind, name), 0);
	return &m.reserved[m.nr_reserved - 1];
}

static void board(void)
{
	add_ram(RAM0, GiB(1));
	reserve(HYP0, MiB(2), MEMMAP_HYP, "tessera");
	reserve(DTB0, KiB(64), MEMMAP_DTB, "dtb");
	reserve(KERNEL0, MiB(12), MEMMAP_MODULE, "kernel");
	reserve(INITRD0, MiB(8), MEMMAP_MODULE, "initrd");
}

static void assert_free(unsigned int i, paddr_t start, paddr_t end)
{
	assert_true(i < m.nr_free);
	assert_int_equal(m.free[i].start, start);
	assert_int_equal(m.free[i].end, end);
}

/* memmap_check refuses, naming a (and b, NULL for a single region) and the reason. */
static void assert_conflict(const struct memmap_region *a, const struct memmap_region *b,
			    const char *what)
{
	assert_int_equal(memmap_check(&m, &c), -EINVAL);
	assert_ptr_equal(c.a, a);
	assert_ptr_equal(c.b, b);
	assert_non_null(c.what);
	assert_string_equal(c.what, what);
}

/* ---------------------------------------------------------------- RAM banks */

static void test_ram_banks_are_kept_in_address_order(void **state)
{
	(void)state;
	add_ram(0x80000000, GiB(1));
	add_ram(0x40000000, MiB(512));
	add_ram(0x200000000, GiB(2));
	add_ram(0x70000000, MiB(16));
	assert_int_equal(m.nr_ram, 4);
	for (unsigned int i = 1; i < m.nr_ram; i++)
		assert_true(m.ram[i - 1].end <= m.ram[i].start);
	assert_int_equal(m.ram[0].start, 0x40000000);
	assert_int_equal(m.ram[0].end, 0x60000000);
	assert_int_equal(m.ram[3].start, 0x200000000);
	assert_int_equal(m.ram[3].end, 0x280000000);
	assert_int_equal(memmap_ram_bytes(&m), GiB(1) + MiB(512) + GiB(2) + MiB(16));
}

static void test_empty_or_wrapping_ram_bank_is_refused(void **state)
{
	(void)state;
	assert_int_equal(memmap_add_ram(&m, RAM0, 0), -EINVAL);
	assert_int_equal(memmap_add_ram(&m, TOP - PG + 1, 2 * PG), -EINVAL);
	assert_int_equal(memmap_add_ram(&m, 1, TOP), -EINVAL);
	assert_int_equal(m.nr_ram, 0);
}

static void test_overlapping_ram_bank_is_refused_with_eexist(void **state)
{
	(void)state;
	add_ram(RAM0, GiB(1));
	/* Identical, inside, straddling either edge, and covering it. */
	assert_int_equal(memmap_add_ram(&m, RAM0, GiB(1)), -EEXIST);
	assert_int_equal(memmap_add_ram(&m, RAM0 + MiB(1), PG), -EEXIST);
	assert_int_equal(memmap_add_ram(&m, RAM0 - PG, 2 * PG), -EEXIST);
	assert_int_equal(memmap_add_ram(&m, RAM0 + GiB(1) - PG, 2 * PG), -EEXIST);
	assert_int_equal(memmap_add_ram(&m, 0, GiB(4)), -EEXIST);
	assert_int_equal(m.nr_ram, 1);
}

static void test_adjacent_ram_banks_are_accepted_and_stay_separate(void **state)
{
	(void)state;
	add_ram(RAM0 + GiB(1), GiB(1));
	add_ram(RAM0, GiB(1));
	assert_int_equal(m.nr_ram, 2);
	memmap_build_free(&m, PG);
	assert_int_equal(m.nr_free, 2);
	assert_free(0, RAM0, RAM0 + GiB(1));
	assert_free(1, RAM0 + GiB(1), RAM0 + GiB(2));
}

static void test_ram_table_full_gives_enospc(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < MEMMAP_MAX_RAM; i++)
		add_ram(GiB(1) * (i + 1), MiB(1));
	assert_int_equal(memmap_add_ram(&m, GiB(100), MiB(1)), -ENOSPC);
	assert_int_equal(m.nr_ram, MEMMAP_MAX_RAM);
}

/*
 * Ranges are half-open in 64 bits, so a bank cannot end at 2^64 itself (its end would be 0):
 * it is refused rather than taken as a wrapped range. A bank ending one page lower works all
 * the way through, including a reservation at its very top.
 */
static void test_ram_bank_at_top_of_address_space(void **state)
{
	paddr_t start = TOP - MiB(2) + 1;

	(void)state;
	assert_int_equal(memmap_add_ram(&m, start, MiB(2)), -EINVAL);
	add_ram(start, MiB(2) - PG);
	reserve(TOP - 2 * PG + 1, 10, MEMMAP_FIRMWARE, "top");
	assert_int_equal(memmap_check(&m, &c), 0);
	memmap_build_free(&m, PG);
	assert_int_equal(m.nr_free, 1);
	assert_free(0, start, TOP - 2 * PG + 1);
	assert_int_equal(memmap_take(&m, PG, PG), TOP - 3 * PG + 1);
}

/* Widening a reservation that ends in the last page must not wrap its end to 0. */
static void test_reservation_into_last_page_of_address_space_is_removed(void **state)
{
	(void)state;
	add_ram(TOP - MiB(1) + 1, MiB(1) - 1);
	reserve(TOP - 2 * PG + 101, 2 * PG - 106, MEMMAP_FIRMWARE, "last pages");
	memmap_build_free(&m, PG);
	assert_int_equal(m.nr_free, 1);
	assert_free(0, TOP - MiB(1) + 1, TOP - 2 * PG + 1);
}

/* Less than a page at the very top: rounding its start up must not wrap to address 0. */
static void test_bank_within_last_page_of_address_space_gives_nothing(void **state)
{
	(void)state;
	add_ram(TOP - PG + 2, PG - 2);
	memmap_build_free(&m, PG);
	assert_int_equal(m.nr_free, 0);
	assert_int_equal(memmap_free_bytes(&m), 0);
}

/* ---------------------------------------------------------------- reservations */

static void test_wrapping_reservation_is_refused(void **state)
{
	(void)state;
	assert_int_equal(memmap_reserve(&m, TOP - PG + 1, 2 * PG, MEMMAP_MODULE, "x"), -EINVAL);
	assert_int_equal(memmap_reserve(&m, 1, TOP, MEMMAP_FIRMWARE, "x"), -EINVAL);
	assert_int_equal(m.nr_reserved, 0);
}

static void test_reserved_table_full_gives_enospc(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < MEMMAP_MAX_RESERVED; i++)
		reserve(RAM0 + i * MiB(1), PG, MEMMAP_FIRMWARE, "fw");
	assert_int_equal(memmap_reserve(&m, 0, PG, MEMMAP_FIRMWARE, "one too many"), -ENOSPC);
	assert_int_equal(m.nr_reserved, MEMMAP_MAX_RESERVED);
}

static void test_reservation_records_range_kind_and_name(void **state)
{
	const struct memmap_region *r;
	char longname[2 * MEMMAP_NAME_MAX];

	(void)state;
	r = reserve(KERNEL0, MiB(12), MEMMAP_MODULE, "kernel");
	assert_int_equal(r->start, KERNEL0);
	assert_int_equal(r->end, KERNEL0 + MiB(12));
	assert_int_equal(r->kind, MEMMAP_MODULE);
	assert_string_equal(r->name, "kernel");

	/* An over-long name is cut to fit, still terminated; no name is the empty name. */
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	r = reserve(0, PG, MEMMAP_FIRMWARE, longname);
	assert_int_equal(strlen(r->name), MEMMAP_NAME_MAX - 1);
	assert_memory_equal(r->name, longname, MEMMAP_NAME_MAX - 1);
	r = reserve(0, PG, MEMMAP_FIRMWARE, NULL);
	assert_string_equal(r->name, "");
}

/* ---------------------------------------------------------------- free ranges */

static void test_free_ranges_are_ram_minus_reservations(void **state)
{
	(void)state;
	board();
	memmap_build_free(&m, PG);
	assert_int_equal(m.nr_free, 4);
	assert_free(0, HYP0 + MiB(2), DTB0);
	assert_free(1, DTB0 + KiB(64), KERNEL0);
	assert_free(2, KERNEL0 + MiB(12), INITRD0);
	assert_free(3, INITRD0 + MiB(8), RAM0 + GiB(1));
	assert_int_equal(memmap_free_bytes(&m), GiB(1) - MiB(2) - KiB(64) - MiB(12) - MiB(8));
}

static void test_reservations_at_bank_edges_trim_the_bank(void **state)
{
	(void)state;
	add_ram(RAM0, MiB(16));
	reserve(RAM0, MiB(1), MEMMAP_FIRMWARE, "low");
	reserve(RAM0 + MiB(15), MiB(1), MEMMAP_FIRMWARE, "high");
	memmap_build_free(&m, PG);
	assert_int_equal(m.nr_free, 1);
	assert_free(0, RAM0 + MiB(1), RAM0 + MiB(15));
}

static void test_reservation_covering_a_whole_bank_removes_it(void **state)
{
	(void)state;
	add_ram(RAM0, MiB(16));
	add_ram(RAM0 + GiB(1), MiB(16));
	add_ram(RAM0 + GiB(2), MiB(16));
	reserve(RAM0 + GiB(1) - PG, MiB(16) + 2 * PG, MEMMAP_FIRMWARE, "secure");
	memmap_build_free(&m, PG);
	assert_int_equal(m.nr_free, 2);
	assert_free(0, RAM0, RAM0 + MiB(16));
	assert_free(1, RAM0 + GiB(2), RAM0 + GiB(2) + MiB(16));
}

static void test_reservation_spanning_two_banks_trims_both(void **state)
{
	(void)state;
	add_ram(RAM0, MiB(16));
	add_ram(RAM0 + MiB(16), MiB(16));
	reserve(RAM0 + MiB(15), MiB(2), MEMMAP_FIRMWARE, "straddle");
	memmap_build_free(&m, PG);
	assert_int_equal(m.nr_free, 2);
	assert_free(0, RAM0, RAM0 + MiB(15));
	assert_free(1, RAM0 + MiB(17), RAM0 + MiB(32));
}

static void test_reservations_outside_ram_change_nothing(void **state)
{
	(void)state;
	add_ram(RAM0, MiB(16));
	reserve(0, MiB(1), MEMMAP_FIRMWARE, "rom");
	reserve(RAM0 + MiB(16), MiB(1), MEMMAP_FIRMWARE, "just above");
	reserve(TOP - PG, PG, MEMMAP_FIRMWARE, "top");
	assert_int_equal(memmap_check(&m, &c), 0);
	memmap_build_free(&m, PG);
	assert_int_equal(m.nr_free, 1);
	assert_free(0, RAM0, RAM0 + MiB(16));
}

static void test_reservations_are_widened_to_whole_pages(void **state)
{
	(void)state;
	add_ram(RAM0, MiB(1));
	/* One byte in one page, and a range from the middle of one page to that of the next. */
	reserve(RAM0 + 0x10000 + 0x7ff, 1, MEMMAP_FIRMWARE, "byte");
	reserve(RAM0 + 0x20800, PG, MEMMAP_DTB, "dtb");
	memmap_build_free(&m, PG);
	assert_int_equal(m.nr_free, 3);
	assert_free(0, RAM0, RAM0 + 0x10000);
	assert_free(1, RAM0 + 0x11000, RAM0 + 0x20000);
	assert_free(2, RAM0 + 0x22000, RAM0 + MiB(1));
	for (unsigned int i = 0; i < m.nr_free; i++) {
		assert_true(IS_ALIGNED(m.free[i].start, PG));
		assert_true(IS_ALIGNED(m.free[i].end, PG));
	}
}

static void test_unaligned_ram_is_trimmed_to_whole_pages(void **state)
{
	(void)state;
	add_ram(RAM0 + 0x123, MiB(1));
	/* Less than a page once trimmed: nothing free at all. */
	add_ram(RAM0 + MiB(8) + 1, PG);
	memmap_build_free(&m, PG);
	assert_int_equal(m.nr_free, 1);
	assert_free(0, RAM0 + PG, RAM0 + MiB(1));
}

static void test_larger_page_size_trims_to_larger_pages(void **state)
{
	(void)state;
	add_ram(RAM0, MiB(8));
	reserve(RAM0 + MiB(3) + PG, PG, MEMMAP_FIRMWARE, "fw");
	memmap_build_free(&m, MiB(2));
	assert_int_equal(m.nr_free, 2);
	assert_free(0, RAM0, RAM0 + MiB(2));
	assert_free(1, RAM0 + MiB(4), RAM0 + MiB(8));
}

/* With a page size of one byte no rounding hides an off-by-one in the range arithmetic. */
static void test_free_ranges_are_exact_at_byte_granularity(void **state)
{
	(void)state;
	add_ram(1000, 9000);
	reserve(1500, 10, MEMMAP_FIRMWARE, "split");
	reserve(999, 2, MEMMAP_FIRMWARE, "over start");
	reserve(9990, 100, MEMMAP_FIRMWARE, "over end");
	reserve(5000, 1000, MEMMAP_MODULE, "kernel");
	reserve(5500, 1000, MEMMAP_FIRMWARE, "overlapping");
	memmap_build_free(&m, 1);
	assert_int_equal(m.nr_free, 3);
	assert_free(0, 1001, 1500);
	assert_free(1, 1510, 5000);
	assert_free(2, 6500, 9990);
	assert_int_equal(memmap_free_bytes(&m), 499 + 3490 + 3490);
}

static void test_empty_reservation_takes_no_memory(void **state)
{
	(void)state;
	add_ram(RAM0, MiB(1));
	reserve(RAM0 + 0x10800, 0, MEMMAP_FIRMWARE, "empty");
	reserve(RAM0 + 0x20000, 0, MEMMAP_FIRMWARE, "empty aligned");
	memmap_build_free(&m, PG);
	assert_int_equal(memmap_free_bytes(&m), MiB(1));
}

static void test_overlapping_reservations_are_taken_once(void **state)
{
	(void)state;
	add_ram(RAM0, MiB(16));
	reserve(RAM0 + MiB(4), MiB(4), MEMMAP_MODULE, "kernel");
	reserve(RAM0 + MiB(4), MiB(4), MEMMAP_MODULE, "same kernel");
	reserve(RAM0 + MiB(6), MiB(4), MEMMAP_FIRMWARE, "fw");
	memmap_build_free(&m, PG);
	assert_int_equal(m.nr_free, 2);
	assert_free(0, RAM0, RAM0 + MiB(4));
	assert_free(1, RAM0 + MiB(10), RAM0 + MiB(16));
	assert_int_equal(memmap_free_bytes(&m), MiB(10));
	assert_int_equal(memmap_ram_bytes(&m), MiB(16));
}

/* Every reservation in the middle of its own bank splits it: the free table must hold all. */
static void test_free_table_holds_every_split(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < MEMMAP_MAX_RAM; i++)
		add_ram(GiB(i + 1), MiB(64));
	for (unsigned int i = 0; i < MEMMAP_MAX_RESERVED; i++) {
		unsigned int bank = i % MEMMAP_MAX_RAM, slot = i / MEMMAP_MAX_RAM;

		reserve(GiB(bank + 1) + MiB(8) * (slot + 1), PG, MEMMAP_FIRMWARE, "hole");
	}
	memmap_build_free(&m, PG);
	assert_int_equal(m.nr_free, MEMMAP_MAX_FREE);
	assert_int_equal(memmap_free_bytes(&m),
			 MEMMAP_MAX_RAM * MiB(64) - MEMMAP_MAX_RESERVED * PG);
	for (unsigned int i = 1; i < m.nr_free; i++)
		assert_true(m.free[i - 1].end < m.free[i].start);
}

static void test_build_free_can_be_repeated(void **state)
{
	struct memmap_range first[MEMMAP_MAX_FREE];
	unsigned int nr;

	(void)state;
	board();
	memmap_build_free(&m, PG);
	nr = m.nr_free;
	memcpy(first, m.free, sizeof(first));
	memmap_build_free(&m, PG);
	assert_int_equal(m.nr_free, nr);
	assert_memory_equal(m.free, first, nr * sizeof(first[0]));
}

/* ---------------------------------------------------------------- checks */

static void test_consistent_boot_input_passes_the_check(void **state)
{
	(void)state;
	board();
	assert_int_equal(memmap_check(&m, &c), 0);
}

static void test_check_without_ram_is_refused(void **state)
{
	(void)state;
	reserve(HYP0, MiB(2), MEMMAP_HYP, "tessera");
	assert_conflict(NULL, NULL, "no RAM");
}

static void test_empty_module_or_dtb_is_refused(void **state)
{
	const struct memmap_region *r;

	(void)state;
	board();
	r = reserve(RAM0 + MiB(100), 0, MEMMAP_MODULE, "empty");
	assert_conflict(r, NULL, "is empty");
	assert_string_equal(c.a->name, "empty");

	setup(NULL);
	board();
	r = reserve(RAM0 + MiB(100), 0, MEMMAP_DTB, "empty dtb");
	assert_conflict(r, NULL, "is empty");
}

static void test_module_outside_ram_is_refused(void **state)
{
	const struct memmap_region *r;

	(void)state;
	board();
	r = reserve(RAM0 + GiB(1), MiB(1), MEMMAP_MODULE, "above");
	assert_conflict(r, NULL, "is not inside RAM");
}

static void test_module_partly_outside_ram_is_refused(void **state)
{
	const struct memmap_region *r;

	(void)state;
	board();
	r = reserve(RAM0 + GiB(1) - PG, 2 * PG, MEMMAP_MODULE, "tail out");
	assert_conflict(r, NULL, "is not inside RAM");

	setup(NULL);
	board();
	r = reserve(RAM0 - PG, 2 * PG, MEMMAP_MODULE, "head out");
	assert_conflict(r, NULL, "is not inside RAM");
}

static void test_module_ending_at_end_of_bank_is_accepted(void **state)
{
	(void)state;
	board();
	reserve(RAM0 + GiB(1) - MiB(1), MiB(1), MEMMAP_MODULE, "last MiB");
	assert_int_equal(memmap_check(&m, &c), 0);
}

/* Two adjacent banks are contiguous memory, but a module must lie inside one of them. */
static void test_module_spanning_adjacent_banks_is_refused(void **state)
{
	const struct memmap_region *r;

	(void)state;
	add_ram(RAM0, MiB(16));
	add_ram(RAM0 + MiB(16), MiB(16));
	r = reserve(RAM0 + MiB(15), MiB(2), MEMMAP_MODULE, "straddle");
	assert_conflict(r, NULL, "is not inside RAM");
}

static void test_dtb_outside_ram_is_refused(void **state)
{
	const struct memmap_region *r;

	(void)state;
	add_ram(RAM0, GiB(1));
	r = reserve(0x1000, KiB(64), MEMMAP_DTB, "dtb in flash");
	assert_conflict(r, NULL, "is not inside RAM");
}

static void test_module_overlapping_tessera_is_refused(void **state)
{
	const struct memmap_region *hyp, *r;

	(void)state;
	add_ram(RAM0, GiB(1));
	hyp = reserve(HYP0, MiB(2), MEMMAP_HYP, "tessera");
	r = reserve(HYP0 + MiB(2) - PG, MiB(1), MEMMAP_MODULE, "kernel");
	assert_conflict(r, hyp, "overlaps Tessera");
}

/* The pair is found whichever of the two was recorded first. */
static void test_dtb_overlapping_tessera_is_refused(void **state)
{
	const struct memmap_region *hyp, *dtb;

	(void)state;
	add_ram(RAM0, GiB(1));
	dtb = reserve(HYP0 + MiB(1), KiB(64), MEMMAP_DTB, "dtb");
	hyp = reserve(HYP0, MiB(2), MEMMAP_HYP, "tessera");
	assert_conflict(hyp, dtb, "overlaps Tessera");
}

static void test_module_partly_overlapping_another_is_refused(void **state)
{
	const struct memmap_region *a, *b;

	(void)state;
	board();
	a = &m.reserved[2];
	b = reserve(KERNEL0 + MiB(11), MiB(4), MEMMAP_MODULE, "overlaps kernel tail");
	assert_conflict(b, a, "partly overlaps");
}

/* Only the very same range may be named twice: one module inside another is refused. */
static void test_module_inside_another_is_refused(void **state)
{
	const struct memmap_region *b;

	(void)state;
	board();
	b = reserve(KERNEL0 + MiB(1), MiB(1), MEMMAP_MODULE, "inside kernel");
	assert_conflict(b, &m.reserved[2], "partly overlaps");

	setup(NULL);
	board();
	b = reserve(KERNEL0, MiB(12) - PG, MEMMAP_MODULE, "same start, shorter");
	assert_conflict(b, &m.reserved[2], "partly overlaps");
}

static void test_same_module_range_named_twice_is_allowed(void **state)
{
	(void)state;
	board();
	reserve(KERNEL0, MiB(12), MEMMAP_MODULE, "kernel for domain 2");
	reserve(KERNEL0, MiB(12), MEMMAP_MODULE, "kernel for domain 3");
	assert_int_equal(memmap_check(&m, &c), 0);
}

static void test_module_overlapping_dtb_is_refused(void **state)
{
	const struct memmap_region *r;

	(void)state;
	board();
	r = reserve(DTB0 + KiB(32), MiB(1), MEMMAP_MODULE, "over dtb");
	assert_conflict(r, &m.reserved[1], "overlaps");

	/* Not even the very same range: the DTB is not a module. */
	setup(NULL);
	board();
	r = reserve(DTB0, KiB(64), MEMMAP_MODULE, "dtb as module");
	assert_conflict(r, &m.reserved[1], "overlaps");
}

static void test_regions_touching_end_to_start_do_not_overlap(void **state)
{
	(void)state;
	add_ram(RAM0, GiB(1));
	reserve(HYP0, MiB(2), MEMMAP_HYP, "tessera");
	reserve(HYP0 + MiB(2), KiB(64), MEMMAP_DTB, "dtb");
	reserve(HYP0 + MiB(2) + KiB(64), MiB(4), MEMMAP_MODULE, "kernel");
	reserve(HYP0 + MiB(6) + KiB(64), MiB(4), MEMMAP_MODULE, "initrd");
	assert_int_equal(memmap_check(&m, &c), 0);
}

/* Over Tessera, the DTB, both modules, another firmware region, and outside RAM. */
static void reserve_firmware_everywhere(void)
{
	reserve(HYP0, MiB(1), MEMMAP_FIRMWARE, "fw over tessera");
	reserve(DTB0, PG, MEMMAP_FIRMWARE, "fw over dtb");
	reserve(KERNEL0, MiB(40), MEMMAP_FIRMWARE, "fw over modules");
	reserve(KERNEL0 + PG, PG, MEMMAP_FIRMWARE, "fw over fw");
	reserve(RAM0 + GiB(1) - PG, MiB(1), MEMMAP_FIRMWARE, "fw past RAM");
	reserve(RAM0 + MiB(500), 0, MEMMAP_FIRMWARE, "empty fw");
}

/* Whichever is recorded first: pairs are checked both ways round. */
static void test_firmware_reservation_may_overlap_anything(void **state)
{
	(void)state;
	board();
	reserve_firmware_everywhere();
	assert_int_equal(memmap_check(&m, &c), 0);

	setup(NULL);
	reserve_firmware_everywhere();
	board();
	assert_int_equal(memmap_check(&m, &c), 0);
}

/* ---------------------------------------------------------------- takes */

static void test_take_comes_from_top_of_highest_free_range(void **state)
{
	(void)state;
	add_ram(RAM0, MiB(16));
	add_ram(RAM0 + GiB(1), MiB(16));
	memmap_build_free(&m, PG);
	assert_int_equal(memmap_take(&m, 3 * PG, PG), RAM0 + GiB(1) + MiB(16) - 3 * PG);
	assert_free(1, RAM0 + GiB(1), RAM0 + GiB(1) + MiB(16) - 3 * PG);
	assert_int_equal(memmap_take(&m, PG, PG), RAM0 + GiB(1) + MiB(16) - 4 * PG);
	assert_int_equal(memmap_free_bytes(&m), MiB(32) - 4 * PG);
}

/* What lies above an aligned take is given up, and never handed out again. */
static void test_take_honours_alignment(void **state)
{
	paddr_t a;

	(void)state;
	add_ram(RAM0, MiB(16) + 5 * PG);
	memmap_build_free(&m, PG);
	a = memmap_take(&m, PG, MiB(2));
	assert_int_equal(a, RAM0 + MiB(16));
	assert_true(IS_ALIGNED(a, MiB(2)));
	assert_int_equal(m.nr_free, 1);
	assert_free(0, RAM0, RAM0 + MiB(16));
}

static void test_take_uses_lower_range_when_highest_is_too_small(void **state)
{
	(void)state;
	add_ram(RAM0, MiB(16));
	add_ram(RAM0 + GiB(1), MiB(1));
	memmap_build_free(&m, PG);
	assert_int_equal(memmap_take(&m, MiB(2), PG), RAM0 + MiB(14));
	/* The small range is untouched. */
	assert_free(1, RAM0 + GiB(1), RAM0 + GiB(1) + MiB(1));
}

static void test_take_skips_range_with_room_but_no_aligned_fit(void **state)
{
	(void)state;
	add_ram(RAM0, MiB(16));
	add_ram(RAM0 + GiB(1) + PG, MiB(2));
	memmap_build_free(&m, PG);
	/* The high range is 2 MiB long but holds no 2 MiB-aligned 2 MiB block. */
	assert_int_equal(memmap_take(&m, MiB(2), MiB(2)), RAM0 + MiB(14));
	assert_free(1, RAM0 + GiB(1) + PG, RAM0 + GiB(1) + PG + MiB(2));
}

static void test_take_that_empties_a_range_removes_it(void **state)
{
	(void)state;
	add_ram(RAM0, MiB(1));
	add_ram(RAM0 + GiB(1), MiB(1));
	add_ram(RAM0 + GiB(2), KiB(512));
	memmap_build_free(&m, PG);
	/* The middle range: the ones on either side stay, in order. */
	assert_int_equal(memmap_take(&m, MiB(1), MiB(1)), RAM0 + GiB(1));
	assert_int_equal(m.nr_free, 2);
	assert_free(0, RAM0, RAM0 + MiB(1));
	assert_free(1, RAM0 + GiB(2), RAM0 + GiB(2) + KiB(512));
	assert_int_equal(memmap_take(&m, KiB(512), PG), RAM0 + GiB(2));
	assert_int_equal(memmap_take(&m, MiB(1), PG), RAM0);
	assert_int_equal(m.nr_free, 0);
	assert_int_equal(memmap_take(&m, PG, PG), INVALID_PADDR);
}

static void test_take_refuses_zero_size_or_bad_alignment(void **state)
{
	(void)state;
	add_ram(RAM0, MiB(16));
	memmap_build_free(&m, PG);
	assert_int_equal(memmap_take(&m, 0, PG), INVALID_PADDR);
	assert_int_equal(memmap_take(&m, PG, 0), INVALID_PADDR);
	assert_int_equal(memmap_take(&m, PG, 3 * PG), INVALID_PADDR);
	assert_int_equal(memmap_free_bytes(&m), MiB(16));
}

static void test_take_returns_invalid_when_nothing_fits(void **state)
{
	(void)state;
	add_ram(RAM0, MiB(16));
	add_ram(RAM0 + GiB(1), MiB(16));
	memmap_build_free(&m, PG);
	assert_int_equal(memmap_take(&m, MiB(17), PG), INVALID_PADDR);
	assert_int_equal(memmap_take(&m, PG, GiB(4)), INVALID_PADDR);
	assert_int_equal(memmap_free_bytes(&m), MiB(32));
}

static void test_kinds_have_printable_names(void **state)
{
	(void)state;
	assert_string_equal(memmap_kind_name(MEMMAP_HYP), "Tessera");
	assert_string_equal(memmap_kind_name(MEMMAP_DTB), "device tree");
	assert_string_equal(memmap_kind_name(MEMMAP_MODULE), "boot module");
	assert_string_equal(memmap_kind_name(MEMMAP_FIRMWARE), "reserved memory");
	assert_string_equal(memmap_kind_name((enum memmap_kind)42), "region");
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_ram_banks_are_kept_in_address_order),
		T(test_empty_or_wrapping_ram_bank_is_refused),
		T(test_overlapping_ram_bank_is_refused_with_eexist),
		T(test_adjacent_ram_banks_are_accepted_and_stay_separate),
		T(test_ram_table_full_gives_enospc),
		T(test_ram_bank_at_top_of_address_space),
		T(test_reservation_into_last_page_of_address_space_is_removed),
		T(test_bank_within_last_page_of_address_space_gives_nothing),
		T(test_wrapping_reservation_is_refused),
		T(test_reserved_table_full_gives_enospc),
		T(test_reservation_records_range_kind_and_name),
		T(test_free_ranges_are_ram_minus_reservations),
		T(test_reservations_at_bank_edges_trim_the_bank),
		T(test_reservation_covering_a_whole_bank_removes_it),
		T(test_reservation_spanning_two_banks_trims_both),
		T(test_reservations_outside_ram_change_nothing),
		T(test_reservations_are_widened_to_whole_pages),
		T(test_unaligned_ram_is_trimmed_to_whole_pages),
		T(test_larger_page_size_trims_to_larger_pages),
		T(test_free_ranges_are_exact_at_byte_granularity),
		T(test_empty_reservation_takes_no_memory),
		T(test_overlapping_reservations_are_taken_once),
		T(test_free_table_holds_every_split),
		T(test_build_free_can_be_repeated),
		T(test_consistent_boot_input_passes_the_check),
		T(test_check_without_ram_is_refused),
		T(test_empty_module_or_dtb_is_refused),
		T(test_module_outside_ram_is_refused),
		T(test_module_partly_outside_ram_is_refused),
		T(test_module_ending_at_end_of_bank_is_accepted),
		T(test_module_spanning_adjacent_banks_is_refused),
		T(test_dtb_outside_ram_is_refused),
		T(test_module_overlapping_tessera_is_refused),
		T(test_dtb_overlapping_tessera_is_refused),
		T(test_module_partly_overlapping_another_is_refused),
		T(test_module_inside_another_is_refused),
		T(test_same_module_range_named_twice_is_allowed),
		T(test_module_overlapping_dtb_is_refused),
		T(test_regions_touching_end_to_start_do_not_overlap),
		T(test_firmware_reservation_may_overlap_anything),
		T(test_take_comes_from_top_of_highest_free_range),
		T(test_take_honours_alignment),
		T(test_take_uses_lower_range_when_highest_is_too_small),
		T(test_take_skips_range_with_room_but_no_aligned_fit),
		T(test_take_that_empties_a_range_removes_it),
		T(test_take_refuses_zero_size_or_bad_alignment),
		T(test_take_returns_invalid_when_nothing_fits),
		T(test_kinds_have_printable_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
