/* lk_i18n: message translation through gettext, domain "lokmin": the _() and N_() markers and the start-up call. */
#ifndef LK_I18N_H
#define LK_I18N_H

#include <libintl.h>

#include "lk_lang.h"

#define LK_I18N_DOMAIN "lokmin"

/* _("text"): text in the message language. dgettext names the domain, so the
 * lookup does not depend on which domain the process made current. */
#define _(s) dgettext(LK_I18N_DOMAIN, s)
/* N_("text"): marks text for xgettext in a static table; translate it with
 * _() where it is used. */
#define N_(s) s
/* P_("one file", "%d files", n): the form for the count n (Indonesian has one). */
#define P_(s, p, n) dngettext(LK_I18N_DOMAIN, s, p, n)
/* C_("staff list", "TITLE"): text whose translation depends on where it stands
 * (the same English word, two Indonesian ones: JABATAN, JUDUL). */
#define C_(ctx, s) lk_i18n_pgettext(ctx "\004" s, s)
const char *lk_i18n_pgettext(const char *ctx_msgid, const char *msgid);
/* S_("text"): text made by code that lokmind shares with the clients (rules,
 * error names, record checks): in the message language, except in a process
 * that called lk_i18n_shared_english(1) (lokmind, whose refusals go on the
 * wire in English and are translated by the client that shows them). */
#define S_(s) lk_i18n_shared(s)

/* msgid in the message language, or msgid itself after lk_i18n_shared_english(1). */
const char *lk_i18n_shared(const char *msgid) __attribute__((format_arg(1)));
/* on != 0: S_() text stays English in this process. Call once in main. */
void lk_i18n_shared_english(int on);
/*
 * A reason lokmind sent (English wire text, e.g. a refused write's message)
 * in the message language: the catalogue's translation when the whole text is
 * a msgid the server marked (N_, S_), else the text as received (reasons that
 * quote values stay English). "" for NULL.
 */
const char *lk_i18n_reason(const char *wire);

/*
 * Set up translations once, in main, before any thread starts: the message
 * locale from the environment, the message language from lk_lang_from_env
 * (into LANGUAGE, so gettext and the date and number formats agree even when
 * the system lacks the id_ID locale), and the catalogue folder: the
 * LOKMIN_LOCALEDIR variable when set (tests run from the build tree), else
 * localedir when not NULL, else the install prefix's share/locale. The .mo
 * files are there as LANG/LC_MESSAGES/lokmin.mo. 0, or -LK_ENOMEM when
 * gettext could not record the folder.
 */
int lk_i18n_init(const char *localedir);
/*
 * Make lang the message language of the process from now on (a server that
 * answers each person in their own language: lokmin ui). The switch is
 * serialised by a lock and tells gettext to drop what it cached; it must
 * follow lk_i18n_init, which set LANGUAGE (glibc then replaces the value in
 * place and never frees the old one, so another thread's lookup at that
 * moment reads one language or the other, never freed memory). Text made by
 * other threads meanwhile may come in either language: only the thread that
 * switches may rely on it. 0 or -LK_ENOMEM.
 */
int lk_i18n_set_lang(enum lk_lang lang);
/* The catalogue folder lk_i18n_init chose (compiled-in default before it). Static. */
const char *lk_i18n_localedir(void);

#endif
