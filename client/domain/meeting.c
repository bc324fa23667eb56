/* meeting: plans a year's lokmin, lists the schedule, and moves a meeting's status as the SOP rule allows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "clock.h"
#include "lk_date.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_rules.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "meeting.h"
#include "meeting_records.h"
#include "store.h"

/* A field of m into out (cut to fit). */
static void s_copy(const ProtobufCMessage *m, const char *field, char *out, size_t size)
{
	char *v = lk_record_get(m, field);
	lk_strlcpy(out, v ? v : "", size);
	free(v);
}

static int s_int(const ProtobufCMessage *m, const char *field)
{
	char *v = lk_record_get(m, field);
	int n = v ? atoi(v) : 0;
	free(v);
	return n;
}

/* What the schedule shows: held, postponed, cancelled, missed (planned and
 * past without being held) or upcoming. */
static void s_state(struct dom_meeting *r, const char *today)
{
	if (strcmp(r->status, "planned") != 0)
		lk_strlcpy(r->state, r->status, sizeof r->state);
	else
		lk_strlcpy(r->state, r->planned[0] && strcmp(r->planned, today) < 0 ? "missed" : "upcoming",
		           sizeof r->state);
}

/* today NULL: the office's today, from d. */
static void s_fill(const struct dom *d, const ProtobufCMessage *m, const char *today, struct dom_meeting *r)
{
	const char *kab, *kec, *pusk;
	char t[LK_DATE_STRLEN];
	memset(r, 0, sizeof *r);
	lk_strlcpy(r->id, lk_record_id(m), sizeof r->id);
	lk_record_keys(m, &kab, &kec, &pusk);
	lk_strlcpy(r->kabupaten, kab, sizeof r->kabupaten);
	lk_strlcpy(r->kecamatan, kec, sizeof r->kecamatan);
	lk_strlcpy(r->puskesmas, pusk, sizeof r->puskesmas);
	s_copy(m, "kind", r->kind, sizeof r->kind);
	s_copy(m, "planned_date", r->planned, sizeof r->planned);
	s_copy(m, "held_date", r->held, sizeof r->held);
	s_copy(m, "status", r->status, sizeof r->status);
	s_copy(m, "title", r->title, sizeof r->title);
	s_copy(m, "status_reason", r->reason, sizeof r->reason);
	r->year = s_int(m, "year");
	r->period = s_int(m, "period");
	r->team_building = s_int(m, "team_building");
	s_state(r, today ? today : dom_today_text(d, t));
}

static int s_store_fail(struct dom *d, struct dom_err *err, int rc)
{
	return dom_fail(err, rc, _("cannot write the store: %s"), lk_store_error(d->st));
}

/* The meeting record id (the caller frees it), or -LK_ENOTFOUND with err set. */
static int s_load(struct dom *d, const char *id, ProtobufCMessage **m, struct dom_err *err)
{
	*m = NULL;
	if (lk_store_get(d->st, lk_entity_find("meeting"), id, m) != 0)
		return dom_fail(err, -LK_ENOTFOUND, _("no meeting %s on this device"), id);
	return 0;
}

int dom_meeting_get(struct dom *d, const char *id, struct dom_meeting *out, struct dom_err *err)
{
	ProtobufCMessage *m;
	int rc = s_load(d, id, &m, err);
	if (rc == 0)
		s_fill(d, m, NULL, out);
	lk_record_free(m);
	return rc;
}

/* ---------------------------------------------------------------- plan */

static const char *s_kind(const struct dom *d, const struct dom_meeting_plan_in *in)
{
	/* A puskesmas plans its monthly lokmin; the camat's office the quarterly one. */
	if (in->kind)
		return in->kind;
	return !strcmp(d->office.role, "kecamatan") ? "quarterly" : "monthly";
}

int dom_meeting_plan_check(const struct dom *d, const struct dom_meeting_plan_in *in, struct dom_err *err)
{
	const char *kind = s_kind(d, in);
	if (in->year < 2000 || in->year > 2100 || in->day < 1 || in->day > 31 || in->month_in_quarter < 1 ||
	    in->month_in_quarter > 3 || (strcmp(kind, "monthly") && strcmp(kind, "quarterly")))
		return dom_fail(err, -LK_EINVAL,
		                _("meeting plan needs --year (2000-2100); --day is 1-31, --kind monthly or quarterly, "
		                "--month-in-quarter 1-3"));
	return 0;
}

struct s_year_scan {
	const char *kind;
	int year;
	int found;
	const struct dom_office *o;
};

static int s_count_year(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct s_year_scan *y = arg;
	const char *kab, *kec, *pusk;
	char kind[16];
	(void)e;
	lk_record_keys(m, &kab, &kec, &pusk);
	s_copy(m, "kind", kind, sizeof kind);
	if (!lk_record_deleted(m) && !strcmp(kind, y->kind) && s_int(m, "year") == y->year &&
	    !strcmp(pusk, y->o->puskesmas) && !strcmp(kec, y->o->kecamatan))
		y->found++;
	return 0;
}

/* The new meeting of period i (0-based) on date, not yet stored. */
static ProtobufCMessage *s_new_meeting(const struct dom *d, const char *kind, int year, int i, const char *date)
{
	const struct lk_entity *e = lk_entity_find("meeting");
	ProtobufCMessage *m = lk_record_new(e);
	int quarterly = !strcmp(kind, "quarterly");
	char id[LK_UUID_STRLEN], title[160], yr[16], per[16];
	lk_uuid u;
	if (m == NULL)
		return NULL;
	lk_uuid_v7(&u);
	snprintf(yr, sizeof yr, "%d", year);
	snprintf(per, sizeof per, "%d", i + 1);
	if (quarterly)
		snprintf(title, sizeof title, "Lokakarya Mini Lintas Sektor Triwulan %d Tahun %d%s", i + 1, year,
		         i == 0 ? " (Penggalangan Tim)" : "");
	else
		snprintf(title, sizeof title, "Lokakarya Mini Bulanan %s %d%s", lk_bulan(i + 1), year,
		         i == 0 ? " (Penggalangan Tim)" : "");
	/* The quarterly lokmin is the kecamatan's, whichever office plans it. */
	if (lk_record_set(m, "id", lk_uuid_format(&u, id)) || lk_record_set(m, "kabupaten", d->office.kabupaten) ||
	    lk_record_set(m, "kecamatan", d->office.kecamatan) ||
	    lk_record_set(m, "puskesmas", quarterly ? "" : d->office.puskesmas) || lk_record_set(m, "kind", kind) ||
	    lk_record_set(m, "year", yr) || lk_record_set(m, "period", per) || lk_record_set(m, "planned_date", date) ||
	    lk_record_set(m, "status", "planned") || lk_record_set(m, "title", title) ||
	    lk_record_set(m, "team_building", i == 0 ? "1" : "0")) {
		lk_record_free(m);
		return NULL;
	}
	return m;
}

int dom_meeting_plan(struct dom *d, const struct dom_meeting_plan_in *in, struct dom_meeting **out, size_t *n,
                     struct dom_err *err)
{
	const struct lk_entity *e = lk_entity_find("meeting");
	const char *kind = s_kind(d, in);
	struct lk_date dates[12];
	int rc = dom_meeting_plan_check(d, in, err);
	*out = NULL;
	*n = 0;
	if (rc != 0)
		return rc;
	struct s_year_scan ys = {kind, in->year, 0, &d->office};
	if ((rc = lk_store_list(d->st, e, s_count_year, &ys)) < 0)
		return dom_fail(err, rc, _("cannot read the meetings: %s"), lk_store_error(d->st));
	if (ys.found > 0)
		return dom_fail(err, -LK_EEXIST,
		                _("%d %s meetings of %d are already on this device; see `lokmin meeting list --year %d`"),
		                ys.found, kind, in->year, in->year);
	int quarterly = !strcmp(kind, "quarterly"), count = quarterly ? 4 : 12;
	if (quarterly)
		lk_schedule_quarterly(in->year, in->month_in_quarter, in->day, in->holidays, in->nholidays, dates);
	else
		lk_schedule_monthly(in->year, in->day, in->holidays, in->nholidays, dates);
	struct dom_meeting *rows = calloc((size_t)count, sizeof *rows);
	if (rows == NULL)
		return dom_fail(err, -LK_ENOMEM, _("out of memory"));
	/* The year's schedule is one transaction: all of it or none, also when killed. */
	if ((rc = lk_store_begin(d->st)) != 0) {
		free(rows);
		return s_store_fail(d, err, rc);
	}
	for (int i = 0; i < count; i++) {
		char date[LK_DATE_STRLEN], why[300] = "";
		ProtobufCMessage *m = s_new_meeting(d, kind, in->year, i, lk_date_format(&dates[i], date));
		rc = m ? lk_store_put(d->st, e, m, NULL, 0, why, sizeof why) : -LK_ENOMEM;
		if (rc == 0)
			s_fill(d, m, NULL, &rows[i]);
		lk_record_free(m);
		if (rc != 0) {
			lk_store_rollback(d->st);
			free(rows);
			return dom_fail(err, rc, _("cannot plan meeting %d: %s"), i + 1, why[0] ? why : lk_strerror(rc));
		}
	}
	if ((rc = lk_store_commit(d->st)) != 0) {
		free(rows);
		return s_store_fail(d, err, rc);
	}
	*out = rows;
	*n = (size_t)count;
	return 0;
}

/* ---------------------------------------------------------------- list */

struct s_listing {
	int year;
	const char *today;
	struct dom_meeting *rows;
	size_t n, cap;
	int camat; /* a camat's office's device: its own (quarterly) meetings, not its puskesmas' it holds too */
};

static int s_collect(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct s_listing *l = arg;
	(void)e;
	if (lk_record_deleted(m) || (l->year && s_int(m, "year") != l->year))
		return 0;
	if (l->camat) {
		const char *kab, *kec, *pusk;
		lk_record_keys(m, &kab, &kec, &pusk);
		if (pusk[0])
			return 0;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct dom_meeting *nr = realloc(l->rows, cap * sizeof *nr);
		if (nr == NULL)
			return -LK_ENOMEM;
		l->rows = nr;
		l->cap = cap;
	}
	s_fill(NULL, m, l->today, &l->rows[l->n++]);
	return 0;
}

static int s_row_cmp(const void *a, const void *b)
{
	const struct dom_meeting *x = a, *y = b;
	int k = strcmp(x->kind, y->kind);
	return k ? k : strcmp(x->planned, y->planned);
}

static int s_list(struct dom *d, int year, const char *today, int own, struct dom_meeting **out, size_t *n,
                  struct dom_err *err)
{
	char t[LK_DATE_STRLEN];
	struct s_listing l = {year, today ? today : dom_today_text(d, t), NULL, 0, 0,
	                      own && !strcmp(d->office.role, "kecamatan")};
	int rc = lk_store_list(d->st, lk_entity_find("meeting"), s_collect, &l);
	*out = NULL;
	*n = 0;
	if (rc < 0) {
		free(l.rows);
		return dom_fail(err, rc, _("cannot read the meetings: %s"), lk_store_error(d->st));
	}
	if (l.n > 1)
		qsort(l.rows, l.n, sizeof *l.rows, s_row_cmp);
	*out = l.rows;
	*n = l.n;
	return 0;
}

int dom_meeting_list(struct dom *d, int year, const char *today, struct dom_meeting **out, size_t *n,
                     struct dom_err *err)
{
	return s_list(d, year, today, 0, out, n, err);
}

int dom_meeting_list_own(struct dom *d, int year, const char *today, struct dom_meeting **out, size_t *n,
                         struct dom_err *err)
{
	return s_list(d, year, today, 1, out, n, err);
}

/* ---------------------------------------------------------------- status */

/* Why the move is refused, in the words the command has always used: a
 * missing reason names the option that gives it. The decision is the rule's. */
static int s_refuse(struct dom_err *err, const char *from, const char *to, const char *reason)
{
	char why[300] = "", why_reason[300] = "";
	if (lk_meeting_transition(from, to, reason, why, sizeof why) == 0)
		return 0;
	if (lk_meeting_transition(NULL, to, reason, why_reason, sizeof why_reason) != 0 && !strcmp(why, why_reason))
		return dom_fail(err, -LK_EINVAL, _("say why with --reason: %s"), why);
	return dom_fail(err, -LK_EINVAL, "%s", why);
}

/* Record one step of the meeting's history as its own synced record. */
static int s_event(struct dom *d, const ProtobufCMessage *mt, const char *action, const char *from, const char *to,
                   const char *reason, struct dom_err *err)
{
	ProtobufCMessage *ev = record_for_meeting("meeting_event", mt);
	char now[24], why[300] = "";
	int rc;
	dom_now_utc(d, now);
	if (ev == NULL || lk_record_set(ev, "action", action) || lk_record_set(ev, "from_date", from) ||
	    lk_record_set(ev, "to_date", to) || lk_record_set(ev, "reason", reason) || lk_record_set(ev, "at", now))
		rc = -LK_ENOMEM;
	else
		rc = lk_store_put(d->st, lk_entity_find("meeting_event"), ev, NULL, 0, why, sizeof why);
	lk_record_free(ev);
	if (rc != 0)
		return dom_fail(err, rc, _("cannot record the history: %s"), why[0] ? why : lk_strerror(rc));
	return 0;
}

/* The new values of the change into m, their names into fields. */
static int s_apply(ProtobufCMessage *m, const struct dom_meeting_change_in *in, const char *date, const char **fields,
                   size_t *nf)
{
	int postpone = !strcmp(in->to, "postponed"), held = !strcmp(in->to, "held");
	const char *reason = in->reason ? in->reason : "";
	*nf = 0;
	if (lk_record_set(m, "status", in->to) != 0)
		return -LK_EINVAL;
	fields[(*nf)++] = "status";
	if (postpone || held) {
		const char *field = postpone ? "planned_date" : "held_date";
		if (lk_record_set(m, field, date) != 0)
			return -LK_EINVAL;
		fields[(*nf)++] = field;
	}
	if (*reason) {
		if (lk_record_set(m, "status_reason", reason) != 0)
			return -LK_EINVAL;
		fields[(*nf)++] = "status_reason";
	}
	return 0;
}

int dom_meeting_change(struct dom *d, const struct dom_meeting_change_in *in, struct dom_meeting *after,
                       struct dom_err *err)
{
	const struct lk_entity *e = lk_entity_find("meeting");
	const char *to = in->to ? in->to : "", *reason = in->reason ? in->reason : "";
	const char *date = in->date ? in->date : "";
	char status[16], planned[16], today[LK_DATE_STRLEN], why[300] = "";
	ProtobufCMessage *m;
	struct lk_date dt;
	int rc;

	if (strcmp(to, "postponed") && strcmp(to, "cancelled") && strcmp(to, "held"))
		return dom_fail(err, -LK_EINVAL, _("a meeting is postponed, cancelled or held, not \"%s\""), to);
	if ((rc = s_load(d, in->meeting_id, &m, err)) != 0)
		return rc;
	s_copy(m, "status", status, sizeof status);
	s_copy(m, "planned_date", planned, sizeof planned);
	int year = s_int(m, "year");
	/* From the status it has now, also the same one: held again takes a new date, cancelled stays so. */
	if ((rc = s_refuse(err, status, to, reason)) != 0)
		goto out;
	if (!strcmp(to, "postponed") && (lk_date_parse(date, &dt) != 0 || dt.y != year)) {
		rc = dom_fail(err, -LK_EINVAL, _("--to needs a date (YYYY-MM-DD) within the meeting's year %d"), year);
		goto out;
	}
	if (!strcmp(to, "held")) {
		if (*date == '\0')
			date = dom_today_text(d, today);
		if (lk_date_parse(date, &dt) != 0) {
			rc = dom_fail(err, -LK_EINVAL, _("--date needs a date (YYYY-MM-DD)"));
			goto out;
		}
	}
	const char *fields[3];
	size_t nf;
	if ((rc = s_apply(m, in, date, fields, &nf)) != 0) {
		rc = dom_fail(err, rc, _("cannot change the meeting: %s"), lk_strerror(rc));
		goto out;
	}
	/* The meeting and the step of its history: both or neither. */
	if ((rc = lk_store_begin(d->st)) != 0) {
		rc = s_store_fail(d, err, rc);
		goto out;
	}
	if ((rc = lk_store_put(d->st, e, m, fields, nf, why, sizeof why)) != 0) {
		lk_store_rollback(d->st);
		rc = dom_fail(err, rc, "%s", why[0] ? why : lk_strerror(rc));
		goto out;
	}
	if ((rc = s_event(d, m, to, planned, strcmp(to, "cancelled") ? date : "", reason, err)) != 0) {
		lk_store_rollback(d->st);
		goto out;
	}
	if ((rc = lk_store_commit(d->st)) != 0) {
		rc = s_store_fail(d, err, rc);
		goto out;
	}
	if (after)
		s_fill(d, m, NULL, after);
out:
	lk_record_free(m);
	return rc;
}

/* ---------------------------------------------------------------- history */

struct s_history {
	const char *meeting;
	struct dom_meeting_event *rows;
	size_t n, cap;
};

static int s_history_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct s_history *h = arg;
	char mid[40];
	(void)e;
	s_copy(m, "meeting_id", mid, sizeof mid);
	if (lk_record_deleted(m) || strcmp(mid, h->meeting))
		return 0;
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 8;
		struct dom_meeting_event *nr = realloc(h->rows, cap * sizeof *nr);
		if (nr == NULL)
			return -LK_ENOMEM;
		h->rows = nr;
		h->cap = cap;
	}
	struct dom_meeting_event *r = &h->rows[h->n++];
	memset(r, 0, sizeof *r);
	lk_strlcpy(r->id, lk_record_id(m), sizeof r->id);
	s_copy(m, "at", r->at, sizeof r->at);
	s_copy(m, "action", r->action, sizeof r->action);
	s_copy(m, "from_date", r->from, sizeof r->from);
	s_copy(m, "to_date", r->to, sizeof r->to);
	s_copy(m, "reason", r->reason, sizeof r->reason);
	return 0;
}

int dom_meeting_history(struct dom *d, const char *meeting_id, struct dom_meeting_event **out, size_t *n,
                        struct dom_err *err)
{
	struct s_history h = {meeting_id, NULL, 0, 0};
	int rc = lk_store_list(d->st, lk_entity_find("meeting_event"), s_history_row, &h);
	*out = NULL;
	*n = 0;
	if (rc < 0) {
		free(h.rows);
		return dom_fail(err, rc, _("cannot read the history: %s"), lk_store_error(d->st));
	}
	*out = h.rows;
	*n = h.n;
	return 0;
}

int dom_meeting_agenda(struct dom *d, const char *meeting_id, FILE *f, struct dom_err *err)
{
	ProtobufCMessage *m;
	int rc = s_load(d, meeting_id, &m, err);
	if (rc == 0 && (rc = agenda_write(d->st, m, f)) != 0)
		dom_fail(err, rc, _("cannot write the agenda: %s"), lk_strerror(rc));
	lk_record_free(m);
	return rc;
}

/* ---------------------------------------------------------------- the meeting at hand */

int dom_meeting_current(struct dom *d, const char *today, struct dom_meeting *out, struct dom_err *err)
{
	struct dom_meeting *v = NULL;
	size_t n = 0;
	char t[LK_DATE_STRLEN];
	const char *now = today ? today : dom_today_text(d, t);
	int rc = s_list(d, 0, now, 1, &v, &n, err);
	if (rc != 0)
		return rc;
	/* The latest of the office's own meetings on or before today (held on its day, else planned); else the next one. */
	const struct dom_meeting *past = NULL, *next = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct dom_meeting *m = &v[i];
		const char *day = m->held[0] ? m->held : m->planned;
		if (!strcmp(m->status, "cancelled"))
			continue;
		if (strcmp(day, now) <= 0) {
			const char *pd = past ? (past->held[0] ? past->held : past->planned) : NULL;
			if (pd == NULL || strcmp(day, pd) > 0)
				past = m;
		} else if (next == NULL || strcmp(day, next->planned) < 0) {
			next = m;
		}
	}
	const struct dom_meeting *pick = past ? past : next;
	if (pick)
		*out = *pick;
	free(v);
	return pick ? 0 : dom_fail(err, -LK_ENOTFOUND, _("no meeting on this device (plan the year first)"));
}
