// SPDX-License-Identifier: Apache-2.0
/*
 * flood: a domain that floods the console through its vpl011, and the neighbour whose lines
 * must still come on time (hyp/core/console_share.c). Bootargs pick the role:
 *   - role=flood secs=N: writes numbered lines of 64 characters to its UART as fast as it
 *     can for N seconds; waits 3 s (what it writes at once may still be cut), then writes
 *     "flood: L lines of 64 characters in T ms", which must appear.
 *   - role=beat count=N: a line "beat: n late_ms L" every 100 ms on a fixed schedule (the
 *     n-th is due n * 100 ms after the first), L how far past its due time the line was
 *     written whole; then "beat: done, N beats, max late_ms M".
 *   - role=traps count=N: reads N times, as fast as it can, where nothing is (0x09000000,
 *     QEMU virt's own UART, not in a domain's map): each an abort Tessera injects and warns
 *     about; waits 1.5 s and reads once more; then "traps: C of N+1 caught".
 */
#include <guest.h>

#define UART_DR 0x000 /* PL011 TRM 3.3.1: the transmit FIFO, without waiting for room */

#define FLOOD_LINE 64
#define BEAT_US	   100000
#define AFTER_S	   3
#define US_PER_MS  1000ULL
#define NS_PER_MS  1000000ULL

static void role_flood(unsigned long secs)
{
	char line[FLOOD_LINE];
	uint64_t t0 = timer_now();
	uint64_t end = t0 + timer_us_to_ticks(secs * 1000000ULL);
	unsigned long lines = 0;

	printf("flood: start\n");
	while (timer_now() < end) {
		int n = snprintf(line, sizeof(line), "flood: line %08lu ", lines);

		memset(line + n, '.', FLOOD_LINE - 1 - (unsigned int)n);
		line[FLOOD_LINE - 1] = '\n';
		/* Straight into the data register, as fast as the vCPU can trap: the emulated
		 * UART never fills (hyp/virt/vpl011.c), so a flooder need not ask. */
		for (unsigned int i = 0; i < sizeof(line); i++)
			*(volatile uint32_t *)(uintptr_t)(rt_platform.uart_base + UART_DR) =
				(uint8_t)line[i];
		lines++;
	}
	t0 = timer_ticks_to_ns(timer_now() - t0) / NS_PER_MS;
	timer_sleep_us(AFTER_S * 1000000ULL);
	printf("flood: %lu lines of %u characters in %llu ms\n", lines, FLOOD_LINE,
	       (unsigned long long)t0);
}

static void role_beat(unsigned long count)
{
	uint64_t period = timer_us_to_ticks(BEAT_US);
	uint64_t t0 = timer_now();
	uint64_t max_late = 0;

	for (unsigned long n = 1; n <= count; n++) {
		uint64_t due = t0 + n * period;
		uint64_t now = timer_now();
		uint64_t late;

		if (now < due)
			timer_sleep_us(timer_ticks_to_ns(due - now) / 1000ULL + 1);
		late = timer_now() - due;
		printf("beat: %lu late_ms %llu\n", n,
		       (unsigned long long)(timer_ticks_to_ns(late) / NS_PER_MS));
		late = timer_now() - due; /* with the line written: what a reader saw */
		max_late = late > max_late ? late : max_late;
	}
	printf("beat: done, %lu beats, max late_ms %llu\n", count,
	       (unsigned long long)(timer_ticks_to_ns(max_late) / NS_PER_MS));
}

#define TRAP_ADDR 0x09000000UL

static void role_traps(unsigned long count)
{
	unsigned long caught = 0;
	struct fault_info fi;
	int err = mmu_map_device(TRAP_ADDR, 1); /* the abort comes from stage 2, not ours */

	if (err < 0 && err != -EBUSY)
		printf("traps: cannot map 0x%lx in stage 1 (%s)\n", TRAP_ADDR, errno_name(err));
	for (unsigned long i = 0; i <= count; i++) {
		if (i == count)
			timer_sleep_us(1500000);
		fault_catch_begin();
		(void)*(volatile uint32_t *)TRAP_ADDR;
		caught += fault_catch_end(&fi) ? 1 : 0;
	}
	printf("traps: %lu of %lu caught\n", caught, count + 1);
}

int main(void)
{
	if (bootarg_is("role", "traps"))
		role_traps(bootarg_ulong("count", 1000));
	else if (bootarg_is("role", "beat"))
		role_beat(bootarg_ulong("count", 50));
	else
		role_flood(bootarg_ulong("secs", 5));
	for (;;)
		timer_sleep_us(1000000);
	return 0;
}
