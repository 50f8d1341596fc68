// SPDX-License-Identifier: Apache-2.0
/*
 * SCHEDOP_watchdog (Xen public sched.h; Xen 4.17 common/sched/core.c domain_watchdog): a
 * domain has PV_WATCHDOGS watchdogs. id 0 takes a free one and answers its id (1-based),
 * -ENOSPC when none is free; a known id with a timeout re-arms it (a ping) and with timeout
 * 0 frees it; any other id is -EINVAL. A watchdog not pinged within its timeout (seconds)
 * shuts its domain down with reason SHUTDOWN_watchdog ("Watchdog timer fired for domain N").
 *
 * Deadlines are counter values in the domain. Each watchdog is checked by the tick of the
 * pCPU whose vCPU last armed it, which is one of its own domain's pCPUs (sched=null gives
 * each vCPU a pCPU of its own): a pCPU busy for long, in a long hypercall or a rebuild,
 * delays only the watchdogs of the domain that keeps it busy, never a neighbour's. A tick
 * (one timer per pCPU, touched only by that pCPU) checks every WATCHDOG_TICK_NS while a
 * watchdog it checks is armed. Ticks read domains under watchdog_lock, which
 * pv_domain_destroy also takes before a domain is freed, so a domain is never looked at
 * after it is gone.
 */
#include <asm/spinlock.h>
#include <drivers/arch_timer.h>
#include <public/xen.h>
#include <tessera/domain.h>
#include <tessera/errno.h>
#include <tessera/percpu.h>
#include <tessera/printk.h>
#include <tessera/timer.h>
#include <pv/pv.h>

#define WATCHDOG_TICK_NS    100000000ULL /* 100 ms: timeouts are whole seconds */
#define WATCHDOG_TIMEOUT_NS 1000000000ULL

_Static_assert(NR_CPUS <= 256, "pv.watchdog_cpu holds a pCPU number");

static spinlock_t watchdog_lock = SPINLOCK_INIT;
static struct timer tick[NR_CPUS];
static bool tick_armed[NR_CPUS];

/* Is a watchdog that pCPU cpu checks armed? With watchdog_lock held. */
static bool any_armed(unsigned int cpu)
{
	for (unsigned int id = 1; id <= DOMAIN_MAX; id++) {
		const struct domain *d = domain_by_id(id);

		for (unsigned int i = 0; d != NULL && i < PV_WATCHDOGS; i++) {
			if (d->pv->watchdog_deadline[i] != 0 && d->pv->watchdog_cpu[i] == cpu)
				return true;
		}
	}
	return false;
}

static void tick_fn(struct timer *t, void *data)
{
	uint64_t now = timer_now();
	unsigned int cpu = this_cpu_id();

	(void)data;
	spin_lock(&watchdog_lock); /* IRQ context: IRQs are masked */
	for (unsigned int id = 1; id <= DOMAIN_MAX; id++) {
		struct domain *d = domain_by_id(id);

		for (unsigned int i = 0; d != NULL && i < PV_WATCHDOGS; i++) {
			if (d->pv->watchdog_deadline[i] == 0 || d->pv->watchdog_cpu[i] != cpu ||
			    d->pv->watchdog_deadline[i] > now)
				continue;
			d->pv->watchdog_deadline[i] = 0;
			if (d->state != DOMAIN_RUNNING)
				continue;
			pr_warn("d%u (%s): watchdog %u fired\n", d->id, d->name, i + 1);
			(void)pv_domain_shutdown(d, SHUTDOWN_watchdog); /* a known reason */
		}
	}
	tick_armed[cpu] = any_armed(cpu);
	if (tick_armed[cpu])
		timer_set(t, now + ns_to_ticks(WATCHDOG_TICK_NS));
	spin_unlock(&watchdog_lock);
}

/* Sets watchdog i of d to fire timeout seconds from now, checked by this pCPU's tick; with
 * watchdog_lock held. */
static void arm(struct domain *d, unsigned int i, uint32_t timeout)
{
	unsigned int cpu = this_cpu_id();

	/* Whole seconds up to 2^32 in counter ticks stay far below 2^64 at any real frequency. */
	d->pv->watchdog_deadline[i] = timer_now() + ns_to_ticks(timeout * WATCHDOG_TIMEOUT_NS);
	d->pv->watchdog_cpu[i] = (uint8_t)cpu;
	if (!tick_armed[cpu]) {
		timer_setup(&tick[cpu], tick_fn, NULL);
		timer_set(&tick[cpu], timer_now() + ns_to_ticks(WATCHDOG_TICK_NS));
		tick_armed[cpu] = true;
	}
}

int64_t pv_watchdog_op(struct domain *d, uint32_t id, uint32_t timeout)
{
	int64_t ret = -EINVAL;
	uint64_t flags;

	if (id > PV_WATCHDOGS)
		return -EINVAL;
	flags = spin_lock_irqsave(&watchdog_lock);
	if (id == 0) {
		ret = -ENOSPC;
		for (unsigned int i = 0; i < PV_WATCHDOGS && ret == -ENOSPC; i++) {
			if (d->pv->watchdog_deadline[i] == 0) {
				arm(d, i, timeout);
				ret = i + 1;
			}
		}
	} else if (d->pv->watchdog_deadline[id - 1] != 0) {
		if (timeout == 0)
			d->pv->watchdog_deadline[id - 1] = 0; /* the tick stops when none is left */
		else
			arm(d, id - 1, timeout);
		ret = 0;
	}
	spin_unlock_irqrestore(&watchdog_lock, flags);
	return ret;
}

void pv_watchdog_destroy(struct domain *d)
{
	uint64_t flags = spin_lock_irqsave(&watchdog_lock);

	for (unsigned int i = 0; i < PV_WATCHDOGS; i++)
		d->pv->watchdog_deadline[i] = 0;
	spin_unlock_irqrestore(&watchdog_lock, flags);
}
