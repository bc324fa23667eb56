/* lk_fmt: dates, times and numbers written for people, in Bahasa Indonesia or English. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"

/* Both languages in one place, so a new one is one more column. Indonesian
 * names are those of lk_bulan and lk_hari (the documents use them). */
static const char *const s_months[2][12] = {
	{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
	 "November", "Desember"},
	{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
	 "November", "December"},
};
static const char *const s_weekdays[2][7] = {
	{"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"},
	{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
};

static const struct {
	char group, decimal, time;
	const char *at;
} s_conv[2] = {
	{'.', ',', '.', "pukul"},
	{',', '.', ':', "at"},
};

static int s_li(enum lk_lang lang)
{
	return lang == LK_LANG_EN ? 1 : 0;
}

/* snprintf that reports truncation and leaves "" behind. */
__attribute__((format(printf, 3, 4))) static int s_put(char *out, size_t size, const char *fmt, ...)
{
	if (out == NULL || size == 0)
		return -LK_ETOOBIG;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(out, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size) {
		out[0] = '\0';
		return -LK_ETOOBIG;
	}
	return 0;
}

static int s_fail(char *out, size_t size, int rc)
{
	if (out && size)
		out[0] = '\0';
	return rc;
}

static int s_date_ok(const struct lk_date *d)
{
	return d && d->y >= 1900 && d->y <= 2200 && d->d >= 1 && d->d <= lk_days_in_month(d->y, d->m);
}

const char *lk_fmt_month(int m, enum lk_lang lang)
{
	return m >= 1 && m <= 12 ? s_months[s_li(lang)][m - 1] : "";
}

const char *lk_fmt_weekday(int weekday, enum lk_lang lang)
{
	return weekday >= 1 && weekday <= 7 ? s_weekdays[s_li(lang)][weekday - 1] : "";
}

int lk_fmt_date(char *out, size_t size, const struct lk_date *d, enum lk_lang lang)
{
	if (!s_date_ok(d))
		return s_fail(out, size, -LK_EINVAL);
	return s_put(out, size, "%d %s %d", d->d, lk_fmt_month(d->m, lang), d->y);
}

int lk_fmt_date_short(char *out, size_t size, const struct lk_date *d, enum lk_lang lang)
{
	if (!s_date_ok(d))
		return s_fail(out, size, -LK_EINVAL);
	return s_put(out, size, "%d %.3s %d", d->d, lk_fmt_month(d->m, lang), d->y);
}

int lk_fmt_date_long(char *out, size_t size, const struct lk_date *d, enum lk_lang lang)
{
	if (!s_date_ok(d))
		return s_fail(out, size, -LK_EINVAL);
	return s_put(out, size, "%s, %d %s %d", lk_fmt_weekday(lk_date_weekday(d), lang), d->d,
	             lk_fmt_month(d->m, lang), d->y);
}

int lk_fmt_time(char *out, size_t size, int hour, int min, const char *abbr, enum lk_lang lang)
{
	if (hour < 0 || hour > 23 || min < 0 || min > 59)
		return s_fail(out, size, -LK_EINVAL);
	int has = abbr && abbr[0];
	return s_put(out, size, "%02d%c%02d%s%s", hour, s_conv[s_li(lang)].time, min, has ? " " : "", has ? abbr : "");
}

int lk_fmt_local(char *out, size_t size, const struct lk_local *l, enum lk_lang lang)
{
	char day[LK_FMT_LEN], time[LK_FMT_LEN];
	int rc = lk_fmt_date_long(day, sizeof day, &l->date, lang);
	if (rc == 0)
		rc = lk_fmt_time(time, sizeof time, l->hour, l->min, l->abbr, lang);
	if (rc != 0)
		return s_fail(out, size, rc);
	return s_put(out, size, "%s %s %s", day, s_conv[s_li(lang)].at, time);
}

int lk_fmt_at(char *out, size_t size, const struct lk_tz *tz, int64_t utc, unsigned parts, enum lk_lang lang)
{
	struct lk_local l;
	char day[LK_FMT_LEN] = "", time[LK_FMT_LEN] = "";
	int rc = parts & (LK_FMT_DATE | LK_FMT_WEEKDAY | LK_FMT_TIME) ? lk_tz_local(tz, utc, &l) : -LK_EINVAL;
	if (rc == 0 && (parts & LK_FMT_WEEKDAY))
		rc = lk_fmt_date_long(day, sizeof day, &l.date, lang);
	else if (rc == 0 && (parts & LK_FMT_DATE))
		rc = lk_fmt_date(day, sizeof day, &l.date, lang);
	if (rc == 0 && (parts & LK_FMT_TIME))
		rc = lk_fmt_time(time, sizeof time, l.hour, l.min, l.abbr, lang);
	if (rc != 0)
		return s_fail(out, size, rc);
	if (day[0] && time[0])
		return s_put(out, size, "%s %s %s", day, s_conv[s_li(lang)].at, time);
	return s_put(out, size, "%s", day[0] ? day : time);
}

/* Digits of a with a group mark every three from the right, into buf (at least 27 bytes). */
static void s_group(char *buf, uint64_t a, char mark)
{
	char digits[21];
	int n = (int)(lk_put_u64(digits, a) - digits), k = 0;
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[k++] = mark;
		buf[k++] = digits[i];
	}
	buf[k] = '\0';
}

int lk_fmt_int(char *out, size_t size, int64_t v, enum lk_lang lang)
{
	char g[32];
	uint64_t a = v < 0 ? 0u - (uint64_t)v : (uint64_t)v;
	s_group(g, a, s_conv[s_li(lang)].group);
	return s_put(out, size, "%s%s", v < 0 ? "-" : "", g);
}

/*
 * round(|v| * 10^decimals), half away from zero, on v's decimal form to 15
 * significant digits: every number written with 15 digits or fewer reads
 * back from its double as written, so 1.005 (really 1.00499999999999989...)
 * rounds like the 1.005 a person typed. 0, or -LK_EINVAL at 2^53 or more.
 */
static int s_round(double v, int decimals, uint64_t *out)
{
	uint64_t m = 0;
	int shift;
	if (fabs(v) < 1e15 && v == trunc(v)) {
		/* A whole number of at most 15 digits is its own decimal form: the
		 * same m * 10^shift as below, without printf. */
		m = (uint64_t)fabs(v);
		shift = decimals;
	} else {
		char e[32];
		snprintf(e, sizeof e, "%.14e", fabs(v)); /* "d.dddddddddddddde+XX" */
		for (const char *p = e; *p && *p != 'e'; p++)
			if (*p >= '0' && *p <= '9')
				m = m * 10 + (uint64_t)(*p - '0');
		const char *x = strchr(e, 'e');
		shift = (x ? atoi(x + 1) : 0) - 14 + decimals; /* |v| * 10^decimals = m * 10^shift */
	}
	if (m == 0)
		shift = 0;
	for (; shift > 0; shift--) {
		if (m >= 9007199254740992u / 10)
			return -LK_EINVAL;
		m *= 10;
	}
	if (shift < -16)
		m = 0;
	else if (shift < 0) {
		uint64_t p = 1;
		for (int i = 0; i < -shift - 1; i++)
			p *= 10;
		m = (m / p + 5) / 10; /* keep one digit more, then round it off */
	}
	if (m >= 9007199254740992u)
		return -LK_EINVAL;
	*out = m;
	return 0;
}

/* The number, then suffix, for lk_fmt_number and lk_fmt_percent. */
static int s_number(char *out, size_t size, double v, int decimals, enum lk_lang lang, const char *suffix)
{
	static const uint64_t scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
	uint64_t a;
	if (decimals < 0 || decimals > 6 || !isfinite(v) || s_round(v, decimals, &a) != 0)
		return s_fail(out, size, -LK_EINVAL);
	uint64_t p = scale[decimals], f = a % p;
	size_t slen = strlen(suffix);
	char buf[64], *b = buf;
	if (slen > 16)
		return s_fail(out, size, -LK_ETOOBIG); /* only "" and "%" come here */
	/* Put together by hand: tables format thousands of cells. */
	if (v < 0 && a != 0)
		*b++ = '-';
	s_group(b, a / p, s_conv[s_li(lang)].group);
	b += strlen(b);
	if (decimals > 0) {
		*b++ = s_conv[s_li(lang)].decimal;
		for (int i = decimals - 1; i >= 0; i--, f /= 10)
			b[i] = (char)('0' + f % 10);
		b += decimals;
	}
	memcpy(b, suffix, slen + 1);
	b += slen;
	if (out == NULL || size == 0)
		return -LK_ETOOBIG;
	if ((size_t)(b - buf) >= size) {
		out[0] = '\0';
		return -LK_ETOOBIG;
	}
	memcpy(out, buf, (size_t)(b - buf) + 1);
	return 0;
}

int lk_fmt_number(char *out, size_t size, double v, int decimals, enum lk_lang lang)
{
	return s_number(out, size, v, decimals, lang, "");
}

int lk_fmt_percent(char *out, size_t size, double pct, int decimals, enum lk_lang lang)
{
	return s_number(out, size, pct, decimals, lang, "%");
}

const char *lk_fmt_day_word(const struct lk_date *today, const struct lk_date *d)
{
	if (!s_date_ok(today) || !s_date_ok(d))
		return NULL;
	switch (lk_date_days(d) - lk_date_days(today)) {
	case 0:
		/* TRANSLATORS: the day relative to today, shown beside a date, lower case. */
		return _("today");
	case 1:
		return _("tomorrow");
	case -1:
		return _("yesterday");
	default:
		return NULL;
	}
}
