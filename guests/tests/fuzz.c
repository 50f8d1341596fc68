// SPDX-License-Identifier: Apache-2.0
/*
 * fuzz: a hostile guest of our own. Seeded from its bootargs ("seed=N ops=N"), it does `ops`
 * random operations, each one of:
 *   - an MMIO access to its virtual GIC (distributor, CPU interface or redistributors), its
 *     vpl011, or an address where nothing is (below its RAM, in the device GiB, or between
 *     the end of its RAM and 4 GiB), at every access size (1, 2, 4 and 8 bytes), sometimes
 *     unaligned, sometimes with a form whose syndrome a hypervisor cannot decode (a load or
 *     store pair, a post-indexed load, an exclusive, a load-acquire or store-release);
 *   - an MRS or MSR of a random system-register encoding (op0 2 or 3, every op1, CRn, CRm and
 *     op2: a table of 2 x 32768 two-instruction functions this file assembles, so no code is
 *     ever written at run time), the few that would break this guest itself left out;
 *   - a Xen hypercall (HVC #0xEA1) with a random number in x16 and random arguments: small
 *     numbers, domain ids, huge values, pointers to garbage in its own RAM, into its devices
 *     or where nothing is;
 *   - an SMCCC call (HVC #0 or SMC #0) of a random function id: PSCI's, the Arm
 *     architecture calls', another owner's or any 32 bits, with the SMC32 or SMC64 bit and
 *     garbage in the upper half of w0; and HVC/SMC with other immediates.
 * Each operation runs between fault_catch_begin and fault_catch_end (with DSB and ISB, so an
 * SError is taken inside too): the aborts and undefined instructions the hypervisor injects
 * are counted, not fatal. Calls that would end or freeze this guest on purpose (PSCI CPU_OFF,
 * SYSTEM_OFF/RESET, suspend; SCHEDOP shutdown, block, poll, watchdog; VCPUOP_down; memory_op
 * calls that give its pages away; console writes of garbage) are counted as filtered and not
 * made. Every `report=` ops (default 1000) it prints "fuzz: N ops (...)", and at the end
 * "fuzz: N ops done (...)"; then it powers off (PSCI SYSTEM_OFF). The same seed gives the same
 * operations: a seed that finds a bug is its reproducer, and "trace=<op>" prints every
 * operation from that one on. Its own interrupts stay masked throughout.
 */
#include <guest.h>

#define DEFAULT_OPS    20000
#define DEFAULT_REPORT 1000
#define GARBAGE_BYTES  16384
/* Room after the garbage for what a call writes through a pointer near its end (Xen writes
 * up to 1 KiB for xen_version, 32 multicall entries of 56 bytes, 64 grant-table ops), then a
 * canary: a hypervisor writing further than the ABI lets it is caught. */
#define SLACK_BYTES  8192
#define CANARY_WORDS 512
#define CANARY	     0xc0ffee00deadbeefULL
#define SYSREG_COUNT 32768 /* op0 2..3 (1 bit), op1 (3), CRn (4), CRm (4), op2 (3) */

/* Xen public ABI (hyp/include/public/xen.h) numbers it has no name for. */
#define XENMEM_exchange		   11
#define XENMEM_remove_from_physmap 15
#define SCHEDOP_remote_shutdown	   4

/* SMCCC (Arm DEN 0028): x0[31] fast, x0[30] SMC64, x0[29:24] owner; PSCI is owner 4, its
 * function numbers in x0[15:0] (Arm DEN 0022D 5.1: the calls that stop or suspend a CPU or
 * the system). */
#define SMCCC_FAST	       (1U << 31)
#define SMCCC_64	       (1U << 30)
#define SMCCC_OWNER(fn)	       (((fn) >> 24) & 0x3f)
#define SMCCC_OWNER_STD	       4
#define PSCI_FN_CPU_SUSPEND    0x01
#define PSCI_FN_CPU_OFF	       0x02
#define PSCI_FN_SYSTEM_OFF     0x08
#define PSCI_FN_SYSTEM_RESET   0x09
#define PSCI_FN_CPU_FREEZE     0x0b
#define PSCI_FN_DEFAULT_SUSP   0x0c
#define PSCI_FN_SYSTEM_SUSPEND 0x0e
#define PSCI_FN_SYSTEM_RESET2  0x12

/* A system register's index in the tables: (op0 - 2):op1:CRn:CRm:op2, as MRS/MSR encode it
 * in bits 19:5 (Arm ARM C5.2, "System instruction class encoding overview"). */
#define SYSREG(op0, op1, crn, crm, op2) \
	((((op0)-2U) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

/*
 * fuzz_mrs_table[i]: "mrs x0, <i>; ret"; fuzz_msr_table[i]: "msr <i>, x0; ret" (MRS is
 * 0xd5300000 | i << 5, MSR 0xd5100000 | i << 5, Rt = x0). Section .text.fuzz_sysregs.
 */
__asm__(".pushsection .text.fuzz_sysregs, \"ax\"\n"
	".balign 8\n"
	".global fuzz_mrs_table\n"
	"fuzz_mrs_table:\n"
	".set fuzz_i, 0\n"
	".rept 32768\n"
	".inst 0xd5300000 | (fuzz_i << 5)\n"
	"ret\n"
	".set fuzz_i, fuzz_i + 1\n"
	".endr\n"
	".global fuzz_msr_table\n"
	"fuzz_msr_table:\n"
	".set fuzz_i, 0\n"
	".rept 32768\n"
	".inst 0xd5100000 | (fuzz_i << 5)\n"
	"ret\n"
	".set fuzz_i, fuzz_i + 1\n"
	".endr\n"
	".popsection\n");
extern const uint64_t fuzz_mrs_table[SYSREG_COUNT];
extern const uint64_t fuzz_msr_table[SYSREG_COUNT];

/* Registers this guest's own code needs as they are: writing them would crash it, which
 * proves nothing about the hypervisor. */
static const uint32_t msr_skip[] = {
	SYSREG(3, 0, 1, 0, 0),	/* SCTLR_EL1: MMU, caches, alignment */
	SYSREG(3, 0, 1, 0, 2),	/* CPACR_EL1: FP for libfdt */
	SYSREG(3, 0, 2, 0, 0),	/* TTBR0_EL1 */
	SYSREG(3, 0, 2, 0, 1),	/* TTBR1_EL1 */
	SYSREG(3, 0, 2, 0, 2),	/* TCR_EL1 */
	SYSREG(3, 0, 4, 1, 0),	/* SP_EL0 */
	SYSREG(3, 0, 4, 2, 0),	/* SPSel */
	SYSREG(3, 0, 4, 2, 3),	/* PAN */
	SYSREG(3, 3, 4, 2, 1),	/* DAIF */
	SYSREG(3, 0, 10, 2, 0), /* MAIR_EL1 */
	SYSREG(3, 0, 12, 0, 0), /* VBAR_EL1: the vectors that catch the faults */
	SYSREG(3, 0, 13, 0, 4), /* TPIDR_EL1: the runtime's per-CPU pointer */
	SYSREG(2, 0, 0, 2, 2),	/* MDSCR_EL1: single step, kernel debug */
	/*
	 * GICv3 binary point and control: not trapped by Tessera (they reach the virtual CPU
	 * interface directly), and QEMU 10's emulation of it aborts the whole machine on some
	 * values (ICC_BPR1_EL1 = 0x1000000: arm_gicv3_cpuif.c icv_gprio_mask, "bpr > 0"; seed 6,
	 * op 785342), which is QEMU's bug, not Tessera's.
	 */
	SYSREG(3, 0, 12, 8, 3),	 /* ICC_BPR0_EL1 */
	SYSREG(3, 0, 12, 12, 3), /* ICC_BPR1_EL1 */
	SYSREG(3, 0, 12, 12, 4), /* ICC_CTLR_EL1 */
};

struct fuzz_stats {
	uint64_t mmio, sysreg, hvc, smccc, faults, filtered;
};

static uint64_t rng_state;
static struct fuzz_stats st;
static bool tracing; /* print each operation before doing it (bootargs trace=<first op>) */
static struct {
	uint8_t garbage[GARBAGE_BYTES];
	uint8_t slack[SLACK_BYTES];
	uint64_t canary[CANARY_WORDS];
} scratch __aligned(4096);
#define garbage scratch.garbage

/* xorshift64* (Vigna, "An experimental exploration of Marsaglia's xorshift generators"). */
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static uint64_t rnd_below(uint64_t n)
{
	return n != 0 ? rnd() % n : 0;
}

static uint64_t rnd_value(void);

/* Is v an address or a frame number of this guest's own RAM (where its code, stack and
 * tables are)? A hypercall told to write there would break this guest, not the hypervisor. */
static bool names_own_ram(uint64_t v)
{
	uint64_t base = rt_platform.mem[0].base, end = base + rt_platform.mem[0].size;

	return (v >= base && v < end) || (v >= base >> 12 && v < end >> 12);
}

/* Garbage for hypercalls to read as their structures: mostly the edge values rnd_value
 * gives (small numbers make plausible ports, domain ids and counts), never naming its own
 * RAM. */
static void fill_garbage(void)
{
	for (unsigned int i = 0; i < GARBAGE_BYTES; i += 8) {
		uint64_t v = rnd_below(2) != 0 ? rnd_value() : rnd();

		if (names_own_ram(v) || names_own_ram(v & 0xffffffffULL) || names_own_ram(v >> 32))
			v = rnd() | (1ULL << 63);
		memcpy(&garbage[i], &v, sizeof(v));
	}
}

/* A value for a register or an argument: the edges more often than chance gives them. */
static uint64_t rnd_value(void)
{
	switch (rnd_below(8)) {
	case 0:
		return 0;
	case 1:
		return ~0ULL;
	case 2:
		return rnd_below(16);
	case 3:
		return 1ULL << rnd_below(64);
	case 4:
		return (uint32_t)rnd();
	default:
		return rnd();
	}
}

/* An address where nothing of this guest is: the device GiB outside its devices, or past
 * its RAM below 4 GiB (both in the runtime's identity map, so the fault is the stage 2's). */
static uint64_t rnd_hole(void)
{
	const struct rt_platform *p = &rt_platform;
	uint64_t ram_end = p->mem[0].base + p->mem[0].size;

	for (unsigned int tries = 0; tries < 8; tries++) {
		uint64_t a;

		if (rnd_below(2) == 0 || ram_end >= (4ULL << 30))
			a = rnd_below(1ULL << 30);
		else
			a = ram_end + rnd_below((4ULL << 30) - ram_end);
		if (a >= 0x03000000 && a < 0x04000000)
			continue; /* the GIC's frames: fuzzed as themselves */
		if (a >= p->uart_base && a < p->uart_base + 0x1000)
			continue;
		return a;
	}
	return 0x10000000; /* nothing is there in the Xen guest map */
}

/* A pointer argument: into garbage (some near its end), a device, a hole, unaligned. */
static uint64_t rnd_pointer(void)
{
	switch (rnd_below(6)) {
	case 0:
	case 1:
		return (uintptr_t)garbage + rnd_below(GARBAGE_BYTES);
	case 2:
		return (uintptr_t)garbage + GARBAGE_BYTES - rnd_below(64);
	case 3:
		return rt_platform.gicd_base + rnd_below(0x10000);
	case 4:
		return rnd_hole();
	default:
		return rnd();
	}
}

static uint64_t rnd_arg(void)
{
	uint64_t v;

	switch (rnd_below(5)) {
	case 0:
		return rnd_pointer();
	case 1:
		return rnd_below(4) == 0 ? DOMID_SELF : rnd_below(4);
	default:
		v = rnd_value();
		return names_own_ram(v) ? v | (1ULL << 63) : v;
	}
}

/* ------------------------------------------------------------------------ MMIO */

enum access_form {
	FORM_PLAIN,
	FORM_PAIR,
	FORM_POST_INDEX,
	FORM_EXCLUSIVE,
	FORM_ACQ_REL,
};

/* One access of 1 << size_log2 bytes (plain forms), read or write, then DSB SY and ISB so
 * that an SError it raises is taken here. */
static void mmio_plain(uintptr_t a, unsigned int size_log2, bool write, uint64_t v)
{
	if (write) {
		switch (size_log2) {
		case 0:
			__asm__ volatile("strb %w0, [%1]" ::"r"(v), "r"(a) : "memory");
			break;
		case 1:
			__asm__ volatile("strh %w0, [%1]" ::"r"(v), "r"(a) : "memory");
			break;
		case 2:
			__asm__ volatile("str %w0, [%1]" ::"r"(v), "r"(a) : "memory");
			break;
		default:
			__asm__ volatile("str %x0, [%1]" ::"r"(v), "r"(a) : "memory");
			break;
		}
	} else {
		switch (size_log2) {
		case 0:
			__asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
			break;
		case 1:
			__asm__ volatile("ldrsh %x0, [%1]" : "=r"(v) : "r"(a) : "memory");
			break;
		case 2:
			__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
			break;
		default:
			__asm__ volatile("ldr %x0, [%1]" : "=r"(v) : "r"(a) : "memory");
			break;
		}
	}
	__asm__ volatile("dsb sy\n\tisb" ::: "memory");
}

/* Forms whose data-abort syndrome has ISV = 0 (Arm ARM ESR_ELx, ISS encoding for a Data
 * Abort): the hypervisor cannot emulate them and must say so by an abort, not a crash. */
static void mmio_odd(uintptr_t a, enum access_form form, bool write, uint64_t v)
{
	uint64_t w = v, status = 0;
	uintptr_t p = a;

	switch (form) {
	case FORM_PAIR:
		if (write)
			__asm__ volatile("stp %x0, %x1, [%2]" ::"r"(v), "r"(w), "r"(a) : "memory");
		else
			__asm__ volatile("ldp %x0, %x1, [%2]"
					 : "=r"(v), "=r"(w)
					 : "r"(a)
					 : "memory");
		break;
	case FORM_POST_INDEX:
		if (write)
			__asm__ volatile("str %w1, [%0], #4" : "+r"(p) : "r"(v) : "memory");
		else
			__asm__ volatile("ldr %w1, [%0], #4" : "+r"(p), "=r"(v)::"memory");
		break;
	case FORM_EXCLUSIVE:
		if (write)
			__asm__ volatile("stxr %w0, %w1, [%2]"
					 : "=&r"(status)
					 : "r"(v), "r"(a)
					 : "memory");
		else
			__asm__ volatile("ldxr %w0, [%1]\n\tclrex" : "=r"(v) : "r"(a) : "memory");
		break;
	default:
		if (write)
			__asm__ volatile("stlr %w0, [%1]" ::"r"(v), "r"(a) : "memory");
		else
			__asm__ volatile("ldar %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
		break;
	}
	(void)status;
	__asm__ volatile("dsb sy\n\tisb" ::: "memory");
}

/* A target: the distributor, the CPU interface (v2) or redistributors (v3), the vpl011 or
 * a hole; the offset aligned to the size seven times in eight. */
static uintptr_t mmio_target(unsigned int size_log2, bool write, bool *skip)
{
	const struct rt_platform *p = &rt_platform;
	uint64_t base, span;

	switch (rnd_below(5)) {
	case 0:
	case 1:
		base = p->gicd_base;
		span = 0x10000;
		break;
	case 2:
		if (p->gic_version == 2) {
			base = p->gicc_base;
			span = 0x2000;
		} else {
			base = p->gicr[0].base;
			span = p->gicr[0].size;
		}
		break;
	case 3:
		base = p->uart_base;
		span = 0x1000;
		break;
	default:
		return rnd_hole() & ~7ULL;
	}
	base += rnd_below(span);
	if (rnd_below(8) != 0)
		base &= ~((1ULL << size_log2) - 1);
	/* Writing the UART's data register would print garbage on the console. */
	*skip = write && p->uart_base != 0 && base >= p->uart_base && base < p->uart_base + 4;
	return base;
}

static void op_mmio(void)
{
	unsigned int size_log2 = (unsigned int)rnd_below(4);
	bool write = rnd_below(2) != 0;
	enum access_form form =
		rnd_below(8) == 0 ? (enum access_form)(1 + rnd_below(4)) : FORM_PLAIN;
	bool skip = false;
	uintptr_t a = mmio_target(form == FORM_PLAIN ? size_log2 : 3, write, &skip);
	uint64_t v = rnd_value();

	if (skip) {
		st.filtered++;
		return;
	}
	st.mmio++;
	if (tracing)
		printf("fuzz: mmio %s form %u size %u at 0x%lx value 0x%lx\n",
		       write ? "write" : "read", form, 1U << size_log2, (unsigned long)a,
		       (unsigned long)v);
	if (form == FORM_PLAIN)
		mmio_plain(a, size_log2, write, v);
	else
		mmio_odd(a & ~7ULL, form, write, v);
}

/* ------------------------------------------------------------------------ system registers */

static bool msr_is_skipped(uint32_t idx)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(msr_skip); i++)
		if (msr_skip[i] == idx)
			return true;
	return false;
}

static void op_sysreg(void)
{
	uint32_t idx = (uint32_t)rnd_below(SYSREG_COUNT);
	bool write = rnd_below(2) != 0;

	if (write && msr_is_skipped(idx)) {
		st.filtered++;
		return;
	}
	st.sysreg++;
	if (write) {
		void (*fn)(uint64_t) = (void (*)(uint64_t))(uintptr_t)&fuzz_msr_table[idx];
		uint64_t v = rnd_value();

		if (tracing)
			printf("fuzz: msr S%u_%u_C%u_C%u_%u, 0x%lx\n", 2 + (idx >> 14),
			       (idx >> 11) & 7, (idx >> 7) & 15, (idx >> 3) & 15, idx & 7,
			       (unsigned long)v);
		fn(v);
	} else {
		uint64_t (*fn)(void) = (uint64_t(*)(void))(uintptr_t)&fuzz_mrs_table[idx];

		(void)fn();
	}
	__asm__ volatile("isb" ::: "memory");
}

/* ------------------------------------------------------------------------ hypercalls */

/* The hypercalls that would end, freeze or unmap this guest on purpose. */
static bool hypercall_is_filtered(uint64_t nr, const uint64_t *a)
{
	switch (nr) {
	case __HYPERVISOR_sched_op:
		return a[0] == SCHEDOP_block || a[0] == SCHEDOP_shutdown || a[0] == SCHEDOP_poll ||
		       a[0] == SCHEDOP_remote_shutdown || a[0] == SCHEDOP_watchdog;
	case __HYPERVISOR_vcpu_op:
		return a[0] == VCPUOP_down;
	case __HYPERVISOR_memory_op:
		return a[0] == XENMEM_decrease_reservation || a[0] == XENMEM_add_to_physmap ||
		       a[0] == XENMEM_exchange || a[0] == XENMEM_remove_from_physmap ||
		       a[0] == XENMEM_add_to_physmap_batch;
	case __HYPERVISOR_console_io:
		return a[0] == CONSOLEIO_write;
	default:
		return false;
	}
}

static void op_hypercall(void)
{
	uint64_t nr = rnd_below(8) == 0 ? rnd_value() : rnd_below(48);
	uint64_t a[5];

	for (unsigned int i = 0; i < 5; i++)
		a[i] = rnd_arg();
	/* Sub-ops are small numbers: make the first argument one most of the time. */
	if (rnd_below(4) != 0)
		a[0] = rnd_below(32);
	if (hypercall_is_filtered(nr, a)) {
		st.filtered++;
		return;
	}
	st.hvc++;
	fill_garbage();
	if (tracing)
		printf("fuzz: hypercall %lu (0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx)\n",
		       (unsigned long)nr, (unsigned long)a[0], (unsigned long)a[1],
		       (unsigned long)a[2], (unsigned long)a[3], (unsigned long)a[4]);
	(void)xen_hypercall(nr, a[0], a[1], a[2], a[3], a[4]);
}

/* ------------------------------------------------------------------------ SMCCC and PSCI */

static uint32_t rnd_smccc_fn(void)
{
	uint32_t width = rnd_below(2) != 0 ? SMCCC_64 : 0;

	switch (rnd_below(5)) {
	case 0:
	case 1:
		return SMCCC_FAST | width | (SMCCC_OWNER_STD << 24) | (uint32_t)rnd_below(0x20);
	case 2:
		return SMCCC_FAST | width | (uint32_t)rnd_below(4) << 13 | (uint32_t)rnd_below(4);
	case 3:
		return SMCCC_FAST | width | (uint32_t)rnd_below(64) << 24 |
		       (uint32_t)rnd_below(0x40);
	default:
		return (uint32_t)rnd();
	}
}

static bool psci_is_filtered(uint32_t fn)
{
	if (SMCCC_OWNER(fn) != SMCCC_OWNER_STD || !(fn & SMCCC_FAST))
		return false;
	switch (fn & 0xffff) {
	case PSCI_FN_CPU_SUSPEND:
	case PSCI_FN_CPU_OFF:
	case PSCI_FN_SYSTEM_OFF:
	case PSCI_FN_SYSTEM_RESET:
	case PSCI_FN_CPU_FREEZE:
	case PSCI_FN_DEFAULT_SUSP:
	case PSCI_FN_SYSTEM_SUSPEND:
	case PSCI_FN_SYSTEM_RESET2:
		return true;
	default:
		return false;
	}
}

/* SMCCC 1.1: the function id in w0 (the upper half of x0 ignored for SMC32), arguments in
 * x1..x7, results in x0..x3; x4..x17 may be clobbered by older callees, so they are. */
#define SMCCC_CALL(insn)                                                                        \
	do {                                                                                    \
		register uint64_t x0 __asm__("x0") = fn64;                                      \
		register uint64_t x1 __asm__("x1") = a[0];                                      \
		register uint64_t x2 __asm__("x2") = a[1];                                      \
		register uint64_t x3 __asm__("x3") = a[2];                                      \
		register uint64_t x4 __asm__("x4") = a[3];                                      \
		register uint64_t x5 __asm__("x5") = a[4];                                      \
		register uint64_t x6 __asm__("x6") = a[5];                                      \
		register uint64_t x7 __asm__("x7") = a[6];                                      \
		__asm__ volatile(insn "\n\tdsb sy\n\tisb"                                       \
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5),  \
				   "+r"(x6), "+r"(x7)                                           \
				 :                                                              \
				 : "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", \
				   "x17", "memory");                                            \
	} while (0)

static void op_smccc(void)
{
	uint32_t fn = rnd_smccc_fn();
	uint64_t fn64 = fn;
	uint64_t a[7];
	unsigned int conduit;

	for (unsigned int i = 0; i < 7; i++)
		a[i] = rnd_arg();
	if (psci_is_filtered(fn)) {
		st.filtered++;
		return;
	}
	if (!(fn & SMCCC_64) && rnd_below(4) == 0)
		fn64 |= rnd() << 32; /* SMC32: the upper half must be ignored */
	st.smccc++;
	conduit = (unsigned int)rnd_below(10);
	if (tracing)
		printf("fuzz: smccc conduit %u fn 0x%lx (0x%lx, 0x%lx, 0x%lx)\n", conduit,
		       (unsigned long)fn64, (unsigned long)a[0], (unsigned long)a[1],
		       (unsigned long)a[2]);
	switch (conduit) {
	case 0:
		SMCCC_CALL("hvc #1");
		break;
	case 1:
		SMCCC_CALL("hvc #0xea0");
		break;
	case 2:
		SMCCC_CALL("hvc #0xffff");
		break;
	case 3:
		SMCCC_CALL("smc #1");
		break;
	case 4:
	case 5:
		SMCCC_CALL("smc #0");
		break;
	default:
		SMCCC_CALL("hvc #0");
		break;
	}
}

/* ------------------------------------------------------------------------ main */

static void report(const char *what, uint64_t done)
{
	printf("fuzz: %lu ops%s (mmio %lu, sysreg %lu, hypercall %lu, smccc %lu; faults %lu, "
	       "filtered %lu)\n",
	       (unsigned long)done, what, (unsigned long)st.mmio, (unsigned long)st.sysreg,
	       (unsigned long)st.hvc, (unsigned long)st.smccc, (unsigned long)st.faults,
	       (unsigned long)st.filtered);
}

static void one_op(void)
{
	struct fault_info fi;
	unsigned int kind = (unsigned int)rnd_below(4);

	fault_catch_begin();
	switch (kind) {
	case 0:
		op_mmio();
		break;
	case 1:
		op_sysreg();
		break;
	case 2:
		if (xen_present())
			op_hypercall();
		else
			op_mmio();
		break;
	default:
		op_smccc();
		break;
	}
	if (fault_catch_end(&fi))
		st.faults++;
}

/* Words of the canary after the garbage that are not what was written: 0 expected. */
static unsigned int canary_damage(void)
{
	unsigned int bad = 0;

	for (unsigned int i = 0; i < CANARY_WORDS; i++)
		bad += READ_ONCE(scratch.canary[i]) != CANARY ? 1 : 0;
	return bad;
}

int main(void)
{
	uint64_t seed = bootarg_ulong("seed", 1);
	uint64_t ops = bootarg_ulong("ops", DEFAULT_OPS);
	uint64_t every = bootarg_ulong("report", DEFAULT_REPORT);
	uint64_t trace_from = bootarg_ulong("trace", 0);
	uint64_t start = timer_now();

	rng_state = seed != 0 ? seed * 0x9e3779b97f4a7c15ULL : 1;
	fill_garbage();
	for (unsigned int i = 0; i < CANARY_WORDS; i++)
		scratch.canary[i] = CANARY;
	printf("fuzz: seed %lu, %lu ops, GICv%u, %s\n", (unsigned long)seed, (unsigned long)ops,
	       rt_platform.gic_version, xen_present() ? "xen,enhanced" : "no Xen interface");
	/* Its own interrupts stay masked: what it writes to its GIC and timer could otherwise
	 * leave it handling an interrupt storm of its own making. */
	local_irq_disable();
	for (uint64_t done = 1; done <= ops; done++) {
		tracing = trace_from != 0 && done >= trace_from;
		if (tracing)
			printf("fuzz: op %lu\n", (unsigned long)done);
		one_op();
		if (every != 0 && done % every == 0 && done != ops)
			report("", done);
	}
	if (canary_damage() != 0)
		printf("FAIL: fuzz: %u words past the hypercall buffers were written\n",
		       canary_damage());
	report(" done", ops);
	printf("fuzz: %lu ms\n", (unsigned long)(timer_ticks_to_ns(timer_now() - start) / 1000000));
	return 0;
}
