// SPDX-License-Identifier: Apache-2.0
/*
 * The line the console UART's cursor is in, for output written as it comes (the domain that
 * holds the console input; hyp/core/console.c). Portable: it only says which bytes to send.
 *
 * Each of the domain's lines starts with "(dN) ", written with its first character (never
 * before: an empty prefix must not dangle while others print). A '\r' is held until the next
 * character: before '\n' it is the "\r\n" every line ends with; before anything else it is a
 * carriage return (a shell redrawing its line), sent with the prefix again so that it stays
 * at the start of the line. Anything else written to the console first ends the open line,
 * and the domain's next character starts a new one with the prefix: lines never interleave
 * mid-line, a line cut this way just goes on in the next one. If what comes next is the
 * newline that ends it, that newline has been written already: dropped, rather than show an
 * empty "(dN) " line.
 *
 * What comes in has been through console_filter_put: besides text, '\b' and the escape
 * sequences it lets through for the domain holding the input. A backspace goes back only
 * over the domain's own characters on this line, never into the prefix; colours the line set
 * are reset before the line ends and before a prefix is written again, so that no prefix is
 * ever drawn hidden (a guest must not be able to make its line look like Tessera's).
 */
#include <tessera/console.h>

static size_t put_prefix(unsigned int domid, char *out)
{
	char digits[10];
	size_t nd = 0, n = 0;

	do {
		digits[nd++] = (char)('0' + domid % 10);
		domid /= 10;
	} while (domid != 0 && nd < sizeof(digits));
	out[n++] = '(';
	out[n++] = 'd';
	while (nd > 0)
		out[n++] = digits[--nd];
	out[n++] = ')';
	out[n++] = ' ';
	return n;
}

/* "ESC [ 0 m" (ECMA-48 SGR 0: default rendition) if the open line set colours. */
static size_t reset_colours(struct console_line *l, char *out)
{
	if (!l->sgr)
		return 0;
	l->sgr = false;
	out[0] = '\x1b';
	out[1] = '[';
	out[2] = '0';
	out[3] = 'm';
	return 4;
}

size_t console_line_end(struct console_line *l, char out[CONSOLE_LINE_OUT_MAX])
{
	size_t n;

	if (l->open == CONSOLE_NO_DOMAIN)
		return 0;
	n = reset_colours(l, out);
	l->cut = l->open;
	l->open = CONSOLE_NO_DOMAIN;
	l->cr = false;
	l->in_seq = false;
	out[n++] = '\r';
	out[n++] = '\n';
	return n;
}

/* A character of a sequence console_filter_put let through, on the open line: it moves
 * nothing; the final byte of an SGR leaves colours to reset. */
static size_t put_seq(struct console_line *l, char c, char *out)
{
	if (c == '\x1b') {
		l->in_seq = true;
	} else if (c != '[' && c >= '@' && c <= '~') {
		l->in_seq = false;
		l->sgr = l->sgr || c == 'm';
	}
	out[0] = c;
	return 1;
}

size_t console_line_put(struct console_line *l, unsigned int domid, char c,
			char out[CONSOLE_LINE_OUT_MAX])
{
	size_t n = 0;
	bool was_cut = l->cut == domid;

	if (c == '\r') {
		/* At the start of a line it moves nothing: dropped. */
		if (l->open == domid)
			l->cr = true;
		return 0;
	}
	l->cut = CONSOLE_NO_DOMAIN;
	if (was_cut && c == '\n')
		return 0;
	if (l->open != domid) {
		n = console_line_end(l, out);
		n += put_prefix(domid, out + n);
		l->open = domid;
		l->col = 0;
	} else if (l->cr && c != '\n') {
		n = reset_colours(l, out);
		out[n++] = '\r';
		n += put_prefix(domid, out + n);
		l->col = 0;
	}
	l->cr = false;
	if (c == '\x1b' || l->in_seq)
		return n + put_seq(l, c, out + n);
	if (c == '\b') {
		if (l->col == 0)
			return n; /* at the prefix: it goes no further */
		l->col--;
	} else if (c == '\n') {
		n += reset_colours(l, out + n);
		out[n++] = '\r';
		l->open = CONSOLE_NO_DOMAIN;
	} else if (l->col < 0xffffffffU) {
		l->col++;
	}
	out[n++] = c;
	return n;
}
