/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The dom0less builder: creates every domain /chosen describes (Xen's binding), each with
 * its RAM, kernel, ramdisk, device tree and vCPUs, and starts them.
 */
#ifndef TESSERA_DOM0LESS_H
#define TESSERA_DOM0LESS_H

#include <tessera/domain.h>
#include <tessera/memmap.h>

/* Builds and starts every domain that can be; refused ones are named with a reason.
 * Returns the number started. */
unsigned int dom0less_build_all(const void *fdt, const struct memmap *m);
/* How many xen,domain nodes were refused at boot (each with its own line). */
unsigned int dom0less_nr_refused(void);

/* Called by the last vCPU of a dying domain to leave its pCPU: frees the domain, or
 * rebuilds and restarts it from its boot modules if it asked to reboot. */
void dom0less_finish_domain(struct domain *d);

#endif
