// SPDX-License-Identifier: Apache-2.0
/*
 * vcpu_op: where a vCPU's vcpu_info and runstate area live, and whether a vCPU is up.
 * Runstate accounting: the time each vCPU spends running, blocked and offline, in ns of the
 * system counter, published to the guest's area when its state changes.
 */
#include <asm/guest_va.h>
#include <asm/mmu.h>
#include <asm/p2m.h>
#include <drivers/arch_timer.h>
#include <string.h>
#include <public/xen.h>
#include <tessera/domain.h>
#include <tessera/errno.h>
#include <tessera/page_alloc.h>
#include <pv/hypercall.h>
#include <pv/pv.h>

static uint64_t now_ns(void)
{
	return ticks_to_ns(arch_counter_read());
}

static void publish_runstate(struct vcpu *v)
{
	struct domain *d = v->domain;
	struct vcpu_runstate_info *r = &v->pv->runstate;

	if (v->pv->runstate_ipa == 0)
		return;
	if (d->pv->runstate_update_flag) {
		/* Mark the area as being updated, write it, then clear the mark (vm_assist). */
		uint64_t t = r->state_entry_time | XEN_RUNSTATE_UPDATE;

		(void)copy_to_guest_phys(d, v->pv->runstate_ipa + 8, &t, sizeof(t));
		dmb(ishst);
	}
	/* Best effort, as Xen's: a guest that unmaps its runstate area just loses updates. */
	(void)copy_to_guest_phys(d, v->pv->runstate_ipa, r, sizeof(*r));
}

void pv_runstate_change(struct vcpu *v, int state)
{
	struct vcpu_runstate_info *r = &v->pv->runstate;
	uint64_t now = now_ns();

	if (!v->domain->pv->enabled || r->state == state)
		return;
	if ((unsigned int)r->state < 4)
		r->time[r->state] += now - r->state_entry_time;
	r->state = state;
	r->state_entry_time = now;
	publish_runstate(v);
}

/* A vcpu_info anywhere in the guest's RAM, wholly inside one page. */
static int64_t register_vcpu_info(struct vcpu *caller, struct vcpu *v, uint64_t arg)
{
	struct domain *d = v->domain;
	struct vcpu_register_vcpu_info op;
	enum p2m_type type;
	paddr_t pa;
	struct vcpu_info *info;
	uint64_t flags;

	if (copy_from_guest(caller, &op, arg, sizeof(op)) < 0)
		return -EFAULT;
	if (op.offset > PAGE_SIZE - sizeof(struct vcpu_info) || (op.offset & 7) != 0 ||
	    op.mfn >= (1ULL << (p2m_ipa_bits() - PAGE_SHIFT)))
		return -EINVAL;
	/* Under d's PV lock: add_to_physmap cannot free the page between this look-up and the
	 * registration (it checks for registered vcpu_info under the same lock). */
	flags = spin_lock_irqsave(&d->pv->lock);
	pa = p2m_lookup(&d->p2m, (op.mfn << PAGE_SHIFT) + op.offset, &type);
	if (v->pv->info_registered || pa == INVALID_PADDR || type != P2M_RAM) {
		spin_unlock_irqrestore(&d->pv->lock, flags);
		return -EINVAL; /* once, as in Xen; and only in the domain's own RAM */
	}
	info = phys_to_virt(pa);
	if (v->pv->info != NULL)
		memcpy(info, v->pv->info, sizeof(*info));
	else
		memset(info, 0, sizeof(*info));
	/* Whatever was pending is pending at the new place too. */
	info->evtchn_upcall_pending = 1;
	info->evtchn_pending_sel = ~0ULL;
	v->pv->info = info;
	v->pv->info_registered = true;
	spin_unlock_irqrestore(&d->pv->lock, flags);
	return 0;
}

/* The runstate area is named by a guest virtual address (Xen's Arm ABI): translated now. */
static int64_t register_runstate(struct vcpu *caller, struct vcpu *v, uint64_t arg)
{
	struct vcpu_register_runstate_memory_area op;
	paddr_t ipa;
	enum p2m_type type;

	if (copy_from_guest(caller, &op, arg, sizeof(op)) < 0)
		return -EFAULT;
	if (op.addr == 0) {
		v->pv->runstate_ipa = 0;
		return 0;
	}
	if ((op.addr & 7) != 0 || (op.addr & 0xfff) > PAGE_SIZE - sizeof(struct vcpu_runstate_info))
		return -EINVAL;
	if (guest_va_to_ipa(op.addr, true, &ipa) < 0)
		return -EFAULT;
	if (p2m_lookup(&v->domain->p2m, ipa, &type) == INVALID_PADDR || type != P2M_RAM)
		return -EFAULT;
	v->pv->runstate_ipa = ipa;
	publish_runstate(v);
	return 0;
}

int64_t do_vcpu_op(struct vcpu *v, const uint64_t a[5])
{
	struct domain *d = v->domain;
	struct vcpu *target;

	if (a[1] >= d->nr_vcpus)
		return -ENOENT;
	target = d->vcpus[a[1]];
	switch (a[0]) {
	case VCPUOP_is_up:
		return target->state != VCPU_OFFLINE;
	case VCPUOP_register_vcpu_info:
		return d->pv->enabled ? register_vcpu_info(v, target, a[2]) : -ENOSYS;
	case VCPUOP_register_runstate_memory_area:
		return d->pv->enabled ? register_runstate(v, target, a[2]) : -ENOSYS;
	case VCPUOP_get_runstate_info:
		return copy_to_guest(v, a[2], &target->pv->runstate, sizeof(target->pv->runstate)) <
				       0
			       ? -EFAULT
			       : 0;
	default:
		return -ENOSYS;
	}
}

int64_t do_vm_assist(struct vcpu *v, const uint64_t a[5])
{
	if (a[1] != VMASST_TYPE_runstate_update_flag)
		return -EINVAL;
	if (a[0] != VMASST_CMD_enable && a[0] != VMASST_CMD_disable)
		return -EINVAL;
	v->domain->pv->runstate_update_flag = a[0] == VMASST_CMD_enable;
	return 0;
}
