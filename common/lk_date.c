/* lk_date: civil dates (no time zones) and the yearly meeting schedules built from them. */
#include <stdio.h>
#include <string.h>

#include "lk_date.h"
#include "lk_util.h"
#include "lk_error.h"

int lk_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m < 1 || m > 12 ? 0 : days[m - 1] + (m == 2 && leap);
}

/* n decimal digits at s, nothing else (no sign, no blank: sscanf's %d allows both). */
static int s_digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int lk_date_parse(const char *s, struct lk_date *out)
{
	struct lk_date d;
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || s_digits(s, 4, &d.y) != 0 ||
	    s_digits(s + 5, 2, &d.m) != 0 || s_digits(s + 8, 2, &d.d) != 0)
		return -LK_EINVAL;
	if (d.y < 1900 || d.y > 2200 || d.d < 1 || d.d > lk_days_in_month(d.y, d.m))
		return -LK_EINVAL;
	*out = d;
	return 0;
}

int lk_time_parse(const char *s, struct lk_date *date, int *secs)
{
	char day[LK_DATE_STRLEN];
	int h, mi, se;
	if (s == NULL || strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return -LK_EINVAL;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (lk_date_parse(day, date) != 0 || s_digits(s + 11, 2, &h) != 0 || s_digits(s + 14, 2, &mi) != 0 ||
	    s_digits(s + 17, 2, &se) != 0 || h > 23 || mi > 59 || se > 59)
		return -LK_EINVAL;
	if (secs)
		*secs = h * 3600 + mi * 60 + se;
	return 0;
}

char *lk_date_format(const struct lk_date *d, char out[LK_DATE_STRLEN])
{
	/* Unsigned ranges tell the compiler the text fits. */
	snprintf(out, LK_DATE_STRLEN, "%04u-%02u-%02u", (unsigned)d->y % 10000u, (unsigned)d->m % 100u,
	         (unsigned)d->d % 100u);
	return out;
}

/* Days from civil: the proleptic Gregorian count with March as the year's first month. */
int64_t lk_date_days(const struct lk_date *d)
{
	int64_t y = d->y - (d->m <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = (d->m + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + d->d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void lk_date_from_days(int64_t z, struct lk_date *out)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	out->d = (int)(doy - (153 * mp + 2) / 5 + 1);
	out->m = (int)(mp < 10 ? mp + 3 : mp - 9);
	out->y = (int)(yoe + era * 400 + (out->m <= 2));
}

int lk_date_weekday(const struct lk_date *d)
{
	int64_t z = lk_date_days(d); /* 1970-01-01 was a Thursday (4) */
	int w = (int)((z % 7 + 7 + 3) % 7);
	return w + 1;
}

int lk_date_cmp(const struct lk_date *a, const struct lk_date *b)
{
	int64_t x = lk_date_days(a), y = lk_date_days(b);
	return x < y ? -1 : x > y;
}

int lk_date_workday(const struct lk_date *d, const struct lk_date *holidays, size_t n)
{
	if (lk_date_weekday(d) >= 6)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (lk_date_cmp(d, &holidays[i]) == 0)
			return 0;
	return 1;
}

struct lk_date lk_schedule_day(int y, int m, int day, const struct lk_date *holidays, size_t n)
{
	struct lk_date d = {y, m, day < 1 ? 1 : day}, t;
	if (d.d > lk_days_in_month(y, m))
		d.d = lk_days_in_month(y, m);
	int64_t z = lk_date_days(&d);
	for (int64_t k = z;; k++) {
		lk_date_from_days(k, &t);
		if (t.m != m)
			break;
		if (lk_date_workday(&t, holidays, n))
			return t;
	}
	for (int64_t k = z - 1;; k--) {
		lk_date_from_days(k, &t);
		if (t.m != m)
			return d; /* a month with no working day: keep the plan as asked */
		if (lk_date_workday(&t, holidays, n))
			return t;
	}
}

void lk_schedule_monthly(int y, int day, const struct lk_date *holidays, size_t n, struct lk_date out[12])
{
	for (int m = 1; m <= 12; m++)
		out[m - 1] = lk_schedule_day(y, m, day, holidays, n);
}

void lk_schedule_quarterly(int y, int month_in_quarter, int day, const struct lk_date *holidays, size_t n,
                           struct lk_date out[4])
{
	if (month_in_quarter < 1 || month_in_quarter > 3)
		month_in_quarter = 1;
	for (int q = 0; q < 4; q++)
		out[q] = lk_schedule_day(y, q * 3 + month_in_quarter, day, holidays, n);
}

const char *lk_bulan(int m)
{
	static const char *const names[] = {"Januari", "Februari", "Maret",     "April",   "Mei",      "Juni",
	                                    "Juli",    "Agustus",  "September", "Oktober", "November", "Desember"};
	return m >= 1 && m <= 12 ? names[m - 1] : "";
}

const char *lk_hari(int weekday)
{
	static const char *const names[] = {"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"};
	return weekday >= 1 && weekday <= 7 ? names[weekday - 1] : "";
}

void lk_date_today(struct lk_date *out)
{
	lk_date_from_days((int64_t)(lk_now_ms() / 86400000u), out);
}

char *lk_date_today_text(char out[LK_DATE_STRLEN])
{
	struct lk_date t;
	lk_date_today(&t);
	return lk_date_format(&t, out);
}
