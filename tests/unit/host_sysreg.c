// SPDX-License-Identifier: Apache-2.0
/* The system registers of tests/unit/include/asm/sysreg.h: the few host tests use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/sysreg.h>

static struct {
	const char *name;
	uint64_t value;
} regs[] = {
	{ "daif", 0 },
	{ "tpidr_el2", 0 }, /* this_cpu(): the test points it at its struct pcpu */
	/* a guest's EL1 exception registers, which arch/arm64/inject.c writes */
	{ "vbar_el1", 0 },
	{ "elr_el1", 0 },
	{ "spsr_el1", 0 },
	{ "esr_el1", 0 },
	{ "far_el1", 0 },
};

static uint64_t *reg(const char *name)
{
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		if (strcmp(regs[i].name, name) == 0)
			return &regs[i].value;
	}
	fprintf(stderr, "host_sysreg: %s is not faked\n", name);
	abort();
}

uint64_t host_read_sysreg(const char *name)
{
	return *reg(name);
}

void host_write_sysreg(const char *name, uint64_t value)
{
	*reg(name) = value;
}

void host_wfe(void)
{
	fprintf(stderr, "host_sysreg: WFE with one thread: a lock taken twice\n");
	abort();
}
