/* store_priv: the few store internals shared by store.c and store_group.c. */
#ifndef LK_STORE_PRIV_H
#define LK_STORE_PRIV_H

#include "store.h"

/* An open group of writes (lk_store_begin): nesting depth and whether a write
 * inside it failed, which makes the outermost commit roll back. */
struct lk_store_group {
	int depth;
	int failed;
};

struct lk_store_group *lk_store__group(lk_store *s);
/* Run one SQL statement; 0 or negative with the reason kept in s. */
int lk_store__exec(lk_store *s, const char *sql);
/* Roll back the open SQLite transaction, if any. */
void lk_store__abort(lk_store *s);

/* ---------------------------------------------------------------- for store_quarantine.c */

typedef struct sqlite3 sqlite3;

/* A write transaction (a savepoint inside a group); lk_store__end commits when
 * rc is 0, else rolls back, and returns rc or the commit's failure. */
int lk_store__begin(lk_store *s);
int lk_store__end(lk_store *s, int rc);
/* The store's connection, borrowed. */
sqlite3 *lk_store__db(lk_store *s);
/* A prepared statement for sql, a string constant: kept by the store for the
 * next call with the same pointer. Give it back with lk_store__unprepared,
 * always: it resets and unbinds a kept one, and finalizes one the store did not keep.
 * NULL with the reason kept in s. */
typedef struct sqlite3_stmt sqlite3_stmt;
sqlite3_stmt *lk_store__prepared(lk_store *s, const char *sql);
void lk_store__unprepared(lk_store *s, sqlite3_stmt *st);
/* The valid signatures noted and not yet written (store_sigs.c). lk_store__sigs_write
 * writes them inside the write transaction about to commit; lk_store__sigs_flush
 * writes them in a transaction of its own and frees the set, at close. */
struct lk_store_sigs **lk_store__sigs(lk_store *s);
void lk_store__sigs_write(lk_store *s);
void lk_store__sigs_flush(lk_store *s);
/* An SQLite failure src of what, as a negative LK_E* code with the reason kept in s. */
int lk_store__fail(lk_store *s, int src, const char *what);
/* Inside a write transaction: bring the clock up to the stored one / store it. */
int lk_store__clock_load(lk_store *s);
int lk_store__clock_save(lk_store *s);
/* Inside a write transaction: store the pull cursor and snapshot state (NULL: none). */
int lk_store__set_position(lk_store *s, uint64_t new_cursor, const Lokmin__SnapshotState *snap);

/* What applying one pulled change did, or why it failed. */
struct lk_store_applied {
	const struct lk_entity *e; /* NULL: an unknown entity, parked */
	int parked;
	char id[64];               /* the record's id, once its record passed the gate */
	int64_t rev;               /* the rev the store now holds for it (its own when newer) */
	int record_level;          /* on failure: the record's fault (gate, constraint), not the store's */
};

/*
 * Apply one pulled change inside the open write transaction: park an unknown
 * entity's change, skip one older than the row, otherwise write it (keeping
 * fields of unanswered local ops). 0, or negative with the reason (without the
 * change's position) in why and a->record_level set when the failure belongs to
 * the record: the gate refuses it, or SQLite refuses the row (constraint, type
 * mismatch, too big); busy, I/O, full, read-only, corrupt and out-of-memory
 * failures belong to the store. A record-level SQLite failure has undone only
 * its own statement.
 */
int lk_store__apply_change(lk_store *s, const Lokmin__Change *c, struct lk_store_applied *a, char *why,
                           size_t whylen);
/* Inside a write transaction: actor (a person id; NULL or "" = not known)
 * made the last change of the record (store_actor.c). 0 or negative. */
int lk_store__actor_note(lk_store *s, const char *entity, const char *id, const char *actor);
/* Held-back records (in a read or write transaction). 0 or negative. */
int lk_store__quarantine_count(lk_store *s, int64_t *n);

#endif
