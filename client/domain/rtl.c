/* rtl: adding follow-up actions, recording their progress, the head's signed verification, and listing them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "lk_date.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_rules.h"
#include "lk_sign.h"
#include "lk_signer.h"
#include "lk_util.h"
#include "meeting_records.h"
#include "resolve.h"
#include "rtl.h"
#include "signer.h"
#include "signing.h"

int dom_rtl_add(struct dom *d, const struct dom_rtl_add_in *in, char id[40], struct dom_err *err)
{
	const struct lk_entity *e = lk_entity_find("rtl");
	ProtobufCMessage *mt = NULL, *r = NULL;
	const char *kab, *kec, *pusk;
	char why[300];
	int rc = 0;
	if (lk_store_get(d->st, lk_entity_find("meeting"), in->meeting_id, &mt) != 0)
		return dom_fail(err, -LK_ENOTFOUND, _("no meeting %s on this device"), in->meeting_id);
	const struct {
		const char *field, *value;
	} set[] = {
		{"activity", in->activity},          {"objective", in->objective},
		{"target_group", in->target_group},  {"place", in->place},
		{"due_date", in->due},               {"owner_person_id", in->owner_person_id},
		{"owner_sector_id", in->owner_sector_id}, {"resources", in->resources},
		{"success_indicator", in->indicator}, {"owner_puskesmas", in->owner_puskesmas},
	};
	if ((r = record_for_meeting("rtl", mt)) == NULL || lk_record_set(r, "status", "open"))
		rc = -LK_ENOMEM;
	for (size_t i = 0; rc == 0 && i < LK_ARRAY_LEN(set); i++)
		if (set[i].value && lk_record_set(r, set[i].field, set[i].value) != 0)
			rc = dom_fail(err, -LK_EINVAL, _("%s cannot be \"%.80s\""), set[i].field, set[i].value);
	if (rc == -LK_ENOMEM)
		rc = dom_fail(err, rc, "cannot build the RTL record");
	lk_record_keys(mt, &kab, &kec, &pusk);
	/* An item a cross-sector meeting gives to a puskesmas belongs to that puskesmas. */
	if (rc == 0 && in->owner_puskesmas && in->owner_puskesmas[0] &&
	    (pusk[0] || lk_record_set(r, "puskesmas", in->owner_puskesmas) != 0))
		rc = dom_fail(err, -LK_EINVAL,
		              "--owner-puskesmas is for the quarterly (cross-sector) meeting of the kecamatan");
	if (rc == 0 && (rc = lk_store_put(d->st, e, r, NULL, 0, why, sizeof why)) != 0)
		rc = dom_fail(err, rc, "%s", why);
	if (rc == 0)
		lk_strlcpy(id, lk_record_id(r), 40);
	lk_record_free(mt);
	lk_record_free(r);
	return rc;
}

/* The RTL item id (the caller frees), or -LK_ENOTFOUND. */
static int s_item(struct dom *d, const char *id, ProtobufCMessage **out, struct dom_err *err)
{
	*out = NULL;
	if (lk_store_get(d->st, lk_entity_find("rtl"), id, out) != 0)
		return dom_fail(err, -LK_ENOTFOUND, "no RTL item %s on this device", id);
	return 0;
}

int dom_rtl_set(struct dom *d, const struct dom_rtl_set_in *in, struct dom_err *err)
{
	const struct lk_entity *e = lk_entity_find("rtl");
	const char *names[7] = {"activity", "objective", "target_group", "place", "due_date", "resources",
	                        "success_indicator"};
	const char *vals[7] = {in->activity, in->objective, in->target_group, in->place, in->due, in->resources,
	                       in->indicator};
	const char *fields[7];
	ProtobufCMessage *r = NULL;
	size_t nf = 0;
	char why[300] = "";
	int rc;
	if ((rc = s_item(d, in->rtl_id, &r, err)) != 0)
		return rc;
	for (size_t i = 0; i < 7 && rc == 0; i++) {
		if (vals[i] == NULL)
			continue;
		if (lk_record_set(r, names[i], vals[i]) != 0)
			rc = dom_fail(err, -LK_EINVAL, "%s: \"%s\" is not a valid value", names[i], vals[i]);
		fields[nf++] = names[i];
	}
	if (rc == 0 && nf == 0)
		rc = dom_fail(err, -LK_EINVAL, "nothing to change");
	if (rc == 0 && (rc = lk_store_put(d->st, e, r, fields, nf, why, sizeof why)) != 0)
		rc = dom_fail(err, rc, "%s", why[0] ? why : lk_strerror(rc));
	lk_record_free(r);
	return rc;
}

int dom_rtl_update(struct dom *d, const struct dom_rtl_update_in *in, struct dom_err *err)
{
	const struct lk_entity *e = lk_entity_find("rtl");
	ProtobufCMessage *r = NULL;
	const char *fields[8];
	size_t nf = 0;
	char why[300];
	int rc;
	if (in->status == NULL && in->note == NULL)
		return dom_fail(err, -LK_EINVAL, "give --status or --note");
	if ((rc = s_item(d, in->rtl_id, &r, err)) != 0)
		return rc;
	char *cur = lk_record_get(r, "status");
	if (in->status && !strcmp(in->status, "verified")) {
		rc = dom_fail(err, -LK_EINVAL,
		              "verifying is the Kapus's step: `lokmin rtl verify ID --as KAPUS-PERSON-ID`");
	} else if (in->status && lk_rtl_transition(cur, in->status, why, sizeof why) != 0) {
		rc = dom_fail(err, -LK_EINVAL, "%s", why);
	} else if (in->status && (lk_record_set(r, "status", in->status) != 0 ||
	                          set_closed_on(d, r, in->status, in->date, fields, &nf) != 0)) {
		rc = dom_fail(err, -LK_EINVAL, "--status is open, in_progress, done or dropped");
	} else {
		if (in->status)
			fields[nf++] = "status";
		if (in->note && append_note(d, r, in->date, "", in->note) != 0)
			rc = dom_fail(err, -LK_ENOMEM, "cannot add the note");
		else if (in->note)
			fields[nf++] = "status_note";
	}
	if (rc == 0 && (rc = lk_store_put(d->st, e, r, fields, nf, why, sizeof why)) != 0)
		rc = dom_fail(err, rc, "%s", why);
	free(cur);
	lk_record_free(r);
	return rc;
}

/* Progress and evidence are the person in charge's to report, or the K.TU's who keeps the board. */
int dom_rtl_may_update(struct dom *d, const char *rtl_id, const char *person_id, struct dom_err *err)
{
	ProtobufCMessage *r = NULL, *p = NULL;
	int rc;
	if ((rc = s_item(d, rtl_id, &r, err)) != 0)
		return rc;
	char *owner = lk_record_get(r, "owner_person_id");
	char *role = lk_store_get(d->st, lk_entity_find("person"), person_id, &p) == 0 ? lk_record_get(p, "role") : NULL;
	if (!(owner && person_id && !strcmp(owner, person_id)) && !(role && !strcmp(role, "ktu")))
		rc = dom_fail(err, -LK_EPERM, "%s", _("only the person in charge of this item or the K.TU reports its progress"));
	free(owner);
	free(role);
	lk_record_free(p);
	lk_record_free(r);
	return rc;
}

/* ---------------------------------------------------------------- verification */

#define S_ACTION "of this office verifies RTL items"

/* Step one (and the start of step two): the item, the verifier and, with a key, its capacity. */
static int s_may_verify(struct dom *d, const struct dom_rtl_verify_in *in, const char *now, ProtobufCMessage **item,
                        struct dom_rtl_verifier *out, struct dom_err *err)
{
	ProtobufCMessage *p = NULL;
	char why[300];
	int rc;
	memset(out, 0, sizeof *out);
	if ((rc = s_item(d, in->rtl_id, item, err)) != 0)
		return rc;
	char *cur = lk_record_get(*item, "status");
	/* The head vouches for work that was done: the server's rule. */
	rc = lk_rtl_transition(cur, "verified", why, sizeof why);
	free(cur);
	if (rc != 0)
		return dom_fail(err, -LK_EINVAL, "%s", why);
	if (in->person_id == NULL)
		return dom_fail(err, -LK_EINVAL, "say who verifies: `lokmin rtl verify ID --as KAPUS-PERSON-ID`");
	if (lk_store_get(d->st, lk_entity_find("person"), in->person_id, &p) != 0)
		return dom_fail(err, -LK_ENOTFOUND, "no person %s on this device", in->person_id);
	char *name = lk_record_get(p, "name");
	lk_strlcpy(out->name, name, sizeof out->name);
	free(name);
	rc = dom_sign_authority(d, *item, p, S_ACTION, now, &out->deputy, err);
	lk_record_free(p);
	if (rc == 0 && in->key_id) {
		struct signer_keyrec kr = {0};
		const char *want = out->deputy ? "deputy" : "head";
		if (signer_key_load(d->st, in->key_id, &kr) != 0)
			rc = dom_fail(err, -LK_ENOTFOUND, "no signing key %s on this device", in->key_id);
		else if (strcmp(kr.k.person_id, in->person_id) != 0)
			rc = dom_fail(err, -LK_EPERM, "the key %s is not %s's", kr.k.id, out->name);
		else if (strcmp(kr.k.capacity, want) != 0)
			rc = dom_fail(err, -LK_EPERM, "the key %s of %s is a %s's key", kr.k.id, out->name, kr.k.capacity);
		signer_key_release(&kr);
	}
	return rc;
}

int dom_rtl_may_verify(struct dom *d, const struct dom_rtl_verify_in *in, struct dom_rtl_verifier *out,
                       struct dom_err *err)
{
	ProtobufCMessage *item = NULL;
	char now[24];
	dom_now_utc(d, now);
	int rc = s_may_verify(d, in, now, &item, out, err);
	lk_record_free(item);
	return rc;
}

/* Sign the verification of r (status and closed_on already set), adding the fields it sets. */
static int s_sign(struct dom *d, ProtobufCMessage *r, const struct dom_rtl_verify_in *in, const char *now,
                  const char **fields, size_t *nf, struct dom_err *err)
{
	static const char *const vf[] = {"verified_by", "verified_key_id", "verified_at", "verification_sig"};
	uint8_t sig[LK_SIGN_SIGLEN];
	char hex[2 * LK_SIGN_SIGLEN + 1], why[300];
	if (lk_record_set(r, "verified_by", in->person_id) || lk_record_set(r, "verified_key_id", in->key_id) ||
	    lk_record_set(r, "verified_at", now))
		return dom_fail(err, -LK_EINVAL, "cannot record the verification");
	char *stmt = lk_signer_rtl_statement(r);
	if (stmt == NULL)
		return dom_fail(err, -LK_ENOMEM, "out of memory");
	lk_sign(sig, (const uint8_t *)stmt, strlen(stmt), in->sk);
	free(stmt);
	if (lk_record_set(r, "verification_sig", lk_hex_encode(hex, sig, sizeof sig)))
		return dom_fail(err, -LK_EINVAL, "cannot record the verification");
	/* The same judgement the server and every reader make, before anything is written. */
	if (signer_record_state(d->st, lk_entity_find("rtl"), r, why, sizeof why) != SIGNER_VERIFIED)
		return dom_fail(err, -LK_ECRYPTO, "the verification would not hold: %s", why);
	for (size_t i = 0; i < LK_ARRAY_LEN(vf); i++)
		fields[(*nf)++] = vf[i];
	return 0;
}

int dom_rtl_verify(struct dom *d, const struct dom_rtl_verify_in *in, struct dom_err *err)
{
	struct dom_rtl_verifier who;
	ProtobufCMessage *r = NULL;
	const char *fields[10];
	size_t nf = 0;
	char now[24], byline[300], why[300];
	int rc;
	if (in->key_id == NULL || in->sk == NULL)
		return dom_fail(err, -LK_EINVAL, "the verification needs the verifier's opened signing key");
	dom_now_utc(d, now);
	if ((rc = s_may_verify(d, in, now, &r, &who, err)) != 0)
		goto out;
	snprintf(byline, sizeof byline, "diverifikasi oleh %s", who.name);
	if (lk_record_set(r, "status", "verified") != 0 || set_closed_on(d, r, "verified", in->date, fields, &nf) != 0 ||
	    append_note(d, r, in->date, byline, in->note ? in->note : "") != 0) {
		rc = dom_fail(err, -LK_EINVAL, "cannot record the verification");
		goto out;
	}
	fields[nf++] = "status";
	fields[nf++] = "status_note";
	if ((rc = s_sign(d, r, in, now, fields, &nf, err)) != 0)
		goto out;
	if ((rc = lk_store_put(d->st, lk_entity_find("rtl"), r, fields, nf, why, sizeof why)) != 0)
		rc = dom_fail(err, rc, "%s", why);
out:
	lk_record_free(r);
	return rc;
}

/* ---------------------------------------------------------------- list */

void dom_rtl_rows_free(struct dom_rtl_rows *r)
{
	if (r) {
		dom_rows_release(r->v, r->n, sizeof *r->v);
		r->v = NULL;
		r->n = 0;
	}
}

struct s_walk {
	struct dom *d;
	int open_only, overdue_only;
	char today[LK_DATE_STRLEN];
	struct dom_rtl_rows *rows;
	size_t cap;
};

static int s_is_open(const char *status)
{
	return !strcmp(status, "open") || !strcmp(status, "in_progress");
}

/* Whether item m is open, overdue as of today and by how many days. */
static void s_judge(const ProtobufCMessage *m, const char *today, struct dom_rtl_row *r)
{
	char *status = lk_record_get(m, "status"), *due = lk_record_get(m, "due_date");
	struct lk_date dd, t;
	r->open = status && s_is_open(status);
	r->overdue = r->open && due && due[0] && strcmp(due, today) < 0;
	r->age = 0;
	if (r->overdue && lk_date_parse(due, &dd) == 0 && lk_date_parse(today, &t) == 0)
		r->age = (long)(lk_date_days(&t) - lk_date_days(&dd));
	r->col = r->overdue ? DOM_RTL_OVERDUE : r->open ? DOM_RTL_OPEN : status && !strcmp(status, "done") ? DOM_RTL_DONE
	         : status && !strcmp(status, "verified") ? DOM_RTL_VERIFIED
	                                                 : -1;
	free(status);
	free(due);
}

/* Add m, judged j, to rows (its handle left empty) and count it in its age group when overdue; the row, or
 * NULL without memory. */
static struct dom_rtl_row *s_keep(struct dom_rtl_rows *rows, size_t *cap, const struct lk_entity *e,
                                  const ProtobufCMessage *m, const struct dom_rtl_row *j)
{
	struct dom_rtl_row *r = dom_row_add((void **)&rows->v, rows->n, cap, sizeof *r, e, m);
	if (r == NULL)
		return NULL;
	r->open = j->open;
	r->overdue = j->overdue;
	r->age = j->age;
	r->col = j->col;
	r->handle[0] = '\0';
	if (j->overdue)
		rows->aged[j->age <= 30 ? 0 : j->age <= 90 ? 1 : 2]++;
	rows->n++;
	return r;
}

static int s_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct s_walk *w = arg;
	struct dom_rtl_row j;
	if (lk_record_deleted(m))
		return 0;
	s_judge(m, w->today, &j);
	int show = (!w->overdue_only || j.overdue) && (!w->open_only || j.open);
	if (!show)
		return 0;
	struct dom_rtl_row *r = s_keep(w->rows, &w->cap, e, m, &j);
	if (r == NULL)
		return -LK_ENOMEM;
	if (dom_handle(w->d->st, &w->d->office, DOM_RTL, lk_record_id(m), r->handle, sizeof r->handle) != 0)
		lk_strlcpy(r->handle, "-", sizeof r->handle);
	return 0;
}

int dom_rtl_list(struct dom *d, int open_only, int overdue_only, const char *as_of, struct dom_rtl_rows *out,
                 struct dom_err *err)
{
	struct s_walk w = {d, open_only, overdue_only, "", out, 0};
	struct lk_date t;
	memset(out, 0, sizeof *out);
	if (as_of && lk_date_parse(as_of, &t) != 0)
		return dom_fail(err, -LK_EINVAL, "the day is a date (YYYY-MM-DD), not \"%.40s\"", as_of);
	if (as_of)
		lk_strlcpy(w.today, as_of, sizeof w.today);
	else
		dom_today_text(d, w.today);
	int rc = lk_store_list(d->st, lk_entity_find("rtl"), s_row, &w);
	if (rc < 0) {
		dom_rtl_rows_free(out);
		return dom_fail(err, rc, "cannot read the RTL items: %s", lk_store_error(d->st));
	}
	return 0;
}

/*
 * The board of a meeting: its own items, and the items still open that the meeting's office holds, as its own
 * device holds them (lk_scope_read): for a puskesmas' meeting its items and its kecamatan's (no puskesmas key),
 * for the camat's office's meeting the whole kecamatan's. What other meetings closed stays on their boards.
 */
static const char s_board_pkm_sql[] =
	"SELECT id FROM rtl_item WHERE deleted = 0 AND meeting_id = ?1"
	" UNION SELECT id FROM rtl_item WHERE deleted = 0 AND kecamatan_code = ?3 AND puskesmas_code IN (?4, '')"
	" AND kabupaten_code = ?2 AND status IN ('open', 'in_progress')"
	" ORDER BY 1";
static const char s_board_kec_sql[] =
	"SELECT id FROM rtl_item WHERE deleted = 0 AND meeting_id = ?1"
	" UNION SELECT id FROM rtl_item WHERE deleted = 0 AND kecamatan_code = ?3"
	" AND kabupaten_code = ?2 AND status IN ('open', 'in_progress')"
	" ORDER BY 1";

struct s_board {
	struct dom *d;
	char today[LK_DATE_STRLEN];
	struct dom_rtl_rows *rows;
	size_t cap;
};

static int s_board_row(const char *const *row, int ncol, void *arg)
{
	struct s_board *b = arg;
	const struct lk_entity *e = lk_entity_find("rtl");
	ProtobufCMessage *m = NULL;
	struct dom_rtl_row j;
	(void)ncol;
	if (lk_store_get(b->d->st, e, row[0], &m) != 0)
		return 0; /* gone since the query began */
	s_judge(m, b->today, &j);
	struct dom_rtl_row *r = j.col < 0 ? NULL : s_keep(b->rows, &b->cap, e, m, &j);
	lk_record_free(m);
	return j.col < 0 || r ? 0 : -LK_ENOMEM;
}

int dom_rtl_board(struct dom *d, const struct dom_meeting *mt, struct dom_rtl_rows *out, struct dom_err *err)
{
	struct s_board b = {d, "", out, 0};
	const char *p[4] = {mt->id, mt->kabupaten, mt->kecamatan, mt->puskesmas};
	memset(out, 0, sizeof *out);
	dom_today_text(d, b.today);
	int pkm = mt->puskesmas[0] != '\0';
	int rc = lk_store_query(d->st, pkm ? s_board_pkm_sql : s_board_kec_sql, p, pkm ? 4 : 3, s_board_row, &b);
	if (rc != 0) {
		dom_rtl_rows_free(out);
		return dom_fail(err, rc < 0 ? rc : -LK_EIO, "cannot read the RTL items: %s",
		                rc == -LK_ENOMEM ? lk_strerror(rc) : lk_store_error(d->st));
	}
	return 0;
}

const char *dom_rtl_status_text(const char *status)
{
	static const char *const words[] = {N_("open"), N_("in_progress"), N_("done"), N_("verified"), N_("dropped")};
	for (size_t i = 0; i < LK_ARRAY_LEN(words); i++)
		if (!strcmp(status, words[i]))
			return _(words[i]);
	return status;
}
