/*
 * test_web_pages: the schedule, staff, material and invitation pages of
 * `lokmin ui` over real HTTP: a real lokmind, an enrolled puskesmas device
 * with a Kapus whose signing key the district confirmed, a K.TU and
 * programme holders, and a real ui process. The K.TU plans the year and
 * postpones a meeting, adds a person, drafts the invitation; a programme
 * holder hands in a file for KIA and is turned away from GIZI and from
 * signing; the Kapus signs with her passphrase; the letter opens as a PDF.
 * What the pages did is checked with the CLI afterwards.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkt.h"
#include "lkt_cli.h"
#include "lkt_web.h"

#define PKM "P3324010101"
#define PASS_YUNI "kata sandi yuni 2036"
#define PASS_SRI "sri wahyuni kia 2036"
#define PASS_RATNA "kata sandi ratna 2036"
#define SIGN_PASS "frasa tanda tangan ratna"
/* Three weeks into February 2036: January and February were not held, March is next. */
#define NOW "2036-02-20T03:00:00Z"

static struct lkt_server s_srv;
static struct lkt_ui s_ui;
static char s_pkm[400];

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "pkm", s_pkm, sizeof s_pkm);
	cr_assert_eq(lkt_enroll(&s_srv, s_pkm, "puskesmas", PKM), 0);
	char *ratna = lkt_first_id(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("staff", "add", "dr. Ratna Dewi", "--title", "Kepala Puskesmas",
	                                                            "--role", "kapus", "--nip", "197805122005012003")));
	free(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("staff", "add", "Yuni Astuti", "--title", "Kepala Tata Usaha", "--role", "ktu")));
	free(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("staff", "add", "Sri Wahyuni", "--role", "pj_program", "--programmes", "KIA")));
	free(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("staff", "add", "Budi Hartono", "--role", "pj_program", "--programmes", "GIZI")));
	free(lkt_sign_confirmed(&s_srv, s_pkm, SIGN_PASS, ratna));
	free(ratna);
	lkt_ui_add_user(s_pkm, "yuni", "Astuti", PASS_YUNI, "id");
	lkt_ui_add_user(s_pkm, "sri", "Wahyuni", PASS_SRI, "id");
	lkt_ui_add_user(s_pkm, "ratna", "Ratna", PASS_RATNA, "id");
	lkt_ui_start(&s_ui, s_pkm, s_srv.dir, NOW);
}

static void s_teardown(void)
{
	lkt_ui_stop(&s_ui);
	lkt_server_fini(&s_srv);
}

TestSuite(web_pages, .init = s_setup, .fini = s_teardown, .timeout = 360);

/* GET path as the session; asserts the status, the security headers and no outside reference. */
static void s_get(struct lkt_http *h, const char *path, const char *cookie, long want)
{
	lkt_http(&s_ui, h, "GET", path, cookie, NULL);
	cr_assert_eq(h->status, want, "GET %s: %ld, not %ld\n%s\n%s", path, h->status, want, h->body, lkt_ui_log(&s_ui));
	lkt_http_secure(h);
	lkt_http_no_outside(h->body);
}

/* Keep the page as the test saw it under the build folder (web-pages/NAME.html), to look at later. */
static void s_keep(const struct lkt_http *h, const char *name)
{
	char path[300];
	if (mkdir("web-pages", 0700) != 0 && errno != EEXIST)
		return;
	snprintf(path, sizeof path, "web-pages/%s.html", name);
	FILE *f = fopen(path, "w");
	if (f) {
		fwrite(h->body, 1, strlen(h->body), f);
		fclose(f);
	}
}

/* POST body as the session; asserts the status. */
static void s_post(struct lkt_http *h, const char *path, const char *cookie, const char *csrf, const char *body, long want)
{
	lkt_ui_post(&s_ui, h, path, cookie, csrf, body);
	cr_assert_eq(h->status, want, "POST %s %s: %ld, not %ld\n%s\n%s", path, body, h->status, want, h->body,
	             lkt_ui_log(&s_ui));
	lkt_http_secure(h);
}

/* The id of the monthly meeting of period in year, from the CLI (malloc'd). */
static char *s_meeting_of(const char *year, int period)
{
	char *json = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("--json", "meeting", "list", "--year", year));
	char key[80];
	snprintf(key, sizeof key, "\"kind\":\"monthly\",\"period\":%d,", period);
	const char *p = strstr(json, key);
	cr_assert_not_null(p, "%s", json);
	while (p > json && strncmp(p, "{\"id\":\"", 7))
		p--;
	char *id = strndup(p + 7, 36);
	free(json);
	return id;
}

Test(web_pages, a_month_through_the_pages)
{
	struct lkt_http h;
	char yuni[200], ycsrf[65], sri[200], scsrf[65], ratna[200], rcsrf[65], body[600];

	lkt_ui_session(&s_ui, "yuni", PASS_YUNI, yuni, sizeof yuni, ycsrf);
	lkt_ui_session(&s_ui, "sri", PASS_SRI, sri, sizeof sri, scsrf);
	lkt_ui_session(&s_ui, "ratna", PASS_RATNA, ratna, sizeof ratna, rcsrf);

	/* ------------------------------------------------ the schedule: an empty year, planned by the K.TU */
	s_get(&h, "/jadwal?tahun=2036", yuni, 200);
	lkt_has(h.body, "<html lang=\"id\">");
	lkt_has(h.body, "Jadwal 2036");
	lkt_has(h.body, "Belum ada rapat yang direncanakan untuk 2036.");
	lkt_has(h.body, "Rencanakan 2036");
	lkt_has(h.body, "href=\"/jadwal\"");
	lkt_page_labelled(h.body);
	lkt_http_free(&h);
	/* A programme holder sees the page but may not plan. */
	s_get(&h, "/jadwal?tahun=2036", sri, 200);
	lkt_lacks(h.body, "Rencanakan 2036");
	lkt_http_free(&h);
	s_post(&h, "/jadwal", sri, scsrf, "aksi=rencana&tahun=2036&hari=3&jenis=monthly", 403);
	lkt_http_free(&h);
	char *none = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("--json", "meeting", "list", "--year", "2036"));
	lkt_lacks(none, "\"id\"");
	free(none);

	s_post(&h, "/jadwal", yuni, ycsrf, "aksi=rencana&tahun=2036&hari=3&jenis=monthly", 303);
	char *loc = lkt_http_header(&h, "Location");
	cr_assert_str_eq(loc, "/jadwal?tahun=2036");
	free(loc);
	lkt_http_free(&h);

	char *planned = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("--json", "meeting", "list", "--year", "2036"));
	int rows = 0;
	for (const char *p = strstr(planned, "{\"id\":"); p; p = strstr(p + 1, "{\"id\":"))
		rows++;
	cr_assert_eq(rows, 12, "%s", planned);
	lkt_has(planned, "\"period\":1,\"planned_date\":\"2036-01-03\"");
	free(planned);

	s_get(&h, "/jadwal?tahun=2036", yuni, 200);
	lkt_has(h.body, "Rapat tahun ini sudah direncanakan."); /* the note after the change */
	lkt_has(h.body, "3 Januari 2036");
	lkt_has(h.body, "3 Maret 2036");
	lkt_has(h.body, "tidak terlaksana"); /* January and February went by */
	lkt_has(h.body, "class=\"st-missed\"");
	lkt_has(h.body, "akan datang");
	lkt_has(h.body, "Tunda rapat");
	lkt_page_labelled(h.body);
	lkt_http_free(&h);

	/* Planning twice is refused by the domain, and its sentence shown. */
	s_post(&h, "/jadwal", yuni, ycsrf, "aksi=rencana&tahun=2036&hari=3&jenis=monthly", 409);
	lkt_has(h.body, "class=\"error\"");
	lkt_http_free(&h);

	/* ------------------------------------------------ postponing April, with its reason */
	char *april = s_meeting_of("2036", 4);
	snprintf(body, sizeof body, "aksi=tunda&tahun=2036&rapat=%s&tanggal=2036-04-21&alasan=", april);
	s_post(&h, "/jadwal", yuni, ycsrf, body, 400); /* no reason: the domain refuses */
	lkt_has(h.body, "class=\"error\"");
	lkt_http_free(&h);
	snprintf(body, sizeof body, "aksi=tunda&tahun=2036&rapat=%s&tanggal=2036-04-21&alasan=Vaksinasi+massal+di+desa",
	         april);
	s_post(&h, "/jadwal", yuni, ycsrf, body, 303);
	lkt_http_free(&h);
	char *after = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("--json", "meeting", "list", "--year", "2036"));
	char want[200];
	snprintf(want, sizeof want, "{\"id\":\"%s\",\"kind\":\"monthly\",\"period\":4,\"planned_date\":\"2036-04-21\"", april);
	lkt_has(after, want);
	lkt_has(after, "\"state\":\"postponed\"");
	free(after);
	free(april);

	/* ------------------------------------------------ February was held after all, on the 5th */
	char *feb = s_meeting_of("2036", 2);
	snprintf(body, sizeof body, "aksi=terlaksana&tahun=2036&rapat=%s&tanggal=2036-02-05", feb);
	s_post(&h, "/jadwal", yuni, ycsrf, body, 303);
	lkt_http_free(&h);
	after = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("--json", "meeting", "list", "--year", "2036"));
	snprintf(want, sizeof want, "{\"id\":\"%s\",\"kind\":\"monthly\",\"period\":2,", feb);
	const char *row = strstr(after, want);
	cr_assert_not_null(row, "%s", after);
	cr_assert(strstr(row, "\"held_date\":\"2036-02-05\"") && strstr(row, "\"held_date\":\"2036-02-05\"") < strchr(row, '}'),
	          "%s", row);
	free(after);
	free(feb);
	s_get(&h, "/jadwal?tahun=2036", sri, 200);
	lkt_has(h.body, "ditunda");
	lkt_has(h.body, "class=\"st-postponed\"");
	lkt_has(h.body, "Dipindah dari");
	lkt_has(h.body, "21 April 2036");
	lkt_has(h.body, "Vaksinasi massal di desa");
	lkt_has(h.body, "terlaksana pada 5 Februari 2036");
	lkt_has(h.body, "<a href=\"/hadir?rapat=");
	lkt_lacks(h.body, "Tunda rapat");
	lkt_lacks(h.body, "Tandai rapat terlaksana");
	s_keep(&h, "jadwal");
	lkt_http_free(&h);

	/* ------------------------------------------------ staff */
	s_get(&h, "/staf", sri, 200);
	lkt_has(h.body, "Kepala Puskesmas (Kapus)");
	lkt_has(h.body, "Pemegang program");
	lkt_has(h.body, "Sri Wahyuni");
	lkt_lacks(h.body, "Tambah orang");
	lkt_lacks(h.body, "pj_program</td>");
	lkt_http_free(&h);
	s_post(&h, "/staf", sri, scsrf, "aksi=tambah&nama=Orang+Luar", 403);
	lkt_http_free(&h);
	s_get(&h, "/staf", yuni, 200);
	lkt_has(h.body, "Tambah orang");
	lkt_page_labelled(h.body);
	lkt_http_free(&h);
	s_post(&h, "/staf", yuni, ycsrf, "aksi=tambah&nama=Dewi+Lestari&jabatan=Bidan+Desa&peran=pj_program&program=IMUNISASI",
	       303);
	lkt_http_free(&h);
	char *staff = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("staff", "list"));
	lkt_has(staff, "Dewi Lestari");
	lkt_has(staff, "IMUNISASI");
	free(staff);
	s_get(&h, "/staf", yuni, 200);
	lkt_has(h.body, "Dewi Lestari");
	lkt_has(h.body, "Bidan Desa");
	lkt_has(h.body, "Tersimpan.");
	s_keep(&h, "staf");
	/* Making her the Kapus is the district's: the domain refuses and says so. */
	const char *opt = strstr(h.body, "\">Dewi Lestari</option>");
	cr_assert_not_null(opt);
	const char *v = opt;
	while (v > h.body && strncmp(v, "value=\"", 7))
		v--;
	char dewi[40];
	snprintf(dewi, sizeof dewi, "%.36s", v + 7);
	lkt_http_free(&h);
	snprintf(body, sizeof body, "aksi=ubah&orang=%s&peran=kapus", dewi);
	lkt_ui_post(&s_ui, &h, "/staf", yuni, ycsrf, body);
	cr_assert(h.status >= 400 && h.status < 500, "%ld\n%s", h.status, h.body);
	lkt_has(h.body, "class=\"error\"");
	lkt_http_free(&h);
	snprintf(body, sizeof body, "aksi=ubah&orang=%s&jabatan=Bidan+Koordinator&program=IMUNISASI,KIA", dewi);
	s_post(&h, "/staf", yuni, ycsrf, body, 303);
	lkt_http_free(&h);
	staff = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("--json", "staff", "list"));
	lkt_has(staff, "Bidan Koordinator");
	lkt_has(staff, "IMUNISASI,KIA");
	free(staff);

	/* ------------------------------------------------ material: a programme holder's own programme only */
	s_get(&h, "/materi", sri, 200);
	lkt_has(h.body, "Bahan rapat");
	lkt_has(h.body, "Batas waktu:");
	lkt_has(h.body, "29 Februari 2036");
	lkt_has(h.body, "<td>KIA</td>");
	lkt_lacks(h.body, "GIZI");
	lkt_has(h.body, "belum ada");
	lkt_has(h.body, "enctype=\"multipart/form-data\"");
	lkt_page_labelled(h.body);
	lkt_http_free(&h);
	s_get(&h, "/materi?program=GIZI", sri, 403);
	lkt_lacks(h.body, "Budi Hartono");
	lkt_http_free(&h);

	static const char pdfish[] = "%PDF-1.4\nbahan KIA Maret\n";
	char fcsrf[80];
	snprintf(fcsrf, sizeof fcsrf, "csrf=%s", scsrf);
	const char *gizi[] = {fcsrf, "program=GIZI", NULL};
	lkt_http_upload(&s_ui, &h, "/materi", sri, gizi, "berkas", "gizi.pdf", "application/pdf", pdfish, sizeof pdfish - 1);
	cr_assert_eq(h.status, 403, "%ld\n%s", h.status, h.body);
	lkt_http_free(&h);
	const char *nocsrf[] = {"program=KIA", NULL};
	lkt_http_upload(&s_ui, &h, "/materi", sri, nocsrf, "berkas", "kia.pdf", "application/pdf", pdfish, sizeof pdfish - 1);
	cr_assert_eq(h.status, 403, "%ld\n%s", h.status, h.body);
	lkt_http_free(&h);
	char *st = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("--json", "material", "status", "2036-03"));
	lkt_lacks(st, "\"state\":\"on time\"");
	free(st);

	const char *kia[] = {fcsrf, "program=KIA", "catatan=Cakupan K4 Februari", NULL};
	lkt_http_upload(&s_ui, &h, "/materi", sri, kia, "berkas", "Bahan KIA Maret.pdf", "application/pdf", pdfish,
	                sizeof pdfish - 1);
	cr_assert_eq(h.status, 303, "%ld\n%s\n%s", h.status, h.body, lkt_ui_log(&s_ui));
	lkt_http_free(&h);
	st = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("--json", "material", "status", "2036-03"));
	lkt_has(st, "{\"programme\":\"KIA\",\"holder\":\"Sri Wahyuni\",\"submitted\":\"2036-02-20\",\"state\":\"on time\"");
	lkt_has(st, "{\"programme\":\"GIZI\",\"holder\":\"Budi Hartono\",\"submitted\":\"\",\"state\":\"missing\"");
	free(st);
	char *att = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("attachment", "list"));
	lkt_has(att, "Bahan KIA Maret.pdf");
	free(att);
	s_get(&h, "/materi", sri, 200);
	lkt_has(h.body, "tepat waktu");
	lkt_has(h.body, "20 Februari 2036");
	s_keep(&h, "materi");
	lkt_http_free(&h);
	/* The K.TU sees every programme. */
	s_get(&h, "/materi", yuni, 200);
	lkt_has(h.body, "<td>KIA</td>");
	lkt_has(h.body, "<td>GIZI</td>");
	lkt_has(h.body, "Budi Hartono");
	lkt_http_free(&h);

	/* ------------------------------------------------ the invitation: drafted by the K.TU */
	s_get(&h, "/undangan", yuni, 200);
	lkt_has(h.body, "Acara");
	lkt_has(h.body, "Belum ada surat undangan untuk rapat ini.");
	lkt_has(h.body, "Susun surat undangan");
	lkt_page_labelled(h.body);
	lkt_http_free(&h);
	s_post(&h, "/undangan", sri, scsrf, "aksi=draf&nomor=1", 403);
	lkt_http_free(&h);
	s_post(&h, "/undangan", yuni, ycsrf, "aksi=draf&nomor=005%2FPKM-KLW%2FIII%2F2036", 303);
	lkt_http_free(&h);
	s_get(&h, "/undangan", sri, 200);
	lkt_has(h.body, "005/PKM-KLW/III/2036");
	lkt_has(h.body, "Belum ditandatangani");
	lkt_has(h.body, "href=\"/undangan/pdf?rapat=");
	lkt_lacks(h.body, "type=\"password\"");
	lkt_http_free(&h);
	/* The K.TU is no head: the page says why, and a signature she sends anyway is refused by the domain. */
	s_get(&h, "/undangan", yuni, 200);
	lkt_has(h.body, "class=\"refused\"");
	lkt_lacks(h.body, "type=\"password\"");
	const char *idp = strstr(h.body, "/undangan/pdf?rapat=");
	cr_assert_not_null(idp);
	char march[40];
	snprintf(march, sizeof march, "%.36s", idp + strlen("/undangan/pdf?rapat="));
	lkt_http_free(&h);
	s_get(&h, "/undangan", ratna, 200);
	lkt_has(h.body, "Tandatangani surat undangan");
	lkt_has(h.body, "type=\"password\"");
	lkt_page_labelled(h.body);
	const char *ip = strstr(h.body, "name=\"undangan\" value=\"");
	cr_assert_not_null(ip);
	char inv[40];
	snprintf(inv, sizeof inv, "%.36s", ip + strlen("name=\"undangan\" value=\""));
	lkt_http_free(&h);

	snprintf(body, sizeof body, "aksi=tanda&rapat=%s&undangan=%s&sandi=frasa+tanda+tangan+ratna", march, inv);
	lkt_ui_post(&s_ui, &h, "/undangan", yuni, ycsrf, body);
	cr_assert(h.status == 403 || h.status == 400, "%ld\n%s", h.status, h.body);
	lkt_has(h.body, "class=\"error\"");
	lkt_http_free(&h);
	/* A programme holder is turned away by the page's roles before the domain is asked. */
	s_post(&h, "/undangan", sri, scsrf, body, 403);
	lkt_has(h.body, "Bukan untuk peran Anda");
	lkt_http_free(&h);

	/* ------------------------------------------------ the Kapus signs: a wrong passphrase signs nothing */
	snprintf(body, sizeof body, "aksi=tanda&rapat=%s&undangan=%s&sandi=bukan+frasanya", march, inv);
	lkt_ui_post(&s_ui, &h, "/undangan", ratna, rcsrf, body);
	cr_assert(h.status >= 400 && h.status < 500, "%ld\n%s", h.status, h.body);
	lkt_has(h.body, "class=\"error\"");
	lkt_http_free(&h);
	char *out = NULL, *err = NULL;
	lkt_cli(s_pkm, NULL, &out, &err, LKT_WORDS("invite", "show", "2036-03"));
	lkt_has(out, "[NOT SIGNED]");
	free(out);
	free(err);

	snprintf(body, sizeof body, "aksi=tanda&rapat=%s&undangan=%s&sandi=frasa+tanda+tangan+ratna", march, inv);
	s_post(&h, "/undangan", ratna, rcsrf, body, 303);
	lkt_http_free(&h);
	out = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("invite", "show", "2036-03"));
	lkt_has(out, "[signed by dr. Ratna Dewi");
	lkt_lacks(out, "NOT SIGNED");
	free(out);
	s_get(&h, "/undangan", ratna, 200);
	lkt_has(h.body, "Surat undangan sudah ditandatangani dan disegel.");
	lkt_has(h.body, "Ditandatangani secara elektronik");
	s_keep(&h, "undangan");
	lkt_lacks(h.body, "type=\"password\"");
	lkt_http_free(&h);

	/* ------------------------------------------------ the letter, one click away, as a PDF */
	char path[120];
	snprintf(path, sizeof path, "/undangan/pdf?rapat=%s", march);
	lkt_http(&s_ui, &h, "GET", path, sri, NULL);
	cr_assert_eq(h.status, 200, "%ld\n%s", h.status, h.body);
	lkt_http_secure(&h);
	lkt_has(h.head, "Content-Type: application/pdf");
	cr_assert(h.nbody > 1000 && !memcmp(h.body, "%PDF-", 5), "not a PDF: %zu bytes", h.nbody);
	lkt_http_free(&h);
	/* Every change of the pages reached lokmind, but for the signature: the ui's clock is set to 2036
	 * (LOKMIN_NOW) and the server refuses a signing time in its future. */
	char *failed = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("failed"));
	int lines = 0;
	for (const char *p = failed; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	cr_assert(lines <= 1, "refused changes:\n%s", failed);
	if (lines == 1)
		lkt_has(failed, "the signing time 2036-02-20T03:00:00Z is in the future");
	free(failed);
	/* Without a session: the login page, not the letter. */
	lkt_http(&s_ui, &h, "GET", path, NULL, NULL);
	cr_assert_eq(h.status, 303);
	lkt_http_free(&h);
}

/* The to-do list links each item to the page where it is done, and keeps follow-up long overdue apart
 * (collapsed, still there) so that it does not bury today's work. */
Test(web_pages, todo_links_and_old_followup_apart)
{
	struct lkt_http h;
	char yuni[200], ycsrf[65], sri[200], scsrf[65], want[200];

	free(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("meeting", "plan", "--year", "2035")));
	free(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("meeting", "plan", "--year", "2036")));
	free(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("rtl", "add", "2035-06", "--activity", "Sweeping imunisasi Juni", "--owner",
	                                        "wahyuni", "--due", "2035-06-30")));
	free(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("rtl", "add", "2035-12", "--activity", "Kelas ibu hamil Desember", "--owner",
	                                        "wahyuni", "--due", "2036-01-31")));
	char *june = s_meeting_of("2035", 6), *dec = s_meeting_of("2035", 12);
	lkt_ui_session(&s_ui, "yuni", PASS_YUNI, yuni, sizeof yuni, ycsrf);
	lkt_ui_session(&s_ui, "sri", PASS_SRI, sri, sizeof sri, scsrf);

	s_get(&h, "/", yuni, 200);
	s_keep(&h, "todo");
	const char *stale = strstr(h.body, "<details class=\"stale\">");
	cr_assert_not_null(stale, "%s", h.body);
	const char *recent = strstr(h.body, "Kelas ibu hamil Desember"), *old = strstr(h.body, "Sweeping imunisasi Juni");
	cr_assert(recent && recent < stale, "the December follow-up (20 days overdue) is today's work:\n%s", h.body);
	cr_assert(old && old > stale, "the June follow-up (235 days overdue) is kept apart:\n%s", h.body);
	lkt_has(stale, "1 RTL lewat waktu lebih dari 90 hari");
	snprintf(want, sizeof want, "href=\"/rtl?rapat=%s\"", dec);
	lkt_has(h.body, want);
	snprintf(want, sizeof want, "href=\"/rtl?rapat=%s\"", june);
	lkt_has(stale, want);
	/* March's meeting, 12 days ahead, has no invitation yet: the item opens March's invitation page. */
	char *march = s_meeting_of("2036", 3);
	snprintf(want, sizeof want, "href=\"/undangan?rapat=%s\"", march);
	lkt_has(h.body, want);
	free(march);
	lkt_http_free(&h);
	/* A programme holder sees the office's follow-up too. */
	s_get(&h, "/", sri, 200);
	lkt_has(h.body, "Kelas ibu hamil Desember");
	lkt_http_free(&h);
	free(june);
	free(dec);
}
