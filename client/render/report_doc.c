/* report_doc: lays the reports' tables (domain/table.h) out as an A4 document with a heading and repeated headers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_i18n.h"
#include "report_doc.h"

struct rd_doc *rd_report_new(const char *title)
{
	struct rd_doc *doc = rd_doc_new();
	if (doc == NULL)
		return NULL;
	if (rd_doc_set_margins(doc, 20, 15, 15, 15) != 0 || rd_doc_set_font(doc, "Liberation Sans", 10) != 0 ||
	    rd_doc_set_title(doc, title) != 0 || rd_doc_set_footer(doc, _("Page {page} of {pages}"), 0) != 0)
		rd_doc_free(&doc);
	return doc;
}

/* A paragraph of plain text. */
static int s_plain(struct rd_doc *doc, const char *plain, const char *open, const char *close,
                   const struct rd_para_style *st)
{
	char *esc = rd_markup_escape(plain);
	if (esc == NULL)
		return -LK_ENOMEM;
	size_t n = strlen(open) + strlen(esc) + strlen(close) + 1;
	char *m = malloc(n);
	int rc = -LK_ENOMEM;
	if (m) {
		snprintf(m, n, "%s%s%s", open, esc, close);
		rc = rd_para(doc, m, st);
	}
	free(m);
	free(esc);
	return rc;
}

int rd_report_heading(struct rd_doc *doc, const char *title, const char *const *lines, size_t n, int new_page)
{
	struct rd_para_style head = {.align = RD_CENTER, .size_pt = 14, .space_after_mm = 2, .keep_with_next = 1};
	struct rd_para_style line = {.align = RD_CENTER, .size_pt = 9.5, .space_after_mm = 1, .keep_with_next = 1};
	int rc = new_page ? rd_page_break(doc) : 0;
	if (rc == 0)
		rc = s_plain(doc, title, "<b>", "</b>", &head);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (i + 1 == n)
			line.space_after_mm = 5;
		if (lines[i] && lines[i][0])
			rc = s_plain(doc, lines[i], "", "", &line);
	}
	return rc;
}

/* The first column names a puskesmas or kecamatan: wider than the figures. */
static double s_first_width(size_t ncols)
{
	return ncols > 8 ? 34 : ncols > 4 ? 40 : 0;
}

int rd_report_table(struct rd_doc *doc, const struct rtable *t)
{
	struct rd_para_style cap = {.size_pt = 11, .space_before_mm = 3, .space_after_mm = 1.5, .keep_with_next = 1};
	int rc = s_plain(doc, t->title, "<b>", "</b>", &cap);
	if (rc != 0)
		return rc;
	if (t->nrows == 0) {
		struct rd_para_style none = {.size_pt = 9.5};
		return s_plain(doc, _("(nothing to report)"), "<i>", "</i>", &none);
	}
	double *w = calloc(t->ncols, sizeof *w);
	enum rd_align *al = calloc(t->ncols, sizeof *al);
	char **cells = calloc(t->ncols, sizeof *cells);
	struct rd_table *tb = NULL;
	rc = w && al && cells ? 0 : -LK_ENOMEM;
	if (rc == 0) {
		w[0] = s_first_width(t->ncols);
		for (size_t c = 0; c < t->ncols; c++)
			al[c] = RD_LEFT;
		tb = rd_table_new(doc, t->ncols, w, al);
		rc = tb ? 0 : -LK_ENOMEM;
	}
	if (rc == 0)
		rc = rd_table_font(tb, t->ncols > 10 ? 7 : t->ncols > 6 ? 8 : 9);
	/* The header, then each row: escaped text, freed after each row. */
	for (size_t r = 0; rc == 0 && r <= t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++)
			cells[c] = rd_markup_escape(r == 0 ? _(t->cols[c]) : rtable_shown(t, r - 1, c));
		for (size_t c = 0; c < t->ncols; c++)
			if (cells[c] == NULL)
				rc = -LK_ENOMEM;
		if (rc == 0)
			rc = r == 0 ? rd_table_header(tb, (const char *const *)cells)
			            : rd_table_row(tb, (const char *const *)cells);
		for (size_t c = 0; c < t->ncols; c++) {
			free(cells[c]);
			cells[c] = NULL;
		}
	}
	free(w);
	free(al);
	free(cells);
	return rc;
}
