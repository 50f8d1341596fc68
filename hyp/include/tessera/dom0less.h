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

/* A domain that rebooted is built again from its configuration and boot modules, connected
 * to its peers and started (domain.c calls it once the old one is destroyed). */
void dom0less_rebuild(const struct domain_config *cfg);

/* For the extensions that read their part of the boot configuration (static event
 * channels): the host device tree, and the running domain built from one of its
 * xen,domain nodes (NULL if none). */
const void *dom0less_host_fdt(void);
struct domain *dom0less_domain_of_node(const void *fdt, int node);

#endif
