/* cmd_sign_admin: `lokmin sign list|confirm|revoke|delegate`: the district's side of signer trust, and deputies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "clock.h"
#include "client.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_json.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "names.h"
#include "signing.h"

static int s_said(const struct dom_err *err, int rc)
{
	fprintf(stderr, "lokmin: %s\n", dom_msg(err, rc));
	for (int i = 0; i < err->ncand; i++)
		fprintf(stderr, "  %s\n", err->cand[i]);
	return 1;
}

struct listing {
	struct session *s;
	lk_store *st;
	const struct dom *d;
	int json;
	int n;
};

static int s_list_row(const struct dom_sign_key_row *r, void *arg)
{
	struct listing *l = arg;
	const struct lk_signer_key *k = &r->k;
	char handle[80], when[CLI_FMT_LEN];
	cli_handle(l->s, l->st, DOM_ANY, k->id, handle, sizeof handle);
	l->n++;
	if (l->json)
		return cli_json_handle(r->e, r->m, handle);
	printf("%-8s  %s  %-24.24s  %-11s  %-6s  %-7s  %s  %-22s  %s%s\n", handle, k->id, r->person_name,
	       k->pusk[0] ? k->pusk : k->kec, cli_word(k->capacity), cli_word(k->status), r->fingerprint,
	       cli_when(l->d, k->created_at, 1, when, sizeof when),
	       r->device_name[0] ? r->device_name : "-", k->endorsed_by[0] ? _("  (endorsed)") : "");
	return 0;
}

static int s_list(struct session *s, struct dom *d)
{
	struct listing l = {s, d->st, d, (int)s->opt.json, 0};
	struct dom_err err = {.code = 0};
	if (!l.json)
		printf("%-8s  %-36s  %-24s  %-11s  %-6s  %-7s  %-39s  %-22s  %s\n", _("HANDLE"), _("KEY"), _("PERSON"), _("OFFICE"), _("AS"),
		       _("STATUS"), _("FINGERPRINT"), _("CREATED"), _("DEVICE"));
	int rc = dom_sign_keys_list(d, s_list_row, &l, &err);
	if (rc != 0)
		return s_said(&err, rc);
	if (!l.json)
		printf(_("%d keys\n"), l.n);
	return 0;
}

/* Confirm or revoke a key from a district device. */
static int s_status(struct session *s, struct dom *d, const char *text, int confirm, const char *note)
{
	struct dom_err err = {.code = 0};
	struct dom_sign_key_out out;
	char id[40];
	int rc;
	/* The device's role first: a puskesmas is told so, whatever key it names. */
	if ((rc = dom_sign_district(d, confirm ? _("confirms signing keys") : _("revokes signing keys"), &err)) != 0)
		return s_said(&err, rc);
	/* A full id goes straight through, so an unknown key is named as such. */
	if (lk_uuid_canonical(text))
		lk_strlcpy(id, text, sizeof id);
	else if (strlen(text) == 8 && strspn(text, "0123456789abcdef") == 8) {
		if ((rc = cli_resolve(s, d->st, DOM_ANY, text, id, sizeof id)) != 0)
			return rc;
	} else {
		/* A person: the key of theirs that the district would confirm (pending) or revoke (active). */
		char person[40];
		if ((rc = cli_resolve(s, d->st, DOM_PERSON, text, person, sizeof person)) != 0)
			return rc;
		if ((rc = dom_sign_key_of_person(d, person, confirm, id, sizeof id, &err)) != 0) {
			s_said(&err, rc);
			return rc == -LK_EINVAL ? 2 : 1;
		}
	}
	struct dom_sign_status_in in = {id, confirm, note};
	if ((rc = dom_sign_key_status(d, &in, &out, &err)) != 0)
		return s_said(&err, rc);
	printf(_("%s key %s of %s (%s)\nfingerprint %s\n"), confirm ? "confirmed" : "revoked", out.key_id, out.person_name,
	       out.person_id, out.fingerprint);
	if (confirm)
		fprintf(stderr, _("the fingerprint must be the one the signer's device showed; if it is not, revoke the key "
		                "now (`lokmin sign revoke %s`). Sent by the next sync.\n"), out.key_id);
	return 0;
}

/* A deputy's delegation, granted by the district or signed by the head's key. */
static int s_delegate(struct session *s, struct dom *d, int argc, char **argv)
{
	struct dom_sign_delegate_in in = {.note = ""};
	struct dom_sign_delegate_out out;
	struct dom_err err = {.code = 0};
	struct lk_date t;
	const char *head = NULL;
	char who[40], hid[40];
	int rc;
	for (int i = 3; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--kind"))
			in.kind = argv[i + 1];
		else if (!strcmp(argv[i], "--from") && lk_date_parse(argv[i + 1], &t) == 0)
			in.from = argv[i + 1];
		else if (!strcmp(argv[i], "--until") && lk_date_parse(argv[i + 1], &t) == 0)
			in.until = argv[i + 1];
		else if (!strcmp(argv[i], "--as"))
			head = argv[i + 1];
		else if (!strcmp(argv[i], "--note"))
			in.note = argv[i + 1];
		else
			return cmd_usage("sign");
	}
	if (argc % 2 == 0 || !in.kind || !in.from || !in.until)
		return cmd_usage("sign");
	if (head == NULL &&
	    (rc = dom_sign_district(d, _("grants a delegation without the head's key (--as HEAD)"), &err)) != 0)
		return s_said(&err, rc);
	if ((rc = cli_resolve(s, d->st, DOM_PERSON, argv[2], who, sizeof who)) != 0)
		return rc;
	in.person_id = who;
	char *pass = NULL;
	if (head) {
		if ((rc = cli_resolve(s, d->st, DOM_PERSON, head, hid, sizeof hid)) != 0)
			return rc;
		in.head_id = hid;
		pass = sign_passphrase(_("passphrase of the signing key"));
		in.passphrase = pass;
	}
	rc = dom_sign_delegate(d, &in, &out, &err);
	if (pass) {
		sodium_memzero(pass, strlen(pass));
		free(pass);
	}
	if (rc != 0)
		return s_said(&err, rc);
	printf("%s\n", out.id);
	fprintf(stderr, _("%s signs as %s from %s to %s (granted by %s; sent by the next sync)\n"), argv[2], in.kind, in.from,
	        in.until, out.granted_by);
	return 0;
}

int sign_admin(struct session *s, lk_store *st, int argc, char **argv)
{
	struct dom d;
	cli_dom(s, &d);
	d.st = st;
	if (!strcmp(argv[1], "list") && argc == 2)
		return s_list(s, &d);
	if (!strcmp(argv[1], "confirm") && argc == 3)
		return s_status(s, &d, argv[2], 1, NULL);
	if (!strcmp(argv[1], "revoke") && (argc == 3 || (argc == 5 && !strcmp(argv[3], "--note"))))
		return s_status(s, &d, argv[2], 0, argc == 5 ? argv[4] : NULL);
	if (!strcmp(argv[1], "delegate") && argc >= 3)
		return s_delegate(s, &d, argc, argv);
	return cmd_usage("sign");
}
