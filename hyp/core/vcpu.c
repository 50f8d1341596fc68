// SPDX-License-Identifier: Apache-2.0
/* vCPUs: creation, waking, loading onto a pCPU, and one run through the guest. */
#include <asm/mmu.h>
#include <asm/sysreg.h>
#include <string.h>
#include <tessera/cmdline.h>
#include <tessera/domain.h>
#include <tessera/domain_ext.h>
#include <tessera/irq.h>
#include <tessera/mm.h>
#include <tessera/printk.h>
#include <asm/guest_trap.h>

#define VCPU_MAX_ORDER 2 /* struct vcpu and its extensions' state: 16 KiB at most */

/* struct vcpu, then each extension's state (domain_ext.h), in one block of pages. */
static unsigned int vcpu_order(void)
{
	size_t size = DOMAIN_EXT_STATES_AT(sizeof(struct vcpu)) + domain_ext_vcpu_state_size();
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	if (order > VCPU_MAX_ORDER)
		panic("struct vcpu and its extensions need %zu bytes", size);
	return order;
}

struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
	paddr_t pa = alloc_pages(vcpu_order());
	struct vcpu *v;

	if (pa == INVALID_PADDR)
		return NULL;
	v = phys_to_virt(pa);
	memset(v, 0, PAGE_SIZE << vcpu_order());
	v->id = id;
	v->domain = d;
	v->state = VCPU_OFFLINE;
	vcpu_arch_reset(&v->arch, id, 0, 0, boot_opts()->vwfi == VWFI_TRAP);
	if (domain_ext_vcpu_create(v, (uint8_t *)v + DOMAIN_EXT_STATES_AT(sizeof(struct vcpu))) <
	    0) {
		free_pages(pa, vcpu_order());
		return NULL;
	}
	return v;
}

void vcpu_free(struct vcpu *v)
{
	free_pages(virt_to_phys(v), vcpu_order());
}

void vcpu_reset_to(struct vcpu *v, uint64_t entry, uint64_t arg)
{
	vcpu_arch_reset(&v->arch, v->id, entry, arg, boot_opts()->vwfi == VWFI_TRAP);
}

/* Under v->lock, so that CPU_ON, CPU_OFF, a wake and a block never cross; the extensions
 * hear of it after the lock (they may copy to guest memory). */
static bool vcpu_move_state(struct vcpu *v, bool any, enum vcpu_state from, enum vcpu_state to)
{
	uint64_t flags = spin_lock_irqsave(&v->lock);
	bool moved = any || v->state == from;

	if (moved)
		v->state = to;
	spin_unlock_irqrestore(&v->lock, flags);
	if (moved)
		domain_ext_vcpu_state_change(v, to);
	return moved;
}

void vcpu_set_state(struct vcpu *v, enum vcpu_state state)
{
	(void)vcpu_move_state(v, true, state, state);
}

bool vcpu_start(struct vcpu *v, uint64_t entry, uint64_t arg)
{
	uint64_t flags = spin_lock_irqsave(&v->lock);
	bool started = v->state == VCPU_OFFLINE;

	/* Reset before it becomes runnable: its pCPU may pick it the moment it is. */
	if (started) {
		vcpu_reset_to(v, entry, arg);
		v->state = VCPU_RUNNABLE;
	}
	spin_unlock_irqrestore(&v->lock, flags);
	if (!started)
		return false;
	domain_ext_vcpu_state_change(v, VCPU_RUNNABLE);
	vcpu_wake(v);
	return true;
}

struct vcpu *vcpu_by_mpidr(struct domain *d, uint64_t mpidr)
{
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		if ((d->vcpus[i]->arch.sys.vmpidr_el2 & 0xff00ffffffULL) ==
		    (mpidr & 0xff00ffffffULL))
			return d->vcpus[i];
	}
	return NULL;
}

void vcpu_wake(struct vcpu *v)
{
	(void)vcpu_move_state(v, false, VCPU_BLOCKED, VCPU_RUNNABLE);
	if (v->pcpu != this_cpu_id())
		ipi_send(v->pcpu, IPI_WAKE);
}

void vcpu_block(struct vcpu *v)
{
	/* A level that follows guest memory (the Xen upcall) is refreshed by the asking, before
	 * each look, or an event signalled just before the WFI is slept through. */
	if (domain_ext_vcpu_has_pending(v))
		return;
	vcpu_set_state(v, VCPU_BLOCKED);
	/* A waker that ran before we set BLOCKED saw us runnable and did nothing: look again
	 * (its pending state is visible: we took the lock after it released it). */
	if (domain_ext_vcpu_has_pending(v))
		vcpu_wake(v);
}

static void vcpu_load(struct vcpu *v)
{
	struct pcpu *cpu = this_cpu();

	p2m_load(&v->domain->p2m);
	vcpu_arch_load(&v->arch);
	domain_ext_vcpu_load(v);
	cpu->current = v;
}

void vcpu_put(struct vcpu *v)
{
	struct pcpu *cpu = this_cpu();

	if (cpu->current != v)
		return;
	vcpu_arch_save(&v->arch);
	domain_ext_vcpu_put(v);
	cpu->current = NULL;
}

void vcpu_run(struct vcpu *v)
{
	uint64_t exit;

	if (this_cpu()->current != v) {
		if (this_cpu()->current != NULL)
			vcpu_put(this_cpu()->current);
		vcpu_load(v);
	}
	domain_ext_run_hooks(v->domain->entry_hooks, v);
	v->entries++;
	exit = guest_enter(&v->arch.regs);
	v->arch.hpfar = read_sysreg(hpfar_el2);
	domain_ext_run_hooks(v->domain->exit_hooks, v);
	switch (exit) {
	case GUEST_EXIT_SYNC:
		guest_trap_sync(v);
		break;
	case GUEST_EXIT_IRQ:
	case GUEST_EXIT_FIQ:
		break; /* taken at EL2 as soon as the run loop unmasks IRQs */
	default:
		domain_crash(v->domain, "SError (asynchronous external abort) in vCPU%u", v->id);
		break;
	}
}
