/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypervisor console: one UART shared by the hypervisor's log and every domain's
 * output (prefixed "(dN) ") and input (switched with Ctrl-a pressed three times, as in Xen).
 */
#ifndef TESSERA_CONSOLE_H
#define TESSERA_CONSOLE_H

#include <tessera/console_budget.h>
#include <tessera/types.h>

/* Uses the UART at pa until console_init() finds the real one (or for good, on errors). */
void console_init_early(paddr_t uart_pa);
/* Writes len bytes, "\n" as "\r\n". Safe from any CPU and from fault handlers. */
void console_write(const char *s, size_t len);
bool console_ready(void);
/* One line of a domain's output, as "(dN) line", written whole. */
void console_guest_line(unsigned int domid, const char *s, size_t len);

#define CONSOLE_NO_DOMAIN 0xffffffffU

/*
 * Output of the domain holding the console input, written as it comes (its prompt and the
 * characters it echoes show before Enter, as in Xen): "(dN) " starts each of its lines, and
 * any other output first ends its unfinished line (console_line_put).
 */
void console_guest_write(unsigned int domid, const char *s, size_t len);
/* Ends domid's line on the console if it is unfinished there (its output was cut). */
void console_guest_end_line(unsigned int domid);

/* Starts interrupt-driven input on the console UART's SPI (called once the GIC is up). */
int console_enable_input(unsigned int intid);

#define CONSOLE_SWITCH_CHAR    '\x01' /* Ctrl-a */
#define CONSOLE_SWITCH_PRESSES 3

/* Who owns input: 0 = the hypervisor (debug keys), else the index of a domain in the order
 * they were added. Domains join and leave the rotation as they start and stop. */
unsigned int console_input_owner(void);
/* The id of the domain holding the console input, or CONSOLE_NO_DOMAIN (Tessera has it). */
unsigned int console_input_domain(void);
void console_add_domain(unsigned int domid);
void console_remove_domain(unsigned int domid);

/*
 * The console input state machine, portable and unit-tested. Feeds one received character;
 * writes to out the characters the current owner should now receive and returns how many
 * (0 .. CONSOLE_SWITCH_PRESSES). *switched tells that input moved to the next owner.
 */
struct console_input {
	unsigned int owner;
	unsigned int nr_owners; /* 1 + number of domains that can take input */
	unsigned int switch_presses;
};
unsigned int console_input_feed(struct console_input *in, char c,
				char out[CONSOLE_SWITCH_PRESSES + 1], bool *switched);

/*
 * The line the console's cursor is in when a domain's output is written as it comes,
 * portable and unit-tested (core/console_line.c): each call writes to out the bytes to send
 * and returns how many. put: one character of domid's output ('\r' held until the next one);
 * end: ends the open line, if any, before other output.
 */
#define CONSOLE_LINE_OUT_MAX 32
struct console_line {
	unsigned int open; /* whose line the cursor is in, after its text; CONSOLE_NO_DOMAIN */
	unsigned int cut;  /* whose line other output ended last; CONSOLE_NO_DOMAIN */
	bool cr;	   /* that domain wrote '\r' last, not sent yet */
	bool in_seq;	   /* inside an escape sequence console_filter_put let through */
	bool sgr;	   /* the open line set colours: reset them before a prefix */
	unsigned int col;  /* characters after the prefix a backspace may go back over */
};
size_t console_line_put(struct console_line *l, unsigned int domid, char c,
			char out[CONSOLE_LINE_OUT_MAX]);
size_t console_line_end(struct console_line *l, char out[CONSOLE_LINE_OUT_MAX]);

/*
 * What of a domain's output reaches the terminal, portable and unit-tested
 * (core/console_filter.c): printable ASCII, tab and newline; every other control character
 * and every escape sequence (dropped whole) are removed. For the domain holding the input
 * (interactive) also '\r', '\b' and the line editing a shell needs: ESC [ K, ESC [ J
 * (erase what follows the cursor), ESC [ ... m (colours), ESC [ n D (left, given on as n
 * backspaces). One state per domain; put writes to out what to send on (to
 * console_line_put when interactive) and returns how many.
 */
#define CONSOLE_FILTER_OUT_MAX	  136
#define CONSOLE_FILTER_STRING_MAX 512 /* an OSC or DCS string longer than this ends */
struct console_filter {
	unsigned int state;
	unsigned int len; /* parameter bytes kept */
	unsigned int string_len;
	char params[32];
};
void console_filter_reset(struct console_filter *f);
size_t console_filter_put(struct console_filter *f, char c, bool interactive,
			  char out[CONSOLE_FILTER_OUT_MAX]);

/*
 * The fair share of the console between domains, portable and unit-tested
 * (core/console_share.c). Every output path of a domain (vpl011, PV console, console_io)
 * draws on one budget, a token bucket of CONSOLE_BUDGET_BURST characters refilled at
 * CONSOLE_BUDGET_RATE a second (tessera/console_budget.h), but it is charged only while another
 * domain has output too (wrote within CONSOLE_SHARE_WINDOW_MS): a domain alone on the console
 * prints as much as it likes (a kernel's initcall_debug log), a flooder beside a chatty
 * neighbour gets its share and no more. Tessera's own lines are never limited and do not
 * count as another domain's. Sources: 0 is Tessera, then domain ids.
 */
#define CONSOLE_SHARE_SOURCES	17 /* Tessera and domain ids 1..16 (DOMAIN_MAX) */
#define CONSOLE_SHARE_WINDOW_MS 1000
struct console_share {
	uint64_t window;		      /* ticks of CONSOLE_SHARE_WINDOW_MS */
	uint64_t ticks_per_char;	      /* 1 s / CONSOLE_BUDGET_RATE */
	uint64_t last[CONSOLE_SHARE_SOURCES]; /* counter value of each one's last output */
	bool wrote[CONSOLE_SHARE_SOURCES];    /* it has written since the start */
	struct console_budget budget[CONSOLE_SHARE_SOURCES];
};
void console_share_init(struct console_share *s, uint64_t window_ticks, uint64_t ticks_per_char);
/*
 * How many of the `want` characters source src may write at counter value now (the rest are
 * dropped and counted). When its output resumes after dropping, *report is the number
 * dropped, for a note before the characters; otherwise 0.
 */
uint64_t console_share_take(struct console_share *s, unsigned int src, uint64_t now, uint64_t want,
			    uint64_t *report);

#endif
