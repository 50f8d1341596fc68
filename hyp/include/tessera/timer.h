/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hypervisor software timers, per pCPU, on the EL2 physical timer. A timer belongs to the
 * CPU that set it; its callback runs there in IRQ context. No allocation: callers embed
 * struct timer in their own objects.
 */
#ifndef TESSERA_TIMER_H
#define TESSERA_TIMER_H

#include <tessera/types.h>

struct timer {
	uint64_t deadline; /* counter ticks */
	void (*fn)(struct timer *t, void *data);
	void *data;
	struct timer *next;
	bool active;
};

void timer_init_cpu(void);
void timer_setup(struct timer *t, void (*fn)(struct timer *t, void *data), void *data);
/* (Re)arms t on this CPU for the absolute counter value deadline. */
void timer_set(struct timer *t, uint64_t deadline);
void timer_cancel(struct timer *t);
uint64_t timer_now(void);

#endif
