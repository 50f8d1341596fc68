/* SPDX-License-Identifier: Apache-2.0 */
/* Arm PrimeCell UART (PL011), Technical Reference Manual DDI 0183. */
#ifndef DRIVERS_PL011_H
#define DRIVERS_PL011_H

#include <tessera/types.h>

struct pl011 {
	volatile uint32_t *base;
};

/* Takes the UART as firmware left it (baud rate unchanged) and enables TX and RX. */
void pl011_init(struct pl011 *u, void *base);
void pl011_putc(struct pl011 *u, char c);
/* Returns the next received character, or -1 when the receive FIFO is empty. */
int pl011_getc(struct pl011 *u);
void pl011_enable_rx_irq(struct pl011 *u);
/* Clears the receive and receive-timeout interrupts (call after draining the FIFO). */
void pl011_ack_rx_irq(struct pl011 *u);

#endif
