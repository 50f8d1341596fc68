// SPDX-License-Identifier: Apache-2.0
/*
 * The boot command line parser. Words are split on spaces; a value may be quoted with double
 * quotes. Each known option parses its value; anything else is reported once through the
 * warn callback and ignored, so that a command line written for Xen still boots.
 */
#include <string.h>
#include <tessera/cmdline.h>

#define WORD_MAX 160

struct parse_state {
	struct boot_options *opts;
	cmdline_warn_fn warn;
	void *ctx;
	int warnings;
	/* Unknown option names already warned about, so each is named once. Each slot holds a
	 * whole word: a name cut short would not match itself the next time it appears. */
	char unknown[CMDLINE_MAX_UNKNOWN][WORD_MAX];
	int nr_unknown;
};

static const char *const sched_names[] = {
	[SCHED_NULL] = "null",
	[SCHED_CREDIT] = "credit",
	[SCHED_RTDS] = "rtds",
	[SCHED_ARINC653] = "arinc653",
};

static const char *const loglvl_names[] = {
	[LOG_NONE] = "none", [LOG_ERR] = "error",   [LOG_WARN] = "warning",
	[LOG_INFO] = "info", [LOG_DEBUG] = "debug",
};

void cmdline_defaults(struct boot_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->console_dtuart = true;
	opts->loglvl = LOG_INFO;
	opts->guest_loglvl = LOG_INFO;
	opts->sched = SCHED_NULL;
	opts->vwfi = VWFI_TRAP;
}

const char *cmdline_sched_name(enum sched_kind sched)
{
	return (unsigned int)sched < ARRAY_SIZE(sched_names) ? sched_names[sched] : "?";
}

const char *cmdline_loglvl_name(enum log_level level)
{
	return (unsigned int)level < ARRAY_SIZE(loglvl_names) ? loglvl_names[level] : "?";
}

static void warn(struct parse_state *st, const char *option, const char *why)
{
	st->warnings++;
	if (st->warn != NULL)
		st->warn(st->ctx, option, why);
}

static void warn_unknown_once(struct parse_state *st, const char *name)
{
	for (int i = 0; i < st->nr_unknown; i++) {
		if (strcmp(st->unknown[i], name) == 0)
			return;
	}
	if (st->nr_unknown < CMDLINE_MAX_UNKNOWN) {
		size_t n = strnlen(name, sizeof(st->unknown[0]) - 1);

		memcpy(st->unknown[st->nr_unknown], name, n);
		st->unknown[st->nr_unknown][n] = '\0';
		st->nr_unknown++;
	}
	warn(st, name, "unknown option, ignored");
}

/* One level name; Xen also accepts "all" for the most verbose level. */
static bool parse_one_level(const char *s, size_t len, enum log_level *out)
{
	if (len == 3 && strncmp(s, "all", 3) == 0) {
		*out = LOG_DEBUG;
		return true;
	}
	for (unsigned int i = 0; i < sizeof(loglvl_names) / sizeof(loglvl_names[0]); i++) {
		if (strlen(loglvl_names[i]) == len && strncmp(s, loglvl_names[i], len) == 0) {
			*out = (enum log_level)i;
			return true;
		}
	}
	return false;
}

/* loglvl=<level>[/<level>]: Xen's second level is the rate-limited one; we keep the first. */
static bool parse_loglvl(const char *v, enum log_level *out)
{
	const char *slash = strchr(v, '/');
	size_t len = slash != NULL ? (size_t)(slash - v) : strlen(v);
	enum log_level second;

	if (!parse_one_level(v, len, out))
		return false;
	return slash == NULL || parse_one_level(slash + 1, strlen(slash + 1), &second);
}

static void parse_console(struct parse_state *st, const char *v)
{
	/* Xen takes a comma list (console=dtuart,vga); only dtuart and none mean anything here. */
	if (strcmp(v, "dtuart") == 0) {
		st->opts->console_dtuart = true;
		st->opts->console_none = false;
	} else if (strcmp(v, "none") == 0) {
		st->opts->console_none = true;
	} else {
		warn(st, "console", "only console=dtuart and console=none are supported");
	}
}

static void parse_option(struct parse_state *st, const char *name, const char *v)
{
	struct boot_options *o = st->opts;

	if (strcmp(name, "console") == 0) {
		if (v == NULL)
			warn(st, name, "needs a value");
		else
			parse_console(st, v);
	} else if (strcmp(name, "dtuart") == 0) {
		if (v == NULL || v[0] == '\0' || strlen(v) >= sizeof(o->dtuart))
			warn(st, name,
			     "needs a device-tree path or alias of at most 127 characters");
		else
			memcpy(o->dtuart, v, strlen(v) + 1);
	} else if (strcmp(name, "loglvl") == 0 || strcmp(name, "guest_loglvl") == 0) {
		enum log_level *dst = name[0] == 'l' ? &o->loglvl : &o->guest_loglvl;
		enum log_level lvl;

		if (v == NULL || !parse_loglvl(v, &lvl))
			warn(st, name, "expects none, error, warning, info, debug or all");
		else
			*dst = lvl;
	} else if (strcmp(name, "sched") == 0) {
		bool found = false;

		for (unsigned int i = 0;
		     v != NULL && i < sizeof(sched_names) / sizeof(sched_names[0]); i++) {
			if (strcmp(v, sched_names[i]) == 0) {
				o->sched = (enum sched_kind)i;
				found = true;
			}
		}
		if (!found)
			warn(st, name, "expects null, credit, rtds or arinc653");
	} else if (strcmp(name, "vwfi") == 0) {
		if (v != NULL && strcmp(v, "trap") == 0)
			o->vwfi = VWFI_TRAP;
		else if (v != NULL && strcmp(v, "native") == 0)
			o->vwfi = VWFI_NATIVE;
		else
			warn(st, name, "expects trap or native");
	} else {
		warn_unknown_once(st, name);
	}
}

/*
 * Copies the next word of *p into word (quotes removed), advancing *p. Returns false at the
 * end of the line. A word longer than the buffer is truncated and reported by the caller.
 */
static bool next_word(const char **p, char *word, size_t size, bool *truncated)
{
	const char *s = *p;
	size_t n = 0;
	bool quoted = false;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (*s == '\0')
		return false;
	*truncated = false;
	for (; *s != '\0'; s++) {
		if (*s == '"') {
			quoted = !quoted;
			continue;
		}
		if (!quoted && (*s == ' ' || *s == '\t' || *s == '\n'))
			break;
		if (n + 1 < size)
			word[n++] = *s;
		else
			*truncated = true;
	}
	word[n] = '\0';
	*p = s;
	return true;
}

int cmdline_parse(const char *args, struct boot_options *opts, cmdline_warn_fn warn_fn, void *ctx)
{
	struct parse_state st = { .opts = opts, .warn = warn_fn, .ctx = ctx };
	char word[WORD_MAX];
	const char *p = args;
	bool truncated;

	if (args == NULL)
		return 0;
	/* Each word consumes at least one character, so this ends within strlen(args) rounds. */
	while (next_word(&p, word, sizeof(word), &truncated)) {
		char *eq = strchr(word, '=');

		if (truncated) {
			warn(&st, word, "option too long, ignored");
			continue;
		}
		if (eq != NULL)
			*eq = '\0';
		parse_option(&st, word, eq != NULL ? eq + 1 : NULL);
	}
	return st.warnings;
}
