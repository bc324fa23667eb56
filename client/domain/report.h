/*
 * report: tables of figures computed from the local store, written as a
 * terminal table, CSV, JSON or HTML, and the self-contained HTML page that
 * holds several of them with their charts.
 */
#ifndef LK_REPORT_H
#define LK_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "table.h"

enum report_format { REPORT_TEXT, REPORT_CSV, REPORT_JSON, REPORT_HTML, REPORT_PDF, REPORT_XLSX };

/* Write t in fmt (HTML: a <table> element only; PDF and XLSX are render/'s). 0 or -1 on a write error. */
int rtable_write(const struct rtable *t, enum report_format fmt, FILE *f);

/* The HTML page around tables and charts: head with the print style, then body. */
void report_html_begin(FILE *f, const char *title, const char *subtitle);
void report_html_end(FILE *f);
/* Escape text for HTML. */
void report_html_esc(FILE *f, const char *s);

/* Charts (inline SVG). */
/* The table as a grid of coloured squares: the first column names the rows, the
 * others are the grid's columns (the marks give the colours). */
void report_svg_grid(FILE *f, const struct rtable *t);
/* Horizontal bars: value against a target mark, both in percent of max. */
struct bar {
	const char *label;
	double value, target;
	enum cell_mark mark;
};
void report_svg_bars(FILE *f, const char *title, const struct bar *bars, size_t n, double max, const char *unit);
/* A line of values over labelled points (e.g. overdue items per month). */
void report_svg_line(FILE *f, const char *title, const char *const *labels, const double *values, size_t n);

#endif
