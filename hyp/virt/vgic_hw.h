/* SPDX-License-Identifier: Apache-2.0 */
/* The hardware side of the vGIC, one per GIC version: list registers and CPU-interface state. */
#ifndef VIRT_VGIC_HW_H
#define VIRT_VGIC_HW_H

#include <tessera/domain.h>
#include <virt/vgic.h>

/* List register states (GICv3 ICH_LR<n>_EL2.State, GICv2 GICH_LR.State). */
#define LR_INVALID	  0
#define LR_PENDING	  1
#define LR_ACTIVE	  2
#define LR_PENDING_ACTIVE 3

struct vgic_hw {
	unsigned int nr_lrs;
	void (*write_lr)(unsigned int i, const struct vgic_lr *lr);
	uint8_t (*read_lr_state)(unsigned int i);
	void (*clear_lr)(unsigned int i);
	void (*set_underflow)(bool on); /* maintenance interrupt when LRs run out of work */
	uint8_t (*pmr)(const struct vcpu *v);
	void (*load)(struct vcpu *v);	      /* restore LRs, VMCR, APRs; enable the interface */
	void (*put)(struct vcpu *v);	      /* save them; disable */
	int (*domain_init)(struct domain *d); /* MMIO regions and mappings for the guest */
};

const struct vgic_hw *vgic_v3_hw(void);
const struct vgic_hw *vgic_v2_hw(void);

/* Interrupt state, for the register emulation. Callers hold d->vgic->lock. */
struct vgic_irq *vgic_irq_of(struct domain *d, struct vcpu *v, unsigned int intid);
struct vcpu *vgic_target_of(struct domain *d, struct vcpu *v, unsigned int intid);
void vgic_kick(struct vcpu *v);
/* After a change of intid's enable, pending latch, line level or trigger: refreshes its bit
 * in the pending bitmaps. */
void vgic_update_pending(struct domain *d, struct vcpu *v, unsigned int intid);

/* The distributor (and GICv3 redistributor) register emulation. */
int vgic_dist_mmio(struct vcpu *v, paddr_t off, unsigned int size, bool write, uint64_t *value,
		   void *ctx);
int vgic_redist_mmio(struct vcpu *v, paddr_t off, unsigned int size, bool write, uint64_t *value,
		     void *ctx);
/* Makes SGI intid pending on every vCPU in targets (bitmap of vCPU ids), from source. */
void vgic_send_sgi(struct vcpu *source, unsigned int intid, uint64_t targets);

#endif
