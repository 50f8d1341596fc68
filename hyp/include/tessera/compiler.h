/* SPDX-License-Identifier: Apache-2.0 */
/* Compiler attributes and small helpers used everywhere. Portable (host unit tests too). */
#ifndef TESSERA_COMPILER_H
#define TESSERA_COMPILER_H

#define __noreturn     __attribute__((noreturn))
#define __packed       __attribute__((packed))
#define __aligned(n)   __attribute__((aligned(n)))
#define __section(s)   __attribute__((section(s)))
#define __printf(f, a) __attribute__((format(printf, f, a)))
#define __unused       __attribute__((unused))
#define __used	       __attribute__((used))
#define __weak	       __attribute__((weak))

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The structure of type t whose member m is at p. */
#define container_of(p, t, m) ((t *)(void *)((char *)(p) - __builtin_offsetof(t, m)))

/* Power-of-two alignment; a must be a power of two. */
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define ALIGN_UP(x, a)	 ALIGN_DOWN((x) + ((__typeof__(x))(a)-1), (a))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define BIT(n)	   (1UL << (n))
#define BIT_ULL(n) (1ULL << (n))
/* Bits h..l inclusive, h >= l, as a 64-bit mask. */
#define GENMASK_ULL(h, l) ((~0ULL << (l)) & (~0ULL >> (63 - (h))))

#define KiB(x) ((uint64_t)(x) << 10)
#define MiB(x) ((uint64_t)(x) << 20)
#define GiB(x) ((uint64_t)(x) << 30)

#define READ_ONCE(x)	 (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#define barrier() __asm__ volatile("" ::: "memory")

#define STATIC_ASSERT(c, msg) _Static_assert(c, msg)

#endif
