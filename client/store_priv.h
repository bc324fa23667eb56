/* store_priv: the few store internals shared by store.c and store_group.c. */
#ifndef LK_STORE_PRIV_H
#define LK_STORE_PRIV_H

#include "store.h"

/* An open group of writes (lk_store_begin): nesting depth and whether a write
 * inside it failed, which makes the outermost commit roll back. */
struct lk_store_group {
	int depth;
	int failed;
};

struct lk_store_group *lk_store__group(lk_store *s);
/* Run one SQL statement; 0 or negative with the reason kept in s. */
int lk_store__exec(lk_store *s, const char *sql);
/* Roll back the open SQLite transaction, if any. */
void lk_store__abort(lk_store *s);

#endif
