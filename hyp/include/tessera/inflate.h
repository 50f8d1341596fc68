/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A DEFLATE decoder (RFC 1951: stored, fixed and dynamic Huffman blocks) and its gzip wrapper
 * (RFC 1952), written for Tessera from the RFCs. It decompresses a whole buffer into a whole
 * buffer (a guest kernel: tens of MiB), so there is no streaming state and no window: the
 * output buffer is the window.
 *
 * The input is untrusted (a boot module). Every malformed stream gives -EINVAL with a short
 * reason in *why; nothing is read or written outside the two buffers; every loop is bounded
 * by the input consumed or the output produced. Portable and unit-tested on the host.
 *
 * All tables live in the caller's struct inflate_work (about 10 KiB: allocate it, do not put
 * it on a hypervisor stack); the functions themselves use well under 1 KiB of stack. There is
 * no global state: calls with different work structs may run at the same time.
 */
#ifndef TESSERA_INFLATE_H
#define TESSERA_INFLATE_H

#include <tessera/types.h>

/* Codes of up to this many bits are decoded by one table lookup; longer ones (rare: a
 * Huffman code gives so many bits only to symbols seen about once in 2^10 or less) by a
 * short search over the code lengths. */
#define INFLATE_FAST_BITS 10

#define INFLATE_MAX_BITS   15  /* RFC 1951 3.2.2: no code is longer than 15 bits */
#define INFLATE_NR_LITLEN  288 /* literal/length alphabet: 0-255, 256 end of block, 257-287 */
#define INFLATE_NR_DIST	   32  /* distance alphabet: 0-29 used, 30 and 31 never valid */
#define INFLATE_NR_CODELEN 19  /* the code-length alphabet of dynamic blocks */

/* RFC 1952 2.3: a gzip member is a 10-byte header (ID1 ID2 CM FLG MTIME[4] XFL OS), optional
 * fields chosen by FLG, the deflate data, and an 8-byte trailer (CRC32, ISIZE). */
#define INFLATE_GZIP_ID1       0x1f
#define INFLATE_GZIP_ID2       0x8b
#define INFLATE_GZIP_DEFLATE   8 /* CM: deflate, the only method defined */
#define INFLATE_GZIP_HEADER    10
#define INFLATE_GZIP_TRAILER   8
#define INFLATE_GZIP_MIN       (INFLATE_GZIP_HEADER + INFLATE_GZIP_TRAILER)
#define INFLATE_GZIP_FTEXT     0x01 /* FLG bits */
#define INFLATE_GZIP_FHCRC     0x02
#define INFLATE_GZIP_FEXTRA    0x04
#define INFLATE_GZIP_FNAME     0x08
#define INFLATE_GZIP_FCOMMENT  0x10
#define INFLATE_GZIP_FRESERVED 0xe0 /* must be zero */

/* One canonical Huffman code, ready for decoding. Internal to inflate.c. */
struct inflate_huff {
	/* Indexed by the next INFLATE_FAST_BITS input bits: (symbol << 4) | code length, or 0
	 * when those bits start a longer code (or no code at all). */
	uint16_t fast[1U << INFLATE_FAST_BITS];
	uint16_t count[INFLATE_MAX_BITS + 1]; /* number of codes of each length */
	uint16_t first[INFLATE_MAX_BITS + 1]; /* first canonical code of each length */
	uint16_t index[INFLATE_MAX_BITS + 1]; /* where that length's symbols start in symbol[] */
	uint16_t symbol[INFLATE_NR_LITLEN];   /* symbols sorted by (code length, value) */
};

/* The caller-provided workspace: its contents need no initialisation and mean nothing
 * between calls. */
struct inflate_work {
	struct inflate_huff litlen;
	struct inflate_huff dist; /* also holds the code-length code while a block header is read */
	uint8_t lens[INFLATE_NR_LITLEN + INFLATE_NR_DIST];
	bool fixed_ready;	    /* litlen and dist hold the fixed codes of RFC 1951 3.2.6 */
	uint32_t crc_table[4][256]; /* see inflate_crc32_init() */
};

/*
 * Inflates the raw DEFLATE stream at in[0..in_size) into out[0..out_size). On success
 * returns 0 with *out_len the bytes written and, if in_used is not NULL, *in_used the bytes
 * of input the stream took (up to the end of the byte holding its last bit); input after
 * that is left alone. Errors: -EINVAL for a malformed or truncated stream, -ENOSPC when the
 * output does not fit in out_size bytes; *why (if why is not NULL) says what went wrong, and
 * *out_len is the bytes written until then.
 */
int inflate_raw(const void *in, size_t in_size, void *out, size_t out_size, size_t *out_len,
		size_t *in_used, struct inflate_work *work, const char **why);

/*
 * Decompresses a gzip file (RFC 1952) holding exactly one member: checks the header
 * (method, reserved flags, FEXTRA, FNAME, FCOMMENT, and the header CRC when FHCRC is set),
 * inflates the data, and checks the trailer's CRC-32 and ISIZE against the output. Data
 * after the member is an error: a boot module's size is exact, and kernel_image_probe()
 * reads ISIZE from its last four bytes. Returns as inflate_raw().
 */
int inflate_gzip(const void *in, size_t in_size, void *out, size_t out_size, size_t *out_len,
		 struct inflate_work *work, const char **why);

/* CRC-32 as gzip computes it (RFC 1952 8: the ISO 3309 / ITU-T V.42 polynomial, reflected).
 * Start with crc = 0; pass the previous result to continue over more data. */
void inflate_crc32_init(struct inflate_work *work);
uint32_t inflate_crc32(const struct inflate_work *work, uint32_t crc, const void *data, size_t len);

#endif
