// SPDX-License-Identifier: Apache-2.0
/*
 * The C side of the vectors: IRQs go to the GIC driver; a synchronous exception is either
 * caught (fault_catch_begin/end, or a guest's hook) or reported with the whole frame, after
 * which the guest powers off so that a test sees "FAIL:" and an end rather than a hang.
 */
#include "runtime.h"

/* Vector slots (Arm ARM, "Exception vectors"): 4 groups of sync, IRQ, FIQ, SError. */
#define SLOT_GROUP(s) ((s) >> 2)
#define SLOT_KIND(s)  ((s)&3)
#define GROUP_SPX     1 /* current EL, SP_ELx: where all of ours are taken */

static sync_hook_t sync_hook;

static const char *const kind_names[] = { "synchronous", "IRQ", "FIQ", "SError" };
static const char *const group_names[] = { "EL1 on SP_EL0", "EL1", "EL0 (AArch64)",
					   "EL0 (AArch32)" };

const char *esr_class_name(uint64_t esr)
{
	switch (ESR_EC(esr)) {
	case ESR_EC_UNKNOWN:
		return "undefined instruction";
	case 0x01:
		return "WFI/WFE";
	case 0x07:
		return "FP/SIMD access";
	case 0x0e:
		return "illegal execution state";
	case 0x15:
		return "SVC";
	case 0x16:
		return "HVC";
	case 0x17:
		return "SMC";
	case ESR_EC_SYSREG:
		return "system register access";
	case ESR_EC_IABT_CUR:
		return "instruction abort";
	case 0x22:
		return "PC alignment";
	case ESR_EC_DABT_CUR:
		return "data abort";
	case 0x26:
		return "SP alignment";
	case ESR_EC_SERROR:
		return "SError";
	case 0x3c:
		return "BRK";
	default:
		return "other";
	}
}

void exception_set_sync_hook(sync_hook_t hook)
{
	WRITE_ONCE(sync_hook, hook);
}

void fault_catch_begin(void)
{
	struct rt_cpu *c = this_cpu();

	c->catch_daif = irq_save_local();
	c->caught = false;
	barrier();
	c->catch_armed = true;
	barrier();
}

bool fault_catch_end(struct fault_info *fi)
{
	struct rt_cpu *c = this_cpu();
	bool caught;

	barrier();
	c->catch_armed = false;
	caught = c->caught;
	if (caught && fi != NULL)
		*fi = c->fault;
	irq_restore_local(c->catch_daif);
	return caught;
}

/* A caught exception resumes after the faulting instruction (A64 instructions are 4
 * bytes); an SError is asynchronous and resumes where it interrupted. */
static bool try_catch(uint64_t *frame, unsigned int kind)
{
	struct rt_cpu *c = this_cpu();
	uint64_t esr = frame[RT_FRAME_ESR / 8];

	if (c == NULL || !c->catch_armed)
		return false;
	if (kind == RT_EXC_SYNC && ESR_EC(esr) == ESR_EC_IABT_CUR)
		return false; /* nowhere sensible to resume */
	c->fault.esr = esr;
	c->fault.far = frame[RT_FRAME_FAR / 8];
	c->fault.elr = frame[RT_FRAME_ELR / 8];
	c->caught = true;
	c->catch_armed = false;
	if (kind == RT_EXC_SYNC)
		frame[RT_FRAME_ELR / 8] += 4;
	return true;
}

static void report(const uint64_t *frame, unsigned int slot) __noreturn;

static void report(const uint64_t *frame, unsigned int slot)
{
	struct rt_cpu *c = this_cpu();
	uint64_t esr = frame[RT_FRAME_ESR / 8];

	printf_unlocked("\nFAIL: unexpected %s exception from %s on cpu %d: %s (EC 0x%02llx)\n",
			kind_names[SLOT_KIND(slot)], group_names[SLOT_GROUP(slot)],
			c != NULL ? (int)c->index : -1, esr_class_name(esr),
			(unsigned long long)ESR_EC(esr));
	printf_unlocked(
		"  ESR 0x%016llx FAR 0x%016llx\n  ELR 0x%016llx SPSR 0x%016llx SP 0x%016llx\n",
		(unsigned long long)esr, (unsigned long long)frame[RT_FRAME_FAR / 8],
		(unsigned long long)frame[RT_FRAME_ELR / 8],
		(unsigned long long)frame[RT_FRAME_SPSR / 8],
		(unsigned long long)frame[RT_FRAME_SP / 8]);
	for (int i = 0; i < 31; i += 3) {
		printf_unlocked("  x%-2d 0x%016llx", i, (unsigned long long)frame[i]);
		if (i + 1 < 31)
			printf_unlocked("  x%-2d 0x%016llx", i + 1,
					(unsigned long long)frame[i + 1]);
		if (i + 2 < 31)
			printf_unlocked("  x%-2d 0x%016llx", i + 2,
					(unsigned long long)frame[i + 2]);
		printf_unlocked("\n");
	}
	printf_unlocked("  image loaded at 0x%llx: ELR is image offset 0x%llx\n",
			(unsigned long long)rt_platform.load_base,
			(unsigned long long)(frame[RT_FRAME_ELR / 8] - rt_platform.load_base));
	psci_system_off();
}

unsigned int exception_slot(void)
{
	return this_cpu()->exception_slot;
}

void exception_entry(uint64_t *frame, unsigned int slot)
{
	unsigned int kind = SLOT_KIND(slot);
	sync_hook_t hook;

	this_cpu()->exception_slot = slot;
	if (SLOT_GROUP(slot) == GROUP_SPX) {
		if (kind == RT_EXC_IRQ) {
			irq_handle();
			return;
		}
		if ((kind == RT_EXC_SYNC || kind == RT_EXC_SERROR) && try_catch(frame, kind))
			return;
	}
	/* A test that runs code at EL0 takes its exceptions back through the hook too. */
	hook = READ_ONCE(sync_hook);
	if (SLOT_GROUP(slot) != 0 && kind == RT_EXC_SYNC && hook != NULL &&
	    hook(frame, frame[RT_FRAME_ESR / 8]))
		return;
	report(frame, slot);
}
