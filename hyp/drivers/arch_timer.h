/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Arm generic timer (Arm ARM D11): the system counter, and the EL2 physical timer
 * (CNTHP) that drives the hypervisor's own timers.
 */
#ifndef DRIVERS_ARCH_TIMER_H
#define DRIVERS_ARCH_TIMER_H

#include <asm/sysreg.h>
#include <tessera/types.h>

struct arch_timer_info {
	uint64_t freq_hz;
	unsigned int hyp_ppi;  /* INTID of CNTHP (PPI 10 -> 26 on QEMU virt) */
	unsigned int virt_ppi; /* INTID of CNTV, for guests (PPI 11 -> 27) */
	unsigned int phys_ppi; /* INTID of CNTP (non-secure, PPI 14 -> 30) */
};

int arch_timer_init(const void *fdt);
const struct arch_timer_info *arch_timer_get_info(void);

static inline uint64_t arch_counter_read(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

/* Arms CNTHP at an absolute counter value; masks it with arch_timer_hyp_stop(). */
void arch_timer_hyp_arm(uint64_t deadline);
void arch_timer_hyp_stop(void);

uint64_t ticks_to_ns(uint64_t ticks);
uint64_t ns_to_ticks(uint64_t ns);

#endif
