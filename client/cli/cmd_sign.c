/* cmd_sign: `lokmin sign`: a signer's Ed25519 keys on this device: make, check, rotate, carry to another device. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "client.h"
#include "lk_error.h"
#include "lk_sign.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "signer.h"
#include "store.h"

#define EXPORT_MAGIC "lokmin-signer-key-file-1"

/* The passphrase: LOKMIN_PASSPHRASE, else read from the terminal without echo,
 * else one line of standard input. Caller wipes and frees. */
char *sign_passphrase(const char *prompt)
{
	const char *env = getenv("LOKMIN_PASSPHRASE");
	char buf[512];
	if (env && *env)
		return strdup(env);
	int tty = isatty(0);
	struct termios old, quiet;
	if (tty) {
		fprintf(stderr, "%s: ", prompt);
		tcgetattr(0, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(0, TCSANOW, &quiet);
	}
	char *got = fgets(buf, sizeof buf, stdin);
	if (tty) {
		tcsetattr(0, TCSANOW, &old);
		fprintf(stderr, "\n");
	}
	if (got == NULL)
		return NULL;
	buf[strcspn(buf, "\r\n")] = '\0';
	char *p = strdup(buf);
	sodium_memzero(buf, sizeof buf);
	return p;
}

static void s_wipe(char *pass)
{
	if (pass) {
		sodium_memzero(pass, strlen(pass));
		free(pass);
	}
}

/* One file per key, so a person's old and new keys live side by side. */
void sign_key_path(const struct session *s, const char *key_id, char *out, size_t size)
{
	snprintf(out, size, "%s/sign-%s.key", s->home, key_id);
}

static int s_key_here(const struct session *s, const char *key_id)
{
	char path[1200];
	sign_key_path(s, key_id, path, sizeof path);
	return access(path, F_OK) == 0;
}

int sign_open(const struct session *s, const struct signer_keyrec *kr, uint8_t sk[LK_SIGN_SKLEN])
{
	char path[1200], *sealed = NULL, *pass;
	uint8_t pk[LK_SIGN_PKLEN];
	char hex[2 * LK_SIGN_PKLEN + 1];
	int rc;
	sign_key_path(s, kr->k.id, path, sizeof path);
	if ((rc = lk_read_file(path, &sealed, NULL)) != 0)
		return rc;
	pass = sign_passphrase("passphrase of the signing key");
	rc = pass ? lk_sign_open(sk, sealed, pass) : -LK_ECRYPTO;
	s_wipe(pass);
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

int sign_pick(const struct session *s, lk_store *st, const char *person, const char *name, struct signer_keyrec *out)
{
	struct signer_keyrec *v = NULL;
	size_t n = 0;
	const struct signer_keyrec *pending = NULL, *ended = NULL;
	char why[300], fpr[LK_SIGNER_FPRLEN];
	int found = -1;
	if (signer_keys_of(st, person, &v, &n) != 0) {
		fprintf(stderr, "lokmin: cannot read the signing keys of %s\n", name);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!s_key_here(s, v[i].k.id))
			continue;
		if (lk_signer_key_current(&v[i].k, why, sizeof why) == 0)
			found = (int)i; /* the newest current key wins */
		else if (!strcmp(v[i].k.status, "pending"))
			pending = &v[i];
		else
			ended = &v[i];
	}
	int rc = 1;
	if (found >= 0) {
		*out = v[found];
		v[found].m = NULL;
		/* k points into the record and into replaced_at: point it at the copy's. */
		lk_signer_key_of(&out->k, out->m, out->replaced_at);
		rc = 0;
	} else if (pending) {
		fprintf(stderr, "lokmin: the key %s of %s is waiting for the district's confirmation (fingerprint %s); "
		                "sync after it is confirmed\n",
		        pending->k.id, name, lk_signer_fingerprint(fpr, pending->k.public_key));
	} else if (ended) {
		fprintf(stderr, "lokmin: the key %s of %s on this device no longer signs (%s); make a new one with "
		                "`lokmin sign keygen`, confirmed by the district\n",
		        ended->k.id, name, !strcmp(ended->k.status, "revoked") ? "revoked by the district" : "replaced");
	} else {
		fprintf(stderr, "lokmin: %s has no signing key on this device (`lokmin sign keygen %s`, or bring one with "
		                "`lokmin sign import`)\n", name, person);
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
	          lk_record_set(k, "created_at", created) || lk_record_set(k, "device_name", device) ||
	          lk_record_set(k, "status", "pending"))) {
		lk_record_free(k);
		k = NULL;
	}
	return k;
}

/* Make a key pair, seal it under pass into its file, and return its public
 * key in pkhex and the secret in sk (caller wipes). 0 or 1 after saying why. */
static int s_make(const struct session *s, const char *key_id, const char *pass, char pkhex[65],
                  uint8_t sk[LK_SIGN_SKLEN])
{
	uint8_t pk[LK_SIGN_PKLEN];
	char path[1200], *sealed = NULL;
	sign_key_path(s, key_id, path, sizeof path);
	if (lk_sign_keygen(pk, sk) != 0 || (sealed = lk_sign_seal(sk, pass)) == NULL) {
		fprintf(stderr, "lokmin: cannot make the key\n");
		return 1;
	}
	int rc = lk_write_file(path, sealed, strlen(sealed), 0600);
	free(sealed);
	if (rc != 0) {
		fprintf(stderr, "lokmin: cannot write %s\n", path);
		return 1;
	}
	lk_hex_encode(pkhex, pk, sizeof pk);
	return 0;
}

static void s_new_id(char out[LK_UUID_STRLEN])
{
	lk_uuid u;
	lk_uuid_v7(&u);
	lk_uuid_format(&u, out);
}

static int s_head_role(const ProtobufCMessage *person)
{
	const char *kab, *kec, *pusk;
	char *role = lk_record_get(person, "role");
	lk_record_keys(person, &kab, &kec, &pusk);
	int head = !strcmp(role, pusk[0] ? "kapus" : "camat");
	free(role);
	return head;
}

static int s_keygen(struct session *s, lk_store *st, const char *person, int deputy)
{
	const struct lk_entity *pe = lk_entity_find("person"), *ke = lk_entity_find("signer_key");
	ProtobufCMessage *p = NULL, *k = NULL;
	struct signer_keyrec *v = NULL;
	size_t n = 0;
	uint8_t sk[LK_SIGN_SKLEN];
	char id[LK_UUID_STRLEN], pkhex[65], now[24], err[300], path[1200], fpr[LK_SIGNER_FPRLEN], *pass = NULL;
	int rc = 1;

	if (lk_store_get(st, pe, person, &p) != 0) {
		fprintf(stderr, "lokmin: no person %s on this device (see `lokmin staff list`)\n", person);
		return 1;
	}
	signer_keys_of(st, person, &v, &n);
	for (size_t i = 0; i < n; i++)
		if (s_key_here(s, v[i].k.id) && strcmp(v[i].k.status, "revoked") != 0) {
			fprintf(stderr, "lokmin: %s already has a signing key on this device (%s, %s); a new one is made with "
			                "`lokmin sign rotate %s`\n", person, v[i].k.id, v[i].k.status, person);
			goto out;
		}
	pass = sign_passphrase("passphrase for the new signing key");
	if (pass == NULL || strlen(pass) < 8) {
		fprintf(stderr, "lokmin: the passphrase must have at least 8 characters\n");
		goto out;
	}
	s_new_id(id);
	if (s_make(s, id, pass, pkhex, sk) != 0)
		goto out;
	sodium_memzero(sk, sizeof sk);
	now_iso(now);
	sign_key_path(s, id, path, sizeof path);
	k = s_key_record(p, id, pkhex, deputy || !s_head_role(p) ? "deputy" : "head", now, s->prof.device_name);
	if (k == NULL || lk_store_put(st, ke, k, NULL, 0, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: cannot record the key: %s\n", k ? err : "out of memory");
		unlink(path);
		goto out;
	}
	printf("%s  signing key of %s, kept in %s\npublic key %s (sent by the next sync)\nfingerprint %s\n", id, person,
	       path, pkhex, lk_signer_fingerprint(fpr, pkhex));
	fprintf(stderr, "the key signs once the district confirms it: read this fingerprint to the district officer, who "
	                "compares it in `lokmin sign confirm %s`\n", id);
	rc = 0;
out:
	s_wipe(pass);
	signer_keys_free(v, n);
	lk_record_free(p);
	lk_record_free(k);
	return rc;
}

/* Now, in the next whole second: a signature the old key made before this
 * command started is then strictly older than the new key (times have seconds). */
static void s_next_second(char out[24])
{
	time_t t0 = time(NULL);
	while (time(NULL) == t0)
		usleep(20000);
	now_iso(out);
}

/* A new key for person, endorsed by the current one (which stops signing). */
static int s_rotate(struct session *s, lk_store *st, const char *person)
{
	const struct lk_entity *ke = lk_entity_find("signer_key");
	ProtobufCMessage *p = NULL, *k = NULL;
	struct signer_keyrec old = {0}, nk;
	uint8_t sk[LK_SIGN_SKLEN], nsk[LK_SIGN_SKLEN], sig[LK_SIGN_SIGLEN];
	char id[LK_UUID_STRLEN], pkhex[65], now[24], err[300], path[1200], fpr[LK_SIGNER_FPRLEN], sighex[129];
	char *pass = NULL, *name = NULL, *st_text = NULL;
	int rc = 1;

	if (lk_store_get(st, lk_entity_find("person"), person, &p) != 0) {
		fprintf(stderr, "lokmin: no person %s on this device\n", person);
		return 1;
	}
	name = lk_record_get(p, "name");
	if (sign_pick(s, st, person, name, &old) != 0)
		goto out;
	if (sign_open(s, &old, sk) != 0) {
		fprintf(stderr, "lokmin: the key %s of %s did not open (wrong passphrase)\n", old.k.id, name);
		goto out;
	}
	const char *np = getenv("LOKMIN_NEW_PASSPHRASE");
	pass = np && *np ? strdup(np) : sign_passphrase("passphrase for the new key");
	if (pass == NULL || strlen(pass) < 8) {
		fprintf(stderr, "lokmin: the passphrase must have at least 8 characters\n");
		sodium_memzero(sk, sizeof sk);
		goto out;
	}
	s_new_id(id);
	s_next_second(now);
	if (s_make(s, id, pass, pkhex, nsk) != 0) {
		sodium_memzero(sk, sizeof sk);
		goto out;
	}
	sodium_memzero(nsk, sizeof nsk);
	sign_key_path(s, id, path, sizeof path);
	k = s_key_record(p, id, pkhex, old.k.capacity, now, s->prof.device_name);
	if (k == NULL || lk_record_set(k, "endorsed_by", old.k.id) || lk_record_set(k, "replaces", "1")) {
		sodium_memzero(sk, sizeof sk);
		goto fail;
	}
	lk_signer_key_of(&nk.k, k, "");
	st_text = lk_signer_key_statement(&nk.k);
	if (st_text == NULL) {
		sodium_memzero(sk, sizeof sk);
		goto fail;
	}
	lk_sign(sig, (const uint8_t *)st_text, strlen(st_text), sk);
	sodium_memzero(sk, sizeof sk);
	if (lk_record_set(k, "endorsement", lk_hex_encode(sighex, sig, sizeof sig)) || lk_record_set(k, "status", "active") ||
	    lk_store_put(st, ke, k, NULL, 0, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: cannot record the new key: %s\n", err);
		goto fail;
	}
	printf("%s  new signing key of %s, endorsed by key %s, which signs no more from %s\npublic key %s\n"
	       "fingerprint %s\ndocuments signed before keep verifying with the old key (sent by the next sync)\n",
	       id, name, old.k.id, now, pkhex, lk_signer_fingerprint(fpr, pkhex));
	rc = 0;
	goto out;
fail:
	unlink(path);
out:
	s_wipe(pass);
	free(name);
	free(st_text);
	signer_key_release(&old);
	lk_record_free(p);
	lk_record_free(k);
	return rc;
}

/* ---------------------------------------------------------------- check, export, import */

static int s_check(struct session *s, lk_store *st, const char *person)
{
	struct signer_keyrec *v = NULL;
	size_t n = 0;
	uint8_t sk[LK_SIGN_SKLEN];
	int here = -1, rc = 1;
	signer_keys_of(st, person, &v, &n);
	for (size_t i = 0; i < n; i++)
		if (s_key_here(s, v[i].k.id) && strcmp(v[i].k.status, "revoked") != 0)
			here = (int)i; /* the newest */
	if (here < 0) {
		fprintf(stderr, "lokmin: %s has no signing key on this device\n", person);
	} else if (sign_open(s, &v[here], sk) != 0) {
		fprintf(stderr, "lokmin: wrong passphrase, or the key file is damaged\n");
	} else {
		sodium_memzero(sk, sizeof sk);
		printf("the passphrase opens key %s (%s); public key %s\n", v[here].k.id, v[here].k.status,
		       v[here].k.public_key);
		rc = 0;
	}
	signer_keys_free(v, n);
	return rc;
}

/* The sealed key file travels still sealed under the signer's passphrase. */
static int s_export(struct session *s, lk_store *st, const char *person, const char *file)
{
	struct signer_keyrec *v = NULL;
	size_t n = 0;
	char path[1200], *sealed = NULL, *buf = NULL;
	int here = -1, rc = 1;
	signer_keys_of(st, person, &v, &n);
	for (size_t i = 0; i < n; i++)
		if (s_key_here(s, v[i].k.id) && strcmp(v[i].k.status, "revoked") != 0)
			here = (int)i;
	if (here < 0) {
		fprintf(stderr, "lokmin: %s has no signing key on this device\n", person);
		goto out;
	}
	sign_key_path(s, v[here].k.id, path, sizeof path);
	if (lk_read_file(path, &sealed, NULL) != 0 || (buf = malloc(strlen(sealed) + 128)) == NULL) {
		fprintf(stderr, "lokmin: cannot read %s\n", path);
		goto out;
	}
	sprintf(buf, EXPORT_MAGIC "\nkey %s\n%s\n", v[here].k.id, sealed);
	if (lk_write_file(file, buf, strlen(buf), 0600) != 0) {
		fprintf(stderr, "lokmin: cannot write %s\n", file);
		goto out;
	}
	printf("key %s of %s written to %s (still sealed under the passphrase); on the other device, after a sync: "
	       "`lokmin sign import %s`\n", v[here].k.id, person, file, file);
	rc = 0;
out:
	free(sealed);
	free(buf);
	signer_keys_free(v, n);
	return rc;
}

static int s_import(struct session *s, lk_store *st, const char *file)
{
	struct signer_keyrec kr = {0};
	uint8_t sk[LK_SIGN_SKLEN];
	char *text = NULL, key_id[LK_UUID_STRLEN] = "", path[1200];
	int rc = 1;
	if (lk_read_file(file, &text, NULL) != 0 || strncmp(text, EXPORT_MAGIC "\nkey ", sizeof EXPORT_MAGIC + 4) != 0) {
		fprintf(stderr, "lokmin: %s is not a key file written by `lokmin sign export`\n", file);
		goto out;
	}
	char *idp = text + sizeof EXPORT_MAGIC + 4, *sealed = strchr(idp, '\n');
	if (sealed == NULL || sealed - idp != 36) {
		fprintf(stderr, "lokmin: %s is damaged\n", file);
		goto out;
	}
	memcpy(key_id, idp, 36);
	sealed++;
	sealed[strcspn(sealed, "\n")] = '\0';
	if (signer_key_load(st, key_id, &kr) != 0) {
		fprintf(stderr, "lokmin: key %s is not known on this device yet: sync first\n", key_id);
		goto out;
	}
	sign_key_path(s, key_id, path, sizeof path);
	if (lk_write_file(path, sealed, strlen(sealed), 0600) != 0) {
		fprintf(stderr, "lokmin: cannot write %s\n", path);
		goto out;
	}
	if (sign_open(s, &kr, sk) != 0) {
		fprintf(stderr, "lokmin: the passphrase does not open key %s, or the file holds another key\n", key_id);
		unlink(path);
		goto out;
	}
	sodium_memzero(sk, sizeof sk);
	printf("key %s of %s imported (%s)\n", key_id, kr.k.person_id, kr.k.status);
	rc = 0;
out:
	free(text);
	signer_key_release(&kr);
	return rc;
}

int cmd_sign(struct session *s, int argc, char **argv)
{
	lk_store *st;
	if (argc < 2 && !cmd_is_help(argc, argv))
		return cmd_usage("sign");
	if (cmd_is_help(argc, argv)) {
		cmd_help("sign");
		printf("\n  keygen PERSON-ID [--deputy]  make the person's Ed25519 key on this device, sealed under a\n"
		       "                     passphrase (Argon2id); it waits for the district's confirmation\n"
		       "  check PERSON-ID    check that the passphrase opens the person's key on this device\n"
		       "  rotate PERSON-ID   a new key endorsed by the current one, which stops signing\n"
		       "                     (the new key's passphrase is asked for, or taken from LOKMIN_NEW_PASSPHRASE)\n"
		       "  export PERSON-ID FILE | import FILE   carry a sealed key to another device of the signer\n"
		       "  list               every signing key in scope: person, office, fingerprint, status\n"
		       "  confirm KEY-ID     (district device) confirm a pending key after comparing its fingerprint\n"
		       "  revoke KEY-ID [--note TEXT]   (district device) a key signs no more (a lost laptop)\n"
		       "  delegate PERSON-ID --kind plt|plh|an --from DATE --until DATE [--as HEAD-PERSON-ID] [--note TEXT]\n"
		       "                     a deputy signs for the head on those days: granted by the head's\n"
		       "                     key (--as), or by the district from a district device\n"
		       "The passphrase is read from the terminal, or from LOKMIN_PASSPHRASE.\n");
		return 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	if (!strcmp(argv[1], "keygen") && (argc == 3 || (argc == 4 && !strcmp(argv[3], "--deputy"))))
		return s_keygen(s, st, argv[2], argc == 4);
	if (!strcmp(argv[1], "check") && argc == 3)
		return s_check(s, st, argv[2]);
	if (!strcmp(argv[1], "rotate") && argc == 3)
		return s_rotate(s, st, argv[2]);
	if (!strcmp(argv[1], "export") && argc == 4)
		return s_export(s, st, argv[2], argv[3]);
	if (!strcmp(argv[1], "import") && argc == 3)
		return s_import(s, st, argv[2]);
	return sign_admin(s, st, argc, argv);
}
