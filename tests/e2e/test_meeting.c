/* test_meeting: planning a year of lokmin offline and reading the schedule back, on two devices. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lk_util.h"
#include "lkt.h"
#include "lkt_cli.h"

#define s_count lkt_count
#define s_with_pass lkt_cli

static struct lkt_server s_srv;
static char s_a[400], s_b[400];

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "a", s_a, sizeof s_a);
	lkt_home(&s_srv, "b", s_b, sizeof s_b);
	cr_assert_eq(lkt_enroll(&s_srv, s_a, "puskesmas", "P3324010101"), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_b, "puskesmas", "P3324010101"), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(meeting, .init = s_setup, .fini = s_teardown, .timeout = 120);

/* A Kapus on device A with a signing key under "rahasia kapus"; returns the person id (malloc'd). */
static char *s_kapus(void)
{
	char *out = NULL;
	const char *add[] = {"staff", "add", "dr. Ratna", "--title", "Kepala Puskesmas", "--role", "kapus", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, add), 0);
	char *id = strndup(out, 36);
	free(out);
	/* The key signs once the district has confirmed it. */
	free(lkt_sign_confirmed(&s_srv, s_a, "rahasia kapus", id));
	return id;
}

Test(meeting, plan_a_year_off_weekends_and_holidays)
{
	char hol[500], *out = NULL, *err = NULL;
	snprintf(hol, sizeof hol, "%s/libur.txt", s_srv.dir);
	FILE *f = fopen(hol, "w");
	fprintf(f, "# hari libur\n2030-04-03 contoh libur\n");
	fclose(f);
	const char *plan[] = {"meeting", "plan", "--year", "2030", "--holidays", hol, NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, &err, plan), 0, "%s", err);
	/* 3 Jan 2030 is a Thursday; 3 Feb a Sunday; 3 Apr a holiday here (a Wednesday). */
	cr_assert(strstr(out, "1   3 Jan 2030   Lokakarya Mini Bulanan Januari 2030 (Penggalangan Tim)"), "%s", out);
	cr_assert(strstr(out, "2   4 Feb 2030   "), "%s", out);
	cr_assert(strstr(out, "4   4 Apr 2030   "), "%s", out);
	cr_assert(strstr(out, "12 monthly meetings planned for 2030"), "%s", out);
	free(out);
	free(err);
	/* Planning the same year twice is refused. */
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, plan), 1);
	cr_assert(strstr(err, "already on this device"), "%s", err);
	free(err);

	const char *list[] = {"--json", "meeting", "list", "--year", "2030", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, list), 0);
	cr_assert_eq(s_count(out, "\"state\":\"upcoming\""), 12, "%s", out);
	cr_assert_eq(s_count(out, "\"team_building\":true"), 1);
	free(out);

	/* A past year shows every unheld meeting as missed. */
	const char *plan_past[] = {"meeting", "plan", "--year", "2020", "--day", "15", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, plan_past), 0);
	const char *list_past[] = {"meeting", "list", "--year", "2020", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, list_past), 0);
	cr_assert(strstr(out, "12 meetings: 0 held, 0 postponed, 0 cancelled, 12 missed, 0 upcoming"), "%s", out);
	free(out);

	/* The schedule reaches the other device of the puskesmas. */
	const char *sync[] = {"sync", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, sync), 0);
	cr_assert_eq(lkt_lokmin(s_b, NULL, NULL, sync), 0);
	char *la = NULL, *lb = NULL;
	cr_assert_eq(lkt_lokmin(s_a, &la, NULL, list), 0);
	cr_assert_eq(lkt_lokmin(s_b, &lb, NULL, list), 0);
	cr_assert_str_eq(la, lb);
	free(la);
	free(lb);
}

/* The id of month `period` in `meeting list --json` output (malloc'd). */
static char *s_id_of(const char *json, int period)
{
	char key[32];
	snprintf(key, sizeof key, "\"period\":%d,", period);
	const char *p = strstr(json, key);
	cr_assert_not_null(p);
	while (p > json && strncmp(p, "{\"id\":\"", 7) != 0)
		p--;
	return strndup(p + 7, 36);
}

static char *s_planned_of(const char *json, int period)
{
	char key[32];
	snprintf(key, sizeof key, "\"period\":%d,\"planned_date\":\"", period);
	const char *p = strstr(json, key);
	cr_assert_not_null(p);
	return strndup(p + strlen(key), 10);
}

/* Plan year on device A and return the id of that year's meeting number `period` (malloc'd). */
static char *s_plan_pick(const char *year, int period)
{
	const char *plan[] = {"meeting", "plan", "--year", year, NULL};
	const char *list[] = {"--json", "meeting", "list", "--year", year, NULL};
	char *json = NULL, *err = NULL;
	int rc = lkt_lokmin(s_a, NULL, &err, plan);
	cr_assert_eq(rc, 0, "meeting plan: exit %d: %s", rc, err);
	free(err);
	rc = lkt_lokmin(s_a, &json, &err, list);
	cr_assert_eq(rc, 0, "meeting list: exit %d: %s", rc, err);
	free(err);
	char *id = s_id_of(json, period);
	free(json);
	return id;
}

Test(meeting, a_year_with_one_postponed_and_one_missed)
{
	char *out = NULL, *err = NULL;
	const char *plan[] = {"meeting", "plan", "--year", "2025", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, plan), 0, "%s", err);
	free(err);
	const char *list[] = {"--json", "meeting", "list", "--year", "2025", NULL};
	char *json = NULL;
	cr_assert_eq(lkt_lokmin(s_a, &json, NULL, list), 0);
	const char *staff[] = {"staff", "add", "Bidan Sari", "--role", "pj_program", "--programmes", "KIA", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, staff), 0);
	char *owner = strndup(out, 36);
	free(out);
	char *kapus = s_kapus();
	for (int m = 1; m <= 12; m++) {
		char *id = s_id_of(json, m), *planned = s_planned_of(json, m);
		if (m != 8 && m != 12) {
			/* Each meeting held leaves one RTL item due on the 28th; some are closed, some not. */
			char act[64], due[16];
			snprintf(act, sizeof act, "Tindak lanjut bulan %d", m);
			snprintf(due, sizeof due, "2025-%02d-28", m);
			const char *add[] = {"rtl", "add", id, "--activity", act, "--owner", owner, "--due", due, NULL};
			cr_assert_eq(lkt_lokmin(s_a, &out, NULL, add), 0);
			char *rid = strndup(out, 36);
			free(out);
			if (m <= 6 && m != 4) {
				const char *done[] = {"rtl", "update", rid, "--status", "done", "--note", "Selesai", NULL};
				const char *ver[] = {"rtl", "verify", rid, "--as", kapus, NULL};
				cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, done), 0);
				cr_assert_eq(s_with_pass(s_a, "rahasia kapus", NULL, NULL, ver), 0);
			}
			free(rid);
		}
		if (m == 3) {
			/* Postponed, then held on the new date. */
			const char *bad[] = {"meeting", "postpone", id, "--to", "2025-03-17", NULL};
			cr_assert_eq(lkt_lokmin(s_a, NULL, &err, bad), 1, "a postponement needs a reason");
			cr_assert(strstr(err, "--reason"), "%s", err);
			free(err);
			const char *pp[] = {"meeting", "postpone", id, "--to", "2025-03-17", "--reason", "Bertepatan dengan BIAS",
			                    NULL};
			cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, pp), 0);
			const char *held[] = {"meeting", "held", id, "--date", "2025-03-17", NULL};
			cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, held), 0);
			const char *hist[] = {"meeting", "history", id, NULL};
			cr_assert_eq(lkt_lokmin(s_a, &out, NULL, hist), 0);
			cr_assert(strstr(out, "postponed") && strstr(out, "Bertepatan dengan BIAS") && strstr(out, "held"), "%s",
			          out);
			free(out);
		} else if (m == 8) {
			/* Never held: missed. */
		} else if (m == 12) {
			const char *cc[] = {"meeting", "cancel", id, "--reason", "Digabung dengan evaluasi tahunan", NULL};
			cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, cc), 0);
			const char *held[] = {"meeting", "held", id, NULL};
			cr_assert_eq(lkt_lokmin(s_a, NULL, &err, held), 1);
			cr_assert(strstr(err, "cancelled"), "%s", err);
			free(err);
		} else {
			const char *held[] = {"meeting", "held", id, "--date", planned, NULL};
			cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, held), 0);
		}
		free(id);
		free(planned);
	}
	free(json);
	const char *view[] = {"meeting", "list", "--year", "2025", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, view), 0);
	cr_assert(strstr(out, "12 meetings: 10 held, 0 postponed, 1 cancelled, 1 missed, 0 upcoming"), "%s", out);
	cr_assert(strstr(out, "17 Mar 2025  17 Mar 2025  held"), "the postponed meeting shows its new date: %s", out);
	free(out);
	/* RTL ageing at the year's end: months 4, 7, 9, 10 and 11 are still open. */
	const char *aging[] = {"rtl", "overdue", "--as-of", "2025-12-31", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, aging), 0);
	static const struct {
		int month;
		int age;
	} open_items[] = {{4, 247}, {7, 156}, {9, 94}, {10, 64}, {11, 33}};
	for (size_t i = 0; i < sizeof open_items / sizeof open_items[0]; i++) {
		char act[64], age[48];
		snprintf(act, sizeof act, "Tindak lanjut bulan %d\n", open_items[i].month);
		snprintf(age, sizeof age, "%d days overdue", open_items[i].age);
		const char *p = strstr(out, act);
		cr_assert(p && !strncmp(p + strlen(act) + strspn(p + strlen(act), " "), age, strlen(age)),
		          "month %d should be %s:\n%s", open_items[i].month, age, out);
	}
	cr_assert(strstr(out, "5 overdue as of 31 December 2025 (1-30 days: 0, 31-90 days: 2, over 90 days: 3)"), "%s", out);
	cr_assert_null(strstr(out, "bulan 5\n"), "a verified item is not overdue:\n%s", out);
	free(out);
	/* Mid-year only the April item was late (and by 92 days on July 29th). */
	const char *mid[] = {"rtl", "overdue", "--as-of", "2025-07-29", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, mid), 0);
	cr_assert(strstr(out, "2 overdue as of 29 July 2025 (1-30 days: 1, 31-90 days: 0, over 90 days: 1)"), "%s", out);
	free(out);
	free(owner);
	free(kapus);
	/* The history travels too. */
	const char *sync[] = {"sync", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, sync), 0);
	cr_assert_eq(lkt_lokmin(s_b, NULL, NULL, sync), 0);
	char *va = NULL, *vb = NULL;
	cr_assert_eq(lkt_lokmin(s_b, &vb, NULL, view), 0);
	cr_assert_eq(lkt_lokmin(s_a, &va, NULL, view), 0);
	cr_assert_str_eq(va, vb);
	free(va);
	free(vb);
}

Test(meeting, staff_with_titles_and_programmes)
{
	char *out = NULL, *err = NULL;
	const char *kapus[] = {"staff", "add", "dr. Ratna Dewi", "--title", "Kepala Puskesmas", "--role", "kapus", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, &err, kapus), 0, "%s", err);
	char *kid = strndup(out, 36);
	free(out);
	free(err);
	const char *pj[] = {"staff", "add", "Siti Aminah, A.Md.Keb", "--title", "Bidan Koordinator", "--role",
	                    "pj_program", "--programmes", "KIA,klaster2", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, pj), 0);
	const char *bad[] = {"staff", "add", "X", "--role", "bupati", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, bad), 2);
	cr_assert(strstr(err, "--role must be one of"), "%s", err);
	free(err);
	/* A change keeps the fields not given. */
	const char *change[] = {"staff", "add", "--id", kid, "--phone", "0812-0000-1111", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, change), 0);
	const char *sync[] = {"sync", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, sync), 0);
	cr_assert_eq(lkt_lokmin(s_b, NULL, NULL, sync), 0);
	const char *list[] = {"staff", "list", NULL};
	cr_assert_eq(lkt_lokmin(s_b, &out, NULL, list), 0);
	cr_assert(strstr(out, "dr. Ratna Dewi") && strstr(out, "Kepala Puskesmas") && strstr(out, "kapus"), "%s", out);
	cr_assert(strstr(out, "KIA,klaster2"), "%s", out);
	free(out);
	const char *json[] = {"--json", "staff", "list", NULL};
	cr_assert_eq(lkt_lokmin(s_b, &out, NULL, json), 0);
	cr_assert(strstr(out, "\"phone\":\"0812-0000-1111\"") && strstr(out, "\"title\":\"Kepala Puskesmas\""), "%s", out);
	free(out);
	free(kid);
}

Test(meeting, material_on_time_late_and_missing)
{
	char *out = NULL, *err = NULL;
	const char *p1[] = {"staff", "add", "Siti", "--role", "pj_program", "--programmes", "KIA,GIZI", NULL};
	const char *p2[] = {"staff", "add", "Budi", "--role", "pj_program", "--programmes", "P2P", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, p1), 0);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, p2), 0);
	const char *future[] = {"meeting", "plan", "--year", "2031", NULL};
	const char *past[] = {"meeting", "plan", "--year", "2024", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, future), 0);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, past), 0);
	const char *l31[] = {"--json", "meeting", "list", "--year", "2031", NULL};
	const char *l24[] = {"--json", "meeting", "list", "--year", "2024", NULL};
	char *j31 = NULL, *j24 = NULL;
	cr_assert_eq(lkt_lokmin(s_a, &j31, NULL, l31), 0);
	cr_assert_eq(lkt_lokmin(s_a, &j24, NULL, l24), 0);
	char *m31 = s_id_of(j31, 1), *m24 = s_id_of(j24, 1);
	const char *noprog[] = {"material", "submit", m31, NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, noprog), 2);
	free(err);
	const char *s31[] = {"material", "submit", m31, "--programme", "KIA", "--note", "Cakupan K6 naik", NULL};
	const char *s24[] = {"material", "submit", m24, "--programme", "KIA", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, s31), 0);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, s24), 0);
	const char *st31[] = {"material", "status", m31, NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, st31), 0);
	cr_assert(strstr(out, "1 on time, 0 late, 2 missing"), "%s", out);
	cr_assert(strstr(out, "deadline 31 December 2030"), "3 days before 3 January 2031: %s", out);
	free(out);
	const char *st24[] = {"material", "status", m24, NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, st24), 0);
	cr_assert(strstr(out, "0 on time, 1 late, 2 missing"), "%s", out);
	free(out);
	/* The other device sees the same after syncing. */
	const char *sync[] = {"sync", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, sync), 0);
	cr_assert_eq(lkt_lokmin(s_b, NULL, NULL, sync), 0);
	cr_assert_eq(lkt_lokmin(s_b, &out, NULL, st31), 0);
	cr_assert(strstr(out, "1 on time, 0 late, 2 missing"), "%s", out);
	free(out);
	free(m31);
	free(m24);
	free(j31);
	free(j24);
}

Test(meeting, attendance_invite_checkin_walkin_and_cancelled)
{
	char *out = NULL, *err = NULL;
	const char *p1[] = {"staff", "add", "dr. Ratna", "--title", "Kepala Puskesmas", "--role", "kapus", NULL};
	const char *p2[] = {"staff", "add", "Budi", "--title", "Pengelola P2P", "--role", "pj_program", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, p1), 0);
	char *ratna = strndup(out, 36);
	free(out);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, p2), 0);
	const char *plan[] = {"meeting", "plan", "--year", "2032", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, plan), 0);
	const char *l[] = {"--json", "meeting", "list", "--year", "2032", NULL};
	char *json = NULL;
	cr_assert_eq(lkt_lokmin(s_a, &json, NULL, l), 0);
	char *jan = s_id_of(json, 1), *feb = s_id_of(json, 2);
	free(json);

	const char *inv[] = {"attend", "invite", jan, NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, inv), 0);
	cr_assert(strstr(out, "2 invited"), "%s", out);
	free(out);
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, inv), 0);
	cr_assert(strstr(out, "0 invited"), "inviting again adds nobody twice: %s", out);
	free(out);
	const char *ci[] = {"attend", "checkin", jan, ratna, NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, ci), 0);
	const char *walk[] = {"attend", "checkin", jan, "--name", "Kepala Desa Krajankulon", "--role", "Kades", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, walk), 0);
	cr_assert(strstr(out, "walk-in"), "%s", out);
	free(out);
	const char *list[] = {"attend", "list", jan, NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, list), 0);
	cr_assert(strstr(out, "2 invited, 2 present, 1 walk-ins"), "%s", out);
	free(out);

	/* A cancelled meeting takes no attendance: refused here ... */
	const char *cancel[] = {"meeting", "cancel", feb, "--reason", "Banjir", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, cancel), 0);
	const char *ci2[] = {"attend", "checkin", feb, ratna, NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, ci2), 1);
	cr_assert(strstr(err, "cancelled meeting is refused"), "%s", err);
	free(err);
	/* ... and again at the server, for a record made around the local check. */
	char kv[80];
	snprintf(kv, sizeof kv, "meeting_id=%s", feb);
	const char *raw[] = {"record", "put", "attendance", kv, "name=Siapa", "present=1", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, raw), 0);
	const char *sync[] = {"sync", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, sync), 0);
	cr_assert(strstr(out, "1 rejected"), "%s", out);
	free(out);
	const char *failed[] = {"failed", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, failed), 0);
	cr_assert(strstr(out, "attendance for a cancelled meeting"), "%s", out);
	free(out);
	/* The attendance list reaches the other device. */
	cr_assert_eq(lkt_lokmin(s_b, NULL, NULL, sync), 0);
	cr_assert_eq(lkt_lokmin(s_b, &out, NULL, list), 0);
	cr_assert(strstr(out, "2 invited, 2 present, 1 walk-ins"), "%s", out);
	free(out);
	free(ratna);
	free(jan);
	free(feb);
}

Test(meeting, rtl_owner_date_progress_verify_overdue)
{
	char *out = NULL, *err = NULL;
	const char *p1[] = {"staff", "add", "Siti", "--role", "pj_program", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, p1), 0);
	char *siti = strndup(out, 36);
	free(out);
	char *mar = s_plan_pick("2025", 3);

	const char *noowner[] = {"rtl", "add", mar, "--activity", "Sweeping", "--due", "2025-04-10", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, noowner), 1);
	cr_assert(strstr(err, "needs an owner"), "%s", err);
	free(err);
	const char *nodate[] = {"rtl", "add", mar, "--activity", "Sweeping", "--owner", siti, NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, nodate), 1);
	cr_assert(strstr(err, "due_date is required"), "%s", err);
	free(err);

	const char *late[] = {"rtl", "add", mar, "--activity", "Sweeping imunisasi", "--owner", siti, "--due", "2025-04-10",
	                      NULL};
	const char *later[] = {"rtl", "add", mar, "--activity", "Kelas ibu hamil", "--owner", siti, "--due", "2099-01-10",
	                       NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, late), 0);
	char *r1 = strndup(out, 36);
	free(out);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, later), 0);
	const char *overdue[] = {"rtl", "overdue", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, overdue), 0);
	cr_assert(strstr(out, "Sweeping imunisasi") && !strstr(out, "Kelas ibu hamil"), "%s", out);
	cr_assert(strstr(out, "days overdue") && strstr(out, "1 overdue"), "%s", out);
	free(out);

	const char *verify_early[] = {"rtl", "verify", r1, NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, verify_early), 1);
	cr_assert(strstr(err, "only a done RTL item"), "%s", err);
	free(err);
	const char *progress[] = {"rtl", "update", r1, "--status", "in_progress", "--note", "Desa 1 selesai", NULL};
	const char *done[] = {"rtl", "update", r1, "--status", "done", "--note", "Semua desa selesai, 14 balita diimunisasi",
	                      NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, progress), 0);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, done), 0);
	/* Verifying is the Kapus's: someone else, or the Kapus without the passphrase, is refused. */
	const char *by_siti[] = {"rtl", "verify", r1, "--as", siti, NULL};
	cr_assert_eq(s_with_pass(s_a, "apa saja", NULL, &err, by_siti), 1);
	cr_assert(strstr(err, "only the Kapus of this office verifies"), "%s", err);
	free(err);
	char *kapus = s_kapus();
	const char *verify[] = {"rtl", "verify", r1, "--as", kapus, "--note", "Diperiksa Kapus", NULL};
	cr_assert_eq(s_with_pass(s_a, "bukan ini", NULL, &err, verify), 1);
	cr_assert(strstr(err, "signing key did not open"), "%s", err);
	free(err);
	cr_assert_eq(s_with_pass(s_a, "rahasia kapus", NULL, NULL, verify), 0);
	free(kapus);
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, overdue), 0);
	cr_assert(strstr(out, "0 overdue"), "a verified item is no longer overdue: %s", out);
	free(out);
	const char *sync[] = {"sync", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, sync), 0);
	cr_assert_eq(lkt_lokmin(s_b, NULL, NULL, sync), 0);
	const char *get[] = {"record", "get", "rtl", r1, NULL};
	cr_assert_eq(lkt_lokmin(s_b, &out, NULL, get), 0);
	cr_assert(strstr(out, "\"status\":\"verified\""), "%s", out);
	cr_assert(strstr(out, "Desa 1 selesai\\n") && strstr(out, "14 balita diimunisasi") && strstr(out, "diverifikasi oleh dr. Ratna; Diperiksa Kapus"),
	          "the evidence trail travels: %s", out);
	free(out);
	free(siti);
	free(mar);
	free(r1);
}

Test(meeting, problems_ranked_by_usg_with_fishbone_causes)
{
	char *out = NULL, *err = NULL;
	char *m = s_plan_pick("2033", 4);
	const char *p1[] = {"problem", "add", m, "--indicator", "KIA_K6", "--gap", "K6 62% vs target 75%",
	                    "--description", "Cakupan K6 rendah", "--usg", "4,4,3", "--cause", "man: bidan desa kosong",
	                    "--cause", "method: kunjungan rumah tidak terjadwal", NULL};
	const char *p2[] = {"problem", "add", m, "--indicator", "KESLING_STBM", "--description", "Desa ODF belum bertambah",
	                    "--usg", "5,5,4", "--cross-sector", "--recommendation", "Libatkan kepala desa dan PKK", NULL};
	const char *p3[] = {"problem", "add", m, "--description", "Laporan terlambat", "--usg", "2,2,1", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, p1), 0, "%s", err);
	free(err);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, p2), 0);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, p3), 0);
	const char *bad_usg[] = {"problem", "add", m, "--description", "x", "--usg", "6,1,1", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, bad_usg), 1);
	cr_assert(strstr(err, "urgency must be scored 1-5"), "%s", err);
	free(err);
	const char *bad_cause[] = {"problem", "add", m, "--description", "x", "--cause", "weather: hujan", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, bad_cause), 1);
	cr_assert(strstr(err, "must start with man:"), "%s", err);
	free(err);

	const char *list[] = {"problem", "list", m, NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, list), 0);
	char *r1 = strstr(out, "Desa ODF"), *r2 = strstr(out, "Cakupan K6"), *r3 = strstr(out, "Laporan terlambat");
	cr_assert(r1 && r2 && r3 && r1 < r2 && r2 < r3, "ranked by U+S+G (14, 11, 5): %s", out);
	cr_assert(strstr(out, "1     14   KESLING_STBM") && strstr(out, "cause: method: kunjungan rumah"), "%s", out);
	free(out);
	const char *flagged[] = {"problem", "flagged", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, flagged), 0);
	cr_assert(strstr(out, "Desa ODF") && !strstr(out, "Cakupan K6") && strstr(out, "1 problems"), "%s", out);
	free(out);
	const char *sync[] = {"sync", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, sync), 0);
	cr_assert_eq(lkt_lokmin(s_b, NULL, NULL, sync), 0);
	char *la = NULL, *lb = NULL;
	cr_assert_eq(lkt_lokmin(s_a, &la, NULL, list), 0);
	cr_assert_eq(lkt_lokmin(s_b, &lb, NULL, list), 0);
	cr_assert_str_eq(la, lb);
	free(la);
	free(lb);
	free(m);
}

Test(meeting, information_decisions_and_audit_results)
{
	char *out = NULL, *err = NULL;
	char *m = s_plan_pick("2034", 2);
	const char *i1[] = {"meeting", "item", m, "--kind", "information", "--source", "Dinas Kesehatan", "--text",
	                    "Jadwal BIAS bulan Agustus", NULL};
	const char *i2[] = {"meeting", "item", m, "--kind", "decision", "--text", "Posyandu lansia digabung dengan Posbindu",
	                    NULL};
	const char *i3[] = {"meeting", "item", m, "--kind", "audit", "--source", "Tim audit internal", "--text",
	                    "SOP imunisasi belum diperbarui", NULL};
	const char *bad[] = {"meeting", "item", m, "--kind", "gossip", "--text", "x", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, i1), 0);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, i2), 0);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, i3), 0);
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, bad), 1);
	cr_assert(strstr(err, "not one of the allowed values"), "%s", err);
	free(err);
	const char *sync[] = {"sync", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, sync), 0);
	cr_assert_eq(lkt_lokmin(s_b, NULL, NULL, sync), 0);
	const char *items[] = {"meeting", "items", m, NULL};
	cr_assert_eq(lkt_lokmin(s_b, &out, NULL, items), 0);
	cr_assert(strstr(out, "Jadwal BIAS") && strstr(out, "Posbindu") && strstr(out, "SOP imunisasi") &&
	              strstr(out, "3 items"),
	          "%s", out);
	free(out);
	free(m);
}

Test(meeting, agenda_carries_open_rtl_and_last_problems_forward)
{
	char *out = NULL;
	const char *p1[] = {"staff", "add", "Siti", "--role", "pj_program", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, p1), 0);
	char *siti = strndup(out, 36);
	free(out);
	const char *plan[] = {"meeting", "plan", "--year", "2035", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, plan), 0);
	const char *l[] = {"--json", "meeting", "list", "--year", "2035", NULL};
	char *json = NULL;
	cr_assert_eq(lkt_lokmin(s_a, &json, NULL, l), 0);
	char *mar = s_id_of(json, 3), *apr = s_id_of(json, 4), *jun = s_id_of(json, 6);
	free(json);
	const char *rtl[] = {"rtl", "add", mar, "--activity", "Sweeping imunisasi", "--owner", siti, "--due", "2035-03-20",
	                     NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, rtl), 0);
	char *r = strndup(out, 36);
	free(out);
	const char *prob[] = {"problem", "add", mar, "--description", "Cakupan IDL rendah", "--gap", "IDL 70% vs 85%", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, prob), 0);

	const char *ag_mar[] = {"meeting", "agenda", mar, NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, ag_mar), 0);
	cr_assert(strstr(out, "Capaian kinerja bulan Februari") && strstr(out, "lintas sektor triwulan 1"), "%s", out);
	free(out);
	const char *ag_apr[] = {"meeting", "agenda", apr, NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, ag_apr), 0);
	cr_assert(strstr(out, "Sweeping imunisasi (batas waktu 20 Maret 2035, belum dimulai) - TERLAMBAT"),
	          "an open RTL is carried into the next agenda: %s", out);
	cr_assert(strstr(out, "Cakupan IDL rendah (IDL 70% vs 85%)"), "last meeting's problems: %s", out);
	free(out);
	const char *ag_jun[] = {"meeting", "agenda", jun, NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, ag_jun), 0);
	cr_assert(strstr(out, "Evaluasi capaian semester I") && strstr(out, "Sweeping imunisasi"), "%s", out);
	free(out);
	/* Closed, it leaves the agenda. */
	const char *done[] = {"rtl", "update", r, "--status", "done", "--note", "selesai", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, done), 0);
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, ag_jun), 0);
	cr_assert_null(strstr(out, "Sweeping imunisasi"), "%s", out);
	free(out);
	free(siti);
	free(mar);
	free(apr);
	free(jun);
	free(r);
}

Test(meeting, kapus_signing_key_under_a_passphrase)
{
	char *out = NULL, *err = NULL, path[600];
	const char *kapus[] = {"staff", "add", "dr. Ratna", "--title", "Kepala Puskesmas", "--role", "kapus", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, kapus), 0);
	char *id = strndup(out, 36);
	free(out);
	const char *kg[] = {"sign", "keygen", id, NULL};
	cr_assert_eq(s_with_pass(s_a, "pendek", NULL, &err, kg), 1);
	cr_assert(strstr(err, "at least 8 characters"), "%s", err);
	free(err);
	cr_assert_eq(s_with_pass(s_a, "rahasia kapus 2026", &out, &err, kg), 0, "%s", err);
	char *pk = strstr(out, "public key ");
	cr_assert_not_null(pk);
	char pkhex[65], keyid[37];
	memcpy(pkhex, pk + 11, 64);
	pkhex[64] = '\0';
	/* One file per key (the key id opens the output), so a person's keys live side by side. */
	memcpy(keyid, out, 36);
	keyid[36] = '\0';
	cr_assert(strstr(out, "fingerprint "), "%s", out);
	cr_assert(strstr(err, "district confirms"), "%s", err);
	free(out);
	free(err);
	snprintf(path, sizeof path, "%s/sign-%s.key", s_a, keyid);
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);
	char *sealed = NULL;
	cr_assert_eq(lk_read_file(path, &sealed, NULL), 0);
	cr_assert_null(strstr(sealed, "rahasia"));
	free(sealed);
	cr_assert_eq(s_with_pass(s_a, "rahasia kapus 2026", NULL, &err, kg), 1, "one key per person");
	free(err);
	const char *ck[] = {"sign", "check", id, NULL};
	cr_assert_eq(s_with_pass(s_a, "rahasia kapus 2026", &out, NULL, ck), 0);
	cr_assert(strstr(out, pkhex), "%s", out);
	free(out);
	cr_assert_eq(s_with_pass(s_a, "salah", NULL, &err, ck), 1);
	cr_assert(strstr(err, "wrong passphrase"), "%s", err);
	free(err);
	/* The public key reaches the server as the person's signer_key, waiting for the district. */
	const char *sync[] = {"sync", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, sync), 0);
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT public_key || ' ' || status FROM signer_key WHERE person_id = '%s'", id);
	char *v = lkt_sql_value(&s_srv.db, sql), want[80];
	snprintf(want, sizeof want, "%s pending", pkhex);
	cr_assert_str_eq(v, want);
	free(v);
	free(id);
}

Test(meeting, invitation_signed_by_the_kapus_verified_and_sealed)
{
	char *out = NULL, *err = NULL;
	const char *kapus[] = {"staff", "add", "dr. Ratna", "--title", "Kepala Puskesmas", "--role", "kapus", NULL};
	const char *ktu[] = {"staff", "add", "Pak Joko", "--title", "Kepala TU", "--role", "ktu", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, kapus), 0);
	char *kid = strndup(out, 36);
	free(out);
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, ktu), 0);
	char *tid = strndup(out, 36);
	free(out);
	const char *kg2[] = {"sign", "keygen", tid, NULL};
	free(lkt_sign_confirmed(&s_srv, s_a, "rahasia kapus", kid));
	cr_assert_eq(s_with_pass(s_a, "rahasia ktu 99", NULL, NULL, kg2), 0);
	char *m = s_plan_pick("2036", 3);
	const char *draft[] = {"invite", "draft", m, "--number", "005/PKM-KLW/III/2036", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, draft), 0);
	char *inv = strndup(out, 36);
	free(out);
	const char *by_ktu[] = {"invite", "sign", inv, "--as", tid, NULL};
	cr_assert_eq(s_with_pass(s_a, "rahasia ktu 99", NULL, &err, by_ktu), 1);
	cr_assert(strstr(err, "only the Kapus signs"), "%s", err);
	free(err);
	const char *bad_pass[] = {"invite", "sign", inv, "--as", kid, NULL};
	cr_assert_eq(s_with_pass(s_a, "salah sekali", NULL, &err, bad_pass), 1);
	free(err);
	cr_assert_eq(s_with_pass(s_a, "rahasia kapus", &out, &err, bad_pass), 0, "%s", err);
	free(out);
	const char *show[] = {"invite", "show", inv, NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, show), 0);
	cr_assert(strstr(out, "Undangan Lokakarya Mini Bulanan") && strstr(out, "Number     : 005/PKM-KLW/III/2036") &&
	              strstr(out, "[signed by"),
	          "%s", out);
	free(out);
	const char *sync[] = {"sync", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, sync), 0);
	cr_assert(strstr(out, "0 rejected"), "the server verified the signature: %s", out);
	free(out);
	/* The other device sees a verifying signature. */
	cr_assert_eq(lkt_lokmin(s_b, NULL, NULL, sync), 0);
	cr_assert_eq(lkt_lokmin(s_b, &out, NULL, show), 0);
	cr_assert(strstr(out, "[signed by"), "%s", out);
	free(out);

	/* A sealed letter cannot change: refused on the device ... */
	char kv[64];
	snprintf(kv, sizeof kv, "number=006/diubah");
	const char *edit_no[] = {"record", "put", "invitation", "--id", inv, kv, NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, edit_no), 1); /* sealed means every field, the number too */
	cr_assert(strstr(err, "signed and sealed") && strstr(err, "number"), "%s", err);
	free(err);
	const char *edit_doc[] = {"record", "put", "invitation", "--id", inv, "document=surat lain", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, edit_doc), 1);
	cr_assert(strstr(err, "signed and sealed"), "%s", err);
	free(err);
	/* ... and at the server, for a device that changed the draft before the signature reached it. */
	const char *draft3[] = {"invite", "draft", m, "--number", "008", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, draft3), 0);
	char *inv3 = strndup(out, 36);
	free(out);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, sync), 0);
	cr_assert_eq(lkt_lokmin(s_b, NULL, NULL, sync), 0);
	const char *sign3[] = {"invite", "sign", inv3, "--as", kid, NULL};
	cr_assert_eq(s_with_pass(s_a, "rahasia kapus", NULL, NULL, sign3), 0);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, sync), 0);
	const char *edit_b[] = {"record", "put", "invitation", "--id", inv3, "document=surat lain dari B", NULL};
	cr_assert_eq(lkt_lokmin(s_b, NULL, NULL, edit_b), 0); /* B still holds the unsigned draft */
	cr_assert_eq(lkt_lokmin(s_b, &out, NULL, sync), 0);
	cr_assert(strstr(out, "1 rejected"), "%s", out);
	free(out);
	const char *failed[] = {"failed", NULL};
	cr_assert_eq(lkt_lokmin(s_b, &out, NULL, failed), 0);
	cr_assert(strstr(out, "signed and sealed"), "%s", out);
	free(out);
	free(inv3);

	/* A signature by another key, claimed for the Kapus, does not verify at the server. */
	const char *draft2[] = {"invite", "draft", m, "--number", "007", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, draft2), 0);
	char *inv2 = strndup(out, 36);
	free(out);
	char sigkv[200], whokv[80];
	snprintf(sigkv, sizeof sigkv, "signature=%0128d", 7);
	snprintf(whokv, sizeof whokv, "signer_person_id=%s", kid);
	const char *forge[] = {"record", "put", "invitation", "--id", inv2, sigkv, whokv, "signed_at=2036-03-01T08:00:00Z",
	                       NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, forge), 0);
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, sync), 0);
	cr_assert(strstr(out, "1 rejected"), "%s", out);
	free(out);
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, failed), 0);
	cr_assert(strstr(out, "does not verify"), "%s", out);
	free(out);
	free(kid);
	free(tid);
	free(m);
	free(inv);
	free(inv2);
}

Test(meeting, minutes_compiled_signed_sealed_revised_submitted)
{
	char *out = NULL, *err = NULL;
	const char *kapus[] = {"staff", "add", "dr. Ratna", "--title", "Kepala Puskesmas", "--role", "kapus", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, kapus), 0);
	char *kid = strndup(out, 36);
	free(out);
	free(lkt_sign_confirmed(&s_srv, s_a, "rahasia kapus", kid));
	char *m = s_plan_pick("2037", 5);
	const char *inv[] = {"attend", "invite", m, NULL};
	const char *ci[] = {"attend", "checkin", m, kid, NULL};
	const char *prob[] = {"problem", "add", m, "--description", "Cakupan K6 rendah", "--cause", "man: bidan cuti",
	                      "--recommendation", "Bidan pengganti", NULL};
	const char *dec[] = {"meeting", "item", m, "--kind", "decision", "--text", "Kelas ibu hamil tiap Kamis", NULL};
	const char *rtl[] = {"rtl", "add", m, "--activity", "Kunjungan rumah ibu hamil", "--owner", kid, "--due", "2037-05-30",
	                     NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, inv), 0);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, ci), 0);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, prob), 0);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, dec), 0);
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, rtl), 0);
	char *rid = strndup(out, 36);
	free(out);
	/* The Notulen's RTL columns by their Indonesian names. */
	const char *rset[] = {"rtl", "set", rid, "--tujuan", "Menaikkan cakupan K6", "--sasaran", "Ibu hamil", "--tempat",
	                      "Desa Sarirejo", "--indikator", "K6 75%", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, &err, rset), 0, "%s", err);
	free(err);
	cr_assert(strstr(out, "changed"), "%s", out);
	free(out);
	free(rid);
	/* The meeting's facts once, with a decision; the next compile keeps them. */
	const char *first[] = {"minutes", "compile", m, "--start", "08.00", "--end", "11.30", "--notulis", kid,
	                       "--decision", "Sweeping K6 tiap Sabtu", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, first), 0, "%s", err);
	free(err);
	const char *compile[] = {"minutes", "compile", m, NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, compile), 0);
	char *m1 = strndup(out, 36);
	free(out);
	/* Laid out as a PDF, read back. */
	char pdf[600];
	snprintf(pdf, sizeof pdf, "%s/notulen.pdf", s_a);
	const char *print[] = {"print", "notulen", m, "-o", pdf, NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, &err, print), 0, "%s", err);
	free(out);
	free(err);
	out = lkt_pdf_text(pdf, 0, 1);
	cr_assert(strstr(out, "NOTULEN LOKAKARYA MINI BULANAN") && strstr(out, "08.00 WIB") && strstr(out, "11.30 WIB") &&
	              strstr(out, "Sweeping K6 tiap Sabtu") && strstr(out, "Menaikkan") &&
	              strstr(out, "Sarirejo"),
	          "%s", out);
	free(out);
	const char *show[] = {"minutes", "show", m1, NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, show), 0);
	/* The readable Notulen: chaired by the office head, causes under their fishbone category. */
	cr_assert(strstr(out, "NOTULEN LOKAKARYA MINI BULANAN") && strstr(out, "Chaired by      : dr. Ratna") &&
	              strstr(out, "Time            : 08.00 WIB until 11.30 WIB") &&
	              strstr(out, "Causes:\n        - Man (people): bidan cuti") &&
	              strstr(out, "D. Decisions\n   1. Kelas ibu hamil tiap Kamis") &&
	              strstr(out, "   1. Kunjungan rumah ibu hamil\n      Objective: Menaikkan cakupan K6\n      Target group: Ibu hamil\n"
	                          "      Time: 30 Mei 2037\n      Person in charge: dr. Ratna") &&
	              strstr(out, "[NOT SIGNED]") && !strstr(out, "man: bidan cuti") && !strstr(out, "LKDOC"),
	          "%s", out);
	free(out);
	const char *submit[] = {"minutes", "submit", m1, NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, submit), 1);
	cr_assert(strstr(err, "only signed minutes"), "%s", err);
	free(err);
	const char *sign[] = {"minutes", "sign", m1, "--as", kid, NULL};
	cr_assert_eq(s_with_pass(s_a, "rahasia kapus", NULL, &err, sign), 0, "%s", err);
	free(err);
	/* Sealed: compiling again needs a reason and makes revision 2. */
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, compile), 1);
	cr_assert(strstr(err, "signed and sealed") && strstr(err, "--reason"), "%s", err);
	free(err);
	const char *revise[] = {"minutes", "compile", m, "--reason", "Menambah keputusan jadwal posyandu", "--effective",
	                        "2037-05-10", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, revise), 0);
	char *m2 = strndup(out, 36);
	free(out);
	const char *sign2[] = {"minutes", "sign", m2, "--as", kid, NULL};
	cr_assert_eq(s_with_pass(s_a, "rahasia kapus", NULL, NULL, sign2), 0);
	const char *submit2[] = {"minutes", "submit", m2, NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, submit2), 0);
	const char *sync[] = {"sync", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, sync), 0);
	cr_assert(strstr(out, "0 rejected"), "%s", out);
	free(out);
	/* The history, on the other device. */
	cr_assert_eq(lkt_lokmin(s_b, NULL, NULL, sync), 0);
	const char *hist[] = {"minutes", "history", m, NULL};
	cr_assert_eq(lkt_lokmin(s_b, &out, NULL, hist), 0);
	cr_assert(strstr(out, "1    ") && strstr(out, "2    ") && strstr(out, "Menambah keputusan jadwal posyandu") &&
	              strstr(out, "10 May 2037"),
	          "%s", out);
	free(out);
	const char *show2[] = {"minutes", "show", m2, NULL};
	cr_assert_eq(lkt_lokmin(s_b, &out, NULL, show2), 0);
	cr_assert(strstr(out, "Revision 2, effective from 10 Mei 2037: Menambah keputusan jadwal posyandu") &&
	              strstr(out, "[signed by"),
	          "%s", out);
	free(out);
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT submitted_at IS NOT NULL FROM minutes WHERE id = '%s'", m2);
	char *v = lkt_sql_value(&s_srv.db, sql);
	cr_assert_str_eq(v, "t", "the district has the submission time");
	free(v);
	/* Editing sealed minutes is refused here, whatever the command. */
	const char *edit[] = {"record", "put", "minutes", "--id", m1, "document=diubah diam-diam", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, edit), 1);
	cr_assert(strstr(err, "signed and sealed"), "%s", err);
	free(err);
	/* The district acknowledges or asks for a revision, with feedback; the puskesmas sees it. */
	char dk[400];
	lkt_home(&s_srv, "dinkes", dk, sizeof dk);
	cr_assert_eq(lkt_enroll(&s_srv, dk, "dinkes", "3324"), 0);
	const char *review_here[] = {"minutes", "review", m2, "--ack", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, review_here), 1);
	cr_assert(strstr(err, "only the district health office"), "%s", err);
	free(err);
	cr_assert_eq(lkt_lokmin(dk, NULL, NULL, sync), 0);
	const char *review_draft[] = {"minutes", "review", m1, "--ack", NULL};
	cr_assert_eq(lkt_lokmin(dk, NULL, &err, review_draft), 1, "revision 1 was never submitted");
	cr_assert(strstr(err, "have not been submitted"), "%s", err);
	free(err);
	const char *review[] = {"minutes", "review", m2, "--needs-revision", "--reviewer", "Seksi Yankes",
	                        "--feedback", "RTL belum memuat indikator keberhasilan", NULL};
	cr_assert_eq(lkt_lokmin(dk, NULL, NULL, review), 0);
	cr_assert_eq(lkt_lokmin(dk, &out, NULL, sync), 0);
	cr_assert(strstr(out, "0 rejected"), "%s", out);
	free(out);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, sync), 0);
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, hist), 0);
	cr_assert(strstr(out, "needs_revision by Seksi Yankes") &&
	              strstr(out, "feedback: RTL belum memuat indikator keberhasilan"),
	          "%s", out);
	free(out);
	/* Sealed minutes are refused at the server too, for a device that edits a draft the Kapus has since signed. */
	const char *revise3[] = {"minutes", "compile", m, "--reason", "Tanggapan Dinkes", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, revise3), 0);
	char *m3 = strndup(out, 36);
	free(out);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, sync), 0);
	cr_assert_eq(lkt_lokmin(s_b, NULL, NULL, sync), 0);
	const char *sign3[] = {"minutes", "sign", m3, "--as", kid, NULL};
	cr_assert_eq(s_with_pass(s_a, "rahasia kapus", NULL, NULL, sign3), 0);
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, sync), 0);
	const char *edit_b[] = {"record", "put", "minutes", "--id", m3, "document=diubah di perangkat B", NULL};
	cr_assert_eq(lkt_lokmin(s_b, NULL, NULL, edit_b), 0); /* B still holds the draft */
	cr_assert_eq(lkt_lokmin(s_b, &out, NULL, sync), 0);
	cr_assert(strstr(out, "1 rejected"), "%s", out);
	free(out);
	const char *failed[] = {"failed", NULL};
	cr_assert_eq(lkt_lokmin(s_b, &out, NULL, failed), 0);
	cr_assert(strstr(out, "signed and sealed"), "%s", out);
	free(out);
	free(m3);
	free(kid);
	free(m);
	free(m1);
	free(m2);
}

static void s_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

/* The figure after `key` in the row of indicator code in a gaps table line. */
static char *s_gap_line(const char *table, const char *code)
{
	const char *p = strstr(table, code);
	cr_assert_not_null(p, "%s missing from\n%s", code, table);
	return strndup(p, strcspn(p, "\n"));
}

Test(meeting, achievement_import_targets_coverage_and_grades)
{
	char *out = NULL, *err = NULL, path[600], bad[600];
	/* The catalogue came with enrollment: a template lists every indicator. */
	snprintf(path, sizeof path, "%s/template.csv", s_a);
	const char *tmpl[] = {"capaian", "template", "--month", "2036-03", "--out", path, NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, tmpl), 0);
	char *t = NULL;
	const char *cat[] = {"/bin/cat", path, NULL};
	cr_assert_eq(lkt_run(&t, NULL, cat, NULL, 5000), 0);
	cr_assert(!strncmp(t, "indicator,indicator_name,year,month,desa,numerator,denominator,note\n", 68), "%s", t);
	cr_assert_eq(s_count(t, ",2036,3,,,,\n"), 45, "one row per indicator of the catalogue:\n%s", t);
	cr_assert(strstr(t, "KIA_K6,"), "%s", t);
	free(t);

	/* A filled sheet: monthly figures (not cumulative), a count indicator, desa rows, untouched rows. */
	s_write_file(path, "indicator,year,month,desa,numerator,denominator,note\n"
	                   "KIA_K6,2036,1,,40,600,\n"
	                   "KIA_K6,2036,2,,45,600,\n"
	                   "KIA_K6,2036,3,,50,600,\"kelas ibu, posyandu\"\n"
	                   "KIA_K1,2036,1,,30,600,\n"
	                   "KIA_K1,2036,2,,30,600,\n"
	                   "KIA_K1,2036,3,,30,600,\n"
	                   "PROMKES_PENYULUHAN,2036,1,,3,,\n"
	                   "PROMKES_PENYULUHAN,2036,2,,3,,\n"
	                   "PROMKES_PENYULUHAN,2036,3,,3,,\n"
	                   "GIZI_D_S,2036,2,,100,120,\n"
	                   "GIZI_D_S,2036,3,3324010001,50,80,\n"
	                   "GIZI_D_S,2036,3,3324010002,20,40,\n"
	                   "KIA_K4,2036,3,,,,\n");
	const char *imp[] = {"capaian", "import", path, NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, &err, imp), 0, "%s", err);
	cr_assert(strstr(out, "imported 12 rows for 2036 (1 empty rows skipped)"), "%s", out);
	free(out);
	free(err);

	/* The year exported: a workbook with the figures as numbers, and a CSV in the import's own
	 * columns that imports again as it is. */
	char xlsx[700], csv[700], cmd[1600];
	snprintf(xlsx, sizeof xlsx, "%s/capaian-2036.xlsx", s_a);
	snprintf(csv, sizeof csv, "%s/capaian-2036.csv", s_a);
	const char *exp_x[] = {"capaian", "export", "--year", "2036", "-o", xlsx, NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, exp_x), 0, "%s", err);
	cr_assert(strstr(err, "achievement of 2036 (12 rows) written to"), "%s", err);
	free(err);
	snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/sharedStrings.xml | grep -q '<t>Numerator</t>.*kelas ibu, posyandu'",
	         xlsx);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/worksheets/sheet1.xml | grep -q '<v>600</v>.*<v>0.067</v>'", xlsx);
	cr_assert_eq(system(cmd), 0, "%s: 40 of 600 as a number and 6.7%% as a fraction", cmd);
	const char *exp_c[] = {"capaian", "export", "--year", "2036", "-o", csv, NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, exp_c), 0);
	const char *imp_again[] = {"capaian", "import", csv, NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, &err, imp_again), 0, "%s", err);
	cr_assert(strstr(out, "imported 12 rows for 2036 (0 empty rows skipped)"), "%s", out);
	free(out);
	free(err);

	/* Nonsense rows are refused with the row and the reason, and nothing of the file is written. */
	snprintf(bad, sizeof bad, "%s/bad.csv", s_a);
	s_write_file(bad, "indicator,year,month,desa,numerator,denominator\n"
	                  "KIA_K6,2036,4,,55,600\n"
	                  "KIA_K6,2036,5,,700,600\n"
	                  "KIA_K6,2036,6,,-3,600\n"
	                  "KIA_K99,2036,4,,5,600\n"
	                  "KIA_K1,2036,13,,5,600\n"
	                  "KIA_K1,2037,4,,5,600\n"
	                  "KIA_K1,2036,4,,lima,600\n"
	                  "KIA_K1,2036,5,,560,600\n"
	                  "GIZI_D_S,2036,4,3325010001,5,80\n");
	const char *imp_bad[] = {"capaian", "import", bad, NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, imp_bad), 1);
	cr_assert(strstr(err, "row 3: numerator 700 is above denominator 600") && strstr(err, "row 4: negative") &&
	              strstr(err, "row 5: unknown indicator KIA_K99") && strstr(err, "row 6: month 13 is outside 1-12") &&
	              strstr(err, "row 7: year 2037 is not 2036") && strstr(err, "row 8: numerator \"lima\"") &&
	              strstr(err, "row 9: KIA_K1: the year's total 650 would be above the sasaran 600") &&
	              strstr(err, "row 10: desa \"3325010001\" is not a desa code of kecamatan 332401") &&
	              strstr(err, "8 rows refused; nothing was imported") && !strstr(err, "row 2:"),
	          "%s", err);
	free(err);
	const char *list4[] = {"capaian", "list", "2036-04", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, list4), 0);
	cr_assert(strstr(out, "0 rows for April 2036"), "the good row 2 was not written either: %s", out);
	free(out);
	const char *set_bad[] = {"capaian", "set", "KIA_K4", "2036-04", "9", "--denominator", "5", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, &err, set_bad), 1);
	cr_assert(strstr(err, "numerator 9 is above denominator 5"), "%s", err);
	free(err);

	/* The puskesmas' own target for K6 replaces the catalogue's default (90%). */
	const char *tgt[] = {"capaian", "target", "KIA_K6", "2036", "60", "--sasaran", "600", NULL};
	cr_assert_eq(lkt_lokmin(s_a, NULL, NULL, tgt), 0);
	const char *gaps[] = {"capaian", "gaps", "2036-03", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, gaps), 0);
	/* K6: 135 of 600 = 22.5%; target to date 60 * 3/12 = 15% -> 150%, green. */
	char *l = s_gap_line(out, "KIA_K6");
	cr_assert(strstr(l, "22.5%") && strstr(l, "15.0%") && strstr(l, "150.0") && strstr(l, "green"), "%s", l);
	free(l);
	/* K1: 90 of 600 = 15%; default target 100% -> 25% to date: 60% of it, gap 10, red. */
	l = s_gap_line(out, "KIA_K1");
	cr_assert(strstr(l, "15.0%") && strstr(l, "25.0%") && strstr(l, "60.0") && strstr(l, "10.0") && strstr(l, "red"),
	          "%s", l);
	free(l);
	/* Counselling sessions: 9 held, 48 a year -> 12 by March: 75%, red at the default thresholds. */
	l = s_gap_line(out, "PROMKES_PENYULUHAN");
	cr_assert(strstr(l, " 9.0 ") && strstr(l, "12.0") && strstr(l, "75.0") && strstr(l, "red"), "%s", l);
	free(l);
	/* D/S stands alone each month (it is not summed with February's 100 of 120): March's two
	 * desa rows make 70 of 120 = 58.3%, against the whole annual target of 85%: 68.6%, red. */
	l = s_gap_line(out, "GIZI_D_S");
	cr_assert(strstr(l, "58.3%") && strstr(l, "85.0%") && strstr(l, "68.6") && strstr(l, "red"), "%s", l);
	free(l);
	cr_assert(strstr(out, "KIA_K1") < strstr(out, "KIA_K6"), "worst first:\n%s", out);
	cr_assert_null(strstr(out, "KIA_K4"), "nothing entered for K4:\n%s", out);
	free(out);
	/* Thresholds are configurable: yellow from 70% makes the counselling yellow. */
	const char *gaps70[] = {"--grade-yellow", "70", "capaian", "gaps", "2036-03", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, gaps70), 0);
	l = s_gap_line(out, "PROMKES_PENYULUHAN");
	cr_assert(strstr(l, "yellow"), "%s", l);
	free(l);
	free(out);
	const char *gdesa[] = {"capaian", "gaps", "2036-03", "--desa", "3324010002", "--json", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, gdesa), 0);
	cr_assert(strstr(out, "\"indicator\":\"GIZI_D_S\",\"unit\":\"persen\",\"months\":1,\"achieved\":50.00,"
	                      "\"target_to_date\":85.00"),
	          "%s", out);
	free(out);

	/* The other device of the puskesmas gets the same table after a sync each. */
	const char *sync[] = {"sync", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, sync), 0);
	cr_assert(strstr(out, "0 rejected"), "%s", out);
	free(out);
	cr_assert_eq(lkt_lokmin(s_b, NULL, NULL, sync), 0);
	char *ga = NULL, *gb = NULL;
	cr_assert_eq(lkt_lokmin(s_a, &ga, NULL, gaps), 0);
	cr_assert_eq(lkt_lokmin(s_b, &gb, NULL, gaps), 0);
	cr_assert_str_eq(ga, gb);
	free(ga);
	free(gb);
	char *v = lkt_sql_value(&s_srv.db, "SELECT count(*) || ' ' || sum(numerator) FROM achievement");
	cr_assert_str_eq(v, "12 404", "the server holds every row");
	free(v);
}

/* The bad inputs of a month, refused on the device with a clear message and nothing written. */
Test(meeting, bad_input_is_refused_on_the_device)
{
	char *out = NULL, *err = NULL;
	char *m = s_plan_pick("2033", 6);
	const char *p1[] = {"staff", "add", "Siti", "--role", "pj_program", NULL};
	cr_assert_eq(lkt_lokmin(s_a, &out, NULL, p1), 0);
	char *siti = strndup(out, 36);
	free(out);
	const char *st[] = {"status", NULL};
	char *before = NULL;
	cr_assert_eq(lkt_lokmin(s_a, &before, NULL, st), 0);
	static const struct {
		const char *args[12];
		const char *reason;
	} cases[] = {
		{{"meeting", "postpone", "@M", "--to", "2034-01-05", "--reason", "Banjir", NULL}, "within the meeting's year"},
		{{"meeting", "held", "@M", "--date", "2032-12-30", NULL}, "outside the meeting's year"},
		{{"record", "put", "meeting", "--id", "@M", "period=14", NULL}, "period must be 1-12"},
		{{"rtl", "add", "@M", "--activity", "Sweeping", "--due", "2033-06-20", NULL}, "needs an owner"},
		{{"rtl", "add", "@M", "--activity", "Sweeping", "--owner", "@S", NULL}, "due_date is required"},
		{{"capaian", "set", "KIA_K1", "2033-06", "-4", NULL}, "negative"},
		{{"capaian", "set", "KIA_K77", "2033-06", "4", NULL}, "unknown indicator"},
		{{"minutes", "review", "@M", "--ack", NULL}, "only the district health office"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *args[12];
		for (size_t k = 0; k < 12; k++)
			args[k] = cases[i].args[k] && !strcmp(cases[i].args[k], "@M")   ? m
			          : cases[i].args[k] && !strcmp(cases[i].args[k], "@S") ? siti
			                                                               : cases[i].args[k];
		cr_assert_eq(lkt_lokmin(s_a, NULL, &err, args), 1, "case %zu accepted", i);
		cr_assert(strstr(err, cases[i].reason), "case %zu: \"%s\" does not say \"%s\"", i, err, cases[i].reason);
		free(err);
	}
	char *after = NULL;
	cr_assert_eq(lkt_lokmin(s_a, &after, NULL, st), 0);
	cr_assert_str_eq(before, after, "nothing was written");
	free(before);
	free(after);
	free(siti);
	free(m);
}
