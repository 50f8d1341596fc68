// SPDX-License-Identifier: Apache-2.0
/*
 * console_io output budget (see console_budget.h). The bucket is kept as the counter value
 * at which it is empty (a "theoretical arrival time"): the characters available now are the
 * ticks since then over the ticks per character, capped at the burst. No fraction of a
 * character is lost however often the guest calls, and no multiplication can overflow.
 */
#include <pv/console_budget.h>

void console_budget_init(struct console_budget *b, uint64_t now, uint64_t ticks_per_char)
{
	uint64_t tpc = ticks_per_char != 0 ? ticks_per_char : 1;
	uint64_t full = CONSOLE_BUDGET_BURST * tpc;

	b->ticks_per_char = tpc;
	b->empty_at = now >= full ? now - full : 0;
	b->dropped = 0;
	b->suppressing = false;
}

uint64_t console_budget_take(struct console_budget *b, uint64_t now, uint64_t want,
			     uint64_t *report)
{
	uint64_t tpc = b->ticks_per_char != 0 ? b->ticks_per_char : 1;
	uint64_t full = CONSOLE_BUDGET_BURST * tpc;
	uint64_t avail = 0;
	uint64_t n;

	*report = 0;
	if (now > b->empty_at) {
		if (now - b->empty_at > full)
			b->empty_at = now - full; /* a bucket holds no more than the burst */
		avail = (now - b->empty_at) / tpc;
	}
	if (b->suppressing) {
		/* Hysteresis: a flooder gets a block of output and one note now and then, not a
		 * note for every few characters the clock has paid for since its last call. */
		if (avail < CONSOLE_BUDGET_RESUME) {
			b->dropped += want;
			return 0;
		}
		b->suppressing = false;
		*report = b->dropped;
		b->dropped = 0;
	}
	n = want < avail ? want : avail;
	b->empty_at += n * tpc;
	if (n < want) {
		b->suppressing = true;
		b->dropped += want - n;
	}
	return n;
}
