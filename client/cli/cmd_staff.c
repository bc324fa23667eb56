/* cmd_staff: `lokmin staff`: the people of a puskesmas or camat's office, their titles, pangkat and programmes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_json.h"
#include "names.h"
#include "staff.h"

/* `staff add NAME ...`, `staff add --id PERSON ...` and `staff set PERSON ...`. */
static int s_add(struct session *s, struct dom *d, int argc, char **argv, int set)
{
	struct dom_staff_in in = {0};
	struct dom_err err = {0};
	const char *who = NULL;
	char id[40];
	int rc, first = 2;

	if (set) {
		if (argc < 3 || argv[2][0] == '-')
			return cmd_usage("staff");
		who = argv[2];
		first = 3;
	}
	for (int i = first; i < argc; i++) {
		if (!strcmp(argv[i], "--title") && i + 1 < argc)
			in.title = argv[++i];
		else if (!strcmp(argv[i], "--role") && i + 1 < argc)
			in.role = argv[++i];
		else if (!strcmp(argv[i], "--programmes") && i + 1 < argc)
			in.programmes = argv[++i];
		else if (!strcmp(argv[i], "--nip") && i + 1 < argc)
			in.nip = argv[++i];
		else if (!strcmp(argv[i], "--pangkat") && i + 1 < argc)
			in.pangkat = argv[++i];
		else if (!strcmp(argv[i], "--phone") && i + 1 < argc)
			in.phone = argv[++i];
		else if (!strcmp(argv[i], "--name") && i + 1 < argc)
			in.name = argv[++i];
		else if (!set && !strcmp(argv[i], "--id") && i + 1 < argc)
			who = argv[++i];
		else if (!set && argv[i][0] != '-' && in.name == NULL)
			in.name = argv[i];
		else
			return cmd_usage("staff");
	}
	if (dom_staff_role_check(in.role, &err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err.msg);
		return 2;
	}
	if (who) {
		/* A change to someone already on the list: only the given fields. */
		if ((rc = cli_resolve(s, d->st, DOM_PERSON, who, id, sizeof id)) != 0)
			return rc;
		rc = dom_staff_change(d, id, &in, &err);
	} else {
		if (in.name == NULL)
			return cmd_usage("staff");
		rc = dom_staff_add(d, &in, id, &err);
	}
	if (rc != 0) {
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
		return 1;
	}
	printf("%s\n", id);
	return 0;
}

/* The staff list. The id stays the first column (scripts take it from there); the handle follows it. */
static int s_list(struct session *s, struct dom *d)
{
	struct dom_person *v = NULL;
	struct dom_err err = {0};
	size_t n = 0;
	int rc = dom_staff_list(d, &v, &n, &err);
	if (rc != 0) {
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
		return 1;
	}
	if (!s->opt.json)
		printf("%-10s  %-36s  %-28s  %-28s  %-10s  %s\n", _("HANDLE"), _("ID"), _("NAME"), C_("staff list", "TITLE"), _("ROLE"),
		       _("PROGRAMMES"));
	for (size_t i = 0; i < n && rc == 0; i++) {
		char handle[80];
		cli_handle(s, d->st, DOM_PERSON, v[i].id, handle, sizeof handle);
		if (s->opt.json)
			rc = cli_json_handle(lk_entity_find("person"), v[i].rec, handle);
		else
			printf("%-10s  %s  %-28.28s  %-28.28s  %-10s  %s\n", handle, v[i].id, v[i].name, v[i].title, v[i].role,
			       v[i].programmes);
	}
	dom_staff_list_free(v, n);
	return rc == 0 ? 0 : 1;
}

int cmd_staff(struct session *s, int argc, char **argv)
{
	if (argc < 2 && !cmd_is_help(argc, argv))
		return cmd_usage("staff");
	if (cmd_is_help(argc, argv)) {
		cmd_help("staff");
		printf("\n%s", _("  add NAME [--title T] [--role R] [--programmes KIA,GIZI|klaster2,...] [--nip N]\n"
		                 "      [--pangkat \"Pembina (IV/a)\"] [--phone P]\n"
		                 "  set PERSON [--name N] [--title T] [--pangkat P] ...   change someone already listed\n"
		                 "  add --id PERSON [NAME] [--title T] ...                the same\n"
		                 "  list\n"
		                 "PERSON is a part of the name, the NIP or an id.\n"
		                 "--pangkat is the rank and grade (pangkat/golongan) printed under the name on letters.\n"
		                 "Roles: kapus, ktu, pj_program, notulis, camat, staff, sector_rep.\n"));
		return 0;
	}
	struct dom d;
	cli_dom(s, &d);
	if (d.st == NULL)
		return 1;
	if (!strcmp(argv[1], "add"))
		return s_add(s, &d, argc, argv, 0);
	if (!strcmp(argv[1], "set"))
		return s_add(s, &d, argc, argv, 1);
	if (!strcmp(argv[1], "list") && argc == 2)
		return s_list(s, &d);
	return cmd_usage("staff");
}
