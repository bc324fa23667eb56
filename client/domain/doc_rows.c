/* doc_rows: gathering the live records of a meeting (or of a document) for a printed page, and picking the newest. */
#include <stdlib.h>
#include <string.h>

#include "doc_rows.h"
#include "lk_error.h"

static int s_collect(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct dom_rows *r = arg;
	char *v = lk_record_get(m, r->field);
	int mine = v && !lk_record_deleted(m) && !strcmp(v, r->value);
	free(v);
	if (!mine)
		return 0;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		ProtobufCMessage **nv = realloc(r->v, cap * sizeof *nv);
		if (nv == NULL)
			return -LK_ENOMEM;
		r->v = nv;
		r->cap = cap;
	}
	r->v[r->n] = lk_record_copy(e, m);
	return r->v[r->n++] ? 0 : -LK_ENOMEM;
}

void dom_rows_free(struct dom_rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		lk_record_free(r->v[i]);
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
}

int dom_rows_load(struct dom *d, const char *entity, struct dom_rows *r, struct dom_err *err)
{
	const struct lk_entity *e = lk_entity_find(entity);
	int rc = e ? lk_store_list(d->st, e, s_collect, r) : -LK_EINVAL;
	if (rc < 0) {
		dom_rows_free(r);
		return dom_fail(err, rc, "cannot read the %s records: %s", entity, lk_strerror(rc));
	}
	return 0;
}

/* Order of a and b by key: numerically when numeric, else as text. */
static int s_key_cmp(const ProtobufCMessage *a, const ProtobufCMessage *b, const char *key, int numeric)
{
	char *x = lk_record_get(a, key), *y = lk_record_get(b, key);
	int c = 0;
	if (x && y)
		c = numeric ? (atoll(x) > atoll(y)) - (atoll(x) < atoll(y)) : strcmp(x, y);
	free(x);
	free(y);
	return c;
}

const ProtobufCMessage *dom_rows_newest(const struct dom_rows *r, const char *key, int numeric)
{
	const ProtobufCMessage *best = NULL;
	for (size_t i = 0; i < r->n; i++)
		if (best == NULL || s_key_cmp(r->v[i], best, key, numeric) >= 0)
			best = r->v[i];
	return best;
}

void dom_rows_sort(struct dom_rows *r, const char *key, int numeric)
{
	/* Insertion sort: a meeting has a handful of revisions, and equal keys stay in id order. */
	for (size_t i = 1; i < r->n; i++) {
		ProtobufCMessage *m = r->v[i];
		size_t j = i;
		while (j > 0 && s_key_cmp(r->v[j - 1], m, key, numeric) > 0) {
			r->v[j] = r->v[j - 1];
			j--;
		}
		r->v[j] = m;
	}
}
