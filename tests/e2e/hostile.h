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

/* A connected device of one scope. */
struct hdev {
	char home[400];
	lk_conn *c;
	char kab[8], kec[8], pusk[16];
};

static inline void h_dev(struct lkt_server *srv, struct hdev *d, const char *name, const char *role, const char *scope)
{
	char err[256];
	lk_curve_pair kp, server;
	memset(d, 0, sizeof *d);
	lkt_home(srv, name, d->home, sizeof d->home);
	cr_assert_eq(lkt_enroll(srv, d->home, role, scope), 0);
	cr_assert_eq(lkt_home_keys(d->home, &kp), 0);
	cr_assert_eq(lk_curve_load(&server, srv->keydir, "server"), 0);
	d->c = lk_conn_new(srv->endpoint, server.public_z85, &kp, err, sizeof err);
	cr_assert_not_null(d->c, "%s", err);
	if (scope[0] == 'P') {
		memcpy(d->kab, scope + 1, 4);
		memcpy(d->kec, scope + 1, 6);
		strcpy(d->pusk, scope);
	} else if (strlen(scope) == 6) {
		memcpy(d->kab, scope, 4);
		strcpy(d->kec, scope);
	} else {
		strcpy(d->kab, scope);
	}
}

static inline char *h_new_id(char out[LK_UUID_STRLEN])
{
	lk_uuid u;
	lk_uuid_v7(&u);
	return lk_uuid_format(&u, out);
}

/* A record of entity with a fresh id and d's tenant keys. */
static inline ProtobufCMessage *h_record(const struct hdev *d, const char *entity)
{
	char id[LK_UUID_STRLEN];
	ProtobufCMessage *m = lk_record_new(lk_entity_find(entity));
	cr_assert_eq(lk_record_set(m, "id", h_new_id(id)), 0);
	cr_assert_eq(lk_record_set(m, "kabupaten", d->kab), 0);
	cr_assert_eq(lk_record_set(m, "kecamatan", d->kec), 0);
	cr_assert_eq(lk_record_set(m, "puskesmas", d->pusk), 0);
	return m;
}

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
static inline struct hres h_push(struct hdev *d, const char *entity, const char *record_id, const uint8_t *bytes,
                                 size_t len, uint64_t hlc, const char *const *fields)
{
	const struct lk_entity *e = lk_entity_find(entity);
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__PushRequest pr = LOKMIN__PUSH_REQUEST__INIT;
	Lokmin__Op op = LOKMIN__OP__INIT, *ops[1] = {&op};
	Lokmin__Reply *rep;
	char opid[LK_UUID_STRLEN], *names[64];
	size_t n = 0;
	struct hres r;
	if (fields)
		for (; fields[n]; n++)
			names[n] = (char *)fields[n];
	else
		for (; e && n < e->nfields && n < 64; n++)
			names[n] = (char *)e->fields[n].name;
	op.op_id = h_new_id(opid);
	op.entity = (char *)entity;
	op.record_id = (char *)record_id;
	op.hlc = hlc ? hlc : lk_hlc_make(lk_now_ms(), 0);
	op.fields = names;
	op.n_fields = n;
	op.record.data = (uint8_t *)bytes;
	op.record.len = len;
	pr.ops = ops;
	pr.n_ops = 1;
	req.body_case = LOKMIN__REQUEST__BODY_PUSH;
	req.push = &pr;
	cr_assert_eq(lk_conn_call(d->c, &req, 15000, &rep), 0, "push: %s", lk_conn_error(d->c));
	cr_assert_eq(rep->body_case, LOKMIN__REPLY__BODY_PUSH);
	cr_assert_eq(rep->push->n_results, 1);
	r.status = rep->push->results[0]->status;
	r.error = (int)rep->push->results[0]->error;
	lk_strlcpy(r.message, rep->push->results[0]->message, sizeof r.message);
	r.valid_utf8 = lk_utf8_valid(r.message, strlen(r.message));
	lk_reply_free(rep);
	return r;
}

/* Push m as a new record, with extra raw bytes appended. */
static inline struct hres h_push_rec(struct hdev *d, const ProtobufCMessage *m, const void *extra, size_t nextra,
                                     uint64_t hlc)
{
	const char *entity = NULL;
	size_t len;
	for (size_t i = 0; i < lk_entities_count; i++)
		if (lk_entities[i].desc == m->descriptor)
			entity = lk_entities[i].name;
	uint8_t *b = h_bytes(m, extra, nextra, &len);
	struct hres r = h_push(d, entity, lk_record_id(m), b, len, hlc, NULL);
	free(b);
	return r;
}

/*
 * Pull everything d may see, from a fresh snapshot through the log, passing
 * every record through lk_record_accept as a client does; returns the number
 * of records. Any record a client would refuse fails the test.
 */
static inline int h_pull_all_strict(struct hdev *d)
{
	Lokmin__SnapshotState start = LOKMIN__SNAPSHOT_STATE__INIT, *snap = &start;
	uint64_t cursor = 0;
	int total = 0, more = 1;
	char err[256];
	while (more) {
		Lokmin__Request req = LOKMIN__REQUEST__INIT;
		Lokmin__PullRequest pr = LOKMIN__PULL_REQUEST__INIT;
		Lokmin__Reply *rep;
		pr.cursor = cursor;
		pr.limit = 500;
		pr.snapshot = snap;
		req.body_case = LOKMIN__REQUEST__BODY_PULL;
		req.pull = &pr;
		cr_assert_eq(lk_conn_call(d->c, &req, 15000, &rep), 0, "pull: %s", lk_conn_error(d->c));
		cr_assert_eq(rep->body_case, LOKMIN__REPLY__BODY_PULL);
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
