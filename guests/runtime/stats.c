// SPDX-License-Identifier: Apache-2.0
/* Statistics of timed samples (rt/stats.h). */
#include "runtime.h"

#include <rt/stats.h>

/* Shell sort (Knuth's 3h+1 gaps): no recursion, no allocation, fast enough for 10^5. */
static void sort_u32(uint32_t *a, unsigned long n)
{
	unsigned long gap = 1;

	while (gap < n / 3)
		gap = 3 * gap + 1;
	for (; gap > 0; gap /= 3) {
		for (unsigned long i = gap; i < n; i++) {
			uint32_t v = a[i];
			unsigned long j = i;

			for (; j >= gap && a[j - gap] > v; j -= gap)
				a[j] = a[j - gap];
			a[j] = v;
		}
	}
}

void stats_of(uint32_t *a, unsigned long n, struct sample_stats *st)
{
	*st = (struct sample_stats){ .n = n };
	if (n == 0)
		return;
	sort_u32(a, n);
	for (unsigned long i = 0; i < n; i++)
		st->sum += a[i];
	st->min = a[0];
	st->max = a[n - 1];
	st->p99 = a[(n * 99 + 99) / 100 - 1];
}

void stats_print_bench(const char *name, uint32_t *ticks, unsigned long n, const char *extra)
{
	struct sample_stats st;

	if (n == 0) {
		printf("BENCH: %s iters=0 failed\n", name);
		return;
	}
	stats_of(ticks, n, &st);
	printf("BENCH: %s iters=%lu min_ns=%llu mean_ns=%llu p99_ns=%llu max_ns=%llu%s\n", name, n,
	       (unsigned long long)timer_ticks_to_ns(st.min),
	       (unsigned long long)(timer_ticks_to_ns(st.sum) / n),
	       (unsigned long long)timer_ticks_to_ns(st.p99),
	       (unsigned long long)timer_ticks_to_ns(st.max), extra);
}
