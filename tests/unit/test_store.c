/* test_store: unit tests of the client's offline store (SQLite), its outbox and record JSON; no server. */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lk_entity.h"
#include "lk_error.h"
#include "lk_hlc.h"
#include "lk_json.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "account.h"
#include "store.h"

static char s_home[256];
static char s_db[300];
static const struct lk_entity *s_meeting;
static const struct lk_entity *s_person;

static void s_setup(void)
{
	snprintf(s_home, sizeof s_home, "/tmp/lk_store_XXXXXX");
	cr_assert_not_null(mkdtemp(s_home));
	snprintf(s_db, sizeof s_db, "%s/store.db", s_home);
	s_meeting = lk_entity_find("meeting");
	s_person = lk_entity_find("person");
	cr_assert(s_meeting && s_person);
}

static void s_teardown(void)
{
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", s_home);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", s_home);
}

TestSuite(store, .init = s_setup, .fini = s_teardown);

/* ---------------------------------------------------------------- helpers */

static lk_store *s_open(void)
{
	char err[512] = "";
	lk_store *st = lk_store_open(s_home, err, sizeof err);
	cr_assert_not_null(st, "open: %s", err);
	return st;
}

/* One integer from SQL run on the store file through a connection of its own. */
static long long s_q(const char *sql, const char *param)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;
	cr_assert_eq(sqlite3_open_v2(s_db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
	if (param)
		sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void s_exec(const char *sql)
{
	sqlite3 *db;
	cr_assert_eq(sqlite3_open_v2(s_db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_close(db);
}

static void s_set(ProtobufCMessage *m, const char *field, const char *value)
{
	cr_assert_eq(lk_record_set(m, field, value), 0, "set %s=%s", field, value);
}

static void s_new_id(char out[LK_UUID_STRLEN])
{
	lk_uuid u;
	lk_uuid_v7(&u);
	lk_uuid_format(&u, out);
}

/* A valid meeting of puskesmas P3324010101. */
static ProtobufCMessage *s_make_meeting(const char *id, const char *title)
{
	ProtobufCMessage *m = lk_record_new(s_meeting);
	s_set(m, "id", id);
	s_set(m, "kabupaten", "3324");
	s_set(m, "kecamatan", "332401");
	s_set(m, "puskesmas", "P3324010101");
	s_set(m, "kind", "monthly");
	s_set(m, "status", "planned");
	s_set(m, "year", "2025");
	s_set(m, "period", "3");
	s_set(m, "title", title);
	return m;
}

static void s_put(lk_store *st, const ProtobufCMessage *m, const char *const *fields, size_t n)
{
	char err[512] = "";
	int rc = lk_store_put(st, lk_entity_find(m->descriptor == s_meeting->desc ? "meeting" : "person"), m, fields, n,
	                      err, sizeof err);
	cr_assert_eq(rc, 0, "put: %s", err);
}

static char *s_get(lk_store *st, const char *id, const char *field)
{
	ProtobufCMessage *m;
	cr_assert_eq(lk_store_get(st, s_meeting, id, &m), 0);
	char *v = lk_record_get(m, field);
	lk_record_free(m);
	return v;
}

static void s_expect(lk_store *st, const char *id, const char *field, const char *want)
{
	char *v = s_get(st, id, field);
	cr_assert_str_eq(v, want, "%s: got \"%s\", want \"%s\"", field, v, want);
	free(v);
}

/* A pulled change holding m (a server's record). Free with s_change_free. */
static Lokmin__Change *s_change(const char *entity, const ProtobufCMessage *m, uint64_t seq)
{
	Lokmin__Change *c = calloc(1, sizeof *c);
	lokmin__change__init(c);
	c->seq = seq;
	c->entity = strdup(entity);
	cr_assert_eq(lk_record_encode(m, &c->record.data, &c->record.len), 0);
	return c;
}

static void s_change_free(Lokmin__Change *c)
{
	free(c->entity);
	free(c->record.data);
	free(c);
}

static int s_apply1(lk_store *st, Lokmin__Change *c, uint64_t cursor)
{
	char err[256];
	const Lokmin__Change *const list[1] = {c};
	return lk_store_apply_page(st, list, 1, cursor, NULL, err, sizeof err);
}

static uint64_t s_cursor(lk_store *st)
{
	uint64_t c = 99999;
	cr_assert_geq(lk_store_cursor(st, &c, NULL), 0);
	return c;
}

/* ---------------------------------------------------------------- open and migrations */

Test(store, migrations_idempotent_and_tables_follow_the_entity_table)
{
	lk_store *st = s_open();
	lk_store_close(&st);
	cr_assert_null(st);
	lk_store_close(&st); /* safe twice */
	st = s_open();
	lk_store_close(&st);
	cr_assert_eq(s_q("SELECT count(*) FROM store_version", NULL), 7);
	cr_assert_eq(s_q("SELECT count(*) FROM sqlite_master WHERE name IN ('outbox','failed_op','sync_state')", NULL), 3);
	cr_assert_eq(s_q("SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'", NULL), 1);
	for (size_t i = 0; i < lk_entities_count; i++) {
		const struct lk_entity *e = &lk_entities[i];
		cr_assert_eq(s_q("SELECT count(*) FROM pragma_table_info(?1)", e->table), 7 + (long long)e->nfields,
		             "%s: one column per header and own field", e->table);
		cr_assert_eq(s_q("SELECT count(*) FROM pragma_table_info(?1) WHERE name = 'kabupaten_code'", e->table), 1);
	}
	/* A store made before a field existed gets the column on open, existing rows the empty value. */
	char id[LK_UUID_STRLEN];
	s_new_id(id);
	st = s_open();
	ProtobufCMessage *m = s_make_meeting(id, "before");
	s_put(st, m, NULL, 0);
	lk_record_free(m);
	lk_store_close(&st);
	s_exec("ALTER TABLE meeting DROP COLUMN notes");
	cr_assert_eq(s_q("SELECT count(*) FROM pragma_table_info('meeting') WHERE name = 'notes'", NULL), 0);
	st = s_open();
	cr_assert_eq(s_q("SELECT count(*) FROM pragma_table_info('meeting') WHERE name = 'notes'", NULL), 1);
	s_expect(st, id, "notes", "");
	s_expect(st, id, "title", "before");
	lk_store_close(&st);
	/* A store from a newer lokmin is refused rather than misread. */
	s_exec("INSERT INTO store_version VALUES (999, 0)");
	char err[256] = "";
	cr_assert_null(lk_store_open(s_home, err, sizeof err));
	cr_assert(strstr(err, "newer") != NULL, "%s", err);
}

Test(store, outbox_rows_from_before_the_actor_stay_valid_and_new_ops_carry_it)
{
	char id[LK_UUID_STRLEN], id2[LK_UUID_STRLEN], person[LK_UUID_STRLEN], other[LK_UUID_STRLEN];
	s_new_id(id);
	s_new_id(id2);
	s_new_id(person);
	s_new_id(other);
	lk_store *st = s_open();
	ProtobufCMessage *m = s_make_meeting(id, "queued by an older lokmin");
	s_put(st, m, NULL, 0);
	lk_record_free(m);
	lk_store_close(&st);
	/* Make it a store of version 4: no actor column, no record_actor table (nor what came later). */
	s_exec("ALTER TABLE outbox DROP COLUMN actor; DROP TABLE record_actor; DROP TABLE account; DROP TABLE sig_valid; "
	       "DELETE FROM store_version WHERE version >= 5");
	cr_assert_eq(s_q("SELECT count(*) FROM pragma_table_info('outbox') WHERE name = 'actor'", NULL), 0);

	st = s_open();
	cr_assert_eq(s_q("SELECT count(*) FROM store_version WHERE version = 5", NULL), 1);
	cr_assert_eq(lk_store_set_actor(st, "not an id"), -LK_EINVAL);
	cr_assert_eq(lk_store_set_actor(st, person), 0);
	cr_assert_str_eq(lk_store_actor(st), person);
	/* A later edit by a person never folds into the old op, which says nothing about the person. */
	const char *title[] = {"title"};
	m = s_make_meeting(id, "edited by a person");
	s_put(st, m, title, 1);
	lk_record_free(m);
	cr_assert_eq(s_q("SELECT count(*) FROM outbox WHERE record_id = ?1", id), 2);
	m = s_make_meeting(id2, "new");
	s_put(st, m, NULL, 0);
	lk_record_free(m);
	char who[40];
	cr_assert_eq(lk_store_record_actor(st, s_meeting, id2, who, sizeof who), 0);
	cr_assert_str_eq(who, person);

	struct lk_outbox_op *ops;
	size_t n;
	cr_assert_eq(lk_store_outbox_take(st, 10, &ops, &n), 0);
	cr_assert_eq(n, 2, "one op per record on the wire");
	cr_assert_str_eq(ops[0].record_id, id);
	cr_assert_str_eq(ops[0].actor, "", "the row queued before the migration");
	cr_assert_str_eq(ops[1].record_id, id2);
	cr_assert_str_eq(ops[1].actor, person);
	lk_outbox_ops_free(ops, n);

	/* Another person, then no one: each makes its own op. */
	cr_assert_eq(lk_store_set_actor(st, other), 0);
	m = s_make_meeting(id2, "by the other");
	s_put(st, m, title, 1);
	lk_record_free(m);
	cr_assert_eq(lk_store_set_actor(st, NULL), 0);
	m = s_make_meeting(id2, "by no one known");
	s_put(st, m, title, 1);
	lk_record_free(m);
	cr_assert_eq(s_q("SELECT count(*) FROM outbox WHERE record_id = ?1 AND state = 'pending'", id2), 2);
	cr_assert_eq(lk_store_record_actor(st, s_meeting, id2, who, sizeof who), 0);
	cr_assert_str_eq(who, "", "the last change's author is not known");
	lk_store_close(&st);
}

/* ---------------------------------------------------------------- local writes */

Test(store, put_creates_row_and_one_op)
{
	char id[LK_UUID_STRLEN];
	lk_store *st = s_open();
	s_new_id(id);
	ProtobufCMessage *m = s_make_meeting(id, "Lokmin Maret");
	s_set(m, "rev", "7"); /* a local write never sets rev */
	s_put(st, m, NULL, 0);
	lk_record_free(m);

	s_expect(st, id, "title", "Lokmin Maret");
	s_expect(st, id, "rev", "0");
	cr_assert_eq(s_q("SELECT count(*) FROM outbox WHERE record_id = ?1", id), 1);
	cr_assert_eq(s_q("SELECT base_rev FROM outbox WHERE record_id = ?1", id), 0);
	cr_assert_eq(s_q("SELECT count(*) FROM outbox WHERE state = 'pending' AND fields LIKE 'kind,%'", NULL), 1);

	struct lk_outbox_op *ops;
	size_t n;
	cr_assert_eq(lk_store_outbox_take(st, 10, &ops, &n), 0);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(ops[0].entity, "meeting");
	cr_assert_str_eq(ops[0].record_id, id);
	cr_assert_eq(ops[0].nfields, s_meeting->nfields, "a new record's op names every own field");
	lk_uuid u;
	cr_assert_eq(lk_uuid_parse(&u, ops[0].op_id), 0);
	ProtobufCMessage *r = lk_record_decode(s_meeting, ops[0].record, ops[0].record_len);
	cr_assert_not_null(r);
	cr_assert_eq(lk_record_hlc(r), ops[0].hlc);
	char *hlc = s_get(st, id, "hlc");
	cr_assert_eq(strtoull(hlc, NULL, 10), ops[0].hlc, "row and op carry the same HLC");
	free(hlc);
	lk_record_free(r);
	lk_outbox_ops_free(ops, n);
	lk_store_close(&st);
}

Test(store, puts_coalesce_while_pending_but_not_once_sent)
{
	char id[LK_UUID_STRLEN];
	lk_store *st = s_open();
	s_new_id(id);
	ProtobufCMessage *m = s_make_meeting(id, "one");
	s_put(st, m, NULL, 0);
	uint64_t h1 = (uint64_t)s_q("SELECT hlc FROM outbox WHERE record_id = ?1", id);

	const char *title[] = {"title"}, *place[] = {"place"};
	s_set(m, "title", "two");
	s_put(st, m, title, 1);
	cr_assert_eq(s_q("SELECT count(*) FROM outbox WHERE record_id = ?1", id), 1, "coalesced while pending");
	cr_assert_gt((uint64_t)s_q("SELECT hlc FROM outbox WHERE record_id = ?1", id), h1);

	struct lk_outbox_op *ops;
	size_t n;
	cr_assert_eq(lk_store_outbox_take(st, 10, &ops, &n), 0);
	cr_assert_eq(n, 1);
	char sent_id[LK_UUID_STRLEN];
	lk_strlcpy(sent_id, ops[0].op_id, sizeof sent_id);
	ProtobufCMessage *r = lk_record_decode(s_meeting, ops[0].record, ops[0].record_len);
	char *t = lk_record_get(r, "title");
	cr_assert_str_eq(t, "two", "the pending op carries the newest record");
	free(t);
	lk_record_free(r);
	lk_outbox_ops_free(ops, n);
	long long sent_hlc = s_q("SELECT hlc FROM outbox WHERE op_id = ?1", sent_id);

	/* The op is on the wire: a new edit makes a new op, the sent one stays as sent. */
	s_set(m, "place", "Aula");
	s_put(st, m, place, 1);
	cr_assert_eq(s_q("SELECT count(*) FROM outbox WHERE record_id = ?1", id), 2);
	cr_assert_eq(s_q("SELECT count(*) FROM outbox WHERE op_id = ?1 AND state = 'sent'", sent_id), 1);
	cr_assert_eq(s_q("SELECT hlc FROM outbox WHERE op_id = ?1", sent_id), sent_hlc, "the sent op is untouched");
	cr_assert_eq(s_q("SELECT count(*) FROM outbox WHERE state = 'pending' AND fields = 'place'", NULL), 1);

	/* Nothing else of this record goes out while its first op is unanswered. */
	cr_assert_eq(lk_store_outbox_take(st, 10, &ops, &n), 0);
	cr_assert_eq(n, 0);
	lk_outbox_ops_free(ops, n);

	/* An interrupted sync: the sent op is pending again, never absorbs edits, and goes first. */
	cr_assert_eq(lk_store_outbox_requeue_sent(st), 0);
	s_set(m, "place", "Aula 2");
	s_put(st, m, place, 1);
	cr_assert_eq(s_q("SELECT count(*) FROM outbox WHERE record_id = ?1", id), 2);
	cr_assert_eq(s_q("SELECT hlc FROM outbox WHERE op_id = ?1", sent_id), sent_hlc, "a requeued op is untouched");
	cr_assert_eq(lk_store_outbox_take(st, 10, &ops, &n), 0);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(ops[0].op_id, sent_id);
	cr_assert_eq(ops[0].attempts, 2);
	lk_outbox_ops_free(ops, n);
	cr_assert_eq(lk_store_outbox_result(st, sent_id, LOKMIN__OP_STATUS__OP_APPLIED, 0, NULL, NULL, 1), 0);
	cr_assert_eq(lk_store_outbox_take(st, 10, &ops, &n), 0);
	cr_assert_eq(n, 1, "the record's next op after the answer");
	cr_assert_eq(ops[0].nfields, 1);
	cr_assert_str_eq(ops[0].fields[0], "place");
	lk_outbox_ops_free(ops, n);

	/* Setting a field to the value it has makes no op. */
	cr_assert_eq(lk_store_outbox_requeue_sent(st), 0);
	long long before = s_q("SELECT count(*) FROM outbox", NULL);
	s_put(st, m, place, 1);
	cr_assert_eq(s_q("SELECT count(*) FROM outbox", NULL), before);
	lk_record_free(m);
	lk_store_close(&st);
}

Test(store, validation_failure_writes_nothing)
{
	char id[LK_UUID_STRLEN], err[256] = "";
	lk_store *st = s_open();
	s_new_id(id);
	ProtobufCMessage *m = s_make_meeting(id, "ok");
	s_put(st, m, NULL, 0);
	long long ops = s_q("SELECT count(*) FROM outbox", NULL);
	long long hlc = s_q("SELECT hlc FROM meeting WHERE id = ?1", id);
	long long ophlc = s_q("SELECT hlc FROM outbox", NULL);

	const char *f[] = {"status"};
	s_set(m, "status", "someday");
	cr_assert_eq(lk_store_put(st, s_meeting, m, f, 1, err, sizeof err), -LK_EINVAL);
	cr_assert(strstr(err, "status") != NULL, "%s", err);
	s_expect(st, id, "status", "planned");
	cr_assert_eq(s_q("SELECT count(*) FROM outbox", NULL), ops);
	cr_assert_eq(s_q("SELECT hlc FROM meeting WHERE id = ?1", id), hlc);
	cr_assert_eq(s_q("SELECT hlc FROM outbox", NULL), ophlc);

	/* A new record that fails: no row, no op. */
	char id2[LK_UUID_STRLEN];
	s_new_id(id2);
	ProtobufCMessage *bad = s_make_meeting(id2, "x");
	s_set(bad, "planned_date", "2025-02-30");
	cr_assert_eq(lk_store_put(st, s_meeting, bad, NULL, 0, err, sizeof err), -LK_EINVAL);
	cr_assert(strstr(err, "planned_date") != NULL, "%s", err);
	ProtobufCMessage *out = NULL;
	cr_assert_eq(lk_store_get(st, s_meeting, id2, &out), -LK_ENOTFOUND);
	cr_assert_eq(s_q("SELECT count(*) FROM outbox", NULL), ops);

	/* Unknown fields, header fields and server-only entities are refused too. */
	const char *nosuch[] = {"colour"}, *rev[] = {"rev"};
	cr_assert_eq(lk_store_put(st, s_meeting, m, nosuch, 1, err, sizeof err), -LK_EINVAL);
	cr_assert(strstr(err, "colour") != NULL, "%s", err);
	cr_assert_eq(lk_store_put(st, s_meeting, m, rev, 1, err, sizeof err), -LK_EINVAL);
	ProtobufCMessage *c = lk_record_new(lk_entity_find("conflict"));
	cr_assert_eq(lk_store_put(st, lk_entity_find("conflict"), c, NULL, 0, err, sizeof err), -LK_EPERM);
	cr_assert_eq(s_q("SELECT count(*) FROM outbox", NULL), ops);
	lk_record_free(c);
	lk_record_free(bad);
	lk_record_free(m);
	lk_store_close(&st);
}

Test(store, delete_is_a_tombstone_op)
{
	char id[LK_UUID_STRLEN];
	lk_store *st = s_open();
	s_new_id(id);
	ProtobufCMessage *m = s_make_meeting(id, "x");
	s_put(st, m, NULL, 0);
	struct lk_outbox_op *ops;
	size_t n;
	cr_assert_eq(lk_store_outbox_take(st, 10, &ops, &n), 0);
	lk_outbox_ops_free(ops, n);
	const char *f[] = {"deleted"};
	s_set(m, "deleted", "true");
	s_put(st, m, f, 1);
	s_expect(st, id, "deleted", "1");
	cr_assert_eq(s_q("SELECT count(*) FROM outbox WHERE state = 'pending' AND fields = 'deleted'", NULL), 1);
	lk_record_free(m);
	lk_store_close(&st);
}

/* ---------------------------------------------------------------- pull */

Test(store, apply_page_skips_older_keeps_local_fields_stores_cursor)
{
	char id[LK_UUID_STRLEN], err[256];
	lk_store *st = s_open();
	s_new_id(id);

	ProtobufCMessage *srv = s_make_meeting(id, "S1");
	s_set(srv, "rev", "1");
	s_set(srv, "hlc", "1000");
	s_set(srv, "place", "P1");
	Lokmin__Change *c1 = s_change("meeting", srv, 10);
	cr_assert_eq(s_apply1(st, c1, 10), 0);
	s_expect(st, id, "title", "S1");
	s_expect(st, id, "rev", "1");
	cr_assert_eq(s_cursor(st), 10);
	cr_assert_eq(s_q("SELECT count(*) FROM outbox", NULL), 0, "pulled records make no ops");

	/* A local edit of the title, not yet pushed. */
	ProtobufCMessage *loc = s_make_meeting(id, "Local");
	const char *title[] = {"title"};
	s_put(st, loc, title, 1);
	cr_assert_eq(s_q("SELECT base_rev FROM outbox", NULL), 1);

	/* The server's rev 2 changed title and place: place is taken, the local title stays. */
	s_set(srv, "rev", "2");
	s_set(srv, "hlc", "2000");
	s_set(srv, "title", "S2");
	s_set(srv, "place", "P2");
	Lokmin__Change *c2 = s_change("meeting", srv, 11);
	cr_assert_eq(s_apply1(st, c2, 11), 0);
	s_expect(st, id, "title", "Local");
	s_expect(st, id, "place", "P2");
	s_expect(st, id, "rev", "2");
	s_expect(st, id, "hlc", "2000");
	cr_assert_eq(s_cursor(st), 11);

	/* The same while the op is on the wire. */
	struct lk_outbox_op *ops;
	size_t n;
	cr_assert_eq(lk_store_outbox_take(st, 10, &ops, &n), 0);
	cr_assert_eq(n, 1);
	s_set(srv, "rev", "3");
	s_set(srv, "title", "S3");
	Lokmin__Change *c3 = s_change("meeting", srv, 12);
	cr_assert_eq(s_apply1(st, c3, 12), 0);
	s_expect(st, id, "title", "Local");
	s_expect(st, id, "rev", "3");

	/* An older rev changes nothing but the cursor. */
	cr_assert_eq(s_apply1(st, c1, 13), 0);
	s_expect(st, id, "place", "P2");
	s_expect(st, id, "rev", "3");
	cr_assert_eq(s_cursor(st), 13);

	/* Once the server has answered, its version wins the fields again. */
	cr_assert_eq(lk_store_outbox_result(st, ops[0].op_id, LOKMIN__OP_STATUS__OP_APPLIED, 0, NULL, NULL, 4), 0);
	lk_outbox_ops_free(ops, n);
	cr_assert_eq(s_apply1(st, c3, 14), 0);
	s_expect(st, id, "title", "S3");

	/* One page is one transaction: a bad change leaves rows and cursor as they were. */
	s_set(srv, "rev", "9");
	s_set(srv, "place", "P9");
	Lokmin__Change *c9 = s_change("meeting", srv, 15);
	Lokmin__Change bad = LOKMIN__CHANGE__INIT;
	uint8_t junk[] = {0xff, 0xff, 0xff, 0xff};
	bad.seq = 16;
	bad.entity = "meeting";
	bad.record.data = junk;
	bad.record.len = sizeof junk;
	const Lokmin__Change *const page[] = {c9, &bad};
	cr_assert_eq(lk_store_apply_page(st, page, 2, 16, NULL, err, sizeof err), -LK_EINVAL);
	cr_assert(strstr(err, "meeting") != NULL, "%s", err);
	s_expect(st, id, "place", "P2");
	cr_assert_eq(s_cursor(st), 14);

	/* An entity this version does not know is kept aside, not an error. */
	Lokmin__Change future = LOKMIN__CHANGE__INIT;
	future.seq = 17;
	future.entity = "survey";
	future.record = c9->record;
	const Lokmin__Change *const page2[] = {&future, c9};
	cr_assert_eq(lk_store_apply_page(st, page2, 2, 17, NULL, err, sizeof err), 0, "%s", err);
	s_expect(st, id, "place", "P9");
	cr_assert_eq(s_q("SELECT count(*) FROM parked_change WHERE entity = 'survey'", NULL), 1);
	cr_assert_eq(s_cursor(st), 17);

	s_change_free(c1);
	s_change_free(c2);
	s_change_free(c3);
	s_change_free(c9);
	lk_record_free(srv);
	lk_record_free(loc);
	lk_store_close(&st);
}

Test(store, parked_changes_apply_once_known)
{
	char id[LK_UUID_STRLEN];
	lk_store *st = s_open();
	lk_store_close(&st);
	s_new_id(id);
	ProtobufCMessage *srv = s_make_meeting(id, "parked");
	s_set(srv, "rev", "4");
	uint8_t *buf;
	size_t len;
	cr_assert_eq(lk_record_encode(srv, &buf, &len), 0);
	/* As an older lokmin would have left a change of an entity it did not know. */
	sqlite3 *db;
	sqlite3_stmt *q;
	cr_assert_eq(sqlite3_open(s_db, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "INSERT INTO parked_change (seq, entity, record) VALUES (5, 'meeting', ?1)",
	                                -1, &q, NULL),
	             SQLITE_OK);
	sqlite3_bind_blob(q, 1, buf, (int)len, SQLITE_STATIC);
	cr_assert_eq(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
	sqlite3_close(db);
	free(buf);
	st = s_open();
	s_expect(st, id, "title", "parked");
	s_expect(st, id, "rev", "4");
	cr_assert_eq(s_q("SELECT count(*) FROM parked_change", NULL), 0);
	lk_record_free(srv);
	lk_store_close(&st);
}

Test(store, snapshot_state_and_resync)
{
	char err[256];
	uint64_t cursor;
	Lokmin__SnapshotState snap = LOKMIN__SNAPSHOT_STATE__INIT, got;
	lk_store *st = s_open();

	cr_assert_eq(lk_store_cursor(st, &cursor, &got), 0);
	cr_assert_eq(cursor, 0);
	snap.head = 50;
	snap.entity_index = 2;
	snap.after_id = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
	cr_assert_eq(lk_store_apply_page(st, NULL, 0, 0, &snap, err, sizeof err), 0);
	cr_assert_eq(lk_store_cursor(st, &cursor, &got), 1, "a snapshot is in progress");
	cr_assert_eq(got.head, 50);
	cr_assert_eq(got.entity_index, 2);
	cr_assert_str_eq(got.after_id, snap.after_id);
	struct lk_store_status ss;
	cr_assert_eq(lk_store_status(st, &ss), 0);
	cr_assert_eq(ss.snapshot, 1);

	cr_assert_eq(lk_store_apply_page(st, NULL, 0, 50, NULL, err, sizeof err), 0);
	cr_assert_eq(lk_store_cursor(st, &cursor, &got), 0);
	cr_assert_eq(cursor, 50);
	cr_assert_eq(got.head, 0);
	cr_assert_str_eq(got.after_id, "");

	cr_assert_eq(lk_store_reset_for_resync(st), 0);
	cr_assert_eq(lk_store_cursor(st, &cursor, NULL), 0);
	cr_assert_eq(cursor, 0);
	lk_store_close(&st);
}

/* ---------------------------------------------------------------- results, status */

static int s_count_failed(const struct lk_failed_op *f, void *arg)
{
	cr_assert_str_eq(f->error_name, "OUT_OF_SCOPE");
	cr_assert_str_eq(f->message, "not yours");
	cr_assert_eq(f->code, LK_ESCOPE);
	cr_assert_str_eq(f->entity, "meeting");
	cr_assert_gt(f->failed_ms, 0);
	++*(int *)arg;
	return 0;
}

Test(store, outbox_results_rejected_to_failed_applied_sets_rev)
{
	char a[LK_UUID_STRLEN], b[LK_UUID_STRLEN], c[LK_UUID_STRLEN];
	lk_store *st = s_open();
	s_new_id(a);
	s_new_id(b);
	s_new_id(c);
	ProtobufCMessage *ma = s_make_meeting(a, "a"), *mb = s_make_meeting(b, "b"), *mc = s_make_meeting(c, "c");
	s_put(st, ma, NULL, 0);
	s_put(st, mb, NULL, 0);
	s_put(st, mc, NULL, 0);

	struct lk_outbox_op *ops;
	size_t n;
	cr_assert_eq(lk_store_outbox_take(st, 2, &ops, &n), 0);
	cr_assert_eq(n, 2, "at most max");
	cr_assert_str_eq(ops[0].record_id, a, "oldest first");
	cr_assert_str_eq(ops[1].record_id, b);
	struct lk_store_status ss;
	cr_assert_eq(lk_store_status(st, &ss), 0);
	cr_assert_eq(ss.pending_ops, 1);
	cr_assert_eq(ss.sent_ops, 2);

	cr_assert_eq(lk_store_outbox_result(st, ops[0].op_id, LOKMIN__OP_STATUS__OP_APPLIED, 0, NULL, "", 1), 0);
	s_expect(st, a, "rev", "1");
	cr_assert_eq(lk_store_outbox_result(st, ops[1].op_id, LOKMIN__OP_STATUS__OP_REJECTED, LK_ESCOPE, NULL,
	                                    "not yours", 0),
	             0);
	s_expect(st, b, "rev", "0");
	s_expect(st, b, "title", "b"); /* the local value stays, shown by `lokmin failed` */
	cr_assert_eq(lk_store_outbox_result(st, ops[1].op_id, LOKMIN__OP_STATUS__OP_APPLIED, 0, NULL, NULL, 1),
	             -LK_ENOTFOUND);
	lk_outbox_ops_free(ops, n);

	cr_assert_eq(lk_store_status(st, &ss), 0);
	cr_assert_eq(ss.pending_ops, 1);
	cr_assert_eq(ss.sent_ops, 0);
	cr_assert_eq(ss.failed_ops, 1);
	int count = 0;
	cr_assert_eq(lk_store_failed_list(st, s_count_failed, &count), 0);
	cr_assert_eq(count, 1);

	/* A later rev is not taken from a result: it comes whole with the pull, so a
	 * change by another device in between is never skipped. */
	const char *t[] = {"title"};
	s_set(ma, "title", "a2");
	s_put(st, ma, t, 1);
	cr_assert_eq(lk_store_outbox_take(st, 10, &ops, &n), 0);
	cr_assert_eq(n, 2);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(lk_store_outbox_result(st, ops[i].op_id,
		                                    i ? LOKMIN__OP_STATUS__OP_CONFLICT : LOKMIN__OP_STATUS__OP_DUPLICATE, 0,
		                                    NULL, NULL, 5),
		             0);
	lk_outbox_ops_free(ops, n);
	s_expect(st, a, "rev", "1");
	cr_assert_eq(s_q("SELECT count(*) FROM outbox", NULL), 0);

	/* Open conflicts: unresolved conflict records from the server. */
	const struct lk_entity *ce = lk_entity_find("conflict");
	ProtobufCMessage *cf = lk_record_new(ce);
	char cid[LK_UUID_STRLEN];
	s_new_id(cid);
	s_set(cf, "id", cid);
	s_set(cf, "rev", "1");
	s_set(cf, "kabupaten", "3324");
	s_set(cf, "record_entity", "meeting");
	s_set(cf, "record_id", a);
	s_set(cf, "field", "notes");
	s_set(cf, "kind", "narrative");
	Lokmin__Change *ch = s_change("conflict", cf, 3);
	cr_assert_eq(s_apply1(st, ch, 3), 0);
	cr_assert_eq(lk_store_set_meta(st, LK_STORE_META_LAST_SYNC, "1700000000000"), 0);
	cr_assert_eq(lk_store_set_meta(st, LK_STORE_META_LAST_ERROR, "link down"), 0);
	cr_assert_eq(lk_store_status(st, &ss), 0);
	cr_assert_eq(ss.open_conflicts, 1);
	cr_assert_eq(ss.cursor, 3);
	cr_assert_eq(ss.last_sync_ms, 1700000000000);
	cr_assert_str_eq(ss.last_error, "link down");
	char *v;
	cr_assert_eq(lk_store_get_meta(st, LK_STORE_META_LAST_ERROR, &v), 0);
	cr_assert_str_eq(v, "link down");
	free(v);
	cr_assert_eq(lk_store_set_meta(st, LK_STORE_META_LAST_ERROR, NULL), 0);
	cr_assert_eq(lk_store_get_meta(st, LK_STORE_META_LAST_ERROR, &v), -LK_ENOTFOUND);

	s_change_free(ch);
	lk_record_free(cf);
	lk_record_free(ma);
	lk_record_free(mb);
	lk_record_free(mc);
	lk_store_close(&st);
}

/* ---------------------------------------------------------------- export and JSON */

static char *s_export(lk_store *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_eq(lk_store_export(st, f), 0);
	fclose(f);
	return buf;
}

Test(store, export_sorted_stable_and_exact)
{
	lk_store *st = s_open();
	const char *ids[] = {"0193a1b2-c3d4-7e5f-8a9b-00000000000c", "0193a1b2-c3d4-7e5f-8a9b-00000000000a",
	                     "0193a1b2-c3d4-7e5f-8a9b-00000000000b"};
	for (size_t i = 0; i < 3; i++) {
		ProtobufCMessage *m = s_make_meeting(ids[i], "m");
		s_put(st, m, NULL, 0);
		lk_record_free(m);
	}
	/* A record as the server holds it, pulled: exact line, whichever side writes it. */
	ProtobufCMessage *p = lk_record_new(s_person);
	s_set(p, "id", "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
	s_set(p, "rev", "3");
	s_set(p, "hlc", "117660987914584064");
	s_set(p, "kabupaten", "3324");
	s_set(p, "name", "Dr. \"Sari\" \\ Wulandari\n\tKapus");
	s_set(p, "title", "Kepala Puskesmas \xc3\xa9\x01");
	Lokmin__Change *c = s_change("person", p, 1);
	cr_assert_eq(s_apply1(st, c, 1), 0);

	char *one = s_export(st), *two = s_export(st);
	cr_assert_str_eq(one, two, "stable");
	const char *want_person =
		"{\"entity\":\"person\",\"id\":\"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\",\"rev\":3,"
		"\"hlc\":117660987914584064,\"deleted\":false,\"kabupaten\":\"3324\",\"kecamatan\":\"\","
		"\"puskesmas\":\"\",\"sector_id\":\"\",\"name\":\"Dr. \\\"Sari\\\" \\\\ Wulandari\\n\\tKapus\","
		"\"title\":\"Kepala Puskesmas \xc3\xa9\\u0001\",\"role\":\"\",\"nip\":\"\",\"phone\":\"\",\"sign_pk\":\"\","
		"\"programmes\":\"\",\"pangkat\":\"\"}\n";
	cr_assert_eq(strncmp(one, want_person, strlen(want_person)), 0, "got:\n%s\nwant:\n%s", one, want_person);
	/* Entity-table order (person before meeting), then id order. */
	const char *pa = strstr(one, ids[1]), *pb = strstr(one, ids[2]), *pc = strstr(one, ids[0]);
	cr_assert(pa && pb && pc && pa < pb && pb < pc);
	int lines = 0;
	for (const char *q = one; *q; q++)
		lines += *q == '\n';
	cr_assert_eq(lines, 4);

	/* The same records in another store give the same bytes. */
	char *again;
	{
		char other[300];
		snprintf(other, sizeof other, "%s/other", s_home);
		char err[256];
		lk_store *o = lk_store_open(other, err, sizeof err);
		cr_assert_not_null(o, "%s", err);
		/* every row copied over as pulled changes, in another order */
		for (int i = 2; i >= 0; i--) {
			ProtobufCMessage *m;
			cr_assert_eq(lk_store_get(st, s_meeting, ids[i], &m), 0);
			Lokmin__Change *mc = s_change("meeting", m, 1);
			cr_assert_eq(s_apply1(o, mc, 1), 0);
			s_change_free(mc);
			lk_record_free(m);
		}
		cr_assert_eq(s_apply1(o, c, 1), 0);
		again = s_export(o);
		lk_store_close(&o);
	}
	cr_assert_str_eq(again, one);
	free(again);
	free(one);
	free(two);
	s_change_free(c);
	lk_record_free(p);
	lk_store_close(&st);
}

Test(json, strings_escape_and_stay_valid_utf8)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	lk_json_string(f, "a\"b\\c\n\r\t\b\f\x1f \xe2\x82\xac \xff \xc3(");
	lk_json_string(f, NULL);
	fclose(f);
	cr_assert_str_eq(buf, "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u001f \xe2\x82\xac \\ufffd \\ufffd(\"\"\"");
	free(buf);
}

/* ---------------------------------------------------------------- clock */

Test(store, hlc_never_goes_back_across_reopen)
{
	char id[LK_UUID_STRLEN], id2[LK_UUID_STRLEN];
	lk_store *st = s_open();
	/* A change from a device whose clock is ahead (within LK_HLC_MAX_AHEAD_MS;
	 * beyond it a clock is never adopted) moves ours forward... */
	uint64_t ahead = lk_hlc_make(lk_now_ms() + 4 * 60 * 1000, 5);
	char ahead_text[24];
	snprintf(ahead_text, sizeof ahead_text, "%" PRIu64, ahead);
	s_new_id(id);
	ProtobufCMessage *srv = s_make_meeting(id, "from the future");
	s_set(srv, "rev", "1");
	s_set(srv, "hlc", ahead_text);
	Lokmin__Change *c = s_change("meeting", srv, 1);
	cr_assert_eq(s_apply1(st, c, 1), 0);
	lk_store_close(&st);

	/* ...and a put after reopening still stamps later than everything seen. */
	st = s_open();
	s_new_id(id2);
	ProtobufCMessage *m = s_make_meeting(id2, "now");
	s_put(st, m, NULL, 0);
	char *h = s_get(st, id2, "hlc");
	cr_assert_gt(strtoull(h, NULL, 10), ahead);
	free(h);
	uint64_t first = (uint64_t)s_q("SELECT hlc FROM meeting WHERE id = ?1", id2);
	lk_store_close(&st);
	st = s_open();
	const char *t[] = {"title"};
	s_set(m, "title", "later");
	s_put(st, m, t, 1);
	cr_assert_gt((uint64_t)s_q("SELECT hlc FROM meeting WHERE id = ?1", id2), first);
	s_change_free(c);
	lk_record_free(srv);
	lk_record_free(m);
	lk_store_close(&st);
}

/* ---------------------------------------------------------------- crash */

/* Puts forever over a window of records that moves each round, so that creates,
 * updates, coalescing and new ops after a take all happen. */
static void s_crash_child(unsigned seed, int round)
{
	char err[256];
	lk_store *st = lk_store_open(s_home, err, sizeof err);
	if (st == NULL)
		_exit(3);
	srand(seed);
	char ids[64][LK_UUID_STRLEN];
	for (int i = 0; i < 64; i++)
		snprintf(ids[i], sizeof ids[i], "0193a1b2-c3d4-7e5f-8a9b-%012x", i + 32 * round);
	static const char *const status[] = {"planned", "held", "postponed"};
	for (unsigned k = 0;; k++) {
		int i = rand() % 64;
		char title[64];
		snprintf(title, sizeof title, "t%u-%d", k, rand());
		ProtobufCMessage *m = NULL;
		if (lk_store_get(st, s_meeting, ids[i], &m) != 0) {
			m = s_make_meeting(ids[i], title);
			if (lk_store_put(st, s_meeting, m, NULL, 0, err, sizeof err) != 0)
				_exit(4);
		} else {
			const char *f[2] = {rand() % 2 ? "title" : "place", "status"};
			if (lk_record_set(m, "title", title) || lk_record_set(m, "place", title) ||
			    lk_record_set(m, "status", status[rand() % 3]))
				_exit(5);
			if (lk_store_put(st, s_meeting, m, f, 1 + (size_t)(rand() % 2), err, sizeof err) != 0)
				_exit(6);
		}
		lk_record_free(m);
		/* Now and then an op goes on the wire, as a sync would take it. */
		if (k % 7 == 0) {
			struct lk_outbox_op *ops;
			size_t n;
			if (lk_store_outbox_take(st, 3, &ops, &n) != 0)
				_exit(7);
			lk_outbox_ops_free(ops, n);
		}
	}
}

struct crash_check {
	lk_store *st;
	int rows;
};

static int s_check_row(const struct lk_entity *e, const ProtobufCMessage *row, void *arg)
{
	struct crash_check *cc = arg;
	sqlite3 *db;
	sqlite3_stmt *q;
	cc->rows++;
	cr_assert_eq(sqlite3_open_v2(s_db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "SELECT record, hlc FROM outbox WHERE record_id = ?1 ORDER BY seq", -1, &q,
	                                NULL),
	             SQLITE_OK);
	sqlite3_bind_text(q, 1, lk_record_id(row), -1, SQLITE_STATIC);
	int ops = 0;
	uint64_t last_hlc = 0;
	ProtobufCMessage *newest = NULL;
	while (sqlite3_step(q) == SQLITE_ROW) {
		ops++;
		lk_record_free(newest);
		newest = lk_record_decode(e, sqlite3_column_blob(q, 0), (size_t)sqlite3_column_bytes(q, 0));
		cr_assert_not_null(newest);
		cr_assert_gt((uint64_t)sqlite3_column_int64(q, 1), last_hlc, "ops of a record in HLC order");
		last_hlc = (uint64_t)sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	sqlite3_close(db);
	/* Exactly one op per record, or one sent plus the pending one that came after. */
	cr_assert(ops >= 1 && ops <= 2, "%s has %d ops", lk_record_id(row), ops);
	/* The newest op carries the row exactly as it is. */
	uint8_t *a, *b;
	size_t la, lb;
	cr_assert_eq(lk_record_encode(row, &a, &la), 0);
	cr_assert_eq(lk_record_encode(newest, &b, &lb), 0);
	cr_assert(la == lb && memcmp(a, b, la) == 0, "row %s differs from its op", lk_record_id(row));
	free(a);
	free(b);
	lk_record_free(newest);
	return 0;
}

Test(store, kill9_during_puts_leaves_rows_and_ops_consistent)
{
	lk_store *st = s_open();
	lk_store_close(&st);
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	int rows = 0;
	/* Eight rounds, and more with later kills while no child got as far as a put (a busy machine). */
	for (int round = 0; round < 8 || (rows == 0 && round < 24); round++) {
		pid_t pid = fork();
		cr_assert_geq(pid, 0);
		if (pid == 0)
			s_crash_child((unsigned)rand(), round);
		/* Anywhere from during open and migration to deep into the puts. */
		usleep((useconds_t)(rand() % 150000 + (round < 8 ? 0 : 150000 * (round - 7))));
		kill(pid, SIGKILL);
		int status;
		cr_assert_eq(waitpid(pid, &status, 0), pid);
		cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "child failed by itself (exit %d)",
		          WIFEXITED(status) ? WEXITSTATUS(status) : -1);

		st = s_open();
		sqlite3 *db;
		sqlite3_stmt *q;
		cr_assert_eq(sqlite3_open_v2(s_db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
		cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL), SQLITE_OK);
		cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
		cr_assert_str_eq((const char *)sqlite3_column_text(q, 0), "ok");
		sqlite3_finalize(q);
		sqlite3_close(db);

		struct crash_check cc = {st, 0};
		cr_assert_eq(lk_store_list(st, s_meeting, s_check_row, &cc), 0);
		rows += cc.rows;
		cr_assert_eq(s_q("SELECT count(*) FROM outbox o WHERE NOT EXISTS "
		                 "(SELECT 1 FROM meeting m WHERE m.id = o.record_id)",
		                 NULL),
		             0, "no op without its row");
		cr_assert_geq(s_q("SELECT coalesce((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'hlc'), 0)",
		                  NULL),
		              s_q("SELECT coalesce(max(hlc), 0) FROM outbox", NULL), "the persisted clock covers every op");
		/* The next sync would resend what was on the wire. */
		cr_assert_eq(lk_store_outbox_requeue_sent(st), 0);
		lk_store_close(&st);
	}
	cr_assert_gt(rows, 0, "the children wrote something");
}

/* ---------------------------------------------------------------- records held back */

static int64_t s_held(lk_store *st)
{
	struct lk_store_status ss;
	cr_assert_eq(lk_store_status(st, &ss), 0);
	return ss.quarantined;
}

/* lk_store_query callback keeping the first column of the last row as a number. */
static int s_number(const char *const *row, int ncol, void *arg)
{
	if (ncol > 0)
		*(long long *)arg = atoll(row[0]);
	return 0;
}

/* A page of n changes (seqs from seq0) of meeting records; the caller frees with s_page_free. */
static Lokmin__Change **s_page(ProtobufCMessage *const *recs, size_t n, uint64_t seq0)
{
	Lokmin__Change **p = calloc(n, sizeof *p);
	for (size_t i = 0; i < n; i++)
		p[i] = s_change("meeting", recs[i], seq0 + i);
	return p;
}

static void s_page_free(Lokmin__Change **p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		s_change_free(p[i]);
	free(p);
}

/* lk_store_apply_pulled of n changes up to cursor; its result, *held and the reason in s_err. */
static char s_err[256];

static int s_pull(lk_store *st, const Lokmin__Change *const *page, size_t n, uint64_t cursor, size_t *held)
{
	return lk_store_apply_pulled(st, page, n, cursor, NULL, held, s_err, sizeof s_err);
}

static int s_pull1(lk_store *st, const Lokmin__Change *c, uint64_t cursor, size_t *held)
{
	return s_pull(st, &c, 1, cursor, held);
}

/* The store refuses to insert or update meeting id, as some local fault might. */
static void s_refuse(const char *id, int insert, int update)
{
	char sql[600];
	if (insert) {
		snprintf(sql, sizeof sql,
		         "CREATE TRIGGER refuse_ins BEFORE INSERT ON meeting WHEN NEW.id = '%s' "
		         "BEGIN SELECT RAISE(ABORT, 'row refused by the fixture'); END",
		         id);
		s_exec(sql);
	}
	if (update) {
		snprintf(sql, sizeof sql,
		         "CREATE TRIGGER refuse_upd BEFORE UPDATE ON meeting WHEN NEW.id = '%s' "
		         "BEGIN SELECT RAISE(ABORT, 'row refused by the fixture'); END",
		         id);
		s_exec(sql);
	}
}

Test(store, pulled_page_holds_back_the_records_it_cannot_apply)
{
	char g1[LK_UUID_STRLEN], g2[LK_UUID_STRLEN], bad[LK_UUID_STRLEN], err[256];
	size_t held = 99, applied = 99, left = 99;
	lk_store *st = s_open();
	s_new_id(g1);
	s_new_id(g2);
	s_new_id(bad);
	ProtobufCMessage *m1 = s_make_meeting(g1, "G1"), *m2 = s_make_meeting(g2, "G2");
	ProtobufCMessage *mb = s_make_meeting(bad, "B1");
	s_set(m1, "rev", "1");
	s_set(m2, "rev", "1");
	s_set(mb, "rev", "1");
	s_refuse(bad, 1, 1);

	/* Good, undecodable, refused by the store, good: the good ones apply and the cursor moves on. */
	Lokmin__Change *c1 = s_change("meeting", m1, 20), *cb = s_change("meeting", mb, 22);
	Lokmin__Change *c2 = s_change("meeting", m2, 23);
	Lokmin__Change junk = LOKMIN__CHANGE__INIT;
	uint8_t bytes[] = {0xff, 0xff, 0xff, 0xff};
	junk.seq = 21;
	junk.entity = "meeting";
	junk.record.data = bytes;
	junk.record.len = sizeof bytes;
	const Lokmin__Change *const page[] = {c1, &junk, cb, c2};
	cr_assert_eq(s_pull(st, page, 4, 23, &held), 0, "%s", s_err);
	cr_assert_eq(held, 2);
	s_expect(st, g1, "title", "G1");
	s_expect(st, g2, "title", "G2");
	cr_assert_eq(s_q("SELECT count(*) FROM meeting WHERE id = ?1", bad), 0);
	cr_assert_eq(s_cursor(st), 23);
	cr_assert_eq(s_held(st), 2);
	cr_assert_eq(s_q("SELECT rev FROM quarantine WHERE entity = 'meeting' AND record_id = ?1", bad), 1);
	cr_assert_eq(s_q("SELECT seq FROM quarantine WHERE record_id = ?1", bad), 22);
	cr_assert_eq(s_q("SELECT count(*) FROM quarantine WHERE record_id = ?1 "
	                 "AND reason LIKE '%row refused by the fixture%'",
	                 bad),
	             1);
	cr_assert_eq(s_q("SELECT seq FROM quarantine WHERE record_id = '#21' "
	                 "AND reason LIKE 'not a valid meeting record:%'",
	                 NULL),
	             21, "bytes that do not decode are held under their seq");
	cr_assert_eq(s_q("SELECT count(*) FROM quarantine WHERE record_id = '#21' AND record = x'ffffffff'", NULL), 1);

	/* The all-or-nothing apply still refuses such a page whole. */
	cr_assert_eq(lk_store_apply_page(st, page, 4, 99, NULL, err, sizeof err), -LK_EINVAL);
	cr_assert(strstr(err, "change 1 (seq 21): not a valid meeting record"), "%s", err);
	cr_assert_eq(s_cursor(st), 23);

	/* A newer version the store refuses too replaces the held one. */
	s_set(mb, "rev", "2");
	s_set(mb, "title", "B2");
	Lokmin__Change *cb2 = s_change("meeting", mb, 24);
	cr_assert_eq(s_pull1(st, cb2, 24, &held), 0, "%s", s_err);
	cr_assert_eq(held, 1);
	cr_assert_eq(s_held(st), 2);
	cr_assert_eq(s_q("SELECT rev FROM quarantine WHERE record_id = ?1", bad), 2);
	cr_assert_eq(s_q("SELECT seq FROM quarantine WHERE record_id = ?1", bad), 24);
	/* An older one arriving again (a snapshot) does not take its place. */
	cr_assert_eq(s_pull1(st, cb, 25, &held), 0, "%s", s_err);
	cr_assert_eq(held, 1);
	cr_assert_eq(s_q("SELECT rev FROM quarantine WHERE record_id = ?1", bad), 2);

	/* A retry the store still refuses changes nothing but the reason. */
	s_exec("UPDATE quarantine SET reason = 'stale'");
	cr_assert_eq(lk_store_quarantine_retry(st, &applied, &left), 0);
	cr_assert_eq(applied, 0);
	cr_assert_eq(left, 2);
	cr_assert_eq(s_q("SELECT count(*) FROM quarantine WHERE reason = 'stale'", NULL), 0);
	cr_assert_eq(s_q("SELECT count(*) FROM quarantine WHERE record_id = ?1 "
	                 "AND reason LIKE '%row refused by the fixture%'",
	                 bad),
	             1);
	cr_assert_eq(s_q("SELECT count(*) FROM meeting", NULL), 2);
	cr_assert_eq(s_cursor(st), 25);

	/* Once the store takes it, the retry applies the held version; junk stays held. */
	s_exec("DROP TRIGGER refuse_ins; DROP TRIGGER refuse_upd");
	cr_assert_eq(lk_store_quarantine_retry(st, &applied, &left), 0);
	cr_assert_eq(applied, 1);
	cr_assert_eq(left, 1);
	s_expect(st, bad, "title", "B2");
	s_expect(st, bad, "rev", "2");
	cr_assert_eq(s_held(st), 1);
	cr_assert_eq(s_q("SELECT count(*) FROM quarantine WHERE record_id = '#21'", NULL), 1);

	/* Held again at rev 3; rev 4 applies and the held rev 3 goes with it. */
	s_refuse(bad, 0, 1);
	s_set(mb, "rev", "3");
	s_set(mb, "title", "B3");
	Lokmin__Change *cb3 = s_change("meeting", mb, 26);
	cr_assert_eq(s_pull1(st, cb3, 26, &held), 0, "%s", s_err);
	cr_assert_eq(held, 1);
	s_expect(st, bad, "title", "B2");
	cr_assert_eq(s_q("SELECT rev FROM quarantine WHERE record_id = ?1", bad), 3);
	s_exec("DROP TRIGGER refuse_upd");
	s_set(mb, "rev", "4");
	s_set(mb, "title", "B4");
	Lokmin__Change *cb4 = s_change("meeting", mb, 27);
	cr_assert_eq(s_pull1(st, cb4, 27, &held), 0, "%s", s_err);
	cr_assert_eq(held, 0);
	s_expect(st, bad, "title", "B4");
	cr_assert_eq(s_q("SELECT count(*) FROM quarantine WHERE record_id = ?1", bad), 0);
	cr_assert_eq(s_held(st), 1);
	cr_assert_eq(s_cursor(st), 27);

	s_change_free(c1);
	s_change_free(c2);
	s_change_free(cb);
	s_change_free(cb2);
	s_change_free(cb3);
	s_change_free(cb4);
	lk_record_free(m1);
	lk_record_free(m2);
	lk_record_free(mb);
	lk_store_close(&st);
}

Test(store, store_failure_fails_the_pulled_page_and_holds_nothing_back)
{
	enum { N = 12 };
	ProtobufCMessage *recs[N];
	char id[LK_UUID_STRLEN], notes[3001];
	size_t held = 99;
	long long pages = 0, v = 0;
	lk_store *st = s_open();
	memset(notes, 'n', sizeof notes - 1);
	notes[sizeof notes - 1] = '\0';
	for (int i = 0; i < N; i++) {
		s_new_id(id);
		recs[i] = s_make_meeting(id, "Rapat");
		s_set(recs[i], "rev", "1");
		s_set(recs[i], "notes", notes);
	}
	Lokmin__Change **first = s_page(recs, 1, 30), **rest = s_page(recs + 1, N - 1, 31);
	cr_assert_eq(s_pull(st, (const Lokmin__Change *const *)first, 1, 30, &held), 0, "%s", s_err);
	cr_assert_eq(s_cursor(st), 30);

	/* A read-only store: the page fails and nothing is held back for it. */
	cr_assert_eq(lk_store_query(st, "PRAGMA query_only = 1", NULL, 0, s_number, &v), 0, "%s", lk_store_error(st));
	cr_assert_lt(s_pull(st, (const Lokmin__Change *const *)rest, N - 1, 41, &held), 0);
	cr_assert_eq(held, 0);
	cr_assert_eq(lk_store_query(st, "PRAGMA query_only = 0", NULL, 0, s_number, &v), 0, "%s", lk_store_error(st));
	cr_assert_eq(s_cursor(st), 30);
	cr_assert_eq(s_held(st), 0);
	cr_assert_eq(s_q("SELECT count(*) FROM meeting", NULL), 1);

	/* A stored row this lokmin cannot read back is the store's damage, not the
	 * pulled record's: the page fails, nothing is held, the transaction is whole. */
	s_exec("UPDATE meeting SET year = 99999999999");
	s_set(recs[0], "rev", "2");
	Lokmin__Change **again = s_page(recs, 1, 32);
	const Lokmin__Change *const mixed[] = {rest[0], again[0]};
	cr_assert_lt(s_pull(st, mixed, 2, 41, &held), 0);
	cr_assert(strstr(s_err, "change 1 (seq 32): meeting.year of a stored row cannot be read"), "%s", s_err);
	cr_assert_eq(held, 0);
	cr_assert_eq(s_cursor(st), 30);
	cr_assert_eq(s_held(st), 0);
	cr_assert_eq(s_q("SELECT count(*) FROM meeting", NULL), 1, "the page's first change is undone too");
	s_exec("UPDATE meeting SET year = 2025");
	s_page_free(again, 1);

	/* A full disk while the rows are written (no page may be added): the same. */
	cr_assert_eq(lk_store_query(st, "PRAGMA page_count", NULL, 0, s_number, &pages), 0);
	cr_assert_gt(pages, 0);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", pages);
	cr_assert_eq(lk_store_query(st, sql, NULL, 0, s_number, &v), 0, "%s", lk_store_error(st));
	cr_assert_eq(v, pages);
	cr_assert_lt(s_pull(st, (const Lokmin__Change *const *)rest, N - 1, 41, &held), 0);
	cr_assert(strstr(s_err, "(seq 31): cannot store the record: database or disk is full"),
	          "the change names the full disk: %s", s_err);
	cr_assert_eq(held, 0);
	cr_assert_eq(s_cursor(st), 30);
	cr_assert_eq(s_held(st), 0);
	cr_assert_eq(s_q("SELECT count(*) FROM meeting", NULL), 1);

	/* With room again the page applies whole. */
	cr_assert_eq(lk_store_query(st, "PRAGMA max_page_count = 1073741823", NULL, 0, s_number, &v), 0);
	cr_assert_eq(s_pull(st, (const Lokmin__Change *const *)rest, N - 1, 41, &held), 0, "%s", s_err);
	cr_assert_eq(held, 0);
	cr_assert_eq(s_cursor(st), 41);
	cr_assert_eq(s_q("SELECT count(*) FROM meeting", NULL), N);

	s_page_free(first, 1);
	s_page_free(rest, N - 1);
	for (int i = 0; i < N; i++)
		lk_record_free(recs[i]);
	lk_store_close(&st);
}

/* The web app's accounts: Argon2id hashes, device-local, one per login. */
Test(store, accounts_check_passwords_and_stay_out_of_the_export)
{
	lk_store *st = s_open();
	struct lk_account a;
	int n = -1;
	cr_assert_eq(lk_account_add(st, "sri", "01a0aaaa-0000-7000-8000-000000000001", "rahasia sekali", "en"), 0);
	cr_assert_eq(lk_account_add(st, "sri", "01a0aaaa-0000-7000-8000-000000000002", "rahasia lain 2", "id"),
	             -LK_ECONFLICT);
	cr_assert_eq(lk_account_add(st, "Bad Name", "01a0aaaa-0000-7000-8000-000000000001", "rahasia sekali", "id"),
	             -LK_EINVAL);
	cr_assert_eq(lk_account_add(st, "budi", "01a0aaaa-0000-7000-8000-000000000003", "short", "id"), -LK_EINVAL);
	cr_assert_eq(lk_account_add(st, "budi", "01a0aaaa-0000-7000-8000-000000000003", "long enough", "fr"), -LK_EINVAL);
	cr_assert_eq(lk_account_count(st, &n), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(lk_account_check(st, "sri", "rahasia sekali", &a), 0);
	cr_assert_str_eq(a.person_id, "01a0aaaa-0000-7000-8000-000000000001");
	cr_assert_str_eq(a.lang, "en");
	cr_assert_eq(lk_account_check(st, "sri", "rahasia salah", NULL), -LK_EPERM);
	cr_assert_eq(lk_account_check(st, "nobody", "rahasia sekali", NULL), -LK_EPERM);
	cr_assert_eq(lk_account_get(st, "nobody", &a), -LK_ENOTFOUND);
	/* The hash is Argon2id, never the password. */
	cr_assert_eq(s_q("SELECT count(*) FROM account WHERE pwhash LIKE '$argon2id$%'", NULL), 1);
	cr_assert_eq(s_q("SELECT count(*) FROM account WHERE pwhash LIKE '%rahasia%'", NULL), 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_eq(lk_store_export(st, f), 0);
	fclose(f);
	cr_assert_null(strstr(buf, "argon2"));
	free(buf);
	lk_store_close(&st);
}

Test(store, account_password_and_language_change)
{
	lk_store *st = s_open();
	struct lk_account a;
	cr_assert_eq(lk_account_add(st, "sri", "01a0aaaa-0000-7000-8000-000000000001", "rahasia sekali", "en"), 0);
	cr_assert_eq(lk_account_add(st, "budi", "01a0aaaa-0000-7000-8000-000000000002", "rahasia budi 1", "id"), 0);
	/* The old password must be right; the new one must be long enough. */
	cr_assert_eq(lk_account_set_password(st, "sri", "rahasia salah", "sandi baru sekali"), -LK_EPERM);
	cr_assert_eq(lk_account_set_password(st, "nobody", "rahasia sekali", "sandi baru sekali"), -LK_EPERM);
	cr_assert_eq(lk_account_set_password(st, "sri", "rahasia sekali", "pendek"), -LK_EINVAL);
	cr_assert_eq(lk_account_check(st, "sri", "rahasia sekali", NULL), 0, "refused changes change nothing");
	cr_assert_eq(lk_account_set_password(st, "sri", "rahasia sekali", "sandi baru sekali"), 0);
	cr_assert_eq(lk_account_check(st, "sri", "sandi baru sekali", &a), 0);
	cr_assert_str_eq(a.lang, "en");
	cr_assert_eq(lk_account_check(st, "sri", "rahasia sekali", NULL), -LK_EPERM);
	cr_assert_eq(lk_account_check(st, "budi", "rahasia budi 1", NULL), 0, "other accounts keep theirs");
	cr_assert_eq(s_q("SELECT count(*) FROM account WHERE pwhash LIKE '$argon2id$%'", NULL), 2);
	/* The language. */
	cr_assert_eq(lk_account_set_lang(st, "sri", "fr"), -LK_EINVAL);
	cr_assert_eq(lk_account_set_lang(st, "nobody", "id"), -LK_ENOTFOUND);
	cr_assert_eq(lk_account_set_lang(st, "sri", "id"), 0);
	cr_assert_eq(lk_account_get(st, "sri", &a), 0);
	cr_assert_str_eq(a.lang, "id");
	cr_assert_eq(lk_account_get(st, "budi", &a), 0);
	cr_assert_str_eq(a.lang, "id");
	lk_store_close(&st);
}

Test(store, valid_signatures_are_noted_and_kept_past_close)
{
	uint8_t a[32], b[32];
	memset(a, 0xa1, sizeof a);
	memset(b, 0xb2, sizeof b);
	lk_store *st = s_open();
	cr_assert_eq(lk_store_sig_known(st, a), 0);
	lk_store_sig_note(st, a);
	cr_assert_eq(lk_store_sig_known(st, a), 1, "known at once, before it is written");
	cr_assert_eq(lk_store_sig_known(st, b), 0);
	cr_assert_eq(s_q("SELECT count(*) FROM sig_valid", NULL), 0, "written only at close");
	lk_store_close(&st);
	cr_assert_eq(s_q("SELECT count(*) FROM sig_valid", NULL), 1);
	st = s_open();
	cr_assert_eq(lk_store_sig_known(st, a), 1, "a later run knows it");
	cr_assert_eq(lk_store_sig_known(st, b), 0);
	lk_store_sig_note(st, a); /* noted twice: one row */
	lk_store_sig_note(st, b);
	lk_store_close(&st);
	cr_assert_eq(s_q("SELECT count(*) FROM sig_valid", NULL), 2);
}

Test(store, valid_signatures_go_with_the_next_write)
{
	uint8_t h[600][32];
	for (size_t i = 0; i < 600; i++) {
		memset(h[i], (int)(i % 251), sizeof h[i]);
		memcpy(h[i] + 8, &i, sizeof i);
	}
	lk_store *st = s_open();
	for (size_t i = 0; i < 300; i++)
		lk_store_sig_note(st, h[i]);
	cr_assert_eq(s_q("SELECT count(*) FROM sig_valid", NULL), 0);
	char id[LK_UUID_STRLEN];
	s_new_id(id);
	ProtobufCMessage *m = s_make_meeting(id, "Lokmin Januari");
	s_put(st, m, NULL, 0); /* a single write */
	lk_record_free(m);
	cr_assert_eq(s_q("SELECT count(*) FROM sig_valid", NULL), 300, "written with the write, before close");
	for (size_t i = 300; i < 600; i++)
		lk_store_sig_note(st, h[i]);
	cr_assert_eq(lk_store_begin(st), 0);
	cr_assert_eq(lk_store_commit(st), 0); /* a group's commit */
	cr_assert_eq(s_q("SELECT count(*) FROM sig_valid", NULL), 600);
	for (size_t i = 0; i < 600; i++)
		cr_assert_eq(lk_store_sig_known(st, h[i]), 1, "hash %zu", i);
	uint8_t other[32];
	memset(other, 0xee, sizeof other);
	cr_assert_eq(lk_store_sig_known(st, other), 0);
	lk_store_close(&st);
	cr_assert_eq(s_q("SELECT count(*) FROM sig_valid", NULL), 600);
}
