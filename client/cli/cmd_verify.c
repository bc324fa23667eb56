/* cmd_verify: `lokmin verify`: check a scanned document code (QR payload) or a meeting's signed document, offline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_fmt.h"
#include "lk_lang.h"
#include "lk_tz.h"
#include "lk_zone.h"
#include "lk_util.h"
#include "names.h"
#include "verify.h"

/* The most a pasted code may be: a seal is under 300 bytes, a little room for spaces. */
#define PASTE_MAX 4096

/* One line of stdin (as a scanner app pastes it), without the spaces and line ends
 * around it; NULL when there is nothing or too much. Caller frees. */
static char *s_read_stdin(void)
{
	char *buf = malloc(PASTE_MAX + 1);
	if (buf == NULL)
		return NULL;
	size_t n = fread(buf, 1, PASTE_MAX + 1, stdin);
	if (n == 0 || n > PASTE_MAX) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' ' || buf[n - 1] == '\t'))
		buf[--n] = '\0';
	size_t lead = strspn(buf, " \t\r\n");
	memmove(buf, buf + lead, n - lead + 1);
	return buf;
}

/* When it was signed, on the clocks of the signing office ("1 Desember 2026 pukul
 * 14.56 WIB"); the recorded UTC text when the zone is unknown. */
static void s_when(const struct dom_verify_result *r, char *out, size_t n)
{
	struct lk_tz *tz = NULL;
	int64_t utc;
	lk_strlcpy(out, r->signed_at, n);
	if (r->signed_at[0] && lk_utc_parse(r->signed_at, &utc) == 0 && lk_zone_load(r->office, NULL, &tz) == 0 &&
	    lk_fmt_at(out, n, tz, utc, LK_FMT_DATE | LK_FMT_TIME, lk_lang_from_env()) < 0)
		lk_strlcpy(out, r->signed_at, n);
	lk_tz_free(&tz);
}

static void s_json_field(const char *name, const char *v, int last)
{
	printf("\"%s\":", name);
	json_string(stdout, v);
	fputs(last ? "}\n" : ",", stdout);
}

static void s_json(const struct dom_verify_result *r, const char *error)
{
	char num[16], when[120];
	s_when(r, when, sizeof when);
	printf("{\"valid\":%s,", r->valid ? "true" : "false");
	s_json_field("reason", error ? error : r->why, 0);
	s_json_field("entity", r->entity, 0);
	s_json_field("kind", r->kind, 0);
	s_json_field("id", r->id, 0);
	s_json_field("number", r->number, 0);
	s_json_field("meeting_id", r->meeting_id, 0);
	s_json_field("meeting", r->meeting, 0);
	s_json_field("meeting_handle", r->meeting_handle, 0);
	s_json_field("meeting_date", r->meeting_date, 0);
	s_json_field("signer_id", r->signer_id, 0);
	s_json_field("signer_name", r->signer_name, 0);
	s_json_field("signer_title", r->signer_title, 0);
	s_json_field("signed_at", r->signed_at, 0);
	s_json_field("signed_at_local", r->signed_at[0] ? when : "", 0);
	s_json_field("key_id", r->key_id, 0);
	s_json_field("sha256", r->sha256, 0);
	snprintf(num, sizeof num, "%d", r->revision);
	printf("\"revision\":%s,\"newer\":%s,", num, r->newer ? "true" : "false");
	s_json_field("newer_id", r->newer_id, 1);
}

/* The verdict in words a surveyor reads at a desk, paper in hand. */
static void s_text(const struct dom_verify_result *r)
{
	char when[120];
	s_when(r, when, sizeof when);
	if (r->valid)
		printf(_("VALID: this %s is signed by %s and its text is the one on this device\n"), r->kind, r->signer_name);
	else
		printf(_("NOT VALID: %s\n"), r->why);
	printf(_("  document:   %s"), r->kind);
	if (r->number[0])
		printf(_(" number %s"), r->number);
	printf(_("\n  meeting:    %s"), r->meeting[0] ? r->meeting : _("(not on this device)"));
	if (r->meeting_handle[0])
		printf(" (%s)", r->meeting_handle);
	char day[CLI_FMT_LEN];
	if (r->meeting_date[0])
		printf(", %s", cli_date(r->meeting_date, day, sizeof day));
	printf(_("\n  signed by:  %s"), r->signer_name[0] ? r->signer_name : _("(not on this device)"));
	if (r->signer_title[0])
		printf(", %s", r->signer_title);
	if (r->signed_at[0])
		printf(_("\n  signed at:  %s (%s)\n"), when, r->signed_at);
	else
		printf(_("\n  signed at:  (not signed)\n"));
	if (!strcmp(r->entity, "minutes"))
		printf(_("  revision:   %d\n"), r->revision);
	if (r->newer)
		printf(_("  NOTE: a newer %s of this meeting exists (%s): the paper may be out of date\n"),
		       !strcmp(r->entity, "minutes") ? _("revision") : _("signed letter"), r->newer_id);
	printf(_("  key:        %s\n  content:    sha256 %s\n"), r->key_id[0] ? r->key_id : "-", r->sha256);
	if (r->valid)
		printf(_("Compare the paper's text with the %s on this device: `lokmin %s show %s`.\n"), r->kind,
		       !strcmp(r->entity, "minutes") ? "minutes" : "invite",
		       r->meeting_handle[0] ? r->meeting_handle : r->id);
}

/* Exit status of a check: 0 valid, 1 not (said on stdout, the reason on stderr too). */
static int s_report(int rc, const struct dom_verify_result *r, const struct dom_err *err, int json)
{
	if (rc != 0) {
		if (json)
			s_json(r, dom_msg(err, rc));
		else
			printf(_("NOT VALID: %s\n"), dom_msg(err, rc));
		fprintf(stderr, "lokmin: %s\n", dom_msg(err, rc));
		return 1;
	}
	if (json)
		s_json(r, NULL);
	else
		s_text(r);
	if (!r->valid)
		fprintf(stderr, _("lokmin: not valid: %s\n"), r->why);
	return r->valid ? 0 : 1;
}

static void s_help(void)
{
	cmd_help("verify");
	printf(_("\n  PAYLOAD               the text of a document's QR code, exactly as scanned\n"
	       "  -                     read that text from stdin (a scanner app pastes it)\n"
	       "  invite MEETING        the newest Surat Undangan of the meeting\n"
	       "  minutes MEETING       the newest Notulen of the meeting (2026-12#r2: revision 2)\n"
	       "  --payload             with invite|minutes: print the document's QR text instead\n"
	       "  --json                one JSON object: valid, reason, kind, number, meeting, signer, ...\n\n"
	       "The check needs no network, but the document, its signer and the signing keys\n"
	       "must be on this device: sync first. Exit status 0 valid, 1 not valid, 2 usage.\n"
	       "A valid code proves that the text on this device was signed with the signer's\n"
	       "registered key; compare the paper's text with what this device shows.\n"));
}

int cmd_verify(struct session *s, int argc, char **argv)
{
	const char *words[2] = {NULL, NULL};
	int nw = 0, json = s->opt.json != 0, payload = 0;
	if (cmd_is_help(argc, argv)) {
		s_help();
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (!strcmp(argv[i], "--payload"))
			payload = 1;
		else if (nw < 2 && (argv[i][0] != '-' || !strcmp(argv[i], "-")))
			words[nw++] = argv[i];
		else
			return cmd_usage("verify");
	}
	int doc = nw == 2 && (!strcmp(words[0], "invite") || !strcmp(words[0], "minutes"));
	if (nw == 0 || (nw == 2 && !doc) || (payload && !doc))
		return cmd_usage("verify");
	struct dom d;
	struct dom_err err = {0};
	struct dom_verify_result r;
	cli_dom(s, &d);
	if (d.st == NULL)
		return 1;
	memset(&r, 0, sizeof r);
	if (doc) {
		int minutes = !strcmp(words[0], "minutes");
		const char *entity = minutes ? "minutes" : "invitation";
		char id[40], seal[LK_SEAL_MAX];
		int rc = cli_resolve(s, d.st, minutes ? DOM_MINUTES : DOM_INVITATION, words[1], id, sizeof id);
		if (rc != 0)
			return rc;
		if (payload) {
			if ((rc = dom_seal_payload(&d, entity, id, seal, &err)) != 0) {
				fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
				return 1;
			}
			printf("%s\n", seal);
			return 0;
		}
		return s_report(dom_verify_record(&d, entity, id, &r, &err), &r, &err, json);
	}
	char *text = !strcmp(words[0], "-") ? s_read_stdin() : strdup(words[0]);
	if (text == NULL) {
		fprintf(stderr, _("lokmin: no code to check on stdin (paste the QR text, then end the input)\n"));
		return 2;
	}
	int rc = s_report(dom_verify_payload(&d, text, &r, &err), &r, &err, json);
	free(text);
	return rc;
}
