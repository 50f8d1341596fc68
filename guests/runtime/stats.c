// SPDX-License-Identifier: Apache-2.0
/*
 * Summary statistics of measured durations (rt/stats.h), shared by the guests that measure.
 */
#include <rt/stats.h>
#include <rt/timer.h>
#include <rt/console.h>

void stats_reset(struct stats *s)
{
	s->n = 0;
	s->sum = 0;
	s->min = UINT64_MAX;
	s->max = 0;
	s->p99 = 0;
}

void stats_add(struct stats *s, uint64_t v)
{
	s->n++;
	s->sum += v;
	if (v < s->min)
		s->min = v;
	if (v > s->max)
		s->max = v;
}

uint64_t stats_mean(const struct stats *s)
{
	return s->n != 0 ? s->sum / s->n : 0;
}

/* Shell sort with Knuth's 3h+1 gaps: fast enough for the 10^5 values a guest stores. */
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

void stats_of_series(struct stats *s, uint32_t *series, unsigned long n)
{
	stats_reset(s);
	if (n == 0) {
		s->min = 0;
		return;
	}
	sort_u32(series, n);
	for (unsigned long i = 0; i < n; i++)
		s->sum += series[i];
	s->n = n;
	s->min = series[0];
	s->max = series[n - 1];
	s->p99 = series[(n * 99 + 99) / 100 - 1];
}

struct stats stats_ticks_to_ns(const struct stats *ticks)
{
	struct stats ns = {
		.n = ticks->n,
		.sum = timer_ticks_to_ns(ticks->sum),
		.min = ticks->n != 0 ? timer_ticks_to_ns(ticks->min) : 0,
		.max = timer_ticks_to_ns(ticks->max),
		.p99 = timer_ticks_to_ns(ticks->p99),
	};

	return ns;
}

uint32_t stats_sample(int64_t ticks)
{
	if (ticks < 0)
		return 0;
	return ticks > (int64_t)UINT32_MAX ? UINT32_MAX : (uint32_t)ticks;
}

void stats_print_bench(const char *name, uint32_t *ticks, unsigned long n, const char *extra)
{
	struct stats t, ns;

	if (n == 0) {
		printf("BENCH: %s iters=0 failed\n", name);
		return;
	}
	stats_of_series(&t, ticks, n);
	ns = stats_ticks_to_ns(&t);
	printf("BENCH: %s iters=%lu min_ns=%llu mean_ns=%llu p99_ns=%llu max_ns=%llu%s\n", name, n,
	       (unsigned long long)ns.min, (unsigned long long)stats_mean(&ns),
	       (unsigned long long)ns.p99, (unsigned long long)ns.max, extra);
}
