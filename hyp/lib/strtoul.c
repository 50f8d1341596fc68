// SPDX-License-Identifier: Apache-2.0
/* strtoul/strtoull for libfdt and the command line: base 0 (auto), 8, 10 or 16; saturates. */
#include <stddef.h>
#include <stdlib.h>

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

unsigned long long strtoull(const char *s, char **end, int base)
{
	unsigned long long v = 0;
	const char *p = s;
	int any = 0, overflow = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '+')
		p++;
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = (p[0] == '0') ? 8 : 10;
	}
	for (;; p++) {
		int d = digit_value(*p);

		if (d >= base)
			break;
		any = 1;
		if (v > (~0ULL - (unsigned long long)d) / (unsigned long long)base)
			overflow = 1;
		else
			v = v * (unsigned long long)base + (unsigned long long)d;
	}
	if (end != NULL)
		*end = (char *)(any ? p : s);
	return overflow ? ~0ULL : v;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	return (unsigned long)strtoull(s, end, base);
}
