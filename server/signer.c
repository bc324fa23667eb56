/* signer: the server's rules for signing keys, delegations, signing persons and signed records (common decides). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lk_error.h"
#include "lk_rules.h"
#include "lk_signer.h"
#include "lk_util.h"
#include "lk_wire.h"
#include "records.h"
#include "srv.h"

/* ---------------------------------------------------------------- loading */

/* A signer_key row held with the result its strings point into. */
struct keyrow {
	PGresult *r;
	struct lk_signer_key k;
};

static void s_key_free(struct keyrow *kr)
{
	PQclear(kr->r);
	kr->r = NULL;
}

/* Load key id: 1 found, 0 not, or a database error (negative). */
static int s_key_load(PGconn *pg, const char *id, struct keyrow *kr)
{
	const char *p[1] = {id};
	memset(kr, 0, sizeof *kr);
	kr->r = db_exec(pg, "signer_key_one", 1, p);
	if (kr->r == NULL || PQresultStatus(kr->r) != PGRES_TUPLES_OK) {
		int rc = db_error(pg, kr->r);
		s_key_free(kr);
		return rc ? rc : -LK_EINTERNAL;
	}
	if (PQntuples(kr->r) == 0)
		return 0;
	const PGresult *r = kr->r;
#define V(i) PQgetvalue(r, 0, i)
	kr->k = (struct lk_signer_key){V(0), V(1), V(2),  V(3),  V(4),  V(5),  V(6), V(7),
	                               V(8), V(9), !strcmp(V(10), "1"), V(11), V(12), V(13), V(14)};
#undef V
	return 1;
}

/* The record a change would leave: cur with the op's fields taken from rec
 * (rec itself for a new record). Caller frees; NULL when out of memory. */
static ProtobufCMessage *s_proposed(const struct lk_entity *e, const ProtobufCMessage *rec,
                                    const ProtobufCMessage *cur, const Lokmin__Op *op)
{
	ProtobufCMessage *next = lk_record_copy(e, cur ? cur : rec);
	for (size_t i = 0; next && cur && i < op->n_fields; i++)
		if (lk_record_copy_field(next, rec, op->fields[i]) != 0) {
			lk_record_free(next);
			return NULL;
		}
	return next;
}

static const struct lk_entity *s_entity_of(const ProtobufCMessage *rec)
{
	for (size_t i = 0; i < lk_entities_count; i++)
		if (lk_entities[i].desc == rec->descriptor)
			return &lk_entities[i];
	return NULL;
}

/* The first op field whose value the change would alter, or NULL. */
static const char *s_changed_field(const ProtobufCMessage *cur, const ProtobufCMessage *next, const Lokmin__Op *op)
{
	for (size_t i = 0; i < op->n_fields; i++)
		if (!lk_record_field_equal(cur, next, op->fields[i]))
			return op->fields[i];
	return NULL;
}

/* The office of person id: 1 found (codes copied), 0 not, or negative. */
static int s_person_office(PGconn *pg, const char *id, char kab[16], char kec[16], char pusk[16])
{
	const char *p[1] = {id};
	PGresult *r = db_exec(pg, "person_office", 1, p);
	int rc = r && PQresultStatus(r) == PGRES_TUPLES_OK ? PQntuples(r) > 0 : db_error(pg, r);
	if (rc > 0) {
		lk_strlcpy(kab, PQgetvalue(r, 0, 0), 16);
		lk_strlcpy(kec, PQgetvalue(r, 0, 1), 16);
		lk_strlcpy(pusk, PQgetvalue(r, 0, 2), 16);
	}
	PQclear(r);
	return rc;
}

/* ---------------------------------------------------------------- signing keys */

/* A new key: its person belongs to the office, its public key is nobody
 * else's, and it starts pending, or active only when endorsed by a valid key. */
static int s_key_new(PGconn *pg, const struct lk_signer_key *k, char *err, size_t errlen)
{
	char kab[16], kec[16], pusk[16];
	int rc = s_person_office(pg, k->person_id, kab, kec, pusk);
	if (rc < 0)
		return rc;
	if (rc == 0 || strcmp(kab, k->kab) || strcmp(kec, k->kec) || strcmp(pusk, k->pusk)) {
		snprintf(err, errlen, "signer_key: person %s is not a person of the office the key signs for", k->person_id);
		return -LK_EINVAL;
	}
	const char *p[2] = {k->public_key, k->id};
	PGresult *r = db_exec(pg, "public_key_used", 2, p);
	rc = r && PQresultStatus(r) == PGRES_TUPLES_OK ? PQntuples(r) > 0 : db_error(pg, r);
	PQclear(r);
	if (rc < 0)
		return rc;
	if (rc > 0) {
		snprintf(err, errlen, "signer_key: this public key is already registered for another key");
		return -LK_EINVAL;
	}
	if (!strcmp(k->status, "revoked") || k->confirmed_at[0]) {
		snprintf(err, errlen, "signer_key: a new key starts pending (or active when endorsed); only the district "
		                      "confirms or revokes it afterwards");
		return -LK_EINVAL;
	}
	if (!k->endorsed_by[0]) {
		if (strcmp(k->status, "pending") != 0) {
			snprintf(err, errlen, "signer_key: a first key is pending until the district confirms it");
			return -LK_EINVAL;
		}
		return 0;
	}
	struct keyrow e;
	if ((rc = s_key_load(pg, k->endorsed_by, &e)) <= 0) {
		if (rc == 0)
			snprintf(err, errlen, "signer_key: the endorsing key %s is not known", k->endorsed_by);
		return rc < 0 ? rc : -LK_EINVAL;
	}
	rc = lk_signer_endorsement_check(k, &e.k, err, errlen);
	/* One successor per key: a second rotation of the same key is refused. */
	if (rc == 0 && k->replaces && e.k.replaced_at[0]) {
		snprintf(err, errlen, "signer_key: key %s has already been replaced", e.k.id);
		rc = -LK_EINVAL;
	}
	s_key_free(&e);
	return rc == -LK_ECRYPTO ? -LK_EINVAL : rc;
}

/* The device that made key id (from its field_meta), into out[37]. */
static int s_key_maker(PGconn *pg, const char *id, char out[37])
{
	const char *p[1] = {id};
	PGresult *r = db_exec(pg, "signer_key_meta", 1, p);
	int rc = r && PQresultStatus(r) == PGRES_TUPLES_OK ? 0 : db_error(pg, r);
	out[0] = '\0';
	if (rc == 0 && PQntuples(r) > 0) {
		struct meta_set m = {0};
		if (meta_parse(&m, PQgetvalue(r, 0, 0)) == 0) {
			struct field_meta *f = meta_find(&m, "public_key");
			if (f)
				lk_strlcpy(out, f->device, 37);
		}
		meta_free(&m);
	}
	PQclear(r);
	return rc;
}

/* A stored key changes only by the district (lk_signer_key_transition), which
 * needs to know whether this device made the key. */
static int s_key_change(PGconn *pg, const struct lk_device *dev, const struct lk_signer_key *was,
                        const struct lk_signer_key *k, const char *field, char *err, size_t errlen)
{
	char maker[37];
	int rc = s_key_maker(pg, k->id, maker);
	if (rc != 0)
		return rc;
	return lk_signer_key_transition(lk_role_name(dev->role), was, k, field, !strcmp(maker, dev->id), err, errlen);
}

int rules_signer_key(PGconn *pg, const ProtobufCMessage *rec, const ProtobufCMessage *cur, const Lokmin__Op *op,
                     const struct lk_device *dev, char *err, size_t errlen)
{
	const struct lk_entity *e = s_entity_of(rec);
	ProtobufCMessage *next = s_proposed(e, rec, cur, op);
	struct lk_signer_key k, was;
	const char *f;
	int rc = 0;
	if (next == NULL)
		return -LK_ENOMEM;
	lk_signer_key_of(&k, next, "");
	if (lk_record_deleted(next)) {
		snprintf(err, errlen, "signing keys are never deleted (old signatures are checked against them); the "
		                      "district revokes a key");
		rc = -LK_EINVAL;
	} else if (cur == NULL) {
		rc = s_key_new(pg, &k, err, errlen);
	} else if ((f = s_changed_field(cur, next, op)) != NULL) {
		lk_signer_key_of(&was, cur, "");
		rc = s_key_change(pg, dev, &was, &k, f, err, errlen);
	}
	lk_record_free(next);
	return rc;
}

/* ---------------------------------------------------------------- delegations */

int rules_delegation(PGconn *pg, const ProtobufCMessage *rec, const ProtobufCMessage *cur, const Lokmin__Op *op,
                     const struct lk_device *dev, char *err, size_t errlen)
{
	const struct lk_entity *e = s_entity_of(rec);
	ProtobufCMessage *next = s_proposed(e, rec, cur, op);
	struct lk_delegation d;
	char kab[16], kec[16], pusk[16];
	int rc = 0;
	if (next == NULL)
		return -LK_ENOMEM;
	lk_signer_delegation_of(&d, next);
	if (cur != NULL) {
		const char *f = s_changed_field(cur, next, op);
		if (f) {
			snprintf(err, errlen, "a delegation never changes (%s); it ends on valid_until, or the district "
			                      "revokes the deputy's key", f);
			rc = -LK_EINVAL;
		}
		goto out;
	}
	if (lk_record_deleted(next)) {
		snprintf(err, errlen, "a delegation is never deleted");
		rc = -LK_EINVAL;
		goto out;
	}
	if ((rc = s_person_office(pg, d.person_id, kab, kec, pusk)) < 0)
		goto out;
	if (rc == 0 || strcmp(kab, d.kab) || strcmp(kec, d.kec) || strcmp(pusk, d.pusk)) {
		snprintf(err, errlen, "delegation: person %s is not a person of this office", d.person_id);
		rc = -LK_EINVAL;
		goto out;
	}
	rc = 0;
	if (!d.granted_by_key[0]) {
		rc = lk_signer_delegation_grant(lk_role_name(dev->role), &d, err, errlen);
		goto out;
	}
	struct keyrow g;
	if ((rc = s_key_load(pg, d.granted_by_key, &g)) <= 0) {
		if (rc == 0)
			snprintf(err, errlen, "delegation: the granting key %s is not known", d.granted_by_key);
		rc = rc < 0 ? rc : -LK_EINVAL;
		goto out;
	}
	rc = lk_signer_delegation_check(&d, &g.k, err, errlen);
	if (rc == 0)
		rc = lk_signer_key_current(&g.k, err, errlen);
	s_key_free(&g);
	if (rc == -LK_ECRYPTO)
		rc = -LK_EINVAL;
out:
	lk_record_free(next);
	return rc;
}

/* ---------------------------------------------------------------- persons */

/* person.sign_pk is trusted by no one and set by no one; the signing roles of
 * an existing person change only from the district. */
int rules_person(PGconn *pg, const ProtobufCMessage *rec, const ProtobufCMessage *cur, const Lokmin__Op *op,
                 const struct lk_device *dev, char *err, size_t errlen)
{
	(void)pg;
	char *pk = lk_record_get(rec, "sign_pk"), *was_pk = cur ? lk_record_get(cur, "sign_pk") : strdup("");
	int rc = 0;
	for (size_t i = 0; i < op->n_fields && rc == 0; i++)
		if (!strcmp(op->fields[i], "sign_pk") && strcmp(pk, was_pk) != 0) {
			snprintf(err, errlen, "person.sign_pk is no longer used: a signing key is a signer_key record, "
			                      "confirmed by the district (`lokmin sign keygen`)");
			rc = -LK_EINVAL;
		}
	if (rc == 0 && cur == NULL && pk[0]) {
		snprintf(err, errlen, "person.sign_pk is no longer used: a signing key is a signer_key record");
		rc = -LK_EINVAL;
	}
	free(pk);
	free(was_pk);
	if (rc != 0 || cur == NULL)
		return rc;
	char *role = lk_record_get(rec, "role"), *was = lk_record_get(cur, "role");
	for (size_t i = 0; i < op->n_fields && rc == 0; i++)
		if (!strcmp(op->fields[i], "role"))
			rc = lk_person_role_change(lk_role_name(dev->role), was, role, err, errlen);
	free(role);
	free(was);
	return rc;
}

/* ---------------------------------------------------------------- signed records */

/* Load the deputy's delegations at the office, keeping those whose grant holds.
 * dels gets up to max entries pointing into *res (caller clears). */
static int s_delegations(PGconn *pg, const struct lk_signature *s, PGresult **res, struct lk_delegation *dels,
                         size_t max, size_t *n)
{
	const char *p[4] = {s->person_id, s->kab, s->kec, s->pusk};
	char why[200];
	*n = 0;
	*res = db_exec(pg, "delegations_of", 4, p);
	if (*res == NULL || PQresultStatus(*res) != PGRES_TUPLES_OK) {
		int rc = db_error(pg, *res);
		return rc ? rc : -LK_EINTERNAL;
	}
	for (int i = 0; i < PQntuples(*res) && *n < max; i++) {
		const PGresult *r = *res;
#define V(j) PQgetvalue(r, i, j)
		struct lk_delegation d = {V(0), V(1), V(2), V(3), V(4), V(5), V(6), V(7), V(8), V(9), V(10)};
#undef V
		struct keyrow g = {0};
		int ok = 1;
		if (d.granted_by_key[0]) {
			int got = s_key_load(pg, d.granted_by_key, &g);
			if (got < 0)
				return got;
			ok = got > 0 && lk_signer_delegation_check(&d, &g.k, why, sizeof why) == 0;
			s_key_free(&g);
		}
		if (ok)
			dels[(*n)++] = d;
	}
	return 0;
}

/* A new signature: made with a key of the signer for this office that is not
 * revoked, valid at the signing time, within the hour of the server's clock,
 * a deputy's only inside a delegation; and it verifies. */
static int s_signature(PGconn *pg, const struct lk_signature *s, const char *key_id, char *err, size_t errlen)
{
	struct keyrow kr;
	struct lk_delegation dels[16];
	size_t nd = 0;
	PGresult *dres = NULL;
	char limit[24];
	time_t t = time(NULL) + 3600;
	int rc;
	strftime(limit, sizeof limit, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	if (!key_id[0]) {
		snprintf(err, errlen, "the signature does not verify: it names no confirmed key (signer_key_id), so the signer "
		                      "is not the Kapus of this office for the server");
		return -LK_EINVAL;
	}
	if (strcmp(s->at, limit) > 0) {
		snprintf(err, errlen, "the signing time %s is in the future", s->at);
		return -LK_EINVAL;
	}
	if ((rc = s_key_load(pg, key_id, &kr)) <= 0) {
		if (rc == 0)
			snprintf(err, errlen, "the signing key %s is not known to the server", key_id);
		return rc < 0 ? rc : -LK_EINVAL;
	}
	if (!strcmp(kr.k.status, "revoked")) {
		snprintf(err, errlen, "the signing key %s has been revoked by the district; it makes no new signatures",
		         key_id);
		rc = -LK_EINVAL;
	} else if (!strcmp(kr.k.capacity, "deputy") &&
	           (rc = s_delegations(pg, s, &dres, dels, LK_ARRAY_LEN(dels), &nd)) != 0) {
		/* database trouble: rc says so */
	} else {
		rc = lk_signer_verify(s, &kr.k, dels, nd, err, errlen);
	}
	PQclear(dres);
	s_key_free(&kr);
	return rc == -LK_ECRYPTO ? -LK_EINVAL : rc;
}

/*
 * Invitations and minutes: once signed, sealed whole (minutes may be marked
 * submitted once); a new signature must hold (s_signature) over the exact
 * bytes of the document.
 */
int rules_signed_doc(PGconn *pg, const ProtobufCMessage *rec, const ProtobufCMessage *cur, const Lokmin__Op *op,
                     const struct lk_device *dev, char *err, size_t errlen)
{
	(void)dev;
	const struct lk_entity *e = s_entity_of(rec);
	if (cur != NULL && lk_record_sealed_field(e, cur, "document")) {
		for (size_t i = 0; i < op->n_fields; i++)
			if (lk_record_sealed_field(e, cur, op->fields[i]) && !lk_record_field_equal(cur, rec, op->fields[i])) {
				snprintf(err, errlen, "the %s is signed and sealed; %s cannot change (a correction is a new %s)",
				         e->name, op->fields[i], !strcmp(e->name, "minutes") ? "revision" : "letter");
				return -LK_EINVAL;
			}
		return 0;
	}
	ProtobufCMessage *next = s_proposed(e, rec, cur, op);
	if (next == NULL)
		return -LK_ENOMEM;
	char *sig = lk_record_get(next, "signature"), *who = lk_record_get(next, "signer_person_id"),
	     *at = lk_record_get(next, "signed_at"), *doc = lk_record_get(next, "document"),
	     *key = lk_record_get(next, "signer_key_id");
	const char *kab, *kec, *pusk;
	lk_record_keys(next, &kab, &kec, &pusk);
	int rc = 0;
	if (!strcmp(e->name, "minutes")) {
		/* Marked submitted by this change: only signed minutes go to the district (the signature is checked next). */
		char *sub = lk_record_get(next, "submitted_at"), *was = cur ? lk_record_get(cur, "submitted_at") : NULL;
		if (sub[0] && strcmp(sub, was ? was : "") != 0)
			rc = lk_minutes_submit(sig, NULL, err, errlen);
		free(sub);
		free(was);
	}
	if (rc == 0 && sig[0]) {
		struct lk_signature s = {who, kab, kec, pusk, at, sig, (const uint8_t *)doc, strlen(doc)};
		rc = s_signature(pg, &s, key, err, errlen);
	}
	free(sig);
	free(who);
	free(at);
	free(doc);
	free(key);
	lk_record_free(next);
	return rc;
}

/* 1 when op names field. */
static int s_names(const Lokmin__Op *op, const char *field)
{
	for (size_t i = 0; i < op->n_fields; i++)
		if (!strcmp(op->fields[i], field))
			return 1;
	return 0;
}

/*
 * Verified only once done (lk_rtl_transition), as far as the server can see:
 * one push carries every change a device made between two syncs, so an item
 * done and verified offline arrives as open -> verified, closed (closed_on) by
 * the same change; and a dropped item done again on the day it was dropped
 * keeps its closed_on, so it cannot be told from a dropped one. Both count as
 * done; an open or in-progress item that this change does not close does not.
 */
static int s_rtl_from_done(const ProtobufCMessage *cur, const ProtobufCMessage *next, const Lokmin__Op *op, char *err,
                           size_t errlen)
{
	char *from = cur ? lk_record_get(cur, "status") : strdup(""), *closed = lk_record_get(next, "closed_on");
	int rc = -LK_ENOMEM;
	if (from && closed) {
		int closed_here = closed[0] && (cur == NULL || s_names(op, "closed_on") || !strcmp(from, "dropped"));
		rc = lk_rtl_transition(closed_here ? "done" : from, "verified", err, errlen);
	}
	free(from);
	free(closed);
	return rc;
}

/* RTL items: verified only once done, with the signed verification of the head
 * (or a deputy in force), and sealed afterwards but for progress notes. */
int rules_rtl(PGconn *pg, const ProtobufCMessage *rec, const ProtobufCMessage *cur, const Lokmin__Op *op,
              const struct lk_device *dev, char *err, size_t errlen)
{
	(void)dev;
	const struct lk_entity *e = s_entity_of(rec);
	if (cur != NULL && lk_record_sealed_field(e, cur, "status")) {
		for (size_t i = 0; i < op->n_fields; i++)
			if (lk_record_sealed_field(e, cur, op->fields[i]) && !lk_record_field_equal(cur, rec, op->fields[i])) {
				snprintf(err, errlen, "the RTL item is verified and sealed; %s cannot change", op->fields[i]);
				return -LK_EINVAL;
			}
		return 0;
	}
	ProtobufCMessage *next = s_proposed(e, rec, cur, op);
	if (next == NULL)
		return -LK_ENOMEM;
	char *status = lk_record_get(next, "status"), *who = lk_record_get(next, "verified_by"),
	     *at = lk_record_get(next, "verified_at"), *sig = lk_record_get(next, "verification_sig"),
	     *key = lk_record_get(next, "verified_key_id"), *st = lk_signer_rtl_statement(next);
	const char *kab, *kec, *pusk;
	lk_record_keys(next, &kab, &kec, &pusk);
	int rc = 0;
	if (st == NULL) {
		rc = -LK_ENOMEM;
	} else if (!strcmp(status, "verified") && (rc = s_rtl_from_done(cur, next, op, err, errlen)) != 0) {
		/* verified without being done */
	} else if (!strcmp(status, "verified")) {
		struct lk_signature s = {who, kab, kec, pusk, at, sig, (const uint8_t *)st, strlen(st)};
		rc = s_signature(pg, &s, key, err, errlen);
		if (rc == -LK_EINVAL) {
			char why[256];
			snprintf(why, sizeof why, "%s", err);
			snprintf(err, errlen, "the RTL verification is not the head's valid signature: %s", why);
		}
	}
	free(status);
	free(who);
	free(at);
	free(sig);
	free(key);
	free(st);
	lk_record_free(next);
	return rc;
}
