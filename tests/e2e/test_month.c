/*
 * test_month: one monthly lokmin of a puskesmas, every SOP step through the CLI
 * on a device that stays offline the whole month (lokmind is down), then one
 * sync: lokmind and a second device of the same puskesmas hold every record,
 * the signatures verify there, and the open RTL are on next month's agenda.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkt.h"
#include "lkt_cli.h"

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

TestSuite(month, .init = s_setup, .fini = s_teardown, .timeout = 300);

#define s_ok(home, ...) lkt_cli_ok(home, NULL, LKT_WORDS(__VA_ARGS__))
#define s_signed(home, ...) lkt_cli_ok(home, "kapus kaliwungu 2036", LKT_WORDS(__VA_ARGS__))
#define s_id lkt_first_id
#define s_assert_has lkt_has
#define s_meeting_of lkt_meeting_of

static long s_lines(const char *text)
{
	long n = 0;
	for (; *text; text++)
		n += *text == '\n';
	return n;
}

Test(month, an_offline_month_then_one_sync)
{
	/* Before the month: the Kapus' signing key, confirmed by the district. */
	char *kapus = s_id(s_ok(s_a, "staff", "add", "dr. Ratna Dewi", "--title", "Kepala Puskesmas", "--role", "kapus"));
	free(lkt_sign_confirmed(&s_srv, s_a, "kapus kaliwungu 2036", kapus));

	/* Nothing of this month goes over the network: lokmind is down until the end. */
	cr_assert_eq(lkt_server_stop(&s_srv, SIGTERM, 10000), 0);

	/* Staff. */
	char *bidan = s_id(s_ok(s_a, "staff", "add", "Sri Wahyuni, A.Md.Keb", "--title", "Bidan Koordinator", "--role",
	                        "pj_program", "--programmes", "KIA,klaster2"));
	char *gizi = s_id(s_ok(s_a, "staff", "add", "Nur Aini, S.Gz", "--title", "Nutrisionis", "--role", "pj_program",
	                       "--programmes", "GIZI"));
	char *promkes = s_id(s_ok(s_a, "staff", "add", "Agus Salim, SKM", "--title", "Promosi Kesehatan", "--role",
	                          "pj_program", "--programmes", "PROMKES"));

	/* The year's schedule; the March meeting is this month's. */
	free(s_ok(s_a, "meeting", "plan", "--year", "2036"));
	char *json = s_ok(s_a, "--json", "meeting", "list", "--year", "2036");
	char *mar = s_meeting_of(json, 3), *apr = s_meeting_of(json, 4);
	free(json);

	/* Achievement to February, imported from the sheet. */
	char sheet[600];
	snprintf(sheet, sizeof sheet, "%s/capaian.csv", s_a);
	FILE *f = fopen(sheet, "w");
	cr_assert_not_null(f);
	fputs("indicator,year,month,desa,numerator,denominator,note\n"
	      "KIA_K1,2036,1,,20,600,\nKIA_K1,2036,2,,22,600,\n"
	      "KIA_K6,2036,1,,45,600,\nKIA_K6,2036,2,,50,600,\n"
	      "KIA_K4,2036,1,,18,600,\nKIA_K4,2036,2,,20,600,\n",
	      f);
	fclose(f);
	char *out = s_ok(s_a, "capaian", "import", sheet);
	s_assert_has(out, "imported 6 rows");
	free(out);
	char *gaps = s_ok(s_a, "capaian", "gaps", "2036-02");
	s_assert_has(gaps, "KIA_K1");
	free(gaps);

	/* Material from the programme holders (Promkes never sends it). */
	free(s_ok(s_a, "material", "submit", mar, "--programme", "KIA", "--person", bidan, "--note", "K1 rendah di 2 desa"));
	free(s_ok(s_a, "material", "submit", mar, "--programme", "GIZI", "--person", gizi));

	/* The invitation, its agenda built from the records, signed by the Kapus. */
	char *inv = s_id(s_ok(s_a, "invite", "draft", mar, "--number", "440/045/III/2036"));
	free(s_signed(s_a, "invite", "sign", inv, "--as", kapus));
	out = s_ok(s_a, "invite", "show", inv);
	s_assert_has(out, "kesenjangan KIA_K1");
	s_assert_has(out, "[signed by");
	free(out);

	/* Attendance: the staff invited, three arrive, one walk-in from the desa. */
	free(s_ok(s_a, "attend", "invite", mar));
	free(s_ok(s_a, "attend", "checkin", mar, kapus));
	free(s_ok(s_a, "attend", "checkin", mar, bidan));
	free(s_ok(s_a, "attend", "checkin", mar, gizi));
	free(s_ok(s_a, "attend", "checkin", mar, "--name", "Bu Kades Kutoharjo", "--role", "Kepala Desa"));

	/* The meeting: problems from the gaps, ranked; RTL; information; a photo. */
	char *p1 = s_id(s_ok(s_a, "problem", "add", mar, "--indicator", "KIA_K1", "--description",
	                     "Kunjungan K1 ibu hamil rendah", "--usg", "5,4,4", "--cause", "man: bidan desa cuti",
	                     "--cause", "environment: akses jalan rusak", "--recommendation", "Kunjungan rumah"));
	free(s_ok(s_a, "problem", "add", mar, "--description", "Jamban sehat belum merata", "--usg", "3,4,3",
	          "--cross-sector"));
	out = s_ok(s_a, "problem", "list", mar);
	cr_assert(strstr(out, "Kunjungan K1") < strstr(out, "Jamban sehat"), "ranked by USG:\n%s", out);
	free(out);
	char *r1 = s_id(s_ok(s_a, "rtl", "add", mar, "--activity", "Kunjungan rumah ibu hamil belum K1", "--owner", bidan,
	                     "--due", "2036-03-25", "--objective", "K1 naik", "--target-group", "Ibu hamil", "--place",
	                     "Desa Kutoharjo", "--resources", "BOK", "--indicator", "K1 +20 orang"));
	char *r2 = s_id(s_ok(s_a, "rtl", "add", mar, "--activity", "Penyuluhan gizi seimbang di posyandu", "--owner", gizi,
	                     "--due", "2036-03-30"));
	free(s_ok(s_a, "meeting", "item", mar, "--kind", "information", "--source", "Dinkes",
	          "--text", "Jadwal BIAS bulan Agustus"));
	free(s_ok(s_a, "meeting", "item", mar, "--kind", "decision", "--text", "Kelas ibu hamil tiap Kamis"));
	char photo[600];
	snprintf(photo, sizeof photo, "%s/foto-lokmin.jpg", s_a);
	f = fopen(photo, "w");
	cr_assert_not_null(f);
	for (int i = 0; i < 150000; i++)
		fputc((i * 7919) & 0xff, f);
	fclose(f);
	free(s_ok(s_a, "attach", "meeting", mar, photo, "--caption", "Suasana lokmin Maret"));
	free(s_ok(s_a, "meeting", "held", mar, "--date", "2036-03-03"));

	/* Minutes: compiled, signed, sealed, submitted. */
	char *mn = s_id(s_ok(s_a, "minutes", "compile", mar));
	free(s_signed(s_a, "minutes", "sign", mn, "--as", kapus));
	free(s_ok(s_a, "minutes", "submit", mn));

	/* Follow-up: one RTL done with evidence and verified, one still open. */
	free(s_ok(s_a, "rtl", "update", r2, "--status", "done", "--note", "Penyuluhan di 4 posyandu, 86 peserta"));
	free(s_signed(s_a, "rtl", "verify", r2, "--as", kapus, "--note", "Daftar hadir diperiksa"));
	free(s_ok(s_a, "rtl", "update", r1, "--status", "in_progress", "--note", "12 ibu hamil dikunjungi"));

	/* All of it waits on this device (its one sync was before the month, for the key). */
	out = s_ok(s_a, "status");
	long pending = 0;
	const char *pp = strstr(out, "pending ops");
	cr_assert(pp && sscanf(pp, "pending ops %ld", &pending) == 1 && pending > 30, "%s", out);
	s_assert_has(out, "sent ops        0");
	free(out);
	char *export_a = s_ok(s_a, "export");
	long records = s_lines(export_a);
	cr_assert_gt(records, 30, "%s", export_a);
	free(export_a);

	/* The link comes back: one sync sends the month. */
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	out = s_ok(s_a, "sync");
	s_assert_has(out, "0 rejected");
	s_assert_has(out, "uploaded 1 files");
	free(out);

	/* The second device of the puskesmas holds every record, byte for byte. */
	free(s_ok(s_b, "sync"));
	export_a = s_ok(s_a, "export");
	char *export_b = s_ok(s_b, "export");
	cr_assert_str_eq(export_a, export_b);
	cr_assert_eq(s_lines(export_a), records, "nothing lost or added by the sync");
	/* ... and so does lokmind. */
	const char *exp[] = {"export", "--kabupaten", "3324", NULL};
	char *export_srv = NULL;
	cr_assert_eq(lkt_lokmind(&s_srv, &export_srv, NULL, exp), 0);
	cr_assert_eq(s_lines(export_srv), records, "server export:\n%s", export_srv);
	char *line = export_a;
	for (char *nl; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
		char id[60];
		const char *p = strstr(line, "\"id\":\"");
		cr_assert_not_null(p);
		snprintf(id, sizeof id, "\"id\":\"%.36s\"", p + 6);
		cr_assert(strstr(export_srv, id), "lokmind lacks %s", id);
	}
	free(export_a);
	free(export_b);
	free(export_srv);

	/* The signatures verify on the other device (and passed the server's check). */
	out = s_ok(s_b, "invite", "show", inv);
	s_assert_has(out, "[signed by");
	free(out);
	out = s_ok(s_b, "minutes", "show", mn);
	s_assert_has(out, "[signed by");
	s_assert_has(out, "Kunjungan rumah ibu hamil belum K1");
	free(out);
	char *v = lkt_sql_value(&s_srv.db, "SELECT count(*) FROM minutes WHERE signature <> '' AND submitted_at IS NOT NULL");
	cr_assert_str_eq(v, "1");
	free(v);

	/* The photo's content comes down on the other device. */
	out = s_ok(s_b, "--json", "attachment", "list", mar);
	const char *ap = strstr(out, "\"id\":\"");
	cr_assert_not_null(ap, "%s", out);
	char *att = strndup(ap + 6, 36);
	free(out);
	char back[600];
	snprintf(back, sizeof back, "%s/foto.jpg", s_b);
	char html[600];
	snprintf(html, sizeof html, "%s/notulen.html", s_b);
	free(s_ok(s_b, "print", "notulen", mar, "--out", html));
	const char *cat[] = {"/bin/cat", html, NULL};
	cr_assert_eq(lkt_run(&out, NULL, cat, NULL, 5000), 0);
	s_assert_has(out, "<h2>Dokumentasi</h2>");
	s_assert_has(out, "belum diunduh ke perangkat ini: lokmin attachment get");
	s_assert_has(out, "Suasana lokmin Maret");
	free(out);
	free(s_ok(s_b, "attachment", "get", att, "--out", back));
	free(s_ok(s_b, "print", "notulen", mar, "--out", html));
	cr_assert_eq(lkt_run(&out, NULL, cat, NULL, 5000), 0);
	s_assert_has(out, "<img src=\"data:image/jpeg;base64,");
	s_assert_has(out, "data-status=\"verified\"");
	free(out);
	const char *cmp[] = {"/usr/bin/cmp", photo, back, NULL};
	cr_assert_eq(lkt_run(NULL, NULL, cmp, NULL, 5000), 0, "the photo arrived intact");
	free(att);

	/* April's agenda, on the other device, carries the open RTL and not the verified one. */
	out = s_ok(s_b, "meeting", "agenda", apr);
	s_assert_has(out, "Kunjungan rumah ibu hamil belum K1");
	cr_assert_null(strstr(out, "Penyuluhan gizi seimbang"), "a verified item is closed:\n%s", out);
	s_assert_has(out, "Kunjungan K1 ibu hamil rendah");
	free(out);
	/* The problem took its gap from the achievement: 42 of 600 = 7%, target to February 16.7%. */
	out = s_ok(s_b, "problem", "list", mar);
	s_assert_has(out, "7,0% dari target 16,7% s.d. Februari");
	free(out);
	out = s_ok(s_b, "material", "status", mar);
	s_assert_has(out, "PROMKES");
	free(out);

	free(kapus);
	free(bidan);
	free(gizi);
	free(promkes);
	free(mar);
	free(apr);
	free(inv);
	free(p1);
	free(r1);
	free(r2);
	free(mn);
}
