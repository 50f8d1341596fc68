// SPDX-License-Identifier: Apache-2.0
// UNIT-SOURCES: core/guest_fdt.c
// UNIT-LIBS: -lfdt
// Verifies: REQ-DOM-002
/*
 * The device tree a domain boots with: built, read back with libfdt, and checked node by
 * node and property by property against what Xen 4.17 gives a dom0less domain
 * (shared/reference/xen-4.17-domU-guest.dts on GICv3, -gicv2.dts on GICv2; the expected
 * values below are copied from those files), plus Tessera's one addition, stdout-path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>

#include <public/arch-arm.h>
#include <tessera/compiler.h>
#include <tessera/guest_fdt.h>

static char blob[GUEST_FDT_SIZE];
static struct guest_fdt_params p;

#define BOOTARGS "console=ttyAMA0 quiet domu_id=domU1 domu_dumpfdt=1"

/* The domain of the reference trees: 256 MiB, one vCPU, a ramdisk, vpl011, no-xenstore. */
static int setup(void **state)
{
	(void)state;
	memset(&p, 0, sizeof(p));
	p.ram[0].base = GUEST_RAM0_BASE;
	p.ram[0].size = 0x10000000;
	p.nr_ram = 1;
	p.nr_vcpus = 1;
	p.cpu_compatible = "arm,cortex-a57";
	p.gic_version = 3;
	p.bootargs = BOOTARGS;
	p.ramdisk = true;
	p.ramdisk_base = 0x48200000;
	p.ramdisk_size = 0xf0f03;
	p.vpl011 = true;
	p.hypervisor = true;
	p.ext_regions[0].base = 0x50000000;
	p.ext_regions[0].size = 0xb0000000;
	p.ext_regions[1].base = GUEST_RAM1_BASE;
	p.ext_regions[1].size = GUEST_RAM1_SIZE;
	p.nr_ext_regions = 2;
	memset(blob, 0xa5, sizeof(blob));
	return 0;
}

static void build(void)
{
	assert_int_equal(guest_fdt_build(blob, sizeof(blob), &p), 0);
	assert_int_equal(fdt_check_full(blob, sizeof(blob)), 0);
}

/* ---------------------------------------------------------------- reading back */

static int off(const char *path)
{
	int o = fdt_path_offset(blob, path);

	if (o < 0)
		fail_msg("no node %s: %s", path, fdt_strerror(o));
	return o;
}

static const void *prop(const char *path, const char *name, int *len)
{
	const void *v = fdt_getprop(blob, off(path), name, len);

	if (v == NULL)
		fail_msg("%s has no %s", path, name);
	return v;
}

static void assert_cells(const char *path, const char *name, const uint32_t *want, int n)
{
	int len;
	const fdt32_t *v = prop(path, name, &len);

	assert_int_equal(len, n * 4);
	for (int i = 0; i < n; i++)
		if (fdt32_to_cpu(v[i]) != want[i])
			fail_msg("%s %s cell %d: 0x%x, want 0x%x", path, name, i,
				 fdt32_to_cpu(v[i]), want[i]);
}

#define ASSERT_CELLS(path, name, ...)                              \
	do {                                                       \
		const uint32_t w_[] = { __VA_ARGS__ };             \
		assert_cells(path, name, w_, (int)ARRAY_SIZE(w_)); \
	} while (0)

/* A string or, with embedded NULs, a string list: the exact bytes and the final NUL. */
static void assert_bytes(const char *path, const char *name, const char *want, int n)
{
	int len;
	const void *v = prop(path, name, &len);

	assert_int_equal(len, n);
	assert_memory_equal(v, want, n);
}

#define ASSERT_STR(path, name, s) assert_bytes(path, name, s, (int)sizeof(s))

static void assert_empty(const char *path, const char *name)
{
	int len;

	prop(path, name, &len);
	assert_int_equal(len, 0);
}

static void assert_absent(const char *path, const char *name)
{
	assert_null(fdt_getprop(blob, off(path), name, NULL));
}

/* The node's property names, in order, are exactly want[0..n). */
static void assert_props(const char *path, const char *const *want, int n)
{
	int i = 0, po;

	fdt_for_each_property_offset(po, blob, off(path))
	{
		const char *name;

		fdt_getprop_by_offset(blob, po, &name, NULL);
		if (i >= n)
			fail_msg("%s: unexpected property %s", path, name);
		if (strcmp(name, want[i]) != 0)
			fail_msg("%s: property %d is %s, want %s", path, i, name, want[i]);
		i++;
	}
	assert_int_equal(i, n);
}

#define ASSERT_PROPS(path, ...)                              \
	do {                                                 \
		const char *const w_[] = { __VA_ARGS__ };    \
		assert_props(path, w_, (int)ARRAY_SIZE(w_)); \
	} while (0)

/* The node's children, in order, are exactly want[0..n). */
static void assert_children(const char *path, const char *const *want, int n)
{
	int i = 0, child;

	fdt_for_each_subnode(child, blob, off(path))
	{
		const char *name = fdt_get_name(blob, child, NULL);

		if (i >= n)
			fail_msg("%s: unexpected child %s", path, name);
		if (strcmp(name, want[i]) != 0)
			fail_msg("%s: child %d is %s, want %s", path, i, name, want[i]);
		i++;
	}
	assert_int_equal(i, n);
}

#define ASSERT_CHILDREN(path, ...)                              \
	do {                                                    \
		const char *const w_[] = { __VA_ARGS__ };       \
		assert_children(path, w_, (int)ARRAY_SIZE(w_)); \
	} while (0)

/* ---------------------------------------------------------------- the reference trees */

static void test_gicv3_guest_has_the_nodes_of_xen_in_its_order(void **state)
{
	(void)state;
	build();
	ASSERT_CHILDREN("/", "chosen", "psci", "cpus", "memory@40000000",
			"interrupt-controller@3001000", "timer", "sbsa-uart@22000000",
			"hypervisor");
	ASSERT_CHILDREN("/cpus", "cpu@0");
}

static void test_root_has_two_address_and_two_size_cells(void **state)
{
	(void)state;
	build();
	ASSERT_PROPS("/", "#address-cells", "#size-cells");
	ASSERT_CELLS("/", "#address-cells", 2);
	ASSERT_CELLS("/", "#size-cells", 2);
}

static void test_chosen_has_bootargs_initrd_and_stdout_path(void **state)
{
	(void)state;
	build();
	ASSERT_PROPS("/chosen", "bootargs", "linux,initrd-start", "linux,initrd-end",
		     "stdout-path");
	ASSERT_STR("/chosen", "bootargs", BOOTARGS);
	ASSERT_CELLS("/chosen", "linux,initrd-start", 0x00, 0x48200000);
	ASSERT_CELLS("/chosen", "linux,initrd-end", 0x00, 0x482f0f03);
	/* Tessera's addition: Xen 4.17 writes no stdout-path */
	ASSERT_STR("/chosen", "stdout-path", "/sbsa-uart@22000000");
	assert_true(fdt_path_offset(blob, "/sbsa-uart@22000000") >= 0);
}

static void test_initrd_above_4gib_uses_both_cells(void **state)
{
	(void)state;
	p.ramdisk_base = 0x200000000ULL;
	p.ramdisk_size = 0x1000;
	build();
	ASSERT_CELLS("/chosen", "linux,initrd-start", 0x2, 0x00000000);
	ASSERT_CELLS("/chosen", "linux,initrd-end", 0x2, 0x00001000);
}

static void test_chosen_is_empty_without_bootargs_ramdisk_or_vpl011(void **state)
{
	(void)state;
	p.bootargs = "";
	p.ramdisk = false;
	p.vpl011 = false;
	build();
	ASSERT_PROPS("/chosen");
	p.bootargs = NULL;
	build();
	ASSERT_PROPS("/chosen");
}

static void test_psci_node_matches_xen(void **state)
{
	(void)state;
	build();
	ASSERT_PROPS("/psci", "compatible", "method", "cpu_off", "cpu_on");
	ASSERT_STR("/psci", "compatible", "arm,psci-1.0\0arm,psci-0.2\0arm,psci");
	ASSERT_STR("/psci", "method", "hvc");
	ASSERT_CELLS("/psci", "cpu_off", 0x01);
	ASSERT_CELLS("/psci", "cpu_on", 0x02);
}

static void test_cpu_node_matches_xen(void **state)
{
	(void)state;
	build();
	ASSERT_PROPS("/cpus", "#address-cells", "#size-cells");
	ASSERT_CELLS("/cpus", "#address-cells", 0x01);
	ASSERT_CELLS("/cpus", "#size-cells", 0x00);
	ASSERT_PROPS("/cpus/cpu@0", "compatible", "device_type", "reg", "enable-method");
	ASSERT_STR("/cpus/cpu@0", "compatible", "arm,cortex-a57");
	ASSERT_STR("/cpus/cpu@0", "device_type", "cpu");
	ASSERT_CELLS("/cpus/cpu@0", "reg", 0x00);
	ASSERT_STR("/cpus/cpu@0", "enable-method", "psci");
}

static void test_memory_node_matches_xen(void **state)
{
	(void)state;
	build();
	ASSERT_PROPS("/memory@40000000", "device_type", "reg");
	ASSERT_STR("/memory@40000000", "device_type", "memory");
	ASSERT_CELLS("/memory@40000000", "reg", 0x00, 0x40000000, 0x00, 0x10000000);
}

static void test_gicv3_guest_has_distributor_and_one_redistributor_region(void **state)
{
	const char *gic = "/interrupt-controller@3001000";

	(void)state;
	build();
	ASSERT_PROPS(gic, "#address-cells", "#interrupt-cells", "interrupt-controller",
		     "compatible", "reg", "linux,phandle", "phandle");
	ASSERT_CELLS(gic, "#address-cells", 0x00);
	ASSERT_CELLS(gic, "#interrupt-cells", 0x03);
	assert_empty(gic, "interrupt-controller");
	ASSERT_STR(gic, "compatible", "arm,gic-v3");
	ASSERT_CELLS(gic, "reg", 0x00, 0x3001000, 0x00, 0x10000, 0x00, 0x3020000, 0x00, 0x1000000);
	ASSERT_CELLS(gic, "linux,phandle", 0xfde8);
	ASSERT_CELLS(gic, "phandle", 0xfde8);
	assert_int_equal(fdt_node_offset_by_phandle(blob, 0xfde8), off(gic));
}

static void test_timer_node_matches_xen(void **state)
{
	(void)state;
	build();
	ASSERT_PROPS("/timer", "compatible", "interrupts", "interrupt-parent");
	ASSERT_STR("/timer", "compatible", "arm,armv8-timer");
	ASSERT_CELLS("/timer", "interrupts", 0x01, 0x0d, 0xf08, 0x01, 0x0e, 0xf08, 0x01, 0x0b,
		     0xf08);
	ASSERT_CELLS("/timer", "interrupt-parent", 0xfde8);
}

static void test_vpl011_node_matches_xen(void **state)
{
	const char *uart = "/sbsa-uart@22000000";

	(void)state;
	build();
	ASSERT_PROPS(uart, "compatible", "reg", "interrupts", "interrupt-parent", "current-speed");
	ASSERT_STR(uart, "compatible", "arm,sbsa-uart");
	ASSERT_CELLS(uart, "reg", 0x00, 0x22000000, 0x00, 0x1000);
	ASSERT_CELLS(uart, "interrupts", 0x00, 0x00, 0xf04);
	ASSERT_CELLS(uart, "interrupt-parent", 0xfde8);
	ASSERT_CELLS(uart, "current-speed", 0x1c200);
}

static void test_hypervisor_node_matches_xen(void **state)
{
	(void)state;
	build();
	ASSERT_PROPS("/hypervisor", "compatible", "reg", "interrupts", "interrupt-parent");
	ASSERT_STR("/hypervisor", "compatible", "xen,xen-4.17\0xen,xen");
	ASSERT_CELLS("/hypervisor", "reg", 0x00, 0x38000000, 0x00, 0x1000000, 0x00, 0x50000000,
		     0x00, 0xb0000000, 0x02, 0x00, 0xfe, 0x00);
	ASSERT_CELLS("/hypervisor", "interrupts", 0x01, 0x0f, 0xf08);
	ASSERT_CELLS("/hypervisor", "interrupt-parent", 0xfde8);
}

static void test_gicv2_guest_matches_xen_reference(void **state)
{
	const char *gic = "/interrupt-controller@3001000";

	(void)state;
	p.gic_version = 2;
	p.hypervisor = false;
	build();
	ASSERT_CHILDREN("/", "chosen", "psci", "cpus", "memory@40000000",
			"interrupt-controller@3001000", "timer", "sbsa-uart@22000000");
	ASSERT_PROPS(gic, "#address-cells", "#interrupt-cells", "interrupt-controller",
		     "compatible", "reg", "linux,phandle", "phandle");
	ASSERT_STR(gic, "compatible", "arm,gic-400");
	ASSERT_CELLS("/timer", "interrupts", 0x01, 0x0d, 0xf08, 0x01, 0x0e, 0xf08, 0x01, 0x0b,
		     0xf08);
	ASSERT_CELLS("/sbsa-uart@22000000", "interrupts", 0x00, 0x00, 0xf04);
}

static void test_gicv2_guest_has_gic400_with_4k_distributor(void **state)
{
	(void)state;
	p.gic_version = 2;
	build();
	ASSERT_STR("/interrupt-controller@3001000", "compatible", "arm,gic-400");
	ASSERT_CELLS("/interrupt-controller@3001000", "reg", 0x00, 0x3001000, 0x00, 0x1000, 0x00,
		     0x3002000, 0x00, 0x2000);
}

/* ---------------------------------------------------------------- variations */

static void test_hypervisor_node_only_when_enhanced(void **state)
{
	(void)state;
	p.hypervisor = false;
	build();
	assert_int_equal(fdt_path_offset(blob, "/hypervisor"), -FDT_ERR_NOTFOUND);
}

static void test_hypervisor_without_extended_regions_has_the_grant_table_only(void **state)
{
	(void)state;
	p.nr_ext_regions = 0;
	build();
	ASSERT_CELLS("/hypervisor", "reg", 0x00, 0x38000000, 0x00, 0x1000000);
}

static void test_no_vpl011_means_no_uart_and_no_stdout_path(void **state)
{
	(void)state;
	p.vpl011 = false;
	build();
	assert_int_equal(fdt_path_offset(blob, "/sbsa-uart@22000000"), -FDT_ERR_NOTFOUND);
	assert_absent("/chosen", "stdout-path");
}

static void test_memory_node_lists_every_bank_under_the_first_banks_name(void **state)
{
	(void)state;
	p.ram[0].size = GUEST_RAM0_SIZE;
	p.ram[1].base = GUEST_RAM1_BASE;
	p.ram[1].size = 0x40000000;
	p.nr_ram = 2;
	build();
	ASSERT_CELLS("/memory@40000000", "reg", 0x00, 0x40000000, 0x00, 0xc0000000, 0x02, 0x00,
		     0x00, 0x40000000);
}

static void test_vcpus_get_xen_affinities_sixteen_per_cluster(void **state)
{
	(void)state;
	p.nr_vcpus = 18;
	build();
	ASSERT_CHILDREN("/cpus", "cpu@0", "cpu@1", "cpu@2", "cpu@3", "cpu@4", "cpu@5", "cpu@6",
			"cpu@7", "cpu@8", "cpu@9", "cpu@a", "cpu@b", "cpu@c", "cpu@d", "cpu@e",
			"cpu@f", "cpu@100", "cpu@101");
	ASSERT_CELLS("/cpus/cpu@f", "reg", 0x0f);
	ASSERT_CELLS("/cpus/cpu@100", "reg", 0x100);
	ASSERT_CELLS("/cpus/cpu@101", "reg", 0x101);
	assert_int_equal(guest_fdt_vcpu_affinity(127), 0x70f);
}

static void test_caller_affinities_name_the_cpu_nodes(void **state)
{
	static const uint32_t aff[] = { 0x0, 0x10000 };

	(void)state;
	p.nr_vcpus = 2;
	p.vcpu_affinity = aff;
	build();
	ASSERT_CHILDREN("/cpus", "cpu@0", "cpu@10000");
	ASSERT_CELLS("/cpus/cpu@10000", "reg", 0x10000);
}

static void test_affinity_beyond_aff2_is_refused(void **state)
{
	static const uint32_t aff[] = { 0x1000000 };

	(void)state;
	p.vcpu_affinity = aff;
	assert_int_equal(guest_fdt_build(blob, sizeof(blob), &p), -FDT_ERR_BADVALUE);
}

static void test_ppi_cpu_mask_is_xens_up_to_four_vcpus_and_covers_more(void **state)
{
	(void)state;
	assert_int_equal(guest_fdt_ppi_flags(1), 0xf08);
	assert_int_equal(guest_fdt_ppi_flags(4), 0xf08);
	assert_int_equal(guest_fdt_ppi_flags(5), 0x1f08);
	assert_int_equal(guest_fdt_ppi_flags(7), 0x7f08);
	assert_int_equal(guest_fdt_ppi_flags(8), 0xff08);
	assert_int_equal(guest_fdt_ppi_flags(128), 0xff08);
}

static void test_eight_vcpus_mark_every_cpu_in_timer_and_event_channel_ppis(void **state)
{
	(void)state;
	p.nr_vcpus = 8;
	p.gic_version = 2;
	build();
	ASSERT_CELLS("/timer", "interrupts", 0x01, 0x0d, 0xff08, 0x01, 0x0e, 0xff08, 0x01, 0x0b,
		     0xff08);
	ASSERT_CELLS("/hypervisor", "interrupts", 0x01, 0x0f, 0xff08);
	/* an SPI's flags are as Xen writes them whatever the vCPUs */
	ASSERT_CELLS("/sbsa-uart@22000000", "interrupts", 0x00, 0x00, 0xf04);
}

static void test_clock_frequencies_only_when_asked(void **state)
{
	(void)state;
	p.timer_clock_frequency = 62500000;
	p.cpu_clock_frequency = 1000000000;
	build();
	ASSERT_PROPS("/timer", "compatible", "interrupts", "interrupt-parent", "clock-frequency");
	ASSERT_CELLS("/timer", "clock-frequency", 62500000);
	ASSERT_PROPS("/cpus/cpu@0", "compatible", "device_type", "reg", "clock-frequency",
		     "enable-method");
	ASSERT_CELLS("/cpus/cpu@0", "clock-frequency", 1000000000);
}

/* ---------------------------------------------------------------- limits and errors */

static void test_small_buffer_reports_nospace(void **state)
{
	(void)state;
	assert_int_equal(guest_fdt_build(blob, 256, &p), -FDT_ERR_NOSPACE);
	assert_int_equal(guest_fdt_build(blob, 16, &p), -FDT_ERR_NOSPACE);
}

static void test_guest_fdt_size_holds_the_largest_tree(void **state)
{
	char args[1024];

	(void)state;
	memset(args, 'a', sizeof(args) - 1);
	args[sizeof(args) - 1] = '\0';
	p.bootargs = args;
	p.nr_vcpus = GUEST_FDT_MAX_VCPUS;
	p.nr_ram = 2;
	p.ram[1].base = GUEST_RAM1_BASE;
	p.ram[1].size = GUEST_RAM1_SIZE;
	p.nr_ext_regions = GUEST_FDT_MAX_EXT_REGIONS;
	for (unsigned int i = 0; i < GUEST_FDT_MAX_EXT_REGIONS; i++) {
		p.ext_regions[i].base = 0x100000000ULL * (i + 1);
		p.ext_regions[i].size = 0x1000;
	}
	p.cpu_clock_frequency = 1;
	p.timer_clock_frequency = 1;
	build();
	assert_true(fdt_totalsize(blob) <= GUEST_FDT_SIZE);
	assert_int_equal(fdt_path_offset(blob, "/cpus/cpu@70f") >= 0, 1);
}

static void test_tree_is_only_as_large_as_it_needs(void **state)
{
	(void)state;
	build();
	assert_true(fdt_totalsize(blob) < 4096); /* Xen 4.17's whole DOMU_DTB_SIZE */
}

static void expect_badvalue(void)
{
	assert_int_equal(guest_fdt_build(blob, sizeof(blob), &p), -FDT_ERR_BADVALUE);
	setup(NULL);
}

static void test_parameters_out_of_range_are_refused(void **state)
{
	(void)state;
	p.gic_version = 4;
	expect_badvalue();
	p.nr_vcpus = 0;
	expect_badvalue();
	p.nr_vcpus = GUEST_FDT_MAX_VCPUS + 1;
	expect_badvalue();
	p.gic_version = 2;
	p.nr_vcpus = 9; /* GICv2 has eight CPU interfaces */
	expect_badvalue();
	p.cpu_compatible = NULL;
	expect_badvalue();
	p.cpu_compatible = "";
	expect_badvalue();
	p.nr_ram = 0;
	expect_badvalue();
	p.nr_ram = 3;
	expect_badvalue();
	p.ram[0].size = 0;
	expect_badvalue();
	p.ram[0].base = ~0ULL - 0xfff;
	expect_badvalue();
	p.nr_ext_regions = GUEST_FDT_MAX_EXT_REGIONS + 1;
	expect_badvalue();
	p.ramdisk_base = ~0ULL;
	expect_badvalue();
	assert_int_equal(guest_fdt_build(NULL, sizeof(blob), &p), -FDT_ERR_BADVALUE);
	assert_int_equal(guest_fdt_build(blob, sizeof(blob), NULL), -FDT_ERR_BADVALUE);
}

static void test_eight_vcpus_on_gicv2_are_accepted(void **state)
{
	(void)state;
	p.gic_version = 2;
	p.nr_vcpus = 8;
	build();
	ASSERT_CELLS("/cpus/cpu@7", "reg", 0x07);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_gicv3_guest_has_the_nodes_of_xen_in_its_order),
		T(test_root_has_two_address_and_two_size_cells),
		T(test_chosen_has_bootargs_initrd_and_stdout_path),
		T(test_initrd_above_4gib_uses_both_cells),
		T(test_chosen_is_empty_without_bootargs_ramdisk_or_vpl011),
		T(test_psci_node_matches_xen),
		T(test_cpu_node_matches_xen),
		T(test_memory_node_matches_xen),
		T(test_gicv3_guest_has_distributor_and_one_redistributor_region),
		T(test_timer_node_matches_xen),
		T(test_vpl011_node_matches_xen),
		T(test_hypervisor_node_matches_xen),
		T(test_gicv2_guest_matches_xen_reference),
		T(test_gicv2_guest_has_gic400_with_4k_distributor),
		T(test_hypervisor_node_only_when_enhanced),
		T(test_hypervisor_without_extended_regions_has_the_grant_table_only),
		T(test_no_vpl011_means_no_uart_and_no_stdout_path),
		T(test_memory_node_lists_every_bank_under_the_first_banks_name),
		T(test_vcpus_get_xen_affinities_sixteen_per_cluster),
		T(test_caller_affinities_name_the_cpu_nodes),
		T(test_affinity_beyond_aff2_is_refused),
		T(test_ppi_cpu_mask_is_xens_up_to_four_vcpus_and_covers_more),
		T(test_eight_vcpus_mark_every_cpu_in_timer_and_event_channel_ppis),
		T(test_clock_frequencies_only_when_asked),
		T(test_small_buffer_reports_nospace),
		T(test_guest_fdt_size_holds_the_largest_tree),
		T(test_tree_is_only_as_large_as_it_needs),
		T(test_parameters_out_of_range_are_refused),
		T(test_eight_vcpus_on_gicv2_are_accepted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
