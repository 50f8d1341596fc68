// SPDX-License-Identifier: Apache-2.0
/*
 * longcall: the longest hypercall a guest can make, and how long it holds its vCPU at a
 * time. One multicall of `calls` (default 32, the most a multicall takes) entries, each an
 * XENMEM_add_to_physmap_batch of `size` (default 65535, the most a batch has) entries that
 * all place the shared_info page where it already is: 2 million page placements behind one
 * HVC. Meanwhile the virtual timer is armed every period_us (default 1000): its handler
 * takes how late it runs (CNTVCT - CVAL), which is at least how long the hypervisor kept
 * the vCPU in one trap; a hypervisor that continues long calls (Xen's continuations) lets
 * it run between traps, one that does not lets it run only after the whole call.
 *
 * Before the call it creates a watchdog of its own (SCHEDOP_watchdog, timeout 3600 s: it
 * must never fire) and waits wait_ms (default 2000) for its neighbours to create theirs, so
 * a hypervisor that checks every domain's watchdog on one pCPU checks them on this one.
 *
 * Prints "longcall: calling ...", then "longcall: returned R after N ns; K timer interrupts
 * during it, at most M ns late", PASS/FAIL for the results, "longcall: done", then a
 * heartbeat every second.
 */
#include <guest.h>

#define CALLS_MAX 32
#define BATCH_MAX 65535

static xen_ulong_t idxs[BATCH_MAX];
static xen_pfn_t gpfns[BATCH_MAX];
static int32_t errs[BATCH_MAX];
static struct xen_add_to_physmap_batch batch;
static struct multicall_entry mc[CALLS_MAX] __aligned(64);

static uint64_t period_ticks;
static volatile uint64_t ticks_taken, max_late;

static void tick_irq(unsigned int intid, void *arg)
{
	uint64_t now = timer_now();
	uint64_t cval = timer_cval();

	(void)intid;
	(void)arg;
	ticks_taken++;
	if (now > cval && now - cval > max_late)
		max_late = now - cval;
	timer_arm_at(now + period_ticks);
}

static bool all_zero(void)
{
	for (unsigned int i = 0; i < BATCH_MAX; i++) {
		if (errs[i] != 0)
			return false;
	}
	return true;
}

int main(void)
{
	unsigned long calls = MIN(bootarg_ulong("calls", CALLS_MAX), (unsigned long)CALLS_MAX);
	unsigned long size = MIN(bootarg_ulong("size", BATCH_MAX), (unsigned long)BATCH_MAX);
	struct shared_info *si;
	int64_t err = 0, wd, ret;
	struct sched_watchdog w = { .id = 0, .timeout = 3600 };
	uint64_t t0, t1;
	bool ok = true;

	if (!xen_present()) {
		printf("SKIP: longcall: no Xen interface (no xen,xen node)\nlongcall: done\n");
		return 0;
	}
	si = xen_map_shared_info(&err);
	if (si == NULL) {
		printf("FAIL: longcall: shared_info not placed (%lld)\nlongcall: done\n",
		       (long long)err);
		return 0;
	}
	wd = xen_sched_op(SCHEDOP_watchdog, (uintptr_t)&w);
	printf("longcall: watchdog %lld created (timeout 3600 s)\n", (long long)wd);
	for (unsigned long i = 0; i < size; i++) {
		idxs[i] = 0;
		gpfns[i] = (uintptr_t)si >> 12;
		errs[i] = -1;
	}
	batch = (struct xen_add_to_physmap_batch){ .domid = DOMID_SELF,
						   .space = XENMAPSPACE_shared_info,
						   .size = (uint16_t)size,
						   .idxs = (uintptr_t)idxs,
						   .gpfns = (uintptr_t)gpfns,
						   .errs = (uintptr_t)errs };
	for (unsigned long i = 0; i < calls; i++) {
		mc[i] = (struct multicall_entry){ .op = __HYPERVISOR_memory_op, .result = 1 };
		mc[i].args[0] = XENMEM_add_to_physmap_batch;
		mc[i].args[1] = (uintptr_t)&batch;
	}
	timer_sleep_us(bootarg_ulong("wait_ms", 2000) * 1000UL);

	period_ticks = timer_us_to_ticks(MAX(bootarg_ulong("period_us", 1000), 1UL));
	printf("longcall: calling: multicall of %lu add_to_physmap_batch of %lu entries\n", calls,
	       size);
	irq_register(timer_intid(), tick_irq, NULL);
	irq_enable(timer_intid());
	local_irq_disable();
	timer_arm_at(timer_now() + period_ticks);
	local_irq_enable();
	t0 = timer_now();
	ret = xen_multicall((uintptr_t)mc, calls);
	t1 = timer_now();
	local_irq_disable();
	timer_disarm();
	local_irq_enable();

	printf("longcall: returned %lld after %llu ns; %llu timer interrupts during it, at most "
	       "%llu ns late\n",
	       (long long)ret, (unsigned long long)timer_ticks_to_ns(t1 - t0),
	       (unsigned long long)ticks_taken, (unsigned long long)timer_ticks_to_ns(max_late));
	for (unsigned long i = 0; i < calls; i++)
		ok &= mc[i].result == 0;
	ok &= ret == 0 && all_zero();
	printf("%s: longcall: %lu batches of %lu placements, every result 0\n",
	       ok ? "PASS" : "FAIL", calls, size);
	printf("longcall: done\n");
	guest_heartbeat("longcall", 1000);
}
