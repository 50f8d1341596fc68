// SPDX-License-Identifier: Apache-2.0
/*
 * What the tool writes in the output folder, once every check has passed: the U-Boot script
 * (source and mkimage'd), the QEMU command that boots the same system without a bootloader,
 * and optionally a FIT image holding everything for one bootm.
 */
#ifndef IB_OUTPUTS_H
#define IB_OUTPUTS_H

#include <stdio.h>

struct ib_diag;
struct ib_host;
struct ib_plan;
struct ib_system;

/* The keys naming module i ("DOMU_KERNEL[0], DOMU_KERNEL[1]"), for comments. */
void ib_module_keys(const struct ib_system *s, const struct ib_plan *p, int module, char *buf,
		    size_t size);

/* UBOOT_SOURCE: LOAD_CMD of every file at its address, then booti. */
int ib_write_boot_source(FILE *f, const struct ib_system *s, const struct ib_plan *p,
			 const char *config);

/* qemu.sh: qemu-system-aarch64 -kernel <hypervisor> -dtb <tree> -device loader,... */
int ib_write_qemu_script(FILE *f, const struct ib_system *s, const struct ib_plan *p,
			 const struct ib_host *h, const char *config);

/* FIT: the .its source mkimage -f compiles into one image for bootm. fit_addr is where the
 * image itself is to be loaded. */
int ib_write_fit_source(FILE *f, const struct ib_system *s, const struct ib_plan *p,
			const char *config);

/* Runs mkimage with args (NULL-terminated, args[0] = "mkimage"); its stdout is discarded.
 * 0, or -1 (reported for key). */
int ib_run_mkimage(char *const args[], struct ib_diag *d, const char *key);

#endif
