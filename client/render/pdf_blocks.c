/* pdf_blocks: measuring and painting each kind of block with cairo and pango, in PDF points. */
#include "pdf_priv.h"

#include <stdlib.h>
#include <string.h>

#define PAD_X RD_MM(1.5)
#define PAD_Y RD_MM(1.0)

PangoLayout *rd_layout(struct rd_pdf *p, const char *markup, double size_pt, double width, enum rd_align align)
{
	PangoLayout *l = pango_layout_new(p->pc);
	PangoFontDescription *fd = pango_font_description_from_string(p->doc->font);
	pango_font_description_set_size(fd, (gint)(size_pt * PANGO_SCALE));
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		/* Words longer than the line (an address, a long compound) break inside rather than overflow. */
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(l, align == RD_CENTER ? PANGO_ALIGN_CENTER
	                              : align == RD_RIGHT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	pango_layout_set_justify(l, align == RD_JUSTIFY);
	/* Checked when the block was added (rd_markup_check), so this parse cannot fail. */
	pango_layout_set_markup(l, markup, -1);
	return l;
}

double rd_layout_height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static void s_show(struct rd_pdf *p, PangoLayout *l, double x, double y)
{
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
}

/* ---- paragraph ---- */

static PangoLayout *s_para(struct rd_pdf *p, const struct rd_block *b)
{
	double ind = RD_MM(b->st.indent_mm);
	PangoLayout *l = rd_layout(p, b->text, rd_para_size(p->doc, b), p->w - ind, b->st.align);
	pango_layout_set_indent(l, (int)(RD_MM(b->st.first_indent_mm) * PANGO_SCALE));
	return l;
}

int rd_para_lines(struct rd_pdf *p, size_t block)
{
	PangoLayout *l = s_para(p, &p->doc->blocks[block]);
	int n = pango_layout_get_line_count(l);
	g_object_unref(l);
	return n;
}

/* Top of line k in layout points (k == count: the layout's bottom). */
static double s_line_top(PangoLayout *l, int k)
{
	int n = pango_layout_get_line_count(l);
	if (k >= n)
		return rd_layout_height(l);
	PangoLayoutIter *it = pango_layout_get_iter(l);
	for (int i = 0; i < k; i++)
		pango_layout_iter_next_line(it);
	PangoRectangle r;
	pango_layout_iter_get_line_extents(it, NULL, &r);
	pango_layout_iter_free(it);
	return (double)r.y / PANGO_SCALE;
}

double rd_para_span(struct rd_pdf *p, size_t block, int line0, int line1)
{
	PangoLayout *l = s_para(p, &p->doc->blocks[block]);
	if (line1 < 0)
		line1 = pango_layout_get_line_count(l);
	double h = s_line_top(l, line1) - s_line_top(l, line0);
	g_object_unref(l);
	return h;
}

static double s_para_piece(struct rd_pdf *p, const struct rd_block *b, int line0, int line1, double y, int draw)
{
	PangoLayout *l = s_para(p, b);
	int n = pango_layout_get_line_count(l);
	if (line1 < 0 || line1 > n)
		line1 = n;
	double top = s_line_top(l, line0), bot = s_line_top(l, line1);
	double before = line0 == 0 ? RD_MM(b->st.space_before_mm) : 0;
	double after = line1 == n ? RD_MM(b->st.space_after_mm) : 0;
	if (draw) {
		/*
		 * Part of a paragraph split across pages: draw only its own lines, each at
		 * its baseline. Drawing the whole layout under a clip left every other line
		 * in the page's content (text search and copy found them), and a glyph
		 * reaching past its line box (a descender, an accent, a 10 pt list) showed
		 * the neighbouring page's line again at the cut.
		 */
		PangoLayoutIter *it = pango_layout_get_iter(l);
		double x = p->x0 + RD_MM(b->st.indent_mm), oy = y + before - top;
		int i = 0;
		do {
			if (i >= line0 && i < line1) {
				PangoRectangle r;
				pango_layout_iter_get_line_extents(it, NULL, &r);
				cairo_move_to(p->cr, x + (double)r.x / PANGO_SCALE,
				              oy + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE);
				pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
			}
		} while (++i < line1 && pango_layout_iter_next_line(it));
		pango_layout_iter_free(it);
	}
	g_object_unref(l);
	return before + (bot - top) + after;
}

/* ---- images ---- */

/* Draw surface s scaled into w x h at (x, y). */
static void s_paint(struct rd_pdf *p, cairo_surface_t *s, double x, double y, double w, double h)
{
	double sw = cairo_image_surface_get_width(s), sh = cairo_image_surface_get_height(s);
	cairo_save(p->cr);
	cairo_translate(p->cr, x, y);
	cairo_scale(p->cr, w / sw, h / sh);
	cairo_set_source_surface(p->cr, s, 0, 0);
	cairo_paint(p->cr);
	cairo_restore(p->cr);
}

static double s_image(struct rd_pdf *p, size_t bi, double y, int draw)
{
	const struct rd_block *b = &p->doc->blocks[bi];
	cairo_surface_t *s = rd_image_load(p, bi, b->text);
	if (!s)
		return 0;
	double w = RD_MM(b->width_mm);
	if (w > p->w)
		w = p->w;
	double h = w * cairo_image_surface_get_height(s) / cairo_image_surface_get_width(s);
	double hmax = (p->y1 - p->y0) * 0.8; /* a tall photo shrinks to leave room for its caption */
	if (h > hmax) {
		w *= hmax / h;
		h = hmax;
	}
	double x = b->align == RD_CENTER ? p->x0 + (p->w - w) / 2 : b->align == RD_RIGHT ? p->x0 + p->w - w : p->x0;
	double total = RD_MM(2) + h;
	if (draw)
		s_paint(p, s, x, y + RD_MM(2), w, h);
	if (b->caption) {
		char *m = g_strconcat("<i>", b->caption, "</i>", NULL);
		PangoLayout *l = rd_layout(p, m, p->doc->size_pt - 1, p->w, RD_CENTER);
		if (draw)
			s_show(p, l, p->x0, y + total + RD_MM(1));
		total += RD_MM(1) + rd_layout_height(l);
		g_object_unref(l);
		g_free(m);
	}
	return total + RD_MM(3);
}

/* ---- QR or any module matrix ---- */

static void s_modules(struct rd_pdf *p, const unsigned char *m, int size, double x, double y, double side)
{
	double u = side / (size + 8); /* a 4-module quiet zone on each side */
	cairo_save(p->cr);
	cairo_set_source_rgb(p->cr, 1, 1, 1);
	cairo_rectangle(p->cr, x, y, side, side);
	cairo_fill(p->cr);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	for (int r = 0; r < size; r++)
		for (int c = 0; c < size; c++)
			if (m[(size_t)r * (size_t)size + (size_t)c])
				cairo_rectangle(p->cr, x + (c + 4) * u, y + (r + 4) * u, u, u);
	cairo_fill(p->cr);
	cairo_restore(p->cr);
}

static double s_qr(struct rd_pdf *p, const struct rd_block *b, double y, int draw)
{
	double side = RD_MM(b->width_mm);
	if (side > p->w)
		side = p->w;
	double x = b->align == RD_CENTER ? p->x0 + (p->w - side) / 2 : b->align == RD_RIGHT ? p->x0 + p->w - side : p->x0;
	if (draw)
		s_modules(p, b->modules, b->msize, x, y + RD_MM(2), side);
	double total = RD_MM(2) + side;
	if (b->caption) {
		PangoLayout *l = rd_layout(p, b->caption, p->doc->size_pt - 3, side, RD_CENTER);
		if (draw)
			s_show(p, l, x, y + total);
		total += rd_layout_height(l);
		g_object_unref(l);
	}
	return total + RD_MM(3);
}

/* ---- letterhead ---- */

static double s_letterhead(struct rd_pdf *p, size_t bi, double y, int draw)
{
	const struct rd_block *b = &p->doc->blocks[bi];
	double logo = RD_MM(24), lw = 0, th = 0;
	cairo_surface_t *s = b->text ? rd_image_load(p, bi, b->text) : NULL;
	if (b->text && !s)
		return 0;
	if (s) {
		double sw = cairo_image_surface_get_width(s), sh = cairo_image_surface_get_height(s);
		lw = sw >= sh ? logo : logo * sw / sh;
		double lh = sw >= sh ? logo * sh / sw : logo;
		if (draw)
			s_paint(p, s, p->x0, y + (logo - lh) / 2, lw, lh);
	}
	/* The lines centre on the space right of the logo, as kop surat are set. */
	double tx = p->x0 + (s ? lw + RD_MM(2) : 0), tw = p->w - (s ? lw + RD_MM(2) : 0);
	for (size_t i = 0; i < b->nlines; i++) {
		char *m = i < 2 ? g_strconcat("<b>", b->lines[i], "</b>", NULL) : g_strdup(b->lines[i]);
		PangoLayout *l = rd_layout(p, m, b->sizes[i], tw, RD_CENTER);
		th += rd_layout_height(l);
		g_object_unref(l);
		g_free(m);
	}
	double h = s && logo > th ? logo : th;
	if (draw) {
		double ty = y + (h - th) / 2;
		for (size_t i = 0; i < b->nlines; i++) {
			char *m = i < 2 ? g_strconcat("<b>", b->lines[i], "</b>", NULL) : g_strdup(b->lines[i]);
			PangoLayout *l = rd_layout(p, m, b->sizes[i], tw, RD_CENTER);
			s_show(p, l, tx, ty);
			ty += rd_layout_height(l);
			g_object_unref(l);
			g_free(m);
		}
		/* The double rule: thick over thin. */
		double ry = y + h + RD_MM(2);
		cairo_set_line_width(p->cr, 2.0);
		cairo_move_to(p->cr, p->x0, ry);
		cairo_line_to(p->cr, p->x0 + p->w, ry);
		cairo_stroke(p->cr);
		cairo_set_line_width(p->cr, 0.6);
		cairo_move_to(p->cr, p->x0, ry + 2.4);
		cairo_line_to(p->cr, p->x0 + p->w, ry + 2.4);
		cairo_stroke(p->cr);
	}
	return h + RD_MM(2) + 3 + RD_MM(5);
}

/* ---- key-value ---- */

static double s_keyvalue(struct rd_pdf *p, const struct rd_block *b, double y, int draw)
{
	double size = p->doc->size_pt, kw = 0;
	for (size_t i = 0; i < b->nlines; i++) {
		PangoLayout *l = rd_layout(p, b->lines[i], size, -1, RD_LEFT);
		int w, h;
		pango_layout_get_size(l, &w, &h);
		if ((double)w / PANGO_SCALE > kw)
			kw = (double)w / PANGO_SCALE;
		g_object_unref(l);
	}
	kw += RD_MM(3);
	double colon = RD_MM(3);
	double aside_w = b->caption ? p->w * 0.42 : 0;
	double vw = p->w - kw - colon - aside_w;
	double ty = y, ah = 0;
	if (b->caption) {
		PangoLayout *l = rd_layout(p, b->caption, size, aside_w, RD_RIGHT);
		ah = rd_layout_height(l);
		if (draw)
			s_show(p, l, p->x0 + p->w - aside_w, y);
		g_object_unref(l);
	}
	for (size_t i = 0; i < b->nlines; i++) {
		PangoLayout *k = rd_layout(p, b->lines[i], size, kw, RD_LEFT);
		PangoLayout *c = rd_layout(p, ":", size, colon, RD_LEFT);
		PangoLayout *v = rd_layout(p, b->values[i], size, vw, RD_LEFT);
		double h = rd_layout_height(v) > rd_layout_height(k) ? rd_layout_height(v) : rd_layout_height(k);
		if (draw) {
			s_show(p, k, p->x0, ty);
			s_show(p, c, p->x0 + kw, ty);
			s_show(p, v, p->x0 + kw + colon, ty);
		}
		ty += h;
		g_object_unref(k);
		g_object_unref(c);
		g_object_unref(v);
	}
	double h = ty - y > ah ? ty - y : ah;
	return h + RD_MM(5);
}

/* ---- signature ---- */

static double s_signature(struct rd_pdf *p, const struct rd_block *b, double y, int draw)
{
	double bx = p->x0 + p->w / 2, bw = p->w / 2, size = p->doc->size_pt;
	double ty = y + RD_MM(6);
	for (int k = 0; k < RS_N; k++) {
		if (k == RS_NAME) {
			double side = RD_MM(b->mark_mm);
			if (b->modules && draw)
				s_modules(p, b->modules, b->msize, bx, ty + RD_MM(1), side - RD_MM(2));
			ty += side;
		}
		if (!b->sig[k])
			continue;
		char *m = k == RS_NAME ? g_strconcat("<b><u>", b->sig[k], "</u></b>", NULL) : g_strdup(b->sig[k]);
		PangoLayout *l = rd_layout(p, m, size, bw, RD_LEFT);
		if (draw)
			s_show(p, l, bx, ty);
		ty += rd_layout_height(l);
		g_object_unref(l);
		g_free(m);
	}
	return ty - y + RD_MM(4);
}

/* ---- table ---- */

static double s_row(struct rd_pdf *p, const struct rd_table *t, long row, double y, int draw)
{
	struct rd_doc *d = p->doc;
	double size = t->size_pt > 0 ? t->size_pt : d->size_pt - 1;
	char **cells = row == -2 ? t->header : t->rows[row];
	double min = RD_MM(row >= 0 && t->row_min_mm[row] > 0 ? t->row_min_mm[row] : row >= 0 ? t->min_row_mm : 0);
	PangoLayout *ls[32] = {0};
	double h = 0, x = p->x0;
	for (size_t c = 0; c < t->ncols; c++) {
		double cw = RD_MM(rd_table_width_mm(d, t, c));
		if (cells) {
			char *m = row == -2 ? g_strconcat("<b>", cells[c], "</b>", NULL) : g_strdup(cells[c]);
			ls[c] = rd_layout(p, m, size, cw - 2 * PAD_X, row == -2 ? RD_CENTER : t->aligns[c]);
			g_free(m);
			if (rd_layout_height(ls[c]) > h)
				h = rd_layout_height(ls[c]);
		}
	}
	if (!cells)
		h = 0;
	h += 2 * PAD_Y;
	if (h < min)
		h = min;
	if (draw) {
		cairo_set_line_width(p->cr, 0.5);
		for (size_t c = 0; c < t->ncols; c++) {
			double cw = RD_MM(rd_table_width_mm(d, t, c));
			if (row == -2) {
				cairo_set_source_rgb(p->cr, 0.9, 0.9, 0.9);
				cairo_rectangle(p->cr, x, y, cw, h);
				cairo_fill(p->cr);
				cairo_set_source_rgb(p->cr, 0, 0, 0);
			}
			cairo_rectangle(p->cr, x, y, cw, h);
			cairo_stroke(p->cr);
			if (ls[c])
				s_show(p, ls[c], x + PAD_X, y + PAD_Y);
			x += cw;
		}
	}
	for (size_t c = 0; c < t->ncols; c++)
		if (ls[c])
			g_object_unref(ls[c]);
	return h;
}

double rd_piece(struct rd_pdf *p, size_t block, long row, int line0, int line1, double y, int draw)
{
	const struct rd_block *b = &p->doc->blocks[block];
	switch (b->kind) {
	case RB_PARA:
		return s_para_piece(p, b, line0, line1, y, draw);
	case RB_LETTERHEAD:
		return s_letterhead(p, block, y, draw);
	case RB_KEYVALUE:
		return s_keyvalue(p, b, y, draw);
	case RB_IMAGE:
		return s_image(p, block, y, draw);
	case RB_QR:
		return s_qr(p, b, y, draw);
	case RB_SIGNATURE:
		return s_signature(p, b, y, draw);
	case RB_TABLE:
		/* The space after a table comes with its last row. */
		return s_row(p, b->table, row, y, draw) + (row == (long)b->table->nrows - 1 ? RD_MM(4) : 0);
	case RB_BREAK:
		return 0;
	}
	return 0;
}
