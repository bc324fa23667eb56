/* test_dom_meeting: unit tests of the meeting, staff, material and attendance domain over a temporary store. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attendance.h"
#include "lk_date.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lkt_store.h"
#include "material.h"
#include "meeting.h"
#include "staff.h"
#include "store.h"

static char s_home[256];
static struct dom s_d;

static void s_setup(void)
{
	memset(&s_d, 0, sizeof s_d);
	s_d.st = lkt_store_open_temp("dom_meeting", s_home, sizeof s_home);
	strcpy(s_d.office.role, "puskesmas");
	strcpy(s_d.office.kabupaten, "3324");
	strcpy(s_d.office.kecamatan, "332401");
	strcpy(s_d.office.puskesmas, "P3324010101");
	s_d.home = s_home;
	s_d.device_id = "test-device";
}

static void s_teardown(void)
{
	lkt_store_close_temp(&s_d.st, s_home);
}

TestSuite(dom_meeting, .init = s_setup, .fini = s_teardown);

/* ---------------------------------------------------------------- helpers */

struct s_count {
	const char *meeting; /* NULL: every row */
	int n;
};

static int s_count_row(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct s_count *c = arg;
	(void)e;
	if (lk_record_deleted(m))
		return 0;
	if (c->meeting) {
		char *mid = lk_record_get(m, "meeting_id");
		int mine = !strcmp(mid, c->meeting);
		free(mid);
		if (!mine)
			return 0;
	}
	c->n++;
	return 0;
}

/* Rows of entity (of meeting, when given) in the store. */
static int s_count(const char *entity, const char *meeting)
{
	struct s_count c = {meeting, 0};
	cr_assert_geq(lk_store_list(s_d.st, lk_entity_find(entity), s_count_row, &c), 0);
	return c.n;
}

/* Plan year's monthly meetings; the id of period into id (when given). */
static void s_plan(int year, int period, char id[40])
{
	struct dom_meeting_plan_in in = {.year = year, .day = 3, .month_in_quarter = 1};
	struct dom_meeting *rows = NULL;
	struct dom_err err = {0};
	size_t n = 0;
	cr_assert_eq(dom_meeting_plan(&s_d, &in, &rows, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 12);
	if (id)
		strcpy(id, rows[period - 1].id);
	free(rows);
}

static void s_person(const char *name, const char *role, const char *programmes, char id[40])
{
	struct dom_staff_in in = {.name = name, .role = role, .programmes = programmes, .title = "Pengelola"};
	struct dom_err err = {0};
	cr_assert_eq(dom_staff_add(&s_d, &in, id, &err), 0, "%s", err.msg);
}

/* The refusal of a call: its code and a part of its message. */
#define REFUSED(call, want, part)                                                                  \
	do {                                                                                           \
		struct dom_err e_ = {0};                                                                   \
		struct dom_err *err_ = &e_;                                                                \
		int rc_ = (call);                                                                          \
		cr_assert_eq(rc_, (want), "%s: %d (%s)", #call, rc_, e_.msg);                              \
		cr_assert(strstr(e_.msg, (part)), "\"%s\" does not say \"%s\"", e_.msg, (part));           \
		cr_assert_eq(e_.code, (want));                                                             \
	} while (0)

/* ---------------------------------------------------------------- plan and list */

Test(dom_meeting, plan_a_year_once)
{
	struct dom_meeting_plan_in in = {.year = 2030, .day = 3, .month_in_quarter = 1};
	struct dom_meeting *rows = NULL;
	struct dom_err err = {0};
	size_t n = 0;
	cr_assert_eq(dom_meeting_plan(&s_d, &in, &rows, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 12);
	cr_assert_str_eq(rows[0].kind, "monthly", "a puskesmas plans monthly meetings");
	cr_assert_eq(rows[0].team_building, 1);
	cr_assert_eq(rows[1].team_building, 0);
	cr_assert_str_eq(rows[0].title, "Lokakarya Mini Bulanan Januari 2030 (Penggalangan Tim)");
	/* 3 January 2030 is a Thursday: the day stays. */
	cr_assert_str_eq(rows[0].planned, "2030-01-03");
	lkt_field_is(s_d.st, "meeting", rows[0].id, "status", "planned");
	lkt_field_is(s_d.st, "meeting", rows[0].id, "puskesmas", "P3324010101");
	lkt_field_is(s_d.st, "meeting", rows[11].id, "period", "12");
	cr_assert_eq(s_count("meeting", NULL), 12);
	free(rows);

	/* The same year again is refused and writes nothing. */
	cr_assert_eq(dom_meeting_plan(&s_d, &in, &rows, &n, &err), -LK_EEXIST);
	cr_assert(strstr(err.msg, "12 monthly meetings of 2030 are already on this device"), "%s", err.msg);
	cr_assert_null(rows);
	cr_assert_eq(s_count("meeting", NULL), 12);

	/* Out of range: refused before anything is read. */
	struct dom_meeting_plan_in bad = {.year = 1999, .day = 3, .month_in_quarter = 1};
	REFUSED(dom_meeting_plan(&s_d, &bad, &rows, &n, err_), -LK_EINVAL, "--year (2000-2100)");
	struct dom_meeting_plan_in badkind = {.kind = "weekly", .year = 2031, .day = 3, .month_in_quarter = 1};
	REFUSED(dom_meeting_plan_check(&s_d, &badkind, err_), -LK_EINVAL, "--kind monthly or quarterly");
	cr_assert_eq(s_count("meeting", NULL), 12);

	/* The camat's office plans the quarterly lokmin, for the kecamatan. */
	strcpy(s_d.office.role, "kecamatan");
	strcpy(s_d.office.puskesmas, "");
	cr_assert_eq(dom_meeting_plan(&s_d, &in, &rows, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 4);
	cr_assert_str_eq(rows[0].kind, "quarterly");
	lkt_field_is(s_d.st, "meeting", rows[3].id, "puskesmas", "");
	free(rows);

	/* A camat's office's own schedule is its quarters, not the puskesmas' meetings it holds for the agenda;
	 * the whole list (the cli's, found by name) still holds both. */
	cr_assert_eq(dom_meeting_list_own(&s_d, 2030, "2030-02-15", &rows, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 4);
	for (size_t i = 0; i < n; i++)
		cr_assert_str_eq(rows[i].kind, "quarterly");
	free(rows);
	cr_assert_eq(dom_meeting_list(&s_d, 2030, "2030-02-15", &rows, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 16);
	free(rows);

	/* The list: by kind then date, with the state as of a day given (a district device holds both). */
	strcpy(s_d.office.role, "dinkes");
	cr_assert_eq(dom_meeting_list(&s_d, 2030, "2030-02-15", &rows, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 16);
	cr_assert_str_eq(rows[0].kind, "monthly");
	cr_assert_str_eq(rows[0].state, "missed", "January was planned and not held by mid-February");
	cr_assert_str_eq(rows[2].state, "upcoming");
	cr_assert_str_eq(rows[12].kind, "quarterly");
	free(rows);
	cr_assert_eq(dom_meeting_list(&s_d, 2031, NULL, &rows, &n, &err), 0);
	cr_assert_eq(n, 0);
	free(rows);
}

/* ---------------------------------------------------------------- status */

Test(dom_meeting, status_moves_as_the_rule_allows)
{
	char mar[40], dec[40];
	struct dom_meeting after;
	struct dom_err err = {0};
	s_plan(2030, 3, mar);
	struct dom_meeting *rows = NULL;
	size_t n = 0;
	cr_assert_eq(dom_meeting_list(&s_d, 2030, NULL, &rows, &n, &err), 0);
	strcpy(dec, rows[11].id);
	free(rows);

	/* Postponing needs a reason, and a date within the meeting's year. */
	struct dom_meeting_change_in noreason = {mar, "postponed", "2030-03-17", ""};
	REFUSED(dom_meeting_change(&s_d, &noreason, &after, err_), -LK_EINVAL,
	        "say why with --reason: a postponed meeting needs its reason on record");
	struct dom_meeting_change_in nextyear = {mar, "postponed", "2031-01-05", "Banjir"};
	REFUSED(dom_meeting_change(&s_d, &nextyear, &after, err_), -LK_EINVAL, "within the meeting's year 2030");
	lkt_field_is(s_d.st, "meeting", mar, "status", "planned");
	cr_assert_eq(s_count("meeting_event", mar), 0, "a refusal writes no history");

	struct dom_meeting_change_in pp = {mar, "postponed", "2030-03-17", "Bertepatan dengan BIAS"};
	cr_assert_eq(dom_meeting_change(&s_d, &pp, &after, &err), 0, "%s", err.msg);
	cr_assert_str_eq(after.status, "postponed");
	cr_assert_str_eq(after.planned, "2030-03-17");
	lkt_field_is(s_d.st, "meeting", mar, "status_reason", "Bertepatan dengan BIAS");
	cr_assert_eq(s_count("meeting_event", mar), 1);

	struct dom_meeting_change_in held = {mar, "held", "2030-03-17", NULL};
	cr_assert_eq(dom_meeting_change(&s_d, &held, &after, &err), 0, "%s", err.msg);
	lkt_field_is(s_d.st, "meeting", mar, "held_date", "2030-03-17");
	lkt_field_is(s_d.st, "meeting", mar, "status", "held");

	/* Held stays held: it can be held again (another date), not postponed or cancelled. */
	REFUSED(dom_meeting_change(&s_d, &pp, &after, err_), -LK_EINVAL,
	        "this meeting is held; it cannot be postponed");
	struct dom_meeting_change_in cancel_held = {mar, "cancelled", NULL, "Banjir"};
	REFUSED(dom_meeting_change(&s_d, &cancel_held, &after, err_), -LK_EINVAL, "it cannot be cancelled");
	struct dom_meeting_change_in held_again = {mar, "held", "2030-03-18", NULL};
	cr_assert_eq(dom_meeting_change(&s_d, &held_again, &after, &err), 0, "%s", err.msg);
	cr_assert_str_eq(after.held, "2030-03-18");
	struct dom_meeting_change_in held_bad = {mar, "held", "18 Maret", NULL};
	REFUSED(dom_meeting_change(&s_d, &held_bad, &after, err_), -LK_EINVAL, "--date needs a date");

	/* Cancelled is final. */
	struct dom_meeting_change_in cancel_noreason = {dec, "cancelled", NULL, NULL};
	REFUSED(dom_meeting_change(&s_d, &cancel_noreason, &after, err_), -LK_EINVAL, "--reason");
	struct dom_meeting_change_in cancel = {dec, "cancelled", NULL, "Digabung dengan evaluasi tahunan"};
	cr_assert_eq(dom_meeting_change(&s_d, &cancel, &after, &err), 0, "%s", err.msg);
	struct dom_meeting_change_in held_dec = {dec, "held", "2030-12-03", NULL};
	REFUSED(dom_meeting_change(&s_d, &held_dec, &after, err_), -LK_EINVAL,
	        "this meeting is cancelled; it cannot be held");
	struct dom_meeting_change_in pp_dec = {dec, "postponed", "2030-12-20", NULL};
	REFUSED(dom_meeting_change(&s_d, &pp_dec, &after, err_), -LK_EINVAL, "this meeting is cancelled");
	lkt_field_is(s_d.st, "meeting", dec, "status", "cancelled");
	lkt_field_is(s_d.st, "meeting", dec, "held_date", "");

	/* Unknown statuses and meetings. */
	struct dom_meeting_change_in odd = {dec, "planned", NULL, NULL};
	REFUSED(dom_meeting_change(&s_d, &odd, &after, err_), -LK_EINVAL, "postponed, cancelled or held");
	struct dom_meeting_change_in nobody = {"01890000-0000-7000-8000-000000000000", "held", NULL, NULL};
	REFUSED(dom_meeting_change(&s_d, &nobody, &after, err_), -LK_ENOTFOUND, "no meeting");

	/* The history holds every step, with its reason. */
	struct dom_meeting_event *ev = NULL;
	cr_assert_eq(dom_meeting_history(&s_d, mar, &ev, &n, &err), 0);
	cr_assert_eq(n, 3);
	cr_assert_str_eq(ev[0].action, "postponed");
	cr_assert_str_eq(ev[0].to, "2030-03-17");
	cr_assert_str_eq(ev[0].reason, "Bertepatan dengan BIAS");
	cr_assert_str_eq(ev[1].action, "held");
	free(ev);
	cr_assert_eq(dom_meeting_history(&s_d, dec, &ev, &n, &err), 0);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(ev[0].action, "cancelled");
	cr_assert_str_eq(ev[0].to, "");
	free(ev);
}

Test(dom_meeting, items_of_a_meeting)
{
	char jan[40], item[40];
	struct dom_err err = {0};
	s_plan(2030, 1, jan);
	struct dom_meeting_item_add_in in = {jan, "decision", "Posyandu pindah ke balai desa", "Kades"};
	cr_assert_eq(dom_meeting_item_add(&s_d, &in, item, &err), 0, "%s", err.msg);
	lkt_field_is(s_d.st, "meeting_item", item, "meeting_id", jan);
	lkt_field_is(s_d.st, "meeting_item", item, "text", "Posyandu pindah ke balai desa");
	struct dom_meeting_item_add_in notext = {jan, "decision", NULL, NULL};
	REFUSED(dom_meeting_item_add(&s_d, &notext, item, err_), -LK_EINVAL, "--text");
	struct dom_meeting_item *v = NULL;
	size_t n = 0;
	cr_assert_eq(dom_meeting_items(&s_d, jan, &v, &n, &err), 0);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(v[0].kind, "decision");
	cr_assert_str_eq(v[0].source, "Kades");
	free(v);
}

/* ---------------------------------------------------------------- staff */

Test(dom_meeting, staff_add_change_and_list)
{
	char kapus[40], siti[40];
	struct dom_err err = {0};
	s_person("dr. Ratna Dewi", "kapus", "", kapus);
	s_person("Siti Aminah", "pj_program", "KIA,klaster2", siti);
	lkt_field_is(s_d.st, "person", kapus, "role", "kapus");
	lkt_field_is(s_d.st, "person", siti, "programmes", "KIA,klaster2");
	lkt_field_is(s_d.st, "person", siti, "puskesmas", "P3324010101");

	struct dom_staff_in bad = {.name = "X", .role = "bupati"};
	char id[40];
	REFUSED(dom_staff_add(&s_d, &bad, id, err_), -LK_EINVAL,
	        "--role must be one of kapus, ktu, pj_program, notulis, camat, staff, sector_rep");
	struct dom_staff_in noname = {.role = "staff"};
	REFUSED(dom_staff_add(&s_d, &noname, id, err_), -LK_EINVAL, "needs a name");
	cr_assert_eq(s_count("person", NULL), 2);

	/* A change keeps the fields not given. */
	struct dom_staff_in phone = {.phone = "0812-0000-1111"};
	cr_assert_eq(dom_staff_change(&s_d, kapus, &phone, &err), 0, "%s", err.msg);
	lkt_field_is(s_d.st, "person", kapus, "phone", "0812-0000-1111");
	lkt_field_is(s_d.st, "person", kapus, "title", "Pengelola");
	lkt_field_is(s_d.st, "person", kapus, "name", "dr. Ratna Dewi");

	/* Who heads the office is the district's word (the rule the server applies). */
	struct dom_staff_in demote = {.role = "staff"};
	REFUSED(dom_staff_change(&s_d, kapus, &demote, err_), -LK_EINVAL, "only the district makes a person Kapus");
	lkt_field_is(s_d.st, "person", kapus, "role", "kapus");
	struct dom_staff_in promote = {.role = "ktu"};
	cr_assert_eq(dom_staff_change(&s_d, siti, &promote, &err), 0, "%s", err.msg);
	lkt_field_is(s_d.st, "person", siti, "role", "ktu");
	strcpy(s_d.office.role, "dinkes");
	cr_assert_eq(dom_staff_change(&s_d, kapus, &demote, &err), 0, "%s", err.msg);
	lkt_field_is(s_d.st, "person", kapus, "role", "staff");
	REFUSED(dom_staff_change(&s_d, "01890000-0000-7000-8000-000000000000", &phone, err_), -LK_ENOTFOUND,
	        "no person");

	struct dom_person *v = NULL;
	size_t n = 0;
	cr_assert_eq(dom_staff_list(&s_d, &v, &n, &err), 0);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(v[0].name, "dr. Ratna Dewi");
	cr_assert_str_eq(v[1].programmes, "KIA,klaster2");
	cr_assert_not_null(v[1].rec);
	dom_staff_list_free(v, n);
}

/* ---------------------------------------------------------------- material */

Test(dom_meeting, material_on_time_late_missing_and_cancelled)
{
	char future[40], past[40], siti[40], budi[40], mat[40];
	struct dom_err err = {0};
	s_person("Siti", "pj_program", "KIA,GIZI", siti);
	s_person("Budi", "pj_program", "P2P", budi);
	s_plan(2031, 1, future);
	s_plan(2024, 1, past);
	struct dom_material_submit_in noprog = {future, NULL, NULL, NULL};
	REFUSED(dom_material_submit(&s_d, &noprog, mat, err_), -LK_EINVAL, "say which programme");
	struct dom_material_submit_in s31 = {future, "KIA", siti, "Cakupan K6 naik"};
	cr_assert_eq(dom_material_submit(&s_d, &s31, mat, &err), 0, "%s", err.msg);
	lkt_field_is(s_d.st, "material", mat, "person_id", siti);
	lkt_field_is(s_d.st, "material", mat, "programme", "KIA");
	lkt_field_is(s_d.st, "material", mat, "meeting_id", future);
	struct dom_material_submit_in s24 = {past, "KIA", NULL, NULL};
	cr_assert_eq(dom_material_submit(&s_d, &s24, mat, &err), 0, "%s", err.msg);

	struct dom_material_status st;
	cr_assert_eq(dom_material_status(&s_d, future, &st, &err), 0, "%s", err.msg);
	cr_assert_eq(st.n, 3, "Siti holds KIA and GIZI, Budi P2P");
	cr_assert_eq(st.on_time, 1);
	cr_assert_eq(st.late, 0);
	cr_assert_eq(st.missing, 2);
	cr_assert_str_eq(st.deadline, "2030-12-31", "3 days before 3 January 2031");
	cr_assert_str_eq(st.rows[0].programme, "KIA");
	cr_assert_str_eq(st.rows[0].state, "on time");
	cr_assert_str_eq(st.rows[2].holder_id, budi);
	cr_assert_str_eq(st.rows[2].state, "missing");
	dom_material_status_free(&st);
	cr_assert_eq(dom_material_status(&s_d, past, &st, &err), 0);
	cr_assert_eq(st.late, 1);
	cr_assert_eq(st.missing, 2);
	dom_material_status_free(&st);

	/* A cancelled meeting takes no material. */
	struct dom_meeting_change_in cancel = {future, "cancelled", NULL, "Banjir"};
	cr_assert_eq(dom_meeting_change(&s_d, &cancel, NULL, &err), 0, "%s", err.msg);
	REFUSED(dom_material_submit(&s_d, &s31, mat, err_), -LK_EINVAL, "material for a cancelled meeting is refused");
	cr_assert_eq(s_count("material", future), 1);
}

/* ---------------------------------------------------------------- attendance */

Test(dom_meeting, attendance_invite_checkin_walk_in_and_cancelled)
{
	char jan[40], feb[40], ratna[40], budi[40];
	struct dom_attend_checkin_out out;
	struct dom_err err = {0};
	int added = -1;
	s_person("dr. Ratna", "kapus", "", ratna);
	s_person("Budi", "pj_program", "", budi);
	s_plan(2032, 1, jan);
	struct dom_meeting *rows = NULL;
	size_t n = 0;
	cr_assert_eq(dom_meeting_list(&s_d, 2032, NULL, &rows, &n, &err), 0);
	strcpy(feb, rows[1].id);
	free(rows);

	cr_assert_eq(dom_attend_invite(&s_d, jan, &added, &err), 0, "%s", err.msg);
	cr_assert_eq(added, 2);
	cr_assert_eq(dom_attend_invite(&s_d, jan, &added, &err), 0);
	cr_assert_eq(added, 0, "inviting again adds nobody twice");
	cr_assert_eq(s_count("attendance", jan), 2);

	struct dom_attend_checkin_in ci = {.meeting_id = jan, .person_id = ratna};
	cr_assert_eq(dom_attend_checkin(&s_d, &ci, &out, &err), 0, "%s", err.msg);
	cr_assert_eq(out.walk_in, 0);
	lkt_field_is(s_d.st, "attendance", out.id, "present", "1");
	lkt_field_is(s_d.st, "attendance", out.id, "person_id", ratna);

	/* A walk-in by name, then the same name again: one row. */
	struct dom_attend_checkin_in walk = {.meeting_id = jan, .name = "Kepala Desa Krajankulon", .role = "Kades"};
	cr_assert_eq(dom_attend_checkin(&s_d, &walk, &out, &err), 0, "%s", err.msg);
	cr_assert_eq(out.walk_in, 1);
	char walk_id[40];
	strcpy(walk_id, out.id);
	lkt_field_is(s_d.st, "attendance", walk_id, "walk_in", "1");
	lkt_field_is(s_d.st, "attendance", walk_id, "invited", "0");
	lkt_field_is(s_d.st, "attendance", walk_id, "role", "Kades");
	struct dom_attend_checkin_in again = {.meeting_id = jan, .name = "kepala desa krajankulon"};
	cr_assert_eq(dom_attend_checkin(&s_d, &again, &out, &err), 0, "%s", err.msg);
	cr_assert_str_eq(out.id, walk_id);
	cr_assert_eq(s_count("attendance", jan), 3);

	/* A row of the list by its id (what "2032-01#2" resolves to). */
	struct dom_attend_list l;
	cr_assert_eq(dom_attend_list(&s_d, jan, &l, &err), 0);
	const char *budi_row = NULL;
	for (size_t i = 0; i < l.n; i++)
		if (!strcmp(l.rows[i].person_id, budi))
			budi_row = l.rows[i].id;
	cr_assert_not_null(budi_row);
	struct dom_attend_checkin_in byrow = {.meeting_id = jan, .attendance_id = budi_row};
	cr_assert_eq(dom_attend_checkin(&s_d, &byrow, &out, &err), 0, "%s", err.msg);
	cr_assert_str_eq(out.id, budi_row);
	lkt_field_is(s_d.st, "attendance", budi_row, "present", "1");
	struct dom_attend_checkin_in elsewhere = {.meeting_id = feb, .attendance_id = budi_row};
	REFUSED(dom_attend_checkin(&s_d, &elsewhere, &out, err_), -LK_ENOTFOUND, "not on this meeting's list");
	dom_attend_list_free(&l);

	struct dom_attend_checkin_in none = {.meeting_id = jan};
	REFUSED(dom_attend_checkin(&s_d, &none, &out, err_), -LK_EINVAL, "give a PERSON");

	cr_assert_eq(dom_attend_list(&s_d, jan, &l, &err), 0);
	cr_assert_eq(l.n, 3);
	cr_assert_eq(l.invited, 2);
	cr_assert_eq(l.present, 3);
	cr_assert_eq(l.walk_ins, 1);
	cr_assert_str_eq(l.rows[0].sector, "-");
	dom_attend_list_free(&l);

	/* A cancelled meeting takes no attendance. */
	struct dom_meeting_change_in cancel = {feb, "cancelled", NULL, "Banjir"};
	cr_assert_eq(dom_meeting_change(&s_d, &cancel, NULL, &err), 0, "%s", err.msg);
	struct dom_attend_checkin_in ci2 = {.meeting_id = feb, .person_id = ratna};
	REFUSED(dom_attend_checkin(&s_d, &ci2, &out, err_), -LK_EINVAL,
	        "this meeting was cancelled; attendance for a cancelled meeting is refused");
	REFUSED(dom_attend_invite(&s_d, feb, &added, err_), -LK_EINVAL, "cancelled meeting is refused");
	cr_assert_eq(s_count("attendance", feb), 0);
}
