/* dom: the domain's error filling, so every operation reports failure the same way. */
#include <stdio.h>
#include <string.h>

#include "dom.h"
#include "lk_error.h"

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

const char *dom_msg(const struct dom_err *err, int code)
{
	if (err != NULL && err->msg[0])
		return err->msg;
	return lk_strerror(code);
}
