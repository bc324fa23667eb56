/* lk_coverage: cumulative targets, coverage, gaps and grades for programme indicators (PWS). */
#include <stdio.h>

#include "lk_coverage.h"
#include "lk_error.h"
#include "lk_i18n.h"

const char *lk_grade_name(enum lk_grade g)
{
	switch (g) {
	case LK_GRADE_GREEN:
		return "green";
	case LK_GRADE_YELLOW:
		return "yellow";
	case LK_GRADE_RED:
		return "red";
	default:
		return "";
	}
}

int lk_coverage(struct lk_coverage *out, int is_percent, double numerator, double denominator, double annual_target,
                double monthly_target, int month, const struct lk_grading *g, char *err, size_t errlen)
{
	static const struct lk_grading def = LK_GRADING_DEFAULT;
	if (g == NULL)
		g = &def;
	if (month < 1 || month > 12) {
		snprintf(err, errlen, S_("month %d is outside 1-12"), month);
		return -LK_EINVAL;
	}
	if (numerator < 0 || denominator < 0 || annual_target < 0) {
		snprintf(err, errlen, S_("negative values make no sense here"));
		return -LK_EINVAL;
	}
	if (is_percent && denominator <= 0) {
		snprintf(err, errlen, S_("a percent indicator needs its denominator (sasaran)"));
		return -LK_EINVAL;
	}
	if (is_percent && numerator > denominator) {
		snprintf(err, errlen, S_("numerator %.0f is above denominator %.0f"), numerator, denominator);
		return -LK_EINVAL;
	}
	out->target_to_date = monthly_target >= 0 ? monthly_target : annual_target * month / 12.0;
	out->achieved = is_percent ? numerator / denominator * 100.0 : numerator;
	out->of_target = out->target_to_date > 0 ? out->achieved / out->target_to_date * 100.0 : 0;
	out->gap = out->target_to_date > out->achieved ? out->target_to_date - out->achieved : 0;
	if (out->target_to_date <= 0)
		out->grade = LK_GRADE_NONE;
	else if (out->of_target >= g->green)
		out->grade = LK_GRADE_GREEN;
	else if (out->of_target >= g->yellow)
		out->grade = LK_GRADE_YELLOW;
	else
		out->grade = LK_GRADE_RED;
	return 0;
}
