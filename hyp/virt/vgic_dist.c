// SPDX-License-Identifier: Apache-2.0
/*
 * Emulated GIC distributor (GICv2 IHI 0048B 4.3, GICv3 IHI 0069H 12.9) and GICv3
 * redistributors (12.10, 12.11). Every interrupt is Group 1; there are no LPIs. Registers
 * not listed read as zero and ignore writes, as the architecture allows for reserved space.
 */
#include <public/arch-arm.h>
#include <tessera/compiler.h>
#include <tessera/errno.h>
#include <virt/vgic_hw.h>
#include <virt/vgic_regs.h>

#define CTLR_ENABLE_G1 (1U << 1)
#define CTLR_ARE       (1U << 4)
#define CTLR_DS	       (1U << 6)
#define IIDR_TESSERA   0x0000043bU /* JEP106 code of Arm, as QEMU and Xen report */

enum bit_op {
	BIT_SET_ENABLE,
	BIT_CLEAR_ENABLE,
	BIT_SET_PENDING,
	BIT_CLEAR_PENDING,
	BIT_SET_ACTIVE,
	BIT_CLEAR_ACTIVE
};

static bool bit_value(const struct vgic_irq *irq, enum bit_op op)
{
	switch (op) {
	case BIT_SET_ENABLE:
	case BIT_CLEAR_ENABLE:
		return irq->enabled;
	case BIT_SET_PENDING:
	case BIT_CLEAR_PENDING:
		return irq->pending_latch || (irq->level_triggered && irq->line_level) ||
		       irq->lr != VGIC_NO_LR;
	default:
		return irq->active;
	}
}

static void bit_apply(struct vgic_irq *irq, enum bit_op op)
{
	switch (op) {
	case BIT_SET_ENABLE:
		irq->enabled = true;
		break;
	case BIT_CLEAR_ENABLE:
		irq->enabled = false;
		break;
	case BIT_SET_PENDING:
		irq->pending_latch = true;
		break;
	case BIT_CLEAR_PENDING:
		irq->pending_latch = false;
		break;
	case BIT_SET_ACTIVE:
		irq->active = true;
		break;
	case BIT_CLEAR_ACTIVE:
		irq->active = false;
		break;
	}
}

/* One 32-bit register of one-bit-per-interrupt state starting at first. Returns the vCPUs
 * that may now have something to take (bitmap). Caller holds the lock. */
static uint64_t bitmap_access(struct domain *d, struct vcpu *v, unsigned int first, enum bit_op op,
			      bool write, uint64_t *value)
{
	uint64_t kick = 0;
	uint32_t r = 0;

	for (unsigned int b = 0; b < 32; b++) {
		struct vgic_irq *irq = vgic_irq_of(d, v, first + b);

		if (irq == NULL)
			continue;
		if (!write) {
			r |= (uint32_t)bit_value(irq, op) << b;
		} else if (*value & (1ULL << b)) {
			const struct vcpu *t;

			bit_apply(irq, op);
			vgic_update_pending(d, v, first + b);
			t = vgic_target_of(d, v, first + b);
			kick |= t != NULL ? 1ULL << t->id : 0;
		}
	}
	if (!write)
		*value = r;
	return (op == BIT_SET_ENABLE || op == BIT_SET_PENDING) ? kick : 0;
}

/* GICD_ITARGETSR<n> byte b of an SPI (GICv2 IHI 0048B 4.3.12): the register keeps the whole
 * CPU mask; the bits of CPU interfaces that do not exist (vCPUs beyond the domain's) are RAZ/WI.
 * Which target takes it is vgic.c's choice. The SGIs' and PPIs' bytes are read-only, each
 * the reading CPU's own bit. Returns the vCPU that may now have it to take (bitmap). */
static uint64_t targets_access(struct domain *d, struct vcpu *v, unsigned int intid, bool write,
			       uint8_t *byte)
{
	struct vgic_irq *irq = vgic_irq_of(d, v, intid);
	unsigned int cpus = MIN(d->nr_vcpus, 8U);
	const struct vcpu *t;

	if (!write) {
		*byte = intid < VGIC_NR_PRIVATE ? (uint8_t)(1U << v->id) : irq->targets;
		return 0;
	}
	if (intid < VGIC_NR_PRIVATE)
		return 0;
	irq->targets = (uint8_t)(*byte & ((1U << cpus) - 1U));
	t = vgic_target_of(d, v, intid);
	return t != NULL && irq->enabled ? 1ULL << t->id : 0;
}

/* IPRIORITYR or (GICv2) ITARGETSR: one byte per interrupt. Returns the kick bitmap. */
static uint64_t byte_access(struct domain *d, struct vcpu *v, unsigned int first, unsigned int size,
			    bool write, uint64_t *value, bool targets)
{
	uint64_t r = 0;
	uint64_t kick = 0;

	for (unsigned int b = 0; b < size; b++) {
		struct vgic_irq *irq = vgic_irq_of(d, v, first + b);
		uint8_t byte = (uint8_t)(*value >> (8 * b));

		if (irq == NULL)
			continue;
		if (targets)
			kick |= targets_access(d, v, first + b, write, &byte);
		else if (write)
			irq->priority = byte;
		else
			byte = irq->priority;
		r |= (uint64_t)byte << (8 * b);
	}
	if (!write)
		*value = r;
	return kick;
}

static void cfg_access(struct domain *d, struct vcpu *v, unsigned int first, bool write,
		       uint64_t *value)
{
	uint32_t r = 0;

	for (unsigned int i = 0; i < 16; i++) {
		struct vgic_irq *irq = vgic_irq_of(d, v, first + i);

		if (irq == NULL)
			continue;
		if (!write)
			r |= (uint32_t)(irq->level_triggered ? 0 : 2) << (2 * i);
		else if (first + i >= 16) { /* SGIs are always edge */
			irq->level_triggered = !(*value & (2ULL << (2 * i)));
			vgic_update_pending(d, v, first + i);
		}
	}
	if (!write)
		*value = r;
}

/* Registers laid out the same in the distributor and a GICv3 redistributor's SGI frame.
 * Returns the kick bitmap, or -1 if off is not one of them. */
static int64_t common_regs(struct domain *d, struct vcpu *v, paddr_t off, unsigned int size,
			   bool write, uint64_t *value, bool v2_targets)
{
	if (off >= GICD_IGROUPR && off < GICD_ISENABLER) {
		if (!write)
			*value = 0xffffffffU; /* every interrupt is Group 1 */
		return 0;
	}
	if (off >= GICD_ISENABLER && off < GICD_IPRIORITYR) {
		static const enum bit_op ops[] = { BIT_SET_ENABLE,  BIT_CLEAR_ENABLE,
						   BIT_SET_PENDING, BIT_CLEAR_PENDING,
						   BIT_SET_ACTIVE,  BIT_CLEAR_ACTIVE };
		unsigned int first = (unsigned int)((off & 0x7f) / 4) * 32;

		if (size != 4)
			return 0;
		return (int64_t)bitmap_access(d, v, first, ops[(off - GICD_ISENABLER) / 0x80],
					      write, value);
	}
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 0x400) {
		(void)byte_access(d, v, (unsigned int)(off - GICD_IPRIORITYR), size, write, value,
				  false);
		return 0;
	}
	if (off >= GICD_ITARGETSR && off < GICD_ITARGETSR + 0x400) {
		if (v2_targets)
			return (int64_t)byte_access(d, v, (unsigned int)(off - GICD_ITARGETSR),
						    size, write, value, true);
		if (!write)
			*value = 0;
		return 0;
	}
	if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
		if (size == 4)
			cfg_access(d, v, (unsigned int)(off - GICD_ICFGR) * 4, write, value);
		return 0;
	}
	return -1;
}

static void kick_all(struct domain *d, uint64_t kick)
{
	for (unsigned int i = 0; i < d->nr_vcpus && i < 64; i++) {
		if (kick & (1ULL << i))
			vgic_kick(d->vcpus[i]);
	}
}

/* GICv2 GICD_SGIR (4.3.15): target list filter, CPU target list, SGI number. */
static void v2_sgir(struct vcpu *v, uint32_t val)
{
	unsigned int filter = (val >> 24) & 3;
	uint64_t all = (1ULL << v->domain->nr_vcpus) - 1;
	uint64_t targets = filter == 0	 ? ((val >> 16) & 0xff) & all
			   : filter == 1 ? all & ~(1ULL << v->id)
			   : filter == 2 ? 1ULL << v->id
					 : 0;

	vgic_send_sgi(v, val & 0xf, targets);
}

/* IROUTER (12.9.22): Aff1 picks the group of 16, Aff0 the vCPU in it (as vcpu_arch_reset). */
static unsigned int irouter_to_vcpu(uint64_t val)
{
	return (unsigned int)((val >> 8) & 0xff) * 16 + (unsigned int)(val & 0xf);
}

int vgic_dist_mmio(struct vcpu *v, paddr_t off, unsigned int size, bool write, uint64_t *value,
		   void *ctx)
{
	struct domain *d = v->domain;
	bool v3 = d->vgic->version == 3;
	uint64_t flags = spin_lock_irqsave(&d->vgic->lock);
	int64_t kick = 0;

	(void)ctx;
	if (off == GICD_CTLR) {
		if (write)
			d->vgic->enabled_grp1 = (*value & CTLR_ENABLE_G1) != 0;
		else
			*value = (d->vgic->enabled_grp1 ? CTLR_ENABLE_G1 : 0) |
				 (v3 ? CTLR_ARE | CTLR_DS : 1);
	} else if (off == GICD_TYPER && !write) {
		unsigned int lines = VGIC_NR_PRIVATE + d->vgic->nr_spis;

		*value = (lines / 32 - 1) | (v3 ? (9U << 19) : ((d->nr_vcpus - 1) & 7) << 5);
	} else if (off == GICD_IIDR && !write) {
		*value = IIDR_TESSERA;
	} else if (!v3 && off == GICD_SGIR && write) {
		spin_unlock_irqrestore(&d->vgic->lock, flags);
		v2_sgir(v, (uint32_t)*value);
		return 0;
	} else if (v3 && off >= GICD_IROUTER + 8 * VGIC_NR_PRIVATE &&
		   off < GICD_IROUTER + 8 * 1020) {
		struct vgic_irq *irq = vgic_irq_of(d, v, (unsigned int)(off - GICD_IROUTER) / 8);

		if (irq != NULL && write && (off & 7) == 0)
			irq->target = (uint8_t)MIN(irouter_to_vcpu(*value), d->nr_vcpus - 1U);
		else if (irq != NULL && !write)
			*value = (off & 7) == 0
					 ? (uint64_t)(irq->target / 16) << 8 | (irq->target % 16)
					 : 0;
	} else if (off == (v3 ? GICD_PIDR2_V3 : GICD_PIDR2_V2) && !write) {
		*value = v3 ? 0x30 : 0x20; /* ArchRev */
	} else if (v3 && off >= GICD_ISENABLER && off < GICD_ISENABLER + 0x300 &&
		   (off & 0x7f) == 0) {
		/* With affinity routing, INTIDs 0-31 are the redistributors' (12.9): RAZ/WI. */
		if (!write)
			*value = 0;
	} else {
		kick = common_regs(d, v, off, size, write, value, !v3);
		if (kick < 0 && !write)
			*value = 0;
	}
	spin_unlock_irqrestore(&d->vgic->lock, flags);
	if (kick > 0)
		kick_all(d, (uint64_t)kick);
	return 0;
}

int vgic_redist_mmio(struct vcpu *v, paddr_t off, unsigned int size, bool write, uint64_t *value,
		     void *ctx)
{
	struct domain *d = v->domain;
	unsigned int id = (unsigned int)(off / GUEST_GICR_STRIDE);
	struct vcpu *rv = id < d->nr_vcpus ? d->vcpus[id] : NULL;
	paddr_t reg = off % GUEST_GICR_STRIDE;
	uint64_t flags;
	int64_t kick = 0;

	(void)ctx;
	if (rv == NULL) {
		if (!write)
			*value = 0;
		return 0;
	}
	flags = spin_lock_irqsave(&d->vgic->lock);
	if (reg == GICR_TYPER || reg == GICR_TYPER + 4) {
		/* Affinity as MPIDR Aff3.Aff2.Aff1.Aff0, processor number, Last (12.11.37). */
		uint64_t mpidr = rv->arch.sys.vmpidr_el2;
		uint64_t typer = (mpidr & 0xffffff) << 32 | (uint64_t)rv->id << 8 |
				 (id == d->nr_vcpus - 1U ? (1U << 4) : 0);

		if (!write)
			*value = reg == GICR_TYPER ? (size == 8 ? typer : (uint32_t)typer)
						   : typer >> 32;
	} else if (reg == GICR_WAKER) {
		if (write)
			rv->vgic->redist_waker_sleep = (*value & 2) != 0;
		else
			*value = rv->vgic->redist_waker_sleep
					 ? 6
					 : 0; /* ProcessorSleep, ChildrenAsleep */
	} else if (reg == GICR_IIDR && !write) {
		*value = IIDR_TESSERA;
	} else if (reg == GICR_PIDR2 && !write) {
		*value = 0x30;
	} else if (reg >= GICR_SGI_BASE) {
		kick = common_regs(d, rv, reg - GICR_SGI_BASE, size, write, value, false);
		if (kick < 0 && !write)
			*value = 0;
	} else if (!write) {
		*value = 0; /* GICR_CTLR and the rest: no LPIs */
	}
	spin_unlock_irqrestore(&d->vgic->lock, flags);
	if (kick > 0)
		kick_all(d, (uint64_t)kick);
	return 0;
}
