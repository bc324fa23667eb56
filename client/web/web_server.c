/*
 * web_server: the web app over libmicrohttpd: one internal polling thread
 * answers every request (so the engine handle, the store and the sessions
 * have one owner), routes them, checks the session and the CSRF token, and
 * puts the security headers on every response.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <microhttpd.h>

#include "account.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_log.h"
#include "lk_util.h"
#include "web_priv.h"
#include "web_tls.h"

#define COOKIE_SESSION "lk_session"
#define COOKIE_LOGIN "lk_login" /* the login form's CSRF token, before there is a session */

static const char s_csp[] = "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; "
                            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/* One request while its body arrives. A multipart body goes through libmicrohttpd's post
 * processor: its plain fields are kept url-encoded in body (parsed as any form) and its one file
 * in file. */
struct req {
	struct web_buf body;
	size_t got, max;    /* bytes received, and the route's limit */
	int too_big;
	struct MHD_PostProcessor *pp;
	struct web_upload file;
	struct web_buf data; /* the file's bytes */
	int files;           /* file fields seen (one is accepted) */
};

static void s_reply_init(struct web_reply *r)
{
	memset(r, 0, sizeof *r);
	r->status = 200;
}

static enum MHD_Result s_send(struct MHD_Connection *c, struct web_reply *r, int head)
{
	struct MHD_Response *res;
	if (r->body.oom) {
		web_buf_free(&r->body);
		r->status = 500;
		web_buf_raw(&r->body, "out of memory\n");
		r->ctype = "text/plain; charset=utf-8";
	}
	size_t len = r->body.len;
	res = MHD_create_response_from_buffer(len, r->body.p ? r->body.p : (char *)"", MHD_RESPMEM_MUST_COPY);
	web_buf_free(&r->body);
	if (res == NULL)
		return MHD_NO;
	(void)head; /* libmicrohttpd leaves the body out of a HEAD answer itself */
	MHD_add_response_header(res, "Content-Type", r->ctype ? r->ctype : "text/html; charset=utf-8");
	MHD_add_response_header(res, "Content-Security-Policy", s_csp);
	MHD_add_response_header(res, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(res, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(res, "X-Frame-Options", "DENY");
	MHD_add_response_header(res, "Cache-Control", r->cacheable ? "private, max-age=3600" : "no-store");
	if (r->location[0])
		MHD_add_response_header(res, "Location", r->location);
	for (int i = 0; i < 2; i++)
		if (r->cookie[i][0])
			MHD_add_response_header(res, "Set-Cookie", r->cookie[i]);
	if (r->allow)
		MHD_add_response_header(res, "Allow", r->allow);
	if (r->disposition[0])
		MHD_add_response_header(res, "Content-Disposition", r->disposition);
	/* How long the page took to make, for the browser's tools and `lokmin-bench ui`. */
	char timing[48];
	snprintf(timing, sizeof timing, "app;dur=%.3f", (double)r->server_us / 1000.0);
	MHD_add_response_header(res, "Server-Timing", timing);
	enum MHD_Result rc = MHD_queue_response(c, (unsigned)r->status, res);
	MHD_destroy_response(res);
	return rc;
}

static void s_redirect(struct web_reply *r, const char *to)
{
	r->status = 303;
	lk_strlcpy(r->location, to, sizeof r->location);
}

/* The client's address as text into out. */
static void s_addr(struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	lk_strlcpy(out, "?", n);
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, out, (socklen_t)n);
	else if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, out, (socklen_t)n);
}

static struct web_session *s_session(const struct web_app *a, struct MHD_Connection *c)
{
	char tok[WEB_TOKEN_LEN + 1];
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE);
	if (h == NULL || web_cookie_get(h, COOKIE_SESSION, tok, sizeof tok) != 0)
		return NULL;
	return web_session_find(tok, (int64_t)lk_now_ms(), a->idle_ms);
}

/* 1 when the request's Host names this ui: its address and port, or localhost on loopback (a page
 * elsewhere whose name was made to resolve here, DNS rebinding, names itself). */
static int s_host_ok(const struct web_app *a, struct MHD_Connection *c)
{
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	const char *port = strrchr(a->host, ':');
	char local[40];
	if (h == NULL || port == NULL)
		return 0;
	if (!strcasecmp(h, a->host))
		return 1;
	snprintf(local, sizeof local, "localhost%s", port);
	return a->loopback && !strcasecmp(h, local);
}

/* ---------------------------------------------------------------- login and logout */

/* The Secure attribute of a cookie: over HTTPS the browser never sends it in the clear. */
static const char *s_secure(const struct web_app *a)
{
	return a->https ? "; Secure" : "";
}

static void s_login_form(struct web_app *a, struct web_reply *r, const char *login, const char *error, int status)
{
	char csrf[WEB_TOKEN_LEN + 1];
	web_token(csrf);
	snprintf(r->cookie[0], sizeof r->cookie[0], COOKIE_LOGIN "=%s; HttpOnly; SameSite=Strict; Path=/login%s", csrf,
	         s_secure(a));
	r->status = status;
	web_page_login(a, r, csrf, login, error);
}

static void s_login_post(struct web_app *a, struct MHD_Connection *c, const struct web_form *f, struct web_reply *r)
{
	char want[WEB_TOKEN_LEN + 1], addr[64];
	const char *ck = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE);
	const char *csrf = web_form_get(f, "csrf"), *login = web_form_get(f, "login"),
	           *pass = web_form_get(f, "password");
	int64_t now = (int64_t)lk_now_ms();
	struct lk_account acc;

	if (ck == NULL || web_cookie_get(ck, COOKIE_LOGIN, want, sizeof want) != 0 || csrf == NULL ||
	    !web_str_eq(csrf, want)) {
		web_page_error(a, NULL, r, 403);
		return;
	}
	s_addr(c, addr, sizeof addr);
	if (login == NULL || pass == NULL) {
		s_login_form(a, r, login, _("Enter your user name and password."), 400);
		return;
	}
	if (web_rate_blocked(login, addr, now)) {
		log_warnx("ui: login of \"%s\" from %s refused: too many failed attempts", login, addr);
		s_login_form(a, r, login, _("Too many failed attempts. Wait a few minutes, then try again."), 429);
		return;
	}
	int rc = lk_account_check(a->d.st, login, pass, &acc);
	if (rc != 0) {
		if (rc == -LK_EPERM) {
			web_rate_fail(login, addr, now);
			log_info("ui: failed login of \"%s\" from %s", login, addr);
		} else {
			log_warnx("ui: login check failed: %s", lk_store_error(a->d.st));
		}
		s_login_form(a, r, login, _("Wrong user name or password."), 401);
		return;
	}
	web_rate_ok(login);
	struct web_session *s = web_session_new(acc.login, acc.person_id, acc.lang, now, a->idle_ms);
	log_info("ui: \"%s\" logged in from %s", acc.login, addr);
	snprintf(r->cookie[0], sizeof r->cookie[0], COOKIE_SESSION "=%s; HttpOnly; SameSite=Strict; Path=/%s", s->token,
	         s_secure(a));
	snprintf(r->cookie[1], sizeof r->cookie[1], COOKIE_LOGIN "=; HttpOnly; SameSite=Strict; Path=/login; Max-Age=0%s",
	         s_secure(a));
	s_redirect(r, "/");
}

/* ---------------------------------------------------------------- routing */

static int s_is_static(const char *url)
{
	return !strncmp(url, "/static/", 8);
}

static void s_static(struct web_app *a, const char *url, struct web_reply *r)
{
	for (unsigned long i = 0; i < web_static_count; i++) {
		const struct web_static *f = &web_static_files[i];
		if (strcmp(f->path, url) != 0)
			continue;
		web_buf_add(&r->body, (const char *)f->data, f->len);
		r->ctype = f->ctype;
		r->cacheable = 1;
		return;
	}
	web_page_error(a, NULL, r, 404);
}

static void s_route(struct web_app *a, struct MHD_Connection *c, const char *url, const char *method,
                    struct req *q, struct web_reply *r)
{
	int get = !strcmp(method, "GET") || !strcmp(method, "HEAD"), post = !strcmp(method, "POST");
	struct web_session *s = s_session(a, c);
	struct web_form f = {0};
	const struct web_route *rt;

	/* The page is made in the language of the person asking. */
	enum lk_lang lang = a->lang;
	if (s)
		lk_lang_parse(s->lang, &lang);
	lk_i18n_set_lang(lang);

	if (s_is_static(url)) {
		if (get)
			s_static(a, url, r);
		else
			goto not_allowed;
		return;
	}
	if (!s_host_ok(a, c)) {
		r->status = 421;
		r->ctype = "text/plain; charset=utf-8";
		web_buf_raw(&r->body, "421 Misdirected Request\n");
		return;
	}
	if (!get && !post)
		goto not_allowed;
	if (q->too_big) {
		web_page_error(a, s, r, 413);
		return;
	}
	if (post && web_form_parse(&f, q->body.p ? q->body.p : "", q->body.len) != 0) {
		web_form_free(&f);
		web_page_error(a, s, r, 403);
		return;
	}
	if (!strcmp(url, "/login")) {
		if (get && s)
			s_redirect(r, "/");
		else if (get)
			s_login_form(a, r, NULL, NULL, 200);
		else
			s_login_post(a, c, &f, r);
		web_form_free(&f);
		return;
	}
	/* Every other page is for a logged-in person. */
	rt = web_route_find(url);
	if (s == NULL) {
		web_form_free(&f);
		if (rt || !strcmp(url, "/logout"))
			s_redirect(r, "/login");
		else
			web_page_error(a, NULL, r, 404);
		return;
	}
	/* A POST changes something: only with the session's CSRF token. */
	if (post) {
		const char *csrf = web_form_get(&f, "csrf");
		if (csrf == NULL || !web_str_eq(csrf, s->csrf)) {
			char addr[64];
			s_addr(c, addr, sizeof addr);
			log_warnx("ui: POST %s by \"%s\" from %s without the right CSRF token", url, s->login, addr);
			web_form_free(&f);
			web_page_error(a, s, r, 403);
			return;
		}
	}
	if (!strcmp(url, "/logout")) {
		web_form_free(&f);
		if (!post)
			goto not_allowed;
		log_info("ui: \"%s\" logged out", s->login);
		web_session_end(s);
		snprintf(r->cookie[0], sizeof r->cookie[0], COOKIE_SESSION "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0%s",
		         s_secure(a));
		s_redirect(r, "/login");
		return;
	}
	if (rt == NULL) {
		web_form_free(&f);
		web_page_error(a, s, r, 404);
		return;
	}
	if (post && rt->post_roles == 0) {
		web_form_free(&f);
		goto not_allowed;
	}
	struct web_person me;
	struct web_req wq = {a, s, c, &me, url, url + strlen(rt->path), post, &f, q->files ? &q->file : NULL, r};
	if (web_person_of(a, s->person_id, &me) != 0 || !(me.role_bit & (post ? rt->post_roles : rt->get_roles))) {
		log_warnx("ui: %s %s refused to \"%s\" (role %s)", method, url, s->login, me.role[0] ? me.role : "-");
		web_form_free(&f);
		web_page_denied(&wq);
		return;
	}
	/* Every change the page makes is the person's (Op.actor_id), and syncs soon after. */
	lk_engine_set_actor(a->eng, me.id);
	rt->fn(&wq);
	lk_engine_set_actor(a->eng, "");
	if (post && r->status == 303)
		web_sync_soon(a->sync);
	web_form_free(&f);
	return;
not_allowed:
	web_buf_free(&r->body);
	r->allow = s_is_static(url) ? "GET, HEAD" : "GET, HEAD, POST";
	web_page_error(a, s, r, 405);
}

/* Append n bytes to b url-encoded (every byte but [A-Za-z0-9] as %XX). */
static void s_urlenc(struct web_buf *b, const char *p, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)p[i];
		char e[3] = {'%', hex[ch >> 4], hex[ch & 15]};
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))
			web_buf_add(b, (const char *)&ch, 1);
		else
			web_buf_add(b, e, 3);
	}
}

/* A piece of a multipart body: a plain field goes into q->body url-encoded, the file into q->data. */
static enum MHD_Result s_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                              const char *ctype, const char *encoding, const char *data, uint64_t off, size_t size)
{
	struct req *q = cls;
	(void)kind;
	(void)encoding;
	if (key == NULL)
		return MHD_YES;
	if (filename == NULL) {
		if (off == 0) {
			if (q->body.len)
				web_buf_add(&q->body, "&", 1);
			s_urlenc(&q->body, key, strlen(key));
			web_buf_add(&q->body, "=", 1);
		}
		s_urlenc(&q->body, data, size);
		return MHD_YES;
	}
	if (off == 0) {
		/* One file per form: a second one is refused rather than mixed with the first. */
		if (q->files++ > 0) {
			q->too_big = 1;
			return MHD_NO;
		}
		const char *base = filename;
		for (const char *p = filename; *p; p++)
			if (*p == '/' || *p == '\\')
				base = p + 1;
		lk_strlcpy(q->file.field, key, sizeof q->file.field);
		lk_strlcpy(q->file.filename, base, sizeof q->file.filename);
		lk_strlcpy(q->file.ctype, ctype ? ctype : "application/octet-stream", sizeof q->file.ctype);
	}
	web_buf_add(&q->data, data, size);
	return MHD_YES;
}

static enum MHD_Result s_handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                 const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct web_app *a = cls;
	struct req *q = *con_cls;
	(void)version;
	if (q == NULL) {
		if ((q = calloc(1, sizeof *q)) == NULL)
			return MHD_NO;
		*con_cls = q;
		/* The body's limit is the page's: a file upload may be larger than a form. */
		const struct web_route *rt = web_route_find(url);
		const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		q->max = WEB_FORM_BODY_MAX;
		if (rt && rt->upload_max && ct && !strncasecmp(ct, "multipart/form-data", 19)) {
			q->max = rt->upload_max;
			q->pp = MHD_create_post_processor(c, 32 * 1024, s_part, q);
		}
		return MHD_YES;
	}
	if (*upload_size > 0) {
		q->got += *upload_size;
		if (q->got > q->max)
			q->too_big = 1;
		else if (q->pp) {
			if (MHD_post_process(q->pp, upload, *upload_size) != MHD_YES)
				q->too_big = 1;
		} else
			web_buf_add(&q->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (q->files) {
		q->file.data = (unsigned char *)q->data.p;
		q->file.len = q->data.len;
	}
	struct web_reply r;
	s_reply_init(&r);
	uint64_t t0 = lk_mono_us();
	s_route(a, c, url, method, q, &r);
	r.server_us = lk_mono_us() - t0;
	log_debug("ui: %s %s %d", method, url, r.status);
	return s_send(c, &r, !strcmp(method, "HEAD"));
}

static void s_done(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct req *q = *con_cls;
	(void)cls;
	(void)c;
	(void)toe;
	if (q) {
		if (q->pp)
			MHD_destroy_post_processor(q->pp);
		web_buf_free(&q->body);
		web_buf_free(&q->data);
		free(q);
		*con_cls = NULL;
	}
}

__attribute__((format(printf, 2, 0))) static void s_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	(void)cls;
	vsnprintf(line, sizeof line, fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	log_warnx("ui: http: %s", line);
}

struct MHD_Daemon *web_server_start(struct web_app *a, const char *addr, int port, const struct web_tls *tls)
{
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) {
		log_error("ui: %s is not an IPv4 address", addr);
		return NULL;
	}
	if (a->idle_ms <= 0)
		a->idle_ms = WEB_IDLE_MS;
	/* One internal polling thread: every handler call runs on it (docs/architecture.md, "The web app"). */
	if (tls && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		log_error("ui: this libmicrohttpd has no TLS");
		return NULL;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | (tls ? MHD_USE_TLS : 0);
	/* The TLS options in one array: without TLS it ends at its first item. */
	struct MHD_OptionItem tls_opts[] = {
		{tls ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, tls ? tls->key_pem : NULL},
		{MHD_OPTION_HTTPS_MEM_CERT, 0, tls ? tls->cert_pem : NULL},
		{MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"},
		{MHD_OPTION_END, 0, NULL},
	};
	a->https = tls != NULL;
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, (uint16_t)port, NULL, NULL, s_handler, a, MHD_OPTION_ARRAY, tls_opts,
		MHD_OPTION_EXTERNAL_LOGGER, s_mhd_log, a, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_CONNECTION_LIMIT, (unsigned)64,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)16, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024), MHD_OPTION_NOTIFY_COMPLETED, s_done, a, MHD_OPTION_END);
	if (d == NULL)
		log_error("ui: cannot listen on %s:%d", addr, port);
	return d;
}

void web_server_stop(struct MHD_Daemon *d)
{
	if (d)
		MHD_stop_daemon(d);
}
