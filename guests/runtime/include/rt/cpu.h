/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CPUs (the /cpus node, started through PSCI CPU_ON), and catching synchronous exceptions so
 * a test can provoke one and go on.
 */
#ifndef RT_CPU_H
#define RT_CPU_H

#include <asm/spinlock.h>
#include <asm/sysreg.h>
#include <stdbool.h>
#include <stdint.h>

/* Logical index of the calling CPU (its position in /cpus) and the number of CPUs. */
unsigned int cpu_id(void);
unsigned int cpu_count(void);
uint64_t cpu_mpidr(unsigned int cpu);

/*
 * Starts CPU `cpu` through PSCI CPU_ON on its own stack: it sets up its MMU, exception
 * vectors, GIC CPU interface and timer, unmasks IRQs and calls fn(arg); when fn returns
 * the CPU calls PSCI CPU_OFF. Returns the PSCI status of CPU_ON.
 */
int cpu_start(unsigned int cpu, void (*fn)(void *), void *arg);

/* cpu_start with `tag` in the context id's bits above the index (bits 8 and up). */
int cpu_start_tagged(unsigned int cpu, void (*fn)(void *), void *arg, uint64_t tag);

/* The entry point cpu_start hands to CPU_ON (for tests calling PSCI directly). */
uintptr_t cpu_entry_address(void);

/* The context id (x0) and SCTLR_EL1 that CPU `cpu` found when CPU_ON last entered it. */
uint64_t cpu_entry_context(unsigned int cpu);
uint64_t cpu_entry_sctlr(unsigned int cpu);

/* Set by a started CPU once it runs fn, cleared just before it calls CPU_OFF. */
bool cpu_is_running(unsigned int cpu);

/* ESR_EL1 (Arm ARM): exception class and the classes the runtime names. */
#define ESR_EC(esr)	(((esr) >> 26) & 0x3f)
#define ESR_EC_UNKNOWN	0x00
#define ESR_EC_SYSREG	0x18
#define ESR_EC_IABT_CUR 0x21
#define ESR_EC_DABT_CUR 0x25
#define ESR_EC_SERROR	0x2f

struct fault_info {
	uint64_t esr;
	uint64_t far;
	uint64_t elr;
};

/*
 * Between fault_catch_begin() and fault_catch_end() a synchronous exception on this CPU is
 * not fatal: the runtime records it and resumes at the next instruction. IRQs are masked
 * in between. fault_catch_end() returns true, with *fi filled, when one was caught.
 */
void fault_catch_begin(void);
bool fault_catch_end(struct fault_info *fi);

/*
 * A hook for other synchronous exceptions: called with the saved frame (rt/arch.h layout);
 * returns true if it handled the exception (it may change the saved ELR, frame[31]).
 */
typedef bool (*sync_hook_t)(uint64_t *frame, uint64_t esr);
void exception_set_sync_hook(sync_hook_t hook);

/* In a hook: the vector slot its exception was taken at (0-15: 4 groups of sync, IRQ, FIQ,
 * SError; group 3 = from a lower EL using AArch32, VBAR_EL1 + 0x600). Hooks also see
 * synchronous exceptions from EL0. */
unsigned int exception_slot(void);

/* A short name for the exception class of esr. */
const char *esr_class_name(uint64_t esr);

#endif
