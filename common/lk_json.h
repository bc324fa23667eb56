/* lk_json: canonical one-line JSON for synced records, identical on client and server. */
#ifndef LK_JSON_H
#define LK_JSON_H

#include <stdio.h>

#include <protobuf-c/protobuf-c.h>

#include "lk_entity.h"

/* Write s as a JSON string literal, quotes included. NULL writes "". Bytes that
 * are not valid UTF-8 are written as U+FFFD so the output is always valid JSON. */
void lk_json_string(FILE *f, const char *s);

/*
 * Write one record as one line:
 *   {"entity":"meeting","id":"...","rev":3,"hlc":...,"deleted":false,"kabupaten":"...",...}
 * "entity" first, then every field of the record message in field-number order
 * (header fields 1-7, then the entity's own), under its proto name. Integers are
 * JSON numbers, booleans true/false, reals %.17g (null when not finite), text
 * JSON strings. Equal records give byte-identical lines whichever side writes
 * them. 0, -LK_EINVAL (m is not a record of e) or -LK_EIO (write error).
 */
int lk_record_json(FILE *f, const struct lk_entity *e, const ProtobufCMessage *m)
	__attribute__((warn_unused_result));

#endif
