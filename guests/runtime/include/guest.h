/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Everything a test guest uses. The runtime reads the device tree, brings up the console,
 * GIC and timer on the boot CPU, unmasks IRQs and calls main(); when main returns the guest
 * powers off (PSCI SYSTEM_OFF).
 */
#ifndef GUEST_H
#define GUEST_H

#include <rt/console.h>
#include <rt/cpu.h>
#include <rt/hypercall.h>
#include <rt/irq.h>
#include <rt/mmu.h>
#include <rt/platform.h>
#include <rt/psci.h>
#include <rt/stats.h>
#include <rt/timer.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <tessera/compiler.h>
#include <tessera/errno.h>
#include <tessera/lib.h>

int main(void);

/* Powers the guest off (PSCI SYSTEM_OFF); spins in WFI if that returns. */
void guest_exit(void) __noreturn;

/* Prints "<name>: heartbeat <n>" every period_ms, forever, sleeping in WFI between. */
void guest_heartbeat(const char *name, unsigned int period_ms) __noreturn;

#endif
