/* SPDX-License-Identifier: Apache-2.0 */
/* What the boot device tree says about memory: builds the boot memory map from it. */
#ifndef TESSERA_BOOTINFO_H
#define TESSERA_BOOTINFO_H

#include <tessera/memmap.h>
#include <tessera/types.h>

/*
 * Fills m from the device tree: RAM from every node with device_type = "memory"; taken
 * regions: Tessera's image, the DTB, /reserved-memory, /memreserve/ and every boot module
 * under /chosen (compatible "multiboot,module", at any depth). Checks it (memmap_check).
 * On bad input, halts with one clear line (fatal_boot_error), except for the modules of
 * xen,domain nodes: a problem there refuses that domain only (the dom0less builder).
 */
void bootinfo_build_memmap(const void *fdt, paddr_t dtb_pa, paddr_t image_pa, psize_t image_size,
			   struct memmap *m);

/* Number of boot modules found (for the summary). */
unsigned int bootinfo_nr_modules(void);

#endif
