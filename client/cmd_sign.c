/* cmd_sign: `lokmin sign`: a signer's Ed25519 key, kept on this device under a passphrase. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "client.h"
#include "lk_error.h"
#include "lk_sign.h"
#include "lk_util.h"
#include "store.h"

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

static void s_key_path(const struct session *s, const char *person, char *out, size_t size)
{
	snprintf(out, size, "%s/sign-%s.key", s->home, person);
}

static int s_keygen(struct session *s, lk_store *st, const char *person)
{
	const struct lk_entity *e = lk_entity_find("person");
	ProtobufCMessage *p = NULL;
	uint8_t pk[LK_SIGN_PKLEN], sk[LK_SIGN_SKLEN];
	char path[1200], pkhex[2 * LK_SIGN_PKLEN + 1], err[300], *pass = NULL, *sealed = NULL;
	int rc = 1;

	if (lk_store_get(st, e, person, &p) != 0) {
		fprintf(stderr, "lokmin: no person %s on this device (see `lokmin staff list`)\n", person);
		return 1;
	}
	s_key_path(s, person, path, sizeof path);
	if (access(path, F_OK) == 0) {
		fprintf(stderr, "lokmin: %s already has a signing key on this device (%s)\n", person, path);
		goto out;
	}
	pass = sign_passphrase("passphrase for the new signing key");
	if (pass == NULL || strlen(pass) < 8) {
		fprintf(stderr, "lokmin: the passphrase must have at least 8 characters\n");
		goto out;
	}
	if (lk_sign_keygen(pk, sk) != 0 || (sealed = lk_sign_seal(sk, pass)) == NULL) {
		fprintf(stderr, "lokmin: cannot make the key\n");
		goto out;
	}
	if (lk_write_file(path, sealed, strlen(sealed), 0600) != 0) {
		fprintf(stderr, "lokmin: cannot write %s\n", path);
		goto out;
	}
	/* The public half travels with the person's record, so the server can verify. */
	const char *f[1] = {"sign_pk"};
	if (lk_record_set(p, "sign_pk", lk_hex_encode(pkhex, pk, sizeof pk)) != 0 ||
	    lk_store_put(st, e, p, f, 1, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: cannot record the public key: %s\n", err);
		unlink(path);
		goto out;
	}
	printf("signing key for %s in %s\npublic key %s (sent by the next sync)\n", person, path, pkhex);
	rc = 0;
out:
	sodium_memzero(sk, sizeof sk);
	if (pass) {
		sodium_memzero(pass, strlen(pass));
		free(pass);
	}
	free(sealed);
	lk_record_free(p);
	return rc;
}

int sign_load(const struct session *s, const char *person, uint8_t sk[LK_SIGN_SKLEN])
{
	char path[1200], *sealed = NULL, *pass;
	int rc;
	s_key_path(s, person, path, sizeof path);
	if ((rc = lk_read_file(path, &sealed, NULL)) != 0)
		return rc;
	pass = sign_passphrase("passphrase of the signing key");
	rc = pass ? lk_sign_open(sk, sealed, pass) : -LK_ECRYPTO;
	if (pass) {
		sodium_memzero(pass, strlen(pass));
		free(pass);
	}
	free(sealed);
	return rc;
}

static int s_check(struct session *s, const char *person)
{
	uint8_t sk[LK_SIGN_SKLEN], pk[LK_SIGN_PKLEN];
	char hex[2 * LK_SIGN_PKLEN + 1];
	int rc = sign_load(s, person, sk);
	if (rc == -LK_ENOTFOUND) {
		fprintf(stderr, "lokmin: %s has no signing key on this device\n", person);
		return 1;
	}
	if (rc != 0) {
		fprintf(stderr, "lokmin: wrong passphrase, or the key file is damaged\n");
		return 1;
	}
	lk_sign_public(pk, sk);
	sodium_memzero(sk, sizeof sk);
	printf("the passphrase opens the key; public key %s\n", lk_hex_encode(hex, pk, sizeof pk));
	return 0;
}

int cmd_sign(struct session *s, int argc, char **argv)
{
	lk_store *st;
	if (argc < 3 || cmd_is_help(argc, argv)) {
		cmd_help("sign");
		printf("\n  keygen PERSON-ID   make the person's Ed25519 key, sealed under a passphrase\n"
		       "                     (Argon2id); the public key goes to the server with the next sync\n"
		       "  check PERSON-ID    check that the passphrase opens the key\n"
		       "The passphrase is read from the terminal, or from LOKMIN_PASSPHRASE.\n");
		return argc < 3 ? 2 : 0;
	}
	if (!strcmp(argv[1], "check") && argc == 3)
		return s_check(s, argv[2]);
	if (!strcmp(argv[1], "keygen") && argc == 3) {
		if ((st = session_store(s)) == NULL)
			return 1;
		return s_keygen(s, st, argv[2]);
	}
	return cmd_usage("sign");
}
