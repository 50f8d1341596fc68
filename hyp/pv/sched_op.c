// SPDX-License-Identifier: Apache-2.0
/* sched_op: yield, block until an event, poll event channels, shut the domain down,
 * watchdogs. */
#include <drivers/arch_timer.h>
#include <public/xen.h>
#include <tessera/domain.h>
#include <tessera/errno.h>
#include <tessera/timer.h>
#include <pv/hypercall.h>
#include <pv/pv.h>

/* SCHEDOP_poll (Xen public ABI: sched.h): sleep until one of the ports is pending or the
 * timeout (absolute system time in ns, 0 = none) passes; answers 0 either way, and at once
 * when a port is pending already or an interrupt waits for the vCPU (as Xen's
 * local_events_need_delivery). Any other wake-up of the vCPU ends the poll too, as in Xen:
 * the guest looks again. */
static int64_t poll(struct vcpu *v, uint64_t arg)
{
	struct evtchn_domain *ed = &v->domain->pv->ev;
	evtchn_port_t ports[SCHEDOP_POLL_MAX_PORTS];
	struct sched_poll op;
	bool pending;
	int err;

	if (!v->domain->pv->enabled)
		return -ENOSYS;
	if (copy_from_guest(v, &op, arg, sizeof(op)) < 0)
		return -EFAULT;
	if (op.nr_ports > SCHEDOP_POLL_MAX_PORTS)
		return -EINVAL;
	if (op.nr_ports > 0 &&
	    copy_from_guest(v, ports, op.ports, op.nr_ports * sizeof(ports[0])) < 0)
		return -EFAULT;
	err = evtchn_poll_begin(ed, v->id, ports, op.nr_ports, &pending);
	if (err < 0 || pending)
		return err;
	if (op.timeout != 0) {
		uint64_t now = ticks_to_ns(arch_counter_read());

		if (op.timeout <= now) {
			(void)evtchn_poll_end(ed, v->id);
			return 0;
		}
		timer_set(&v->pv->poll_timer, timer_now() + ns_to_ticks(op.timeout - now));
	}
	vcpu_block(v);
	/* A port raised between the look and the block woke a vCPU that was not blocked yet:
	 * it ended the poll, so wake now. */
	if (__atomic_load_n(&ed->vcpu[v->id].poll_port, __ATOMIC_SEQ_CST) == EVTCHN_POLL_NONE)
		vcpu_wake(v);
	return 0;
}

int64_t do_sched_op(struct vcpu *v, const uint64_t a[5])
{
	unsigned int reason;
	struct sched_watchdog wd;

	switch (a[0]) {
	case SCHEDOP_yield:
		return 0; /* the null scheduler has nobody else for this pCPU */
	case SCHEDOP_block:
		/* Sleep until an event channel or interrupt is pending (as a trapped WFI). */
		vcpu_block(v);
		return 0;
	case SCHEDOP_poll:
		return poll(v, a[1]);
	case SCHEDOP_shutdown:
	case SCHEDOP_shutdown_code:
		if (copy_from_guest(v, &reason, a[1], sizeof(reason)) < 0)
			return -EFAULT;
		if (a[0] == SCHEDOP_shutdown_code) {
			/* Xen: the reason of the shutdown that follows, whatever asks for it. */
			pv_record_shutdown_code(v->domain, reason);
			return 0;
		}
		return pv_domain_shutdown(v->domain, reason);
	case SCHEDOP_watchdog:
		if (copy_from_guest(v, &wd, a[1], sizeof(wd)) < 0)
			return -EFAULT;
		return pv_watchdog_op(v->domain, wd.id, wd.timeout);
	default:
		return -ENOSYS;
	}
}
