// SPDX-License-Identifier: Apache-2.0
/* xen_version: Tessera answers as Xen 4.17 does for a dom0less domU on Arm. */
#include <string.h>
#include <public/xen.h>
#include <tessera/errno.h>
#include <pv/hypercall.h>
#include <pv/pv.h>

#define XEN_MAJOR 4
#define XEN_MINOR 17

static int64_t put_string(struct vcpu *v, uint64_t gva, const char *s, size_t field)
{
	char buf[XEN_CHANGESET_LEN];
	size_t n = strlen(s);

	if (n >= field || n >= sizeof(buf))
		return -EINVAL;
	memset(buf, 0, sizeof(buf));
	memcpy(buf, s, n);
	/* The guest's buffer is the field's full size; write what we have and a NUL. */
	return copy_to_guest(v, gva, buf, n + 1) < 0 ? -EFAULT : 0;
}

/* Features of an auto-translated (stage-2) Arm guest that is not direct-mapped. */
static uint32_t features_submap0(void)
{
	return (1U << XENFEAT_writable_page_tables) | (1U << XENFEAT_auto_translated_physmap) |
	       (1U << XENFEAT_memory_op_vnode_supported) | (1U << XENFEAT_ARM_SMCCC_supported) |
	       (1U << XENFEAT_not_direct_mapped);
}

int64_t do_xen_version(struct vcpu *v, const uint64_t a[5])
{
	uint64_t arg = a[1];

	switch (a[0]) {
	case XENVER_version:
		return (XEN_MAJOR << 16) | XEN_MINOR;
	case XENVER_extraversion:
		return put_string(v, arg, ".0-tessera", XEN_EXTRAVERSION_LEN);
	case XENVER_capabilities:
		return put_string(v, arg, "xen-3.0-aarch64 ", XEN_CAPABILITIES_LEN);
	case XENVER_changeset:
		return put_string(v, arg, "tessera " TESSERA_VERSION " " TESSERA_GIT_REV,
				  XEN_CHANGESET_LEN);
	case XENVER_get_features: {
		struct xen_feature_info fi;

		if (copy_from_guest(v, &fi, arg, sizeof(fi)) < 0)
			return -EFAULT;
		if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
			return -EINVAL;
		fi.submap = features_submap0();
		return copy_to_guest(v, arg, &fi, sizeof(fi)) < 0 ? -EFAULT : 0;
	}
	case XENVER_platform_parameters: {
		uint64_t virt_start = 0; /* no hypervisor hole in an Arm guest's address space */

		return copy_to_guest(v, arg, &virt_start, sizeof(virt_start)) < 0 ? -EFAULT : 0;
	}
	case XENVER_pagesize:
		return 4096;
	case XENVER_guest_handle: {
		uint8_t handle[16] = { 0 };

		handle[15] = (uint8_t)v->domain->id; /* no toolstack gives one: the domain id */
		return copy_to_guest(v, arg, handle, sizeof(handle)) < 0 ? -EFAULT : 0;
	}
	case XENVER_commandline:
		return -EPERM; /* the hypervisor's command line is the control domain's business */
	default:
		return -ENOSYS;
	}
}
