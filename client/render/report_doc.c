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
	if (rd_doc_set_margins(doc, 15, 15, 12, 15) != 0 || rd_doc_set_font(doc, "Liberation Sans", 10) != 0 ||
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

/* Code points of the longest word of text (words end at blanks), and of the whole text. */
static void s_words(const char *text, size_t *word, size_t *all)
{
	size_t cur = 0, n = 0;
	for (const char *p = text; *p; p++) {
		if (((unsigned char)*p & 0xc0) == 0x80)
			continue;
		n++;
		cur = *p == ' ' ? 0 : cur + 1;
		if (cur > *word)
			*word = cur;
	}
	if (n > *all)
		*all = n;
}

/*
 * Column widths for A4 portrait (the engine has no landscape pages): each
 * column as wide as its longest word needs (so no word is cut), the first
 * (the puskesmas' or kecamatan's name) up to its longest name; the font
 * shrinks (to 6 pt) until the words fit the text area. Estimated from a bold
 * capital's width, about 0.68 of the size.
 */
static double s_widths(const struct rtable *t, double *w)
{
	double area = 210 - 15 - 12 - 0.5, size = t->ncols > 10 ? 7 : t->ncols > 6 ? 8 : 9; /* rd_report_new's margins */
	size_t *word = calloc(t->ncols, sizeof *word), *all = calloc(t->ncols, sizeof *all);
	if (word == NULL || all == NULL) {
		free(word);
		free(all);
		return 0;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		size_t head = 0;
		s_words(_(t->cols[c]), &head, &all[c]);
		word[c] = head + (head + 4) / 5; /* the header is bold: about a fifth wider */
		for (size_t r = 0; r < t->nrows; r++)
			s_words(rtable_shown(t, r, c), &word[c], &all[c]);
		if (word[c] > 22) /* a hash or a long id may break anywhere */
			word[c] = 22;
		if (all[c] > 40)
			all[c] = 40;
	}
	for (;; size -= 0.5) {
		double mm = size * 0.68 * 25.4 / 72, sum = 0;
		for (size_t c = 0; c < t->ncols; c++)
			sum += w[c] = (double)word[c] * mm + 3.4;
		if (sum <= area || size <= 6) {
			/* What is left goes first to the name column, */
			double left = area - sum, want = (double)all[0] * mm * 0.85 + 3.4 - w[0];
			if (left > 0 && want > 0) {
				double give = want < left ? want : left;
				w[0] += give;
				left -= give;
			}
			/* then to the columns whose text is longer than their room, by how much. */
			double more = 0;
			for (size_t c = 1; c < t->ncols; c++)
				more += (double)all[c] * mm > w[c] ? (double)all[c] * mm - w[c] : 0;
			for (size_t c = 0; left > 0 && c < t->ncols; c++)
				w[c] += more > 0 ? (c && (double)all[c] * mm > w[c] ? left * ((double)all[c] * mm - w[c]) / more : 0)
				                 : left / (double)t->ncols;
			if (sum > area) {
				/* Even at 6 pt: the names keep their room, the others share the rest. */
				double name = (double)all[0] * mm * 0.85 + 3.4;
				memset(w, 0, t->ncols * sizeof *w);
				w[0] = name < 32 ? name : 32;
			}
			break;
		}
	}
	free(word);
	free(all);
	return size;
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
	double size = 9;
	if (rc == 0) {
		size = s_widths(t, w);
		for (size_t c = 0; c < t->ncols; c++)
			al[c] = RD_LEFT;
		tb = rd_table_new(doc, t->ncols, w, al);
		rc = tb ? 0 : -LK_ENOMEM;
	}
	if (rc == 0)
		rc = rd_table_font(tb, size > 0 ? size : 9);
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
