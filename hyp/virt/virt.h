/* SPDX-License-Identifier: Apache-2.0 */
/* Bringing up the virtualization side: the vGIC back end, the virtual timer, stage 2. */
#ifndef VIRT_VIRT_H
#define VIRT_VIRT_H

/* Once, on the boot CPU, after the GIC and timer: -1 if the hardware cannot host guests. */
int virt_init(void);
/* On every pCPU: stage-2 control, the virtual timer and maintenance interrupts. */
void virt_init_cpu(void);

#endif
