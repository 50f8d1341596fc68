// SPDX-License-Identifier: Apache-2.0
/* Physical interrupt dispatch: a fixed table of handlers, filled at boot. */
#include <asm/regs.h>
#include <drivers/gic.h>
#include <tessera/errno.h>
#include <tessera/irq.h>
#include <tessera/percpu.h>
#include <tessera/printk.h>

/* Bound on interrupts handled per exception, so a storm cannot pin a CPU in the handler. */
#define IRQ_BATCH_MAX 16

struct irq_desc {
	irq_handler_fn fn;
	void *ctx;
};

static struct irq_desc irq_table[IRQ_MAX];

int irq_register(unsigned int intid, irq_handler_fn fn, void *ctx)
{
	if (intid >= IRQ_MAX || fn == NULL)
		return -EINVAL;
	if (irq_table[intid].fn != NULL)
		return -EBUSY;
	irq_table[intid].ctx = ctx;
	irq_table[intid].fn = fn;
	return 0;
}

void irq_enable(unsigned int intid, unsigned int priority, bool level)
{
	gic_get_ops()->enable(intid, priority, level, this_cpu_id());
}

void irq_disable(unsigned int intid)
{
	gic_get_ops()->disable(intid);
}

void ipi_send(unsigned int cpu, enum ipi ipi)
{
	if (cpu < nr_cpus_present)
		gic_get_ops()->send_sgi((uint32_t)ipi, cpu);
}

void irq_handle(struct cpu_regs *regs)
{
	const struct gic_ops *ops = gic_get_ops();
	struct pcpu *cpu = this_cpu();

	(void)regs;
	for (int i = 0; i < IRQ_BATCH_MAX; i++) {
		uint32_t iar = ops->ack();
		uint32_t intid = iar & ops->intid_mask;

		if (intid >= IRQ_MAX)
			break; /* 1020-1023: nothing (more) pending */
		cpu->irq_count++;
		if (irq_table[intid].fn != NULL)
			irq_table[intid].fn(intid, irq_table[intid].ctx);
		else
			pr_warn("CPU%u: interrupt %u has no handler\n", cpu->id, intid);
		ops->eoi(iar);
	}
}
