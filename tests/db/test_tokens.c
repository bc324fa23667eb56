/* test_tokens: enrollment tokens in the database: hashing, role/region fit, kabupaten limits, expiry. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lkt.h"
#include "srv.h"

static struct lkt_server s_srv;
static PGconn *s_pg;

static void s_setup(void)
{
	char err[512];
	cr_assert_eq(lkt_server_init(&s_srv, 1), 0);
	s_pg = db_connect(s_srv.db.conninfo, err, sizeof err);
	cr_assert_not_null(s_pg, "%s", err);
	cr_assert_eq(db_prepare_all(s_pg), 0);
}

static void s_teardown(void)
{
	PQfinish(s_pg);
	lkt_server_fini(&s_srv);
}

TestSuite(tokens, .init = s_setup, .fini = s_teardown, .timeout = 60);

Test(tokens, stored_only_as_hash)
{
	char token[LK_TOKEN_HEXLEN], err[256], hash[65], sql[256];
	int64_t exp;
	cr_assert_eq(token_create(s_pg, LOKMIN__ROLE__ROLE_PUSKESMAS, "P3324010101", 3600000, "test", NULL,
	                          token, &exp, err, sizeof err),
	             0, "%s", err);
	cr_assert_eq(strlen(token), 32);
	cr_assert_eq(token_hash_hex(token, hash), 0);
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM enrollment_token WHERE token_hash = decode('%s', 'hex') "
	         "AND kecamatan_code = '332401' AND kabupaten_code = '3324' AND used_at IS NULL",
	         hash);
	char *n = lkt_sql_value(&s_srv.db, sql);
	cr_assert_str_eq(n, "1");
	free(n);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM enrollment_token WHERE encode(token_hash, 'hex') LIKE '%%%s%%'", token);
	n = lkt_sql_value(&s_srv.db, sql);
	cr_assert_str_eq(n, "0", "the token itself is not stored");
	free(n);
	int64_t now_ms = (int64_t)time(NULL) * 1000;
	cr_assert(exp > now_ms + 3500000 && exp < now_ms + 3700000);
}

struct fit_case {
	Lokmin__Role role;
	const char *scope;
	const char *limit;
	int rc;
};

Test(tokens, role_and_region_must_fit)
{
	static const struct fit_case cases[] = {
		{LOKMIN__ROLE__ROLE_PUSKESMAS, "P3324010101", NULL, 0},
		{LOKMIN__ROLE__ROLE_KECAMATAN, "332401", NULL, 0},
		{LOKMIN__ROLE__ROLE_DINKES, "3324", NULL, 0},
		{LOKMIN__ROLE__ROLE_PUSKESMAS, "332401", NULL, -LK_EINVAL},
		{LOKMIN__ROLE__ROLE_DINKES, "P3324010101", NULL, -LK_EINVAL},
		{LOKMIN__ROLE__ROLE_ADMIN, "3324", NULL, -LK_EINVAL},
		{LOKMIN__ROLE__ROLE_PUSKESMAS, "P3324099999", NULL, -LK_ENOTFOUND},
		{LOKMIN__ROLE__ROLE_PUSKESMAS, "P3325010101", "3324", -LK_ESCOPE},
		{LOKMIN__ROLE__ROLE_PUSKESMAS, "P3324020101", "3324", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char token[LK_TOKEN_HEXLEN], err[256] = "";
		int64_t exp;
		int rc = token_create(s_pg, cases[i].role, cases[i].scope, 60000, "test", cases[i].limit, token,
		                      &exp, err, sizeof err);
		cr_assert_eq(rc, cases[i].rc, "case %zu (%s): got %d: %s", i, cases[i].scope, rc, err);
		if (rc != 0)
			cr_assert(strlen(err) > 5, "case %zu gives a reason", i);
	}
}

Test(tokens, hash_rejects_non_hex)
{
	char hash[65];
	cr_assert_eq(token_hash_hex("zz112233445566778899aabbccddeeff", hash), -LK_ETOKEN);
	cr_assert_eq(token_hash_hex("0011", hash), -LK_ETOKEN);
	cr_assert_eq(token_hash_hex("00112233445566778899aabbccddeeff", hash), 0);
	cr_assert_eq(strlen(hash), 64);
}
