// SPDX-License-Identifier: Apache-2.0
/*
 * Console input switching, as Xen does it (xen/drivers/char/console.c): Ctrl-a pressed three
 * times in a row moves input to the next owner (hypervisor, d1, d2, ..., hypervisor). Fewer
 * presses followed by another key are handed on with that key, so guests still get Ctrl-a.
 */
#include <tessera/console.h>

unsigned int console_input_feed(struct console_input *in, char c,
				char out[CONSOLE_SWITCH_PRESSES + 1], bool *switched)
{
	unsigned int n = 0;

	*switched = false;
	if (c == CONSOLE_SWITCH_CHAR) {
		if (++in->switch_presses == CONSOLE_SWITCH_PRESSES) {
			in->switch_presses = 0;
			in->owner = in->nr_owners > 0 ? (in->owner + 1) % in->nr_owners : 0;
			*switched = true;
		}
		return 0;
	}
	/* switch_presses < CONSOLE_SWITCH_PRESSES here, so out has room for them and c. */
	for (; in->switch_presses > 0; in->switch_presses--)
		out[n++] = CONSOLE_SWITCH_CHAR;
	out[n++] = c;
	return n;
}
