// SPDX-License-Identifier: Apache-2.0
// UNIT-SOURCES: arch/arm64/inject.c ../tests/unit/host_sysreg.c
// Verifies: REQ-VCPU-004
/*
 * Exception injection (arch/arm64/inject.c) into a vCPU whose EL1 registers are the host
 * stand-ins of tests/unit/host_sysreg.c: which vector the guest resumes at, what its
 * ELR_EL1, SPSR_EL1, ESR_EL1 and FAR_EL1 hold (Arm ARM D1.10), and that only a guest with
 * no vectors is crashed; and the length of the instruction a trap steps over (ESR_EL2.IL).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <asm/guest_trap.h>
#include <asm/sysreg.h>
#include <tessera/domain.h>

#define VBAR	     0x40080000ULL
#define PC	     0x8000ULL
#define EC(esr)	     (((esr) >> 26) & 0x3f)
#define SPSR_EL1H    0x3c5ULL
#define SPSR_EL0T    0x0ULL
#define SPSR_USR_A32 0x10ULL		 /* AArch32 User mode, A32 */
#define SPSR_USR_T32 (0x10ULL | 0x20ULL) /* AArch32 User mode, T32 (CPSR.T) */
#define ESR_IL_32    (1ULL << 25)

static unsigned int crashes;

void domain_crash(struct domain *d, const char *fmt, ...)
{
	(void)d;
	(void)fmt;
	crashes++;
}

static struct domain dom;
static struct vcpu vc;

static struct vcpu *vcpu_at(uint64_t spsr)
{
	memset(&vc, 0, sizeof(vc));
	vc.domain = &dom;
	vc.arch.regs.elr = PC;
	vc.arch.regs.spsr = spsr;
	write_sysreg(VBAR, vbar_el1);
	write_sysreg(0, elr_el1);
	write_sysreg(0, spsr_el1);
	write_sysreg(0, esr_el1);
	write_sysreg(0, far_el1);
	crashes = 0;
	return &vc;
}

static void test_undef_from_el1_goes_to_the_current_el_vector(void **state)
{
	struct vcpu *v = vcpu_at(SPSR_EL1H);

	(void)state;
	inject_undef(v);
	assert_int_equal(crashes, 0);
	assert_int_equal(v->arch.regs.elr, VBAR + 0x200);
	assert_int_equal(v->arch.regs.spsr, SPSR_EL1H);
	assert_int_equal(read_sysreg(elr_el1), PC);
	assert_int_equal(read_sysreg(spsr_el1), SPSR_EL1H);
	assert_int_equal(EC(read_sysreg(esr_el1)), 0x00);
}

static void test_data_abort_from_aarch64_el0_goes_to_the_lower_el_vector(void **state)
{
	struct vcpu *v = vcpu_at(SPSR_EL0T);

	(void)state;
	inject_data_abort(v, 0x1234, true);
	assert_int_equal(crashes, 0);
	assert_int_equal(v->arch.regs.elr, VBAR + 0x400);
	assert_int_equal(EC(read_sysreg(esr_el1)), 0x24);
	assert_int_equal(read_sysreg(far_el1), 0x1234);
}

static void test_undef_from_aarch32_el0_goes_to_the_aarch32_vector_with_its_cpsr(void **state)
{
	struct vcpu *v = vcpu_at(SPSR_USR_T32);

	(void)state;
	inject_undef(v);
	assert_int_equal(crashes, 0);
	assert_int_equal(v->arch.regs.elr, VBAR + 0x600);
	assert_int_equal(v->arch.regs.spsr, SPSR_EL1H);
	assert_int_equal(read_sysreg(elr_el1), PC);
	assert_int_equal(read_sysreg(spsr_el1), SPSR_USR_T32);
	assert_int_equal(EC(read_sysreg(esr_el1)), 0x00);
	assert_true(read_sysreg(esr_el1) & ESR_IL_32);
}

static void test_aborts_from_aarch32_el0_are_lower_el_aborts(void **state)
{
	struct vcpu *v = vcpu_at(SPSR_USR_A32);

	(void)state;
	inject_data_abort(v, 0x09000000, false);
	assert_int_equal(crashes, 0);
	assert_int_equal(v->arch.regs.elr, VBAR + 0x600);
	assert_int_equal(read_sysreg(spsr_el1), SPSR_USR_A32);
	assert_int_equal(EC(read_sysreg(esr_el1)), 0x24); /* data abort from a lower EL */
	assert_int_equal(read_sysreg(far_el1), 0x09000000);

	v = vcpu_at(SPSR_USR_A32);
	inject_instr_abort(v, 0x100);
	assert_int_equal(crashes, 0);
	assert_int_equal(EC(read_sysreg(esr_el1)), 0x20); /* instruction abort, lower EL */
}

static void test_a_guest_without_vectors_is_crashed(void **state)
{
	struct vcpu *v = vcpu_at(SPSR_USR_T32);

	(void)state;
	write_sysreg(0, vbar_el1);
	inject_undef(v);
	assert_int_equal(crashes, 1);
	assert_int_equal(v->arch.regs.elr, PC);
}

static void test_a_trap_steps_over_2_bytes_for_a_16_bit_t32_instruction(void **state)
{
	(void)state;
	/* EC 0x01 (WFI), IL = 0: a T32 WFI (0xbf30); IL = 1: A64 WFI or a 32-bit one. */
	assert_int_equal(guest_trap_insn_len(1ULL << 26), 2);
	assert_int_equal(guest_trap_insn_len(1ULL << 26 | ESR_IL_32), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_undef_from_el1_goes_to_the_current_el_vector),
		cmocka_unit_test(test_data_abort_from_aarch64_el0_goes_to_the_lower_el_vector),
		cmocka_unit_test(
			test_undef_from_aarch32_el0_goes_to_the_aarch32_vector_with_its_cpsr),
		cmocka_unit_test(test_aborts_from_aarch32_el0_are_lower_el_aborts),
		cmocka_unit_test(test_a_guest_without_vectors_is_crashed),
		cmocka_unit_test(test_a_trap_steps_over_2_bytes_for_a_16_bit_t32_instruction),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
