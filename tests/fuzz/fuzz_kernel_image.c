// SPDX-License-Identifier: Apache-2.0
// FUZZ-SOURCES: lib/kernel_image.c core/inflate.c
// FUZZ-LIBS: -lz
/*
 * A guest kernel boot module, as dom0less.c's load_kernel() takes it: kernel_image_probe(),
 * and for gzip inflate_gzip() into a buffer of the announced size (capped) followed by
 * kernel_image_probe_inflated(). Checked: what the probe reports is consistent, and
 * inflate_gzip() accepts exactly the files zlib accepts and gives the same bytes.
 */
#include "fuzz.h"

#include <zlib.h>

#include <tessera/compiler.h>
#include <tessera/errno.h>
#include <tessera/inflate.h>
#include <tessera/kernel_image.h>

/* Larger outputs only cost time: the decoder's limits are the same at any size. */
#define OUT_MAX (1u << 20)
/* RFC 1951: a length of 258 costs at least one bit, so no stream inflates more than 8 * 258
 * times; a buffer this much larger than the input is never the limit. */
#define INFLATE_RATIO_MAX 2064

static void check_info(const struct kernel_image_info *ki, size_t size, int rc)
{
	if (ki->format == KERNEL_IMAGE_GZIP) {
		FUZZ_ASSERT(rc < 0 || ki->gzip_isize >= KERNEL_IMAGE_HEADER_SIZE);
		return;
	}
	FUZZ_ASSERT(ki->format == KERNEL_IMAGE_ARM64);
	if (rc < 0)
		return;
	FUZZ_ASSERT(size >= KERNEL_IMAGE_HEADER_SIZE);
	FUZZ_ASSERT(ki->image_size >= size);
	FUZZ_ASSERT(ki->text_offset + ki->image_size >= ki->text_offset);
	FUZZ_ASSERT(!ki->big_endian);
	FUZZ_ASSERT(ki->page_size_kib == 0 || ki->page_size_kib == 4 || ki->page_size_kib == 16 ||
		    ki->page_size_kib == 64);
	if (!ki->image_size_from_header)
		FUZZ_ASSERT(ki->text_offset == KERNEL_IMAGE_OLD_TEXT_OFFSET && ki->flags == 0);
}

/* zlib's answer for the same file and buffer: 0 and the bytes, or -1. */
static int zlib_gunzip(const uint8_t *in, size_t size, uint8_t *out, size_t out_size,
		       size_t *out_len)
{
	z_stream z = { 0 };
	int rc;

	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		abort();
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)size;
	z.next_out = out;
	z.avail_out = (uInt)out_size;
	rc = inflate(&z, Z_FINISH);
	*out_len = out_size - z.avail_out;
	inflateEnd(&z);
	/* A boot module is one gzip member exactly: nothing may follow it. */
	return rc == Z_STREAM_END && z.avail_in == 0 ? 0 : -1;
}

static void check_gzip(const uint8_t *data, size_t size, const struct kernel_image_info *ki,
		       struct inflate_work *w)
{
	size_t out_size =
		MIN(MIN((size_t)ki->gzip_isize, (size_t)OUT_MAX), size * INFLATE_RATIO_MAX);
	uint8_t *out = malloc(out_size ? out_size : 1), *ref = malloc(out_size ? out_size : 1);
	size_t out_len = 0, ref_len = 0;
	const char *why = NULL;
	struct kernel_image_info inner;
	int rc;

	FUZZ_ASSERT(out != NULL && ref != NULL);
	rc = inflate_gzip(data, size, out, out_size, &out_len, w, &why);
	FUZZ_ASSERT(rc == 0 || rc == -EINVAL || rc == -ENOSPC);
	FUZZ_ASSERT(out_len <= out_size);
	FUZZ_ASSERT(rc == 0 || why != NULL);
	FUZZ_ASSERT((rc == 0) == (zlib_gunzip(data, size, ref, out_size, &ref_len) == 0));
	if (rc == 0) {
		FUZZ_ASSERT(out_len == ref_len && memcmp(out, ref, out_len) == 0);
		FUZZ_ASSERT((uint32_t)out_len == ki->gzip_isize);
		rc = kernel_image_probe_inflated(out, out_len, &inner, &why);
		FUZZ_ASSERT(rc == 0 || why != NULL);
		FUZZ_ASSERT(inner.format == KERNEL_IMAGE_ARM64);
		check_info(&inner, out_len, rc);
	}
	free(out);
	free(ref);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct inflate_work *w;
	uint8_t *module = fuzz_dup(data, size, 0);
	struct kernel_image_info ki;
	const char *why = NULL;
	int rc;

	if (w == NULL)
		w = malloc(sizeof(*w));
	FUZZ_ASSERT(w != NULL);
	rc = kernel_image_probe(module, size, &ki, &why);
	FUZZ_ASSERT(rc == 0 || (rc == -EINVAL && why != NULL));
	check_info(&ki, size, rc);
	if (rc == 0 && ki.format == KERNEL_IMAGE_GZIP)
		check_gzip(module, size, &ki, w);
	free(module);
	return 0;
}
