/* table: a table of figures with a colour mark and a shown text per cell (domain/table.c); report.h writes it out. */
#ifndef LK_TABLE_H
#define LK_TABLE_H

#include <stddef.h>

/* How a cell is coloured in HTML and the charts (and nothing else); each has its own colour and, in
 * the charts, its own sign or hatching (report_chart.c), so that no two read alike in black and white. */
enum cell_mark {
	MARK_NONE = 0,
	MARK_GOOD,
	MARK_WARN,
	MARK_BAD,
	MARK_GREY,
	MARK_PENDING, /* not due yet */
	MARK_VOID,    /* nothing was planned */
	MARK_COUNT
};

struct rtable {
	char *title;
	size_t ncols;
	char **cols;
	size_t nrows, cap;
	char **cells;          /* nrows * ncols, row-major, each malloc'd: the value (JSON) */
	char **shown;          /* nrows * ncols: what people read instead (a name, a translated word), or NULL */
	unsigned char *marks;  /* nrows * ncols */
	int failed;            /* an allocation failed; the table is incomplete */
};

/* A new table with the given column names (NULL-terminated). NULL on no memory. */
struct rtable *rtable_new(const char *title, const char *const *cols);
void rtable_free(struct rtable *t);
/* Append a row; returns its index, or -1. Cells start empty. */
long rtable_row(struct rtable *t);
/* Set a cell of row r (printf-style). */
void rtable_set(struct rtable *t, long r, size_t col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void rtable_mark(struct rtable *t, long r, size_t col, enum cell_mark m);
const char *rtable_get(const struct rtable *t, size_t r, size_t col);
/* What people read in a cell (text, CSV, HTML, PDF): a name for a code, a word
 * in their language; the value itself when none was set. JSON keeps the value. */
void rtable_show(struct rtable *t, long r, size_t col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
const char *rtable_shown(const struct rtable *t, size_t r, size_t col);
/* A cell holding a word (an English msgid marked N_()): the word as the value, shown translated. */
void rtable_word(struct rtable *t, long r, size_t col, const char *msgid);
/* A date "YYYY-MM-DD": the value as it is, shown "3 Desember 2026" in Indonesian ("" stays empty). */
void rtable_date(struct rtable *t, long r, size_t col, const char *iso);
/* A whole number: the value "1234", shown "1.234" in Indonesian. */
void rtable_int(struct rtable *t, long r, size_t col, long v);
/* A number with decimals and a unit ("%" or ""): the value "58.4%", shown "58,4%" in Indonesian. */
void rtable_number(struct rtable *t, long r, size_t col, double v, int decimals, const char *unit);

#endif
