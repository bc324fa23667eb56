/* office: an office's letterhead (kop surat), its letter numbers and its time zone. */
#ifndef DOM_OFFICE_H
#define DOM_OFFICE_H

#include <stddef.h>

#include "dom.h"
#include "lk_date.h"
#include "store.h"

/*
 * The profile of one office: a puskesmas (code "P..."), or a camat's office
 * (a kecamatan code). When no record is stored yet, rec holds defaults made
 * from the region names the last sync cached ("PEMERINTAH KABUPATEN KENDAL",
 * "DINAS KESEHATAN", "UPTD PUSKESMAS KALIWUNGU", the kecamatan's name as
 * the place), not stored until something is set.
 */
struct dom_office_profile {
	char office[16];       /* the office's code */
	char kind[12];         /* "puskesmas" or "kecamatan" */
	char id[40];           /* the profile's id, derived from the office code */
	int stored;            /* 1: rec is the stored record; 0: defaults */
	ProtobufCMessage *rec; /* an office_profile record (owned) */
};
void dom_office_profile_free(struct dom_office_profile *p);

/*
 * The office a command is about: office NULL is the device's own (a district
 * device must name one); else a puskesmas or kecamatan code inside the
 * device's reach. Into code[16]; 0 or -LK_EINVAL / -LK_EPERM.
 */
int dom_office_code(const struct dom *d, const char *office, char code[16], struct dom_err *err);

/* The profile of office (as dom_office_code takes it). */
int dom_office_get(struct dom *d, const char *office, struct dom_office_profile *out, struct dom_err *err);

/* One field to set: an own field of office_profile and its new value. */
struct dom_office_field {
	const char *name, *value;
};
/*
 * Set fields of office's profile (creating it from the defaults when none is
 * stored; the id is derived, so two devices creating it apart make one
 * record). time_zone takes "" (from the region code), a tz name or WIB, WITA,
 * WIT (stored as the tz name); letter_number_pattern is checked as
 * lk_letter_pattern_check does. Only the office's own devices and the
 * district write it (lk_office_profile_writer). 0 or negative.
 */
int dom_office_set(struct dom *d, const char *office, const struct dom_office_field *f, size_t n,
                   struct dom_err *err);

/*
 * A letter number from pattern: {seq} the running number of the letter in
 * its year, {romawi} the month in Roman numerals (I-XII), {mm} the month in
 * two digits, {yyyy} the year; other text as it is. "440/{seq}/{romawi}/{yyyy}"
 * with seq 7 on 2026-11-30 is "440/7/XI/2026". Into out[n]; 0 or -LK_EINVAL.
 */
int dom_letter_number(const char *pattern, long seq, const struct lk_date *day, char *out, size_t n);
/* The running number in number when it was made from pattern in year, else -1. */
long dom_letter_seq(const char *pattern, const char *number, int year);

/*
 * The number for the office's next letter dated day: one more than the
 * highest {seq} among the numbers of its letters (invitations) of that year
 * that fit its pattern, 1 for the first. Into out[n], and the seq into *seq
 * when not NULL. 0 or negative.
 */
int dom_office_next_number(struct dom *d, const char *office, const struct lk_date *day, char *out, size_t n,
                           long *seq, struct dom_err *err);

/* The office's time zone: its profile's override, else the zone of its
 * region code (lk_zone_for_office). Into zone[n]; 0 or negative. */
int dom_office_zone(struct dom *d, const char *office, char *zone, size_t n, struct dom_err *err);

#endif
