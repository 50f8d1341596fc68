// SPDX-License-Identifier: Apache-2.0
/*
 * The host device tree (DEVICE_TREE): what the checks need from it (RAM, CPUs, the GIC, the
 * CPU model for QEMU) and the /chosen nodes of Xen's dom0less binding written into it
 * (Xen docs/misc/arm/device-tree/booting.txt; docs/domains.md for how Tessera reads them).
 */
#ifndef IB_HOST_DTB_H
#define IB_HOST_DTB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "system.h"

#define IB_MAX_RAM_BANKS 8
#define IB_CPU_MODEL_MAX 32

struct ib_diag;
struct ib_plan;

struct ib_host {
	void *fdt; /* the tree, in a buffer with room for the new nodes */
	size_t cap;
	unsigned int cpus;		  /* /cpus nodes with device_type = "cpu" */
	int gic_version;		  /* 2 or 3; 0 when no GIC node is recognised */
	char cpu_model[IB_CPU_MODEL_MAX]; /* for QEMU -cpu: "cortex-a57", else "max" */
	bool qemu_virt; /* the root is compatible "linux,dummy-virt": QEMU virt's own tree */
	struct ib_region ram[IB_MAX_RAM_BANKS];
	unsigned int ram_count;
	uint64_t ram_total;
};

/* Reads the blob at path (named by key in messages). Returns 0 or -1 (reported). */
int ib_host_read(struct ib_host *h, const char *path, const struct ib_entry *key,
		 struct ib_diag *d);

/* The RAM bank holding [start, start + size), or NULL. */
const struct ib_region *ib_host_ram_bank(const struct ib_host *h, uint64_t start, uint64_t size);

/* Writes /chosen: the options, #address-cells and #size-cells 2, one xen,domain node per
 * domain with its modules at the plan's addresses; then packs the tree. 0 or -1 (reported). */
int ib_host_write_chosen(struct ib_host *h, const struct ib_system *s, const struct ib_plan *p,
			 struct ib_diag *d);

/* The tree's size as written. */
size_t ib_host_size(const struct ib_host *h);

void ib_host_free(struct ib_host *h);

#endif
