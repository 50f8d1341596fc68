// SPDX-License-Identifier: Apache-2.0
// FUZZ-SOURCES: core/dom0less_config.c core/fdt_util.c core/memmap.c
// FUZZ-LIBS: -lfdt
/*
 * The dom0less device-tree parser (core/dom0less_config.c), fed two ways:
 *
 *  - an input that starts with the FDT magic is a device tree blob, as a loader passes it:
 *    like setup.c, only a blob that passes fdt_check_full() is parsed;
 *  - any other input describes a tree, built here with libfdt: /chosen with xen,domain nodes
 *    whose properties, modules and values come from the input (random bytes rarely make a
 *    blob fdt_check_full() accepts, and even more rarely one with a domain in it).
 *
 * Checked: every xen,domain node of /chosen becomes a configuration or is refused exactly
 * once, with a NUL-terminated path and reason; every configuration holds only values the
 * binding allows (dom0less_config.h); dom0less_check_modules() accepts a configuration
 * exactly when its modules lie in RAM, each inside a boot-module region.
 */
#include "fuzz.h"

#include <libfdt.h>

#include <public/arch-arm.h>
#include <tessera/dom0less_config.h>
#include <tessera/errno.h>
#include <tessera/memmap.h>

#define MAX_CONFIGS 16 /* domain.h: DOMAIN_MAX, what dom0less.c passes */
#define TREE_SIZE   (64 * 1024)
#define REASON_MAX  192 /* dom0less_config.c: a reason fits in this, NUL included */
#define RAM_BASE    0x40000000ULL
#define RAM_SIZE    0x80000000ULL

/* ---------------------------------------------------------------- checking the result */

struct refusals {
	unsigned int nodes;  /* domain nodes refused */
	unsigned int chosen; /* reports about /chosen itself */
};

static void on_refuse(void *ctx, const char *path, const char *reason)
{
	struct refusals *r = ctx;

	FUZZ_ASSERT_STRING(path, DOM0LESS_PATH_MAX - 1);
	FUZZ_ASSERT_STRING(reason, REASON_MAX - 1);
	if (strcmp(path, "/chosen") == 0)
		r->chosen++;
	else
		r->nodes++;
}

static unsigned int count_domain_nodes(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), node;
	unsigned int n = 0, seen = 0;

	if (chosen < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, chosen)
	{
		if (seen++ == DOM0LESS_MAX_CHOSEN_NODES)
			break;
		n += fdt_node_check_compatible(fdt, node, "xen,domain") == 0;
	}
	return n;
}

static void check_module(const struct dom0less_module *m)
{
	if (!m->present)
		return;
	FUZZ_ASSERT(m->size != 0 && m->start + m->size > m->start);
}

static void check_config(const struct domain_config *c, unsigned int prev_domid)
{
	uint64_t total = 0;

	FUZZ_ASSERT(c->domid > prev_domid);
	FUZZ_ASSERT_STRING(c->name, DOM0LESS_NAME_MAX - 1);
	FUZZ_ASSERT_STRING(c->path, DOM0LESS_PATH_MAX - 1);
	FUZZ_ASSERT_STRING(c->bootargs, DOM0LESS_BOOTARGS_MAX - 1);
	FUZZ_ASSERT(strncmp(c->path, "/chosen/", 8) == 0);
	FUZZ_ASSERT(c->memory_kib >= 1 &&
		    c->memory_kib <= (GUEST_RAM0_SIZE + GUEST_RAM1_SIZE) >> 10);
	FUZZ_ASSERT(c->nr_vcpus >= 1 && c->nr_vcpus <= DOM0LESS_MAX_VCPUS);
	FUZZ_ASSERT(strcmp(dom0less_enhanced_name(c->enhanced), "?") != 0);
	FUZZ_ASSERT(c->kernel.present);
	check_module(&c->kernel);
	check_module(&c->ramdisk);
	check_module(&c->dtb);
	FUZZ_ASSERT(c->nr_static_mem <= DOM0LESS_MAX_STATIC_MEM);
	FUZZ_ASSERT(!c->direct_map || c->nr_static_mem > 0);
	for (unsigned int i = 0; i < c->nr_static_mem; i++) {
		const struct dom0less_range *r = &c->static_mem[i];

		FUZZ_ASSERT(r->size != 0 && r->start + r->size > r->start);
		FUZZ_ASSERT((r->start | r->size) % 0x1000 == 0);
		total += r->size;
	}
	FUZZ_ASSERT(c->nr_static_mem == 0 || total == c->memory_kib << 10);
}

static bool module_in_ram(const struct dom0less_module *m)
{
	return !m->present || (m->start >= RAM_BASE && m->start + m->size <= RAM_BASE + RAM_SIZE);
}

/* One RAM bank, every module of every configuration its own boot-module region. */
static void check_modules(const struct domain_config *cfg, int n)
{
	struct memmap *m = malloc(sizeof(*m));
	char reason[256];

	FUZZ_ASSERT(m != NULL);
	memmap_init(m);
	FUZZ_ASSERT(memmap_add_ram(m, RAM_BASE, RAM_SIZE) == 0);
	for (int i = 0; i < n; i++) {
		const struct dom0less_module *mods[] = { &cfg[i].kernel, &cfg[i].ramdisk,
							 &cfg[i].dtb };

		for (unsigned int k = 0; k < 3; k++)
			if (mods[k]->present)
				FUZZ_ASSERT(memmap_reserve(m, mods[k]->start, mods[k]->size,
							   MEMMAP_MODULE, "module") == 0);
	}
	for (int i = 0; i < n; i++) {
		int rc = dom0less_check_modules(&cfg[i], m, reason, sizeof(reason));
		bool in_ram = module_in_ram(&cfg[i].kernel) && module_in_ram(&cfg[i].ramdisk) &&
			      module_in_ram(&cfg[i].dtb);

		FUZZ_ASSERT(rc == 0 || rc == -EINVAL);
		FUZZ_ASSERT((rc == 0) == in_ram);
		if (rc < 0)
			FUZZ_ASSERT_STRING(reason, sizeof(reason) - 1);
	}
	free(m);
}

static void parse_and_check(const void *fdt, unsigned int max)
{
	struct domain_config *cfg = malloc((max ? max : 1) * sizeof(*cfg));
	struct refusals ref = { 0 };
	unsigned int prev = 0;
	int n;

	FUZZ_ASSERT(cfg != NULL);
	n = dom0less_parse(fdt, max ? cfg : NULL, max, on_refuse, &ref);
	FUZZ_ASSERT(n >= 0 && (unsigned int)n <= max);
	FUZZ_ASSERT((unsigned int)n + ref.nodes == count_domain_nodes(fdt));
	FUZZ_ASSERT(ref.chosen <= 1);
	for (int i = 0; i < n; i++) {
		check_config(&cfg[i], prev);
		prev = cfg[i].domid;
	}
	check_modules(cfg, n);
	free(cfg);
}

/* ---------------------------------------------------------------- building a tree */

static const char *const domain_props[] = {
	"memory",
	"cpus",
	"vpl011",
	"xen,enhanced",
	"#address-cells",
	"#size-cells",
	"xen,static-mem",
	"#xen,static-mem-address-cells",
	"#xen,static-mem-size-cells",
	"direct-map",
	"domain-cpupool",
	"bootargs",
	"compatible",
	"reg",
	"phandle",
	"status",
};
static const char *const module_props[] = {
	"compatible", "reg", "bootargs", "#address-cells", "#size-cells", "status",
};
static const char *const strings[] = {
	"xen,domain",	    "multiboot,kernel",	    "multiboot,ramdisk", "multiboot,device-tree",
	"multiboot,module", "xen,multiboot-module", "xen,cpupool",	 "enabled",
	"disabled",	    "no-xenstore",	    "console=ttyAMA0",	 "",
};
static const uint32_t nice_cells[] = {
	0, 1, 2, 3, 4, 8, 128, 129, 0x1000, 0x40000, 0x40000000, 0x50000000, 0xfffff000, 0xffffffff,
};
static const char *const node_names[] = { "domU1",	     "domU2",		"domU3",
					  "module@50000000", "module@60000000", "cpupool" };

struct tree {
	void *fdt;
	struct fuzz_in *in;
	int err; /* the first libfdt error: the tree is not parsed then */
};

static void put(struct tree *t, int node, const char *name, const void *val, int len)
{
	int err = fdt_setprop(t->fdt, node, name, val, len);

	if (t->err == 0 && err < 0)
		t->err = err;
}

static void put_cells(struct tree *t, int node, const char *name, const uint32_t *v, int n)
{
	fdt32_t cells[16];

	for (int i = 0; i < n && i < 16; i++)
		cells[i] = cpu_to_fdt32(v[i]);
	put(t, node, name, cells, n * 4);
}

static void put_string(struct tree *t, int node, const char *name, const char *s)
{
	put(t, node, name, s, (int)strlen(s) + 1);
}

/* A property value of a kind the input chooses: empty, cells, strings or raw bytes. */
static void put_fuzzed(struct tree *t, int node, const char *name)
{
	struct fuzz_in *in = t->in;
	uint32_t cells[16];
	char list[96];
	const uint8_t *raw;
	size_t len;
	int n;

	switch (fuzz_u8(in) % 7) {
	case 0:
		put(t, node, name, NULL, 0);
		break;
	case 1:
		n = 1 + fuzz_u8(in) % 4;
		for (int i = 0; i < n; i++)
			cells[i] = FUZZ_PICK(in, nice_cells);
		put_cells(t, node, name, cells, n);
		break;
	case 2:
		n = fuzz_u8(in) % 16;
		for (int i = 0; i < n; i++)
			cells[i] = fuzz_u32(in);
		put_cells(t, node, name, cells, n);
		break;
	case 3:
		put_string(t, node, name, FUZZ_PICK(in, strings));
		break;
	case 4:
		/* A string list such as "multiboot,kernel\0multiboot,module". */
		n = snprintf(list, sizeof(list), "%s%c%s", FUZZ_PICK(in, strings), '\0',
			     FUZZ_PICK(in, strings));
		put(t, node, name, list, n + 1);
		break;
	default:
		raw = fuzz_bytes(in, fuzz_u8(in), &len);
		put(t, node, name, raw, (int)len);
		break;
	}
}

static int add_node(struct tree *t, int parent)
{
	char name[40];
	size_t len;
	const uint8_t *raw;

	if (fuzz_u8(t->in) & 0x80) {
		raw = fuzz_bytes(t->in, fuzz_u8(t->in) % (sizeof(name) - 1), &len);
		memcpy(name, raw, len);
		name[len] = '\0';
	} else {
		snprintf(name, sizeof(name), "%s", FUZZ_PICK(t->in, node_names));
	}
	return fdt_add_subnode(t->fdt, parent, name); /* a bad or duplicate name: skipped */
}

/* A module child: what the binding wants when the input says so, then fuzzed properties. */
static void add_module(struct tree *t, int domain, unsigned int kind)
{
	static const char *const compat[] = { "multiboot,kernel", "multiboot,ramdisk",
					      "multiboot,device-tree" };
	static const uint32_t reg[][4] = {
		{ 0, 0x50000000, 0, 0x01000000 },
		{ 0, 0x52000000, 0, 0x00100000 },
		{ 0, 0x53000000, 0, 0x00001000 },
	};
	char list[64];
	int node = add_node(t, domain), n;

	if (node < 0)
		return;
	if (kind < 3) {
		n = snprintf(list, sizeof(list), "%s%cmultiboot,module", compat[kind], '\0');
		put(t, node, "compatible", list, n + 1);
		put_cells(t, node, "reg", reg[kind], 4);
	}
	n = fuzz_u8(t->in) % 4;
	for (int i = 0; i < n; i++)
		put_fuzzed(t, node, FUZZ_PICK(t->in, module_props));
}

/*
 * A domain node. Its flags byte adds what a valid domain has, so that the fuzzer reaches
 * the checks behind them from few bytes: bit 0 the cell sizes, 1 memory, 2 cpus, 3 vpl011,
 * 4 a kernel, 5 a ramdisk, 6 bootargs; bit 7 leaves out compatible = "xen,domain".
 */
static void add_domain(struct tree *t, int chosen)
{
	static const uint32_t two[] = { 2 }, mem[] = { 0, 0x40000 }, one[] = { 1 };
	uint8_t flags = fuzz_u8(t->in);
	int node = add_node(t, chosen), n;

	if (node < 0)
		return;
	if (!(flags & 0x80))
		put_string(t, node, "compatible", "xen,domain");
	if (flags & 1) {
		put_cells(t, node, "#address-cells", two, 1);
		put_cells(t, node, "#size-cells", two, 1);
	}
	if (flags & 2)
		put_cells(t, node, "memory", mem, 2);
	if (flags & 4)
		put_cells(t, node, "cpus", one, 1);
	if (flags & 8)
		put(t, node, "vpl011", NULL, 0);
	if (flags & 64)
		put_string(t, node, "bootargs", "console=ttyAMA0");
	n = fuzz_u8(t->in) % 8;
	for (int i = 0; i < n; i++)
		put_fuzzed(t, node, FUZZ_PICK(t->in, domain_props));
	/* Modules after the properties: adding a node moves the ones after it. */
	if (flags & 16)
		add_module(t, node, 0);
	if (flags & 32)
		add_module(t, node, 1);
	n = fuzz_u8(t->in) % 4;
	for (int i = 0; i < n; i++)
		add_module(t, node, fuzz_u8(t->in) % 4);
}

static void build_tree(struct tree *t)
{
	static const uint32_t pool_phandle[] = { 5 };
	int chosen, n, pool;

	t->err = fdt_create_empty_tree(t->fdt, TREE_SIZE);
	n = fuzz_u8(t->in);
	if (n & 1)
		put_fuzzed(t, 0, "#address-cells");
	if (n & 2)
		put_fuzzed(t, 0, "#size-cells");
	chosen = fdt_add_subnode(t->fdt, 0, "chosen");
	if (t->err == 0 && chosen < 0)
		t->err = chosen;
	if (t->err != 0)
		return;
	if (n & 4)
		put_fuzzed(t, chosen, "#address-cells");
	if (n & 8)
		put_fuzzed(t, chosen, "#size-cells");
	/* A cpupool for domain-cpupool to name (phandle 5), before the domains: the nodes
	 * added to /chosen go first, so it ends up last. */
	if (n & 16) {
		pool = fdt_add_subnode(t->fdt, chosen, "cpupool");
		if (pool >= 0) {
			put_string(t, pool, "compatible", "xen,cpupool");
			put_cells(t, pool, "phandle", pool_phandle, 1);
		}
	}
	n = 1 + fuzz_u8(t->in) % MAX_CONFIGS;
	for (int i = 0; i < n && t->err == 0 && t->in->n > 0; i++)
		add_domain(t, chosen);
}

static bool is_blob(const uint8_t *data, size_t size)
{
	return size >= 4 && data[0] == 0xd0 && data[1] == 0x0d && data[2] == 0xfe &&
	       data[3] == 0xed;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static void *scratch;
	struct fuzz_in in = { data, size };
	struct tree t = { .in = &in };
	uint8_t *blob;
	unsigned int max = MAX_CONFIGS;

	if (is_blob(data, size)) {
		blob = fuzz_dup(data, size, 0);
		if (fdt_check_full(blob, size) == 0)
			parse_and_check(blob, max);
		free(blob);
		return 0;
	}
	if (scratch == NULL)
		scratch = malloc(TREE_SIZE);
	FUZZ_ASSERT(scratch != NULL);
	/* How many configurations the caller has room for: mostly dom0less.c's 16. */
	max = fuzz_u8(&in) & 0x80 ? fuzz_u8(&in) % (MAX_CONFIGS + 1) : MAX_CONFIGS;
	t.fdt = scratch;
	build_tree(&t);
	if (t.err != 0 || fdt_pack(t.fdt) != 0)
		return 0;
	/* Parsed from a copy of exactly its size, as a blob from a loader would be, if it
	 * passes the check setup.c makes (node names from the input may not). */
	blob = fuzz_dup(t.fdt, fdt_totalsize(t.fdt), 0);
	if (fdt_check_full(blob, fdt_totalsize(blob)) == 0)
		parse_and_check(blob, max);
	free(blob);
	return 0;
}
