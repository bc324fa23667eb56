/* rules: domain rules the server enforces on pushed records, beyond the field checks of the entity table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_sign.h"
#include "lk_util.h"
#include "records.h"
#include "srv.h"

/* Attendance, material and history belong to a meeting that is not cancelled. */
static int s_meeting_open(PGconn *pg, const ProtobufCMessage *rec, const char *what, char *err, size_t errlen)
{
	char *mid = lk_record_get(rec, "meeting_id");
	const char *p[1] = {mid};
	PGresult *r = db_exec(pg, "meeting_status", 1, p);
	int rc = 0;
	if (r == NULL || PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = db_error(pg, r);
	else if (PQntuples(r) == 1 && !strcmp(PQgetvalue(r, 0, 0), "cancelled")) {
		snprintf(err, errlen, "%s for a cancelled meeting", what);
		rc = -LK_EINVAL;
	}
	/* A meeting not here yet may still arrive in this push: ops are not ordered. */
	PQclear(r);
	free(mid);
	return rc;
}

static int s_attendance(PGconn *pg, const ProtobufCMessage *rec, const ProtobufCMessage *cur, const Lokmin__Op *op,
                        char *err, size_t errlen)
{
	(void)cur;
	(void)op;
	return s_meeting_open(pg, rec, "attendance", err, errlen);
}

static int s_material(PGconn *pg, const ProtobufCMessage *rec, const ProtobufCMessage *cur, const Lokmin__Op *op,
                      char *err, size_t errlen)
{
	(void)op;
	return cur == NULL ? s_meeting_open(pg, rec, "material", err, errlen) : 0;
}

static const struct lk_entity *s_entity_of(const ProtobufCMessage *rec)
{
	for (size_t i = 0; i < lk_entities_count; i++)
		if (lk_entities[i].desc == rec->descriptor)
			return &lk_entities[i];
	return NULL;
}

/*
 * A signed document is sealed: its text, signer and signature never change
 * again (a correction is a new document). A new signature must verify over
 * the document's exact bytes with the signer's registered key, and the signer
 * must be the office's head: the Kapus for a puskesmas, the Camat for a
 * kecamatan.
 */
static int s_signed(PGconn *pg, const ProtobufCMessage *rec, const ProtobufCMessage *cur, const Lokmin__Op *op,
                    char *err, size_t errlen)
{
	const struct lk_entity *e = s_entity_of(rec);
	char *cursig = cur ? lk_record_get(cur, "signature") : NULL;
	int rc = 0;
	if (cursig && cursig[0]) {
		for (size_t i = 0; i < op->n_fields; i++)
			if (lk_record_sealed_field(e, cur, op->fields[i]) && !lk_record_field_equal(cur, rec, op->fields[i])) {
				snprintf(err, errlen, "the document is signed and sealed; %s cannot change (make a new one)",
				         op->fields[i]);
				rc = -LK_EINVAL;
				break;
			}
		free(cursig);
		return rc;
	}
	free(cursig);
	char *sig = lk_record_get(rec, "signature"), *who = lk_record_get(rec, "signer_person_id"),
	     *doc = lk_record_get(rec, "document");
	const char *kab, *kec, *pusk;
	lk_record_keys(rec, &kab, &kec, &pusk);
	if (sig[0]) {
		const char *p[1] = {who};
		PGresult *r = db_exec(pg, "signer", 1, p);
		uint8_t pk[32], sg[64];
		if (r == NULL || PQresultStatus(r) != PGRES_TUPLES_OK) {
			rc = db_error(pg, r);
		} else if (PQntuples(r) == 0 || lk_hex_decode(pk, sizeof pk, PQgetvalue(r, 0, 0)) != 0) {
			snprintf(err, errlen, "the signer has no registered signing key");
			rc = -LK_EINVAL;
		} else if (strcmp(PQgetvalue(r, 0, 1), pusk[0] ? "kapus" : "camat") ||
		           strcmp(PQgetvalue(r, 0, 2), pusk) || strcmp(PQgetvalue(r, 0, 3), kec)) {
			snprintf(err, errlen, "the signer is not the %s of this office", pusk[0] ? "Kapus" : "Camat");
			rc = -LK_EINVAL;
		} else if (lk_hex_decode(sg, sizeof sg, sig) != 0 ||
		           lk_sign_verify(sg, (const uint8_t *)doc, strlen(doc), pk) != 0) {
			snprintf(err, errlen, "the signature does not verify for this document and signer");
			rc = -LK_EINVAL;
		}
		PQclear(r);
	}
	free(sig);
	free(who);
	free(doc);
	return rc;
}

static const struct rule {
	const char *entity;
	int (*check)(PGconn *pg, const ProtobufCMessage *rec, const ProtobufCMessage *cur, const Lokmin__Op *op,
	             char *err, size_t errlen);
} s_rules[] = {
	{"attendance", s_attendance},
	{"material", s_material},
	{"invitation", s_signed},
	{"minutes", s_signed},
};

int rules_check(PGconn *pg, const struct lk_entity *e, const ProtobufCMessage *rec, const ProtobufCMessage *cur,
                const Lokmin__Op *op, char *err, size_t errlen)
{
	for (size_t i = 0; i < LK_ARRAY_LEN(s_rules); i++)
		if (!strcmp(s_rules[i].entity, e->name))
			return s_rules[i].check(pg, rec, cur, op, err, errlen);
	return 0;
}
