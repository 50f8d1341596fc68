/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared by the libFuzzer targets (tests/fuzz/fuzz_*.c): reading structured values from the
 * fuzzer's bytes, and the check that turns a broken invariant into a crash libFuzzer keeps.
 * Header-only, so that each fuzz_*.c file is a whole target on its own.
 */
#ifndef TESSERA_TESTS_FUZZ_H
#define TESSERA_TESTS_FUZZ_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A broken invariant is a crash: abort() makes libFuzzer save the input as crash-<sha1>. */
#define FUZZ_ASSERT(cond)                                                                    \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, \
				#cond);                                                      \
			abort();                                                             \
		}                                                                            \
	} while (0)

/* The fuzzer's bytes, consumed from the front; past the end every read gives zeros. */
struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t fuzz_u8(struct fuzz_in *in)
{
	if (in->n == 0)
		return 0;
	in->n--;
	return *in->p++;
}

static inline uint16_t fuzz_u16(struct fuzz_in *in)
{
	uint16_t lo = fuzz_u8(in);

	return (uint16_t)(lo | (uint16_t)fuzz_u8(in) << 8);
}

static inline uint32_t fuzz_u32(struct fuzz_in *in)
{
	uint32_t lo = fuzz_u16(in);

	return lo | (uint32_t)fuzz_u16(in) << 16;
}

static inline uint64_t fuzz_u64(struct fuzz_in *in)
{
	uint64_t lo = fuzz_u32(in);

	return lo | (uint64_t)fuzz_u32(in) << 32;
}

static inline bool fuzz_bool(struct fuzz_in *in)
{
	return fuzz_u8(in) & 1;
}

/* Up to want bytes (fewer at the end of the input): returns where they are, sets *got. */
static inline const uint8_t *fuzz_bytes(struct fuzz_in *in, size_t want, size_t *got)
{
	const uint8_t *p = in->p;

	*got = want < in->n ? want : in->n;
	in->p += *got;
	in->n -= *got;
	return p;
}

/* One of n table entries: the fuzzer learns the table by its index. */
#define FUZZ_PICK(in, table) ((table)[fuzz_u8(in) % (sizeof(table) / sizeof((table)[0]))])

/*
 * A copy of data[0..size) in a buffer of exactly size bytes (plus extra NUL bytes when
 * nul > 0), so that AddressSanitizer catches a read one byte past what the code was given.
 * The caller frees it.
 */
static inline uint8_t *fuzz_dup(const uint8_t *data, size_t size, size_t nul)
{
	uint8_t *copy = malloc(size + nul + (size + nul == 0));

	FUZZ_ASSERT(copy != NULL);
	if (size != 0)
		memcpy(copy, data, size);
	memset(copy + size, 0, nul);
	return copy;
}

/* A NUL-terminated string at most max bytes long (NUL excluded): strnlen under ASan checks
 * every byte up to the NUL is readable. */
#define FUZZ_ASSERT_STRING(s, max) FUZZ_ASSERT((s) != NULL && strnlen((s), (max) + 1) <= (max))

#endif
