/* test_coverage: cumulative targets, coverage, gaps, grades and the values refused. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <string.h>

#include "lk_coverage.h"
#include "lk_error.h"

static int s_near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

Test(coverage, percent_indicator_by_hand)
{
	struct lk_coverage c;
	char err[128];
	/* K6: sasaran 600 pregnant women, annual target 100%, by March 120 served. */
	cr_assert_eq(lk_coverage(&c, 1, 120, 600, 100, -1, 3, NULL, err, sizeof err), 0, "%s", err);
	cr_assert(s_near(c.target_to_date, 25.0), "%f", c.target_to_date);
	cr_assert(s_near(c.achieved, 20.0));
	cr_assert(s_near(c.of_target, 80.0));
	cr_assert(s_near(c.gap, 5.0));
	cr_assert_eq(c.grade, LK_GRADE_YELLOW, "80%% of target is yellow");
	cr_assert_str_eq(lk_grade_name(c.grade), "yellow");
	/* 119 served: just under 80% of the target to date. */
	cr_assert_eq(lk_coverage(&c, 1, 119, 600, 100, -1, 3, NULL, err, sizeof err), 0);
	cr_assert_eq(c.grade, LK_GRADE_RED);
	/* 150 served: on target, no gap. */
	cr_assert_eq(lk_coverage(&c, 1, 150, 600, 100, -1, 3, NULL, err, sizeof err), 0);
	cr_assert_eq(c.grade, LK_GRADE_GREEN);
	cr_assert(s_near(c.gap, 0));
}

Test(coverage, count_indicator_monthly_target_and_thresholds)
{
	struct lk_coverage c;
	char err[128];
	struct lk_grading strict = {110, 95};
	/* 48 counselling sessions a year: 24 due by June, 20 held. */
	cr_assert_eq(lk_coverage(&c, 0, 20, 0, 48, -1, 6, NULL, err, sizeof err), 0, "%s", err);
	cr_assert(s_near(c.target_to_date, 24));
	cr_assert(s_near(c.gap, 4));
	cr_assert_eq(c.grade, LK_GRADE_YELLOW);
	cr_assert_eq(lk_coverage(&c, 0, 20, 0, 48, -1, 6, &strict, err, sizeof err), 0);
	cr_assert_eq(c.grade, LK_GRADE_RED, "thresholds are configurable");
	/* A per-month target given by the district replaces the linear one. */
	cr_assert_eq(lk_coverage(&c, 0, 20, 0, 48, 18, 6, NULL, err, sizeof err), 0);
	cr_assert(s_near(c.target_to_date, 18));
	cr_assert_eq(c.grade, LK_GRADE_GREEN);
	/* No target: no grade. */
	cr_assert_eq(lk_coverage(&c, 0, 5, 0, 0, -1, 6, NULL, err, sizeof err), 0);
	cr_assert_eq(c.grade, LK_GRADE_NONE);
}

struct bad {
	int pct;
	double num, den;
	int month;
	char reason[40];
};

ParameterizedTestParameters(coverage, nonsense_is_refused)
{
	static struct bad cases[] = {
		{1, 700, 600, 3, "above denominator"}, {1, -1, 600, 3, "negative"}, {1, 10, 0, 3, "denominator"},
		{1, 10, 600, 0, "outside 1-12"},        {0, 10, 0, 13, "outside 1-12"},
	};
	return cr_make_param_array(struct bad, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct bad *b, coverage, nonsense_is_refused)
{
	struct lk_coverage c;
	char err[128] = "";
	cr_assert_eq(lk_coverage(&c, b->pct, b->num, b->den, 100, -1, b->month, NULL, err, sizeof err), -LK_EINVAL);
	cr_assert(strstr(err, b->reason), "%s", err);
}
