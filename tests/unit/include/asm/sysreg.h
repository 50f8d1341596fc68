/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host stand-in for hyp/arch/arm64/include/asm/sysreg.h, found first by the unit tests'
 * include path: the same interface without Arm instructions. System registers are variables
 * (tests/unit/host_sysreg.c); DAIF masks and unmasks for real, so a test can see that every
 * spin_lock_irqsave was undone; WFE would wait forever on a single host thread, so it aborts
 * (a lock taken twice).
 */
#ifndef ASM_SYSREG_H
#define ASM_SYSREG_H

#include <asm/sysregs.h>
#include <tessera/types.h>

uint64_t host_read_sysreg(const char *name);
void host_write_sysreg(const char *name, uint64_t value);
void host_wfe(void);

#define read_sysreg(r)	     host_read_sysreg(#r)
#define write_sysreg(v, r)   host_write_sysreg(#r, (uint64_t)(v))
#define read_sysreg_s(r)     read_sysreg(r)
#define write_sysreg_s(v, r) write_sysreg(v, r)

#define isb()	 __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define dsb(opt) __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define dmb(opt) __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define wfi()	 host_wfe()
#define wfe()	 host_wfe()
#define sev()	 ((void)0)

#define HOST_DAIF_I (1ULL << 7)

static inline void irq_enable_local(void)
{
	write_sysreg(read_sysreg(daif) & ~HOST_DAIF_I, daif);
}

static inline void irq_disable_local(void)
{
	write_sysreg(read_sysreg(daif) | HOST_DAIF_I, daif);
}

static inline uint64_t irq_save_local(void)
{
	uint64_t flags = read_sysreg(daif);

	irq_disable_local();
	return flags;
}

static inline void irq_restore_local(uint64_t flags)
{
	write_sysreg(flags, daif);
}

#endif
