// SPDX-License-Identifier: Apache-2.0
/*
 * Event-channel ports: allocation, binding, closing and status (Xen public ABI:
 * event_channel.h). Ports are per domain; an interdomain channel links two ports; an
 * internal channel's other end is Tessera (the PV console backend). Which shared words say
 * "pending" is the ABI's business (evtchn_2l.c, evtchn_fifo.c). Portable: no arm64 here.
 * Every port, vCPU and domain id from a guest is checked before use.
 */
#include <tessera/errno.h>
#include <pv/evtchn.h>

bool evtchn_port_valid(const struct evtchn_domain *ed, evtchn_port_t port)
{
	return ed->port != NULL && port > 0 && port < EVTCHN_PORTS;
}

static evtchn_port_t alloc_port(const struct evtchn_domain *ed)
{
	for (evtchn_port_t p = 1; p < EVTCHN_PORTS; p++) {
		if (ed->port[p].state == ECS_FREE)
			return p;
	}
	return 0;
}

/* A fresh channel in port (ed locked): vCPU 0, the default priority (Xen public ABI:
 * EVTCHNOP_bind_vcpu note 3; EVTCHN_FIFO_PRIORITY_DEFAULT). */
static void init_port(struct evtchn_domain *ed, evtchn_port_t port, struct evtchn c)
{
	ed->port[port] = c;
	evtchn_fifo_port_init(ed, port);
}

static struct evtchn_domain *lookup(const struct evtchn_domain *self, domid_t id)
{
	return evtchn_env_domain(id == DOMID_SELF ? self->id : id);
}

/* Both domains' channel tables, locked in id order so two binders cannot deadlock. */
static uint64_t lock_pair(struct evtchn_domain *a, struct evtchn_domain *b, uint64_t *inner)
{
	struct evtchn_domain *first = a->id <= b->id ? a : b;
	struct evtchn_domain *second = first == a ? b : a;
	uint64_t flags = evtchn_env_lock(first);

	*inner = a != b ? evtchn_env_lock(second) : 0;
	return flags;
}

static void unlock_pair(struct evtchn_domain *a, struct evtchn_domain *b, uint64_t flags,
			uint64_t inner)
{
	struct evtchn_domain *first = a->id <= b->id ? a : b;

	if (a != b)
		evtchn_env_unlock(first == a ? b : a, inner);
	evtchn_env_unlock(first, flags);
}

int evtchn_alloc_unbound(struct evtchn_domain *ed, domid_t remote_dom, evtchn_port_t *port)
{
	struct evtchn_domain *remote = lookup(ed, remote_dom);
	uint64_t flags;

	if (remote == NULL)
		return -ESRCH;
	flags = evtchn_env_lock(ed);
	*port = alloc_port(ed);
	if (*port != 0)
		init_port(ed, *port,
			  (struct evtchn){ .state = ECS_UNBOUND,
					   .remote_dom = (uint16_t)remote->id });
	evtchn_env_unlock(ed, flags);
	evtchn_env_put(remote);
	return *port != 0 ? 0 : -ENOSPC;
}

int evtchn_bind_interdomain(struct evtchn_domain *ed, domid_t remote_dom, evtchn_port_t remote_port,
			    evtchn_port_t *local_port)
{
	struct evtchn_domain *remote = lookup(ed, remote_dom);
	struct evtchn *rc;
	uint64_t flags, inner;
	int ret = 0;

	if (remote == NULL)
		return -ESRCH;
	if (!evtchn_port_valid(remote, remote_port)) {
		evtchn_env_put(remote);
		return -EINVAL;
	}
	flags = lock_pair(ed, remote, &inner);
	rc = &remote->port[remote_port];
	*local_port = alloc_port(ed);
	if (rc->state != ECS_UNBOUND || rc->remote_dom != ed->id) {
		ret = -EINVAL; /* not offered to this domain */
	} else if (*local_port == 0) {
		ret = -ENOSPC;
	} else {
		init_port(ed, *local_port,
			  (struct evtchn){ .state = ECS_INTERDOMAIN,
					   .remote_dom = (uint16_t)remote->id,
					   .remote_port = (uint16_t)remote_port });
		rc->state = ECS_INTERDOMAIN;
		rc->remote_port = (uint16_t)*local_port;
	}
	unlock_pair(ed, remote, flags, inner);
	evtchn_env_put(remote);
	if (ret == 0)
		evtchn_raise(ed, *local_port); /* as Xen: the binder sees it connected */
	return ret;
}

int evtchn_bind_virq(struct evtchn_domain *ed, uint32_t virq, uint32_t vcpu, evtchn_port_t *port)
{
	uint64_t flags;
	int ret = 0;

	if (virq >= NR_VIRQS || vcpu >= ed->nr_vcpus)
		return -EINVAL;
	flags = evtchn_env_lock(ed);
	if (ed->vcpu[vcpu].virq_port[virq] != 0) {
		ret = -EEXIST;
	} else {
		*port = alloc_port(ed);
		if (*port == 0) {
			ret = -ENOSPC;
		} else {
			init_port(ed, *port,
				  (struct evtchn){ .state = ECS_VIRQ,
						   .notify_vcpu = (uint8_t)vcpu,
						   .remote_port = (uint16_t)virq });
			ed->vcpu[vcpu].virq_port[virq] = *port;
		}
	}
	evtchn_env_unlock(ed, flags);
	return ret;
}

/* Closes port of ed with ed (and the peer, if any) locked. */
static int close_locked(struct evtchn_domain *ed, evtchn_port_t port, struct evtchn_domain *remote)
{
	struct evtchn *c = &ed->port[port];

	/* Xen answers -EINVAL for a port that is not in use; Tessera's own end (the console)
	 * is not the guest's to close. */
	if (c->state == ECS_FREE || c->state == ECS_INTERNAL)
		return -EINVAL;
	if (c->state == ECS_INTERDOMAIN && remote != NULL &&
	    evtchn_port_valid(remote, c->remote_port)) {
		struct evtchn *rc = &remote->port[c->remote_port];

		/* The peer's end goes back to unbound, awaiting a new connection (Xen public
		 * ABI: EVTCHNOP_close). */
		if (rc->state == ECS_INTERDOMAIN && rc->remote_dom == ed->id &&
		    rc->remote_port == port) {
			rc->state = ECS_UNBOUND;
			rc->remote_port = 0;
		}
	}
	if (c->state == ECS_VIRQ && c->notify_vcpu < ed->nr_vcpus && c->remote_port < NR_VIRQS)
		ed->vcpu[c->notify_vcpu].virq_port[c->remote_port] = 0;
	c->state = ECS_FREE;
	c->remote_dom = 0;
	c->remote_port = 0;
	c->notify_vcpu = 0;
	return 0;
}

int evtchn_close(struct evtchn_domain *ed, evtchn_port_t port)
{
	struct evtchn_domain *remote = NULL;
	uint64_t flags, inner;
	int ret;

	if (!evtchn_port_valid(ed, port))
		return -EINVAL;
	if (ed->port[port].state == ECS_INTERDOMAIN)
		remote = evtchn_env_domain(ed->port[port].remote_dom);
	if (remote == NULL) {
		flags = evtchn_env_lock(ed);
		ret = close_locked(ed, port, NULL);
		evtchn_env_unlock(ed, flags);
		return ret;
	}
	flags = lock_pair(ed, remote, &inner);
	/* The channel may have changed before the locks: close checks the peer again. */
	ret = close_locked(ed, port,
			   ed->port[port].state == ECS_INTERDOMAIN &&
					   ed->port[port].remote_dom == remote->id
				   ? remote
				   : NULL);
	unlock_pair(ed, remote, flags, inner);
	evtchn_env_put(remote);
	return ret;
}

int evtchn_status(struct evtchn_domain *ed, struct evtchn_status *st)
{
	struct evtchn c;

	if (!evtchn_port_valid(ed, st->port))
		return -EINVAL;
	c = ed->port[st->port];
	st->vcpu = c.notify_vcpu;
	st->u.interdomain.pad = 0;
	switch (c.state) {
	case ECS_UNBOUND:
		st->status = EVTCHNSTAT_unbound;
		st->u.unbound.dom = c.remote_dom;
		break;
	case ECS_INTERDOMAIN:
	case ECS_INTERNAL:
		st->status = EVTCHNSTAT_interdomain;
		st->u.interdomain.dom = c.state == ECS_INTERNAL ? 0 : c.remote_dom;
		st->u.interdomain.port = c.remote_port;
		break;
	case ECS_VIRQ:
		st->status = EVTCHNSTAT_virq;
		st->u.virq = c.remote_port;
		break;
	default:
		st->status = EVTCHNSTAT_closed;
		break;
	}
	return 0;
}

int evtchn_bind_vcpu(struct evtchn_domain *ed, evtchn_port_t port, uint32_t vcpu)
{
	uint64_t flags;
	int ret = 0;

	if (!evtchn_port_valid(ed, port) || vcpu >= ed->nr_vcpus)
		return -EINVAL;
	flags = evtchn_env_lock(ed);
	if (ed->port[port].state == ECS_FREE)
		ret = -EINVAL;
	else if (ed->port[port].state == ECS_VIRQ)
		ret = -EINVAL; /* per-vCPU VIRQs keep their vCPU (Xen public ABI, note 2) */
	else
		ed->port[port].notify_vcpu = (uint8_t)vcpu;
	evtchn_env_unlock(ed, flags);
	return ret;
}

int evtchn_send(struct evtchn_domain *ed, evtchn_port_t port)
{
	struct evtchn c;
	struct evtchn_domain *remote;
	uint64_t flags;

	if (!evtchn_port_valid(ed, port))
		return -EINVAL;
	/* A whole entry, not one torn by the guest's own close or bind on another vCPU. */
	flags = evtchn_env_lock(ed);
	c = ed->port[port];
	evtchn_env_unlock(ed, flags);
	switch (c.state) {
	case ECS_INTERDOMAIN:
		remote = evtchn_env_domain(c.remote_dom);
		if (remote != NULL) {
			evtchn_raise(remote, c.remote_port);
			evtchn_env_put(remote);
		}
		return 0;
	case ECS_INTERNAL:
		evtchn_env_internal_notified(ed, port);
		return 0;
	case ECS_UNBOUND:
	case ECS_VIRQ:
		return 0; /* nobody listens: dropped, as in Xen */
	default:
		return -EINVAL;
	}
}

/* Every channel but Tessera's own is closed; a FIFO domain goes back to the 2-level ABI
 * (Xen public ABI: EVTCHNOP_reset note 3). */
int evtchn_reset(struct evtchn_domain *ed)
{
	uint64_t flags;

	for (evtchn_port_t p = 1; p < EVTCHN_PORTS; p++) {
		if (ed->port[p].state != ECS_FREE && ed->port[p].state != ECS_INTERNAL)
			(void)evtchn_close(ed, p); /* fails only on a free or internal port */
	}
	flags = evtchn_env_lock(ed);
	evtchn_fifo_teardown(ed);
	evtchn_env_unlock(ed, flags);
	return 0;
}

/* Can port of ed become a static channel's end towards other? (ed and other locked) */
static bool static_end_free(const struct evtchn_domain *ed, evtchn_port_t port,
			    const struct evtchn_domain *other)
{
	const struct evtchn *c = &ed->port[port];

	return c->state == ECS_FREE || (c->state == ECS_UNBOUND && c->remote_dom == other->id);
}

int evtchn_connect_static(struct evtchn_domain *ed, evtchn_port_t port, struct evtchn_domain *peer,
			  evtchn_port_t peer_port)
{
	uint64_t flags, inner;
	int err = 0;

	if (!evtchn_port_valid(ed, port) || !evtchn_port_valid(peer, peer_port) ||
	    (ed == peer && port == peer_port))
		return -EINVAL;
	flags = lock_pair(ed, peer, &inner);
	/* Either end may be left unbound by an earlier life of the other (a reboot: the
	 * survivor's end went back to unbound, offered to the rebuilt domain's id). */
	if (!static_end_free(ed, port, peer) || !static_end_free(peer, peer_port, ed)) {
		err = -EBUSY;
	} else {
		init_port(ed, port,
			  (struct evtchn){ .state = ECS_INTERDOMAIN,
					   .remote_dom = (uint16_t)peer->id,
					   .remote_port = (uint16_t)peer_port });
		init_port(peer, peer_port,
			  (struct evtchn){ .state = ECS_INTERDOMAIN,
					   .remote_dom = (uint16_t)ed->id,
					   .remote_port = (uint16_t)port });
	}
	unlock_pair(ed, peer, flags, inner);
	return err;
}

void evtchn_teardown(struct evtchn_domain *ed)
{
	uint64_t flags;

	if (ed->port == NULL)
		return;
	for (evtchn_port_t p = 1; p < EVTCHN_PORTS; p++) {
		if (ed->port[p].state == ECS_INTERDOMAIN)
			(void)evtchn_close(ed, p); /* fails only on a free or internal port */
	}
	flags = evtchn_env_lock(ed);
	evtchn_fifo_teardown(ed);
	evtchn_env_unlock(ed, flags);
}
