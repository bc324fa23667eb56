/* lkt_web: test support for `lokmin ui`: the ui process on a free loopback port, HTTP through curl, logins and form tokens. */
#include "lkt_web.h"

#include <criterion/criterion.h>
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lkt.h"
#include "lkt_cli.h"

/* ---------------------------------------------------------------- the ui process */

void lkt_ui_add_user(const char *home, const char *login, const char *person, const char *pass, const char *lang)
{
	char cmd[1500];
	snprintf(cmd, sizeof cmd, "printf '%%s\\n' '%s' | '%s' --home '%s' ui --add-user %s --person '%s' --lang %s", pass,
	         LOKMIN_BIN, home, login, person, lang);
	const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
	char *out = NULL, *err = NULL;
	int rc = lkt_run(&out, &err, argv, NULL, 60000);
	cr_assert_eq(rc, 0, "add-user %s: %d\n%s\n%s", login, rc, out, err);
	lkt_has(out, login);
	free(out);
	free(err);
}

void lkt_ui_start(struct lkt_ui *u, const char *home, const char *dir, const char *now)
{
	lkt_ui_start_with(u, home, dir, now, NULL);
}

/* A handle for path on u with its scheme and the certificate it trusts. */
static CURL *s_handle(const struct lkt_ui *u, const char *path)
{
	char url[300];
	snprintf(url, sizeof url, "%s://127.0.0.1:%d%s", u->cafile[0] ? "https" : "http", u->port, path);
	CURL *c = curl_easy_init();
	cr_assert_not_null(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	if (u->cafile[0])
		curl_easy_setopt(c, CURLOPT_CAINFO, u->cafile);
	return c;
}

void lkt_ui_start_with(struct lkt_ui *u, const char *home, const char *dir, const char *now, const char *const *extra)
{
	char listen[40];
	const char *argv[20];
	int n = 0;
	memset(u, 0, sizeof *u);
	u->pid = -1;
	snprintf(u->home, sizeof u->home, "%s", home);
	snprintf(u->log, sizeof u->log, "%s/ui.log", dir);
	snprintf(u->now, sizeof u->now, "%s", now ? now : "");
	u->port = lkt_free_port();
	snprintf(listen, sizeof listen, "127.0.0.1:%d", u->port);
	const char *base[] = {LOKMIN_BIN, "--home", u->home, "--timeout", "1s", "ui", "--listen", listen, "--sync-every", "1s"};
	for (; n < 10; n++)
		argv[n] = base[n];
	for (size_t i = 0; extra && extra[i] && n < 19; i++) {
		argv[n++] = extra[i];
		if (!strcmp(extra[i], "--https"))
			snprintf(u->cafile, sizeof u->cafile, "%s/ui-tls/cert.pem", home);
	}
	argv[n] = NULL;
	u->pid = fork();
	cr_assert(u->pid >= 0);
	if (u->pid == 0) {
		FILE *f = freopen(u->log, "a", stderr);
		(void)f;
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "r", stdin))
			_exit(126);
		if (u->now[0])
			setenv("LOKMIN_NOW", u->now, 1);
		execv(LOKMIN_BIN, (char *const *)argv);
		_exit(127);
	}
	/* Up when the login page answers. */
	for (int i = 0; i < 400; i++) {
		CURL *c = s_handle(u, "/login");
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
		curl_easy_setopt(c, CURLOPT_TIMEOUT, 2L);
		CURLcode rc = curl_easy_perform(c);
		curl_easy_cleanup(c);
		if (rc == CURLE_OK)
			return;
		usleep(50000);
	}
	cr_assert_fail("lokmin ui did not start; see %s", u->log);
}

void lkt_ui_stop(struct lkt_ui *u)
{
	if (u->pid > 0) {
		int st;
		kill(u->pid, SIGTERM);
		waitpid(u->pid, &st, 0);
		cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0, "lokmin ui ended badly: %d", st);
		u->pid = -1;
	}
}

const char *lkt_ui_log(const struct lkt_ui *u)
{
	static char buf[65537];
	FILE *f = fopen(u->log, "r");
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

/* ---------------------------------------------------------------- HTTP */

struct sink {
	char *p;
	size_t len;
};

static size_t s_collect(char *p, size_t size, size_t n, void *arg)
{
	struct sink *b = arg;
	size_t add = size * n;
	b->p = realloc(b->p, b->len + add + 1);
	cr_assert_not_null(b->p);
	memcpy(b->p + b->len, p, add);
	b->len += add;
	b->p[b->len] = '\0';
	return add;
}

/* A handle for path with the answer going into the sinks. */
static CURL *s_easy(const struct lkt_ui *u, const char *path, const char *cookie, struct sink *head, struct sink *body)
{
	CURL *c = s_handle(u, path);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, s_collect);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, head);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, s_collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
	if (cookie && cookie[0])
		curl_easy_setopt(c, CURLOPT_COOKIE, cookie);
	return c;
}

static void s_finish(CURL *c, struct lkt_http *h, struct sink *head, struct sink *body, const char *what)
{
	CURLcode rc = curl_easy_perform(c);
	cr_assert_eq(rc, CURLE_OK, "%s: %s", what, curl_easy_strerror(rc));
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &h->status);
	curl_easy_cleanup(c);
	h->head = head->p ? head->p : strdup("");
	h->body = body->p ? body->p : strdup("");
	h->nbody = body->len;
}

void lkt_http(const struct lkt_ui *u, struct lkt_http *h, const char *method, const char *path, const char *cookie,
              const char *body)
{
	struct sink hd = {0}, bd = {0};
	memset(h, 0, sizeof *h);
	CURL *c = s_easy(u, path, cookie, &hd, &bd);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	if (strcmp(method, "GET") && strcmp(method, "POST"))
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	else if (!strcmp(method, "POST") && body == NULL)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
	s_finish(c, h, &hd, &bd, path);
}

void lkt_http_upload(const struct lkt_ui *u, struct lkt_http *h, const char *path, const char *cookie,
                     const char *const *fields, const char *file_field, const char *filename, const char *ctype,
                     const void *data, size_t len)
{
	struct sink hd = {0}, bd = {0};
	memset(h, 0, sizeof *h);
	CURL *c = s_easy(u, path, cookie, &hd, &bd);
	curl_mime *m = curl_mime_init(c);
	for (size_t i = 0; fields && fields[i]; i++) {
		const char *eq = strchr(fields[i], '=');
		cr_assert_not_null(eq, "a field is name=value: %s", fields[i]);
		char name[100];
		snprintf(name, sizeof name, "%.*s", (int)(eq - fields[i]), fields[i]);
		curl_mimepart *p = curl_mime_addpart(m);
		curl_mime_name(p, name);
		curl_mime_data(p, eq + 1, CURL_ZERO_TERMINATED);
	}
	if (file_field) {
		curl_mimepart *p = curl_mime_addpart(m);
		curl_mime_name(p, file_field);
		curl_mime_filename(p, filename);
		curl_mime_type(p, ctype);
		curl_mime_data(p, data, len);
	}
	curl_easy_setopt(c, CURLOPT_MIMEPOST, m);
	s_finish(c, h, &hd, &bd, path);
	curl_mime_free(m);
}

void lkt_http_free(struct lkt_http *h)
{
	free(h->head);
	free(h->body);
	h->head = h->body = NULL;
}

char *lkt_http_header(const struct lkt_http *h, const char *name)
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

void lkt_http_secure(const struct lkt_http *h)
{
	char *csp = lkt_http_header(h, "Content-Security-Policy");
	cr_assert_not_null(csp, "no CSP in:\n%s", h->head);
	lkt_has(csp, "default-src 'none'");
	lkt_has(csp, "frame-ancestors 'none'");
	lkt_has(csp, "form-action 'self'");
	lkt_lacks(csp, "unsafe-inline");
	free(csp);
	lkt_has(h->head, "X-Content-Type-Options: nosniff");
	lkt_has(h->head, "Referrer-Policy: no-referrer");
	lkt_has(h->head, "Server-Timing: app;dur=");
}

void lkt_http_no_outside(const char *text)
{
	const char *bad[] = {"src=\"http:", "src=\"https:", "src=\"//", "href=\"http:", "href=\"https:", "href=\"//",
	                     "src='http", "href='http", "url(http", "url(//", "@import", "action=\"http", "action=\"//"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		lkt_lacks(text, bad[i]);
}

void lkt_http_csrf(const char *page, char out[65])
{
	const char *p = strstr(page, "name=\"csrf\" value=\"");
	cr_assert_not_null(p, "no CSRF field in:\n%s", page);
	snprintf(out, 65, "%.64s", p + strlen("name=\"csrf\" value=\""));
}

void lkt_http_cookie(const struct lkt_http *h, const char *name, char *out, size_t n)
{
	char key[64];
	snprintf(key, sizeof key, "Set-Cookie: %s=", name);
	const char *p = strstr(h->head, key);
	out[0] = '\0';
	if (p)
		snprintf(out, n, "%.*s", (int)strcspn(p + 12, ";\r\n"), p + 12);
}

char *lkt_read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	struct sink b = {0};
	char buf[8192];
	for (size_t got; (got = fread(buf, 1, sizeof buf, f)) > 0;)
		s_collect(buf, 1, got, &b);
	fclose(f);
	return b.p ? b.p : strdup("");
}

size_t lkt_curl_discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

char *lkt_urlenc(const char *s)
{
	char *e = curl_easy_escape(NULL, s, 0), *out = strdup(e);
	curl_free(e);
	return out;
}

/* ---------------------------------------------------------------- logins and forms */

void lkt_ui_login(const struct lkt_ui *u, const char *login, const char *pass, struct lkt_http *out, char *cookie,
                  size_t n)
{
	struct lkt_http form;
	char csrf[65], pre[200], body[700];
	lkt_http(u, &form, "GET", "/login", NULL, NULL);
	cr_assert_eq(form.status, 200);
	lkt_http_csrf(form.body, csrf);
	lkt_http_cookie(&form, "lk_login", pre, sizeof pre);
	cr_assert(pre[0], "no login cookie:\n%s", form.head);
	lkt_http_free(&form);
	char *el = lkt_urlenc(login), *ep = lkt_urlenc(pass);
	snprintf(body, sizeof body, "csrf=%s&login=%s&password=%s", csrf, el, ep);
	free(el);
	free(ep);
	lkt_http(u, out, "POST", "/login", pre, body);
	lkt_http_cookie(out, "lk_session", cookie, n);
}

void lkt_ui_session(const struct lkt_ui *u, const char *login, const char *pass, char *cookie, size_t n, char csrf[65])
{
	struct lkt_http h;
	lkt_ui_login(u, login, pass, &h, cookie, n);
	cr_assert_eq(h.status, 303, "login %s: %ld\n%s", login, h.status, h.body);
	lkt_http_free(&h);
	lkt_http(u, &h, "GET", "/", cookie, NULL);
	cr_assert_eq(h.status, 200);
	lkt_http_csrf(h.body, csrf);
	lkt_http_free(&h);
}

void lkt_ui_post(const struct lkt_ui *u, struct lkt_http *h, const char *path, const char *cookie, const char *csrf,
                 const char *body)
{
	size_t n = strlen(csrf) + (body ? strlen(body) : 0) + 8;
	char *all = malloc(n);
	cr_assert_not_null(all);
	snprintf(all, n, "csrf=%s%s%s", csrf, body && body[0] ? "&" : "", body ? body : "");
	lkt_http(u, h, "POST", path, cookie, all);
	free(all);
}

void lkt_page_labelled(const char *page)
{
	static const char *const tags[] = {"<input ", "<select ", "<textarea "};
	for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++)
		for (const char *p = strstr(page, tags[t]); p; p = strstr(p + 1, tags[t])) {
			const char *end = strchr(p, '>');
			cr_assert_not_null(end);
			char tag[600], label[120];
			snprintf(tag, sizeof tag, "%.*s", (int)(end - p), p);
			if (strstr(tag, "type=\"hidden\""))
				continue;
			const char *id = strstr(tag, " id=\"");
			cr_assert_not_null(id, "no id on %s", tag);
			snprintf(label, sizeof label, "<label for=\"%.*s\">", (int)strcspn(id + 5, "\""), id + 5);
			cr_assert_not_null(strstr(page, label), "no %s for %s", label, tag);
		}
	lkt_lacks(page, "style=\"");
	lkt_lacks(page, "<script>");
}

void lkt_page_id_hidden(const char *page, const char *id)
{
	char v[80], l[80];
	snprintf(v, sizeof v, "value=\"%s\"", id);
	snprintf(l, sizeof l, "rapat=%s", id);
	cr_assert_eq(lkt_count(page, id), lkt_count(page, v) + lkt_count(page, l), "%s shown as text in:\n%s", id, page);
}

char *lkt_xlsx_part(const struct lkt_http *h, const char *dir, const char *name, const char *part)
{
	char path[600], cmd[900];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(h->body, 1, h->nbody, f), h->nbody);
	fclose(f);
	snprintf(cmd, sizeof cmd, "unzip -p '%s' %s", path, part);
	const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
	char *xml = NULL, *err = NULL;
	cr_assert_eq(lkt_run(&xml, &err, argv, NULL, 30000), 0, "%s", err);
	free(err);
	return xml;
}
