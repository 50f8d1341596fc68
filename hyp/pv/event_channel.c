// SPDX-License-Identifier: Apache-2.0
/*
 * event_channel_op: the hypercall's arguments are copied from the guest and checked here,
 * the state machine is portable (pv/evtchn.h: evtchn_ports.c, evtchn_2l.c, evtchn_fifo.c,
 * evtchn_notify.c). This file is also where that state machine meets the rest of Tessera:
 * domains by id, the PV lock, vcpu_info, waking vCPUs and guest pages (evtchn_env_*).
 */
#include <asm/mmu.h>
#include <asm/p2m.h>
#include <public/xen.h>
#include <tessera/compiler.h>
#include <tessera/domain.h>
#include <tessera/errno.h>
#include <tessera/mm.h>
#include <pv/hypercall.h>
#include <pv/pv.h>

_Static_assert(DOMAIN_MAX_VCPUS <= EVTCHN_MAX_VCPUS, "event channels for every vCPU");
_Static_assert(DOMAIN_MAX <= 0xffff, "domain ids fit remote_dom");

void pv_console_notified(struct domain *d);

static struct domain *domain_of(struct evtchn_domain *ed)
{
	return container_of(ed, struct pv_domain, ev)->domain;
}

struct evtchn_domain *evtchn_env_domain(unsigned int domid)
{
	struct domain *d = domain_get(domid);

	if (d != NULL && !d->pv->enabled) {
		domain_put(d);
		d = NULL;
	}
	return d != NULL ? &d->pv->ev : NULL;
}

void evtchn_env_put(struct evtchn_domain *ed)
{
	domain_put(domain_of(ed));
}

uint64_t evtchn_env_lock(struct evtchn_domain *ed)
{
	return spin_lock_irqsave(&domain_of(ed)->pv->lock);
}

void evtchn_env_unlock(struct evtchn_domain *ed, uint64_t flags)
{
	spin_unlock_irqrestore(&domain_of(ed)->pv->lock, flags);
}

struct vcpu_info *evtchn_env_vcpu_info(struct evtchn_domain *ed, unsigned int vcpu)
{
	struct domain *d = domain_of(ed);

	return vcpu < d->nr_vcpus && d->vcpus[vcpu] != NULL ? d->vcpus[vcpu]->pv->info : NULL;
}

void evtchn_env_wake(struct evtchn_domain *ed, unsigned int vcpu)
{
	struct domain *d = domain_of(ed);

	if (vcpu < d->nr_vcpus && d->vcpus[vcpu] != NULL)
		vcpu_wake(d->vcpus[vcpu]);
}

/* Only the domain's own RAM (as for a vcpu_info): never a page Tessera placed there (its
 * shared_info, a grant frame), a device, or a hole. Called with d->pv->lock held, the lock
 * memory_op takes before it gives a RAM page away. */
void *evtchn_env_map_page(struct evtchn_domain *ed, uint64_t gfn)
{
	struct domain *d = domain_of(ed);
	enum p2m_type type;
	paddr_t pa;

	if (gfn >= (1ULL << (p2m_ipa_bits() - PAGE_SHIFT)))
		return NULL;
	pa = p2m_lookup(&d->p2m, gfn << PAGE_SHIFT, &type);
	if (pa == INVALID_PADDR || type != P2M_RAM)
		return NULL;
	return phys_to_virt(pa);
}

void evtchn_env_internal_notified(struct evtchn_domain *ed, evtchn_port_t port)
{
	if (port == PV_CONSOLE_PORT)
		pv_console_notified(domain_of(ed));
}

bool evtchn_page_pinned_locked(struct domain *d, paddr_t pa)
{
	return d->pv->enabled && evtchn_page_in_use(&d->pv->ev, phys_to_virt(pa));
}

void evtchn_set_pending(struct domain *d, evtchn_port_t port)
{
	if (d->pv->enabled)
		evtchn_raise(&d->pv->ev, port);
}

int evtchn_bind_static(struct domain *d, evtchn_port_t port, struct domain *peer,
		       evtchn_port_t peer_port)
{
	if (!d->pv->enabled || !peer->pv->enabled || port == PV_CONSOLE_PORT ||
	    peer_port == PV_CONSOLE_PORT)
		return -EINVAL;
	return evtchn_connect_static(&d->pv->ev, port, &peer->pv->ev, peer_port);
}

void evtchn_domain_teardown(struct domain *d)
{
	if (d->pv->enabled)
		evtchn_teardown(&d->pv->ev);
}

/* Ops whose argument names a domain may only name the caller (there is no control domain
 * that may act for others). */
static bool is_self(const struct domain *d, domid_t dom)
{
	return dom == DOMID_SELF || dom == d->id;
}

static int64_t alloc_unbound(struct vcpu *v, uint64_t arg)
{
	struct evtchn_alloc_unbound op;
	int ret;

	if (copy_from_guest(v, &op, arg, sizeof(op)) < 0)
		return -EFAULT;
	if (!is_self(v->domain, op.dom))
		return -EPERM;
	ret = evtchn_alloc_unbound(&v->domain->pv->ev, op.remote_dom, &op.port);
	if (ret == 0 && copy_to_guest(v, arg, &op, sizeof(op)) < 0)
		return -EFAULT;
	return ret;
}

static int64_t bind_interdomain(struct vcpu *v, uint64_t arg)
{
	struct evtchn_bind_interdomain op;
	int ret;

	if (copy_from_guest(v, &op, arg, sizeof(op)) < 0)
		return -EFAULT;
	ret = evtchn_bind_interdomain(&v->domain->pv->ev, op.remote_dom, op.remote_port,
				      &op.local_port);
	if (ret == 0 && copy_to_guest(v, arg, &op, sizeof(op)) < 0)
		return -EFAULT;
	return ret;
}

static int64_t bind_virq(struct vcpu *v, uint64_t arg)
{
	struct evtchn_bind_virq op;
	int ret;

	if (copy_from_guest(v, &op, arg, sizeof(op)) < 0)
		return -EFAULT;
	ret = evtchn_bind_virq(&v->domain->pv->ev, op.virq, op.vcpu, &op.port);
	if (ret == 0 && copy_to_guest(v, arg, &op, sizeof(op)) < 0)
		return -EFAULT;
	return ret;
}

static int64_t status(struct vcpu *v, uint64_t arg)
{
	struct evtchn_status op;
	int ret;

	if (copy_from_guest(v, &op, arg, sizeof(op)) < 0)
		return -EFAULT;
	if (!is_self(v->domain, op.dom))
		return -EPERM; /* only a control domain may look at others */
	ret = evtchn_status(&v->domain->pv->ev, &op);
	if (ret == 0 && copy_to_guest(v, arg, &op, sizeof(op)) < 0)
		return -EFAULT;
	return ret;
}

static int64_t bind_vcpu(struct vcpu *v, uint64_t arg)
{
	struct evtchn_bind_vcpu op;

	if (copy_from_guest(v, &op, arg, sizeof(op)) < 0)
		return -EFAULT;
	return evtchn_bind_vcpu(&v->domain->pv->ev, op.port, op.vcpu);
}

static int64_t reset(struct vcpu *v, uint64_t arg)
{
	domid_t dom;

	if (copy_from_guest(v, &dom, arg, sizeof(dom)) < 0)
		return -EFAULT;
	if (!is_self(v->domain, dom))
		return -EPERM;
	return evtchn_reset(&v->domain->pv->ev);
}

static int64_t init_control(struct vcpu *v, uint64_t arg)
{
	struct evtchn_init_control op;
	int ret;

	if (copy_from_guest(v, &op, arg, sizeof(op)) < 0)
		return -EFAULT;
	ret = evtchn_fifo_init_control(&v->domain->pv->ev, &op);
	/* link_bits is an output even when the call fails (as Xen). */
	if (copy_to_guest(v, arg, &op, sizeof(op)) < 0)
		return -EFAULT;
	return ret;
}

static int64_t fifo_op(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
	struct evtchn_expand_array ex;
	struct evtchn_set_priority pr;

	if (cmd == EVTCHNOP_expand_array) {
		if (copy_from_guest(v, &ex, arg, sizeof(ex)) < 0)
			return -EFAULT;
		return evtchn_fifo_expand_array(&v->domain->pv->ev, ex.array_gfn);
	}
	if (copy_from_guest(v, &pr, arg, sizeof(pr)) < 0)
		return -EFAULT;
	return evtchn_set_priority(&v->domain->pv->ev, pr.port, pr.priority);
}

int64_t do_event_channel_op(struct vcpu *v, const uint64_t a[5])
{
	struct evtchn_domain *ed = &v->domain->pv->ev;
	struct evtchn_port_op op;

	if (!v->domain->pv->enabled)
		return -ENOSYS;
	switch (a[0]) {
	case EVTCHNOP_alloc_unbound:
		return alloc_unbound(v, a[1]);
	case EVTCHNOP_bind_interdomain:
		return bind_interdomain(v, a[1]);
	case EVTCHNOP_bind_virq:
		return bind_virq(v, a[1]);
	case EVTCHNOP_status:
		return status(v, a[1]);
	case EVTCHNOP_bind_vcpu:
		return bind_vcpu(v, a[1]);
	case EVTCHNOP_reset:
		return reset(v, a[1]);
	case EVTCHNOP_init_control:
		return init_control(v, a[1]);
	case EVTCHNOP_expand_array:
	case EVTCHNOP_set_priority:
		return fifo_op(v, a[0], a[1]);
	case EVTCHNOP_close:
	case EVTCHNOP_send:
	case EVTCHNOP_unmask:
		if (copy_from_guest(v, &op, a[1], sizeof(op)) < 0)
			return -EFAULT;
		if (a[0] == EVTCHNOP_close)
			return evtchn_close(ed, op.port);
		if (a[0] == EVTCHNOP_send)
			return evtchn_send(ed, op.port);
		return evtchn_unmask(ed, op.port);
	default:
		return -ENOSYS;
	}
}
