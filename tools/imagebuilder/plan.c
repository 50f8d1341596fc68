// SPDX-License-Identifier: Apache-2.0
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "host_dtb.h"
#include "paths.h"
#include "plan.h"
#include "tessera_mem.h"

#define MIB (1ULL << 20)

/* QEMU hw/arm/boot.c: an arm64 Image whose text_offset would put it over QEMU's own boot
 * stub at the bottom of RAM goes 2 MiB higher; an Image without image_size at 0x80000. The
 * device tree goes after the kernel and at least min(RAM / 2, 128 MiB) into RAM (where an
 * initrd would start; there is none), 2 MiB aligned. */
#define QEMU_BOOTLOADER_MAX 0x1000
#define QEMU_KERNEL64_LOAD  0x80000
#define QEMU_INITRD_MAX_OFF (128 * MIB)

/* Characters U-Boot's shell would split or expand in a LOAD_CMD's file name. */
#define U_BOOT_SPECIAL " \t\n;'\"$#{}\\"

static char *absolute(const char *base, const char *path)
{
	char buf[PATH_MAX];

	return ib_path_join(base, path, buf, sizeof(buf)) ? NULL : strdup(buf);
}

int ib_plan_init(struct ib_plan *p, const char *root, const char *out)
{
	char cwd[PATH_MAX];

	memset(p, 0, sizeof(*p));
	for (unsigned int i = 0; i < IB_MAX_DOMAINS; i++)
		p->kernel[i] = p->ramdisk[i] = p->passthrough[i] = -1;
	if (!getcwd(cwd, sizeof(cwd)))
		return -1;
	p->root = absolute(cwd, root);
	p->out = absolute(cwd, out);
	return p->root && p->out ? 0 : -1;
}

static void load_free(struct ib_load *l)
{
	free(l->path);
	free(l->rel);
	l->path = l->rel = NULL;
}

void ib_plan_free(struct ib_plan *p)
{
	load_free(&p->hyp);
	load_free(&p->host_dtb);
	load_free(&p->dtb);
	for (unsigned int i = 0; i < p->module_count; i++)
		load_free(&p->modules[i]);
	free(p->root);
	free(p->out);
	p->root = p->out = NULL;
}

/* Finds the file a key names (relative to the root folder) and what it is. */
static int load_open(struct ib_plan *p, struct ib_load *l, const struct ib_entry *key,
		     bool by_uboot, struct ib_diag *d)
{
	char rel[PATH_MAX];
	struct stat st;

	l->key = key;
	l->path = absolute(p->root, key->value);
	if (!l->path || ib_path_relative(p->root, l->path, rel, sizeof(rel)) ||
	    !(l->rel = strdup(rel))) {
		ib_error_at(d, key, "%s: path too long", key->value);
		return -1;
	}
	if (by_uboot && strpbrk(l->rel, U_BOOT_SPECIAL)) {
		ib_error_at(d, key,
			    "%s: the U-Boot script cannot name a file with blanks, quotes "
			    "or any of ;$#{}\\",
			    l->rel);
		return -1;
	}
	ib_probe_file(l->path, &l->info);
	if (l->info.kind == IB_FILE_MISSING && key->value[0] == '/') {
		ib_error_at(d, key, "%s: %s", key->value, strerror(l->info.err));
		return -1;
	}
	if (l->info.kind == IB_FILE_MISSING) {
		ib_error_at(d, key, "%s: %s (paths are relative to %s)", key->value,
			    strerror(l->info.err), p->root);
		return -1;
	}
	if (stat(l->path, &st) == 0) {
		l->dev = st.st_dev;
		l->ino = st.st_ino;
	}
	l->size = l->info.size;
	l->footprint = l->size;
	return 0;
}

/* The file must be one of the kinds given. */
static int expect_kind(const struct ib_load *l, struct ib_diag *d, const char *wanted,
		       enum ib_file_kind a, enum ib_file_kind b)
{
	if (l->info.kind == a || l->info.kind == b)
		return 0;
	ib_error_at(d, l->key, "%s is %s, not %s", l->key->value, ib_file_kind_name(l->info.kind),
		    wanted);
	return -1;
}

/* A module: loaded once however many domains name the same file. Returns its index or -1. */
static int add_module(struct ib_plan *p, const struct ib_entry *key, const char *wanted,
		      enum ib_file_kind a, enum ib_file_kind b, struct ib_diag *d)
{
	struct ib_load l = { 0 };

	if (load_open(p, &l, key, true, d) || expect_kind(&l, d, wanted, a, b)) {
		load_free(&l);
		return -1;
	}
	for (unsigned int i = 0; i < p->module_count; i++) {
		if (p->modules[i].dev == l.dev && p->modules[i].ino == l.ino) {
			load_free(&l);
			return (int)i;
		}
	}
	p->modules[p->module_count] = l;
	return (int)p->module_count++;
}

static void open_hypervisor(struct ib_plan *p, const struct ib_system *s, struct ib_diag *d)
{
	if (load_open(p, &p->hyp, s->xen, true, d))
		return;
	if (p->hyp.info.kind == IB_FILE_IMAGE_GZ) {
		ib_error_at(d, s->xen,
			    "%s is a gzip-compressed arm64 Image: give the raw Image, "
			    "which booti runs in place",
			    s->xen->value);
		return;
	}
	if (expect_kind(&p->hyp, d, "an arm64 Image (ARM\\x64 at 0x38)", IB_FILE_IMAGE,
			IB_FILE_IMAGE))
		return;
	/* booti runs the Image where it is: it occupies image_size, .bss included. */
	if (p->hyp.info.image_size > p->hyp.footprint)
		p->hyp.footprint = p->hyp.info.image_size;
}

int ib_plan_files(struct ib_plan *p, const struct ib_system *s, struct ib_diag *d)
{
	unsigned int errors = d->errors;
	char path[PATH_MAX], rel[PATH_MAX];

	open_hypervisor(p, s, d);
	if (load_open(p, &p->host_dtb, s->device_tree, false, d) == 0)
		expect_kind(&p->host_dtb, d, "a device tree blob (d00dfeed)", IB_FILE_DTB,
			    IB_FILE_DTB);
	for (unsigned int i = 0; i < s->num_domains; i++) {
		const struct ib_domain *dom = &s->domains[i];

		if (dom->kernel)
			p->kernel[i] = add_module(p, dom->kernel, "an arm64 Image or a gzip of one",
						  IB_FILE_IMAGE, IB_FILE_IMAGE_GZ, d);
		if (dom->ramdisk)
			p->ramdisk[i] =
				add_module(p, dom->ramdisk, "a cpio archive or a gzip of one",
					   IB_FILE_CPIO, IB_FILE_CPIO_GZ, d);
		if (dom->passthrough_dtb)
			p->passthrough[i] =
				add_module(p, dom->passthrough_dtb, "a device tree blob (d00dfeed)",
					   IB_FILE_DTB, IB_FILE_DTB, d);
	}
	if (ib_path_join(p->out, s->dtb_name, path, sizeof(path)) == 0 &&
	    ib_path_relative(p->root, path, rel, sizeof(rel)) == 0) {
		p->dtb.key = s->device_tree;
		p->dtb.path = strdup(path);
		p->dtb.rel = strdup(rel);
	}
	if (!p->dtb.rel || strpbrk(p->dtb.rel, U_BOOT_SPECIAL))
		ib_error(d, 0, NULL,
			 "the U-Boot script cannot name the output folder %s: give one "
			 "without blanks, quotes or any of ;$#{}\\",
			 p->out);
	return d->errors == errors ? 0 : -1;
}

/* Where QEMU's -kernel and -dtb put the hypervisor and the tree: modules avoid both. */
static void plan_qemu(struct ib_plan *p, const struct ib_host *h)
{
	uint64_t ram = h->ram[0].start;
	uint64_t offset = QEMU_KERNEL64_LOAD;
	uint64_t dtb;

	if (p->hyp.info.image_size) {
		offset = p->hyp.info.text_offset;
		if (offset < QEMU_BOOTLOADER_MAX)
			offset += IB_ALIGN;
	}
	p->qemu_hyp_addr = ram + offset;
	dtb = ram +
	      (h->ram_total / 2 < QEMU_INITRD_MAX_OFF ? h->ram_total / 2 : QEMU_INITRD_MAX_OFF);
	if (dtb < p->qemu_hyp_addr + p->hyp.size)
		dtb = p->qemu_hyp_addr + p->hyp.size;
	p->qemu_dtb_addr = ib_align_up(dtb, IB_ALIGN);
	ib_alloc_avoid(&p->alloc, p->qemu_hyp_addr, p->qemu_hyp_addr + p->hyp.footprint);
	ib_alloc_avoid(&p->alloc, p->qemu_dtb_addr, p->qemu_dtb_addr + IB_ALIGN);
}

static void check_memory_range(const struct ib_system *s, const struct ib_host *h,
			       struct ib_diag *d)
{
	if (ib_host_ram_bank(h, s->memory_start, s->memory_end - s->memory_start))
		return;
	if (!ib_host_ram_bank(h, s->memory_start, 1))
		ib_error_at(d, s->memory_start_key, "%#llx is not in the RAM of %s",
			    (unsigned long long)s->memory_start, s->device_tree->value);
	else
		ib_error_at(d, s->memory_end_key,
			    "%#llx is past the end of the RAM of %s (one bank)",
			    (unsigned long long)s->memory_end, s->device_tree->value);
}

static void place(struct ib_plan *p, struct ib_load *l, bool avoid, const struct ib_system *s,
		  struct ib_diag *d)
{
	if (ib_alloc(&p->alloc, l->footprint, avoid, &l->addr) == 0)
		return;
	ib_error_at(d, l->key,
		    "%s (%llu bytes) does not fit: at %#llx it would end past "
		    "MEMORY_END (%#llx)",
		    l->key->value, (unsigned long long)l->footprint, (unsigned long long)l->addr,
		    (unsigned long long)s->memory_end);
}

/* The scheduler XEN_CMD asks for: Tessera's and this check's default is null. */
static bool sched_is_null(const struct ib_system *s)
{
	const char *opt = s->xen_cmd ? strstr(s->xen_cmd, "sched=") : NULL;

	for (; opt; opt = strstr(opt + 1, "sched="))
		if (opt == s->xen_cmd || opt[-1] == ' ')
			return strncmp(opt + 6, "null", 4) == 0 && (opt[10] == ' ' || !opt[10]);
	return true;
}

static void check_vcpus(const struct ib_system *s, const struct ib_host *h, struct ib_diag *d)
{
	bool null = sched_is_null(s);
	unsigned int total = 0;

	for (unsigned int i = 0; i < s->num_domains; i++) {
		const struct ib_domain *dom = &s->domains[i];
		const struct ib_entry *key = dom->vcpus_key ? dom->vcpus_key : dom->kernel;

		total += dom->vcpus;
		if (!key)
			continue;
		if (dom->vcpus > h->cpus)
			ib_error_at(d, key, "%u vCPUs, but %s has %u CPUs", dom->vcpus,
				    s->device_tree->value, h->cpus);
		else if (null && total > h->cpus && total - dom->vcpus <= h->cpus)
			ib_error_at(d, key,
				    "domains 0 to %u need %u vCPUs, but %s has %u CPUs and "
				    "sched=null gives each vCPU its own",
				    i, total, s->device_tree->value, h->cpus);
	}
}

int ib_plan_place(struct ib_plan *p, const struct ib_system *s, const struct ib_host *h,
		  struct ib_diag *d)
{
	unsigned int errors = d->errors;
	uint64_t start;

	check_memory_range(s, h, d);
	check_vcpus(s, h, d);
	start = s->memory_start + IB_ALIGN;
	ib_alloc_init(&p->alloc, start < IB_SCRIPT_MIN_ADDR ? IB_SCRIPT_MIN_ADDR : start,
		      s->memory_end);
	plan_qemu(p, h);
	if (ib_alloc(&p->alloc, IB_SCRIPT_SLOT, false, &p->script_addr))
		ib_error_at(d, s->memory_end_key, "no room for the boot script above MEMORY_START");
	place(p, &p->hyp, false, s, d);
	for (unsigned int i = 0; i < p->module_count; i++)
		place(p, &p->modules[i], true, s, d);
	return d->errors == errors ? 0 : -1;
}

/* Every region the plan loads into, for the static-memory checks. */
static unsigned int loaded_regions(const struct ib_plan *p, struct ib_region *r, const char **what)
{
	unsigned int n = 0;

	r[n] = (struct ib_region){ p->script_addr, IB_SCRIPT_SLOT };
	what[n++] = "the boot script's slot";
	r[n] = (struct ib_region){ p->hyp.addr, p->hyp.footprint };
	what[n++] = p->hyp.key->value;
	r[n] = (struct ib_region){ p->dtb.addr, p->dtb.footprint };
	what[n++] = "the device tree";
	r[n] = (struct ib_region){ p->qemu_hyp_addr, p->hyp.footprint };
	what[n++] = "where QEMU -kernel puts the hypervisor";
	r[n] = (struct ib_region){ p->qemu_dtb_addr, IB_ALIGN };
	what[n++] = "where QEMU -dtb puts the device tree";
	for (unsigned int i = 0; i < p->module_count; i++) {
		r[n] = (struct ib_region){ p->modules[i].addr, p->modules[i].size };
		what[n++] = p->modules[i].key->value;
	}
	return n;
}

static void check_static_mem(const struct ib_plan *p, const struct ib_system *s,
			     const struct ib_host *h, struct ib_diag *d)
{
	struct ib_region loaded[IB_MAX_MODULES + 5];
	const char *what[IB_MAX_MODULES + 5];
	unsigned int n = loaded_regions(p, loaded, what);

	for (unsigned int i = 0; i < s->num_domains; i++) {
		const struct ib_domain *dom = &s->domains[i];

		for (unsigned int k = 0; k < dom->static_mem_count; k++) {
			const struct ib_region *r = &dom->static_mem[k];

			if (!ib_host_ram_bank(h, r->start, r->size))
				ib_error_at(
					d, dom->static_mem_key, "%#llx size %#llx is not in RAM",
					(unsigned long long)r->start, (unsigned long long)r->size);
			for (unsigned int j = 0; j < n; j++)
				if (ib_overlaps(r->start, r->size, loaded[j].start, loaded[j].size))
					ib_error_at(d, dom->static_mem_key,
						    "%#llx size %#llx overlaps %s at %#llx",
						    (unsigned long long)r->start,
						    (unsigned long long)r->size, what[j],
						    (unsigned long long)loaded[j].start);
			for (unsigned int j = 0; j <= i; j++)
				for (unsigned int m = 0; m < s->domains[j].static_mem_count; m++)
					if ((j < i || m < k) &&
					    ib_overlaps(r->start, r->size,
							s->domains[j].static_mem[m].start,
							s->domains[j].static_mem[m].size))
						ib_error_at(d, dom->static_mem_key,
							    "%#llx size %#llx overlaps a region of "
							    "DOMU_STATIC_MEM[%u]",
							    (unsigned long long)r->start,
							    (unsigned long long)r->size, j);
		}
	}
}

/*
 * Domains' memory comes from what the loaded files and Tessera's own use (tessera_mem.h)
 * leave of MEMORY_START to MEMORY_END: accepting more would boot a system in which Tessera
 * refuses a domain for memory.
 */
static void check_domain_memory(const struct ib_plan *p, const struct ib_system *s,
				struct ib_diag *d)
{
	uint64_t range = s->memory_end - s->memory_start;
	uint64_t used = p->hyp.footprint + p->dtb.footprint;
	uint64_t own = ib_tessera_fixed_bytes(range);
	uint64_t need = 0;

	for (unsigned int i = 0; i < p->module_count; i++)
		used += p->modules[i].size;
	for (unsigned int i = 0; i < s->num_domains; i++) {
		const struct ib_domain *dom = &s->domains[i];

		for (unsigned int k = 0; k < dom->static_mem_count; k++)
			used += dom->static_mem[k].size;
		own += ib_tessera_domain_bytes(dom->static_mem_count ? 0 : dom->mem_kib * 1024,
					       dom->vcpus);
	}
	used += own;
	if (used > range) {
		ib_error_at(
			d, s->memory_end_key,
			"MEMORY_START to MEMORY_END (%llu MiB) leaves nothing after the "
			"hypervisor, the device tree, the modules and Tessera's own use (%llu KiB)",
			(unsigned long long)(range / MIB), (unsigned long long)(own >> 10));
		return;
	}
	for (unsigned int i = 0; i < s->num_domains; i++) {
		const struct ib_domain *dom = &s->domains[i];
		const struct ib_entry *key = dom->mem_key ? dom->mem_key : dom->kernel;

		if (dom->static_mem_count)
			continue;
		need += dom->mem_kib * 1024;
		if (used + need > range && used + need - dom->mem_kib * 1024 <= range && key)
			ib_error_at(d, key,
				    "domains 0 to %u need %llu MiB, but MEMORY_START to "
				    "MEMORY_END leaves %llu MiB after the hypervisor, the "
				    "device tree, the modules and Tessera's own use (%llu KiB)",
				    i, (unsigned long long)(need / MIB),
				    (unsigned long long)((range - used) / MIB),
				    (unsigned long long)(own >> 10));
	}
}

int ib_plan_place_dtb(struct ib_plan *p, const struct ib_system *s, const struct ib_host *h,
		      uint64_t dtb_size, struct ib_diag *d)
{
	unsigned int errors = d->errors;

	p->dtb.size = dtb_size;
	p->dtb.footprint = dtb_size + IB_DTB_PAD_BYTES;
	if (p->dtb.footprint > IB_ALIGN)
		ib_error_at(d, s->device_tree,
			    "the device tree written is %llu bytes: more than "
			    "QEMU's 2 MiB window",
			    (unsigned long long)dtb_size);
	place(p, &p->dtb, false, s, d);
	check_static_mem(p, s, h, d);
	check_domain_memory(p, s, d);
	return d->errors == errors ? 0 : -1;
}
