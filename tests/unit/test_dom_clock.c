/* test_dom_clock: "now", "today" and shown times in the office's zone (WIB, WITA, WIT), with a fixed clock. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "invitation.h"
#include "lk_date.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_tz.h"
#include "meeting.h"
#include "office.h"
#include "store.h"

/* An office of the given role and codes, with now fixed at iso. */
static struct dom s_office(const char *role, const char *kab, const char *kec, const char *pusk, const char *iso)
{
	struct dom d;
	memset(&d, 0, sizeof d);
	strcpy(d.office.role, role);
	strcpy(d.office.kabupaten, kab);
	strcpy(d.office.kecamatan, kec);
	strcpy(d.office.puskesmas, pusk);
	cr_assert_eq(lk_utc_parse(iso, &d.now), 0, "%s", iso);
	return d;
}

static const char *s_today(const struct dom *d)
{
	static char buf[LK_DATE_STRLEN];
	struct lk_date t;
	struct dom_err err = {0};
	cr_assert_eq(dom_today(d, &t, &err), 0, "%s", err.msg);
	return lk_date_format(&t, buf);
}

/* A meeting at 07:30 WIT on 3 December is 22:30 UTC on 2 December: the office's day is the 3rd. */
Test(dom_clock, wit_morning_is_that_day)
{
	struct dom d = s_office("puskesmas", "9171", "917101", "P9171010101", "2026-12-02T22:30:00Z");
	const char *zone = NULL;
	cr_assert_eq(dom_zone_name(&d, &zone, NULL), 0);
	cr_assert_str_eq(zone, "Asia/Jayapura");
	cr_assert_str_eq(s_today(&d), "2026-12-03");
	char text[LK_DATE_STRLEN];
	cr_assert_str_eq(dom_today_text(&d, text), "2026-12-03");

	struct lk_local l;
	cr_assert_eq(dom_local(&d, "2026-12-02T22:30:00Z", &l), 0);
	cr_assert_eq(l.date.y, 2026);
	cr_assert_eq(l.date.m, 12);
	cr_assert_eq(l.date.d, 3);
	cr_assert_eq(l.hour, 7);
	cr_assert_eq(l.min, 30);
	cr_assert_eq(l.utcoff, 9 * 3600);
	cr_assert_str_eq(l.abbr, "WIT");

	char when[DOM_WHEN_LEN], utc[24];
	cr_assert_str_eq(dom_when_text(&d, "2026-12-02T22:30:00Z", 0, LK_LANG_ID, when, sizeof when), "07.30 WIT");
	cr_assert_str_eq(dom_when_text(&d, "2026-12-02T22:30:00Z", 1, LK_LANG_ID, when, sizeof when),
	                 "3 Desember 2026 07.30 WIT");
	cr_assert_str_eq(dom_when_text(&d, "2026-12-02T22:30:00Z", 0, LK_LANG_EN, when, sizeof when), "07:30 WIT");
	cr_assert_str_eq(dom_now_utc(&d, utc), "2026-12-02T22:30:00Z", "stored times stay UTC");
	cr_assert_eq(dom_date_of(&d, "2026-12-02T14:59:59Z", text), 0);
	cr_assert_str_eq(text, "2026-12-02", "23:59:59 WIT is still the 2nd");
	cr_assert_eq(dom_date_of(&d, "2026-12-02T15:00:00Z", text), 0);
	cr_assert_str_eq(text, "2026-12-03", "midnight WIT is the 3rd");
	/* Not a timestamp: shown as it is, and refused as a date. */
	cr_assert_str_eq(dom_when_text(&d, "", 1, LK_LANG_ID, when, sizeof when), "-");
	cr_assert_str_eq(dom_when_text(&d, "kemarin", 1, LK_LANG_ID, when, sizeof when), "kemarin");
	cr_assert_eq(dom_date_of(&d, "2026-12-02", text), -LK_EINVAL);
}

/* A letter signed at 23:30 WIB on 30 November is 16:30 UTC, still the 30th everywhere west of WIT. */
Test(dom_clock, wib_late_evening_is_that_day)
{
	struct dom d = s_office("puskesmas", "3324", "332401", "P3324010101", "2026-11-30T16:30:00Z");
	const char *zone = NULL;
	cr_assert_eq(dom_zone_name(&d, &zone, NULL), 0);
	cr_assert_str_eq(zone, "Asia/Jakarta");
	cr_assert_str_eq(s_today(&d), "2026-11-30");
	char when[DOM_WHEN_LEN];
	cr_assert_str_eq(dom_when_text(&d, "2026-11-30T16:30:00Z", 1, LK_LANG_ID, when, sizeof when),
	                 "30 November 2026 23.30 WIB");
	/* Half an hour later the UTC day is still the 30th, the office's day the 1st. */
	d.now += 3600;
	cr_assert_str_eq(s_today(&d), "2026-12-01");
	/* The same instant in Jayapura is already 1 December. */
	struct dom w = s_office("puskesmas", "9171", "917101", "P9171010101", "2026-11-30T16:30:00Z");
	cr_assert_str_eq(s_today(&w), "2026-12-01");
	cr_assert_str_eq(dom_when_text(&w, "2026-11-30T16:30:00Z", 0, LK_LANG_ID, when, sizeof when), "01.30 WIT");
}

/* WITA: 00:30 on a day is 16:30 UTC the day before. District and kecamatan devices use their own codes. */
Test(dom_clock, wita_and_office_kinds)
{
	struct dom d = s_office("dinkes", "7371", "", "", "2026-12-06T16:30:00Z");
	const char *zone = NULL;
	cr_assert_eq(dom_zone_name(&d, &zone, NULL), 0);
	cr_assert_str_eq(zone, "Asia/Makassar");
	cr_assert_str_eq(s_today(&d), "2026-12-07");
	char when[DOM_WHEN_LEN];
	cr_assert_str_eq(dom_when_text(&d, "2026-12-06T16:30:00Z", 1, LK_LANG_ID, when, sizeof when),
	                 "7 Desember 2026 00.30 WITA");
	char shift[32];
	cr_assert_eq(dom_zone_sql_shift(&d, shift, NULL), 0);
	cr_assert_str_eq(shift, "+28800 seconds");

	struct dom k = s_office("kecamatan", "5171", "517101", "", "2026-12-06T16:30:00Z");
	cr_assert_eq(dom_zone_name(&k, &zone, NULL), 0);
	cr_assert_str_eq(zone, "Asia/Makassar", "Denpasar is WITA");
	struct dom j = s_office("kecamatan", "3171", "317101", "", "2026-12-06T16:30:00Z");
	cr_assert_str_eq(s_today(&j), "2026-12-06", "Jakarta is still on the 6th");

	/* An office without a code has no zone: refused, with the reason. */
	struct dom none = s_office("dinkes", "", "", "", "2026-12-06T16:30:00Z");
	struct dom_err err = {0};
	struct lk_date t;
	cr_assert_lt(dom_today(&none, &t, &err), 0);
	cr_assert(strstr(err.msg, "no time zone for office"), "%s", err.msg);
	/* One zone per name for the process: asking twice gives the same one. */
	const struct lk_tz *a = NULL, *b = NULL;
	cr_assert_eq(dom_zone(&d, &a, NULL), 0);
	cr_assert_eq(dom_zone(&k, &b, NULL), 0);
	cr_assert_eq(a, b);
}

/* Without a fixed now the wall clock counts. */
Test(dom_clock, real_clock)
{
	struct dom d = s_office("puskesmas", "3324", "332401", "P3324010101", "2026-11-30T16:30:00Z");
	d.now = 0;
	int64_t t = dom_now(&d);
	cr_assert_gt(t, 1700000000);
	char utc[24];
	cr_assert_eq(strlen(dom_now_utc(&d, utc)), 20);
}

/* ---------------------------------------------------------------- through the domain's operations */

static char s_home[256];

static void s_store(struct dom *d)
{
	char err[512] = "";
	snprintf(s_home, sizeof s_home, "/tmp/lk_dom_clock_XXXXXX");
	cr_assert_not_null(mkdtemp(s_home));
	d->st = lk_store_open(s_home, err, sizeof err);
	cr_assert_not_null(d->st, "open: %s", err);
	d->home = s_home;
	d->device_id = "test-device";
}

static void s_store_close(struct dom *d)
{
	char cmd[400];
	lk_store_close(&d->st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", s_home);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", s_home);
}

static char *s_get(struct dom *d, const char *entity, const char *id, const char *field)
{
	ProtobufCMessage *m = NULL;
	cr_assert_eq(lk_store_get(d->st, lk_entity_find(entity), id, &m), 0);
	char *v = lk_record_get(m, field);
	lk_record_free(m);
	return v;
}

/* A WIT puskesmas marks its December meeting held at 07:30 on the 3rd, without a date;
 * a WIB one drafts its invitation at 23:30 on 30 November. */
Test(dom_clock, held_and_issued_on_the_office_day)
{
	struct dom d = s_office("puskesmas", "9171", "917101", "P9171010101", "2026-12-02T22:30:00Z");
	struct dom_err err = {0};
	struct dom_meeting *rows = NULL, after;
	size_t n = 0;
	s_store(&d);
	struct dom_meeting_plan_in in = {.year = 2026, .day = 3, .month_in_quarter = 1};
	cr_assert_eq(dom_meeting_plan(&d, &in, &rows, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 12);
	char dec[40];
	strcpy(dec, rows[11].id);
	free(rows);
	struct dom_meeting_change_in held = {dec, "held", "", NULL};
	cr_assert_eq(dom_meeting_change(&d, &held, &after, &err), 0, "%s", err.msg);
	cr_assert_str_eq(after.held, "2026-12-03");
	char *v = s_get(&d, "meeting", dec, "held_date");
	cr_assert_str_eq(v, "2026-12-03");
	free(v);

	/* The same store as a WIB office with its own year, at 23:30 WIB on 30 November. */
	strcpy(d.office.kabupaten, "3324");
	strcpy(d.office.kecamatan, "332401");
	strcpy(d.office.puskesmas, "P3324010101");
	cr_assert_eq(dom_meeting_plan(&d, &in, &rows, &n, &err), 0, "%s", err.msg);
	strcpy(dec, rows[11].id);
	free(rows);
	cr_assert_eq(lk_utc_parse("2026-11-30T16:30:00Z", &d.now), 0);
	struct dom_invitation_draft_in di = {.meeting_id = dec, .number = "005/123/PKM"};
	struct dom_invitation_draft_out dout;
	cr_assert_eq(dom_invitation_draft(&d, &di, &dout, &err), 0, "%s", err.msg);
	v = s_get(&d, "invitation", dout.id, "issued_date");
	cr_assert_str_eq(v, "2026-11-30");
	free(v);
	v = s_get(&d, "invitation", dout.id, "document");
	cr_assert(strstr(v, "\ntanggal: 2026-11-30\ntempat_tanggal: ") && strstr(v, " 30 November 2026\n") && strstr(v, "\nhari_tanggal: Kamis, 3 Desember 2026\n"), "%s", v);
	free(v);
	s_store_close(&d);
}

/* The office profile's own zone wins over the region's: a WIB-coded puskesmas that
 * records WITA (a border office keeping its neighbours' clock) has 00:30 WITA as the next day. */
Test(dom_clock, office_profile_zone_overrides_the_region)
{
	struct dom d = s_office("puskesmas", "3324", "332401", "P3324010101", "2026-11-30T16:30:00Z");
	struct dom_err err = {0};
	s_store(&d);
	const char *zone = NULL;
	cr_assert_eq(dom_zone_name(&d, &zone, NULL), 0);
	cr_assert_str_eq(zone, "Asia/Jakarta");
	cr_assert_str_eq(s_today(&d), "2026-11-30");
	const struct dom_office_field f[] = {{"unit_name", "UPTD PUSKESMAS KALIWUNGU"}, {"time_zone", "WITA"}};
	cr_assert_eq(dom_office_set(&d, "P3324010101", f, 2, &err), 0, "%s", err.msg);
	cr_assert_eq(dom_zone_name(&d, &zone, NULL), 0);
	cr_assert_str_eq(zone, "Asia/Makassar");
	cr_assert_str_eq(s_today(&d), "2026-12-01");
	/* Back to the region's zone when the override is cleared. */
	const struct dom_office_field g[] = {{"time_zone", ""}};
	cr_assert_eq(dom_office_set(&d, "P3324010101", g, 1, &err), 0, "%s", err.msg);
	cr_assert_eq(dom_zone_name(&d, &zone, NULL), 0);
	cr_assert_str_eq(zone, "Asia/Jakarta");
	s_store_close(&d);
}
