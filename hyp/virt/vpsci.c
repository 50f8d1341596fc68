// SPDX-License-Identifier: Apache-2.0
/*
 * PSCI for guests. Function ids from DEN 0022D table 5.1 (32- and 64-bit forms), plus the
 * PSCI 0.1 ids Xen's guest device tree names (cpu_off = 1, cpu_on = 2).
 */
#include <public/psci.h>
#include <string.h>
#include <tessera/domain.h>
#include <virt/vpsci.h>

static const uint32_t supported[] = {
	PSCI_VERSION,		PSCI_CPU_SUSPEND_32, PSCI_CPU_SUSPEND_64,   PSCI_CPU_OFF,
	PSCI_CPU_ON_32,		PSCI_CPU_ON_64,	     PSCI_AFFINITY_INFO_32, PSCI_AFFINITY_INFO_64,
	PSCI_MIGRATE_INFO_TYPE, PSCI_SYSTEM_OFF,     PSCI_SYSTEM_RESET,	    PSCI_FEATURES,
	SMCCC_VERSION,
};

static int64_t features(uint32_t fn)
{
	for (unsigned int i = 0; i < sizeof(supported) / sizeof(supported[0]); i++) {
		if (supported[i] == fn)
			return PSCI_SUCCESS;
	}
	return PSCI_NOT_SUPPORTED;
}

static bool entry_in_ram(const struct domain *d, uint64_t entry)
{
	return entry >= d->ram_ipa && entry - d->ram_ipa < d->ram_size && (entry & 3) == 0;
}

static int64_t cpu_on(struct vcpu *caller, uint64_t mpidr, uint64_t entry, uint64_t context)
{
	struct domain *d = caller->domain;
	struct vcpu *t = vcpu_by_mpidr(d, mpidr);

	if (t == NULL)
		return PSCI_INVALID_PARAMETERS;
	if (!entry_in_ram(d, entry))
		return PSCI_INVALID_ADDRESS;
	return vcpu_start(t, entry, context) ? PSCI_SUCCESS : PSCI_ALREADY_ON;
}

/*
 * CPU_OFF (DEN 0022D 5.1.3) does not return on success: the vCPU powers down, and the next
 * CPU_ON starts it afresh. Its state leaves this pCPU's registers first (vcpu_put), so that
 * the reset CPU_ON writes into memory is what the next vcpu_run loads; a vCPU left loaded
 * would come back with its old SCTLR_EL1 (MMU on), VBAR_EL1 and TTBR0_EL1 live. Only then
 * is it OFFLINE, which lets a CPU_ON on another pCPU reset it; x0 is not written after
 * that, since it now holds the next CPU_ON's context id.
 */
static void cpu_off(struct vcpu *v)
{
	vcpu_put(v);
	vcpu_set_state(v, VCPU_OFFLINE);
}

static int64_t affinity_info(struct vcpu *caller, uint64_t mpidr, uint64_t level)
{
	struct vcpu *t = vcpu_by_mpidr(caller->domain, mpidr);

	if (t == NULL || level != 0)
		return PSCI_INVALID_PARAMETERS;
	return t->state == VCPU_OFFLINE ? PSCI_AFFINITY_OFF : PSCI_AFFINITY_ON;
}

void vpsci_handle(struct vcpu *v)
{
	uint64_t *x = v->arch.regs.x;
	uint32_t fn = (uint32_t)x[0];
	int64_t ret;

	switch (fn) {
	case PSCI_VERSION:
		ret = PSCI_VERSION_1_1;
		break;
	case SMCCC_VERSION:
		ret = SMCCC_VERSION_1_1;
		break;
	case PSCI_FEATURES:
		ret = features((uint32_t)x[1]);
		break;
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
		ret = PSCI_SUCCESS; /* standby: as if woken at once, which PSCI allows */
		break;
	case PSCI_CPU_OFF:
	case PSCI_0_1_XEN_CPU_OFF:
		cpu_off(v);
		return; /* no result: the vCPU is off, and x0 may already be CPU_ON's */
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
	case PSCI_0_1_XEN_CPU_ON:
		ret = fn == PSCI_CPU_ON_32
			      ? cpu_on(v, (uint32_t)x[1], (uint32_t)x[2], (uint32_t)x[3])
			      : cpu_on(v, x[1], x[2], x[3]);
		break;
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
		ret = affinity_info(v, x[1], x[2]);
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		ret = PSCI_MIGRATE_NO_TRUSTED_OS;
		break;
	case PSCI_SYSTEM_OFF:
		domain_shutdown(v->domain, DOMAIN_EXIT_POWEROFF);
		ret = PSCI_SUCCESS;
		break;
	case PSCI_SYSTEM_RESET:
		domain_shutdown(v->domain, DOMAIN_EXIT_REBOOT);
		ret = PSCI_SUCCESS;
		break;
	case SMCCC_ARCH_FEATURES:
	default:
		ret = PSCI_NOT_SUPPORTED;
		break;
	}
	x[0] = (uint64_t)ret;
}
