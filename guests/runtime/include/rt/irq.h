/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Interrupts through the GIC the device tree names: GICv3 through the ICC_* system
 * registers (GIC spec IHI 0069H, chapter 12) or GICv2 through its memory-mapped CPU
 * interface (IHI 0048B, chapter 4). INTIDs: 0-15 SGIs, 16-31 PPIs, 32-1019 SPIs.
 *
 * SGIs and PPIs are banked per CPU: irq_enable/irq_disable/irq_set_priority on one of them
 * act on the calling CPU only. An SPI is routed to the CPU that enables it. Handlers are
 * shared by all CPUs and run with IRQs masked; the runtime acknowledges the interrupt
 * before and ends it (EOI, priority drop and deactivation) after the handler.
 */
#ifndef RT_IRQ_H
#define RT_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#define IRQ_SGI_BASE 0
#define IRQ_PPI_BASE 16
#define IRQ_SPI_BASE 32
#define IRQ_MAX	     1020

/* Priorities: lower is more urgent; GICs implement at least the top 4 or 5 bits. */
#define IRQ_PRIO_HIGH	 0x40
#define IRQ_PRIO_DEFAULT 0xa0
#define IRQ_PRIO_LOW	 0xc0

typedef void (*irq_handler_t)(unsigned int intid, void *arg);

int irq_register(unsigned int intid, irq_handler_t fn, void *arg);
int irq_enable(unsigned int intid);
int irq_disable(unsigned int intid);
int irq_set_priority(unsigned int intid, uint8_t prio);
/* Its pending state in the distributor (GICD_ISPENDR<n>; SGIs and PPIs: the calling CPU's,
 * in the GICv3 redistributor's GICR_ISPENDR0). */
bool irq_is_pending(unsigned int intid);

/* SGI intid (0-15) to the CPU with logical index cpu. */
int irq_send_sgi(unsigned int cpu, unsigned int intid);

/* The CPU interface's priority mask: only priorities numerically below it are signalled. */
void irq_set_pmr(uint8_t pmr);
uint8_t irq_get_pmr(void);

unsigned int gic_version(void);

/* PSTATE.I (Arm ARM DAIFSet/DAIFClr). */
static inline void local_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

static inline void local_irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

#endif
