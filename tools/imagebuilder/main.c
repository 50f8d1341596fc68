// SPDX-License-Identifier: Apache-2.0
/*
 * tessera-imagebuilder: reads an ImageBuilder configuration, checks it against the files and
 * the host device tree, and writes the device tree with the dom0less domains, the U-Boot
 * script that loads everything, and a QEMU command that boots the same system
 * (docs/imagebuilder.md). Nothing is written unless every check passes.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "diag.h"
#include "host_dtb.h"
#include "outputs.h"
#include "paths.h"
#include "plan.h"
#include "system.h"

#define PROGRAM "tessera-imagebuilder"

struct options {
	const char *config;
	const char *out;
	const char *root;
	const char *load_cmd;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROGRAM " -c CONFIG -o OUTPUT_DIR [-d ROOT_DIR] [-t LOAD_CMD]\n"
		"  -c  the ImageBuilder configuration (NAME=value lines)\n"
		"  -o  the folder to write the device tree, boot script and qemu.sh into\n"
		"  -d  the folder the configuration's paths are relative to, and that LOAD_CMD\n"
		"      loads from (a TFTP root, a boot partition); default: the current folder\n"
		"  -t  the U-Boot load command, replacing LOAD_CMD: tftp, sd, scsi, usb, virtio\n"
		"      (short for tftpb, load mmc 0:1, load scsi 0:1, fatload usb 0:1,\n"
		"      load virtio 0:1) or any command taking an address and a file name\n");
}

static char *read_text(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (n == cap) {
			char *b = realloc(buf, cap = cap ? 2 * cap : 4096);

			if (!b)
				break;
			buf = b;
		}
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Writes one output file with writer(f, ...) through a temporary name. */
static int write_output(const struct ib_plan *p, const char *name, mode_t mode,
			int (*writer)(FILE *, const void *), const void *ctx)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	FILE *f;
	int r;

	if (ib_path_join(p->out, name, path, sizeof(path)))
		return -1;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	r = writer(f, ctx);
	if (fclose(f) || r || chmod(tmp, mode) || rename(tmp, path)) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

struct write_ctx {
	const struct ib_system *s;
	const struct ib_plan *p;
	const struct ib_host *h;
	const char *config;
};

static int write_dtb(FILE *f, const void *c)
{
	const struct ib_host *h = ((const struct write_ctx *)c)->h;

	return fwrite(h->fdt, 1, ib_host_size(h), f) == ib_host_size(h) ? 0 : -1;
}

static int write_source(FILE *f, const void *c)
{
	const struct write_ctx *w = c;

	return ib_write_boot_source(f, w->s, w->p, w->config);
}

static int write_qemu(FILE *f, const void *c)
{
	const struct write_ctx *w = c;

	return ib_write_qemu_script(f, w->s, w->p, w->h, w->config);
}

static int write_its(FILE *f, const void *c)
{
	const struct write_ctx *w = c;

	return ib_write_fit_source(f, w->s, w->p, w->config);
}

static int mkdir_p(const char *path)
{
	char buf[PATH_MAX];

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -1;
	for (char *q = buf + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*q = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

static int make_script(const struct ib_system *s, const struct ib_plan *p, struct ib_diag *d)
{
	char src[PATH_MAX], scr[PATH_MAX];
	char *args[] = { "mkimage", "-A",     "arm64",
			 "-T",	    "script", "-C",
			 "none",    "-n",     "tessera-imagebuilder boot script",
			 "-d",	    src,      scr,
			 NULL };

	if (ib_path_join(p->out, s->uboot_source, src, sizeof(src)) ||
	    ib_path_join(p->out, s->uboot_script, scr, sizeof(scr)))
		return -1;
	return ib_run_mkimage(args, d, "UBOOT_SCRIPT");
}

/* FIT: the .its next to the image, compiled by mkimage -f. Returns the image's size or 0. */
static uint64_t make_fit(const struct write_ctx *w, struct ib_diag *d)
{
	char its_name[NAME_MAX + 1], its[PATH_MAX], fit[PATH_MAX];
	char *args[] = { "mkimage", "-f", its, fit, NULL };
	struct stat st;

	snprintf(its_name, sizeof(its_name), "%s.its", w->s->fit_name);
	if (ib_path_join(w->p->out, its_name, its, sizeof(its)) ||
	    ib_path_join(w->p->out, w->s->fit_name, fit, sizeof(fit)) ||
	    write_output(w->p, its_name, 0644, write_its, w)) {
		ib_error(d, 0, "FIT", "cannot write %s in %s", its_name, w->p->out);
		return 0;
	}
	if (ib_run_mkimage(args, d, "FIT") || stat(fit, &st))
		return 0;
	return (uint64_t)st.st_size;
}

static int write_all(const struct write_ctx *w, struct ib_diag *d)
{
	if (mkdir_p(w->p->out)) {
		ib_error(d, 0, NULL, "cannot make the output folder %s: %s", w->p->out,
			 strerror(errno));
		return -1;
	}
	if (write_output(w->p, w->s->dtb_name, 0644, write_dtb, w) ||
	    write_output(w->p, w->s->uboot_source, 0644, write_source, w) ||
	    write_output(w->p, "qemu.sh", 0755, write_qemu, w)) {
		ib_error(d, 0, NULL, "cannot write in %s: %s", w->p->out, strerror(errno));
		return -1;
	}
	return make_script(w->s, w->p, d);
}

/* An output file's path relative to the root folder: what LOAD_CMD is given. */
static const char *relative(const struct ib_plan *p, const char *name, char *rel)
{
	char path[PATH_MAX];

	if (ib_path_join(p->out, name, path, sizeof(path)) ||
	    ib_path_relative(p->root, path, rel, PATH_MAX))
		return name;
	return rel;
}

static void print_summary(const struct write_ctx *w, uint64_t fit_size, uint64_t fit_addr)
{
	char rel[PATH_MAX];
	const struct ib_system *s = w->s;
	const struct ib_plan *p = w->p;
	unsigned int vcpus = 0;
	char keys[512];

	for (unsigned int i = 0; i < s->num_domains; i++)
		vcpus += s->domains[i].vcpus;
	printf(PROGRAM ": %u domains, %u vCPUs on %u pCPUs; in %s:\n", s->num_domains, vcpus,
	       w->h->cpus, p->out);
	printf("  %#12llx  %-40s %s\n", (unsigned long long)p->script_addr, "the boot script",
	       s->uboot_script);
	printf("  %#12llx  %-40s %s\n", (unsigned long long)p->hyp.addr, "XEN", p->hyp.rel);
	for (unsigned int i = 0; i < p->module_count; i++) {
		ib_module_keys(s, p, (int)i, keys, sizeof(keys));
		printf("  %#12llx  %-40s %s\n", (unsigned long long)p->modules[i].addr, keys,
		       p->modules[i].rel);
	}
	printf("  %#12llx  %-40s %s\n", (unsigned long long)p->dtb.addr, "DEVICE_TREE, edited",
	       p->dtb.rel);
	printf("U-Boot: %s %#llx %s; source %#llx\n", s->load_cmd,
	       (unsigned long long)p->script_addr, relative(p, s->uboot_script, rel),
	       (unsigned long long)p->script_addr);
	if (fit_size)
		printf("FIT:    %s %#llx %s; bootm %#llx\n", s->load_cmd,
		       (unsigned long long)fit_addr, relative(p, s->fit_name, rel),
		       (unsigned long long)fit_addr);
	printf("QEMU:   %s/qemu.sh\n", p->out);
}

static int run(const struct options *o, struct ib_diag *d, bool *wrote)
{
	struct ib_config cfg = { 0 };
	struct ib_system *s = calloc(1, sizeof(*s));
	struct ib_plan *p = calloc(1, sizeof(*p));
	struct ib_host h = { 0 };
	struct write_ctx w = { s, p, &h, o->config };
	uint64_t fit_size = 0, fit_addr = 0;
	size_t len = 0;
	char *text = read_text(o->config, &len);

	if (!text) {
		ib_error(d, 0, NULL, "cannot read it: %s", strerror(errno));
		goto out;
	}
	if (!s || !p || ib_plan_init(p, o->root, o->out)) {
		ib_error(d, 0, NULL, "out of memory, or a folder name too long");
		goto out;
	}
	ib_config_parse(&cfg, text, len, d);
	ib_system_read(s, &cfg, o->load_cmd, d);
	if (s->xen && s->device_tree)
		ib_plan_files(p, s, d);
	if (d->errors || ib_host_read(&h, p->host_dtb.path, s->device_tree, d))
		goto out;
	if (ib_plan_place(p, s, &h, d) || ib_host_write_chosen(&h, s, p, d) ||
	    ib_plan_place_dtb(p, s, &h, ib_host_size(&h), d))
		goto out;
	*wrote = true;
	if (write_all(&w, d))
		goto out;
	if (s->fit_name && (fit_size = make_fit(&w, d)) &&
	    ib_alloc(&p->alloc, fit_size, false, &fit_addr))
		ib_error(d, 0, "FIT", "the FIT image (%llu bytes) does not fit below MEMORY_END",
			 (unsigned long long)fit_size);
	if (!d->errors)
		print_summary(&w, fit_size, fit_addr);
out:
	ib_host_free(&h);
	if (p)
		ib_plan_free(p);
	ib_config_free(&cfg);
	free(text);
	free(p);
	free(s);
	return d->errors ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct options o = { .root = "." };
	struct ib_diag d;
	bool wrote = false;
	int c;

	while ((c = getopt(argc, argv, "c:o:d:t:h")) != -1) {
		switch (c) {
		case 'c':
			o.config = optarg;
			break;
		case 'o':
			o.out = optarg;
			break;
		case 'd':
			o.root = optarg;
			break;
		case 't':
			o.load_cmd = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!o.config || !o.out || optind != argc) {
		usage(stderr);
		return 2;
	}
	ib_diag_init(&d, o.config, stderr);
	if (run(&o, &d, &wrote)) {
		fprintf(stderr, PROGRAM ": %u error%s%s\n", d.errors, d.errors == 1 ? "" : "s",
			wrote ? "" : ": nothing written");
		return 1;
	}
	return 0;
}
