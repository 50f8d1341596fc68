/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The rest of Tessera as the vGIC (virt/vgic.c, virt/vgic_dist.c) sees it, faked for host
 * tests: one domain with a few vCPUs, the GIC's description, and a `struct vgic_hw` whose
 * list registers are an array. Writes are recorded; what the "hardware" reports back
 * (read_lr_state) is what was written, changed by the guest actions below.
 */
#ifndef VGIC_FAKE_ENV_H
#define VGIC_FAKE_ENV_H

#include <tessera/domain.h>
#include <tessera/irq.h>
#include <virt/vgic_hw.h>

#define FAKE_VCPUS 3

struct fake_lr {
	struct vgic_lr written; /* the last write_lr */
	uint8_t hw_state;	/* what read_lr_state returns */
	bool valid;		/* written and not cleared since */
	unsigned int writes;
};

struct fake_vgic {
	struct domain d;
	struct vcpu vcpu[FAKE_VCPUS];
	struct vgic_dist dist; /* the vGIC's state, which core keeps beside d and the vCPUs */
	struct vgic_cpu cpu[FAKE_VCPUS];
	struct pcpu pcpu; /* this_cpu(): current is the vCPU the test runs */
	struct fake_lr lr[FAKE_VCPUS][VGIC_MAX_LRS];
	unsigned int lr_writes; /* write_lr calls, every vCPU */
	bool underflow[FAKE_VCPUS];
	unsigned int set_underflow_calls;
	unsigned int wakes[FAKE_VCPUS];
	irq_handler_fn maintenance;
};

extern struct fake_vgic fake;

/* A fresh domain: GIC version 2 or 3, nr_vcpus vCPUs, nr_lrs list registers each. */
void fake_vgic_reset(int version, unsigned int nr_vcpus, unsigned int nr_lrs);
/* The vCPU the list-register operations act on (the one "running" on this pCPU). */
void fake_run_on(struct vcpu *v);

/* Guest actions on list register i of the running vCPU, as the virtual CPU interface does
 * them (GICv3 IHI 0069H 4.1.2): acknowledge (pending -> active), deactivate (active ->
 * invalid, pending and active -> pending). */
void fake_guest_ack(unsigned int i);
void fake_guest_deactivate(unsigned int i);

#endif
