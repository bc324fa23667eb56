/* xlsx: tables of figures written as an Excel workbook (libxlsxwriter), one sheet per table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "lk_i18n.h"
#include "xlsx.h"

#define MAX_WIDTH 60

/* How a value is written: a number (with its decimals, percent or not, thousands grouped or not), or the shown text. */
struct figure {
	int is_number, percent, decimals, plain;
	double v;
};

/*
 * A cell is a number when the table made it one (rtable_int, rtable_number:
 * a figure shown as people read it) and its value is a plain decimal figure;
 * codes and words stay text, and a code shown by its name is the name. The
 * figure is grouped by thousands as the table shows it: a year shown "2036"
 * stays 2036.
 */
static struct figure s_figure(const struct rtable *t, size_t r, size_t c)
{
	struct figure f = {0};
	const char *v = rtable_get(t, r, c), *own = t->shown ? t->shown[r * t->ncols + c] : NULL;
	size_t n = strlen(v);
	if (own == NULL || !((own[0] >= '0' && own[0] <= '9') || own[0] == '-') || n == 0 || n > 40)
		return f;
	char buf[48], *end;
	memcpy(buf, v, n + 1);
	if (buf[n - 1] == '%') {
		f.percent = 1;
		buf[--n] = '\0';
	}
	/* Plain decimal figures only: not "1e5", "inf", " 3" or a hex number. */
	for (size_t i = 0; i < n; i++)
		if (!((buf[i] >= '0' && buf[i] <= '9') || buf[i] == '.' || (i == 0 && buf[i] == '-')))
			return f;
	f.v = strtod(buf, &end);
	if (*end != '\0' || end == buf)
		return f;
	const char *dot = strchr(buf, '.');
	f.decimals = dot ? (int)strlen(dot + 1) : 0;
	if (f.decimals > 6)
		f.decimals = 6;
	f.plain = (f.v >= 1000 || f.v <= -1000) && strpbrk(own, ".,") == NULL;
	f.is_number = 1;
	return f;
}

/* Characters, not bytes, of UTF-8 text. */
static size_t s_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* A sheet name Excel accepts (31 characters at most, none of []:*?/\), unique in the workbook:
 * the title, cut short; with the sheet's number when another sheet has it; "Tabel N" else. */
static void s_sheet_name(lxw_workbook *wb, const char *title, size_t i, char *out, size_t len)
{
	size_t w = 0, chars = 0;
	for (const char *p = title; *p && w + 8 < len; p++) {
		int lead = ((unsigned char)*p & 0xC0) != 0x80;
		if (lead && chars == 26)
			break;
		chars += lead;
		out[w++] = strchr("[]:*?/\\'", *p) ? ' ' : *p;
	}
	while (w && out[w - 1] == ' ')
		w--;
	out[w] = '\0';
	if (w && workbook_validate_sheet_name(wb, out) == LXW_NO_ERROR)
		return;
	snprintf(out + w, len - w, " %zu", i + 1);
	if (w && workbook_validate_sheet_name(wb, out) == LXW_NO_ERROR)
		return;
	snprintf(out, len, "%s %zu", _("Table"), i + 1);
}

/* The number formats, made once per workbook: [percent][decimals][plain]. */
struct formats {
	lxw_format *head, *num[2][7][2];
};

static lxw_format *s_num_format(lxw_workbook *wb, struct formats *fm, const struct figure *f)
{
	lxw_format **slot = &fm->num[f->percent][f->decimals][f->plain];
	if (*slot == NULL) {
		char pattern[32];
		snprintf(pattern, sizeof pattern, "%s0%s%.*s%s", f->plain ? "" : "#,##", f->decimals ? "." : "",
		         f->decimals, "000000", f->percent ? "%" : "");
		*slot = workbook_add_format(wb);
		if (*slot)
			format_set_num_format(*slot, pattern);
	}
	return *slot;
}

static int s_sheet(lxw_workbook *wb, struct formats *fm, const struct rtable *t, size_t i, char *why, size_t whylen)
{
	char name[128];
	s_sheet_name(wb, t->title ? _(t->title) : "", i, name, sizeof name);
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);
	if (ws == NULL) {
		snprintf(why, whylen, _("cannot add the sheet \"%s\""), name);
		return -1;
	}
	size_t *width = calloc(t->ncols ? t->ncols : 1, sizeof *width);
	if (width == NULL) {
		snprintf(why, whylen, _("out of memory"));
		return -1;
	}
	lxw_error e = LXW_NO_ERROR;
	for (size_t c = 0; c < t->ncols && c < LXW_COL_MAX && e == LXW_NO_ERROR; c++) {
		const char *h = _(t->cols[c]);
		width[c] = s_chars(h);
		e = worksheet_write_string(ws, 0, (lxw_col_t)c, h, fm->head);
	}
	for (size_t r = 0; r < t->nrows && r + 1 < LXW_ROW_MAX && e == LXW_NO_ERROR; r++)
		for (size_t c = 0; c < t->ncols && c < LXW_COL_MAX && e == LXW_NO_ERROR; c++) {
			struct figure f = s_figure(t, r, c);
			const char *shown = rtable_shown(t, r, c);
			size_t w = s_chars(shown);
			if (f.is_number)
				e = worksheet_write_number(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, f.percent ? f.v / 100 : f.v,
				                           s_num_format(wb, fm, &f));
			else if (shown[0])
				e = worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, shown, NULL);
			if (w > width[c])
				width[c] = w;
		}
	for (size_t c = 0; c < t->ncols && c < LXW_COL_MAX && e == LXW_NO_ERROR; c++)
		e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)(width[c] > MAX_WIDTH ? MAX_WIDTH : width[c] + 2),
		                         NULL);
	free(width);
	if (e != LXW_NO_ERROR) {
		snprintf(why, whylen, _("sheet \"%s\": %s"), name, lxw_strerror(e));
		return -1;
	}
	worksheet_freeze_panes(ws, 1, 0);
	return 0;
}

int xlsx_write_tables(const char *path, struct rtable *const *tables, size_t n, char *why, size_t whylen)
{
	lxw_workbook *wb = workbook_new(path);
	if (wb == NULL) {
		snprintf(why, whylen, _("cannot start the workbook %s"), path);
		return -1;
	}
	struct formats fm;
	memset(&fm, 0, sizeof fm);
	fm.head = workbook_add_format(wb);
	if (fm.head)
		format_set_bold(fm.head);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = s_sheet(wb, &fm, tables[i], i, why, whylen);
	if (rc == 0 && n == 0 && workbook_add_worksheet(wb, NULL) == NULL) {
		snprintf(why, whylen, _("cannot add a sheet"));
		rc = -1;
	}
	lxw_error e = workbook_close(wb); /* frees it, written or not */
	if (rc == 0 && e != LXW_NO_ERROR) {
		snprintf(why, whylen, _("cannot write %s: %s"), path, lxw_strerror(e));
		rc = -1;
	}
	if (rc != 0)
		remove(path);
	return rc;
}
