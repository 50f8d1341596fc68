// SPDX-License-Identifier: Apache-2.0
/*
 * timers: proves both EL1 timers of the Generic Timer behave as the Arm ARM says (D11.2.4:
 * a timer's interrupt is asserted while it is enabled, its condition CNTxCT >= CVAL is met
 * and it is not masked, CNTx_CTL ENABLE, ISTATUS, IMASK), with level-sensitive PPIs:
 *   - the EL1 physical timer (CNTP_*, the DT's second timer PPI, 30): armed through
 *     CNTP_CVAL_EL0 (waited for in WFI) and through CNTP_TVAL_EL0 it interrupts, not early, with
 *     CNTP_CTL.ISTATUS set; the handler masks it (IMASK) and no further interrupt comes;
 *     fired while PSTATE.I is set, its PPI is pending in the GIC, and masking the timer
 *     before PSTATE.I is cleared leaves nothing to take;
 *   - the virtual timer (CNTV_*, PPI 27): fired while PSTATE.I is set, CNTV_CTL reads what the
 *     guest wrote (ENABLE and ISTATUS, no IMASK) and its PPI is pending in the GIC; after the
 *     guest sets IMASK, or clears ENABLE, or moves CVAL into the future, the PPI is no longer
 *     pending and clearing PSTATE.I takes no interrupt;
 *   - a handler that leaves the virtual timer asserted takes it again after its EOI.
 * Each check prints "PASS: timers: ..." or "FAIL: timers: ..."; then "timers: N check(s)
 * failed" and "timers: done".
 */
#include <guest.h>

#define WAIT_US	 100000
#define QUIET_US 20000
#define AHEAD_US 2000
#define AGAIN	 2 /* interrupts the "stays asserted" handler takes before disarming */

static volatile unsigned int hits;
static volatile uint64_t hit_ctl;	    /* CNTx_CTL as the handler found it */
static volatile int64_t hit_late;	    /* CNTxCT - CVAL in the handler */
static volatile unsigned int keep_asserted; /* takes left before the handler disarms */
static unsigned int failures;

static void check(bool ok, const char *what)
{
	printf("%s: timers: %s\n", ok ? "PASS" : "FAIL", what);
	if (!ok)
		failures++;
}

static uint64_t pct(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

static void ptimer_irq(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	hit_ctl = read_sysreg(cntp_ctl_el0);
	hit_late = (int64_t)(pct() - read_sysreg(cntp_cval_el0));
	/* As a driver does: mask it, so that its line drops before the EOI. */
	write_sysreg(CNTV_CTL_ENABLE | CNTV_CTL_IMASK, cntp_ctl_el0);
	isb();
	hits++;
}

static void vtimer_irq(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	hit_ctl = read_sysreg(cntv_ctl_el0);
	hits++;
	if (keep_asserted > 0)
		keep_asserted--;
	if (keep_asserted == 0)
		timer_disarm();
}

static bool wait_hits(unsigned int n)
{
	uint64_t end = timer_now() + timer_us_to_ticks(WAIT_US);

	while (hits < n && timer_now() < end)
		;
	return hits >= n;
}

/* Waits in WFI (IRQs masked around it, so the interrupt cannot slip in between the check and
 * the WFI; WFI still wakes for it) for n hits; the timer armed is the only wake-up. */
static bool wfi_hits(unsigned int n)
{
	for (unsigned int i = 0; i < 1000 && hits < n; i++) {
		local_irq_disable();
		if (hits < n)
			wfi();
		local_irq_enable();
	}
	return hits >= n;
}

/* One shot of the physical timer, armed by CVAL (waited for in WFI) or by TVAL. */
static void ptimer_shot(bool by_tval)
{
	uint64_t ticks = timer_us_to_ticks(AHEAD_US);
	uint64_t before = pct();
	unsigned int n = hits;
	uint64_t cval;

	if (by_tval) {
		write_sysreg(ticks, cntp_tval_el0);
	} else {
		write_sysreg(before + ticks, cntp_cval_el0);
	}
	write_sysreg(CNTV_CTL_ENABLE, cntp_ctl_el0);
	isb();
	cval = read_sysreg(cntp_cval_el0);
	if (by_tval)
		check(cval >= before + ticks && cval <= pct() + ticks,
		      "CNTP_TVAL write sets CVAL to CNTPCT + TVAL");
	check((by_tval ? wait_hits(n + 1) : wfi_hits(n + 1)) && hit_late >= 0,
	      by_tval ? "physical timer armed by TVAL interrupts, not early"
		      : "physical timer armed by CVAL wakes WFI, not early");
	check((hit_ctl & (CNTV_CTL_ENABLE | CNTV_CTL_ISTATUS | CNTV_CTL_IMASK)) ==
		      (CNTV_CTL_ENABLE | CNTV_CTL_ISTATUS),
	      "CNTP_CTL.ISTATUS set in the handler");
	udelay(QUIET_US);
	check(hits == n + 1, "masked by IMASK in the handler: no further interrupt");
	check(read_sysreg(cntp_ctl_el0) == (CNTV_CTL_ENABLE | CNTV_CTL_IMASK | CNTV_CTL_ISTATUS) &&
		      (int32_t)read_sysreg(cntp_tval_el0) <= 0,
	      "masked and met: CNTP_CTL reads ENABLE, IMASK, ISTATUS; TVAL is not positive");
	write_sysreg(0, cntp_ctl_el0);
	isb();
}

static void test_ptimer(void)
{
	unsigned int p = rt_platform.ptimer_intid;
	unsigned int n;

	printf("timers: physical timer on INTID %u\n", p);
	irq_register(p, ptimer_irq, NULL);
	irq_enable(p);
	ptimer_shot(false);
	ptimer_shot(true);

	/* Fired while PSTATE.I is set, then masked before it is cleared. */
	n = hits;
	local_irq_disable();
	write_sysreg(pct(), cntp_cval_el0);
	write_sysreg(CNTV_CTL_ENABLE, cntp_ctl_el0);
	isb();
	udelay(QUIET_US / 4);
	check(irq_is_pending(p), "physical timer met while PSTATE.I is set: its PPI is pending");
	write_sysreg(CNTV_CTL_ENABLE | CNTV_CTL_IMASK, cntp_ctl_el0);
	isb();
	local_irq_enable();
	udelay(QUIET_US);
	check(hits == n && !irq_is_pending(p),
	      "physical timer masked before PSTATE.I is cleared: no interrupt taken");
	write_sysreg(0, cntp_ctl_el0);
	isb();
	irq_disable(p);
}

enum quiet_how { QUIET_IMASK, QUIET_DISABLE, QUIET_LATER };

/* The virtual timer fires while PSTATE.I is set; the guest then silences it one way. */
static void vtimer_silenced(enum quiet_how how)
{
	static const char *const what[] = {
		"virtual timer masked (IMASK) before PSTATE.I is cleared: not pending, not taken",
		"virtual timer disabled before PSTATE.I is cleared: not pending, not taken",
		"virtual timer CVAL moved later before PSTATE.I is cleared: not pending, not taken",
	};
	unsigned int t = timer_intid();
	unsigned int n = hits;
	bool pending;

	local_irq_disable();
	timer_arm_at(timer_now());
	udelay(QUIET_US / 4);
	if (how == QUIET_IMASK) {
		check((read_sysreg(cntv_ctl_el0) & 7) == (CNTV_CTL_ENABLE | CNTV_CTL_ISTATUS),
		      "virtual timer met: CNTV_CTL reads ENABLE and ISTATUS, not IMASK");
		check(irq_is_pending(t), "virtual timer met while PSTATE.I is set: PPI pending");
	}
	if (how == QUIET_IMASK)
		write_sysreg(CNTV_CTL_ENABLE | CNTV_CTL_IMASK, cntv_ctl_el0);
	else if (how == QUIET_DISABLE)
		write_sysreg(0, cntv_ctl_el0);
	else
		write_sysreg(timer_now() + timer_us_to_ticks(10 * WAIT_US), cntv_cval_el0);
	isb();
	pending = irq_is_pending(t);
	local_irq_enable();
	udelay(QUIET_US);
	check(!pending && hits == n, what[how]);
	timer_disarm();
}

static void test_vtimer(void)
{
	unsigned int t = timer_intid();
	unsigned int n;

	irq_register(t, vtimer_irq, NULL);
	irq_enable(t);
	vtimer_silenced(QUIET_IMASK);
	vtimer_silenced(QUIET_DISABLE);
	vtimer_silenced(QUIET_LATER);

	n = hits;
	keep_asserted = AGAIN;
	timer_arm_at(timer_now() + timer_us_to_ticks(AHEAD_US));
	check(wait_hits(n + AGAIN) && (hit_ctl & CNTV_CTL_IMASK) == 0,
	      "virtual timer left asserted by its handler is taken again after the EOI");
	udelay(QUIET_US);
	check(hits == n + AGAIN, "virtual timer disarmed: no further interrupt");
	irq_disable(t);
}

int main(void)
{
	printf("timers: GICv%u, counter %llu Hz\n", gic_version(),
	       (unsigned long long)timer_freq());
	test_ptimer();
	test_vtimer();
	printf("timers: %u check(s) failed\n", failures);
	printf("timers: done\n");
	return 0;
}
