/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The event-channel state machine, portable: it knows ports, channels, the 2-level and FIFO
 * ABIs' shared words, and nothing of arm64, EL2, struct domain or page tables. What it needs
 * from the rest of Tessera (finding a domain, its lock, a guest page, waking a vCPU) is the
 * small evtchn_env_* interface below: event_channel.c implements it on the target, the unit
 * tests (tests/unit/test_evtchn*.c) on the host.
 */
#ifndef PV_EVTCHN_H
#define PV_EVTCHN_H

#include <public/event_channel_fifo.h>
#include <public/xen.h>
#include <tessera/types.h>

#define EVTCHN_PORTS	 1024 /* of the 2-level ABI's 4096: plenty for a dom0less guest */
#define EVTCHN_MAX_VCPUS 8
/* Event-array pages a FIFO domain may register: enough words for every port, no more. */
#define EVTCHN_FIFO_PAGES \
	((EVTCHN_PORTS + EVTCHN_FIFO_WORDS_PER_PAGE - 1) / EVTCHN_FIFO_WORDS_PER_PAGE)
#define EVTCHN_POLL_NONE 0U
#define EVTCHN_POLL_MANY 0xffffffffU /* polling several ports: any new event wakes it */

enum evtchn_state {
	ECS_FREE = 0,
	ECS_UNBOUND,	 /* allocated, waiting for remote_dom to bind */
	ECS_INTERDOMAIN, /* connected to remote_dom:remote_port */
	ECS_VIRQ,	 /* raised by Tessera for a virtual IRQ */
	ECS_INTERNAL,	 /* the other end is Tessera itself (the PV console) */
};

struct evtchn {
	enum evtchn_state state : 8; /* a byte: the table is 8 bytes a port */
	uint8_t notify_vcpu;
	uint16_t remote_dom;
	uint16_t remote_port; /* ECS_INTERDOMAIN; the virq for ECS_VIRQ */
	/* FIFO: this port's priority, and the queue (vCPU, priority) it was last linked on,
	 * whose tail may still name it (design v3, "Moving events between queues"). */
	unsigned int priority : 4;
	unsigned int last_priority : 4;
	unsigned int last_vcpu : 7;
	/* FIFO: raised while its event word had no page yet; raised again when it gets one. */
	unsigned int early_pending : 1;
};

_Static_assert(sizeof(struct evtchn) == 8, "the port table is 8 bytes a port");

struct evtchn_vcpu {
	struct evtchn_fifo_control_block *fifo_cb; /* NULL until EVTCHNOP_init_control */
	/* The last port linked on each queue: Tessera's own copy, the guest never sees it. */
	uint16_t fifo_tail[EVTCHN_FIFO_MAX_QUEUES];
	evtchn_port_t virq_port[NR_VIRQS];
	/* SCHEDOP_poll: the one port polled, EVTCHN_POLL_MANY, or EVTCHN_POLL_NONE (atomic). */
	uint32_t poll_port;
};

/* One domain's event channels; embedded in its PV state. */
struct evtchn_domain {
	unsigned int id;
	unsigned int nr_vcpus;
	struct evtchn *port;	    /* EVTCHN_PORTS entries; NULL: no event channels */
	struct shared_info *shared; /* the 2-level ABI's pending and mask bitmaps */
	bool fifo;		    /* switched to the FIFO ABI */
	unsigned int fifo_words;    /* event words in the mapped array pages */
	event_word_t *fifo_array[EVTCHN_FIFO_PAGES];
	struct evtchn_vcpu vcpu[EVTCHN_MAX_VCPUS];
};

/* ---- provided by the rest of Tessera (or by a unit test) ---- */
/* A domain that is running with event channels, or NULL; with a reference held until
 * evtchn_env_put, so that it is not freed under the caller. */
struct evtchn_domain *evtchn_env_domain(unsigned int domid);
void evtchn_env_put(struct evtchn_domain *ed);
/* ed's event-channel lock, taken with IRQs masked; nests (pairs are taken in id order). */
uint64_t evtchn_env_lock(struct evtchn_domain *ed);
void evtchn_env_unlock(struct evtchn_domain *ed, uint64_t flags);
/* Where vCPU vcpu's vcpu_info is (it moves with VCPUOP_register_vcpu_info), or NULL. */
struct vcpu_info *evtchn_env_vcpu_info(struct evtchn_domain *ed, unsigned int vcpu);
/* Wakes vCPU vcpu of ed (blocked or polling) and makes it look at its upcall. */
void evtchn_env_wake(struct evtchn_domain *ed, unsigned int vcpu);
/* A page of ed's own RAM by guest frame number, or NULL: Tessera's pointer to it. */
void *evtchn_env_map_page(struct evtchn_domain *ed, uint64_t gfn);
/* The guest notified Tessera's end of an internal channel (the PV console). */
void evtchn_env_internal_notified(struct evtchn_domain *ed, evtchn_port_t port);

/* ---- the hypercalls, arguments already copied from the guest ---- */
int evtchn_alloc_unbound(struct evtchn_domain *ed, domid_t remote_dom, evtchn_port_t *port);
int evtchn_bind_interdomain(struct evtchn_domain *ed, domid_t remote_dom, evtchn_port_t remote_port,
			    evtchn_port_t *local_port);
int evtchn_bind_virq(struct evtchn_domain *ed, uint32_t virq, uint32_t vcpu, evtchn_port_t *port);
int evtchn_close(struct evtchn_domain *ed, evtchn_port_t port);
int evtchn_status(struct evtchn_domain *ed, struct evtchn_status *st);
int evtchn_bind_vcpu(struct evtchn_domain *ed, evtchn_port_t port, uint32_t vcpu);
int evtchn_send(struct evtchn_domain *ed, evtchn_port_t port);
int evtchn_unmask(struct evtchn_domain *ed, evtchn_port_t port);
int evtchn_reset(struct evtchn_domain *ed);
int evtchn_fifo_init_control(struct evtchn_domain *ed, struct evtchn_init_control *op);
int evtchn_fifo_expand_array(struct evtchn_domain *ed, uint64_t gfn);
int evtchn_set_priority(struct evtchn_domain *ed, evtchn_port_t port, uint32_t priority);

/* ---- for the rest of Tessera ---- */
/* Marks port pending in ed (by the ABI ed uses) and notifies its vCPU unless masked. */
void evtchn_raise(struct evtchn_domain *ed, evtchn_port_t port);
bool evtchn_is_pending(struct evtchn_domain *ed, evtchn_port_t port);
/* SCHEDOP_poll: true if one of ports is pending already; otherwise vCPU vcpu is marked as
 * polling them (until evtchn_poll_end) and a raise of one wakes it. Ports are checked. */
int evtchn_poll_begin(struct evtchn_domain *ed, unsigned int vcpu, const evtchn_port_t *ports,
		      unsigned int n, bool *pending);
/* Was vcpu still polling (not woken by one of its ports)? Stops polling either way. */
bool evtchn_poll_end(struct evtchn_domain *ed, unsigned int vcpu);
/* Connects ed:port and peer:peer_port (static event channels, before the domains run). */
int evtchn_connect_static(struct evtchn_domain *ed, evtchn_port_t port, struct evtchn_domain *peer,
			  evtchn_port_t peer_port);
/* ed is dying: its peers' ends go back to unbound; every guest page is forgotten. */
void evtchn_teardown(struct evtchn_domain *ed);
/* Does the FIFO state point into the guest page at Tessera address page? (Then the guest
 * may not give that page away: memory_op must refuse, as for a registered vcpu_info.) */
bool evtchn_page_in_use(const struct evtchn_domain *ed, const void *page);

/* ---- between the ABI files ---- */
bool evtchn_port_valid(const struct evtchn_domain *ed, evtchn_port_t port);
/* Sets the upcall flag of vcpu's vcpu_info and wakes it if the flag was clear. */
void evtchn_notify_vcpu(struct evtchn_domain *ed, unsigned int vcpu);
void evtchn_poll_check(struct evtchn_domain *ed, evtchn_port_t port);
void evtchn_2l_raise(struct evtchn_domain *ed, evtchn_port_t port);
void evtchn_2l_unmask(struct evtchn_domain *ed, evtchn_port_t port);
bool evtchn_2l_is_pending(const struct evtchn_domain *ed, evtchn_port_t port);
void evtchn_fifo_raise(struct evtchn_domain *ed, evtchn_port_t port);
void evtchn_fifo_unmask(struct evtchn_domain *ed, evtchn_port_t port);
bool evtchn_fifo_is_pending(struct evtchn_domain *ed, evtchn_port_t port);
/* A port is (re)bound: default priority, no stale queue (ed locked). */
void evtchn_fifo_port_init(struct evtchn_domain *ed, evtchn_port_t port);
/* Back to 2-level: every FIFO page is forgotten (ed locked). */
void evtchn_fifo_teardown(struct evtchn_domain *ed);

#endif
