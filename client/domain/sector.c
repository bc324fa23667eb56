/* sector: adding sectors and their representatives, and reading them back, for the camat's office. */
#include <stdlib.h>
#include <string.h>

#include "lk_entity.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_rules.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "resolve.h"
#include "sector.h"

int dom_camat_office_keeps(const struct dom *d, const char *what, struct dom_err *err)
{
	char why[300];
	/* The server's rule decides; the device words it for the person at the keyboard. */
	if (lk_role_keeps(d->office.role, what, why, sizeof why) == 0)
		return 0;
	return dom_fail(err, -LK_EPERM,
	                _("%s are kept by the camat's office (a kecamatan or dinkes device); this %s device reads them "
	                "after `lokmin sync`"), what, d->office.role);
}

/* The kecamatan a new sector belongs to: the device's own, or on a district
 * device the one given, which must lie in its kabupaten. */
static int s_kecamatan(const struct dom *d, const char *given, char kec[16], struct dom_err *err)
{
	int digits = given && strlen(given) == 6;
	for (const char *c = given; digits && *c; c++)
		digits = *c >= '0' && *c <= '9';
	if (!strcmp(d->office.role, "kecamatan")) {
		if (given && strcmp(given, d->office.kecamatan))
			return dom_fail(err, -LK_EINVAL, _("this device keeps the sectors of kecamatan %s only"),
			                d->office.kecamatan);
		lk_strlcpy(kec, d->office.kecamatan, 16);
		return 0;
	}
	if (!digits || strncmp(given, d->office.kabupaten, 4) != 0)
		return dom_fail(err, -LK_EINVAL,
		                _("on a district device say which kecamatan: --kecamatan CODE (6 digits, inside kabupaten %s)"),
		                d->office.kabupaten);
	lk_strlcpy(kec, given, 16);
	return 0;
}

/* The sector id, not deleted (the caller frees), or -LK_ENOTFOUND. */
static int s_sector(struct dom *d, const char *id, ProtobufCMessage **out, struct dom_err *err)
{
	*out = NULL;
	if (lk_store_get(d->st, lk_entity_find("sector"), id, out) != 0 || lk_record_deleted(*out)) {
		lk_record_free(*out);
		*out = NULL;
		return dom_fail(err, -LK_ENOTFOUND, _("no sector %s on this device (see `lokmin sector list`)"), id);
	}
	return 0;
}

/* Write m (whose id is derived) as a new sector, or as a change of the name
 * and the fields given when that sector exists already. */
static int s_put_sector(struct dom *d, ProtobufCMessage *m, int kind_given, int contact_given, struct dom_err *err)
{
	const struct lk_entity *e = lk_entity_find("sector");
	ProtobufCMessage *cur = NULL;
	const char *fields[4] = {"name"};
	size_t nf = 1;
	char why[300];
	int exists = lk_store_get(d->st, e, lk_record_id(m), &cur) == 0, rc;
	if (exists && kind_given)
		fields[nf++] = "kind";
	if (exists && contact_given)
		fields[nf++] = "contact";
	if (exists && lk_record_deleted(cur))
		fields[nf++] = "deleted"; /* added again after it was removed */
	lk_record_free(cur);
	if ((rc = lk_store_put(d->st, e, m, exists ? fields : NULL, exists ? nf : 0, why, sizeof why)) != 0)
		return dom_fail(err, rc, "%s", why);
	return 0;
}

int dom_sector_add(struct dom *d, const struct dom_sector_add_in *in, char id[40], struct dom_err *err)
{
	const struct lk_entity *e = lk_entity_find("sector");
	char kec[16], kab[8];
	int rc;
	if ((rc = dom_camat_office_keeps(d, "sectors", err)) != 0 || (rc = s_kecamatan(d, in->kecamatan, kec, err)) != 0)
		return rc;
	snprintf(kab, sizeof kab, "%.4s", kec);
	ProtobufCMessage *m = lk_record_new(e);
	if (m == NULL || lk_record_set(m, "kabupaten", kab) || lk_record_set(m, "kecamatan", kec) ||
	    lk_record_set(m, "puskesmas", "") || lk_record_set(m, "code", in->code) || lk_record_set(m, "name", in->name) ||
	    lk_record_set(m, "kind", in->kind ? in->kind : "") ||
	    lk_record_set(m, "contact", in->contact ? in->contact : "") || lk_natural_id(e, m, id) ||
	    lk_record_set(m, "id", id))
		rc = dom_fail(err, -LK_ENOMEM, _("cannot build the sector record"));
	else
		rc = s_put_sector(d, m, in->kind != NULL, in->contact != NULL, err);
	lk_record_free(m);
	return rc;
}

int dom_sector_rep(struct dom *d, const struct dom_sector_rep_in *in, char id[40], struct dom_err *err)
{
	const struct lk_entity *e = lk_entity_find("person");
	ProtobufCMessage *sec = NULL, *p = NULL;
	const char *kab, *kec, *pusk;
	char why[300];
	lk_uuid u;
	int rc;
	if ((rc = dom_camat_office_keeps(d, "sectors", err)) != 0 || (rc = s_sector(d, in->sector_id, &sec, err)) != 0)
		return rc;
	lk_record_keys(sec, &kab, &kec, &pusk);
	lk_uuid_v7(&u);
	p = lk_record_new(e);
	if (p == NULL || lk_record_set(p, "id", lk_uuid_format(&u, id)) || lk_record_set(p, "kabupaten", kab) ||
	    lk_record_set(p, "kecamatan", kec) || lk_record_set(p, "puskesmas", "") ||
	    lk_record_set(p, "sector_id", in->sector_id) || lk_record_set(p, "role", "sector_rep") ||
	    lk_record_set(p, "name", in->name) || lk_record_set(p, "title", in->title ? in->title : "") ||
	    lk_record_set(p, "phone", in->phone ? in->phone : ""))
		rc = dom_fail(err, -LK_ENOMEM, _("cannot build the representative's record"));
	else if ((rc = lk_store_put(d->st, e, p, NULL, 0, why, sizeof why)) != 0)
		rc = dom_fail(err, rc, "%s", why);
	lk_record_free(p);
	lk_record_free(sec);
	return rc;
}

/* ---------------------------------------------------------------- reading */

void dom_sector_rows_free(struct dom_sector_rows *r)
{
	if (r) {
		dom_rows_release(r->v, r->n, sizeof *r->v);
		r->v = NULL;
		r->n = 0;
	}
}

struct s_walk {
	struct dom *d;
	struct dom_sector_rows *rows;
	size_t cap;
	const char *sector; /* representatives of this sector; NULL: sectors */
};

static int s_push(struct s_walk *w, const struct lk_entity *e, const ProtobufCMessage *m, enum dom_kind kind)
{
	struct dom_sector_rows *r = w->rows;
	struct dom_sector_row *row = dom_row_add((void **)&r->v, r->n, &w->cap, sizeof *row, e, m);
	if (row == NULL)
		return -LK_ENOMEM;
	if (dom_handle(w->d->st, &w->d->office, kind, lk_record_id(m), row->handle, sizeof row->handle) != 0)
		lk_strlcpy(row->handle, "-", sizeof row->handle);
	r->n++;
	return 0;
}

static int s_sector_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	return lk_record_deleted(m) ? 0 : s_push(arg, e, m, DOM_SECTOR);
}

/* Counts each representative (a person naming a sector) against its sector, or keeps those of w->sector. */
static int s_rep_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct s_walk *w = arg;
	if (lk_record_deleted(m))
		return 0;
	char *sid = lk_record_get(m, "sector_id");
	int rc = 0;
	if (w->sector && !strcmp(sid, w->sector))
		rc = s_push(w, e, m, DOM_PERSON);
	for (size_t i = 0; !w->sector && sid[0] && i < w->rows->n; i++)
		if (!strcmp(lk_record_id(w->rows->v[i].rec), sid))
			w->rows->v[i].reps++;
	free(sid);
	return rc;
}

static int s_by_code(const void *a, const void *b)
{
	char *x = lk_record_get(((const struct dom_sector_row *)a)->rec, "code"),
	     *y = lk_record_get(((const struct dom_sector_row *)b)->rec, "code");
	int c = strcmp(x, y);
	free(x);
	free(y);
	return c;
}

int dom_sector_list(struct dom *d, struct dom_sector_rows *out, struct dom_err *err)
{
	struct s_walk w = {d, out, 0, NULL};
	memset(out, 0, sizeof *out);
	int rc = lk_store_list(d->st, lk_entity_find("sector"), s_sector_row, &w);
	if (rc >= 0)
		rc = lk_store_list(d->st, lk_entity_find("person"), s_rep_row, &w);
	if (rc < 0) {
		dom_sector_rows_free(out);
		return dom_fail(err, rc, _("cannot read the sectors: %s"), lk_store_error(d->st));
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, s_by_code);
	return 0;
}

int dom_sector_show(struct dom *d, const char *id, ProtobufCMessage **sector, struct dom_sector_rows *reps,
                    struct dom_err *err)
{
	struct s_walk w = {d, reps, 0, id};
	memset(reps, 0, sizeof *reps);
	int rc = s_sector(d, id, sector, err);
	if (rc == 0 && (rc = lk_store_list(d->st, lk_entity_find("person"), s_rep_row, &w)) < 0) {
		dom_sector_rows_free(reps);
		lk_record_free(*sector);
		*sector = NULL;
		return dom_fail(err, rc, _("cannot read the representatives: %s"), lk_store_error(d->st));
	}
	return rc;
}
