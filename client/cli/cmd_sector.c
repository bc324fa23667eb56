/* cmd_sector: `lokmin sector`: the sectors (instansi) of a kecamatan and their representatives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "lk_error.h"
#include "lk_json.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "store.h"

/* The kecamatan a new sector belongs to: the device's own, or on a dinkes device
 * the --kecamatan given, which must lie in its kabupaten. 0, or 1 with the reason printed. */
static int s_kecamatan(const struct session *s, const char *given, char kec[16])
{
	int digits = given && strlen(given) == 6;
	for (const char *c = given; digits && *c; c++)
		digits = *c >= '0' && *c <= '9';
	if (!strcmp(s->prof.role, "kecamatan")) {
		if (given && strcmp(given, s->prof.kecamatan)) {
			fprintf(stderr, "lokmin: this device keeps the sectors of kecamatan %s only\n", s->prof.kecamatan);
			return 1;
		}
		lk_strlcpy(kec, s->prof.kecamatan, 16);
		return 0;
	}
	if (!digits || strncmp(given, s->prof.kabupaten, 4) != 0) {
		fprintf(stderr, "lokmin: on a district device say which kecamatan: --kecamatan CODE (6 digits, "
		                "inside kabupaten %s)\n", s->prof.kabupaten);
		return 1;
	}
	lk_strlcpy(kec, given, 16);
	return 0;
}

/* The sector id of this device's store, not deleted: the record (caller frees) or NULL with the reason printed. */
static ProtobufCMessage *s_sector(lk_store *st, const char *id)
{
	ProtobufCMessage *m = NULL;
	if (lk_store_get(st, lk_entity_find("sector"), id, &m) != 0 || lk_record_deleted(m)) {
		fprintf(stderr, "lokmin: no sector %s on this device (see `lokmin sector list`)\n", id);
		lk_record_free(m);
		return NULL;
	}
	return m;
}

/* ---------------------------------------------------------------- add */

/* Write m (whose id is derived) as a new sector, or as a change of name and the
 * fields given when that sector exists already. 0 or 1 with the reason printed. */
static int s_put_sector(lk_store *st, ProtobufCMessage *m, int kind_given, int contact_given)
{
	const struct lk_entity *e = lk_entity_find("sector");
	ProtobufCMessage *cur = NULL;
	const char *fields[4] = {"name"};
	size_t nf = 1;
	char err[300];
	int exists = lk_store_get(st, e, lk_record_id(m), &cur) == 0;
	if (exists && kind_given)
		fields[nf++] = "kind";
	if (exists && contact_given)
		fields[nf++] = "contact";
	if (exists && lk_record_deleted(cur))
		fields[nf++] = "deleted"; /* added again after it was removed */
	lk_record_free(cur);
	if (lk_store_put(st, e, m, exists ? fields : NULL, exists ? nf : 0, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err);
		return 1;
	}
	return 0;
}

static int s_add(struct session *s, lk_store *st, int argc, char **argv)
{
	const char *code = NULL, *name = NULL, *kind = NULL, *contact = NULL, *given = NULL;
	char kec[16], kab[8], id[LK_UUID_STRLEN];

	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--kind") && i + 1 < argc)
			kind = argv[++i];
		else if (!strcmp(argv[i], "--contact") && i + 1 < argc)
			contact = argv[++i];
		else if (!strcmp(argv[i], "--kecamatan") && i + 1 < argc)
			given = argv[++i];
		else if (argv[i][0] != '-' && (code == NULL || name == NULL))
			*(code == NULL ? &code : &name) = argv[i];
		else
			return cmd_usage("sector");
	}
	if (name == NULL)
		return cmd_usage("sector");
	if (!camat_office_keeps(s, "sectors") || s_kecamatan(s, given, kec) != 0)
		return 1;
	snprintf(kab, sizeof kab, "%.4s", kec);
	ProtobufCMessage *m = lk_record_new(lk_entity_find("sector"));
	int rc = m == NULL || lk_record_set(m, "kabupaten", kab) || lk_record_set(m, "kecamatan", kec) ||
	         lk_record_set(m, "puskesmas", "") || lk_record_set(m, "code", code) || lk_record_set(m, "name", name) ||
	         lk_record_set(m, "kind", kind ? kind : "") || lk_record_set(m, "contact", contact ? contact : "") ||
	         lk_natural_id(lk_entity_find("sector"), m, id) || lk_record_set(m, "id", id);
	if (rc == 0)
		rc = s_put_sector(st, m, kind != NULL, contact != NULL);
	if (rc == 0)
		printf("%s\n", id);
	lk_record_free(m);
	return rc ? 1 : 0;
}

/* ---------------------------------------------------------------- rep */

static int s_rep(struct session *s, lk_store *st, int argc, char **argv)
{
	const struct lk_entity *e = lk_entity_find("person");
	const char *name = NULL, *title = "", *phone = "", *kab, *kec, *pusk;
	char id[LK_UUID_STRLEN], err[300];
	lk_uuid u;

	if (argc < 3)
		return cmd_usage("sector");
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--title") && i + 1 < argc)
			title = argv[++i];
		else if (!strcmp(argv[i], "--phone") && i + 1 < argc)
			phone = argv[++i];
		else if (argv[i][0] != '-' && name == NULL)
			name = argv[i];
		else
			return cmd_usage("sector");
	}
	if (name == NULL)
		return cmd_usage("sector");
	if (!camat_office_keeps(s, "sectors"))
		return 1;
	ProtobufCMessage *sec = s_sector(st, argv[2]), *p = NULL;
	if (sec == NULL)
		return 1;
	lk_record_keys(sec, &kab, &kec, &pusk);
	lk_uuid_v7(&u);
	p = lk_record_new(e);
	int rc = p == NULL || lk_record_set(p, "id", lk_uuid_format(&u, id)) || lk_record_set(p, "kabupaten", kab) ||
	         lk_record_set(p, "kecamatan", kec) || lk_record_set(p, "puskesmas", "") ||
	         lk_record_set(p, "sector_id", argv[2]) || lk_record_set(p, "role", "sector_rep") ||
	         lk_record_set(p, "name", name) || lk_record_set(p, "title", title) || lk_record_set(p, "phone", phone);
	if (rc == 0 && (rc = lk_store_put(st, e, p, NULL, 0, err, sizeof err)) != 0)
		fprintf(stderr, "lokmin: %s\n", err);
	if (rc == 0)
		printf("%s\n", id);
	lk_record_free(p);
	lk_record_free(sec);
	return rc ? 1 : 0;
}

/* ---------------------------------------------------------------- list */

struct row {
	ProtobufCMessage *m;
	char *code;
	int reps;
};

struct sectors {
	struct row *v;
	size_t n, cap;
};

static int s_collect(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct sectors *l = arg;
	if (lk_record_deleted(m))
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct row *v = realloc(l->v, cap * sizeof *v);
		if (v == NULL)
			return -LK_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	struct row *r = &l->v[l->n];
	r->m = lk_record_copy(e, m);
	r->code = lk_record_get(m, "code");
	r->reps = 0;
	if (r->m == NULL || r->code == NULL) {
		lk_record_free(r->m);
		free(r->code);
		return -LK_ENOMEM;
	}
	l->n++;
	return 0;
}

/* Counts each representative (a person naming a sector) against its sector. */
static int s_count_rep(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct sectors *l = arg;
	(void)e;
	if (lk_record_deleted(m))
		return 0;
	char *sid = lk_record_get(m, "sector_id");
	for (size_t i = 0; sid[0] && i < l->n; i++)
		if (!strcmp(lk_record_id(l->v[i].m), sid))
			l->v[i].reps++;
	free(sid);
	return 0;
}

static int s_by_code(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->code, ((const struct row *)b)->code);
}

static void s_sectors_free(struct sectors *l)
{
	for (size_t i = 0; i < l->n; i++) {
		lk_record_free(l->v[i].m);
		free(l->v[i].code);
	}
	free(l->v);
}

static int s_list(struct session *s, lk_store *st)
{
	const struct lk_entity *e = lk_entity_find("sector");
	struct sectors l = {NULL, 0, 0};
	int rc = lk_store_list(st, e, s_collect, &l) < 0 || lk_store_list(st, lk_entity_find("person"), s_count_rep, &l) < 0;
	if (l.n > 1)
		qsort(l.v, l.n, sizeof *l.v, s_by_code);
	if (!rc && !s->opt.json)
		printf("%-16s  %-32s  %-12s  %-15s  %s\n", "CODE", "NAME", "KIND", "REPRESENTATIVES", "CONTACT");
	for (size_t i = 0; !rc && i < l.n; i++) {
		if (s->opt.json) {
			rc = lk_record_json(stdout, e, l.v[i].m) < 0;
			continue;
		}
		char *name = lk_record_get(l.v[i].m, "name"), *kind = lk_record_get(l.v[i].m, "kind"),
		     *contact = lk_record_get(l.v[i].m, "contact");
		printf("%-16s  %-32.32s  %-12s  %-15d  %s\n", l.v[i].code, name, kind[0] ? kind : "-", l.v[i].reps,
		       contact);
		free(name);
		free(kind);
		free(contact);
	}
	s_sectors_free(&l);
	return rc;
}

/* ---------------------------------------------------------------- show */

struct reps {
	const char *sector;
	int json, n;
};

static int s_rep_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct reps *r = arg;
	char *sid = lk_record_get(m, "sector_id");
	int mine = !lk_record_deleted(m) && !strcmp(sid, r->sector);
	free(sid);
	if (!mine)
		return 0;
	r->n++;
	if (r->json)
		return lk_record_json(stdout, e, m) < 0 ? -LK_EIO : 0;
	char *name = lk_record_get(m, "name"), *title = lk_record_get(m, "title"), *phone = lk_record_get(m, "phone");
	printf("  %s  %-28.28s  %-28.28s  %s\n", lk_record_id(m), name, title, phone);
	free(name);
	free(title);
	free(phone);
	return 0;
}

static int s_show(struct session *s, lk_store *st, const char *id)
{
	ProtobufCMessage *m = s_sector(st, id);
	struct reps r = {id, (int)s->opt.json, 0};
	if (m == NULL)
		return 1;
	if (r.json && lk_record_json(stdout, lk_entity_find("sector"), m) < 0) {
		lk_record_free(m);
		return 1;
	}
	if (!r.json) {
		const char *kab, *kec, *pusk;
		char *code = lk_record_get(m, "code"), *name = lk_record_get(m, "name"), *kind = lk_record_get(m, "kind"),
		     *contact = lk_record_get(m, "contact");
		lk_record_keys(m, &kab, &kec, &pusk);
		printf("%s  %s\nid: %s\nkecamatan: %s\nkind: %s\ncontact: %s\nrepresentatives:\n", code, name, id, kec,
		       kind[0] ? kind : "-", contact[0] ? contact : "-");
		free(code);
		free(name);
		free(kind);
		free(contact);
	}
	lk_record_free(m);
	int rc = lk_store_list(st, lk_entity_find("person"), s_rep_row, &r) < 0;
	if (!r.json && !rc && r.n == 0)
		printf("  none yet: `lokmin sector rep %s NAME`\n", id);
	return rc;
}

int cmd_sector(struct session *s, int argc, char **argv)
{
	lk_store *st;
	if (argc < 2 && !cmd_is_help(argc, argv))
		return cmd_usage("sector");
	if (cmd_is_help(argc, argv)) {
		cmd_help("sector");
		printf("\n  add CODE NAME [--kind K] [--contact TEXT] [--kecamatan CODE]\n"
		       "                             a sector of the kecamatan (CODE e.g. KORAMIL, POLSEK, KUA);\n"
		       "                             the same CODE again changes its name, kind or contact;\n"
		       "                             --kecamatan is needed on a district device\n"
		       "  list                       every sector, by code, with its number of representatives\n"
		       "  rep SECTOR-ID NAME [--title T] [--phone P]\n"
		       "                             add a representative of the sector\n"
		       "  show SECTOR-ID             the sector and its representatives\n"
		       "Sectors are kept by the camat's office; a puskesmas device reads them after sync.\n");
		return 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	if (!strcmp(argv[1], "add"))
		return s_add(s, st, argc, argv);
	if (!strcmp(argv[1], "rep"))
		return s_rep(s, st, argc, argv);
	if (!strcmp(argv[1], "list") && argc == 2)
		return s_list(s, st);
	if (!strcmp(argv[1], "show") && argc == 3)
		return s_show(s, st, argv[2]);
	return cmd_usage("sector");
}
