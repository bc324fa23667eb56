/*
 * report_coverage: every puskesmas' achievement per indicator, to a month:
 * against the target to date, with gap and grade, ranked per indicator; the
 * trend month by month; and the grades per puskesmas.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capaian.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "reports.h"

/* Every puskesmas' rows of the year, loaded with two queries. */
struct district {
	struct units u;
	struct year_rows *y; /* one per unit */
	struct unit *last;   /* the unit of the row read last */
};

/* The rows come a puskesmas at a time: its unit is looked up once per run of them. */
static int s_ach_row(const char *const *r, const double *num, int ncol, void *arg)
{
	struct district *d = arg;
	(void)ncol;
	struct unit *u = d->last && !strcmp(d->last->code, r[0]) ? d->last : report_unit(&d->u, r[0]);
	if (u == NULL)
		return 0;
	d->last = u;
	struct year_rows *y = &d->y[u - d->u.v];
	if (!strcmp(r[1], "target"))
		return cap_push_row(&y->t, &y->nt, r[2], "", 0, num[5], num[6]);
	return cap_push_row(&y->v, &y->n, r[2], r[4], (int)num[3], num[5], num[6]);
}

/* The year's rows in the order cap_year_index keeps them, from the index achievement_by_year alone. */
static const char s_rows_sql[] =
	"SELECT puskesmas_code, 'month', indicator_code, month, desa, numerator, denominator FROM achievement"
	" WHERE deleted = 0 AND year = ?1 ORDER BY puskesmas_code, indicator_code, month, desa";
static const char s_targets_sql[] =
	"SELECT puskesmas_code, 'target', indicator_code, 0, '', annual_target, sasaran FROM indicator_target"
	" WHERE deleted = 0 AND year = ?1";

static int s_load(lk_store *st, const struct report_args *a, int year, struct district *d)
{
	char ys[8];
	snprintf(ys, sizeof ys, "%d", year);
	const char *p[1] = {ys};
	memset(d, 0, sizeof *d);
	int rc = report_units(st, a, &d->u);
	if (rc == 0 && (d->y = calloc(d->u.n ? d->u.n : 1, sizeof *d->y)) == NULL)
		rc = -LK_ENOMEM;
	for (size_t i = 0; rc == 0 && i < d->u.n; i++) {
		d->y[i].puskesmas = d->u.v[i].code;
		d->y[i].year = year;
	}
	if (rc == 0)
		rc = lk_store_query_num(st, s_rows_sql, p, 1, s_ach_row, d);
	if (rc == 0)
		rc = lk_store_query_num(st, s_targets_sql, p, 1, s_ach_row, d);
	for (size_t i = 0; rc == 0 && i < d->u.n; i++)
		cap_year_index(&d->y[i]);
	return rc;
}

static void s_free(struct district *d)
{
	for (size_t i = 0; d->y && i < d->u.n; i++)
		cap_year_free(&d->y[i]);
	free(d->y);
	free(d->u.v);
}

/* The coverage of a figure to date cu of ind to month: 0 with c filled, or -1 when there is nothing to grade. */
static int s_cover_of(const struct cumul *cu, const struct ind *ind, int month, const struct lk_grading *g,
                      struct lk_coverage *c)
{
	char err[160];
	if (cu->months == 0)
		return -1;
	return lk_coverage(c, cap_is_percent(ind), cu->num, cu->den, cu->annual, ind->point ? cu->annual : -1, month, g,
	                   err, sizeof err) == 0 ? 0 : -1;
}

/* One puskesmas' coverage of ind to month: 0 with c filled, or -1 when there is nothing to grade. */
static int s_cover(struct year_rows *y, const struct ind *ind, int month, const struct lk_grading *g,
                   struct lk_coverage *c)
{
	struct cumul cu;
	cap_cumulate(y, ind, month, NULL, &cu);
	return s_cover_of(&cu, ind, month, g, c);
}

static enum cell_mark s_mark(enum lk_grade g)
{
	return g == LK_GRADE_GREEN ? MARK_GOOD : g == LK_GRADE_YELLOW ? MARK_WARN : g == LK_GRADE_RED ? MARK_BAD : MARK_NONE;
}

struct ranked {
	size_t unit;
	struct lk_coverage c;
};

static int s_rank_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	return x->c.of_target < y->c.of_target ? 1 : x->c.of_target > y->c.of_target ? -1 : (x->unit > y->unit) - (x->unit < y->unit);
}

static const char *const s_rank_cols[] = {N_("INDICATOR"), N_("RANK"), N_("PUSKESMAS"), N_("ACHIEVED"),
                                          N_("TARGET TO DATE"), N_("COVER%"), N_("GAP"), N_("GRADE"), NULL};
static const char *const s_month_names[] = {N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
                                            N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec")};

struct charts {
	struct bar *bars;
	size_t nbars;
	char (*titles)[320]; /* one per indicator group */
	size_t *starts;      /* first bar of each group */
	size_t ngroups;
	char (*shown)[LK_FMT_LEN]; /* each bar's value as people read it */
	struct lk_grading g;
};

/* Each indicator's puskesmas as bars of their coverage of the target to date, highest first (the ranking's
 * order), with the target line at 100% and the grades in the legend. */
static void s_draw(FILE *f, void *arg)
{
	struct charts *ch = arg;
	char green[LK_FMT_LEN], yellow[LK_FMT_LEN], l1[120], l2[120], l3[120];
	enum lk_lang lang = lk_lang_from_env();
	lk_fmt_percent(green, sizeof green, ch->g.green, ch->g.green == (long)ch->g.green ? 0 : 1, lang);
	lk_fmt_percent(yellow, sizeof yellow, ch->g.yellow, ch->g.yellow == (long)ch->g.yellow ? 0 : 1, lang);
	snprintf(l1, sizeof l1, _("green: %s or more"), green);
	snprintf(l2, sizeof l2, _("yellow: %s to under %s"), yellow, green);
	snprintf(l3, sizeof l3, _("red: under %s"), yellow);
	struct legend l[3] = {{MARK_GOOD, l1}, {MARK_WARN, l2}, {MARK_BAD, l3}};
	for (size_t g = 0; g < ch->ngroups; g++) {
		size_t from = ch->starts[g], to = g + 1 < ch->ngroups ? ch->starts[g + 1] : ch->nbars;
		report_svg_bars(f, ch->titles[g], ch->bars + from, to - from, _("Percent of the target to date"), 100,
		                _("target to date (100%)"), l, 3);
	}
}

int report_coverage(struct dom *dom, const struct report_args *a)
{
	lk_store *st = dom->st;
	struct lk_grading g = a->grading;
	int month = atoi(a->as_of) == a->year ? atoi(a->as_of + 5) : 12; /* the year so far, or all of it */
	struct district d;
	struct cat c = {0};
	if (lk_store_catalogue_list(st, cap_cat_add, &c) != 0 || s_load(st, a, a->year, &d) != 0) {
		free(c.v);
		return -LK_EIO; /* the caller says what could not be read */
	}
	char t1[128], t2[128], t3[128], sub[160];
	snprintf(t1, sizeof t1, _("Coverage to %s %d per indicator, puskesmas ranked"), _(s_month_names[month - 1]),
	         a->year);
	snprintf(t2, sizeof t2, _("Coverage (%% of the target to date) month by month, %d"), a->year);
	snprintf(t3, sizeof t3, _("Grades per puskesmas to %s %d"), _(s_month_names[month - 1]), a->year);
	const char *trend_cols[16] = {N_("INDICATOR"), N_("PUSKESMAS")};
	for (int m = 1; m <= month; m++)
		trend_cols[1 + m] = s_month_names[m - 1];
	static const char *const grade_cols[] = {N_("PUSKESMAS"), N_("GREEN"), N_("YELLOW"), N_("RED"), N_("INDICATORS"),
	                                         NULL};
	struct rtable *rank = rtable_new(t1, s_rank_cols), *trend = rtable_new(t2, trend_cols),
	              *grades = rtable_new(t3, grade_cols);
	struct ranked *rk = calloc(d.u.n ? d.u.n : 1, sizeof *rk);
	int *count = calloc(d.u.n * 4 + 4, sizeof *count);
	struct charts ch = {calloc(c.n * d.u.n + 1, sizeof *ch.bars), 0, calloc(c.n + 1, sizeof *ch.titles),
	                    calloc(c.n + 1, sizeof(size_t)), 0, calloc(c.n * d.u.n + 1, sizeof *ch.shown), g};
	for (size_t i = 0; rank && trend && grades && rk && count && ch.bars && ch.titles && ch.starts && ch.shown &&
	                   i < c.n;
	     i++) {
		const struct ind *ind = &c.v[i];
		size_t n = 0;
		for (size_t k = 0; k < d.u.n; k++)
			if (s_cover(&d.y[k], ind, month, &g, &rk[n].c) == 0)
				rk[n++].unit = k;
		if (n == 0)
			continue;
		qsort(rk, n, sizeof *rk, s_rank_cmp);
		snprintf(ch.titles[ch.ngroups], sizeof ch.titles[0], _("%s: puskesmas ranked, highest coverage first"),
		         ind->name[0] ? ind->name : ind->code);
		ch.starts[ch.ngroups++] = ch.nbars;
		const char *u = cap_is_percent(ind) ? "%" : "";
		for (size_t j = 0; j < n; j++) {
			const struct lk_coverage *cv = &rk[j].c;
			const char *code = d.u.v[rk[j].unit].code;
			const char *name = d.u.v[rk[j].unit].name[0] ? d.u.v[rk[j].unit].name : code;
			long r = rtable_row(rank);
			rtable_set(rank, r, 0, "%s", ind->code); /* the code for a machine, the name for people */
			rtable_show(rank, r, 0, "%s", ind->name[0] ? ind->name : ind->code);
			rtable_int(rank, r, 1, (long)j + 1);
			rtable_set(rank, r, 2, "%s", code);
			rtable_show(rank, r, 2, "%s", name);
			rtable_number(rank, r, 3, cv->achieved, 1, u);
			rtable_number(rank, r, 4, cv->target_to_date, 1, u);
			rtable_number(rank, r, 5, cv->of_target, 1, "");
			rtable_number(rank, r, 6, cv->gap, 1, "");
			/* lk_grade_name's words: */
			(void)N_("green"), (void)N_("yellow"), (void)N_("red");
			rtable_word(rank, r, 7, cv->grade ? lk_grade_name(cv->grade) : N_("no target"));
			rtable_mark(rank, r, 7, s_mark(cv->grade));
			count[rk[j].unit * 4 + cv->grade]++;
			lk_fmt_percent(ch.shown[ch.nbars], sizeof ch.shown[0], cv->of_target, 1, lk_lang_from_env());
			ch.bars[ch.nbars] = (struct bar){name, cv->of_target, ch.shown[ch.nbars], s_mark(cv->grade)};
			ch.nbars++;
			/* The trend of this puskesmas for this indicator. */
			long t = rtable_row(trend);
			rtable_set(trend, t, 0, "%s", ind->code);
			rtable_show(trend, t, 0, "%s", ind->name[0] ? ind->name : ind->code);
			rtable_set(trend, t, 1, "%s", code);
			rtable_show(trend, t, 1, "%s", name);
			struct cumul cm[12];
			cap_cumulate_months(&d.y[rk[j].unit], ind, month, cm);
			for (int m = 1; m <= month; m++) {
				struct lk_coverage mc;
				if (s_cover_of(&cm[m - 1], ind, m, &g, &mc) == 0) {
					rtable_number(trend, t, (size_t)m + 1, mc.of_target, 0, "");
					rtable_mark(trend, t, (size_t)m + 1, s_mark(mc.grade));
				}
			}
		}
	}
	for (size_t k = 0; grades && count && k < d.u.n; k++) {
		long r = rtable_row(grades);
		int *x = &count[k * 4];
		rtable_set(grades, r, 0, "%s", d.u.v[k].code);
		if (d.u.v[k].name[0])
			rtable_show(grades, r, 0, "%s", d.u.v[k].name);
		rtable_int(grades, r, 1, x[LK_GRADE_GREEN]);
		rtable_int(grades, r, 2, x[LK_GRADE_YELLOW]);
		rtable_int(grades, r, 3, x[LK_GRADE_RED]);
		rtable_int(grades, r, 4, x[0] + x[1] + x[2] + x[3]);
		rtable_mark(grades, r, 3, x[LK_GRADE_RED] ? MARK_BAD : MARK_GOOD);
	}
	struct rtable *tables[] = {grades, rank, trend};
	char green[LK_FMT_LEN], yellow[LK_FMT_LEN];
	lk_fmt_percent(green, sizeof green, g.green, g.green == (long)g.green ? 0 : 1, lk_lang_from_env());
	lk_fmt_percent(yellow, sizeof yellow, g.yellow, g.yellow == (long)g.yellow ? 0 : 1, lk_lang_from_env());
	snprintf(sub, sizeof sub, _("%zu puskesmas; green from %s, yellow from %s of the target to date"), d.u.n, green,
	         yellow);
	snprintf(t1, sizeof t1, _("Coverage %d"), a->year);
	int rc = rk && count && ch.bars && ch.titles && ch.starts && ch.shown
	             ? a->emit(a, tables, LK_ARRAY_LEN(tables), t1, sub, s_draw, &ch)
	             : 1;
	for (size_t i = 0; i < LK_ARRAY_LEN(tables); i++)
		rtable_free(tables[i]);
	free(rk);
	free(count);
	free(ch.bars);
	free(ch.titles);
	free(ch.starts);
	free(ch.shown);
	free(c.v);
	s_free(&d);
	return rc;
}
