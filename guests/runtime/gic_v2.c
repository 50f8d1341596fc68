// SPDX-License-Identifier: Apache-2.0
/*
 * GICv2 (IHI 0048B): distributor (GICD, 4.3) and memory-mapped CPU interface (GICC, 4.4).
 * Interrupts stay in their reset group: Group 0 on a GIC without the Security Extensions
 * (QEMU without secure=on), signalled as IRQ since GICC_CTLR.FIQEn is 0; a hypervisor's
 * virtual GIC shows the non-secure view, where everything is Group 1 and GICC_CTLR bit 0
 * enables it. Either way, writing 1 to GICD_CTLR and GICC_CTLR turns on what is used.
 */
#include "runtime.h"

#define GICD_CTLR	0x000
#define GICD_TYPER	0x004
#define GICD_ISENABLER	0x100
#define GICD_ICENABLER	0x180
#define GICD_ISPENDR	0x200
#define GICD_ICACTIVER	0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR	0x800
#define GICD_SGIR	0xf00

#define GICC_CTLR 0x00
#define GICC_PMR  0x04
#define GICC_BPR  0x08
#define GICC_IAR  0x0c
#define GICC_EOIR 0x10

static uintptr_t gicd, gicc;
static unsigned int gic_lines;

static int v2_init(void)
{
	gicd = rt_platform.gicd_base;
	gicc = rt_platform.gicc_base;
	gic_lines = 32 * ((mmio_read32(gicd + GICD_TYPER) & 0x1f) + 1);
	if (gic_lines > IRQ_MAX)
		gic_lines = IRQ_MAX;

	mmio_write32(gicd + GICD_CTLR, 0);
	for (unsigned int i = IRQ_SPI_BASE; i < gic_lines; i += 32) {
		mmio_write32(gicd + GICD_ICENABLER + i / 8, ~0U);
		mmio_write32(gicd + GICD_ICACTIVER + i / 8, ~0U);
	}
	for (unsigned int i = IRQ_SPI_BASE; i < gic_lines; i += 4)
		mmio_write32(gicd + GICD_IPRIORITYR + i, 0x01010101U * IRQ_PRIO_DEFAULT);
	mmio_write32(gicd + GICD_CTLR, 1);
	return 0;
}

static int v2_cpu_init(struct rt_cpu *c)
{
	/* GICD_ITARGETSR0-7 read back the reading CPU interface's own bit (IHI 0048B,
	 * GICD_ITARGETSRn); a uniprocessor GIC may make them RAZ. */
	uint8_t self = (uint8_t)mmio_read32(gicd + GICD_ITARGETSR);

	c->gicc_target = self != 0 ? self : 1;
	mmio_write32(gicd + GICD_ICENABLER, ~0U);
	mmio_write32(gicd + GICD_ICACTIVER, ~0U);
	for (unsigned int i = 0; i < 32; i += 4)
		mmio_write32(gicd + GICD_IPRIORITYR + i, 0x01010101U * IRQ_PRIO_DEFAULT);
	mmio_write32(gicc + GICC_PMR, 0xff);
	mmio_write32(gicc + GICC_BPR, 0);
	mmio_write32(gicc + GICC_CTLR, 1); /* EOImode 0: EOIR drops priority and deactivates */
	return 0;
}

static uint32_t v2_ack(void)
{
	return mmio_read32(gicc + GICC_IAR);
}

static void v2_eoi(uint32_t iar)
{
	mmio_write32(gicc + GICC_EOIR, iar);
}

static void v2_enable(unsigned int intid, bool on)
{
	mmio_write32(gicd + (on ? GICD_ISENABLER : GICD_ICENABLER) + (intid / 32) * 4,
		     1U << (intid % 32));
}

static bool v2_is_pending(unsigned int intid)
{
	return (mmio_read32(gicd + GICD_ISPENDR + (intid / 32) * 4) & (1U << (intid % 32))) != 0;
}

static void v2_set_priority(unsigned int intid, uint8_t prio)
{
	mmio_write8(gicd + GICD_IPRIORITYR + intid, prio); /* byte-accessible (IHI 0048B) */
}

static void v2_route_spi(unsigned int intid, const struct rt_cpu *c)
{
	mmio_write8(gicd + GICD_ITARGETSR + intid, c->gicc_target); /* byte-accessible */
}

static void v2_send_sgi(const struct rt_cpu *c, unsigned int intid)
{
	/* GICD_SGIR (IHI 0048B): TargetListFilter 0 (use the list), CPUTargetList [23:16]. */
	mmio_write32(gicd + GICD_SGIR, ((uint32_t)c->gicc_target << 16) | intid);
}

static void v2_set_pmr(uint8_t pmr)
{
	mmio_write32(gicc + GICC_PMR, pmr);
}

static uint8_t v2_get_pmr(void)
{
	return (uint8_t)mmio_read32(gicc + GICC_PMR);
}

const struct gic_ops gic_v2_ops = {
	.init = v2_init,
	.cpu_init = v2_cpu_init,
	.ack = v2_ack,
	.eoi = v2_eoi,
	.enable = v2_enable,
	.is_pending = v2_is_pending,
	.set_priority = v2_set_priority,
	.route_spi = v2_route_spi,
	.send_sgi = v2_send_sgi,
	.set_pmr = v2_set_pmr,
	.get_pmr = v2_get_pmr,
};
