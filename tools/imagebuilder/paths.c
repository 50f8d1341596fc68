// SPDX-License-Identifier: Apache-2.0
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "paths.h"

#define IB_PATH_DEPTH_MAX 128

/* Splits an absolute path into its components (pointers into buf, which is modified),
 * dropping "." and resolving ".." lexically. Returns the count, or -1. */
static int split(char *buf, const char **parts)
{
	int n = 0;

	for (char *tok = strtok(buf, "/"); tok; tok = strtok(NULL, "/")) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0) {
			if (n > 0)
				n--;
			continue;
		}
		if (n == IB_PATH_DEPTH_MAX)
			return -1;
		parts[n++] = tok;
	}
	return n;
}

static int append(char *out, size_t size, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 1 > size)
		return -1;
	memcpy(out + *len, s, n + 1);
	*len += n;
	return 0;
}

int ib_path_join(const char *base, const char *path, char *out, size_t size)
{
	char buf[4096];
	const char *parts[IB_PATH_DEPTH_MAX];
	size_t len = 0;
	int n;

	if (path[0] == '/')
		n = snprintf(buf, sizeof(buf), "%s", path);
	else
		n = snprintf(buf, sizeof(buf), "%s/%s", base, path);
	if (n < 0 || (size_t)n >= sizeof(buf) || size < 2)
		return -1;
	n = split(buf, parts);
	if (n < 0)
		return -1;
	out[0] = '\0';
	if (n == 0)
		return append(out, size, &len, "/");
	for (int i = 0; i < n; i++)
		if (append(out, size, &len, "/") || append(out, size, &len, parts[i]))
			return -1;
	return 0;
}

int ib_path_relative(const char *from, const char *to, char *out, size_t size)
{
	char a[4096], b[4096];
	const char *pa[IB_PATH_DEPTH_MAX], *pb[IB_PATH_DEPTH_MAX];
	size_t len = 0;
	int na, nb, common = 0;

	if (snprintf(a, sizeof(a), "%s", from) >= (int)sizeof(a) ||
	    snprintf(b, sizeof(b), "%s", to) >= (int)sizeof(b))
		return -1;
	na = split(a, pa);
	nb = split(b, pb);
	if (na < 0 || nb < 0 || size < 2)
		return -1;
	while (common < na && common < nb && strcmp(pa[common], pb[common]) == 0)
		common++;
	out[0] = '\0';
	for (int i = common; i < na; i++)
		if (append(out, size, &len, len ? "/.." : ".."))
			return -1;
	for (int i = common; i < nb; i++)
		if ((len && append(out, size, &len, "/")) || append(out, size, &len, pb[i]))
			return -1;
	return len ? 0 : append(out, size, &len, ".");
}

int ib_shell_quote(const char *s, char *out, size_t size)
{
	size_t len = 0;
	bool plain = *s != '\0';

	for (const char *p = s; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/"
			    "._-+,:=@%",
			    *p))
			plain = false;
	out[0] = '\0';
	if (plain)
		return append(out, size, &len, s);
	if (append(out, size, &len, "'"))
		return -1;
	for (const char *p = s; *p; p++) {
		char one[2] = { *p, '\0' };

		if (append(out, size, &len, *p == '\'' ? "'\\''" : one))
			return -1;
	}
	return append(out, size, &len, "'");
}
