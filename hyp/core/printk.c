// SPDX-License-Identifier: Apache-2.0
/* The hypervisor's log: "(tessera) " before every line, filtered by loglvl=. */
#include <asm/spinlock.h>
#include <asm/sysreg.h>
#include <drivers/arch_timer.h>
#include <tessera/domain.h>
#include <tessera/timer.h>
#include <tessera/console.h>
#include <string.h>
#include <tessera/lib.h>
#include <tessera/printk.h>

#define PRINTK_LINE_MAX 256

static enum log_level current_level = LOG_INFO;

void printk_set_level(enum log_level level)
{
	current_level = level;
}

/*
 * Each call prints whole lines, each with the prefix, each written to the console in one
 * piece so that lines from different CPUs never interleave.
 */
void vprintk(enum log_level level, const char *fmt, va_list ap)
{
	static const char prefix[] = "(tessera) ";
	char buf[PRINTK_LINE_MAX];
	char line[PRINTK_LINE_MAX + sizeof(prefix) + 1];
	int len;
	const char *p, *end;

	/* Errors always print: loglvl= quiets the rest, never the reason the system stopped. */
	if (level > current_level && level != LOG_ERR)
		return;
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (len >= (int)sizeof(buf))
		len = sizeof(buf) - 1;
	p = buf;
	end = buf + len;
	while (p < end) {
		const char *nl = p;
		size_t n;

		while (nl < end && *nl != '\n')
			nl++;
		n = (size_t)(nl - p);
		memcpy(line, prefix, sizeof(prefix) - 1);
		memcpy(line + sizeof(prefix) - 1, p, n);
		line[sizeof(prefix) - 1 + n] = '\n';
		console_write(line, sizeof(prefix) + n);
		p = nl + 1;
	}
}

void printk(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(level, fmt, ap);
	va_end(ap);
}

/* Per domain id: its lines as a token bucket of lines (core/console_budget.c), one a second.
 * Set up at a domain's first line; under guest_lock. */
static struct console_budget guest_lines[DOMAIN_MAX + 1];
static spinlock_t guest_lock = SPINLOCK_INIT;

void printk_guest(unsigned int domid, enum log_level level, const char *fmt, ...)
{
	uint64_t now = timer_now();
	uint64_t suppressed = 0;
	uint64_t flags;
	uint64_t ok = 1;
	va_list ap;

	if (level > current_level && level != LOG_ERR)
		return;
	if (domid <= DOMAIN_MAX) {
		struct console_budget *b = &guest_lines[domid];

		flags = spin_lock_irqsave(&guest_lock);
		if (b->ticks_per_char == 0)
			console_budget_init_sized(b, now, ns_to_ticks(1000000000ULL),
						  PRINTK_GUEST_BURST, 1);
		ok = console_budget_take(b, now, 1, &suppressed);
		spin_unlock_irqrestore(&guest_lock, flags);
	}
	if (suppressed > 0)
		printk(level, "d%u: %llu lines about it suppressed\n", domid,
		       (unsigned long long)suppressed);
	if (ok == 0)
		return;
	va_start(ap, fmt);
	vprintk(level, fmt, ap);
	va_end(ap);
}

static void __noreturn halt_this_cpu(void)
{
	irq_disable_local();
	for (;;)
		wfi();
}

void panic(const char *fmt, ...)
{
	va_list ap;

	char buf[PRINTK_LINE_MAX];

	irq_disable_local();
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk(LOG_ERR, "PANIC: broken hypervisor invariant: %s", buf);
	printk(LOG_ERR, "Halted.");
	halt_this_cpu();
}

void fatal_boot_error(const char *fmt, ...)
{
	char buf[PRINTK_LINE_MAX];
	va_list ap;

	irq_disable_local();
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk(LOG_ERR, "FATAL: %s", buf);
	printk(LOG_ERR, "Halted.");
	halt_this_cpu();
}
