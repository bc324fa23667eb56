/* test_devcache: the in-memory device table: lookups, replacement, removal, last-seen throttling. */
#include <criterion/criterion.h>
#include <sodium.h>
#include <string.h>

#include "lk_error.h"
#include "srv.h"

static struct lk_device s_dev(uint32_t n)
{
	struct lk_device d;
	memset(&d, 0, sizeof d);
	/* Keys with equal low bytes collide in the table, exercising probing. */
	randombytes_buf(d.pk, sizeof d.pk);
	memcpy(d.pk, &n, sizeof n);
	memset(d.pk + 4, (int)(n % 3), 4);
	snprintf(d.id, sizeof d.id, "dev-%u", n);
	d.role = LOKMIN__ROLE__ROLE_PUSKESMAS;
	return d;
}

Test(devcache, put_lookup_remove_many)
{
	struct devcache *c = devcache_new();
	enum { N = 5000 };
	static struct lk_device devs[N];
	struct lk_device out;
	cr_assert_not_null(c);
	for (uint32_t i = 0; i < N; i++) {
		devs[i] = s_dev(i);
		cr_assert_eq(devcache_put(c, &devs[i]), 0);
	}
	cr_assert_eq(devcache_count(c), N);
	for (uint32_t i = 0; i < N; i += 2)
		devcache_remove(c, devs[i].pk);
	cr_assert_eq(devcache_count(c), N / 2);
	for (uint32_t i = 0; i < N; i++) {
		int rc = devcache_lookup(c, devs[i].pk, &out);
		if (i % 2 == 0) {
			cr_assert_eq(rc, -LK_ENOTFOUND, "removed %u still found", i);
		} else {
			cr_assert_eq(rc, 0, "kept %u lost after removals", i);
			cr_assert_str_eq(out.id, devs[i].id);
		}
	}
	devs[1].revoked = 1;
	devcache_put(c, &devs[1]);
	cr_assert_eq(devcache_lookup(c, devs[1].pk, &out), 0);
	cr_assert_eq(out.revoked, 1, "an update replaces the entry");
	cr_assert_eq(devcache_count(c), N / 2);
	devcache_destroy(&c);
	cr_assert_null(c);
	devcache_destroy(&c);
}

Test(devcache, replace_and_touch)
{
	struct devcache *c = devcache_new();
	struct lk_device a = s_dev(1), b = s_dev(2), out;
	devcache_put(c, &a);
	cr_assert_eq(devcache_touch(c, a.pk, 100000), 1, "first request writes last_seen");
	cr_assert_eq(devcache_touch(c, a.pk, 130000), 0, "not again within a minute");
	cr_assert_eq(devcache_touch(c, a.pk, 170000), 1);
	struct lk_device all[2] = {a, b};
	cr_assert_eq(devcache_replace(c, all, 2), 0);
	cr_assert_eq(devcache_count(c), 2);
	cr_assert_eq(devcache_touch(c, a.pk, 180000), 0, "replacement keeps the bookkeeping");
	cr_assert_eq(devcache_replace(c, &b, 1), 0);
	cr_assert_eq(devcache_lookup(c, a.pk, &out), -LK_ENOTFOUND, "a device gone from the table is gone");
	cr_assert_eq(devcache_touch(c, a.pk, 999999), 0);
	devcache_destroy(&c);
}
