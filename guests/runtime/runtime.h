/* SPDX-License-Identifier: Apache-2.0 */
/* The runtime's internal interfaces between its files. Not for guests. */
#ifndef RT_RUNTIME_H
#define RT_RUNTIME_H

#include <guest.h>

/* Per-CPU state; TPIDR_EL1 points at the calling CPU's. */
struct rt_cpu {
	unsigned int index;
	uint64_t mpidr;
	uintptr_t gicr_rd;   /* GICv3: this CPU's redistributor (RD_base) */
	uint8_t gicc_target; /* GICv2: this CPU interface's bit in GICD_ITARGETSR */
	volatile bool running;
	void (*entry)(void *);
	void *entry_arg;
	unsigned int exception_slot; /* vector slot of the exception being handled */
	uint64_t entry_context;	     /* x0 and SCTLR_EL1 as CPU_ON last entered this CPU */
	uint64_t entry_sctlr;
	/* fault_catch_begin/end */
	volatile bool catch_armed;
	volatile bool caught;
	struct fault_info fault;
	uint64_t catch_daif;
};

extern struct rt_cpu rt_cpus[RT_MAX_CPUS];

static inline struct rt_cpu *this_cpu(void)
{
	return (struct rt_cpu *)read_sysreg(tpidr_el1);
}

/* Unmasks IRQs and SErrors (PSTATE.I and PSTATE.A: DAIFClr #(2 | 4), Arm ARM DAIFClr). */
static inline void local_irq_serror_enable(void)
{
	__asm__ volatile("msr daifclr, #6" ::: "memory");
}

/* start.S and vectors.S */
extern char _start[];
void secondary_entry(void);
void rt_main(const void *fdt, uint64_t load_base) __noreturn;
void rt_secondary_main(uint64_t context, uint64_t entry_sctlr) __noreturn;
void exception_entry(uint64_t *frame, unsigned int slot);

/* Per-file set-up, in the order rt_main calls them. */
int devtree_parse(const void *fdt);
int mmu_init(void);
void console_init(void);
int gic_init(void);
int gic_cpu_init(struct rt_cpu *c);
void timer_cpu_init(void);

void stack_protector_seed(uint64_t seed);

/* XENMEM_add_to_physmap of (space, idx) over the page-aligned page of .bss at `page`, with
 * the barrier a new page under the same address needs; the result also in *err. */
int64_t xen_place_page(uint32_t space, uint64_t idx, void *page, int64_t *err);

/* The GIC part of the IRQ exception. */
void irq_handle(void);

/* Writes without taking the console lock (for the fatal-exception path). */
void console_write_unlocked(const char *s, size_t n);
int printf_unlocked(const char *fmt, ...) __printf(1, 2);

/* The generic GIC driver's view of one GIC version. */
struct gic_ops {
	int (*init)(void);
	int (*cpu_init)(struct rt_cpu *c);
	uint32_t (*ack)(void);
	void (*eoi)(uint32_t iar);
	void (*enable)(unsigned int intid, bool on);
	bool (*is_pending)(unsigned int intid);
	void (*set_priority)(unsigned int intid, uint8_t prio);
	void (*route_spi)(unsigned int intid, const struct rt_cpu *c);
	void (*send_sgi)(const struct rt_cpu *c, unsigned int intid);
	void (*set_pmr)(uint8_t pmr);
	uint8_t (*get_pmr)(void);
};

extern const struct gic_ops gic_v2_ops;
extern const struct gic_ops gic_v3_ops;

/*
 * MMIO accessors: one plain LDR/STR of the stated width, register addressing only. A
 * hypervisor emulates a trapped access from the syndrome, which is valid only for single
 * loads and stores without writeback (Arm ARM ESR_EL2, ISS.ISV for data aborts), so the
 * compiler must not pick a load pair or a post-indexed form.
 */
static inline uint32_t mmio_read32(uintptr_t a)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline void mmio_write32(uintptr_t a, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" ::"rZ"(v), "r"(a) : "memory");
}

static inline uint64_t mmio_read64(uintptr_t a)
{
	uint64_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline void mmio_write64(uintptr_t a, uint64_t v)
{
	__asm__ volatile("str %x0, [%1]" ::"rZ"(v), "r"(a) : "memory");
}

static inline void mmio_write8(uintptr_t a, uint8_t v)
{
	__asm__ volatile("strb %w0, [%1]" ::"rZ"(v), "r"(a) : "memory");
}

#endif
