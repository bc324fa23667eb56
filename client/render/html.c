/* html: the same document as one print-ready HTML page (A4 @page, CSS page breaks, images inline). */
#include "doc_priv.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lk_error.h"

static const char *s_align(enum rd_align a)
{
	return a == RD_CENTER ? "center" : a == RD_RIGHT ? "right" : a == RD_JUSTIFY ? "justify" : "left";
}

/* Markup is already valid HTML (b, i, u, entities); a newline becomes <br>. */
static void s_text(FILE *o, const char *m)
{
	for (; *m; m++) {
		if (*m == '\n')
			fputs("<br>", o);
		else
			fputc(*m, o);
	}
}

static void s_plain(FILE *o, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", o); break;
		case '<': fputs("&lt;", o); break;
		case '>': fputs("&gt;", o); break;
		case '"': fputs("&quot;", o); break;
		default: fputc(*s, o);
		}
	}
}

/* An image file as a data: URI, so the page stands alone. */
static int s_image(struct rd_doc *d, FILE *o, const char *path, const char *attrs)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return rd_fail(d, -LK_EIO, "image %s: cannot be opened", path);
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			unsigned char *nb = cap <= 32u << 20 ? realloc(buf, cap) : NULL;
			if (!nb) {
				free(buf);
				fclose(f);
				return rd_fail(d, -LK_ETOOBIG, "image %s: larger than 16 MB", path);
			}
			buf = nb;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	fclose(f);
	const char *mime = n > 3 && buf[0] == 0xff && buf[1] == 0xd8 ? "image/jpeg" : "image/png";
	size_t blen = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(blen);
	if (!b64) {
		free(buf);
		return rd_fail(d, -LK_ENOMEM, "out of memory");
	}
	sodium_bin2base64(b64, blen, buf, n, sodium_base64_VARIANT_ORIGINAL);
	fprintf(o, "<img %s src=\"data:%s;base64,%s\" alt=\"\">", attrs, mime, b64);
	free(b64);
	free(buf);
	return 0;
}

static void s_modules(FILE *o, const unsigned char *m, int size, double side_mm)
{
	/* An SVG of the module matrix, the quiet zone included, as in the PDF. */
	fprintf(o, "<svg class=\"qr\" viewBox=\"0 0 %d %d\" style=\"width:%.1fmm;height:%.1fmm\" shape-rendering=\"crispEdges\">"
	           "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path d=\"",
	        size + 8, size + 8, side_mm, side_mm, size + 8, size + 8);
	for (int r = 0; r < size; r++)
		for (int c = 0; c < size; c++)
			if (m[(size_t)r * (size_t)size + (size_t)c])
				fprintf(o, "M%d %dh1v1h-1z", c + 4, r + 4);
	fputs("\"/></svg>", o);
}

static void s_table(FILE *o, const struct rd_doc *d, const struct rd_table *t)
{
	fputs("<table class=\"grid\"", o);
	if (t->size_pt > 0)
		fprintf(o, " style=\"font-size:%.1fpt\"", t->size_pt);
	fputs("><colgroup>", o);
	for (size_t c = 0; c < t->ncols; c++)
		fprintf(o, "<col style=\"width:%.1fmm\">", rd_table_width_mm(d, t, c));
	fputs("</colgroup>\n", o);
	if (t->header) {
		/* thead repeats on every printed page. */
		fputs("<thead><tr>", o);
		for (size_t c = 0; c < t->ncols; c++) {
			fputs("<th>", o);
			s_text(o, t->header[c]);
			fputs("</th>", o);
		}
		fputs("</tr></thead>\n", o);
	}
	fputs("<tbody>\n", o);
	for (size_t r = 0; r < t->nrows; r++) {
		double min = t->row_min_mm[r] > 0 ? t->row_min_mm[r] : t->min_row_mm;
		fputs("<tr", o);
		if (min > 0)
			fprintf(o, " style=\"height:%.1fmm\"", min);
		fputs(">", o);
		for (size_t c = 0; c < t->ncols; c++) {
			fprintf(o, "<td style=\"text-align:%s\">", s_align(t->aligns[c]));
			if (t->rows[r])
				s_text(o, t->rows[r][c]);
			fputs("</td>", o);
		}
		fputs("</tr>\n", o);
	}
	fputs("</tbody></table>\n", o);
}

static int s_block(struct rd_doc *d, FILE *o, const struct rd_block *b)
{
	switch (b->kind) {
	case RB_PARA:
		fprintf(o, "<p class=\"%s\" style=\"text-align:%s;margin:%.1fmm 0 %.1fmm %.1fmm;text-indent:%.1fmm",
		        b->st.keep_with_next ? "kwn" : "p", s_align(b->st.align), b->st.space_before_mm,
		        b->st.space_after_mm, b->st.indent_mm, b->st.first_indent_mm);
		if (b->st.size_pt > 0)
			fprintf(o, ";font-size:%.1fpt", b->st.size_pt);
		fputs("\">", o);
		s_text(o, b->text);
		fputs("</p>\n", o);
		return 0;
	case RB_LETTERHEAD:
		fputs("<div class=\"kop\">", o);
		if (b->text) {
			int rc = s_image(d, o, b->text, "class=\"logo\"");
			if (rc)
				return rc;
		}
		fputs("<div class=\"kop-lines\">", o);
		for (size_t i = 0; i < b->nlines; i++) {
			fprintf(o, "<div style=\"font-size:%.1fpt%s\">", b->sizes[i], i < 2 ? ";font-weight:bold" : "");
			s_text(o, b->lines[i]);
			fputs("</div>", o);
		}
		fputs("</div></div>\n", o);
		return 0;
	case RB_KEYVALUE:
		fputs("<div class=\"kv-wrap\"><table class=\"kv\">", o);
		for (size_t i = 0; i < b->nlines; i++) {
			fputs("<tr><td>", o);
			s_text(o, b->lines[i]);
			fputs("</td><td>:</td><td>", o);
			s_text(o, b->values[i]);
			fputs("</td></tr>", o);
		}
		fputs("</table>", o);
		if (b->caption) {
			fputs("<div class=\"aside\">", o);
			s_text(o, b->caption);
			fputs("</div>", o);
		}
		fputs("</div>\n", o);
		return 0;
	case RB_IMAGE: {
		char attrs[80];
		snprintf(attrs, sizeof attrs, "style=\"width:%.1fmm\"", b->width_mm);
		fprintf(o, "<figure style=\"text-align:%s\">", s_align(b->align));
		int rc = s_image(d, o, b->text, attrs);
		if (rc)
			return rc;
		if (b->caption) {
			fputs("<figcaption>", o);
			s_text(o, b->caption);
			fputs("</figcaption>", o);
		}
		fputs("</figure>\n", o);
		return 0;
	}
	case RB_QR:
		fprintf(o, "<figure style=\"text-align:%s\">", s_align(b->align));
		s_modules(o, b->modules, b->msize, b->width_mm);
		if (b->caption) {
			fputs("<figcaption class=\"small\">", o);
			s_text(o, b->caption);
			fputs("</figcaption>", o);
		}
		fputs("</figure>\n", o);
		return 0;
	case RB_BREAK:
		fputs("<div class=\"break\"></div>\n", o);
		return 0;
	case RB_SIGNATURE:
		fputs("<div class=\"sig\"", o);
		if (b->sig_status)
			fprintf(o, " data-status=\"%s\"", b->sig_status);
		fputs(">", o);
		for (int k = 0; k < RS_N; k++) {
			if (k == RS_NAME) {
				fprintf(o, "<div class=\"mark\" style=\"height:%.1fmm\"", b->mark_mm);
				if (b->sig_seal)
					fprintf(o, " data-seal=\"%s\"", b->sig_seal);
				fputs(">", o);
				if (b->modules)
					s_modules(o, b->modules, b->msize, b->mark_mm - 2);
				fputs("</div>", o);
				if (b->sig_caption) {
					fputs("<div class=\"small\">", o);
					s_text(o, b->sig_caption);
					fputs("</div>", o);
				}
			}
			if (!b->sig[k])
				continue;
			fputs(k == RS_NAME ? "<div class=\"name\">" : "<div>", o);
			s_text(o, b->sig[k]);
			fputs("</div>", o);
		}
		fputs("</div>\n", o);
		return 0;
	case RB_TABLE:
		s_table(o, d, b->table);
		return 0;
	}
	return 0;
}

/*
 * The running header or footer as a CSS page-margin box (print engines that
 * know them: Chrome 131+, WeasyPrint); {page} and {pages} become the CSS
 * counters. Tags are dropped and entities kept out, as content is plain text.
 */
static void s_margin_box(FILE *o, const char *box, const char *tmpl, int skip_first)
{
	if (!tmpl)
		return;
	fprintf(o, "@page%s { @%s { font-size: 9pt; content: \"", skip_first ? " :not(:first)" : "", box);
	for (const char *c = tmpl; *c;) {
		if (strncmp(c, "{page}", 6) == 0) {
			fputs("\" counter(page) \"", o);
			c += 6;
		} else if (strncmp(c, "{pages}", 7) == 0) {
			fputs("\" counter(pages) \"", o);
			c += 7;
		} else if (*c == '<') {
			while (*c && *c != '>')
				c++;
			c += *c == '>';
		} else if (*c == '&') {
			static const char *const ent[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
			                                     {"&quot;", "\\\""}, {"&apos;", "'"}};
			size_t i;
			for (i = 0; i < 5 && strncmp(c, ent[i][0], strlen(ent[i][0])) != 0; i++)
				;
			if (i < 5) {
				fputs(ent[i][1], o);
				c += strlen(ent[i][0]);
			} else { /* a numeric entity: left out */
				while (*c && *c != ';')
					c++;
				c += *c == ';';
			}
		} else if (*c == '"' || *c == '\\') {
			fprintf(o, "\\%c", *c++);
		} else if (*c == '\n') {
			fputs("\\A ", o);
			c++;
		} else {
			fputc(*c++, o);
		}
	}
	fputs("\"; } }\n", o);
}

int rd_render_html(struct rd_doc *d, FILE *o)
{
	if (d->group)
		return rd_fail(d, -LK_EINVAL, "a group is still open: end it before rendering");
	d->err[0] = '\0';
	fputs("<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"utf-8\"><title>", o);
	s_plain(o, d->title ? d->title : "");
	fprintf(o, "</title>\n<style>\n"
	           "@page { size: A4; margin: %.0fmm %.0fmm %.0fmm %.0fmm; }\n"
	           "body { font-family: \"%s\", \"Times New Roman\", serif; font-size: %.1fpt; line-height: 1.15; }\n"
	           "@media screen { body { background: #ddd; } main { background: #fff; width: %.0fmm;"
	           " margin: 1em auto; padding: %.0fmm %.0fmm %.0fmm %.0fmm; box-shadow: 0 0 4px #888; } }\n"
	           ".kop { display: flex; align-items: center; border-bottom: 3px double #000; padding-bottom: 2mm;"
	           " margin-bottom: 5mm; }\n"
	           ".kop .logo { width: 24mm; } .kop-lines { flex: 1; text-align: center; }\n"
	           ".kv-wrap { display: flex; justify-content: space-between; margin-bottom: 5mm; }\n"
	           ".kv td { padding: 0 1mm 0 0; vertical-align: top; } .aside { text-align: right; }\n"
	           "p, td, th, .sig div, .aside, .kop-lines div, figcaption { white-space: pre-wrap; }\n"
	           "p { margin: 0; } .kwn { break-after: avoid; page-break-after: avoid; }\n"
	           "table.grid { border-collapse: collapse; width: 100%%; margin-bottom: 4mm; table-layout: fixed; }\n"
	           "table.grid th, table.grid td { border: 0.5pt solid #000; padding: 1mm 1.5mm; vertical-align: top;"
	           " overflow-wrap: anywhere; }\n"
	           "table.grid th { background: #e6e6e6; }\n"
	           "thead { display: table-header-group; } tr { break-inside: avoid; page-break-inside: avoid; }\n"
	           "figure { margin: 2mm 0 3mm; } figcaption { font-style: italic; text-align: center; }\n"
	           ".small { font-size: 9pt; font-style: normal; }\n"
	           ".sig { margin: 6mm 0 4mm 50%%; } .sig .name { font-weight: bold; text-decoration: underline; }\n"
	           ".keep { break-inside: avoid; page-break-inside: avoid; }\n"
	           ".break { break-before: page; page-break-before: always; }\n"
	           ,
	        d->margin[1], d->margin[2], d->margin[3], d->margin[0], d->font, d->size_pt,
	        210 - d->margin[0] - d->margin[2], d->margin[1], d->margin[2], d->margin[3], d->margin[0]);
	s_margin_box(o, "top-center", d->header, d->header_skip_first);
	s_margin_box(o, "bottom-center", d->footer, d->footer_skip_first);
	fputs("</style></head>\n<body><main>\n", o);
	int open = 0;
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct rd_block *b = &d->blocks[i];
		if (open && b->group != open) {
			fputs("</div>\n", o);
			open = 0;
		}
		if (b->group && b->group != open) {
			fputs("<div class=\"keep\">\n", o);
			open = b->group;
		}
		int rc = s_block(d, o, b);
		if (rc)
			return rc;
	}
	if (open)
		fputs("</div>\n", o);
	fputs("</main></body></html>\n", o);
	return ferror(o) ? rd_fail(d, -LK_EIO, "the HTML could not be written") : 0;
}
