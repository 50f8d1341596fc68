/* SPDX-License-Identifier: Apache-2.0 */
/* Small helpers over libfdt for reading the host device tree. */
#ifndef TESSERA_FDT_UTIL_H
#define TESSERA_FDT_UTIL_H

#include <libfdt.h>
#include <tessera/types.h>

/* Reads n (1 or 2) big-endian cells as one number. */
uint64_t fdt_cells_read(const fdt32_t *cells, int n);

/* #address-cells / #size-cells that apply to the children of node (defaults 2 and 1). */
int fdt_addr_cells_of(const void *fdt, int node);
int fdt_size_cells_of(const void *fdt, int node);

/* Entry index of node's "reg", using its parent's cell sizes. -FDT_ERR_NOTFOUND past the end,
 * -FDT_ERR_BADNCELLS for cell sizes other than 1 or 2. */
int fdt_reg_get(const void *fdt, int node, int index, paddr_t *addr, psize_t *size);

/* Number of entries in node's "reg". */
int fdt_reg_count(const void *fdt, int node);

/* A node given as a path or an alias, with ":options" after it ignored (stdout-path style). */
int fdt_node_by_path_or_alias(const void *fdt, const char *spec);

/* #interrupt-cells of arm,gic-400, and of arm,gic-v3 without PPI partitions. */
#define FDT_GIC_INTERRUPT_CELLS 3

/* The GIC node's #interrupt-cells: 3, or 4 for a GICv3 with PPI partitions. */
int fdt_gic_interrupt_cells(const void *fdt, int gic_node);

/*
 * The INTID of the index-th entry of node's "interrupts", the GIC being its interrupt parent
 * with cells cells per entry (the arm,gic-400 and arm,gic-v3 bindings: cell 0 is the type, 0
 * for an SPI and 1 for a PPI, cell 1 the number within that type, cell 2 the flags). The one
 * place that adds 32 (SPI) or 16 (PPI). Returns 0, -FDT_ERR_NOTFOUND when there is no such
 * entry, -FDT_ERR_BADVALUE for another type or a number out of range.
 */
int fdt_gic_irq_get(const void *fdt, int node, int index, int cells, unsigned int *intid);

/* Is the node's "status" absent, "okay" or "ok"? */
bool fdt_node_is_enabled(const void *fdt, int node);

#endif
