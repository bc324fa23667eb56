/* signed_doc: signing and showing sealed documents (invitations, minutes) with a signer's Ed25519 key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "client.h"
#include "lk_error.h"
#include "lk_sign.h"
#include "lk_util.h"
#include "store.h"

int doc_sign(struct session *s, lk_store *st, const char *entity, const char *id, const char *person)
{
	const struct lk_entity *e = lk_entity_find(entity);
	ProtobufCMessage *inv = NULL, *p = NULL;
	uint8_t sk[LK_SIGN_SKLEN], pk[LK_SIGN_PKLEN], sig[LK_SIGN_SIGLEN];
	char hex[2 * LK_SIGN_SIGLEN + 1], pkhex[2 * LK_SIGN_PKLEN + 1], now[24], err[300];
	int rc = 1;
	if (lk_store_get(st, e, id, &inv) != 0 || lk_store_get(st, lk_entity_find("person"), person, &p) != 0) {
		fprintf(stderr, "lokmin: no %s %s or person %s on this device\n", entity, id, person);
		goto out;
	}
	char *role = lk_record_get(p, "role"), *cursig = lk_record_get(inv, "signature"), *regpk = lk_record_get(p, "sign_pk");
	const char *ikab, *ikec, *ipusk;
	lk_record_keys(inv, &ikab, &ikec, &ipusk);
	int head = !strcmp(role, ipusk[0] ? "kapus" : "camat");
	int already = cursig[0] != 0;
	free(role);
	free(cursig);
	if (already) {
		fprintf(stderr, "lokmin: this %s is already signed and sealed\n", entity);
		free(regpk);
		goto out;
	}
	if (!head) {
		fprintf(stderr, "lokmin: only the %s signs the %s\n", ipusk[0] ? "Kapus" : "Camat", entity);
		free(regpk);
		goto out;
	}
	if (sign_load(s, person, sk) != 0) {
		fprintf(stderr, "lokmin: cannot open the signing key of %s (wrong passphrase, or no key: `lokmin sign keygen`)\n",
		        person);
		free(regpk);
		goto out;
	}
	lk_sign_public(pk, sk);
	if (strcmp(regpk, lk_hex_encode(pkhex, pk, sizeof pk)) != 0) {
		fprintf(stderr, "lokmin: this key is not the one registered for %s\n", person);
		free(regpk);
		sodium_memzero(sk, sizeof sk);
		goto out;
	}
	free(regpk);
	char *doc = lk_record_get(inv, "document");
	lk_sign(sig, (const uint8_t *)doc, strlen(doc), sk);
	sodium_memzero(sk, sizeof sk);
	free(doc);
	now_iso(now);
	const char *f[3] = {"signature", "signer_person_id", "signed_at"};
	if (lk_record_set(inv, "signature", lk_hex_encode(hex, sig, sizeof sig)) ||
	    lk_record_set(inv, "signer_person_id", person) || lk_record_set(inv, "signed_at", now) ||
	    lk_store_put(st, e, inv, f, 3, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err);
		goto out;
	}
	printf("signed %s at %s; sealed\n", id, now);
	rc = 0;
out:
	lk_record_free(inv);
	lk_record_free(p);
	return rc;
}

int doc_show(lk_store *st, const char *entity, const char *id)
{
	ProtobufCMessage *inv = NULL, *p = NULL;
	if (lk_store_get(st, lk_entity_find(entity), id, &inv) != 0) {
		fprintf(stderr, "lokmin: no %s %s on this device\n", entity, id);
		return 1;
	}
	char *doc = lk_record_get(inv, "document"), *sig = lk_record_get(inv, "signature"),
	     *who = lk_record_get(inv, "signer_person_id"), *at = lk_record_get(inv, "signed_at");
	printf("%s\n", doc);
	const char *state = "NOT SIGNED";
	if (sig[0]) {
		uint8_t pk[32], sg[64];
		char *regpk = NULL, *name = NULL;
		state = "SIGNATURE DOES NOT VERIFY";
		if (lk_store_get(st, lk_entity_find("person"), who, &p) == 0) {
			regpk = lk_record_get(p, "sign_pk");
			name = lk_record_get(p, "name");
			if (lk_hex_decode(pk, sizeof pk, regpk) == 0 && lk_hex_decode(sg, sizeof sg, sig) == 0 &&
			    lk_sign_verify(sg, (const uint8_t *)doc, strlen(doc), pk) == 0)
				state = "signed";
			printf("%s\n", name);
		}
		printf("\n[%s by %s at %s]\n", state, who, at);
		free(regpk);
		free(name);
	} else {
		printf("\n[%s]\n", state);
	}
	int ok = !strcmp(state, "signed") || !sig[0];
	free(doc);
	free(sig);
	free(who);
	free(at);
	lk_record_free(inv);
	lk_record_free(p);
	return ok ? 0 : 1;
}

