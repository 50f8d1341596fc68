// SPDX-License-Identifier: Apache-2.0
/*
 * prompt: an interactive console, to show what the user sees of a domain's output while it
 * holds the console input and while it does not. Bootargs pick the role:
 *   - role=prompt (the default): prints "prompt: ready", then "prompt> " without a newline
 *     and echoes each character typed as it reads it, polling its UART; Enter ends the line
 *     ("\n", then "prompt: got '<line>'") and the prompt comes again. Forever; a line
 *     "poweroff" powers the domain off instead (PSCI SYSTEM_OFF), while it holds the input.
 *   - role=dots: writes one line slowly, forever: "dots:", then " 1" ... " 20" one every
 *     100 ms, then the newline; a line takes 2 s. A domain without the console input must
 *     show it only whole.
 */
#include <guest.h>

#define LINE_MAX 64
#define POLL_US	 1000
#define DOTS	 20
#define DOT_US	 100000

static void put(char c)
{
	console_write(&c, 1);
}

static void role_prompt(void)
{
	char line[LINE_MAX + 1];
	unsigned int len = 0;

	printf("prompt: ready\n");
	printf("prompt> ");
	for (;;) {
		int c = console_getc();

		if (c < 0) {
			timer_sleep_us(POLL_US);
			continue;
		}
		if (c != '\r' && c != '\n') {
			if (len < LINE_MAX)
				line[len++] = (char)c;
			put((char)c);
			continue;
		}
		line[len] = '\0';
		printf("\nprompt: got '%s'\n", line);
		if (strcmp(line, "poweroff") == 0)
			guest_exit();
		printf("prompt> ");
		len = 0;
	}
}

static void role_dots(void)
{
	for (;;) {
		printf("dots:");
		for (unsigned int i = 1; i <= DOTS; i++) {
			timer_sleep_us(DOT_US);
			printf(" %u", i);
		}
		printf("\n");
	}
}

int main(void)
{
	if (bootarg_is("role", "dots"))
		role_dots();
	role_prompt();
	return 0;
}
