// SPDX-License-Identifier: Apache-2.0
/*
 * GICv2 virtualization extensions (IHI 0048B chapter 5): the GICH control interface for list
 * registers, and the GICV virtual CPU interface, mapped into each guest where it expects its
 * CPU interface (GUEST_GICC_BASE).
 */
#include <asm/mmu.h>
#include <drivers/gic.h>
#include <public/arch-arm.h>
#include <tessera/compiler.h>
#include <tessera/errno.h>
#include <virt/vgic_hw.h>

#define GICH_HCR     0x000
#define GICH_VTR     0x004
#define GICH_VMCR    0x008
#define GICH_APR     0x0f0
#define GICH_LR0     0x100
#define GICH_HCR_EN  (1U << 0)
#define GICH_HCR_UIE (1U << 1)

/* GICH_LR<n> (5.3.11): State 29:28, Priority 27:23 (top five bits), EOI 19, CPUID 12:10. */
#define LR_STATE_SHIFT	  28
#define LR_PRIORITY_SHIFT 23
#define LR_EOI		  (1U << 19)
#define LR_CPUID_SHIFT	  10

static volatile uint32_t *gich;

static uint32_t rd(unsigned int off)
{
	return gich[off / 4];
}

static void wr(unsigned int off, uint32_t v)
{
	gich[off / 4] = v;
}

static void v2_write_lr(unsigned int i, const struct vgic_lr *lr)
{
	wr(GICH_LR0 + 4 * i, (uint32_t)lr->state << LR_STATE_SHIFT |
				     (uint32_t)(lr->priority >> 3) << LR_PRIORITY_SHIFT |
				     (lr->eoi_maint ? LR_EOI : 0) |
				     (uint32_t)(lr->source & 7) << LR_CPUID_SHIFT |
				     (lr->intid & 0x3ff));
}

static uint8_t v2_read_lr_state(unsigned int i)
{
	return (uint8_t)((rd(GICH_LR0 + 4 * i) >> LR_STATE_SHIFT) & 3);
}

static void v2_clear_lr(unsigned int i)
{
	wr(GICH_LR0 + 4 * i, 0);
}

static void v2_set_underflow(bool on)
{
	uint32_t hcr = rd(GICH_HCR);

	wr(GICH_HCR, on ? (hcr | GICH_HCR_UIE) : (hcr & ~GICH_HCR_UIE));
}

/* GICH_VMCR.VMPriMask, bits 31:27, the top five bits of the priority (5.3.3). */
static uint8_t v2_pmr(const struct vcpu *v)
{
	uint32_t vmcr = this_cpu()->current == v ? rd(GICH_VMCR) : (uint32_t)v->vgic->vmcr;

	return (uint8_t)((vmcr >> 27) << 3);
}

static struct vgic_hw v2_hw_state;

static void v2_load(struct vcpu *v)
{
	for (unsigned int i = 0; i < v2_hw_state.nr_lrs; i++)
		wr(GICH_LR0 + 4 * i, (uint32_t)v->vgic->lr_val[i]);
	wr(GICH_APR, (uint32_t)v->vgic->apr[0]);
	wr(GICH_VMCR, (uint32_t)v->vgic->vmcr);
	wr(GICH_HCR, GICH_HCR_EN);
}

static void v2_put(struct vcpu *v)
{
	for (unsigned int i = 0; i < v2_hw_state.nr_lrs; i++) {
		v->vgic->lr_val[i] = rd(GICH_LR0 + 4 * i);
		v2_clear_lr(i);
	}
	v->vgic->apr[0] = rd(GICH_APR);
	v->vgic->vmcr = rd(GICH_VMCR);
	wr(GICH_HCR, 0);
}

static int v2_domain_init(struct domain *d)
{
	const struct gic_info *g = gic_get_info();
	int err;

	if (g->vcpu_base == 0)
		return -ENODEV;
	err = domain_add_mmio(d, GUEST_GICD_BASE, GUEST_GICV2_GICD_SIZE, vgic_dist_mmio, NULL);
	if (err == 0)
		err = p2m_map(&d->p2m, GUEST_GICC_BASE, g->vcpu_base, GUEST_GICC_SIZE, P2M_MMIO);
	return err;
}

static struct vgic_hw v2_hw_state = {
	.write_lr = v2_write_lr,
	.read_lr_state = v2_read_lr_state,
	.clear_lr = v2_clear_lr,
	.set_underflow = v2_set_underflow,
	.pmr = v2_pmr,
	.load = v2_load,
	.put = v2_put,
	.domain_init = v2_domain_init,
};

const struct vgic_hw *vgic_v2_hw(void)
{
	const struct gic_info *g = gic_get_info();

	if (g->hyp_base == 0)
		return NULL;
	gich = ioremap(g->hyp_base, 0x1000);
	if (gich == NULL)
		return NULL;
	v2_hw_state.nr_lrs = MIN((rd(GICH_VTR) & 0x3f) + 1, (uint32_t)VGIC_MAX_LRS);
	for (unsigned int i = 0; i < v2_hw_state.nr_lrs; i++)
		v2_clear_lr(i);
	return &v2_hw_state;
}
