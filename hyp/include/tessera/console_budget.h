/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The per-domain budget of console_io output: a token bucket of characters, refilled with
 * time, so a domain writing in a loop cannot fill the physical console and bury the lines
 * of Tessera and the other domains. Portable (no hypervisor state): unit-tested on the host.
 */
#ifndef TESSERA_CONSOLE_BUDGET_H
#define TESSERA_CONSOLE_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

#define CONSOLE_BUDGET_RATE   4096  /* characters a second, a third of a 115200-baud UART */
#define CONSOLE_BUDGET_BURST  16384 /* the bucket: four full console_io calls at once */
#define CONSOLE_BUDGET_RESUME 4096  /* once dropping, print again only with this much back */

struct console_budget {
	uint64_t full_at; /* counter value at which the bucket is full again */
	uint64_t ticks_per_char;
	uint64_t burst;	  /* the bucket's size: CONSOLE_BUDGET_BURST unless sized */
	uint64_t resume;  /* once dropping, print again only with this much back */
	uint64_t dropped; /* characters suppressed since output last went through */
	bool suppressing;
};

/* A full bucket at counter value now; ticks_per_char is 1 s / CONSOLE_BUDGET_RATE. */
void console_budget_init(struct console_budget *b, uint64_t now, uint64_t ticks_per_char);
/* The same with another bucket size and resume level (0 < resume <= burst); the unit may be
 * anything counted (characters, lines). */
void console_budget_init_sized(struct console_budget *b, uint64_t now, uint64_t ticks_per_char,
			       uint64_t burst, uint64_t resume);

/*
 * How many of `want` characters may be printed at counter value now (the rest are dropped
 * and counted). When output resumes after dropping, *report is the number dropped, which the
 * caller says in a note before the characters; otherwise 0.
 */
uint64_t console_budget_take(struct console_budget *b, uint64_t now, uint64_t want,
			     uint64_t *report);

#endif
