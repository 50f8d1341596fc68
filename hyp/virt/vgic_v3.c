// SPDX-License-Identifier: Apache-2.0
/*
 * GICv3 virtual CPU interface (IHI 0069H chapter 6, 12.4 ICH_* registers): list registers
 * ICH_LR<n>_EL2, ICH_HCR_EL2, ICH_VMCR_EL2, ICH_AP1R<n>_EL2. The guest's ICC_* accesses go
 * to the hardware's ICV_* registers; only SGI generation traps (handled here).
 */
#include <asm/sysreg.h>
#include <public/arch-arm.h>
#include <string.h>
#include <tessera/compiler.h>
#include <virt/vgic_hw.h>

#define ICH_HCR_EL2  S3_4_C12_C11_0
#define ICH_VTR_EL2  S3_4_C12_C11_1
#define ICH_VMCR_EL2 S3_4_C12_C11_7
#define ICH_HCR_EN   (1UL << 0)
#define ICH_HCR_UIE  (1UL << 1)

#define LR_STATE_SHIFT	  62
#define LR_GROUP1	  (1UL << 60)
#define LR_PRIORITY_SHIFT 48
#define LR_EOI		  (1UL << 41)

/* ICH_LR<n>_EL2 and ICH_AP1R<n>_EL2 by number: the register is part of the instruction. */
#define LR_CASE(n, crm, op2)                                        \
	case (n):                                                   \
		if (write)                                          \
			write_sysreg(*val, S3_4_C12_##crm##_##op2); \
		else                                                \
			*val = read_sysreg(S3_4_C12_##crm##_##op2); \
		break

static void lr_access(unsigned int i, uint64_t *val, bool write)
{
	switch (i) {
		LR_CASE(0, C12, 0);
		LR_CASE(1, C12, 1);
		LR_CASE(2, C12, 2);
		LR_CASE(3, C12, 3);
		LR_CASE(4, C12, 4);
		LR_CASE(5, C12, 5);
		LR_CASE(6, C12, 6);
		LR_CASE(7, C12, 7);
		LR_CASE(8, C13, 0);
		LR_CASE(9, C13, 1);
		LR_CASE(10, C13, 2);
		LR_CASE(11, C13, 3);
		LR_CASE(12, C13, 4);
		LR_CASE(13, C13, 5);
		LR_CASE(14, C13, 6);
		LR_CASE(15, C13, 7);
	// cppcheck-suppress misra-c2012-16.3 ; false positive: LR_CASE ends with break
	default:
		break;
	}
}

static void apr_access(unsigned int i, uint64_t *val, bool write)
{
	switch (i) {
		LR_CASE(0, C9, 0);
		LR_CASE(1, C9, 1);
		LR_CASE(2, C9, 2);
		LR_CASE(3, C9, 3);
	// cppcheck-suppress misra-c2012-16.3 ; false positive: LR_CASE ends with break
	default:
		break;
	}
}

static unsigned int nr_aprs;

static void v3_write_lr(unsigned int i, const struct vgic_lr *lr)
{
	uint64_t v = (uint64_t)lr->state << LR_STATE_SHIFT | LR_GROUP1 |
		     (uint64_t)lr->priority << LR_PRIORITY_SHIFT | lr->intid |
		     (lr->eoi_maint ? LR_EOI : 0);

	lr_access(i, &v, true);
}

static uint8_t v3_read_lr_state(unsigned int i)
{
	uint64_t v = 0; /* lr_access leaves it alone for i beyond the last list register */

	lr_access(i, &v, false);
	return (uint8_t)(v >> LR_STATE_SHIFT);
}

static void v3_clear_lr(unsigned int i)
{
	uint64_t zero = 0;

	lr_access(i, &zero, true);
}

static void v3_set_underflow(bool on)
{
	uint64_t hcr = read_sysreg_s(ICH_HCR_EL2);

	write_sysreg_s(on ? (hcr | ICH_HCR_UIE) : (hcr & ~ICH_HCR_UIE), ICH_HCR_EL2);
}

/* ICH_VMCR_EL2.VPMR, bits 31:24 (12.4.9). */
static uint8_t v3_pmr(const struct vcpu *v)
{
	uint64_t vmcr = this_cpu()->current == v ? read_sysreg_s(ICH_VMCR_EL2) : v->vgic->vmcr;

	return (uint8_t)(vmcr >> 24);
}

static struct vgic_hw v3_hw_state;

static void v3_load(struct vcpu *v)
{
	for (unsigned int i = 0; i < v3_hw_state.nr_lrs; i++)
		lr_access(i, &v->vgic->lr_val[i], true);
	for (unsigned int i = 0; i < nr_aprs; i++)
		apr_access(i, &v->vgic->apr[i], true);
	write_sysreg_s(v->vgic->vmcr, ICH_VMCR_EL2);
	write_sysreg_s(ICH_HCR_EN, ICH_HCR_EL2);
	isb();
}

static void v3_put(struct vcpu *v)
{
	for (unsigned int i = 0; i < v3_hw_state.nr_lrs; i++) {
		lr_access(i, &v->vgic->lr_val[i], false);
		v3_clear_lr(i);
	}
	for (unsigned int i = 0; i < nr_aprs; i++)
		apr_access(i, &v->vgic->apr[i], false);
	v->vgic->vmcr = read_sysreg_s(ICH_VMCR_EL2);
	write_sysreg_s(0, ICH_HCR_EL2);
	isb();
}

static int v3_domain_init(struct domain *d)
{
	int err = domain_add_mmio(d, GUEST_GICD_BASE, GUEST_GICD_SIZE, vgic_dist_mmio, NULL);

	if (err == 0)
		err = domain_add_mmio(d, GUEST_GICR_BASE, GUEST_GICR_STRIDE * d->cfg.nr_vcpus,
				      vgic_redist_mmio, NULL);
	return err;
}

static struct vgic_hw v3_hw_state = {
	.write_lr = v3_write_lr,
	.read_lr_state = v3_read_lr_state,
	.clear_lr = v3_clear_lr,
	.set_underflow = v3_set_underflow,
	.pmr = v3_pmr,
	.load = v3_load,
	.put = v3_put,
	.domain_init = v3_domain_init,
};

const struct vgic_hw *vgic_v3_hw(void)
{
	uint64_t vtr = read_sysreg_s(ICH_VTR_EL2);
	unsigned int pre_bits = (unsigned int)((vtr >> 26) & 7) + 1;

	/* ListRegs is the number minus one (12.4.10); active-priority registers: 2^(PREbits-5). */
	v3_hw_state.nr_lrs = MIN((unsigned int)(vtr & 0x1f) + 1, (unsigned int)VGIC_MAX_LRS);
	nr_aprs = 1U << (pre_bits > 5U ? pre_bits - 5U : 0U);
	for (unsigned int i = 0; i < v3_hw_state.nr_lrs; i++)
		v3_clear_lr(i);
	return &v3_hw_state;
}

/* ICC_SGI1R_EL1 (12.2.23): TargetList, Aff1, INTID, Aff2, IRM, Aff3. */
void vgic_v3_sgi1r(struct vcpu *v, uint64_t value)
{
	unsigned int intid = (unsigned int)(value >> 24) & 0xf;
	unsigned int aff1 = (unsigned int)(value >> 16) & 0xff;
	uint64_t targets = 0;

	if (value & (1ULL << 40)) {
		targets = ((1ULL << v->domain->nr_vcpus) - 1) & ~(1ULL << v->id);
	} else if (((value >> 32) & 0xff) == 0 && ((value >> 48) & 0xff) == 0) {
		for (unsigned int b = 0; b < 16; b++) {
			unsigned int id = aff1 * 16 + b;

			if ((value & (1ULL << b)) && id < v->domain->nr_vcpus)
				targets |= 1ULL << id;
		}
	}
	vgic_send_sgi(v, intid, targets);
}
