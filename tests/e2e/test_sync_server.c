/* test_sync_server: push and pull against a real lokmind: results, merges, conflicts, scope, order, resync. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conn.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_sign.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "lkt.h"
#include "lkt_dev.h"

static struct lkt_server s_srv;

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 4), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(sync_server, .init = s_setup, .fini = s_teardown, .timeout = 180);

static ProtobufCMessage *s_meeting(const struct lkt_dev *d, const char *title)
{
	ProtobufCMessage *m = lkt_record(d, "meeting");
	cr_assert_eq(lk_record_set(m, "kind", "monthly"), 0);
	cr_assert_eq(lk_record_set(m, "year", "2026"), 0);
	cr_assert_eq(lk_record_set(m, "period", "3"), 0);
	cr_assert_eq(lk_record_set(m, "planned_date", "2026-03-03"), 0);
	cr_assert_eq(lk_record_set(m, "status", "planned"), 0);
	cr_assert_eq(lk_record_set(m, "title", title), 0);
	return m;
}

/* Start a snapshot: an empty state. */
static Lokmin__SnapshotState s_start = LOKMIN__SNAPSHOT_STATE__INIT;

static char *s_sql(const char *sql)
{
	char *v = lkt_sql_value(&s_srv.db, sql);
	cr_assert_not_null(v, "%s", sql);
	return v;
}

Test(sync_server, push_results_duplicate_and_replay)
{
	struct lkt_dev d;
	struct lkt_op a, b;
	lkt_dev(&s_srv, &d, "pkm", "puskesmas", "P3324010101");
	ProtobufCMessage *m = s_meeting(&d, "Lokmin Maret");
	static const char *const all[] = {"kind", "year", "period", "planned_date", "status", "title", NULL};
	lkt_op(&a, m, 0, all);
	/* An invalid record in the same batch is rejected alone. */
	cr_assert_eq(lk_record_set(m, "status", "someday"), 0);
	struct lkt_dev dummy = d;
	(void)dummy;
	ProtobufCMessage *bad = s_meeting(&d, "bad");
	cr_assert_eq(lk_record_set(bad, "status", "someday"), 0);
	lkt_op(&b, bad, 0, all);
	Lokmin__Op *ops[2] = {&a.op, &b.op};
	Lokmin__Reply *rep = lkt_push(&d, ops, 2, 10000);
	cr_assert_eq(rep->push->results[0]->status, LOKMIN__OP_STATUS__OP_APPLIED, "%s", rep->push->results[0]->message);
	cr_assert_eq(rep->push->results[0]->rev, 1);
	cr_assert_eq(rep->push->results[1]->status, LOKMIN__OP_STATUS__OP_REJECTED);
	cr_assert_eq(rep->push->results[1]->error, LK_EINVAL);
	cr_assert(strstr(rep->push->results[1]->message, "status"), "%s", rep->push->results[1]->message);
	lk_reply_free(rep);

	/* Replaying the same batch changes nothing and returns the stored outcomes. */
	char *before = s_sql("SELECT count(*) || '/' || max(seq) FROM change_log");
	rep = lkt_push(&d, ops, 2, 10000);
	cr_assert_eq(rep->push->results[0]->status, LOKMIN__OP_STATUS__OP_DUPLICATE);
	cr_assert_eq(rep->push->results[0]->first_status, LOKMIN__OP_STATUS__OP_APPLIED);
	cr_assert_eq(rep->push->results[0]->rev, 1);
	cr_assert_eq(rep->push->results[1]->status, LOKMIN__OP_STATUS__OP_DUPLICATE);
	cr_assert_eq(rep->push->results[1]->first_status, LOKMIN__OP_STATUS__OP_REJECTED);
	lk_reply_free(rep);
	char *after = s_sql("SELECT count(*) || '/' || max(seq) FROM change_log");
	cr_assert_str_eq(before, after);
	char *n = s_sql("SELECT count(*) FROM meeting");
	cr_assert_str_eq(n, "1");
	free(before);
	free(after);
	free(n);
	free(a.buf);
	free(b.buf);
	lk_record_free(m);
	lk_record_free(bad);
	lk_conn_destroy(&d.c);
}

Test(sync_server, merge_different_fields_and_conflicts_on_same_field)
{
	struct lkt_dev x, y;
	struct lkt_op o1, o2, o3, o4;
	lkt_dev(&s_srv, &x, "x", "puskesmas", "P3324010101");
	lkt_dev(&s_srv, &y, "y", "puskesmas", "P3324010101");
	ProtobufCMessage *m = s_meeting(&x, "Lokmin April");
	static const char *const all[] = {"kind", "year", "period", "planned_date", "status", "title", NULL};
	lkt_op(&o1, m, 0, all);
	Lokmin__Op *ops[1] = {&o1.op};
	lk_reply_free(lkt_push(&x, ops, 1, 10000));

	/* Both devices edited rev 1 offline: x the place, y the title: both merge. */
	ProtobufCMessage *mx = lk_record_copy(lk_entity_find("meeting"), m);
	ProtobufCMessage *my = lk_record_copy(lk_entity_find("meeting"), m);
	cr_assert_eq(lk_record_set(mx, "place", "Aula Puskesmas"), 0);
	cr_assert_eq(lk_record_set(my, "title", "Lokmin April (revisi)"), 0);
	static const char *const fplace[] = {"place", NULL}, *const ftitle[] = {"title", NULL};
	lkt_op(&o2, mx, 1, fplace);
	lkt_op(&o3, my, 1, ftitle);
	ops[0] = &o2.op;
	Lokmin__Reply *rep = lkt_push(&x, ops, 1, 10000);
	cr_assert_eq(rep->push->results[0]->status, LOKMIN__OP_STATUS__OP_APPLIED);
	cr_assert_eq(rep->push->results[0]->rev, 2);
	lk_reply_free(rep);
	ops[0] = &o3.op;
	rep = lkt_push(&y, ops, 1, 10000);
	cr_assert_eq(rep->push->results[0]->status, LOKMIN__OP_STATUS__OP_APPLIED, "different fields merge cleanly");
	cr_assert_eq(rep->push->results[0]->rev, 3);
	lk_reply_free(rep);
	char *row = s_sql("SELECT place || '|' || title FROM meeting");
	cr_assert_str_eq(row, "Aula Puskesmas|Lokmin April (revisi)");
	free(row);

	/* Same scalar field on both sides (base rev 3): the later HLC wins, recorded. */
	cr_assert_eq(lk_record_set(mx, "place", "Balai Desa"), 0);
	cr_assert_eq(lk_record_set(my, "place", "Ruang Rapat"), 0);
	lkt_op(&o2, mx, 3, fplace); /* earlier HLC */
	lkt_op(&o3, my, 3, fplace); /* later HLC */
	ops[0] = &o3.op;
	lk_reply_free(lkt_push(&y, ops, 1, 10000));
	ops[0] = &o2.op;
	rep = lkt_push(&x, ops, 1, 10000);
	cr_assert_eq(rep->push->results[0]->status, LOKMIN__OP_STATUS__OP_CONFLICT);
	cr_assert_eq(rep->push->results[0]->n_conflict_ids, 1);
	lk_reply_free(rep);
	row = s_sql("SELECT place FROM meeting");
	cr_assert_str_eq(row, "Ruang Rapat", "the later change wins whatever the arrival order");
	free(row);
	row = s_sql("SELECT kind || '|' || winner || '|' || resolved || '|' || server_value || '|' || client_value "
	            "FROM sync_conflict");
	cr_assert_str_eq(row, "scalar|server|true|Ruang Rapat|Balai Desa");
	free(row);

	/* Narrative text on both sides: both versions kept, an open conflict raised. */
	static const char *const fnotes[] = {"notes", NULL};
	cr_assert_eq(lk_record_set(mx, "notes", "Notulen versi TU"), 0);
	cr_assert_eq(lk_record_set(my, "notes", "Notulen versi notulis"), 0);
	lkt_op(&o4, mx, 4, fnotes);
	ops[0] = &o4.op;
	lk_reply_free(lkt_push(&x, ops, 1, 10000));
	free(o3.buf);
	lkt_op(&o3, my, 4, fnotes);
	ops[0] = &o3.op;
	rep = lkt_push(&y, ops, 1, 10000);
	cr_assert_eq(rep->push->results[0]->status, LOKMIN__OP_STATUS__OP_CONFLICT);
	lk_reply_free(rep);
	row = s_sql("SELECT notes FROM meeting");
	cr_assert_str_eq(row, "Notulen versi TU", "the record keeps its version");
	free(row);
	row = s_sql("SELECT server_value || '|' || client_value || '|' || resolved FROM sync_conflict WHERE kind = 'narrative'");
	cr_assert_str_eq(row, "Notulen versi TU|Notulen versi notulis|false", "both versions kept, open");
	free(row);
	/* The same device editing its own change again is not a conflict with itself. */
	cr_assert_eq(lk_record_set(mx, "notes", "Notulen versi TU, diperbaiki"), 0);
	free(o4.buf);
	lkt_op(&o4, mx, 4, fnotes);
	ops[0] = &o4.op;
	rep = lkt_push(&x, ops, 1, 10000);
	cr_assert_eq(rep->push->results[0]->status, LOKMIN__OP_STATUS__OP_APPLIED);
	lk_reply_free(rep);

	free(o1.buf);
	free(o2.buf);
	free(o3.buf);
	free(o4.buf);
	lk_record_free(m);
	lk_record_free(mx);
	lk_record_free(my);
	lk_conn_destroy(&x.c);
	lk_conn_destroy(&y.c);
}

Test(sync_server, scope_push_refused_and_pull_filtered)
{
	struct lkt_dev a, b, kec, other;
	struct lkt_op o;
	lkt_dev(&s_srv, &a, "a", "puskesmas", "P3324010101");
	lkt_dev(&s_srv, &b, "b", "puskesmas", "P3324010102");
	lkt_dev(&s_srv, &kec, "kec", "kecamatan", "332402");
	lkt_dev(&s_srv, &other, "o", "puskesmas", "P3324020101");
	static const char *const all[] = {"kind", "year", "period", "planned_date", "status", "title", NULL};

	/* A pushes a record claiming to be B's: rejected, nothing written. */
	ProtobufCMessage *m = s_meeting(&b, "not yours");
	lkt_op(&o, m, 0, all);
	Lokmin__Op *ops[1] = {&o.op};
	Lokmin__Reply *rep = lkt_push(&a, ops, 1, 10000);
	cr_assert_eq(rep->push->results[0]->status, LOKMIN__OP_STATUS__OP_REJECTED);
	cr_assert_eq(rep->push->results[0]->error, LK_ESCOPE);
	lk_reply_free(rep);
	char *n = s_sql("SELECT (SELECT count(*) FROM meeting) || '/' || (SELECT count(*) FROM change_log)");
	cr_assert_str_eq(n, "0/0");
	free(n);
	free(o.buf);
	lk_record_free(m);

	/* Each writes its own; each kecamatan sees only its own. */
	struct lkt_dev *writers[3] = {&a, &b, &other};
	for (int i = 0; i < 3; i++) {
		m = s_meeting(writers[i], "own");
		lkt_op(&o, m, 0, all);
		ops[0] = &o.op;
		rep = lkt_push(writers[i], ops, 1, 10000);
		cr_assert_eq(rep->push->results[0]->status, LOKMIN__OP_STATUS__OP_APPLIED, "%s", rep->push->results[0]->message);
		lk_reply_free(rep);
		free(o.buf);
		lk_record_free(m);
	}
	struct {
		struct lkt_dev *d;
		size_t want;
	} seen[] = {{&a, 1}, {&b, 1}, {&kec, 1}, {&other, 1}};
	for (int i = 0; i < 4; i++) {
		rep = lkt_pull(seen[i].d, 0, 100, &s_start, 10000);
		cr_assert_eq(rep->pull->n_changes, seen[i].want, "device %d", i);
		for (size_t k = 0; k < rep->pull->n_changes; k++) {
			ProtobufCMessage *r = lk_record_decode(lk_entity_find("meeting"), rep->pull->changes[k]->record.data,
			                                       rep->pull->changes[k]->record.len);
			const char *kab, *kc, *p;
			lk_record_keys(r, &kab, &kc, &p);
			cr_assert(seen[i].d->pusk[0] == '\0' || strcmp(p, seen[i].d->pusk) == 0);
			cr_assert_str_eq(kc, seen[i].d->kec);
			lk_record_free(r);
		}
		uint64_t head = rep->pull->cursor;
		lk_reply_free(rep);
		rep = lkt_pull(seen[i].d, head, 100, NULL, 10000);
		cr_assert_eq(rep->pull->n_changes, 0, "after the snapshot the log adds nothing yet");
		lk_reply_free(rep);
	}
	lk_conn_destroy(&a.c);
	lk_conn_destroy(&b.c);
	lk_conn_destroy(&kec.c);
	lk_conn_destroy(&other.c);
}

/* ---------------------------------------------------------------- commit order */

struct writer {
	struct lkt_dev d;
	int n;
	int ok;
	int done;
};

static void *s_writer(void *arg)
{
	struct writer *w = arg;
	static const char *const all[] = {"kind", "year", "period", "planned_date", "status", "title", NULL};
	for (int i = 0; i < w->n; i++) {
		struct lkt_op o[5];
		Lokmin__Op *ops[5];
		ProtobufCMessage *m[5];
		for (int k = 0; k < 5; k++) {
			m[k] = s_meeting(&w->d, "concurrent");
			lkt_op(&o[k], m[k], 0, all);
			ops[k] = &o[k].op;
		}
		Lokmin__Request req = LOKMIN__REQUEST__INIT;
		Lokmin__PushRequest pr = LOKMIN__PUSH_REQUEST__INIT;
		Lokmin__Reply *rep = NULL;
		pr.ops = ops;
		pr.n_ops = 5;
		req.body_case = LOKMIN__REQUEST__BODY_PUSH;
		req.push = &pr;
		if (lk_conn_call(w->d.c, &req, 20000, &rep) == 0)
			w->ok += 5;
		lk_reply_free(rep);
		for (int k = 0; k < 5; k++) {
			free(o[k].buf);
			lk_record_free(m[k]);
		}
	}
	__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

Test(sync_server, pull_during_concurrent_pushes_never_skips)
{
	enum { WRITERS = 4, BATCHES = 40 };
	struct writer w[WRITERS];
	struct lkt_dev reader;
	pthread_t t[WRITERS];
	const char *scopes[WRITERS] = {"P3324010101", "P3324010102", "P3324010101", "P3324010102"};
	lkt_dev(&s_srv, &reader, "reader", "kecamatan", "332401");
	for (int i = 0; i < WRITERS; i++) {
		char name[16];
		snprintf(name, sizeof name, "w%d", i);
		lkt_dev(&s_srv, &w[i].d, name, "puskesmas", scopes[i]);
		w[i].n = BATCHES;
		w[i].ok = 0;
		w[i].done = 0;
	}
	/* Stretch the time between taking sequence numbers and committing, where a
	 * plain sequence would let a later number commit first and be skipped. */
	cr_assert_eq(lkt_sql(&s_srv.db,
	                     "CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
	                     "PERFORM pg_sleep(random() * 0.004); RETURN NEW; END $$; "
	                     "CREATE TRIGGER slow BEFORE INSERT ON change_log FOR EACH ROW EXECUTE FUNCTION slow()"),
	             0);
	/* The reader starts from an empty kabupaten, then follows the log. */
	uint64_t cursor = 0;
	Lokmin__Reply *rep = lkt_pull(&reader, 0, 1000, &s_start, 10000);
	cursor = rep->pull->cursor;
	size_t got = rep->pull->n_changes;
	lk_reply_free(rep);
	for (int i = 0; i < WRITERS; i++)
		pthread_create(&t[i], NULL, s_writer, &w[i]);
	char **ids = calloc(WRITERS * BATCHES * 5 + 10, sizeof *ids);
	size_t nids = 0;
	int running = 1;
	while (running) {
		running = 0;
		for (int i = 0; i < WRITERS; i++)
			running |= !__atomic_load_n(&w[i].done, __ATOMIC_ACQUIRE);
		rep = lkt_pull(&reader, cursor, 7, NULL, 10000);
		cr_assert_eq(rep->pull->resync, 0);
		for (size_t k = 0; k < rep->pull->n_changes; k++) {
			cr_assert(rep->pull->changes[k]->seq > cursor, "seq goes forward");
			ProtobufCMessage *r = lk_record_decode(lk_entity_find(rep->pull->changes[k]->entity),
			                                       rep->pull->changes[k]->record.data,
			                                       rep->pull->changes[k]->record.len);
			ids[nids++] = strdup(lk_record_id(r));
			lk_record_free(r);
		}
		cursor = rep->pull->cursor;
		lk_reply_free(rep);
	}
	for (int i = 0; i < WRITERS; i++)
		pthread_join(t[i], NULL);
	/* Drain what is left. */
	for (;;) {
		rep = lkt_pull(&reader, cursor, 500, NULL, 10000);
		for (size_t k = 0; k < rep->pull->n_changes; k++) {
			ProtobufCMessage *r = lk_record_decode(lk_entity_find(rep->pull->changes[k]->entity),
			                                       rep->pull->changes[k]->record.data,
			                                       rep->pull->changes[k]->record.len);
			ids[nids++] = strdup(lk_record_id(r));
			lk_record_free(r);
		}
		cursor = rep->pull->cursor;
		int more = rep->pull->more;
		lk_reply_free(rep);
		if (!more)
			break;
	}
	int total = 0;
	for (int i = 0; i < WRITERS; i++)
		total += w[i].ok;
	cr_assert_eq(total, WRITERS * BATCHES * 5, "every push succeeded");
	char *n = s_sql("SELECT count(*) FROM meeting");
	cr_assert_eq(atoi(n), total);
	free(n);
	cr_assert_eq(got, 0);
	cr_assert_eq(nids, (size_t)total, "the reader saw %zu of %d changes", nids, total);
	/* Each id exactly once. */
	char *dups = s_sql("SELECT count(*) FROM (SELECT record_id FROM change_log GROUP BY record_id HAVING count(*) > 1) d");
	cr_assert_str_eq(dups, "0");
	free(dups);
	for (size_t i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
	for (int i = 0; i < WRITERS; i++)
		lk_conn_destroy(&w[i].d.c);
	lk_conn_destroy(&reader.c);
}

Test(sync_server, stale_cursor_gets_resync_and_snapshot_pages)
{
	struct lkt_dev d;
	static const char *const all[] = {"kind", "year", "period", "planned_date", "status", "title", NULL};
	lkt_dev(&s_srv, &d, "pkm", "puskesmas", "P3324010101");
	for (int i = 0; i < 25; i++) {
		struct lkt_op o;
		ProtobufCMessage *m = s_meeting(&d, "m");
		lkt_op(&o, m, 0, all);
		Lokmin__Op *ops[1] = {&o.op};
		lk_reply_free(lkt_push(&d, ops, 1, 10000));
		free(o.buf);
		lk_record_free(m);
	}
	/* Prune the log through seq 10. */
	cr_assert_eq(lkt_sql(&s_srv.db, "DELETE FROM change_log WHERE seq <= 10; "
	                                "UPDATE sync_counter SET pruned_through = 10"),
	             0);
	Lokmin__Reply *rep = lkt_pull(&d, 5, 100, NULL, 10000);
	cr_assert_eq(rep->pull->resync, 1);
	cr_assert_eq(rep->pull->n_changes, 0);
	lk_reply_free(rep);
	/* The snapshot arrives in pages of 10 and ends at the log head. */
	Lokmin__SnapshotState *snap = &s_start;
	size_t total = 0;
	int pages = 0;
	uint64_t cursor = 0;
	for (;;) {
		rep = lkt_pull(&d, 0, 10, snap, 10000);
		pages++;
		total += rep->pull->n_changes;
		if (snap != &s_start) {
			free(snap->after_id);
			free(snap);
		}
		snap = NULL;
		if (rep->pull->snapshot) {
			snap = calloc(1, sizeof *snap);
			lokmin__snapshot_state__init(snap);
			snap->head = rep->pull->snapshot->head;
			snap->entity_index = rep->pull->snapshot->entity_index;
			snap->after_id = strdup(rep->pull->snapshot->after_id);
			lk_reply_free(rep);
			continue;
		}
		cursor = rep->pull->cursor;
		lk_reply_free(rep);
		break;
	}
	cr_assert_eq(total, 25);
	cr_assert_geq(pages, 3);
	cr_assert_eq(cursor, 25, "the snapshot ends at the log head");
	rep = lkt_pull(&d, cursor, 100, NULL, 10000);
	cr_assert_eq(rep->pull->resync, 0);
	cr_assert_eq(rep->pull->n_changes, 0);
	lk_reply_free(rep);
	lk_conn_destroy(&d.c);
}

Test(sync_server, database_refusal_rolls_back_one_op_only)
{
	struct lkt_dev k;
	struct lkt_op o[3];
	static const char *const all[] = {"kind", "year", "period", "planned_date", "status", "title", NULL};
	lkt_dev(&s_srv, &k, "kec", "kecamatan", "332401");
	/* Inside the kecamatan, but a puskesmas that does not exist: only the database knows. */
	struct lkt_dev ghost = k;
	strcpy(ghost.pusk, "P3324019999");
	ProtobufCMessage *m[3] = {s_meeting(&k, "satu"), s_meeting(&ghost, "hantu"), s_meeting(&k, "tiga")};
	Lokmin__Op *ops[3];
	for (int i = 0; i < 3; i++) {
		lkt_op(&o[i], m[i], 0, all);
		ops[i] = &o[i].op;
	}
	Lokmin__Reply *rep = lkt_push(&k, ops, 3, 10000);
	cr_assert_eq(rep->push->results[0]->status, LOKMIN__OP_STATUS__OP_APPLIED);
	cr_assert_eq(rep->push->results[1]->status, LOKMIN__OP_STATUS__OP_REJECTED);
	cr_assert_eq(rep->push->results[1]->error, LK_EINVAL);
	cr_assert(strstr(rep->push->results[1]->message, "refused"), "%s", rep->push->results[1]->message);
	cr_assert_eq(rep->push->results[2]->status, LOKMIN__OP_STATUS__OP_APPLIED);
	lk_reply_free(rep);
	char *n = s_sql("SELECT (SELECT count(*) FROM meeting) || '/' || (SELECT count(*) FROM change_log) || '/' || "
	                "(SELECT count(*) FROM applied_op)");
	cr_assert_str_eq(n, "2/2/3", "two records, two changes, three stored results");
	free(n);
	/* Replayed: the same three answers, nothing written. */
	rep = lkt_push(&k, ops, 3, 10000);
	cr_assert_eq(rep->push->results[1]->status, LOKMIN__OP_STATUS__OP_DUPLICATE);
	cr_assert_eq(rep->push->results[1]->first_status, LOKMIN__OP_STATUS__OP_REJECTED);
	lk_reply_free(rep);
	n = s_sql("SELECT count(*) FROM change_log");
	cr_assert_str_eq(n, "2");
	free(n);
	for (int i = 0; i < 3; i++) {
		free(o[i].buf);
		lk_record_free(m[i]);
	}
	lk_conn_destroy(&k.c);
}

struct racer {
	struct lkt_dev *d;
	Lokmin__Op *op;
	Lokmin__OpStatus status;
};

static void *s_race(void *arg)
{
	struct racer *x = arg;
	Lokmin__Reply *rep = lkt_push(x->d, &x->op, 1, 10000);
	x->status = rep->push->results[0]->status;
	lk_reply_free(rep);
	return NULL;
}

Test(sync_server, the_same_op_pushed_twice_at_once_is_applied_once)
{
	struct lkt_dev a1, a2;
	struct lkt_op o;
	static const char *const all[] = {"kind", "year", "period", "planned_date", "status", "title", NULL};
	lkt_dev(&s_srv, &a1, "a1", "puskesmas", "P3324010101");
	/* A resend from the same device on a second connection, while the first is still running. */
	a2 = a1;
	lk_curve_pair kp, server;
	char err[256];
	cr_assert_eq(lkt_home_keys(a1.home, &kp), 0);
	cr_assert_eq(lk_curve_load(&server, s_srv.keydir, "server"), 0);
	a2.c = lk_conn_new(s_srv.endpoint, server.public_z85, &kp, err, sizeof err);
	cr_assert_not_null(a2.c);
	cr_assert_eq(lkt_sql(&s_srv.db, "CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
	                                "PERFORM pg_sleep(0.3); RETURN NEW; END $$; "
	                                "CREATE TRIGGER slow BEFORE INSERT ON meeting FOR EACH ROW EXECUTE FUNCTION slow()"),
	             0);
	ProtobufCMessage *m = s_meeting(&a1, "sekali saja");
	lkt_op(&o, m, 0, all);
	struct racer x = {&a1, &o.op, 0}, y = {&a2, &o.op, 0};
	pthread_t t1, t2;
	pthread_create(&t1, NULL, s_race, &x);
	usleep(50000);
	pthread_create(&t2, NULL, s_race, &y);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	cr_assert_eq(x.status, LOKMIN__OP_STATUS__OP_APPLIED);
	cr_assert_eq(y.status, LOKMIN__OP_STATUS__OP_DUPLICATE, "the second waits for the first and sees its result");
	char *n = s_sql("SELECT (SELECT count(*) FROM meeting) || '/' || (SELECT count(*) FROM change_log) || '/' || "
	                "(SELECT count(*) FROM applied_op WHERE result >= 0)");
	cr_assert_str_eq(n, "1/1/1");
	free(n);
	free(o.buf);
	lk_record_free(m);
	lk_conn_destroy(&a1.c);
	lk_conn_destroy(&a2.c);
}

Test(sync_server, pages_are_bounded_in_bytes)
{
	struct lkt_dev d;
	static const char *const all[] = {"kind", "year", "period", "planned_date", "status", "title", "notes", NULL};
	enum { N = 80 };
	char *notes = malloc(19001);
	memset(notes, 'n', 19000);
	notes[19000] = '\0';
	lkt_dev(&s_srv, &d, "pkm", "puskesmas", "P3324010101");
	for (int b = 0; b < N / 20; b++) {
		struct lkt_op o[20];
		Lokmin__Op *ops[20];
		ProtobufCMessage *m[20];
		for (int i = 0; i < 20; i++) {
			m[i] = s_meeting(&d, "panjang");
			cr_assert_eq(lk_record_set(m[i], "notes", notes), 0);
			lkt_op(&o[i], m[i], 0, all);
			ops[i] = &o[i].op;
		}
		lk_reply_free(lkt_push(&d, ops, 20, 10000));
		for (int i = 0; i < 20; i++) {
			free(o[i].buf);
			lk_record_free(m[i]);
		}
	}
	free(notes);
	/* Log pages: each well under the 4 MiB message limit, none lost. */
	uint64_t cursor = 0;
	size_t total = 0;
	int pages = 0;
	for (;;) {
		Lokmin__Reply *rep = lkt_pull(&d, cursor, 500, NULL, 10000);
		size_t bytes = lokmin__reply__get_packed_size(rep);
		cr_assert(bytes < 1200 * 1024, "page of %zu bytes", bytes);
		total += rep->pull->n_changes;
		pages++;
		cursor = rep->pull->cursor;
		int more = rep->pull->more;
		lk_reply_free(rep);
		if (!more)
			break;
	}
	cr_assert_eq(total, N);
	cr_assert_geq(pages, 2);
	/* Snapshot pages too. */
	Lokmin__SnapshotState *snap = &s_start;
	total = 0;
	for (;;) {
		Lokmin__Reply *rep = lkt_pull(&d, 0, 500, snap, 10000);
		cr_assert(lokmin__reply__get_packed_size(rep) < 1200 * 1024);
		total += rep->pull->n_changes;
		if (snap != &s_start) {
			free(snap->after_id);
			free(snap);
		}
		snap = NULL;
		if (rep->pull->snapshot) {
			snap = calloc(1, sizeof *snap);
			lokmin__snapshot_state__init(snap);
			snap->head = rep->pull->snapshot->head;
			snap->entity_index = rep->pull->snapshot->entity_index;
			snap->after_id = strdup(rep->pull->snapshot->after_id);
		}
		lk_reply_free(rep);
		if (snap == NULL)
			break;
	}
	cr_assert_eq(total, N);
	lk_conn_destroy(&d.c);
}

Test(sync_server, attachment_over_the_server_limit_is_refused)
{
	struct lkt_dev d;
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__BlobPutRequest bp = LOKMIN__BLOB_PUT_REQUEST__INIT;
	Lokmin__Reply *rep = NULL;
	lkt_dev(&s_srv, &d, "pkm", "puskesmas", "P3324010101");
	bp.hash = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
	bp.size = 20 * 1024 * 1024 + 1;
	bp.chunk_size = 65536;
	req.body_case = LOKMIN__REQUEST__BODY_BLOB_PUT;
	req.blob_put = &bp;
	cr_assert_eq(lk_conn_call(d.c, &req, 5000, &rep), -LK_ETOOBIG);
	cr_assert_str_eq(rep->error_name, "TOO_LARGE");
	cr_assert(strstr(rep->message, "over the limit of 20971520 bytes"), "%s", rep->message);
	lk_reply_free(rep);
	char *n = s_sql("SELECT count(*) FROM blob");
	cr_assert_str_eq(n, "0");
	free(n);
	lk_conn_destroy(&d.c);
}

Test(sync_server, rtl_without_owner_is_refused_by_the_server)
{
	struct lkt_dev d;
	struct lkt_op o;
	static const char *const all[] = {"meeting_id", "activity", "status", "due_date", NULL};
	lkt_dev(&s_srv, &d, "pkm", "puskesmas", "P3324010101");
	ProtobufCMessage *r = lkt_record(&d, "rtl");
	cr_assert_eq(lk_record_set(r, "meeting_id", lk_record_id(r)), 0);
	cr_assert_eq(lk_record_set(r, "activity", "Sweeping"), 0);
	cr_assert_eq(lk_record_set(r, "status", "open"), 0);
	cr_assert_eq(lk_record_set(r, "due_date", "2026-04-10"), 0);
	lkt_op(&o, r, 0, all);
	Lokmin__Op *ops[1] = {&o.op};
	Lokmin__Reply *rep = lkt_push(&d, ops, 1, 10000);
	cr_assert_eq(rep->push->results[0]->status, LOKMIN__OP_STATUS__OP_REJECTED);
	cr_assert(strstr(rep->push->results[0]->message, "needs an owner"), "%s", rep->push->results[0]->message);
	lk_reply_free(rep);
	free(o.buf);
	lk_record_free(r);
	lk_conn_destroy(&d.c);
}

/* A record of entity with the device's tenant keys and the given fields ("name=value", NULL-terminated). */
static ProtobufCMessage *s_rec(const struct lkt_dev *d, const char *entity, const char *const *kv)
{
	ProtobufCMessage *m = lkt_record(d, entity);
	char id[LK_UUID_STRLEN];
	int keep_id = 0;
	for (; *kv; kv++) {
		char f[64];
		keep_id |= !strcmp(*kv, "note=keep-id");
		const char *eq = strchr(*kv, '=');
		snprintf(f, sizeof f, "%.*s", (int)(eq - *kv), *kv);
		cr_assert_eq(lk_record_set(m, f, eq + 1), 0, "%s", *kv);
	}
	if (!keep_id && lk_natural_id(lk_entity_find(entity), m, id) == 0)
		cr_assert_eq(lk_record_set(m, "id", id), 0);
	return m;
}

/* Push one new record; returns the rejection message ("" when applied), malloc'd. */
static char *s_push_one(struct lkt_dev *d, const ProtobufCMessage *m)
{
	struct lkt_op o;
	lkt_op(&o, m, 0, NULL);
	Lokmin__Op *ops[1] = {&o.op};
	Lokmin__Reply *rep = lkt_push(d, ops, 1, 10000);
	char *msg = strdup(rep->push->results[0]->status == LOKMIN__OP_STATUS__OP_REJECTED ? rep->push->results[0]->message
	                                                                                   : "");
	lk_reply_free(rep);
	free(o.buf);
	return msg;
}

/* The rules a device checks are checked again at the server, for a device that skips them. */
Test(sync_server, domain_rules_are_enforced_by_the_server)
{
	struct lkt_dev d, k;
	lkt_dev(&s_srv, &d, "pkm", "puskesmas", "P3324010101");
	lkt_dev(&s_srv, &k, "dinkes", "dinkes", "3324");
	static const struct {
		const char *entity;
		const char *kv[9];
		const char *reason; /* "" = applied */
	} cases[] = {
		{"meeting", {"kind=monthly", "year=2026", "period=3", "planned_date=2027-01-05", "status=planned", NULL},
		 "outside the meeting's year"},
		{"meeting", {"kind=monthly", "year=2026", "period=3", "planned_date=2026-03-03", "held_date=2025-12-30",
		             "status=held", NULL},
		 "outside the meeting's year"},
		{"meeting", {"kind=monthly", "year=2026", "period=13", "status=planned", NULL}, "period must be 1-12"},
		{"achievement", {"indicator_code=KIA_K6", "year=2026", "month=3", "numerator=40", "denominator=600", NULL}, ""},
		{"achievement", {"indicator_code=KIA_K99", "year=2026", "month=3", "numerator=4", NULL}, "unknown indicator"},
		{"achievement", {"indicator_code=KIA_K4", "year=2026", "month=3", "numerator=700", "denominator=600", NULL},
		 "above denominator"},
		{"achievement", {"indicator_code=KIA_K4", "year=2026", "month=13", "numerator=7", NULL}, "outside 1-12"},
		{"achievement", {"indicator_code=KIA_K4", "year=2026", "month=3", "numerator=-2", NULL}, "negative"},
		{"achievement", {"indicator_code=KIA_K4", "year=2026", "month=4", "desa=3324010001", "numerator=7", NULL}, ""},
		{"achievement", {"indicator_code=KIA_K4", "year=2026", "month=4", "desa=3324019999", "numerator=7", NULL},
		 "not in the working area"},
		{"achievement", {"indicator_code=KIA_K1", "year=2026", "month=4", "numerator=7", "note=keep-id", NULL},
		 "id must be"},
		{"target", {"indicator_code=KIA_K6", "year=2026", "annual_target=90", "sasaran=600", NULL}, ""},
		{"target", {"indicator_code=NOPE", "year=2026", "annual_target=90", NULL}, "unknown indicator"},
		{"rtl", {"meeting_id=01a20422-f687-7002-a92c-a851f11ac844", "activity=Sweeping", "status=open",
		         "owner_person_id=01a20422-f687-7002-a92c-a851f11ac845", NULL},
		 "due_date is required"},
		{"minutes_review", {"minutes_id=01a20422-f687-7002-a92c-a851f11ac843",
		                    "meeting_id=01a20422-f687-7002-a92c-a851f11ac844", "status=acknowledged",
		                    "reviewed_at=2026-03-10T08:00:00Z", NULL},
		 "only the district health office"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ProtobufCMessage *m = s_rec(&d, cases[i].entity, cases[i].kv);
		char *msg = s_push_one(&d, m);
		if (cases[i].reason[0])
			cr_assert(strstr(msg, cases[i].reason), "case %zu (%s): \"%s\" does not say \"%s\"", i,
			          cases[i].entity, msg, cases[i].reason);
		else
			cr_assert_str_eq(msg, "", "case %zu (%s) refused: %s", i, cases[i].entity, msg);
		free(msg);
		lk_record_free(m);
	}
	/* The district may review, but only minutes that were submitted to it. */
	ProtobufCMessage *rv = s_rec(&d, "minutes_review", cases[14].kv);
	char *msg = s_push_one(&k, rv);
	cr_assert(strstr(msg, "have not been submitted"), "%s", msg);
	free(msg);
	lk_record_free(rv);
	char *v = s_sql("SELECT count(*) FROM achievement");
	cr_assert_str_eq(v, "2", "only the two good rows were written");
	free(v);

	/* A letter signed with a real key that is not the Kapus's: the signature verifies, the signer is refused. */
	uint8_t pk[LK_SIGN_PKLEN], sk[LK_SIGN_SKLEN], sig[LK_SIGN_SIGLEN];
	char pkhex[2 * LK_SIGN_PKLEN + 1], sighex[2 * LK_SIGN_SIGLEN + 1], pkkv[100], sigkv[160], whokv[60];
	cr_assert_eq(lk_sign_keygen(pk, sk), 0);
	lk_hex_encode(pkhex, pk, sizeof pk);
	snprintf(pkkv, sizeof pkkv, "sign_pk=%s", pkhex);
	/* person.sign_pk is no longer a way to register a key (signer_key records are). */
	const char *ktu_pk_kv[] = {"name=Pak Joko", "role=ktu", pkkv, NULL};
	ProtobufCMessage *ktu = s_rec(&d, "person", ktu_pk_kv);
	msg = s_push_one(&d, ktu);
	cr_assert(strstr(msg, "sign_pk is no longer used"), "%s", msg);
	free(msg);
	lk_record_free(ktu);
	const char *ktu_kv[] = {"name=Pak Joko", "role=ktu", NULL};
	ktu = s_rec(&d, "person", ktu_kv);
	msg = s_push_one(&d, ktu);
	cr_assert_str_eq(msg, "");
	free(msg);
	const char *doc = "SURAT UNDANGAN\nNomor: 9\n";
	lk_sign(sig, (const uint8_t *)doc, strlen(doc), sk);
	lk_hex_encode(sighex, sig, sizeof sig);
	snprintf(sigkv, sizeof sigkv, "signature=%s", sighex);
	snprintf(whokv, sizeof whokv, "signer_person_id=%s", lk_record_id(ktu));
	const char *inv_kv[] = {"meeting_id=01a20422-f687-7002-a92c-a851f11ac844", "document=SURAT UNDANGAN\nNomor: 9\n",
	                        whokv, sigkv, "signed_at=2026-03-01T08:00:00Z", NULL};
	ProtobufCMessage *inv = s_rec(&d, "invitation", inv_kv);
	msg = s_push_one(&d, inv);
	cr_assert(strstr(msg, "the signer is not the Kapus of this office"), "%s", msg);
	free(msg);
	lk_record_free(inv);
	lk_record_free(ktu);
	lk_conn_destroy(&d.c);
	lk_conn_destroy(&k.c);
}

/* Push one op for m naming fields (NULL: every own field) on base rev base. The refusal as "CODE message", or ""
 * when applied; malloc'd. */
static char *s_push_op(struct lkt_dev *d, const ProtobufCMessage *m, int64_t base, const char *const *fields)
{
	struct lkt_op o;
	lkt_op(&o, m, base, fields);
	Lokmin__Op *ops[1] = {&o.op};
	Lokmin__Reply *rep = lkt_push(d, ops, 1, 10000);
	const Lokmin__OpResult *r = rep->push->results[0];
	char *out = malloc(strlen(r->message) + 16);
	cr_assert_not_null(out);
	if (r->status == LOKMIN__OP_STATUS__OP_REJECTED)
		sprintf(out, "%u %s", r->error, r->message);
	else
		out[0] = '\0';
	lk_reply_free(rep);
	free(o.buf);
	return out;
}

static void s_applied(struct lkt_dev *d, const ProtobufCMessage *m, int64_t base, const char *const *fields)
{
	char *msg = s_push_op(d, m, base, fields);
	cr_assert_str_eq(msg, "", "refused: %s", msg);
	free(msg);
}

/* The op is refused as INVALID_ARGUMENT (10) with a message holding needle. */
static void s_refused(struct lkt_dev *d, const ProtobufCMessage *m, int64_t base, const char *const *fields,
                      const char *needle)
{
	char *msg = s_push_op(d, m, base, fields);
	cr_assert(!strncmp(msg, "10 ", 3) && strstr(msg, needle), "\"%s\" is not INVALID_ARGUMENT with \"%s\"", msg,
	          needle);
	free(msg);
}

static void s_set(ProtobufCMessage *m, const char *field, const char *value)
{
	cr_assert_eq(lk_record_set(m, field, value), 0, "%s=%s", field, value);
}

/* The first cell of fmt (a literal with one %s for id) must be want. */
#define s_row_is(want, fmt, id)                                                                                    \
	do {                                                                                                           \
		char q_[600];                                                                                              \
		snprintf(q_, sizeof q_, fmt, id);                                                                          \
		char *v_ = s_sql(q_);                                                                                      \
		cr_assert_str_eq(v_, want, "%s", q_);                                                                      \
		free(v_);                                                                                                  \
	} while (0)

#define MEETING_ROW "SELECT status || '|' || rev || '|' || status_reason || '|' || coalesce(held_date::text, '') " \
                    "FROM meeting WHERE id = '%s'"

/* The status rules a device checks before it changes a meeting hold at the server too. */
Test(sync_server, meeting_status_moves_as_the_sop_says)
{
	struct lkt_dev d, d2;
	static const char *const fst[] = {"status", "status_reason", NULL}, *const fheld[] = {"status", "held_date", NULL},
	                         *const fpost[] = {"status", "planned_date", "status_reason", NULL};
	lkt_dev(&s_srv, &d, "pkm", "puskesmas", "P3324010101");
	lkt_dev(&s_srv, &d2, "pkm2", "puskesmas", "P3324010101");
	ProtobufCMessage *m = s_meeting(&d, "Lokmin Maret");
	const char *id = lk_record_id(m);
	s_applied(&d, m, 0, NULL);

	/* Cancelling says why; refused, nothing changes. */
	s_set(m, "status", "cancelled");
	s_refused(&d, m, 1, fst, "a cancelled meeting needs its reason on record");
	s_row_is("planned|1||", MEETING_ROW, id);
	s_set(m, "status_reason", "Banjir");
	s_applied(&d, m, 1, fst);
	s_row_is("cancelled|2|Banjir|", MEETING_ROW, id);
	/* Cancelled is final: neither held nor planned again, nor postponed. */
	s_set(m, "status", "held");
	s_set(m, "held_date", "2026-03-03");
	s_refused(&d, m, 2, fheld, "this meeting is cancelled; it cannot be held: a cancelled meeting stays cancelled");
	s_set(m, "held_date", "");
	s_set(m, "status", "planned");
	s_refused(&d2, m, 2, (const char *const[]){"status", NULL}, "it cannot be planned again");
	s_set(m, "status", "postponed");
	s_set(m, "planned_date", "2026-03-10");
	s_refused(&d, m, 2, fpost, "a cancelled meeting stays cancelled");
	s_row_is("cancelled|2|Banjir|", MEETING_ROW, id);
	/* A second device that cancelled it too, before it heard of the first: no move, its reason is taken. */
	s_set(m, "status", "cancelled");
	s_set(m, "planned_date", "2026-03-03");
	s_set(m, "status_reason", "Banjir di dua desa");
	s_applied(&d2, m, 1, fst);
	s_row_is("cancelled|3|Banjir di dua desa|", MEETING_ROW, id);
	/* ...but not with its reason taken away. */
	s_set(m, "status_reason", "");
	s_refused(&d2, m, 3, (const char *const[]){"status_reason", NULL}, "a cancelled meeting needs its reason");

	/* Held stays held: held again on another day, never postponed or cancelled afterwards. */
	ProtobufCMessage *h = s_meeting(&d, "Lokmin April");
	const char *hid = lk_record_id(h);
	s_set(h, "period", "4");
	s_set(h, "planned_date", "2026-04-07");
	s_applied(&d, h, 0, NULL);
	s_set(h, "status", "held");
	s_set(h, "held_date", "2026-04-07");
	s_applied(&d, h, 1, fheld);
	s_set(h, "status", "postponed");
	s_set(h, "planned_date", "2026-04-14");
	s_set(h, "status_reason", "Bertepatan dengan BIAS");
	s_refused(&d, h, 2, fpost, "this meeting is held; it cannot be postponed: a held meeting can only be held again");
	s_set(h, "status", "cancelled");
	s_refused(&d2, h, 1, fst, "a held meeting can only be held again");
	s_row_is("held|2||2026-04-07", MEETING_ROW, hid);
	s_set(h, "status", "held");
	s_set(h, "planned_date", "2026-04-07");
	s_set(h, "status_reason", "");
	s_set(h, "held_date", "2026-04-09");
	s_applied(&d, h, 2, fheld);
	s_row_is("held|3||2026-04-09", MEETING_ROW, hid);

	/* Postponed on one device and cancelled on another at once: a conflict, and the person who settles it may
	 * choose postponed, although no device could move a cancelled meeting there. */
	ProtobufCMessage *c = s_meeting(&d, "Lokmin Juni");
	const char *cid = lk_record_id(c);
	s_set(c, "period", "6");
	s_set(c, "planned_date", "2026-06-02");
	s_applied(&d, c, 0, NULL);
	s_set(c, "status", "postponed");
	s_set(c, "planned_date", "2026-06-09");
	s_set(c, "status_reason", "Bertepatan dengan BIAS");
	s_applied(&d, c, 1, fpost);
	s_set(c, "status", "cancelled");
	s_set(c, "planned_date", "2026-06-02");
	s_set(c, "status_reason", "Digabung dengan Juli");
	s_applied(&d2, c, 1, fst);
	s_row_is("cancelled|3|Digabung dengan Juli|", MEETING_ROW, cid);
	s_row_is("postponed|cancelled", "SELECT server_value || '|' || client_value FROM sync_conflict "
	                                "WHERE record_id = '%s' AND field = 'status'", cid);
	s_set(c, "status", "postponed");
	s_applied(&d2, c, 3, (const char *const[]){"status", NULL});
	s_row_is("postponed|4|Digabung dengan Juli|", MEETING_ROW, cid);
	/* ...but only to one of the two versions. */
	s_set(c, "status", "held");
	s_set(c, "held_date", "2026-06-09");
	s_applied(&d, c, 4, fheld);
	s_set(c, "status", "cancelled");
	s_refused(&d2, c, 5, (const char *const[]){"status", NULL}, "a held meeting can only be held again");
	lk_record_free(c);

	/* A meeting that reaches the server already postponed (changed twice between two syncs) says why too. */
	ProtobufCMessage *p = s_meeting(&d, "Lokmin Mei");
	s_set(p, "period", "5");
	s_set(p, "planned_date", "2026-05-12");
	s_set(p, "status", "postponed");
	s_refused(&d, p, 0, NULL, "a postponed meeting needs its reason on record");
	s_row_is("0", "SELECT count(*) FROM meeting WHERE id = '%s'", lk_record_id(p));
	s_set(p, "status_reason", "Kepala Puskesmas dinas luar");
	s_applied(&d, p, 0, NULL);
	s_row_is("postponed|1|Kepala Puskesmas dinas luar|", MEETING_ROW, lk_record_id(p));

	/* The meeting's history records the reason as well. */
	ProtobufCMessage *ev = lkt_record(&d, "meeting_event");
	s_set(ev, "meeting_id", id);
	s_set(ev, "action", "cancelled");
	s_set(ev, "from_date", "2026-03-03");
	s_set(ev, "at", "2026-03-01T08:00:00Z");
	s_refused(&d, ev, 0, NULL, "a cancelled meeting needs its reason on record");
	s_row_is("0", "SELECT count(*) FROM meeting_event WHERE meeting_id = '%s'", id);
	s_set(ev, "reason", "Banjir");
	s_applied(&d, ev, 0, NULL);
	s_row_is("1", "SELECT count(*) FROM meeting_event WHERE meeting_id = '%s'", id);
	/* And a cancelled meeting still takes no material. */
	ProtobufCMessage *mat = lkt_record(&d, "material");
	s_set(mat, "meeting_id", id);
	s_set(mat, "programme", "KIA");
	s_set(mat, "submitted_at", "2026-03-01T08:00:00Z");
	s_refused(&d, mat, 0, NULL, "material for a cancelled meeting");
	s_row_is("0", "SELECT count(*) FROM material WHERE meeting_id = '%s'", id);
	lk_record_free(mat);
	lk_record_free(ev);
	lk_record_free(p);
	lk_record_free(h);
	lk_record_free(m);
	lk_conn_destroy(&d.c);
	lk_conn_destroy(&d2.c);
}

/* Sent to the district only when signed; verified only once done; commitments only at the quarterly lokmin. */
Test(sync_server, submission_verification_and_commitments_follow_the_sop)
{
	struct lkt_dev d, k;
	lkt_dev(&s_srv, &d, "pkm", "puskesmas", "P3324010101");
	lkt_dev(&s_srv, &k, "kec", "kecamatan", "332401");
	ProtobufCMessage *m = s_meeting(&d, "Lokmin Maret");
	const char *mid = lk_record_id(m);
	s_applied(&d, m, 0, NULL);

	/* Minutes: unsigned ones are not submitted, whether new or changed. */
	ProtobufCMessage *mn = lkt_record(&d, "minutes");
	s_set(mn, "meeting_id", mid);
	s_set(mn, "revision", "1");
	s_set(mn, "document", "NOTULEN\nRevisi 1\n");
	s_set(mn, "submitted_at", "2026-03-05T08:00:00Z");
	s_refused(&d, mn, 0, NULL, "only signed minutes are sent to the district; sign them first");
	s_row_is("0", "SELECT count(*) FROM minutes WHERE id = '%s'", lk_record_id(mn));
	s_set(mn, "submitted_at", "");
	s_applied(&d, mn, 0, NULL);
	s_set(mn, "submitted_at", "2026-03-05T08:00:00Z");
	s_refused(&d, mn, 1, (const char *const[]){"submitted_at", NULL}, "sign them first");
	s_row_is("-|1", "SELECT coalesce(submitted_at::text, '-') || '|' || rev FROM minutes WHERE id = '%s'",
	         lk_record_id(mn));
	/* An unsigned draft is still compiled again freely. */
	s_set(mn, "submitted_at", "");
	s_set(mn, "document", "NOTULEN\nRevisi 1 (lengkap)\n");
	s_applied(&d, mn, 1, (const char *const[]){"document", NULL});
	s_row_is("2", "SELECT rev FROM minutes WHERE id = '%s'", lk_record_id(mn));

	/* RTL: an open item is not verified; done, then verified (signed: test_signer_server). */
	static const char *const fver[] = {"status", "verified_by", "verified_key_id", "verified_at", "verification_sig",
	                                   NULL};
	char sig[129];
	memset(sig, 'a', 128);
	sig[128] = '\0';
	ProtobufCMessage *r = lkt_record(&d, "rtl");
	s_set(r, "meeting_id", mid);
	s_set(r, "activity", "Sweeping K1");
	s_set(r, "due_date", "2026-04-10");
	s_set(r, "owner_person_id", "01a20422-f687-7002-a92c-a851f11ac845");
	s_set(r, "status", "open");
	s_applied(&d, r, 0, NULL);
	ProtobufCMessage *v = lk_record_copy(lk_entity_find("rtl"), r);
	s_set(v, "status", "verified");
	s_set(v, "verified_by", "01a20422-f687-7002-a92c-a851f11ac846");
	s_set(v, "verified_key_id", "01a20422-f687-7002-a92c-a851f11ac847");
	s_set(v, "verified_at", "2026-04-09T08:00:00Z");
	s_set(v, "verification_sig", sig);
	s_refused(&d, v, 1, fver, "only a done RTL item can be verified (this one is open)");
	s_row_is("open|1", "SELECT status || '|' || rev FROM rtl_item WHERE id = '%s'", lk_record_id(r));
	/* A new item that arrives verified without the day its work was done. */
	ProtobufCMessage *nv = lk_record_copy(lk_entity_find("rtl"), v);
	char nid[LK_UUID_STRLEN];
	s_set(nv, "id", lkt_new_id(nid));
	s_refused(&d, nv, 0, NULL, "only a done RTL item can be verified (this one is new)");
	s_row_is("0", "SELECT count(*) FROM rtl_item WHERE id = '%s'", nid);
	s_set(r, "status", "done");
	s_set(r, "closed_on", "2026-04-08");
	s_applied(&d, r, 1, (const char *const[]){"status", "closed_on", NULL});
	s_row_is("done|2", "SELECT status || '|' || rev FROM rtl_item WHERE id = '%s'", lk_record_id(r));

	/* Commitments: at the quarterly cross-sector lokmin, not at a puskesmas's monthly one. */
	ProtobufCMessage *q = lkt_record(&k, "meeting");
	s_set(q, "kind", "quarterly");
	s_set(q, "year", "2026");
	s_set(q, "period", "1");
	s_set(q, "planned_date", "2026-03-19");
	s_set(q, "status", "planned");
	s_applied(&k, q, 0, NULL);
	ProtobufCMessage *c = lkt_record(&k, "commitment");
	s_set(c, "meeting_id", mid);
	s_set(c, "sector_id", "01a20422-f687-7002-a92c-a851f11ac848");
	s_set(c, "support", "Koramil ikut sweeping");
	s_set(c, "status", "open");
	char want[200];
	snprintf(want, sizeof want, "meeting %s is a monthly lokmin; commitments are made at the quarterly cross-sector "
	                            "lokmin", mid);
	s_refused(&k, c, 0, NULL, want);
	s_row_is("0", "SELECT count(*) FROM commitment WHERE id = '%s'", lk_record_id(c));
	s_set(c, "meeting_id", lk_record_id(q));
	s_applied(&k, c, 0, NULL);
	s_row_is("1", "SELECT count(*) FROM commitment WHERE meeting_id = '%s'", lk_record_id(q));
	/* A puskesmas still cannot make one, at any meeting. */
	ProtobufCMessage *pc = lkt_record(&d, "commitment");
	s_set(pc, "meeting_id", lk_record_id(q));
	s_set(pc, "sector_id", "01a20422-f687-7002-a92c-a851f11ac848");
	s_set(pc, "support", "x");
	s_set(pc, "status", "open");
	s_refused(&d, pc, 0, NULL, "commitment records are kept by the camat's office");
	lk_record_free(pc);
	lk_record_free(c);
	lk_record_free(q);
	lk_record_free(nv);
	lk_record_free(v);
	lk_record_free(r);
	lk_record_free(mn);
	lk_record_free(m);
	lk_conn_destroy(&d.c);
	lk_conn_destroy(&k.c);
}
