/* engine: opening a device's profile, keys, store and connection, keeping failure detail for the caller. */
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "store.h"

int lk_engine_open(struct lk_engine *e)
{
	int rc = profile_load(e->home, &e->prof);
	e->err[0] = '\0';
	if (rc == -LK_ENOTFOUND) {
		snprintf(e->err, sizeof e->err, _("this device is not enrolled (no profile in %s);\n"
		         "       run `lokmin enroll LINE` with the line from your district or administrator"), e->home);
		return rc;
	}
	if (rc != 0) {
		snprintf(e->err, sizeof e->err, _("%s/profile is damaged; enroll again with --force"), e->home);
		return -LK_EINVAL;
	}
	if ((rc = lk_curve_load(&e->keys, e->home, "device")) != 0) {
		snprintf(e->err, sizeof e->err, _("cannot load this device's key from %s/device.key: %s%s"), e->home,
		         lk_strerror(rc), rc == -LK_ECONFIG ? " (the file must be mode 0600)" : "");
		return rc;
	}
	return 0;
}

struct lk_store *lk_engine_store(struct lk_engine *e)
{
	char err[512];
	if (e->store == NULL && (e->store = lk_store_open(e->home, err, sizeof err)) == NULL)
		snprintf(e->err, sizeof e->err, _("cannot open this device's store: %s"), err);
	else if (lk_store_set_actor(e->store, e->actor) != 0)
		e->actor[0] = '\0'; /* checked by lk_engine_set_actor; never reached */
	return e->store;
}

int lk_engine_set_actor(struct lk_engine *e, const char *person_id)
{
	if (person_id && person_id[0] && !lk_uuid_canonical(person_id)) {
		snprintf(e->err, sizeof e->err, _("%s is not a person id"), person_id);
		return -LK_EINVAL;
	}
	lk_strlcpy(e->actor, person_id ? person_id : "", sizeof e->actor);
	return e->store ? lk_store_set_actor(e->store, e->actor) : 0;
}

void lk_engine_store_close(struct lk_engine *e)
{
	lk_store_close(&e->store);
}

int lk_engine_connect(struct lk_engine *e)
{
	if (e->conn)
		return 0;
	e->conn = lk_conn_new(e->prof.endpoint, e->prof.server_key, &e->keys, e->err, sizeof e->err);
	return e->conn ? 0 : -LK_EUNREACH;
}

int lk_engine_call(struct lk_engine *e, Lokmin__Request *req, Lokmin__Reply **rep)
{
	int rc;
	*rep = NULL;
	if ((rc = lk_engine_connect(e)) != 0)
		return rc;
	if ((rc = lk_conn_call(e->conn, req, e->timeout_ms, rep)) != 0)
		lk_strlcpy(e->err, lk_conn_error(e->conn), sizeof e->err);
	return rc;
}

void lk_engine_close(struct lk_engine *e)
{
	lk_engine_store_close(e);
	lk_conn_destroy(&e->conn);
	lk_curve_wipe(&e->keys);
}

const char *lk_engine_error(const struct lk_engine *e)
{
	return e->err;
}
