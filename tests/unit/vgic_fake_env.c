// SPDX-License-Identifier: Apache-2.0
/* The fake environment of the vGIC unit tests (vgic_fake_env.h). */
#include <stdlib.h>
#include <string.h>

#include <drivers/gic.h>

#include "vgic_fake_env.h"

struct fake_vgic fake;
static struct gic_info info;
static struct vgic_hw hw;

static struct vcpu *running(void)
{
	struct vcpu *v = this_cpu()->current;

	if (v == NULL)
		abort(); /* list registers are only touched for the vCPU on this pCPU */
	return v;
}

static struct fake_lr *lr_of(unsigned int i)
{
	if (i >= hw.nr_lrs)
		abort();
	return &fake.lr[running()->id][i];
}

static void fake_write_lr(unsigned int i, const struct vgic_lr *lr)
{
	struct fake_lr *f = lr_of(i);

	f->written = *lr;
	f->hw_state = lr->state;
	f->valid = true;
	f->writes++;
	fake.lr_writes++;
}

static uint8_t fake_read_lr_state(unsigned int i)
{
	return lr_of(i)->hw_state;
}

static void fake_clear_lr(unsigned int i)
{
	struct fake_lr *f = lr_of(i);

	f->hw_state = LR_INVALID;
	f->valid = false;
}

static void fake_set_underflow(bool on)
{
	fake.underflow[running()->id] = on;
	fake.set_underflow_calls++;
}

static uint8_t fake_pmr(const struct vcpu *v)
{
	(void)v;
	return 0xff;
}

static void fake_load(struct vcpu *v)
{
	(void)v;
}

static int fake_domain_init(struct domain *d)
{
	(void)d;
	return 0;
}

void fake_guest_ack(unsigned int i)
{
	struct fake_lr *f = lr_of(i);

	if (f->hw_state != LR_PENDING)
		abort(); /* the test acknowledges only what it sees pending */
	f->hw_state = LR_ACTIVE;
}

void fake_guest_deactivate(unsigned int i)
{
	struct fake_lr *f = lr_of(i);

	if ((f->hw_state & LR_ACTIVE) == 0)
		abort();
	f->hw_state = f->hw_state == LR_PENDING_ACTIVE ? LR_PENDING : LR_INVALID;
}

void fake_run_on(struct vcpu *v)
{
	fake.pcpu.current = v;
}

void fake_vgic_reset(int version, unsigned int nr_vcpus, unsigned int nr_lrs)
{
	memset(&fake, 0, sizeof(fake));
	info = (struct gic_info){ .version = version, .maintenance_irq = 25 };
	hw = (struct vgic_hw){ .nr_lrs = nr_lrs,
			       .write_lr = fake_write_lr,
			       .read_lr_state = fake_read_lr_state,
			       .clear_lr = fake_clear_lr,
			       .set_underflow = fake_set_underflow,
			       .pmr = fake_pmr,
			       .load = fake_load,
			       .put = fake_load,
			       .domain_init = fake_domain_init };
	write_sysreg((uint64_t)(uintptr_t)&fake.pcpu, tpidr_el2);
	if (vgic_hw_init() != 0)
		abort();
	fake.d.nr_vcpus = nr_vcpus;
	fake.d.vgic = &fake.dist;
	for (unsigned int i = 0; i < nr_vcpus; i++) {
		fake.vcpu[i].vgic = &fake.cpu[i];
		fake.vcpu[i].id = i;
		fake.vcpu[i].domain = &fake.d;
		fake.d.vcpus[i] = &fake.vcpu[i];
		if (vgic_vcpu_init(&fake.vcpu[i]) != 0)
			abort();
	}
	if (vgic_domain_init(&fake.d) != 0)
		abort();
	fake_run_on(&fake.vcpu[0]);
}

/* What vgic.c links against. */
const struct gic_info *gic_get_info(void)
{
	return &info;
}

const struct vgic_hw *vgic_v2_hw(void)
{
	return info.version == 2 ? &hw : NULL;
}

const struct vgic_hw *vgic_v3_hw(void)
{
	return info.version == 3 ? &hw : NULL;
}

int irq_register(unsigned int intid, irq_handler_fn fn, void *ctx)
{
	(void)ctx;
	if (intid != info.maintenance_irq)
		abort();
	fake.maintenance = fn;
	return 0;
}

void irq_enable(unsigned int intid, unsigned int priority, bool level)
{
	(void)intid;
	(void)priority;
	(void)level;
}

void vcpu_wake(struct vcpu *v)
{
	fake.wakes[v->id]++;
}
