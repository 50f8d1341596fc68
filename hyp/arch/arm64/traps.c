// SPDX-License-Identifier: Apache-2.0
/*
 * Exceptions the hypervisor cannot recover from: a fault in Tessera itself, or a vector that
 * must never be taken. Prints everything needed to find the bug (ESR, FAR, ELR, SPSR, every
 * general register, the CPU, and a symbolized frame-pointer backtrace), then halts this CPU.
 */
#include <asm/regs.h>
#include <asm/sysreg.h>
#include <tessera/percpu.h>
#include <tessera/printk.h>
#include <tessera/symbols.h>

#define BACKTRACE_MAX_FRAMES 32

static const char *const vector_names[16] = {
	"sync (SP_EL0)",
	"IRQ (SP_EL0)",
	"FIQ (SP_EL0)",
	"SError (SP_EL0)",
	"sync",
	"IRQ",
	"FIQ",
	"SError",
	"sync from lower EL (AArch64)",
	"IRQ from lower EL (AArch64)",
	"FIQ from lower EL (AArch64)",
	"SError from lower EL (AArch64)",
	"sync from lower EL (AArch32)",
	"IRQ from lower EL (AArch32)",
	"FIQ from lower EL (AArch32)",
	"SError from lower EL (AArch32)",
};

/* Exception classes worth naming (Arm ARM D23.2.41, ESR_ELx.EC). */
static const char *esr_class_name(unsigned int ec)
{
	switch (ec) {
	case 0x00:
		return "unknown reason";
	case 0x0e:
		return "illegal execution state";
	case 0x15:
		return "SVC";
	case 0x16:
		return "HVC";
	case 0x17:
		return "SMC";
	case 0x18:
		return "system register access";
	case 0x20:
	case 0x21:
		return "instruction abort";
	case 0x22:
		return "PC alignment fault";
	case 0x24:
	case 0x25:
		return "data abort";
	case 0x26:
		return "SP alignment fault";
	case 0x2f:
		return "SError";
	case 0x3c:
		return "BRK";
	default:
		return "other";
	}
}

static void print_symbol(const char *prefix, vaddr_t addr)
{
	vaddr_t off;
	const char *name = symbol_lookup(addr, &off);

	if (name != NULL)
		pr_err("%s%016llx %s+0x%llx\n", prefix, (unsigned long long)addr, name,
		       (unsigned long long)off);
	else
		pr_err("%s%016llx\n", prefix, (unsigned long long)addr);
}

/* Walks AAPCS64 frame records (x29 -> {previous x29, x30}) within this CPU's stack. */
static void backtrace(const struct cpu_regs *regs)
{
	const struct pcpu *cpu = this_cpu();
	vaddr_t lo = cpu != NULL ? cpu->stack_base : 0;
	vaddr_t hi = cpu != NULL ? cpu->stack_top : 0;
	vaddr_t fp = regs->x[29];

	pr_err("Backtrace:\n");
	print_symbol("  [pc] ", regs->elr);
	print_symbol("  [lr] ", regs->x[30]);
	for (int i = 0; i < BACKTRACE_MAX_FRAMES; i++) {
		const uint64_t *frame;

		if (fp == 0 || (fp & 0xf) != 0 || fp < lo || fp + 16 > hi)
			break;
		frame = (const uint64_t *)fp;
		if (frame[1] == 0)
			break;
		print_symbol("       ", frame[1]);
		if (frame[0] <= fp)
			break; /* frames must go up the stack; anything else is corrupt */
		fp = frame[0];
	}
}

void hyp_trap_fatal(struct cpu_regs *regs, unsigned long vector) __noreturn;
void hyp_trap_sync(struct cpu_regs *regs);

/* A synchronous exception in Tessera: fatal, unless probe_read32() expected the abort. */
void hyp_trap_sync(struct cpu_regs *regs)
{
	unsigned int ec = (unsigned int)(regs->esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
	struct pcpu *cpu = this_cpu();

	if (cpu != NULL && cpu->fixup != 0 && ec == 0x25 /* data abort, current EL */) {
		regs->elr = cpu->fixup;
		cpu->fixup = 0;
		return;
	}
	hyp_trap_fatal(regs, 4);
}

void hyp_trap_fatal(struct cpu_regs *regs, unsigned long vector)
{
	unsigned int ec = (unsigned int)(regs->esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
	const struct pcpu *cpu = this_cpu();

	irq_disable_local();
	pr_err("*** Hypervisor fault on CPU%u: %s, %s ***\n", cpu != NULL ? cpu->id : 0,
	       vector_names[vector & 15], esr_class_name(ec));
	pr_err("ESR  %016llx (EC 0x%02x ISS 0x%07llx)  FAR %016llx\n",
	       (unsigned long long)regs->esr, ec, (unsigned long long)(regs->esr & ESR_ISS_MASK),
	       (unsigned long long)regs->far);
	pr_err("ELR  %016llx  SPSR %016llx  SP %016llx\n", (unsigned long long)regs->elr,
	       (unsigned long long)regs->spsr, (unsigned long long)regs->sp);
	for (int i = 0; i < 30; i += 3) {
		pr_err("x%-2d %016llx  x%-2d %016llx  x%-2d %016llx\n", i,
		       (unsigned long long)regs->x[i], i + 1, (unsigned long long)regs->x[i + 1],
		       i + 2, (unsigned long long)regs->x[i + 2]);
	}
	pr_err("x30 %016llx\n", (unsigned long long)regs->x[30]);
	backtrace(regs);
	pr_err("CPU%u halted.\n", cpu != NULL ? cpu->id : 0);
	for (;;)
		wfi();
}
