// SPDX-License-Identifier: Apache-2.0
// FUZZ-SOURCES: core/cmdline.c
/*
 * The boot options parser (core/cmdline.c) on any command line: the input, up to its first
 * NUL, is what /chosen/xen,xen-bootargs would hold (setup.c passes any NUL-terminated value,
 * however long). Checked: every warning has a NUL-terminated option and reason, the count
 * returned is the number of warnings given, and every option keeps a value it can take.
 */
#include "fuzz.h"

#include <tessera/cmdline.h>

struct warnings {
	int n;
};

static void on_warn(void *ctx, const char *option, const char *why)
{
	struct warnings *w = ctx;

	/* An option is at most one word: cmdline.c's WORD_MAX (160) bytes, NUL included. */
	FUZZ_ASSERT_STRING(option, 159);
	FUZZ_ASSERT_STRING(why, 128);
	w->n++;
}

static void check_options(const struct boot_options *o)
{
	FUZZ_ASSERT_STRING(o->dtuart, CMDLINE_DTUART_MAX - 1);
	FUZZ_ASSERT(o->loglvl >= LOG_NONE && o->loglvl <= LOG_DEBUG);
	FUZZ_ASSERT(o->guest_loglvl >= LOG_NONE && o->guest_loglvl <= LOG_DEBUG);
	FUZZ_ASSERT(o->sched >= SCHED_NULL && o->sched <= SCHED_ARINC653);
	FUZZ_ASSERT(o->vwfi == VWFI_TRAP || o->vwfi == VWFI_NATIVE);
	FUZZ_ASSERT(strcmp(cmdline_sched_name(o->sched), "?") != 0);
	FUZZ_ASSERT(strcmp(cmdline_loglvl_name(o->loglvl), "?") != 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *args = (char *)fuzz_dup(data, size, 1);
	struct boot_options opts;
	struct warnings w = { 0 };
	int n;

	cmdline_defaults(&opts);
	n = cmdline_parse(args, &opts, on_warn, &w);
	FUZZ_ASSERT(n == w.n);
	FUZZ_ASSERT(n >= 0 && (size_t)n <= size);
	check_options(&opts);
	/* Parsing again starts from what the first pass left, without a callback. */
	FUZZ_ASSERT(cmdline_parse(args, &opts, NULL, NULL) == n);
	check_options(&opts);
	free(args);
	return 0;
}
