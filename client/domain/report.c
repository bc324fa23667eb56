/* report: tables written as text, CSV, JSON or HTML, and the HTML page with SVG charts. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_csv.h"
#include "lk_i18n.h"
#include "lk_json.h"
#include "report.h"

/* ---------------------------------------------------------------- formats */

void report_html_esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

static const char *const s_mark_class[] = {"", "good", "warn", "bad", "grey"};

/* Display width of UTF-8 text (code points). */
static size_t s_width(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static void s_text(const struct rtable *t, FILE *f)
{
	size_t *w = calloc(t->ncols, sizeof *w);
	if (w == NULL)
		return;
	for (size_t c = 0; c < t->ncols; c++) {
		w[c] = s_width(_(t->cols[c]));
		for (size_t r = 0; r < t->nrows; r++)
			if (s_width(rtable_shown(t, r, c)) > w[c])
				w[c] = s_width(rtable_shown(t, r, c));
	}
	fprintf(f, "%s\n", t->title);
	for (size_t r = 0; r <= t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			const char *v = r == 0 ? _(t->cols[c]) : rtable_shown(t, r - 1, c);
			fprintf(f, "%s%s%*s", v, c + 1 < t->ncols ? "" : "\n",
			        c + 1 < t->ncols ? (int)(w[c] - s_width(v) + 2) : 0, "");
		}
	free(w);
}

int rtable_write(const struct rtable *t, enum report_format fmt, FILE *f)
{
	switch (fmt) {
	case REPORT_TEXT:
		s_text(t, f);
		break;
	case REPORT_CSV:
		for (size_t r = 0; r <= t->nrows; r++)
			for (size_t c = 0; c < t->ncols; c++) {
				lk_csv_write(f, r == 0 ? _(t->cols[c]) : rtable_shown(t, r - 1, c));
				fputc(c + 1 < t->ncols ? ',' : '\n', f);
			}
		break;
	case REPORT_JSON:
		fputc('[', f);
		for (size_t r = 0; r < t->nrows; r++) {
			fputs(r ? ",\n{" : "{", f);
			for (size_t c = 0; c < t->ncols; c++) {
				lk_json_string(f, t->cols[c]);
				fputc(':', f);
				lk_json_string(f, rtable_get(t, r, c));
				if (c + 1 < t->ncols)
					fputc(',', f);
			}
			fputc('}', f);
		}
		fputs("]\n", f);
		break;
	case REPORT_PDF:
	case REPORT_XLSX:
		return -1; /* laid out by render/, not written here */
	case REPORT_HTML:
		fputs("<table>\n<caption>", f);
		report_html_esc(f, t->title);
		fputs("</caption>\n<thead><tr>", f);
		for (size_t c = 0; c < t->ncols; c++) {
			fputs("<th>", f);
			report_html_esc(f, _(t->cols[c]));
			fputs("</th>", f);
		}
		fputs("</tr></thead>\n<tbody>\n", f);
		for (size_t r = 0; r < t->nrows; r++) {
			fputs("<tr>", f);
			for (size_t c = 0; c < t->ncols; c++) {
				unsigned m = t->marks[r * t->ncols + c];
				fprintf(f, m ? "<td class=\"%s\">" : "<td%s>", s_mark_class[m < 5 ? m : 0]);
				report_html_esc(f, rtable_shown(t, r, c));
				fputs("</td>", f);
			}
			fputs("</tr>\n", f);
		}
		fputs("</tbody>\n</table>\n", f);
		break;
	}
	return ferror(f) ? -1 : 0;
}

/* ---------------------------------------------------------------- the HTML page */

static const char s_css[] =
	"@page { size: A4 landscape; margin: 1.5cm }\n"
	"body { font-family: \"DejaVu Sans\", Arial, sans-serif; font-size: 10pt; color: #111; margin: 1cm }\n"
	"h1 { font-size: 16pt; margin: 0 0 4pt } h2 { font-size: 13pt; margin: 18pt 0 6pt }\n"
	".sub { color: #444; margin-bottom: 12pt }\n"
	"table { border-collapse: collapse; margin: 6pt 0 14pt; font-size: 9pt }\n"
	"caption { text-align: left; font-weight: bold; padding: 4pt 0 }\n"
	"th, td { border: 1px solid #999; padding: 2pt 5pt; text-align: left; vertical-align: top }\n"
	"th { background: #eee }\n"
	"td.good { background: #cfe8cf } td.warn { background: #f8e6a0 } td.bad { background: #f2b8b5 }\n"
	"td.grey { background: #e4e4e4; color: #666 }\n"
	"svg { display: block; margin: 6pt 0 12pt; max-width: 100% }\n"
	"svg text { font-family: inherit; font-size: 9px }\n"
	"@media print { body { margin: 0 } table, svg { page-break-inside: avoid } th { background: none } }\n";

void report_html_begin(FILE *f, const char *title, const char *subtitle)
{
	fputs("<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
	report_html_esc(f, title);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", s_css);
	report_html_esc(f, title);
	fputs("</h1>\n<div class=\"sub\">", f);
	report_html_esc(f, subtitle);
	fputs("</div>\n", f);
}

void report_html_end(FILE *f)
{
	fputs("</body>\n</html>\n", f);
}

static const char *const s_mark_fill[] = {"#ffffff", "#5aa55a", "#e0b400", "#d0463c", "#bdbdbd"};

void report_svg_grid(FILE *f, const struct rtable *t)
{
	const int cell = 16, label = 110, top = 18;
	size_t cols = t->ncols > 1 ? t->ncols - 1 : 0;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%zu\" height=\"%zu\" role=\"img\">\n",
	        (size_t)label + cols * (size_t)cell + 4, (size_t)top + t->nrows * (size_t)cell + 4);
	for (size_t c = 0; c < cols; c++) {
		fprintf(f, "<text x=\"%zu\" y=\"12\" text-anchor=\"middle\">", (size_t)label + c * (size_t)cell + cell / 2);
		report_html_esc(f, _(t->cols[c + 1]));
		fputs("</text>\n", f);
	}
	for (size_t r = 0; r < t->nrows; r++) {
		fprintf(f, "<text x=\"0\" y=\"%zu\">", (size_t)top + r * (size_t)cell + 12);
		report_html_esc(f, rtable_shown(t, r, 0));
		fputs("</text>\n", f);
		for (size_t c = 0; c < cols; c++) {
			unsigned m = t->marks[r * t->ncols + c + 1];
			fprintf(f, "<rect x=\"%zu\" y=\"%zu\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#fff\"><title>",
			        (size_t)label + c * (size_t)cell, (size_t)top + r * (size_t)cell, cell, cell,
			        s_mark_fill[m < 5 ? m : 0]);
			report_html_esc(f, rtable_shown(t, r, c + 1));
			fputs("</title></rect>\n", f);
		}
	}
	fputs("</svg>\n", f);
}

void report_svg_bars(FILE *f, const char *title, const struct bar *bars, size_t n, double max, const char *unit)
{
	const int label = 120, width = 320, row = 14, top = 16;
	if (max <= 0)
		max = 100;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%zu\" role=\"img\">\n<text x=\"0\" "
	           "y=\"11\" font-weight=\"bold\">",
	        label + width + 60, (size_t)top + n * (size_t)row + 4);
	report_html_esc(f, title);
	fputs("</text>\n", f);
	for (size_t i = 0; i < n; i++) {
		double v = bars[i].value > max ? max : bars[i].value < 0 ? 0 : bars[i].value;
		double tg = bars[i].target > max ? max : bars[i].target < 0 ? 0 : bars[i].target;
		size_t y = (size_t)top + i * (size_t)row;
		fprintf(f, "<text x=\"0\" y=\"%zu\">", y + 10);
		report_html_esc(f, bars[i].label);
		fprintf(f, "</text>\n<rect x=\"%d\" y=\"%zu\" width=\"%.1f\" height=\"10\" fill=\"%s\"/>\n", label, y + 1,
		        v / max * width, s_mark_fill[bars[i].mark < 5 ? bars[i].mark : 0]);
		fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%zu\" y2=\"%zu\" stroke=\"#000\" stroke-width=\"2\"/>\n",
		        label + tg / max * width, label + tg / max * width, y, y + 12);
		fprintf(f, "<text x=\"%d\" y=\"%zu\">%.1f%s</text>\n", label + width + 6, y + 10, bars[i].value, unit);
	}
	fputs("</svg>\n", f);
}

void report_svg_line(FILE *f, const char *title, const char *const *labels, const double *values, size_t n)
{
	const int w = 420, h = 120, left = 30, top = 18;
	double max = 1;
	for (size_t i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">\n<text x=\"0\" "
	           "y=\"11\" font-weight=\"bold\">",
	        w + left + 10, h + top + 24);
	report_html_esc(f, title);
	fprintf(f, "</text>\n<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>\n", left, top + h, left + w,
	        top + h);
	fputs("<polyline fill=\"none\" stroke=\"#d0463c\" stroke-width=\"2\" points=\"", f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%.1f,%.1f ", left + (n > 1 ? (double)i * w / (double)(n - 1) : 0),
		        top + h - values[i] / max * h);
	fputs("\"/>\n", f);
	for (size_t i = 0; i < n; i++) {
		double x = left + (n > 1 ? (double)i * w / (double)(n - 1) : 0);
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", x, top + h + 14);
		report_html_esc(f, labels[i]);
		fprintf(f, "</text>\n<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%g</text>\n", x,
		        top + h - values[i] / max * h - 3, values[i]);
	}
	fputs("</svg>\n", f);
}
