/* cmd_material: `lokmin material`: programme holders' material for a meeting, and who is late or missing. */
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "lk_i18n.h"
#include "material.h"
#include "names.h"

static int s_submit(struct session *s, struct dom *d, int argc, char **argv)
{
	struct dom_material_submit_in in = {.person_id = "", .note = ""};
	struct dom_err err = {0};
	const char *person = "";
	char mid[40], pid[40] = "", id[40];

	if (argc < 3)
		return cmd_usage("material");
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--programme") && i + 1 < argc)
			in.programme = argv[++i];
		else if (!strcmp(argv[i], "--person") && i + 1 < argc)
			person = argv[++i];
		else if (!strcmp(argv[i], "--note") && i + 1 < argc)
			in.note = argv[++i];
		else
			return cmd_usage("material");
	}
	if (in.programme == NULL) {
		fprintf(stderr, _("lokmin: say which programme the material is for (--programme KIA, --programme klaster2 ...)\n"));
		return 2;
	}
	int rc = cli_resolve(s, d->st, DOM_MEETING, argv[2], mid, sizeof mid);
	if (rc == 0 && *person)
		rc = cli_resolve(s, d->st, DOM_PERSON, person, pid, sizeof pid);
	if (rc != 0)
		return rc;
	in.meeting_id = mid;
	in.person_id = pid;
	if ((rc = dom_material_submit(d, &in, id, &err)) != 0) {
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
		return 1;
	}
	printf("%s\n", id);
	return 0;
}

/* ---------------------------------------------------------------- status */

static int s_status(struct session *s, struct dom *d, const char *text)
{
	struct dom_material_status st;
	struct dom_err err = {0};
	char meeting[40], handle[80];

	int rc = cli_resolve(s, d->st, DOM_MEETING, text, meeting, sizeof meeting);
	if (rc != 0)
		return rc;
	if ((rc = dom_material_status(d, meeting, &st, &err)) != 0) {
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
		return 1;
	}
	if (!s->opt.json)
		printf("%-10s  %-12s  %-30s  %-11s  %s\n", _("HANDLE"), _("PROGRAMME"), _("HOLDER"), _("SUBMITTED"), _("STATE"));
	for (size_t i = 0; i < st.n; i++) {
		const struct dom_material_row *r = &st.rows[i];
		cli_handle(s, d->st, DOM_PERSON, r->holder_id, handle, sizeof handle);
		if (s->opt.json) {
			printf("{\"programme\":");
			json_string(stdout, r->programme);
			printf(",\"holder\":");
			json_string(stdout, r->holder);
			printf(",\"submitted\":\"%s\",\"state\":\"%s\",\"deadline\":\"%s\",\"handle\":", r->submitted, r->state,
			       st.deadline);
			json_string(stdout, handle);
			printf("}\n");
		} else {
			char day[CLI_FMT_LEN];
			printf("%-10s  %-12s  %-30.30s  %-11s  %s\n", handle, r->programme, r->holder,
			       cli_day(r->submitted, day, sizeof day), cli_word(r->state));
		}
	}
	char deadline[CLI_FMT_LEN];
	if (!s->opt.json)
		printf(_("deadline %s (%d days before the meeting): %d on time, %d late, %d missing\n"),
		       cli_date(st.deadline, deadline, sizeof deadline),
		       st.days_before, st.on_time, st.late, st.missing);
	dom_material_status_free(&st);
	return 0;
}

int cmd_material(struct session *s, int argc, char **argv)
{
	if (argc < 2 && !cmd_is_help(argc, argv))
		return cmd_usage("material");
	if (cmd_is_help(argc, argv)) {
		cmd_help("material");
		printf(_("\n  submit MEETING --programme P [--person PERSON] [--note TEXT]\n"
		       "  status MEETING        who is on time, late or missing (due %d days before)\n"
		       "MEETING is the period as `meeting list` shows it (2026-12, 2026-Q1) or an id;\n"
		       "PERSON a part of the name, the NIP or an id.\n"
		       "Attach files to a material with `lokmin attach material ID FILE`.\n"),
		       DOM_MATERIAL_DAYS_BEFORE);
		return 0;
	}
	struct dom d;
	cli_dom(s, &d);
	if (d.st == NULL)
		return 1;
	if (!strcmp(argv[1], "submit"))
		return s_submit(s, &d, argc, argv);
	if (!strcmp(argv[1], "status") && argc == 3)
		return s_status(s, &d, argv[2]);
	return cmd_usage("material");
}
