/* capaian_gap: an indicator's gap as one line of text, for the agenda, problems and the documents. */
#ifndef LK_CAPAIAN_GAP_H
#define LK_CAPAIAN_GAP_H

#include <stddef.h>
#include <stdio.h>

struct lk_store;

/* Achievement of puskesmas pusk to year-month (default thresholds): one line per
 * indicator graded red or yellow, worst first, each after prefix, written to f.
 * The count. */
int capaian_gap_lines(struct lk_store *st, const char *pusk, int year, int month, FILE *f, const char *prefix);
/* The gap of one indicator as text ("15.0% dari target 25.0% s.d. Maret (60% dari target, merah)"),
 * or -LK_ENOTFOUND when it has no data or target. */
int capaian_gap_of(struct lk_store *st, const char *pusk, const char *code, int year, int month, char *out,
                   size_t n);

#endif
