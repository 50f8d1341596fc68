// SPDX-License-Identifier: Apache-2.0
/*
 * Options of the configuration, their forms and defaults. The meaning of each is ImageBuilder's
 * (its README); where ImageBuilder would ignore a value silently (DOMU_DIRECT_MAP without
 * DOMU_STATIC_MEM, an index past NUM_DOMUS), this is an error instead.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "system.h"

struct option_info {
	const char *name;
	bool per_domain; /* NAME[i] */
};

static const struct option_info supported[] = {
	{ "MEMORY_START", false },
	{ "MEMORY_END", false },
	{ "DEVICE_TREE", false },
	{ "XEN", false },
	{ "XEN_CMD", false },
	{ "NUM_DOMUS", false },
	{ "LOAD_CMD", false },
	{ "BOOT_CMD", false },
	{ "UBOOT_SOURCE", false },
	{ "UBOOT_SCRIPT", false },
	{ "FDTEDIT", false },
	{ "FIT", false },
	{ "DOMU_KERNEL", true },
	{ "DOMU_RAMDISK", true },
	{ "DOMU_CMD", true },
	{ "DOMU_MEM", true },
	{ "DOMU_VCPUS", true },
	{ "DOMU_NAME", true },
	{ "DOMU_ENHANCED", true },
	{ "DOMU_VPL011", true },
	{ "DOMU_STATIC_MEM", true },
	{ "DOMU_DIRECT_MAP", true },
	{ "DOMU_PASSTHROUGH_DTB", true },
};

/* ImageBuilder options this tool knows of but does not implement yet, and why. */
static const struct {
	const char *name;
	const char *why;
} unsupported[] = {
	{ "DOM0_KERNEL", "Tessera has no dom0: describe every domain as DOMU_*" },
	{ "DOM0_RAMDISK", "Tessera has no dom0" },
	{ "DOM0_CMD", "Tessera has no dom0" },
	{ "DOM0_MEM", "Tessera has no dom0" },
	{ "DOM0_VCPUS", "Tessera has no dom0" },
	{ "DOM0_COLORS", "Tessera has no dom0" },
	{ "DOM0_ROOTFS", "Tessera has no dom0" },
	{ "DOM0_STATIC_HEAP", "Tessera has no dom0" },
	{ "XEN_COLORS", "cache coloring is not implemented" },
	{ "DOMU_COLORS", "cache coloring is not implemented" },
	{ "XEN_PASSTHROUGH_PATHS", "device passthrough is not implemented" },
	{ "DOMU_PASSTHROUGH_PATHS", "device passthrough is not implemented" },
	{ "PASSTHROUGH_DTS_REPO", "device passthrough is not implemented" },
	{ "LOPPER_PATH", "device passthrough is not implemented" },
	{ "LOPPER_CMD", "device passthrough is not implemented" },
	{ "NUM_DT_OVERLAY", "device-tree overlays are not applied yet" },
	{ "DT_OVERLAY", "device-tree overlays are not applied yet" },
	{ "DOMU_NOBOOT", "every domain is started at boot (there is no dom0 to start it later)" },
	{ "DOMU_ROOTFS", "a domain boots from its kernel and ramdisk only" },
	{ "DOMU_CPUPOOL", "cpupools are not implemented" },
	{ "CPUPOOL", "cpupools are not implemented" },
	{ "NUM_CPUPOOLS", "cpupools are not implemented" },
	{ "DOMU_SHARED_MEM", "static shared memory is not implemented" },
	{ "DOMU_DRIVER_DOMAIN", "driver domains need a dom0" },
	{ "DOMU_MAPTRACK_FRAMES", "grant-table limits are not configurable yet" },
	{ "DOMU_GRANT_FRAMES", "grant-table limits are not configurable yet" },
	{ "DOMU_LOAD", "every file is loaded with LOAD_CMD" },
	{ "LINUX", "booting Linux without a hypervisor is not this tool's job" },
	{ "LINUX_CMD", "booting Linux without a hypervisor is not this tool's job" },
	{ "LINUX_RAMDISK", "booting Linux without a hypervisor is not this tool's job" },
	{ "BITSTREAM", "FPGA bitstreams are not loaded" },
	{ "NUM_BOOT_AUX_FILE", "disk images are not built" },
	{ "BOOT_AUX_FILE", "disk images are not built" },
	{ "APPEND_EXTRA_CMDS", "extra U-Boot commands are not appended yet" },
	{ "FIT_ENC_KEY_DIR", "signed FIT images are not made" },
	{ "FIT_ENC_UB_DTB", "signed FIT images are not made" },
	{ "EFI", "only booti is generated, not bootefi" },
	{ "XEN_STATIC_HEAP", "a static heap is not implemented" },
	{ "GPT", "disk images are not built" },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const char *ib_load_cmd_expand(const char *arg)
{
	/* ImageBuilder's -t shorthands, and virtio for QEMU's disks. */
	static const char *const shorthand[][2] = {
		{ "tftp", "tftpb" },
		{ "sd", "load mmc 0:1" },
		{ "scsi", "load scsi 0:1" },
		{ "usb", "fatload usb 0:1" },
		{ "virtio", "load virtio 0:1" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(shorthand); i++)
		if (strcmp(arg, shorthand[i][0]) == 0)
			return shorthand[i][1];
	return arg;
}

int ib_parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static const struct option_info *find_supported(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(supported); i++)
		if (strcmp(supported[i].name, name) == 0)
			return &supported[i];
	return NULL;
}

/* Every assignment names an option this tool reads, in the right form. */
static void check_names(const struct ib_config *cfg, struct ib_diag *d)
{
	for (size_t i = 0; i < cfg->count; i++) {
		const struct ib_entry *e = &cfg->entries[i];
		const struct option_info *opt = find_supported(e->name);
		size_t u;

		if (opt && opt->per_domain && e->index == IB_INDEX_NONE)
			ib_error_at(d, e, "a per-domain option needs an index: %s[0]=...", e->name);
		else if (opt && !opt->per_domain && e->index != IB_INDEX_NONE)
			ib_error_at(d, e, "%s takes no index", e->name);
		if (opt)
			continue;
		for (u = 0; u < ARRAY_SIZE(unsupported); u++)
			if (strcmp(unsupported[u].name, e->name) == 0)
				break;
		if (u < ARRAY_SIZE(unsupported))
			ib_error_at(d, e, "ImageBuilder option not supported yet: %s",
				    unsupported[u].why);
		else if (!e->used)
			ib_error_at(d, e,
				    "unknown option (see docs/imagebuilder.md for the options)");
	}
}

/* A scalar option's value; NULL when unset or empty (bash's test -z). */
static const struct ib_entry *get(const struct ib_config *cfg, const char *name, int index)
{
	const struct ib_entry *e = ib_config_get(cfg, name, index);

	return e && e->value[0] ? e : NULL;
}

static int get_number(const struct ib_config *cfg, const char *name, int index, uint64_t *out,
		      const struct ib_entry **key, struct ib_diag *d)
{
	const struct ib_entry *e = get(cfg, name, index);

	*key = e;
	if (!e)
		return 1; /* unset: the caller's default */
	if (ib_parse_u64(e->value, out)) {
		ib_error_at(d, e, "'%s' is not a number (decimal or 0x hex)", e->value);
		return -1;
	}
	return 0;
}

static const struct ib_entry *require(const struct ib_config *cfg, const char *name,
				      struct ib_diag *d)
{
	const struct ib_entry *e = get(cfg, name, IB_INDEX_NONE);

	if (!e)
		ib_error(d, 0, name, "missing (required)");
	return e;
}

/* An output file name: plain, inside the output folder. */
static const char *file_name(const struct ib_config *cfg, const char *name, const char *dflt,
			     struct ib_diag *d)
{
	const struct ib_entry *e = get(cfg, name, IB_INDEX_NONE);

	if (!e)
		return dflt;
	if (strchr(e->value, '/') || strcmp(e->value, ".") == 0 || strcmp(e->value, "..") == 0)
		ib_error_at(d, e, "'%s': give a file name; it is written in the output folder (-o)",
			    e->value);
	return e->value;
}

static void read_memory(struct ib_system *s, const struct ib_config *cfg, struct ib_diag *d)
{
	int a = get_number(cfg, "MEMORY_START", IB_INDEX_NONE, &s->memory_start,
			   &s->memory_start_key, d);
	int b = get_number(cfg, "MEMORY_END", IB_INDEX_NONE, &s->memory_end, &s->memory_end_key, d);

	if (a > 0)
		ib_error(d, 0, "MEMORY_START", "missing (required): the start of RAM to load into");
	if (b > 0)
		ib_error(d, 0, "MEMORY_END", "missing (required): the end of RAM to load into");
	if (a == 0 && b == 0 && s->memory_end <= s->memory_start)
		ib_error_at(d, s->memory_end_key, "%#llx is not above MEMORY_START (%#llx)",
			    (unsigned long long)s->memory_end, (unsigned long long)s->memory_start);
}

static void read_globals(struct ib_system *s, const struct ib_config *cfg, const char *load_cmd,
			 struct ib_diag *d)
{
	const struct ib_entry *e;

	read_memory(s, cfg, d);
	s->device_tree = require(cfg, "DEVICE_TREE", d);
	s->xen = require(cfg, "XEN", d);
	e = get(cfg, "XEN_CMD", IB_INDEX_NONE);
	s->xen_cmd = e ? e->value : NULL;
	e = get(cfg, "LOAD_CMD", IB_INDEX_NONE);
	s->load_cmd = load_cmd ? ib_load_cmd_expand(load_cmd) : e ? e->value : NULL;
	if (!s->load_cmd)
		ib_error(d, 0, "LOAD_CMD",
			 "missing: set it (e.g. \"tftpb\", \"load virtio 0:1\") "
			 "or pass -t");
	e = get(cfg, "BOOT_CMD", IB_INDEX_NONE);
	if (e && strcmp(e->value, "booti") != 0)
		ib_error_at(d, e, "'%s' is not supported yet: only booti", e->value);
	s->uboot_source = file_name(cfg, "UBOOT_SOURCE", "boot.source", d);
	s->uboot_script = file_name(cfg, "UBOOT_SCRIPT", "boot.scr", d);
	s->dtb_name = file_name(cfg, "FDTEDIT", "host.dtb", d);
	s->fit_name = file_name(cfg, "FIT", NULL, d);
	if (strcmp(s->uboot_source, s->uboot_script) == 0 ||
	    strcmp(s->uboot_source, s->dtb_name) == 0 || strcmp(s->uboot_script, s->dtb_name) == 0)
		ib_error(d, 0, "UBOOT_SOURCE",
			 "UBOOT_SOURCE, UBOOT_SCRIPT and FDTEDIT must differ");
}

/* A 0/1 (or 0/1/2) option; returns dflt when unset. */
static int get_choice(const struct ib_config *cfg, const char *name, int index, int max, int dflt,
		      struct ib_diag *d)
{
	const struct ib_entry *e = get(cfg, name, index);
	uint64_t v;

	if (!e)
		return dflt;
	if (ib_parse_u64(e->value, &v) || v > (uint64_t)max) {
		ib_error_at(d, e, "'%s' must be %s", e->value, max == 1 ? "0 or 1" : "0, 1 or 2");
		return dflt;
	}
	return (int)v;
}

static bool valid_node_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= IB_NODE_NAME_MAX ||
	    !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,._+-") ==
	       n;
}

static void read_name(struct ib_domain *dom, const struct ib_config *cfg, int i, struct ib_diag *d)
{
	dom->name_key = get(cfg, "DOMU_NAME", i);
	if (!dom->name_key) {
		snprintf(dom->name, sizeof(dom->name), "domU%d", i + 1);
		return;
	}
	if (!valid_node_name(dom->name_key->value)) {
		ib_error_at(
			d, dom->name_key,
			"'%s' is not a device-tree node name: 1 to 31 of A-Z a-z 0-9 , . _ + -, "
			"starting with a letter",
			dom->name_key->value);
		return;
	}
	snprintf(dom->name, sizeof(dom->name), "%s", dom->name_key->value);
}

/* DOMU_STATIC_MEM[i]="base1 size1 ... baseN sizeN", in bytes (ImageBuilder README). */
static void read_static_mem(struct ib_domain *dom, const struct ib_config *cfg, int i,
			    struct ib_diag *d)
{
	const struct ib_entry *e = get(cfg, "DOMU_STATIC_MEM", i);
	char *copy, *tok, *save = NULL;
	uint64_t v[2 * IB_MAX_STATIC_MEM + 1];
	unsigned int n = 0;

	dom->static_mem_key = e;
	if (!e)
		return;
	copy = strdup(e->value);
	for (tok = strtok_r(copy, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		if (n == ARRAY_SIZE(v) || ib_parse_u64(tok, &v[n])) {
			ib_error_at(d, e, "'%s': give up to %d pairs of numbers \"base size ...\"",
				    tok, IB_MAX_STATIC_MEM);
			free(copy);
			return;
		}
		n++;
	}
	free(copy);
	if (n == 0 || n % 2) {
		ib_error_at(d, e, "give pairs of numbers \"base size ...\" (bytes), not %u numbers",
			    n);
		return;
	}
	for (unsigned int k = 0; k < n; k += 2) {
		struct ib_region *r = &dom->static_mem[dom->static_mem_count++];

		r->start = v[k];
		r->size = v[k + 1];
		if (r->size == 0 || (r->start | r->size) & 0xfff || r->start + r->size < r->start)
			ib_error_at(d, e,
				    "region %#llx size %#llx: base and size must be non-zero "
				    "multiples of 4 KiB",
				    (unsigned long long)r->start, (unsigned long long)r->size);
	}
}

static void read_memory_size(struct ib_domain *dom, const struct ib_config *cfg, int i,
			     struct ib_diag *d)
{
	uint64_t mib = IB_DEFAULT_DOMU_MEM_MIB;
	const struct ib_entry *mem_key;
	int r = get_number(cfg, "DOMU_MEM", i, &mib, &mem_key, d);
	uint64_t static_bytes = 0;

	if (r == 0 && (mib == 0 || mib > (1ULL << 30)))
		ib_error_at(d, mem_key, "%llu MiB is not a memory size", (unsigned long long)mib);
	dom->mem_kib = mib * 1024;
	dom->mem_key = mem_key;
	if (!dom->static_mem_count)
		return;
	/* With static memory, "memory" is the sum of the regions (ImageBuilder). */
	for (unsigned int k = 0; k < dom->static_mem_count; k++)
		static_bytes += dom->static_mem[k].size;
	if (r == 0 && mib * 1024 * 1024 != static_bytes)
		ib_error_at(d, mem_key, "%llu MiB, but DOMU_STATIC_MEM[%d] gives %llu KiB",
			    (unsigned long long)mib, i, (unsigned long long)(static_bytes >> 10));
	dom->mem_kib = static_bytes >> 10;
	dom->mem_key = dom->static_mem_key;
}

static void read_domain(struct ib_system *s, const struct ib_config *cfg, int i, struct ib_diag *d)
{
	struct ib_domain *dom = &s->domains[i];
	const struct ib_entry *e;
	uint64_t v;

	read_name(dom, cfg, i, d);
	dom->kernel = get(cfg, "DOMU_KERNEL", i);
	if (!dom->kernel) {
		char key[IB_KEY_MAX];

		snprintf(key, sizeof(key), "DOMU_KERNEL[%d]", i);
		ib_error(d, s->num_domus_key->line, key,
			 "missing: NUM_DOMUS=%u needs a kernel for each domain", s->num_domains);
	}
	dom->ramdisk = get(cfg, "DOMU_RAMDISK", i);
	dom->passthrough_dtb = get(cfg, "DOMU_PASSTHROUGH_DTB", i);
	dom->vpl011 = get_choice(cfg, "DOMU_VPL011", i, 1, 1, d);
	e = get(cfg, "DOMU_CMD", i);
	dom->cmd = e ? e->value : dom->vpl011 ? IB_DEFAULT_DOMU_CMD : NULL;
	dom->vcpus = IB_DEFAULT_DOMU_VCPUS;
	if (get_number(cfg, "DOMU_VCPUS", i, &v, &dom->vcpus_key, d) == 0) {
		if (v == 0 || v > 1024)
			ib_error_at(d, dom->vcpus_key, "%llu vCPUs: give 1 or more",
				    (unsigned long long)v);
		else
			dom->vcpus = (unsigned int)v;
	}
	dom->enhanced = get_choice(cfg, "DOMU_ENHANCED", i, 2, IB_ENHANCED_NONE, d);
	read_static_mem(dom, cfg, i, d);
	read_memory_size(dom, cfg, i, d);
	e = get(cfg, "DOMU_DIRECT_MAP", i);
	dom->direct_map = get_choice(cfg, "DOMU_DIRECT_MAP", i, 1, 1, d) && dom->static_mem_count;
	if (e && !dom->static_mem_key)
		ib_error_at(d, e, "only applies with DOMU_STATIC_MEM[%d] (ImageBuilder README)", i);
}

/* Per-domain options past NUM_DOMUS would be dropped: say so. */
static void check_indexes(const struct ib_system *s, const struct ib_config *cfg, struct ib_diag *d)
{
	for (size_t i = 0; i < cfg->count; i++) {
		const struct ib_entry *e = &cfg->entries[i];
		const struct option_info *opt = find_supported(e->name);

		if (opt && opt->per_domain && e->index >= (int)s->num_domains)
			ib_error_at(d, e, "index %d, but NUM_DOMUS=%u (indexes 0 to %u)", e->index,
				    s->num_domains, s->num_domains - 1);
	}
}

static void check_unique_names(const struct ib_system *s, struct ib_diag *d)
{
	for (unsigned int i = 0; i < s->num_domains; i++) {
		for (unsigned int j = 0; j < i; j++) {
			const struct ib_domain *a = &s->domains[j], *b = &s->domains[i];
			const struct ib_entry *k = b->name_key ? b->name_key : a->name_key;

			/* Default names differ, so one of two equal names was given. */
			if (a->name[0] && strcmp(a->name, b->name) == 0 && k)
				ib_error_at(d, k, "domains %u and %u would both be named '%s'", j,
					    i, b->name);
		}
	}
}

int ib_system_read(struct ib_system *s, const struct ib_config *cfg, const char *load_cmd_override,
		   struct ib_diag *d)
{
	unsigned int errors = d->errors;
	uint64_t n;
	int r;

	memset(s, 0, sizeof(*s));
	check_names(cfg, d);
	read_globals(s, cfg, load_cmd_override, d);
	r = get_number(cfg, "NUM_DOMUS", IB_INDEX_NONE, &n, &s->num_domus_key, d);
	if (r > 0)
		ib_error(d, 0, "NUM_DOMUS", "missing (required): how many domains to boot");
	else if (r == 0 && (n == 0 || n > IB_MAX_DOMAINS))
		ib_error_at(d, s->num_domus_key, "%llu: give 1 to %d domains",
			    (unsigned long long)n, IB_MAX_DOMAINS);
	else if (r == 0)
		s->num_domains = (unsigned int)n;
	for (unsigned int i = 0; i < s->num_domains; i++)
		read_domain(s, cfg, (int)i, d);
	if (s->num_domains) {
		check_indexes(s, cfg, d);
		check_unique_names(s, d);
	}
	return d->errors == errors ? 0 : -1;
}
