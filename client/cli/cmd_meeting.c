/* cmd_meeting: `lokmin meeting plan|list`: a year's schedule of lokmin and its state at a glance. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "clock.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "meeting.h"
#include "names.h"

#define MAX_HOLIDAYS 128


/* Read "YYYY-MM-DD [name]" lines; '#' starts a comment line. */
static int s_holidays(const char *path, struct lk_date *out, size_t *n)
{
	char *text = NULL, *line, *save = NULL;
	int rc = lk_read_file(path, &text, NULL), lineno = 0;
	*n = 0;
	if (rc != 0) {
		fprintf(stderr, _("lokmin: cannot read %s\n"), path);
		return rc;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *t = lk_trim(line), date[11];
		lineno++;
		if (*t == '\0' || *t == '#')
			continue;
		lk_strlcpy(date, t, sizeof date);
		if (*n == MAX_HOLIDAYS || lk_date_parse(date, &out[*n]) != 0) {
			fprintf(stderr, _("lokmin: %s:%d: expected a date (YYYY-MM-DD) and an optional name\n"), path, lineno);
			free(text);
			return -LK_EINVAL;
		}
		(*n)++;
	}
	free(text);
	return 0;
}

/* Say why an operation was refused; exit status 1. */
static int s_fail(const struct dom_err *err, int rc)
{
	fprintf(stderr, "lokmin: %s\n", dom_msg(err, rc));
	return 1;
}

static int s_plan(struct session *s, struct dom *d, int argc, char **argv)
{
	struct dom_meeting_plan_in in = {.day = 3, .month_in_quarter = 1};
	struct dom_meeting *rows = NULL;
	struct dom_err err = {0};
	struct lk_date hol[MAX_HOLIDAYS];
	const char *holfile = NULL;
	size_t nh = 0, n = 0;

	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--year") && i + 1 < argc)
			in.year = lk_parse_arg(argv[++i]);
		else if (!strcmp(argv[i], "--day") && i + 1 < argc)
			in.day = lk_parse_arg(argv[++i]);
		else if (!strcmp(argv[i], "--kind") && i + 1 < argc)
			in.kind = argv[++i];
		else if (!strcmp(argv[i], "--month-in-quarter") && i + 1 < argc)
			in.month_in_quarter = lk_parse_arg(argv[++i]);
		else if (!strcmp(argv[i], "--holidays") && i + 1 < argc)
			holfile = argv[++i];
		else
			return cmd_usage("meeting");
	}
	if (dom_meeting_plan_check(d, &in, &err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err.msg);
		return 2;
	}
	if (holfile && s_holidays(holfile, hol, &nh) != 0)
		return 1;
	in.holidays = hol;
	in.nholidays = nh;
	int rc = dom_meeting_plan(d, &in, &rows, &n, &err);
	if (rc != 0)
		return s_fail(&err, rc);
	for (size_t i = 0; i < n; i++) {
		char handle[80];
		cli_handle(s, d->st, DOM_MEETING, rows[i].id, handle, sizeof handle);
		char day[CLI_FMT_LEN];
		printf("%-8s  %-2d  %-11s  %s\n", handle, rows[i].period, cli_day(rows[i].planned, day, sizeof day),
		       rows[i].title);
	}
	printf(_("%zu %s meetings planned for %d; sent by the next sync\n"), n, n ? cli_word(rows[0].kind) : "", in.year);
	free(rows);
	return 0;
}

/* ---------------------------------------------------------------- list */

static int s_list(struct session *s, struct dom *d, int argc, char **argv)
{
	struct dom_meeting *rows = NULL;
	struct dom_err err = {0};
	char today[LK_DATE_STRLEN];
	size_t n = 0;
	int year = 0;

	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--year") && i + 1 < argc)
			year = lk_parse_arg(argv[++i]);
		else
			return cmd_usage("meeting");
	}
	dom_today_text(d, today);
	int rc = dom_meeting_list(d, year, today, &rows, &n, &err);
	if (rc != 0)
		return s_fail(&err, rc);
	int counts[5] = {0};
	static const char *states[] = {"held", "postponed", "cancelled", "missed", "upcoming"};
	if (!s->opt.json)
		printf("%-8s  %-9s  %-3s  %-11s  %-11s  %-9s  %s\n", _("HANDLE"), _("KIND"), _("NO"), _("PLANNED"), _("HELD"), _("STATE"), _("TITLE"));
	for (size_t i = 0; i < n; i++) {
		const struct dom_meeting *r = &rows[i];
		char handle[80];
		cli_handle(s, d->st, DOM_MEETING, r->id, handle, sizeof handle);
		for (int k = 0; k < 5; k++)
			counts[k] += !strcmp(r->state, states[k]);
		if (s->opt.json) {
			/* "handle" goes last: readers find a row by the "{\"id\":" it starts with. */
			printf("{\"id\":\"%s\",\"kind\":\"%s\",\"period\":%d,\"planned_date\":\"%s\",\"held_date\":\"%s\","
			       "\"state\":\"%s\",\"team_building\":%s,\"title\":",
			       r->id, r->kind, r->period, r->planned, r->held, r->state, r->team_building ? "true" : "false");
			json_string(stdout, r->title);
			printf(",\"handle\":");
			json_string(stdout, handle);
			printf("}\n");
		} else {
			char planned[CLI_FMT_LEN], held[CLI_FMT_LEN];
			printf("%-8s  %-9s  %-3d  %-11s  %-11s  %-9s  %s%s%s\n", handle, cli_word(r->kind), r->period,
			       cli_day(r->planned, planned, sizeof planned), cli_day(r->held, held, sizeof held),
			       cli_word(r->state), r->title, r->reason[0] ? " — " : "", r->reason);
		}
	}
	char shown[LK_FMT_LEN];
	if (!s->opt.json)
		printf(_("%zu meetings: %d held, %d postponed, %d cancelled, %d missed, %d upcoming (today %s)\n"), n,
		       counts[0], counts[1], counts[2], counts[3], counts[4], cli_date(today, shown, sizeof shown));
	free(rows);
	return 0;
}

/* ---------------------------------------------------------------- changes */

/* postpone | cancel | held */
static int s_change(struct session *s, struct dom *d, int argc, char **argv)
{
	const char *what = argv[1], *to = "", *date = "";
	struct dom_meeting_change_in in = {.reason = ""};
	struct dom_meeting after;
	struct dom_err err = {0};
	char id[40];
	int rc;

	if (argc < 3)
		return cmd_usage("meeting");
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--to") && i + 1 < argc)
			to = argv[++i];
		else if (!strcmp(argv[i], "--reason") && i + 1 < argc)
			in.reason = argv[++i];
		else if (!strcmp(argv[i], "--date") && i + 1 < argc)
			date = argv[++i];
		else
			return cmd_usage("meeting");
	}
	if ((rc = cli_resolve(s, d->st, DOM_MEETING, argv[2], id, sizeof id)) != 0)
		return rc;
	in.meeting_id = id;
	in.to = !strcmp(what, "postpone") ? "postponed" : !strcmp(what, "cancel") ? "cancelled" : "held";
	/* --to is the new date of a postponement, --date the day a meeting was held. */
	in.date = !strcmp(in.to, "postponed") ? to : !strcmp(in.to, "held") ? date : "";
	if ((rc = dom_meeting_change(d, &in, &after, &err)) != 0)
		return s_fail(&err, rc);
	int postponed = !strcmp(in.to, "postponed"), held = !strcmp(in.to, "held");
	char day[CLI_FMT_LEN];
	if (postponed)
		printf(_("meeting %s postponed to %s\n"), argv[2], cli_date(after.planned, day, sizeof day));
	else if (held)
		printf(_("meeting %s held on %s\n"), argv[2], cli_date(after.held, day, sizeof day));
	else
		printf(_("meeting %s cancelled\n"), argv[2]);
	return 0;
}

static int s_history(struct session *s, struct dom *d, const char *mid)
{
	struct dom_meeting_event *rows = NULL;
	struct dom_err err = {0};
	size_t n = 0;
	int rc = dom_meeting_history(d, mid, &rows, &n, &err);
	if (rc != 0)
		return s_fail(&err, rc);
	printf("%-8s  %-22s  %-11s  %-11s  %-11s  %s\n", _("HANDLE"), _("RECORDED"), _("ACTION"), _("FROM"), _("TO"), _("REASON"));
	for (size_t i = 0; i < n; i++) {
		const struct dom_meeting_event *r = &rows[i];
		char handle[80], when[CLI_FMT_LEN], from[CLI_FMT_LEN], to[CLI_FMT_LEN];
		cli_handle(s, d->st, DOM_ANY, r->id, handle, sizeof handle);
		printf("%-8s  %-22s  %-11s  %-11s  %-11s  %s\n", handle, cli_when(d, r->at, 1, when, sizeof when),
		       cli_word(r->action), cli_day(r->from, from, sizeof from), cli_day(r->to, to, sizeof to), r->reason);
	}
	if (n == 0)
		printf(_("no changes recorded: the meeting is as planned\n"));
	free(rows);
	return 0;
}

/* ---------------------------------------------------------------- items */

static int s_item_add(struct session *s, struct dom *d, int argc, char **argv)
{
	struct dom_meeting_item_add_in in = {.source = ""};
	struct dom_err err = {0};
	char id[40], item[40];

	if (argc < 3)
		return cmd_usage("meeting");
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--kind") && i + 1 < argc)
			in.kind = argv[++i];
		else if (!strcmp(argv[i], "--text") && i + 1 < argc)
			in.text = argv[++i];
		else if (!strcmp(argv[i], "--source") && i + 1 < argc)
			in.source = argv[++i];
		else
			return cmd_usage("meeting");
	}
	if (in.kind == NULL || in.text == NULL) {
		fprintf(stderr, _("lokmin: meeting item needs --kind (information, decision, audit, feedback) and --text\n"));
		return 2;
	}
	int rc = cli_resolve(s, d->st, DOM_MEETING, argv[2], id, sizeof id);
	if (rc != 0)
		return rc;
	in.meeting_id = id;
	if ((rc = dom_meeting_item_add(d, &in, item, &err)) != 0)
		return s_fail(&err, rc);
	printf("%s\n", item);
	return 0;
}

static int s_items(struct session *s, struct dom *d, const char *mid)
{
	struct dom_meeting_item *rows = NULL;
	struct dom_err err = {0};
	size_t n = 0;
	int rc = dom_meeting_items(d, mid, &rows, &n, &err);
	if (rc != 0)
		return s_fail(&err, rc);
	printf("%-10s  %-11s  %-20s  %s\n", _("HANDLE"), _("KIND"), _("SOURCE"), _("TEXT"));
	for (size_t i = 0; i < n; i++) {
		char handle[80];
		cli_handle(s, d->st, DOM_MEETING_ITEM, rows[i].id, handle, sizeof handle);
		printf("%-10s  %-11s  %-20.20s  %s\n", handle, cli_word(rows[i].kind), rows[i].source[0] ? rows[i].source : "-",
		       rows[i].text);
	}
	printf(_("%zu items\n"), n);
	free(rows);
	return 0;
}

int cmd_meeting(struct session *s, int argc, char **argv)
{
	if (argc < 2 && !cmd_is_help(argc, argv))
		return cmd_usage("meeting");
	if (cmd_is_help(argc, argv)) {
		cmd_help("meeting");
		printf(_("\n  plan --year Y [--day 3] [--kind monthly|quarterly] [--month-in-quarter 1]\n"
		       "       [--holidays FILE]   plan the year: each meeting on that day of the month,\n"
		       "                           moved to the next working day (or the one before, at\n"
		       "                           the end of a month); the first is the team-building lokmin\n"
		       "  list [--year Y]          the schedule: held, postponed, cancelled, missed, upcoming\n"
		       "  postpone MEETING --to DATE --reason TEXT\n"
		       "  cancel MEETING --reason TEXT\n"
		       "  held MEETING [--date DATE]  record that the meeting took place (default today)\n"
		       "  history MEETING          every postponement, cancellation and holding, with reasons\n"
		       "  item MEETING --kind information|decision|audit|feedback --text T [--source S]\n"
		       "  items MEETING            the information, decisions and audit results recorded\n"
		       "  agenda MEETING           the agenda, built from open RTL, problems and the calendar\n"
		       "\nMEETING is the period as `meeting list` shows it: 2026-12 (monthly), 2026-Q1\n"
		       "(quarterly), qualified as 2026-12@P3324010101 or 2026-12@Kedungmundu off your\n"
		       "own office; a full meeting id also works.\n"
		       "FILE lists holidays, one YYYY-MM-DD (and a name) per line.\n"));
		return 0;
	}
	struct dom d;
	cli_dom(s, &d);
	if (d.st == NULL)
		return 1;
	if (!strcmp(argv[1], "plan"))
		return s_plan(s, &d, argc, argv);
	if (!strcmp(argv[1], "list"))
		return s_list(s, &d, argc, argv);
	if (!strcmp(argv[1], "postpone") || !strcmp(argv[1], "cancel") || !strcmp(argv[1], "held"))
		return s_change(s, &d, argc, argv);
	if (!strcmp(argv[1], "item"))
		return s_item_add(s, &d, argc, argv);
	if ((!strcmp(argv[1], "agenda") || !strcmp(argv[1], "items") || !strcmp(argv[1], "history")) && argc == 3) {
		char mid[40];
		int rc = cli_resolve(s, d.st, DOM_MEETING, argv[2], mid, sizeof mid);
		if (rc != 0)
			return rc;
		if (!strcmp(argv[1], "items"))
			return s_items(s, &d, mid);
		if (!strcmp(argv[1], "history"))
			return s_history(s, &d, mid);
		struct dom_meeting m;
		struct dom_err err = {0};
		if ((rc = dom_meeting_get(&d, mid, &m, &err)) != 0)
			return s_fail(&err, rc);
		char day[CLI_FMT_LEN];
		printf(_("Acara %s (%s):\n"), m.title, cli_date(m.planned, day, sizeof day));
		if ((rc = dom_meeting_agenda(&d, mid, stdout, &err)) != 0)
			return s_fail(&err, rc);
		return 0;
	}
	return cmd_usage("meeting");
}
