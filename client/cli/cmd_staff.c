/* cmd_staff: `lokmin staff`: the people of a puskesmas or camat's office, their titles and programmes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "lk_error.h"
#include "lk_json.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "store.h"

static const char *const s_roles[] = {"kapus", "ktu", "pj_program", "notulis", "camat", "staff", "sector_rep", NULL};

static int s_valid_role(const char *r)
{
	for (int i = 0; s_roles[i]; i++)
		if (!strcmp(s_roles[i], r))
			return 1;
	return 0;
}

static int s_add(struct session *s, lk_store *st, int argc, char **argv)
{
	const char *name = NULL, *title = "", *role = "staff", *progs = "", *nip = "", *phone = "", *id = NULL;
	const struct lk_entity *e = lk_entity_find("person");
	ProtobufCMessage *p = NULL;
	char idtext[LK_UUID_STRLEN], err[300];
	const char *fields[6];
	size_t nf = 0;

	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--title") && i + 1 < argc)
			title = argv[++i], fields[nf++] = "title";
		else if (!strcmp(argv[i], "--role") && i + 1 < argc)
			role = argv[++i], fields[nf++] = "role";
		else if (!strcmp(argv[i], "--programmes") && i + 1 < argc)
			progs = argv[++i], fields[nf++] = "programmes";
		else if (!strcmp(argv[i], "--nip") && i + 1 < argc)
			nip = argv[++i], fields[nf++] = "nip";
		else if (!strcmp(argv[i], "--phone") && i + 1 < argc)
			phone = argv[++i], fields[nf++] = "phone";
		else if (!strcmp(argv[i], "--id") && i + 1 < argc)
			id = argv[++i];
		else if (argv[i][0] != '-' && name == NULL)
			name = argv[i];
		else
			return cmd_usage("staff");
		if (nf == LK_ARRAY_LEN(fields))
			return cmd_usage("staff");
	}
	if (!s_valid_role(role)) {
		fprintf(stderr, "lokmin: --role must be one of kapus, ktu, pj_program, notulis, camat, staff, sector_rep\n");
		return 2;
	}
	if (id) {
		/* A change to someone already on the list: only the given fields. */
		if (lk_store_get(st, e, id, &p) != 0) {
			fprintf(stderr, "lokmin: no person %s on this device\n", id);
			return 1;
		}
		if (name) {
			if (nf == LK_ARRAY_LEN(fields))
				return cmd_usage("staff");
			fields[nf++] = "name";
		}
	} else {
		if (name == NULL)
			return cmd_usage("staff");
		lk_uuid u;
		lk_uuid_v7(&u);
		p = lk_record_new(e);
		if (p == NULL || lk_record_set(p, "id", lk_uuid_format(&u, idtext)) ||
		    lk_record_set(p, "kabupaten", s->prof.kabupaten) || lk_record_set(p, "kecamatan", s->prof.kecamatan) ||
		    lk_record_set(p, "puskesmas", s->prof.puskesmas)) {
			lk_record_free(p);
			return 1;
		}
		nf = 0; /* a new record is written whole */
	}
	int rc = (name && lk_record_set(p, "name", name)) || lk_record_set(p, "title", title) ||
	         lk_record_set(p, "role", role) || lk_record_set(p, "programmes", progs) ||
	         lk_record_set(p, "nip", nip) || lk_record_set(p, "phone", phone);
	/* For a change, the fields not given keep their values. */
	if (id && rc == 0) {
		ProtobufCMessage *cur = NULL;
		if (lk_store_get(st, e, id, &cur) == 0) {
			const char *all[] = {"title", "role", "programmes", "nip", "phone"};
			for (size_t i = 0; i < LK_ARRAY_LEN(all); i++) {
				int given = 0;
				for (size_t k = 0; k < nf; k++)
					given |= !strcmp(fields[k], all[i]);
				if (!given)
					rc |= lk_record_copy_field(p, cur, all[i]);
			}
			lk_record_free(cur);
		}
	}
	if (rc == 0 && (rc = lk_store_put(st, e, p, id ? fields : NULL, id ? nf : 0, err, sizeof err)) != 0)
		fprintf(stderr, "lokmin: %s\n", err);
	if (rc == 0)
		printf("%s\n", lk_record_id(p));
	lk_record_free(p);
	return rc == 0 ? 0 : 1;
}

struct listing {
	int json;
	int n;
};

static int s_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct listing *l = arg;
	if (lk_record_deleted(m))
		return 0;
	l->n++;
	if (l->json)
		return lk_record_json(stdout, e, m) < 0 ? -LK_EIO : 0;
	char *name = lk_record_get(m, "name"), *title = lk_record_get(m, "title"), *role = lk_record_get(m, "role"),
	     *progs = lk_record_get(m, "programmes");
	printf("%s  %-28.28s  %-28.28s  %-10s  %s\n", lk_record_id(m), name, title, role, progs);
	free(name);
	free(title);
	free(role);
	free(progs);
	return 0;
}

int cmd_staff(struct session *s, int argc, char **argv)
{
	lk_store *st;
	if (argc < 2 && !cmd_is_help(argc, argv))
		return cmd_usage("staff");
	if (cmd_is_help(argc, argv)) {
		cmd_help("staff");
		printf("\n  add NAME [--title T] [--role R] [--programmes KIA,GIZI|klaster2,...] [--nip N] [--phone P]\n"
		       "  add --id ID [NAME] [--title T] ...   change someone already listed\n"
		       "  list\n"
		       "Roles: kapus, ktu, pj_program, notulis, camat, staff, sector_rep.\n");
		return 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	if (!strcmp(argv[1], "add"))
		return s_add(s, st, argc, argv);
	if (!strcmp(argv[1], "list") && argc == 2) {
		struct listing l = {(int)s->opt.json, 0};
		if (!l.json)
			printf("%-36s  %-28s  %-28s  %-10s  %s\n", "ID", "NAME", "TITLE", "ROLE", "PROGRAMMES");
		return lk_store_list(st, lk_entity_find("person"), s_row, &l) < 0;
	}
	return cmd_usage("staff");
}
