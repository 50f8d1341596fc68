// SPDX-License-Identifier: Apache-2.0
// UNIT-SOURCES: core/console_budget.c
// Verifies: REQ-XEN-025
/*
 * The console_io output budget: a full bucket of CONSOLE_BUDGET_BURST characters, refilled at
 * CONSOLE_BUDGET_RATE a second, no fraction lost to frequent calls, and once dropping, output
 * resumes only with CONSOLE_BUDGET_RESUME characters back, with the count of those dropped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <tessera/console_budget.h>

#define TPC 1000ULL /* ticks per character */
#define SEC (TPC * CONSOLE_BUDGET_RATE)
#define T0  (1000 * SEC)

static void test_a_full_bucket_then_nothing(void **state)
{
	struct console_budget b;
	uint64_t report;

	(void)state;
	console_budget_init(&b, T0, TPC);
	assert_int_equal(console_budget_take(&b, T0, 4096, &report), 4096);
	assert_int_equal(report, 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(console_budget_take(&b, T0, 4096, &report), 4096);
	assert_int_equal(console_budget_take(&b, T0, 10, &report), 0);
	assert_int_equal(report, 0);
}

static void test_a_writer_under_the_rate_is_never_cut(void **state)
{
	struct console_budget b;
	uint64_t report;

	(void)state;
	console_budget_init(&b, T0, TPC);
	assert_int_equal(console_budget_take(&b, T0, CONSOLE_BUDGET_BURST, &report),
			 CONSOLE_BUDGET_BURST);
	/* An empty bucket, then 80-character lines at 7/8 of the rate, for a minute of
	 * counter time: every character goes through, whatever the rounding. */
	for (uint64_t i = 1; i <= 60 * CONSOLE_BUDGET_RATE / 70; i++) {
		assert_int_equal(
			console_budget_take(&b, T0 + i * 80 * TPC * 8 / 7 + i % 3, 80, &report),
			80);
		assert_int_equal(report, 0);
	}
}

static void test_a_flood_is_cut_and_the_drop_reported(void **state)
{
	struct console_budget b;
	uint64_t report, printed = 0, reported = 0, dropped = 0;
	unsigned int notes = 0;

	(void)state;
	console_budget_init(&b, T0, TPC);
	/* 4096 characters every millisecond for 3 seconds. */
	for (uint64_t ms = 0; ms < 3000; ms++) {
		uint64_t n = console_budget_take(&b, T0 + ms * SEC / 1000, 4096, &report);

		printed += n;
		dropped += 4096 - n;
		if (report != 0) {
			notes++;
			reported += report;
		}
	}
	/* The burst plus 3 s at the rate, never more. */
	assert_true(printed <= CONSOLE_BUDGET_BURST + 3 * CONSOLE_BUDGET_RATE);
	assert_true(printed >= CONSOLE_BUDGET_BURST + CONSOLE_BUDGET_RATE);
	/* A note each time output resumed (about once a second), not at every call. */
	assert_true(notes >= 1 && notes <= 3);
	assert_true(reported <= dropped);
	assert_int_equal(reported + b.dropped, dropped);
}

static void test_idle_refills_to_the_burst_only(void **state)
{
	struct console_budget b;
	uint64_t report;

	(void)state;
	console_budget_init(&b, T0, TPC);
	assert_int_equal(console_budget_take(&b, T0, CONSOLE_BUDGET_BURST + 5, &report),
			 CONSOLE_BUDGET_BURST);
	assert_true(b.suppressing);
	/* An hour later: a full bucket, not an hour's worth; the 5 dropped are reported. */
	assert_int_equal(
		console_budget_take(&b, T0 + 3600 * SEC, 2 * CONSOLE_BUDGET_BURST, &report),
		CONSOLE_BUDGET_BURST);
	assert_int_equal(report, 5);
}

static void test_a_counter_near_zero_or_a_zero_rate(void **state)
{
	struct console_budget b;
	uint64_t report;

	(void)state;
	console_budget_init(&b, 5 * TPC, TPC); /* less than a bucket since the counter began */
	assert_int_equal(console_budget_take(&b, 5 * TPC, CONSOLE_BUDGET_BURST + 1, &report),
			 CONSOLE_BUDGET_BURST);
	console_budget_init(&b, T0, 0); /* taken as one tick a character, never a division by 0 */
	assert_int_equal(console_budget_take(&b, T0, 100, &report), 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_full_bucket_then_nothing),
		cmocka_unit_test(test_a_writer_under_the_rate_is_never_cut),
		cmocka_unit_test(test_a_flood_is_cut_and_the_drop_reported),
		cmocka_unit_test(test_idle_refills_to_the_burst_only),
		cmocka_unit_test(test_a_counter_near_zero_or_a_zero_rate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
