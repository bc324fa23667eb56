/* orgcache: reading the puskesmas and kecamatan names that the last sync cached in the store. */
#ifndef LK_ORGCACHE_H
#define LK_ORGCACHE_H

#include "engine.h"
#include "store.h"

/* Fetch the names of the puskesmas (and kecamatan) in the device's scope into
 * the engine's store, at most once a day. 0 or negative; silent. */
int org_fetch(struct lk_engine *e);

/* Each puskesmas known from the last org_fetch: code, kecamatan, name. 0 or the callback's value. */
typedef int (*org_fn)(const char *code, const char *kecamatan, const char *name, void *arg);
int org_puskesmas(struct lk_store *st, org_fn fn, void *arg);

/* Each kecamatan named by the last org_fetch (a kecamatan's or the district's
 * device; on a puskesmas device its own kecamatan): code and name, kecamatan
 * "" for the callback. 0 or the callback's value. */
int org_kecamatan(struct lk_store *st, org_fn fn, void *arg);

/* Each desa of the device's own puskesmas named by the last org_fetch (a
 * puskesmas device only), in the server's order: code and name, kecamatan ""
 * for the callback. 0 or the callback's value; nothing when never fetched. */
int org_desa(struct lk_store *st, org_fn fn, void *arg);

/* The device's own kabupaten's name as the last org_fetch cached it (every
 * office may read its kabupaten's name) into name[n]: 0, or -LK_ENOTFOUND. */
int org_kabupaten(struct lk_store *st, char *name, size_t n);
/* 1 when code is the kabupaten whose name org_kabupaten gives, else 0. */
int org_kabupaten_code(struct lk_store *st, const char *code);

#endif
