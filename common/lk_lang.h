/* lk_lang: the user's language (Bahasa Indonesia or English), chosen from the locale variables. */
#ifndef LK_LANG_H
#define LK_LANG_H

enum lk_lang {
	LK_LANG_ID, /* Bahasa Indonesia: the default */
	LK_LANG_EN,
};

/* The language a locale name or language code names: "id", "id_ID.UTF-8" and
 * the old code "in" are Indonesian, "en..." English. 0 with *out set, or
 * -LK_ENOTFOUND for any other name ("C", "fr_FR", ""). */
int lk_lang_parse(const char *locale, enum lk_lang *out);
/*
 * The language from the environment, in gettext's order: the first entry of
 * LANGUAGE (a colon-separated list) that lk_lang_parse knows; else the first
 * of LC_ALL, LC_MESSAGES and LANG that is set and not empty, if it names a
 * language we know; else Indonesian. So LANG=en_US.UTF-8 gives English,
 * LC_ALL=C or nothing at all gives Indonesian.
 */
enum lk_lang lk_lang_from_env(void);
/* "id" or "en": the folder name under a locale directory. Static. */
const char *lk_lang_code(enum lk_lang lang);

#endif
