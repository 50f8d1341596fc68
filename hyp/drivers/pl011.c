// SPDX-License-Identifier: Apache-2.0
/* PL011 UART: polled transmit, interrupt-driven receive (TRM DDI 0183, section 3). */
#include <drivers/pl011.h>

#define UARTDR	  0x00
#define UARTFR	  0x18
#define UARTLCR_H 0x2c
#define UARTCR	  0x30
#define UARTIMSC  0x38
#define UARTICR	  0x44

#define FR_RXFE	     (1U << 4)
#define FR_TXFF	     (1U << 5)
#define LCR_H_FEN    (1U << 4)
#define LCR_H_WLEN_8 (3U << 5)
#define CR_UARTEN    (1U << 0)
#define CR_TXE	     (1U << 8)
#define CR_RXE	     (1U << 9)
#define INT_RX	     (1U << 4)
#define INT_RT	     (1U << 6)

/* Bound on polling a full transmit FIFO: a stuck UART must not hang the hypervisor. */
#define TX_SPIN_MAX 1000000

static inline uint32_t reg_read(struct pl011 *u, unsigned int off)
{
	return u->base[off / 4];
}

static inline void reg_write(struct pl011 *u, unsigned int off, uint32_t v)
{
	u->base[off / 4] = v;
}

void pl011_init(struct pl011 *u, void *base)
{
	u->base = base;
	reg_write(u, UARTIMSC, 0);
	reg_write(u, UARTLCR_H, LCR_H_FEN | LCR_H_WLEN_8);
	reg_write(u, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
}

void pl011_putc(struct pl011 *u, char c)
{
	for (int i = 0; i < TX_SPIN_MAX && (reg_read(u, UARTFR) & FR_TXFF); i++)
		;
	reg_write(u, UARTDR, (uint8_t)c);
}

int pl011_getc(struct pl011 *u)
{
	if (reg_read(u, UARTFR) & FR_RXFE)
		return -1;
	return (int)(reg_read(u, UARTDR) & 0xff);
}

void pl011_enable_rx_irq(struct pl011 *u)
{
	reg_write(u, UARTIMSC, INT_RX | INT_RT);
}

void pl011_ack_rx_irq(struct pl011 *u)
{
	reg_write(u, UARTICR, INT_RX | INT_RT);
}
