/* catalogue: the indicator catalogue fetched from lokmind into the offline store. */
#ifndef LK_CATALOGUE_H
#define LK_CATALOGUE_H

#include "engine.h"

/* Fetch the catalogue into the engine's store when the server's differs from
 * the stored one. 0 or negative; silent. */
int lk_catalogue_fetch(struct lk_engine *e);

#endif
