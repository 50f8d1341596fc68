// SPDX-License-Identifier: Apache-2.0
/*
 * Domain configurations from /chosen "xen,domain" nodes, with Xen's dom0less binding
 * (Xen 4.17 docs/misc/arm/device-tree/booting.txt). Where Tessera is stricter than Xen 4.17
 * (which panics or silently ignores), a node is refused with one reason and the others
 * still parse; the differences are noted where they are decided.
 */
#include <stdarg.h>
#include <string.h>
#include <public/arch-arm.h>
#include <tessera/compiler.h>
#include <tessera/dom0less_config.h>
#include <tessera/errno.h>
#include <tessera/fdt_util.h>
#include <tessera/lib.h>

#define REASON_MAX 192
/* How many bytes of a refused string value a reason quotes. */
#define QUOTE_MAX 32
/* The guest RAM banks of the guest memory map bound "memory" (public/arch-arm.h). */
#define GUEST_RAM_KIB_MAX ((GUEST_RAM0_SIZE + GUEST_RAM1_SIZE) >> 10)
/* Static memory is taken page by page (Xen: acquire_static_memory_bank checks it). */
#define STATIC_MEM_ALIGN 0x1000ULL
/* /, /chosen, the domain node: cell counts are looked up at most this many levels up. */
#define CELLS_MAX_LEVELS 8

enum module_kind {
	MODULE_KERNEL,
	MODULE_RAMDISK,
	MODULE_DTB,
	MODULE_NONE,
};

static const char *const module_compatible[] = {
	[MODULE_KERNEL] = "multiboot,kernel",
	[MODULE_RAMDISK] = "multiboot,ramdisk",
	[MODULE_DTB] = "multiboot,device-tree",
};

static const char *const module_what[] = {
	[MODULE_KERNEL] = "kernel",
	[MODULE_RAMDISK] = "ramdisk",
	[MODULE_DTB] = "device-tree",
};

/* One domain node being read: where it is, and the reason when it is refused. */
struct dom_parse {
	const void *fdt;
	int node;
	struct domain_config *cfg;
	int kernel_node;
	char reason[REASON_MAX];
};

static int __printf(2, 3) fail(struct dom_parse *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->reason, sizeof(p->reason), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static void copy_truncated(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* A property value that is one NUL-terminated string; NULL otherwise. */
static const char *prop_string(const void *fdt, int node, const char *name, int *len)
{
	const char *s = fdt_getprop(fdt, node, name, len);

	if (s == NULL || *len < 1 || s[*len - 1] != '\0')
		return NULL;
	return s;
}

/*
 * A printable excerpt of a bad value for a reason: at most QUOTE_MAX bytes, others shown
 * as '?', and "..." when there was more.
 */
static void quote_value(char *dst, size_t size, const char *v, int len)
{
	size_t n = 0;
	int i;

	for (i = 0; i < len && v[i] != '\0' && n + 4 < size && i < QUOTE_MAX; i++)
		dst[n++] = (v[i] >= ' ' && v[i] <= '~' && v[i] != '"') ? v[i] : '?';
	if (i < len && v[i] != '\0' && n + 4 <= size) {
		memcpy(&dst[n], "...", 3);
		n += 3;
	}
	dst[n] = '\0';
}

/*
 * booting.txt: "memory" is a 64-bit number of KiB, written <hi lo>. Xen 4.17 reads it with
 * dt_property_read_u64 and so needs two cells; one cell is accepted here as well.
 */
static int parse_memory(struct dom_parse *p)
{
	int len;
	const fdt32_t *v = fdt_getprop(p->fdt, p->node, "memory", &len);
	uint64_t kib;

	if (v == NULL)
		return fail(p, "memory property missing");
	if (len != 4 && len != 8)
		return fail(p, "memory must be 1 or 2 cells, not %d bytes", len);
	kib = fdt_cells_read(v, len / 4);
	if (kib == 0)
		return fail(p, "memory = 0 KiB");
	if (kib > GUEST_RAM_KIB_MAX)
		return fail(p, "memory = %llu KiB is more than the guest RAM banks (%llu KiB)",
			    (unsigned long long)kib, (unsigned long long)GUEST_RAM_KIB_MAX);
	p->cfg->memory_kib = kib;
	return 0;
}

/* booting.txt: "cpus", the number of vCPUs. Xen 4.17 panics without it; here it defaults to 1. */
static int parse_cpus(struct dom_parse *p)
{
	int len;
	const fdt32_t *v = fdt_getprop(p->fdt, p->node, "cpus", &len);
	uint32_t n;

	p->cfg->nr_vcpus = 1;
	if (v == NULL)
		return 0;
	if (len != 4)
		return fail(p, "cpus must be one cell, not %d bytes", len);
	n = fdt32_to_cpu(*v);
	if (n == 0)
		return fail(p, "cpus = 0");
	if (n > DOM0LESS_MAX_VCPUS)
		return fail(p, "cpus = %u is more than %u", n, DOM0LESS_MAX_VCPUS);
	p->cfg->nr_vcpus = n;
	return 0;
}

/*
 * booting.txt: absent = PV interfaces disabled; no value or "enabled" = enabled;
 * "disabled"; "no-xenstore". Xen 4.17 quietly treats any other value as absent (and a
 * value that is not a string as "enabled"); here both are refused.
 */
static int parse_enhanced(struct dom_parse *p)
{
	int len;
	const char *v = fdt_getprop(p->fdt, p->node, "xen,enhanced", &len);
	char quoted[QUOTE_MAX + 4];

	p->cfg->enhanced = DOM0LESS_ENHANCED_NONE;
	if (v == NULL)
		return 0;
	if (len == 0) {
		p->cfg->enhanced = DOM0LESS_ENHANCED_FULL;
		return 0;
	}
	if (prop_string(p->fdt, p->node, "xen,enhanced", &len) == NULL)
		return fail(p, "xen,enhanced is not a string");
	if (strcmp(v, "enabled") == 0)
		p->cfg->enhanced = DOM0LESS_ENHANCED_FULL;
	else if (strcmp(v, "no-xenstore") == 0)
		p->cfg->enhanced = DOM0LESS_ENHANCED_NO_XENSTORE;
	else if (strcmp(v, "disabled") != 0) {
		quote_value(quoted, sizeof(quoted), v, len);
		return fail(p, "xen,enhanced = \"%s\" is not enabled, no-xenstore or disabled",
			    quoted);
	}
	return 0;
}

static enum module_kind module_kind_of(const void *fdt, int node)
{
	for (unsigned int k = 0; k < ARRAY_SIZE(module_compatible); k++)
		if (fdt_node_check_compatible(fdt, node, module_compatible[k]) == 0)
			return (enum module_kind)k;
	return MODULE_NONE;
}

static struct dom0less_module *module_slot(struct domain_config *cfg, enum module_kind k)
{
	if (k == MODULE_KERNEL)
		return &cfg->kernel;
	if (k == MODULE_RAMDISK)
		return &cfg->ramdisk;
	return &cfg->dtb;
}

/*
 * One module child. Its reg uses the domain node's #address-cells and #size-cells, which
 * booting.txt says "need to be specified": a domain node without them is refused rather
 * than guessed at (Xen 4.17 would inherit them from /chosen or /). It must also be a
 * "multiboot,module", as the binding requires: only those are reserved in the boot memory
 * map (bootinfo.c), and Xen 4.17 does not find the others either.
 */
static int parse_module(struct dom_parse *p, int child, enum module_kind k)
{
	struct dom0less_module *mod = module_slot(p->cfg, k);
	const char *what = module_what[k];
	paddr_t start;
	psize_t size;
	int len, err;

	if (mod->present)
		return fail(p, "more than one %s module", what);
	if (fdt_getprop(p->fdt, p->node, "#address-cells", &len) == NULL ||
	    fdt_getprop(p->fdt, p->node, "#size-cells", &len) == NULL)
		return fail(p,
			    "#address-cells and #size-cells are required for the %s module's reg",
			    what);
	if (fdt_node_check_compatible(p->fdt, child, "multiboot,module") != 0 &&
	    fdt_node_check_compatible(p->fdt, child, "xen,multiboot-module") != 0)
		return fail(p, "%s module lacks compatible \"multiboot,module\"", what);
	if (fdt_getprop(p->fdt, child, "reg", &len) == NULL)
		return fail(p, "%s module has no reg", what);
	err = fdt_reg_get(p->fdt, child, 0, &start, &size);
	if (err == -FDT_ERR_BADNCELLS)
		return fail(p, "%s module: #address-cells and #size-cells must be 1 or 2", what);
	if (err < 0)
		return fail(p, "%s module reg is shorter than one (address, size) pair", what);
	if (size == 0)
		return fail(p, "%s module is empty (size 0)", what);
	if (start + size < start)
		return fail(p, "%s module wraps around the address space", what);
	mod->present = true;
	mod->start = start;
	mod->size = size;
	if (k == MODULE_KERNEL)
		p->kernel_node = child;
	return 0;
}

static int parse_modules(struct dom_parse *p)
{
	int child = fdt_first_subnode(p->fdt, p->node);
	int i, err;

	for (i = 0; child >= 0 && i < DOM0LESS_MAX_DOMAIN_CHILDREN; i++) {
		enum module_kind k = module_kind_of(p->fdt, child);

		if (k != MODULE_NONE) {
			err = parse_module(p, child, k);
			if (err < 0)
				return err;
		}
		child = fdt_next_subnode(p->fdt, child);
	}
	if (child >= 0)
		return fail(p, "more than %d child nodes", DOM0LESS_MAX_DOMAIN_CHILDREN);
	if (!p->cfg->kernel.present)
		return fail(p, "no kernel module (compatible \"multiboot,kernel\")");
	return 0;
}

/*
 * The kernel module's "bootargs" (booting.txt), else the domain node's own "bootargs" (a
 * Tessera convenience: Xen 4.17 reads only the modules'), else none.
 */
static int parse_bootargs(struct dom_parse *p)
{
	int node = p->kernel_node, len;
	const char *v;

	if (fdt_getprop(p->fdt, node, "bootargs", &len) == NULL)
		node = p->node;
	if (fdt_getprop(p->fdt, node, "bootargs", &len) == NULL) {
		p->cfg->bootargs[0] = '\0';
		return 0;
	}
	v = prop_string(p->fdt, node, "bootargs", &len);
	if (v == NULL)
		return fail(p, "bootargs is not a string");
	if (strlen(v) >= DOM0LESS_BOOTARGS_MAX)
		return fail(p, "bootargs longer than %d characters", DOM0LESS_BOOTARGS_MAX - 1);
	memcpy(p->cfg->bootargs, v, strlen(v) + 1);
	return 0;
}

/* "#address-cells" or "#size-cells" from the nearest ancestor of node that has it. */
static int inherited_cells(const void *fdt, int node, const char *name, int dflt)
{
	int len;

	for (int i = 0; i < CELLS_MAX_LEVELS; i++) {
		const fdt32_t *v;

		node = fdt_parent_offset(fdt, node);
		if (node < 0)
			break;
		v = fdt_getprop(fdt, node, name, &len);
		if (v != NULL && len == 4)
			return (int)fdt32_to_cpu(*v);
	}
	return dflt;
}

static int domain_cells(const void *fdt, int node, const char *legacy, const char *name, int dflt)
{
	int len;
	const fdt32_t *v = fdt_getprop(fdt, node, legacy, &len);

	if (v != NULL && len == 4)
		return (int)fdt32_to_cpu(*v);
	return inherited_cells(fdt, node, name, dflt);
}

/*
 * booting.txt (4.17): "xen,static-mem" ranges use the cell counts of the domain node's
 * parent (Xen looks up through /chosen to /, defaults 2 and 1). Xen 4.16 named them in the
 * domain node as "#xen,static-mem-address-cells" / "-size-cells"; those win when present.
 * "memory" must equal their sum: booting.txt does not support mixing static and heap
 * memory, and Xen 4.17 panics on a mismatch.
 */
static int parse_static_mem(struct dom_parse *p)
{
	struct domain_config *cfg = p->cfg;
	int len, ac, sc, stride;
	const fdt32_t *v;
	uint64_t total = 0;

	cfg->direct_map = fdt_getprop(p->fdt, p->node, "direct-map", &len) != NULL;
	v = fdt_getprop(p->fdt, p->node, "xen,static-mem", &len);
	cfg->nr_static_mem = 0;
	if (v == NULL) {
		if (cfg->direct_map)
			return fail(p, "direct-map needs xen,static-mem (static allocation)");
		return 0;
	}
	ac = domain_cells(p->fdt, p->node, "#xen,static-mem-address-cells", "#address-cells", 2);
	sc = domain_cells(p->fdt, p->node, "#xen,static-mem-size-cells", "#size-cells", 1);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return fail(p, "xen,static-mem cells must be 1 or 2 (address %d, size %d)", ac, sc);
	stride = (ac + sc) * 4;
	if (len == 0 || len % stride != 0)
		return fail(p,
			    "xen,static-mem is not a list of (address, size) pairs of %d+%d cells",
			    ac, sc);
	if (len / stride > DOM0LESS_MAX_STATIC_MEM)
		return fail(p, "xen,static-mem has more than %d ranges", DOM0LESS_MAX_STATIC_MEM);
	for (int i = 0; i < len / stride; i++) {
		struct dom0less_range *r = &cfg->static_mem[i];

		r->start = fdt_cells_read(v, ac);
		r->size = fdt_cells_read(v + ac, sc);
		v += ac + sc;
		if (r->size == 0 || r->start + r->size < r->start)
			return fail(p, "xen,static-mem range %d is empty or wraps", i);
		if (!IS_ALIGNED(r->start, STATIC_MEM_ALIGN) ||
		    !IS_ALIGNED(r->size, STATIC_MEM_ALIGN))
			return fail(p, "xen,static-mem range %d is not 4 KiB aligned", i);
		if (total + r->size < total)
			return fail(p, "xen,static-mem adds up to more than 2^64 bytes");
		total += r->size;
		cfg->nr_static_mem++;
	}
	if (total != cfg->memory_kib << 10)
		return fail(p, "memory = %llu KiB but xen,static-mem adds up to %llu KiB",
			    (unsigned long long)cfg->memory_kib, (unsigned long long)(total >> 10));
	return 0;
}

/* booting.txt: "domain-cpupool", a handle to a "xen,cpupool" node (not built yet: see
 * dom0less_check_supported). */
static int parse_cpupool(struct dom_parse *p)
{
	int len, pool;
	const fdt32_t *v = fdt_getprop(p->fdt, p->node, "domain-cpupool", &len);
	uint32_t phandle;

	p->cfg->cpupool_phandle = 0;
	if (v == NULL)
		return 0;
	if (len != 4)
		return fail(p, "domain-cpupool must be one phandle");
	phandle = fdt32_to_cpu(*v);
	pool = fdt_node_offset_by_phandle(p->fdt, phandle);
	if (pool < 0 || fdt_node_check_compatible(p->fdt, pool, "xen,cpupool") != 0)
		return fail(p, "domain-cpupool <0x%x> is not a xen,cpupool node", phandle);
	p->cfg->cpupool_phandle = phandle;
	return 0;
}

/*
 * Parts of Xen's binding that Tessera reads but does not build yet (booting.txt; cache
 * colors and vCPU nodes from Xen 4.19/4.20, static shared memory from 4.18). Properties of
 * the domain node, then compatibles of its children.
 */
static const char *const unhonoured_props[] = {
	"xen,static-mem",
	"direct-map",
	"domain-cpupool",
	"llc-colors",
};
static const char *const unhonoured_children[] = {
	"multiboot,device-tree",
	"xen,domain-shared-memory-v1",
	"xen,vcpu",
};

static const char *first_unhonoured_child(const void *fdt, int node)
{
	int child = fdt_first_subnode(fdt, node);

	/* parse_modules already refused a node with more children than this. */
	for (int i = 0; child >= 0 && i < DOM0LESS_MAX_DOMAIN_CHILDREN; i++) {
		for (size_t k = 0; k < ARRAY_SIZE(unhonoured_children); k++)
			if (fdt_node_check_compatible(fdt, child, unhonoured_children[k]) == 0)
				return unhonoured_children[k];
		child = fdt_next_subnode(fdt, child);
	}
	return NULL;
}

static int parse_unhonoured(struct dom_parse *p)
{
	p->cfg->unhonoured = NULL;
	for (size_t k = 0; k < ARRAY_SIZE(unhonoured_props); k++) {
		if (fdt_getprop(p->fdt, p->node, unhonoured_props[k], NULL) != NULL) {
			p->cfg->unhonoured = unhonoured_props[k];
			return 0;
		}
	}
	p->cfg->unhonoured = first_unhonoured_child(p->fdt, p->node);
	return 0;
}

static int parse_domain(struct dom_parse *p)
{
	int (*const steps[])(struct dom_parse *) = {
		parse_memory,	parse_cpus,	  parse_enhanced, parse_modules,
		parse_bootargs, parse_static_mem, parse_cpupool,  parse_unhonoured,
	};

	p->cfg->vpl011 = fdt_getprop(p->fdt, p->node, "vpl011", NULL) != NULL;
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {
		int err = steps[i](p);

		if (err < 0)
			return err;
	}
	return 0;
}

/* One dom0less_parse() call: where configurations go and where refusals are reported. */
struct parse_run {
	const void *fdt;
	struct domain_config *out;
	unsigned int max;
	unsigned int n;
	unsigned int domid;
	dom0less_refuse_fn refuse;
	void *ctx;
	struct dom_parse p;
};

static void report(struct parse_run *r, const char *path, const char *reason)
{
	if (r->refuse != NULL)
		r->refuse(r->ctx, path, reason);
}

static void parse_chosen_child(struct parse_run *r, int node)
{
	struct dom_parse *p = &r->p;
	const char *name = fdt_get_name(r->fdt, node, NULL);
	char path[DOM0LESS_PATH_MAX];

	if (fdt_node_check_compatible(r->fdt, node, "xen,domain") != 0)
		return;
	r->domid++;
	if (name == NULL)
		name = "?";
	snprintf(path, sizeof(path), "/chosen/%s", name);
	if (r->n >= r->max) {
		snprintf(p->reason, sizeof(p->reason), "more than %u domain%s", r->max,
			 r->max == 1 ? "" : "s");
		report(r, path, p->reason);
		return;
	}
	p->fdt = r->fdt;
	p->node = node;
	p->kernel_node = -1;
	p->cfg = &r->out[r->n];
	memset(p->cfg, 0, sizeof(*p->cfg));
	p->cfg->domid = r->domid;
	copy_truncated(p->cfg->name, sizeof(p->cfg->name), name);
	memcpy(p->cfg->path, path, sizeof(path));
	if (parse_domain(p) < 0)
		report(r, path, p->reason);
	else
		r->n++;
}

int dom0less_parse(const void *fdt, struct domain_config *out, unsigned int max,
		   dom0less_refuse_fn refuse, void *ctx)
{
	struct parse_run r = {
		.fdt = fdt, .out = out, .max = out != NULL ? max : 0, .refuse = refuse, .ctx = ctx
	};
	int chosen, node, i;

	if (fdt == NULL || fdt_check_header(fdt) != 0)
		return -EINVAL;
	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen < 0)
		return 0;
	node = fdt_first_subnode(fdt, chosen);
	for (i = 0; node >= 0 && i < DOM0LESS_MAX_CHOSEN_NODES; i++) {
		parse_chosen_child(&r, node);
		node = fdt_next_subnode(fdt, node);
	}
	if (node >= 0) {
		snprintf(r.p.reason, sizeof(r.p.reason),
			 "more than %d child nodes: the rest were not read",
			 DOM0LESS_MAX_CHOSEN_NODES);
		report(&r, "/chosen", r.p.reason);
	} else if (node != -FDT_ERR_NOTFOUND) {
		report(&r, "/chosen", fdt_strerror(node));
	}
	return (int)r.n;
}

static bool range_inside(paddr_t start, paddr_t end, paddr_t outer_start, paddr_t outer_end)
{
	return outer_start <= start && end <= outer_end;
}

static bool module_in_ram(const struct memmap *m, paddr_t start, paddr_t end)
{
	for (unsigned int i = 0; i < m->nr_ram && i < MEMMAP_MAX_RAM; i++)
		if (range_inside(start, end, m->ram[i].start, m->ram[i].end))
			return true;
	return false;
}

static bool module_reserved(const struct memmap *m, paddr_t start, paddr_t end)
{
	for (unsigned int i = 0; i < m->nr_reserved && i < MEMMAP_MAX_RESERVED; i++) {
		const struct memmap_region *r = &m->reserved[i];

		if (r->kind == MEMMAP_MODULE && range_inside(start, end, r->start, r->end))
			return true;
	}
	return false;
}

int dom0less_check_modules(const struct domain_config *cfg, const struct memmap *m, char *reason,
			   size_t len)
{
	// cppcheck-suppress misra-c2012-9.3 ; false positive: the size comes from the initializer
	const struct dom0less_module *mods[] = { &cfg->kernel, &cfg->ramdisk, &cfg->dtb };

	for (size_t k = 0; k < ARRAY_SIZE(mods); k++) {
		const struct dom0less_module *mod = mods[k];
		paddr_t end = mod->start + mod->size;
		const char *what = NULL;

		if (!mod->present)
			continue;
		if (end < mod->start || !module_in_ram(m, mod->start, end))
			what = "is not wholly in RAM";
		else if (!module_reserved(m, mod->start, end))
			what = "is not inside a boot module region";
		if (what != NULL) {
			snprintf(reason, len, "%s: %s module [0x%llx-0x%llx) %s", cfg->name,
				 module_what[k], (unsigned long long)mod->start,
				 (unsigned long long)end, what);
			return -EINVAL;
		}
	}
	return 0;
}

const char *dom0less_enhanced_name(enum dom0less_enhanced e)
{
	switch (e) {
	case DOM0LESS_ENHANCED_NONE:
		return "none";
	case DOM0LESS_ENHANCED_FULL:
		return "enabled";
	case DOM0LESS_ENHANCED_NO_XENSTORE:
		return "no-xenstore";
	}
	return "?";
}

int dom0less_check_supported(const struct domain_config *cfg, char *reason, size_t len)
{
	if (cfg->unhonoured == NULL)
		return 0;
	snprintf(reason, len,
		 "%s is not supported by Tessera yet (refused rather than built without it)",
		 cfg->unhonoured);
	return -EINVAL;
}

unsigned int dom0less_count_cpupools(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	int node = chosen < 0 ? chosen : fdt_first_subnode(fdt, chosen);
	unsigned int n = 0;

	for (int i = 0; node >= 0 && i < DOM0LESS_MAX_CHOSEN_NODES; i++) {
		if (fdt_node_check_compatible(fdt, node, "xen,cpupool") == 0)
			n++;
		node = fdt_next_subnode(fdt, node);
	}
	return n;
}
