/* rules: domain rules the server enforces on pushed records, beyond the field checks of the entity table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_rules.h"
#include "lk_util.h"
#include "lk_wire.h"
#include "records.h"
#include "srv.h"

static const struct lk_entity *s_entity_of(const ProtobufCMessage *rec)
{
	for (size_t i = 0; i < lk_entities_count; i++)
		if (lk_entities[i].desc == rec->descriptor)
			return &lk_entities[i];
	return NULL;
}

/* One value found by a one-parameter-set statement: 1 found, 0 not, or a database error. */
static int s_found(PGconn *pg, const char *stmt, int n, const char *const *p)
{
	PGresult *r = db_exec(pg, stmt, n, p);
	int rc = r && PQresultStatus(r) == PGRES_TUPLES_OK ? PQntuples(r) > 0 : db_error(pg, r);
	PQclear(r);
	return rc;
}

/* The status and kind of meeting id: 1 found (malloc'd copies), 0 not, or a database error. */
static int s_meeting_of(PGconn *pg, const char *id, char **status, char **kind)
{
	const char *p[1] = {id};
	PGresult *r = db_exec(pg, "meeting_status", 1, p);
	int rc = r && PQresultStatus(r) == PGRES_TUPLES_OK ? PQntuples(r) == 1 : db_error(pg, r);
	*status = *kind = NULL;
	if (rc > 0 && ((*status = strdup(PQgetvalue(r, 0, 0))) == NULL || (*kind = strdup(PQgetvalue(r, 0, 1))) == NULL))
		rc = -LK_ENOMEM;
	PQclear(r);
	return rc;
}

/* Attendance and material belong to a meeting that is not cancelled. */
static int s_meeting_open(PGconn *pg, const ProtobufCMessage *rec, const char *what, char *err, size_t errlen)
{
	char *mid = lk_record_get(rec, "meeting_id"), *status, *kind;
	int rc = s_meeting_of(pg, mid, &status, &kind);
	/* A meeting not here yet may still arrive in this push: ops are not ordered. */
	if (rc > 0)
		rc = lk_meeting_accepts(status, what, err, errlen);
	free(status);
	free(kind);
	free(mid);
	return rc < 0 ? rc : 0;
}

static int s_attendance(PGconn *pg, const ProtobufCMessage *rec, const ProtobufCMessage *cur, const Lokmin__Op *op,
                        const struct lk_device *dev, char *err, size_t errlen)
{
	(void)cur;
	(void)op;
	(void)dev;
	return s_meeting_open(pg, rec, "attendance", err, errlen);
}

static int s_material(PGconn *pg, const ProtobufCMessage *rec, const ProtobufCMessage *cur, const Lokmin__Op *op,
                      const struct lk_device *dev, char *err, size_t errlen)
{
	(void)op;
	(void)dev;
	return cur == NULL ? s_meeting_open(pg, rec, "material", err, errlen) : 0;
}

/* 1 when op names field. */
static int s_names(const Lokmin__Op *op, const char *field)
{
	for (size_t i = 0; i < op->n_fields; i++)
		if (!strcmp(op->fields[i], field))
			return 1;
	return 0;
}

/* The value field takes with this op: rec's when the op sets it (all of a new record's), else cur's; malloc'd. */
static char *s_next(const ProtobufCMessage *rec, const ProtobufCMessage *cur, const Lokmin__Op *op, const char *field)
{
	return lk_record_get(cur == NULL || s_names(op, field) ? rec : cur, field);
}

/*
 * A meeting's status moves as the SOP says: cancelled is final, held stays held, and postponing or cancelling
 * says why. The same status again (two devices cancelling it) is no move: only its reason counts. Nor is going
 * from one version to the other of a recorded conflict of this meeting's status (`lokmin conflicts resolve`):
 * two devices moved it at once, each from what it saw, and a person chooses between the two.
 */
static int s_meeting(PGconn *pg, const ProtobufCMessage *rec, const ProtobufCMessage *cur, const Lokmin__Op *op,
                     const struct lk_device *dev, char *err, size_t errlen)
{
	(void)dev;
	if (cur != NULL && !s_names(op, "status") && !s_names(op, "status_reason"))
		return 0;
	char *to = s_next(rec, cur, op, "status"), *reason = s_next(rec, cur, op, "status_reason"),
	     *from = cur ? lk_record_get(cur, "status") : NULL;
	int rc = 0, moves = from && strcmp(from, to) != 0;
	if (moves) {
		const char *p[4] = {lk_record_id(cur), "status", from, to};
		rc = s_found(pg, "conflict_pair", 4, p);
		moves = rc == 0;
	}
	if (rc >= 0)
		rc = lk_meeting_transition(moves ? from : NULL, to, reason, err, errlen);
	free(to);
	free(reason);
	free(from);
	return rc;
}

/* The history of a meeting says why it was postponed or cancelled, as the meeting does. */
static int s_meeting_event(PGconn *pg, const ProtobufCMessage *rec, const ProtobufCMessage *cur,
                           const Lokmin__Op *op, const struct lk_device *dev, char *err, size_t errlen)
{
	(void)pg;
	(void)dev;
	if (cur != NULL && !s_names(op, "reason"))
		return 0;
	char *action = s_next(rec, cur, op, "action"), *reason = s_next(rec, cur, op, "reason");
	int rc = lk_meeting_transition(NULL, action, reason, err, errlen);
	free(action);
	free(reason);
	return rc;
}

/* Achievement and targets name an indicator of the catalogue, and a desa of the puskesmas. */
static int s_indicator_desa(PGconn *pg, const ProtobufCMessage *rec, const ProtobufCMessage *cur,
                            const Lokmin__Op *op, const struct lk_device *dev, char *err, size_t errlen)
{
	(void)op;
	(void)dev;
	if (cur != NULL)
		return 0; /* the key fields never change once created */
	const struct lk_entity *e = s_entity_of(rec);
	char *ind = lk_record_get(rec, "indicator_code");
	char *desa = lk_entity_field(e, "desa") ? lk_record_get(rec, "desa") : NULL;
	const char *kab, *kec, *pusk;
	lk_record_keys(rec, &kab, &kec, &pusk);
	const char *pi[1] = {ind}, *pd[2] = {desa, pusk};
	int rc = s_found(pg, "indicator_active", 1, pi);
	if (rc == 0) {
		snprintf(err, errlen, "unknown indicator %s (not in the catalogue)", ind);
		rc = -LK_EINVAL;
	} else if (rc > 0 && desa && desa[0]) {
		rc = s_found(pg, "desa_of_puskesmas", 2, pd);
		if (rc == 0) {
			snprintf(err, errlen, "desa %s is not in the working area of puskesmas %s", desa, pusk);
			rc = -LK_EINVAL;
		}
	}
	free(ind);
	free(desa);
	return rc < 0 ? rc : 0;
}

/* Only the district health office reviews minutes, and only minutes submitted to it. */
static int s_review(PGconn *pg, const ProtobufCMessage *rec, const ProtobufCMessage *cur, const Lokmin__Op *op,
                    const struct lk_device *dev, char *err, size_t errlen)
{
	(void)cur;
	(void)op;
	char *mid = lk_record_get(rec, "minutes_id"), *mtg = lk_record_get(rec, "meeting_id");
	const char *p[2] = {mid, mtg};
	int rc = s_found(pg, "minutes_submitted", 2, p);
	if (rc >= 0)
		rc = lk_review_allowed(lk_role_name(dev->role), rc, mid, mtg, err, errlen);
	free(mid);
	free(mtg);
	return rc;
}

/* Sectors and their commitments are the camat's office's records (and the district's). */
static int s_kecamatan_only(PGconn *pg, const ProtobufCMessage *rec, const ProtobufCMessage *cur,
                            const Lokmin__Op *op, const struct lk_device *dev, char *err, size_t errlen)
{
	(void)pg;
	(void)cur;
	(void)op;
	const struct lk_entity *e = s_entity_of(rec);
	return lk_role_keeps(lk_role_name(dev->role), e ? e->name : NULL, err, errlen);
}

/* A commitment is the camat's office's record, made at a quarterly cross-sector lokmin. */
static int s_commitment(PGconn *pg, const ProtobufCMessage *rec, const ProtobufCMessage *cur, const Lokmin__Op *op,
                        const struct lk_device *dev, char *err, size_t errlen)
{
	int rc = s_kecamatan_only(pg, rec, cur, op, dev, err, errlen);
	if (rc != 0 || cur != NULL)
		return rc; /* meeting_id never changes once created */
	char *mid = lk_record_get(rec, "meeting_id"), *status, *kind;
	rc = s_meeting_of(pg, mid, &status, &kind);
	/* A meeting not here yet may still arrive in this push. */
	if (rc > 0)
		rc = lk_commitment_meeting(kind, mid, err, errlen);
	free(status);
	free(kind);
	free(mid);
	return rc < 0 ? rc : 0;
}

/* An office profile is its office's own (and the district's): the scope lets a
 * camat's office write in its puskesmas, this rule does not for their profiles. */
static int s_office_profile(PGconn *pg, const ProtobufCMessage *rec, const ProtobufCMessage *cur,
                            const Lokmin__Op *op, const struct lk_device *dev, char *err, size_t errlen)
{
	const char *kab, *kec, *pusk;
	(void)pg;
	(void)cur;
	(void)op;
	lk_record_keys(rec, &kab, &kec, &pusk);
	return lk_office_profile_writer(lk_role_name(dev->role), *pusk ? pusk : kec, err, errlen);
}

static const struct rule {
	const char *entity;
	int (*check)(PGconn *pg, const ProtobufCMessage *rec, const ProtobufCMessage *cur, const Lokmin__Op *op,
	             const struct lk_device *dev, char *err, size_t errlen);
} s_rules[] = {
	{"achievement", s_indicator_desa},
	{"target", s_indicator_desa},
	{"minutes_review", s_review},
	{"sector", s_kecamatan_only},
	{"commitment", s_commitment},
	{"office_profile", s_office_profile},
	{"meeting", s_meeting},
	{"meeting_event", s_meeting_event},
	{"attendance", s_attendance},
	{"material", s_material},
	{"invitation", rules_signed_doc},
	{"minutes", rules_signed_doc},
	{"signer_key", rules_signer_key},
	{"delegation", rules_delegation},
	{"person", rules_person},
	{"rtl", rules_rtl},
};

int rules_check(PGconn *pg, const struct lk_device *dev, const struct lk_entity *e, const ProtobufCMessage *rec,
                const ProtobufCMessage *cur, const Lokmin__Op *op, char *err, size_t errlen)
{
	for (size_t i = 0; i < LK_ARRAY_LEN(s_rules); i++)
		if (!strcmp(s_rules[i].entity, e->name))
			return s_rules[i].check(pg, rec, cur, op, dev, err, errlen);
	return 0;
}
