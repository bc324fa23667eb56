/* store_group: several store writes made as one SQLite transaction (all of them or none). */
#include "lk_error.h"
#include "store_priv.h"

/* The outermost begin takes the write lock at once, as every single write does;
 * inner begins only count, so a helper that groups its own writes can be called
 * inside a caller's group. */
int lk_store_begin(lk_store *s)
{
	struct lk_store_group *g = lk_store__group(s);
	if (g->depth == 0) {
		int rc = lk_store__exec(s, "BEGIN IMMEDIATE");
		if (rc != 0)
			return rc;
		g->failed = 0;
	}
	g->depth++;
	return 0;
}

int lk_store_commit(lk_store *s)
{
	struct lk_store_group *g = lk_store__group(s);
	int rc;
	if (g->depth == 0)
		return -LK_EINVAL;
	if (--g->depth > 0)
		return g->failed ? -LK_EIO : 0;
	if (g->failed) {
		lk_store__abort(s);
		return -LK_EIO;
	}
	lk_store__sigs_write(s); /* the valid signatures noted so far go with this write */
	if ((rc = lk_store__exec(s, "COMMIT")) != 0)
		lk_store__abort(s);
	return rc;
}

void lk_store_rollback(lk_store *s)
{
	struct lk_store_group *g = lk_store__group(s);
	if (g->depth == 0)
		return;
	/* An inner rollback dooms the whole group; the outermost one undoes it. */
	g->failed = 1;
	if (--g->depth == 0)
		lk_store__abort(s);
}
