// SPDX-License-Identifier: Apache-2.0
/* The fake environment of the event-channel unit tests (evtchn_fake_env.h). */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "evtchn_fake_env.h"

struct fake_dom fake[FAKE_DOMS];

static struct fake_dom *of(struct evtchn_domain *ed)
{
	return (struct fake_dom *)((char *)ed - offsetof(struct fake_dom, ed));
}

void fake_reset(unsigned int nr_vcpus)
{
	for (unsigned int i = 0; i < FAKE_DOMS; i++)
		fake_guard_ram(i, false);
	memset(fake, 0, sizeof(fake));
	for (unsigned int i = 1; i < FAKE_DOMS; i++) {
		struct fake_dom *f = &fake[i];

		f->alive = true;
		f->ed.id = i;
		f->ed.nr_vcpus = nr_vcpus;
		f->ed.port = f->ports;
		f->ed.shared = &f->shared;
		f->ports[1].state = ECS_INTERNAL;
	}
}

static void set_ram_access(struct fake_dom *f, bool allowed)
{
	if (mprotect(f->ram, sizeof(f->ram), allowed ? PROT_READ | PROT_WRITE : PROT_NONE) != 0)
		abort();
}

void fake_guard_ram(unsigned int d, bool on)
{
	if (fake[d].guarded != on)
		set_ram_access(&fake[d], !on);
	fake[d].guarded = on;
}

unsigned int fake_take_wakes(unsigned int d, unsigned int vcpu)
{
	unsigned int n = fake[d].wakes[vcpu];

	fake[d].wakes[vcpu] = 0;
	return n;
}

struct evtchn_domain *evtchn_env_domain(unsigned int domid)
{
	if (domid == 0 || domid >= FAKE_DOMS || !fake[domid].alive)
		return NULL;
	fake[domid].refs++;
	return &fake[domid].ed;
}

void evtchn_env_put(struct evtchn_domain *ed)
{
	/* A put without a get would let Tessera free a domain still in use. */
	if (of(ed)->refs-- == 0)
		abort();
}

int fake_no_refs_held(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < FAKE_DOMS; i++) {
		if (fake[i].refs != 0)
			return -1;
	}
	return 0;
}

uint64_t evtchn_env_lock(struct evtchn_domain *ed)
{
	/* A second acquisition of the same lock would deadlock on the target. */
	if (of(ed)->locked++ != 0)
		abort();
	if (of(ed)->guarded)
		set_ram_access(of(ed), true);
	return 0x5a;
}

void evtchn_env_unlock(struct evtchn_domain *ed, uint64_t flags)
{
	if (flags != 0x5a || of(ed)->locked-- != 1)
		abort();
	if (of(ed)->guarded)
		set_ram_access(of(ed), false);
}

struct vcpu_info *evtchn_env_vcpu_info(struct evtchn_domain *ed, unsigned int vcpu)
{
	return vcpu < ed->nr_vcpus ? &of(ed)->vi[vcpu] : NULL;
}

void evtchn_env_wake(struct evtchn_domain *ed, unsigned int vcpu)
{
	if (vcpu >= ed->nr_vcpus)
		abort();
	of(ed)->wakes[vcpu]++;
}

void *evtchn_env_map_page(struct evtchn_domain *ed, uint64_t gfn)
{
	if (of(ed)->locked != 1)
		abort(); /* memory_op's pinning check relies on this lock */
	return gfn < FAKE_RAM_PAGES ? of(ed)->ram[gfn] : NULL;
}

void evtchn_env_internal_notified(struct evtchn_domain *ed, evtchn_port_t port)
{
	(void)port;
	of(ed)->internal_notified++;
}
