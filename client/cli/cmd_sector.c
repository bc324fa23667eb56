/* cmd_sector: `lokmin sector`: the sectors (instansi) of a kecamatan and their representatives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_json.h"
#include "names.h"
#include "sector.h"

/* Say why the domain refused; exit status 1. */
static int s_refused(const struct dom_err *err, int rc)
{
	fprintf(stderr, "lokmin: %s\n", dom_msg(err, rc));
	return 1;
}

static int s_add(struct dom *d, int argc, char **argv)
{
	struct dom_sector_add_in in = {0};
	struct dom_err err = {0};
	char id[40];
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--kind") && i + 1 < argc)
			in.kind = argv[++i];
		else if (!strcmp(argv[i], "--contact") && i + 1 < argc)
			in.contact = argv[++i];
		else if (!strcmp(argv[i], "--kecamatan") && i + 1 < argc)
			in.kecamatan = argv[++i];
		else if (argv[i][0] != '-' && (in.code == NULL || in.name == NULL))
			*(in.code == NULL ? &in.code : &in.name) = argv[i];
		else
			return cmd_usage("sector");
	}
	if (in.name == NULL)
		return cmd_usage("sector");
	int rc = dom_sector_add(d, &in, id, &err);
	if (rc != 0)
		return s_refused(&err, rc);
	printf("%s\n", id);
	return 0;
}

static int s_rep(struct session *s, struct dom *d, int argc, char **argv)
{
	struct dom_sector_rep_in in = {0};
	struct dom_err err = {0};
	char sector[40], id[40];
	if (argc < 3)
		return cmd_usage("sector");
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--title") && i + 1 < argc)
			in.title = argv[++i];
		else if (!strcmp(argv[i], "--phone") && i + 1 < argc)
			in.phone = argv[++i];
		else if (argv[i][0] != '-' && in.name == NULL)
			in.name = argv[i];
		else
			return cmd_usage("sector");
	}
	if (in.name == NULL)
		return cmd_usage("sector");
	/* A puskesmas device is told so before the sector's name is looked up. */
	int rc = dom_camat_office_keeps(d, _("sectors"), &err);
	if (rc != 0)
		return s_refused(&err, rc);
	if ((rc = cli_name(s, d->st, DOM_SECTOR, argv[2], sector)) != 0)
		return rc;
	in.sector_id = sector;
	if ((rc = dom_sector_rep(d, &in, id, &err)) != 0)
		return s_refused(&err, rc);
	printf("%s\n", id);
	return 0;
}

static int s_list(struct session *s, struct dom *d)
{
	const struct lk_entity *e = lk_entity_find("sector");
	struct dom_sector_rows l;
	struct dom_err err = {0};
	int rc = dom_sector_list(d, &l, &err);
	if (rc != 0)
		return s_refused(&err, rc);
	/* The code is the sector's handle: what --sector and `sector show` take. */
	if (!s->opt.json)
		printf("%-16s  %-32s  %-12s  %-15s  %s\n", _("CODE"), _("NAME"), _("KIND"), _("REPRESENTATIVES"), _("CONTACT"));
	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		const ProtobufCMessage *m = l.v[i].rec;
		if (s->opt.json) {
			rc = cli_json_handle(e, m, l.v[i].handle) < 0;
			continue;
		}
		char *name = lk_record_get(m, "name"), *kind = lk_record_get(m, "kind"), *contact = lk_record_get(m, "contact");
		printf("%-16s  %-32.32s  %-12s  %-15d  %s\n", l.v[i].handle, name, kind[0] ? kind : "-", l.v[i].reps,
		       contact);
		free(name);
		free(kind);
		free(contact);
	}
	dom_sector_rows_free(&l);
	return rc;
}

static int s_show(struct session *s, struct dom *d, const char *text)
{
	ProtobufCMessage *m = NULL;
	struct dom_sector_rows reps;
	struct dom_err err = {0};
	char id[40];
	int rc = cli_name(s, d->st, DOM_SECTOR, text, id);
	if (rc != 0)
		return rc;
	if ((rc = dom_sector_show(d, id, &m, &reps, &err)) != 0)
		return s_refused(&err, rc);
	if (s->opt.json) {
		rc = lk_record_json(stdout, lk_entity_find("sector"), m) < 0;
		for (size_t i = 0; rc == 0 && i < reps.n; i++)
			rc = cli_json_handle(lk_entity_find("person"), reps.v[i].rec, reps.v[i].handle) < 0;
	} else {
		const char *kab, *kec, *pusk;
		char *code = lk_record_get(m, "code"), *name = lk_record_get(m, "name"), *kind = lk_record_get(m, "kind"),
		     *contact = lk_record_get(m, "contact");
		lk_record_keys(m, &kab, &kec, &pusk);
		printf(_("%s  %s\nid: %s\nkecamatan: %s\nkind: %s\ncontact: %s\nrepresentatives:\n"), code, name, id, kec,
		       kind[0] ? kind : "-", contact[0] ? contact : "-");
		for (size_t i = 0; i < reps.n; i++) {
			const ProtobufCMessage *p = reps.v[i].rec;
			char *pn = lk_record_get(p, "name"), *title = lk_record_get(p, "title"), *phone = lk_record_get(p, "phone");
			printf("  %-12s  %s  %-28.28s  %-28.28s  %s\n", reps.v[i].handle, lk_record_id(p), pn, title, phone);
			free(pn);
			free(title);
			free(phone);
		}
		if (reps.n == 0)
			printf(_("  none yet: `lokmin sector rep %s NAME`\n"), code);
		free(code);
		free(name);
		free(kind);
		free(contact);
	}
	dom_sector_rows_free(&reps);
	lk_record_free(m);
	return rc;
}

int cmd_sector(struct session *s, int argc, char **argv)
{
	struct dom d;
	if (argc < 2 && !cmd_is_help(argc, argv))
		return cmd_usage("sector");
	if (cmd_is_help(argc, argv)) {
		cmd_help("sector");
		printf(_("\n  add CODE NAME [--kind K] [--contact TEXT] [--kecamatan CODE]\n"
		       "                             a sector of the kecamatan (CODE e.g. KORAMIL, POLSEK, KUA);\n"
		       "                             the same CODE again changes its name, kind or contact;\n"
		       "                             --kecamatan is needed on a district device\n"
		       "  list                       every sector, by code, with its number of representatives\n"
		       "  rep SECTOR NAME [--title T] [--phone P]\n"
		       "                             add a representative of the sector\n"
		       "  show SECTOR                the sector and its representatives\n"
		       "SECTOR is the code `sector list` shows (KORAMIL), a part of the name, or an id.\n"
		       "Sectors are kept by the camat's office; a puskesmas device reads them after sync.\n"));
		return 0;
	}
	cli_dom(s, &d);
	if (d.st == NULL)
		return 1;
	if (!strcmp(argv[1], "add"))
		return s_add(&d, argc, argv);
	if (!strcmp(argv[1], "rep"))
		return s_rep(s, &d, argc, argv);
	if (!strcmp(argv[1], "list") && argc == 2)
		return s_list(s, &d);
	if (!strcmp(argv[1], "show") && argc == 3)
		return s_show(s, &d, argv[2]);
	return cmd_usage("sector");
}
