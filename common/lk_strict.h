/* lk_strict: the one gate for record bytes from elsewhere: strict wire form, valid values, canonical re-encoding. */
#ifndef LK_STRICT_H
#define LK_STRICT_H

#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#include "lk_entity.h"

/*
 * Check encoded bytes of message d field by field, before protobuf-c sees them:
 * every field number known to d (never 0) with its declared wire type, a
 * singular field at most once, lengths inside the buffer, strings valid UTF-8
 * without NUL bytes (protobuf-c would silently cut them), nested messages
 * likewise. 0, or -LK_EINVAL with the field named in err.
 */
int lk_wire_strict(const ProtobufCMessageDescriptor *d, const uint8_t *buf, size_t len, int flags, char *err,
                   size_t errlen);

/* Flag: field numbers d does not know (never 0) are let through when well
 * formed. Only for records pulled from a server that may be newer than this
 * program (it added a field); a server never lets an unknown field in. */
#define LK_STRICT_UNKNOWN_OK 0x1

/* 1 when every field of m reads back as itself: lk_record_get then
 * lk_record_set into a fresh record gives the same text (and the same bits
 * for numbers); otherwise 0 with the field named in err. */
int lk_record_roundtrips(const struct lk_entity *e, const ProtobufCMessage *m, char *err, size_t errlen);

/*
 * Accept bytes as a record of e: lk_wire_strict, decode, lk_record_validate,
 * lk_record_roundtrips, then re-encode and decode again, so *out is the
 * record as its canonical encoding carries it (the only form ever stored or
 * applied). Server (push, flags 0) and client (pull, LK_STRICT_UNKNOWN_OK)
 * both call this. 0 with *out
 * (lk_record_free), or -LK_EINVAL with the reason in err.
 */
int lk_record_accept(const struct lk_entity *e, const uint8_t *buf, size_t len, int flags, ProtobufCMessage **out,
                     char *err, size_t errlen);

#endif
