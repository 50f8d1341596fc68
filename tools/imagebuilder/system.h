// SPDX-License-Identifier: Apache-2.0
/*
 * The system a configuration describes: the hypervisor, the host device tree, the memory
 * ImageBuilder may load into, and the dom0less domains, with ImageBuilder's defaults applied
 * (Xen ImageBuilder README, "scripts/uboot-script-gen"). Every value keeps the assignment
 * it came from, so that later checks can name the key and its line.
 */
#ifndef IB_SYSTEM_H
#define IB_SYSTEM_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"

#define IB_MAX_DOMAINS	  64
#define IB_MAX_STATIC_MEM 8
#define IB_NODE_NAME_MAX  32 /* Devicetree spec 2.2.1: 1 to 31 characters */

#define IB_DEFAULT_DOMU_MEM_MIB 512 /* ImageBuilder's defaults */
#define IB_DEFAULT_DOMU_VCPUS	1
#define IB_DEFAULT_DOMU_CMD	"console=ttyAMA0"
#define IB_DEFAULT_XEN_CMD	"console=dtuart sched=null"

enum ib_enhanced {
	IB_ENHANCED_NONE = 0,	     /* DOMU_ENHANCED=0: no xen,enhanced property */
	IB_ENHANCED_ENABLED = 1,     /* 1: xen,enhanced = "enabled" */
	IB_ENHANCED_NO_XENSTORE = 2, /* 2: xen,enhanced = "no-xenstore" */
};

struct ib_region {
	uint64_t start;
	uint64_t size;
};

struct ib_domain {
	char name[IB_NODE_NAME_MAX]; /* its node under /chosen: DOMU_NAME[i] or domU<i+1> */
	const struct ib_entry *name_key;
	const struct ib_entry *kernel; /* files; NULL when not given */
	const struct ib_entry *ramdisk;
	const struct ib_entry *passthrough_dtb;
	const char *cmd; /* the kernel's bootargs, NULL for none */
	uint64_t mem_kib;
	const struct ib_entry *mem_key; /* DOMU_MEM[i] or DOMU_STATIC_MEM[i]; NULL: the default */
	unsigned int vcpus;
	const struct ib_entry *vcpus_key;
	enum ib_enhanced enhanced;
	bool vpl011;
	bool direct_map;
	struct ib_region static_mem[IB_MAX_STATIC_MEM];
	unsigned int static_mem_count;
	const struct ib_entry *static_mem_key;
};

struct ib_system {
	const struct ib_entry *memory_start_key, *memory_end_key;
	uint64_t memory_start;
	uint64_t memory_end; /* exclusive */
	const struct ib_entry *device_tree;
	const struct ib_entry *xen;
	const char *xen_cmd; /* NULL: keep the device tree's, else IB_DEFAULT_XEN_CMD */
	const char *load_cmd;
	const struct ib_entry *num_domus_key;
	unsigned int num_domains;
	struct ib_domain domains[IB_MAX_DOMAINS];
	/* Output file names, inside the output folder. */
	const char *uboot_source;
	const char *uboot_script;
	const char *dtb_name; /* FDTEDIT */
	const char *fit_name; /* FIT, NULL for none */
};

/*
 * Reads the options of cfg into s, reporting every problem through d: unknown options,
 * ImageBuilder options not supported yet, values of the wrong form, missing keys.
 * load_cmd_override (the -t option, NULL for none) replaces LOAD_CMD. Returns 0 or -1.
 */
int ib_system_read(struct ib_system *s, const struct ib_config *cfg, const char *load_cmd_override,
		   struct ib_diag *d);

/* The U-Boot load command a -t shorthand stands for (ImageBuilder's), else arg itself. */
const char *ib_load_cmd_expand(const char *arg);

/* A number as bash arithmetic reads a literal: decimal, 0x hex or 0 octal. 0 or -1. */
int ib_parse_u64(const char *s, uint64_t *out);

#endif
