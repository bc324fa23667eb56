/*
 * test_web_capaian: the achievement page of `lokmin ui` over real HTTP: an
 * Excel-saved CSV imported through the page and read back by the page and the
 * CLI, an ambiguous sheet refused whole, the XLSX download, the CSV template,
 * and a programme holder kept to their own programmes' indicators.
 */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkt.h"
#include "lkt_cli.h"
#include "lkt_web.h"

#define PKM "P3324010101"
#define PASS_RATNA "kata sandi ratna 2036"
#define PASS_SRI "sri wahyuni kia 2036"
#define PASS_BUDI "budi santoso ktu 2036"

static struct lkt_server s_srv;
static char s_pkm[400];
static struct lkt_ui s_ui;

/* A puskesmas device with its Kapus (Indonesian), its K.TU (English) and the KIA programme holder (English). */
static void s_setup(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "pkm", s_pkm, sizeof s_pkm);
	cr_assert_eq(lkt_enroll(&s_srv, s_pkm, "puskesmas", PKM), 0);
	free(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("staff", "add", "dr. Ratna Dewi", "--role", "kapus")));
	free(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("staff", "add", "Budi Santoso", "--role", "ktu")));
	free(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("staff", "add", "Sri Wahyuni", "--role", "pj_program", "--programmes", "KIA")));
	lkt_ui_add_user(s_pkm, "ratna", "Ratna", PASS_RATNA, "id");
	lkt_ui_add_user(s_pkm, "budi", "Budi", PASS_BUDI, "en");
	lkt_ui_add_user(s_pkm, "sri", "Wahyuni", PASS_SRI, "en");
	free(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("sync"))); /* the names of the desa */
	lkt_ui_start(&s_ui, s_pkm, s_srv.dir, "2036-04-10T03:00:00Z");
}

static void s_teardown(void)
{
	lkt_ui_stop(&s_ui);
	lkt_server_fini(&s_srv);
	curl_global_cleanup();
}

TestSuite(web_capaian, .init = s_setup, .fini = s_teardown, .timeout = 300);

/* A fixture sheet, whole (caller frees); its length in *n. */
static char *s_sheet(const char *name, size_t *n)
{
	char path[600];
	snprintf(path, sizeof path, "%s/%s", LK_SHEETS, name);
	char *data = lkt_read_file(path);
	cr_assert_not_null(data, "%s", path);
	*n = strlen(data);
	return data;
}

/* Upload bytes as the CSV of the page's import form. */
static void s_import(struct lkt_http *h, const char *cookie, const char *csrf, const char *filename, const char *data,
                     size_t len)
{
	char tok[80];
	snprintf(tok, sizeof tok, "csrf=%s", csrf);
	const char *fields[] = {tok, "do=import", NULL};
	lkt_http_upload(&s_ui, h, "/capaian", cookie, fields, "file", filename, "text/csv", data, len);
}

/* `lokmin capaian list` of a month (caller frees). */
static char *s_list(const char *month)
{
	return lkt_cli_ok(s_pkm, NULL, LKT_WORDS("capaian", "list", month));
}

Test(web_capaian, an_excel_csv_imported_through_the_page_shows_on_the_page_and_in_the_cli)
{
	struct lkt_http h;
	char cookie[200], csrf[65];
	size_t len;
	lkt_ui_session(&s_ui, "ratna", PASS_RATNA, cookie, sizeof cookie, csrf);

	/* The page before: labelled inputs, the two forms with their token, the downloads. */
	lkt_http(&s_ui, &h, "GET", "/capaian?tahun=2036&bulan=3", cookie, NULL);
	cr_assert_eq(h.status, 200, "%ld\n%s", h.status, h.body);
	lkt_http_secure(&h);
	lkt_http_no_outside(h.body);
	static const char *const ids[] = {"cap-ind", "cap-year", "cap-month", "cap-desa", "cap-num",
	                                  "cap-den", "cap-note", "cap-file", "show-year", "show-month"};
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
		char want[60];
		snprintf(want, sizeof want, "<label for=\"%s\">", ids[i]);
		lkt_has(h.body, want);
		snprintf(want, sizeof want, "id=\"%s\"", ids[i]);
		lkt_has(h.body, want);
	}
	lkt_has(h.body, "enctype=\"multipart/form-data\"");
	cr_assert_eq(lkt_count(h.body, "name=\"csrf\""), 3, "logout, entry, import"); /* the frame's logout too */
	lkt_has(h.body, "href=\"/capaian/xlsx?tahun=2036\"");
	lkt_has(h.body, "href=\"/capaian/template?tahun=2036&amp;bulan=3\"");
	lkt_lacks(h.body, " style=");
	lkt_lacks(h.body, "<script>"); /* only the app's own file, never inline */
	lkt_http_free(&h);

	/* BOM, ';', CRLF, decimal comma, 2.000 and 1.234 as thousands, a quoted note over two lines. */
	char *csv = s_sheet("excel_id.csv", &len);
	cr_assert(len > 3 && (unsigned char)csv[0] == 0xEF && strstr(csv, ";") && strstr(csv, "\r\n"));
	s_import(&h, cookie, csrf, "capaian maret.csv", csv, len);
	cr_assert_eq(h.status, 303, "%ld\n%s", h.status, h.body);
	char *loc = lkt_http_header(&h, "Location");
	cr_assert_str_eq(loc, "/capaian?tahun=2036&bulan=3", "the sheet's latest month, March, is shown");
	free(loc);
	lkt_http_free(&h);
	free(csv);

	lkt_http(&s_ui, &h, "GET", "/capaian?tahun=2036&bulan=3", cookie, NULL);
	cr_assert_eq(h.status, 200);
	/* The note once, in Indonesian, then March's figures as Indonesians write them. */
	lkt_has(h.body, "3 baris");
	lkt_has(h.body, "<th scope=\"col\">Pembilang</th>");
	lkt_has(h.body, "Angka Maret per desa");
	lkt_has(h.body, "<td class=\"num\">30</td>");
	lkt_has(h.body, "<td class=\"num\">2.000</td>");
	lkt_lacks(h.body, "kelas ibu; posyandu"); /* February's, shown with February */
	/* Coverage of the target: K1 to March, (12,5 + 1.234 + 30) / 2.000 = 63,8% of a 100% target to date of 25%. */
	lkt_has(h.body, "<td class=\"num\">63,8%</td>");
	lkt_has(h.body, "<div class=\"table-scroll\"><table class=\"capaian\">");
	lkt_http_free(&h);
	lkt_http(&s_ui, &h, "GET", "/capaian?tahun=2036&bulan=2", cookie, NULL);
	lkt_has(h.body, "<td class=\"num\">1.234</td>");
	lkt_has(h.body, "kelas ibu; posyandu");
	lkt_lacks(h.body, "<td class=\"num\">12,50</td>");
	lkt_http_free(&h);
	lkt_http(&s_ui, &h, "GET", "/capaian?tahun=2036&bulan=1", cookie, NULL);
	lkt_has(h.body, "<td class=\"num\">12,50</td>");
	lkt_http_free(&h);

	/* The CLI, in English: 1.234 of the decimal-comma file is one thousand two hundred and thirty-four. */
	char *out = s_list("2036-02");
	lkt_has(out, "KIA_K1");
	lkt_has(out, " 1,234       2,000");
	lkt_has(out, "1 rows");
	free(out);
	out = s_list("2036-01");
	lkt_has(out, " 12.5");
	free(out);
}

Test(web_capaian, an_ambiguous_sheet_is_refused_whole_with_its_row_and_column)
{
	struct lkt_http h;
	char cookie[200], csrf[65];
	size_t len;
	lkt_ui_session(&s_ui, "budi", PASS_BUDI, cookie, sizeof cookie, csrf);
	char *csv = s_sheet("ambiguous.csv", &len);
	s_import(&h, cookie, csrf, "ambiguous.csv", csv, len);
	free(csv);
	cr_assert_eq(h.status, 400, "%ld\n%s", h.status, h.body);
	lkt_http_secure(&h);
	lkt_has(h.body, "role=\"alert\"");
	lkt_has(h.body, "row 3, column D (numerator): &quot;1.234&quot; could be 1234");
	lkt_has(h.body, "1 rows refused; nothing was imported");
	/* The page itself is still there to try again. */
	lkt_has(h.body, "<label for=\"cap-file\">");
	lkt_http_free(&h);

	/* Row 2 was good, and still nothing was written. */
	char *out = s_list("2036-01");
	lkt_lacks(out, "KIA_K1");
	lkt_has(out, "0 rows");
	free(out);
	lkt_http(&s_ui, &h, "GET", "/capaian?tahun=2036&bulan=3", cookie, NULL);
	lkt_has(h.body, "Nothing entered for this year yet.");
	lkt_http_free(&h);

	/* An empty upload is refused as such. */
	s_import(&h, cookie, csrf, "empty.csv", "", 0);
	cr_assert_eq(h.status, 400, "%ld\n%s", h.status, h.body);
	lkt_http_free(&h);
}

Test(web_capaian, the_year_downloads_as_xlsx_and_the_template_as_csv)
{
	struct lkt_http h;
	char cookie[200], csrf[65];
	lkt_ui_session(&s_ui, "budi", PASS_BUDI, cookie, sizeof cookie, csrf);
	char sheet[600];
	snprintf(sheet, sizeof sheet, "%s/excel_id.csv", LK_SHEETS);
	free(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("capaian", "import", sheet)));

	lkt_http(&s_ui, &h, "GET", "/capaian/xlsx?tahun=2036", cookie, NULL);
	cr_assert_eq(h.status, 200, "%ld\n%s", h.status, h.body);
	lkt_http_secure(&h);
	lkt_has(h.head, "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	lkt_has(h.head, "Content-Disposition: attachment; filename=\"capaian-2036.xlsx\"");
	cr_assert(h.nbody > 4 && !memcmp(h.body, "PK\x03\x04", 4), "not a zip: %zu bytes", h.nbody);
	char *xml = lkt_xlsx_part(&h, s_srv.dir, "capaian-2036.xlsx", "xl/worksheets/sheet1.xml");
	lkt_http_free(&h);
	lkt_has(xml, "<v>12.5</v>");
	lkt_has(xml, "<v>1234</v>");
	lkt_has(xml, "<v>2000</v>");
	lkt_has(xml, "<v>2036</v>");
	free(xml);

	/* Another year: an empty workbook, still a workbook. */
	lkt_http(&s_ui, &h, "GET", "/capaian/xlsx?tahun=2035", cookie, NULL);
	cr_assert_eq(h.status, 200);
	cr_assert(h.nbody > 4 && !memcmp(h.body, "PK\x03\x04", 4));
	lkt_http_free(&h);

	lkt_http(&s_ui, &h, "GET", "/capaian/template?tahun=2036&bulan=4", cookie, NULL);
	cr_assert_eq(h.status, 200, "%ld\n%s", h.status, h.body);
	lkt_has(h.head, "Content-Type: text/csv");
	lkt_has(h.head, "Content-Disposition: attachment; filename=\"capaian-2036-04.csv\"");
	lkt_has(h.body, "indicator,indicator_name,year,month,desa,numerator,denominator,note\n");
	lkt_has(h.body, "KIA_K1,");
	lkt_has(h.body, ",2036,4,,,,\n");
	lkt_http_free(&h);
}

Test(web_capaian, a_programme_holder_enters_for_their_own_programmes_only)
{
	struct lkt_http h;
	char cookie[200], csrf[65];
	lkt_ui_session(&s_ui, "sri", PASS_SRI, cookie, sizeof cookie, csrf);

	/* KESLING is not Sri's: refused, nothing written. */
	lkt_ui_post(&s_ui, &h, "/capaian", cookie, csrf,
	            "do=set&indicator=KESLING_SANITASI&tahun=2036&bulan=3&desa=&numerator=40&denominator=100");
	cr_assert_eq(h.status, 403, "%ld\n%s", h.status, h.body);
	lkt_has(h.body, "KESLING_SANITASI is an indicator of programme KESLING; you hold KIA");
	lkt_http_free(&h);
	char *out = s_list("2036-03");
	lkt_has(out, "0 rows");
	free(out);

	/* Nor through a sheet: the row is named, and the KIA row with it is not written either. */
	const char *csv = "indicator;year;month;numerator;denominator\r\nKIA_K1;2036;3;20;400\r\n"
	                  "KESLING_SANITASI;2036;3;40;100\r\n";
	char tok[80];
	snprintf(tok, sizeof tok, "csrf=%s", csrf);
	const char *fields[] = {tok, "do=import", NULL};
	lkt_http_upload(&s_ui, &h, "/capaian", cookie, fields, "file", "campur.csv", "text/csv", csv, strlen(csv));
	cr_assert_eq(h.status, 400, "%ld\n%s", h.status, h.body);
	lkt_has(h.body, "row 3: KESLING_SANITASI is an indicator of programme KESLING");
	lkt_has(h.body, "nothing was imported");
	lkt_http_free(&h);
	out = s_list("2036-03");
	lkt_has(out, "0 rows");
	free(out);

	/* KIA is: saved, attributed to her, shown on the page. */
	lkt_ui_post(&s_ui, &h, "/capaian", cookie, csrf,
	            "do=set&indicator=KIA_K1&tahun=2036&bulan=3&desa=3324010001&numerator=25.5&denominator=400");
	cr_assert_eq(h.status, 303, "%ld\n%s", h.status, h.body);
	lkt_http_free(&h);
	out = s_list("2036-03");
	lkt_has(out, "KIA_K1");
	lkt_has(out, "3324010001");
	lkt_has(out, "1 rows");
	free(out);
	lkt_http(&s_ui, &h, "GET", "/capaian?tahun=2036&bulan=3", cookie, NULL);
	lkt_has(h.body, "Saved.");
	lkt_has(h.body, "<td class=\"num\">25.50</td>");
	lkt_http_free(&h);
	/* The desa's own coverage: 25,5 of 400 is 6.4%, a quarter of March's 25% target to date. */
	lkt_http(&s_ui, &h, "GET", "/capaian?tahun=2036&bulan=3&desa=3324010001", cookie, NULL);
	cr_assert_eq(h.status, 200);
	lkt_has(h.body, "Coverage of the target to March, desa Kutoharjo");
	lkt_has(h.body, "<td class=\"num\">6.4%</td><td class=\"num\">25.0%</td><td class=\"num\">25.5%</td>");
	lkt_has(h.body, "<label for=\"show-desa\">");
	lkt_http_free(&h);

	/* The Kapus may enter KESLING. */
	char kc[200], kcsrf[65];
	lkt_ui_session(&s_ui, "ratna", PASS_RATNA, kc, sizeof kc, kcsrf);
	lkt_ui_post(&s_ui, &h, "/capaian", kc, kcsrf,
	            "do=set&indicator=KESLING_SANITASI&tahun=2036&bulan=3&desa=&numerator=40&denominator=100");
	cr_assert_eq(h.status, 303, "%ld\n%s", h.status, h.body);
	lkt_http_free(&h);
	out = s_list("2036-03");
	lkt_has(out, "KESLING_SANITASI");
	free(out);
}
