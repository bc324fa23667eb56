/* doc_text: writer and parser of the canonical text of a signed document (see doc_text.h). */
#include "doc_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_util.h"

#define S_MAGIC "LKDOC 1 "

void dom_doc_text_init(struct dom_doc_text *t, const char *kind)
{
	memset(t, 0, sizeof *t);
	lk_strlcpy(t->kind, kind ? kind : "", sizeof t->kind);
}

void dom_doc_text_free(struct dom_doc_text *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->f[i].key);
		free(t->f[i].value);
	}
	free(t->f);
	t->f = NULL;
	t->n = t->cap = 0;
}

static int s_key_ok(const char *k, size_t len)
{
	if (len == 0 || len > 64)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') || k[i] == '_'))
			return 0;
	return 1;
}

/* Append an owned key and value. */
static int s_push(struct dom_doc_text *t, char *key, char *value)
{
	if (key == NULL || value == NULL)
		goto fail;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct dom_doc_field *f = realloc(t->f, cap * sizeof *f);
		if (f == NULL)
			goto fail;
		t->f = f;
		t->cap = cap;
	}
	t->f[t->n].key = key;
	t->f[t->n].value = value;
	t->n++;
	return 0;
fail:
	free(key);
	free(value);
	return -LK_ENOMEM;
}

int dom_doc_text_add(struct dom_doc_text *t, const char *key, const char *value)
{
	if (key == NULL || !s_key_ok(key, strlen(key)))
		return -LK_EINVAL;
	return s_push(t, strdup(key), strdup(value ? value : ""));
}

int dom_doc_text_add_row(struct dom_doc_text *t, const char *key, const char *const *cells, size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += 2 * strlen(cells[i] ? cells[i] : "") + 1;
	char *v = malloc(len), *p = v;
	if (v == NULL)
		return -LK_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			*p++ = '\t';
		for (const char *c = cells[i] ? cells[i] : ""; *c; c++) {
			if (*c == '\t' || *c == '\\') {
				*p++ = '\\';
				*p++ = *c == '\t' ? 't' : '\\';
			} else {
				*p++ = *c;
			}
		}
	}
	*p = '\0';
	int rc = dom_doc_text_add(t, key, v);
	free(v);
	return rc;
}

char *dom_doc_text_write(const struct dom_doc_text *t)
{
	size_t len = strlen(S_MAGIC) + strlen(t->kind) + 2;
	for (size_t i = 0; i < t->n; i++)
		len += strlen(t->f[i].key) + 2 * strlen(t->f[i].value) + 4;
	char *out = malloc(len), *p = out;
	if (out == NULL)
		return NULL;
	p += sprintf(p, "%s%s\n", S_MAGIC, t->kind);
	for (size_t i = 0; i < t->n; i++) {
		p += sprintf(p, "%s: ", t->f[i].key);
		for (const char *c = t->f[i].value; *c; c++) {
			if (*c == '\\' || *c == '\n') {
				*p++ = '\\';
				*p++ = *c == '\n' ? 'n' : '\\';
			} else if (*c != '\r') {
				*p++ = *c;
			}
		}
		*p++ = '\n';
	}
	*p = '\0';
	return out;
}

/* Unescape one line's value (src, len) into a new string; NULL on a bad escape or no memory. */
static char *s_unescape(const char *src, size_t len, int *bad)
{
	char *v = malloc(len + 1), *p = v;
	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (src[i] != '\\') {
			*p++ = src[i];
			continue;
		}
		if (++i == len || (src[i] != 'n' && src[i] != '\\')) {
			*bad = 1;
			free(v);
			return NULL;
		}
		*p++ = src[i] == 'n' ? '\n' : '\\';
	}
	*p = '\0';
	return v;
}

int dom_doc_text_parse(const char *text, struct dom_doc_text *t)
{
	dom_doc_text_init(t, "");
	if (text == NULL || strncmp(text, S_MAGIC, strlen(S_MAGIC)) != 0)
		return -LK_EINVAL;
	const char *p = text + strlen(S_MAGIC), *nl = strchr(p, '\n');
	if (nl == NULL || nl == p || (size_t)(nl - p) >= sizeof t->kind || !s_key_ok(p, (size_t)(nl - p)))
		return -LK_EINVAL;
	memcpy(t->kind, p, (size_t)(nl - p));
	t->kind[nl - p] = '\0';
	for (p = nl + 1; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		const char *colon = strchr(p, ':');
		if (nl == NULL || colon == NULL || colon > nl || colon[1] != ' ' || !s_key_ok(p, (size_t)(colon - p)))
			return -LK_EINVAL;
		int bad = 0;
		char *key = strndup(p, (size_t)(colon - p));
		char *value = s_unescape(colon + 2, (size_t)(nl - colon - 2), &bad);
		if (bad) {
			free(key);
			return -LK_EINVAL;
		}
		int rc = s_push(t, key, value);
		if (rc < 0)
			return rc;
	}
	return 0;
}

const char *dom_doc_text_get(const struct dom_doc_text *t, const char *key)
{
	return dom_doc_text_nth(t, key, 0);
}

const char *dom_doc_text_or(const struct dom_doc_text *t, const char *key, const char *dflt)
{
	const char *v = dom_doc_text_get(t, key);
	return v && v[0] ? v : dflt;
}

size_t dom_doc_text_count(const struct dom_doc_text *t, const char *key)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n; i++)
		n += !strcmp(t->f[i].key, key);
	return n;
}

const char *dom_doc_text_nth(const struct dom_doc_text *t, const char *key, size_t nth)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->f[i].key, key) && nth-- == 0)
			return t->f[i].value;
	return NULL;
}

int dom_doc_text_row(const char *value, char *buf, size_t len, const char **cells, size_t max)
{
	size_t n = 0, o = 0;
	if (max == 0 || len == 0)
		return -LK_EINVAL;
	cells[n++] = buf;
	for (const char *c = value ? value : ""; *c; c++) {
		if (o + 1 >= len)
			return -LK_EINVAL;
		if (*c == '\t') {
			if (n == max)
				return -LK_EINVAL;
			buf[o++] = '\0';
			cells[n++] = buf + o;
		} else if (*c == '\\' && (c[1] == 't' || c[1] == '\\')) {
			buf[o++] = *++c == 't' ? '\t' : '\\';
		} else {
			buf[o++] = *c;
		}
	}
	buf[o] = '\0';
	return (int)n;
}
