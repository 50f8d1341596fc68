// SPDX-License-Identifier: Apache-2.0
/*
 * A domain's own shutdown, with Xen's reasons (public sched.h SHUTDOWN_*). As in Xen 4.17
 * (common/domain.c domain_shutdown), the first SCHEDOP_shutdown_code a domain records is the
 * reason of whatever shutdown follows (its own request or its watchdog).
 */
#include <public/xen.h>
#include <tessera/domain.h>
#include <tessera/errno.h>
#include <pv/pv.h>

void pv_record_shutdown_code(struct domain *d, unsigned int reason)
{
	uint16_t none = 0;

	/* Xen keeps the low byte of the first code. */
	__atomic_compare_exchange_n(&d->pv->shutdown_code, &none, (uint16_t)((reason & 0xff) + 1),
				    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

int pv_domain_shutdown(struct domain *d, unsigned int reason)
{
	unsigned int code = __atomic_load_n(&d->pv->shutdown_code, __ATOMIC_SEQ_CST);

	if (reason > SHUTDOWN_watchdog)
		return -EINVAL;
	/* A recorded code Tessera has no meaning for keeps the reason given. */
	if (code != 0 && code - 1 <= SHUTDOWN_watchdog)
		reason = code - 1;
	switch (reason) {
	case SHUTDOWN_reboot:
		domain_shutdown(d, DOMAIN_EXIT_REBOOT);
		return 0;
	case SHUTDOWN_crash:
		domain_crash(d, "the guest reported a crash (SCHEDOP_shutdown %u)", reason);
		return 0;
	case SHUTDOWN_watchdog:
		domain_shutdown(d, DOMAIN_EXIT_WATCHDOG);
		return 0;
	case SHUTDOWN_poweroff:
	case SHUTDOWN_suspend: /* nobody would resume it: a dom0less domain just stops */
		domain_shutdown(d, DOMAIN_EXIT_POWEROFF);
		return 0;
	default:
		return -EINVAL;
	}
}
