/* lk_signer: who may sign for an office and whether a signature holds: key validity, endorsements, deputies, statements. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_sign.h"
#include "lk_signer.h"
#include "lk_util.h"
#include "lokmin.pb-c.h"

static const char *s_nz(const char *s)
{
	return s ? s : "";
}

char *lk_signer_fingerprint(char out[LK_SIGNER_FPRLEN], const char *public_key_hex)
{
	uint8_t pk[LK_SIGN_PKLEN], h[16];
	char hex[33];
	if (public_key_hex == NULL || strlen(public_key_hex) != 64 || lk_hex_decode(pk, sizeof pk, public_key_hex) != 0) {
		snprintf(out, LK_SIGNER_FPRLEN, "(bad key)");
		return out;
	}
	crypto_generichash(h, sizeof h, pk, sizeof pk, NULL, 0);
	lk_hex_encode(hex, h, sizeof h);
	char *p = out;
	for (int g = 0; g < 8; g++) {
		if (g)
			*p++ = ' ';
		memcpy(p, hex + 4 * g, 4);
		p += 4;
	}
	*p = '\0';
	return out;
}

void lk_signer_key_of(struct lk_signer_key *k, const ProtobufCMessage *m, const char *replaced_at)
{
	const Lokmin__SignerKey *r = (const Lokmin__SignerKey *)m;
	*k = (struct lk_signer_key){s_nz(r->id),           s_nz(r->person_id),   s_nz(r->kabupaten),
	                            s_nz(r->kecamatan),    s_nz(r->puskesmas),   s_nz(r->public_key),
	                            s_nz(r->capacity),     s_nz(r->created_at),  s_nz(r->endorsed_by),
	                            s_nz(r->endorsement),  r->replaces != 0,     s_nz(r->status),
	                            s_nz(r->confirmed_at), s_nz(r->revoked_at),  s_nz(replaced_at)};
}

void lk_signer_delegation_of(struct lk_delegation *d, const ProtobufCMessage *m)
{
	const Lokmin__Delegation *r = (const Lokmin__Delegation *)m;
	*d = (struct lk_delegation){s_nz(r->id),          s_nz(r->person_id),      s_nz(r->kabupaten),
	                            s_nz(r->kecamatan),   s_nz(r->puskesmas),      s_nz(r->kind),
	                            s_nz(r->valid_from),  s_nz(r->valid_until),    s_nz(r->granted_by_key),
	                            s_nz(r->grant_signature), s_nz(r->granted_at)};
}

/* ---------------------------------------------------------------- statements */

struct stmt {
	FILE *f;
	char *buf;
	size_t len;
};

static int s_open(struct stmt *st, const char *kind)
{
	memset(st, 0, sizeof *st);
	st->f = open_memstream(&st->buf, &st->len);
	if (st->f == NULL)
		return -1;
	fprintf(st->f, "%s\n", kind);
	return 0;
}

static void s_line(struct stmt *st, const char *name, const char *value)
{
	value = s_nz(value);
	fprintf(st->f, "%s %zu:%s\n", name, strlen(value), value);
}

static char *s_close(struct stmt *st)
{
	fclose(st->f);
	return st->buf;
}

char *lk_signer_key_statement(const struct lk_signer_key *k)
{
	struct stmt st;
	if (s_open(&st, "lokmin signer key 1") != 0)
		return NULL;
	s_line(&st, "key", k->id);
	s_line(&st, "person", k->person_id);
	s_line(&st, "kabupaten", k->kab);
	s_line(&st, "kecamatan", k->kec);
	s_line(&st, "puskesmas", k->pusk);
	s_line(&st, "public_key", k->public_key);
	s_line(&st, "capacity", k->capacity);
	s_line(&st, "created_at", k->created_at);
	s_line(&st, "endorsed_by", k->endorsed_by);
	s_line(&st, "replaces", k->replaces ? "1" : "0");
	return s_close(&st);
}

char *lk_signer_delegation_statement(const struct lk_delegation *d)
{
	struct stmt st;
	if (s_open(&st, "lokmin delegation 1") != 0)
		return NULL;
	s_line(&st, "delegation", d->id);
	s_line(&st, "person", d->person_id);
	s_line(&st, "kabupaten", d->kab);
	s_line(&st, "kecamatan", d->kec);
	s_line(&st, "puskesmas", d->pusk);
	s_line(&st, "kind", d->kind);
	s_line(&st, "valid_from", d->valid_from);
	s_line(&st, "valid_until", d->valid_until);
	s_line(&st, "granted_by_key", d->granted_by_key);
	s_line(&st, "granted_at", d->granted_at);
	return s_close(&st);
}

/* What an RTL verification vouches for: the item as agreed and its outcome. */
static const char *const s_rtl_covered[] = {
	"id",        "kabupaten",         "kecamatan",       "puskesmas",       "meeting_id",
	"activity",  "due_date",          "owner_person_id", "owner_sector_id", "owner_puskesmas",
	"success_indicator", "closed_on", "status",          "verified_by",     "verified_key_id",
	"verified_at",
};

char *lk_signer_rtl_statement(const ProtobufCMessage *rtl)
{
	struct stmt st;
	if (s_open(&st, "lokmin rtl verification 1") != 0)
		return NULL;
	for (size_t i = 0; i < LK_ARRAY_LEN(s_rtl_covered); i++) {
		char *v = lk_record_get(rtl, s_rtl_covered[i]);
		s_line(&st, s_rtl_covered[i], v);
		free(v);
	}
	return s_close(&st);
}

/* ---------------------------------------------------------------- validity */

/* Say why in why (the caller's buffer of n bytes) and give rc. */
#define FAIL(rc, ...) (snprintf(why, n, __VA_ARGS__), (rc))

/* The end of k's window: the earlier of revoked_at and replaced_at ("" = open). */
static const char *s_end(const struct lk_signer_key *k)
{
	const char *r = k->revoked_at, *p = k->replaced_at;
	if (!r[0])
		return p;
	if (!p[0])
		return r;
	return strcmp(r, p) < 0 ? r : p;
}

int lk_signer_key_valid_at(const struct lk_signer_key *k, const char *at, char *why, size_t n)
{
	if (!strcmp(k->status, "pending"))
		return FAIL(-LK_EINVAL, "key %s is waiting for the district's confirmation", k->id);
	if (strcmp(k->status, "active") && strcmp(k->status, "revoked"))
		return FAIL(-LK_EINVAL, "key %s has an unknown status \"%.20s\"", k->id, k->status);
	if (!k->confirmed_at[0] && !k->endorsed_by[0])
		return FAIL(-LK_EINVAL, "key %s was neither confirmed by the district nor endorsed", k->id);
	if (!at || !at[0] || strcmp(at, k->created_at) < 0)
		return FAIL(-LK_EINVAL, "key %s did not exist yet at %s", k->id, at ? at : "");
	const char *end = s_end(k);
	if (end[0] && strcmp(at, end) >= 0)
		return FAIL(-LK_EINVAL, "key %s no longer signed at %s", k->id, at);
	return 0;
}

int lk_signer_key_current(const struct lk_signer_key *k, char *why, size_t n)
{
	if (!strcmp(k->status, "revoked") || k->revoked_at[0])
		return FAIL(-LK_EINVAL, "key %s has been revoked", k->id);
	if (k->replaced_at[0])
		return FAIL(-LK_EINVAL, "key %s has been replaced by a newer key (from %s)", k->id, k->replaced_at);
	if (!strcmp(k->status, "pending"))
		return FAIL(-LK_EINVAL, "key %s is waiting for the district's confirmation", k->id);
	return lk_signer_key_valid_at(k, k->created_at, why, n);
}

static int s_same_office(const char *kab, const char *kec, const char *pusk, const struct lk_signer_key *k)
{
	return !strcmp(kab, k->kab) && !strcmp(kec, k->kec) && !strcmp(pusk, k->pusk);
}

/* 0 when sig_hex is k's signature over msg. */
static int s_check_sig(const struct lk_signer_key *k, const char *sig_hex, const uint8_t *msg, size_t len)
{
	uint8_t pk[LK_SIGN_PKLEN], sg[LK_SIGN_SIGLEN];
	if (strlen(k->public_key) != 64 || lk_hex_decode(pk, sizeof pk, k->public_key) != 0 || strlen(sig_hex) != 128 ||
	    lk_hex_decode(sg, sizeof sg, sig_hex) != 0)
		return -LK_ECRYPTO;
	return lk_sign_verify(sg, msg, len, pk);
}

int lk_signer_endorsement_check(const struct lk_signer_key *newk, const struct lk_signer_key *e, char *why,
                                size_t n)
{
	int rc;
	if (e == NULL || strcmp(newk->endorsed_by, e->id) != 0)
		return FAIL(-LK_EINVAL, "the endorsing key %s is not known", newk->endorsed_by);
	if (!s_same_office(newk->kab, newk->kec, newk->pusk, e))
		return FAIL(-LK_EINVAL, "the endorsing key %s signs for another office", e->id);
	int same_person = !strcmp(e->person_id, newk->person_id);
	if (!same_person && !(strcmp(e->capacity, "head") == 0 && strcmp(newk->capacity, "deputy") == 0 && !newk->replaces))
		return FAIL(-LK_EINVAL,
		            "key %s may only endorse keys of its own person (or, as the head's key, a deputy's key)", e->id);
	if (same_person && !strcmp(e->capacity, "deputy") && !strcmp(newk->capacity, "head"))
		return FAIL(-LK_EINVAL, "a deputy key (%s) cannot endorse a head key", e->id);
	if ((rc = lk_signer_key_current(e, why, n)) != 0 || (rc = lk_signer_key_valid_at(e, newk->created_at, why, n)) != 0)
		return rc;
	char *st = lk_signer_key_statement(newk);
	if (st == NULL)
		return -LK_ENOMEM;
	rc = s_check_sig(e, newk->endorsement, (const uint8_t *)st, strlen(st));
	free(st);
	if (rc != 0)
		return FAIL(-LK_ECRYPTO, "the endorsement of key %s by key %s does not verify", newk->id, e->id);
	return 0;
}

int lk_signer_delegation_check(const struct lk_delegation *d, const struct lk_signer_key *granter, char *why,
                               size_t n)
{
	int rc;
	if (!d->granted_by_key[0])
		return granter == NULL ? 0 : FAIL(-LK_EINVAL, "delegation %s names no granting key", d->id);
	if (granter == NULL || strcmp(granter->id, d->granted_by_key) != 0)
		return FAIL(-LK_EINVAL, "the key %s that granted delegation %s is not known", d->granted_by_key,
		              d->id);
	if (!s_same_office(d->kab, d->kec, d->pusk, granter) || strcmp(granter->capacity, "head") != 0)
		return FAIL(-LK_EINVAL, "key %s is not a head's key of the office of delegation %s", granter->id,
		              d->id);
	if (!strcmp(granter->person_id, d->person_id))
		return FAIL(-LK_EINVAL, "the head cannot delegate to herself or himself (delegation %s)", d->id);
	if ((rc = lk_signer_key_valid_at(granter, d->granted_at, why, n)) != 0)
		return rc;
	char *st = lk_signer_delegation_statement(d);
	if (st == NULL)
		return -LK_ENOMEM;
	rc = s_check_sig(granter, d->grant_signature, (const uint8_t *)st, strlen(st));
	free(st);
	if (rc != 0)
		return FAIL(-LK_ECRYPTO, "the grant of delegation %s by key %s does not verify", d->id, granter->id);
	return 0;
}

int lk_signer_delegation_in_force(const struct lk_delegation *d, const char *at)
{
	char day[11];
	if (at == NULL || strlen(at) < 10)
		return -LK_EINVAL;
	memcpy(day, at, 10);
	day[10] = '\0';
	return strcmp(day, d->valid_from) >= 0 && strcmp(day, d->valid_until) <= 0 ? 0 : -LK_EINVAL;
}

int lk_signer_verify(const struct lk_signature *s, const struct lk_signer_key *k, const struct lk_delegation *dels,
                     size_t ndels, char *why, size_t n)
{
	int rc;
	if (k == NULL)
		return FAIL(-LK_EINVAL, "the signing key is not known");
	if (strcmp(k->person_id, s->person_id) != 0)
		return FAIL(-LK_EINVAL, "key %s belongs to another person, not to signer %s", k->id, s->person_id);
	if (!s_same_office(s->kab, s->kec, s->pusk, k))
		return FAIL(-LK_EINVAL, "key %s does not sign for this office (%s)", k->id,
		              s->pusk[0] ? s->pusk : s->kec);
	if ((rc = lk_signer_key_valid_at(k, s->at, why, n)) != 0)
		return rc;
	if (!strcmp(k->capacity, "deputy")) {
		int ok = 0;
		for (size_t i = 0; i < ndels && !ok; i++)
			ok = !strcmp(dels[i].person_id, s->person_id) && s_same_office(s->kab, s->kec, s->pusk, k) &&
			     !strcmp(dels[i].kab, s->kab) && !strcmp(dels[i].kec, s->kec) && !strcmp(dels[i].pusk, s->pusk) &&
			     lk_signer_delegation_in_force(&dels[i], s->at) == 0;
		if (!ok)
			return FAIL(-LK_EINVAL, "deputy key %s: no delegation in force on %.10s", k->id, s->at);
	} else if (strcmp(k->capacity, "head") != 0) {
		return FAIL(-LK_EINVAL, "key %s has an unknown capacity", k->id);
	}
	if (s_check_sig(k, s->sig_hex, s->msg, s->len) != 0)
		return FAIL(-LK_ECRYPTO, "the signature does not verify for this document and key %s", k->id);
	return 0;
}

/* ---------------------------------------------------------------- changes by devices */

static int s_district(const char *device_role)
{
	return device_role && strcmp(device_role, "dinkes") == 0;
}

int lk_signer_key_transition(const char *device_role, const struct lk_signer_key *was, const struct lk_signer_key *k,
                             const char *field, int made_here, char *why, size_t n)
{
	if (!s_district(device_role))
		return FAIL(-LK_EINVAL, "signer_key.%s: only the district confirms or revokes a signing key", s_nz(field));
	if (!strcmp(was->status, "revoked"))
		return FAIL(-LK_EINVAL, "signer_key: key %s is revoked for good", was->id);
	if (strcmp(was->status, k->status) == 0) {
		if (strcmp(was->confirmed_at, k->confirmed_at) || strcmp(was->revoked_at, k->revoked_at))
			return FAIL(-LK_EINVAL, "signer_key: confirmed_at and revoked_at change only with the status");
		return 0; /* the status note */
	}
	if (!strcmp(k->status, "active")) {
		if (strcmp(was->status, "pending") || !k->confirmed_at[0])
			return FAIL(-LK_EINVAL, "signer_key: only a pending key is confirmed, with confirmed_at");
		/* Confirming is a second person's check: the fingerprint read aloud to the signer. */
		if (made_here)
			return FAIL(-LK_EINVAL, "signer_key: the device that made a key cannot confirm it; another district "
			                        "device compares the fingerprint with the signer");
		return 0;
	}
	if (!strcmp(k->status, "revoked"))
		return 0; /* revoked_at is required by the field rules */
	return FAIL(-LK_EINVAL, "signer_key: a key goes from pending to active or revoked, never back");
}

int lk_signer_delegation_grant(const char *device_role, const struct lk_delegation *d, char *why, size_t n)
{
	if (d->granted_by_key[0] || s_district(device_role))
		return 0;
	return FAIL(-LK_EINVAL, "delegation: granted by the district (from a district device) or signed by the head's "
	                        "key (granted_by_key, grant_signature)");
}

/* ---------------------------------------------------------------- field rules */

static int s_lower_hex(const char *s, size_t len)
{
	if (strlen(s) != len)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s) && !(*s >= 'a' && *s <= 'f'))
			return 0;
	return 1;
}

static int s_key_check(const ProtobufCMessage *m, char *err, size_t errlen)
{
	const Lokmin__SignerKey *k = (const Lokmin__SignerKey *)m;
	const char *why = NULL;
	if (!s_lower_hex(s_nz(k->public_key), 64))
		why = "public_key must be 64 lower-case hex digits";
	else if (s_nz(k->endorsed_by)[0] && !s_lower_hex(s_nz(k->endorsement), 128))
		why = "an endorsed key needs its endorsement (128 lower-case hex digits)";
	else if (!s_nz(k->endorsed_by)[0] && (s_nz(k->endorsement)[0] || k->replaces))
		why = "an endorsement or a replacement needs endorsed_by";
	else if (!strcmp(s_nz(k->endorsed_by), s_nz(k->id)))
		why = "a key cannot endorse itself";
	else if (!strcmp(s_nz(k->status), "revoked") && !s_nz(k->revoked_at)[0])
		why = "a revoked key needs revoked_at";
	else if (strcmp(s_nz(k->status), "revoked") && s_nz(k->revoked_at)[0])
		why = "revoked_at is only for a revoked key";
	else if (!strcmp(s_nz(k->status), "active") && !s_nz(k->confirmed_at)[0] && !s_nz(k->endorsed_by)[0])
		why = "an active key is confirmed by the district (confirmed_at) or endorsed (endorsed_by)";
	if (why)
		snprintf(err, errlen, "%s", why);
	return why ? -LK_EINVAL : 0;
}

static int s_delegation_check(const ProtobufCMessage *m, char *err, size_t errlen)
{
	const Lokmin__Delegation *d = (const Lokmin__Delegation *)m;
	const char *why = NULL;
	if (strcmp(s_nz(d->valid_from), s_nz(d->valid_until)) > 0)
		why = "valid_until is before valid_from";
	else if (s_nz(d->granted_by_key)[0] && !s_lower_hex(s_nz(d->grant_signature), 128))
		why = "a delegation granted by a key needs grant_signature (128 lower-case hex digits)";
	else if (!s_nz(d->granted_by_key)[0] && s_nz(d->grant_signature)[0])
		why = "grant_signature needs granted_by_key";
	if (why)
		snprintf(err, errlen, "%s", why);
	return why ? -LK_EINVAL : 0;
}

/* A verified RTL item carries the whole verification; others carry none of it. */
static int s_rtl_check(const ProtobufCMessage *m, char *err, size_t errlen)
{
	const Lokmin__RtlItem *r = (const Lokmin__RtlItem *)m;
	int verified = !strcmp(s_nz(r->status), "verified");
	int some = s_nz(r->verified_by)[0] || s_nz(r->verified_key_id)[0] || s_nz(r->verified_at)[0] ||
	           s_nz(r->verification_sig)[0];
	int all = s_nz(r->verified_by)[0] && s_nz(r->verified_key_id)[0] && s_nz(r->verified_at)[0] &&
	          s_lower_hex(s_nz(r->verification_sig), 128);
	if (verified && !all) {
		snprintf(err, errlen, S_("a verified RTL item needs the signed verification of the head of the office "
		                      "(verified_by, verified_key_id, verified_at, verification_sig): `lokmin rtl verify`"));
		return -LK_EINVAL;
	}
	if (!verified && some) {
		snprintf(err, errlen, S_("verified_by, verified_key_id, verified_at and verification_sig are only for a "
		                      "verified RTL item"));
		return -LK_EINVAL;
	}
	return 0;
}

int lk_signer_record_check(const struct lk_entity *e, const ProtobufCMessage *m, char *err, size_t errlen)
{
	if (!strcmp(e->name, "signer_key"))
		return s_key_check(m, err, errlen);
	if (!strcmp(e->name, "delegation"))
		return s_delegation_check(m, err, errlen);
	if (!strcmp(e->name, "rtl"))
		return s_rtl_check(m, err, errlen);
	return 0;
}
