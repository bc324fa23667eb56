/* lk_lang: the user's language (Bahasa Indonesia or English), chosen from the locale variables. */
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_lang.h"

int lk_lang_parse(const char *locale, enum lk_lang *out)
{
	if (locale == NULL)
		return -LK_ENOTFOUND;
	/* The language is what comes before the territory, codeset or modifier. */
	size_t n = strcspn(locale, "_.@:");
	if ((n == 2 && strncmp(locale, "id", 2) == 0) || (n == 2 && strncmp(locale, "in", 2) == 0))
		*out = LK_LANG_ID;
	else if (n == 2 && strncmp(locale, "en", 2) == 0)
		*out = LK_LANG_EN;
	else
		return -LK_ENOTFOUND;
	return 0;
}

enum lk_lang lk_lang_from_env(void)
{
	enum lk_lang lang;
	const char *list = getenv("LANGUAGE");
	for (const char *p = list; p && *p; p += strcspn(p, ":"), p += *p == ':')
		if (lk_lang_parse(p, &lang) == 0)
			return lang;
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && v[0])
			return lk_lang_parse(v, &lang) == 0 ? lang : LK_LANG_ID;
	}
	return LK_LANG_ID;
}

const char *lk_lang_code(enum lk_lang lang)
{
	return lang == LK_LANG_EN ? "en" : "id";
}
