/* web_priv: what the web app's files share: the app's state, the sync state and the page and server calls. */
#ifndef LK_WEB_PRIV_H
#define LK_WEB_PRIV_H

#include <pthread.h>
#include <stdint.h>

#include "dom.h"
#include "engine.h"
#include "lk_lang.h"
#include "web_auth.h"
#include "web_http.h"

/* What the sync thread tells the pages (web_sync.c); guarded by its lock. */
struct web_sync_state {
	int online;            /* the last attempt reached lokmind */
	int running;           /* a sync is under way */
	int64_t last_try_ms;   /* when the last attempt ended (0: none yet) */
	char error[256];       /* why the last attempt failed ("" when it did not) */
};

struct web_sync;

/* The app: owned by the thread that answers requests (libmicrohttpd's one polling thread). */
struct web_app {
	struct lk_engine *eng;  /* this thread's engine handle and store */
	struct dom d;           /* the domain's view of eng */
	enum lk_lang lang;      /* the language before anyone logs in */
	int loopback;           /* listening on a loopback address */
	char host[80];          /* ADDR:PORT as listened on */
	struct web_sync *sync;  /* the background sync, NULL when not running */
};

/* One answer, filled by a page and sent by the server. */
struct web_reply {
	int status;
	struct web_buf body;
	const char *ctype;       /* NULL: text/html; charset=utf-8 */
	char location[256];      /* a redirect's target ("" none) */
	char cookie[2][200];     /* Set-Cookie values ("" none) */
	const char *allow;       /* the Allow header of a 405 */
	int cacheable;           /* static content */
};

/* ---------------------------------------------------------------- pages (web_pages.c) */

/* The page frame around body_html for a logged-in person (s) or none (s NULL). */
void web_page(struct web_app *a, const struct web_session *s, struct web_reply *r, const char *title,
              const char *body_html);
/* The login form with an optional error line; csrf is the form's token. */
void web_page_login(struct web_app *a, struct web_reply *r, const char *csrf, const char *login, const char *error);
/* The home page: today's to-do list. */
void web_page_home(struct web_app *a, const struct web_session *s, struct web_reply *r);
/* An error page (403, 404, 405, 413, 429, 500) with its status. */
void web_page_error(struct web_app *a, const struct web_session *s, struct web_reply *r, int status);

/* ---------------------------------------------------------------- server (web_server.c) */

struct MHD_Daemon;
/* Start answering on addr:port (IPv4). NULL with the reason logged. */
struct MHD_Daemon *web_server_start(struct web_app *a, const char *addr, int port);
void web_server_stop(struct MHD_Daemon *d);

/* ---------------------------------------------------------------- static files (generated web_static.c) */

struct web_static {
	const char *path;  /* "/static/style.css" */
	const char *ctype;
	const unsigned char *data;
	unsigned long len;
};
extern const struct web_static web_static_files[];
extern const unsigned long web_static_count;

/* ---------------------------------------------------------------- sync (web_sync.c) */

#define WEB_SYNC_EVERY_MS (60 * 1000) /* between syncs while lokmind answers, unless --sync-every says */
/* Start the background sync on its own engine handle for home (timeout_ms per request, every_ms
 * between syncs while lokmind answers). NULL on failure. */
struct web_sync *web_sync_start(const char *home, int64_t timeout_ms, int64_t every_ms);
/* Ask for a sync soon (after a change). Safe from any thread; NULL does nothing. */
void web_sync_soon(struct web_sync *s);
/* A copy of the state; zeroes when s is NULL. */
void web_sync_get(struct web_sync *s, struct web_sync_state *out);
/* Stop the thread and free. */
void web_sync_stop(struct web_sync *s);

#endif
