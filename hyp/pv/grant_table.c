// SPDX-License-Identifier: Apache-2.0
/*
 * grant_table_op: version 1 tables, whose frames the guest places with add_to_physmap.
 * Mapping and copying grants come next; until then they answer -ENOSYS.
 */
#include <public/xen.h>
#include <tessera/domain.h>
#include <tessera/errno.h>
#include <pv/hypercall.h>
#include <pv/pv.h>

#define GRANT_OP_MAX 64 /* entries per call: bounded work */

int64_t do_grant_table_op(struct vcpu *v, const uint64_t a[5])
{
	struct domain *d = v->domain;
	uint64_t count = a[2];

	if (!d->pv.enabled)
		return -ENOSYS;
	if (count > GRANT_OP_MAX)
		return -EINVAL;
	switch (a[0]) {
	case GNTTABOP_query_size: {
		struct gnttab_query_size q;

		if (count != 1)
			return -EINVAL;
		if (copy_from_guest(v, &q, a[1], sizeof(q)) < 0)
			return -EFAULT;
		if (q.dom != DOMID_SELF && q.dom != d->id)
			return -EPERM;
		q.nr_frames = PV_GNTTAB_FRAMES;
		q.max_nr_frames = PV_GNTTAB_FRAMES;
		q.status = GNTST_okay;
		return copy_to_guest(v, a[1], &q, sizeof(q)) < 0 ? -EFAULT : 0;
	}
	case GNTTABOP_set_version: {
		struct gnttab_set_version sv;

		if (count != 1)
			return -EINVAL;
		if (copy_from_guest(v, &sv, a[1], sizeof(sv)) < 0)
			return -EFAULT;
		if (sv.version != 1) {
			sv.version = 1;
			copy_to_guest(v, a[1], &sv, sizeof(sv));
			return -EINVAL; /* only v1 */
		}
		return 0;
	}
	default:
		return -ENOSYS;
	}
}
