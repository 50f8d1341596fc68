// SPDX-License-Identifier: Apache-2.0
/*
 * The per-pCPU run loop. With IRQs masked it picks a vCPU, runs it until it exits, handles
 * the exit, then opens IRQs for a moment so any physical interrupt that caused the exit is
 * taken at EL2. With nothing to run it waits in WFI (which wakes on a pending interrupt
 * even while masked, so a wake-up cannot be lost between the check and the WFI).
 */
#include <asm/sysreg.h>
#include <tessera/domain.h>
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

/* A vCPU of a dying domain leaves this pCPU (the domain's owner, domain.c, does the rest). */
static void leave_dying_domain(struct pcpu *cpu)
{
	struct vcpu *v = cpu->assigned;

	if (v != NULL && v->domain->state == DOMAIN_DYING)
		domain_vcpu_leave(v);
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
