/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The virtual timer: guests program CNTV directly. Its interrupt (PPI 27) arrives at EL2;
 * Tessera masks the timer and makes the virtual PPI pending, which wakes a blocked vCPU.
 * The guest unmasks it when it reprograms the timer.
 */
#ifndef VIRT_VTIMER_H
#define VIRT_VTIMER_H

struct vcpu;

void vtimer_init(void);	    /* boot CPU: registers the handler */
void vtimer_init_cpu(void); /* every pCPU: enables the PPI */
/* v's timer state was saved: stop the hardware timer firing for it. */
void vtimer_vcpu_put(struct vcpu *v);

#endif
