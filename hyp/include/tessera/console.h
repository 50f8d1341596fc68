/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypervisor console: one UART shared by the hypervisor's log and, later, every domain's
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

/* Starts interrupt-driven input on the console UART's SPI (called once the GIC is up). */
int console_enable_input(unsigned int intid);

#define CONSOLE_SWITCH_CHAR    '\x01' /* Ctrl-a */
#define CONSOLE_SWITCH_PRESSES 3

/* Who owns input: 0 = the hypervisor (debug keys), else the index of a domain in the order
 * they were added. Domains join and leave the rotation as they start and stop. */
unsigned int console_input_owner(void);
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

#endif
