/* test_sheets: an Excel-saved CSV imported as achievement, then exported as XLSX and read back by unzipping it. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capaian_entry.h"
#include "capaian_table.h"
#include "dom.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lkt_store.h"
#include "lokmin.pb-c.h"
#include "signer.h"
#include "store.h"
#include "xlsx.h"

#define PKM "P3324010101"

static char s_home[256];
static struct dom s_d;

static void s_setup(void)
{
	memset(&s_d, 0, sizeof s_d);
	s_d.st = lkt_store_open_temp("sheets", s_home, sizeof s_home);
	cr_assert_eq(signer_sql_register(s_d.st), 0);
	s_d.office = (struct dom_office){"puskesmas", "3324", "332401", PKM};
	s_d.home = s_home;
	s_d.device_id = "dev-test";
	Lokmin__Indicator k1 = LOKMIN__INDICATOR__INIT;
	k1.code = "KIA_K1";
	k1.programme_code = "KIA";
	k1.name = "Kunjungan pertama ibu hamil";
	k1.unit = "persen";
	k1.default_annual_target = 100;
	k1.accrual = "cumulative";
	Lokmin__Indicator *v[] = {&k1};
	Lokmin__CatalogueReply c = LOKMIN__CATALOGUE_REPLY__INIT;
	c.digest = "test";
	c.n_indicators = 1;
	c.indicators = v;
	cr_assert_eq(lk_store_catalogue_put(s_d.st, &c), 0, "%s", lk_store_error(s_d.st));
}

static void s_teardown(void)
{
	lkt_store_close_temp(&s_d.st, s_home);
}

TestSuite(sheets, .init = s_setup, .fini = s_teardown);

/* A member of the workbook, read with `unzip -p`, into a malloc'd string. */
static char *s_member(const char *xlsx, const char *member)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", xlsx, member);
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(p);
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	char chunk[4096];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, p)) > 0)
		fwrite(chunk, 1, k, m);
	fclose(m);
	cr_assert_eq(pclose(p), 0, "%s", cmd);
	return buf;
}

static int s_import(const char *file, struct dom_capaian_import_out *out, struct dom_err *err)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", LK_SHEETS, file);
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "%s", path);
	int rc = dom_capaian_import(&s_d, f, file, out, err);
	fclose(f);
	return rc;
}

Test(sheets, excel_csv_imported_and_exported_as_xlsx)
{
	struct dom_capaian_import_out out;
	struct dom_err err;
	cr_assert_eq(s_import("excel_id.csv", &out, &err), 0, "%s: %s", err.msg,
	             out.nrefused ? out.refused[0].why : "");
	cr_assert_eq(out.written, 3);
	cr_assert_eq(out.year, 2036);
	dom_capaian_import_free(&out);

	/* The headers in Indonesian, from the build's catalogue. */
	setenv("LANGUAGE", "id", 1);
	cr_assert_eq(lk_i18n_init(getenv("LOKMIN_LOCALEDIR")), 0);
	struct rtable *t;
	cr_assert_eq(dom_capaian_table(&s_d, 2036, &t, &err), 0, "%s", err.msg);
	cr_assert_eq(t->nrows, 3);
	cr_assert_str_eq(rtable_get(t, 1, CAPT_NUM), "1234", "1.234 in a decimal-comma file is 1234");
	cr_assert_str_eq(rtable_get(t, 0, CAPT_NUM), "12.50");
	char path[600], why[400];
	snprintf(path, sizeof path, "%s/capaian.xlsx", s_home);
	cr_assert_eq(xlsx_write_tables(path, &t, 1, why, sizeof why), 0, "%s", why);
	rtable_free(t);

	char *sheet = s_member(path, "xl/worksheets/sheet1.xml");
	char *strings = s_member(path, "xl/sharedStrings.xml");
	char *book = s_member(path, "xl/workbook.xml");
	/* Figures are numbers (<v> without t="s"): 12,5 and 1.234 and 2.000 of the file as 12.5, 1234, 2000. */
	cr_assert(strstr(sheet, "<c r=\"F2\" s=\"") && strstr(sheet, "<v>12.5</v>"), "%s", sheet);
	cr_assert(strstr(sheet, "<v>1234</v>") && strstr(sheet, "<v>2000</v>"), "%s", sheet);
	cr_assert(strstr(sheet, "<v>2036</v>"), "the year is a number: %s", sheet);
	cr_assert_null(strstr(sheet, "<c r=\"F3\" s=\"1\" t=\"s\""), "numerator not a string");
	/* 1234 of 2000 is 61.7%: a fraction shown as percent. */
	cr_assert(strstr(sheet, "<v>0.617</v>"), "%s", sheet);
	/* The header row frozen, the columns given widths. */
	cr_assert(strstr(sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"),
	          "%s", sheet);
	cr_assert(strstr(sheet, "<cols>") && strstr(sheet, "customWidth=\"1\""), "%s", sheet);
	cr_assert(strstr(strings, "<t>Indikator</t>") && strstr(strings, "<t>Pembilang</t>") &&
	          strstr(strings, "<t>Penyebut</t>") && strstr(strings, "<t>Capaian (%)</t>"), "%s", strings);
	cr_assert(strstr(strings, "Kunjungan pertama ibu hamil") && strstr(strings, "kelas ibu; posyandu"), "%s",
	          strings);
	cr_assert(strstr(book, "name=\"Capaian 2036\""), "%s", book);
	free(sheet);
	free(strings);
	free(book);
	unlink(path);
	unsetenv("LANGUAGE");
	lk_i18n_init(getenv("LOKMIN_LOCALEDIR"));
}

Test(sheets, refused_files_import_nothing)
{
	static const char *const files[] = {"ambiguous.csv", "cp1252.csv", "unterminated.csv"};
	static const char *const says[] = {"row 3, column D (numerator): \"1.234\" could be 1234", "\"CSV UTF-8\"",
	                                   "row 4: a quote"};
	for (size_t i = 0; i < 3; i++) {
		struct dom_capaian_import_out out;
		struct dom_err err;
		cr_assert_eq(s_import(files[i], &out, &err), -LK_EINVAL, "%s", files[i]);
		cr_assert_str_eq(err.msg, i ? "nothing was imported" : "1 rows refused; nothing was imported");
		cr_assert_eq(out.nrefused, 1, "%s", files[i]);
		cr_assert(strstr(out.refused[0].why, says[i]), "%s: %s", files[i], out.refused[0].why);
		cr_assert_eq(out.written, 0);
		dom_capaian_import_free(&out);
	}
	struct rtable *t;
	struct dom_err err;
	cr_assert_eq(dom_capaian_table(&s_d, 2036, &t, &err), 0, "%s", err.msg);
	cr_assert_eq(t->nrows, 0, "the good row 2 of ambiguous.csv was not written");
	rtable_free(t);
}

Test(sheets, sheet_names_are_unique_and_valid)
{
	static const char *const cols[] = {"a", "b", NULL};
	struct rtable *t[3] = {rtable_new("Kepatuhan: bulan [2036] / seluruh puskesmas yang ada", cols),
	                       rtable_new("Kepatuhan: bulan [2036] / seluruh puskesmas yang ada", cols),
	                       rtable_new("", cols)};
	long r = rtable_row(t[0]);
	rtable_set(t[0], r, 0, "3324010001"); /* a desa code: text, though all digits */
	rtable_number(t[0], r, 1, -3.25, 2, "");
	char path[600], why[400];
	snprintf(path, sizeof path, "%s/names.xlsx", s_home);
	cr_assert_eq(xlsx_write_tables(path, t, 3, why, sizeof why), 0, "%s", why);
	char *book = s_member(path, "xl/workbook.xml"), *sheet = s_member(path, "xl/worksheets/sheet1.xml");
	/* 26 characters of the title, []:/ made spaces; the same title again numbered; none: "Table N". */
	cr_assert(strstr(book, "<sheet name=\"Kepatuhan  bulan  2036\" ") &&
	          strstr(book, "<sheet name=\"Kepatuhan  bulan  2036 2\" ") && strstr(book, "<sheet name=\"Table 3\""),
	          "%s", book);
	cr_assert(strstr(sheet, "<v>-3.25</v>") && strstr(sheet, "<c r=\"A2\" t=\"s\">"), "%s", sheet);
	cr_assert_null(strstr(sheet, "<v>3324010001</v>"), "%s", sheet);
	free(book);
	free(sheet);
	for (int i = 0; i < 3; i++)
		rtable_free(t[i]);
	unlink(path);
}
