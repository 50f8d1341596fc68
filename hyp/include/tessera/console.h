/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypervisor console: one UART shared by the hypervisor's log and every domain's
 * output (prefixed "(dN) ") and input (switched with Ctrl-a pressed three times, as in Xen).
 */
#ifndef TESSERA_CONSOLE_H
#define TESSERA_CONSOLE_H

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
#define CONSOLE_LINE_OUT_MAX 24
struct console_line {
	unsigned int open; /* whose line the cursor is in, after its text; CONSOLE_NO_DOMAIN */
	unsigned int cut;  /* whose line other output ended last; CONSOLE_NO_DOMAIN */
	bool cr;	   /* that domain wrote '\r' last, not sent yet */
};
size_t console_line_put(struct console_line *l, unsigned int domid, char c,
			char out[CONSOLE_LINE_OUT_MAX]);
size_t console_line_end(struct console_line *l, char out[CONSOLE_LINE_OUT_MAX]);

#endif
