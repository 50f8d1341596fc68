// SPDX-License-Identifier: Apache-2.0
// UNIT-SOURCES: pv/evtchn_ports.c pv/evtchn_2l.c pv/evtchn_fifo.c pv/evtchn_notify.c
// UNIT-SOURCES: ../tests/unit/evtchn_fake_env.c
// Verifies: REQ-ABI-004, REQ-ABI-005, REQ-ABI-013
/*
 * The FIFO event-channel ABI (design "FIFO-based event channel ABI" v3): what
 * init_control, expand_array and set_priority accept, and how raised events are queued in
 * the guest's event words and control block (priority order, links, masked events, an
 * event raised again while linked or after the guest took it, moves between vCPUs), the
 * way back to 2-level, and what teardown forgets. The guest's side is played by the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <tessera/errno.h>

#include "evtchn_fake_env.h"

#define D1	 1
#define D2	 2
#define CB_GFN	 0
#define CB1_OFF	 128 /* vCPU 1's control block, in the same page */
#define ARR_GFN	 1
#define PENDING	 (1U << EVTCHN_FIFO_PENDING)
#define MASKED	 (1U << EVTCHN_FIFO_MASKED)
#define LINKED	 (1U << EVTCHN_FIFO_LINKED)
#define BUSY	 (1U << EVTCHN_FIFO_BUSY)
#define LINK(w)	 ((w)&EVTCHN_FIFO_LINK_MASK)
#define DEF_PRIO EVTCHN_FIFO_PRIORITY_DEFAULT

static struct evtchn_domain *ed(unsigned int d)
{
	return &fake[d].ed;
}

static struct evtchn_fifo_control_block *cb(unsigned int vcpu)
{
	return (struct evtchn_fifo_control_block *)(fake[D1].ram[CB_GFN] + (vcpu ? CB1_OFF : 0));
}

static event_word_t *word(evtchn_port_t p)
{
	return (event_word_t *)fake[D1].ram[ARR_GFN] + p;
}

static int init_control(unsigned int vcpu, uint64_t gfn, uint32_t offset)
{
	struct evtchn_init_control op = { .control_gfn = gfn, .offset = offset, .vcpu = vcpu };
	int ret = evtchn_fifo_init_control(ed(D1), &op);

	assert_int_equal(op.link_bits, EVTCHN_FIFO_LINK_BITS);
	return ret;
}

/* d1 switched to FIFO on both vCPUs with one array page; n ports bound from d2's side. */
static int setup(void **state)
{
	(void)state;
	fake_reset(2);
	assert_int_equal(init_control(0, CB_GFN, 0), 0);
	assert_int_equal(init_control(1, CB_GFN, CB1_OFF), 0);
	assert_int_equal(evtchn_fifo_expand_array(ed(D1), ARR_GFN), 0);
	return 0;
}

/* A d1 port that d2 can send to: d1 binds a port d2 offered; returns d2's end. */
static evtchn_port_t bound_port(evtchn_port_t *local)
{
	evtchn_port_t remote;

	assert_int_equal(evtchn_alloc_unbound(ed(D2), D1, &remote), 0);
	assert_int_equal(evtchn_bind_interdomain(ed(D1), D2, remote, local), 0);
	/* The bind raised it: play the guest taking it off its queue. */
	*word(*local) = 0;
	memset(cb(0), 0, sizeof(*cb(0)));
	fake[D1].vi[0].evtchn_upcall_pending = 0;
	fake_take_wakes(D1, 0);
	return remote;
}

/* The guest takes the head of queue q on vCPU 0: unlinks it, returns its port. */
static evtchn_port_t consume(unsigned int q, evtchn_port_t *local_head)
{
	evtchn_port_t p = *local_head != 0 ? *local_head : cb(0)->head[q];
	event_word_t w = *word(p);

	*word(p) = w & ~(LINKED | EVTCHN_FIFO_LINK_MASK | PENDING);
	*local_head = LINK(w);
	return p;
}

static void test_init_control_checks_vcpu_offset_gfn_and_once(void **state)
{
	(void)state;
	fake_reset(2);
	assert_int_equal(init_control(2, CB_GFN, 0), -ENOENT);
	assert_int_equal(init_control(0, CB_GFN, 4), -EINVAL);		 /* unaligned */
	assert_int_equal(init_control(0, CB_GFN, 4096 - 64), -EINVAL);	 /* leaves no room */
	assert_int_equal(init_control(0, CB_GFN, 0xfffffff8U), -EINVAL); /* far out */
	assert_int_equal(init_control(0, FAKE_RAM_PAGES, 0), -EINVAL);	 /* not its RAM */
	assert_int_equal(init_control(0, ~0ULL, 0), -EINVAL);
	assert_false(ed(D1)->fifo);
	assert_int_equal(init_control(0, CB_GFN, 4096 - 72), 0);
	assert_true(ed(D1)->fifo);
	assert_int_equal(init_control(0, CB_GFN, 0), -EINVAL); /* only once */
}

static void test_expand_array_is_bounded_and_checked(void **state)
{
	(void)state;
	fake_reset(2);
	assert_int_equal(evtchn_fifo_expand_array(ed(D1), ARR_GFN), -ENOTSUP); /* 2-level */
	assert_int_equal(init_control(0, CB_GFN, 0), 0);
	assert_int_equal(evtchn_fifo_expand_array(ed(D1), FAKE_RAM_PAGES), -EINVAL);
	for (unsigned int i = 0; i < EVTCHN_FIFO_PAGES; i++)
		assert_int_equal(evtchn_fifo_expand_array(ed(D1), ARR_GFN + i), 0);
	assert_int_equal(evtchn_fifo_expand_array(ed(D1), ARR_GFN), -ENOSPC);
}

static void test_set_priority_checks_port_and_priority(void **state)
{
	evtchn_port_t p;

	(void)state;
	bound_port(&p);
	assert_int_equal(evtchn_set_priority(ed(D1), p, EVTCHN_FIFO_PRIORITY_MIN + 1), -EINVAL);
	assert_int_equal(evtchn_set_priority(ed(D1), 0, 1), -EINVAL);
	assert_int_equal(evtchn_set_priority(ed(D1), EVTCHN_PORTS, 1), -EINVAL);
	assert_int_equal(evtchn_set_priority(ed(D1), p, EVTCHN_FIFO_PRIORITY_MAX), 0);
}

static void test_events_queue_in_order_on_their_priority(void **state)
{
	evtchn_port_t a, b, c, ra = 0, rb = 0, rc = 0, head = 0;

	(void)state;
	ra = bound_port(&a);
	rb = bound_port(&b);
	rc = bound_port(&c);
	assert_int_equal(evtchn_set_priority(ed(D1), c, 2), 0);
	assert_int_equal(evtchn_send(ed(D2), ra), 0);
	assert_int_equal(*word(a), PENDING | LINKED);
	assert_int_equal(cb(0)->head[DEF_PRIO], a);
	assert_int_equal(cb(0)->ready, 1U << DEF_PRIO);
	assert_int_equal(fake[D1].vi[0].evtchn_upcall_pending, 1);
	assert_int_equal(fake_take_wakes(D1, 0), 1);
	assert_int_equal(evtchn_send(ed(D2), rb), 0);
	assert_int_equal(*word(a), PENDING | LINKED | b); /* a links to b */
	assert_int_equal(*word(b), PENDING | LINKED);
	assert_int_equal(fake_take_wakes(D1, 0), 0); /* the queue was ready already */
	assert_int_equal(evtchn_send(ed(D2), rc), 0);
	assert_int_equal(cb(0)->head[2], c);
	assert_int_equal(cb(0)->ready, (1U << DEF_PRIO) | (1U << 2));
	/* A linked event raised again stays where it is. */
	assert_int_equal(evtchn_send(ed(D2), ra), 0);
	assert_int_equal(*word(a), PENDING | LINKED | b);
	assert_int_equal(*word(b), PENDING | LINKED);
	assert_int_equal(consume(DEF_PRIO, &head), a);
	assert_int_equal(consume(DEF_PRIO, &head), b);
	assert_int_equal(head, 0);
}

static void test_a_masked_event_waits_for_unmask(void **state)
{
	evtchn_port_t a, ra;

	(void)state;
	ra = bound_port(&a);
	*word(a) = MASKED;
	assert_int_equal(evtchn_send(ed(D2), ra), 0);
	assert_int_equal(*word(a), MASKED | PENDING);
	assert_int_equal(cb(0)->ready, 0);
	assert_int_equal(fake_take_wakes(D1, 0), 0);
	assert_int_equal(evtchn_unmask(ed(D1), a), 0);
	assert_int_equal(*word(a), PENDING | LINKED);
	assert_int_equal(cb(0)->head[DEF_PRIO], a);
	assert_int_equal(fake_take_wakes(D1, 0), 1);
}

static void test_after_the_guest_takes_the_tail_a_new_event_is_the_head(void **state)
{
	evtchn_port_t a, b, ra, rb, head = 0;

	(void)state;
	ra = bound_port(&a);
	rb = bound_port(&b);
	evtchn_send(ed(D2), ra);
	assert_int_equal(consume(DEF_PRIO, &head), a);
	cb(0)->ready = 0;
	/* a is still Tessera's tail, but unlinked: b must not be linked behind it. */
	evtchn_send(ed(D2), rb);
	assert_int_equal(LINK(*word(a)), 0);
	assert_int_equal(cb(0)->head[DEF_PRIO], b);
	assert_int_equal(cb(0)->ready, 1U << DEF_PRIO);
	/* The same port again, once taken: the head again, never linked to itself. */
	head = 0;
	assert_int_equal(consume(DEF_PRIO, &head), b);
	cb(0)->head[DEF_PRIO] = 0;
	evtchn_send(ed(D2), rb);
	assert_int_equal(*word(b), PENDING | LINKED);
	assert_int_equal(cb(0)->head[DEF_PRIO], b);
}

static void test_linking_leaves_no_busy_bit(void **state)
{
	evtchn_port_t a, b, ra, rb;

	(void)state;
	ra = bound_port(&a);
	rb = bound_port(&b);
	evtchn_send(ed(D2), ra);
	*word(a) |= MASKED; /* the guest may mask a linked event */
	evtchn_send(ed(D2), rb);
	assert_int_equal(*word(a), PENDING | LINKED | MASKED | b);
	assert_int_equal(*word(a) & BUSY, 0);
}

static void test_an_event_moved_to_another_vcpu_leaves_its_old_queue(void **state)
{
	evtchn_port_t a, b, ra, rb, head = 0;

	(void)state;
	ra = bound_port(&a);
	rb = bound_port(&b);
	evtchn_send(ed(D2), ra);
	assert_int_equal(consume(DEF_PRIO, &head), a);
	assert_int_equal(evtchn_bind_vcpu(ed(D1), a, 1), 0);
	evtchn_send(ed(D2), ra);
	assert_int_equal(cb(1)->head[DEF_PRIO], a);
	assert_int_equal(fake_take_wakes(D1, 1), 1);
	/* vCPU 0's queue forgot a: b is its new head, a's word is untouched. */
	*word(a) &= ~LINKED;
	cb(0)->head[DEF_PRIO] = 0;
	evtchn_send(ed(D2), rb);
	assert_int_equal(cb(0)->head[DEF_PRIO], b);
	assert_int_equal(LINK(*word(a)), 0);
}

static void test_an_event_before_its_array_page_is_raised_when_it_comes(void **state)
{
	evtchn_port_t p1, p2;

	(void)state;
	fake_reset(2);
	assert_int_equal(evtchn_alloc_unbound(ed(D2), D1, &p2), 0);
	assert_int_equal(evtchn_bind_interdomain(ed(D1), D2, p2, &p1), 0); /* 2-level pending */
	assert_int_equal(init_control(0, CB_GFN, 0), 0);
	assert_int_equal(evtchn_send(ed(D2), p2), 0); /* no word yet */
	assert_false(evtchn_is_pending(ed(D1), p1));
	assert_int_equal(evtchn_fifo_expand_array(ed(D1), ARR_GFN), 0);
	assert_int_equal(*word(p1), PENDING | LINKED);
	assert_int_equal(cb(0)->head[DEF_PRIO], p1);
	assert_true(evtchn_is_pending(ed(D1), p1));
}

static void test_reset_and_teardown_forget_every_guest_page(void **state)
{
	(void)state;
	assert_true(evtchn_page_in_use(ed(D1), fake[D1].ram[CB_GFN] + 100));
	assert_true(evtchn_page_in_use(ed(D1), fake[D1].ram[ARR_GFN]));
	assert_false(evtchn_page_in_use(ed(D1), fake[D1].ram[2]));
	assert_int_equal(evtchn_reset(ed(D1)), 0);
	assert_false(ed(D1)->fifo);
	assert_false(evtchn_page_in_use(ed(D1), fake[D1].ram[CB_GFN]));
	assert_false(evtchn_page_in_use(ed(D1), fake[D1].ram[ARR_GFN]));
	assert_int_equal(evtchn_set_priority(ed(D1), 2, 1), -ENOSYS);
	/* Back on 2-level, and FIFO may be set up again. */
	assert_int_equal(init_control(0, CB_GFN, 0), 0);
	evtchn_teardown(ed(D1));
	assert_false(ed(D1)->fifo);
	assert_false(evtchn_page_in_use(ed(D1), fake[D1].ram[CB_GFN]));
}

/* EVTCHNOP_reset on one vCPU forgets the array pages under the domain's lock (then memory_op
 * may give them away); unmask, a poll's look and a send from another vCPU or domain must
 * reach event words under that lock too, never through a pointer taken outside it. */
static void test_event_words_are_reached_only_under_the_lock(void **state)
{
	evtchn_port_t local, remote;
	bool pending;

	(void)state;
	remote = bound_port(&local);
	*word(local) = PENDING | MASKED; /* the guest masked it; an event came */
	fake_guard_ram(D1, true);
	assert_int_equal(evtchn_unmask(ed(D1), local), 0);
	assert_true(evtchn_is_pending(ed(D1), local));
	assert_int_equal(evtchn_poll_begin(ed(D1), 1, &local, 1, &pending), 0);
	assert_true(pending);
	assert_int_equal(evtchn_send(ed(D2), remote), 0);
	assert_int_equal(evtchn_reset(ed(D1)), 0);
	fake_guard_ram(D1, false);
	assert_int_equal(*word(local), PENDING | LINKED);
	assert_int_equal(cb(0)->head[DEF_PRIO], local);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_init_control_checks_vcpu_offset_gfn_and_once,
					  fake_no_refs_held),
		cmocka_unit_test_teardown(test_expand_array_is_bounded_and_checked,
					  fake_no_refs_held),
		cmocka_unit_test_setup_teardown(test_set_priority_checks_port_and_priority, setup,
						fake_no_refs_held),
		cmocka_unit_test_setup_teardown(test_events_queue_in_order_on_their_priority, setup,
						fake_no_refs_held),
		cmocka_unit_test_setup_teardown(test_a_masked_event_waits_for_unmask, setup,
						fake_no_refs_held),
		cmocka_unit_test_setup_teardown(
			test_after_the_guest_takes_the_tail_a_new_event_is_the_head, setup,
			fake_no_refs_held),
		cmocka_unit_test_setup_teardown(test_linking_leaves_no_busy_bit, setup,
						fake_no_refs_held),
		cmocka_unit_test_setup_teardown(
			test_an_event_moved_to_another_vcpu_leaves_its_old_queue, setup,
			fake_no_refs_held),
		cmocka_unit_test_teardown(
			test_an_event_before_its_array_page_is_raised_when_it_comes,
			fake_no_refs_held),
		cmocka_unit_test_setup_teardown(test_reset_and_teardown_forget_every_guest_page,
						setup, fake_no_refs_held),
		cmocka_unit_test_setup_teardown(test_event_words_are_reached_only_under_the_lock,
						setup, fake_no_refs_held),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
