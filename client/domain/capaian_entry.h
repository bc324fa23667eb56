/* capaian_entry: entering achievement and targets, one month, one year's target or a whole CSV sheet. */
#ifndef LK_CAPAIAN_ENTRY_H
#define LK_CAPAIAN_ENTRY_H

#include <stddef.h>
#include <stdio.h>

#include "dom.h"

/* One month of one indicator (and desa) of the device's puskesmas. */
struct dom_capaian_set_in {
	const char *indicator; /* catalogue code */
	int year, month;
	const char *desa;      /* "" or NULL: the whole puskesmas */
	double numerator, denominator;
	const char *note;      /* NULL: left as it is */
};

/* Write one month's figures (new, or over the month's earlier figures): the
 * catalogue, the record's rules and the year so far (no more served than the
 * sasaran) are checked first. 0 with the record's id, or negative with err. */
int dom_capaian_set(struct dom *d, const struct dom_capaian_set_in *in, char id[40], struct dom_err *err);

/* The year's target of one indicator for the device's puskesmas. */
struct dom_capaian_target_in {
	const char *indicator;
	int year;
	double annual;  /* percent or count, as the indicator's unit */
	double sasaran; /* 0: none */
};

/* Write the target (new or replacing). 0 with the record's id, or negative with err. */
int dom_capaian_target(struct dom *d, const struct dom_capaian_target_in *in, char id[40], struct dom_err *err);

/* A row of a sheet that was refused: row 0 is about the whole sheet. */
struct dom_capaian_refusal {
	int row;
	char why[640];
};

struct dom_capaian_import_out {
	int year;          /* the year the sheet is about */
	int last_month;    /* the latest month among its rows (0 when none) */
	size_t written;    /* rows written */
	size_t skipped;    /* rows left empty (an untouched template row) */
	struct dom_capaian_refusal *refused; /* every refused row, in order; the caller frees (dom_capaian_import_free) */
	size_t nrefused;
};

/*
 * Import a CSV sheet (its first line names the columns indicator, year, month
 * and numerator; desa, denominator and note are optional) read from csv;
 * name is what to call it in messages. Every row is checked first; one bad
 * row and nothing is written, and the whole sheet is one transaction. 0, or
 * negative with err ("N rows refused; nothing was imported") and out's
 * refusals filled.
 */
int dom_capaian_import(struct dom *d, FILE *csv, const char *name, struct dom_capaian_import_out *out,
                       struct dom_err *err);
void dom_capaian_import_free(struct dom_capaian_import_out *out);

/*
 * Who may enter achievement for an indicator: the Kapus and the K.TU for every
 * one, a programme holder (pj_program) for the indicators of the programmes
 * they hold (programmes "KIA,GIZI": the catalogue's programme codes, case
 * ignored), nobody else. 0, or -LK_EPERM (-LK_ENOTFOUND for an unknown
 * indicator) with the sentence in err.
 */
int dom_capaian_may_enter(struct dom *d, const char *role, const char *programmes, const char *indicator,
                          struct dom_err *err);
/* dom_capaian_import as a person of role holding programmes: a row of an indicator
 * they may not enter is refused like any other bad row (role NULL: no such check). */
int dom_capaian_import_as(struct dom *d, const char *role, const char *programmes, FILE *csv, const char *name,
                          struct dom_capaian_import_out *out, struct dom_err *err);

/* One month's row of achievement as entered. */
struct dom_capaian_row {
	char id[40];
	char indicator[32];
	char desa[16];
	double numerator, denominator;
};

/* The rows entered for year-month by the device's puskesmas, by indicator and
 * desa, into *rows (the caller frees it). 0 or negative with err. */
int dom_capaian_month(struct dom *d, int year, int month, struct dom_capaian_row **rows, size_t *n,
                      struct dom_err *err);

/* The columns of a sheet, in the template's order (NULL-terminated). */
extern const char *const dom_capaian_columns[];

#endif
