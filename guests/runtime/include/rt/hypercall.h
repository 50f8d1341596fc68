/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Xen guest interface as a test guest calls it (Xen's Arm ABI, hyp/include/public/xen.h):
 * HVC #0xEA1 with the number in x16, arguments in x0-x4, the result in x0. Pointers passed
 * to hypercalls are guest virtual addresses; the runtime's identity map makes them equal to
 * the intermediate physical addresses. Only meaningful in a domain with xen,enhanced (the
 * device tree has a /hypervisor node compatible "xen,xen"): elsewhere HVC #0xEA1 is UNDEFINED.
 *
 * Event channels use the 2-level ABI: the pending and mask bitmaps in shared_info, the
 * selector word and upcall flag in each vCPU's vcpu_info; the upcall is a level PPI (the
 * /hypervisor node's interrupt, INTID 31 on Xen and Tessera) while evtchn_upcall_pending is
 * set. xen_upcall_init() takes that PPI and calls a handler per port.
 */
#ifndef RT_HYPERCALL_H
#define RT_HYPERCALL_H

#include <public/xen.h>
#include <stdbool.h>
#include <stdint.h>

/* One hypercall, raw: the value the hypervisor left in x0 (a negative errno on error). */
int64_t xen_hypercall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4);

/* Is there a Xen interface: a "xen,xen" node in the device tree? */
bool xen_present(void);

/* The hypercalls by name; `arg` is a guest pointer (any address: tests pass bad ones). */
int64_t xen_version(uint64_t cmd, uint64_t arg);
int64_t xen_memory_op(uint64_t cmd, uint64_t arg);
int64_t xen_multicall(uint64_t entries, uint64_t count);
int64_t xen_console_io(uint64_t cmd, uint64_t count, uint64_t buf);
int64_t xen_grant_table_op(uint64_t cmd, uint64_t arg, uint64_t count);
int64_t xen_vm_assist(uint64_t cmd, uint64_t type);
int64_t xen_vcpu_op(uint64_t cmd, uint64_t vcpu, uint64_t arg);
int64_t xen_sched_op(uint64_t cmd, uint64_t arg);
int64_t xen_event_channel_op(uint64_t cmd, uint64_t arg);
int64_t xen_hvm_op(uint64_t cmd, uint64_t arg);

/* Event-channel operations on the caller's own ports (0 or a negative errno). */
int64_t evtchn_alloc_unbound(domid_t remote_dom, evtchn_port_t *port);
int64_t evtchn_bind_interdomain(domid_t remote_dom, evtchn_port_t remote_port,
				evtchn_port_t *local_port);
int64_t evtchn_send(evtchn_port_t port);
int64_t evtchn_close(evtchn_port_t port);
int64_t evtchn_unmask(evtchn_port_t port);
/* EVTCHNOP_status of one of our ports: fills *st (EVTCHNSTAT_*). */
int64_t evtchn_status(evtchn_port_t port, struct evtchn_status *st);

/* XENMEM_decrease_reservation or populate_physmap of n single pages at guest frames gfns[]
 * for this domain: the number of pages done (Xen stops at the first it cannot do). */
int64_t xen_reservation(uint64_t cmd, const uint64_t *gfns, uint64_t n);

/* hvm_op get_param for this domain. */
int64_t xen_hvm_get_param(uint32_t index, uint64_t *value);

/*
 * Places the shared_info page at the runtime's own page-aligned page (in .bss; the RAM page
 * that was there goes back to the hypervisor) with XENMEM_add_to_physmap. Returns it, or
 * NULL (the error in *err when err is not NULL). Idempotent.
 */
struct shared_info *xen_map_shared_info(int64_t *err);
struct shared_info *xen_shared_info(void); /* NULL until mapped */

/* vcpu_info of logical CPU `cpu`: in shared_info for CPU 0, or where it was registered. */
struct vcpu_info *xen_vcpu_info(unsigned int cpu);

/* VCPUOP_register_vcpu_info for CPU `cpu` at `where` (in RAM, 8-byte aligned, within a
 * page); on success the upcall handler uses it from then on. */
int64_t xen_register_vcpu_info(unsigned int cpu, struct vcpu_info *where);

/* 2-level bitmaps in shared_info (atomic). */
bool evtchn_is_pending(evtchn_port_t port);
void evtchn_clear_pending(evtchn_port_t port);
void evtchn_mask(evtchn_port_t port);

/*
 * The upcall: maps shared_info if needed, registers the handler on the /hypervisor node's
 * PPI (INTID 31 when the node names none) and enables it on the calling CPU, at priority
 * prio. Every pending, unmasked port with a handler has its pending bit cleared, then its
 * handler called (in the IRQ handler, IRQs masked); pending ports without one are cleared
 * and counted. Returns 0 or a negative errno.
 */
typedef void (*evtchn_handler_t)(evtchn_port_t port, void *arg);
int xen_upcall_init(uint8_t prio);
unsigned int xen_upcall_intid(void);
int evtchn_set_handler(evtchn_port_t port, evtchn_handler_t fn, void *arg);

/*
 * The event-channel set-up every Xen test guest does: shared_info placed, fn installed on
 * port (none when port is 0), the upcall taken on this CPU at the default priority. A
 * failure prints "FAIL: <who>: ..." and answers -1.
 */
int xen_events_setup(const char *who, evtchn_port_t port, evtchn_handler_t fn, void *arg);

/*
 * Waiting for events: a periodic virtual-timer tick (tick_start) wakes every WFI, so an
 * event whose wake-up was lost costs one tick, not a hang. wait_count sleeps (WFI, or
 * SCHEDOP_block with block) with IRQs masked between the check and the sleep, as a kernel
 * does, until *counter reaches want or us pass: true when it did.
 */
void tick_start(uint64_t period_us);
uint64_t tick_count(void);
bool wait_count(volatile uint64_t *counter, uint64_t want, uint64_t us, bool block);

/*
 * Grant tables, version 1 (Xen public grant_table.h). xen_grant_table places this domain's
 * grant frame 0 (refs 0-511) at a page of the runtime's .bss and returns it (NULL, and the
 * error in *err, on failure). xen_grant_access fills entry ref for domain dom and guest
 * frame gfn, flags last (the granter's protocol). xen_grant_map/unmap: GNTTABOP_map_grant_ref
 * at guest physical address addr (answers the op's status, negative on failure) and its undo.
 */
struct grant_entry_v1 *xen_grant_table(int64_t *err);
void xen_grant_access(grant_ref_t ref, domid_t dom, uint64_t gfn, bool readonly);
int64_t xen_grant_map(domid_t dom, grant_ref_t ref, uint64_t addr, bool readonly,
		      grant_handle_t *handle);
int64_t xen_grant_unmap(uint64_t addr, grant_handle_t handle);

struct xen_upcall_stats {
	uint64_t upcalls;   /* times the upcall handler ran */
	uint64_t events;    /* ports handled by a handler */
	uint64_t unhandled; /* pending ports nobody handles (cleared) */
};
void xen_upcall_stats(struct xen_upcall_stats *out);

#endif
