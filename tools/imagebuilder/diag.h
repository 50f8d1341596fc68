// SPDX-License-Identifier: Apache-2.0
/*
 * Messages about a configuration: one line per problem, "<file>:<line>: error: <KEY>: <what>",
 * so that an editor jumps to it. Errors are counted; the tool writes nothing when any occurred.
 */
#ifndef IB_DIAG_H
#define IB_DIAG_H

#include <stdio.h>

struct ib_entry;

struct ib_diag {
	const char *file; /* the configuration's path, as given */
	FILE *out;	  /* where messages go (stderr, or a memory stream in tests) */
	unsigned int errors;
	unsigned int warnings;
};

void ib_diag_init(struct ib_diag *d, const char *file, FILE *out);

/* line 0: a problem of the whole file (a key that is missing); key NULL: not about one key. */
void ib_error(struct ib_diag *d, unsigned int line, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void ib_warning(struct ib_diag *d, unsigned int line, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The same, about an assignment of the configuration: its line and its KEY or KEY[i]. */
void ib_error_at(struct ib_diag *d, const struct ib_entry *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
