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

/* Charts (inline SVG, report_chart.c): every mark has a colour and a sign or hatching of its own, every axis
 * its ticks and label, so that a chart reads the same printed in black and white. */
/* The class a cell of mark m carries in SVG and HTML ("good", "warn", "bad", "grey", "pending", "void"). */
const char *report_mark_class(enum cell_mark m);
/* One entry of a chart's legend: a mark and what it means (text people read). */
struct legend {
	enum cell_mark mark;
	const char *label;
};
/* The table as a grid of squares under title: the first column names the rows, the next ncells columns are
 * squares in their mark's colour and sign (the cell's text as the square's tooltip), any later column is
 * written after them as text (e.g. "11/12"); the legend under the grid explains the marks. */
void report_svg_grid(FILE *f, const char *title, const struct rtable *t, size_t ncells, const struct legend *legend,
                     size_t nlegend);
/* Horizontal bars in the order given, over a value axis in percent from 0 (ticks, axis label), with the
 * target drawn as one line across them and named target_label (target <= 0: none). */
struct bar {
	const char *label; /* the row's name */
	double value;      /* percent */
	const char *shown; /* the value as people read it, written after the bar */
	enum cell_mark mark;
};
void report_svg_bars(FILE *f, const char *title, const struct bar *bars, size_t n, const char *axis, double target,
                     const char *target_label, const struct legend *legend, size_t nlegend);
/* Upright columns of counts over labelled categories, both axes labelled, drawn in mark's look. */
void report_svg_columns(FILE *f, const char *title, const char *const *labels, const double *values, size_t n,
                        const char *x_axis, const char *y_axis, enum cell_mark mark);
/* A line of counts over labelled points (e.g. overdue items per month), both axes labelled, each point marked. */
void report_svg_line(FILE *f, const char *title, const char *const *labels, const double *values, size_t n,
                     const char *x_axis, const char *y_axis);

#endif
