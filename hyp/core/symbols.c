// SPDX-License-Identifier: Apache-2.0
/* Symbol lookup for backtraces: binary search over the sorted address table. */
#include <tessera/symbols.h>

extern const uint64_t hyp_symbols_count;
extern const uint64_t hyp_symbols_addr[];
extern const uint64_t hyp_symbols_name[];
extern const char hyp_symbols_strings[];
extern const char _text_start[], _text_end[];

const char *symbol_lookup(vaddr_t addr, vaddr_t *offset)
{
	uint64_t lo = 0, hi = hyp_symbols_count;

	if (hi == 0 || addr < (vaddr_t)_text_start || addr >= (vaddr_t)_text_end ||
	    addr < hyp_symbols_addr[0])
		return NULL;
	/* Invariant: addr_table[lo] <= addr; find the last such entry. */
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (hyp_symbols_addr[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - hyp_symbols_addr[lo];
	return &hyp_symbols_strings[hyp_symbols_name[lo]];
}
