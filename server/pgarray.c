/* pgarray: PostgreSQL array literals built element by element, for set-based statements. */
#include "pgarray.h"

#include <string.h>

void pgarray_open(struct pgarray *a)
{
	memset(a, 0, sizeof *a);
	a->f = open_memstream(&a->buf, &a->len);
	if (a->f)
		fputc('{', a->f);
}

void pgarray_add(struct pgarray *a, const char *v)
{
	if (a->f == NULL)
		return;
	if (a->n++)
		fputc(',', a->f);
	if (v == NULL) {
		fputs("NULL", a->f);
		return;
	}
	fputc('"', a->f);
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			fputc('\\', a->f);
		fputc(*v, a->f);
	}
	fputc('"', a->f);
}

char *pgarray_close(struct pgarray *a)
{
	char *out;
	if (a->f == NULL)
		return NULL;
	fputc('}', a->f);
	fclose(a->f);
	out = a->buf;
	memset(a, 0, sizeof *a);
	return out;
}
