// SPDX-License-Identifier: Apache-2.0
/*
 * Freestanding string and memory functions. memcpy and memset move 8 bytes at a time when
 * aligned, and large zero fills use the CPU's block-zeroing instruction (boot clears
 * megabytes of allocator metadata); the rest are byte loops: short, obviously correct, and
 * fast enough for strings.
 */
#include <asm/string.h>
#include <stdint.h>
#include <string.h>

/* Below this, DC ZVA's setup costs more than it saves. */
#define ZERO_BLOCKS_MIN 256

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	size_t i = 0;

	if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
		for (; i + 8 <= n; i += 8)
			// cppcheck-suppress misra-c2012-11.3 ; d and s are 8-byte aligned here
			*(uint64_t *)(d + i) = *(const uint64_t *)(s + i);
	}
	for (; i < n; i++)
		d[i] = s[i];
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s) {
		for (size_t i = 0; i < n; i++)
			d[i] = s[i];
	} else {
		for (size_t i = n; i > 0; i--)
			d[i - 1] = s[i - 1];
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint64_t word = 0x0101010101010101ULL * (unsigned char)c;
	size_t i = 0;

	for (; i < n && ((uintptr_t)(d + i) & 63) != 0; i++)
		d[i] = (unsigned char)c;
	if (c == 0 && n - i >= ZERO_BLOCKS_MIN)
		i += arch_zero_blocks(d + i, n - i);
	for (; i + 8 <= n; i += 8)
		// cppcheck-suppress misra-c2012-11.3 ; d + i is 64-byte aligned here
		*(uint64_t *)(d + i) = word;
	for (; i < n; i++)
		d[i] = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	}
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (size_t i = 0; i < n; i++) {
		if (p[i] == (unsigned char)c)
			return (void *)(p + i);
	}
	return NULL;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (a[i] != b[i] || a[i] == '\0')
			return (unsigned char)a[i] - (unsigned char)b[i];
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (*s == '\0')
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (*s == '\0')
			return (char *)last;
	}
}
