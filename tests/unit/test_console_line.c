// SPDX-License-Identifier: Apache-2.0
// UNIT-SOURCES: core/console_line.c
// Verifies: REQ-DOM-051
/*
 * The console line of the domain whose output is written as it comes: "(dN) " with the
 * first character of each of its lines, '\r' held until the next character ("\r\n" ends a
 * line, '\r' before text returns to just after the prefix), and other output first ending
 * the unfinished line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <tessera/console.h>

static char shown[512];
static size_t shown_len;

static void put(struct console_line *l, unsigned int domid, const char *s)
{
	for (; *s != '\0'; s++) {
		char out[CONSOLE_LINE_OUT_MAX];
		size_t n = console_line_put(l, domid, *s, out);

		assert_true(n <= sizeof(out));
		assert_true(shown_len + n < sizeof(shown));
		memcpy(shown + shown_len, out, n);
		shown_len += n;
		shown[shown_len] = '\0';
	}
}

static void other_output(struct console_line *l, const char *whole_line)
{
	char out[CONSOLE_LINE_OUT_MAX];
	size_t n = console_line_end(l, out);

	memcpy(shown + shown_len, out, n);
	shown_len += n;
	strcpy(shown + shown_len, whole_line);
	shown_len += strlen(whole_line);
}

static int reset(void **state)
{
	(void)state;
	shown_len = 0;
	shown[0] = '\0';
	return 0;
}

static void test_prefix_comes_with_the_first_character(void **state)
{
	struct console_line l = { .open = CONSOLE_NO_DOMAIN, .cut = CONSOLE_NO_DOMAIN };

	(void)state;
	put(&l, 1, "~ # ");
	assert_string_equal(shown, "(d1) ~ # ");
	assert_int_equal(l.open, 1);
	put(&l, 1, "ls\r\nbin\r\n");
	assert_string_equal(shown, "(d1) ~ # ls\r\n(d1) bin\r\n");
	assert_int_equal(l.open, CONSOLE_NO_DOMAIN);
}

static void test_a_bare_newline_ends_the_line_too(void **state)
{
	struct console_line l = { .open = CONSOLE_NO_DOMAIN, .cut = CONSOLE_NO_DOMAIN };

	(void)state;
	put(&l, 12, "a\n\nb");
	assert_string_equal(shown, "(d12) a\r\n(d12) \r\n(d12) b");
}

static void test_carriage_return_before_text_keeps_the_prefix(void **state)
{
	struct console_line l = { .open = CONSOLE_NO_DOMAIN, .cut = CONSOLE_NO_DOMAIN };

	(void)state;
	put(&l, 2, "~ # abc\r~ # abd");
	assert_string_equal(shown, "(d2) ~ # abc\r(d2) ~ # abd");
	put(&l, 2, "\r\r\n");
	assert_string_equal(shown, "(d2) ~ # abc\r(d2) ~ # abd\r\n");
}

static void test_carriage_return_at_a_line_start_is_dropped(void **state)
{
	struct console_line l = { .open = CONSOLE_NO_DOMAIN, .cut = CONSOLE_NO_DOMAIN };

	(void)state;
	put(&l, 3, "\r\n\rx");
	assert_string_equal(shown, "(d3) \r\n(d3) x");
}

static void test_other_output_starts_on_a_fresh_line_and_the_domain_is_prefixed_again(void **state)
{
	struct console_line l = { .open = CONSOLE_NO_DOMAIN, .cut = CONSOLE_NO_DOMAIN };

	(void)state;
	put(&l, 1, "echo> ab");
	other_output(&l, "(tessera) console input: d2\r\n");
	put(&l, 1, "c\r\n");
	assert_string_equal(shown, "(d1) echo> ab\r\n(tessera) console input: d2\r\n(d1) c\r\n");
	/* Nothing open: other output adds no newline. */
	reset(NULL);
	other_output(&l, "x\r\n");
	assert_string_equal(shown, "x\r\n");
}

static void test_a_held_carriage_return_is_not_replayed_after_other_output(void **state)
{
	struct console_line l = { .open = CONSOLE_NO_DOMAIN, .cut = CONSOLE_NO_DOMAIN };

	(void)state;
	put(&l, 1, "abc\r");
	other_output(&l, "X\r\n");
	put(&l, 1, "d");
	assert_string_equal(shown, "(d1) abc\r\nX\r\n(d1) d");
}

static void test_the_newline_of_a_cut_line_is_not_written_twice(void **state)
{
	struct console_line l = { .open = CONSOLE_NO_DOMAIN, .cut = CONSOLE_NO_DOMAIN };

	(void)state;
	put(&l, 1, "prompt> ab");
	other_output(&l, "(d2) x\r\n");
	other_output(&l, "(d2) y\r\n");
	put(&l, 1, "\r\nnext\n\n");
	assert_string_equal(shown, "(d1) prompt> ab\r\n(d2) x\r\n(d2) y\r\n(d1) next\r\n(d1) \r\n");
	/* Only the newline right after the cut is the one already written. */
	reset(NULL);
	put(&l, 1, "ab");
	other_output(&l, "X\r\n");
	put(&l, 1, "c\n");
	assert_string_equal(shown, "(d1) ab\r\nX\r\n(d1) c\r\n");
}

static void test_another_domain_ends_the_open_line(void **state)
{
	struct console_line l = { .open = CONSOLE_NO_DOMAIN, .cut = CONSOLE_NO_DOMAIN };

	(void)state;
	put(&l, 1, "ab");
	put(&l, 2, "cd");
	assert_string_equal(shown, "(d1) ab\r\n(d2) cd");
}

static void test_the_largest_domain_id_fits(void **state)
{
	struct console_line l = { .open = 7, .cut = CONSOLE_NO_DOMAIN };
	char out[CONSOLE_LINE_OUT_MAX];

	(void)state;
	assert_int_equal(console_line_put(&l, 4294967294U, '\n', out),
			 strlen("\r\n(d4294967294) \r\n"));
	assert_memory_equal(out, "\r\n(d4294967294) \r\n", strlen("\r\n(d4294967294) \r\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_prefix_comes_with_the_first_character, reset),
		cmocka_unit_test_setup(test_a_bare_newline_ends_the_line_too, reset),
		cmocka_unit_test_setup(test_carriage_return_before_text_keeps_the_prefix, reset),
		cmocka_unit_test_setup(test_carriage_return_at_a_line_start_is_dropped, reset),
		cmocka_unit_test_setup(
			test_other_output_starts_on_a_fresh_line_and_the_domain_is_prefixed_again,
			reset),
		cmocka_unit_test_setup(
			test_a_held_carriage_return_is_not_replayed_after_other_output, reset),
		cmocka_unit_test_setup(test_the_newline_of_a_cut_line_is_not_written_twice, reset),
		cmocka_unit_test_setup(test_another_domain_ends_the_open_line, reset),
		cmocka_unit_test_setup(test_the_largest_domain_id_fits, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
