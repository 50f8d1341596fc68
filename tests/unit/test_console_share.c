// SPDX-License-Identifier: Apache-2.0
// UNIT-SOURCES: core/console_share.c core/console_budget.c
// Verifies: REQ-CONS-004
/*
 * The fair share of the console: a domain alone prints without limit; while another domain
 * has written within the window, each is held to a burst and a rate; Tessera is never
 * limited and never makes a domain share; a cut domain's drop is reported when it resumes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <tessera/console.h>

#define TPC    1000ULL /* ticks per character */
#define SEC    (TPC * CONSOLE_BUDGET_RATE)
#define WINDOW (SEC * CONSOLE_SHARE_WINDOW_MS / 1000)
#define T0     (1000 * SEC)

static struct console_share share;

static int setup(void **state)
{
	(void)state;
	console_share_init(&share, WINDOW, TPC);
	return 0;
}

static uint64_t take(unsigned int src, uint64_t now, uint64_t want, uint64_t *report)
{
	return console_share_take(&share, src, now, want, report);
}

static void test_a_domain_alone_is_never_cut(void **state)
{
	uint64_t report;

	(void)state;
	/* 300 KB in a second (a kernel's initcall_debug log), in lines of 100. */
	for (uint64_t i = 0; i < 3000; i++) {
		assert_int_equal(take(1, T0 + i * SEC / 3000, 100, &report), 100);
		assert_int_equal(report, 0);
	}
}

static void test_tessera_is_never_cut_and_shares_with_no_one(void **state)
{
	uint64_t report;

	(void)state;
	assert_int_equal(take(0, T0, 1000000, &report), 1000000);
	/* Tessera just wrote: d1 is still alone. */
	assert_int_equal(take(1, T0, 10 * CONSOLE_BUDGET_BURST, &report),
			 10 * CONSOLE_BUDGET_BURST);
}

static void test_a_flooder_beside_a_neighbour_gets_its_share(void **state)
{
	uint64_t report, printed = 0, reported = 0, dropped = 0;
	unsigned int notes = 0;

	(void)state;
	/* d2 writes a 25-character line every 100 ms for 4 s while d1 floods 4096 every ms. */
	for (uint64_t ms = 0; ms < 4000; ms++) {
		uint64_t now = T0 + ms * SEC / 1000;
		uint64_t n;

		if (ms % 100 == 0) {
			assert_int_equal(take(2, now, 25, &report), 25);
			assert_int_equal(report, 0);
		}
		n = take(1, now, 4096, &report);
		printed += n;
		dropped += 4096 - n;
		notes += report != 0 ? 1 : 0;
		reported += report;
	}
	assert_true(printed <= CONSOLE_BUDGET_BURST + 4 * CONSOLE_BUDGET_RATE);
	assert_true(printed >= CONSOLE_BUDGET_BURST + 2 * CONSOLE_BUDGET_RATE);
	assert_true(notes >= 1 && notes <= 4);
	assert_int_equal(reported + share.budget[1].dropped, dropped);
}

static void test_alone_again_the_flooder_resumes_with_one_note(void **state)
{
	uint64_t report;

	(void)state;
	assert_int_equal(take(2, T0, 10, &report), 10);
	assert_int_equal(take(1, T0, CONSOLE_BUDGET_BURST + 7, &report), CONSOLE_BUDGET_BURST);
	assert_int_equal(take(1, T0 + 1, 3, &report), 0);
	/* Still within the window of d2's line: still cut, not reported yet. */
	assert_int_equal(take(1, T0 + WINDOW - 1, 0, &report), 0);
	assert_int_equal(report, 0);
	/* d2 has said nothing for a window: d1 is alone, says what it lost, goes on. */
	assert_int_equal(take(1, T0 + WINDOW, 50000, &report), 50000);
	assert_int_equal(report, 10);
	assert_int_equal(take(1, T0 + WINDOW + 1, 50000, &report), 50000);
	assert_int_equal(report, 0);
}

static void test_a_counter_behind_another_cpus_is_within_the_window(void **state)
{
	uint64_t report;

	(void)state;
	assert_int_equal(take(2, T0 + 5, 10, &report), 10);
	/* d1 reads the counter a hair earlier than d2 did: d2 is active, d1 is charged. */
	assert_int_equal(take(1, T0, CONSOLE_BUDGET_BURST + 1, &report), CONSOLE_BUDGET_BURST);
}

static void test_sources_out_of_range_write_nothing(void **state)
{
	uint64_t report;

	(void)state;
	assert_int_equal(take(CONSOLE_SHARE_SOURCES, T0, 10, &report), 0);
	assert_int_equal(take(0xffffffffU, T0, 10, &report), 0);
	assert_int_equal(report, 0);
}

static void test_a_sized_budget_counts_lines(void **state)
{
	struct console_budget b;
	uint64_t report;

	(void)state;
	/* 10 warnings at once, then one a second; output resumes with 1 back. */
	console_budget_init_sized(&b, T0, SEC, 10, 1);
	assert_int_equal(console_budget_take(&b, T0, 12, &report), 10);
	assert_int_equal(console_budget_take(&b, T0 + SEC / 2, 1, &report), 0);
	assert_int_equal(console_budget_take(&b, T0 + SEC, 1, &report), 1);
	assert_int_equal(report, 3);
	/* A resume level above the burst is taken as the burst; a zero burst as one. */
	console_budget_init_sized(&b, T0, SEC, 2, 5);
	assert_int_equal(b.resume, 2);
	console_budget_init_sized(&b, T0, SEC, 0, 0);
	assert_int_equal(console_budget_take(&b, T0, 3, &report), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_a_domain_alone_is_never_cut, setup),
		cmocka_unit_test_setup(test_tessera_is_never_cut_and_shares_with_no_one, setup),
		cmocka_unit_test_setup(test_a_flooder_beside_a_neighbour_gets_its_share, setup),
		cmocka_unit_test_setup(test_alone_again_the_flooder_resumes_with_one_note, setup),
		cmocka_unit_test_setup(test_a_counter_behind_another_cpus_is_within_the_window,
				       setup),
		cmocka_unit_test_setup(test_sources_out_of_range_write_nothing, setup),
		cmocka_unit_test(test_a_sized_budget_counts_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
