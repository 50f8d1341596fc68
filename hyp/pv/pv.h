/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Xen-compatible paravirtual interface: per-domain and per-vCPU state, and the calls
 * the rest of Tessera makes into it. Offered to domains with xen,enhanced.
 */
#ifndef PV_PV_H
#define PV_PV_H

#include <asm/spinlock.h>
#include <public/xen.h>
#include <tessera/timer.h>
#include <tessera/types.h>
#include <tessera/console_budget.h>
#include <pv/evtchn.h>
#include <pv/grant_state.h>

#define PV_EVTCHN_PORTS	 EVTCHN_PORTS
#define PV_GNTTAB_FRAMES GNTTAB_FRAMES
#define PV_CONSOLE_PORT	 1   /* the PV console's channel, bound to Tessera's backend */
#define PV_WATCHDOGS	 2   /* per domain, as Xen's NR_DOMAIN_WATCHDOG_TIMERS */
#define PV_XENSTORE_PORT 2   /* xen,enhanced "enabled": unbound, for domain 0 (hvm_op.c) */
#define PV_CONSOLE_IO_IN 256 /* console input kept for CONSOLEIO_read (a power of two) */

struct domain;
struct vcpu;

struct pv_domain {
	struct domain *domain; /* whose state this is */
	bool enabled;
	struct shared_info *shared;
	paddr_t shared_pa;
	struct evtchn_domain ev; /* event channels (pv/evtchn.h) */
	spinlock_t lock;	 /* event channels, and the guest pages they point into */
	struct xencons_interface *cons;
	paddr_t cons_pa;
	paddr_t gnttab_pa[PV_GNTTAB_FRAMES];
	struct gnttab gnttab; /* its maptrack: GNTTAB_MAPTRACK entries, MAPTRACK_ORDER pages */
	uint64_t callback_irq;
	bool xenstore;		  /* announced: xen,enhanced = "enabled" (or no value) */
	uint64_t ballooned_pages; /* RAM pages given back, which populate_physmap may refill */
	uint64_t watchdog_deadline[PV_WATCHDOGS]; /* counter value; 0: free (watchdog.c) */
	uint8_t watchdog_cpu[PV_WATCHDOGS];	  /* the pCPU whose tick checks it (watchdog.c) */
	uint16_t shutdown_code;			  /* the first recorded reason + 1; 0: none */
	bool runstate_update_flag;
	bool static_evtchns_connected; /* its static event channels were read (evtchn_static.c) */
	/* console_io (console.c): input for CONSOLEIO_read, kept only once the domain has read
	 * with it, and the budget of its writes. Under console_lock (IRQs masked: input arrives
	 * by interrupt). */
	spinlock_t console_lock;
	char console_in[PV_CONSOLE_IO_IN];
	uint32_t console_in_prod, console_in_cons;
	bool console_io_reader;
	struct console_budget console_budget;
};

struct pv_vcpu {
	struct vcpu_info *info; /* where this vCPU's vcpu_info lives (hypervisor mapping) */
	bool info_registered;
	paddr_t runstate_ipa; /* 0: none registered */
	struct vcpu_runstate_info runstate;
	struct timer poll_timer; /* SCHEDOP_poll's timeout, on this vCPU's pCPU */
	/* The hypercall in hand (hypercall.c): the work it may still do in this trap, and,
	 * when it stopped early to be executed again, its first continue_nargs arguments
	 * for then (0: it did not stop). */
	uint32_t work_left;
	unsigned int continue_nargs;
	uint64_t continue_args[5];
};

/* Domain lifetime (for xen,enhanced domains; no-ops otherwise). */
int pv_domain_init(struct domain *d, const char **why);
void pv_domain_destroy(struct domain *d);
void pv_vcpu_init(struct vcpu *v);
/* v leaves its pCPU for good (its domain dies): its timers go. */
void pv_vcpu_leave(struct vcpu *v);

/* HVC #0xEA1: one hypercall from v. */
void hypercall_dispatch(struct vcpu *v);

/* Before entering v: make the event-channel PPI follow evtchn_upcall_pending. */
void pv_update_upcall(struct vcpu *v);
/* v's runstate changed (running, blocked, offline). */
void pv_runstate_change(struct vcpu *v, int state);

/* Event channels. */
void evtchn_set_pending(struct domain *d, evtchn_port_t port);
/* d is dying: its peers' ends of interdomain channels become unbound again, and every guest
 * page the FIFO ABI pointed into is forgotten. */
void evtchn_domain_teardown(struct domain *d);
/* Does an event channel point into d's RAM page at machine address pa? With d->pv->lock held.
 * A page that does must not be given away (memory_op). */
bool evtchn_page_pinned_locked(struct domain *d, paddr_t pa);
/* Binds the static event channels between self and the domains already connected (at boot,
 * or after self was rebuilt). */
void evtchn_static_connect(struct domain *self);
/* Connects d:port and peer:peer_port (static event channels, before the domains run). */
int evtchn_bind_static(struct domain *d, evtchn_port_t port, struct domain *peer,
		       evtchn_port_t peer_port);

/* d is dying: drop what it mapped, and force every mapping of its pages out of the mappers
 * before its memory is freed. */
void gnttab_domain_teardown(struct domain *d);
/* Has some domain mapped granter g's page at machine address pa? With the grant lock held
 * (gnttab_lock_all, IRQs masked). */
bool gnttab_page_mapped_locked(struct domain *g, paddr_t pa);
void gnttab_lock_all(void);
/* add_to_physmap placed d's grant-table frame idx at gfn (grant lock held). */
void gnttab_frame_placed_locked(struct domain *d, unsigned int idx, uint64_t gfn);
void gnttab_unlock_all(void);

/* SCHEDOP_watchdog for d (watchdog.c); pv_watchdog_destroy before d is freed. */
int64_t pv_watchdog_op(struct domain *d, uint32_t id, uint32_t timeout);
void pv_watchdog_destroy(struct domain *d);
/* SCHEDOP_shutdown_code, and a shutdown for Xen's reason (or the recorded code): -EINVAL for
 * an unknown reason. */
void pv_record_shutdown_code(struct domain *d, unsigned int reason);
int pv_domain_shutdown(struct domain *d, unsigned int reason);

/* Console input for the domain (it holds the console): its PV console ring and, once it has
 * used CONSOLEIO_read, console_io's input buffer. */
void pv_console_receive(struct domain *d, char c);

/* Guest virtual memory of v (its stage 1, then stage 2): -EFAULT outside its RAM. */
int copy_from_guest(struct vcpu *v, void *dst, uint64_t gva, size_t len);
int copy_to_guest(struct vcpu *v, uint64_t gva, const void *src, size_t len);

#endif
