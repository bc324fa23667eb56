/* lk_csv: split one CSV record (RFC 4180 quoting) into fields, in place. */
#ifndef LK_CSV_H
#define LK_CSV_H

#include <stddef.h>
#include <stdio.h>

/* Split line (modified in place) into at most max fields; returns the field count,
 * or -LK_EINVAL for an unterminated quote. A trailing CR is ignored. */
int lk_csv_split(char *line, char **fields, int max);

/* Write one field, quoted when it holds a comma, quote or line break. */
void lk_csv_write(FILE *f, const char *v);

#endif
