// SPDX-License-Identifier: Apache-2.0
/* A vCPU's EL1 virtual and physical timers as level interrupts (vtimer.h; Arm ARM D11.2.4). */
#include <asm/sysreg.h>
#include <drivers/arch_timer.h>
#include <public/arch-arm.h>
#include <string.h>
#include <tessera/domain.h>
#include <tessera/domain_ext.h>
#include <tessera/irq.h>
#include <tessera/printk.h>
#include <virt/vgic.h>
#include <virt/vtimer.h>

/* CNTV_CTL_EL0 and CNTP_CTL_EL0 (D13.8). */
#define CNT_CTL_ENABLE	(1UL << 0)
#define CNT_CTL_IMASK	(1UL << 1)
#define CNT_CTL_ISTATUS (1UL << 2)

/* The timer's interrupt output: enabled, condition met, not masked. */
static bool output_high(uint64_t ctl)
{
	return (ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS)) ==
	       (CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
}

/* The virtual PPI's line follows CNTV's output; the physical PPI is disabled while it is
 * high, enabled again when it drops (it then interrupts us the next time it rises). v is
 * loaded on this pCPU. Costs one register read when nothing changed. */
static void virt_sample(struct vcpu *v)
{
	bool high = output_high(read_sysreg(cntv_ctl_el0));
	unsigned int ppi = arch_timer_get_info()->virt_ppi;

	if (high == v->vtimer->virt_high)
		return;
	v->vtimer->virt_high = high;
	if (high)
		irq_disable(ppi);
	else
		irq_enable(ppi, IRQ_PRIO_HIGH, true);
	vgic_set_level(v->domain, v, GUEST_TIMER_VIRT_PPI, high);
}

static void vtimer_irq(unsigned int intid, void *ctx)
{
	struct vcpu *v = current_vcpu();

	(void)intid;
	(void)ctx;
	if (v == NULL || v->domain->state != DOMAIN_RUNNING) {
		/* Nobody to deliver it to (vtimer_vcpu_put stops it in any case). */
		write_sysreg(0, cntv_ctl_el0);
		isb();
		return;
	}
	virt_sample(v);
}

void vtimer_init(void)
{
	if (irq_register(arch_timer_get_info()->virt_ppi, vtimer_irq, NULL) < 0)
		panic("vtimer: interrupt %u already taken", arch_timer_get_info()->virt_ppi);
}

void vtimer_init_cpu(void)
{
	irq_enable(arch_timer_get_info()->virt_ppi, IRQ_PRIO_HIGH, true);
}

void vtimer_sync(struct vcpu *v)
{
	virt_sample(v);
}

void vtimer_vcpu_put(struct vcpu *v)
{
	write_sysreg(0, cntv_ctl_el0);
	isb();
	if (v->vtimer->virt_high) {
		/* The physical PPI is the pCPU's: open it for whoever runs next. v's line stays
		 * high (its timer still asserts) until it is loaded and sampled again. */
		v->vtimer->virt_high = false;
		irq_enable(arch_timer_get_info()->virt_ppi, IRQ_PRIO_HIGH, true);
	}
}

/* CNTP_CTL_EL0 as the guest reads it: ISTATUS is the condition CNTPCT >= CVAL (an unsigned
 * comparison, D11.2.4), shown while the timer is enabled (UNKNOWN otherwise: 0). */
static uint64_t phys_ctl(const struct vtimer *t, uint64_t now)
{
	bool met = (t->phys_ctl & CNT_CTL_ENABLE) != 0 && now >= t->phys_cval;

	return t->phys_ctl | (met ? CNT_CTL_ISTATUS : 0);
}

/* After a change of CNTP's registers, or at CVAL: its PPI's line follows the output, and
 * while it is enabled, unmasked and not yet met a Tessera timer waits for CVAL. On v's pCPU
 * (a trap of v, or that timer). */
static void phys_update(struct vcpu *v)
{
	struct vtimer *t = v->vtimer;
	uint64_t now = timer_now();
	bool high = output_high(phys_ctl(t, now));

	if ((t->phys_ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) == CNT_CTL_ENABLE && !high)
		timer_set(&t->phys_timer, t->phys_cval);
	else
		timer_cancel(&t->phys_timer);
	vgic_set_level(v->domain, v, GUEST_TIMER_PHYS_NS_PPI, high);
}

static void phys_expired(struct timer *timer, void *data)
{
	struct vcpu *v = data;

	(void)timer;
	if (v->domain->state == DOMAIN_RUNNING)
		phys_update(v);
}

void vtimer_vcpu_init(struct vcpu *v)
{
	memset(v->vtimer, 0, sizeof(*v->vtimer));
	timer_setup(&v->vtimer->phys_timer, phys_expired, v);
}

void vtimer_vcpu_leave(struct vcpu *v)
{
	timer_cancel(&v->vtimer->phys_timer);
}

void vtimer_phys_access(struct vcpu *v, unsigned int reg, bool read, uint64_t *value)
{
	struct vtimer *t = v->vtimer;
	uint64_t now = timer_now();

	if (read) {
		if (reg == VTIMER_CNTP_CTL)
			*value = phys_ctl(t, now);
		else if (reg == VTIMER_CNTP_CVAL)
			*value = t->phys_cval;
		else /* TVAL: CVAL - CNTPCT, bits [31:0]; [63:32] RES0 (D13.8) */
			*value = (uint32_t)(t->phys_cval - now);
		return;
	}
	if (reg == VTIMER_CNTP_CTL)
		t->phys_ctl = *value & (CNT_CTL_ENABLE | CNT_CTL_IMASK); /* ISTATUS is read-only */
	else if (reg == VTIMER_CNTP_CVAL)
		t->phys_cval = *value;
	else /* TVAL: CVAL = CNTPCT + TimerValue, a signed 32-bit value */
		t->phys_cval = now + (uint64_t)(int64_t)(int32_t)(uint32_t)*value;
	phys_update(v);
}

static int vtimer_ext_boot_init(void)
{
	vtimer_init();
	return 0;
}

static int vtimer_ext_vcpu_create(struct vcpu *v, void *state)
{
	v->vtimer = state;
	vtimer_vcpu_init(v);
	return 0;
}

/* CPU_OFF (on the vCPU's own pCPU): its physical timer stops and is at its reset value when
 * CPU_ON starts the vCPU afresh. */
static void vtimer_ext_vcpu_state_change(struct vcpu *v, enum vcpu_state state)
{
	if (state != VCPU_OFFLINE)
		return;
	timer_cancel(&v->vtimer->phys_timer);
	v->vtimer->phys_ctl = 0;
	v->vtimer->phys_cval = 0;
}

/* The EL1 timers as a domain extension (tessera/domain_ext.h); before the vGIC, which syncs
 * the list registers after the timer's line has been sampled. */
DOMAIN_EXT(vtimer, 20) = {
	.name = "vtimer",
	.vcpu_state_size = sizeof(struct vtimer),
	.boot_init = vtimer_ext_boot_init,
	.cpu_init = vtimer_init_cpu,
	.vcpu_create = vtimer_ext_vcpu_create,
	.vcpu_put = vtimer_vcpu_put,
	.vcpu_stop = vtimer_vcpu_leave,
	.vcpu_state_change = vtimer_ext_vcpu_state_change,
	.after_exit = vtimer_sync,
};
