// SPDX-License-Identifier: Apache-2.0
/*
 * The table of domain extensions (tessera/domain_ext.h) and core's calls into it. The linker
 * gathers the DOMAIN_EXT() records between __domain_ext_start and __domain_ext_end, sorted by
 * their order number (tessera.lds). The hot-path hooks (before entry, after exit) are copied
 * into each domain when it is created, only those of the extensions it uses, so an exit
 * pays for those calls only.
 */
#include <tessera/compiler.h>
#include <tessera/domain_ext.h>
#include <tessera/errno.h>
#include <tessera/printk.h>

#define DOMAIN_EXT_MAX	8
#define EXT_STATE_ALIGN 64U /* a cache line: no two extensions' state share one */

extern const struct domain_ext __domain_ext_start[], __domain_ext_end[];

static struct {
	const struct domain_ext *ext;
	unsigned int nr;
	size_t domain_offset[DOMAIN_EXT_MAX]; /* of each one's state in the block */
	size_t vcpu_offset[DOMAIN_EXT_MAX];
	size_t domain_size, vcpu_size;
} table;

#define for_each_ext(i) for (unsigned int i = 0; i < table.nr; i++)

int domain_ext_boot_init(void)
{
	size_t nr = (size_t)(__domain_ext_end - __domain_ext_start);
	unsigned int hot = 0;

	if (nr > DOMAIN_EXT_MAX)
		panic("%u domain extensions, room for %u", (unsigned int)nr, DOMAIN_EXT_MAX);
	table.ext = __domain_ext_start;
	table.nr = (unsigned int)nr;
	for_each_ext(i)
	{
		const struct domain_ext *e = &table.ext[i];

		table.domain_offset[i] = table.domain_size;
		table.domain_size += ALIGN_UP(e->domain_state_size, EXT_STATE_ALIGN);
		table.vcpu_offset[i] = table.vcpu_size;
		table.vcpu_size += ALIGN_UP(e->vcpu_state_size, EXT_STATE_ALIGN);
		if ((e->before_entry != NULL || e->after_exit != NULL) &&
		    ++hot > DOMAIN_HOT_HOOKS_MAX)
			panic("more than %u extensions on the exit path", DOMAIN_HOT_HOOKS_MAX);
		if (e->boot_init != NULL && e->boot_init() < 0) {
			pr_err("%s: cannot run on this hardware\n", e->name);
			return -1;
		}
	}
	domain_ext_cpu_init();
	return 0;
}

/* Straight from the linker's table: secondaries come up before domain_ext_boot_init. */
void domain_ext_cpu_init(void)
{
	for (const struct domain_ext *e = __domain_ext_start; e < __domain_ext_end; e++) {
		if (e->cpu_init != NULL)
			e->cpu_init();
	}
}

size_t domain_ext_domain_state_size(void)
{
	return table.domain_size;
}

size_t domain_ext_vcpu_state_size(void)
{
	return table.vcpu_size;
}

static void destroy_first(struct domain *d, unsigned int n)
{
	for (unsigned int i = n; i-- > 0;) {
		if (table.ext[i].domain_destroy != NULL)
			table.ext[i].domain_destroy(d);
	}
}

int domain_ext_domain_create(struct domain *d, uint8_t *states, const char **why)
{
	unsigned int n_entry = 0, n_exit = 0;

	for_each_ext(i)
	{
		const struct domain_ext *e = &table.ext[i];
		int err;

		if (e->domain_create == NULL)
			continue;
		err = e->domain_create(d, states + table.domain_offset[i], why);
		if (err < 0) {
			destroy_first(d, i);
			return err;
		}
	}
	/* The exit path calls only what this domain uses. */
	for_each_ext(i)
	{
		const struct domain_ext *e = &table.ext[i];

		if (e->in_use != NULL && !e->in_use(d))
			continue;
		if (e->before_entry != NULL && n_entry < DOMAIN_HOT_HOOKS_MAX)
			d->entry_hooks[n_entry++] = e->before_entry;
		if (e->after_exit != NULL && n_exit < DOMAIN_HOT_HOOKS_MAX)
			d->exit_hooks[n_exit++] = e->after_exit;
	}
	return 0;
}

void domain_ext_domain_destroy(struct domain *d)
{
	destroy_first(d, table.nr);
}

void domain_ext_domain_connect(struct domain *d)
{
	for_each_ext(i)
	{
		if (table.ext[i].domain_connect != NULL)
			table.ext[i].domain_connect(d);
	}
}

void domain_ext_console_input(struct domain *d, char c)
{
	for_each_ext(i)
	{
		if (table.ext[i].console_input != NULL)
			table.ext[i].console_input(d, c);
	}
}

int domain_ext_vcpu_create(struct vcpu *v, uint8_t *states)
{
	for_each_ext(i)
	{
		const struct domain_ext *e = &table.ext[i];

		if (e->vcpu_create != NULL) {
			int err = e->vcpu_create(v, states + table.vcpu_offset[i]);

			if (err < 0)
				return err;
		}
	}
	return 0;
}

void domain_ext_vcpu_load(struct vcpu *v)
{
	for_each_ext(i)
	{
		if (table.ext[i].vcpu_load != NULL)
			table.ext[i].vcpu_load(v);
	}
}

void domain_ext_vcpu_put(struct vcpu *v)
{
	for_each_ext(i)
	{
		if (table.ext[i].vcpu_put != NULL)
			table.ext[i].vcpu_put(v);
	}
}

void domain_ext_vcpu_stop(struct vcpu *v)
{
	for_each_ext(i)
	{
		if (table.ext[i].vcpu_stop != NULL)
			table.ext[i].vcpu_stop(v);
	}
}

void domain_ext_vcpu_state_change(struct vcpu *v, enum vcpu_state state)
{
	for_each_ext(i)
	{
		if (table.ext[i].vcpu_state_change != NULL)
			table.ext[i].vcpu_state_change(v, state);
	}
}

bool domain_ext_vcpu_has_pending(struct vcpu *v)
{
	bool pending = false;

	/* Every one is asked (one may refresh a level another then sees). */
	for_each_ext(i)
	{
		if (table.ext[i].vcpu_has_pending != NULL && table.ext[i].vcpu_has_pending(v))
			pending = true;
	}
	return pending;
}
