/* admin: lokmind's administration commands, run on the server host against the database. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_csv.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_hlc.h"
#include "lk_i18n.h"
#include "lk_json.h"
#include "lk_log.h"
#include "lk_scope.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "records.h"
#include "srv.h"

/* Positional words and --name value pairs of one command line. */
struct args {
	const char *pos[8];
	int npos;
	const char *names[8];
	const char *values[8];
	int nflags;
};

static int s_args(struct args *a, int argc, char **argv, const char *const *flags, const char *const *bools)
{
	memset(a, 0, sizeof *a);
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];
		int found = 0;
		if (strncmp(w, "--", 2) != 0) {
			if (a->npos == (int)LK_ARRAY_LEN(a->pos))
				goto usage;
			a->pos[a->npos++] = w;
			continue;
		}
		for (int k = 0; bools && bools[k]; k++)
			if (!strcmp(w + 2, bools[k])) {
				a->names[a->nflags] = bools[k];
				a->values[a->nflags++] = "1";
				found = 1;
			}
		for (int k = 0; !found && flags && flags[k]; k++)
			if (!strcmp(w + 2, flags[k])) {
				if (i + 1 >= argc) {
					fprintf(stderr, _("lokmind: %s needs a value\n"), w);
					return -1;
				}
				a->names[a->nflags] = flags[k];
				a->values[a->nflags++] = argv[++i];
				found = 1;
			}
		if (!found) {
			fprintf(stderr, _("lokmind: unknown option %s\n"), w);
			return -1;
		}
		if (a->nflags == (int)LK_ARRAY_LEN(a->names))
			goto usage;
	}
	return 0;
usage:
	fprintf(stderr, _("lokmind: too many arguments\n"));
	return -1;
}

static const char *s_flag(const struct args *a, const char *name, const char *def)
{
	for (int i = 0; i < a->nflags; i++)
		if (!strcmp(a->names[i], name))
			return a->values[i];
	return def;
}

/* Connect and check the schema; prints the reason and returns NULL on failure. */
static PGconn *s_connect(const struct srv_config *cfg)
{
	char err[1024];
	PGconn *pg = db_connect(cfg->db, err, sizeof err);
	if (pg == NULL) {
		fprintf(stderr, "lokmind: %s\n", err);
		return NULL;
	}
	if (db_schema_check(pg, err, sizeof err) != 0 ||
	    (db_prepare_all(pg) != 0 && snprintf(err, sizeof err, _("cannot prepare statements: %s"), PQerrorMessage(pg)))) {
		fprintf(stderr, "lokmind: %s\n", err);
		PQfinish(pg);
		return NULL;
	}
	return pg;
}

/* Run one parameterised statement; prints the database's reason on failure. */
static int s_run(PGconn *pg, const char *sql, int n, const char *const *params)
{
	PGresult *r = PQexecParams(pg, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	int rc = 0;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		rc = db_error(pg, r);
		fprintf(stderr, "lokmind: %s", PQerrorMessage(pg));
	}
	PQclear(r);
	return rc;
}

/* ---------------------------------------------------------------- org */

/* An INSERT ... ON CONFLICT DO NOTHING RETURNING: 0 when it inserted, -LK_EEXIST when the row was there. */
static int s_insert_new(PGconn *pg, const char *sql, int n, const char *const *params)
{
	PGresult *r = PQexecParams(pg, sql, n, NULL, params, NULL, NULL, 0);
	int rc = r && PQresultStatus(r) == PGRES_TUPLES_OK ? (PQntuples(r) == 1 ? 0 : -LK_EEXIST) : db_error(pg, r);
	if (rc != 0 && rc != -LK_EEXIST)
		fprintf(stderr, "lokmind: %s", PQerrorMessage(pg));
	PQclear(r);
	return rc;
}

/*
 * A sector is a synced record (the camat's office keeps them too): it gets the
 * id derived from kecamatan and code, and a change-log entry in the same
 * transaction, so devices pull it like any other change.
 */
static int s_add_sector(PGconn *pg, const char *kec, const char *code, const char *name, const char *kind)
{
	const struct lk_entity *e = lk_entity_find("sector");
	ProtobufCMessage *m = lk_record_new(e);
	char kab[5] = "", id[LK_UUID_STRLEN], hlc[24], err[256], *hex = NULL;
	uint8_t *buf = NULL;
	size_t len = 0;
	lk_hlc clock = LK_HLC_INIT;
	int rc = -LK_EINVAL;
	if (lk_org_kind_of_code(kec) != LOKMIN__ORG_KIND__ORG_KECAMATAN) {
		fprintf(stderr, _("lokmind: \"%s\" is not a kecamatan code\n"), kec);
		lk_record_free(m);
		return rc;
	}
	memcpy(kab, kec, 4);
	snprintf(hlc, sizeof hlc, "%" PRIu64, lk_hlc_tick(&clock, lk_now_ms()));
	if (m == NULL || lk_record_set(m, "kabupaten", kab) || lk_record_set(m, "kecamatan", kec) ||
	    lk_record_set(m, "code", code) || lk_record_set(m, "name", name) || lk_record_set(m, "kind", kind) ||
	    lk_natural_id(e, m, id) || lk_record_set(m, "id", id) || lk_record_set(m, "rev", "1") ||
	    lk_record_set(m, "hlc", hlc)) {
		fprintf(stderr, _("lokmind: sector values too long\n"));
	} else if (lk_record_validate(e, m, err, sizeof err) != 0) {
		fprintf(stderr, "lokmind: %s\n", err);
	} else if (lk_record_encode(m, &buf, &len) != 0 || (hex = malloc(2 * len + 1)) == NULL) {
		rc = -LK_ENOMEM;
	} else {
		lk_hex_encode(hex, buf, len);
		const char *p[7] = {id, kab, kec, code, name, kind, hlc};
		const char *pl[5] = {kab, kec, id, hlc, hex};
		if ((rc = s_run(pg, "BEGIN", 0, NULL)) == 0 &&
		    (rc = s_insert_new(pg,
		                       "INSERT INTO sector (id, kabupaten_code, kecamatan_code, code, name, kind, hlc) "
		                       "VALUES ($1::uuid, $2, $3, $4, $5, $6, $7::bigint) ON CONFLICT DO NOTHING RETURNING id",
		                       7, p)) == -LK_EEXIST)
			fprintf(stderr, _("lokmind: sector %s already exists in kecamatan %s (id %s); nothing changed\n"), code,
			        kec, id);
		if (rc == 0)
			rc = s_run(pg,
			           "WITH c AS (UPDATE sync_counter SET last_seq = last_seq + 1 WHERE kabupaten_code = $1 "
			           "RETURNING last_seq) INSERT INTO change_log (kabupaten_code, seq, kecamatan_code, entity, "
			           "record_id, rev, hlc, payload) SELECT $1, last_seq, $2, 'sector', $3::uuid, 1, $4::bigint, "
			           "decode($5, 'hex') FROM c",
			           5, pl);
		s_run(pg, rc == 0 ? "COMMIT" : "ROLLBACK", 0, NULL);
	}
	free(hex);
	free(buf);
	lk_record_free(m);
	return rc;
}

static void s_org_usage(FILE *f)
{
	fprintf(f,
	        _("usage: lokmind org add-kabupaten CODE NAME [--province NAME]\n"
	        "       lokmind org add-kecamatan CODE NAME\n"
	        "       lokmind org add-puskesmas CODE NAME [--address TEXT]\n"
	        "       lokmind org add-desa CODE NAME --puskesmas CODE\n"
	        "       lokmind org add-sector KECAMATAN CODE NAME [--kind KIND]\n"
	        "       lokmind org list\n"
	        "Codes: kabupaten 4 digits (3324), kecamatan 6 digits (332401),\n"
	        "puskesmas P + 10 digits (P3324010101), desa 10 digits (3324012001).\n"));
}

static int s_org_list(PGconn *pg)
{
	PGresult *r = PQexec(pg,
	                     "SELECT 'kabupaten', code, name, '' FROM kabupaten"
	                     " UNION ALL SELECT 'kecamatan', code, name, kabupaten_code FROM kecamatan"
	                     " UNION ALL SELECT 'puskesmas', code, name, kecamatan_code FROM puskesmas"
	                     " UNION ALL SELECT 'desa', code, name, puskesmas_code FROM desa"
	                     " UNION ALL SELECT 'sector', code, name, kecamatan_code FROM sector"
	                     " ORDER BY 4, 2");
	if (r == NULL || PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "lokmind: %s", PQerrorMessage(pg));
		PQclear(r);
		return 1;
	}
	printf("%-10s %-12s %-12s %s\n", "KIND", "CODE", "PARENT", "NAME");
	for (int i = 0; i < PQntuples(r); i++)
		printf("%-10s %-12s %-12s %s\n", PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
		       PQgetvalue(r, i, 3), PQgetvalue(r, i, 2));
	PQclear(r);
	return 0;
}

int admin_org(const struct srv_config *cfg, int argc, char **argv)
{
	static const char *const flags[] = {"province", "address", "puskesmas", "kind", NULL};
	struct args a;
	PGconn *pg;
	int rc = -LK_EINVAL;
	char kind = 0;

	if (argc < 1 || !strcmp(argv[0], "--help") || !strcmp(argv[0], "-h")) {
		s_org_usage(argc < 1 ? stderr : stdout);
		return argc < 1 ? 2 : 0;
	}
	if (s_args(&a, argc - 1, argv + 1, flags, NULL) != 0) {
		s_org_usage(stderr);
		return 2;
	}
	const char *sub = argv[0];
	if (!strcmp(sub, "add-kabupaten") && a.npos == 2)
		kind = 'k';
	else if (!strcmp(sub, "add-kecamatan") && a.npos == 2)
		kind = 'c';
	else if (!strcmp(sub, "add-puskesmas") && a.npos == 2)
		kind = 'p';
	else if (!strcmp(sub, "add-desa") && a.npos == 2 && s_flag(&a, "puskesmas", NULL))
		kind = 'd';
	else if (!strcmp(sub, "add-sector") && a.npos == 3)
		kind = 's';
	else if (!strcmp(sub, "list") && a.npos == 0)
		kind = 'l';
	if (!kind) {
		s_org_usage(stderr);
		return 2;
	}
	if ((pg = s_connect(cfg)) == NULL)
		return 1;
	const char *code = a.pos[0], *name = a.pos[1];
	char kab[5] = "", kec[7] = "";
	if (kind != 'l' && kind != 's' && lk_org_kind_of_code(code) != (kind == 'k'   ? LOKMIN__ORG_KIND__ORG_KABUPATEN
	                                                              : kind == 'c' ? LOKMIN__ORG_KIND__ORG_KECAMATAN
	                                                              : kind == 'p' ? LOKMIN__ORG_KIND__ORG_PUSKESMAS
	                                                                            : LOKMIN__ORG_KIND__ORG_DESA)) {
		fprintf(stderr, _("lokmind: \"%s\" is not a valid code for %s\n"), code, sub + 4);
		s_org_usage(stderr);
		PQfinish(pg);
		return 2;
	}
	/* The parent regions follow from the code itself. */
	if (kind == 'c' || kind == 'd') {
		memcpy(kab, code, 4);
		memcpy(kec, code, 6);
	} else if (kind == 'p') {
		memcpy(kab, code + 1, 4);
		memcpy(kec, code + 1, 6);
	}
	switch (kind) {
	case 'l':
		rc = s_org_list(pg) ? -LK_EIO : 0;
		break;
	case 'k': {
		/* One statement, so a kabupaten never exists without its change counter. */
		const char *p[3] = {code, name, s_flag(&a, "province", "")};
		rc = s_run(pg,
		           "WITH k AS (INSERT INTO kabupaten (code, name, province) VALUES ($1, $2, $3) RETURNING code) "
		           "INSERT INTO sync_counter (kabupaten_code) SELECT code FROM k",
		           3, p);
		break;
	}
	case 'c': {
		const char *p[3] = {code, kab, name};
		rc = s_run(pg, "INSERT INTO kecamatan (code, kabupaten_code, name) VALUES ($1, $2, $3)", 3, p);
		break;
	}
	case 'p': {
		const char *p[5] = {code, kab, kec, name, s_flag(&a, "address", "")};
		rc = s_run(pg,
		           "INSERT INTO puskesmas (code, kabupaten_code, kecamatan_code, name, address) "
		           "VALUES ($1, $2, $3, $4, $5)",
		           5, p);
		break;
	}
	case 'd': {
		const char *p[5] = {code, kab, kec, s_flag(&a, "puskesmas", ""), name};
		rc = s_run(pg,
		           "INSERT INTO desa (code, kabupaten_code, kecamatan_code, puskesmas_code, name) "
		           "VALUES ($1, $2, $3, $4, $5)",
		           5, p);
		break;
	}
	case 's':
		rc = s_add_sector(pg, a.pos[0], a.pos[1], a.pos[2], s_flag(&a, "kind", "other"));
		break;
	}
	if (rc == 0 && kind != 'l')
		printf(_("added %s %s\n"), sub + 4, kind == 's' ? a.pos[1] : code);
	PQfinish(pg);
	return rc == 0 ? 0 : 1;
}

/* ---------------------------------------------------------------- token */

int admin_token(const struct srv_config *cfg, int argc, char **argv)
{
	static const char *const flags[] = {"role", "scope", "ttl", NULL};
	struct args a;
	char token[LK_TOKEN_HEXLEN], err[512], line[512], when[24];
	int64_t ttl = cfg->token_ttl, expires;
	lk_curve_pair keys;
	PGconn *pg;
	int rc;

	if (argc < 1 || strcmp(argv[0], "issue") != 0 || s_args(&a, argc - 1, argv + 1, flags, NULL) != 0 ||
	    a.npos != 0 || !s_flag(&a, "role", NULL) || !s_flag(&a, "scope", NULL)) {
		fprintf(stderr, _("usage: lokmind token issue --role puskesmas|kecamatan|dinkes --scope CODE [--ttl 72h]\n"
		                "Prints one enrollment line for `lokmin enroll`.\n"));
		return 2;
	}
	Lokmin__Role role = lk_role_parse(s_flag(&a, "role", ""));
	if (role == LOKMIN__ROLE__ROLE_UNSPECIFIED || role == LOKMIN__ROLE__ROLE_ADMIN) {
		fprintf(stderr, _("lokmind: --role must be puskesmas, kecamatan or dinkes\n"));
		return 2;
	}
	if (s_flag(&a, "ttl", NULL) && lk_parse_duration_ms(s_flag(&a, "ttl", NULL), &ttl) != 0) {
		fprintf(stderr, _("lokmind: --ttl: cannot parse \"%s\" (e.g. 30m, 72h, 7d)\n"), s_flag(&a, "ttl", ""));
		return 2;
	}
	if ((rc = lk_curve_load(&keys, cfg->key_dir, "server")) != 0) {
		fprintf(stderr, _("lokmind: cannot load the server key from %s: %s; run `lokmind keygen`\n"),
		        cfg->key_dir, lk_strerror(rc));
		return 1;
	}
	lk_curve_wipe(&keys);
	if ((pg = s_connect(cfg)) == NULL)
		return 1;
	rc = token_create(pg, role, s_flag(&a, "scope", ""), ttl, "admin", NULL, token, &expires, err, sizeof err);
	PQfinish(pg);
	if (rc != 0) {
		fprintf(stderr, "lokmind: %s\n", err);
		return 1;
	}
	if (token_line(line, sizeof line, cfg->public_endpoint, keys.public_z85, token, role,
	               s_flag(&a, "scope", "")) != 0) {
		fprintf(stderr, _("lokmind: public_endpoint too long\n"));
		return 1;
	}
	printf("%s\n", line);
	fprintf(stderr, _("token for %s %s, single use, expires %s UTC\n"), lk_role_name(role),
	        s_flag(&a, "scope", ""), lk_format_time_ms(when, expires));
	return 0;
}

/* ---------------------------------------------------------------- device */

int admin_device(const struct srv_config *cfg, int argc, char **argv)
{
	static const char *const bools[] = {"json", "csv", NULL};
	struct args a;
	PGconn *pg;
	int rc = 0;

	if (argc < 1 || s_args(&a, argc - 1, argv + 1, NULL, bools) != 0 ||
	    !((!strcmp(argv[0], "list") && a.npos == 0) || (!strcmp(argv[0], "revoke") && a.npos == 1))) {
		fprintf(stderr, _("usage: lokmind device list [--json|--csv]\n"
		                "       lokmind device revoke DEVICE-ID\n"));
		return 2;
	}
	if ((pg = s_connect(cfg)) == NULL)
		return 1;
	if (!strcmp(argv[0], "revoke")) {
		lk_uuid u;
		if (lk_uuid_parse(&u, a.pos[0]) != 0) {
			fprintf(stderr, _("lokmind: \"%s\" is not a device id\n"), a.pos[0]);
			PQfinish(pg);
			return 2;
		}
		const char *p[1] = {a.pos[0]};
		PGresult *r = PQexecParams(pg,
		                           "UPDATE device SET status = 'revoked', revoked_at = now() "
		                           "WHERE id = $1::uuid AND status = 'active' RETURNING id",
		                           1, NULL, p, NULL, NULL, 0);
		if (r == NULL || PQresultStatus(r) != PGRES_TUPLES_OK) {
			fprintf(stderr, "lokmind: %s", PQerrorMessage(pg));
			rc = 1;
		} else if (PQntuples(r) == 0) {
			fprintf(stderr, _("lokmind: no active device %s\n"), a.pos[0]);
			rc = 1;
		} else {
			printf(_("revoked %s\n"), a.pos[0]);
		}
		PQclear(r);
		PQfinish(pg);
		return rc;
	}
	PGresult *r = PQexec(pg,
	                     "SELECT id, role, scope_code, status, name, "
	                     "to_char(enrolled_at, 'YYYY-MM-DD HH24:MI:SS'), "
	                     "coalesce(to_char(last_seen_at, 'YYYY-MM-DD HH24:MI:SS'), '') "
	                     "FROM device ORDER BY enrolled_at");
	if (r == NULL || PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "lokmind: %s", PQerrorMessage(pg));
		PQclear(r);
		PQfinish(pg);
		return 1;
	}
	int json = s_flag(&a, "json", NULL) != NULL, csv = s_flag(&a, "csv", NULL) != NULL;
	if (json)
		printf("[");
	else if (csv)
		printf("id,role,scope,status,name,enrolled_at,last_seen_at\n");
	else
		printf("%-36s  %-9s  %-11s  %-7s  %-19s  %-19s  %s\n", "ID", "ROLE", "SCOPE", "STATUS",
		       "ENROLLED", "LAST SEEN", "NAME");
	for (int i = 0; i < PQntuples(r); i++) {
		const char *v[7];
		for (int k = 0; k < 7; k++)
			v[k] = PQgetvalue(r, i, k);
		if (json) {
			printf("%s{\"id\":\"%s\",\"role\":\"%s\",\"scope\":\"%s\",\"status\":\"%s\",\"name\":\"",
			       i ? "," : "", v[0], v[1], v[2], v[3]);
			for (const char *p = v[4]; *p; p++) {
				if (*p == '"' || *p == '\\')
					printf("\\%c", *p);
				else if ((unsigned char)*p < 0x20)
					printf("\\u%04x", *p);
				else
					putchar(*p);
			}
			printf("\",\"enrolled_at\":\"%s\",\"last_seen_at\":\"%s\"}", v[5], v[6]);
		} else if (csv) {
			printf("%s,%s,%s,%s,\"", v[0], v[1], v[2], v[3]);
			for (const char *p = v[4]; *p; p++)
				printf(*p == '"' ? "\"\"" : "%c", *p);
			printf("\",%s,%s\n", v[5], v[6]);
		} else {
			printf("%-36s  %-9s  %-11s  %-7s  %-19s  %-19s  %s\n", v[0], v[1], v[2], v[3], v[5],
			       v[6][0] ? v[6] : "never", v[4]);
		}
	}
	if (json)
		printf("]\n");
	PQclear(r);
	PQfinish(pg);
	return 0;
}

/* ---------------------------------------------------------------- catalogue */

#define CAT_FIELDS 11

int admin_catalogue(const struct srv_config *cfg, int argc, char **argv)
{
	char *text = NULL, *line, *save = NULL;
	int rc = 0, lineno = 0, nprog = 0, nind = 0;
	PGconn *pg;

	if (argc < 1 || strcmp(argv[0], "load") != 0 || argc > 2) {
		fprintf(stderr, _("usage: lokmind catalogue load [FILE.csv]\n"
		                "Loads the indicator catalogue (the built-in one when no file is given);\n"
		                "existing programmes and indicators are updated, none are removed.\n"));
		return 2;
	}
	if (argc == 2) {
		if ((rc = lk_read_file(argv[1], &text, NULL)) != 0) {
			fprintf(stderr, "lokmind: %s: %s\n", argv[1], lk_strerror(rc));
			return 1;
		}
	} else if (lk_embedded_catalogue_count > 0) {
		text = strdup(lk_embedded_catalogue[0].text);
	}
	if (text == NULL) {
		fprintf(stderr, _("lokmind: no catalogue\n"));
		return 1;
	}
	if ((pg = s_connect(cfg)) == NULL) {
		free(text);
		return 1;
	}
	db_command(pg, "BEGIN");
	for (line = strtok_r(text, "\n", &save); line && rc == 0; line = strtok_r(NULL, "\n", &save)) {
		char *f[CAT_FIELDS + 1];
		lineno++;
		if (lineno == 1 || *lk_trim(line) == '\0')
			continue; /* header */
		int nf = lk_csv_split(line, f, CAT_FIELDS + 1);
		if (nf == CAT_FIELDS - 1)
			f[nf++] = "cumulative"; /* files written before the accrual column */
		if (nf != CAT_FIELDS) {
			fprintf(stderr, _("lokmind: line %d: expected %d fields\n"), lineno, CAT_FIELDS);
			rc = -LK_EINVAL;
			break;
		}
		/* programme_code,programme_name,programme_kind,ilp_cluster,indicator_code,
		 * indicator_name,unit,numerator,denominator,default_annual_target[,accrual] */
		const char *pp[3] = {f[0], f[1], f[2]};
		PGresult *r = PQexecParams(pg,
		                           "INSERT INTO programme (code, name, kind) VALUES ($1, $2, $3) "
		                           "ON CONFLICT (code) DO UPDATE SET name = $2, kind = $3 "
		                           "RETURNING xmax = 0",
		                           3, NULL, pp, NULL, NULL, 0);
		if (r == NULL || PQresultStatus(r) != PGRES_TUPLES_OK) {
			fprintf(stderr, _("lokmind: line %d: programme %s refused: %s"), lineno, f[0], PQerrorMessage(pg));
			PQclear(r);
			rc = -LK_EINVAL;
			break;
		}
		if (PQgetvalue(r, 0, 0)[0] == 't')
			nprog++;
		PQclear(r);
		const char *pi[9] = {f[4], f[0], f[5], f[6], f[7], strcmp(f[8], "-") ? f[8] : "", f[3], f[9], f[10]};
		if ((rc = s_run(pg,
		                "INSERT INTO indicator (code, programme_code, name, unit, numerator, denominator, "
		                "ilp_cluster, default_annual_target, accrual) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
		                "ON CONFLICT (code) DO UPDATE SET programme_code = $2, name = $3, unit = $4, "
		                "numerator = $5, denominator = $6, ilp_cluster = $7, default_annual_target = $8, "
		                "accrual = $9",
		                9, pi)) != 0)
			fprintf(stderr, _("lokmind: line %d: indicator %s refused\n"), lineno, f[4]);
		else
			nind++;
	}
	if (rc == 0 && db_command(pg, "COMMIT") == 0) {
		printf(_("catalogue loaded: %d indicators (%d new programmes)\n"), nind, nprog);
	} else {
		db_command(pg, "ROLLBACK");
		fprintf(stderr, _("lokmind: catalogue not loaded; nothing was changed\n"));
		rc = rc ? rc : -LK_EIO;
	}
	PQfinish(pg);
	free(text);
	return rc == 0 ? 0 : 1;
}

/* ---------------------------------------------------------------- export */

/* Every synced record of one kabupaten as JSON lines, in the same format and
 * order as `lokmin export`, so stores can be compared byte for byte. */
static int s_export_kabupaten(PGconn *pg, const char *kab)
{
	for (size_t k = 0; k < lk_entities_count; k++) {
		const struct lk_entity *e = &lk_entities[k];
		char name[64], after[40] = "00000000-0000-0000-0000-000000000000";
		snprintf(name, sizeof name, "%s_snap", e->name);
		for (;;) {
			const char *p[6] = {kab, "", "", "dinkes", after, "1000"};
			PGresult *r = db_exec(pg, name, 6, p);
			if (r == NULL || PQresultStatus(r) != PGRES_TUPLES_OK) {
				fprintf(stderr, _("lokmind: export %s: %s"), e->name, PQerrorMessage(pg));
				PQclear(r);
				return 1;
			}
			int rows = PQntuples(r);
			for (int i = 0; i < rows; i++) {
				ProtobufCMessage *m = records_from_row(e, r, i, 0);
				if (m == NULL || lk_record_json(stdout, e, m) < 0) {
					lk_record_free(m);
					PQclear(r);
					return 1;
				}
				lk_record_free(m);
			}
			if (rows > 0)
				lk_strlcpy(after, PQgetvalue(r, rows - 1, 0), sizeof after);
			PQclear(r);
			if (rows < 1000)
				break;
		}
	}
	return 0;
}

int admin_export(const struct srv_config *cfg, int argc, char **argv)
{
	static const char *const flags[] = {"kabupaten", NULL};
	struct args a;
	PGconn *pg;
	int rc = 0;

	if (s_args(&a, argc, argv, flags, NULL) != 0 || a.npos != 0) {
		fprintf(stderr, _("usage: lokmind export [--kabupaten CODE]\n"
		                "Prints every synced record (all kabupaten by default) as JSON lines.\n"));
		return 2;
	}
	if ((pg = s_connect(cfg)) == NULL)
		return 1;
	const char *only = s_flag(&a, "kabupaten", NULL);
	int found = 0;
	/* One snapshot for the whole export, so it is a point-in-time copy. */
	db_command(pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	PGresult *r = PQexec(pg, "SELECT code FROM kabupaten ORDER BY code");
	for (int i = 0; r && PQresultStatus(r) == PGRES_TUPLES_OK && i < PQntuples(r) && rc == 0; i++)
		if (only == NULL || !strcmp(only, PQgetvalue(r, i, 0))) {
			found = 1;
			rc = s_export_kabupaten(pg, PQgetvalue(r, i, 0));
		}
	PQclear(r);
	db_command(pg, "COMMIT");
	if (only && !found) {
		fprintf(stderr, _("lokmind: no kabupaten %s\n"), only);
		rc = 1;
	}
	PQfinish(pg);
	return rc;
}
