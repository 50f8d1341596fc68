// SPDX-License-Identifier: Apache-2.0
/*
 * A small vsnprintf: %d %i %u %x %X %o %c %s %p %%, with flags '-', '0', width, precision
 * (strings), and length modifiers l, ll, z. Always NUL-terminates when size > 0 and returns
 * the length the full output would have had, as C99 says.
 */
#include <stdint.h>
#include <tessera/lib.h>

struct outbuf {
	char *buf;
	size_t size;
	size_t len;
};

static void out_char(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_pad(struct outbuf *o, char c, int n)
{
	for (int i = 0; i < n; i++)
		out_char(o, c);
}

struct spec {
	int left;
	int zero;
	int width;
	int precision; /* -1: none */
};

static void out_str(struct outbuf *o, const char *s, const struct spec *sp)
{
	int len = 0;

	if (s == NULL)
		s = "(null)";
	while (s[len] != '\0' && (sp->precision < 0 || len < sp->precision))
		len++;
	if (!sp->left)
		out_pad(o, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		out_char(o, s[i]);
	if (sp->left)
		out_pad(o, ' ', sp->width - len);
}

static void out_num(struct outbuf *o, unsigned long long v, int negative, unsigned int base,
		    int upper, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;
	int len;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v != 0 && n < (int)sizeof(tmp));
	len = n + (negative ? 1 : 0);
	if (!sp->left && !sp->zero)
		out_pad(o, ' ', sp->width - len);
	if (negative)
		out_char(o, '-');
	if (!sp->left && sp->zero)
		out_pad(o, '0', sp->width - len);
	while (n > 0)
		out_char(o, tmp[--n]);
	if (sp->left)
		out_pad(o, ' ', sp->width - len);
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	sp->left = 0;
	sp->zero = 0;
	sp->width = 0;
	sp->precision = -1;
	for (;; f++) {
		if (*f == '-')
			sp->left = 1;
		else if (*f == '0')
			sp->zero = 1;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->precision = 0;
		if (*f == '*') {
			sp->precision = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->precision = sp->precision * 10 + (*f++ - '0');
	}
	return f;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
	struct outbuf o = { buf, size, 0 };
	struct spec sp;
	va_list ap;
	const char *f;

	va_copy(ap, ap_in);
	for (f = fmt; *f != '\0'; f++) {
		int lng = 0;
		unsigned long long u;
		long long s;

		if (*f != '%') {
			out_char(&o, *f);
			continue;
		}
		f = parse_spec(f + 1, &sp, &ap);
		while (*f == 'l' || *f == 'z') {
			lng = (*f == 'z') ? 2 : lng + 1;
			f++;
		}
		switch (*f) {
		case 'd':
		case 'i':
			s = lng >= 2   ? va_arg(ap, long long)
			    : lng == 1 ? va_arg(ap, long)
				       : va_arg(ap, int);
			u = s < 0 ? 0ULL - (unsigned long long)s : (unsigned long long)s;
			out_num(&o, u, s < 0, 10, 0, &sp);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			u = lng >= 2   ? va_arg(ap, unsigned long long)
			    : lng == 1 ? va_arg(ap, unsigned long)
				       : va_arg(ap, unsigned int);
			out_num(&o, u, 0, *f == 'u' ? 10 : *f == 'o' ? 8 : 16, *f == 'X', &sp);
			break;
		case 'p':
			out_str(&o, "0x", &(struct spec){ 0, 0, 0, -1 });
			sp.zero = 1;
			sp.width = 16;
			out_num(&o, (uintptr_t)va_arg(ap, void *), 0, 16, 0, &sp);
			break;
		case 'c':
			out_char(&o, (char)va_arg(ap, int));
			break;
		case 's':
			out_str(&o, va_arg(ap, const char *), &sp);
			break;
		case '%':
			out_char(&o, '%');
			break;
		case '\0':
			f--; /* a lone '%' at the end */
			break;
		default:
			out_char(&o, '%');
			out_char(&o, *f);
			break;
		}
	}
	va_end(ap);
	if (size > 0)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
