/* cmd_commitment: `lokmin commitment`: what each sector commits to at the quarterly lokmin, and its follow-up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "commitment.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "names.h"
#include "sector.h"

/* Say why the domain refused; exit status 1. */
static int s_refused(const struct dom_err *err, int rc)
{
	fprintf(stderr, "lokmin: %s\n", dom_msg(err, rc));
	return 1;
}

static int s_add(struct session *s, struct dom *d, int argc, char **argv)
{
	static const char *const flags[] = {"--sector", "--support", "--problem", "--from", "--to", "--contact"};
	struct dom_commitment_add_in in = {0};
	const char *sector = NULL, *problem = NULL;
	const char **slot[] = {&sector, &in.support, &problem, &in.from, &in.to, &in.contact};
	struct dom_err err = {0};
	char mid[40], sid[40], pid[40], id[40];
	if (argc < 3 || argv[2][0] == '-')
		return cmd_usage("commitment");
	for (int i = 3; i < argc; i++) {
		size_t k;
		for (k = 0; k < LK_ARRAY_LEN(flags) && strcmp(argv[i], flags[k]); k++)
			;
		if (k == LK_ARRAY_LEN(flags) || i + 1 >= argc)
			return cmd_usage("commitment");
		*slot[k] = argv[++i];
	}
	if (sector == NULL || in.support == NULL)
		return cmd_usage("commitment");
	/* A puskesmas device is told so before any name is looked up: it may not hold them. */
	int rc = dom_camat_office_keeps(d, _("commitments"), &err);
	if (rc != 0)
		return s_refused(&err, rc);
	if ((rc = cli_name(s, d->st, DOM_MEETING, argv[2], mid)) != 0 ||
	    (rc = cli_name(s, d->st, DOM_SECTOR, sector, sid)) != 0 ||
	    (problem && (rc = cli_name(s, d->st, DOM_PROBLEM, problem, pid)) != 0))
		return rc;
	in.meeting_id = mid;
	in.sector_id = sid;
	in.problem_id = problem ? pid : NULL;
	if ((rc = dom_commitment_add(d, &in, id, &err)) != 0)
		return s_refused(&err, rc);
	printf("%s\n", id);
	return 0;
}

static int s_update(struct session *s, struct dom *d, int argc, char **argv)
{
	struct dom_commitment_update_in in = {0};
	struct dom_err err = {0};
	char id[40];
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--status") && i + 1 < argc)
			in.status = argv[++i];
		else if (!strcmp(argv[i], "--note") && i + 1 < argc)
			in.note = argv[++i];
		else if (!strcmp(argv[i], "--date") && i + 1 < argc && lk_date_parse(argv[i + 1], &(struct lk_date){0}) == 0)
			in.date = argv[++i];
		else
			return cmd_usage("commitment");
	}
	if (argc < 3 || (in.status == NULL && in.note == NULL))
		return cmd_usage("commitment");
	int rc;
	if (in.status && (rc = dom_commitment_status_valid(in.status, &err)) != 0) {
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
		return 2;
	}
	if ((rc = dom_camat_office_keeps(d, _("commitments"), &err)) != 0)
		return s_refused(&err, rc);
	if ((rc = cli_name(s, d->st, DOM_COMMITMENT, argv[2], id)) != 0)
		return rc;
	in.commitment_id = id;
	if ((rc = dom_commitment_update(d, &in, &err)) != 0)
		return s_refused(&err, rc);
	printf(_("commitment %s %s\n"), argv[2], in.status ? cli_word(in.status) : _("updated"));
	return 0;
}

static int s_list(struct session *s, struct dom *d, int argc, char **argv)
{
	const struct lk_entity *e = lk_entity_find("commitment");
	const char *meeting = NULL;
	struct dom_commitment_rows l;
	struct dom_err err = {0};
	char mid[40];
	int open_only = 0, rc;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--open"))
			open_only = 1;
		else if (argv[i][0] != '-' && meeting == NULL)
			meeting = argv[i];
		else
			return cmd_usage("commitment");
	}
	if (meeting && (rc = cli_name(s, d->st, DOM_MEETING, meeting, mid)) != 0)
		return rc;
	if ((rc = dom_commitment_list(d, meeting ? mid : NULL, open_only, &l, &err)) != 0)
		return s_refused(&err, rc);
	if (!s->opt.json)
		printf("%-10s  %-24s  %-40s  %-24s  %-11s  %s\n", _("HANDLE"), _("SECTOR"), _("SUPPORT"), _("PERIOD"), _("PUSKESMAS"),
		       _("STATUS"));
	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		const ProtobufCMessage *m = l.v[i].rec;
		if (s->opt.json) {
			rc = cli_json_handle(e, m, l.v[i].handle) < 0;
			continue;
		}
		const char *kab, *kec, *pusk;
		char *support = lk_record_get(m, "support"), *from = lk_record_get(m, "period_start"),
		     *to = lk_record_get(m, "period_end"), *status = lk_record_get(m, "status");
		lk_record_keys(m, &kab, &kec, &pusk);
		char start[CLI_FMT_LEN], end[CLI_FMT_LEN];
		printf("%-10s  %-24.24s  %-40.40s  %11s..%-11s  %-11s  %s\n", l.v[i].handle, l.v[i].sector_name, support,
		       cli_day(from, start, sizeof start), cli_day(to, end, sizeof end), pusk[0] ? pusk : "-",
		       cli_word(status));
		free(support);
		free(from);
		free(to);
		free(status);
	}
	if (rc == 0 && !s->opt.json)
		printf(_("%zu commitments\n"), l.n);
	dom_commitment_rows_free(&l);
	return rc;
}

int cmd_commitment(struct session *s, int argc, char **argv)
{
	struct dom d;
	if (argc < 2 && !cmd_is_help(argc, argv))
		return cmd_usage("commitment");
	if (cmd_is_help(argc, argv)) {
		cmd_help("commitment");
		printf(_("\n  add MEETING --sector SECTOR --support TEXT [--problem PROBLEM]\n"
		       "      [--from DATE] [--to DATE] [--contact TEXT]\n"
		       "                             a sector's support agreed at a quarterly lokmin; the period\n"
		       "                             runs from the meeting to the end of the third month after it;\n"
		       "                             --problem names the flagged problem it answers\n"
		       "  update COMMITMENT [--status open|in_progress|done|dropped] [--note EVIDENCE] [--date DAY]\n"
		       "  list [MEETING] [--open]    every commitment, or those still open or in progress\n"
		       "MEETING is the period (2026-Q1), COMMITMENT and PROBLEM are MEETING#N as lists show\n"
		       "them (2026-Q1#1, 2026-03#2), SECTOR its code (KORAMIL); full ids work too.\n"
		       "Commitments are kept by the camat's office; a puskesmas device reads those that\n"
		       "answer its problems, and the kecamatan-wide ones, after sync.\n"));
		return 0;
	}
	cli_dom(s, &d);
	if (d.st == NULL)
		return 1;
	if (!strcmp(argv[1], "add"))
		return s_add(s, &d, argc, argv);
	if (!strcmp(argv[1], "update"))
		return s_update(s, &d, argc, argv);
	if (!strcmp(argv[1], "list"))
		return s_list(s, &d, argc, argv);
	return cmd_usage("commitment");
}
