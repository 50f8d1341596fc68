// SPDX-License-Identifier: Apache-2.0
/*
 * A FIT image (U-Boot doc/usage/fit): the hypervisor as the configuration's kernel, the tree
 * as its fdt, and every module as a loadable, each with its load address, so that one bootm
 * loads them all where boot.scr would. Modules are of type "firmware" with os "linux": the
 * types U-Boot's fit_image_load accepts for loadables. Nothing is compressed by U-Boot: a
 * gzip kernel stays gzip for the hypervisor to inflate.
 */
#include <string.h>

#include "outputs.h"
#include "plan.h"
#include "system.h"

/* A dts string: " and \ escaped. */
static void put_dts_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void put_address(FILE *f, const char *name, uint64_t v, int cells)
{
	if (cells == 2)
		fprintf(f, "\t\t\t%s = <%#llx %#llx>;\n", name, (unsigned long long)(v >> 32),
			(unsigned long long)(v & 0xffffffffULL));
	else
		fprintf(f, "\t\t\t%s = <%#llx>;\n", name, (unsigned long long)v);
}

static void put_image(FILE *f, const char *node, const char *what, const struct ib_load *l,
		      const char *type, bool entry, int cells)
{
	fprintf(f, "\t\t%s {\n\t\t\tdescription = ", node);
	put_dts_string(f, what);
	fprintf(f, ";\n\t\t\tdata = /incbin/(");
	put_dts_string(f, l->path);
	fprintf(f, ");\n\t\t\ttype = \"%s\";\n\t\t\tarch = \"arm64\";\n", type);
	if (strcmp(type, "flat_dt") != 0)
		fprintf(f, "\t\t\tos = \"linux\";\n");
	fprintf(f, "\t\t\tcompression = \"none\";\n");
	put_address(f, "load", l->addr, cells);
	if (entry)
		put_address(f, "entry", l->addr, cells);
	fprintf(f, "\t\t\thash-1 {\n\t\t\t\talgo = \"crc32\";\n\t\t\t};\n\t\t};\n");
}

int ib_write_fit_source(FILE *f, const struct ib_system *s, const struct ib_plan *p,
			const char *config)
{
	char keys[512], what[1024];
	int cells = p->dtb.addr + p->dtb.size > 0xffffffffULL ? 2 : 1;

	fprintf(f,
		"/*\n * %s: written by tessera-imagebuilder from %s; run it again to change "
		"it.\n * mkimage -f compiles it; bootm runs the configuration.\n */\n",
		s->fit_name, config);
	fprintf(f,
		"/dts-v1/;\n\n/ {\n\tdescription = \"The hypervisor and %u dom0less domains\";\n"
		"\t#address-cells = <%d>;\n\n\timages {\n",
		s->num_domains, cells);
	snprintf(what, sizeof(what), "XEN: %s", p->hyp.rel);
	put_image(f, "hypervisor", what, &p->hyp, "kernel", true, cells);
	put_image(f, "fdt", "DEVICE_TREE with the domains in /chosen", &p->dtb, "flat_dt", false,
		  cells);
	for (unsigned int i = 0; i < p->module_count; i++) {
		char node[32];

		ib_module_keys(s, p, (int)i, keys, sizeof(keys));
		snprintf(what, sizeof(what), "%s: %s", keys, p->modules[i].rel);
		snprintf(node, sizeof(node), "module-%u", i + 1);
		put_image(f, node, what, &p->modules[i], "firmware", false, cells);
	}
	fprintf(f, "\t};\n\n\tconfigurations {\n\t\tdefault = \"system\";\n\n\t\tsystem {\n"
		   "\t\t\tdescription = \"The hypervisor with the device tree and every module\";\n"
		   "\t\t\tkernel = \"hypervisor\";\n\t\t\tfdt = \"fdt\";\n");
	if (p->module_count) {
		fprintf(f, "\t\t\tloadables = ");
		for (unsigned int i = 0; i < p->module_count; i++)
			fprintf(f, "%s\"module-%u\"", i ? ", " : "", i + 1);
		fprintf(f, ";\n");
	}
	fprintf(f, "\t\t};\n\t};\n};\n");
	return ferror(f) ? -1 : 0;
}
