// SPDX-License-Identifier: Apache-2.0
/*
 * A domain's device tree, written with libfdt's sequential-write functions in the order and
 * layout Xen 4.17 uses for dom0less domains (checked against the trees Xen 4.17 gave guests:
 * shared/reference/xen-4.17-domU-guest.dts and -gicv2.dts). Bindings: Linux
 * Documentation/devicetree/bindings/arm/{psci,xen,arch_timer}, interrupt-controller/arm,gic*.
 */
#include <limits.h>
#include <string.h>
#include <libfdt.h>
#include <public/arch-arm.h>
#include <tessera/compiler.h>
#include <tessera/guest_fdt.h>
#include <tessera/lib.h>

#define ROOT_ADDRESS_CELLS 2
#define ROOT_SIZE_CELLS	   2
#define NODE_NAME_MAX	   48

/* GIC binding, third interrupt cell: trigger type in bits 3:0, PPI CPU mask in bits 15:8. */
#define IRQ_TYPE_LEVEL_HIGH 4
#define IRQ_TYPE_LEVEL_LOW  8
#define GIC_SPI		    0
#define GIC_PPI		    1
#define INTID_PPI_BASE	    16
#define INTID_SPI_BASE	    32
/* Xen 4.17 writes its CPU mask 0xf for SPIs too, where the binding ignores it: 0xf04. */
#define VPL011_IRQ_FLAGS ((0xfu << 8) | IRQ_TYPE_LEVEL_HIGH)
#define VPL011_BAUD	 115200
/* The vCPU affinity bits a cpu node's reg (one cell) can carry: AFF2..AFF0. */
#define VCPU_AFFINITY_MASK 0xffffffu

static const char psci_compatible[] = "arm,psci-1.0\0"
				      "arm,psci-0.2\0"
				      "arm,psci";
static const char xen_compatible[] = "xen,xen-4.17\0"
				     "xen,xen";

uint32_t guest_fdt_vcpu_affinity(unsigned int vcpu_id)
{
	return (vcpu_id & 0xfU) | (((vcpu_id >> 4) & 0xffU) << 8);
}

uint32_t guest_fdt_ppi_flags(unsigned int nr_vcpus)
{
	uint32_t mask = 0xf;

	if (nr_vcpus >= 8)
		mask = 0xff;
	else if (nr_vcpus > 4)
		mask = (1U << nr_vcpus) - 1;
	return (mask << 8) | IRQ_TYPE_LEVEL_LOW;
}

/* "reg" from n (base, size) pairs with the root's 2 + 2 cells. */
static int put_reg(void *fdt, const struct guest_fdt_range *r, unsigned int n)
{
	fdt32_t cells[(1 + GUEST_FDT_MAX_EXT_REGIONS) * (ROOT_ADDRESS_CELLS + ROOT_SIZE_CELLS)];
	unsigned int c = 0;

	if (n > ARRAY_SIZE(cells) / 4)
		return -FDT_ERR_BADVALUE;
	for (unsigned int i = 0; i < n; i++) {
		cells[c++] = cpu_to_fdt32((uint32_t)(r[i].base >> 32));
		cells[c++] = cpu_to_fdt32((uint32_t)r[i].base);
		cells[c++] = cpu_to_fdt32((uint32_t)(r[i].size >> 32));
		cells[c++] = cpu_to_fdt32((uint32_t)r[i].size);
	}
	return fdt_property(fdt, "reg", cells, (int)(c * sizeof(cells[0])));
}

/* "interrupts" (n triples of the same kind and flags) and "interrupt-parent". */
static int put_interrupts(void *fdt, uint32_t kind, const uint32_t *irq, unsigned int n,
			  uint32_t flags)
{
	fdt32_t cells[3 * 3];
	int err;

	if (n > 3)
		return -FDT_ERR_BADVALUE;
	for (size_t i = 0; i < n; i++) {
		cells[3 * i] = cpu_to_fdt32(kind);
		cells[3 * i + 1] = cpu_to_fdt32(irq[i]);
		cells[3 * i + 2] = cpu_to_fdt32(flags);
	}
	err = fdt_property(fdt, "interrupts", cells, (int)(sizeof(cells[0]) * 3 * n));
	if (err == 0)
		err = fdt_property_cell(fdt, "interrupt-parent", GUEST_PHANDLE_GIC);
	return err;
}

static int begin_node_at(void *fdt, const char *name, uint64_t addr)
{
	char buf[NODE_NAME_MAX];

	snprintf(buf, sizeof(buf), "%s@%llx", name, (unsigned long long)addr);
	return fdt_begin_node(fdt, buf);
}

static int make_chosen(void *fdt, const struct guest_fdt_params *p)
{
	char stdout_path[NODE_NAME_MAX];
	int err = fdt_begin_node(fdt, "chosen");

	if (err == 0 && p->bootargs != NULL && p->bootargs[0] != '\0')
		err = fdt_property_string(fdt, "bootargs", p->bootargs);
	if (err == 0 && p->ramdisk)
		err = fdt_property_u64(fdt, "linux,initrd-start", p->ramdisk_base);
	if (err == 0 && p->ramdisk)
		err = fdt_property_u64(fdt, "linux,initrd-end", p->ramdisk_base + p->ramdisk_size);
	if (err == 0 && p->vpl011) {
		snprintf(stdout_path, sizeof(stdout_path), "/sbsa-uart@%llx",
			 (unsigned long long)GUEST_VPL011_BASE);
		err = fdt_property_string(fdt, "stdout-path", stdout_path);
	}
	if (err == 0)
		err = fdt_end_node(fdt);
	return err;
}

/* PSCI 0.1 function ids are still given, as Xen does, for old guests. */
static int make_psci(void *fdt)
{
	int err = fdt_begin_node(fdt, "psci");

	if (err == 0)
		err = fdt_property(fdt, "compatible", psci_compatible, sizeof(psci_compatible));
	if (err == 0)
		err = fdt_property_string(fdt, "method", "hvc");
	if (err == 0)
		err = fdt_property_cell(fdt, "cpu_off", GUEST_PSCI_0_1_CPU_OFF);
	if (err == 0)
		err = fdt_property_cell(fdt, "cpu_on", GUEST_PSCI_0_1_CPU_ON);
	if (err == 0)
		err = fdt_end_node(fdt);
	return err;
}

static uint32_t vcpu_affinity(const struct guest_fdt_params *p, unsigned int i)
{
	return p->vcpu_affinity != NULL ? p->vcpu_affinity[i] : guest_fdt_vcpu_affinity(i);
}

static int make_cpu(void *fdt, const struct guest_fdt_params *p, uint32_t aff)
{
	char name[NODE_NAME_MAX];
	int err;

	snprintf(name, sizeof(name), "cpu@%x", aff);
	err = fdt_begin_node(fdt, name);
	if (err == 0)
		err = fdt_property_string(fdt, "compatible", p->cpu_compatible);
	if (err == 0)
		err = fdt_property_string(fdt, "device_type", "cpu");
	if (err == 0)
		err = fdt_property_cell(fdt, "reg", aff);
	if (err == 0 && p->cpu_clock_frequency != 0)
		err = fdt_property_cell(fdt, "clock-frequency", p->cpu_clock_frequency);
	if (err == 0)
		err = fdt_property_string(fdt, "enable-method", "psci");
	if (err == 0)
		err = fdt_end_node(fdt);
	return err;
}

/* cpu@N with reg = the vCPU's MPIDR affinity (Arm CPU binding), under #address-cells = 1. */
static int make_cpus(void *fdt, const struct guest_fdt_params *p)
{
	int err = fdt_begin_node(fdt, "cpus");

	if (err == 0)
		err = fdt_property_cell(fdt, "#address-cells", 1);
	if (err == 0)
		err = fdt_property_cell(fdt, "#size-cells", 0);
	for (unsigned int i = 0; err == 0 && i < p->nr_vcpus && i < GUEST_FDT_MAX_VCPUS; i++)
		err = make_cpu(fdt, p, vcpu_affinity(p, i));
	if (err == 0)
		err = fdt_end_node(fdt);
	return err;
}

static int make_memory(void *fdt, const struct guest_fdt_params *p)
{
	int err = begin_node_at(fdt, "memory", p->ram[0].base);

	if (err == 0)
		err = fdt_property_string(fdt, "device_type", "memory");
	if (err == 0)
		err = put_reg(fdt, p->ram, p->nr_ram);
	if (err == 0)
		err = fdt_end_node(fdt);
	return err;
}

/* v3: distributor, then the one redistributor region; v2: distributor, CPU interface. */
static int make_gic(void *fdt, const struct guest_fdt_params *p)
{
	const struct guest_fdt_range v3[] = {
		{ GUEST_GICD_BASE, GUEST_GICD_SIZE },
		{ GUEST_GICR_BASE, GUEST_GICR_SIZE },
	};
	const struct guest_fdt_range v2[] = {
		{ GUEST_GICD_BASE, GUEST_GICV2_GICD_SIZE },
		{ GUEST_GICC_BASE, GUEST_GICC_SIZE },
	};
	bool is_v3 = p->gic_version == 3;
	int err = begin_node_at(fdt, "interrupt-controller", GUEST_GICD_BASE);

	if (err == 0)
		err = fdt_property_cell(fdt, "#address-cells", 0);
	if (err == 0)
		err = fdt_property_cell(fdt, "#interrupt-cells", 3);
	if (err == 0)
		err = fdt_property(fdt, "interrupt-controller", NULL, 0);
	if (err == 0)
		err = fdt_property_string(fdt, "compatible", is_v3 ? "arm,gic-v3" : "arm,gic-400");
	if (err == 0)
		err = put_reg(fdt, is_v3 ? v3 : v2, 2);
	if (err == 0)
		err = fdt_property_cell(fdt, "linux,phandle", GUEST_PHANDLE_GIC);
	if (err == 0)
		err = fdt_property_cell(fdt, "phandle", GUEST_PHANDLE_GIC);
	if (err == 0)
		err = fdt_end_node(fdt);
	return err;
}

/* Secure physical, non-secure physical, virtual: the order of the arch_timer binding. */
static int make_timer(void *fdt, const struct guest_fdt_params *p)
{
	const uint32_t ppis[] = {
		GUEST_TIMER_PHYS_S_PPI - INTID_PPI_BASE,
		GUEST_TIMER_PHYS_NS_PPI - INTID_PPI_BASE,
		GUEST_TIMER_VIRT_PPI - INTID_PPI_BASE,
	};
	int err = fdt_begin_node(fdt, "timer");

	if (err == 0)
		err = fdt_property_string(fdt, "compatible", "arm,armv8-timer");
	if (err == 0)
		err = put_interrupts(fdt, GIC_PPI, ppis, ARRAY_SIZE(ppis),
				     guest_fdt_ppi_flags(p->nr_vcpus));
	if (err == 0 && p->timer_clock_frequency != 0)
		err = fdt_property_cell(fdt, "clock-frequency", p->timer_clock_frequency);
	if (err == 0)
		err = fdt_end_node(fdt);
	return err;
}

static int make_vpl011(void *fdt)
{
	const struct guest_fdt_range reg = { GUEST_VPL011_BASE, GUEST_VPL011_SIZE };
	const uint32_t spi = GUEST_VPL011_SPI - INTID_SPI_BASE;
	int err = begin_node_at(fdt, "sbsa-uart", GUEST_VPL011_BASE);

	if (err == 0)
		err = fdt_property_string(fdt, "compatible", "arm,sbsa-uart");
	if (err == 0)
		err = put_reg(fdt, &reg, 1);
	if (err == 0)
		err = put_interrupts(fdt, GIC_SPI, &spi, 1, VPL011_IRQ_FLAGS);
	if (err == 0)
		err = fdt_property_cell(fdt, "current-speed", VPL011_BAUD);
	if (err == 0)
		err = fdt_end_node(fdt);
	return err;
}

/* Linux bindings/arm/xen.txt: reg[0] the grant-table window, then extended regions. */
static int make_hypervisor(void *fdt, const struct guest_fdt_params *p)
{
	struct guest_fdt_range reg[1 + GUEST_FDT_MAX_EXT_REGIONS];
	const uint32_t ppi = GUEST_EVTCHN_PPI - INTID_PPI_BASE;
	int err = fdt_begin_node(fdt, "hypervisor");

	reg[0].base = GUEST_GNTTAB_BASE;
	reg[0].size = GUEST_GNTTAB_SIZE;
	for (unsigned int i = 0; i < p->nr_ext_regions && i < GUEST_FDT_MAX_EXT_REGIONS; i++)
		reg[1 + i] = p->ext_regions[i];
	if (err == 0)
		err = fdt_property(fdt, "compatible", xen_compatible, sizeof(xen_compatible));
	if (err == 0)
		err = put_reg(fdt, reg, 1 + p->nr_ext_regions);
	if (err == 0)
		err = put_interrupts(fdt, GIC_PPI, &ppi, 1, guest_fdt_ppi_flags(p->nr_vcpus));
	if (err == 0)
		err = fdt_end_node(fdt);
	return err;
}

static bool range_ok(const struct guest_fdt_range *r)
{
	return r->size != 0 && r->base + r->size > r->base;
}

static bool params_ok(const struct guest_fdt_params *p)
{
	unsigned int max_vcpus =
		p->gic_version == 2 ? GUEST_FDT_MAX_GICV2_VCPUS : GUEST_FDT_MAX_VCPUS;

	if (p->gic_version != 2 && p->gic_version != 3)
		return false;
	if (p->nr_vcpus == 0 || p->nr_vcpus > max_vcpus)
		return false;
	if (p->cpu_compatible == NULL || p->cpu_compatible[0] == '\0')
		return false;
	if (p->nr_ram == 0 || p->nr_ram > GUEST_FDT_MAX_RAM_BANKS)
		return false;
	for (unsigned int i = 0; i < p->nr_ram; i++)
		if (!range_ok(&p->ram[i]))
			return false;
	if (p->nr_ext_regions > GUEST_FDT_MAX_EXT_REGIONS)
		return false;
	if (p->ramdisk && p->ramdisk_base + p->ramdisk_size < p->ramdisk_base)
		return false;
	for (unsigned int i = 0; i < p->nr_vcpus; i++)
		if (vcpu_affinity(p, i) & ~VCPU_AFFINITY_MASK)
			return false;
	return true;
}

static int make_root(void *fdt, const struct guest_fdt_params *p)
{
	int err = fdt_begin_node(fdt, "");

	if (err == 0)
		err = fdt_property_cell(fdt, "#address-cells", ROOT_ADDRESS_CELLS);
	if (err == 0)
		err = fdt_property_cell(fdt, "#size-cells", ROOT_SIZE_CELLS);
	if (err == 0)
		err = make_chosen(fdt, p);
	if (err == 0)
		err = make_psci(fdt);
	if (err == 0)
		err = make_cpus(fdt, p);
	if (err == 0)
		err = make_memory(fdt, p);
	if (err == 0)
		err = make_gic(fdt, p);
	if (err == 0)
		err = make_timer(fdt, p);
	if (err == 0 && p->vpl011)
		err = make_vpl011(fdt);
	if (err == 0 && p->hypervisor)
		err = make_hypervisor(fdt, p);
	if (err == 0)
		err = fdt_end_node(fdt);
	return err;
}

int guest_fdt_build(void *buf, size_t size, const struct guest_fdt_params *p)
{
	int err;

	if (buf == NULL || p == NULL || !params_ok(p))
		return -FDT_ERR_BADVALUE;
	err = fdt_create(buf, size > INT_MAX ? INT_MAX : (int)size);
	if (err == 0)
		err = fdt_finish_reservemap(buf);
	if (err == 0)
		err = make_root(buf, p);
	if (err == 0)
		err = fdt_finish(buf);
	return err;
}
