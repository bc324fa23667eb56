/* test_tz: the tz database reader: UTC and local time at day boundaries and in history, damaged files, threads. */
#include <criterion/criterion.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lk_error.h"
#include "lk_tz.h"
#include "lk_zone.h"
#include "tzt.h"

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
