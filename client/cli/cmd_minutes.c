/* cmd_minutes: `lokmin minutes`: compile the Notulen from the records, sign, seal, revise, submit, review, show. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "client.h"
#include "doc_text.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "minutes.h"
#include "names.h"
#include "signed_doc.h"

static int s_said(const struct dom_err *err, int rc)
{
	fprintf(stderr, "lokmin: %s\n", dom_msg(err, rc));
	return 1;
}

static int s_compile(struct session *s, struct dom *d, int argc, char **argv)
{
	struct dom_minutes_compile_in in = {0};
	struct dom_minutes_compile_out out;
	struct dom_err err;
	const char *chair = NULL, *notulis = NULL, **dec = NULL;
	char mid[40], cid[40], nid[40];
	int rc;
	if (argc < 3)
		return cmd_usage("minutes");
	if ((dec = calloc((size_t)argc, sizeof *dec)) == NULL)
		return 1;
	for (int i = 3; i < argc; i += 2) { /* OPTION VALUE pairs */
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (v == NULL) {
			free(dec);
			return cmd_usage("minutes");
		}
		if (!strcmp(argv[i], "--reason"))
			in.reason = v;
		else if (!strcmp(argv[i], "--effective"))
			in.effective = v;
		else if (!strcmp(argv[i], "--start"))
			in.start = v;
		else if (!strcmp(argv[i], "--end"))
			in.end = v;
		else if (!strcmp(argv[i], "--chair"))
			chair = v;
		else if (!strcmp(argv[i], "--notulis"))
			notulis = v;
		else if (!strcmp(argv[i], "--decision"))
			dec[in.ndecisions++] = v;
		else {
			free(dec);
			return cmd_usage("minutes");
		}
	}
	in.decisions = dec;
	if ((rc = cli_resolve(s, d->st, DOM_MEETING, argv[2], mid, sizeof mid)) != 0 ||
	    (chair && (rc = cli_resolve(s, d->st, DOM_PERSON, chair, cid, sizeof cid)) != 0) ||
	    (notulis && (rc = cli_resolve(s, d->st, DOM_PERSON, notulis, nid, sizeof nid)) != 0)) {
		free(dec);
		return rc;
	}
	in.meeting_id = mid;
	in.chair_id = chair ? cid : NULL;
	in.notulis_id = notulis ? nid : NULL;
	rc = dom_minutes_compile(d, &in, &out, &err);
	free(dec);
	if (rc != 0)
		return s_said(&err, rc);
	printf("%s\n", out.id);
	fprintf(stderr, _("minutes revision %d compiled (draft: sign it with `lokmin minutes sign`)\n"), out.revision);
	return 0;
}

/* `minutes show`: the readable Notulen, then its signer and the state of the signature; an older
 * free-text revision as it is. */
static int s_show(struct session *s, struct dom *d, const char *typed)
{
	struct dom_err err;
	enum signer_state state;
	struct dom_doc_text t;
	char id[40], *buf = NULL;
	size_t len = 0;
	ProtobufCMessage *m = NULL;
	int rc;
	dom_doc_text_init(&t, "");
	if ((rc = cli_resolve(s, d->st, DOM_MINUTES, typed, id, sizeof id)) != 0)
		return rc;
	FILE *f = open_memstream(&buf, &len);
	if (f == NULL)
		return 1;
	rc = dom_doc_show(d, "minutes", id, f, &state, &err);
	fclose(f);
	if (rc != 0) {
		free(buf);
		return s_said(&err, rc);
	}
	char *text = lk_store_get(d->st, lk_entity_find("minutes"), id, &m) == 0 ? lk_record_get(m, "document") : NULL;
	lk_record_free(m);
	size_t tl = text ? strlen(text) + 1 : 0;
	if (text && tl <= len && dom_doc_text_parse(text, &t) == 0 && !strcmp(t.kind, "notulen")) {
		notulen_readable(stdout, &t);
		fwrite(buf + tl, 1, len - tl, stdout);
	} else {
		fwrite(buf, 1, len, stdout);
	}
	dom_doc_text_free(&t);
	free(text);
	free(buf);
	return state == SIGNER_INVALID ? 1 : 0;
}

static int s_submit(struct session *s, struct dom *d, const char *typed)
{
	struct dom_err err;
	char id[40], at[24];
	int rc;
	if ((rc = cli_resolve(s, d->st, DOM_MINUTES, typed, id, sizeof id)) != 0)
		return rc;
	if ((rc = dom_minutes_submit(d, id, at, &err)) != 0)
		return s_said(&err, rc);
	char when[DOM_WHEN_LEN];
	printf(_("minutes %s submitted to the district at %s (sent by the next sync)\n"), typed,
	       cli_when(d, at, 1, when, sizeof when));
	return 0;
}

/* The district acknowledges submitted minutes or asks for a revision, with feedback. */
static int s_review(struct session *s, struct dom *d, int argc, char **argv)
{
	struct dom_minutes_review_in in = {.feedback = "", .reviewer = s->prof.device_name};
	struct dom_err err;
	char id[40], rid[40];
	int rc;
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--ack"))
			in.status = "acknowledged";
		else if (!strcmp(argv[i], "--needs-revision"))
			in.status = "needs_revision";
		else if (!strcmp(argv[i], "--feedback") && i + 1 < argc)
			in.feedback = argv[++i];
		else if (!strcmp(argv[i], "--reviewer") && i + 1 < argc)
			in.reviewer = argv[++i];
		else
			return cmd_usage("minutes");
	}
	if (in.status == NULL || argc < 3)
		return cmd_usage("minutes");
	/* The device's role first: a puskesmas is told so, whatever it names. */
	if ((rc = dom_minutes_may_review(d, &err)) != 0)
		return s_said(&err, rc);
	if ((rc = cli_resolve(s, d->st, DOM_MINUTES, argv[2], id, sizeof id)) != 0)
		return rc;
	in.minutes_id = id;
	if ((rc = dom_minutes_review(d, &in, rid, &err)) != 0)
		return s_said(&err, rc);
	printf("%s\n", rid);
	return 0;
}

struct history {
	struct session *s;
	lk_store *st;
	const struct dom *d;
};

static int s_rev_row(const struct dom_minutes_rev *r, void *arg)
{
	struct history *h = arg;
	char handle[80], when[CLI_FMT_LEN], day[CLI_FMT_LEN];
	cli_handle(h->s, h->st, DOM_MINUTES, r->id, handle, sizeof handle);
	printf("%-11s  %-3d  %s  %-8s  %-22s  %-11s  %s\n", handle, r->revision, r->id,
	       r->state == SIGNER_VERIFIED ? _("signed") : r->has_signature ? _("INVALID") : _("draft"),
	       cli_when(h->d, r->submitted_at, 1, when, sizeof when), cli_day(r->effective_date, day, sizeof day),
	       r->change_note);
	return 0;
}

static int s_review_row(const struct dom_minutes_review_row *r, void *arg)
{
	struct history *h = arg;
	char handle[80], when[DOM_WHEN_LEN];
	cli_handle(h->s, h->st, DOM_MINUTES, r->minutes_id, handle, sizeof handle);
	printf(_("district review of %s: %s by %s at %s%s%s\n"), strcmp(handle, "-") ? handle : r->minutes_id,
	       !strcmp(r->status, "acknowledged") ? _("acknowledged") : _("needs_revision"), r->reviewer,
	       cli_when(h->d, r->reviewed_at, 1, when, sizeof when), r->feedback[0] ? _("\n  feedback: ") : "",
	       r->feedback);
	return 0;
}

static int s_history(struct session *s, struct dom *d, const char *typed)
{
	struct history h = {s, d->st, d};
	struct dom_err err;
	char mid[40];
	int rc;
	if ((rc = cli_resolve(s, d->st, DOM_MEETING, typed, mid, sizeof mid)) != 0)
		return rc;
	printf("%-11s  %-3s  %-36s  %-8s  %-22s  %-11s  %s\n", _("HANDLE"), _("REV"), _("ID"), _("STATE"), _("SUBMITTED"),
	       _("EFFECTIVE"), _("CHANGE"));
	if ((rc = dom_minutes_history(d, mid, s_rev_row, s_review_row, &h, &err)) != 0)
		return s_said(&err, rc);
	return 0;
}

int cmd_minutes(struct session *s, int argc, char **argv)
{
	struct dom d;
	if (argc < 3 && !cmd_is_help(argc, argv))
		return cmd_usage("minutes");
	if (cmd_is_help(argc, argv)) {
		cmd_help("minutes");
		fputs(_("\n  compile MEETING [--start HH.MM] [--end HH.MM] [--chair PERSON] [--notulis PERSON]\n"
		        "          [--decision TEXT]... [--reason WHAT-CHANGED] [--effective DATE]\n"
		        "                     the Notulen from the meeting's records; --start defaults to the\n"
		        "                     invitation's time, --end to \"until finished\", --chair to the\n"
		        "                     office head, --notulis to the notulis (else the K.TU); a later\n"
		        "                     compile keeps what an earlier one was given. Each --decision is\n"
		        "                     recorded as a decision of the meeting. After signing, a change\n"
		        "                     is a new revision and needs --reason\n"
		        "  sign MINUTES --as KAPUS    sign and seal\n"
		        "  submit MINUTES     send signed minutes to the district\n"
		        "  show MINUTES       the Notulen and whether its signature verifies\n"
		        "  history MEETING    every revision with its change note, and the district's reviews\n"
		        "  review MINUTES --ack|--needs-revision [--feedback TEXT] [--reviewer NAME]\n"
		        "                     district devices: acknowledge submitted minutes or ask for a revision\n"
		        "\nMEETING is the period as `meeting list` shows it (2026-12, 2026-Q1) or an id;\n"
		        "MINUTES the meeting's period (its current revision), 2026-12#r2 for revision 2,\n"
		        "or an id; KAPUS and PERSON a part of the name, the NIP or an id.\n"
		        "`lokmin print notulen MEETING` lays the Notulen out for paper.\n"),
		      stdout);
		return 0;
	}
	cli_dom(s, &d);
	if (d.st == NULL)
		return 1;
	if (!strcmp(argv[1], "compile"))
		return s_compile(s, &d, argc, argv);
	if (!strcmp(argv[1], "submit") && argc == 3)
		return s_submit(s, &d, argv[2]);
	if (!strcmp(argv[1], "review"))
		return s_review(s, &d, argc, argv);
	if (!strcmp(argv[1], "history") && argc == 3)
		return s_history(s, &d, argv[2]);
	if (!strcmp(argv[1], "show") && argc == 3)
		return s_show(s, &d, argv[2]);
	if (!strcmp(argv[1], "sign"))
		return doc_command(s, d.st, "minutes", argc, argv);
	return cmd_usage("minutes");
}
