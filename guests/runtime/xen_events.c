// SPDX-License-Identifier: Apache-2.0
/*
 * What every Xen test guest does before using event channels (rt/hypercall.h): shared_info
 * placed, a handler on its port, the upcall taken; and how it waits for events, with a
 * virtual-timer tick as the safety net against a lost wake-up.
 */
#include "runtime.h"

static uint64_t tick_period;
static volatile uint64_t ticks;

int xen_events_setup(const char *who, evtchn_port_t port, evtchn_handler_t fn, void *arg)
{
	int64_t err = 0;

	if (xen_map_shared_info(&err) == NULL) {
		printf("FAIL: %s: add_to_physmap(shared_info) = %lld (%s)\n", who, (long long)err,
		       errno_name((int)err));
		return -1;
	}
	/* The handler first, then the interrupt: an event already pending is not lost. */
	if (port != 0 && evtchn_set_handler(port, fn, arg) < 0) {
		printf("FAIL: %s: no handler slot for port %u\n", who, port);
		return -1;
	}
	err = xen_upcall_init(IRQ_PRIO_DEFAULT);
	if (err < 0) {
		printf("FAIL: %s: upcall set-up = %lld\n", who, (long long)err);
		return -1;
	}
	return 0;
}

static void tick(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	ticks++;
	timer_arm_at(timer_now() + tick_period);
}

void tick_start(uint64_t period_us)
{
	tick_period = timer_us_to_ticks(period_us);
	irq_register(timer_intid(), tick, NULL);
	irq_enable(timer_intid());
	timer_arm_at(timer_now() + tick_period);
}

uint64_t tick_count(void)
{
	return ticks;
}

bool wait_count(volatile uint64_t *counter, uint64_t want, uint64_t us, bool block)
{
	uint64_t end = timer_now() + timer_us_to_ticks(us);

	for (;;) {
		local_irq_disable();
		if (*counter >= want) {
			local_irq_enable();
			return true;
		}
		if (timer_now() >= end) {
			local_irq_enable();
			return false;
		}
		if (block)
			xen_sched_op(SCHEDOP_block, 0);
		else
			wfi();
		local_irq_enable();
	}
}
