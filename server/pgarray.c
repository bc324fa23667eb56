/* pgarray: PostgreSQL array literals built element by element, for set-based statements. */
#include "pgarray.h"

#include <stdlib.h>
#include <string.h>

/* Room for more bytes; 0, or -1 with the array marked failed. */
static int s_room(struct pgarray *a, size_t more)
{
	if (a->failed)
		return -1;
	if (a->len + more <= a->cap)
		return 0;
	size_t cap = a->cap ? a->cap : 256;
	while (cap < a->len + more)
		cap *= 2;
	char *nb = realloc(a->buf, cap);
	if (nb == NULL) {
		a->failed = 1;
		return -1;
	}
	a->buf = nb;
	a->cap = cap;
	return 0;
}

void pgarray_open(struct pgarray *a)
{
	memset(a, 0, sizeof *a);
	if (s_room(a, 1) == 0)
		a->buf[a->len++] = '{';
}

void pgarray_add(struct pgarray *a, const char *v)
{
	size_t n = v ? strlen(v) : 4;
	/* A separator, the quotes, and every byte escaped at worst. */
	if (s_room(a, 2 * n + 3) != 0)
		return;
	if (a->n++)
		a->buf[a->len++] = ',';
	if (v == NULL) {
		memcpy(a->buf + a->len, "NULL", 4);
		a->len += 4;
		return;
	}
	char *o = a->buf + a->len;
	*o++ = '"';
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			*o++ = '\\';
		*o++ = *v;
	}
	*o++ = '"';
	a->len = (size_t)(o - a->buf);
}

char *pgarray_close(struct pgarray *a)
{
	char *out = NULL;
	if (s_room(a, 2) == 0) {
		a->buf[a->len++] = '}';
		a->buf[a->len] = '\0';
		out = a->buf;
	} else {
		free(a->buf);
	}
	memset(a, 0, sizeof *a);
	return out;
}
