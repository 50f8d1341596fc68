// SPDX-License-Identifier: Apache-2.0
/*
 * The GIC-version-independent part: the handler table, the guest API and the IRQ exception
 * loop: acknowledge (the highest-priority pending interrupt comes first), call the handler,
 * end the interrupt (GIC spec IHI 0069H, "Interrupt handling and prioritization").
 */
#include "runtime.h"

/* At most this many interrupts per IRQ exception, so one storm cannot starve the rest. */
#define IRQ_BURST 16

struct irq_slot {
	irq_handler_t fn;
	void *arg;
};

static const struct gic_ops *gic;
static struct irq_slot irq_slots[IRQ_MAX];

int gic_init(void)
{
	gic = rt_platform.gic_version == 3 ? &gic_v3_ops : &gic_v2_ops;
	return gic->init();
}

int gic_cpu_init(struct rt_cpu *c)
{
	return gic->cpu_init(c);
}

unsigned int gic_version(void)
{
	return rt_platform.gic_version;
}

int irq_register(unsigned int intid, irq_handler_t fn, void *arg)
{
	uint64_t flags;

	if (intid >= IRQ_MAX)
		return -EINVAL;
	flags = irq_save_local();
	irq_slots[intid].arg = arg;
	WRITE_ONCE(irq_slots[intid].fn, fn);
	dsb(ish);
	irq_restore_local(flags);
	return 0;
}

int irq_enable(unsigned int intid)
{
	if (intid >= IRQ_MAX)
		return -EINVAL;
	if (intid >= IRQ_SPI_BASE)
		gic->route_spi(intid, this_cpu());
	gic->enable(intid, true);
	return 0;
}

int irq_disable(unsigned int intid)
{
	if (intid >= IRQ_MAX)
		return -EINVAL;
	gic->enable(intid, false);
	return 0;
}

bool irq_is_pending(unsigned int intid)
{
	return intid < IRQ_MAX && gic->is_pending(intid);
}

int irq_set_priority(unsigned int intid, uint8_t prio)
{
	if (intid >= IRQ_MAX)
		return -EINVAL;
	gic->set_priority(intid, prio);
	return 0;
}

int irq_send_sgi(unsigned int cpu, unsigned int intid)
{
	if (cpu >= rt_platform.ncpus || intid >= IRQ_PPI_BASE)
		return -EINVAL;
	/* Whatever the target's handler reads must be visible before the SGI: a system
	 * register write is not ordered after earlier stores without a DSB. */
	dsb(ishst);
	gic->send_sgi(&rt_cpus[cpu], intid);
	return 0;
}

void irq_set_pmr(uint8_t pmr)
{
	gic->set_pmr(pmr);
}

uint8_t irq_get_pmr(void)
{
	return gic->get_pmr();
}

void irq_handle(void)
{
	for (int i = 0; i < IRQ_BURST; i++) {
		uint32_t iar = gic->ack();
		/* INTID: ICC_IAR1_EL1[23:0] in GICv3; GICC_IAR[9:0] in GICv2, where [12:10]
		 * is an SGI's source CPU and EOIR wants the whole value back (IHI 0048B,
		 * GICC_IAR and GICC_EOIR). */
		unsigned int intid = gic_version() == 3 ? (iar & 0xffffff) : (iar & 0x3ff);
		irq_handler_t fn;

		if (intid >= IRQ_MAX) /* 1020-1023: spurious or special, nothing pending */
			break;
		fn = READ_ONCE(irq_slots[intid].fn);
		if (fn != NULL) {
			fn(intid, irq_slots[intid].arg);
		} else {
			printf("FAIL: unhandled interrupt %u on cpu %u, disabled\n", intid,
			       cpu_id());
			gic->enable(intid, false);
		}
		gic->eoi(iar);
	}
}
