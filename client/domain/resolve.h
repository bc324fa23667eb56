/* resolve: turns what a health worker types (a period, a name, a code, an id's last digits) into one record. */
#ifndef DOM_RESOLVE_H
#define DOM_RESOLVE_H

#include <stddef.h>

#include "dom.h"
#include "store.h"

/* What a text may name. Item kinds name the entity whose ordinal "2026-12#2" counts. */
enum dom_kind {
	DOM_MEETING,      /* "2026-12" (monthly), "2026-Q1" (quarterly), "...@P3324010101" or "...@<name>" */
	DOM_RTL,          /* "2026-12#2": the 2nd action item (rtl) of that meeting */
	DOM_PROBLEM,      /* "2026-12#2" over the meeting's problems */
	DOM_MEETING_ITEM, /* "2026-12#2" over the meeting's agenda items */
	DOM_COMMITMENT,   /* "2026-Q1#2" over the meeting's commitments */
	DOM_MATERIAL,     /* "2026-12#2" over the meeting's material */
	DOM_ATTENDANCE,   /* "2026-12#2" over the meeting's attendance rows */
	DOM_INVITATION,   /* "2026-12": the meeting's newest invitation */
	DOM_MINUTES,      /* "2026-12": highest revision; "2026-12#r2": revision 2 */
	DOM_PERSON,       /* unique part of the name, or NIP (exact or unique digit prefix) */
	DOM_SECTOR,       /* code, or unique part of the name */
	DOM_PUSKESMAS,    /* "P3324010101", or unique part of the name (org cache) */
	DOM_KECAMATAN,    /* "332401", or unique part of the name (org cache) */
	DOM_INDICATOR,    /* code, or unique part of the name (catalogue) */
	DOM_DESA,         /* "3324010001", or unique part of the name of a desa of the device's puskesmas (org cache) */
	DOM_ANY,          /* any record, by its full id or the last 8 hex digits of it */
};

/* The record a text named. Puskesmas, kecamatan, indicators and desa are not records:
 * entity is "puskesmas", "kecamatan", "indicator" or "desa" and id their code. */
struct dom_ref {
	char entity[24];
	char id[40];
	char handle[80]; /* the short name lists print for it (dom_handle) */
};

/*
 * Resolve text as a kind on the device of office. A full canonical id always
 * works when the record exists; record kinds also take the last 8 hex digits
 * of an id (never a prefix: UUIDv7 ids start with their creation time). Names
 * match case- and accent-insensitively, on records not deleted: an exact full
 * name wins over parts; otherwise the records of the device's own office are
 * looked at first, then the whole store. 0 with out filled; -LK_ENOTFOUND
 * when nothing matches; -LK_EINVAL when several match (candidates in err) or
 * the text is empty; another negative code when the store cannot be read.
 * err may be NULL.
 */
int dom_resolve(lk_store *st, const struct dom_office *office, enum dom_kind kind, const char *text,
                struct dom_ref *out, struct dom_err *err);

/*
 * The shortest handle that resolves back to the record id of kind, into out:
 * meeting "2026-12" (qualified "@P..." or "@<kecamatan>" off the device's own
 * office), item "2026-12#2", minutes "2026-12#r2", person the shortest unique
 * word of the name (else the NIP), sector its code, puskesmas, kecamatan and
 * indicator their code; else the last 8 hex digits of the id, else the id.
 * 0, -LK_ENOTFOUND (no such record) or negative.
 */
int dom_handle(lk_store *st, const struct dom_office *office, enum dom_kind kind, const char *id, char *out,
               size_t size);

/* s folded for matching into out: ASCII lower case, Latin-1 and Latin
 * Extended-A letters without their accents (e -> e for é, è, ê, ë, ě ...),
 * other characters kept. Returns out. */
char *dom_fold(const char *s, char *out, size_t size);

#endif
