// SPDX-License-Identifier: Apache-2.0
/*
 * Per-domain PV state for xen,enhanced domains: the shared_info page, event-channel table,
 * the PV console page (mapped at GUEST_MAGIC_BASE) and the grant-table frames. Pages are
 * Tessera's, shared with the domain, freed with it (free_pages scrubs them).
 */
#include <asm/mmu.h>
#include <public/arch-arm.h>
#include <string.h>
#include <tessera/domain.h>
#include <tessera/domain_ext.h>
#include <tessera/errno.h>
#include <tessera/mm.h>
#include <tessera/printk.h>
#include <virt/vgic.h>
#include <pv/pv.h>

#define EVTCHN_ORDER   1 /* PV_EVTCHN_PORTS * sizeof(struct evtchn) = 8 KiB */
#define MAPTRACK_ORDER 1 /* GNTTAB_MAPTRACK * sizeof(struct gnttab_mapping) = 6 KiB */

_Static_assert(PV_EVTCHN_PORTS * sizeof(struct evtchn) <= (PAGE_SIZE << EVTCHN_ORDER),
	       "event-channel table");
_Static_assert(GNTTAB_MAPTRACK * sizeof(struct gnttab_mapping) <= (PAGE_SIZE << MAPTRACK_ORDER),
	       "maptrack");

static paddr_t zeroed_pages(unsigned int order)
{
	paddr_t pa = alloc_pages(order);

	if (pa != INVALID_PADDR)
		memset(phys_to_virt(pa), 0, PAGE_SIZE << order);
	return pa;
}

static void free_if(paddr_t pa, unsigned int order)
{
	if (pa != 0 && pa != INVALID_PADDR)
		free_pages(pa, order);
}

void pv_domain_destroy(struct domain *d)
{
	struct pv_domain *pv = d->pv;

	pv_watchdog_destroy(d); /* before the tick could look at a freed domain */
	evtchn_domain_teardown(d);
	free_if(pv->shared_pa, 0);
	if (pv->gnttab.maptrack != NULL)
		free_if(virt_to_phys(pv->gnttab.maptrack), MAPTRACK_ORDER);
	free_if(pv->cons_pa, 0);
	if (pv->ev.port != NULL)
		free_if(virt_to_phys(pv->ev.port), EVTCHN_ORDER);
	for (unsigned int i = 0; i < PV_GNTTAB_FRAMES; i++)
		free_if(pv->gnttab_pa[i], 0);
	memset(pv, 0, sizeof(*pv));
	pv->domain = d;
}

int pv_domain_init(struct domain *d, const char **why)
{
	struct pv_domain *pv = d->pv;
	struct grant_entry_v1 *frames[PV_GNTTAB_FRAMES];
	paddr_t evtchn, maptrack;
	bool missing;

	if (d->cfg.enhanced == DOM0LESS_ENHANCED_NONE)
		return 0;
	pv->shared_pa = zeroed_pages(0);
	pv->cons_pa = zeroed_pages(0);
	evtchn = zeroed_pages(EVTCHN_ORDER);
	maptrack = zeroed_pages(MAPTRACK_ORDER);
	for (unsigned int i = 0; i < PV_GNTTAB_FRAMES; i++)
		pv->gnttab_pa[i] = zeroed_pages(0);
	missing = pv->shared_pa == INVALID_PADDR || pv->cons_pa == INVALID_PADDR ||
		  evtchn == INVALID_PADDR || maptrack == INVALID_PADDR;

	for (unsigned int i = 0; i < PV_GNTTAB_FRAMES; i++)
		missing = missing || pv->gnttab_pa[i] == INVALID_PADDR;
	if (missing) {
		if (evtchn != INVALID_PADDR)
			pv->ev.port = phys_to_virt(evtchn);
		if (maptrack != INVALID_PADDR)
			pv->gnttab.maptrack = phys_to_virt(maptrack);
		pv_domain_destroy(d);
		*why = "no memory for its shared pages";
		return -ENOMEM;
	}
	pv->shared = phys_to_virt(pv->shared_pa);
	pv->cons = phys_to_virt(pv->cons_pa);
	pv->ev.port = phys_to_virt(evtchn);
	pv->ev.id = d->id;
	pv->ev.shared = pv->shared;
	for (unsigned int i = 0; i < PV_GNTTAB_FRAMES; i++)
		frames[i] = phys_to_virt(pv->gnttab_pa[i]);
	gnttab_init(&pv->gnttab, (uint16_t)d->id, frames, phys_to_virt(maptrack));
	pv->ev.port[PV_CONSOLE_PORT] = (struct evtchn){ .state = ECS_INTERNAL };
	if (d->cfg.enhanced == DOM0LESS_ENHANCED_FULL) {
		/* Xen 4.17 (arch/arm/domain_build.c, alloc_xenstore_evtchn): a port unbound for
		 * the hardware domain, which init-dom0less later connects. Tessera has no domain
		 * 0, so nobody binds it: the guest waits, as under Xen before init-dom0less. */
		pv->ev.port[PV_XENSTORE_PORT] =
			(struct evtchn){ .state = ECS_UNBOUND, .remote_dom = 0 };
		pv->xenstore = true;
	}
	if (p2m_map(&d->p2m, GUEST_MAGIC_BASE, pv->cons_pa, PAGE_SIZE, P2M_RAM_SHARED) < 0) {
		pv_domain_destroy(d);
		*why = "cannot map its console page";
		return -ENOMEM;
	}
	pv->enabled = true;
	return 0;
}

static void poll_timeout(struct timer *t, void *data)
{
	struct vcpu *v = data;

	(void)t;
	/* Only a vCPU still polling: one woken by an event has gone on already. */
	if (evtchn_poll_end(&v->domain->pv->ev, v->id))
		vcpu_wake(v);
}

void pv_vcpu_init(struct vcpu *v)
{
	struct pv_domain *pv = v->domain->pv;

	memset(v->pv, 0, sizeof(*v->pv));
	v->pv->runstate.state = RUNSTATE_offline;
	timer_setup(&v->pv->poll_timer, poll_timeout, v);
	if (!pv->enabled)
		return;
	if (v->id < XEN_LEGACY_MAX_VCPUS)
		v->pv->info = &pv->shared->vcpu_info[v->id];
	if (v->id >= pv->ev.nr_vcpus)
		pv->ev.nr_vcpus = v->id + 1;
}

void pv_vcpu_leave(struct vcpu *v)
{
	/* On the pCPU that armed it (timers are per pCPU), before the vCPU is freed. */
	timer_cancel(&v->pv->poll_timer);
}

void pv_update_upcall(struct vcpu *v)
{
	const struct vcpu_info *vi = v->pv->info;

	if (!v->domain->pv->enabled)
		return;
	/* Xen's Arm upcall is a level: high while evtchn_upcall_pending is set. */
	vgic_set_level(v->domain, v, GUEST_EVTCHN_PPI,
		       vi != NULL && __atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_ACQUIRE));
}

/* The Xen PV interface as a domain extension (tessera/domain_ext.h). */

static int pv_ext_domain_create(struct domain *d, void *state, const char **why)
{
	d->pv = state;
	d->pv->domain = d;
	return pv_domain_init(d, why);
}

static void pv_ext_domain_destroy(struct domain *d)
{
	/* Nobody may still map this domain's pages when they are freed. */
	gnttab_domain_teardown(d);
	pv_domain_destroy(d);
}

static void pv_ext_domain_connect(struct domain *d)
{
	if (!d->pv->enabled)
		return;
	pr_info("d%u (%s): xen,enhanced: Xen 4.17 guest interface, PV console on port %u%s\n",
		d->id, d->name, PV_CONSOLE_PORT,
		d->pv->xenstore ? ", xenstore announced on port 2, not connected (no "
				  "init-dom0less)"
				: "");
	evtchn_static_connect(d);
}

static void pv_ext_console_input(struct domain *d, char c)
{
	if (d->pv->enabled)
		pv_console_receive(d, c);
}

static bool pv_ext_in_use(const struct domain *d)
{
	return d->pv->enabled;
}

static int pv_ext_vcpu_create(struct vcpu *v, void *state)
{
	v->pv = state;
	pv_vcpu_init(v);
	return 0;
}

static void pv_ext_vcpu_state_change(struct vcpu *v, enum vcpu_state state)
{
	static const int runstate[] = {
		[VCPU_OFFLINE] = RUNSTATE_offline,
		[VCPU_RUNNABLE] = RUNSTATE_running,
		[VCPU_BLOCKED] = RUNSTATE_blocked,
	};

	pv_runstate_change(v, runstate[state]);
}

/* The upcall level follows evtchn_upcall_pending, in guest memory: refreshed, never pending
 * by itself (the vGIC answers for it). */
static bool pv_ext_vcpu_has_pending(struct vcpu *v)
{
	pv_update_upcall(v);
	return false;
}

DOMAIN_EXT(pv, 10) = {
	.name = "xen-pv",
	.domain_state_size = sizeof(struct pv_domain),
	.vcpu_state_size = sizeof(struct pv_vcpu),
	.domain_create = pv_ext_domain_create,
	.domain_destroy = pv_ext_domain_destroy,
	.domain_connect = pv_ext_domain_connect,
	.console_input = pv_ext_console_input,
	.in_use = pv_ext_in_use,
	.vcpu_create = pv_ext_vcpu_create,
	.vcpu_stop = pv_vcpu_leave,
	.vcpu_state_change = pv_ext_vcpu_state_change,
	.before_entry = pv_update_upcall,
	.vcpu_has_pending = pv_ext_vcpu_has_pending,
};
