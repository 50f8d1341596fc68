/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The EL1 virtual timer of the Generic Timer (Arm ARM, "The Generic Timer in AArch64 state"):
 * counter CNTVCT_EL0, compare value CNTV_CVAL_EL0, control CNTV_CTL_EL0, frequency CNTFRQ_EL0; its
 * interrupt is the PPI the /timer node gives third (INTID 27 on every board we know).
 */
#ifndef RT_TIMER_H
#define RT_TIMER_H

#include <stdint.h>

#define CNTV_CTL_ENABLE	 (1 << 0)
#define CNTV_CTL_IMASK	 (1 << 1)
#define CNTV_CTL_ISTATUS (1 << 2)

uint64_t timer_freq(void);
uint64_t timer_now(void);
unsigned int timer_intid(void);

/* Fires when CNTVCT >= cval; the interrupt is level and stays asserted until disarmed. */
void timer_arm_at(uint64_t cval);
void timer_disarm(void);
uint64_t timer_cval(void);

uint64_t timer_us_to_ticks(uint64_t us);
uint64_t timer_ticks_to_ns(uint64_t ticks);

/* Busy-waits (no interrupt). */
void udelay(uint64_t us);

/*
 * Waits in WFI until `us` microseconds have passed, woken by the virtual timer; takes the
 * timer's interrupt for itself, so a guest with its own timer handler must not use it.
 */
void timer_sleep_us(uint64_t us);

#endif
