/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A domain's stage-2 translation (guest physical "IPA" -> machine physical), Arm ARM D8:
 * 4 KiB granule, 40-bit IPA (or the CPU's PA size if smaller) starting at level 1 with two
 * concatenated root tables, one VMID per domain.
 */
#ifndef ASM_P2M_H
#define ASM_P2M_H

#include <asm/pgtable.h>
#include <asm/spinlock.h>
#include <tessera/types.h>

enum p2m_type {
	P2M_RAM,	/* the domain's own RAM, freed with the domain */
	P2M_MMIO,	/* a device region passed through (e.g. the GICv2 virtual CPU interface) */
	P2M_RAM_RO,	/* memory the domain may read but not write (read-only grants, later) */
	P2M_RAM_SHARED, /* a page Tessera shares with the domain (shared_info, rings): not freed
			 * with the domain's RAM, its owner frees it */
};

/* Stage-2 table pages one domain may use (4 MiB): its RAM needs a handful per GiB, and 256
 * grant mappings scattered over its space at most two each. */
#define P2M_TABLE_QUOTA 1024

struct p2m {
	struct pgtable pt;
	paddr_t root_pa;
	unsigned int root_order;
	uint16_t vmid;
	spinlock_t lock;
	unsigned long table_pages;
};

/* Programs VTCR_EL2 on this CPU; p2m_ipa_bits() then gives the IPA size it chose. */
void p2m_cpu_init(void);
unsigned int p2m_ipa_bits(void);

int p2m_init(struct p2m *p2m);
/* Maps [ipa, ipa + size) to pa; page aligned. */
int p2m_map(struct p2m *p2m, paddr_t ipa, paddr_t pa, psize_t size, enum p2m_type type);
int p2m_unmap(struct p2m *p2m, paddr_t ipa, psize_t size);
/* The machine address for ipa and its type, or INVALID_PADDR. */
paddr_t p2m_lookup(struct p2m *p2m, paddr_t ipa, enum p2m_type *type);
/* Copies len bytes, within one page, between buf and the RAM (own or shared) at ipa, holding
 * the stage-2 lock across lookup and copy: -EFAULT for anything else. */
int p2m_copy_ram(struct p2m *p2m, paddr_t ipa, void *buf, size_t len, bool to_guest);
/* Frees every table and, through free_ram, every P2M_RAM leaf (pa, order); drops the VMID. */
void p2m_destroy(struct p2m *p2m, void (*free_ram)(paddr_t pa, unsigned int order));
/* Makes this CPU translate for p2m (VTTBR_EL2). */
void p2m_load(const struct p2m *p2m);

#endif
