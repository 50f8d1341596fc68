// SPDX-License-Identifier: Apache-2.0
/*
 * Hypercall arguments are guest virtual addresses. Each page is translated by the guest's
 * stage 1 and then copied through copy_*_guest_phys, which checks stage 2: anything not in
 * the domain's own RAM answers -EFAULT. Only for the vCPU running on this pCPU.
 */
#include <asm/guest_va.h>
#include <tessera/compiler.h>
#include <tessera/domain.h>
#include <tessera/errno.h>
#include <pv/pv.h>

static int copy_guest_va(struct vcpu *v, uint64_t gva, void *buf, size_t len, bool to_guest)
{
	if (current_vcpu() != v || gva + len < gva)
		return -EFAULT;
	while (len > 0) {
		size_t chunk = MIN(len, (size_t)(4096 - (gva & 0xfff)));
		paddr_t ipa;
		int err = guest_va_to_ipa(gva, to_guest, &ipa);

		if (err == 0)
			err = to_guest ? copy_to_guest_phys(v->domain, ipa, buf, chunk)
				       : copy_from_guest_phys(v->domain, buf, ipa, chunk);
		if (err < 0)
			return -EFAULT;
		gva += chunk;
		buf = (char *)buf + chunk;
		len -= chunk;
	}
	return 0;
}

int copy_from_guest(struct vcpu *v, void *dst, uint64_t gva, size_t len)
{
	return copy_guest_va(v, gva, dst, len, false);
}

int copy_to_guest(struct vcpu *v, uint64_t gva, const void *src, size_t len)
{
	// cppcheck-suppress misra-c2012-11.8 ; copy_guest_va only reads buf when to_guest is true
	return copy_guest_va(v, gva, (void *)src, len, true);
}
