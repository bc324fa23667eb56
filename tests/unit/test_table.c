/* test_table: a report table's raw numbers are exactly what printf's "%.*f" writes, whatever path writes them. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"

/* v in a cell of t as rtable_number writes it, against printf's text. */
static void s_same(struct rtable *t, double v, int decimals)
{
	char want[64];
	snprintf(want, sizeof want, "%.*f%s", decimals, v, "%");
	rtable_number(t, 0, 0, v, decimals, "%");
	cr_assert_str_eq(rtable_get(t, 0, 0), want, "%.17g with %d decimals", v, decimals);
}

Test(table, numbers_are_written_as_printf_writes_them)
{
	const char *cols[] = {"V", NULL};
	struct rtable *t = rtable_new("numbers", cols);
	cr_assert_not_null(t);
	cr_assert_eq(rtable_row(t), 0);
	/* Ties and near-ties of binary fractions, zeros, signs, the large and the tiny. */
	static const double edge[] = {0,       -0.0,    0.5,      1.5,       2.5,      0.125,    0.375,  2.675,
	                              1.005,   1.015,   1.025,    99.95,     99.949999, 12.345,  -0.04,  -0.05,
	                              -1.25,   -12.5,   1e-9,     0.049999999, 999999999.5, 1e9, 1e12,   123456789.123,
	                              4.35,    0.1 + 0.2, 100.0 / 3, 2.0 / 3,  87.25,    87.35,    1e-320, NAN, INFINITY};
	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
		for (int d = 0; d <= 6; d++)
			s_same(t, edge[i], d);
	/* Coverage figures as reports make them: num/den * 100 over many counts, and random doubles. */
	srand(1234);
	for (int num = 0; num <= 400; num++)
		for (int den = 1; den <= 60; den += 7)
			for (int d = 0; d <= 2; d++)
				s_same(t, 100.0 * num / den, d);
	for (int i = 0; i < 20000; i++) {
		double v = ((double)rand() / RAND_MAX - 0.2) * pow(10, rand() % 10);
		s_same(t, v, rand() % 4);
	}
	rtable_free(t);
}
