/* minutes: the Notulen's revisions: compiling (a new revision after sealing), submitting, the district's review, history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_rules.h"
#include "lk_util.h"
#include "meeting.h"
#include "meeting_records.h"
#include "minutes.h"
#include "minutes_parts.h"
#include "signed_doc.h"

/* The revisions of one meeting's minutes: the newest kept, each passed to fn. */
struct revs {
	const char *meeting;
	ProtobufCMessage *latest; /* highest revision */
	int latest_no;
	int count;
	lk_store *st;
	int (*fn)(const struct dom_minutes_rev *r, void *arg);
	void *arg;
};

static int s_rev_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct revs *r = arg;
	char *mid = lk_record_get(m, "meeting_id");
	int mine = !lk_record_deleted(m) && !strcmp(mid, r->meeting), rc = 0;
	free(mid);
	if (!mine)
		return 0;
	char *no = lk_record_get(m, "revision");
	int n = atoi(no);
	free(no);
	r->count++;
	if (r->fn) {
		char *sig = lk_record_get(m, "signature"), *sub = lk_record_get(m, "submitted_at"),
		     *note = lk_record_get(m, "change_note"), *eff = lk_record_get(m, "effective_date");
		char why[300];
		struct dom_minutes_rev row = {lk_record_id(m), n, signer_record_state(r->st, e, m, why, sizeof why),
		                              sig[0] != 0, sub, eff, note};
		rc = r->fn(&row, r->arg);
		free(sig);
		free(sub);
		free(note);
		free(eff);
	}
	if (n > r->latest_no) {
		lk_record_free(r->latest);
		r->latest = lk_record_copy(e, m);
		r->latest_no = n;
	}
	return rc < 0 ? rc : 0;
}

/* "08.00", "8:00" or "08:00" as "08:00" into out[6]; 0 or -LK_EINVAL. */
static int s_hhmm(const char *in, char out[6])
{
	int h, m, used = 0;
	if (sscanf(in, "%2d%*[.:]%2d%n", &h, &m, &used) != 2 || in[used] || h < 0 || h > 23 || m < 0 || m > 59)
		return -LK_EINVAL;
	snprintf(out, 6, "%02d:%02d", h, m);
	return 0;
}

/* The meeting's facts for this revision: given, else the previous revision's, else the defaults. */
struct facts {
	char chair[40], notulis[40], start[6], end[6];
};

static int s_facts(struct dom *d, const struct dom_minutes_compile_in *in, const ProtobufCMessage *mt,
                   const ProtobufCMessage *prev, struct facts *f, struct dom_err *err)
{
	static const char *const keys[4] = {"chair_person_id", "notulis_person_id", "start_time", "end_time"};
	char *dst[4] = {f->chair, f->notulis, f->start, f->end};
	size_t cap[4] = {sizeof f->chair, sizeof f->notulis, sizeof f->start, sizeof f->end};
	const char *given[4] = {in->chair_id, in->notulis_id, in->start, in->end};
	memset(f, 0, sizeof *f);
	for (int i = 0; i < 4; i++) {
		if (given[i] && i >= 2 && given[i][0] && s_hhmm(given[i], dst[i]) != 0)
			return dom_fail(err, -LK_EINVAL, "%s is not a time of day (HH.MM, e.g. 08.00)", given[i]);
		if (given[i] && i < 2)
			lk_strlcpy(dst[i], given[i], cap[i]);
		if (given[i] == NULL && prev) {
			char *v = lk_record_get(prev, keys[i]);
			lk_strlcpy(dst[i], v, cap[i]);
			free(v);
		}
	}
	const char *kab, *kec, *pusk;
	lk_record_keys(mt, &kab, &kec, &pusk);
	if (!f->chair[0] && in->chair_id == NULL)
		minutes_person_with_role(d, mt, lk_head_role(pusk), f->chair);
	if (!f->notulis[0] && in->notulis_id == NULL && minutes_person_with_role(d, mt, "notulis", f->notulis) != 0)
		minutes_person_with_role(d, mt, "ktu", f->notulis);
	if (!f->start[0] && in->start == NULL) {
		char *t = minutes_invitation_start(d, mt);
		lk_strlcpy(f->start, t ? t : "08:00", sizeof f->start);
		free(t);
	}
	return 0;
}

/* Write the new or recompiled revision; the group is open. */
static int s_write(struct dom *d, const struct dom_minutes_compile_in *in, const ProtobufCMessage *mt,
                   const struct revs *r, int sealed, int revision, const char *eff, struct dom_minutes_compile_out *out,
                   struct dom_err *err)
{
	const struct lk_entity *e = lk_entity_find("minutes");
	ProtobufCMessage *doc_rec = NULL;
	char put_err[300] = "out of memory", revtext[16];
	const char *fields[5] = {"document", "chair_person_id", "notulis_person_id", "start_time", "end_time"};
	struct facts f;
	int rc;
	if ((rc = s_facts(d, in, mt, r->latest, &f, err)) != 0)
		return rc;
	struct dom_minutes_meta meta = {revision, in->reason ? in->reason : "", eff, f.chair, f.notulis, f.start, f.end};
	if (r->latest && !sealed) {
		char *old = lk_record_get(r->latest, "change_note"), *oeff = lk_record_get(r->latest, "effective_date");
		/* A draft keeps its change note and date unless given again. */
		if (in->reason == NULL)
			meta.note = old;
		if (in->effective == NULL && oeff[0])
			meta.effective = oeff;
		char *doc = dom_minutes_text(d, mt, &meta);
		doc_rec = lk_record_copy(e, r->latest);
		rc = doc == NULL || doc_rec == NULL || lk_record_set(doc_rec, "document", doc) ||
		     lk_record_set(doc_rec, "chair_person_id", f.chair) || lk_record_set(doc_rec, "notulis_person_id", f.notulis) ||
		     lk_record_set(doc_rec, "start_time", f.start) || lk_record_set(doc_rec, "end_time", f.end) ||
		     lk_store_put(d->st, e, doc_rec, fields, 5, put_err, sizeof put_err);
		free(doc);
		free(old);
		free(oeff);
	} else {
		char *doc = dom_minutes_text(d, mt, &meta);
		doc_rec = record_for_meeting("minutes", mt);
		snprintf(revtext, sizeof revtext, "%d", revision);
		rc = doc == NULL || doc_rec == NULL || lk_record_set(doc_rec, "revision", revtext) ||
		     lk_record_set(doc_rec, "document", doc) || lk_record_set(doc_rec, "effective_date", eff) ||
		     (r->latest && lk_record_set(doc_rec, "supersedes_id", lk_record_id(r->latest))) ||
		     lk_record_set(doc_rec, "change_note", in->reason ? in->reason : "") ||
		     lk_record_set(doc_rec, "chair_person_id", f.chair) || lk_record_set(doc_rec, "notulis_person_id", f.notulis) ||
		     lk_record_set(doc_rec, "start_time", f.start) || lk_record_set(doc_rec, "end_time", f.end) ||
		     lk_store_put(d->st, e, doc_rec, NULL, 0, put_err, sizeof put_err);
		free(doc);
	}
	if (rc != 0)
		rc = dom_fail(err, -LK_EINVAL, "minutes not written: %s", put_err);
	else
		lk_strlcpy(out->id, lk_record_id(doc_rec), sizeof out->id);
	lk_record_free(doc_rec);
	return rc;
}

/* Record the decisions given with the compile as decision items, once each. */
static int s_decisions(struct dom *d, const struct dom_minutes_compile_in *in, struct dom_err *err)
{
	for (size_t i = 0; i < in->ndecisions; i++) {
		struct dom_meeting_item *items = NULL;
		size_t n = 0;
		int have = 0, rc;
		if ((rc = dom_meeting_items(d, in->meeting_id, &items, &n, err)) != 0)
			return rc;
		for (size_t j = 0; j < n && !have; j++)
			have = !strcmp(items[j].kind, "decision") && !strcmp(items[j].text, in->decisions[i]);
		free(items);
		struct dom_meeting_item_add_in a = {in->meeting_id, "decision", in->decisions[i], NULL};
		char id[40];
		if (!have && (rc = dom_meeting_item_add(d, &a, id, err)) != 0)
			return rc;
	}
	return 0;
}

int dom_minutes_compile(struct dom *d, const struct dom_minutes_compile_in *in, struct dom_minutes_compile_out *out,
                        struct dom_err *err)
{
	ProtobufCMessage *mt = NULL;
	char today[LK_DATE_STRLEN];
	struct revs r;
	struct lk_date t;
	int rc;
	memset(out, 0, sizeof *out);
	if ((rc = dom_doc_meeting(d, in->meeting_id, &mt, err)) != 0 || (rc = s_decisions(d, in, err)) != 0) {
		lk_record_free(mt);
		return rc;
	}
	memset(&r, 0, sizeof r);
	r.meeting = in->meeting_id;
	r.st = d->st;
	/* Reading the revisions, compiling and writing are one transaction: the
	 * document is one moment of the store and its revision number is not
	 * taken twice by two compiles at once. */
	if (lk_store_begin(d->st) != 0) {
		rc = dom_fail(err, -LK_EIO, "cannot write the store: %s", lk_store_error(d->st));
		lk_record_free(mt);
		return rc;
	}
	if ((rc = lk_store_list(d->st, lk_entity_find("minutes"), s_rev_row, &r)) < 0) {
		dom_fail(err, rc, "cannot read the minutes: %s", lk_strerror(rc));
		goto out;
	}
	if ((rc = dom_today(d, &t, err)) != 0)
		goto out;
	lk_date_format(&t, today);
	char *sig = r.latest ? lk_record_get(r.latest, "signature") : NULL;
	int sealed = sig && sig[0];
	free(sig);
	int revision = r.latest ? r.latest_no + (sealed ? 1 : 0) : 1;
	if (sealed && in->reason == NULL) {
		rc = dom_fail(err, -LK_ECONFLICT,
		              "the minutes are signed and sealed; a change makes revision %d: say what changed with --reason",
		              revision);
		goto out;
	}
	if ((rc = s_write(d, in, mt, &r, sealed, revision, in->effective ? in->effective : today, out, err)) != 0)
		goto out;
	if (lk_store_commit(d->st) != 0) {
		rc = dom_fail(err, -LK_EIO, "minutes not written: %s", lk_store_error(d->st));
		goto out;
	}
	out->revision = revision;
	rc = 0;
out:
	if (rc != 0)
		lk_store_rollback(d->st); /* nothing when no group is open */
	lk_record_free(r.latest);
	lk_record_free(mt);
	return rc;
}

int dom_minutes_submit(struct dom *d, const char *minutes_id, char at[24], struct dom_err *err)
{
	const struct lk_entity *e = lk_entity_find("minutes");
	ProtobufCMessage *m = NULL;
	char put_err[300], why[300];
	int rc;
	at[0] = '\0';
	if (minutes_id == NULL || lk_store_get(d->st, e, minutes_id, &m) != 0)
		return dom_fail(err, -LK_ENOTFOUND, "no minutes %s on this device", minutes_id ? minutes_id : "");
	char *sig = lk_record_get(m, "signature");
	if (!sig[0]) {
		rc = dom_fail(err, -LK_EPERM, "only signed minutes are sent to the district; sign them first");
	} else if (signer_record_state(d->st, e, m, why, sizeof why) != SIGNER_VERIFIED) {
		rc = dom_fail(err, -LK_EPERM,
		              "only signed minutes are sent to the district; this signature does not verify: %s", why);
	} else {
		const char *f[1] = {"submitted_at"};
		dom_now_utc(d, at);
		if (lk_record_set(m, "submitted_at", at) || lk_store_put(d->st, e, m, f, 1, put_err, sizeof put_err) != 0) {
			rc = dom_fail(err, -LK_EINVAL, "%s", put_err);
			at[0] = '\0';
		} else {
			rc = 0;
		}
	}
	free(sig);
	lk_record_free(m);
	return rc;
}

int dom_minutes_may_review(const struct dom *d, struct dom_err *err)
{
	const struct dom_office *o = &d->office;
	if (!strcmp(o->role, "dinkes"))
		return 0;
	return dom_fail(err, -LK_EPERM, _("only the district health office reviews minutes; this device is %s %s"), o->role,
	                o->puskesmas[0] ? o->puskesmas : o->kecamatan[0] ? o->kecamatan : o->kabupaten);
}

/* Nothing but blanks and line ends. */
static int s_blank(const char *t)
{
	for (; *t; t++)
		if (*t != ' ' && *t != '\t' && *t != '\r' && *t != '\n')
			return 0;
	return 1;
}

int dom_minutes_review(struct dom *d, const struct dom_minutes_review_in *in, char id[40], struct dom_err *err)
{
	ProtobufCMessage *m = NULL, *rv = NULL;
	char now[24], put_err[300];
	int rc;
	id[0] = '\0';
	if ((rc = dom_minutes_may_review(d, err)) != 0)
		return rc;
	if (in->status == NULL || (strcmp(in->status, "acknowledged") != 0 && strcmp(in->status, "needs_revision") != 0))
		return dom_fail(err, -LK_EINVAL, "a review is acknowledged or needs_revision");
	/* Minutes sent back say what to revise: the puskesmas' to-do list shows it. */
	if (!strcmp(in->status, "needs_revision") && (in->feedback == NULL || s_blank(in->feedback)))
		return dom_fail(err, -LK_EINVAL, _("Minutes returned for revision need feedback: write what the puskesmas "
		                                   "must revise."));
	if (in->minutes_id == NULL || lk_store_get(d->st, lk_entity_find("minutes"), in->minutes_id, &m) != 0)
		return dom_fail(err, -LK_ENOTFOUND, _("no minutes %s on this device (run `lokmin sync`?)"),
		                in->minutes_id ? in->minutes_id : "");
	char *sub = lk_record_get(m, "submitted_at"), *mid = lk_record_get(m, "meeting_id");
	if (!sub[0]) {
		rc = dom_fail(err, -LK_EPERM, _("minutes %s have not been submitted to the district"), in->minutes_id);
	} else if ((rv = record_for_meeting("minutes_review", m)) == NULL) {
		rc = dom_fail(err, -LK_ENOMEM, "review not written: out of memory");
	} else {
		dom_now_utc(d, now);
		if (lk_record_set(rv, "meeting_id", mid) || lk_record_set(rv, "minutes_id", in->minutes_id) ||
		    lk_record_set(rv, "status", in->status) || lk_record_set(rv, "feedback", in->feedback ? in->feedback : "") ||
		    lk_record_set(rv, "reviewer", in->reviewer ? in->reviewer : "") || lk_record_set(rv, "reviewed_at", now) ||
		    lk_store_put(d->st, lk_entity_find("minutes_review"), rv, NULL, 0, put_err, sizeof put_err) != 0) {
			rc = dom_fail(err, -LK_EINVAL, "review not written: %s", put_err);
		} else {
			lk_strlcpy(id, lk_record_id(rv), 40);
			rc = 0;
		}
	}
	free(sub);
	free(mid);
	lk_record_free(m);
	lk_record_free(rv);
	return rc;
}

struct reviews {
	const char *meeting;
	int (*fn)(const struct dom_minutes_review_row *r, void *arg);
	void *arg;
};

static int s_review_row(const struct lk_entity *e, const ProtobufCMessage *rec, void *arg)
{
	struct reviews *v = arg;
	int rc = 0;
	(void)e;
	char *mid = lk_record_get(rec, "meeting_id");
	if (!lk_record_deleted(rec) && !strcmp(mid, v->meeting)) {
		char *st = lk_record_get(rec, "status"), *fb = lk_record_get(rec, "feedback"),
		     *who = lk_record_get(rec, "reviewer"), *at = lk_record_get(rec, "reviewed_at"),
		     *of = lk_record_get(rec, "minutes_id");
		struct dom_minutes_review_row row = {of, st, fb, who, at};
		rc = v->fn(&row, v->arg);
		free(st);
		free(fb);
		free(who);
		free(at);
		free(of);
	}
	free(mid);
	return rc < 0 ? rc : 0;
}

int dom_minutes_history(struct dom *d, const char *meeting_id,
                        int (*rev_fn)(const struct dom_minutes_rev *r, void *arg),
                        int (*review_fn)(const struct dom_minutes_review_row *r, void *arg), void *arg,
                        struct dom_err *err)
{
	struct revs r = {.meeting = meeting_id, .st = d->st, .fn = rev_fn, .arg = arg};
	int rc = lk_store_list(d->st, lk_entity_find("minutes"), s_rev_row, &r);
	lk_record_free(r.latest);
	if (rc >= 0 && review_fn) {
		struct reviews v = {meeting_id, review_fn, arg};
		rc = lk_store_list(d->st, lk_entity_find("minutes_review"), s_review_row, &v);
	}
	if (rc < 0)
		return dom_fail(err, rc, "cannot read the minutes of meeting %s: %s", meeting_id, lk_strerror(rc));
	return 0;
}
