/* table: a table of figures (rows of text cells, each with a colour mark) that reports fill and renderers write. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_fmt.h"
#include "lk_i18n.h"
#include "table.h"

struct rtable *rtable_new(const char *title, const char *const *cols)
{
	struct rtable *t = calloc(1, sizeof *t);
	size_t n = 0;
	while (cols[n])
		n++;
	if (t == NULL || (t->cols = calloc(n, sizeof *t->cols)) == NULL || (t->title = strdup(title)) == NULL) {
		rtable_free(t);
		return NULL;
	}
	t->ncols = n;
	for (size_t i = 0; i < n; i++)
		if ((t->cols[i] = strdup(cols[i])) == NULL)
			t->failed = 1;
	return t;
}

void rtable_free(struct rtable *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; t->cells && i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	for (size_t i = 0; t->shown && i < t->nrows * t->ncols; i++)
		free(t->shown[i]);
	free(t->shown);
	for (size_t i = 0; t->cols && i < t->ncols; i++)
		free(t->cols[i]);
	free(t->cells);
	free(t->marks);
	free(t->cols);
	free(t->title);
	free(t);
}

long rtable_row(struct rtable *t)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		char **nc = realloc(t->cells, cap * t->ncols * sizeof *nc);
		if (nc == NULL) {
			t->failed = 1;
			return -1;
		}
		t->cells = nc;
		char **ns = realloc(t->shown, cap * t->ncols * sizeof *ns);
		if (ns == NULL) {
			t->failed = 1;
			return -1;
		}
		t->shown = ns;
		unsigned char *nm = realloc(t->marks, cap * t->ncols);
		if (nm == NULL) {
			t->failed = 1;
			return -1;
		}
		t->marks = nm;
		t->cap = cap;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		t->cells[t->nrows * t->ncols + c] = NULL;
		t->shown[t->nrows * t->ncols + c] = NULL;
		t->marks[t->nrows * t->ncols + c] = MARK_NONE;
	}
	return (long)t->nrows++;
}

__attribute__((format(printf, 3, 0))) static void s_vset(struct rtable *t, char **cell, const char *fmt, va_list ap0)
{
	char small[128];
	va_list ap;
	va_copy(ap, ap0);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	free(*cell);
	*cell = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (*cell == NULL) {
		t->failed = 1;
		return;
	}
	if ((size_t)n < sizeof small) {
		memcpy(*cell, small, (size_t)n + 1);
	} else {
		va_copy(ap, ap0);
		vsnprintf(*cell, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
}

/* *cell = a then b, without printf. */
static void s_set2(struct rtable *t, char **cell, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	free(*cell);
	if ((*cell = malloc(la + lb + 1)) == NULL) {
		t->failed = 1;
		return;
	}
	memcpy(*cell, a, la);
	memcpy(*cell + la, b, lb + 1);
}

/*
 * v as printf's "%.*f" writes it, without printf, into out (room for 32): 0, or -1 when
 * that cannot be sure. It can be when v * 10^decimals is small enough for the product's
 * rounding error (under 1e-7) to be far below its distance to a tie (over 1e-6): the
 * nearest whole number is then the same for the exact value as for the product. -0 and
 * values that round to zero from below (printf writes "-0.0") are left to printf.
 */
static int s_fixed(char *out, double v, int decimals)
{
	static const double p10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
	static const long long i10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
	if (decimals < 0 || decimals > 6 || !(v > -1e9 && v < 1e9) || v <= 0)
		return -1;
	double x = v * p10[decimals];
	if (!(x < 1e9))
		return -1;
	double whole = floor(x), frac = x - whole;
	if (fabs(frac - 0.5) < 1e-6)
		return -1;
	long long n = (long long)whole + (frac > 0.5);
	char digits[24], *p = out;
	int len = 0;
	long long ip = n / i10[decimals], fp = n % i10[decimals];
	do
		digits[len++] = (char)('0' + ip % 10);
	while ((ip /= 10) > 0);
	while (len > 0)
		*p++ = digits[--len];
	if (decimals > 0) {
		*p++ = '.';
		for (int k = decimals - 1; k >= 0; k--, fp /= 10)
			p[k] = (char)('0' + fp % 10);
		p += decimals;
	}
	*p = '\0';
	return 0;
}

void rtable_set(struct rtable *t, long r, size_t col, const char *fmt, ...)
{
	if (r < 0 || (size_t)r >= t->nrows || col >= t->ncols)
		return;
	va_list ap;
	va_start(ap, fmt);
	s_vset(t, &t->cells[(size_t)r * t->ncols + col], fmt, ap);
	va_end(ap);
}

void rtable_show(struct rtable *t, long r, size_t col, const char *fmt, ...)
{
	if (r < 0 || (size_t)r >= t->nrows || col >= t->ncols)
		return;
	va_list ap;
	va_start(ap, fmt);
	s_vset(t, &t->shown[(size_t)r * t->ncols + col], fmt, ap);
	va_end(ap);
}

const char *rtable_shown(const struct rtable *t, size_t r, size_t col)
{
	const char *v = r < t->nrows && col < t->ncols ? t->shown[r * t->ncols + col] : NULL;
	return v ? v : rtable_get(t, r, col);
}

void rtable_mark(struct rtable *t, long r, size_t col, enum cell_mark m)
{
	if (r >= 0 && (size_t)r < t->nrows && col < t->ncols)
		t->marks[(size_t)r * t->ncols + col] = (unsigned char)m;
}

const char *rtable_get(const struct rtable *t, size_t r, size_t col)
{
	const char *v = r < t->nrows && col < t->ncols ? t->cells[r * t->ncols + col] : NULL;
	return v ? v : "";
}

void rtable_word(struct rtable *t, long r, size_t col, const char *msgid)
{
	rtable_set(t, r, col, "%s", msgid);
	if (msgid[0])
		rtable_show(t, r, col, "%s", _(msgid));
}

void rtable_int(struct rtable *t, long r, size_t col, long v)
{
	char text[LK_FMT_LEN];
	rtable_set(t, r, col, "%ld", v);
	if (lk_fmt_int(text, sizeof text, v, lk_lang_from_env()) == 0)
		rtable_show(t, r, col, "%s", text);
}

void rtable_number(struct rtable *t, long r, size_t col, double v, int decimals, const char *unit)
{
	char text[LK_FMT_LEN], raw[32];
	if (r < 0 || (size_t)r >= t->nrows || col >= t->ncols)
		return;
	size_t at = (size_t)r * t->ncols + col;
	if (s_fixed(raw, v, decimals) == 0)
		s_set2(t, &t->cells[at], raw, unit);
	else
		rtable_set(t, r, col, "%.*f%s", decimals, v, unit);
	if (lk_fmt_number(text, sizeof text, v, decimals, lk_lang_from_env()) == 0)
		s_set2(t, &t->shown[at], text, unit);
}

void rtable_date(struct rtable *t, long r, size_t col, const char *iso)
{
	char text[LK_FMT_LEN];
	struct lk_date d;
	rtable_set(t, r, col, "%s", iso);
	if (iso[0] && lk_date_parse(iso, &d) == 0 && lk_fmt_date(text, sizeof text, &d, lk_lang_from_env()) == 0)
		rtable_show(t, r, col, "%s", text);
}
