/* store: the client's offline store: one SQLite table per synced entity, the outbox of ops and sync state. */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "lk_error.h"
#include "lk_hlc.h"
#include "lk_i18n.h"
#include "lk_json.h"
#include "lk_strict.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "store_priv.h"

/* sync_state keys owned by the store itself. */
#define KEY_HLC "hlc"
#define KEY_CURSOR "cursor"
#define KEY_SNAP_HEAD "snapshot_head"
#define KEY_SNAP_ENTITY "snapshot_entity"
#define KEY_SNAP_AFTER "snapshot_after"

/* ---------------------------------------------------------------- migrations */

/*
 * The store's own tables, numbered; each runs once, in a transaction, and is
 * recorded in store_version. Entity tables are not here: they are reconciled
 * from the entity table on every open, so a new entity or field needs no
 * migration. Never edit a released migration; add the next number.
 */
static const struct {
	int version;
	const char *sql;
} s_migrations[] = {
	{1, "CREATE TABLE outbox ("
	    "  seq INTEGER PRIMARY KEY AUTOINCREMENT," /* creation order, never reused */
	    "  op_id TEXT NOT NULL UNIQUE,"
	    "  entity TEXT NOT NULL,"
	    "  record_id TEXT NOT NULL,"
	    "  base_rev INTEGER NOT NULL,"
	    "  hlc INTEGER NOT NULL,"
	    "  fields TEXT NOT NULL," /* comma separated */
	    "  record BLOB NOT NULL,"
	    "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent')),"
	    "  attempts INTEGER NOT NULL DEFAULT 0,"
	    "  created_ms INTEGER NOT NULL,"
	    "  sent_ms INTEGER);"
	    "CREATE INDEX outbox_record ON outbox (entity, record_id, seq);"
	    "CREATE INDEX outbox_state ON outbox (state, seq);"
	    "CREATE TABLE failed_op ("
	    "  op_id TEXT PRIMARY KEY,"
	    "  entity TEXT NOT NULL,"
	    "  record_id TEXT NOT NULL,"
	    "  base_rev INTEGER NOT NULL,"
	    "  hlc INTEGER NOT NULL,"
	    "  fields TEXT NOT NULL,"
	    "  record BLOB NOT NULL,"
	    "  code INTEGER NOT NULL,"
	    "  error_name TEXT NOT NULL,"
	    "  message TEXT NOT NULL,"
	    "  created_ms INTEGER NOT NULL,"
	    "  failed_ms INTEGER NOT NULL);"
	    "CREATE INDEX failed_op_time ON failed_op (failed_ms);"
	    "CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	    /* Pulled changes of entities this lokmin does not know, kept for the upgrade that does. */
	    "CREATE TABLE parked_change ("
	    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	    "  seq INTEGER NOT NULL,"
	    "  entity TEXT NOT NULL,"
	    "  record BLOB NOT NULL);"},
	/* The indicator catalogue, as the server last sent it (replaced whole). */
	{2, "CREATE TABLE indicator ("
	    "  code TEXT PRIMARY KEY,"
	    "  programme_code TEXT NOT NULL,"
	    "  programme_name TEXT NOT NULL,"
	    "  name TEXT NOT NULL,"
	    "  unit TEXT NOT NULL,"
	    "  numerator TEXT NOT NULL,"
	    "  denominator TEXT NOT NULL,"
	    "  ilp_cluster INTEGER NOT NULL,"
	    "  default_annual_target REAL NOT NULL);"},
	/* How an indicator's months add up; the digest is forgotten so the next sync refetches. */
	{3, "ALTER TABLE indicator ADD COLUMN accrual TEXT NOT NULL DEFAULT 'cumulative';"
	    "DELETE FROM sync_state WHERE key = 'catalogue_digest';"},
	/* Pulled records this device could not apply, held back so the pull moves on (store_quarantine.c). */
	{4, "CREATE TABLE quarantine ("
	    "  entity TEXT NOT NULL,"
	    "  record_id TEXT NOT NULL," /* '#<seq>' when the record does not even decode */
	    "  seq INTEGER NOT NULL,"
	    "  rev INTEGER NOT NULL,"
	    "  reason TEXT NOT NULL,"
	    "  record BLOB NOT NULL,"
	    "  quarantined_ms INTEGER NOT NULL,"
	    "  PRIMARY KEY (entity, record_id));"},
	/* The person who made each change (rows queued before keep '' = not known),
	 * and who made each record's last change (store_actor.c). */
	{5, "ALTER TABLE outbox ADD COLUMN actor TEXT NOT NULL DEFAULT '';"
	    "CREATE TABLE record_actor ("
	    "  entity TEXT NOT NULL,"
	    "  record_id TEXT NOT NULL,"
	    "  actor TEXT NOT NULL,"
	    "  PRIMARY KEY (entity, record_id));"},
	/* The web app's accounts (account.c): device-local, never synced, never in an export. */
	{6, "CREATE TABLE account ("
	    "  login TEXT PRIMARY KEY,"
	    "  person_id TEXT NOT NULL,"
	    "  pwhash TEXT NOT NULL," /* Argon2id, libsodium's crypto_pwhash_str form */
	    "  lang TEXT NOT NULL DEFAULT 'id',"
	    "  created_ms INTEGER NOT NULL);"},
	/* Signatures found valid, by the hash of key, signature and message (store_sigs.c). */
	{7, "CREATE TABLE sig_valid (h BLOB PRIMARY KEY) WITHOUT ROWID;"},
};

/* ---------------------------------------------------------------- statements */

enum {
	ST_META_GET,
	ST_META_SET,
	ST_META_DEL,
	ST_OP_NEWEST,
	ST_OP_COALESCE,
	ST_OP_INSERT,
	ST_OP_FIELDS,
	ST_OP_TAKE,
	ST_OP_MARK,
	ST_OP_FIND,
	ST_OP_DELETE,
	ST_FAILED_PUT,
	ST_REQUEUE,
	ST_COUNT_OPS,
	ST_COUNT_FAILED,
	ST_PARK,
	ST_MAX
};

static const char *const s_sql[ST_MAX] = {
	[ST_META_GET] = "SELECT value FROM sync_state WHERE key = ?1",
	/* A value set again unchanged writes nothing (a retried sync failing the same way leaves the store as it was). */
	[ST_META_SET] = "INSERT INTO sync_state (key, value) VALUES (?1, ?2) "
	                "ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value",
	[ST_META_DEL] = "DELETE FROM sync_state WHERE key = ?1",
	[ST_OP_NEWEST] = "SELECT seq, state, attempts, base_rev, fields, actor FROM outbox "
	                 "WHERE entity = ?1 AND record_id = ?2 ORDER BY seq DESC LIMIT 1",
	[ST_OP_COALESCE] = "UPDATE outbox SET fields = ?1, hlc = ?2, record = ?3 WHERE seq = ?4",
	[ST_OP_INSERT] = "INSERT INTO outbox (op_id, entity, record_id, base_rev, hlc, fields, record, created_ms, "
	                 "actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[ST_OP_FIELDS] = "SELECT fields FROM outbox WHERE entity = ?1 AND record_id = ?2",
	/* The oldest op of each record that has nothing on the wire, oldest first. */
	[ST_OP_TAKE] = "SELECT o.seq, o.op_id, o.entity, o.record_id, o.base_rev, o.hlc, o.fields, o.record, "
	               "o.attempts, o.actor FROM outbox o WHERE o.state = 'pending' AND NOT EXISTS ("
	               "SELECT 1 FROM outbox x WHERE x.entity = o.entity AND x.record_id = o.record_id "
	               "AND x.seq <> o.seq AND (x.state = 'sent' OR x.seq < o.seq)) ORDER BY o.seq LIMIT ?1",
	[ST_OP_MARK] = "UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_ms = ?2 WHERE seq = ?1",
	[ST_OP_FIND] = "SELECT seq, entity, record_id, base_rev, hlc, fields, record, created_ms FROM outbox "
	               "WHERE op_id = ?1",
	[ST_OP_DELETE] = "DELETE FROM outbox WHERE seq = ?1",
	[ST_FAILED_PUT] = "INSERT OR REPLACE INTO failed_op (op_id, entity, record_id, base_rev, hlc, fields, record, "
	                  "code, error_name, message, created_ms, failed_ms) "
	                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[ST_REQUEUE] = "UPDATE outbox SET state = 'pending' WHERE state = 'sent'",
	[ST_COUNT_OPS] = "SELECT state, count(*) FROM outbox GROUP BY state",
	[ST_COUNT_FAILED] = "SELECT count(*) FROM failed_op",
	[ST_PARK] = "INSERT INTO parked_change (seq, entity, record) VALUES (?1, ?2, ?3)",
};

/* Per-entity statements, built from the entity table. */
struct s_ent {
	sqlite3_stmt *get;
	sqlite3_stmt *put;
	const ProtobufCFieldDescriptor **fd; /* per column, the record's field behind it */
};

struct lk_store {
	sqlite3 *db;
	lk_hlc clock;
	sqlite3_stmt *st[ST_MAX];
	struct s_ent *ent; /* one per lk_entities[] */
	char snap_after[LK_UUID_STRLEN + 64];
	char actor[LK_UUID_STRLEN]; /* the person at the keyboard (lk_store_set_actor), "" = not known */
	char errmsg[512];
	int sqlrc;                   /* primary SQLite code of the last failure, 0 when none */
	struct lk_store_group group; /* lk_store_begin .. lk_store_commit */
	uint64_t serial;             /* lk_store_serial */
	struct {
		const char *sql; /* a string constant of store_actor.c or store_quarantine.c */
		sqlite3_stmt *st;
	} kept[16];          /* lk_store__prepared */
	struct {
		char *sql; /* its text: a query may be built, so a pointer names none */
		sqlite3_stmt *st;
	} queries[32];        /* lk_store_query's statements, the oldest replaced first */
	size_t next_query;
	struct lk_store_sigs *sigs; /* store_sigs.c */
	int writing;                /* a write transaction of s_begin is open */
};

/* ---------------------------------------------------------------- helpers */

static void s_seterr(lk_store *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void s_seterr(lk_store *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
	va_end(ap);
}

/* Map an SQLite result to our codes, keeping SQLite's words in the store. */
static int s_sqlfail(lk_store *s, int src, const char *what)
{
	s_seterr(s, "%s: %s", what, sqlite3_errmsg(s->db));
	s->sqlrc = src & 0xff;
	switch (src & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return -LK_EBUSY;
	case SQLITE_NOMEM:
		return -LK_ENOMEM;
	default:
		return -LK_EIO;
	}
}

static int s_exec(lk_store *s, const char *sql)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : s_sqlfail(s, rc, sql);
}

/* Every write is IMMEDIATE: it takes the write lock at once (waiting up to the
 * busy timeout) rather than failing half-way when another process writes. */
static int s_begin(lk_store *s)
{
	/* Inside a group (lk_store_begin) the write is a savepoint of the group's
	 * transaction: it commits with the group or not at all. */
	if (s->group.depth)
		return s_exec(s, "SAVEPOINT lk_one");
	int rc = s_exec(s, "BEGIN IMMEDIATE");
	s->writing = rc == 0;
	return rc;
}

/* A read transaction: one consistent moment, or a savepoint inside a group. */
static int s_begin_read(lk_store *s)
{
	return s_exec(s, s->group.depth ? "SAVEPOINT lk_one" : "BEGIN");
}

/* Commit when rc is 0, else roll back; returns rc or the commit's failure. */
static int s_end(lk_store *s, int rc)
{
	if (s->group.depth) {
		if (rc == 0 && (rc = s_exec(s, "RELEASE lk_one")) == 0)
			return 0;
		sqlite3_exec(s->db, "ROLLBACK TO lk_one; RELEASE lk_one", NULL, NULL, NULL);
		return rc;
	}
	if (rc == 0 && s->writing)
		lk_store__sigs_write(s); /* the valid signatures noted so far go with this write */
	s->writing = 0;
	if (rc == 0 && (rc = s_exec(s, "COMMIT")) == 0)
		return 0;
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

struct lk_store_group *lk_store__group(lk_store *s)
{
	return &s->group;
}

int lk_store__exec(lk_store *s, const char *sql)
{
	return s_exec(s, sql);
}

void lk_store__abort(lk_store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->group.depth = 0;
}

int lk_store__begin(lk_store *s)
{
	return s_begin(s);
}

int lk_store__end(lk_store *s, int rc)
{
	return s_end(s, rc);
}

struct lk_store_sigs **lk_store__sigs(lk_store *s)
{
	return &s->sigs;
}

sqlite3 *lk_store__db(lk_store *s)
{
	return s->db;
}

int lk_store__fail(lk_store *s, int src, const char *what)
{
	return s_sqlfail(s, src, what);
}

sqlite3_stmt *lk_store__prepared(lk_store *s, const char *sql)
{
	size_t i;
	for (i = 0; i < LK_ARRAY_LEN(s->kept) && s->kept[i].sql != NULL; i++)
		if (s->kept[i].sql == sql)
			return s->kept[i].st; /* reset and unbound by lk_store__unprepared */
	sqlite3_stmt *st = NULL;
	int persistent = i < LK_ARRAY_LEN(s->kept);
	int rc = sqlite3_prepare_v3(s->db, sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0, &st, NULL);
	if (rc != SQLITE_OK) {
		s_sqlfail(s, rc, "prepare");
		return NULL;
	}
	if (persistent) {
		s->kept[i].sql = sql;
		s->kept[i].st = st;
	}
	return st;
}

void lk_store__unprepared(lk_store *s, sqlite3_stmt *st)
{
	for (size_t i = 0; i < LK_ARRAY_LEN(s->kept) && s->kept[i].sql != NULL; i++)
		if (s->kept[i].st == st) {
			/* A statement left on a row would hold its read transaction open. */
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return;
		}
	sqlite3_finalize(st);
}

/* The cached statement `which`, reset and unbound, or NULL (errmsg set). */
static sqlite3_stmt *s_stmt(lk_store *s, int which)
{
	if (s->st[which] == NULL) {
		int rc = sqlite3_prepare_v3(s->db, s_sql[which], -1, SQLITE_PREPARE_PERSISTENT, &s->st[which], NULL);
		if (rc != SQLITE_OK) {
			s_sqlfail(s, rc, "prepare");
			return NULL;
		}
	}
	sqlite3_reset(s->st[which]);
	sqlite3_clear_bindings(s->st[which]);
	return s->st[which];
}

/* Step a statement that returns no rows (or whose rows are not wanted). */
static int s_done(lk_store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : s_sqlfail(s, rc, what);
}

static char *s_strdup_col(sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	return strdup(t ? t : "");
}

/* A SQL identifier, quoted; names come from the entity table, quoting keeps
 * keywords (e.g. a field called "order") usable as columns. */
static void s_ident(FILE *f, const char *name)
{
	fputc('"', f);
	for (; *name; name++) {
		if (*name == '"')
			fputc('"', f);
		fputc(*name, f);
	}
	fputc('"', f);
}

/* ---------------------------------------------------------------- columns */

static const char *const s_header[] = {"id", "rev", "hlc", "deleted", "kabupaten", "kecamatan", "puskesmas"};
#define NHEADER ((int)LK_ARRAY_LEN(s_header))

/* How a column is bound and read. hlc is unsigned 64-bit: stored as its two's
 * complement int64 so values past INT64_MAX survive unchanged. */
enum s_ctype { C_TEXT, C_INT, C_U64, C_REAL };

static int s_ncols(const struct lk_entity *e)
{
	return NHEADER + (int)e->nfields;
}

static const char *s_col_field(const struct lk_entity *e, int i)
{
	return i < NHEADER ? s_header[i] : e->fields[i - NHEADER].name;
}

static enum s_ctype s_col_type(const struct lk_entity *e, int i)
{
	static const enum s_ctype hk[] = {C_TEXT, C_INT, C_U64, C_INT, C_TEXT, C_TEXT, C_TEXT};
	if (i < NHEADER)
		return hk[i];
	switch (e->fields[i - NHEADER].kind) {
	case LK_F_INT:
	case LK_F_BOOL:
		return C_INT;
	case LK_F_REAL:
		return C_REAL;
	default:
		return C_TEXT;
	}
}

static const char *s_col_decl(enum s_ctype t)
{
	switch (t) {
	case C_INT:
	case C_U64:
		return "INTEGER NOT NULL DEFAULT 0";
	case C_REAL:
		return "REAL NOT NULL DEFAULT 0";
	default:
		return "TEXT NOT NULL DEFAULT ''";
	}
}

static void s_col_list(FILE *f, const struct lk_entity *e)
{
	for (int i = 0; i < s_ncols(e); i++) {
		if (i)
			fputc(',', f);
		s_ident(f, lk_column_name(s_col_field(e, i)));
	}
}

/* Index of e in lk_entities[] (the per-entity statement slot). */
static size_t s_eidx(const struct lk_entity *e)
{
	if (e >= lk_entities && e < lk_entities + lk_entities_count)
		return (size_t)(e - lk_entities);
	const struct lk_entity *t = lk_entity_find(e->name);
	assert(t != NULL && "entity not in lk_entities[]");
	return (size_t)(t - lk_entities);
}

/* Prepare SQL built into a memstream (identifiers only, values are parameters). */
static sqlite3_stmt *s_prepare_built(lk_store *s, char *sql, size_t len, unsigned flags)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(s->db, sql, (int)len, flags, &st, NULL);
	if (rc != SQLITE_OK)
		s_sqlfail(s, rc, "prepare");
	free(sql);
	return rc == SQLITE_OK ? st : NULL;
}

static sqlite3_stmt *s_select_stmt(lk_store *s, const struct lk_entity *e, const char *tail, unsigned flags)
{
	char *sql = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&sql, &len);
	if (f == NULL)
		return NULL;
	fputs("SELECT ", f);
	s_col_list(f, e);
	fputs(" FROM ", f);
	s_ident(f, e->table);
	fputs(tail, f);
	fclose(f);
	return s_prepare_built(s, sql, len, flags);
}

static sqlite3_stmt *s_put_stmt(lk_store *s, const struct lk_entity *e)
{
	char *sql = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&sql, &len);
	if (f == NULL)
		return NULL;
	fputs("INSERT INTO ", f);
	s_ident(f, e->table);
	fputs(" (", f);
	s_col_list(f, e);
	fputs(") VALUES (", f);
	for (int i = 0; i < s_ncols(e); i++)
		fprintf(f, "%s?%d", i ? "," : "", i + 1);
	fputs(") ON CONFLICT (\"id\") DO UPDATE SET ", f);
	for (int i = 1; i < s_ncols(e); i++) {
		const char *c = lk_column_name(s_col_field(e, i));
		if (i > 1)
			fputc(',', f);
		s_ident(f, c);
		fputs("=excluded.", f);
		s_ident(f, c);
	}
	fclose(f);
	return s_prepare_built(s, sql, len, SQLITE_PREPARE_PERSISTENT);
}

/* Bind field `field` of m, as lk_record_get gives it, to parameter idx, through its text. */
static int s_bind_text_form(sqlite3_stmt *st, int idx, const ProtobufCMessage *m, const char *field, enum s_ctype t)
{
	char *v = lk_record_get(m, field);
	int rc;
	if (v == NULL)
		return -LK_EINVAL;
	switch (t) {
	case C_INT:
		rc = sqlite3_bind_int64(st, idx, strtoll(v, NULL, 10));
		break;
	case C_U64:
		rc = sqlite3_bind_int64(st, idx, (sqlite3_int64)strtoull(v, NULL, 10));
		break;
	case C_REAL:
		rc = sqlite3_bind_double(st, idx, strtod(v, NULL));
		break;
	default:
		rc = sqlite3_bind_text(st, idx, v, -1, SQLITE_TRANSIENT);
	}
	free(v);
	return rc == SQLITE_OK ? 0 : -LK_ENOMEM;
}

/* Set field of m from column col of the current row. */
static int s_set_field(ProtobufCMessage *m, const char *field, sqlite3_stmt *st, int col, enum s_ctype t)
{
	char buf[40];
	const char *v = buf;
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return 0;
	switch (t) {
	case C_INT:
		snprintf(buf, sizeof buf, "%lld", (long long)sqlite3_column_int64(st, col));
		break;
	case C_U64:
		snprintf(buf, sizeof buf, "%" PRIu64, (uint64_t)sqlite3_column_int64(st, col));
		break;
	case C_REAL:
		/* Read the double itself: SQLite's own text form keeps only 15 digits. */
		snprintf(buf, sizeof buf, "%.17g", sqlite3_column_double(st, col));
		break;
	default:
		v = (const char *)sqlite3_column_text(st, col);
	}
	return lk_record_set(m, field, v);
}

/* The record in the current row of st (columns in s_col_list order), or NULL. */
static ProtobufCMessage *s_row_record(lk_store *s, const struct lk_entity *e, sqlite3_stmt *st)
{
	ProtobufCMessage *m = lk_record_new(e);
	if (m == NULL)
		return NULL;
	for (int i = 0; i < s_ncols(e); i++)
		if (s_set_field(m, s_col_field(e, i), st, i, s_col_type(e, i)) != 0) {
			s_seterr(s, "%s.%s of a stored row cannot be read", e->name, s_col_field(e, i));
			lk_record_free(m);
			return NULL;
		}
	return m;
}

/* ---------------------------------------------------------------- rows */

/* The stored row of e with this id into *out (caller frees); 0, -LK_ENOTFOUND or negative. */
static int s_row_read(lk_store *s, const struct lk_entity *e, const char *id, ProtobufCMessage **out)
{
	struct s_ent *se = &s->ent[s_eidx(e)];
	int rc;

	*out = NULL;
	sqlite3_reset(se->get);
	if (sqlite3_bind_text(se->get, 1, id, -1, SQLITE_TRANSIENT) != SQLITE_OK)
		return -LK_ENOMEM;
	rc = sqlite3_step(se->get);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(se->get);
		return -LK_ENOTFOUND;
	}
	if (rc != SQLITE_ROW) {
		rc = s_sqlfail(s, rc, "read row");
		sqlite3_reset(se->get);
		return rc;
	}
	*out = s_row_record(s, e, se->get);
	sqlite3_reset(se->get);
	return *out ? 0 : -LK_EIO;
}

/* Bind column `field` of m (its descriptor fd, or NULL) to parameter idx: the
 * value as lk_record_get's text gives it, read straight from the record where
 * the column takes it as it is, and through the text otherwise. */
static int s_bind_field(sqlite3_stmt *st, int idx, const ProtobufCMessage *m, const ProtobufCFieldDescriptor *fd,
                        const char *field, enum s_ctype t)
{
	const char *p = fd ? (const char *)m + fd->offset : NULL;
	int rc;
	if (fd == NULL || fd->label == PROTOBUF_C_LABEL_REPEATED)
		return s_bind_text_form(st, idx, m, field, t);
	if (fd->type == PROTOBUF_C_TYPE_STRING && t == C_TEXT) {
		/* The record outlives the step this binding is for; every step binds anew. */
		const char *v = *(char *const *)p;
		rc = sqlite3_bind_text(st, idx, v ? v : "", -1, SQLITE_STATIC);
	} else if (fd->type == PROTOBUF_C_TYPE_INT32 && t == C_INT) {
		rc = sqlite3_bind_int64(st, idx, *(const int32_t *)p);
	} else if (fd->type == PROTOBUF_C_TYPE_INT64 && t == C_INT) {
		rc = sqlite3_bind_int64(st, idx, *(const int64_t *)p);
	} else if (fd->type == PROTOBUF_C_TYPE_UINT64 && t == C_U64) {
		rc = sqlite3_bind_int64(st, idx, (sqlite3_int64) * (const uint64_t *)p);
	} else if (fd->type == PROTOBUF_C_TYPE_BOOL && t == C_INT) {
		rc = sqlite3_bind_int64(st, idx, *(const protobuf_c_boolean *)p ? 1 : 0);
	} else if (fd->type == PROTOBUF_C_TYPE_DOUBLE && t == C_REAL) {
		rc = sqlite3_bind_double(st, idx, *(const double *)p);
	} else {
		return s_bind_text_form(st, idx, m, field, t);
	}
	return rc == SQLITE_OK ? 0 : -LK_ENOMEM;
}

/* Insert or replace the whole row for m. */
static int s_row_write(lk_store *s, const struct lk_entity *e, const ProtobufCMessage *m)
{
	const struct s_ent *se = &s->ent[s_eidx(e)];
	sqlite3_stmt *st = se->put;
	int rc = 0;
	sqlite3_reset(st);
	for (int i = 0; i < s_ncols(e) && rc == 0; i++)
		rc = s_bind_field(st, i + 1, m, se->fd[i], s_col_field(e, i), s_col_type(e, i));
	if (rc != 0) {
		s_seterr(s, "%s %s: a field cannot be stored", e->name, lk_record_id(m));
		sqlite3_reset(st);
		return rc;
	}
	return s_done(s, st, "cannot store the record");
}

/* ---------------------------------------------------------------- metadata and clock */

static int s_meta_get(lk_store *s, const char *key, char **value)
{
	sqlite3_stmt *st = s_stmt(s, ST_META_GET);
	int rc;
	*value = NULL;
	if (st == NULL)
		return -LK_EIO;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*value = s_strdup_col(st, 0);
		rc = *value ? 0 : -LK_ENOMEM;
	} else if (rc == SQLITE_DONE) {
		rc = -LK_ENOTFOUND;
	} else {
		rc = s_sqlfail(s, rc, "read sync_state");
	}
	sqlite3_reset(st);
	return rc;
}

static int s_meta_set(lk_store *s, const char *key, const char *value)
{
	sqlite3_stmt *st = s_stmt(s, value ? ST_META_SET : ST_META_DEL);
	if (st == NULL)
		return -LK_EIO;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (value)
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	return s_done(s, st, "write sync_state");
}

static int s_meta_u64(lk_store *s, const char *key, uint64_t *out)
{
	char *v;
	int rc = s_meta_get(s, key, &v);
	*out = 0;
	if (rc == 0) {
		*out = strtoull(v, NULL, 10);
		free(v);
	}
	return rc == -LK_ENOTFOUND ? 0 : rc;
}

static int s_meta_set_u64(lk_store *s, const char *key, uint64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%" PRIu64, v);
	return s_meta_set(s, key, buf);
}

/* Bring the in-memory clock up to the persisted one. Called inside write
 * transactions, so another process's ticks are seen before ours. */
static int s_clock_load(lk_store *s)
{
	uint64_t persisted;
	int rc = s_meta_u64(s, KEY_HLC, &persisted);
	if (rc != 0)
		return rc;
	pthread_mutex_lock(&s->clock.lock);
	if (persisted > s->clock.last)
		s->clock.last = persisted;
	pthread_mutex_unlock(&s->clock.lock);
	return 0;
}

static int s_clock_save(lk_store *s)
{
	pthread_mutex_lock(&s->clock.lock);
	uint64_t last = s->clock.last;
	pthread_mutex_unlock(&s->clock.lock);
	return s_meta_set_u64(s, KEY_HLC, last);
}

/* ---------------------------------------------------------------- open and close */

static int s_unpark(lk_store *s);

static int s_migrate(lk_store *s)
{
	sqlite3_stmt *st = NULL;
	int rc, have = 0, newest = s_migrations[LK_ARRAY_LEN(s_migrations) - 1].version;

	if ((rc = s_exec(s, "CREATE TABLE IF NOT EXISTS store_version ("
	                    "version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL)")) != 0)
		return rc;
	for (size_t i = 0; i < LK_ARRAY_LEN(s_migrations); i++) {
		if ((rc = s_begin(s)) != 0)
			return rc;
		/* Checked inside the lock: another process may have just applied it. */
		rc = sqlite3_prepare_v2(s->db, "SELECT max(version), count(*) FROM store_version WHERE version >= ?1", -1,
		                        &st, NULL);
		if (rc != SQLITE_OK)
			return s_end(s, s_sqlfail(s, rc, "store_version"));
		sqlite3_bind_int(st, 1, s_migrations[i].version);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			rc = s_sqlfail(s, rc, "store_version");
			sqlite3_finalize(st);
			return s_end(s, rc);
		}
		int max = sqlite3_column_int(st, 0);
		have = sqlite3_column_int(st, 1) > 0;
		sqlite3_finalize(st);
		if (max > newest) {
			s_seterr(s, "store.db was written by a newer lokmin (store version %d; this one knows %d)", max,
			         newest);
			return s_end(s, -LK_ESCHEMA);
		}
		if (have) {
			s_end(s, -1); /* nothing to do: release the lock */
			continue;
		}
		if ((rc = s_exec(s, s_migrations[i].sql)) != 0)
			return s_end(s, rc);
		rc = sqlite3_prepare_v2(s->db, "INSERT INTO store_version (version, applied_ms) VALUES (?1, ?2)", -1,
		                        &st, NULL);
		if (rc != SQLITE_OK)
			return s_end(s, s_sqlfail(s, rc, "store_version"));
		sqlite3_bind_int(st, 1, s_migrations[i].version);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)lk_now_ms());
		rc = s_done(s, st, "store_version");
		sqlite3_finalize(st);
		if ((rc = s_end(s, rc)) != 0)
			return rc;
	}
	return 0;
}

/* Count the columns e needs that its table lacks; with apply, create the table
 * and add them. New columns get the kind's empty value in existing rows. */
static int s_reconcile_entity(lk_store *s, const struct lk_entity *e, int apply, int *missing)
{
	sqlite3_stmt *st = NULL;
	char *sql = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	if (apply) {
		if ((f = open_memstream(&sql, &len)) == NULL)
			return -LK_ENOMEM;
		fputs("CREATE TABLE IF NOT EXISTS ", f);
		s_ident(f, e->table);
		fputs(" (\"id\" TEXT PRIMARY KEY NOT NULL)", f);
		fclose(f);
		rc = s_exec(s, sql);
		free(sql);
		if (rc != 0)
			return rc;
	}
	/* The table's columns, read once (a lookup per column would read them all each time). */
	rc = sqlite3_prepare_v2(s->db, "SELECT name FROM pragma_table_info(?1)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return s_sqlfail(s, rc, "table_info");
	sqlite3_bind_text(st, 1, e->table, -1, SQLITE_STATIC);
	char *have = NULL;
	size_t hlen = 0;
	if ((f = open_memstream(&have, &hlen)) == NULL) {
		sqlite3_finalize(st);
		return -LK_ENOMEM;
	}
	fputc('\n', f);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fprintf(f, "%s\n", (const char *)sqlite3_column_text(st, 0));
	fclose(f);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(have);
		return s_sqlfail(s, rc, "table_info");
	}
	rc = 0;
	for (int i = 0; i < s_ncols(e); i++) {
		const char *col = lk_column_name(s_col_field(e, i));
		char line[80];
		snprintf(line, sizeof line, "\n%s\n", col);
		if (have && strstr(have, line))
			continue;
		++*missing;
		if (!apply)
			continue;
		if ((f = open_memstream(&sql, &len)) == NULL) {
			rc = -LK_ENOMEM;
			break;
		}
		fputs("ALTER TABLE ", f);
		s_ident(f, e->table);
		fputs(" ADD COLUMN ", f);
		s_ident(f, col);
		fprintf(f, " %s", s_col_decl(s_col_type(e, i)));
		fclose(f);
		rc = s_exec(s, sql);
		free(sql);
		if (rc != 0)
			break;
	}
	free(have);
	return rc;
}

/* Fields that reports and listings look records up by get an index. */
static const char *const s_indexed[] = {"meeting_id", "owner_id", "indicator_code"};

/* The records of one office (a puskesmas, or a kecamatan's own with puskesmas ''), as the district's pages
 * pick them out of the whole kabupaten, get an index too; it also walks the distinct offices of a table.
 * The kecamatan leads: on a puskesmas' device every row has its puskesmas, and an index led by it would
 * only be walked in vain by the queries that name it. */
static const char *const s_office_cols[] = {"kecamatan_code", "puskesmas_code"};

/* Whether index name exists; 1, 0 or negative. */
static int s_have_index(lk_store *s, const char *name)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?1", -1, &st, NULL) !=
	    SQLITE_OK)
		return s_sqlfail(s, sqlite3_errcode(s->db), "indexes");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int have = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return have;
}

/* Count index name of e over cols if e lacks it; with apply, create it. 0 or negative. */
static int s_reconcile_index(lk_store *s, const struct lk_entity *e, const char *name, const char *const *cols,
                             size_t ncols, int apply, int *missing)
{
	char *sql = NULL;
	size_t len = 0;
	int have = s_have_index(s, name);
	if (have != 0)
		return have < 0 ? have : 0;
	++*missing;
	if (!apply)
		return 0;
	FILE *f = open_memstream(&sql, &len);
	if (f == NULL)
		return -LK_ENOMEM;
	fputs("CREATE INDEX IF NOT EXISTS ", f);
	s_ident(f, name);
	fputs(" ON ", f);
	s_ident(f, e->table);
	fputc('(', f);
	for (size_t i = 0; i < ncols; i++) {
		if (i)
			fputs(", ", f);
		s_ident(f, cols[i]);
	}
	fputc(')', f);
	fclose(f);
	int rc = s_exec(s, sql);
	free(sql);
	return rc;
}

/* Count the indexes e lacks; with apply, create them. */
static int s_reconcile_indexes(lk_store *s, const struct lk_entity *e, int apply, int *missing)
{
	char name[128];
	int rc = 0;
	for (size_t k = 0; k < LK_ARRAY_LEN(s_indexed) && rc == 0; k++) {
		if (lk_entity_field(e, s_indexed[k]) == NULL)
			continue;
		snprintf(name, sizeof name, "%s_by_%s", e->table, s_indexed[k]);
		rc = s_reconcile_index(s, e, name, &s_indexed[k], 1, apply, missing);
	}
	if (rc == 0 && e->scope != LK_SCOPE_KABUPATEN) {
		snprintf(name, sizeof name, "%s_by_office", e->table);
		rc = s_reconcile_index(s, e, name, s_office_cols, LK_ARRAY_LEN(s_office_cols), apply, missing);
	}
	/* A meeting is named by its period ("2026-03@P3324010101"): every handle shown resolves one. */
	static const char *const period_cols[] = {"year", "period"};
	if (rc == 0 && !strcmp(e->name, "meeting"))
		rc = s_reconcile_index(s, e, "meeting_by_period", period_cols, LK_ARRAY_LEN(period_cols), apply, missing);
	/* A year's achievement, per puskesmas, indicator, month and desa, is what coverage and capaian read: in
	 * that order and from the index alone (the rows come sorted, and the wide rows are never read). */
	static const char *const year_cols[] = {"year",    "puskesmas_code", "indicator_code", "month",
	                                        "desa",    "deleted",        "numerator",      "denominator"};
	if (rc == 0 && !strcmp(e->name, "achievement"))
		rc = s_reconcile_index(s, e, "achievement_by_year", year_cols, LK_ARRAY_LEN(year_cols), apply, missing);
	return rc;
}

/* One table per entity with one column per field (and its indexes); looked at
 * without a lock first so an up-to-date store never waits for a writer. */
static int s_reconcile(lk_store *s)
{
	int rc, missing = 0;
	for (size_t i = 0; i < lk_entities_count; i++)
		if ((rc = s_reconcile_entity(s, &lk_entities[i], 0, &missing)) != 0 ||
		    (missing == 0 && (rc = s_reconcile_indexes(s, &lk_entities[i], 0, &missing)) != 0))
			return rc;
	if (missing == 0)
		return 0;
	if ((rc = s_begin(s)) != 0)
		return rc;
	for (size_t i = 0; i < lk_entities_count && rc == 0; i++)
		if ((rc = s_reconcile_entity(s, &lk_entities[i], 1, &missing)) == 0)
			rc = s_reconcile_indexes(s, &lk_entities[i], 1, &missing);
	return s_end(s, rc);
}

static int s_prepare_entities(lk_store *s)
{
	s->ent = calloc(lk_entities_count, sizeof *s->ent);
	if (s->ent == NULL)
		return -LK_ENOMEM;
	for (size_t i = 0; i < lk_entities_count; i++) {
		const struct lk_entity *e = &lk_entities[i];
		s->ent[i].get = s_select_stmt(s, e, " WHERE \"id\" = ?1", SQLITE_PREPARE_PERSISTENT);
		s->ent[i].put = s_put_stmt(s, e);
		if (s->ent[i].get == NULL || s->ent[i].put == NULL)
			return -LK_EIO;
		if ((s->ent[i].fd = calloc((size_t)s_ncols(e), sizeof *s->ent[i].fd)) == NULL)
			return -LK_ENOMEM;
		for (int c = 0; c < s_ncols(e); c++)
			s->ent[i].fd[c] = protobuf_c_message_descriptor_get_field_by_name(e->desc, s_col_field(e, c));
	}
	return 0;
}

lk_store *lk_store_open(const char *home, char *err, size_t errlen)
{
	char path[1100];
	lk_store *s;
	int rc, fd;

	if (lk_mkdirs(home, 0700) != 0) {
		snprintf(err, errlen, _("cannot create %s"), home);
		return NULL;
	}
	snprintf(path, sizeof path, "%s/store.db", home);
	/* Records hold names and phone numbers: the file (and the -wal/-shm files
	 * SQLite makes with the same mode) is readable by this user only. Only a
	 * missing file is made here: closing any descriptor of a file drops every
	 * POSIX lock the process holds on it, so opening and closing an existing
	 * store would break the locks of another connection of the same process
	 * (lokmin ui keeps two: docs/architecture.md, "The web app"). */
	if ((fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) >= 0)
		close(fd);
	else if (errno != EEXIST) {
		snprintf(err, errlen, _("cannot open %s: %s"), path, strerror(errno));
		return NULL;
	}
	if ((s = calloc(1, sizeof *s)) == NULL) {
		snprintf(err, errlen, _("out of memory"));
		return NULL;
	}
	pthread_mutex_init(&s->clock.lock, NULL);
	static _Atomic uint64_t opened;
	s->serial = ++opened;
	/* A store's connection is used by one thread at a time (the web app's
	 * handlers all run on its one polling thread, its background sync opens a
	 * store of its own), so SQLite's per-call connection lock is left out. */
	rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, _("cannot open %s: %s"), path, s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		lk_store_close(&s);
		return NULL;
	}
	sqlite3_busy_timeout(s->db, 5000);
	/* WAL: readers never block the writer; FULL: a commit survives power loss. */
	if ((rc = s_exec(s, "PRAGMA journal_mode=WAL")) == 0 && (rc = s_exec(s, "PRAGMA synchronous=FULL")) == 0 &&
	    (rc = s_exec(s, "PRAGMA foreign_keys=OFF")) == 0 && (rc = s_exec(s, "PRAGMA mmap_size=268435456")) == 0 &&
	    (rc = s_exec(s, "PRAGMA cache_size=-16384")) == 0 && (rc = s_migrate(s)) == 0 &&
	    (rc = s_reconcile(s)) == 0 && (rc = s_prepare_entities(s)) == 0 && (rc = s_clock_load(s)) == 0)
		rc = s_unpark(s);
	if (rc != 0) {
		snprintf(err, errlen, "%s: %s", path, s->errmsg[0] ? s->errmsg : lk_strerror(rc));
		lk_store_close(&s);
		return NULL;
	}
	return s;
}

void lk_store_close(lk_store **sp)
{
	lk_store *s = sp ? *sp : NULL;
	if (s == NULL)
		return;
	lk_store__sigs_flush(s);
	for (int i = 0; i < ST_MAX; i++)
		sqlite3_finalize(s->st[i]);
	for (size_t i = 0; i < LK_ARRAY_LEN(s->kept); i++)
		sqlite3_finalize(s->kept[i].st);
	for (size_t i = 0; i < LK_ARRAY_LEN(s->queries); i++) {
		sqlite3_finalize(s->queries[i].st);
		free(s->queries[i].sql);
	}
	for (size_t i = 0; s->ent && i < lk_entities_count; i++) {
		sqlite3_finalize(s->ent[i].get);
		sqlite3_finalize(s->ent[i].put);
		free(s->ent[i].fd);
	}
	free(s->ent);
	sqlite3_close(s->db);
	pthread_mutex_destroy(&s->clock.lock);
	free(s);
	*sp = NULL;
}

int lk_store_set_actor(lk_store *s, const char *person_id)
{
	if (person_id && person_id[0] && !lk_uuid_canonical(person_id))
		return -LK_EINVAL;
	lk_strlcpy(s->actor, person_id ? person_id : "", sizeof s->actor);
	return 0;
}

const char *lk_store_actor(const lk_store *s)
{
	return s->actor;
}

const char *lk_store_error(const lk_store *s)
{
	return s ? s->errmsg : "";
}

/* ---------------------------------------------------------------- field lists */

/* A list of field names; stored comma separated (field names have no commas). */
struct s_names {
	char **v;
	size_t n, cap;
};

static int s_names_has(const struct s_names *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], name))
			return 1;
	return 0;
}

/* Add name unless present. */
static int s_names_add(struct s_names *l, const char *name)
{
	if (s_names_has(l, name))
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		char **nv = realloc(l->v, cap * sizeof *nv);
		if (nv == NULL)
			return -LK_ENOMEM;
		l->v = nv;
		l->cap = cap;
	}
	if ((l->v[l->n] = strdup(name)) == NULL)
		return -LK_ENOMEM;
	l->n++;
	return 0;
}

static int s_names_parse(struct s_names *l, const char *text)
{
	char *copy = strdup(text ? text : ""), *save = NULL;
	int rc = 0;
	if (copy == NULL)
		return -LK_ENOMEM;
	for (char *t = strtok_r(copy, ",", &save); t && rc == 0; t = strtok_r(NULL, ",", &save))
		rc = s_names_add(l, t);
	free(copy);
	return rc;
}

/* Comma-joined, malloc'd. */
static char *s_names_join(const struct s_names *l)
{
	size_t len = 1;
	for (size_t i = 0; i < l->n; i++)
		len += strlen(l->v[i]) + 1;
	char *out = malloc(len), *p = out;
	if (out == NULL)
		return NULL;
	*p = '\0';
	for (size_t i = 0; i < l->n; i++)
		p += sprintf(p, "%s%s", i ? "," : "", l->v[i]);
	return out;
}

static void s_names_free(struct s_names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* ---------------------------------------------------------------- local writes */

/* Append an op for the change, or fold it into the record's newest op when that
 * op has never been handed out and was made on the same rev: an op that went on
 * the wire keeps its content, because the server answers a resent op_id with
 * the stored result of what it first carried. */
static int s_op_add(lk_store *s, const struct lk_entity *e, const char *id, int64_t base_rev, uint64_t hlc,
                    const struct s_names *fields, const uint8_t *rec, size_t reclen)
{
	sqlite3_stmt *st = s_stmt(s, ST_OP_NEWEST);
	struct s_names all = {0};
	int rc;

	if (st == NULL)
		return -LK_EIO;
	sqlite3_bind_text(st, 1, e->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = s_sqlfail(s, rc, "read outbox");
		sqlite3_reset(st);
		return rc;
	}
	if (rc == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(st, 1), "pending") &&
	    sqlite3_column_int(st, 2) == 0 && sqlite3_column_int64(st, 3) == base_rev &&
	    !strcmp((const char *)sqlite3_column_text(st, 5), s->actor)) {
		sqlite3_int64 seq = sqlite3_column_int64(st, 0);
		rc = s_names_parse(&all, (const char *)sqlite3_column_text(st, 4));
		sqlite3_reset(st);
		for (size_t i = 0; i < fields->n && rc == 0; i++)
			rc = s_names_add(&all, fields->v[i]);
		char *joined = rc == 0 ? s_names_join(&all) : NULL;
		s_names_free(&all);
		if (joined == NULL)
			return -LK_ENOMEM;
		if ((st = s_stmt(s, ST_OP_COALESCE)) == NULL) {
			free(joined);
			return -LK_EIO;
		}
		sqlite3_bind_text(st, 1, joined, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)hlc);
		sqlite3_bind_blob(st, 3, rec, (int)reclen, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, seq);
		free(joined);
		return s_done(s, st, "update outbox");
	}
	sqlite3_reset(st);

	char opid[LK_UUID_STRLEN], *joined = s_names_join(fields);
	lk_uuid u;
	if (joined == NULL)
		return -LK_ENOMEM;
	lk_uuid_v7(&u);
	lk_uuid_format(&u, opid);
	if ((st = s_stmt(s, ST_OP_INSERT)) == NULL) {
		free(joined);
		return -LK_EIO;
	}
	sqlite3_bind_text(st, 1, opid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, e->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, base_rev);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)hlc);
	sqlite3_bind_text(st, 6, joined, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 7, rec, (int)reclen, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)lk_now_ms());
	sqlite3_bind_text(st, 9, s->actor, -1, SQLITE_STATIC);
	free(joined);
	return s_done(s, st, "append to outbox");
}

/* Check the field names of a put: own fields and "deleted" only. */
static int s_check_fields(const struct lk_entity *e, const char *const *fields, size_t nfields, char *err,
                          size_t errlen)
{
	for (size_t i = 0; i < nfields; i++) {
		const char *f = fields[i];
		if (f == NULL || !strcmp(f, "deleted") || lk_entity_field(e, f))
			continue;
		if (lk_is_header_field(f))
			snprintf(err, errlen, _("%s.%s is not a field a change can name (own fields and \"deleted\" only)"),
			         e->name, f);
		else
			snprintf(err, errlen, _("%s has no field \"%.64s\""), e->name, f);
		return -LK_EINVAL;
	}
	return 0;
}

static int s_put(lk_store *s, const struct lk_entity *e, const ProtobufCMessage *rec, const char *const *fields,
                 size_t nfields, char *err, size_t errlen)
{
	ProtobufCMessage *cur = NULL, *next = NULL;
	struct s_names changed = {0};
	uint8_t *buf = NULL;
	size_t len = 0;
	int rc;

	s->errmsg[0] = '\0';
	if (rec->descriptor != e->desc) {
		snprintf(err, errlen, _("not a %s record"), e->name);
		return -LK_EINVAL;
	}
	if ((rc = s_check_fields(e, fields, nfields, err, errlen)) != 0)
		return rc;
	if ((rc = s_begin(s)) != 0) {
		snprintf(err, errlen, "%s", s->errmsg);
		return rc;
	}
	rc = s_row_read(s, e, lk_record_id(rec), &cur);
	if (rc == 0) {
		/* Only the named fields that really change: re-asserting a value would
		 * make a needless op and, on the server, a false conflict. */
		if ((next = lk_record_copy(e, cur)) == NULL)
			rc = -LK_ENOMEM;
		for (size_t i = 0; i < nfields && rc == 0; i++) {
			const struct lk_field *fd;
			if (fields[i] == NULL || lk_record_field_equal(cur, rec, fields[i]))
				continue;
			/* A signed document is sealed: its text, signer and signature stay
			 * (the server refuses the same; a correction is a new revision). */
			if (lk_record_sealed_field(e, cur, fields[i])) {
				snprintf(err, errlen, _("this %s record is signed and sealed; %s cannot change"), e->name, fields[i]);
				rc = -LK_EINVAL;
				goto out;
			}
			/* Said here rather than by a rejection after the next sync. */
			if ((fd = lk_entity_field(e, fields[i])) && fd->merge == LK_MERGE_FIXED && lk_record_rev(cur) > 0) {
				snprintf(err, errlen, _("%s.%s cannot change once the record exists"), e->name, fields[i]);
				rc = -LK_EINVAL;
				goto out;
			}
			if ((rc = lk_record_copy_field(next, rec, fields[i])) == 0)
				rc = s_names_add(&changed, fields[i]);
		}
		if (rc == 0 && changed.n == 0)
			goto out; /* nothing changes: nothing written */
	} else if (rc == -LK_ENOTFOUND && e->server_only) {
		/* Server-made records (conflicts) may be settled here, never created. */
		snprintf(err, errlen, _("%s records are made by the server; this device can only settle them"), e->name);
		rc = -LK_EPERM;
		goto out;
	} else if (rc == -LK_ENOTFOUND) {
		/* A new record: the op carries all of it (the server creates it whole). */
		rc = (next = lk_record_copy(e, rec)) ? lk_record_set(next, "rev", "0") : -LK_ENOMEM;
		for (size_t i = 0; i < e->nfields && rc == 0; i++)
			rc = s_names_add(&changed, e->fields[i].name);
		int named_deleted = 0;
		for (size_t i = 0; i < nfields; i++)
			named_deleted |= fields[i] && !strcmp(fields[i], "deleted");
		if (rc == 0 && (named_deleted || lk_record_deleted(next)))
			rc = s_names_add(&changed, "deleted");
	}
	if (rc != 0) {
		snprintf(err, errlen, "%s", s->errmsg[0] ? s->errmsg : lk_strerror(rc));
		goto out;
	}
	if ((rc = lk_record_validate(e, next, err, errlen)) != 0)
		goto out;

	char hlctext[24];
	if ((rc = s_clock_load(s)) != 0)
		goto dberr;
	snprintf(hlctext, sizeof hlctext, "%" PRIu64, lk_hlc_tick(&s->clock, lk_now_ms()));
	if ((rc = lk_record_set(next, "hlc", hlctext)) != 0 || (rc = lk_record_encode(next, &buf, &len)) != 0)
		goto dberr;
	if ((rc = s_row_write(s, e, next)) != 0 ||
	    (rc = s_op_add(s, e, lk_record_id(next), cur ? lk_record_rev(cur) : 0, lk_record_hlc(next), &changed, buf,
	                   len)) != 0 ||
	    (rc = lk_store__actor_note(s, e->name, lk_record_id(next), s->actor)) != 0 ||
	    (rc = s_clock_save(s)) != 0)
		goto dberr;
	rc = s_end(s, 0);
	if (rc != 0)
		snprintf(err, errlen, "%s", s->errmsg);
	goto done;
dberr:
	snprintf(err, errlen, "%s", s->errmsg[0] ? s->errmsg : lk_strerror(rc));
out:
	s_end(s, -1);
done:
	free(buf);
	s_names_free(&changed);
	lk_record_free(cur);
	lk_record_free(next);
	return rc;
}

int lk_store_put(lk_store *s, const struct lk_entity *e, const ProtobufCMessage *rec, const char *const *fields,
                 size_t nfields, char *err, size_t errlen)
{
	int rc = s_put(s, e, rec, fields, nfields, err, errlen);
	/* A refused write inside a group dooms the group: all of it or nothing. */
	if (rc != 0 && s->group.depth)
		s->group.failed = 1;
	return rc;
}

int lk_store_get(lk_store *s, const struct lk_entity *e, const char *id, ProtobufCMessage **out)
{
	return s_row_read(s, e, id, out);
}

int lk_store_list(lk_store *s, const struct lk_entity *e, lk_store_row_fn fn, void *arg)
{
	/* A statement of its own: the callback may use the store meanwhile. */
	sqlite3_stmt *st = s_select_stmt(s, e, " ORDER BY \"id\"", 0);
	int rc;

	if (st == NULL)
		return -LK_EIO;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ProtobufCMessage *m = s_row_record(s, e, st);
		if (m == NULL) {
			sqlite3_finalize(st);
			return -LK_EIO;
		}
		int cb = fn(e, m, arg);
		lk_record_free(m);
		if (cb != 0) {
			sqlite3_finalize(st);
			return cb;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : s_sqlfail(s, rc, "list");
	sqlite3_finalize(st);
	return rc;
}

static int s_export_row(const struct lk_entity *e, const ProtobufCMessage *rec, void *arg)
{
	return lk_record_json(arg, e, rec);
}

int lk_store_export(lk_store *s, FILE *f)
{
	int rc;
	/* One read transaction: the export is one consistent moment of the store. */
	if ((rc = s_begin_read(s)) != 0)
		return rc;
	for (size_t i = 0; i < lk_entities_count && rc == 0; i++)
		rc = lk_store_list(s, &lk_entities[i], s_export_row, f);
	s_end(s, -1);
	if (rc == 0 && fflush(f) != 0)
		rc = -LK_EIO;
	return rc;
}

/* ---------------------------------------------------------------- outbox */

/* Free what one op owns (not the op itself). */
static void s_op_clear(struct lk_outbox_op *op)
{
	free(op->entity);
	free(op->record_id);
	for (size_t j = 0; j < op->nfields; j++)
		free(op->fields[j]);
	free(op->fields);
	free(op->record);
	memset(op, 0, sizeof *op);
}

void lk_outbox_ops_free(struct lk_outbox_op *ops, size_t n)
{
	if (ops == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		s_op_clear(&ops[i]);
	free(ops);
}

/* Fill op from a ST_OP_TAKE row. */
static int s_op_from_row(sqlite3_stmt *st, struct lk_outbox_op *op)
{
	struct s_names f = {0};
	const void *blob = sqlite3_column_blob(st, 7);
	size_t bl = (size_t)sqlite3_column_bytes(st, 7);

	lk_strlcpy(op->op_id, (const char *)sqlite3_column_text(st, 1), sizeof op->op_id);
	op->entity = s_strdup_col(st, 2);
	op->record_id = s_strdup_col(st, 3);
	op->base_rev = sqlite3_column_int64(st, 4);
	op->hlc = (uint64_t)sqlite3_column_int64(st, 5);
	op->attempts = sqlite3_column_int(st, 8) + 1;
	lk_strlcpy(op->actor, sqlite3_column_text(st, 9) ? (const char *)sqlite3_column_text(st, 9) : "",
	           sizeof op->actor);
	op->record = malloc(bl ? bl : 1);
	op->record_len = bl;
	if (op->record && bl)
		memcpy(op->record, blob, bl);
	if (s_names_parse(&f, (const char *)sqlite3_column_text(st, 6)) != 0) {
		s_names_free(&f);
		return -LK_ENOMEM;
	}
	op->fields = f.v;
	op->nfields = f.n;
	return op->entity && op->record_id && op->record ? 0 : -LK_ENOMEM;
}

int lk_store_outbox_take(lk_store *s, size_t max, struct lk_outbox_op **ops, size_t *n)
{
	return lk_store_outbox_take_bytes(s, max, SIZE_MAX, ops, n);
}

int lk_store_outbox_take_bytes(lk_store *s, size_t max, size_t max_bytes, struct lk_outbox_op **ops, size_t *n)
{
	struct lk_outbox_op *out = NULL;
	sqlite3_int64 *seqs = NULL;
	size_t got = 0, bytes = 0;
	sqlite3_stmt *st;
	int rc;

	*ops = NULL;
	*n = 0;
	if (max == 0)
		return 0;
	if ((rc = s_begin(s)) != 0)
		return rc;
	if ((st = s_stmt(s, ST_OP_TAKE)) == NULL)
		return s_end(s, -LK_EIO);
	sqlite3_bind_int64(st, 1, max > INT32_MAX ? INT32_MAX : (sqlite3_int64)max);
	/* Read them all first: rows are not updated under a running scan. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (got % 64 == 0) {
			struct lk_outbox_op *no = realloc(out, (got + 64) * sizeof *no);
			sqlite3_int64 *ns = realloc(seqs, (got + 64) * sizeof *ns);
			if (no)
				out = no;
			if (ns)
				seqs = ns;
			if (no == NULL || ns == NULL) {
				rc = -LK_ENOMEM;
				break;
			}
		}
		memset(&out[got], 0, sizeof out[got]);
		seqs[got] = sqlite3_column_int64(st, 0);
		if ((rc = s_op_from_row(st, &out[got])) != 0) {
			got++;
			break;
		}
		/* Always one op, then as many as fit the byte budget. */
		if (got > 0 && bytes + out[got].record_len > max_bytes) {
			s_op_clear(&out[got]);
			rc = SQLITE_DONE;
			break;
		}
		bytes += out[got].record_len;
		got++;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = s_sqlfail(s, rc, "read outbox");
	sqlite3_reset(st);
	for (size_t i = 0; i < got && rc == 0; i++) {
		if ((st = s_stmt(s, ST_OP_MARK)) == NULL) {
			rc = -LK_EIO;
			break;
		}
		sqlite3_bind_int64(st, 1, seqs[i]);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)lk_now_ms());
		rc = s_done(s, st, "mark sent");
	}
	free(seqs);
	if ((rc = s_end(s, rc)) != 0) {
		lk_outbox_ops_free(out, got);
		return rc;
	}
	*ops = out;
	*n = got;
	return 0;
}

int lk_store_outbox_result(lk_store *s, const char *op_id, Lokmin__OpStatus status, uint32_t error,
                           const char *error_name, const char *message, int64_t rev)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = s_begin(s)) != 0)
		return rc;
	if ((st = s_stmt(s, ST_OP_FIND)) == NULL)
		return s_end(s, -LK_EIO);
	sqlite3_bind_text(st, 1, op_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? -LK_ENOTFOUND : s_sqlfail(s, rc, "read outbox");
		sqlite3_reset(st);
		return s_end(s, rc);
	}
	sqlite3_int64 seq = sqlite3_column_int64(st, 0);
	char *entity = s_strdup_col(st, 1), *record_id = s_strdup_col(st, 2);
	int64_t base_rev = sqlite3_column_int64(st, 3);

	if (status == LOKMIN__OP_STATUS__OP_REJECTED) {
		/* Kept with everything needed to show it and, later, to retry it by hand. */
		sqlite3_stmt *fp = s_stmt(s, ST_FAILED_PUT);
		if (fp == NULL) {
			rc = -LK_EIO;
		} else {
			sqlite3_bind_text(fp, 1, op_id, -1, SQLITE_STATIC);
			for (int c = 1; c <= 6; c++)
				sqlite3_bind_value(fp, c + 1, sqlite3_column_value(st, c));
			sqlite3_bind_int64(fp, 8, error);
			sqlite3_bind_text(fp, 9, error_name && *error_name ? error_name : lk_error_name((int)error), -1,
			                  SQLITE_STATIC);
			sqlite3_bind_text(fp, 10, message ? message : "", -1, SQLITE_STATIC);
			sqlite3_bind_value(fp, 11, sqlite3_column_value(st, 7));
			sqlite3_bind_int64(fp, 12, (sqlite3_int64)lk_now_ms());
			rc = s_done(s, fp, "record failed op");
		}
	} else {
		rc = 0;
	}
	sqlite3_reset(st);
	if (rc == 0 && (st = s_stmt(s, ST_OP_DELETE)) == NULL)
		rc = -LK_EIO;
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, seq);
		rc = s_done(s, st, "delete op");
	}

	/*
	 * A rev is only stored with the whole record it names, which a pull brings:
	 * raising it from a result would make the next op claim a base that includes
	 * other devices' changes this store has not seen, and the server's per-field
	 * merge would then overwrite them without a conflict. The one rev known
	 * whole is 1 on a record this device created (rev 0 here): the server made
	 * it from this device's op.
	 */
	const struct lk_entity *e = lk_entity_find(entity);
	if (rc == 0 && status != LOKMIN__OP_STATUS__OP_REJECTED && rev == 1 && base_rev == 0 && e) {
		ProtobufCMessage *row = NULL;
		int r = s_row_read(s, e, record_id, &row);
		if (r == 0 && lk_record_rev(row) == 0)
			r = lk_record_set(row, "rev", "1") == 0 ? s_row_write(s, e, row) : -LK_EINVAL;
		if (r != 0 && r != -LK_ENOTFOUND)
			rc = r;
		lk_record_free(row);
	}
	free(entity);
	free(record_id);
	return s_end(s, rc);
}

int lk_store_outbox_requeue_sent(lk_store *s)
{
	sqlite3_stmt *st = s_stmt(s, ST_REQUEUE);
	return st ? s_done(s, st, "requeue") : -LK_EIO;
}

/* ---------------------------------------------------------------- pull */

/* Fields named by any op of the record still in the outbox (pending or sent). */
static int s_local_fields(lk_store *s, const struct lk_entity *e, const char *id, struct s_names *out)
{
	sqlite3_stmt *st = s_stmt(s, ST_OP_FIELDS);
	int rc;
	if (st == NULL)
		return -LK_EIO;
	sqlite3_bind_text(st, 1, e->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = s_names_parse(out, (const char *)sqlite3_column_text(st, 0))) != 0)
			break;
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = s_sqlfail(s, rc, "read outbox");
	sqlite3_reset(st);
	return rc;
}

/* Failures that belong to the row rather than to the store: the same row fails
 * again however often it is tried, and the store itself is fine. */
static int s_row_level(int sqlrc)
{
	return sqlrc == SQLITE_CONSTRAINT || sqlrc == SQLITE_MISMATCH || sqlrc == SQLITE_TOOBIG || sqlrc == SQLITE_RANGE;
}

int lk_store__apply_change(lk_store *s, const Lokmin__Change *c, struct lk_store_applied *a, char *why,
                           size_t whylen)
{
	const struct lk_entity *e = lk_entity_find(c->entity);
	ProtobufCMessage *rec, *cur = NULL;
	struct s_names local = {0};
	int rc;

	memset(a, 0, sizeof *a);
	a->e = e;
	s->sqlrc = 0;
	s->errmsg[0] = '\0';
	if (whylen)
		why[0] = '\0';
	if (e == NULL) {
		/* An entity this lokmin does not know yet: kept, and applied by the
		 * version that does (s_unpark), since the cursor moves past it now. */
		sqlite3_stmt *st = s_stmt(s, ST_PARK);
		a->parked = 1;
		if (st == NULL)
			return -LK_EIO;
		sqlite3_bind_int64(st, 1, (sqlite3_int64)c->seq);
		sqlite3_bind_text(st, 2, c->entity ? c->entity : "", -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 3, c->record.data ? (const void *)c->record.data : "", (int)c->record.len,
		                  SQLITE_STATIC);
		if ((rc = s_done(s, st, "park change")) != 0)
			snprintf(why, whylen, "%s", s->errmsg);
		return rc;
	}
	/* The same gate the server's push goes through: a record that is not in
	 * its strict, canonical form never reaches the store. Fields this lokmin
	 * does not know yet (a newer server) are the one leniency. */
	char gate[200];
	if (lk_record_accept(e, c->record.data, c->record.len, LK_STRICT_UNKNOWN_OK, &rec, gate, sizeof gate) != 0) {
		snprintf(why, whylen, _("not a valid %s record: %s"), e->name, gate);
		a->record_level = 1;
		return -LK_EINVAL;
	}
	lk_strlcpy(a->id, lk_record_id(rec), sizeof a->id);
	a->rev = lk_record_rev(rec);
	rc = s_row_read(s, e, lk_record_id(rec), &cur);
	int fresh = rc == -LK_ENOTFOUND;
	if (rc == 0 && lk_record_rev(cur) > lk_record_rev(rec)) {
		a->rev = lk_record_rev(cur); /* the store already has a later version */
		rc = 0;
		goto out;
	}
	if (rc == 0) {
		/* Unsynced local edits stay until the server has answered for them. */
		if ((rc = s_local_fields(s, e, lk_record_id(rec), &local)) != 0)
			goto out;
		for (size_t j = 0; j < local.n; j++) {
			int r = lk_record_copy_field(rec, cur, local.v[j]);
			if (r != 0 && r != -LK_ENOTFOUND) {
				rc = r;
				goto out;
			}
		}
	} else if (rc != -LK_ENOTFOUND) {
		goto out;
	}
	/* The change's author becomes the record's, unless the record still holds
	 * this device's unanswered edits (their author stays until they come back).
	 * A record new to the store has no author noted: none to clear either. */
	int unknown = c->actor_id == NULL || c->actor_id[0] == '\0';
	if ((rc = s_row_write(s, e, rec)) == 0 && local.n == 0 && !(fresh && unknown))
		rc = lk_store__actor_note(s, e->name, a->id, c->actor_id);
	if (rc == 0)
		lk_hlc_recv(&s->clock, lk_record_hlc(rec), lk_now_ms());
out:
	if (rc != 0) {
		a->record_level = rc == -LK_EINVAL || s_row_level(s->sqlrc);
		snprintf(why, whylen, "%s", s->errmsg[0] ? s->errmsg : lk_strerror(rc));
	}
	s_names_free(&local);
	lk_record_free(cur);
	lk_record_free(rec);
	return rc;
}

int lk_store__clock_load(lk_store *s)
{
	return s_clock_load(s);
}

int lk_store__clock_save(lk_store *s)
{
	return s_clock_save(s);
}

int lk_store__set_position(lk_store *s, uint64_t new_cursor, const Lokmin__SnapshotState *snap)
{
	int rc = s_meta_set_u64(s, KEY_CURSOR, new_cursor);
	if (rc == 0 && snap) {
		if ((rc = s_meta_set_u64(s, KEY_SNAP_HEAD, snap->head)) == 0 &&
		    (rc = s_meta_set_u64(s, KEY_SNAP_ENTITY, snap->entity_index)) == 0)
			rc = s_meta_set(s, KEY_SNAP_AFTER, snap->after_id ? snap->after_id : "");
	} else if (rc == 0) {
		if ((rc = s_meta_set(s, KEY_SNAP_HEAD, NULL)) == 0 && (rc = s_meta_set(s, KEY_SNAP_ENTITY, NULL)) == 0)
			rc = s_meta_set(s, KEY_SNAP_AFTER, NULL);
	}
	return rc;
}

/* Apply the parked changes of entities this lokmin knows now (after an upgrade). */
static int s_unpark(lk_store *s)
{
	sqlite3_stmt *st = NULL;
	sqlite3_int64 *done = NULL;
	size_t ndone = 0;
	char err[256] = "";
	int rc;

	rc = sqlite3_prepare_v2(s->db, "SELECT id, seq, entity, record FROM parked_change ORDER BY id", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return s_sqlfail(s, rc, "parked_change");
	/* Nothing parked is the usual case: look before taking the write lock. */
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return rc == SQLITE_DONE ? 0 : s_sqlfail(s, rc, "parked_change");
	}
	if ((rc = s_begin(s)) != 0 || (rc = s_clock_load(s)) != 0) {
		sqlite3_finalize(st);
		return s_end(s, rc);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		Lokmin__Change c = LOKMIN__CHANGE__INIT;
		c.seq = (uint64_t)sqlite3_column_int64(st, 1);
		c.entity = (char *)sqlite3_column_text(st, 2);
		c.record.data = (uint8_t *)sqlite3_column_blob(st, 3);
		c.record.len = (size_t)sqlite3_column_bytes(st, 3);
		if (lk_entity_find(c.entity) == NULL)
			continue;
		sqlite3_int64 *nd = realloc(done, (ndone + 1) * sizeof *nd);
		if (nd == NULL) {
			rc = -LK_ENOMEM;
			break;
		}
		done = nd;
		done[ndone++] = sqlite3_column_int64(st, 0);
		/* A parked change that cannot be applied stays parked; the rest go on. */
		struct lk_store_applied a;
		if (lk_store__apply_change(s, &c, &a, err, sizeof err) != 0)
			ndone--;
	}
	rc = rc == SQLITE_DONE ? 0 : rc > 0 ? s_sqlfail(s, rc, "parked_change") : rc;
	sqlite3_finalize(st);
	st = NULL;
	if (rc == 0 && ndone) {
		rc = sqlite3_prepare_v2(s->db, "DELETE FROM parked_change WHERE id = ?1", -1, &st, NULL);
		rc = rc == SQLITE_OK ? 0 : s_sqlfail(s, rc, "parked_change");
		for (size_t i = 0; i < ndone && rc == 0; i++) {
			sqlite3_bind_int64(st, 1, done[i]);
			rc = s_done(s, st, "parked_change");
		}
		sqlite3_finalize(st);
	}
	free(done);
	if (rc == 0)
		rc = s_clock_save(s);
	return s_end(s, rc);
}

int lk_store_cursor(lk_store *s, uint64_t *cursor, Lokmin__SnapshotState *snap)
{
	uint64_t head = 0, index = 0;
	char *after = NULL;
	int rc, active = 0;

	/* One read transaction: cursor and snapshot state are written together. */
	if ((rc = s_begin_read(s)) != 0)
		return rc;
	rc = s_meta_u64(s, KEY_CURSOR, cursor);
	if (rc == 0 && (rc = s_meta_get(s, KEY_SNAP_HEAD, &after)) == 0) {
		active = 1;
		head = strtoull(after, NULL, 10);
		free(after);
		after = NULL;
		if ((rc = s_meta_u64(s, KEY_SNAP_ENTITY, &index)) == 0 &&
		    (rc = s_meta_get(s, KEY_SNAP_AFTER, &after)) == -LK_ENOTFOUND)
			rc = 0;
	} else if (rc == -LK_ENOTFOUND) {
		rc = 0;
	}
	s_end(s, -1);
	if (rc == 0 && snap) {
		lokmin__snapshot_state__init(snap);
		lk_strlcpy(s->snap_after, after ? after : "", sizeof s->snap_after);
		snap->head = head;
		snap->entity_index = (uint32_t)index;
		snap->after_id = s->snap_after;
	}
	free(after);
	return rc == 0 ? active : rc;
}

int lk_store_reset_for_resync(lk_store *s)
{
	int rc;
	if ((rc = s_begin(s)) != 0)
		return rc;
	if ((rc = s_meta_set(s, KEY_CURSOR, NULL)) == 0 && (rc = s_meta_set(s, KEY_SNAP_HEAD, NULL)) == 0 &&
	    (rc = s_meta_set(s, KEY_SNAP_ENTITY, NULL)) == 0)
		rc = s_meta_set(s, KEY_SNAP_AFTER, NULL);
	return s_end(s, rc);
}

/* ---------------------------------------------------------------- status */

int lk_store_set_meta(lk_store *s, const char *key, const char *value)
{
	return s_meta_set(s, key, value);
}

int lk_store_get_meta(lk_store *s, const char *key, char **value)
{
	return s_meta_get(s, key, value);
}

/* ---------------------------------------------------------------- read-only queries */

/* i in decimal, as SQLite writes an integer as text, into buf (24 bytes); buf's text. */
static const char *s_int_text(char buf[24], sqlite3_int64 i)
{
	char *p = buf + 23;
	sqlite3_uint64 u = i < 0 ? 0 - (sqlite3_uint64)i : (sqlite3_uint64)i;
	*p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (i < 0)
		*--p = '-';
	return p;
}

/* The reading statement of sql: the one kept from an earlier query when it is not running (a query inside
 * another's rows may be the same), else prepared and kept (*kept 1) when room is made for it. NULL with the
 * reason kept in s and *rc set. */
static sqlite3_stmt *s_query_stmt(lk_store *s, const char *sql, int *kept, int *rc)
{
	sqlite3_stmt *st;
	size_t i;
	for (i = 0; i < LK_ARRAY_LEN(s->queries) && s->queries[i].sql; i++)
		if (!strcmp(s->queries[i].sql, sql) && !sqlite3_stmt_busy(s->queries[i].st)) {
			*kept = 1;
			return s->queries[i].st;
		}
	*kept = 0;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		*rc = s_sqlfail(s, sqlite3_errcode(s->db), "query");
		return NULL;
	}
	if (!sqlite3_stmt_readonly(st)) {
		sqlite3_finalize(st);
		s_seterr(s, "query: only reading statements are allowed");
		*rc = -LK_EINVAL;
		return NULL;
	}
	char *copy = strdup(sql);
	if (copy == NULL)
		return st;
	i = s->next_query;
	s->next_query = (i + 1) % LK_ARRAY_LEN(s->queries);
	if (s->queries[i].st && sqlite3_stmt_busy(s->queries[i].st)) {
		free(copy); /* its query is still reading: this statement goes when done */
		return st;
	}
	sqlite3_finalize(s->queries[i].st);
	free(s->queries[i].sql);
	s->queries[i].sql = copy;
	s->queries[i].st = st;
	*kept = 1;
	return st;
}

/* lk_store_query and lk_store_query_num: fn gets text, fnum text and numbers. */
static int s_query(lk_store *s, const char *sql, const char *const *params, int nparams, lk_store_query_fn fn,
                   lk_store_query_num_fn fnum, void *arg)
{
	int rc = 0, src, kept;
	sqlite3_stmt *st = s_query_stmt(s, sql, &kept, &rc);
	if (st == NULL)
		return rc;
	for (int i = 0; i < nparams; i++)
		sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_STATIC);
	int ncol = sqlite3_column_count(st);
	const char *row[64];
	double num[64];
	char ints[64][24]; /* integers as text, written here rather than converted by SQLite */
	if (ncol > 64)
		ncol = 64;
	while (rc == 0 && (src = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < ncol; c++) {
			int type = fnum ? sqlite3_column_type(st, c) : SQLITE_TEXT;
			if (type == SQLITE_INTEGER) {
				sqlite3_int64 i = sqlite3_column_int64(st, c);
				num[c] = (double)i;
				row[c] = s_int_text(ints[c], i);
				continue;
			}
			num[c] = type == SQLITE_FLOAT ? sqlite3_column_double(st, c) : 0;
			const unsigned char *v = type == SQLITE_FLOAT ? NULL : sqlite3_column_text(st, c);
			row[c] = v ? (const char *)v : "";
		}
		rc = fnum ? fnum(row, num, ncol, arg) : fn(row, ncol, arg);
	}
	if (rc == 0 && src != SQLITE_DONE)
		rc = s_sqlfail(s, src, "query");
	if (kept) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	} else {
		sqlite3_finalize(st);
	}
	return rc;
}

int lk_store_query(lk_store *s, const char *sql, const char *const *params, int nparams, lk_store_query_fn fn,
                   void *arg)
{
	return s_query(s, sql, params, nparams, fn, NULL, arg);
}

int lk_store_query_num(lk_store *s, const char *sql, const char *const *params, int nparams,
                       lk_store_query_num_fn fn, void *arg)
{
	return s_query(s, sql, params, nparams, NULL, fn, arg);
}

/* ---------------------------------------------------------------- the stamp */

uint64_t lk_store_serial(const lk_store *s)
{
	return s->serial;
}

uint64_t lk_store_stamp(lk_store *s)
{
	sqlite3_stmt *st;
	uint64_t other = 0;
	/* This connection's changes, counted by SQLite, and data_version for other connections' commits: both only
	 * grow, so their sum moves with either (this connection's count stays under 2^40). */
	if (sqlite3_prepare_v2(s->db, "PRAGMA data_version", -1, &st, NULL) != SQLITE_OK)
		return 0;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		other = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return 0;
	return (other << 40) + (uint64_t)sqlite3_total_changes64(s->db) + 1;
}

/* ---------------------------------------------------------------- SQL functions */

struct s_sqlfn {
	lk_store *s;
	lk_store_sql_fn fn;
	void *arg;
};

static void s_sqlfn_call(sqlite3_context *ctx, int nvals, sqlite3_value **vals)
{
	const struct s_sqlfn *f = sqlite3_user_data(ctx);
	const char *args[16];
	int n = nvals < 16 ? nvals : 16;
	for (int i = 0; i < n; i++) {
		const unsigned char *v = sqlite3_value_text(vals[i]);
		args[i] = v ? (const char *)v : "";
	}
	sqlite3_result_int64(ctx, f->fn(f->s, args, n, f->arg));
}

int lk_store_define_function(lk_store *s, const char *name, int nargs, lk_store_sql_fn fn, void *arg)
{
	struct s_sqlfn *f = malloc(sizeof *f);
	if (f == NULL)
		return -LK_ENOMEM;
	*f = (struct s_sqlfn){s, fn, arg};
	/* SQLite frees f when the function is replaced or the store closes. */
	int rc = sqlite3_create_function_v2(s->db, name, nargs, SQLITE_UTF8, f, s_sqlfn_call, NULL, NULL, free);
	return rc == SQLITE_OK ? 0 : s_sqlfail(s, rc, "define function");
}

/* ---------------------------------------------------------------- indicator catalogue */

int lk_store_catalogue_put(lk_store *s, const Lokmin__CatalogueReply *c)
{
	sqlite3_stmt *st = NULL;
	int rc = s_begin(s);
	if (rc == 0)
		rc = s_exec(s, "DELETE FROM indicator");
	if (rc == 0 && sqlite3_prepare_v2(s->db, "INSERT INTO indicator VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &st,
	                                  NULL) != SQLITE_OK)
		rc = s_sqlfail(s, sqlite3_errcode(s->db), "catalogue");
	for (size_t i = 0; rc == 0 && i < c->n_indicators; i++) {
		const Lokmin__Indicator *x = c->indicators[i];
		const char *t[] = {x->code, x->programme_code, x->programme_name, x->name, x->unit, x->numerator,
		                   x->denominator};
		sqlite3_reset(st);
		for (int j = 0; j < (int)LK_ARRAY_LEN(t); j++)
			sqlite3_bind_text(st, j + 1, t[j], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 8, x->ilp_cluster);
		sqlite3_bind_double(st, 9, x->default_annual_target);
		sqlite3_bind_text(st, 10, x->accrual[0] ? x->accrual : "cumulative", -1, SQLITE_STATIC);
		int src = sqlite3_step(st);
		if (src != SQLITE_DONE)
			rc = s_sqlfail(s, src, "catalogue");
	}
	sqlite3_finalize(st);
	if (rc == 0)
		rc = s_meta_set(s, LK_STORE_META_CATALOGUE, c->digest);
	return s_end(s, rc);
}

int lk_store_catalogue_list(lk_store *s, lk_store_indicator_fn fn, void *arg)
{
	sqlite3_stmt *st;
	int rc = 0, src;
	if (sqlite3_prepare_v2(s->db, "SELECT * FROM indicator ORDER BY code", -1, &st, NULL) != SQLITE_OK)
		return s_sqlfail(s, sqlite3_errcode(s->db), "catalogue");
	while (rc == 0 && (src = sqlite3_step(st)) == SQLITE_ROW) {
		Lokmin__Indicator x = LOKMIN__INDICATOR__INIT;
		char **t[] = {&x.code, &x.programme_code, &x.programme_name, &x.name, &x.unit, &x.numerator,
		              &x.denominator};
		for (int j = 0; j < (int)LK_ARRAY_LEN(t); j++)
			*t[j] = (char *)sqlite3_column_text(st, j);
		x.ilp_cluster = sqlite3_column_int(st, 7);
		x.default_annual_target = sqlite3_column_double(st, 8);
		x.accrual = (char *)sqlite3_column_text(st, 9);
		rc = fn(&x, arg);
	}
	if (rc == 0 && src != SQLITE_DONE)
		rc = s_sqlfail(s, src, "catalogue");
	sqlite3_finalize(st);
	return rc;
}

static int s_count_conflicts(lk_store *s, int64_t *out)
{
	const struct lk_entity *e = lk_entity_find("conflict");
	sqlite3_stmt *st;
	char *sql = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	*out = 0;
	if (e == NULL || lk_entity_field(e, "resolved") == NULL)
		return 0;
	if ((f = open_memstream(&sql, &len)) == NULL)
		return -LK_ENOMEM;
	fputs("SELECT count(*) FROM ", f);
	s_ident(f, e->table);
	fputs(" WHERE \"resolved\" = 0 AND \"deleted\" = 0", f);
	fclose(f);
	if ((st = s_prepare_built(s, sql, len, 0)) == NULL)
		return -LK_EIO;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	rc = rc == SQLITE_ROW ? 0 : s_sqlfail(s, rc, "count conflicts");
	sqlite3_finalize(st);
	return rc;
}

int lk_store_status(lk_store *s, struct lk_store_status *out)
{
	sqlite3_stmt *st;
	char *v = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = s_begin_read(s)) != 0)
		return rc;
	if ((st = s_stmt(s, ST_COUNT_OPS)) == NULL)
		return s_end(s, -LK_EIO);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *state = (const char *)sqlite3_column_text(st, 0);
		int64_t count = sqlite3_column_int64(st, 1);
		if (!strcmp(state, "pending"))
			out->pending_ops = count;
		else if (!strcmp(state, "sent"))
			out->sent_ops = count;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return s_end(s, s_sqlfail(s, rc, "count ops"));
	if ((st = s_stmt(s, ST_COUNT_FAILED)) == NULL)
		return s_end(s, -LK_EIO);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		out->failed_ops = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return s_end(s, s_sqlfail(s, rc, "count failed ops"));
	if ((rc = s_count_conflicts(s, &out->open_conflicts)) != 0 ||
	    (rc = lk_store__quarantine_count(s, &out->quarantined)) != 0)
		return s_end(s, rc);
	if ((rc = s_meta_u64(s, KEY_CURSOR, &out->cursor)) != 0)
		return s_end(s, rc);
	if ((rc = s_meta_get(s, KEY_SNAP_HEAD, &v)) == 0)
		out->snapshot = 1;
	free(v);
	if ((rc = s_meta_get(s, LK_STORE_META_LAST_SYNC, &v)) == 0)
		out->last_sync_ms = strtoll(v, NULL, 10);
	free(v);
	if ((rc = s_meta_get(s, LK_STORE_META_LAST_ERROR, &v)) == 0)
		lk_strlcpy(out->last_error, v, sizeof out->last_error);
	free(v);
	s_end(s, -1);
	return rc == 0 || rc == -LK_ENOTFOUND ? 0 : rc;
}

int lk_store_failed_list(lk_store *s, lk_store_failed_fn fn, void *arg)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db,
	                            "SELECT op_id, entity, record_id, fields, base_rev, code, error_name, message, "
	                            "failed_ms FROM failed_op ORDER BY failed_ms, op_id",
	                            -1, &st, NULL);
	if (rc != SQLITE_OK)
		return s_sqlfail(s, rc, "failed_op");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct lk_failed_op f = {
			.op_id = (const char *)sqlite3_column_text(st, 0),
			.entity = (const char *)sqlite3_column_text(st, 1),
			.record_id = (const char *)sqlite3_column_text(st, 2),
			.fields = (const char *)sqlite3_column_text(st, 3),
			.base_rev = sqlite3_column_int64(st, 4),
			.code = (uint32_t)sqlite3_column_int64(st, 5),
			.error_name = (const char *)sqlite3_column_text(st, 6),
			.message = (const char *)sqlite3_column_text(st, 7),
			.failed_ms = sqlite3_column_int64(st, 8),
		};
		int cb = fn(&f, arg);
		if (cb != 0) {
			sqlite3_finalize(st);
			return cb;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : s_sqlfail(s, rc, "failed_op");
	sqlite3_finalize(st);
	return rc;
}

/* Run one statement with text parameters (NULL-terminated); for a SELECT, copy
 * the first column of the first row into out (when out is not NULL). */
static int s_one(lk_store *s, const char *sql, char *out, size_t outlen, const char *const *params)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return s_sqlfail(s, rc, "discard");
	for (int i = 0; params && params[i]; i++)
		sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && out)
		snprintf(out, outlen, "%s", sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
	int ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
	int found = rc == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!ok)
		return s_sqlfail(s, rc, "discard");
	return out && !found ? -LK_ENOTFOUND : 0;
}

int lk_store_failed_discard(lk_store *s, const char *op_id, int *reverted)
{
	char entity[64], record[64], rev[32], n[32];
	const struct lk_entity *e;
	int rc;

	*reverted = 0;
	if ((rc = s_begin(s)) != 0)
		return rc;
	const char *p1[] = {op_id, NULL};
	if ((rc = s_one(s, "SELECT entity FROM failed_op WHERE op_id = ?", entity, sizeof entity, p1)) != 0 ||
	    (rc = s_one(s, "SELECT record_id FROM failed_op WHERE op_id = ?", record, sizeof record, p1)) != 0 ||
	    (rc = s_one(s, "DELETE FROM failed_op WHERE op_id = ?", NULL, 0, p1)) != 0)
		return s_end(s, rc);
	/* A record the server never accepted, with nothing else queued or refused
	 * for it, exists only here: discarding its refusal removes it too. */
	if ((e = lk_entity_find(entity)) != NULL) {
		char sql[256];
		const char *p2[] = {record, NULL};
		snprintf(sql, sizeof sql, "SELECT rev FROM %s WHERE id = ?", e->table);
		rc = s_one(s, sql, rev, sizeof rev, p2);
		if (rc == 0 && atoll(rev) == 0) {
			rc = s_one(s,
			           "SELECT (SELECT count(*) FROM outbox WHERE record_id = ?1) + "
			           "(SELECT count(*) FROM failed_op WHERE record_id = ?1)",
			           n, sizeof n, p2);
			if (rc == 0 && atoll(n) == 0) {
				snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = ?", e->table);
				const char *p3[] = {e->name, record, NULL};
				if ((rc = s_one(s, sql, NULL, 0, p2)) == 0)
					rc = s_one(s, "DELETE FROM record_actor WHERE entity = ?1 AND record_id = ?2", NULL, 0, p3);
				*reverted = rc == 0;
			}
		} else if (rc == -LK_ENOTFOUND) {
			rc = 0;
		}
	}
	return s_end(s, rc);
}
