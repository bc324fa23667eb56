/* db: the only libpq user: connections, prepared statements, device rows and migrations. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_log.h"
#include "lk_util.h"
#include "records.h"
#include "srv.h"

#define DEVICE_COLUMNS                                                                        \
	"encode(curve_pk, 'hex'), id::text, role, kabupaten_code, coalesce(kecamatan_code, ''), " \
	"coalesce(puskesmas_code, ''), scope_code, name, status, "                                \
	"(extract(epoch FROM enrolled_at) * 1000)::bigint"

/* A timestamp column as the records' text form, YYYY-MM-DDTHH:MM:SSZ ("" for NULL). */
#define LK_SQL_TIME(c) "coalesce(to_char(" c " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '')"

struct stmt {
	const char *name;
	const char *sql;
	int nparams;
};

/* Every statement a worker runs; prepared once per connection. */
static const struct stmt s_stmts[] = {
	{"device_by_pk", "SELECT " DEVICE_COLUMNS " FROM device WHERE curve_pk = decode($1, 'hex')", 1},
	{"device_seen", "UPDATE device SET last_seen_at = now() WHERE id = $1::uuid", 1},
	{"token_lock",
	 "SELECT id::text, role, kabupaten_code, coalesce(kecamatan_code, ''), "
	 "coalesce(puskesmas_code, ''), scope_code, expires_at < now(), used_at IS NOT NULL "
	 "FROM enrollment_token WHERE token_hash = decode($1, 'hex') FOR UPDATE",
	 1},
	{"device_insert",
	 "INSERT INTO device (id, curve_pk, role, kabupaten_code, kecamatan_code, puskesmas_code, "
	 "scope_code, name, token_id) VALUES ($1::uuid, decode($2, 'hex'), $3, $4, nullif($5, ''), "
	 "nullif($6, ''), $7, $8, $9::uuid) "
	 "RETURNING (extract(epoch FROM enrolled_at) * 1000)::bigint",
	 9},
	{"token_use", "UPDATE enrollment_token SET used_at = now(), used_by_device = $2::uuid WHERE id = $1::uuid",
	 2},
	{"whoami",
	 "SELECT d.name, (extract(epoch FROM d.enrolled_at) * 1000)::bigint, "
	 "coalesce(p.name, c.name, k.name, ''), "
	 "(extract(epoch FROM clock_timestamp()) * 1000)::bigint "
	 "FROM device d JOIN kabupaten k ON k.code = d.kabupaten_code "
	 "LEFT JOIN kecamatan c ON c.code = d.kecamatan_code "
	 "LEFT JOIN puskesmas p ON p.code = d.puskesmas_code WHERE d.id = $1::uuid",
	 1},
	{"region",
	 "SELECT kind, code, name, parent, kab, kec, pusk FROM ("
	 " SELECT 1 AS kind, code, name, '' AS parent, code AS kab, '' AS kec, '' AS pusk FROM kabupaten WHERE code = $1"
	 " UNION ALL SELECT 2, code, name, kabupaten_code, kabupaten_code, code, '' FROM kecamatan WHERE code = $1"
	 " UNION ALL SELECT 3, code, name, kecamatan_code, kabupaten_code, kecamatan_code, code FROM puskesmas WHERE code = $1"
	 " UNION ALL SELECT 4, code, name, puskesmas_code, kabupaten_code, kecamatan_code, puskesmas_code FROM desa WHERE code = $1"
	 ") r",
	 1},
	{"token_insert",
	 "INSERT INTO enrollment_token (id, token_hash, role, kabupaten_code, kecamatan_code, "
	 "puskesmas_code, scope_code, created_by, expires_at) VALUES ($1::uuid, decode($2, 'hex'), $3, "
	 "$4, nullif($5, ''), nullif($6, ''), $7, $8, now() + ($9 || ' milliseconds')::interval) "
	 "RETURNING (extract(epoch FROM expires_at) * 1000)::bigint",
	 9},
	{"counter_get", "SELECT last_seq, pruned_through FROM sync_counter WHERE kabupaten_code = $1", 1},
	/* The batch's sequence numbers and its change-log rows in one statement.
	 * The counter row stays locked until commit, so seq order is commit order;
	 * the lock is held for this statement and the commit, nothing else. */
	{"log_put_many",
	 "WITH c AS (UPDATE sync_counter SET last_seq = last_seq + $3::bigint WHERE kabupaten_code = $1 "
	 "RETURNING last_seq) "
	 "INSERT INTO change_log (kabupaten_code, seq, kecamatan_code, puskesmas_code, entity, record_id, rev, hlc, "
	 "deleted, device_id, payload, actor_id) SELECT $1, c.last_seq - $3::bigint + t.n, nullif(kc, ''), "
	 "nullif(pk, ''), en, ri::uuid, rv, hl, de, $2::uuid, decode(pa, 'hex'), nullif(ac, '')::uuid FROM c, "
	 "unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[], $10::boolean[], "
	 "$11::text[], $12::text[]) WITH ORDINALITY AS t(kc, pk, en, ri, rv, hl, de, pa, ac, n)",
	 12},
	/* Where the person an op names as its author belongs (sync.c, s_check_actor). */
	{"actor_scope",
	 "SELECT kabupaten_code, coalesce(kecamatan_code, ''), coalesce(puskesmas_code, '') FROM person "
	 "WHERE id = $1::uuid",
	 1},
	{"applied_get_many",
	 "SELECT op_id::text, result, error_code, message, rev, conflict_ids, device_id::text FROM applied_op "
	 "WHERE op_id = ANY($1::uuid[])",
	 1},
	/* Results go in at the end of the push. An op id a concurrent push stored
	 * first makes this insert wait for it and skip the row: fewer ids come back
	 * and the push runs again, answering that op from the stored result. */
	{"applied_put_many",
	 "INSERT INTO applied_op (op_id, device_id, kabupaten_code, entity, record_id, result, error_code, message, "
	 "rev, conflict_ids) SELECT o::uuid, $1::uuid, $2, en, ri::uuid, st, er, ms, rv, cf FROM unnest($3::text[], "
	 "$4::text[], $5::text[], $6::smallint[], $7::int[], $8::text[], $9::bigint[], $10::text[]) "
	 "AS t(o, en, ri, st, er, ms, rv, cf) ON CONFLICT (op_id) DO NOTHING RETURNING op_id::text",
	 10},
	{"log_pull",
	 "SELECT seq, entity, encode(payload, 'hex'), coalesce(actor_id::text, '') FROM change_log WHERE "
	 RECORDS_SCOPE_SQL
	 " AND seq > $5::bigint ORDER BY seq LIMIT $6::int",
	 6},
	/* ------------------------------------------------ attachment content (blobs.c)
	 * Device scope parameters as in RECORDS_SCOPE_SQL: $1 kab, $2 kec, $3 pusk, $4 role.
	 * Content is readable when an office that uploaded it lies in the device's scope, or when an
	 * attachment record in the device's scope names it and the uploading office can read that record. */
	{"blob_readable",
	 "SELECT b.size, b.chunk_size FROM blob b WHERE b.hash = $5 AND b.complete AND ("
	 "EXISTS (SELECT 1 FROM blob_owner o WHERE o.hash = $5 AND o.kabupaten_code = $1 AND ($4 = 'dinkes' OR "
	 "(o.kecamatan_code = $2 AND ($4 = 'kecamatan' OR o.puskesmas_code = $3)))) OR "
	 "EXISTS (SELECT 1 FROM attachment a JOIN blob_owner o ON o.hash = a.hash WHERE a.hash = $5 AND NOT a.deleted"
	 " AND a.kabupaten_code = $1 AND ($4 = 'dinkes' OR (a.kecamatan_code = $2 AND ($4 = 'kecamatan' OR"
	 " a.puskesmas_code IS NULL OR a.puskesmas_code = $3)))"
	 " AND a.kabupaten_code = o.kabupaten_code AND (o.role = 'dinkes' OR (a.kecamatan_code = o.kecamatan_code"
	 " AND (o.role = 'kecamatan' OR a.puskesmas_code IS NULL OR a.puskesmas_code = o.puskesmas_code)))))",
	 5},
	{"blob_chunk_get", "SELECT data FROM blob_chunk WHERE hash = $1 AND idx = $2::int AND device_id IS NULL", 2},
	/* One device's upload in progress; the row lock orders that device's chunks of this content. */
	{"blob_upload_get", "SELECT size, chunk_size FROM blob_upload WHERE device_id = $1::uuid AND hash = $2 FOR UPDATE",
	 2},
	{"blob_upload_new",
	 "INSERT INTO blob_upload (device_id, hash, size, chunk_size) VALUES ($1::uuid, $2, $3::bigint, $4::int) "
	 "ON CONFLICT DO NOTHING",
	 4},
	{"blob_upload_drop", "DELETE FROM blob_upload WHERE device_id = $1::uuid AND hash = $2", 2},
	{"blob_upload_touch", "UPDATE blob_upload SET updated_at = now() WHERE device_id = $1::uuid AND hash = $2", 2},
	{"blob_pending", "SELECT coalesce(sum(size), 0) FROM blob_upload WHERE device_id = $1::uuid", 1},
	{"blob_cleanup",
	 "WITH u AS (DELETE FROM blob_usage WHERE day < current_date - 1) "
	 "DELETE FROM blob_upload WHERE updated_at < now() - ($1 || ' milliseconds')::interval",
	 1},
	{"blob_chunk_put",
	 "INSERT INTO blob_chunk (device_id, hash, idx, data) VALUES ($1::uuid, $2, $3::int, $4) "
	 "ON CONFLICT (device_id, hash, idx) WHERE device_id IS NOT NULL DO NOTHING RETURNING 1",
	 4},
	/* Adds a day's bytes unless that passes $3; no row back means over the quota. */
	{"blob_usage_add",
	 "INSERT INTO blob_usage (device_id, day, bytes) SELECT $1::uuid, current_date, $2::bigint "
	 "WHERE $2::bigint <= $3::bigint ON CONFLICT (device_id, day) DO UPDATE SET bytes = blob_usage.bytes + "
	 "EXCLUDED.bytes WHERE blob_usage.bytes + EXCLUDED.bytes <= $3::bigint RETURNING bytes",
	 3},
	{"blob_upload_chunks", "SELECT idx FROM blob_chunk WHERE device_id = $1::uuid AND hash = $2 ORDER BY idx", 2},
	{"blob_upload_chunk_get", "SELECT data FROM blob_chunk WHERE device_id = $1::uuid AND hash = $2 AND idx = $3::int",
	 3},
	{"blob_content_new",
	 "INSERT INTO blob (hash, size, chunk_size, complete, created_by) VALUES ($1, $2::bigint, $3::int, true, "
	 "$4::uuid) ON CONFLICT (hash) DO NOTHING RETURNING 1",
	 4},
	/* Verified chunks become the content's own, in place. */
	{"blob_promote", "UPDATE blob_chunk SET device_id = NULL WHERE device_id = $1::uuid AND hash = $2", 2},
	{"blob_owner_add",
	 "INSERT INTO blob_owner (hash, device_id, role, kabupaten_code, kecamatan_code, puskesmas_code, size) "
	 "VALUES ($1, $2::uuid, $3, $4, nullif($5, ''), nullif($6, ''), $7::bigint) ON CONFLICT DO NOTHING",
	 7},
	{"meeting_status", "SELECT status, kind FROM meeting WHERE id = $1::uuid", 1},
	{"conflict_pair",
	 "SELECT 1 FROM sync_conflict WHERE record_id = $1::uuid AND field = $2 AND NOT deleted "
	 "AND ((server_value = $3 AND client_value = $4) OR (server_value = $4 AND client_value = $3))",
	 4},
	{"indicator_active", "SELECT 1 FROM indicator WHERE code = $1 AND active", 1},
	{"desa_of_puskesmas", "SELECT 1 FROM desa WHERE code = $1 AND puskesmas_code = $2", 2},
	{"minutes_submitted",
	 "SELECT 1 FROM minutes WHERE id = $1::uuid AND meeting_id = $2::uuid AND NOT deleted AND submitted_at IS NOT NULL",
	 2},
	{"catalogue",
	 "SELECT i.code, i.programme_code, p.name, i.name, i.unit, i.numerator, i.denominator, i.ilp_cluster,"
	 " i.default_annual_target::float8, i.accrual FROM indicator i JOIN programme p ON p.code = i.programme_code"
	 " WHERE i.active ORDER BY i.code",
	 0},
	/* Signer trust (signer.c): a key with the start of its successor, a deputy's delegations. */
	{"signer_key_one",
	 "SELECT k.id::text, k.person_id::text, k.kabupaten_code, coalesce(k.kecamatan_code, ''), "
	 "coalesce(k.puskesmas_code, ''), k.public_key, k.capacity, " LK_SQL_TIME("k.created_at") ", "
	 "coalesce(k.endorsed_by::text, ''), k.endorsement, (k.replaces::int)::text, k.status, "
	 LK_SQL_TIME("k.confirmed_at") ", " LK_SQL_TIME("k.revoked_at") ", "
	 LK_SQL_TIME("(SELECT min(r.created_at) FROM signer_key r WHERE r.endorsed_by = k.id AND r.replaces "
	             "AND r.status <> 'pending')") " FROM signer_key k WHERE k.id = $1::uuid",
	 1},
	{"signer_key_meta", "SELECT field_meta FROM signer_key WHERE id = $1::uuid", 1},
	{"public_key_used", "SELECT 1 FROM signer_key WHERE public_key = $1 AND id <> $2::uuid", 2},
	{"person_office",
	 "SELECT kabupaten_code, coalesce(kecamatan_code, ''), coalesce(puskesmas_code, '') FROM person "
	 "WHERE id = $1::uuid AND NOT deleted",
	 1},
	{"delegations_of",
	 "SELECT id::text, person_id::text, kabupaten_code, coalesce(kecamatan_code, ''), coalesce(puskesmas_code, ''), "
	 "kind, valid_from::text, valid_until::text, coalesce(granted_by_key::text, ''), grant_signature, "
	 LK_SQL_TIME("granted_at") " FROM delegation WHERE person_id = $1::uuid AND kabupaten_code = $2 AND "
	 "coalesce(kecamatan_code, '') = $3 AND coalesce(puskesmas_code, '') = $4 AND NOT deleted",
	 4},
	{"region_children",
	 "SELECT 2, code, name FROM kecamatan WHERE kabupaten_code = $1 AND $2 = 1"
	 " UNION ALL SELECT 3, code, name FROM puskesmas WHERE kecamatan_code = $1 AND $2 = 2"
	 " UNION ALL SELECT 5, code, name FROM sector WHERE kecamatan_code = $1 AND $2 = 2 AND NOT deleted"
	 " UNION ALL SELECT 4, code, name FROM desa WHERE puskesmas_code = $1 AND $2 = 3"
	 " ORDER BY 1, 2",
	 2},
};

PGconn *db_connect(const char *conninfo, char *err, size_t errlen)
{
	PGconn *pg = PQconnectdb(conninfo);
	if (pg == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (PQstatus(pg) != CONNECTION_OK) {
		snprintf(err, errlen, "cannot connect to the database (%s): %s", conninfo,
		         PQerrorMessage(pg));
		/* libpq messages end in a newline; drop it for one-line logs. */
		size_t n = strlen(err);
		while (n && (err[n - 1] == '\n' || err[n - 1] == ' '))
			err[--n] = '\0';
		PQfinish(pg);
		return NULL;
	}
	PQsetErrorVerbosity(pg, PQERRORS_TERSE);
	PGresult *r = PQexec(pg, "SET application_name = 'lokmind'; SET TIME ZONE 'UTC'; SET client_min_messages = warning");
	PQclear(r);
	return pg;
}

/* Statements whose best plan depends on their values (the device's role, how
 * many ids a batch names): a generic plan made while a table was small would
 * stay in use as it grows. They are sent with their text and planned on every
 * run; the text is registered once per process, in an open-addressed table
 * that only grows, so db_exec finds a name without a lock: a slot's name is
 * published last, after its text. */
struct each {
	_Atomic(const char *) name;
	char *sql;
	uint32_t hash;
};
#define EACH_SLOTS 256 /* a power of two */
#define EACH_MAX 192   /* at most three quarters full */
static struct each s_each[EACH_SLOTS];
static size_t s_neach;
static pthread_mutex_t s_each_lock = PTHREAD_MUTEX_INITIALIZER;

static uint32_t s_name_hash(const char *name)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h;
}

/* The slot of name, or the empty slot where it would go. */
static struct each *s_each_slot(const char *name, uint32_t hash)
{
	for (uint32_t i = hash;; i++) {
		struct each *e = &s_each[i & (EACH_SLOTS - 1)];
		const char *n = atomic_load_explicit(&e->name, memory_order_acquire);
		if (n == NULL || (e->hash == hash && strcmp(n, name) == 0))
			return e;
	}
}

int db_plan_each(const char *name, char *sql)
{
	int rc = 0;
	uint32_t hash = s_name_hash(name);

	pthread_mutex_lock(&s_each_lock);
	struct each *e = s_each_slot(name, hash);
	char *copy = NULL;
	if (atomic_load_explicit(&e->name, memory_order_relaxed) != NULL) {
		free(sql); /* every connection registers the same text */
	} else if (s_neach == EACH_MAX || (copy = strdup(name)) == NULL) {
		free(sql);
		rc = -LK_ENOMEM;
	} else {
		e->sql = sql;
		e->hash = hash;
		atomic_store_explicit(&e->name, copy, memory_order_release);
		s_neach++;
	}
	pthread_mutex_unlock(&s_each_lock);
	return rc;
}

/* The statements of s_stmts planned on every run. */
static int s_is_each(const char *name)
{
	return !strcmp(name, "applied_get_many") || !strcmp(name, "log_pull");
}

static const char *s_each_sql(const char *name)
{
	struct each *e = s_each_slot(name, s_name_hash(name));
	return atomic_load_explicit(&e->name, memory_order_acquire) ? e->sql : NULL;
}

int db_prepare_all(PGconn *pg)
{
	for (size_t i = 0; i < LK_ARRAY_LEN(s_stmts); i++) {
		if (s_is_each(s_stmts[i].name)) {
			char *sql = strdup(s_stmts[i].sql);
			if (sql == NULL || db_plan_each(s_stmts[i].name, sql) != 0)
				return -LK_ENOMEM;
			continue;
		}
		PGresult *r = PQprepare(pg, s_stmts[i].name, s_stmts[i].sql, s_stmts[i].nparams, NULL);
		int ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
		if (!ok)
			log_warnx("%s: prepare %s: %s", __func__, s_stmts[i].name, PQerrorMessage(pg));
		PQclear(r);
		if (!ok)
			return -LK_EUNAVAIL;
	}
	return records_prepare(pg);
}

/* What this thread's statements since db_attempt_begin tell about a retry (see db_attempt_retryable). */
static _Thread_local int s_broke;  /* a statement failed because the connection was lost */
static _Thread_local int s_stored; /* something may have been committed: a COMMIT was sent, or a write autocommitted */

int db_conn_error(PGconn *pg, const PGresult *res)
{
	const char *state;
	if (res == NULL || PQstatus(pg) != CONNECTION_OK)
		return 1;
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	/* No SQLSTATE on a failed result means libpq made it up: the server went away. */
	if (state == NULL)
		return PQresultStatus(res) == PGRES_FATAL_ERROR;
	return !strncmp(state, "08", 2) || !strcmp(state, "57P01") || !strcmp(state, "57P02") ||
	       !strcmp(state, "57P03");
}

static PGresult *s_track(PGconn *pg, PGresult *res, int commit)
{
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (commit)
		s_stored = 1;
	if (st == PGRES_FATAL_ERROR || st == PGRES_BAD_RESPONSE) {
		if (db_conn_error(pg, res))
			s_broke = 1;
	} else if (PQtransactionStatus(pg) == PQTRANS_IDLE && strncmp(PQcmdStatus(res), "SELECT", 6) &&
	           strcmp(PQcmdStatus(res), "ROLLBACK") && strncmp(PQcmdStatus(res), "SET", 3)) {
		/* A statement outside a transaction block committed on its own. */
		s_stored = 1;
	}
	return res;
}

void db_attempt_begin(void)
{
	s_broke = s_stored = 0;
}

int db_attempt_retryable(PGconn *pg)
{
	return (s_broke || PQstatus(pg) != CONNECTION_OK) && !s_stored;
}

/* Work deferred until the next statement of this thread (see db_defer). */
static _Thread_local db_deferred_fn s_deferred;
static _Thread_local void *s_deferred_arg;

void db_defer(db_deferred_fn fn, void *arg)
{
	s_deferred = fn;
	s_deferred_arg = arg;
}

/* Run the deferred work once; NULL, or its failed result. */
static PGresult *s_run_deferred(PGconn *pg)
{
	db_deferred_fn fn = s_deferred;
	if (fn == NULL)
		return NULL;
	s_deferred = NULL;
	return fn(pg, s_deferred_arg);
}

PGresult *db_exec(PGconn *pg, const char *stmt, int nparams, const char *const *params)
{
	PGresult *bad = s_run_deferred(pg);
	if (bad != NULL)
		return bad;
	const char *sql = s_each_sql(stmt);
	if (sql != NULL)
		return s_track(pg, PQexecParams(pg, sql, nparams, NULL, params, NULL, NULL, 0), 0);
	return s_track(pg, PQexecPrepared(pg, stmt, nparams, params, NULL, NULL, 0), 0);
}

PGresult *db_exec_bin(PGconn *pg, const char *stmt, int nparams, const char *const *params, const int *lengths,
                      const int *formats, int binary_result)
{
	PGresult *bad = s_run_deferred(pg);
	if (bad != NULL)
		return bad;
	const char *sql = s_each_sql(stmt);
	if (sql != NULL)
		return s_track(pg, PQexecParams(pg, sql, nparams, NULL, params, lengths, formats, binary_result), 0);
	return s_track(pg, PQexecPrepared(pg, stmt, nparams, params, lengths, formats, binary_result), 0);
}

int db_command(PGconn *pg, const char *sql)
{
	/* A rollback drops deferred writes; anything else runs them first. */
	if (!strncmp(sql, "ROLLBACK", 8)) {
		s_deferred = NULL;
	} else {
		PGresult *bad = s_run_deferred(pg);
		if (bad != NULL) {
			PQclear(bad);
			return -LK_EUNAVAIL;
		}
	}
	/* A COMMIT whose answer is lost may or may not have happened: never run that request again. */
	PGresult *r = s_track(pg, PQexec(pg, sql), !strncmp(sql, "COMMIT", 6) || !strncmp(sql, "END", 3));
	int ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	return ok ? 0 : -LK_EUNAVAIL;
}

static _Thread_local char s_ref[16];

const char *db_error_ref(void)
{
	return s_ref[0] ? s_ref : "none";
}

void db_error_ref_clear(void)
{
	s_ref[0] = '\0';
}

int db_error(PGconn *pg, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *text = res ? PQresultErrorMessage(res) : "";
	uint8_t rnd[4];
	/* PostgreSQL's text stays in the log: clients get the reference only. */
	randombytes_buf(rnd, sizeof rnd);
	lk_hex_encode(s_ref, rnd, sizeof rnd);
	if (state && (!strncmp(state, "22", 2) || !strncmp(state, "23", 2)))
		log_info("database refusal ref=%s sqlstate=%s: %s", s_ref, state, text);
	else
		log_warnx("database error ref=%s sqlstate=%s: %s", s_ref, state ? state : "-",
		          text && *text ? text : PQerrorMessage(pg));
	if (PQstatus(pg) != CONNECTION_OK || state == NULL)
		return -LK_EUNAVAIL;
	if (!strcmp(state, "23505"))
		return -LK_EEXIST;
	if (!strncmp(state, "23", 2) || !strncmp(state, "22", 2))
		return -LK_EINVAL;
	if (db_conn_error(pg, res))
		return -LK_EUNAVAIL;
	if (!strcmp(state, "40001") || !strcmp(state, "40P01"))
		return -LK_ECONFLICT;
	return -LK_EINTERNAL;
}

static void s_device_row(const PGresult *r, int row, struct lk_device *d)
{
	memset(d, 0, sizeof *d);
	if (lk_hex_decode(d->pk, LK_CURVE_KEYLEN, PQgetvalue(r, row, 0)) != 0)
		memset(d->pk, 0, sizeof d->pk);
	lk_strlcpy(d->id, PQgetvalue(r, row, 1), sizeof d->id);
	d->role = lk_role_parse(PQgetvalue(r, row, 2));
	lk_strlcpy(d->kabupaten, PQgetvalue(r, row, 3), sizeof d->kabupaten);
	lk_strlcpy(d->kecamatan, PQgetvalue(r, row, 4), sizeof d->kecamatan);
	lk_strlcpy(d->puskesmas, PQgetvalue(r, row, 5), sizeof d->puskesmas);
	lk_strlcpy(d->scope_code, PQgetvalue(r, row, 6), sizeof d->scope_code);
	lk_strlcpy(d->name, PQgetvalue(r, row, 7), sizeof d->name);
	d->revoked = strcmp(PQgetvalue(r, row, 8), "active") != 0;
	d->enrolled_ms = strtoll(PQgetvalue(r, row, 9), NULL, 10);
}

int db_load_devices(PGconn *pg, struct lk_device **devs, size_t *n)
{
	PGresult *r = PQexec(pg, "SELECT " DEVICE_COLUMNS " FROM device");
	if (r == NULL || PQresultStatus(r) != PGRES_TUPLES_OK) {
		int rc = db_error(pg, r);
		PQclear(r);
		return rc;
	}
	int rows = PQntuples(r);
	struct lk_device *out = calloc(rows ? (size_t)rows : 1, sizeof *out);
	if (out == NULL) {
		PQclear(r);
		return -LK_ENOMEM;
	}
	for (int i = 0; i < rows; i++)
		s_device_row(r, i, &out[i]);
	PQclear(r);
	*devs = out;
	*n = (size_t)rows;
	return 0;
}

int db_load_device(PGconn *pg, const uint8_t pk[LK_CURVE_KEYLEN], struct lk_device *out)
{
	char hex[LK_HEX_KEYLEN];
	const char *params[1] = {lk_hex_encode(hex, pk, LK_CURVE_KEYLEN)};
	PGresult *r = PQexecParams(pg, "SELECT " DEVICE_COLUMNS " FROM device WHERE curve_pk = decode($1, 'hex')",
	                           1, NULL, params, NULL, NULL, 0);
	int rc;
	if (r == NULL || PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = db_error(pg, r);
	else if (PQntuples(r) == 0)
		rc = -LK_ENOTFOUND;
	else {
		s_device_row(r, 0, out);
		rc = 0;
	}
	PQclear(r);
	return rc;
}

/* ---------------------------------------------------------------- migrations */

/* Embedded files are named "NNNN_name.sql"; the number is the schema version. */
static int s_version_of(const char *name)
{
	return atoi(name);
}

int db_schema_expected(void)
{
	int v = 0;
	for (size_t i = 0; i < lk_embedded_sql_count; i++)
		if (s_version_of(lk_embedded_sql[i].name) > v)
			v = s_version_of(lk_embedded_sql[i].name);
	return v;
}

int db_schema_current(PGconn *pg)
{
	PGresult *r = PQexec(pg, "SELECT to_regclass('lokmin_schema_version') IS NOT NULL");
	int v = -LK_EUNAVAIL;
	if (r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
		if (strcmp(PQgetvalue(r, 0, 0), "t") != 0) {
			v = 0;
		} else {
			PQclear(r);
			r = PQexec(pg, "SELECT coalesce(max(version), 0) FROM lokmin_schema_version");
			if (r && PQresultStatus(r) == PGRES_TUPLES_OK)
				v = atoi(PQgetvalue(r, 0, 0));
		}
	}
	PQclear(r);
	return v;
}

int db_schema_check(PGconn *pg, char *err, size_t errlen)
{
	int cur = db_schema_current(pg), want = db_schema_expected();
	if (cur < 0) {
		snprintf(err, errlen, "cannot read the schema version: %s", PQerrorMessage(pg));
		return cur;
	}
	if (cur == want)
		return 0;
	if (cur < want)
		snprintf(err, errlen,
		         "database schema is version %d but this lokmind needs version %d; "
		         "run `lokmind migrate` first",
		         cur, want);
	else
		snprintf(err, errlen,
		         "database schema is version %d, newer than this lokmind (version %d); "
		         "upgrade lokmind before serving this database",
		         cur, want);
	return -LK_ESCHEMA;
}

static int s_exec_ok(PGconn *pg, const char *sql, char *err, size_t errlen)
{
	PGresult *r = PQexec(pg, sql);
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
	if (!ok)
		snprintf(err, errlen, "%s", PQerrorMessage(pg));
	PQclear(r);
	return ok ? 0 : -LK_EUNAVAIL;
}

int db_migrate(PGconn *pg, int *from, int *to, char *err, size_t errlen)
{
	int rc, cur;

	/* One migrator at a time, across every lokmind sharing the database. */
	if ((rc = s_exec_ok(pg, "SELECT pg_advisory_lock(7400001)", err, errlen)) != 0)
		return rc;
	rc = s_exec_ok(pg,
	               "CREATE TABLE IF NOT EXISTS lokmin_schema_version ("
	               " version integer PRIMARY KEY, name text NOT NULL,"
	               " applied_at timestamptz NOT NULL DEFAULT now())",
	               err, errlen);
	if (rc != 0)
		goto done;
	cur = db_schema_current(pg);
	if (cur < 0) {
		rc = cur;
		snprintf(err, errlen, "cannot read the schema version");
		goto done;
	}
	*from = *to = cur;
	if (cur > db_schema_expected()) {
		snprintf(err, errlen, "database schema is version %d, newer than this lokmind (%d)", cur,
		         db_schema_expected());
		rc = -LK_ESCHEMA;
		goto done;
	}
	/* Embedded files are sorted by name, hence by version. */
	for (size_t i = 0; i < lk_embedded_sql_count; i++) {
		const struct lk_embedded *m = &lk_embedded_sql[i];
		int v = s_version_of(m->name);
		char vtext[16];
		if (v <= cur)
			continue;
		if ((rc = s_exec_ok(pg, "BEGIN", err, errlen)) != 0)
			goto done;
		if ((rc = s_exec_ok(pg, m->text, err, errlen)) != 0) {
			char sub[512];
			snprintf(sub, sizeof sub, "%s", err);
			snprintf(err, errlen, "migration %s failed: %s", m->name, sub);
			PQclear(PQexec(pg, "ROLLBACK"));
			rc = -LK_ESCHEMA;
			goto done;
		}
		snprintf(vtext, sizeof vtext, "%d", v);
		const char *params[2] = {vtext, m->name};
		PGresult *r = PQexecParams(pg, "INSERT INTO lokmin_schema_version (version, name) VALUES ($1, $2)",
		                           2, NULL, params, NULL, NULL, 0);
		rc = (r && PQresultStatus(r) == PGRES_COMMAND_OK) ? 0 : -LK_EUNAVAIL;
		if (rc != 0)
			snprintf(err, errlen, "%s", PQerrorMessage(pg));
		PQclear(r);
		if (rc != 0 || (rc = s_exec_ok(pg, "COMMIT", err, errlen)) != 0) {
			PQclear(PQexec(pg, "ROLLBACK"));
			goto done;
		}
		*to = v;
	}
	rc = 0;
done:
	PQclear(PQexec(pg, "SELECT pg_advisory_unlock(7400001)"));
	return rc;
}
