// SPDX-License-Identifier: Apache-2.0
/*
 * Console on a PL011 (PrimeCell UART PL011 TRM, DDI 0183G, 3.3) or its SBSA subset (Arm
 * SBSA, appendix B: DR, FR, IMSC, RIS, MIS, ICR only): polled transmit and receive. Whole
 * printf calls hold a lock with IRQs masked, so lines from two CPUs, or from a handler,
 * never interleave.
 */
#include <tessera/lib.h>

#include "runtime.h"

#define UART_DR	    0x000
#define UART_FR	    0x018
#define UART_CR	    0x030
#define UART_IMSC   0x038
#define FR_RXFE	    (1 << 4)
#define FR_TXFF	    (1 << 5)
#define CR_UARTEN   (1 << 0)
#define CR_TXE	    (1 << 8)
#define CR_RXE	    (1 << 9)
#define INT_TX	    (1 << 5)
#define PRINTF_SIZE 256

static uintptr_t uart;
static spinlock_t console_lock = SPINLOCK_INIT;

void console_init(void)
{
	uart = rt_platform.uart_base;
	/* A full PL011 left disabled by firmware would drop output; the SBSA subset has no
	 * UARTCR and is always enabled. The baud rate is the firmware's. */
	if (rt_platform.uart_is_pl011 && (mmio_read32(uart + UART_CR) & CR_UARTEN) == 0)
		mmio_write32(uart + UART_CR, CR_UARTEN | CR_TXE | CR_RXE);
}

static void uart_putc(char c)
{
	unsigned int spins = 0;

	/* Bounded: a UART that never drains must not hang the guest forever. */
	while ((mmio_read32(uart + UART_FR) & FR_TXFF) != 0 && spins++ < 1000000)
		;
	mmio_write32(uart + UART_DR, (uint8_t)c);
}

void console_write_unlocked(const char *s, size_t n)
{
	if (uart == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

void console_write(const char *s, size_t n)
{
	uint64_t flags = spin_lock_irqsave(&console_lock);

	console_write_unlocked(s, n);
	spin_unlock_irqrestore(&console_lock, flags);
}

/* Formats into a line-sized buffer and writes it, taking the console lock or not. */
static int vprint(bool lock, const char *fmt, va_list ap)
{
	char buf[PRINTF_SIZE];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (lock)
		console_write(buf, strnlen(buf, sizeof(buf)));
	else
		console_write_unlocked(buf, strnlen(buf, sizeof(buf)));
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprint(true, fmt, ap);
	va_end(ap);
	return n;
}

int printf_unlocked(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprint(false, fmt, ap);
	va_end(ap);
	return n;
}

int console_getc(void)
{
	if (uart == 0 || (mmio_read32(uart + UART_FR) & FR_RXFE) != 0)
		return -1;
	return (int)(mmio_read32(uart + UART_DR) & 0xff);
}

void console_tx_irq_set(bool on)
{
	uint32_t imsc = mmio_read32(uart + UART_IMSC);

	mmio_write32(uart + UART_IMSC, on ? (imsc | INT_TX) : (imsc & ~(uint32_t)INT_TX));
}
