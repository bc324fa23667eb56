/* doc_text: the canonical text of a signed document (invitation, minutes): typed fields a renderer lays out. */
#ifndef DOM_DOC_TEXT_H
#define DOM_DOC_TEXT_H

#include <stddef.h>

/*
 * What a head signs is this text, byte for byte, and every printed form of
 * the document (PDF, HTML, the terminal) is laid out from it, so a page can
 * never say what the signature does not cover. The form:
 *
 *   LKDOC 1 <kind>\n          kind: undangan, notulen
 *   <key>: <value>\n          one field a line, in the order written
 *
 * Keys are [a-z0-9_]+. A value escapes backslash as \\ and a newline as \n;
 * a key written several times is a list (recipients, agenda items). A row
 * (dom_doc_text_add_row) is one value whose cells are joined by a tab, which
 * a cell escapes as \t. Nothing else is allowed: a parser refuses it.
 */
struct dom_doc_field {
	char *key;
	char *value; /* unescaped */
};
struct dom_doc_text {
	char kind[24];
	struct dom_doc_field *f;
	size_t n, cap;
};

#define DOM_DOC_ROW_MAX 16 /* cells in a row */

/* An empty document of kind; fields are added in order. */
void dom_doc_text_init(struct dom_doc_text *t, const char *kind);
void dom_doc_text_free(struct dom_doc_text *t); /* safe twice */
/* Add key: value (NULL value = ""). 0, -LK_EINVAL for a bad key, -LK_ENOMEM. */
int dom_doc_text_add(struct dom_doc_text *t, const char *key, const char *value);
/* Add a row of n cells (NULL = "") under key. 0 or negative. */
int dom_doc_text_add_row(struct dom_doc_text *t, const char *key, const char *const *cells, size_t n);
/* The canonical text (malloc'd; NULL when out of memory). */
char *dom_doc_text_write(const struct dom_doc_text *t);
/* Parse text into t (initialised here; free it even on failure). 0, or -LK_EINVAL when the
 * text is not a canonical document (an older free-text document, say), -LK_ENOMEM. */
int dom_doc_text_parse(const char *text, struct dom_doc_text *t);

/* The first value of key, or NULL. */
const char *dom_doc_text_get(const struct dom_doc_text *t, const char *key);
/* The first value of key, or dflt when missing or empty. */
const char *dom_doc_text_or(const struct dom_doc_text *t, const char *key, const char *dflt);
/* How many times key occurs. */
size_t dom_doc_text_count(const struct dom_doc_text *t, const char *key);
/* The i-th value of key (0-based), or NULL. */
const char *dom_doc_text_nth(const struct dom_doc_text *t, const char *key, size_t i);
/* Split a row value into cells: buf (size len) receives a copy, cells[] point into it;
 * returns the number of cells (at most max), or -LK_EINVAL when it does not fit. */
int dom_doc_text_row(const char *value, char *buf, size_t len, const char **cells, size_t max);

#endif
