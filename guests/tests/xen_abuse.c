// SPDX-License-Identifier: Apache-2.0
/*
 * xen_abuse: proves every hypercall argument is checked where it enters the hypervisor
 * (Xen's guest ABI as Tessera implements it, hyp/pv/; numbers and layouts in
 * hyp/include/public/xen.h). Run in a domain with xen,enhanced. It asks, and checks each
 * answer:
 *   - xen_version: 4.17 (0x40011), the page size, the features (from an unaligned buffer);
 *   - unknown hypercall numbers (0, 1, 63, 64, 99, 2^32, 2^32 + 17, ~0) answer -ENOSYS, and
 *     so do unknown sub-ops of every hypercall that has them;
 *   - a pointer outside the caller's RAM (0, the virtual GIC, the UART, just past RAM, across
 *     the end of RAM, 256 GiB, 2^48, the top of the address space, the TTBR1 half) answers
 *     -EFAULT from every call that takes one; an unaligned pointer in RAM is fine (copies are
 *     bytewise, as in Xen);
 *   - counts beyond the bounds (multicall > 32 entries, grant_table_op > 64) answer -EINVAL,
 *     and a multicall cannot nest;
 *   - ports 0, 1024 (Tessera has 1024), 4096 and 0xffffffff, and ports never allocated,
 *     answer -EINVAL; the PV console's port 1 cannot be closed;
 *   - a domain that does not exist (77, 0, DOMID_IO, 0xffff) answers -ESRCH; acting for
 *     another domain answers -EPERM;
 *   - hvm_op set_param of anything but the callback answers -EPERM; get_param of an unknown
 *     index -EINVAL;
 *   - add_to_physmap over the GIC, the UART, the magic pages or beyond the IPA space answers
 *     -EINVAL, an unknown space -ENOSYS;
 *   - vcpu_op on a vCPU that does not exist answers -ENOENT; register_vcpu_info with a bad
 *     offset, a frame outside RAM or on the shared page -EINVAL, and a second time -EINVAL;
 *   - event channels: loopback (alloc_unbound to itself, bind_interdomain to that) delivers
 *     an event through the upcall; the table fills up to -ENOSPC and EVTCHNOP_reset empties
 *     it; virq bound twice is -EEXIST;
 *   - the FIFO event-channel ABI: expand_array before init_control -EOPNOTSUPP,
 *     set_priority on 2-level -ENOSYS; init_control for a vCPU that does not exist -ENOENT,
 *     at an unaligned or too large offset, or a frame outside RAM -EINVAL, twice -EINVAL;
 *     expand_array outside RAM -EINVAL, beyond Tessera's one page -ENOSPC; neither page can
 *     be given back (decrease_reservation: 0 done); set_priority of
 *     priority 16 or port 0/1024 -EINVAL; a bound loopback port is then queued in the event
 *     words (PENDING|LINKED, head[7], ready bit 7); EVTCHNOP_reset goes back to 2-level;
 *   - SCHEDOP_poll: more than 128 ports or port 1024 -EINVAL, a bad list -EFAULT; a pending
 *     port answers at once; a masked, idle port and a 20 ms timeout sleep 20 ms;
 *   - floods: 100000 sends on an unbound port, 100000 on a loopback channel with the upcall
 *     taking them, and 100000 more through multicalls: every call answers, promptly, and the
 *     hypervisor still answers afterwards.
 * With bootargs "probe=vcpu_info_uaf", "probe=physmap_flood count=N" or "probe=physmap_scrub"
 * it runs only that probe instead (see them below): pages the hypervisor still uses must not be
 * given back, and one domain must not take all of the hypervisor's memory for its stage-2 tables.
 *
 * Each check prints "PASS: xen_abuse: ..." or "FAIL: xen_abuse: ..." with the value seen;
 * the last lines are "xen_abuse: N checks, M failed" and "xen_abuse: done". Without a Xen
 * interface (no "xen,xen" node) it prints "SKIP:" and stops.
 */
#include <guest.h>
#include <public/arch-arm.h>
#include <public/event_channel_fifo.h>

#define HIGH_ADDR     0x4000000000ULL /* 256 GiB: nothing there in the guest's stage 1 */
#define ADDR_2_48     (1ULL << 48)
#define TOP_ADDR      (~0ULL - 3)	    /* address + length wraps */
#define TTBR1_ADDR    0xffff000000000000ULL /* the upper VA half: EPD1, no walks */
#define FLOOD_SENDS   100000
#define MC_MAX	      32 /* Tessera's multicall bound */
#define GNT_MAX	      64 /* Tessera's grant_table_op bound */
#define PORTS	      1024
#define FLOOD_LIMIT_S 60 /* "promptly": TCG on a loaded host, 10^5 calls, far under this */

static unsigned int checks, failures;
static domid_t self_id;
static uint64_t ram_base, ram_end;

/* Buffers the calls read and write; page-aligned ones for frame numbers. */
static uint8_t scratch[256] __aligned(64);
static uint8_t vi_page[4096] __aligned(4096);
static uint8_t runstate_buf[64] __aligned(64);
static struct multicall_entry mc[MC_MAX + 1] __aligned(64);

static volatile uint64_t loop_events;

static const char *err_str(int64_t v)
{
	return v < 0 && v > -4096 ? errno_name((int)v) : "";
}

static bool expect_eq(const char *what, int64_t got, int64_t want)
{
	checks++;
	if (got == want) {
		printf("PASS: xen_abuse: %s = %lld %s\n", what, (long long)got, err_str(got));
		return true;
	}
	failures++;
	printf("FAIL: xen_abuse: %s = %lld %s, expected %lld %s\n", what, (long long)got,
	       err_str(got), (long long)want, err_str(want));
	return false;
}

static bool expect_true(const char *what, bool ok)
{
	checks++;
	printf("%s: xen_abuse: %s\n", ok ? "PASS" : "FAIL", what);
	if (!ok)
		failures++;
	return ok;
}

/* A check whose PASS is summarised by the caller: only a failure prints. */
static bool quiet_eq(const char *what, uint64_t addr, int64_t got, int64_t want)
{
	if (got == want)
		return true;
	printf("FAIL: xen_abuse: %s with pointer 0x%llx = %lld %s, expected %lld %s\n", what,
	       (unsigned long long)addr, (long long)got, err_str(got), (long long)want,
	       err_str(want));
	return false;
}

/* ---------------------------------------------------------------- xen_version */

static void test_version(void)
{
	struct xen_feature_info *fi = (struct xen_feature_info *)(scratch + 1); /* unaligned */
	uint8_t handle[16];
	int64_t r;

	expect_eq("xen_version(XENVER_version)", xen_version(XENVER_version, 0), 0x40011);
	expect_eq("xen_version(XENVER_pagesize)", xen_version(XENVER_pagesize, 0), 4096);
	memset(scratch, 0xff, sizeof(scratch));
	fi->submap_idx = 0;
	r = xen_version(XENVER_get_features, (uintptr_t)fi);
	if (expect_eq("xen_version(XENVER_get_features) from an unaligned buffer", r, 0))
		expect_true("features: auto_translated_physmap set, direct_mapped clear",
			    (fi->submap & (1U << XENFEAT_auto_translated_physmap)) != 0 &&
				    (fi->submap & (1U << XENFEAT_direct_mapped)) == 0);
	fi->submap_idx = 1;
	expect_eq("xen_version(XENVER_get_features) submap 1",
		  xen_version(XENVER_get_features, (uintptr_t)fi), -EINVAL);
	expect_eq("xen_version(XENVER_commandline)",
		  xen_version(XENVER_commandline, (uintptr_t)scratch), -EPERM);
	r = xen_version(XENVER_guest_handle, (uintptr_t)handle);
	self_id = handle[15];
	printf("xen_abuse: XENVER_guest_handle = %lld: domain id %u\n", (long long)r, self_id);
}

/* ---------------------------------------------------------------- unknown numbers */

static void test_unknown(void)
{
	static const uint64_t numbers[] = {
		0, 1, 63, 64, 99, 1ULL << 32, (1ULL << 32) + 17, ~0ULL
	};
	uint64_t p = (uintptr_t)scratch;
	char what[64];

	for (unsigned int i = 0; i < ARRAY_SIZE(numbers); i++) {
		snprintf(what, sizeof(what), "hypercall %#llx", (unsigned long long)numbers[i]);
		expect_eq(what, xen_hypercall(numbers[i], p, 1, p, 0, 0), -ENOSYS);
	}
	memset(scratch, 0, sizeof(scratch));
	expect_eq("xen_version(999)", xen_version(999, p), -ENOSYS);
	expect_eq("memory_op(9999)", xen_memory_op(9999, p), -ENOSYS);
	expect_eq("memory_op(63)", xen_memory_op(63, p), -ENOSYS);
	/* The bits above MEMOP_CMD_MASK are a continuation's start extent: Xen's
	 * add_to_physmap refuses one beyond its 16-bit size with -EDOM. */
	expect_eq("memory_op(2^32 + XENMEM_add_to_physmap)",
		  xen_memory_op((1ULL << 32) + XENMEM_add_to_physmap, p), -EDOM);
	expect_eq("vcpu_op(999, vcpu 0)", xen_vcpu_op(999, 0, p), -ENOSYS);
	expect_eq("event_channel_op(999)", xen_event_channel_op(999, p), -ENOSYS);
	expect_eq("event_channel_op(14)", xen_event_channel_op(14, p), -ENOSYS);
	expect_eq("grant_table_op(999, count 1)", xen_grant_table_op(999, p, 1), -ENOSYS);
	expect_eq("grant_table_op(13, count 1)", xen_grant_table_op(13, p, 1), -ENOSYS);
	expect_eq("sched_op(999)", xen_sched_op(999, p), -ENOSYS);
	expect_eq("hvm_op(999)", xen_hvm_op(999, p), -ENOSYS);
	expect_eq("console_io(999)", xen_console_io(999, 1, p), -ENOSYS);
	expect_eq("vm_assist(cmd 7, runstate_update_flag)",
		  xen_vm_assist(7, VMASST_TYPE_runstate_update_flag), -EINVAL);
	expect_eq("vm_assist(enable, type 99)", xen_vm_assist(VMASST_CMD_enable, 99), -EINVAL);
}

/* ---------------------------------------------------------------- bad pointers */

/* Every call that takes a pointer, given `addr`: each must answer -EFAULT and do nothing. */
static void bad_pointer(const char *name, uint64_t addr)
{
	bool ok = true;
	char what[96];

	ok &= quiet_eq("xen_version(get_features)", addr, xen_version(XENVER_get_features, addr),
		       -EFAULT);
	ok &= quiet_eq("xen_version(extraversion)", addr, xen_version(XENVER_extraversion, addr),
		       -EFAULT);
	ok &= quiet_eq("memory_op(add_to_physmap)", addr,
		       xen_memory_op(XENMEM_add_to_physmap, addr), -EFAULT);
	ok &= quiet_eq("multicall(count 1)", addr, xen_multicall(addr, 1), -EFAULT);
	ok &= quiet_eq("console_io(write 8)", addr, xen_console_io(CONSOLEIO_write, 8, addr),
		       -EFAULT);
	ok &= quiet_eq("grant_table_op(query_size)", addr,
		       xen_grant_table_op(GNTTABOP_query_size, addr, 1), -EFAULT);
	ok &= quiet_eq("grant_table_op(set_version)", addr,
		       xen_grant_table_op(GNTTABOP_set_version, addr, 1), -EFAULT);
	ok &= quiet_eq("vcpu_op(register_vcpu_info)", addr,
		       xen_vcpu_op(VCPUOP_register_vcpu_info, 0, addr), -EFAULT);
	ok &= quiet_eq("vcpu_op(register_runstate_memory_area)", addr,
		       xen_vcpu_op(VCPUOP_register_runstate_memory_area, 0, addr), -EFAULT);
	ok &= quiet_eq("vcpu_op(get_runstate_info)", addr,
		       xen_vcpu_op(VCPUOP_get_runstate_info, 0, addr), -EFAULT);
	/* A reason read from a bad pointer must never power the domain off. */
	ok &= quiet_eq("sched_op(shutdown)", addr, xen_sched_op(SCHEDOP_shutdown, addr), -EFAULT);
	ok &= quiet_eq("sched_op(shutdown_code)", addr, xen_sched_op(SCHEDOP_shutdown_code, addr),
		       -EFAULT);
	ok &= quiet_eq("hvm_op(get_param)", addr, xen_hvm_op(HVMOP_get_param, addr), -EFAULT);
	ok &= quiet_eq("hvm_op(set_param)", addr, xen_hvm_op(HVMOP_set_param, addr), -EFAULT);
	static const uint64_t evtchn_ops[] = { EVTCHNOP_alloc_unbound, EVTCHNOP_bind_interdomain,
					       EVTCHNOP_bind_virq,     EVTCHNOP_close,
					       EVTCHNOP_send,	       EVTCHNOP_status,
					       EVTCHNOP_unmask,	       EVTCHNOP_bind_vcpu,
					       EVTCHNOP_reset };
	for (unsigned int i = 0; i < ARRAY_SIZE(evtchn_ops); i++) {
		snprintf(what, sizeof(what), "event_channel_op(%llu)",
			 (unsigned long long)evtchn_ops[i]);
		ok &= quiet_eq(what, addr, xen_event_channel_op(evtchn_ops[i], addr), -EFAULT);
	}
	checks++;
	if (!ok)
		failures++;
	printf("%s: xen_abuse: every call with a pointer %s (0x%llx) answers -EFAULT\n",
	       ok ? "PASS" : "FAIL", name, (unsigned long long)addr);
}

static void test_bad_pointers(void)
{
	struct xen_hvm_param *hp = (struct xen_hvm_param *)(scratch + 3);
	struct evtchn_status *st = (struct evtchn_status *)(scratch + 129);
	uint64_t v = 0;

	bad_pointer("at 0", 0);
	bad_pointer("at 8", 8);
	bad_pointer("on the GIC distributor", GUEST_GICD_BASE);
	bad_pointer("on the redistributors", GUEST_GICR_BASE);
	bad_pointer("on the UART", GUEST_VPL011_BASE);
	bad_pointer("just past RAM", ram_end);
	bad_pointer("across the end of RAM", ram_end - 1);
	bad_pointer("across the start of RAM", ram_base - 1);
	bad_pointer("at 256 GiB", HIGH_ADDR);
	bad_pointer("at 2^48", ADDR_2_48);
	bad_pointer("wrapping the address space", TOP_ADDR);
	bad_pointer("in the TTBR1 half", TTBR1_ADDR);

	/* Unaligned pointers inside RAM are fine: copies are bytewise (as Xen's). */
	memset(scratch, 0, sizeof(scratch));
	hp->domid = DOMID_SELF;
	hp->index = HVM_PARAM_CONSOLE_EVTCHN;
	expect_eq("hvm_op(get_param CONSOLE_EVTCHN) from an unaligned buffer",
		  xen_hvm_op(HVMOP_get_param, (uintptr_t)hp), 0);
	memcpy(&v, (uint8_t *)hp + 8, sizeof(v));
	expect_eq("  its value", (int64_t)v, 1);
	st->dom = DOMID_SELF;
	st->port = 1;
	expect_eq("event_channel_op(status port 1) from an unaligned buffer",
		  xen_event_channel_op(EVTCHNOP_status, (uintptr_t)st), 0);
	expect_eq("  port 1 is interdomain (the console's backend)", st->status,
		  EVTCHNSTAT_interdomain);
}

/* ---------------------------------------------------------------- counts */

static void test_counts(void)
{
	uint64_t list = (uintptr_t)mc;
	bool all = true;

	memset(mc, 0, sizeof(mc));
	for (unsigned int i = 0; i <= MC_MAX; i++) {
		mc[i].op = __HYPERVISOR_xen_version;
		mc[i].args[0] = XENVER_version;
	}
	expect_eq("multicall(count 1000)", xen_multicall(list, 1000), -EINVAL);
	expect_eq("multicall(count 33)", xen_multicall(list, MC_MAX + 1), -EINVAL);
	expect_eq("multicall(count 2^58 + 1: count * 64 wraps)",
		  xen_multicall(list, (1ULL << 58) + 1), -EINVAL);
	expect_eq("multicall(count 2^63)", xen_multicall(list, 1ULL << 63), -EINVAL);
	expect_eq("multicall(count 0)", xen_multicall(list, 0), 0);
	expect_eq("multicall(count 32 of xen_version)", xen_multicall(list, MC_MAX), 0);
	for (unsigned int i = 0; i < MC_MAX; i++)
		all &= mc[i].result == 0x40011;
	expect_true("  all 32 results are 0x40011", all);
	expect_true("  entry 33 untouched", mc[MC_MAX].result == 0);

	/* Unaligned list: results written back in place. */
	{
		struct multicall_entry *u = (struct multicall_entry *)(scratch + 5);
		struct multicall_entry e = { .op = __HYPERVISOR_xen_version,
					     .args = { XENVER_pagesize } };
		uint64_t res;

		memcpy(u, &e, sizeof(e));
		expect_eq("multicall(count 1) from an unaligned list",
			  xen_multicall((uintptr_t)u, 1), 0);
		memcpy(&res, (uint8_t *)u + 8, sizeof(res));
		expect_eq("  its result (XENVER_pagesize)", (int64_t)res, 4096);
	}

	memset(mc, 0, sizeof(mc));
	mc[0].op = __HYPERVISOR_multicall; /* nested: refused */
	mc[0].args[0] = list;
	mc[0].args[1] = 1;
	mc[1].op = 99;
	mc[2].op = __HYPERVISOR_xen_version;
	mc[2].args[0] = XENVER_version;
	mc[3].op = __HYPERVISOR_event_channel_op;
	mc[3].args[0] = EVTCHNOP_send;
	mc[3].args[1] = 0; /* bad pointer inside a multicall */
	expect_eq("multicall(nested, unknown, version, send(NULL))", xen_multicall(list, 4), 0);
	expect_eq("  nested multicall entry", (int64_t)mc[0].result, -EINVAL);
	expect_eq("  unknown hypercall entry", (int64_t)mc[1].result, -ENOSYS);
	expect_eq("  xen_version entry", (int64_t)mc[2].result, 0x40011);
	expect_eq("  send(NULL) entry", (int64_t)mc[3].result, -EFAULT);

	memset(scratch, 0, sizeof(scratch));
	((struct gnttab_query_size *)scratch)->dom = DOMID_SELF;
	expect_eq("grant_table_op(query_size, count 1000)",
		  xen_grant_table_op(GNTTABOP_query_size, (uintptr_t)scratch, 1000), -EINVAL);
	expect_eq("grant_table_op(query_size, count 65)",
		  xen_grant_table_op(GNTTABOP_query_size, (uintptr_t)scratch, GNT_MAX + 1),
		  -EINVAL);
	expect_eq("grant_table_op(query_size, count 2^63)",
		  xen_grant_table_op(GNTTABOP_query_size, (uintptr_t)scratch, 1ULL << 63), -EINVAL);
	expect_eq("grant_table_op(999, count 1000)", xen_grant_table_op(999, 0, 1000), -EINVAL);
	expect_eq("grant_table_op(query_size, count 2)",
		  xen_grant_table_op(GNTTABOP_query_size, (uintptr_t)scratch, 2), -EINVAL);
	expect_eq("grant_table_op(query_size, count 1)",
		  xen_grant_table_op(GNTTABOP_query_size, (uintptr_t)scratch, 1), 0);
	expect_eq("  nr_frames", ((struct gnttab_query_size *)scratch)->nr_frames, 4);
	((struct gnttab_query_size *)scratch)->dom = (domid_t)(self_id + 1);
	expect_eq("grant_table_op(query_size) of another domain",
		  xen_grant_table_op(GNTTABOP_query_size, (uintptr_t)scratch, 1), -EPERM);
	memset(scratch, 0, sizeof(scratch));
	((struct gnttab_set_version *)scratch)->version = 2;
	expect_eq("grant_table_op(set_version 2)",
		  xen_grant_table_op(GNTTABOP_set_version, (uintptr_t)scratch, 1), -EINVAL);
	expect_eq("  version written back", ((struct gnttab_set_version *)scratch)->version, 1);

	/* console_io: a huge count is capped; from a bad pointer it fails at once. */
	expect_eq("console_io(write, count 2^40, NULL)",
		  xen_console_io(CONSOLEIO_write, 1ULL << 40, 0), -EFAULT);
	expect_eq("console_io(write, count 0)", xen_console_io(CONSOLEIO_write, 0, 0), 0);
}

/* ---------------------------------------------------------------- ports and domains */

static void test_ports(void)
{
	static const uint32_t bad_ports[] = { 0, PORTS, 4096, 0xffffffffU, PORTS - 1, 1000 };
	struct evtchn_status st;
	struct evtchn_bind_vcpu bv;
	struct evtchn_bind_interdomain bi;
	struct evtchn_alloc_unbound au;
	char what[80];

	for (unsigned int i = 0; i < ARRAY_SIZE(bad_ports); i++) {
		uint32_t p = bad_ports[i];
		const char *kind = p == 0 || p >= PORTS ? "out of range" : "never allocated";

		snprintf(what, sizeof(what), "send(port %u, %s)", p, kind);
		expect_eq(what, evtchn_send(p), -EINVAL);
		if (p == 0 || p >= PORTS) {
			snprintf(what, sizeof(what), "close(port %u, %s)", p, kind);
			expect_eq(what, evtchn_close(p), -EINVAL);
			snprintf(what, sizeof(what), "unmask(port %u)", p);
			expect_eq(what, evtchn_unmask(p), -EINVAL);
			snprintf(what, sizeof(what), "status(port %u)", p);
			expect_eq(what, evtchn_status(p, &st), -EINVAL);
		}
		bv = (struct evtchn_bind_vcpu){ .port = p, .vcpu = 0 };
		snprintf(what, sizeof(what), "bind_vcpu(port %u)", p);
		expect_eq(what, xen_event_channel_op(EVTCHNOP_bind_vcpu, (uintptr_t)&bv), -EINVAL);
	}

	expect_eq("close(port 1, the PV console's)", evtchn_close(1), -EINVAL);
	expect_eq("status(port 1) after", evtchn_status(1, &st), 0);
	expect_eq("  port 1 is still connected", st.status, EVTCHNSTAT_interdomain);
	bv = (struct evtchn_bind_vcpu){ .port = 1, .vcpu = 1 };
	expect_eq("bind_vcpu(port 1, vcpu 1 of 1)",
		  xen_event_channel_op(EVTCHNOP_bind_vcpu, (uintptr_t)&bv), -EINVAL);

	static const domid_t nobody[] = { 77, 0, 0x7ff1 /* DOMID_IO */, 0xffff, 0x7fef };
	for (unsigned int i = 0; i < ARRAY_SIZE(nobody); i++) {
		snprintf(what, sizeof(what), "bind_interdomain(remote_dom %#x, port 1)", nobody[i]);
		expect_eq(what, evtchn_bind_interdomain(nobody[i], 1, NULL), -ESRCH);
		snprintf(what, sizeof(what), "alloc_unbound(remote_dom %#x)", nobody[i]);
		expect_eq(what, evtchn_alloc_unbound(nobody[i], NULL), -ESRCH);
	}
	/* The next domain is not enhanced (or does not exist): nothing to bind to. */
	snprintf(what, sizeof(what), "bind_interdomain(remote_dom %u, not enhanced)", self_id + 1);
	expect_eq(what, evtchn_bind_interdomain((domid_t)(self_id + 1), 1, NULL), -ESRCH);
	bi = (struct evtchn_bind_interdomain){ .remote_dom = DOMID_SELF, .remote_port = 1 };
	expect_eq("bind_interdomain(self, port 1: the console's, not offered)",
		  xen_event_channel_op(EVTCHNOP_bind_interdomain, (uintptr_t)&bi), -EINVAL);
	bi.remote_port = 0xffffffffU;
	expect_eq("bind_interdomain(self, port 0xffffffff)",
		  xen_event_channel_op(EVTCHNOP_bind_interdomain, (uintptr_t)&bi), -EINVAL);

	static const domid_t others[] = { 0, 2, 77, 0x7ff1 };
	for (unsigned int i = 0; i < ARRAY_SIZE(others); i++) {
		domid_t o = others[i] == self_id ? (domid_t)(self_id + 1) : others[i];

		au = (struct evtchn_alloc_unbound){ .dom = o, .remote_dom = DOMID_SELF };
		snprintf(what, sizeof(what), "alloc_unbound(dom %#x, for another domain)", o);
		expect_eq(what, xen_event_channel_op(EVTCHNOP_alloc_unbound, (uintptr_t)&au),
			  -EPERM);
	}
	memset(&st, 0, sizeof(st));
	st.dom = (domid_t)(self_id + 1);
	st.port = 1;
	expect_eq("status(another domain's port 1)",
		  xen_event_channel_op(EVTCHNOP_status, (uintptr_t)&st), -EPERM);
	{
		domid_t d = (domid_t)(self_id + 1);

		expect_eq("reset(another domain)",
			  xen_event_channel_op(EVTCHNOP_reset, (uintptr_t)&d), -EPERM);
	}
}

/* ---------------------------------------------------------------- hvm_op, memory_op */

static int64_t hvm_param(uint64_t op, domid_t dom, uint32_t index, uint64_t value)
{
	struct xen_hvm_param p = { .domid = dom, .index = index, .value = value };

	return xen_hvm_op(op, (uintptr_t)&p);
}

static void test_hvm(void)
{
	uint64_t v = 0;

	expect_eq("hvm set_param(CONSOLE_PFN)",
		  hvm_param(HVMOP_set_param, DOMID_SELF, HVM_PARAM_CONSOLE_PFN, 0x40000), -EPERM);
	expect_eq("hvm set_param(CONSOLE_EVTCHN)",
		  hvm_param(HVMOP_set_param, DOMID_SELF, HVM_PARAM_CONSOLE_EVTCHN, 5), -EPERM);
	expect_eq("hvm set_param(STORE_PFN)",
		  hvm_param(HVMOP_set_param, DOMID_SELF, HVM_PARAM_STORE_PFN, 0x40000), -EPERM);
	expect_eq("hvm set_param(index 0xffffffff)",
		  hvm_param(HVMOP_set_param, DOMID_SELF, 0xffffffffU, 0), -EPERM);
	expect_eq("hvm set_param(CALLBACK_IRQ) of another domain",
		  hvm_param(HVMOP_set_param, (domid_t)(self_id + 1), HVM_PARAM_CALLBACK_IRQ, 0),
		  -EPERM);
	expect_eq("hvm get_param(CONSOLE_PFN) of another domain",
		  hvm_param(HVMOP_get_param, (domid_t)(self_id + 1), HVM_PARAM_CONSOLE_PFN, 0),
		  -EPERM);
	expect_eq("hvm get_param(index 999)", hvm_param(HVMOP_get_param, DOMID_SELF, 999, 0),
		  -EINVAL);
	expect_eq("hvm get_param(index 0xffffffff)",
		  hvm_param(HVMOP_get_param, DOMID_SELF, 0xffffffffU, 0), -EINVAL);
	expect_eq("hvm get_param(CONSOLE_PFN)", xen_hvm_get_param(HVM_PARAM_CONSOLE_PFN, &v), 0);
	expect_eq("  still the magic page", (int64_t)v, GUEST_MAGIC_BASE >> 12);
}

static int64_t physmap(domid_t dom, uint32_t space, uint64_t idx, uint64_t gpfn)
{
	struct xen_add_to_physmap x = { .domid = dom, .space = space, .idx = idx, .gpfn = gpfn };

	return xen_memory_op(XENMEM_add_to_physmap, (uintptr_t)&x);
}

static void test_physmap(void)
{
	static const struct {
		const char *what;
		uint64_t gpfn;
	} refused[] = {
		{ "onto the GIC distributor", GUEST_GICD_BASE >> 12 },
		{ "onto the GICv2 CPU interface", GUEST_GICC_BASE >> 12 },
		{ "onto the redistributors", GUEST_GICR_BASE >> 12 },
		{ "onto the last redistributor page",
		  (GUEST_GICR_BASE + GUEST_GICR_SIZE - 1) >> 12 },
		{ "onto the UART", GUEST_VPL011_BASE >> 12 },
		{ "onto the console page", GUEST_MAGIC_BASE >> 12 },
		{ "beyond the IPA space (gpfn 2^40)", 1ULL << 40 },
		{ "at gpfn ~0 (gpfn << 12 wraps)", ~0ULL },
		{ "at gpfn 2^52 (gpfn << 12 wraps to 0)", 1ULL << 52 },
	};
	int64_t err = 0;
	char what[96];

	for (unsigned int i = 0; i < ARRAY_SIZE(refused); i++) {
		snprintf(what, sizeof(what), "add_to_physmap(shared_info %s)", refused[i].what);
		expect_eq(what, physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, refused[i].gpfn),
			  -EINVAL);
	}
	expect_eq("add_to_physmap(grant frame onto the GIC distributor)",
		  physmap(DOMID_SELF, XENMAPSPACE_grant_table, 0, GUEST_GICD_BASE >> 12), -EINVAL);
	expect_eq("add_to_physmap(space 99)", physmap(DOMID_SELF, 99, 0, ram_end >> 12), -ENOSYS);
	expect_eq("add_to_physmap(space gmfn)",
		  physmap(DOMID_SELF, XENMAPSPACE_gmfn, 0, ram_end >> 12), -ENOSYS);
	expect_eq("add_to_physmap(shared_info idx 1)",
		  physmap(DOMID_SELF, XENMAPSPACE_shared_info, 1, ram_end >> 12), -EINVAL);
	expect_eq("add_to_physmap(grant_table idx 4, of 4)",
		  physmap(DOMID_SELF, XENMAPSPACE_grant_table, 4, ram_end >> 12), -EINVAL);
	expect_eq("add_to_physmap(grant_table idx 2^32 - 1)",
		  physmap(DOMID_SELF, XENMAPSPACE_grant_table, 0xffffffffULL, ram_end >> 12),
		  -EINVAL);
	expect_eq("add_to_physmap(grant_table status frame 0)",
		  physmap(DOMID_SELF, XENMAPSPACE_grant_table, XENMAPIDX_grant_table_status,
			  ram_end >> 12),
		  -EINVAL);
	expect_eq("add_to_physmap(for another domain)",
		  physmap((domid_t)(self_id + 1), XENMAPSPACE_shared_info, 0, ram_end >> 12),
		  -EPERM);
	expect_true("shared_info placed over a page of our .bss",
		    xen_map_shared_info(&err) != NULL);
	if (err != 0)
		printf("xen_abuse: add_to_physmap(shared_info) = %lld %s\n", (long long)err,
		       err_str(err));
}

/* ---------------------------------------------------------------- vcpu_op */

/* ---------------------------------------------------------------- memory_op: ballooning */

/* Pages to give back and take again: page-aligned, nothing else lives in them. */
static uint8_t balloon_pages[2][4096] __aligned(4096);
static uint64_t extents[8] __aligned(64);

static int64_t reservation(uint64_t cmd, uint64_t list, uint64_t n, uint32_t order, domid_t dom)
{
	struct xen_memory_reservation r = {
		.extent_start = list, .nr_extents = n, .extent_order = order, .domid = dom
	};

	return xen_memory_op(cmd, (uintptr_t)&r);
}

/* decrease_reservation / populate_physmap of the single frame gfn: extents done. */
static int64_t one_frame(uint64_t cmd, uint64_t gfn)
{
	return xen_reservation(cmd, &gfn, 1);
}

static void test_reservation(void)
{
	static const struct {
		const char *what;
		uint64_t gfn;
	} not_ram[] = {
		{ "gfn ~0", ~0ULL },
		{ "gfn 2^40", 1ULL << 40 },
		{ "gfn 2^52 (<< 12 wraps to 0)", 1ULL << 52 },
		{ "the GIC distributor", GUEST_GICD_BASE >> 12 },
		{ "the UART", GUEST_VPL011_BASE >> 12 },
		{ "the console page", GUEST_MAGIC_BASE >> 12 },
		{ "the grant-table window (nothing there)", GUEST_GNTTAB_BASE >> 12 },
		{ "just past RAM", 0 },
		{ "the shared_info page", 0 },
	};
	uint64_t mine = (uintptr_t)balloon_pages[0] >> 12;
	struct fault_info fi;
	char what[112];

	for (unsigned int i = 0; i < ARRAY_SIZE(not_ram); i++) {
		uint64_t gfn = not_ram[i].gfn;

		if (i == ARRAY_SIZE(not_ram) - 2)
			gfn = ram_end >> 12;
		else if (i == ARRAY_SIZE(not_ram) - 1)
			gfn = (uintptr_t)xen_shared_info() >> 12;
		snprintf(what, sizeof(what), "decrease_reservation(%s): extents done",
			 not_ram[i].what);
		expect_eq(what, one_frame(XENMEM_decrease_reservation, gfn), 0);
	}
	fault_catch_begin();
	(void)READ_ONCE(xen_shared_info()->evtchn_mask[0]);
	expect_true("  shared_info is still there (reading it does not fault)",
		    !fault_catch_end(&fi));
	/* Counts and forms Xen refuses as a whole: the answer is the start extent. */
	expect_eq("decrease_reservation(nr_extents 2^62)",
		  reservation(XENMEM_decrease_reservation, (uintptr_t)extents, 1ULL << 62, 0,
			      DOMID_SELF),
		  0);
	expect_eq("decrease_reservation(nr_extents 2^26 - 1, list at 0)",
		  reservation(XENMEM_decrease_reservation, 0, (1ULL << 26) - 1, 0, DOMID_SELF), 0);
	expect_eq("decrease_reservation(list on the GIC)",
		  reservation(XENMEM_decrease_reservation, GUEST_GICD_BASE, 4, 0, DOMID_SELF), 0);
	expect_eq("decrease_reservation(extent_order 1)",
		  reservation(XENMEM_decrease_reservation, (uintptr_t)extents, 1, 1, DOMID_SELF),
		  0);
	expect_eq("decrease_reservation(extent_order 0xffffffff)",
		  reservation(XENMEM_decrease_reservation, (uintptr_t)extents, 1, 0xffffffffU,
			      DOMID_SELF),
		  0);
	expect_eq("decrease_reservation(for another domain)",
		  reservation(XENMEM_decrease_reservation, (uintptr_t)extents, 1, 0,
			      (domid_t)(self_id + 1)),
		  0);
	expect_eq("decrease_reservation(start extent 5 of 3)",
		  reservation(XENMEM_decrease_reservation | (5 << MEMOP_EXTENT_SHIFT),
			      (uintptr_t)extents, 3, 0, DOMID_SELF),
		  5);
	/* Populate: never over a mapping, never outside the RAM range. */
	expect_eq("populate_physmap(a page of our RAM, mapped)",
		  one_frame(XENMEM_populate_physmap, mine), 0);
	expect_eq("populate_physmap(just past RAM)",
		  one_frame(XENMEM_populate_physmap, ram_end >> 12), 0);
	expect_eq("populate_physmap(RAM bank 1)",
		  one_frame(XENMEM_populate_physmap, GUEST_RAM1_BASE >> 12), 0);
	expect_eq("populate_physmap(the console page)",
		  one_frame(XENMEM_populate_physmap, GUEST_MAGIC_BASE >> 12), 0);
	/* A real round trip: two pages out, in again (twice the first: it stops there). */
	balloon_pages[0][0] = 0xaa;
	balloon_pages[1][0] = 0xbb;
	extents[0] = mine;
	extents[1] = mine + 1;
	extents[2] = ram_end >> 12; /* stops the list: not RAM */
	expect_eq("decrease_reservation(2 pages of our RAM, then past RAM)",
		  reservation(XENMEM_decrease_reservation, (uintptr_t)extents, 3, 0, DOMID_SELF),
		  2);
	expect_eq("decrease_reservation(the same page again)",
		  one_frame(XENMEM_decrease_reservation, mine), 0);
	extents[0] = mine + 1;
	extents[1] = mine;
	extents[2] = mine + 1;
	expect_eq("populate_physmap(both, then the first again)",
		  reservation(XENMEM_populate_physmap, (uintptr_t)extents, 3, 0, DOMID_SELF), 2);
	expect_true("  both pages are back, scrubbed",
		    balloon_pages[0][0] == 0 && balloon_pages[1][0] == 0);
	balloon_pages[1][4095] = 0x5a;
	expect_true("  and writable", balloon_pages[1][4095] == 0x5a);
}

static int64_t batch(domid_t dom, uint16_t space, uint16_t size, uint64_t idxs, uint64_t gpfns,
		     uint64_t errs, uint64_t start)
{
	struct xen_add_to_physmap_batch b = { .domid = dom,
					      .space = space,
					      .size = size,
					      .idxs = idxs,
					      .gpfns = gpfns,
					      .errs = errs };

	return xen_memory_op(XENMEM_add_to_physmap_batch | (start << MEMOP_EXTENT_SHIFT),
			     (uintptr_t)&b);
}

static void test_physmap_batch(void)
{
	uint64_t idxs[4] = { 0, 1, 0, 0 };
	uint64_t gpfns[4] = { GUEST_GICD_BASE >> 12, ram_end >> 12,
			      (uintptr_t)xen_shared_info() >> 12, GUEST_MAGIC_BASE >> 12 };
	int32_t errs[4] = { 7, 7, 7, 7 };
	uint64_t i = (uintptr_t)idxs, g = (uintptr_t)gpfns, e = (uintptr_t)errs;

	expect_eq("add_to_physmap_batch(shared_info: GIC, idx 1, its place, console page)",
		  batch(DOMID_SELF, XENMAPSPACE_shared_info, 4, i, g, e, 0), 0);
	expect_true("  errs[] = -EINVAL, -EINVAL, 0, -EINVAL",
		    errs[0] == -EINVAL && errs[1] == -EINVAL && errs[2] == 0 && errs[3] == -EINVAL);
	errs[0] = errs[1] = 7;
	expect_eq("add_to_physmap_batch(from entry 2)",
		  batch(DOMID_SELF, XENMAPSPACE_shared_info, 4, i, g, e, 2), 0);
	expect_true("  entries before the start untouched", errs[0] == 7 && errs[1] == 7);
	expect_eq("add_to_physmap_batch(start 5 of 4)",
		  batch(DOMID_SELF, XENMAPSPACE_shared_info, 4, i, g, e, 5), -EILSEQ);
	expect_eq("add_to_physmap_batch(start 2^16)",
		  batch(DOMID_SELF, XENMAPSPACE_shared_info, 4, i, g, e, 1ULL << 16), -EDOM);
	expect_eq("add_to_physmap_batch(size 0)",
		  batch(DOMID_SELF, XENMAPSPACE_shared_info, 0, 0, 0, 0, 0), 0);
	expect_eq("add_to_physmap_batch(errs at 0)",
		  batch(DOMID_SELF, XENMAPSPACE_shared_info, 1, i, g, 0, 0), -EFAULT);
	expect_eq("add_to_physmap_batch(idxs on the GIC)",
		  batch(DOMID_SELF, XENMAPSPACE_shared_info, 1, GUEST_GICD_BASE, g, e, 0), -EFAULT);
	expect_eq("add_to_physmap_batch(size 65535, gpfns at 0)",
		  batch(DOMID_SELF, XENMAPSPACE_grant_table, 0xffff, i, 0, e, 0), -EFAULT);
	gpfns[0] = ~0ULL;
	expect_eq("add_to_physmap_batch(gpfn INVALID_GFN)",
		  batch(DOMID_SELF, XENMAPSPACE_shared_info, 1, i, g, e, 0), -EINVAL);
	expect_eq("add_to_physmap_batch(gmfn_range)",
		  batch(DOMID_SELF, XENMAPSPACE_gmfn_range, 1, i, g, e, 0), -ENOTSUP);
	expect_eq("add_to_physmap_batch(space 99)", batch(DOMID_SELF, 99, 1, i, g, e, 0), -ENOSYS);
	expect_eq("add_to_physmap_batch(for another domain)",
		  batch((domid_t)(self_id + 1), XENMAPSPACE_shared_info, 1, i, g, e, 0), -EPERM);
	expect_eq("add_to_physmap_batch(batch at 0)", xen_memory_op(XENMEM_add_to_physmap_batch, 0),
		  -EFAULT);
}

static void test_vcpu_op(void)
{
	struct vcpu_register_vcpu_info op;
	struct vcpu_register_runstate_memory_area ra;
	struct vcpu_runstate_info *rs = (struct vcpu_runstate_info *)runstate_buf;
	uint64_t vi_frame = (uintptr_t)vi_page >> 12;
	char what[96];

	static const uint64_t vcpus[] = { 1, 8, 1ULL << 32, ~0ULL };
	for (unsigned int i = 0; i < ARRAY_SIZE(vcpus); i++) {
		snprintf(what, sizeof(what), "vcpu_op(is_up, vcpu %#llx of 1)",
			 (unsigned long long)vcpus[i]);
		expect_eq(what, xen_vcpu_op(VCPUOP_is_up, vcpus[i], 0), -ENOENT);
	}
	expect_eq("vcpu_op(is_up, vcpu 0)", xen_vcpu_op(VCPUOP_is_up, 0, 0), 1);

	static const struct {
		const char *what;
		uint64_t mfn;
		uint32_t offset;
	} bad[] = {
		{ "offset 4095", 0, 4095 },
		{ "offset 4 (not 8-aligned)", 0, 4 },
		{ "offset 4056 (crosses the page)", 0, 4056 },
		{ "offset 2^32 - 8", 0, 0xfffffff8U },
		{ "frame 2^40", 1ULL << 40, 0 },
		{ "frame ~0", ~0ULL, 0 },
		{ "the GIC distributor's frame", GUEST_GICD_BASE >> 12, 0 },
		{ "the console page", GUEST_MAGIC_BASE >> 12, 0 },
		{ "the frame past RAM", 0, 0 }, /* filled below */
		{ "the shared_info frame", 0, 0 },
	};
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		op = (struct vcpu_register_vcpu_info){ .mfn = bad[i].mfn, .offset = bad[i].offset };
		if (bad[i].mfn == 0 && i < 4)
			op.mfn = vi_frame;
		if (i == ARRAY_SIZE(bad) - 2)
			op.mfn = ram_end >> 12;
		if (i == ARRAY_SIZE(bad) - 1)
			op.mfn = (uintptr_t)xen_shared_info() >> 12;
		snprintf(what, sizeof(what), "register_vcpu_info(%s)", bad[i].what);
		expect_eq(what, xen_vcpu_op(VCPUOP_register_vcpu_info, 0, (uintptr_t)&op), -EINVAL);
	}
	op = (struct vcpu_register_vcpu_info){ .mfn = vi_frame, .offset = 0 };
	expect_eq("register_vcpu_info(vcpu 1 of 1)",
		  xen_vcpu_op(VCPUOP_register_vcpu_info, 1, (uintptr_t)&op), -ENOENT);
	expect_eq("register_vcpu_info(in our RAM, offset 64)",
		  xen_register_vcpu_info(0, (struct vcpu_info *)(vi_page + 64)), 0);
	expect_eq("register_vcpu_info again, same place",
		  xen_vcpu_op(VCPUOP_register_vcpu_info, 0,
			      (uintptr_t) & (struct vcpu_register_vcpu_info){ .mfn = vi_frame,
									      .offset = 64 }),
		  -EINVAL);
	expect_eq("register_vcpu_info again, elsewhere",
		  xen_vcpu_op(VCPUOP_register_vcpu_info, 0,
			      (uintptr_t) & (struct vcpu_register_vcpu_info){ .mfn = vi_frame,
									      .offset = 512 }),
		  -EINVAL);

	ra.addr = (uintptr_t)runstate_buf + 1;
	expect_eq("register_runstate_memory_area(unaligned)",
		  xen_vcpu_op(VCPUOP_register_runstate_memory_area, 0, (uintptr_t)&ra), -EINVAL);
	ra.addr = ALIGN_DOWN((uintptr_t)vi_page, 4096) + 4096 - 16;
	expect_eq("register_runstate_memory_area(across a page)",
		  xen_vcpu_op(VCPUOP_register_runstate_memory_area, 0, (uintptr_t)&ra), -EINVAL);
	ra.addr = HIGH_ADDR;
	expect_eq("register_runstate_memory_area(256 GiB)",
		  xen_vcpu_op(VCPUOP_register_runstate_memory_area, 0, (uintptr_t)&ra), -EFAULT);
	ra.addr = GUEST_GICD_BASE;
	expect_eq("register_runstate_memory_area(the GIC)",
		  xen_vcpu_op(VCPUOP_register_runstate_memory_area, 0, (uintptr_t)&ra), -EFAULT);
	ra.addr = ram_end;
	expect_eq("register_runstate_memory_area(past RAM)",
		  xen_vcpu_op(VCPUOP_register_runstate_memory_area, 0, (uintptr_t)&ra), -EFAULT);
	ra.addr = (uintptr_t)runstate_buf;
	memset(runstate_buf, 0xee, sizeof(runstate_buf));
	expect_eq("register_runstate_memory_area(ours)",
		  xen_vcpu_op(VCPUOP_register_runstate_memory_area, 0, (uintptr_t)&ra), 0);
	expect_eq("  runstate published: running", rs->state, RUNSTATE_running);
	ra.addr = 0;
	expect_eq("register_runstate_memory_area(0: none)",
		  xen_vcpu_op(VCPUOP_register_runstate_memory_area, 0, (uintptr_t)&ra), 0);
}

/* ---------------------------------------------------------------- event channels */

static void loop_handler(evtchn_port_t port, void *arg)
{
	(void)port;
	(void)arg;
	loop_events++;
}

static bool wait_events(uint64_t at_least, uint64_t us)
{
	uint64_t end = timer_now() + timer_us_to_ticks(us);

	while (loop_events < at_least && timer_now() < end)
		;
	return loop_events >= at_least;
}

static uint64_t elapsed_ms(uint64_t t0)
{
	return timer_ticks_to_ns(timer_now() - t0) / 1000000;
}

static void flood_verdict(const char *what, unsigned long bad, int64_t first_bad, uint64_t t0)
{
	uint64_t ms = elapsed_ms(t0);

	checks++;
	if (bad != 0 || ms > FLOOD_LIMIT_S * 1000ULL)
		failures++;
	printf("%s: xen_abuse: %s: %lu calls not 0 (first %lld %s), %llu ms, %llu ns per "
	       "send\n",
	       bad != 0 || ms > FLOOD_LIMIT_S * 1000ULL ? "FAIL" : "PASS", what, bad,
	       (long long)first_bad, err_str(first_bad), (unsigned long long)ms,
	       (unsigned long long)(ms * 1000000ULL / FLOOD_SENDS));
}

static void test_evtchn(void)
{
	evtchn_port_t a = 0, b = 0, u = 0, last = 0;
	struct evtchn_status st;
	struct evtchn_bind_virq bvq;
	unsigned long bad;
	int64_t first_bad, r;
	uint64_t t0;
	unsigned int allocated = 0;

	expect_eq("upcall set up", xen_events_setup("xen_abuse", 0, NULL, NULL), 0);
	printf("xen_abuse: upcall on INTID %u\n", xen_upcall_intid());

	/* Loopback: a port offered to ourselves, and bound by ourselves. */
	expect_eq("alloc_unbound(remote self)", evtchn_alloc_unbound(DOMID_SELF, &a), 0);
	expect_eq("bind_interdomain(self, that port)", evtchn_bind_interdomain(DOMID_SELF, a, &b),
		  0);
	printf("xen_abuse: loopback ports %u <-> %u\n", a, b);
	expect_eq("bind_interdomain(self, that port) again",
		  evtchn_bind_interdomain(DOMID_SELF, a, NULL), -EINVAL);
	expect_eq("status(a)", evtchn_status(a, &st), 0);
	expect_true("  a is interdomain to (self, b)", st.status == EVTCHNSTAT_interdomain &&
							       st.u.interdomain.dom == self_id &&
							       st.u.interdomain.port == b);
	evtchn_set_handler(b, loop_handler, NULL);
	evtchn_set_handler(a, loop_handler, NULL);
	loop_events = 0;
	expect_eq("send(a)", evtchn_send(a), 0);
	expect_true("  the event reaches b through the upcall", wait_events(1, 1000000));

	/* Flood 1: an unbound port (nobody listens; every send answers 0). */
	expect_eq("alloc_unbound(remote self) for the flood", evtchn_alloc_unbound(DOMID_SELF, &u),
		  0);
	bad = 0;
	first_bad = 0;
	t0 = timer_now();
	for (unsigned long i = 0; i < FLOOD_SENDS; i++) {
		r = evtchn_send(u);
		if (r != 0 && bad++ == 0)
			first_bad = r;
	}
	flood_verdict("100000 sends on an unbound port", bad, first_bad, t0);
	expect_eq("  then xen_version", xen_version(XENVER_version, 0), 0x40011);

	/* Flood 2: the loopback channel, the upcall taking the events as they come. */
	loop_events = 0;
	bad = 0;
	first_bad = 0;
	t0 = timer_now();
	for (unsigned long i = 0; i < FLOOD_SENDS; i++) {
		r = evtchn_send(a);
		if (r != 0 && bad++ == 0)
			first_bad = r;
	}
	flood_verdict("100000 sends on the loopback channel", bad, first_bad, t0);
	wait_events(1, 1000000);
	printf("xen_abuse: the upcall took %llu events for 100000 sends (a send to a pending port "
	       "coalesces)\n",
	       (unsigned long long)loop_events);
	expect_true("  events delivered", loop_events >= 1);

	/* Flood 3: multicalls of 32 sends each, in both directions. */
	memset(mc, 0, sizeof(mc));
	for (unsigned int i = 0; i < MC_MAX; i++) {
		static struct evtchn_port_op ops[2];

		ops[0].port = a;
		ops[1].port = b;
		mc[i].op = __HYPERVISOR_event_channel_op;
		mc[i].args[0] = EVTCHNOP_send;
		mc[i].args[1] = (uintptr_t)&ops[i & 1];
	}
	bad = 0;
	first_bad = 0;
	t0 = timer_now();
	for (unsigned long i = 0; i < FLOOD_SENDS / MC_MAX; i++) {
		r = xen_multicall((uintptr_t)mc, MC_MAX);
		if (r == 0)
			r = (int64_t)mc[i % MC_MAX].result;
		if (r != 0 && bad++ == 0)
			first_bad = r;
	}
	flood_verdict("3125 multicalls of 32 sends", bad, first_bad, t0);
	expect_eq("  then xen_version", xen_version(XENVER_version, 0), 0x40011);

	/* Closing one end of an interdomain channel leaves the other unbound. */
	expect_eq("close(b)", evtchn_close(b), 0);
	expect_eq("status(a)", evtchn_status(a, &st), 0);
	expect_true("  a is unbound again, offered to ourselves",
		    st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == self_id);
	expect_eq("send(b) after close", evtchn_send(b), -EINVAL);
	expect_eq("close(b) again, a free port (as Xen)", evtchn_close(b), -EINVAL);

	/* virqs */
	bvq = (struct evtchn_bind_virq){ .virq = NR_VIRQS, .vcpu = 0 };
	expect_eq("bind_virq(virq 24)", xen_event_channel_op(EVTCHNOP_bind_virq, (uintptr_t)&bvq),
		  -EINVAL);
	bvq = (struct evtchn_bind_virq){ .virq = 0xffffffffU, .vcpu = 0 };
	expect_eq("bind_virq(virq 0xffffffff)",
		  xen_event_channel_op(EVTCHNOP_bind_virq, (uintptr_t)&bvq), -EINVAL);
	bvq = (struct evtchn_bind_virq){ .virq = VIRQ_DEBUG, .vcpu = 1 };
	expect_eq("bind_virq(VIRQ_DEBUG, vcpu 1 of 1)",
		  xen_event_channel_op(EVTCHNOP_bind_virq, (uintptr_t)&bvq), -EINVAL);
	bvq = (struct evtchn_bind_virq){ .virq = VIRQ_DEBUG, .vcpu = 0 };
	expect_eq("bind_virq(VIRQ_DEBUG)",
		  xen_event_channel_op(EVTCHNOP_bind_virq, (uintptr_t)&bvq), 0);
	expect_eq("bind_virq(VIRQ_DEBUG) again",
		  xen_event_channel_op(EVTCHNOP_bind_virq, (uintptr_t)&bvq), -EEXIST);

	/* Fill the table: it ends in -ENOSPC, not in a hang or an overrun. */
	for (unsigned int i = 0; i < 2 * PORTS; i++) {
		evtchn_port_t p;

		r = evtchn_alloc_unbound(DOMID_SELF, &p);
		if (r != 0)
			break;
		allocated++;
		last = p;
	}
	printf("xen_abuse: %u more ports allocated, the last %u, then %lld %s\n", allocated, last,
	       (long long)r, err_str(r));
	expect_eq("alloc_unbound with the table full", r, -ENOSPC);
	expect_true("  the last port is 1023", last == PORTS - 1);
	{
		domid_t self = DOMID_SELF;

		expect_eq("reset(self)", xen_event_channel_op(EVTCHNOP_reset, (uintptr_t)&self), 0);
	}
	expect_eq("status(a) after reset", evtchn_status(a, &st), 0);
	expect_eq("  closed", st.status, EVTCHNSTAT_closed);
	expect_eq("status(port 1) after reset", evtchn_status(1, &st), 0);
	expect_eq("  the console's port survives", st.status, EVTCHNSTAT_interdomain);
	expect_eq("alloc_unbound after reset", evtchn_alloc_unbound(DOMID_SELF, &u), 0);
	expect_eq("  the first free port", u, 2);
	expect_eq("bind_virq(VIRQ_DEBUG) after reset",
		  xen_event_channel_op(EVTCHNOP_bind_virq, (uintptr_t)&bvq), 0);
}

static void test_sched(void)
{
	uint32_t reason = 99;

	expect_eq("sched_op(yield)", xen_sched_op(SCHEDOP_yield, 0), 0);
	expect_eq("sched_op(shutdown, reason 99)",
		  xen_sched_op(SCHEDOP_shutdown, (uintptr_t)&reason), -EINVAL);
	reason = 0xffffffffU;
	expect_eq("sched_op(shutdown, reason 0xffffffff)",
		  xen_sched_op(SCHEDOP_shutdown, (uintptr_t)&reason), -EINVAL);
	reason = SHUTDOWN_poweroff;
	expect_eq("sched_op(shutdown_code, poweroff: recorded, not acted on)",
		  xen_sched_op(SCHEDOP_shutdown_code, (uintptr_t)&reason), 0);
}

static uint8_t fifo_cb_page[4096] __aligned(4096);
static uint32_t fifo_array_page[1024] __aligned(4096);

static int64_t init_control(uint64_t gfn, uint32_t offset, uint32_t vcpu)
{
	struct evtchn_init_control op = { .control_gfn = gfn, .offset = offset, .vcpu = vcpu };

	return xen_event_channel_op(EVTCHNOP_init_control, (uintptr_t)&op);
}

static int64_t expand_array(uint64_t gfn)
{
	struct evtchn_expand_array op = { .array_gfn = gfn };

	return xen_event_channel_op(EVTCHNOP_expand_array, (uintptr_t)&op);
}

static int64_t set_priority(evtchn_port_t port, uint32_t prio)
{
	struct evtchn_set_priority op = { .port = port, .priority = prio };

	return xen_event_channel_op(EVTCHNOP_set_priority, (uintptr_t)&op);
}

/* Last: while the domain is on FIFO the runtime's 2-level upcall sees nothing; the reset at
 * the end brings it back. */
static void test_fifo(void)
{
	uint64_t cb_gfn = (uintptr_t)fifo_cb_page >> 12, arr_gfn = (uintptr_t)fifo_array_page >> 12;
	const struct evtchn_fifo_control_block *cb = (const void *)fifo_cb_page;
	evtchn_port_t u = 0, v = 0;
	domid_t self = DOMID_SELF;
	uint64_t flags;

	expect_eq("expand_array before init_control", expand_array(arr_gfn), -95);
	expect_eq("set_priority on 2-level", set_priority(2, 1), -ENOSYS);
	expect_eq("init_control(vcpu 1 of 1)", init_control(cb_gfn, 0, 1), -ENOENT);
	expect_eq("init_control(offset 4: unaligned)", init_control(cb_gfn, 4, 0), -EINVAL);
	expect_eq("init_control(offset 4032: no room)", init_control(cb_gfn, 4032, 0), -EINVAL);
	expect_eq("init_control(offset 0xfffffff8)", init_control(cb_gfn, 0xfffffff8U, 0), -EINVAL);
	expect_eq("init_control(gfn of the GIC)", init_control(GUEST_GICD_BASE >> 12, 0, 0),
		  -EINVAL);
	expect_eq("init_control(gfn past RAM)", init_control(ram_end >> 12, 0, 0), -EINVAL);
	expect_eq("init_control(gfn ~0)", init_control(~0ULL, 0, 0), -EINVAL);
	flags = irq_save_local();
	expect_eq("init_control(our page)", init_control(cb_gfn, 0, 0), 0);
	expect_eq("init_control again", init_control(cb_gfn, 0, 0), -EINVAL);
	expect_eq("expand_array(gfn of the UART)", expand_array(GUEST_VPL011_BASE >> 12), -EINVAL);
	expect_eq("expand_array(our page)", expand_array(arr_gfn), 0);
	expect_eq("expand_array beyond 1024 ports", expand_array(arr_gfn), -ENOSPC);
	/* Tessera writes into both pages on every event: they cannot be given back. */
	expect_eq("decrease_reservation(the FIFO control block's page): 0 done",
		  one_frame(XENMEM_decrease_reservation, cb_gfn), 0);
	expect_eq("decrease_reservation(the FIFO event array's page): 0 done",
		  one_frame(XENMEM_decrease_reservation, arr_gfn), 0);
	expect_eq("set_priority(port 0)", set_priority(0, 1), -EINVAL);
	expect_eq("set_priority(port 1024)", set_priority(PORTS, 1), -EINVAL);
	expect_eq("set_priority(priority 16)", set_priority(1, 16), -EINVAL);
	expect_eq("set_priority(console port, 1)", set_priority(1, 1), 0);
	/* A loopback bind raises the binder's port: it must be queued on priority 7. */
	expect_eq("alloc_unbound(self) on FIFO", evtchn_alloc_unbound(DOMID_SELF, &u), 0);
	expect_eq("bind_interdomain(self) on FIFO", evtchn_bind_interdomain(self_id, u, &v), 0);
	expect_true("  its event word is PENDING|LINKED",
		    v < 1024 && (fifo_array_page[v] & 0xf0000000U) == 0xa0000000U);
	expect_eq("  head[7] is the port", cb->head[7], v);
	expect_eq("  ready has bit 7", cb->ready & 0x80, 0x80);
	expect_eq("reset(self) back to 2-level",
		  xen_event_channel_op(EVTCHNOP_reset, (uintptr_t)&self), 0);
	irq_restore_local(flags);
	expect_eq("alloc_unbound(self) on 2-level again", evtchn_alloc_unbound(DOMID_SELF, &u), 0);
	flags = irq_save_local();
	expect_eq("bind_interdomain(self) on 2-level", evtchn_bind_interdomain(self_id, u, &v), 0);
	expect_true("  the 2-level pending bit is set", evtchn_is_pending(v));
	evtchn_clear_pending(v);
	irq_restore_local(flags);
	expect_eq("set_priority after reset", set_priority(v, 1), -ENOSYS);
}

static int64_t poll(const evtchn_port_t *ports, uint32_t n, uint64_t timeout_ns)
{
	struct sched_poll sp = { .ports = (uintptr_t)ports, .nr_ports = n, .timeout = timeout_ns };

	return xen_sched_op(SCHEDOP_poll, (uintptr_t)&sp);
}

static void test_poll(void)
{
	static evtchn_port_t ports[SCHEDOP_POLL_MAX_PORTS + 1];
	evtchn_port_t u = 0, v = 0;
	uint64_t t0, slept_ns;
	uint64_t flags;

	expect_eq("poll(129 ports)", poll(ports, SCHEDOP_POLL_MAX_PORTS + 1, 0), -EINVAL);
	expect_eq("poll(list at 0)", poll(NULL, 1, 0), -EFAULT);
	ports[0] = PORTS;
	expect_eq("poll(port 1024)", poll(ports, 1, 0), -EINVAL);
	expect_eq("alloc_unbound(self) for poll", evtchn_alloc_unbound(DOMID_SELF, &u), 0);
	flags = irq_save_local();
	expect_eq("bind_interdomain(self) for poll", evtchn_bind_interdomain(self_id, u, &v), 0);
	evtchn_mask(v);
	ports[0] = u;
	ports[1] = v; /* pending since the bind */
	expect_eq("poll(a pending port): at once", poll(ports, 2, 0), 0);
	evtchn_clear_pending(v);
	/* The bind raised the upcall: let it be taken, or the interrupt waiting for us would
	 * end the poll at once (as in Xen). */
	irq_restore_local(flags);
	udelay(1000);
	t0 = timer_now();
	expect_eq("poll(an idle, masked port, 20 ms)",
		  poll(&ports[1], 1, timer_ticks_to_ns(t0) + 20000000ULL), 0);
	slept_ns = timer_ticks_to_ns(timer_now() - t0);
	printf("xen_abuse: poll slept %llu us\n", (unsigned long long)(slept_ns / 1000));
	expect_true("  it slept until the timeout", slept_ns >= 20000000ULL);
	expect_eq("close the poll ports", evtchn_close(u) | evtchn_close(v), 0);
}

/* ---------------------------------------------------------------- probes (bootargs probe=) */

static uint64_t pattern(unsigned int page)
{
	return 0x0101010101010101ULL * (0xa0 + page);
}

/*
 * probe=vcpu_info_uaf: a page the hypervisor holds a vcpu_info in must not go back to its
 * allocator while it does (Xen keeps a reference). We register vcpu_info in a page of our
 * RAM, place shared_info over that frame (add_to_physmap gives the RAM page that was there
 * back), and make the hypervisor allocate a page: add_to_physmap at a frame inside a 2 MiB
 * block of our RAM splits that block, which takes a new stage-2 table page. If the freed
 * page is that table, the next event (the bind of a port in selector word 13) writes the
 * upcall flag over the table's entry 0 and sets bit 13 of entry 1: page 0 of the block
 * vanishes and page 1 shows page 3. Either refusing the add_to_physmap or keeping the page
 * passes; a moved or vanished page fails.
 */
static void probe_vcpu_info_uaf(void)
{
	uint64_t r = ALIGN_UP(ram_base + (ram_end - ram_base) / 2, 2ULL << 20);
	volatile uint64_t *pg = (volatile uint64_t *)r;
	struct vcpu_register_vcpu_info op = { .mfn = (uintptr_t)vi_page >> 12, .offset = 0 };
	evtchn_port_t p = 0, a = 0, b = 0;
	struct fault_info fi;
	uint64_t v0 = 0, v1;
	bool caught;
	int64_t ret;

	for (unsigned int i = 0; i < 4; i++)
		pg[i * 512] = pattern(i);
	expect_eq("register_vcpu_info(a page of our RAM)",
		  xen_vcpu_op(VCPUOP_register_vcpu_info, 0, (uintptr_t)&op), 0);
	ret = physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, op.mfn);
	printf("xen_abuse: add_to_physmap(shared_info over the vcpu_info frame) = %lld %s\n",
	       (long long)ret, err_str(ret));
	if (ret != 0) {
		expect_true("giving back the vcpu_info page is refused", true);
		return;
	}
	ret = physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, (r >> 12) + 256);
	printf("xen_abuse: add_to_physmap(shared_info at 0x%llx, splitting a 2 MiB block) = %lld "
	       "%s\n",
	       (unsigned long long)r + (256 << 12), (long long)ret, err_str(ret));
	while (p < 831 && evtchn_alloc_unbound(DOMID_SELF, &p) == 0)
		;
	ret = evtchn_alloc_unbound(DOMID_SELF, &a);
	if (ret == 0)
		ret = evtchn_bind_interdomain(DOMID_SELF, a, &b);
	printf("xen_abuse: loopback %u <-> %u = %lld: port %u pending, selector bit %u\n", a, b,
	       (long long)ret, b, b / 64);
	__asm__ volatile("dsb ishst\n\ttlbi vmalle1is\n\tdsb ish\n\tisb" ::: "memory");
	v1 = pg[512];
	fault_catch_begin();
	v0 = pg[0];
	caught = fault_catch_end(&fi);
	printf("xen_abuse: page 1 of the block reads 0x%llx (wrote 0x%llx); page 0 %s 0x%llx\n",
	       (unsigned long long)v1, (unsigned long long)pattern(1),
	       caught ? "faults, ESR" : "reads", caught ? (unsigned long long)fi.esr : v0);
	if (!expect_true("our stage 2 is intact after giving back the vcpu_info page",
			 v1 == pattern(1) && !caught && v0 == pattern(0)))
		printf("FAIL: xen_abuse: the hypervisor wrote event-channel state through the "
		       "vcpu_info pointer it kept to a page it had freed, now a stage-2 table\n");
}

/*
 * probe=physmap_flood count=N: shared_info placed at N frames 2 MiB apart in the empty
 * guest space of RAM bank 1, each needing a new stage-2 table page. The hypervisor must
 * bound what one domain can take (the host checks its free memory afterwards, while this
 * domain, and its tables, live on: it keeps a heartbeat).
 */
static void probe_physmap_flood(void)
{
	unsigned long n = bootarg_ulong("count", 520000), i;
	uint64_t t0 = timer_now(), gpfn = GUEST_RAM1_BASE >> 12;
	int64_t ret = 0;

	for (i = 0; i < n; i++) {
		ret = physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, gpfn + i * 512);
		if (ret != 0)
			break;
	}
	printf("xen_abuse: physmap flood: %lu of %lu placed, then %lld %s, %llu ms\n", i, n,
	       (long long)ret, err_str(ret), (unsigned long long)elapsed_ms(t0));
	expect_eq("the hypervisor still answers: xen_version", xen_version(XENVER_version, 0),
		  0x40011);
}

/*
 * probe=physmap_scrub: a RAM page that add_to_physmap replaces goes back to the hypervisor
 * and must be scrubbed like every page it frees, or the next domain built on it reads what
 * was there. Each boot first looks through all of its RAM for a marker page, then writes the
 * marker into a page, places shared_info over that frame and reboots: the rebuilt domain
 * (on the same memory) must not find it. The host stops it after a few rounds.
 */
static uint64_t marker(unsigned int i)
{
	return 0x5c7ab1ed0000d1e5ULL ^ ((uint64_t)i * 0x9e3779b97f4a7c15ULL);
}

static void probe_physmap_scrub(void)
{
	uint64_t r = ALIGN_UP(ram_base + (ram_end - ram_base) / 2, 2ULL << 20) + (3 << 12);
	volatile uint64_t *pg = (volatile uint64_t *)r;
	unsigned int reason = SHUTDOWN_reboot;
	uint64_t found = 0;
	int64_t ret;

	for (uint64_t a = ram_base; a < ram_end && found == 0; a += 4096) {
		const volatile uint64_t *q = (const volatile uint64_t *)a;
		unsigned int i = 0;

		while (i < 512 && q[i] == marker(i))
			i++;
		if (i == 512)
			found = a;
	}
	if (!expect_true("no page a previous life gave up through add_to_physmap is unscrubbed",
			 found == 0))
		printf("FAIL: xen_abuse: the marker is at 0x%llx\n", (unsigned long long)found);
	for (unsigned int i = 0; i < 512; i++)
		pg[i] = marker(i);
	ret = physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, r >> 12);
	printf("xen_abuse: add_to_physmap(shared_info over the marker page) = %lld %s\n",
	       (long long)ret, err_str(ret));
	printf("xen_abuse: %u checks, %u failed\n", checks, failures);
	printf("xen_abuse: done\n");
	(void)xen_sched_op(SCHEDOP_shutdown, (uintptr_t)&reason);
}

int main(void)
{
	if (!xen_present()) {
		printf("SKIP: xen_abuse: no Xen interface (no xen,xen node)\n");
		printf("xen_abuse: done\n");
		return 0;
	}
	ram_base = rt_platform.mem[0].base;
	ram_end = ram_base + rt_platform.mem[0].size;
	printf("xen_abuse: RAM [0x%llx, 0x%llx), image at 0x%llx\n", (unsigned long long)ram_base,
	       (unsigned long long)ram_end, (unsigned long long)rt_platform.load_base);

	if (bootarg_is("probe", "physmap_scrub")) {
		probe_physmap_scrub();
		return 0;
	}
	if (bootarg_is("probe", "vcpu_info_uaf") || bootarg_is("probe", "physmap_flood")) {
		if (bootarg_is("probe", "vcpu_info_uaf"))
			probe_vcpu_info_uaf();
		else
			probe_physmap_flood();
		printf("xen_abuse: %u checks, %u failed\n", checks, failures);
		printf("xen_abuse: done\n");
		/* The flood's stage-2 tables live as long as the domain: keep it running. */
		if (bootarg_is("probe", "physmap_flood"))
			guest_heartbeat("xen_abuse", 1000);
		return 0;
	}
	test_version();
	test_unknown();
	test_bad_pointers();
	test_counts();
	test_ports();
	test_hvm();
	test_physmap();
	test_reservation();
	test_physmap_batch();
	test_vcpu_op();
	test_evtchn();
	test_sched();
	test_poll();
	test_fifo();

	expect_eq("the hypervisor still answers: xen_version", xen_version(XENVER_version, 0),
		  0x40011);
	printf("xen_abuse: %u checks, %u failed\n", checks, failures);
	printf("xen_abuse: done\n");
	return 0;
}
