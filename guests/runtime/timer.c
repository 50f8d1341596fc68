// SPDX-License-Identifier: Apache-2.0
/*
 * The EL1 virtual timer (Arm ARM, "The Generic Timer in AArch64 state"): it fires when CNTVCT_EL0 -
 * CNTV_CVAL_EL0
 * >= 0, and its interrupt stays asserted while it is enabled, unmasked and met (a level
 * PPI), so a handler must disarm or re-arm it before it returns.
 */
#include "runtime.h"

static uint64_t freq_hz;

void timer_cpu_init(void)
{
	write_sysreg(0, cntv_ctl_el0);
	isb();
	if (freq_hz == 0)
		freq_hz = rt_platform.timer_freq_dt ? rt_platform.timer_freq_dt
						    : read_sysreg(cntfrq_el0);
	if (freq_hz == 0)
		freq_hz = 1; /* never divide by zero; the banner shows the bad value */
}

uint64_t timer_freq(void)
{
	return freq_hz;
}

uint64_t timer_now(void)
{
	isb(); /* reads of CNTVCT_EL0 can occur speculatively and out of order (Arm ARM CNTVCT_EL0)
		*/
	return read_sysreg(cntvct_el0);
}

unsigned int timer_intid(void)
{
	return rt_platform.timer_intid;
}

void timer_arm_at(uint64_t cval)
{
	write_sysreg(cval, cntv_cval_el0);
	write_sysreg(CNTV_CTL_ENABLE, cntv_ctl_el0);
	isb();
}

void timer_disarm(void)
{
	write_sysreg(0, cntv_ctl_el0);
	isb();
}

uint64_t timer_cval(void)
{
	return read_sysreg(cntv_cval_el0);
}

/* Whole seconds and the remainder apart, so that nothing overflows 64 bits for any
 * counter up to 18 GHz (no 128-bit division: there is no libgcc). */
uint64_t timer_us_to_ticks(uint64_t us)
{
	return us / 1000000 * freq_hz + us % 1000000 * freq_hz / 1000000;
}

uint64_t timer_ticks_to_ns(uint64_t ticks)
{
	return ticks / freq_hz * 1000000000 + ticks % freq_hz * 1000000000 / freq_hz;
}

void udelay(uint64_t us)
{
	uint64_t end = timer_now() + timer_us_to_ticks(us);

	while (timer_now() < end)
		;
}

static void sleep_irq(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	timer_disarm();
}

void timer_sleep_us(uint64_t us)
{
	uint64_t end = timer_now() + timer_us_to_ticks(us);

	irq_register(timer_intid(), sleep_irq, NULL);
	irq_enable(timer_intid());
	while (timer_now() < end) {
		/* Arm and WFI with IRQs masked: WFI still wakes for the pending interrupt
		 * (Arm ARM, "Wait For Interrupt": a masked interrupt is still a wake-up event),
		 * which is taken once they are unmasked. Unmasked, the interrupt could come between
		 * the check and the WFI and be lost. */
		local_irq_disable();
		timer_arm_at(end);
		wfi();
		local_irq_enable();
	}
	timer_disarm();
}
