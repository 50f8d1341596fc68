// SPDX-License-Identifier: Apache-2.0
/*
 * Debian builds libfdt with -fstack-protector-strong: its functions check a canary against
 * __stack_chk_guard and call __stack_chk_fail on a mismatch. The runtime itself is built
 * without the protector.
 */
#include "runtime.h"

unsigned long __stack_chk_guard = 0x6a09e667f3bcc908UL;

void __stack_chk_fail(void) __noreturn;

void __stack_chk_fail(void)
{
	printf_unlocked("\nFAIL: stack corruption detected in libfdt (called from %p)\n",
			__builtin_return_address(0));
	psci_system_off();
}

/* Called before any libfdt function has a frame, so no live canary goes stale. */
void stack_protector_seed(uint64_t seed)
{
	__stack_chk_guard ^= (seed * 0x9e3779b97f4a7c15UL) & ~0xffUL;
}
