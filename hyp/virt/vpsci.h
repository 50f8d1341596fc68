/* SPDX-License-Identifier: Apache-2.0 */
/* PSCI 1.1 and SMCCC 1.1 as a guest sees them (Arm DEN 0022D, DEN 0028), over HVC or SMC. */
#ifndef VIRT_VPSCI_H
#define VIRT_VPSCI_H

struct vcpu;

/* Handles the call in v's x0-x3 and puts the result in x0. */
void vpsci_handle(struct vcpu *v);

#endif
