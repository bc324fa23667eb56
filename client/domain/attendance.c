/* attendance: invites a meeting's office, checks people in (walk-ins too) and counts who came, by sector. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attendance.h"
#include "clock.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_rules.h"
#include "lk_util.h"
#include "meeting_records.h"
#include "region.h"
#include "resolve.h"
#include "store.h"

static void s_copy(const ProtobufCMessage *m, const char *field, char *out, size_t size)
{
	char *v = lk_record_get(m, field);
	lk_strlcpy(out, v ? v : "", size);
	free(v);
}

static int s_flag(const ProtobufCMessage *m, const char *field)
{
	char v[8];
	s_copy(m, field, v, sizeof v);
	return !strcmp(v, "1");
}

/* The rows of one meeting, as record copies. */
struct s_rows {
	const char *meeting;
	ProtobufCMessage **v;
	size_t n, cap;
};

static int s_collect(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct s_rows *r = arg;
	char mid[40];
	s_copy(m, "meeting_id", mid, sizeof mid);
	if (lk_record_deleted(m) || strcmp(mid, r->meeting))
		return 0;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;
		ProtobufCMessage **nv = realloc(r->v, cap * sizeof *nv);
		if (nv == NULL)
			return -LK_ENOMEM;
		r->v = nv;
		r->cap = cap;
	}
	r->v[r->n] = lk_record_copy(e, m);
	return r->v[r->n++] ? 0 : -LK_ENOMEM;
}

static void s_rows_free(struct s_rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		lk_record_free(r->v[i]);
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
}

static int s_rows_load(struct dom *d, const char *meeting_id, struct s_rows *r, struct dom_err *err)
{
	memset(r, 0, sizeof *r);
	r->meeting = meeting_id;
	int rc = lk_store_list(d->st, lk_entity_find("attendance"), s_collect, r);
	if (rc < 0) {
		s_rows_free(r);
		return dom_fail(err, rc, _("cannot read the attendance list: %s"), lk_store_error(d->st));
	}
	return 0;
}

/* The meeting, when it still takes attendance; else NULL with the reason in err (*rc). */
static ProtobufCMessage *s_open_meeting(struct dom *d, const char *id, int *rc, struct dom_err *err)
{
	ProtobufCMessage *mt = NULL;
	char status[16], why[200] = "";
	if (lk_store_get(d->st, lk_entity_find("meeting"), id, &mt) != 0) {
		*rc = dom_fail(err, -LK_ENOTFOUND, _("no meeting %s on this device"), id);
		return NULL;
	}
	s_copy(mt, "status", status, sizeof status);
	if (lk_meeting_accepts(status, _("attendance"), why, sizeof why) != 0) {
		*rc = dom_fail(err, -LK_EINVAL, _("this meeting was cancelled; %s is refused"), why);
		lk_record_free(mt);
		return NULL;
	}
	*rc = 0;
	return mt;
}

static ProtobufCMessage *s_new_row(const ProtobufCMessage *mt, const char *person, const char *name, const char *role,
                                   const char *sector, int invited)
{
	ProtobufCMessage *a = record_for_meeting("attendance", mt);
	if (a == NULL || lk_record_set(a, "person_id", person) || lk_record_set(a, "sector_id", sector) ||
	    lk_record_set(a, "name", name) || lk_record_set(a, "role", role) ||
	    lk_record_set(a, "invited", invited ? "1" : "0") || lk_record_set(a, "walk_in", invited ? "0" : "1")) {
		lk_record_free(a);
		return NULL;
	}
	return a;
}

/* The row of person_id among rows, or NULL. */
static ProtobufCMessage *s_row_of(const struct s_rows *rows, const char *person_id)
{
	char pid[40];
	for (size_t i = 0; person_id && *person_id && i < rows->n; i++) {
		s_copy(rows->v[i], "person_id", pid, sizeof pid);
		if (!strcmp(pid, person_id))
			return rows->v[i];
	}
	return NULL;
}

/* ---------------------------------------------------------------- invite */

struct s_inviting {
	struct dom *d;
	const ProtobufCMessage *mt;
	const struct s_rows *have;
	int added;
	int told; /* err says why already */
	struct dom_err *err;
};

static int s_invite_person(const struct lk_entity *e, const ProtobufCMessage *p, void *arg)
{
	struct s_inviting *iv = arg;
	const char *kab, *kec, *pusk, *mkab, *mkec, *mpusk;
	char prole[16], why[300] = "";
	(void)e;
	lk_record_keys(p, &kab, &kec, &pusk);
	lk_record_keys(iv->mt, &mkab, &mkec, &mpusk);
	s_copy(p, "role", prole, sizeof prole);
	/* A cross-sector meeting also invites the Kapus of every puskesmas of the kecamatan. */
	int kapus_of_kecamatan = !mpusk[0] && pusk[0] && !strcmp(prole, "kapus");
	if (lk_record_deleted(p) || strcmp(kec, mkec) || (strcmp(pusk, mpusk) && !kapus_of_kecamatan))
		return 0;
	if (s_row_of(iv->have, lk_record_id(p)))
		return 0; /* already on the list */
	char *name = lk_record_get(p, "name"), *title = lk_record_get(p, "title"), *sector = lk_record_get(p, "sector_id");
	/* A Kapus at the kecamatan's meeting: the title and the puskesmas by its name (its code until the name is cached). */
	char pname[200] = "";
	if (kapus_of_kecamatan && region_puskesmas_name(iv->d->st, pusk, pname, sizeof pname) != 0)
		lk_strlcpy(pname, pusk, sizeof pname);
	char *role = name && title && sector ? malloc(strlen(title) + strlen(pname) + 3) : NULL;
	ProtobufCMessage *a = NULL;
	if (role) {
		sprintf(role, "%s%s%s", title, pname[0] && title[0] ? ", " : "", pname);
		a = s_new_row(iv->mt, lk_record_id(p), name, role, sector, 1);
	}
	int rc = a ? lk_store_put(iv->d->st, lk_entity_find("attendance"), a, NULL, 0, why, sizeof why) : -LK_ENOMEM;
	lk_record_free(a);
	if (rc != 0) {
		iv->told = 1;
		dom_fail(iv->err, rc, _("cannot invite %s: %s"), name ? name : "", why[0] ? why : lk_strerror(rc));
	}
	free(name);
	free(title);
	free(sector);
	free(role);
	if (rc != 0)
		return rc;
	iv->added++;
	return 0;
}

int dom_attend_invite(struct dom *d, const char *meeting_id, int *added, struct dom_err *err)
{
	struct s_rows have;
	int rc;
	*added = 0;
	ProtobufCMessage *mt = s_open_meeting(d, meeting_id, &rc, err);
	if (mt == NULL)
		return rc;
	if ((rc = s_rows_load(d, meeting_id, &have, err)) != 0) {
		lk_record_free(mt);
		return rc;
	}
	struct s_inviting iv = {d, mt, &have, 0, 0, err};
	/* The whole invitation list is one transaction: all invited or none. */
	if ((rc = lk_store_begin(d->st)) != 0) {
		dom_fail(err, rc, _("cannot write the store: %s"), lk_store_error(d->st));
	} else if ((rc = lk_store_list(d->st, lk_entity_find("person"), s_invite_person, &iv)) != 0) {
		if (!iv.told)
			dom_fail(err, rc, _("cannot read the staff list: %s"), lk_store_error(d->st));
		lk_store_rollback(d->st);
	} else if ((rc = lk_store_commit(d->st)) != 0) {
		dom_fail(err, rc, _("cannot write the store: %s"), lk_store_error(d->st));
	} else {
		*added = iv.added;
	}
	s_rows_free(&have);
	lk_record_free(mt);
	return rc;
}

/* ---------------------------------------------------------------- check-in */

/* The row named by attendance_id, or by name (a walk-in's, no person), among rows; NULL when none. */
static ProtobufCMessage *s_named_row(const struct s_rows *rows, const struct dom_attend_checkin_in *in)
{
	char a[480], b[480], name[160];
	for (size_t i = 0; i < rows->n; i++) {
		const ProtobufCMessage *r = rows->v[i];
		if (in->attendance_id) {
			if (!strcmp(lk_record_id(r), in->attendance_id))
				return rows->v[i];
			continue;
		}
		char pid[40];
		s_copy(r, "person_id", pid, sizeof pid);
		s_copy(r, "name", name, sizeof name);
		if (!pid[0] && !strcmp(dom_fold(name, a, sizeof a), dom_fold(in->name, b, sizeof b)))
			return rows->v[i];
	}
	return NULL;
}

/* A new walk-in's row: someone of the staff list, or a name. */
static int s_walk_in(struct dom *d, const ProtobufCMessage *mt, const struct dom_attend_checkin_in *in,
                     ProtobufCMessage **out, struct dom_err *err)
{
	ProtobufCMessage *p = NULL;
	char *name = NULL, *title = NULL, *sector = NULL;
	*out = NULL;
	if (in->person_id) {
		if (lk_store_get(d->st, lk_entity_find("person"), in->person_id, &p) != 0)
			return dom_fail(err, -LK_ENOTFOUND, _("no person %s on this device"), in->person_id);
		name = lk_record_get(p, "name");
		title = lk_record_get(p, "title");
		sector = lk_record_get(p, "sector_id");
		lk_record_free(p);
		if (name && title && sector)
			*out = s_new_row(mt, in->person_id, name, title, sector, 0);
	} else {
		const char *sid = in->sector_id && *in->sector_id ? in->sector_id : "";
		if (*sid) {
			if (lk_store_get(d->st, lk_entity_find("sector"), sid, &p) != 0)
				return dom_fail(err, -LK_ENOTFOUND, _("no sector %s on this device"), sid);
			lk_record_free(p);
		}
		*out = s_new_row(mt, "", in->name, in->role ? in->role : "", sid, 0);
	}
	free(name);
	free(title);
	free(sector);
	return *out ? 0 : dom_fail(err, -LK_ENOMEM, _("out of memory"));
}

int dom_attend_checkin(struct dom *d, const struct dom_attend_checkin_in *in, struct dom_attend_checkin_out *out,
                       struct dom_err *err)
{
	struct s_rows have;
	char why[300] = "";
	int rc, told = 0, given = !!in->person_id + !!in->attendance_id + !!in->name;
	memset(out, 0, sizeof *out);
	if (given != 1 || (in->name && !*in->name))
		return dom_fail(err, -LK_EINVAL, _("give a PERSON from the staff list (part of the name, the NIP or the id), "
		                                 "or --name for someone not on it"));
	ProtobufCMessage *mt = s_open_meeting(d, in->meeting_id, &rc, err);
	if (mt == NULL)
		return rc;
	if ((rc = s_rows_load(d, in->meeting_id, &have, err)) != 0) {
		lk_record_free(mt);
		return rc;
	}
	ProtobufCMessage *row = in->person_id ? s_row_of(&have, in->person_id) : s_named_row(&have, in);
	ProtobufCMessage *fresh = NULL;
	const struct lk_entity *e = lk_entity_find("attendance");
	dom_now_utc(d, out->at);
	if (row == NULL && in->attendance_id) {
		told = 1;
		rc = dom_fail(err, -LK_ENOTFOUND, _("attendance row %s is not on this meeting's list"), in->attendance_id);
	} else if (row) {
		const char *f[2] = {"present", "checked_in_at"};
		if (lk_record_set(row, "present", "1") || lk_record_set(row, "checked_in_at", out->at))
			rc = -LK_ENOMEM;
		else
			rc = lk_store_put(d->st, e, row, f, 2, why, sizeof why);
	} else if ((rc = s_walk_in(d, mt, in, &fresh, err)) == 0) {
		/* Not invited: a walk-in, from the staff list or by name. */
		if (lk_record_set(fresh, "present", "1") || lk_record_set(fresh, "checked_in_at", out->at))
			rc = -LK_ENOMEM;
		else
			rc = lk_store_put(d->st, e, fresh, NULL, 0, why, sizeof why);
		row = fresh;
	} else {
		told = 1;
	}
	if (rc != 0 && !told)
		dom_fail(err, rc, _("check-in not recorded: %s"), why[0] ? why : lk_strerror(rc));
	if (rc == 0) {
		lk_strlcpy(out->id, lk_record_id(row), sizeof out->id);
		out->walk_in = s_flag(row, "walk_in");
	}
	lk_record_free(fresh);
	s_rows_free(&have);
	lk_record_free(mt);
	return rc;
}

/* ---------------------------------------------------------------- list */

/* The name of the sector a row belongs to ("-" for none). */
static void s_unsur(struct dom *d, const ProtobufCMessage *a, char *out, size_t n)
{
	char sid[40];
	ProtobufCMessage *sec = NULL;
	s_copy(a, "sector_id", sid, sizeof sid);
	lk_strlcpy(out, "-", n);
	if (sid[0] && lk_store_get(d->st, lk_entity_find("sector"), sid, &sec) == 0)
		s_copy(sec, "name", out, n);
	lk_record_free(sec);
}

static void s_count_sector(struct dom_attend_list *l, const struct dom_attendance *r)
{
	const char *name = r->sector[0] ? r->sector : "-";
	size_t i;
	for (i = 0; i < l->nsectors && strcmp(l->sectors[i].name, name); i++)
		;
	if (i == l->nsectors && l->nsectors < sizeof l->sectors / sizeof l->sectors[0]) {
		memset(&l->sectors[i], 0, sizeof l->sectors[i]);
		lk_strlcpy(l->sectors[l->nsectors++].name, name, sizeof l->sectors[0].name);
	}
	if (i < l->nsectors) {
		l->sectors[i].invited += r->invited != 0;
		l->sectors[i].present += r->present != 0;
		l->sectors[i].came += r->invited && r->present;
	}
}

int dom_attend_list(struct dom *d, const char *meeting_id, struct dom_attend_list *out, struct dom_err *err)
{
	struct s_rows have;
	memset(out, 0, sizeof *out);
	int rc = s_rows_load(d, meeting_id, &have, err);
	if (rc != 0)
		return rc;
	if (have.n > 0 && (out->rows = calloc(have.n, sizeof *out->rows)) == NULL) {
		s_rows_free(&have);
		return dom_fail(err, -LK_ENOMEM, _("out of memory"));
	}
	for (size_t i = 0; i < have.n; i++) {
		struct dom_attendance *r = &out->rows[out->n++];
		const ProtobufCMessage *a = have.v[i];
		lk_strlcpy(r->id, lk_record_id(a), sizeof r->id);
		s_copy(a, "person_id", r->person_id, sizeof r->person_id);
		s_copy(a, "name", r->name, sizeof r->name);
		s_copy(a, "role", r->role, sizeof r->role);
		s_copy(a, "checked_in_at", r->checked_in_at, sizeof r->checked_in_at);
		s_unsur(d, a, r->sector, sizeof r->sector);
		r->invited = s_flag(a, "invited");
		r->present = s_flag(a, "present");
		r->walk_in = s_flag(a, "walk_in");
		r->rec = have.v[i]; /* the list owns it now */
		have.v[i] = NULL;
		out->invited += r->invited;
		out->present += r->present;
		out->walk_ins += r->walk_in;
		s_count_sector(out, r);
	}
	s_rows_free(&have);
	return 0;
}

void dom_attend_list_free(struct dom_attend_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		lk_record_free(l->rows[i].rec);
	free(l->rows);
	l->rows = NULL;
	l->n = 0;
}
