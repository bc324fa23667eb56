/* test_quarantine: a pulled record one device cannot apply is held back while every other record still syncs. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkt.h"
#include "lkt_cli.h"

static struct lkt_server s_srv;
static char s_a[400], s_b[400], s_c[400];

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "a", s_a, sizeof s_a);
	lkt_home(&s_srv, "b", s_b, sizeof s_b);
	lkt_home(&s_srv, "c", s_c, sizeof s_c);
	cr_assert_eq(lkt_enroll(&s_srv, s_a, "puskesmas", "P3324010101"), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_b, "puskesmas", "P3324010101"), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_c, "puskesmas", "P3324010101"), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(quarantine, .init = s_setup, .fini = s_teardown, .timeout = 240);

/* ---------------------------------------------------------------- helpers */

/* A meeting made on home with `record put`; its id (malloc'd). */
static char *s_meeting(const char *home, int period, const char *title)
{
	char p[32], t[120];
	snprintf(p, sizeof p, "period=%d", period);
	snprintf(t, sizeof t, "title=%s", title);
	char *out = lkt_cli_ok(home, NULL, LKT_WORDS("record", "put", "meeting", "kind=monthly", "year=2026", p,
	                                             "status=planned", t));
	return lkt_first_id(out);
}

/* Change one field of meeting id on home. */
static void s_edit(const char *home, const char *id, const char *kv)
{
	free(lkt_cli_ok(home, NULL, LKT_WORDS("record", "put", "meeting", "--id", id, kv)));
}

/* `lokmin sync` on home must exit 0; its standard error (malloc'd). */
static char *s_sync(const char *home, const char *page)
{
	char *out = NULL, *err = NULL;
	int rc = page ? lkt_cli(home, NULL, &out, &err, LKT_WORDS("sync", "--page", page))
	              : lkt_cli(home, NULL, &out, &err, LKT_WORDS("sync"));
	cr_assert_eq(rc, 0, "sync of %s: exit %d\n%s\n%s", home, rc, out, err);
	free(out);
	return err;
}

/* Run SQL on the SQLite store of home, as a fixture: lokmin is not running. */
static void s_store_sql(const char *home, const char *sql)
{
	char path[500];
	sqlite3 *db;
	snprintf(path, sizeof path, "%s/store.db", home);
	cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK, "%s", path);
	sqlite3_busy_timeout(db, 5000);
	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_close(db);
}

/* The store of home (made by a first command) refuses to write the row of meeting id, with why. */
static void s_refuse(const char *home, const char *when, const char *why)
{
	char sql[1200];
	free(lkt_cli_ok(home, NULL, LKT_WORDS("status")));
	snprintf(sql, sizeof sql,
	         "CREATE TRIGGER refuse_ins BEFORE INSERT ON meeting WHEN %s BEGIN SELECT RAISE(ABORT, '%s'); END;"
	         "CREATE TRIGGER refuse_upd BEFORE UPDATE ON meeting WHEN %s BEGIN SELECT RAISE(ABORT, '%s'); END;",
	         when, why, when, why);
	s_store_sql(home, sql);
}

static void s_refuse_id(const char *home, const char *id)
{
	char when[100];
	snprintf(when, sizeof when, "NEW.id = '%s'", id);
	s_refuse(home, when, "this device refuses the meeting");
}

static void s_accept_all(const char *home)
{
	s_store_sql(home, "DROP TRIGGER refuse_ins; DROP TRIGGER refuse_upd;");
}

static char *s_export(const char *home)
{
	return lkt_cli_ok(home, NULL, LKT_WORDS("export"));
}

static char *s_export_server(void)
{
	char *out = NULL;
	cr_assert_eq(lkt_lokmind(&s_srv, &out, NULL, LKT_WORDS("export", "--kabupaten", "3324")), 0);
	return out;
}

/* text without its line holding needle (malloc'd); the line must be there. */
static char *s_without_line(const char *text, const char *needle)
{
	char *line = lkt_line_of(text, needle);
	const char *p = strstr(text, line);
	size_t before = (size_t)(p - text), len = strlen(line) + (p[strlen(line)] == '\n');
	char *out = malloc(strlen(text) + 1);
	memcpy(out, text, before);
	strcpy(out + before, p + len);
	free(line);
	return out;
}

/* A field of meeting id as `record get` prints it (malloc'd). */
static char *s_field(const char *home, const char *id, const char *field)
{
	char key[80];
	char *out = lkt_cli_ok(home, NULL, LKT_WORDS("record", "get", "meeting", id));
	snprintf(key, sizeof key, "\"%s\":", field);
	char *p = strstr(out, key);
	cr_assert_not_null(p, "%s has no %s: %s", id, field, out);
	p += strlen(key);
	char *v = *p == '"' ? strndup(p + 1, strcspn(p + 1, "\"")) : strndup(p, strcspn(p, ",}"));
	free(out);
	return v;
}

static void s_field_is(const char *home, const char *id, const char *field, const char *want)
{
	char *v = s_field(home, id, field);
	cr_assert_str_eq(v, want, "%s of %s on %s", field, id, home);
	free(v);
}

/* The number after "key": in a JSON object printed by lokmin. */
static long long s_json_num(const char *json, const char *key)
{
	char k[64];
	snprintf(k, sizeof k, "\"%s\":", key);
	const char *p = strstr(json, k);
	cr_assert_not_null(p, "no %s in %s", key, json);
	return atoll(p + strlen(k));
}

static long long s_status(const char *home, const char *key)
{
	char *out = lkt_cli_ok(home, NULL, LKT_WORDS("status", "--json"));
	long long v = s_json_num(out, key);
	free(out);
	return v;
}

/* ---------------------------------------------------------------- tests */

Test(quarantine, one_record_held_back_every_other_record_syncs)
{
	char *m[6], title[40];
	for (int i = 0; i < 5; i++) {
		snprintf(title, sizeof title, "Lokmin %d", i + 1);
		m[i] = s_meeting(s_a, i + 1, title);
	}
	free(s_sync(s_a, NULL));

	/* B's store cannot take m[2]; it syncs in pages of 2, so pages come after the one holding it. */
	s_refuse_id(s_b, m[2]);
	char *err = s_sync(s_b, "2");
	lkt_has(err,
	        "lokmin: 1 record from the server could not be applied here and is held back; see `lokmin failed`\n");
	free(err);
	err = s_sync(s_c, NULL);
	lkt_lacks(err, "held back");
	free(err);

	/* B has everything C has but m[2]. */
	char *eb = s_export(s_b), *ec = s_export(s_c), *server = s_export_server();
	cr_assert_str_eq(ec, server, "C holds every record");
	char *want = s_without_line(ec, m[2]);
	cr_assert_str_eq(eb, want, "B holds every record but the one it cannot apply");
	cr_assert_eq(lkt_count(eb, "\"kind\":\"monthly\""), 4);
	free(want);
	free(eb);
	free(ec);
	free(server);
	s_field_is(s_c, m[2], "title", "Lokmin 3");
	lkt_cli_fail(s_b, NULL, 1, "", LKT_WORDS("record", "get", "meeting", m[2]));

	/* Status and the failed list say so. */
	cr_assert_eq(s_status(s_b, "quarantined"), 1);
	cr_assert_eq(s_status(s_b, "failed_ops"), 0);
	cr_assert_eq(s_status(s_b, "cursor"), s_status(s_c, "cursor"), "B's cursor moved past the held record");
	char *out = lkt_cli_ok(s_b, NULL, LKT_WORDS("status"));
	lkt_has(out, "held back       1 (records from the server this device could not apply; see `lokmin failed`)");
	free(out);
	out = lkt_cli_ok(s_b, NULL, LKT_WORDS("failed"));
	char *line = lkt_line_of(out, m[2]);
	lkt_has(line, "  meeting    ");
	lkt_has(line, "held back (rev 1): cannot store the record: this device refuses the meeting");
	cr_assert_eq(lkt_count(out, "\n"), 1, "one line: %s", out);
	free(line);
	free(out);
	out = lkt_cli_ok(s_b, NULL, LKT_WORDS("failed", "--json"));
	lkt_has(out, "{\"kind\":\"held_back\",\"held_at\":\"");
	lkt_has(out, "\"entity\":\"meeting\"");
	char key[80];
	snprintf(key, sizeof key, "\"record_id\":\"%s\",\"rev\":1,", m[2]);
	lkt_has(out, key);
	lkt_has(out, "\"reason\":\"cannot store the record: this device refuses the meeting\"}");
	free(out);
	out = lkt_cli_ok(s_c, NULL, LKT_WORDS("failed"));
	cr_assert_str_eq(out, "");
	free(out);

	/* A writes more and edits others, m[2] included: B keeps syncing; m[2]'s new version is held instead. */
	m[5] = s_meeting(s_a, 6, "Lokmin 6");
	s_edit(s_a, m[0], "title=Lokmin 1 revisi");
	s_edit(s_a, m[4], "place=Aula Desa");
	s_edit(s_a, m[2], "place=Balai Desa");
	free(s_sync(s_a, NULL));
	err = s_sync(s_b, "2");
	lkt_has(err, "1 record from the server could not be applied here and is held back");
	lkt_lacks(err, "applied now");
	free(err);
	free(s_sync(s_c, NULL));
	s_field_is(s_b, m[0], "title", "Lokmin 1 revisi");
	s_field_is(s_b, m[4], "place", "Aula Desa");
	s_field_is(s_b, m[5], "title", "Lokmin 6");
	s_field_is(s_c, m[2], "place", "Balai Desa");
	cr_assert_eq(s_status(s_b, "quarantined"), 1);
	cr_assert_eq(s_status(s_b, "cursor"), s_status(s_c, "cursor"));
	out = lkt_cli_ok(s_b, NULL, LKT_WORDS("failed", "--json"));
	snprintf(key, sizeof key, "\"record_id\":\"%s\",\"rev\":2,", m[2]);
	lkt_has(out, key);
	cr_assert_eq(lkt_count(out, "\"kind\":\"held_back\""), 1, "the newer version replaced the older: %s", out);
	free(out);
	eb = s_export(s_b);
	ec = s_export(s_c);
	want = s_without_line(ec, m[2]);
	cr_assert_str_eq(eb, want);
	free(want);
	free(eb);
	free(ec);

	/* The store is repaired and A changes m[2] again: B takes it, nothing is held back. */
	s_accept_all(s_b);
	s_edit(s_a, m[2], "title=Lokmin 3 final");
	free(s_sync(s_a, NULL));
	err = s_sync(s_b, NULL);
	lkt_lacks(err, "could not be applied");
	free(err);
	free(s_sync(s_c, NULL));
	s_field_is(s_b, m[2], "title", "Lokmin 3 final");
	s_field_is(s_b, m[2], "place", "Balai Desa");
	s_field_is(s_b, m[2], "rev", "3");
	cr_assert_eq(s_status(s_b, "quarantined"), 0);
	out = lkt_cli_ok(s_b, NULL, LKT_WORDS("failed"));
	cr_assert_str_eq(out, "");
	free(out);
	out = lkt_cli_ok(s_b, NULL, LKT_WORDS("status"));
	lkt_has(out, "held back       0\n");
	free(out);
	eb = s_export(s_b);
	ec = s_export(s_c);
	server = s_export_server();
	cr_assert_str_eq(eb, server);
	cr_assert_str_eq(ec, server);
	free(eb);
	free(ec);
	free(server);
	for (int i = 0; i < 6; i++)
		free(m[i]);
}

Test(quarantine, held_back_record_applies_on_the_next_sync_once_the_store_takes_it)
{
	char *m = s_meeting(s_a, 4, "Lokmin April");
	char *other = s_meeting(s_a, 5, "Lokmin Mei");
	free(s_sync(s_a, NULL));
	s_refuse_id(s_b, m);
	char *err = s_sync(s_b, NULL);
	lkt_has(err, "1 record from the server could not be applied here and is held back");
	free(err);
	cr_assert_eq(s_status(s_b, "quarantined"), 1);
	s_field_is(s_b, other, "title", "Lokmin Mei");

	/* A sync with the trigger still there retries and keeps it. */
	err = s_sync(s_b, NULL);
	lkt_has(err, "1 record from the server could not be applied here and is held back");
	lkt_lacks(err, "applied now");
	free(err);
	cr_assert_eq(s_status(s_b, "quarantined"), 1);

	/* No new version from the server: the retry at the start of the sync applies the held one. */
	s_accept_all(s_b);
	char *out = NULL;
	err = NULL;
	cr_assert_eq(lkt_cli(s_b, NULL, &out, &err, LKT_WORDS("sync")), 0, "%s", err);
	lkt_has(out, "pulled 0 changes");
	lkt_has(err, "lokmin: 1 record held back earlier is applied now");
	lkt_lacks(err, "could not be applied");
	free(out);
	free(err);
	s_field_is(s_b, m, "title", "Lokmin April");
	s_field_is(s_b, m, "rev", "1");
	cr_assert_eq(s_status(s_b, "quarantined"), 0);
	char *eb = s_export(s_b), *server = s_export_server();
	cr_assert_str_eq(eb, server);
	free(eb);
	free(server);
	free(m);
	free(other);
}

Test(quarantine, newer_version_replaces_a_held_one_that_still_fails)
{
	/* This store cannot hold one title (say, a collation it lacks); the record's next version changes it. */
	char *m = s_meeting(s_a, 7, "Judul ditolak");
	free(s_sync(s_a, NULL));
	s_refuse(s_b, "NEW.title = 'Judul ditolak'", "this device refuses the title");
	char *err = s_sync(s_b, NULL);
	lkt_has(err, "1 record from the server could not be applied here and is held back");
	free(err);
	char *out = lkt_cli_ok(s_b, NULL, LKT_WORDS("failed"));
	lkt_has(out, m);
	lkt_has(out, "held back (rev 1): cannot store the record: this device refuses the title");
	free(out);

	s_edit(s_a, m, "title=Judul baru");
	free(s_sync(s_a, NULL));
	err = s_sync(s_b, NULL);
	lkt_lacks(err, "could not be applied");
	lkt_lacks(err, "applied now");
	free(err);
	s_field_is(s_b, m, "title", "Judul baru");
	s_field_is(s_b, m, "rev", "2");
	cr_assert_eq(s_status(s_b, "quarantined"), 0);
	out = lkt_cli_ok(s_b, NULL, LKT_WORDS("failed"));
	cr_assert_str_eq(out, "");
	free(out);
	free(m);
}
