/* test_l10n: office time zones and "today", formats in Indonesian and English, the language and gettext. */
#include <criterion/criterion.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_lang.h"
#include "lk_rules.h"
#include "lk_tz.h"
#include "lk_zone.h"
#include "lkt_store.h"
#include "resolve.h"
#include "tzt.h"

/* ---------------------------------------------------------------- zone table */

Test(zone, one_code_of_every_province_kind)
{
	static const struct {
		const char *code, *zone;
	} cases[] = {
		{"1101", LK_ZONE_WIB},  {"1275", LK_ZONE_WIB},  {"2171", LK_ZONE_WIB},  {"3171", LK_ZONE_WIB},
		{"3201", LK_ZONE_WIB},  {"3374", LK_ZONE_WIB},  {"3471", LK_ZONE_WIB},  {"3578", LK_ZONE_WIB},
		{"3601", LK_ZONE_WIB},  {"1971", LK_ZONE_WIB},  {"6171", LK_ZONE_WIB},  {"6271", LK_ZONE_WIB},
		{"6371", LK_ZONE_WITA}, {"6472", LK_ZONE_WITA}, {"6501", LK_ZONE_WITA}, {"5171", LK_ZONE_WITA},
		{"5271", LK_ZONE_WITA}, {"5371", LK_ZONE_WITA}, {"7171", LK_ZONE_WITA}, {"7271", LK_ZONE_WITA},
		{"7371", LK_ZONE_WITA}, {"7471", LK_ZONE_WITA}, {"7571", LK_ZONE_WITA}, {"7601", LK_ZONE_WITA},
		{"8171", LK_ZONE_WIT},  {"8271", LK_ZONE_WIT},  {"9171", LK_ZONE_WIT},  {"9201", LK_ZONE_WIT},
		{"9301", LK_ZONE_WIT},  {"9401", LK_ZONE_WIT},  {"9501", LK_ZONE_WIT},  {"9601", LK_ZONE_WIT},
		{"9701", LK_ZONE_WIT},
		/* other kinds of region code: province, kecamatan, desa, puskesmas */
		{"73", LK_ZONE_WITA},   {"320101", LK_ZONE_WIB}, {"9471010001", LK_ZONE_WIT},
		{"P6371010101", LK_ZONE_WITA},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *name = NULL;
		cr_assert_eq(lk_zone_for_region(cases[i].code, &name), 0, "%s", cases[i].code);
		cr_assert_str_eq(name, cases[i].zone, "%s", cases[i].code);
	}
	const char *name = "unchanged";
	static const char *const bad[] = {"", "3", "32a1", "abc", "P", "32-01", " 3201", "32011234567", NULL};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_assert_eq(lk_zone_for_region(bad[i], &name), -LK_EINVAL, "%s", bad[i] ? bad[i] : "(null)");
	static const char *const nowhere[] = {"0001", "2001", "3701", "5401", "6601", "8301", "9801", "99"};
	for (size_t i = 0; i < sizeof nowhere / sizeof nowhere[0]; i++)
		cr_assert_eq(lk_zone_for_region(nowhere[i], &name), -LK_ENOTFOUND, "%s", nowhere[i]);
	cr_assert_str_eq(name, "unchanged");
}

Test(zone, override_wins_and_is_checked)
{
	const char *name;
	cr_assert_eq(lk_zone_for_office("3201", "WITA", &name), 0);
	cr_assert_str_eq(name, LK_ZONE_WITA);
	cr_assert_eq(lk_zone_for_office("3201", "WIT", &name), 0);
	cr_assert_str_eq(name, LK_ZONE_WIT);
	cr_assert_eq(lk_zone_for_office("9471", "WIB", &name), 0);
	cr_assert_str_eq(name, LK_ZONE_WIB);
	cr_assert_eq(lk_zone_for_office("6171", "Asia/Pontianak", &name), 0);
	cr_assert_str_eq(name, "Asia/Pontianak");
	cr_assert_eq(lk_zone_for_office("6171", "", &name), 0);
	cr_assert_str_eq(name, LK_ZONE_WIB);
	cr_assert_eq(lk_zone_for_office("6371", NULL, &name), 0);
	cr_assert_str_eq(name, LK_ZONE_WITA);
	/* An override that could leave the database folder, or is not a name, is refused. */
	cr_assert_eq(lk_zone_for_office("3201", "../../etc/passwd", &name), -LK_EINVAL);
	cr_assert_eq(lk_zone_for_office("3201", "/etc/localtime", &name), -LK_EINVAL);
	cr_assert_eq(lk_zone_for_office("3201", "Asia/Jakarta ", &name), -LK_EINVAL);

	struct lk_tz *tz = NULL;
	cr_assert_eq(lk_zone_load("3201", "Asia/Nowhere", &tz), -LK_ENOTFOUND);
	cr_assert_null(tz);
	cr_assert_eq(lk_zone_load("3201", "Asia", &tz), -LK_ENOTFOUND, "a folder is no zone");
	cr_assert_eq(lk_zone_load("8271", NULL, &tz), 0);
	cr_assert_str_eq(lk_tz_name(tz), LK_ZONE_WIT);
	lk_tz_free(&tz);
	cr_assert_null(tz);
	lk_tz_free(&tz);
}

Test(zone, long_names_untranslated_without_catalogue)
{
	setenv("LOKMIN_LOCALEDIR", "/nonexistent", 1);
	setenv("LANGUAGE", "id", 1);
	cr_assert_eq(lk_i18n_init(NULL), 0);
	cr_assert_str_eq(lk_zone_long_name("WIB"), "Western Indonesia Time");
	cr_assert_null(lk_zone_long_name("CET"));
	cr_assert_null(lk_zone_long_name(NULL));
}

/* ---------------------------------------------------------------- the two cases */

Test(today, letter_signed_late_evening_wib_keeps_its_day)
{
	struct lk_tz *tz = NULL;
	cr_assert_eq(lk_zone_load("3374", NULL, &tz), 0); /* Kota Semarang */
	/* 23:30 WIB on 30 November is 16:30 UTC the same day... */
	cr_assert_str_eq(s_to_utc(tz, "2026-11-30", 23, 30, 0), "2026-11-30T16:30:00Z");
	struct lk_date d;
	char buf[LK_FMT_LEN];
	cr_assert_eq(lk_zone_date(tz, s_utc("2026-11-30T16:30:00Z"), &d), 0);
	cr_assert_eq(lk_fmt_date(buf, sizeof buf, &d, LK_LANG_ID), 0);
	cr_assert_str_eq(buf, "30 November 2026");
	/* ...and the letter is still dated 30 November until 23:59:59 WIB. */
	cr_assert_eq(lk_zone_date(tz, s_utc("2026-11-30T16:59:59Z"), &d), 0);
	cr_assert(d.y == 2026 && d.m == 11 && d.d == 30);
	cr_assert_eq(lk_zone_date(tz, s_utc("2026-11-30T17:00:00Z"), &d), 0);
	cr_assert(d.y == 2026 && d.m == 12 && d.d == 1);
	lk_tz_free(&tz);
}

Test(today, morning_meeting_wit_is_the_evening_before_in_utc)
{
	struct lk_tz *wit = NULL, *wib = s_load(LK_ZONE_WIB), *wita = s_load(LK_ZONE_WITA);
	cr_assert_eq(lk_zone_load("9471", NULL, &wit), 0); /* Kota Jayapura */
	cr_assert_str_eq(s_to_utc(wit, "2026-12-03", 7, 30, 0), "2026-12-02T22:30:00Z");
	int64_t t = s_utc("2026-12-02T22:30:00Z");
	struct lk_date d;
	cr_assert_eq(lk_zone_date(wit, t, &d), 0);
	cr_assert(d.y == 2026 && d.m == 12 && d.d == 3, "held on 3 December in Jayapura");
	cr_assert_str_eq(s_local(wit, "2026-12-02T22:30:00Z"), "2026-12-03 07:30:00 WIT");
	/* The same instant elsewhere in Indonesia. */
	cr_assert_str_eq(s_local(wita, "2026-12-02T22:30:00Z"), "2026-12-03 06:30:00 WITA");
	cr_assert_str_eq(s_local(wib, "2026-12-02T22:30:00Z"), "2026-12-03 05:30:00 WIB");
	struct lk_local l;
	char buf[LK_FMT_LEN];
	cr_assert_eq(lk_tz_local(wit, t, &l), 0);
	cr_assert_eq(lk_fmt_local(buf, sizeof buf, &l, LK_LANG_ID), 0);
	cr_assert_str_eq(buf, "Kamis, 3 Desember 2026 pukul 07.30 WIT");
	cr_assert_eq(lk_fmt_local(buf, sizeof buf, &l, LK_LANG_EN), 0);
	cr_assert_str_eq(buf, "Thursday, 3 December 2026 at 07:30 WIT");
	cr_assert_eq(lk_fmt_at(buf, sizeof buf, wit, t, LK_FMT_DATE | LK_FMT_TIME, LK_LANG_ID), 0);
	cr_assert_str_eq(buf, "3 Desember 2026 pukul 07.30 WIT");
	cr_assert_eq(lk_fmt_at(buf, sizeof buf, wib, t, LK_FMT_DATE | LK_FMT_TIME, LK_LANG_EN), 0);
	cr_assert_str_eq(buf, "3 December 2026 at 05:30 WIB");
	cr_assert_eq(lk_fmt_at(buf, sizeof buf, wita, t, LK_FMT_TIME, LK_LANG_ID), 0);
	cr_assert_str_eq(buf, "06.30 WITA");
	cr_assert_eq(lk_fmt_at(buf, sizeof buf, wit, t, LK_FMT_WEEKDAY | LK_FMT_DATE, LK_LANG_ID), 0);
	cr_assert_str_eq(buf, "Kamis, 3 Desember 2026");
	cr_assert_eq(lk_fmt_at(buf, sizeof buf, wit, t, LK_FMT_WEEKDAY | LK_FMT_TIME, LK_LANG_EN), 0);
	cr_assert_str_eq(buf, "Thursday, 3 December 2026 at 07:30 WIT");
	cr_assert_eq(lk_fmt_at(buf, sizeof buf, wit, t, 0, LK_LANG_ID), -LK_EINVAL);
	cr_assert_eq(lk_fmt_at(buf, sizeof buf, wit, INT64_MAX, LK_FMT_TIME, LK_LANG_ID), -LK_EINVAL);
	cr_assert_str_eq(buf, "");
	/* Today, by the wall clock, is the UTC date or the day after, never before. */
	struct lk_date today, utc_today;
	cr_assert_eq(lk_zone_today(wit, &today), 0);
	lk_date_today(&utc_today);
	int64_t ahead = lk_date_days(&today) - lk_date_days(&utc_today);
	cr_assert(ahead == 0 || ahead == 1, "%lld", (long long)ahead);
	lk_tz_free(&wit);
	lk_tz_free(&wib);
	lk_tz_free(&wita);
}

/* ---------------------------------------------------------------- formats */

/* call writes into buf: it succeeds and buf is want. */
#define FMT_EQ(call, want)                        \
	do {                                          \
		cr_assert_eq(call, 0, "%s", #call);       \
		cr_assert_str_eq(buf, want, "%s", #call); \
	} while (0)

Test(format, dates_and_times)
{
	char buf[LK_FMT_LEN];
	struct lk_date d = {2026, 12, 3};
	FMT_EQ(lk_fmt_date_long(buf, sizeof buf, &d, LK_LANG_ID), "Kamis, 3 Desember 2026");
	FMT_EQ(lk_fmt_date_long(buf, sizeof buf, &d, LK_LANG_EN), "Thursday, 3 December 2026");
	FMT_EQ(lk_fmt_date(buf, sizeof buf, &d, LK_LANG_ID), "3 Desember 2026");
	FMT_EQ(lk_fmt_date(buf, sizeof buf, &d, LK_LANG_EN), "3 December 2026");
	d = (struct lk_date){2027, 8, 17};
	FMT_EQ(lk_fmt_date_long(buf, sizeof buf, &d, LK_LANG_ID), "Selasa, 17 Agustus 2027");
	FMT_EQ(lk_fmt_date_long(buf, sizeof buf, &d, LK_LANG_EN), "Tuesday, 17 August 2027");
	FMT_EQ(lk_fmt_time(buf, sizeof buf, 8, 0, "WIB", LK_LANG_ID), "08.00 WIB");
	FMT_EQ(lk_fmt_time(buf, sizeof buf, 8, 0, "WIB", LK_LANG_EN), "08:00 WIB");
	FMT_EQ(lk_fmt_time(buf, sizeof buf, 23, 5, "WITA", LK_LANG_ID), "23.05 WITA");
	FMT_EQ(lk_fmt_time(buf, sizeof buf, 0, 0, NULL, LK_LANG_EN), "00:00");
	for (int m = 1; m <= 12; m++)
		cr_assert_str_eq(lk_fmt_month(m, LK_LANG_ID), lk_bulan(m), "the documents' names, month %d", m);
	for (int w = 1; w <= 7; w++)
		cr_assert_str_eq(lk_fmt_weekday(w, LK_LANG_ID), lk_hari(w), "weekday %d", w);
	cr_assert_str_eq(lk_fmt_month(13, LK_LANG_EN), "");
	cr_assert_str_eq(lk_fmt_weekday(0, LK_LANG_EN), "");
	/* Refusals leave "" behind. */
	strcpy(buf, "x");
	cr_assert_eq(lk_fmt_date(buf, sizeof buf, &(struct lk_date){2026, 2, 29}, LK_LANG_ID), -LK_EINVAL);
	cr_assert_str_eq(buf, "");
	cr_assert_eq(lk_fmt_time(buf, sizeof buf, 24, 0, "WIB", LK_LANG_ID), -LK_EINVAL);
	cr_assert_eq(lk_fmt_date_long(buf, 10, &(struct lk_date){2026, 12, 3}, LK_LANG_ID), -LK_ETOOBIG);
	cr_assert_str_eq(buf, "");
	cr_assert_eq(lk_fmt_date(buf, 16, &(struct lk_date){2026, 12, 3}, LK_LANG_ID), 0, "exactly fits");
	cr_assert_eq(lk_fmt_date(buf, 15, &(struct lk_date){2026, 12, 3}, LK_LANG_ID), -LK_ETOOBIG);
}

Test(format, numbers_group_and_round_half_away_from_zero)
{
	char buf[LK_FMT_LEN];
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 58.4, 1, LK_LANG_ID), "58,4");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 58.4, 1, LK_LANG_EN), "58.4");
	FMT_EQ(lk_fmt_int(buf, sizeof buf, 1234, LK_LANG_ID), "1.234");
	FMT_EQ(lk_fmt_int(buf, sizeof buf, 1234, LK_LANG_EN), "1,234");
	FMT_EQ(lk_fmt_int(buf, sizeof buf, 999, LK_LANG_ID), "999");
	FMT_EQ(lk_fmt_int(buf, sizeof buf, 0, LK_LANG_ID), "0");
	FMT_EQ(lk_fmt_int(buf, sizeof buf, -1234567, LK_LANG_ID), "-1.234.567");
	FMT_EQ(lk_fmt_int(buf, sizeof buf, INT64_MIN, LK_LANG_EN), "-9,223,372,036,854,775,808");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 1234567.25, 1, LK_LANG_ID), "1.234.567,3");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 1234567.25, 1, LK_LANG_EN), "1,234,567.3");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 58.45, 1, LK_LANG_ID), "58,5");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 0.15, 1, LK_LANG_ID), "0,2");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, -0.25, 1, LK_LANG_ID), "-0,3");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, -0.04, 1, LK_LANG_ID), "0,0");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 999.96, 1, LK_LANG_ID), "1.000,0");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 1234.5, 0, LK_LANG_ID), "1.235");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 2.5, 0, LK_LANG_EN), "3");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 1.005, 2, LK_LANG_EN), "1.01");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 0.5, 3, LK_LANG_ID), "0,500");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 1e-20, 1, LK_LANG_ID), "0,0");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 0.04999, 1, LK_LANG_ID), "0,0");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 0.05, 1, LK_LANG_ID), "0,1");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 73.0 / 125.0 * 100.0, 1, LK_LANG_ID), "58,4");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 2.0 / 3.0 * 100.0, 2, LK_LANG_EN), "66.67");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 9007199254740.99, 2, LK_LANG_ID), "9.007.199.254.740,99");
	FMT_EQ(lk_fmt_number(buf, sizeof buf, 1e15, 0, LK_LANG_EN), "1,000,000,000,000,000");
	FMT_EQ(lk_fmt_percent(buf, sizeof buf, 58.4, 1, LK_LANG_ID), "58,4%");
	FMT_EQ(lk_fmt_percent(buf, sizeof buf, 58.4, 1, LK_LANG_EN), "58.4%");
	FMT_EQ(lk_fmt_percent(buf, sizeof buf, 100, 0, LK_LANG_ID), "100%");
	FMT_EQ(lk_fmt_percent(buf, sizeof buf, 1234.56, 1, LK_LANG_ID), "1.234,6%");
	cr_assert_eq(lk_fmt_number(buf, sizeof buf, NAN, 1, LK_LANG_ID), -LK_EINVAL);
	cr_assert_eq(lk_fmt_number(buf, sizeof buf, INFINITY, 1, LK_LANG_ID), -LK_EINVAL);
	cr_assert_eq(lk_fmt_number(buf, sizeof buf, 1e16, 1, LK_LANG_ID), -LK_EINVAL);
	cr_assert_eq(lk_fmt_number(buf, sizeof buf, 1, 7, LK_LANG_ID), -LK_EINVAL);
	cr_assert_eq(lk_fmt_percent(buf, 5, 58.4, 1, LK_LANG_ID), -LK_ETOOBIG);
	cr_assert_str_eq(buf, "");
	cr_assert_eq(lk_fmt_percent(buf, 6, 58.4, 1, LK_LANG_ID), 0);
}

/* ---------------------------------------------------------------- language */

static void s_clear_env(void)
{
	unsetenv("LANGUAGE");
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANG");
}

Test(lang, parse_names)
{
	enum lk_lang l = LK_LANG_EN;
	cr_assert_eq(lk_lang_parse("id_ID.UTF-8", &l), 0);
	cr_assert_eq(l, LK_LANG_ID);
	cr_assert_eq(lk_lang_parse("en_GB.UTF-8@euro", &l), 0);
	cr_assert_eq(l, LK_LANG_EN);
	cr_assert_eq(lk_lang_parse("in_ID", &l), 0);
	cr_assert_eq(l, LK_LANG_ID);
	cr_assert_eq(lk_lang_parse("en", &l), 0);
	cr_assert_eq(l, LK_LANG_EN);
	static const char *const other[] = {"C", "C.UTF-8", "POSIX", "", "fr_FR.UTF-8", "eng", "ind", "e", NULL};
	for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
		cr_assert_eq(lk_lang_parse(other[i], &l), -LK_ENOTFOUND, "%s", other[i] ? other[i] : "(null)");
	cr_assert_str_eq(lk_lang_code(LK_LANG_ID), "id");
	cr_assert_str_eq(lk_lang_code(LK_LANG_EN), "en");
}

Test(lang, from_env_in_gettext_order)
{
	s_clear_env();
	cr_assert_eq(lk_lang_from_env(), LK_LANG_ID, "nothing set: Indonesian");
	setenv("LANG", "en_US.UTF-8", 1);
	cr_assert_eq(lk_lang_from_env(), LK_LANG_EN);
	setenv("LC_MESSAGES", "id_ID.UTF-8", 1);
	cr_assert_eq(lk_lang_from_env(), LK_LANG_ID, "LC_MESSAGES before LANG");
	setenv("LC_ALL", "en_AU.UTF-8", 1);
	cr_assert_eq(lk_lang_from_env(), LK_LANG_EN, "LC_ALL before LC_MESSAGES");
	setenv("LANGUAGE", "fr:de:id:en", 1);
	cr_assert_eq(lk_lang_from_env(), LK_LANG_ID, "the first known entry of LANGUAGE");
	setenv("LANGUAGE", "fr:de", 1);
	cr_assert_eq(lk_lang_from_env(), LK_LANG_EN, "LANGUAGE without a known entry: LC_ALL decides");
	setenv("LC_ALL", "C", 1);
	cr_assert_eq(lk_lang_from_env(), LK_LANG_ID, "LC_ALL=C: the default, not LANG");
	setenv("LC_ALL", "", 1);
	cr_assert_eq(lk_lang_from_env(), LK_LANG_ID, "empty LC_ALL is skipped: LC_MESSAGES");
	unsetenv("LC_MESSAGES");
	cr_assert_eq(lk_lang_from_env(), LK_LANG_EN, "then LANG");
	setenv("LANGUAGE", ":en_GB", 1);
	unsetenv("LANG");
	cr_assert_eq(lk_lang_from_env(), LK_LANG_EN);
}

/* ---------------------------------------------------------------- gettext */

static const char *s_words(void)
{
	static char buf[256];
	struct lk_date today = {2026, 12, 3}, d = {2026, 12, 4}, y = {2026, 12, 2}, far = {2026, 12, 5};
	cr_assert_null(lk_fmt_day_word(&today, &far));
	snprintf(buf, sizeof buf, "%s|%s|%s|%s|%s|%s", lk_fmt_day_word(&today, &today), lk_fmt_day_word(&today, &d),
	         lk_fmt_day_word(&today, &y), lk_zone_long_name("WIB"), lk_zone_long_name("WITA"),
	         lk_zone_long_name("WIT"));
	return buf;
}

Test(i18n, language_id_reads_the_built_catalogue)
{
	s_clear_env();
	setenv("LOKMIN_LOCALEDIR", LK_TEST_LOCALEDIR, 1);
	setenv("LANGUAGE", "id", 1);
	cr_assert_eq(lk_i18n_init("/not/used/when/the/variable/is/set"), 0);
	cr_assert_str_eq(lk_i18n_localedir(), LK_TEST_LOCALEDIR);
	cr_assert_str_eq(s_words(),
	                 "hari ini|besok|kemarin|Waktu Indonesia Barat|Waktu Indonesia Tengah|Waktu Indonesia Timur");
}

Test(i18n, language_en_is_the_source_text)
{
	s_clear_env();
	setenv("LOKMIN_LOCALEDIR", LK_TEST_LOCALEDIR, 1);
	setenv("LANGUAGE", "en", 1);
	cr_assert_eq(lk_i18n_init(NULL), 0);
	cr_assert_str_eq(s_words(),
	                 "today|tomorrow|yesterday|Western Indonesia Time|Central Indonesia Time|Eastern Indonesia Time");
}

Test(i18n, lang_id_without_the_system_locale_still_translates)
{
	/* id_ID.UTF-8 is usually not generated on a server: setlocale fails, and
	 * gettext would answer in English if lk_i18n_init did not step in. */
	s_clear_env();
	setenv("LOKMIN_LOCALEDIR", LK_TEST_LOCALEDIR, 1);
	setenv("LANG", "id_ID.UTF-8", 1);
	cr_assert_eq(lk_i18n_init(NULL), 0);
	cr_assert_str_eq(getenv("LANGUAGE"), "id");
	struct lk_date d = {2026, 12, 3};
	cr_assert_str_eq(lk_fmt_day_word(&d, &d), "hari ini");
}

Test(i18n, c_locale_defaults_to_indonesian_and_argument_dir_is_used)
{
	s_clear_env();
	unsetenv("LOKMIN_LOCALEDIR");
	setenv("LC_ALL", "C", 1);
	cr_assert_eq(lk_i18n_init(LK_TEST_LOCALEDIR), 0);
	cr_assert_str_eq(lk_i18n_localedir(), LK_TEST_LOCALEDIR);
	cr_assert_str_eq(lk_zone_long_name("WIT"), "Waktu Indonesia Timur");
}

/* ---------------------------------------------------------------- messages below the command line */

/* A domain error (an unknown meeting), a refused status move (the shared
 * rules) and a reason received from lokmind, in the language asked for. */
static void s_messages(const char *lang, char out[3][600])
{
	s_clear_env();
	setenv("LOKMIN_LOCALEDIR", LK_TEST_LOCALEDIR, 1);
	setenv("LANGUAGE", lang, 1);
	cr_assert_eq(lk_i18n_init(NULL), 0);
	char home[256];
	lk_store *st = lkt_store_open_temp("l10n", home, sizeof home);
	const struct dom_office pusk = {"puskesmas", "3324", "332401", "P3324010101"};
	struct dom_ref ref;
	struct dom_err err;
	cr_assert_eq(dom_resolve(st, &pusk, DOM_MEETING, "deadbeef", &ref, &err), -LK_ENOTFOUND);
	snprintf(out[0], 600, "%s", err.msg);
	lkt_store_close_temp(&st, home);
	cr_assert_eq(lk_meeting_transition("held", "postponed", "rain", out[1], 600), -LK_EINVAL);
	snprintf(out[2], 600, "%s", dom_reason_text("the op names no field"));
}

Test(i18n, domain_errors_in_indonesian)
{
	char m[3][600];
	s_messages("id", m);
	cr_assert_str_eq(m[0], "tidak ada rapat yang cocok dengan \"deadbeef\"", "%s", m[0]);
	cr_assert_str_eq(m[1],
	                 "rapat ini sudah dilaksanakan; rapat tidak dapat ditunda: rapat yang sudah dilaksanakan hanya "
	                 "dapat dicatat dilaksanakan lagi (dengan tanggalnya)");
	cr_assert_str_eq(m[2], "operasi tidak menyebut kolom apa pun");
	/* lokmind keeps shared text English: it goes on the wire. */
	lk_i18n_shared_english(1);
	char why[600];
	lk_meeting_transition("held", "postponed", "rain", why, sizeof why);
	cr_assert_str_eq(why, "this meeting is held; it cannot be postponed: a held meeting can only be held again "
	                      "(with its date)");
	cr_assert_str_eq(lk_strerror(-LK_ENOTFOUND), "not found");
	lk_i18n_shared_english(0);
	cr_assert_str_eq(lk_strerror(-LK_ENOTFOUND), "tidak ditemukan");
}

Test(i18n, domain_errors_in_english)
{
	char m[3][600];
	s_messages("en", m);
	cr_assert_str_eq(m[0], "no meeting matches \"deadbeef\"", "%s", m[0]);
	cr_assert_str_eq(m[1], "this meeting is held; it cannot be postponed: a held meeting can only be held again "
	                       "(with its date)");
	cr_assert_str_eq(m[2], "the op names no field");
}
