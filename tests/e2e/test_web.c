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

#define PKM "P3324010101"
#define PASS_RATNA "kata sandi ratna 2036"
#define PASS_SRI "sri wahyuni kia 2036"

static struct lkt_server s_srv;
static char s_pkm[400], s_other[400];
static pid_t s_ui = -1;
static int s_port;
static char s_now[40];

/* ---------------------------------------------------------------- HTTP */

struct http {
	long status;
	char *head, *body;
	size_t nhead, nbody;
};

static size_t s_collect(char *p, size_t size, size_t n, void *arg)
{
	char **buf = arg;
	size_t len = *buf ? strlen(*buf) : 0, add = size * n;
	*buf = realloc(*buf, len + add + 1);
	memcpy(*buf + len, p, add);
	(*buf)[len + add] = '\0';
	return add;
}

/* method path with the cookies (may be NULL) and a url-encoded body (may be NULL); fills h. */
static void s_http(struct http *h, const char *method, const char *path, const char *cookie, const char *body)
{
	char url[200];
	memset(h, 0, sizeof *h);
	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", s_port, path);
	CURL *c = curl_easy_init();
	cr_assert_not_null(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, s_collect);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &h->head);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, s_collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &h->body);
	if (cookie)
		curl_easy_setopt(c, CURLOPT_COOKIE, cookie);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	if (strcmp(method, "GET") && strcmp(method, "POST"))
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	else if (!strcmp(method, "POST") && body == NULL)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
	CURLcode rc = curl_easy_perform(c);
	cr_assert_eq(rc, CURLE_OK, "%s %s: %s", method, path, curl_easy_strerror(rc));
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &h->status);
	curl_easy_cleanup(c);
	if (h->head == NULL)
		h->head = strdup("");
	if (h->body == NULL)
		h->body = strdup("");
}

static void s_http_free(struct http *h)
{
	free(h->head);
	free(h->body);
}

/* The value of header name (case-insensitive), malloc'd, or NULL. */
static char *s_header(const struct http *h, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = h->head; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (!strncasecmp(p, name, n) && p[n] == ':') {
			const char *v = p + n + 1;
			while (*v == ' ')
				v++;
			return strndup(v, strcspn(v, "\r\n"));
		}
	}
	return NULL;
}

/* Every answer carries the security headers. */
static void s_secure_headers(const struct http *h)
{
	char *csp = s_header(h, "Content-Security-Policy");
	cr_assert_not_null(csp, "no CSP in:\n%s", h->head);
	lkt_has(csp, "default-src 'none'");
	lkt_has(csp, "frame-ancestors 'none'");
	lkt_has(csp, "form-action 'self'");
	lkt_lacks(csp, "unsafe-inline");
	free(csp);
	lkt_has(h->head, "X-Content-Type-Options: nosniff");
	lkt_has(h->head, "Referrer-Policy: no-referrer");
}

/* No reference to anything outside the app: no src or href to http:, https: or //. */
static void s_no_outside(const char *text)
{
	const char *bad[] = {"src=\"http:", "src=\"https:", "src=\"//", "href=\"http:", "href=\"https:", "href=\"//",
	                     "src='http", "href='http", "url(http", "url(//", "@import"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		lkt_lacks(text, bad[i]);
}

/* The value="..." of the hidden csrf field of page (into out[65]). */
static void s_csrf_of(const char *page, char out[65])
{
	const char *p = strstr(page, "name=\"csrf\" value=\"");
	cr_assert_not_null(p, "no CSRF field in:\n%s", page);
	snprintf(out, 65, "%.64s", p + strlen("name=\"csrf\" value=\""));
}

/* The cookie name=value pair a response sets (into out), "" when none. */
static void s_cookie_of(const struct http *h, const char *name, char *out, size_t n)
{
	char key[64];
	snprintf(key, sizeof key, "Set-Cookie: %s=", name);
	const char *p = strstr(h->head, key);
	out[0] = '\0';
	if (p)
		snprintf(out, n, "%.*s", (int)strcspn(p + 12, ";\r\n"), p + 12);
}

/* Log in; the login answer in *out (caller frees) and the session cookie "lk_session=..." in cookie. */
static void s_login(const char *login, const char *pass, struct http *out, char *cookie, size_t n)
{
	struct http form;
	char csrf[65], pre[200], body[400];
	s_http(&form, "GET", "/login", NULL, NULL);
	cr_assert_eq(form.status, 200);
	s_csrf_of(form.body, csrf);
	s_cookie_of(&form, "lk_login", pre, sizeof pre);
	cr_assert(pre[0], "no login cookie:\n%s", form.head);
	s_http_free(&form);
	char *el = curl_easy_escape(NULL, login, 0), *ep = curl_easy_escape(NULL, pass, 0);
	snprintf(body, sizeof body, "csrf=%s&login=%s&password=%s", csrf, el, ep);
	curl_free(el);
	curl_free(ep);
	s_http(out, "POST", "/login", pre, body);
	s_cookie_of(out, "lk_session", cookie, n);
}

/* ---------------------------------------------------------------- the ui process */

/* The ui's log (its stderr), for failure messages; static, the last 8 KiB. */
static const char *s_ui_log(void)
{
	static char buf[65537];
	char path[500];
	snprintf(path, sizeof path, "%s/ui.log", s_srv.dir);
	FILE *f = fopen(path, "r");
	buf[0] = '\0';
	if (f) {
		fseek(f, 0, SEEK_END);
		long n = ftell(f);
		fseek(f, n > 65536 ? n - 65536 : 0, SEEK_SET);
		size_t got = fread(buf, 1, 65536, f);
		buf[got] = '\0';
		fclose(f);
	}
	return buf;
}

static void s_add_user(const char *login, const char *person, const char *pass, const char *lang)
{
	char cmd[1500];
	snprintf(cmd, sizeof cmd, "printf '%%s\\n' '%s' | '%s' --home '%s' ui --add-user %s --person '%s' --lang %s",
	         pass, LOKMIN_BIN, s_pkm, login, person, lang);
	const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
	char *out = NULL, *err = NULL;
	int rc = lkt_run(&out, &err, argv, NULL, 60000);
	cr_assert_eq(rc, 0, "add-user %s: %d\n%s\n%s", login, rc, out, err);
	lkt_has(out, login);
	free(out);
	free(err);
}

static void s_ui_start(void)
{
	char port[16], listen[40], log[500], now[60];
	s_port = lkt_free_port();
	snprintf(port, sizeof port, "%d", s_port);
	snprintf(listen, sizeof listen, "127.0.0.1:%d", s_port);
	snprintf(log, sizeof log, "%s/ui.log", s_srv.dir);
	snprintf(now, sizeof now, "%s", s_now);
	s_ui = fork();
	cr_assert(s_ui >= 0);
	if (s_ui == 0) {
		FILE *f = freopen(log, "a", stderr);
		(void)f;
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "r", stdin))
			_exit(126);
		if (now[0])
			setenv("LOKMIN_NOW", now, 1);
		execl(LOKMIN_BIN, LOKMIN_BIN, "--home", s_pkm, "--timeout", "1s", "ui", "--listen", listen,
		      "--sync-every", "1s", (char *)NULL);
		_exit(127);
	}
	/* Up when the login page answers. */
	for (int i = 0; i < 200; i++) {
		char url[100];
		snprintf(url, sizeof url, "http://127.0.0.1:%d/login", s_port);
		CURL *c = curl_easy_init();
		curl_easy_setopt(c, CURLOPT_URL, url);
		curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
		curl_easy_setopt(c, CURLOPT_TIMEOUT, 2L);
		CURLcode rc = curl_easy_perform(c);
		curl_easy_cleanup(c);
		if (rc == CURLE_OK)
			return;
		usleep(50000);
	}
	cr_assert_fail("lokmin ui did not start; see %s", log);
}

static void s_ui_stop(void)
{
	if (s_ui > 0) {
		int st;
		kill(s_ui, SIGTERM);
		waitpid(s_ui, &st, 0);
		cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0, "lokmin ui ended badly: %d", st);
		s_ui = -1;
	}
}

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
	s_add_user("ratna", "Ratna", PASS_RATNA, "id");
	s_add_user("sri", "Wahyuni", PASS_SRI, "en");
	s_ui_start();
}

static void s_teardown(void)
{
	s_ui_stop();
	lkt_server_fini(&s_srv);
	curl_global_cleanup();
}

TestSuite(web, .init = s_setup, .fini = s_teardown, .timeout = 300);

/* ---------------------------------------------------------------- tests */

Test(web, pages_need_a_login_and_every_answer_is_locked_down)
{
	struct http h;
	s_http(&h, "GET", "/", NULL, NULL);
	cr_assert_eq(h.status, 303);
	char *loc = s_header(&h, "Location");
	cr_assert_str_eq(loc, "/login");
	free(loc);
	s_secure_headers(&h);
	s_http_free(&h);

	s_http(&h, "GET", "/login", NULL, NULL);
	cr_assert_eq(h.status, 200);
	s_secure_headers(&h);
	s_no_outside(h.body);
	lkt_has(h.body, "<label for=\"login\">");
	lkt_has(h.body, "<label for=\"password\">");
	lkt_has(h.body, "href=\"/static/style.css\"");
	s_http_free(&h);

	s_http(&h, "GET", "/static/style.css", NULL, NULL);
	cr_assert_eq(h.status, 200);
	s_secure_headers(&h);
	lkt_has(h.head, "Content-Type: text/css");
	lkt_has(h.body, "max-width");
	s_no_outside(h.body);
	s_http_free(&h);

	s_http(&h, "GET", "/no/such/page", NULL, NULL);
	cr_assert_eq(h.status, 404);
	s_secure_headers(&h);
	s_no_outside(h.body);
	s_http_free(&h);

	s_http(&h, "PUT", "/login", NULL, "x=1");
	cr_assert_eq(h.status, 405);
	s_secure_headers(&h);
	lkt_has(h.head, "Allow: ");
	s_http_free(&h);

	/* A login form sent without its token, or from another page's token, does nothing. */
	s_http(&h, "POST", "/login", NULL, "login=ratna&password=" PASS_RATNA);
	cr_assert_eq(h.status, 403);
	lkt_lacks(h.head, "lk_session=");
	s_secure_headers(&h);
	s_http_free(&h);
}

Test(web, login_logout_and_the_rate_limit)
{
	struct http h;
	char cookie[200];

	s_login("ratna", "not the password", &h, cookie, sizeof cookie);
	cr_assert_eq(h.status, 401, "%ld\n%s", h.status, h.body);
	cr_assert_eq(cookie[0], '\0');
	s_no_outside(h.body);
	s_secure_headers(&h);
	s_http_free(&h);
	s_login("nobody", PASS_RATNA, &h, cookie, sizeof cookie);
	cr_assert_eq(h.status, 401);
	cr_assert_eq(cookie[0], '\0');
	s_http_free(&h);

	/* A good login: a session cookie only the server reads, sent only to this site. */
	s_login("ratna", PASS_RATNA, &h, cookie, sizeof cookie);
	cr_assert_eq(h.status, 303, "%ld\n%s", h.status, h.body);
	char *set = NULL;
	const char *p = strstr(h.head, "Set-Cookie: lk_session=");
	cr_assert_not_null(p, "%s", h.head);
	set = strndup(p, strcspn(p, "\r\n"));
	lkt_has(set, "HttpOnly");
	lkt_has(set, "SameSite=Strict");
	lkt_has(set, "Path=/");
	free(set);
	s_http_free(&h);
	s_http(&h, "GET", "/", cookie, NULL);
	cr_assert_eq(h.status, 200);
	s_http_free(&h);

	/* Five quick wrong passwords, and the sixth attempt is refused even with the right one. */
	for (int i = 0; i < 5; i++) {
		s_login("sri", "wrong wrong wrong", &h, cookie, sizeof cookie);
		cr_assert_eq(h.status, 401, "attempt %d: %ld", i + 1, h.status);
		s_http_free(&h);
	}
	s_login("sri", PASS_SRI, &h, cookie, sizeof cookie);
	cr_assert_eq(h.status, 429, "%ld\n%s", h.status, h.body);
	cr_assert_eq(cookie[0], '\0');
	s_secure_headers(&h);
	s_http_free(&h);
}

Test(web, a_post_without_the_right_csrf_token_changes_nothing)
{
	struct http h;
	char cookie[200], csrf[65], body[200];
	s_login("ratna", PASS_RATNA, &h, cookie, sizeof cookie);
	cr_assert_eq(h.status, 303);
	s_http_free(&h);
	s_http(&h, "GET", "/", cookie, NULL);
	cr_assert_eq(h.status, 200);
	s_csrf_of(h.body, csrf);
	s_http_free(&h);

	/* Logging out is a change: without the token, or with another, it is refused and the session lives. */
	s_http(&h, "POST", "/logout", cookie, NULL);
	cr_assert_eq(h.status, 403);
	s_secure_headers(&h);
	s_http_free(&h);
	s_http(&h, "POST", "/logout", cookie, "csrf=0000000000000000000000000000000000000000000000000000000000000000");
	cr_assert_eq(h.status, 403);
	s_http_free(&h);
	s_http(&h, "GET", "/", cookie, NULL);
	cr_assert_eq(h.status, 200);
	s_http_free(&h);

	/* With it, the session ends. */
	snprintf(body, sizeof body, "csrf=%s", csrf);
	s_http(&h, "POST", "/logout", cookie, body);
	cr_assert_eq(h.status, 303);
	s_http_free(&h);
	s_http(&h, "GET", "/", cookie, NULL);
	cr_assert_eq(h.status, 303);
	s_http_free(&h);
}

Test(web, the_home_page_is_the_to_do_list_in_the_accounts_language)
{
	struct http h;
	char cookie[200];
	s_login("ratna", PASS_RATNA, &h, cookie, sizeof cookie);
	cr_assert_eq(h.status, 303);
	s_http_free(&h);
	/* The office's name comes with the first sync, which the ui starts by itself. */
	for (int i = 0;; i++) {
		s_http(&h, "GET", "/", cookie, NULL);
		cr_assert_eq(h.status, 200);
		if (strstr(h.body, "Puskesmas Kaliwungu</span>") || i == 100)
			break;
		s_http_free(&h);
		usleep(100000);
	}
	s_secure_headers(&h);
	s_no_outside(h.body);
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
	s_http_free(&h);

	s_login("sri", PASS_SRI, &h, cookie, sizeof cookie);
	cr_assert_eq(h.status, 303);
	s_http_free(&h);
	s_http(&h, "GET", "/", cookie, NULL);
	cr_assert_eq(h.status, 200);
	lkt_has(h.body, "<html lang=\"en\">");
	lkt_has(h.body, "To do today");
	lkt_has(h.body, "Meeting material missing");
	lkt_has(h.body, "no material for KIA");
	lkt_has(h.body, " March 2036");
	lkt_has(h.body, "Changes waiting");
	s_http_free(&h);
}

/* The page, logged in as sri (English), into h. */
static void s_home_en(struct http *h, char *cookie, size_t n)
{
	if (!cookie[0]) {
		s_login("sri", PASS_SRI, h, cookie, n);
		cr_assert_eq(h->status, 303);
		s_http_free(h);
	}
	s_http(h, "GET", "/", cookie, NULL);
	cr_assert_eq(h->status, 200);
}

Test(web, the_ui_syncs_by_itself_and_works_offline)
{
	struct http h;
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
		cr_assert_fail("the ui did not sync the other device's record:\n%s\n%s\n%s", s_ui_log(), st, ls);
	}
	s_home_en(&h, cookie, sizeof cookie);
	cr_assert(strstr(h.body, "sync-online") || strstr(h.body, "sync-busy"), "%s", h.body);
	lkt_lacks(h.body, "Last sync: <span class=\"when\">never");
	lkt_has(h.body, "Last sync: <span class=\"when\">");
	s_http_free(&h);

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
		s_http_free(&h);
		if (!offline)
			usleep(100000);
	}
	cr_assert(offline, "the bar never said the ui is offline:\n%s", s_ui_log());
}
