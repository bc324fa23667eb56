/*
 * capaian: achievement figures of one puskesmas and year in memory, the
 * indicator catalogue, and the coverage, gap and grade of each indicator to a
 * month. Used by `lokmin capaian`, the agenda and the district's reports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capaian.h"
#include "capaian_gap.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"

int cap_cat_add(const Lokmin__Indicator *x, void *arg)
{
	struct cat *c = arg;
	struct ind *nv = realloc(c->v, (c->n + 1) * sizeof *nv);
	if (nv == NULL)
		return -LK_ENOMEM;
	c->v = nv;
	struct ind *i = &c->v[c->n++];
	lk_strlcpy(i->code, x->code, sizeof i->code);
	lk_strlcpy(i->programme, x->programme_code, sizeof i->programme);
	lk_strlcpy(i->unit, x->unit, sizeof i->unit);
	lk_strlcpy(i->name, x->name, sizeof i->name);
	i->default_target = x->default_annual_target;
	i->point = x->accrual && !strcmp(x->accrual, "point");
	return 0;
}

int cap_catalogue(lk_store *st, struct cat *c)
{
	memset(c, 0, sizeof *c);
	if (lk_store_catalogue_list(st, cap_cat_add, c) != 0 || c->n == 0) {
		free(c->v);
		return -LK_ENOTFOUND;
	}
	return 0;
}

const struct ind *cap_find(const struct cat *c, const char *code)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].code, code))
			return &c->v[i];
	return NULL;
}

/* ---------------------------------------------------------------- the year's rows */



int cap_push_row(struct row **v, size_t *n, const char *code, const char *desa, int month, double num,
                      double den)
{
	/* Room for 16, then doubled each time n reaches a power of two (a year holds thousands of rows). */
	if (*n == 0 || (*n >= 16 && (*n & (*n - 1)) == 0)) {
		struct row *nv = realloc(*v, (*n ? 2 * *n : 16) * sizeof *nv);
		if (nv == NULL)
			return -LK_ENOMEM;
		*v = nv;
	}
	struct row *r = &(*v)[(*n)++];
	lk_strlcpy(r->code, code, sizeof r->code);
	lk_strlcpy(r->desa, desa, sizeof r->desa);
	r->month = month;
	r->num = num;
	r->den = den;
	return 0;
}

/* A row of the query below: kind ("month" or "target"), indicator, month, desa, numerator, denominator. */
static int s_collect(const char *const *r, int ncol, void *arg)
{
	struct year_rows *y = arg;
	(void)ncol;
	if (!strcmp(r[0], "target"))
		return cap_push_row(&y->t, &y->nt, r[1], "", 0, strtod(r[4], NULL), strtod(r[5], NULL));
	return cap_push_row(&y->v, &y->n, r[1], r[3], atoi(r[2]), strtod(r[4], NULL), strtod(r[5], NULL));
}

int cap_year_load(lk_store *st, const char *puskesmas, int year, struct year_rows *y)
{
	char ys[8];
	snprintf(ys, sizeof ys, "%d", year);
	const char *p[2] = {puskesmas, ys};
	memset(y, 0, sizeof *y);
	y->puskesmas = puskesmas;
	y->year = year;
	if (lk_store_query(st,
	                   "SELECT 'month', indicator_code, month, desa, numerator, denominator FROM achievement"
	                   " WHERE deleted = 0 AND puskesmas_code = ?1 AND year = ?2 ORDER BY indicator_code, month, desa",
	                   p, 2, s_collect, y) != 0 ||
	    lk_store_query(st,
	                   "SELECT 'target', indicator_code, 0, '', annual_target, sasaran FROM indicator_target"
	                   " WHERE deleted = 0 AND puskesmas_code = ?1 AND year = ?2",
	                   p, 2, s_collect, y) != 0)
		return -LK_EIO;
	cap_year_index(y);
	return 0;
}

void cap_year_free(struct year_rows *y)
{
	free(y->v);
	free(y->t);
}

/* The row for (code, month, desa), or NULL. */
static int s_row_cmp(const struct row *a, const char *code, int month)
{
	int c = strcmp(a->code, code);
	return c ? c : a->month - month;
}

static int s_row_order(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = s_row_cmp(x, y->code, y->month);
	return c ? c : strcmp(x->desa, y->desa);
}

void cap_year_index(struct year_rows *y)
{
	/* Rows read in this order already (achievement_by_year) need no sort. */
	size_t i = 1;
	while (i < y->n && s_row_order(&y->v[i - 1], &y->v[i]) <= 0)
		i++;
	if (i < y->n)
		qsort(y->v, y->n, sizeof *y->v, s_row_order);
	y->sorted = y->n;
}

/* The first of the rows of (code, month) and one past the last, in a sorted y. */
static void s_range(const struct year_rows *y, const char *code, int month, size_t *from, size_t *to)
{
	size_t lo = 0, hi = y->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s_row_cmp(&y->v[mid], code, month) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*from = lo;
	while (hi < y->n && s_row_cmp(&y->v[hi], code, month) == 0)
		hi++;
	*to = hi;
}

struct row *cap_row(struct year_rows *y, const char *code, int month, const char *desa)
{
	size_t from = 0, to = y->n;
	int sorted = y->sorted == y->n;
	if (sorted)
		s_range(y, code, month, &from, &to);
	for (size_t i = from; i < to; i++)
		if ((sorted || (y->v[i].month == month && !strcmp(y->v[i].code, code))) && !strcmp(y->v[i].desa, desa))
			return &y->v[i];
	return NULL;
}

/*
 * One indicator's month: with desa NULL the whole puskesmas (its own row when
 * entered, else the sum of its desa rows), otherwise that desa.
 * Returns 1 when anything was entered for that month.
 */
static int s_month(struct year_rows *y, const char *code, int month, const char *desa, double *num, double *den)
{
	*num = *den = 0;
	struct row *r = cap_row(y, code, month, desa ? desa : "");
	if (r) {
		*num = r->num;
		*den = r->den;
		return 1;
	}
	if (desa)
		return 0;
	size_t from = 0, to = y->n;
	int sorted = y->sorted == y->n, any = 0;
	if (sorted)
		s_range(y, code, month, &from, &to);
	for (size_t i = from; i < to; i++)
		if (y->v[i].desa[0] && (sorted || (y->v[i].month == month && !strcmp(y->v[i].code, code)))) {
			*num += y->v[i].num;
			*den += y->v[i].den;
			any = 1;
		}
	return any;
}

/*
 * The figure to date: for a cumulative indicator the numerators of Jan..upto
 * summed, for a point indicator the latest month's alone; the sasaran (the
 * target's, else the latest month's) and the annual target.
 */
void cap_cumulate(struct year_rows *y, const struct ind *ind, int upto, const char *desa, struct cumul *c)
{
	memset(c, 0, sizeof *c);
	c->annual = ind->default_target;
	for (int m = 1; m <= upto; m++) {
		double n, d;
		if (s_month(y, ind->code, m, desa, &n, &d)) {
			c->num = ind->point ? n : c->num + n;
			if (d > 0 || ind->point)
				c->den = d;
			c->months++;
		}
	}
	for (size_t i = 0; desa == NULL && i < y->nt; i++)
		if (!strcmp(y->t[i].code, ind->code)) {
			c->annual = y->t[i].num;
			c->has_target = 1;
			if (y->t[i].den > 0)
				c->den = y->t[i].den;
		}
}

void cap_cumulate_months(struct year_rows *y, const struct ind *ind, int upto, struct cumul out[12])
{
	struct cumul t;
	int tden = 0;
	memset(&t, 0, sizeof t);
	t.annual = ind->default_target;
	for (size_t i = 0; i < y->nt; i++) /* the target's part, the same for every month */
		if (!strcmp(y->t[i].code, ind->code)) {
			t.annual = y->t[i].num;
			t.has_target = 1;
			if (y->t[i].den > 0) {
				t.den = y->t[i].den;
				tden = 1;
			}
		}
	struct cumul c;
	memset(&c, 0, sizeof c);
	for (int m = 1; m <= upto && m <= 12; m++) {
		double n, d;
		if (s_month(y, ind->code, m, NULL, &n, &d)) {
			c.num = ind->point ? n : c.num + n;
			if (d > 0 || ind->point)
				c.den = d;
			c.months++;
		}
		out[m - 1] = c;
		out[m - 1].annual = t.annual;
		out[m - 1].has_target = t.has_target;
		if (tden)
			out[m - 1].den = t.den;
	}
}

int cap_is_percent(const struct ind *i)
{
	return !strcmp(i->unit, "persen");
}


static int s_gap_cmp(const void *a, const void *b)
{
	const struct gap_row *x = a, *y = b;
	if (x->problem[0] != y->problem[0])
		return x->problem[0] ? -1 : 1;
	int gx = x->cov.grade ? (int)x->cov.grade : 9, gy = y->cov.grade ? (int)y->cov.grade : 9;
	if (gx != gy)
		return gx - gy;
	if (x->cov.of_target != y->cov.of_target)
		return x->cov.of_target < y->cov.of_target ? -1 : 1;
	return strcmp(x->ind->code, y->ind->code);
}

/* The sorted gap rows of the year to month (every indicator with data or a target, or all). */
struct gap_row *cap_gap_rows(const struct cat *c, struct year_rows *y, int month, const char *desa,
                                  const struct lk_grading *g, int all, size_t *n)
{
	struct gap_row *rows = calloc(c->n ? c->n : 1, sizeof *rows);
	*n = 0;
	for (size_t i = 0; rows && i < c->n; i++) {
		struct gap_row *r = &rows[*n];
		r->ind = &c->v[i];
		cap_cumulate(y, r->ind, month, desa, &r->cu);
		if (!all && r->cu.months == 0 && !r->cu.has_target)
			continue;
		/* A point indicator is held to the whole annual target every month. */
		double to_date = r->ind->point ? r->cu.annual : -1;
		if (lk_coverage(&r->cov, cap_is_percent(r->ind), r->cu.num, r->cu.den, r->cu.annual, to_date, month, g,
		                r->problem, sizeof r->problem) != 0 && r->cu.months == 0)
			snprintf(r->problem, sizeof r->problem, _("no data"));
		(*n)++;
	}
	if (rows)
		qsort(rows, *n, sizeof *rows, s_gap_cmp);
	return rows;
}

static const char *s_warna(enum lk_grade g)
{
	return g == LK_GRADE_RED ? "merah" : g == LK_GRADE_YELLOW ? "kuning" : "hijau";
}

/* "15,0% dari target 25,0% s.d. Maret (60% dari target, merah)" */
void cap_gap_text(const struct gap_row *r, int month, char *out, size_t n)
{
	/* Agenda text, written into the letter the head signs: Indonesian, decimal commas. */
	const char *u = cap_is_percent(r->ind) ? "%" : "";
	char ach[32], tgt[32], of[32];
	lk_fmt_number(ach, sizeof ach, r->cov.achieved, 1, LK_LANG_ID);
	lk_fmt_number(tgt, sizeof tgt, r->cov.target_to_date, 1, LK_LANG_ID);
	lk_fmt_number(of, sizeof of, r->cov.of_target, 0, LK_LANG_ID);
	snprintf(out, n, "%s%s dari target %s%s s.d. %s (%s%% dari target, %s)", ach, u, tgt, u, lk_bulan(month), of,
	         s_warna(r->cov.grade));
}

/* Shared set-up of the two functions below: 0 with c, y and rows loaded, or -1 (nothing to free). */
static int s_gap_load(lk_store *st, const char *pusk, int year, int month, struct cat *c, struct year_rows *y,
                      struct gap_row **rows, size_t *n)
{
	static const struct lk_grading g = LK_GRADING_DEFAULT;
	memset(c, 0, sizeof *c);
	if (lk_store_catalogue_list(st, cap_cat_add, c) != 0 || c->n == 0 || cap_year_load(st, pusk, year, y) != 0) {
		free(c->v);
		return -1;
	}
	if ((*rows = cap_gap_rows(c, y, month, NULL, &g, 0, n)) == NULL) {
		cap_year_free(y);
		free(c->v);
		return -1;
	}
	return 0;
}

int capaian_gap_lines(lk_store *st, const char *pusk, int year, int month, FILE *f, const char *prefix)
{
	struct cat c;
	struct year_rows y;
	struct gap_row *rows;
	size_t n;
	int shown = 0;
	char text[200];
	if (s_gap_load(st, pusk, year, month, &c, &y, &rows, &n) != 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!rows[i].problem[0] && (rows[i].cov.grade == LK_GRADE_RED || rows[i].cov.grade == LK_GRADE_YELLOW)) {
			cap_gap_text(&rows[i], month, text, sizeof text);
			fprintf(f, "%s%s: %s\n", prefix, rows[i].ind->code, text);
			shown++;
		}
	free(rows);
	cap_year_free(&y);
	free(c.v);
	return shown;
}

int capaian_gap_of(lk_store *st, const char *pusk, const char *code, int year, int month, char *out, size_t n)
{
	struct cat c;
	struct year_rows y;
	struct gap_row *rows;
	size_t nr;
	int rc = -LK_ENOTFOUND;
	if (s_gap_load(st, pusk, year, month, &c, &y, &rows, &nr) != 0)
		return rc;
	for (size_t i = 0; i < nr; i++)
		if (!strcmp(rows[i].ind->code, code) && !rows[i].problem[0] && rows[i].cov.grade != LK_GRADE_NONE) {
			cap_gap_text(&rows[i], month, out, n);
			rc = 0;
		}
	free(rows);
	cap_year_free(&y);
	free(c.v);
	return rc;
}
