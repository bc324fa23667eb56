/* test_dom_region: the names of the office's regions read from the organisation cache (dom_region_names, region_name). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dom.h"
#include "lk_error.h"
#include "region.h"
#include "store.h"

static char s_home[256];
static struct dom s_d;

static void s_setup(void)
{
	char err[512] = "";
	snprintf(s_home, sizeof s_home, "/tmp/lk_dom_region_XXXXXX");
	cr_assert_not_null(mkdtemp(s_home));
	memset(&s_d, 0, sizeof s_d);
	s_d.st = lk_store_open(s_home, err, sizeof err);
	cr_assert_not_null(s_d.st, "open: %s", err);
	s_d.office = (struct dom_office){"puskesmas", "3324", "332401", "P3324010101"};
	s_d.home = s_home;
}

static void s_teardown(void)
{
	char cmd[400];
	lk_store_close(&s_d.st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", s_home);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", s_home);
}

TestSuite(dom_region, .init = s_setup, .fini = s_teardown);

Test(dom_region, names_of_the_office_and_by_code)
{
	char kab[64], kec[64], pusk[64], one[64];
	/* Nothing synced yet: every level empty, and said so. */
	cr_assert_eq(dom_region_names(&s_d, kab, sizeof kab, kec, sizeof kec, pusk, sizeof pusk), -LK_ENOTFOUND);
	cr_assert_str_eq(kab, "");
	cr_assert_str_eq(pusk, "");
	cr_assert_eq(lk_store_set_meta(s_d.st, "org_puskesmas",
	                               "P3324010101\t332401\tPuskesmas Kaliwungu\nP3324010102\t332401\tPuskesmas "
	                               "Kaliwungu Selatan\n"),
	             0);
	cr_assert_eq(lk_store_set_meta(s_d.st, "org_kecamatan", "332401\tKaliwungu\n"), 0);
	/* A puskesmas device that synced before it could read its kabupaten: the rest is named. */
	cr_assert_eq(dom_region_names(&s_d, kab, sizeof kab, kec, sizeof kec, pusk, sizeof pusk), -LK_ENOTFOUND);
	cr_assert_str_eq(kec, "Kaliwungu");
	cr_assert_str_eq(pusk, "Puskesmas Kaliwungu");
	cr_assert_eq(lk_store_set_meta(s_d.st, "org_kabupaten", "3324\tKendal"), 0);
	cr_assert_eq(dom_region_names(&s_d, kab, sizeof kab, kec, sizeof kec, pusk, sizeof pusk), 0);
	cr_assert_str_eq(kab, "Kendal");
	/* Outputs not wanted may be NULL. */
	cr_assert_eq(dom_region_names(&s_d, kab, sizeof kab, NULL, 0, NULL, 0), 0);
	/* A district device has no kecamatan or puskesmas: those stay empty and are not missing. */
	s_d.office = (struct dom_office){"dinkes", "3324", "", ""};
	cr_assert_eq(dom_region_names(&s_d, kab, sizeof kab, kec, sizeof kec, pusk, sizeof pusk), 0);
	cr_assert_str_eq(kab, "Kendal");
	cr_assert_str_eq(kec, "");
	cr_assert_str_eq(pusk, "");
	/* One region by its code; another kabupaten is not the cached one. */
	cr_assert_eq(region_name(s_d.st, "P3324010102", one, sizeof one), 0);
	cr_assert_str_eq(one, "Puskesmas Kaliwungu Selatan");
	cr_assert_eq(region_name(s_d.st, "332401", one, sizeof one), 0);
	cr_assert_str_eq(one, "Kaliwungu");
	cr_assert_eq(region_name(s_d.st, "3324", one, sizeof one), 0);
	cr_assert_eq(region_name(s_d.st, "3325", one, sizeof one), -LK_ENOTFOUND);
	cr_assert_str_eq(one, "");
	cr_assert_eq(region_name(s_d.st, "P3324020101", one, sizeof one), -LK_ENOTFOUND);
	cr_assert_eq(region_name(s_d.st, "", one, sizeof one), -LK_ENOTFOUND);
}

Test(dom_region, a_puskesmas_named_as_people_name_it)
{
	char one[64];
	cr_assert_eq(lk_store_set_meta(s_d.st, "org_puskesmas",
	                               "P3324010101\t332401\tPuskesmas Kaliwungu\nP3324010102\t332401\tBrangsong\n"),
	             0);
	cr_assert_eq(region_puskesmas_name(s_d.st, "P3324010101", one, sizeof one), 0);
	cr_assert_str_eq(one, "Puskesmas Kaliwungu");
	/* A cached name without the word gets it. */
	cr_assert_eq(region_puskesmas_name(s_d.st, "P3324010102", one, sizeof one), 0);
	cr_assert_str_eq(one, "Puskesmas Brangsong");
	cr_assert_eq(region_puskesmas_name(s_d.st, "P3324020101", one, sizeof one), -LK_ENOTFOUND);
	cr_assert_str_eq(one, "");
	cr_assert_eq(region_puskesmas_name(s_d.st, "", one, sizeof one), -LK_ENOTFOUND);
}
