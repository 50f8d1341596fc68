// SPDX-License-Identifier: Apache-2.0
#include "tessera_mem.h"

uint64_t ib_tessera_fixed_bytes(uint64_t ram_bytes)
{
	uint64_t pages = ram_bytes / IB_TESSERA_PAGE_BYTES;
	uint64_t meta = pages * IB_TESSERA_META_BYTES_PER_PAGE;

	/* mm.c takes the metadata in whole pages. */
	meta = (meta + IB_TESSERA_PAGE_BYTES - 1) / IB_TESSERA_PAGE_BYTES * IB_TESSERA_PAGE_BYTES;
	return meta + IB_TESSERA_FIXED_BYTES;
}

uint64_t ib_tessera_domain_bytes(uint64_t mem_bytes, unsigned int vcpus)
{
	uint64_t tables = mem_bytes / IB_TESSERA_S2_TABLE_DIVISOR;

	return IB_TESSERA_DOMAIN_BYTES + (uint64_t)vcpus * IB_TESSERA_VCPU_BYTES + tables;
}
