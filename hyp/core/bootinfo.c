// SPDX-License-Identifier: Apache-2.0
/*
 * Reading memory and boot modules from the host device tree: the Devicetree Specification
 * (3.4 /memory, 3.5 /reserved-memory, 5.3 memory reservation block) and Xen's dom0less
 * binding (docs/misc/arm/device-tree/booting.txt: /chosen multiboot,module nodes).
 */
#include <string.h>
#include <asm/layout.h>
#include <tessera/bootinfo.h>
#include <tessera/errno.h>
#include <tessera/fdt_util.h>
#include <tessera/lib.h>
#include <tessera/printk.h>

/* Deepest /chosen nesting looked at: /chosen/domain/module is depth 3. */
#define CHOSEN_MAX_DEPTH 8

static unsigned int nr_modules;

unsigned int bootinfo_nr_modules(void)
{
	return nr_modules;
}

static void reserve_or_die(struct memmap *m, paddr_t start, psize_t size, enum memmap_kind kind,
			   const char *name)
{
	if (memmap_reserve(m, start, size, kind, name) < 0)
		fatal_boot_error("%s %s [0x%llx+0x%llx): too many reserved regions (max %u)",
				 memmap_kind_name(kind), name, (unsigned long long)start,
				 (unsigned long long)size, MEMMAP_MAX_RESERVED);
}

static void add_memory_nodes(const void *fdt, struct memmap *m)
{
	int node = -1;

	for (int guard = 0; guard < 4096; guard++) {
		const char *type;
		int count;

		node = fdt_next_node(fdt, node, NULL);
		if (node < 0)
			break;
		type = fdt_getprop(fdt, node, "device_type", NULL);
		if (type == NULL || strcmp(type, "memory") != 0 || !fdt_node_is_enabled(fdt, node))
			continue;
		count = fdt_reg_count(fdt, node);
		if (count < 0)
			fatal_boot_error("memory node %s: unreadable reg (%s)",
					 fdt_get_name(fdt, node, NULL), fdt_strerror(count));
		for (int i = 0; i < count; i++) {
			paddr_t base;
			psize_t size;
			int err;

			if (fdt_reg_get(fdt, node, i, &base, &size) < 0 || size == 0)
				continue;
			if (base >= HYP_VIRT_START || base + size > HYP_VIRT_START) {
				pr_warn("memory [0x%llx+0x%llx) is above what Tessera maps; "
					"ignored\n",
					(unsigned long long)base, (unsigned long long)size);
				continue;
			}
			err = memmap_add_ram(m, base, size);
			if (err == -EEXIST)
				fatal_boot_error(
					"memory [0x%llx+0x%llx) overlaps another memory bank",
					(unsigned long long)base, (unsigned long long)size);
			if (err < 0)
				fatal_boot_error("memory [0x%llx+0x%llx): %s (at most %u banks)",
						 (unsigned long long)base, (unsigned long long)size,
						 errno_name(err), MEMMAP_MAX_RAM);
		}
	}
}

static void add_firmware_reservations(const void *fdt, struct memmap *m)
{
	int rsv = fdt_num_mem_rsv(fdt);
	int parent, node;

	for (int i = 0; i < rsv && i < MEMMAP_MAX_RESERVED; i++) {
		uint64_t addr, size;

		if (fdt_get_mem_rsv(fdt, i, &addr, &size) == 0 && size != 0)
			reserve_or_die(m, addr, size, MEMMAP_FIRMWARE, "/memreserve/");
	}
	parent = fdt_path_offset(fdt, "/reserved-memory");
	if (parent < 0)
		return;
	fdt_for_each_subnode(node, fdt, parent)
	{
		char path[MEMMAP_NAME_MAX];
		paddr_t base;
		psize_t size;

		if (!fdt_node_is_enabled(fdt, node))
			continue;
		if (fdt_get_path(fdt, node, path, sizeof(path)) < 0)
			snprintf(path, sizeof(path), "/reserved-memory/?");
		for (int i = 0; fdt_reg_get(fdt, node, i, &base, &size) == 0 && i < 16; i++)
			reserve_or_die(m, base, size, MEMMAP_FIRMWARE, path);
	}
}

static bool is_boot_module(const void *fdt, int node)
{
	return fdt_node_check_compatible(fdt, node, "multiboot,module") == 0 ||
	       fdt_node_check_compatible(fdt, node, "xen,multiboot-module") == 0;
}

/* A module of a xen,domain node: a conflict refuses that domain (the builder checks it),
 * not the whole boot. */
static bool in_domain_node(const void *fdt, int node)
{
	int parent = fdt_parent_offset(fdt, node);

	return parent >= 0 && fdt_node_check_compatible(fdt, parent, "xen,domain") == 0;
}

static void add_boot_modules(const void *fdt, struct memmap *m, bool domain_modules)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	int node = chosen, depth = 0;

	if (chosen < 0)
		return;
	for (int guard = 0; guard < 4096; guard++) {
		char path[MEMMAP_NAME_MAX];
		paddr_t base;
		psize_t size;
		int err;

		node = fdt_next_node(fdt, node, &depth);
		if (node < 0 || depth <= 0)
			break;
		if (depth > CHOSEN_MAX_DEPTH || !is_boot_module(fdt, node) ||
		    in_domain_node(fdt, node) != domain_modules)
			continue;
		if (fdt_get_path(fdt, node, path, sizeof(path)) < 0)
			snprintf(path, sizeof(path), "/chosen/?");
		err = fdt_reg_get(fdt, node, 0, &base, &size);
		if (err < 0) {
			if (domain_modules)
				continue; /* the builder refuses the domain, naming the node */
			fatal_boot_error("boot module %s: no usable reg (%s)", path,
					 fdt_strerror(err));
		}
		reserve_or_die(m, base, size, MEMMAP_MODULE, path);
		nr_modules++;
	}
}

static void die_on_conflict(const struct memmap_conflict *c)
{
	const struct memmap_region *a = c->a, *b = c->b;

	if (a == NULL)
		fatal_boot_error("device tree: %s (no memory node with device_type = \"memory\")",
				 c->what);
	if (b == NULL)
		fatal_boot_error("%s %s [0x%llx-0x%llx) %s", memmap_kind_name(a->kind), a->name,
				 (unsigned long long)a->start, (unsigned long long)a->end, c->what);
	/* The reason may already name the other region's kind ("overlaps Tessera"). */
	fatal_boot_error("%s %s [0x%llx-0x%llx) %s %s%s%s [0x%llx-0x%llx)",
			 memmap_kind_name(a->kind), a->name, (unsigned long long)a->start,
			 (unsigned long long)a->end, c->what,
			 b->kind == MEMMAP_HYP ? "" : memmap_kind_name(b->kind),
			 b->kind == MEMMAP_HYP ? "" : " ", b->name, (unsigned long long)b->start,
			 (unsigned long long)b->end);
}

void bootinfo_build_memmap(const void *fdt, paddr_t dtb_pa, paddr_t image_pa, psize_t image_size,
			   struct memmap *m)
{
	struct memmap_conflict c;

	memmap_init(m);
	add_memory_nodes(fdt, m);
	reserve_or_die(m, image_pa, image_size, MEMMAP_HYP, "image");
	reserve_or_die(m, dtb_pa, fdt_totalsize(fdt), MEMMAP_DTB, "blob");
	add_firmware_reservations(fdt, m);
	add_boot_modules(fdt, m, false);
	if (memmap_check(m, &c) < 0)
		die_on_conflict(&c);
	/* Domains' modules are kept from the allocator too, but checked domain by domain. */
	add_boot_modules(fdt, m, true);
}
