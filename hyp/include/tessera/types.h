/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Basic types shared by every part of the hypervisor. This header is portable: it is also
 * compiled on the host for unit tests, so it uses only the freestanding C headers.
 */
#ifndef TESSERA_TYPES_H
#define TESSERA_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A physical address, a hypervisor virtual address, and the size of a region of either. */
typedef uint64_t paddr_t;
typedef uint64_t vaddr_t;
typedef uint64_t psize_t;

/* The value of a 64-bit system or general-purpose register (not "register_t": glibc has
 * one, and this header is also compiled on the host). */
typedef uint64_t reg_t;

#endif
