// SPDX-License-Identifier: Apache-2.0
// UNIT-SOURCES: virt/vgic.c virt/vgic_dist.c
// UNIT-SOURCES: ../tests/unit/vgic_fake_env.c ../tests/unit/host_sysreg.c
// Verifies: REQ-DOM-010, REQ-DOM-015, REQ-DOM-016, REQ-CONF-003, REQ-CONF-004
/*
 * The vGIC state machine (virt/vgic.c) over a fake virtual CPU interface (vgic_fake_env.h):
 * the guest configures interrupts through the emulated distributor and redistributors
 * (virt/vgic_dist.c), devices raise them, and each test plays the exits and entries of a
 * vCPU (vgic_sync, vgic_flush) with the guest acknowledging and deactivating what the list
 * registers hold in between. After every step check_state() walks every INTID and checks
 * the pending bitmaps and list-register bookkeeping against the interrupts' state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <public/arch-arm.h>
#include <virt/vgic_regs.h>

#include "vgic_fake_env.h"

static struct vcpu *vcpu(unsigned int i)
{
	return &fake.vcpu[i];
}

static struct vgic_irq *irq_of(struct vcpu *v, unsigned int intid)
{
	return vgic_irq_of(&fake.d, v, intid);
}

static bool expect_pending(const struct vgic_irq *irq)
{
	return irq->enabled && (irq->pending_latch || (irq->level_triggered && irq->line_level));
}

/* The list registers of every vCPU that hold intid (its private interrupt for private ones). */
static unsigned int lrs_holding(struct vcpu *only, unsigned int intid)
{
	unsigned int n = 0;

	for (unsigned int c = 0; c < fake.d.nr_vcpus; c++) {
		struct vcpu *v = vcpu(c);

		for (unsigned int i = 0; i < VGIC_MAX_LRS; i++) {
			if ((only == NULL || only == v) && (v->vgic->lr_used & (1U << i)) != 0 &&
			    v->vgic->lr[i].intid == intid)
				n++;
		}
	}
	return n;
}

/* The invariants every operation keeps: the pending bitmaps are exactly the enabled and
 * pending interrupts; an interrupt's lr names the one list register that holds it; what
 * vgic.c believes is in use is what the fake hardware holds; the lock is free and IRQs are
 * unmasked again. */
static void check_state(void)
{
	struct domain *d = &fake.d;
	uint64_t spi[VGIC_NR_LINES / 64] = { 0 };

	assert_int_equal(d->vgic->lock.owner, d->vgic->lock.next);
	assert_int_equal(read_sysreg(daif) & HOST_DAIF_I, 0);
	for (unsigned int c = 0; c < d->nr_vcpus; c++) {
		struct vcpu *v = vcpu(c);
		uint32_t priv = 0;

		for (unsigned int intid = 0; intid < VGIC_NR_PRIVATE; intid++) {
			const struct vgic_irq *irq = irq_of(v, intid);

			if (expect_pending(irq))
				priv |= 1U << intid;
			assert_int_equal(lrs_holding(v, intid), irq->lr != VGIC_NO_LR);
		}
		assert_int_equal(v->vgic->pending_priv, priv);
		for (unsigned int i = 0; i < VGIC_MAX_LRS; i++) {
			bool used = (v->vgic->lr_used & (1U << i)) != 0;

			assert_int_equal(used, fake.lr[c][i].valid);
			if (used) {
				assert_int_equal(irq_of(v, v->vgic->lr[i].intid)->lr, i);
				assert_int_equal(fake.lr[c][i].written.intid, v->vgic->lr[i].intid);
			}
		}
	}
	for (unsigned int intid = VGIC_NR_PRIVATE; intid < VGIC_NR_PRIVATE + d->vgic->nr_spis;
	     intid++) {
		const struct vgic_irq *irq = irq_of(NULL, intid);

		if (expect_pending(irq))
			spi[intid / 64] |= 1ULL << (intid % 64);
		assert_int_equal(lrs_holding(NULL, intid), irq->lr != VGIC_NO_LR);
	}
	for (unsigned int w = 0; w < VGIC_NR_LINES / 64; w++)
		assert_int_equal(d->vgic->pending_spi[w], spi[w]);
}

/* ---- the guest's register accesses, each followed by the check */
static uint64_t gic_access(struct vcpu *v, unsigned int intid, paddr_t reg, unsigned int size,
			   bool write, uint64_t value)
{
	/* GICv3 private interrupts live in the vCPU's redistributor (IHI 0069H 12.10). */
	if (fake.d.vgic->version == 3 && intid < VGIC_NR_PRIVATE)
		vgic_redist_mmio(v, v->id * GUEST_GICR_STRIDE + GICR_SGI_BASE + reg, size, write,
				 &value, NULL);
	else
		vgic_dist_mmio(v, reg, size, write, &value, NULL);
	check_state();
	return value;
}

static void bit_write(struct vcpu *v, paddr_t base, unsigned int intid)
{
	gic_access(v, intid, base + intid / 32 * 4, 4, true, 1ULL << (intid % 32));
}

static void enable(struct vcpu *v, unsigned int intid)
{
	bit_write(v, GICD_ISENABLER, intid);
}

static void set_priority(struct vcpu *v, unsigned int intid, uint8_t prio)
{
	gic_access(v, intid, GICD_IPRIORITYR + intid, 1, true, prio);
}

static void set_edge(struct vcpu *v, unsigned int intid)
{
	paddr_t reg = GICD_ICFGR + intid / 16 * 4;
	uint64_t cfg = gic_access(v, intid, reg, 4, false, 0);

	gic_access(v, intid, reg, 4, true, cfg | 2ULL << (2 * (intid % 16)));
}

static void route(unsigned int intid, unsigned int to)
{
	if (fake.d.vgic->version == 3)
		gic_access(vcpu(0), intid, GICD_IROUTER + 8 * intid, 8, true, to);
	else
		gic_access(vcpu(0), intid, GICD_ITARGETSR + intid, 1, true, 1U << to);
}

/* An edge SPI or SGI/PPI of v, enabled at prio. */
static void edge_irq(struct vcpu *v, unsigned int intid, uint8_t prio)
{
	if (intid >= 16)
		set_edge(v, intid);
	set_priority(v, intid, prio);
	enable(v, intid);
}

/* ---- devices, exits and entries */
static void raise_edge(struct vcpu *v, unsigned int intid)
{
	vgic_inject_edge(&fake.d, v, intid);
	check_state();
}

static void set_level(struct vcpu *v, unsigned int intid, bool high)
{
	vgic_set_level(&fake.d, v, intid, high);
	check_state();
}

static void flush(struct vcpu *v)
{
	fake_run_on(v);
	vgic_flush(v);
	check_state();
}

static void sync(struct vcpu *v)
{
	fake_run_on(v);
	vgic_sync(v);
	check_state();
}

/* The guest takes the interrupt in LR i of v and finishes with it; then v exits (for the
 * EOI maintenance interrupt, or anything else). */
static void guest_handles(struct vcpu *v, unsigned int i)
{
	fake_run_on(v);
	fake_guest_ack(i);
	fake_guest_deactivate(i);
	sync(v);
}

static const struct vgic_lr *lr(struct vcpu *v, unsigned int i)
{
	assert_true(fake.lr[v->id][i].valid);
	return &fake.lr[v->id][i].written;
}

/* ---- tests */
static void test_flush_with_nothing_pending_writes_nothing(void **state)
{
	(void)state;
	for (int version = 2; version <= 3; version++) {
		uint16_t taken;

		fake_vgic_reset(version, 2, 4);
		edge_irq(vcpu(0), 40, 0xa0);
		edge_irq(vcpu(0), 3, 0xa0);
		taken = fake.d.vgic->lock.next;
		flush(vcpu(0));
		sync(vcpu(0));
		assert_int_equal(fake.lr_writes, 0);
		assert_int_equal(fake.set_underflow_calls, 0);
		/* Nothing pending is a few loads: not even the lock. */
		assert_int_equal(fake.d.vgic->lock.next, taken);
	}
}

static void test_candidates_in_priority_then_intid_order(void **state)
{
	static const unsigned int expect[] = { 35, 5, 33, 20, 40 };

	(void)state;
	fake_vgic_reset(3, 1, 5);
	edge_irq(vcpu(0), 40, 0x80);
	edge_irq(vcpu(0), 33, 0x40);
	edge_irq(vcpu(0), 35, 0x20);
	edge_irq(vcpu(0), 5, 0x40);
	set_priority(vcpu(0), 20, 0x60);
	enable(vcpu(0), 20);
	raise_edge(vcpu(0), 40);
	raise_edge(vcpu(0), 33);
	raise_edge(vcpu(0), 35);
	raise_edge(vcpu(0), 5);
	set_level(vcpu(0), 20, true);
	flush(vcpu(0));
	for (unsigned int i = 0; i < 5; i++) {
		assert_int_equal(lr(vcpu(0), i)->intid, expect[i]);
		assert_int_equal(lr(vcpu(0), i)->priority, irq_of(vcpu(0), expect[i])->priority);
		assert_int_equal(lr(vcpu(0), i)->state, LR_PENDING);
	}
	assert_false(fake.underflow[0]);
}

static void test_more_pending_than_lrs_underflows_and_refills(void **state)
{
	(void)state;
	fake_vgic_reset(3, 1, 2);
	for (unsigned int intid = 32; intid < 36; intid++) {
		edge_irq(vcpu(0), intid, 0xa0);
		raise_edge(vcpu(0), intid);
	}
	flush(vcpu(0));
	assert_int_equal(lr(vcpu(0), 0)->intid, 32);
	assert_int_equal(lr(vcpu(0), 1)->intid, 33);
	assert_true(fake.underflow[0]);

	/* The guest finishes 32; the underflow maintenance interrupt brings it back. */
	fake_guest_ack(0);
	fake_guest_deactivate(0);
	fake.maintenance(25, NULL);
	assert_false(fake.underflow[0]);
	sync(vcpu(0));
	flush(vcpu(0));
	assert_int_equal(lr(vcpu(0), 0)->intid, 34);
	assert_int_equal(lr(vcpu(0), 1)->intid, 33);
	assert_true(fake.underflow[0]); /* 35 still waits */

	guest_handles(vcpu(0), 1);
	flush(vcpu(0));
	assert_int_equal(lr(vcpu(0), 1)->intid, 35);
	assert_false(fake.underflow[0]);
	guest_handles(vcpu(0), 0);
	guest_handles(vcpu(0), 1);
	flush(vcpu(0));
	assert_int_equal(fake.lr_writes, 4);
	assert_int_equal(fake.vcpu[0].vgic->lr_used, 0);
}

static void test_disabled_or_active_is_not_delivered(void **state)
{
	(void)state;
	fake_vgic_reset(3, 1, 4);
	set_edge(vcpu(0), 40);
	raise_edge(vcpu(0), 40); /* pending, not enabled */
	edge_irq(vcpu(0), 41, 0xa0);
	raise_edge(vcpu(0), 41);
	bit_write(vcpu(0), GICD_ISACTIVER, 41); /* pending and active */
	flush(vcpu(0));
	assert_int_equal(fake.lr_writes, 0);
	assert_false(fake.underflow[0]);

	enable(vcpu(0), 40);
	flush(vcpu(0));
	assert_int_equal(lr(vcpu(0), 0)->intid, 40);
	bit_write(vcpu(0), GICD_ICACTIVER, 41);
	flush(vcpu(0));
	assert_int_equal(lr(vcpu(0), 1)->intid, 41);
	assert_int_equal(fake.lr_writes, 2);
}

static void test_spi_goes_only_to_its_target(void **state)
{
	(void)state;
	for (int version = 2; version <= 3; version++) {
		fake_vgic_reset(version, 2, 4);
		edge_irq(vcpu(0), 50, 0xa0);
		route(50, 1);
		memset(fake.wakes, 0, sizeof(fake.wakes));
		raise_edge(NULL, 50);
		assert_int_equal(fake.wakes[0], 0);
		assert_int_equal(fake.wakes[1], 1);
		flush(vcpu(0));
		assert_int_equal(fake.lr_writes, 0);
		flush(vcpu(1));
		assert_int_equal(lr(vcpu(1), 0)->intid, 50);
		assert_int_equal(fake.lr_writes, 1);
	}
}

static void test_level_stays_pending_while_high(void **state)
{
	(void)state;
	fake_vgic_reset(3, 1, 4);
	set_priority(vcpu(0), 40, 0xa0); /* SPIs are level at reset */
	enable(vcpu(0), 40);
	set_level(NULL, 40, true);
	flush(vcpu(0));
	assert_int_equal(lr(vcpu(0), 0)->intid, 40);
	assert_true(lr(vcpu(0), 0)->eoi_maint); /* to look at the line again */

	/* Deactivated with the line still high: pending again at once. */
	guest_handles(vcpu(0), 0);
	assert_int_equal(irq_of(NULL, 40)->lr, VGIC_NO_LR);
	flush(vcpu(0));
	assert_int_equal(lr(vcpu(0), 0)->intid, 40);
	assert_int_equal(fake.lr[0][0].writes, 2);

	/* The line drops while the guest handles it: not delivered again. */
	fake_guest_ack(0);
	set_level(NULL, 40, false);
	fake_guest_deactivate(0);
	sync(vcpu(0));
	flush(vcpu(0));
	assert_int_equal(fake.lr_writes, 2);

	/* The line drops before the guest took it: withdrawn from the list register. */
	set_level(NULL, 40, true);
	flush(vcpu(0));
	set_level(NULL, 40, false);
	sync(vcpu(0));
	assert_false(fake.lr[0][0].valid);
	assert_int_equal(fake.vcpu[0].vgic->lr_used, 0);
}

static void test_level_dropped_on_this_pcpu_is_withdrawn_at_once(void **state)
{
	(void)state;
	fake_vgic_reset(3, 2, 4);
	set_priority(vcpu(0), 30, 0xa0); /* the physical timer's PPI: level */
	enable(vcpu(0), 30);
	set_priority(vcpu(1), 30, 0xa0);
	enable(vcpu(1), 30);

	/* vCPU 0 runs here: its timer's line drops (a trapped CNTP_CTL write) before the guest
	 * took the interrupt, so there is nothing left for the guest to take at its next
	 * unmask, without waiting for an exit. */
	set_level(vcpu(0), 30, true);
	flush(vcpu(0));
	assert_int_equal(lr(vcpu(0), 0)->intid, 30);
	set_level(vcpu(0), 30, false);
	assert_false(fake.lr[0][0].valid);
	assert_int_equal(irq_of(vcpu(0), 30)->lr, VGIC_NO_LR);

	/* Taken already (active): the guest's handler finishes it; nothing is withdrawn. */
	set_level(vcpu(0), 30, true);
	flush(vcpu(0));
	fake_guest_ack(0);
	set_level(vcpu(0), 30, false);
	assert_true(fake.lr[0][0].valid);
	fake_guest_deactivate(0);
	sync(vcpu(0));
	flush(vcpu(0));
	assert_int_equal(fake.vcpu[0].vgic->lr_used, 0);

	/* vCPU 1 is not the one on this pCPU: its list registers are not this pCPU's to touch;
	 * its next exit withdraws it. */
	set_level(vcpu(1), 30, true);
	flush(vcpu(1));
	fake_run_on(vcpu(0));
	set_level(vcpu(1), 30, false);
	assert_true(fake.lr[1][0].valid);
	sync(vcpu(1));
	assert_false(fake.lr[1][0].valid);
}

static void test_edge_raised_again_while_active_is_pending_and_active(void **state)
{
	(void)state;
	fake_vgic_reset(3, 1, 4);
	edge_irq(vcpu(0), 45, 0xa0);
	raise_edge(NULL, 45);
	flush(vcpu(0));
	fake_guest_ack(0);
	sync(vcpu(0));
	assert_true(irq_of(NULL, 45)->active);

	raise_edge(NULL, 45);
	flush(vcpu(0));
	assert_int_equal(lr(vcpu(0), 0)->state, LR_PENDING_ACTIVE);
	assert_int_equal(fake.lr[0][0].hw_state, LR_PENDING_ACTIVE);
	assert_int_equal(fake.lr[0][1].writes, 0); /* not a second list register */
	assert_int_equal(fake.vcpu[0].vgic->lr_used, 1);

	/* Deactivating the first leaves the second pending in the same list register. */
	fake_guest_deactivate(0);
	sync(vcpu(0));
	assert_int_equal(fake.lr[0][0].hw_state, LR_PENDING);
	guest_handles(vcpu(0), 0);
	flush(vcpu(0));
	assert_int_equal(fake.lr_writes, 2);
	assert_int_equal(fake.vcpu[0].vgic->lr_used, 0);
}

static void test_edge_raised_again_while_pending_merges(void **state)
{
	(void)state;
	for (unsigned int intid = 3; intid <= 45; intid += 42) { /* an SGI, an SPI */
		fake_vgic_reset(3, 1, 4);
		edge_irq(vcpu(0), intid, 0xa0);
		raise_edge(vcpu(0), intid);
		flush(vcpu(0));
		raise_edge(vcpu(0), intid);
		flush(vcpu(0));
		assert_int_equal(lr(vcpu(0), 0)->state, LR_PENDING);
		assert_int_equal(fake.vcpu[0].vgic->lr_used, 1);
		guest_handles(vcpu(0), 0);
		flush(vcpu(0)); /* one interrupt, taken once */
		assert_int_equal(fake.vcpu[0].vgic->lr_used, 0);
	}
}

/* GICv2 GICD_SGIR (IHI 0048B 4.3.15) from sender to target's SGI sgi. */
static void send_sgi(unsigned int sender, unsigned int target, unsigned int sgi)
{
	gic_access(vcpu(sender), VGIC_NR_PRIVATE, GICD_SGIR, 4, true, (1U << target) << 16 | sgi);
}

static void test_v2_sgis_from_two_senders(void **state)
{
	(void)state;
	/* Both senders before the entry: one list register names sender 0 and asks for EOI
	 * maintenance; the flush after the deactivation delivers sender 1's. */
	fake_vgic_reset(2, 3, 4);
	edge_irq(vcpu(2), 2, 0xa0);
	send_sgi(0, 2, 2);
	send_sgi(1, 2, 2);
	flush(vcpu(2));
	assert_int_equal(lr(vcpu(2), 0)->intid, 2);
	assert_int_equal(lr(vcpu(2), 0)->source, 0);
	assert_true(lr(vcpu(2), 0)->eoi_maint);
	assert_int_equal(fake.vcpu[2].vgic->lr_used, 1);
	guest_handles(vcpu(2), 0);
	flush(vcpu(2));
	assert_int_equal(lr(vcpu(2), 0)->source, 1);
	assert_false(lr(vcpu(2), 0)->eoi_maint);
	guest_handles(vcpu(2), 0);
	flush(vcpu(2));
	assert_int_equal(fake.lr_writes, 2);

	/* The second sender while the first is still in its list register: the same. */
	fake_vgic_reset(2, 3, 4);
	edge_irq(vcpu(2), 2, 0xa0);
	send_sgi(0, 2, 2);
	flush(vcpu(2));
	assert_false(lr(vcpu(2), 0)->eoi_maint);
	fake_run_on(vcpu(2));
	fake_guest_ack(0);
	send_sgi(1, 2, 2);
	flush(vcpu(2));
	assert_int_equal(lr(vcpu(2), 0)->source, 0);
	assert_int_equal(lr(vcpu(2), 0)->state, LR_ACTIVE); /* not sender 1's to make pending */
	assert_true(lr(vcpu(2), 0)->eoi_maint);
	assert_int_equal(fake.vcpu[2].vgic->lr_used, 1);
	fake_guest_deactivate(0);
	sync(vcpu(2));
	flush(vcpu(2));
	assert_int_equal(lr(vcpu(2), 0)->source, 1);

	/* The same sender again while active: pending and active, as any edge. */
	fake_guest_ack(0);
	send_sgi(1, 2, 2);
	flush(vcpu(2));
	assert_int_equal(lr(vcpu(2), 0)->state, LR_PENDING_ACTIVE);
	assert_int_equal(lr(vcpu(2), 0)->source, 1);
	assert_false(lr(vcpu(2), 0)->eoi_maint);
}

/* GICv2 GICD_ITARGETSR byte of intid, read or written with a byte access. */
static uint8_t targets_read(unsigned int intid)
{
	return (uint8_t)gic_access(vcpu(0), intid, GICD_ITARGETSR + intid, 1, false, 0);
}

static void targets_write(unsigned int intid, uint8_t mask)
{
	gic_access(vcpu(0), intid, GICD_ITARGETSR + intid, 1, true, mask);
}

static void test_v2_itargetsr_keeps_the_mask_of_the_vcpus_that_exist(void **state)
{
	(void)state;
	fake_vgic_reset(2, 3, 4);
	assert_int_equal(targets_read(40), 0x01); /* vCPU 0 until the guest says otherwise */
	targets_write(40, 0x06);
	assert_int_equal(targets_read(40), 0x06); /* the whole mask, not its lowest bit */
	targets_write(40, 0xff);
	assert_int_equal(targets_read(40), 0x07); /* CPU interfaces 3-7 do not exist: RAZ/WI */
	targets_write(40, 0x88);
	assert_int_equal(targets_read(40), 0x00);
	targets_write(40, 0x00);
	assert_int_equal(targets_read(40), 0x00); /* 0 is a value, not ignored */

	/* A word access is four bytes, one per interrupt. */
	gic_access(vcpu(0), 44, GICD_ITARGETSR + 44, 4, true, 0x00ff0306);
	assert_int_equal(gic_access(vcpu(0), 44, GICD_ITARGETSR + 44, 4, false, 0), 0x00070306);

	/* SGIs and PPIs: read-only, each the reading vCPU's own bit. */
	gic_access(vcpu(2), 27, GICD_ITARGETSR + 24, 4, true, 0x01010101);
	assert_int_equal(gic_access(vcpu(2), 27, GICD_ITARGETSR + 24, 4, false, 0), 0x04040404);
}

static void test_v2_spi_goes_to_the_lowest_online_target(void **state)
{
	(void)state;
	fake_vgic_reset(2, 3, 4);
	fake.vcpu[0].state = VCPU_RUNNABLE;
	fake.vcpu[1].state = VCPU_OFFLINE;
	fake.vcpu[2].state = VCPU_RUNNABLE;
	edge_irq(vcpu(0), 50, 0xa0);
	targets_write(50, 0x06);
	memset(fake.wakes, 0, sizeof(fake.wakes));
	raise_edge(NULL, 50);
	assert_int_equal(fake.wakes[1], 0);
	assert_int_equal(fake.wakes[2], 1);
	flush(vcpu(1));
	assert_int_equal(fake.lr_writes, 0);
	flush(vcpu(2));
	assert_int_equal(lr(vcpu(2), 0)->intid, 50);
	guest_handles(vcpu(2), 0);

	/* Once vCPU 1 is up it is the lowest-numbered online target. */
	fake.vcpu[1].state = VCPU_RUNNABLE;
	raise_edge(NULL, 50);
	flush(vcpu(2));
	assert_int_equal(fake.lr_writes, 1);
	flush(vcpu(1));
	assert_int_equal(lr(vcpu(1), 0)->intid, 50);
	assert_int_equal(fake.lr_writes, 2);
}

static void test_v2_spi_with_no_target_is_not_forwarded(void **state)
{
	(void)state;
	fake_vgic_reset(2, 2, 4);
	edge_irq(vcpu(0), 50, 0xa0);
	targets_write(50, 0x00);
	memset(fake.wakes, 0, sizeof(fake.wakes));
	raise_edge(NULL, 50);
	assert_int_equal(fake.wakes[0] + fake.wakes[1], 0);
	flush(vcpu(0));
	flush(vcpu(1));
	assert_int_equal(fake.lr_writes, 0);
	/* Pending in the distributor all along: a target takes it. */
	assert_int_equal(gic_access(vcpu(0), 50, GICD_ISPENDR + 4, 4, false, 0), 1U << (50 - 32));
	targets_write(50, 0x02);
	assert_int_equal(fake.wakes[1], 1);
	flush(vcpu(1));
	assert_int_equal(lr(vcpu(1), 0)->intid, 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flush_with_nothing_pending_writes_nothing),
		cmocka_unit_test(test_candidates_in_priority_then_intid_order),
		cmocka_unit_test(test_more_pending_than_lrs_underflows_and_refills),
		cmocka_unit_test(test_disabled_or_active_is_not_delivered),
		cmocka_unit_test(test_spi_goes_only_to_its_target),
		cmocka_unit_test(test_level_stays_pending_while_high),
		cmocka_unit_test(test_level_dropped_on_this_pcpu_is_withdrawn_at_once),
		cmocka_unit_test(test_edge_raised_again_while_active_is_pending_and_active),
		cmocka_unit_test(test_edge_raised_again_while_pending_merges),
		cmocka_unit_test(test_v2_sgis_from_two_senders),
		cmocka_unit_test(test_v2_itargetsr_keeps_the_mask_of_the_vcpus_that_exist),
		cmocka_unit_test(test_v2_spi_goes_to_the_lowest_online_target),
		cmocka_unit_test(test_v2_spi_with_no_target_is_not_forwarded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
