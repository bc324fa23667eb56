/* test_l10n: office time zones, UTC and local time, formats in Indonesian and English, the language and gettext. */
#include <criterion/criterion.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_lang.h"
#include "lk_tz.h"
#include "lk_zone.h"

static struct lk_tz *s_load(const char *name)
{
	struct lk_tz *tz = NULL;
	cr_assert_eq(lk_tz_load(name, &tz), 0, "load %s", name);
	cr_assert_not_null(tz);
	return tz;
}

static int64_t s_utc(const char *iso)
{
	int64_t t;
	cr_assert_eq(lk_utc_parse(iso, &t), 0, "%s", iso);
	return t;
}

/* The civil time of tz at iso, as "YYYY-MM-DD HH:MM:SS ABBR". */
static const char *s_local(const struct lk_tz *tz, const char *iso)
{
	static char buf[64];
	struct lk_local l;
	char day[LK_DATE_STRLEN];
	cr_assert_eq(lk_tz_local(tz, s_utc(iso), &l), 0, "%s", iso);
	snprintf(buf, sizeof buf, "%s %02d:%02d:%02d %s", lk_date_format(&l.date, day), l.hour, l.min, l.sec, l.abbr);
	return buf;
}

/* The instant at which tz shows date ymd and h:m:s, as an ISO UTC time. */
static const char *s_to_utc(const struct lk_tz *tz, const char *ymd, int h, int m, int s)
{
	static char buf[LK_UTC_STRLEN];
	struct lk_date d;
	int64_t t;
	cr_assert_eq(lk_date_parse(ymd, &d), 0);
	cr_assert_eq(lk_tz_utc(tz, &d, h, m, s, &t), 0, "%s %02d:%02d:%02d in %s", ymd, h, m, s, lk_tz_name(tz));
	return lk_utc_format(t, buf);
}

/* ---------------------------------------------------------------- zone table */

Test(zone, one_code_of_every_province_kind)
{
	static const struct {
		const char *code, *zone;
	} cases[] = {
		{"1101", LK_ZONE_WIB},  {"1275", LK_ZONE_WIB},  {"2171", LK_ZONE_WIB},  {"3171", LK_ZONE_WIB},
		{"3201", LK_ZONE_WIB},  {"3374", LK_ZONE_WIB},  {"3471", LK_ZONE_WIB},  {"3578", LK_ZONE_WIB},
		{"3601", LK_ZONE_WIB},  {"1971", LK_ZONE_WIB},  {"6171", LK_ZONE_WIB},  {"6271", LK_ZONE_WIB},
		{"6371", LK_ZONE_WITA}, {"6472", LK_ZONE_WITA}, {"6501", LK_ZONE_WITA}, {"5171", LK_ZONE_WITA},
		{"5271", LK_ZONE_WITA}, {"5371", LK_ZONE_WITA}, {"7171", LK_ZONE_WITA}, {"7271", LK_ZONE_WITA},
		{"7371", LK_ZONE_WITA}, {"7471", LK_ZONE_WITA}, {"7571", LK_ZONE_WITA}, {"7601", LK_ZONE_WITA},
		{"8171", LK_ZONE_WIT},  {"8271", LK_ZONE_WIT},  {"9171", LK_ZONE_WIT},  {"9201", LK_ZONE_WIT},
		{"9301", LK_ZONE_WIT},  {"9401", LK_ZONE_WIT},  {"9501", LK_ZONE_WIT},  {"9601", LK_ZONE_WIT},
		{"9701", LK_ZONE_WIT},
		/* other kinds of region code: province, kecamatan, desa, puskesmas */
		{"73", LK_ZONE_WITA},   {"320101", LK_ZONE_WIB}, {"9471010001", LK_ZONE_WIT},
		{"P6371010101", LK_ZONE_WITA},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *name = NULL;
		cr_assert_eq(lk_zone_for_region(cases[i].code, &name), 0, "%s", cases[i].code);
		cr_assert_str_eq(name, cases[i].zone, "%s", cases[i].code);
	}
	const char *name = "unchanged";
	static const char *const bad[] = {"", "3", "32a1", "abc", "P", "32-01", " 3201", "32011234567", NULL};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_assert_eq(lk_zone_for_region(bad[i], &name), -LK_EINVAL, "%s", bad[i] ? bad[i] : "(null)");
	static const char *const nowhere[] = {"0001", "2001", "3701", "5401", "6601", "8301", "9801", "99"};
	for (size_t i = 0; i < sizeof nowhere / sizeof nowhere[0]; i++)
		cr_assert_eq(lk_zone_for_region(nowhere[i], &name), -LK_ENOTFOUND, "%s", nowhere[i]);
	cr_assert_str_eq(name, "unchanged");
}

Test(zone, override_wins_and_is_checked)
{
	const char *name;
	cr_assert_eq(lk_zone_for_office("3201", "WITA", &name), 0);
	cr_assert_str_eq(name, LK_ZONE_WITA);
	cr_assert_eq(lk_zone_for_office("3201", "WIT", &name), 0);
	cr_assert_str_eq(name, LK_ZONE_WIT);
	cr_assert_eq(lk_zone_for_office("9471", "WIB", &name), 0);
	cr_assert_str_eq(name, LK_ZONE_WIB);
	cr_assert_eq(lk_zone_for_office("6171", "Asia/Pontianak", &name), 0);
	cr_assert_str_eq(name, "Asia/Pontianak");
	cr_assert_eq(lk_zone_for_office("6171", "", &name), 0);
	cr_assert_str_eq(name, LK_ZONE_WIB);
	cr_assert_eq(lk_zone_for_office("6371", NULL, &name), 0);
	cr_assert_str_eq(name, LK_ZONE_WITA);
	/* An override that could leave the database folder, or is not a name, is refused. */
	cr_assert_eq(lk_zone_for_office("3201", "../../etc/passwd", &name), -LK_EINVAL);
	cr_assert_eq(lk_zone_for_office("3201", "/etc/localtime", &name), -LK_EINVAL);
	cr_assert_eq(lk_zone_for_office("3201", "Asia/Jakarta ", &name), -LK_EINVAL);

	struct lk_tz *tz = NULL;
	cr_assert_eq(lk_zone_load("3201", "Asia/Nowhere", &tz), -LK_ENOTFOUND);
	cr_assert_null(tz);
	cr_assert_eq(lk_zone_load("3201", "Asia", &tz), -LK_ENOTFOUND, "a folder is no zone");
	cr_assert_eq(lk_zone_load("8271", NULL, &tz), 0);
	cr_assert_str_eq(lk_tz_name(tz), LK_ZONE_WIT);
	lk_tz_free(&tz);
	cr_assert_null(tz);
	lk_tz_free(&tz);
}

Test(zone, long_names_untranslated_without_catalogue)
{
	setenv("LOKMIN_LOCALEDIR", "/nonexistent", 1);
	setenv("LANGUAGE", "id", 1);
	cr_assert_eq(lk_i18n_init(NULL), 0);
	cr_assert_str_eq(lk_zone_long_name("WIB"), "Western Indonesia Time");
	cr_assert_null(lk_zone_long_name("CET"));
	cr_assert_null(lk_zone_long_name(NULL));
}

/* ---------------------------------------------------------------- the two cases */

Test(today, letter_signed_late_evening_wib_keeps_its_day)
{
	struct lk_tz *tz = NULL;
	cr_assert_eq(lk_zone_load("3374", NULL, &tz), 0); /* Kota Semarang */
	/* 23:30 WIB on 30 November is 16:30 UTC the same day... */
	cr_assert_str_eq(s_to_utc(tz, "2026-11-30", 23, 30, 0), "2026-11-30T16:30:00Z");
	struct lk_date d;
	char buf[LK_FMT_LEN];
	cr_assert_eq(lk_zone_date(tz, s_utc("2026-11-30T16:30:00Z"), &d), 0);
	cr_assert_eq(lk_fmt_date(buf, sizeof buf, &d, LK_LANG_ID), 0);
	cr_assert_str_eq(buf, "30 November 2026");
	/* ...and the letter is still dated 30 November until 23:59:59 WIB. */
	cr_assert_eq(lk_zone_date(tz, s_utc("2026-11-30T16:59:59Z"), &d), 0);
	cr_assert(d.y == 2026 && d.m == 11 && d.d == 30);
	cr_assert_eq(lk_zone_date(tz, s_utc("2026-11-30T17:00:00Z"), &d), 0);
	cr_assert(d.y == 2026 && d.m == 12 && d.d == 1);
	lk_tz_free(&tz);
}

Test(today, morning_meeting_wit_is_the_evening_before_in_utc)
{
	struct lk_tz *wit = NULL, *wib = s_load(LK_ZONE_WIB), *wita = s_load(LK_ZONE_WITA);
	cr_assert_eq(lk_zone_load("9471", NULL, &wit), 0); /* Kota Jayapura */
	cr_assert_str_eq(s_to_utc(wit, "2026-12-03", 7, 30, 0), "2026-12-02T22:30:00Z");
	int64_t t = s_utc("2026-12-02T22:30:00Z");
	struct lk_date d;
	cr_assert_eq(lk_zone_date(wit, t, &d), 0);
	cr_assert(d.y == 2026 && d.m == 12 && d.d == 3, "held on 3 December in Jayapura");
	cr_assert_str_eq(s_local(wit, "2026-12-02T22:30:00Z"), "2026-12-03 07:30:00 WIT");
	/* The same instant elsewhere in Indonesia. */
	cr_assert_str_eq(s_local(wita, "2026-12-02T22:30:00Z"), "2026-12-03 06:30:00 WITA");
	cr_assert_str_eq(s_local(wib, "2026-12-02T22:30:00Z"), "2026-12-03 05:30:00 WIB");
	struct lk_local l;
	char buf[LK_FMT_LEN];
	cr_assert_eq(lk_tz_local(wit, t, &l), 0);
	cr_assert_eq(lk_fmt_local(buf, sizeof buf, &l, LK_LANG_ID), 0);
	cr_assert_str_eq(buf, "Kamis, 3 Desember 2026 pukul 07.30 WIT");
	cr_assert_eq(lk_fmt_local(buf, sizeof buf, &l, LK_LANG_EN), 0);
	cr_assert_str_eq(buf, "Thursday, 3 December 2026 at 07:30 WIT");
	/* Today, by the wall clock, is the UTC date or the day after, never before. */
	struct lk_date today, utc_today;
	cr_assert_eq(lk_zone_today(wit, &today), 0);
	lk_date_today(&utc_today);
	int64_t ahead = lk_date_days(&today) - lk_date_days(&utc_today);
	cr_assert(ahead == 0 || ahead == 1, "%lld", (long long)ahead);
	lk_tz_free(&wit);
	lk_tz_free(&wib);
	lk_tz_free(&wita);
}

/* ---------------------------------------------------------------- conversions */

Test(convert, day_boundaries_in_the_three_zones)
{
	static const struct {
		const char *zone, *abbr;
		int hours;
	} zones[] = {{LK_ZONE_WIB, "WIB", 7}, {LK_ZONE_WITA, "WITA", 8}, {LK_ZONE_WIT, "WIT", 9}};
	for (size_t i = 0; i < 3; i++) {
		struct lk_tz *tz = s_load(zones[i].zone);
		char midnight[64], before[64], want[64];
		/* Local midnight of 1 January 2027 is 24 - hours on 31 December UTC. */
		snprintf(midnight, sizeof midnight, "2026-12-31T%02d:00:00Z", 24 - zones[i].hours);
		snprintf(before, sizeof before, "2026-12-31T%02d:59:59Z", 23 - zones[i].hours);
		cr_assert_str_eq(s_to_utc(tz, "2027-01-01", 0, 0, 0), midnight);
		snprintf(want, sizeof want, "2027-01-01 00:00:00 %s", zones[i].abbr);
		cr_assert_str_eq(s_local(tz, midnight), want);
		snprintf(want, sizeof want, "2026-12-31 23:59:59 %s", zones[i].abbr);
		cr_assert_str_eq(s_local(tz, before), want);
		/* UTC midnight is already the morning of the same day. */
		snprintf(want, sizeof want, "2028-02-29 %02d:00:00 %s", zones[i].hours, zones[i].abbr);
		cr_assert_str_eq(s_local(tz, "2028-02-29T00:00:00Z"), want);
		/* The last second of 29 February 2028, local. */
		snprintf(want, sizeof want, "2028-02-29T%02d:59:59Z", 23 - zones[i].hours);
		cr_assert_str_eq(s_to_utc(tz, "2028-02-29", 23, 59, 59), want);
		cr_assert_eq(lk_tz_offset(tz, s_utc("2026-06-01T00:00:00Z"), NULL), zones[i].hours * 3600);
		/* Every quarter hour of two weeks round-trips. */
		int64_t t0 = s_utc("2026-12-20T00:00:00Z");
		for (int64_t t = t0; t < t0 + 14 * 86400; t += 900) {
			struct lk_local l;
			int64_t back;
			cr_assert_eq(lk_tz_local(tz, t, &l), 0);
			cr_assert_eq(lk_tz_utc(tz, &l.date, l.hour, l.min, l.sec, &back), 0);
			cr_assert_eq(back, t);
		}
		lk_tz_free(&tz);
	}
}

Test(convert, history_comes_from_the_database)
{
	struct lk_tz *jkt = s_load(LK_ZONE_WIB);
	/* Java kept +07:30 until the end of 1963: a fixed +7 would be wrong here. */
	cr_assert_eq(lk_tz_offset(jkt, s_utc("1960-06-01T00:00:00Z"), NULL), 27000);
	/* 1 January 1964: the clocks went back half an hour, so 23:45 on 31
	 * December 1963 happened twice; the earlier instant is given. */
	cr_assert_str_eq(s_to_utc(jkt, "1963-12-31", 23, 45, 0), "1963-12-31T16:15:00Z");
	cr_assert_str_eq(s_local(jkt, "1963-12-31T16:45:00Z"), "1963-12-31 23:45:00 WIB");
	/* 23 March 1942: from +07:30 to +09, 00:00-01:29 never happened. */
	struct lk_date d = {1942, 3, 23};
	int64_t t;
	cr_assert_eq(lk_tz_utc(jkt, &d, 0, 45, 0, &t), -LK_EINVAL);
	cr_assert_str_eq(s_to_utc(jkt, "1942-03-23", 1, 30, 0), "1942-03-22T16:30:00Z");
	/* Fields out of range, and instants beyond the years lk_date covers. */
	cr_assert_eq(lk_tz_utc(jkt, &(struct lk_date){2026, 2, 29}, 8, 0, 0, &t), -LK_EINVAL);
	cr_assert_eq(lk_tz_utc(jkt, &(struct lk_date){2026, 12, 3}, 24, 0, 0, &t), -LK_EINVAL);
	cr_assert_eq(lk_tz_utc(jkt, &(struct lk_date){2026, 12, 3}, 8, 60, 0, &t), -LK_EINVAL);
	struct lk_local l;
	cr_assert_eq(lk_tz_local(jkt, INT64_MAX, &l), -LK_EINVAL);
	cr_assert_eq(lk_tz_local(jkt, INT64_MIN, &l), -LK_EINVAL);
	cr_assert_eq(lk_tz_local(jkt, s_utc("2200-12-31T16:59:59Z"), &l), 0);
	cr_assert_eq(lk_tz_local(jkt, s_utc("2200-12-31T17:00:00Z"), &l), -LK_EINVAL);
	lk_tz_free(&jkt);
}

Test(convert, utc_text)
{
	char buf[LK_UTC_STRLEN];
	int64_t t;
	cr_assert_eq(lk_utc_parse("1970-01-01T00:00:00Z", &t), 0);
	cr_assert_eq(t, 0);
	cr_assert_eq(lk_utc_parse("2026-12-02T22:30:00Z", &t), 0);
	cr_assert_eq(t, 1796250600);
	cr_assert_str_eq(lk_utc_format(t, buf), "2026-12-02T22:30:00Z");
	cr_assert_str_eq(lk_utc_format(-1, buf), "1969-12-31T23:59:59Z");
	cr_assert_str_eq(lk_utc_format(INT64_MAX, buf), "");
	cr_assert_eq(lk_utc_parse("2026-12-02T22:30:00", &t), -LK_EINVAL);
	cr_assert_eq(lk_utc_parse("2026-12-02 22:30:00Z", &t), -LK_EINVAL);
	cr_assert_eq(lk_utc_parse("2026-12-02T24:00:00Z", &t), -LK_EINVAL);
}

Test(convert, agrees_with_glibc_from_1900_to_2200)
{
	/* glibc reads the same files: with TZ set once in this single-threaded
	 * process, localtime_r is the reference for every zone without DST. */
	static const char *const names[] = {LK_ZONE_WIB,     LK_ZONE_WITA,   LK_ZONE_WIT, "Asia/Pontianak",
	                                    "Asia/Kathmandu", "Asia/Kolkata", "UTC"};
	int64_t from = s_utc("1900-01-02T00:00:00Z"), to = s_utc("2200-12-30T00:00:00Z");
	long compared = 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct lk_tz *tz = s_load(names[i]);
		char tzvar[64];
		snprintf(tzvar, sizeof tzvar, ":%s", names[i]);
		setenv("TZ", tzvar, 1);
		tzset();
		for (int64_t t = from; t < to; t += 7919 * 60 + 13) {
			struct tm tm;
			struct lk_local l;
			time_t tt = (time_t)t;
			cr_assert_not_null(localtime_r(&tt, &tm));
			cr_assert_eq(lk_tz_local(tz, t, &l), 0);
			cr_assert(l.date.y == tm.tm_year + 1900 && l.date.m == tm.tm_mon + 1 && l.date.d == tm.tm_mday &&
			              l.hour == tm.tm_hour && l.min == tm.tm_min && l.sec == tm.tm_sec &&
			              l.utcoff == tm.tm_gmtoff && strcmp(l.abbr, tm.tm_zone) == 0,
			          "%s at %lld: %d-%d-%d %d:%d:%d %s, glibc %d-%d-%d %d:%d:%d %s", names[i], (long long)t,
			          l.date.y, l.date.m, l.date.d, l.hour, l.min, l.sec, l.abbr, tm.tm_year + 1900,
			          tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_zone);
			compared++;
		}
		lk_tz_free(&tz);
	}
	cr_assert_gt(compared, 7 * 19000);
}

/* ---------------------------------------------------------------- the zone files */

static char s_dir[64];

static void s_tmpdir(void)
{
	snprintf(s_dir, sizeof s_dir, "/tmp/lk-tz.XXXXXX");
	cr_assert_not_null(mkdtemp(s_dir));
	setenv("TZDIR", s_dir, 1);
}

static void s_write(const char *name, const void *data, size_t len)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s", s_dir, name);
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void s_remove(const char *name)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s", s_dir, name);
	unlink(path);
}

Test(tzfile, truncated_or_damaged_files_are_refused)
{
	FILE *f = fopen("/usr/share/zoneinfo/Asia/Makassar", "rb");
	cr_assert_not_null(f);
	unsigned char good[4096];
	size_t len = fread(good, 1, sizeof good, f);
	fclose(f);
	cr_assert_gt(len, 100);
	s_tmpdir();
	struct lk_tz *tz = NULL;
	s_write("Zone", good, len);
	cr_assert_eq(lk_tz_load("Zone", &tz), 0, "an intact copy loads from TZDIR");
	cr_assert_eq(lk_tz_offset(tz, 1796250600, NULL), 28800);
	lk_tz_free(&tz);
	/* Every shorter prefix is refused, never read past. */
	for (size_t n = 0; n < len; n++) {
		s_write("Zone", good, n);
		cr_assert_eq(lk_tz_load("Zone", &tz), -LK_EINVAL, "prefix of %zu bytes", n);
		cr_assert_null(tz);
	}
	/* A transition count larger than the file. */
	unsigned char bad[4096];
	memcpy(bad, good, len);
	bad[32] = 0x7f;
	s_write("Zone", bad, len);
	cr_assert_eq(lk_tz_load("Zone", &tz), -LK_EINVAL);
	/* Not a zone file at all. */
	s_write("Zone", "hello, world\n", 13);
	cr_assert_eq(lk_tz_load("Zone", &tz), -LK_EINVAL);
	s_remove("Zone");
	rmdir(s_dir);
}

Test(tzfile, dst_rules_and_leap_seconds_are_refused)
{
	struct lk_tz *tz = NULL;
	/* A zone whose rule after its table has daylight saving time. */
	cr_assert_eq(lk_tz_load("Europe/Berlin", &tz), -LK_EINVAL);
	cr_assert_null(tz);
	/* A zone without: UTC, and the other WIB zone of Kalimantan Barat. */
	tz = s_load("UTC");
	cr_assert_eq(lk_tz_offset(tz, 1796250600, NULL), 0);
	lk_tz_free(&tz);
	tz = s_load("Asia/Pontianak");
	cr_assert_str_eq(s_local(tz, "2026-12-02T22:30:00Z"), "2026-12-03 05:30:00 WIB");
	lk_tz_free(&tz);
	struct stat st;
	if (stat("/usr/share/zoneinfo/right/Asia/Jakarta", &st) == 0)
		cr_assert_eq(lk_tz_load("right/Asia/Jakarta", &tz), -LK_EINVAL, "leap seconds");
	cr_assert_eq(lk_tz_load("", &tz), -LK_EINVAL);
	cr_assert_eq(lk_tz_load(NULL, &tz), -LK_EINVAL);
	cr_assert_eq(lk_tz_load("Asia/../Asia/Jakarta", &tz), -LK_EINVAL);
}

/* Threads converting in different zones at once each get their own zone's answer. */
struct s_job {
	const struct lk_tz *tz;
	int hours, bad;
};

static void *s_worker(void *arg)
{
	struct s_job *j = arg;
	for (int64_t t = 1796250600; t < 1796250600 + 2000 * 3607; t += 3607) {
		struct lk_local l;
		if (lk_tz_local(j->tz, t, &l) != 0 || l.utcoff != j->hours * 3600 ||
		    (l.hour - j->hours + 48) % 24 != (int)(t / 3600 % 24))
			j->bad++;
	}
	return NULL;
}

Test(tzfile, shared_between_threads)
{
	struct lk_tz *z[3] = {s_load(LK_ZONE_WIB), s_load(LK_ZONE_WITA), s_load(LK_ZONE_WIT)};
	struct s_job jobs[6];
	pthread_t th[6];
	for (int i = 0; i < 6; i++) {
		jobs[i] = (struct s_job){z[i % 3], 7 + i % 3, 0};
		cr_assert_eq(pthread_create(&th[i], NULL, s_worker, &jobs[i]), 0);
	}
	for (int i = 0; i < 6; i++) {
		pthread_join(th[i], NULL);
		cr_assert_eq(jobs[i].bad, 0, "thread %d", i);
	}
	for (int i = 0; i < 3; i++)
		lk_tz_free(&z[i]);
}

/* ---------------------------------------------------------------- formats */

/* call writes into buf: it succeeds and buf is want. */
#define FMT_EQ(call, want)                        \
	do {                                          \
		cr_assert_eq(call, 0, "%s", #call);       \
		cr_assert_str_eq(buf, want, "%s", #call); \
	} while (0)

Test(format, dates_and_times)
{
	char buf[LK_FMT_LEN];
	struct lk_date d = {2026, 12, 3};
	FMT_EQ(lk_fmt_date_long(buf, sizeof buf, &d, LK_LANG_ID), "Kamis, 3 Desember 2026");
	FMT_EQ(lk_fmt_date_long(buf, sizeof buf, &d, LK_LANG_EN), "Thursday, 3 December 2026");
	FMT_EQ(lk_fmt_date(buf, sizeof buf, &d, LK_LANG_ID), "3 Desember 2026");
	FMT_EQ(lk_fmt_date(buf, sizeof buf, &d, LK_LANG_EN), "3 December 2026");
	d = (struct lk_date){2027, 8, 17};
	FMT_EQ(lk_fmt_date_long(buf, sizeof buf, &d, LK_LANG_ID), "Selasa, 17 Agustus 2027");
	FMT_EQ(lk_fmt_date_long(buf, sizeof buf, &d, LK_LANG_EN), "Tuesday, 17 August 2027");
	FMT_EQ(lk_fmt_time(buf, sizeof buf, 8, 0, "WIB", LK_LANG_ID), "08.00 WIB");
	FMT_EQ(lk_fmt_time(buf, sizeof buf, 8, 0, "WIB", LK_LANG_EN), "08:00 WIB");
	FMT_EQ(lk_fmt_time(buf, sizeof buf, 23, 5, "WITA", LK_LANG_ID), "23.05 WITA");
	FMT_EQ(lk_fmt_time(buf, sizeof buf, 0, 0, NULL, LK_LANG_EN), "00:00");
	for (int m = 1; m <= 12; m++)
		cr_assert_str_eq(lk_fmt_month(m, LK_LANG_ID), lk_bulan(m), "the documents' names, month %d", m);
	for (int w = 1; w <= 7; w++)
		cr_assert_str_eq(lk_fmt_weekday(w, LK_LANG_ID), lk_hari(w), "weekday %d", w);
	cr_assert_str_eq(lk_fmt_month(13, LK_LANG_EN), "");
	cr_assert_str_eq(lk_fmt_weekday(0, LK_LANG_EN), "");
	/* Refusals leave "" behind. */
	strcpy(buf, "x");
	cr_assert_eq(lk_fmt_date(buf, sizeof buf, &(struct lk_date){2026, 2, 29}, LK_LANG_ID), -LK_EINVAL);
	cr_assert_str_eq(buf, "");
	cr_assert_eq(lk_fmt_time(buf, sizeof buf, 24, 0, "WIB", LK_LANG_ID), -LK_EINVAL);
	cr_assert_eq(lk_fmt_date_long(buf, 10, &(struct lk_date){2026, 12, 3}, LK_LANG_ID), -LK_ETOOBIG);
	cr_assert_str_eq(buf, "");
	cr_assert_eq(lk_fmt_date(buf, 16, &(struct lk_date){2026, 12, 3}, LK_LANG_ID), 0, "exactly fits");
	cr_assert_eq(lk_fmt_date(buf, 15, &(struct lk_date){2026, 12, 3}, LK_LANG_ID), -LK_ETOOBIG);
}

Test(format, numbers_group_and_round_half_away_from_zero)
{
	char buf[LK_FMT_LEN];
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 58.4, 1, LK_LANG_ID), "58,4");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 58.4, 1, LK_LANG_EN), "58.4");
	FMT_EQ(lk_fmt_int(buf, sizeof buf, 1234, LK_LANG_ID), "1.234");
	FMT_EQ(lk_fmt_int(buf, sizeof buf, 1234, LK_LANG_EN), "1,234");
	FMT_EQ(lk_fmt_int(buf, sizeof buf, 999, LK_LANG_ID), "999");
	FMT_EQ(lk_fmt_int(buf, sizeof buf, 0, LK_LANG_ID), "0");
	FMT_EQ(lk_fmt_int(buf, sizeof buf, -1234567, LK_LANG_ID), "-1.234.567");
	FMT_EQ(lk_fmt_int(buf, sizeof buf, INT64_MIN, LK_LANG_EN), "-9,223,372,036,854,775,808");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 1234567.25, 1, LK_LANG_ID), "1.234.567,3");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 1234567.25, 1, LK_LANG_EN), "1,234,567.3");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 58.45, 1, LK_LANG_ID), "58,5");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 0.15, 1, LK_LANG_ID), "0,2");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, -0.25, 1, LK_LANG_ID), "-0,3");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, -0.04, 1, LK_LANG_ID), "0,0");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 999.96, 1, LK_LANG_ID), "1.000,0");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 1234.5, 0, LK_LANG_ID), "1.235");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 2.5, 0, LK_LANG_EN), "3");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 1.005, 2, LK_LANG_EN), "1.01");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 0.5, 3, LK_LANG_ID), "0,500");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 1e-20, 1, LK_LANG_ID), "0,0");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 0.04999, 1, LK_LANG_ID), "0,0");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 0.05, 1, LK_LANG_ID), "0,1");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 73.0 / 125.0 * 100.0, 1, LK_LANG_ID), "58,4");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 2.0 / 3.0 * 100.0, 2, LK_LANG_EN), "66.67");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 9007199254740.99, 2, LK_LANG_ID), "9.007.199.254.740,99");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 1e15, 0, LK_LANG_EN), "1,000,000,000,000,000");
	FMT_EQ(lk_fmt_percent(buf, sizeof buf, 58.4, 1, LK_LANG_ID), "58,4%");
	FMT_EQ(lk_fmt_percent(buf, sizeof buf, 58.4, 1, LK_LANG_EN), "58.4%");
	FMT_EQ(lk_fmt_percent(buf, sizeof buf, 100, 0, LK_LANG_ID), "100%");
	FMT_EQ(lk_fmt_percent(buf, sizeof buf, 1234.56, 1, LK_LANG_ID), "1.234,6%");
	cr_assert_eq(lk_fmt_number(buf, sizeof buf, NAN, 1, LK_LANG_ID), -LK_EINVAL);
	cr_assert_eq(lk_fmt_number(buf, sizeof buf, INFINITY, 1, LK_LANG_ID), -LK_EINVAL);
	cr_assert_eq(lk_fmt_number(buf, sizeof buf, 1e16, 1, LK_LANG_ID), -LK_EINVAL);
	cr_assert_eq(lk_fmt_number(buf, sizeof buf, 1, 7, LK_LANG_ID), -LK_EINVAL);
	cr_assert_eq(lk_fmt_percent(buf, 5, 58.4, 1, LK_LANG_ID), -LK_ETOOBIG);
	cr_assert_str_eq(buf, "");
	cr_assert_eq(lk_fmt_percent(buf, 6, 58.4, 1, LK_LANG_ID), 0);
}

/* ---------------------------------------------------------------- language */

static void s_clear_env(void)
{
	unsetenv("LANGUAGE");
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANG");
}

Test(lang, parse_names)
{
	enum lk_lang l = LK_LANG_EN;
	cr_assert_eq(lk_lang_parse("id_ID.UTF-8", &l), 0);
	cr_assert_eq(l, LK_LANG_ID);
	cr_assert_eq(lk_lang_parse("en_GB.UTF-8@euro", &l), 0);
	cr_assert_eq(l, LK_LANG_EN);
	cr_assert_eq(lk_lang_parse("in_ID", &l), 0);
	cr_assert_eq(l, LK_LANG_ID);
	cr_assert_eq(lk_lang_parse("en", &l), 0);
	cr_assert_eq(l, LK_LANG_EN);
	static const char *const other[] = {"C", "C.UTF-8", "POSIX", "", "fr_FR.UTF-8", "eng", "ind", "e", NULL};
	for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
		cr_assert_eq(lk_lang_parse(other[i], &l), -LK_ENOTFOUND, "%s", other[i] ? other[i] : "(null)");
	cr_assert_str_eq(lk_lang_code(LK_LANG_ID), "id");
	cr_assert_str_eq(lk_lang_code(LK_LANG_EN), "en");
}

Test(lang, from_env_in_gettext_order)
{
	s_clear_env();
	cr_assert_eq(lk_lang_from_env(), LK_LANG_ID, "nothing set: Indonesian");
	setenv("LANG", "en_US.UTF-8", 1);
	cr_assert_eq(lk_lang_from_env(), LK_LANG_EN);
	setenv("LC_MESSAGES", "id_ID.UTF-8", 1);
	cr_assert_eq(lk_lang_from_env(), LK_LANG_ID, "LC_MESSAGES before LANG");
	setenv("LC_ALL", "en_AU.UTF-8", 1);
	cr_assert_eq(lk_lang_from_env(), LK_LANG_EN, "LC_ALL before LC_MESSAGES");
	setenv("LANGUAGE", "fr:de:id:en", 1);
	cr_assert_eq(lk_lang_from_env(), LK_LANG_ID, "the first known entry of LANGUAGE");
	setenv("LANGUAGE", "fr:de", 1);
	cr_assert_eq(lk_lang_from_env(), LK_LANG_EN, "LANGUAGE without a known entry: LC_ALL decides");
	setenv("LC_ALL", "C", 1);
	cr_assert_eq(lk_lang_from_env(), LK_LANG_ID, "LC_ALL=C: the default, not LANG");
	setenv("LC_ALL", "", 1);
	cr_assert_eq(lk_lang_from_env(), LK_LANG_ID, "empty LC_ALL is skipped: LC_MESSAGES");
	unsetenv("LC_MESSAGES");
	cr_assert_eq(lk_lang_from_env(), LK_LANG_EN, "then LANG");
	setenv("LANGUAGE", ":en_GB", 1);
	unsetenv("LANG");
	cr_assert_eq(lk_lang_from_env(), LK_LANG_EN);
}

/* ---------------------------------------------------------------- gettext */

static const char *s_words(void)
{
	static char buf[256];
	struct lk_date today = {2026, 12, 3}, d = {2026, 12, 4}, y = {2026, 12, 2}, far = {2026, 12, 5};
	cr_assert_null(lk_fmt_day_word(&today, &far));
	snprintf(buf, sizeof buf, "%s|%s|%s|%s|%s|%s", lk_fmt_day_word(&today, &today), lk_fmt_day_word(&today, &d),
	         lk_fmt_day_word(&today, &y), lk_zone_long_name("WIB"), lk_zone_long_name("WITA"),
	         lk_zone_long_name("WIT"));
	return buf;
}

Test(i18n, language_id_reads_the_built_catalogue)
{
	s_clear_env();
	setenv("LOKMIN_LOCALEDIR", LK_TEST_LOCALEDIR, 1);
	setenv("LANGUAGE", "id", 1);
	cr_assert_eq(lk_i18n_init("/not/used/when/the/variable/is/set"), 0);
	cr_assert_str_eq(lk_i18n_localedir(), LK_TEST_LOCALEDIR);
	cr_assert_str_eq(s_words(),
	                 "hari ini|besok|kemarin|Waktu Indonesia Barat|Waktu Indonesia Tengah|Waktu Indonesia Timur");
}

Test(i18n, language_en_is_the_source_text)
{
	s_clear_env();
	setenv("LOKMIN_LOCALEDIR", LK_TEST_LOCALEDIR, 1);
	setenv("LANGUAGE", "en", 1);
	cr_assert_eq(lk_i18n_init(NULL), 0);
	cr_assert_str_eq(s_words(),
	                 "today|tomorrow|yesterday|Western Indonesia Time|Central Indonesia Time|Eastern Indonesia Time");
}

Test(i18n, lang_id_without_the_system_locale_still_translates)
{
	/* id_ID.UTF-8 is usually not generated on a server: setlocale fails, and
	 * gettext would answer in English if lk_i18n_init did not step in. */
	s_clear_env();
	setenv("LOKMIN_LOCALEDIR", LK_TEST_LOCALEDIR, 1);
	setenv("LANG", "id_ID.UTF-8", 1);
	cr_assert_eq(lk_i18n_init(NULL), 0);
	cr_assert_str_eq(getenv("LANGUAGE"), "id");
	struct lk_date d = {2026, 12, 3};
	cr_assert_str_eq(lk_fmt_day_word(&d, &d), "hari ini");
}

Test(i18n, c_locale_defaults_to_indonesian_and_argument_dir_is_used)
{
	s_clear_env();
	unsetenv("LOKMIN_LOCALEDIR");
	setenv("LC_ALL", "C", 1);
	cr_assert_eq(lk_i18n_init(LK_TEST_LOCALEDIR), 0);
	cr_assert_str_eq(lk_i18n_localedir(), LK_TEST_LOCALEDIR);
	cr_assert_str_eq(lk_zone_long_name("WIT"), "Waktu Indonesia Timur");
}
