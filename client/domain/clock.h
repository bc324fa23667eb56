/* clock: the one source of "now" and "today" for the domain, in the office's time zone. */
#ifndef LK_DOM_CLOCK_H
#define LK_DOM_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "dom.h"
#include "lk_date.h"
#include "lk_lang.h"
#include "lk_tz.h"

/*
 * Stored timestamps stay UTC ("YYYY-MM-DDTHH:MM:SSZ"); what is a civil date
 * (a meeting's held date, an invitation's issued date, a deadline, "today")
 * is the office's date, in the zone of its kabupaten (WIB, WITA or WIT), so a
 * meeting at 07:30 WIT is held on that day, not on the UTC day before.
 * docs/architecture.md, "Time: now, today and the office's zone".
 */

#define DOM_WHEN_LEN 48 /* "2026-12-03 07.30 WITA" and the NUL, with room */

/* Now, in seconds since the epoch: d->now when set (tests, demos), else the wall clock. */
int64_t dom_now(const struct dom *d);
/* dom_now as a stored timestamp "YYYY-MM-DDTHH:MM:SSZ" (UTC); returns out. */
char *dom_now_utc(const struct dom *d, char out[24]);
/*
 * The tz database name of the office's zone ("Asia/Jayapura"): the one
 * place that decides it. The device's own office code (puskesmas, else
 * kecamatan, else kabupaten) gives the province. *name is static. 0,
 * -LK_EINVAL or -LK_ENOTFOUND with err filled.
 */
int dom_zone_name(const struct dom *d, const char **name, struct dom_err *err);
/* The office's zone, loaded once per zone name for the process and then shared
 * (a loaded zone is immutable, so this is thread-safe); *tz is borrowed and
 * stays valid until exit. 0 or negative with err filled. */
int dom_zone(const struct dom *d, const struct lk_tz **tz, struct dom_err *err);
/* The office's offset from UTC now as an SQLite date modifier ("+25200 seconds"),
 * so a query takes a stored timestamp's day as the office's: date(t, ?). 0 or
 * the zone's failure with err filled. */
int dom_zone_sql_shift(const struct dom *d, char out[32], struct dom_err *err);
/* The office's date now. 0, or negative with err filled (the zone cannot be loaded). */
int dom_today(const struct dom *d, struct lk_date *out, struct dom_err *err);
/* The office's date now as "YYYY-MM-DD"; returns out. When the zone cannot be
 * loaded (dom_zone fails; front-ends check it once at start) the UTC date. */
char *dom_today_text(const struct dom *d, char out[LK_DATE_STRLEN]);
/* The office's date at stored timestamp utc_text as "YYYY-MM-DD" into out;
 * 0 or -LK_EINVAL (not a timestamp) or the zone's failure. */
int dom_date_of(const struct dom *d, const char *utc_text, char out[LK_DATE_STRLEN]);
/* Stored timestamp utc_text as the office's clocks showed it. 0, -LK_EINVAL
 * (not a timestamp) or the zone's failure. */
int dom_local(const struct dom *d, const char *utc_text, struct lk_local *out);
/*
 * Stored timestamp utc_text for a person, in the office's zone with its
 * abbreviation: "07.30 WIT" ("07:30 WIT" in English), after the date when
 * with_date is DOM_WHEN_DATE ("3 Desember 2026 ") or DOM_WHEN_SHORT ("3 Des
 * 2026 "). Text that is not a timestamp is copied as it is, "-" when empty.
 * Returns out.
 */
enum { DOM_WHEN_TIME = 0, DOM_WHEN_DATE = 1, DOM_WHEN_SHORT = 2 };
char *dom_when_text(const struct dom *d, const char *utc_text, int with_date, enum lk_lang lang, char *out,
                    size_t size);

#endif
