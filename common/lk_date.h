/* lk_date: civil dates (no time zones) and the yearly meeting schedules built from them. */
#ifndef LK_DATE_H
#define LK_DATE_H

#include <stddef.h>
#include <stdint.h>

struct lk_date {
	int y, m, d;
};

#define LK_DATE_STRLEN 11 /* "YYYY-MM-DD" and the NUL */

/* Parse YYYY-MM-DD (a real date, years 1900-2200); 0 or -LK_EINVAL. */
int lk_date_parse(const char *s, struct lk_date *out) __attribute__((warn_unused_result));
/* Parse a UTC time YYYY-MM-DDTHH:MM:SSZ (digits only, seconds 0-59): its day
 * and the seconds into it (secs may be NULL); 0 or -LK_EINVAL. */
int lk_time_parse(const char *s, struct lk_date *date, int *secs) __attribute__((warn_unused_result));
char *lk_date_format(const struct lk_date *d, char out[LK_DATE_STRLEN]);
int lk_days_in_month(int y, int m);
/* Days since 1970-01-01 (negative before). */
int64_t lk_date_days(const struct lk_date *d);
void lk_date_from_days(int64_t days, struct lk_date *out);
/* Today (UTC), as a date and as text into out[LK_DATE_STRLEN] (returns out).
 * An office's "today" is its own zone's, not this: the client takes it from
 * dom_today (client/domain/clock.h), other code from lk_zone_today. */
void lk_date_today(struct lk_date *out);
char *lk_date_today_text(char out[LK_DATE_STRLEN]);
/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int lk_date_weekday(const struct lk_date *d);
/* Month (1-12) and ISO weekday (1-7) names in Bahasa Indonesia, for the
 * documents; "" when out of range. Static storage. */
const char *lk_bulan(int m);
const char *lk_hari(int weekday);
/* -1, 0 or 1. */
int lk_date_cmp(const struct lk_date *a, const struct lk_date *b);

/* A working day: Monday to Friday and not in holidays[0..n). */
int lk_date_workday(const struct lk_date *d, const struct lk_date *holidays, size_t n);

/*
 * The date of a meeting planned for day `day` of month m: the day (clamped to
 * the month's length) if it is a working day, else the next working day; when
 * that leaves the month, the working day before instead.
 */
struct lk_date lk_schedule_day(int y, int m, int day, const struct lk_date *holidays, size_t n);
/* Twelve monthly meetings on day `day` of every month of year y. */
void lk_schedule_monthly(int y, int day, const struct lk_date *holidays, size_t n, struct lk_date out[12]);
/* Four quarterly meetings: day `day` of the month_in_quarter-th (1-3) month of each quarter. */
void lk_schedule_quarterly(int y, int month_in_quarter, int day, const struct lk_date *holidays, size_t n,
                           struct lk_date out[4]);

#endif
