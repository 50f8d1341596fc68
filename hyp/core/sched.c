// SPDX-License-Identifier: Apache-2.0
/*
 * The per-pCPU run loop. With IRQs masked it picks a vCPU, runs it until it exits, handles
 * the exit, then opens IRQs for a moment so any physical interrupt that caused the exit is
 * taken at EL2. With nothing to run it waits in WFI (which wakes on a pending interrupt
 * even while masked, so a wake-up cannot be lost between the check and the WFI).
 */
#include <asm/sysreg.h>
#include <tessera/domain.h>
#include <tessera/dom0less.h>
#include <tessera/percpu.h>
#include <tessera/sched.h>

static const struct scheduler *sched = &sched_null; /* until sched_init() chooses */

void sched_init(const struct scheduler *s)
{
	sched = s;
}

const struct scheduler *sched_get(void)
{
	return sched;
}

/* A vCPU of a dying domain leaves this pCPU; the last to leave finishes the domain. */
static void leave_dying_domain(struct pcpu *cpu)
{
	struct vcpu *v = cpu->assigned;
	struct domain *d;

	if (v == NULL || v->domain->state != DOMAIN_DYING)
		return;
	d = v->domain;
	if (cpu->current == v)
		vcpu_put(v);
	pv_vcpu_leave(v);
	vtimer_vcpu_leave(v);
	sched->remove(v);
	if (__atomic_sub_fetch(&d->vcpus_loaded, 1, __ATOMIC_ACQ_REL) == 0) {
		/* Scrubbing a domain's RAM and rebuilding it (inflating a kernel of tens of MiB)
		 * takes long: with IRQs open meanwhile, this pCPU still takes its timers, console
		 * input and IPIs. Nothing runs here now: the vCPU left above, and every lock the
		 * rebuild takes is taken with IRQs masked. */
		irq_enable_local();
		dom0less_finish_domain(d);
		irq_disable_local();
	}
}

void sched_loop(void)
{
	struct pcpu *cpu = this_cpu();

	for (;;) {
		struct vcpu *v;

		irq_disable_local();
		leave_dying_domain(cpu);
		v = sched->pick(cpu->id);
		if (v != NULL)
			vcpu_run(v);
		else
			wfi();
		irq_enable_local();
	}
}
