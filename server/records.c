/* records: generic SQL for synced entities, built from the entity table, and row <-> record conversion. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_log.h"
#include "lk_util.h"
#include "records.h"

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

/* Write v in decimal at o; returns the end. */
static char *s_put_u64(char *o, uint64_t v)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*o++ = tmp[--n];
	return o;
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
		if (m->rev < 0) {
			*o++ = '-';
			o = s_put_u64(o, (uint64_t)(-(m->rev + 1)) + 1);
		} else {
			o = s_put_u64(o, (uint64_t)m->rev);
		}
		*o++ = ',';
		o = s_put_u64(o, m->hlc);
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

/* <entity>_ins_many and <entity>_upd_many: the same writes as _ins and _upd for many rows in one statement. */
static int s_prepare_many(PGconn *pg, const struct lk_entity *e)
{
	int n = records_ncols(e);
	char name[64], ref[16], *sql, *from = s_unnest(n + 3);
	size_t len;
	FILE *f;

	snprintf(name, sizeof name, "%s_ins_many", e->name);
	f = open_memstream(&sql, &len);
	fprintf(f, "INSERT INTO %s (", e->table);
	for (int i = 0; i < n; i++)
		fprintf(f, "%s, ", lk_column_name(records_col_field(e, i)));
	fprintf(f, "field_meta, changed_by, changed_by_person) SELECT ");
	for (int i = 0; i < n; i++) {
		s_write_expr(f, e, i, s_ref(ref, sizeof ref, "u.c", i + 1));
		fputs(", ", f);
	}
	fprintf(f, "u.c%d, nullif(u.c%d, '')::uuid, nullif(u.c%d, '')::uuid FROM %s", n + 1, n + 2, n + 3, from);
	fclose(f);
	if (s_prepare(pg, name, sql) != 0) {
		free(from);
		return -LK_EUNAVAIL;
	}

	snprintf(name, sizeof name, "%s_upd_many", e->name);
	f = open_memstream(&sql, &len);
	fprintf(f, "UPDATE %s t SET ", e->table);
	for (int i = 1; i < n; i++) {
		if (i >= 4 && i <= 6)
			continue;
		fprintf(f, "%s = ", lk_column_name(records_col_field(e, i)));
		s_write_expr(f, e, i, s_ref(ref, sizeof ref, "u.c", i + 1));
		fputs(", ", f);
	}
	fprintf(f,
	        "field_meta = u.c%d, changed_by = nullif(u.c%d, '')::uuid, changed_by_person = nullif(u.c%d, '')::uuid, "
	        "updated_at = now() FROM %s WHERE t.id = u.c1::uuid AND t.kabupaten_code = u.c5 AND "
	        "coalesce(t.kecamatan_code, '') = u.c6 AND coalesce(t.puskesmas_code, '') = u.c7",
	        n + 1, n + 2, n + 3, from);
	fclose(f);
	free(from);
	return s_prepare(pg, name, sql);
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
		int n = records_ncols(e);
		char name[64], ref[16], *sel = s_select_list(e), *sql;
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
		if (s_prepare(pg, name, sql) != 0)
			goto fail;

		snprintf(name, sizeof name, "%s_ins", e->name);
		f = open_memstream(&sql, &len);
		fprintf(f, "INSERT INTO %s (", e->table);
		for (int i = 0; i < n; i++)
			fprintf(f, "%s, ", lk_column_name(records_col_field(e, i)));
		fprintf(f, "field_meta, changed_by, changed_by_person) VALUES (");
		for (int i = 0; i < n; i++) {
			s_write_expr(f, e, i, s_ref(ref, sizeof ref, "$", i + 1));
			fputs(", ", f);
		}
		fprintf(f, "$%d, nullif($%d, '')::uuid, nullif($%d, '')::uuid)", n + 1, n + 2, n + 3);
		fclose(f);
		if (s_prepare(pg, name, sql) != 0)
			goto fail;

		/* Tenant keys and id never change: they select the row (checked before, too). */
		snprintf(name, sizeof name, "%s_upd", e->name);
		f = open_memstream(&sql, &len);
		fprintf(f, "UPDATE %s SET ", e->table);
		for (int i = 1; i < n; i++) {
			if (i >= 4 && i <= 6)
				continue;
			fprintf(f, "%s = ", lk_column_name(records_col_field(e, i)));
			s_write_expr(f, e, i, s_ref(ref, sizeof ref, "$", i + 1));
			fputs(", ", f);
		}
		fprintf(f,
		        "field_meta = $%d, changed_by = nullif($%d, '')::uuid, changed_by_person = nullif($%d, '')::uuid, "
		        "updated_at = now() WHERE id = $1::uuid AND kabupaten_code = $5 AND coalesce(kecamatan_code, '') = $6 "
		        "AND coalesce(puskesmas_code, '') = $7",
		        n + 1, n + 2, n + 3);
		fclose(f);
		if (s_prepare(pg, name, sql) != 0)
			goto fail;

		snprintf(name, sizeof name, "%s_snap", e->name);
		f = open_memstream(&sql, &len);
		/* The author of the record's last change follows the record's own columns. */
		fprintf(f,
		        "SELECT %s, coalesce(changed_by_person::text, '') FROM %s WHERE " RECORDS_SCOPE_SQL
		        " AND id > $5::uuid ORDER BY id LIMIT $6::int",
		        sel, e->table);
		fclose(f);
		if (s_prepare(pg, name, sql) != 0 || s_prepare_many(pg, e) != 0)
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
