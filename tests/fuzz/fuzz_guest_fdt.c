// SPDX-License-Identifier: Apache-2.0
// FUZZ-SOURCES: core/guest_fdt.c
// FUZZ-LIBS: -lfdt
/*
 * The guest device tree writer (core/guest_fdt.c) with parameters decoded from the input,
 * into a buffer of exactly the size it is given (ASan catches any byte written past it).
 * Checked: a tree it says it wrote passes fdt_check_full() and holds what it was asked to
 * (bootargs, one cpu node per vCPU, the RAM banks, the initrd range); a buffer of
 * GUEST_FDT_SIZE is always enough for parameters dom0less can pass; a failure is a libfdt
 * error and, for valid parameters in a big enough buffer, never happens.
 */
#include "fuzz.h"

#include <libfdt.h>

#include <tessera/dom0less_config.h>
#include <tessera/guest_fdt.h>

/* dom0less bounds bootargs; the host's cpu compatible is a short string in practice. */
#define BOOTARGS_MAX   (DOM0LESS_BOOTARGS_MAX - 1)
#define COMPATIBLE_MAX 64

static uint64_t gen_u64(struct fuzz_in *in)
{
	static const uint64_t nice[] = { 0,	     0x1000,	  0x40000000,	0x10000000,
					 0xc0000000, 0x200000000, 0xfe00000000, ~0ULL - 0xfff };

	return fuzz_u8(in) & 1 ? fuzz_u64(in) : FUZZ_PICK(in, nice);
}

/* A string of up to max bytes from the input; returned malloc'd, NUL-terminated. */
static char *gen_string(struct fuzz_in *in, size_t max)
{
	size_t len;
	const uint8_t *p = fuzz_bytes(in, fuzz_u16(in) % (max + 1), &len);
	char *s = (char *)fuzz_dup(p, len, 1);

	return s;
}

static void check_tree(const void *fdt, size_t size, const struct guest_fdt_params *p)
{
	int chosen, cpus, mem, len, n = 0, node;
	const char *args;
	const fdt32_t *reg;

	FUZZ_ASSERT(fdt_check_full(fdt, size) == 0);
	FUZZ_ASSERT(fdt_totalsize(fdt) <= size);
	chosen = fdt_path_offset(fdt, "/chosen");
	FUZZ_ASSERT(chosen >= 0);
	args = fdt_getprop(fdt, chosen, "bootargs", &len);
	if (p->bootargs == NULL || p->bootargs[0] == '\0')
		FUZZ_ASSERT(args == NULL);
	else
		FUZZ_ASSERT(args != NULL && strcmp(args, p->bootargs) == 0);
	FUZZ_ASSERT((fdt_getprop(fdt, chosen, "linux,initrd-start", &len) != NULL) == p->ramdisk);
	FUZZ_ASSERT((fdt_getprop(fdt, chosen, "stdout-path", &len) != NULL) == p->vpl011);
	cpus = fdt_path_offset(fdt, "/cpus");
	FUZZ_ASSERT(cpus >= 0);
	fdt_for_each_subnode(node, fdt, cpus)
	{
		FUZZ_ASSERT((unsigned int)n < p->nr_vcpus);
		reg = fdt_getprop(fdt, node, "reg", &len);
		FUZZ_ASSERT(reg != NULL && len == 4);
		FUZZ_ASSERT(fdt32_to_cpu(*reg) ==
			    (p->vcpu_affinity != NULL ? p->vcpu_affinity[n]
						      : guest_fdt_vcpu_affinity((unsigned int)n)));
		n++;
	}
	FUZZ_ASSERT((unsigned int)n == p->nr_vcpus);
	mem = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", sizeof("memory"));
	FUZZ_ASSERT(mem >= 0);
	reg = fdt_getprop(fdt, mem, "reg", &len);
	FUZZ_ASSERT(reg != NULL && (unsigned int)len == p->nr_ram * 16);
	for (unsigned int i = 0; i < p->nr_ram; i++) {
		FUZZ_ASSERT(fdt32_to_cpu(reg[4 * i + 1]) == (uint32_t)p->ram[i].base);
		FUZZ_ASSERT(fdt32_to_cpu(reg[4 * i + 3]) == (uint32_t)p->ram[i].size);
	}
	FUZZ_ASSERT((fdt_path_offset(fdt, "/hypervisor") >= 0) == p->hypervisor);
}

/* What guest_fdt.h lets through; everything else is -FDT_ERR_BADVALUE. */
static bool params_valid(const struct guest_fdt_params *p)
{
	unsigned int max_vcpus =
		p->gic_version == 2 ? GUEST_FDT_MAX_GICV2_VCPUS : GUEST_FDT_MAX_VCPUS;

	if ((p->gic_version != 2 && p->gic_version != 3) || p->nr_vcpus == 0 ||
	    p->nr_vcpus > max_vcpus || p->cpu_compatible[0] == '\0' || p->nr_ram == 0 ||
	    p->nr_ram > GUEST_FDT_MAX_RAM_BANKS || p->nr_ext_regions > GUEST_FDT_MAX_EXT_REGIONS)
		return false;
	for (unsigned int i = 0; i < p->nr_ram; i++)
		if (p->ram[i].size == 0 || p->ram[i].base + p->ram[i].size <= p->ram[i].base)
			return false;
	if (p->ramdisk && p->ramdisk_base + p->ramdisk_size < p->ramdisk_base)
		return false;
	for (unsigned int i = 0; p->vcpu_affinity != NULL && i < p->nr_vcpus; i++)
		if (p->vcpu_affinity[i] > 0xffffff)
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct guest_fdt_params p = { 0 };
	uint8_t flags = fuzz_u8(&in);
	uint32_t *aff = NULL;
	size_t buf_size;
	void *buf;
	int rc;

	p.nr_ram = fuzz_u8(&in) % (GUEST_FDT_MAX_RAM_BANKS + 2);
	for (unsigned int i = 0; i < GUEST_FDT_MAX_RAM_BANKS; i++) {
		p.ram[i].base = gen_u64(&in);
		p.ram[i].size = gen_u64(&in);
	}
	p.nr_vcpus = fuzz_u8(&in) % (GUEST_FDT_MAX_VCPUS + 2);
	if (flags & 1) {
		/* An affinity table of exactly nr_vcpus entries: reading past it is an error. */
		aff = malloc((p.nr_vcpus ? p.nr_vcpus : 1) * sizeof(*aff));
		FUZZ_ASSERT(aff != NULL);
		for (unsigned int i = 0; i < p.nr_vcpus; i++)
			aff[i] = fuzz_u8(&in) & 1 ? fuzz_u32(&in) : guest_fdt_vcpu_affinity(i + 1);
		p.vcpu_affinity = aff;
	}
	p.cpu_clock_frequency = flags & 2 ? fuzz_u32(&in) : 0;
	p.timer_clock_frequency = flags & 4 ? fuzz_u32(&in) : 0;
	p.gic_version = fuzz_u8(&in) % 5;
	p.ramdisk = flags & 8;
	p.ramdisk_base = gen_u64(&in);
	p.ramdisk_size = gen_u64(&in);
	p.vpl011 = flags & 16;
	p.hypervisor = flags & 32;
	p.nr_ext_regions = fuzz_u8(&in) % (GUEST_FDT_MAX_EXT_REGIONS + 2);
	for (unsigned int i = 0; i < GUEST_FDT_MAX_EXT_REGIONS; i++) {
		p.ext_regions[i].base = gen_u64(&in);
		p.ext_regions[i].size = gen_u64(&in);
	}
	/* Mostly the size dom0less.c gives; sometimes one that may be too small. */
	buf_size = flags & 64 ? fuzz_u16(&in) : GUEST_FDT_SIZE;
	p.cpu_compatible = gen_string(&in, COMPATIBLE_MAX);
	p.bootargs = flags & 128 ? gen_string(&in, BOOTARGS_MAX) : NULL;

	buf = malloc(buf_size ? buf_size : 1);
	FUZZ_ASSERT(buf != NULL);
	rc = guest_fdt_build(buf, buf_size, &p);
	if (rc == 0)
		check_tree(buf, buf_size, &p);
	else
		FUZZ_ASSERT(rc < 0 && fdt_strerror(rc) != NULL);
	FUZZ_ASSERT((rc == -FDT_ERR_BADVALUE) == !params_valid(&p));
	if (buf_size >= GUEST_FDT_SIZE)
		FUZZ_ASSERT(rc == 0 || rc == -FDT_ERR_BADVALUE);
	free(buf);
	free(aff);
	free((char *)p.cpu_compatible);
	free((char *)p.bootargs);
	return 0;
}
