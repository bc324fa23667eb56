/* engine: the device's profile, keys, connection and store behind one handle that never prints. */
#ifndef LK_ENGINE_H
#define LK_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "lk_keys.h"
#include "lk_wire.h"

struct lk_store;

/* What enrollment left in LOKMIN_HOME/profile. */
struct profile {
	char endpoint[256];
	char server_key[64];
	char device_id[64];
	char device_name[128];
	char role[16];
	char scope[16];
	char kabupaten[16];
	char kecamatan[16];
	char puskesmas[16];
};

/* The profile folder: override when non-empty (--home or LOKMIN_HOME), else
 * $XDG_DATA_HOME/lokmin, else ~/.local/share/lokmin. Writes into out. */
void profile_home(const char *override, char *out, size_t size);
/* Load LOKMIN_HOME/profile; 0, -LK_ENOTFOUND (not enrolled) or -LK_EINVAL. */
int profile_load(const char *home, struct profile *p);
/* Write LOKMIN_HOME/profile (mode 0600). */
int profile_save(const char *home, const struct profile *p);

/* One device: the first five members are also reachable by name through
 * struct session (client.h), which overlays them while commands move to the engine. */
struct lk_engine {
	char home[1024];
	struct profile prof;
	lk_curve_pair keys;
	lk_conn *conn;          /* opened by lk_engine_connect() */
	struct lk_store *store; /* opened by lk_engine_store() */
	int64_t timeout_ms;     /* per request */
	char err[2048];         /* detail of the last failure (room for the home path) */
	char actor[40];         /* the person at the keyboard (lk_engine_set_actor), "" = not known */
};

/* Load the profile and keys of e->home (set by the caller). 0, or
 * -LK_ENOTFOUND (not enrolled), -LK_EINVAL (damaged profile) or the key
 * loader's code, with lk_engine_error() set. */
int lk_engine_open(struct lk_engine *e);
/* The offline store, opened on first use; NULL with lk_engine_error() set. */
struct lk_store *lk_engine_store(struct lk_engine *e);
void lk_engine_store_close(struct lk_engine *e);
/* Connect to the profile's server (lazily, once). 0 or -LK_EUNREACH. */
int lk_engine_connect(struct lk_engine *e);
/* Connect if needed, send one request and wait e->timeout_ms. 0 or the
 * negative code, with lk_engine_error() set (a server error leaves *rep set). */
int lk_engine_call(struct lk_engine *e, Lokmin__Request *req, Lokmin__Reply **rep);
/*
 * Who is at the keyboard: person_id is the id of a Person record of this
 * device's office (a front-end resolves the logged-in person, the cli its
 * --as name). Every op queued in the outbox afterwards carries it, and lokmind
 * keeps it as the change's author; NULL or "" clears it. The store need not be
 * open yet. 0, or -LK_EINVAL (not an id) with lk_engine_error() set.
 */
int lk_engine_set_actor(struct lk_engine *e, const char *person_id);
/* Close the store and the connection and wipe the keys. */
void lk_engine_close(struct lk_engine *e);
/* Detail of the last failure; never NULL. */
const char *lk_engine_error(const struct lk_engine *e);

#endif
