/* resolve_match: what matching shares: folding text for comparison, collecting matches, saying what went wrong. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_utf8.h"
#include "lk_util.h"
#include "resolve_priv.h"

/* ---------------------------------------------------------------- folding */

/* U+00C0-U+00FF and U+0100-U+017F without accents; '*' keeps the character (×, ÷). */
static const char s_latin1[] = "aaaaaaaceeeeiiiidnooooo*ouuuuyts"
                               "aaaaaaaceeeeiiiidnooooo*ouuuuyty";
static const char s_latin_ext_a[] = "aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii" "ii" "jj"
                                    "kkk" "llllllllll" "nnnnnnnnn" "oooooooo" "rrrrrr" "ssssssss" "tttttt"
                                    "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";
_Static_assert(sizeof s_latin1 == 64 + 1, "one letter per code point U+00C0-U+00FF");
_Static_assert(sizeof s_latin_ext_a == 128 + 1, "one letter per code point U+0100-U+017F");

char *dom_fold(const char *s, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, o = 0;
	if (size == 0)
		return out;
	while (i < n) {
		size_t k = lk_utf8_seq(p + i, n - i);
		char c = 0;
		if (k <= 1) {
			c = (char)tolower(p[i]);
			k = 1;
		} else if (k == 2) {
			unsigned cp = ((p[i] & 0x1fu) << 6) | (p[i + 1] & 0x3fu);
			if (cp >= 0xc0 && cp <= 0xff && s_latin1[cp - 0xc0] != '*')
				c = s_latin1[cp - 0xc0];
			else if (cp >= 0x100 && cp <= 0x17f)
				c = s_latin_ext_a[cp - 0x100];
		}
		if (c) {
			if (o + 1 >= size)
				break;
			out[o++] = c;
		} else {
			if (o + k >= size)
				break;
			memcpy(out + o, p + i, k);
			o += k;
		}
		i += k;
	}
	out[o] = '\0';
	return out;
}

/* ---------------------------------------------------------------- errors and picks */

int rs_fail(struct dom_err *err, int code, const char *fmt, ...)
{
	va_list ap;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}

int rs_store_fail(lk_store *st, struct dom_err *err, int rc)
{
	return rs_fail(err, rc, _("cannot read the store: %s (%s)"), lk_strerror(rc), lk_store_error(st));
}

void rs_add(struct rs_pick *p, const char *entity, const char *id, const char *handle, const char *label)
{
	if (p->n < DOM_CAND_MAX) {
		struct dom_ref *r = &p->ref[p->n];
		lk_strlcpy(r->entity, entity, sizeof r->entity);
		lk_strlcpy(r->id, id, sizeof r->id);
		lk_strlcpy(r->handle, handle, sizeof r->handle);
		lk_strlcpy(p->label[p->n], label, sizeof p->label[p->n]);
	}
	p->n++;
}

int rs_finish(const struct rs_pick *p, enum dom_kind kind, const char *text, struct dom_ref *out,
              struct dom_err *err)
{
	if (p->n == 0)
		return rs_fail(err, -LK_ENOTFOUND, _("no %s matches \"%.*s\""), rs_noun(kind, 0), lk_utf8_clip(text, 80),
		               text);
	if (p->n == 1) {
		*out = p->ref[0];
		return 0;
	}
	size_t len;
	rs_fail(err, -LK_EINVAL, _("\"%.*s\" matches %d %s; give more of it, or one of these:"), lk_utf8_clip(text, 80), text,
	        p->n, rs_noun(kind, 1));
	err->ncand = p->n < DOM_CAND_MAX ? p->n : DOM_CAND_MAX;
	for (int i = 0; i < err->ncand; i++) {
		snprintf(err->cand[i], sizeof err->cand[i], "%s  %s", p->ref[i].handle, p->label[i]);
		len = strlen(err->msg);
		snprintf(err->msg + len, sizeof err->msg - len, "%s %s (%s)", i ? "," : "", p->ref[i].handle, p->label[i]);
	}
	len = strlen(err->msg);
	if (p->n > DOM_CAND_MAX)
		snprintf(err->msg + len, sizeof err->msg - len, " and %d more", p->n - DOM_CAND_MAX);
	return -LK_EINVAL;
}
