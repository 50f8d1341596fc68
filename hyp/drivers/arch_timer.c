// SPDX-License-Identifier: Apache-2.0
/* Generic timer: frequency and interrupt numbers from the "arm,armv8-timer" node. */
#include <asm/sysreg.h>
#include <drivers/arch_timer.h>
#include <drivers/gic.h>
#include <string.h>
#include <tessera/fdt_util.h>
#include <tessera/printk.h>

#define CNTHP_CTL_ENABLE (1U << 0)
#define CNTHP_CTL_IMASK	 (1U << 1)

/* Order of the node's interrupts (arm,arch_timer.yaml): secure phys, non-secure phys,
 * virtual, hypervisor. QEMU virt gives PPIs 13, 14, 11, 10. */
enum { TIMER_SEC_PHYS, TIMER_PHYS, TIMER_VIRT, TIMER_HYP, TIMER_NR };

static struct arch_timer_info info;

int arch_timer_init(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	unsigned int ppi[TIMER_NR] = { 29, 30, 27, 26 };
	unsigned int dt_ppi[TIMER_NR];
	const fdt32_t *freq;
	int len, i;

	if (node < 0) {
		pr_err("no arm,armv8-timer node in the device tree\n");
		return -1;
	}
	for (i = 0; i < TIMER_NR; i++)
		if (fdt_gic_irq_get(fdt, node, i, gic_get_info()->interrupt_cells, &dt_ppi[i]) <
			    0 ||
		    dt_ppi[i] >= 32U)
			break;
	if (i < TIMER_NR)
		pr_warn("timer: node has no 4 PPIs; using the architected ones\n");
	else
		memcpy(ppi, dt_ppi, sizeof(ppi));
	/* clock-frequency overrides CNTFRQ only where firmware failed to program it. */
	freq = fdt_getprop(fdt, node, "clock-frequency", &len);
	info.freq_hz = read_sysreg(cntfrq_el0);
	if (freq != NULL && len == 4)
		info.freq_hz = fdt32_to_cpu(*freq);
	if (info.freq_hz == 0) {
		pr_err("timer: frequency unknown (CNTFRQ_EL0 is 0, no clock-frequency)\n");
		return -1;
	}
	info.hyp_ppi = ppi[TIMER_HYP];
	info.virt_ppi = ppi[TIMER_VIRT];
	info.phys_ppi = ppi[TIMER_PHYS];
	arch_timer_hyp_stop();
	return 0;
}

const struct arch_timer_info *arch_timer_get_info(void)
{
	return &info;
}

void arch_timer_hyp_arm(uint64_t deadline)
{
	write_sysreg_s(deadline, CNTHP_CVAL_EL2);
	write_sysreg_s(CNTHP_CTL_ENABLE, CNTHP_CTL_EL2);
	isb();
}

void arch_timer_hyp_stop(void)
{
	write_sysreg_s(CNTHP_CTL_IMASK, CNTHP_CTL_EL2);
	isb();
}

#define NS_PER_S 1000000000ULL

/* Whole seconds and the remainder apart: no overflow for any counter value, for any
 * frequency up to the 1 GHz that Armv8.6 makes the norm (remainder * 1e9 < 2^64). */
uint64_t ticks_to_ns(uint64_t ticks)
{
	uint64_t f = info.freq_hz;

	return (ticks / f) * NS_PER_S + ((ticks % f) * NS_PER_S) / f;
}

uint64_t ns_to_ticks(uint64_t ns)
{
	uint64_t f = info.freq_hz;

	return (ns / NS_PER_S) * f + ((ns % NS_PER_S) * f) / NS_PER_S;
}
