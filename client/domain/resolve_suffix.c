/* resolve_suffix: records found by the last 8 hex digits of their id, from a per-table list kept while the store is unchanged. */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "resolve_priv.h"

/* One id with its last 8 characters first, for sorting and searching by them. */
struct s_id {
	char tail[16];
	char id[LK_UUID_STRLEN];
};

/* One table's live ids, sorted by their last 8 characters and then by id. */
struct s_list {
	int loaded;
	size_t n, cap;
	struct s_id *v;
};

/* A listing asks for hundreds of handles, and each would scan its table: the
 * ids are read once per table and kept while the store's stamp stays. */
static struct {
	pthread_mutex_t lock;
	uint64_t store; /* lk_store_serial */
	uint64_t stamp;
	struct s_list t[LK_MAX_ENTITIES];
} s_cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

static int s_cmp(const void *a, const void *b)
{
	const struct s_id *x = a, *y = b;
	int c = strcmp(x->tail, y->tail);
	return c ? c : strcmp(x->id, y->id);
}

static int s_id_row(const char *const *row, int ncol, void *arg)
{
	struct s_list *l = arg;
	(void)ncol;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		void *nv = realloc(l->v, cap * sizeof *l->v);
		if (nv == NULL)
			return -LK_ENOMEM;
		l->v = nv;
		l->cap = cap;
	}
	struct s_id *x = &l->v[l->n++];
	lk_strlcpy(x->id, row[0], sizeof x->id);
	rs_suffix_of(x->id, x->tail);
	return 0;
}

static void s_forget(void)
{
	for (size_t i = 0; i < LK_MAX_ENTITIES; i++) {
		free(s_cache.t[i].v);
		memset(&s_cache.t[i], 0, sizeof s_cache.t[i]);
	}
}

/* The list of entity k, read now when it is not kept. 0 or negative (lock held). */
static int s_load(lk_store *st, size_t k)
{
	struct s_list *l = &s_cache.t[k];
	char sql[160];
	if (l->loaded)
		return 0;
	snprintf(sql, sizeof sql, "SELECT id FROM \"%s\" WHERE deleted = 0", lk_entities[k].table);
	l->n = 0;
	int rc = lk_store_query(st, sql, NULL, 0, s_id_row, l);
	if (rc < 0)
		return rc;
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, s_cmp);
	l->loaded = 1;
	return 0;
}

int rs_suffix(const struct rs_ctx *c, const char *entity, const char *text, struct rs_pick *p)
{
	char low[9];
	for (int i = 0; i < 8; i++)
		low[i] = (char)tolower((unsigned char)text[i]);
	low[8] = '\0';
	uint64_t stamp = lk_store_stamp(c->st);
	int rc = 0;
	pthread_mutex_lock(&s_cache.lock);
	if (stamp == 0 || s_cache.store != lk_store_serial(c->st) || s_cache.stamp != stamp) {
		s_forget();
		s_cache.store = lk_store_serial(c->st);
		s_cache.stamp = stamp;
	}
	for (size_t k = 0; k < lk_entities_count && rc == 0; k++) {
		const struct lk_entity *e = &lk_entities[k];
		if (entity && strcmp(entity, e->name))
			continue;
		if ((rc = s_load(c->st, k)) != 0)
			break;
		const struct s_list *l = &s_cache.t[k];
		/* The first id with this tail, then every one after it with the same. */
		size_t lo = 0, hi = l->n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (strcmp(l->v[mid].tail, low) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t i = lo; i < l->n && strcmp(l->v[i].tail, low) == 0; i++)
			rs_add(p, e->name, l->v[i].id, l->v[i].tail, e->name);
	}
	if (stamp == 0)
		s_forget(); /* nothing to compare the next call with: keep nothing */
	pthread_mutex_unlock(&s_cache.lock);
	return rc;
}
