/* SPDX-License-Identifier: Apache-2.0 */
#ifndef ASM_GUEST_VA_H
#define ASM_GUEST_VA_H

#include <tessera/types.h>

/* Translates a virtual address of the vCPU loaded on this pCPU: 0, or -EFAULT when its
 * stage 1 does not map it (for a write: writably). */
int guest_va_to_ipa(uint64_t va, bool write, paddr_t *ipa);

#endif
