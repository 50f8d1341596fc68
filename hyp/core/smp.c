// SPDX-License-Identifier: Apache-2.0
/*
 * Secondary CPU bring-up. Each CPU in /cpus (device_type "cpu", enable-method "psci") gets an
 * index in /cpus order, the boot CPU being 0; a 16 KiB stack with an unmapped guard page
 * below it; then PSCI CPU_ON at secondary_entry in head.S, which enters start_secondary().
 */
#include <asm/p2m.h>
#include <asm/mmu.h>
#include <asm/psci.h>
#include <asm/sysreg.h>
#include <drivers/arch_timer.h>
#include <drivers/gic.h>
#include <string.h>
#include <tessera/fdt_util.h>
#include <tessera/domain_ext.h>
#include <tessera/irq.h>
#include <tessera/lib.h>
#include <tessera/mm.h>
#include <tessera/percpu.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/smp.h>
#include <tessera/timer.h>

/* MPIDR_EL1 affinity fields Aff3 (39:32) and Aff2..Aff0 (23:0), Arm ARM D23.2.101. */
#define MPIDR_AFF_MASK 0xff00ffffffULL
/* How long to wait for a CPU to answer an IPI: 100 ms. */
#define SMP_WAIT_NS 100000000ULL
/*
 * How long a CPU may take to come online after CPU_ON: 1 s, asked again every 100 ms. A
 * loaded host (QEMU's vCPU threads waiting for a core) was seen to need more than 100 ms; a
 * CPU that misses this bound is lost for good, since the boot 1:1 mapping its entry needs is
 * removed once every CPU has been started (mmu_remove_boot_identity()).
 */
#define SMP_START_NS	   1000000000ULL
#define SMP_START_RETRY_NS 100000000ULL
#define STACK_ORDER	   2 /* 16 KiB */

extern char secondary_entry[];
// cppcheck-suppress misra-c2012-8.4 ; read only by head.S (secondary_entry)
uint64_t secondary_stack_top[NR_CPUS];

/* Why a present CPU did not start (NULL: it did), for its WARNING line. */
static const char *cpu_lost_reason[NR_CPUS];
/*
 * Who decides that a CPU is in: the CPU itself when it arrives (CPU_ARRIVED), or the boot CPU
 * giving up on it (CPU_ABANDONED), whichever changes CPU_EXPECTED first; an abandoned CPU
 * that arrives after all parks itself, so "it is not used" stays true.
 */
enum cpu_arrival { CPU_EXPECTED, CPU_ARRIVED, CPU_ABANDONED };
static uint8_t cpu_arrival[NR_CPUS];

static uint64_t wait_deadline(void)
{
	return timer_now() + ns_to_ticks(SMP_WAIT_NS);
}

void smp_init_cpus(const void *fdt)
{
	uint64_t self = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	int cpus = fdt_path_offset(fdt, "/cpus");
	unsigned int next = 1;
	bool found_self = false;
	int node;

	if (cpus < 0)
		fatal_boot_error("device tree has no /cpus node");
	fdt_for_each_subnode(node, fdt, cpus)
	{
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		const char *method = fdt_getprop(fdt, node, "enable-method", NULL);
		paddr_t mpidr;
		psize_t unused;
		unsigned int id;

		if (type == NULL || strcmp(type, "cpu") != 0 || !fdt_node_is_enabled(fdt, node))
			continue;
		if (fdt_reg_get(fdt, node, 0, &mpidr, &unused) < 0) {
			pr_warn("cpus: %s has no reg; ignored\n", fdt_get_name(fdt, node, NULL));
			continue;
		}
		mpidr &= MPIDR_AFF_MASK;
		if (mpidr == self) {
			id = 0;
			found_self = true;
		} else if (method == NULL || strcmp(method, "psci") != 0) {
			pr_warn("cpus: %s enable-method is not psci; not started\n",
				fdt_get_name(fdt, node, NULL));
			continue;
		} else if (next >= NR_CPUS) {
			pr_warn("cpus: %s not used: Tessera is built for %u pCPUs\n",
				fdt_get_name(fdt, node, NULL), NR_CPUS);
			continue;
		} else {
			id = next++;
		}
		pcpus[id].id = id;
		pcpus[id].mpidr = mpidr;
	}
	if (!found_self)
		fatal_boot_error("the boot CPU (MPIDR 0x%llx) is not in /cpus",
				 (unsigned long long)self);
	nr_cpus_present = next;
}

/* A stack in the stack area: [guard page][HYP_STACK_SIZE of stack], the guard unmapped. */
static int alloc_stack(unsigned int cpu)
{
	vaddr_t va = STACK_VIRT_START + (vaddr_t)cpu * HYP_STACK_STRIDE + PAGE_SIZE_BYTES;
	paddr_t pa = alloc_pages(STACK_ORDER);

	if (pa == INVALID_PADDR)
		return -1;
	if (mmu_map(va, pa, HYP_STACK_SIZE, MAP_RAM) < 0) {
		free_pages(pa, STACK_ORDER);
		return -1;
	}
	pcpus[cpu].stack_base = va;
	pcpus[cpu].stack_top = va + HYP_STACK_SIZE;
	return 0;
}

static bool cpu_is_online(unsigned int cpu)
{
	return __atomic_load_n(&pcpus[cpu].online, __ATOMIC_ACQUIRE);
}

/*
 * Asks firmware to start `cpu` and waits, bounded by SMP_START_NS, for it to say it is
 * online. CPU_ON is asked again every SMP_START_RETRY_NS while the CPU is not online: PSCI
 * (DEN0022D 5.6.2) answers ALREADY_ON when the CPU is on (it is running our entry code and
 * will come) and ON_PENDING when an earlier CPU_ON is still in progress, changing nothing in
 * either case, so asking again is safe; SUCCESS again means the earlier request was lost and
 * this one counts. Any other error is final. Returns NULL when online, else why not.
 */
static const char *start_cpu(unsigned int cpu)
{
	static char why[NR_CPUS][48];
	uint64_t deadline = timer_now() + ns_to_ticks(SMP_START_NS);
	int err = psci_cpu_on(pcpus[cpu].mpidr, virt_to_phys(secondary_entry), cpu);

	if (err != PSCI_SUCCESS) {
		snprintf(why[cpu], sizeof(why[cpu]), "PSCI CPU_ON failed: %s",
			 psci_error_name(err));
		return why[cpu];
	}
	while (!cpu_is_online(cpu) && timer_now() < deadline) {
		uint64_t retry = timer_now() + ns_to_ticks(SMP_START_RETRY_NS);

		while (!cpu_is_online(cpu) && timer_now() < retry)
			wfe();
		if (cpu_is_online(cpu))
			break;
		err = psci_cpu_on(pcpus[cpu].mpidr, virt_to_phys(secondary_entry), cpu);
		if (err != PSCI_SUCCESS && err != PSCI_ALREADY_ON && err != PSCI_ON_PENDING) {
			snprintf(why[cpu], sizeof(why[cpu]), "PSCI CPU_ON asked again failed: %s",
				 psci_error_name(err));
			return why[cpu];
		}
	}
	return cpu_is_online(cpu) ? NULL : "did not come online within 1000 ms";
}

unsigned int smp_boot_secondaries(void)
{
	pcpus[0].online = true;
	for (unsigned int cpu = 1; cpu < nr_cpus_present; cpu++) {
		if (alloc_stack(cpu) < 0) {
			cpu_lost_reason[cpu] = "no memory for its stack";
			continue;
		}
		secondary_stack_top[cpu] = pcpus[cpu].stack_top;
		dsb(ish);
		cpu_lost_reason[cpu] = start_cpu(cpu);
	}
	/* A CPU given up on may still have arrived while the later ones were started. */
	for (unsigned int cpu = 1; cpu < nr_cpus_present; cpu++) {
		uint8_t expected = CPU_EXPECTED;

		if (!__atomic_compare_exchange_n(&cpu_arrival[cpu], &expected, CPU_ABANDONED, false,
						 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			uint64_t deadline = wait_deadline();

			/* It arrived (CPU_ARRIVED): it sets online once its GIC and timer are up.
			 */
			while (!cpu_is_online(cpu) && timer_now() < deadline)
				wfe();
		}
		if (cpu_is_online(cpu))
			cpu_lost_reason[cpu] = NULL;
		else
			pr_warn("WARNING: pCPU %u (MPIDR 0x%llx) did not start: %s; it is not "
				"used\n",
				cpu, (unsigned long long)pcpus[cpu].mpidr, cpu_lost_reason[cpu]);
	}
	return smp_nr_online();
}

size_t smp_append_lost(char *buf, size_t size)
{
	size_t lost = 0;
	size_t used = strnlen(buf, size);
	const char *sep = ": pCPU";

	for (unsigned int cpu = 1; cpu < nr_cpus_present; cpu++) {
		int n;

		if (cpu_is_online(cpu))
			continue;
		n = snprintf(buf + used, size - used, "%s %u", sep, cpu);
		used = (n < 0 || (size_t)n >= size - used) ? size : used + (size_t)n;
		sep = ",";
		lost++;
	}
	if (lost > 0 && used < size)
		(void)snprintf(buf + used, size - used, " did not start");
	return lost;
}

unsigned int smp_nr_online(void)
{
	unsigned int n = 0;

	for (unsigned int cpu = 0; cpu < nr_cpus_present; cpu++)
		n += pcpus[cpu].online ? 1 : 0;
	return n;
}

static void ipi_ping_handler(unsigned int intid, void *ctx)
{
	(void)intid;
	(void)ctx;
	__atomic_add_fetch(&this_cpu()->ipi_count, 1, __ATOMIC_RELEASE);
	sev();
}

static void ipi_wake_handler(unsigned int intid, void *ctx)
{
	(void)intid;
	(void)ctx;
	this_cpu()->ipi_count++;
}

static void ipi_halt_handler(unsigned int intid, void *ctx)
{
	(void)intid;
	(void)ctx;
	irq_disable_local();
	for (;;)
		wfi();
}

static void enable_ipis(void)
{
	irq_enable(IPI_PING, IRQ_PRIO_HIGH, false);
	irq_enable(IPI_WAKE, IRQ_PRIO_HIGH, false);
	irq_enable(IPI_HALT, IRQ_PRIO_HIGH, false);
}

void smp_register_ipis(void)
{
	if (irq_register(IPI_PING, ipi_ping_handler, NULL) < 0 ||
	    irq_register(IPI_WAKE, ipi_wake_handler, NULL) < 0 ||
	    irq_register(IPI_HALT, ipi_halt_handler, NULL) < 0)
		panic("smp: IPI handlers registered twice");
	enable_ipis();
}

unsigned int smp_ping_all(void)
{
	unsigned int answered = 0;

	for (unsigned int cpu = 0; cpu < nr_cpus_present; cpu++) {
		uint64_t before, deadline;

		if (!pcpus[cpu].online)
			continue;
		before = __atomic_load_n(&pcpus[cpu].ipi_count, __ATOMIC_ACQUIRE);
		ipi_send(cpu, IPI_PING);
		deadline = wait_deadline();
		while (__atomic_load_n(&pcpus[cpu].ipi_count, __ATOMIC_ACQUIRE) == before &&
		       timer_now() < deadline)
			wfe();
		if (pcpus[cpu].ipi_count != before)
			answered++;
		else
			pr_warn("CPU%u did not answer an IPI within 100 ms\n", cpu);
	}
	return answered;
}

void cpu_idle_loop(void)
{
	irq_enable_local();
	for (;;)
		wfi();
}

void start_secondary(unsigned int cpu);

void start_secondary(unsigned int cpu)
{
	uint8_t expected = CPU_EXPECTED;

	if (!__atomic_compare_exchange_n(&cpu_arrival[cpu], &expected, CPU_ARRIVED, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		/* Given up on and reported as not used: stay out of the way. */
		irq_disable_local();
		for (;;)
			wfi();
	}
	percpu_set(&pcpus[cpu]);
	gic_cpu_init();
	timer_init_cpu();
	enable_ipis();
	p2m_cpu_init();
	domain_ext_cpu_init();
	__atomic_store_n(&pcpus[cpu].online, true, __ATOMIC_RELEASE);
	dsb(ish);
	sev();
	sched_loop();
}
