/* tzt.h: helpers of the time-zone unit tests: load a zone, parse and show instants, all asserting. */
#ifndef LK_TZT_H
#define LK_TZT_H

#include <criterion/criterion.h>
#include <stdio.h>

#include "lk_date.h"
#include "lk_tz.h"

static inline struct lk_tz *s_load(const char *name)
{
	struct lk_tz *tz = NULL;
	cr_assert_eq(lk_tz_load(name, &tz), 0, "load %s", name);
	cr_assert_not_null(tz);
	return tz;
}

static inline int64_t s_utc(const char *iso)
{
	int64_t t;
	cr_assert_eq(lk_utc_parse(iso, &t), 0, "%s", iso);
	return t;
}

/* The civil time of tz at iso, as "YYYY-MM-DD HH:MM:SS ABBR". */
static inline const char *s_local(const struct lk_tz *tz, const char *iso)
{
	static char buf[64];
	struct lk_local l;
	char day[LK_DATE_STRLEN];
	cr_assert_eq(lk_tz_local(tz, s_utc(iso), &l), 0, "%s", iso);
	snprintf(buf, sizeof buf, "%s %02d:%02d:%02d %s", lk_date_format(&l.date, day), l.hour, l.min, l.sec, l.abbr);
	return buf;
}

/* The instant at which tz shows date ymd and h:m:s, as an ISO UTC time. */
static inline const char *s_to_utc(const struct lk_tz *tz, const char *ymd, int h, int m, int s)
{
	static char buf[LK_UTC_STRLEN];
	struct lk_date d;
	int64_t t;
	cr_assert_eq(lk_date_parse(ymd, &d), 0);
	cr_assert_eq(lk_tz_utc(tz, &d, h, m, s, &t), 0, "%s %02d:%02d:%02d in %s", ymd, h, m, s, lk_tz_name(tz));
	return lk_utc_format(t, buf);
}

#endif
