// SPDX-License-Identifier: Apache-2.0
/* sched_op: yield, block until an event, shut the domain down. */
#include <public/xen.h>
#include <tessera/domain.h>
#include <tessera/errno.h>
#include <pv/hypercall.h>
#include <pv/pv.h>

int64_t do_sched_op(struct vcpu *v, const uint64_t a[5])
{
	unsigned int reason;

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
		if (a[0] == SCHEDOP_shutdown_code)
			return 0; /* recorded by Xen for the toolstack; there is none */
		if (reason == SHUTDOWN_reboot)
			domain_shutdown(v->domain, DOMAIN_EXIT_REBOOT);
		else if (reason == SHUTDOWN_crash || reason == SHUTDOWN_watchdog)
			domain_crash(v->domain, "the guest reported a crash (SCHEDOP_shutdown %u)",
				     reason);
		else if (reason <= SHUTDOWN_watchdog)
			domain_shutdown(v->domain, DOMAIN_EXIT_POWEROFF);
		else
			return -EINVAL;
		return 0;
	default:
		return -ENOSYS;
	}
}
