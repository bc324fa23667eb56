/* signing_admin: the district's side of signer trust (list, confirm, revoke) and a deputy's delegation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "clock.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "meeting_records.h"
#include "signing.h"
#include "store.h"

int dom_sign_district(const struct dom *d, const char *what, struct dom_err *err)
{
	if (!strcmp(d->office.role, "dinkes"))
		return 0;
	return dom_fail(err, -LK_EPERM, _("only a district (dinkes) device %s; this device is a %s device"), what,
	                d->office.role[0] ? d->office.role : _("not enrolled"));
}

/* The name of person id ("?" when not on this device), malloc'd. */
static char *s_name(lk_store *st, const char *id)
{
	ProtobufCMessage *p = NULL;
	char *name = NULL;
	if (lk_store_get(st, lk_entity_find("person"), id, &p) == 0)
		name = lk_record_get(p, "name");
	lk_record_free(p);
	return name ? name : strdup("?");
}

struct listing {
	lk_store *st;
	int (*fn)(const struct dom_sign_key_row *row, void *arg);
	void *arg;
};

static int s_list_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct listing *l = arg;
	struct dom_sign_key_row r = {.e = e, .m = m};
	if (lk_record_deleted(m))
		return 0;
	lk_signer_key_of(&r.k, m, "");
	char *name = s_name(l->st, r.k.person_id), *dev = lk_record_get(m, "device_name");
	r.person_name = name;
	r.device_name = dev ? dev : "";
	lk_signer_fingerprint(r.fingerprint, r.k.public_key);
	int rc = l->fn(&r, l->arg);
	free(dev);
	free(name);
	return rc;
}

int dom_sign_keys_list(struct dom *d, int (*fn)(const struct dom_sign_key_row *row, void *arg), void *arg,
                       struct dom_err *err)
{
	struct listing l = {d->st, fn, arg};
	int rc = lk_store_list(d->st, lk_entity_find("signer_key"), s_list_row, &l);
	if (rc < 0)
		return dom_fail(err, rc, _("cannot read the signing keys: %s"), lk_strerror(rc));
	return 0;
}

/* The keys of one person a confirm (pending) or revoke (active) can mean. */
struct person_keys {
	const char *person_id;
	int confirm;
	int n;
	char id[40];
	struct dom_err *err;
};

static int s_person_key(const struct dom_sign_key_row *r, void *arg)
{
	struct person_keys *p = arg;
	if (strcmp(r->k.person_id, p->person_id) != 0 || strcmp(r->k.status, p->confirm ? "pending" : "active") != 0)
		return 0;
	if (p->n == 0)
		lk_strlcpy(p->id, r->k.id, sizeof p->id);
	if (p->err != NULL && p->n < DOM_CAND_MAX)
		snprintf(p->err->cand[p->n], sizeof p->err->cand[0], "%s  fingerprint %s  made %s", r->k.id + 28,
		         r->fingerprint, r->k.created_at);
	p->n++;
	return 0;
}

int dom_sign_key_of_person(struct dom *d, const char *person_id, int confirm, char *key_id, size_t size,
                           struct dom_err *err)
{
	struct dom_err cands;
	memset(&cands, 0, sizeof cands);
	struct person_keys p = {person_id, confirm, 0, "", &cands};
	int rc = dom_sign_keys_list(d, s_person_key, &p, err);
	if (rc != 0)
		return rc;
	char *name = s_name(d->st, person_id);
	if (p.n == 0)
		rc = dom_fail(err, -LK_ENOTFOUND, _("%s has no signing key %s on this device (sync, then `lokmin sign list`)"),
		              name ? name : "?", confirm ? _("waiting for confirmation") : _("in use"));
	else if (p.n > 1) {
		rc = dom_fail(err, -LK_EINVAL, _("%s has %d keys %s: name one by its handle, after comparing the fingerprint"),
		              name ? name : "?", p.n, confirm ? _("waiting for confirmation") : _("in use"));
		if (err != NULL) {
			memcpy(err->cand, cands.cand, sizeof err->cand);
			err->ncand = p.n < DOM_CAND_MAX ? p.n : DOM_CAND_MAX;
		}
	}
	free(name);
	if (rc != 0)
		return rc;
	lk_strlcpy(key_id, p.id, size);
	return 0;
}

int dom_sign_key_status(struct dom *d, const struct dom_sign_status_in *in, struct dom_sign_key_out *out,
                        struct dom_err *err)
{
	const struct lk_entity *e = lk_entity_find("signer_key");
	ProtobufCMessage *k = NULL;
	char put_err[300];
	const char *fields[3] = {"status", in->confirm ? "confirmed_at" : "revoked_at", "status_note"};
	int rc;
	memset(out, 0, sizeof *out);
	if ((rc = dom_sign_district(d, in->confirm ? _("confirms signing keys") : _("revokes signing keys"), err)) != 0)
		return rc;
	if (lk_store_get(d->st, e, in->key_id, &k) != 0)
		return dom_fail(err, -LK_ENOTFOUND, _("no signing key %s on this device (sync, then `lokmin sign list`)"),
		                in->key_id);
	char *status = lk_record_get(k, "status"), *pk = lk_record_get(k, "public_key"),
	     *person = lk_record_get(k, "person_id"), *name = s_name(d->st, person);
	if (in->confirm && strcmp(status, "pending") != 0) {
		rc = dom_fail(err, -LK_ECONFLICT, _("key %s is %s, not waiting for confirmation"), in->key_id, status);
		goto out;
	}
	if (!in->confirm && !strcmp(status, "revoked")) {
		rc = dom_fail(err, -LK_ECONFLICT, _("key %s is already revoked"), in->key_id);
		goto out;
	}
	dom_now_utc(d, out->at);
	if (lk_record_set(k, "status", in->confirm ? "active" : "revoked") || lk_record_set(k, fields[1], out->at) ||
	    (in->note && lk_record_set(k, "status_note", in->note)) ||
	    lk_store_put(d->st, e, k, fields, in->note ? 3 : 2, put_err, sizeof put_err) != 0) {
		rc = dom_fail(err, -LK_EINVAL, "%s", put_err);
		goto out;
	}
	lk_strlcpy(out->key_id, in->key_id, sizeof out->key_id);
	lk_strlcpy(out->person_id, person, sizeof out->person_id);
	lk_strlcpy(out->person_name, name, sizeof out->person_name);
	lk_strlcpy(out->public_key, pk, sizeof out->public_key);
	lk_signer_fingerprint(out->fingerprint, pk);
	lk_strlcpy(out->status, in->confirm ? "active" : "revoked", sizeof out->status);
	rc = 0;
out:
	free(status);
	free(pk);
	free(person);
	free(name);
	lk_record_free(k);
	return rc;
}

/* Sign delegation d with the head's key hk (opened with pass) and check the grant holds. */
static int s_grant(struct dom *d, ProtobufCMessage *dl_rec, const struct signer_keyrec *hk, const char *hname,
                   const char *pass, struct dom_err *err)
{
	uint8_t sk[LK_SIGN_SKLEN], sig[LK_SIGN_SIGLEN];
	char sighex[129], why[300];
	struct lk_delegation dl;
	if (lk_record_set(dl_rec, "granted_by_key", hk->k.id))
		return dom_fail(err, -LK_EINVAL, _("the delegation cannot name the key %s"), hk->k.id);
	lk_signer_delegation_of(&dl, dl_rec);
	char *stmt = lk_signer_delegation_statement(&dl);
	if (stmt == NULL)
		return dom_fail(err, -LK_ENOMEM, _("out of memory"));
	if (dom_sign_key_open(d, hk, pass, sk) != 0) {
		free(stmt);
		return dom_fail(err, -LK_ECRYPTO, _("the key of %s did not open (wrong passphrase)"), hname);
	}
	lk_sign(sig, (const uint8_t *)stmt, strlen(stmt), sk);
	sodium_memzero(sk, sizeof sk);
	free(stmt);
	if (lk_record_set(dl_rec, "grant_signature", lk_hex_encode(sighex, sig, sizeof sig)))
		return dom_fail(err, -LK_EINVAL, _("the delegation cannot hold its signature"));
	lk_signer_delegation_of(&dl, dl_rec);
	if (lk_signer_delegation_check(&dl, &hk->k, why, sizeof why) != 0)
		return dom_fail(err, -LK_EINVAL, "%s", why);
	return 0;
}

int dom_sign_delegate(struct dom *d, const struct dom_sign_delegate_in *in, struct dom_sign_delegate_out *out,
                      struct dom_err *err)
{
	const struct lk_entity *de = lk_entity_find("delegation");
	ProtobufCMessage *p = NULL, *dl = NULL, *hp = NULL;
	struct signer_keyrec hk = {0};
	struct lk_date t;
	char now[24], put_err[300], *hname = NULL;
	int rc;
	memset(out, 0, sizeof *out);
	if (in->kind == NULL || in->from == NULL || in->until == NULL || lk_date_parse(in->from, &t) != 0 ||
	    lk_date_parse(in->until, &t) != 0)
		return dom_fail(err, -LK_EINVAL, _("a delegation needs --kind, and --from and --until as YYYY-MM-DD"));
	if (in->head_id == NULL &&
	    (rc = dom_sign_district(d, _("grants a delegation without the head's key (--as HEAD-PERSON-ID)"), err)) != 0)
		return rc;
	if (lk_store_get(d->st, lk_entity_find("person"), in->person_id, &p) != 0)
		return dom_fail(err, -LK_ENOTFOUND, _("no person %s on this device"), in->person_id);
	const char *kab, *kec, *pusk;
	lk_record_keys(p, &kab, &kec, &pusk);
	lk_uuid u;
	lk_uuid_v7(&u);
	lk_uuid_format(&u, out->id);
	dom_now_utc(d, now);
	rc = -LK_ENOMEM;
	dl = lk_record_new(de);
	if (dl == NULL || lk_record_set(dl, "id", out->id) || lk_record_set(dl, "kabupaten", kab) ||
	    lk_record_set(dl, "kecamatan", kec) || lk_record_set(dl, "puskesmas", pusk) ||
	    lk_record_set(dl, "person_id", in->person_id) || lk_record_set(dl, "kind", in->kind) ||
	    lk_record_set(dl, "valid_from", in->from) || lk_record_set(dl, "valid_until", in->until) ||
	    lk_record_set(dl, "granted_at", now) || lk_record_set(dl, "note", in->note ? in->note : "")) {
		rc = dom_fail(err, -LK_EINVAL, _("the delegation's fields do not fit (kind plt, plh or an)"));
		goto out;
	}
	if (in->head_id) {
		if (lk_store_get(d->st, lk_entity_find("person"), in->head_id, &hp) != 0) {
			rc = dom_fail(err, -LK_ENOTFOUND, _("no person %s on this device"), in->head_id);
			goto out;
		}
		hname = lk_record_get(hp, "name");
		if ((rc = dom_sign_key_pick(d, in->head_id, hname, &hk, err)) != 0)
			goto out;
		if (strcmp(hk.k.capacity, "head") != 0) {
			rc = dom_fail(err, -LK_EPERM,
			              _("only the head of the office (Kapus, Camat) grants a delegation; %s's key is a deputy's"),
			              hname);
			goto out;
		}
		if ((rc = s_grant(d, dl, &hk, hname, in->passphrase, err)) != 0)
			goto out;
	}
	if (lk_store_put(d->st, de, dl, NULL, 0, put_err, sizeof put_err) != 0) {
		rc = dom_fail(err, -LK_EINVAL, "%s", put_err);
		goto out;
	}
	lk_strlcpy(out->granted_by, hname ? hname : _("the district"), sizeof out->granted_by);
	rc = 0;
out:
	free(hname);
	signer_key_release(&hk);
	lk_record_free(p);
	lk_record_free(hp);
	lk_record_free(dl);
	return rc;
}
