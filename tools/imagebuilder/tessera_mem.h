// SPDX-License-Identifier: Apache-2.0
/*
 * The memory Tessera keeps for itself, beyond its image and the boot modules (which the plan
 * counts as loaded files), out of the RAM it is given: a domain's memory must fit what is
 * left, or Tessera refuses the domain at boot. These figures are the one place the image
 * builder knows them; each is an upper bound of what hyp/ allocates, named after where it
 * comes from. Measured on QEMU virt (2 GiB, 4 pCPUs; the 'm' debug key's free memory before
 * and after): 84 KiB besides the page metadata and the image, and 45 to 58 KiB a domain
 * (1 vCPU; xen,enhanced the larger) plus 8 KiB a further vCPU; docs/imagebuilder.md.
 */
#ifndef IB_TESSERA_MEM_H
#define IB_TESSERA_MEM_H

#include <stdint.h>

#define IB_KIB (1ULL << 10)

/* The page allocator's metadata: one struct page_meta (hyp/include/tessera/page_alloc.h,
 * 12 bytes) for each 4 KiB page of RAM, taken before the rest is handed out (hyp/core/mm.c). */
#define IB_TESSERA_META_BYTES_PER_PAGE 12
#define IB_TESSERA_PAGE_BYTES	       4096
/* Once: its own page tables, one 16 KiB stack (and guard page) for each of up to 8 pCPUs
 * (hyp/core/smp.c), and boot-time buffers. */
#define IB_TESSERA_FIXED_BYTES (512 * IB_KIB)
/* Each domain: struct domain (16 KiB, hyp/core/domain.c), its device tree buffer (64 KiB,
 * hyp/core/dom0less.c), the stage-2 root and upper tables (hyp/arch/arm64/p2m.c), event
 * channels and grant maptrack (8 KiB each, hyp/pv/pv_domain.c), shared_info, grant frames
 * and the console ring. */
#define IB_TESSERA_DOMAIN_BYTES (256 * IB_KIB)
/* Each vCPU: struct vcpu (8 KiB, hyp/core/vcpu.c). */
#define IB_TESSERA_VCPU_BYTES (8 * IB_KIB)
/* Stage-2 last-level tables should the domain's RAM not come in 2 MiB blocks: one 4 KiB
 * table for each 2 MiB of it (hyp/core/domain.c maps RAM in 2 MiB chunks when it can). */
#define IB_TESSERA_S2_TABLE_DIVISOR 512

/* What Tessera keeps once, with ram_bytes of RAM. */
uint64_t ib_tessera_fixed_bytes(uint64_t ram_bytes);

/* What Tessera keeps for a domain of mem_bytes (0 for static memory, which is not taken from
 * Tessera's heap) and vcpus vCPUs, beyond its memory. */
uint64_t ib_tessera_domain_bytes(uint64_t mem_bytes, unsigned int vcpus);

#endif
