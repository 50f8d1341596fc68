/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Board facts that are not in the device tree. The only one Tessera needs today is where to
 * print when the device tree cannot be read (missing, corrupt, or naming no usable console):
 * the PL011 that the board's firmware and QEMU use. Assembly-safe.
 */
#ifndef PLATFORM_PLATFORM_H
#define PLATFORM_PLATFORM_H

/* QEMU virt: UART0, a PL011 at 0x09000000 (hw/arm/virt.c memmap VIRT_UART). */
#define PLATFORM_NAME		 "qemu-virt"
#define PLATFORM_DEFAULT_UART_PA 0x09000000

#endif
