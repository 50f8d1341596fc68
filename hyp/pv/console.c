// SPDX-License-Identifier: Apache-2.0
/*
 * The domain's PV console (Xen's io/console.h ring: 1 KiB in, 2 KiB out, in a page at
 * HVM_PARAM_CONSOLE_PFN, with an event channel) whose backend is Tessera itself, feeding the
 * console multiplexer: console=hvc0 works with no xenstore and no control domain. Also
 * console_io, the early console hypercall: writes are "(dN) "-prefixed like vpl011 output and
 * held to a per-domain budget (console_budget.h); reads drain the input the domain received
 * while it held the console (docs/xen-abi.md, "console_io").
 */
#include <drivers/arch_timer.h>
#include <public/xen.h>
#include <tessera/compiler.h>
#include <tessera/console.h>
#include <tessera/domain.h>
#include <tessera/errno.h>
#include <tessera/lib.h>
#include <tessera/timer.h>
#include <pv/hypercall.h>
#include <pv/pv.h>

#define CONSOLE_IO_MAX	    4096 /* bytes per console_io write: a guest cannot flood in one call */
#define CONSOLE_IO_CHUNK    128
#define CONSOLE_IO_READ_MAX 0x7fffffffULL /* Xen 4.17: a count must not overlap the errors */
#define NS_PER_S	    1000000000ULL

_Static_assert((PV_CONSOLE_IO_IN & (PV_CONSOLE_IO_IN - 1)) == 0, "a power of two");

void pv_console_notified(struct domain *d);

/* The guest produced output (it signalled the console port): print what is in the ring. */
void pv_console_notified(struct domain *d)
{
	struct xencons_interface *c = d->pv->cons;
	XENCONS_RING_IDX cons, prod;

	if (c == NULL)
		return;
	cons = __atomic_load_n(&c->out_cons, __ATOMIC_ACQUIRE);
	prod = __atomic_load_n(&c->out_prod, __ATOMIC_ACQUIRE);
	/* A producer more than a ring ahead is lying: drop everything it claims. */
	if (prod - cons > sizeof(c->out))
		cons = prod;
	for (; cons != prod; cons++)
		domain_console_putc(d, c->out[cons % sizeof(c->out)]);
	__atomic_store_n(&c->out_cons, cons, __ATOMIC_RELEASE);
	evtchn_set_pending(d, PV_CONSOLE_PORT);
}

/* Kept for CONSOLEIO_read only once the domain has read with it: a domain that reads its
 * input from its PV ring or vpl011 (every domU under Xen) never finds stale characters here
 * the day it calls console_io, and nothing is kept that nobody will read. */
static void console_io_receive(struct pv_domain *pv, char ch)
{
	uint64_t flags = spin_lock_irqsave(&pv->console_lock);

	if (pv->console_io_reader &&
	    pv->console_in_prod - pv->console_in_cons < PV_CONSOLE_IO_IN) /* full: lost */
		pv->console_in[pv->console_in_prod++ % PV_CONSOLE_IO_IN] = ch;
	spin_unlock_irqrestore(&pv->console_lock, flags);
}

void pv_console_receive(struct domain *d, char ch)
{
	struct xencons_interface *c = d->pv->cons;
	XENCONS_RING_IDX prod;

	if (c == NULL)
		return;
	console_io_receive(d->pv, ch);
	prod = __atomic_load_n(&c->in_prod, __ATOMIC_ACQUIRE);
	if (prod - __atomic_load_n(&c->in_cons, __ATOMIC_ACQUIRE) >= sizeof(c->in))
		return; /* full: the character is lost, as on a real console */
	c->in[prod % sizeof(c->in)] = ch;
	__atomic_store_n(&c->in_prod, prod + 1, __ATOMIC_RELEASE);
	evtchn_set_pending(d, PV_CONSOLE_PORT);
}

/* Prints n characters the domain wrote, as far as its budget goes; says how many were
 * dropped when output resumes. */
static void console_io_print(struct domain *d, const char *s, uint64_t n)
{
	struct pv_domain *pv = d->pv;
	uint64_t flags = spin_lock_irqsave(&pv->console_lock);
	uint64_t now = timer_now();
	uint64_t dropped;
	uint64_t ok;

	/* Set up at the first write (also for a domain without xen,enhanced, whose pv state is
	 * all zero): a full bucket. */
	if (pv->console_budget.ticks_per_char == 0)
		console_budget_init(&pv->console_budget, now,
				    ns_to_ticks(NS_PER_S / CONSOLE_BUDGET_RATE));
	ok = console_budget_take(&pv->console_budget, now, n, &dropped);
	spin_unlock_irqrestore(&pv->console_lock, flags);
	if (dropped > 0) {
		char note[64];
		int len = snprintf(note, sizeof(note), "console_io: suppressed %llu characters",
				   (unsigned long long)dropped);

		console_guest_line(d->id, note, (size_t)MIN(len, (int)sizeof(note) - 1));
	}
	for (uint64_t i = 0; i < ok; i++)
		domain_console_putc(d, s[i]);
	/* Output is being cut: end the line here rather than glue a later one onto it. */
	if (ok < n)
		domain_console_end_line(d);
}

static int64_t console_io_write(struct vcpu *v, uint64_t count, uint64_t buf)
{
	char chunk[CONSOLE_IO_CHUNK];

	if (count > CONSOLE_IO_MAX)
		count = CONSOLE_IO_MAX;
	for (uint64_t done = 0; done < count;) {
		uint64_t n = count - done < sizeof(chunk) ? count - done : sizeof(chunk);

		/* Copied even when the budget is spent: a bad buffer is -EFAULT all the same. */
		if (copy_from_guest(v, chunk, buf + done, n) < 0)
			return -EFAULT;
		console_io_print(v->domain, chunk, n);
		done += n;
	}
	return (int64_t)count;
}

/* CONSOLEIO_read: up to count characters of the domain's console input, the number read
 * answered (Xen 4.17 drivers/char/console.c do_console_io). A bad buffer answers -EFAULT
 * and consumes nothing. */
static int64_t console_io_read(struct vcpu *v, uint64_t count, uint64_t buf)
{
	struct pv_domain *pv = v->domain->pv;
	char out[PV_CONSOLE_IO_IN];
	uint64_t flags;
	uint32_t n;
	int64_t ret;

	if (count > CONSOLE_IO_READ_MAX)
		return -E2BIG;
	/* The copy is made under the lock (at most PV_CONSOLE_IO_IN bytes) so that two vCPUs
	 * reading at once cannot both take the same characters. */
	flags = spin_lock_irqsave(&pv->console_lock);
	pv->console_io_reader = true;
	n = pv->console_in_prod - pv->console_in_cons;
	if (n > count)
		n = (uint32_t)count;
	for (uint32_t i = 0; i < n; i++)
		out[i] = pv->console_in[(pv->console_in_cons + i) % PV_CONSOLE_IO_IN];
	ret = n;
	if (n > 0 && copy_to_guest(v, buf, out, n) < 0)
		ret = -EFAULT;
	else
		pv->console_in_cons += n;
	spin_unlock_irqrestore(&pv->console_lock, flags);
	return ret;
}

int64_t do_console_io(struct vcpu *v, const uint64_t a[5])
{
	switch (a[0]) {
	case CONSOLEIO_write:
		return console_io_write(v, a[1], a[2]);
	case CONSOLEIO_read:
		return console_io_read(v, a[1], a[2]);
	default:
		return -ENOSYS;
	}
}
