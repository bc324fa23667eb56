/* xlsx: tables of figures written as an Excel workbook (libxlsxwriter), one sheet per table. */
#ifndef LK_XLSX_H
#define LK_XLSX_H

#include <stddef.h>

#include "table.h"

/*
 * Write tables[0..n) to path as an XLSX workbook, one sheet per table, named
 * by its title: the header row (the column names in the user's language) bold
 * and frozen, figures as numbers (percentages as percent), other cells as
 * people read them, columns as wide as their text. 0, or -1 with a sentence in
 * why.
 */
int xlsx_write_tables(const char *path, struct rtable *const *tables, size_t n, char *why, size_t whylen);

#endif
