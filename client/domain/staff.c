/* staff: adds people to the office's staff list, changes them as the SOP allows, and lists them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_entity.h"
#include "lk_error.h"
#include "lk_rules.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "staff.h"
#include "store.h"

int dom_staff_role_check(const char *role, struct dom_err *err)
{
	char roles[160] = "";
	if (role == NULL || lk_person_role_valid(role))
		return 0;
	for (size_t i = 0; lk_person_roles[i]; i++) {
		if (i)
			lk_strlcpy(roles + strlen(roles), ", ", sizeof roles - strlen(roles));
		lk_strlcpy(roles + strlen(roles), lk_person_roles[i], sizeof roles - strlen(roles));
	}
	return dom_fail(err, -LK_EINVAL, "--role must be one of %s", roles);
}

/* The fields in gives, as record field names and values, in the same order. */
static size_t s_given(const struct dom_staff_in *in, const char *names[7], const char *values[7])
{
	const char *all[7] = {"name", "title", "role", "programmes", "nip", "phone", "pangkat"};
	const char *vals[7] = {in->name, in->title, in->role, in->programmes, in->nip, in->phone, in->pangkat};
	size_t n = 0;
	for (size_t i = 0; i < 7; i++)
		if (vals[i]) {
			names[n] = all[i];
			values[n++] = vals[i];
		}
	return n;
}

/* Write p (whole when fields is NULL); 0 or the refusal in err. */
static int s_put(struct dom *d, const ProtobufCMessage *p, const char *const *fields, size_t nf, struct dom_err *err)
{
	char why[300] = "";
	int rc = lk_store_put(d->st, lk_entity_find("person"), p, fields, nf, why, sizeof why);
	return rc ? dom_fail(err, rc, "%s", why[0] ? why : lk_strerror(rc)) : 0;
}

int dom_staff_add(struct dom *d, const struct dom_staff_in *in, char id[40], struct dom_err *err)
{
	const char *names[7], *values[7];
	char idtext[LK_UUID_STRLEN];
	lk_uuid u;
	int rc;
	if (in->name == NULL || !*in->name)
		return dom_fail(err, -LK_EINVAL, "a person needs a name");
	if ((rc = dom_staff_role_check(in->role, err)) != 0)
		return rc;
	ProtobufCMessage *p = lk_record_new(lk_entity_find("person"));
	lk_uuid_v7(&u);
	if (p == NULL || lk_record_set(p, "id", lk_uuid_format(&u, idtext)) ||
	    lk_record_set(p, "kabupaten", d->office.kabupaten) || lk_record_set(p, "kecamatan", d->office.kecamatan) ||
	    lk_record_set(p, "puskesmas", d->office.puskesmas) || lk_record_set(p, "role", "staff")) {
		lk_record_free(p);
		return dom_fail(err, -LK_ENOMEM, "out of memory");
	}
	size_t n = s_given(in, names, values);
	rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = lk_record_set(p, names[i], values[i]);
	if (rc != 0)
		rc = dom_fail(err, -LK_EINVAL, "person: a field cannot be set");
	else if ((rc = s_put(d, p, NULL, 0, err)) == 0)
		lk_strlcpy(id, idtext, 40);
	lk_record_free(p);
	return rc;
}

int dom_staff_change(struct dom *d, const char *id, const struct dom_staff_in *in, struct dom_err *err)
{
	const char *names[7], *values[7];
	ProtobufCMessage *p = NULL;
	int rc = dom_staff_role_check(in->role, err);
	if (rc != 0)
		return rc;
	if (lk_store_get(d->st, lk_entity_find("person"), id, &p) != 0)
		return dom_fail(err, -LK_ENOTFOUND, "no person %s on this device", id);
	if (in->role) {
		char why[300] = "", *was = lk_record_get(p, "role");
		rc = lk_person_role_change(d->office.role, was, in->role, why, sizeof why);
		free(was);
		if (rc != 0) {
			lk_record_free(p);
			return dom_fail(err, rc, "%s", why);
		}
	}
	size_t n = s_given(in, names, values);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = lk_record_set(p, names[i], values[i]);
	if (rc != 0)
		rc = dom_fail(err, -LK_EINVAL, "person: a field cannot be set");
	else if (n > 0)
		rc = s_put(d, p, names, n, err);
	lk_record_free(p);
	return rc;
}

/* ---------------------------------------------------------------- list */

struct s_list {
	struct dom_person *v;
	size_t n, cap;
};

static void s_copy(const ProtobufCMessage *m, const char *field, char *out, size_t size)
{
	char *v = lk_record_get(m, field);
	lk_strlcpy(out, v ? v : "", size);
	free(v);
}

static int s_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct s_list *l = arg;
	if (lk_record_deleted(m))
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct dom_person *nv = realloc(l->v, cap * sizeof *nv);
		if (nv == NULL)
			return -LK_ENOMEM;
		l->v = nv;
		l->cap = cap;
	}
	struct dom_person *r = &l->v[l->n];
	memset(r, 0, sizeof *r);
	if ((r->rec = lk_record_copy(e, m)) == NULL)
		return -LK_ENOMEM;
	l->n++;
	lk_strlcpy(r->id, lk_record_id(m), sizeof r->id);
	s_copy(m, "name", r->name, sizeof r->name);
	s_copy(m, "title", r->title, sizeof r->title);
	s_copy(m, "role", r->role, sizeof r->role);
	s_copy(m, "programmes", r->programmes, sizeof r->programmes);
	s_copy(m, "nip", r->nip, sizeof r->nip);
	s_copy(m, "phone", r->phone, sizeof r->phone);
	s_copy(m, "pangkat", r->pangkat, sizeof r->pangkat);
	return 0;
}

int dom_staff_list(struct dom *d, struct dom_person **out, size_t *n, struct dom_err *err)
{
	struct s_list l = {0};
	int rc = lk_store_list(d->st, lk_entity_find("person"), s_row, &l);
	*out = NULL;
	*n = 0;
	if (rc < 0) {
		dom_staff_list_free(l.v, l.n);
		return dom_fail(err, rc, "cannot read the staff list: %s", lk_store_error(d->st));
	}
	*out = l.v;
	*n = l.n;
	return 0;
}

void dom_staff_list_free(struct dom_person *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		lk_record_free(v[i].rec);
	free(v);
}
