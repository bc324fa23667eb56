/* test_dom_achievement: the achievement, to-do and report operations of the domain over a temporary store; no server. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capaian_entry.h"
#include "capaian_gap.h"
#include "conflicts.h"
#include "dom.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "lkt_store.h"
#include "lokmin.pb-c.h"
#include "record_ops.h"
#include "reports.h"
#include "signer.h"
#include "store.h"
#include "todo.h"

#define PKM "P3324010101"

static char s_home[256];
static struct dom s_d;

static void s_catalogue(lk_store *st)
{
	Lokmin__Indicator k1 = LOKMIN__INDICATOR__INIT, pr = LOKMIN__INDICATOR__INIT;
	k1.code = "KIA_K1";
	k1.programme_code = "KIA";
	k1.name = "Kunjungan pertama ibu hamil";
	k1.unit = "persen";
	k1.default_annual_target = 100;
	k1.accrual = "cumulative";
	pr.code = "PROMKES_PENYULUHAN";
	pr.programme_code = "PROMKES";
	pr.name = "Penyuluhan kelompok";
	pr.unit = "jumlah";
	pr.default_annual_target = 48;
	pr.accrual = "cumulative";
	Lokmin__Indicator *v[] = {&k1, &pr};
	Lokmin__CatalogueReply c = LOKMIN__CATALOGUE_REPLY__INIT;
	c.digest = "test";
	c.n_indicators = 2;
	c.indicators = v;
	cr_assert_eq(lk_store_catalogue_put(st, &c), 0, "%s", lk_store_error(st));
}

static void s_setup(void)
{
	memset(&s_d, 0, sizeof s_d);
	s_d.st = lkt_store_open_temp("dom_ach", s_home, sizeof s_home);
	cr_assert_eq(signer_sql_register(s_d.st), 0);
	s_d.office = (struct dom_office){"puskesmas", "3324", "332401", PKM};
	s_d.home = s_home;
	s_d.device_id = "dev-test";
	s_catalogue(s_d.st);
}

static void s_teardown(void)
{
	lkt_store_close_temp(&s_d.st, s_home);
}

TestSuite(dom_achievement, .init = s_setup, .fini = s_teardown);

/* ---------------------------------------------------------------- helpers */

static int s_first_col(const char *const *r, int ncol, void *arg)
{
	(void)ncol;
	lk_strlcpy(arg, r[0] ? r[0] : "", 200);
	return 0;
}

/* The first column of the first row of sql (one parameter, or none), as text. */
static void s_scalar(const char *sql, const char *param, char out[200])
{
	const char *p[1] = {param};
	out[0] = '\0';
	cr_assert_eq(lk_store_query(s_d.st, sql, p, param ? 1 : 0, s_first_col, out), 0, "%s: %s", sql,
	             lk_store_error(s_d.st));
}

static long s_count(const char *sql)
{
	char v[200];
	s_scalar(sql, NULL, v);
	return atol(v);
}

static FILE *s_sheet(const char *text)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	cr_assert_not_null(f);
	return f;
}

/* ---------------------------------------------------------------- capaian */

Test(dom_achievement, capaian_set_writes_the_month_and_refuses_what_breaks_a_rule)
{
	struct dom_err err;
	char id[40], v[200];
	struct dom_capaian_set_in in = {"KIA_K1", 2036, 3, "", 30, 600, "kelas ibu"};
	cr_assert_eq(dom_capaian_set(&s_d, &in, id, &err), 0, "%s", err.msg);
	s_scalar("SELECT numerator || '/' || denominator || ' ' || note || ' ' || month FROM achievement WHERE id = ?1",
	         id, v);
	cr_assert_str_eq(v, "30.0/600.0 kelas ibu 3");
	s_scalar("SELECT puskesmas_code FROM achievement WHERE id = ?1", id, v);
	cr_assert_str_eq(v, PKM);

	/* The same month again replaces the figures (a derived id, not a second row). */
	char id2[40];
	in.numerator = 40;
	in.note = NULL;
	cr_assert_eq(dom_capaian_set(&s_d, &in, id2, &err), 0, "%s", err.msg);
	cr_assert_str_eq(id, id2);
	cr_assert_eq(s_count("SELECT count(*) FROM achievement"), 1);
	s_scalar("SELECT numerator || ' ' || note FROM achievement WHERE id = ?1", id, v);
	cr_assert_str_eq(v, "40.0 kelas ibu");

	/* More served than the sasaran, an unknown indicator, a month outside the year. */
	struct dom_capaian_set_in over = {"KIA_K1", 2036, 4, "", 700, 600, NULL};
	cr_assert_eq(dom_capaian_set(&s_d, &over, id, &err), -LK_EINVAL);
	cr_assert(strstr(err.msg, "numerator 700 is above denominator 600"), "%s", err.msg);
	struct dom_capaian_set_in unknown = {"KIA_K77", 2036, 4, "", 5, 600, NULL};
	cr_assert_eq(dom_capaian_set(&s_d, &unknown, id, &err), -LK_EINVAL);
	cr_assert_str_eq(err.msg, "unknown indicator KIA_K77 (see `lokmin capaian indicators`)");
	struct dom_capaian_set_in month13 = {"KIA_K1", 2036, 13, "", 5, 600, NULL};
	cr_assert_eq(dom_capaian_set(&s_d, &month13, id, &err), -LK_EINVAL);
	cr_assert_str_eq(err.msg, "month 13 is outside 1-12");
	/* The year so far: 40 + 570 served of a sasaran of 600 is a cumulative figure entered as a month. */
	struct dom_capaian_set_in cumul = {"KIA_K1", 2036, 4, "", 570, 600, NULL};
	cr_assert_eq(dom_capaian_set(&s_d, &cumul, id, &err), -LK_EINVAL);
	cr_assert(strstr(err.msg, "the year's total 610 would be above the sasaran 600"), "%s", err.msg);
	cr_assert_eq(s_count("SELECT count(*) FROM achievement"), 1, "nothing refused was written");

	/* A camat's office device enters no achievement. */
	struct dom camat = s_d;
	camat.office = (struct dom_office){"kecamatan", "3324", "332401", ""};
	cr_assert_eq(dom_capaian_set(&camat, &in, id, &err), -LK_EPERM);
	cr_assert(strstr(err.msg, "entered by a puskesmas device"), "%s", err.msg);
}

Test(dom_achievement, capaian_target_replaces_the_catalogue_default)
{
	struct dom_err err;
	char id[40], again[40], v[200];
	struct dom_capaian_target_in in = {"KIA_K1", 2036, 60, 600};
	cr_assert_eq(dom_capaian_target(&s_d, &in, id, &err), 0, "%s", err.msg);
	s_scalar("SELECT annual_target || ' ' || sasaran || ' ' || year || ' ' || puskesmas_code FROM indicator_target"
	         " WHERE id = ?1", id, v);
	cr_assert_str_eq(v, "60.0 600.0 2036 " PKM);
	in.annual = 80;
	cr_assert_eq(dom_capaian_target(&s_d, &in, again, &err), 0, "%s", err.msg);
	cr_assert_str_eq(id, again);
	cr_assert_eq(s_count("SELECT count(*) FROM indicator_target"), 1);
	s_scalar("SELECT annual_target FROM indicator_target WHERE id = ?1", id, v);
	cr_assert_str_eq(v, "80.0");
	struct dom_capaian_target_in bad = {"KIA_K99", 2036, 60, 0};
	cr_assert_eq(dom_capaian_target(&s_d, &bad, id, &err), -LK_ENOTFOUND);
	cr_assert(strstr(err.msg, "unknown indicator KIA_K99"), "%s", err.msg);
}

Test(dom_achievement, capaian_import_is_all_or_nothing)
{
	struct dom_capaian_import_out out;
	struct dom_err err;
	FILE *f = s_sheet("indicator,year,month,desa,numerator,denominator,note\n"
	                  "KIA_K1,2036,1,,30,600,\n"
	                  "KIA_K1,2036,2,,30,600,\n"
	                  "KIA_K1,2036,3,,30,600,\"kelas ibu, posyandu\"\n"
	                  "PROMKES_PENYULUHAN,2036,3,,,,\n");
	cr_assert_eq(dom_capaian_import(&s_d, f, "good.csv", &out, &err), 0, "%s", err.msg);
	fclose(f);
	cr_assert_eq(out.written, 3);
	cr_assert_eq(out.skipped, 1);
	cr_assert_eq(out.year, 2036);
	cr_assert_eq(out.nrefused, 0);
	dom_capaian_import_free(&out);
	cr_assert_eq(s_count("SELECT count(*) FROM achievement WHERE deleted = 0"), 3);
	cr_assert_eq(s_count("SELECT sum(numerator) FROM achievement WHERE indicator_code = 'KIA_K1'"), 90);
	char v[200];
	s_scalar("SELECT note FROM achievement WHERE month = 3", NULL, v);
	cr_assert_str_eq(v, "kelas ibu, posyandu");

	/* A good row and a bad one: the bad one is named, and neither is written. */
	f = s_sheet("indicator,year,month,desa,numerator,denominator\n"
	            "KIA_K1,2036,4,,30,600\n"
	            "KIA_K1,2036,5,,lima,600\n"
	            "KIA_K1,2037,6,,5,600\n");
	cr_assert_eq(dom_capaian_import(&s_d, f, "bad.csv", &out, &err), -LK_EINVAL);
	fclose(f);
	cr_assert_str_eq(err.msg, "2 rows refused; nothing was imported");
	cr_assert_eq(out.nrefused, 2);
	cr_assert_eq(out.refused[0].row, 3);
	cr_assert(strstr(out.refused[0].why, "numerator \"lima\""), "%s", out.refused[0].why);
	cr_assert_eq(out.refused[1].row, 4);
	cr_assert_str_eq(out.refused[1].why, "year 2037 is not 2036; import one year per file");
	cr_assert_eq(out.written, 0);
	dom_capaian_import_free(&out);
	cr_assert_eq(s_count("SELECT count(*) FROM achievement"), 3, "the good row 2 was not written either");
	cr_assert_eq(s_count("SELECT count(*) FROM achievement WHERE month = 4"), 0);

	/* A sheet without the columns it needs. */
	f = s_sheet("kode,bulan\nKIA_K1,4\n");
	cr_assert_eq(dom_capaian_import(&s_d, f, "plain.csv", &out, &err), -LK_EINVAL);
	fclose(f);
	cr_assert_eq(out.nrefused, 1);
	cr_assert_eq(out.refused[0].row, 0);
	cr_assert(strstr(out.refused[0].why, "plain.csv: the first line must name the columns"), "%s",
	          out.refused[0].why);
	dom_capaian_import_free(&out);
}

/* ---------------------------------------------------------------- reports */

struct captured {
	char k1[4][40]; /* the KIA_K1 row of the ranking: achieved, target to date, % of target, grade */
	int tables;
};

static int s_capture(const struct report_args *a, struct rtable **tables, size_t n, const char *title,
                     const char *subtitle, void (*draw)(FILE *f, void *arg), void *arg)
{
	struct captured *c = a->front;
	(void)title;
	(void)subtitle;
	(void)draw;
	(void)arg;
	c->tables = (int)n;
	const struct rtable *rank = tables[1];
	for (size_t r = 0; r < rank->nrows; r++)
		if (!strcmp(rtable_get(rank, r, 0), "KIA_K1") && !strcmp(rtable_get(rank, r, 2), PKM)) {
			lk_strlcpy(c->k1[0], rtable_get(rank, r, 3), sizeof c->k1[0]);
			lk_strlcpy(c->k1[1], rtable_get(rank, r, 4), sizeof c->k1[1]);
			lk_strlcpy(c->k1[2], rtable_get(rank, r, 5), sizeof c->k1[2]);
			lk_strlcpy(c->k1[3], rtable_get(rank, r, 7), sizeof c->k1[3]);
		}
	return 0;
}

Test(dom_achievement, coverage_is_computed_from_the_months_entered)
{
	struct dom_capaian_import_out out;
	struct dom_err err;
	FILE *f = s_sheet("indicator,year,month,numerator,denominator\n"
	                  "KIA_K1,2036,1,30,600\nKIA_K1,2036,2,30,600\nKIA_K1,2036,3,30,600\n"
	                  "PROMKES_PENYULUHAN,2036,1,3,\nPROMKES_PENYULUHAN,2036,2,3,\nPROMKES_PENYULUHAN,2036,3,3,\n");
	cr_assert_eq(dom_capaian_import(&s_d, f, "sheet.csv", &out, &err), 0, "%s", err.msg);
	fclose(f);
	dom_capaian_import_free(&out);

	/* 90 of 600 = 15%; a target of 100% a year is 25% by March: 60% of it, red. */
	char text[200];
	cr_assert_eq(capaian_gap_of(s_d.st, PKM, "KIA_K1", 2036, 3, text, sizeof text), 0);
	cr_assert_str_eq(text, "15,0% dari target 25,0% s.d. Maret (60% dari target, merah)");
	/* 9 sessions of 48 a year: 12 by March, 75%. */
	cr_assert_eq(capaian_gap_of(s_d.st, PKM, "PROMKES_PENYULUHAN", 2036, 3, text, sizeof text), 0);
	cr_assert_str_eq(text, "9,0 dari target 12,0 s.d. Maret (75% dari target, merah)");

	/* The district's coverage report, as of the end of March. */
	struct captured c;
	memset(&c, 0, sizeof c);
	struct report_args a;
	memset(&a, 0, sizeof a);
	a.year = 2036;
	lk_strlcpy(a.as_of, "2036-03-31", sizeof a.as_of);
	a.grading = (struct lk_grading){100, 80};
	a.front = &c;
	a.emit = s_capture;
	cr_assert_eq(report_coverage(&s_d, &a), 0);
	cr_assert_eq(c.tables, 3);
	cr_assert_str_eq(c.k1[0], "15.0%");
	cr_assert_str_eq(c.k1[1], "25.0%");
	cr_assert_str_eq(c.k1[2], "60.0");
	cr_assert_str_eq(c.k1[3], "red");
	/* With yellow from 50%, the same figures are yellow. */
	a.grading = (struct lk_grading){100, 50};
	memset(&c, 0, sizeof c);
	cr_assert_eq(report_coverage(&s_d, &a), 0);
	cr_assert_str_eq(c.k1[3], "yellow");
}

/* ---------------------------------------------------------------- to-do */

Test(dom_achievement, todo_lists_the_overdue_rtl_and_the_meeting_without_minutes)
{
	char feb[LK_UUID_STRLEN], rtl[LK_UUID_STRLEN], mar[LK_UUID_STRLEN];
	lkt_rec(s_d.st, "meeting", feb, "kind", "monthly", "year", "2036", "period", "2", "planned_date", "2036-02-10",
	        "held_date", "2036-02-10", "status", "held", NULL);
	lkt_rec(s_d.st, "rtl", rtl, "meeting_id", feb, "activity", "Sweeping K1", "due_date", "2036-02-20", "status",
	        "open", "owner_puskesmas", PKM, NULL);
	/* A meeting of May is not soon, and needs nothing yet. */
	lkt_rec(s_d.st, "meeting", mar, "kind", "monthly", "year", "2036", "period", "5", "planned_date", "2036-05-10",
	        "status", "planned", NULL);

	struct dom_todos t;
	struct dom_err err;
	struct dom_todo_in in = {"2036-03-01", TODO_DAYS};
	cr_assert_eq(dom_todo_list(&s_d, &in, &t, &err), 0, "%s", err.msg);
	cr_assert_eq(t.n, 3);
	/* By day, then kind: the held meeting's invitation and minutes, then the RTL item. */
	cr_assert_str_eq(t.v[0].kind, "invitation_unsigned");
	cr_assert_str_eq(t.v[0].what, "no invitation on record; the meeting was held");
	cr_assert_str_eq(t.v[1].kind, "minutes_unsigned");
	cr_assert_str_eq(t.v[1].what, "no minutes yet for the meeting held 2036-02-10");
	cr_assert_str_eq(t.v[1].id, feb);
	cr_assert_eq(t.v[1].id_kind, DOM_MEETING);
	cr_assert_str_eq(t.v[1].date, "2036-02-10");
	cr_assert_str_eq(t.v[1].office, PKM);
	cr_assert_str_eq(t.v[2].kind, "rtl_overdue");
	cr_assert_str_eq(t.v[2].what, "RTL 10 days overdue (open): Sweeping K1");
	cr_assert_str_eq(t.v[2].id, rtl);
	cr_assert_eq(t.v[2].id_kind, DOM_RTL);
	dom_todos_free(&t);

	/* Before the due day, the RTL item is not overdue. */
	in.as_of = "2036-02-20";
	cr_assert_eq(dom_todo_list(&s_d, &in, &t, &err), 0, "%s", err.msg);
	cr_assert_eq(t.n, 2);
	for (size_t i = 0; i < t.n; i++)
		cr_assert_str_neq(t.v[i].kind, "rtl_overdue");
	dom_todos_free(&t);

	/* Another puskesmas' device sees none of it. */
	struct dom other = s_d;
	lk_strlcpy(other.office.puskesmas, "P3324010102", sizeof other.office.puskesmas);
	in.as_of = "2036-03-01";
	cr_assert_eq(dom_todo_list(&other, &in, &t, &err), 0, "%s", err.msg);
	cr_assert_eq(t.n, 0);
	dom_todos_free(&t);
}

/* ---------------------------------------------------------------- records and conflicts */

Test(dom_achievement, record_put_and_delete_check_the_fields)
{
	struct dom_err err;
	char id[40], again[40], v[200];
	const struct lk_entity *e = lk_entity_find("meeting");
	struct dom_field_value f[] = {{"kind", "monthly"}, {"year", "2036"}, {"period", "4"}, {"status", "planned"}};
	struct dom_record_put_in in = {e, NULL, f, 4};
	cr_assert_eq(dom_record_put(&s_d, &in, id, &err), 0, "%s", err.msg);
	s_scalar("SELECT period || ' ' || puskesmas_code FROM meeting WHERE id = ?1", id, v);
	cr_assert_str_eq(v, "4 " PKM);
	struct dom_field_value place[] = {{"place", "Aula"}};
	struct dom_record_put_in edit = {e, id, place, 1};
	cr_assert_eq(dom_record_put(&s_d, &edit, again, &err), 0, "%s", err.msg);
	cr_assert_str_eq(again, id);
	s_scalar("SELECT place FROM meeting WHERE id = ?1", id, v);
	cr_assert_str_eq(v, "Aula");

	struct dom_field_value nofield[] = {{"colour", "red"}};
	struct dom_record_put_in bad = {e, id, nofield, 1};
	cr_assert_eq(dom_record_put(&s_d, &bad, again, &err), -LK_EINVAL);
	cr_assert(strstr(err.msg, "meeting has no field \"colour\"; its fields: kind year period"), "%s", err.msg);
	struct dom_field_value moved[] = {{"puskesmas", "P3324010102"}};
	struct dom_record_put_in move = {e, id, moved, 1};
	cr_assert_eq(dom_record_put(&s_d, &move, again, &err), -LK_EINVAL);
	cr_assert_str_eq(err.msg, "puskesmas cannot change on an existing record");
	struct dom_field_value period[] = {{"period", "14"}};
	struct dom_record_put_in p14 = {e, id, period, 1};
	cr_assert_neq(dom_record_put(&s_d, &p14, again, &err), 0);
	cr_assert(strstr(err.msg, "period must be 1-12"), "%s", err.msg);

	int already = -1;
	cr_assert_eq(dom_record_delete(&s_d, e, id, &already, &err), 0, "%s", err.msg);
	cr_assert_eq(already, 0);
	s_scalar("SELECT deleted FROM meeting WHERE id = ?1", id, v);
	cr_assert_str_eq(v, "1");
	cr_assert_eq(dom_record_delete(&s_d, e, id, &already, &err), 0);
	cr_assert_eq(already, 1);
	cr_assert(strstr(err.msg, "is already deleted"), "%s", err.msg);
	ProtobufCMessage *rec = NULL;
	cr_assert_eq(dom_record_get(&s_d, e, "01900000-0000-7000-8000-000000000000", &rec, &err), -LK_ENOTFOUND);
	cr_assert_str_eq(err.msg, "there is no meeting 01900000-0000-7000-8000-000000000000 on this device");
}

Test(dom_achievement, conflict_resolution_writes_the_value_and_settles_it)
{
	struct dom_err err;
	char m[LK_UUID_STRLEN], c[LK_UUID_STRLEN], v[200];
	lkt_rec(s_d.st, "meeting", m, "kind", "monthly", "year", "2036", "period", "4", "status", "planned", "notes",
	        "dari TU", NULL);
	/* Conflicts are the server's: this one comes as a pulled change. */
	const struct lk_entity *ce = lk_entity_find("conflict");
	ProtobufCMessage *cf = lk_record_new(ce);
	lk_uuid u;
	lk_uuid_v7(&u);
	lk_uuid_format(&u, c);
	static const char *const kv[][2] = {{"rev", "1"},        {"kabupaten", "3324"}, {"record_entity", "meeting"},
	                                    {"field", "notes"},  {"kind", "narrative"}, {"server_value", "dari TU"},
	                                    {"client_value", "dari notulis"}};
	cr_assert_eq(lk_record_set(cf, "id", c), 0);
	cr_assert_eq(lk_record_set(cf, "record_id", m), 0);
	for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
		cr_assert_eq(lk_record_set(cf, kv[i][0], kv[i][1]), 0, "%s", kv[i][0]);
	Lokmin__Change ch = LOKMIN__CHANGE__INIT;
	ch.seq = 1;
	ch.entity = "conflict";
	cr_assert_eq(lk_record_encode(cf, &ch.record.data, &ch.record.len), 0);
	const Lokmin__Change *const page[1] = {&ch};
	char why[256] = "";
	cr_assert_eq(lk_store_apply_page(s_d.st, page, 1, 1, NULL, why, sizeof why), 0, "%s", why);
	free(ch.record.data);
	lk_record_free(cf);
	struct dom_conflict_resolve_in in = {c, "other", NULL};
	struct dom_conflict_resolve_out out;
	cr_assert_eq(dom_conflict_resolve(&s_d, &in, &out, &err), 0, "%s", err.msg);
	cr_assert_str_eq(out.entity, "meeting");
	cr_assert_str_eq(out.field, "notes");
	cr_assert_str_eq(out.resolution, "kept the other version");
	s_scalar("SELECT notes FROM meeting WHERE id = ?1", m, v);
	cr_assert_str_eq(v, "dari notulis");
	s_scalar("SELECT resolved || ' ' || resolution FROM sync_conflict WHERE id = ?1", c, v);
	cr_assert_str_eq(v, "1 kept the other version");
	struct dom_conflict_resolve_in none = {"01900000-0000-7000-8000-000000000000", "server", NULL};
	cr_assert_eq(dom_conflict_resolve(&s_d, &none, &out, &err), -LK_ENOTFOUND);
	cr_assert(strstr(err.msg, "no conflict 01900000-0000-7000-8000-000000000000 on this device"), "%s", err.msg);
}
