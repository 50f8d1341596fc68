// SPDX-License-Identifier: Apache-2.0
/*
 * reboot: a domain that reboots itself for ever. Each life prints "reboot: up on cpu N,
 * rebooting" and asks PSCI SYSTEM_RESET at once, so that its hypervisor tears it down and
 * rebuilds it from its boot modules again and again. Two of these on different pCPUs, loaded
 * from gzip-compressed kernels, rebuild at the same time: the test of concurrent rebuilds.
 * Bootargs "delay_ms=N" wait N ms before each reset (default 0).
 */
#include <guest.h>

int main(void)
{
	unsigned long delay_ms = bootarg_ulong("delay_ms", 0);

	printf("reboot: up on cpu %u, rebooting\n", cpu_id());
	if (delay_ms > 0)
		timer_sleep_us(delay_ms * 1000UL);
	psci_system_reset();
}
