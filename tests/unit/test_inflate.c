// SPDX-License-Identifier: Apache-2.0
// UNIT-SOURCES: core/inflate.c
// UNIT-LIBS: -lz
// Verifies: REQ-DOM-003
/*
 * Tessera's DEFLATE and gzip decoder. The host's zlib only makes the inputs: random and
 * structured data compressed at every level and strategy, with and without the optional gzip
 * header fields. Malformed streams are made by hand with a bit writer, by truncating valid
 * ones at every length, and by flipping bits; each must give an error with a reason, never a
 * crash (the sanitizer build checks every access).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include <tessera/errno.h>
#include <tessera/inflate.h>

static struct inflate_work work;

/* ------------------------------------------------------------------ inputs */

static uint32_t rnd(uint32_t *s)
{
	/* xorshift32: reproducible data without libc's rand(). */
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static uint8_t *make_random(size_t n, uint32_t seed)
{
	uint8_t *p = malloc(n + 1);

	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rnd(&seed);
	return p;
}

/* Text, runs, random stretches and copies of earlier data from near and far (up to the
 * 32 KiB window and beyond): what a kernel image's mix of code and data exercises. */
static uint8_t *make_structured(size_t n, uint32_t seed)
{
	static const char *const words[] = { "tessera ", "hypervisor ",	     "domain ",
					     "vcpu ",	 "\x1f\x20\x03\xd5", "\x00\x00\x00\x00",
					     "ret\n" };
	uint8_t *p = malloc(n + 1);
	size_t i = 0;

	while (i < n) {
		uint32_t r = rnd(&seed);
		size_t len = 1 + (r >> 8) % 300, k;

		if (len > n - i)
			len = n - i;
		switch (r % 5) {
		case 0: {
			const char *w = words[(r >> 20) % 7];
			size_t wl = w[0] == 0 ? 4 : strlen(w);

			for (k = 0; k < len; k++)
				p[i + k] = (uint8_t)w[k % wl];
			break;
		}
		case 1:
			memset(p + i, (int)(r >> 24), len);
			break;
		case 2:
			for (k = 0; k < len; k++)
				p[i + k] = (uint8_t)rnd(&seed);
			break;
		default: {
			size_t d = i == 0 ? 0 : 1 + rnd(&seed) % (i < 40000 ? i : 40000);

			for (k = 0; k < len; k++)
				p[i + k] = d == 0 ? (uint8_t)k : p[i + k - d];
			break;
		}
		}
		i += len;
	}
	return p;
}

#define ZOPTS(l, s, w)                                            \
	{                                                         \
		.level = (l), .strategy = (s), .window_bits = (w) \
	}

struct zopts {
	int level;
	int strategy;
	int window_bits; /* 16 + 15: gzip; -15: raw deflate */
	bool name, extra, comment, hcrc;
};

static const struct zopts GZIP_DEFAULT = ZOPTS(Z_DEFAULT_COMPRESSION, Z_DEFAULT_STRATEGY, 31);

static uint8_t *zcompress(const uint8_t *src, size_t n, const struct zopts *o, size_t *zn)
{
	static uint8_t extra[] = { 'T', 's', 4, 0, 1, 2, 3, 4 };
	gz_header h = { 0 };
	z_stream z = { 0 };
	size_t cap;
	uint8_t *out;

	assert_int_equal(deflateInit2(&z, o->level, Z_DEFLATED, o->window_bits, 9, o->strategy),
			 Z_OK);
	if (o->name || o->extra || o->comment || o->hcrc) {
		h.name = o->name ? (Bytef *)"Image" : NULL;
		h.comment = o->comment ? (Bytef *)"a test kernel" : NULL;
		h.extra = o->extra ? extra : NULL;
		h.extra_len = o->extra ? sizeof(extra) : 0;
		h.hcrc = o->hcrc;
		assert_int_equal(deflateSetHeader(&z, &h), Z_OK);
	}
	cap = deflateBound(&z, n) + 256;
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

static void check_gzip_round_trip(const uint8_t *src, size_t n, const struct zopts *o)
{
	size_t zn, out_len = 1;
	const char *why = NULL;
	uint8_t *z = zcompress(src, n, o, &zn);
	uint8_t *out = malloc(n + 1);
	int rc;

	rc = inflate_gzip(z, zn, out, n, &out_len, &work, &why);
	if (rc != 0)
		print_message("size %zu level %d strategy %d: %s\n", n, o->level, o->strategy, why);
	assert_int_equal(rc, 0);
	assert_int_equal(out_len, n);
	assert_true(memcmp(out, src, n) == 0);
	free(out);
	free(z);
}

static void check_raw_round_trip(const uint8_t *src, size_t n, int level, int strategy)
{
	struct zopts o = ZOPTS(level, strategy, -15);
	size_t zn, out_len = 1, used = 0;
	const char *why = NULL;
	uint8_t *z = zcompress(src, n, &o, &zn);
	uint8_t *out = malloc(n + 1);
	int rc;

	rc = inflate_raw(z, zn, out, n, &out_len, &used, &work, &why);
	if (rc != 0)
		print_message("raw size %zu level %d strategy %d: %s\n", n, level, strategy, why);
	assert_int_equal(rc, 0);
	assert_int_equal(out_len, n);
	assert_int_equal(used, zn);
	assert_true(memcmp(out, src, n) == 0);
	free(out);
	free(z);
}

/* Every level, gzip and raw, on data of size n from make(). */
static void check_every_level(uint8_t *(*make)(size_t, uint32_t), size_t n)
{
	uint8_t *src = make(n, 0x1234567u + (uint32_t)n);

	for (int level = 0; level <= 9; level++) {
		struct zopts o = ZOPTS(level, Z_DEFAULT_STRATEGY, 31);

		check_gzip_round_trip(src, n, &o);
		check_raw_round_trip(src, n, level, Z_DEFAULT_STRATEGY);
	}
	free(src);
}

/* A bit writer for hand-made streams: fields least significant bit first, Huffman codes
 * most significant bit first (RFC 1951 3.1.1). */
struct bitw {
	uint8_t buf[512];
	size_t bits;
};

static void put_bits(struct bitw *w, uint32_t v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++, w->bits++) {
		if (v >> i & 1)
			w->buf[w->bits / 8] |= (uint8_t)(1U << (w->bits % 8));
	}
}

static void put_code(struct bitw *w, uint32_t code, unsigned int len)
{
	for (unsigned int i = len; i > 0; i--)
		put_bits(w, code >> (i - 1) & 1, 1);
}

/* RFC 1951 3.2.6: the fixed literal/length code. */
static void put_fixed_litlen(struct bitw *w, unsigned int sym)
{
	if (sym < 144)
		put_code(w, 0x30 + sym, 8);
	else if (sym < 256)
		put_code(w, 0x190 + sym - 144, 9);
	else if (sym < 280)
		put_code(w, sym - 256, 7);
	else
		put_code(w, 0xc0 + sym - 280, 8);
}

static size_t bitw_len(const struct bitw *w)
{
	return (w->bits + 7) / 8;
}

/* Inflates a hand-made raw stream; returns the result, with why and out_len. */
static int raw(const struct bitw *w, uint8_t *out, size_t out_size, size_t *out_len,
	       const char **why)
{
	*why = NULL;
	return inflate_raw(w->buf, bitw_len(w), out, out_size, out_len, NULL, &work, why);
}

static void assert_refused(int rc, const char *why, const char *expect)
{
	assert_int_equal(rc, -EINVAL);
	assert_non_null(why);
	if (strstr(why, expect) == NULL)
		fail_msg("reason \"%s\" does not say \"%s\"", why, expect);
}

/* The hand-made raw stream w is refused with a reason containing expect. */
static void assert_raw_refused(const struct bitw *w, const char *expect)
{
	uint8_t out[64];
	size_t out_len;
	const char *why;
	int rc = raw(w, out, sizeof(out), &out_len, &why);

	assert_refused(rc, why, expect);
}

/* The gzip file z[0..zn) is refused with a reason containing expect. */
static void assert_gzip_refused(const uint8_t *z, size_t zn, size_t out_size, const char *expect)
{
	uint8_t *out = malloc(out_size + 1);
	size_t out_len;
	const char *why = NULL;
	int rc = inflate_gzip(z, zn, out, out_size, &out_len, &work, &why);

	assert_refused(rc, why, expect);
	free(out);
}

/* ------------------------------------------------------------------ valid streams */

static void test_empty_data_inflates_to_nothing_at_every_level(void **state)
{
	(void)state;
	for (int level = 0; level <= 9; level++) {
		struct zopts o = ZOPTS(level, Z_DEFAULT_STRATEGY, 31);

		check_gzip_round_trip((const uint8_t *)"", 0, &o);
		check_raw_round_trip((const uint8_t *)"", 0, level, Z_DEFAULT_STRATEGY);
	}
}

static void test_one_byte_round_trips_at_every_level(void **state)
{
	(void)state;
	check_every_level(make_random, 1);
}

static void test_random_data_round_trips_at_every_level(void **state)
{
	(void)state;
	check_every_level(make_random, 1000);
	check_every_level(make_random, 65535); /* the largest stored block */
	check_every_level(make_random, 65536); /* one byte more: two stored blocks */
}

static void test_structured_data_round_trips_at_every_level(void **state)
{
	(void)state;
	check_every_level(make_structured, 1000);
	check_every_level(make_structured, 65535);
	check_every_level(make_structured, 65536);
	check_every_level(make_structured, 300000);
}

static void test_every_strategy_round_trips(void **state)
{
	static const int strategies[] = { Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED };
	uint8_t *text = make_structured(200000, 7);
	uint8_t *noise = make_random(20000, 8);

	(void)state;
	for (size_t i = 0; i < sizeof(strategies) / sizeof(strategies[0]); i++) {
		for (int level = 1; level <= 9; level += 4) {
			struct zopts o = ZOPTS(level, strategies[i], 31);

			check_gzip_round_trip(text, 200000, &o);
			check_gzip_round_trip(noise, 20000, &o);
			check_raw_round_trip(text, 200000, level, strategies[i]);
		}
	}
	free(text);
	free(noise);
}

static void test_several_mib_round_trip(void **state)
{
	const size_t n = 5 * 1024 * 1024 + 123;
	uint8_t *text = make_structured(n, 99);
	uint8_t *noise = make_random(n, 98);

	(void)state;
	for (int level = 1; level <= 9; level += 4) {
		struct zopts o = ZOPTS(level, Z_DEFAULT_STRATEGY, 31);

		check_gzip_round_trip(text, n, &o);
	}
	check_gzip_round_trip(noise, n, &GZIP_DEFAULT);
	free(text);
	free(noise);
}

static void test_optional_gzip_header_fields_are_skipped(void **state)
{
	uint8_t *src = make_structured(5000, 3);

	(void)state;
	/* Every combination of FNAME, FEXTRA, FCOMMENT and FHCRC (the header CRC is checked). */
	for (unsigned int m = 0; m < 16; m++) {
		struct zopts o = GZIP_DEFAULT;

		o.name = m & 1;
		o.extra = m & 2;
		o.comment = m & 4;
		o.hcrc = m & 8;
		check_gzip_round_trip(src, 5000, &o);
	}
	free(src);
}

static void test_raw_stream_reports_the_input_it_used(void **state)
{
	struct zopts o = ZOPTS(6, Z_DEFAULT_STRATEGY, -15);
	uint8_t *src = make_structured(10000, 5);
	uint8_t out[10000];
	size_t zn, out_len, used;
	const char *why;
	uint8_t *z = zcompress(src, sizeof(out), &o, &zn);
	uint8_t *padded = malloc(zn + 100);

	(void)state;
	memcpy(padded, z, zn);
	memset(padded + zn, 0xa5, 100);
	assert_int_equal(
		inflate_raw(padded, zn + 100, out, sizeof(out), &out_len, &used, &work, &why), 0);
	assert_int_equal(used, zn);
	assert_int_equal(out_len, sizeof(out));
	assert_memory_equal(out, src, sizeof(out));
	free(padded);
	free(z);
	free(src);
}

static void test_block_whose_only_code_is_end_of_block_inflates_to_nothing(void **state)
{
	/* A dynamic block with one literal/length code (end of block, 1 bit) and one distance
	 * code of 1 bit: the two incomplete codes RFC 1951 allows. Code-length code: symbols
	 * 0, 1, 18 (zeros) with lengths 2, 1, 2 -> codes 1 -> "0", 0 -> "10", 18 -> "11". */
	struct bitw w = { 0 };
	uint8_t out[4];
	size_t out_len = 9;
	const char *why;

	(void)state;
	put_bits(&w, 1, 1);  /* BFINAL */
	put_bits(&w, 2, 2);  /* dynamic */
	put_bits(&w, 0, 5);  /* HLIT: 257 */
	put_bits(&w, 0, 5);  /* HDIST: 1 */
	put_bits(&w, 14, 4); /* HCLEN: 18 (up to symbol 1 in the order) */
	for (unsigned int i = 0; i < 18; i++) {
		/* order: 16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1 */
		put_bits(&w, i == 2 ? 2 : i == 3 ? 2 : i == 17 ? 1 : 0, 3);
	}
	put_code(&w, 3, 2); /* 18: 138 zeros (symbols 0-137) */
	put_bits(&w, 127, 7);
	put_code(&w, 3, 2); /* 18: 118 zeros (138-255) */
	put_bits(&w, 107, 7);
	put_code(&w, 0, 1); /* symbol 256: length 1 */
	put_code(&w, 0, 1); /* distance 0: length 1 */
	put_code(&w, 0, 1); /* end of block */
	assert_int_equal(raw(&w, out, sizeof(out), &out_len, &why), 0);
	assert_int_equal(out_len, 0);
}

static void test_crc32_matches_zlib(void **state)
{
	uint8_t *src = make_random(100003, 11);

	(void)state;
	inflate_crc32_init(&work);
	for (size_t n = 0; n < 20; n++)
		assert_int_equal(inflate_crc32(&work, 0, src, n), crc32(0, src, (uInt)n));
	assert_int_equal(inflate_crc32(&work, 0, src, 100003), crc32(0, src, 100003));
	assert_int_equal(inflate_crc32(&work, inflate_crc32(&work, 0, src, 77), src + 77, 999),
			 crc32(0, src, 77 + 999));
	free(src);
}

/* ------------------------------------------------------------------ malformed streams */

static void test_truncated_gzip_is_refused_at_every_length(void **state)
{
	uint8_t *src = make_structured(3000, 21);
	uint8_t out[3000];
	struct zopts o = GZIP_DEFAULT;
	size_t zn, out_len;
	const char *why;
	uint8_t *z;

	(void)state;
	o.name = true;
	o.extra = true;
	o.hcrc = true;
	z = zcompress(src, sizeof(out), &o, &zn);
	for (size_t len = 0; len < zn; len++) {
		/* A fresh copy of exactly len bytes, so that the sanitizer sees any read past it.
		 */
		uint8_t *cut = malloc(len + 1);

		memcpy(cut, z, len);
		why = NULL;
		assert_int_equal(inflate_gzip(cut, len, out, sizeof(out), &out_len, &work, &why),
				 -EINVAL);
		assert_non_null(why);
		free(cut);
	}
	free(z);
	free(src);
}

static void test_truncated_raw_stream_is_refused_at_every_length(void **state)
{
	static const int strategies[] = { Z_DEFAULT_STRATEGY, Z_FIXED, Z_HUFFMAN_ONLY };
	uint8_t *src = make_structured(2000, 22);
	uint8_t out[2000];

	(void)state;
	for (size_t s = 0; s < 3; s++) {
		for (int level = 0; level <= 9; level += 9) {
			struct zopts o = ZOPTS(level, strategies[s], -15);
			size_t zn, out_len;
			const char *why;
			uint8_t *z = zcompress(src, sizeof(out), &o, &zn);

			for (size_t len = 0; len < zn; len++) {
				uint8_t *cut = malloc(len + 1);

				memcpy(cut, z, len);
				why = NULL;
				assert_int_equal(inflate_raw(cut, len, out, sizeof(out), &out_len,
							     NULL, &work, &why),
						 -EINVAL);
				assert_non_null(why);
				free(cut);
			}
			free(z);
		}
	}
	free(src);
}

static void test_corrupted_crc_is_detected(void **state)
{
	uint8_t *src = make_structured(4000, 23);
	uint8_t out[4000];
	size_t zn;
	uint8_t *z = zcompress(src, sizeof(out), &GZIP_DEFAULT, &zn);

	(void)state;
	z[zn - 8] ^= 0x01;
	assert_gzip_refused(z, zn, sizeof(out), "CRC");
	free(z);
	free(src);
}

static void test_corrupted_isize_is_detected(void **state)
{
	uint8_t *src = make_structured(4000, 24);
	uint8_t out[5000];
	size_t zn;
	uint8_t *z = zcompress(src, 4000, &GZIP_DEFAULT, &zn);

	(void)state;
	z[zn - 4] ^= 0x01;
	assert_gzip_refused(z, zn, sizeof(out), "ISIZE");
	free(z);
	free(src);
}

static void test_corrupted_header_crc_is_detected(void **state)
{
	uint8_t *src = make_structured(100, 25);
	uint8_t out[100];
	struct zopts o = GZIP_DEFAULT;
	size_t zn;
	uint8_t *z;

	(void)state;
	o.name = true;
	o.hcrc = true;
	z = zcompress(src, sizeof(out), &o, &zn);
	z[4] ^= 0x40; /* MTIME: covered by the header CRC only */
	assert_gzip_refused(z, zn, sizeof(out), "header CRC");
	free(z);
	free(src);
}

static void test_gzip_header_errors_are_refused(void **state)
{
	uint8_t *src = make_structured(100, 26);
	uint8_t out[100];
	size_t zn;
	uint8_t *z = zcompress(src, sizeof(out), &GZIP_DEFAULT, &zn);

	(void)state;
	z[2] = 7;
	assert_gzip_refused(z, zn, sizeof(out), "method is not deflate");
	z[2] = INFLATE_GZIP_DEFLATE;
	z[3] |= 0x20;
	assert_gzip_refused(z, zn, sizeof(out), "reserved flags");
	z[3] = INFLATE_GZIP_FNAME; /* a name with no terminating zero before the end */
	memset(z + 10, 'x', zn - 10);
	assert_gzip_refused(z, zn, sizeof(out), "truncated gzip header");
	z[0] = 'P';
	z[1] = 'K';
	assert_gzip_refused(z, zn, sizeof(out), "not gzip");
	assert_gzip_refused(z, 17, sizeof(out), "too small");
	free(z);
	free(src);
}

static void test_data_after_the_gzip_member_is_refused(void **state)
{
	uint8_t *src = make_structured(1000, 27);
	uint8_t out[1000];
	size_t zn, out_len;
	const char *why = NULL;
	uint8_t *z = zcompress(src, sizeof(out), &GZIP_DEFAULT, &zn);
	uint8_t *two = malloc(2 * zn);

	(void)state;
	/* Two members back to back: the first one's trailer is not at the end. */
	memcpy(two, z, zn);
	memcpy(two + zn, z, zn);
	assert_int_equal(inflate_gzip(two, 2 * zn, out, sizeof(out), &out_len, &work, &why),
			 -EINVAL);
	assert_non_null(why);
	free(two);
	free(z);
	free(src);
}

static void test_too_small_output_buffer_is_reported(void **state)
{
	static const struct {
		int level, strategy;
	} kinds[] = { { 0, Z_DEFAULT_STRATEGY }, { 6, Z_FIXED }, { 6, Z_DEFAULT_STRATEGY } };
	uint8_t *src = make_structured(70000, 28);
	uint8_t *out = malloc(70000);

	(void)state;
	/* Stored, fixed and dynamic blocks: one byte short, and no room at all. */
	for (size_t k = 0; k < 3; k++) {
		struct zopts o = ZOPTS(kinds[k].level, kinds[k].strategy, 31);
		size_t zn, out_len;
		const char *why = NULL;
		uint8_t *z = zcompress(src, 70000, &o, &zn);

		assert_int_equal(inflate_gzip(z, zn, out, 69999, &out_len, &work, &why), -ENOSPC);
		assert_string_equal(why, "output buffer too small");
		assert_true(out_len <= 69999);
		assert_int_equal(inflate_gzip(z, zn, out, 0, &out_len, &work, &why), -ENOSPC);
		assert_int_equal(inflate_gzip(z, zn, out, 70000, &out_len, &work, &why), 0);
		free(z);
	}
	free(out);
	free(src);
}

static void test_block_type_3_is_refused(void **state)
{
	struct bitw w = { 0 };

	(void)state;
	put_bits(&w, 1, 1);
	put_bits(&w, 3, 2);
	put_bits(&w, 0, 16);
	assert_raw_refused(&w, "block type 3");
}

static void test_distance_too_far_back_is_refused(void **state)
{
	struct bitw w = { 0 };
	uint8_t out[16];
	size_t out_len;
	const char *why;

	(void)state;
	put_bits(&w, 1, 1);
	put_bits(&w, 1, 2); /* fixed codes */
	put_fixed_litlen(&w, 'a');
	put_fixed_litlen(&w, 257); /* length 3 */
	put_code(&w, 1, 5);	   /* distance 2, with one byte written */
	put_fixed_litlen(&w, 256);
	assert_raw_refused(&w, "distance too far back");

	/* Distance 1 is fine there: "aaaa". */
	memset(&w, 0, sizeof(w));
	put_bits(&w, 1, 1);
	put_bits(&w, 1, 2);
	put_fixed_litlen(&w, 'a');
	put_fixed_litlen(&w, 257);
	put_code(&w, 0, 5);
	put_fixed_litlen(&w, 256);
	assert_int_equal(raw(&w, out, sizeof(out), &out_len, &why), 0);
	assert_int_equal(out_len, 4);
	assert_memory_equal(out, "aaaa", 4);
}

static void test_symbols_outside_the_alphabets_are_refused(void **state)
{
	struct bitw w = { 0 };

	(void)state;
	put_bits(&w, 1, 1);
	put_bits(&w, 1, 2);
	put_fixed_litlen(&w, 286);
	put_bits(&w, 0, 16);
	assert_raw_refused(&w, "literal/length symbol");

	memset(&w, 0, sizeof(w));
	put_bits(&w, 1, 1);
	put_bits(&w, 1, 2);
	put_fixed_litlen(&w, 'a');
	put_fixed_litlen(&w, 257);
	put_code(&w, 30, 5);
	put_bits(&w, 0, 16);
	assert_raw_refused(&w, "distance symbol");
}

static void test_stored_block_with_bad_length_complement_is_refused(void **state)
{
	struct bitw w = { 0 };

	(void)state;
	put_bits(&w, 1, 1);
	put_bits(&w, 0, 2);
	put_bits(&w, 0, 5); /* to the byte boundary */
	put_bits(&w, 3, 16);
	put_bits(&w, 0xfffd, 16); /* ~3 would be 0xfffc */
	put_bits(&w, 0x414141, 24);
	assert_raw_refused(&w, "complement");
}

/* The header of a dynamic block whose code-length code has lengths lens[] (in the order of
 * RFC 1951 3.2.7) for its first n entries. */
static void put_dynamic_header(struct bitw *w, unsigned int hlit, unsigned int hdist,
			       const uint8_t *lens, unsigned int n)
{
	put_bits(w, 1, 1);
	put_bits(w, 2, 2);
	put_bits(w, hlit - 257, 5);
	put_bits(w, hdist - 1, 5);
	put_bits(w, n - 4, 4);
	for (unsigned int i = 0; i < n; i++)
		put_bits(w, lens[i], 3);
}

static void test_over_subscribed_code_is_refused(void **state)
{
	static const uint8_t lens[] = { 1, 1, 1, 0 }; /* three 1-bit codes */
	struct bitw w = { 0 };

	(void)state;
	put_dynamic_header(&w, 257, 1, lens, 4);
	put_bits(&w, 0, 32);
	assert_raw_refused(&w, "over-subscribed");
}

static void test_incomplete_code_length_code_is_refused(void **state)
{
	static const uint8_t lens[] = { 0, 0, 1, 2 }; /* 1/2 + 1/4 of the code space */
	struct bitw w = { 0 };

	(void)state;
	put_dynamic_header(&w, 257, 1, lens, 4);
	put_bits(&w, 0, 32);
	assert_raw_refused(&w, "incomplete");
}

/* Code-length code used below: symbols 0, 1, 2 and 18, two bits each (codes 00 01 10 11). */
static const uint8_t four_codelens[] = {
	/* 16 17 18 0  8  7  9  6  10 5  11 4  12 3  13 2  14 1 */
	0, 0, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2,
};

static void test_incomplete_literal_code_is_refused(void **state)
{
	struct bitw w = { 0 };

	(void)state;
	put_dynamic_header(&w, 257, 1, four_codelens, 18);
	put_code(&w, 2, 2); /* literal 0: length 2 */
	put_code(&w, 3, 2); /* 138 zeros: 1-138 */
	put_bits(&w, 127, 7);
	put_code(&w, 3, 2); /* 117 zeros: 139-255 */
	put_bits(&w, 106, 7);
	put_code(&w, 1, 2); /* end of block: length 1 (with literal 0: 3/4 of the space) */
	put_code(&w, 1, 2); /* distance 0: length 1 */
	put_bits(&w, 0, 16);
	assert_raw_refused(&w, "incomplete");
}

static void test_code_length_repeat_errors_are_refused(void **state)
{
	static const uint8_t lens[] = { 1, 0, 0, 1 }; /* 0 -> "0", 16 -> "1" */
	struct bitw w = { 0 };

	(void)state;
	put_dynamic_header(&w, 257, 1, lens, 4);
	put_code(&w, 1, 1); /* repeat the previous length: there is none */
	put_bits(&w, 0, 2);
	put_bits(&w, 0, 16);
	assert_raw_refused(&w, "no previous length");

	/* 258 lengths to read: 255 zeros then a zero repeat of 11 or more runs past them. */
	memset(&w, 0, sizeof(w));
	put_dynamic_header(&w, 257, 1, four_codelens, 18);
	put_code(&w, 3, 2);
	put_bits(&w, 127, 7); /* 138 */
	put_code(&w, 3, 2);
	put_bits(&w, 106, 7); /* 255 */
	put_code(&w, 3, 2);
	put_bits(&w, 0, 7); /* 11 more: 266 > 258 */
	put_bits(&w, 0, 16);
	assert_raw_refused(&w, "past the last code");
}

static void test_missing_end_of_block_code_is_refused(void **state)
{
	struct bitw w = { 0 };

	(void)state;
	/* Literals 0 and 1 with 1-bit codes; 255 zeros; symbol 256 gets none. */
	put_dynamic_header(&w, 257, 1, four_codelens, 18);
	put_code(&w, 1, 2);
	put_code(&w, 1, 2);
	put_code(&w, 3, 2);
	put_bits(&w, 127, 7); /* 2-139 */
	put_code(&w, 3, 2);
	put_bits(&w, 106, 7); /* 140-256 */
	put_code(&w, 1, 2);   /* distance 0 */
	put_bits(&w, 0, 16);
	assert_raw_refused(&w, "no end-of-block");
}

static void test_too_many_literal_or_distance_codes_are_refused(void **state)
{
	struct bitw w = { 0 };

	(void)state;
	put_dynamic_header(&w, 287, 1, four_codelens, 18);
	put_bits(&w, 0, 32);
	assert_raw_refused(&w, "too many literal/length codes");

	memset(&w, 0, sizeof(w));
	put_dynamic_header(&w, 257, 31, four_codelens, 18);
	put_bits(&w, 0, 32);
	assert_raw_refused(&w, "too many distance codes");
}

static void test_garbage_is_refused(void **state)
{
	uint8_t out[4096];
	uint32_t seed = 0xc0ffee;

	(void)state;
	for (int i = 0; i < 3000; i++) {
		size_t n = rnd(&seed) % 600, out_len;
		uint8_t *p = make_random(n, rnd(&seed));
		const char *why = NULL;
		int rc;

		/* As gzip with a valid fixed header: the CRC-32 catches any data that inflates. */
		if (n >= 4) {
			p[0] = INFLATE_GZIP_ID1;
			p[1] = INFLATE_GZIP_ID2;
			p[2] = INFLATE_GZIP_DEFLATE;
			p[3] &= 0x1f;
		}
		rc = inflate_gzip(p, n, out, sizeof(out), &out_len, &work, &why);
		assert_true(rc == -EINVAL || rc == -ENOSPC);
		assert_non_null(why);
		/* As raw deflate, random bits may well inflate: only no crash, no overrun. */
		rc = inflate_raw(p, n, out, sizeof(out), &out_len, NULL, &work, &why);
		assert_true(rc == 0 || rc == -EINVAL || rc == -ENOSPC);
		assert_true(out_len <= sizeof(out));
		free(p);
	}
}

/* zlib's verdict on a whole gzip file: whether it inflates to exactly n bytes (into out)
 * with nothing left over. */
static bool zlib_accepts(const uint8_t *z, size_t zn, uint8_t *out, size_t n)
{
	z_stream d = { 0 };
	int zr;

	assert_int_equal(inflateInit2(&d, 31), Z_OK);
	d.next_in = (Bytef *)z;
	d.avail_in = (uInt)zn;
	d.next_out = out;
	d.avail_out = (uInt)n;
	zr = inflate(&d, Z_FINISH);
	inflateEnd(&d);
	return zr == Z_STREAM_END && d.avail_in == 0;
}

static void test_every_single_bit_flip_is_judged_as_zlib_judges_it(void **state)
{
	static const int strategies[] = { Z_DEFAULT_STRATEGY, Z_FIXED, Z_DEFAULT_STRATEGY };
	static const int levels[] = { 1, 6, 9 };
	const size_t n = 3000;
	uint8_t *src = make_structured(n, 29);
	uint8_t *ours = malloc(n), *theirs = malloc(n);

	(void)state;
	/* Some flips are harmless: FTEXT, MTIME, XFL, OS, padding bits, or a distance's extra
	 * bits changed to point at the same bytes. Whatever zlib accepts we must accept with
	 * the same output, and whatever it refuses we must refuse. */
	for (size_t k = 0; k < 3; k++) {
		struct zopts o = ZOPTS(levels[k], strategies[k], 31);
		size_t zn;
		uint8_t *z;

		o.name = k == 2;
		o.hcrc = k == 2;
		z = zcompress(src, n, &o, &zn);
		for (size_t at = 0; at < zn; at++) {
			for (unsigned int bit = 0; bit < 8; bit++) {
				size_t out_len;
				const char *why = NULL;
				bool accept;
				int rc;

				z[at] ^= (uint8_t)(1U << bit);
				rc = inflate_gzip(z, zn, ours, n, &out_len, &work, &why);
				accept = zlib_accepts(z, zn, theirs, n);
				z[at] ^= (uint8_t)(1U << bit);
				if ((rc == 0) != accept)
					fail_msg("flip of byte %zu bit %u: ours %d (%s), zlib %s",
						 at, bit, rc, rc ? why : "",
						 accept ? "accepts" : "refuses");
				if (rc == 0)
					assert_true(memcmp(ours, theirs, n) == 0);
				else
					assert_non_null(why);
			}
		}
		free(z);
	}
	free(ours);
	free(theirs);
	free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_data_inflates_to_nothing_at_every_level),
		cmocka_unit_test(test_one_byte_round_trips_at_every_level),
		cmocka_unit_test(test_random_data_round_trips_at_every_level),
		cmocka_unit_test(test_structured_data_round_trips_at_every_level),
		cmocka_unit_test(test_every_strategy_round_trips),
		cmocka_unit_test(test_several_mib_round_trip),
		cmocka_unit_test(test_optional_gzip_header_fields_are_skipped),
		cmocka_unit_test(test_raw_stream_reports_the_input_it_used),
		cmocka_unit_test(test_block_whose_only_code_is_end_of_block_inflates_to_nothing),
		cmocka_unit_test(test_crc32_matches_zlib),
		cmocka_unit_test(test_truncated_gzip_is_refused_at_every_length),
		cmocka_unit_test(test_truncated_raw_stream_is_refused_at_every_length),
		cmocka_unit_test(test_corrupted_crc_is_detected),
		cmocka_unit_test(test_corrupted_isize_is_detected),
		cmocka_unit_test(test_corrupted_header_crc_is_detected),
		cmocka_unit_test(test_gzip_header_errors_are_refused),
		cmocka_unit_test(test_data_after_the_gzip_member_is_refused),
		cmocka_unit_test(test_too_small_output_buffer_is_reported),
		cmocka_unit_test(test_block_type_3_is_refused),
		cmocka_unit_test(test_distance_too_far_back_is_refused),
		cmocka_unit_test(test_symbols_outside_the_alphabets_are_refused),
		cmocka_unit_test(test_stored_block_with_bad_length_complement_is_refused),
		cmocka_unit_test(test_over_subscribed_code_is_refused),
		cmocka_unit_test(test_incomplete_code_length_code_is_refused),
		cmocka_unit_test(test_incomplete_literal_code_is_refused),
		cmocka_unit_test(test_code_length_repeat_errors_are_refused),
		cmocka_unit_test(test_missing_end_of_block_code_is_refused),
		cmocka_unit_test(test_too_many_literal_or_distance_codes_are_refused),
		cmocka_unit_test(test_garbage_is_refused),
		cmocka_unit_test(test_every_single_bit_flip_is_judged_as_zlib_judges_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
