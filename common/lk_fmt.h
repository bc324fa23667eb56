/* lk_fmt: dates, times and numbers written for people, in Bahasa Indonesia or English. */
#ifndef LK_FMT_H
#define LK_FMT_H

#include <stddef.h>
#include <stdint.h>

#include "lk_date.h"
#include "lk_lang.h"
#include "lk_tz.h"

/*
 * Every lk_fmt_* writes into out[size] and returns 0, -LK_EINVAL for a value
 * it cannot write (a day out of range, NaN), or -LK_ETOOBIG when out is too
 * small; on failure out holds "". LK_FMT_LEN is enough for any of them.
 * They use tables, not the C locale, so they are thread-safe and give the
 * same text on every system.
 */
#define LK_FMT_LEN 96

/* "3 Desember 2026" / "3 December 2026". */
int lk_fmt_date(char *out, size_t size, const struct lk_date *d, enum lk_lang lang);
/* "3 Des 2026" / "3 Dec 2026": the month's first three letters, as both languages shorten it. */
int lk_fmt_date_short(char *out, size_t size, const struct lk_date *d, enum lk_lang lang);
/* "Kamis, 3 Desember 2026" / "Thursday, 3 December 2026". */
int lk_fmt_date_long(char *out, size_t size, const struct lk_date *d, enum lk_lang lang);
/* "08.00 WIB" / "08:00 WIB" (Indonesian writes a dot between hours and
 * minutes); no zone when abbr is NULL or "". */
int lk_fmt_time(char *out, size_t size, int hour, int min, const char *abbr, enum lk_lang lang);
/* "Kamis, 3 Desember 2026 pukul 08.00 WIB" / "Thursday, 3 December 2026 at 08:00 WIB". */
int lk_fmt_local(char *out, size_t size, const struct lk_local *l, enum lk_lang lang);

/* Parts of an instant for lk_fmt_at; LK_FMT_WEEKDAY implies the date. */
#define LK_FMT_DATE 1u
#define LK_FMT_WEEKDAY 2u
#define LK_FMT_TIME 4u
/* Instant utc as the clocks of tz show it, with the parts asked for:
 * LK_FMT_DATE | LK_FMT_TIME gives "3 Desember 2026 pukul 07.30 WIT",
 * LK_FMT_TIME alone "07.30 WIT", LK_FMT_WEEKDAY "Kamis, 3 Desember 2026". */
int lk_fmt_at(char *out, size_t size, const struct lk_tz *tz, int64_t utc, unsigned parts, enum lk_lang lang);

/* A whole number with thousands grouped: "1.234.567" / "1,234,567". */
int lk_fmt_int(char *out, size_t size, int64_t v, enum lk_lang lang);
/*
 * v with decimals (0-6) digits after the decimal mark and thousands grouped:
 * "1.234,5" / "1,234.5". Rounding is half away from zero, as people round by
 * hand, on the number as written (its 15 significant digits), not on its
 * binary approximation: 1234567.25 gives "1.234.567,3", 58.45 "58,5", 1.005
 * to two places "1,01" and -0.25 "-0,3" (printf gives .2, .4, 1.00 and
 * -0.2). A result of zero has no sign. |v| * 10^decimals must be below 2^53.
 */
int lk_fmt_number(char *out, size_t size, double v, int decimals, enum lk_lang lang);
/* A percentage given in percent (58.4, not 0.584): "58,4%" / "58.4%". */
int lk_fmt_percent(char *out, size_t size, double pct, int decimals, enum lk_lang lang);

/* Month (1-12) and ISO weekday (1 Monday - 7 Sunday) names; "" out of range. Static. */
const char *lk_fmt_month(int m, enum lk_lang lang);
const char *lk_fmt_weekday(int weekday, enum lk_lang lang);
/* "today", "tomorrow" or "yesterday" for d seen from today, in the message
 * language (lk_i18n_init: "hari ini", "besok", "kemarin"); NULL for any other day. */
const char *lk_fmt_day_word(const struct lk_date *today, const struct lk_date *d);

#endif
