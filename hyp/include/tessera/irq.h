/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Physical interrupts as the hypervisor sees them: INTIDs (GIC numbering: SGIs 0-15, PPIs
 * 16-31, SPIs 32+), handlers registered at boot, dispatched from the EL2 IRQ vector.
 */
#ifndef TESSERA_IRQ_H
#define TESSERA_IRQ_H

#include <tessera/types.h>

#define IRQ_MAX		 1020 /* INTIDs 1020-1023 are special (GICv3 spec 2.2.1) */
#define IRQ_SPURIOUS	 1023
#define IRQ_PRIO_DEFAULT 0xa0
#define IRQ_PRIO_HIGH	 0x80

/* Software-generated interrupts Tessera uses between pCPUs. */
enum ipi {
	IPI_PING = 0, /* boot check that every pCPU takes interrupts */
	IPI_WAKE = 1, /* leave WFI and look for work */
	IPI_HALT = 2, /* stop this pCPU (fatal error elsewhere) */
};

typedef void (*irq_handler_fn)(unsigned int intid, void *ctx);

/* -EINVAL for a bad INTID, -EBUSY if one is registered already. PPIs and SGIs are per-CPU
 * interrupts but share one handler across CPUs. */
int irq_register(unsigned int intid, irq_handler_fn fn, void *ctx);

/* Enables intid on this CPU (SGI/PPI) or routes it to this CPU (SPI). */
void irq_enable(unsigned int intid, unsigned int priority, bool level);
void irq_disable(unsigned int intid);

void ipi_send(unsigned int cpu, enum ipi ipi);

struct cpu_regs;
/* Called from the EL2 IRQ vector: acknowledges and handles interrupts until none pend. */
void irq_handle(struct cpu_regs *regs);

#endif
