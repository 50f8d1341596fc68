// SPDX-License-Identifier: Apache-2.0
// UNIT-SOURCES: lib/kernel_image.c core/inflate.c
// UNIT-LIBS: -lz
// Verifies: REQ-DOM-003
/*
 * Recognising a domain's kernel: an arm64 Image (text_offset and image_size honoured, old
 * kernels with image_size 0 handled as booting.rst says, big-endian refused) or a gzip file
 * that inflates to one; anything else refused with a reason. zlib only makes the gzip inputs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include <tessera/errno.h>
#include <tessera/inflate.h>
#include <tessera/kernel_image.h>

static struct inflate_work work;

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_le64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

/* A fake Image of size bytes (at least 64): the header of booting.rst, then filler. */
static uint8_t *make_image(size_t size, uint64_t text_offset, uint64_t image_size, uint64_t flags)
{
	uint8_t *p = calloc(1, size);

	put_le32(p, 0x91005a4d); /* code0: "MZ" and an add, as an EFI-stub kernel has */
	put_le32(p + 4, 0x14000000);
	put_le64(p + 0x08, text_offset);
	put_le64(p + 0x10, image_size);
	put_le64(p + 0x18, flags);
	put_le32(p + 0x38, KERNEL_IMAGE_MAGIC);
	for (size_t i = KERNEL_IMAGE_HEADER_SIZE; i < size; i++)
		p[i] = (uint8_t)(i * 31 + (i >> 9));
	return p;
}

static uint8_t *gzip_of(const uint8_t *src, size_t n, size_t *zn)
{
	z_stream z = { 0 };
	size_t cap;
	uint8_t *out;

	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY), Z_OK);
	cap = deflateBound(&z, n) + 64;
	out = malloc(cap);
	z.next_in = (Bytef *)src;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*zn = z.total_out;
	deflateEnd(&z);
	return out;
}

static void assert_refused(int rc, const char *why, const char *expect)
{
	assert_int_equal(rc, -EINVAL);
	assert_non_null(why);
	assert_string_equal(why, expect);
}

/* The module p[0..n) is refused with exactly the reason expect. */
static void assert_probe_refuses(const uint8_t *p, size_t n, const char *expect)
{
	struct kernel_image_info info;
	const char *why = NULL;
	int rc = kernel_image_probe(p, n, &info, &why);

	assert_refused(rc, why, expect);
}

static void test_image_header_is_read(void **state)
{
	uint8_t *img = make_image(4096, 0, 0x2345000, 0xa); /* LE, 4K pages, anywhere */
	struct kernel_image_info info;
	const char *why = NULL;

	(void)state;
	assert_int_equal(kernel_image_probe(img, 4096, &info, &why), 0);
	assert_int_equal(info.format, KERNEL_IMAGE_ARM64);
	assert_int_equal(info.text_offset, 0);
	assert_int_equal(info.image_size, 0x2345000);
	assert_true(info.image_size_from_header);
	assert_int_equal(info.flags, 0xa);
	assert_int_equal(info.page_size_kib, 4);
	assert_true(info.phys_any);
	assert_false(info.big_endian);
	free(img);
}

static void test_text_offset_and_page_size_are_honoured(void **state)
{
	static const unsigned int kib[] = { 0, 4, 16, 64 };
	struct kernel_image_info info;
	const char *why = NULL;

	(void)state;
	for (uint64_t code = 0; code < 4; code++) {
		uint8_t *img = make_image(64, 0x80000, 0x1000000, code << 1);

		assert_int_equal(kernel_image_probe(img, 64, &info, &why), 0);
		assert_int_equal(info.text_offset, 0x80000);
		assert_int_equal(info.page_size_kib, kib[code]);
		assert_false(info.phys_any);
		free(img);
	}
}

static void test_old_image_gets_0x80000_and_its_size_plus_a_margin(void **state)
{
	/* Before v3.17 image_size is 0 and text_offset, whatever it says, is 0x80000. */
	const size_t size = 5 * 1024 * 1024 + 17;
	uint8_t *img = make_image(size, 0x0000080000000000ULL, 0, 0x1 /* not read */);
	struct kernel_image_info info;
	const char *why = NULL;

	(void)state;
	assert_int_equal(kernel_image_probe(img, size, &info, &why), 0);
	assert_int_equal(info.format, KERNEL_IMAGE_ARM64);
	assert_int_equal(info.text_offset, KERNEL_IMAGE_OLD_TEXT_OFFSET);
	assert_false(info.image_size_from_header);
	assert_int_equal(info.image_size, 6 * 1024 * 1024 + KERNEL_IMAGE_OLD_MARGIN);
	assert_int_equal(info.flags, 0);
	assert_false(info.big_endian);
	free(img);
}

static void test_module_larger_than_image_size_is_kept_whole(void **state)
{
	uint8_t *img = make_image(8192, 0, 4096, 0);
	struct kernel_image_info info;
	const char *why = NULL;

	(void)state;
	assert_int_equal(kernel_image_probe(img, 8192, &info, &why), 0);
	assert_int_equal(info.image_size, 8192);
	free(img);
}

static void test_unaligned_image_is_read(void **state)
{
	uint8_t *img = make_image(128, 0x1000, 0x200000, 0x2);
	uint8_t *buf = malloc(129);
	struct kernel_image_info info;
	const char *why = NULL;

	(void)state;
	memcpy(buf + 1, img, 128);
	assert_int_equal(kernel_image_probe(buf + 1, 128, &info, &why), 0);
	assert_int_equal(info.text_offset, 0x1000);
	assert_int_equal(info.image_size, 0x200000);
	free(buf);
	free(img);
}

static void test_big_endian_kernel_is_refused(void **state)
{
	uint8_t *img = make_image(64, 0, 0x100000, KERNEL_IMAGE_FLAG_BE);
	struct kernel_image_info info;
	const char *why = NULL;
	int rc;

	(void)state;
	rc = kernel_image_probe(img, 64, &info, &why);
	assert_refused(rc, why, "big-endian kernel");
	assert_true(info.big_endian);
	free(img);
}

static void test_image_sizes_that_overflow_are_refused(void **state)
{
	uint8_t *img = make_image(64, UINT64_MAX - 0xfff, 0x2000, 0);

	(void)state;
	assert_probe_refuses(img, 64, "kernel text_offset + image_size overflows");
	free(img);
}

static void test_module_smaller_than_the_header_is_refused(void **state)
{
	uint8_t *img = make_image(64, 0, 0x100000, 0);

	(void)state;
	for (size_t n = 0; n < KERNEL_IMAGE_HEADER_SIZE; n++) {
		/* A fresh copy of exactly n bytes, so that the sanitizer sees any read past it. */
		uint8_t *cut = malloc(n + 1);

		memcpy(cut, img, n);
		if (n >= 2 && cut[0] == 0x1f && cut[1] == 0x8b)
			fail_msg("the test image looks like gzip");
		assert_probe_refuses(cut, n, "too small for an arm64 Image header");
		free(cut);
	}
	free(img);
}

static void test_other_formats_are_refused(void **state)
{
	uint8_t *img = make_image(256, 0, 0x100000, 0);
	uint8_t elf[256] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };

	(void)state;
	img[0x38] = 'X';
	assert_probe_refuses(img, 256, "not an arm64 Image (no ARM\\x64 magic) nor gzip");
	assert_probe_refuses(elf, sizeof(elf), "not an arm64 Image (no ARM\\x64 magic) nor gzip");
	free(img);
}

static void test_gzip_is_recognised_with_its_inflated_size(void **state)
{
	uint8_t *img = make_image(100000, 0, 0x400000, 0x2);
	struct kernel_image_info info;
	const char *why = NULL;
	size_t zn;
	uint8_t *z = gzip_of(img, 100000, &zn);

	(void)state;
	assert_int_equal(kernel_image_probe(z, zn, &info, &why), 0);
	assert_int_equal(info.format, KERNEL_IMAGE_GZIP);
	assert_int_equal(info.gzip_isize, 100000);
	free(z);
	free(img);
}

/* The domain builder's path for a gzip module: probe, inflate, probe what came out. */
static int load_gzip(const uint8_t *z, size_t zn, struct kernel_image_info *info, const char **why)
{
	size_t out_len;
	uint8_t *out;
	int rc;

	rc = kernel_image_probe(z, zn, info, why);
	if (rc < 0)
		return rc;
	assert_int_equal(info->format, KERNEL_IMAGE_GZIP);
	out = malloc(info->gzip_isize);
	rc = inflate_gzip(z, zn, out, info->gzip_isize, &out_len, &work, why);
	if (rc == 0)
		rc = kernel_image_probe_inflated(out, out_len, info, why);
	free(out);
	return rc;
}

static void test_gzip_of_an_image_inflates_to_that_image(void **state)
{
	uint8_t *img = make_image(300000, 0x80000, 0x1200000, 0xa);
	struct kernel_image_info info;
	const char *why = NULL;
	size_t zn;
	uint8_t *z = gzip_of(img, 300000, &zn);

	(void)state;
	assert_int_equal(load_gzip(z, zn, &info, &why), 0);
	assert_int_equal(info.format, KERNEL_IMAGE_ARM64);
	assert_int_equal(info.text_offset, 0x80000);
	assert_int_equal(info.image_size, 0x1200000);
	assert_int_equal(info.page_size_kib, 4);
	free(z);
	free(img);
}

static void test_gzip_of_anything_else_is_refused_after_inflating(void **state)
{
	uint8_t *img = make_image(5000, 0, 0x100000, 0);
	struct kernel_image_info info;
	const char *why = NULL;
	size_t zn, zzn;
	uint8_t *z, *zz;
	int rc;

	(void)state;
	img[0x38] = 0;
	z = gzip_of(img, 5000, &zn);
	rc = load_gzip(z, zn, &info, &why);
	assert_refused(rc, why, "inflated gzip is not an arm64 Image (no ARM\\x64 magic)");

	/* gzip inside gzip */
	zz = gzip_of(z, zn, &zzn);
	rc = load_gzip(zz, zzn, &info, &why);
	assert_refused(rc, why, "inflated gzip is gzip again (nested gzip is not supported)");

	/* a big-endian kernel, compressed */
	free(z);
	put_le64(img + 0x18, KERNEL_IMAGE_FLAG_BE);
	put_le32(img + 0x38, KERNEL_IMAGE_MAGIC);
	z = gzip_of(img, 5000, &zn);
	rc = load_gzip(z, zn, &info, &why);
	assert_refused(rc, why, "big-endian kernel");

	free(zz);
	free(z);
	free(img);
}

static void test_corrupt_gzip_is_refused_with_a_reason(void **state)
{
	uint8_t *img = make_image(5000, 0, 0x100000, 0);
	struct kernel_image_info info;
	const char *why = NULL;
	size_t zn;
	uint8_t *z = gzip_of(img, 5000, &zn);
	int rc;

	(void)state;
	z[zn / 2] ^= 0x10;
	rc = load_gzip(z, zn, &info, &why);
	assert_true(rc == -EINVAL || rc == -ENOSPC); /* ENOSPC: inflates past its ISIZE */
	assert_non_null(why);
	free(z);
	free(img);
}

static void test_gzip_header_problems_are_refused(void **state)
{
	uint8_t *img = make_image(5000, 0, 0x100000, 0);
	uint8_t *tiny = make_image(64, 0, 0x100000, 0);
	size_t zn, tn;
	uint8_t *z = gzip_of(img, 5000, &zn);
	uint8_t *tz = gzip_of(tiny, 40, &tn); /* inflates to less than a header */

	(void)state;
	assert_probe_refuses(z, 17, "too small for a gzip file");
	assert_probe_refuses(tz, tn, "gzip file inflates to less than an arm64 Image header");
	z[2] = 0;
	assert_probe_refuses(z, zn, "gzip method is not deflate");
	z[2] = INFLATE_GZIP_DEFLATE;
	z[3] = 0x80;
	assert_probe_refuses(z, zn, "gzip header has reserved flags set");
	free(tz);
	free(tiny);
	free(z);
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_image_header_is_read),
		cmocka_unit_test(test_text_offset_and_page_size_are_honoured),
		cmocka_unit_test(test_old_image_gets_0x80000_and_its_size_plus_a_margin),
		cmocka_unit_test(test_module_larger_than_image_size_is_kept_whole),
		cmocka_unit_test(test_unaligned_image_is_read),
		cmocka_unit_test(test_big_endian_kernel_is_refused),
		cmocka_unit_test(test_image_sizes_that_overflow_are_refused),
		cmocka_unit_test(test_module_smaller_than_the_header_is_refused),
		cmocka_unit_test(test_other_formats_are_refused),
		cmocka_unit_test(test_gzip_is_recognised_with_its_inflated_size),
		cmocka_unit_test(test_gzip_of_an_image_inflates_to_that_image),
		cmocka_unit_test(test_gzip_of_anything_else_is_refused_after_inflating),
		cmocka_unit_test(test_corrupt_gzip_is_refused_with_a_reason),
		cmocka_unit_test(test_gzip_header_problems_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
