/* store: the client's offline store: one SQLite table per synced entity, the outbox of ops and sync state. */
#ifndef LK_STORE_H
#define LK_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <protobuf-c/protobuf-c.h>

#include "lk_entity.h"
#include "lk_uuid.h"
#include "lokmin.pb-c.h"

/*
 * One open HOME/store.db. Not thread-safe: use one lk_store per thread (its
 * SQLite connection takes no lock of its own on each call). Several
 * processes may open the same store at once (sync running while a command
 * writes): every write is one IMMEDIATE transaction and the HLC is re-read
 * from the database inside it.
 */
typedef struct lk_store lk_store;

/* Open (create, migrate, reconcile entity tables) HOME/store.db. NULL on
 * failure with the reason in err. Close with lk_store_close. */
lk_store *lk_store_open(const char *home, char *err, size_t errlen);
/* Close and set *s to NULL; safe on NULL and twice. */
void lk_store_close(lk_store **s);
/* Detail of the last failure of s (static storage in s, "" when none). */
const char *lk_store_error(const lk_store *s);

/* ---------------------------------------------------------------- records */

/*
 * A local change: rec holds the new values of the fields named in fields
 * ("deleted" allowed, other header fields not). For a record not yet in the
 * store all of rec is written (rev 0) and the op names every own field; for an
 * existing one only the named fields change, and fields whose value does not
 * change are left out of the op (0 with nothing written when none changes).
 * The result is validated (-LK_EINVAL with the reason in err, nothing written),
 * stamped with a new HLC and, in one transaction, written with its outbox op
 * (coalesced into the record's newest never-sent op made on the same rev).
 * Server-only entities give -LK_EPERM.
 */
int lk_store_put(lk_store *s, const struct lk_entity *e, const ProtobufCMessage *rec, const char *const *fields,
                 size_t nfields, char *err, size_t errlen) __attribute__((warn_unused_result));
/*
 * A group of writes made as one transaction: after lk_store_begin, every write
 * (lk_store_put and the rest) joins one SQLite transaction, records and outbox
 * ops alike, that lk_store_commit makes durable whole. lk_store_rollback, a
 * refused lk_store_put inside the group, or a process killed before the commit
 * leave nothing of it. Groups nest: inner begin/commit only count, an inner
 * rollback dooms the outer group (its commit then rolls back, -LK_EIO). The
 * write lock is held from begin to commit. 0 or negative.
 */
int lk_store_begin(lk_store *s) __attribute__((warn_unused_result));
int lk_store_commit(lk_store *s) __attribute__((warn_unused_result));
void lk_store_rollback(lk_store *s);

/* The record id of e; *out is the caller's (lk_record_free). 0 or -LK_ENOTFOUND. */
int lk_store_get(lk_store *s, const struct lk_entity *e, const char *id, ProtobufCMessage **out)
	__attribute__((warn_unused_result));

/* Called for each row; rec is borrowed for the call. Non-zero stops the walk
 * and is returned by the walker. */
typedef int (*lk_store_row_fn)(const struct lk_entity *e, const ProtobufCMessage *rec, void *arg);
/* Every row of e (tombstones included) in id order. 0, the callback's value, or negative. */
int lk_store_list(lk_store *s, const struct lk_entity *e, lk_store_row_fn fn, void *arg);

/* Every row of every entity, entity-table order then id order, one lk_record_json
 * line each. 0 or negative (-LK_EIO on a write error). */
int lk_store_export(lk_store *s, FILE *f);

/* Who made the last change of the record id of e, as far as this device knows
 * (its own edits and the changes pulled): a person id into out, "" when not
 * known. 0 or negative. */
int lk_store_record_actor(lk_store *s, const struct lk_entity *e, const char *id, char *out, size_t size)
	__attribute__((warn_unused_result));

/* ---------------------------------------------------------------- outbox (push) */

/* One op as it goes on the wire (Lokmin__Op). Everything is owned by the op. */
struct lk_outbox_op {
	char op_id[LK_UUID_STRLEN];
	char *entity;
	char *record_id;
	int64_t base_rev;
	uint64_t hlc;
	char **fields;
	size_t nfields;
	uint8_t *record;   /* the encoded record after the change */
	size_t record_len;
	int attempts;      /* times handed out by lk_store_outbox_take, this one included */
	char actor[LK_UUID_STRLEN]; /* the person who made the change, "" = not known */
};

/*
 * The person (a Person record id) at the keyboard: every op queued from now on
 * carries it, until it is set again; NULL or "" clears it (ops then say nothing
 * about the person). An op never folds in a change made by another person.
 * 0, or -LK_EINVAL when person_id is not a lower-case UUID.
 */
int lk_store_set_actor(lk_store *s, const char *person_id);
/* The actor set on s ("" when none); static storage in s. */
const char *lk_store_actor(const lk_store *s);

/* Free n ops and the array; safe on NULL. */
void lk_outbox_ops_free(struct lk_outbox_op *ops, size_t n);

/*
 * Hand out up to max of the oldest pending ops (an array the caller frees with
 * lk_outbox_ops_free) and mark them sent in one transaction, so later local
 * edits make new ops instead of changing ones on the wire. Per record only the
 * oldest op is handed out, and none while another op of the record is sent and
 * unanswered: a record's ops reach the server one at a time, in order. Call
 * again after the results to get the ops that waited. 0 or negative.
 */
int lk_store_outbox_take(lk_store *s, size_t max, struct lk_outbox_op **ops, size_t *n)
	__attribute__((warn_unused_result));
/* As lk_store_outbox_take, stopping before the records' encoded bytes pass
 * max_bytes (at least one op is handed out), so a push fits in one message. */
int lk_store_outbox_take_bytes(lk_store *s, size_t max, size_t max_bytes, struct lk_outbox_op **ops, size_t *n)
	__attribute__((warn_unused_result));

/*
 * The server's result for an op. APPLIED, DUPLICATE and CONFLICT delete the op;
 * REJECTED moves it to failed_op with error (code), error_name (NULL: from the
 * code) and message. The row's rev is raised only when the server's record is
 * known to be this device's own creation (row rev 0, result rev 1); any other
 * rev comes with the merged record in a pull, because a rev the store has not
 * seen as a whole record would hide other devices' changes from the server's
 * per-field merge. 0, -LK_ENOTFOUND (no such op) or negative.
 */
int lk_store_outbox_result(lk_store *s, const char *op_id, Lokmin__OpStatus status, uint32_t error,
                           const char *error_name, const char *message, int64_t rev);

/* At the start of a sync: ops left sent by an interrupted sync become pending
 * again (they keep their op_id; the server's dedup makes resending safe, and
 * they never absorb later edits). 0 or negative. */
int lk_store_outbox_requeue_sent(lk_store *s);

/* ---------------------------------------------------------------- pull */

/*
 * Apply one pull page and store new_cursor and the snapshot state (NULL: no
 * snapshot in progress) in one transaction: either all of it or nothing.
 * A change of an unknown entity is skipped; one older than the row (change
 * rev < row rev) is skipped; otherwise every field is written except those
 * named by a pending or sent op of the record, and rev and hlc come from the
 * change. Equal revs are applied (a no-op for a synced row) so that a snapshot
 * repairs rows that kept a rejected local value. A change whose record does
 * not decode fails the page (-LK_EINVAL with err). 0 or negative.
 */
int lk_store_apply_page(lk_store *s, const Lokmin__Change *const *changes, size_t n, uint64_t new_cursor,
                        const Lokmin__SnapshotState *snap_or_NULL, char *err, size_t errlen)
	__attribute__((warn_unused_result));

/*
 * As lk_store_apply_page, except that a change failing for a reason of its own
 * record does not fail the page: the pull gate refuses the record, or the
 * store refuses its row (a constraint, a type mismatch, too big). Such a
 * change is held back in the store's quarantine with the reason, replacing an
 * older held-back version of the record, and the rest of the page applies;
 * the cursor moves on. A held-back version leaves the quarantine once the
 * store holds that record at its rev or later. Failures of the store itself
 * (busy, I/O, disk full, read-only, corrupt, out of memory) still fail the
 * whole page and hold nothing back. A page where nothing fails costs what
 * lk_store_apply_page costs plus one look at the quarantine; only after a
 * record-level failure is the page applied again with a savepoint per change.
 * *held (may be NULL): changes of this page held back. 0 or negative.
 */
int lk_store_apply_pulled(lk_store *s, const Lokmin__Change *const *changes, size_t n, uint64_t new_cursor,
                          const Lokmin__SnapshotState *snap_or_NULL, size_t *held, char *err, size_t errlen)
	__attribute__((warn_unused_result));

/*
 * Try every held-back record again (an upgraded lokmin or a repaired store may
 * take it now), each on its own: one that applies leaves the quarantine; one
 * that still fails for its record stays, with the new reason, and writes
 * nothing else. A failure of the store stops the retry and undoes it.
 * *applied and *left count the two (either may be NULL). 0 or negative.
 */
int lk_store_quarantine_retry(lk_store *s, size_t *applied, size_t *left) __attribute__((warn_unused_result));

/* One held-back record, borrowed for the callback. */
struct lk_held_record {
	const char *entity;
	const char *record_id; /* "#SEQ" when the record did not even decode */
	uint64_t seq;          /* its change-log position (0 inside a snapshot) */
	int64_t rev;
	const char *reason;
	int64_t held_ms;       /* when this version was held back */
};
typedef int (*lk_store_held_fn)(const struct lk_held_record *h, void *arg);
/* Held-back records, oldest first. 0, the callback's non-zero value, or negative. */
int lk_store_quarantine_list(lk_store *s, lk_store_held_fn fn, void *arg);

/*
 * The stored cursor and, when snap is not NULL, the snapshot state
 * (snap->after_id points into s, valid until the next call on s; an INIT state
 * when none). Returns 1 when a snapshot is in progress (send snap with the next
 * pull), 0 when not, negative on error.
 */
int lk_store_cursor(lk_store *s, uint64_t *cursor, Lokmin__SnapshotState *snap);
/* Forget the cursor and snapshot state (after RESYNC); rows and outbox stay. */
int lk_store_reset_for_resync(lk_store *s);

/* ---------------------------------------------------------------- status */

/* Metadata keys the sync engine sets with lk_store_set_meta. */
#define LK_STORE_META_LAST_SYNC "last_sync_ms"   /* ms since the epoch of the last successful sync */
#define LK_STORE_META_LAST_ERROR "last_error"    /* why the last sync failed; removed on success */

struct lk_store_status {
	int64_t pending_ops;
	int64_t sent_ops;
	int64_t failed_ops;
	int64_t open_conflicts; /* conflict records not resolved and not deleted */
	int64_t quarantined;    /* pulled records held back (lk_store_apply_pulled) */
	uint64_t cursor;
	int snapshot;           /* a snapshot pull is in progress */
	int64_t last_sync_ms;   /* 0 = never */
	char last_error[512];   /* "" = none */
};

int lk_store_status(lk_store *s, struct lk_store_status *st);
/* Set a sync_state value; value NULL removes the key. 0 or negative. */
int lk_store_set_meta(lk_store *s, const char *key, const char *value);
/* *value is malloc'd (caller frees). 0 or -LK_ENOTFOUND. */
int lk_store_get_meta(lk_store *s, const char *key, char **value) __attribute__((warn_unused_result));

/*
 * Run one reading SQL statement over the store (tables as the entity table
 * names them, one column per field, tenant keys as kabupaten_code ...), with
 * text parameters; fn gets each row's columns as text ("" for NULL), valid
 * during the call. 0, the callback's non-zero value, or negative.
 */
typedef int (*lk_store_query_fn)(const char *const *row, int ncol, void *arg);
int lk_store_query(lk_store *s, const char *sql, const char *const *params, int nparams, lk_store_query_fn fn,
                   void *arg);

/*
 * As lk_store_query, with each column also as a number: num[c] is an integer
 * or real column's value (0 for text or NULL), and a real column's row[c] is
 * "" (writing a real as text is most of the cost of reading many).
 */
typedef int (*lk_store_query_num_fn)(const char *const *row, const double *num, int ncol, void *arg);
int lk_store_query_num(lk_store *s, const char *sql, const char *const *params, int nparams,
                       lk_store_query_num_fn fn, void *arg);

/*
 * A stamp of the store's content: it differs whenever a record may have
 * changed since it was last taken (a change made through s, applied by a
 * sync, or committed by another process), so a result computed from the
 * store can be kept while the stamp stays. 0 when it cannot be read (never
 * equal to a stamp that could).
 */
uint64_t lk_store_stamp(lk_store *s);
/* A number no other store opened by this process has (a cache's owner, where
 * a pointer could be reused after a close). */
uint64_t lk_store_serial(const lk_store *s);

/*
 * Make fn callable from the store's SQL as name(arg1, ... argN): it gets the
 * arguments as text ("" for NULL) and returns an integer result. fn may read
 * the store (lk_store_get, lk_store_query) while it runs. Defining a name again
 * replaces it. 0 or negative.
 */
typedef int64_t (*lk_store_sql_fn)(lk_store *s, const char *const *args, int nargs, void *arg);
int lk_store_define_function(lk_store *s, const char *name, int nargs, lk_store_sql_fn fn, void *arg);
/*
 * As lk_store_define_function, for a function whose result depends only on its
 * arguments and the store's content: each result is remembered per argument
 * list and given again, without calling fn, until the store changes (a commit
 * by this connection or any other). Only calls made by a statement reading
 * the store's tables are remembered, and none inside a transaction of this
 * connection's own (store_memo.c). 0 or negative.
 */
int lk_store_define_memo_function(lk_store *s, const char *name, int nargs, lk_store_sql_fn fn, void *arg);

/* Signatures found valid (store_sigs.c), each named by h, the hash of the
 * check's whole input (lk_sign_cache): 1 when h was noted before, else 0. A
 * note is written when the store is closed; one lost is checked again. */
int lk_store_sig_known(lk_store *s, const uint8_t h[32]);
void lk_store_sig_note(lk_store *s, const uint8_t h[32]);

#define LK_STORE_META_CATALOGUE "catalogue_digest" /* digest of the indicator catalogue held */

/* Replace the indicator catalogue with c (and remember its digest). 0 or negative. */
int lk_store_catalogue_put(lk_store *s, const Lokmin__CatalogueReply *c);
/* Each indicator (borrowed for the callback) in code order. 0, the callback's value, or negative. */
typedef int (*lk_store_indicator_fn)(const Lokmin__Indicator *x, void *arg);
int lk_store_catalogue_list(lk_store *s, lk_store_indicator_fn fn, void *arg);

/* One rejected op, borrowed for the callback. */
struct lk_failed_op {
	const char *op_id;
	const char *entity;
	const char *record_id;
	const char *fields;     /* comma separated */
	int64_t base_rev;
	uint32_t code;
	const char *error_name;
	const char *message;
	int64_t failed_ms;
};
typedef int (*lk_store_failed_fn)(const struct lk_failed_op *f, void *arg);
/* Rejected ops, oldest first. 0, the callback's non-zero value, or negative. */
int lk_store_failed_list(lk_store *s, lk_store_failed_fn fn, void *arg);
/* Forget one refused op. When its record never reached the server and nothing
 * else is queued or refused for it, the record is removed too (*reverted = 1).
 * 0, -LK_ENOTFOUND or negative. */
int lk_store_failed_discard(lk_store *s, const char *op_id, int *reverted);

#endif
