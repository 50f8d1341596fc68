// SPDX-License-Identifier: Apache-2.0
/*
 * GICv3 (Arm IHI 0069H): distributor with affinity routing, one redistributor per CPU, and
 * the system-register CPU interface. Every interrupt is Group 1 Non-secure; EOImode 0.
 */
#include <asm/mmu.h>
#include <asm/probe.h>
#include <asm/sysreg.h>
#include <drivers/gic.h>
#include <tessera/compiler.h>
#include <tessera/fdt_util.h>
#include <tessera/percpu.h>
#include <tessera/printk.h>

/* Distributor (12.9). */
#define GICD_CTLR	      0x0000
#define GICD_TYPER	      0x0004
#define GICD_IGROUPR	      0x0080
#define GICD_ISENABLER	      0x0100
#define GICD_ICENABLER	      0x0180
#define GICD_ICPENDR	      0x0280
#define GICD_ICACTIVER	      0x0380
#define GICD_IPRIORITYR	      0x0400
#define GICD_ICFGR	      0x0c00
#define GICD_IROUTER	      0x6000
#define GICD_PIDR2	      0xffe8
#define GICD_CTLR_RWP	      (1U << 31)
#define GICD_CTLR_ARE_NS      (1U << 4)
#define GICD_CTLR_ENABLE_G1NS (1U << 1)

/* Redistributor (12.10, 12.11): RD_base then SGI_base, 64 KiB each. */
#define GICR_CTLR		   0x0000
#define GICR_WAKER		   0x0014
#define GICR_TYPER		   0x0008
#define GICR_WAKER_PROCESSOR_SLEEP (1U << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1U << 2)
#define GICR_TYPER_VLPIS	   (1ULL << 1)
#define GICR_TYPER_LAST		   (1ULL << 4)
#define GICR_SGI_BASE		   0x10000
#define GICR_FRAME		   0x20000

#define GIC_POLL_MAX 1000000

static volatile uint8_t *dist;
static volatile uint8_t *redist_region;
static psize_t redist_size;
static volatile uint8_t *redist[NR_CPUS];

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

static inline uint64_t rd64(const volatile uint8_t *b, unsigned int off)
{
	// cppcheck-suppress misra-c2012-11.3 ; MMIO register: the offset keeps its alignment
	return *(const volatile uint64_t *)(b + off);
}

static inline void wr64(volatile uint8_t *b, unsigned int off, uint64_t v)
{
	// cppcheck-suppress misra-c2012-11.3 ; MMIO register: the offset keeps its alignment
	*(volatile uint64_t *)(b + off) = v;
}

static void dist_wait_rwp(void)
{
	for (int i = 0; i < GIC_POLL_MAX && (rd32(dist, GICD_CTLR) & GICD_CTLR_RWP); i++)
		;
}

/* Affinity of an MPIDR as GICD_IROUTER and GICR_TYPER write it: Aff3 in bits 39:32. */
static uint64_t mpidr_to_affinity(uint64_t mpidr)
{
	return (mpidr & 0xffffffULL) | ((mpidr >> 32) & 0xffULL) << 32;
}

/* Finds this CPU's redistributor by its affinity (GICR_TYPER[63:32], 12.11.37). */
static volatile uint8_t *find_redist(uint64_t mpidr)
{
	uint64_t aff = mpidr_to_affinity(mpidr);
	uint32_t want = (uint32_t)((aff & 0xffffff) | ((aff >> 32) << 24));

	for (psize_t off = 0; off + GICR_FRAME <= redist_size;) {
		volatile uint8_t *rd = redist_region + off;
		uint64_t typer = rd64(rd, GICR_TYPER);

		if ((uint32_t)(typer >> 32) == want)
			return rd;
		if (typer & GICR_TYPER_LAST)
			break;
		off += (typer & GICR_TYPER_VLPIS) ? 2 * GICR_FRAME : GICR_FRAME;
	}
	return NULL;
}

static void v3_cpu_init(void)
{
	struct pcpu *cpu = this_cpu();
	volatile uint8_t *rd = find_redist(cpu->mpidr);
	volatile uint8_t *sgi;

	if (rd == NULL)
		panic("GICv3: no redistributor for CPU%u (MPIDR 0x%llx)", cpu->id,
		      (unsigned long long)cpu->mpidr);
	redist[cpu->id] = rd;
	sgi = rd + GICR_SGI_BASE;

	/* Wake the redistributor (12.11.44). */
	wr32(rd, GICR_WAKER, rd32(rd, GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	for (int i = 0; i < GIC_POLL_MAX && (rd32(rd, GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP);
	     i++)
		;
	/* SGIs and PPIs: Group 1, disabled until asked for, default priority. */
	wr32(sgi, GICD_IGROUPR, 0xffffffffU);
	wr32(sgi, GICD_ICENABLER, 0xffffffffU);
	wr32(sgi, GICD_ICPENDR, 0xffffffffU);
	wr32(sgi, GICD_ICACTIVER, 0xffffffffU);
	for (unsigned int i = 0; i < 32; i += 4)
		wr32(sgi, GICD_IPRIORITYR + i, 0xa0a0a0a0U);

	/* The system-register interface at EL2 (12.1.5): SRE and Enable (lower ELs may use it). */
	write_sysreg_s(read_sysreg_s(ICC_SRE_EL2) | 0x9, ICC_SRE_EL2);
	isb();
	write_sysreg_s(0xff, ICC_PMR_EL1);
	write_sysreg_s(0, ICC_BPR1_EL1);
	write_sysreg_s(0, ICC_CTLR_EL1); /* EOImode 0: EOIR drops priority and deactivates */
	write_sysreg_s(1, ICC_IGRPEN1_EL1);
	isb();
}

static uint32_t v3_ack(void)
{
	uint32_t iar = (uint32_t)read_sysreg_s(ICC_IAR1_EL1);

	dsb(sy);
	return iar & 0xffffff;
}

static void v3_eoi(uint32_t intid)
{
	write_sysreg_s(intid, ICC_EOIR1_EL1);
	isb();
}

static volatile uint8_t *bank_for(uint32_t intid)
{
	return intid < 32 ? redist[this_cpu_id()] + GICR_SGI_BASE : dist;
}

static void v3_enable(uint32_t intid, unsigned int prio, bool level, unsigned int cpu)
{
	volatile uint8_t *b = bank_for(intid);
	unsigned int cfg_shift = (intid % 16) * 2 + 1;
	uint32_t cfg;

	*(volatile uint8_t *)(b + GICD_IPRIORITYR + intid) = (uint8_t)prio;
	if (intid >= 16) {
		cfg = rd32(b, GICD_ICFGR + (intid / 16) * 4);
		cfg = level ? (cfg & ~(1U << cfg_shift)) : (cfg | (1U << cfg_shift));
		wr32(b, GICD_ICFGR + (intid / 16) * 4, cfg);
	}
	if (intid >= 32)
		wr64(dist, GICD_IROUTER + intid * 8, mpidr_to_affinity(pcpus[cpu].mpidr));
	wr32(b, GICD_ISENABLER + (intid / 32) * 4, 1U << (intid % 32));
}

static void v3_disable(uint32_t intid)
{
	wr32(bank_for(intid), GICD_ICENABLER + (intid / 32) * 4, 1U << (intid % 32));
	if (intid >= 32)
		dist_wait_rwp();
}

/* ICC_SGI1R_EL1 (12.2.23): Aff3, Aff2, Aff1 and a 16-bit target list of Aff0 values. */
static void v3_send_sgi(uint32_t sgi, unsigned int cpu)
{
	uint64_t mpidr = pcpus[cpu].mpidr;
	uint64_t v = (1ULL << (mpidr & 0xf)) | ((mpidr >> 8) & 0xff) << 16 |
		     (uint64_t)(sgi & 0xf) << 24 | ((mpidr >> 16) & 0xff) << 32 |
		     ((mpidr >> 32) & 0xff) << 48;

	dsb(ishst);
	write_sysreg_s(v, ICC_SGI1R_EL1);
	isb();
}

static const struct gic_ops v3_ops = {
	.version = 3,
	.intid_mask = 0xffffff,
	.cpu_init = v3_cpu_init,
	.ack = v3_ack,
	.eoi = v3_eoi,
	.enable = v3_enable,
	.disable = v3_disable,
	.send_sgi = v3_send_sgi,
};

const struct gic_ops *gicv3_probe(const void *fdt, int node, struct gic_info *info)
{
	paddr_t dpa, rpa;
	psize_t dsz, rsz;
	unsigned int lines, arch_rev;
	uint32_t pidr2;

	if (fdt_reg_get(fdt, node, 0, &dpa, &dsz) < 0 ||
	    fdt_reg_get(fdt, node, 1, &rpa, &rsz) < 0) {
		pr_err("GICv3: node has no distributor and redistributor in reg\n");
		return NULL;
	}
	dist = ioremap(dpa, dsz);
	redist_region = ioremap(rpa, rsz);
	redist_size = rsz;
	if (dist == NULL || redist_region == NULL) {
		pr_err("GICv3: cannot map the distributor or redistributors\n");
		return NULL;
	}
	/* GICD_PIDR2.ArchRev (12.9.27): 3 or 4. A v2 distributor reads 0 here. */
	if (probe_read32(dist + GICD_PIDR2, &pidr2) < 0)
		pidr2 = 0;
	arch_rev = (pidr2 >> 4) & 0xf;
	if (arch_rev != 3 && arch_rev != 4) {
		pr_err("GICv3: the device tree names a GICv3 but the distributor reports "
		       "architecture revision %u\n",
		       arch_rev);
		return NULL;
	}
	lines = 32 * ((rd32(dist, GICD_TYPER) & 0x1f) + 1);
	if (lines > 1020U)
		lines = 1020U; /* INTIDs 1020-1023 are special */
	info->version = 3;
	info->nr_lines = lines;
	info->dist_base = dpa;
	info->cpu_base = rpa;

	/* Distributor off, every SPI Group 1, disabled, level, priority default, to CPU0. */
	wr32(dist, GICD_CTLR, 0);
	dist_wait_rwp();
	for (unsigned int i = 32; i < lines; i += 32) {
		wr32(dist, GICD_IGROUPR + i / 8, 0xffffffffU);
		wr32(dist, GICD_ICENABLER + i / 8, 0xffffffffU);
		wr32(dist, GICD_ICPENDR + i / 8, 0xffffffffU);
		wr32(dist, GICD_ICACTIVER + i / 8, 0xffffffffU);
	}
	for (unsigned int i = 32; i < lines; i += 16)
		wr32(dist, GICD_ICFGR + i / 4, 0);
	for (unsigned int i = 32; i < lines; i += 4)
		wr32(dist, GICD_IPRIORITYR + i, 0xa0a0a0a0U);
	for (unsigned int i = 32; i < lines; i++)
		wr64(dist, GICD_IROUTER + i * 8, mpidr_to_affinity(pcpus[0].mpidr));
	dist_wait_rwp();
	wr32(dist, GICD_CTLR, GICD_CTLR_ARE_NS);
	dist_wait_rwp();
	wr32(dist, GICD_CTLR, GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1NS);
	dist_wait_rwp();
	return &v3_ops;
}
