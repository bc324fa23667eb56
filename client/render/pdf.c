/* pdf: paginating a document (keep-together groups, headings kept with what follows, table headers repeated) and writing it as an A4 PDF. */
#include "pdf_priv.h"

#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>

#include "lk_error.h"

#define EPS 0.01

/* One piece of a block: a whole block, a table row (-2 the header), or a paragraph's lines. */
struct item {
	size_t block;
	long row;
	int line0, line1;
	double h;
};

/* An item put on a page at y. */
struct place {
	int page;
	double y;
	struct item it;
};

struct pager {
	struct rd_pdf *p;
	struct place *pl;
	size_t npl, cap;
	int page;
	double y;
	long table_on_page; /* block of the table whose header this page shows, -1 none */
	int empty;          /* nothing on this page yet */
};

static int s_put(struct pager *g, const struct item *it)
{
	if (g->npl == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		struct place *n = realloc(g->pl, cap * sizeof *n);
		if (!n)
			return -LK_ENOMEM;
		g->pl = n;
		g->cap = cap;
	}
	g->pl[g->npl++] = (struct place){g->page, g->y, *it};
	g->y += it->h;
	g->empty = 0;
	return 0;
}

static void s_new_page(struct pager *g)
{
	g->page++;
	g->y = g->p->y0;
	g->table_on_page = -1;
	g->empty = 1;
}

static int s_is_row(const struct rd_doc *d, const struct item *it)
{
	return d->blocks[it->block].kind == RB_TABLE && it->row >= 0;
}

static double s_header_h(struct pager *g, size_t block)
{
	const struct rd_table *t = g->p->doc->blocks[block].table;
	return t->header ? rd_piece(g->p, block, -2, 0, -1, 0, 0) : 0;
}

/* Place one item, starting a page when it does not fit, repeating a table's header on a new page. */
static int s_place(struct pager *g, struct item it)
{
	struct rd_doc *d = g->p->doc;
	const struct rd_block *b = &d->blocks[it.block];
	if (b->kind == RB_BREAK) {
		if (!g->empty)
			s_new_page(g);
		return 0;
	}
	for (;;) {
		double head = 0;
		if (s_is_row(d, &it) && g->table_on_page != (long)it.block)
			head = s_header_h(g, it.block);
		if (g->y + head + it.h <= g->p->y1 + EPS || g->empty) {
			/* An over-tall paragraph on a fresh page still splits below. */
			if (!(b->kind == RB_PARA && g->y + it.h > g->p->y1 + EPS))
				break;
		}
		if (b->kind == RB_PARA) {
			/* Split between lines, leaving at least two on each side (no orphan, no widow). */
			int n = it.line1 < 0 ? rd_para_lines(g->p, it.block) : it.line1;
			int k, best = -1;
			for (k = it.line0 + 1; k < n; k++) {
				double before = it.line0 == 0 ? RD_MM(b->st.space_before_mm) : 0;
				if (g->y + before + rd_para_span(g->p, it.block, it.line0, k) > g->p->y1 + EPS)
					break;
				best = k;
			}
			int min = g->empty ? 1 : 2;
			/* All lines but the last fit: split before the last two rather than move the whole paragraph. */
			if (best >= 0 && n - best < 2 && !g->empty)
				best = n - 2;
			if (best >= 0 && best - it.line0 >= min && (n - best >= 2 || g->empty)) {
				struct item first = it;
				first.line1 = best;
				first.h = rd_piece(g->p, it.block, -1, it.line0, best, 0, 0);
				if (s_put(g, &first))
					return -LK_ENOMEM;
				it.line0 = best;
				it.h = rd_piece(g->p, it.block, -1, best, it.line1, 0, 0);
			}
			if (g->empty && best < 0) /* not even one line fits a fresh page: place it anyway */
				break;
		} else if (g->empty) {
			break; /* taller than a page: it overflows rather than loop */
		}
		s_new_page(g);
	}
	if (s_is_row(d, &it) && g->table_on_page != (long)it.block) {
		const struct rd_table *t = b->table;
		if (t->header) {
			struct item h = {it.block, -2, 0, -1, s_header_h(g, it.block)};
			if (s_put(g, &h))
				return -LK_ENOMEM;
		}
	}
	if (b->kind == RB_TABLE)
		g->table_on_page = (long)it.block;
	return s_put(g, &it);
}

/* Items of the whole document, in order; a table's header leads its rows. */
static struct item *s_items(struct rd_pdf *p, size_t *n)
{
	struct rd_doc *d = p->doc;
	size_t cap = 16, k = 0;
	for (size_t i = 0; i < d->nblocks; i++)
		cap += d->blocks[i].kind == RB_TABLE ? d->blocks[i].table->nrows + 1 : 1;
	struct item *it = calloc(cap, sizeof *it);
	if (!it)
		return NULL;
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct rd_block *b = &d->blocks[i];
		if (b->kind == RB_TABLE) {
			/* A table's header is placed by its first row (s_place), so it never ends a page alone. */
			for (size_t r = 0; r < b->table->nrows; r++)
				it[k++] = (struct item){i, (long)r, 0, -1, rd_piece(p, i, (long)r, 0, -1, 0, 0)};
			if (b->table->nrows == 0 && b->table->header)
				it[k++] = (struct item){i, -2, 0, -1, rd_piece(p, i, -2, 0, -1, 0, 0)};
		} else {
			it[k++] = (struct item){i, -1, 0, -1, rd_piece(p, i, -1, 0, -1, 0, 0)};
		}
	}
	*n = k;
	return it;
}

/* The end of the unit starting at i: a keep-together group (when groups), a chain of keep-with-next. */
static size_t s_unit_end(const struct rd_doc *d, const struct item *it, size_t n, size_t i, int groups)
{
	size_t j = i;
	for (;;) {
		const struct rd_block *b = &d->blocks[it[j].block];
		j++;
		while (groups && b->group && j < n && d->blocks[it[j].block].group == b->group)
			b = &d->blocks[it[j++].block];
		if (j < n && b->kind == RB_PARA && b->st.keep_with_next && d->blocks[it[j].block].kind != RB_BREAK)
			continue;
		return j;
	}
}

/* Items [i, n) unit by unit; groups 0 when placing the inside of a group taller than a page. */
static int s_paginate(struct pager *g, struct item *it, size_t i, size_t n, int groups)
{
	struct rd_doc *d = g->p->doc;
	double page_h = g->p->y1 - g->p->y0;
	while (i < n) {
		size_t j = s_unit_end(d, it, n, i, groups);
		if (j - i > 1) {
			double h = 0;
			long tbl = g->table_on_page;
			for (size_t k = i; k < j; k++) {
				if (s_is_row(d, &it[k]) && tbl != (long)it[k].block) {
					h += s_header_h(g, it[k].block);
					tbl = (long)it[k].block;
				}
				h += it[k].h;
			}
			/*
			 * A group taller than a page cannot stay together: lay out its inside
			 * as if ungrouped, so its headings still keep with what follows them.
			 */
			if (groups && h > page_h + EPS) {
				int rc = s_paginate(g, it, i, j, 0);
				if (rc)
					return rc;
				i = j;
				continue;
			}
			/* Move the whole unit when it would be cut here but fits on a page of its own. */
			if (!g->empty && g->y + h > g->p->y1 + EPS && h <= page_h + EPS)
				s_new_page(g);
		}
		for (size_t k = i; k < j; k++) {
			int rc = s_place(g, it[k]);
			if (rc)
				return rc;
		}
		i = j;
	}
	return 0;
}

/* "{page}" and "{pages}" in the footer template. */
static char *s_footer(const char *tmpl, int page, int pages)
{
	GString *s = g_string_new(NULL);
	for (const char *c = tmpl; *c;) {
		if (strncmp(c, "{page}", 6) == 0) {
			g_string_append_printf(s, "%d", page);
			c += 6;
		} else if (strncmp(c, "{pages}", 7) == 0) {
			g_string_append_printf(s, "%d", pages);
			c += 7;
		} else {
			g_string_append_c(s, *c++);
		}
	}
	return g_string_free(s, FALSE);
}

static void s_furniture(struct rd_pdf *p, int page, int pages)
{
	struct rd_doc *d = p->doc;
	if (d->header && !(page == 1 && d->header_skip_first)) {
		PangoLayout *l = rd_layout(p, d->header, 9, p->w, RD_CENTER);
		cairo_move_to(p->cr, p->x0, RD_MM(d->margin[1]) / 2 - rd_layout_height(l) / 2);
		pango_cairo_show_layout(p->cr, l);
		g_object_unref(l);
	}
	if (d->footer && !(page == 1 && d->footer_skip_first)) {
		char *m = s_footer(d->footer, page, pages);
		PangoLayout *l = rd_layout(p, m, 9, p->w, RD_CENTER);
		cairo_move_to(p->cr, p->x0, RD_A4_H - RD_MM(d->margin[3]) / 2 - rd_layout_height(l) / 2);
		pango_cairo_show_layout(p->cr, l);
		g_object_unref(l);
		g_free(m);
	}
}

int rd_render_pdf(struct rd_doc *d, const char *path)
{
	if (d->group)
		return rd_fail(d, -LK_EINVAL, "a group is still open: end it before rendering");
	d->err[0] = '\0';
	cairo_surface_t *surf = cairo_pdf_surface_create(path, RD_A4_W, RD_A4_H);
	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surf);
		return rd_fail(d, -LK_EIO, "%s: cannot be written", path);
	}
	if (d->title)
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, d->title);
	struct rd_pdf p = {.doc = d};
	p.cr = cairo_create(surf);
	p.pc = pango_cairo_create_context(p.cr);
	/* One PDF point per Pango point; metrics unhinted so measuring and drawing agree. */
	pango_cairo_context_set_resolution(p.pc, 72);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p.pc, fo);
	cairo_font_options_destroy(fo);
	p.x0 = RD_MM(d->margin[0]);
	p.y0 = RD_MM(d->margin[1]);
	p.w = RD_A4_W - RD_MM(d->margin[0]) - RD_MM(d->margin[2]);
	p.y1 = RD_A4_H - RD_MM(d->margin[3]);
	p.images = calloc(d->nblocks + 1, sizeof *p.images);
	struct pager g = {.p = &p, .page = 1, .y = p.y0, .table_on_page = -1, .empty = 1};
	struct item *it = NULL;
	size_t n = 0;
	int rc = 0;
	if (!p.images) {
		rc = rd_fail(d, -LK_ENOMEM, "out of memory");
		goto out;
	}
	/* Every image first: a missing file fails before any page is laid out. */
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct rd_block *b = &d->blocks[i];
		if ((b->kind == RB_IMAGE || b->kind == RB_LETTERHEAD) && b->text && !rd_image_load(&p, i, b->text)) {
			rc = -LK_EIO;
			goto out;
		}
	}
	it = s_items(&p, &n);
	if (!it) {
		rc = rd_fail(d, -LK_ENOMEM, "out of memory");
		goto out;
	}
	rc = s_paginate(&g, it, 0, n, 1);
	if (rc) {
		rd_fail(d, rc, "out of memory");
		goto out;
	}
	int pages = g.page;
	size_t k = 0;
	for (int page = 1; page <= pages; page++) {
		cairo_set_source_rgb(p.cr, 0, 0, 0);
		s_furniture(&p, page, pages);
		for (; k < g.npl && g.pl[k].page == page; k++)
			rd_piece(&p, g.pl[k].it.block, g.pl[k].it.row, g.pl[k].it.line0, g.pl[k].it.line1, g.pl[k].y, 1);
		cairo_show_page(p.cr);
	}
	d->pages = pages;
out:
	free(it);
	free(g.pl);
	if (p.images)
		for (size_t i = 0; i < d->nblocks; i++)
			if (p.images[i])
				cairo_surface_destroy(p.images[i]);
	free(p.images);
	g_object_unref(p.pc);
	cairo_destroy(p.cr);
	cairo_surface_finish(surf);
	if (!rc && cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS)
		rc = rd_fail(d, -LK_EIO, "%s: writing failed", path);
	cairo_surface_destroy(surf);
	return rc;
}
