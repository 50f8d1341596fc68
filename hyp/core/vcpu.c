// SPDX-License-Identifier: Apache-2.0
/* vCPUs: creation, waking, loading onto a pCPU, and one run through the guest. */
#include <asm/mmu.h>
#include <asm/sysreg.h>
#include <string.h>
#include <tessera/cmdline.h>
#include <tessera/domain.h>
#include <tessera/irq.h>
#include <tessera/mm.h>
#include <tessera/printk.h>
#include <asm/guest_trap.h>
#include <virt/vtimer.h>

#define VCPU_ORDER 1 /* struct vcpu fits in 8 KiB */

_Static_assert(sizeof(struct vcpu) <= (PAGE_SIZE << VCPU_ORDER), "struct vcpu grew");

struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
	paddr_t pa = alloc_pages(VCPU_ORDER);
	struct vcpu *v;

	if (pa == INVALID_PADDR)
		return NULL;
	v = phys_to_virt(pa);
	memset(v, 0, sizeof(*v));
	v->id = id;
	v->domain = d;
	v->state = VCPU_OFFLINE;
	vcpu_arch_reset(&v->arch, id, 0, 0, boot_opts()->vwfi == VWFI_TRAP);
	if (vgic_vcpu_init(v) < 0) {
		free_pages(pa, VCPU_ORDER);
		return NULL;
	}
	vtimer_vcpu_init(v);
	return v;
}

void vcpu_free(struct vcpu *v)
{
	free_pages(virt_to_phys(v), VCPU_ORDER);
}

void vcpu_reset_to(struct vcpu *v, uint64_t entry, uint64_t arg)
{
	// cppcheck-suppress misra-c2012-9.3 ; false positive: a structure copy, not an array
	struct vgic_cpu saved = v->vgic;

	vcpu_arch_reset(&v->arch, v->id, entry, arg, boot_opts()->vwfi == VWFI_TRAP);
	v->vgic = saved;
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
	uint64_t flags = spin_lock_irqsave(&v->lock);

	bool woke = v->state == VCPU_BLOCKED;

	if (woke)
		v->state = VCPU_RUNNABLE;
	spin_unlock_irqrestore(&v->lock, flags);
	if (woke)
		pv_runstate_change(v, RUNSTATE_running);
	if (v->pcpu != this_cpu_id())
		ipi_send(v->pcpu, IPI_WAKE);
}

void vcpu_block(struct vcpu *v)
{
	uint64_t flags;

	/* The upcall level follows evtchn_upcall_pending only when refreshed: refresh it before
	 * each look, or an event signalled just before the WFI is slept through. */
	pv_update_upcall(v);
	if (vgic_vcpu_has_pending(v))
		return;
	flags = spin_lock_irqsave(&v->lock);
	v->state = VCPU_BLOCKED;
	spin_unlock_irqrestore(&v->lock, flags);
	pv_runstate_change(v, RUNSTATE_blocked);
	/* A waker that ran before we set BLOCKED saw us runnable and did nothing: look again
	 * (its pending state is visible: we took the lock after it released it). */
	pv_update_upcall(v);
	if (vgic_vcpu_has_pending(v))
		vcpu_wake(v);
}

static void vcpu_load(struct vcpu *v)
{
	struct pcpu *cpu = this_cpu();

	p2m_load(&v->domain->p2m);
	vcpu_arch_load(&v->arch);
	vgic_vcpu_load(v);
	cpu->current = v;
}

void vcpu_put(struct vcpu *v)
{
	struct pcpu *cpu = this_cpu();

	if (cpu->current != v)
		return;
	vcpu_arch_save(&v->arch);
	vgic_vcpu_put(v);
	vtimer_vcpu_put(v);
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
	pv_update_upcall(v);
	vgic_flush(v);
	v->entries++;
	exit = guest_enter(&v->arch.regs);
	v->arch.hpfar = read_sysreg(hpfar_el2);
	vtimer_sync(v); /* before vgic_sync, which withdraws what its line no longer asserts */
	vgic_sync(v);
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
