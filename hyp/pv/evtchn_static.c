// SPDX-License-Identifier: Apache-2.0
/*
 * Static event channels (Xen booting.txt, "Static Event Channel"): a child of a xen,domain
 * node with compatible "xen,evtchn-v1" and xen,evtchn = <local-port &peer-node> names one
 * end; the peer node names the other. Each domain connects once it is built (at boot, or
 * again after a reboot); a channel is bound when the second of its two domains connects, so
 * each is bound exactly once, before either domain runs.
 */
#include <libfdt.h>
#include <tessera/dom0less.h>
#include <tessera/domain.h>
#include <tessera/errno.h>
#include <tessera/printk.h>
#include <pv/pv.h>

/* /chosen children with a static channel, read at most (dom0less_config.c bounds them). */
#define STATIC_EVTCHN_NODES_MAX 4096

static void bind_pair(struct domain *d, uint32_t port, struct domain *pd, uint32_t peer_port)
{
	int err = evtchn_bind_static(d, port, pd, peer_port);

	if (err < 0)
		pr_warn("dom0less: static event channel d%u:%u <-> d%u:%u refused (%s)\n", d->id,
			port, pd->id, peer_port, errno_name(err));
	else
		pr_info("dom0less: static event channel d%u:%u <-> d%u:%u\n", d->id, port, pd->id,
			peer_port);
}

void evtchn_static_connect(struct domain *self)
{
	const void *fdt = dom0less_host_fdt();
	int node = -1;

	if (self == NULL)
		return;
	for (int guard = 0; fdt != NULL && guard < STATIC_EVTCHN_NODES_MAX; guard++) {
		const fdt32_t *prop, *peer_prop;
		int len, peer;
		struct domain *d, *pd, *other;

		node = fdt_node_offset_by_compatible(fdt, node, "xen,evtchn-v1");
		if (node < 0)
			break;
		prop = fdt_getprop(fdt, node, "xen,evtchn", &len);
		peer = prop != NULL && len == 8
			       ? fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(prop[1]))
			       : -1;
		peer_prop = peer >= 0 ? fdt_getprop(fdt, peer, "xen,evtchn", &len) : NULL;
		d = dom0less_domain_of_node(fdt, fdt_parent_offset(fdt, node));
		pd = peer >= 0 ? dom0less_domain_of_node(fdt, fdt_parent_offset(fdt, peer)) : NULL;
		if (d != self && pd != self)
			continue;
		if (peer_prop == NULL || len != 8 || d == NULL || pd == NULL) {
			pr_warn("dom0less: static event channel %s: no running peer with a "
				"xen,evtchn of its own\n",
				fdt_get_name(fdt, node, NULL));
			continue;
		}
		/* The other end binds it when it connects, if it has not yet. */
		other = d == self ? pd : d;
		if (other != self && !other->pv->static_evtchns_connected)
			continue;
		/* Each pair appears twice (once from each end): bind it from the lower id. */
		if (d->id > pd->id ||
		    (d == pd && fdt32_to_cpu(prop[0]) > fdt32_to_cpu(peer_prop[0])))
			continue;
		bind_pair(d, fdt32_to_cpu(prop[0]), pd, fdt32_to_cpu(peer_prop[0]));
	}
	self->pv->static_evtchns_connected = true;
}
