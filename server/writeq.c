/* writeq: a push's record writes, queued per entity and written as one set-based statement each. */
#include "writeq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "pgarray.h"
#include "srv.h"

#define WQ_MAXVALS 64

/* The rows of one entity and kind, a text array per value. */
struct slot {
	const struct lk_entity *e;
	int update;
	int nv;
	size_t rows;
	struct pgarray *cols; /* nv of them while rows are queued */
};

struct writeq {
	struct slot slots[2 * LK_MAX_ENTITIES];
	int order[2 * LK_MAX_ENTITIES]; /* slot indices, by first use */
	int nused;
};

struct writeq *writeq_new(void)
{
	return calloc(1, sizeof(struct writeq));
}

static void s_slot_drop(struct slot *s)
{
	for (int i = 0; i < s->nv; i++)
		free(pgarray_close(&s->cols[i]));
	free(s->cols);
	s->cols = NULL;
	s->rows = 0;
	s->nv = 0;
}

int writeq_add(struct writeq *q, const struct lk_entity *e, int update, char *const *vals, int nv)
{
	int k = (int)(e - lk_entities) * 2 + (update ? 1 : 0);
	struct slot *s = &q->slots[k];
	if (nv > WQ_MAXVALS)
		return -LK_EINTERNAL;
	if (s->rows == 0) {
		if ((s->cols = calloc((size_t)nv, sizeof *s->cols)) == NULL)
			return -LK_ENOMEM;
		s->e = e;
		s->update = update;
		s->nv = nv;
		for (int i = 0; i < nv; i++)
			pgarray_open(&s->cols[i]);
		q->order[q->nused++] = k;
	}
	for (int i = 0; i < nv; i++)
		pgarray_add(&s->cols[i], vals[i]);
	s->rows++;
	return 0;
}

PGresult *writeq_flush(PGconn *pg, struct writeq *q)
{
	PGresult *bad = NULL;
	for (int o = 0; o < q->nused; o++) {
		struct slot *s = &q->slots[q->order[o]];
		char name[64], *vals[WQ_MAXVALS];
		int nv = s->nv;
		if (bad != NULL) {
			s_slot_drop(s);
			continue;
		}
		for (int i = 0; i < nv; i++)
			vals[i] = pgarray_close(&s->cols[i]);
		free(s->cols);
		s->cols = NULL;
		s->rows = 0;
		s->nv = 0;
		snprintf(name, sizeof name, "%s_%s_many", s->e->name, s->update ? "upd" : "ins");
		int built = 1;
		for (int i = 0; i < nv; i++)
			built &= vals[i] != NULL;
		/* A literal that ran out of memory must not write fewer rows unnoticed. */
		PGresult *res = built ? db_exec(pg, name, nv, (const char *const *)vals) : NULL;
		if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK)
			bad = res ? res : PQmakeEmptyPGresult(pg, PGRES_FATAL_ERROR);
		else
			PQclear(res);
		for (int i = 0; i < nv; i++)
			free(vals[i]);
	}
	q->nused = 0;
	return bad;
}

void writeq_clear(struct writeq *q)
{
	if (q == NULL)
		return;
	for (int o = 0; o < q->nused; o++)
		s_slot_drop(&q->slots[q->order[o]]);
	q->nused = 0;
}

void writeq_free(struct writeq *q)
{
	writeq_clear(q);
	free(q);
}
