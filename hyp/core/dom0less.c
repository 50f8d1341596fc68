// SPDX-License-Identifier: Apache-2.0
/*
 * The dom0less builder (Xen docs/misc/arm/device-tree/booting.txt, "dom0less"). For each
 * /chosen xen,domain node: check that it can run (vCPUs, memory, its modules), create the
 * domain, load its kernel (arm64 Image or gzip) and ramdisk into its RAM, write its device
 * tree, and start vCPU 0 at the kernel with x0 = the device tree (Linux booting.rst).
 * A node that cannot be built is refused with one line; the others are built.
 */
#include <asm/mmu.h>
#include <drivers/gic.h>
#include <libfdt.h>
#include <public/arch-arm.h>
#include <string.h>
#include <tessera/console.h>
#include <tessera/dom0less.h>
#include <tessera/domain_ext.h>
#include <tessera/errno.h>
#include <tessera/guest_fdt.h>
#include <tessera/inflate.h>
#include <tessera/kernel_image.h>
#include <tessera/lib.h>
#include <tessera/mm.h>
#include <tessera/percpu.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/smp.h>

#define GUEST_ALIGN MiB(2)
#define FDT_ORDER   4 /* 64 KiB buffer for a guest device tree */
/* The inflate tables (about 10 KiB) in whole pages: 16 KiB. */
#define INFLATE_WORK_ORDER 2
_Static_assert(sizeof(struct inflate_work) <= (PAGE_SIZE << INFLATE_WORK_ORDER),
	       "inflate_work fits its pages");

static const struct memmap *boot_memmap;
static const void *host_fdt;
// cppcheck-suppress misra-c2012-7.4 ; false positive: an array initialised from a literal
static char cpu_compatible[64] = "arm,armv8";
static struct domain_config configs[DOMAIN_MAX];
static unsigned int nr_refused; /* at boot, for the summary */

static void refuse(void *ctx, const char *node, const char *reason)
{
	(void)ctx;
	nr_refused++;
	pr_err("dom0less: %s: refused: %s\n", node, reason);
}

unsigned int dom0less_nr_refused(void)
{
	return nr_refused;
}

/* Is [s, e) a problem next to the taken region r? Returns the reason or NULL. */
static const char *module_conflict(paddr_t s, paddr_t e, const struct memmap_region *r)
{
	if (!(s < r->end && r->start < e))
		return NULL;
	if (r->kind == MEMMAP_HYP)
		return "overlaps Tessera";
	if (r->kind == MEMMAP_DTB)
		return "overlaps the device tree";
	if (r->kind == MEMMAP_MODULE && !(r->start == s && r->end == e))
		return "partly overlaps boot module";
	return NULL;
}

static int check_modules(const struct domain_config *cfg, char *why, size_t len)
{
	// cppcheck-suppress misra-c2012-9.3 ; false positive: the size comes from the initializer
	const struct dom0less_module *mods[] = { &cfg->kernel, &cfg->ramdisk, &cfg->dtb };
	static const char *const names[] = { "kernel", "ramdisk", "device-tree" };

	if (dom0less_check_modules(cfg, boot_memmap, why, len) < 0)
		return -EINVAL;
	for (unsigned int k = 0; k < ARRAY_SIZE(mods); k++) {
		paddr_t s = mods[k]->start, e = mods[k]->start + mods[k]->size;

		if (!mods[k]->present)
			continue;
		for (unsigned int i = 0; i < boot_memmap->nr_reserved; i++) {
			const struct memmap_region *r = &boot_memmap->reserved[i];
			const char *what = module_conflict(s, e, r);

			if (what != NULL) {
				snprintf(why, len, "%s module [0x%llx-0x%llx) %s %s", names[k],
					 (unsigned long long)s, (unsigned long long)e, what,
					 r->kind == MEMMAP_MODULE ? r->name : "");
				return -EINVAL;
			}
		}
	}
	return 0;
}

/* Maps the domain's RAM contiguously into this pCPU's build window. */
static void *map_domain_ram(struct domain *d)
{
	vaddr_t va = BUILD_VIRT_START + this_cpu_id() * BUILD_VIRT_STRIDE;

	for (psize_t off = 0; off < d->ram_size; off += PAGE_SIZE) {
		paddr_t pa = p2m_lookup(&d->p2m, d->ram_ipa + off, NULL);
		psize_t len = PAGE_SIZE;

		/* Whole 2 MiB chunks at once where the stage-2 block gives one. */
		if (IS_ALIGNED(off, GUEST_ALIGN) && d->ram_size - off >= GUEST_ALIGN &&
		    p2m_lookup(&d->p2m, d->ram_ipa + off + GUEST_ALIGN - PAGE_SIZE, NULL) ==
			    pa + GUEST_ALIGN - PAGE_SIZE)
			len = GUEST_ALIGN;
		if (pa == INVALID_PADDR || mmu_map(va + off, pa, len, MAP_RAM) < 0)
			return NULL;
		off += len - PAGE_SIZE;
	}
	return (void *)va;
}

static void unmap_domain_ram(struct domain *d)
{
	/* Freed RAM must not stay mapped in the window: failing here is a broken invariant. */
	if (mmu_unmap(BUILD_VIRT_START + this_cpu_id() * BUILD_VIRT_STRIDE, d->ram_size) < 0)
		panic("cannot unmap the domain build window");
}

struct layout {
	uint64_t entry; /* IPA */
	uint64_t kernel_end;
	uint64_t ramdisk; /* IPA, 0 if none */
	uint64_t fdt;	  /* IPA */
};

/*
 * Inflates the gzip kernel module into the domain's own RAM (the module stays intact for
 * other domains and for a reboot). The tables are this build's own, taken from the page
 * allocator and given back: domains rebooting at the same time on different pCPUs each
 * inflate with their own, never into each other's tables.
 */
static int inflate_kernel(const struct domain *d, const void *data, uint8_t *ram, size_t *out_len,
			  const char **why)
{
	paddr_t pa = alloc_pages(INFLATE_WORK_ORDER);
	struct inflate_work *work;
	int err;

	if (pa == INVALID_PADDR) {
		*why = "no memory to inflate its kernel";
		return -ENOMEM;
	}
	work = phys_to_virt(pa);
	inflate_crc32_init(work);
	err = inflate_gzip(data, d->cfg.kernel.size, ram, d->ram_size, out_len, work, why);
	free_pages(pa, INFLATE_WORK_ORDER);
	return err;
}

static int load_kernel(struct domain *d, uint8_t *ram, struct layout *l, const char **why)
{
	const struct dom0less_module *k = &d->cfg.kernel;
	const void *data = phys_to_virt(k->start);
	struct kernel_image_info ki;
	size_t out_len = 0;
	int err;

	if (kernel_image_probe(data, k->size, &ki, why) < 0)
		return -EINVAL;
	if (ki.format == KERNEL_IMAGE_GZIP) {
		err = inflate_kernel(d, data, ram, &out_len, why);
		if (err < 0)
			return err;
		if (kernel_image_probe_inflated(ram, out_len, &ki, why) < 0)
			return -EINVAL;
		if (ki.text_offset + ki.image_size > d->ram_size) {
			*why = "the kernel does not fit its memory";
			return -ENOMEM;
		}
		memmove(ram + ki.text_offset, ram, out_len);
		if (ki.text_offset > 0)
			memset(ram, 0, MIN(ki.text_offset, (uint64_t)out_len));
	} else {
		if (ki.text_offset + MAX(ki.image_size, (uint64_t)k->size) > d->ram_size) {
			*why = "the kernel does not fit its memory";
			return -ENOMEM;
		}
		memcpy(ram + ki.text_offset, data, k->size);
	}
	l->entry = d->ram_ipa + ki.text_offset;
	l->kernel_end = l->entry + MAX(ki.image_size, (uint64_t)(out_len ? out_len : k->size));
	return 0;
}

static int load_ramdisk(struct domain *d, uint8_t *ram, struct layout *l, const char **why)
{
	const struct dom0less_module *r = &d->cfg.ramdisk;
	uint64_t at = ALIGN_UP(l->kernel_end, GUEST_ALIGN);

	l->ramdisk = 0;
	if (!r->present)
		return 0;
	if (at + r->size > d->ram_ipa + d->ram_size) {
		*why = "the ramdisk does not fit its memory after the kernel";
		return -ENOMEM;
	}
	memcpy(ram + (at - d->ram_ipa), phys_to_virt(r->start), r->size);
	l->ramdisk = at;
	return 0;
}

static int write_device_tree(struct domain *d, uint8_t *ram, struct layout *l, const char **why)
{
	struct guest_fdt_params p;
	paddr_t buf = alloc_pages(FDT_ORDER);
	uint64_t at = ALIGN_UP(l->ramdisk != 0 ? l->ramdisk + d->cfg.ramdisk.size : l->kernel_end,
			       GUEST_ALIGN);
	int err;

	if (buf == INVALID_PADDR) {
		*why = "no memory for its device tree";
		return -ENOMEM;
	}
	memset(&p, 0, sizeof(p));
	p.ram[0].base = d->ram_ipa;
	p.ram[0].size = d->ram_size;
	p.nr_ram = 1;
	p.nr_vcpus = d->nr_vcpus;
	p.cpu_compatible = cpu_compatible;
	p.gic_version = (unsigned int)gic_get_info()->version;
	p.bootargs = d->cfg.bootargs;
	p.ramdisk = l->ramdisk != 0;
	p.ramdisk_base = l->ramdisk;
	p.ramdisk_size = d->cfg.ramdisk.size;
	p.vpl011 = d->cfg.vpl011;
	if (d->cfg.enhanced != DOM0LESS_ENHANCED_NONE) {
		/* /hypervisor: the grant-table window, then the guest space left unused (Xen's
		 * "extended regions"), where the guest may map foreign pages and grants. */
		uint64_t ram_end = d->ram_ipa + d->ram_size;

		p.hypervisor = true;
		if (ram_end < GUEST_RAM0_BASE + GUEST_RAM0_SIZE) {
			p.ext_regions[p.nr_ext_regions].base = ram_end;
			p.ext_regions[p.nr_ext_regions++].size =
				GUEST_RAM0_BASE + GUEST_RAM0_SIZE - ram_end;
		}
		if (p2m_ipa_bits() >= 40) {
			p.ext_regions[p.nr_ext_regions].base = GUEST_RAM1_BASE;
			p.ext_regions[p.nr_ext_regions++].size = GUEST_RAM1_SIZE;
		}
	}
	err = guest_fdt_build(phys_to_virt(buf), PAGE_SIZE << FDT_ORDER, &p);
	if (err == 0 && at + fdt_totalsize(phys_to_virt(buf)) > d->ram_ipa + d->ram_size)
		err = -FDT_ERR_NOSPACE;
	if (err == 0) {
		memcpy(ram + (at - d->ram_ipa), phys_to_virt(buf),
		       fdt_totalsize(phys_to_virt(buf)));
		l->fdt = at;
	} else {
		*why = "its device tree does not fit";
	}
	free_pages(buf, FDT_ORDER);
	return err == 0 ? 0 : -ENOMEM;
}

/* Everything that fills the domain's memory; the RAM window is mapped only meanwhile. */
static int load_domain(struct domain *d, struct layout *l, const char **why)
{
	uint8_t *ram = map_domain_ram(d);
	int err;

	if (ram == NULL) {
		*why = "cannot map its memory for loading";
		return -ENOMEM;
	}
	err = load_kernel(d, ram, l, why);
	if (err == 0)
		err = load_ramdisk(d, ram, l, why);
	if (err == 0)
		err = write_device_tree(d, ram, l, why);
	unmap_domain_ram(d);
	return err;
}

static int start_domain(struct domain *d, const struct layout *l, const char **why)
{
	const struct scheduler *s = sched_get();

	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		if (s->insert(d->vcpus[i], why) < 0) {
			for (unsigned int j = 0; j < i; j++)
				s->remove(d->vcpus[j]);
			return -ENOSPC;
		}
	}
	vcpu_reset_to(d->vcpus[0], l->entry, l->fdt);
	domain_publish(d);
	return 0;
}

const void *dom0less_host_fdt(void)
{
	return host_fdt;
}

struct domain *dom0less_domain_of_node(const void *fdt, int dnode)
{
	char path[DOM0LESS_PATH_MAX];

	if (fdt_get_path(fdt, dnode, path, sizeof(path)) < 0)
		return NULL;
	for (unsigned int i = 0; i < DOMAIN_MAX; i++) {
		if (configs[i].domid != 0 && strcmp(configs[i].path, path) == 0)
			return domain_by_id(configs[i].domid);
	}
	return NULL;
}

static void describe(const struct domain *d, const struct layout *l)
{
	char cpus[48];
	int n = 0;

	for (unsigned int i = 0; i < d->nr_vcpus && n < (int)sizeof(cpus) - 4; i++)
		n += snprintf(cpus + n, sizeof(cpus) - (size_t)n, "%s%u", i ? "," : "",
			      d->vcpus[i]->pcpu);
	pr_info("d%u (%s): %u vCPU%s on pCPU %s, %llu MiB, kernel at 0x%llx, dtb at 0x%llx%s\n",
		d->id, d->name, d->nr_vcpus, d->nr_vcpus > 1 ? "s" : "", cpus,
		(unsigned long long)(d->ram_size >> 20), (unsigned long long)l->entry,
		(unsigned long long)l->fdt, d->cfg.vpl011 ? ", vpl011" : "");
}

/* Builds one domain; returns 0 or an error with *why, everything undone. */
static int build_domain(const struct domain_config *cfg, struct domain **out, const char **why)
{
	struct domain *d;
	struct layout l = { 0 };
	int err;

	err = domain_create(cfg, &d, why);
	if (err < 0)
		return err;
	err = load_domain(d, &l, why);
	if (err == 0)
		err = start_domain(d, &l, why);
	if (err < 0) {
		domain_destroy(d);
		return err;
	}
	describe(d, &l);
	*out = d;
	return 0;
}

static void read_cpu_compatible(const void *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	int node;

	fdt_for_each_subnode(node, fdt, cpus)
	{
		const char *c = fdt_getprop(fdt, node, "compatible", NULL);

		if (c != NULL && strnlen(c, sizeof(cpu_compatible)) < sizeof(cpu_compatible)) {
			memcpy(cpu_compatible, c, strlen(c) + 1);
			return;
		}
	}
}

unsigned int dom0less_build_all(const void *fdt, const struct memmap *m)
{
	int n;
	unsigned int started = 0;
	struct domain *built[DOMAIN_MAX];

	boot_memmap = m;
	host_fdt = fdt;
	read_cpu_compatible(fdt);
	n = dom0less_parse(fdt, configs, DOMAIN_MAX, refuse, NULL);
	if (dom0less_count_cpupools(fdt) != 0)
		pr_warn("dom0less: xen,cpupool nodes are not supported by Tessera yet: all pCPUs "
			"stay in one pool (sched=%s)\n",
			sched_get()->name);
	for (int i = 0; i < n; i++) {
		const struct domain_config *cfg = &configs[i];
		char reason[160];
		const char *why = reason;
		struct domain *d;

		reason[0] = '\0';
		if (dom0less_check_supported(cfg, reason, sizeof(reason)) < 0) {
			/* reason filled in */
		} else if (cfg->nr_vcpus > sched_get()->capacity()) {
			snprintf(reason, sizeof(reason),
				 "cpus = %u but only %u pCPUs are free (sched=%s gives each vCPU "
				 "its own)",
				 cfg->nr_vcpus, sched_get()->capacity(), sched_get()->name);
			(void)smp_append_lost(reason, sizeof(reason));
		} else if (check_modules(cfg, reason, sizeof(reason)) < 0) {
			/* reason filled in */
		} else if (cfg->memory_kib * 1024 > mm_free_bytes()) {
			snprintf(reason, sizeof(reason),
				 "memory = %llu KiB but only %llu KiB are free",
				 (unsigned long long)cfg->memory_kib,
				 (unsigned long long)(mm_free_bytes() >> 10));
		} else if (build_domain(cfg, &d, &why) == 0) {
			built[started++] = d;
			continue;
		}
		refuse(NULL, cfg->path, why);
	}
	for (unsigned int i = 0; i < started; i++)
		domain_ext_domain_connect(built[i]);
	for (unsigned int i = 0; i < started; i++)
		domain_start(built[i]);
	return started;
}

void dom0less_rebuild(const struct domain_config *cfg)
{
	const char *why = "";
	struct domain *d;

	if (build_domain(cfg, &d, &why) < 0) {
		pr_err("d%u (%s): reboot failed: %s\n", cfg->domid, cfg->name, why);
		return;
	}
	domain_ext_domain_connect(d);
	domain_start(d);
}
