/*
 * web_auth: the web app's logged-in sessions (random tokens, CSRF tokens, idle
 * timeout) and the login rate limit, kept in memory by the one thread that
 * answers requests (not thread-safe by design).
 */
#ifndef LK_WEB_AUTH_H
#define LK_WEB_AUTH_H

#include <stdint.h>

#define WEB_TOKEN_LEN 64                 /* hex characters of a session or CSRF token (32 random bytes) */
#define WEB_IDLE_MS (30 * 60 * 1000)     /* by default a session unused this long is over (--idle-timeout) */
#define WEB_SESSIONS_MAX 256             /* at once; the least recently used goes first */
#define WEB_RATE_WINDOW_MS (5 * 60 * 1000) /* failed logins are counted over this long */
#define WEB_RATE_PER_LOGIN 5             /* failures in the window that block a login */
#define WEB_RATE_PER_ADDR 20             /* failures in the window that block a client address */

struct web_session {
	char token[WEB_TOKEN_LEN + 1];
	char csrf[WEB_TOKEN_LEN + 1];
	char login[72];
	char person_id[40];
	char lang[8];
	char note[240];  /* shown once on the next page (after a change: "Saved") */
	int64_t last_ms; /* 0: the slot is free */
};

/* 32 random bytes as hex into out[WEB_TOKEN_LEN + 1]. */
void web_token(char out[WEB_TOKEN_LEN + 1]);

/* A new session for the account (a session idle longer than idle_ms, else the least recently used one,
 * is ended when the table is full). */
struct web_session *web_session_new(const char *login, const char *person_id, const char *lang, int64_t now_ms,
                                    int64_t idle_ms);
/* The live session of token, its idle clock restarted; NULL when unknown or unused for more than idle_ms
 * (then ended). */
struct web_session *web_session_find(const char *token, int64_t now_ms, int64_t idle_ms);
void web_session_end(struct web_session *s);
/* End every session of login but keep (keep may be NULL); returns how many were ended. */
int web_session_end_others(const char *login, const struct web_session *keep);
/* Set the language of every live session of login (the account's new choice). */
void web_session_set_lang(const char *login, const char *lang);

/*
 * The login rate limit: 1 when login, or the client address addr, has had
 * too many failed logins within the window (the attempt is then refused
 * without looking at the password), else 0.
 */
int web_rate_blocked(const char *login, const char *addr, int64_t now_ms);
/* Count a failed login for login and addr. */
void web_rate_fail(const char *login, const char *addr, int64_t now_ms);
/* A good login: forget login's failures (the address keeps its count). */
void web_rate_ok(const char *login);

#endif
