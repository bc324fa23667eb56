/*
 * cmd_todo: `lokmin todo`: what this device's office still has to do, read
 * offline from the store: material missing for a meeting soon, invitations and
 * minutes not signed, not submitted or returned by the district, RTL (and
 * commitments) past their date, and for the district the submitted minutes it
 * has not reviewed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "clock.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "names.h"
#include "region.h"
#include "todo.h"

/* Characters, not bytes: Indonesian words and names may hold letters beyond ASCII. */
static size_t s_chars(const char *t)
{
	size_t n = 0;
	for (; *t; t++)
		n += ((unsigned char)*t & 0xC0) != 0x80;
	return n;
}

/* t, then blanks up to w characters and the two between columns. */
static void s_cell(const char *t, size_t w)
{
	fputs(t, stdout);
	for (size_t k = s_chars(t); k < w + 2; k++)
		fputc(' ', stdout);
}

static void s_print(struct session *s, lk_store *st, const struct dom_todos *t, int json, const char *as_of)
{
	size_t w[5] = {s_chars(_("HANDLE")), s_chars(_("KIND")), s_chars(_("OFFICE")), s_chars(_("DATE")), s_chars(_("WHAT"))};
	char (*handles)[80] = json ? NULL : calloc(t->n ? t->n : 1, sizeof *handles);
	char (*days)[CLI_FMT_LEN] = json ? NULL : calloc(t->n ? t->n : 1, sizeof *days);
	char (*offices)[200] = json ? NULL : calloc(t->n ? t->n : 1, sizeof *offices);
	for (size_t i = 0; i < t->n; i++) {
		const struct dom_todo *x = &t->v[i];
		if (json) {
			printf("{\"kind\":");
			json_string(stdout, x->kind);
			printf(",\"office\":");
			json_string(stdout, x->office);
			printf(",\"date\":");
			json_string(stdout, x->date);
			printf(",\"what\":");
			json_string(stdout, x->what);
			printf(",\"id\":");
			json_string(stdout, x->id);
			printf("}\n");
			continue;
		}
		if (handles == NULL || days == NULL || offices == NULL) /* out of memory: the ids still say it */
			continue;
		/* The office by name; items come office by office, so each name is looked up once. */
		if (i > 0 && !strcmp(x->office, t->v[i - 1].office))
			lk_strlcpy(offices[i], offices[i - 1], sizeof offices[i]);
		else
			region_office_name(st, x->office, offices[i], sizeof offices[i]);
		cli_handle(s, st, x->id_kind, x->id, handles[i], sizeof handles[i]);
		cli_day(x->date, days[i], sizeof days[i]);
		size_t len[5] = {s_chars(handles[i]), s_chars(cli_word(x->kind)), s_chars(offices[i]), s_chars(days[i]),
		                 s_chars(x->what)};
		for (int k = 0; k < 5; k++)
			w[k] = len[k] > w[k] ? len[k] : w[k];
	}
	if (json)
		return;
	const char *head[5] = {_("HANDLE"), _("KIND"), _("OFFICE"), _("DATE"), _("WHAT")};
	for (int k = 0; k < 5; k++)
		s_cell(head[k], w[k]);
	printf("%s\n", _("ID"));
	for (size_t i = 0; i < t->n; i++) {
		const struct dom_todo *x = &t->v[i];
		const char *cell[5] = {handles ? handles[i] : "-", cli_word(x->kind), offices ? offices[i] : x->office,
		                       days ? days[i] : x->date, x->what};
		for (int k = 0; k < 5; k++)
			s_cell(cell[k], w[k]);
		printf("%s\n", x->id);
	}
	char shown[CLI_FMT_LEN];
	printf(P_("%zu thing to do as of %s\n", "%zu things to do as of %s\n", t->n), t->n,
	       cli_date(as_of, shown, sizeof shown));
	free(handles);
	free(days);
	free(offices);
}

/* ---------------------------------------------------------------- command */

static void s_help(void)
{
	cmd_help("todo");
	printf(_("\nOptions:\n"
	       "  --as-of DATE   judge as on this day (default today)\n"
	       "  --days N       meetings within N days count as soon (default %d)\n"
	       "  --json         one JSON object per line: kind, office, date, what, id\n"
	       "\nKinds:\n"
	       "  meeting_soon_material_missing  a monthly meeting soon, and programmes of the office's staff\n"
	       "                                 have sent no material for it (due %d days before)\n"
	       "  invitation_unsigned            a meeting soon or held whose invitation is not signed; or no\n"
	       "                                 invitation at all for a meeting within %d days or held\n"
	       "  minutes_unsigned               a held meeting with no minutes, or its newest revision unsigned\n"
	       "  minutes_not_submitted          signed minutes not yet submitted to the district\n"
	       "  minutes_returned               minutes the district returned for revision, with its feedback,\n"
	       "                                 until a later revision is submitted\n"
	       "  rtl_overdue                    RTL open or in progress past its due day (and, for the camat's\n"
	       "                                 office and the district, sector commitments past their period)\n"
	       "  minutes_to_review              district devices: submitted minutes not yet reviewed\n"
	       "A puskesmas device lists its own puskesmas' work, a camat's office device the kecamatan's\n"
	       "own (the quarterly meetings, sector RTL, commitments), a district device everything it holds.\n"
	       "Run `lokmin sync` first to see what other devices did.\n"),
	       TODO_DAYS, TODO_MATERIAL_DAYS, TODO_INVITE_DAYS);
}

int cmd_todo(struct session *s, int argc, char **argv)
{
	struct dom_todos out = {0};
	struct dom_todo_in in = {NULL, TODO_DAYS};
	char as_of[LK_DATE_STRLEN];
	int json = (int)s->opt.json;

	if (cmd_is_help(argc, argv)) {
		s_help();
		return 0;
	}
	as_of[0] = '\0';
	for (int i = 1; i < argc; i++) {
		struct lk_date d;
		char *end = NULL;
		if (!strcmp(argv[i], "--as-of") && i + 1 < argc && lk_date_parse(argv[i + 1], &d) == 0) {
			lk_strlcpy(as_of, argv[++i], sizeof as_of);
		} else if (!strcmp(argv[i], "--days") && i + 1 < argc) {
			long n = strtol(argv[++i], &end, 10);
			if (end == argv[i] || *end || n < 0 || n > 366) {
				fprintf(stderr, _("lokmin: --days is a number of days, 0 to 366\n"));
				return 2;
			}
			in.days = (int)n;
		} else if (!strcmp(argv[i], "--json")) {
			json = 1;
		} else {
			return cmd_usage("todo");
		}
	}
	struct dom d;
	struct dom_err err;
	cli_dom(s, &d);
	if (d.st == NULL)
		return 1;
	if (as_of[0] == '\0')
		dom_today_text(&d, as_of);
	in.as_of = as_of;
	int rc = dom_todo_list(&d, &in, &out, &err);
	if (rc != 0) {
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
		return 1;
	}
	s_print(s, d.st, &out, json, as_of);
	dom_todos_free(&out);
	return 0;
}
