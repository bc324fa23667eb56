/* commitment: sectors' commitments made at the quarterly lokmin: adding, following up and listing them. */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "commitment.h"
#include "lk_date.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_rules.h"
#include "lk_util.h"
#include "meeting_records.h"
#include "resolve.h"
#include "sector.h"

/* A record of entity id that is not deleted (the caller frees), or -LK_ENOTFOUND. */
static int s_get(struct dom *d, const char *entity, const char *id, ProtobufCMessage **out, struct dom_err *err)
{
	*out = NULL;
	if (lk_store_get(d->st, lk_entity_find(entity), id, out) != 0 || lk_record_deleted(*out)) {
		lk_record_free(*out);
		*out = NULL;
		return dom_fail(err, -LK_ENOTFOUND, _("no %s %s on this device"), entity, id);
	}
	return 0;
}

/* 1 when a and b are records of the same kecamatan. */
static int s_same_kecamatan(const ProtobufCMessage *a, const ProtobufCMessage *b)
{
	const char *kab, *kec_a, *kec_b, *pusk;
	lk_record_keys(a, &kab, &kec_a, &pusk);
	lk_record_keys(b, &kab, &kec_b, &pusk);
	return !strcmp(kec_a, kec_b);
}

/* The quarterly meeting of the commitment (the caller frees). */
static int s_quarterly(struct dom *d, const char *id, ProtobufCMessage **mt, struct dom_err *err)
{
	int rc = s_get(d, "meeting", id, mt, err);
	if (rc != 0)
		return rc;
	char *kind = lk_record_get(*mt, "kind"), handle[80], why[300];
	if (dom_handle(d->st, &d->office, DOM_MEETING, id, handle, sizeof handle) != 0)
		lk_strlcpy(handle, id, sizeof handle);
	/* The rule is the server's; the device adds where to look. */
	if (lk_commitment_meeting(kind, handle, why, sizeof why) != 0) {
		rc = dom_fail(err, -LK_EINVAL, _("%s (`lokmin meeting list`)"), why);
		lk_record_free(*mt);
		*mt = NULL;
	}
	free(kind);
	return rc;
}

/*
 * The period: from `from`, else the day the meeting was held, else its planned
 * day; to `to`, else the last day of the third month after the start (the
 * quarter that follows the meeting).
 */
static int s_period(const ProtobufCMessage *mt, const struct dom_commitment_add_in *in, char from[LK_DATE_STRLEN],
                    char to[LK_DATE_STRLEN], struct dom_err *err)
{
	char *held = lk_record_get(mt, "held_date"), *planned = lk_record_get(mt, "planned_date");
	struct lk_date f, t;
	int bad = lk_date_parse(in->from ? in->from : held[0] ? held : planned, &f) != 0;
	free(held);
	free(planned);
	if (bad)
		return dom_fail(err, -LK_EINVAL, "%s",
		                in->from ? _("--from is a date (YYYY-MM-DD)")
		                         : _("the meeting has no date; give the period with --from DATE"));
	lk_date_format(&f, from);
	if (in->to) {
		if (lk_date_parse(in->to, &t) != 0 || lk_date_cmp(&t, &f) < 0)
			return dom_fail(err, -LK_EINVAL, _("--to is a date (YYYY-MM-DD) on or after %s"), from);
	} else {
		t.y = f.y + (f.m + 2) / 12;
		t.m = (f.m + 2) % 12 + 1;
		t.d = lk_days_in_month(t.y, t.m);
	}
	lk_date_format(&t, to);
	return 0;
}

/* The problem a commitment answers: the puskesmas that flagged it reads the commitment. */
static int s_link_problem(struct dom *d, const ProtobufCMessage *mt, const char *id, ProtobufCMessage *c,
                          struct dom_err *err)
{
	ProtobufCMessage *p = NULL;
	const char *kab, *kec, *pusk;
	int rc = s_get(d, "problem", id, &p, err);
	if (rc != 0)
		return rc;
	lk_record_keys(p, &kab, &kec, &pusk);
	if (!s_same_kecamatan(p, mt))
		rc = dom_fail(err, -LK_EINVAL, _("problem %s is of kecamatan %s, not of this meeting's"), id, kec);
	else if (lk_record_set(c, "puskesmas", pusk) || lk_record_set(c, "problem_id", id))
		rc = dom_fail(err, -LK_ENOMEM, _("cannot link the problem"));
	lk_record_free(p);
	return rc;
}

/* The sector named exists and belongs to the meeting's kecamatan. */
static int s_check_sector(struct dom *d, const ProtobufCMessage *mt, const char *id, struct dom_err *err)
{
	ProtobufCMessage *sec = NULL;
	int rc = s_get(d, "sector", id, &sec, err);
	if (rc == 0 && !s_same_kecamatan(sec, mt))
		rc = dom_fail(err, -LK_EINVAL, _("sector %s is not a sector of this meeting's kecamatan"), id);
	lk_record_free(sec);
	return rc;
}

int dom_commitment_add(struct dom *d, const struct dom_commitment_add_in *in, char id[40], struct dom_err *err)
{
	ProtobufCMessage *mt = NULL, *c = NULL;
	char from[LK_DATE_STRLEN], to[LK_DATE_STRLEN], why[300];
	int rc;
	if ((rc = dom_camat_office_keeps(d, "commitments", err)) != 0 ||
	    (rc = s_quarterly(d, in->meeting_id, &mt, err)) != 0 || (rc = s_check_sector(d, mt, in->sector_id, err)) != 0 ||
	    (rc = s_period(mt, in, from, to, err)) != 0)
		goto out;
	if ((c = record_for_meeting("commitment", mt)) == NULL || lk_record_set(c, "sector_id", in->sector_id) ||
	    lk_record_set(c, "support", in->support) || lk_record_set(c, "period_start", from) ||
	    lk_record_set(c, "period_end", to) || lk_record_set(c, "contact", in->contact ? in->contact : "") ||
	    lk_record_set(c, "status", "open") || lk_record_set(c, "puskesmas", "")) {
		rc = dom_fail(err, -LK_ENOMEM, _("cannot build the commitment record"));
		goto out;
	}
	if (in->problem_id && (rc = s_link_problem(d, mt, in->problem_id, c, err)) != 0)
		goto out;
	if ((rc = lk_store_put(d->st, lk_entity_find("commitment"), c, NULL, 0, why, sizeof why)) != 0) {
		rc = dom_fail(err, rc, "%s", why);
		goto out;
	}
	lk_strlcpy(id, lk_record_id(c), 40);
out:
	lk_record_free(mt);
	lk_record_free(c);
	return rc;
}

int dom_commitment_status_valid(const char *status, struct dom_err *err)
{
	const struct lk_entity *e = lk_entity_find("commitment");
	char why[300];
	if (status == NULL || lk_field_check(lk_entity_field(e, "status"), status, why, sizeof why) != 0)
		return dom_fail(err, -LK_EINVAL, _("--status is open, in_progress, done or dropped"));
	return 0;
}

int dom_commitment_update(struct dom *d, const struct dom_commitment_update_in *in, struct dom_err *err)
{
	const struct lk_entity *e = lk_entity_find("commitment");
	const char *fields[3];
	ProtobufCMessage *c = NULL;
	char why[300];
	size_t nf = 0;
	int rc;
	if (in->status == NULL && in->note == NULL)
		return dom_fail(err, -LK_EINVAL, _("give --status or --note"));
	if ((in->status && (rc = dom_commitment_status_valid(in->status, err)) != 0) ||
	    (rc = dom_camat_office_keeps(d, "commitments", err)) != 0 ||
	    (rc = s_get(d, "commitment", in->commitment_id, &c, err)) != 0)
		return rc;
	if (in->status &&
	    (lk_record_set(c, "status", in->status) != 0 || set_closed_on(d, c, in->status, in->date, fields, &nf) != 0)) {
		rc = dom_fail(err, -LK_EINVAL, _("--status is open, in_progress, done or dropped"));
		goto out;
	}
	if (in->status)
		fields[nf++] = "status";
	if (in->note && append_note(d, c, NULL, "", in->note) != 0) {
		rc = dom_fail(err, -LK_ENOMEM, _("cannot add the note"));
		goto out;
	}
	if (in->note)
		fields[nf++] = "status_note";
	if ((rc = lk_store_put(d->st, e, c, fields, nf, why, sizeof why)) != 0)
		rc = dom_fail(err, rc, "%s", why);
out:
	lk_record_free(c);
	return rc;
}

/* ---------------------------------------------------------------- list */

void dom_commitment_rows_free(struct dom_commitment_rows *r)
{
	if (r) {
		dom_rows_release(r->v, r->n, sizeof *r->v);
		r->v = NULL;
		r->n = 0;
	}
}

struct s_walk {
	struct dom *d;
	const char *meeting;
	int open_only;
	struct dom_commitment_rows *rows;
	size_t cap;
};

/* The sector's name into out, or its id when this device does not hold it. */
static void s_sector_name(struct dom *d, const char *id, char *out, size_t size)
{
	ProtobufCMessage *sec = NULL;
	lk_strlcpy(out, id, size);
	if (id[0] && lk_store_get(d->st, lk_entity_find("sector"), id, &sec) == 0) {
		char *name = lk_record_get(sec, "name");
		lk_strlcpy(out, name, size);
		free(name);
	}
	lk_record_free(sec);
}

static int s_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct s_walk *w = arg;
	char *mid = lk_record_get(m, "meeting_id"), *status = lk_record_get(m, "status"),
	     *sid = lk_record_get(m, "sector_id");
	int show = !lk_record_deleted(m) && (w->meeting == NULL || !strcmp(mid, w->meeting)) &&
	           (!w->open_only || !strcmp(status, "open") || !strcmp(status, "in_progress"));
	int rc = 0;
	if (show) {
		struct dom_commitment_row *r = dom_row_add((void **)&w->rows->v, w->rows->n, &w->cap, sizeof *r, e, m);
		if (r == NULL) {
			rc = -LK_ENOMEM;
		} else {
			if (dom_handle(w->d->st, &w->d->office, DOM_COMMITMENT, lk_record_id(m), r->handle, sizeof r->handle))
				lk_strlcpy(r->handle, "-", sizeof r->handle);
			s_sector_name(w->d, sid, r->sector_name, sizeof r->sector_name);
			w->rows->n++;
		}
	}
	free(mid);
	free(status);
	free(sid);
	return rc;
}

int dom_commitment_list(struct dom *d, const char *meeting_id, int open_only, struct dom_commitment_rows *out,
                        struct dom_err *err)
{
	struct s_walk w = {d, meeting_id, open_only, out, 0};
	memset(out, 0, sizeof *out);
	int rc = lk_store_list(d->st, lk_entity_find("commitment"), s_row, &w);
	if (rc < 0) {
		dom_commitment_rows_free(out);
		return dom_fail(err, rc, _("cannot read the commitments: %s"), lk_store_error(d->st));
	}
	return 0;
}
