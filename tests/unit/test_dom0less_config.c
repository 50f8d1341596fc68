// SPDX-License-Identifier: Apache-2.0
// UNIT-SOURCES: core/dom0less_config.c core/fdt_util.c core/memmap.c
// UNIT-LIBS: -lfdt
// Verifies: REQ-DOM-001, REQ-SCRUB-003
/*
 * Domain configurations from /chosen "xen,domain" nodes (Xen's dom0less binding): the
 * values read, the defaults, and one clear refusal for each node that cannot be a domain
 * while the others still parse. Each test starts from the /chosen of
 * shared/reference/xen-4.17-dom0less-chosen.dtsi (written here with libfdt) and changes
 * what it is about.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>

#include <asm/layout.h>

#include <tessera/compiler.h>
#include <tessera/dom0less_config.h>
#include <tessera/errno.h>
#include <tessera/memmap.h>

#define BLOB_SIZE    (512 * 1024)
#define MAX_CONFIGS  8
#define MAX_REFUSALS 8

#define KERNEL_BASE  0x50000000ULL
#define KERNEL_SIZE  0x1f6dfc0ULL
#define RAMDISK_BASE 0x52000000ULL
#define RAMDISK_SIZE 0xf0f03ULL
#define MEMORY_KIB   0x40000ULL
#define POOL_PHANDLE 5

static char blob[BLOB_SIZE];
static struct domain_config cfg[MAX_CONFIGS];

static struct refusals {
	unsigned int n;
	char path[MAX_REFUSALS][DOM0LESS_PATH_MAX];
	char reason[MAX_REFUSALS][256];
} ref;

static void on_refuse(void *ctx, const char *path, const char *reason)
{
	struct refusals *r = ctx;

	if (r->n < MAX_REFUSALS) {
		snprintf(r->path[r->n], sizeof(r->path[0]), "%s", path);
		snprintf(r->reason[r->n], sizeof(r->reason[0]), "%s", reason);
	}
	r->n++;
}

/* ---------------------------------------------------------------- building trees */

static void ok(int err)
{
	assert_int_equal(err, 0);
}

static void sw_cells2(const char *name, uint64_t a, uint64_t b)
{
	fdt32_t c[4] = { cpu_to_fdt32(a >> 32), cpu_to_fdt32(a), cpu_to_fdt32(b >> 32),
			 cpu_to_fdt32(b) };

	ok(fdt_property(blob, name, c, sizeof(c)));
}

static void sw_module(const char *name, const char *kind, uint64_t base, uint64_t size,
		      const char *bootargs)
{
	char compat[64];
	int len = snprintf(compat, sizeof(compat), "%s%cmultiboot,module", kind, '\0');

	ok(fdt_begin_node(blob, name));
	ok(fdt_property(blob, "compatible", compat, len + 1));
	sw_cells2("reg", base, size);
	if (bootargs != NULL)
		ok(fdt_property_string(blob, "bootargs", bootargs));
	ok(fdt_end_node(blob));
}

/* domU<i> as in the reference /chosen: 256 MiB, one vCPU, vpl011, no-xenstore, two modules. */
static void sw_domain(unsigned int i)
{
	char name[16], bootargs[64];
	fdt32_t mem[2] = { cpu_to_fdt32(0), cpu_to_fdt32(MEMORY_KIB) };

	snprintf(name, sizeof(name), "domU%u", i);
	snprintf(bootargs, sizeof(bootargs), "console=ttyAMA0 quiet domu_id=domU%u", i);
	ok(fdt_begin_node(blob, name));
	ok(fdt_property_string(blob, "compatible", "xen,domain"));
	ok(fdt_property_cell(blob, "#address-cells", 2));
	ok(fdt_property_cell(blob, "#size-cells", 2));
	ok(fdt_property(blob, "memory", mem, sizeof(mem)));
	ok(fdt_property_cell(blob, "cpus", 1));
	ok(fdt_property(blob, "vpl011", NULL, 0));
	ok(fdt_property_string(blob, "xen,enhanced", "no-xenstore"));
	sw_module("module@50000000", "multiboot,kernel", KERNEL_BASE, KERNEL_SIZE, bootargs);
	sw_module("module@52000000", "multiboot,ramdisk", RAMDISK_BASE, RAMDISK_SIZE, NULL);
	ok(fdt_end_node(blob));
}

/*
 * /chosen with a dom0-style boot module and a cpupool (neither is a domain), then domU1 to
 * domU<n>. The blob is then opened with room for the tests' changes.
 */
static void build_tree_n(unsigned int n)
{
	ok(fdt_create(blob, BLOB_SIZE));
	ok(fdt_finish_reservemap(blob));
	ok(fdt_begin_node(blob, ""));
	ok(fdt_property_cell(blob, "#address-cells", 2));
	ok(fdt_property_cell(blob, "#size-cells", 2));
	ok(fdt_begin_node(blob, "chosen"));
	ok(fdt_property_cell(blob, "#address-cells", 2));
	ok(fdt_property_cell(blob, "#size-cells", 2));
	ok(fdt_property_string(blob, "xen,xen-bootargs", "console=dtuart"));
	sw_module("module@60000000", "multiboot,kernel", 0x60000000, 0x100000, NULL);
	ok(fdt_begin_node(blob, "cpupool0"));
	ok(fdt_property_string(blob, "compatible", "xen,cpupool"));
	ok(fdt_property_cell(blob, "phandle", POOL_PHANDLE));
	ok(fdt_end_node(blob));
	for (unsigned int i = 1; i <= n; i++)
		sw_domain(i);
	ok(fdt_end_node(blob));
	ok(fdt_end_node(blob));
	ok(fdt_finish(blob));
	ok(fdt_open_into(blob, blob, BLOB_SIZE));
}

static int setup(void **state)
{
	(void)state;
	build_tree_n(2);
	memset(&ref, 0, sizeof(ref));
	return 0;
}

static int off(const char *path)
{
	int o = fdt_path_offset(blob, path);

	assert_true(o >= 0);
	return o;
}

static void set_cells(const char *path, const char *name, const uint32_t *v, int n)
{
	fdt32_t c[64];

	assert_true(n <= 64);
	for (int i = 0; i < n; i++)
		c[i] = cpu_to_fdt32(v[i]);
	ok(fdt_setprop(blob, off(path), name, c, n * 4));
}

#define SET_CELLS(path, name, ...)                              \
	do {                                                    \
		const uint32_t v_[] = { __VA_ARGS__ };          \
		set_cells(path, name, v_, (int)ARRAY_SIZE(v_)); \
	} while (0)

static void set_str(const char *path, const char *name, const char *s)
{
	ok(fdt_setprop_string(blob, off(path), name, s));
}

static void set_empty(const char *path, const char *name)
{
	ok(fdt_setprop(blob, off(path), name, NULL, 0));
}

static void del_prop(const char *path, const char *name)
{
	ok(fdt_delprop(blob, off(path), name));
}

static void del_node(const char *path)
{
	ok(fdt_del_node(blob, off(path)));
}

static int parse(unsigned int max)
{
	memset(&ref, 0, sizeof(ref));
	memset(cfg, 0xa5, sizeof(cfg));
	return dom0less_parse(blob, cfg, max, on_refuse, &ref);
}

/* Parses, expecting domU2 alone to parse and domU1 to be refused with reason. */
static void assert_domu1_refused(const char *reason)
{
	assert_int_equal(parse(MAX_CONFIGS), 1);
	assert_int_equal(ref.n, 1);
	assert_string_equal(ref.path[0], "/chosen/domU1");
	assert_string_equal(ref.reason[0], reason);
	assert_string_equal(cfg[0].name, "domU2");
	assert_int_equal(cfg[0].domid, 2);
}

/* Parses, expecting both domains and no refusal. */
static void parse_both(void)
{
	assert_int_equal(parse(MAX_CONFIGS), 2);
	assert_int_equal(ref.n, 0);
}

#define DOMU1 "/chosen/domU1"
#define K1    "/chosen/domU1/module@50000000"
#define R1    "/chosen/domU1/module@52000000"

/* ---------------------------------------------------------------- the reference /chosen */

static void test_reference_chosen_gives_two_domains_as_xen_reads_them(void **state)
{
	(void)state;
	parse_both();
	for (unsigned int i = 0; i < 2; i++) {
		const struct domain_config *c = &cfg[i];
		char name[16], path[32], bootargs[64];

		snprintf(name, sizeof(name), "domU%u", i + 1);
		snprintf(path, sizeof(path), "/chosen/domU%u", i + 1);
		snprintf(bootargs, sizeof(bootargs), "console=ttyAMA0 quiet domu_id=domU%u", i + 1);
		assert_int_equal(c->domid, i + 1);
		assert_string_equal(c->name, name);
		assert_string_equal(c->path, path);
		assert_int_equal(c->memory_kib, MEMORY_KIB);
		assert_int_equal(c->nr_vcpus, 1);
		assert_true(c->vpl011);
		assert_int_equal(c->enhanced, DOM0LESS_ENHANCED_NO_XENSTORE);
		assert_true(c->kernel.present);
		assert_int_equal(c->kernel.start, KERNEL_BASE);
		assert_int_equal(c->kernel.size, KERNEL_SIZE);
		assert_true(c->ramdisk.present);
		assert_int_equal(c->ramdisk.start, RAMDISK_BASE);
		assert_int_equal(c->ramdisk.size, RAMDISK_SIZE);
		assert_false(c->dtb.present);
		assert_string_equal(c->bootargs, bootargs);
		assert_false(c->direct_map);
		assert_int_equal(c->nr_static_mem, 0);
		assert_int_equal(c->cpupool_phandle, 0);
	}
}

static void test_null_refuse_callback_is_allowed(void **state)
{
	(void)state;
	del_node(K1);
	assert_int_equal(dom0less_parse(blob, cfg, MAX_CONFIGS, NULL, NULL), 1);
	assert_string_equal(cfg[0].name, "domU2");
}

static void test_tree_without_chosen_gives_no_domains(void **state)
{
	(void)state;
	del_node("/chosen");
	assert_int_equal(parse(MAX_CONFIGS), 0);
	assert_int_equal(ref.n, 0);
}

static void test_chosen_without_domains_gives_none(void **state)
{
	(void)state;
	del_node("/chosen/domU1");
	del_node("/chosen/domU2");
	assert_int_equal(parse(MAX_CONFIGS), 0);
	assert_int_equal(ref.n, 0);
}

static void test_blob_that_is_not_a_device_tree_is_einval(void **state)
{
	char junk[64];

	(void)state;
	memset(junk, 0x5a, sizeof(junk));
	assert_int_equal(dom0less_parse(junk, cfg, MAX_CONFIGS, on_refuse, &ref), -EINVAL);
	assert_int_equal(dom0less_parse(NULL, cfg, MAX_CONFIGS, on_refuse, &ref), -EINVAL);
}

/* ---------------------------------------------------------------- refusals and order */

static void test_domain_without_kernel_is_refused_and_others_parse(void **state)
{
	(void)state;
	del_node(K1);
	assert_domu1_refused("no kernel module (compatible \"multiboot,kernel\")");
}

static void test_domids_follow_chosen_order_and_count_refused_nodes(void **state)
{
	(void)state;
	build_tree_n(4);
	del_node("/chosen/domU2/module@50000000");
	assert_int_equal(parse(MAX_CONFIGS), 3);
	assert_int_equal(ref.n, 1);
	assert_string_equal(ref.path[0], "/chosen/domU2");
	assert_int_equal(cfg[0].domid, 1);
	assert_string_equal(cfg[0].name, "domU1");
	assert_int_equal(cfg[1].domid, 3);
	assert_string_equal(cfg[1].name, "domU3");
	assert_int_equal(cfg[2].domid, 4);
	assert_string_equal(cfg[2].name, "domU4");
}

static void test_nodes_that_are_not_domains_are_skipped_silently(void **state)
{
	(void)state;
	/* the dom0-style module and the cpupool before domU1 take no domid and no report */
	parse_both();
	assert_int_equal(cfg[0].domid, 1);
}

static void test_more_domains_than_room_are_each_refused_once(void **state)
{
	(void)state;
	build_tree_n(4);
	assert_int_equal(parse(2), 2);
	assert_int_equal(ref.n, 2);
	assert_string_equal(ref.path[0], "/chosen/domU3");
	assert_string_equal(ref.reason[0], "more than 2 domains");
	assert_string_equal(ref.path[1], "/chosen/domU4");
	assert_int_equal(cfg[1].domid, 2);
}

static void test_no_room_at_all_refuses_every_domain(void **state)
{
	(void)state;
	assert_int_equal(dom0less_parse(blob, NULL, 0, on_refuse, &ref), 0);
	assert_int_equal(ref.n, 2);
	assert_string_equal(ref.reason[1], "more than 0 domains");
}

static void test_one_domain_of_room_says_domain_in_the_singular(void **state)
{
	(void)state;
	assert_int_equal(parse(1), 1);
	assert_int_equal(ref.n, 1);
	assert_string_equal(ref.reason[0], "more than 1 domain");
}

static void test_every_broken_domain_is_reported_exactly_once(void **state)
{
	(void)state;
	build_tree_n(5);
	del_prop("/chosen/domU1", "memory");
	SET_CELLS("/chosen/domU2", "cpus", 0);
	set_str("/chosen/domU4", "xen,enhanced", "bogus");
	del_prop("/chosen/domU5/module@50000000", "reg");
	assert_int_equal(parse(MAX_CONFIGS), 1);
	assert_string_equal(cfg[0].name, "domU3");
	assert_int_equal(cfg[0].domid, 3);
	assert_int_equal(ref.n, 4);
	assert_string_equal(ref.path[0], "/chosen/domU1");
	assert_string_equal(ref.reason[0], "memory property missing");
	assert_string_equal(ref.path[1], "/chosen/domU2");
	assert_string_equal(ref.reason[1], "cpus = 0");
	assert_string_equal(ref.path[2], "/chosen/domU4");
	assert_string_equal(ref.reason[2],
			    "xen,enhanced = \"bogus\" is not enabled, no-xenstore or disabled");
	assert_string_equal(ref.path[3], "/chosen/domU5");
	assert_string_equal(ref.reason[3], "kernel module has no reg");
}

static void test_more_than_4096_chosen_children_are_reported_once(void **state)
{
	char name[24];
	int chosen = off("/chosen");

	(void)state;
	for (int i = 0; i < DOM0LESS_MAX_CHOSEN_NODES; i++) {
		snprintf(name, sizeof(name), "filler%d", i);
		assert_true(fdt_add_subnode(blob, chosen, name) >= 0);
	}
	/* fdt_add_subnode puts new nodes first: both domains are now past the bound */
	assert_int_equal(parse(MAX_CONFIGS), 0);
	assert_int_equal(ref.n, 1);
	assert_string_equal(ref.path[0], "/chosen");
	assert_string_equal(ref.reason[0], "more than 4096 child nodes: the rest were not read");
}

/* ---------------------------------------------------------------- name and path */

static void test_long_node_name_is_truncated_in_name_and_path(void **state)
{
	char longname[200];

	(void)state;
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	ok(fdt_set_name(blob, off(DOMU1), longname));
	parse_both();
	assert_int_equal(strlen(cfg[0].name), DOM0LESS_NAME_MAX - 1);
	assert_memory_equal(cfg[0].name, longname, DOM0LESS_NAME_MAX - 1);
	assert_int_equal(strlen(cfg[0].path), DOM0LESS_PATH_MAX - 1);
	assert_memory_equal(cfg[0].path, "/chosen/xxx", 11);
}

/* ---------------------------------------------------------------- memory */

static void test_memory_accepts_one_and_two_cells(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "memory", 0x80000);
	parse_both();
	assert_int_equal(cfg[0].memory_kib, 0x80000);
	SET_CELLS(DOMU1, "memory", 0, 0x100000);
	parse_both();
	assert_int_equal(cfg[0].memory_kib, 0x100000);
}

static void test_memory_high_cell_counts(void **state)
{
	(void)state;
	/* <1 0> is 4 TiB of KiB: the high cell is read, and this is more than the guest has */
	SET_CELLS(DOMU1, "memory", 1, 0);
	assert_domu1_refused(
		"memory = 4294967296 KiB is more than the guest RAM banks (1068498944 KiB)");
}

static void test_memory_filling_both_guest_ram_banks_is_accepted(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "memory", 0, 1068498944);
	parse_both();
	assert_int_equal(cfg[0].memory_kib, 1068498944ULL);
}

/*
 * The builder maps a domain's RAM through one per-pCPU window (asm/layout.h): the largest
 * memory a node may ask must fit in it, or building it would write through the next pCPU's
 * window into the domain being built there. One KiB more is refused when the node is read.
 */
static void test_largest_memory_accepted_fits_the_build_window(void **state)
{
	const uint64_t largest = 1068498944ULL; /* KiB: GUEST_RAM0_SIZE + GUEST_RAM1_SIZE */

	(void)state;
	SET_CELLS(DOMU1, "memory", 0, (uint32_t)largest);
	parse_both();
	assert_int_equal(cfg[0].memory_kib, largest);
	assert_true(largest * 1024 <= BUILD_VIRT_STRIDE);
	/* The windows of every pCPU stay inside the 48-bit virtual address space. */
	assert_true(BUILD_VIRT_START + NR_CPUS_MAX * BUILD_VIRT_STRIDE <= (1ULL << 48));
	SET_CELLS(DOMU1, "memory", 0, (uint32_t)largest + 1);
	assert_domu1_refused(
		"memory = 1068498945 KiB is more than the guest RAM banks (1068498944 KiB)");
}

static void test_memory_missing_is_refused(void **state)
{
	(void)state;
	del_prop(DOMU1, "memory");
	assert_domu1_refused("memory property missing");
}

static void test_memory_zero_is_refused(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "memory", 0, 0);
	assert_domu1_refused("memory = 0 KiB");
}

static void test_memory_of_three_cells_is_refused(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "memory", 0, 0, 0x40000);
	assert_domu1_refused("memory must be 1 or 2 cells, not 12 bytes");
}

/* ---------------------------------------------------------------- cpus */

static void test_cpus_are_read(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "cpus", 4);
	parse_both();
	assert_int_equal(cfg[0].nr_vcpus, 4);
}

static void test_cpus_default_to_one(void **state)
{
	(void)state;
	del_prop(DOMU1, "cpus");
	parse_both();
	assert_int_equal(cfg[0].nr_vcpus, 1);
}

static void test_cpus_zero_is_refused(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "cpus", 0);
	assert_domu1_refused("cpus = 0");
}

static void test_cpus_beyond_xen_limit_are_refused(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "cpus", 128);
	parse_both();
	SET_CELLS(DOMU1, "cpus", 129);
	assert_domu1_refused("cpus = 129 is more than 128");
}

static void test_cpus_of_two_cells_is_refused(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "cpus", 0, 1);
	assert_domu1_refused("cpus must be one cell, not 8 bytes");
}

/* ---------------------------------------------------------------- vpl011, xen,enhanced */

static void test_vpl011_follows_property_presence(void **state)
{
	(void)state;
	del_prop(DOMU1, "vpl011");
	parse_both();
	assert_false(cfg[0].vpl011);
	assert_true(cfg[1].vpl011);
}

static void test_xen_enhanced_absent_means_none(void **state)
{
	(void)state;
	del_prop(DOMU1, "xen,enhanced");
	parse_both();
	assert_int_equal(cfg[0].enhanced, DOM0LESS_ENHANCED_NONE);
}

static void test_xen_enhanced_without_value_means_enabled(void **state)
{
	(void)state;
	set_empty(DOMU1, "xen,enhanced");
	parse_both();
	assert_int_equal(cfg[0].enhanced, DOM0LESS_ENHANCED_FULL);
}

static void test_xen_enhanced_names_enabled_no_xenstore_and_disabled(void **state)
{
	(void)state;
	set_str(DOMU1, "xen,enhanced", "enabled");
	parse_both();
	assert_int_equal(cfg[0].enhanced, DOM0LESS_ENHANCED_FULL);
	set_str(DOMU1, "xen,enhanced", "no-xenstore");
	parse_both();
	assert_int_equal(cfg[0].enhanced, DOM0LESS_ENHANCED_NO_XENSTORE);
	set_str(DOMU1, "xen,enhanced", "disabled");
	parse_both();
	assert_int_equal(cfg[0].enhanced, DOM0LESS_ENHANCED_NONE);
}

static void test_xen_enhanced_other_value_is_refused_quoting_it(void **state)
{
	(void)state;
	set_str(DOMU1, "xen,enhanced", "bogus");
	assert_domu1_refused("xen,enhanced = \"bogus\" is not enabled, no-xenstore or disabled");
}

static void test_xen_enhanced_long_or_unprintable_value_is_quoted_safely(void **state)
{
	(void)state;
	set_str(DOMU1, "xen,enhanced", "a\"b\nc0123456789012345678901234567890123456789");
	assert_domu1_refused("xen,enhanced = \"a?b?c012345678901234567890123456...\" is not "
			     "enabled, no-xenstore or disabled");
}

static void test_xen_enhanced_that_is_not_a_string_is_refused(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "xen,enhanced", 1);
	assert_domu1_refused("xen,enhanced is not a string");
}

static void test_enhanced_values_have_binding_names(void **state)
{
	(void)state;
	assert_string_equal(dom0less_enhanced_name(DOM0LESS_ENHANCED_NONE), "none");
	assert_string_equal(dom0less_enhanced_name(DOM0LESS_ENHANCED_FULL), "enabled");
	assert_string_equal(dom0less_enhanced_name(DOM0LESS_ENHANCED_NO_XENSTORE), "no-xenstore");
}

/* ---------------------------------------------------------------- modules */

static void test_module_reg_uses_the_domain_nodes_cells(void **state)
{
	(void)state;
	/* booting.txt's own example: #address-cells = 2, #size-cells = 1 */
	SET_CELLS(DOMU1, "#size-cells", 1);
	SET_CELLS(K1, "reg", 0, 0x4a000000, 0xffffff);
	SET_CELLS(R1, "reg", 0, 0x4b000000, 0xffffff);
	parse_both();
	assert_int_equal(cfg[0].kernel.start, 0x4a000000);
	assert_int_equal(cfg[0].kernel.size, 0xffffff);
	assert_int_equal(cfg[0].ramdisk.start, 0x4b000000);
	assert_int_equal(cfg[0].ramdisk.size, 0xffffff);
}

static void test_module_reg_above_4gib_uses_both_address_cells(void **state)
{
	(void)state;
	SET_CELLS(K1, "reg", 0x8, 0x80000000, 0, 0x200000);
	parse_both();
	assert_int_equal(cfg[0].kernel.start, 0x880000000ULL);
}

static void test_domain_without_cell_counts_is_refused(void **state)
{
	(void)state;
	/* booting.txt: both "need to be specified"; Xen would inherit /chosen's instead */
	del_prop(DOMU1, "#size-cells");
	assert_domu1_refused(
		"#address-cells and #size-cells are required for the kernel module's reg");
}

static void test_domain_with_three_address_cells_is_refused(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "#address-cells", 3);
	assert_domu1_refused("kernel module: #address-cells and #size-cells must be 1 or 2");
}

static void test_kernel_module_without_reg_is_refused(void **state)
{
	(void)state;
	del_prop(K1, "reg");
	assert_domu1_refused("kernel module has no reg");
}

static void test_kernel_module_with_short_reg_is_refused(void **state)
{
	(void)state;
	SET_CELLS(K1, "reg", 0, 0x50000000, 0);
	assert_domu1_refused("kernel module reg is shorter than one (address, size) pair");
}

static void test_empty_kernel_module_is_refused(void **state)
{
	(void)state;
	SET_CELLS(K1, "reg", 0, 0x50000000, 0, 0);
	assert_domu1_refused("kernel module is empty (size 0)");
}

static void test_module_wrapping_the_address_space_is_refused(void **state)
{
	(void)state;
	SET_CELLS(R1, "reg", 0xffffffff, 0xfffff000, 0, 0x2000);
	assert_domu1_refused("ramdisk module wraps around the address space");
}

static void test_kernel_without_multiboot_module_compatible_is_refused(void **state)
{
	(void)state;
	set_str(K1, "compatible", "multiboot,kernel");
	assert_domu1_refused("kernel module lacks compatible \"multiboot,module\"");
}

static void test_legacy_xen_multiboot_module_compatible_is_accepted(void **state)
{
	static const char compat[] = "multiboot,kernel\0xen,multiboot-module";

	(void)state;
	ok(fdt_setprop(blob, off(K1), "compatible", compat, sizeof(compat)));
	parse_both();
	assert_true(cfg[0].kernel.present);
}

static void test_two_kernel_modules_are_refused(void **state)
{
	static const char compat[] = "multiboot,kernel\0multiboot,module";

	(void)state;
	ok(fdt_setprop(blob, off(R1), "compatible", compat, sizeof(compat)));
	assert_domu1_refused("more than one kernel module");
}

static void test_ramdisk_is_optional(void **state)
{
	(void)state;
	del_node(R1);
	parse_both();
	assert_false(cfg[0].ramdisk.present);
	assert_true(cfg[1].ramdisk.present);
}

static void test_ramdisk_without_reg_is_refused(void **state)
{
	(void)state;
	del_prop(R1, "reg");
	assert_domu1_refused("ramdisk module has no reg");
}

static void test_device_tree_module_is_recorded_for_passthrough(void **state)
{
	static const char compat[] = "multiboot,device-tree\0multiboot,module";
	int dtb;

	(void)state;
	dtb = fdt_add_subnode(blob, off(DOMU1), "module@53000000");
	assert_true(dtb >= 0);
	ok(fdt_setprop(blob, dtb, "compatible", compat, sizeof(compat)));
	SET_CELLS("/chosen/domU1/module@53000000", "reg", 0, 0x53000000, 0, 0x1000);
	parse_both();
	assert_true(cfg[0].dtb.present);
	assert_int_equal(cfg[0].dtb.start, 0x53000000);
	assert_int_equal(cfg[0].dtb.size, 0x1000);
	assert_false(cfg[1].dtb.present);
}

static void test_children_that_are_not_modules_are_ignored(void **state)
{
	(void)state;
	/* e.g. a static event channel (booting.txt, "Static Event Channel") */
	int ec = fdt_add_subnode(blob, off(DOMU1), "evtchn@2");

	assert_true(ec >= 0);
	ok(fdt_setprop_string(blob, ec, "compatible", "xen,evtchn-v1"));
	parse_both();
	assert_true(cfg[0].kernel.present);
}

static void test_domain_with_too_many_children_is_refused(void **state)
{
	char name[24];

	(void)state;
	for (int i = 0; i < DOM0LESS_MAX_DOMAIN_CHILDREN; i++) {
		snprintf(name, sizeof(name), "extra%d", i);
		assert_true(fdt_add_subnode(blob, off(DOMU1), name) >= 0);
	}
	assert_domu1_refused("more than 64 child nodes");
}

/* ---------------------------------------------------------------- bootargs */

static void test_bootargs_come_from_the_kernel_module_first(void **state)
{
	(void)state;
	set_str(DOMU1, "bootargs", "from the domain node");
	parse_both();
	assert_string_equal(cfg[0].bootargs, "console=ttyAMA0 quiet domu_id=domU1");
}

static void test_bootargs_fall_back_to_the_domain_node(void **state)
{
	(void)state;
	del_prop(K1, "bootargs");
	set_str(DOMU1, "bootargs", "from the domain node");
	parse_both();
	assert_string_equal(cfg[0].bootargs, "from the domain node");
}

static void test_bootargs_are_empty_when_nobody_gives_them(void **state)
{
	(void)state;
	del_prop(K1, "bootargs");
	parse_both();
	assert_string_equal(cfg[0].bootargs, "");
}

static void test_bootargs_of_the_maximum_length_are_kept(void **state)
{
	char args[DOM0LESS_BOOTARGS_MAX];

	(void)state;
	memset(args, 'a', sizeof(args) - 1);
	args[sizeof(args) - 1] = '\0';
	set_str(K1, "bootargs", args);
	parse_both();
	assert_string_equal(cfg[0].bootargs, args);
}

static void test_bootargs_too_long_are_refused(void **state)
{
	char args[DOM0LESS_BOOTARGS_MAX + 1];

	(void)state;
	memset(args, 'a', sizeof(args) - 1);
	args[sizeof(args) - 1] = '\0';
	set_str(K1, "bootargs", args);
	assert_domu1_refused("bootargs longer than 1023 characters");
}

static void test_bootargs_that_are_not_a_string_are_refused(void **state)
{
	(void)state;
	ok(fdt_setprop(blob, off(K1), "bootargs", "abc", 3));
	assert_domu1_refused("bootargs is not a string");
}

/* ---------------------------------------------------------------- static memory, 1:1, cpupool */

static void test_static_mem_uses_the_cells_of_chosen(void **state)
{
	(void)state;
	/* booting.txt (4.17) example: /chosen has 1 + 1 cells */
	SET_CELLS("/chosen", "#address-cells", 1);
	SET_CELLS("/chosen", "#size-cells", 1);
	SET_CELLS(DOMU1, "memory", 0, 0x80000);
	SET_CELLS(DOMU1, "xen,static-mem", 0x30000000, 0x20000000);
	parse_both();
	assert_int_equal(cfg[0].nr_static_mem, 1);
	assert_int_equal(cfg[0].static_mem[0].start, 0x30000000);
	assert_int_equal(cfg[0].static_mem[0].size, 0x20000000);
	assert_false(cfg[0].direct_map);
	assert_int_equal(cfg[1].nr_static_mem, 0);
}

static void test_static_mem_reads_several_ranges(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "memory", 0, 0x60000);
	SET_CELLS(DOMU1, "xen,static-mem", 0, 0x30000000, 0, 0x10000000, 0x8, 0x0, 0, 0x08000000);
	parse_both();
	assert_int_equal(cfg[0].nr_static_mem, 2);
	assert_int_equal(cfg[0].static_mem[1].start, 0x800000000ULL);
	assert_int_equal(cfg[0].static_mem[1].size, 0x08000000);
}

static void test_static_mem_honours_xen_4_16_cell_properties(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "#xen,static-mem-address-cells", 1);
	SET_CELLS(DOMU1, "#xen,static-mem-size-cells", 1);
	SET_CELLS(DOMU1, "memory", 0, 0x80000);
	SET_CELLS(DOMU1, "xen,static-mem", 0x30000000, 0x20000000);
	parse_both();
	assert_int_equal(cfg[0].static_mem[0].start, 0x30000000);
	assert_int_equal(cfg[0].static_mem[0].size, 0x20000000);
}

static void test_static_mem_inherits_root_cells_when_chosen_has_none(void **state)
{
	(void)state;
	del_prop("/chosen", "#address-cells");
	del_prop("/chosen", "#size-cells");
	SET_CELLS("/", "#size-cells", 1);
	SET_CELLS(DOMU1, "memory", 0, 0x80000);
	SET_CELLS(DOMU1, "xen,static-mem", 0, 0x30000000, 0x20000000);
	parse_both();
	assert_int_equal(cfg[0].static_mem[0].start, 0x30000000);
	assert_int_equal(cfg[0].static_mem[0].size, 0x20000000);
}

static void test_static_mem_not_matching_memory_is_refused(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "xen,static-mem", 0, 0x30000000, 0, 0x20000000);
	assert_domu1_refused("memory = 262144 KiB but xen,static-mem adds up to 524288 KiB");
}

static void test_static_mem_of_odd_length_is_refused(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "xen,static-mem", 0, 0x30000000, 0);
	assert_domu1_refused("xen,static-mem is not a list of (address, size) pairs of 2+2 cells");
}

static void test_static_mem_with_more_than_8_ranges_is_refused(void **state)
{
	uint32_t v[9 * 4];

	(void)state;
	for (int i = 0; i < 9; i++) {
		v[4 * i] = 0;
		v[4 * i + 1] = 0x30000000 + i * 0x1000000;
		v[4 * i + 2] = 0;
		v[4 * i + 3] = 0x1000000;
	}
	set_cells(DOMU1, "xen,static-mem", v, 9 * 4);
	assert_domu1_refused("xen,static-mem has more than 8 ranges");
}

static void test_static_mem_not_page_aligned_is_refused(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "xen,static-mem", 0, 0x30000800, 0, 0x10000000);
	assert_domu1_refused("xen,static-mem range 0 is not 4 KiB aligned");
}

static void test_static_mem_empty_range_is_refused(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "xen,static-mem", 0, 0x30000000, 0, 0x10000000, 0, 0x40000000, 0, 0);
	assert_domu1_refused("xen,static-mem range 1 is empty or wraps");
}

static void test_direct_map_with_static_mem_is_recorded(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "xen,static-mem", 0, 0x30000000, 0, 0x10000000);
	set_empty(DOMU1, "direct-map");
	parse_both();
	assert_true(cfg[0].direct_map);
	assert_false(cfg[1].direct_map);
}

static void test_direct_map_without_static_mem_is_refused(void **state)
{
	(void)state;
	set_empty(DOMU1, "direct-map");
	assert_domu1_refused("direct-map needs xen,static-mem (static allocation)");
}

static void test_domain_cpupool_phandle_is_recorded(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "domain-cpupool", POOL_PHANDLE);
	parse_both();
	assert_int_equal(cfg[0].cpupool_phandle, POOL_PHANDLE);
	assert_int_equal(cfg[1].cpupool_phandle, 0);
}

static void test_domain_cpupool_naming_no_cpupool_is_refused(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "domain-cpupool", 0x99);
	assert_domu1_refused("domain-cpupool <0x99> is not a xen,cpupool node");
}

/* ---------------------------------------------------------------- modules against memory */

static struct memmap mm;

static void board_memmap(void)
{
	memmap_init(&mm);
	ok(memmap_add_ram(&mm, 0x40000000, 0x100000000ULL));
	ok(memmap_reserve(&mm, KERNEL_BASE, KERNEL_SIZE, MEMMAP_MODULE, "k"));
	ok(memmap_reserve(&mm, RAMDISK_BASE, RAMDISK_SIZE, MEMMAP_MODULE, "r"));
}

static void test_modules_inside_boot_module_regions_pass_the_check(void **state)
{
	char reason[128] = "";

	(void)state;
	parse_both();
	board_memmap();
	assert_int_equal(dom0less_check_modules(&cfg[0], &mm, reason, sizeof(reason)), 0);
	assert_string_equal(reason, "");
}

static void test_module_outside_ram_fails_the_check_naming_it(void **state)
{
	char reason[128];

	(void)state;
	SET_CELLS(R1, "reg", 0x100, 0, 0, 0x1000);
	parse_both();
	board_memmap();
	assert_int_equal(dom0less_check_modules(&cfg[0], &mm, reason, sizeof(reason)), -EINVAL);
	assert_string_equal(
		reason, "domU1: ramdisk module [0x10000000000-0x10000001000) is not wholly in RAM");
}

static void test_module_that_is_not_reserved_fails_the_check(void **state)
{
	char reason[128];

	(void)state;
	parse_both();
	memmap_init(&mm);
	ok(memmap_add_ram(&mm, 0x40000000, 0x100000000ULL));
	ok(memmap_reserve(&mm, KERNEL_BASE, KERNEL_SIZE, MEMMAP_FIRMWARE, "not a module"));
	assert_int_equal(dom0less_check_modules(&cfg[0], &mm, reason, sizeof(reason)), -EINVAL);
	assert_string_equal(reason, "domU1: kernel module [0x50000000-0x51f6dfc0) is not inside a "
				    "boot module region");
}

/* ---------------------------------------------------------------- not built yet: refused */

static void assert_domu1_unsupported(const char *what)
{
	char reason[160], want[160];

	parse_both();
	assert_ptr_equal(cfg[1].unhonoured, NULL);
	assert_int_equal(dom0less_check_supported(&cfg[1], reason, sizeof(reason)), 0);
	assert_non_null(cfg[0].unhonoured);
	assert_string_equal(cfg[0].unhonoured, what);
	assert_int_equal(dom0less_check_supported(&cfg[0], reason, sizeof(reason)), -EINVAL);
	snprintf(want, sizeof(want),
		 "%s is not supported by Tessera yet (refused rather than built without it)", what);
	assert_string_equal(reason, want);
}

static void add_child(const char *compatible)
{
	int child = fdt_add_subnode(blob, off(DOMU1), "feature");

	assert_true(child >= 0);
	ok(fdt_setprop_string(blob, child, "compatible", compatible));
}

static void test_static_mem_is_refused_until_built(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "xen,static-mem", 0, 0x30000000, 0, 0x10000000);
	assert_domu1_unsupported("xen,static-mem");
}

static void test_domain_cpupool_is_refused_until_built(void **state)
{
	(void)state;
	SET_CELLS(DOMU1, "domain-cpupool", POOL_PHANDLE);
	assert_domu1_unsupported("domain-cpupool");
}

static void test_llc_colors_are_refused_until_built(void **state)
{
	(void)state;
	set_str(DOMU1, "llc-colors", "0-3");
	assert_domu1_unsupported("llc-colors");
}

static void test_passthrough_device_tree_is_refused_until_built(void **state)
{
	static const char compat[] = "multiboot,device-tree\0multiboot,module";
	int dtb = fdt_add_subnode(blob, off(DOMU1), "module@53000000");

	(void)state;
	assert_true(dtb >= 0);
	ok(fdt_setprop(blob, dtb, "compatible", compat, sizeof(compat)));
	SET_CELLS("/chosen/domU1/module@53000000", "reg", 0, 0x53000000, 0, 0x1000);
	assert_domu1_unsupported("multiboot,device-tree");
}

static void test_static_shared_memory_is_refused_until_built(void **state)
{
	(void)state;
	add_child("xen,domain-shared-memory-v1");
	assert_domu1_unsupported("xen,domain-shared-memory-v1");
}

static void test_vcpu_affinity_nodes_are_refused_until_built(void **state)
{
	(void)state;
	add_child("xen,vcpu");
	assert_domu1_unsupported("xen,vcpu");
}

static void test_static_event_channels_are_supported(void **state)
{
	char reason[160];

	(void)state;
	add_child("xen,evtchn-v1");
	parse_both();
	assert_int_equal(dom0less_check_supported(&cfg[0], reason, sizeof(reason)), 0);
}

static void test_cpupool_nodes_are_counted_for_the_warning(void **state)
{
	(void)state;
	assert_int_equal(dom0less_count_cpupools(blob), 1);
	del_node("/chosen/cpupool0");
	assert_int_equal(dom0less_count_cpupools(blob), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_reference_chosen_gives_two_domains_as_xen_reads_them),
		T(test_null_refuse_callback_is_allowed),
		T(test_tree_without_chosen_gives_no_domains),
		T(test_chosen_without_domains_gives_none),
		T(test_blob_that_is_not_a_device_tree_is_einval),
		T(test_domain_without_kernel_is_refused_and_others_parse),
		T(test_domids_follow_chosen_order_and_count_refused_nodes),
		T(test_nodes_that_are_not_domains_are_skipped_silently),
		T(test_more_domains_than_room_are_each_refused_once),
		T(test_no_room_at_all_refuses_every_domain),
		T(test_one_domain_of_room_says_domain_in_the_singular),
		T(test_every_broken_domain_is_reported_exactly_once),
		T(test_more_than_4096_chosen_children_are_reported_once),
		T(test_long_node_name_is_truncated_in_name_and_path),
		T(test_memory_accepts_one_and_two_cells),
		T(test_memory_high_cell_counts),
		T(test_memory_filling_both_guest_ram_banks_is_accepted),
		T(test_largest_memory_accepted_fits_the_build_window),
		T(test_memory_missing_is_refused),
		T(test_memory_zero_is_refused),
		T(test_memory_of_three_cells_is_refused),
		T(test_cpus_are_read),
		T(test_cpus_default_to_one),
		T(test_cpus_zero_is_refused),
		T(test_cpus_beyond_xen_limit_are_refused),
		T(test_cpus_of_two_cells_is_refused),
		T(test_vpl011_follows_property_presence),
		T(test_xen_enhanced_absent_means_none),
		T(test_xen_enhanced_without_value_means_enabled),
		T(test_xen_enhanced_names_enabled_no_xenstore_and_disabled),
		T(test_xen_enhanced_other_value_is_refused_quoting_it),
		T(test_xen_enhanced_long_or_unprintable_value_is_quoted_safely),
		T(test_xen_enhanced_that_is_not_a_string_is_refused),
		T(test_enhanced_values_have_binding_names),
		T(test_module_reg_uses_the_domain_nodes_cells),
		T(test_module_reg_above_4gib_uses_both_address_cells),
		T(test_domain_without_cell_counts_is_refused),
		T(test_domain_with_three_address_cells_is_refused),
		T(test_kernel_module_without_reg_is_refused),
		T(test_kernel_module_with_short_reg_is_refused),
		T(test_empty_kernel_module_is_refused),
		T(test_module_wrapping_the_address_space_is_refused),
		T(test_kernel_without_multiboot_module_compatible_is_refused),
		T(test_legacy_xen_multiboot_module_compatible_is_accepted),
		T(test_two_kernel_modules_are_refused),
		T(test_ramdisk_is_optional),
		T(test_ramdisk_without_reg_is_refused),
		T(test_device_tree_module_is_recorded_for_passthrough),
		T(test_children_that_are_not_modules_are_ignored),
		T(test_domain_with_too_many_children_is_refused),
		T(test_bootargs_come_from_the_kernel_module_first),
		T(test_bootargs_fall_back_to_the_domain_node),
		T(test_bootargs_are_empty_when_nobody_gives_them),
		T(test_bootargs_of_the_maximum_length_are_kept),
		T(test_bootargs_too_long_are_refused),
		T(test_bootargs_that_are_not_a_string_are_refused),
		T(test_static_mem_uses_the_cells_of_chosen),
		T(test_static_mem_reads_several_ranges),
		T(test_static_mem_honours_xen_4_16_cell_properties),
		T(test_static_mem_inherits_root_cells_when_chosen_has_none),
		T(test_static_mem_not_matching_memory_is_refused),
		T(test_static_mem_of_odd_length_is_refused),
		T(test_static_mem_with_more_than_8_ranges_is_refused),
		T(test_static_mem_not_page_aligned_is_refused),
		T(test_static_mem_empty_range_is_refused),
		T(test_direct_map_with_static_mem_is_recorded),
		T(test_direct_map_without_static_mem_is_refused),
		T(test_domain_cpupool_phandle_is_recorded),
		T(test_domain_cpupool_naming_no_cpupool_is_refused),
		T(test_modules_inside_boot_module_regions_pass_the_check),
		T(test_module_outside_ram_fails_the_check_naming_it),
		T(test_module_that_is_not_reserved_fails_the_check),
		T(test_static_mem_is_refused_until_built),
		T(test_domain_cpupool_is_refused_until_built),
		T(test_llc_colors_are_refused_until_built),
		T(test_passthrough_device_tree_is_refused_until_built),
		T(test_static_shared_memory_is_refused_until_built),
		T(test_vcpu_affinity_nodes_are_refused_until_built),
		T(test_static_event_channels_are_supported),
		T(test_cpupool_nodes_are_counted_for_the_warning),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
