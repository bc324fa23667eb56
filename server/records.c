/* records: generic SQL for synced entities, built from the entity table, and row <-> record conversion. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_log.h"
#include "lk_util.h"
#include "records.h"
#include "srv.h"

/* ---------------------------------------------------------------- field meta */

int meta_set_field(struct meta_set *set, const char *field, int64_t rev, uint64_t hlc, const char *device)
{
	struct field_meta *m = meta_find(set, field);
	if (m == NULL) {
		if (set->n == set->cap) {
			size_t cap = set->cap ? set->cap * 2 : 16;
			struct field_meta *ni = realloc(set->items, cap * sizeof *ni);
			if (ni == NULL)
				return -LK_ENOMEM;
			set->items = ni;
			set->cap = cap;
		}
		m = &set->items[set->n++];
		lk_strlcpy(m->field, field, sizeof m->field);
	}
	m->rev = rev;
	m->hlc = hlc;
	lk_strlcpy(m->device, device ? device : "", sizeof m->device);
	return 0;
}

struct field_meta *meta_find(struct meta_set *set, const char *field)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->items[i].field, field) == 0)
			return &set->items[i];
	return NULL;
}

int meta_parse(struct meta_set *set, const char *text)
{
	const char *p = text;
	while (p && *p) {
		char field[64], device[37] = "";
		long long rev;
		unsigned long long hlc;
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char item[200];
		if (len >= sizeof item)
			return -LK_EINVAL;
		memcpy(item, p, len);
		item[len] = '\0';
		if (sscanf(item, "%63[^=]=%lld,%llu,%36s", field, &rev, &hlc, device) < 3)
			return -LK_EINVAL;
		if (meta_set_field(set, field, rev, hlc, device) != 0)
			return -LK_ENOMEM;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

/* Written by hand rather than with printf: a push formats this for every record it writes. */
char *meta_format(const struct meta_set *set)
{
	size_t cap = 1;
	for (size_t i = 0; i < set->n; i++)
		cap += strlen(set->items[i].field) + strlen(set->items[i].device) + 2 * 21 + 4;
	char *buf = malloc(cap), *o = buf;
	if (buf == NULL)
		return NULL;
	for (size_t i = 0; i < set->n; i++) {
		const struct field_meta *m = &set->items[i];
		size_t fl = strlen(m->field), dl = strlen(m->device);
		if (i)
			*o++ = ';';
		memcpy(o, m->field, fl);
		o += fl;
		*o++ = '=';
		o = lk_put_i64(o, m->rev);
		*o++ = ',';
		o = lk_put_u64(o, m->hlc);
		*o++ = ',';
		memcpy(o, m->device, dl);
		o += dl;
	}
	*o = '\0';
	return buf;
}

void meta_free(struct meta_set *set)
{
	free(set->items);
	memset(set, 0, sizeof *set);
}

/* ---------------------------------------------------------------- columns */

static const char *const s_header[] = {"id", "rev", "hlc", "deleted", "kabupaten", "kecamatan", "puskesmas"};
#define NHEADER ((int)LK_ARRAY_LEN(s_header))

int records_ncols(const struct lk_entity *e)
{
	return NHEADER + (int)e->nfields;
}

const char *records_col_field(const struct lk_entity *e, int i)
{
	return i < NHEADER ? s_header[i] : e->fields[i - NHEADER].name;
}

/* The kind of column i; header columns get kinds of their own here. */
static enum lk_fkind s_kind(const struct lk_entity *e, int i)
{
	static const enum lk_fkind hk[] = {LK_F_UUID, LK_F_INT, LK_F_INT, LK_F_BOOL, LK_F_TEXT, LK_F_TEXT, LK_F_TEXT};
	return i < NHEADER ? hk[i] : e->fields[i - NHEADER].kind;
}

/* SQL that reads column i as the text lk_record_set expects. */
static void s_read_expr(FILE *f, const struct lk_entity *e, int i)
{
	const char *c = lk_column_name(records_col_field(e, i));
	switch (s_kind(e, i)) {
	case LK_F_INT:
	case LK_F_REAL:
		fprintf(f, "%s::text", c);
		break;
	case LK_F_BOOL:
		fprintf(f, "(%s::int)::text", c);
		break;
	case LK_F_TIME:
		fprintf(f, "coalesce(to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '')", c);
		break;
	default:
		fprintf(f, "coalesce(%s::text, '')", c);
	}
}

/* SQL that writes the text value ref (a parameter "$n" or an unnested column) into column i. */
static void s_write_expr(FILE *f, const struct lk_entity *e, int i, const char *ref)
{
	/* Reals go to numeric from their exact %.17g text: through float8, PostgreSQL
	 * would keep 15 digits and some values would not read back as themselves. */
	static const char *casts[] = {[LK_F_TEXT] = "", [LK_F_NARRATIVE] = "", [LK_F_INT] = "::bigint",
	                              [LK_F_BOOL] = "::boolean", [LK_F_REAL] = "::numeric", [LK_F_DATE] = "::date",
	                              [LK_F_TIME] = "::timestamptz", [LK_F_UUID] = "::uuid", [LK_F_HEX] = ""};
	enum lk_fkind k = s_kind(e, i);
	/* Empty means NULL for optional typed columns and for the narrower tenant keys. */
	int nullable = k == LK_F_DATE || k == LK_F_TIME || (k == LK_F_UUID && i > 0) || i == 5 || i == 6;
	if (nullable)
		fprintf(f, "nullif(%s, '')%s", ref, casts[k]);
	else
		fprintf(f, "%s%s", ref, casts[k]);
}

static int s_prepare(PGconn *pg, const char *name, char *sql)
{
	PGresult *r = PQprepare(pg, name, sql, 0, NULL);
	int ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		log_warnx("%s: prepare %s: %s", __func__, name, PQerrorMessage(pg));
	PQclear(r);
	free(sql);
	return ok ? 0 : -LK_EUNAVAIL;
}

/* "$n" or "u.cn": the reference to the n-th value of a write. */
static const char *s_ref(char *buf, size_t size, const char *prefix, int n)
{
	snprintf(buf, size, "%s%d", prefix, n);
	return buf;
}

/* The set-based writes: every value is a text array, unnested into u(c1 .. cN). */
static char *s_unnest(int nvals)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fputs("unnest(", f);
	for (int i = 1; i <= nvals; i++)
		fprintf(f, "%s$%d::text[]", i > 1 ? ", " : "", i);
	fputs(") AS u(", f);
	for (int i = 1; i <= nvals; i++)
		fprintf(f, "%sc%d", i > 1 ? ", " : "", i);
	fputc(')', f);
	fclose(f);
	return buf;
}

/* The insert of one row of e (from = NULL: VALUES of the parameters $1 ..) or
 * of many (the unnested arrays of from, u.c1 ..). */
static char *s_insert_sql(const struct lk_entity *e, const char *from)
{
	int n = records_ncols(e);
	const char *v = from ? "u.c" : "$";
	char ref[16], *sql = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&sql, &len);
	fprintf(f, "INSERT INTO %s (", e->table);
	for (int i = 0; i < n; i++)
		fprintf(f, "%s, ", lk_column_name(records_col_field(e, i)));
	fputs(from ? "field_meta, changed_by, changed_by_person) SELECT " : "field_meta, changed_by, changed_by_person) VALUES (",
	      f);
	for (int i = 0; i < n; i++) {
		s_write_expr(f, e, i, s_ref(ref, sizeof ref, v, i + 1));
		fputs(", ", f);
	}
	fprintf(f, "%s%d, nullif(%s%d, '')::uuid, nullif(%s%d, '')::uuid", v, n + 1, v, n + 2, v, n + 3);
	if (from)
		fprintf(f, " FROM %s", from);
	else
		fputc(')', f);
	fclose(f);
	return sql;
}

/* The update of one row of e, or of many, as s_insert_sql. Tenant keys and id
 * never change: they select the row (checked before, too). */
static char *s_update_sql(const struct lk_entity *e, const char *from)
{
	int n = records_ncols(e);
	const char *v = from ? "u.c" : "$", *t = from ? "t." : "";
	char ref[16], *sql = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&sql, &len);
	fprintf(f, "UPDATE %s%s SET ", e->table, from ? " t" : "");
	for (int i = 1; i < n; i++) {
		if (i >= 4 && i <= 6)
			continue;
		fprintf(f, "%s = ", lk_column_name(records_col_field(e, i)));
		s_write_expr(f, e, i, s_ref(ref, sizeof ref, v, i + 1));
		fputs(", ", f);
	}
	fprintf(f, "field_meta = %s%d, changed_by = nullif(%s%d, '')::uuid, changed_by_person = nullif(%s%d, '')::uuid, "
	           "updated_at = now() ", v, n + 1, v, n + 2, v, n + 3);
	if (from)
		fprintf(f, "FROM %s ", from);
	fprintf(f, "WHERE %sid = %s1::uuid AND %skabupaten_code = %s5 AND coalesce(%skecamatan_code, '') = %s6 AND "
	           "coalesce(%spuskesmas_code, '') = %s7", t, v, t, v, t, v, t, v);
	fclose(f);
	return sql;
}

/* <entity>_ins_many and <entity>_upd_many: the same writes as _ins and _upd for many rows in one statement. */
static int s_prepare_many(PGconn *pg, const struct lk_entity *e)
{
	char name[64], *from = s_unnest(records_ncols(e) + 3);
	snprintf(name, sizeof name, "%s_ins_many", e->name);
	int rc = s_prepare(pg, name, s_insert_sql(e, from));
	snprintf(name, sizeof name, "%s_upd_many", e->name);
	if (rc == 0)
		rc = s_prepare(pg, name, s_update_sql(e, from));
	free(from);
	return rc;
}

static char *s_select_list(const struct lk_entity *e)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	for (int i = 0; i < records_ncols(e); i++) {
		fputs(i ? ", " : "", f);
		s_read_expr(f, e, i);
	}
	fclose(f);
	return buf;
}

int records_prepare(PGconn *pg)
{
	for (size_t k = 0; k < lk_entities_count; k++) {
		const struct lk_entity *e = &lk_entities[k];
		char name[64], *sel = s_select_list(e), *sql;
		size_t len;
		FILE *f;

		snprintf(name, sizeof name, "%s_get", e->name);
		f = open_memstream(&sql, &len);
		fprintf(f, "SELECT %s, field_meta FROM %s WHERE id = $1::uuid FOR UPDATE", sel, e->table);
		fclose(f);
		if (s_prepare(pg, name, sql) != 0)
			goto fail;

		snprintf(name, sizeof name, "%s_get_many", e->name);
		f = open_memstream(&sql, &len);
		fprintf(f, "SELECT %s, field_meta FROM %s WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE", sel,
		        e->table);
		fclose(f);
		if (db_plan_each(name, sql) != 0)
			goto fail;

		snprintf(name, sizeof name, "%s_ins", e->name);
		if (s_prepare(pg, name, s_insert_sql(e, NULL)) != 0)
			goto fail;

		snprintf(name, sizeof name, "%s_upd", e->name);
		if (s_prepare(pg, name, s_update_sql(e, NULL)) != 0)
			goto fail;

		snprintf(name, sizeof name, "%s_snap", e->name);
		f = open_memstream(&sql, &len);
		/* The author of the record's last change follows the record's own columns. */
		fprintf(f,
		        "SELECT %s, coalesce(changed_by_person::text, '') FROM %s WHERE " RECORDS_SCOPE_SQL
		        " AND id > $5::uuid ORDER BY id LIMIT $6::int",
		        sel, e->table);
		fclose(f);
		if (db_plan_each(name, sql) != 0)
			goto fail;

		/* A puskesmas device reads its own rows and its kecamatan's own rows
		 * (no puskesmas), each in id order from an index of its own (0020),
		 * merged; never the whole kecamatan sorted for each page. */
		snprintf(name, sizeof name, "%s_snap_pusk", e->name);
		f = open_memstream(&sql, &len);
		fprintf(f,
		        "(SELECT %1$s, coalesce(changed_by_person::text, ''), id AS snap_id FROM %2$s WHERE kabupaten_code = $1 "
		        "AND kecamatan_code = $2 AND puskesmas_code = $3 AND id > $4::uuid ORDER BY id LIMIT $5::int) "
		        "UNION ALL (SELECT %1$s, coalesce(changed_by_person::text, ''), id FROM %2$s WHERE kabupaten_code = $1 "
		        "AND kecamatan_code = $2 AND puskesmas_code IS NULL AND id > $4::uuid ORDER BY id LIMIT $5::int) "
		        "ORDER BY snap_id LIMIT $5::int",
		        sel, e->table);
		fclose(f);
		if (db_plan_each(name, sql) != 0 || s_prepare_many(pg, e) != 0)
			goto fail;
		free(sel);
		continue;
	fail:
		free(sel);
		return -LK_EUNAVAIL;
	}
	return 0;
}

ProtobufCMessage *records_from_row(const struct lk_entity *e, const PGresult *r, int row, int first)
{
	ProtobufCMessage *m = lk_record_new(e);
	for (int i = 0; m && i < records_ncols(e); i++) {
		if (lk_record_set(m, records_col_field(e, i), PQgetvalue(r, row, first + i)) != 0) {
			log_warnx("%s: %s.%s: bad value \"%.40s\"", __func__, e->name, records_col_field(e, i),
			          PQgetvalue(r, row, first + i));
			lk_record_free(m);
			return NULL;
		}
	}
	return m;
}

int records_params(const struct lk_entity *e, const ProtobufCMessage *m, const char *meta, const char *device,
                   const char *actor, char **vals)
{
	int n = records_ncols(e);
	for (int i = 0; i < n; i++) {
		vals[i] = lk_record_get(m, records_col_field(e, i));
		if (vals[i] == NULL)
			vals[i] = strdup("");
	}
	vals[n] = strdup(meta ? meta : "");
	vals[n + 1] = strdup(device ? device : "");
	vals[n + 2] = strdup(actor ? actor : "");
	return n + 3;
}

void records_free_params(char **vals, int n)
{
	for (int i = 0; i < n; i++)
		free(vals[i]);
}
