/* pdf_priv: what the PDF paginator and the block painters share: the cairo/pango context and the text area. */
#ifndef RD_PDF_PRIV_H
#define RD_PDF_PRIV_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "doc_priv.h"

struct rd_pdf {
	struct rd_doc *doc;
	cairo_t *cr;
	PangoContext *pc;
	cairo_surface_t **images; /* per block, loaded once (NULL: not loaded or none) */
	double x0, y0, w, y1;     /* text area in points: left, top, width, bottom */
};

/* A pango layout of markup at size, width (points; <= 0 for no wrapping), alignment. */
PangoLayout *rd_layout(struct rd_pdf *p, const char *markup, double size_pt, double width, enum rd_align align);
double rd_layout_height(PangoLayout *l);

/*
 * Measure (draw = 0) or paint (draw = 1) one piece of a block at (x0, y):
 * row -1 the whole block, -2 a table's header row, >= 0 a table row; for a
 * paragraph lines [line0, line1) (line1 -1: to the end). Returns the height.
 */
double rd_piece(struct rd_pdf *p, size_t block, long row, int line0, int line1, double y, int draw);
/* A paragraph's line count and where a split before line k may happen (the height of lines [line0, k)). */
int rd_para_lines(struct rd_pdf *p, size_t block);
double rd_para_span(struct rd_pdf *p, size_t block, int line0, int line1);

/* The image of a block (logo or picture), loaded from its file: PNG or JPEG. NULL with doc->err set. */
cairo_surface_t *rd_image_load(struct rd_pdf *p, size_t block, const char *path);
cairo_surface_t *rd_image_read(const char *path, char *err, size_t errlen);

#endif
