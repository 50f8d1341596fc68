// SPDX-License-Identifier: Apache-2.0
/*
 * GICv3 at EL1 (IHI 0069H): the distributor with affinity routing (GICD_*), this CPU's
 * redistributor (GICR_*) and the CPU interface through the ICC_* system registers. All interrupts
 * are Group 1 (non-secure), signalled as IRQ. The same writes suit a GIC with one security state
 * (QEMU without secure=on: GICD_CTLR.DS = 1) and the non-secure view a hypervisor's virtual GIC
 * gives: bit 1 of GICD_CTLR enables Group 1 and bit 4 is ARE(_NS) in both (IHI 0069H, GICD_CTLR).
 */
#include "runtime.h"

#define GICD_CTLR	0x0000
#define GICD_TYPER	0x0004
#define GICD_IGROUPR	0x0080
#define GICD_ISENABLER	0x0100
#define GICD_ICENABLER	0x0180
#define GICD_ISPENDR	0x0200
#define GICD_ICACTIVER	0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER	0x6000
#define CTLR_ENABLE_G1	(1U << 1)
#define CTLR_ARE	(1U << 4)
#define CTLR_RWP	(1U << 31)

#define GICR_CTLR      0x0000
#define GICR_TYPER     0x0008
#define GICR_WAKER     0x0014
#define GICR_SGI       0x10000 /* SGI_base: the second 64 KiB frame */
#define GICR_CTLR_RWP  (1U << 3)
#define TYPER_VLPIS    (1UL << 1)
#define TYPER_LAST     (1UL << 4)
#define WAKER_PSLEEP   (1U << 1)
#define WAKER_CASLEEP  (1U << 2)
#define GICR_STRIDE_V3 0x20000
#define GICR_STRIDE_V4 0x40000

#define ICC_SRE_SRE (1UL << 0)

#define POLL_LIMIT 1000000

static uintptr_t gicd;
static unsigned int gic_lines;

static void wait_clear(uintptr_t reg, uint32_t bit)
{
	for (int i = 0; i < POLL_LIMIT && (mmio_read32(reg) & bit) != 0; i++)
		;
}

static int v3_init(void)
{
	gicd = rt_platform.gicd_base;
	gic_lines = 32 * ((mmio_read32(gicd + GICD_TYPER) & 0x1f) + 1);
	if (gic_lines > IRQ_MAX)
		gic_lines = IRQ_MAX;

	mmio_write32(gicd + GICD_CTLR, 0);
	wait_clear(gicd + GICD_CTLR, CTLR_RWP);
	/* Affinity routing first, then the group enable (GICD_CTLR: changing ARE with a group
	 * enabled is UNPREDICTABLE). */
	mmio_write32(gicd + GICD_CTLR, CTLR_ARE);
	wait_clear(gicd + GICD_CTLR, CTLR_RWP);
	for (unsigned int i = IRQ_SPI_BASE; i < gic_lines; i += 32) {
		mmio_write32(gicd + GICD_IGROUPR + i / 8, ~0U);
		mmio_write32(gicd + GICD_ICENABLER + i / 8, ~0U);
		mmio_write32(gicd + GICD_ICACTIVER + i / 8, ~0U);
	}
	for (unsigned int i = IRQ_SPI_BASE; i < gic_lines; i += 4)
		mmio_write32(gicd + GICD_IPRIORITYR + i, 0x01010101U * IRQ_PRIO_DEFAULT);
	wait_clear(gicd + GICD_CTLR, CTLR_RWP);
	mmio_write32(gicd + GICD_CTLR, CTLR_ARE | CTLR_ENABLE_G1);
	wait_clear(gicd + GICD_CTLR, CTLR_RWP);
	return 0;
}

/* GICR_TYPER[63:32] holds Aff3.Aff2.Aff1.Aff0 (IHI 0069H, GICR_TYPER); MPIDR has Aff3 at [39:32].
 */
static uint32_t mpidr_to_aff32(uint64_t mpidr)
{
	return (uint32_t)(((mpidr >> 32) & 0xff) << 24) | (uint32_t)(mpidr & 0xffffff);
}

static uintptr_t find_redistributor(uint64_t mpidr)
{
	const struct rt_platform *p = &rt_platform;
	uint32_t aff = mpidr_to_aff32(mpidr);

	for (unsigned int r = 0; r < p->gicr_regions; r++) {
		uintptr_t base = p->gicr[r].base;
		uintptr_t end = base + p->gicr[r].size;

		while (base < end) {
			uint64_t typer = mmio_read64(base + GICR_TYPER);

			if ((uint32_t)(typer >> 32) == aff)
				return base;
			if (typer & TYPER_LAST)
				break;
			base += p->gicr_stride		? p->gicr_stride
				: (typer & TYPER_VLPIS) ? GICR_STRIDE_V4
							: GICR_STRIDE_V3;
		}
	}
	return 0;
}

static int v3_cpu_init(struct rt_cpu *c)
{
	uintptr_t rd = find_redistributor(c->mpidr);
	uintptr_t sgi = rd + GICR_SGI;

	if (rd == 0) {
		printf("FAIL: no GICv3 redistributor for MPIDR 0x%llx\n",
		       (unsigned long long)c->mpidr);
		return -ENODEV;
	}
	c->gicr_rd = rd;
	/* Wake the redistributor (IHI 0069H, GICR_WAKER); a virtual one may keep these bits RAZ/WI.
	 */
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~WAKER_PSLEEP);
	wait_clear(rd + GICR_WAKER, WAKER_CASLEEP);

	mmio_write32(sgi + GICD_IGROUPR, ~0U);
	mmio_write32(sgi + GICD_ICENABLER, ~0U);
	mmio_write32(sgi + GICD_ICACTIVER, ~0U);
	for (unsigned int i = 0; i < 32; i += 4)
		mmio_write32(sgi + GICD_IPRIORITYR + i, 0x01010101U * IRQ_PRIO_DEFAULT);
	wait_clear(rd + GICR_CTLR, GICR_CTLR_RWP);

	/* The system register interface (IHI 0069H, ICC_SRE_EL1); SRE may be fixed at 1. */
	write_sysreg_s(read_sysreg_s(ICC_SRE_EL1) | ICC_SRE_SRE, ICC_SRE_EL1);
	isb();
	if ((read_sysreg_s(ICC_SRE_EL1) & ICC_SRE_SRE) == 0) {
		printf("FAIL: GICv3 system register interface disabled (ICC_SRE_EL1.SRE)\n");
		return -ENODEV;
	}
	write_sysreg_s(0xff, ICC_PMR_EL1);
	write_sysreg_s(0, ICC_BPR1_EL1);
	write_sysreg_s(0, ICC_CTLR_EL1); /* EOImode 0: EOIR drops priority and deactivates */
	write_sysreg_s(1, ICC_IGRPEN1_EL1);
	isb();
	return 0;
}

static uint32_t v3_ack(void)
{
	return (uint32_t)read_sysreg_s(ICC_IAR1_EL1);
}

static void v3_eoi(uint32_t iar)
{
	write_sysreg_s(iar, ICC_EOIR1_EL1);
	isb();
}

/* SGIs and PPIs live in this CPU's redistributor, SPIs in the distributor. */
static uintptr_t frame_of(unsigned int intid)
{
	return intid < IRQ_SPI_BASE ? this_cpu()->gicr_rd + GICR_SGI : gicd;
}

static void v3_enable(unsigned int intid, bool on)
{
	uintptr_t f = frame_of(intid);
	uint32_t bit = 1U << (intid % 32);

	mmio_write32(f + (on ? GICD_ISENABLER : GICD_ICENABLER) + (intid / 32) * 4, bit);
	if (!on) {
		if (intid < IRQ_SPI_BASE)
			wait_clear(this_cpu()->gicr_rd + GICR_CTLR, GICR_CTLR_RWP);
		else
			wait_clear(gicd + GICD_CTLR, CTLR_RWP);
	}
}

static bool v3_is_pending(unsigned int intid)
{
	return (mmio_read32(frame_of(intid) + GICD_ISPENDR + (intid / 32) * 4) &
		(1U << (intid % 32))) != 0;
}

static void v3_set_priority(unsigned int intid, uint8_t prio)
{
	mmio_write8(frame_of(intid) + GICD_IPRIORITYR + intid, prio); /* byte-accessible */
}

static void v3_route_spi(unsigned int intid, const struct rt_cpu *c)
{
	/* GICD_IROUTER<n> (IHI 0069H): Aff3 at [39:32], Aff2.Aff1.Aff0 at [23:0], IRM = 0. */
	mmio_write64(gicd + GICD_IROUTER + 8 * intid, c->mpidr & 0xff00ffffffUL);
}

static void v3_send_sgi(const struct rt_cpu *c, unsigned int intid)
{
	/* ICC_SGI1R_EL1 (IHI 0069H): Aff3 [55:48], RS [47:44], Aff2 [39:32], INTID [27:24],
	 * Aff1 [23:16], TargetList [15:0] (one bit per Aff0 within the range RS selects). */
	uint64_t m = c->mpidr;
	uint64_t aff0 = m & 0xff;
	uint64_t v = (((m >> 32) & 0xff) << 48) | ((aff0 >> 4) << 44) | (((m >> 16) & 0xff) << 32) |
		     ((uint64_t)intid << 24) | (((m >> 8) & 0xff) << 16) | (1UL << (aff0 & 0xf));

	write_sysreg_s(v, ICC_SGI1R_EL1);
	isb();
}

static void v3_set_pmr(uint8_t pmr)
{
	write_sysreg_s(pmr, ICC_PMR_EL1);
	isb();
}

static uint8_t v3_get_pmr(void)
{
	return (uint8_t)read_sysreg_s(ICC_PMR_EL1);
}

const struct gic_ops gic_v3_ops = {
	.init = v3_init,
	.cpu_init = v3_cpu_init,
	.ack = v3_ack,
	.eoi = v3_eoi,
	.enable = v3_enable,
	.is_pending = v3_is_pending,
	.set_priority = v3_set_priority,
	.route_spi = v3_route_spi,
	.send_sgi = v3_send_sgi,
	.set_pmr = v3_set_pmr,
	.get_pmr = v3_get_pmr,
};
