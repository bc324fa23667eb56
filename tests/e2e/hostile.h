/* hostile: helpers for tests that push hand-made bytes the way a hostile client would. */
#ifndef LKT_HOSTILE_H
#define LKT_HOSTILE_H

#include <criterion/criterion.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conn.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_hlc.h"
#include "lk_strict.h"
#include "lk_utf8.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "lkt.h"
#include "lkt_cli.h"
#include "lkt_dev.h"

/* Bytes of m with extra raw bytes appended (a field spliced in by hand). */
static inline uint8_t *h_bytes(const ProtobufCMessage *m, const void *extra, size_t nextra, size_t *len)
{
	uint8_t *buf, *out;
	size_t n;
	cr_assert_eq(lk_record_encode(m, &buf, &n), 0);
	out = malloc(n + nextra + 1);
	memcpy(out, buf, n);
	if (nextra)
		memcpy(out + n, extra, nextra);
	free(buf);
	*len = n + nextra;
	return out;
}

/* The outcome of one pushed op. */
struct hres {
	int status, error;
	char message[600];
	int valid_utf8;
};

/* Push one op for entity/record_id with the given bytes, hlc and changed fields (all own fields when NULL). */
static inline struct hres h_push(struct lkt_dev *d, const char *entity, const char *record_id, const uint8_t *bytes,
                                 size_t len, uint64_t hlc, const char *const *fields)
{
	struct lkt_op o;
	struct hres r;
	lkt_op_raw(&o, entity, record_id, bytes, len, fields);
	o.op.hlc = hlc ? hlc : lk_hlc_make(lk_now_ms(), 0);
	Lokmin__Op *ops[1] = {&o.op};
	Lokmin__Reply *rep = lkt_push(d, ops, 1, 15000);
	r.status = rep->push->results[0]->status;
	r.error = (int)rep->push->results[0]->error;
	lk_strlcpy(r.message, rep->push->results[0]->message, sizeof r.message);
	r.valid_utf8 = lk_utf8_valid(r.message, strlen(r.message));
	lk_reply_free(rep);
	return r;
}

/* Push m as a new record, with extra raw bytes appended. */
static inline struct hres h_push_rec(struct lkt_dev *d, const ProtobufCMessage *m, const void *extra, size_t nextra,
                                     uint64_t hlc)
{
	const struct lk_entity *e = lkt_entity_of(m);
	size_t len;
	uint8_t *b = h_bytes(m, extra, nextra, &len);
	struct hres r = h_push(d, e ? e->name : NULL, lk_record_id(m), b, len, hlc, NULL);
	free(b);
	return r;
}

/*
 * Pull everything d may see, from a fresh snapshot through the log, passing
 * every record through lk_record_accept as a client does; returns the number
 * of records. Any record a client would refuse fails the test.
 */
static inline int h_pull_all_strict(struct lkt_dev *d)
{
	Lokmin__SnapshotState start = LOKMIN__SNAPSHOT_STATE__INIT, *snap = &start;
	uint64_t cursor = 0;
	int total = 0, more = 1;
	char err[256];
	while (more) {
		Lokmin__Reply *rep = lkt_pull(d, cursor, 500, snap, 15000);
		for (size_t i = 0; i < rep->pull->n_changes; i++) {
			const Lokmin__Change *c = rep->pull->changes[i];
			const struct lk_entity *e = lk_entity_find(c->entity);
			ProtobufCMessage *m;
			cr_assert_not_null(e);
			cr_assert_eq(lk_record_accept(e, c->record.data, c->record.len, 0, &m, err, sizeof err), 0,
			             "pulled %s refused: %s", c->entity, err);
			lk_record_free(m);
			total++;
		}
		if (snap != &start)
			lokmin__snapshot_state__free_unpacked(snap, NULL);
		snap = rep->pull->snapshot;
		rep->pull->snapshot = NULL;
		cursor = rep->pull->cursor;
		more = rep->pull->more;
		lk_reply_free(rep);
	}
	return total;
}

/* A new lokmin CLI device of scope bootstraps with `lokmin sync` (exit 0) and its store is intact. */
static inline void h_new_device_syncs(struct lkt_server *srv, const char *name, const char *role, const char *scope)
{
	char home[400], path[460];
	sqlite3 *db;
	sqlite3_stmt *st;
	lkt_home(srv, name, home, sizeof home);
	cr_assert_eq(lkt_enroll(srv, home, role, scope), 0);
	free(lkt_cli_ok(home, NULL, LKT_WORDS("sync")));
	snprintf(path, sizeof path, "%s/store.db", home);
	cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	sqlite3_close(db);
	/* A second sync finds nothing left to do and still succeeds. */
	free(lkt_cli_ok(home, NULL, LKT_WORDS("sync")));
}

#endif
