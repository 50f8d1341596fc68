// SPDX-License-Identifier: Apache-2.0
/*
 * evtchn_ping: two domains with xen,enhanced notify each other through an interdomain event
 * channel (Xen's 2-level ABI: pending bits in shared_info, the upcall on the /hypervisor
 * node's PPI) and count round trips. One guest image, two roles, from bootargs:
 *
 *   role=ping peer=<domid> port=<p>   allocates an unbound port for the peer
 *                                     (alloc_unbound: the first free port, 2 with only the
 *                                     PV console's port 1 in use; it must be <p>, which the
 *                                     pong binds to), waits for the pong's "ready" event,
 *                                     then sends and waits for the answer `rounds` times;
 *   role=pong peer=<domid> port=<p>   binds to the ping's port <p> (bind_interdomain,
 *                                     retried while it answers -EINVAL: the ping may not
 *                                     have allocated it yet), says "ready", and answers
 *                                     every event from its upcall handler;
 *   static=1                          both ends already connected by the device tree
 *                                     (xen,evtchn-v1 nodes): <p> is the local port, used
 *                                     as it is;
 *   rounds=N (default 10000), watchdog_ms=N (default 1000);
 *   wait=block                        wait in the hypercall SCHEDOP_block instead of WFI;
 *   wait=poll                         (the pong) masks its port and waits for it in
 *                                     SCHEDOP_poll with no timeout, answering from there:
 *                                     only the poll's own wake-up on the send ends the
 *                                     wait promptly (else the watchdog tick does, and the
 *                                     ping fails the round trip as slow); a poll that does
 *                                     not answer 0 fails;
 *   role=flood static=1 port=<p>       sends on <p> without pause, forever, printing
 *                                     "evtchn_ping: flood: N sends, E errors" each second:
 *                                     the peer's reboots must never stop it nor take the
 *                                     hypervisor down;
 *   role=reboot static=1 port=<p>      takes events on <p> for reboot_ms (default 300),
 *                                     prints "evtchn_ping: reboot: N events, rebooting" and
 *                                     reboots (PSCI SYSTEM_RESET), over and over: its
 *                                     teardown races the flood's sends into its pages.
 *
 * Both wait in WFI with IRQs masked between the check and the WFI, as a kernel does. A
 * periodic virtual-timer tick (watchdog_ms) wakes them regardless, so that an event whose
 * wake-up was lost costs at most a tick instead of a hang. A round trip longer than half a
 * tick (500 ms: a round trip takes well under a millisecond even under TCG) waited for the
 * tick: it fails, as a lost wake-up. A round trip with no answer within 5 s fails too.
 *
 * The ping prints the count, the mean, minimum and maximum round trip in counter ticks and
 * ns; each round trip (CNTVCT before the send to CNTVCT in the handler that takes the answer)
 * as the line `make bench` reads for its row 4, "BENCH: evtchn_roundtrip iters=N min_ns=..
 * mean_ns=.. p99_ns=.. max_ns=.." (rt/stats.h; the first ROUNDS_MAX round trips); then
 * "PASS: evtchn_ping: N round trips" and "evtchn_ping: done"; the pong prints
 * "PASS: evtchn_ping: pong answered N events" and "evtchn_ping: done". Without a Xen
 * interface (no "xen,xen" node) it prints "SKIP:" and stops.
 */
#include <guest.h>

#define ROUNDS_DEFAULT	    10000
#define ROUNDS_MAX	    100000 /* round trips whose times are kept for the statistics */
#define WATCHDOG_MS_DEFAULT 1000
#define ROUND_TIMEOUT_US    5000000
#define READY_TIMEOUT_US    20000000
#define BIND_TRIES	    2000
#define BIND_RETRY_US	    5000
#define IDLE_TIMEOUT_US	    20000000

static evtchn_port_t port;
static domid_t peer;
static unsigned long rounds;
static uint64_t tick_ticks;
static bool use_block;
static bool use_poll;

static volatile uint64_t rx_events;
static volatile uint64_t rx_time;
static volatile uint64_t send_errors;
static volatile int64_t first_send_error;
static uint32_t rtt_ticks[ROUNDS_MAX];

static void note_send(int64_t r)
{
	if (r != 0 && send_errors++ == 0)
		first_send_error = r;
}

/* The ping's handler: the answer arrived. */
static void ping_rx(evtchn_port_t p, void *arg)
{
	(void)p;
	(void)arg;
	rx_time = timer_now();
	rx_events++;
}

/* The pong's handler: answer at once, from the upcall. */
static void pong_rx(evtchn_port_t p, void *arg)
{
	(void)arg;
	note_send(evtchn_send(p));
	rx_events++;
}

static void print_status(const char *who)
{
	struct evtchn_status st;
	int64_t r = evtchn_status(port, &st);

	printf("evtchn_ping: %s: port %u status = %lld: state %u, remote d%u port %u\n", who, port,
	       (long long)r, st.status, st.u.interdomain.dom, st.u.interdomain.port);
}

static int run_ping(bool is_static)
{
	evtchn_port_t want = port;
	uint64_t sum = 0, min = UINT64_MAX, max = 0, slow = 0, slow_limit = tick_ticks / 2;
	uint64_t ticks_before;
	unsigned long done = 0;

	if (!is_static) {
		int64_t r = evtchn_alloc_unbound(peer, &port);

		printf("evtchn_ping: ping: alloc_unbound(remote_dom %u) = %lld, port %u\n", peer,
		       (long long)r, port);
		if (r != 0) {
			printf("FAIL: evtchn_ping: alloc_unbound = %lld (%s)\n", (long long)r,
			       errno_name((int)r));
			return -1;
		}
		if (port != want)
			printf("FAIL: evtchn_ping: alloc_unbound gave port %u, the pong binds to "
			       "%u\n",
			       port, want);
	}
	if (xen_events_setup("evtchn_ping", port, ping_rx, NULL) < 0)
		return -1;
	if (!wait_count(&rx_events, 1, READY_TIMEOUT_US, use_block)) {
		print_status("ping");
		printf("FAIL: evtchn_ping: no \"ready\" from d%u on port %u in %u s\n", peer, port,
		       READY_TIMEOUT_US / 1000000);
		return -1;
	}
	print_status("ping");
	printf("evtchn_ping: ping: the pong is ready; %lu round trips\n", rounds);
	ticks_before = tick_count();
	for (done = 0; done < rounds; done++) {
		uint64_t want_rx = rx_events + 1, t0 = timer_now(), rtt;

		note_send(evtchn_send(port));
		if (!wait_count(&rx_events, want_rx, ROUND_TIMEOUT_US, use_block)) {
			printf("FAIL: evtchn_ping: no answer to round trip %lu in %u s (send "
			       "errors %llu, first %lld)\n",
			       done + 1, ROUND_TIMEOUT_US / 1000000,
			       (unsigned long long)send_errors, (long long)first_send_error);
			print_status("ping");
			break;
		}
		rtt = rx_time - t0;
		if (done < ROUNDS_MAX)
			rtt_ticks[done] = stats_sample((int64_t)rtt);
		sum += rtt;
		min = MIN(min, rtt);
		max = MAX(max, rtt);
		if (rtt > slow_limit)
			slow++;
	}
	if (done == 0)
		return -1;
	printf("evtchn_ping: ping: %lu round trips, mean %llu ticks (%llu ns), min %llu ns, max "
	       "%llu ns\n",
	       done, (unsigned long long)(sum / done),
	       (unsigned long long)timer_ticks_to_ns(sum / done),
	       (unsigned long long)timer_ticks_to_ns(min),
	       (unsigned long long)timer_ticks_to_ns(max));
	stats_print_bench("evtchn_roundtrip", rtt_ticks, MIN(done, (unsigned long)ROUNDS_MAX), "");
	printf("evtchn_ping: ping: %llu round trips slower than %llu ms (half a watchdog tick), "
	       "%llu ticks meanwhile, send errors %llu\n",
	       (unsigned long long)slow,
	       (unsigned long long)timer_ticks_to_ns(slow_limit) / 1000000,
	       (unsigned long long)(tick_count() - ticks_before), (unsigned long long)send_errors);
	if (slow != 0)
		printf("FAIL: evtchn_ping: %llu of %lu round trips took over %llu ms, the longest "
		       "%llu ms: woken only by the watchdog tick, a lost wake-up\n",
		       (unsigned long long)slow, done,
		       (unsigned long long)timer_ticks_to_ns(slow_limit) / 1000000,
		       (unsigned long long)timer_ticks_to_ns(max) / 1000000);
	if (done == rounds && send_errors == 0 && slow == 0) {
		printf("PASS: evtchn_ping: %lu round trips\n", done);
		return 0;
	}
	if (send_errors != 0)
		printf("FAIL: evtchn_ping: %llu sends failed, the first with %lld\n",
		       (unsigned long long)send_errors, (long long)first_send_error);
	return -1;
}

/* wait=poll: the port stays masked; SCHEDOP_poll is the only prompt wake-up. */
static int pong_by_poll(void)
{
	struct sched_poll sp = { .ports = (uintptr_t)&port, .nr_ports = 1, .timeout = 0 };
	uint64_t idle_until = timer_now() + timer_us_to_ticks(IDLE_TIMEOUT_US);

	while (rx_events < rounds) {
		int64_t r;

		if (evtchn_is_pending(port)) {
			evtchn_clear_pending(port);
			note_send(evtchn_send(port));
			rx_events++;
			idle_until = timer_now() + timer_us_to_ticks(IDLE_TIMEOUT_US);
			continue;
		}
		if (timer_now() >= idle_until) {
			printf("FAIL: evtchn_ping: pong: no event for %u s after %llu\n",
			       IDLE_TIMEOUT_US / 1000000, (unsigned long long)rx_events);
			return -1;
		}
		r = xen_sched_op(SCHEDOP_poll, (uintptr_t)&sp);
		if (r != 0) {
			printf("FAIL: evtchn_ping: SCHEDOP_poll = %lld\n", (long long)r);
			return -1;
		}
	}
	return 0;
}

static int run_pong(bool is_static)
{
	evtchn_port_t remote = port;
	uint64_t last = 0, idle_until;

	if (!is_static) {
		int64_t r = -EINVAL;
		unsigned int tries;
		uint64_t flags;

		if (xen_map_shared_info(NULL) == NULL) {
			printf("FAIL: evtchn_ping: cannot map shared_info\n");
			return -1;
		}
		for (tries = 1; tries <= BIND_TRIES; tries++) {
			/* Masked from the bind to the handler: the bind's own notification (Xen
			 * marks the binder's new port pending) is not an event from the ping. */
			flags = irq_save_local();
			r = evtchn_bind_interdomain(peer, remote, &port);
			if (r == 0)
				evtchn_clear_pending(port);
			irq_restore_local(flags);
			if (r != -EINVAL)
				break;
			udelay(BIND_RETRY_US);
		}
		printf("evtchn_ping: pong: bind_interdomain(d%u port %u) = %lld after %u tries, "
		       "local port %u\n",
		       peer, remote, (long long)r, tries, port);
		if (r != 0) {
			printf("FAIL: evtchn_ping: bind_interdomain = %lld (%s)\n", (long long)r,
			       errno_name((int)r));
			return -1;
		}
	}
	if (is_static) {
		/* Xen 4.17 connects a static channel with bind_interdomain from the second
		 * domain's end, which marks that end pending (alloc_domain_evtchn, then
		 * evtchn_bind_interdomain): not an event from the ping, which sends nothing
		 * before "ready". Answering it would put the two out of step. */
		if (xen_map_shared_info(NULL) == NULL) {
			printf("FAIL: evtchn_ping: cannot map shared_info\n");
			return -1;
		}
		evtchn_clear_pending(port);
	}
	if (xen_events_setup("evtchn_ping", port, pong_rx, NULL) < 0)
		return -1;
	print_status("pong");
	if (use_poll)
		evtchn_mask(port);
	note_send(evtchn_send(port)); /* "ready" */
	if (use_poll && pong_by_poll() < 0)
		return -1;
	idle_until = timer_now() + timer_us_to_ticks(READY_TIMEOUT_US);
	while (rx_events < rounds) {
		uint64_t now = rx_events;

		wait_count(&rx_events, rounds, 100000, use_block);
		if (now != last) {
			last = now;
			idle_until = timer_now() + timer_us_to_ticks(IDLE_TIMEOUT_US);
		} else if (rx_events == now && timer_now() >= idle_until) {
			printf("FAIL: evtchn_ping: pong: no event for %u s after %llu\n",
			       IDLE_TIMEOUT_US / 1000000, (unsigned long long)now);
			print_status("pong");
			return -1;
		}
	}
	printf("evtchn_ping: pong: answered %llu events, send errors %llu\n",
	       (unsigned long long)rx_events, (unsigned long long)send_errors);
	if (send_errors != 0) {
		printf("FAIL: evtchn_ping: %llu sends failed, the first with %lld\n",
		       (unsigned long long)send_errors, (long long)first_send_error);
		return -1;
	}
	printf("PASS: evtchn_ping: pong answered %llu events\n", (unsigned long long)rx_events);
	return 0;
}

/* role=flood: the peer may be dying or rebuilt at any time; each send must still return. */
static void run_flood(void)
{
	uint64_t sends = 0, errors = 0, next = timer_now() + timer_freq();

	if (xen_map_shared_info(NULL) == NULL) {
		printf("FAIL: evtchn_ping: cannot map shared_info\n");
		return;
	}
	for (;;) {
		if (evtchn_send(port) != 0)
			errors++;
		sends++;
		if (timer_now() >= next) {
			printf("evtchn_ping: flood: %llu sends, %llu errors\n",
			       (unsigned long long)sends, (unsigned long long)errors);
			next += timer_freq();
		}
	}
}

/* role=reboot: events land in this domain's shared_info until the reboot tears it down. */
static void run_reboot(void)
{
	uint64_t end = timer_now() + timer_us_to_ticks(bootarg_ulong("reboot_ms", 300) * 1000ULL);

	if (xen_events_setup("evtchn_ping", port, ping_rx, NULL) < 0)
		return;
	while (timer_now() < end)
		wfi();
	printf("evtchn_ping: reboot: %llu events, rebooting\n", (unsigned long long)rx_events);
	psci_system_reset();
}

int main(void)
{
	bool is_ping = bootarg_is("role", "ping"), is_pong = bootarg_is("role", "pong");
	bool is_static = bootarg_ulong("static", 0) != 0;
	unsigned long wd = bootarg_ulong("watchdog_ms", WATCHDOG_MS_DEFAULT);

	port = (evtchn_port_t)bootarg_ulong("port", 2);
	peer = (domid_t)bootarg_ulong("peer", is_ping ? 2 : 1);
	rounds = bootarg_ulong("rounds", ROUNDS_DEFAULT);
	use_block = bootarg_is("wait", "block");
	use_poll = bootarg_is("wait", "poll") && is_pong;
	tick_ticks = timer_us_to_ticks((wd != 0 ? wd : 1000) * 1000ULL);
	if (!xen_present()) {
		printf("SKIP: evtchn_ping: no Xen interface (no xen,xen node)\n");
		printf("evtchn_ping: done\n");
		return 0;
	}
	if (bootarg_is("role", "flood")) {
		run_flood();
		return 0;
	}
	if (bootarg_is("role", "reboot")) {
		tick_start(1000 * 1000ULL);
		run_reboot();
		return 0;
	}
	if (!is_ping && !is_pong) {
		printf("FAIL: evtchn_ping: bootargs need role=ping or role=pong: \"%s\"\n",
		       rt_platform.bootargs);
		return 0;
	}
	printf("evtchn_ping: %s, peer d%u, port %u, %s, %lu rounds, watchdog %lu ms, waits in "
	       "%s\n",
	       is_ping ? "ping" : "pong", peer, port, is_static ? "static" : "dynamic", rounds, wd,
	       use_poll	   ? "SCHEDOP_poll"
	       : use_block ? "SCHEDOP_block"
			   : "WFI");
	tick_start((wd != 0 ? wd : 1000) * 1000ULL);
	if (is_ping)
		run_ping(is_static);
	else
		run_pong(is_static);
	printf("evtchn_ping: done\n");
	return 0;
}
