/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The scheduler interface. A scheduler places vCPUs on pCPUs and picks what a pCPU runs;
 * the run loop (core/sched.c) is the same for all. The null scheduler (sched=null) pins
 * each vCPU to its own pCPU; credit, RTDS and ARINC 653 will implement the same operations.
 */
#ifndef TESSERA_SCHED_H
#define TESSERA_SCHED_H

#include <tessera/domain.h>

struct scheduler {
	const char *name;
	/* Places v on a pCPU (sets v->pcpu); -ENOSPC with *why when it cannot. */
	int (*insert)(struct vcpu *v, const char **why);
	void (*remove)(struct vcpu *v);
	/* What pCPU cpu should run now, or NULL to idle. */
	struct vcpu *(*pick)(unsigned int cpu);
	/* How many more vCPUs it can place (the null scheduler: free pCPUs). */
	unsigned int (*capacity)(void);
};

extern const struct scheduler sched_null;

void sched_init(const struct scheduler *s);
const struct scheduler *sched_get(void);
/* Every pCPU ends here after boot: pick, run, handle exits, idle in WFI. */
void __attribute__((noreturn)) sched_loop(void);

#endif
