/* lk_tz: time zones read from the system tz database (TZif files), and conversions between UTC and local time. */
#ifndef LK_TZ_H
#define LK_TZ_H

#include <stddef.h>
#include <stdint.h>

#include "lk_date.h"

/*
 * Why not localtime_r with setenv("TZ") per call: TZ is one process-wide
 * variable, and glibc's tzset() rereads it under a lock that localtime_r in
 * other threads does not take for the variable itself, so a server thread
 * formatting for Makassar would race one formatting for Jayapura. A loaded
 * struct lk_tz is immutable: any number of threads may use one at once.
 *
 * Instants are POSIX seconds since 1970-01-01T00:00:00Z (no leap seconds;
 * the "right/" zones, which count them, are refused). Civil times are limited
 * to the years lk_date accepts (1900-2200).
 */

#define LK_TZ_ABBRLEN 16  /* "WITA", "+0545" and the NUL, with room */
#define LK_TZ_NAMELEN 128 /* "Asia/Jakarta" and the NUL, with room */
#define LK_UTC_STRLEN 21  /* "YYYY-MM-DDTHH:MM:SSZ" and the NUL */

struct lk_tz;

/* A civil date and time in one zone, with the zone's offset from UTC in
 * seconds (east positive) and its abbreviation ("WIB") at that instant. */
struct lk_local {
	struct lk_date date;
	int hour, min, sec;
	int32_t utcoff;
	char abbr[LK_TZ_ABBRLEN];
};

/*
 * Load the zone named name ("Asia/Jakarta") from $TZDIR or /usr/share/zoneinfo
 * into *out (caller frees with lk_tz_free). A name is letters, digits and
 * "/_+-", not absolute and without "..". Zones whose rule after the last
 * transition has daylight saving time are refused (Indonesia has none; see
 * docs/architecture.md). 0, -LK_EINVAL (bad name or file), -LK_ENOTFOUND
 * (no such zone), -LK_EIO or -LK_ENOMEM.
 */
int lk_tz_load(const char *name, struct lk_tz **out) __attribute__((warn_unused_result));
/* lk_tz_load from the bytes of a TZif file already in memory (tests, fuzzing);
 * name is only recorded. 0, -LK_EINVAL or -LK_ENOMEM. */
int lk_tz_parse(const char *name, const void *data, size_t len, struct lk_tz **out)
	__attribute__((warn_unused_result));
/* 1 when name has the shape lk_tz_load accepts, else 0 (the file may still be missing). */
int lk_tz_name_valid(const char *name);
/* Free a zone and set *tz to NULL; safe on NULL and twice. */
void lk_tz_free(struct lk_tz **tz);
/* The name the zone was loaded by; borrowed from tz. */
const char *lk_tz_name(const struct lk_tz *tz);

/* The offset from UTC (seconds, east positive) in force at instant utc; the
 * abbreviation too when abbr is not NULL (borrowed from tz). */
int32_t lk_tz_offset(const struct lk_tz *tz, int64_t utc, const char **abbr);
/* The civil date and time in tz at instant utc; 0 or -LK_EINVAL when that
 * day is outside 1900-2200. */
int lk_tz_local(const struct lk_tz *tz, int64_t utc, struct lk_local *out) __attribute__((warn_unused_result));
/* The instant at which the clocks of tz show date d, h:m:s. When a change of
 * offset repeats that time, the earlier instant. 0, or -LK_EINVAL for a field
 * out of range or a time the clocks skipped. */
int lk_tz_utc(const struct lk_tz *tz, const struct lk_date *d, int h, int m, int s, int64_t *utc)
	__attribute__((warn_unused_result));

/* Parse "YYYY-MM-DDTHH:MM:SSZ" (lk_time_parse) into seconds since the epoch; 0 or -LK_EINVAL. */
int lk_utc_parse(const char *s, int64_t *utc) __attribute__((warn_unused_result));
/* Write an instant as "YYYY-MM-DDTHH:MM:SSZ" into out; returns out, or "" in
 * out for an instant outside 1900-2200. */
char *lk_utc_format(int64_t utc, char out[LK_UTC_STRLEN]);

#endif
