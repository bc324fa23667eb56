/* fuzz_date: lk_date_parse, lk_time_parse and the date and time field checks (lk_field_check) on any text. */
#include <ctype.h>

#include "fuzz.h"
#include "lk_date.h"
#include "lk_entity.h"

static const struct lk_field s_date = {"day", LK_F_DATE, LK_MERGE_LWW, 0, 0, NULL};
static const struct lk_field s_time = {"at", LK_F_TIME, LK_MERGE_LWW, 0, 0, NULL};

/* Digits where the canonical form has digits, and the separators in place. */
static int s_canonical(const char *s, const char *shape)
{
	size_t n = strlen(shape);
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (shape[i] == '9' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_text(data, size), err[256], out[LK_DATE_STRLEN];
	struct lk_date d, back;
	int parsed = lk_date_parse(text, &d) == 0, secs = -1;
	struct lk_date td;
	int tparsed = lk_time_parse(text, &td, &secs) == 0;
	int date_ok = lk_field_check(&s_date, text, err, sizeof err) == 0;
	int time_ok = lk_field_check(&s_time, text, err, sizeof err) == 0;

	/* The two date checks agree on every non-empty text. */
	/* The two date checks agree on every non-empty text, and so do the two time checks. */
	if (text[0]) {
		FZ_CHECK(parsed == date_ok, "lk_date_parse %d, date field check %d on \"%.40s\"", parsed, date_ok, text);
		FZ_CHECK(tparsed == time_ok, "lk_time_parse %d, time field check %d on \"%.40s\"", tparsed, time_ok,
		         text);
	}
	if (parsed) {
		/* Only the canonical form is a date: stored dates compare and sort as text. */
		FZ_CHECK(s_canonical(text, "9999-99-99"), "accepted \"%.40s\" as a date", text);
		FZ_CHECK(d.y >= 1900 && d.y <= 2200 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
		             d.d <= lk_days_in_month(d.y, d.m),
		         "accepted %d-%d-%d", d.y, d.m, d.d);
		FZ_CHECK(strcmp(lk_date_format(&d, out), text) == 0, "\"%s\" formats as \"%s\"", text, out);
		lk_date_from_days(lk_date_days(&d), &back);
		FZ_CHECK(lk_date_cmp(&d, &back) == 0 && back.y == d.y && back.m == d.m && back.d == d.d,
		         "days round trip of %s", text);
		int wd = lk_date_weekday(&d);
		FZ_CHECK(wd >= 1 && wd <= 7, "weekday %d", wd);
		FZ_CHECK(lk_hari(wd)[0] && lk_bulan(d.m)[0], "no name for weekday %d or month %d", wd, d.m);
		/* A meeting planned on that day of the month stays in the month, on a working day. */
		struct lk_date s = lk_schedule_day(d.y, d.m, d.d, NULL, 0);
		FZ_CHECK(s.y == d.y && s.m == d.m && lk_date_workday(&s, NULL, 0), "schedule of %s left the month",
		         text);
	}
	if (tparsed) {
		/* Only the canonical form is a time, and formatting what was parsed gives the text back. */
		FZ_CHECK(s_canonical(text, "9999-99-99T99:99:99Z"), "accepted \"%.40s\" as a time", text);
		FZ_CHECK(secs >= 0 && secs < 86400, "time \"%s\" is %d seconds into its day", text, secs);
		char again[32];
		snprintf(again, sizeof again, "%sT%02d:%02d:%02dZ", lk_date_format(&td, out), secs / 3600, secs / 60 % 60,
		         secs % 60);
		FZ_CHECK(strcmp(again, text) == 0, "\"%s\" formats as \"%s\"", text, again);
		char day[11];
		memcpy(day, text, 10);
		day[10] = '\0';
		FZ_CHECK(lk_date_parse(day, &d) == 0 && lk_date_cmp(&d, &td) == 0, "time \"%s\" has not its own date",
		         text);
	}
	free(text);
	return 0;
}
