// SPDX-License-Identifier: Apache-2.0
/* Device-tree reading helpers (Devicetree Specification v0.4, sections 2.3.5, 2.3.6, 3.3). */
#include <string.h>
#include <tessera/fdt_util.h>

uint64_t fdt_cells_read(const fdt32_t *cells, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 32) | fdt32_to_cpu(cells[i]);
	return v;
}

static int cells_prop(const void *fdt, int node, const char *name, int dflt)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (p == NULL || len != 4)
		return dflt;
	return (int)fdt32_to_cpu(*p);
}

int fdt_addr_cells_of(const void *fdt, int node)
{
	return cells_prop(fdt, node, "#address-cells", 2);
}

int fdt_size_cells_of(const void *fdt, int node)
{
	return cells_prop(fdt, node, "#size-cells", 1);
}

static int reg_layout(const void *fdt, int node, int *ac, int *sc, const fdt32_t **reg, int *len)
{
	int parent = fdt_parent_offset(fdt, node);

	if (parent < 0)
		return parent;
	*ac = fdt_addr_cells_of(fdt, parent);
	*sc = fdt_size_cells_of(fdt, parent);
	if (*ac < 1 || *ac > 2 || *sc < 0 || *sc > 2)
		return -FDT_ERR_BADNCELLS;
	*reg = fdt_getprop(fdt, node, "reg", len);
	if (*reg == NULL)
		return -FDT_ERR_NOTFOUND;
	return 0;
}

int fdt_reg_count(const void *fdt, int node)
{
	int ac, sc, len, err;
	const fdt32_t *reg;

	err = reg_layout(fdt, node, &ac, &sc, &reg, &len);
	if (err < 0)
		return err;
	return len / (int)(sizeof(fdt32_t) * (size_t)(ac + sc));
}

int fdt_reg_get(const void *fdt, int node, int index, paddr_t *addr, psize_t *size)
{
	int ac, sc, len, err, stride;
	const fdt32_t *reg;

	err = reg_layout(fdt, node, &ac, &sc, &reg, &len);
	if (err < 0)
		return err;
	stride = ac + sc;
	if (index < 0 || (index + 1) * stride * (int)sizeof(fdt32_t) > len)
		return -FDT_ERR_NOTFOUND;
	reg += (size_t)index * (size_t)stride; /* both non-negative and bounded above */
	*addr = fdt_cells_read(reg, ac);
	*size = sc > 0 ? fdt_cells_read(reg + ac, sc) : 0;
	return 0;
}

int fdt_node_by_path_or_alias(const void *fdt, const char *spec)
{
	char name[128];
	size_t n = 0;
	const char *path;

	while (spec[n] != '\0' && spec[n] != ':' && n + 1 < sizeof(name)) {
		name[n] = spec[n];
		n++;
	}
	if (spec[n] != '\0' && spec[n] != ':')
		return -FDT_ERR_BADPATH;
	name[n] = '\0';
	if (name[0] == '/')
		return fdt_path_offset(fdt, name);
	path = fdt_get_alias(fdt, name);
	if (path == NULL)
		return -FDT_ERR_NOTFOUND;
	return fdt_path_offset(fdt, path);
}

bool fdt_node_is_enabled(const void *fdt, int node)
{
	int len;
	const char *status = fdt_getprop(fdt, node, "status", &len);

	return status == NULL || strcmp(status, "okay") == 0 || strcmp(status, "ok") == 0;
}

/* GIC binding: INTIDs 32-1019 are SPIs, 16-31 PPIs (GICv3 spec 2.2, table 2-1). */
#define GIC_SPEC_SPI  0
#define GIC_SPEC_PPI  1
#define GIC_SPI_BASE  32U
#define GIC_SPI_COUNT 988U
#define GIC_PPI_BASE  16U
#define GIC_PPI_COUNT 16U
#define GIC_MAX_CELLS 4 /* arm,gic-v3 with PPI partitions */

int fdt_gic_interrupt_cells(const void *fdt, int gic_node)
{
	int cells = cells_prop(fdt, gic_node, "#interrupt-cells", FDT_GIC_INTERRUPT_CELLS);

	return cells < FDT_GIC_INTERRUPT_CELLS || cells > GIC_MAX_CELLS ? FDT_GIC_INTERRUPT_CELLS
									: cells;
}

int fdt_gic_irq_get(const void *fdt, int node, int index, int cells, unsigned int *intid)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, "interrupts", &len);
	uint32_t type, number;

	if (cells < FDT_GIC_INTERRUPT_CELLS)
		cells = FDT_GIC_INTERRUPT_CELLS;
	if (p == NULL || index < 0 || len / (int)sizeof(*p) < (index + 1) * cells)
		return -FDT_ERR_NOTFOUND;
	p += (ptrdiff_t)index * cells;
	type = fdt32_to_cpu(p[0]);
	number = fdt32_to_cpu(p[1]);
	if (type == GIC_SPEC_SPI && number < GIC_SPI_COUNT)
		*intid = GIC_SPI_BASE + number;
	else if (type == GIC_SPEC_PPI && number < GIC_PPI_COUNT)
		*intid = GIC_PPI_BASE + number;
	else
		return -FDT_ERR_BADVALUE;
	return 0;
}
