// SPDX-License-Identifier: Apache-2.0
// UNIT-SOURCES: pv/evtchn_ports.c pv/evtchn_2l.c pv/evtchn_fifo.c pv/evtchn_notify.c
// UNIT-SOURCES: ../tests/unit/evtchn_fake_env.c
// Verifies: REQ-ABI-001, REQ-ABI-002, REQ-ABI-003, REQ-ABI-006, REQ-ABI-011
/*
 * The event-channel state machine (pv/evtchn.h) with the 2-level ABI: ports and their life
 * (alloc_unbound, bind_interdomain, bind_virq, bind_vcpu, status, send, unmask, close,
 * reset), what a guest may name (ports out of range or another domain's), the peer's end
 * when a domain dies, and SCHEDOP_poll's wake-up, against a fake rest of Tessera.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <tessera/errno.h>

#include "evtchn_fake_env.h"

#define D1 1
#define D2 2

static struct evtchn_domain *ed(unsigned int d)
{
	return &fake[d].ed;
}

static bool pending_2l(unsigned int d, evtchn_port_t p)
{
	return (fake[d].shared.evtchn_pending[p / 64] >> (p % 64)) & 1;
}

static int setup(void **state)
{
	(void)state;
	fake_reset(2);
	return 0;
}

/* d1 offers a port to d2, d2 binds it: the two ports, and the binder's new port pending. */
static void connect(evtchn_port_t *p1, evtchn_port_t *p2)
{
	assert_int_equal(evtchn_alloc_unbound(ed(D1), D2, p1), 0);
	assert_int_equal(evtchn_bind_interdomain(ed(D2), D1, *p1, p2), 0);
}

static void test_alloc_unbound_then_bind_interdomain_connects_both_ends(void **state)
{
	evtchn_port_t p1, p2;
	struct evtchn_status st = { .port = 0 };

	(void)state;
	assert_int_equal(evtchn_alloc_unbound(ed(D1), D2, &p1), 0);
	assert_int_equal(p1, 2); /* port 1 is the console's */
	st.port = p1;
	assert_int_equal(evtchn_status(ed(D1), &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_unbound);
	assert_int_equal(st.u.unbound.dom, D2);
	assert_int_equal(evtchn_bind_interdomain(ed(D2), D1, p1, &p2), 0);
	assert_int_equal(evtchn_status(ed(D1), &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_interdomain);
	assert_int_equal(st.u.interdomain.dom, D2);
	assert_int_equal(st.u.interdomain.port, p2);
	/* Xen: the binder's port is pending at once. */
	assert_true(pending_2l(D2, p2));
	assert_int_equal(fake_take_wakes(D2, 0), 1);
}

static void test_bind_interdomain_refuses_what_was_not_offered(void **state)
{
	evtchn_port_t p1, p3;

	(void)state;
	assert_int_equal(evtchn_alloc_unbound(ed(D1), D2, &p1), 0);
	/* Offered to d2, not d3. */
	assert_int_equal(evtchn_bind_interdomain(ed(3), D1, p1, &p3), -EINVAL);
	/* A free port, port 0, a port out of range, a dead or unknown domain. */
	assert_int_equal(evtchn_bind_interdomain(ed(D2), D1, 7, &p3), -EINVAL);
	assert_int_equal(evtchn_bind_interdomain(ed(D2), D1, 0, &p3), -EINVAL);
	assert_int_equal(evtchn_bind_interdomain(ed(D2), D1, EVTCHN_PORTS, &p3), -EINVAL);
	assert_int_equal(evtchn_bind_interdomain(ed(D2), 9, p1, &p3), -ESRCH);
	fake[D1].alive = false;
	assert_int_equal(evtchn_bind_interdomain(ed(D2), D1, p1, &p3), -ESRCH);
	assert_int_equal(evtchn_alloc_unbound(ed(D2), D1, &p3), -ESRCH);
}

static void test_send_sets_pending_and_wakes_once_until_the_guest_looks(void **state)
{
	evtchn_port_t p1, p2;

	(void)state;
	connect(&p1, &p2);
	fake_take_wakes(D2, 0);
	assert_int_equal(evtchn_send(ed(D2), p2), 0);
	assert_true(pending_2l(D1, p1));
	assert_int_equal(fake[D1].vi[0].evtchn_upcall_pending, 1);
	assert_int_equal(fake[D1].vi[0].evtchn_pending_sel, 1ULL << (p1 / 64));
	assert_int_equal(fake_take_wakes(D1, 0), 1);
	assert_int_equal(evtchn_send(ed(D2), p2), 0);
	assert_int_equal(fake_take_wakes(D1, 0), 0);
}

static void test_a_masked_event_is_delivered_on_unmask(void **state)
{
	evtchn_port_t p1, p2;

	(void)state;
	connect(&p1, &p2);
	fake[D1].shared.evtchn_mask[0] = 1ULL << p1;
	assert_int_equal(evtchn_send(ed(D2), p2), 0);
	assert_true(pending_2l(D1, p1));
	assert_int_equal(fake[D1].vi[0].evtchn_upcall_pending, 0);
	assert_int_equal(evtchn_unmask(ed(D1), p1), 0);
	assert_int_equal(fake[D1].vi[0].evtchn_upcall_pending, 1);
	assert_int_equal(fake_take_wakes(D1, 0), 1);
	assert_int_equal(evtchn_unmask(ed(D1), EVTCHN_PORTS), -EINVAL);
}

static void test_ports_are_per_domain_and_checked(void **state)
{
	evtchn_port_t p1, p2;
	struct evtchn_status st = { .port = EVTCHN_PORTS };

	(void)state;
	connect(&p1, &p2);
	/* d3 names d1's port: in d3 that port number is free. */
	assert_int_equal(evtchn_send(ed(3), p1), -EINVAL);
	assert_int_equal(evtchn_close(ed(3), p1), -EINVAL);
	assert_int_equal(evtchn_bind_vcpu(ed(3), p1, 0), -EINVAL);
	for (evtchn_port_t bad = 0; bad < 3; bad++) {
		evtchn_port_t p = bad == 0 ? 0 : bad == 1 ? EVTCHN_PORTS : 0xffffffffU;

		assert_int_equal(evtchn_send(ed(D1), p), -EINVAL);
		assert_int_equal(evtchn_close(ed(D1), p), -EINVAL);
		assert_int_equal(evtchn_unmask(ed(D1), p), -EINVAL);
		assert_int_equal(evtchn_bind_vcpu(ed(D1), p, 0), -EINVAL);
		assert_int_equal(evtchn_set_priority(ed(D1), p, 0), -ENOSYS);
	}
	assert_int_equal(evtchn_status(ed(D1), &st), -EINVAL);
	assert_false(fake[3].shared.evtchn_pending[0] || fake[D1].shared.evtchn_pending[0] & 1);
}

static void test_closing_a_free_port_is_refused_as_xen_does(void **state)
{
	evtchn_port_t p1, p2;

	(void)state;
	assert_int_equal(evtchn_close(ed(D1), 5), -EINVAL);
	assert_int_equal(evtchn_close(ed(D1), 1), -EINVAL); /* Tessera's console end */
	connect(&p1, &p2);
	assert_int_equal(evtchn_close(ed(D1), p1), 0);
	assert_int_equal(evtchn_close(ed(D1), p1), -EINVAL);
}

static void test_closing_one_end_leaves_the_other_unbound(void **state)
{
	evtchn_port_t p1, p2, again;
	struct evtchn_status st = { .dom = DOMID_SELF };

	(void)state;
	connect(&p1, &p2);
	assert_int_equal(evtchn_close(ed(D1), p1), 0);
	st.port = p2;
	assert_int_equal(evtchn_status(ed(D2), &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_unbound);
	assert_int_equal(st.u.unbound.dom, D1);
	/* Sending on it is dropped; d1 may bind it again. */
	assert_int_equal(evtchn_send(ed(D2), p2), 0);
	assert_int_equal(evtchn_bind_interdomain(ed(D1), D2, p2, &again), 0);
	st.port = p1;
	assert_int_equal(evtchn_status(ed(D1), &st), -0);
	assert_int_equal(st.status, EVTCHNSTAT_interdomain);
}

static void test_when_either_side_dies_the_peer_goes_back_to_unbound(void **state)
{
	evtchn_port_t p1, p2;
	struct evtchn_status st = { .dom = DOMID_SELF };

	(void)state;
	for (unsigned int dying = D1; dying <= D2; dying++) {
		unsigned int peer = dying == D1 ? D2 : D1;

		fake_reset(2);
		connect(&p1, &p2);
		evtchn_teardown(ed(dying));
		fake[dying].alive = false;
		st.port = peer == D1 ? p1 : p2;
		assert_int_equal(evtchn_status(ed(peer), &st), 0);
		assert_int_equal(st.status, EVTCHNSTAT_unbound);
		assert_int_equal(st.u.unbound.dom, dying);
		assert_int_equal(evtchn_send(ed(peer), st.port), 0); /* dropped */
		assert_int_equal(fake[peer].locked + fake[dying].locked, 0);
	}
}

/* A rebooted domain is rebuilt with fresh tables and its static channels connected again
 * (dom0less connects each pair from the lower id), whichever end was rebuilt. */
static void test_a_static_channel_connects_again_after_either_end_reboots(void **state)
{
	struct evtchn_status st = { .dom = DOMID_SELF, .port = 5 };
	evtchn_port_t p;

	(void)state;
	for (unsigned int dying = D1; dying <= D2; dying++) {
		fake_reset(2);
		assert_int_equal(evtchn_connect_static(ed(D1), 5, ed(D2), 7), 0);
		evtchn_teardown(ed(dying));
		memset(fake[dying].ports, 0, sizeof(fake[dying].ports));
		fake[dying].ports[1].state = ECS_INTERNAL;
		assert_int_equal(evtchn_connect_static(ed(D1), 5, ed(D2), 7), 0);
		assert_int_equal(evtchn_status(ed(D1), &st), 0);
		assert_int_equal(st.status, EVTCHNSTAT_interdomain);
		assert_int_equal(st.u.interdomain.dom, D2);
		assert_int_equal(st.u.interdomain.port, 7);
		assert_int_equal(evtchn_send(ed(D1), 5), 0);
		assert_true(pending_2l(D2, 7));
	}
	/* An end in use for something else stays refused. */
	fake_reset(2);
	assert_int_equal(evtchn_alloc_unbound(ed(D1), 3, &p), 0);
	assert_int_equal(evtchn_connect_static(ed(D1), p, ed(D2), 7), -EBUSY);
	assert_int_equal(evtchn_connect_static(ed(D2), 7, ed(D1), p), -EBUSY);
}

static void test_bind_vcpu_moves_notification_and_checks_the_vcpu(void **state)
{
	evtchn_port_t p1, p2;

	(void)state;
	connect(&p1, &p2);
	assert_int_equal(evtchn_bind_vcpu(ed(D1), p1, 2), -EINVAL);
	assert_int_equal(evtchn_bind_vcpu(ed(D1), 9, 1), -EINVAL); /* free */
	assert_int_equal(evtchn_bind_vcpu(ed(D1), p1, 1), 0);
	evtchn_send(ed(D2), p2);
	assert_int_equal(fake_take_wakes(D1, 1), 1);
	assert_int_equal(fake_take_wakes(D1, 0), 0);
	assert_int_equal(fake[D1].vi[1].evtchn_upcall_pending, 1);
}

static void test_bind_virq_once_per_vcpu(void **state)
{
	evtchn_port_t p, q;
	struct evtchn_status st = { .dom = DOMID_SELF };

	(void)state;
	assert_int_equal(evtchn_bind_virq(ed(D1), VIRQ_CONSOLE, 1, &p), 0);
	assert_int_equal(evtchn_bind_virq(ed(D1), VIRQ_CONSOLE, 1, &q), -EEXIST);
	assert_int_equal(evtchn_bind_virq(ed(D1), NR_VIRQS, 0, &q), -EINVAL);
	assert_int_equal(evtchn_bind_virq(ed(D1), VIRQ_CONSOLE, 2, &q), -EINVAL);
	st.port = p;
	assert_int_equal(evtchn_status(ed(D1), &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_virq);
	assert_int_equal(st.u.virq, VIRQ_CONSOLE);
	assert_int_equal(st.vcpu, 1);
	assert_int_equal(evtchn_bind_vcpu(ed(D1), p, 0), -EINVAL); /* fixed to its vCPU */
	assert_int_equal(evtchn_close(ed(D1), p), 0);
	assert_int_equal(evtchn_bind_virq(ed(D1), VIRQ_CONSOLE, 1, &q), 0);
}

static void test_the_console_port_reaches_tessera(void **state)
{
	(void)state;
	assert_int_equal(evtchn_send(ed(D1), 1), 0);
	assert_int_equal(fake[D1].internal_notified, 1);
}

static void test_reset_closes_every_channel_but_the_console(void **state)
{
	evtchn_port_t p1, p2;
	struct evtchn_status st = { .dom = DOMID_SELF, .port = 1 };

	(void)state;
	connect(&p1, &p2);
	assert_int_equal(evtchn_reset(ed(D1)), 0);
	assert_int_equal(evtchn_status(ed(D1), &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_interdomain);
	st.port = p1;
	assert_int_equal(evtchn_status(ed(D1), &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_closed);
	st.port = p2;
	assert_int_equal(evtchn_status(ed(D2), &st), 0);
	assert_int_equal(st.status, EVTCHNSTAT_unbound);
}

static void test_poll_returns_at_once_for_a_pending_port(void **state)
{
	evtchn_port_t p1, p2, ports[2];
	bool pending;

	(void)state;
	connect(&p1, &p2);
	ports[0] = 9;
	ports[1] = p2; /* pending since the bind */
	assert_int_equal(evtchn_poll_begin(ed(D2), 0, ports, 2, &pending), 0);
	assert_true(pending);
	assert_false(evtchn_poll_end(ed(D2), 0));
	ports[0] = EVTCHN_PORTS;
	assert_int_equal(evtchn_poll_begin(ed(D2), 0, ports, 1, &pending), -EINVAL);
	assert_int_equal(evtchn_poll_begin(ed(D2), 2, ports, 0, &pending), -EINVAL);
}

static void test_poll_is_woken_by_a_send_even_while_masked(void **state)
{
	evtchn_port_t p1, p2, other;
	bool pending;

	(void)state;
	connect(&p1, &p2);
	assert_int_equal(evtchn_alloc_unbound(ed(D1), D2, &other), 0);
	fake[D1].shared.evtchn_mask[0] = ~0ULL; /* no upcall: only the poll can wake it */
	assert_int_equal(evtchn_poll_begin(ed(D1), 1, &p1, 1, &pending), 0);
	assert_false(pending);
	evtchn_raise(ed(D1), other); /* another port: not this poll's */
	assert_int_equal(fake_take_wakes(D1, 1), 0);
	assert_int_equal(evtchn_send(ed(D2), p2), 0);
	assert_int_equal(fake_take_wakes(D1, 1), 1);
	assert_int_equal(fake[D1].vi[0].evtchn_upcall_pending, 0);
	assert_false(evtchn_poll_end(ed(D1), 1)); /* the send ended it */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_alloc_unbound_then_bind_interdomain_connects_both_ends, setup,
			fake_no_refs_held),
		cmocka_unit_test_setup_teardown(test_bind_interdomain_refuses_what_was_not_offered,
						setup, fake_no_refs_held),
		cmocka_unit_test_setup_teardown(
			test_send_sets_pending_and_wakes_once_until_the_guest_looks, setup,
			fake_no_refs_held),
		cmocka_unit_test_setup_teardown(test_a_masked_event_is_delivered_on_unmask, setup,
						fake_no_refs_held),
		cmocka_unit_test_setup_teardown(test_ports_are_per_domain_and_checked, setup,
						fake_no_refs_held),
		cmocka_unit_test_setup_teardown(test_closing_a_free_port_is_refused_as_xen_does,
						setup, fake_no_refs_held),
		cmocka_unit_test_setup_teardown(test_closing_one_end_leaves_the_other_unbound,
						setup, fake_no_refs_held),
		cmocka_unit_test_setup_teardown(
			test_when_either_side_dies_the_peer_goes_back_to_unbound, setup,
			fake_no_refs_held),
		cmocka_unit_test_setup_teardown(
			test_a_static_channel_connects_again_after_either_end_reboots, setup,
			fake_no_refs_held),
		cmocka_unit_test_setup_teardown(
			test_bind_vcpu_moves_notification_and_checks_the_vcpu, setup,
			fake_no_refs_held),
		cmocka_unit_test_setup_teardown(test_bind_virq_once_per_vcpu, setup,
						fake_no_refs_held),
		cmocka_unit_test_setup_teardown(test_the_console_port_reaches_tessera, setup,
						fake_no_refs_held),
		cmocka_unit_test_setup_teardown(test_reset_closes_every_channel_but_the_console,
						setup, fake_no_refs_held),
		cmocka_unit_test_setup_teardown(test_poll_returns_at_once_for_a_pending_port, setup,
						fake_no_refs_held),
		cmocka_unit_test_setup_teardown(test_poll_is_woken_by_a_send_even_while_masked,
						setup, fake_no_refs_held),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
