/*
 * report_compliance: did each puskesmas hold its monthly lokmin on schedule,
 * with the SOP's pieces (material on time, signed invitation and minutes,
 * minutes submitted in time, photos, attendance); and each kecamatan its
 * quarterly one. Totals and rates per puskesmas and for the whole scope.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "evidence.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "region.h"
#include "reports.h"

/* One meeting with what the SOP asks of it. */
struct mrow {
	char pusk[16], kec[16], status[16], planned[16], held[16], submitted[16];
	int period, postponed, materials, on_time, inv_signed, min_signed, photos, present;
};

struct mrows {
	struct mrow *v;
	size_t n, cap; /* doubled as it fills */
};

static const char s_meetings_sql[] =
	"SELECT m.puskesmas_code, m.kecamatan_code, m.period, m.status, m.planned_date, m.held_date,"
	" (SELECT count(*) FROM meeting_event e WHERE e.meeting_id = m.id AND e.deleted = 0 AND e.action = 'postponed'),"
	" (SELECT count(*) FROM material x WHERE x.meeting_id = m.id AND x.deleted = 0),"
	" (SELECT count(*) FROM material x WHERE x.meeting_id = m.id AND x.deleted = 0"
	"   AND date(x.submitted_at, ?3) <= date(m.planned_date, '-3 days')),"
	" (SELECT count(*) FROM invitation i WHERE i.meeting_id = m.id AND i.deleted = 0 AND i.signature <> ''"
	"   AND signature_verifies('invitation', i.id)),"
	" (SELECT count(*) FROM minutes n WHERE n.meeting_id = m.id AND n.deleted = 0 AND n.signature <> ''"
	"   AND signature_verifies('minutes', n.id)),"
	" (SELECT coalesce(min(date(n.submitted_at, ?3)), '') FROM minutes n"
	"   WHERE n.meeting_id = m.id AND n.deleted = 0 AND n.submitted_at <> ''),"
	" (SELECT count(*) FROM attachment a WHERE a.owner_id = m.id AND a.deleted = 0 AND a.mime LIKE 'image/%'),"
	" (SELECT count(*) FROM attendance a WHERE a.meeting_id = m.id AND a.deleted = 0 AND a.present = 1)"
	" FROM meeting m WHERE m.deleted = 0 AND m.kind = ?1 AND m.year = ?2 ORDER BY " EV_MEETING_ORDER;

static int s_meeting_row(const char *const *r, int ncol, void *arg)
{
	struct mrows *m = arg;
	(void)ncol;
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;
		struct mrow *nv = realloc(m->v, cap * sizeof *nv);
		if (nv == NULL)
			return -LK_ENOMEM;
		m->v = nv;
		m->cap = cap;
	}
	struct mrow *x = &m->v[m->n++];
	memset(x, 0, sizeof *x);
	lk_strlcpy(x->pusk, r[0], sizeof x->pusk);
	lk_strlcpy(x->kec, r[1], sizeof x->kec);
	x->period = atoi(r[2]);
	lk_strlcpy(x->status, r[3], sizeof x->status);
	lk_strlcpy(x->planned, r[4], sizeof x->planned);
	lk_strlcpy(x->held, r[5], sizeof x->held);
	x->postponed = atoi(r[6]);
	x->materials = atoi(r[7]);
	x->on_time = atoi(r[8]);
	x->inv_signed = atoi(r[9]);
	x->min_signed = atoi(r[10]);
	lk_strlcpy(x->submitted, r[11], sizeof x->submitted);
	x->photos = atoi(r[12]);
	x->present = atoi(r[13]);
	return 0;
}

/* What became of a meeting, as judged on as_of. */
enum verdict { V_NONE, V_ON_TIME, V_POSTPONED, V_LATE, V_MISSED, V_CANCELLED, V_UPCOMING, V_NO_PLAN };

static const struct {
	const char *text;
	enum cell_mark mark;
	int held;
} s_verdicts[] = {
	[V_NONE] = {"", MARK_PENDING, 0}, /* a month still ahead with nothing planned yet */
	[V_ON_TIME] = {N_("on time"), MARK_GOOD, 1},
	[V_POSTPONED] = {N_("postponed"), MARK_WARN, 1},
	[V_LATE] = {N_("late"), MARK_WARN, 1},
	[V_MISSED] = {N_("missed"), MARK_BAD, 0},
	[V_CANCELLED] = {N_("cancelled"), MARK_GREY, 0},
	[V_UPCOMING] = {N_("upcoming"), MARK_PENDING, 0},
	[V_NO_PLAN] = {N_("no plan"), MARK_VOID, 0},
};

/* The due rule's state of a period (m NULL: no meeting) told as the grid tells it: a held one on time or
 * late, a meeting not yet due upcoming. */
static enum verdict s_verdict(enum ev_state s, const struct mrow *m)
{
	switch (s) {
	case EV_CANCELLED:
		return V_CANCELLED;
	case EV_HELD_POSTPONED:
		return V_POSTPONED;
	case EV_HELD:
		return strcmp(m->held, m->planned) > 0 ? V_LATE : V_ON_TIME;
	case EV_MISSED:
		return V_MISSED;
	case EV_NO_PLAN:
		return V_NO_PLAN;
	case EV_POSTPONED:
	case EV_NOT_DUE:
	default:
		return m ? V_UPCOMING : V_NONE;
	}
}

/* The first day of period p (a month, or a quarter's first month) in year y. */
static void s_period_start(int y, int p, int quarterly, char out[LK_DATE_STRLEN])
{
	snprintf(out, LK_DATE_STRLEN, "%04d-%02d-01", y, quarterly ? 3 * p - 2 : p);
}

struct totals {
	int due, held, on_time, postponed, late, missed, materials, mat_on_time, inv, min, submitted_in_time, photos,
		present;
};

static void s_count(struct totals *t, const struct mrow *m, enum verdict v, int due, const struct report_args *a)
{
	t->due += due;
	t->held += s_verdicts[v].held;
	t->on_time += v == V_ON_TIME;
	t->postponed += v == V_POSTPONED;
	t->late += v == V_LATE;
	t->missed += v == V_MISSED || v == V_NO_PLAN;
	if (m == NULL || !s_verdicts[v].held)
		return;
	t->materials += m->materials;
	t->mat_on_time += m->on_time;
	t->inv += m->inv_signed > 0;
	t->min += m->min_signed > 0;
	t->submitted_in_time += m->submitted[0] && report_days_between(m->held, m->submitted) <= a->submit_days;
	t->photos += m->photos > 0;
	t->present += m->present;
}

static void s_sum(struct totals *a, const struct totals *b)
{
	a->due += b->due;
	a->held += b->held;
	a->on_time += b->on_time;
	a->postponed += b->postponed;
	a->late += b->late;
	a->missed += b->missed;
	a->materials += b->materials;
	a->mat_on_time += b->mat_on_time;
	a->inv += b->inv;
	a->min += b->min;
	a->submitted_in_time += b->submitted_in_time;
	a->photos += b->photos;
	a->present += b->present;
}

static void s_pct(struct rtable *t, long r, size_t c, int num, int den)
{
	char pct[LK_FMT_LEN];
	if (den > 0) {
		rtable_set(t, r, c, "%d/%d (%.0f%%)", num, den, 100.0 * num / den);
		if (lk_fmt_percent(pct, sizeof pct, 100.0 * num / den, 0, lk_lang_from_env()) == 0)
			rtable_show(t, r, c, "%d/%d (%s)", num, den, pct);
	} else {
		rtable_set(t, r, c, "-");
	}
	if (den > 0)
		rtable_mark(t, r, c, num == den ? MARK_GOOD : 100 * num >= 80 * den ? MARK_WARN : MARK_BAD);
}

/* The first column: a puskesmas' or kecamatan's code as the value, its name shown; or the word ALL. */
static void s_label(struct rtable *t, long r, const char *who, const char *name)
{
	if (who == NULL) {
		rtable_word(t, r, 0, N_("ALL"));
		return;
	}
	rtable_set(t, r, 0, "%s", who);
	if (name && name[0])
		rtable_show(t, r, 0, "%s", name);
}

static void s_totals_row(struct rtable *t, const char *who, const char *name, const struct totals *x)
{
	long r = rtable_row(t);
	s_label(t, r, who, name);
	s_pct(t, r, 1, x->held, x->due);
	rtable_int(t, r, 2, x->on_time);
	rtable_int(t, r, 3, x->postponed + x->late);
	rtable_int(t, r, 4, x->missed);
	if (x->missed)
		rtable_mark(t, r, 4, MARK_BAD);
	s_pct(t, r, 5, x->mat_on_time, x->materials);
	s_pct(t, r, 6, x->inv, x->held);
	s_pct(t, r, 7, x->min, x->held);
	s_pct(t, r, 8, x->submitted_in_time, x->held);
	s_pct(t, r, 9, x->photos, x->held);
	if (x->held)
		rtable_number(t, r, 10, (double)x->present / x->held, 1, "");
	else
		rtable_set(t, r, 10, "-");
}

/* The grid of one kind of meeting: a row per puskesmas (or kecamatan), a column per period. */
struct grid {
	struct rtable *grid, *totals, *detail;
};

static const char *const s_month_cols[] = {N_("PUSKESMAS"), N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"),
                                           N_("May"),       N_("Jun"), N_("Jul"), N_("Aug"), N_("Sep"),
                                           N_("Oct"),       N_("Nov"), N_("Dec"), N_("HELD/DUE"), NULL};
static const char *const s_quarter_cols[] = {N_("KECAMATAN"), N_("Q1"), N_("Q2"), N_("Q3"), N_("Q4"), N_("HELD/DUE"),
                                             NULL};
static const char *const s_total_cols[] = {N_("PUSKESMAS"),      N_("HELD/DUE"),          N_("ON TIME"),
                                           N_("POSTPONED/LATE"), N_("MISSED"),            N_("MATERIAL ON TIME"),
                                           N_("INVITATION SIGNED"), N_("MINUTES SIGNED"), N_("SUBMITTED IN TIME"),
                                           N_("WITH PHOTOS"),    N_("AVG PRESENT"),       NULL};
static const char *const s_detail_cols[] = {N_("PUSKESMAS"), N_("PERIOD"),     N_("RESULT"),  N_("PLANNED"),
                                            N_("HELD"),      N_("MATERIAL ON TIME"), N_("INVITATION"), N_("MINUTES"),
                                            N_("SUBMITTED"), N_("PHOTOS"),     N_("PRESENT"), NULL};

/* One row of the grid, and its totals, for the unit `who` over nper periods. */
static void s_grid_row(struct grid *g, const char *who, const char *name, const struct mrows *ms, int quarterly,
                       int nper, const struct report_args *a, struct totals *all)
{
	struct totals t;
	memset(&t, 0, sizeof t);
	long r = rtable_row(g->grid);
	s_label(g->grid, r, who, name);
	for (int p = 1; p <= nper; p++) {
		const struct mrow *m = NULL;
		for (size_t i = 0; i < ms->n && m == NULL; i++)
			if (ms->v[i].period == p && !strcmp(quarterly ? ms->v[i].kec : ms->v[i].pusk, who))
				m = &ms->v[i];
		char start[LK_DATE_STRLEN];
		s_period_start(a->year, p, quarterly, start);
		enum ev_state st = m ? ev_judge(m->status, m->planned, m->held, m->postponed, start, a->as_of)
		                     : ev_judge(NULL, "", "", 0, start, a->as_of);
		enum verdict v = s_verdict(st, m);
		rtable_word(g->grid, r, (size_t)p, s_verdicts[v].text);
		rtable_mark(g->grid, r, (size_t)p, s_verdicts[v].mark);
		s_count(&t, m, v, ev_due(st), a);
		if (g->detail && v != V_NONE) {
			long d = rtable_row(g->detail);
			s_label(g->detail, d, who, name);
			rtable_int(g->detail, d, 1, p);
			rtable_word(g->detail, d, 2, s_verdicts[v].text);
			rtable_mark(g->detail, d, 2, s_verdicts[v].mark);
			rtable_date(g->detail, d, 3, m ? m->planned : "");
			rtable_date(g->detail, d, 4, m ? m->held : "");
			if (m && s_verdicts[v].held) {
				rtable_set(g->detail, d, 5, "%d/%d", m->on_time, m->materials);
				rtable_word(g->detail, d, 6, m->inv_signed ? N_("signed") : N_("no"));
				rtable_word(g->detail, d, 7, m->min_signed ? N_("signed") : N_("no"));
				long days = m->submitted[0] ? report_days_between(m->held, m->submitted) : 0;
				if (m->submitted[0] && days < 0) {
					rtable_word(g->detail, d, 8, N_("before the meeting"));
				} else if (m->submitted[0]) {
					rtable_set(g->detail, d, 8, "%ld days", days);
					rtable_show(g->detail, d, 8, P_("%ld day", "%ld days", (unsigned long)days), days);
				} else {
					rtable_word(g->detail, d, 8, N_("not yet"));
				}
				rtable_int(g->detail, d, 9, m->photos);
				rtable_int(g->detail, d, 10, m->present);
			}
		}
	}
	s_pct(g->grid, r, (size_t)nper + 1, t.held, t.due);
	if (g->totals)
		s_totals_row(g->totals, who, name, &t);
	s_sum(all, &t);
}

struct draw {
	struct rtable *monthly, *quarterly;
};

/* What each square of the grids means: the five states a month can be in, and a cancelled meeting. */
static const struct {
	enum cell_mark mark;
	const char *label;
} s_legend[] = {
	{MARK_GOOD, N_("held on time")}, {MARK_WARN, N_("postponed or late")}, {MARK_BAD, N_("missed")},
	{MARK_PENDING, N_("not yet due")}, {MARK_VOID, N_("no plan")},        {MARK_GREY, N_("cancelled")},
};

static void s_draw(FILE *f, void *arg)
{
	struct draw *d = arg;
	struct legend l[LK_ARRAY_LEN(s_legend)];
	for (size_t i = 0; i < LK_ARRAY_LEN(s_legend); i++)
		l[i] = (struct legend){s_legend[i].mark, _(s_legend[i].label)};
	report_svg_grid(f, _("Monthly lokmin per puskesmas, month by month"), d->monthly, 12, l, LK_ARRAY_LEN(l));
	report_svg_grid(f, _("Quarterly cross-sector lokmin per kecamatan"), d->quarterly, 4, l, LK_ARRAY_LEN(l));
}

int report_compliance(struct dom *dom, const struct report_args *a)
{
	lk_store *st = dom->st;
	char year[8], title[128], sub[160];
	struct mrows monthly = {0}, quarterly = {0};
	struct units u;
	snprintf(year, sizeof year, "%d", a->year);
	char shift[32];
	/* Material and minutes are on time by the office's day, not the UTC day. */
	const char *pm[3] = {"monthly", year, shift}, *pq[3] = {"quarterly", year, shift};
	int rc = dom_zone_sql_shift(dom, shift, NULL);
	if (rc == 0)
		rc = report_units(st, a, &u);
	else
		memset(&u, 0, sizeof u);
	if (rc == 0)
		rc = lk_store_query(st, s_meetings_sql, pm, 3, s_meeting_row, &monthly);
	if (rc == 0)
		rc = lk_store_query(st, s_meetings_sql, pq, 3, s_meeting_row, &quarterly);
	if (rc != 0) {
		free(u.v);
		free(monthly.v);
		free(quarterly.v);
		return -LK_EIO; /* the caller says what could not be read */
	}
	snprintf(title, sizeof title, _("Monthly lokmin %d: held on schedule, postponed or late, missed"), a->year);
	struct grid gm = {rtable_new(title, s_month_cols), NULL, NULL};
	snprintf(title, sizeof title, _("Monthly lokmin %d per puskesmas: the SOP's pieces"), a->year);
	gm.totals = rtable_new(title, s_total_cols);
	snprintf(title, sizeof title, _("Monthly lokmin %d, meeting by meeting"), a->year);
	gm.detail = rtable_new(title, s_detail_cols);
	snprintf(title, sizeof title, _("Quarterly cross-sector lokmin %d per kecamatan"), a->year);
	struct grid gq = {rtable_new(title, s_quarter_cols), NULL, NULL};
	struct totals all, allq;
	memset(&all, 0, sizeof all);
	memset(&allq, 0, sizeof allq);
	for (size_t i = 0; gm.grid && gm.totals && gm.detail && i < u.n; i++)
		s_grid_row(&gm, u.v[i].code, u.v[i].name, &monthly, 0, 12, a, &all);
	if (gm.totals)
		s_totals_row(gm.totals, NULL, NULL, &all);
	/* Each kecamatan once, in code order (u is sorted by puskesmas code, which starts with it). */
	for (size_t i = 0; gq.grid && i < u.n; i++)
		if (i == 0 || strcmp(u.v[i].kecamatan, u.v[i - 1].kecamatan)) {
			char label[200];
			if (report_kecamatan_name(st, u.v[i].kecamatan, label, sizeof label) != 0)
				label[0] = '\0';
			s_grid_row(&gq, u.v[i].kecamatan, label, &quarterly, 1, 4, a, &allq);
		}
	if (gq.grid) {
		long r = rtable_row(gq.grid);
		s_label(gq.grid, r, NULL, NULL);
		s_pct(gq.grid, r, 5, allq.held, allq.due);
	}
	if (gm.grid) {
		long r = rtable_row(gm.grid);
		s_label(gm.grid, r, NULL, NULL);
		s_pct(gm.grid, r, 13, all.held, all.due);
	}
	snprintf(sub, sizeof sub, _("%zu puskesmas; judged as of %s; minutes in time when submitted within %d days"),
	         u.n, a->as_of_text, a->submit_days);
	struct rtable *tables[] = {gm.grid, gm.totals, gq.grid, gm.detail};
	struct draw d = {gm.grid, gq.grid};
	snprintf(title, sizeof title, _("Lokmin compliance %d"), a->year);
	rc = a->emit(a, tables, LK_ARRAY_LEN(tables), title, sub, s_draw, &d);
	for (size_t i = 0; i < LK_ARRAY_LEN(tables); i++)
		rtable_free(tables[i]);
	free(u.v);
	free(monthly.v);
	free(quarterly.v);
	return rc;
}
