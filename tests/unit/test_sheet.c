/* test_sheet: CSV files as Excel and LibreOffice save them, read by client/domain/sheet.c from fixtures. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "lk_error.h"
#include "sheet.h"

static int s_load(const char *file, struct sheet *s, struct dom_err *err)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", LK_SHEETS, file);
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "%s", path);
	int rc = sheet_read(f, file, s, err);
	fclose(f);
	return rc;
}

static double s_num(const struct sheet *s, size_t r, const char *col)
{
	double v = -1;
	char why[600] = "";
	int c = sheet_column(s, col);
	cr_assert_geq(c, 0, "column %s", col);
	cr_assert_eq(sheet_number(s, r, c, &v, why, sizeof why), 0, "row %zu %s: %s", r, col, why);
	return v;
}

Test(sheet, excel_semicolon_crlf_bom_decimal_comma)
{
	struct sheet s;
	struct dom_err err;
	cr_assert_eq(s_load("excel_id.csv", &s, &err), 0, "%s", err.msg);
	cr_assert_eq(s.sep, ';');
	cr_assert_eq(s.decimal, SHEET_DEC_COMMA);
	cr_assert_eq(s.nrows, 4, "the empty row ;;;;;; is left out: %zu", s.nrows);
	cr_assert_str_eq(sheet_cell(&s, 0, 0), "indicator", "the BOM is not part of the first header");
	cr_assert_eq(sheet_column(&s, "indicator"), 0);
	cr_assert_eq(sheet_column(&s, "note"), 6);
	cr_assert_eq(s.rows[1].row, 2);
	cr_assert_eq(s.rows[3].row, 5, "row numbers count the empty row as the spreadsheet does");
	cr_assert_float_eq(s_num(&s, 1, "numerator"), 12.5, 1e-9);
	cr_assert_float_eq(s_num(&s, 2, "numerator"), 1234, 1e-9, "1.234 with a decimal comma elsewhere is 1234");
	cr_assert_float_eq(s_num(&s, 2, "denominator"), 2000, 1e-9);
	cr_assert_str_eq(sheet_cell(&s, 2, 6), "kelas ibu; posyandu", "a quoted separator stays in its cell");
	cr_assert_str_eq(sheet_cell(&s, 3, 6), "kata \"baik\"\r\nbaris dua", "quotes and a line break inside a cell");
	cr_assert_str_eq(sheet_cell(&s, 3, 1), "2036");
	cr_assert_str_eq(sheet_cell(&s, 3, 40), "");
	double v;
	char why[600];
	cr_assert_eq(sheet_number(&s, 1, 3, &v, why, sizeof why), 1, "an empty cell");
	sheet_free(&s);
}

Test(sheet, plain_comma_lf_decimal_point)
{
	struct sheet s;
	struct dom_err err;
	cr_assert_eq(s_load("plain_comma.csv", &s, &err), 0, "%s", err.msg);
	cr_assert_eq(s.sep, ',');
	cr_assert_eq(s.decimal, SHEET_DEC_POINT);
	cr_assert_eq(s.nrows, 3);
	cr_assert_float_eq(s_num(&s, 1, "numerator"), 12.5, 1e-9);
	cr_assert_float_eq(s_num(&s, 2, "numerator"), 1.234, 1e-9, "1.234 with a decimal point elsewhere is 1.234");
	cr_assert_float_eq(s_num(&s, 2, "denominator"), 1000, 1e-9, "\"1,000\" is a thousand");
	cr_assert_str_eq(sheet_cell(&s, 2, 6), "a, b");
	sheet_free(&s);
}

Test(sheet, ambiguous_thousands_mark_is_refused_with_row_and_column)
{
	struct sheet s;
	struct dom_err err;
	cr_assert_eq(s_load("ambiguous.csv", &s, &err), 0, "%s", err.msg);
	cr_assert_eq(s.sep, ';');
	cr_assert_eq(s.decimal, SHEET_DEC_UNKNOWN);
	double v = 7;
	char why[600];
	cr_assert_float_eq(s_num(&s, 1, "numerator"), 30, 1e-9);
	cr_assert_eq(sheet_number(&s, 2, sheet_column(&s, "numerator"), &v, why, sizeof why), -2);
	cr_assert_eq(v, 0, "nothing read");
	cr_assert(strstr(why, "row 3, column D (numerator): \"1.234\" could be 1234 (with a thousands mark) or a number "
	                      "between 1 and 2 (with a decimal mark)"), "%s", why);
	cr_assert(strstr(why, "write it as 1234"), "%s", why);
	sheet_free(&s);
}

Test(sheet, both_decimal_marks_in_one_file)
{
	struct sheet s;
	struct dom_err err;
	cr_assert_eq(s_load("conflict.csv", &s, &err), 0, "%s", err.msg);
	cr_assert_eq(s.decimal, SHEET_DEC_CONFLICT);
	cr_assert_eq(s.point_row, 2);
	cr_assert_eq(s.comma_row, 3);
	cr_assert_float_eq(s_num(&s, 1, "numerator"), 12.5, 1e-9, "unambiguous on its own");
	cr_assert_float_eq(s_num(&s, 2, "numerator"), 12.5, 1e-9, "unambiguous on its own");
	double v;
	char why[600];
	cr_assert_eq(sheet_number(&s, 3, 3, &v, why, sizeof why), -2);
	cr_assert(strstr(why, "row 4, column D (numerator)") && strstr(why, "decimal comma (row 3)") &&
	          strstr(why, "decimal point (row 2)"), "%s", why);
	sheet_free(&s);
}

Test(sheet, windows_1252_is_refused)
{
	struct sheet s;
	struct dom_err err;
	cr_assert_eq(s_load("cp1252.csv", &s, &err), -LK_EINVAL);
	cr_assert(strstr(err.msg, "cp1252.csv is not UTF-8 text (row 3") && strstr(err.msg, "\"CSV UTF-8\""), "%s",
	          err.msg);
	cr_assert_eq(s.nrows, 0);
	cr_assert_null(s.rows);
}

Test(sheet, unterminated_quote_is_refused)
{
	struct sheet s;
	struct dom_err err;
	cr_assert_eq(s_load("unterminated.csv", &s, &err), -LK_EINVAL);
	cr_assert(strstr(err.msg, "unterminated.csv, row 4: a quote"), "%s", err.msg);
}

Test(sheet, numbers_by_shape)
{
	static const struct {
		const char *text;
		int rc;
		double v;
	} cases[] = {
		{"  42 ", 0, 42},   {"-3", 0, -3},      {"0.123", 0, 0.123}, {"1234.567", 0, 1234.567},
		{"1.234.567", 0, 1234567}, {"1,234,567", 0, 1234567}, {"1.234,5", 0, 1234.5}, {"1,234.5", 0, 1234.5},
		{"1.234", -2, 0},   {"-1,000", -2, 0},   {"12a", -1, 0},      {"1..2", -1, 0},
		{"1.23.4", -1, 0},  {",5", 0, 0.5},      {"", 1, 0},          {"1e5", -1, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[200], why[600] = "";
		struct sheet s;
		struct dom_err err;
		double v = -99;
		snprintf(buf, sizeof buf, "n;x\r\n\"%s\";1\r\n", cases[i].text);
		cr_assert_eq(sheet_parse(buf, strlen(buf), "t.csv", &s, &err), 0, "%s", err.msg);
		int rc = sheet_number(&s, 1, 0, &v, why, sizeof why);
		cr_assert_eq(rc, cases[i].rc, "\"%s\": %d (%s)", cases[i].text, rc, why);
		if (rc == 0)
			cr_assert_float_eq(v, cases[i].v, 1e-9, "\"%s\": %g", cases[i].text, v);
		sheet_free(&s);
	}
}

Test(sheet, utf16_and_lone_cr)
{
	struct sheet s;
	struct dom_err err;
	cr_assert_eq(sheet_parse("\xff\xfei\0n\0", 6, "u.csv", &s, &err), -LK_EINVAL);
	cr_assert(strstr(err.msg, "UTF-16") && strstr(err.msg, "\"CSV UTF-8\""), "%s", err.msg);
	const char *mac = "a,b\rDesa Sukamaju \xc3\xa9,2\r";
	cr_assert_eq(sheet_parse(mac, strlen(mac), "m.csv", &s, &err), 0, "%s", err.msg);
	cr_assert_eq(s.nrows, 2);
	cr_assert_str_eq(sheet_cell(&s, 1, 0), "Desa Sukamaju \xc3\xa9");
	sheet_free(&s);
}
