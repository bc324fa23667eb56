/* signed_doc: who may sign a meeting's documents, and signing and reading invitations and minutes with a confirmed key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "clock.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_rules.h"
#include "lk_sign.h"
#include "lk_util.h"
#include "meeting_records.h"
#include "signed_doc.h"
#include "signing.h"

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

/* The staff list says who heads the office (lk_head_role); the key chain
 * decides in the end, when the signature is verified. */
int dom_sign_authority(struct dom *d, const ProtobufCMessage *rec, const ProtobufCMessage *person,
                       const char *action, const char *now, int *deputy, struct dom_err *err)
{
	const char *kab, *kec, *pusk, *pkab, *pkec, *ppusk;
	lk_record_keys(rec, &kab, &kec, &pusk);
	lk_record_keys(person, &pkab, &pkec, &ppusk);
	char *role = lk_record_get(person, "role"), *name = lk_record_get(person, "name");
	const char *head = pusk[0] ? "Kapus" : "Camat";
	int same = !strcmp(kab, pkab) && !strcmp(kec, pkec) && !strcmp(pusk, ppusk), rc = -LK_EPERM;
	*deputy = 0;
	if (same && !strcmp(role, lk_head_role(pusk))) {
		rc = 0;
	} else if (same) {
		struct dels dd = {.at = now};
		const char *p[4] = {lk_record_id(person), kab, kec, pusk};
		int q = lk_store_query(d->st,
		                       "SELECT valid_from, valid_until, kind FROM delegation WHERE person_id = ?1 AND "
		                       "kabupaten_code = ?2 AND kecamatan_code = ?3 AND puskesmas_code = ?4 AND deleted = 0",
		                       p, 4, s_del_row, &dd);
		if (q < 0) {
			rc = dom_fail(err, q, "cannot read the delegations of %s: %s", name, lk_strerror(q));
		} else if (dd.in_force) {
			*deputy = 1;
			rc = 0;
		} else if (dd.any) {
			dom_fail(err, rc, "only the %s %s: the delegation of %s (%s) is not in force on %.10s", head, action, name,
			         dd.span, now);
		} else {
			dom_fail(err, rc, "only the %s %s (or a deputy with a delegation: `lokmin sign delegate`); %s is %s", head,
			         action, name, role[0] ? role : "not a signing officer");
		}
	} else {
		dom_fail(err, rc, "only the %s %s; %s is not of this office", head, action, name);
	}
	free(role);
	free(name);
	return rc;
}

int dom_doc_meeting(struct dom *d, const char *meeting_id, ProtobufCMessage **mt, struct dom_err *err)
{
	*mt = NULL;
	if (meeting_id == NULL || lk_store_get(d->st, lk_entity_find("meeting"), meeting_id, mt) != 0)
		return dom_fail(err, -LK_ENOTFOUND, "no meeting %s on this device", meeting_id ? meeting_id : "");
	return 0;
}

/* The checks of dom_doc_sign_check on loaded records; kr filled when 0. */
static int s_check(struct dom *d, const struct dom_doc_sign_in *in, const ProtobufCMessage *doc,
                   const ProtobufCMessage *p, const char *now, struct signer_keyrec *kr, struct dom_doc_sign_out *out,
                   struct dom_err *err)
{
	char action[64];
	int rc;
	char *cursig = lk_record_get(doc, "signature");
	int already = cursig[0] != 0;
	free(cursig);
	if (already)
		return dom_fail(err, -LK_ECONFLICT, "this %s is already signed and sealed", in->entity);
	snprintf(action, sizeof action, "signs the %s", in->entity);
	if ((rc = dom_sign_authority(d, doc, p, action, now, &out->deputy, err)) != 0)
		return rc;
	char *name = lk_record_get(p, "name");
	lk_strlcpy(out->person_name, name, sizeof out->person_name);
	free(name);
	if ((rc = dom_sign_key_pick(d, in->person_id, out->person_name, kr, err)) != 0)
		return rc;
	if (strcmp(kr->k.capacity, out->deputy ? "deputy" : "head") != 0) {
		rc = dom_fail(err, -LK_EPERM, "the key %s of %s is a %s's key; %s signs here as %s", kr->k.id,
		              out->person_name, kr->k.capacity, out->person_name, out->deputy ? "a deputy" : "the head");
		signer_key_release(kr);
		return rc;
	}
	lk_strlcpy(out->key_id, kr->k.id, sizeof out->key_id);
	return 0;
}

/* Load the document and the person, then check; the records are the caller's to free. */
static int s_load_check(struct dom *d, const struct dom_doc_sign_in *in, ProtobufCMessage **doc,
                        ProtobufCMessage **p, struct signer_keyrec *kr, struct dom_doc_sign_out *out,
                        struct dom_err *err)
{
	const struct lk_entity *e = in->entity ? lk_entity_find(in->entity) : NULL;
	*doc = *p = NULL;
	memset(out, 0, sizeof *out);
	memset(kr, 0, sizeof *kr);
	if (e == NULL || in->id == NULL || in->person_id == NULL || lk_store_get(d->st, e, in->id, doc) != 0 ||
	    lk_store_get(d->st, lk_entity_find("person"), in->person_id, p) != 0)
		return dom_fail(err, -LK_ENOTFOUND, "no %s %s or person %s on this device", in->entity ? in->entity : "document",
		                in->id ? in->id : "", in->person_id ? in->person_id : "");
	dom_now_utc(d, out->at);
	return s_check(d, in, *doc, *p, out->at, kr, out, err);
}

int dom_doc_sign_check(struct dom *d, const struct dom_doc_sign_in *in, struct dom_doc_sign_out *out,
                       struct dom_err *err)
{
	ProtobufCMessage *doc, *p;
	struct signer_keyrec kr;
	int rc = s_load_check(d, in, &doc, &p, &kr, out, err);
	signer_key_release(&kr);
	lk_record_free(doc);
	lk_record_free(p);
	return rc;
}

int dom_doc_sign(struct dom *d, const struct dom_doc_sign_in *in, struct dom_doc_sign_out *out, struct dom_err *err)
{
	ProtobufCMessage *doc, *p;
	struct signer_keyrec kr;
	uint8_t sk[LK_SIGN_SKLEN], sig[LK_SIGN_SIGLEN];
	char hex[2 * LK_SIGN_SIGLEN + 1], why[300], *text = NULL;
	const struct lk_entity *e = in->entity ? lk_entity_find(in->entity) : NULL;
	int rc = s_load_check(d, in, &doc, &p, &kr, out, err);
	if (rc != 0)
		goto out;
	if (dom_sign_key_open(d, &kr, in->passphrase, sk) != 0) {
		rc = dom_fail(err, -LK_ECRYPTO,
		              "cannot open the signing key of %s (wrong passphrase, or no key: `lokmin sign keygen`)",
		              in->person_id);
		goto out;
	}
	text = lk_record_get(doc, "document");
	lk_sign(sig, (const uint8_t *)text, strlen(text), sk);
	sodium_memzero(sk, sizeof sk);
	const char *f[4] = {"signature", "signer_person_id", "signed_at", "signer_key_id"};
	if (lk_record_set(doc, "signature", lk_hex_encode(hex, sig, sizeof sig)) ||
	    lk_record_set(doc, "signer_person_id", in->person_id) || lk_record_set(doc, "signed_at", out->at) ||
	    lk_record_set(doc, "signer_key_id", kr.k.id)) {
		rc = dom_fail(err, -LK_EINVAL, "the %s cannot hold its signature", in->entity);
		goto out;
	}
	/* The same judgement the server and every reader make, before anything is written. */
	if (signer_record_state(d->st, e, doc, why, sizeof why) != SIGNER_VERIFIED) {
		rc = dom_fail(err, -LK_ECRYPTO, "the signature would not hold: %s", why);
		goto out;
	}
	if (lk_store_put(d->st, e, doc, f, 4, why, sizeof why) != 0) {
		rc = dom_fail(err, -LK_EINVAL, "%s", why);
		goto out;
	}
	rc = 0;
out:
	free(text);
	signer_key_release(&kr);
	lk_record_free(doc);
	lk_record_free(p);
	return rc;
}

int dom_doc_show(struct dom *d, const char *entity, const char *id, FILE *out, enum signer_state *state,
                 struct dom_err *err)
{
	const struct lk_entity *e = entity ? lk_entity_find(entity) : NULL;
	ProtobufCMessage *doc = NULL, *p = NULL;
	char why[300];
	*state = SIGNER_UNSIGNED;
	if (e == NULL || id == NULL || lk_store_get(d->st, e, id, &doc) != 0)
		return dom_fail(err, -LK_ENOTFOUND, "no %s %s on this device", entity ? entity : "document", id ? id : "");
	char *text = lk_record_get(doc, "document"), *who = lk_record_get(doc, "signer_person_id"),
	     *at = lk_record_get(doc, "signed_at"), *key = lk_record_get(doc, "signer_key_id");
	char when[DOM_WHEN_LEN];
	/* The note under the text is the reader's: "30 Nov 2026 23:30 WIB" in the message language. */
	dom_when_text(d, at, 1, lk_lang_from_env(), when, sizeof when);
	fprintf(out, "%s\n", text);
	*state = signer_record_state(d->st, e, doc, why, sizeof why);
	if (*state != SIGNER_UNSIGNED) {
		char *name = NULL;
		if (lk_store_get(d->st, lk_entity_find("person"), who, &p) == 0) {
			name = lk_record_get(p, "name");
			fprintf(out, "%s\n", name);
		}
		const char *signer = name && name[0] ? name : who;
		if (*state == SIGNER_VERIFIED)
			fprintf(out, _("\n[signed by %s at %s, key %s]\n"), signer, when, key);
		else
			fprintf(out, _("\n[SIGNATURE DOES NOT VERIFY: %s at %s: %s]\n"), signer, when, why);
		free(name);
	} else {
		fprintf(out, _("\n[NOT SIGNED]\n"));
	}
	free(text);
	free(who);
	free(at);
	free(key);
	lk_record_free(doc);
	lk_record_free(p);
	return 0;
}

enum signer_state dom_doc_state(struct dom *d, const ProtobufCMessage *doc, ProtobufCMessage **signer)
{
	const struct lk_entity *e = NULL;
	char why[300];
	*signer = NULL;
	for (size_t i = 0; i < lk_entities_count && !e; i++)
		if (lk_entities[i].desc == doc->descriptor)
			e = &lk_entities[i];
	if (e == NULL)
		return SIGNER_INVALID;
	enum signer_state state = signer_record_state(d->st, e, doc, why, sizeof why);
	if (state != SIGNER_VERIFIED)
		return state;
	char *who = lk_record_get(doc, "signer_person_id");
	if (lk_store_get(d->st, lk_entity_find("person"), who, signer) != 0)
		*signer = NULL;
	free(who);
	return *signer ? SIGNER_VERIFIED : SIGNER_INVALID;
}
