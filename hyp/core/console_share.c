// SPDX-License-Identifier: Apache-2.0
/*
 * The fair share of the console between domains (see tessera/console.h). A budget charged
 * always would cut a domain alone on the console that legitimately prints a lot (Linux with
 * initcall_debug writes some 280 KB in seconds); one never charged lets a flooder bury its
 * neighbours (a real 115200-baud UART carries 11520 characters a second, and every
 * character written for the flooder is time the others wait for the console). So a domain
 * is charged only while another domain is also writing: then each gets a burst and a steady
 * rate, a few of which still fit in the UART.
 */
#include <tessera/console.h>

void console_share_init(struct console_share *s, uint64_t window_ticks, uint64_t ticks_per_char)
{
	s->window = window_ticks;
	s->ticks_per_char = ticks_per_char != 0 ? ticks_per_char : 1;
	for (unsigned int i = 0; i < CONSOLE_SHARE_SOURCES; i++) {
		s->last[i] = 0;
		s->wrote[i] = false;
		console_budget_init(&s->budget[i], 0, s->ticks_per_char);
	}
}

/* Another domain than src wrote within the window before now. A counter read a hair behind
 * another pCPU's (now < last) is within it. */
static bool others_active(const struct console_share *s, unsigned int src, uint64_t now)
{
	for (unsigned int i = 1; i < CONSOLE_SHARE_SOURCES; i++) {
		if (i == src || !s->wrote[i])
			continue;
		if (now < s->last[i] || now - s->last[i] < s->window)
			return true;
	}
	return false;
}

uint64_t console_share_take(struct console_share *s, unsigned int src, uint64_t now, uint64_t want,
			    uint64_t *report)
{
	struct console_budget *b;

	*report = 0;
	if (src == 0 || src >= CONSOLE_SHARE_SOURCES)
		return src == 0 ? want : 0;
	b = &s->budget[src];
	s->wrote[src] = true;
	s->last[src] = now;
	if (others_active(s, src, now))
		return console_budget_take(b, now, want, report);
	/* Alone: nothing is charged and the bucket goes on filling; a domain cut while others
	 * wrote says what it lost as soon as it is alone. */
	if (b->suppressing) {
		*report = b->dropped;
		b->dropped = 0;
		b->suppressing = false;
	}
	return want;
}
