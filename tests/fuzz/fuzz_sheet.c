/* fuzz_sheet: any bytes as a spreadsheet CSV (sheet_parse), every cell read as a number, and the refusals kept to their buffers. */
#include "fuzz.h"
#include "lk_error.h"
#include "lk_utf8.h"
#include "sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sheet s;
	struct dom_err err;
	memset(&err, 0, sizeof err);
	int rc = sheet_parse((const char *)data, size, "f.csv", &s, &err);
	FZ_CHECK(rc == 0 || rc == -LK_EINVAL || rc == -LK_ENOMEM, "rc %d", rc);
	if (rc != 0) {
		FZ_CHECK(s.nrows == 0 && s.rows == NULL, "a refused sheet keeps %zu rows", s.nrows);
		FZ_CHECK(memchr(err.msg, '\0', sizeof err.msg) != NULL && err.msg[0], "no message");
		return 0;
	}
	FZ_CHECK(s.sep == ';' || s.sep == ',', "separator %d", s.sep);
	int last = 0;
	for (size_t r = 0; r < s.nrows; r++) {
		FZ_CHECK(s.rows[r].row > last, "row %d after %d", s.rows[r].row, last);
		last = s.rows[r].row;
		FZ_CHECK(s.rows[r].ncell >= 1, "row %zu without cells", r);
		for (int c = 0; c < s.rows[r].ncell; c++) {
			const char *t = sheet_cell(&s, r, c);
			FZ_CHECK(lk_utf8_valid(t, strlen(t)), "row %zu cell %d is not UTF-8", r, c);
			double v;
			char why[200];
			why[0] = '\0';
			int k = sheet_number(&s, r, c, &v, why, sizeof why);
			FZ_CHECK(k >= -2 && k <= 1, "sheet_number %d", k);
			FZ_CHECK(k >= 0 || (why[0] && memchr(why, '\0', sizeof why)), "a refusal without a reason");
			FZ_CHECK(k != 0 || v == v, "NaN from \"%.40s\"", t);
		}
	}
	FZ_CHECK(sheet_cell(&s, s.nrows, 0)[0] == '\0', "a cell past the end");
	sheet_free(&s);
	return 0;
}
