/* lk_signer: who may sign for an office and whether a signature holds: key validity, endorsements, deputies, statements. */
#ifndef LK_SIGNER_H
#define LK_SIGNER_H

#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#include "lk_entity.h"

/*
 * The server (PostgreSQL) and the client (SQLite) each fill these plain
 * structs from their own storage and ask this module; the rules live only
 * here. Every string is borrowed and never NULL ("" when empty). Times are
 * "YYYY-MM-DDTHH:MM:SSZ" (UTC), which compare as text.
 */
struct lk_signer_key {
	const char *id, *person_id;
	const char *kab, *kec, *pusk; /* the office the key signs for */
	const char *public_key;       /* 64 lower-case hex digits */
	const char *capacity;         /* head or deputy */
	const char *created_at;
	const char *endorsed_by, *endorsement;
	int replaces;
	const char *status;           /* pending, active, revoked */
	const char *confirmed_at, *revoked_at;
	/* created_at of the earliest non-pending key that replaced this one (a
	 * rotation endorsed by it), "" when none: the caller looks it up. */
	const char *replaced_at;
};

struct lk_delegation {
	const char *id, *person_id;
	const char *kab, *kec, *pusk;
	const char *kind;             /* plt, plh, an */
	const char *valid_from, *valid_until; /* YYYY-MM-DD, both days included */
	const char *granted_by_key, *grant_signature, *granted_at;
};

/* One signature to judge: who signed, for which office, when, over what. */
struct lk_signature {
	const char *person_id;
	const char *kab, *kec, *pusk;
	const char *at;               /* signed_at */
	const char *sig_hex;          /* 128 hex digits */
	const uint8_t *msg;
	size_t len;
};

#define LK_SIGNER_FPRLEN 40 /* 8 groups of 4 hex digits, 7 spaces and the NUL */

/* The fingerprint people compare aloud: BLAKE2b-128 of the public key, as
 * "xxxx xxxx ... xxxx". Returns out; "(bad key)" when the hex is not a key. */
char *lk_signer_fingerprint(char out[LK_SIGNER_FPRLEN], const char *public_key_hex);

/* Borrow the fields of a SignerKey or Delegation record (m must outlive k). */
void lk_signer_key_of(struct lk_signer_key *k, const ProtobufCMessage *m, const char *replaced_at);
void lk_signer_delegation_of(struct lk_delegation *d, const ProtobufCMessage *m);

/* The canonical statements that are signed (malloc'd, caller frees; NULL when
 * out of memory). Each line is "name length:value", so no value can forge
 * another line. */
char *lk_signer_key_statement(const struct lk_signer_key *k);
char *lk_signer_delegation_statement(const struct lk_delegation *d);
char *lk_signer_rtl_statement(const ProtobufCMessage *rtl);

/* 0 when k could sign at time at: confirmed by the district or endorsed,
 * not pending, at inside [created_at, end) where end is revoked_at or
 * replaced_at. -LK_EINVAL with the reason otherwise. */
int lk_signer_key_valid_at(const struct lk_signer_key *k, const char *at, char *why, size_t n);
/* 0 when k may make a new signature now: valid, not revoked, not replaced. */
int lk_signer_key_current(const struct lk_signer_key *k, char *why, size_t n);
/* 0 when newk's endorsement holds: by e, a current key valid at newk's
 * created_at, of the same person (a rotation or another device), or a head key
 * of the same office endorsing a deputy key; the signature verifies over
 * newk's statement. -LK_EINVAL or -LK_ECRYPTO with the reason. */
int lk_signer_endorsement_check(const struct lk_signer_key *newk, const struct lk_signer_key *e, char *why,
                                size_t n);
/* 0 when delegation d was granted: by the district (granted_by_key empty,
 * granter NULL: the server takes such grants only from district devices), or
 * by granter, a head key of d's office valid at granted_at whose signature
 * verifies over d's statement. */
int lk_signer_delegation_check(const struct lk_delegation *d, const struct lk_signer_key *granter, char *why,
                               size_t n);
/* 0 when d is in force on the day of time at (YYYY-MM-DD... prefix). */
int lk_signer_delegation_in_force(const struct lk_delegation *d, const char *at);
/*
 * 0 when signature s holds: k is a key of s's signer for s's office, valid at
 * s->at, and the signature verifies over the message; a deputy key also needs
 * one of dels (the signer's delegations at this office that the caller has
 * checked with lk_signer_delegation_check) in force on that day. -LK_EINVAL or
 * -LK_ECRYPTO with the reason in why.
 */
int lk_signer_verify(const struct lk_signature *s, const struct lk_signer_key *k, const struct lk_delegation *dels,
                     size_t ndels, char *why, size_t n);

/*
 * May a device of device_role change stored key was into k? field is the first
 * field the change alters (named in the refusal); made_here is 1 when this
 * device made the key. Only the district confirms (a pending key, with
 * confirmed_at, from another device than the one that made it, which compares
 * the fingerprint with the signer) or revokes (for good); a key never goes
 * back. device_role is a name of lk_role_name. 0 or -LK_EINVAL with why.
 */
int lk_signer_key_transition(const char *device_role, const struct lk_signer_key *was, const struct lk_signer_key *k,
                             const char *field, int made_here, char *why, size_t n);
/* May a device of device_role record delegation d? One granted by no key
 * (granted_by_key empty) is the district's own grant, from a district device;
 * one granted by a key is judged by lk_signer_delegation_check. */
int lk_signer_delegation_grant(const char *device_role, const struct lk_delegation *d, char *why, size_t n);

/* Field rules of signer_key, delegation and the RTL verification, checked with
 * the entity table's (lk_record_validate). 0 or -LK_EINVAL with err. */
int lk_signer_record_check(const struct lk_entity *e, const ProtobufCMessage *m, char *err, size_t errlen);

#endif
