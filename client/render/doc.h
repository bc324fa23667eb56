/* doc: the document model (blocks on A4 pages) that render/ lays out as PDF (cairo, pango) or print-ready HTML. */
#ifndef RD_DOC_H
#define RD_DOC_H

#include <stddef.h>
#include <stdio.h>

/*
 * A document is a list of blocks on A4 pages (210 x 297 mm). The margins
 * default to the tata naskah dinas ones: left 30 mm (the binding side),
 * top 20 mm, right 20 mm, bottom 20 mm; the running header and footer sit
 * inside the top and bottom margins. The body font defaults to Liberation
 * Serif 12 pt (metric twin of Times New Roman, which letters use).
 *
 * Text given to a block is Pango markup restricted to <b>, <i>, <u> and the
 * XML entities (&amp; &lt; &gt; &quot; &apos; &#N;), so the same string
 * renders in PDF and HTML alike: rd_markup_escape() turns plain text into it.
 * Anything else is refused (-LK_EINVAL) when the block is added.
 *
 * Builders return 0 or a negative LK_E* code and keep a message for a person
 * (rd_doc_error()); after a failure the document stays usable and the failed
 * block is not added. Nothing here prints.
 */

enum rd_align { RD_LEFT, RD_CENTER, RD_RIGHT, RD_JUSTIFY };

struct rd_doc;

/* Paragraph style; zero means the default for every field but align (RD_LEFT). */
struct rd_para_style {
	enum rd_align align;
	double size_pt;         /* font size, default the document's */
	double indent_mm;       /* left indent of every line */
	double first_indent_mm; /* extra indent of the first line (may be negative: hanging) */
	double space_before_mm;
	double space_after_mm; /* default 2 mm */
	int keep_with_next;    /* a heading: never the last thing on a page */
};

struct rd_doc *rd_doc_new(void);
void rd_doc_free(struct rd_doc **doc); /* NULL-safe, nulls the pointer */
const char *rd_doc_error(const struct rd_doc *doc); /* "" when no error */

/* Layout settings; call before adding blocks or at any time before rendering. */
int rd_doc_set_margins(struct rd_doc *doc, double left_mm, double top_mm, double right_mm, double bottom_mm);
int rd_doc_set_font(struct rd_doc *doc, const char *family, double size_pt);
int rd_doc_set_title(struct rd_doc *doc, const char *plain); /* PDF metadata and HTML <title> */
/* Running header text (markup, small, centred) on every page but the first when skip_first. */
int rd_doc_set_header(struct rd_doc *doc, const char *markup, int skip_first);
/* Footer from a template with {page} and {pages}, e.g. "Halaman {page} dari {pages}". */
int rd_doc_set_footer(struct rd_doc *doc, const char *tmpl, int skip_first);

/* Blocks, in reading order. */
int rd_para(struct rd_doc *doc, const char *markup, const struct rd_para_style *style);
/* Letterhead: logo (PNG or JPEG file, NULL for none) at the left, lines centred, a double rule under. */
int rd_letterhead(struct rd_doc *doc, const char *logo_path, const char *const *lines, const double *sizes_pt,
                  size_t nlines);
/* Key-value lines with aligned colons (Nomor : ..); aside (or NULL) right-aligned on the first line. */
int rd_keyvalue(struct rd_doc *doc, const char *const *keys, const char *const *values, size_t n,
                const char *aside);
int rd_image(struct rd_doc *doc, const char *path, double width_mm, enum rd_align align, const char *caption);
/* 1 when the file at path is an image rd_image can draw (PNG or JPEG, by its first bytes), else 0. */
int rd_image_supported(const char *path);
/* A module matrix (size x size, row-major, nonzero = dark) drawn as squares with a 4-module quiet zone. */
int rd_qr(struct rd_doc *doc, const unsigned char *modules, int size, double side_mm, enum rd_align align,
          const char *caption);
int rd_page_break(struct rd_doc *doc);

/* Signature block, on the right half of the page; every field markup, NULL to leave out. */
struct rd_signature {
	const char *place_date; /* "Kaliwungu, 30 November 2026" */
	const char *jabatan;    /* may hold several lines ("a.n. Kepala Dinas\nKepala Puskesmas") */
	double mark_mm;         /* space left for the wet signature, default 20 mm */
	const unsigned char *mark_qr; /* or the electronic-signature mark: a module matrix */
	int mark_qr_size;
	const char *name;    /* drawn bold and underlined */
	const char *pangkat; /* "Penata Tk. I (III/d)" */
	const char *nip;     /* "NIP. 19800101 200501 1 001" */
	/* HTML only, NULL to leave out: the block's data-status ("verified", "invalid", "unsigned"), the
	 * mark's text as data-seal (a program takes it without a camera: plain, no quote or angle bracket)
	 * and a caption (markup) under the mark. */
	const char *status;
	const char *seal;
	const char *mark_caption;
};
int rd_signature(struct rd_doc *doc, const struct rd_signature *sig);

/* Tables: columns with widths (mm; 0 shares what is left) and alignment. */
struct rd_table;
struct rd_table *rd_table_new(struct rd_doc *doc, size_t ncols, const double *widths_mm,
                              const enum rd_align *aligns);
/* The header row (markup, drawn bold on grey), repeated at the top of every page the table spans. */
int rd_table_header(struct rd_table *t, const char *const *cells);
int rd_table_row(struct rd_table *t, const char *const *cells);
/* n empty rows of at least height_mm each (walk-in guests, signatures). */
int rd_table_spare(struct rd_table *t, size_t n, double height_mm);
/* Every row at least this tall (a signature column), default 0. */
int rd_table_min_row(struct rd_table *t, double height_mm);
int rd_table_font(struct rd_table *t, double size_pt);

/*
 * Groups: every block added between begin and end is kept on one page when
 * the group fits on one page (a closing sentence with its signature block).
 * Groups do not nest.
 */
int rd_group_begin(struct rd_doc *doc);
int rd_group_end(struct rd_doc *doc);

/* Output. */
int rd_render_pdf(struct rd_doc *doc, const char *path);
int rd_render_html(struct rd_doc *doc, FILE *out);
/* Pages of the last rd_render_pdf (0 before). */
int rd_doc_pages(const struct rd_doc *doc);

/* Plain text to markup (escapes & < > " '); caller frees; NULL on no memory. */
char *rd_markup_escape(const char *plain);

#endif
