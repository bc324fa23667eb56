/* writeq: a push's record writes, queued per entity and written as one set-based statement each. */
#ifndef LK_WRITEQ_H
#define LK_WRITEQ_H

#include <libpq-fe.h>

#include "lk_entity.h"

struct writeq;

struct writeq *writeq_new(void);
/* Queue the insert (update = 0) or update of one row, given the nv text
 * values of records_params; 0 or -LK_ENOMEM. */
int writeq_add(struct writeq *q, const struct lk_entity *e, int update, char *const *vals, int nv);
/* Write every queued row, one statement per entity and kind in the order the
 * first of each was queued; the queue is empty afterwards. NULL when all were
 * written, else the failed result (the caller PQclear's it; the rest is dropped). */
PGresult *writeq_flush(PGconn *pg, struct writeq *q);
/* Drop what is queued. */
void writeq_clear(struct writeq *q);
void writeq_free(struct writeq *q);

#endif
