/* test_names: a month of lokmin work driven by periods and names as a health worker types them, never an id. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkt.h"
#include "lkt_cli.h"

static struct lkt_server s_srv;
static char s_a[400], s_b[400], s_k[400];

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "a", s_a, sizeof s_a);
	lkt_home(&s_srv, "b", s_b, sizeof s_b);
	lkt_home(&s_srv, "k", s_k, sizeof s_k);
	cr_assert_eq(lkt_enroll(&s_srv, s_a, "puskesmas", "P3324010101"), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_b, "puskesmas", "P3324010102"), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_k, "kecamatan", "332401"), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(names, .init = s_setup, .fini = s_teardown, .timeout = 240);

/* No line of out holds a full canonical id's shape where a handle was asked for. */
static void s_no_uuid_first(const char *out)
{
	for (const char *p = out; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p))
		cr_assert(!(strlen(p) >= 36 && p[8] == '-' && p[13] == '-' && p[18] == '-' && p[23] == '-'),
		          "a line starts with an id:\n%s", out);
}

Test(names, meeting_by_period)
{
	char *out = lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "plan", "--year", "2031"));
	/* 3 March 2031 is a Monday: the row starts with the meeting's handle. */
	lkt_has(out, "2031-03   3   3 Mar 2031   Lokakarya Mini Bulanan Maret 2031");
	lkt_has(out, "2031-01   1   3 Jan 2031   ");
	free(out);

	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "postpone", "2031-03", "--to", "2031-03-10", "--reason", "banjir"));
	lkt_has(out, "meeting 2031-03 postponed to 10 March 2031");
	free(out);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "held", "2031-02", "--date", "2031-02-04"));
	lkt_has(out, "meeting 2031-02 held on 4 February 2031");
	free(out);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "cancel", "2031-04", "--reason", "pemilu"));
	lkt_has(out, "meeting 2031-04 cancelled");
	free(out);

	/* The list leads with the handle; the JSON carries it too. */
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "list", "--year", "2031"));
	char *line = lkt_line_of(out, "Maret 2031");
	cr_assert(!strncmp(line, "2031-03   monthly    3    10 Mar 2031  -            postponed  ", 63), "%s", line);
	free(line);
	line = lkt_line_of(out, "Februari 2031");
	cr_assert(!strncmp(line, "2031-02   monthly    2    3 Feb 2031   4 Feb 2031   held", 56), "%s", line);
	free(line);
	lkt_has(out, "HANDLE    KIND");
	free(out);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("--json", "meeting", "list", "--year", "2031"));
	line = lkt_line_of(out, "\"period\":3,");
	lkt_has(line, "\"planned_date\":\"2031-03-10\"");
	lkt_has(line, "\"handle\":\"2031-03\"}");
	free(line);
	cr_assert_eq(lkt_count(out, "\"handle\":\"2031-"), 12, "%s", out);
	free(out);

	/* History, items and the agenda by the period as well. */
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "history", "2031-03"));
	lkt_has(out, "postponed    3 Mar 2031   10 Mar 2031  banjir");
	s_no_uuid_first(out);
	free(out);
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "item", "2031-02", "--kind", "decision", "--text", "Sweeping K4")));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "item", "2031-02", "--kind", "audit", "--text", "Audit gizi")));
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "items", "2031-02"));
	line = lkt_line_of(out, "Sweeping K4");
	cr_assert(!strncmp(line, "2031-02#1   decision", 20), "%s", line);
	free(line);
	line = lkt_line_of(out, "Audit gizi");
	cr_assert(!strncmp(line, "2031-02#2   audit", 17), "%s", line);
	free(line);
	lkt_has(out, "2 items");
	free(out);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "agenda", "2031-05"));
	lkt_has(out, "Acara Lokakarya Mini Bulanan Mei 2031");
	free(out);

	/* A full id still works. */
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("--json", "meeting", "list", "--year", "2031"));
	char *id = lkt_meeting_of(out, 6);
	free(out);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "held", id, "--date", "2031-06-03"));
	lkt_has(out, "held on 3 June 2031");
	free(out);
	free(id);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "history", "2031-06"));
	lkt_has(out, "held         3 Jun 2031   3 Jun 2031");
	free(out);

	/* Help says what MEETING is. */
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "--help"));
	lkt_has(out, "MEETING is the period as `meeting list` shows it: 2026-12 (monthly), 2026-Q1");
	free(out);
}

Test(names, meeting_unknown_and_ambiguous)
{
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "plan", "--year", "2031")));
	/* Not a period, and a period nobody planned: exit 2, nothing changed. */
	lkt_cli_fail(s_a, NULL, 2, "is not a meeting: write its period, e.g. 2026-12 or 2026-Q1",
	             LKT_WORDS("meeting", "held", "2031-13"));
	lkt_cli_fail(s_a, NULL, 2, "2032-01", LKT_WORDS("meeting", "postpone", "2032-01", "--to", "2032-01-09",
	                                                  "--reason", "x"));
	lkt_cli_fail(s_a, NULL, 2, "01890000-0000-7000-8000-000000000000",
	             LKT_WORDS("meeting", "items", "01890000-0000-7000-8000-000000000000"));
	char *out = lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "list", "--year", "2031"));
	lkt_has(out, "0 held, 0 postponed, 0 cancelled");
	free(out);

	/* The camat's office sees the monthly meetings of both puskesmas: "2031-03" names two. */
	free(lkt_cli_ok(s_b, NULL, LKT_WORDS("meeting", "plan", "--year", "2031")));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("sync")));
	free(lkt_cli_ok(s_b, NULL, LKT_WORDS("sync")));
	free(lkt_cli_ok(s_k, NULL, LKT_WORDS("sync")));
	char *err = NULL;
	out = NULL;
	int rc = lkt_cli(s_k, NULL, &out, &err, LKT_WORDS("meeting", "history", "2031-03"));
	cr_assert_eq(rc, 2, "exit %d\n%s\n%s", rc, out, err);
	lkt_has(err, "matches 2 meetings");
	lkt_has(err, "\n  2031-03@P3324010101  ");
	lkt_has(err, "\n  2031-03@P3324010102  ");
	cr_assert_str_eq(out, "");
	free(out);
	free(err);
	/* The qualified handle from the candidates works. */
	out = lkt_cli_ok(s_k, NULL, LKT_WORDS("meeting", "history", "2031-03@P3324010102"));
	lkt_has(out, "no changes recorded");
	free(out);
	out = lkt_cli_ok(s_k, NULL, LKT_WORDS("meeting", "list", "--year", "2031"));
	lkt_has(out, "2031-03@P3324010101");
	lkt_has(out, "2031-03@P3324010102");
	free(out);
}

Test(names, material_by_period_and_name)
{
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "plan", "--year", "2031")));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("staff", "add", "Ratna Dewi", "--title", "Bidan Koordinator", "--role", "staff",
	                                     "--programmes", "KIA", "--nip", "197901012005012001")));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("staff", "add", "Siti Rahma", "--title", "Nutrisionis", "--role", "staff",
	                                     "--programmes", "GIZI")));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("staff", "add", "Siti Aminah", "--title", "Sanitarian", "--role", "staff",
	                                     "--programmes", "KESLING")));
	/* By name part, and by NIP prefix. */
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("material", "submit", "2031-01", "--programme", "KIA", "--person", "ratna")));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("material", "submit", "2031-01", "--programme", "GIZI", "--person", "rahma",
	                                     "--note", "Balita gizi kurang")));
	/* "siti" is two people: refused with both named, nothing recorded. */
	char *out = NULL, *err = NULL;
	int rc = lkt_cli(s_a, NULL, &out, &err,
	                 LKT_WORDS("material", "submit", "2031-01", "--programme", "KESLING", "--person", "siti"));
	cr_assert_eq(rc, 2, "exit %d\n%s\n%s", rc, out, err);
	lkt_has(err, "matches 2");
	lkt_has(err, "Siti Rahma");
	lkt_has(err, "Siti Aminah");
	cr_assert_str_eq(out, "");
	free(out);
	free(err);
	lkt_cli_fail(s_a, NULL, 2, "nobody", LKT_WORDS("material", "submit", "2031-01", "--programme", "KIA", "--person",
	                                               "nobody"));
	lkt_cli_fail(s_a, NULL, 2, "2030-01", LKT_WORDS("material", "status", "2030-01"));

	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("material", "status", "2031-01"));
	lkt_has(out, "HANDLE      PROGRAMME");
	char *line = lkt_line_of(out, "Ratna Dewi");
	cr_assert(!strncmp(line, "dewi        KIA ", 16), "%s", line);
	free(line);
	line = lkt_line_of(out, "Siti Aminah");
	lkt_has(line, "missing");
	cr_assert(!strncmp(line, "aminah      KESLING", 19), "%s", line);
	free(line);
	lkt_has(out, "2 on time, 0 late, 1 missing");
	s_no_uuid_first(out);
	free(out);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("--json", "material", "status", "2031-01"));
	line = lkt_line_of(out, "\"holder\":\"Siti Rahma\"");
	lkt_has(line, "\"handle\":\"rahma\"}");
	free(line);
	free(out);
	/* The store holds the people the names stood for. */
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("--json", "staff", "list"));
	char *line_r = lkt_line_of(out, "Ratna Dewi");
	free(out);
	char *at = strstr(line_r, "\"id\":\"");
	cr_assert_not_null(at, "staff list --json has no id: %s", line_r);
	char *ratna = strndup(at + 6, 36);
	free(line_r);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("--json", "export"));
	lkt_has(out, ratna);
	free(out);
	free(ratna);
}

Test(names, attendance_by_period_and_name)
{
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "plan", "--year", "2031")));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("staff", "add", "Ratna Dewi", "--title", "Bidan Koordinator", "--role", "staff",
	                                     "--nip", "197901012005012001")));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("staff", "add", "Siti Rahma", "--title", "Nutrisionis", "--role", "staff")));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("staff", "add", "Siti Aminah", "--title", "Sanitarian", "--role", "staff")));
	char *out = lkt_cli_ok(s_a, NULL, LKT_WORDS("attend", "invite", "2031-02"));
	lkt_has(out, "3 invited");
	free(out);
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("attend", "checkin", "2031-02", "197901")));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("attend", "checkin", "2031-02", "aminah")));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("attend", "checkin", "2031-02", "--name", "Kepala Desa Krajankulon", "--role",
	                                     "Kades")));
	char *err = NULL;
	out = NULL;
	int rc = lkt_cli(s_a, NULL, &out, &err, LKT_WORDS("attend", "checkin", "2031-02", "siti"));
	cr_assert_eq(rc, 2, "exit %d\n%s\n%s", rc, out, err);
	lkt_has(err, "Siti Rahma");
	lkt_has(err, "Siti Aminah");
	free(out);
	free(err);
	lkt_cli_fail(s_a, NULL, 2, "budi", LKT_WORDS("attend", "checkin", "2031-02", "budi"));
	lkt_cli_fail(s_a, NULL, 2, "2029-02", LKT_WORDS("attend", "invite", "2029-02"));

	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("attend", "list", "2031-02"));
	lkt_has(out, "HANDLE      NO   NAME");
	lkt_has(out, "3 invited, 3 present, 1 walk-ins");
	char *line = lkt_line_of(out, "Siti Rahma");
	lkt_has(line, "yes      no ");
	cr_assert(!strncmp(line, "2031-02#", 8), "%s", line);
	free(line);
	line = lkt_line_of(out, "Kepala Desa Krajankulon");
	cr_assert(!strncmp(line, "2031-02#4   4    Kepala Desa", 28), "%s", line);
	lkt_has(line, "walk-in");
	free(line);
	s_no_uuid_first(out);
	free(out);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("--json", "attend", "list", "2031-02"));
	line = lkt_line_of(out, "Krajankulon");
	lkt_has(line, ",\"handle\":\"2031-02#4\"}");
	free(line);
	cr_assert_eq(lkt_count(out, "\"handle\":\"2031-02#"), 4, "%s", out);
	free(out);
}

/* A Kapus "dr. Ratna Kusuma" with a confirmed key on device A (setup only: the key's id comes from keygen). */
static void s_kapus(void)
{
	char *out = lkt_cli_ok(s_a, NULL, LKT_WORDS("staff", "add", "dr. Ratna Kusuma", "--title", "Kepala Puskesmas",
	                                            "--role", "kapus", "--nip", "198003032006042002"));
	char *kid = lkt_first_id(out);
	free(lkt_sign_confirmed(&s_srv, s_a, "rahasia kapus", kid));
	free(kid);
}

Test(names, invitation_by_meeting)
{
	s_kapus();
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "plan", "--year", "2031")));
	lkt_cli_fail(s_a, NULL, 2, "2031-02", LKT_WORDS("invite", "show", "2031-02"));
	char *first = lkt_cli_ok(s_a, NULL, LKT_WORDS("invite", "draft", "2031-02", "--number", "440/001/II/2031"));
	char *second = lkt_cli_ok(s_a, NULL, LKT_WORDS("invite", "draft", "2031-02", "--number", "440/002/II/2031"));
	/* "2031-02" names the newest letter: the second draft is the one signed. */
	char *out = lkt_cli_ok(s_a, "rahasia kapus", LKT_WORDS("invite", "sign", "2031-02", "--as", "kusuma"));
	free(out);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("invite", "show", "2031-02"));
	lkt_has(out, "Number     : 440/002/II/2031");
	lkt_has(out, "[signed by");
	free(out);
	/* The first draft, by its id, is still unsigned. */
	first[36] = '\0';
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("invite", "show", first));
	lkt_has(out, "Number     : 440/001/II/2031");
	lkt_lacks(out, "[signed by");
	free(out);
	free(first);
	free(second);
	lkt_cli_fail(s_a, "rahasia kapus", 2, "nobody", LKT_WORDS("invite", "sign", "2031-02", "--as", "nobody"));
	lkt_cli_fail(s_a, NULL, 2, "2031-13", LKT_WORDS("invite", "draft", "2031-13"));
}

Test(names, minutes_by_meeting)
{
	s_kapus();
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "plan", "--year", "2031")));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("meeting", "held", "2031-02", "--date", "2031-02-03")));
	lkt_cli_fail(s_a, NULL, 2, "has no minutes yet", LKT_WORDS("minutes", "show", "2031-02"));
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("minutes", "compile", "2031-02")));
	free(lkt_cli_ok(s_a, "rahasia kapus", LKT_WORDS("minutes", "sign", "2031-02", "--as", "kusuma")));
	char *out = lkt_cli_ok(s_a, NULL, LKT_WORDS("minutes", "submit", "2031-02"));
	lkt_has(out, "minutes 2031-02 submitted to the district at ");
	free(out);
	free(lkt_cli_ok(s_a, NULL, LKT_WORDS("minutes", "compile", "2031-02", "--reason", "Menambah keputusan")));

	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("minutes", "history", "2031-02"));
	lkt_has(out, "HANDLE       REV  ID");
	char *line = lkt_line_of(out, "2031-02#r1 ");
	cr_assert(!strncmp(line, "2031-02#r1   1    ", 18), "%s", line);
	lkt_has(line, "  signed  ");
	free(line);
	line = lkt_line_of(out, "2031-02#r2 ");
	cr_assert(!strncmp(line, "2031-02#r2   2    ", 18), "%s", line);
	lkt_has(line, "  draft  ");
	lkt_has(line, "Menambah keputusan");
	free(line);
	free(out);
	/* "2031-02" is now the revision 2 draft: not signed, so not sent; revision 1 by its handle still verifies. */
	lkt_cli_fail(s_a, NULL, 1, "sign them first", LKT_WORDS("minutes", "submit", "2031-02"));
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("minutes", "show", "2031-02#r1"));
	lkt_has(out, "[signed by");
	free(out);
	out = lkt_cli_ok(s_a, NULL, LKT_WORDS("minutes", "show", "2031-02"));
	lkt_lacks(out, "[signed by");
	free(out);
	lkt_cli_fail(s_a, NULL, 2, "revision 7", LKT_WORDS("minutes", "show", "2031-02#r7"));
	lkt_cli_fail(s_a, "rahasia kapus", 2, "zzz", LKT_WORDS("minutes", "sign", "2031-02", "--as", "zzz"));
}
