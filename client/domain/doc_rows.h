/* doc_rows: the live records of one entity that belong to a meeting or a document, gathered for a printed page. */
#ifndef DOM_DOC_ROWS_H
#define DOM_DOC_ROWS_H

#include <stddef.h>

#include "dom.h"
#include "store.h"

/* The live rows of one entity whose `field` holds `value`, in id order (copies, owned). */
struct dom_rows {
	const char *field;
	const char *value;
	ProtobufCMessage **v;
	size_t n, cap;
};

/* Fill r (field and value set) from entity; 0, or negative with err and r emptied. */
int dom_rows_load(struct dom *d, const char *entity, struct dom_rows *r, struct dom_err *err);
void dom_rows_free(struct dom_rows *r);
/* The row with the greatest key (numerically when numeric, else as text), the
 * later id winning a tie; borrowed from r, NULL when r is empty. */
const ProtobufCMessage *dom_rows_newest(const struct dom_rows *r, const char *key, int numeric);
/* Order r's rows by key, ascending; rows with equal keys keep their order. */
void dom_rows_sort(struct dom_rows *r, const char *key, int numeric);

#endif
