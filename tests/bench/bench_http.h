/* bench_http: HTTP to `lokmin ui` through libcurl for the benchmarks: requests, headers, the server's own time, login. */
#ifndef LK_BENCH_HTTP_H
#define LK_BENCH_HTTP_H

#include <curl/curl.h>
#include <stddef.h>
#include <stdint.h>

/* One answer: headers and body, each NUL-terminated. */
struct bh_answer {
	char *head, *body;
	size_t nhead, nbody;
};

/* A curl handle (c, or a new one when NULL) for base+path; NULL when none could be made. */
CURL *bh_curl(CURL *c, const char *base, const char *path);
/* One request on c (kept alive between requests); the answer in *a, its status returned, -1 when the
 * transfer failed; *rt_ns (may be NULL) gets the round trip. post NULL: a GET. */
long bh_request(CURL *c, const char *base, const char *path, const char *cookie, const char *post, struct bh_answer *a,
                uint64_t *rt_ns);
void bh_answer_free(struct bh_answer *a);
/* The value of header name in head into out ("" when absent). */
void bh_header(const char *head, const char *name, char *out, size_t n);
/* The server's own time from `Server-Timing: app;dur=MS`, in ns; -1 when absent. */
int64_t bh_server_ns(const char *head);
/* "name=value" of the cookie name a response sets into out ("" when none). */
void bh_cookie(const char *head, const char *name, char *out, size_t n);
/* Log login in with password on c; the session cookie into cookie. 0 or -1 with a message. */
int bh_login(CURL *c, const char *base, const char *login, const char *password, char *cookie, size_t n);

#endif
