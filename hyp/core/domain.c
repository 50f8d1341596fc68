// SPDX-License-Identifier: Apache-2.0
/* Domains: creation with RAM and stage-2, guest-memory copies, shutdown and crash. */
#include <asm/mmu.h>
#include <public/arch-arm.h>
#include <stdarg.h>
#include <string.h>
#include <tessera/console.h>
#include <tessera/dom0less.h>
#include <tessera/domain.h>
#include <tessera/domain_ext.h>
#include <tessera/errno.h>
#include <tessera/irq.h>
#include <tessera/lib.h>
#include <tessera/mm.h>
#include <tessera/printk.h>
#include <tessera/sched.h>

#define RAM_CHUNK_ORDER	 9 /* 2 MiB: one stage-2 block per chunk */
#define DOMAIN_MAX_ORDER 3 /* struct domain and its extensions' state: 32 KiB at most */

/* The builder maps all of a domain's RAM through its pCPU's window (dom0less.c): the most a
 * domain node may ask (dom0less_config.c refuses more than the guest RAM banks) must fit. */
_Static_assert(GUEST_RAM0_SIZE + GUEST_RAM1_SIZE <= BUILD_VIRT_STRIDE,
	       "a domain's RAM would overrun its build window");

static struct domain *domains[DOMAIN_MAX + 1];
static spinlock_t domains_lock = SPINLOCK_INIT;

struct domain *domain_by_id(unsigned int id)
{
	return id <= DOMAIN_MAX ? domains[id] : NULL;
}

struct domain *domain_get(unsigned int id)
{
	struct domain *d = NULL;
	uint64_t flags;

	if (id > DOMAIN_MAX)
		return NULL;
	/* Under the lock domain_destroy unpublishes with: once it has, no new reference. */
	flags = spin_lock_irqsave(&domains_lock);
	if (domains[id] != NULL && domains[id]->state == DOMAIN_RUNNING) {
		d = domains[id];
		__atomic_add_fetch(&d->refs, 1, __ATOMIC_ACQUIRE);
	}
	spin_unlock_irqrestore(&domains_lock, flags);
	return d;
}

void domain_put(struct domain *d)
{
	__atomic_sub_fetch(&d->refs, 1, __ATOMIC_RELEASE);
	sev(); /* domain_destroy may wait in WFE for the last one */
}

/* RAM in the largest chunks that fit (2 MiB where possible), each mapped at an IPA aligned
 * like its size so that stage 2 uses one block per chunk. The pages are handed over as the
 * allocator gives them: it scrubbed every page freed since boot (page_alloc.h). */
static int populate_ram(struct domain *d, psize_t size, const char **why)
{
	psize_t done = 0;

	while (done < size) {
		unsigned int order = RAM_CHUNK_ORDER;
		paddr_t pa = INVALID_PADDR;
		int err;

		while ((PAGE_SIZE << order) > size - done || !IS_ALIGNED(done, PAGE_SIZE << order))
			order--;
		for (; pa == INVALID_PADDR; order--) {
			pa = alloc_pages(order);
			if (pa != INVALID_PADDR || order == 0)
				break;
		}
		if (pa == INVALID_PADDR) {
			*why = "not enough free memory";
			return -ENOMEM;
		}
		err = p2m_map(&d->p2m, d->ram_ipa + done, pa, PAGE_SIZE << order, P2M_RAM);
		if (err < 0) {
			free_pages(pa, order);
			*why = "out of memory for stage-2 tables";
			return err;
		}
		done += PAGE_SIZE << order;
	}
	return 0;
}

/* struct domain, then each extension's state (domain_ext.h), in one block of pages. */
static unsigned int domain_order(void)
{
	size_t size = DOMAIN_EXT_STATES_AT(sizeof(struct domain)) + domain_ext_domain_state_size();
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	if (order > DOMAIN_MAX_ORDER)
		panic("struct domain and its extensions need %zu bytes", size);
	return order;
}

static uint8_t *domain_ext_states(struct domain *d)
{
	return (uint8_t *)d + DOMAIN_EXT_STATES_AT(sizeof(struct domain));
}

static void domain_free(struct domain *d, bool extensions_created)
{
	/* The extensions first (the PV interface: peers stop raising events into pages about
	 * to be freed, and nobody still maps this domain's pages when they are freed). */
	if (extensions_created)
		domain_ext_domain_destroy(d);
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		if (d->vcpus[i] != NULL)
			vcpu_free(d->vcpus[i]);
	}
	if (d->p2m.root_pa != 0 && d->p2m.root_pa != INVALID_PADDR)
		p2m_destroy(&d->p2m, free_pages); /* which scrubs: nothing reaches the next owner */
	free_pages(virt_to_phys(d), domain_order());
}

void domain_destroy(struct domain *d)
{
	uint64_t flags = spin_lock_irqsave(&domains_lock);

	if (domains[d->id] == d)
		domains[d->id] = NULL;
	spin_unlock_irqrestore(&domains_lock, flags);
	/* Whoever found d before that holds a reference for one bounded operation: wait. */
	while (__atomic_load_n(&d->refs, __ATOMIC_ACQUIRE) != 0)
		wfe();
	d->state = DOMAIN_DEAD;
	domain_free(d, true);
}

int domain_create(const struct domain_config *cfg, struct domain **out, const char **why)
{
	paddr_t pa;
	struct domain *d;
	int err;

	if (cfg->domid == 0 || cfg->domid > DOMAIN_MAX) {
		*why = "domain id out of range";
		return -EINVAL;
	}
	if (cfg->nr_vcpus == 0 || cfg->nr_vcpus > DOMAIN_MAX_VCPUS) {
		*why = "more vCPUs than Tessera supports";
		return -EINVAL;
	}
	pa = alloc_pages(domain_order());
	if (pa == INVALID_PADDR) {
		*why = "no memory for the domain structure";
		return -ENOMEM;
	}
	d = phys_to_virt(pa);
	memset(d, 0, PAGE_SIZE << domain_order());
	d->id = cfg->domid;
	memcpy(d->name, cfg->name, sizeof(d->name));
	d->cfg = *cfg;
	d->state = DOMAIN_RUNNING;
	d->ram_ipa = GUEST_RAM_BASE;
	d->ram_size = ALIGN_UP(cfg->memory_kib * 1024, PAGE_SIZE);
	err = p2m_init(&d->p2m);
	if (err < 0) {
		*why = err == -ENOSPC ? "no free VMID" : "no memory for stage-2 tables";
		free_pages(pa, domain_order());
		return err;
	}
	err = populate_ram(d, d->ram_size, why);
	if (err < 0) {
		domain_free(d, false);
		return err;
	}
	err = domain_ext_domain_create(d, domain_ext_states(d), why);
	if (err < 0) {
		domain_free(d, false); /* the extensions undid their part */
		return err;
	}
	for (unsigned int i = 0; err == 0 && i < cfg->nr_vcpus; i++) {
		d->vcpus[i] = vcpu_create(d, i);
		if (d->vcpus[i] == NULL) {
			*why = "no memory for vCPUs";
			err = -ENOMEM;
		}
		d->nr_vcpus = i + 1;
	}
	if (err < 0) {
		domain_free(d, true);
		return err;
	}
	*out = d;
	return 0;
}

/* Makes d visible by id (once it is complete). */
void domain_publish(struct domain *d)
{
	uint64_t flags = spin_lock_irqsave(&domains_lock);

	domains[d->id] = d;
	spin_unlock_irqrestore(&domains_lock, flags);
}

int domain_add_mmio(struct domain *d, paddr_t base, psize_t size, mmio_handler_fn fn, void *ctx)
{
	if (d->nr_mmio == DOMAIN_MMIO_MAX)
		return -ENOSPC;
	d->mmio[d->nr_mmio++] = (struct mmio_region){ base, size, fn, ctx };
	return 0;
}

/* One page at most per step: guest RAM is contiguous in IPA, not in machine memory. */
static int copy_guest(struct domain *d, paddr_t ipa, void *buf, size_t len, bool to_guest)
{
	while (len > 0) {
		size_t chunk = MIN(len, (size_t)(PAGE_SIZE - (ipa & (PAGE_SIZE - 1))));

		if (p2m_copy_ram(&d->p2m, ipa, buf, chunk, to_guest) < 0)
			return -EFAULT;
		buf = (char *)buf + chunk;
		ipa += chunk;
		len -= chunk;
	}
	return 0;
}

int copy_to_guest_phys(struct domain *d, paddr_t ipa, const void *src, size_t len)
{
	if (ipa + len < ipa)
		return -EFAULT;
	// cppcheck-suppress misra-c2012-11.8 ; copy_guest only reads buf when to_guest is true
	return copy_guest(d, ipa, (void *)src, len, true);
}

int copy_from_guest_phys(struct domain *d, void *dst, paddr_t ipa, size_t len)
{
	if (ipa + len < ipa)
		return -EFAULT;
	return copy_guest(d, ipa, dst, len, false);
}

void domain_shutdown(struct domain *d, enum domain_exit why)
{
	uint64_t flags = spin_lock_irqsave(&d->lock);
	bool first = d->state == DOMAIN_RUNNING;

	if (first) {
		d->exit_reason = why;
		__atomic_store_n(&d->vcpus_loaded, d->nr_vcpus, __ATOMIC_RELEASE);
		d->state = DOMAIN_DYING;
	}
	spin_unlock_irqrestore(&d->lock, flags);
	if (!first)
		return;
	if (why == DOMAIN_EXIT_POWEROFF)
		pr_info("d%u (%s): powered off\n", d->id, d->name);
	else if (why == DOMAIN_EXIT_REBOOT)
		pr_info("d%u (%s): rebooting\n", d->id, d->name);
	else if (why == DOMAIN_EXIT_WATCHDOG)
		pr_info("d%u (%s): shut down (watchdog)\n", d->id, d->name);
	/* Every pCPU holding one of its vCPUs notices in its run loop. */
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		if (d->vcpus[i]->pcpu != this_cpu_id())
			ipi_send(d->vcpus[i]->pcpu, IPI_WAKE);
	}
}

void domain_start(struct domain *d)
{
	console_add_domain(d->id);
	vcpu_set_state(d->vcpus[0], VCPU_RUNNABLE);
	vcpu_wake(d->vcpus[0]);
}

/* The last vCPU of a dying domain has left: free it, or rebuild it for a reboot. */
static void domain_end(struct domain *d)
{
	struct domain_config cfg = d->cfg;
	bool reboot = d->exit_reason == DOMAIN_EXIT_REBOOT;

	console_remove_domain(d->id);
	domain_destroy(d);
	if (reboot)
		dom0less_rebuild(&cfg);
}

void domain_vcpu_leave(struct vcpu *v)
{
	struct domain *d = v->domain;

	if (this_cpu()->current == v)
		vcpu_put(v);
	domain_ext_vcpu_stop(v);
	sched_get()->remove(v);
	if (__atomic_sub_fetch(&d->vcpus_loaded, 1, __ATOMIC_ACQ_REL) == 0) {
		/* Scrubbing a domain's RAM and rebuilding it (inflating a kernel of tens of MiB)
		 * takes long: with IRQs open meanwhile, this pCPU still takes its timers, console
		 * input and IPIs. Nothing runs here now: the vCPU left above, and every lock the
		 * rebuild takes is taken with IRQs masked. */
		irq_enable_local();
		domain_end(d);
		irq_disable_local();
	}
}

void domain_crash(struct domain *d, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (d->state != DOMAIN_RUNNING)
		return;
	pr_err("d%u (%s): crashed: %s\n", d->id, d->name, msg);
	domain_shutdown(d, DOMAIN_EXIT_CRASH);
}

/*
 * Console output. The domain holding the console input is written as it comes, so its
 * prompt and the characters it echoes show before Enter (Xen does the same for the domain
 * with the input, xen/arch/arm/vpl011.c vpl011_write_data_xen); the others a whole line at a
 * time, so that their lines never interleave mid-line. The owner is read without holding it
 * across the write: if input moves in between, a character may still go out as it comes,
 * which only cuts a line (console_line_put); nothing is lost or written twice, since d->line
 * is flushed and emptied under d->lock.
 */

/* Under d->lock, with d holding the input: what d wrote since its last whole line, so far
 * held back, goes out now as its unfinished line. */
static void show_held(struct domain *d)
{
	if (d->line_len == 0)
		return;
	console_guest_write(d->id, d->line, d->line_len);
	d->line_len = 0;
}

void domain_console_putc(struct domain *d, char c)
{
	uint64_t flags = spin_lock_irqsave(&d->lock);

	if (console_input_domain() == d->id) {
		show_held(d);
		console_guest_write(d->id, &c, 1);
	} else {
		/* '\r' is dropped: console_write ends each line with "\r\n" itself. */
		if (c != '\n' && c != '\r')
			d->line[d->line_len++] = c;
		if (c == '\n' || d->line_len == sizeof(d->line) - 1) {
			console_guest_line(d->id, d->line, d->line_len);
			d->line_len = 0;
		}
	}
	spin_unlock_irqrestore(&d->lock, flags);
}

void domain_console_show_unfinished(struct domain *d)
{
	uint64_t flags = spin_lock_irqsave(&d->lock);

	if (console_input_domain() == d->id)
		show_held(d);
	spin_unlock_irqrestore(&d->lock, flags);
}

void domain_console_end_line(struct domain *d)
{
	uint64_t flags = spin_lock_irqsave(&d->lock);

	if (d->line_len > 0) {
		console_guest_line(d->id, d->line, d->line_len);
		d->line_len = 0;
	}
	console_guest_end_line(d->id);
	spin_unlock_irqrestore(&d->lock, flags);
}
