// SPDX-License-Identifier: Apache-2.0
/* MMIO dispatch over the domain's few emulated regions (vGIC, vpl011): a short scan. */
#include <tessera/errno.h>
#include <virt/mmio.h>

int mmio_dispatch(struct vcpu *v, paddr_t ipa, unsigned int size, bool write, uint64_t *value)
{
	struct domain *d = v->domain;

	for (unsigned int i = 0; i < d->nr_mmio; i++) {
		const struct mmio_region *r = &d->mmio[i];

		if (ipa >= r->base && ipa - r->base < r->size && size <= r->size - (ipa - r->base))
			return r->fn(v, ipa - r->base, size, write, value, r->ctx);
	}
	return -ENODEV;
}
