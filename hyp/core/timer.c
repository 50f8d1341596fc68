// SPDX-License-Identifier: Apache-2.0
/*
 * Per-CPU software timers: a list sorted by deadline; CNTHP is armed for the first. All list
 * work happens with IRQs masked on the owning CPU, so no lock is needed.
 */
#include <asm/sysreg.h>
#include <drivers/arch_timer.h>
#include <tessera/irq.h>
#include <tessera/percpu.h>
#include <tessera/printk.h>
#include <tessera/timer.h>

/* Bound on expired timers run per interrupt. */
#define TIMER_BATCH_MAX 32

static struct timer *timer_list[NR_CPUS];

uint64_t timer_now(void)
{
	return arch_counter_read();
}

void timer_setup(struct timer *t, void (*fn)(struct timer *t, void *data), void *data)
{
	t->fn = fn;
	t->data = data;
	t->next = NULL;
	t->active = false;
}

static void reprogram(unsigned int cpu)
{
	if (timer_list[cpu] != NULL)
		arch_timer_hyp_arm(timer_list[cpu]->deadline);
	else
		arch_timer_hyp_stop();
}

static void list_remove(unsigned int cpu, struct timer *t)
{
	struct timer **pp = &timer_list[cpu];

	while (*pp != NULL && *pp != t)
		pp = &(*pp)->next;
	if (*pp == t)
		*pp = t->next;
	t->active = false;
}

void timer_set(struct timer *t, uint64_t deadline)
{
	uint64_t flags = irq_save_local();
	unsigned int cpu = this_cpu_id();
	struct timer **pp;

	if (t->active)
		list_remove(cpu, t);
	t->deadline = deadline;
	pp = &timer_list[cpu];
	while (*pp != NULL && (*pp)->deadline <= deadline)
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
	t->active = true;
	reprogram(cpu);
	irq_restore_local(flags);
}

void timer_cancel(struct timer *t)
{
	uint64_t flags = irq_save_local();
	unsigned int cpu = this_cpu_id();

	if (t->active) {
		list_remove(cpu, t);
		reprogram(cpu);
	}
	irq_restore_local(flags);
}

static void timer_irq(unsigned int intid, void *ctx)
{
	unsigned int cpu = this_cpu_id();

	(void)intid;
	(void)ctx;
	for (int i = 0; i < TIMER_BATCH_MAX; i++) {
		struct timer *t = timer_list[cpu];

		if (t == NULL || t->deadline > timer_now())
			break;
		timer_list[cpu] = t->next;
		t->active = false;
		t->fn(t, t->data);
	}
	reprogram(cpu);
}

void timer_init_cpu(void)
{
	const struct arch_timer_info *ti = arch_timer_get_info();

	arch_timer_hyp_stop();
	if (this_cpu_id() == 0 && irq_register(ti->hyp_ppi, timer_irq, NULL) < 0)
		panic("timer: interrupt %u already taken", ti->hyp_ppi);
	irq_enable(ti->hyp_ppi, IRQ_PRIO_HIGH, true);
}
