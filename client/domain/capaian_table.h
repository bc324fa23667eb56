/* capaian_table: a year's achievement as one table of figures, for the XLSX and CSV exports and the web page. */
#ifndef CAPAIAN_TABLE_H
#define CAPAIAN_TABLE_H

#include "dom.h"
#include "table.h"

/* The table's columns, in the order of `lokmin capaian import`'s columns
 * (dom_capaian_columns), then the achievement in percent and the desa's name
 * as the last sync cached it (the import reads neither). */
enum { CAPT_IND, CAPT_NAME, CAPT_YEAR, CAPT_MONTH, CAPT_DESA, CAPT_NUM, CAPT_DEN, CAPT_NOTE, CAPT_PCT, CAPT_DESA_NAME,
       CAPT_NCOLS };

/*
 * The achievement entered for year on this device (this puskesmas'; every
 * puskesmas the device holds when it is not a puskesmas device): one row per
 * indicator, month and desa, with the indicator's name and numerator /
 * denominator in percent when there is a denominator. 0 with *out (the caller
 * frees it with rtable_free), or negative with err.
 */
int dom_capaian_table(struct dom *d, int year, struct rtable **out, struct dom_err *err);

#endif
