/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Summary statistics of measured durations, in counter ticks, for the guests that measure
 * (latency, bench): a running summary (count, sum, min, max) that an interrupt handler can
 * feed one value at a time with no storage, and the summary of a stored series with its 99th
 * percentile. Converted to ns once at the end, the mean from the sum, so that the counter's
 * coarse ticks (16 ns at 62.5 MHz) average out.
 */
#ifndef RT_STATS_H
#define RT_STATS_H

#include <stdint.h>

struct stats {
	unsigned long n;
	uint64_t sum;
	uint64_t min;
	uint64_t max;
	uint64_t p99; /* only from stats_of_series; 0 otherwise */
};

/* The empty summary. */
void stats_reset(struct stats *s);

/* Adds one value to a running summary (bounded time: no storage, no loop). */
void stats_add(struct stats *s, uint64_t v);

/* The integer mean, 0 for an empty summary. */
uint64_t stats_mean(const struct stats *s);

/*
 * Sorts series[0..n) in place (Shell sort: no recursion, no allocation) and summarizes it,
 * p99 by nearest rank (the ceil(0.99 n)-th smallest value).
 */
void stats_of_series(struct stats *s, uint32_t *series, unsigned long n);

/* The same summary in ns (timer_ticks_to_ns of each figure; the sum too). */
struct stats stats_ticks_to_ns(const struct stats *ticks);

/* A duration clamped to what a series stores: a negative one is 0, a huge one UINT32_MAX. */
uint32_t stats_sample(int64_t ticks);

/*
 * Prints the machine-readable line bench/guestout.py reads, from samples in counter ticks:
 * "BENCH: <name> iters=N min_ns=.. mean_ns=.. p99_ns=.. max_ns=..<extra>" (the mean from the
 * sum of ticks, converted once), or "BENCH: <name> iters=0 failed". Sorts the samples.
 */
void stats_print_bench(const char *name, uint32_t *ticks, unsigned long n, const char *extra);

#endif
