// SPDX-License-Identifier: Apache-2.0
/*
 * The 2-level event-channel ABI: a pending and a mask bitmap in shared_info, a selector word
 * and the upcall flag in each vcpu_info (Xen public ABI: xen.h, "shared_info",
 * "vcpu_info"). The guest writes these words at the same time: every access is atomic.
 * Portable.
 */
#include <pv/evtchn.h>

static uint64_t bit_of(evtchn_port_t port)
{
	return 1ULL << (port % 64);
}

void evtchn_2l_raise(struct evtchn_domain *ed, evtchn_port_t port)
{
	struct shared_info *s = ed->shared;
	struct vcpu_info *vi;
	unsigned int vcpu = ed->port[port].notify_vcpu;
	uint64_t sel = 1ULL << (port / 64);

	if (s == NULL)
		return;
	if (__atomic_fetch_or(&s->evtchn_pending[port / 64], bit_of(port), __ATOMIC_SEQ_CST) &
	    bit_of(port))
		return;
	evtchn_poll_check(ed, port);
	if (__atomic_load_n(&s->evtchn_mask[port / 64], __ATOMIC_SEQ_CST) & bit_of(port))
		return;
	if (vcpu >= ed->nr_vcpus)
		vcpu = 0;
	vi = evtchn_env_vcpu_info(ed, vcpu);
	if (vi == NULL)
		return;
	if (__atomic_fetch_or(&vi->evtchn_pending_sel, sel, __ATOMIC_SEQ_CST) & sel)
		return;
	evtchn_notify_vcpu(ed, vcpu);
}

void evtchn_2l_unmask(struct evtchn_domain *ed, evtchn_port_t port)
{
	struct shared_info *s = ed->shared;

	if (s == NULL)
		return;
	/* An event that arrived while masked is delivered now (2-level ABI semantics). */
	if ((__atomic_fetch_and(&s->evtchn_mask[port / 64], ~bit_of(port), __ATOMIC_SEQ_CST) &
	     bit_of(port)) &&
	    (__atomic_load_n(&s->evtchn_pending[port / 64], __ATOMIC_SEQ_CST) & bit_of(port))) {
		__atomic_fetch_and(&s->evtchn_pending[port / 64], ~bit_of(port), __ATOMIC_SEQ_CST);
		evtchn_2l_raise(ed, port);
	}
}

bool evtchn_2l_is_pending(const struct evtchn_domain *ed, evtchn_port_t port)
{
	return ed->shared != NULL &&
	       (__atomic_load_n(&ed->shared->evtchn_pending[port / 64], __ATOMIC_SEQ_CST) &
		bit_of(port)) != 0;
}
