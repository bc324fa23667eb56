/*
 * test_quarter: the quarterly cross-sector lokmin of a kecamatan with two
 * puskesmas. Each puskesmas holds its three monthly lokmin and flags problems;
 * the camat's office builds the quarterly meeting (offline), and after a sync
 * its agenda holds both puskesmas' summaries and flagged problems; commitments
 * and RTL reach the right puskesmas; a puskesmas cannot change a sector's
 * commitment or item; a camat's office cannot read another kecamatan.
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
static char s_p1[400], s_p2[400], s_cam[400], s_cam2[400], s_p3[400];

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "p1", s_p1, sizeof s_p1);
	lkt_home(&s_srv, "p2", s_p2, sizeof s_p2);
	lkt_home(&s_srv, "camat", s_cam, sizeof s_cam);
	lkt_home(&s_srv, "camat2", s_cam2, sizeof s_cam2);
	lkt_home(&s_srv, "p3", s_p3, sizeof s_p3);
	cr_assert_eq(lkt_enroll(&s_srv, s_p1, "puskesmas", "P3324010101"), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_p2, "puskesmas", "P3324010102"), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_cam, "kecamatan", "332401"), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_cam2, "kecamatan", "332402"), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_p3, "puskesmas", "P3324020101"), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(quarter, .init = s_setup, .fini = s_teardown, .timeout = 300);

#define PASS "kunci rahasia 2036"
#define s_run(home, out, err, ...) lkt_cli(home, PASS, out, err, __VA_ARGS__)
#define s_ok(home, ...) lkt_cli_ok(home, PASS, LKT_WORDS(__VA_ARGS__))
#define s_id(home, ...) lkt_first_id(s_ok(home, __VA_ARGS__))
#define s_has lkt_has
#define s_lacks lkt_lacks

/* The id of meeting number period in `meeting list --json` output. */
static char *s_meeting_of(const char *home, const char *year, int period)
{
	char *json = s_ok(home, "--json", "meeting", "list", "--year", year);
	char *id = lkt_meeting_of(json, period);
	free(json);
	return id;
}

/* A puskesmas' first quarter of 2036: a Kapus, the three monthly meetings held,
 * achievement to March with K1 low, and problems, one flagged for the sectors. */
static void s_puskesmas_quarter(const char *home, const char *k1_per_month, const char *flagged, const char *local)
{
	char sheet[600];
	free(s_ok(home, "staff", "add", "Kepala", "--title", "Kepala Puskesmas", "--role", "kapus"));
	free(s_ok(home, "meeting", "plan", "--year", "2036"));
	snprintf(sheet, sizeof sheet, "%s/q1.csv", home);
	FILE *f = fopen(sheet, "w");
	cr_assert_not_null(f);
	fprintf(f, "indicator,year,month,numerator,denominator\n");
	for (int m = 1; m <= 3; m++)
		fprintf(f, "KIA_K1,2036,%d,%s,600\n", m, k1_per_month);
	fclose(f);
	free(s_ok(home, "capaian", "import", sheet));
	for (int m = 1; m <= 3; m++) {
		char *id = s_meeting_of(home, "2036", m), date[16];
		snprintf(date, sizeof date, "2036-%02d-10", m);
		free(s_ok(home, "meeting", "held", id, "--date", date));
		if (m == 2)
			free(s_ok(home, "problem", "add", id, "--description", local, "--usg", "3,3,3"));
		if (m == 3)
			free(s_ok(home, "problem", "add", id, "--indicator", "KIA_K1", "--description", flagged, "--usg", "5,4,4",
			          "--cross-sector"));
		free(id);
	}
	char *out = s_ok(home, "sync");
	s_has(out, "0 rejected");
	free(out);
}

Test(quarter, cross_sector_meeting_of_a_kecamatan_with_two_puskesmas)
{
	/* First of all: the Camat's signing key, confirmed by the district. */
	char *camat = s_id(s_cam, "staff", "add", "Drs. Bambang Wijaya", "--title", "Camat Kaliwungu", "--role", "camat");
	free(lkt_sign_confirmed(&s_srv, s_cam, PASS, camat));

	s_puskesmas_quarter(s_p1, "30", "Jamban sehat belum merata di Kutoharjo", "Kader posyandu kurang");
	s_puskesmas_quarter(s_p2, "45", "Pernikahan usia dini meningkat", "Lemari vaksin rusak");

	/* The camat's office works offline: sectors, the year's quarterly meetings. */
	cr_assert_eq(lkt_server_stop(&s_srv, SIGTERM, 10000), 0);
	char *koramil = s_id(s_cam, "sector", "add", "KORAMIL", "Koramil 02 Kaliwungu", "--kind", "tni");
	char *pkk = s_id(s_cam, "sector", "add", "PKK", "TP PKK Kecamatan Kaliwungu", "--kind", "pkk");
	free(s_ok(s_cam, "sector", "rep", koramil, "Kapten Inf. Sugeng", "--title", "Danramil"));
	free(s_ok(s_cam, "sector", "rep", pkk, "Ibu Sri Lestari", "--title", "Ketua TP PKK"));
	free(s_ok(s_cam, "meeting", "plan", "--year", "2036", "--kind", "quarterly"));
	char *q2 = s_meeting_of(s_cam, "2036", 2), *q3 = s_meeting_of(s_cam, "2036", 3);
	char *out = s_ok(s_cam, "meeting", "list", "--year", "2036");
	s_has(out, "Penggalangan Tim");
	cr_assert_eq(lkt_count(out, "Lokakarya Mini Lintas Sektor Triwulan"), 4, "%s", out);
	free(out);
	/* Postponed with a reason, as monthly meetings are, and its history kept. */
	char *q4 = s_meeting_of(s_cam, "2036", 4);
	free(s_ok(s_cam, "meeting", "postpone", q4, "--to", "2036-10-19", "--reason", "Bertepatan dengan Pilkades"));
	out = s_ok(s_cam, "meeting", "history", q4);
	s_has(out, "postponed");
	s_has(out, "19 Oct 2036");
	s_has(out, "Bertepatan dengan Pilkades");
	free(out);
	out = s_ok(s_cam, "meeting", "list", "--year", "2036");
	char *line = lkt_line_of(out, "Triwulan 4");
	s_has(line, "19 Oct 2036");
	free(line);
	free(out);
	free(q4);
	/* Before the puskesmas' records have arrived the agenda has no summaries. */
	out = s_ok(s_cam, "meeting", "agenda", q2);
	s_has(out, "belum ada data puskesmas di perangkat ini");
	free(out);

	/* After one sync the agenda of the second quarter's meeting holds both puskesmas. */
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	out = s_ok(s_cam, "sync");
	s_has(out, "0 rejected");
	free(out);
	out = s_ok(s_cam, "meeting", "agenda", q2);
	s_has(out, "(triwulan 1 tahun 2036)");
	s_has(out, "Puskesmas Kaliwungu:");
	s_has(out, "Puskesmas Kaliwungu Selatan:");
	s_lacks(out, "P33");
	s_has(out, "kesenjangan KIA_K1: 15,0% dari target 25,0% s.d. Maret");
	s_has(out, "kesenjangan KIA_K1: 22,5% dari target 25,0% s.d. Maret");
	s_has(out, "masalah lintas sektor: Jamban sehat belum merata di Kutoharjo");
	s_has(out, "masalah lintas sektor: Pernikahan usia dini meningkat");
	s_lacks(out, "Kader posyandu kurang");
	s_lacks(out, "Lemari vaksin rusak");
	cr_assert(strstr(out, "Jamban sehat") < strstr(out, "Puskesmas Kaliwungu Selatan:"), "grouped by puskesmas:\n%s", out);
	free(out);

	/* The invitation goes to the puskesmas and every sector, signed by the Camat. */
	char *inv = s_id(s_cam, "invite", "draft", q2, "--number", "005/123/IV/2036", "--place", "Pendopo Kecamatan");
	free(s_ok(s_cam, "invite", "sign", inv, "--as", camat));
	out = s_ok(s_cam, "invite", "show", inv);
	s_has(out, "Kepala Puskesmas se-Kecamatan");
	s_has(out, "Koramil 02 Kaliwungu");
	s_has(out, "TP PKK Kecamatan Kaliwungu");
	s_has(out, "Camat Kaliwungu\n");
	s_has(out, "[signed by");
	free(out);

	/* Attendance by sector: the representatives and both Kapus are invited. */
	out = s_ok(s_cam, "attend", "invite", q2);
	s_has(out, "5 invited"); /* 2 representatives, 2 Kapus, the Camat */
	free(out);
	out = s_ok(s_cam, "attend", "list", q2);
	s_has(out, "Koramil 02 Kaliwungu: 0 present (0 of the 1 invited, 0 walk-ins)");
	free(out);
	free(s_ok(s_cam, "attend", "checkin", q2, "--name", "Serka Budi", "--role", "Babinsa"));

	/* Commitments: one answers puskesmas 1's flagged problem, one is for the whole kecamatan. */
	char *problems = s_ok(s_cam, "--json", "record", "list", "problem");
	const char *jp = strstr(problems, "Jamban sehat");
	cr_assert_not_null(jp);
	while (jp > problems && strncmp(jp, "{\"entity\":\"problem\",\"id\":\"", 26) != 0)
		jp--;
	char *p1_problem = strndup(jp + 26, 36);
	free(problems);
	char *c1 = s_id(s_cam, "commitment", "add", q2, "--sector", koramil, "--problem", p1_problem, "--support",
	                "Kerja bakti jamban sehat bersama Babinsa", "--contact", "Serka Budi 0812");
	char *c2 = s_id(s_cam, "commitment", "add", q2, "--sector", pkk, "--support",
	                "Penyuluhan pencegahan pernikahan dini di 8 desa");
	char *r_p2 = s_id(s_cam, "rtl", "add", q2, "--activity", "Kelas calon pengantin", "--owner-puskesmas",
	                  "P3324010102", "--due", "2036-06-30");
	char *r_sec = s_id(s_cam, "rtl", "add", q2, "--activity", "Data jamban per desa", "--owner-sector", koramil,
	                   "--due", "2036-05-31");
	free(s_ok(s_cam, "meeting", "held", q2, "--date", "2036-04-14"));
	char *mn = s_id(s_cam, "minutes", "compile", q2);
	free(s_ok(s_cam, "minutes", "sign", mn, "--as", camat));
	free(s_ok(s_cam, "minutes", "submit", mn));
	out = s_ok(s_cam, "minutes", "show", mn);
	s_has(out, "Koramil 02 Kaliwungu: Kerja bakti jamban sehat bersama Babinsa");
	s_has(out, "(untuk Puskesmas Kaliwungu)");
	s_has(out, "Kelas calon pengantin\n");
	s_has(out, "Person in charge: Puskesmas Kaliwungu Selatan");
	s_has(out, "Data jamban per desa\n");
	s_has(out, "Person in charge: Koramil 02 Kaliwungu");
	s_has(out, "Serka Budi");
	free(out);
	out = s_ok(s_cam, "sync");
	s_has(out, "0 rejected");
	free(out);

	/* Puskesmas 1 gets the commitment answering its problem and the kecamatan-wide one. */
	free(s_ok(s_p1, "sync"));
	free(s_ok(s_p2, "sync"));
	out = s_ok(s_p1, "commitment", "list");
	s_has(out, "Kerja bakti jamban sehat");
	s_has(out, "Penyuluhan pencegahan pernikahan dini");
	free(out);
	out = s_ok(s_p2, "commitment", "list");
	s_lacks(out, "Kerja bakti jamban sehat");
	s_has(out, "Penyuluhan pencegahan pernikahan dini");
	free(out);
	/* Puskesmas 2 holds the RTL it owns and updates it; puskesmas 1 never sees it. */
	out = s_ok(s_p2, "rtl", "list");
	s_has(out, "Kelas calon pengantin");
	free(out);
	out = s_ok(s_p1, "rtl", "list");
	s_lacks(out, "Kelas calon pengantin");
	free(out);
	free(s_ok(s_p2, "rtl", "update", r_p2, "--status", "in_progress", "--note", "Kelas pertama 12 pasangan"));
	out = s_ok(s_p2, "sync");
	s_has(out, "0 rejected");
	free(out);
	/* The signed minutes verify on the puskesmas too. */
	out = s_ok(s_p1, "minutes", "show", mn);
	s_has(out, "[signed by");
	free(out);

	/* Puskesmas 1 tries to close the sector's commitment and edit the sector's RTL item: refused at the server. */
	free(s_ok(s_p1, "record", "put", "commitment", "--id", c1, "status=done"));
	free(s_ok(s_p1, "record", "put", "rtl", "--id", r_sec, "status=done"));
	out = s_ok(s_p1, "sync");
	s_has(out, "2 rejected");
	free(out);
	out = s_ok(s_p1, "failed");
	s_has(out, "kept by the camat's office");
	s_has(out, "OUT_OF_SCOPE");
	free(out);
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT status FROM commitment WHERE id = '%s'", c1);
	char *v = lkt_sql_value(&s_srv.db, sql);
	cr_assert_str_eq(v, "open");
	free(v);

	/* The next quarter's agenda carries the open commitments and the open RTL. */
	free(s_ok(s_cam, "sync"));
	out = s_ok(s_cam, "meeting", "agenda", q3);
	s_has(out, "Komitmen lintas sektor yang belum selesai");
	s_has(out, "Kerja bakti jamban sehat bersama Babinsa");
	s_has(out, "Kelas calon pengantin (batas waktu 30 Juni 2036, sedang berjalan)");
	s_has(out, "Data jamban per desa");
	free(out);
	/* Printed documents carry the kecamatan's letterhead and the sectors. */
	char html[600];
	snprintf(html, sizeof html, "%s/hadir.html", s_cam);
	free(s_ok(s_cam, "print", "hadir", q2, "--out", html));
	const char *cat[] = {"/bin/cat", html, NULL};
	cr_assert_eq(lkt_run(&out, NULL, cat, NULL, 5000), 0);
	s_has(out, "KECAMATAN");
	s_has(out, "Kapten Inf. Sugeng");
	s_has(out, "Serka Budi");
	free(out);
	snprintf(html, sizeof html, "%s/undangan.html", s_cam);
	free(s_ok(s_cam, "print", "undangan", q2, "--out", html));
	cr_assert_eq(lkt_run(&out, NULL, cat, NULL, 5000), 0);
	s_has(out, "Koramil 02 Kaliwungu");
	s_has(out, "data-status=\"verified\"");
	free(out);
	snprintf(html, sizeof html, "%s/notulen.html", s_cam);
	free(s_ok(s_cam, "print", "notulen", q2, "--out", html));
	cr_assert_eq(lkt_run(&out, NULL, cat, NULL, 5000), 0);
	s_has(out, "Komitmen lintas sektor");
	s_has(out, "data-status=\"verified\"");
	s_has(out, "Drs. Bambang Wijaya");
	free(out);

	free(koramil);
	free(pkk);
	free(camat);
	free(q2);
	free(q3);
	free(inv);
	free(p1_problem);
	free(c1);
	free(c2);
	free(r_p2);
	free(r_sec);
	free(mn);
}

Test(quarter, a_camat_office_cannot_read_another_kecamatan)
{
	/* Records in both kecamatan. */
	free(s_ok(s_p1, "meeting", "plan", "--year", "2037"));
	free(s_ok(s_p3, "meeting", "plan", "--year", "2037"));
	free(s_ok(s_cam2, "sector", "add", "POLSEK", "Polsek Brangsong", "--kind", "polri"));
	free(s_ok(s_cam, "sector", "add", "KUA", "KUA Kaliwungu", "--kind", "kua"));
	free(s_ok(s_p1, "sync"));
	free(s_ok(s_p3, "sync"));
	free(s_ok(s_cam, "sync"));
	free(s_ok(s_cam2, "sync"));
	char *a = s_ok(s_cam, "export"), *b = s_ok(s_cam2, "export");
	s_has(a, "\"kecamatan\":\"332401\"");
	s_has(a, "KUA Kaliwungu");
	s_lacks(a, "\"kecamatan\":\"332402\"");
	s_lacks(a, "Polsek Brangsong");
	s_has(b, "\"kecamatan\":\"332402\"");
	s_has(b, "Polsek Brangsong");
	s_lacks(b, "\"kecamatan\":\"332401\"");
	s_lacks(b, "KUA Kaliwungu");
	free(a);
	free(b);
	char *err = NULL;
	const char *look[] = {"org", "show", "332402", NULL};
	cr_assert_eq(s_run(s_cam, NULL, &err, look), 1);
	s_has(err, "outside this device's scope");
	free(err);
}
