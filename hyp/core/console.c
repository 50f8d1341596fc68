// SPDX-License-Identifier: Apache-2.0
/*
 * The hypervisor console on one PL011. Output is serialized by a lock that the CPU holding it
 * may re-enter (a fault while printing must still be reported). Input arrives by interrupt
 * and goes to whoever owns it: the hypervisor's debug keys or a domain. The domain that owns
 * it has its output written as it comes, the others a whole line at a time (hyp/core/domain.c
 * domain_console_putc); `live` is the line the cursor is in. A domain's output is filtered
 * (console_filter.c: no guest draws a line that looks like Tessera's) and held to its fair
 * share of the UART while others write (console_share.c), whichever path it came by.
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
#include <tessera/timer.h>
#include <drivers/arch_timer.h>

#define NO_OWNER 0xffffffffU

static struct pl011 uart;
static bool uart_ready;
static spinlock_t console_lock = SPINLOCK_INIT;
static volatile unsigned int lock_owner = NO_OWNER;
static struct console_input input = { .owner = 0, .nr_owners = 1 };
/* Input owners in switching order: Tessera (0), then each domain by id. */
static unsigned int owners[1 + DOMAIN_MAX];
_Static_assert(DOMAIN_MAX < CONSOLE_SHARE_SOURCES, "every domain id has a share");
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

/* Under the console lock: len bytes, "\n" as "\r\n", on a fresh line. */
static void write_lines(const char *s, size_t len)
{
	end_live_line();
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			pl011_putc(&uart, '\r');
		pl011_putc(&uart, s[i]);
	}
}

void console_write(const char *s, size_t len)
{
	uint64_t flags = 0;
	bool taken;

	if (!uart_ready)
		return;
	taken = console_lock_take(&flags);
	write_lines(s, len);
	console_unlock(taken, flags);
}

/*
 * Under the console lock: how many of the `want` characters domid may write now, its fair
 * share (console_share.c); when it writes again after being cut, a line of Tessera's says
 * how much was dropped. Set up at the first output, when the counter runs.
 */
static uint64_t share_take(unsigned int domid, uint64_t want)
{
	static struct console_share share;
	static bool share_ready;
	uint64_t now = timer_now();
	uint64_t dropped;
	uint64_t n;

	if (!share_ready) {
		console_share_init(&share, ns_to_ticks(CONSOLE_SHARE_WINDOW_MS * 1000000ULL),
				   ns_to_ticks(1000000000ULL / CONSOLE_BUDGET_RATE));
		share_ready = true;
	}
	n = console_share_take(&share, domid, now, want, &dropped);
	if (dropped > 0) {
		char note[80];
		int len =
			snprintf(note, sizeof(note), "(tessera) d%u: suppressed %llu characters\n",
				 domid, (unsigned long long)dropped);

		write_lines(note, (size_t)MIN(MAX(len, 0), (int)sizeof(note) - 1));
	}
	return n;
}

/* Each domain's escape-sequence state (console_filter.c), by id; under the console lock. */
static struct console_filter filters[CONSOLE_SHARE_SOURCES];

void console_guest_write(unsigned int domid, const char *s, size_t len)
{
	char out[CONSOLE_LINE_OUT_MAX];
	char kept[CONSOLE_FILTER_OUT_MAX];
	uint64_t flags = 0;
	bool taken;
	uint64_t ok;

	if (!uart_ready || domid >= ARRAY_SIZE(filters))
		return;
	taken = console_lock_take(&flags);
	ok = share_take(domid, len);
	for (size_t i = 0; i < ok; i++) {
		size_t n = console_filter_put(&filters[domid], s[i], true, kept);

		for (size_t k = 0; k < n; k++)
			put_raw(out, console_line_put(&live, domid, kept[k], out));
	}
	/* Cut: end the line here rather than glue what comes once it resumes onto it. */
	if (ok < len && live.open == domid)
		end_live_line();
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

/* Under the console lock: the characters of s a line of domid may show (console_filter.c,
 * as for a domain without the input), at most max; says how many. */
static size_t filter_line(unsigned int domid, const char *s, size_t len, char *text, size_t max)
{
	char kept[CONSOLE_FILTER_OUT_MAX];
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		size_t k = console_filter_put(&filters[domid], s[i], false, kept);

		for (size_t j = 0; j < k && n < max; j++)
			text[n++] = kept[j];
	}
	/* The line's end, which hyp/core/domain.c does not pass on, also ends any sequence
	 * or string left open in it (a title never ended must not swallow the next line). */
	(void)console_filter_put(&filters[domid], '\n', false, kept);
	return n;
}

void console_guest_line(unsigned int domid, const char *s, size_t len)
{
	char text[180];
	char buf[200];
	uint64_t flags = 0;
	bool taken;
	uint64_t ok;
	size_t shown;
	int n;

	if (!uart_ready || domid >= ARRAY_SIZE(filters))
		return;
	taken = console_lock_take(&flags);
	/* The line and its newline; a line cut by the budget is shown as far as it goes. */
	ok = share_take(domid, (uint64_t)len + 1);
	if (ok > 0) {
		shown = filter_line(domid, s, MIN(len, (size_t)ok), text, sizeof(text));
		n = snprintf(buf, sizeof(buf), "(d%u) %.*s\n", domid, (int)shown, text);
		write_lines(buf, (size_t)MIN(MAX(n, 0), (int)sizeof(buf) - 1));
	}
	console_unlock(taken, flags);
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
	if (domid < ARRAY_SIZE(filters))
		console_filter_reset(&filters[domid]); /* a rebuilt domain starts afresh */
	publish_input_domain();
	spin_unlock_irqrestore(&console_lock, flags);
}

void console_remove_domain(unsigned int domid)
{
	uint64_t flags = spin_lock_irqsave(&console_lock);
	bool had_input = false;

	for (unsigned int i = 1; i < input.nr_owners; i++) {
		if (owners[i] != domid)
			continue;
		for (unsigned int j = i; j + 1 < input.nr_owners; j++)
			owners[j] = owners[j + 1];
		input.nr_owners--;
		had_input = input.owner == i;
		if (had_input)
			input.owner = 0;
		else if (input.owner > i)
			input.owner--;
		break;
	}
	publish_input_domain();
	spin_unlock_irqrestore(&console_lock, flags);
	/* Keys typed for the stopped domain now reach the debug keys: say so, every time
	 * (the destructive ones also ask for confirmation, hyp/core/keyhandler.c). */
	if (had_input)
		pr_warn("console input: Tessera (d%u stopped; press 'h' for debug keys)\n", domid);
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
