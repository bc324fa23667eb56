/* record_ops: any record by entity, written, read or deleted field by field under the entity table's checks. */
#ifndef LK_RECORD_OPS_H
#define LK_RECORD_OPS_H

#include <stddef.h>

#include "dom.h"
#include "resolve.h"
#include "store.h"

/* One field=value of a put. */
struct dom_field_value {
	const char *name;
	const char *value;
};

struct dom_record_put_in {
	const struct lk_entity *entity;
	const char *id; /* the record to change, or NULL for a new one */
	const struct dom_field_value *fields;
	size_t nfields;
};

/*
 * Create a record (with a new id and the tenant keys of d's office, unless
 * kabupaten=, kecamatan= or puskesmas= say otherwise) or change the named
 * fields of an existing one. Each field is checked against the entity table;
 * the store checks the record's rules and queues the change for sync. 0 with
 * the record's id, or negative with err.
 */
int dom_record_put(struct dom *d, const struct dom_record_put_in *in, char id[40], struct dom_err *err);

/* The record id of entity (deleted ones too) into *out (lk_record_free it). 0,
 * -LK_ENOTFOUND ("there is no ENTITY ID on this device") or negative, with err. */
int dom_record_get(struct dom *d, const struct lk_entity *entity, const char *id, ProtobufCMessage **out,
                   struct dom_err *err);

/* Mark the record deleted (synced as a tombstone). 0 (*already = 1 when it was
 * deleted before; err then says so), or negative with err. */
int dom_record_delete(struct dom *d, const struct lk_entity *entity, const char *id, int *already,
                      struct dom_err *err);

/* The kind of handle a record of entity is named by (DOM_MEETING for a meeting,
 * DOM_RTL for an RTL item, ...), or DOM_ANY (the last 8 hex digits of its id). */
enum dom_kind dom_record_kind(const char *entity);

/* How a field kind is called in messages ("whole number", "date YYYY-MM-DD"). */
const char *dom_field_kind_name(enum lk_fkind k);

#endif
