/* record_ops: generic record put, get and delete against the offline store, with the entity table's checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "record_ops.h"

const char *dom_field_kind_name(enum lk_fkind k)
{
	static const char *names[] = {[LK_F_TEXT] = N_("text"),          [LK_F_NARRATIVE] = N_("long text"),
	                              [LK_F_INT] = N_("whole number"),   [LK_F_BOOL] = N_("true/false"),
	                              [LK_F_REAL] = N_("number"),        [LK_F_DATE] = N_("date YYYY-MM-DD"),
	                              [LK_F_TIME] = N_("UTC time"),      [LK_F_UUID] = N_("record id"),
	                              [LK_F_HEX] = N_("hex")};
	return (unsigned)k < LK_ARRAY_LEN(names) && names[k] ? _(names[k]) : _("value");
}

enum dom_kind dom_record_kind(const char *entity)
{
	static const struct {
		const char *entity;
		enum dom_kind kind;
	} kinds[] = {
		{"meeting", DOM_MEETING},       {"rtl", DOM_RTL},
		{"problem", DOM_PROBLEM},       {"meeting_item", DOM_MEETING_ITEM},
		{"commitment", DOM_COMMITMENT}, {"material", DOM_MATERIAL},
		{"attendance", DOM_ATTENDANCE}, {"invitation", DOM_INVITATION},
		{"minutes", DOM_MINUTES},       {"person", DOM_PERSON},
		{"sector", DOM_SECTOR},
	};
	for (size_t i = 0; entity && i < LK_ARRAY_LEN(kinds); i++)
		if (!strcmp(kinds[i].entity, entity))
			return kinds[i].kind;
	return DOM_ANY;
}

static int s_is_tenant_key(const char *name)
{
	return !strcmp(name, "kabupaten") || !strcmp(name, "kecamatan") || !strcmp(name, "puskesmas");
}

/* "E has no field "x"; its fields: a b c" into err. */
static int s_unknown_field(const struct lk_entity *e, const char *name, struct dom_err *err)
{
	char list[400] = "";
	for (size_t i = 0; i < e->nfields; i++) {
		size_t n = strlen(list);
		snprintf(list + n, sizeof list - n, " %s", e->fields[i].name);
	}
	return dom_fail(err, -LK_EINVAL, _("%s has no field \"%s\"; its fields:%s"), e->name, name, list);
}

/* Set one field on rec, with the checks' own words on failure. */
static int s_assign(const struct lk_entity *e, ProtobufCMessage *rec, const char *name, const char *value,
                    struct dom_err *err)
{
	const struct lk_field *f = lk_entity_field(e, name);
	char why[256];
	if (f == NULL)
		return s_unknown_field(e, name, err);
	if (lk_field_check(f, value, why, sizeof why) != 0)
		return dom_fail(err, -LK_EINVAL, "%s", why);
	if (lk_record_set(rec, name, value) != 0)
		return dom_fail(err, -LK_EINVAL, _("%s: \"%s\" is not a %s"), name, value, dom_field_kind_name(f->kind));
	return 0;
}

int dom_record_get(struct dom *d, const struct lk_entity *e, const char *id, ProtobufCMessage **out,
                   struct dom_err *err)
{
	int rc = lk_store_get(d->st, e, id, out);
	if (rc == -LK_ENOTFOUND)
		return dom_fail(err, rc, _("there is no %s %s on this device"), e->name, id);
	if (rc != 0)
		return dom_fail(err, rc < 0 ? rc : -LK_EIO, "%s", lk_store_error(d->st));
	return 0;
}

int dom_record_put(struct dom *d, const struct dom_record_put_in *in, char id[40], struct dom_err *err)
{
	const struct lk_entity *e = in->entity;
	ProtobufCMessage *rec = NULL;
	const char **names = calloc(in->nfields + 1, sizeof *names);
	size_t n = 0;
	char why[512];
	int rc;

	if (names == NULL)
		return dom_fail(err, -LK_ENOMEM, _("out of memory"));
	if (in->id) {
		if ((rc = dom_record_get(d, e, in->id, &rec, err)) != 0)
			goto out;
	} else {
		char idtext[LK_UUID_STRLEN];
		lk_uuid u;
		lk_uuid_v7(&u);
		lk_uuid_format(&u, idtext);
		if ((rec = lk_record_new(e)) == NULL || lk_record_set(rec, "id", idtext) != 0 ||
		    lk_record_set(rec, "kabupaten", d->office.kabupaten) != 0 ||
		    lk_record_set(rec, "kecamatan", d->office.kecamatan) != 0 ||
		    lk_record_set(rec, "puskesmas", d->office.puskesmas) != 0) {
			rc = dom_fail(err, -LK_ENOMEM, _("out of memory"));
			goto out;
		}
	}
	for (size_t i = 0; i < in->nfields; i++) {
		const char *name = in->fields[i].name, *value = in->fields[i].value;
		if (s_is_tenant_key(name)) {
			/* Where a record belongs is fixed when it is made. */
			if (in->id) {
				rc = dom_fail(err, -LK_EINVAL, _("%s cannot change on an existing record"), name);
				goto out;
			}
			if (lk_record_set(rec, name, value) != 0) {
				rc = dom_fail(err, -LK_EINVAL, _("%s: \"%s\" is not a code this record can hold"), name, value);
				goto out;
			}
			continue;
		}
		if ((rc = s_assign(e, rec, name, value, err)) != 0)
			goto out;
		names[n++] = name;
	}
	why[0] = '\0';
	if ((rc = lk_store_put(d->st, e, rec, names, n, why, sizeof why)) != 0) {
		rc = dom_fail(err, rc < 0 ? rc : -LK_EIO, "%s", why[0] ? why : lk_store_error(d->st));
		goto out;
	}
	lk_strlcpy(id, lk_record_id(rec), 40);
	rc = 0;
out:
	free(names);
	lk_record_free(rec);
	return rc;
}

int dom_record_delete(struct dom *d, const struct lk_entity *e, const char *id, int *already, struct dom_err *err)
{
	static const char *const fields[] = {"deleted"};
	ProtobufCMessage *rec;
	char why[512];
	*already = 0;
	int rc = dom_record_get(d, e, id, &rec, err);
	if (rc != 0)
		return rc;
	if (lk_record_deleted(rec)) {
		*already = 1;
		lk_record_free(rec);
		dom_fail(err, 0, _("%s %s is already deleted"), e->name, id);
		return 0;
	}
	why[0] = '\0';
	if ((rc = lk_record_set(rec, "deleted", "1")) == 0)
		rc = lk_store_put(d->st, e, rec, fields, 1, why, sizeof why);
	lk_record_free(rec);
	if (rc != 0)
		return dom_fail(err, rc < 0 ? rc : -LK_EIO, "%s", why[0] ? why : lk_store_error(d->st));
	return 0;
}
