// SPDX-License-Identifier: Apache-2.0
// UNIT-SOURCES: core/fdt_util.c
// UNIT-LIBS: -lfdt
/*
 * GIC interrupt specifiers are decoded in one place (fdt_gic_irq_get), for the hypervisor's
 * timer, GIC and console and for the test guests: SPI and PPI numbers, the GIC's
 * #interrupt-cells as the stride, and what is refused.
 *
 * Verifies: REQ-BOOT-014
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <tessera/fdt_util.h>

#define BLOB_SIZE  4096
#define GIC_HANDLE 0x8001

static unsigned char blob[BLOB_SIZE];

static void ok(int err)
{
	assert_int_equal(err, 0);
}

static void cells(const char *name, const uint32_t *v, int n)
{
	fdt32_t c[16];

	for (int i = 0; i < n; i++)
		c[i] = cpu_to_fdt32(v[i]);
	ok(fdt_property(blob, name, c, n * 4));
}

/* / { interrupt-parent = <gic>; gic { #interrupt-cells = <gic_cells>; }
 *     dev { interrupts = <spec...>; } bus { leaf { interrupts = <1 5 4>; } } } */
static void build(uint32_t gic_cells, const uint32_t *spec, int n)
{
	static const uint32_t leaf[] = { 1, 5, 4, 0 };

	ok(fdt_create(blob, BLOB_SIZE));
	ok(fdt_finish_reservemap(blob));
	ok(fdt_begin_node(blob, ""));
	ok(fdt_property_u32(blob, "interrupt-parent", GIC_HANDLE));
	ok(fdt_begin_node(blob, "gic"));
	ok(fdt_property_u32(blob, "#interrupt-cells", gic_cells));
	ok(fdt_property_u32(blob, "phandle", GIC_HANDLE));
	ok(fdt_end_node(blob));
	ok(fdt_begin_node(blob, "dev"));
	if (n > 0)
		cells("interrupts", spec, n);
	ok(fdt_end_node(blob));
	ok(fdt_begin_node(blob, "bus"));
	ok(fdt_begin_node(blob, "leaf"));
	cells("interrupts", leaf, gic_cells > 4 ? 4 : (int)gic_cells);
	ok(fdt_end_node(blob));
	ok(fdt_end_node(blob));
	ok(fdt_end_node(blob));
	ok(fdt_finish(blob));
}

static int irq(const char *path, int index, unsigned int *intid)
{
	int node = fdt_path_offset(blob, path);
	int gic = fdt_path_offset(blob, "/gic");

	assert_true(node >= 0 && gic >= 0);
	return fdt_gic_irq_get(blob, node, index, fdt_gic_interrupt_cells(blob, gic), intid);
}

static void test_spi_and_ppi_numbers_become_intids(void **state)
{
	static const uint32_t spec[] = { 0, 1, 4, 1, 14, 8, 0, 987, 4 };
	unsigned int intid = 0;

	(void)state;
	build(3, spec, 9);
	ok(irq("/dev", 0, &intid));
	assert_int_equal(intid, 33); /* SPI 1: the QEMU virt UART */
	ok(irq("/dev", 1, &intid));
	assert_int_equal(intid, 30); /* PPI 14: the EL1 physical timer */
	ok(irq("/dev", 2, &intid));
	assert_int_equal(intid, 1019); /* the last SPI */
	assert_int_equal(irq("/dev", 3, &intid), -FDT_ERR_NOTFOUND);
	assert_int_equal(irq("/dev", -1, &intid), -FDT_ERR_NOTFOUND);
}

static void test_the_parents_interrupt_cells_give_the_stride(void **state)
{
	/* arm,gic-v3 with PPI partitions: four cells per entry */
	static const uint32_t spec[] = { 0, 2, 4, 0, 1, 11, 4, 0 };
	unsigned int intid = 0;

	(void)state;
	build(4, spec, 8);
	ok(irq("/dev", 1, &intid));
	assert_int_equal(intid, 27);
	ok(irq("/bus/leaf", 0, &intid));
	assert_int_equal(intid, 21);
}

static void test_out_of_range_and_unknown_types_are_refused(void **state)
{
	static const uint32_t spec[] = { 0, 988, 4, 1, 16, 4, 2, 3, 4 };
	unsigned int intid = 1234;

	(void)state;
	build(3, spec, 9);
	assert_int_equal(irq("/dev", 0, &intid), -FDT_ERR_BADVALUE);
	assert_int_equal(irq("/dev", 1, &intid), -FDT_ERR_BADVALUE);
	assert_int_equal(irq("/dev", 2, &intid), -FDT_ERR_BADVALUE);
	assert_int_equal(intid, 1234);
}

static void test_interrupt_cells_out_of_range_count_as_three(void **state)
{
	(void)state;
	build(5, NULL, 0);
	assert_int_equal(fdt_gic_interrupt_cells(blob, fdt_path_offset(blob, "/gic")), 3);
	build(2, NULL, 0);
	assert_int_equal(fdt_gic_interrupt_cells(blob, fdt_path_offset(blob, "/gic")), 3);
}

static void test_missing_or_short_interrupts_are_not_found(void **state)
{
	static const uint32_t spec[] = { 0, 1 };
	unsigned int intid;

	(void)state;
	build(3, spec, 2);
	assert_int_equal(irq("/dev", 0, &intid), -FDT_ERR_NOTFOUND);
	build(3, NULL, 0);
	assert_int_equal(irq("/dev", 0, &intid), -FDT_ERR_NOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spi_and_ppi_numbers_become_intids),
		cmocka_unit_test(test_the_parents_interrupt_cells_give_the_stride),
		cmocka_unit_test(test_out_of_range_and_unknown_types_are_refused),
		cmocka_unit_test(test_interrupt_cells_out_of_range_count_as_three),
		cmocka_unit_test(test_missing_or_short_interrupts_are_not_found),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
