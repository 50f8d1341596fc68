// SPDX-License-Identifier: Apache-2.0
/*
 * The shell subset of config.h. Quoting follows bash(1) "QUOTING": a backslash outside quotes
 * keeps the next character and removes a newline; inside '...' nothing is special; inside
 * "..." only \ before $ ` " \ and newline, and $ expansions. Assignment values are not
 * word-split (bash(1) "PARAMETERS"), so $NAME needs no quotes.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "diag.h"

/* A growable string. */
struct sbuf {
	char *s;
	size_t len;
	size_t cap;
};

struct cursor {
	const char *p;
	const char *end;
	unsigned int line; /* of *p */
	struct ib_config *cfg;
	struct ib_diag *d;
};

static int sbuf_put(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *s2;

		while (cap < b->len + n + 1)
			cap *= 2;
		s2 = realloc(b->s, cap);
		if (!s2)
			return -1;
		b->s = s2;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

static int sbuf_putc(struct sbuf *b, char c)
{
	return sbuf_put(b, &c, 1);
}

static bool at_end(const struct cursor *c)
{
	return c->p >= c->end;
}

/* The character n ahead, or NUL past the end. */
static char peek(const struct cursor *c, size_t n)
{
	return c->p + n < c->end ? c->p[n] : '\0';
}

static bool is_name_start(char ch)
{
	return isalpha((unsigned char)ch) || ch == '_';
}

static bool is_name_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_';
}

static bool ends_word(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == ';' || ch == '\0';
}

void ib_entry_key(const struct ib_entry *e, char *buf, size_t size)
{
	if (e->index == IB_INDEX_NONE)
		snprintf(buf, size, "%s", e->name);
	else
		snprintf(buf, size, "%s[%d]", e->name, e->index);
}

static struct ib_entry *config_find(const struct ib_config *cfg, const char *name, int index)
{
	for (size_t i = cfg->count; i > 0; i--) {
		struct ib_entry *e = &cfg->entries[i - 1];

		if (e->index == index && strcmp(e->name, name) == 0)
			return e;
	}
	return NULL;
}

const struct ib_entry *ib_config_get(const struct ib_config *cfg, const char *name, int index)
{
	return config_find(cfg, name, index);
}

void ib_config_free(struct ib_config *cfg)
{
	for (size_t i = 0; i < cfg->count; i++)
		free(cfg->entries[i].value);
	free(cfg->entries);
	cfg->entries = NULL;
	cfg->count = 0;
	cfg->cap = 0;
}

static int config_add(struct ib_config *cfg, const char *name, int index, char *value,
		      unsigned int line)
{
	struct ib_entry *e;

	if (cfg->count == cfg->cap) {
		size_t cap = cfg->cap ? cfg->cap * 2 : 32;
		struct ib_entry *n = realloc(cfg->entries, cap * sizeof(*n));

		if (!n)
			return -1;
		cfg->entries = n;
		cfg->cap = cap;
	}
	e = &cfg->entries[cfg->count++];
	snprintf(e->name, sizeof(e->name), "%s", name);
	e->index = index;
	e->value = value;
	e->line = line;
	e->used = 0;
	return 0;
}

/* Reads NAME at the cursor into name (IB_NAME_MAX); returns its length, 0 if none or too long. */
static size_t read_name(struct cursor *c, char *name)
{
	size_t n = 0;

	if (!is_name_start(peek(c, 0)))
		return 0;
	while (!at_end(c) && is_name_char(*c->p)) {
		if (n + 1 >= IB_NAME_MAX)
			return 0;
		name[n++] = *c->p++;
	}
	name[n] = '\0';
	return n;
}

/* Reads "[digits]" at the cursor; returns the index, or -1 (reported) if malformed. */
static int read_index(struct cursor *c, const char *name)
{
	long v = 0;
	size_t digits = 0;

	c->p++; /* [ */
	while (!at_end(c) && isdigit((unsigned char)*c->p) && digits < 5) {
		v = v * 10 + (*c->p++ - '0');
		digits++;
	}
	if (digits == 0 || peek(c, 0) != ']' || v > IB_INDEX_MAX) {
		ib_error(c->d, c->line, name,
			 "an array index must be a number from 0 to %d: %s[0]=...", IB_INDEX_MAX,
			 name);
		return -1;
	}
	c->p++; /* ] */
	return (int)v;
}

/* $NAME, ${NAME} or ${NAME[i]} at the cursor (on the $): appends its value. */
static int expand(struct cursor *c, struct sbuf *out)
{
	char name[IB_NAME_MAX];
	struct ib_entry *e;
	const char *env;
	int index = IB_INDEX_NONE;
	bool braced = peek(c, 1) == '{';
	char next = peek(c, braced ? 2 : 1);

	if (next == '(' && !braced) {
		ib_error(c->d, c->line, NULL,
			 "$(...) and $((...)) are not supported: write the value");
		return -1;
	}
	if (!braced && !is_name_start(next)) {
		if (ends_word(next) || next == '"') /* a lone $ is itself, as in bash */
			return sbuf_putc(out, '$');
		ib_error(c->d, c->line, NULL,
			 "$%c: only $NAME, ${NAME} and ${NAME[i]} are supported", next);
		return -1;
	}
	c->p += braced ? 2 : 1;
	if (!read_name(c, name)) {
		ib_error(c->d, c->line, NULL, "a variable name must follow $");
		return -1;
	}
	if (braced && peek(c, 0) == '[' && (index = read_index(c, name)) < 0)
		return -1;
	if (braced) {
		if (peek(c, 0) != '}') {
			ib_error(c->d, c->line, name,
				 "only ${NAME} and ${NAME[i]} are supported, not other ${...} "
				 "forms");
			return -1;
		}
		c->p++;
	}
	e = config_find(c->cfg, name, index);
	if (e)
		e->used = 1;
	env = (!e && index == IB_INDEX_NONE) ? getenv(name) : NULL;
	if (!e && !env) {
		ib_error(c->d, c->line, name, "$%s%s is not set above (nor in the environment)",
			 name, index == IB_INDEX_NONE ? "" : "[i]");
		return -1;
	}
	c->p--; /* the caller steps over the last character */
	return e ? sbuf_put(out, e->value, strlen(e->value)) : sbuf_put(out, env, strlen(env));
}

static int single_quoted(struct cursor *c, struct sbuf *out)
{
	unsigned int opened = c->line;

	for (c->p++; !at_end(c) && *c->p != '\''; c->p++) {
		if (*c->p == '\n')
			c->line++;
		if (sbuf_putc(out, *c->p))
			return -1;
	}
	if (at_end(c)) {
		ib_error(c->d, opened, NULL, "the ' opened here is never closed");
		return -1;
	}
	return 0; /* on the closing quote */
}

static int double_quoted(struct cursor *c, struct sbuf *out)
{
	unsigned int opened = c->line;

	for (c->p++; !at_end(c) && *c->p != '"'; c->p++) {
		char ch = *c->p;
		char next = peek(c, 1);
		int r = 0;

		if (ch == '\\' && next == '\n') {
			c->p++;
			c->line++;
		} else if (ch == '\\' && strchr("$`\"\\", next) && next) {
			r = sbuf_putc(out, next);
			c->p++;
		} else if (ch == '$') {
			r = expand(c, out);
		} else if (ch == '`') {
			ib_error(c->d, c->line, NULL,
				 "`...` command substitution is not supported");
			return -1;
		} else {
			if (ch == '\n')
				c->line++;
			r = sbuf_putc(out, ch);
		}
		if (r)
			return -1;
	}
	if (at_end(c)) {
		ib_error(c->d, opened, NULL, "the \" opened here is never closed");
		return -1;
	}
	return 0; /* on the closing quote */
}

/* One word: the value of an assignment, up to unquoted blank, newline, ';' or the end. */
static int read_word(struct cursor *c, struct sbuf *out)
{
	const char *start = c->p;

	for (; !at_end(c) && !ends_word(*c->p); c->p++) {
		char ch = *c->p;
		int r = 0;

		if (ch == '\\' && peek(c, 1) == '\n') {
			c->p++;
			c->line++;
		} else if (ch == '\\') {
			if (peek(c, 1))
				c->p++;
			r = sbuf_putc(out, *c->p);
		} else if (ch == '\'') {
			r = single_quoted(c, out);
		} else if (ch == '"') {
			r = double_quoted(c, out);
		} else if (ch == '$') {
			r = expand(c, out);
		} else if (ch == '`') {
			ib_error(c->d, c->line, NULL,
				 "`...` command substitution is not supported");
			return -1;
		} else if (strchr("|&<>()", ch)) {
			ib_error(c->d, c->line, NULL, "'%c' is shell syntax this tool does not run",
				 ch);
			return -1;
		} else if (ch == '~' && c->p == start &&
			   (peek(c, 1) == '/' || ends_word(peek(c, 1)))) {
			const char *home = getenv("HOME");

			r = home ? sbuf_put(out, home, strlen(home)) : sbuf_putc(out, '~');
		} else {
			r = sbuf_putc(out, ch);
		}
		if (r)
			return -1;
	}
	return 0;
}

/* NAME=value or NAME[i]=value at the cursor. */
static int read_assignment(struct cursor *c)
{
	char name[IB_NAME_MAX];
	struct sbuf value = { 0 };
	unsigned int line = c->line;
	int index = IB_INDEX_NONE;

	if (!read_name(c, name)) {
		ib_error(c->d, line, NULL, "expected NAME=value or NAME[i]=value");
		return -1;
	}
	if (peek(c, 0) == '[' && (index = read_index(c, name)) < 0)
		return -1;
	if (peek(c, 0) == '+' && peek(c, 1) == '=') {
		ib_error(c->d, line, name, "+= is not supported: assign the whole value");
		return -1;
	}
	if (peek(c, 0) != '=') {
		ib_error(c->d, line, name,
			 "'%s' is not an assignment: only NAME=value and NAME[i]=value lines are "
			 "read "
			 "(no spaces around =, no commands)",
			 name);
		return -1;
	}
	c->p++;
	if (peek(c, 0) == '(') {
		ib_error(c->d, line, name, "NAME=(...) arrays are not supported: write %s[0]=...",
			 name);
		return -1;
	}
	if (sbuf_put(&value, "", 0) || read_word(c, &value)) {
		free(value.s);
		return -1;
	}
	if (config_add(c->cfg, name, index, value.s, line)) {
		free(value.s);
		return -1;
	}
	return 0;
}

static void skip_line(struct cursor *c)
{
	while (!at_end(c) && *c->p != '\n')
		c->p++;
}

int ib_config_parse(struct ib_config *cfg, const char *text, size_t len, struct ib_diag *d)
{
	struct cursor c = { .p = text, .end = text + len, .line = 1, .cfg = cfg, .d = d };
	int result = 0;

	while (!at_end(&c)) {
		char ch = *c.p;

		if (ch == ' ' || ch == '\t' || ch == ';' || ch == '\r') {
			c.p++;
		} else if (ch == '\\' && peek(&c, 1) == '\n') {
			c.p += 2;
			c.line++;
		} else if (ch == '\n') {
			c.p++;
			c.line++;
		} else if (ch == '#') {
			skip_line(&c);
		} else if (read_assignment(&c)) {
			result = -1;
			skip_line(&c);
		}
	}
	return result;
}
