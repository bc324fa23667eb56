/* bench_http: HTTP to `lokmin ui` through libcurl for the benchmarks: requests, headers, the server's own time, login. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bench.h"
#include "bench_http.h"

/* A curl handle for base+path that drops what it gets unless told otherwise. */
CURL *bh_curl(CURL *c, const char *base, const char *path)
{
	char url[600];
	snprintf(url, sizeof url, "%s%s", base, path);
	if (c == NULL && (c = curl_easy_init()) == NULL)
		return NULL;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)BENCH_REPLY_TIMEOUT_MS);
	return c;
}

static size_t s_grow(char **p, size_t *len, const char *data, size_t add)
{
	char *np = realloc(*p, *len + add + 1);
	if (np == NULL)
		return 0;
	memcpy(np + *len, data, add);
	*len += add;
	np[*len] = '\0';
	*p = np;
	return add;
}

static size_t s_on_head(char *data, size_t size, size_t n, void *arg)
{
	struct bh_answer *a = arg;
	/* A redirect's headers are not the final answer's. */
	if (size * n >= 5 && !strncmp(data, "HTTP/", 5))
		a->nhead = 0;
	return s_grow(&a->head, &a->nhead, data, size * n);
}

static size_t s_on_body(char *data, size_t size, size_t n, void *arg)
{
	struct bh_answer *a = arg;
	return s_grow(&a->body, &a->nbody, data, size * n);
}

void bh_answer_free(struct bh_answer *a)
{
	free(a->head);
	free(a->body);
	memset(a, 0, sizeof *a);
}

/* One request on the account's handle c (kept alive between requests, as a
 * browser keeps its connection); the answer in *a, its status returned, -1
 * when the transfer failed. *rt_ns gets the round trip. */
long bh_request(CURL *c, const char *base, const char *path, const char *cookie, const char *post,
                      struct bh_answer *a, uint64_t *rt_ns)
{
	long status = -1;
	memset(a, 0, sizeof *a);
	bh_curl(c, base, path);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, s_on_head);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, a);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, s_on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, a);
	curl_easy_setopt(c, CURLOPT_COOKIE, cookie && cookie[0] ? cookie : NULL);
	if (post)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, post);
	else
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	uint64_t t0 = bench_now_ns();
	CURLcode rc = curl_easy_perform(c);
	if (rt_ns)
		*rt_ns = bench_now_ns() - t0;
	if (rc != CURLE_OK) {
		fprintf(stderr, "lokmin-bench: %s %s: %s\n", post ? "POST" : "GET", path, curl_easy_strerror(rc));
		return -1;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (a->head == NULL)
		a->head = strdup("");
	if (a->body == NULL)
		a->body = strdup("");
	return a->head && a->body ? status : -1;
}

/* The value of header name in head into out ("" when absent). */
void bh_header(const char *head, const char *name, char *out, size_t n)
{
	size_t len = strlen(name);
	out[0] = '\0';
	for (const char *p = head; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncasecmp(p, name, len) && p[len] == ':') {
			const char *v = p + len + 1 + strspn(p + len + 1, " ");
			snprintf(out, n, "%.*s", (int)strcspn(v, "\r\n"), v);
			return;
		}
}

/* The server's own time for the answer, from `Server-Timing: app;dur=MS`, in ns; -1 when absent. */
int64_t bh_server_ns(const char *head)
{
	char v[128];
	bh_header(head, "Server-Timing", v, sizeof v);
	const char *d = strstr(v, "dur=");
	char *end;
	double ms = d ? strtod(d + 4, &end) : -1;
	if (d == NULL || end == d + 4 || ms < 0)
		return -1;
	return (int64_t)(ms * 1e6 + 0.5);
}

/* "name=value" of the cookie name a response sets into out ("" when none). */
void bh_cookie(const char *head, const char *name, char *out, size_t n)
{
	char key[64];
	out[0] = '\0';
	snprintf(key, sizeof key, "%s=", name);
	for (const char *p = head; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncasecmp(p, "Set-Cookie:", 11)) {
			const char *v = p + 11 + strspn(p + 11, " ");
			if (!strncmp(v, key, strlen(key))) {
				snprintf(out, n, "%.*s", (int)strcspn(v, ";\r\n"), v);
				return;
			}
		}
}

/* Log login in on handle c: the form's token and pre-login cookie, then the
 * post; the session cookie into cookie. 0 or -1. */
int bh_login(CURL *c, const char *base, const char *login, const char *password, char *cookie, size_t n)
{
	struct bh_answer a;
	char pre[200], csrf[80], body[400];
	const char *key = "name=\"csrf\" value=\"";
	long st = bh_request(c, base, "/login", NULL, NULL, &a, NULL);
	const char *p = st == 200 ? strstr(a.body, key) : NULL;

	bh_cookie(a.head ? a.head : "", "lk_login", pre, sizeof pre);
	if (p == NULL || !pre[0]) {
		fprintf(stderr, "lokmin-bench: the login page (%ld) has no form token or login cookie\n", st);
		bh_answer_free(&a);
		return -1;
	}
	snprintf(csrf, sizeof csrf, "%.*s", (int)strcspn(p + strlen(key), "\""), p + strlen(key));
	bh_answer_free(&a);
	snprintf(body, sizeof body, "csrf=%s&login=%s&password=%s", csrf, login, password);
	st = bh_request(c, base, "/login", pre, body, &a, NULL);
	bh_cookie(a.head ? a.head : "", "lk_session", cookie, n);
	bh_answer_free(&a);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, NULL);
	if (st != 303 || !cookie[0]) {
		fprintf(stderr, "lokmin-bench: %s could not log in (%ld)\n", login, st);
		return -1;
	}
	return 0;
}

