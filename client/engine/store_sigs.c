/* store_sigs: the signatures this device has found valid, so each is checked once rather than at every report. */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "lk_error.h"
#include "store_priv.h"

#define SIGS_BUSY_MS 200 /* at close, another writer is waited for this long, then the notes are dropped */

/* Valid signatures found and not yet written: an open-addressed set of their
 * hashes (uniform already, so the first bytes place them), at most half full. */
struct lk_store_sigs {
	uint8_t (*h)[32];
	unsigned char *used;
	size_t n, cap; /* cap a power of two */
};

static const char s_get[] = "SELECT 1 FROM sig_valid WHERE h = ?1";
static const char s_put[] = "INSERT OR IGNORE INTO sig_valid (h) VALUES (?1)";

static size_t s_slot(const uint8_t h[32], size_t cap)
{
	size_t v;
	memcpy(&v, h, sizeof v);
	return v & (cap - 1);
}

/* The slot holding h, or the empty slot where it would go. */
static size_t s_find(const struct lk_store_sigs *g, const uint8_t h[32])
{
	size_t i = s_slot(h, g->cap);
	while (g->used[i] && memcmp(g->h[i], h, 32) != 0)
		i = (i + 1) & (g->cap - 1);
	return i;
}

static int s_grow(struct lk_store_sigs *g)
{
	size_t cap = g->cap ? 2 * g->cap : 128;
	uint8_t(*h)[32] = malloc(cap * sizeof *h);
	unsigned char *used = calloc(cap, 1);
	if (h == NULL || used == NULL) {
		free(h);
		free(used);
		return -1;
	}
	struct lk_store_sigs old = *g;
	g->h = h;
	g->used = used;
	g->cap = cap;
	for (size_t i = 0; i < old.cap; i++)
		if (old.used[i]) {
			size_t j = s_find(g, old.h[i]);
			memcpy(g->h[j], old.h[i], 32);
			g->used[j] = 1;
		}
	free(old.h);
	free(old.used);
	return 0;
}

static void s_free(struct lk_store_sigs **gp)
{
	if (*gp) {
		free((*gp)->h);
		free((*gp)->used);
		free(*gp);
		*gp = NULL;
	}
}

int lk_store_sig_known(lk_store *s, const uint8_t h[32])
{
	struct lk_store_sigs *g = *lk_store__sigs(s);
	if (g && g->n > 0 && g->used[s_find(g, h)])
		return 1;
	sqlite3_stmt *st = lk_store__prepared(s, s_get);
	if (st == NULL)
		return 0; /* not known: the signature is simply checked */
	sqlite3_bind_blob(st, 1, h, 32, SQLITE_STATIC);
	int known = sqlite3_step(st) == SQLITE_ROW;
	lk_store__unprepared(s, st);
	return known;
}

void lk_store_sig_note(lk_store *s, const uint8_t h[32])
{
	struct lk_store_sigs **gp = lk_store__sigs(s), *g = *gp;
	if (g == NULL && (g = *gp = calloc(1, sizeof *g)) == NULL)
		return;
	if (2 * (g->n + 1) > g->cap && s_grow(g) != 0)
		return; /* a note lost is a check done again next time */
	size_t i = s_find(g, h);
	if (!g->used[i]) {
		memcpy(g->h[i], h, 32);
		g->used[i] = 1;
		g->n++;
	}
}

void lk_store__sigs_write(lk_store *s)
{
	struct lk_store_sigs **gp = lk_store__sigs(s), *g = *gp;
	if (g == NULL || g->n == 0)
		return;
	for (size_t i = 0; i < g->cap; i++) {
		if (!g->used[i])
			continue;
		sqlite3_stmt *st = lk_store__prepared(s, s_put);
		if (st == NULL)
			break;
		sqlite3_bind_blob(st, 1, g->h[i], 32, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		lk_store__unprepared(s, st);
		if (rc != SQLITE_DONE)
			break; /* the rest are dropped: those checks are done again */
	}
	s_free(gp); /* written ones are found by s_get from now on */
}

void lk_store__sigs_flush(lk_store *s)
{
	struct lk_store_sigs **gp = lk_store__sigs(s);
	if (*gp && (*gp)->n > 0) {
		sqlite3_busy_timeout(lk_store__db(s), SIGS_BUSY_MS);
		if (lk_store__begin(s) == 0) /* writes the notes as it commits */
			lk_store__end(s, 0);
	}
	s_free(gp);
}
