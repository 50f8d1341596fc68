// SPDX-License-Identifier: Apache-2.0
/* Virtualization bring-up, in the order the parts depend on each other. */
#include <asm/p2m.h>
#include <tessera/printk.h>
#include <virt/vgic.h>
#include <virt/virt.h>
#include <virt/vtimer.h>

int virt_init(void)
{
	if (vgic_hw_init() < 0)
		return -1;
	vtimer_init();
	return 0;
}

void virt_init_cpu(void)
{
	p2m_cpu_init();
	vtimer_init_cpu();
	vgic_hw_init_cpu();
}
