// SPDX-License-Identifier: Apache-2.0
/*
 * GICv2 (Arm IHI 0048B): memory-mapped distributor and CPU interface. SPIs target CPUs by
 * CPU interface number, which each CPU reads from the banked GICD_ITARGETSR0 (4.3.12).
 */
#include <asm/mmu.h>
#include <asm/sysreg.h>
#include <drivers/gic.h>
#include <tessera/compiler.h>
#include <tessera/fdt_util.h>
#include <tessera/percpu.h>
#include <tessera/printk.h>

#define GICD_CTLR	0x000
#define GICD_TYPER	0x004
#define GICD_ISENABLER	0x100
#define GICD_ICENABLER	0x180
#define GICD_ICPENDR	0x280
#define GICD_ICACTIVER	0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR	0x800
#define GICD_ICFGR	0xc00
#define GICD_SGIR	0xf00

#define GICC_CTLR 0x0000
#define GICC_PMR  0x0004
#define GICC_BPR  0x0008
#define GICC_IAR  0x000c
#define GICC_EOIR 0x0010
/* GICC_DIR is at 0x1000: the CPU interface spans 8 KiB (4.1.3). */
#define GICC_SIZE 0x2000

static volatile uint8_t *dist;
static volatile uint8_t *cpuif;
static uint8_t cpu_mask[NR_CPUS]; /* CPU interface bit of each pCPU */

static inline uint32_t rd32(const volatile uint8_t *b, unsigned int off)
{
	// cppcheck-suppress misra-c2012-11.3 ; MMIO register: the offset keeps its alignment
	return *(const volatile uint32_t *)(b + off);
}

static inline void wr32(volatile uint8_t *b, unsigned int off, uint32_t v)
{
	// cppcheck-suppress misra-c2012-11.3 ; MMIO register: the offset keeps its alignment
	*(volatile uint32_t *)(b + off) = v;
}

/* This CPU's interface number: the only bit set in the banked ITARGETSR0..7 bytes. */
static uint8_t read_own_mask(void)
{
	for (unsigned int i = 0; i < 32; i += 4) {
		uint32_t v = rd32(dist, GICD_ITARGETSR + i);

		for (unsigned int b = 0; b < 4 && v != 0; b++, v >>= 8) {
			if (v & 0xff)
				return (uint8_t)(v & 0xff);
		}
	}
	return 0;
}

static void v2_cpu_init(void)
{
	struct pcpu *cpu = this_cpu();

	cpu_mask[cpu->id] = read_own_mask();
	/* A uniprocessor GIC makes ITARGETSR read as zero (4.3.12): its one interface is 0. */
	if (cpu_mask[cpu->id] == 0 && ((rd32(dist, GICD_TYPER) >> 5) & 7) == 0)
		cpu_mask[cpu->id] = 1;
	if (cpu_mask[cpu->id] == 0)
		panic("GICv2: CPU%u cannot find its CPU interface number", cpu->id);
	/* SGIs and PPIs: disabled until asked for, default priority. */
	wr32(dist, GICD_ICENABLER, 0xffffffffU);
	wr32(dist, GICD_ICPENDR, 0xffffffffU);
	wr32(dist, GICD_ICACTIVER, 0xffffffffU);
	for (unsigned int i = 0; i < 32; i += 4)
		wr32(dist, GICD_IPRIORITYR + i, 0xa0a0a0a0U);
	wr32(cpuif, GICC_PMR, 0xff);
	wr32(cpuif, GICC_BPR, 0);
	wr32(cpuif, GICC_CTLR, 1); /* EnableGrp1 (non-secure view), EOImode 0 */
}

static uint32_t v2_ack(void)
{
	uint32_t iar = rd32(cpuif, GICC_IAR);

	dsb(sy);
	return iar;
}

static void v2_eoi(uint32_t iar)
{
	wr32(cpuif, GICC_EOIR, iar);
}

static void v2_enable(uint32_t intid, unsigned int prio, bool level, unsigned int cpu)
{
	unsigned int cfg_shift = (intid % 16) * 2 + 1;
	uint32_t cfg;

	*(volatile uint8_t *)(dist + GICD_IPRIORITYR + intid) = (uint8_t)prio;
	if (intid >= 32) {
		cfg = rd32(dist, GICD_ICFGR + (intid / 16) * 4);
		cfg = level ? (cfg & ~(1U << cfg_shift)) : (cfg | (1U << cfg_shift));
		wr32(dist, GICD_ICFGR + (intid / 16) * 4, cfg);
		*(volatile uint8_t *)(dist + GICD_ITARGETSR + intid) = cpu_mask[cpu];
	}
	wr32(dist, GICD_ISENABLER + (intid / 32) * 4, 1U << (intid % 32));
}

static void v2_disable(uint32_t intid)
{
	wr32(dist, GICD_ICENABLER + (intid / 32) * 4, 1U << (intid % 32));
}

/* GICD_SGIR (4.3.15): TargetListFilter 0, CPUTargetList, SGIINTID. */
static void v2_send_sgi(uint32_t sgi, unsigned int cpu)
{
	dsb(ishst);
	wr32(dist, GICD_SGIR, (uint32_t)cpu_mask[cpu] << 16 | (sgi & 0xf));
}

static const struct gic_ops v2_ops = {
	.version = 2,
	.intid_mask = 0x3ff,
	.cpu_init = v2_cpu_init,
	.ack = v2_ack,
	.eoi = v2_eoi,
	.enable = v2_enable,
	.disable = v2_disable,
	.send_sgi = v2_send_sgi,
};

const struct gic_ops *gicv2_probe(const void *fdt, int node, struct gic_info *info)
{
	paddr_t dpa, cpa, hpa = 0, vpa = 0;
	psize_t dsz, csz, sz;
	unsigned int lines;

	if (fdt_reg_get(fdt, node, 0, &dpa, &dsz) < 0 ||
	    fdt_reg_get(fdt, node, 1, &cpa, &csz) < 0) {
		pr_err("GICv2: node has no distributor and CPU interface in reg\n");
		return NULL;
	}
	(void)fdt_reg_get(fdt, node, 2, &hpa, &sz);
	(void)fdt_reg_get(fdt, node, 3, &vpa, &sz);
	dist = ioremap(dpa, dsz);
	cpuif = ioremap(cpa, MAX(csz, (psize_t)GICC_SIZE));
	if (dist == NULL || cpuif == NULL) {
		pr_err("GICv2: cannot map the distributor or CPU interface\n");
		return NULL;
	}
	lines = MIN(32 * ((rd32(dist, GICD_TYPER) & 0x1f) + 1), 1020U);
	info->version = 2;
	info->nr_lines = lines;
	info->dist_base = dpa;
	info->cpu_base = cpa;
	info->hyp_base = hpa;
	info->vcpu_base = vpa;

	wr32(dist, GICD_CTLR, 0);
	for (unsigned int i = 32; i < lines; i += 32) {
		wr32(dist, GICD_ICENABLER + i / 8, 0xffffffffU);
		wr32(dist, GICD_ICPENDR + i / 8, 0xffffffffU);
		wr32(dist, GICD_ICACTIVER + i / 8, 0xffffffffU);
	}
	for (unsigned int i = 32; i < lines; i += 16)
		wr32(dist, GICD_ICFGR + i / 4, 0);
	for (unsigned int i = 32; i < lines; i += 4)
		wr32(dist, GICD_IPRIORITYR + i, 0xa0a0a0a0U);
	wr32(dist, GICD_CTLR, 1);
	return &v2_ops;
}
