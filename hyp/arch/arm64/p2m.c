// SPDX-License-Identifier: Apache-2.0
/* Stage-2 translation tables (Arm ARM D8.3, D8.5 stage 2 attributes, D23.2.189 VTCR_EL2). */
#include <asm/mmu.h>
#include <asm/p2m.h>
#include <asm/sysreg.h>
#include <string.h>
#include <tessera/compiler.h>
#include <tessera/errno.h>
#include <tessera/mm.h>
#include <tessera/printk.h>

/* Stage-2 leaf attributes (D8.5.5): MemAttr[5:2], S2AP[7:6], SH[9:8], AF, XN[54]. */
#define S2_MEMATTR_NORMAL_WB	(UL(0xf) << 2)
#define S2_MEMATTR_DEVICE_nGnRE (UL(0x1) << 2)
#define S2_AP_RO		(UL(1) << 6)
#define S2_AP_RW		(UL(3) << 6)
#define S2_SH_INNER		(UL(3) << 8)
#define S2_AF			(UL(1) << 10)
#define S2_XN			(UL(1) << 54)
/* Software bits 58:55 (ignored by hardware): what Tessera must do with the page at teardown. */
#define S2_SW_OWNED (UL(1) << 55)
#define S2_PAGE	    (UL(1) << 0 | UL(1) << 1)

#define VTCR_RES1	(UL(1) << 31)
#define VTCR_SL0_L1	(UL(1) << 6)
#define VTCR_IRGN0_WBWA (UL(1) << 8)
#define VTCR_ORGN0_WBWA (UL(1) << 10)
#define VTCR_SH0_INNER	(UL(3) << 12)
#define VTCR_PS_SHIFT	16

#define IPA_BITS_MAX 40
#define VMID_MAX     255

static unsigned int ipa_bits;
static spinlock_t vmid_lock = SPINLOCK_INIT;
static uint64_t vmid_used[(VMID_MAX + 1) / 64];

/* ID_AA64MMFR0_EL1.PARange (D23.2.74) in bits. */
static unsigned int pa_range_bits(void)
{
	static const unsigned int bits[] = { 32, 36, 40, 42, 44, 48, 52 };
	unsigned int r = (unsigned int)(read_sysreg(id_aa64mmfr0_el1) & 0xf);

	return r < ARRAY_SIZE(bits) ? bits[r] : 48;
}

static unsigned int ps_field(unsigned int bits)
{
	switch (bits) {
	case 32:
		return 0;
	case 36:
		return 1;
	case 40:
		return 2;
	default:
		return 2;
	}
}

void p2m_cpu_init(void)
{
	unsigned int pa_bits = pa_range_bits();

	/* Start at level 1: IPA sizes from 31 to 40 bits (with 40, two concatenated tables). */
	ipa_bits = MIN(pa_bits, (unsigned int)IPA_BITS_MAX);
	write_sysreg(VTCR_RES1 | (64 - ipa_bits) | VTCR_SL0_L1 | VTCR_IRGN0_WBWA | VTCR_ORGN0_WBWA |
			     VTCR_SH0_INNER | (uint64_t)ps_field(ipa_bits) << VTCR_PS_SHIFT,
		     vtcr_el2);
	isb();
}

unsigned int p2m_ipa_bits(void)
{
	return ipa_bits;
}

static uint64_t *p2m_alloc_table(void *ctx)
{
	struct p2m *p2m = ctx;
	paddr_t pa;

	/* A guest choosing where pages go (add_to_physmap, grant maps) must not be able to make
	 * Tessera spend all its memory on its tables: a fixed quota per domain. */
	if (p2m->table_pages >= P2M_TABLE_QUOTA)
		return NULL;
	pa = alloc_page_zeroed();

	if (pa == INVALID_PADDR)
		return NULL;
	p2m->table_pages++;
	return phys_to_virt(pa);
}

/* Invalidate by IPA for this VMID, then the combined stage-1+2 entries (D8.16.2). */
static void p2m_flush(void *ctx, uint64_t ipa)
{
	const struct p2m *p2m = ctx;
	uint64_t flags = irq_save_local();
	uint64_t saved = read_sysreg(vttbr_el2);

	write_sysreg(p2m->root_pa | (uint64_t)p2m->vmid << 48, vttbr_el2);
	isb();
	dsb(ishst);
	__asm__ volatile("tlbi ipas2e1is, %0" ::"r"(ipa >> 12) : "memory");
	dsb(ish);
	__asm__ volatile("tlbi vmalle1is" ::: "memory");
	dsb(ish);
	isb();
	write_sysreg(saved, vttbr_el2);
	isb();
	irq_restore_local(flags);
}

/*
 * Every TLB entry of this VMID, stage 1, stage 2 and combined, on every pCPU of the Inner
 * Shareable domain: TLBI VMALLS12E1IS (Arm ARM C5.5, TLBI VMALLS12E1IS) acts on the VMID in
 * VTTBR_EL2, so it is set for the flush and the current one restored after. For a VMID given
 * to a new domain (a dead one's entries, at any IPA, must not survive) and for a dying one's.
 * The DSB ISHST before makes the table writes visible to other walkers first; the DSB ISH
 * after waits until every pCPU has completed the invalidation (D8.16.2, the sequence for
 * changing translation tables).
 */
static void p2m_flush_vmid(const struct p2m *p2m)
{
	uint64_t flags = irq_save_local();
	uint64_t saved = read_sysreg(vttbr_el2);

	dsb(ishst);
	write_sysreg(p2m->root_pa | (uint64_t)p2m->vmid << 48, vttbr_el2);
	isb();
	__asm__ volatile("tlbi vmalls12e1is" ::: "memory");
	dsb(ish);
	isb();
	write_sysreg(saved, vttbr_el2);
	isb();
	irq_restore_local(flags);
}

static int vmid_alloc(void)
{
	uint64_t flags = spin_lock_irqsave(&vmid_lock);
	int vmid = -ENOSPC;

	/* VMID 0 is kept for "no guest". */
	for (unsigned int i = 1; i <= VMID_MAX; i++) {
		if (!(vmid_used[i / 64] & (1ULL << (i % 64)))) {
			vmid_used[i / 64] |= 1ULL << (i % 64);
			vmid = (int)i;
			break;
		}
	}
	spin_unlock_irqrestore(&vmid_lock, flags);
	return vmid;
}

static void vmid_free(uint16_t vmid)
{
	uint64_t flags = spin_lock_irqsave(&vmid_lock);

	vmid_used[vmid / 64U] &= ~(1ULL << (vmid % 64U));
	spin_unlock_irqrestore(&vmid_lock, flags);
}

int p2m_init(struct p2m *p2m)
{
	unsigned int root_bits = ipa_bits - 30; /* index bits at level 1 */
	int vmid;

	memset(p2m, 0, sizeof(*p2m));
	vmid = vmid_alloc();
	if (vmid < 0)
		return vmid;
	p2m->root_order = root_bits > 9 ? root_bits - 9 : 0;
	p2m->root_pa = alloc_pages(p2m->root_order);
	if (p2m->root_pa == INVALID_PADDR) {
		vmid_free((uint16_t)vmid);
		return -ENOMEM;
	}
	memset(phys_to_virt(p2m->root_pa), 0, PAGE_SIZE << p2m->root_order);
	p2m->vmid = (uint16_t)vmid;
	p2m->pt.root = phys_to_virt(p2m->root_pa);
	p2m->pt.start_level = 1;
	p2m->pt.root_bits = root_bits;
	p2m->pt.alloc_table = p2m_alloc_table;
	p2m->pt.flush = p2m_flush;
	p2m->pt.ctx = p2m;
	/* A VMID may have been used by a dead domain: no stale translation may survive, at
	 * whatever IPA (a flush of one IPA left the others). */
	p2m_flush_vmid(p2m);
	return 0;
}

static uint64_t type_attrs(enum p2m_type type)
{
	switch (type) {
	case P2M_RAM:
		return S2_PAGE | S2_MEMATTR_NORMAL_WB | S2_AP_RW | S2_SH_INNER | S2_AF |
		       S2_SW_OWNED;
	case P2M_RAM_RO:
		return S2_PAGE | S2_MEMATTR_NORMAL_WB | S2_AP_RO | S2_SH_INNER | S2_AF | S2_XN;
	case P2M_MMIO:
		return S2_PAGE | S2_MEMATTR_DEVICE_nGnRE | S2_AP_RW | S2_AF | S2_XN;
	case P2M_RAM_SHARED:
		return S2_PAGE | S2_MEMATTR_NORMAL_WB | S2_AP_RW | S2_SH_INNER | S2_AF | S2_XN;
	}
	return 0;
}

int p2m_map(struct p2m *p2m, paddr_t ipa, paddr_t pa, psize_t size, enum p2m_type type)
{
	uint64_t flags;
	int err;

	if (ipa + size < ipa || ipa + size > (1ULL << ipa_bits))
		return -EINVAL;
	flags = spin_lock_irqsave(&p2m->lock);
	err = pgtable_map(&p2m->pt, ipa, pa, size, type_attrs(type));
	spin_unlock_irqrestore(&p2m->lock, flags);
	return err;
}

int p2m_unmap(struct p2m *p2m, paddr_t ipa, psize_t size)
{
	uint64_t flags;
	int err;

	if (ipa + size < ipa || ipa + size > (1ULL << ipa_bits))
		return -EINVAL;
	flags = spin_lock_irqsave(&p2m->lock);
	err = pgtable_map(&p2m->pt, ipa, 0, size, 0);
	spin_unlock_irqrestore(&p2m->lock, flags);
	return err;
}

/* The machine address and type of ipa from its descriptor d at level (d != 0). */
static paddr_t decode(uint64_t d, unsigned int level, paddr_t ipa, enum p2m_type *type)
{
	uint64_t offset_mask = (1ULL << pgtable_level_shift(level)) - 1;

	if (type != NULL) {
		if ((d & (UL(0xf) << 2)) == S2_MEMATTR_DEVICE_nGnRE)
			*type = P2M_MMIO;
		else if ((d & S2_AP_RW) != S2_AP_RW)
			*type = P2M_RAM_RO;
		else
			*type = (d & S2_SW_OWNED) ? P2M_RAM : P2M_RAM_SHARED;
	}
	return (d & PTE_ADDR_MASK & ~offset_mask) | (ipa & offset_mask);
}

paddr_t p2m_lookup(struct p2m *p2m, paddr_t ipa, enum p2m_type *type)
{
	unsigned int level;
	uint64_t d, flags;

	if (ipa >= (1ULL << ipa_bits))
		return INVALID_PADDR;
	flags = spin_lock_irqsave(&p2m->lock);
	d = pgtable_lookup(&p2m->pt, ipa, &level);
	spin_unlock_irqrestore(&p2m->lock, flags);
	return d != 0 ? decode(d, level, ipa, type) : INVALID_PADDR;
}

int p2m_copy_ram(struct p2m *p2m, paddr_t ipa, void *buf, size_t len, bool to_guest)
{
	enum p2m_type type = P2M_MMIO;
	paddr_t pa = INVALID_PADDR;
	unsigned int level;
	uint64_t d, flags;

	if (ipa >= (1ULL << ipa_bits) || len > PAGE_SIZE - (ipa & (PAGE_SIZE - 1)))
		return -EFAULT;
	/* Lookup and copy under one hold of the lock: another vCPU of the domain giving the
	 * page back (p2m_unmap, then free) waits until the copy is done. */
	flags = spin_lock_irqsave(&p2m->lock);
	d = pgtable_lookup(&p2m->pt, ipa, &level);
	if (d != 0)
		pa = decode(d, level, ipa, &type);
	if (pa != INVALID_PADDR && (type == P2M_RAM || type == P2M_RAM_SHARED)) {
		if (to_guest)
			memcpy(phys_to_virt(pa), buf, len);
		else
			memcpy(buf, phys_to_virt(pa), len);
	} else {
		pa = INVALID_PADDR;
	}
	spin_unlock_irqrestore(&p2m->lock, flags);
	return pa != INVALID_PADDR ? 0 : -EFAULT;
}

struct teardown {
	void (*free_ram)(paddr_t pa, unsigned int order);
};

static void free_leaf(void *ctx, uint64_t ipa, uint64_t desc, unsigned int level)
{
	struct teardown *t = ctx;

	(void)ipa;
	if (desc & S2_SW_OWNED)
		t->free_ram(desc & PTE_ADDR_MASK, pgtable_level_shift(level) - PAGE_SHIFT);
}

static void free_table(void *ctx, uint64_t *table)
{
	(void)ctx;
	free_pages(virt_to_phys(table), 0);
}

void p2m_destroy(struct p2m *p2m, void (*free_ram)(paddr_t pa, unsigned int order))
{
	struct teardown t = { free_ram };

	p2m_flush_vmid(p2m);
	pgtable_walk_free(&p2m->pt, free_leaf, free_table, &t);
	free_pages(p2m->root_pa, p2m->root_order);
	vmid_free(p2m->vmid);
	p2m->root_pa = INVALID_PADDR;
}

void p2m_load(const struct p2m *p2m)
{
	write_sysreg(p2m->root_pa | (uint64_t)p2m->vmid << 48, vttbr_el2);
	isb();
}
