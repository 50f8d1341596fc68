/* SPDX-License-Identifier: Apache-2.0 */
#ifndef ASM_PROBE_H
#define ASM_PROBE_H

#include <tessera/types.h>

/* Reads a 32-bit device register that may not exist: 0, or -1 if the access aborted. */
int probe_read32(const volatile void *addr, uint32_t *value);

#endif
