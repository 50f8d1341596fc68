// SPDX-License-Identifier: Apache-2.0
// UNIT-SOURCES: core/cmdline.c
// Verifies: REQ-BOOT-010
/*
 * The boot command line parser: Xen's option names, unknown options warned about once, bad
 * values warned about with the default kept, quoting, and over-long words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <tessera/cmdline.h>

#define MAX_SEEN 32

/* Every warning the parser gave, in order, so that tests can check which and how many. */
struct seen {
	int n;
	char option[MAX_SEEN][200];
	char why[MAX_SEEN][128];
};

static struct seen seen;
static struct boot_options opts;

static void record_warning(void *ctx, const char *option, const char *why)
{
	struct seen *s = ctx;

	assert_non_null(option);
	assert_non_null(why);
	if (s->n < MAX_SEEN) {
		snprintf(s->option[s->n], sizeof(s->option[0]), "%s", option);
		snprintf(s->why[s->n], sizeof(s->why[0]), "%s", why);
	}
	s->n++;
}

static int setup(void **state)
{
	(void)state;
	memset(&seen, 0, sizeof(seen));
	cmdline_defaults(&opts);
	return 0;
}

/* Parses args into opts and checks that the return value agrees with the callback count. */
static int parse(const char *args)
{
	int before = seen.n;
	int ret = cmdline_parse(args, &opts, record_warning, &seen);

	assert_int_equal(ret, seen.n - before);
	return ret;
}

static void assert_defaults(const struct boot_options *o)
{
	struct boot_options def;

	cmdline_defaults(&def);
	assert_memory_equal(o, &def, sizeof(def));
}

/* A string of n copies of c, for length limits. */
static char *repeat(char *buf, char c, size_t n)
{
	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

static void test_defaults_are_uart_console_info_levels_null_sched_trapped_wfi(void **state)
{
	(void)state;
	memset(&opts, 0xa5, sizeof(opts));
	cmdline_defaults(&opts);
	assert_true(opts.console_dtuart);
	assert_false(opts.console_none);
	assert_string_equal(opts.dtuart, "");
	assert_int_equal(opts.loglvl, LOG_INFO);
	assert_int_equal(opts.guest_loglvl, LOG_INFO);
	assert_int_equal(opts.sched, SCHED_NULL);
	assert_int_equal(opts.vwfi, VWFI_TRAP);
}

static void test_empty_or_missing_command_line_changes_nothing(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse(NULL, &opts, record_warning, &seen), 0);
	assert_int_equal(parse(""), 0);
	assert_int_equal(parse("  \t\n  "), 0);
	assert_int_equal(seen.n, 0);
	assert_defaults(&opts);
}

static void test_xen_command_line_sets_every_known_option(void **state)
{
	const char *line = "console=dtuart dtuart=serial0 loglvl=all guest_loglvl=error "
			   "sched=arinc653 vwfi=native";

	(void)state;
	assert_int_equal(parse(line), 0);
	assert_true(opts.console_dtuart);
	assert_false(opts.console_none);
	assert_string_equal(opts.dtuart, "serial0");
	assert_int_equal(opts.loglvl, LOG_DEBUG);
	assert_int_equal(opts.guest_loglvl, LOG_ERR);
	assert_int_equal(opts.sched, SCHED_ARINC653);
	assert_int_equal(opts.vwfi, VWFI_NATIVE);
}

static void test_console_none_silences_the_console(void **state)
{
	(void)state;
	assert_int_equal(parse("console=none"), 0);
	assert_true(opts.console_none);
}

static void test_console_dtuart_after_none_restores_the_uart(void **state)
{
	(void)state;
	assert_int_equal(parse("console=none console=dtuart"), 0);
	assert_false(opts.console_none);
	assert_true(opts.console_dtuart);
}

static void test_unsupported_console_is_warned_and_setting_kept(void **state)
{
	(void)state;
	assert_int_equal(parse("console=vga"), 1);
	assert_string_equal(seen.option[0], "console");
	assert_defaults(&opts);

	/* Whatever was in force before stays in force. */
	assert_int_equal(parse("console=none console=com1"), 1);
	assert_true(opts.console_none);
}

static void test_console_without_value_is_warned(void **state)
{
	(void)state;
	assert_int_equal(parse("console"), 1);
	assert_string_equal(seen.option[0], "console");
	assert_defaults(&opts);
}

static void test_dtuart_takes_an_alias_or_a_path(void **state)
{
	(void)state;
	assert_int_equal(parse("dtuart=serial0"), 0);
	assert_string_equal(opts.dtuart, "serial0");
	assert_int_equal(parse("dtuart=/soc/serial@1c28000"), 0);
	assert_string_equal(opts.dtuart, "/soc/serial@1c28000");
}

static void test_quoted_value_is_unquoted_and_keeps_spaces(void **state)
{
	(void)state;
	assert_int_equal(parse("dtuart=\"/soc/serial@9000000\" vwfi=native"), 0);
	assert_string_equal(opts.dtuart, "/soc/serial@9000000");
	assert_int_equal(parse("dtuart=\"a b\tc\" sched=rtds"), 0);
	assert_string_equal(opts.dtuart, "a b\tc");
	/* The words after a quoted one are still parsed. */
	assert_int_equal(opts.vwfi, VWFI_NATIVE);
	assert_int_equal(opts.sched, SCHED_RTDS);
}

static void test_unterminated_quote_runs_to_end_of_line(void **state)
{
	(void)state;
	assert_int_equal(parse("dtuart=\"serial0 sched=credit"), 0);
	assert_string_equal(opts.dtuart, "serial0 sched=credit");
	assert_int_equal(opts.sched, SCHED_NULL);
}

static void test_dtuart_of_127_characters_is_accepted(void **state)
{
	char value[CMDLINE_DTUART_MAX];
	char line[CMDLINE_DTUART_MAX + 16];

	(void)state;
	repeat(value, 'p', CMDLINE_DTUART_MAX - 1);
	snprintf(line, sizeof(line), "dtuart=%s", value);
	assert_int_equal(parse(line), 0);
	assert_string_equal(opts.dtuart, value);
}

static void test_dtuart_of_128_characters_is_refused(void **state)
{
	char value[CMDLINE_DTUART_MAX + 1];
	char line[CMDLINE_DTUART_MAX + 16];

	(void)state;
	assert_int_equal(parse("dtuart=serial1"), 0);
	repeat(value, 'p', CMDLINE_DTUART_MAX);
	snprintf(line, sizeof(line), "dtuart=%s", value);
	assert_int_equal(parse(line), 1);
	assert_string_equal(seen.option[0], "dtuart");
	assert_string_equal(opts.dtuart, "serial1");
}

static void test_dtuart_empty_or_missing_is_warned(void **state)
{
	(void)state;
	assert_int_equal(parse("dtuart= dtuart dtuart=\"\""), 3);
	assert_string_equal(opts.dtuart, "");
}

static void test_loglvl_accepts_every_xen_level_name(void **state)
{
	static const struct {
		const char *name;
		enum log_level level;
	} cases[] = {
		{ "none", LOG_NONE }, { "error", LOG_ERR },   { "warning", LOG_WARN },
		{ "info", LOG_INFO }, { "debug", LOG_DEBUG }, { "all", LOG_DEBUG },
	};
	char line[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* Start from a level different from the expected one, so that a no-op fails. */
		opts.loglvl = cases[i].level == LOG_ERR ? LOG_WARN : LOG_ERR;
		snprintf(line, sizeof(line), "loglvl=%s", cases[i].name);
		assert_int_equal(parse(line), 0);
		assert_int_equal(opts.loglvl, cases[i].level);
	}
}

static void test_loglvl_rate_limited_level_is_accepted_and_first_kept(void **state)
{
	(void)state;
	assert_int_equal(parse("loglvl=debug/warning"), 0);
	assert_int_equal(opts.loglvl, LOG_DEBUG);
	assert_int_equal(parse("loglvl=error/all"), 0);
	assert_int_equal(opts.loglvl, LOG_ERR);
}

static void test_bad_loglvl_is_warned_and_default_kept(void **state)
{
	static const char *const bad[] = {
		"loglvl",	"loglvl=",	"loglvl=verbose",    "loglvl=inf",
		"loglvl=infos", "loglvl=INFO",	"loglvl=al",	     "loglvl=allx",
		"loglvl=/info", "loglvl=info/", "loglvl=info/bogus", "loglvl=bogus/info",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&seen, 0, sizeof(seen));
		assert_int_equal(parse(bad[i]), 1);
		assert_string_equal(seen.option[0], "loglvl");
		assert_defaults(&opts);
	}
}

static void test_guest_loglvl_sets_only_the_guest_level(void **state)
{
	(void)state;
	assert_int_equal(parse("guest_loglvl=warning/debug"), 0);
	assert_int_equal(opts.guest_loglvl, LOG_WARN);
	assert_int_equal(opts.loglvl, LOG_INFO);
	assert_int_equal(parse("loglvl=none"), 0);
	assert_int_equal(opts.guest_loglvl, LOG_WARN);
	assert_int_equal(opts.loglvl, LOG_NONE);

	assert_int_equal(parse("guest_loglvl=loud"), 1);
	assert_string_equal(seen.option[0], "guest_loglvl");
	assert_int_equal(opts.guest_loglvl, LOG_WARN);
}

static void test_sched_accepts_each_scheduler(void **state)
{
	(void)state;
	assert_int_equal(parse("sched=credit"), 0);
	assert_int_equal(opts.sched, SCHED_CREDIT);
	assert_int_equal(parse("sched=rtds"), 0);
	assert_int_equal(opts.sched, SCHED_RTDS);
	assert_int_equal(parse("sched=arinc653"), 0);
	assert_int_equal(opts.sched, SCHED_ARINC653);
	assert_int_equal(parse("sched=null"), 0);
	assert_int_equal(opts.sched, SCHED_NULL);
}

static void test_bad_sched_is_warned_and_default_kept(void **state)
{
	(void)state;
	assert_int_equal(parse("sched=credit2 sched= sched"), 3);
	for (int i = 0; i < 3; i++)
		assert_string_equal(seen.option[i], "sched");
	assert_defaults(&opts);
}

static void test_vwfi_native_and_trap_are_parsed(void **state)
{
	(void)state;
	assert_int_equal(parse("vwfi=native"), 0);
	assert_int_equal(opts.vwfi, VWFI_NATIVE);
	assert_int_equal(parse("vwfi=trap"), 0);
	assert_int_equal(opts.vwfi, VWFI_TRAP);
}

static void test_bad_vwfi_is_warned_and_setting_kept(void **state)
{
	(void)state;
	assert_int_equal(parse("vwfi=native vwfi=idle vwfi"), 2);
	assert_string_equal(seen.option[0], "vwfi");
	assert_string_equal(seen.option[1], "vwfi");
	assert_int_equal(opts.vwfi, VWFI_NATIVE);
}

static void test_unknown_option_is_warned_once(void **state)
{
	(void)state;
	assert_int_equal(parse("dom0_mem=512M bootscrub=0 dom0_mem=1G dom0_mem bootscrub"), 2);
	/* The warning names the option, not its value. */
	assert_string_equal(seen.option[0], "dom0_mem");
	assert_string_equal(seen.option[1], "bootscrub");
	assert_non_null(strstr(seen.why[0], "unknown"));
	assert_defaults(&opts);
}

static void test_unknown_option_does_not_stop_known_ones(void **state)
{
	(void)state;
	assert_int_equal(parse("dom0_max_vcpus=2 sched=credit noreboot vwfi=native"), 2);
	assert_int_equal(opts.sched, SCHED_CREDIT);
	assert_int_equal(opts.vwfi, VWFI_NATIVE);
}

static void test_unknown_option_with_long_name_is_warned_once(void **state)
{
	char name[100];
	char line[3 * sizeof(name) + 8];

	(void)state;
	repeat(name, 'u', 64);
	snprintf(line, sizeof(line), "%s=1 %s=2 %s", name, name, name);
	assert_int_equal(parse(line), 1);
	assert_string_equal(seen.option[0], name);
}

static void test_long_unknown_options_sharing_a_prefix_are_each_warned(void **state)
{
	char a[100], b[100];
	char line[2 * sizeof(a) + 8];

	(void)state;
	repeat(a, 'u', 64);
	repeat(b, 'u', 64);
	b[63] = 'v';
	snprintf(line, sizeof(line), "%s %s", a, b);
	assert_int_equal(parse(line), 2);
	assert_string_equal(seen.option[0], a);
	assert_string_equal(seen.option[1], b);
}

static void test_distinct_unknown_options_are_each_warned(void **state)
{
	char line[CMDLINE_MAX_UNKNOWN * 2 * 8];
	size_t len = 0;

	(void)state;
	/* As many distinct names as the parser remembers, each given twice. */
	for (int rep = 0; rep < 2; rep++) {
		for (int i = 0; i < CMDLINE_MAX_UNKNOWN; i++)
			len += (size_t)snprintf(line + len, sizeof(line) - len, "opt%d ", i);
	}
	assert_int_equal(parse(line), CMDLINE_MAX_UNKNOWN);
	assert_string_equal(seen.option[0], "opt0");
	assert_string_equal(seen.option[CMDLINE_MAX_UNKNOWN - 1], "opt15");
}

static void test_later_option_overrides_earlier_one(void **state)
{
	(void)state;
	assert_int_equal(parse("sched=credit loglvl=debug sched=rtds loglvl=error"), 0);
	assert_int_equal(opts.sched, SCHED_RTDS);
	assert_int_equal(opts.loglvl, LOG_ERR);
}

static void test_parse_starts_from_existing_options(void **state)
{
	(void)state;
	assert_int_equal(parse("sched=credit dtuart=serial2"), 0);
	assert_int_equal(parse("vwfi=native"), 0);
	assert_int_equal(opts.sched, SCHED_CREDIT);
	assert_string_equal(opts.dtuart, "serial2");
	assert_int_equal(opts.vwfi, VWFI_NATIVE);
}

static void test_words_are_split_on_spaces_tabs_and_newlines(void **state)
{
	(void)state;
	assert_int_equal(parse("  sched=rtds\tvwfi=native\nloglvl=debug  "), 0);
	assert_int_equal(opts.sched, SCHED_RTDS);
	assert_int_equal(opts.vwfi, VWFI_NATIVE);
	assert_int_equal(opts.loglvl, LOG_DEBUG);
}

static void test_overlong_word_is_warned_and_ignored(void **state)
{
	char value[300];
	char line[400];

	(void)state;
	/* Long enough to overflow the word buffer but not dtuart's own limit check. */
	repeat(value, 'x', 250);
	snprintf(line, sizeof(line), "dtuart=%s sched=credit", value);
	assert_int_equal(parse(line), 1);
	assert_non_null(strstr(seen.why[0], "too long"));
	assert_string_equal(opts.dtuart, "");
	/* The word after the long one is parsed as usual. */
	assert_int_equal(opts.sched, SCHED_CREDIT);
}

/* Word buffer: 160 bytes, so a word of 159 characters is whole and one of 160 is truncated. */
static void test_word_is_truncated_only_beyond_159_characters(void **state)
{
	char word[200];

	(void)state;
	assert_int_equal(parse(repeat(word, 'w', 159)), 1);
	assert_non_null(strstr(seen.why[0], "unknown"));
	assert_int_equal(strlen(seen.option[0]), 159);

	assert_int_equal(parse(repeat(word, 'w', 160)), 1);
	assert_non_null(strstr(seen.why[1], "too long"));
}

static void test_quotes_do_not_count_towards_word_length(void **state)
{
	char name[200];
	char line[256];

	(void)state;
	/* 161 characters as written, 159 once the quotes are removed: whole, not too long. */
	repeat(name, 'q', 159);
	snprintf(line, sizeof(line), "\"%s\"", name);
	assert_int_equal(parse(line), 1);
	assert_non_null(strstr(seen.why[0], "unknown"));
	assert_string_equal(seen.option[0], name);
}

static void test_parse_without_callback_still_counts_warnings(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse("foo sched=bad foo vwfi=native", &opts, NULL, NULL), 2);
	assert_int_equal(opts.vwfi, VWFI_NATIVE);
	assert_int_equal(opts.sched, SCHED_NULL);
}

static void test_sched_and_loglvl_have_printable_names(void **state)
{
	(void)state;
	assert_string_equal(cmdline_sched_name(SCHED_NULL), "null");
	assert_string_equal(cmdline_sched_name(SCHED_CREDIT), "credit");
	assert_string_equal(cmdline_sched_name(SCHED_RTDS), "rtds");
	assert_string_equal(cmdline_sched_name(SCHED_ARINC653), "arinc653");
	assert_string_equal(cmdline_sched_name((enum sched_kind)4), "?");
	assert_string_equal(cmdline_sched_name((enum sched_kind)(-1)), "?");

	assert_string_equal(cmdline_loglvl_name(LOG_NONE), "none");
	assert_string_equal(cmdline_loglvl_name(LOG_ERR), "error");
	assert_string_equal(cmdline_loglvl_name(LOG_WARN), "warning");
	assert_string_equal(cmdline_loglvl_name(LOG_INFO), "info");
	assert_string_equal(cmdline_loglvl_name(LOG_DEBUG), "debug");
	assert_string_equal(cmdline_loglvl_name((enum log_level)5), "?");
	assert_string_equal(cmdline_loglvl_name((enum log_level)(-1)), "?");
}

/* Every name parse accepts prints back as itself, so the boot log shows what is in force. */
static void test_names_round_trip_through_the_parser(void **state)
{
	char line[64];

	(void)state;
	for (int s = SCHED_NULL; s <= SCHED_ARINC653; s++) {
		snprintf(line, sizeof(line), "sched=%s", cmdline_sched_name((enum sched_kind)s));
		assert_int_equal(parse(line), 0);
		assert_int_equal(opts.sched, s);
	}
	for (int l = LOG_NONE; l <= LOG_DEBUG; l++) {
		snprintf(line, sizeof(line), "guest_loglvl=%s",
			 cmdline_loglvl_name((enum log_level)l));
		assert_int_equal(parse(line), 0);
		assert_int_equal(opts.guest_loglvl, l);
	}
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_defaults_are_uart_console_info_levels_null_sched_trapped_wfi),
		T(test_empty_or_missing_command_line_changes_nothing),
		T(test_xen_command_line_sets_every_known_option),
		T(test_console_none_silences_the_console),
		T(test_console_dtuart_after_none_restores_the_uart),
		T(test_unsupported_console_is_warned_and_setting_kept),
		T(test_console_without_value_is_warned),
		T(test_dtuart_takes_an_alias_or_a_path),
		T(test_quoted_value_is_unquoted_and_keeps_spaces),
		T(test_unterminated_quote_runs_to_end_of_line),
		T(test_dtuart_of_127_characters_is_accepted),
		T(test_dtuart_of_128_characters_is_refused),
		T(test_dtuart_empty_or_missing_is_warned),
		T(test_loglvl_accepts_every_xen_level_name),
		T(test_loglvl_rate_limited_level_is_accepted_and_first_kept),
		T(test_bad_loglvl_is_warned_and_default_kept),
		T(test_guest_loglvl_sets_only_the_guest_level),
		T(test_sched_accepts_each_scheduler),
		T(test_bad_sched_is_warned_and_default_kept),
		T(test_vwfi_native_and_trap_are_parsed),
		T(test_bad_vwfi_is_warned_and_setting_kept),
		T(test_unknown_option_is_warned_once),
		T(test_unknown_option_does_not_stop_known_ones),
		T(test_unknown_option_with_long_name_is_warned_once),
		T(test_long_unknown_options_sharing_a_prefix_are_each_warned),
		T(test_distinct_unknown_options_are_each_warned),
		T(test_later_option_overrides_earlier_one),
		T(test_parse_starts_from_existing_options),
		T(test_words_are_split_on_spaces_tabs_and_newlines),
		T(test_overlong_word_is_warned_and_ignored),
		T(test_word_is_truncated_only_beyond_159_characters),
		T(test_quotes_do_not_count_towards_word_length),
		T(test_parse_without_callback_still_counts_warnings),
		T(test_sched_and_loglvl_have_printable_names),
		T(test_names_round_trip_through_the_parser),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
