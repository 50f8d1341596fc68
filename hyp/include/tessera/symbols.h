/* SPDX-License-Identifier: Apache-2.0 */
/* Function names for addresses, from the table the second link embeds (scripts/gen-symbols.sh). */
#ifndef TESSERA_SYMBOLS_H
#define TESSERA_SYMBOLS_H

#include <tessera/types.h>

/* The name of the function containing addr and the offset into it; NULL if unknown. */
const char *symbol_lookup(vaddr_t addr, vaddr_t *offset);

#endif
