/* lkt_web: test support for `lokmin ui`: the ui process on a free loopback port, HTTP through curl, logins and form tokens. */
#ifndef LKT_WEB_H
#define LKT_WEB_H

#include <stddef.h>
#include <sys/types.h>

/* A `lokmin ui` process serving one device's home. */
struct lkt_ui {
	char home[400];
	char log[500];  /* its stderr */
	char now[40];   /* LOKMIN_NOW for it ("" none) */
	char cafile[500]; /* HTTPS: the certificate curl trusts ("" for plain HTTP) */
	int port;
	pid_t pid;
};

/* One answer: status, headers and body (malloc'd, never NULL after a request). */
struct lkt_http {
	long status;
	char *head, *body;
	size_t nbody;
};

/* Add account login for person (a name the staff list knows) with pass and lang; asserts success. */
void lkt_ui_add_user(const char *home, const char *login, const char *person, const char *pass, const char *lang);
/* Start `lokmin ui` for home, its log in dir/ui.log, LOKMIN_NOW=now when now is not NULL or "";
 * waits until the login page answers (asserts). */
void lkt_ui_start(struct lkt_ui *u, const char *home, const char *dir, const char *now);
/* The same with more words after `ui` (NULL-terminated); "--https" among them makes every request
 * HTTPS, trusting only the certificate the ui made in home/ui-tls/cert.pem. */
void lkt_ui_start_with(struct lkt_ui *u, const char *home, const char *dir, const char *now, const char *const *extra);
/* SIGTERM and wait; expects a clean exit. Safe twice. */
void lkt_ui_stop(struct lkt_ui *u);
/* The last 64 KiB of the ui's log (static buffer), for failure messages. */
const char *lkt_ui_log(const struct lkt_ui *u);

/* method path with cookie (may be NULL) and an url-encoded body (may be NULL); asserts the transfer. */
void lkt_http(const struct lkt_ui *u, struct lkt_http *h, const char *method, const char *path, const char *cookie,
              const char *body);
/* A multipart POST: the form's text fields as "name=value" strings (NULL-terminated, may be NULL) and one
 * file (file_field NULL: none) with its name, type and bytes. */
void lkt_http_upload(const struct lkt_ui *u, struct lkt_http *h, const char *path, const char *cookie,
                     const char *const *fields, const char *file_field, const char *filename, const char *ctype,
                     const void *data, size_t len);
void lkt_http_free(struct lkt_http *h);
/* The value of header name (case-insensitive), malloc'd, or NULL. */
char *lkt_http_header(const struct lkt_http *h, const char *name);
/* The headers every answer must carry (CSP without unsafe-inline, nosniff, no referrer). */
void lkt_http_secure(const struct lkt_http *h);
/* No reference in text to anything outside the device (http:, https:, //, @import). */
void lkt_http_no_outside(const char *text);
/* The value of the first hidden csrf field of page into out[65] (asserts it is there). */
void lkt_http_csrf(const char *page, char out[65]);
/* The name=value pair of cookie name a response sets, into out ("" when none). */
void lkt_http_cookie(const struct lkt_http *h, const char *name, char *out, size_t n);

/* Log in; the answer in *out (caller frees) and "lk_session=..." in cookie ("" when refused). */
void lkt_ui_login(const struct lkt_ui *u, const char *login, const char *pass, struct lkt_http *out, char *cookie,
                  size_t n);
/* Log in and assert it worked; the session cookie into cookie and the session's CSRF token into csrf. */
void lkt_ui_session(const struct lkt_ui *u, const char *login, const char *pass, char *cookie, size_t n, char csrf[65]);
/* POST a form to path as the session: "csrf=<csrf>&" is put before body (body may be NULL). */
void lkt_ui_post(const struct lkt_ui *u, struct lkt_http *h, const char *path, const char *cookie, const char *csrf,
                 const char *body);
/* The whole of a file (malloc'd, caller frees), NULL when it cannot be read. */
char *lkt_read_file(const char *path);
/* Every visible <input>, <select> and <textarea> of page has an id and a <label for> of it; no inline
 * style or script (the CSP forbids both). */
void lkt_page_labelled(const char *page);
/* id appears in page only as a field's or an option's value or in a link's ?rapat=, never as text. */
void lkt_page_id_hidden(const char *page, const char *id);
/* The answer's body saved as dir/name (a workbook), and its part (e.g. "xl/sharedStrings.xml") as unzip
 * prints it (malloc'd). */
char *lkt_xlsx_part(const struct lkt_http *h, const char *dir, const char *name, const char *part);
/* A curl write callback that drops what it gets. */
size_t lkt_curl_discard(char *p, size_t size, size_t n, void *arg);
/* s url-encoded (malloc'd, caller frees). */
char *lkt_urlenc(const char *s);

#endif
