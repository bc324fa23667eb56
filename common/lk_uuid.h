/* lk_uuid: time-ordered UUIDv7 record ids, generated on the client. */
#ifndef LK_UUID_H
#define LK_UUID_H

#include <stdint.h>

#define LK_UUID_LEN 16
#define LK_UUID_STRLEN 37 /* 36 characters and the NUL */

typedef struct {
	uint8_t b[LK_UUID_LEN];
} lk_uuid;

/* A new UUIDv7: 48-bit Unix milliseconds, then a per-process counter and random bits,
 * so ids made by one process sort in creation order. Thread-safe. */
void lk_uuid_v7(lk_uuid *out);
/*
 * A UUIDv8 derived from text (BLAKE2b of it): the same text gives the same id on
 * every device, for records that must be one per natural key.
 */
void lk_uuid_derive(lk_uuid *out, const char *text);
/* Lower-case canonical text form into out[LK_UUID_STRLEN]. Returns out. */
char *lk_uuid_format(const lk_uuid *u, char out[LK_UUID_STRLEN]);
/* Parse the canonical 36-character form; 0 or -LK_EINVAL. */
int lk_uuid_parse(lk_uuid *out, const char *s) __attribute__((warn_unused_result));
/* 1 when s is an id as lokmin writes one: 36 characters, lower-case hex
 * digits and dashes in the canonical places, not the nil UUID. Validation of
 * ids and references uses this; lk_uuid_parse also takes upper case. */
int lk_uuid_canonical(const char *s);
/* Milliseconds since the epoch stored in a v7 id. */
uint64_t lk_uuid_time_ms(const lk_uuid *u);

#endif
