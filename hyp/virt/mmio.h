/* SPDX-License-Identifier: Apache-2.0 */
/* Emulated MMIO: a guest access to a registered region goes to its handler. */
#ifndef VIRT_MMIO_H
#define VIRT_MMIO_H

#include <tessera/domain.h>

/* 0 when handled; -ENODEV when no region of v's domain covers [ipa, ipa + size). */
int mmio_dispatch(struct vcpu *v, paddr_t ipa, unsigned int size, bool write, uint64_t *value);

#endif
