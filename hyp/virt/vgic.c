// SPDX-License-Identifier: Apache-2.0
/*
 * vGIC core: interrupt state and list-register management, the same for GICv2 and GICv3.
 * An interrupt is pending for a vCPU when it is enabled and either latched (edge, SGI) or its
 * line is high (level). Before each guest entry the best pending interrupts (lowest priority
 * value first) go into free list registers; after each exit the list registers are read back
 * and the ones the guest has finished with are freed. With more pending than list registers,
 * an underflow maintenance interrupt brings the vCPU back to refill them.
 * One lock per domain covers all of its interrupt state.
 */
#include <drivers/gic.h>
#include <public/arch-arm.h>
#include <string.h>
#include <tessera/errno.h>
#include <tessera/irq.h>
#include <tessera/printk.h>
#include <virt/vgic_hw.h>

static const struct vgic_hw *hw;

static void maintenance_irq(unsigned int intid, void *ctx)
{
	(void)intid;
	(void)ctx;
	/* The exit it caused already refilled the list registers; stop asking until the next
	 * flush decides it needs another underflow. */
	hw->set_underflow(false);
}

int vgic_hw_init(void)
{
	const struct gic_info *g = gic_get_info();

	hw = g->version == 3 ? vgic_v3_hw() : vgic_v2_hw();
	if (hw == NULL)
		return -ENODEV;
	if (g->maintenance_irq != 0 && irq_register(g->maintenance_irq, maintenance_irq, NULL) < 0)
		return -EBUSY;
	return 0;
}

void vgic_hw_init_cpu(void)
{
	const struct gic_info *g = gic_get_info();

	if (g->maintenance_irq != 0)
		irq_enable(g->maintenance_irq, IRQ_PRIO_HIGH, true);
}

struct vgic_irq *vgic_irq_of(struct domain *d, struct vcpu *v, unsigned int intid)
{
	if (intid < VGIC_NR_PRIVATE)
		return v != NULL ? &v->vgic.priv[intid] : NULL;
	if (intid - VGIC_NR_PRIVATE < d->vgic.nr_spis)
		return &d->vgic.spi[intid - VGIC_NR_PRIVATE];
	return NULL;
}

struct vcpu *vgic_target_of(struct domain *d, struct vcpu *v, unsigned int intid)
{
	struct vgic_irq *irq;

	if (intid < VGIC_NR_PRIVATE)
		return v;
	irq = vgic_irq_of(d, v, intid);
	if (irq == NULL || irq->target >= d->nr_vcpus)
		return d->vcpus[0];
	return d->vcpus[irq->target];
}

int vgic_domain_init(struct domain *d)
{
	struct vgic_dist *dist = &d->vgic;

	dist->version = gic_get_info()->version;
	dist->nr_spis = VGIC_MAX_SPIS;
	for (unsigned int i = 0; i < dist->nr_spis; i++) {
		dist->spi[i].lr = VGIC_NO_LR;
		dist->spi[i].level_triggered = true;
	}
	return hw->domain_init(d);
}

int vgic_vcpu_init(struct vcpu *v)
{
	struct vgic_cpu *c = &v->vgic;

	memset(c, 0, sizeof(*c));
	for (unsigned int i = 0; i < VGIC_NR_PRIVATE; i++) {
		c->priv[i].lr = VGIC_NO_LR;
		c->priv[i].target = (uint8_t)v->id;
		/* SGIs are edge; PPIs level (the architected timers are level, GICv3 6.1). */
		c->priv[i].level_triggered = i >= 16;
	}
	c->redist_waker_sleep = true;
	return 0;
}

static bool is_pending(const struct vgic_irq *irq)
{
	return irq->pending_latch || (irq->level_triggered && irq->line_level);
}

void vgic_kick(struct vcpu *v)
{
	if (v != NULL)
		vcpu_wake(v);
}

void vgic_inject_edge(struct domain *d, struct vcpu *target, unsigned int intid)
{
	uint64_t flags = spin_lock_irqsave(&d->vgic.lock);
	struct vgic_irq *irq = vgic_irq_of(d, target, intid);
	struct vcpu *v = vgic_target_of(d, target, intid);

	if (irq != NULL)
		irq->pending_latch = true;
	spin_unlock_irqrestore(&d->vgic.lock, flags);
	if (irq != NULL && irq->enabled)
		vgic_kick(v);
}

void vgic_set_level(struct domain *d, struct vcpu *target, unsigned int intid, bool high)
{
	uint64_t flags = spin_lock_irqsave(&d->vgic.lock);
	struct vgic_irq *irq = vgic_irq_of(d, target, intid);
	struct vcpu *v = vgic_target_of(d, target, intid);
	bool rising = irq != NULL && high && !irq->line_level;

	if (irq != NULL) {
		irq->line_level = high;
		if (rising && !irq->level_triggered)
			irq->pending_latch = true; /* configured as edge: a rising edge latches */
	}
	spin_unlock_irqrestore(&d->vgic.lock, flags);
	if (rising && irq->enabled)
		vgic_kick(v);
}

/* The best interrupt for v not yet in a list register, or NULL. Caller holds the lock. */
static struct vgic_irq *best_candidate(struct domain *d, struct vcpu *v, unsigned int *intid)
{
	struct vgic_irq *best = NULL;

	for (unsigned int i = 0; i < VGIC_NR_PRIVATE + d->vgic.nr_spis; i++) {
		struct vgic_irq *irq =
			i < VGIC_NR_PRIVATE ? &v->vgic.priv[i] : &d->vgic.spi[i - VGIC_NR_PRIVATE];

		if (irq->lr != VGIC_NO_LR || !irq->enabled || !is_pending(irq) || irq->active)
			continue;
		if (i >= VGIC_NR_PRIVATE && irq->target != v->id)
			continue;
		if (best == NULL || irq->priority < best->priority) {
			best = irq;
			*intid = i;
		}
	}
	return best;
}

static int free_lr(const struct vcpu *v)
{
	for (unsigned int i = 0; i < hw->nr_lrs; i++) {
		if (v->vgic.lr_intid[i] == 0)
			return (int)i;
	}
	return -1;
}

/*
 * An edge interrupt raised again while a list register still holds it (pending, or active in
 * the guest's handler) is not a new candidate: a vINTID may be in only one list register
 * (GICv3 IHI 0069H 12.4.10, ICH_LR<n>_EL2.vINTID: UNPREDICTABLE otherwise). Left latched,
 * the guest would deactivate the old one without a trap and, with vwfi=native, sleep in
 * WFI with the new one never delivered. So it goes into that same list register: pending
 * on top of active is the architecture's "active and pending" state (State 0b11, GICv3 4.1.2;
 * GICv2 IHI 0048B 5.3.11 GICH_LR), which becomes pending when the guest deactivates it;
 * pending on top of pending is one interrupt, as for a physical edge. A GICv2 SGI names one
 * sender per list register (GICH_LR.CPUID), so an SGI from another sender cannot join it:
 * that list register asks for a maintenance interrupt on deactivation (GICH_LR.EOI), and the
 * flush after it delivers the other. A list register that already asks for one (level
 * interrupts) needs nothing: the flush after the deactivation delivers the latch.
 * Caller holds the lock.
 */
static void raise_in_lrs(struct domain *d, struct vcpu *v)
{
	for (unsigned int i = 0; i < hw->nr_lrs; i++) {
		struct vgic_lr *lr = &v->vgic.lr[i];
		struct vgic_irq *irq;
		bool v2_sgi;
		uint32_t *sources;

		if (v->vgic.lr_intid[i] == 0)
			continue;
		irq = vgic_irq_of(d, v, lr->intid);
		if (irq == NULL || !irq->pending_latch || !irq->enabled || lr->eoi_maint)
			continue;
		v2_sgi = lr->intid < 16 && d->vgic.version == 2;
		sources = &v->vgic.sgi_source[lr->intid & 15];
		if (!v2_sgi || (*sources & (1U << lr->source)) != 0) {
			lr->state = hw->read_lr_state(i) | LR_PENDING;
			if (v2_sgi)
				*sources &= ~(1U << lr->source);
			irq->pending_latch = v2_sgi && *sources != 0;
			irq->lr_latched = true;
		}
		lr->eoi_maint = irq->pending_latch;
		hw->write_lr(i, lr);
	}
}

void vgic_flush(struct vcpu *v)
{
	struct domain *d = v->domain;
	uint64_t flags = spin_lock_irqsave(&d->vgic.lock);
	bool more = false;

	raise_in_lrs(d, v);

	for (unsigned int n = 0; n < hw->nr_lrs; n++) {
		unsigned int intid = 0;
		struct vgic_irq *irq = best_candidate(d, v, &intid);
		int lr = irq != NULL ? free_lr(v) : -1;
		struct vgic_lr val;

		if (irq == NULL)
			break;
		if (lr < 0) {
			more = true;
			break;
		}
		val = (struct vgic_lr){ .intid = intid,
					.priority = irq->priority,
					.state = LR_PENDING,
					.source = 0,
					.eoi_maint = irq->level_triggered };
		if (intid < 16 && d->vgic.version == 2) {
			/* GICv2 SGIs name their sender; one sender per list register. */
			uint32_t src = v->vgic.sgi_source[intid];

			val.source = src != 0 ? (uint8_t)__builtin_ctz(src) : 0;
			v->vgic.sgi_source[intid] &= ~(1U << val.source);
		}
		hw->write_lr((unsigned int)lr, &val);
		v->vgic.lr[lr] = val;
		v->vgic.lr_intid[lr] = (uint16_t)(intid == 0 ? 0xffff : intid);
		irq->lr = (uint8_t)lr;
		irq->lr_latched = irq->pending_latch;
		if (intid >= 16 || d->vgic.version != 2 || v->vgic.sgi_source[intid] == 0)
			irq->pending_latch = false;
	}
	if (!more) {
		unsigned int intid;

		more = best_candidate(d, v, &intid) != NULL;
	}
	hw->set_underflow(more);
	spin_unlock_irqrestore(&d->vgic.lock, flags);
}

void vgic_sync(struct vcpu *v)
{
	struct domain *d = v->domain;
	uint64_t flags = spin_lock_irqsave(&d->vgic.lock);

	for (unsigned int i = 0; i < hw->nr_lrs; i++) {
		unsigned int intid = v->vgic.lr_intid[i];
		struct vgic_irq *irq;
		uint8_t state;

		if (intid == 0)
			continue;
		intid = intid == 0xffff ? 0 : intid;
		irq = vgic_irq_of(d, v, intid);
		state = hw->read_lr_state(i);
		if (irq == NULL)
			continue;
		irq->active = state == LR_ACTIVE || state == LR_PENDING_ACTIVE;
		if (state == LR_PENDING && irq->level_triggered && !irq->line_level &&
		    !irq->pending_latch && !irq->lr_latched) {
			/* The line dropped before the guest took it: withdraw it (a level
			 * interrupt is only pending while its line is high). */
			state = LR_INVALID;
		}
		if (state == LR_INVALID) {
			/* Acknowledged and deactivated: the list register is free again. A level
			 * interrupt whose line is still high will be flushed again. */
			hw->clear_lr(i);
			v->vgic.lr_intid[i] = 0;
			irq->lr = VGIC_NO_LR;
			irq->active = false;
		}
	}
	spin_unlock_irqrestore(&d->vgic.lock, flags);
}

bool vgic_vcpu_has_pending(struct vcpu *v)
{
	struct domain *d = v->domain;
	uint64_t flags = spin_lock_irqsave(&d->vgic.lock);
	uint8_t pmr = hw->pmr(v);
	bool pending = false;

	for (unsigned int i = 0; i < VGIC_NR_PRIVATE + d->vgic.nr_spis && !pending; i++) {
		struct vgic_irq *irq =
			i < VGIC_NR_PRIVATE ? &v->vgic.priv[i] : &d->vgic.spi[i - VGIC_NR_PRIVATE];

		if (i >= VGIC_NR_PRIVATE && irq->target != v->id)
			continue;
		if (irq->lr != VGIC_NO_LR && !irq->active)
			pending = true; /* in a list register, not yet taken */
		else if (irq->enabled && is_pending(irq) && !irq->active && irq->priority < pmr)
			pending = true;
	}
	spin_unlock_irqrestore(&d->vgic.lock, flags);
	return pending;
}

void vgic_vcpu_load(struct vcpu *v)
{
	hw->load(v);
}

void vgic_vcpu_put(struct vcpu *v)
{
	hw->put(v);
}

void vgic_send_sgi(struct vcpu *source, unsigned int intid, uint64_t targets)
{
	struct domain *d = source->domain;
	uint64_t flags = spin_lock_irqsave(&d->vgic.lock);
	uint64_t woken = 0;

	for (unsigned int i = 0; i < d->nr_vcpus && i < 64; i++) {
		struct vgic_irq *irq;

		if (!(targets & (1ULL << i)))
			continue;
		irq = &d->vcpus[i]->vgic.priv[intid & 15];
		irq->pending_latch = true;
		d->vcpus[i]->vgic.sgi_source[intid & 15] |= 1U << (source->id & 7);
		if (irq->enabled)
			woken |= 1ULL << i;
	}
	spin_unlock_irqrestore(&d->vgic.lock, flags);
	for (unsigned int i = 0; i < d->nr_vcpus && i < 64; i++) {
		if (woken & (1ULL << i))
			vgic_kick(d->vcpus[i]);
	}
}
