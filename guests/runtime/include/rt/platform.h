/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the runtime learnt from the device tree in x0 (Devicetree Specification v0.4 and the
 * Linux bindings for arm,pl011, arm,gic-v3, arm,gic-400, arm,armv8-timer, arm,psci).
 */
#ifndef RT_PLATFORM_H
#define RT_PLATFORM_H

#include <rt/arch.h>
#include <stdbool.h>
#include <stdint.h>

#define RT_MAX_MEM_BANKS 4
#define RT_MAX_GICR	 4

struct rt_region {
	uint64_t base;
	uint64_t size;
};

enum psci_conduit { PSCI_CONDUIT_NONE, PSCI_CONDUIT_HVC, PSCI_CONDUIT_SMC };

struct rt_platform {
	const void *fdt;
	uint64_t load_base; /* where the image runs */
	uint64_t image_size;

	struct rt_region mem[RT_MAX_MEM_BANKS];
	unsigned int mem_banks;
	uint64_t mem_total;

	unsigned int ncpus;
	unsigned int boot_cpu;
	uint64_t cpu_mpidr[RT_MAX_CPUS]; /* affinity fields, as /cpus reg gives them */

	uint64_t uart_base;
	unsigned int uart_intid; /* 0: the DT names none */
	bool uart_is_pl011;	 /* a full PL011 (else the SBSA subset) */

	unsigned int gic_version; /* 2 or 3 */
	uint64_t gicd_base;
	uint64_t gicc_base;		    /* v2 */
	struct rt_region gicr[RT_MAX_GICR]; /* v3 */
	unsigned int gicr_regions;
	uint64_t gicr_stride; /* 0: from GICR_TYPER */

	unsigned int timer_intid;  /* the virtual timer's PPI as an INTID */
	unsigned int ptimer_intid; /* the EL1 physical timer's (non-secure) PPI as an INTID */
	uint64_t timer_freq_dt;	   /* "clock-frequency", 0 when absent */
	enum psci_conduit psci;
	bool hypervisor;      /* a "xen,xen" node, or EL2 exists while we run at EL1 */
	const char *bootargs; /* /chosen/bootargs or "" */
};

extern struct rt_platform rt_platform;

/* The value of "name=<number>" in /chosen/bootargs, else dflt. */
unsigned long bootarg_ulong(const char *name, unsigned long dflt);
/* Is "name=value" (that whole word) in /chosen/bootargs? */
bool bootarg_is(const char *name, const char *value);

#endif
