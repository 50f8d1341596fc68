/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Boot options from /chosen/xen,xen-bootargs. Option names are Xen's where they mean the
 * same (Xen docs/misc/xen-command-line.pandoc), so a Xen user's command line works as is.
 * Portable: the parser is unit-tested on the host.
 */
#ifndef TESSERA_CMDLINE_H
#define TESSERA_CMDLINE_H

#include <tessera/printk.h>
#include <tessera/types.h>

#define CMDLINE_MAX_LEN	    1024
#define CMDLINE_DTUART_MAX  128
#define CMDLINE_MAX_UNKNOWN 16

enum sched_kind {
	SCHED_NULL,
	SCHED_CREDIT,
	SCHED_RTDS,
	SCHED_ARINC653,
};

/* vwfi=: whether a guest's WFI/WFE traps to the hypervisor (block the vCPU) or runs native. */
enum vwfi_mode {
	VWFI_TRAP,
	VWFI_NATIVE,
};

struct boot_options {
	bool console_dtuart;		 /* console=dtuart (or no console= at all) */
	bool console_none;		 /* console=none: no hypervisor output at all */
	char dtuart[CMDLINE_DTUART_MAX]; /* dtuart=: an alias or a path, "" = stdout-path */
	enum log_level loglvl;		 /* loglvl=<level>[/<rate-limited level>] */
	enum log_level guest_loglvl;	 /* guest_loglvl= */
	enum sched_kind sched;		 /* sched= */
	enum vwfi_mode vwfi;		 /* vwfi= */
};

/*
 * Called once per problem found: an option Tessera does not know (named once however often
 * it appears) or a known option with a value it cannot take. The default stays in force.
 */
typedef void (*cmdline_warn_fn)(void *ctx, const char *option, const char *why);

void cmdline_defaults(struct boot_options *opts);

/*
 * Parses a command line of space-separated "name" or "name=value" words into opts, starting
 * from whatever opts holds. Returns the number of warnings given.
 */
int cmdline_parse(const char *args, struct boot_options *opts, cmdline_warn_fn warn, void *ctx);

const char *cmdline_sched_name(enum sched_kind sched);

/* The options Tessera booted with (core/setup.c). */
const struct boot_options *boot_opts(void);
const char *cmdline_loglvl_name(enum log_level level);

#endif
