/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Domains and vCPUs. A domain owns a stage-2 address space, RAM, a virtual GIC, optional
 * emulated devices, and vCPUs; the scheduler places each vCPU on a pCPU. Domains are built
 * at boot by the dom0less builder and can be powered off or rebooted by their guest.
 */
#ifndef TESSERA_DOMAIN_H
#define TESSERA_DOMAIN_H

#include <asm/p2m.h>
#include <asm/spinlock.h>
#include <asm/vcpu.h>
#include <tessera/dom0less_config.h>
#include <tessera/percpu.h>
#include <tessera/types.h>

#define DOMAIN_MAX	     16
#define DOMAIN_MAX_VCPUS     NR_CPUS
#define DOMAIN_MMIO_MAX	     8
#define DOMAIN_CONSOLE_LINE  160
#define DOMAIN_HOT_HOOKS_MAX 2 /* extensions with a before-entry (or after-exit) hook */

enum domain_state {
	DOMAIN_RUNNING,
	DOMAIN_DYING, /* vCPUs are leaving their pCPUs; the last one frees or rebuilds */
	DOMAIN_DEAD,
};

enum domain_exit {
	DOMAIN_EXIT_POWEROFF,
	DOMAIN_EXIT_REBOOT,
	DOMAIN_EXIT_CRASH,
	DOMAIN_EXIT_WATCHDOG, /* its Xen watchdog (SCHEDOP_watchdog) was not pinged in time */
};

/* A hook of a domain extension on a guest's entry or exit (tessera/domain_ext.h). */
typedef void (*domain_vcpu_hook_fn)(struct vcpu *v);

/* What the domain extensions keep (tessera/domain_ext.h): core holds only handles. */
struct vgic_cpu;
struct vgic_dist;
struct vtimer;
struct vpl011;
struct pv_vcpu;
struct pv_domain;

enum vcpu_state {
	VCPU_OFFLINE, /* not started (PSCI CPU_ON) or stopped (CPU_OFF) */
	VCPU_RUNNABLE,
	VCPU_BLOCKED, /* waiting for an interrupt (trapped WFI) */
};

struct vcpu {
	struct vcpu_arch arch; /* first: guest_entry.S works on arch.regs */
	unsigned int id;
	struct domain *domain;
	unsigned int pcpu;		/* where the scheduler placed it */
	volatile enum vcpu_state state; /* changed by vcpu_set_state only */
	struct vgic_cpu *vgic;		/* the extensions' state (domain_ext.h) */
	struct vtimer *vtimer;
	struct pv_vcpu *pv;
	spinlock_t lock;  /* state transitions (PSCI CPU_ON against CPU_OFF) */
	uint64_t entries; /* times entered, for the debug keys */
};

typedef int (*mmio_handler_fn)(struct vcpu *v, paddr_t offset, unsigned int size, bool write,
			       uint64_t *value, void *ctx);

struct mmio_region {
	paddr_t base;
	psize_t size;
	mmio_handler_fn fn;
	void *ctx;
};

struct domain {
	unsigned int id;
	char name[DOM0LESS_NAME_MAX];
	volatile enum domain_state state;
	enum domain_exit exit_reason;
	struct p2m p2m;
	paddr_t ram_ipa;
	psize_t ram_size;
	unsigned int nr_vcpus;
	struct vcpu *vcpus[DOMAIN_MAX_VCPUS];
	unsigned int vcpus_loaded; /* vCPUs still on a pCPU while DYING (atomic) */
	unsigned int refs;	   /* domain_get references held (atomic) */
	/* The extensions' hooks on the exit path that this domain uses (domain_ext.h), in table
	 * order, filled when it is created: the first is never NULL (a no-op if none), the
	 * second may be. */
	domain_vcpu_hook_fn entry_hooks[DOMAIN_HOT_HOOKS_MAX];
	domain_vcpu_hook_fn exit_hooks[DOMAIN_HOT_HOOKS_MAX];
	struct vgic_dist *vgic; /* the extensions' state (domain_ext.h) */
	struct vpl011 *vpl011;	/* NULL: the domain has no vpl011 */
	struct pv_domain *pv;
	struct mmio_region mmio[DOMAIN_MMIO_MAX];
	unsigned int nr_mmio;
	struct domain_config cfg; /* kept to rebuild the domain on reboot */
	spinlock_t lock;
	char line[DOMAIN_CONSOLE_LINE]; /* console output held until its line ends */
	unsigned int line_len;
};

/* Guest RAM starts where Xen puts it (GUEST_RAM0_BASE). */
#define GUEST_RAM_BASE 0x40000000ULL

/* Creates the domain's structures, RAM and stage-2; vCPUs are created offline. */
int domain_create(const struct domain_config *cfg, struct domain **out, const char **why);
/*
 * By id, with no reference: only at boot or under a lock domain_destroy also takes before it
 * frees the domain (the grant lock, the watchdog lock). Anywhere else, domain_get.
 */
struct domain *domain_by_id(unsigned int id);
/*
 * A running domain by id with a reference held, or NULL. The structure is not freed while a
 * reference is held: domain_destroy unpublishes the domain, then waits for every reference
 * to be put. Hold one for one bounded operation (a send, a bind, a console character).
 */
struct domain *domain_get(unsigned int id);
void domain_put(struct domain *d);
void domain_publish(struct domain *d);
void domain_destroy(struct domain *d);
int domain_add_mmio(struct domain *d, paddr_t base, psize_t size, mmio_handler_fn fn, void *ctx);

/*
 * A domain's life, owned here: domain_create (offline vCPUs), domain_publish, domain_start
 * (vCPU 0 runs); domain_shutdown from the guest (or domain_crash); each pCPU holding one of
 * its vCPUs then calls domain_vcpu_leave, and the last one destroys the domain or, for a
 * reboot, has the builder make it again from its configuration (dom0less_rebuild).
 */
/* Makes d's console input reachable and runs its vCPU 0; the others wait for CPU_ON. */
void domain_start(struct domain *d);
/* The guest asked to stop, reboot, or did something it cannot survive. Safe from any vCPU of
 * d; the domain's vCPUs leave their pCPUs and the last one frees (or rebuilds) it. */
void domain_shutdown(struct domain *d, enum domain_exit why);
/* On v's pCPU, v's domain dying: v leaves it for good (the scheduler asks). */
void domain_vcpu_leave(struct vcpu *v);
void domain_crash(struct domain *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Copies to / from the domain's RAM through its stage-2 map: -EFAULT for anything not wholly
 * inside RAM the domain owns. The only way Tessera touches guest memory. */
int copy_to_guest_phys(struct domain *d, paddr_t ipa, const void *src, size_t len);
int copy_from_guest_phys(struct domain *d, void *dst, paddr_t ipa, size_t len);

/* The guest's console output, prefixed "(dN) ": written as it comes while d holds the
 * console input, a whole line at a time otherwise. */
void domain_console_putc(struct domain *d, char c);
/* Input just moved to d: shows its unfinished line (a prompt) at once. */
void domain_console_show_unfinished(struct domain *d);
/* Ends the guest's unfinished console line, if any, as it is (its output was cut). */
void domain_console_end_line(struct domain *d);

/* vCPUs */
struct vcpu *vcpu_create(struct domain *d, unsigned int id);
/* Frees a vCPU that vcpu_put() has taken off every pCPU. */
void vcpu_free(struct vcpu *v);
void vcpu_reset_to(struct vcpu *v, uint64_t entry, uint64_t arg);
/* The one place a vCPU's state changes: the extensions hear of it (Xen's runstate). */
void vcpu_set_state(struct vcpu *v, enum vcpu_state state);
/* PSCI CPU_ON: an offline v starts at entry with arg in x0; false if it is not offline. */
bool vcpu_start(struct vcpu *v, uint64_t entry, uint64_t arg);
/* v waits for an interrupt (trapped WFI, SCHEDOP_block): blocks unless one is pending. */
void vcpu_block(struct vcpu *v);
/* Makes v runnable and kicks its pCPU. */
void vcpu_wake(struct vcpu *v);
/* Runs v once on this pCPU: enter the guest, handle the exit. */
void vcpu_run(struct vcpu *v);
/* Takes v's state off this pCPU (before it runs something else or is freed). */
void vcpu_put(struct vcpu *v);
struct vcpu *vcpu_by_mpidr(struct domain *d, uint64_t mpidr);

static inline struct vcpu *current_vcpu(void)
{
	return this_cpu()->current;
}

#endif
