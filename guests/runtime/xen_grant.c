// SPDX-License-Identifier: Apache-2.0
/*
 * Grant tables for test guests, version 1 (Xen public grant_table.h; rt/hypercall.h): this
 * domain's first table frame placed over a page of .bss, entries filled as a granter must
 * (domid and frame before the flags that make the entry live), and map/unmap of another
 * domain's grant at a guest physical address (auto-translated guests name no PTE).
 */
#include "runtime.h"

/* The page grant frame 0 is placed over: the RAM behind it is given back. */
static uint8_t table_page[4096] __aligned(4096);
static struct grant_entry_v1 *table;

struct grant_entry_v1 *xen_grant_table(int64_t *err)
{
	if (table != NULL)
		return table;
	if (xen_place_page(XENMAPSPACE_grant_table, 0, table_page, err) < 0)
		return NULL;
	table = (struct grant_entry_v1 *)table_page;
	return table;
}

void xen_grant_access(grant_ref_t ref, domid_t dom, uint64_t gfn, bool readonly)
{
	struct grant_entry_v1 *e;

	if (table == NULL || ref >= 4096 / sizeof(*e))
		return;
	e = &table[ref];
	e->domid = dom;
	e->frame = (uint32_t)gfn;
	__atomic_store_n(&e->flags, (uint16_t)(GTF_permit_access | (readonly ? GTF_readonly : 0)),
			 __ATOMIC_RELEASE);
}

int64_t xen_grant_map(domid_t dom, grant_ref_t ref, uint64_t addr, bool readonly,
		      grant_handle_t *handle)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = addr,
		.flags = GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0),
		.ref = ref,
		.dom = dom,
	};
	int64_t ret = xen_grant_table_op(GNTTABOP_map_grant_ref, (uintptr_t)&op, 1);

	if (ret < 0)
		return ret;
	if (op.status == GNTST_okay && handle != NULL)
		*handle = op.handle;
	return op.status;
}

int64_t xen_grant_unmap(uint64_t addr, grant_handle_t handle)
{
	struct gnttab_unmap_grant_ref op = { .host_addr = addr, .handle = handle };
	int64_t ret = xen_grant_table_op(GNTTABOP_unmap_grant_ref, (uintptr_t)&op, 1);

	return ret < 0 ? ret : op.status;
}
