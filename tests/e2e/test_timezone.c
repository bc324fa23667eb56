/* test_timezone: "today" and shown times are the office's (WIT, WIB, WITA), with LOKMIN_NOW fixing the clock. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkt.h"
#include "lkt_cli.h"

static struct lkt_server s_srv;

/* Regions beyond the test set: a kabupaten of Papua (WIT) and one of Sulawesi Selatan (WITA). */
static void s_region(const char *kab, const char *kab_name, const char *kec, const char *kec_name, const char *pusk,
                     const char *pusk_name)
{
	const char *const cmds[][4] = {
		{"org", "add-kabupaten", kab, kab_name},
		{"org", "add-kecamatan", kec, kec_name},
		{"org", "add-puskesmas", pusk, pusk_name},
	};
	for (size_t i = 0; i < 3; i++) {
		const char *args[] = {cmds[i][0], cmds[i][1], cmds[i][2], cmds[i][3], NULL};
		char *err = NULL;
		cr_assert_eq(lkt_lokmind(&s_srv, NULL, &err, args), 0, "%s %s: %s", cmds[i][1], cmds[i][2], err);
		free(err);
	}
}

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	s_region("9171", "Kota Jayapura", "917101", "Abepura", "P9171010101", "Puskesmas Abepura");
	s_region("7371", "Kota Makassar", "737101", "Mariso", "P7371010101", "Puskesmas Mariso");
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(timezone, .init = s_setup, .fini = s_teardown, .timeout = 240);

/* Every lokmin run from here on (this test's process and its children) takes now as iso. */
static void s_now(const char *iso)
{
	cr_assert_eq(setenv("LOKMIN_NOW", iso, 1), 0);
}

static char *s_sql(const char *sql)
{
	return lkt_sql_value(&s_srv.db, sql);
}

/* A puskesmas device enrolled for pusk, into home. */
static void s_device(const char *name, const char *pusk, char *home, size_t size)
{
	lkt_home(&s_srv, name, home, size);
	cr_assert_eq(lkt_enroll(&s_srv, home, "puskesmas", pusk), 0, "enroll %s", pusk);
}

/* (a) In Jayapura (WIT, UTC+9) the meeting is held at 07:30 on 3 December, 22:30 UTC on the 2nd. */
Test(timezone, wit_meeting_held_on_the_office_day)
{
	char home[400];
	s_device("jayapura", "P9171010101", home, sizeof home);
	s_now("2026-12-01T01:00:00Z");
	free(lkt_cli_ok(home, NULL, LKT_WORDS("meeting", "plan", "--year", "2026", "--day", "3")));
	s_now("2026-12-02T22:30:00Z");
	/* Before it is held, "today" is the 3rd in Jayapura: the meeting is not missed. */
	char *out = lkt_cli_ok(home, NULL, LKT_WORDS("meeting", "list", "--year", "2026"));
	char *line = lkt_line_of(out, "3 Dec 2026");
	lkt_has(line, "upcoming");
	free(line);
	free(out);
	free(lkt_cli_ok(home, NULL, LKT_WORDS("meeting", "held", "2026-12")));
	out = lkt_cli_ok(home, NULL, LKT_WORDS("--json", "meeting", "list", "--year", "2026"));
	char *id = lkt_meeting_of(out, 12);
	cr_assert(strstr(out, "\"held_date\":\"2026-12-03\""), "%s", out);
	lkt_lacks(out, "\"held_date\":\"2026-12-02\"");
	free(out);
	/* The history shows the step in Jayapura's time; the record keeps the instant in UTC (below). */
	out = lkt_cli_ok(home, NULL, LKT_WORDS("meeting", "history", "2026-12"));
	line = lkt_line_of(out, "  held ");
	lkt_has(line, "  3 Dec 2026 07:30 WIT    held ");
	free(line);
	free(out);
	out = lkt_cli_ok(home, NULL, LKT_WORDS("sync"));
	lkt_has(out, " 0 rejected");
	free(out);
	char sql[300];
	snprintf(sql, sizeof sql, "SELECT held_date || ' ' || status FROM meeting WHERE id = '%s'", id);
	char *v = s_sql(sql);
	cr_assert_str_eq(v, "2026-12-03 held", "the server holds %s", v);
	free(v);
	snprintf(sql, sizeof sql,
	         "SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') FROM meeting_event "
	         "WHERE meeting_id = '%s' AND action = 'held'",
	         id);
	v = s_sql(sql);
	cr_assert_str_eq(v, "2026-12-02T22:30:00", "the server holds %s", v);
	free(v);

	/* A walk-in checks in at 07:45 WIT: shown in the office's time with its zone. */
	s_now("2026-12-02T22:45:00Z");
	out = lkt_cli_ok(home, NULL, LKT_WORDS("attend", "checkin", "2026-12", "--name", "Yosina Wanma", "--role", "Kader"));
	lkt_has(out, "checked in at 3 Dec 2026 07:45 WIT");
	free(out);
	free(id);
}

/* (b) In Kendal (WIB, UTC+7) the Kapus drafts and signs the letter at 23:30 on 30 November, 16:30 UTC. */
Test(timezone, wib_letter_dated_the_office_day)
{
	char home[400];
	s_device("kendal", "P3324010101", home, sizeof home);
	s_now("2026-11-30T09:00:00Z");
	char *kapus = lkt_first_id(lkt_cli_ok(
		home, NULL, LKT_WORDS("staff", "add", "dr. Ratna Dewi", "--title", "Kepala Puskesmas", "--role", "kapus")));
	free(lkt_sign_confirmed(&s_srv, home, "rahasia kapus", kapus));
	free(lkt_cli_ok(home, NULL, LKT_WORDS("meeting", "plan", "--year", "2026", "--day", "3")));

	s_now("2026-11-30T16:30:00Z");
	char *inv =
		lkt_first_id(lkt_cli_ok(home, NULL, LKT_WORDS("invite", "draft", "2026-12", "--number", "005/PKM/XI/2026")));
	char *out = lkt_cli_ok(home, "rahasia kapus", LKT_WORDS("invite", "sign", inv, "--as", "Ratna"));
	lkt_has(out, " at 30 Nov 2026 23:30 WIB with key ");
	free(out);
	out = lkt_cli_ok(home, NULL, LKT_WORDS("invite", "show", inv));
	lkt_has(out, ", 30 November 2026\n");
	lkt_has(out, "[signed by ");
	lkt_has(out, "[signed by dr. Ratna");
	lkt_has(out, " at 30 November 2026 23:30 WIB, key ");
	free(out);
	/* The printed letter: dated the 30th, signed at 23.30 WIB. */
	out = lkt_cli_ok(home, NULL, LKT_WORDS("print", "undangan", "2026-12", "--out", "-"));
	lkt_has(out, ", 30 November 2026");
	lkt_has(out, "Signed electronically on 30 November 2026 at 23:30 WIB");
	lkt_lacks(out, "1 Desember 2026");
	free(out);

	out = lkt_cli_ok(home, NULL, LKT_WORDS("sync"));
	lkt_has(out, " 0 rejected");
	free(out);
	char sql[300];
	snprintf(sql, sizeof sql,
	         "SELECT issued_date || ' ' || to_char(signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') "
	         "FROM invitation WHERE id = '%s'",
	         inv);
	char *v = s_sql(sql);
	cr_assert_str_eq(v, "2026-11-30 2026-11-30T16:30:00", "the server holds %s", v);
	free(v);
	free(inv);
	free(kapus);
}

/* (c) In Makassar (WITA, UTC+8) the material for a meeting on 10 December is due on the 7th: handed in at
 * 00:30 WITA on the 7th (16:30 UTC on the 6th) it is on time; at 00:30 WITA on the 8th (still the 7th in
 * UTC) it is late. */
Test(timezone, wita_material_on_time_by_the_office_day)
{
	char home[400];
	s_device("makassar", "P7371010101", home, sizeof home);
	s_now("2026-12-01T01:00:00Z");
	free(lkt_cli_ok(home, NULL,
	                LKT_WORDS("staff", "add", "Andi Bau", "--role", "pj_program", "--programmes", "KIA,GIZI")));
	free(lkt_cli_ok(home, NULL, LKT_WORDS("meeting", "plan", "--year", "2026", "--day", "10")));
	s_now("2026-12-06T16:30:00Z");
	free(lkt_cli_ok(home, NULL, LKT_WORDS("material", "submit", "2026-12", "--programme", "KIA")));
	s_now("2026-12-07T16:30:00Z");
	free(lkt_cli_ok(home, NULL, LKT_WORDS("material", "submit", "2026-12", "--programme", "GIZI")));
	char *out = lkt_cli_ok(home, NULL, LKT_WORDS("material", "status", "2026-12"));
	lkt_has(out, "deadline 7 December 2026 (3 days before the meeting): 1 on time, 1 late, 0 missing");
	char *line = lkt_line_of(out, "KIA ");
	lkt_has(line, "7 Dec 2026");
	lkt_has(line, "on time");
	free(line);
	line = lkt_line_of(out, "GIZI ");
	lkt_has(line, "8 Dec 2026");
	lkt_has(line, "late");
	free(line);
	free(out);
	/* Stored in UTC all the same. */
	out = lkt_cli_ok(home, NULL, LKT_WORDS("sync"));
	lkt_has(out, " 0 rejected");
	free(out);
	char *v = s_sql("SELECT string_agg(programme || '=' || to_char(submitted_at AT TIME ZONE 'UTC', "
	                "'YYYY-MM-DD\"T\"HH24:MI'), ',' ORDER BY programme) FROM material "
	                "WHERE puskesmas_code = 'P7371010101'");
	cr_assert_str_eq(v, "GIZI=2026-12-07T16:30,KIA=2026-12-06T16:30", "the server holds %s", v);
	free(v);
}

/* A LOKMIN_NOW that is not a time is said, and the clock used. */
Test(timezone, bad_now_is_said)
{
	char home[400], *out = NULL, *err = NULL;
	s_device("kendal2", "P3324010101", home, sizeof home);
	s_now("besok pagi");
	cr_assert_eq(lkt_cli(home, NULL, &out, &err, LKT_WORDS("meeting", "list")), 0, "%s", err);
	lkt_has(err, "LOKMIN_NOW is \"besok pagi\", not a time such as 2026-11-30T16:30:00Z; using the clock");
	free(out);
	free(err);
}
