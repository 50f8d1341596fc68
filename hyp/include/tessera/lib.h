/* SPDX-License-Identifier: Apache-2.0 */
/* Formatting and number parsing from lib/. Portable. */
#ifndef TESSERA_LIB_H
#define TESSERA_LIB_H

#include <stdarg.h>
#include <stddef.h>
#include <tessera/compiler.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
