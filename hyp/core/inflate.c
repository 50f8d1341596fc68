// SPDX-License-Identifier: Apache-2.0
/*
 * DEFLATE (RFC 1951) and gzip (RFC 1952) decoding, whole buffer to whole buffer, written
 * from the RFCs.
 *
 * Bits are read least significant first from a 64-bit buffer refilled up to 8 bytes at a time
 * (RFC 1951 3.1.1 packs data elements from the least significant bit of each byte). Huffman
 * codes are decoded with one lookup of the next INFLATE_FAST_BITS bits; the few longer codes
 * are found by walking the canonical code's lengths (RFC 1951 3.2.2). The output buffer is
 * also the window that back-references copy from.
 *
 * Untrusted input: every read is checked against the input's end (running out of bits is
 * "truncated"), every write against the output's size, every distance against the bytes
 * written so far; each loop is bounded by the input bits it consumes, the output it produces
 * or a small constant.
 */
#include <string.h>
#include <tessera/compiler.h>
#include <tessera/errno.h>
#include <tessera/inflate.h>

#define FAST_MASK   ((1U << INFLATE_FAST_BITS) - 1)
#define ENTRY_SHIFT 4 /* huffman entries: (symbol << ENTRY_SHIFT) | code length */
#define ENTRY_LEN   0xfU

#define SYM_END_OF_BLOCK   256
#define SYM_FIRST_LENGTH   257
#define NR_LENGTH_SYMS	   29 /* 257-285; 286 and 287 take part in the fixed code only */
#define NR_DIST_SYMS	   30 /* 0-29; 30 and 31 likewise */
#define MAX_LITLEN_CODES   286
#define CODELEN_REPEAT	   16 /* copy the previous length 3-6 times */
#define CODELEN_ZEROS	   17 /* 3-10 zero lengths */
#define CODELEN_ZEROS_LONG 18 /* 11-138 zero lengths */

#define CRC32_POLY_REFLECTED 0xedb88320U /* RFC 1952 8: x^32+x^26+...+1, bit-reversed */

/* RFC 1951 3.2.5: lengths and distances, by symbol: base value and number of extra bits. */
static const uint16_t length_base[NR_LENGTH_SYMS] = {
	3,  4,	5,  6,	7,  8,	9,  10, 11,  13,  15,  17,  19,	 23,  27,
	31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
};
static const uint8_t length_extra[NR_LENGTH_SYMS] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
};
static const uint16_t dist_base[NR_DIST_SYMS] = {
	1,   2,	  3,   4,   5,	 7,    9,    13,   17,	 25,   33,   49,   65,	  97,	 129,
	193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
};
static const uint8_t dist_extra[NR_DIST_SYMS] = {
	0, 0, 0, 0, 1, 1, 2, 2,	 3,  3,	 4,  4,	 5,  5,	 6,
	6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
};
/* RFC 1951 3.2.7: the order in which a dynamic block sends the code-length code's lengths. */
static const uint8_t codelen_order[INFLATE_NR_CODELEN] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
};

static const char WHY_TRUNCATED[] = "truncated deflate stream";
static const char WHY_NO_ROOM[] = "output buffer too small";

struct bits {
	const uint8_t *in; /* next byte not yet in buf */
	const uint8_t *end;
	uint64_t buf;	  /* next bits, first in bit 0; bits above cnt are 0 or the bits after */
	unsigned int cnt; /* valid bits in buf, at most 63 */
};

struct inflater {
	struct bits b;
	uint8_t *out;
	size_t out_size;
	size_t pos; /* bytes written */
	struct inflate_work *w;
	const char *why;
};

static int fail(const char **why, const char *reason, int err)
{
	*why = reason;
	return err;
}

static inline uint64_t load_le64(const uint8_t *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
	       (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	       (uint64_t)p[7] << 56;
}

static uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Tops buf up to at least 56 bits, or with whatever input is left. */
static inline void bits_refill(struct bits *b)
{
	if (b->end - b->in >= 8) {
		/* Load 8 bytes and count the whole ones that fit; the bits of the byte that
		 * does not fit stay above cnt and are loaded again, the same, next time. */
		b->buf |= load_le64(b->in) << b->cnt;
		b->in += (63 - b->cnt) >> 3;
		b->cnt |= 56;
		return;
	}
	while (b->cnt <= 56 && b->in < b->end) {
		b->buf |= (uint64_t)*b->in++ << b->cnt;
		b->cnt += 8;
	}
}

/* Whether n (at most 56) more bits are available. */
static inline bool bits_have(struct bits *b, unsigned int n)
{
	if (b->cnt < n)
		bits_refill(b);
	return b->cnt >= n;
}

/* Takes n (at most 32) bits that bits_have() said are there. */
static inline uint32_t bits_take(struct bits *b, unsigned int n)
{
	uint32_t v = (uint32_t)(b->buf & ((1ULL << n) - 1));

	b->buf >>= n;
	b->cnt -= n;
	return v;
}

/* Skips to the next byte boundary and hands the whole bytes still in buf back to the input,
 * so that in points at the first byte not consumed (RFC 1951 3.2.4: stored blocks start on
 * a byte boundary; so does the gzip trailer). */
static void bits_align(struct bits *b)
{
	b->in -= b->cnt >> 3;
	b->buf = 0;
	b->cnt = 0;
}

static unsigned int reverse_bits(unsigned int code, unsigned int len)
{
	unsigned int r = 0, i;

	for (i = 0; i < len; i++) {
		r = (r << 1) | (code & 1);
		code >>= 1;
	}
	return r;
}

/*
 * Builds the decoder of the canonical Huffman code with lengths lens[0..n) (0: the symbol
 * has no code). An over-subscribed code is always refused. An incomplete one is refused
 * too, except when partial_ok (the literal/length and distance codes) for the two cases
 * RFC 1951 3.2.7 allows: no code at all (a block of literals only has no distance codes)
 * and a single code of one bit. Bit patterns that are no code decode as an error.
 */
static int huff_build(struct inflate_huff *h, const uint8_t *lens, unsigned int n, bool partial_ok,
		      const char **why)
{
	uint16_t next[INFLATE_MAX_BITS + 1];
	unsigned int sym, len, code, total = 0, i;
	int left = 1;

	memset(h->count, 0, sizeof(h->count));
	for (sym = 0; sym < n; sym++)
		h->count[lens[sym]]++;
	h->count[0] = 0;
	for (len = 1; len <= INFLATE_MAX_BITS; len++) {
		left = 2 * left - (int)h->count[len];
		if (left < 0)
			return fail(why, "invalid Huffman code: over-subscribed", -EINVAL);
		total += h->count[len];
	}
	if (left > 0 && !(partial_ok && (total == 0 || (total == 1 && h->count[1] == 1))))
		return fail(why, "invalid Huffman code: incomplete", -EINVAL);

	/* RFC 1951 3.2.2 step 2: the first code of each length. */
	code = 0;
	total = 0;
	for (len = 1; len <= INFLATE_MAX_BITS; len++) {
		code = (code + h->count[len - 1]) << 1;
		h->first[len] = (uint16_t)code;
		h->index[len] = (uint16_t)total;
		next[len] = (uint16_t)total;
		total += h->count[len];
	}
	for (sym = 0; sym < n; sym++) {
		if (lens[sym] != 0)
			h->symbol[next[lens[sym]]++] = (uint16_t)sym;
	}

	/* Each code of up to INFLATE_FAST_BITS bits fills every fast[] slot whose low bits are
	 * that code as it arrives in the input (reversed: codes are sent first bit first). */
	memset(h->fast, 0, sizeof(h->fast));
	for (len = 1; len <= INFLATE_FAST_BITS; len++) {
		for (i = 0; i < h->count[len]; i++) {
			unsigned int slot = reverse_bits(h->first[len] + i, len);
			uint16_t entry =
				(uint16_t)(h->symbol[h->index[len] + i] << ENTRY_SHIFT | len);

			for (; slot <= FAST_MASK; slot += 1U << len)
				h->fast[slot] = entry;
		}
	}
	return 0;
}

/* A code longer than INFLATE_FAST_BITS: walks the lengths above it, adding one input bit to
 * the code each time, until the code is one of that length. Returns the entry (as in fast[])
 * or 0 if the bits (those past the input's end read as 0) are no code. */
static unsigned int huff_decode_long(const struct inflate_huff *h, uint64_t bits)
{
	unsigned int code = reverse_bits((unsigned int)(bits & FAST_MASK), INFLATE_FAST_BITS);
	unsigned int len;

	bits >>= INFLATE_FAST_BITS;
	for (len = INFLATE_FAST_BITS + 1; len <= INFLATE_MAX_BITS; len++) {
		code = (code << 1) | (unsigned int)(bits & 1);
		bits >>= 1;
		if (code - h->first[len] < h->count[len])
			return (unsigned int)h->symbol[h->index[len] + code - h->first[len]]
				       << ENTRY_SHIFT |
			       len;
	}
	return 0;
}

/* Decodes one symbol of h; returns it, or -EINVAL with *why set. */
static inline int huff_decode(struct bits *b, const struct inflate_huff *h, const char **why)
{
	unsigned int entry, len;

	if (b->cnt < INFLATE_MAX_BITS)
		bits_refill(b);
	entry = h->fast[b->buf & FAST_MASK];
	if (unlikely(entry == 0)) {
		entry = huff_decode_long(h, b->buf);
		if (entry == 0)
			return fail(why,
				    b->cnt < INFLATE_MAX_BITS ? WHY_TRUNCATED
							      : "invalid Huffman code",
				    -EINVAL);
	}
	len = entry & ENTRY_LEN;
	if (unlikely(len > b->cnt))
		return fail(why, WHY_TRUNCATED, -EINVAL);
	b->buf >>= len;
	b->cnt -= len;
	return (int)(entry >> ENTRY_SHIFT);
}

/* Decodes the data of a Huffman block (RFC 1951 3.2.5) up to its end-of-block code. */
static int inflate_codes(struct inflater *s)
{
	const struct inflate_huff *litlen = &s->w->litlen;
	const struct inflate_huff *dist = &s->w->dist;
	/* Local copies: out aliases everything, so fields of *s would be reloaded after every
	 * byte written. */
	struct bits b = s->b;
	uint8_t *out = s->out;
	size_t pos = s->pos;
	size_t size = s->out_size;
	int rc = 0;

	/* Bounded: every pass consumes at least one input bit. */
	for (;;) {
		int sym = huff_decode(&b, litlen, &s->why);
		unsigned int len, n;
		size_t d;

		if (sym < 0) {
			rc = sym;
			break;
		}
		if (sym < SYM_END_OF_BLOCK) {
			if (unlikely(pos == size)) {
				rc = fail(&s->why, WHY_NO_ROOM, -ENOSPC);
				break;
			}
			out[pos++] = (uint8_t)sym;
			continue;
		}
		if (sym == SYM_END_OF_BLOCK)
			break;
		sym -= SYM_FIRST_LENGTH;
		if (unlikely(sym >= NR_LENGTH_SYMS)) {
			rc = fail(&s->why, "invalid literal/length symbol (286 or 287)", -EINVAL);
			break;
		}
		n = length_extra[sym];
		if (unlikely(!bits_have(&b, n))) {
			rc = fail(&s->why, WHY_TRUNCATED, -EINVAL);
			break;
		}
		len = length_base[sym] + bits_take(&b, n);

		sym = huff_decode(&b, dist, &s->why);
		if (sym < 0) {
			rc = sym;
			break;
		}
		if (unlikely(sym >= NR_DIST_SYMS)) {
			rc = fail(&s->why, "invalid distance symbol (30 or 31)", -EINVAL);
			break;
		}
		n = dist_extra[sym];
		if (unlikely(!bits_have(&b, n))) {
			rc = fail(&s->why, WHY_TRUNCATED, -EINVAL);
			break;
		}
		d = dist_base[sym] + bits_take(&b, n);
		if (unlikely(d > pos)) {
			rc = fail(&s->why, "distance too far back", -EINVAL);
			break;
		}
		if (unlikely(len > size - pos)) {
			rc = fail(&s->why, WHY_NO_ROOM, -ENOSPC);
			break;
		}
		/* Byte by byte, forwards: the source overlaps what this copy writes when d < len,
		 * and then repeats it (RFC 1951 3.2.3). */
		for (const uint8_t *from = out + pos - d; len > 0; len--)
			out[pos++] = *from++;
	}
	s->b = b;
	s->pos = pos;
	return rc;
}

/* A stored block (RFC 1951 3.2.4): LEN, its complement NLEN, then LEN bytes as they are. */
static int inflate_stored(struct inflater *s)
{
	struct bits *b = &s->b;
	unsigned int len, nlen;

	bits_align(b);
	if (b->end - b->in < 4)
		return fail(&s->why, WHY_TRUNCATED, -EINVAL);
	len = b->in[0] | (unsigned int)b->in[1] << 8;
	nlen = b->in[2] | (unsigned int)b->in[3] << 8;
	if ((len ^ nlen) != 0xffff)
		return fail(&s->why, "stored block length does not match its complement", -EINVAL);
	b->in += 4;
	if ((size_t)(b->end - b->in) < len)
		return fail(&s->why, WHY_TRUNCATED, -EINVAL);
	if (s->out_size - s->pos < len)
		return fail(&s->why, WHY_NO_ROOM, -ENOSPC);
	if (len == 0)
		return 0; /* out may be NULL when out_size is 0 */
	memcpy(s->out + s->pos, b->in, len);
	b->in += len;
	s->pos += len;
	return 0;
}

/* RFC 1951 3.2.6: the fixed codes, built once per call and kept until a dynamic block. */
static int build_fixed(struct inflater *s)
{
	struct inflate_work *w = s->w;
	unsigned int i;
	int rc;

	if (w->fixed_ready)
		return 0;
	for (i = 0; i < INFLATE_NR_LITLEN; i++)
		w->lens[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
	rc = huff_build(&w->litlen, w->lens, INFLATE_NR_LITLEN, false, &s->why);
	if (rc < 0)
		return rc;
	for (i = 0; i < INFLATE_NR_DIST; i++)
		w->lens[i] = 5;
	rc = huff_build(&w->dist, w->lens, INFLATE_NR_DIST, false, &s->why);
	if (rc < 0)
		return rc;
	w->fixed_ready = true;
	return 0;
}

/* Reads the code lengths of a dynamic block's two codes, themselves Huffman-coded with the
 * code-length code (RFC 1951 3.2.7), into w->lens: literal/length then distance. */
static int read_code_lengths(struct inflater *s, unsigned int nr_lens)
{
	struct inflate_work *w = s->w;
	struct bits *b = &s->b;
	unsigned int i = 0;

	/* Bounded: every pass stores at least one length. */
	while (i < nr_lens) {
		int sym = huff_decode(b, &w->dist, &s->why);
		unsigned int repeat, value, extra;

		if (sym < 0)
			return sym;
		if (sym < CODELEN_REPEAT) {
			w->lens[i++] = (uint8_t)sym;
			continue;
		}
		extra = sym == CODELEN_REPEAT ? 2 : sym == CODELEN_ZEROS ? 3 : 7;
		if (!bits_have(b, extra))
			return fail(&s->why, WHY_TRUNCATED, -EINVAL);
		if (sym == CODELEN_REPEAT) {
			if (i == 0)
				return fail(&s->why, "code length repeat with no previous length",
					    -EINVAL);
			value = w->lens[i - 1];
			repeat = 3 + bits_take(b, extra);
		} else {
			value = 0;
			repeat = (sym == CODELEN_ZEROS ? 3 : 11) + bits_take(b, extra);
		}
		if (repeat > nr_lens - i)
			return fail(&s->why, "code length repeat past the last code", -EINVAL);
		memset(&w->lens[i], (int)value, repeat);
		i += repeat;
	}
	return 0;
}

static int build_dynamic(struct inflater *s)
{
	struct inflate_work *w = s->w;
	struct bits *b = &s->b;
	unsigned int nr_litlen, nr_dist, nr_codelen, i;
	int rc;

	w->fixed_ready = false;
	if (!bits_have(b, 14))
		return fail(&s->why, WHY_TRUNCATED, -EINVAL);
	nr_litlen = 257 + bits_take(b, 5);
	nr_dist = 1 + bits_take(b, 5);
	nr_codelen = 4 + bits_take(b, 4);
	/* RFC 1951 3.2.7 allows HDIST up to 32, but distance codes 30 and 31 never occur in
	 * data; like zlib, refuse to define them. */
	if (nr_litlen > MAX_LITLEN_CODES)
		return fail(&s->why, "too many literal/length codes", -EINVAL);
	if (nr_dist > NR_DIST_SYMS)
		return fail(&s->why, "too many distance codes", -EINVAL);

	memset(w->lens, 0, INFLATE_NR_CODELEN);
	for (i = 0; i < nr_codelen; i++) {
		if (!bits_have(b, 3))
			return fail(&s->why, WHY_TRUNCATED, -EINVAL);
		w->lens[codelen_order[i]] = (uint8_t)bits_take(b, 3);
	}
	/* The code-length code borrows the distance decoder until the lengths are read. */
	rc = huff_build(&w->dist, w->lens, INFLATE_NR_CODELEN, false, &s->why);
	if (rc < 0)
		return rc;
	rc = read_code_lengths(s, nr_litlen + nr_dist);
	if (rc < 0)
		return rc;
	if (w->lens[SYM_END_OF_BLOCK] == 0)
		return fail(&s->why, "no end-of-block code", -EINVAL);
	rc = huff_build(&w->litlen, w->lens, nr_litlen, true, &s->why);
	if (rc < 0)
		return rc;
	return huff_build(&w->dist, w->lens + nr_litlen, nr_dist, true, &s->why);
}

int inflate_raw(const void *in, size_t in_size, void *out, size_t out_size, size_t *out_len,
		size_t *in_used, struct inflate_work *work, const char **why)
{
	struct inflater s = {
		.b = { .in = in, .end = in_size != 0 ? (const uint8_t *)in + in_size : in },
		.out = out,
		.out_size = out_size,
		.w = work,
	};
	unsigned int final = 0, type;
	int rc = 0;

	work->fixed_ready = false;
	/* Bounded: every block consumes at least 3 input bits. */
	while (!final) {
		if (!bits_have(&s.b, 3)) {
			rc = fail(&s.why, WHY_TRUNCATED, -EINVAL);
			break;
		}
		final = bits_take(&s.b, 1);
		type = bits_take(&s.b, 2);
		if (type == 0) {
			rc = inflate_stored(&s);
		} else if (type == 3) {
			rc = fail(&s.why, "invalid block type 3", -EINVAL);
		} else {
			rc = type == 1 ? build_fixed(&s) : build_dynamic(&s);
			if (rc == 0)
				rc = inflate_codes(&s);
		}
		if (rc < 0)
			break;
	}
	*out_len = s.pos;
	if (rc < 0) {
		if (why != NULL)
			*why = s.why;
		return rc;
	}
	bits_align(&s.b);
	if (in_used != NULL)
		*in_used = (size_t)(s.b.in - (const uint8_t *)in);
	return 0;
}

void inflate_crc32_init(struct inflate_work *work)
{
	uint32_t(*t)[256] = work->crc_table;
	uint32_t n, c, k;

	for (n = 0; n < 256; n++) {
		c = n;
		for (k = 0; k < 8; k++)
			c = (c & 1) ? CRC32_POLY_REFLECTED ^ (c >> 1) : c >> 1;
		t[0][n] = c;
	}
	/* t[k][n]: the CRC of byte n followed by k zero bytes, so that four bytes are folded
	 * in with four independent lookups ("slicing by 4"). */
	for (k = 1; k < 4; k++) {
		for (n = 0; n < 256; n++)
			t[k][n] = (t[k - 1][n] >> 8) ^ t[0][t[k - 1][n] & 0xff];
	}
}

uint32_t inflate_crc32(const struct inflate_work *work, uint32_t crc, const void *data, size_t len)
{
	const uint32_t(*t)[256] = work->crc_table;
	const uint8_t *p = data;
	size_t i = 0;

	crc = ~crc;
	for (; len - i >= 4; i += 4) {
		crc ^= load_le32(p + i);
		crc = t[3][crc & 0xff] ^ t[2][(crc >> 8) & 0xff] ^ t[1][(crc >> 16) & 0xff] ^
		      t[0][crc >> 24];
	}
	for (; i < len; i++)
		crc = t[0][(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* Skips a zero-terminated FNAME or FCOMMENT field; returns the offset after it, or 0. */
static size_t gzip_skip_string(const uint8_t *p, size_t pos, size_t size)
{
	const uint8_t *nul = memchr(p + pos, 0, size - pos);

	return nul != NULL ? (size_t)(nul - p) + 1 : 0;
}

/* RFC 1952 2.3: the member header; returns its length, or a negative error. */
static int gzip_header(const struct inflate_work *work, const uint8_t *p, size_t size,
		       size_t *hdr_len, const char **why)
{
	static const char truncated[] = "truncated gzip header";
	size_t pos = INFLATE_GZIP_HEADER;
	unsigned int flags;

	if (size < INFLATE_GZIP_MIN)
		return fail(why, "too small for a gzip file", -EINVAL);
	if (p[0] != INFLATE_GZIP_ID1 || p[1] != INFLATE_GZIP_ID2)
		return fail(why, "not gzip (no 1f 8b magic)", -EINVAL);
	if (p[2] != INFLATE_GZIP_DEFLATE)
		return fail(why, "gzip method is not deflate", -EINVAL);
	flags = p[3];
	if (flags & INFLATE_GZIP_FRESERVED)
		return fail(why, "gzip header has reserved flags set", -EINVAL);
	if (flags & INFLATE_GZIP_FEXTRA) {
		size_t xlen;

		if (size - pos < 2)
			return fail(why, truncated, -EINVAL);
		xlen = p[pos] | (size_t)p[pos + 1] << 8;
		pos += 2;
		if (size - pos < xlen)
			return fail(why, truncated, -EINVAL);
		pos += xlen;
	}
	if (flags & INFLATE_GZIP_FNAME) {
		pos = gzip_skip_string(p, pos, size);
		if (pos == 0)
			return fail(why, truncated, -EINVAL);
	}
	if (flags & INFLATE_GZIP_FCOMMENT) {
		pos = gzip_skip_string(p, pos, size);
		if (pos == 0)
			return fail(why, truncated, -EINVAL);
	}
	if (flags & INFLATE_GZIP_FHCRC) {
		/* The low 16 bits of the CRC-32 of the header up to here. */
		if (size - pos < 2)
			return fail(why, truncated, -EINVAL);
		if ((p[pos] | (uint32_t)p[pos + 1] << 8) !=
		    (inflate_crc32(work, 0, p, pos) & 0xffff))
			return fail(why, "gzip header CRC mismatch", -EINVAL);
		pos += 2;
	}
	if (size - pos < INFLATE_GZIP_TRAILER)
		return fail(why, "truncated gzip file (no room for the trailer)", -EINVAL);
	*hdr_len = pos;
	return 0;
}

int inflate_gzip(const void *in, size_t in_size, void *out, size_t out_size, size_t *out_len,
		 struct inflate_work *work, const char **why)
{
	const uint8_t *p = in;
	const char *reason = NULL;
	size_t hdr_len, data_len, used;
	int rc;

	*out_len = 0;
	inflate_crc32_init(work);
	rc = gzip_header(work, p, in_size, &hdr_len, &reason);
	if (rc == 0) {
		data_len = in_size - hdr_len - INFLATE_GZIP_TRAILER;
		rc = inflate_raw(p + hdr_len, data_len, out, out_size, out_len, &used, work,
				 &reason);
	}
	if (rc == 0 && used != data_len)
		rc = fail(&reason, "data after the end of the gzip member", -EINVAL);
	if (rc == 0 && load_le32(p + in_size - 4) != (uint32_t)*out_len)
		rc = fail(&reason, "gzip ISIZE does not match the inflated size", -EINVAL);
	if (rc == 0 && load_le32(p + in_size - 8) != inflate_crc32(work, 0, out, *out_len))
		rc = fail(&reason, "gzip CRC-32 does not match the inflated data", -EINVAL);
	if (rc < 0 && why != NULL)
		*why = reason;
	return rc;
}
