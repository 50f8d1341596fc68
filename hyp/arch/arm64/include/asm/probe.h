/* SPDX-License-Identifier: Apache-2.0 */
#ifndef ASM_PROBE_H
#define ASM_PROBE_H

#include <tessera/types.h>

/* Reads a 32-bit device register that may not exist: 0, or -1 if the access aborted. */
int probe_read32(const volatile void *addr, uint32_t *value);

/* AT S1E1R (write = 0) or S1E1W of va: 0 with the result in PAR_EL1, or -1 if the stage-1
 * walk took a synchronous external abort. */
int probe_at_s1e1(uint64_t va, uint64_t write);

#endif
