/*
 * evidence: a puskesmas' year month by month. A month is due once it has
 * begun (when no lokmin was planned for it) or once its planned day has
 * passed, whether or not the lokmin was held; a cancelled one is not due.
 * The accreditation summary counts complete meetings against these.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"

const char *ev_state_word(enum ev_state s)
{
	switch (s) {
	case EV_HELD:
		return N_("held");
	case EV_HELD_POSTPONED:
		return N_("held after postponement");
	case EV_POSTPONED:
		return N_("postponed");
	case EV_MISSED:
		return N_("missed");
	case EV_CANCELLED:
		return N_("cancelled");
	case EV_NO_PLAN:
		return N_("no plan");
	case EV_NOT_DUE:
	default:
		return N_("not yet due");
	}
}

struct months {
	struct ev_month *m;
	const char *as_of;
};

static int s_month_row(const char *const *r, int ncol, void *arg)
{
	struct months *ms = arg;
	(void)ncol;
	int p = atoi(r[1]);
	if (p < 1 || p > 12 || ms->m[p - 1].id[0])
		return 0; /* one meeting a month: the first one listed */
	struct ev_month *x = &ms->m[p - 1];
	lk_strlcpy(x->id, r[0], sizeof x->id);
	lk_strlcpy(x->planned, r[3], sizeof x->planned);
	lk_strlcpy(x->held, r[4], sizeof x->held);
	x->invitation = atoi(r[6]);
	x->attendance = atoi(r[7]);
	x->minutes = atoi(r[8]);
	x->photos = atoi(r[9]);
	x->state = ev_judge(r[2], x->planned, x->held, atoi(r[5]), "", ms->as_of);
	return 0;
}

enum ev_state ev_judge(const char *status, const char *planned, const char *held, int postponed, const char *start,
                       const char *as_of)
{
	if (status == NULL)
		return strcmp(start, as_of) <= 0 ? EV_NO_PLAN : EV_NOT_DUE;
	if (!strcmp(status, "cancelled"))
		return EV_CANCELLED;
	if (held[0] || !strcmp(status, "held"))
		return postponed ? EV_HELD_POSTPONED : EV_HELD;
	if (planned[0] && strcmp(planned, as_of) < 0)
		return EV_MISSED;
	return !strcmp(status, "postponed") ? EV_POSTPONED : EV_NOT_DUE;
}

int ev_due(enum ev_state s)
{
	return s == EV_HELD || s == EV_HELD_POSTPONED || s == EV_MISSED || s == EV_NO_PLAN;
}

int ev_months(lk_store *st, const char *pusk, int year, const char *as_of, struct ev_month out[12])
{
	char y[8];
	struct months ms = {out, as_of};
	snprintf(y, sizeof y, "%d", year);
	const char *p[2] = {pusk, y};
	memset(out, 0, 12 * sizeof *out);
	int rc = lk_store_query(
		st,
		"SELECT m.id, m.period, m.status, m.planned_date, m.held_date,"
		" (SELECT count(*) FROM meeting_event e WHERE e.meeting_id = m.id AND e.deleted = 0 AND e.action = 'postponed'),"
		" (SELECT count(*) FROM invitation i WHERE i.meeting_id = m.id AND i.deleted = 0),"
		" (SELECT count(*) FROM attendance a WHERE a.meeting_id = m.id AND a.deleted = 0 AND a.present = 1),"
		" (SELECT count(*) FROM minutes n WHERE n.meeting_id = m.id AND n.deleted = 0),"
		" (SELECT count(*) FROM attachment a WHERE a.owner_id = m.id AND a.deleted = 0 AND a.mime LIKE 'image/%')"
		" FROM meeting m WHERE m.deleted = 0 AND m.kind = 'monthly' AND m.puskesmas_code = ?1 AND m.year = ?2"
		" ORDER BY " EV_MEETING_ORDER,
		p, 2, s_month_row, &ms);
	if (rc != 0)
		return rc < 0 ? rc : -LK_EIO;
	int due = 0;
	for (int i = 0; i < 12; i++) {
		char start[16];
		out[i].period = i + 1;
		snprintf(start, sizeof start, "%04d-%02d-01", year, i + 1);
		if (!out[i].id[0])
			out[i].state = ev_judge(NULL, "", "", 0, start, as_of);
		out[i].due = ev_due(out[i].state);
		due += out[i].due;
	}
	return due;
}

struct files {
	struct ev_file *v;
	size_t n, cap; /* doubled as it fills */
};

static int s_file_row(const char *const *r, int ncol, void *arg)
{
	struct files *f = arg;
	(void)ncol;
	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 16;
		struct ev_file *nv = realloc(f->v, cap * sizeof *nv);
		if (nv == NULL)
			return -LK_ENOMEM;
		f->v = nv;
		f->cap = cap;
	}
	struct ev_file *x = &f->v[f->n++];
	memset(x, 0, sizeof *x);
	lk_strlcpy(x->id, r[0], sizeof x->id);
	lk_strlcpy(x->hash, r[1], sizeof x->hash);
	lk_strlcpy(x->filename, r[2], sizeof x->filename);
	lk_strlcpy(x->caption, r[3], sizeof x->caption);
	lk_strlcpy(x->mime, r[4], sizeof x->mime);
	x->period = atoi(r[5]);
	lk_strlcpy(x->rtl, r[6], sizeof x->rtl);
	return 0;
}

int ev_files(lk_store *st, const char *pusk, int year, struct ev_file **out, size_t *n)
{
	char y[8];
	struct files f = {NULL, 0, 0};
	snprintf(y, sizeof y, "%d", year);
	const char *p[2] = {pusk, y};
	int rc = lk_store_query(
		st,
		"SELECT a.id, a.hash, a.filename, coalesce(a.caption, ''), coalesce(a.mime, ''), m.period, '' AS rtl, 0 AS k"
		" FROM attachment a JOIN meeting m ON m.id = a.owner_id WHERE a.deleted = 0 AND m.deleted = 0"
		" AND m.kind = 'monthly' AND m.puskesmas_code = ?1 AND m.year = ?2 AND (m.held_date <> '' OR m.status = 'held')"
		" UNION ALL"
		" SELECT a.id, a.hash, a.filename, coalesce(a.caption, ''), coalesce(a.mime, ''), m.period, r.activity, 1"
		" FROM attachment a JOIN rtl_item r ON r.id = a.owner_id JOIN meeting m ON m.id = r.meeting_id"
		" WHERE a.deleted = 0 AND r.deleted = 0 AND r.puskesmas_code = ?1 AND m.year = ?2 AND m.kind = 'monthly'"
		" AND r.status IN ('done', 'verified')"
		" ORDER BY 6, 8, 2",
		p, 2, s_file_row, &f);
	if (rc != 0) {
		free(f.v);
		return rc < 0 ? rc : -LK_EIO;
	}
	*out = f.v;
	*n = f.n;
	return 0;
}
