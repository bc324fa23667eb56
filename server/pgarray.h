/* pgarray: PostgreSQL array literals built element by element, for set-based statements. */
#ifndef LK_PGARRAY_H
#define LK_PGARRAY_H

#include <stddef.h>

struct pgarray {
	char *buf;
	size_t len, cap;
	int n;
	int failed; /* out of memory: pgarray_close returns NULL */
};

/* Start an empty literal. */
void pgarray_open(struct pgarray *a);
/* Append one element; NULL appends SQL NULL. */
void pgarray_add(struct pgarray *a, const char *v);
/* Close the literal and return it (the caller frees it), or NULL when memory
 * ran out; a is empty again. */
char *pgarray_close(struct pgarray *a);

#endif
