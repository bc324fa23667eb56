/*
 * report_chart: the reports' charts as inline SVG made here, with no library
 * and nothing fetched: the compliance grid with its legend, ranked bars
 * against a target line, columns and a line over labelled axes. Every mark
 * has a colour and a sign or a hatching of its own, so a chart printed in
 * black and white reads the same.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lk_i18n.h"
#include "report.h"

/* How each mark is drawn: fill, hatching lines (1 one way, 2 crossed), the sign written on a square and its ink. */
static const struct {
	const char *fill, *lines, *ink, *sign;
	int hatch, dashed;
} s_look[MARK_COUNT] = {
	[MARK_NONE] = {"#ffffff", NULL, "#111111", "", 0, 0},
	[MARK_GOOD] = {"#3f8f4f", NULL, "#ffffff", "\u2713", 0, 0},           /* check mark */
	[MARK_WARN] = {"#f2c94c", "#8a6d00", "#111111", "\u21bb", 1, 0},      /* clockwise arrow */
	[MARK_BAD] = {"#f6c9c4", "#b3261e", "#8a1f11", "\u2717", 2, 0},       /* ballot x */
	[MARK_GREY] = {"#d9d9d9", NULL, "#444444", "\u2298", 0, 0},           /* circled slash */
	[MARK_PENDING] = {"#ffffff", NULL, "#555555", "\u25cb", 0, 1},        /* white circle */
	[MARK_VOID] = {"#4a3b6b", NULL, "#ffffff", "\u2205", 0, 0},           /* empty set */
};

/* The class a cell of mark m carries in SVG and HTML ("good", "void"). */
const char *report_mark_class(enum cell_mark m)
{
	static const char *const names[MARK_COUNT] = {"none", "good", "warn", "bad", "grey", "pending", "void"};
	return names[(unsigned)m < MARK_COUNT ? m : 0];
}

static unsigned s_m(unsigned m)
{
	return m < MARK_COUNT ? m : MARK_NONE;
}

/* Rough width of text in px at size px (DejaVu Sans is about 0.6 em a character). */
static double s_text_w(const char *s, double px)
{
	size_t n = 0;
	for (; s && *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return (double)n * px * 0.6;
}

static void s_esc(FILE *f, const char *s)
{
	report_html_esc(f, s);
}

/* The chart being written: its hatchings are patterns named after it (s_open), so that the charts of one page
 * never share an id, and the same chart is written alike wherever it is drawn. */
static _Thread_local char s_chart_id[16];

/* The hatchings the chart's boxes refer to: diagonal lines every 4 px in the mark's line colour, "/" one way,
 * and "\" too when crossed; in user space, so adjacent boxes line up. */
static void s_patterns(FILE *f)
{
	fputs("<defs>", f);
	for (unsigned m = 0; m < MARK_COUNT; m++) {
		if (!s_look[m].hatch)
			continue;
		fprintf(f,
		        "<pattern id=\"%s-%s\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\"><path fill=\"none\" "
		        "stroke=\"%s\" stroke-width=\"1\" d=\"M0 4L4 0M-1 1L1 -1M3 5L5 3%s\"/></pattern>",
		        s_chart_id, report_mark_class(m), s_look[m].lines,
		        s_look[m].hatch > 1 ? "M0 0L4 4M-1 3L1 5M3 -1L5 1" : "");
	}
	fputs("</defs>\n", f);
}

/* A box in mark m's fill and hatching (no sign). */
static void s_box(FILE *f, double x, double y, double w, double h, unsigned m)
{
	m = s_m(m);
	fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" stroke=\"%s\"%s/>\n", x, y, w, h,
	        s_look[m].fill, s_look[m].dashed ? "#777777" : "#ffffff",
	        s_look[m].dashed ? " stroke-dasharray=\"2 2\"" : "");
	if (s_look[m].hatch && w > 1 && h > 1)
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"url(#%s-%s)\"/>\n", x + 0.5,
		        y + 0.5, w - 1, h - 1, s_chart_id, report_mark_class(m));
}

/* A square of the grid or of a legend: the box and its sign (with a white halo over hatching). */
static void s_square(FILE *f, double x, double y, double size, unsigned m)
{
	m = s_m(m);
	s_box(f, x, y, size, size, m);
	if (s_look[m].sign[0])
		fprintf(f,
		        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"%.0f\" font-weight=\"bold\" "
		        "fill=\"%s\"%s>%s</text>\n",
		        x + size / 2, y + size * 0.72, size * 0.62, s_look[m].ink,
		        s_look[m].hatch ? " stroke=\"#ffffff\" stroke-width=\"2.5\" paint-order=\"stroke\"" : "",
		        s_look[m].sign);
}

/* A legend from (x, y) wrapping at width: each entry a square (with its sign when signs) and its text; returns
 * the height used. With f NULL it only measures. */
static double s_legend(FILE *f, double x, double y, double width, const struct legend *l, size_t n, int signs)
{
	const double sq = 21, px = 13;
	double cx = x, cy = y;
	if (n == 0)
		return 0;
	if (f)
		fputs("<g class=\"legend\">\n", f);
	for (size_t i = 0; i < n; i++) {
		double w = sq + 5 + s_text_w(l[i].label, px) + 14;
		if (cx > x && cx + w > x + width) {
			cx = x;
			cy += sq + 6;
		}
		if (f) {
			fprintf(f, "<g class=\"key %s\">", report_mark_class(l[i].mark));
			if (signs)
				s_square(f, cx, cy, sq, l[i].mark);
			else
				s_box(f, cx, cy, sq, sq, l[i].mark);
			fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\">", cx + sq + 5, cy + sq - 3, px);
			s_esc(f, l[i].label);
			fputs("</text></g>\n", f);
		}
		cx += w;
	}
	if (f)
		fputs("</g>\n", f);
	return cy - y + sq + 4;
}

/* The start of a chart: its size, an accessible name, its hatchings and the title written at the top. */
static void s_open(FILE *f, double w, double h, const char *title)
{
	uint32_t hash = 2166136261u; /* FNV-1a of the title: the chart's name for its patterns */
	for (const char *c = title; c && *c; c++)
		hash = (hash ^ (unsigned char)*c) * 16777619u;
	snprintf(s_chart_id, sizeof s_chart_id, "h%08x", (unsigned)hash);
	fprintf(f,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%.0f\" height=\"%.0f\" "
	        "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"",
	        w, h, w, h);
	s_esc(f, title);
	fputs("\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"13\">\n<title>", f);
	s_esc(f, title);
	fputs("</title>\n", f);
	s_patterns(f);
	fputs("<text x=\"0\" y=\"15\" font-size=\"13\" font-weight=\"bold\">", f);
	s_esc(f, title);
	fputs("</text>\n", f);
}

/* ---------------------------------------------------------------- the grid */

void report_svg_grid(FILE *f, const char *title, const struct rtable *t, size_t ncells, const struct legend *legend,
                     size_t nlegend)
{
	const double size = 22, top = 48, row = 26, px = 13;
	double label = 60, after = 0, cell = size + 1;
	if (ncells + 1 > t->ncols)
		ncells = t->ncols ? t->ncols - 1 : 0;
	/* Each column as wide as its head ("TW III"), the squares centred in it. */
	for (size_t c = 1; c <= ncells; c++)
		if (s_text_w(_(t->cols[c]), 13) + 6 > cell)
			cell = s_text_w(_(t->cols[c]), 13) + 6;
	for (size_t r = 0; r < t->nrows; r++) {
		double w = s_text_w(rtable_shown(t, r, 0), px) + 10;
		label = w > label ? w : label;
		for (size_t c = ncells + 1; c < t->ncols; c++) {
			double a = s_text_w(rtable_shown(t, r, c), px) + 10;
			after = a > after ? a : after;
		}
	}
	/* Bold capitals run about a quarter wider than the estimate. */
	for (size_t c = ncells + 1; c < t->ncols; c++) {
		double a = s_text_w(_(t->cols[c]), 13) * 1.25 + 10;
		after = a > after ? a : after;
	}
	double width = label + (double)ncells * cell + 8 + after, body = top + (double)t->nrows * row;
	if (width < 360)
		width = 360;
	if (width < s_text_w(title, 13) + 10)
		width = s_text_w(title, 13) + 10;
	double lh = s_legend(NULL, 0, 0, width, legend, nlegend, 1);
	s_open(f, width, body + 12 + lh, title);
	/* The column heads: the periods over the squares, the rest over their text. */
	for (size_t c = 0; c < ncells; c++) {
		fprintf(f, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\" font-size=\"13\">", label + (double)c * cell + cell / 2,
		        top - 6);
		s_esc(f, _(t->cols[c + 1]));
		fputs("</text>\n", f);
	}
	for (size_t c = ncells + 1; c < t->ncols; c++) {
		fprintf(f, "<text x=\"%.1f\" y=\"%.0f\" font-size=\"13\" font-weight=\"bold\">", label + (double)ncells * cell + 8,
		        top - 6);
		s_esc(f, _(t->cols[c]));
		fputs("</text>\n", f);
	}
	for (size_t r = 0; r < t->nrows; r++) {
		double y = top + (double)r * row;
		fputs("<g class=\"row\">\n<text x=\"0\" y=\"", f);
		fprintf(f, "%.1f\" class=\"name\">", y + size * 0.72);
		s_esc(f, rtable_shown(t, r, 0));
		fputs("</text>\n", f);
		for (size_t c = 1; c <= ncells; c++) {
			unsigned m = s_m(t->marks[r * t->ncols + c]);
			const char *text = rtable_shown(t, r, c);
			if (m == MARK_NONE && !text[0])
				continue; /* nothing to say here (the total's row) */
			fprintf(f, "<g class=\"cell %s\"><title>", report_mark_class(m));
			s_esc(f, _(t->cols[c]));
			fputs(": ", f);
			/* A square without a word (a month not due yet) says what its mark means. */
			const char *said = text;
			for (size_t i = 0; !said[0] && i < nlegend; i++)
				if (legend[i].mark == m)
					said = legend[i].label;
			s_esc(f, said);
			fputs("</title>\n", f);
			s_square(f, label + (double)(c - 1) * cell + (cell - size) / 2, y, size, m);
			fputs("</g>\n", f);
		}
		for (size_t c = ncells + 1; c < t->ncols; c++) {
			fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"total\">", label + (double)ncells * cell + 8, y + size * 0.72);
			s_esc(f, rtable_shown(t, r, c));
			fputs("</text>\n", f);
		}
		fputs("</g>\n", f);
	}
	s_legend(f, 0, body + 8, width, legend, nlegend, 1);
	fputs("</svg>\n", f);
}

/* ---------------------------------------------------------------- axes */

/* A step for ticks from 0 to max: 1, 2 or 5 times a power of ten, about five ticks (whole: at least 1). */
static double s_step(double max, int whole)
{
	double raw = max > 0 ? max / 5 : 1, p = 1;
	while (p > raw)
		p /= 10;
	while (p * 10 <= raw)
		p *= 10;
	double step = raw > 5 * p ? 10 * p : raw > 2 * p ? 5 * p : raw > p ? 2 * p : p;
	return whole && step < 1 ? 1 : step;
}

/* The first multiple of step at or above v. */
static double s_up(double v, double step)
{
	double n = (double)(long)(v / step);
	return n * step < v ? (n + 1) * step : n * step;
}

/* A tick's number as people write it (whole numbers without decimals). */
static void s_tick_text(char *out, size_t n, double v, const char *unit)
{
	if (v == (double)(long)v)
		snprintf(out, n, "%.0f%s", v, unit);
	else
		snprintf(out, n, "%.1f%s", v, unit);
}

/* The value axis upwards at x from y0 (value 0) to y0 - h (value top), with ticks, grid lines across w and its
 * label turned along it. */
static void s_y_axis(FILE *f, double x, double y0, double h, double w, double top, double step, const char *label)
{
	for (double v = 0; v <= top + step / 2; v += step) {
		double y = y0 - v / top * h;
		char t[32];
		s_tick_text(t, sizeof t, v, "");
		fprintf(f,
		        "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>\n"
		        "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#333333\"/>\n"
		        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">%s</text>\n",
		        x, x + w, y, y, x - 4, x, y, y, x - 6, y + 4, t);
	}
	fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#333333\"/>\n", x, x, y0, y0 - h);
	fprintf(f, "<text transform=\"translate(12 %.1f) rotate(-90)\" text-anchor=\"middle\" class=\"axis\">", y0 - h / 2);
	s_esc(f, label);
	fputs("</text>\n", f);
}

/* The category axis along y0 from x over w, its label centred under it. */
static void s_x_axis(FILE *f, double x, double y0, double w, const char *label)
{
	fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#333333\"/>\n", x, x + w, y0, y0);
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"axis\">", x + w / 2, y0 + 32);
	s_esc(f, label);
	fputs("</text>\n", f);
}

/* ---------------------------------------------------------------- bars */

void report_svg_bars(FILE *f, const char *title, const struct bar *bars, size_t n, const char *axis, double target,
                     const char *target_label, const struct legend *legend, size_t nlegend)
{
	const double px = 13, row = 24, plot = 320, top = 50;
	double label = 60, max = target > 100 ? target : 100;
	for (size_t i = 0; i < n; i++) {
		double w = s_text_w(bars[i].label, px) + 10;
		label = w > label ? w : label;
		if (bars[i].value > max)
			max = bars[i].value;
	}
	double step = s_step(max, 0), top_v = s_up(max, step);
	double width = label + plot + 70, y0 = top + (double)n * row + 4;
	/* Room for the title, and for the target's name centred on its line. */
	if (width < s_text_w(title, 13) + 10)
		width = s_text_w(title, 13) + 10;
	if (target > 0 && width < label + target / top_v * plot + s_text_w(target_label, 13) / 2 + 6)
		width = label + target / top_v * plot + s_text_w(target_label, 13) / 2 + 6;
	double lh = s_legend(NULL, 0, 0, width, legend, nlegend, 0);
	s_open(f, width, y0 + 44 + lh, title);
	/* Ticks across the bottom, grid lines up through the bars. */
	for (double v = 0; v <= top_v + step / 2; v += step) {
		double x = label + v / top_v * plot;
		char t[32];
		s_tick_text(t, sizeof t, v, "%");
		fprintf(f,
		        "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>\n"
		        "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#333333\"/>\n"
		        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">%s</text>\n",
		        x, x, top - 4, y0, x, x, y0, y0 + 4, x, y0 + 15, t);
	}
	s_x_axis(f, label, y0, plot, axis);
	for (size_t i = 0; i < n; i++) {
		double y = top + (double)i * row, v = bars[i].value < 0 ? 0 : bars[i].value;
		fputs("<g class=\"bar\">\n", f);
		fprintf(f, "<text x=\"0\" y=\"%.1f\" class=\"name\">", y + 14);
		s_esc(f, bars[i].label);
		fputs("</text>\n", f);
		s_box(f, label, y + 2, v / top_v * plot, row - 6, bars[i].mark);
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"value\">", label + v / top_v * plot + 4, y + 14);
		s_esc(f, bars[i].shown);
		fputs("</text>\n</g>\n", f);
	}
	/* The target: one line across every bar, named at its top. */
	if (target > 0) {
		double x = label + target / top_v * plot;
		fprintf(f,
		        "<g class=\"target\"><line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\" "
		        "stroke-width=\"2\" stroke-dasharray=\"6 3\"/>\n<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
		        "font-weight=\"bold\">",
		        x, x, top - 8, y0, x, top - 12);
		s_esc(f, target_label);
		fputs("</text></g>\n", f);
	}
	s_legend(f, 0, y0 + 40, width, legend, nlegend, 0);
	fputs("</svg>\n", f);
}

/* ---------------------------------------------------------------- columns and the line */

/* Room for a chart over n points: left margin, plot width, the top value and its step. */
struct frame {
	double left, plot, top_v, step, y0, h;
};

static void s_frame(struct frame *fr, const double *values, size_t n, double slot)
{
	double max = 0;
	for (size_t i = 0; i < n; i++)
		max = values[i] > max ? values[i] : max;
	fr->step = s_step(max < 4 ? 4 : max, 1);
	fr->top_v = s_up(max < 1 ? 1 : max, fr->step);
	fr->left = 56;
	fr->plot = (double)(n ? n : 1) * slot;
	if (fr->plot < 240)
		fr->plot = 240;
	fr->h = 140;
	fr->y0 = 30 + fr->h;
}

/* A chart's width w, widened to its title. */
static double s_fit(double w, const char *title)
{
	double t = s_text_w(title, 13) + 10;
	return w > t ? w : t;
}

void report_svg_columns(FILE *f, const char *title, const char *const *labels, const double *values, size_t n,
                        const char *x_axis, const char *y_axis, enum cell_mark mark)
{
	struct frame fr;
	double want = 90; /* each column as wide as its label, so no two labels run together */
	for (size_t i = 0; i < n; i++)
		if (s_text_w(labels[i], 12) + 14 > want)
			want = s_text_w(labels[i], 12) + 14;
	s_frame(&fr, values, n, want);
	s_open(f, s_fit(fr.left + fr.plot + 10, title), fr.y0 + 44, title);
	s_y_axis(f, fr.left, fr.y0, fr.h, fr.plot, fr.top_v, fr.step, y_axis);
	double slot = fr.plot / (double)(n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		double h = values[i] / fr.top_v * fr.h, x = fr.left + (double)i * slot;
		fputs("<g class=\"column\">\n", f);
		s_box(f, x + slot * 0.2, fr.y0 - h, slot * 0.6, h, mark);
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"value\">%g</text>\n", x + slot / 2,
		        fr.y0 - h - 4, values[i]);
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">", x + slot / 2, fr.y0 + 15);
		s_esc(f, labels[i]);
		fputs("</text>\n</g>\n", f);
	}
	s_x_axis(f, fr.left, fr.y0, fr.plot, x_axis);
	fputs("</svg>\n", f);
}

void report_svg_line(FILE *f, const char *title, const char *const *labels, const double *values, size_t n,
                     const char *x_axis, const char *y_axis)
{
	struct frame fr;
	s_frame(&fr, values, n, 36);
	s_open(f, s_fit(fr.left + fr.plot + 10, title), fr.y0 + 44, title);
	s_y_axis(f, fr.left, fr.y0, fr.h, fr.plot, fr.top_v, fr.step, y_axis);
	double slot = fr.plot / (double)(n ? n : 1);
	fputs("<polyline class=\"line\" fill=\"none\" stroke=\"#b3261e\" stroke-width=\"2\" points=\"", f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%.1f,%.1f ", fr.left + ((double)i + 0.5) * slot, fr.y0 - values[i] / fr.top_v * fr.h);
	fputs("\"/>\n", f);
	for (size_t i = 0; i < n; i++) {
		double x = fr.left + ((double)i + 0.5) * slot, y = fr.y0 - values[i] / fr.top_v * fr.h;
		/* Each point a square dot with its value: the line reads without colour. */
		fprintf(f,
		        "<g class=\"point\"><rect x=\"%.1f\" y=\"%.1f\" width=\"6\" height=\"6\" fill=\"#000000\"/>\n"
		        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"value\">%g</text>\n"
		        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">",
		        x - 3, y - 3, x, y - 7, values[i], x, fr.y0 + 15);
		s_esc(f, labels[i]);
		fputs("</text></g>\n", f);
	}
	s_x_axis(f, fr.left, fr.y0, fr.plot, x_axis);
	fputs("</svg>\n", f);
}
