/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The device tree a domain boots with, laid out as Xen 4.17 writes it for a dom0less domain
 * (node order, names, properties and values; see shared/reference/xen-4.17-domU-guest*.dts),
 * from the guest memory map in public/arch-arm.h. Portable and unit-tested.
 *
 * One addition: with a vpl011, /chosen also gets stdout-path = "/sbsa-uart@22000000", so
 * that a kernel without console= on its command line still finds its console. Xen 4.17
 * writes no stdout-path.
 */
#ifndef TESSERA_GUEST_FDT_H
#define TESSERA_GUEST_FDT_H

#include <tessera/types.h>

/* The guest's GIC phandle (Xen public ABI: device_tree_defs.h, GUEST_PHANDLE_GIC = 65000). */
#define GUEST_PHANDLE_GIC 0xfde8
/* A buffer this size always holds the tree (Xen 4.17 uses 4 KiB: DOMU_DTB_SIZE). */
#define GUEST_FDT_SIZE (64 * 1024)

#define GUEST_FDT_MAX_RAM_BANKS	  2   /* GUEST_RAM0 and GUEST_RAM1 */
#define GUEST_FDT_MAX_VCPUS	  128 /* Xen 4.17 arm64 MAX_VIRT_CPUS */
#define GUEST_FDT_MAX_GICV2_VCPUS 8   /* GICv2 has eight CPU interfaces */
#define GUEST_FDT_MAX_EXT_REGIONS 8

struct guest_fdt_range {
	uint64_t base;
	uint64_t size;
};

struct guest_fdt_params {
	/* RAM banks in IPA order, normally one at GUEST_RAM0_BASE; one memory node lists all. */
	struct guest_fdt_range ram[GUEST_FDT_MAX_RAM_BANKS];
	unsigned int nr_ram;

	unsigned int nr_vcpus;
	/* Each vCPU's MPIDR affinity (bits 23:0); NULL: guest_fdt_vcpu_affinity(i), as Xen. */
	const uint32_t *vcpu_affinity;
	const char *cpu_compatible;	/* e.g. "arm,cortex-a57" (the host CPU's) */
	uint32_t cpu_clock_frequency;	/* in each cpu node; 0: none (as the host's cpu nodes) */
	uint32_t timer_clock_frequency; /* in /timer; 0: none (as the host's timer node) */

	unsigned int gic_version; /* 2 or 3 */

	const char *bootargs; /* NULL or "": no bootargs property */
	bool ramdisk;	      /* linux,initrd-start/-end from ramdisk_base/size */
	uint64_t ramdisk_base;
	uint64_t ramdisk_size;

	bool vpl011; /* the sbsa-uart node, and /chosen stdout-path */

	/* The /hypervisor node (xen,enhanced): grant-table window, then extended regions. */
	bool hypervisor;
	struct guest_fdt_range ext_regions[GUEST_FDT_MAX_EXT_REGIONS];
	unsigned int nr_ext_regions;
};

/*
 * Writes the tree into buf[0..size). Returns 0, -FDT_ERR_NOSPACE when size is too small
 * (GUEST_FDT_SIZE is always enough), -FDT_ERR_BADVALUE for parameters out of range, or
 * another negative libfdt error.
 */
int guest_fdt_build(void *buf, size_t size, const struct guest_fdt_params *p);

/* Xen's vCPU affinity: AFF0 = id bits 3:0 (16 per cluster, for GICv3), AFF1 = the rest. */
uint32_t guest_fdt_vcpu_affinity(unsigned int vcpu_id);

/*
 * The flags cell of a PPI for a guest with nr_vcpus vCPUs: level-low (8) and, in bits 15:8,
 * the CPU mask. Xen 4.17 always writes mask 0xf; so does this up to four vCPUs, and covers
 * every vCPU (up to eight, the GICv2 binding's limit) beyond.
 */
uint32_t guest_fdt_ppi_flags(unsigned int nr_vcpus);

#endif
