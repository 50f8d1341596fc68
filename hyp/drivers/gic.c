// SPDX-License-Identifier: Apache-2.0
/* Finds the GIC in the device tree and hands out the version's operations. */
#include <drivers/gic.h>
#include <tessera/fdt_util.h>
#include <tessera/percpu.h>
#include <tessera/printk.h>

static const struct gic_ops *ops;
static struct gic_info info;

/* Compatible strings from the Linux/Xen bindings (arm,gic.yaml, arm,gic-v3.yaml). */
// cppcheck-suppress [misra-c2012-9.2, misra-c2012-9.3] ; false positive: one element, braced
static const char *const v3_compat[] = { "arm,gic-v3" };
static const char *const v2_compat[] = { "arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a9-gic" };

static int find_node(const void *fdt, const char *const *compat, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		int node = fdt_node_offset_by_compatible(fdt, -1, compat[i]);

		if (node >= 0)
			return node;
	}
	return -FDT_ERR_NOTFOUND;
}

/* The maintenance interrupt: the GIC node's own "interrupts", a PPI; 0 when absent. */
static unsigned int read_maintenance_irq(const void *fdt, int node)
{
	unsigned int intid = 0;

	if (fdt_gic_irq_get(fdt, node, 0, info.interrupt_cells, &intid) < 0 || intid >= 32U)
		return 0;
	return intid;
}

int gic_init(const void *fdt)
{
	int node = find_node(fdt, v3_compat, 1);

	if (node >= 0) {
		ops = gicv3_probe(fdt, node, &info);
	} else {
		node = find_node(fdt, v2_compat, sizeof(v2_compat) / sizeof(v2_compat[0]));
		if (node < 0) {
			pr_err("no GICv2 or GICv3 interrupt controller in the device tree\n");
			return -1;
		}
		ops = gicv2_probe(fdt, node, &info);
	}
	if (ops == NULL)
		return -1;
	info.interrupt_cells = fdt_gic_interrupt_cells(fdt, node);
	info.maintenance_irq = read_maintenance_irq(fdt, node);
	ops->cpu_init();
	return 0;
}

void gic_cpu_init(void)
{
	ops->cpu_init();
}

const struct gic_info *gic_get_info(void)
{
	return &info;
}

const struct gic_ops *gic_get_ops(void)
{
	return ops;
}
