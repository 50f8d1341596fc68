// SPDX-License-Identifier: Apache-2.0
/*
 * Where everything goes, and the checks that it can: each file exists and is what its key
 * claims, the hypervisor, the modules and the device tree fit between MEMORY_START and
 * MEMORY_END at 2 MiB-aligned addresses, the domains' memory fits what is left, their vCPUs
 * fit the pCPUs, and no static-memory region overlaps anything.
 *
 * The order, from MEMORY_START upward (as ImageBuilder, the first 2 MiB stay free and nothing
 * goes below 12 MiB): the boot script's slot, the hypervisor, each module in domain order (a file
 * named by several domains once), the device tree. Modules also stay clear of where QEMU's -kernel
 * and -dtb put the hypervisor and the device tree, so that qemu.sh loads them at the same
 * addresses.
 */
#ifndef IB_PLAN_H
#define IB_PLAN_H

#include <stdint.h>
#include <sys/types.h>

#include "layout.h"
#include "probe.h"
#include "system.h"

#define IB_MAX_MODULES	   (3 * IB_MAX_DOMAINS)
#define IB_DTB_PAD_BYTES   (64 * 1024) /* room U-Boot's booti may add to /chosen in place */
#define IB_SCRIPT_SLOT	   IB_ALIGN
#define IB_SCRIPT_MIN_ADDR 0xC00000 /* uboot-script-gen: the script never below 12 MiB */

struct ib_diag;
struct ib_host;

struct ib_load {
	const struct ib_entry *key; /* the first key naming the file */
	char *path;		    /* absolute */
	char *rel;		    /* relative to the root folder: what LOAD_CMD is given */
	uint64_t addr;
	uint64_t size;	    /* bytes loaded */
	uint64_t footprint; /* bytes it occupies: an Image's image_size, a tree's padding */
	struct ib_file_info info;
	dev_t dev;
	ino_t ino;
};

struct ib_plan {
	char *root; /* absolute: config paths are relative to it */
	char *out;  /* absolute: the output folder */
	uint64_t script_addr;
	struct ib_load hyp;
	struct ib_load host_dtb; /* DEVICE_TREE as given */
	struct ib_load dtb;	 /* the tree written, in the output folder */
	struct ib_load modules[IB_MAX_MODULES];
	unsigned int module_count;
	int kernel[IB_MAX_DOMAINS]; /* index in modules, -1 for none */
	int ramdisk[IB_MAX_DOMAINS];
	int passthrough[IB_MAX_DOMAINS];
	struct ib_allocator alloc;
	uint64_t qemu_hyp_addr; /* where QEMU's -kernel puts the hypervisor */
	uint64_t qemu_dtb_addr; /* and -dtb the device tree */
};

/* root and out as given (relative to the current folder, or absolute). 0 or -1. */
int ib_plan_init(struct ib_plan *p, const char *root, const char *out);

/* Finds and checks every file of s. 0 or -1 (each problem reported). */
int ib_plan_files(struct ib_plan *p, const struct ib_system *s, struct ib_diag *d);

/* Places the script slot, the hypervisor and the modules; checks memory and vCPUs. */
int ib_plan_place(struct ib_plan *p, const struct ib_system *s, const struct ib_host *h,
		  struct ib_diag *d);

/* Places the device tree as written (dtb_size bytes) after the modules; checks that it and
 * the domains' memory fit, and that static memory overlaps nothing. */
int ib_plan_place_dtb(struct ib_plan *p, const struct ib_system *s, const struct ib_host *h,
		      uint64_t dtb_size, struct ib_diag *d);

void ib_plan_free(struct ib_plan *p);

#endif
