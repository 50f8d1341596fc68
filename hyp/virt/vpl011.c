// SPDX-License-Identifier: Apache-2.0
/*
 * The emulated SBSA UART (PL011 subset; PL011 TRM DDI 0183 section 3.3 for the registers).
 * Transmit is immediate, so the transmit FIFO is always empty and its interrupt always
 * raised; receive holds console input for the domain. The SPI follows
 * (RIS & IMSC) != 0 as a level.
 */
#include <public/arch-arm.h>
#include <tessera/domain.h>
#include <tessera/domain_ext.h>
#include <tessera/errno.h>
#include <virt/vgic.h>
#include <virt/vpl011.h>

#define UARTDR	      0x000
#define UARTRSR	      0x004
#define UARTFR	      0x018
#define UARTILPR      0x020
#define UARTIBRD      0x024
#define UARTFBRD      0x028
#define UARTLCR_H     0x02c
#define UARTCR	      0x030
#define UARTIFLS      0x034
#define UARTIMSC      0x038
#define UARTRIS	      0x03c
#define UARTMIS	      0x040
#define UARTICR	      0x044
#define UARTDMACR     0x048
#define UARTPERIPHID0 0xfe0

#define FR_RXFE (1U << 4)
#define FR_RXFF (1U << 6)
#define FR_TXFE (1U << 7)
#define INT_RX	(1U << 4)
#define INT_TX	(1U << 5)
#define INT_RT	(1U << 6)

/* PrimeCell identification: PL011 r1p5, and the PrimeCell id (TRM 3.3.14-3.3.15). */
static const uint8_t id_regs[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

static uint32_t raw_status(const struct vpl011 *u)
{
	return INT_TX | (u->rx_count > 0 ? (INT_RX | INT_RT) : 0);
}

/* Called with u->lock held: the level set is the one of the FIFO state just changed. Set
 * after unlocking, a reader draining the FIFO on one pCPU could compute "low", then a
 * character arrive on another and raise the line, then the reader's stale "low" land last:
 * the character would wait, unannounced, for the next one. */
static void update_irq(struct domain *d)
{
	struct vpl011 *u = d->vpl011;

	vgic_set_level(d, NULL, GUEST_VPL011_SPI, (raw_status(u) & u->imsc) != 0);
}

static uint32_t read_reg(struct domain *d, struct vpl011 *u, paddr_t off)
{
	uint32_t v;

	switch (off) {
	case UARTDR:
		if (u->rx_count == 0)
			return 0;
		v = u->rx[u->rx_head];
		u->rx_head = (u->rx_head + 1) % VPL011_RX_FIFO;
		u->rx_count--;
		return v;
	case UARTFR:
		return FR_TXFE | (u->rx_count == 0 ? FR_RXFE : 0) |
		       (u->rx_count == VPL011_RX_FIFO ? FR_RXFF : 0);
	case UARTIBRD:
		return u->ibrd;
	case UARTFBRD:
		return u->fbrd;
	case UARTLCR_H:
		return u->lcr_h;
	case UARTCR:
		return u->cr;
	case UARTIFLS:
		return u->ifls;
	case UARTIMSC:
		return u->imsc;
	case UARTRIS:
		return raw_status(u);
	case UARTMIS:
		return raw_status(u) & u->imsc;
	case UARTDMACR:
		return u->dmacr;
	default:
		if (off >= UARTPERIPHID0 && off < UARTPERIPHID0 + 0x20)
			return id_regs[(off - UARTPERIPHID0) / 4];
		(void)d;
		return 0;
	}
}

static void write_reg(struct domain *d, struct vpl011 *u, paddr_t off, uint32_t v)
{
	switch (off) {
	case UARTDR:
		domain_console_putc(d, (char)(v & 0xff));
		break;
	case UARTIBRD:
		u->ibrd = v & 0xffff;
		break;
	case UARTFBRD:
		u->fbrd = v & 0x3f;
		break;
	case UARTLCR_H:
		u->lcr_h = v & 0xff;
		break;
	case UARTCR:
		u->cr = v & 0xffff;
		break;
	case UARTIFLS:
		u->ifls = v & 0x3f;
		break;
	case UARTIMSC:
		u->imsc = v & 0x7ff;
		break;
	case UARTDMACR:
		u->dmacr = v & 0x7;
		break;
	default:
		break; /* ICR: the interrupts we raise are levels of FIFO state; RSR, ILPR: ignored
			*/
	}
}

static int vpl011_mmio(struct vcpu *v, paddr_t off, unsigned int size, bool write, uint64_t *value,
		       void *ctx)
{
	struct domain *d = v->domain;
	struct vpl011 *u = ctx;
	uint64_t flags;

	if (size > 4 || (off & (size - 1)) != 0)
		return -EINVAL;
	flags = spin_lock_irqsave(&u->lock);
	if (write)
		write_reg(d, u, off & ~3ULL, (uint32_t)*value);
	else
		*value = read_reg(d, u, off & ~3ULL);
	update_irq(d);
	spin_unlock_irqrestore(&u->lock, flags);
	return 0;
}

/* The vpl011 as a domain extension (tessera/domain_ext.h): a domain has one if its node
 * says "vpl011". */
static int vpl011_ext_domain_create(struct domain *d, void *state, const char **why)
{
	if (!d->cfg.vpl011)
		return 0;
	d->vpl011 = state;
	if (domain_add_mmio(d, GUEST_VPL011_BASE, GUEST_VPL011_SIZE, vpl011_mmio, state) < 0) {
		*why = "no room for its vpl011";
		return -ENOSPC;
	}
	return 0;
}

/* Console input for the domain: into the receive FIFO. */
static void vpl011_receive(struct domain *d, char c)
{
	struct vpl011 *u = d->vpl011;
	uint64_t flags;

	if (u == NULL)
		return;
	flags = spin_lock_irqsave(&u->lock);

	/* A full FIFO drops the character, as a real UART overruns. */
	if (u->rx_count < VPL011_RX_FIFO) {
		u->rx[(u->rx_head + u->rx_count) % VPL011_RX_FIFO] = (uint8_t)c;
		u->rx_count++;
	}
	update_irq(d);
	spin_unlock_irqrestore(&u->lock, flags);
}

DOMAIN_EXT(vpl011, 40) = {
	.name = "vpl011",
	.domain_state_size = sizeof(struct vpl011),
	.domain_create = vpl011_ext_domain_create,
	.console_input = vpl011_receive,
};
