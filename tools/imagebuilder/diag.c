// SPDX-License-Identifier: Apache-2.0
#include <stdarg.h>

#include "config.h"
#include "diag.h"

void ib_diag_init(struct ib_diag *d, const char *file, FILE *out)
{
	d->file = file;
	d->out = out;
	d->errors = 0;
	d->warnings = 0;
}

static void report(struct ib_diag *d, const char *kind, unsigned int line, const char *key,
		   const char *fmt, va_list ap)
{
	if (line)
		fprintf(d->out, "%s:%u: %s: ", d->file, line, kind);
	else
		fprintf(d->out, "%s: %s: ", d->file, kind);
	if (key)
		fprintf(d->out, "%s: ", key);
	vfprintf(d->out, fmt, ap);
	fputc('\n', d->out);
}

void ib_error(struct ib_diag *d, unsigned int line, const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(d, "error", line, key, fmt, ap);
	va_end(ap);
	d->errors++;
}

void ib_warning(struct ib_diag *d, unsigned int line, const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(d, "warning", line, key, fmt, ap);
	va_end(ap);
	d->warnings++;
}

void ib_error_at(struct ib_diag *d, const struct ib_entry *e, const char *fmt, ...)
{
	char key[IB_KEY_MAX];
	va_list ap;

	ib_entry_key(e, key, sizeof(key));
	va_start(ap, fmt);
	report(d, "error", e->line, key, fmt, ap);
	va_end(ap);
	d->errors++;
}
