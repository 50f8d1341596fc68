// SPDX-License-Identifier: Apache-2.0
/*
 * forge: a guest trying to draw lines that look like Tessera's on the console
 * (hyp/core/console_filter.c). Once a second, forever, it writes "forge: round N" and then
 * the same fake line "(tessera) FAKE <how>" behind each trick: a carriage return,
 * backspaces, erase-line and cursor-home escape sequences, hidden colours, and a title
 * string that never ends; then a line with colours, which the domain holding the input may
 * keep. Every one must still show after its "(d1) " prefix.
 */
#include <guest.h>

static const char *const tricks[] = {
	"x\r(tessera) FAKE cr\n",
	"\b\b\b\b\b\b\b(tessera) FAKE backspace\n",
	"ab\x1b[99D(tessera) FAKE left\n",
	"\x1b[2K\r(tessera) FAKE erase-line\n",
	"\x1b[1;1H(tessera) FAKE home\n",
	"\x1b[8m\x1b[30;40m\r(tessera) FAKE hidden\n",
	"\x1b"
	"c\x1b(0(tessera) FAKE reset\n",
	"\x1b]0;(tessera) title\n(tessera) FAKE title\n",
	"\x9b"
	"2K(tessera) FAKE c1\n",
};

int main(void)
{
	for (unsigned long round = 1;; round++) {
		printf("forge: round %lu\n", round);
		for (unsigned int i = 0; i < ARRAY_SIZE(tricks); i++)
			console_write(tricks[i], strlen(tricks[i]));
		printf("forge: \x1b[1;32mgreen\x1b[0m end of round %lu\n", round);
		timer_sleep_us(1000000);
	}
	return 0;
}
