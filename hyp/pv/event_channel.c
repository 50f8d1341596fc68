// SPDX-License-Identifier: Apache-2.0
/*
 * Event channels with the 2-level ABI (pending and mask bitmaps in shared_info, a selector
 * word and the upcall flag in each vcpu_info). Ports are per domain; an interdomain channel
 * links two ports; an internal channel's other end is Tessera (the PV console backend).
 * The FIFO ABI is not offered yet: EVTCHNOP_init_control answers -ENOSYS and Linux falls
 * back to 2-level. Every port and domain id from a guest is checked before use.
 */
#include <public/xen.h>
#include <tessera/domain.h>
#include <tessera/errno.h>
#include <pv/hypercall.h>
#include <pv/pv.h>

static bool port_valid(const struct domain *d, evtchn_port_t port)
{
	return d->pv.enabled && port > 0 && port < PV_EVTCHN_PORTS;
}

static struct vcpu *notify_vcpu(struct domain *d, evtchn_port_t port)
{
	unsigned int id = d->pv.evtchn[port].notify_vcpu;

	return d->vcpus[id < d->nr_vcpus ? id : 0];
}

/* Sets port pending in d and, unless masked, raises the upcall on its vCPU (2-level ABI). */
void evtchn_set_pending(struct domain *d, evtchn_port_t port)
{
	struct shared_info *s = d->pv.shared;
	uint64_t bit = 1ULL << (port % 64);
	struct vcpu *v;
	struct vcpu_info *vi;

	if (!port_valid(d, port))
		return;
	if (__atomic_fetch_or(&s->evtchn_pending[port / 64], bit, __ATOMIC_SEQ_CST) & bit)
		return;
	if (__atomic_load_n(&s->evtchn_mask[port / 64], __ATOMIC_SEQ_CST) & bit)
		return;
	v = notify_vcpu(d, port);
	vi = v->pv.info;
	if (vi == NULL)
		return;
	if (__atomic_fetch_or(&vi->evtchn_pending_sel, 1ULL << (port / 64), __ATOMIC_SEQ_CST) &
	    (1ULL << (port / 64)))
		return;
	__atomic_store_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST);
	vcpu_wake(v);
}

static evtchn_port_t alloc_port(struct domain *d)
{
	for (evtchn_port_t p = 1; p < PV_EVTCHN_PORTS; p++) {
		if (d->pv.evtchn[p].state == ECS_FREE)
			return p;
	}
	return 0;
}

static struct domain *lookup_domain(const struct domain *self, domid_t id)
{
	return id == DOMID_SELF ? domain_by_id(self->id) : domain_by_id(id);
}

static int64_t alloc_unbound(struct vcpu *v, uint64_t arg)
{
	struct domain *d = v->domain;
	struct evtchn_alloc_unbound op;
	struct domain *remote;
	uint64_t flags;
	int64_t ret = 0;

	if (copy_from_guest(v, &op, arg, sizeof(op)) < 0)
		return -EFAULT;
	if (op.dom != DOMID_SELF && op.dom != d->id)
		return -EPERM;
	remote = lookup_domain(d, op.remote_dom);
	if (remote == NULL)
		return -ESRCH;
	flags = spin_lock_irqsave(&d->pv.lock);
	op.port = alloc_port(d);
	if (op.port == 0) {
		ret = -ENOSPC;
	} else {
		d->pv.evtchn[op.port] =
			(struct evtchn){ .state = ECS_UNBOUND, .remote_dom = (uint16_t)remote->id };
	}
	spin_unlock_irqrestore(&d->pv.lock, flags);
	if (ret == 0 && copy_to_guest(v, arg, &op, sizeof(op)) < 0)
		return -EFAULT;
	return ret;
}

/* Both domains' channel tables, locked in id order so two binders cannot deadlock. */
static uint64_t lock_pair(struct domain *a, struct domain *b)
{
	uint64_t flags = irq_save_local();

	if (a == b) {
		spin_lock(&a->pv.lock);
	} else if (a->id < b->id) {
		spin_lock(&a->pv.lock);
		spin_lock(&b->pv.lock);
	} else {
		spin_lock(&b->pv.lock);
		spin_lock(&a->pv.lock);
	}
	return flags;
}

static void unlock_pair(struct domain *a, struct domain *b, uint64_t flags)
{
	spin_unlock(&a->pv.lock);
	if (a != b)
		spin_unlock(&b->pv.lock);
	irq_restore_local(flags);
}

static int64_t bind_interdomain(struct vcpu *v, uint64_t arg)
{
	struct domain *d = v->domain;
	struct evtchn_bind_interdomain op;
	struct domain *remote;
	struct evtchn *rc;
	uint64_t flags;
	int64_t ret = 0;

	if (copy_from_guest(v, &op, arg, sizeof(op)) < 0)
		return -EFAULT;
	remote = lookup_domain(d, op.remote_dom);
	if (remote == NULL || !remote->pv.enabled)
		return -ESRCH;
	if (!port_valid(remote, op.remote_port))
		return -EINVAL;
	flags = lock_pair(d, remote);
	rc = &remote->pv.evtchn[op.remote_port];
	op.local_port = alloc_port(d);
	if (rc->state != ECS_UNBOUND || rc->remote_dom != d->id) {
		ret = -EINVAL; /* not offered to this domain */
	} else if (op.local_port == 0) {
		ret = -ENOSPC;
	} else {
		d->pv.evtchn[op.local_port] = (struct evtchn){ .state = ECS_INTERDOMAIN,
							       .remote_dom = (uint16_t)remote->id,
							       .remote_port = op.remote_port };
		rc->state = ECS_INTERDOMAIN;
		rc->remote_port = op.local_port;
	}
	unlock_pair(d, remote, flags);
	if (ret < 0)
		return ret;
	evtchn_set_pending(d, op.local_port); /* as Xen: the binder sees it connected */
	return copy_to_guest(v, arg, &op, sizeof(op)) < 0 ? -EFAULT : 0;
}

static int64_t bind_virq(struct vcpu *v, uint64_t arg)
{
	struct domain *d = v->domain;
	struct evtchn_bind_virq op;
	uint64_t flags;
	int64_t ret = 0;

	if (copy_from_guest(v, &op, arg, sizeof(op)) < 0)
		return -EFAULT;
	if (op.virq >= NR_VIRQS || op.vcpu >= d->nr_vcpus)
		return -EINVAL;
	flags = spin_lock_irqsave(&d->pv.lock);
	if (d->vcpus[op.vcpu]->pv.virq_port[op.virq] != 0) {
		ret = -EEXIST;
	} else {
		op.port = alloc_port(d);
		if (op.port == 0) {
			ret = -ENOSPC;
		} else {
			d->pv.evtchn[op.port] = (struct evtchn){ .state = ECS_VIRQ,
								 .notify_vcpu = (uint8_t)op.vcpu,
								 .remote_port = op.virq };
			d->vcpus[op.vcpu]->pv.virq_port[op.virq] = op.port;
		}
	}
	spin_unlock_irqrestore(&d->pv.lock, flags);
	if (ret < 0)
		return ret;
	return copy_to_guest(v, arg, &op, sizeof(op)) < 0 ? -EFAULT : 0;
}

/* Closes port of d (and the peer's end, which goes back to unbound, as in Xen). */
static int64_t close_port(struct domain *d, evtchn_port_t port)
{
	struct evtchn *c;
	struct domain *remote = NULL;
	uint64_t flags;

	if (!port_valid(d, port))
		return -EINVAL;
	c = &d->pv.evtchn[port];
	if (c->state == ECS_INTERDOMAIN)
		remote = domain_by_id(c->remote_dom);
	flags = remote != NULL ? lock_pair(d, remote) : spin_lock_irqsave(&d->pv.lock);
	if (c->state == ECS_INTERNAL) {
		/* Tessera's own end: the guest may not tear down its console. */
		if (remote != NULL)
			unlock_pair(d, remote, flags);
		else
			spin_unlock_irqrestore(&d->pv.lock, flags);
		return -EINVAL;
	}
	if (c->state == ECS_INTERDOMAIN && remote != NULL && port_valid(remote, c->remote_port)) {
		struct evtchn *rc = &remote->pv.evtchn[c->remote_port];

		if (rc->state == ECS_INTERDOMAIN && rc->remote_dom == d->id &&
		    rc->remote_port == port)
			*rc = (struct evtchn){ .state = ECS_UNBOUND,
					       .remote_dom = (uint16_t)d->id };
	}
	if (c->state == ECS_VIRQ && c->notify_vcpu < d->nr_vcpus && c->remote_port < NR_VIRQS)
		d->vcpus[c->notify_vcpu]->pv.virq_port[c->remote_port] = 0;
	*c = (struct evtchn){ .state = ECS_FREE };
	if (remote != NULL)
		unlock_pair(d, remote, flags);
	else
		spin_unlock_irqrestore(&d->pv.lock, flags);
	return 0;
}

void pv_console_notified(struct domain *d);

int evtchn_bind_static(struct domain *d, evtchn_port_t port, struct domain *peer,
		       evtchn_port_t peer_port)
{
	uint64_t flags;
	int err = 0;

	if (!port_valid(d, port) || !port_valid(peer, peer_port) || port == PV_CONSOLE_PORT ||
	    peer_port == PV_CONSOLE_PORT || (d == peer && port == peer_port))
		return -EINVAL;
	flags = lock_pair(d, peer);
	/* The peer's end may be left unbound by an earlier life of d (a reboot). */
	if (d->pv.evtchn[port].state != ECS_FREE ||
	    !(peer->pv.evtchn[peer_port].state == ECS_FREE ||
	      (peer->pv.evtchn[peer_port].state == ECS_UNBOUND &&
	       peer->pv.evtchn[peer_port].remote_dom == d->id))) {
		err = -EBUSY;
	} else {
		d->pv.evtchn[port] = (struct evtchn){ .state = ECS_INTERDOMAIN,
						      .remote_dom = (uint16_t)peer->id,
						      .remote_port = peer_port };
		peer->pv.evtchn[peer_port] = (struct evtchn){ .state = ECS_INTERDOMAIN,
							      .remote_dom = (uint16_t)d->id,
							      .remote_port = port };
	}
	unlock_pair(d, peer, flags);
	return err;
}

/* d is dying: every channel connected to it goes back to unbound at the other end. */
void evtchn_domain_teardown(struct domain *d)
{
	if (!d->pv.enabled || d->pv.evtchn == NULL)
		return;
	for (evtchn_port_t p = 1; p < PV_EVTCHN_PORTS; p++) {
		if (d->pv.evtchn[p].state == ECS_INTERDOMAIN)
			(void)close_port(d, p); /* fails only on an invalid or internal port */
	}
}

int evtchn_send_from(struct domain *d, evtchn_port_t port)
{
	struct evtchn c;
	struct domain *remote;

	if (!port_valid(d, port))
		return -EINVAL;
	c = d->pv.evtchn[port];
	switch (c.state) {
	case ECS_INTERDOMAIN:
		remote = domain_by_id(c.remote_dom);
		if (remote != NULL && remote->state == DOMAIN_RUNNING)
			evtchn_set_pending(remote, c.remote_port);
		return 0;
	case ECS_INTERNAL:
		pv_console_notified(d);
		return 0;
	case ECS_UNBOUND:
	case ECS_VIRQ:
		return 0; /* nobody listens: dropped, as in Xen */
	default:
		return -EINVAL;
	}
}

static int64_t status(struct vcpu *v, uint64_t arg)
{
	struct domain *d = v->domain;
	struct evtchn_status op;
	struct evtchn c;

	if (copy_from_guest(v, &op, arg, sizeof(op)) < 0)
		return -EFAULT;
	if (op.dom != DOMID_SELF && op.dom != d->id)
		return -EPERM; /* only a control domain may look at others */
	if (!port_valid(d, op.port))
		return -EINVAL;
	c = d->pv.evtchn[op.port];
	op.vcpu = c.notify_vcpu;
	op.u.interdomain.pad = 0;
	switch (c.state) {
	case ECS_UNBOUND:
		op.status = EVTCHNSTAT_unbound;
		op.u.unbound.dom = c.remote_dom;
		break;
	case ECS_INTERDOMAIN:
	case ECS_INTERNAL:
		op.status = EVTCHNSTAT_interdomain;
		op.u.interdomain.dom = c.state == ECS_INTERNAL ? 0 : c.remote_dom;
		op.u.interdomain.port = c.remote_port;
		break;
	case ECS_VIRQ:
		op.status = EVTCHNSTAT_virq;
		op.u.virq = c.remote_port;
		break;
	default:
		op.status = EVTCHNSTAT_closed;
		break;
	}
	return copy_to_guest(v, arg, &op, sizeof(op)) < 0 ? -EFAULT : 0;
}

static int64_t unmask(struct domain *d, evtchn_port_t port)
{
	struct shared_info *s = d->pv.shared;
	uint64_t bit = 1ULL << (port % 64);

	if (!port_valid(d, port))
		return -EINVAL;
	/* An event that arrived while masked is delivered now (2-level ABI semantics). */
	if ((__atomic_fetch_and(&s->evtchn_mask[port / 64], ~bit, __ATOMIC_SEQ_CST) & bit) &&
	    (__atomic_load_n(&s->evtchn_pending[port / 64], __ATOMIC_SEQ_CST) & bit)) {
		__atomic_fetch_and(&s->evtchn_pending[port / 64], ~bit, __ATOMIC_SEQ_CST);
		evtchn_set_pending(d, port);
	}
	return 0;
}

static int64_t bind_vcpu(struct vcpu *v, uint64_t arg)
{
	struct domain *d = v->domain;
	struct evtchn_bind_vcpu op;

	if (copy_from_guest(v, &op, arg, sizeof(op)) < 0)
		return -EFAULT;
	if (!port_valid(d, op.port) || op.vcpu >= d->nr_vcpus)
		return -EINVAL;
	if (d->pv.evtchn[op.port].state == ECS_FREE)
		return -EINVAL;
	d->pv.evtchn[op.port].notify_vcpu = (uint8_t)op.vcpu;
	return 0;
}

static int64_t reset(struct vcpu *v, uint64_t arg)
{
	struct domain *d = v->domain;
	domid_t dom;

	if (copy_from_guest(v, &dom, arg, sizeof(dom)) < 0)
		return -EFAULT;
	if (dom != DOMID_SELF && dom != d->id)
		return -EPERM;
	for (evtchn_port_t p = 1; p < PV_EVTCHN_PORTS; p++) {
		if (d->pv.evtchn[p].state != ECS_FREE && d->pv.evtchn[p].state != ECS_INTERNAL)
			(void)close_port(d, p); /* fails only on an invalid or internal port */
	}
	return 0;
}

int64_t do_event_channel_op(struct vcpu *v, const uint64_t a[5])
{
	struct domain *d = v->domain;
	struct evtchn_port_op op;

	if (!d->pv.enabled)
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
	case EVTCHNOP_close:
	case EVTCHNOP_send:
	case EVTCHNOP_unmask:
		if (copy_from_guest(v, &op, a[1], sizeof(op)) < 0)
			return -EFAULT;
		if (a[0] == EVTCHNOP_close)
			return close_port(d, op.port);
		if (a[0] == EVTCHNOP_send)
			return evtchn_send_from(d, op.port);
		return unmask(d, op.port);
	default:
		return -ENOSYS; /* includes the FIFO ABI's init_control: Linux uses 2-level */
	}
}
