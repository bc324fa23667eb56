/* records: generic SQL for synced entities, built from the entity table, and row <-> record conversion. */
#ifndef LK_RECORDS_H
#define LK_RECORDS_H

#include <libpq-fe.h>

#include "lk_entity.h"

/* Per-field merge bookkeeping stored in each row's field_meta column. */
struct field_meta {
	char field[64];
	int64_t rev;
	uint64_t hlc;
	char device[37];
};

struct meta_set {
	struct field_meta *items;
	size_t n, cap;
};

/* Parse "field=rev,hlc,device;..." into set (appends); 0 or -LK_EINVAL. */
int meta_parse(struct meta_set *set, const char *text);
/* The entry for field, or NULL. */
struct field_meta *meta_find(struct meta_set *set, const char *field);
/* Set (add or replace) the entry for field. 0 or -LK_ENOMEM. */
int meta_set_field(struct meta_set *set, const char *field, int64_t rev, uint64_t hlc, const char *device);
/* Serialise; malloc'd string. */
char *meta_format(const struct meta_set *set);
void meta_free(struct meta_set *set);

/* Prepare the per-entity statements (<entity>_get, _get_many, _ins, _upd, _snap,
 * _ins_many, _upd_many) on pg. _snap returns, after the record's columns, the
 * author of its last change. _ins_many and _upd_many take the parameters of
 * _ins and _upd as text arrays, one element per row. */
int records_prepare(PGconn *pg);
/* Number of columns in the generic select list of e (header + own fields). */
int records_ncols(const struct lk_entity *e);
/* The field behind select column i. */
const char *records_col_field(const struct lk_entity *e, int i);
/* Build a record of e from row `row` of r, reading columns first..first+ncols-1.
 * NULL on a bad value. */
ProtobufCMessage *records_from_row(const struct lk_entity *e, const PGresult *r, int row, int first);
/* Text parameters for _ins/_upd: every column's value, then field_meta, device
 * and the person who made the change ("" = not known). Fills vals (caller frees
 * each with records_free_params). Returns the count. */
int records_params(const struct lk_entity *e, const ProtobufCMessage *m, const char *meta, const char *device,
                   const char *actor, char **vals);
void records_free_params(char **vals, int n);

/* Scope filter parameters ($1 kab, $2 kec, $3 pusk, $4 role) used by _snap and the change-log pull. */
#define RECORDS_SCOPE_SQL                                                                         \
	"kabupaten_code = $1 AND ($4 = 'dinkes' OR (kecamatan_code = $2 AND ($4 = 'kecamatan' OR " \
	"puskesmas_code IS NULL OR puskesmas_code = $3)))"

#endif
