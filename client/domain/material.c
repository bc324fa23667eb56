/* material: records material handed in for a meeting and weighs it against the programmes the office holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "lk_date.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_rules.h"
#include "lk_util.h"
#include "material.h"
#include "meeting_records.h"
#include "store.h"

static void s_copy(const ProtobufCMessage *m, const char *field, char *out, size_t size)
{
	char *v = lk_record_get(m, field);
	lk_strlcpy(out, v ? v : "", size);
	free(v);
}

int dom_material_submit(struct dom *d, const struct dom_material_submit_in *in, char id[40], struct dom_err *err)
{
	ProtobufCMessage *mt = NULL, *m;
	char now[24], why[300] = "", status[16];
	int rc;
	if (in->programme == NULL || !*in->programme)
		return dom_fail(err, -LK_EINVAL,
		                _("say which programme the material is for (--programme KIA, --programme klaster2 ...)"));
	if (lk_store_get(d->st, lk_entity_find("meeting"), in->meeting_id, &mt) != 0)
		return dom_fail(err, -LK_ENOTFOUND, _("no meeting %s on this device"), in->meeting_id);
	s_copy(mt, "status", status, sizeof status);
	if (lk_meeting_accepts(status, _("material"), why, sizeof why) != 0) {
		lk_record_free(mt);
		return dom_fail(err, -LK_EINVAL, _("this meeting was cancelled; %s is refused"), why);
	}
	dom_now_utc(d, now);
	m = record_for_meeting("material", mt);
	if (m == NULL || lk_record_set(m, "person_id", in->person_id ? in->person_id : "") ||
	    lk_record_set(m, "programme", in->programme) || lk_record_set(m, "submitted_at", now) ||
	    lk_record_set(m, "note", in->note ? in->note : ""))
		rc = dom_fail(err, -LK_ENOMEM, _("out of memory"));
	else if ((rc = lk_store_put(d->st, lk_entity_find("material"), m, NULL, 0, why, sizeof why)) != 0)
		dom_fail(err, rc, "%s", why[0] ? why : lk_strerror(rc));
	else
		lk_strlcpy(id, lk_record_id(m), 40);
	lk_record_free(m);
	lk_record_free(mt);
	return rc;
}

/* ---------------------------------------------------------------- status */

struct s_sub {
	char id[40];
	char programme[48];
	char person[40];
	char date[LK_DATE_STRLEN]; /* the office's day it was submitted */
	int used;
};

struct s_scan {
	const struct dom *d;
	const char *meeting;
	const char *pusk, *kec;
	struct s_sub *subs;
	size_t nsubs, capsubs;
	struct dom_material_row *rows; /* one per programme held */
	size_t n, cap;
};

static int s_material_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct s_scan *sc = arg;
	char mid[40];
	(void)e;
	s_copy(m, "meeting_id", mid, sizeof mid);
	if (lk_record_deleted(m) || strcmp(mid, sc->meeting))
		return 0;
	if (sc->nsubs == sc->capsubs) {
		size_t cap = sc->capsubs ? sc->capsubs * 2 : 16;
		struct s_sub *nv = realloc(sc->subs, cap * sizeof *nv);
		if (nv == NULL)
			return -LK_ENOMEM;
		sc->subs = nv;
		sc->capsubs = cap;
	}
	struct s_sub *s = &sc->subs[sc->nsubs++];
	memset(s, 0, sizeof *s);
	lk_strlcpy(s->id, lk_record_id(m), sizeof s->id);
	s_copy(m, "programme", s->programme, sizeof s->programme);
	s_copy(m, "person_id", s->person, sizeof s->person);
	char at[32];
	s_copy(m, "submitted_at", at, sizeof at);
	/* On time by the office's day: 00:30 WITA on the deadline is on time though UTC still says the day before. */
	if (dom_date_of(sc->d, at, s->date) != 0)
		lk_strlcpy(s->date, at, sizeof s->date);
	return 0;
}

/* Every programme a person of this office holds is a material expected. */
static int s_holder_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct s_scan *sc = arg;
	const char *kab, *kec, *pusk;
	int rc = 0;
	(void)e;
	lk_record_keys(m, &kab, &kec, &pusk);
	if (lk_record_deleted(m) || strcmp(pusk, sc->pusk) || strcmp(kec, sc->kec))
		return 0;
	char *progs = lk_record_get(m, "programmes"), *save = NULL;
	for (char *p = strtok_r(progs, ",", &save); p && rc == 0; p = strtok_r(NULL, ",", &save)) {
		p = lk_trim(p);
		if (*p == '\0')
			continue;
		if (sc->n == sc->cap) {
			size_t cap = sc->cap ? sc->cap * 2 : 16;
			struct dom_material_row *nv = realloc(sc->rows, cap * sizeof *nv);
			if (nv == NULL) {
				rc = -LK_ENOMEM;
				break;
			}
			sc->rows = nv;
			sc->cap = cap;
		}
		struct dom_material_row *r = &sc->rows[sc->n++];
		memset(r, 0, sizeof *r);
		s_copy(m, "name", r->holder, sizeof r->holder);
		lk_strlcpy(r->holder_id, lk_record_id(m), sizeof r->holder_id);
		lk_strlcpy(r->programme, p, sizeof r->programme);
	}
	free(progs);
	return rc;
}

/* Weigh each expected programme against the material handed in. */
static void s_weigh(struct s_scan *sc, struct dom_material_status *out)
{
	for (size_t i = 0; i < sc->n; i++) {
		struct dom_material_row *r = &sc->rows[i];
		/* The holder's own material for the programme, else anyone's for it. */
		struct s_sub *best = NULL;
		for (size_t k = 0; k < sc->nsubs; k++) {
			struct s_sub *sb = &sc->subs[k];
			if (sb->used || strcmp(sb->programme, r->programme))
				continue;
			if (best == NULL || !strcmp(sb->person, r->holder_id))
				best = sb;
		}
		lk_strlcpy(r->state, "missing", sizeof r->state);
		if (best) {
			best->used = 1;
			lk_strlcpy(r->submitted, best->date, sizeof r->submitted);
			lk_strlcpy(r->material_id, best->id, sizeof r->material_id);
			lk_strlcpy(r->state, strcmp(best->date, out->deadline) <= 0 ? "on time" : "late", sizeof r->state);
		}
		out->on_time += !strcmp(r->state, "on time");
		out->late += !strcmp(r->state, "late");
		out->missing += !strcmp(r->state, "missing");
	}
}

int dom_material_status(struct dom *d, const char *meeting_id, struct dom_material_status *out,
                        struct dom_err *err)
{
	ProtobufCMessage *mt = NULL;
	struct lk_date planned, deadline;
	struct s_scan sc = {0};
	char pd[16];
	const char *kab;
	int rc;

	memset(out, 0, sizeof *out);
	if (lk_store_get(d->st, lk_entity_find("meeting"), meeting_id, &mt) != 0)
		return dom_fail(err, -LK_ENOTFOUND, _("no meeting %s on this device"), meeting_id);
	s_copy(mt, "planned_date", pd, sizeof pd);
	if (lk_date_parse(pd, &planned) != 0) {
		lk_record_free(mt);
		return dom_fail(err, -LK_EINVAL, _("the meeting has no planned date yet"));
	}
	lk_date_from_days(lk_date_days(&planned) - DOM_MATERIAL_DAYS_BEFORE, &deadline);
	lk_date_format(&deadline, out->deadline);
	out->days_before = DOM_MATERIAL_DAYS_BEFORE;
	lk_record_keys(mt, &kab, &sc.kec, &sc.pusk);
	sc.d = d;
	sc.meeting = meeting_id;
	if ((rc = lk_store_list(d->st, lk_entity_find("material"), s_material_row, &sc)) < 0 ||
	    (rc = lk_store_list(d->st, lk_entity_find("person"), s_holder_row, &sc)) < 0) {
		dom_fail(err, rc, _("cannot read the material: %s"), lk_store_error(d->st));
		free(sc.subs);
		free(sc.rows);
		lk_record_free(mt);
		return rc;
	}
	s_weigh(&sc, out);
	out->rows = sc.rows;
	out->n = sc.n;
	free(sc.subs);
	lk_record_free(mt);
	return 0;
}

void dom_material_status_free(struct dom_material_status *s)
{
	free(s->rows);
	s->rows = NULL;
	s->n = 0;
}
