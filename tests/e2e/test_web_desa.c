/*
 * test_web_desa: the desa of a puskesmas chosen by name. Desa added on lokmind
 * reach the device with a sync; `lokmin capaian set --desa` takes a name, the
 * achievement page offers the desa by name, stores the chosen desa's code and
 * shows desa by name in its figures.
 */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkt.h"
#include "lkt_cli.h"
#include "lkt_web.h"

#define PKM "P3324010101"
#define PASS_RATNA "kata sandi ratna 2036"

static struct lkt_server s_srv;
static char s_pkm[400];
static struct lkt_ui s_ui;

static void s_add_desa(const char *code, const char *name, const char *pkm)
{
	char *err = NULL;
	const char *args[] = {"org", "add-desa", code, name, "--puskesmas", pkm, NULL};
	int rc = lkt_lokmind(&s_srv, NULL, &err, args);
	cr_assert_eq(rc, 0, "lokmind org add-desa %s: %s", code, err);
	free(err);
}

/* A puskesmas device whose working area has four desa (two of the shared
 * setup's, two added here; the neighbour puskesmas has one of its own), synced once, with its Kapus reading English. */
static void s_setup(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	s_add_desa("3324010003", "Protomulyo", PKM);
	s_add_desa("3324010004", "Kumpulrejo", PKM);
	s_add_desa("3324010005", "Kebonharjo", "P3324010102"); /* the neighbour's */
	lkt_home(&s_srv, "pkm", s_pkm, sizeof s_pkm);
	cr_assert_eq(lkt_enroll(&s_srv, s_pkm, "puskesmas", PKM), 0);
	free(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("staff", "add", "dr. Ratna Dewi", "--role", "kapus")));
	free(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("sync")));
	lkt_ui_add_user(s_pkm, "ratna", "Ratna", PASS_RATNA, "en");
	lkt_ui_start(&s_ui, s_pkm, s_srv.dir, "2036-04-10T03:00:00Z");
}

/* The same device never synced: lokmind stops right after the enrollment. The suite's own init has run
 * first (Criterion runs both): its lokmin ui and lokmind are stopped here, or they would outlive the test. */
static void s_setup_unsynced(void)
{
	lkt_ui_stop(&s_ui);
	lkt_server_fini(&s_srv);
	memset(&s_srv, 0, sizeof s_srv);
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "pkm", s_pkm, sizeof s_pkm);
	cr_assert_eq(lkt_enroll(&s_srv, s_pkm, "puskesmas", PKM), 0);
	cr_assert_eq(lkt_server_stop(&s_srv, SIGTERM, 10000), 0);
	free(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("staff", "add", "dr. Ratna Dewi", "--role", "kapus")));
	lkt_ui_add_user(s_pkm, "ratna", "Ratna", PASS_RATNA, "en");
	lkt_ui_start(&s_ui, s_pkm, s_srv.dir, "2036-04-10T03:00:00Z");
}

static void s_teardown(void)
{
	lkt_ui_stop(&s_ui);
	lkt_server_fini(&s_srv);
	curl_global_cleanup();
}

TestSuite(web_desa, .init = s_setup, .fini = s_teardown, .timeout = 300);

/* The offset of needle in text (asserts it is there). */
static long s_at(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);
	cr_assert_not_null(p, "\"%s\" is missing from:\n%s", needle, text);
	return (long)(p - text);
}

Test(web_desa, the_cli_takes_a_desa_by_name_and_says_which_when_unsure)
{
	/* A unique part of the name, in any case: the desa's code is stored. */
	free(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("capaian", "set", "KIA_K1", "2036-03", "12", "--denominator", "100",
	                                        "--desa", "PROTOMUL")));
	char *out = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("capaian", "list", "2036-03"));
	lkt_has(out, "Protomulyo (3324010003)"); /* the listing names it, with the code --desa takes too */
	lkt_has(out, "1 rows");
	free(out);
	/* Its coverage by name too. */
	out = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("capaian", "gaps", "2036-03", "--desa", "protomulyo", "--json"));
	lkt_has(out, "\"indicator\":\"KIA_K1\"");
	lkt_has(out, "\"achieved\":12.00");
	free(out);
	out = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("capaian", "gaps", "2036-03", "--desa", "protomulyo"));
	lkt_has(out, "Capaian Puskesmas Kaliwungu 2036 s.d. March, desa Protomulyo (green");
	lkt_lacks(out, "3324010003");
	free(out);
	/* Two desa end in "rejo": both are offered, nothing written. */
	lkt_cli_fail(s_pkm, NULL, 2, "Kumpulrejo",
	             LKT_WORDS("capaian", "set", "KIA_K1", "2036-03", "5", "--desa", "rejo"));
	lkt_cli_fail(s_pkm, NULL, 2, "Sarirejo",
	             LKT_WORDS("capaian", "set", "KIA_K1", "2036-03", "5", "--desa", "rejo"));
	/* An unknown name: the desa of the puskesmas are listed. */
	lkt_cli_fail(s_pkm, NULL, 2, "Kutoharjo (3324010001)",
	             LKT_WORDS("capaian", "set", "KIA_K1", "2036-03", "5", "--desa", "Bandung"));
	out = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("capaian", "list", "2036-03"));
	lkt_has(out, "1 rows");
	free(out);

	/* The CSV export carries the desa's name after the columns the import reads. */
	char path[600];
	snprintf(path, sizeof path, "%s/desa-2036.csv", s_srv.dir);
	free(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("capaian", "export", "--year", "2036", "-o", path)));
	char *csv = lkt_read_file(path);
	cr_assert_not_null(csv);
	lkt_has(csv, "indicator,indicator_name,year,month,desa,numerator,denominator,note,achievement_percent,desa_name\n");
	lkt_has(csv, ",3324010003,12,100,,12.0,Protomulyo\n");
	free(csv);
}

Test(web_desa, the_page_offers_the_desa_by_name_and_stores_the_chosen_code)
{
	struct lkt_http h;
	char cookie[200], csrf[65];
	lkt_ui_session(&s_ui, "ratna", PASS_RATNA, cookie, sizeof cookie, csrf);

	lkt_http(&s_ui, &h, "GET", "/capaian?tahun=2036&bulan=3", cookie, NULL);
	cr_assert_eq(h.status, 200, "%ld\n%s", h.status, h.body);
	lkt_http_secure(&h);
	/* Both forms choose among the desa by name, sorted by name, the whole puskesmas first. */
	lkt_has(h.body, "<label for=\"cap-desa\">Desa</label>\n<select id=\"cap-desa\" name=\"desa\">");
	lkt_has(h.body, "<label for=\"show-desa\">Desa</label>\n<select id=\"show-desa\" name=\"desa\">");
	lkt_lacks(h.body, "<input id=\"cap-desa\"");
	cr_assert_eq(lkt_count(h.body, "<option value=\"\">All desa (the whole puskesmas)</option>"), 2);
	cr_assert_eq(lkt_count(h.body, "<option value=\"3324010003\">Protomulyo</option>"), 2);
	long entry = s_at(h.body, "id=\"cap-desa\"");
	const char *form = h.body + entry;
	long all = s_at(form, "All desa"), kum = s_at(form, ">Kumpulrejo<"), kut = s_at(form, ">Kutoharjo<"),
	     pro = s_at(form, ">Protomulyo<"), sar = s_at(form, ">Sarirejo<");
	cr_assert(all < kum && kum < kut && kut < pro && pro < sar, "not sorted by name:\n%s", form);
	lkt_lacks(h.body, "Kebonharjo");
	lkt_http_free(&h);

	/* Protomulyo chosen: its code is stored. */
	lkt_ui_post(&s_ui, &h, "/capaian", cookie, csrf,
	            "do=set&indicator=KIA_K1&tahun=2036&bulan=3&desa=3324010003&numerator=30&denominator=400");
	cr_assert_eq(h.status, 303, "%ld\n%s", h.status, h.body);
	lkt_http_free(&h);
	char *out = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("capaian", "list", "2036-03"));
	lkt_has(out, "3324010003");
	lkt_has(out, "1 rows");
	free(out);

	/* The figures name the desa, not its code. */
	lkt_http(&s_ui, &h, "GET", "/capaian?tahun=2036&bulan=3", cookie, NULL);
	cr_assert_eq(h.status, 200);
	lkt_has(h.body, "<td>Protomulyo</td>");
	lkt_lacks(h.body, "<td>3324010003</td>");
	lkt_http_free(&h);
	/* One desa's coverage: its name in the heading, chosen in the list. */
	lkt_http(&s_ui, &h, "GET", "/capaian?tahun=2036&bulan=3&desa=3324010003", cookie, NULL);
	lkt_has(h.body, "Coverage of the target to March, desa Protomulyo");
	lkt_has(h.body, "<option value=\"3324010003\" selected>Protomulyo</option>");
	lkt_http_free(&h);

	/* A desa typed by name is stored by its code; an unknown one is refused with the choices. */
	lkt_ui_post(&s_ui, &h, "/capaian", cookie, csrf,
	            "do=set&indicator=KIA_K1&tahun=2036&bulan=3&desa=kumpul&numerator=7&denominator=300");
	cr_assert_eq(h.status, 303, "%ld\n%s", h.status, h.body);
	lkt_http_free(&h);
	lkt_ui_post(&s_ui, &h, "/capaian", cookie, csrf,
	            "do=set&indicator=KIA_K1&tahun=2036&bulan=3&desa=Bandung&numerator=7&denominator=300");
	cr_assert_eq(h.status, 400, "%ld\n%s", h.status, h.body);
	lkt_has(h.body, "Protomulyo (3324010003)");
	lkt_http_free(&h);
	out = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("capaian", "list", "2036-03"));
	lkt_has(out, "3324010004");
	lkt_has(out, "2 rows");
	free(out);

	/* The workbook names the desa beside their codes. */
	lkt_http(&s_ui, &h, "GET", "/capaian/xlsx?tahun=2036", cookie, NULL);
	cr_assert_eq(h.status, 200, "%ld\n%s", h.status, h.body);
	char *xml = lkt_xlsx_part(&h, s_srv.dir, "desa-2036.xlsx", "xl/sharedStrings.xml");
	lkt_http_free(&h);
	lkt_has(xml, "<t>Desa name</t>");
	lkt_has(xml, "<t>Protomulyo</t>");
	lkt_has(xml, "<t>Kumpulrejo</t>");
	free(xml);
}

Test(web_desa, before_the_first_sync_the_page_asks_for_the_code_with_a_hint, .init = s_setup_unsynced)
{
	struct lkt_http h;
	char cookie[200], csrf[65];
	lkt_ui_session(&s_ui, "ratna", PASS_RATNA, cookie, sizeof cookie, csrf);
	lkt_http(&s_ui, &h, "GET", "/capaian?tahun=2036&bulan=3", cookie, NULL);
	cr_assert_eq(h.status, 200, "%ld\n%s", h.status, h.body);
	lkt_has(h.body, "<label for=\"cap-desa\">Desa code (empty: the whole puskesmas)</label>\n<input id=\"cap-desa\"");
	lkt_has(h.body, "<p id=\"cap-desa-hint\" class=\"hint\">The names of the desa come with the first sync");
	lkt_lacks(h.body, "<select id=\"cap-desa\"");
	lkt_http_free(&h);

	/* A code is taken as typed (lokmind checks it against the working area); a name cannot be yet. */
	lkt_ui_post(&s_ui, &h, "/capaian", cookie, csrf,
	            "do=set&indicator=KIA_K1&tahun=2036&bulan=3&desa=Kutoharjo&numerator=7&denominator=300");
	cr_assert_eq(h.status, 400, "%ld\n%s", h.status, h.body);
	lkt_has(h.body, "no desa is known on this device yet");
	lkt_http_free(&h);
	lkt_ui_post(&s_ui, &h, "/capaian", cookie, csrf,
	            "do=set&indicator=KIA_K1&tahun=2036&bulan=3&desa=3324010001&numerator=7&denominator=300");
	cr_assert_eq(h.status, 303, "%ld\n%s", h.status, h.body);
	lkt_http_free(&h);
	char *out = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("capaian", "list", "2036-03"));
	lkt_has(out, "3324010001");
	lkt_has(out, "1 rows");
	free(out);
	/* The figures show the code while no name is known. */
	lkt_http(&s_ui, &h, "GET", "/capaian?tahun=2036&bulan=3", cookie, NULL);
	lkt_has(h.body, "<td>3324010001</td>");
	lkt_http_free(&h);
}
