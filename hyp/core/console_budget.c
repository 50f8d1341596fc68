// SPDX-License-Identifier: Apache-2.0
/*
 * console_io output budget (see console_budget.h). The bucket is kept as the counter value
 * at which it will be full again (never earlier than now): the characters available are the
 * burst less what that is ahead of now, in ticks per character. No fraction of a character
 * is lost however often the guest calls, nothing can overflow, and a bucket is full from the
 * start even when the counter began counting less than a burst's time ago.
 */
#include <tessera/console_budget.h>

void console_budget_init_sized(struct console_budget *b, uint64_t now, uint64_t ticks_per_char,
			       uint64_t burst, uint64_t resume)
{
	b->ticks_per_char = ticks_per_char != 0 ? ticks_per_char : 1;
	b->burst = burst != 0 ? burst : 1;
	b->resume = resume != 0 && resume <= b->burst ? resume : b->burst;
	b->full_at = now;
	b->dropped = 0;
	b->suppressing = false;
}

void console_budget_init(struct console_budget *b, uint64_t now, uint64_t ticks_per_char)
{
	console_budget_init_sized(b, now, ticks_per_char, CONSOLE_BUDGET_BURST,
				  CONSOLE_BUDGET_RESUME);
}

uint64_t console_budget_take(struct console_budget *b, uint64_t now, uint64_t want,
			     uint64_t *report)
{
	uint64_t tpc = b->ticks_per_char != 0 ? b->ticks_per_char : 1;
	uint64_t burst = b->burst != 0 ? b->burst : CONSOLE_BUDGET_BURST;
	uint64_t resume = b->resume != 0 ? b->resume : CONSOLE_BUDGET_RESUME;
	uint64_t full = burst * tpc;
	uint64_t avail;
	uint64_t n;

	*report = 0;
	if (b->full_at < now)
		b->full_at = now; /* a bucket holds no more than the burst */
	/* No more than the burst is ever taken ahead of now; a counter read that went back
	 * (another pCPU's, a hair behind) finds nothing rather than wrapping. */
	avail = b->full_at <= now + full ? (now + full - b->full_at) / tpc : 0;
	if (b->suppressing) {
		/* Hysteresis: a flooder gets a block of output and one note now and then, not a
		 * note for every few characters the clock has paid for since its last call. */
		if (avail < resume) {
			b->dropped += want;
			return 0;
		}
		b->suppressing = false;
		*report = b->dropped;
		b->dropped = 0;
	}
	n = want;
	if (avail < want) {
		n = avail;
		b->suppressing = true;
		b->dropped += want - avail;
	}
	b->full_at += n * tpc;
	return n;
}
