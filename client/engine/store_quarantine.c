/* store_quarantine: applying pulled pages, holding back (quarantining) the records this device cannot apply. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "lk_error.h"
#include "lk_util.h"
#include "store_priv.h"

/* The savepoint around one change, when a page is applied change by change. */
#define SP_BEGIN "SAVEPOINT lk_change"
#define SP_KEEP "RELEASE lk_change"
#define SP_UNDO "ROLLBACK TO lk_change; RELEASE lk_change"

/* Run one statement with bound values: text for 't', int64 for 'i', a blob
 * (pointer then length) for 'b'. 0 or negative. */
static int s_run(lk_store *s, const char *sql, const char *types, ...)
{
	sqlite3_stmt *st = lk_store__prepared(s, sql);
	va_list ap;
	int rc;
	if (st == NULL)
		return -LK_EIO;
	va_start(ap, types);
	for (int i = 0; types[i]; i++) {
		if (types[i] == 't') {
			sqlite3_bind_text(st, i + 1, va_arg(ap, const char *), -1, SQLITE_STATIC);
		} else if (types[i] == 'i') {
			sqlite3_bind_int64(st, i + 1, (sqlite3_int64)va_arg(ap, int64_t));
		} else {
			const void *p = va_arg(ap, const void *);
			int len = (int)va_arg(ap, size_t);
			sqlite3_bind_blob(st, i + 1, p ? p : "", len, SQLITE_STATIC);
		}
	}
	va_end(ap);
	rc = sqlite3_step(st);
	rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : lk_store__fail(s, rc, "quarantine");
	lk_store__unprepared(s, st);
	return rc;
}

int lk_store__quarantine_count(lk_store *s, int64_t *n)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(lk_store__db(s), "SELECT count(*) FROM quarantine", -1, &st, NULL);
	*n = 0;
	if (rc != SQLITE_OK)
		return lk_store__fail(s, rc, "quarantine");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	rc = rc == SQLITE_ROW ? 0 : lk_store__fail(s, rc, "quarantine");
	sqlite3_finalize(st);
	return rc;
}

/* 1 in *any when something is held back: looked at once per page, so a store
 * with an empty quarantine pays nothing per change. */
static int s_any(lk_store *s, int *any)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(lk_store__db(s), "SELECT EXISTS (SELECT 1 FROM quarantine)", -1, &st, NULL);
	*any = 0;
	if (rc != SQLITE_OK)
		return lk_store__fail(s, rc, "quarantine");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*any = sqlite3_column_int(st, 0);
	rc = rc == SQLITE_ROW ? 0 : lk_store__fail(s, rc, "quarantine");
	sqlite3_finalize(st);
	return rc;
}

/* The record now in the store (a) makes its held-back versions up to its rev moot. */
static int s_release(lk_store *s, const struct lk_store_applied *a)
{
	if (a->parked || a->e == NULL || a->id[0] == '\0')
		return 0;
	return s_run(s, "DELETE FROM quarantine WHERE entity = ?1 AND record_id = ?2 AND rev <= ?3", "tti",
	             a->e->name, a->id, a->rev);
}

/* 1 when id can name a held-back record in a listing: short printable ASCII. */
static int s_plain_id(const char *id, size_t max)
{
	size_t n = 0;
	for (; id[n]; n++)
		if (n >= max || (unsigned char)id[n] < 0x21 || (unsigned char)id[n] > 0x7e)
			return 0;
	return n > 0;
}

/*
 * The key (record id, rev) a change that cannot be applied is held under. The
 * gate may refuse a record whose id is still readable: protobuf-c's own,
 * lenient decoding finds it, so a later good version replaces it. Bytes that
 * do not decode at all get "#SEQ" (with a digest inside a snapshot, where seq
 * is 0).
 */
static void s_key(const Lokmin__Change *c, char *id, size_t idlen, int64_t *rev)
{
	const struct lk_entity *e = lk_entity_find(c->entity);
	ProtobufCMessage *m = e ? lk_record_decode(e, c->record.data, c->record.len) : NULL;
	*rev = 0;
	if (m && s_plain_id(lk_record_id(m), idlen - 1)) {
		lk_strlcpy(id, lk_record_id(m), idlen);
		*rev = lk_record_rev(m);
	} else if (c->seq) {
		snprintf(id, idlen, "#%" PRIu64, c->seq);
	} else {
		uint32_t h = 2166136261u; /* FNV-1a */
		for (size_t i = 0; i < c->record.len; i++)
			h = (h ^ c->record.data[i]) * 16777619u;
		snprintf(id, idlen, "#0-%08" PRIx32, h);
	}
	lk_record_free(m);
}

/* Hold c back with reason; a held version of the same record is replaced unless it is newer. */
static int s_hold(lk_store *s, const Lokmin__Change *c, const char *reason)
{
	char id[64];
	int64_t rev;
	s_key(c, id, sizeof id, &rev);
	return s_run(s,
	             "INSERT INTO quarantine (entity, record_id, seq, rev, reason, record, quarantined_ms) "
	             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (entity, record_id) DO UPDATE SET "
	             "seq = excluded.seq, rev = excluded.rev, reason = excluded.reason, record = excluded.record, "
	             "quarantined_ms = excluded.quarantined_ms WHERE excluded.rev >= quarantine.rev",
	             "ttiitbi", c->entity, id, (int64_t)c->seq, rev, reason, (const void *)c->record.data,
	             c->record.len, (int64_t)lk_now_ms());
}

/*
 * One page in one transaction. The first pass has no savepoints (the common
 * case costs nothing extra); when hold is set and a change fails for its
 * record, that pass is rolled back and the page is applied again with a
 * savepoint per change, so a failing change is undone alone and held back.
 */
static int s_apply(lk_store *s, const Lokmin__Change *const *changes, size_t n, uint64_t new_cursor,
                   const Lokmin__SnapshotState *snap, int hold, size_t *held, char *err, size_t errlen)
{
	char why[400];
	size_t nheld = 0;
	int rc, any = 0, slow = 0;

	if (held)
		*held = 0;
again:
	if (errlen)
		err[0] = '\0';
	nheld = 0;
	if ((rc = lk_store__begin(s)) != 0)
		goto fail;
	rc = lk_store__clock_load(s);
	if (rc == 0 && hold)
		rc = s_any(s, &any);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const Lokmin__Change *c = changes[i];
		struct lk_store_applied a;
		if (slow && (rc = lk_store__exec(s, SP_BEGIN)) != 0)
			break;
		if ((rc = lk_store__apply_change(s, c, &a, why, sizeof why)) == 0) {
			if (slow)
				rc = lk_store__exec(s, SP_KEEP);
			if (rc == 0 && any)
				rc = s_release(s, &a);
			continue;
		}
		if (!hold || !a.record_level) {
			snprintf(err, errlen, "change %zu (seq %" PRIu64 "): %s", i, c->seq, why);
			break;
		}
		if (!slow) {
			lk_store__end(s, rc);
			slow = 1;
			goto again;
		}
		/* A conflict clause or trigger that rolls back the whole transaction
		 * has lost the page's earlier changes: the page fails. */
		if (sqlite3_get_autocommit(lk_store__db(s))) {
			snprintf(err, errlen, "change %zu (seq %" PRIu64 "): %s (the page was rolled back)", i, c->seq,
			         why);
			rc = -LK_EIO;
			break;
		}
		if ((rc = lk_store__exec(s, SP_UNDO)) == 0 && (rc = s_hold(s, c, why)) == 0) {
			nheld++;
			any = 1;
		}
	}
	if (rc == 0)
		rc = lk_store__set_position(s, new_cursor, snap);
	if (rc == 0)
		rc = lk_store__clock_save(s);
	if ((rc = lk_store__end(s, rc)) == 0) {
		if (held)
			*held = nheld;
		return 0;
	}
fail:
	if (errlen && err[0] == '\0')
		snprintf(err, errlen, "%s", lk_store_error(s)[0] ? lk_store_error(s) : lk_strerror(rc));
	return rc;
}

int lk_store_apply_page(lk_store *s, const Lokmin__Change *const *changes, size_t n, uint64_t new_cursor,
                        const Lokmin__SnapshotState *snap, char *err, size_t errlen)
{
	return s_apply(s, changes, n, new_cursor, snap, 0, NULL, err, errlen);
}

int lk_store_apply_pulled(lk_store *s, const Lokmin__Change *const *changes, size_t n, uint64_t new_cursor,
                          const Lokmin__SnapshotState *snap, size_t *held, char *err, size_t errlen)
{
	return s_apply(s, changes, n, new_cursor, snap, 1, held, err, errlen);
}

/* ---------------------------------------------------------------- retry */

/* One held-back record, copied out of the table before the retry changes it. */
struct s_held {
	char *entity, *key;
	uint64_t seq;
	uint8_t *record;
	size_t len;
};

static void s_held_free(struct s_held *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(h[i].entity);
		free(h[i].key);
		free(h[i].record);
	}
	free(h);
}

/* Every held-back record, oldest first, into *out (s_held_free). */
static int s_held_load(lk_store *s, struct s_held **out, size_t *n)
{
	sqlite3_stmt *st = NULL;
	struct s_held *v = NULL;
	size_t cap = 0;
	int rc = sqlite3_prepare_v2(lk_store__db(s),
	                            "SELECT entity, record_id, seq, record FROM quarantine "
	                            "ORDER BY quarantined_ms, entity, record_id",
	                            -1, &st, NULL);
	*out = NULL;
	*n = 0;
	if (rc != SQLITE_OK)
		return lk_store__fail(s, rc, "quarantine");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			struct s_held *nv = realloc(v, (cap = cap ? cap * 2 : 8) * sizeof *nv);
			if (nv == NULL)
				break;
			v = nv;
		}
		struct s_held *h = &v[*n];
		size_t len = (size_t)sqlite3_column_bytes(st, 3);
		h->entity = strdup((const char *)sqlite3_column_text(st, 0));
		h->key = strdup((const char *)sqlite3_column_text(st, 1));
		h->seq = (uint64_t)sqlite3_column_int64(st, 2);
		h->record = malloc(len ? len : 1);
		h->len = len;
		++*n;
		if (h->entity == NULL || h->key == NULL || h->record == NULL)
			break;
		if (len)
			memcpy(h->record, sqlite3_column_blob(st, 3), len);
	}
	rc = rc == SQLITE_DONE ? 0 : rc == SQLITE_ROW ? -LK_ENOMEM : lk_store__fail(s, rc, "quarantine");
	sqlite3_finalize(st);
	if (rc != 0) {
		s_held_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

int lk_store_quarantine_retry(lk_store *s, size_t *applied, size_t *left)
{
	struct s_held *h = NULL;
	size_t n = 0, ok = 0, kept = 0;
	char why[400];
	int rc, any;

	if (applied)
		*applied = 0;
	if (left)
		*left = 0;
	/* An empty quarantine is the usual case: look before taking the write lock. */
	if ((rc = s_any(s, &any)) != 0 || !any)
		return rc;
	if ((rc = lk_store__begin(s)) != 0)
		return rc;
	if ((rc = lk_store__clock_load(s)) == 0)
		rc = s_held_load(s, &h, &n);
	for (size_t i = 0; i < n && rc == 0; i++) {
		Lokmin__Change c = LOKMIN__CHANGE__INIT;
		struct lk_store_applied a;
		c.seq = h[i].seq;
		c.entity = h[i].entity;
		c.record.data = h[i].record;
		c.record.len = h[i].len;
		if ((rc = lk_store__exec(s, SP_BEGIN)) != 0)
			break;
		if ((rc = lk_store__apply_change(s, &c, &a, why, sizeof why)) == 0) {
			if ((rc = lk_store__exec(s, SP_KEEP)) == 0 &&
			    (rc = s_run(s, "DELETE FROM quarantine WHERE entity = ?1 AND record_id = ?2", "tt",
			                h[i].entity, h[i].key)) == 0)
				rc = s_release(s, &a);
			ok += rc == 0;
			continue;
		}
		if (!a.record_level)
			break;
		if (sqlite3_get_autocommit(lk_store__db(s))) {
			rc = -LK_EIO; /* the whole transaction is gone: nothing of the retry stays */
			break;
		}
		/* Still refused: undone, and only the reason changes. */
		if ((rc = lk_store__exec(s, SP_UNDO)) == 0)
			rc = s_run(s, "UPDATE quarantine SET reason = ?3 WHERE entity = ?1 AND record_id = ?2", "ttt",
			           h[i].entity, h[i].key, why);
		kept += rc == 0;
	}
	s_held_free(h, n);
	if (rc == 0)
		rc = lk_store__clock_save(s);
	if ((rc = lk_store__end(s, rc)) != 0)
		return rc;
	if (applied)
		*applied = ok;
	if (left)
		*left = kept;
	return 0;
}

/* ---------------------------------------------------------------- listing */

int lk_store_quarantine_list(lk_store *s, lk_store_held_fn fn, void *arg)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(lk_store__db(s),
	                            "SELECT entity, record_id, seq, rev, reason, quarantined_ms FROM quarantine "
	                            "ORDER BY quarantined_ms, entity, record_id",
	                            -1, &st, NULL);
	if (rc != SQLITE_OK)
		return lk_store__fail(s, rc, "quarantine");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct lk_held_record h = {
			.entity = (const char *)sqlite3_column_text(st, 0),
			.record_id = (const char *)sqlite3_column_text(st, 1),
			.seq = (uint64_t)sqlite3_column_int64(st, 2),
			.rev = sqlite3_column_int64(st, 3),
			.reason = (const char *)sqlite3_column_text(st, 4),
			.held_ms = sqlite3_column_int64(st, 5),
		};
		int cb = fn(&h, arg);
		if (cb != 0) {
			sqlite3_finalize(st);
			return cb;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : lk_store__fail(s, rc, "quarantine");
	sqlite3_finalize(st);
	return rc;
}
