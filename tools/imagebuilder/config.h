// SPDX-License-Identifier: Apache-2.0
/*
 * ImageBuilder's configuration file as its users write it: a shell (bash) file that
 * uboot-script-gen sources, holding assignments NAME=value and NAME[i]=value.
 *
 * The subset read here: assignments (several on a line, or separated by ';'), unquoted,
 * 'single-quoted' and "double-quoted" words (concatenated, spanning lines when quoted),
 * backslash escapes and line continuations, # comments, blank lines, and the expansions
 * $NAME, ${NAME} and ${NAME[i]} of earlier assignments (else of the environment), and ~/ at
 * the start of a value. Anything else a shell would run (commands, $(...), `...`, NAME=(...),
 * NAME+=) is an error naming the line, never ignored.
 */
#ifndef IB_CONFIG_H
#define IB_CONFIG_H

#include <stddef.h>

#define IB_NAME_MAX   64
#define IB_KEY_MAX    (IB_NAME_MAX + 16) /* NAME[index] */
#define IB_INDEX_NONE (-1)
#define IB_INDEX_MAX  9999

struct ib_diag;

/* One assignment: NAME=value (index IB_INDEX_NONE) or NAME[index]=value. */
struct ib_entry {
	char name[IB_NAME_MAX];
	int index;
	char *value; /* unquoted and expanded */
	unsigned int line;
	int used; /* expanded by a later assignment: a helper variable, if not an option */
};

/* Every assignment in file order; a name assigned twice keeps both (the last one counts). */
struct ib_config {
	struct ib_entry *entries;
	size_t count;
	size_t cap;
};

/* Parses text (len bytes, need not end in NUL); reports each problem through d.
 * Returns 0, or -1 when any line was in error (the good lines are still recorded). */
int ib_config_parse(struct ib_config *cfg, const char *text, size_t len, struct ib_diag *d);

/* The last assignment of name (with this index, or IB_INDEX_NONE), or NULL. */
const struct ib_entry *ib_config_get(const struct ib_config *cfg, const char *name, int index);

/* "NAME" or "NAME[i]", for messages. */
void ib_entry_key(const struct ib_entry *e, char *buf, size_t size);

void ib_config_free(struct ib_config *cfg);

#endif
