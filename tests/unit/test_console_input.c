// SPDX-License-Identifier: Apache-2.0
// UNIT-SOURCES: core/console_input.c
// Verifies: REQ-BOOT-011
/*
 * Console input switching: Ctrl-a pressed three times moves input to the next owner, as in
 * Xen; fewer presses are handed on with the next key so guests still receive Ctrl-a.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <tessera/console.h>

static unsigned int feed(struct console_input *in, char c, char *out, bool *switched)
{
	return console_input_feed(in, c, out, switched);
}

static void test_plain_key_goes_to_the_owner(void **state)
{
	struct console_input in = { .owner = 0, .nr_owners = 3 };
	char out[CONSOLE_SWITCH_PRESSES + 1];
	bool switched;

	(void)state;
	assert_int_equal(feed(&in, 'x', out, &switched), 1);
	assert_int_equal(out[0], 'x');
	assert_false(switched);
	assert_int_equal(in.owner, 0);
}

static void test_three_ctrl_a_switch_to_the_next_owner(void **state)
{
	struct console_input in = { .owner = 0, .nr_owners = 3 };
	char out[CONSOLE_SWITCH_PRESSES + 1];
	bool switched;

	(void)state;
	assert_int_equal(feed(&in, 0x01, out, &switched), 0);
	assert_false(switched);
	assert_int_equal(feed(&in, 0x01, out, &switched), 0);
	assert_false(switched);
	assert_int_equal(feed(&in, 0x01, out, &switched), 0);
	assert_true(switched);
	assert_int_equal(in.owner, 1);
}

static void test_switching_wraps_back_to_the_hypervisor(void **state)
{
	struct console_input in = { .owner = 2, .nr_owners = 3 };
	char out[CONSOLE_SWITCH_PRESSES + 1];
	bool switched;

	(void)state;
	for (int i = 0; i < 3; i++)
		feed(&in, 0x01, out, &switched);
	assert_true(switched);
	assert_int_equal(in.owner, 0);
}

static void test_with_one_owner_switching_stays_on_the_hypervisor(void **state)
{
	struct console_input in = { .owner = 0, .nr_owners = 1 };
	char out[CONSOLE_SWITCH_PRESSES + 1];
	bool switched;

	(void)state;
	for (int i = 0; i < 3; i++)
		feed(&in, 0x01, out, &switched);
	assert_true(switched);
	assert_int_equal(in.owner, 0);
}

static void test_fewer_ctrl_a_are_handed_on_with_the_next_key(void **state)
{
	struct console_input in = { .owner = 1, .nr_owners = 3 };
	char out[CONSOLE_SWITCH_PRESSES + 1];
	bool switched;

	(void)state;
	feed(&in, 0x01, out, &switched);
	feed(&in, 0x01, out, &switched);
	assert_int_equal(feed(&in, 'q', out, &switched), 3);
	assert_int_equal(out[0], 0x01);
	assert_int_equal(out[1], 0x01);
	assert_int_equal(out[2], 'q');
	assert_false(switched);
	assert_int_equal(in.owner, 1);
}

static void test_count_restarts_after_another_key(void **state)
{
	struct console_input in = { .owner = 0, .nr_owners = 2 };
	char out[CONSOLE_SWITCH_PRESSES + 1];
	bool switched;

	(void)state;
	feed(&in, 0x01, out, &switched);
	feed(&in, 0x01, out, &switched);
	feed(&in, 'a', out, &switched);
	feed(&in, 0x01, out, &switched);
	assert_false(switched);
	assert_int_equal(in.owner, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_key_goes_to_the_owner),
		cmocka_unit_test(test_three_ctrl_a_switch_to_the_next_owner),
		cmocka_unit_test(test_switching_wraps_back_to_the_hypervisor),
		cmocka_unit_test(test_with_one_owner_switching_stays_on_the_hypervisor),
		cmocka_unit_test(test_fewer_ctrl_a_are_handed_on_with_the_next_key),
		cmocka_unit_test(test_count_restarts_after_another_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
