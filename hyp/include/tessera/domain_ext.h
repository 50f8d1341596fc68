/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Domain extensions: what attaches to every domain and vCPU without core knowing it by name.
 * The vGIC, the virtual timer, the vpl011 and the Xen PV interface each register one
 * struct domain_ext with DOMAIN_EXT(); core calls the hooks of all of them, in order, at the
 * points of a domain's and a vCPU's life named below. Core never names an extension (the
 * layers point down: pv/, virt/ -> core/); the next ones (static shared memory, an SMMU, a
 * xenstore) plug in the same way.
 *
 * The one ordered table, assembled by the linker from the DOMAIN_EXT() records (the number
 * is the place; created in this order, destroyed in reverse):
 *   10 pv      the Xen PV interface: raises the event upcall into the vGIC before its flush
 *   20 vtimer  the EL1 timers: their lines are sampled after an exit before the vGIC syncs
 *   30 vgic    the virtual GIC
 *   40 vpl011  the emulated SBSA UART
 *
 * State: an extension says how many bytes it keeps per domain and per vCPU; core allocates
 * them with the domain (or vCPU) structure, zeroed, hands them to the create hook, and frees
 * them with it (scrubbed, as every page that held a domain's data). struct domain and struct
 * vcpu hold only a handle to each extension's state.
 */
#ifndef TESSERA_DOMAIN_EXT_H
#define TESSERA_DOMAIN_EXT_H

#include <tessera/domain.h>
#include <tessera/types.h>

struct domain_ext {
	const char *name;
	size_t domain_state_size; /* bytes core keeps for it per domain (0: none) */
	size_t vcpu_state_size;	  /* and per vCPU */

	/* Once on the boot pCPU, before any domain: -1 if the hardware cannot host it. */
	int (*boot_init)(void);
	/* On every pCPU as it comes up (secondaries before boot_init runs). */
	void (*cpu_init)(void);

	/* d's configuration (d->cfg), stage 2 and RAM exist; state is its zeroed state. On an
	 * error the hooks of the extensions already created run domain_destroy. */
	int (*domain_create)(struct domain *d, void *state, const char **why);
	/* d is dying and no vCPU of it runs: let go of everything (before its RAM is freed). */
	void (*domain_destroy)(struct domain *d);
	/* d is built and every other boot domain exists (at boot), or d was rebuilt after a
	 * reboot: connect it to its peers (static event channels). */
	void (*domain_connect)(struct domain *d);
	/* Console input for d, while d holds the console. */
	void (*console_input)(struct domain *d, char c);

	/* Does d use this extension? (NULL: every domain does.) Its before_entry and
	 * after_exit hooks run only for the domains that do; asked once, after domain_create. */
	bool (*in_use)(const struct domain *d);

	int (*vcpu_create)(struct vcpu *v, void *state);
	/* v's state goes onto / comes off this pCPU. */
	void (*vcpu_load)(struct vcpu *v);
	void (*vcpu_put)(struct vcpu *v);
	/* v leaves its pCPU for good (its domain dies), on that pCPU. */
	void (*vcpu_stop)(struct vcpu *v);
	/* v's state changed (vcpu_set_state). */
	void (*vcpu_state_change)(struct vcpu *v, enum vcpu_state state);
	/* Just before entering v and just after it exits, IRQs masked, on v's pCPU: the hot
	 * path, so only the extensions that need them set these. */
	domain_vcpu_hook_fn before_entry;
	domain_vcpu_hook_fn after_exit;
	/* Could v take an interrupt now? (An extension whose level follows guest memory
	 * refreshes it here and answers false.) */
	bool (*vcpu_has_pending)(struct vcpu *v);
};

/* Where an extension's state starts in the block core allocates for a domain or vCPU: after
 * the structure, on a cache line (no two extensions' state share one). */
#define DOMAIN_EXT_ALIGN 64U
#define DOMAIN_EXT_STATES_AT(struct_size) \
	(((struct_size) + DOMAIN_EXT_ALIGN - 1U) & ~(size_t)(DOMAIN_EXT_ALIGN - 1U))

/* cppcheck-suppress misra-c2012-20.7 ; tag and order are pasted into names, not expressions */
#define DOMAIN_EXT(tag, order)                          \
	static const struct domain_ext tag##_domain_ext \
		__attribute__((used, aligned(8), section(".domain_ext." #order "." #tag)))

/* Boot: reads the table, checks it, runs every boot_init (then cpu_init on this pCPU).
 * Returns -1 if an extension cannot run on this hardware. */
int domain_ext_boot_init(void);
/* Secondary pCPUs: every cpu_init. */
void domain_ext_cpu_init(void);

/* Bytes of per-domain / per-vCPU extension state (valid after domain_ext_boot_init). */
size_t domain_ext_domain_state_size(void);
size_t domain_ext_vcpu_state_size(void);

/* The hooks, for core (domain.c, vcpu.c, console). */
int domain_ext_domain_create(struct domain *d, uint8_t *states, const char **why);
void domain_ext_domain_destroy(struct domain *d);
void domain_ext_domain_connect(struct domain *d);
void domain_ext_console_input(struct domain *d, char c);
int domain_ext_vcpu_create(struct vcpu *v, uint8_t *states);
void domain_ext_vcpu_load(struct vcpu *v);
void domain_ext_vcpu_put(struct vcpu *v);
void domain_ext_vcpu_stop(struct vcpu *v);
void domain_ext_vcpu_state_change(struct vcpu *v, enum vcpu_state state);
bool domain_ext_vcpu_has_pending(struct vcpu *v);

/* The hot path: d->entry_hooks or d->exit_hooks, in table order, inline in the run loop and
 * unrolled (a loop here cost a guest exit some twenty instructions). */
_Static_assert(DOMAIN_HOT_HOOKS_MAX == 2, "domain_ext_run_hooks calls two");
// cppcheck-suppress misra-c2012-8.2 ; false positive: both parameters are named
static inline void domain_ext_run_hooks(const domain_vcpu_hook_fn *hook, struct vcpu *v)
{
	hook[0](v);
	if (hook[1] != NULL)
		hook[1](v);
}

#endif
