/* dom: the domain's error filling, so every operation reports failure the same way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dom.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_i18n.h"

int dom_vfail(struct dom_err *err, int code, const char *fmt, va_list ap)
{
	if (err == NULL)
		return code;
	memset(err, 0, sizeof *err);
	err->code = code;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	return code;
}

int dom_fail(struct dom_err *err, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	dom_vfail(err, code, fmt, ap);
	va_end(ap);
	return code;
}

const char *dom_reason_text(const char *wire)
{
	return lk_i18n_reason(wire);
}

const char *dom_msg(const struct dom_err *err, int code)
{
	if (err != NULL && err->msg[0])
		return err->msg;
	return lk_strerror(code);
}

void *dom_row_add(void **v, size_t n, size_t *cap, size_t size, const struct lk_entity *e, const void *m)
{
	if (n == *cap) {
		size_t c = *cap ? 2 * *cap : 16;
		void *nv = realloc(*v, c * size);
		if (nv == NULL)
			return NULL;
		*v = nv;
		*cap = c;
	}
	char *row = (char *)*v + n * size;
	memset(row, 0, size);
	ProtobufCMessage *rec = lk_record_copy(e, m);
	if (rec == NULL)
		return NULL;
	memcpy(row, &rec, sizeof rec);
	return row;
}

void dom_rows_release(void *v, size_t n, size_t size)
{
	for (size_t i = 0; v && i < n; i++) {
		ProtobufCMessage *rec;
		memcpy(&rec, (char *)v + i * size, sizeof rec);
		lk_record_free(rec);
	}
	free(v);
}
