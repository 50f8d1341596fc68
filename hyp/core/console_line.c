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

size_t console_line_end(struct console_line *l, char out[CONSOLE_LINE_OUT_MAX])
{
	if (l->open == CONSOLE_NO_DOMAIN)
		return 0;
	l->cut = l->open;
	l->open = CONSOLE_NO_DOMAIN;
	l->cr = false;
	out[0] = '\r';
	out[1] = '\n';
	return 2;
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
	} else if (l->cr && c != '\n') {
		out[n++] = '\r';
		n += put_prefix(domid, out + n);
	}
	l->cr = false;
	if (c == '\n') {
		out[n++] = '\r';
		l->open = CONSOLE_NO_DOMAIN;
	}
	out[n++] = c;
	return n;
}
