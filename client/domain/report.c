/* report: tables written as text, CSV, JSON or HTML, and the HTML page around them and their charts. */
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
				fprintf(f, m ? "<td class=\"%s\">" : "<td>", report_mark_class(m));
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
	"h3 { font-size: 11pt; margin: 12pt 0 4pt }\n"
	".sub { color: #444; margin-bottom: 12pt }\n"
	"table { border-collapse: collapse; margin: 6pt 0 14pt; font-size: 9pt }\n"
	"caption { text-align: left; font-weight: bold; padding: 4pt 0 }\n"
	"th, td { border: 1px solid #999; padding: 2pt 5pt; text-align: left; vertical-align: top }\n"
	"th { background: #eee }\n"
	"td.good { background: #cfe8cf } td.warn { background: #f8e6a0 } td.bad { background: #f2b8b5 }\n"
	"td.grey { background: #e4e4e4; color: #666 } td.pending { color: #555; border-style: dashed }\n"
	"td.void { background: #4a3b6b; color: #fff }\n"
	"svg { display: block; margin: 6pt 0 12pt; max-width: 100%; height: auto }\n"
	"@media print { body { margin: 0 } svg, tr { break-inside: avoid } h1, h2, h3, caption { break-after: avoid }\n"
	"  thead { display: table-header-group } th { background: none } }\n";

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
