/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Xen guest ABI subset Tessera implements, for AArch64 guests, written for Tessera from
 * the documented interface (Xen public headers: xen.h, version.h, features.h, memory.h,
 * vcpu.h, event_channel.h, grant_table.h, sched.h, hvm/params.h, hvm/hvm_op.h,
 * io/console.h). Numbers and layouts are the ABI and must not change; the structure sizes
 * are checked below. Hypercalls: HVC #0xEA1, number in x16, arguments x0-x4, result x0.
 */
#ifndef TESSERA_PUBLIC_XEN_H
#define TESSERA_PUBLIC_XEN_H

#include <stdint.h>

#define XEN_HYPERCALL_TAG 0xea1

/* Hypercall numbers, spelled as in Xen's public headers (deviation D-10). */
/* NOLINTBEGIN(bugprone-reserved-identifier,cert-dcl37-c) */
#define __HYPERVISOR_memory_op	      12
#define __HYPERVISOR_multicall	      13
#define __HYPERVISOR_xen_version      17
#define __HYPERVISOR_console_io	      18
#define __HYPERVISOR_grant_table_op   20
#define __HYPERVISOR_vm_assist	      21
#define __HYPERVISOR_vcpu_op	      24
#define __HYPERVISOR_sched_op	      29
#define __HYPERVISOR_event_channel_op 32
#define __HYPERVISOR_hvm_op	      34
#define XEN_HYPERCALL_MAX	      64
/* NOLINTEND(bugprone-reserved-identifier,cert-dcl37-c) */

typedef uint16_t domid_t;
typedef uint32_t evtchn_port_t;
typedef uint64_t xen_ulong_t; /* 64 bits on Arm, for 32- and 64-bit guests */
typedef uint64_t xen_pfn_t;
#define DOMID_SELF 0x7ff0U

/* xen_version */
#define XENVER_version		   0
#define XENVER_extraversion	   1
#define XENVER_compile_info	   2
#define XENVER_capabilities	   3
#define XENVER_changeset	   4
#define XENVER_platform_parameters 5
#define XENVER_get_features	   6
#define XENVER_pagesize		   7
#define XENVER_guest_handle	   8
#define XENVER_commandline	   9
#define XEN_EXTRAVERSION_LEN	   16
#define XEN_CAPABILITIES_LEN	   1024
#define XEN_CHANGESET_LEN	   64

struct xen_feature_info {
	uint32_t submap_idx;
	uint32_t submap;
};

#define XENFEAT_writable_page_tables	  0
#define XENFEAT_auto_translated_physmap	  2
#define XENFEAT_memory_op_vnode_supported 13
#define XENFEAT_ARM_SMCCC_supported	  14
#define XENFEAT_not_direct_mapped	  16
#define XENFEAT_direct_mapped		  17
#define XENFEAT_NR_SUBMAPS		  1

/* memory_op */
#define XENMEM_increase_reservation  0
#define XENMEM_decrease_reservation  1
#define XENMEM_populate_physmap	     6
#define XENMEM_add_to_physmap	     7
#define XENMEM_add_to_physmap_batch  23
#define XENMAPSPACE_shared_info	     0
#define XENMAPSPACE_grant_table	     1
#define XENMAPSPACE_gmfn	     2
#define XENMAPSPACE_gmfn_range	     3
#define XENMAPIDX_grant_table_status 0x80000000U

struct xen_add_to_physmap {
	domid_t domid;
	uint16_t size;
	uint32_t space;
	xen_ulong_t idx;
	xen_pfn_t gpfn;
};

/* Reservation ops count extents done; a continuation restarts at cmd >> MEMOP_EXTENT_SHIFT. */
#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK	   ((1U << MEMOP_EXTENT_SHIFT) - 1)

struct xen_memory_reservation {
	uint64_t extent_start; /* a guest handle: nr_extents xen_pfn_t */
	xen_ulong_t nr_extents;
	uint32_t extent_order;
	uint32_t mem_flags;
	domid_t domid;
	uint16_t pad[3];
};

struct xen_add_to_physmap_batch {
	domid_t domid;
	uint16_t space;
	uint16_t size;
	uint16_t res0;	/* foreign_domid for XENMAPSPACE_gmfn_foreign, else 0 */
	uint64_t idxs;	/* guest handles: size xen_ulong_t, */
	uint64_t gpfns; /* size xen_pfn_t, */
	uint64_t errs;	/* and size int, written back */
};

/* vcpu_op */
#define VCPUOP_up			     1
#define VCPUOP_down			     2
#define VCPUOP_is_up			     3
#define VCPUOP_get_runstate_info	     4
#define VCPUOP_register_runstate_memory_area 5
#define VCPUOP_register_vcpu_info	     10

struct vcpu_register_vcpu_info {
	uint64_t mfn; /* a guest frame number on auto-translated guests */
	uint32_t offset;
	uint32_t rsvd;
};

#define RUNSTATE_running    0
#define RUNSTATE_runnable   1
#define RUNSTATE_blocked    2
#define RUNSTATE_offline    3
#define XEN_RUNSTATE_UPDATE (1ULL << 63)

struct vcpu_runstate_info {
	int32_t state;
	uint32_t pad;
	uint64_t state_entry_time;
	uint64_t time[4];
};

/* The runstate area is named by a guest virtual address (a handle). */
struct vcpu_register_runstate_memory_area {
	uint64_t addr;
};

/* vm_assist */
#define VMASST_CMD_enable		 0
#define VMASST_CMD_disable		 1
#define VMASST_TYPE_runstate_update_flag 5

/* Shared memory between a guest and the hypervisor. */
struct vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad1[2];
};

struct vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t pad0;
	uint8_t pad1[6];
	xen_ulong_t evtchn_pending_sel;
	struct vcpu_time_info time;
};

#define XEN_LEGACY_MAX_VCPUS  1
#define EVTCHN_2L_NR_CHANNELS (64 * 64)

struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	xen_ulong_t evtchn_pending[64];
	xen_ulong_t evtchn_mask[64];
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
	uint32_t wc_sec_hi;
};

/* event_channel_op */
#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq	  1
#define EVTCHNOP_close		  3
#define EVTCHNOP_send		  4
#define EVTCHNOP_status		  5
#define EVTCHNOP_alloc_unbound	  6
#define EVTCHNOP_bind_vcpu	  8
#define EVTCHNOP_unmask		  9
#define EVTCHNOP_reset		  10
#define EVTCHNOP_init_control	  11
#define EVTCHNOP_expand_array	  12
#define EVTCHNOP_set_priority	  13

#define EVTCHNSTAT_closed      0
#define EVTCHNSTAT_unbound     1
#define EVTCHNSTAT_interdomain 2
#define EVTCHNSTAT_virq	       4

#define VIRQ_TIMER   0
#define VIRQ_DEBUG   1
#define VIRQ_CONSOLE 2
#define NR_VIRQS     24

struct evtchn_alloc_unbound {
	domid_t dom, remote_dom;
	evtchn_port_t port;
};

struct evtchn_bind_interdomain {
	domid_t remote_dom;
	uint16_t pad;
	evtchn_port_t remote_port;
	evtchn_port_t local_port;
};

struct evtchn_bind_virq {
	uint32_t virq;
	uint32_t vcpu;
	evtchn_port_t port;
};

struct evtchn_port_op { /* close, send, unmask */
	evtchn_port_t port;
};

struct evtchn_bind_vcpu {
	evtchn_port_t port;
	uint32_t vcpu;
};

struct evtchn_status {
	domid_t dom;
	uint16_t pad;
	evtchn_port_t port;
	uint32_t status;
	uint32_t vcpu;
	union {
		struct {
			domid_t dom;
		} unbound;
		struct {
			domid_t dom;
			uint16_t pad;
			evtchn_port_t port;
		} interdomain;
		uint32_t virq;
	} u;
};

/* grant_table_op */
#define GNTTABOP_map_grant_ref	 0
#define GNTTABOP_unmap_grant_ref 1
#define GNTTABOP_setup_table	 2
#define GNTTABOP_copy		 5
#define GNTTABOP_query_size	 6
#define GNTTABOP_set_version	 8
#define GNTST_okay		 0

struct gnttab_query_size {
	domid_t dom;
	uint16_t pad;
	uint32_t nr_frames;
	uint32_t max_nr_frames;
	int16_t status;
	uint16_t pad2;
};

struct gnttab_setup_table {
	domid_t dom;
	uint16_t pad;
	uint32_t nr_frames;
	int16_t status;
	uint16_t pad2[3];
	uint64_t frame_list; /* a guest handle: an array of nr_frames xen_pfn_t */
};

struct gnttab_set_version {
	uint32_t version;
};

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;

/* A version-1 grant entry, eight bytes; a grant frame holds 512 of them. */
struct grant_entry_v1 {
	uint16_t flags;
	domid_t domid;
	uint32_t frame; /* the granter's guest frame number */
};

#define GTF_permit_access 1U
#define GTF_type_mask	  3U
#define GTF_readonly	  (1U << 2)
#define GTF_reading	  (1U << 3)
#define GTF_writing	  (1U << 4)

#define GNTMAP_device_map   (1U << 0)
#define GNTMAP_host_map	    (1U << 1)
#define GNTMAP_readonly	    (1U << 2)
#define GNTMAP_contains_pte (1U << 4)

#define GNTCOPY_source_gref (1U << 0)
#define GNTCOPY_dest_gref   (1U << 1)

#define GNTST_general_error	(-1)
#define GNTST_bad_domain	(-2)
#define GNTST_bad_gntref	(-3)
#define GNTST_bad_handle	(-4)
#define GNTST_bad_virt_addr	(-5)
#define GNTST_permission_denied (-8)
#define GNTST_bad_page		(-9)
#define GNTST_bad_copy_arg	(-10)

struct gnttab_map_grant_ref {
	uint64_t host_addr; /* where to map: a guest physical address for Arm guests */
	uint32_t flags;
	grant_ref_t ref;
	domid_t dom;
	int16_t status;
	grant_handle_t handle;
	uint64_t dev_bus_addr;
};

struct gnttab_unmap_grant_ref {
	uint64_t host_addr;
	uint64_t dev_bus_addr;
	grant_handle_t handle;
	int16_t status;
	uint16_t pad;
};

struct gnttab_copy_ptr {
	union {
		grant_ref_t ref;
		xen_pfn_t gmfn;
	} u;
	domid_t domid;
	uint16_t offset;
	uint32_t pad;
};

struct gnttab_copy {
	struct gnttab_copy_ptr source, dest;
	uint16_t len;
	uint16_t flags;
	int16_t status;
	uint16_t pad;
};

/* sched_op */
#define SCHEDOP_yield	       0
#define SCHEDOP_block	       1
#define SCHEDOP_shutdown       2
#define SCHEDOP_poll	       3
#define SCHEDOP_shutdown_code  5
#define SCHEDOP_watchdog       6
#define SHUTDOWN_poweroff      0
#define SHUTDOWN_reboot	       1
#define SHUTDOWN_suspend       2
#define SHUTDOWN_crash	       3
#define SHUTDOWN_watchdog      4
#define SCHEDOP_POLL_MAX_PORTS 128 /* Xen's limit on sched_poll.nr_ports */

/* SCHEDOP_poll: ports is a guest handle (a virtual address on Arm); timeout is absolute
 * system time in ns, 0 = none. */
struct sched_poll {
	uint64_t ports;
	uint32_t nr_ports;
	uint32_t pad;
	uint64_t timeout;
};

struct sched_watchdog {
	uint32_t id;	  /* 0: a new one; else the id it answered */
	uint32_t timeout; /* seconds; 0 frees it */
};

/* hvm_op */
#define HVMOP_set_param		 0
#define HVMOP_get_param		 1
#define HVM_PARAM_CALLBACK_IRQ	 0
#define HVM_PARAM_STORE_PFN	 1
#define HVM_PARAM_STORE_EVTCHN	 2
#define HVM_PARAM_CONSOLE_PFN	 17
#define HVM_PARAM_CONSOLE_EVTCHN 18

struct xen_hvm_param {
	domid_t domid;
	uint16_t pad;
	uint32_t index;
	uint64_t value;
};

/* console_io */
#define CONSOLEIO_write 0
#define CONSOLEIO_read	1

/* The PV console ring (io/console.h). */
typedef uint32_t XENCONS_RING_IDX;
struct xencons_interface {
	char in[1024];
	char out[2048];
	XENCONS_RING_IDX in_cons, in_prod;
	XENCONS_RING_IDX out_cons, out_prod;
};

/* multicall */
struct multicall_entry {
	xen_ulong_t op;
	xen_ulong_t result;
	xen_ulong_t args[6];
};

/* Layout checks: these are the ABI. */
_Static_assert(sizeof(struct vcpu_info) == 48, "vcpu_info is 48 bytes on Arm");
_Static_assert(sizeof(struct shared_info) == 1088, "shared_info layout");
_Static_assert(__builtin_offsetof(struct shared_info, evtchn_pending) == 48, "shared_info");
_Static_assert(sizeof(struct xen_add_to_physmap) == 24, "xen_add_to_physmap");
_Static_assert(sizeof(struct xen_memory_reservation) == 32, "xen_memory_reservation");
_Static_assert(sizeof(struct xen_add_to_physmap_batch) == 32, "xen_add_to_physmap_batch");
_Static_assert(sizeof(struct vcpu_register_vcpu_info) == 16, "vcpu_register_vcpu_info");
_Static_assert(sizeof(struct vcpu_runstate_info) == 48, "vcpu_runstate_info");
_Static_assert(sizeof(struct evtchn_status) == 24, "evtchn_status");
_Static_assert(sizeof(struct evtchn_bind_interdomain) == 12, "evtchn_bind_interdomain");
_Static_assert(sizeof(struct xen_hvm_param) == 16, "xen_hvm_param");
_Static_assert(sizeof(struct xencons_interface) == 3088, "xencons_interface");
_Static_assert(sizeof(struct multicall_entry) == 64, "multicall_entry");
_Static_assert(sizeof(struct grant_entry_v1) == 8, "grant_entry_v1");
_Static_assert(sizeof(struct gnttab_map_grant_ref) == 32, "gnttab_map_grant_ref");
_Static_assert(__builtin_offsetof(struct gnttab_map_grant_ref, status) == 18, "status");
_Static_assert(sizeof(struct gnttab_unmap_grant_ref) == 24, "gnttab_unmap_grant_ref");
_Static_assert(sizeof(struct gnttab_copy) == 40, "gnttab_copy");
_Static_assert(sizeof(struct sched_poll) == 24, "sched_poll");
_Static_assert(sizeof(struct gnttab_setup_table) == 24, "gnttab_setup_table");

#endif
