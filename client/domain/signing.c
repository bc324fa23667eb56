/* signing: a signer's Ed25519 keys on this device: the sealed files under the home, picking, making, rotating, carrying. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "clock.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_rules.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "meeting_records.h"
#include "resolve.h"
#include "signing.h"
#include "store.h"

#define EXPORT_MAGIC "lokmin-signer-key-file-1"

void dom_sign_key_path(const struct dom *d, const char *key_id, char *out, size_t size)
{
	snprintf(out, size, "%s/sign-%s.key", d->home ? d->home : ".", key_id);
}

static int s_key_here(const struct dom *d, const char *key_id)
{
	char path[1200];
	dom_sign_key_path(d, key_id, path, sizeof path);
	return access(path, F_OK) == 0;
}

int dom_sign_key_open(struct dom *d, const struct signer_keyrec *kr, const char *passphrase,
                      uint8_t sk[LK_SIGN_SKLEN])
{
	char path[1200], *sealed = NULL;
	uint8_t pk[LK_SIGN_PKLEN];
	char hex[2 * LK_SIGN_PKLEN + 1];
	int rc;
	dom_sign_key_path(d, kr->k.id, path, sizeof path);
	if ((rc = lk_read_file(path, &sealed, NULL)) != 0)
		return rc;
	rc = passphrase ? lk_sign_open(sk, sealed, passphrase) : -LK_ECRYPTO;
	free(sealed);
	if (rc == 0) {
		/* The file must hold the secret of the key the record names. */
		lk_sign_public(pk, sk);
		if (strcmp(lk_hex_encode(hex, pk, sizeof pk), kr->k.public_key) != 0) {
			sodium_memzero(sk, LK_SIGN_SKLEN);
			rc = -LK_ECRYPTO;
		}
	}
	return rc;
}

int dom_sign_key_pick(struct dom *d, const char *person, const char *name, struct signer_keyrec *out,
                      struct dom_err *err)
{
	struct signer_keyrec *v = NULL;
	size_t n = 0;
	const struct signer_keyrec *pending = NULL, *ended = NULL;
	char why[300], fpr[LK_SIGNER_FPRLEN];
	int found = -1, rc;
	memset(out, 0, sizeof *out);
	if ((rc = signer_keys_of(d->st, person, &v, &n)) != 0)
		return dom_fail(err, rc, _("cannot read the signing keys of %s"), name);
	for (size_t i = 0; i < n; i++) {
		if (!s_key_here(d, v[i].k.id))
			continue;
		if (lk_signer_key_current(&v[i].k, why, sizeof why) == 0)
			found = (int)i; /* the newest current key wins */
		else if (!strcmp(v[i].k.status, "pending"))
			pending = &v[i];
		else
			ended = &v[i];
	}
	if (found >= 0) {
		*out = v[found];
		v[found].m = NULL;
		/* k points into the record and into replaced_at: point it at the copy's. */
		lk_signer_key_of(&out->k, out->m, out->replaced_at);
		rc = 0;
	} else if (pending) {
		rc = dom_fail(err, -LK_EPERM,
		              _("the key %s of %s is waiting for the district's confirmation (fingerprint %s); "
		              "sync after it is confirmed"),
		              pending->k.id, name, lk_signer_fingerprint(fpr, pending->k.public_key));
	} else if (ended) {
		rc = dom_fail(err, -LK_EPERM,
		              _("the key %s of %s on this device no longer signs (%s); make a new one with "
		              "`lokmin sign keygen`, confirmed by the district"),
		              ended->k.id, name, !strcmp(ended->k.status, "revoked") ? _("revoked by the district") : _("replaced"));
	} else {
		/* Named as the person would type it, never by the id. */
		char handle[80];
		if (dom_handle(d->st, &d->office, DOM_PERSON, person, handle, sizeof handle) != 0)
			lk_strlcpy(handle, person, sizeof handle);
		rc = dom_fail(err, -LK_ENOTFOUND,
		              _("%s has no signing key on this device (`lokmin sign keygen %s`, or bring one with "
		              "`lokmin sign import`)"),
		              name, handle);
	}
	signer_keys_free(v, n);
	return rc;
}

/* ---------------------------------------------------------------- keygen and rotate */

/* A new key record for person (office = the person's) with the fields given. */
static ProtobufCMessage *s_key_record(const ProtobufCMessage *person, const char *id, const char *pkhex,
                                      const char *capacity, const char *created, const char *device)
{
	const char *kab, *kec, *pusk;
	ProtobufCMessage *k = lk_record_new(lk_entity_find("signer_key"));
	lk_record_keys(person, &kab, &kec, &pusk);
	if (k && (lk_record_set(k, "id", id) || lk_record_set(k, "kabupaten", kab) || lk_record_set(k, "kecamatan", kec) ||
	          lk_record_set(k, "puskesmas", pusk) || lk_record_set(k, "person_id", lk_record_id(person)) ||
	          lk_record_set(k, "public_key", pkhex) || lk_record_set(k, "capacity", capacity) ||
	          lk_record_set(k, "created_at", created) || lk_record_set(k, "device_name", device ? device : "") ||
	          lk_record_set(k, "status", "pending"))) {
		lk_record_free(k);
		k = NULL;
	}
	return k;
}

/* Make a key pair, seal it under pass into its file, and return its public
 * key in pkhex and the secret in sk (caller wipes). */
static int s_make(const struct dom *d, const char *key_id, const char *pass, char pkhex[65], uint8_t sk[LK_SIGN_SKLEN],
                  struct dom_err *err)
{
	uint8_t pk[LK_SIGN_PKLEN];
	char path[1200], *sealed = NULL;
	dom_sign_key_path(d, key_id, path, sizeof path);
	if (lk_sign_keygen(pk, sk) != 0 || (sealed = lk_sign_seal(sk, pass)) == NULL)
		return dom_fail(err, -LK_ECRYPTO, _("cannot make the key"));
	int rc = lk_write_file(path, sealed, strlen(sealed), 0600);
	free(sealed);
	if (rc != 0)
		return dom_fail(err, -LK_EIO, _("cannot write %s"), path);
	lk_hex_encode(pkhex, pk, sizeof pk);
	return 0;
}

static void s_new_id(char out[LK_UUID_STRLEN])
{
	lk_uuid u;
	lk_uuid_v7(&u);
	lk_uuid_format(&u, out);
}

/* 1 when person heads the office they belong to (by the common rule). */
static int s_head_role(const ProtobufCMessage *person)
{
	const char *kab, *kec, *pusk;
	char *role = lk_record_get(person, "role");
	lk_record_keys(person, &kab, &kec, &pusk);
	int head = !strcmp(role, lk_head_role(pusk));
	free(role);
	return head;
}

static int s_pass_ok(const char *pass, struct dom_err *err)
{
	if (pass == NULL || strlen(pass) < 8)
		return dom_fail(err, -LK_EINVAL, _("the passphrase must have at least 8 characters"));
	return 0;
}

/* The person's record, or -LK_ENOTFOUND with "no person ID on this device<hint>". */
static int s_person(struct dom *d, const char *id, const char *hint, ProtobufCMessage **p, struct dom_err *err)
{
	*p = NULL;
	if (id == NULL || lk_store_get(d->st, lk_entity_find("person"), id, p) != 0)
		return dom_fail(err, -LK_ENOTFOUND, _("no person %s on this device%s"), id ? id : "", hint);
	return 0;
}

int dom_sign_keygen(struct dom *d, const struct dom_sign_keygen_in *in, struct dom_sign_key_out *out,
                    struct dom_err *err)
{
	ProtobufCMessage *p = NULL, *k = NULL;
	struct signer_keyrec *v = NULL;
	size_t n = 0;
	uint8_t sk[LK_SIGN_SKLEN];
	char put_err[300];
	int rc;
	memset(out, 0, sizeof *out);
	if ((rc = s_person(d, in->person_id, _(" (see `lokmin staff list`)"), &p, err)) != 0)
		return rc;
	signer_keys_of(d->st, in->person_id, &v, &n);
	for (size_t i = 0; i < n; i++)
		if (s_key_here(d, v[i].k.id) && strcmp(v[i].k.status, "revoked") != 0) {
			rc = dom_fail(err, -LK_ECONFLICT,
			              _("%s already has a signing key on this device (%s, %s); a new one is made with "
			              "`lokmin sign rotate %s`"),
			              in->person_id, v[i].k.id, v[i].k.status, in->person_id);
			goto out;
		}
	if ((rc = s_pass_ok(in->passphrase, err)) != 0)
		goto out;
	s_new_id(out->key_id);
	if ((rc = s_make(d, out->key_id, in->passphrase, out->public_key, sk, err)) != 0)
		goto out;
	sodium_memzero(sk, sizeof sk);
	dom_now_utc(d, out->at);
	dom_sign_key_path(d, out->key_id, out->path, sizeof out->path);
	k = s_key_record(p, out->key_id, out->public_key, in->deputy || !s_head_role(p) ? "deputy" : "head", out->at,
	                 in->device_name);
	if (k == NULL || lk_store_put(d->st, lk_entity_find("signer_key"), k, NULL, 0, put_err, sizeof put_err) != 0) {
		rc = dom_fail(err, k ? -LK_EINVAL : -LK_ENOMEM, _("cannot record the key: %s"), k ? put_err : "out of memory");
		unlink(out->path);
		goto out;
	}
	lk_strlcpy(out->status, "pending", sizeof out->status);
	lk_signer_fingerprint(out->fingerprint, out->public_key);
	char *name = lk_record_get(p, "name");
	lk_strlcpy(out->person_name, name ? name : "", sizeof out->person_name);
	free(name);
	rc = 0;
out:
	signer_keys_free(v, n);
	lk_record_free(p);
	lk_record_free(k);
	return rc;
}

/* Now, in the next whole second: a signature the old key made before this
 * operation started is then strictly older than the new key (times have seconds). */
static void s_next_second(const struct dom *d, char out[24])
{
	if (d->now > 0) {
		/* A fixed clock does not move: the next second is simply now + 1. */
		char buf[LK_UTC_STRLEN];
		lk_strlcpy(out, lk_utc_format(d->now + 1, buf), 24);
		return;
	}
	time_t t0 = time(NULL);
	while (time(NULL) == t0)
		usleep(20000);
	dom_now_utc(d, out);
}

/* Endorse new key record k with old's secret sk and make it active; 0 or negative. */
static int s_endorse(ProtobufCMessage *k, const char *old_id, const uint8_t sk[LK_SIGN_SKLEN])
{
	struct signer_keyrec nk;
	uint8_t sig[LK_SIGN_SIGLEN];
	char sighex[129];
	if (lk_record_set(k, "endorsed_by", old_id) || lk_record_set(k, "replaces", "1"))
		return -LK_EINVAL;
	lk_signer_key_of(&nk.k, k, "");
	char *text = lk_signer_key_statement(&nk.k);
	if (text == NULL)
		return -LK_ENOMEM;
	lk_sign(sig, (const uint8_t *)text, strlen(text), sk);
	free(text);
	if (lk_record_set(k, "endorsement", lk_hex_encode(sighex, sig, sizeof sig)) || lk_record_set(k, "status", "active"))
		return -LK_EINVAL;
	return 0;
}

int dom_sign_rotate(struct dom *d, const struct dom_sign_rotate_in *in, struct dom_sign_key_out *out,
                    struct dom_err *err)
{
	ProtobufCMessage *p = NULL, *k = NULL;
	struct signer_keyrec old = {0};
	uint8_t sk[LK_SIGN_SKLEN], nsk[LK_SIGN_SKLEN];
	char put_err[300] = "", *name = NULL;
	int rc;
	memset(out, 0, sizeof *out);
	if ((rc = s_person(d, in->person_id, "", &p, err)) != 0)
		return rc;
	name = lk_record_get(p, "name");
	lk_strlcpy(out->person_name, name, sizeof out->person_name);
	if ((rc = dom_sign_key_pick(d, in->person_id, name, &old, err)) != 0)
		goto out;
	if ((rc = dom_sign_key_open(d, &old, in->passphrase, sk)) != 0) {
		rc = dom_fail(err, -LK_ECRYPTO, _("the key %s of %s did not open (wrong passphrase)"), old.k.id, name);
		goto out;
	}
	if ((rc = s_pass_ok(in->new_passphrase, err)) != 0) {
		sodium_memzero(sk, sizeof sk);
		goto out;
	}
	s_new_id(out->key_id);
	s_next_second(d, out->at);
	if ((rc = s_make(d, out->key_id, in->new_passphrase, out->public_key, nsk, err)) != 0) {
		sodium_memzero(sk, sizeof sk);
		goto out;
	}
	sodium_memzero(nsk, sizeof nsk);
	dom_sign_key_path(d, out->key_id, out->path, sizeof out->path);
	k = s_key_record(p, out->key_id, out->public_key, old.k.capacity, out->at, in->device_name);
	rc = k ? s_endorse(k, old.k.id, sk) : -LK_ENOMEM;
	sodium_memzero(sk, sizeof sk);
	if (rc == 0 && lk_store_put(d->st, lk_entity_find("signer_key"), k, NULL, 0, put_err, sizeof put_err) != 0)
		rc = -LK_EINVAL;
	if (rc != 0) {
		dom_fail(err, rc, _("cannot record the new key: %s"), put_err[0] ? put_err : lk_strerror(rc));
		unlink(out->path);
		goto out;
	}
	lk_strlcpy(out->old_key_id, old.k.id, sizeof out->old_key_id);
	lk_strlcpy(out->status, "active", sizeof out->status);
	lk_signer_fingerprint(out->fingerprint, out->public_key);
out:
	free(name);
	signer_key_release(&old);
	lk_record_free(p);
	lk_record_free(k);
	return rc;
}

/* ---------------------------------------------------------------- check, export, import */

/* The person's newest key with its file here and not revoked: its index in v, or -1. */
static int s_newest_here(const struct dom *d, const struct signer_keyrec *v, size_t n)
{
	int here = -1;
	for (size_t i = 0; i < n; i++)
		if (s_key_here(d, v[i].k.id) && strcmp(v[i].k.status, "revoked") != 0)
			here = (int)i;
	return here;
}

int dom_sign_check(struct dom *d, const char *person_id, const char *passphrase, struct dom_sign_key_out *out,
                   struct dom_err *err)
{
	struct signer_keyrec *v = NULL;
	size_t n = 0;
	uint8_t sk[LK_SIGN_SKLEN];
	int here, rc = 0;
	memset(out, 0, sizeof *out);
	signer_keys_of(d->st, person_id, &v, &n);
	if ((here = s_newest_here(d, v, n)) < 0) {
		rc = dom_fail(err, -LK_ENOTFOUND, _("%s has no signing key on this device"), person_id);
	} else if (dom_sign_key_open(d, &v[here], passphrase, sk) != 0) {
		rc = dom_fail(err, -LK_ECRYPTO, _("wrong passphrase, or the key file is damaged"));
	} else {
		sodium_memzero(sk, sizeof sk);
		lk_strlcpy(out->key_id, v[here].k.id, sizeof out->key_id);
		lk_strlcpy(out->status, v[here].k.status, sizeof out->status);
		lk_strlcpy(out->public_key, v[here].k.public_key, sizeof out->public_key);
		lk_signer_fingerprint(out->fingerprint, out->public_key);
	}
	signer_keys_free(v, n);
	return rc;
}

/* The sealed key file travels still sealed under the signer's passphrase. */
int dom_sign_export(struct dom *d, const char *person_id, const char *file, struct dom_sign_key_out *out,
                    struct dom_err *err)
{
	struct signer_keyrec *v = NULL;
	size_t n = 0;
	char *sealed = NULL, *buf = NULL;
	int here, rc = 0;
	memset(out, 0, sizeof *out);
	signer_keys_of(d->st, person_id, &v, &n);
	if ((here = s_newest_here(d, v, n)) < 0) {
		rc = dom_fail(err, -LK_ENOTFOUND, _("%s has no signing key on this device"), person_id);
		goto out;
	}
	dom_sign_key_path(d, v[here].k.id, out->path, sizeof out->path);
	if (lk_read_file(out->path, &sealed, NULL) != 0 || (buf = malloc(strlen(sealed) + 128)) == NULL) {
		rc = dom_fail(err, -LK_EIO, _("cannot read %s"), out->path);
		goto out;
	}
	sprintf(buf, EXPORT_MAGIC "\nkey %s\n%s\n", v[here].k.id, sealed);
	if (lk_write_file(file, buf, strlen(buf), 0600) != 0) {
		rc = dom_fail(err, -LK_EIO, _("cannot write %s"), file);
		goto out;
	}
	lk_strlcpy(out->key_id, v[here].k.id, sizeof out->key_id);
	lk_strlcpy(out->status, v[here].k.status, sizeof out->status);
out:
	free(sealed);
	free(buf);
	signer_keys_free(v, n);
	return rc;
}

int dom_sign_import(struct dom *d, const char *file, const char *passphrase, struct dom_sign_key_out *out,
                    struct dom_err *err)
{
	struct signer_keyrec kr = {0};
	uint8_t sk[LK_SIGN_SKLEN];
	char *text = NULL;
	int rc = 0;
	memset(out, 0, sizeof *out);
	if (lk_read_file(file, &text, NULL) != 0 || strncmp(text, EXPORT_MAGIC "\nkey ", sizeof EXPORT_MAGIC + 4) != 0) {
		rc = dom_fail(err, -LK_EINVAL, _("%s is not a key file written by `lokmin sign export`"), file);
		goto out;
	}
	char *idp = text + sizeof EXPORT_MAGIC + 4, *sealed = strchr(idp, '\n');
	if (sealed == NULL || sealed - idp != 36) {
		rc = dom_fail(err, -LK_EINVAL, _("%s is damaged"), file);
		goto out;
	}
	memcpy(out->key_id, idp, 36);
	out->key_id[36] = '\0';
	sealed++;
	sealed[strcspn(sealed, "\n")] = '\0';
	if (signer_key_load(d->st, out->key_id, &kr) != 0) {
		rc = dom_fail(err, -LK_ENOTFOUND, _("key %s is not known on this device yet: sync first"), out->key_id);
		goto out;
	}
	dom_sign_key_path(d, out->key_id, out->path, sizeof out->path);
	if (lk_write_file(out->path, sealed, strlen(sealed), 0600) != 0) {
		rc = dom_fail(err, -LK_EIO, _("cannot write %s"), out->path);
		goto out;
	}
	if (dom_sign_key_open(d, &kr, passphrase, sk) != 0) {
		rc = dom_fail(err, -LK_ECRYPTO, _("the passphrase does not open key %s, or the file holds another key"),
		              out->key_id);
		unlink(out->path);
		goto out;
	}
	sodium_memzero(sk, sizeof sk);
	lk_strlcpy(out->person_id, kr.k.person_id, sizeof out->person_id);
	lk_strlcpy(out->status, kr.k.status, sizeof out->status);
	lk_strlcpy(out->public_key, kr.k.public_key, sizeof out->public_key);
out:
	free(text);
	signer_key_release(&kr);
	return rc;
}
