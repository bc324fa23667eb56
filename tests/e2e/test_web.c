/*
 * test_web: `lokmin ui` as a browser meets it: a real lokmind, an enrolled
 * puskesmas device with accounts, and a real `lokmin ui` process on a free
 * loopback port, spoken to over HTTP: login, sessions, CSRF, the security
 * headers, the to-do list in the account's language, the background sync.
 */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lk_date.h"
#include "lkt.h"
#include "lkt_cli.h"
#include "lkt_web.h"

#define PKM "P3324010101"
#define PASS_RATNA "kata sandi ratna 2036"
#define PASS_SRI "sri wahyuni kia 2036"

static struct lkt_server s_srv;
static char s_pkm[400], s_other[400];
static struct lkt_ui s_ui;
static char s_now[40];

/* The office: a Kapus (account in Indonesian) and a programme holder (account in English); a year of
 * meetings; "now" two days before the March meeting, when the KIA material is missing. */
static void s_setup(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "pkm", s_pkm, sizeof s_pkm);
	lkt_home(&s_srv, "other", s_other, sizeof s_other);
	cr_assert_eq(lkt_enroll(&s_srv, s_pkm, "puskesmas", PKM), 0);
	free(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("staff", "add", "dr. Ratna Dewi", "--role", "kapus")));
	free(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("staff", "add", "Sri Wahyuni", "--role", "pj_program", "--programmes", "KIA")));
	free(lkt_cli_ok(s_pkm, NULL, LKT_WORDS("meeting", "plan", "--year", "2036")));
	char *json = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("--json", "meeting", "list", "--year", "2036"));
	const char *p = strstr(json, "\"kind\":\"monthly\",\"period\":3,");
	cr_assert_not_null(p, "%s", json);
	const char *d = strstr(p, "\"planned_date\":\"");
	cr_assert_not_null(d);
	struct lk_date day;
	char iso[16];
	snprintf(iso, sizeof iso, "%.10s", d + strlen("\"planned_date\":\""));
	free(json);
	cr_assert_eq(lk_date_parse(iso, &day), 0);
	lk_date_from_days(lk_date_days(&day) - 2, &day);
	lk_date_format(&day, iso);
	snprintf(s_now, sizeof s_now, "%sT03:00:00Z", iso);
	lkt_ui_add_user(s_pkm, "ratna", "Ratna", PASS_RATNA, "id");
	lkt_ui_add_user(s_pkm, "sri", "Wahyuni", PASS_SRI, "en");
	lkt_ui_start(&s_ui, s_pkm, s_srv.dir, s_now);
}

static void s_teardown(void)
{
	lkt_ui_stop(&s_ui);
	lkt_server_fini(&s_srv);
	curl_global_cleanup();
}

TestSuite(web, .init = s_setup, .fini = s_teardown, .timeout = 300);

/* ---------------------------------------------------------------- tests */

Test(web, pages_need_a_login_and_every_answer_is_locked_down)
{
	struct lkt_http h;
	lkt_http(&s_ui, &h, "GET", "/", NULL, NULL);
	cr_assert_eq(h.status, 303);
	char *loc = lkt_http_header(&h, "Location");
	cr_assert_str_eq(loc, "/login");
	free(loc);
	lkt_http_secure(&h);
	lkt_http_free(&h);

	lkt_http(&s_ui, &h, "GET", "/login", NULL, NULL);
	cr_assert_eq(h.status, 200);
	lkt_http_secure(&h);
	lkt_http_no_outside(h.body);
	lkt_has(h.body, "<label for=\"login\">");
	lkt_has(h.body, "<label for=\"password\">");
	lkt_has(h.body, "href=\"/static/style.css\"");
	lkt_http_free(&h);

	lkt_http(&s_ui, &h, "GET", "/static/style.css", NULL, NULL);
	cr_assert_eq(h.status, 200);
	lkt_http_secure(&h);
	lkt_has(h.head, "Content-Type: text/css");
	lkt_has(h.body, "max-width");
	/* Every block is closed: one brace left open puts every later rule inside a media query. */
	int depth = 0;
	for (const char *c = h.body; *c; c++) {
		depth += *c == '{' ? 1 : *c == '}' ? -1 : 0;
		cr_assert_geq(depth, 0, "a '}' too many before: %.60s", c);
	}
	cr_assert_eq(depth, 0, "%d block(s) of the style sheet left open", depth);
	lkt_http_no_outside(h.body);
	lkt_http_free(&h);

	lkt_http(&s_ui, &h, "GET", "/no/such/page", NULL, NULL);
	cr_assert_eq(h.status, 404);
	lkt_http_secure(&h);
	lkt_http_no_outside(h.body);
	lkt_http_free(&h);

	lkt_http(&s_ui, &h, "PUT", "/login", NULL, "x=1");
	cr_assert_eq(h.status, 405);
	lkt_http_secure(&h);
	lkt_has(h.head, "Allow: ");
	lkt_http_free(&h);

	/* A login form sent without its token, or from another page's token, does nothing. */
	lkt_http(&s_ui, &h, "POST", "/login", NULL, "login=ratna&password=" PASS_RATNA);
	cr_assert_eq(h.status, 403);
	lkt_lacks(h.head, "lk_session=");
	lkt_http_secure(&h);
	lkt_http_free(&h);
}

Test(web, login_logout_and_the_rate_limit)
{
	struct lkt_http h;
	char cookie[200];

	lkt_ui_login(&s_ui, "ratna", "not the password", &h, cookie, sizeof cookie);
	cr_assert_eq(h.status, 401, "%ld\n%s", h.status, h.body);
	cr_assert_eq(cookie[0], '\0');
	lkt_http_no_outside(h.body);
	lkt_http_secure(&h);
	lkt_http_free(&h);
	lkt_ui_login(&s_ui, "nobody", PASS_RATNA, &h, cookie, sizeof cookie);
	cr_assert_eq(h.status, 401);
	cr_assert_eq(cookie[0], '\0');
	lkt_http_free(&h);

	/* A good login: a session cookie only the server reads, sent only to this site. */
	lkt_ui_login(&s_ui, "ratna", PASS_RATNA, &h, cookie, sizeof cookie);
	cr_assert_eq(h.status, 303, "%ld\n%s", h.status, h.body);
	char *set = NULL;
	const char *p = strstr(h.head, "Set-Cookie: lk_session=");
	cr_assert_not_null(p, "%s", h.head);
	set = strndup(p, strcspn(p, "\r\n"));
	lkt_has(set, "HttpOnly");
	lkt_has(set, "SameSite=Strict");
	lkt_has(set, "Path=/");
	free(set);
	lkt_http_free(&h);
	lkt_http(&s_ui, &h, "GET", "/", cookie, NULL);
	cr_assert_eq(h.status, 200);
	lkt_http_free(&h);

	/* Five quick wrong passwords, and the sixth attempt is refused even with the right one. */
	for (int i = 0; i < 5; i++) {
		lkt_ui_login(&s_ui, "sri", "wrong wrong wrong", &h, cookie, sizeof cookie);
		cr_assert_eq(h.status, 401, "attempt %d: %ld", i + 1, h.status);
		lkt_http_free(&h);
	}
	lkt_ui_login(&s_ui, "sri", PASS_SRI, &h, cookie, sizeof cookie);
	cr_assert_eq(h.status, 429, "%ld\n%s", h.status, h.body);
	cr_assert_eq(cookie[0], '\0');
	lkt_http_secure(&h);
	lkt_http_free(&h);
}

Test(web, a_post_without_the_right_csrf_token_changes_nothing)
{
	struct lkt_http h;
	char cookie[200], csrf[65], body[200];
	lkt_ui_login(&s_ui, "ratna", PASS_RATNA, &h, cookie, sizeof cookie);
	cr_assert_eq(h.status, 303);
	lkt_http_free(&h);
	lkt_http(&s_ui, &h, "GET", "/", cookie, NULL);
	cr_assert_eq(h.status, 200);
	lkt_http_csrf(h.body, csrf);
	lkt_http_free(&h);

	/* Logging out is a change: without the token, or with another, it is refused and the session lives. */
	lkt_http(&s_ui, &h, "POST", "/logout", cookie, NULL);
	cr_assert_eq(h.status, 403);
	lkt_http_secure(&h);
	lkt_http_free(&h);
	lkt_http(&s_ui, &h, "POST", "/logout", cookie, "csrf=0000000000000000000000000000000000000000000000000000000000000000");
	cr_assert_eq(h.status, 403);
	lkt_http_free(&h);
	lkt_http(&s_ui, &h, "GET", "/", cookie, NULL);
	cr_assert_eq(h.status, 200);
	lkt_http_free(&h);

	/* With it, the session ends. */
	snprintf(body, sizeof body, "csrf=%s", csrf);
	lkt_http(&s_ui, &h, "POST", "/logout", cookie, body);
	cr_assert_eq(h.status, 303);
	lkt_http_free(&h);
	lkt_http(&s_ui, &h, "GET", "/", cookie, NULL);
	cr_assert_eq(h.status, 303);
	lkt_http_free(&h);
}

Test(web, the_home_page_is_the_to_do_list_in_the_accounts_language)
{
	struct lkt_http h;
	char cookie[200];
	lkt_ui_login(&s_ui, "ratna", PASS_RATNA, &h, cookie, sizeof cookie);
	cr_assert_eq(h.status, 303);
	lkt_http_free(&h);
	/* The office's name comes with the first sync, which the ui starts by itself. */
	for (int i = 0;; i++) {
		lkt_http(&s_ui, &h, "GET", "/", cookie, NULL);
		cr_assert_eq(h.status, 200);
		if (strstr(h.body, "Puskesmas Kaliwungu</span>") || i == 100)
			break;
		lkt_http_free(&h);
		usleep(100000);
	}
	lkt_http_secure(&h);
	lkt_http_no_outside(h.body);
	lkt_has(h.body, "<html lang=\"id\">");
	lkt_has(h.body, "Yang harus dikerjakan hari ini");
	lkt_has(h.body, "Bahan rapat belum ada");
	lkt_has(h.body, "Puskesmas Kaliwungu</span>");
	lkt_lacks(h.body, "P3324010101");
	lkt_has(h.body, "belum ada bahan untuk KIA");
	lkt_has(h.body, " Maret 2036");
	lkt_has(h.body, "dr. Ratna Dewi");
	lkt_has(h.body, "Perubahan menunggu");
	lkt_has(h.body, "Keluar");
	lkt_http_free(&h);

	lkt_ui_login(&s_ui, "sri", PASS_SRI, &h, cookie, sizeof cookie);
	cr_assert_eq(h.status, 303);
	lkt_http_free(&h);
	lkt_http(&s_ui, &h, "GET", "/", cookie, NULL);
	cr_assert_eq(h.status, 200);
	lkt_has(h.body, "<html lang=\"en\">");
	lkt_has(h.body, "To do today");
	lkt_has(h.body, "Meeting material missing");
	lkt_has(h.body, "no material for KIA");
	lkt_has(h.body, " March 2036");
	lkt_has(h.body, "Changes waiting");
	lkt_http_free(&h);
}

/* The page, logged in as sri (English), into h. */
static void s_home_en(struct lkt_http *h, char *cookie, size_t n)
{
	if (!cookie[0]) {
		lkt_ui_login(&s_ui, "sri", PASS_SRI, h, cookie, n);
		cr_assert_eq(h->status, 303);
		lkt_http_free(h);
	}
	lkt_http(&s_ui, h, "GET", "/", cookie, NULL);
	cr_assert_eq(h->status, 200);
}

Test(web, the_ui_syncs_by_itself_and_works_offline)
{
	struct lkt_http h;
	char cookie[200] = "";

	/* Another device of the office adds a person; the ui's store gets it without `lokmin sync`. */
	cr_assert_eq(lkt_enroll(&s_srv, s_other, "puskesmas", PKM), 0);
	/* It starts from the office's records, as a new device does (the ui has pushed them by now). */
	for (int i = 0; i < 100; i++) {
		char *out = lkt_cli_ok(s_other, NULL, LKT_WORDS("sync"));
		free(out);
		out = lkt_cli_ok(s_other, NULL, LKT_WORDS("staff", "list"));
		int got = strstr(out, "Sri Wahyuni") != NULL;
		free(out);
		if (got)
			break;
		usleep(100000);
	}
	free(lkt_cli_ok(s_other, NULL, LKT_WORDS("staff", "add", "Budi Santoso", "--role", "staff")));
	char *pushed = lkt_cli_ok(s_other, NULL, LKT_WORDS("sync"));
	lkt_has(pushed, " 0 rejected");
	free(pushed);
	int seen = 0;
	for (int i = 0; i < 150 && !seen; i++) {
		char *out = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("staff", "list"));
		seen = strstr(out, "Budi Santoso") != NULL;
		free(out);
		if (!seen)
			usleep(100000);
	}
	if (!seen) {
		char *st = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("failed"));
		char *ls = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("staff", "list"));
		cr_assert_fail("the ui did not sync the other device's record:\n%s\n%s\n%s", lkt_ui_log(&s_ui), st, ls);
	}
	s_home_en(&h, cookie, sizeof cookie);
	cr_assert(strstr(h.body, "sync-online") || strstr(h.body, "sync-busy"), "%s", h.body);
	lkt_lacks(h.body, "Last sync: <span class=\"when\">never");
	lkt_has(h.body, "Last sync: <span class=\"when\">");
	lkt_http_free(&h);

	/* lokmind stops: the bar says so, and the pages still work. */
	lkt_server_stop(&s_srv, SIGTERM, 10000);
	int offline = 0;
	for (int i = 0; i < 200 && !offline; i++) {
		s_home_en(&h, cookie, sizeof cookie);
		offline = strstr(h.body, "sync-offline") != NULL;
		if (offline) {
			lkt_has(h.body, "Offline");
			lkt_has(h.body, "To do today");
			lkt_has(h.body, "no material for KIA");
		}
		lkt_http_free(&h);
		if (!offline)
			usleep(100000);
	}
	cr_assert(offline, "the bar never said the ui is offline:\n%s", lkt_ui_log(&s_ui));
}

Test(web, https_with_the_devices_own_certificate)
{
	struct lkt_ui tls;
	struct lkt_http h;
	char cookie[200], fp1[200] = "", cert[600];
	const char *https[] = {"--https", NULL};

	/* The first start makes a key and a certificate for the address; curl trusts only that certificate. */
	lkt_ui_start_with(&tls, s_pkm, s_srv.dir, s_now, https);
	snprintf(cert, sizeof cert, "%s/ui-tls/cert.pem", s_pkm);
	char *pem = lkt_read_file(cert);
	cr_assert_not_null(pem, "no certificate at %s:\n%s", cert, lkt_ui_log(&tls));
	lkt_has(pem, "BEGIN CERTIFICATE");
	lkt_ui_login(&tls, "ratna", PASS_RATNA, &h, cookie, sizeof cookie);
	cr_assert_eq(h.status, 303, "%ld\n%s", h.status, h.body);
	char *set = strstr(h.head, "Set-Cookie: lk_session=");
	cr_assert_not_null(set, "%s", h.head);
	cr_assert(strstr(set, "; Secure") && strstr(set, "; Secure") < strchr(set, '\n'), "no Secure in:\n%s", h.head);
	lkt_http_free(&h);
	lkt_http(&tls, &h, "GET", "/", cookie, NULL);
	cr_assert_eq(h.status, 200);
	lkt_has(h.body, "dr. Ratna Dewi");
	lkt_http_free(&h);
	const char *p = strstr(lkt_ui_log(&tls), "certificate SHA-256 ");
	cr_assert_not_null(p, "%s", lkt_ui_log(&tls));
	snprintf(fp1, sizeof fp1, "%.95s", p + strlen("certificate SHA-256 "));

	/* Plain HTTP to the same port gets no page. */
	char url[100];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/login", tls.port);
	CURL *c = curl_easy_init();
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, lkt_curl_discard);
	long status = 0;
	CURLcode rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	cr_assert(rc != CURLE_OK || status != 200, "plain HTTP was answered with a page");
	lkt_ui_stop(&tls);

	/* A restart keeps the same certificate, so the fingerprint people checked stays true. */
	lkt_ui_start_with(&tls, s_pkm, s_srv.dir, s_now, https);
	char *pem2 = lkt_read_file(cert);
	cr_assert_str_eq(pem, pem2);
	const char *log = lkt_ui_log(&tls), *last = NULL;
	for (const char *q = log; (q = strstr(q, "certificate SHA-256 ")) != NULL; q++)
		last = q;
	cr_assert_not_null(last);
	cr_assert_eq(strncmp(last + strlen("certificate SHA-256 "), fp1, strlen(fp1)), 0);
	lkt_lacks(last, "(new)");
	lkt_ui_stop(&tls);
	free(pem);
	free(pem2);
}

Test(web, a_page_asked_for_under_another_name_is_refused)
{
	/* DNS rebinding: a page of evil.example that resolves to 127.0.0.1 names itself in Host. */
	const char *hosts[] = {"Host: evil.example", "Host: evil.example:80", NULL};
	for (int i = 0; hosts[i]; i++) {
		char url[100];
		long status = 0;
		snprintf(url, sizeof url, "http://127.0.0.1:%d/login", s_ui.port);
		CURL *c = curl_easy_init();
		struct curl_slist *hd = curl_slist_append(NULL, hosts[i]);
		curl_easy_setopt(c, CURLOPT_URL, url);
		curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hd);
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, lkt_curl_discard);
		cr_assert_eq(curl_easy_perform(c), CURLE_OK);
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_cleanup(c);
		curl_slist_free_all(hd);
		cr_assert_eq(status, 421, "%s: %ld", hosts[i], status);
	}
	/* localhost is this device. */
	struct lkt_http h;
	lkt_http(&s_ui, &h, "GET", "/login", NULL, NULL);
	cr_assert_eq(h.status, 200);
	lkt_http_free(&h);
}

/* A GET of / as cookie: 200 (the session lives) or 303 to /login (it is over); the status. */
static long s_home_status(const struct lkt_ui *u, const char *cookie)
{
	struct lkt_http h;
	lkt_http(u, &h, "GET", "/", cookie, NULL);
	long st = h.status;
	if (st == 303) {
		char *loc = lkt_http_header(&h, "Location");
		cr_assert_str_eq(loc, "/login");
		free(loc);
	} else {
		cr_assert_eq(st, 200, "%ld\n%s", st, h.body);
		lkt_has(h.body, "Keluar");
	}
	lkt_http_free(&h);
	return st;
}

Test(web, a_session_unused_for_the_idle_timeout_is_over)
{
	struct lkt_ui idle;
	struct lkt_http h;
	char cookie[200], csrf[65];
	const char *two_s[] = {"--idle-timeout", "2s", NULL};

	/* The timeout is read as every duration of lokmin is; nonsense and zero are refused before serving. */
	lkt_cli_fail(s_pkm, NULL, 2, "idle_timeout", LKT_WORDS("ui", "--idle-timeout", "soon"));
	lkt_cli_fail(s_pkm, NULL, 2, "idle_timeout", LKT_WORDS("ui", "--idle-timeout", "0"));

	lkt_ui_start_with(&idle, s_pkm, s_srv.dir, s_now, two_s);
	lkt_ui_session(&idle, "ratna", PASS_RATNA, cookie, sizeof cookie, csrf);

	/* Used every 0.7 s for 5 s, more than twice the timeout: each request starts the idle clock afresh. */
	for (int i = 0; i < 7; i++) {
		usleep(700000);
		cr_assert_eq(s_home_status(&idle, cookie), 200, "request %d: the session ended while in use\n%s", i + 1,
		             lkt_ui_log(&idle));
	}
	/* A change in that time is made. */
	lkt_ui_post(&idle, &h, "/staf", cookie, csrf, "aksi=tambah&nama=Ani+Rahmawati&peran=staff");
	cr_assert_eq(h.status, 303, "%ld\n%s", h.status, h.body);
	lkt_http_free(&h);
	char *staff = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("--json", "staff", "list"));
	lkt_has(staff, "Ani Rahmawati");
	free(staff);

	/* Three seconds unused: the session is over. The same form with the same tokens is sent to log in. */
	sleep(3);
	lkt_ui_post(&idle, &h, "/staf", cookie, csrf, "aksi=tambah&nama=Wati+Susilowati&peran=staff");
	cr_assert_eq(h.status, 303, "%ld\n%s", h.status, h.body);
	char *loc = lkt_http_header(&h, "Location");
	cr_assert_str_eq(loc, "/login");
	free(loc);
	lkt_lacks(h.head, "lk_session=");
	lkt_http_free(&h);
	staff = lkt_cli_ok(s_pkm, NULL, LKT_WORDS("--json", "staff", "list"));
	lkt_lacks(staff, "Wati Susilowati");
	lkt_has(staff, "Ani Rahmawati");
	free(staff);
	/* Pages lead to the login form, and stay there: the session does not come back. */
	cr_assert_eq(s_home_status(&idle, cookie), 303);
	cr_assert_eq(s_home_status(&idle, cookie), 303);
	lkt_ui_stop(&idle);

	/* Without the option, the same three seconds end nothing (the default is 30 minutes). */
	lkt_ui_session(&s_ui, "ratna", PASS_RATNA, cookie, sizeof cookie, csrf);
	sleep(3);
	cr_assert_eq(s_home_status(&s_ui, cookie), 200);
}
