/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The virtual GIC: an emulated distributor (and, on GICv3, redistributors) per domain, and
 * the hardware virtual CPU interface fed through list registers (GICv3 spec IHI 0069 ch. 6,
 * GICv2 spec IHI 0048 ch. 5). The guest's GIC version matches the host's.
 */
#ifndef VIRT_VGIC_H
#define VIRT_VGIC_H

#include <asm/spinlock.h>
#include <tessera/types.h>

#define VGIC_NR_PRIVATE 32 /* SGIs and PPIs, per vCPU */
#define VGIC_MAX_SPIS	96 /* INTIDs 32..127 */
#define VGIC_NR_LINES	(VGIC_NR_PRIVATE + VGIC_MAX_SPIS)
#define VGIC_MAX_LRS	16
#define VGIC_NO_LR	0xff

struct vcpu;
struct domain;

struct vgic_irq {
	uint8_t priority;
	uint8_t target;	 /* GICv3 SPIs: the vCPU GICD_IROUTER names */
	uint8_t targets; /* GICv2 SPIs: GICD_ITARGETSR, a mask of vCPUs (IHI 0048B 4.3.12) */
	uint8_t lr;	 /* the list register holding it, or VGIC_NO_LR */
	bool enabled;
	bool level_triggered;
	bool pending_latch; /* edge: pending until acknowledged */
	bool line_level;    /* level: the input line, pending while high */
	bool active;
	bool lr_latched; /* the list register was filled from the latch, not the line */
	bool hw_owned;	 /* a physical interrupt forwarded to the guest (later: passthrough) */
};

/* What Tessera wrote in a list register (its state then changes as the guest runs). */
struct vgic_lr {
	uint32_t intid;
	uint8_t priority;
	uint8_t state;
	uint8_t source; /* GICv2 SGIs: the sending vCPU */
	bool eoi_maint; /* raise a maintenance interrupt when the guest deactivates it */
};

struct vgic_cpu {
	struct vgic_irq priv[VGIC_NR_PRIVATE];
	uint32_t pending_priv;		 /* bit n: private INTID n is enabled and pending */
	uint16_t lr_used;		 /* bit n: list register n holds an interrupt */
	bool underflow;			 /* the underflow maintenance interrupt is enabled */
	struct vgic_lr lr[VGIC_MAX_LRS]; /* what was written in each */
	uint32_t sgi_source[16];	 /* GICv2: CPU bitmap of senders per SGI */
	uint64_t vmcr;			 /* ICH_VMCR_EL2 / GICH_VMCR: the guest's CPU interface */
	uint64_t apr[4];		 /* active priorities, saved across a switch */
	uint64_t lr_val[VGIC_MAX_LRS];	 /* list registers, saved across a switch */
	bool redist_waker_sleep;	 /* GICR_WAKER.ProcessorSleep */
};

struct vgic_dist {
	spinlock_t lock;
	int version;	   /* 2 or 3 */
	bool enabled_grp1; /* GICD_CTLR */
	unsigned int nr_spis;
	/* Bit n of word n / 64: SPI n is enabled and pending (bits 0-31 are the vCPUs'). With
	 * pending_priv, what a flush looks at instead of every interrupt. */
	uint64_t pending_spi[VGIC_NR_LINES / 64];
	struct vgic_irq spi[VGIC_MAX_SPIS];
};

/* Reads the host interface (number of list registers). Once, at boot. */
int vgic_hw_init(void);
/* On every pCPU: the maintenance interrupt. */
void vgic_hw_init_cpu(void);
int vgic_domain_init(struct domain *d);
int vgic_vcpu_init(struct vcpu *v);

/* An edge interrupt (or SGI) becomes pending. For SGIs and PPIs target is the vCPU. */
void vgic_inject_edge(struct domain *d, struct vcpu *target, unsigned int intid);
/* A level interrupt's line goes high or low. */
void vgic_set_level(struct domain *d, struct vcpu *target, unsigned int intid, bool high);

/* Does v have an interrupt it could take now (pending, enabled, not masked by priority)? */
bool vgic_vcpu_has_pending(struct vcpu *v);

/* Before entering the guest: put the best pending interrupts in list registers. After an
 * exit: read them back. Both with IRQs masked on v's pCPU. */
void vgic_flush(struct vcpu *v);
void vgic_sync(struct vcpu *v);

/* Save/restore of the CPU interface across a switch. */
void vgic_vcpu_load(struct vcpu *v);
void vgic_vcpu_put(struct vcpu *v);

/* A trapped guest write to ICC_SGI1R_EL1 (GICv3). */
void vgic_v3_sgi1r(struct vcpu *v, uint64_t value);

#endif
