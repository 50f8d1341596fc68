/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The interrupt controller, GICv2 (IHI 0048B) or GICv3 (IHI 0069), chosen from the device
 * tree at boot. Each version fills a struct gic_ops; core code calls through it.
 */
#ifndef DRIVERS_GIC_H
#define DRIVERS_GIC_H

#include <tessera/types.h>

struct gic_ops {
	int version;
	uint32_t intid_mask;	   /* INTID bits of what ack() returns */
	void (*cpu_init)(void);	   /* this CPU's interface (and redistributor) */
	uint32_t (*ack)(void);	   /* acknowledge: IAR value (INTID 1023: none) */
	void (*eoi)(uint32_t iar); /* priority drop and deactivate that IAR value */
	void (*enable)(uint32_t intid, unsigned int prio, bool level, unsigned int cpu);
	void (*disable)(uint32_t intid);
	void (*send_sgi)(uint32_t sgi, unsigned int cpu);
};

struct gic_info {
	int version;
	unsigned int nr_lines;	      /* INTIDs 0 .. nr_lines-1 exist */
	unsigned int maintenance_irq; /* PPI the virtual CPU interface signals (for the vGIC) */
	int interrupt_cells;	      /* its node's #interrupt-cells (fdt_gic_irq_get) */
	paddr_t dist_base;
	paddr_t cpu_base;  /* v2 GICC, or v3 first redistributor region */
	paddr_t hyp_base;  /* v2 GICH (virtual interface control), 0 on v3 */
	paddr_t vcpu_base; /* v2 GICV, or v3 GICV if the DT has one */
};

/* Finds the GIC in the device tree, initializes the distributor and this CPU's interface.
 * Returns 0, or a negative error with a message already printed. */
int gic_init(const void *fdt);
void gic_cpu_init(void);
const struct gic_info *gic_get_info(void);
const struct gic_ops *gic_get_ops(void);

/* Version back ends, given the node; they fill info and return their ops. */
const struct gic_ops *gicv2_probe(const void *fdt, int node, struct gic_info *info);
const struct gic_ops *gicv3_probe(const void *fdt, int node, struct gic_info *info);

#endif
