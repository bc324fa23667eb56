/*
 * test_web_meeting: the meeting pages of `lokmin ui` over HTTP against a real
 * lokmind and enrolled devices: tap-to-check-in attendance and a walk-in for a
 * sector, problems with fishbone causes ranked by USG, the follow-up board with
 * a photo as evidence and the Kapus' verification, and the minutes compiled,
 * signed, submitted and printed. The store is checked with the CLI afterwards.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lk_date.h"
#include "lkt.h"
#include "lkt_cli.h"
#include "lkt_web.h"

#define PKM "P3324010101"
#define KEC "332401"
#define PASS "kunci rahasia 2036"   /* the devices' and the Kapus' signing passphrase */
#define PW_RATNA "kata sandi ratna 2036"
#define PW_BUDI "kata sandi budi 2036"
#define PW_SRI "kata sandi sri 2036"
#define PW_CAMAT "kata sandi camat 2036"

static struct lkt_server s_srv;
static char s_pkm[400], s_cam[400], s_year[16], s_period[32];
static struct lkt_ui s_ui, s_ui_cam;
static char *s_march, *s_quarter, *s_sector;

#define s_ok(home, ...) lkt_cli_ok(home, PASS, LKT_WORDS(__VA_ARGS__))
#define s_id(home, ...) lkt_first_id(s_ok(home, __VA_ARGS__))

/* The value of hidden field name that comes first after needle in page, malloc'd. */
static char *s_field_after(const char *page, const char *needle, const char *name)
{
	char key[80];
	const char *p = strstr(page, needle);
	cr_assert_not_null(p, "no %s in:\n%s", needle, page);
	snprintf(key, sizeof key, "name=\"%s\" value=\"", name);
	p = strstr(p, key);
	cr_assert_not_null(p, "no field %s after %s in:\n%s", name, needle, page);
	p += strlen(key);
	return strndup(p, strcspn(p, "\""));
}

/* GET path as the session; asserts 200 and returns the body (malloc'd). */
static char *s_get(const struct lkt_ui *u, const char *path, const char *cookie)
{
	struct lkt_http h;
	lkt_http(u, &h, "GET", path, cookie, NULL);
	cr_assert_eq(h.status, 200, "GET %s: %ld\n%s\n%s", path, h.status, h.body, lkt_ui_log(u));
	lkt_http_secure(&h);
	lkt_http_no_outside(h.body);
	char *body = h.body;
	h.body = NULL;
	lkt_http_free(&h);
	return body;
}

/* POST body (after csrf) to path; the status. */
static long s_post(const struct lkt_ui *u, const char *path, const char *cookie, const char *csrf, const char *body)
{
	struct lkt_http h;
	lkt_ui_post(u, &h, path, cookie, csrf, body);
	long st = h.status;
	if (st != 303 && st != 403 && st != 400)
		cr_log_warn("POST %s: %ld\n%s", path, st, h.body);
	lkt_http_free(&h);
	return st;
}

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "pkm", s_pkm, sizeof s_pkm);
	lkt_home(&s_srv, "camat", s_cam, sizeof s_cam);
	cr_assert_eq(lkt_enroll(&s_srv, s_pkm, "puskesmas", PKM), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_cam, "kecamatan", KEC), 0);

	/* The puskesmas: a Kapus with a confirmed signing key, a K.TU, a programme holder; a year planned. */
	char *kapus = s_id(s_pkm, "staff", "add", "dr. Ratna Dewi", "--title", "Kepala Puskesmas", "--role", "kapus");
	free(lkt_sign_confirmed(&s_srv, s_pkm, PASS, kapus));
	free(kapus);
	free(s_ok(s_pkm, "staff", "add", "Budi Santoso", "--role", "ktu"));
	free(s_ok(s_pkm, "staff", "add", "Sri Wahyuni", "--role", "pj_program", "--programmes", "KIA"));
	/* The year of the real today: signatures must not be dated in the server's future. */
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	snprintf(s_year, sizeof s_year, "%d", tm.tm_year + 1900);
	free(s_ok(s_pkm, "meeting", "plan", "--year", s_year));
	lkt_ui_add_user(s_pkm, "ratna", "Ratna", PW_RATNA, "en");
	lkt_ui_add_user(s_pkm, "budi", "Budi", PW_BUDI, "en");
	lkt_ui_add_user(s_pkm, "sri", "Wahyuni", PW_SRI, "en");

	/* The camat's office: a sector and the year's quarterly meetings. */
	free(s_ok(s_cam, "staff", "add", "Drs. Bambang Wijaya", "--title", "Camat Kaliwungu", "--role", "camat"));
	s_sector = s_id(s_cam, "sector", "add", "KORAMIL", "Koramil 02 Kaliwungu", "--kind", "tni");
	free(s_ok(s_cam, "meeting", "plan", "--year", s_year, "--kind", "quarterly"));
	char *json = s_ok(s_cam, "--json", "meeting", "list", "--year", s_year);
	s_quarter = lkt_quarter_of(json, 1);
	free(json);
	lkt_ui_add_user(s_cam, "bambang", "Bambang", PW_CAMAT, "en");

	lkt_ui_start(&s_ui, s_pkm, s_srv.dir, NULL);
	char dir[500];
	snprintf(dir, sizeof dir, "%s/camat", s_srv.dir);
	lkt_ui_start(&s_ui_cam, s_cam, dir, NULL);

	/* The meeting at hand, as the pages pick it, and its handle for the CLI ("2026-12"). */
	char ck[200], csrf[65];
	lkt_ui_session(&s_ui, "budi", PW_BUDI, ck, sizeof ck, csrf);
	struct lkt_http h;
	lkt_http(&s_ui, &h, "GET", "/hadir", ck, NULL);
	cr_assert_eq(h.status, 200, "%ld\n%s", h.status, h.body);
	s_march = s_field_after(h.body, "<form", "rapat");
	lkt_http_free(&h);
	lkt_meeting_handle(s_pkm, s_year, s_march, s_period, sizeof s_period);
}

static void s_teardown(void)
{
	lkt_ui_stop(&s_ui);
	lkt_ui_stop(&s_ui_cam);
	free(s_march);
	free(s_quarter);
	free(s_sector);
	lkt_server_fini(&s_srv);
}

TestSuite(web_meeting, .init = s_setup, .fini = s_teardown, .timeout = 400);

/* ---------------------------------------------------------------- attendance */

Test(web_meeting, check_in_by_tapping_and_a_walk_in_for_a_sector)
{
	char cookie[200], csrf[65], body[400];
	lkt_ui_session(&s_ui, "budi", PW_BUDI, cookie, sizeof cookie, csrf);

	/* The meeting at hand is March's; the K.TU puts the staff on the list. */
	char *page = s_get(&s_ui, "/hadir", cookie);
	lkt_page_labelled(page);
	lkt_page_id_hidden(page, s_march);
	free(page);
	snprintf(body, sizeof body, "rapat=%s&op=undang", s_march);
	cr_assert_eq(s_post(&s_ui, "/hadir", cookie, csrf, body), 303);
	page = s_get(&s_ui, "/hadir", cookie);
	lkt_has(page, "Sri Wahyuni");
	lkt_has(page, "3 invited, 0 present");
	char *row = s_field_after(page, "Sri Wahyuni", "baris");
	free(page);

	/* A programme holder may look but not check people in. */
	char ck2[200], csrf2[65];
	lkt_ui_session(&s_ui, "sri", PW_SRI, ck2, sizeof ck2, csrf2);
	page = s_get(&s_ui, "/hadir", ck2);
	lkt_lacks(page, "name=\"baris\"");
	free(page);
	snprintf(body, sizeof body, "rapat=%s&op=hadir&baris=%s", s_march, row);
	cr_assert_eq(s_post(&s_ui, "/hadir", ck2, csrf2, body), 403);
	char *out = s_ok(s_pkm, "--json", "attend", "list", s_period);
	lkt_lacks(out, "\"present\":true");
	lkt_lacks(out, "\"present\":\"1\"");
	free(out);

	/* The K.TU taps Sri's button: she is present, and the store says so. */
	cr_assert_eq(s_post(&s_ui, "/hadir", cookie, csrf, body), 303);
	page = s_get(&s_ui, "/hadir", cookie);
	lkt_has(page, "3 invited, 1 present");
	lkt_has(page, "Present since");
	free(page);
	out = s_ok(s_pkm, "attend", "list", s_period);
	char *line = lkt_line_of(out, "Sri Wahyuni");
	cr_assert_eq(lkt_count(line, "yes"), 2, "invited and present: %s", line);
	free(line);
	free(out);
	free(row);

	/* The Daftar Hadir to print is one click away, with Sri on it. */
	char pdfpath[120];
	snprintf(pdfpath, sizeof pdfpath, "/hadir.pdf?rapat=%s", s_march);
	page = s_get(&s_ui, "/hadir", cookie);
	lkt_has(page, "href=\"/hadir.pdf?rapat=");
	free(page);
	struct lkt_http h;
	lkt_http(&s_ui, &h, "GET", pdfpath, cookie, NULL);
	cr_assert_eq(h.status, 200, "%ld\n%s", h.status, h.body);
	lkt_has(h.head, "Content-Type: application/pdf");
	cr_assert(h.nbody > 1000 && !memcmp(h.body, "%PDF-", 5), "not a PDF (%zu bytes)", h.nbody);
	/* Kept under the build folder, to look at. */
	char pdf[600] = "web-pages/hadir-web.pdf";
	cr_assert(mkdir("web-pages", 0700) == 0 || errno == EEXIST);
	FILE *f = fopen(pdf, "wb");
	cr_assert_not_null(f);
	fwrite(h.body, 1, h.nbody, f);
	fclose(f);
	lkt_http_free(&h);
	char *text = lkt_pdf_text(pdf, 0, 0);
	lkt_has(text, "ATTENDANCE LIST"); /* the K.TU reads English */
	lkt_has(text, "Sri Wahyuni");
	free(text);

	/* A walk-in at the camat's quarterly meeting, for the Koramil. */
	char ckc[200], csrfc[65], path[120];
	lkt_ui_session(&s_ui_cam, "bambang", PW_CAMAT, ckc, sizeof ckc, csrfc);
	snprintf(path, sizeof path, "/hadir?rapat=%s", s_quarter);
	page = s_get(&s_ui_cam, path, ckc);
	lkt_page_labelled(page);
	lkt_has(page, "<select id=\"sektor\"");
	lkt_has(page, "Koramil 02 Kaliwungu");
	free(page);
	snprintf(body, sizeof body, "rapat=%s&op=walkin&nama=Serka+Budi&jabatan=Babinsa&sektor=%s", s_quarter, s_sector);
	cr_assert_eq(s_post(&s_ui_cam, "/hadir", ckc, csrfc, body), 303);
	page = s_get(&s_ui_cam, path, ckc);
	lkt_has(page, "Serka Budi");
	lkt_has(page, "walk-in");
	free(page);
	char q1[40];
	snprintf(q1, sizeof q1, "%s-Q1", s_year);
	out = s_ok(s_cam, "attend", "list", q1);
	line = lkt_line_of(out, "Serka Budi");
	lkt_has(line, "Koramil 02 Kaliwungu");
	lkt_has(line, "walk-in");
	free(line);
	free(out);
}

/* ---------------------------------------------------------------- problems */

Test(web_meeting, problems_with_fishbone_causes_ranked_by_usg)
{
	char cookie[200], csrf[65], body[1200];
	lkt_ui_session(&s_ui, "sri", PW_SRI, cookie, sizeof cookie, csrf);
	char *page = s_get(&s_ui, "/masalah", cookie);
	lkt_page_labelled(page);
	lkt_has(page, "<textarea id=\"sebab_metode\"");
	free(page);
	/* A low one first, then a high one with causes in three categories. */
	snprintf(body, sizeof body, "rapat=%s&uraian=Kader+posyandu+kurang&u=2&s=2&g=1", s_march);
	cr_assert_eq(s_post(&s_ui, "/masalah", cookie, csrf, body), 303);
	snprintf(body, sizeof body,
	         "rapat=%s&uraian=Cakupan+K1+rendah+di+Desa+Kutoharjo&indikator=KIA_K1&kesenjangan=15%%25"
	         "&sebab_manusia=Bidan+desa+cuti+melahirkan&sebab_metode=Sweeping+ibu+hamil+tidak+rutin%%0D%%0A"
	         "Pencatatan+kohort+terlambat&sebab_lingkungan=Akses+jalan+rusak&u=5&s=4&g=4"
	         "&rekomendasi=Kunjungan+rumah+oleh+kader",
	         s_march);
	cr_assert_eq(s_post(&s_ui, "/masalah", cookie, csrf, body), 303);
	/* Half a USG score is refused and nothing is added. */
	snprintf(body, sizeof body, "rapat=%s&uraian=Setengah+skor&u=5", s_march);
	cr_assert_eq(s_post(&s_ui, "/masalah", cookie, csrf, body), 400);

	page = s_get(&s_ui, "/masalah", cookie);
	const char *hi = strstr(page, "Cakupan K1 rendah"), *lo = strstr(page, "Kader posyandu kurang");
	cr_assert(hi && lo && hi < lo, "ranked by USG:\n%s", page);
	lkt_has(page, "score 13");
	lkt_has(page, "score 5");
	lkt_has(page, "Sweeping ibu hamil tidak rutin");
	lkt_has(page, "Pencatatan kohort terlambat");
	lkt_has(page, "Akses jalan rusak");
	lkt_has(page, "Method");
	lkt_lacks(page, "Setengah skor");
	free(page);
	char *out = s_ok(s_pkm, "problem", "list", s_period);
	lkt_has(out, "2 problems");
	char *line = lkt_line_of(out, "Cakupan K1");
	lkt_has(line, "13");
	free(line);
	lkt_has(out, "method: Pencatatan kohort terlambat");
	free(out);
}

/* ---------------------------------------------------------------- follow-up */

Test(web_meeting, follow_up_with_a_photo_and_the_kapus_verification)
{
	char ck[200], csrf[65], body[600];
	/* Due in a month: the board says the day in words. */
	struct lk_date due;
	char due_iso[48], due_words[40];
	time_t now = time(NULL) + 30 * 86400;
	struct tm tm;
	gmtime_r(&now, &tm);
	snprintf(due_iso, sizeof due_iso, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	cr_assert_eq(lk_date_parse(due_iso, &due), 0);
	strftime(due_words, sizeof due_words, "%B %Y", &tm);
	free(s_ok(s_pkm, "rtl", "add", s_period, "--activity", "Sweeping ibu hamil Kutoharjo", "--owner", "Sri Wahyuni",
	          "--due", due_iso));
	lkt_ui_session(&s_ui, "sri", PW_SRI, ck, sizeof ck, csrf);
	char *page = s_get(&s_ui, "/rtl", ck);
	lkt_page_labelled(page);
	lkt_has(page, "Sweeping ibu hamil Kutoharjo");
	lkt_has(page, "In charge: Sri Wahyuni");
	lkt_has(page, due_words);
	lkt_has(page, "accept=\"image/*\" capture=\"environment\"");
	lkt_has(page, "enctype=\"multipart/form-data\"");
	char *item = s_field_after(page, "Sweeping ibu hamil Kutoharjo", "item");
	free(page);

	/* The person in charge reports it done with a photo taken on the phone. */
	unsigned char photo[3000];
	for (size_t i = 0; i < sizeof photo; i++)
		photo[i] = (unsigned char)(i * 7 + 3);
	photo[0] = 0xff, photo[1] = 0xd8, photo[2] = 0xff, photo[3] = 0x00;
	char f_csrf[80], f_rapat[60], f_item[60];
	snprintf(f_csrf, sizeof f_csrf, "csrf=%s", csrf);
	snprintf(f_rapat, sizeof f_rapat, "rapat=%s", s_march);
	snprintf(f_item, sizeof f_item, "item=%s", item);
	const char *fields[] = {f_csrf, f_rapat, "op=kemajuan", f_item, "status=done", "catatan=12 ibu hamil dikunjungi",
	                        NULL};
	struct lkt_http h;
	lkt_http_upload(&s_ui, &h, "/rtl", ck, fields, "foto", "IMG_0012.jpg", "image/jpeg", photo, sizeof photo);
	cr_assert_eq(h.status, 303, "%ld\n%s\n%s", h.status, h.body, lkt_ui_log(&s_ui));
	lkt_http_free(&h);
	page = s_get(&s_ui, "/rtl", ck);
	lkt_has(page, "12 ibu hamil dikunjungi");
	const char *img = strstr(page, "<img src=\"/lampiran/");
	cr_assert_not_null(img, "no thumbnail:\n%s", page);
	char path[200];
	snprintf(path, sizeof path, "%.*s", (int)strcspn(img + 10, "\""), img + 10);
	free(page);
	/* The photo comes back as it was sent, as a JPEG, only with a session. */
	lkt_http(&s_ui, &h, "GET", path, ck, NULL);
	cr_assert_eq(h.status, 200);
	lkt_http_secure(&h);
	lkt_has(h.head, "Content-Type: image/jpeg");
	cr_assert_eq(h.nbody, sizeof photo);
	cr_assert_eq(memcmp(h.body, photo, sizeof photo), 0);
	lkt_http_free(&h);
	lkt_http(&s_ui, &h, "GET", path, NULL, NULL);
	cr_assert_eq(h.status, 303);
	lkt_http_free(&h);
	char *out = s_ok(s_pkm, "attachment", "list");
	lkt_has(out, "IMG_0012.jpg");
	lkt_has(out, "3000");
	free(out);

	/* A programme holder cannot verify, nor can the K.TU; a wrong passphrase verifies nothing. */
	snprintf(body, sizeof body, "rapat=%s&op=verifikasi&item=%s&sandi=%s", s_march, item, "kunci+rahasia+2036");
	cr_assert_eq(s_post(&s_ui, "/rtl", ck, csrf, body), 403);
	char ckb[200], csrfb[65];
	lkt_ui_session(&s_ui, "budi", PW_BUDI, ckb, sizeof ckb, csrfb);
	cr_assert_eq(s_post(&s_ui, "/rtl", ckb, csrfb, body), 403);
	char ckr[200], csrfr[65];
	lkt_ui_session(&s_ui, "ratna", PW_RATNA, ckr, sizeof ckr, csrfr);
	page = s_get(&s_ui, "/rtl", ckr);
	lkt_has(page, "name=\"sandi\" type=\"password\"");
	free(page);
	snprintf(body, sizeof body, "rapat=%s&op=verifikasi&item=%s&sandi=%s", s_march, item, "bukan+kuncinya");
	cr_assert_eq(s_post(&s_ui, "/rtl", ckr, csrfr, body), 403);
	out = s_ok(s_pkm, "rtl", "list");
	char *line = lkt_line_of(out, "Sweeping ibu hamil");
	lkt_has(line, "done");
	free(line);
	free(out);
	snprintf(body, sizeof body, "rapat=%s&op=verifikasi&item=%s&sandi=%s", s_march, item, "kunci+rahasia+2036");
	cr_assert_eq(s_post(&s_ui, "/rtl", ckr, csrfr, body), 303);
	out = s_ok(s_pkm, "rtl", "list");
	line = lkt_line_of(out, "Sweeping ibu hamil");
	lkt_has(line, "verified");
	free(line);
	free(out);
	/* The server takes the evidence and the verification as they are. */
	sleep(3);
	out = s_ok(s_pkm, "failed");
	lkt_lacks(out, "rtl");
	lkt_lacks(out, "attachment");
	free(out);
	free(item);
}

/* ---------------------------------------------------------------- minutes */

Test(web_meeting, minutes_compiled_signed_submitted_and_printed)
{
	char ckb[200], csrfb[65], ckr[200], csrfr[65], cks[200], csrfs[65], body[600], path[120];
	free(s_ok(s_pkm, "meeting", "held", s_march));
	lkt_ui_session(&s_ui, "budi", PW_BUDI, ckb, sizeof ckb, csrfb);
	lkt_ui_session(&s_ui, "ratna", PW_RATNA, ckr, sizeof ckr, csrfr);
	lkt_ui_session(&s_ui, "sri", PW_SRI, cks, sizeof cks, csrfs);
	char *page = s_get(&s_ui, "/notulen", ckb);
	lkt_page_labelled(page);
	lkt_has(page, "<textarea id=\"keputusan\"");
	free(page);

	/* A programme holder does not compile minutes. */
	snprintf(body, sizeof body, "rapat=%s&op=susun", s_march);
	cr_assert_eq(s_post(&s_ui, "/notulen", cks, csrfs, body), 403);
	snprintf(body, sizeof body,
	         "rapat=%s&op=susun&mulai=08.00&selesai=11.30&keputusan=Sweeping+ibu+hamil+tiap+Sabtu%%0D%%0A"
	         "Kelas+ibu+hamil+dua+kali+sebulan",
	         s_march);
	cr_assert_eq(s_post(&s_ui, "/notulen", ckb, csrfb, body), 303);
	page = s_get(&s_ui, "/notulen", ckr);
	lkt_has(page, "Revision 1");
	lkt_has(page, "draft, not signed");
	lkt_has(page, "name=\"sandi\" type=\"password\"");
	lkt_page_labelled(page);
	char *minutes = s_field_after(page, "op\" value=\"tandatangan\"", "notulen");
	free(page);

	/* The PDF is one click away. */
	snprintf(path, sizeof path, "/notulen.pdf?rapat=%s", s_march);
	struct lkt_http h;
	lkt_http(&s_ui, &h, "GET", path, ckb, NULL);
	cr_assert_eq(h.status, 200, "%ld\n%s", h.status, h.body);
	lkt_has(h.head, "Content-Type: application/pdf");
	cr_assert(h.nbody > 1000 && !memcmp(h.body, "%PDF-", 5), "not a PDF (%zu bytes)", h.nbody);
	lkt_http_free(&h);

	/* A wrong passphrase signs nothing; the K.TU cannot sign; the Kapus signs. */
	snprintf(body, sizeof body, "rapat=%s&op=tandatangan&notulen=%s&sandi=bukan+kuncinya", s_march, minutes);
	cr_assert_eq(s_post(&s_ui, "/notulen", ckr, csrfr, body), 403);
	char *out = s_ok(s_pkm, "minutes", "history", s_period);
	lkt_has(out, "draft");
	lkt_lacks(out, "signed");
	free(out);
	snprintf(body, sizeof body, "rapat=%s&op=tandatangan&notulen=%s&sandi=kunci+rahasia+2036", s_march, minutes);
	cr_assert_eq(s_post(&s_ui, "/notulen", ckb, csrfb, body), 403);
	cr_assert_eq(s_post(&s_ui, "/notulen", ckr, csrfr, body), 303);
	out = s_ok(s_pkm, "minutes", "history", s_period);
	lkt_has(out, "signed");
	free(out);

	/* The K.TU submits them to the district. */
	snprintf(body, sizeof body, "rapat=%s&op=kirim&notulen=%s", s_march, minutes);
	cr_assert_eq(s_post(&s_ui, "/notulen", ckb, csrfb, body), 303);
	page = s_get(&s_ui, "/notulen", ckb);
	lkt_has(page, "submitted to the district");
	lkt_lacks(page, "value=\"kirim\"");
	free(page);
	out = s_ok(s_pkm, "minutes", "show", minutes);
	lkt_has(out, "Sweeping ibu hamil tiap Sabtu");
	free(out);

	/* The district returns them for revision: the feedback is at the top of the page once the ui has synced. */
	char district[400];
	lkt_district(&s_srv, "3324", district, sizeof district);
	out = s_ok(s_pkm, "failed");
	lkt_lacks(out, "minutes");
	free(out);
	int reviewed = 0;
	for (int i = 0; i < 30 && !reviewed; i++) {
		char *o = NULL, *e = NULL;
		free(s_ok(district, "sync"));
		reviewed = lkt_cli(district, NULL, &o, &e,
		                   LKT_WORDS("minutes", "review", minutes, "--needs-revision", "--reviewer", "Seksi Yankes",
		                             "--feedback", "Lengkapi daftar hadir lintas program")) == 0;
		free(o);
		free(e);
		if (!reviewed)
			sleep(1);
	}
	cr_assert(reviewed, "the district never saw the submitted minutes\n%s", lkt_ui_log(&s_ui));
	free(s_ok(district, "sync"));
	int shown = 0;
	for (int i = 0; i < 30 && !shown; i++) {
		page = s_get(&s_ui, "/notulen", ckb);
		shown = strstr(page, "Lengkapi daftar hadir lintas program") != NULL;
		if (shown) {
			lkt_has(page, "returned the minutes for revision");
			lkt_has(page, "Seksi Yankes");
			/* At the top: before the list of revisions, and a new revision asks what changed. */
			cr_assert(strstr(page, "Lengkapi daftar") < strstr(page, "Revision 1"), "%s", page);
			lkt_has(page, "<input id=\"alasan\"");
		}
		free(page);
		if (!shown)
			sleep(1);
	}
	cr_assert(shown, "the district's feedback never reached the page\n%s", lkt_ui_log(&s_ui));
	free(minutes);
}
