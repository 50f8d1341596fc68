// SPDX-License-Identifier: Apache-2.0
/*
 * attacker: proves a guest cannot reach what is not its own. Each probe first maps its
 * target in the guest's own stage-1 tables, so that a fault can only come from below the
 * guest (the hypervisor's stage 2 or traps), then expects a synchronous exception, catches
 * it and prints "caught: <what> ESR=... FAR=...":
 *   - a read and a write just past the end of its RAM (/memory);
 *   - a read and a write at 0x0, and at 64 GiB: in the Xen/Tessera guest map
 *     (hyp/include/public/arch-arm.h) nothing is there unless the domain's RAM is;
 *   - reads in the MMIO hole between the guest's GICv3 redistributors (which end at
 *     GUEST_GICR_BASE + GUEST_GICR_SIZE = 0x04020000) and its UART (GUEST_VPL011_BASE =
 *     0x22000000), at the addresses where QEMU virt puts the real GIC distributor
 *     (0x08000000), the real PL011 (0x09000000) and the virtio-mmio transports
 *     (0x0a000000): the host's devices must not show through;
 *   - an EL2 register (VBAR_EL2: an MRS of it at EL1 is UNDEFINED, Arm ARM VBAR_EL2
 *     accessibility pseudocode), and an IMPLEMENTATION DEFINED one (S3_1_C15_C2_0,
 *     CPUACTLR_EL1 on Cortex-A57), which a hypervisor traps with HCR_EL2.TIDCP (Arm ARM
 *     HCR_EL2) and answers UNDEFINED.
 * Under a hypervisor (the DT has a "xen,xen" node, or the CPU has EL2 while the guest runs
 * at EL1) a probe that does not fault prints
 * "FAIL: attacker: ..."; on plain QEMU some legitimately do not (its GIC, UART and flash are
 * really there) and it prints "no fault: ...". Then "attacker: done" and a heartbeat every
 * 100 ms forever: the guest survives its own attack.
 */
#include <guest.h>

#define HIGH_ADDR    0x1000000000UL /* 64 GiB */
#define HOST_GICD    0x08000000UL
#define HOST_UART    0x09000000UL
#define HOST_VIRTIO  0x0a000000UL
#define POISON	     0x5a5a5a5a5a5a5a5aUL
#define HEARTBEAT_MS 100

enum probe_kind { PROBE_READ, PROBE_WRITE, PROBE_SYSREG_EL2, PROBE_SYSREG_IMPDEF };

static unsigned int probes, faults, failures;

/* One LDR or STR, then DSB+ISB, so that an SError the access may raise instead of a
 * synchronous abort is taken inside the catch window too (the barriers wait for the access
 * to complete; PSTATE.A is clear). */
static uint64_t probe_access(enum probe_kind kind, uint64_t addr)
{
	uint64_t v = POISON;

	switch (kind) {
	case PROBE_READ:
		__asm__ volatile("ldr %0, [%1]\n\tdsb sy\n\tisb" : "+r"(v) : "r"(addr) : "memory");
		break;
	case PROBE_WRITE:
		__asm__ volatile("str %0, [%1]\n\tdsb sy\n\tisb" ::"r"(v), "r"(addr) : "memory");
		break;
	case PROBE_SYSREG_EL2:
		__asm__ volatile("mrs %0, vbar_el2\n\tisb" : "+r"(v)::"memory");
		break;
	case PROBE_SYSREG_IMPDEF:
		__asm__ volatile("mrs %0, S3_1_C15_C2_0\n\tisb" : "+r"(v)::"memory");
		break;
	}
	return v;
}

static void probe(const char *what, enum probe_kind kind, uint64_t addr)
{
	struct fault_info fi;
	char result[40];
	uint64_t v;

	probes++;
	fault_catch_begin();
	v = probe_access(kind, addr);
	if (fault_catch_end(&fi)) {
		faults++;
		/* FAR is UNKNOWN for anything but an abort (Arm ARM FAR_EL1). */
		if (ESR_EC(fi.esr) == ESR_EC_DABT_CUR)
			printf("caught: %s ESR=0x%08llx (%s) FAR=0x%llx\n", what,
			       (unsigned long long)fi.esr, esr_class_name(fi.esr),
			       (unsigned long long)fi.far);
		else
			printf("caught: %s ESR=0x%08llx (%s)\n", what, (unsigned long long)fi.esr,
			       esr_class_name(fi.esr));
		return;
	}
	if (kind == PROBE_WRITE)
		snprintf(result, sizeof(result), "the write went through");
	else
		snprintf(result, sizeof(result), "read 0x%llx", (unsigned long long)v);
	if (rt_platform.hypervisor) {
		failures++;
		printf("FAIL: attacker: %s did not fault (%s)\n", what, result);
	} else {
		printf("no fault: %s (%s)\n", what, result);
	}
}

/* Our stage 1 must map the target, or the fault would be our own translation fault. A
 * live 1 GiB block (RAM's) answers -EBUSY: then it is mapped already. */
static void map_target(uint64_t addr)
{
	int err = mmu_map_device(addr, 1);

	if (err < 0 && err != -EBUSY)
		printf("attacker: cannot map 0x%llx in stage 1 (%s)\n", (unsigned long long)addr,
		       errno_name(err));
}

static uint64_t ram_end(void)
{
	uint64_t end = 0;

	for (unsigned int i = 0; i < rt_platform.mem_banks; i++)
		end = MAX(end, rt_platform.mem[i].base + rt_platform.mem[i].size);
	return end;
}

int main(void)
{
	char what[80];
	uint64_t end = ram_end();

	printf("attacker: RAM ends at 0x%llx; %s\n", (unsigned long long)end,
	       rt_platform.hypervisor ? "under a hypervisor: every probe must fault"
				      : "no hypervisor: some probes may not fault");
	map_target(end);
	map_target(0);
	map_target(HIGH_ADDR);
	map_target(HOST_GICD);

	snprintf(what, sizeof(what), "read past RAM end @0x%llx", (unsigned long long)end);
	probe(what, PROBE_READ, end);
	snprintf(what, sizeof(what), "write past RAM end @0x%llx", (unsigned long long)end);
	probe(what, PROBE_WRITE, end);
	probe("read @0x0", PROBE_READ, 0);
	probe("write @0x0", PROBE_WRITE, 0);
	probe("read high @0x1000000000", PROBE_READ, HIGH_ADDR);
	probe("write high @0x1000000000", PROBE_WRITE, HIGH_ADDR);
	probe("read MMIO hole @0x08000008 (QEMU virt GICD_IIDR)", PROBE_READ, HOST_GICD + 0x8);
	probe("read MMIO hole @0x09000fe0 (QEMU virt PL011 PeriphID0)", PROBE_READ,
	      HOST_UART + 0xfe0);
	probe("read MMIO hole @0x0a000000 (QEMU virt virtio-mmio magic)", PROBE_READ, HOST_VIRTIO);
	probe("read EL2 register VBAR_EL2", PROBE_SYSREG_EL2, 0);
	probe("read IMPDEF register S3_1_C15_C2_0", PROBE_SYSREG_IMPDEF, 0);

	printf("attacker: %u of %u probes faulted, %u failure(s)\n", faults, probes, failures);
	printf("attacker: done\n");
	guest_heartbeat("attacker", HEARTBEAT_MS);
}
