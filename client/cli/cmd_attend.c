/* cmd_attend: `lokmin attend`: the invitees of a meeting, check-in, walk-ins and the attendance list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "attendance.h"
#include "client.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_json.h"
#include "names.h"

static int s_fail(const struct dom_err *err, int rc)
{
	fprintf(stderr, "lokmin: %s\n", dom_msg(err, rc));
	return 1;
}

static int s_checkin(struct session *s, struct dom *d, const char *mid, int argc, char **argv)
{
	struct dom_attend_checkin_in in = {.meeting_id = mid};
	struct dom_attend_checkin_out out;
	struct dom_err err = {0};
	const char *who = NULL, *sector = NULL;
	char id[40], sid[40];
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--name") && i + 1 < argc)
			in.name = argv[++i];
		else if (!strcmp(argv[i], "--role") && i + 1 < argc)
			in.role = argv[++i];
		else if (!strcmp(argv[i], "--sector") && i + 1 < argc)
			sector = argv[++i];
		else if (argv[i][0] != '-' && who == NULL)
			who = argv[i];
		else
			return cmd_usage("attend");
	}
	if (!who == !in.name) {
		fprintf(stderr, _("lokmin: give a PERSON from the staff list (part of the name, the NIP or the id), or --name "
		                "for someone not on it\n"));
		return 2;
	}
	if (sector) {
		if (in.name == NULL)
			return cmd_usage("attend");
		int rc = cli_resolve(s, d->st, DOM_SECTOR, sector, sid, sizeof sid);
		if (rc != 0)
			return rc;
		in.sector_id = sid;
	}
	if (who) {
		/* "2026-12#2" is a row of the list (someone invited by name, a walk-in); else a person. */
		int row = strchr(who, '#') != NULL;
		int rc = cli_resolve(s, d->st, row ? DOM_ATTENDANCE : DOM_PERSON, who, id, sizeof id);
		if (rc != 0)
			return rc;
		if (row)
			in.attendance_id = id;
		else
			in.person_id = id;
	}
	int rc = dom_attend_checkin(d, &in, &out, &err);
	if (rc != 0)
		return s_fail(&err, rc);
	char when[DOM_WHEN_LEN];
	printf(_("checked in at %s%s\n"), cli_when(d, out.at, 1, when, sizeof when), out.walk_in ? _(" (walk-in)") : "");
	return 0;
}

static int s_list(struct session *s, struct dom *d, const char *mid)
{
	struct dom_attend_list l;
	struct dom_err err = {0};
	char handle[80];
	int rc = dom_attend_list(d, mid, &l, &err);
	if (rc != 0)
		return s_fail(&err, rc);
	/* The yes/no columns are as wide as their headings in the message language. */
	int wi = (int)strlen(_("INVITED")), wp = (int)strlen(_("PRESENT"));
	wi = wi < 7 ? 7 : wi;
	wp = wp < 7 ? 7 : wp;
	if (!s->opt.json)
		printf("%-10s  %-3s  %-30s  %-24s  %-20s  %-*s  %-*s  %s\n", _("HANDLE"), _("NO"), _("NAME"), _("ROLE"), _("SECTOR"),
		       wi, _("INVITED"), wp, _("PRESENT"), _("CHECKED IN"));
	for (size_t i = 0; i < l.n; i++) {
		const struct dom_attendance *a = &l.rows[i];
		char when[DOM_WHEN_LEN];
		cli_handle(s, d->st, DOM_ATTENDANCE, a->id, handle, sizeof handle);
		if (s->opt.json)
			rc |= cli_json_handle(lk_entity_find("attendance"), a->rec, handle);
		else
			printf("%-10s  %-3zu  %-30.30s  %-24.24s  %-20.20s  %-*s  %-*s  %s%s\n", handle, i + 1, a->name, a->role,
			       a->sector, wi, a->invited ? _("yes") : _("no"), wp, a->present ? _("yes") : _("no"),
			       cli_when(d, a->checked_in_at, 1, when, sizeof when), a->walk_in ? _("  walk-in") : "");
	}
	if (!s->opt.json) {
		printf(_("%d invited, %d present, %d walk-ins\n"), l.invited, l.present, l.walk_ins);
		for (size_t i = 0; i < l.nsectors; i++) {
			const struct dom_attend_sector *g = &l.sectors[i];
			if (strcmp(g->name, "-"))
				/* TRANSLATORS: a sector; its people present, the invited who came, the invited, the walk-ins. */
				printf(_("  %s: %d present (%d of the %d invited, %d walk-ins)\n"), g->name, g->present,
				       g->came, g->invited, g->present - g->came);
		}
	}
	dom_attend_list_free(&l);
	return rc ? 1 : 0;
}

int cmd_attend(struct session *s, int argc, char **argv)
{
	if (argc < 3 && !cmd_is_help(argc, argv))
		return cmd_usage("attend");
	if (cmd_is_help(argc, argv)) {
		cmd_help("attend");
		printf(_("\n  invite MEETING            invite everyone on this office's staff list (for a quarterly\n"
		       "                            meeting: the sectors' representatives and each puskesmas' Kapus)\n"
		       "  checkin MEETING PERSON    record that someone arrived (a walk-in when not invited)\n"
		       "  checkin MEETING ROW       the same for a row of the list (2026-12#2)\n"
		       "  checkin MEETING --name NAME [--role R] [--sector SECTOR]\n"
		       "                            someone not on the staff list (SECTOR: the one they represent)\n"
		       "  list MEETING              the attendance list\n"
		       "\nMEETING is the period as `meeting list` shows it (2026-12, 2026-Q1) or an id;\n"
		       "PERSON a part of the name, the NIP or an id.\n"));
		return 0;
	}
	struct dom d;
	cli_dom(s, &d);
	if (d.st == NULL)
		return 1;
	char mid[40];
	int rc = cli_resolve(s, d.st, DOM_MEETING, argv[2], mid, sizeof mid);
	if (rc != 0)
		return rc;
	if (!strcmp(argv[1], "list") && argc == 3)
		return s_list(s, &d, mid);
	if (!strcmp(argv[1], "checkin"))
		return s_checkin(s, &d, mid, argc, argv);
	if (!strcmp(argv[1], "invite") && argc == 3) {
		struct dom_err err = {0};
		int added = 0;
		if ((rc = dom_attend_invite(&d, mid, &added, &err)) != 0)
			return s_fail(&err, rc);
		printf(_("%d invited\n"), added);
		return 0;
	}
	return cmd_usage("attend");
}
