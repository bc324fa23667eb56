/* test_store_group: several store writes as one transaction (lk_store_begin/commit/rollback), also under kill -9. */
#include <criterion/criterion.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lk_entity.h"
#include "lk_error.h"
#include "lk_uuid.h"
#include "store.h"

static char s_home[256];
static char s_db[300];
static const struct lk_entity *s_meeting;

static void s_setup(void)
{
	snprintf(s_home, sizeof s_home, "/tmp/lk_group_XXXXXX");
	cr_assert_not_null(mkdtemp(s_home));
	snprintf(s_db, sizeof s_db, "%s/store.db", s_home);
	s_meeting = lk_entity_find("meeting");
	cr_assert_not_null(s_meeting);
}

static void s_teardown(void)
{
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", s_home);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", s_home);
}

TestSuite(group, .init = s_setup, .fini = s_teardown);

static lk_store *s_open(void)
{
	char err[512] = "";
	lk_store *st = lk_store_open(s_home, err, sizeof err);
	cr_assert_not_null(st, "open: %s", err);
	return st;
}

/* One integer (or text compared to "ok": 1/0) from SQL on a connection of its own. */
static long long s_q(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;
	cr_assert_eq(sqlite3_open_v2(s_db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_type(st, 0) == SQLITE_TEXT
		            ? !strcmp((const char *)sqlite3_column_text(st, 0), "ok")
		            : sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static long long s_rows(void)
{
	return s_q("SELECT count(*) FROM meeting");
}

static long long s_ops(void)
{
	return s_q("SELECT count(*) FROM outbox");
}

/* A meeting of puskesmas P3324010101, period p; title "" makes it invalid (status "someday"). */
static ProtobufCMessage *s_meeting_rec(int period, const char *title)
{
	ProtobufCMessage *m = lk_record_new(s_meeting);
	char id[LK_UUID_STRLEN], per[16];
	lk_uuid u;
	lk_uuid_v7(&u);
	snprintf(per, sizeof per, "%d", period);
	cr_assert_eq(lk_record_set(m, "id", lk_uuid_format(&u, id)) || lk_record_set(m, "kabupaten", "3324") ||
	                     lk_record_set(m, "kecamatan", "332401") || lk_record_set(m, "puskesmas", "P3324010101") ||
	                     lk_record_set(m, "kind", "monthly") || lk_record_set(m, "status", title[0] ? "planned" : "someday") ||
	                     lk_record_set(m, "year", "2025") || lk_record_set(m, "period", per) ||
	                     lk_record_set(m, "title", title),
	             0);
	return m;
}

static int s_put(lk_store *st, int period, const char *title)
{
	char err[512] = "";
	ProtobufCMessage *m = s_meeting_rec(period, title);
	int rc = lk_store_put(st, s_meeting, m, NULL, 0, err, sizeof err);
	lk_record_free(m);
	return rc;
}

Test(group, commit_writes_every_row_and_op_at_once)
{
	lk_store *st = s_open();
	cr_assert_eq(lk_store_begin(st), 0);
	for (int i = 1; i <= 12; i++)
		cr_assert_eq(s_put(st, i, "Lokmin"), 0);
	/* Reads inside the group see its own writes... */
	struct lk_store_status ss;
	cr_assert_eq(lk_store_status(st, &ss), 0);
	cr_assert_eq(ss.pending_ops, 12);
	/* ...another connection sees nothing until the commit. */
	cr_assert_eq(s_rows(), 0);
	cr_assert_eq(s_ops(), 0);
	cr_assert_eq(lk_store_commit(st), 0);
	cr_assert_eq(s_rows(), 12);
	cr_assert_eq(s_ops(), 12);
	/* Outside a group every put is its own transaction again. */
	cr_assert_eq(s_put(st, 1, "Lokmin"), 0);
	cr_assert_eq(s_rows(), 13);
	lk_store_close(&st);
}

Test(group, a_refused_put_half_way_leaves_no_record_and_no_op)
{
	lk_store *st = s_open();
	cr_assert_eq(s_put(st, 1, "before"), 0); /* committed earlier: stays */
	cr_assert_eq(lk_store_begin(st), 0);
	for (int i = 1; i <= 5; i++)
		cr_assert_eq(s_put(st, i, "Lokmin"), 0);
	cr_assert_eq(s_put(st, 6, ""), -LK_EINVAL, "a meeting with status someday is refused");
	cr_assert_eq(s_put(st, 7, "Lokmin"), 0, "later puts still run but the group is doomed");
	cr_assert_eq(lk_store_commit(st), -LK_EIO);
	cr_assert_eq(s_rows(), 1);
	cr_assert_eq(s_ops(), 1);
	cr_assert_eq(s_q("PRAGMA integrity_check"), 1);
	/* The store is usable afterwards. */
	cr_assert_eq(s_put(st, 2, "after"), 0);
	cr_assert_eq(s_rows(), 2);
	lk_store_close(&st);
}

Test(group, rollback_and_nesting)
{
	lk_store *st = s_open();
	cr_assert_eq(lk_store_begin(st), 0);
	cr_assert_eq(s_put(st, 1, "Lokmin"), 0);
	lk_store_rollback(st);
	cr_assert_eq(s_rows(), 0);
	cr_assert_eq(s_ops(), 0);

	/* Inner begin/commit only count: the outer commit makes it durable. */
	cr_assert_eq(lk_store_begin(st), 0);
	cr_assert_eq(lk_store_begin(st), 0);
	cr_assert_eq(s_put(st, 1, "Lokmin"), 0);
	cr_assert_eq(lk_store_commit(st), 0);
	cr_assert_eq(s_rows(), 0, "an inner commit is not durable");
	cr_assert_eq(s_put(st, 2, "Lokmin"), 0);
	cr_assert_eq(lk_store_commit(st), 0);
	cr_assert_eq(s_rows(), 2);
	cr_assert_eq(s_ops(), 2);

	/* An inner rollback dooms the outer group. */
	cr_assert_eq(lk_store_begin(st), 0);
	cr_assert_eq(s_put(st, 3, "Lokmin"), 0);
	cr_assert_eq(lk_store_begin(st), 0);
	cr_assert_eq(s_put(st, 4, "Lokmin"), 0);
	lk_store_rollback(st);
	cr_assert_eq(lk_store_commit(st), -LK_EIO);
	cr_assert_eq(s_rows(), 2);
	cr_assert_eq(s_ops(), 2);
	cr_assert_eq(lk_store_commit(st), -LK_EINVAL, "no group open");
	lk_store_close(&st);
}

Test(group, killed_before_the_commit_leaves_nothing)
{
	lk_store *st = s_open();
	lk_store_close(&st);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		char e[256];
		lk_store *c = lk_store_open(s_home, e, sizeof e);
		if (c == NULL || lk_store_begin(c) != 0)
			_exit(3);
		for (int i = 1; i <= 200; i++)
			if (s_put(c, i % 12 + 1, "Lokmin") != 0)
				_exit(4);
		raise(SIGKILL);
		_exit(5);
	}
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "status %d", status);
	cr_assert_eq(s_q("PRAGMA integrity_check"), 1);
	cr_assert_eq(s_rows(), 0);
	cr_assert_eq(s_ops(), 0);
	st = s_open();
	cr_assert_eq(s_put(st, 1, "Lokmin"), 0, "the store takes writes after the kill");
	lk_store_close(&st);
	cr_assert_eq(s_rows(), 1);
}
