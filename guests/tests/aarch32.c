// SPDX-License-Identifier: Apache-2.0
/*
 * aarch32: proves that an AArch32 EL0 task is the guest's own business (EL1 stays AArch64).
 * A few T32 instructions run at EL0 in AArch32 state (SPSR_EL1.M[4] = 1, T = 1), from a
 * 2 MiB block mapped for EL0:
 *   - a 16-bit T32 WFI (0xbf30) with IRQs masked, woken by the virtual timer: under a
 *     hypervisor that traps WFI it is stepped over by 2 bytes (ESR_EL2.IL = 0), so the next
 *     instruction, UDF #1 at +2, is what brings the task back to EL1 (UDF #2 at +4 would
 *     mean a 4-byte step);
 *   - a load from an address with nothing behind it (under a hypervisor): the data abort
 *     must come back to EL1 at VBAR_EL1 + 0x600 (lower EL using AArch32), with the lower-EL
 *     data abort class, the address in FAR_EL1 and the task's AArch32 PSTATE in SPSR_EL1.
 * Then SYSTEM_OFF. A CPU without AArch32 at EL0 (ID_AA64PFR0_EL1.EL0 != 2) skips.
 */
#include <guest.h>

#define EL0_CODE_VA    0x3e000000UL /* 2 MiB blocks of the first GiB, free in both maps */
#define EL0_HOLE_VA    0x3c000000UL /* identity: nothing there in Xen's guest memory map */
#define BLOCK_2M       (1UL << 21)
#define SPSR_USR_T32   (0x10UL | 0x20UL | 0x1c0UL) /* AArch32 User, T32, A I F masked */
#define SPSR_EL1H      0x3c5UL
#define SPSR_AARCH32   (1UL << 4)
#define SLOT_LOWER_A32 0xc /* VBAR_EL1 + 0x600: synchronous, lower EL using AArch32 */
#define EC_DABT_LOWER  0x24
#define T32_WFI	       0xbf30
#define T32_UDF(n)     (0xde00 | (n))
#define T32_LDR_R0_R1  0x6808 /* LDR r0, [r1] (T1 encoding) */
#define WAKE_US	       2000

/* T32 code, copied to EL0's view of the page: [0] WFI; [1] UDF #1; [2] UDF #2;
 * [4] LDR r0, [r1]; [5] UDF #3. */
static uint16_t el0_code[8] __attribute__((aligned(64)));

static unsigned int failures;
static volatile uint64_t got_esr, got_elr, got_far, got_spsr;
static volatile unsigned int got_slot;
static uint64_t el0_saved_sp __attribute__((used)); /* el0_run's stack pointer */

/* Runs code at EL0 from pc with PSTATE spsr and x1 (r1) = arg, until an exception from
 * EL0 comes back to EL1 through el0_hook, which resumes at el0_back. */
uint64_t el0_run(uint64_t pc, uint64_t spsr, uint64_t arg);
void el0_back(void);
__asm__(".text\n"
	".global el0_run, el0_back\n"
	"el0_run:\n"
	"	stp	x29, x30, [sp, #-96]!\n"
	"	stp	x19, x20, [sp, #16]\n"
	"	stp	x21, x22, [sp, #32]\n"
	"	stp	x23, x24, [sp, #48]\n"
	"	stp	x25, x26, [sp, #64]\n"
	"	stp	x27, x28, [sp, #80]\n"
	"	mov	x9, sp\n"
	"	adrp	x10, el0_saved_sp\n"
	"	str	x9, [x10, :lo12:el0_saved_sp]\n"
	"	msr	elr_el1, x0\n"
	"	msr	spsr_el1, x1\n"
	"	mov	x1, x2\n"
	"	isb\n"
	"	eret\n"
	"el0_back:\n"
	"	adrp	x10, el0_saved_sp\n"
	"	ldr	x9, [x10, :lo12:el0_saved_sp]\n"
	"	mov	sp, x9\n"
	"	ldp	x19, x20, [sp, #16]\n"
	"	ldp	x21, x22, [sp, #32]\n"
	"	ldp	x23, x24, [sp, #48]\n"
	"	ldp	x25, x26, [sp, #64]\n"
	"	ldp	x27, x28, [sp, #80]\n"
	"	ldp	x29, x30, [sp], #96\n"
	"	mov	x0, #0\n"
	"	ret\n");

static bool el0_hook(uint64_t *frame, uint64_t esr)
{
	if ((frame[RT_FRAME_SPSR / 8] & SPSR_AARCH32) == 0)
		return false;
	got_esr = esr;
	got_elr = frame[RT_FRAME_ELR / 8];
	got_far = frame[RT_FRAME_FAR / 8];
	got_spsr = frame[RT_FRAME_SPSR / 8];
	got_slot = exception_slot();
	frame[RT_FRAME_ELR / 8] = (uint64_t)(uintptr_t)el0_back;
	frame[RT_FRAME_SPSR / 8] = SPSR_EL1H;
	return true;
}

static void check(bool ok, const char *what)
{
	printf("%s: aarch32: %s\n", ok ? "PASS" : "FAIL", what);
	if (!ok)
		failures++;
}

static void timer_irq(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	timer_disarm();
}

static uint64_t code_va(void)
{
	return EL0_CODE_VA + ((uintptr_t)el0_code & (BLOCK_2M - 1));
}

static void setup_code(void)
{
	el0_code[0] = T32_WFI;
	el0_code[1] = T32_UDF(1);
	el0_code[2] = T32_UDF(2);
	el0_code[3] = T32_UDF(2);
	el0_code[4] = T32_LDR_R0_R1;
	el0_code[5] = T32_UDF(3);
	el0_code[6] = T32_UDF(3);
	/* To the point of unification, then no stale instruction (Arm ARM, "Concurrent
	 * modification and execution of instructions"). */
	__asm__ volatile("dc cvau, %0\n dsb ish\n ic iallu\n dsb ish\n isb" ::"r"(el0_code)
			 : "memory");
	(void)mmu_map_el0_block(EL0_CODE_VA, (uintptr_t)el0_code, true);
	(void)mmu_map_el0_block(EL0_HOLE_VA, EL0_HOLE_VA, false);
}

static void test_t32_wfi(void)
{
	uint64_t base = code_va();

	irq_register(timer_intid(), timer_irq, NULL);
	irq_enable(timer_intid());
	local_irq_disable();
	timer_arm_at(timer_now() + timer_us_to_ticks(WAKE_US));
	got_elr = 0;
	(void)el0_run(base, SPSR_USR_T32, 0);
	timer_disarm();
	local_irq_enable();
	printf("aarch32: T32 WFI at 0x%llx: back at EL1 from 0x%llx (ESR 0x%llx, %s)\n",
	       (unsigned long long)base, (unsigned long long)got_elr, (unsigned long long)got_esr,
	       esr_class_name(got_esr));
	check(ESR_EC(got_esr) == ESR_EC_UNKNOWN && got_elr == base + 2,
	      "a 16-bit T32 WFI is stepped over by 2 bytes (UDF #1 at +2 comes next)");
}

static void test_abort_injection(void)
{
	uint64_t base = code_va() + 8;

	got_elr = 0;
	(void)el0_run(base, SPSR_USR_T32, EL0_HOLE_VA);
	printf("aarch32: load from 0x%lx at 0x%llx: slot %u, ESR 0x%llx (%s), FAR 0x%llx, "
	       "SPSR 0x%llx, ELR 0x%llx\n",
	       EL0_HOLE_VA, (unsigned long long)base, got_slot, (unsigned long long)got_esr,
	       esr_class_name(got_esr), (unsigned long long)got_far, (unsigned long long)got_spsr,
	       (unsigned long long)got_elr);
	if (!rt_platform.hypervisor && ESR_EC(got_esr) == ESR_EC_UNKNOWN) {
		printf("aarch32: SKIP: abort injection (no hypervisor: the load found a device)\n");
		return;
	}
	check(got_slot == SLOT_LOWER_A32 && ESR_EC(got_esr) == EC_DABT_LOWER &&
		      got_far == EL0_HOLE_VA && got_elr == base && got_spsr == SPSR_USR_T32,
	      "a data abort from AArch32 EL0 is taken at VBAR_EL1 + 0x600 with its PSTATE");
}

int main(void)
{
	uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1);

	if ((pfr0 & 0xf) != 2) {
		printf("aarch32: SKIP: no AArch32 at EL0 (ID_AA64PFR0_EL1 0x%llx)\n",
		       (unsigned long long)pfr0);
	} else {
		exception_set_sync_hook(el0_hook);
		setup_code();
		test_t32_wfi();
		test_abort_injection();
		exception_set_sync_hook(NULL);
	}
	printf("aarch32: %u check(s) failed\n", failures);
	printf("aarch32: done\n");
	udelay(1000); /* let the UART drain */
	psci_system_off();
}
