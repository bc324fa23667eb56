/* lk_entity: the table of synced entities and generic access to their records by field name. */
#ifndef LK_ENTITY_H
#define LK_ENTITY_H

#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

/* How a field is stored, checked and rendered as text. */
enum lk_fkind {
	LK_F_TEXT,      /* short text */
	LK_F_NARRATIVE, /* long free text: concurrent edits keep both versions */
	LK_F_INT,
	LK_F_BOOL,
	LK_F_REAL,
	LK_F_DATE,      /* YYYY-MM-DD */
	LK_F_TIME,      /* YYYY-MM-DDTHH:MM:SSZ */
	LK_F_UUID,      /* a reference to another record, or empty */
	LK_F_HEX,       /* hex digits (hashes, keys) */
};

/* What the server does when two devices changed the same field concurrently. */
enum lk_merge {
	LK_MERGE_LWW,       /* the later HLC wins; the conflict is recorded */
	LK_MERGE_KEEP_BOTH, /* the record keeps its value; the other version waits in a conflict */
	LK_MERGE_FIXED,     /* set when the record is created, never changed */
};

#define LK_FF_REQUIRED 0x1 /* must not be empty (text) */

struct lk_field {
	const char *name;
	enum lk_fkind kind;
	enum lk_merge merge;
	int flags;
	int maxlen;                 /* text length bound in bytes; 0 = the kind's default */
	const char *const *choices; /* allowed values (NULL-terminated), or NULL */
};

/* The narrowest tenant key a record of the entity must carry. */
enum lk_scope { LK_SCOPE_KABUPATEN, LK_SCOPE_KECAMATAN, LK_SCOPE_PUSKESMAS };

/*
 * One synced entity: its protobuf message, its table (same name on server and
 * client), its minimum scope and its own fields (header fields 1-7 are common
 * to all: id, rev, hlc, deleted, kabupaten, kecamatan, puskesmas).
 */
struct lk_entity {
	const char *name;
	const char *table;
	const ProtobufCMessageDescriptor *desc;
	enum lk_scope scope;
	const struct lk_field *fields;
	size_t nfields;
	int server_only; /* made by the server; clients may only change existing ones */
};

/* Upper bound on the number of entities, for arrays indexed by entity. */
#define LK_MAX_ENTITIES 48

extern const struct lk_entity lk_entities[];
extern const size_t lk_entities_count;

/* The entity called name, or NULL. */
const struct lk_entity *lk_entity_find(const char *name);
/* The field of e called name (own fields only), or NULL. */
const struct lk_field *lk_entity_field(const struct lk_entity *e, const char *name);
/* 1 when name is one of the header fields. */
int lk_is_header_field(const char *name);
/* SQL column of a field: tenant keys are kabupaten_code etc., others keep their name. */
const char *lk_column_name(const char *field);

/* ---------------------------------------------------------------- records */

/* A new record of e with every field at its default; free with lk_record_free. */
ProtobufCMessage *lk_record_new(const struct lk_entity *e);
void lk_record_free(ProtobufCMessage *m);
/* Decode bytes as a record of e; NULL when they are not one. */
ProtobufCMessage *lk_record_decode(const struct lk_entity *e, const uint8_t *buf, size_t len);
/* Encode into a malloc'd buffer; 0 or -LK_ENOMEM. */
int lk_record_encode(const ProtobufCMessage *m, uint8_t **buf, size_t *len) __attribute__((warn_unused_result));
/* A deep copy, or NULL. */
ProtobufCMessage *lk_record_copy(const struct lk_entity *e, const ProtobufCMessage *m);

/* The value of any field (header or own) as text, malloc'd; NULL if no such field.
 * Integers in decimal, booleans as 1/0, reals with full precision. */
char *lk_record_get(const ProtobufCMessage *m, const char *field);
/* The same text without a copy: a string field's own text (valid while m is
 * unchanged), a number written into buf (64 bytes hold any). NULL as lk_record_get. */
const char *lk_record_peek(const ProtobufCMessage *m, const char *field, char *buf, size_t size);
/* Set any field from text; 0, -LK_ENOTFOUND (no such field) or -LK_EINVAL. */
int lk_record_set(ProtobufCMessage *m, const char *field, const char *text) __attribute__((warn_unused_result));
/* Copy one field's value from src to dst (same entity); 0 or negative. */
int lk_record_copy_field(ProtobufCMessage *dst, const ProtobufCMessage *src, const char *field);
/* 1 when the field holds the same value in a and b. */
int lk_record_field_equal(const ProtobufCMessage *a, const ProtobufCMessage *b, const char *field);

/* Header shortcuts. */
const char *lk_record_id(const ProtobufCMessage *m);
int64_t lk_record_rev(const ProtobufCMessage *m);
uint64_t lk_record_hlc(const ProtobufCMessage *m);
int lk_record_deleted(const ProtobufCMessage *m);
void lk_record_keys(const ProtobufCMessage *m, const char **kab, const char **kec, const char **pusk);

/*
 * The id a record of e must have when e has a natural key (achievement: the
 * puskesmas, indicator, year, month and desa; target: the puskesmas, indicator
 * and year; sector: the kecamatan and code; office_profile: the office, see
 * lk_office_profile_id), into out[37]. 0, or -LK_ENOTFOUND
 * when e has none.
 */
int lk_natural_id(const struct lk_entity *e, const ProtobufCMessage *m, char out[37]);
/* The id of office's profile (office: a puskesmas code "P..." or a kecamatan
 * code): derived from "office_profile|<code>", so devices that create it
 * apart make the same record. Into out[37]; 0. */
int lk_office_profile_id(const char *office, char out[37]);
/* Check a letter-number pattern: only the placeholders {seq}, {romawi},
 * {mm} and {yyyy}, and {seq} exactly once ("" is allowed: not set). 0 or
 * -LK_EINVAL with the reason in err. */
int lk_letter_pattern_check(const char *pattern, char *err, size_t errlen);
/* 1 when cur is sealed and field (own or "deleted") may not change: a signed
 * invitation or minutes keeps every field (minutes.submitted_at may be set once,
 * from empty); a verified RTL item keeps every field but its status note. */
int lk_record_sealed_field(const struct lk_entity *e, const ProtobufCMessage *cur, const char *field);

/* Check a record: id, tenant keys for the entity's scope, every field's kind,
 * length, choices and required flag. 0 or -LK_EINVAL with the reason in err. */
int lk_record_validate(const struct lk_entity *e, const ProtobufCMessage *m, char *err, size_t errlen);
/* Check one text value for a field (as lk_record_validate does). */
int lk_field_check(const struct lk_field *f, const char *value, char *err, size_t errlen);

#endif
