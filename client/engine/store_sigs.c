/* store_sigs: the signatures this device has found valid, so each is checked once rather than at every report. */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "lk_error.h"
#include "store_priv.h"

#define SIGS_BUSY_MS 200 /* at close, another writer is waited for this long, then the notes are dropped */

/* Valid signatures found since the store was opened, written at close. */
struct lk_store_sigs {
	uint8_t (*h)[32];
	size_t n, cap;
};

static const char s_get[] = "SELECT 1 FROM sig_valid WHERE h = ?1";
static const char s_put[] = "INSERT OR IGNORE INTO sig_valid (h) VALUES (?1)";

int lk_store_sig_known(lk_store *s, const uint8_t h[32])
{
	struct lk_store_sigs *g = *lk_store__sigs(s);
	for (size_t i = 0; g && i < g->n; i++)
		if (memcmp(g->h[i], h, 32) == 0)
			return 1;
	sqlite3_stmt *st = lk_store__prepared(s, s_get);
	if (st == NULL)
		return 0; /* not known: the signature is simply checked */
	sqlite3_bind_blob(st, 1, h, 32, SQLITE_STATIC);
	int known = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st); /* a statement left on a row would hold its read transaction open */
	lk_store__unprepared(s, st);
	return known;
}

void lk_store_sig_note(lk_store *s, const uint8_t h[32])
{
	struct lk_store_sigs **gp = lk_store__sigs(s), *g = *gp;
	if (g == NULL && (g = *gp = calloc(1, sizeof *g)) == NULL)
		return;
	if (g->n == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 64;
		void *p = realloc(g->h, cap * sizeof *g->h);
		if (p == NULL)
			return; /* a note lost is a check done again next time */
		g->h = p;
		g->cap = cap;
	}
	memcpy(g->h[g->n++], h, 32);
}

void lk_store__sigs_flush(lk_store *s)
{
	struct lk_store_sigs **gp = lk_store__sigs(s), *g = *gp;
	if (g == NULL)
		return;
	if (g->n > 0) {
		sqlite3 *db = lk_store__db(s);
		sqlite3_busy_timeout(db, SIGS_BUSY_MS);
		if (lk_store__begin(s) == 0) {
			int rc = 0;
			for (size_t i = 0; rc == 0 && i < g->n; i++) {
				sqlite3_stmt *st = lk_store__prepared(s, s_put);
				if (st == NULL) {
					rc = -LK_EIO;
					break;
				}
				sqlite3_bind_blob(st, 1, g->h[i], 32, SQLITE_STATIC);
				if (sqlite3_step(st) != SQLITE_DONE)
					rc = -LK_EIO;
				sqlite3_reset(st);
				lk_store__unprepared(s, st);
			}
			lk_store__end(s, rc); /* a failure drops the notes: those checks are done again */
		}
	}
	free(g->h);
	free(g);
	*gp = NULL;
}
