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
