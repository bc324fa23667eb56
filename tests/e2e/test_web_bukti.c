/*
 * test_web_bukti: the district's view of one puskesmas in `lokmin ui`, over HTTP against a real lokmind.
 * A puskesmas holds January's lokmin with its whole SOP (signed invitation, attendance, signed minutes, a
 * photo) and misses the other eleven; a district device syncs, lists the puskesmas by name, shows its year,
 * its documents and its evidence (EP a counted against the twelve meetings due, never "1/1"), and hands the
 * evidence bundle over as one ZIP whose PDFs, photo (byte for byte) and index are checked; `lokmin report
 * evidence` says the same. A puskesmas' own device has no such page.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lkt.h"
#include "lkt_cli.h"
#include "lkt_web.h"

#define PKM "P3324010101"
#define PASS "kunci kapus bukti"
#define PW_DEWI "kata sandi dewi 2025"

#define s_ok(home, ...) lkt_cli_ok(home, PASS, LKT_WORDS(__VA_ARGS__))
#define s_do(home, ...) free(s_ok(home, __VA_ARGS__))
#define s_id(home, ...) lkt_first_id(s_ok(home, __VA_ARGS__))

static struct lkt_server s_srv;
static struct lkt_ui s_ui;
static char s_pkm[400], s_dk[400], s_photo[600], s_jan[40], s_mn[40];

/* A photo with every byte value in it: any change on the way shows. */
static void s_write_photo(void)
{
	snprintf(s_photo, sizeof s_photo, "%s/foto-lokmin.jpg", s_pkm);
	FILE *f = fopen(s_photo, "wb");
	cr_assert_not_null(f);
	fputs("\xff\xd8\xff\xe0", f);
	for (int r = 0; r < 40; r++)
		for (int c = 0; c < 256; c++)
			fputc((c * 7 + r) & 0xff, f);
	fputs("\xff\xd9", f);
	fclose(f);
}

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 1), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "pkm", s_pkm, sizeof s_pkm);
	cr_assert_eq(lkt_enroll(&s_srv, s_pkm, "puskesmas", PKM), 0);
	char *kapus = s_id(s_pkm, "staff", "add", "dr. Ratna", "--role", "kapus", "--title", "Kepala Puskesmas");
	free(lkt_sign_confirmed(&s_srv, s_pkm, PASS, kapus));
	s_do(s_pkm, "meeting", "plan", "--year", "2025");
	char *json = s_ok(s_pkm, "--json", "meeting", "list", "--year", "2025");
	const char *k = strstr(json, "\"period\":1,"), *b = k;
	cr_assert_not_null(k, "%s", json);
	while (b > json && strncmp(b, "{\"id\":\"", 7) != 0)
		b--;
	snprintf(s_jan, sizeof s_jan, "%.36s", b + 7);
	char day[16];
	snprintf(day, sizeof day, "%.10s", strstr(k, "\"planned_date\":\"") + 16);
	free(json);
	/* January with its whole SOP; February to December never held. */
	s_do(s_pkm, "meeting", "held", s_jan, "--date", day);
	char *inv = s_id(s_pkm, "invite", "draft", s_jan);
	s_do(s_pkm, "invite", "sign", inv, "--as", kapus);
	s_do(s_pkm, "attend", "invite", s_jan);
	s_do(s_pkm, "attend", "checkin", s_jan, kapus);
	s_do(s_pkm, "problem", "add", s_jan, "--description", "K1 rendah", "--recommendation", "Kunjungan rumah");
	s_write_photo();
	s_do(s_pkm, "attach", "meeting", s_jan, s_photo, "--caption", "Lokmin Januari");
	char *mn = s_id(s_pkm, "minutes", "compile", s_jan);
	s_do(s_pkm, "minutes", "sign", mn, "--as", kapus);
	snprintf(s_mn, sizeof s_mn, "%s", mn);
	s_do(s_pkm, "sync");
	free(inv);
	free(mn);
	free(kapus);

	/* The district's device (enrolled when the key was confirmed), its officer and its ui. */
	lkt_district(&s_srv, "3324", s_dk, sizeof s_dk);
	s_do(s_dk, "staff", "add", "Dewi Lestari", "--role", "staff");
	s_do(s_dk, "sync");
	lkt_ui_add_user(s_dk, "dewi", "Dewi", PW_DEWI, "id");
	lkt_ui_start(&s_ui, s_dk, s_srv.dir, NULL);
}

static void s_teardown(void)
{
	lkt_ui_stop(&s_ui);
	lkt_server_fini(&s_srv);
}

TestSuite(web_bukti, .init = s_setup, .fini = s_teardown, .timeout = 300);

/* GET path as the session; asserts 200 and returns the answer. */
static void s_get(struct lkt_http *h, const char *path, const char *cookie)
{
	lkt_http(&s_ui, h, "GET", path, cookie, NULL);
	cr_assert_eq(h->status, 200, "GET %s: %ld\n%s\n%s", path, h->status, h->body, lkt_ui_log(&s_ui));
	lkt_http_secure(h);
}

/* A shell command's standard output (malloc'd); it must succeed. */
static char *s_sh(const char *cmd)
{
	const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
	char *out = NULL, *err = NULL;
	int rc = lkt_run(&out, &err, argv, NULL, 30000);
	cr_assert_eq(rc, 0, "%s: %d\n%s", cmd, rc, err);
	free(err);
	return out;
}

Test(web_bukti, the_district_sees_a_puskesmas_year_and_downloads_its_evidence)
{
	char ck[200], csrf[65], path[300], cmd[1600];
	struct lkt_http h;
	lkt_ui_session(&s_ui, "dewi", PW_DEWI, ck, sizeof ck, csrf);

	/* The home: the puskesmas' work counted by kind under its kecamatan, by name; January's minutes are signed
	 * but not submitted (the one item), nothing waits for the district's review. */
	s_get(&h, "/", ck);
	lkt_page_labelled(h.body);
	lkt_has(h.body, "<tr class=\"group\"><th colspan=\"8\" scope=\"rowgroup\">Kecamatan Kaliwungu</th></tr>");
	lkt_has(h.body, "<tr><th scope=\"row\"><a href=\"/dinas/puskesmas?kode=" PKM "\">Puskesmas Kaliwungu</a></th>"
	                "<td class=\"num\"></td><td class=\"num\"></td><td class=\"num\"></td><td class=\"num\">1</td>"
	                "<td class=\"num\"></td><td class=\"num\"></td><td class=\"num\"></td></tr>");
	lkt_has(h.body, "<th scope=\"col\">Notulen belum dikirim</th>");
	lkt_has(h.body, "Tidak ada notulen yang menunggu ditinjau.");
	cr_assert_null(strstr(h.body, ">P3324"), "a bare code shown:\n%s", h.body);
	lkt_http_free(&h);

	/* The list: by name under the kecamatan's name, never a bare code as a label; in the menu. */
	s_get(&h, "/dinas/puskesmas", ck);
	lkt_has(h.body, "<h2>Kecamatan Kaliwungu</h2>");
	lkt_has(h.body, "href=\"/dinas/puskesmas?kode=" PKM "&amp;tahun=");
	lkt_has(h.body, ">Puskesmas Kaliwungu</a>");
	lkt_has(h.body, "<a href=\"/dinas/puskesmas\" aria-current=\"page\">Puskesmas</a>");
	cr_assert_null(strstr(h.body, ">P3324"), "a bare code shown:\n%s", h.body);
	lkt_http_free(&h);

	/* The year: January held with its documents, the rest not held; EP a is 1 of the 12 meetings due. */
	s_get(&h, "/dinas/puskesmas?kode=" PKM "&tahun=2025", ck);
	lkt_page_labelled(h.body);
	lkt_page_id_hidden(h.body, s_jan);
	lkt_has(h.body, "<h1>Puskesmas Kaliwungu, tahun 2025</h1>");
	lkt_has(h.body, "<th scope=\"row\">Januari</th>");
	lkt_has(h.body, "<td class=\"pkm-held\">terlaksana</td>");
	lkt_has(h.body, "<th scope=\"row\">Februari</th>");
	lkt_has(h.body, "<td class=\"pkm-missed\">tidak terlaksana</td>");
	char link[200];
	static const char *const docs[] = {"/undangan/pdf", "/hadir.pdf", "/notulen.pdf"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(link, sizeof link, "href=\"%s?rapat=%s\"", docs[i], s_jan);
		lkt_has(h.body, link);
	}
	lkt_has(h.body, "<li>1 foto</li>");
	lkt_has(h.body, "<td class=\"num\">1/12</td><td class=\"ep-bad\">belum lengkap</td>");
	const char *ep_a = strstr(h.body, "<th scope=\"row\">EP a:");
	cr_assert_not_null(ep_a, "%s", h.body);
	char *row = strndup(ep_a, (size_t)(strstr(ep_a, "</tr>") - ep_a));
	cr_assert_null(strstr(row, "ep-ok"), "EP a looks complete: %s", row);
	free(row);
	lkt_has(h.body, "EP a, Februari: rapat tidak terlaksana</li>");
	lkt_has(h.body, "EP a, Desember: rapat tidak terlaksana</li>");
	lkt_has(h.body, "href=\"/dinas/bukti.zip?kode=" PKM "&amp;tahun=2025\"");
	lkt_http_free(&h);
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s?rapat=%s", docs[i], s_jan);
		s_get(&h, path, ck);
		cr_assert(h.nbody > 5 && !memcmp(h.body, "%PDF-", 5), "%s is not a PDF", path);
		lkt_http_free(&h);
	}

	/* The bundle: one ZIP named after the puskesmas and the year. */
	s_get(&h, "/dinas/bukti.zip?kode=" PKM "&tahun=2025", ck);
	char *type = lkt_http_header(&h, "Content-Type"), *disp = lkt_http_header(&h, "Content-Disposition");
	cr_assert(type && !strncmp(type, "application/zip", 15), "%s", type);
	cr_assert(disp && strstr(disp, "attachment; filename=\"bukti-akreditasi-Puskesmas-Kaliwungu-2025.zip\""),
	          "%s", disp);
	free(type);
	free(disp);
	char zip[600];
	snprintf(zip, sizeof zip, "%s/bukti.zip", s_dk);
	FILE *f = fopen(zip, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(h.body, 1, h.nbody, f), h.nbody);
	fclose(f);
	lkt_http_free(&h);
	snprintf(cmd, sizeof cmd, "unzip -Z1 '%s'", zip);
	char *list = s_sh(cmd);
	static const char *const want[] = {"dokumen/01-undangan.pdf", "dokumen/01-daftar-hadir.pdf",
	                                   "dokumen/01-notulen.pdf", "foto/01-foto-1.jpg", "index.html", "index.csv"};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		char line[100];
		snprintf(line, sizeof line, "%s\n", want[i]);
		cr_assert(strstr(list, line), "%s is not in the ZIP:\n%s", want[i], list);
	}
	cr_assert_null(strstr(list, "02-"), "nothing of February, which was not held:\n%s", list);
	free(list);
	for (size_t i = 0; i < 3; i++) {
		snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s' | head -c 5", zip, want[i]);
		char *head = s_sh(cmd);
		cr_assert_str_eq(head, "%PDF-", "%s", want[i]);
		free(head);
	}
	snprintf(cmd, sizeof cmd, "unzip -p '%s' foto/01-foto-1.jpg | cmp - '%s'", zip, s_photo);
	free(s_sh(cmd));
	snprintf(cmd, sizeof cmd, "unzip -p '%s' index.html", zip);
	char *index = s_sh(cmd);
	for (size_t i = 0; i < 4; i++) {
		char a[120];
		snprintf(a, sizeof a, "<a href=\"%s\">%s</a></td><td>Januari</td>", want[i], want[i]);
		cr_assert(strstr(index, a), "%s is not named in the index:\n%s", want[i], index);
	}
	lkt_has(index, "foto lokmin: Lokmin Januari");
	lkt_has(index, "<td class=\"num\">1/12</td><td class=\"ep-bad\">belum lengkap</td>");
	free(index);
	snprintf(cmd, sizeof cmd, "unzip -p '%s' index.csv", zip);
	char *csv = s_sh(cmd);
	lkt_has(csv, "\"berkas\",\"bulan\",\"tanggal rapat\",\"EP\",\"keterangan\"\r\n");
	lkt_has(csv, "\"foto/01-foto-1.jpg\",\"Januari\",\"2025-01-");
	lkt_has(csv, "\"dokumen/01-notulen.pdf\",\"Januari\",\"2025-01-");
	free(csv);

	/* The command line counts the same way. */
	char *json = s_ok(s_dk, "report", "evidence", "--year", "2025", "--as-of", "2025-12-31", "--json");
	lkt_has(json, "{\"PUSKESMAS\":\"" PKM "\",\"EP a: MEETINGS COMPLETE\":\"1/12\",");
	free(json);

	/* A puskesmas' own device has neither the page nor its menu entry. */
	struct lkt_ui pui;
	lkt_ui_add_user(s_pkm, "ratna", "Ratna", PW_DEWI, "id");
	lkt_ui_start(&pui, s_pkm, s_srv.dir, NULL);
	char pck[200], pcsrf[65];
	lkt_ui_session(&pui, "ratna", PW_DEWI, pck, sizeof pck, pcsrf);
	lkt_http(&pui, &h, "GET", "/", pck, NULL);
	cr_assert_eq(h.status, 200);
	cr_assert_null(strstr(h.body, "/dinas/"), "the district's menu on a puskesmas:\n%s", h.body);
	lkt_http_free(&h);
	lkt_http(&pui, &h, "GET", "/dinas/puskesmas?kode=" PKM "&tahun=2025", pck, NULL);
	cr_assert_eq(h.status, 404, "%ld", h.status);
	lkt_http_free(&h);
	lkt_http(&pui, &h, "GET", "/dinas/bukti.zip?kode=" PKM "&tahun=2025", pck, NULL);
	cr_assert_eq(h.status, 404, "%ld", h.status);
	lkt_http_free(&h);
	lkt_ui_stop(&pui);

	/* The puskesmas submits; after the district's sync its home counts the minutes to review, linked to the
	 * review page, and lists them in full. */
	s_do(s_pkm, "minutes", "submit", s_mn);
	s_do(s_pkm, "sync");
	s_do(s_dk, "sync");
	s_get(&h, "/", ck);
	lkt_has(h.body, "<tr><th scope=\"row\"><a href=\"/dinas/puskesmas?kode=" PKM "\">Puskesmas Kaliwungu</a></th>"
	                "<td class=\"num\"></td><td class=\"num\"></td><td class=\"num\"></td><td class=\"num\"></td>"
	                "<td class=\"num\"></td><td class=\"num\"><a href=\"/tinjau\">1</a></td><td class=\"num\"></td></tr>");
	lkt_has(h.body, "<span class=\"where\">Puskesmas Kaliwungu</span>");
	cr_assert_null(strstr(h.body, "Tidak ada notulen yang menunggu ditinjau."), "%s", h.body);
	lkt_http_free(&h);
}
