/* lk_error: lookup functions over the error table in lk_error.h. */
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_i18n.h"

struct lk_error_row {
	const char *name;
	const char *msg;
};

static const struct lk_error_row s_rows[LK_ERROR_MAX] = {
#define LK_X_ROW(sym, code, name, msg) [code] = {name, msg},
	LK_ERRORS(LK_X_ROW)
#undef LK_X_ROW
};

static const struct lk_error_row *s_row(int code)
{
	if (code < 0)
		code = -code;
	if (code >= LK_ERROR_MAX || s_rows[code].name == NULL)
		return NULL;
	return &s_rows[code];
}

const char *lk_strerror(int code)
{
	const struct lk_error_row *r = s_row(code);
	return r ? S_(r->msg) : S_("unknown error");
}

const char *lk_error_name(int code)
{
	const struct lk_error_row *r = s_row(code);
	return r ? r->name : "UNKNOWN";
}

int lk_error_from_name(const char *name)
{
	for (int i = 0; i < LK_ERROR_MAX; i++)
		if (s_rows[i].name && strcmp(s_rows[i].name, name) == 0)
			return i;
	return -1;
}
