// SPDX-License-Identifier: Apache-2.0
/*
 * Guest virtual to guest physical, through the guest's own stage-1 tables: the address
 * translation instruction AT S1E1R/W (Arm ARM C5.5) run at EL2 while the vCPU's EL1 state is
 * loaded gives the intermediate physical address in PAR_EL1, which is the guest's register:
 * it is saved and put back around the translation. A synchronous external abort during the
 * guest's stage-1 walk is caught (probe_at_s1e1) and the translation fails with -EFAULT.
 */
#include <asm/guest_va.h>
#include <asm/probe.h>
#include <asm/sysreg.h>
#include <tessera/compiler.h>
#include <tessera/errno.h>

#define PAR_F (1UL << 0)

int guest_va_to_ipa(uint64_t va, bool write, paddr_t *ipa)
{
	uint64_t flags = irq_save_local();
	uint64_t saved = read_sysreg(par_el1);
	uint64_t par;
	int err;

	/* The walk reads tables the guest chose: one in memory that aborts must fail this
	 * translation, not the hypervisor (probe.S takes the abort). */
	err = probe_at_s1e1(va, write ? 1 : 0);
	par = read_sysreg(par_el1);
	write_sysreg(saved, par_el1);
	irq_restore_local(flags);
	if (err != 0 || (par & PAR_F))
		return -EFAULT;
	*ipa = (par & GENMASK_ULL(47, 12)) | (va & 0xfff);
	return 0;
}
