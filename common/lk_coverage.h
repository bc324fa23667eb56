/* lk_coverage: cumulative targets, coverage, gaps and grades for programme indicators (PWS). */
#ifndef LK_COVERAGE_H
#define LK_COVERAGE_H

#include <stddef.h>

enum lk_grade { LK_GRADE_NONE = 0, LK_GRADE_RED, LK_GRADE_YELLOW, LK_GRADE_GREEN };

/* Coverage against the target to date, in percent, at or above which a grade applies. */
struct lk_grading {
	double green;  /* default 100 */
	double yellow; /* default 80 */
};
#define LK_GRADING_DEFAULT {100.0, 80.0}

/* One indicator at one month, cumulative from January. */
struct lk_coverage {
	double target_to_date; /* same unit as achieved: percent of sasaran, or a count */
	double achieved;       /* cumulative */
	double of_target;      /* achieved / target_to_date * 100; 0 when there is no target */
	double gap;            /* target_to_date - achieved, 0 when met */
	enum lk_grade grade;
};

/*
 * Coverage of an indicator at month (1-12).
 * - percent indicators (is_percent): achieved = numerator / denominator * 100,
 *   where both are cumulative counts and denominator is the year's sasaran
 *   (target population); the target to date is annual_target * month / 12.
 * - count indicators: achieved = numerator; the target to date is
 *   annual_target * month / 12.
 * monthly_target, when >= 0, replaces annual_target * month / 12.
 * Returns 0, or -LK_EINVAL for values that make no sense (month outside 1-12,
 * negatives, numerator above denominator for a percent indicator, a missing
 * denominator) with the reason in err.
 */
int lk_coverage(struct lk_coverage *out, int is_percent, double numerator, double denominator, double annual_target,
                double monthly_target, int month, const struct lk_grading *g, char *err, size_t errlen);

/* "green", "yellow", "red" or "" */
const char *lk_grade_name(enum lk_grade g);

#endif
