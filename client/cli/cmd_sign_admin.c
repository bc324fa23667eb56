/* cmd_sign_admin: `lokmin sign list|confirm|revoke|delegate`: the district's side of signer trust, and deputies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "client.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_json.h"
#include "lk_sign.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "signer.h"
#include "store.h"

static int s_district(const struct session *s, const char *what)
{
	if (!strcmp(s->prof.role, "dinkes"))
		return 0;
	fprintf(stderr, "lokmin: only a district (dinkes) device %s; this device is a %s device\n", what,
	        s->prof.role[0] ? s->prof.role : "not enrolled");
	return 1;
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
	int json;
	int n;
};

static int s_list_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct listing *l = arg;
	struct lk_signer_key k;
	char fpr[LK_SIGNER_FPRLEN];
	if (lk_record_deleted(m))
		return 0;
	lk_signer_key_of(&k, m, "");
	char *name = s_name(l->st, k.person_id), *dev = lk_record_get(m, "device_name");
	l->n++;
	if (l->json) {
		if (lk_record_json(stdout, e, m) < 0) {
			free(dev);
			free(name);
			return -LK_EIO;
		}
	} else {
		printf("%s  %-24.24s  %-11s  %-6s  %-7s  %s  %-20s  %s%s\n", k.id, name, k.pusk[0] ? k.pusk : k.kec,
		       k.capacity, k.status, lk_signer_fingerprint(fpr, k.public_key), k.created_at,
		       dev[0] ? dev : "-", k.endorsed_by[0] ? "  (endorsed)" : "");
	}
	free(dev);
	free(name);
	return 0;
}

static int s_list(struct session *s, lk_store *st)
{
	struct listing l = {st, (int)s->opt.json, 0};
	if (!l.json)
		printf("%-36s  %-24s  %-11s  %-6s  %-7s  %-39s  %-20s  %s\n", "KEY", "PERSON", "OFFICE", "AS", "STATUS",
		       "FINGERPRINT", "CREATED", "DEVICE");
	if (lk_store_list(st, lk_entity_find("signer_key"), s_list_row, &l) < 0)
		return 1;
	if (!l.json)
		printf("%d keys\n", l.n);
	return 0;
}

/* Confirm or revoke key id from a district device. */
static int s_status(struct session *s, lk_store *st, const char *id, int confirm, const char *note)
{
	const struct lk_entity *e = lk_entity_find("signer_key");
	ProtobufCMessage *k = NULL;
	char now[24], err[300], fpr[LK_SIGNER_FPRLEN];
	const char *fields[3] = {"status", confirm ? "confirmed_at" : "revoked_at", "status_note"};
	int rc = 1;
	if (s_district(s, confirm ? "confirms signing keys" : "revokes signing keys") != 0)
		return 1;
	if (lk_store_get(st, e, id, &k) != 0) {
		fprintf(stderr, "lokmin: no signing key %s on this device (sync, then `lokmin sign list`)\n", id);
		return 1;
	}
	char *status = lk_record_get(k, "status"), *pk = lk_record_get(k, "public_key"),
	     *person = lk_record_get(k, "person_id"), *name = s_name(st, person);
	if (confirm && strcmp(status, "pending") != 0) {
		fprintf(stderr, "lokmin: key %s is %s, not waiting for confirmation\n", id, status);
		goto out;
	}
	if (!confirm && !strcmp(status, "revoked")) {
		fprintf(stderr, "lokmin: key %s is already revoked\n", id);
		goto out;
	}
	now_iso(now);
	if (lk_record_set(k, "status", confirm ? "active" : "revoked") || lk_record_set(k, fields[1], now) ||
	    (note && lk_record_set(k, "status_note", note)) ||
	    lk_store_put(st, e, k, fields, note ? 3 : 2, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err);
		goto out;
	}
	printf("%s key %s of %s (%s)\nfingerprint %s\n", confirm ? "confirmed" : "revoked", id, name, person,
	       lk_signer_fingerprint(fpr, pk));
	if (confirm)
		fprintf(stderr, "the fingerprint must be the one the signer's device showed; if it is not, revoke the key "
		                "now (`lokmin sign revoke %s`). Sent by the next sync.\n", id);
	rc = 0;
out:
	free(status);
	free(pk);
	free(person);
	free(name);
	lk_record_free(k);
	return rc;
}

/* A deputy's delegation, granted by the district or signed by the head's key. */
static int s_delegate(struct session *s, lk_store *st, int argc, char **argv)
{
	const struct lk_entity *de = lk_entity_find("delegation");
	const char *kind = NULL, *from = NULL, *until = NULL, *head = NULL, *note = "";
	ProtobufCMessage *p = NULL, *d = NULL, *hp = NULL;
	struct signer_keyrec hk = {0};
	struct lk_date t;
	char id[LK_UUID_STRLEN], now[24], err[300], sighex[129], *hname = NULL, *stmt = NULL;
	int rc = 1;
	for (int i = 3; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--kind"))
			kind = argv[i + 1];
		else if (!strcmp(argv[i], "--from") && lk_date_parse(argv[i + 1], &t) == 0)
			from = argv[i + 1];
		else if (!strcmp(argv[i], "--until") && lk_date_parse(argv[i + 1], &t) == 0)
			until = argv[i + 1];
		else if (!strcmp(argv[i], "--as"))
			head = argv[i + 1];
		else if (!strcmp(argv[i], "--note"))
			note = argv[i + 1];
		else
			return cmd_usage("sign");
	}
	if (argc % 2 == 0 || !kind || !from || !until)
		return cmd_usage("sign");
	if (head == NULL && s_district(s, "grants a delegation without the head's key (--as HEAD-PERSON-ID)") != 0)
		return 1;
	if (lk_store_get(st, lk_entity_find("person"), argv[2], &p) != 0) {
		fprintf(stderr, "lokmin: no person %s on this device\n", argv[2]);
		return 1;
	}
	const char *kab, *kec, *pusk;
	lk_record_keys(p, &kab, &kec, &pusk);
	lk_uuid u;
	lk_uuid_v7(&u);
	lk_uuid_format(&u, id);
	now_iso(now);
	d = lk_record_new(de);
	if (d == NULL || lk_record_set(d, "id", id) || lk_record_set(d, "kabupaten", kab) ||
	    lk_record_set(d, "kecamatan", kec) || lk_record_set(d, "puskesmas", pusk) ||
	    lk_record_set(d, "person_id", argv[2]) || lk_record_set(d, "kind", kind) ||
	    lk_record_set(d, "valid_from", from) || lk_record_set(d, "valid_until", until) ||
	    lk_record_set(d, "granted_at", now) || lk_record_set(d, "note", note))
		goto out;
	if (head) {
		uint8_t sk[LK_SIGN_SKLEN], sig[LK_SIGN_SIGLEN];
		struct lk_delegation dl;
		if (lk_store_get(st, lk_entity_find("person"), head, &hp) != 0) {
			fprintf(stderr, "lokmin: no person %s on this device\n", head);
			goto out;
		}
		hname = lk_record_get(hp, "name");
		if (sign_pick(s, st, head, hname, &hk) != 0)
			goto out;
		if (strcmp(hk.k.capacity, "head") != 0) {
			fprintf(stderr, "lokmin: only the head of the office (Kapus, Camat) grants a delegation; %s's key is a "
			                "deputy's\n", hname);
			goto out;
		}
		if (lk_record_set(d, "granted_by_key", hk.k.id))
			goto out;
		lk_signer_delegation_of(&dl, d);
		if ((stmt = lk_signer_delegation_statement(&dl)) == NULL)
			goto out;
		if (sign_open(s, &hk, sk) != 0) {
			fprintf(stderr, "lokmin: the key of %s did not open (wrong passphrase)\n", hname);
			goto out;
		}
		lk_sign(sig, (const uint8_t *)stmt, strlen(stmt), sk);
		sodium_memzero(sk, sizeof sk);
		if (lk_record_set(d, "grant_signature", lk_hex_encode(sighex, sig, sizeof sig)))
			goto out;
		lk_signer_delegation_of(&dl, d);
		if (lk_signer_delegation_check(&dl, &hk.k, err, sizeof err) != 0) {
			fprintf(stderr, "lokmin: %s\n", err);
			goto out;
		}
	}
	if (lk_store_put(st, de, d, NULL, 0, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err);
		goto out;
	}
	printf("%s\n", id);
	fprintf(stderr, "%s signs as %s from %s to %s (granted by %s; sent by the next sync)\n", argv[2], kind, from,
	        until, head ? hname : "the district");
	rc = 0;
out:
	free(hname);
	free(stmt);
	signer_key_release(&hk);
	lk_record_free(p);
	lk_record_free(hp);
	lk_record_free(d);
	return rc;
}

int sign_admin(struct session *s, lk_store *st, int argc, char **argv)
{
	if (!strcmp(argv[1], "list") && argc == 2)
		return s_list(s, st);
	if (!strcmp(argv[1], "confirm") && argc == 3)
		return s_status(s, st, argv[2], 1, NULL);
	if (!strcmp(argv[1], "revoke") && (argc == 3 || (argc == 5 && !strcmp(argv[3], "--note"))))
		return s_status(s, st, argv[2], 0, argc == 5 ? argv[4] : NULL);
	if (!strcmp(argv[1], "delegate") && argc >= 3)
		return s_delegate(s, st, argc, argv);
	return cmd_usage("sign");
}
