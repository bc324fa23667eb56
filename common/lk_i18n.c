/* lk_i18n: message translation through gettext, domain "lokmin": the _() and N_() markers and the start-up call. */
#include <locale.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_lang.h"
#include "lk_util.h"

#ifndef LOKMIN_LOCALEDIR_DEFAULT
#define LOKMIN_LOCALEDIR_DEFAULT "/usr/local/share/locale"
#endif

static char s_dir[4096] = LOKMIN_LOCALEDIR_DEFAULT;

int lk_i18n_init(const char *localedir)
{
	/* Only the message category: LC_NUMERIC would turn printf's "58.4" into
	 * "58,4" in files and on the wire; lk_fmt formats for people instead. */
	const char *loc = setlocale(LC_MESSAGES, "");
	/* glibc's gettext ignores LANGUAGE under the "C" locale, and a locale the
	 * system has not generated (id_ID) leaves "C": C.UTF-8 always exists. */
	if (loc == NULL || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	if (setenv("LANGUAGE", lk_lang_code(lk_lang_from_env()), 1) != 0)
		return -LK_ENOMEM;
	const char *env = getenv("LOKMIN_LOCALEDIR");
	if (env && env[0])
		localedir = env;
	if (localedir && localedir[0])
		lk_strlcpy(s_dir, localedir, sizeof s_dir);
	if (bindtextdomain(LK_I18N_DOMAIN, s_dir) == NULL || bind_textdomain_codeset(LK_I18N_DOMAIN, "UTF-8") == NULL ||
	    textdomain(LK_I18N_DOMAIN) == NULL)
		return -LK_ENOMEM;
	return 0;
}

static int s_shared_english;

void lk_i18n_shared_english(int on)
{
	s_shared_english = on != 0;
}

const char *lk_i18n_shared(const char *msgid)
{
	return s_shared_english ? msgid : dgettext(LK_I18N_DOMAIN, msgid);
}

const char *lk_i18n_reason(const char *wire)
{
	if (wire == NULL || !wire[0])
		return "";
	return dgettext(LK_I18N_DOMAIN, wire);
}

const char *lk_i18n_localedir(void)
{
	return s_dir;
}

const char *lk_i18n_pgettext(const char *ctx_msgid, const char *msgid)
{
	const char *t = dgettext(LK_I18N_DOMAIN, ctx_msgid);
	return t == ctx_msgid ? msgid : t; /* untranslated: gettext hands the key back */
}

/* glibc's counter of loaded catalogues: raising it makes gettext look again
 * instead of answering from what it cached for the previous language. */
extern int _nl_msg_cat_cntr;

int lk_i18n_set_lang(enum lk_lang lang)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	int rc = 0;
	pthread_mutex_lock(&lock);
	const char *now = getenv("LANGUAGE");
	if (now == NULL || strcmp(now, lk_lang_code(lang)) != 0) {
		if (setenv("LANGUAGE", lk_lang_code(lang), 1) != 0)
			rc = -LK_ENOMEM;
		else
			++_nl_msg_cat_cntr;
	}
	pthread_mutex_unlock(&lock);
	return rc;
}
