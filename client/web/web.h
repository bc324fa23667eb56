/* web: the entry of `lokmin ui`, the local web app, for the program's main. */
#ifndef LK_WEB_H
#define LK_WEB_H

struct lk_engine;

/*
 * Run `lokmin ui WORDS...` (words[0] is "ui") on the device of e (profile
 * loaded, e->timeout_ms set): serve until SIGINT or SIGTERM, or add an
 * account (--add-user). The exit status: 0 done, 1 failed, 2 bad words.
 */
int web_ui_main(struct lk_engine *e, int nwords, char **words);

#endif
