// SPDX-License-Identifier: Apache-2.0
/*
 * Guest virtual to guest physical, through the guest's own stage-1 tables: the address
 * translation instruction AT S1E1R/W (Arm ARM C5.5) run at EL2 while the vCPU's EL1 state is
 * loaded gives the intermediate physical address in PAR_EL1, which is the guest's register:
 * it is saved and put back around the translation.
 */
#include <asm/guest_va.h>
#include <asm/sysreg.h>
#include <tessera/compiler.h>
#include <tessera/errno.h>

#define PAR_F (1UL << 0)

int guest_va_to_ipa(uint64_t va, bool write, paddr_t *ipa)
{
	uint64_t flags = irq_save_local();
	uint64_t saved = read_sysreg(par_el1);
	uint64_t par;

	if (write)
		__asm__ volatile("at s1e1w, %0" ::"r"(va) : "memory");
	else
		__asm__ volatile("at s1e1r, %0" ::"r"(va) : "memory");
	isb();
	par = read_sysreg(par_el1);
	write_sysreg(saved, par_el1);
	irq_restore_local(flags);
	if (par & PAR_F)
		return -EFAULT;
	*ipa = (par & GENMASK_ULL(47, 12)) | (va & 0xfff);
	return 0;
}
