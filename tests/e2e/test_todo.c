/*
 * test_todo: `lokmin todo` on a puskesmas, a district and a camat's office
 * device: each item appears when the work is due and goes when it is done,
 * ages are counted in days, and each office sees its own work only.
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_date.h"
#include "lk_fmt.h"
#include "lkt.h"
#include "lkt_cli.h"

#define PASS "kapus kaliwungu 2036"
#define PKM "P3324010101"
#define s_runv(home, out, err, ...) lkt_cli(home, PASS, out, err, __VA_ARGS__)
#define s_okv(home, ...) lkt_cli_ok(home, PASS, __VA_ARGS__)
#define s_ok(home, ...) lkt_cli_ok(home, PASS, LKT_WORDS(__VA_ARGS__))
#define s_id(home, ...) lkt_first_id(s_ok(home, __VA_ARGS__))
#define s_has lkt_has
#define s_lacks lkt_lacks
#define s_count lkt_count
#define s_line_of lkt_line_of

static struct lkt_server s_srv;
static char s_pkm[400], s_dinkes[400], s_camat[400];

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "pkm", s_pkm, sizeof s_pkm);
	lkt_home(&s_srv, "dinkes", s_dinkes, sizeof s_dinkes);
	lkt_home(&s_srv, "camat", s_camat, sizeof s_camat);
	cr_assert_eq(lkt_enroll(&s_srv, s_pkm, "puskesmas", PKM), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_dinkes, "dinkes", "3324"), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_camat, "kecamatan", "332401"), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(todo, .init = s_setup, .fini = s_teardown, .timeout = 300);

/* Field (a string) of the kind's meeting number period in `meeting list --json` output, into out. */
static void s_meeting_field(const char *json, const char *kind, int period, const char *field, char *out, size_t n)
{
	char key[60];
	snprintf(key, sizeof key, "\"kind\":\"%s\",\"period\":%d,", kind, period);
	const char *p = strstr(json, key);
	cr_assert_not_null(p, "%s", json);
	while (p > json && strncmp(p, "{\"id\":\"", 7) != 0)
		p--;
	if (!strcmp(field, "id")) {
		snprintf(out, n, "%.36s", p + 7);
		return;
	}
	snprintf(key, sizeof key, "\"%s\":\"", field);
	const char *v = strstr(p, key);
	cr_assert_not_null(v);
	v += strlen(key);
	snprintf(out, n, "%.*s", (int)(strchr(v, '"') - v), v);
}

/* The day n days from day. */
static void s_shift(const char *day, int n, char out[LK_DATE_STRLEN])
{
	struct lk_date d;
	cr_assert_eq(lk_date_parse(day, &d), 0, "%s", day);
	lk_date_from_days(lk_date_days(&d) + n, &d);
	lk_date_format(&d, out);
}

/* day as the English lists show it: "3 Mar 2036" (short) or "3 March 2036". */
static const char *s_shown(const char *day, int is_short, char out[LK_FMT_LEN])
{
	struct lk_date d;
	cr_assert_eq(lk_date_parse(day, &d), 0, "%s", day);
	if (is_short)
		snprintf(out, LK_FMT_LEN, "%d %.3s %d", d.d, lk_fmt_month(d.m, LK_LANG_EN), d.y);
	else
		cr_assert_eq(lk_fmt_date(out, LK_FMT_LEN, &d, LK_LANG_EN), 0);
	return out;
}

Test(todo, every_office_sees_its_own_work)
{
	/* The office: a Kapus who signs, two programme holders. */
	char *kapus = s_id(s_pkm, "staff", "add", "dr. Ratna Dewi", "--title", "Kepala Puskesmas", "--role", "kapus");
	char *bidan = s_id(s_pkm, "staff", "add", "Sri Wahyuni", "--role", "pj_program", "--programmes", "KIA");
	char *gizi = s_id(s_pkm, "staff", "add", "Nur Aini", "--role", "pj_program", "--programmes", "GIZI");
	free(lkt_sign_confirmed(&s_srv, s_pkm, PASS, kapus));
	free(s_ok(s_pkm, "meeting", "plan", "--year", "2036"));
	char *json = s_ok(s_pkm, "--json", "meeting", "list", "--year", "2036");
	char feb[40], mar[40], feb_day[16], mar_day[16], apr_day[16];
	s_meeting_field(json, "monthly", 2, "id", feb, sizeof feb);
	s_meeting_field(json, "monthly", 3, "id", mar, sizeof mar);
	s_meeting_field(json, "monthly", 2, "planned_date", feb_day, sizeof feb_day);
	s_meeting_field(json, "monthly", 3, "planned_date", mar_day, sizeof mar_day);
	s_meeting_field(json, "monthly", 4, "planned_date", apr_day, sizeof apr_day);
	free(json);
	/* Two days before the March meeting; material is due three days before it. */
	char as_of[LK_DATE_STRLEN], due[LK_DATE_STRLEN], line[400], last[80];
	s_shift(mar_day, -2, as_of);
	s_shift(mar_day, -3, due);
	char shown[LK_FMT_LEN];
	snprintf(last, sizeof last, "things to do as of %s\n", s_shown(as_of, 0, shown));

	/* Nothing prepared: the March meeting lacks both programmes' material and an invitation. */
	char *out = s_ok(s_pkm, "todo", "--as-of", as_of);
	snprintf(line, sizeof line, "no material for KIA, GIZI (due %s); meeting in 2 days", s_shown(due, 0, shown));
	char *l = s_line_of(out, line);
	s_has(l, "meeting_soon_material_missing");
	s_has(l, "Puskesmas Kaliwungu"); /* the office by name */
	s_has(l, s_shown(mar_day, 1, shown));
	s_has(l, mar);
	free(l);
	l = s_line_of(out, "no invitation yet; meeting in 2 days");
	s_has(l, "invitation_unsigned");
	s_has(l, mar);
	free(l);
	s_has(out, "KIND");
	s_has(out, "OFFICE");
	s_has(out, "WHAT");
	char expect[120];
	snprintf(expect, sizeof expect, "\n2 %s", last);
	s_has(out, expect);
	/* Material is listed before the invitation of the same day; the February meeting (missed) and April are not. */
	cr_assert(strstr(out, "meeting_soon_material_missing") < strstr(out, "invitation_unsigned"), "%s", out);
	s_lacks(out, feb);
	s_lacks(out, s_shown(apr_day, 1, shown));
	free(out);

	/* The same as JSON, one object per line. */
	out = s_ok(s_pkm, "--json", "todo", "--as-of", as_of);
	char want[600];
	snprintf(want, sizeof want,
	         "{\"kind\":\"meeting_soon_material_missing\",\"office\":\"" PKM "\",\"date\":\"%s\","
	         "\"what\":\"no material for KIA, GIZI (due %s); meeting in 2 days\",\"id\":\"%s\"}\n",
	         mar_day, s_shown(due, 0, shown), mar);
	s_has(out, want);
	snprintf(want, sizeof want,
	         "{\"kind\":\"invitation_unsigned\",\"office\":\"" PKM "\",\"date\":\"%s\","
	         "\"what\":\"no invitation yet; meeting in 2 days\",\"id\":\"%s\"}\n",
	         mar_day, mar);
	s_has(out, want);
	cr_assert_eq(s_count(out, "\n"), 2, "%s", out);
	free(out);

	/* Three days before, the meeting is still soon; with --days 1 it is not (but it needs an invitation). */
	char before[LK_DATE_STRLEN];
	s_shift(mar_day, -3, before);
	out = s_ok(s_pkm, "todo", "--as-of", before);
	s_has(out, "no material for KIA, GIZI");
	s_has(out, "meeting in 3 days");
	free(out);
	out = s_ok(s_pkm, "todo", "--as-of", before, "--days", "1");
	s_lacks(out, "meeting_soon_material_missing");
	s_has(out, "no invitation yet; meeting in 3 days");
	free(out);
	/* Twenty days before: nothing is due yet. */
	char early[LK_DATE_STRLEN];
	s_shift(mar_day, -20, early);
	out = s_ok(s_pkm, "todo", "--as-of", early);
	snprintf(expect, sizeof expect, "0 things to do as of %s\n", s_shown(early, 0, shown));
	s_has(out, expect);
	free(out);

	/* KIA sends its material: only GIZI is missing. */
	free(s_ok(s_pkm, "material", "submit", mar, "--programme", "KIA", "--person", bidan));
	out = s_ok(s_pkm, "todo", "--as-of", as_of);
	snprintf(line, sizeof line, "no material for GIZI (due %s)", s_shown(due, 0, shown));
	s_has(out, line);
	s_lacks(out, "KIA,");
	free(out);

	/* The invitation drafted: unsigned; signed: gone. */
	char *inv = s_id(s_pkm, "invite", "draft", mar, "--number", "440/045/III/2036");
	out = s_ok(s_pkm, "todo", "--as-of", as_of);
	l = s_line_of(out, "invitation drafted, not signed; meeting in 2 days");
	s_has(l, "invitation_unsigned");
	s_has(l, inv);
	free(l);
	s_lacks(out, "no invitation yet");
	free(out);
	free(s_ok(s_pkm, "invite", "sign", inv, "--as", kapus));
	out = s_ok(s_pkm, "todo", "--as-of", as_of);
	s_lacks(out, "invitation_unsigned");
	snprintf(expect, sizeof expect, "\n1 thing to do as of %s\n", s_shown(as_of, 0, shown));
	s_has(out, expect);
	free(out);

	/* February was held without an invitation or minutes. */
	free(s_ok(s_pkm, "meeting", "held", feb, "--date", feb_day));
	out = s_ok(s_pkm, "todo", "--as-of", as_of);
	snprintf(line, sizeof line, "no minutes yet for the meeting held %s", feb_day);
	l = s_line_of(out, line);
	s_has(l, "minutes_unsigned");
	s_has(l, feb);
	free(l);
	l = s_line_of(out, "no invitation on record; the meeting was held");
	s_has(l, s_shown(feb_day, 1, shown));
	free(l);
	snprintf(expect, sizeof expect, "\n3 %s", last);
	s_has(out, expect);
	/* Sorted by date: February's items before March's. */
	cr_assert(strstr(out, "minutes_unsigned") < strstr(out, "meeting_soon_material_missing"), "%s", out);
	free(out);

	/* Minutes compiled: unsigned; signed: not submitted; submitted: gone. */
	char *mn = s_id(s_pkm, "minutes", "compile", feb);
	out = s_ok(s_pkm, "todo", "--as-of", as_of);
	l = s_line_of(out, "minutes revision 1 not signed");
	s_has(l, "minutes_unsigned");
	s_has(l, mn);
	free(l);
	free(out);
	free(s_ok(s_pkm, "minutes", "sign", mn, "--as", kapus));
	out = s_ok(s_pkm, "todo", "--as-of", as_of);
	s_lacks(out, "minutes_unsigned");
	l = s_line_of(out, "minutes revision 1 signed, not submitted to the district");
	s_has(l, "minutes_not_submitted");
	s_has(l, mn);
	s_has(l, s_shown(feb_day, 1, shown));
	free(l);
	free(out);
	free(s_ok(s_pkm, "minutes", "submit", mn));
	out = s_ok(s_pkm, "todo", "--as-of", as_of);
	s_lacks(out, "minutes_unsigned");
	s_lacks(out, "minutes_not_submitted");
	snprintf(expect, sizeof expect, "\n2 %s", last);
	s_has(out, expect);
	free(out);

	/* RTL of February: one past its day and open, one in progress, one done, one not yet due. */
	char *r1 = s_id(s_pkm, "rtl", "add", feb, "--activity", "Sweeping K1 di Desa Kutoharjo", "--owner", bidan,
	                "--due", "2036-02-14");
	char *r2 = s_id(s_pkm, "rtl", "add", feb, "--activity", "Pemberian PMT balita gizi kurang", "--owner", gizi,
	                "--due", "2036-02-28");
	char *r3 = s_id(s_pkm, "rtl", "add", feb, "--activity", "Rapat kader posyandu", "--owner", gizi, "--due",
	                "2036-02-10");
	char *r4 = s_id(s_pkm, "rtl", "add", feb, "--activity", "Kelas ibu hamil", "--owner", bidan, "--due",
	                "2036-03-20");
	free(s_ok(s_pkm, "rtl", "update", r2, "--status", "in_progress", "--note", "PMT 10 balita"));
	free(s_ok(s_pkm, "rtl", "update", r3, "--status", "done", "--note", "Hadir 24 kader"));
	/* 2036 is a leap year: 14 Feb to 1 Mar is 16 days, 28 Feb to 1 Mar 2 days. */
	out = s_ok(s_pkm, "todo", "--as-of", "2036-03-01", "--days", "0");
	l = s_line_of(out, "Sweeping K1 di Desa Kutoharjo");
	s_has(l, "rtl_overdue");
	s_has(l, "RTL 16 days overdue (open)");
	s_has(l, "14 Feb 2036");
	s_has(l, r1);
	free(l);
	l = s_line_of(out, "Pemberian PMT balita gizi kurang");
	s_has(l, "RTL 2 days overdue (in_progress)");
	s_has(l, r2);
	free(l);
	s_lacks(out, "Rapat kader posyandu");
	s_lacks(out, "Kelas ibu hamil");
	cr_assert_eq(s_count(out, "rtl_overdue"), 2, "%s", out);
	cr_assert(strstr(out, "Sweeping K1") < strstr(out, "Pemberian PMT"), "oldest first:\n%s", out);
	free(out);
	/* A day later each is a day older. */
	out = s_ok(s_pkm, "todo", "--as-of", "2036-03-02");
	s_has(out, "RTL 17 days overdue (open): Sweeping K1");
	s_has(out, "RTL 3 days overdue (in_progress): Pemberian PMT");
	free(out);
	/* On the day it is due an item is not overdue. */
	out = s_ok(s_pkm, "todo", "--as-of", "2036-02-14");
	s_lacks(out, "Sweeping K1");
	free(out);

	/* All of it reaches the district. */
	out = s_ok(s_pkm, "sync");
	s_has(out, "0 rejected");
	free(out);
	free(s_ok(s_dinkes, "sync"));
	out = s_ok(s_dinkes, "todo", "--as-of", as_of);
	l = s_line_of(out, "minutes_to_review");
	s_has(l, mn);
	s_has(l, "Puskesmas Kaliwungu");
	snprintf(line, sizeof line, "minutes revision 1 of the meeting of %s submitted, not reviewed",
	         s_shown(feb_day, 0, shown));
	s_has(l, line);
	free(l);
	/* The district also sees the puskesmas' open work. */
	s_has(out, "no material for GIZI");
	s_has(out, "Sweeping K1");
	free(out);
	/* Reviewed and synced: gone from the district's list. */
	free(s_ok(s_dinkes, "minutes", "review", mn, "--ack", "--feedback", "Lengkap"));
	out = s_ok(s_dinkes, "sync");
	s_has(out, "0 rejected");
	free(out);
	out = s_ok(s_dinkes, "todo", "--as-of", as_of);
	s_lacks(out, "minutes_to_review");
	s_has(out, "Sweeping K1");
	free(out);
	/* A puskesmas device never lists reviews to do. */
	out = s_ok(s_pkm, "todo", "--as-of", as_of);
	s_lacks(out, "minutes_to_review");
	free(out);

	/* The camat's office: a quarterly meeting and a commitment past its period. */
	free(s_ok(s_camat, "sync"));
	char *koramil = s_id(s_camat, "sector", "add", "KORAMIL", "Koramil 02 Kaliwungu", "--kind", "tni");
	free(s_ok(s_camat, "meeting", "plan", "--year", "2036", "--kind", "quarterly"));
	json = s_ok(s_camat, "--json", "meeting", "list", "--year", "2036");
	char q1[40], q2[40], q2_day[16];
	s_meeting_field(json, "quarterly", 1, "id", q1, sizeof q1);
	s_meeting_field(json, "quarterly", 2, "id", q2, sizeof q2);
	s_meeting_field(json, "quarterly", 2, "planned_date", q2_day, sizeof q2_day);
	free(json);
	char *com = s_id(s_camat, "commitment", "add", q1, "--sector", koramil, "--support", "Kerja bakti jamban sehat",
	                 "--from", "2036-01-10", "--to", "2036-02-20");
	char *com2 = s_id(s_camat, "commitment", "add", q1, "--sector", koramil, "--support", "Patroli malam",
	                  "--from", "2036-01-10", "--to", "2036-03-31");
	/* 20 Feb to 1 Mar 2036 is 10 days. */
	out = s_ok(s_camat, "todo", "--as-of", "2036-03-01");
	l = s_line_of(out, "Kerja bakti jamban sehat");
	s_has(l, "rtl_overdue");
	s_has(l, "commitment 10 days overdue (open): Koramil 02 Kaliwungu: Kerja bakti jamban sehat");
	s_has(l, "Kecamatan Kaliwungu");
	s_has(l, "20 Feb 2036");
	s_has(l, com);
	free(l);
	s_lacks(out, "Patroli malam");
	/* The puskesmas' own work is not the camat's office's to do. */
	s_lacks(out, "Puskesmas Kaliwungu");
	s_lacks(out, "Sweeping K1");
	s_lacks(out, "no material");
	s_has(out, "\n1 thing to do as of 1 March 2036\n");
	free(out);
	free(s_ok(s_camat, "commitment", "update", com, "--status", "done", "--note", "12 jamban dibangun"));
	out = s_ok(s_camat, "todo", "--as-of", "2036-03-01");
	s_has(out, "\n0 things to do as of 1 March 2036\n");
	free(out);

	/* The quarterly meeting needs the Camat's invitation five days before. */
	char q2_before[LK_DATE_STRLEN];
	s_shift(q2_day, -5, q2_before);
	out = s_ok(s_camat, "todo", "--as-of", q2_before);
	l = s_line_of(out, q2);
	s_has(l, "invitation_unsigned");
	s_has(l, "no invitation yet; meeting in 5 days");
	s_has(l, "Kecamatan Kaliwungu");
	free(l);
	free(out);

	/* The commitment and the quarterly meeting reach the puskesmas too, but they are not its to do. */
	free(s_ok(s_camat, "sync"));
	free(s_ok(s_pkm, "sync"));
	out = s_ok(s_pkm, "todo", "--as-of", q2_before);
	s_lacks(out, q2);
	s_has(out, "no invitation yet; meeting in"); /* the puskesmas' own April meeting */
	free(out);
	out = s_ok(s_pkm, "commitment", "list");
	s_has(out, "Patroli malam");
	free(out);
	out = s_ok(s_pkm, "todo", "--as-of", "2036-04-05");
	s_lacks(out, "Patroli malam");
	s_lacks(out, "commitment");
	free(out);

	free(kapus);
	free(bidan);
	free(gizi);
	free(inv);
	free(mn);
	free(r1);
	free(r2);
	free(r3);
	free(r4);
	free(koramil);
	free(com);
	free(com2);
}

Test(todo, help_and_bad_words)
{
	char *out = s_ok(s_pkm, "todo", "--help");
	s_has(out, "usage: lokmin todo [--as-of DATE] [--days N] [--json]");
	s_has(out, "minutes_to_review");
	free(out);
	char *err = NULL;
	cr_assert_eq(s_runv(s_pkm, NULL, &err, (const char *const[]){"todo", "--as-of", "2036-02-30", NULL}), 2);
	s_has(err, "usage: lokmin todo");
	free(err);
	cr_assert_eq(s_runv(s_pkm, NULL, &err, (const char *const[]){"todo", "--days", "soon", NULL}), 2);
	s_has(err, "--days is a number of days");
	free(err);
	cr_assert_eq(s_runv(s_pkm, NULL, &err, (const char *const[]){"todo", "extra", NULL}), 2);
	s_has(err, "usage: lokmin todo");
	free(err);
	/* An empty store: nothing to do, exit 0. */
	out = s_ok(s_pkm, "todo", "--as-of", "2036-01-01");
	s_has(out, "0 things to do as of 1 January 2036\n");
	free(out);
	out = s_ok(s_pkm, "--json", "todo", "--as-of", "2036-01-01");
	cr_assert_str_eq(out, "");
	free(out);
}

Test(todo, minutes_returned_until_a_new_revision_is_submitted)
{
	char *kapus = s_id(s_pkm, "staff", "add", "dr. Ratna Dewi", "--title", "Kepala Puskesmas", "--role", "kapus");
	free(lkt_sign_confirmed(&s_srv, s_pkm, PASS, kapus));
	free(s_ok(s_pkm, "meeting", "plan", "--year", "2036"));
	char *json = s_ok(s_pkm, "--json", "meeting", "list", "--year", "2036");
	char feb[40], feb_day[16], line[400];
	s_meeting_field(json, "monthly", 2, "id", feb, sizeof feb);
	s_meeting_field(json, "monthly", 2, "planned_date", feb_day, sizeof feb_day);
	free(json);
	free(s_ok(s_pkm, "meeting", "held", feb, "--date", feb_day));
	char *mn = s_id(s_pkm, "minutes", "compile", feb);
	free(s_ok(s_pkm, "minutes", "sign", mn, "--as", kapus));
	free(s_ok(s_pkm, "minutes", "submit", mn));
	char *out = s_ok(s_pkm, "sync");
	s_has(out, "0 rejected");
	free(out);
	free(s_ok(s_dinkes, "sync"));

	/* Returned without feedback: refused, nothing written. */
	char *err = NULL;
	cr_assert_eq(s_runv(s_dinkes, NULL, &err,
	                    (const char *const[]){"minutes", "review", mn, "--needs-revision", "--feedback", "  ", NULL}),
	             1);
	s_has(err, "need feedback");
	free(err);
	out = s_ok(s_dinkes, "todo", "--as-of", "2036-03-01");
	s_has(out, "minutes_to_review");
	s_lacks(out, "minutes_returned");
	free(out);

	/* Returned with feedback: on the puskesmas' list with it, the district's review done. */
	free(s_ok(s_dinkes, "minutes", "review", mn, "--needs-revision", "--feedback", "Lengkapi daftar hadir lintas sektor"));
	out = s_ok(s_dinkes, "sync");
	s_has(out, "0 rejected");
	free(out);
	out = s_ok(s_dinkes, "todo", "--as-of", "2036-03-01");
	s_lacks(out, "minutes_to_review");
	free(out);
	out = s_ok(s_pkm, "todo", "--as-of", "2036-03-01");
	s_lacks(out, "minutes_returned"); /* not synced yet */
	free(out);
	free(s_ok(s_pkm, "sync"));
	out = s_ok(s_pkm, "todo", "--as-of", "2036-03-01");
	char *l = s_line_of(out, "minutes_returned");
	s_has(l, "minutes revision 1 returned by the district for revision: Lengkapi daftar hadir lintas sektor");
	s_has(l, mn);
	s_has(l, "Puskesmas Kaliwungu");
	free(l);
	free(out);
	out = s_ok(s_pkm, "--json", "todo", "--as-of", "2036-03-01");
	snprintf(line, sizeof line, "{\"kind\":\"minutes_returned\",\"office\":\"%s\"", PKM);
	s_has(out, line);
	free(out);

	/* A new revision compiled and signed: still returned until it is submitted. */
	char *m2 = s_id(s_pkm, "minutes", "compile", feb, "--reason", "Daftar hadir lintas sektor dilengkapi");
	cr_assert_str_neq(m2, mn);
	free(s_ok(s_pkm, "minutes", "sign", m2, "--as", kapus));
	out = s_ok(s_pkm, "todo", "--as-of", "2036-03-01");
	s_has(out, "minutes_returned");
	s_has(out, "minutes_not_submitted");
	free(out);
	free(s_ok(s_pkm, "minutes", "submit", m2));
	out = s_ok(s_pkm, "todo", "--as-of", "2036-03-01");
	s_lacks(out, "minutes_returned");
	s_lacks(out, "Lengkapi daftar hadir");
	free(out);
	/* The district now has revision 2 to review. */
	free(s_ok(s_pkm, "sync"));
	free(s_ok(s_dinkes, "sync"));
	out = s_ok(s_dinkes, "todo", "--as-of", "2036-03-01");
	l = s_line_of(out, "minutes_to_review");
	s_has(l, m2);
	s_has(l, "minutes revision 2 of the meeting");
	free(l);
	s_lacks(out, "minutes_returned");
	free(out);
	free(kapus);
	free(mn);
	free(m2);
}
