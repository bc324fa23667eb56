/* cmd_sign: `lokmin sign` keygen|check|rotate|export|import, the passphrase prompt, and signing steps rtl, invite and minutes share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "clock.h"
#include "client.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "names.h"
#include "signed_doc.h"
#include "signing.h"

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

/* Say why an operation did not happen; the exit status 1. */
static int s_said(const struct dom_err *err, int rc)
{
	fprintf(stderr, "lokmin: %s\n", dom_msg(err, rc));
	return 1;
}

/* ---------------------------------------------------------------- shared with rtl, invite and minutes */

int sign_open(const struct session *s, const struct signer_keyrec *kr, uint8_t sk[LK_SIGN_SKLEN])
{
	struct dom d = {.home = s->home};
	char *pass = sign_passphrase(_("passphrase of the signing key"));
	int rc = pass ? dom_sign_key_open(&d, kr, pass, sk) : -LK_ECRYPTO;
	s_wipe(pass);
	return rc;
}

int sign_pick(const struct session *s, lk_store *st, const char *person, const char *name, struct signer_keyrec *out)
{
	struct dom d = {.st = st, .home = s->home};
	struct dom_err err;
	int rc = dom_sign_key_pick(&d, person, name, out, &err);
	return rc == 0 ? 0 : s_said(&err, rc);
}

/* Sign a document record as person: refused before the passphrase is asked when
 * the person may not sign it here. Exit status. */
static int s_doc_sign(struct session *s, lk_store *st, const char *entity, const char *id, const char *person)
{
	struct dom d;
	struct dom_err err;
	struct dom_doc_sign_out out;
	struct dom_doc_sign_in in = {entity, id, person, NULL};
	int rc;
	cli_dom(s, &d);
	d.st = st;
	/* Refuse before asking for a passphrase the person cannot use here. */
	if ((rc = dom_doc_sign_check(&d, &in, &out, &err)) != 0)
		return s_said(&err, rc);
	char *pass = sign_passphrase(_("passphrase of the signing key"));
	in.passphrase = pass;
	rc = dom_doc_sign(&d, &in, &out, &err);
	s_wipe(pass);
	if (rc != 0)
		return s_said(&err, rc);
	char when[DOM_WHEN_LEN];
	printf(_("signed %s at %s with key %s; sealed\n"), id, cli_when(&d, out.at, 1, when, sizeof when), out.key_id);
	return 0;
}

/* Print the document and whether its signature verifies; exit status. */
static int s_doc_show(struct session *s, lk_store *st, const char *entity, const char *id)
{
	struct dom d;
	cli_dom(s, &d);
	if (d.st == NULL)
		return 1;
	d.st = st;
	struct dom_err err;
	enum signer_state state;
	int rc = dom_doc_show(&d, entity, id, stdout, &state, &err);
	if (rc != 0)
		return s_said(&err, rc);
	return state == SIGNER_INVALID ? 1 : 0;
}

int doc_command(struct session *s, lk_store *st, const char *command, int argc, char **argv)
{
	int minutes = !strcmp(command, "minutes");
	enum dom_kind kind = minutes ? DOM_MINUTES : DOM_INVITATION;
	const char *entity = minutes ? "minutes" : "invitation";
	char id[40], who[40];
	int rc;
	if (!strcmp(argv[1], "sign")) {
		if (argc != 5 || strcmp(argv[3], "--as") != 0)
			return cmd_usage(command);
		if ((rc = cli_resolve(s, st, kind, argv[2], id, sizeof id)) != 0 ||
		    (rc = cli_resolve(s, st, DOM_PERSON, argv[4], who, sizeof who)) != 0)
			return rc;
		return s_doc_sign(s, st, entity, id, who);
	}
	if (!strcmp(argv[1], "show") && argc == 3) {
		if ((rc = cli_resolve(s, st, kind, argv[2], id, sizeof id)) != 0)
			return rc;
		return s_doc_show(s, st, entity, id);
	}
	return cmd_usage(command);
}

/* ---------------------------------------------------------------- keygen, rotate, check, export, import */

static int s_keygen(struct session *s, struct dom *d, const char *person, int deputy)
{
	struct dom_err err;
	struct dom_sign_key_out out;
	char *pass = sign_passphrase(_("passphrase for the new signing key"));
	struct dom_sign_keygen_in in = {person, deputy, pass, s->prof.device_name};
	int rc = dom_sign_keygen(d, &in, &out, &err);
	s_wipe(pass);
	if (rc != 0)
		return s_said(&err, rc);
	printf(_("%s  signing key of %s, kept in %s\npublic key %s (sent by the next sync)\nfingerprint %s\n"), out.key_id,
	       person, out.path, out.public_key, out.fingerprint);
	fprintf(stderr, _("the key signs once the district confirms it: read this fingerprint to the district officer, who "
	                "compares it in `lokmin sign confirm %s`\n"), out.key_id);
	return 0;
}

/* A new key for person, endorsed by the current one (which stops signing). */
static int s_rotate(struct session *s, struct dom *d, const char *person)
{
	struct dom_err err;
	struct dom_sign_key_out out;
	char *pass = sign_passphrase(_("passphrase of the signing key")), *npass;
	const char *np = getenv("LOKMIN_NEW_PASSPHRASE");
	npass = np && *np ? strdup(np) : sign_passphrase(_("passphrase for the new key"));
	struct dom_sign_rotate_in in = {person, pass, npass, s->prof.device_name};
	int rc = dom_sign_rotate(d, &in, &out, &err);
	s_wipe(pass);
	s_wipe(npass);
	if (rc != 0)
		return s_said(&err, rc);
	printf(_("%s  new signing key of %s, endorsed by key %s, which signs no more from %s\npublic key %s\n"
	       "fingerprint %s\ndocuments signed before keep verifying with the old key (sent by the next sync)\n"),
	       out.key_id, out.person_name, out.old_key_id, out.at, out.public_key, out.fingerprint);
	return 0;
}

static int s_check(struct dom *d, const char *person)
{
	struct dom_err err;
	struct dom_sign_key_out out;
	char *pass = sign_passphrase(_("passphrase of the signing key"));
	int rc = dom_sign_check(d, person, pass, &out, &err);
	s_wipe(pass);
	if (rc != 0)
		return s_said(&err, rc);
	printf(_("the passphrase opens key %s (%s); public key %s\n"), out.key_id, out.status, out.public_key);
	return 0;
}

static int s_export(struct dom *d, const char *person, const char *file)
{
	struct dom_err err;
	struct dom_sign_key_out out;
	int rc = dom_sign_export(d, person, file, &out, &err);
	if (rc != 0)
		return s_said(&err, rc);
	printf(_("key %s of %s written to %s (still sealed under the passphrase); on the other device, after a sync: "
	       "`lokmin sign import %s`\n"), out.key_id, person, file, file);
	return 0;
}

static int s_import(struct dom *d, const char *file)
{
	struct dom_err err;
	struct dom_sign_key_out out;
	char *pass = sign_passphrase(_("passphrase of the signing key"));
	int rc = dom_sign_import(d, file, pass, &out, &err);
	s_wipe(pass);
	if (rc != 0)
		return s_said(&err, rc);
	printf(_("key %s of %s imported (%s)\n"), out.key_id, out.person_id, out.status);
	return 0;
}

int cmd_sign(struct session *s, int argc, char **argv)
{
	struct dom d;
	char who[40];
	int rc;
	if (argc < 2 && !cmd_is_help(argc, argv))
		return cmd_usage("sign");
	if (cmd_is_help(argc, argv)) {
		cmd_help("sign");
		printf(_("\n  keygen PERSON [--deputy]  make the person's Ed25519 key on this device, sealed under a\n"
		       "                     passphrase (Argon2id); it waits for the district's confirmation\n"
		       "  check PERSON       check that the passphrase opens the person's key on this device\n"
		       "  rotate PERSON      a new key endorsed by the current one, which stops signing\n"
		       "                     (the new key's passphrase is asked for, or taken from LOKMIN_NEW_PASSPHRASE)\n"
		       "  export PERSON FILE | import FILE   carry a sealed key to another device of the signer\n"
		       "  list               every signing key in scope: person, office, fingerprint, status\n"
		       "  confirm KEY        (district device) confirm a pending key after comparing its fingerprint\n"
		       "  revoke KEY [--note TEXT]   (district device) a key signs no more (a lost laptop)\n"
		       "  delegate PERSON --kind plt|plh|an --from DATE --until DATE [--as HEAD] [--note TEXT]\n"
		       "                     a deputy signs for the head on those days: granted by the head's\n"
		       "                     key (--as), or by the district from a district device\n"
		       "PERSON and HEAD are a part of the name, the NIP or an id; KEY the key's id or its last\n"
		       "8 hex digits (as `sign list` shows it).\n"
		       "The passphrase is read from the terminal, or from LOKMIN_PASSPHRASE.\n"));
		return 0;
	}
	cli_dom(s, &d);
	if (d.st == NULL)
		return 1;
	int keygen = !strcmp(argv[1], "keygen") && (argc == 3 || (argc == 4 && !strcmp(argv[3], "--deputy")));
	int one = (!strcmp(argv[1], "check") || !strcmp(argv[1], "rotate")) && argc == 3;
	int exp = !strcmp(argv[1], "export") && argc == 4;
	if (keygen || one || exp) {
		if ((rc = cli_resolve(s, d.st, DOM_PERSON, argv[2], who, sizeof who)) != 0)
			return rc;
		if (keygen)
			return s_keygen(s, &d, who, argc == 4);
		if (exp)
			return s_export(&d, who, argv[3]);
		return !strcmp(argv[1], "check") ? s_check(&d, who) : s_rotate(s, &d, who);
	}
	if (!strcmp(argv[1], "import") && argc == 3)
		return s_import(&d, argv[2]);
	return sign_admin(s, d.st, argc, argv);
}
