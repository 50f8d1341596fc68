// SPDX-License-Identifier: Apache-2.0
/*
 * Device discovery from the guest's device tree: memory, CPUs, console UART, GIC, timer,
 * PSCI. The properties are those of the Devicetree Specification v0.4 (2.3.x, 3.4 memory,
 * 3.7-3.8 cpus) and the Linux bindings (arm,pl011 / arm,sbsa-uart, arm,gic-v3, arm,gic-400,
 * arm,armv8-timer, arm,psci). Xen 4.17 gives a dom0less guest the same nodes (see
 * hyp/include/public/arch-arm.h for where they point).
 */
#include <libfdt.h>
#include <stdlib.h>
#include <tessera/fdt_util.h>

#include "runtime.h"

struct rt_platform rt_platform;

/* The INTID of the index-th entry of "interrupts" (hyp/core/fdt_util.c); 0 when absent. The
 * GIC of a guest's tree (Tessera's, Xen's, QEMU's) has three cells. */
static unsigned int dt_intid(const void *fdt, int node, int index)
{
	unsigned int intid;

	return fdt_gic_irq_get(fdt, node, index, FDT_GIC_INTERRUPT_CELLS, &intid) == 0 ? intid : 0;
}

static void dt_memory(const void *fdt, struct rt_platform *p)
{
	int node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7);

	for (; node >= 0;
	     node = fdt_node_offset_by_prop_value(fdt, node, "device_type", "memory", 7)) {
		int n = fdt_reg_count(fdt, node);

		for (int i = 0; i < n && p->mem_banks < RT_MAX_MEM_BANKS; i++) {
			struct rt_region *r = &p->mem[p->mem_banks];

			if (fdt_reg_get(fdt, node, i, &r->base, &r->size) < 0 || r->size == 0)
				continue;
			p->mem_total += r->size;
			p->mem_banks++;
		}
	}
}

static void dt_cpus(const void *fdt, struct rt_platform *p)
{
	uint64_t self = read_sysreg(mpidr_el1) & 0xff00ffffffUL;
	int cpus = fdt_path_offset(fdt, "/cpus");
	int node;

	if (cpus < 0)
		return;
	fdt_for_each_subnode(node, fdt, cpus)
	{
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		uint64_t reg, unused;

		if (type == NULL || strcmp(type, "cpu") != 0 || p->ncpus == RT_MAX_CPUS)
			continue;
		if (fdt_reg_get(fdt, node, 0, &reg, &unused) < 0)
			continue;
		if (reg == self)
			p->boot_cpu = p->ncpus;
		p->cpu_mpidr[p->ncpus++] = reg;
	}
}

static bool dt_is_uart(const void *fdt, int node)
{
	return fdt_node_check_compatible(fdt, node, "arm,pl011") == 0 ||
	       fdt_node_check_compatible(fdt, node, "arm,sbsa-uart") == 0;
}

/* /chosen/stdout-path if it names a PL011 or SBSA UART, else the first enabled one. */
static int dt_find_uart(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *path = chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", NULL) : NULL;
	int node, best = -1;

	if (path != NULL) {
		node = fdt_node_by_path_or_alias(fdt, path);
		if (node >= 0 && dt_is_uart(fdt, node))
			return node;
	}
	for (node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		if (dt_is_uart(fdt, node) && fdt_node_is_enabled(fdt, node)) {
			best = node;
			break;
		}
	}
	return best;
}

static int dt_uart(const void *fdt, struct rt_platform *p)
{
	int node = dt_find_uart(fdt);
	uint64_t size;

	if (node < 0 || fdt_reg_get(fdt, node, 0, &p->uart_base, &size) < 0)
		return -ENODEV;
	p->uart_intid = dt_intid(fdt, node, 0);
	p->uart_is_pl011 = fdt_node_check_compatible(fdt, node, "arm,pl011") == 0;
	return 0;
}

static int dt_gic(const void *fdt, struct rt_platform *p)
{
	uint64_t size;
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");

	if (node >= 0) {
		const fdt32_t *v = fdt_getprop(fdt, node, "#redistributor-regions", NULL);
		unsigned int n = v != NULL ? fdt32_to_cpu(*v) : 1;

		p->gic_version = 3;
		if (fdt_reg_get(fdt, node, 0, &p->gicd_base, &size) < 0)
			return -ENODEV;
		for (unsigned int i = 0; i < n && i < RT_MAX_GICR; i++) {
			struct rt_region *r = &p->gicr[i];

			if (fdt_reg_get(fdt, node, (int)i + 1, &r->base, &r->size) < 0)
				break;
			p->gicr_regions++;
		}
		v = fdt_getprop(fdt, node, "redistributor-stride", NULL);
		p->gicr_stride = v != NULL ? fdt_cells_read(v, 2) : 0;
		return p->gicr_regions > 0 ? 0 : -ENODEV;
	}
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-400");
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,cortex-a15-gic");
	if (node < 0)
		return -ENODEV;
	p->gic_version = 2;
	if (fdt_reg_get(fdt, node, 0, &p->gicd_base, &size) < 0 ||
	    fdt_reg_get(fdt, node, 1, &p->gicc_base, &size) < 0)
		return -ENODEV;
	return 0;
}

/* The arm,armv8-timer binding lists secure physical, non-secure physical, virtual and
 * hypervisor timer PPIs in that order; the virtual one is the third, the EL1 physical one
 * (non-secure) the second. */
static void dt_timer(const void *fdt, struct rt_platform *p)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	const fdt32_t *f;

	p->timer_intid = 27;
	p->ptimer_intid = 30;
	if (node < 0)
		return;
	if (dt_intid(fdt, node, 2) != 0)
		p->timer_intid = dt_intid(fdt, node, 2);
	if (dt_intid(fdt, node, 1) != 0)
		p->ptimer_intid = dt_intid(fdt, node, 1);
	f = fdt_getprop(fdt, node, "clock-frequency", NULL);
	if (f != NULL)
		p->timer_freq_dt = fdt32_to_cpu(*f);
}

static void dt_psci(const void *fdt, struct rt_platform *p)
{
	int node = fdt_path_offset(fdt, "/psci");
	const char *method;

	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");
	method = node >= 0 ? fdt_getprop(fdt, node, "method", NULL) : NULL;
	if (method != NULL && strcmp(method, "hvc") == 0)
		p->psci = PSCI_CONDUIT_HVC;
	else if (method != NULL && strcmp(method, "smc") == 0)
		p->psci = PSCI_CONDUIT_SMC;
}

/*
 * Something runs at EL2 if the CPU implements EL2 (ID_AA64PFR0_EL1.EL2, bits [11:8], Arm
 * ARM ID_AA64PFR0_EL1) while we were entered at EL1: a loader booting a kernel straight on
 * the hardware enters it at EL2 when there is one (booting.rst).
 */
static bool el2_present(void)
{
	return ((read_sysreg(id_aa64pfr0_el1) >> 8) & 0xf) != 0;
}

int devtree_parse(const void *fdt)
{
	struct rt_platform *p = &rt_platform;
	int chosen, err;

	p->fdt = fdt;
	dt_memory(fdt, p);
	dt_cpus(fdt, p);
	if (p->ncpus == 0) {
		p->ncpus = 1;
		p->cpu_mpidr[0] = read_sysreg(mpidr_el1) & 0xff00ffffffUL;
	}
	err = dt_uart(fdt, p);
	if (err < 0)
		return err;
	dt_timer(fdt, p);
	dt_psci(fdt, p);
	p->hypervisor = fdt_node_offset_by_compatible(fdt, -1, "xen,xen") >= 0 || el2_present();
	chosen = fdt_path_offset(fdt, "/chosen");
	p->bootargs = chosen >= 0 ? fdt_getprop(fdt, chosen, "bootargs", NULL) : NULL;
	if (p->bootargs == NULL)
		p->bootargs = "";
	return dt_gic(fdt, p);
}

bool bootarg_is(const char *name, const char *value)
{
	const char *s = rt_platform.bootargs;
	size_t n = strlen(name), v = strlen(value);

	while (s != NULL && *s != '\0') {
		while (*s == ' ')
			s++;
		if (strncmp(s, name, n) == 0 && s[n] == '=' && strncmp(s + n + 1, value, v) == 0 &&
		    (s[n + 1 + v] == ' ' || s[n + 1 + v] == '\0'))
			return true;
		s = strchr(s, ' ');
	}
	return false;
}

unsigned long bootarg_ulong(const char *name, unsigned long dflt)
{
	size_t n = strlen(name);
	const char *s = rt_platform.bootargs;

	while (s != NULL && *s != '\0') {
		while (*s == ' ')
			s++;
		if (strncmp(s, name, n) == 0 && s[n] == '=')
			return strtoul(s + n + 1, NULL, 0);
		s = strchr(s, ' ');
	}
	return dflt;
}
