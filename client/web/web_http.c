/* web_http: growing buffers, HTML escaping, url-encoded form parsing and cookie reading for the web app. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lk_utf8.h"
#include "lk_util.h"
#include "web_http.h"

void web_buf_free(struct web_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

void web_buf_add(struct web_buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (p == NULL) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void web_buf_raw(struct web_buf *b, const char *s)
{
	web_buf_add(b, s, strlen(s));
}

void web_buf_esc(struct web_buf *b, const char *s)
{
	if (s == NULL)
		return;
	for (const char *p = s; *p; p++) {
		const char *run = p;
		while (*p && !strchr("&<>\"'", *p))
			p++;
		web_buf_add(b, run, (size_t)(p - run));
		switch (*p) {
		case '&': web_buf_raw(b, "&amp;"); break;
		case '<': web_buf_raw(b, "&lt;"); break;
		case '>': web_buf_raw(b, "&gt;"); break;
		case '"': web_buf_raw(b, "&quot;"); break;
		case '\'': web_buf_raw(b, "&#39;"); break;
		default: return; /* the end */
		}
	}
}

__attribute__((format(printf, 1, 0))) static char *s_vformat(const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, again);
	va_end(again);
	return s;
}

/* Append formatted text s (taken), escaped or not; a NULL s marks the buffer out of memory. */
static void s_append(struct web_buf *b, char *s, int escape)
{
	if (s == NULL) {
		b->oom = 1;
		return;
	}
	if (escape)
		web_buf_esc(b, s);
	else
		web_buf_raw(b, s);
	free(s);
}

void web_buf_printf(struct web_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = s_vformat(fmt, ap);
	va_end(ap);
	s_append(b, s, 0);
}

void web_buf_escf(struct web_buf *b, const char *fmt, ...)
{
	/* Formatting first and escaping the whole result escapes the template and every argument alike. */
	va_list ap;
	va_start(ap, fmt);
	char *s = s_vformat(fmt, ap);
	va_end(ap);
	s_append(b, s, 1);
}

/* ---------------------------------------------------------------- forms */

/* Decode in place; the decoded length, or -1 when it holds a NUL. */
static long s_decode(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r == '+') {
			*w++ = ' ';
		} else if (*r == '%' && lk_hexval(r[1]) >= 0 && lk_hexval(r[2]) >= 0) {
			char c = (char)(lk_hexval(r[1]) * 16 + lk_hexval(r[2]));
			if (c == '\0')
				return -1;
			*w++ = c;
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return w - s;
}

int web_form_parse(struct web_form *f, const char *body, size_t len)
{
	memset(f, 0, sizeof *f);
	f->mem = malloc(len + 1);
	if (f->mem == NULL)
		return -1;
	memcpy(f->mem, body, len);
	f->mem[len] = '\0';
	if (strlen(f->mem) != len)
		return -1;
	char *save = NULL;
	for (char *pair = strtok_r(f->mem, "&", &save); pair; pair = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(pair, '=');
		char *v = eq ? eq + 1 : pair + strlen(pair);
		if (eq)
			*eq = '\0';
		long nn = s_decode(pair), nv = s_decode(v);
		if (nn < 0 || nv < 0 || !lk_utf8_valid(pair, (size_t)nn) || !lk_utf8_valid(v, (size_t)nv))
			return -1;
		if (f->n < WEB_FORM_MAX) {
			f->name[f->n] = pair;
			f->value[f->n] = v;
			f->n++;
		}
	}
	return 0;
}

const char *web_form_get(const struct web_form *f, const char *name)
{
	for (int i = 0; i < f->n; i++)
		if (!strcmp(f->name[i], name))
			return f->value[i];
	return NULL;
}

void web_form_free(struct web_form *f)
{
	free(f->mem);
	memset(f, 0, sizeof *f);
}

/* ---------------------------------------------------------------- cookies */

int web_cookie_get(const char *header, const char *name, char *out, size_t size)
{
	size_t nl = strlen(name);
	const char *p = header;
	while (p && *p) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n > nl && !strncmp(p, name, nl) && p[nl] == '=') {
			size_t vl = n - nl - 1;
			if (vl + 1 > size)
				return -1;
			memcpy(out, p + nl + 1, vl);
			out[vl] = '\0';
			return 0;
		}
		p = end;
	}
	return -1;
}

int web_str_eq(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b))
		return 0;
	return sodium_memcmp(a, b, n) == 0;
}
