/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The rest of Tessera as the event-channel state machine sees it (pv/evtchn.h evtchn_env_*),
 * faked for host tests: domains 1..FAKE_DOMS-1 with their shared_info, vcpu_info and a few
 * pages of "guest RAM" (gfn 0..FAKE_RAM_PAGES-1); wake-ups, lock use and domain references are
 * counted.
 */
#ifndef EVTCHN_FAKE_ENV_H
#define EVTCHN_FAKE_ENV_H

#include <pv/evtchn.h>

#define FAKE_DOMS      4
#define FAKE_RAM_PAGES 4

struct fake_dom {
	struct evtchn_domain ed;
	struct evtchn ports[EVTCHN_PORTS];
	struct shared_info shared;
	struct vcpu_info vi[EVTCHN_MAX_VCPUS];
	bool alive;
	unsigned int locked;
	unsigned int refs; /* evtchn_env_domain references not yet put */
	unsigned int wakes[EVTCHN_MAX_VCPUS];
	unsigned int internal_notified;
	bool guarded; /* ram is inaccessible while the domain's lock is not held */
	_Alignas(4096) uint8_t ram[FAKE_RAM_PAGES][4096];
};

extern struct fake_dom fake[FAKE_DOMS];

/* Every domain alive, with nr_vcpus vCPUs and fresh state; port 1 is Tessera's console. */
void fake_reset(unsigned int nr_vcpus);
/* A cmocka teardown: fails (non-zero) when a domain reference was taken and never put. */
int fake_no_refs_held(void **state);
/* From now on (on) or no longer, d's "guest RAM" can be touched only while d's event-channel
 * lock is held: any other access faults (a FIFO page reached outside the lock). */
void fake_guard_ram(unsigned int d, bool on);
/* Wake-ups counted so far for vcpu of domain d, then cleared. */
unsigned int fake_take_wakes(unsigned int d, unsigned int vcpu);

#endif
