/* sheet: a CSV file as Excel or LibreOffice save it, read into rows of text cells and numbers read by its conventions. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_utf8.h"
#include "sheet.h"

void sheet_free(struct sheet *s)
{
	for (size_t i = 0; i < s->nrows; i++) {
		for (int j = 0; j < s->rows[i].ncell; j++)
			free(s->rows[i].cell[j]);
		free(s->rows[i].cell);
	}
	free(s->rows);
	memset(s, 0, sizeof *s);
}

/* ---------------------------------------------------------------- numbers */

enum shape { SHAPE_NONE, SHAPE_PLAIN, SHAPE_POINT, SHAPE_COMMA, SHAPE_EITHER };

/* t[0..n) as a number with decimal mark dec and thousands mark thou: 0 and *v, or -1. */
static int s_read_as(const char *t, size_t n, char dec, char thou, double *v)
{
	char norm[80];
	size_t i = 0, w = 0;
	if (n == 0 || n >= sizeof norm - 2)
		return -1;
	if (t[i] == '-' || t[i] == '+')
		norm[w++] = t[i++];
	size_t start = i;
	while (i < n && isdigit((unsigned char)t[i]))
		norm[w++] = t[i++];
	size_t lead = i - start;
	if (i < n && t[i] == thou) {
		/* Grouped: a first group of 1-3 digits not starting with 0, then groups of three. */
		if (lead < 1 || lead > 3 || t[start] == '0')
			return -1;
		while (i < n && t[i] == thou) {
			i++;
			for (int k = 0; k < 3; k++, i++) {
				if (i >= n || !isdigit((unsigned char)t[i]))
					return -1;
				norm[w++] = t[i];
			}
		}
		if (i < n && isdigit((unsigned char)t[i]))
			return -1;
		lead = 1;
	}
	if (i < n && t[i] == dec) {
		i++;
		norm[w++] = '.';
		size_t f = i;
		while (i < n && isdigit((unsigned char)t[i]))
			norm[w++] = t[i++];
		if (i == f)
			return -1;
		lead = 1;
	}
	if (i != n || lead == 0)
		return -1;
	norm[w] = '\0';
	char *end;
	errno = 0;
	*v = strtod(norm, &end);
	return *end == '\0' && errno == 0 ? 0 : -1;
}

/* The shape of cell text t[0..n): which readings it has (vp with a decimal point, vc with a comma). */
static enum shape s_shape(const char *t, size_t n, double *vp, double *vc)
{
	int p = s_read_as(t, n, '.', ',', vp) == 0;
	int c = s_read_as(t, n, ',', '.', vc) == 0;
	if (p && c)
		return *vp == *vc ? SHAPE_PLAIN : SHAPE_EITHER;
	return p ? SHAPE_POINT : c ? SHAPE_COMMA : SHAPE_NONE;
}

/* t without the spaces around it: its start, and its length in *n. */
static const char *s_span(const char *t, size_t *n)
{
	while (*t == ' ' || *t == '\t')
		t++;
	size_t k = strlen(t);
	while (k && (t[k - 1] == ' ' || t[k - 1] == '\t'))
		k--;
	*n = k;
	return t;
}

/* What the file's numbers (every cell below the header) show about its decimal mark. */
static void s_conventions(struct sheet *s)
{
	for (size_t r = 1; r < s->nrows; r++)
		for (int j = 0; j < s->rows[r].ncell; j++) {
			size_t n;
			double vp, vc;
			const char *t = s_span(s->rows[r].cell[j], &n);
			enum shape k = s_shape(t, n, &vp, &vc);
			if (k == SHAPE_POINT && !s->point_row)
				s->point_row = s->rows[r].row;
			if (k == SHAPE_COMMA && !s->comma_row)
				s->comma_row = s->rows[r].row;
		}
	s->decimal = s->point_row && s->comma_row ? SHEET_DEC_CONFLICT
	             : s->point_row               ? SHEET_DEC_POINT
	             : s->comma_row               ? SHEET_DEC_COMMA
	                                          : SHEET_DEC_UNKNOWN;
}

/* "E (numerator)": the column as the spreadsheet names it, and its header. */
static void s_colname(const struct sheet *s, int col, char *out, size_t len)
{
	char letters[8];
	int k = sizeof letters - 1;
	letters[k] = '\0';
	for (int c = col + 1; c > 0 && k > 0; c = (c - 1) / 26)
		letters[--k] = (char)('A' + (c - 1) % 26);
	const char *h = sheet_cell(s, 0, col);
	if (h[0])
		snprintf(out, len, "%s (%s)", letters + k, h);
	else
		snprintf(out, len, "%s", letters + k);
}

const char *sheet_cell(const struct sheet *s, size_t r, int col)
{
	if (r >= s->nrows || col < 0 || col >= s->rows[r].ncell)
		return "";
	return s->rows[r].cell[col];
}

int sheet_column(const struct sheet *s, const char *name)
{
	if (s->nrows == 0)
		return -1;
	for (int j = 0; j < s->rows[0].ncell; j++) {
		size_t n;
		const char *t = s_span(s->rows[0].cell[j], &n);
		if (n == strlen(name) && strncasecmp(t, name, n) == 0)
			return j;
	}
	return -1;
}

int sheet_number(const struct sheet *s, size_t r, int col, double *v, char *why, size_t whylen)
{
	size_t n;
	double vp = 0, vc = 0;
	const char *t = s_span(sheet_cell(s, r, col), &n);
	char where[120];
	*v = 0;
	if (n == 0)
		return 1;
	enum shape k = s_shape(t, n, &vp, &vc);
	if (k == SHAPE_PLAIN || k == SHAPE_POINT || (k == SHAPE_EITHER && s->decimal == SHEET_DEC_POINT)) {
		*v = vp;
		return 0;
	}
	if (k == SHAPE_COMMA || (k == SHAPE_EITHER && s->decimal == SHEET_DEC_COMMA)) {
		*v = vc;
		return 0;
	}
	s_colname(s, col, where, sizeof where);
	int row = r < s->nrows ? s->rows[r].row : 0;
	if (k == SHAPE_NONE) {
		snprintf(why, whylen, _("row %d, column %s: \"%.*s\" is not a number"), row, where, lk_utf8_clip(t, 60), t);
		return -1;
	}
	/* Either reading is possible: say both, and how to write it so it is not. */
	double grouped = t[strcspn(t, ".,")] == '.' ? vc : vp, fraction = grouped == vc ? vp : vc;
	double lo = (double)(long long)fraction, hi = lo + 1;
	if (fraction < 0) {
		hi = lo;
		lo = hi - 1;
	}
	if (s->decimal == SHEET_DEC_CONFLICT)
		snprintf(why, whylen, _("row %d, column %s: \"%.*s\" could be %.0f (with a thousands mark) or a number "
		         "between %.0f and %.0f (with a decimal mark), and this file writes numbers both with a decimal "
		         "comma (row %d) and with a decimal point (row %d); write it as %.0f, without the mark, and "
		         "import the file again"),
		         row, where, (int)n, t, grouped, lo, hi, s->comma_row, s->point_row, grouped);
	else
		snprintf(why, whylen, _("row %d, column %s: \"%.*s\" could be %.0f (with a thousands mark) or a number "
		         "between %.0f and %.0f (with a decimal mark), and no other number in this file shows which "
		         "mark it uses; write it as %.0f, without the mark, and import the file again"),
		         row, where, (int)n, t, grouped, lo, hi, grouped);
	return -2;
}

/* ---------------------------------------------------------------- records */

struct builder {
	struct sheet *s;
	size_t rcap;
	struct sheet_row cur;
	int ccap;
	char *text;
	size_t tlen, tcap;
};

static int s_putc(struct builder *b, char c)
{
	if (b->tlen + 1 >= b->tcap) {
		size_t nc = b->tcap ? b->tcap * 2 : 64;
		char *nt = realloc(b->text, nc);
		if (nt == NULL)
			return -LK_ENOMEM;
		b->text = nt;
		b->tcap = nc;
	}
	b->text[b->tlen++] = c;
	return 0;
}

static int s_end_cell(struct builder *b)
{
	if (b->cur.ncell == b->ccap) {
		int nc = b->ccap ? b->ccap * 2 : 8;
		char **nv = realloc(b->cur.cell, (size_t)nc * sizeof *nv);
		if (nv == NULL)
			return -LK_ENOMEM;
		b->cur.cell = nv;
		b->ccap = nc;
	}
	char *c = malloc(b->tlen + 1);
	if (c == NULL)
		return -LK_ENOMEM;
	memcpy(c, b->text ? b->text : "", b->tlen);
	c[b->tlen] = '\0';
	b->cur.cell[b->cur.ncell++] = c;
	b->tlen = 0;
	return 0;
}

/* The record is complete: kept unless all its cells are empty. */
static int s_end_row(struct builder *b)
{
	int rc = s_end_cell(b);
	if (rc != 0)
		return rc;
	int empty = 1;
	for (int j = 0; j < b->cur.ncell && empty; j++) {
		size_t n;
		s_span(b->cur.cell[j], &n);
		empty = n == 0;
	}
	if (empty) {
		for (int j = 0; j < b->cur.ncell; j++)
			free(b->cur.cell[j]);
		b->cur.ncell = 0;
		return 0;
	}
	if (b->s->nrows == b->rcap) {
		size_t nc = b->rcap ? b->rcap * 2 : 32;
		struct sheet_row *nv = realloc(b->s->rows, nc * sizeof *nv);
		if (nv == NULL)
			return -LK_ENOMEM;
		b->s->rows = nv;
		b->rcap = nc;
	}
	b->s->rows[b->s->nrows++] = b->cur;
	memset(&b->cur, 0, sizeof b->cur);
	b->ccap = 0;
	return 0;
}

/* The first line's separator: the more frequent of ';' and ',' outside quotes (',' when neither). */
static char s_separator(const char *p, const char *end)
{
	int semi = 0, comma = 0, q = 0;
	while (p < end && (*p == '\r' || *p == '\n'))
		p++;
	for (; p < end && (q || (*p != '\n' && *p != '\r')); p++) {
		if (*p == '"')
			q = !q;
		else if (!q && *p == ';')
			semi++;
		else if (!q && *p == ',')
			comma++;
	}
	return semi > comma ? ';' : ',';
}

/* Where the bytes stop being UTF-8 text: the offset of the first bad byte, or len. */
static size_t s_bad_utf8(const char *buf, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t k = lk_utf8_seq((const unsigned char *)buf + i, len - i);
		if (k == 0 || buf[i] == '\0')
			return i;
		i += k;
	}
	return len;
}

int sheet_parse(const char *buf, size_t len, const char *name, struct sheet *s, struct dom_err *err)
{
	memset(s, 0, sizeof *s);
	if (len >= 2 && ((unsigned char)buf[0] == 0xFF || (unsigned char)buf[0] == 0xFE) &&
	    ((unsigned char)buf[1] == 0xFE || (unsigned char)buf[1] == 0xFF))
		return dom_fail(err, -LK_EINVAL, _("%s is saved as Unicode (UTF-16) text; save it again from Excel or "
		                "LibreOffice as \"CSV UTF-8\" and import that file"), name);
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
		buf += 3;
		len -= 3;
	}
	size_t bad = s_bad_utf8(buf, len);
	if (bad < len) {
		int row = 1;
		for (size_t i = 0; i < bad; i++)
			row += buf[i] == '\n';
		return dom_fail(err, -LK_EINVAL, _("%s is not UTF-8 text (row %d holds a character in another encoding, "
		                "such as Windows-1252); save it again from Excel or LibreOffice as \"CSV UTF-8\" "
		                "and import that file"), name, row);
	}
	const char *p = buf, *end = buf + len;
	s->sep = s_separator(p, end);
	struct builder b = {.s = s};
	int rc = 0, row = 1, quoted = 0, qrow = 0;
	b.cur.row = 1;
	while (p < end && rc == 0) {
		char c = *p++;
		if (quoted) {
			if (c == '"' && p < end && *p == '"') {
				rc = s_putc(&b, '"');
				p++;
			} else if (c == '"') {
				quoted = 0;
			} else {
				if (c == '\n' || (c == '\r' && (p == end || *p != '\n')))
					row++;
				rc = s_putc(&b, c);
			}
		} else if (c == '"' && b.tlen == 0) {
			quoted = 1;
			qrow = row;
		} else if (c == s->sep) {
			rc = s_end_cell(&b);
		} else if (c == '\r' || c == '\n') {
			if (c == '\r' && p < end && *p == '\n')
				p++;
			rc = s_end_row(&b);
			b.cur.row = ++row;
		} else {
			rc = s_putc(&b, c);
		}
	}
	if (rc == 0 && quoted)
		rc = dom_fail(err, -LK_EINVAL, _("%s, row %d: a quote (\") opens a cell that never ends; remove the "
		              "quote or close it, and import the file again"), name, qrow);
	else if (rc == 0 && (b.tlen > 0 || b.cur.ncell > 0))
		rc = s_end_row(&b);
	if (rc == -LK_ENOMEM)
		dom_fail(err, rc, _("%s: out of memory"), name);
	for (int j = 0; j < b.cur.ncell; j++)
		free(b.cur.cell[j]);
	free(b.cur.cell);
	free(b.text);
	if (rc != 0) {
		sheet_free(s);
		return rc;
	}
	s_conventions(s);
	return 0;
}

int sheet_read(FILE *f, const char *name, struct sheet *s, struct dom_err *err)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	memset(s, 0, sizeof *s);
	for (;;) {
		if (len == cap) {
			size_t nc = cap ? cap * 2 : 1 << 16;
			char *nb = nc <= SHEET_MAX_BYTES + 1 ? realloc(buf, nc) : NULL;
			if (nb == NULL) {
				free(buf);
				if (nc > SHEET_MAX_BYTES + 1)
					return dom_fail(err, -LK_EINVAL, _("%s is larger than %u MiB; import it in parts"), name,
					                SHEET_MAX_BYTES >> 20);
				return dom_fail(err, -LK_ENOMEM, _("%s: out of memory"), name);
			}
			buf = nb;
			cap = nc;
		}
		size_t k = fread(buf + len, 1, cap - len, f);
		len += k;
		if (k == 0)
			break;
	}
	int rc = ferror(f) ? dom_fail(err, -LK_EIO, _("cannot read %s"), name) : sheet_parse(buf, len, name, s, err);
	free(buf);
	return rc;
}
