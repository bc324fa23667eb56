/* capaian: achievement of a puskesmas and year, the indicator catalogue, and coverage, gaps and grades. */
#ifndef LK_CAPAIAN_H
#define LK_CAPAIAN_H

#include <stddef.h>

#include "lk_coverage.h"
#include "store.h"

struct ind {
	char code[32], programme[32], unit[16], name[256];
	double default_target;
	int point; /* each month stands alone (a rate or a state), not summed */
};

struct cat {
	struct ind *v;
	size_t n;
};

struct row {
	char code[32], desa[16];
	int month;
	double num, den;
};

struct year_rows {
	const char *puskesmas;
	int year;
	struct row *v;
	size_t n;
	/* targets */
	struct row *t; /* code; num = annual target, den = sasaran */
	size_t nt;
	size_t sorted; /* v is in (code, month, desa) order while this equals n (cap_year_index) */
};

struct cumul {
	double num, den, annual;
	int months;      /* months with data, 1..upto */
	int has_target;  /* a target record (not the catalogue default) */
};

/* One indicator's line of the gaps table. */
struct gap_row {
	const struct ind *ind;
	struct lk_coverage cov;
	struct cumul cu;
	char problem[160];
};

/* The catalogue on this device; with loud, say what to do when it is missing. 0 or -LK_ENOTFOUND. */
int cap_catalogue(lk_store *st, struct cat *c);
int cap_cat_add(const Lokmin__Indicator *x, void *arg);
const struct ind *cap_find(const struct cat *c, const char *code);
int cap_is_percent(const struct ind *i);

/* Every achievement and target row of puskesmas for year, from the store. */
int cap_year_load(lk_store *st, const char *puskesmas, int year, struct year_rows *y);
void cap_year_free(struct year_rows *y);
/* Append a row to v (months) or to the targets (month 0), growing it by doubling (so grow it only here). 0 or
 * -LK_ENOMEM. */
int cap_push_row(struct row **v, size_t *n, const char *code, const char *desa, int month, double num, double den);
/* Sort the rows so lookups are binary searches (until the next row is added). */
void cap_year_index(struct year_rows *y);
/* The row of (code, month, desa), or NULL. */
struct row *cap_row(struct year_rows *y, const char *code, int month, const char *desa);
/* The figure to date of ind up to month upto (desa NULL: the whole puskesmas). */
void cap_cumulate(struct year_rows *y, const struct ind *ind, int upto, const char *desa, struct cumul *c);
/* The whole puskesmas' figure to date of ind for every month 1..upto (<= 12) at once: out[m - 1] as
 * cap_cumulate to m. */
void cap_cumulate_months(struct year_rows *y, const struct ind *ind, int upto, struct cumul out[12]);
/* The gaps table rows to month, worst first (all: also indicators without figures or target); *n rows. */
struct gap_row *cap_gap_rows(const struct cat *c, struct year_rows *y, int month, const char *desa,
                             const struct lk_grading *g, int all, size_t *n);
/* "15,0% dari target 25,0% s.d. Maret (60% dari target, merah)" */
void cap_gap_text(const struct gap_row *r, int month, char *out, size_t n);

#endif
