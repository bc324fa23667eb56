/* web_http: the HTTP and HTML helpers of the web app: a growing buffer, HTML escaping, form and cookie parsing. */
#ifndef LK_WEB_HTTP_H
#define LK_WEB_HTTP_H

#include <stdarg.h>
#include <stddef.h>

/* A growing text buffer; a failed allocation sets oom and later writes do nothing. */
struct web_buf {
	char *p;
	size_t len, cap;
	int oom;
};

void web_buf_free(struct web_buf *b);
/* Append n bytes of s. */
void web_buf_add(struct web_buf *b, const char *s, size_t n);
/* Append s as it is (markup the code wrote, never user data). */
void web_buf_raw(struct web_buf *b, const char *s);
/* Append s with &, <, >, " and ' escaped: for text and attribute values. */
void web_buf_esc(struct web_buf *b, const char *s);
/* printf-style append, as it is: the caller escapes what it passes in (web_buf_escf escapes every %s). */
void web_buf_printf(struct web_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* printf-style append of a translated template: the template stays markup-free text and is escaped,
 * every %s argument is escaped too. */
void web_buf_escf(struct web_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A parsed application/x-www-form-urlencoded body or query. */
#define WEB_FORM_MAX 32
struct web_form {
	int n;
	char *name[WEB_FORM_MAX];
	char *value[WEB_FORM_MAX];
	char *mem;
};
/* Parse body[0..len) into f (copies; '+' is a space, %XX decoded, pairs beyond WEB_FORM_MAX dropped).
 * 0, or -1 when a value is not valid UTF-8 or holds a NUL. */
int web_form_parse(struct web_form *f, const char *body, size_t len);
/* The first value of name, or NULL. */
const char *web_form_get(const struct web_form *f, const char *name);
void web_form_free(struct web_form *f);

/* The value of cookie name in a Cookie header into out (up to size-1 bytes); 0, or -1 when absent or too long. */
int web_cookie_get(const char *header, const char *name, char *out, size_t size);

/* 1 when a and b are equal, in time that depends on the lengths only. */
int web_str_eq(const char *a, const char *b);

#endif
