/* test_migrate: migrations on a real PostgreSQL: from empty, re-run, and version mismatches refused. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lkt.h"
#include "srv.h"

static struct lkt_db s_db;
static PGconn *s_pg;

static void s_setup(void)
{
	char err[512];
	cr_assert_eq(lkt_db_create(&s_db), 0);
	s_pg = db_connect(s_db.conninfo, err, sizeof err);
	cr_assert_not_null(s_pg, "%s", err);
}

static void s_teardown(void)
{
	PQfinish(s_pg);
	lkt_db_drop(&s_db);
}

TestSuite(migrate, .init = s_setup, .fini = s_teardown, .timeout = 60);

Test(migrate, from_empty_then_noop)
{
	char err[512];
	int from = -1, to = -1;
	cr_assert_eq(db_schema_current(s_pg), 0, "an empty database is version 0");
	cr_assert_eq(db_schema_check(s_pg, err, sizeof err), -LK_ESCHEMA);
	cr_assert(strstr(err, "lokmind migrate"), "the message says what to do: %s", err);

	cr_assert_eq(db_migrate(s_pg, &from, &to, err, sizeof err), 0, "%s", err);
	cr_assert_eq(from, 0);
	cr_assert_eq(to, db_schema_expected());
	cr_assert_eq(db_schema_check(s_pg, err, sizeof err), 0, "%s", err);

	/* Every table of version 1 exists, with tenant keys where they belong. */
	static const char *tables[] = {"kabupaten", "kecamatan", "puskesmas", "desa", "sector", "person",
	                               "device", "enrollment_token", "programme", "indicator",
	                               "indicator_target", "change_log", "applied_op", "sync_counter"};
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT to_regclass('%s') IS NOT NULL", tables[i]);
		char *v = lkt_sql_value(&s_db, sql);
		cr_assert_str_eq(v, "t", "table %s missing", tables[i]);
		free(v);
	}
	char *n = lkt_sql_value(&s_db,
	                        "SELECT count(*) FROM information_schema.columns WHERE column_name = "
	                        "'kabupaten_code' AND table_name IN ('sector','person','device',"
	                        "'enrollment_token','indicator_target','change_log','applied_op')");
	cr_assert_str_eq(n, "7");
	free(n);

	/* Re-running changes nothing and says so. */
	char *before = lkt_sql_value(&s_db, "SELECT string_agg(version || ':' || applied_at, ',') FROM lokmin_schema_version");
	cr_assert_eq(db_migrate(s_pg, &from, &to, err, sizeof err), 0, "%s", err);
	cr_assert_eq(from, to);
	char *after = lkt_sql_value(&s_db, "SELECT string_agg(version || ':' || applied_at, ',') FROM lokmin_schema_version");
	cr_assert_str_eq(before, after);
	free(before);
	free(after);
}

Test(migrate, newer_schema_is_refused)
{
	char err[512], sql[256];
	int from, to;
	cr_assert_eq(db_migrate(s_pg, &from, &to, err, sizeof err), 0, "%s", err);
	snprintf(sql, sizeof sql, "INSERT INTO lokmin_schema_version (version, name) VALUES (%d, 'future')",
	         db_schema_expected() + 1);
	cr_assert_eq(lkt_sql(&s_db, sql), 0);
	cr_assert_eq(db_schema_check(s_pg, err, sizeof err), -LK_ESCHEMA);
	cr_assert(strstr(err, "newer"), "%s", err);
	cr_assert_eq(db_migrate(s_pg, &from, &to, err, sizeof err), -LK_ESCHEMA, "never downgrade");
}

Test(migrate, failed_migration_leaves_nothing_half_done)
{
	char err[512];
	int from, to;
	/* A table in the way makes migration 1 fail part-way; its transaction rolls back. */
	cr_assert_eq(lkt_sql(&s_db, "CREATE TABLE device (x int)"), 0);
	cr_assert_eq(db_migrate(s_pg, &from, &to, err, sizeof err), -LK_ESCHEMA);
	cr_assert(strstr(err, "0001_foundation.sql"), "%s", err);
	char *v = lkt_sql_value(&s_db, "SELECT to_regclass('kabupaten') IS NULL");
	cr_assert_str_eq(v, "t", "tables created before the failure are rolled back");
	free(v);
	cr_assert_eq(db_schema_current(s_pg), 0);
}

Test(migrate, serve_refuses_mismatch_with_message)
{
	struct lkt_server s;
	char *err = NULL;
	cr_assert_eq(lkt_server_init(&s, 1), 0);
	cr_assert_eq(lkt_sql(&s.db, "INSERT INTO lokmin_schema_version (version, name) VALUES (99, 'future')"), 0);
	const char *check[] = {"serve", "-n", NULL};
	cr_assert_eq(lkt_lokmind(&s, NULL, &err, check), 1);
	cr_assert(strstr(err, "newer than this lokmind"), "%s", err);
	free(err);
	cr_assert_eq(lkt_sql(&s.db, "DELETE FROM lokmin_schema_version WHERE version = 99"), 0);
	cr_assert_eq(lkt_sql(&s.db, "DELETE FROM lokmin_schema_version"), 0);
	const char *serve[] = {"serve", NULL};
	cr_assert_eq(lkt_lokmind(&s, NULL, &err, serve), 1, "serve exits instead of running");
	cr_assert(strstr(err, "run `lokmind migrate` first"), "%s", err);
	free(err);
	lkt_server_fini(&s);
}
