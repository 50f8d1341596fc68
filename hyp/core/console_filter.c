// SPDX-License-Identifier: Apache-2.0
/*
 * What of a domain's output may reach the terminal (see tessera/console.h). A guest's bytes
 * are data, not commands to the user's terminal: a carriage return, a backspace or an
 * escape sequence (ECMA-48: ESC [ ... to move the cursor or erase, ESC ] ... to set the
 * title, ESC c to reset the terminal) could erase its "(dN) " prefix and draw a line that
 * looks like Tessera's. Xen strips non-printable characters from a domU's console output
 * (drivers/char/console.c guest_console_write, arch/arm/vpl011.c); so does Tessera, and it
 * drops each escape sequence whole rather than leave its tail ("[2J") on the screen.
 *
 * The domain holding the console input runs the shell the user types into, whose line
 * editing needs a little more (busybox ash: backspace and ESC [ n D to move left, ESC [ K
 * and ESC [ J to erase what follows, ESC [ ... m for colours). Those are kept for it, none
 * of which can reach left of the cursor's line start or another line: moving left is
 * turned into backspaces, which console_line_put stops at the prefix, and colours are reset
 * before any prefix is written. Cursor movement to anywhere else, erasing the whole line,
 * scrolling, modes, queries (ESC [ 6 n) and strings are dropped for every domain.
 */
#include <tessera/console.h>

enum {
	FILTER_GROUND,
	FILTER_ESC,	   /* after ESC */
	FILTER_ESC_INTER,  /* ESC, intermediates (ESC ( B): dropped up to the final */
	FILTER_CSI,	   /* ESC [ and parameters so far */
	FILTER_STRING,	   /* OSC, DCS, SOS, PM, APC: dropped up to BEL or ESC \ */
	FILTER_STRING_ESC, /* ESC inside a string: ST if '\' follows */
};

#define CSI_LEFT_MAX 128 /* one ESC [ n D moves left this far at most */

void console_filter_reset(struct console_filter *f)
{
	f->state = FILTER_GROUND;
	f->len = 0;
	f->string_len = 0;
}

static bool is_printable(char c)
{
	return c >= ' ' && c <= '~';
}

/* Parameters of digits and ';' only, each number at most 5 digits (no overflow). */
static bool params_plain(const struct console_filter *f)
{
	unsigned int digits = 0;

	for (unsigned int i = 0; i < f->len; i++) {
		if (f->params[i] == ';') {
			digits = 0;
		} else if (f->params[i] >= '0' && f->params[i] <= '9') {
			if (++digits > 5)
				return false;
		} else {
			return false;
		}
	}
	return true;
}

static bool params_empty_or_zero(const struct console_filter *f)
{
	return f->len == 0 || (f->len == 1 && f->params[0] == '0');
}

/* A finished CSI: what the domain holding the input may send, the others nothing. */
static size_t csi_done(const struct console_filter *f, char final, bool interactive,
		       char out[CONSOLE_FILTER_OUT_MAX])
{
	size_t n = 0;

	if (!interactive || f->len >= sizeof(f->params))
		return 0;
	if ((final == 'K' || final == 'J') && params_empty_or_zero(f)) {
		out[n++] = '\x1b';
		out[n++] = '[';
		out[n++] = final;
	} else if (final == 'm' && params_plain(f)) {
		out[n++] = '\x1b';
		out[n++] = '[';
		for (unsigned int i = 0; i < f->len; i++)
			out[n++] = f->params[i];
		out[n++] = 'm';
	} else if (final == 'D' && params_plain(f)) {
		unsigned int left = 0;

		for (unsigned int i = 0; i < f->len && f->params[i] != ';'; i++)
			left = left * 10 + (unsigned int)(f->params[i] - '0');
		left = left == 0 ? 1 : (left > CSI_LEFT_MAX ? CSI_LEFT_MAX : left);
		while (n < left)
			out[n++] = '\b';
	}
	return n;
}

/* Ground state: a character on its own. */
static size_t ground(struct console_filter *f, char c, bool interactive,
		     char out[CONSOLE_FILTER_OUT_MAX])
{
	if (c == '\x1b') {
		f->state = FILTER_ESC;
		return 0;
	}
	if (is_printable(c) || c == '\n' || c == '\t' ||
	    (interactive && (c == '\r' || c == '\b'))) {
		out[0] = c;
		return 1;
	}
	return 0; /* other C0 controls, DEL, and every byte above 0x7e (C1 included) */
}

size_t console_filter_put(struct console_filter *f, char c, bool interactive,
			  char out[CONSOLE_FILTER_OUT_MAX])
{
	unsigned char u = (unsigned char)c;

	switch (f->state) {
	case FILTER_ESC:
		f->len = 0;
		f->string_len = 0;
		if (c == '[') {
			f->state = FILTER_CSI;
		} else if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
			f->state = FILTER_STRING;
		} else if (u >= 0x20 && u <= 0x2f) {
			f->state = FILTER_ESC_INTER;
		} else if (u > 0x2f && u <= 0x7e) {
			f->state = FILTER_GROUND; /* ESC c, ESC 7, ESC M ...: dropped */
		} else {
			f->state = FILTER_GROUND; /* not a sequence: the byte on its own */
			return ground(f, c, interactive, out);
		}
		return 0;
	case FILTER_ESC_INTER:
		if (u >= 0x20 && u <= 0x2f)
			return 0;
		f->state = FILTER_GROUND;
		if (u > 0x2f && u <= 0x7e)
			return 0;
		return ground(f, c, interactive, out);
	case FILTER_CSI:
		if (u >= 0x20 && u <= 0x3f) { /* parameters and intermediates */
			if (f->len < sizeof(f->params))
				f->params[f->len++] = c;
			return 0;
		}
		f->state = FILTER_GROUND;
		if (u >= 0x40 && u <= 0x7e)
			return csi_done(f, c, interactive, out);
		return ground(f, c, interactive, out); /* a broken sequence: dropped */
	case FILTER_STRING:
	case FILTER_STRING_ESC:
		/* A newline ends a string that never ended: the guest's next line shows. */
		if (c == '\n' || ++f->string_len > CONSOLE_FILTER_STRING_MAX) {
			f->state = FILTER_GROUND;
			return ground(f, c, interactive, out);
		}
		if (c == '\x07' || (f->state == FILTER_STRING_ESC && c == '\\'))
			f->state = FILTER_GROUND;
		else
			f->state = c == '\x1b' ? FILTER_STRING_ESC : FILTER_STRING;
		return 0;
	default:
		return ground(f, c, interactive, out);
	}
}
