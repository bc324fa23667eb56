/*
 * todo: what this device's office still has to do, read offline from the
 * store: material missing for a meeting soon, invitations and minutes not
 * signed or not submitted or returned by the district, RTL (and commitments)
 * past their date, and for the district the submitted minutes it has not reviewed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "reports.h"
#include "rtl.h"
#include "store.h"
#include "todo.h"

/* What the queries share: the office filter, the as-of day and the window ends. */
struct ctx {
	lk_store *st;
	struct dom_todos *out;
	const char *office; /* puskesmas code; "" the kecamatan's own records; "*" all */
	char as_of[LK_DATE_STRLEN];
	char soon[LK_DATE_STRLEN];   /* as_of + --days */
	char invite[LK_DATE_STRLEN]; /* as_of + the larger of --days and TODO_INVITE_DAYS */
};

/* Append an item; 0 or -LK_ENOMEM. */
static int s_add(struct dom_todos *t, const char *kind, const char *pusk, const char *kec, const char *date,
                 const char *meeting, const char *id, enum dom_kind hk, const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));

static int s_add(struct dom_todos *t, const char *kind, const char *pusk, const char *kec, const char *date,
                 const char *meeting, const char *id, enum dom_kind hk, const char *fmt, ...)
{
	struct dom_todo *nv = realloc(t->v, (t->n + 1) * sizeof *nv);
	if (nv == NULL)
		return -LK_ENOMEM;
	t->v = nv;
	struct dom_todo *x = &t->v[t->n];
	va_list ap, again;
	va_start(ap, fmt);
	va_copy(again, ap);
	int len = vsnprintf(NULL, 0, fmt, ap);
	x->what = len < 0 ? NULL : malloc((size_t)len + 1);
	if (x->what)
		vsnprintf(x->what, (size_t)len + 1, fmt, again);
	va_end(again);
	va_end(ap);
	if (x->what == NULL)
		return -LK_ENOMEM;
	x->kind = kind;
	lk_strlcpy(x->office, pusk[0] ? pusk : kec, sizeof x->office);
	lk_strlcpy(x->kecamatan, kec, sizeof x->kecamatan);
	lk_strlcpy(x->date, date, sizeof x->date);
	lk_strlcpy(x->id, id, sizeof x->id);
	x->id_kind = hk;
	lk_strlcpy(x->meeting, meeting, sizeof x->meeting);
	x->stale = 0;
	t->n++;
	return 0;
}

void dom_todos_free(struct dom_todos *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].what);
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

/* The day n days after day (both YYYY-MM-DD) into out; 0 or -LK_EINVAL. */
static int s_plus_days(const char *day, int n, char out[LK_DATE_STRLEN])
{
	struct lk_date d;
	if (lk_date_parse(day, &d) != 0)
		return -LK_EINVAL;
	lk_date_from_days(lk_date_days(&d) + n, &d);
	lk_date_format(&d, out);
	return 0;
}

/* "in 2 days", "tomorrow", "today". Static storage. */
static const char *s_in_days(long n)
{
	static char buf[32];
	if (n == 0)
		return _("today");
	if (n == 1)
		return _("tomorrow");
	snprintf(buf, sizeof buf, P_("in %ld day", "in %ld days", n), n);
	return buf;
}

/* ---------------------------------------------------------------- material */

/* A list of distinct short names (programmes), comma separated as written. */
struct names {
	char v[64][48];
	int n;
};

static void s_names_add(struct names *ns, const char *name)
{
	for (int i = 0; i < ns->n; i++)
		if (!strcmp(ns->v[i], name))
			return;
	if (ns->n < (int)LK_ARRAY_LEN(ns->v))
		lk_strlcpy(ns->v[ns->n++], name, sizeof ns->v[0]);
}

/* Every programme a person of the office holds, as `lokmin material status` expects them. */
static int s_programme_row(const char *const *r, int ncol, void *arg)
{
	struct names *ns = arg;
	char *progs = strdup(r[0]), *save = NULL;
	(void)ncol;
	if (progs == NULL)
		return -LK_ENOMEM;
	for (char *p = strtok_r(progs, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		p = lk_trim(p);
		if (*p)
			s_names_add(ns, p);
	}
	free(progs);
	return 0;
}

static int s_material_row(const char *const *r, int ncol, void *arg)
{
	(void)ncol;
	s_names_add(arg, r[0]);
	return 0;
}

static const char s_programmes_sql[] =
	"SELECT p.programmes FROM person p WHERE p.deleted = 0 AND p.programmes <> ''"
	" AND p.puskesmas_code = ?1 AND p.kecamatan_code = ?2 ORDER BY p.id";

static const char s_materials_sql[] =
	"SELECT x.programme FROM material x WHERE x.meeting_id = ?1 AND x.deleted = 0";

/* The programmes of the meeting's office with no material for it: their names,
 * comma separated, in text (empty when none is missing). 0 or negative. */
static int s_missing_material(lk_store *st, const char *meeting, const char *pusk, const char *kec, char *text,
                              size_t n)
{
	struct names *want = calloc(1, sizeof *want), *have = calloc(1, sizeof *have);
	const char *pp[2] = {pusk, kec}, *pm[1] = {meeting};
	int rc = want && have ? 0 : -LK_ENOMEM;
	if (rc == 0)
		rc = lk_store_query(st, s_programmes_sql, pp, 2, s_programme_row, want);
	if (rc == 0)
		rc = lk_store_query(st, s_materials_sql, pm, 1, s_material_row, have);
	text[0] = '\0';
	for (int i = 0; rc == 0 && want && i < want->n; i++) {
		int found = 0;
		for (int k = 0; k < have->n && !found; k++)
			found = !strcmp(have->v[k], want->v[i]);
		if (!found) {
			if (text[0])
				lk_strlcpy(text + strlen(text), ", ", n - strlen(text));
			lk_strlcpy(text + strlen(text), want->v[i], n - strlen(text));
		}
	}
	free(want);
	free(have);
	return rc;
}

/* ---------------------------------------------------------------- meetings soon */

/* The newest invitation of a meeting (by issued day, then creation), as the
 * printed Surat Undangan takes it; col is what to read of it ("" when there is none). */
#define NEWEST_INVITATION(col)                                                                    \
	"coalesce((SELECT " col " FROM invitation i WHERE i.meeting_id = m.id AND i.deleted = 0" \
	" ORDER BY i.issued_date DESC, i.id DESC LIMIT 1), '')"

static const char s_soon_sql[] =
	"SELECT m.id, m.kind, m.puskesmas_code, m.kecamatan_code, m.planned_date,"
	" " NEWEST_INVITATION("CASE WHEN signature_verifies('invitation', i.id) THEN 'signed' ELSE 'draft' END") ","
	" " NEWEST_INVITATION("i.id")
	" FROM meeting m WHERE m.deleted = 0 AND m.status NOT IN ('cancelled', 'held') AND m.held_date = ''"
	" AND m.planned_date >= ?2 AND m.planned_date <= ?3 AND (?1 = '*' OR m.puskesmas_code = ?1)";

static int s_soon_row(const char *const *r, int ncol, void *arg)
{
	struct ctx *c = arg;
	const char *id = r[0], *kind = r[1], *pusk = r[2], *kec = r[3], *planned = r[4], *inv = r[5], *inv_id = r[6];
	long in = report_days_between(c->as_of, planned);
	int soon = strcmp(planned, c->soon) <= 0, rc = 0;
	(void)ncol;
	if (soon && !strcmp(kind, "monthly")) {
		char missing[1024], due[LK_DATE_STRLEN], shown[LK_FMT_LEN];
		struct lk_date dd;
		rc = s_missing_material(c->st, id, pusk, kec, missing, sizeof missing);
		if (rc == 0 && missing[0] && s_plus_days(planned, -TODO_MATERIAL_DAYS, due) == 0) {
			if (lk_date_parse(due, &dd) != 0 || lk_fmt_date(shown, sizeof shown, &dd, lk_lang_from_env()) != 0)
				lk_strlcpy(shown, due, sizeof shown);
			rc = s_add(c->out, "meeting_soon_material_missing", pusk, kec, planned, id, id, DOM_MEETING,
			           _("no material for %s (due %s); meeting %s"), missing, shown, s_in_days(in));
		}
	}
	if (rc == 0 && soon && !strcmp(inv, "draft"))
		rc = s_add(c->out, "invitation_unsigned", pusk, kec, planned, id, inv_id, DOM_ANY,
		           _("invitation drafted, not signed; meeting %s"), s_in_days(in));
	else if (rc == 0 && !inv[0])
		rc = s_add(c->out, "invitation_unsigned", pusk, kec, planned, id, id, DOM_MEETING,
		           _("no invitation yet; meeting %s"), s_in_days(in));
	return rc;
}

/* ---------------------------------------------------------------- meetings held */

static const char s_held_sql[] =
	"SELECT m.id, m.puskesmas_code, m.kecamatan_code, CASE WHEN m.held_date <> '' THEN m.held_date"
	" ELSE m.planned_date END,"
	" " NEWEST_INVITATION("CASE WHEN signature_verifies('invitation', i.id) THEN 'signed' ELSE 'draft' END") ","
	" " NEWEST_INVITATION("i.id") ","
	" coalesce((SELECT n.id || ' ' || n.revision || ' ' || CASE WHEN signature_verifies('minutes', n.id) THEN 'signed'"
	"   ELSE 'draft' END"
	"   FROM minutes n WHERE n.meeting_id = m.id AND n.deleted = 0 ORDER BY n.revision DESC, n.id DESC LIMIT 1), ''),"
	" coalesce((SELECT n.id || ' ' || n.revision || ' ' || CASE WHEN n.submitted_at <> '' THEN 'submitted' ELSE"
	"   'waiting' END FROM minutes n WHERE n.meeting_id = m.id AND n.deleted = 0 AND n.signature <> ''"
	"   AND signature_verifies('minutes', n.id)"
	"   ORDER BY n.revision DESC, n.id DESC LIMIT 1), '')"
	" FROM meeting m WHERE m.deleted = 0 AND (m.status = 'held' OR m.held_date <> '')"
	" AND (?1 = '*' OR m.puskesmas_code = ?1)";

/* Split "ID REVISION STATE" (a minutes summary) into its parts; 0, or -1 when s is empty. */
static int s_minutes_of(const char *s, char id[40], int *rev, char state[16])
{
	return sscanf(s, "%39s %d %15s", id, rev, state) == 3 ? 0 : -1;
}

static int s_held_row(const char *const *r, int ncol, void *arg)
{
	struct ctx *c = arg;
	const char *id = r[0], *pusk = r[1], *kec = r[2], *held = r[3], *inv = r[4], *inv_id = r[5];
	char mid[40], state[16];
	int rev, rc = 0;
	(void)ncol;
	if (!strcmp(inv, "draft"))
		rc = s_add(c->out, "invitation_unsigned", pusk, kec, held, id, inv_id, DOM_ANY,
		           _("invitation not signed; the meeting was held"));
	else if (!inv[0])
		rc = s_add(c->out, "invitation_unsigned", pusk, kec, held, id, id, DOM_MEETING,
		           _("no invitation on record; the meeting was held"));
	if (rc == 0 && s_minutes_of(r[6], mid, &rev, state) != 0)
		rc = s_add(c->out, "minutes_unsigned", pusk, kec, held, id, id, DOM_MEETING, _("no minutes yet for the meeting held %s"),
		           held);
	else if (rc == 0 && !strcmp(state, "draft"))
		rc = s_add(c->out, "minutes_unsigned", pusk, kec, held, id, mid, DOM_MINUTES, _("minutes revision %d not signed"), rev);
	if (rc == 0 && s_minutes_of(r[7], mid, &rev, state) == 0 && !strcmp(state, "waiting"))
		rc = s_add(c->out, "minutes_not_submitted", pusk, kec, held, id, mid, DOM_MINUTES,
		           _("minutes revision %d signed, not submitted to the district"), rev);
	return rc;
}

/* ---------------------------------------------------------------- follow-up */

static const char s_rtl_sql[] =
	"SELECT r.id, r.puskesmas_code, r.kecamatan_code, r.due_date, r.status, r.activity, r.meeting_id FROM rtl_item r"
	" WHERE r.deleted = 0 AND r.status IN ('open', 'in_progress') AND r.due_date <> '' AND r.due_date < ?2"
	" AND (?1 = '*' OR r.puskesmas_code = ?1)";

static const char s_commitment_sql[] =
	"SELECT c.id, c.puskesmas_code, c.kecamatan_code, c.period_end, c.status,"
	" coalesce((SELECT s.name FROM sector s WHERE s.id = c.sector_id), c.sector_id) || ': ' || c.support"
	" FROM commitment c WHERE c.deleted = 0 AND c.status IN ('open', 'in_progress') AND c.period_end <> ''"
	" AND c.period_end < ?1";

static int s_rtl_row(const char *const *r, int ncol, void *arg)
{
	struct ctx *c = arg;
	long age = report_days_between(r[3], c->as_of);
	(void)ncol;
	int rc = s_add(c->out, "rtl_overdue", r[1], r[2], r[3], r[6], r[0], DOM_RTL,
	               P_("RTL %ld day overdue (%s): %s", "RTL %ld days overdue (%s): %s", age), age,
	               dom_rtl_status_text(r[4]), r[5]);
	if (rc == 0)
		c->out->v[c->out->n - 1].stale = age > TODO_STALE_DAYS;
	return rc;
}

static int s_commitment_row(const char *const *r, int ncol, void *arg)
{
	struct ctx *c = arg;
	long age = report_days_between(r[3], c->as_of);
	(void)ncol;
	int rc = s_add(c->out, "rtl_overdue", r[1], r[2], r[3], "", r[0], DOM_COMMITMENT,
	               P_("commitment %ld day overdue (%s): %s", "commitment %ld days overdue (%s): %s", age), age,
	               dom_rtl_status_text(r[4]), r[5]);
	if (rc == 0)
		c->out->v[c->out->n - 1].stale = age > TODO_STALE_DAYS;
	return rc;
}

/* ---------------------------------------------------------------- district */

static const char s_review_sql[] =
	"SELECT n.id, n.puskesmas_code, n.kecamatan_code, date(n.submitted_at, ?1), n.revision, n.meeting_id,"
	" coalesce((SELECT CASE WHEN m.held_date <> '' THEN m.held_date ELSE m.planned_date END FROM meeting m"
	"   WHERE m.id = n.meeting_id), '')"
	" FROM minutes n WHERE n.deleted = 0 AND n.submitted_at <> ''"
	" AND NOT EXISTS (SELECT 1 FROM minutes_review v WHERE v.minutes_id = n.id AND v.deleted = 0)"
	/* a later revision submitted since replaces this one */
	" AND NOT EXISTS (SELECT 1 FROM minutes l WHERE l.meeting_id = n.meeting_id AND l.deleted = 0"
	"   AND l.submitted_at <> '' AND l.revision > n.revision)";

static int s_review_row(const char *const *r, int ncol, void *arg)
{
	struct ctx *c = arg;
	char shown[LK_FMT_LEN];
	struct lk_date dd;
	(void)ncol;
	/* The meeting's day in words, as people read it. */
	if (lk_date_parse(r[6], &dd) != 0 || lk_fmt_date(shown, sizeof shown, &dd, lk_lang_from_env()) != 0)
		lk_strlcpy(shown, r[6][0] ? r[6] : "-", sizeof shown);
	return s_add(c->out, "minutes_to_review", r[1], r[2], r[3], r[5], r[0], DOM_MINUTES,
	             _("minutes revision %s of the meeting of %s submitted, not reviewed"), r[4], shown);
}

/* Minutes the district returned for revision, listed with its feedback until a later revision is submitted:
 * the newest review of those minutes asks for a revision. */
static const char s_returned_sql[] =
	"SELECT n.id, n.puskesmas_code, n.kecamatan_code, date(v.reviewed_at, ?2), n.revision, n.meeting_id, v.feedback"
	" FROM minutes_review v JOIN minutes n ON n.id = v.minutes_id"
	" WHERE v.deleted = 0 AND v.status = 'needs_revision' AND n.deleted = 0 AND (?1 = '*' OR n.puskesmas_code = ?1)"
	" AND NOT EXISTS (SELECT 1 FROM minutes_review w WHERE w.meeting_id = v.meeting_id AND w.minutes_id = v.minutes_id"
	"   AND w.deleted = 0 AND (w.reviewed_at > v.reviewed_at OR (w.reviewed_at = v.reviewed_at AND w.id > v.id)))"
	" AND NOT EXISTS (SELECT 1 FROM minutes l WHERE l.meeting_id = n.meeting_id AND l.deleted = 0"
	"   AND l.submitted_at <> '' AND l.revision > n.revision)";

static int s_returned_row(const char *const *r, int ncol, void *arg)
{
	struct ctx *c = arg;
	(void)ncol;
	if (!r[6][0])
		return s_add(c->out, "minutes_returned", r[1], r[2], r[3], r[5], r[0], DOM_MINUTES,
		             _("minutes revision %s returned by the district for revision"), r[4]);
	return s_add(c->out, "minutes_returned", r[1], r[2], r[3], r[5], r[0], DOM_MINUTES,
	             _("minutes revision %s returned by the district for revision: %s"), r[4], r[6]);
}

/* The order the kinds are listed in on the same day. */
const char *const dom_todo_kinds[DOM_TODO_NKINDS] = {"meeting_soon_material_missing", "invitation_unsigned", "minutes_unsigned",
                                      "minutes_not_submitted", "minutes_returned", "minutes_to_review",
                                      "rtl_overdue"};

static size_t s_kind_rank(const char *kind)
{
	size_t i;
	for (i = 0; i < DOM_TODO_NKINDS && strcmp(dom_todo_kinds[i], kind); i++)
		;
	return i;
}

static int s_cmp(const void *a, const void *b)
{
	const struct dom_todo *x = a, *y = b;
	int c = strcmp(x->date, y->date);
	if (c == 0)
		c = (int)s_kind_rank(x->kind) - (int)s_kind_rank(y->kind);
	if (c == 0)
		c = strcmp(x->office, y->office);
	return c ? c : strcmp(x->id, y->id);
}

int dom_todo_list(struct dom *d, const struct dom_todo_in *in, struct dom_todos *out, struct dom_err *err)
{
	struct ctx c;
	int days = in->days;
	memset(&c, 0, sizeof c);
	memset(out, 0, sizeof *out);
	lk_strlcpy(c.as_of, in->as_of, sizeof c.as_of);
	c.st = d->st;
	/* The office's own work: a puskesmas its records, a camat's office the
	 * kecamatan-wide ones (not its puskesmas' monthly work), the district all. */
	int district = !strcmp(d->office.role, "dinkes"), camat = !strcmp(d->office.role, "kecamatan");
	c.office = district ? "*" : camat ? "" : d->office.puskesmas;
	c.out = out;
	if (days < 0 || s_plus_days(c.as_of, days, c.soon) != 0 ||
	    s_plus_days(c.as_of, days > TODO_INVITE_DAYS ? days : TODO_INVITE_DAYS, c.invite) != 0)
		return dom_fail(err, -LK_EINVAL, _("%s is not a day (YYYY-MM-DD)"), in->as_of);
	const char *p_soon[3] = {c.office, c.as_of, c.invite}, *p_rtl[2] = {c.office, c.as_of}, *p_com[1] = {c.as_of};
	int rc = lk_store_query(c.st, s_soon_sql, p_soon, 3, s_soon_row, &c);
	if (rc == 0)
		rc = lk_store_query(c.st, s_held_sql, p_rtl, 1, s_held_row, &c);
	if (rc == 0)
		rc = lk_store_query(c.st, s_rtl_sql, p_rtl, 2, s_rtl_row, &c);
	if (rc == 0 && (camat || district))
		rc = lk_store_query(c.st, s_commitment_sql, p_com, 1, s_commitment_row, &c);
	char shift[32];
	const char *p_rev[1] = {shift}, *p_ret[2] = {c.office, shift};
	if (rc == 0)
		rc = dom_zone_sql_shift(d, shift, NULL);
	if (rc == 0)
		rc = lk_store_query(c.st, s_returned_sql, p_ret, 2, s_returned_row, &c);
	if (rc == 0 && district)
		rc = lk_store_query(c.st, s_review_sql, p_rev, 1, s_review_row, &c);
	if (rc != 0) {
		dom_fail(err, rc < 0 ? rc : -LK_EIO, _("cannot read the store: %s"),
		         rc == -LK_ENOMEM ? lk_strerror(rc) : lk_store_error(c.st));
		dom_todos_free(out);
		return rc < 0 ? rc : -LK_EIO;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, s_cmp);
	return 0;
}

static int s_count_cmp(const void *a, const void *b)
{
	const struct dom_todo_count *x = a, *y = b;
	return strcmp(x->office, y->office);
}

int dom_todo_count(const struct dom_todos *t, struct dom_todo_counts *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < t->n; i++) {
		const struct dom_todo *x = &t->v[i];
		size_t k = s_kind_rank(x->kind), j;
		if (k >= DOM_TODO_NKINDS)
			continue;
		/* The offices are few (tens): a linear look-up is enough. */
		for (j = 0; j < out->n && strcmp(out->v[j].office, x->office); j++)
			;
		if (j == out->n) {
			struct dom_todo_count *nv = realloc(out->v, (out->n + 1) * sizeof *nv);
			if (nv == NULL) {
				dom_todo_counts_free(out);
				return -LK_ENOMEM;
			}
			out->v = nv;
			memset(&out->v[j], 0, sizeof out->v[j]);
			lk_strlcpy(out->v[j].office, x->office, sizeof out->v[j].office);
			lk_strlcpy(out->v[j].kecamatan, x->kecamatan, sizeof out->v[j].kecamatan);
			out->n++;
		}
		out->v[j].n[k]++;
		out->v[j].stale += x->stale != 0;
		out->total[k]++;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, s_count_cmp);
	return 0;
}

void dom_todo_counts_free(struct dom_todo_counts *c)
{
	free(c->v);
	c->v = NULL;
	c->n = 0;
}
