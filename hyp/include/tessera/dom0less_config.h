/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Domain configurations from the boot device tree: every child of /chosen with compatible
 * "xen,domain", read with Xen's dom0less binding (Xen 4.17 docs/misc/arm/device-tree/
 * booting.txt, "Creating Multiple Domains directly from Xen", "Device Assignment",
 * "Static Allocation"). Portable and unit-tested; reads the tree, never changes it.
 */
#ifndef TESSERA_DOM0LESS_CONFIG_H
#define TESSERA_DOM0LESS_CONFIG_H

#include <tessera/memmap.h>
#include <tessera/types.h>

#define DOM0LESS_NAME_MAX	32   /* bytes, NUL included; longer node names are truncated */
#define DOM0LESS_PATH_MAX	128  /* bytes, NUL included; longer paths are truncated */
#define DOM0LESS_BOOTARGS_MAX	1024 /* bytes, NUL included (Xen: BOOTMOD_MAX_CMDLINE) */
#define DOM0LESS_MAX_STATIC_MEM 8
/* Xen 4.17 on arm64: MAX_VIRT_CPUS = 128 (xen/arch/arm/include/asm/config.h). */
#define DOM0LESS_MAX_VCPUS 128
/* /chosen children read at most; any beyond are reported once through refuse(). */
#define DOM0LESS_MAX_CHOSEN_NODES 4096
/* Children of one domain node read at most (modules and others). */
#define DOM0LESS_MAX_DOMAIN_CHILDREN 64

/* "xen,enhanced": which Xen PV interfaces the domain gets (and so its /hypervisor node). */
enum dom0less_enhanced {
	DOM0LESS_ENHANCED_NONE,	       /* property absent, or "disabled" */
	DOM0LESS_ENHANCED_FULL,	       /* "enabled", or the property with no value */
	DOM0LESS_ENHANCED_NO_XENSTORE, /* "no-xenstore": grant table, event channels, no xenstore */
};

/* A boot module named by a domain: its host-physical range, [start, start + size). */
struct dom0less_module {
	bool present;
	paddr_t start;
	psize_t size;
};

struct dom0less_range {
	paddr_t start;
	psize_t size;
};

struct domain_config {
	unsigned int domid; /* 1, 2, ... in /chosen order, counting refused nodes too */
	char name[DOM0LESS_NAME_MAX];
	char path[DOM0LESS_PATH_MAX];
	uint64_t memory_kib;   /* "memory" */
	unsigned int nr_vcpus; /* "cpus" (1 when absent) */
	bool vpl011;	       /* "vpl011" present */
	enum dom0less_enhanced enhanced;
	struct dom0less_module kernel;	/* "multiboot,kernel" child: always present */
	struct dom0less_module ramdisk; /* "multiboot,ramdisk" child */
	struct dom0less_module dtb;	/* "multiboot,device-tree" child: passthrough fragment */
	char bootargs[DOM0LESS_BOOTARGS_MAX];
	/* For later: static allocation, 1:1 mapping, cpupools. */
	bool direct_map; /* "direct-map" present (only with static memory) */
	struct dom0less_range static_mem[DOM0LESS_MAX_STATIC_MEM]; /* "xen,static-mem" */
	unsigned int nr_static_mem;
	uint32_t cpupool_phandle; /* "domain-cpupool" (a xen,cpupool node); 0 when absent */
	/* Xen's binding for a feature Tessera does not build yet: the first one the node uses
	 * (a property or child name, a static string), or NULL. See dom0less_check_supported. */
	const char *unhonoured;
};

/*
 * Called once for each node that cannot become a domain. node_path and reason are valid only
 * during the call (the reason may be built on the caller's stack).
 */
typedef void (*dom0less_refuse_fn)(void *ctx, const char *node_path, const char *reason);

/*
 * Reads every "xen,domain" child of /chosen, in order, into out[0..max). Each node that
 * cannot be a domain is reported exactly once through refuse() (which may be NULL) and takes
 * no slot; the other nodes still parse. Returns the number of configurations written, or
 * -EINVAL when fdt is not a device tree. Entries of out past the returned count are scratch.
 */
int dom0less_parse(const void *fdt, struct domain_config *out, unsigned int max,
		   dom0less_refuse_fn refuse, void *ctx);

/*
 * Checks that each module of cfg lies wholly inside RAM and inside one boot-module region
 * (MEMMAP_MODULE) of m, so that the page allocator can never hand it out. Returns 0, or
 * -EINVAL with a sentence naming the module and its range in reason[0..len).
 */
int dom0less_check_modules(const struct domain_config *cfg, const struct memmap *m, char *reason,
			   size_t len);

/*
 * Refuses a configuration that asks for something of Xen's binding that Tessera parses but
 * does not build yet (static memory, direct map, passthrough, cpupools, vCPU affinity, static
 * shared memory, cache colors): building it with heap memory, no device or no placement would
 * silently break the partitioning the integrator asked for. Returns 0, or -EINVAL with a
 * sentence in reason[0..len).
 */
int dom0less_check_supported(const struct domain_config *cfg, char *reason, size_t len);

/* How many "xen,cpupool" nodes /chosen has (Tessera has one pool: the builder warns). */
unsigned int dom0less_count_cpupools(const void *fdt);

const char *dom0less_enhanced_name(enum dom0less_enhanced e);

#endif
