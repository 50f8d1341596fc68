// SPDX-License-Identifier: Apache-2.0
/*
 * The FIFO event-channel ABI (Xen public ABI: event_channel.h "FIFO ABI"; design document
 * "FIFO-based event channel ABI" v3). Each port has an event word (PENDING, MASKED, LINKED,
 * BUSY and a 17-bit LINK) in array pages the guest gives with EVTCHNOP_expand_array; each
 * vCPU has a control block (EVTCHNOP_init_control) with a ready bitmap and the head of one
 * queue per priority. Raising an event links it onto the tail of its queue; the guest
 * unlinks from the head. Tessera keeps the tails, the guest never sees them.
 *
 * The guest writes event words and the control block while Tessera does: every access to
 * them is atomic. The guest may only set or clear MASKED, clear PENDING and clear LINKED
 * (with LINK) of a linked word (design v3, "Event word"), so setting a tail's LINK is a
 * compare-and-swap that succeeds within a bounded number of tries once Tessera has set BUSY
 * (which keeps the guest from unmasking). Queues are changed under the domain's
 * event-channel lock. Portable.
 */
#include <tessera/errno.h>
#include <pv/evtchn.h>

#define PAGE_BYTES     4096U
#define BIT(n)	       (1U << (n))
#define SET_LINK_TRIES 4 /* PENDING, MASKED twice, LINKED: the guest's only changes */

static event_word_t *word_of(const struct evtchn_domain *ed, evtchn_port_t port)
{
	unsigned int words = __atomic_load_n(&ed->fifo_words, __ATOMIC_ACQUIRE);

	if (port >= words || port >= EVTCHN_PORTS)
		return NULL;
	return &ed->fifo_array[port / EVTCHN_FIFO_WORDS_PER_PAGE]
			      [port % EVTCHN_FIFO_WORDS_PER_PAGE];
}

static bool test_bit(const event_word_t *w, unsigned int bit)
{
	return (__atomic_load_n(w, __ATOMIC_SEQ_CST) & BIT(bit)) != 0;
}

// NOLINTNEXTLINE(readability-non-const-parameter): written through __atomic_fetch_or
static bool test_and_set(event_word_t *w, unsigned int bit)
{
	return (__atomic_fetch_or(w, BIT(bit), __ATOMIC_SEQ_CST) & BIT(bit)) != 0;
}

/* Sets the LINK of the tail word to port iff the tail is still LINKED: false if the guest
 * has unlinked it (then the queue is empty and the new event becomes the head). */
// NOLINTNEXTLINE(readability-non-const-parameter): written through __atomic builtins
static bool set_link(event_word_t *tail, evtchn_port_t port)
{
	event_word_t w = __atomic_load_n(tail, __ATOMIC_SEQ_CST);
	bool busy = false;

	for (unsigned int i = 0; i <= SET_LINK_TRIES; i++) {
		event_word_t linked;
		bool swapped;

		if (!(w & BIT(EVTCHN_FIFO_LINKED))) {
			if (busy)
				__atomic_fetch_and(tail, ~BIT(EVTCHN_FIFO_BUSY), __ATOMIC_SEQ_CST);
			return false;
		}
		linked = (w & ~(BIT(EVTCHN_FIFO_BUSY) | EVTCHN_FIFO_LINK_MASK)) | port;
		swapped = __atomic_compare_exchange_n(tail, &w, linked, false, __ATOMIC_SEQ_CST,
						      __ATOMIC_SEQ_CST);
		if (swapped)
			return true; /* and BUSY is clear again */
		if (!busy) {
			/* Keep the guest from unmasking while we try again (design v3). */
			__atomic_fetch_or(tail, BIT(EVTCHN_FIFO_BUSY), __ATOMIC_SEQ_CST);
			w = __atomic_load_n(tail, __ATOMIC_SEQ_CST);
			busy = true;
		}
	}
	/* A guest that keeps changing the word in ways the ABI forbids loses this event's
	 * place in the queue; Tessera moves on (as Xen does). */
	__atomic_fetch_and(tail, ~BIT(EVTCHN_FIFO_BUSY), __ATOMIC_SEQ_CST);
	return true;
}

/* With ed locked: returns the vCPU to notify, or -1. */
static int raise_locked(struct evtchn_domain *ed, evtchn_port_t port, bool *new_pending)
{
	struct evtchn *c = &ed->port[port];
	event_word_t *w = word_of(ed, port);
	unsigned int vcpu = c->notify_vcpu < ed->nr_vcpus ? c->notify_vcpu : 0;
	struct evtchn_vcpu *ev = &ed->vcpu[vcpu];
	struct evtchn_vcpu *old = &ed->vcpu[c->last_vcpu < ed->nr_vcpus ? c->last_vcpu : 0];
	unsigned int q = c->priority;
	bool linked = false;

	*new_pending = false;
	if (w == NULL) {
		c->early_pending = 1; /* raised again when its array page arrives */
		return -1;
	}
	/* The guest must not unmask before its control block exists: dropped, as in Xen. */
	if (ev->fifo_cb == NULL)
		return -1;
	*new_pending = !test_and_set(w, EVTCHN_FIFO_PENDING);
	if (test_bit(w, EVTCHN_FIFO_MASKED) || test_and_set(w, EVTCHN_FIFO_LINKED))
		return -1;
	/* If it was the tail of the queue it was last on, that queue is empty now: its tail
	 * must not be linked to (design v3, "Moving events between queues"; it may also be
	 * this very queue, where the word just set LINKED would look like a live tail). */
	if (old->fifo_tail[c->last_priority] == port)
		old->fifo_tail[c->last_priority] = 0;
	c->last_vcpu = vcpu & 0x7f;
	c->last_priority = q & 0xf;
	if (ev->fifo_tail[q] != 0) {
		event_word_t *tail = word_of(ed, ev->fifo_tail[q]);

		linked = tail != NULL && set_link(tail, port);
	}
	if (!linked)
		__atomic_store_n(&ev->fifo_cb->head[q], port, __ATOMIC_SEQ_CST);
	ev->fifo_tail[q] = (uint16_t)port;
	if (linked || test_and_set(&ev->fifo_cb->ready, q))
		return -1; /* the guest already knows this queue has events */
	return (int)vcpu;
}

/* After raise_locked, with ed unlocked: the upcall and the pollers. */
static void raise_done(struct evtchn_domain *ed, evtchn_port_t port, int vcpu, bool new_pending)
{
	if (vcpu >= 0)
		evtchn_notify_vcpu(ed, (unsigned int)vcpu);
	if (new_pending)
		evtchn_poll_check(ed, port);
}

void evtchn_fifo_raise(struct evtchn_domain *ed, evtchn_port_t port)
{
	uint64_t flags = evtchn_env_lock(ed);
	bool new_pending;
	int vcpu = raise_locked(ed, port, &new_pending);

	evtchn_env_unlock(ed, flags);
	raise_done(ed, port, vcpu, new_pending);
}

/* Event words are reached only with ed locked: EVTCHNOP_reset (another vCPU) forgets the
 * array pages under this lock, after which memory_op may give them away, and a word pointer
 * taken before that would write into a page that is no longer the domain's. */
void evtchn_fifo_unmask(struct evtchn_domain *ed, evtchn_port_t port)
{
	uint64_t flags = evtchn_env_lock(ed);
	event_word_t *w = word_of(ed, port);
	bool new_pending = false;
	int vcpu = -1;

	if (w != NULL) {
		__atomic_fetch_and(w, ~BIT(EVTCHN_FIFO_MASKED), __ATOMIC_SEQ_CST);
		/* An event that came while masked is linked now (Xen public ABI: EVTCHNOP_unmask).
		 */
		if (test_bit(w, EVTCHN_FIFO_PENDING))
			vcpu = raise_locked(ed, port, &new_pending);
	}
	evtchn_env_unlock(ed, flags);
	raise_done(ed, port, vcpu, new_pending);
}

bool evtchn_fifo_is_pending(struct evtchn_domain *ed, evtchn_port_t port)
{
	uint64_t flags = evtchn_env_lock(ed);
	const event_word_t *w = word_of(ed, port);
	bool pending = w != NULL && test_bit(w, EVTCHN_FIFO_PENDING);

	evtchn_env_unlock(ed, flags);
	return pending;
}

void evtchn_fifo_port_init(struct evtchn_domain *ed, evtchn_port_t port)
{
	struct evtchn *c = &ed->port[port];

	c->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
	c->early_pending = 0;
	/* Its last queue stays: a word still linked there keeps its place until consumed. */
}

int evtchn_set_priority(struct evtchn_domain *ed, evtchn_port_t port, uint32_t priority)
{
	uint64_t flags;

	if (!__atomic_load_n(&ed->fifo, __ATOMIC_ACQUIRE))
		return -ENOSYS; /* the 2-level ABI has no priorities (Xen answers the same) */
	if (!evtchn_port_valid(ed, port) || priority > EVTCHN_FIFO_PRIORITY_MIN)
		return -EINVAL;
	flags = evtchn_env_lock(ed);
	/* Future events go to the new queue; one already linked stays where it is. */
	ed->port[port].priority = priority & 0xf;
	evtchn_env_unlock(ed, flags);
	return 0;
}

/* The first control block switches the domain to FIFO: every bound port gets the default
 * priority and keeps a 2-level pending bit as pending (Xen: setup_ports). */
static void switch_to_fifo(struct evtchn_domain *ed)
{
	for (evtchn_port_t p = 1; p < EVTCHN_PORTS; p++) {
		struct evtchn *c = &ed->port[p];

		c->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
		c->last_priority = 0;
		c->last_vcpu = 0;
		c->early_pending = c->state != ECS_FREE && evtchn_2l_is_pending(ed, p);
	}
	for (unsigned int i = 0; i < ed->nr_vcpus; i++) {
		for (unsigned int q = 0; q < EVTCHN_FIFO_MAX_QUEUES; q++)
			ed->vcpu[i].fifo_tail[q] = 0;
	}
	__atomic_store_n(&ed->fifo, true, __ATOMIC_RELEASE);
}

int evtchn_fifo_init_control(struct evtchn_domain *ed, struct evtchn_init_control *op)
{
	uint8_t *page;
	uint64_t flags;
	int ret = 0;

	op->link_bits = EVTCHN_FIFO_LINK_BITS;
	if (op->vcpu >= ed->nr_vcpus)
		return -ENOENT; /* as Xen */
	/* Wholly inside one page, 8-byte aligned (Xen: evtchn_fifo_init_control). */
	if (op->offset > PAGE_BYTES - sizeof(struct evtchn_fifo_control_block) ||
	    (op->offset & 7) != 0)
		return -EINVAL;
	flags = evtchn_env_lock(ed);
	page = evtchn_env_map_page(ed, op->control_gfn);
	if (page == NULL || ed->vcpu[op->vcpu].fifo_cb != NULL) {
		ret = -EINVAL; /* not its RAM, or a second time for this vCPU */
	} else {
		if (!ed->fifo)
			switch_to_fifo(ed);
		__atomic_store_n(&ed->vcpu[op->vcpu].fifo_cb,
				 // cppcheck-suppress misra-c2012-11.3 ; offset checked aligned
				 (struct evtchn_fifo_control_block *)(page + op->offset),
				 __ATOMIC_RELEASE);
	}
	evtchn_env_unlock(ed, flags);
	return ret;
}

int evtchn_fifo_expand_array(struct evtchn_domain *ed, uint64_t gfn)
{
	unsigned int slot;
	event_word_t *page;
	uint64_t flags;
	int ret = 0;

	flags = evtchn_env_lock(ed);
	slot = ed->fifo_words / EVTCHN_FIFO_WORDS_PER_PAGE;
	page = ed->fifo && slot < EVTCHN_FIFO_PAGES ? evtchn_env_map_page(ed, gfn) : NULL;
	if (!ed->fifo) {
		ret = -ENOTSUP; /* Xen: -EOPNOTSUPP before init_control */
	} else if (slot >= EVTCHN_FIFO_PAGES) {
		ret = -ENOSPC; /* every port has its word already */
	} else if (page == NULL) {
		ret = -EINVAL;
	} else {
		ed->fifo_array[slot] = page;
		__atomic_store_n(&ed->fifo_words, ed->fifo_words + EVTCHN_FIFO_WORDS_PER_PAGE,
				 __ATOMIC_RELEASE);
	}
	evtchn_env_unlock(ed, flags);
	if (ret < 0)
		return ret;
	/* Events raised before their word existed are raised now. The flag shares its byte
	 * with the port's queue fields, which a raise changes under the lock: cleared under it. */
	for (evtchn_port_t p = slot * EVTCHN_FIFO_WORDS_PER_PAGE;
	     p < (slot + 1) * EVTCHN_FIFO_WORDS_PER_PAGE && p < EVTCHN_PORTS; p++) {
		bool again;

		flags = evtchn_env_lock(ed);
		again = ed->port[p].early_pending && ed->port[p].state != ECS_FREE;
		ed->port[p].early_pending = 0;
		evtchn_env_unlock(ed, flags);
		if (again)
			evtchn_raise(ed, p);
	}
	return 0;
}

void evtchn_fifo_teardown(struct evtchn_domain *ed)
{
	__atomic_store_n(&ed->fifo, false, __ATOMIC_RELEASE);
	__atomic_store_n(&ed->fifo_words, 0, __ATOMIC_RELEASE);
	for (unsigned int i = 0; i < EVTCHN_FIFO_PAGES; i++)
		ed->fifo_array[i] = NULL;
	for (unsigned int i = 0; i < EVTCHN_MAX_VCPUS; i++) {
		ed->vcpu[i].fifo_cb = NULL;
		for (unsigned int q = 0; q < EVTCHN_FIFO_MAX_QUEUES; q++)
			ed->vcpu[i].fifo_tail[q] = 0;
	}
}

bool evtchn_page_in_use(const struct evtchn_domain *ed, const void *page)
{
	uintptr_t base = (uintptr_t)page & ~(uintptr_t)(PAGE_BYTES - 1);

	for (unsigned int i = 0; i < EVTCHN_FIFO_PAGES; i++) {
		if ((uintptr_t)ed->fifo_array[i] == base && base != 0)
			return true;
	}
	for (unsigned int i = 0; i < EVTCHN_MAX_VCPUS; i++) {
		if (ed->vcpu[i].fifo_cb != NULL &&
		    ((uintptr_t)ed->vcpu[i].fifo_cb & ~(uintptr_t)(PAGE_BYTES - 1)) == base)
			return true;
	}
	return false;
}
