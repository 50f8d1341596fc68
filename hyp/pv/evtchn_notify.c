// SPDX-License-Identifier: Apache-2.0
/*
 * Raising an event: by the ABI the domain uses (2-level until EVTCHNOP_init_control, FIFO
 * after), the upcall flag of the vCPU it is bound to, and the vCPUs polling it
 * (SCHEDOP_poll). Portable.
 */
#include <tessera/errno.h>
#include <pv/evtchn.h>

void evtchn_notify_vcpu(struct evtchn_domain *ed, unsigned int vcpu)
{
	struct vcpu_info *vi = evtchn_env_vcpu_info(ed, vcpu);

	/* Xen: a vCPU is kicked only when its upcall flag goes from 0 to 1; while it is set,
	 * the guest has yet to look at its events and will see this one too. */
	if (vi != NULL && __atomic_exchange_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST) == 0)
		evtchn_env_wake(ed, vcpu);
}

static bool on_fifo(const struct evtchn_domain *ed)
{
	return __atomic_load_n(&ed->fifo, __ATOMIC_ACQUIRE);
}

void evtchn_raise(struct evtchn_domain *ed, evtchn_port_t port)
{
	if (!evtchn_port_valid(ed, port))
		return;
	if (on_fifo(ed))
		evtchn_fifo_raise(ed, port);
	else
		evtchn_2l_raise(ed, port);
}

bool evtchn_is_pending(struct evtchn_domain *ed, evtchn_port_t port)
{
	if (!evtchn_port_valid(ed, port))
		return false;
	return on_fifo(ed) ? evtchn_fifo_is_pending(ed, port) : evtchn_2l_is_pending(ed, port);
}

int evtchn_unmask(struct evtchn_domain *ed, evtchn_port_t port)
{
	if (!evtchn_port_valid(ed, port))
		return -EINVAL;
	if (on_fifo(ed))
		evtchn_fifo_unmask(ed, port);
	else
		evtchn_2l_unmask(ed, port);
	return 0;
}

/* A port became pending: wake every vCPU polling it (Xen: evtchn_check_pollers). */
void evtchn_poll_check(struct evtchn_domain *ed, evtchn_port_t port)
{
	for (unsigned int i = 0; i < ed->nr_vcpus; i++) {
		uint32_t want = __atomic_load_n(&ed->vcpu[i].poll_port, __ATOMIC_SEQ_CST);
		bool took;

		if (want == EVTCHN_POLL_NONE || (want != EVTCHN_POLL_MANY && want != port))
			continue;
		took = __atomic_compare_exchange_n(&ed->vcpu[i].poll_port, &want, EVTCHN_POLL_NONE,
						   false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
		if (took)
			evtchn_env_wake(ed, i);
	}
}

int evtchn_poll_begin(struct evtchn_domain *ed, unsigned int vcpu, const evtchn_port_t *ports,
		      unsigned int n, bool *pending)
{
	*pending = false;
	if (vcpu >= ed->nr_vcpus)
		return -EINVAL;
	for (unsigned int i = 0; i < n; i++) {
		if (ports[i] >= EVTCHN_PORTS)
			return -EINVAL;
	}
	/* Polling first, then the look: a raise between the two is seen by one or the other
	 * (both sides use sequentially consistent atomics). */
	__atomic_store_n(&ed->vcpu[vcpu].poll_port, n == 1 ? ports[0] : EVTCHN_POLL_MANY,
			 __ATOMIC_SEQ_CST);
	for (unsigned int i = 0; i < n && !*pending; i++)
		*pending = evtchn_is_pending(ed, ports[i]);
	if (*pending)
		__atomic_store_n(&ed->vcpu[vcpu].poll_port, EVTCHN_POLL_NONE, __ATOMIC_SEQ_CST);
	return 0;
}

bool evtchn_poll_end(struct evtchn_domain *ed, unsigned int vcpu)
{
	if (vcpu >= ed->nr_vcpus)
		return false;
	return __atomic_exchange_n(&ed->vcpu[vcpu].poll_port, EVTCHN_POLL_NONE, __ATOMIC_SEQ_CST) !=
	       EVTCHN_POLL_NONE;
}
