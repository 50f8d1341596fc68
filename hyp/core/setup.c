// SPDX-License-Identifier: Apache-2.0
/*
 * The boot flow, in order. head.S enters start_tessera() on the boot CPU with the MMU on,
 * running at HYP_VIRT_START on a stack in .bss.
 */
#include <asm/p2m.h>
#include <asm/layout.h>
#include <asm/mmu.h>
#include <asm/psci.h>
#include <asm/sysreg.h>
#include <drivers/arch_timer.h>
#include <drivers/gic.h>
#include <platform/platform.h>
#include <string.h>
#include <tessera/bootinfo.h>
#include <tessera/cmdline.h>
#include <tessera/console.h>
#include <tessera/fdt_util.h>
#include <tessera/domain_ext.h>
#include <tessera/irq.h>
#include <tessera/lib.h>
#include <tessera/mm.h>
#include <tessera/percpu.h>
#include <tessera/printk.h>
#include <tessera/dom0less.h>
#include <tessera/sched.h>
#include <tessera/smp.h>
#include <tessera/stack_protector.h>
#include <tessera/timer.h>

#define CMDLINE_WARN_MAX 8
/* The hypervisor-timer check at boot: arm 1 ms ahead, give up after 100 ms. */
#define TIMER_CHECK_NS	    1000000ULL
#define TIMER_CHECK_WAIT_NS 100000000ULL

extern char boot_stack_guard[], boot_stack[];

static struct boot_options opts;
static struct memmap boot_memmap;

const struct boot_options *boot_opts(void)
{
	return &opts;
}

/* Warnings from the command line are kept until the console exists. */
static struct {
	char text[96];
} cmdline_warnings[CMDLINE_WARN_MAX];
static unsigned int nr_cmdline_warnings;

static void keep_cmdline_warning(void *ctx, const char *option, const char *why)
{
	(void)ctx;
	if (nr_cmdline_warnings < CMDLINE_WARN_MAX)
		snprintf(cmdline_warnings[nr_cmdline_warnings++].text,
			 sizeof(cmdline_warnings[0].text), "option '%s': %s", option, why);
}

/* Errors before the console is known go to the platform's default UART. */
static void use_fallback_console(void)
{
	if (!console_ready())
		console_init_early(PLATFORM_DEFAULT_UART_PA);
}

/* Maps the device tree read-only at FDT_VIRT_START and checks it whole. */
static const void *map_device_tree(paddr_t pa)
{
	paddr_t page = pa & ~(paddr_t)(PAGE_SIZE_BYTES - 1);
	vaddr_t va = FDT_VIRT_START + (pa - page);
	uint32_t size;
	int err;

	if (pa == 0) {
		use_fallback_console();
		fatal_boot_error("no device tree: the loader passed 0 in x0");
	}
	if ((pa & 7) != 0 || pa >= (1ULL << 44)) {
		use_fallback_console();
		fatal_boot_error("no device tree: x0 = 0x%llx is not an 8-byte aligned RAM address",
				 (unsigned long long)pa);
	}
	if (mmu_map(FDT_VIRT_START, page, PAGE_SIZE_BYTES, MAP_RO) < 0)
		panic("cannot map the device tree header");
	// cppcheck-suppress misra-c2012-7.2 ; FDT_MAGIC is libfdt's macro
	if (fdt_magic((const void *)va) != FDT_MAGIC) {
		use_fallback_console();
		fatal_boot_error("device tree at 0x%llx is not valid: %s (magic 0x%08x)",
				 (unsigned long long)pa, fdt_strerror(-FDT_ERR_BADMAGIC),
				 fdt_magic((const void *)va));
	}
	size = fdt_totalsize((const void *)va);
	if (size < sizeof(struct fdt_header) || size > FDT_VIRT_SIZE - (pa - page)) {
		use_fallback_console();
		fatal_boot_error("device tree at 0x%llx is not valid: size %u (at most 2 MiB)",
				 (unsigned long long)pa, size);
	}
	if (mmu_map(FDT_VIRT_START, page, ALIGN_UP(pa + size, PAGE_SIZE_BYTES) - page, MAP_RO) < 0)
		panic("cannot map the device tree");
	err = fdt_check_full((const void *)va, size);
	if (err < 0) {
		use_fallback_console();
		fatal_boot_error("device tree at 0x%llx is not valid: %s", (unsigned long long)pa,
				 fdt_strerror(err));
	}
	return (const void *)va;
}

static void read_cmdline(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *args = NULL;
	int len = 0;

	cmdline_defaults(&opts);
	if (chosen >= 0)
		args = fdt_getprop(fdt, chosen, "xen,xen-bootargs", &len);
	if (args != NULL && len > 0 && strnlen(args, (size_t)len) < (size_t)len)
		(void)cmdline_parse(args, &opts, keep_cmdline_warning, NULL); /* warnings kept */
	printk_set_level(opts.loglvl);
}

/* The console UART: dtuart= (alias or path), else /chosen/stdout-path. Halts if named but
 * missing, after saying so on whatever UART can be found. */
static void start_console(const void *fdt)
{
	const char *spec = opts.dtuart;
	paddr_t base;
	psize_t size;
	int node;

	if (spec[0] == '\0') {
		int chosen = fdt_path_offset(fdt, "/chosen");

		spec = chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", NULL) : NULL;
		if (spec == NULL) {
			use_fallback_console();
			return;
		}
	}
	node = fdt_node_by_path_or_alias(fdt, spec);
	if (node < 0 || fdt_reg_get(fdt, node, 0, &base, &size) < 0 ||
	    fdt_node_check_compatible(fdt, node, "arm,pl011") != 0) {
		use_fallback_console();
		fatal_boot_error("console: dtuart=%s: %s", spec,
				 node < 0 ? "no such device-tree node or alias"
					  : "not a PL011 (compatible \"arm,pl011\") with a reg");
	}
	console_init_early(base);
}

static void print_banner(void)
{
	pr_info("Tessera %s (%s): Arm64 type-1 hypervisor\n", TESSERA_VERSION, TESSERA_GIT_REV);
	pr_info("platform %s, running at EL2, image at 0x%llx\n", PLATFORM_NAME,
		(unsigned long long)mmu_image_base());
	for (unsigned int i = 0; i < nr_cmdline_warnings; i++)
		pr_warn("warning: %s\n", cmdline_warnings[i].text);
}

static volatile bool timer_check_fired;

static void timer_check_fn(struct timer *t, void *data)
{
	(void)t;
	(void)data;
	timer_check_fired = true;
}

/* Proves the hypervisor timer interrupt reaches us before anything depends on it. */
static bool check_hyp_timer(void)
{
	struct timer t;
	uint64_t give_up = timer_now() + ns_to_ticks(TIMER_CHECK_WAIT_NS);

	timer_setup(&t, timer_check_fn, NULL);
	timer_set(&t, timer_now() + ns_to_ticks(TIMER_CHECK_NS));
	/* Check and sleep with IRQs masked: WFI still wakes for a pending interrupt, so one
	 * that arrives after the check cannot be slept through. */
	for (;;) {
		irq_disable_local();
		if (timer_check_fired || timer_now() >= give_up)
			break;
		wfi();
		irq_enable_local();
	}
	irq_enable_local();
	timer_cancel(&t);
	return timer_check_fired;
}

static void start_devices(const void *fdt)
{
	int uart;
	unsigned int intid;

	if (gic_init(fdt) < 0)
		fatal_boot_error("no usable interrupt controller");
	if (arch_timer_init(fdt) < 0)
		fatal_boot_error("no usable generic timer");
	timer_init_cpu();
	smp_register_ipis();
	irq_enable_local();

	/* Console input: the UART's SPI, from its node. */
	uart = opts.dtuart[0] != '\0' ? fdt_node_by_path_or_alias(fdt, opts.dtuart) : -1;
	if (uart < 0) {
		int chosen = fdt_path_offset(fdt, "/chosen");
		const char *sp = chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", NULL) : NULL;

		uart = sp != NULL ? fdt_node_by_path_or_alias(fdt, sp) : -1;
	}
	if (uart >= 0 &&
	    fdt_gic_irq_get(fdt, uart, 0, gic_get_info()->interrupt_cells, &intid) == 0 &&
	    intid >= 32U) {
		if (console_enable_input(intid) < 0)
			pr_warn("console: cannot take the UART interrupt; input disabled\n");
	} else
		pr_warn("console: no UART interrupt in the device tree; input disabled\n");
}

static void print_summary(uint64_t entry_ticks, unsigned int online, unsigned int answered,
			  bool timer_ok)
{
	const struct gic_info *g = gic_get_info();
	const struct arch_timer_info *t = arch_timer_get_info();
	uint64_t us = ticks_to_ns(timer_now() - entry_ticks) / 1000;

	pr_info("Boot summary:\n");
	pr_info("  version:   %s\n", TESSERA_VERSION);
	pr_info("  pCPUs:     %u online of %u (IPIs answered by %u)\n", online, nr_cpus_present,
		answered);
	pr_info("  RAM:       %llu MiB found, %llu MiB free\n",
		(unsigned long long)(mm_ram_bytes() >> 20),
		(unsigned long long)(mm_free_bytes() >> 20));
	pr_info("  GIC:       v%d, %u lines, maintenance interrupt %u\n", g->version, g->nr_lines,
		g->maintenance_irq);
	pr_info("  timer:     %llu kHz, hypervisor timer interrupt %u %s\n",
		(unsigned long long)(t->freq_hz / 1000), t->hyp_ppi,
		timer_ok ? "ok" : "NOT FIRING");
	pr_info("  modules:   %u\n", bootinfo_nr_modules());
	pr_info("  scheduler: %s, vwfi=%s\n", cmdline_sched_name(opts.sched),
		opts.vwfi == VWFI_NATIVE ? "native" : "trap");
	pr_info("  boot time: %llu us from entry to summary\n", (unsigned long long)us);
}

/* Virtualization on every pCPU, then every domain /chosen describes. */
static void start_domains(const void *fdt)
{
	unsigned int started, refused;

	p2m_cpu_init();
	if (domain_ext_boot_init() < 0)
		fatal_boot_error("the interrupt controller has no virtualization support");
	sched_init(&sched_null);
	if (opts.sched != SCHED_NULL)
		pr_warn("sched=%s is not available yet: using the null scheduler\n",
			cmdline_sched_name(opts.sched));
	started = dom0less_build_all(fdt, &boot_memmap);
	refused = dom0less_nr_refused();
	if (started == 0 && refused == 0)
		pr_info("No domains configured: idling.\n");
	else if (started == 0)
		pr_err("No domain started: %u refused (see above); idling.\n", refused);
	else if (refused > 0)
		pr_info("%u domain%s started, %u refused.\n", started, started > 1 ? "s" : "",
			refused);
	else
		pr_info("%u domain%s started.\n", started, started > 1 ? "s" : "");
}

void start_tessera(paddr_t dtb_pa, paddr_t image_pa, uint64_t entry_ticks);

void start_tessera(paddr_t dtb_pa, paddr_t image_pa, uint64_t entry_ticks)
{
	const void *fdt;
	unsigned int online, answered;
	bool timer_ok;

	stack_protector_init(entry_ticks);
	mmu_init(image_pa);
	pcpus[0].stack_base = (vaddr_t)boot_stack;
	pcpus[0].stack_top = (vaddr_t)boot_stack + HYP_STACK_SIZE;
	percpu_set(&pcpus[0]);
	if (mmu_unmap((vaddr_t)boot_stack_guard, PAGE_SIZE_BYTES) < 0)
		panic("cannot unmap the boot stack guard page");

	fdt = map_device_tree(dtb_pa);
	read_cmdline(fdt);
	start_console(fdt);
	print_banner();

	bootinfo_build_memmap(fdt, dtb_pa, image_pa, mmu_image_size(), &boot_memmap);
	mm_init(&boot_memmap, image_pa, mmu_image_size());
	smp_init_cpus(fdt);
	start_devices(fdt);
	timer_ok = check_hyp_timer();

	if (psci_init(fdt) == 0)
		online = smp_boot_secondaries();
	else
		online = 1;
	mmu_remove_boot_identity();
	answered = smp_ping_all();

	print_summary(entry_ticks, online, answered, timer_ok);
	start_domains(fdt);
	pr_info("Ctrl-a three times switches console input; 'h' lists debug keys.\n");
	sched_loop();
}
