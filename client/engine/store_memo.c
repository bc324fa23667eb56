/* store_memo: SQL functions of the store's content whose results are remembered until the store changes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "lk_error.h"
#include "store_priv.h"

#define MEMO_ARGS 16
#define MEMO_MAX 65536 /* results kept at most; past that the memo starts again */

struct s_entry {
	char *key; /* the arguments, each as "LENGTH:TEXT" */
	int64_t value;
};

struct s_memo {
	lk_store *s;
	lk_store_sql_fn fn;
	void *arg;
	unsigned version;   /* the store's data version the entries hold for */
	struct s_entry *v; /* open addressing; size a power of two */
	size_t n, size;
};

static void s_clear(struct s_memo *m)
{
	for (size_t i = 0; i < m->size; i++)
		free(m->v[i].key);
	free(m->v);
	m->v = NULL;
	m->n = m->size = 0;
}

static void s_destroy(void *p)
{
	struct s_memo *m = p;
	s_clear(m);
	free(m);
}

static uint64_t s_hash(const char *k)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211u;
	return h;
}

/* The slot of key: its entry, or the empty slot it would take. */
static struct s_entry *s_slot(struct s_memo *m, const char *key)
{
	size_t i = (size_t)s_hash(key) & (m->size - 1);
	while (m->v[i].key && strcmp(m->v[i].key, key))
		i = (i + 1) & (m->size - 1);
	return &m->v[i];
}

/* Remember value for key (taken over); without memory it is simply not kept. */
static void s_keep(struct s_memo *m, char *key, int64_t value)
{
	if (m->n >= MEMO_MAX)
		s_clear(m);
	if (2 * (m->n + 1) > m->size) {
		size_t size = m->size ? 2 * m->size : 256;
		struct s_entry *old = m->v, *nv = calloc(size, sizeof *nv);
		size_t oldsize = m->size;
		if (nv == NULL) {
			free(key);
			return;
		}
		m->v = nv;
		m->size = size;
		for (size_t i = 0; i < oldsize; i++)
			if (old[i].key)
				*s_slot(m, old[i].key) = old[i];
		free(old);
	}
	struct s_entry *e = s_slot(m, key);
	e->key = key;
	e->value = value;
	m->n++;
}

/* The arguments as one key, each "LENGTH:TEXT" so that no two lists look alike; NULL without memory. */
static char *s_key(const char *const *args, int n)
{
	size_t len = 1;
	for (int i = 0; i < n; i++)
		len += strlen(args[i]) + 24;
	char *k = malloc(len), *p = k;
	for (int i = 0; k && i < n; i++) {
		size_t l = strlen(args[i]);
		p += snprintf(p, len - (size_t)(p - k), "%zu:", l);
		memcpy(p, args[i], l);
		p += l;
	}
	if (k)
		*p = '\0';
	return k;
}

/*
 * The store's content may be taken as unchanged between two calls made while the calling statement reads
 * the store (a read transaction is open: the version is then that of the snapshot it reads; before one
 * is open it may be stale) outside any transaction of this connection's own (a write in progress, or one
 * that may still roll back, is never remembered), when the data version of the main database is the
 * same: SQLite moves it on every commit, of this connection or of any other, in this process or another.
 * 0 and the version, or -1 when nothing may be remembered.
 */
static int s_version(sqlite3 *db, unsigned *version)
{
	if (!sqlite3_get_autocommit(db) || sqlite3_txn_state(db, "main") != SQLITE_TXN_READ)
		return -1;
	return sqlite3_file_control(db, "main", SQLITE_FCNTL_DATA_VERSION, version) == SQLITE_OK ? 0 : -1;
}

static void s_call(sqlite3_context *ctx, int nvals, sqlite3_value **vals)
{
	struct s_memo *m = sqlite3_user_data(ctx);
	const char *args[MEMO_ARGS];
	int n = nvals < MEMO_ARGS ? nvals : MEMO_ARGS;
	unsigned version;
	for (int i = 0; i < n; i++) {
		const unsigned char *v = sqlite3_value_text(vals[i]);
		args[i] = v ? (const char *)v : "";
	}
	int keep = s_version(sqlite3_context_db_handle(ctx), &version) == 0;
	if (keep && version != m->version) {
		s_clear(m);
		m->version = version;
	}
	char *key = keep ? s_key(args, n) : NULL;
	if (key && m->size) {
		const struct s_entry *e = s_slot(m, key);
		if (e->key) {
			free(key);
			sqlite3_result_int64(ctx, e->value);
			return;
		}
	}
	int64_t value = m->fn(m->s, args, n, m->arg);
	/* The function may have read the store: the answer holds only if the version has not moved since. */
	if (key && s_version(sqlite3_context_db_handle(ctx), &version) == 0 && version == m->version)
		s_keep(m, key, value);
	else
		free(key);
	sqlite3_result_int64(ctx, value);
}

int lk_store_define_memo_function(lk_store *s, const char *name, int nargs, lk_store_sql_fn fn, void *arg)
{
	struct s_memo *m = calloc(1, sizeof *m);
	if (m == NULL)
		return -LK_ENOMEM;
	*m = (struct s_memo){.s = s, .fn = fn, .arg = arg};
	/* SQLite frees m when the function is replaced or the store closes. */
	int rc = sqlite3_create_function_v2(lk_store__db(s), name, nargs, SQLITE_UTF8, m, s_call, NULL, NULL, s_destroy);
	return rc == SQLITE_OK ? 0 : lk_store__fail(s, rc, "define function");
}
