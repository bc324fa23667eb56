/*
 * test_by_names: a monthly lokmin at a puskesmas and a quarterly cross-sector
 * lokmin at the camat's office, start to finish, typed as a health worker
 * types them: periods, names, sector codes and the numbers lists show, never
 * an id. Every lokmin call goes through s_lokmin, which fails the test when an
 * argument looks like an id. Set LOKMIN_E2E_SURVEY=1 to run past failing steps
 * and see every one of them in a single run.
 */
#include <criterion/criterion.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkt.h"
#include "lkt_cli.h"

#define PASS "kunci tanda tangan 2036"

static struct lkt_server s_srv;
static char s_pk[400], s_pk2[400], s_cam[400], s_dk[400];

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "puskesmas", s_pk, sizeof s_pk);
	lkt_home(&s_srv, "selatan", s_pk2, sizeof s_pk2);
	lkt_home(&s_srv, "camat", s_cam, sizeof s_cam);
	lkt_home(&s_srv, "district", s_dk, sizeof s_dk);
	/* Enrollment lines are the one thing typed that is not a name: they are handed over, not looked up. */
	cr_assert_eq(lkt_enroll(&s_srv, s_pk, "puskesmas", "P3324010101"), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_pk2, "puskesmas", "P3324010102"), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_cam, "kecamatan", "332401"), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_dk, "dinkes", "3324"), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(by_names, .init = s_setup, .fini = s_teardown, .timeout = 600);

/* Survey mode: a failed step is reported and the test goes on (and still fails at the end). */
static int s_survey(void)
{
	const char *v = getenv("LOKMIN_E2E_SURVEY");
	return v && v[0] && strcmp(v, "0") != 0;
}

#define s_check(cond, ...)                         \
	do {                                       \
		if (s_survey())                    \
			cr_expect(cond, __VA_ARGS__); \
		else                               \
			cr_assert(cond, __VA_ARGS__); \
	} while (0)

/*
 * Whether word holds a canonical id (8-4-4-4-12 hex) or the short form of one:
 * a run of 8 or more hex digits with a letter a-f among them. Runs of decimal
 * digits alone are what people do type: a puskesmas code (P3324010101) or a
 * NIP (18 digits).
 */
static int s_looks_like_id(const char *word)
{
	regex_t re;
	cr_assert_eq(regcomp(&re, "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}",
	                     REG_EXTENDED | REG_NOSUB),
	             0);
	int hit = regexec(&re, word, 0, NULL, 0) == 0;
	regfree(&re);
	for (const char *p = word; !hit && *p;) {
		size_t n = strspn(p, "0123456789abcdefABCDEF");
		if (n >= 8 && strcspn(p, "abcdefABCDEF") < n)
			hit = 1;
		p += n ? n : 1;
	}
	return hit;
}

/*
 * The one door to lokmin in this file: refuses (fatally) any argument that
 * looks like an id, runs lokmin on home with LOKMIN_PASSPHRASE=pass (when not
 * NULL), and checks it exits 0. Its stdout (malloc'd; "" after a failure in
 * survey mode).
 */
static char *s_lokmin(const char *home, const char *pass, const char *const *words)
{
	char cmd[1200] = "lokmin";
	for (int i = 0; words[i]; i++) {
		cr_assert(!s_looks_like_id(words[i]), "an id was typed: \"%s\" (argument %d of lokmin %s %s)", words[i],
		          i + 1, words[0], words[1] ? words[1] : "");
		size_t n = strlen(cmd);
		snprintf(cmd + n, sizeof cmd - n, strchr(words[i], ' ') ? " \"%s\"" : " %s", words[i]);
	}
	char *out = NULL, *err = NULL, why[2000];
	int rc = lkt_cli(home, pass, &out, &err, words);
	if (rc != 0) {
		/* Freed before the check, which may end the test. */
		snprintf(why, sizeof why, "step failed: %s\n  exit %d\n  stderr: %s", cmd, rc, err ? err : "");
		free(out);
		free(err);
		s_check(0, "%s", why);
		return strdup("");
	}
	free(err);
	return out ? out : strdup("");
}

#define s_ok(home, ...) s_lokmin(home, NULL, LKT_WORDS(__VA_ARGS__))
#define s_signed(home, ...) s_lokmin(home, PASS, LKT_WORDS(__VA_ARGS__))
#define s_do(home, ...) free(s_ok(home, __VA_ARGS__))

static void s_has(const char *text, const char *needle)
{
	s_check(strstr(text, needle) != NULL, "\"%s\" is missing from:\n%s", needle, text);
}

static void s_lacks(const char *text, const char *needle)
{
	s_check(strstr(text, needle) == NULL, "\"%s\" should not be in:\n%s", needle, text);
}

/* The line of text holding needle (malloc'd; "" when there is none, which fails the check). */
static char *s_line(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);
	s_check(p != NULL, "\"%s\" is missing from:\n%s", needle, text);
	if (p == NULL)
		return strdup("");
	while (p > text && p[-1] != '\n')
		p--;
	return strndup(p, strcspn(p, "\n"));
}

/*
 * The handle in the first column of the list line holding needle, as a person
 * reads it off the screen (malloc'd). It must start with prefix and go on
 * with "#N" (an item) or nothing (prefix is the whole handle), else the list
 * does not lead with a handle yet and the check fails.
 */
static char *s_handle(const char *list, const char *needle, const char *prefix)
{
	char *line = s_line(list, needle);
	char *h = strndup(line, strcspn(line, " \t"));
	size_t n = strlen(prefix);
	int ok = !strncmp(h, prefix, n) && (h[n] == '\0' || (h[n] == '#' && h[n + 1] >= '0' && h[n + 1] <= '9'));
	s_check(ok && !s_looks_like_id(h), "the list does not lead with a %s... handle: \"%s\" in\n%s", prefix, h, line);
	free(line);
	return h;
}

/* The number N of a handle "...#N" ("0" when there is none). */
static const char *s_ordinal(const char *handle)
{
	const char *h = strrchr(handle, '#');
	return h ? h + 1 : "0";
}

/*
 * The first four figures of the row of a report table whose first column is
 * label, in the table titled title (terminal output): ITEMS, OPEN, OVERDUE and
 * DONE ON TIME for the follow-up report. -1 each when there is no such row.
 */
static void s_figures(const char *report, const char *title, const char *label, int fig[4])
{
	fig[0] = fig[1] = fig[2] = fig[3] = -1;
	const char *t = strstr(report, title);
	s_check(t != NULL, "no table \"%s\" in\n%s", title, report);
	if (t == NULL)
		return;
	size_t n = strlen(label);
	for (const char *p = strchr(t, '\n'); p && p[1] && p[1] != '\n'; p = strchr(p + 1, '\n'))
		if (!strncmp(p + 1, label, n) && p[1 + n] == ' ') {
			sscanf(p + 1 + n, "%d %d %d %d", &fig[0], &fig[1], &fig[2], &fig[3]);
			return;
		}
	s_check(0, "no row \"%s\" in table \"%s\":\n%s", label, title, t);
}

/* The contents of a file lokmin wrote (malloc'd). */
static char *s_file(const char *path)
{
	char *out = NULL;
	const char *cat[] = {"/bin/cat", path, NULL};
	s_check(lkt_run(&out, NULL, cat, NULL, 5000) == 0, "cannot read %s", path);
	return out ? out : strdup("");
}

/* A signer's key on home, confirmed by the district by the signer's name: keygen, sync, confirm, sync. */
static void s_key_confirmed(const char *home, const char *who, const char *full_name)
{
	char *out = s_signed(home, "sign", "keygen", who);
	free(out);
	out = s_ok(home, "sync");
	s_has(out, " 0 rejected");
	free(out);
	s_do(s_dk, "sync");
	out = s_ok(s_dk, "sign", "list");
	char *line = s_line(out, full_name);
	s_has(line, "pending");
	free(line);
	free(out);
	out = s_ok(s_dk, "sign", "confirm", who);
	s_has(out, "confirmed key");
	s_has(out, full_name);
	free(out);
	out = s_ok(s_dk, "sync");
	s_has(out, " 0 rejected");
	free(out);
	s_do(home, "sync");
	out = s_ok(s_dk, "sign", "list");
	line = s_line(out, full_name);
	s_has(line, "active");
	free(line);
	free(out);
}

Test(by_names, a_month_at_a_puskesmas)
{
	const char *pk = s_pk;
	char path[600];

	/* Staff, and the Kapus' signing key confirmed by the district: she is "ratna" from now on. */
	s_do(pk, "staff", "add", "dr. Ratna Dewi", "--title", "Kepala Puskesmas", "--role", "kapus");
	s_do(pk, "staff", "add", "Sri Wahyuni, A.Md.Keb", "--title", "Bidan Koordinator", "--role", "pj_program",
	     "--programmes", "KIA");
	s_do(pk, "staff", "add", "Nur Aini, S.Gz", "--title", "Nutrisionis", "--role", "pj_program", "--programmes", "GIZI");
	s_do(pk, "staff", "add", "Agus Salim, SKM", "--title", "Promosi Kesehatan", "--role", "pj_program",
	     "--programmes", "PROMKES");
	char *out = s_ok(pk, "staff", "list");
	char *line = s_line(out, "Sri Wahyuni"), shown[200];
	snprintf(shown, sizeof shown, "%s", line);
	int handle_first = line[0] != '\0' && !s_looks_like_id(strtok(line, " "));
	free(line);
	free(out);
	s_check(handle_first, "staff list leads with an id, not a handle:\n%s", shown);
	s_key_confirmed(pk, "ratna", "dr. Ratna Dewi");

	/* The year's schedule, and achievement to February. */
	out = s_ok(pk, "meeting", "plan", "--year", "2036");
	s_has(out, "2036-03   3   3 Mar 2036   Lokakarya Mini Bulanan Maret 2036");
	free(out);
	snprintf(path, sizeof path, "%s/capaian.csv", pk);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("indicator,year,month,desa,numerator,denominator,note\n"
	      "KIA_K1,2036,1,,20,600,\nKIA_K1,2036,2,,22,600,\n",
	      f);
	fclose(f);
	out = s_ok(pk, "capaian", "import", path);
	s_has(out, "imported 2 rows");
	free(out);

	/* Material, by the period and the holders' names (Promkes never sends it). */
	s_do(pk, "material", "submit", "2036-03", "--programme", "KIA", "--person", "wahyuni", "--note",
	     "K1 rendah di 2 desa");
	s_do(pk, "material", "submit", "2036-03", "--programme", "GIZI", "--person", "aini");
	out = s_ok(pk, "material", "status", "2036-03");
	line = s_line(out, "Agus Salim");
	s_has(line, "missing");
	free(line);
	s_has(out, "2 on time, 0 late, 1 missing");
	free(out);

	/* The invitation, signed by the Kapus. */
	s_do(pk, "invite", "draft", "2036-03", "--number", "440/045/III/2036");
	free(s_signed(pk, "invite", "sign", "2036-03", "--as", "ratna"));
	out = s_ok(pk, "invite", "show", "2036-03");
	s_has(out, "440/045/III/2036");
	s_has(out, "[signed by");
	free(out);

	/* Attendance: the staff invited, three come, and a walk-in from the desa. */
	out = s_ok(pk, "attend", "invite", "2036-03");
	s_has(out, "4 invited");
	free(out);
	s_do(pk, "attend", "checkin", "2036-03", "ratna");
	s_do(pk, "attend", "checkin", "2036-03", "wahyuni");
	s_do(pk, "attend", "checkin", "2036-03", "Nur Aini");
	s_do(pk, "attend", "checkin", "2036-03", "--name", "Bu Kades Kutoharjo", "--role", "Kepala Desa");
	out = s_ok(pk, "attend", "list", "2036-03");
	s_has(out, "4 invited, 4 present, 1 walk-ins");
	char *walkin = s_handle(out, "Bu Kades Kutoharjo", "2036-03");
	line = s_line(out, "Agus Salim");
	s_has(line, "yes      no ");
	free(line);
	free(out);
	/* The walk-in's row, by the number the list shows. */
	out = s_ok(pk, "record", "get", "attendance", walkin);
	s_has(out, "\"name\":\"Bu Kades Kutoharjo\"");
	s_has(out, "\"walk_in\":true");
	free(out);
	free(walkin);

	/* Problems with their causes, ranked; the gap comes from the achievement. */
	s_do(pk, "problem", "add", "2036-03", "--indicator", "KIA_K1", "--description", "Kunjungan K1 ibu hamil rendah",
	     "--usg", "5,4,4", "--cause", "man: bidan desa cuti", "--cause", "environment: akses jalan rusak",
	     "--recommendation", "Kunjungan rumah");
	s_do(pk, "problem", "add", "2036-03", "--description", "Jamban sehat belum merata", "--usg", "3,4,3",
	     "--cross-sector");
	out = s_ok(pk, "problem", "list", "2036-03");
	char *p1 = s_handle(out, "Kunjungan K1 ibu hamil rendah", "2036-03");
	char *p2 = s_handle(out, "Jamban sehat belum merata", "2036-03");
	s_check(!strcmp(p1, "2036-03#1") && !strcmp(p2, "2036-03#2"), "problems numbered in the order made: %s %s", p1,
	        p2);
	s_check(strstr(out, "Kunjungan K1") < strstr(out, "Jamban sehat"), "ranked by USG:\n%s", out);
	s_has(out, "7,0% dari target 16,7% s.d. Februari");
	s_has(out, "man: bidan desa cuti");
	s_has(out, "environment: akses jalan rusak");
	s_has(out, "2 problems");
	free(out);
	free(p1);
	free(p2);

	/* RTL, each with a person in charge by name. */
	s_do(pk, "rtl", "add", "2036-03", "--activity", "Kunjungan rumah ibu hamil belum K1", "--owner", "wahyuni", "--due",
	     "2036-03-25", "--target-group", "Ibu hamil", "--place", "Desa Kutoharjo", "--indicator", "K1 +20 orang");
	s_do(pk, "rtl", "add", "2036-03", "--activity", "Penyuluhan gizi seimbang di posyandu", "--owner", "aini", "--due",
	     "2036-03-30");
	s_do(pk, "meeting", "item", "2036-03", "--kind", "decision", "--text", "Kelas ibu hamil tiap Kamis");
	snprintf(path, sizeof path, "%s/foto-lokmin.jpg", pk);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	for (int i = 0; i < 20000; i++)
		fputc((i * 7919) & 0xff, f);
	fclose(f);
	s_do(pk, "attach", "meeting", "2036-03", path, "--caption", "Suasana lokmin Maret");
	out = s_ok(pk, "meeting", "held", "2036-03", "--date", "2036-03-03");
	s_has(out, "meeting 2036-03 held on 3 March 2036");
	free(out);

	/* Minutes, by the meeting: compiled, signed by the Kapus, submitted. */
	s_do(pk, "minutes", "compile", "2036-03");
	free(s_signed(pk, "minutes", "sign", "2036-03", "--as", "ratna"));
	out = s_ok(pk, "minutes", "submit", "2036-03");
	s_has(out, "minutes 2036-03 submitted to the district at ");
	free(out);
	out = s_ok(pk, "minutes", "show", "2036-03");
	s_has(out, "[signed by");
	s_has(out, "Kunjungan rumah ibu hamil belum K1");
	/* The attendance is counted, the Daftar Hadir (with the walk-in guest) attached. */
	s_has(out, " orang hadir dari ");
	s_has(out, "Daftar Hadir terlampir");
	free(out);

	/* Follow-up by the numbers `rtl list` shows: one done and verified, one in progress. */
	out = s_ok(pk, "rtl", "list");
	char *r1 = s_handle(out, "Kunjungan rumah ibu hamil belum K1", "2036-03");
	char *r2 = s_handle(out, "Penyuluhan gizi seimbang", "2036-03");
	s_check(!strcmp(s_ordinal(r1), "1") && !strcmp(s_ordinal(r2), "2"), "RTL numbered in the order made: %s %s", r1,
	        r2);
	free(out);
	s_do(pk, "rtl", "update", r2, "--status", "done", "--note", "Penyuluhan di 4 posyandu, 86 peserta");
	free(s_signed(pk, "rtl", "verify", r2, "--as", "ratna", "--note", "Daftar hadir diperiksa"));
	s_do(pk, "rtl", "update", r1, "--status", "in_progress", "--note", "12 ibu hamil dikunjungi");
	out = s_ok(pk, "rtl", "list");
	line = s_line(out, "Penyuluhan gizi seimbang");
	s_has(line, "verified");
	free(line);
	line = s_line(out, "Kunjungan rumah ibu hamil");
	s_has(line, "in_progress");
	free(line);
	s_has(out, "2 items");
	free(out);
	free(r1);
	free(r2);
	/* April's agenda carries the open RTL and not the verified one. */
	out = s_ok(pk, "meeting", "agenda", "2036-04");
	s_has(out, "Kunjungan rumah ibu hamil belum K1");
	s_lacks(out, "Penyuluhan gizi seimbang");
	free(out);

	/* The printed Notulen, by the meeting. */
	snprintf(path, sizeof path, "%s/notulen.html", pk);
	s_do(pk, "print", "notulen", "2036-03", "--out", path);
	out = s_file(path);
	s_has(out, "data-status=\"verified\"");
	s_has(out, "Suasana lokmin Maret");
	free(out);

	/* One sync sends the month. */
	out = s_ok(pk, "sync");
	s_has(out, " 0 rejected");
	s_has(out, "uploaded 1 files");
	free(out);
	char *v = lkt_sql_value(&s_srv.db, "SELECT count(*) FROM rtl_item WHERE puskesmas_code = 'P3324010101'");
	s_check(!strcmp(v, "2"), "the server holds %s, not 2", v);
	free(v);

	/* The district: the meeting held on time, the RTL followed up, the minutes verify and are acknowledged. */
	s_do(s_dk, "sync");
	out = s_ok(s_dk, "report", "compliance", "--year", "2036", "--as-of", "2036-03-31");
	/* Puskesmas by name (two blanks: not "Kaliwungu Selatan"), dates as people write them. */
	line = s_line(out, "Puskesmas Kaliwungu  ");
	s_has(line, "missed   missed   on time  upcoming");
	s_has(line, "1/3 (33%)");
	free(line);
	line = s_line(out, "3 March 2036");
	s_has(line, "Puskesmas Kaliwungu ");
	s_has(line, "on time");
	s_has(strstr(line, "3 March 2036") + 1, "3 March 2036"); /* planned and held the same day */
	free(line);
	free(out);
	/* Two RTL of 2036: one open and overdue at the end of April, one done on time. */
	out = s_ok(s_dk, "report", "followup", "--year", "2036", "--as-of", "2036-04-30");
	int fig[4];
	s_figures(out, "RTL due in 2036", "Puskesmas Kaliwungu", fig);
	s_check(fig[0] == 2 && fig[1] == 1 && fig[2] == 1 && fig[3] == 1,
	        "items, open, overdue, done on time: %d %d %d %d\n%s", fig[0], fig[1], fig[2], fig[3], out);
	free(out);
	out = s_ok(s_dk, "minutes", "show", "2036-03");
	s_has(out, "[signed by");
	s_has(out, "Kunjungan rumah ibu hamil belum K1");
	free(out);
	s_do(s_dk, "minutes", "review", "2036-03", "--ack", "--reviewer", "Seksi Yankes Dinkes Kendal", "--feedback",
	     "Lengkap; RTL K1 dipantau April");
	out = s_ok(s_dk, "sync");
	s_has(out, " 0 rejected");
	free(out);
	s_do(pk, "sync");
	out = s_ok(pk, "minutes", "history", "2036-03");
	s_has(out, "acknowledged by Seksi Yankes Dinkes Kendal");
	s_has(out, "feedback: Lengkap; RTL K1 dipantau April");
	free(out);
	v = lkt_sql_value(&s_srv.db, "SELECT count(*) FROM minutes_review WHERE status = 'acknowledged'");
	s_check(!strcmp(v, "1"), "the server holds %s, not 1", v);
	free(v);
}

Test(by_names, a_quarter_at_the_camat_office)
{
	const char *cam = s_cam, *pk2 = s_pk2;

	/* The Camat's signing key, confirmed by the district: he is "bambang" from now on. */
	s_do(cam, "staff", "add", "Drs. Bambang Wijaya", "--title", "Camat Kaliwungu", "--role", "camat");
	s_key_confirmed(cam, "bambang", "Drs. Bambang Wijaya");

	/* Puskesmas Kaliwungu Selatan holds its March lokmin and flags a problem for the sectors. */
	s_do(pk2, "staff", "add", "dr. Hana Pertiwi", "--title", "Kepala Puskesmas", "--role", "kapus");
	s_do(pk2, "meeting", "plan", "--year", "2036");
	s_do(pk2, "meeting", "held", "2036-03", "--date", "2036-03-03");
	s_do(pk2, "problem", "add", "2036-03", "--description", "Jamban sehat belum merata di Kutoharjo", "--usg", "5,4,4",
	     "--cross-sector");
	char *out = s_ok(pk2, "sync");
	s_has(out, " 0 rejected");
	free(out);

	/* Sectors by code, and their representatives. */
	s_do(cam, "sector", "add", "KORAMIL", "Koramil 02 Kaliwungu", "--kind", "tni");
	s_do(cam, "sector", "add", "PKK", "TP PKK Kecamatan Kaliwungu", "--kind", "pkk");
	s_do(cam, "sector", "rep", "KORAMIL", "Kapten Inf. Sugeng", "--title", "Danramil");
	s_do(cam, "sector", "rep", "PKK", "Ibu Sri Lestari", "--title", "Ketua TP PKK");
	out = s_ok(cam, "sector", "show", "KORAMIL");
	s_has(out, "Koramil 02 Kaliwungu");
	s_has(out, "Kapten Inf. Sugeng");
	free(out);
	out = s_ok(cam, "sector", "list");
	char *h = s_handle(out, "Koramil 02 Kaliwungu", "KORAMIL");
	free(h);
	free(out);

	/* The quarterly meetings; "2036-Q2" is this kecamatan's second. */
	s_do(cam, "meeting", "plan", "--year", "2036", "--kind", "quarterly");
	out = s_ok(cam, "meeting", "list", "--year", "2036");
	char *line = s_line(out, "Triwulan 2");
	char *q2 = strndup(line, strcspn(line, " "));
	s_check(!strcmp(q2, "2036-Q2"), "the camat's office's own quarter needs no qualifier: %s", line);
	free(line);
	free(out);
	/* The planned day, as the machine-readable list gives it. */
	out = s_ok(cam, "--json", "meeting", "list", "--year", "2036");
	line = s_line(out, "Triwulan 2");
	char planned[16] = "";
	const char *pd = strstr(line, "\"planned_date\":\"");
	if (pd)
		sscanf(pd + strlen("\"planned_date\":\""), "%10s", planned);
	s_check(planned[0] != '\0', "no planned date: %s", line);
	free(line);
	free(out);
	out = s_ok(cam, "sync");
	s_has(out, " 0 rejected");
	free(out);

	/* The flagged problem as the camat's office sees it: the puskesmas' meeting and the number. */
	out = s_ok(cam, "problem", "flagged");
	char *flagged = s_handle(out, "Jamban sehat belum merata di Kutoharjo", "2036-03@P3324010102");
	free(out);
	/* The office by name rather than its code: "2036-03@Selatan#1". */
	char problem[80];
	snprintf(problem, sizeof problem, "2036-03@Selatan#%s", s_ordinal(flagged));
	free(flagged);

	/* The invitation, signed by the Camat. */
	s_do(cam, "invite", "draft", "2036-Q2", "--number", "005/123/IV/2036", "--place", "Pendopo Kecamatan");
	free(s_signed(cam, "invite", "sign", "2036-Q2", "--as", "bambang"));
	out = s_ok(cam, "invite", "show", "2036-Q2");
	s_has(out, "Koramil 02 Kaliwungu");
	s_has(out, "TP PKK Kecamatan Kaliwungu");
	s_has(out, "[signed by");
	free(out);

	/* Attendance: the representatives, both Kapus and the Camat are invited; a Babinsa walks in. */
	out = s_ok(cam, "attend", "invite", "2036-Q2");
	s_has(out, "4 invited");
	free(out);
	s_do(cam, "attend", "checkin", "2036-Q2", "bambang");
	s_do(cam, "attend", "checkin", "2036-Q2", "sugeng");
	s_do(cam, "attend", "checkin", "2036-Q2", "lestari");
	s_do(cam, "attend", "checkin", "2036-Q2", "--name", "Serka Budi", "--role", "Babinsa");
	out = s_ok(cam, "attend", "list", "2036-Q2");
	s_has(out, "Koramil 02 Kaliwungu: 1 present (1 of the 1 invited, 0 walk-ins)");
	s_has(out, "4 invited, 4 present, 1 walk-ins");
	free(out);

	/* Commitments by sector code, one answering the flagged problem; RTL for a sector and a puskesmas by name. */
	s_do(cam, "commitment", "add", "2036-Q2", "--sector", "KORAMIL", "--problem", problem, "--support",
	     "Kerja bakti jamban sehat bersama Babinsa", "--contact", "Serka Budi");
	s_do(cam, "commitment", "add", "2036-Q2", "--sector", "PKK", "--support", "Penyuluhan PHBS lewat dasawisma");
	s_do(cam, "rtl", "add", "2036-Q2", "--activity", "Data rumah tanpa jamban per dusun", "--owner-sector", "KORAMIL",
	     "--due", "2036-05-31");
	s_do(cam, "rtl", "add", "2036-Q2", "--activity", "Pemicuan STBM di Kutoharjo", "--owner-puskesmas", "Selatan",
	     "--due", "2036-06-30");
	out = s_ok(cam, "commitment", "list", "2036-Q2");
	char *c1 = s_handle(out, "Kerja bakti jamban sehat", "2036-Q2");
	char *c2 = s_handle(out, "Penyuluhan PHBS", "2036-Q2");
	s_check(!strcmp(c1, "2036-Q2#1") && !strcmp(c2, "2036-Q2#2"), "commitments numbered in the order made: %s %s", c1,
	        c2);
	line = s_line(out, "Kerja bakti jamban sehat");
	s_has(line, "P3324010102");
	free(line);
	s_has(out, "2 commitments");
	free(out);
	out = s_ok(cam, "commitment", "update", c2, "--status", "in_progress", "--note", "3 dasawisma sudah");
	s_has(out, "in_progress");
	free(out);
	free(c1);
	free(c2);

	/* Held on its planned day; the minutes signed by the Camat and submitted. */
	s_do(cam, "meeting", "held", "2036-Q2", "--date", planned);
	s_do(cam, "minutes", "compile", "2036-Q2");
	free(s_signed(cam, "minutes", "sign", "2036-Q2", "--as", "bambang"));
	out = s_ok(cam, "minutes", "submit", "2036-Q2");
	s_has(out, "minutes 2036-Q2 submitted to the district at ");
	free(out);
	out = s_ok(cam, "minutes", "show", "2036-Q2");
	s_has(out, "Koramil 02 Kaliwungu: Kerja bakti jamban sehat bersama Babinsa");
	s_has(out, "(untuk Puskesmas Kaliwungu Selatan)");
	s_has(out, "Pemicuan STBM di Kutoharjo\n");
	s_has(out, "Person in charge: Puskesmas Kaliwungu Selatan");
	s_has(out, "Data rumah tanpa jamban per dusun\n");
	s_has(out, "Person in charge: Koramil 02 Kaliwungu");
	s_lacks(out, "P3324010102");
	s_has(out, "Serka Budi");
	s_has(out, "[signed by");
	free(out);
	out = s_ok(cam, "sync");
	s_has(out, " 0 rejected");
	free(out);

	/* The puskesmas receives what concerns it. */
	s_do(pk2, "sync");
	out = s_ok(pk2, "commitment", "list");
	s_has(out, "Kerja bakti jamban sehat bersama Babinsa");
	free(out);
	out = s_ok(pk2, "rtl", "list");
	s_has(out, "Pemicuan STBM di Kutoharjo");
	free(out);

	/* The district sees the quarter held on time, the commitments, and minutes that verify. */
	s_do(s_dk, "sync");
	out = s_ok(s_dk, "report", "compliance", "--year", "2036", "--as-of", "2036-06-30");
	line = s_line(out, "Kecamatan Kaliwungu ");
	s_has(line, "missed   on time");
	s_has(line, "1/2 (50%)");
	free(line);
	free(out);
	out = s_ok(s_dk, "report", "followup", "--year", "2036", "--as-of", "2036-06-30");
	int fig[4];
	s_figures(out, "Cross-sector commitments of 2036", "Koramil 02 Kaliwungu", fig);
	s_check(fig[0] == 1 && fig[1] == 1, "Koramil's commitments (items, open): %d %d\n%s", fig[0], fig[1], out);
	s_figures(out, "Cross-sector commitments of 2036", "TP PKK Kecamatan Kaliwungu", fig);
	s_check(fig[0] == 1 && fig[1] == 1, "PKK's commitments (items, open): %d %d\n%s", fig[0], fig[1], out);
	s_figures(out, "RTL due in 2036", "sector Koramil 02 Kaliwungu", fig);
	s_check(fig[0] == 1 && fig[1] == 1, "Koramil's RTL (items, open): %d %d\n%s", fig[0], fig[1], out);
	free(out);
	out = s_ok(s_dk, "minutes", "show", "2036-Q2@332401");
	s_has(out, "[signed by");
	s_has(out, "Drs. Bambang Wijaya");
	free(out);
	char *v = lkt_sql_value(&s_srv.db, "SELECT count(*) FROM minutes m JOIN meeting g ON g.id = m.meeting_id"
	                                   " WHERE g.kind = 'quarterly' AND m.signature <> '' AND m.submitted_at IS NOT NULL");
	s_check(!strcmp(v, "1"), "the server holds %s, not 1", v);
	free(v);
	v = lkt_sql_value(&s_srv.db, "SELECT count(*) FROM commitment WHERE problem_id IS NOT NULL");
	s_check(!strcmp(v, "1"), "the server holds %s, not 1", v);
	free(v);
	free(q2);
}

/* The guard itself: what it must refuse and what a person types. */
Test(by_names, the_guard_refuses_ids_and_lets_names_through)
{
	cr_assert(s_looks_like_id("01890000-0000-7000-8000-000000000000"));
	cr_assert(s_looks_like_id("--id=01a2306f-1853-7001-b4a8-ba6478c13077"));
	cr_assert(s_looks_like_id("a3f9c2e1"));
	cr_assert(s_looks_like_id("0189ab3c"));
	cr_assert(!s_looks_like_id("2036-03@P3324010101#1"), "a puskesmas code is typed as it is printed");
	cr_assert(!s_looks_like_id("198501012010012001"), "a NIP is typed as it is printed");
	cr_assert(!s_looks_like_id("2036-03#2"));
	cr_assert(!s_looks_like_id("2036-Q2@332401"));
	cr_assert(!s_looks_like_id("2036-03@Selatan#1"));
	cr_assert(!s_looks_like_id("440/045/III/2036"));
	cr_assert(!s_looks_like_id("Kapten Inf. Sugeng"));
}
