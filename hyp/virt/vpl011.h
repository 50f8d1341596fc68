/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An emulated SBSA UART (the PL011 subset of Arm DEN0094 SBSA, appendix B) for a domain:
 * guest writes go to the hypervisor console as "(dN) " lines; console input the domain holds
 * is queued for it; the receive and transmit interrupts drive a level SPI.
 */
#ifndef VIRT_VPL011_H
#define VIRT_VPL011_H

#include <asm/spinlock.h>
#include <tessera/types.h>

#define VPL011_RX_FIFO 1024 /* as deep as Xen's vpl011 input ring: pasted lines are not lost */

struct domain;

struct vpl011 {
	spinlock_t lock;
	uint8_t rx[VPL011_RX_FIFO];
	unsigned int rx_head, rx_count;
	uint32_t imsc;	 /* interrupt mask set/clear */
	uint32_t ris_tx; /* transmit interrupt raw status (set: room in the FIFO) */
	uint32_t cr, lcr_h, ibrd, fbrd, ifls, dmacr;
};

#endif
