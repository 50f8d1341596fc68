// SPDX-License-Identifier: Apache-2.0
/*
 * hvm_op get/set_param: where the PV console is, and the xenstore as Xen 4.17 announces it
 * before init-dom0less has run. A guest may set
 * only the callback parameter; the rest are Tessera's to set.
 */
#include <public/arch-arm.h>
#include <public/xen.h>
#include <tessera/domain.h>
#include <tessera/errno.h>
#include <pv/hypercall.h>
#include <pv/pv.h>

int64_t do_hvm_op(struct vcpu *v, const uint64_t a[5])
{
	struct domain *d = v->domain;
	struct xen_hvm_param p;

	if (a[0] != HVMOP_get_param && a[0] != HVMOP_set_param)
		return -ENOSYS;
	if (copy_from_guest(v, &p, a[1], sizeof(p)) < 0)
		return -EFAULT;
	if (p.domid != DOMID_SELF && p.domid != d->id)
		return -EPERM;
	if (!d->pv->enabled)
		return -ENOSYS;
	if (a[0] == HVMOP_set_param) {
		if (p.index != HVM_PARAM_CALLBACK_IRQ)
			return -EPERM;
		d->pv->callback_irq = p.value;
		return 0;
	}
	switch (p.index) {
	case HVM_PARAM_CALLBACK_IRQ:
		p.value = d->pv->callback_irq;
		break;
	case HVM_PARAM_CONSOLE_PFN:
		p.value = GUEST_MAGIC_BASE >> 12;
		break;
	case HVM_PARAM_CONSOLE_EVTCHN:
		p.value = PV_CONSOLE_PORT;
		break;
	case HVM_PARAM_STORE_PFN:
		/* Xen 4.17 for xen,enhanced = "enabled": ~0, "not there yet" (no page exists
		 * until init-dom0less makes one); Linux then waits for the store's event. For
		 * "no-xenstore": 0, never set. */
		p.value = d->pv->xenstore ? ~0ULL : 0;
		break;
	case HVM_PARAM_STORE_EVTCHN:
		p.value = d->pv->xenstore ? PV_XENSTORE_PORT : 0;
		break;
	default:
		return -EINVAL;
	}
	return copy_to_guest(v, a[1], &p, sizeof(p)) < 0 ? -EFAULT : 0;
}
