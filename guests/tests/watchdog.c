// SPDX-License-Identifier: Apache-2.0
/*
 * watchdog: Xen's per-domain watchdogs (SCHEDOP_watchdog, public sched.h) and
 * SCHEDOP_shutdown_code. One image, three modes, from bootargs:
 *
 *   mode=stop   checks the interface (id 0 creates and answers the id, 1 then 2; a third is
 *               -ENOSPC; an id beyond 2 or one not in use is -EINVAL; timeout 0 frees it),
 *               keeps watchdog 1 (timeout 2 s) alive for 4 s by pinging it every 500 ms,
 *               prints "watchdog: stopped pinging" and waits forever: the hypervisor must
 *               shut the domain down with reason watchdog;
 *   mode=keep   one watchdog (timeout 1 s, or timeout_s=N) pinged every 200 ms, and
 *               "watchdog: alive N" every second, forever;
 *   mode=code   records SHUTDOWN_crash with SCHEDOP_shutdown_code, then SHUTDOWN_reboot
 *               (ignored: the first code stays), then asks SCHEDOP_shutdown(poweroff): as in
 *               Xen the recorded code is the reason, so the domain crashes, not powers off.
 *
 * after_ms=N waits N ms before any of it (so that another domain creates its watchdog first).
 */
#include <guest.h>

#define STOP_TIMEOUT_S 2
#define STOP_PINGS     8
#define STOP_PING_MS   500
#define KEEP_PING_MS   200

static unsigned int checks, failures;

static void expect_eq(const char *what, int64_t got, int64_t want)
{
	checks++;
	if (got != want)
		failures++;
	printf("%s: watchdog: %s = %lld, expected %lld\n", got == want ? "PASS" : "FAIL", what,
	       (long long)got, (long long)want);
}

static int64_t watchdog(uint32_t id, uint32_t timeout)
{
	struct sched_watchdog wd = { .id = id, .timeout = timeout };

	return xen_sched_op(SCHEDOP_watchdog, (uintptr_t)&wd);
}

static void run_stop(void)
{
	expect_eq("create (timeout 2 s)", watchdog(0, STOP_TIMEOUT_S), 1);
	expect_eq("create a second", watchdog(0, 60), 2);
	expect_eq("create a third", watchdog(0, 60), -ENOSPC);
	expect_eq("ping id 3", watchdog(3, 60), -EINVAL);
	expect_eq("ping id 0xffffffff", watchdog(0xffffffffU, 60), -EINVAL);
	expect_eq("free id 2", watchdog(2, 0), 0);
	expect_eq("ping id 2, freed", watchdog(2, 60), -EINVAL);
	expect_eq("create again: id 2 is free", watchdog(0, 0xffffffffU), 2);
	expect_eq("free id 2", watchdog(2, 0), 0);
	expect_eq("sched_op(watchdog) with its argument at 0", xen_sched_op(SCHEDOP_watchdog, 0),
		  -EFAULT);
	for (unsigned int i = 0; i < STOP_PINGS; i++) {
		timer_sleep_us(STOP_PING_MS * 1000);
		if (watchdog(1, STOP_TIMEOUT_S) != 0)
			expect_eq("ping id 1", watchdog(1, STOP_TIMEOUT_S), 0);
	}
	printf("%s: watchdog: alive after %u ms of pings 500 ms apart (timeout %u s)\n",
	       failures == 0 ? "PASS" : "FAIL", STOP_PINGS * STOP_PING_MS, STOP_TIMEOUT_S);
	printf("watchdog: %u checks, %u failed\n", checks, failures);
	printf("watchdog: stopped pinging\n");
	for (;;)
		wfi();
}

static void run_keep(void)
{
	uint32_t timeout = (uint32_t)bootarg_ulong("timeout_s", 1);
	int64_t id;

	id = watchdog(0, timeout);
	printf("watchdog: keep: created watchdog %lld (timeout %u s)\n", (long long)id, timeout);
	for (unsigned long n = 1;; n++) {
		for (unsigned int i = 0; i < 1000 / KEEP_PING_MS; i++) {
			timer_sleep_us(KEEP_PING_MS * 1000);
			watchdog((uint32_t)id, timeout);
		}
		printf("watchdog: alive %lu\n", n);
	}
}

static void run_code(void)
{
	uint32_t reason = SHUTDOWN_crash;

	expect_eq("shutdown_code(crash)", xen_sched_op(SCHEDOP_shutdown_code, (uintptr_t)&reason),
		  0);
	reason = SHUTDOWN_reboot;
	expect_eq("shutdown_code(reboot): recorded only if none was",
		  xen_sched_op(SCHEDOP_shutdown_code, (uintptr_t)&reason), 0);
	reason = SHUTDOWN_poweroff;
	printf("watchdog: code: SCHEDOP_shutdown(poweroff)\n");
	xen_sched_op(SCHEDOP_shutdown, (uintptr_t)&reason);
	printf("FAIL: watchdog: code: still running after SCHEDOP_shutdown\n");
}

int main(void)
{
	if (!xen_present()) {
		printf("SKIP: watchdog: no Xen interface (no xen,xen node)\n");
		printf("watchdog: done\n");
		return 0;
	}
	timer_sleep_us(bootarg_ulong("after_ms", 0) * 1000UL);
	if (bootarg_is("mode", "stop"))
		run_stop();
	else if (bootarg_is("mode", "keep"))
		run_keep();
	else if (bootarg_is("mode", "code"))
		run_code();
	else
		printf("FAIL: watchdog: bootargs need mode=stop|keep|code: \"%s\"\n",
		       rt_platform.bootargs);
	printf("watchdog: done\n");
	return 0;
}
