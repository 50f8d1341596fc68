// SPDX-License-Identifier: Apache-2.0
// UNIT-SOURCES: core/console_filter.c core/console_line.c
// Verifies: REQ-CONS-007
/*
 * What of a domain's output reaches the terminal: text, tab and newline from any domain,
 * escape sequences dropped whole, and for the domain holding the input the line editing a
 * shell needs, which console_line_put keeps right of the "(dN) " prefix. The last tests run
 * the filter and the line into a small model of a terminal (cursor, erase, lines) and check
 * what the user would see: every line a guest causes starts with its prefix.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <tessera/console.h>

static char got[4096];
static size_t got_len;

/* Feeds s (len bytes) through a fresh filter; got holds what it lets through. */
static void filter(const char *s, size_t len, bool interactive)
{
	struct console_filter f;

	console_filter_reset(&f);
	got_len = 0;
	for (size_t i = 0; i < len; i++) {
		char out[CONSOLE_FILTER_OUT_MAX];
		size_t n = console_filter_put(&f, s[i], interactive, out);

		assert_true(n <= sizeof(out));
		assert_true(got_len + n < sizeof(got));
		memcpy(got + got_len, out, n);
		got_len += n;
	}
	got[got_len] = '\0';
}

#define FILTER(lit, interactive) filter(lit, sizeof(lit) - 1, interactive)

static void test_text_tab_and_newline_pass(void **state)
{
	(void)state;
	FILTER("hello, world\t42 ~!@#$%^&*()_+{}|:\"<>?\n", false);
	assert_string_equal(got, "hello, world\t42 ~!@#$%^&*()_+{}|:\"<>?\n");
}

static void test_other_controls_and_high_bytes_are_dropped(void **state)
{
	(void)state;
	FILTER("a\rb\bc\ad\x7f"
	       "e\x0e"
	       "f\x9b"
	       "2Jg\xff\x01h\n",
	       false);
	assert_string_equal(got, "abcdef2Jgh\n");
}

static void test_escape_sequences_are_dropped_whole(void **state)
{
	(void)state;
	/* Erase line and screen, cursor home and up, reset, charset, a title (OSC ended by BEL
	 * and by ST), a DCS string, DEC private modes, a cursor position query. */
	FILTER("1\x1b[2K2\x1b[2J3\x1b[H4\x1b[1;1H5\x1b[A6\x1b"
	       "c7\x1b(08\x1b]0;title\x07"
	       "9\x1b]2;x\x1b\\A\x1bPq#0\x1b\\B\x1b[?25lC\x1b[6nD\n",
	       false);
	assert_string_equal(got, "123456789ABCD\n");
}

static void test_the_input_holder_keeps_line_editing_only(void **state)
{
	(void)state;
	FILTER("a\rb\bc\x1b[Kd\x1b[0Je\x1b[1;31mf\x1b[mg\x1b[3Dh\x1b[Di", true);
	assert_string_equal(got, "a\rb\bc\x1b[Kd\x1b[Je\x1b[1;31mf\x1b[mg\b\b\bh\bi");
	/* Not: erasing left or the whole line, moving anywhere else, odd colours. */
	FILTER("1\x1b[1K2\x1b[2K3\x1b[2J4\x1b[C5\x1b[A6\x1b[H7\x1b[?1049h8\x1b[38:5:1m9\x1b["
	       "123456m0",
	       true);
	assert_string_equal(got, "1234567890");
}

static void test_a_left_move_is_bounded(void **state)
{
	(void)state;
	FILTER("\x1b[99999D", true);
	assert_int_equal(got_len, 128);
	for (size_t i = 0; i < got_len; i++)
		assert_int_equal(got[i], '\b');
}

static void test_an_endless_string_or_sequence_ends(void **state)
{
	char s[2000];

	(void)state;
	/* A title never ended: a newline ends it, and the next line shows. */
	FILTER("\x1b]0;never ended\nnext\n", false);
	assert_string_equal(got, "\nnext\n");
	/* 2000 bytes of string: dropped up to the bound, then shown as text. */
	s[0] = '\x1b';
	s[1] = ']';
	memset(s + 2, 'x', sizeof(s) - 2);
	filter(s, sizeof(s), false);
	assert_int_equal(got_len, sizeof(s) - 2 - CONSOLE_FILTER_STRING_MAX);
	/* Endless parameters: kept to a bound, then the sequence is dropped. */
	memset(s, '1', sizeof(s));
	s[0] = '\x1b';
	s[1] = '[';
	s[sizeof(s) - 1] = 'm';
	filter(s, sizeof(s), true);
	assert_int_equal(got_len, 0);
	/* A control inside a sequence breaks it; a newline still counts. */
	FILTER("a\x1b[1\nb\x1b\nc", false);
	assert_string_equal(got, "a\nb\nc");
}

/* ------------------------------------------------------------ what the user sees */

#define ROWS 16
#define COLS 200

static char screen[ROWS][COLS + 1];
static bool coloured[ROWS][COLS + 1]; /* written while the guest's colours were on */
static unsigned int row, col;
static bool colours_on;

static struct console_filter f;
static struct console_line l;

static void term_reset(void)
{
	memset(screen, 0, sizeof(screen));
	memset(coloured, 0, sizeof(coloured));
	console_filter_reset(&f);
	memset(&l, 0, sizeof(l));
	l.open = CONSOLE_NO_DOMAIN;
	l.cut = CONSOLE_NO_DOMAIN;
	colours_on = false;
	row = 0;
	col = 0;
}

/* A terminal: text overwrites, '\r' to column 0, '\n' down, '\b' left (not past 0),
 * ESC [ K and J erase from the cursor, ESC [ ... m turns colours on (which could hide
 * text), ESC [ m and ESC [ 0 m off. A sequence may come a byte at a time. */
static void term_write(const char *s, size_t n)
{
	static unsigned int in_seq; /* 0, 1 after ESC, 2 after ESC [ */
	static char params[40];
	static size_t np;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (in_seq == 1) {
			assert_int_equal(c, '[');
			in_seq = 2;
			np = 0;
		} else if (in_seq == 2) {
			if (c >= '@' && c <= '~') {
				in_seq = 0;
				params[np] = '\0';
				if (c == 'K' || c == 'J')
					screen[row][col] = '\0';
				if (c == 'm')
					colours_on = np != 0 && strcmp(params, "0") != 0;
			} else {
				assert_true(np + 1 < sizeof(params));
				params[np++] = c;
			}
		} else if (c == '\x1b') {
			in_seq = 1;
		} else if (c == '\r') {
			col = 0;
		} else if (c == '\n') {
			assert_true(++row < ROWS);
			col = 0;
		} else if (c == '\b') {
			col = col > 0 ? col - 1 : 0;
		} else {
			assert_true(c >= ' ' && c <= '~');
			for (unsigned int k = (unsigned int)strlen(screen[row]); k < col; k++)
				screen[row][k] = ' ';
			coloured[row][col] = colours_on;
			screen[row][col++] = c;
		}
	}
}

/* Domain 1 holding the input writes s, through its filter and the console line. */
static void guest_live(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char kept[CONSOLE_FILTER_OUT_MAX];
		size_t n = console_filter_put(&f, s[i], true, kept);

		for (size_t k = 0; k < n; k++) {
			char out[CONSOLE_LINE_OUT_MAX];

			term_write(out, console_line_put(&l, 1, kept[k], out));
		}
	}
}

#define LIVE(lit) guest_live(lit, sizeof(lit) - 1)

/* Every line shown starts with d1's prefix, drawn in the terminal's own colours. */
static void assert_every_line_is_d1s(void)
{
	for (unsigned int r = 0; r <= row; r++) {
		if (screen[r][0] == '\0')
			continue;
		assert_memory_equal(screen[r], "(d1) ", 5);
		for (unsigned int c = 0; c < 5; c++)
			assert_false(coloured[r][c]);
	}
}

static void test_a_guest_cannot_draw_a_line_of_tessera_s(void **state)
{
	(void)state;
	term_reset();
	/* Carriage return, backspaces, erase line, cursor home, hidden colours, all to draw
	 * "(tessera) ..." at the start of a line. */
	LIVE("x\r(tessera) fake 1\n");
	LIVE("\b\b\b\b\b\b(tessera) fake 2\n");
	LIVE("ab\x1b[99D(tessera) fake 3\n");
	LIVE("\x1b[2K\r(tessera) fake 4\n");
	LIVE("\x1b[1;1H(tessera) fake 5\n");
	LIVE("\x1b[8m\x1b[30;40m\r(tessera) fake 6\n");
	LIVE("\x1b[8m\n(tessera) fake 7\n");
	LIVE("\x1b[8mhidden text, then a line end: colours off before it\n");
	LIVE("\x1b[8mstill open\x1b[8m");
	assert_every_line_is_d1s();
	assert_int_equal(row, 9);
	assert_string_equal(screen[0], "(d1) (tessera) fake 1");
	assert_string_equal(screen[1], "(d1) (tessera) fake 2");
	assert_string_equal(screen[2], "(d1) (tessera) fake 3");
}

static void test_a_shell_still_edits_its_line(void **state)
{
	(void)state;
	term_reset();
	/* busybox: prompt, "lss" typed, backspace (BS, space, BS), then "-l", Enter. */
	LIVE("~ # lss\b \b -l\r\n");
	/* A redraw: back to the line's start, the prompt again, erase what follows. */
	LIVE("~ # cat x\x1b[9D~ # echo\x1b[K\n");
	assert_string_equal(screen[0], "(d1) ~ # ls -l");
	assert_string_equal(screen[1], "(d1) ~ # echo");
	assert_every_line_is_d1s();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_tab_and_newline_pass),
		cmocka_unit_test(test_other_controls_and_high_bytes_are_dropped),
		cmocka_unit_test(test_escape_sequences_are_dropped_whole),
		cmocka_unit_test(test_the_input_holder_keeps_line_editing_only),
		cmocka_unit_test(test_a_left_move_is_bounded),
		cmocka_unit_test(test_an_endless_string_or_sequence_ends),
		cmocka_unit_test(test_a_guest_cannot_draw_a_line_of_tessera_s),
		cmocka_unit_test(test_a_shell_still_edits_its_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
