// SPDX-License-Identifier: Apache-2.0
/*
 * vGIC core: interrupt state and list-register management, the same for GICv2 and GICv3.
 * An interrupt is pending for a vCPU when it is enabled and either latched (edge, SGI) or its
 * line is high (level). Before each guest entry the best pending interrupts (lowest priority
 * value first) go into free list registers; after each exit the list registers are read back
 * and the ones the guest has finished with are freed. With more pending than list registers,
 * an underflow maintenance interrupt brings the vCPU back to refill them.
 * Bitmaps of the enabled and pending interrupts (per vCPU for SGIs and PPIs, per domain for
 * SPIs) tell an entry where to look, so that one with nothing pending costs a few loads.
 * One lock per domain covers all of its interrupt state.
 */
#include <drivers/gic.h>
#include <public/arch-arm.h>
#include <string.h>
#include <tessera/domain_ext.h>
#include <tessera/errno.h>
#include <tessera/irq.h>
#include <tessera/printk.h>
#include <virt/vgic_hw.h>

static const struct vgic_hw *hw;

static void maintenance_irq(unsigned int intid, void *ctx)
{
	(void)intid;
	(void)ctx;
	struct vcpu *v = current_vcpu();

	/* The exit it caused already refilled the list registers; stop asking until the next
	 * flush decides it needs another underflow. */
	hw->set_underflow(false);
	if (v != NULL)
		v->vgic->underflow = false;
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
		return v != NULL ? &v->vgic->priv[intid] : NULL;
	if (intid - VGIC_NR_PRIVATE < d->vgic->nr_spis)
		return &d->vgic->spi[intid - VGIC_NR_PRIVATE];
	return NULL;
}

/*
 * The vCPU an SPI is forwarded to, or NULL for none. GICv3: the one its GICD_IROUTER names.
 * GICv2: an SPI may target several CPU interfaces (GICD_ITARGETSR, IHI 0048B 4.3.12); it is
 * delivered to one of them, the lowest-numbered that is online (the lowest-numbered of all
 * when none is, which takes it once it comes up); a mask of 0 forwards it to none.
 */
static struct vcpu *spi_target(const struct domain *d, const struct vgic_irq *irq)
{
	struct vcpu *fallback = NULL;

	if (d->vgic->version != 2)
		return irq->target < d->nr_vcpus ? d->vcpus[irq->target] : d->vcpus[0];
	/* At most 8 turns: GICv2 has 8 CPU interfaces. */
	for (unsigned int i = 0; i < d->nr_vcpus && i < 8; i++) {
		struct vcpu *v = d->vcpus[i];

		if ((irq->targets & (1U << i)) == 0)
			continue;
		if (v->state != VCPU_OFFLINE)
			return v;
		if (fallback == NULL)
			fallback = v;
	}
	return fallback;
}

struct vcpu *vgic_target_of(struct domain *d, struct vcpu *v, unsigned int intid)
{
	struct vgic_irq *irq;

	if (intid < VGIC_NR_PRIVATE)
		return v;
	irq = vgic_irq_of(d, v, intid);
	return irq != NULL ? spi_target(d, irq) : NULL;
}

int vgic_domain_init(struct domain *d)
{
	struct vgic_dist *dist = d->vgic;

	dist->version = gic_get_info()->version;
	dist->nr_spis = VGIC_MAX_SPIS;
	for (unsigned int i = 0; i < dist->nr_spis; i++) {
		dist->spi[i].lr = VGIC_NO_LR;
		dist->spi[i].level_triggered = true;
		dist->spi[i].targets = 1; /* vCPU 0, as Xen's vGIC starts them */
	}
	return hw->domain_init(d);
}

int vgic_vcpu_init(struct vcpu *v)
{
	struct vgic_cpu *c = v->vgic;

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

void vgic_update_pending(struct domain *d, struct vcpu *v, unsigned int intid)
{
	const struct vgic_irq *irq = vgic_irq_of(d, v, intid);
	bool on = irq != NULL && irq->enabled && is_pending(irq);

	if (irq == NULL)
		return;
	if (intid < VGIC_NR_PRIVATE) {
		uint32_t *word = &v->vgic->pending_priv;
		uint32_t bit = 1U << intid;

		__atomic_store_n(word, on ? (*word | bit) : (*word & ~bit), __ATOMIC_RELAXED);
	} else {
		uint64_t *word = &d->vgic->pending_spi[intid / 64];
		uint64_t bit = 1ULL << (intid % 64);

		__atomic_store_n(word, on ? (*word | bit) : (*word & ~bit), __ATOMIC_RELAXED);
	}
}

void vgic_kick(struct vcpu *v)
{
	if (v != NULL)
		vcpu_wake(v);
}

void vgic_inject_edge(struct domain *d, struct vcpu *target, unsigned int intid)
{
	uint64_t flags = spin_lock_irqsave(&d->vgic->lock);
	struct vgic_irq *irq = vgic_irq_of(d, target, intid);
	struct vcpu *v = vgic_target_of(d, target, intid);

	if (irq != NULL) {
		irq->pending_latch = true;
		vgic_update_pending(d, target, intid);
	}
	spin_unlock_irqrestore(&d->vgic->lock, flags);
	if (irq != NULL && irq->enabled)
		vgic_kick(v);
}

/* A level interrupt in a list register, still pending there (not taken), whose line dropped
 * before the guest took it and that nothing latched: no longer pending (a level-sensitive
 * interrupt is pending only while its line is asserted, GICv3 IHI 0069H 4.1.2). */
static bool dropped(const struct vgic_irq *irq, uint8_t state)
{
	return state == LR_PENDING && irq->level_triggered && !irq->line_level &&
	       !irq->pending_latch && !irq->lr_latched;
}

/* List register i of v (loaded here) holding irq is free again. Caller holds the lock. */
static void release_lr(struct vcpu *v, unsigned int i, struct vgic_irq *irq)
{
	hw->clear_lr(i);
	v->vgic->lr_used &= (uint16_t) ~(1U << i);
	irq->lr = VGIC_NO_LR;
	irq->active = false;
}

/* irq's line dropped: if the vCPU loaded on this pCPU holds it in a list register the guest
 * has not taken it from, withdraw it now, so that a trapped write lowering a timer's output
 * (CNTP_CTL.IMASK with PSTATE.I set) leaves nothing stale to take at the next unmask. The
 * list registers of a vCPU on another pCPU are looked at in its next vgic_sync. Caller holds
 * the lock. */
static void withdraw_dropped(const struct domain *d, unsigned int intid, struct vgic_irq *irq)
{
	struct vcpu *cur = current_vcpu();
	unsigned int i = irq->lr;

	if (i == VGIC_NO_LR || cur == NULL || cur->domain != d ||
	    (cur->vgic->lr_used & (1U << i)) == 0 || cur->vgic->lr[i].intid != intid)
		return;
	if (dropped(irq, hw->read_lr_state(i)))
		release_lr(cur, i, irq);
}

void vgic_set_level(struct domain *d, struct vcpu *target, unsigned int intid, bool high)
{
	uint64_t flags = spin_lock_irqsave(&d->vgic->lock);
	struct vgic_irq *irq = vgic_irq_of(d, target, intid);
	struct vcpu *v = vgic_target_of(d, target, intid);
	bool rising = irq != NULL && high && !irq->line_level;

	if (irq != NULL) {
		irq->line_level = high;
		if (rising && !irq->level_triggered)
			irq->pending_latch = true; /* configured as edge: a rising edge latches */
		vgic_update_pending(d, target, intid);
		if (!high)
			withdraw_dropped(d, intid, irq);
	}
	spin_unlock_irqrestore(&d->vgic->lock, flags);
	if (rising && irq->enabled)
		vgic_kick(v);
}

/* Calls fn(d, v, intid, irq, arg) for each interrupt whose bit is set in v's view of the
 * pending bitmaps (its own private ones, every SPI; each SPI's target is for fn to check),
 * until fn returns true. Caller holds the lock. */
typedef bool (*pending_fn)(struct vcpu *v, unsigned int intid, struct vgic_irq *irq, void *arg);

static void for_each_pending(struct domain *d, struct vcpu *v, pending_fn fn, void *arg)
{
	for (unsigned int w = 0; w < VGIC_NR_LINES / 64; w++) {
		uint64_t bits = d->vgic->pending_spi[w] | (w == 0 ? v->vgic->pending_priv : 0);

		/* At most 64 turns: each clears the lowest bit set. */
		while (bits != 0) {
			unsigned int intid = w * 64 + (unsigned int)__builtin_ctzll(bits);
			struct vgic_irq *irq = vgic_irq_of(d, v, intid);

			bits &= bits - 1;
			if (irq != NULL && fn(v, intid, irq, arg))
				return;
		}
	}
}

/* Enabled, pending, neither active nor in a list register, and routed to v. */
static bool deliverable(const struct vcpu *v, unsigned int intid, const struct vgic_irq *irq)
{
	if (!irq->enabled || !is_pending(irq) || irq->active || irq->lr != VGIC_NO_LR)
		return false;
	return intid < VGIC_NR_PRIVATE || spi_target(v->domain, irq) == v;
}

struct candidate {
	struct vgic_irq *irq;
	unsigned int intid;
};

static bool consider(struct vcpu *v, unsigned int intid, struct vgic_irq *irq, void *arg)
{
	struct candidate *best = arg;

	if (deliverable(v, intid, irq) &&
	    (best->irq == NULL || irq->priority < best->irq->priority)) {
		best->irq = irq;
		best->intid = intid;
	}
	return false;
}

/* The best interrupt for v not yet in a list register (lowest priority value, then lowest
 * INTID), or NULL. Caller holds the lock. */
static struct vgic_irq *best_candidate(struct domain *d, struct vcpu *v, unsigned int *intid)
{
	struct candidate best = { NULL, 0 };

	for_each_pending(d, v, consider, &best);
	*intid = best.intid;
	return best.irq;
}

static int free_lr(const struct vcpu *v)
{
	uint32_t free = ~(uint32_t)v->vgic->lr_used & ((1U << hw->nr_lrs) - 1);

	return free != 0 ? __builtin_ctz(free) : -1;
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
	uint32_t used = v->vgic->lr_used;

	/* At most nr_lrs turns: each clears the lowest bit set. */
	while (used != 0) {
		unsigned int i = (unsigned int)__builtin_ctz(used);
		struct vgic_lr *lr = &v->vgic->lr[i];
		struct vgic_irq *irq = vgic_irq_of(d, v, lr->intid);
		bool v2_sgi = lr->intid < 16 && d->vgic->version == 2;
		uint32_t *sources = &v->vgic->sgi_source[lr->intid & 15];

		used &= used - 1;
		if (irq == NULL || !irq->pending_latch || !irq->enabled || lr->eoi_maint)
			continue;
		/* Rewritten below with the state the guest left it in (active if acknowledged),
		 * not the one it was filled with. */
		lr->state = hw->read_lr_state(i);
		if (!v2_sgi || (*sources & (1U << lr->source)) != 0) {
			lr->state |= LR_PENDING;
			if (v2_sgi)
				*sources &= ~(1U << lr->source);
			irq->pending_latch = v2_sgi && *sources != 0;
			irq->lr_latched = true;
			vgic_update_pending(d, v, lr->intid);
		}
		lr->eoi_maint = irq->pending_latch;
		hw->write_lr(i, lr);
	}
}

/* Puts irq (INTID intid) in list register i. Caller holds the lock. */
static void fill_lr(struct domain *d, struct vcpu *v, unsigned int i, unsigned int intid,
		    struct vgic_irq *irq)
{
	struct vgic_lr *lr = &v->vgic->lr[i];

	*lr = (struct vgic_lr){ .intid = intid,
				.priority = irq->priority,
				.state = LR_PENDING,
				.source = 0,
				.eoi_maint = irq->level_triggered };
	if (intid < 16 && d->vgic->version == 2) {
		/* GICv2 SGIs name their sender; one sender per list register. Another sender
		 * waiting asks for a maintenance interrupt on deactivation, as in raise_in_lrs:
		 * without it a guest in a native WFI would not see that SGI until an unrelated
		 * exit. */
		uint32_t src = v->vgic->sgi_source[intid];

		lr->source = src != 0 ? (uint8_t)__builtin_ctz(src) : 0;
		v->vgic->sgi_source[intid] &= ~(1U << lr->source);
		if (v->vgic->sgi_source[intid] != 0)
			lr->eoi_maint = true;
	}
	hw->write_lr(i, lr);
	v->vgic->lr_used |= (uint16_t)(1U << i);
	irq->lr = (uint8_t)i;
	irq->lr_latched = irq->pending_latch;
	if (intid >= 16 || d->vgic->version != 2 || v->vgic->sgi_source[intid] == 0)
		irq->pending_latch = false;
	vgic_update_pending(d, v, intid);
}

static bool nothing_pending(const struct vcpu *v)
{
	const struct domain *d = v->domain;
	uint64_t any = __atomic_load_n(&v->vgic->pending_priv, __ATOMIC_RELAXED);

	for (unsigned int w = 0; w < VGIC_NR_LINES / 64; w++)
		any |= __atomic_load_n(&d->vgic->pending_spi[w], __ATOMIC_RELAXED);
	return any == 0;
}

void vgic_flush(struct vcpu *v)
{
	struct domain *d = v->domain;
	uint64_t flags;
	bool more = false;
	bool none_left = false;

	/* Read without the lock: whoever sets a bit after this read kicks v (vgic_kick), and
	 * the IPI it sends makes v leave the guest at once and come back through here. Nothing
	 * pending means no candidate and no list register to raise (raise_in_lrs needs a latch,
	 * which sets a bit). */
	if (nothing_pending(v) && !v->vgic->underflow)
		return;
	flags = spin_lock_irqsave(&d->vgic->lock);
	raise_in_lrs(d, v);
	for (unsigned int n = 0; n < hw->nr_lrs; n++) {
		unsigned int intid = 0;
		struct vgic_irq *irq = best_candidate(d, v, &intid);
		int lr = irq != NULL ? free_lr(v) : -1;

		if (irq == NULL) {
			none_left = true;
			break;
		}
		if (lr < 0) {
			more = true;
			break;
		}
		fill_lr(d, v, (unsigned int)lr, intid, irq);
	}
	if (!more && !none_left) {
		/* Every list register was free and filled: is there one more? */
		unsigned int intid;

		more = best_candidate(d, v, &intid) != NULL;
	}
	if (more != v->vgic->underflow) {
		hw->set_underflow(more);
		v->vgic->underflow = more;
	}
	spin_unlock_irqrestore(&d->vgic->lock, flags);
}

void vgic_sync(struct vcpu *v)
{
	struct domain *d = v->domain;
	const struct vgic_cpu *c = v->vgic;
	uint64_t flags;
	uint32_t used = c->lr_used;

	/* lr_used is only changed on v's pCPU (here and in vgic_flush): no lock to read it. */
	if (used == 0)
		return;
	flags = spin_lock_irqsave(&d->vgic->lock);
	/* At most nr_lrs turns: each clears the lowest bit set. */
	while (used != 0) {
		unsigned int i = (unsigned int)__builtin_ctz(used);
		struct vgic_irq *irq = vgic_irq_of(d, v, c->lr[i].intid);
		uint8_t state = hw->read_lr_state(i);

		used &= used - 1;
		if (irq == NULL)
			continue;
		irq->active = state == LR_ACTIVE || state == LR_PENDING_ACTIVE;
		/* Deactivated, or its line dropped before the guest took it: the list register
		 * is free again. A level interrupt whose line is still high is flushed again. */
		if (state == LR_INVALID || dropped(irq, state))
			release_lr(v, i, irq);
	}
	spin_unlock_irqrestore(&d->vgic->lock, flags);
}

struct wake_check {
	uint8_t pmr;
	bool pending;
};

static bool takeable(struct vcpu *v, unsigned int intid, struct vgic_irq *irq, void *arg)
{
	struct wake_check *c = arg;

	if (intid >= VGIC_NR_PRIVATE && spi_target(v->domain, irq) != v)
		return false;
	c->pending = irq->enabled && is_pending(irq) && !irq->active && irq->priority < c->pmr;
	return c->pending;
}

bool vgic_vcpu_has_pending(struct vcpu *v)
{
	struct domain *d = v->domain;
	uint64_t flags = spin_lock_irqsave(&d->vgic->lock);
	struct wake_check c = { hw->pmr(v), false };
	uint32_t used = v->vgic->lr_used;

	/* In a list register and not yet taken: the guest's WFI would wake for it. At most
	 * nr_lrs turns. */
	while (used != 0 && !c.pending) {
		const struct vgic_irq *irq =
			vgic_irq_of(d, v, v->vgic->lr[__builtin_ctz(used)].intid);

		used &= used - 1;
		c.pending = irq != NULL && !irq->active;
	}
	if (!c.pending)
		for_each_pending(d, v, takeable, &c);
	spin_unlock_irqrestore(&d->vgic->lock, flags);
	return c.pending;
}

void vgic_vcpu_load(struct vcpu *v)
{
	hw->load(v);
	v->vgic->underflow = false; /* load enables the interface with nothing else */
}

void vgic_vcpu_put(struct vcpu *v)
{
	hw->put(v);
}

void vgic_send_sgi(struct vcpu *source, unsigned int intid, uint64_t targets)
{
	struct domain *d = source->domain;
	uint64_t flags = spin_lock_irqsave(&d->vgic->lock);
	uint64_t woken = 0;

	for (unsigned int i = 0; i < d->nr_vcpus && i < 64; i++) {
		struct vgic_irq *irq;

		if (!(targets & (1ULL << i)))
			continue;
		irq = &d->vcpus[i]->vgic->priv[intid & 15];
		irq->pending_latch = true;
		d->vcpus[i]->vgic->sgi_source[intid & 15] |= 1U << (source->id & 7);
		vgic_update_pending(d, d->vcpus[i], intid & 15);
		if (irq->enabled)
			woken |= 1ULL << i;
	}
	spin_unlock_irqrestore(&d->vgic->lock, flags);
	for (unsigned int i = 0; i < d->nr_vcpus && i < 64; i++) {
		if (woken & (1ULL << i))
			vgic_kick(d->vcpus[i]);
	}
}

/* The virtual GIC as a domain extension (tessera/domain_ext.h). */

static int vgic_ext_boot_init(void)
{
	return vgic_hw_init();
}

static int vgic_ext_domain_create(struct domain *d, void *state, const char **why)
{
	d->vgic = state;
	if (vgic_domain_init(d) < 0) {
		*why = "cannot set up its virtual GIC";
		return -ENOMEM;
	}
	return 0;
}

static int vgic_ext_vcpu_create(struct vcpu *v, void *state)
{
	v->vgic = state;
	return vgic_vcpu_init(v);
}

DOMAIN_EXT(vgic, 30) = {
	.name = "vgic",
	.domain_state_size = sizeof(struct vgic_dist),
	.vcpu_state_size = sizeof(struct vgic_cpu),
	.boot_init = vgic_ext_boot_init,
	.cpu_init = vgic_hw_init_cpu,
	.domain_create = vgic_ext_domain_create,
	.vcpu_create = vgic_ext_vcpu_create,
	.vcpu_load = vgic_vcpu_load,
	.vcpu_put = vgic_vcpu_put,
	.before_entry = vgic_flush,
	.after_exit = vgic_sync,
	.vcpu_has_pending = vgic_vcpu_has_pending,
};
