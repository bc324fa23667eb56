/* table: building a table block: columns, a header row repeated on each page, rows and spare rows. */
#include "doc_priv.h"

#include <stdlib.h>
#include <string.h>

#include "lk_error.h"

struct rd_table *rd_table_new(struct rd_doc *doc, size_t ncols, const double *widths_mm,
                              const enum rd_align *aligns)
{
	if (ncols < 1 || ncols > 32) {
		rd_fail(doc, -LK_EINVAL, "table: from 1 to 32 columns");
		return NULL;
	}
	double fixed = 0;
	for (size_t c = 0; c < ncols; c++) {
		if (widths_mm && widths_mm[c] < 0) {
			rd_fail(doc, -LK_EINVAL, "table: column %zu has a negative width", c + 1);
			return NULL;
		}
		fixed += widths_mm ? widths_mm[c] : 0;
	}
	if (fixed > 210 - doc->margin[0] - doc->margin[2] + 0.01) {
		rd_fail(doc, -LK_EINVAL, "table: the columns (%.1f mm) are wider than the text area (%.1f mm)", fixed,
		        210 - doc->margin[0] - doc->margin[2]);
		return NULL;
	}
	struct rd_table *t = calloc(1, sizeof *t);
	if (t) {
		t->widths_mm = calloc(ncols, sizeof *t->widths_mm);
		t->aligns = calloc(ncols, sizeof *t->aligns);
	}
	if (!t || !t->widths_mm || !t->aligns) {
		if (t) {
			free(t->widths_mm);
			free(t->aligns);
		}
		free(t);
		rd_fail(doc, -LK_ENOMEM, "out of memory");
		return NULL;
	}
	t->doc = doc;
	t->ncols = ncols;
	for (size_t c = 0; c < ncols; c++) {
		t->widths_mm[c] = widths_mm ? widths_mm[c] : 0;
		t->aligns[c] = aligns ? aligns[c] : RD_LEFT;
	}
	/* The table is a block now: later blocks come after it. */
	if (doc->nblocks == doc->cap) {
		size_t cap = doc->cap ? doc->cap * 2 : 32;
		struct rd_block *nb = realloc(doc->blocks, cap * sizeof *nb);
		if (!nb) {
			free(t->widths_mm);
			free(t->aligns);
			free(t);
			rd_fail(doc, -LK_ENOMEM, "out of memory");
			return NULL;
		}
		doc->blocks = nb;
		doc->cap = cap;
	}
	struct rd_block *b = &doc->blocks[doc->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = RB_TABLE;
	b->group = doc->group;
	b->table = t;
	return t;
}

static char **s_cells(struct rd_table *t, const char *const *cells, const char *what)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (rd_markup_check(t->doc, cells[c], what))
			return NULL;
	char **row = calloc(t->ncols, sizeof *row);
	if (!row) {
		rd_fail(t->doc, -LK_ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		row[c] = strdup(cells[c] ? cells[c] : "");
		if (!row[c]) {
			for (size_t k = 0; k < c; k++)
				free(row[k]);
			free(row);
			rd_fail(t->doc, -LK_ENOMEM, "out of memory");
			return NULL;
		}
	}
	return row;
}

int rd_table_header(struct rd_table *t, const char *const *cells)
{
	char **row = s_cells(t, cells, "table header");
	if (!row)
		return -LK_EINVAL;
	if (t->header)
		for (size_t c = 0; c < t->ncols; c++)
			free(t->header[c]);
	free(t->header);
	t->header = row;
	return 0;
}

static int s_push(struct rd_table *t, char **row, double min_mm)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char ***nr = realloc(t->rows, cap * sizeof *nr);
		if (!nr)
			return rd_fail(t->doc, -LK_ENOMEM, "out of memory");
		t->rows = nr;
		double *nm = realloc(t->row_min_mm, cap * sizeof *nm);
		if (!nm)
			return rd_fail(t->doc, -LK_ENOMEM, "out of memory");
		t->row_min_mm = nm;
		t->cap = cap;
	}
	t->rows[t->nrows] = row;
	t->row_min_mm[t->nrows++] = min_mm;
	return 0;
}

int rd_table_row(struct rd_table *t, const char *const *cells)
{
	char **row = s_cells(t, cells, "table cell");
	if (!row)
		return -LK_EINVAL;
	int rc = s_push(t, row, 0);
	if (rc) {
		for (size_t c = 0; c < t->ncols; c++)
			free(row[c]);
		free(row);
	}
	return rc;
}

int rd_table_spare(struct rd_table *t, size_t n, double height_mm)
{
	if (n > 1000 || height_mm < 0 || height_mm > 100)
		return rd_fail(t->doc, -LK_EINVAL, "table: up to 1000 spare rows of up to 100 mm");
	for (size_t i = 0; i < n; i++) {
		int rc = s_push(t, NULL, height_mm > 0 ? height_mm : 8);
		if (rc)
			return rc;
	}
	return 0;
}

int rd_table_min_row(struct rd_table *t, double height_mm)
{
	if (height_mm < 0 || height_mm > 100)
		return rd_fail(t->doc, -LK_EINVAL, "table: a row height from 0 to 100 mm");
	t->min_row_mm = height_mm;
	return 0;
}

int rd_table_font(struct rd_table *t, double size_pt)
{
	if (size_pt < 4 || size_pt > 72)
		return rd_fail(t->doc, -LK_EINVAL, "table: a font size from 4 to 72 pt");
	t->size_pt = size_pt;
	return 0;
}

/* A column's width: its own, or an equal share of what the fixed columns leave. */
double rd_table_width_mm(const struct rd_doc *doc, const struct rd_table *t, size_t col)
{
	if (t->widths_mm[col] > 0)
		return t->widths_mm[col];
	double fixed = 0;
	size_t nfree = 0;
	for (size_t c = 0; c < t->ncols; c++) {
		fixed += t->widths_mm[c];
		nfree += t->widths_mm[c] <= 0;
	}
	double area = 210 - doc->margin[0] - doc->margin[2];
	return nfree ? (area - fixed) / (double)nfree : 0;
}
