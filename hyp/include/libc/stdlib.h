/* SPDX-License-Identifier: Apache-2.0 */
/* The one stdlib function the hypervisor has (libfdt uses it to parse numbers in paths). */
#ifndef TESSERA_LIBC_STDLIB_H
#define TESSERA_LIBC_STDLIB_H

unsigned long strtoul(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);

#endif
