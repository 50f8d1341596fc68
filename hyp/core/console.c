// SPDX-License-Identifier: Apache-2.0
/*
 * The hypervisor console on one PL011. Output is serialized by a lock that the CPU holding it
 * may re-enter (a fault while printing must still be reported). Input arrives by interrupt
 * and goes to whoever owns it: the hypervisor's debug keys or a domain. The domain that owns
 * it has its output written as it comes, the others a whole line at a time (hyp/core/domain.c
 * domain_console_putc); `live` is the line the cursor is in.
 */
#include <asm/mmu.h>
#include <asm/spinlock.h>
#include <drivers/pl011.h>
#include <tessera/console.h>
#include <tessera/domain.h>
#include <tessera/domain_ext.h>
#include <tessera/irq.h>
#include <tessera/keyhandler.h>
#include <tessera/lib.h>
#include <tessera/compiler.h>
#include <tessera/percpu.h>
#include <tessera/printk.h>

#define NO_OWNER 0xffffffffU

static struct pl011 uart;
static bool uart_ready;
static spinlock_t console_lock = SPINLOCK_INIT;
static volatile unsigned int lock_owner = NO_OWNER;
static struct console_input input = { .owner = 0, .nr_owners = 1 };
/* Input owners in switching order: Tessera (0), then each domain by id. */
static unsigned int owners[1 + DOMAIN_MAX];
static unsigned int input_domid = CONSOLE_NO_DOMAIN; /* owners[input.owner], or none */
static struct console_line live = { .open = CONSOLE_NO_DOMAIN,
				    .cut = CONSOLE_NO_DOMAIN }; /* under console_lock */

void console_init_early(paddr_t uart_pa)
{
	void *base = ioremap(uart_pa, 0x1000);

	if (base == NULL)
		return;
	pl011_init(&uart, base);
	uart_ready = true;
}

bool console_ready(void)
{
	return uart_ready;
}

static unsigned int cpu_id_or_boot(void)
{
	struct pcpu *cpu = this_cpu();

	return cpu != NULL ? cpu->id : 0;
}

/* Takes the console lock unless this CPU holds it already (a fault while printing); says
 * whether it did, for console_unlock. */
static bool console_lock_take(uint64_t *flags)
{
	unsigned int me = cpu_id_or_boot();

	if (lock_owner == me)
		return false;
	*flags = spin_lock_irqsave(&console_lock);
	lock_owner = me;
	return true;
}

static void console_unlock(bool taken, uint64_t flags)
{
	if (!taken)
		return;
	lock_owner = NO_OWNER;
	spin_unlock_irqrestore(&console_lock, flags);
}

static void put_raw(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		pl011_putc(&uart, s[i]);
}

/* Under the console lock: whatever comes next starts on a fresh line. */
static void end_live_line(void)
{
	char out[CONSOLE_LINE_OUT_MAX];

	put_raw(out, console_line_end(&live, out));
}

void console_write(const char *s, size_t len)
{
	uint64_t flags = 0;
	bool taken;

	if (!uart_ready)
		return;
	taken = console_lock_take(&flags);
	end_live_line();
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			pl011_putc(&uart, '\r');
		pl011_putc(&uart, s[i]);
	}
	console_unlock(taken, flags);
}

void console_guest_write(unsigned int domid, const char *s, size_t len)
{
	char out[CONSOLE_LINE_OUT_MAX];
	uint64_t flags = 0;
	bool taken;

	if (!uart_ready)
		return;
	taken = console_lock_take(&flags);
	for (size_t i = 0; i < len; i++)
		put_raw(out, console_line_put(&live, domid, s[i], out));
	console_unlock(taken, flags);
}

void console_guest_end_line(unsigned int domid)
{
	uint64_t flags = 0;
	bool taken;

	if (!uart_ready)
		return;
	taken = console_lock_take(&flags);
	if (live.open == domid)
		end_live_line();
	console_unlock(taken, flags);
}

void console_guest_line(unsigned int domid, const char *s, size_t len)
{
	char buf[200];
	int n = snprintf(buf, sizeof(buf), "(d%u) %.*s\n", domid, (int)MIN(len, (size_t)180), s);

	console_write(buf, (size_t)MIN(n, (int)sizeof(buf) - 1));
}

unsigned int console_input_owner(void)
{
	return input.owner;
}

/* Under the console lock, after the owner or the list of owners changed: the domain that
 * holds the input, for console_input_domain to read without the lock. */
static void publish_input_domain(void)
{
	__atomic_store_n(&input_domid, input.owner == 0 ? CONSOLE_NO_DOMAIN : owners[input.owner],
			 __ATOMIC_RELEASE);
}

/* Read on every character a domain writes (domain_console_putc): one load, no lock. A
 * switch racing with a write at worst cuts the writer's line, and nothing is lost. */
unsigned int console_input_domain(void)
{
	return __atomic_load_n(&input_domid, __ATOMIC_ACQUIRE);
}

void console_add_domain(unsigned int domid)
{
	uint64_t flags = spin_lock_irqsave(&console_lock);

	if (input.nr_owners < ARRAY_SIZE(owners))
		owners[input.nr_owners++] = domid;
	publish_input_domain();
	spin_unlock_irqrestore(&console_lock, flags);
}

void console_remove_domain(unsigned int domid)
{
	uint64_t flags = spin_lock_irqsave(&console_lock);

	for (unsigned int i = 1; i < input.nr_owners; i++) {
		if (owners[i] != domid)
			continue;
		for (unsigned int j = i; j + 1 < input.nr_owners; j++)
			owners[j] = owners[j + 1];
		input.nr_owners--;
		if (input.owner == i)
			input.owner = 0;
		else if (input.owner > i)
			input.owner--;
		break;
	}
	publish_input_domain();
	spin_unlock_irqrestore(&console_lock, flags);
}

/* domid: the input's owner (console_input_domain), read once per interrupt and again after a
 * switch. */
static void deliver(unsigned int domid, char c)
{
	struct domain *d;

	if (domid == CONSOLE_NO_DOMAIN) {
		keyhandler_handle(c);
		return;
	}
	d = domain_get(domid);
	if (d == NULL)
		return;
	domain_ext_console_input(d, c); /* its emulated UART, its PV console */
	domain_put(d);
}

/* Says where input went; this line also ends the unfinished line of the domain that had it.
 * The domain that has it now shows at once what it wrote since its last whole line (a shell
 * prompt), from then on written as it comes. */
static void announce_switch(void)
{
	struct domain *d;

	if (input.owner == 0) {
		pr_info("console input: Tessera (press 'h' for debug keys)\n");
		return;
	}
	pr_info("console input: d%u (Ctrl-a three times to switch)\n", owners[input.owner]);
	d = domain_get(console_input_domain());
	if (d == NULL)
		return;
	domain_console_show_unfinished(d);
	domain_put(d);
}

/* Characters taken per receive interrupt: a bounded handler, a paste spread over several. */
#define CONSOLE_RX_BUDGET 256

static void console_rx_irq(unsigned int intid, void *ctx)
{
	unsigned int left = CONSOLE_RX_BUDGET;
	bool cleared = false;
	unsigned int domid;

	(void)intid;
	(void)ctx;
	domid = console_input_domain();
	while (left > 0) {
		char out[CONSOLE_SWITCH_PRESSES + 1];
		bool switched;
		uint64_t flags;
		int c = pl011_getc(&uart);
		unsigned int n;

		if (c < 0) {
			if (cleared)
				return;
			/* Empty: clear the interrupt, then look once more. A character that
			 * came between the look and the clear had its interrupt wiped; any that
			 * comes after the clear raises it again (PL011 TRM 3.3.13 UARTICR,
			 * 3.4.3 UARTRXINTR). Clearing while characters wait would strand them
			 * until the next key: the receive interrupt is raised as the FIFO
			 * fills, not while it holds data. */
			pl011_ack_rx_irq(&uart);
			cleared = true;
			continue;
		}
		cleared = false;
		left--;
		/* Under the lock: add and remove change the owners from other CPUs. */
		flags = spin_lock_irqsave(&console_lock);
		n = console_input_feed(&input, (char)c, out, &switched);
		if (switched)
			publish_input_domain();
		spin_unlock_irqrestore(&console_lock, flags);
		if (switched) {
			announce_switch();
			domid = console_input_domain();
		}
		for (unsigned int k = 0; k < n; k++)
			deliver(domid, out[k]);
	}
	/* Out of budget with input still waiting (a paste): the interrupt was not cleared since
	 * it was last raised, so it stays raised and brings us back once this one returns;
	 * other interrupts get their turn in between. */
}

int console_enable_input(unsigned int intid)
{
	int err;

	if (!uart_ready)
		return -1;
	err = irq_register(intid, console_rx_irq, NULL);
	if (err < 0)
		return err;
	irq_enable(intid, IRQ_PRIO_DEFAULT, true);
	pl011_enable_rx_irq(&uart);
	return 0;
}
