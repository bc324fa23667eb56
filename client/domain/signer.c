/* signer: the client's side of signer trust: keys and delegations read from the store, judged by lk_signer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_sign.h"
#include "lk_util.h"
#include "signer.h"

/* ---------------------------------------------------------------- keys */

static int s_first_cell(const char *const *row, int ncol, void *arg)
{
	char *out = arg;
	lk_strlcpy(out, ncol > 0 ? row[0] : "", 24);
	return 1;
}

int signer_key_load(lk_store *st, const char *id, struct signer_keyrec *kr)
{
	memset(kr, 0, sizeof *kr);
	if (id == NULL || !id[0] || lk_store_get(st, lk_entity_find("signer_key"), id, &kr->m) != 0)
		return -LK_ENOTFOUND;
	/* The successor's start ends this key's window (a rotation it endorsed). */
	const char *p[1] = {id};
	lk_store_query(st,
	               "SELECT coalesce(min(created_at), '') FROM signer_key WHERE endorsed_by = ?1 AND replaces = 1 "
	               "AND status <> 'pending' AND deleted = 0",
	               p, 1, s_first_cell, kr->replaced_at);
	lk_signer_key_of(&kr->k, kr->m, kr->replaced_at);
	return 0;
}

void signer_key_release(struct signer_keyrec *kr)
{
	lk_record_free(kr->m);
	kr->m = NULL;
}

struct idlist {
	char (*ids)[37];
	size_t n;
};

static int s_collect(const char *const *row, int ncol, void *arg)
{
	struct idlist *l = arg;
	(void)ncol;
	char(*nv)[37] = realloc(l->ids, (l->n + 1) * sizeof *nv);
	if (nv == NULL)
		return -LK_ENOMEM;
	l->ids = nv;
	lk_strlcpy(l->ids[l->n++], row[0], 37);
	return 0;
}

int signer_keys_of(lk_store *st, const char *person, struct signer_keyrec **out, size_t *n)
{
	struct idlist l = {0};
	const char *p[1] = {person};
	*out = NULL;
	*n = 0;
	int rc = lk_store_query(st, "SELECT id FROM signer_key WHERE person_id = ?1 AND deleted = 0 ORDER BY created_at, id",
	                        p, 1, s_collect, &l);
	if (rc != 0) {
		free(l.ids);
		return rc < 0 ? rc : -LK_EIO;
	}
	*out = calloc(l.n ? l.n : 1, sizeof **out);
	if (*out == NULL) {
		free(l.ids);
		return -LK_ENOMEM;
	}
	for (size_t i = 0; i < l.n; i++)
		if (signer_key_load(st, l.ids[i], &(*out)[*n]) == 0)
			(*n)++;
	free(l.ids);
	return 0;
}

void signer_keys_free(struct signer_keyrec *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		signer_key_release(&v[i]);
	free(v);
}

/* ---------------------------------------------------------------- verification */

/* The signer's delegations at the office whose grant holds (records kept in recs). */
static int s_delegations(lk_store *st, const struct lk_signature *s, ProtobufCMessage **recs,
                         struct lk_delegation *dels, size_t max, size_t *nd)
{
	struct idlist l = {0};
	const char *p[1] = {s->person_id};
	char why[200];
	*nd = 0;
	int rc = lk_store_query(st, "SELECT id FROM delegation WHERE person_id = ?1 AND deleted = 0 ORDER BY id", p, 1,
	                        s_collect, &l);
	for (size_t i = 0; rc == 0 && i < l.n && *nd < max; i++) {
		if (lk_store_get(st, lk_entity_find("delegation"), l.ids[i], &recs[*nd]) != 0)
			continue;
		struct lk_delegation *d = &dels[*nd];
		lk_signer_delegation_of(d, recs[*nd]);
		struct signer_keyrec g = {0};
		int have = d->granted_by_key[0] && signer_key_load(st, d->granted_by_key, &g) == 0;
		int ok = lk_signer_delegation_check(d, have ? &g.k : NULL, why, sizeof why) == 0;
		signer_key_release(&g);
		if (ok)
			(*nd)++;
		else
			lk_record_free(recs[*nd]);
	}
	free(l.ids);
	return rc < 0 ? rc : 0;
}

static int s_sig_known(void *arg, const uint8_t h[32])
{
	return lk_store_sig_known(arg, h);
}

static void s_sig_note(void *arg, const uint8_t h[32])
{
	lk_store_sig_note(arg, h);
}

static int s_verify(lk_store *st, const struct lk_signature *s, const char *key_id, char *why, size_t n);

/* The checks of keys, delegations and the signature itself; an Ed25519 check
 * whose exact input was found valid before is answered by the store. */
int signer_verify(lk_store *st, const struct lk_signature *s, const char *key_id, char *why, size_t n)
{
	const struct lk_sign_cache cache = {s_sig_known, s_sig_note, st};
	const struct lk_sign_cache *old = lk_sign_cache_use(&cache);
	int rc = s_verify(st, s, key_id, why, n);
	lk_sign_cache_use(old);
	return rc;
}

static int s_verify(lk_store *st, const struct lk_signature *s, const char *key_id, char *why, size_t n)
{
	struct signer_keyrec kr;
	ProtobufCMessage *recs[16];
	struct lk_delegation dels[16];
	size_t nd = 0;
	int rc;
	if (key_id == NULL || !key_id[0]) {
		snprintf(why, n, _("the signature names no signing key"));
		return -LK_EINVAL;
	}
	if (signer_key_load(st, key_id, &kr) != 0) {
		snprintf(why, n, _("the signing key %s is not on this device (sync)"), key_id);
		return -LK_EINVAL;
	}
	if (!strcmp(kr.k.capacity, "deputy") && (rc = s_delegations(st, s, recs, dels, 16, &nd)) != 0) {
		signer_key_release(&kr);
		return rc;
	}
	rc = lk_signer_verify(s, &kr.k, dels, nd, why, n);
	for (size_t i = 0; i < nd; i++)
		lk_record_free(recs[i]);
	signer_key_release(&kr);
	return rc;
}

enum signer_state signer_record_state(lk_store *st, const struct lk_entity *e, const ProtobufCMessage *rec,
                                      char *why, size_t n)
{
	int rtl = !strcmp(e->name, "rtl");
	const char *f_sig = rtl ? "verification_sig" : "signature", *f_who = rtl ? "verified_by" : "signer_person_id",
	           *f_at = rtl ? "verified_at" : "signed_at", *f_key = rtl ? "verified_key_id" : "signer_key_id";
	char *sig = lk_record_get(rec, f_sig), *who = lk_record_get(rec, f_who), *at = lk_record_get(rec, f_at),
	     *key = lk_record_get(rec, f_key), *msg = rtl ? lk_signer_rtl_statement(rec) : lk_record_get(rec, "document");
	enum signer_state state = SIGNER_UNSIGNED;
	why[0] = '\0';
	if (sig && sig[0] && key && !key[0]) {
		/* Signed before signer keys existed: nothing confirms who held the key,
		 * and a sealed document is corrected by a new one, not re-signed. */
		snprintf(why, n, _("signed before signing keys were confirmed by the district, so it cannot be verified: sign a new %s"),
		         !strcmp(e->name, "invitation") ? "letter" : "revision");
		state = SIGNER_INVALID;
	} else if (sig && sig[0] && who && at && key && msg) {
		const char *kab, *kec, *pusk;
		lk_record_keys(rec, &kab, &kec, &pusk);
		struct lk_signature s = {who, kab, kec, pusk, at, sig, (const uint8_t *)msg, strlen(msg)};
		state = signer_verify(st, &s, key, why, n) == 0 ? SIGNER_VERIFIED : SIGNER_INVALID;
	}
	free(sig);
	free(who);
	free(at);
	free(key);
	free(msg);
	return state;
}

/* signature_verifies(ENTITY, ID): 1 when the record's signature verifies. */
static int64_t s_sql_verifies(lk_store *st, const char *const *args, int nargs, void *arg)
{
	(void)arg;
	const struct lk_entity *e = nargs == 2 ? lk_entity_find(args[0]) : NULL;
	ProtobufCMessage *rec = NULL;
	char why[256];
	if (e == NULL || lk_store_get(st, e, args[1], &rec) != 0)
		return 0;
	int ok = signer_record_state(st, e, rec, why, sizeof why) == SIGNER_VERIFIED;
	lk_record_free(rec);
	return ok;
}

int signer_sql_register(lk_store *st)
{
	/* The verdict depends on the record, the keys and the delegations the store holds, nothing else:
	 * each is worked out once per record until the store changes. */
	return lk_store_define_memo_function(st, "signature_verifies", 2, s_sql_verifies, NULL);
}
