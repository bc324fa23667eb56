/* test_date: civil date arithmetic and the monthly and quarterly meeting schedules. */
#include <criterion/criterion.h>
#include <string.h>

#include "lk_date.h"
#include "lk_error.h"

static struct lk_date s_d(const char *s)
{
	struct lk_date d;
	cr_assert_eq(lk_date_parse(s, &d), 0, "%s", s);
	return d;
}

Test(date, parse_format_weekday_days)
{
	char buf[LK_DATE_STRLEN];
	struct lk_date d = s_d("2026-01-01");
	cr_assert_eq(lk_date_weekday(&d), 4, "1 January 2026 is a Thursday");
	d = s_d("2026-11-22");
	cr_assert_eq(lk_date_weekday(&d), 7, "22 November 2026 is a Sunday");
	d = s_d("2024-02-29");
	cr_assert_str_eq(lk_date_format(&d, buf), "2024-02-29");
	cr_assert_eq(lk_date_days(&(struct lk_date){1970, 1, 1}), 0);
	/* Every day of 1999-2101 survives a round trip through the day count, in order. */
	int64_t prev = lk_date_days(&(struct lk_date){1998, 12, 31});
	for (int y = 1999; y <= 2101; y++)
		for (int m = 1; m <= 12; m++)
			for (int dd = 1; dd <= lk_days_in_month(y, m); dd++) {
				struct lk_date a = {y, m, dd}, b;
				int64_t z = lk_date_days(&a);
				cr_assert_eq(z, prev + 1);
				lk_date_from_days(z, &b);
				cr_assert(a.y == b.y && a.m == b.m && a.d == b.d);
				prev = z;
			}
	struct lk_date bad;
	cr_assert_eq(lk_date_parse("2026-02-29", &bad), -LK_EINVAL);
	cr_assert_eq(lk_date_parse("2026-13-01", &bad), -LK_EINVAL);
	cr_assert_eq(lk_date_parse("26-1-1", &bad), -LK_EINVAL);
	cr_assert_eq(lk_date_parse("2026-01-01x", &bad), -LK_EINVAL);
}

Test(date, monthly_schedule_moves_off_weekends_and_holidays)
{
	struct lk_date out[12], hol[2] = {s_d("2026-03-03"), s_d("2026-03-04")};
	char buf[LK_DATE_STRLEN];
	lk_schedule_monthly(2026, 3, hol, 2, out);
	/* 3 Jan 2026 is a Saturday: Monday the 5th. */
	cr_assert_str_eq(lk_date_format(&out[0], buf), "2026-01-05");
	/* 3 Feb is a Tuesday: kept. */
	cr_assert_str_eq(lk_date_format(&out[1], buf), "2026-02-03");
	/* 3 and 4 March are holidays here: Thursday the 5th. */
	cr_assert_str_eq(lk_date_format(&out[2], buf), "2026-03-05");
	/* 3 October 2026 is a Saturday: Monday the 5th. */
	cr_assert_str_eq(lk_date_format(&out[9], buf), "2026-10-05");
	for (int i = 0; i < 12; i++) {
		cr_assert_eq(out[i].m, i + 1);
		cr_assert(lk_date_workday(&out[i], hol, 2));
	}
}

Test(date, end_of_month_goes_back_instead_of_leaving_the_month)
{
	struct lk_date d = lk_schedule_day(2026, 1, 31, NULL, 0);
	char buf[LK_DATE_STRLEN];
	/* 31 Jan 2026 is a Saturday; Monday would be February: Friday the 30th. */
	cr_assert_str_eq(lk_date_format(&d, buf), "2026-01-30");
	d = lk_schedule_day(2026, 2, 31, NULL, 0); /* clamped to the 28th, a Saturday */
	cr_assert_str_eq(lk_date_format(&d, buf), "2026-02-27");
}

Test(date, quarterly_schedule)
{
	struct lk_date out[4];
	char buf[LK_DATE_STRLEN];
	lk_schedule_quarterly(2026, 2, 10, NULL, 0, out);
	cr_assert_str_eq(lk_date_format(&out[0], buf), "2026-02-10");
	cr_assert_str_eq(lk_date_format(&out[1], buf), "2026-05-11", "10 May 2026 is a Sunday");
	cr_assert_str_eq(lk_date_format(&out[2], buf), "2026-08-10");
	cr_assert_str_eq(lk_date_format(&out[3], buf), "2026-11-10");
}

Test(date, indonesian_names)
{
	cr_assert_str_eq(lk_bulan(1), "Januari");
	cr_assert_str_eq(lk_bulan(12), "Desember");
	cr_assert_str_eq(lk_bulan(13), "");
	cr_assert_str_eq(lk_hari(1), "Senin");
	cr_assert_str_eq(lk_hari(7), "Minggu");
	cr_assert_str_eq(lk_hari(0), "");
}

/* Lax forms sscanf's %d let through (blanks, signs) are refused: one written form only. */
Test(date, strict_forms_only)
{
	struct lk_date d;
	int secs = -1;
	static const char *const bad_dates[] = {"2023- 4-29", "2024-03-+3", "2024-03- 3", "+024-03-03", "2024-3-03",
	                                        "2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-03-03 ",
	                                        "２024-03-03", "2024-03-0a", ""};
	for (size_t i = 0; i < sizeof bad_dates / sizeof bad_dates[0]; i++)
		cr_assert_neq(lk_date_parse(bad_dates[i], &d), 0, "\"%s\" accepted", bad_dates[i]);
	cr_assert_eq(lk_date_parse("2024-02-29", &d), 0);
	static const char *const bad_times[] = {"2026-03-03T08:0:000Z", "2026-03-03T08:00:60Z", "2026-03-03T24:00:00Z",
	                                        "2026-03-03T08:60:00Z", "2026-03-03T 8:00:00Z", "2026-03-03T+8:00:00Z",
	                                        "2026-03-03 08:00:00Z", "2026-03-03T08:00:00", "2026-02-30T08:00:00Z"};
	for (size_t i = 0; i < sizeof bad_times / sizeof bad_times[0]; i++)
		cr_assert_neq(lk_time_parse(bad_times[i], &d, &secs), 0, "\"%s\" accepted", bad_times[i]);
	cr_assert_eq(lk_time_parse("2026-03-03T08:09:59Z", &d, &secs), 0);
	cr_assert_eq(secs, 8 * 3600 + 9 * 60 + 59);
	cr_assert_eq(d.d, 3);
}
