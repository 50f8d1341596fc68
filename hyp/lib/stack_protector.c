// SPDX-License-Identifier: Apache-2.0
/*
 * Debian builds libfdt with -fstack-protector-strong: its functions check a canary against
 * __stack_chk_guard and call __stack_chk_fail on a mismatch. Tessera's own code is built
 * without it. The guard gets a boot-time value in stack_protector_init().
 */
#include <tessera/printk.h>
#include <tessera/stack_protector.h>

extern unsigned long __stack_chk_guard;

unsigned long __stack_chk_guard = 0x5e55e4a0d15ea5edUL;

void __stack_chk_fail(void);

void __stack_chk_fail(void)
{
	panic("stack corruption detected (stack protector) in %p", __builtin_return_address(0));
}

void stack_protector_init(unsigned long seed)
{
	/* Mix in the counter so the guard differs from boot to boot; keep the low byte zero so
	 * that string overflows stop at it. */
	__stack_chk_guard ^= (seed * 0x9e3779b97f4a7c15UL) & ~0xffUL;
}
