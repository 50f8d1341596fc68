// SPDX-License-Identifier: Apache-2.0
/*
 * residue: proves that nothing a dead domain leaves with the hypervisor (its saved registers,
 * the console input it received) reaches the next domain given that memory. Bootargs pick the
 * role:
 *   - role=victim: prints "residue: victim ready", reads one line from its console (the test
 *     types RESIDUE_SECRET), says how many characters it read, then loads RESIDUE_TAG + n into
 *     x1..x30, both halves of q0..q31 and the EL1 system registers an EL1 program may write
 *     freely, and powers off (PSCI SYSTEM_OFF) with all of them in place: the hypervisor saves
 *     them into its state of the vCPU (the HVC's trap frame, then the vCPU's EL1 and FP/SIMD
 *     state as it leaves the pCPU) and then frees that state.
 *   - role=scan: scans all its RAM but its own image (where both patterns are, as constants
 *     and on the stack) for an 8-byte word whose top 48 bits are RESIDUE_TAG's and for
 *     RESIDUE_SECRET, and prints "residue: FOUND <what> at <address>" (at most a few) or
 *     "residue: CLEAN" and "residue: scanned N KiB"; then "residue: press r to reboot", and on
 *     'r' reboots (PSCI SYSTEM_RESET), so that it is built again on whatever memory is free.
 * The guest device tree in RAM holds neither pattern (the bootargs name only the role).
 */
#include <guest.h>

#define RESIDUE_TAG	 0x5ec2e7a11d0c0000UL /* low 16 bits: which register */
#define RESIDUE_TAG_MASK 0xffffffffffff0000UL
#define RESIDUE_SECRET	 "hunter2-residue-secret"
#define LINE_MAX	 64
#define POLL_US		 1000
#define FOUND_MAX	 8

/*
 * residue_fill_and_off(tag, psci_fn, use_smc): never returns. x1..x30 = tag + n (x9 last, it
 * holds the tag), q<i> = tag + 0x100 + 2i (low) and + 0x101 + 2i (high), EL1 registers
 * tag + 0x200.., x0 = the PSCI function; the conduit is chosen by flags set first (nothing
 * after the CMP sets them).
 */
void residue_fill_and_off(uint64_t tag, uint64_t fn, uint64_t use_smc) __noreturn;
__asm__(".pushsection .text.residue_fill_and_off, \"ax\"\n"
	".arch_extension fp\n"
	".arch_extension simd\n"
	".global residue_fill_and_off\n"
	".type residue_fill_and_off, %function\n"
	"residue_fill_and_off:\n"
	"	cmp x2, #1\n"
	"	mov x9, x0\n"
	"	mov x0, x1\n"
	"	add x3, x9, #0x200\n"
	"	msr tpidr_el0, x3\n"
	"	add x3, x9, #0x201\n"
	"	msr tpidrro_el0, x3\n"
	"	add x3, x9, #0x202\n"
	"	msr tpidr_el1, x3\n"
	"	add x3, x9, #0x203\n"
	"	msr far_el1, x3\n"
	"	add x3, x9, #0x204\n"
	"	msr par_el1, x3\n"
	"	add x3, x9, #0x205\n"
	"	msr sp_el0, x3\n"
	".macro residue_fill_q i\n"
	"	add x3, x9, #(0x100 + 2 * \\i)\n"
	"	add x4, x9, #(0x101 + 2 * \\i)\n"
	"	mov v\\i\\().d[0], x3\n"
	"	mov v\\i\\().d[1], x4\n"
	".endm\n"
	"	.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
	"	residue_fill_q \\i\n"
	"	.endr\n"
	"	.irp i, 16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	residue_fill_q \\i\n"
	"	.endr\n"
	"	.irp i, 1,2,3,4,5,6,7,8,10,11,12,13,14,15,16,17,18,19\n"
	"	add x\\i, x9, #\\i\n"
	"	.endr\n"
	"	.irp i, 20,21,22,23,24,25,26,27,28,29,30\n"
	"	add x\\i, x9, #\\i\n"
	"	.endr\n"
	"	add x9, x9, #9\n"
	"	b.eq 1f\n"
	"	hvc #0\n"
	"	b .\n"
	"1:	smc #0\n"
	"	b .\n"
	".size residue_fill_and_off, . - residue_fill_and_off\n"
	".popsection\n");

static void role_victim(void)
{
	char line[LINE_MAX + 1];
	unsigned int len = 0;

	printf("residue: victim ready\n");
	for (;;) {
		int c = console_getc();

		if (c < 0) {
			timer_sleep_us(POLL_US);
			continue;
		}
		if (c == '\r' || c == '\n')
			break;
		if (len < LINE_MAX)
			line[len++] = (char)c;
	}
	line[len] = '\0';
	/* The line itself is not printed: the console's line buffer must not hold it too. */
	printf("residue: victim read %u characters (%s), powering off with its registers set\n",
	       len, strcmp(line, RESIDUE_SECRET) == 0 ? "the secret" : "not the secret");
	residue_fill_and_off(RESIDUE_TAG, PSCI_SYSTEM_OFF,
			     rt_platform.psci == PSCI_CONDUIT_SMC ? 1 : 0);
}

static bool in_image(uint64_t addr)
{
	return addr >= rt_platform.load_base &&
	       addr < rt_platform.load_base + rt_platform.image_size;
}

static unsigned int found;

static void report(const char *what, uint64_t addr, uint64_t value)
{
	if (found++ < FOUND_MAX)
		printf("residue: FOUND %s at 0x%llx (0x%016llx)\n", what, (unsigned long long)addr,
		       (unsigned long long)value);
}

/* One bank, 8 bytes at a time: the tagged words, and the secret starting at any byte of a
 * word that is not zero (most of a fresh domain's RAM is). */
static void scan_bank(uint64_t base, uint64_t size)
{
	static const char secret[] = RESIDUE_SECRET;
	const uint64_t len = sizeof(secret) - 1;

	for (uint64_t a = base; a + sizeof(uint64_t) <= base + size; a += sizeof(uint64_t)) {
		const volatile uint64_t *w = (const volatile uint64_t *)a;
		uint64_t v;

		if (in_image(a))
			continue;
		v = *w;
		if ((v & RESIDUE_TAG_MASK) == RESIDUE_TAG)
			report("a victim's register", a, v);
		if (v == 0)
			continue;
		for (uint64_t b = a; b < a + sizeof(uint64_t) && b + len <= base + size; b++) {
			if (*(const volatile char *)b == secret[0] && !in_image(b + len - 1) &&
			    memcmp((const void *)b, secret, len) == 0)
				report("the victim's typed secret", b, v);
		}
	}
}

static void role_scan(void)
{
	uint64_t kib = 0;

	found = 0;
	for (unsigned int i = 0; i < rt_platform.mem_banks; i++) {
		scan_bank(rt_platform.mem[i].base, rt_platform.mem[i].size);
		kib += rt_platform.mem[i].size >> 10;
	}
	printf("residue: scanned %llu KiB\n", (unsigned long long)kib);
	if (found == 0)
		printf("residue: CLEAN\n");
	else
		printf("residue: %u FOUND\n", found);
	printf("residue: press r to reboot\n");
	for (;;) {
		int c = console_getc();

		if (c == 'r')
			psci_system_reset();
		timer_sleep_us(POLL_US);
	}
}

int main(void)
{
	if (bootarg_is("role", "victim"))
		role_victim();
	role_scan();
	return 0;
}
