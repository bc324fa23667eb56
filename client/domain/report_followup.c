/*
 * report_followup: what came of the RTL items and the sectors' commitments,
 * per owner: open, overdue (with ageing), done on time, done late, dropped;
 * and how many were overdue at the end of each month.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "region.h"
#include "reports.h"

enum { C_OWNER, C_TOTAL, C_OPEN, C_OVERDUE, C_ON_TIME, C_LATE, C_DROPPED, C_AGE1, C_AGE2, C_AGE3, C_MAX };

/* One item: its owner's label ("sector NAME", a puskesmas code, "kecamatan CODE"), due day, status and the day
 * it was closed. */
struct item {
	char owner[160], due[16], status[16], closed[16];
};

/* The owner as people read it: a sector's name, a puskesmas' or kecamatan's name. */
static void s_owner_shown(lk_store *st, struct rtable *t, long r, const char *owner)
{
	char name[160];
	if (!strncmp(owner, "sector ", 7))
		rtable_show(t, r, C_OWNER, _("sector %s"), owner + 7);
	else if (!strncmp(owner, "kecamatan ", 10) && report_kecamatan_name(st, owner + 10, name, sizeof name) == 0)
		rtable_show(t, r, C_OWNER, "%s", name);
	else if (region_puskesmas_name(st, owner, name, sizeof name) == 0)
		rtable_show(t, r, C_OWNER, "%s", name);
}

struct items {
	struct item *v;
	size_t n, cap; /* doubled as it fills */
};

/* RTL: the owner is the sector when one owns it, otherwise the puskesmas (its
 * tenant key), otherwise the kecamatan (a camat's office item). */
static const char s_rtl_sql[] =
	"SELECT CASE WHEN r.owner_sector_id <> '' THEN 'sector ' || coalesce((SELECT s.name FROM sector s"
	"   WHERE s.id = r.owner_sector_id), r.owner_sector_id)"
	" WHEN r.puskesmas_code <> '' THEN r.puskesmas_code ELSE 'kecamatan ' || r.kecamatan_code END,"
	" r.due_date, r.status, r.closed_on FROM rtl_item r WHERE r.deleted = 0 AND substr(r.due_date, 1, 4) = ?1"
	" AND (?2 = '' OR r.puskesmas_code = ?2) AND (?3 = '' OR r.kecamatan_code = ?3)";

static const char s_commitment_sql[] =
	"SELECT coalesce((SELECT s.name FROM sector s WHERE s.id = c.sector_id), c.sector_id),"
	" c.period_end, c.status, c.closed_on FROM commitment c WHERE c.deleted = 0"
	" AND (substr(c.period_end, 1, 4) = ?1 OR substr(c.period_start, 1, 4) = ?1)"
	" AND (?2 = '' OR c.puskesmas_code = ?2) AND (?3 = '' OR c.kecamatan_code = ?3)";

static int s_item_row(const char *const *r, int ncol, void *arg)
{
	struct items *it = arg;
	(void)ncol;
	if (it->n == it->cap) {
		size_t cap = it->cap ? 2 * it->cap : 64;
		struct item *nv = realloc(it->v, cap * sizeof *nv);
		if (nv == NULL)
			return -LK_ENOMEM;
		it->v = nv;
		it->cap = cap;
	}
	struct item *x = &it->v[it->n++];
	lk_strlcpy(x->owner, r[0], sizeof x->owner);
	lk_strlcpy(x->due, r[1], sizeof x->due);
	lk_strlcpy(x->status, r[2], sizeof x->status);
	lk_strlcpy(x->closed, r[3], sizeof x->closed);
	return 0;
}

static int s_open(const struct item *x)
{
	return !strcmp(x->status, "open") || !strcmp(x->status, "in_progress");
}

/* Overdue on day: due before it and not closed by then. */
static int s_overdue_on(const struct item *x, const char *day)
{
	if (!x->due[0] || strcmp(x->due, day) >= 0)
		return 0;
	if (s_open(x))
		return 1;
	return x->closed[0] && strcmp(x->closed, day) > 0;
}

static const char *const s_cols[] = {N_("OWNER"),        N_("ITEMS"),        N_("OPEN"),          N_("OVERDUE"),
                                     N_("DONE ON TIME"), N_("DONE LATE"),    N_("DROPPED"),       N_("OVERDUE 1-30"),
                                     N_("OVERDUE 31-90"), N_("OVERDUE >90"), NULL};

static int s_owner_cmp(const void *a, const void *b)
{
	return strcmp(((const struct item *)a)->owner, ((const struct item *)b)->owner);
}

/* One row per owner, then ALL. */
static struct rtable *s_table(lk_store *st, const char *title, struct items *it, const char *as_of)
{
	struct rtable *t = rtable_new(title, s_cols);
	int all[C_MAX] = {0}, cur[C_MAX] = {0};
	if (t == NULL)
		return NULL;
	if (it->n > 1) /* qsort takes no NULL array, even empty */
		qsort(it->v, it->n, sizeof *it->v, s_owner_cmp);
	for (size_t i = 0; i <= it->n; i++) {
		if (i > 0 && (i == it->n || strcmp(it->v[i].owner, it->v[i - 1].owner))) {
			long r = rtable_row(t);
			rtable_set(t, r, C_OWNER, "%s", it->v[i - 1].owner);
			s_owner_shown(st, t, r, it->v[i - 1].owner);
			for (int c = C_TOTAL; c < C_MAX; c++) {
				rtable_int(t, r, (size_t)c, cur[c]);
				all[c] += cur[c];
			}
			rtable_mark(t, r, C_OVERDUE, cur[C_OVERDUE] ? MARK_BAD : MARK_GOOD);
			memset(cur, 0, sizeof cur);
		}
		if (i == it->n)
			break;
		const struct item *x = &it->v[i];
		cur[C_TOTAL]++;
		if (s_open(x)) {
			cur[C_OPEN]++;
			if (s_overdue_on(x, as_of)) {
				long age = report_days_between(x->due, as_of);
				cur[C_OVERDUE]++;
				cur[age <= 30 ? C_AGE1 : age <= 90 ? C_AGE2 : C_AGE3]++;
			}
		} else if (!strcmp(x->status, "dropped")) {
			cur[C_DROPPED]++;
		} else {
			cur[x->closed[0] && strcmp(x->closed, x->due) <= 0 ? C_ON_TIME : C_LATE]++;
		}
	}
	long r = rtable_row(t);
	rtable_word(t, r, C_OWNER, N_("ALL"));
	for (int c = C_TOTAL; c < C_MAX; c++)
		rtable_int(t, r, (size_t)c, all[c]);
	return t;
}

/* Items overdue at the end of each month of the year (up to as_of). */
struct trend {
	const char *labels[12];
	double values[12];
	size_t n;
};

static const char *const s_months[] = {N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
                                       N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec")};

static void s_trend(const struct items *it, int year, const char *as_of, struct trend *tr, struct rtable *t)
{
	tr->n = 0;
	for (int m = 1; m <= 12; m++) {
		char first[LK_DATE_STRLEN], end[LK_DATE_STRLEN];
		snprintf(first, sizeof first, "%04d-%02d-01", year, m);
		snprintf(end, sizeof end, "%04d-%02d-%02d", year, m, lk_days_in_month(year, m));
		if (strcmp(first, as_of) > 0)
			break; /* the future */
		const char *day = strcmp(end, as_of) > 0 ? as_of : end;
		int n = 0;
		for (size_t i = 0; i < it->n; i++)
			n += s_overdue_on(&it->v[i], day);
		tr->labels[tr->n] = _(s_months[m - 1]);
		tr->values[tr->n++] = n;
		long r = rtable_row(t);
		rtable_word(t, r, 0, s_months[m - 1]);
		rtable_int(t, r, 1, n);
	}
}

/* What the follow-up charts draw: the overdue RTL by age, and the overdue line. */
struct charts {
	struct trend tr;
	double age[3];
};

static void s_draw(FILE *f, void *arg)
{
	const struct charts *ch = arg;
	const char *ages[3] = {_("1-30 days"), _("31-90 days"), _("over 90 days")};
	report_svg_columns(f, _("RTL overdue now, by how long overdue"), ages, ch->age, 3, _("Days past the due date"),
	                   _("RTL items"), MARK_BAD);
	report_svg_line(f, _("RTL overdue at the end of each month"), ch->tr.labels, ch->tr.values, ch->tr.n, _("Month"),
	                _("RTL items"));
}

int report_followup(struct dom *dom, const struct report_args *a)
{
	lk_store *st = dom->st;
	char year[8], t1[128], t2[128], t3[128], sub[128];
	struct items rtl = {0}, com = {0};
	snprintf(year, sizeof year, "%d", a->year);
	const char *p[3] = {year, a->puskesmas, a->kecamatan};
	if (lk_store_query(st, s_rtl_sql, p, 3, s_item_row, &rtl) != 0 ||
	    lk_store_query(st, s_commitment_sql, p, 3, s_item_row, &com) != 0) {
		free(rtl.v);
		free(com.v);
		return -LK_EIO; /* the caller says what could not be read */
	}
	snprintf(t1, sizeof t1, _("RTL due in %d, per owner (puskesmas or sector)"), a->year);
	snprintf(t2, sizeof t2, _("Cross-sector commitments of %d, per sector"), a->year);
	snprintf(t3, sizeof t3, _("RTL overdue at the end of each month of %d"), a->year);
	static const char *const trend_cols[] = {N_("MONTH"), N_("OVERDUE"), NULL};
	struct charts ch;
	memset(&ch, 0, sizeof ch);
	struct rtable *trend = rtable_new(t3, trend_cols);
	if (trend)
		s_trend(&rtl, a->year, a->as_of, &ch.tr, trend);
	struct rtable *tables[] = {s_table(st, t1, &rtl, a->as_of), s_table(st, t2, &com, a->as_of), trend};
	/* The ageing of the RTL: the table's last row (ALL). */
	for (int k = 0; tables[0] && tables[0]->nrows && k < 3; k++)
		ch.age[k] = atof(rtable_get(tables[0], tables[0]->nrows - 1, (size_t)(C_AGE1 + k)));
	snprintf(sub, sizeof sub, _("judged as of %s"), a->as_of_text);
	snprintf(t1, sizeof t1, _("Follow-up %d"), a->year);
	int rc = a->emit(a, tables, LK_ARRAY_LEN(tables), t1, sub, s_draw, &ch);
	for (size_t i = 0; i < LK_ARRAY_LEN(tables); i++)
		rtable_free(tables[i]);
	free(rtl.v);
	free(com.v);
	return rc;
}
