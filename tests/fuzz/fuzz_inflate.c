// SPDX-License-Identifier: Apache-2.0
// FUZZ-SOURCES: core/inflate.c
// FUZZ-LIBS: -lz
/*
 * The DEFLATE decoder (core/inflate.c) on raw streams and gzip files, compared with zlib:
 * for the same input and output buffer, inflate_raw() and inflate_gzip() must succeed
 * exactly when zlib does, with the same bytes (and for raw streams the same input used);
 * when they fail they say why and never write past the buffer (ASan).
 *
 * Input: one byte (bit 0: gzip or raw; the rest chooses the output buffer size), then the
 * stream. The kernel_image target takes gzip files as they are; this one reaches the
 * decoder without the CRC and size checks of a gzip trailer in the way.
 */
#include "fuzz.h"

#include <zlib.h>

#include <tessera/errno.h>
#include <tessera/inflate.h>

static int zlib_inflate(const uint8_t *in, size_t size, bool gzip, uint8_t *out, size_t out_size,
			size_t *out_len, size_t *in_used)
{
	z_stream z = { 0 };
	int rc;

	if (inflateInit2(&z, gzip ? 16 + MAX_WBITS : -MAX_WBITS) != Z_OK)
		abort();
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)size;
	z.next_out = out;
	z.avail_out = (uInt)out_size;
	rc = inflate(&z, Z_FINISH);
	*out_len = out_size - z.avail_out;
	*in_used = size - z.avail_in;
	inflateEnd(&z);
	if (rc != Z_STREAM_END)
		return -1;
	/* inflate_gzip() takes exactly one member and nothing after it. */
	return gzip && z.avail_in != 0 ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t out_sizes[] = { 0, 1, 64, 1000, 4096, 32768, 65536, 1u << 20 };
	static struct inflate_work *w;
	struct fuzz_in in = { data, size };
	uint8_t mode = fuzz_u8(&in);
	bool gzip = mode & 1;
	size_t out_size = out_sizes[(mode >> 1) % (sizeof(out_sizes) / sizeof(out_sizes[0]))];
	uint8_t *stream = fuzz_dup(in.p, in.n, 0);
	uint8_t *out = malloc(out_size ? out_size : 1), *ref = malloc(out_size ? out_size : 1);
	size_t out_len = 0, used = 0, ref_len = 0, ref_used = 0;
	const char *why = NULL;
	int rc, ref_rc;

	if (w == NULL)
		w = malloc(sizeof(*w));
	FUZZ_ASSERT(w != NULL && out != NULL && ref != NULL);
	/* out may be NULL when out_size is 0 (inflate.c says so for stored blocks). */
	if (gzip)
		rc = inflate_gzip(stream, in.n, out_size ? out : NULL, out_size, &out_len, w, &why);
	else
		rc = inflate_raw(stream, in.n, out_size ? out : NULL, out_size, &out_len, &used, w,
				 &why);
	FUZZ_ASSERT(rc == 0 || rc == -EINVAL || rc == -ENOSPC);
	FUZZ_ASSERT(rc == 0 || why != NULL);
	FUZZ_ASSERT(out_len <= out_size);
	ref_rc = zlib_inflate(stream, in.n, gzip, ref, out_size, &ref_len, &ref_used);
	FUZZ_ASSERT((rc == 0) == (ref_rc == 0));
	if (rc == 0) {
		FUZZ_ASSERT(out_len == ref_len && memcmp(out, ref, out_len) == 0);
		FUZZ_ASSERT(gzip || used == ref_used);
	}
	if (gzip) {
		inflate_crc32_init(w);
		FUZZ_ASSERT(inflate_crc32(w, 0, stream, in.n) == crc32(0, stream, (uInt)in.n));
	}
	free(stream);
	free(out);
	free(ref);
	return 0;
}
