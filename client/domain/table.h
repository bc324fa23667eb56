/* table: a table of figures with a colour mark per cell (domain/table.c); cli/report.h writes it out. */
#ifndef LK_TABLE_H
#define LK_TABLE_H

#include <stddef.h>

/* How a cell is coloured in HTML and the charts (and nothing else). */
enum cell_mark { MARK_NONE = 0, MARK_GOOD, MARK_WARN, MARK_BAD, MARK_GREY };

struct rtable {
	char *title;
	size_t ncols;
	char **cols;
	size_t nrows, cap;
	char **cells;          /* nrows * ncols, row-major, each malloc'd */
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

#endif
