// SPDX-License-Identifier: Apache-2.0
/*
 * qemu.sh: the same system booted by QEMU alone. -kernel and -dtb let QEMU place the
 * hypervisor and the tree (plan.c keeps the modules clear of both); each module goes where the
 * tree says with a -device loader (QEMU docs/system/generic-loader.rst: file, addr, and
 * force-raw so that an ELF or uImage is not interpreted). The machine is the one the tree
 * describes: QEMU virt with its GIC version, CPU count, CPU model and RAM.
 */
#include <libfdt.h>
#include <limits.h>
#include <string.h>

#include "host_dtb.h"
#include "outputs.h"
#include "paths.h"
#include "plan.h"

/* QEMU's option syntax: a ',' inside a value is written ",,". */
static void put_qemu_value(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == ',')
			fputc(',', f);
		fputc(*s, f);
	}
}

/* One shell word for "-device loader,file=<path>,addr=...,force-raw=on". */
static void put_loader(FILE *f, const struct ib_load *l)
{
	char word[2 * PATH_MAX + 64], quoted[4 * PATH_MAX + 128];
	FILE *m = fmemopen(word, sizeof(word), "w");

	fputs("loader,file=", m);
	put_qemu_value(m, l->path);
	fprintf(m, ",addr=%#llx,force-raw=on", (unsigned long long)l->addr);
	fclose(m);
	word[sizeof(word) - 1] = '\0';
	if (ib_shell_quote(word, quoted, sizeof(quoted)) == 0)
		fprintf(f, "\t-device %s \\\n", quoted);
}

int ib_write_qemu_script(FILE *f, const struct ib_system *s, const struct ib_plan *p,
			 const struct ib_host *h, const char *config)
{
	char hyp[2 * PATH_MAX], dtb[2 * PATH_MAX], gic[32] = "";

	if (ib_shell_quote(p->hyp.path, hyp, sizeof(hyp)) ||
	    ib_shell_quote(p->dtb.path, dtb, sizeof(dtb)))
		return -1;
	if (h->gic_version)
		snprintf(gic, sizeof(gic), ",gic-version=%d", h->gic_version);
	fprintf(f, "#!/bin/sh\n");
	fprintf(f,
		"# qemu.sh: written by tessera-imagebuilder from %s; run it again to change it.\n",
		config);
	fprintf(f,
		"# Boots what %s boots, without a bootloader: QEMU puts the hypervisor at %#llx\n"
		"# and the device tree at %#llx itself, each module where the tree says.\n",
		s->uboot_script, (unsigned long long)p->qemu_hyp_addr,
		(unsigned long long)p->qemu_dtb_addr);
	fprintf(f, "# Ctrl-] x quits QEMU (Ctrl-a is the hypervisor's console switch). Arguments\n"
		   "# are added to QEMU's; QEMU=<program> runs another QEMU.\n");
	fprintf(f, "exec \"${QEMU:-qemu-system-aarch64}\" -machine virt,virtualization=on%s \\\n",
		gic);
	fprintf(f, "\t-cpu %s -smp %u -m %lluM -nographic -nic none -echr 0x1d \\\n", h->cpu_model,
		h->cpus, (unsigned long long)(h->ram_total >> 20));
	fprintf(f, "\t-kernel %s \\\n\t-dtb %s \\\n", hyp, dtb);
	for (unsigned int i = 0; i < p->module_count; i++)
		put_loader(f, &p->modules[i]);
	fprintf(f, "\t\"$@\"\n");
	return ferror(f) ? -1 : 0;
}
