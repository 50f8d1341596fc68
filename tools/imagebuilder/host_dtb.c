// SPDX-License-Identifier: Apache-2.0
#include <errno.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "host_dtb.h"
#include "plan.h"

/* Room for /chosen: each domain needs well under 1 KiB of structure and strings. */
#define CHOSEN_ROOM_BYTES (64 * 1024 + IB_MAX_DOMAINS * 4096)

static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*size = (size_t)n;
	}
	fclose(f);
	return buf;
}

static uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	for (int i = 0; i < cells; i++)
		v = v << 32 | fdt32_to_cpu(p[i]);
	return v;
}

static void read_ram(struct ib_host *h)
{
	int ac = fdt_address_cells(h->fdt, 0), sc = fdt_size_cells(h->fdt, 0);
	int node = fdt_node_offset_by_prop_value(h->fdt, -1, "device_type", "memory", 7);

	for (; node >= 0;
	     node = fdt_node_offset_by_prop_value(h->fdt, node, "device_type", "memory", 7)) {
		int len;
		const fdt32_t *reg = fdt_getprop(h->fdt, node, "reg", &len);

		for (int at = 0; reg && ac > 0 && ac <= 2 && sc > 0 && sc <= 2 &&
				 (at + ac + sc) * 4 <= len && h->ram_count < IB_MAX_RAM_BANKS;
		     at += ac + sc) {
			struct ib_region *r = &h->ram[h->ram_count];

			r->start = read_cells(reg + at, ac);
			r->size = read_cells(reg + at + ac, sc);
			if (r->size) {
				h->ram_total += r->size;
				h->ram_count++;
			}
		}
	}
}

static void read_cpus(struct ib_host *h)
{
	int cpus = fdt_path_offset(h->fdt, "/cpus");
	int node;

	snprintf(h->cpu_model, sizeof(h->cpu_model), "max");
	if (cpus < 0)
		return;
	fdt_for_each_subnode(node, h->fdt, cpus)
	{
		const char *type = fdt_getprop(h->fdt, node, "device_type", NULL);
		const char *compat = fdt_getprop(h->fdt, node, "compatible", NULL);

		if (!type || strcmp(type, "cpu") != 0)
			continue;
		/* "arm,cortex-a57" is QEMU's -cpu cortex-a57; QEMU's max CPU says "arm,arm-v8". */
		if (h->cpus++ == 0 && compat && strncmp(compat, "arm,cortex-", 11) == 0)
			snprintf(h->cpu_model, sizeof(h->cpu_model), "%s", compat + 4);
	}
}

static void read_gic(struct ib_host *h)
{
	static const struct {
		const char *compatible;
		int version;
	} gics[] = {
		{ "arm,gic-v3", 3 },	    { "arm,cortex-a15-gic", 2 }, { "arm,gic-400", 2 },
		{ "arm,cortex-a9-gic", 2 }, { "arm,cortex-a7-gic", 2 },
	};

	for (size_t i = 0; i < sizeof(gics) / sizeof(gics[0]); i++) {
		if (fdt_node_offset_by_compatible(h->fdt, -1, gics[i].compatible) >= 0) {
			h->gic_version = gics[i].version;
			return;
		}
	}
}

int ib_host_read(struct ib_host *h, const char *path, const struct ib_entry *key, struct ib_diag *d)
{
	size_t size = 0;
	void *blob = read_file(path, &size);
	int r;

	memset(h, 0, sizeof(*h));
	if (!blob) {
		ib_error_at(d, key, "%s: cannot be read: %s", key->value, strerror(errno));
		return -1;
	}
	r = size >= sizeof(struct fdt_header) ? fdt_check_header(blob) : -FDT_ERR_TRUNCATED;
	if (r == 0 && fdt_totalsize(blob) > size)
		r = -FDT_ERR_TRUNCATED;
	if (r == 0) {
		h->cap = fdt_totalsize(blob) + CHOSEN_ROOM_BYTES;
		h->fdt = malloc(h->cap);
		r = h->fdt ? fdt_open_into(blob, h->fdt, (int)h->cap) : -FDT_ERR_NOSPACE;
	}
	free(blob);
	if (r) {
		ib_error_at(d, key, "%s: not a valid device tree blob: %s", key->value,
			    fdt_strerror(r));
		return -1;
	}
	read_ram(h);
	read_cpus(h);
	read_gic(h);
	h->qemu_virt = fdt_node_check_compatible(h->fdt, 0, "linux,dummy-virt") == 0;
	if (!h->qemu_virt)
		ib_warning(d, key->line, "DEVICE_TREE",
			   "%s is not QEMU virt's own tree (compatible \"linux,dummy-virt\"): "
			   "qemu.sh boots QEMU virt with it all the same",
			   key->value);
	if (!h->ram_count)
		ib_error_at(d, key, "%s: no memory node (device_type = \"memory\") with a reg",
			    key->value);
	if (!h->cpus)
		ib_error_at(d, key, "%s: no CPU under /cpus (device_type = \"cpu\")", key->value);
	return h->ram_count && h->cpus ? 0 : -1;
}

const struct ib_region *ib_host_ram_bank(const struct ib_host *h, uint64_t start, uint64_t size)
{
	for (unsigned int i = 0; i < h->ram_count; i++) {
		const struct ib_region *r = &h->ram[i];

		if (start >= r->start && start + size <= r->start + r->size &&
		    start + size >= start)
			return r;
	}
	return NULL;
}

size_t ib_host_size(const struct ib_host *h)
{
	return fdt_totalsize(h->fdt);
}

void ib_host_free(struct ib_host *h)
{
	free(h->fdt);
	h->fdt = NULL;
}

/* Two cells, as the domain node's #address-cells and #size-cells = 2 say. */
static int set_u64_pairs(void *fdt, int node, const char *name, const uint64_t *v, int count)
{
	fdt32_t cells[2 * 2 * IB_MAX_STATIC_MEM];

	for (int i = 0; i < count && i < 2 * IB_MAX_STATIC_MEM; i++) {
		cells[2 * i] = cpu_to_fdt32((uint32_t)(v[i] >> 32));
		cells[2 * i + 1] = cpu_to_fdt32((uint32_t)v[i]);
	}
	return fdt_setprop(fdt, node, name, cells, (int)(count * 2 * sizeof(fdt32_t)));
}

/*
 * libfdt puts a new property before the node's others (fdt_add_property_ inserts it after the
 * node's name), so each node's properties are set last to first, to read in binding order.
 */
static int add_module(void *fdt, int dom, const char *kind, const struct ib_load *m,
		      const char *bootargs)
{
	char name[32], compat[64];
	int len = snprintf(compat, sizeof(compat), "%s%c%s", kind, '\0', "multiboot,module");
	uint64_t reg[2] = { m->addr, m->size };
	int node, r = 0;

	snprintf(name, sizeof(name), "module@%llx", (unsigned long long)m->addr);
	node = fdt_add_subnode(fdt, dom, name);
	if (node < 0)
		return node;
	if (bootargs)
		r = fdt_setprop_string(fdt, node, "bootargs", bootargs);
	if (!r)
		r = set_u64_pairs(fdt, node, "reg", reg, 2);
	if (!r)
		r = fdt_setprop(fdt, node, "compatible", compat, len + 1);
	return r;
}

static int add_static_mem(void *fdt, int node, const struct ib_domain *dom)
{
	uint64_t v[2 * IB_MAX_STATIC_MEM];
	int r = 0;

	for (unsigned int i = 0; i < dom->static_mem_count; i++) {
		v[2 * i] = dom->static_mem[i].start;
		v[2 * i + 1] = dom->static_mem[i].size;
	}
	if (dom->direct_map)
		r = fdt_setprop_empty(fdt, node, "direct-map");
	if (!r)
		r = set_u64_pairs(fdt, node, "xen,static-mem", v, 2 * (int)dom->static_mem_count);
	if (!r)
		r = fdt_setprop_u32(fdt, node, "#xen,static-mem-size-cells", 2);
	if (!r)
		r = fdt_setprop_u32(fdt, node, "#xen,static-mem-address-cells", 2);
	return r;
}

/* Modules are added last first: libfdt puts a new node before its siblings. */
static int add_modules(void *fdt, int node, const struct ib_plan *p, unsigned int i,
		       const struct ib_domain *dom)
{
	int r = 0;

	if (p->passthrough[i] >= 0)
		r = add_module(fdt, node, "multiboot,device-tree", &p->modules[p->passthrough[i]],
			       NULL);
	if (!r && p->ramdisk[i] >= 0)
		r = add_module(fdt, node, "multiboot,ramdisk", &p->modules[p->ramdisk[i]], NULL);
	if (!r)
		r = add_module(fdt, node, "multiboot,kernel", &p->modules[p->kernel[i]], dom->cmd);
	return r;
}

static int add_domain(void *fdt, int chosen, const struct ib_plan *p, unsigned int i,
		      const struct ib_domain *dom)
{
	static const char *const enhanced[] = { NULL, "enabled", "no-xenstore" };
	uint64_t memory = dom->mem_kib;
	int node = fdt_add_subnode(fdt, chosen, dom->name);
	int r = 0;

	if (node < 0)
		return node;
	if (dom->enhanced != IB_ENHANCED_NONE)
		r = fdt_setprop_string(fdt, node, "xen,enhanced", enhanced[dom->enhanced]);
	if (!r && dom->vpl011)
		r = fdt_setprop_empty(fdt, node, "vpl011");
	if (!r && dom->static_mem_count)
		r = add_static_mem(fdt, node, dom);
	if (!r)
		r = fdt_setprop_u32(fdt, node, "cpus", dom->vcpus);
	if (!r)
		r = set_u64_pairs(fdt, node, "memory", &memory, 1);
	if (!r)
		r = fdt_setprop_u32(fdt, node, "#size-cells", 2);
	if (!r)
		r = fdt_setprop_u32(fdt, node, "#address-cells", 2);
	if (!r)
		r = fdt_setprop_string(fdt, node, "compatible", "xen,domain");
	if (!r)
		r = add_modules(fdt, node, p, i, dom);
	return r;
}

/* A domain node already in /chosen would collide, or (another name) boot as well. */
static void check_existing(const struct ib_host *h, int chosen, const struct ib_system *s,
			   struct ib_diag *d)
{
	int node;

	fdt_for_each_subnode(node, h->fdt, chosen)
	{
		const char *name = fdt_get_name(h->fdt, node, NULL);
		bool ours = false;

		for (unsigned int i = 0; i < s->num_domains; i++)
			ours = ours || strcmp(name, s->domains[i].name) == 0;
		if (ours)
			ib_error_at(d, s->device_tree,
				    "%s already has /chosen/%s: give the domain another DOMU_NAME",
				    s->device_tree->value, name);
		else if (fdt_node_check_compatible(h->fdt, node, "xen,domain") == 0)
			ib_warning(
				d, s->device_tree->line, "DEVICE_TREE",
				"%s already has the domain /chosen/%s: it boots too, after these",
				s->device_tree->value, name);
	}
}

int ib_host_write_chosen(struct ib_host *h, const struct ib_system *s, const struct ib_plan *p,
			 struct ib_diag *d)
{
	unsigned int errors = d->errors;
	int chosen = fdt_path_offset(h->fdt, "/chosen");
	int r = 0;

	if (chosen == -FDT_ERR_NOTFOUND)
		chosen = fdt_add_subnode(h->fdt, 0, "chosen");
	if (chosen < 0) {
		ib_error_at(d, s->device_tree, "cannot make /chosen: %s", fdt_strerror(chosen));
		return -1;
	}
	check_existing(h, chosen, s, d);
	if (d->errors != errors)
		return -1;
	if (s->xen_cmd || !fdt_getprop(h->fdt, chosen, "xen,xen-bootargs", NULL))
		r = fdt_setprop_string(h->fdt, chosen, "xen,xen-bootargs",
				       s->xen_cmd ? s->xen_cmd : IB_DEFAULT_XEN_CMD);
	if (!r)
		r = fdt_setprop_u32(h->fdt, chosen, "#size-cells", 2);
	if (!r)
		r = fdt_setprop_u32(h->fdt, chosen, "#address-cells", 2);
	/* Domain ids follow /chosen order (docs/domains.md): the first domain is d1. */
	for (unsigned int i = s->num_domains; i > 0 && !r; i--) {
		r = add_domain(h->fdt, chosen, p, i - 1, &s->domains[i - 1]);
		chosen = fdt_path_offset(h->fdt, "/chosen");
	}
	if (!r)
		r = fdt_pack(h->fdt);
	if (r) {
		ib_error_at(d, s->device_tree, "cannot write /chosen: %s", fdt_strerror(r));
		return -1;
	}
	return 0;
}
