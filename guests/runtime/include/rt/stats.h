/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Statistics of timed samples for the measuring guests (latency, bench, evtchn_ping): one
 * sort and one definition of min, mean, 99th percentile and max, so that every row of
 * `make bench` means the same by each.
 */
#ifndef RT_STATS_H
#define RT_STATS_H

#include <stdint.h>

struct sample_stats {
	unsigned long n;
	uint64_t min, max, p99; /* p99: nearest rank, the ceil(0.99 n)-th smallest */
	uint64_t sum;
};

/* Sorts a[0..n) in place (n may be 0: all zero) and fills *st. */
void stats_of(uint32_t *a, unsigned long n, struct sample_stats *st);

/*
 * Prints the machine-readable line bench/guestout.py reads, from samples in counter ticks:
 * "BENCH: <name> iters=N min_ns=.. mean_ns=.. p99_ns=.. max_ns=..<extra>" (the mean from the
 * sum of ticks, converted once), or "BENCH: <name> iters=0 failed". Sorts the samples.
 */
void stats_print_bench(const char *name, uint32_t *ticks, unsigned long n, const char *extra);

#endif
