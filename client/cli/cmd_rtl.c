/* cmd_rtl: `lokmin rtl`: follow-up actions (RTL): add, set, update with evidence, verify, list, overdue. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "client.h"
#include "clock.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_scope.h"
#include "lk_util.h"
#include "names.h"
#include "rtl.h"
#include "signer.h"

/* Say why the domain refused; exit status 1. */
static int s_refused(const struct dom_err *err, int rc)
{
	fprintf(stderr, "lokmin: %s\n", dom_msg(err, rc));
	return 1;
}

/* An option and where its value goes. */
struct rtl_flag {
	const char *flag;
	const char **slot;
};

/* Values of the options in argv[from..]: 0, or -1 for an unknown option or one without its value. */
static int s_flags(const struct rtl_flag *flags, size_t n, int argc, char **argv, int from)
{
	for (int i = from; i < argc; i++) {
		size_t k;
		for (k = 0; k < n && strcmp(argv[i], flags[k].flag); k++)
			;
		if (k == n || i + 1 >= argc)
			return -1;
		*flags[k].slot = argv[++i];
	}
	return 0;
}

static int s_add(struct session *s, struct dom *d, int argc, char **argv)
{
	struct dom_rtl_add_in in = {0};
	const char *owner = NULL, *sector = NULL;
	const struct rtl_flag flags[] = {
		{"--activity", &in.activity},       {"--objective", &in.objective}, {"--target-group", &in.target_group},
		{"--place", &in.place},             {"--due", &in.due},             {"--owner", &owner},
		{"--owner-sector", &sector},        {"--resources", &in.resources}, {"--indicator", &in.indicator},
		{"--owner-puskesmas", &in.owner_puskesmas},
		/* The Notulen's column names. */
		{"--tujuan", &in.objective},        {"--sasaran", &in.target_group}, {"--tempat", &in.place},
		{"--indikator", &in.indicator},
	};
	struct dom_err err = {0};
	char mid[40], pid[40], sid[40], id[40], pusk[40];
	int rc;
	if (argc < 3)
		return cmd_usage("rtl");
	if (s_flags(flags, LK_ARRAY_LEN(flags), argc, argv, 3) != 0)
		return cmd_usage("rtl");
	if ((rc = cli_name(s, d->st, DOM_MEETING, argv[2], mid)) != 0 ||
	    (owner && (rc = cli_name(s, d->st, DOM_PERSON, owner, pid)) != 0) ||
	    (sector && (rc = cli_name(s, d->st, DOM_SECTOR, sector, sid)) != 0))
		return rc;
	/* A puskesmas by its code as printed, or a unique part of its name. */
	if (in.owner_puskesmas && lk_org_kind_of_code(in.owner_puskesmas) != LOKMIN__ORG_KIND__ORG_PUSKESMAS) {
		if ((rc = cli_resolve(s, d->st, DOM_PUSKESMAS, in.owner_puskesmas, pusk, sizeof pusk)) != 0)
			return rc;
		in.owner_puskesmas = pusk;
	}
	in.meeting_id = mid;
	in.owner_person_id = owner ? pid : NULL;
	in.owner_sector_id = sector ? sid : NULL;
	if ((rc = dom_rtl_add(d, &in, id, &err)) != 0)
		return s_refused(&err, rc);
	printf("%s\n", id);
	return 0;
}

/* Change what the Notulen's RTL table shows of an item. */
static int s_set(struct session *s, struct dom *d, int argc, char **argv)
{
	struct dom_rtl_set_in in = {0};
	const struct rtl_flag flags[] = {
		{"--activity", &in.activity},   {"--objective", &in.objective}, {"--target-group", &in.target_group},
		{"--place", &in.place},         {"--due", &in.due},             {"--resources", &in.resources},
		{"--indicator", &in.indicator}, {"--tujuan", &in.objective},    {"--sasaran", &in.target_group},
		{"--tempat", &in.place},        {"--indikator", &in.indicator},
	};
	struct dom_err err = {0};
	char id[40];
	int rc;
	if (argc < 5)
		return cmd_usage("rtl");
	if (s_flags(flags, LK_ARRAY_LEN(flags), argc, argv, 3) != 0)
		return cmd_usage("rtl");
	if ((rc = cli_name(s, d->st, DOM_RTL, argv[2], id)) != 0)
		return rc;
	in.rtl_id = id;
	if ((rc = dom_rtl_set(d, &in, &err)) != 0)
		return s_refused(&err, rc);
	printf(_("RTL %s changed\n"), argv[2]);
	return 0;
}

static int s_update(struct session *s, struct dom *d, int argc, char **argv)
{
	struct dom_rtl_update_in in = {0};
	struct dom_err err = {0};
	char id[40];
	int rc;
	if (argc < 3)
		return cmd_usage("rtl");
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--status") && i + 1 < argc)
			in.status = argv[++i];
		else if (!strcmp(argv[i], "--note") && i + 1 < argc)
			in.note = argv[++i];
		else if (!strcmp(argv[i], "--date") && i + 1 < argc && lk_date_parse(argv[i + 1], &(struct lk_date){0}) == 0)
			in.date = argv[++i];
		else
			return cmd_usage("rtl");
	}
	if ((rc = cli_name(s, d->st, DOM_RTL, argv[2], id)) != 0)
		return rc;
	in.rtl_id = id;
	if (in.status == NULL && in.note == NULL)
		return cmd_usage("rtl");
	if ((rc = dom_rtl_update(d, &in, &err)) != 0)
		return s_refused(&err, rc);
	if (in.status)
		printf(_("RTL %s %s\n"), argv[2], dom_rtl_status_text(in.status));
	else
		printf(_("RTL %s updated\n"), argv[2]);
	return 0;
}

/*
 * Verification is the head's (or a deputy's in force): the domain says who may,
 * this side picks the verifier's key on this device and opens it with the
 * passphrase, and the domain signs and writes.
 */
static int s_verify(struct session *s, struct dom *d, int argc, char **argv)
{
	struct dom_rtl_verify_in in = {0};
	struct dom_rtl_verifier who;
	struct dom_err err = {0};
	struct signer_keyrec kr = {0};
	uint8_t sk[64];
	const char *as = NULL;
	char id[40], pid[40];
	int rc;
	if (argc < 3)
		return cmd_usage("rtl");
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--note") && i + 1 < argc)
			in.note = argv[++i];
		else if (!strcmp(argv[i], "--as") && i + 1 < argc)
			as = argv[++i];
		else if (!strcmp(argv[i], "--date") && i + 1 < argc && lk_date_parse(argv[i + 1], &(struct lk_date){0}) == 0)
			in.date = argv[++i];
		else
			return cmd_usage("rtl");
	}
	if ((rc = cli_name(s, d->st, DOM_RTL, argv[2], id)) != 0 ||
	    (as && (rc = cli_name(s, d->st, DOM_PERSON, as, pid)) != 0))
		return rc;
	in.rtl_id = id;
	in.person_id = as ? pid : NULL;
	if ((rc = dom_rtl_may_verify(d, &in, &who, &err)) != 0)
		return s_refused(&err, rc);
	if (sign_pick(s, d->st, in.person_id, who.name, &kr) != 0)
		return 1;
	in.key_id = kr.k.id;
	rc = dom_rtl_may_verify(d, &in, &who, &err);
	if (rc != 0) {
		rc = s_refused(&err, rc);
	} else if (sign_open(s, &kr, sk) != 0) {
		fprintf(stderr,
		        _("lokmin: %s's signing key did not open (wrong passphrase, or no key on this device: "
		          "`lokmin sign keygen`)\n"),
		        who.name);
		rc = 1;
	} else {
		in.sk = sk;
		rc = dom_rtl_verify(d, &in, &err);
		sodium_memzero(sk, sizeof sk);
		if (rc != 0)
			rc = s_refused(&err, rc);
		else
			printf(_("RTL %s verified\n"), argv[2]);
	}
	signer_key_release(&kr);
	return rc;
}

static int s_list(struct session *s, struct dom *d, int argc, char **argv)
{
	const struct lk_entity *e = lk_entity_find("rtl");
	int overdue_only = !strcmp(argv[1], "overdue"), open_only = 0;
	const char *as_of = NULL;
	char today[LK_DATE_STRLEN];
	struct dom_rtl_rows l;
	struct dom_err err = {0};
	for (int i = 2; i < argc; i++) {
		struct lk_date dd;
		if (!strcmp(argv[i], "--open") && !overdue_only)
			open_only = 1;
		else if (!strcmp(argv[i], "--as-of") && i + 1 < argc && lk_date_parse(argv[i + 1], &dd) == 0)
			as_of = argv[++i];
		else
			return cmd_usage("rtl");
	}
	int rc = dom_rtl_list(d, open_only, overdue_only, as_of, &l, &err);
	if (rc != 0)
		return s_refused(&err, rc);
	if (!s->opt.json)
		printf("%-10s  %-11s  %-11s  %-8s  %s\n", _("HANDLE"), _("STATUS"), _("DUE"), "", _("ACTIVITY"));
	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		const ProtobufCMessage *m = l.v[i].rec;
		if (s->opt.json) {
			rc = cli_json_handle(e, m, l.v[i].handle) < 0;
			continue;
		}
		char *status = lk_record_get(m, "status"), *due = lk_record_get(m, "due_date"),
		     *act = lk_record_get(m, "activity");
		char day[CLI_FMT_LEN];
		printf("%-10s  %-11s  %-11s  %-8s  %s\n", l.v[i].handle, dom_rtl_status_text(status), cli_day(due, day, sizeof day),
		       l.v[i].overdue ? "" : "-", act);
		if (l.v[i].overdue)
			printf(P_("%40s%ld day overdue\n", "%40s%ld days overdue\n", (unsigned long)l.v[i].age), "", l.v[i].age);
		free(status);
		free(due);
		free(act);
	}
	char shown[CLI_FMT_LEN];
	if (rc == 0 && !s->opt.json && overdue_only)
		printf(_("%zu overdue as of %s (1-30 days: %d, 31-90 days: %d, over 90 days: %d)\n"), l.n,
		       cli_date(as_of ? as_of : dom_today_text(d, today), shown, sizeof shown), l.aged[0], l.aged[1],
		       l.aged[2]);
	else if (rc == 0 && !s->opt.json)
		printf(P_("%zu item\n", "%zu items\n", l.n), l.n);
	dom_rtl_rows_free(&l);
	return rc;
}

int cmd_rtl(struct session *s, int argc, char **argv)
{
	struct dom d;
	if (argc < 2 && !cmd_is_help(argc, argv))
		return cmd_usage("rtl");
	if (cmd_is_help(argc, argv)) {
		cmd_help("rtl");
		fputs(_("\n  add MEETING --activity A --owner PERSON|--owner-sector SECTOR|--owner-puskesmas PUSKESMAS\n"
		        "      --due DATE\n"
		        "      [--objective T] [--target-group T] [--place T] [--resources T] [--indicator T]\n"
		        "      (--tujuan, --sasaran, --tempat, --indikator: the same as the Notulen names them)\n"
		        "  set RTL [--activity A] [--objective T] [--target-group T] [--place T] [--due DATE]\n"
		        "      [--resources T] [--indicator T]   change what the Notulen's RTL table shows\n"
		        "  update RTL [--status open|in_progress|done|dropped] [--note EVIDENCE] [--date DAY]\n"
		        "                             (--date: the day it happened, default today)\n"
		        "  verify RTL --as KAPUS [--note TEXT]\n"
		        "                             the Kapus confirms a done item (the passphrase of\n"
		        "                             the Kapus' signing key is asked)\n"
		        "  list [--open] [--as-of DATE]   every item, or the open ones\n"
		        "  overdue [--as-of DATE]         open items past their date, with their age (default today)\n"
		        "MEETING is the period (2026-03), RTL the item's handle as lists show it (2026-03#2),\n"
		        "PERSON and KAPUS a part of the name or the NIP, SECTOR its code; full ids work too.\n"
		        "Attach proof with `lokmin attach rtl ID FILE` (ID: the item's \"id\" in `lokmin --json rtl list`).\n"),
		      stdout);
		return 0;
	}
	cli_dom(s, &d);
	if (d.st == NULL)
		return 1;
	if (!strcmp(argv[1], "add"))
		return s_add(s, &d, argc, argv);
	if (!strcmp(argv[1], "set"))
		return s_set(s, &d, argc, argv);
	if (!strcmp(argv[1], "update"))
		return s_update(s, &d, argc, argv);
	if (!strcmp(argv[1], "verify"))
		return s_verify(s, &d, argc, argv);
	if (!strcmp(argv[1], "list") || !strcmp(argv[1], "overdue"))
		return s_list(s, &d, argc, argv);
	return cmd_usage("rtl");
}
