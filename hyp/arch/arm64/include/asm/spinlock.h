/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ticket spinlocks: fair, so that no pCPU can be starved by the others (a real-time need).
 * A lock is two 16-bit counters; a CPU takes a ticket and waits (WFE) until it is served.
 * Uses the GCC __atomic builtins, which compile to LDAXR/STLXR loops with
 * -mno-outline-atomics; the unlock's release store wakes WFE waiters through the event
 * stream of the exclusive monitor (Arm ARM D1.6.1 "global monitor clears raise an event").
 */
#ifndef ASM_SPINLOCK_H
#define ASM_SPINLOCK_H

#include <asm/sysreg.h>
#include <tessera/types.h>

typedef struct {
	uint16_t owner;
	uint16_t next;
} spinlock_t;

#define SPINLOCK_INIT \
	{             \
		0, 0  \
	}

static inline void spin_lock(spinlock_t *l)
{
	uint16_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
		wfe();
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, (uint16_t)(l->owner + 1), __ATOMIC_RELEASE);
	dsb(ish);
	sev();
}

/* Takes the lock with IRQs masked; returns the DAIF value to restore. */
static inline uint64_t spin_lock_irqsave(spinlock_t *l)
{
	uint64_t flags = irq_save_local();

	spin_lock(l);
	return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, uint64_t flags)
{
	spin_unlock(l);
	irq_restore_local(flags);
}

#endif
