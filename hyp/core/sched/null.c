// SPDX-License-Identifier: Apache-2.0
/*
 * The null scheduler: every vCPU has a pCPU of its own for its whole life, so there is no
 * scheduling decision at run time and no jitter from other vCPUs (Xen's sched=null). A pCPU
 * without a vCPU idles.
 */
#include <tessera/errno.h>
#include <tessera/percpu.h>
#include <tessera/sched.h>

static spinlock_t null_lock = SPINLOCK_INIT;

static int null_insert(struct vcpu *v, const char **why)
{
	uint64_t flags = spin_lock_irqsave(&null_lock);
	int err = -ENOSPC;

	for (unsigned int cpu = 0; cpu < nr_cpus_present && err != 0; cpu++) {
		if (pcpus[cpu].online && pcpus[cpu].assigned == NULL) {
			v->pcpu = cpu;
			pcpus[cpu].assigned = v;
			err = 0;
		}
	}
	spin_unlock_irqrestore(&null_lock, flags);
	if (err != 0)
		*why = "no free pCPU (the null scheduler gives each vCPU its own)";
	return err;
}

static void null_remove(struct vcpu *v)
{
	uint64_t flags = spin_lock_irqsave(&null_lock);

	if (pcpus[v->pcpu].assigned == v)
		pcpus[v->pcpu].assigned = NULL;
	spin_unlock_irqrestore(&null_lock, flags);
}

static struct vcpu *null_pick(unsigned int cpu)
{
	struct vcpu *v = pcpus[cpu].assigned;

	if (v == NULL || v->state != VCPU_RUNNABLE || v->domain->state != DOMAIN_RUNNING)
		return NULL;
	return v;
}

static unsigned int null_capacity(void)
{
	unsigned int n = 0;

	for (unsigned int cpu = 0; cpu < nr_cpus_present; cpu++)
		n += (pcpus[cpu].online && pcpus[cpu].assigned == NULL) ? 1 : 0;
	return n;
}

const struct scheduler sched_null = {
	.name = "null",
	.insert = null_insert,
	.remove = null_remove,
	.pick = null_pick,
	.capacity = null_capacity,
};
