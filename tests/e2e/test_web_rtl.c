/*
 * test_web_rtl: the follow-up board of `lokmin ui` over HTTP against a real
 * lokmind and an enrolled device: the K.TU and the Kapus add an item with the
 * form, a programme holder cannot, an incomplete form adds nothing, every day
 * on the board is written in words in the reader's language, and each item
 * shows only its own evidence. The store is checked with the CLI afterwards.
 */
#include <criterion/criterion.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lkt.h"
#include "lkt_cli.h"
#include "lkt_web.h"

#define PKM "P3324010101"
#define PW_RATNA "kata sandi ratna 2036"
#define PW_BUDI "kata sandi budi 2036"
#define PW_SRI "kata sandi sri 2036"

static struct lkt_server s_srv;
static char s_pkm[400], s_year[16], s_period[32];
static struct lkt_ui s_ui;
static char *s_meeting;

#define s_ok(home, ...) lkt_cli_ok(home, NULL, LKT_WORDS(__VA_ARGS__))

/* GET path as the session; asserts 200 and returns the body (malloc'd). */
static char *s_get(const char *path, const char *cookie)
{
	struct lkt_http h;
	lkt_http(&s_ui, &h, "GET", path, cookie, NULL);
	cr_assert_eq(h.status, 200, "GET %s: %ld\n%s\n%s", path, h.status, h.body, lkt_ui_log(&s_ui));
	lkt_http_secure(&h);
	lkt_http_no_outside(h.body);
	char *body = h.body;
	h.body = NULL;
	lkt_http_free(&h);
	return body;
}

/* POST body (after csrf) to /rtl; the status, and the answer's body in *page when page is not NULL. */
static long s_post(const char *cookie, const char *csrf, const char *body, char **page)
{
	struct lkt_http h;
	lkt_ui_post(&s_ui, &h, "/rtl", cookie, csrf, body);
	long st = h.status;
	if (page) {
		*page = h.body;
		h.body = NULL;
	}
	lkt_http_free(&h);
	return st;
}

/* The value of the <option> whose text starts with text (malloc'd). */
static char *s_option(const char *page, const char *text)
{
	for (const char *p = strstr(page, "<option value=\""); p; p = strstr(p + 1, "<option value=\"")) {
		const char *v = p + strlen("<option value=\""), *end = strchr(v, '"');
		if (end && end[1] == '>' && !strncmp(end + 2, text, strlen(text)))
			return strndup(v, (size_t)(end - v));
	}
	cr_assert_fail("no option %s in:\n%s", text, page);
	return NULL;
}

/* No YYYY-MM-DD anywhere in page. */
static void s_no_iso_day(const char *page)
{
	regex_t re;
	regmatch_t m;
	cr_assert_eq(regcomp(&re, "[0-9]{4}-[0-9]{2}-[0-9]{2}", REG_EXTENDED), 0);
	int found = regexec(&re, page, 1, &m, 0) == 0;
	regfree(&re);
	cr_assert(!found, "an ISO day \"%.10s\" on the page:\n%s", page + m.rm_so, page);
}

/* The items of the store as `lokmin --json rtl list` gives them (malloc'd). */
static char *s_store(void)
{
	return s_ok(s_pkm, "--json", "rtl", "list");
}

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 1), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "pkm", s_pkm, sizeof s_pkm);
	cr_assert_eq(lkt_enroll(&s_srv, s_pkm, "puskesmas", PKM), 0);
	free(s_ok(s_pkm, "staff", "add", "dr. Ratna Dewi", "--title", "Kepala Puskesmas", "--role", "kapus"));
	free(s_ok(s_pkm, "staff", "add", "Budi Santoso", "--role", "ktu"));
	free(s_ok(s_pkm, "staff", "add", "Sri Wahyuni", "--title", "Bidan Koordinator", "--role", "pj_program",
	          "--programmes", "KIA"));
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	snprintf(s_year, sizeof s_year, "%d", tm.tm_year + 1900);
	free(s_ok(s_pkm, "meeting", "plan", "--year", s_year));
	/* The Kapus reads Indonesian, the others English. */
	lkt_ui_add_user(s_pkm, "ratna", "Ratna", PW_RATNA, "id");
	lkt_ui_add_user(s_pkm, "budi", "Budi", PW_BUDI, "en");
	lkt_ui_add_user(s_pkm, "sri", "Wahyuni", PW_SRI, "en");
	lkt_ui_start(&s_ui, s_pkm, s_srv.dir, NULL);

	/* The meeting the board is about, and its handle for the CLI ("2026-12"). */
	char ck[200], csrf[65];
	lkt_ui_session(&s_ui, "budi", PW_BUDI, ck, sizeof ck, csrf);
	char *page = s_get("/rtl", ck);
	const char *p = strstr(page, "name=\"rapat\" value=\"");
	cr_assert_not_null(p, "no meeting in the form:\n%s", page);
	p += strlen("name=\"rapat\" value=\"");
	s_meeting = strndup(p, strcspn(p, "\""));
	free(page);
	lkt_meeting_handle(s_pkm, s_year, s_meeting, s_period, sizeof s_period);
}

static void s_teardown(void)
{
	lkt_ui_stop(&s_ui);
	free(s_meeting);
	lkt_server_fini(&s_srv);
}

TestSuite(web_rtl, .init = s_setup, .fini = s_teardown, .timeout = 300);

Test(web_rtl, the_ktu_and_the_kapus_add_items_with_the_form)
{
	char ck[200], csrf[65], body[800];
	lkt_ui_session(&s_ui, "budi", PW_BUDI, ck, sizeof ck, csrf);
	char *page = s_get("/rtl", ck);
	lkt_page_labelled(page);
	lkt_has(page, "name=\"op\" value=\"tambah\"");
	lkt_has(page, "<select id=\"pj\" name=\"pj\" required>");
	lkt_has(page, "<input id=\"tenggat\" name=\"tenggat\" type=\"date\" required>");
	lkt_has(page, ">Sri Wahyuni (Bidan Koordinator)</option>");
	lkt_page_id_hidden(page, s_meeting);
	char *sri = s_option(page, "Sri Wahyuni"), *ratna = s_option(page, "dr. Ratna Dewi");
	lkt_page_id_hidden(page, sri);
	free(page);

	/* The K.TU gives Sri an item due on 20 December. */
	snprintf(body, sizeof body,
	         "rapat=%s&op=tambah&kegiatan=Kelas+ibu+hamil+Desa+Sukamaju&pj=%s&tenggat=%s-12-20"
	         "&tujuan=Ibu+hamil+paham+tanda+bahaya&sasaran=Ibu+hamil+trimester+III&tempat=Balai+desa"
	         "&sumber=&indikator=20+ibu+hadir",
	         s_meeting, sri, s_year);
	cr_assert_eq(s_post(ck, csrf, body, NULL), 303);
	page = s_get("/rtl", ck);
	lkt_has(page, "Follow-up action added.");
	lkt_has(page, "Kelas ibu hamil Desa Sukamaju");
	lkt_has(page, "In charge: Sri Wahyuni");
	char due[40];
	snprintf(due, sizeof due, "20 December %s", s_year);
	lkt_has(page, due);
	lkt_page_id_hidden(page, sri);
	s_no_iso_day(page);
	free(page);
	char *out = s_store();
	lkt_has(out, "Kelas ibu hamil Desa Sukamaju");
	lkt_has(out, sri);
	lkt_has(out, "Ibu hamil paham tanda bahaya");
	lkt_has(out, "Balai desa");
	lkt_has(out, "20 ibu hadir");
	lkt_has(out, "\"status\":\"open\"");
	free(out);
	out = s_ok(s_pkm, "rtl", "list");
	char *line = lkt_line_of(out, "Kelas ibu hamil Desa Sukamaju");
	lkt_has(line, s_period);
	free(line);
	free(out);

	/* The Kapus, who reads Indonesian, gives herself one: the board says the day in Indonesian. */
	char ckr[200], csrfr[65];
	lkt_ui_session(&s_ui, "ratna", PW_RATNA, ckr, sizeof ckr, csrfr);
	snprintf(body, sizeof body, "rapat=%s&op=tambah&kegiatan=Supervisi+posyandu+Melati&pj=%s&tenggat=%s-08-17",
	         s_meeting, ratna, s_year);
	cr_assert_eq(s_post(ckr, csrfr, body, NULL), 303);
	page = s_get("/rtl", ckr);
	lkt_has(page, "Supervisi posyandu Melati");
	snprintf(due, sizeof due, "17 Agustus %s", s_year);
	lkt_has(page, due);
	snprintf(due, sizeof due, "20 Desember %s", s_year);
	lkt_has(page, due);
	s_no_iso_day(page);
	free(page);
	out = s_store();
	lkt_has(out, "Supervisi posyandu Melati");
	lkt_has(out, ratna);
	free(out);
	free(sri);
	free(ratna);
}

Test(web_rtl, a_programme_holder_or_an_incomplete_form_adds_nothing)
{
	char ck[200], csrf[65], cks[200], csrfs[65], body[800], *page;
	lkt_ui_session(&s_ui, "budi", PW_BUDI, ck, sizeof ck, csrf);
	page = s_get("/rtl", ck);
	char *sri = s_option(page, "Sri Wahyuni");
	free(page);

	/* A programme holder sees no form, and her post of a complete one is refused. */
	lkt_ui_session(&s_ui, "sri", PW_SRI, cks, sizeof cks, csrfs);
	page = s_get("/rtl", cks);
	lkt_lacks(page, "value=\"tambah\"");
	lkt_lacks(page, "<select id=\"pj\"");
	free(page);
	snprintf(body, sizeof body, "rapat=%s&op=tambah&kegiatan=Dari+pemegang+program&pj=%s&tenggat=%s-12-20",
	         s_meeting, sri, s_year);
	cr_assert_eq(s_post(cks, csrfs, body, NULL), 403);

	/* No activity, a day not on the calendar, a date written otherwise, a person not on the list. */
	const struct {
		const char *activity, *due, *person, *says;
	} bad[] = {
		{"", "12-20", NULL, "Write the activity to be done."},
		{"+++", "12-20", NULL, "Write the activity to be done."},
		{"Tanggal+salah", "02-30", NULL, "The due date is not a day of the calendar."},
		{"Tanggal+lain", "", NULL, "The due date is not a day of the calendar."},
		{"Tanpa+penanggung+jawab", "12-20", "", "Choose the person in charge from the staff list."},
		{"Orang+asing", "12-20", "0b7d2c1e-4f3a-4a5b-9c8d-7e6f5a4b3c2d", "Choose the person in charge"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char due[40];
		if (bad[i].due[0])
			snprintf(due, sizeof due, "%s-%s", s_year, bad[i].due);
		else
			snprintf(due, sizeof due, "20/12/%s", s_year);
		snprintf(body, sizeof body, "rapat=%s&op=tambah&kegiatan=%s&pj=%s&tenggat=%s", s_meeting, bad[i].activity,
		         bad[i].person ? bad[i].person : sri, due);
		char *answer = NULL;
		cr_assert_eq(s_post(ck, csrf, body, &answer), 400, "case %zu: %s", i, answer);
		lkt_has(answer, bad[i].says);
		lkt_has(answer, "Nothing was added.");
		free(answer);
	}
	char *out = s_store();
	lkt_lacks(out, "\"activity\"");
	lkt_lacks(out, "Dari pemegang program");
	lkt_lacks(out, "Tanggal salah");
	free(out);
	out = s_ok(s_pkm, "rtl", "list");
	lkt_has(out, "0 items");
	free(out);
	page = s_get("/rtl", ck);
	lkt_has(page, "No follow-up action agreed yet.");
	free(page);
	free(sri);
}

Test(web_rtl, progress_days_in_words_and_each_item_its_own_evidence)
{
	char ck[200], csrf[65], ckr[200], csrfr[65], day[40], iso[40];
	/* Two items; progress on the first noted on 17 August, a file as evidence of the second. */
	char *first = lkt_first_id(s_ok(s_pkm, "rtl", "add", s_period, "--activity", "Sweeping ibu hamil Kutoharjo",
	                                "--owner", "Sri Wahyuni", "--due", "2099-01-31"));
	char *second = lkt_first_id(s_ok(s_pkm, "rtl", "add", s_period, "--activity", "Pelatihan kader Melati",
	                                 "--owner", "Budi Santoso", "--due", "2099-02-28"));
	snprintf(iso, sizeof iso, "%s-08-17", s_year);
	free(s_ok(s_pkm, "rtl", "update", first, "--status", "in_progress", "--note", "12 ibu hamil dikunjungi",
	          "--date", iso));
	char file[600];
	snprintf(file, sizeof file, "%s/daftar-kader.txt", s_srv.dir);
	FILE *f = fopen(file, "w");
	cr_assert_not_null(f);
	fputs("daftar kader yang dilatih\n", f);
	fclose(f);
	free(s_ok(s_pkm, "attach", "rtl", second, file, "--caption", "Daftar kader"));

	lkt_ui_session(&s_ui, "ratna", PW_RATNA, ckr, sizeof ckr, csrfr);
	char *page = s_get("/rtl", ckr);
	lkt_has(page, "12 ibu hamil dikunjungi");
	snprintf(day, sizeof day, "17 Agustus %s", s_year);
	lkt_has(page, day);
	lkt_has(page, "31 Januari 2099");
	lkt_lacks(page, iso);
	s_no_iso_day(page);
	/* The file is under the second item only. */
	cr_assert_eq(lkt_count(page, "href=\"/lampiran/"), 1, "%s", page);
	const char *a = strstr(page, "href=\"/lampiran/"), *it1 = strstr(page, "Sweeping ibu hamil Kutoharjo"),
	           *it2 = strstr(page, "Pelatihan kader Melati");
	cr_assert(it1 && it2 && a > it2 && (it1 < it2 || a < it1) && a < strstr(it2, "</li>"), "%s", page);
	lkt_has(a, "daftar-kader.txt");
	free(page);

	lkt_ui_session(&s_ui, "budi", PW_BUDI, ck, sizeof ck, csrf);
	page = s_get("/rtl", ck);
	snprintf(day, sizeof day, "17 August %s", s_year);
	lkt_has(page, day);
	s_no_iso_day(page);
	free(page);
	free(first);
	free(second);
}

/* A meeting's board holds its own items and the earlier meetings' items still open; what an earlier
 * meeting closed stays on that meeting's board. */
Test(web_rtl, a_board_carries_open_items_not_closed_ones)
{
	char ck[200], csrf[65], jan[32], want[200];
	snprintf(jan, sizeof jan, "%s-01", s_year);
	cr_assert_str_neq(jan, s_period, "the test needs a meeting before this one");
	char *open = lkt_first_id(s_ok(s_pkm, "rtl", "add", jan, "--activity", "Pendataan jamban sehat Sarirejo", "--owner",
	                               "Sri Wahyuni", "--due", "2099-03-31"));
	char *closed = lkt_first_id(s_ok(s_pkm, "rtl", "add", jan, "--activity", "Penyuluhan PHBS sekolah", "--owner",
	                                 "Budi Santoso", "--due", "2099-03-31"));
	free(s_ok(s_pkm, "rtl", "update", closed, "--status", "done", "--note", "Tiga sekolah"));
	lkt_ui_session(&s_ui, "budi", PW_BUDI, ck, sizeof ck, csrf);
	char *page = s_get("/rtl", ck); /* this month's meeting */
	lkt_has(page, "Pendataan jamban sehat Sarirejo");
	lkt_lacks(page, "Penyuluhan PHBS sekolah");
	free(page);
	char *json = s_ok(s_pkm, "--json", "meeting", "list", "--year", s_year);
	char *january = lkt_meeting_of(json, 1);
	free(json);
	snprintf(want, sizeof want, "/rtl?rapat=%s", january);
	page = s_get(want, ck);
	lkt_has(page, "Pendataan jamban sehat Sarirejo");
	lkt_has(page, "Penyuluhan PHBS sekolah");
	free(page);
	free(january);
	free(open);
	free(closed);
}

/* A camat's office gives an item of its quarterly meeting to a puskesmas of its kecamatan, chosen by name; a
 * puskesmas of another kecamatan is refused. */
Test(web_rtl, a_camat_office_gives_an_item_to_a_puskesmas)
{
	char cam[400], ck[200], csrf[65], body[800];
	struct lkt_ui ui;
	struct lkt_http h;
	lkt_home(&s_srv, "camat", cam, sizeof cam);
	cr_assert_eq(lkt_enroll(&s_srv, cam, "kecamatan", "332401"), 0);
	free(s_ok(cam, "staff", "add", "Drs. Bambang Wijaya", "--title", "Camat Kaliwungu", "--role", "camat"));
	free(s_ok(cam, "meeting", "plan", "--year", s_year, "--kind", "quarterly"));
	free(s_ok(cam, "sync")); /* the names of the kecamatan's puskesmas */
	lkt_ui_add_user(cam, "bambang", "Bambang", PW_BUDI, "en");
	lkt_ui_start(&ui, cam, cam, NULL);
	lkt_ui_session(&ui, "bambang", PW_BUDI, ck, sizeof ck, csrf);
	lkt_http(&ui, &h, "GET", "/rtl", ck, NULL);
	cr_assert_eq(h.status, 200, "%s\n%s", h.body, lkt_ui_log(&ui));
	lkt_page_labelled(h.body);
	lkt_has(h.body, "<optgroup label=\"Puskesmas\"><option value=\"puskesmas:P3324010101\">Puskesmas Kaliwungu</option>"
	                "<option value=\"puskesmas:P3324010102\">Puskesmas Kaliwungu Selatan</option></optgroup>");
	lkt_lacks(h.body, "P3324020101");
	const char *p = strstr(h.body, "name=\"rapat\" value=\"");
	cr_assert_not_null(p, "no meeting in the form:\n%s", h.body);
	p += strlen("name=\"rapat\" value=\"");
	char *mt = strndup(p, strcspn(p, "\""));
	lkt_http_free(&h);

	snprintf(body, sizeof body, "rapat=%s&op=tambah&kegiatan=Kelas+calon+pengantin&pj=puskesmas:P3324010102"
	         "&tenggat=%s-12-30", mt, s_year);
	lkt_ui_post(&ui, &h, "/rtl", ck, csrf, body);
	cr_assert_eq(h.status, 303, "%s\n%s", h.body, lkt_ui_log(&ui));
	lkt_http_free(&h);
	snprintf(body, sizeof body, "rapat=%s&op=tambah&kegiatan=Pemicuan+STBM&pj=puskesmas:P3324020101"
	         "&tenggat=%s-12-30", mt, s_year);
	lkt_ui_post(&ui, &h, "/rtl", ck, csrf, body);
	cr_assert_eq(h.status, 400, "a puskesmas of another kecamatan: %s", h.body);
	lkt_http_free(&h);

	snprintf(body, sizeof body, "/rtl?rapat=%s", mt);
	lkt_http(&ui, &h, "GET", body, ck, NULL);
	cr_assert_eq(h.status, 200, "%s", h.body);
	lkt_has(h.body, "Kelas calon pengantin");
	lkt_has(h.body, "In charge: Puskesmas Kaliwungu Selatan");
	lkt_lacks(h.body, "Pemicuan STBM");
	lkt_http_free(&h);
	lkt_ui_stop(&ui);
	char *out = s_ok(cam, "--json", "rtl", "list");
	lkt_has(out, "Kelas calon pengantin");
	lkt_has(out, "P3324010102");
	lkt_lacks(out, "Pemicuan STBM");
	free(out);
	free(mt);
}

/* On /komitmen a commitment answers one of the problems the puskesmas flagged in the quarter the meeting
 * reviews, chosen by its text; a problem flagged in another quarter is not offered. */
Test(web_rtl, a_camat_office_links_a_commitment_to_a_flagged_problem)
{
	char cam[400], ck[200], csrf[65], body[1000], path[200];
	struct lkt_ui ui;
	struct lkt_http h;
	/* The puskesmas flags one problem in August (the third quarter) and one in November. */
	char *json = s_ok(s_pkm, "--json", "meeting", "list", "--year", s_year);
	char *aug = lkt_meeting_of(json, 8), *nov = lkt_meeting_of(json, 11);
	free(json);
	snprintf(body, sizeof body, "%s-08-10", s_year);
	free(s_ok(s_pkm, "meeting", "held", aug, "--date", body));
	snprintf(body, sizeof body, "%s-11-10", s_year);
	free(s_ok(s_pkm, "meeting", "held", nov, "--date", body));
	char *flagged = lkt_first_id(s_ok(s_pkm, "problem", "add", aug, "--description", "Jamban sehat belum merata",
	                                  "--usg", "5,4,4", "--cross-sector"));
	free(s_ok(s_pkm, "problem", "add", nov, "--description", "Pernikahan usia dini", "--usg", "4,4,4",
	          "--cross-sector"));
	free(s_ok(s_pkm, "sync"));

	lkt_home(&s_srv, "camat", cam, sizeof cam);
	cr_assert_eq(lkt_enroll(&s_srv, cam, "kecamatan", "332401"), 0);
	free(s_ok(cam, "staff", "add", "Drs. Bambang Wijaya", "--title", "Camat Kaliwungu", "--role", "camat"));
	char *koramil = lkt_first_id(s_ok(cam, "sector", "add", "KORAMIL", "Koramil 02 Kaliwungu", "--kind", "tni"));
	free(s_ok(cam, "meeting", "plan", "--year", s_year, "--kind", "quarterly"));
	free(s_ok(cam, "sync"));
	json = s_ok(cam, "--json", "meeting", "list", "--year", s_year);
	char *q4 = lkt_quarter_of(json, 4); /* reviews July to September */
	free(json);
	lkt_ui_add_user(cam, "bambang", "Bambang", PW_BUDI, "en");
	lkt_ui_start(&ui, cam, cam, NULL);
	lkt_ui_session(&ui, "bambang", PW_BUDI, ck, sizeof ck, csrf);
	snprintf(path, sizeof path, "/komitmen?rapat=%s", q4);
	lkt_http(&ui, &h, "GET", path, ck, NULL);
	cr_assert_eq(h.status, 200, "%s\n%s", h.body, lkt_ui_log(&ui));
	lkt_page_labelled(h.body);
	lkt_has(h.body, "<select id=\"km-masalah\" name=\"masalah\">");
	snprintf(body, sizeof body, "<option value=\"%s\">Jamban sehat belum merata (Puskesmas Kaliwungu)</option>",
	         flagged);
	lkt_has(h.body, body);
	lkt_lacks(h.body, "Pernikahan usia dini");
	lkt_http_free(&h);

	snprintf(body, sizeof body, "rapat=%s&op=tambah&sektor=%s&masalah=%s&dukungan=Kerja+bakti+jamban&sampai=&kontak=",
	         q4, koramil, flagged);
	lkt_ui_post(&ui, &h, "/komitmen", ck, csrf, body);
	cr_assert_eq(h.status, 303, "%s\n%s", h.body, lkt_ui_log(&ui));
	lkt_http_free(&h);
	/* Left at "none", the commitment is for the whole kecamatan. */
	snprintf(body, sizeof body, "rapat=%s&op=tambah&sektor=%s&masalah=&dukungan=Penyuluhan+PHBS&sampai=&kontak=",
	         q4, koramil);
	lkt_ui_post(&ui, &h, "/komitmen", ck, csrf, body);
	cr_assert_eq(h.status, 303, "%s\n%s", h.body, lkt_ui_log(&ui));
	lkt_http_free(&h);

	/* The quarterly meeting's attendance: a heading per instansi, the kecamatan's own people first. */
	free(s_ok(cam, "sector", "rep", koramil, "Kapten Inf. Sugeng", "--title", "Danramil"));
	free(s_ok(cam, "attend", "invite", q4));
	free(s_ok(cam, "attend", "checkin", q4, "--name", "Serka Budi", "--role", "Babinsa", "--sector", koramil));
	snprintf(path, sizeof path, "/hadir?rapat=%s", q4);
	lkt_http(&ui, &h, "GET", path, ck, NULL);
	cr_assert_eq(h.status, 200, "%s\n%s", h.body, lkt_ui_log(&ui));
	lkt_page_labelled(h.body);
	const char *own = strstr(h.body, "<section class=\"hadir-sector\"><h2>Kecamatan Kaliwungu</h2>"),
	           *sec = strstr(h.body, "<section class=\"hadir-sector\"><h2>Koramil 02 Kaliwungu</h2>");
	cr_assert(own && sec && own < sec, "the kecamatan's people, then the sector:\n%s", h.body);
	const char *camat = strstr(own, "Drs. Bambang Wijaya"), *rep = strstr(own, "Kapten Inf. Sugeng"),
	           *walk = strstr(own, "Serka Budi");
	cr_assert(camat && camat > own && camat < sec, "the Camat under the kecamatan:\n%s", h.body);
	cr_assert(rep && rep > sec && walk && walk > sec, "the Danramil and the Babinsa under Koramil:\n%s", h.body);
	/* The Babinsa came uninvited, the invited Danramil not yet. */
	lkt_has(sec, "<p class=\"counts\">1 present (0 of the 1 invited, 1 walk-ins)</p>");
	lkt_lacks(h.body, "<span class=\"sector\">");
	lkt_http_free(&h);
	lkt_ui_stop(&ui);
	json = s_ok(cam, "--json", "commitment", "list");
	char *line = strstr(json, "Kerja bakti jamban"), *other = strstr(json, "Penyuluhan PHBS");
	cr_assert(line && other, "%s", json);
	snprintf(body, sizeof body, "\"problem_id\":\"%s\"", flagged);
	lkt_has(json, body);
	cr_assert_eq(lkt_count(json, body), 1, "only the first answers the problem: %s", json);
	free(json);
	free(aug);
	free(nov);
	free(flagged);
	free(koramil);
	free(q4);
}
