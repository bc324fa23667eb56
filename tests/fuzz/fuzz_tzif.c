/* fuzz_tzif: lk_tz_parse on any bytes (a damaged or hostile TZif file), then conversions with what it accepts. */
#include "fuzz.h"
#include "lk_error.h"
#include "lk_tz.h"

/* Instants across the range lk_tz_local answers for, and a few beyond it. */
static const int64_t s_at[] = {-2208902400LL, -1000000000LL, -1, 0, 1, 1796250600LL, 2147483647LL,
                               4102444800LL,  7258032000LL,  7289567999LL, INT64_MAX, INT64_MIN};

static void s_check(const struct lk_tz *tz, int64_t t)
{
	struct lk_local l, again;
	const char *abbr = NULL;
	int32_t off = lk_tz_offset(tz, t, &abbr);
	FZ_CHECK(off > -93600 && off < 93600, "offset %d at %lld", off, (long long)t);
	FZ_CHECK(abbr != NULL && strlen(abbr) < LK_TZ_ABBRLEN, "abbreviation at %lld", (long long)t);
	if (lk_tz_local(tz, t, &l) != 0)
		return;
	FZ_CHECK(l.utcoff == off && l.hour >= 0 && l.hour < 24 && l.min >= 0 && l.min < 60 && l.sec >= 0 && l.sec < 60,
	         "local time of %lld", (long long)t);
	/* The local time maps back to t or to an earlier instant showing the same time. */
	int64_t back;
	int rc = lk_tz_utc(tz, &l.date, l.hour, l.min, l.sec, &back);
	if (l.date.y < 1900 || l.date.y > 2200)
		return;
	FZ_CHECK(rc == 0 && back <= t, "%lld -> %d-%d-%d %d:%d:%d -> rc %d, %lld", (long long)t, l.date.y, l.date.m,
	         l.date.d, l.hour, l.min, l.sec, rc, (long long)back);
	FZ_CHECK(lk_tz_local(tz, back, &again) == 0 && again.hour == l.hour && again.min == l.min &&
	             again.sec == l.sec && lk_date_cmp(&again.date, &l.date) == 0,
	         "%lld and %lld do not show the same time", (long long)t, (long long)back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lk_tz *tz = NULL;
	int rc = lk_tz_parse("Fuzz/Zone", data, size, &tz);
	FZ_CHECK(rc == 0 || rc == -LK_EINVAL || rc == -LK_ENOMEM, "rc %d", rc);
	FZ_CHECK((rc == 0) == (tz != NULL), "rc %d with zone %p", rc, (void *)tz);
	if (tz == NULL)
		return 0;
	FZ_CHECK(strcmp(lk_tz_name(tz), "Fuzz/Zone") == 0, "name %s", lk_tz_name(tz));
	for (size_t i = 0; i < sizeof s_at / sizeof s_at[0]; i++)
		s_check(tz, s_at[i]);
	/* Instants the input itself names: the last bytes, eight at a time. */
	for (size_t k = 0; k + 8 <= size && k < 64; k += 8) {
		int64_t t = 0;
		memcpy(&t, data + size - 8 - k, 8);
		s_check(tz, t % 10000000000LL);
	}
	lk_tz_free(&tz);
	FZ_CHECK(tz == NULL, "lk_tz_free left the pointer");
	return 0;
}
