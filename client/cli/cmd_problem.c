/* cmd_problem: `lokmin problem`: problems with their gap, root causes and USG priority. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "names.h"
#include "problem.h"

static int s_add(struct session *s, struct dom *d, int argc, char **argv)
{
	struct dom_problem_add_in in = {0};
	struct dom_err err = {0};
	char mid[40], id[40];
	int rc = 2;
	if (argc < 3)
		return cmd_usage("problem");
	/* Each --cause is one line of the fishbone: "category: cause"; at most one per argument. */
	const char **causes = calloc((size_t)argc, sizeof *causes);
	if (causes == NULL)
		return 1;
	in.causes = causes;
	for (int i = 3; i < argc; i++) {
		const char **field = NULL;
		if (!strcmp(argv[i], "--cross-sector")) {
			in.cross_sector = 1;
			continue;
		}
		if (i + 1 >= argc)
			goto usage;
		if (!strcmp(argv[i], "--indicator"))
			field = &in.indicator;
		else if (!strcmp(argv[i], "--gap"))
			field = &in.gap;
		else if (!strcmp(argv[i], "--description"))
			field = &in.description;
		else if (!strcmp(argv[i], "--recommendation"))
			field = &in.recommendation;
		else if (!strcmp(argv[i], "--cause"))
			field = &causes[in.ncauses++];
		else if (!strcmp(argv[i], "--usg")) {
			char tail;
			if (sscanf(argv[++i], "%d,%d,%d%c", &in.urgency, &in.seriousness, &in.growth, &tail) != 3) {
				fprintf(stderr, _("lokmin: --usg takes three scores, e.g. --usg 5,4,3\n"));
				goto out;
			}
			in.usg = 1;
			continue;
		} else {
			goto usage;
		}
		*field = argv[++i];
	}
	if ((rc = cli_name(s, d->st, DOM_MEETING, argv[2], mid)) != 0)
		goto out;
	in.meeting_id = mid;
	if ((rc = dom_problem_add(d, &in, id, &err)) != 0) {
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
		rc = 1;
		goto out;
	}
	printf("%s\n", id);
	rc = 0;
	goto out;
usage:
	rc = cmd_usage("problem");
out:
	free(causes);
	return rc;
}

static int s_list(struct session *s, struct dom *d, const char *meeting)
{
	const struct lk_entity *e = lk_entity_find("problem");
	struct dom_problem_rows l;
	struct dom_err err = {0};
	char mid[40];
	int rc;
	if (meeting && (rc = cli_name(s, d->st, DOM_MEETING, meeting, mid)) != 0)
		return rc;
	if ((rc = dom_problem_list(d, meeting ? mid : NULL, &l, &err)) != 0) {
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
		return 1;
	}
	/* Handles of other offices' problems ("2026-03@P3324010101#2") are wider: the column fits them. */
	int w = 10;
	for (size_t i = 0; i < l.n; i++)
		if ((int)strlen(l.v[i].handle) > w)
			w = (int)strlen(l.v[i].handle);
	if (!s->opt.json)
		printf("%-*s  %-4s  %-3s  %-14s  %s\n", w, _("HANDLE"), _("RANK"), _("USG"), _("INDICATOR"), _("PROBLEM"));
	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		const ProtobufCMessage *m = l.v[i].rec;
		if (s->opt.json) {
			rc = cli_json_handle(e, m, l.v[i].handle) < 0;
			continue;
		}
		char *ind = lk_record_get(m, "indicator_code"), *desc = lk_record_get(m, "description"),
		     *causes = lk_record_get(m, "root_causes"), *gap = lk_record_get(m, "gap");
		printf("%-*s  %-4zu  %-3d  %-14s  %s%s\n", w, l.v[i].handle, i + 1, l.v[i].score, ind[0] ? ind : "-", desc,
		       l.v[i].cross_sector ? _("  [cross-sector]") : "");
		if (gap[0])
			printf("%*s%s\n", w + 34, _("gap: "), gap);
		for (char *c = causes, *nl; c && *c; c = nl ? nl + 1 : NULL) {
			nl = strchr(c, '\n');
			printf("%*s%.*s\n", w + 34, _("cause: "), nl ? (int)(nl - c) : (int)strlen(c), c);
		}
		free(gap);
		free(ind);
		free(desc);
		free(causes);
	}
	if (rc == 0 && !s->opt.json)
		printf(_("%zu problems\n"), l.n);
	dom_problem_rows_free(&l);
	return rc;
}

int cmd_problem(struct session *s, int argc, char **argv)
{
	struct dom d;
	if (argc < 2 && !cmd_is_help(argc, argv))
		return cmd_usage("problem");
	if (cmd_is_help(argc, argv)) {
		cmd_help("problem");
		printf(_("\n  add MEETING --description TEXT [--indicator CODE] [--gap TEXT] [--usg U,S,G]\n"
		       "      [--cause \"method: ...\"]... [--recommendation TEXT] [--cross-sector]\n"
		       "  list MEETING         by priority (U+S+G, highest first)\n"
		       "  flagged              every problem flagged for the cross-sector (quarterly) lokmin\n"
		       "MEETING is the period `meeting list` shows (2026-03) or an id; lists show each\n"
		       "problem's handle (2026-03#2), which `commitment add --problem` takes.\n"
		       "Fishbone categories: man, method, material, money, machine, environment.\n"));
		return 0;
	}
	cli_dom(s, &d);
	if (d.st == NULL)
		return 1;
	if (!strcmp(argv[1], "add"))
		return s_add(s, &d, argc, argv);
	if (!strcmp(argv[1], "flagged") && argc == 2)
		return s_list(s, &d, NULL);
	if (!strcmp(argv[1], "list") && argc == 3)
		return s_list(s, &d, argv[2]);
	return cmd_usage("problem");
}
