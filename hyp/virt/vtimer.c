// SPDX-License-Identifier: Apache-2.0
/* Virtual timer interrupt forwarding (Arm ARM D11.2.4 CNTV_CTL_EL0: ENABLE, IMASK, ISTATUS). */
#include <asm/sysreg.h>
#include <drivers/arch_timer.h>
#include <public/arch-arm.h>
#include <tessera/domain.h>
#include <tessera/domain_ext.h>
#include <tessera/irq.h>
#include <tessera/printk.h>
#include <virt/vgic.h>
#include <virt/vtimer.h>

#define CNTV_CTL_ENABLE (1UL << 0)
#define CNTV_CTL_IMASK	(1UL << 1)

static void vtimer_irq(unsigned int intid, void *ctx)
{
	struct vcpu *v = current_vcpu();
	uint64_t ctl = read_sysreg(cntv_ctl_el0);

	(void)intid;
	(void)ctx;
	/* Masked until the guest reprograms it: the line is a level and would fire again. */
	write_sysreg(ctl | CNTV_CTL_IMASK, cntv_ctl_el0);
	isb();
	if (v != NULL && v->domain->state == DOMAIN_RUNNING)
		vgic_inject_edge(v->domain, v, GUEST_TIMER_VIRT_PPI);
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

void vtimer_vcpu_put(struct vcpu *v)
{
	(void)v;
	write_sysreg(0, cntv_ctl_el0);
	isb();
}

static int vtimer_ext_boot_init(void)
{
	vtimer_init();
	return 0;
}

/* The virtual timer as a domain extension (tessera/domain_ext.h). */
DOMAIN_EXT(vtimer, 30) = {
	.name = "vtimer",
	.boot_init = vtimer_ext_boot_init,
	.cpu_init = vtimer_init_cpu,
	.vcpu_put = vtimer_vcpu_put,
};
