// SPDX-License-Identifier: Apache-2.0
/*
 * console_io: Xen's console hypercall (18) from a xen,enhanced domain, as Tessera implements
 * it (hyp/pv/console.c, docs/xen-abi.md). Its own lines go out through its vpl011; only what
 * it tests goes through console_io. Bootargs pick the role:
 *   - role=read expect=WORD: the domain the host gives the console input to. Reads with count
 *     0 (0: nothing yet, and from now on its input is kept for console_io), a count above
 *     2^31-1 (-E2BIG), then polls with a bad buffer until a character waits (-EFAULT, nothing
 *     consumed), then reads 3 characters at most, then the rest up to the end of the line,
 *     and prints what it read; PASS when it is WORD, whole from its first character.
 *   - role=idle secs=N: a domain that does not hold the input: N seconds of reads all 0.
 *   - role=flood secs=N: writes 4 KiB (64 numbered lines of 64 characters) with console_io in
 *     a loop for N seconds, and a bad buffer now and then (-EFAULT even with the budget
 *     spent); then waits 2 s, says how many calls it made, and writes one line, which must
 *     appear after the note saying how much was suppressed.
 * Prints "PASS: console_io: ..." / "FAIL: console_io: ..." and last "console_io: done".
 */
#include <guest.h>

#define FLOOD_CALL  4096
#define FLOOD_LINE  64
#define LINE_MAX    80
#define POLL_US	    10000
#define WAIT_S	    120 /* for the host to type: QEMU on a loaded machine */
#define BAD_BUFFER  0x10ULL
#define E2BIG_COUNT 0x80000000ULL

static unsigned int failures;
static char flood[FLOOD_CALL];

static bool expect_eq(const char *what, int64_t got, int64_t want)
{
	bool ok = got == want;

	printf("%s: console_io: %s = %lld%s%s\n", ok ? "PASS" : "FAIL", what, (long long)got,
	       got < 0 ? " " : "", got < 0 ? errno_name((int)got) : "");
	failures += ok ? 0 : 1;
	return ok;
}

static int64_t con_read(uint64_t count, uint64_t buf)
{
	return xen_console_io(CONSOLEIO_read, count, buf);
}

static uint64_t seconds_from_now(unsigned long s)
{
	return timer_now() + timer_us_to_ticks(s * 1000000ULL);
}

static void role_read(void)
{
	char line[LINE_MAX + 1];
	uint64_t end = seconds_from_now(WAIT_S);
	unsigned int len = 0;
	int64_t r = 0;

	expect_eq("read(count 0)", con_read(0, (uintptr_t)line), 0);
	expect_eq("read(count 2^31)", con_read(E2BIG_COUNT, (uintptr_t)line), -E2BIG);
	expect_eq("read(count 2^40)", con_read(1ULL << 40, (uintptr_t)line), -E2BIG);
	printf("console_io: read: ready for input\n");
	while (r == 0 && timer_now() < end) {
		r = con_read(sizeof(line), BAD_BUFFER);
		if (r == 0)
			timer_sleep_us(POLL_US);
	}
	expect_eq("read(into a bad buffer) with input waiting", r, -EFAULT);
	timer_sleep_us(200000); /* the rest of the line arrives */
	r = con_read(3, (uintptr_t)line);
	expect_eq("read(count 3)", r, 3);
	len = r > 0 ? (unsigned int)r : 0;
	while (timer_now() < end &&
	       (len == 0 || (line[len - 1] != '\r' && line[len - 1] != '\n'))) {
		r = con_read(LINE_MAX - len, (uintptr_t)line + len);
		if (r < 0 || len + (unsigned int)r >= LINE_MAX)
			break;
		len += (unsigned int)r;
		if (r == 0)
			timer_sleep_us(POLL_US);
	}
	while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n'))
		len--;
	line[len] = '\0';
	printf("console_io: read %u characters: '%s'\n", len, line);
	failures += bootarg_is("expect", line) ? 0 : 1;
	printf("%s: console_io: read what was typed, from its first character\n",
	       bootarg_is("expect", line) ? "PASS" : "FAIL");
}

static void role_idle(unsigned long secs)
{
	char buf[16];
	uint64_t end = seconds_from_now(secs);
	unsigned long reads = 0, nonzero = 0;

	expect_eq("read(count 0)", con_read(0, (uintptr_t)buf), 0);
	printf("console_io: idle: reading for %lu s\n", secs);
	while (timer_now() < end) {
		nonzero += con_read(sizeof(buf), (uintptr_t)buf) != 0 ? 1 : 0;
		reads++;
		timer_sleep_us(POLL_US);
	}
	failures += nonzero != 0 ? 1 : 0;
	printf("%s: console_io: idle: %lu reads, %lu not 0, without the console input\n",
	       nonzero == 0 ? "PASS" : "FAIL", reads, nonzero);
}

/* 64 lines "console_io: flood CCCCCCCC LL ....\n" of 64 characters; C the call number. */
static void fill_flood(unsigned long call)
{
	for (unsigned int l = 0; l < FLOOD_CALL / FLOOD_LINE; l++) {
		char *p = flood + l * FLOOD_LINE;
		int n = snprintf(p, FLOOD_LINE, "console_io: flood %08lu %02u ", call, l);

		memset(p + n, '.', FLOOD_LINE - 1 - (unsigned int)n);
		p[FLOOD_LINE - 1] = '\n';
	}
}

static void role_flood(unsigned long secs)
{
	static const char after[] = "console_io: written after the flood\n";
	uint64_t t0 = timer_now(), end = seconds_from_now(secs);
	unsigned long calls = 0, bad = 0, faults = 0;

	printf("console_io: flood: start\n");
	while (timer_now() < end) {
		fill_flood(calls);
		bad += xen_console_io(CONSOLEIO_write, FLOOD_CALL, (uintptr_t)flood) != FLOOD_CALL;
		if (++calls % 64 == 0)
			faults += xen_console_io(CONSOLEIO_write, 8, BAD_BUFFER) == -EFAULT;
	}
	t0 = timer_ticks_to_ns(timer_now() - t0) / 1000000;
	/* The budgets refill: console_io's own, and the domain's share of the console, which
	 * its vpl011 lines draw on too (hyp/core/console_share.c). */
	timer_sleep_us(2000000);
	printf("console_io: flood: %lu calls of %u characters in %llu ms\n", calls, FLOOD_CALL,
	       (unsigned long long)t0);
	expect_eq("flood: calls not answered 4096", (int64_t)bad, 0);
	expect_eq("flood: bad buffers not answered -EFAULT", (int64_t)(calls / 64 - faults), 0);
	expect_eq("write after the flood",
		  xen_console_io(CONSOLEIO_write, sizeof(after) - 1, (uintptr_t)after),
		  (int64_t)sizeof(after) - 1);
}

int main(void)
{
	unsigned long secs = bootarg_ulong("secs", 3);

	if (!xen_present()) {
		printf("SKIP: console_io: no Xen interface (no xen,xen node)\n");
	} else if (bootarg_is("role", "read")) {
		role_read();
	} else if (bootarg_is("role", "idle")) {
		role_idle(secs);
	} else if (bootarg_is("role", "flood")) {
		role_flood(secs);
	} else {
		printf("FAIL: console_io: no role=read|idle|flood in the bootargs\n");
		failures++;
	}
	printf("console_io: %u failed\n", failures);
	printf("console_io: done\n");
	return 0;
}
