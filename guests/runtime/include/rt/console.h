/* SPDX-License-Identifier: Apache-2.0 */
/* Console output on the UART the device tree names (PL011 or SBSA UART), polled. */
#ifndef RT_CONSOLE_H
#define RT_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <tessera/compiler.h>

/* printf-style output; whole calls are atomic with respect to other CPUs. */
int printf(const char *fmt, ...) __printf(1, 2);
void console_write(const char *s, size_t n);

/* The next received character, or -1 when none is waiting. */
int console_getc(void);

/* The UART's transmit interrupt (PL011 TRM DDI 0183, UARTIMSC.TXIM), for tests of SPIs. */
void console_tx_irq_set(bool on);

#endif
