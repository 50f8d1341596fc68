// SPDX-License-Identifier: Apache-2.0
// clang-format off
// UNIT-SOURCES: ../tools/imagebuilder/probe.c ../tools/imagebuilder/layout.c ../tools/imagebuilder/paths.c lib/kernel_image.c
// UNIT-SOURCES: ../tools/imagebuilder/tessera_mem.c
// UNIT-LIBS: -lz
// Verifies: REQ-IMG-001, REQ-IMG-002, REQ-ROBUST-005
// clang-format on
/*
 * tessera-imagebuilder's checks of what files are (an arm64 Image, a gzip of one, a cpio or
 * gzip-cpio ramdisk, a device tree), the 2 MiB-aligned placement that never crosses another
 * loader's window or the end of memory, and the paths the U-Boot script and qemu.sh name.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include "layout.h"
#include "paths.h"
#include "probe.h"
#include "tessera_mem.h"
#include <tessera/page_alloc.h>

#define MIB (1ULL << 20)

static void put_le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* A fake arm64 Image: the booting.rst header, then filler. */
static unsigned char *make_image(size_t size, uint64_t text_offset, uint64_t image_size)
{
	unsigned char *p = calloc(1, size);

	put_le64(p + 0x08, text_offset);
	put_le64(p + 0x10, image_size);
	put_le64(p + 0x18, 0xa);
	memcpy(p + 0x38, "ARM\x64", 4);
	for (size_t i = 64; i < size; i++)
		p[i] = (unsigned char)(i * 7);
	return p;
}

static unsigned char *gzip_of(const unsigned char *src, size_t n, size_t *zn)
{
	z_stream z = { 0 };
	size_t cap;
	unsigned char *out;

	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY), Z_OK);
	cap = deflateBound(&z, n) + 64;
	out = malloc(cap);
	z.next_in = (unsigned char *)src;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*zn = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

static enum ib_file_kind kind_of(const void *buf, size_t n)
{
	struct ib_file_info info;

	ib_probe_buffer(buf, n, n, &info);
	return info.kind;
}

/* --------------------------------------------------------------- probing */

static void test_probe_reads_an_arm64_image_header(void **state)
{
	unsigned char *img = make_image(4096, 0x80000, 0x2010000);
	struct ib_file_info info;

	(void)state;
	ib_probe_buffer(img, 4096, 123456, &info);
	assert_int_equal(info.kind, IB_FILE_IMAGE);
	assert_int_equal(info.text_offset, 0x80000);
	assert_int_equal(info.image_size, 0x2010000);
	assert_int_equal(info.size, 123456);
	img[0x38] = 'X';
	assert_int_equal(kind_of(img, 4096), IB_FILE_UNKNOWN);
	assert_int_equal(kind_of(img, 63), IB_FILE_UNKNOWN); /* shorter than a header */
	free(img);
}

static void test_probe_looks_inside_gzip(void **state)
{
	unsigned char *img = make_image(256 * 1024, 0, 0x100000);
	static const unsigned char cpio[] =
		"070701000000000000000000000000000000000000000000000000";
	static const unsigned char text[] = "just some text, not an Image nor an archive";
	unsigned char *z;
	size_t zn;

	(void)state;
	z = gzip_of(img, 256 * 1024, &zn);
	assert_int_equal(kind_of(z, zn), IB_FILE_IMAGE_GZ);
	assert_int_equal(kind_of(z, 200), IB_FILE_IMAGE_GZ); /* the head is enough */
	free(z);
	z = gzip_of(cpio, sizeof(cpio), &zn);
	assert_int_equal(kind_of(z, zn), IB_FILE_CPIO_GZ);
	free(z);
	z = gzip_of(text, sizeof(text), &zn);
	assert_int_equal(kind_of(z, zn), IB_FILE_GZIP);
	free(z);
	free(img);
}

static void test_probe_knows_cpio_formats(void **state)
{
	static const unsigned char binary_le[] = { 0xc7, 0x71, 0, 0 };
	static const unsigned char binary_be[] = { 0x71, 0xc7, 0, 0 };

	(void)state;
	assert_int_equal(kind_of("070701000000", 12), IB_FILE_CPIO); /* newc */
	assert_int_equal(kind_of("070702000000", 12), IB_FILE_CPIO); /* crc */
	assert_int_equal(kind_of("070707000000", 12), IB_FILE_CPIO); /* odc */
	assert_int_equal(kind_of(binary_le, 4), IB_FILE_CPIO);
	assert_int_equal(kind_of(binary_be, 4), IB_FILE_CPIO);
	assert_int_equal(kind_of("070708000000", 12), IB_FILE_UNKNOWN);
}

static void test_probe_knows_device_trees_and_uimages(void **state)
{
	static const unsigned char dtb[] = { 0xd0, 0x0d, 0xfe, 0xed, 0, 0, 0x10, 0 };
	static const unsigned char uimage[] = { 0x27, 0x05, 0x19, 0x56, 0, 0, 0, 0 };

	(void)state;
	assert_int_equal(kind_of(dtb, sizeof(dtb)), IB_FILE_DTB);
	assert_int_equal(kind_of(uimage, sizeof(uimage)), IB_FILE_UIMAGE);
	assert_int_equal(kind_of("", 0), IB_FILE_EMPTY);
	assert_string_equal(ib_file_kind_name(IB_FILE_UIMAGE),
			    "a U-Boot legacy image (mkimage): give the raw file");
}

static void test_probe_file_reports_missing_files_and_folders(void **state)
{
	struct ib_file_info info;

	(void)state;
	ib_probe_file("/nonexistent/tessera/Image", &info);
	assert_int_equal(info.kind, IB_FILE_MISSING);
	assert_int_equal(info.err, ENOENT);
	ib_probe_file("/", &info);
	assert_int_equal(info.kind, IB_FILE_NOT_REGULAR);
}

static void test_probe_file_reads_size_and_kind(void **state)
{
	char path[] = "/tmp/ib-probe-XXXXXX";
	unsigned char *img = make_image(300000, 0, 0x60000);
	int fd = mkstemp(path);
	struct ib_file_info info;
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	assert_int_equal(fwrite(img, 1, 300000, f), 300000);
	fclose(f);
	ib_probe_file(path, &info);
	assert_int_equal(info.kind, IB_FILE_IMAGE);
	assert_int_equal(info.size, 300000);
	assert_int_equal(info.image_size, 0x60000);
	unlink(path);
	free(img);
}

/* --------------------------------------------------------------- placement */

static void test_alloc_places_at_2mib_boundaries_in_order(void **state)
{
	struct ib_allocator a;
	uint64_t x, y, z;

	(void)state;
	ib_alloc_init(&a, 0x40000001, 0xC0000000); /* rounded up */
	assert_int_equal(ib_alloc(&a, 0x55000, false, &x), 0);
	assert_int_equal(ib_alloc(&a, 2 * MIB, false, &y), 0);
	assert_int_equal(ib_alloc(&a, 2 * MIB + 1, false, &z), 0);
	assert_int_equal(x, 0x40200000);
	assert_int_equal(y, 0x40400000);
	assert_int_equal(z, 0x40600000);
	assert_int_equal(a.next, 0x40a00000);
}

static void test_alloc_steps_over_avoided_windows(void **state)
{
	struct ib_allocator a;
	uint64_t x, y, z;

	(void)state;
	ib_alloc_init(&a, 0x40000000, 0xC0000000);
	ib_alloc_avoid(&a, 0x40300000, 0x40400000);
	ib_alloc_avoid(&a, 0x40600000, 0x40700000);
	assert_int_equal(ib_alloc(&a, 1 * MIB, true, &x), 0);  /* fits before the first */
	assert_int_equal(ib_alloc(&a, 2 * MIB, true, &y), 0);  /* overlaps it: moved past */
	assert_int_equal(ib_alloc(&a, 3 * MIB, false, &z), 0); /* not asked to avoid */
	assert_int_equal(x, 0x40000000);
	assert_int_equal(y, 0x40400000);
	assert_int_equal(z, 0x40600000);
	ib_alloc_init(&a, 0x40000000, 0xC0000000);
	ib_alloc_avoid(&a, 0x40100000, 0x40300000);
	ib_alloc_avoid(&a, 0x40400000, 0x40500000); /* the first move lands on the second */
	assert_int_equal(ib_alloc(&a, 2 * MIB, true, &x), 0);
	assert_int_equal(x, 0x40600000);
}

static void test_alloc_refuses_past_the_end(void **state)
{
	struct ib_allocator a;
	uint64_t x;

	(void)state;
	ib_alloc_init(&a, 0x40000000, 0x40400000);
	assert_int_equal(ib_alloc(&a, 2 * MIB, false, &x), 0);
	assert_int_equal(ib_alloc(&a, 2 * MIB, false, &x), 0); /* ends exactly at the end */
	assert_int_equal(ib_alloc(&a, 1, false, &x), -1);
	assert_int_equal(x, 0x40400000); /* still says where, for the message */
	ib_alloc_init(&a, 0xFFFFFFFFFFE00000ULL, 0xFFFFFFFFFFFFFFFFULL);
	assert_int_equal(ib_alloc(&a, 4 * MIB, false, &x), -1); /* wraps */
}

static void test_overlaps_is_half_open(void **state)
{
	(void)state;
	assert_true(ib_overlaps(0x1000, 0x1000, 0x1fff, 1));
	assert_false(ib_overlaps(0x1000, 0x1000, 0x2000, 0x1000));
	assert_false(ib_overlaps(0x2000, 0x1000, 0x1000, 0x1000));
	assert_true(ib_overlaps(0x1000, 0x3000, 0x2000, 0x10));
	assert_false(ib_overlaps(0x1000, 0, 0x1000, 0x1000)); /* empty */
	assert_int_equal(ib_align_up(0x40000001, IB_ALIGN), 0x40200000);
	assert_int_equal(ib_align_up(0x40200000, IB_ALIGN), 0x40200000);
}

/* --------------------------------------------------------------- paths */

static void test_paths_join_lexically(void **state)
{
	char out[256];

	(void)state;
	assert_int_equal(ib_path_join("/work/tree", "build/tessera.bin", out, sizeof(out)), 0);
	assert_string_equal(out, "/work/tree/build/tessera.bin");
	assert_int_equal(ib_path_join("/work/tree", "./a//b/../c", out, sizeof(out)), 0);
	assert_string_equal(out, "/work/tree/a/c");
	assert_int_equal(ib_path_join("/work/tree", "/srv/tftp/xen", out, sizeof(out)), 0);
	assert_string_equal(out, "/srv/tftp/xen");
	assert_int_equal(ib_path_join("/", "..", out, sizeof(out)), 0);
	assert_string_equal(out, "/");
	assert_int_equal(ib_path_join("/work", "a", out, 4), -1);
}

static void test_paths_relative_to_the_root_folder(void **state)
{
	char out[256];

	(void)state;
	assert_int_equal(ib_path_relative("/work/tree", "/work/tree/build/x.dtb", out, sizeof(out)),
			 0);
	assert_string_equal(out, "build/x.dtb");
	assert_int_equal(ib_path_relative("/work/tree", "/work/out/x.dtb", out, sizeof(out)), 0);
	assert_string_equal(out, "../out/x.dtb");
	assert_int_equal(ib_path_relative("/work/tree", "/work/tree", out, sizeof(out)), 0);
	assert_string_equal(out, ".");
	assert_int_equal(ib_path_relative("/", "/a", out, sizeof(out)), 0);
	assert_string_equal(out, "a");
}

static void test_paths_quote_for_the_shell(void **state)
{
	char out[256];

	(void)state;
	assert_int_equal(ib_shell_quote("/work/build/tessera.bin", out, sizeof(out)), 0);
	assert_string_equal(out, "/work/build/tessera.bin");
	assert_int_equal(ib_shell_quote("/my files/it's", out, sizeof(out)), 0);
	assert_string_equal(out, "'/my files/it'\\''s'");
	assert_int_equal(ib_shell_quote("", out, sizeof(out)), 0);
	assert_string_equal(out, "''");
	assert_int_equal(ib_shell_quote("$HOME", out, sizeof(out)), 0);
	assert_string_equal(out, "'$HOME'");
}

/* Tessera's page metadata, its largest fixed use, is counted for every page of RAM with the
 * size the hypervisor really has, in whole pages; the rest is the fixed 512 KiB. */
static void test_tessera_own_use_counts_page_metadata_of_all_ram(void **state)
{
	(void)state;
	assert_int_equal(IB_TESSERA_META_BYTES_PER_PAGE, sizeof(struct page_meta));
	assert_int_equal(ib_tessera_fixed_bytes(2048 * MIB), 6 * MIB + 512 * 1024);
	/* 1 MiB of RAM: 256 pages, 3 KiB of metadata, one page. */
	assert_int_equal(ib_tessera_fixed_bytes(MIB), 4096 + 512 * 1024);
	/* Bounds what QEMU virt with 2 GiB showed: 6144 KiB metadata + 84 KiB. */
	assert_true(ib_tessera_fixed_bytes(2048 * MIB) >= (6144 + 84) * 1024);
}

/* A domain costs a fixed 256 KiB, 8 KiB a vCPU and, for RAM from the heap, a stage-2 table
 * page for each 2 MiB of it (none for static memory); above what QEMU showed (58 KiB). */
static void test_tessera_own_use_per_domain_counts_vcpus_and_tables(void **state)
{
	(void)state;
	assert_int_equal(ib_tessera_domain_bytes(64 * MIB, 1), (256 + 8 + 128) * 1024);
	assert_int_equal(ib_tessera_domain_bytes(0, 4), (256 + 4 * 8) * 1024);
	assert_true(ib_tessera_domain_bytes(0, 1) >= 58 * 1024);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe_reads_an_arm64_image_header),
		cmocka_unit_test(test_probe_looks_inside_gzip),
		cmocka_unit_test(test_probe_knows_cpio_formats),
		cmocka_unit_test(test_probe_knows_device_trees_and_uimages),
		cmocka_unit_test(test_probe_file_reports_missing_files_and_folders),
		cmocka_unit_test(test_probe_file_reads_size_and_kind),
		cmocka_unit_test(test_alloc_places_at_2mib_boundaries_in_order),
		cmocka_unit_test(test_alloc_steps_over_avoided_windows),
		cmocka_unit_test(test_alloc_refuses_past_the_end),
		cmocka_unit_test(test_overlaps_is_half_open),
		cmocka_unit_test(test_paths_join_lexically),
		cmocka_unit_test(test_paths_relative_to_the_root_folder),
		cmocka_unit_test(test_paths_quote_for_the_shell),
		cmocka_unit_test(test_tessera_own_use_counts_page_metadata_of_all_ram),
		cmocka_unit_test(test_tessera_own_use_per_domain_counts_vcpus_and_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
