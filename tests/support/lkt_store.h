/* lkt_store: a client store in a temporary folder for unit tests, with records put into it and read back under Criterion checks. */
#ifndef LKT_STORE_H
#define LKT_STORE_H

#include <stddef.h>

#include "store.h"

/* Open a new, empty store in a fresh folder /tmp/lk_<tag>_XXXXXX (its path into
 * home); a failure fails the test. */
lk_store *lkt_store_open_temp(const char *tag, char *home, size_t size);
/* Close *st (NULL is fine) and remove home with everything in it. */
void lkt_store_close_temp(lk_store **st, const char *home);

/*
 * Put a new record of entity with the fields given as name, value pairs (NULL
 * ends them). The tenant keys default to kabupaten 3324, kecamatan 332401,
 * puskesmas P3324010101 and the id to a new UUIDv7; any of them may be given as
 * a field instead. An entity with a natural key (sector, achievement, target)
 * gets the id derived from its fields, as the store requires. The id goes into
 * id_out (LK_UUID_STRLEN bytes at least) unless it is NULL.
 */
void lkt_rec(lk_store *st, const char *entity, char *id_out, ...);

/* Field of the stored record id of entity (malloc'd); a missing record fails the test. */
char *lkt_field(lk_store *st, const char *entity, const char *id, const char *field);
/* Check that field of the stored record id of entity is want. */
void lkt_field_is(lk_store *st, const char *entity, const char *id, const char *field, const char *want);

#endif
