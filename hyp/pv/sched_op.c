// SPDX-License-Identifier: Apache-2.0
/* sched_op: yield, block until an event, shut the domain down, watchdogs. */
#include <public/xen.h>
#include <tessera/domain.h>
#include <tessera/errno.h>
#include <pv/hypercall.h>
#include <pv/pv.h>

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
