// SPDX-License-Identifier: Apache-2.0
/*
 * The table of domain extensions (tessera/domain_ext.h) and core's calls into it. The linker
 * gathers the DOMAIN_EXT() records between domain_ext_table_start and domain_ext_table_end, sorted
 * by their order number (tessera.lds). The hot-path hooks (before entry, after exit) are copied
 * into each domain when it is created, only those of the extensions it uses, so an exit
 * pays for those calls only.
 */
#include <tessera/compiler.h>
#include <tessera/domain_ext.h>
#include <tessera/errno.h>
#include <tessera/printk.h>

#define DOMAIN_EXT_MAX 8

/* The linker's bounds of the table (tessera.lds). */
extern const struct domain_ext domain_ext_table_start[];
extern const char domain_ext_table_end[];

static struct {
	const struct domain_ext *ext;
	unsigned int nr;
	size_t domain_offset[DOMAIN_EXT_MAX]; /* of each one's state in the block */
	size_t vcpu_offset[DOMAIN_EXT_MAX];
	size_t domain_size, vcpu_size;
} table;

int domain_ext_boot_init(void)
{
	size_t nr = ((uintptr_t)domain_ext_table_end - (uintptr_t)domain_ext_table_start) /
		    sizeof(struct domain_ext);
	unsigned int n_entry = 0, n_exit = 0;

	if (nr > DOMAIN_EXT_MAX)
		panic("%u domain extensions, room for %u", (unsigned int)nr, DOMAIN_EXT_MAX);
	table.ext = domain_ext_table_start;
	table.nr = (unsigned int)nr;
	for (unsigned int i = 0; i < table.nr; i++) {
		const struct domain_ext *e = &table.ext[i];

		table.domain_offset[i] = table.domain_size;
		table.domain_size += DOMAIN_EXT_STATES_AT(e->domain_state_size);
		table.vcpu_offset[i] = table.vcpu_size;
		table.vcpu_size += DOMAIN_EXT_STATES_AT(e->vcpu_state_size);
		n_entry += e->before_entry != NULL ? 1U : 0U;
		n_exit += e->after_exit != NULL ? 1U : 0U;
		if (n_entry > DOMAIN_HOT_HOOKS_MAX || n_exit > DOMAIN_HOT_HOOKS_MAX)
			panic("more than %u extensions hook a guest's entry or exit",
			      DOMAIN_HOT_HOOKS_MAX);
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
	size_t nr = ((uintptr_t)domain_ext_table_end - (uintptr_t)domain_ext_table_start) /
		    sizeof(struct domain_ext);

	for (size_t i = 0; i < nr && i < DOMAIN_EXT_MAX; i++) {
		if (domain_ext_table_start[i].cpu_init != NULL)
			domain_ext_table_start[i].cpu_init();
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

static void no_hook(struct vcpu *v)
{
	(void)v;
}

int domain_ext_domain_create(struct domain *d, uint8_t *states, const char **why)
{
	unsigned int n_entry = 0, n_exit = 0;

	for (unsigned int i = 0; i < table.nr; i++) {
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
	d->entry_hooks[0] = no_hook;
	d->exit_hooks[0] = no_hook;
	for (unsigned int i = 0; i < table.nr; i++) {
		const struct domain_ext *e = &table.ext[i];

		if (e->in_use != NULL && !e->in_use(d))
			continue;
		if (e->before_entry != NULL && n_entry < DOMAIN_HOT_HOOKS_MAX)
			// cppcheck-suppress misra-c2012-11.1 ; false positive: one type both sides
			d->entry_hooks[n_entry++] = e->before_entry;
		if (e->after_exit != NULL && n_exit < DOMAIN_HOT_HOOKS_MAX)
			// cppcheck-suppress misra-c2012-11.1 ; false positive: one type both sides
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
	for (unsigned int i = 0; i < table.nr; i++) {
		if (table.ext[i].domain_connect != NULL)
			table.ext[i].domain_connect(d);
	}
}

void domain_ext_console_input(struct domain *d, char c)
{
	for (unsigned int i = 0; i < table.nr; i++) {
		if (table.ext[i].console_input != NULL)
			table.ext[i].console_input(d, c);
	}
}

int domain_ext_vcpu_create(struct vcpu *v, uint8_t *states)
{
	for (unsigned int i = 0; i < table.nr; i++) {
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
	for (unsigned int i = 0; i < table.nr; i++) {
		if (table.ext[i].vcpu_load != NULL)
			table.ext[i].vcpu_load(v);
	}
}

void domain_ext_vcpu_put(struct vcpu *v)
{
	for (unsigned int i = 0; i < table.nr; i++) {
		if (table.ext[i].vcpu_put != NULL)
			table.ext[i].vcpu_put(v);
	}
}

void domain_ext_vcpu_stop(struct vcpu *v)
{
	for (unsigned int i = 0; i < table.nr; i++) {
		if (table.ext[i].vcpu_stop != NULL)
			table.ext[i].vcpu_stop(v);
	}
}

void domain_ext_vcpu_state_change(struct vcpu *v, enum vcpu_state state)
{
	for (unsigned int i = 0; i < table.nr; i++) {
		if (table.ext[i].vcpu_state_change != NULL)
			table.ext[i].vcpu_state_change(v, state);
	}
}

bool domain_ext_vcpu_has_pending(struct vcpu *v)
{
	bool pending = false;

	/* Every one is asked (one may refresh a level another then sees). */
	for (unsigned int i = 0; i < table.nr; i++) {
		if (table.ext[i].vcpu_has_pending != NULL && table.ext[i].vcpu_has_pending(v))
			pending = true;
	}
	return pending;
}
