/* conflicts: a conflict settled with the chosen value, both written in one transaction. */
#include <stdlib.h>
#include <string.h>

#include "conflicts.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "store.h"

int dom_conflict_resolve(struct dom *d, const struct dom_conflict_resolve_in *in, struct dom_conflict_resolve_out *out,
                         struct dom_err *err)
{
	const struct lk_entity *ce = lk_entity_find("conflict");
	ProtobufCMessage *c = NULL, *rec = NULL;
	lk_store *st = d->st;
	char why[300];
	int rc;

	memset(out, 0, sizeof *out);
	if ((in->keep == NULL) == (in->value == NULL) ||
	    (in->keep && strcmp(in->keep, "server") != 0 && strcmp(in->keep, "other") != 0))
		return dom_fail(err, -LK_EINVAL, _("choose --keep server, --keep other or --value TEXT"));
	if (lk_store_get(st, ce, in->id, &c) != 0)
		return dom_fail(err, -LK_ENOTFOUND, _("no conflict %s on this device (run `lokmin sync` first?)"), in->id);
	char *ent = lk_record_get(c, "record_entity"), *rid = lk_record_get(c, "record_id"),
	     *field = lk_record_get(c, "field"), *chosen = NULL;
	const struct lk_entity *e = lk_entity_find(ent);
	if (in->value)
		chosen = strdup(in->value);
	else
		chosen = lk_record_get(c, !strcmp(in->keep, "server") ? "server_value" : "client_value");
	snprintf(out->resolution, sizeof out->resolution, "%s",
	         in->value ? _("settled with an edited text")
	         : !strcmp(in->keep, "server") ? _("kept the server's version")
	                                       : _("kept the other version"));
	lk_strlcpy(out->entity, ent, sizeof out->entity);
	lk_strlcpy(out->field, field, sizeof out->field);
	if (chosen == NULL) {
		rc = dom_fail(err, -LK_ENOMEM, _("out of memory"));
		goto out;
	}
	if (e == NULL || lk_store_get(st, e, rid, &rec) != 0) {
		rc = dom_fail(err, -LK_ENOTFOUND, _("the %s record %s is not on this device"), ent, rid);
		goto out;
	}
	if ((rc = lk_store_begin(st)) != 0) {
		rc = dom_fail(err, rc < 0 ? rc : -LK_EIO, _("cannot write the store: %s"), lk_store_error(st));
		goto out;
	}
	const char *rf[1] = {field};
	why[0] = '\0';
	if (lk_record_set(rec, field, chosen) != 0 || lk_store_put(st, e, rec, rf, 1, why, sizeof why) != 0) {
		rc = dom_fail(err, -LK_EINVAL, _("cannot write the chosen value: %s"), why);
		lk_store_rollback(st);
		goto out;
	}
	const char *cf[2] = {"resolved", "resolution"};
	why[0] = '\0';
	if (lk_record_set(c, "resolved", "1") != 0 || lk_record_set(c, "resolution", out->resolution) != 0 ||
	    lk_store_put(st, ce, c, cf, 2, why, sizeof why) != 0) {
		rc = dom_fail(err, -LK_EINVAL, _("cannot mark the conflict settled: %s"), why);
		lk_store_rollback(st);
		goto out;
	}
	if ((rc = lk_store_commit(st)) != 0) {
		rc = dom_fail(err, rc < 0 ? rc : -LK_EIO, _("cannot write the store: %s"), lk_store_error(st));
		goto out;
	}
	rc = 0;
out:
	free(ent);
	free(rid);
	free(field);
	free(chosen);
	lk_record_free(c);
	lk_record_free(rec);
	return rc;
}
