// SPDX-License-Identifier: Apache-2.0
/*
 * The Xen hypercall interface for test guests (rt/hypercall.h): the raw call, wrappers by
 * name, the shared_info page and the event-channel upcall with per-port handlers (2-level
 * ABI, as Xen's public event_channel.h and xen.h describe it).
 */
#include <libfdt.h>
#include <tessera/fdt_util.h>

#include "runtime.h"

_Static_assert(XEN_HYPERCALL_TAG == 0xea1, "the immediate below");

#define UPCALL_INTID_DEFAULT 31 /* PPI 15: Xen's and Tessera's GUEST_EVTCHN_PPI */

struct port_slot {
	evtchn_handler_t fn;
	void *arg;
};

/* The page the shared_info is placed over: the RAM behind it is given back, so nothing else
 * may live in it (it is exactly one page, page-aligned). */
static uint8_t shared_page[4096] __aligned(4096);
static struct shared_info *shared;
static struct vcpu_info *vcpu_infos[RT_MAX_CPUS];
static struct port_slot port_slots[EVTCHN_2L_NR_CHANNELS];
static struct xen_upcall_stats stats;
static unsigned int upcall_intid;
static bool upcall_registered;

int64_t xen_hypercall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4)
{
	register uint64_t x0 __asm__("x0") = a0;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = a4;
	register uint64_t x16 __asm__("x16") = nr;

	/* x1-x4 (and x16) may come back changed: Xen's debug builds clobber them. */
	__asm__ volatile("hvc #0xea1"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x16)
			 :
			 : "memory");
	return (int64_t)x0;
}

bool xen_present(void)
{
	return rt_platform.fdt != NULL &&
	       fdt_node_offset_by_compatible(rt_platform.fdt, -1, "xen,xen") >= 0;
}

int64_t xen_version(uint64_t cmd, uint64_t arg)
{
	return xen_hypercall(__HYPERVISOR_xen_version, cmd, arg, 0, 0, 0);
}

int64_t xen_memory_op(uint64_t cmd, uint64_t arg)
{
	return xen_hypercall(__HYPERVISOR_memory_op, cmd, arg, 0, 0, 0);
}

int64_t xen_multicall(uint64_t entries, uint64_t count)
{
	return xen_hypercall(__HYPERVISOR_multicall, entries, count, 0, 0, 0);
}

int64_t xen_console_io(uint64_t cmd, uint64_t count, uint64_t buf)
{
	return xen_hypercall(__HYPERVISOR_console_io, cmd, count, buf, 0, 0);
}

int64_t xen_grant_table_op(uint64_t cmd, uint64_t arg, uint64_t count)
{
	return xen_hypercall(__HYPERVISOR_grant_table_op, cmd, arg, count, 0, 0);
}

int64_t xen_vm_assist(uint64_t cmd, uint64_t type)
{
	return xen_hypercall(__HYPERVISOR_vm_assist, cmd, type, 0, 0, 0);
}

int64_t xen_vcpu_op(uint64_t cmd, uint64_t vcpu, uint64_t arg)
{
	return xen_hypercall(__HYPERVISOR_vcpu_op, cmd, vcpu, arg, 0, 0);
}

int64_t xen_sched_op(uint64_t cmd, uint64_t arg)
{
	return xen_hypercall(__HYPERVISOR_sched_op, cmd, arg, 0, 0, 0);
}

int64_t xen_event_channel_op(uint64_t cmd, uint64_t arg)
{
	return xen_hypercall(__HYPERVISOR_event_channel_op, cmd, arg, 0, 0, 0);
}

int64_t xen_hvm_op(uint64_t cmd, uint64_t arg)
{
	return xen_hypercall(__HYPERVISOR_hvm_op, cmd, arg, 0, 0, 0);
}

/* ---------------------------------------------------------------- event channels */

int64_t evtchn_alloc_unbound(domid_t remote_dom, evtchn_port_t *port)
{
	struct evtchn_alloc_unbound op = { .dom = DOMID_SELF, .remote_dom = remote_dom };
	int64_t ret = xen_event_channel_op(EVTCHNOP_alloc_unbound, (uintptr_t)&op);

	if (ret == 0 && port != NULL)
		*port = op.port;
	return ret;
}

int64_t evtchn_bind_interdomain(domid_t remote_dom, evtchn_port_t remote_port,
				evtchn_port_t *local_port)
{
	struct evtchn_bind_interdomain op = { .remote_dom = remote_dom,
					      .remote_port = remote_port };
	int64_t ret = xen_event_channel_op(EVTCHNOP_bind_interdomain, (uintptr_t)&op);

	if (ret == 0 && local_port != NULL)
		*local_port = op.local_port;
	return ret;
}

static int64_t port_op(uint64_t cmd, evtchn_port_t port)
{
	struct evtchn_port_op op = { .port = port };

	return xen_event_channel_op(cmd, (uintptr_t)&op);
}

int64_t evtchn_send(evtchn_port_t port)
{
	return port_op(EVTCHNOP_send, port);
}

int64_t evtchn_close(evtchn_port_t port)
{
	return port_op(EVTCHNOP_close, port);
}

int64_t evtchn_unmask(evtchn_port_t port)
{
	return port_op(EVTCHNOP_unmask, port);
}

int64_t evtchn_status(evtchn_port_t port, struct evtchn_status *st)
{
	memset(st, 0, sizeof(*st));
	st->dom = DOMID_SELF;
	st->port = port;
	return xen_event_channel_op(EVTCHNOP_status, (uintptr_t)st);
}

int64_t xen_hvm_get_param(uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };
	int64_t ret = xen_hvm_op(HVMOP_get_param, (uintptr_t)&p);

	if (ret == 0 && value != NULL)
		*value = p.value;
	return ret;
}

int64_t xen_reservation(uint64_t cmd, const uint64_t *gfns, uint64_t n)
{
	struct xen_memory_reservation r = { .extent_start = (uintptr_t)gfns,
					    .nr_extents = n,
					    .domid = DOMID_SELF };

	return xen_memory_op(cmd, (uintptr_t)&r);
}

/* ---------------------------------------------------------------- shared_info, vcpu_info */

int64_t xen_place_page(uint32_t space, uint64_t idx, void *page, int64_t *err)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF,
		.space = space,
		.idx = idx,
		.gpfn = (uintptr_t)page >> 12,
	};
	int64_t ret = xen_memory_op(XENMEM_add_to_physmap, (uintptr_t)&xatp);

	if (err != NULL)
		*err = ret;
	/* The page changed under us: nothing cached from before may be used. */
	if (ret == 0)
		__asm__ volatile("dsb ish\n\tisb" ::: "memory");
	return ret;
}

struct shared_info *xen_map_shared_info(int64_t *err)
{
	if (shared != NULL)
		return shared;
	if (xen_place_page(XENMAPSPACE_shared_info, 0, shared_page, err) < 0)
		return NULL;
	shared = (struct shared_info *)shared_page;
	if (vcpu_infos[0] == NULL)
		vcpu_infos[0] = &shared->vcpu_info[0];
	return shared;
}

struct shared_info *xen_shared_info(void)
{
	return shared;
}

struct vcpu_info *xen_vcpu_info(unsigned int cpu)
{
	return cpu < RT_MAX_CPUS ? READ_ONCE(vcpu_infos[cpu]) : NULL;
}

int64_t xen_register_vcpu_info(unsigned int cpu, struct vcpu_info *where)
{
	uintptr_t a = (uintptr_t)where;
	struct vcpu_register_vcpu_info op = { .mfn = a >> 12, .offset = (uint32_t)(a & 0xfff) };
	int64_t ret;

	if (cpu >= RT_MAX_CPUS)
		return -EINVAL;
	ret = xen_vcpu_op(VCPUOP_register_vcpu_info, cpu, (uintptr_t)&op);
	if (ret == 0)
		WRITE_ONCE(vcpu_infos[cpu], where);
	return ret;
}

bool evtchn_is_pending(evtchn_port_t port)
{
	if (shared == NULL || port >= EVTCHN_2L_NR_CHANNELS)
		return false;
	return (__atomic_load_n(&shared->evtchn_pending[port / 64], __ATOMIC_ACQUIRE) >>
		(port % 64)) &
	       1;
}

void evtchn_clear_pending(evtchn_port_t port)
{
	if (shared != NULL && port < EVTCHN_2L_NR_CHANNELS)
		__atomic_fetch_and(&shared->evtchn_pending[port / 64], ~(1ULL << (port % 64)),
				   __ATOMIC_SEQ_CST);
}

void evtchn_mask(evtchn_port_t port)
{
	if (shared != NULL && port < EVTCHN_2L_NR_CHANNELS)
		__atomic_fetch_or(&shared->evtchn_mask[port / 64], 1ULL << (port % 64),
				  __ATOMIC_SEQ_CST);
}

/* ---------------------------------------------------------------- the upcall */

static void dispatch_word(unsigned int word)
{
	uint64_t pend = __atomic_load_n(&shared->evtchn_pending[word], __ATOMIC_ACQUIRE) &
			~__atomic_load_n(&shared->evtchn_mask[word], __ATOMIC_ACQUIRE);

	while (pend != 0) {
		unsigned int bit = (unsigned int)__builtin_ctzll(pend);
		evtchn_port_t port = word * 64 + bit;
		evtchn_handler_t fn = READ_ONCE(port_slots[port].fn);

		pend &= pend - 1;
		/* Cleared before the handler runs, so an event sent meanwhile is not lost. */
		__atomic_fetch_and(&shared->evtchn_pending[word], ~(1ULL << bit), __ATOMIC_SEQ_CST);
		if (fn != NULL) {
			stats.events++;
			fn(port, port_slots[port].arg);
		} else {
			stats.unhandled++;
		}
	}
}

static void upcall(unsigned int intid, void *arg)
{
	struct vcpu_info *vi = xen_vcpu_info(cpu_id());

	(void)intid;
	(void)arg;
	stats.upcalls++;
	if (vi == NULL || shared == NULL)
		return;
	/* 2-level ABI: clear the flag, take the selector, scan the words it names; again if
	 * the flag was set meanwhile. */
	while (__atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_ACQUIRE)) {
		uint64_t sel;

		__atomic_store_n(&vi->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
		sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
		while (sel != 0) {
			unsigned int word = (unsigned int)__builtin_ctzll(sel);

			sel &= sel - 1;
			dispatch_word(word);
		}
	}
}

/* The /hypervisor node's interrupt (Xen's binding: one GIC PPI), else INTID 31. */
static unsigned int find_upcall_intid(void)
{
	const void *fdt = rt_platform.fdt;
	int node = fdt_node_offset_by_compatible(fdt, -1, "xen,xen");
	unsigned int intid;

	if (node < 0 || fdt_gic_irq_get(fdt, node, 0, FDT_GIC_INTERRUPT_CELLS, &intid) < 0 ||
	    intid >= IRQ_SPI_BASE)
		return UPCALL_INTID_DEFAULT;
	return intid;
}

unsigned int xen_upcall_intid(void)
{
	if (upcall_intid == 0)
		upcall_intid = find_upcall_intid();
	return upcall_intid;
}

int xen_upcall_init(uint8_t prio)
{
	int64_t err = 0;
	unsigned int intid = xen_upcall_intid();

	if (xen_map_shared_info(&err) == NULL)
		return (int)err;
	if (!upcall_registered) {
		irq_register(intid, upcall, NULL);
		upcall_registered = true;
	}
	irq_set_priority(intid, prio);
	irq_enable(intid);
	return 0;
}

int evtchn_set_handler(evtchn_port_t port, evtchn_handler_t fn, void *arg)
{
	uint64_t flags;

	if (port == 0 || port >= EVTCHN_2L_NR_CHANNELS)
		return -EINVAL;
	flags = irq_save_local();
	port_slots[port].arg = arg;
	WRITE_ONCE(port_slots[port].fn, fn);
	irq_restore_local(flags);
	return 0;
}

void xen_upcall_stats(struct xen_upcall_stats *out)
{
	uint64_t flags = irq_save_local();

	*out = stats;
	irq_restore_local(flags);
}
