// SPDX-License-Identifier: Apache-2.0
/*
 * The domain's PV console (Xen's io/console.h ring: 1 KiB in, 2 KiB out, in a page at
 * HVM_PARAM_CONSOLE_PFN, with an event channel) whose backend is Tessera itself, feeding the
 * console multiplexer: console=hvc0 works with no xenstore and no control domain. Also
 * console_io, the early console hypercall. Output is "(dN) "-prefixed like vpl011 output.
 */
#include <public/xen.h>
#include <tessera/domain.h>
#include <tessera/errno.h>
#include <pv/hypercall.h>
#include <pv/pv.h>

#define CONSOLE_IO_MAX	 4096 /* bytes per console_io write: a guest cannot flood in one call */
#define CONSOLE_IO_CHUNK 128

void pv_console_notified(struct domain *d);

/* The guest produced output (it signalled the console port): print what is in the ring. */
void pv_console_notified(struct domain *d)
{
	struct xencons_interface *c = d->pv.cons;
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

void pv_console_receive(struct domain *d, char ch)
{
	struct xencons_interface *c = d->pv.cons;
	XENCONS_RING_IDX prod;

	if (c == NULL)
		return;
	prod = __atomic_load_n(&c->in_prod, __ATOMIC_ACQUIRE);
	if (prod - __atomic_load_n(&c->in_cons, __ATOMIC_ACQUIRE) >= sizeof(c->in))
		return; /* full: the character is lost, as on a real console */
	c->in[prod % sizeof(c->in)] = ch;
	__atomic_store_n(&c->in_prod, prod + 1, __ATOMIC_RELEASE);
	evtchn_set_pending(d, PV_CONSOLE_PORT);
}

int64_t do_console_io(struct vcpu *v, const uint64_t a[5])
{
	uint64_t count = a[1];
	uint64_t buf = a[2];
	char chunk[CONSOLE_IO_CHUNK];

	switch (a[0]) {
	case CONSOLEIO_write:
		if (count > CONSOLE_IO_MAX)
			count = CONSOLE_IO_MAX;
		for (uint64_t done = 0; done < count;) {
			uint64_t n = count - done < sizeof(chunk) ? count - done : sizeof(chunk);

			if (copy_from_guest(v, chunk, buf + done, n) < 0)
				return -EFAULT;
			// cppcheck-suppress knownConditionTrueFalse ; false positive (n from ?:)
			for (uint64_t i = 0; i < n; i++)
				domain_console_putc(v->domain, chunk[i]);
			done += n;
		}
		return (int64_t)count;
	case CONSOLEIO_read:
		return 0; /* input reaches domains through their consoles' rings */
	default:
		return -ENOSYS;
	}
}
