/* signed_doc: signing and showing sealed documents (invitations, minutes) with a signer's confirmed Ed25519 key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "client.h"
#include "lk_error.h"
#include "lk_sign.h"
#include "lk_util.h"
#include "signer.h"
#include "store.h"

struct dels {
	const char *at;
	int any, in_force;
	char span[80];
};

static int s_del_row(const char *const *row, int ncol, void *arg)
{
	struct dels *d = arg;
	struct lk_delegation dl = {.valid_from = row[0], .valid_until = row[1]};
	(void)ncol;
	d->any++;
	if (lk_signer_delegation_in_force(&dl, d->at) == 0)
		d->in_force++;
	else
		snprintf(d->span, sizeof d->span, "%s %s to %s", row[2], row[0], row[1]);
	return 0;
}

/* Whether person may sign for the office of rec now: as its head (by the staff
 * list; the key chain decides in the end), or as a deputy with a delegation in
 * force today. Prints why not; 0 or 1. *deputy says which. */
int sign_authority(lk_store *st, const ProtobufCMessage *rec, const ProtobufCMessage *person, const char *action,
                   const char *now, int *deputy)
{
	const char *kab, *kec, *pusk, *pkab, *pkec, *ppusk;
	lk_record_keys(rec, &kab, &kec, &pusk);
	lk_record_keys(person, &pkab, &pkec, &ppusk);
	char *role = lk_record_get(person, "role"), *name = lk_record_get(person, "name");
	const char *head = pusk[0] ? "Kapus" : "Camat";
	int same = !strcmp(kab, pkab) && !strcmp(kec, pkec) && !strcmp(pusk, ppusk), rc = 1;
	*deputy = 0;
	if (same && !strcmp(role, pusk[0] ? "kapus" : "camat")) {
		rc = 0;
	} else if (same) {
		struct dels d = {.at = now};
		const char *p[4] = {lk_record_id(person), kab, kec, pusk};
		lk_store_query(st,
		               "SELECT valid_from, valid_until, kind FROM delegation WHERE person_id = ?1 AND "
		               "kabupaten_code = ?2 AND kecamatan_code = ?3 AND puskesmas_code = ?4 AND deleted = 0",
		               p, 4, s_del_row, &d);
		if (d.in_force) {
			*deputy = 1;
			rc = 0;
		} else if (d.any) {
			fprintf(stderr, "lokmin: only the %s %s: the delegation of %s (%s) is not in force on %.10s\n", head,
			        action, name, d.span, now);
		} else {
			fprintf(stderr, "lokmin: only the %s %s (or a deputy with a delegation: `lokmin sign delegate`); %s is %s\n",
			        head, action, name, role[0] ? role : "not a signing officer");
		}
	} else {
		fprintf(stderr, "lokmin: only the %s %s; %s is not of this office\n", head, action, name);
	}
	free(role);
	free(name);
	return rc;
}

int doc_sign(struct session *s, lk_store *st, const char *entity, const char *id, const char *person)
{
	const struct lk_entity *e = lk_entity_find(entity);
	ProtobufCMessage *doc = NULL, *p = NULL;
	struct signer_keyrec kr = {0};
	uint8_t sk[LK_SIGN_SKLEN], sig[LK_SIGN_SIGLEN];
	char hex[2 * LK_SIGN_SIGLEN + 1], now[24], err[300], *name = NULL, *text = NULL;
	int rc = 1, deputy;
	if (lk_store_get(st, e, id, &doc) != 0 || lk_store_get(st, lk_entity_find("person"), person, &p) != 0) {
		fprintf(stderr, "lokmin: no %s %s or person %s on this device\n", entity, id, person);
		goto out;
	}
	char *cursig = lk_record_get(doc, "signature");
	int already = cursig[0] != 0;
	free(cursig);
	if (already) {
		fprintf(stderr, "lokmin: this %s is already signed and sealed\n", entity);
		goto out;
	}
	now_iso(now);
	char action[64];
	snprintf(action, sizeof action, "signs the %s", entity);
	if (sign_authority(st, doc, p, action, now, &deputy) != 0)
		goto out;
	name = lk_record_get(p, "name");
	if (sign_pick(s, st, person, name, &kr) != 0)
		goto out;
	if (strcmp(kr.k.capacity, deputy ? "deputy" : "head") != 0) {
		fprintf(stderr, "lokmin: the key %s of %s is a %s's key; %s signs here as %s\n", kr.k.id, name, kr.k.capacity,
		        name, deputy ? "a deputy" : "the head");
		goto out;
	}
	if (sign_open(s, &kr, sk) != 0) {
		fprintf(stderr, "lokmin: cannot open the signing key of %s (wrong passphrase, or no key: `lokmin sign keygen`)\n",
		        person);
		goto out;
	}
	text = lk_record_get(doc, "document");
	lk_sign(sig, (const uint8_t *)text, strlen(text), sk);
	sodium_memzero(sk, sizeof sk);
	const char *f[4] = {"signature", "signer_person_id", "signed_at", "signer_key_id"};
	if (lk_record_set(doc, "signature", lk_hex_encode(hex, sig, sizeof sig)) ||
	    lk_record_set(doc, "signer_person_id", person) || lk_record_set(doc, "signed_at", now) ||
	    lk_record_set(doc, "signer_key_id", kr.k.id))
		goto out;
	/* The same judgement the server and every reader make, before anything is written. */
	if (signer_record_state(st, e, doc, err, sizeof err) != SIGNER_VERIFIED) {
		fprintf(stderr, "lokmin: the signature would not hold: %s\n", err);
		goto out;
	}
	if (lk_store_put(st, e, doc, f, 4, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err);
		goto out;
	}
	printf("signed %s at %s with key %s; sealed\n", id, now, kr.k.id);
	rc = 0;
out:
	free(name);
	free(text);
	signer_key_release(&kr);
	lk_record_free(doc);
	lk_record_free(p);
	return rc;
}

int doc_show(lk_store *st, const char *entity, const char *id)
{
	const struct lk_entity *e = lk_entity_find(entity);
	ProtobufCMessage *doc = NULL, *p = NULL;
	char why[300];
	if (lk_store_get(st, e, id, &doc) != 0) {
		fprintf(stderr, "lokmin: no %s %s on this device\n", entity, id);
		return 1;
	}
	char *text = lk_record_get(doc, "document"), *who = lk_record_get(doc, "signer_person_id"),
	     *at = lk_record_get(doc, "signed_at"), *key = lk_record_get(doc, "signer_key_id");
	printf("%s\n", text);
	enum signer_state state = signer_record_state(st, e, doc, why, sizeof why);
	if (state != SIGNER_UNSIGNED) {
		if (lk_store_get(st, lk_entity_find("person"), who, &p) == 0) {
			char *name = lk_record_get(p, "name");
			printf("%s\n", name);
			free(name);
		}
		if (state == SIGNER_VERIFIED)
			printf("\n[signed by %s at %s, key %s]\n", who, at, key);
		else
			printf("\n[SIGNATURE DOES NOT VERIFY by %s at %s: %s]\n", who, at, why);
	} else {
		printf("\n[NOT SIGNED]\n");
	}
	free(text);
	free(who);
	free(at);
	free(key);
	lk_record_free(doc);
	lk_record_free(p);
	return state == SIGNER_INVALID ? 1 : 0;
}
