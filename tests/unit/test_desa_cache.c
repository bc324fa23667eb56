/* test_desa_cache: the desa of the puskesmas as the org cache holds them: listed by name, named by code, resolved by name or code. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "dom.h"
#include "lk_error.h"
#include "lkt_store.h"
#include "orgcache.h"
#include "region.h"
#include "resolve.h"
#include "store.h"

#define PKM "P3324010101"

static char s_home[256];
static struct dom s_d;

static void s_setup(void)
{
	memset(&s_d, 0, sizeof s_d);
	s_d.st = lkt_store_open_temp("desa", s_home, sizeof s_home);
	s_d.office = (struct dom_office){"puskesmas", "3324", "332401", PKM};
	s_d.home = s_home;
}

static void s_teardown(void)
{
	lkt_store_close_temp(&s_d.st, s_home);
}

TestSuite(desa_cache, .init = s_setup, .fini = s_teardown);

/* The cache as org_fetch writes it, with a line without a name and one without a code among them. */
static void s_cache(void)
{
	cr_assert_eq(lk_store_set_meta(s_d.st, "org_desa",
	                               "3324010002\tSarirejo\n3324010001\tKutoharjo\nbroken line\n\tNo code\n"
	                               "3324010004\tkumpulrejo\n"),
	             0);
}

Test(desa_cache, nothing_before_the_first_sync)
{
	struct dom_desa *v = (struct dom_desa *)1;
	size_t n = 9;
	char name[64] = "x";
	cr_assert_eq(dom_desa_list(&s_d, &v, &n), 0);
	cr_assert_eq(n, 0);
	free(v);
	cr_assert_eq(region_desa_name(s_d.st, "3324010001", name, sizeof name), -LK_ENOTFOUND);
	cr_assert_str_empty(name);
	struct dom_ref r;
	struct dom_err err;
	cr_assert_eq(dom_resolve(s_d.st, &s_d.office, DOM_DESA, "Kutoharjo", &r, &err), -LK_ENOTFOUND);
	cr_assert(strstr(err.msg, "10-digit code"), "%s", err.msg);
	/* A code is taken as typed: lokmind checks the working area. */
	cr_assert_eq(dom_resolve(s_d.st, &s_d.office, DOM_DESA, "3324010009", &r, &err), 0);
	cr_assert_str_eq(r.id, "3324010009");
}

Test(desa_cache, listed_by_name_named_by_code)
{
	struct dom_desa *v;
	size_t n;
	char name[64];
	s_cache();
	cr_assert_eq(dom_desa_list(&s_d, &v, &n), 0);
	cr_assert_eq(n, 3, "%zu", n);
	cr_assert_str_eq(v[0].name, "kumpulrejo"); /* by name, case aside */
	cr_assert_str_eq(v[1].name, "Kutoharjo");
	cr_assert_str_eq(v[1].code, "3324010001");
	cr_assert_str_eq(v[2].name, "Sarirejo");
	free(v);
	cr_assert_eq(region_desa_name(s_d.st, "3324010002", name, sizeof name), 0);
	cr_assert_str_eq(name, "Sarirejo");
	cr_assert_eq(region_desa_name(s_d.st, "3324010003", name, sizeof name), -LK_ENOTFOUND);
}

Test(desa_cache, resolved_by_a_unique_part_of_the_name)
{
	struct dom_ref r;
	struct dom_err err;
	s_cache();
	cr_assert_eq(dom_resolve(s_d.st, &s_d.office, DOM_DESA, "KUTO", &r, &err), 0, "%s", err.msg);
	cr_assert_str_eq(r.id, "3324010001");
	cr_assert_str_eq(r.entity, "desa");
	cr_assert_eq(dom_resolve(s_d.st, &s_d.office, DOM_DESA, "rejo", &r, &err), -LK_EINVAL);
	cr_assert_eq(err.ncand, 2);
	cr_assert(strstr(err.msg, "Sarirejo") && strstr(err.msg, "kumpulrejo"), "%s", err.msg);
	cr_assert_eq(dom_resolve(s_d.st, &s_d.office, DOM_DESA, "Bandung", &r, &err), -LK_ENOTFOUND);
	cr_assert(strstr(err.msg, "Kutoharjo (3324010001)"), "%s", err.msg);
}
