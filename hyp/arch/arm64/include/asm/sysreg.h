/* SPDX-License-Identifier: Apache-2.0 */
/* System register access and barriers. */
#ifndef ASM_SYSREG_H
#define ASM_SYSREG_H

#include <asm/sysregs.h>
#include <tessera/types.h>

/* cppcheck-suppress misra-c2012-20.7 ; false positive: the "=r" constraint */
#define read_sysreg(r)                                                 \
	({                                                             \
		uint64_t __v;                                          \
		__asm__ volatile("mrs %0, " #r : "=r"(__v)::"memory"); \
		__v;                                                   \
	})

#define write_sysreg(v, r) __asm__ volatile("msr " #r ", %0" ::"r"((uint64_t)(v)) : "memory")

#define isb()	 __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")
#define dmb(opt) __asm__ volatile("dmb " #opt ::: "memory")
#define wfi()	 __asm__ volatile("wfi" ::: "memory")
#define wfe()	 __asm__ volatile("wfe" ::: "memory")
#define sev()	 __asm__ volatile("sev" ::: "memory")

/* GICv3 CPU interface registers by encoding (GICv3 spec 12.1), so any assembler takes them. */
#define ICC_SRE_EL2	S3_4_C12_C9_5
#define ICC_SRE_EL1	S3_0_C12_C12_5
#define ICC_PMR_EL1	S3_0_C4_C6_0
#define ICC_IAR1_EL1	S3_0_C12_C12_0
#define ICC_EOIR1_EL1	S3_0_C12_C12_1
#define ICC_DIR_EL1	S3_0_C12_C11_1
#define ICC_BPR1_EL1	S3_0_C12_C12_3
#define ICC_CTLR_EL1	S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_SGI1R_EL1	S3_0_C12_C11_5
/* EL2 hypervisor physical timer (Arm ARM D23.11.5, D23.11.7). */
#define CNTHP_CTL_EL2  S3_4_C14_C2_1
#define CNTHP_CVAL_EL2 S3_4_C14_C2_2

#define read_sysreg_s(r)     read_sysreg(r)
#define write_sysreg_s(v, r) write_sysreg(v, r)

static inline void irq_enable_local(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

static inline void irq_disable_local(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

/* Saves DAIF and masks IRQs; irq_restore_local puts DAIF back. */
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
