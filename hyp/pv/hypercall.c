// SPDX-License-Identifier: Apache-2.0
/*
 * Hypercall dispatch: HVC #0xEA1, the number in x16, arguments in x0-x4, the result in x0
 * (Xen's Arm ABI). A fixed table indexed by number; anything not in it is -ENOSYS. Every
 * argument is checked by its handler before use; guest memory is reached only through
 * copy_from_guest/copy_to_guest.
 */
#include <public/xen.h>
#include <tessera/errno.h>
#include <pv/hypercall.h>
#include <pv/pv.h>

#define MULTICALL_MAX 32

static int64_t do_multicall(struct vcpu *v, const uint64_t a[5]);

static const hypercall_fn table[XEN_HYPERCALL_MAX] = {
	[__HYPERVISOR_memory_op] = do_memory_op,
	[__HYPERVISOR_multicall] = do_multicall,
	[__HYPERVISOR_xen_version] = do_xen_version,
	[__HYPERVISOR_console_io] = do_console_io,
	[__HYPERVISOR_grant_table_op] = do_grant_table_op,
	[__HYPERVISOR_vm_assist] = do_vm_assist,
	[__HYPERVISOR_vcpu_op] = do_vcpu_op,
	[__HYPERVISOR_sched_op] = do_sched_op,
	[__HYPERVISOR_event_channel_op] = do_event_channel_op,
	[__HYPERVISOR_hvm_op] = do_hvm_op,
};

int64_t hypercall_call(struct vcpu *v, uint64_t nr, const uint64_t a[5])
{
	if (nr >= XEN_HYPERCALL_MAX || table[nr] == NULL)
		return -ENOSYS;
	return table[nr](v, a);
}

bool hypercall_preempt_check(struct vcpu *v)
{
	if (v->pv->work_left == 0)
		return true;
	v->pv->work_left--;
	return false;
}

int64_t hypercall_create_continuation(struct vcpu *v, unsigned int nargs, const uint64_t a[5])
{
	for (unsigned int k = 0; k < 5; k++)
		v->pv->continue_args[k] = a[k];
	v->pv->continue_nargs = nargs;
	return 0;
}

/*
 * multicall(entries, count): each entry's result is written back; nested multicalls are
 * refused. Like Xen's do_multicall, it continues itself from the entry it reached when the
 * trap's work is spent, and when an entry's own call continues, that entry's arguments in
 * the guest's list become the continuation's, so it is executed again from where it stopped.
 */
static int64_t do_multicall(struct vcpu *v, const uint64_t a[5])
{
	uint64_t list = a[0];
	uint64_t count = a[1];

	if (count > MULTICALL_MAX)
		return -EINVAL;
	for (uint64_t i = 0; i < count; i++) {
		const uint64_t rest[5] = { list + i * sizeof(struct multicall_entry), count - i, 0,
					   0, 0 };
		struct multicall_entry e;
		uint64_t args[5];

		if (i > 0 && hypercall_preempt_check(v))
			return hypercall_create_continuation(v, 2, rest);
		if (copy_from_guest(v, &e, rest[0], sizeof(e)) < 0)
			return -EFAULT;
		for (unsigned int k = 0; k < 5; k++)
			args[k] = e.args[k];
		e.result = e.op == __HYPERVISOR_multicall ? (uint64_t)-EINVAL
							  : (uint64_t)hypercall_call(v, e.op, args);
		if (v->pv->continue_nargs != 0) {
			/* The entry is executed again with its call's continuation arguments. */
			if (copy_to_guest(
				    v, rest[0] + (uint64_t)offsetof(struct multicall_entry, args),
				    v->pv->continue_args,
				    v->pv->continue_nargs * sizeof(e.args[0])) < 0)
				return -EFAULT; /* (the dispatcher forgets the continuation) */
			return hypercall_create_continuation(v, 2, rest);
		}
		if (copy_to_guest(v, rest[0] + (uint64_t)offsetof(struct multicall_entry, result),
				  &e.result, sizeof(e.result)) < 0)
			return -EFAULT;
	}
	return 0;
}

void hypercall_dispatch(struct vcpu *v)
{
	uint64_t *x = v->arch.regs.x;
	const uint64_t args[5] = { x[0], x[1], x[2], x[3], x[4] };
	int64_t ret;

	v->pv->work_left = HYPERCALL_WORK_MAX;
	v->pv->continue_nargs = 0;
	ret = hypercall_call(v, x[16], args);
	if (ret < 0 || v->pv->continue_nargs == 0) {
		v->pv->continue_nargs = 0;
		x[0] = (uint64_t)ret;
		return;
	}
	/* Executed again: the new arguments in the call's own argument registers, x16
	 * unchanged, and the PC back on the HVC, whose preferred return address is the next
	 * instruction (Arm ARM D1.10.1: ELR_EL2 after an HVC; A64 instructions and HVC in T32
	 * are 4 bytes). */
	for (unsigned int k = 0; k < v->pv->continue_nargs && k < 5; k++)
		x[k] = v->pv->continue_args[k];
	v->pv->continue_nargs = 0;
	v->arch.regs.elr -= 4;
}
