/* test_resolve: unit tests of the name resolver (domain/resolve) over a temporary store; no server. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lk_entity.h"
#include "lk_error.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "lkt_store.h"
#include "lokmin.pb-c.h"
#include "resolve.h"
#include "store.h"

static char s_home[256];
static lk_store *s_st;

static const struct dom_office s_pusk = {"puskesmas", "3324", "332401", "P3324010101"};
static const struct dom_office s_kec = {"kecamatan", "3324", "332401", ""};
static const struct dom_office s_dinkes = {"dinkes", "3324", "", ""};

static void s_setup(void)
{
	s_st = lkt_store_open_temp("resolve", s_home, sizeof s_home);
}

static void s_teardown(void)
{
	lkt_store_close_temp(&s_st, s_home);
}

TestSuite(resolve, .init = s_setup, .fini = s_teardown);

/* ---------------------------------------------------------------- helpers */

static void s_delete(const char *entity, const char *id)
{
	const struct lk_entity *e = lk_entity_find(entity);
	ProtobufCMessage *m = NULL;
	const char *const fields[] = {"deleted"};
	char err[512] = "";
	cr_assert_eq(lk_store_get(s_st, e, id, &m), 0);
	cr_assert_eq(lk_record_set(m, "deleted", "1"), 0);
	cr_assert_eq(lk_store_put(s_st, e, m, fields, 1, err, sizeof err), 0, "delete: %s", err);
	lk_record_free(m);
}

static char s_m12[LK_UUID_STRLEN], s_m12b[LK_UUID_STRLEN], s_m11[LK_UUID_STRLEN], s_q1[LK_UUID_STRLEN],
	s_q1b[LK_UUID_STRLEN];

/* December 2026 of two puskesmas of kecamatan 332401, November of the first, Q1 of 332401 and 332402. */
static void s_meetings(void)
{
	lkt_rec(s_st, "meeting", s_m11, "kind", "monthly", "year", "2026", "period", "11", "status", "held", "planned_date",
	        "2026-11-10", "title", "Lokmin November", NULL);
	lkt_rec(s_st, "meeting", s_m12, "kind", "monthly", "year", "2026", "period", "12", "status", "planned",
	        "planned_date", "2026-12-10", "title", "Lokmin Desember", NULL);
	lkt_rec(s_st, "meeting", s_m12b, "puskesmas", "P3324010102", "kind", "monthly", "year", "2026", "period", "12",
	        "status", "planned", "planned_date", "2026-12-11", "title", "Lokmin Sekaran", NULL);
	lkt_rec(s_st, "meeting", s_q1, "puskesmas", "", "kind", "quarterly", "year", "2026", "period", "1", "status",
	        "planned", "planned_date", "2026-03-20", "title", "Lokmin lintas sektor", NULL);
	lkt_rec(s_st, "meeting", s_q1b, "kecamatan", "332402", "puskesmas", "", "kind", "quarterly", "year", "2026",
	        "period", "1", "status", "planned", "planned_date", "2026-03-21", "title", "Lokmin Mijen", NULL);
}

/* The org cache as a district's sync leaves it. */
static void s_orgcache(void)
{
	cr_assert_eq(lk_store_set_meta(s_st, "org_puskesmas",
	                               "P3324010101\t332401\tPuskesmas Gunungpati\n"
	                               "P3324010102\t332401\tPuskesmas Sekaran\n"
	                               "P3324020101\t332402\tPuskesmas Mijen\n"),
	             0);
	cr_assert_eq(lk_store_set_meta(s_st, "org_kecamatan", "332401\tGunungpati\n332402\tMijen\n"), 0);
}

static int s_resolve(const struct dom_office *o, enum dom_kind k, const char *text, struct dom_ref *r,
                     struct dom_err *e)
{
	memset(e, 0, sizeof *e);
	return dom_resolve(s_st, o, k, text, r, e);
}

/* text resolves to id with handle (NULL: not checked). */
static void s_found(const struct dom_office *o, enum dom_kind k, const char *text, const char *id,
                    const char *handle)
{
	struct dom_ref r;
	struct dom_err e;
	int rc = s_resolve(o, k, text, &r, &e);
	cr_assert_eq(rc, 0, "\"%s\": %d %s", text, rc, e.msg);
	cr_assert_str_eq(r.id, id, "\"%s\"", text);
	if (handle)
		cr_assert_str_eq(r.handle, handle, "\"%s\"", text);
}

static void s_fails(const struct dom_office *o, enum dom_kind k, const char *text, int code, const char *in_msg)
{
	struct dom_ref r;
	struct dom_err e;
	int rc = s_resolve(o, k, text, &r, &e);
	cr_assert_eq(rc, code, "\"%s\": %d (%s), wanted %d", text, rc, e.msg, code);
	cr_assert_eq(e.code, code);
	if (in_msg)
		cr_assert_not_null(strstr(e.msg, in_msg), "\"%s\": message \"%s\" lacks \"%s\"", text, e.msg, in_msg);
}

static const char *s_suffix(const char *id)
{
	return id + strlen(id) - 8;
}

/* ---------------------------------------------------------------- meetings */

Test(resolve, meeting_by_period_on_a_puskesmas_device)
{
	char upper[LK_UUID_STRLEN];
	s_meetings();
	s_found(&s_pusk, DOM_MEETING, "2026-12", s_m12, "2026-12");
	s_found(&s_pusk, DOM_MEETING, " 2026-11 ", s_m11, "2026-11");
	s_found(&s_pusk, DOM_MEETING, "2026-Q1", s_q1, "2026-Q1");
	s_found(&s_pusk, DOM_MEETING, "2026-q1", s_q1, "2026-Q1");
	s_found(&s_pusk, DOM_MEETING, s_m12, s_m12, "2026-12");
	for (size_t i = 0; i <= strlen(s_m12); i++)
		upper[i] = (char)toupper((unsigned char)s_m12[i]);
	s_found(&s_pusk, DOM_MEETING, upper, s_m12, "2026-12");
	s_found(&s_pusk, DOM_MEETING, s_suffix(s_m11), s_m11, "2026-11");
	s_fails(&s_pusk, DOM_MEETING, "2026-10", -LK_ENOTFOUND, "no meeting matches \"2026-10\"");
	s_fails(&s_pusk, DOM_MEETING, "2026-13", -LK_EINVAL, "write its period");
	s_fails(&s_pusk, DOM_MEETING, "2026-Q5", -LK_EINVAL, NULL);
	s_fails(&s_pusk, DOM_MEETING, "", -LK_EINVAL, "no meeting given");
	/* a full id that is no record */
	s_fails(&s_pusk, DOM_MEETING, "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", -LK_ENOTFOUND, NULL);
	/* a UUIDv7 prefix is its creation time, shared by records made together: never a handle */
	char prefix[9];
	snprintf(prefix, sizeof prefix, "%.8s", s_m12);
	s_fails(&s_pusk, DOM_MEETING, prefix, -LK_ENOTFOUND, NULL);
}

Test(resolve, meeting_on_a_kecamatan_device_needs_the_puskesmas)
{
	struct dom_ref r;
	struct dom_err e;
	s_meetings();
	s_orgcache();
	cr_assert_eq(s_resolve(&s_kec, DOM_MEETING, "2026-12", &r, &e), -LK_EINVAL);
	cr_assert_eq(e.ncand, 2);
	cr_assert_str_eq(e.cand[0], "2026-12@P3324010101  2026-12-10 planned, Lokmin Desember");
	cr_assert_str_eq(e.cand[1], "2026-12@P3324010102  2026-12-11 planned, Lokmin Sekaran");
	cr_assert_not_null(strstr(e.msg, "\"2026-12\" matches 2 meetings"), "%s", e.msg);
	cr_assert_not_null(strstr(e.msg, "2026-12@P3324010102 (2026-12-11 planned, Lokmin Sekaran)"), "%s", e.msg);
	s_found(&s_kec, DOM_MEETING, "2026-12@P3324010102", s_m12b, "2026-12@P3324010102");
	s_found(&s_kec, DOM_MEETING, "2026-12@p3324010101", s_m12, "2026-12@P3324010101");
	s_found(&s_kec, DOM_MEETING, "2026-12@sekaran", s_m12b, "2026-12@P3324010102");
	s_found(&s_kec, DOM_MEETING, "2026-12@Gunung", s_m12, "2026-12@P3324010101");
	/* the kecamatan's own puskesmas are looked at first */
	s_fails(&s_kec, DOM_MEETING, "2026-12@puskesmas", -LK_EINVAL, "matches 2 puskesmas");
	s_fails(&s_kec, DOM_MEETING, "2026-12@Tembalang", -LK_ENOTFOUND, "no puskesmas matches");
	/* the kecamatan's own quarterly meeting needs no qualifier */
	s_found(&s_kec, DOM_MEETING, "2026-Q1", s_q1, "2026-Q1");
	s_found(&s_kec, DOM_MEETING, s_q1b, s_q1b, "2026-Q1@332402");
}

Test(resolve, meeting_on_a_district_device)
{
	s_meetings();
	s_orgcache();
	s_fails(&s_dinkes, DOM_MEETING, "2026-Q1", -LK_EINVAL, "matches 2 meetings");
	s_found(&s_dinkes, DOM_MEETING, "2026-Q1@332402", s_q1b, "2026-Q1@332402");
	s_found(&s_dinkes, DOM_MEETING, "2026-Q1@mijen", s_q1b, "2026-Q1@332402");
	s_found(&s_dinkes, DOM_MEETING, "2026-Q1@P3324010102", s_q1, "2026-Q1@332401");
	s_found(&s_dinkes, DOM_MEETING, "2026-12@Sekaran", s_m12b, "2026-12@P3324010102");
	s_found(&s_dinkes, DOM_MEETING, "2026-11", s_m11, "2026-11@P3324010101");
}

/* ---------------------------------------------------------------- items */

static void s_rtl(const char *meeting, const char *activity, char *id)
{
	lkt_rec(s_st, "rtl", id, "meeting_id", meeting, "activity", activity, "due_date", "2027-01-31", "status", "open",
	        "owner_puskesmas", "P3324010101", NULL);
}

Test(resolve, item_ordinals_stay_after_a_delete)
{
	char r1[LK_UUID_STRLEN], r2[LK_UUID_STRLEN], r3[LK_UUID_STRLEN], other[LK_UUID_STRLEN], p1[LK_UUID_STRLEN];
	char h[80];
	s_meetings();
	s_rtl(s_m12, "Sweeping imunisasi", r1);
	s_rtl(s_m11, "Kelas ibu hamil", other);
	lkt_rec(s_st, "problem", p1, "meeting_id", s_m12, "description", "Cakupan K4 rendah", NULL);
	s_rtl(s_m12, "Kunjungan rumah", r2);
	s_rtl(s_m12, "Posyandu remaja", r3);
	s_found(&s_pusk, DOM_RTL, "2026-12#1", r1, "2026-12#1");
	s_found(&s_pusk, DOM_RTL, "2026-12#2", r2, "2026-12#2");
	s_found(&s_pusk, DOM_RTL, "2026-11#1", other, "2026-11#1");
	s_found(&s_pusk, DOM_PROBLEM, "2026-12#1", p1, "2026-12#1");
	s_fails(&s_pusk, DOM_PROBLEM, "2026-12#2", -LK_ENOTFOUND, "meeting 2026-12 has no problem #2");
	s_delete("rtl", r1);
	/* numbers never shift: #2 is still the same item, #1 is gone */
	s_found(&s_pusk, DOM_RTL, "2026-12#2", r2, "2026-12#2");
	s_found(&s_pusk, DOM_RTL, "2026-12#3", r3, "2026-12#3");
	s_fails(&s_pusk, DOM_RTL, "2026-12#1", -LK_ENOTFOUND, "action item #1 of meeting 2026-12 was deleted");
	s_fails(&s_pusk, DOM_RTL, "2026-12#4", -LK_ENOTFOUND, "has no action item #4");
	s_fails(&s_pusk, DOM_RTL, "2026-12#0", -LK_EINVAL, "start at 1");
	s_fails(&s_pusk, DOM_RTL, "2026-10#1", -LK_ENOTFOUND, "no meeting matches");
	s_fails(&s_pusk, DOM_RTL, "sweeping", -LK_EINVAL, "\"sweeping\" does not name an action item: write the meeting");
	/* a full id, its suffix, and the meeting named by its id */
	s_found(&s_pusk, DOM_RTL, r3, r3, "2026-12#3");
	s_found(&s_pusk, DOM_RTL, s_suffix(r2), r2, "2026-12#2");
	char byid[80];
	snprintf(byid, sizeof byid, "%s#3", s_m12);
	s_found(&s_pusk, DOM_RTL, byid, r3, "2026-12#3");
	s_fails(&s_pusk, DOM_RTL, s_suffix(r1), -LK_ENOTFOUND, NULL);
	cr_assert_eq(dom_handle(s_st, &s_pusk, DOM_RTL, r3, h, sizeof h), 0);
	cr_assert_str_eq(h, "2026-12#3");
	/* on a kecamatan device the meeting part is qualified */
	cr_assert_eq(dom_handle(s_st, &s_kec, DOM_RTL, r2, h, sizeof h), 0);
	cr_assert_str_eq(h, "2026-12@P3324010101#2");
	s_found(&s_kec, DOM_RTL, "2026-12@P3324010101#2", r2, "2026-12@P3324010101#2");
	/* a deleted record has no short handle: only its id names it */
	cr_assert_eq(dom_handle(s_st, &s_pusk, DOM_RTL, r1, h, sizeof h), 0);
	cr_assert_str_eq(h, r1);
	s_found(&s_pusk, DOM_RTL, r1, r1, NULL);
}

Test(resolve, every_item_kind_counts_its_own_records)
{
	static const struct {
		enum dom_kind kind;
		const char *entity, *f1, *v1, *f2, *v2;
	} kinds[] = {
		{DOM_MEETING_ITEM, "meeting_item", "kind", "decision", "text", "Jadwal posyandu"},
		{DOM_COMMITMENT, "commitment", "support", "Penyuluhan", "status", "open"},
		{DOM_MATERIAL, "material", "programme", "KIA", "submitted_at", "2026-12-01T08:00:00Z"},
		{DOM_ATTENDANCE, "attendance", "name", "Ratna", "role", "bidan"},
	};
	char sector[LK_UUID_STRLEN];
	s_meetings();
	lkt_rec(s_st, "sector", sector, "puskesmas", "", "code", "KORAMIL", "name", "Komando Rayon Militer", NULL);
	for (size_t i = 0; i < LK_ARRAY_LEN(kinds); i++) {
		char a[LK_UUID_STRLEN], b[LK_UUID_STRLEN];
		const char *m = kinds[i].kind == DOM_COMMITMENT ? s_q1 : s_m12;
		const char *h1 = kinds[i].kind == DOM_COMMITMENT ? "2026-Q1#1" : "2026-12#1";
		const char *h2 = kinds[i].kind == DOM_COMMITMENT ? "2026-Q1#2" : "2026-12#2";
		const char *pusk = kinds[i].kind == DOM_COMMITMENT ? "" : "P3324010101";
		const char *sf = kinds[i].kind == DOM_COMMITMENT ? "sector_id" : "meeting_id";
		for (int k = 0; k < 2; k++)
			lkt_rec(s_st, kinds[i].entity, k ? b : a, "puskesmas", pusk, "meeting_id", m, kinds[i].f1, kinds[i].v1,
			        kinds[i].f2, kinds[i].v2, sf, kinds[i].kind == DOM_COMMITMENT ? sector : m, NULL);
		s_found(&s_pusk, kinds[i].kind, h1, a, h1);
		s_found(&s_pusk, kinds[i].kind, h2, b, h2);
		s_delete(kinds[i].entity, a);
		s_found(&s_pusk, kinds[i].kind, h2, b, h2);
		s_fails(&s_pusk, kinds[i].kind, h1, -LK_ENOTFOUND, "was deleted");
	}
}

/* ---------------------------------------------------------------- documents */

Test(resolve, documents_by_meeting)
{
	char i1[LK_UUID_STRLEN], i2[LK_UUID_STRLEN], n1[LK_UUID_STRLEN], n2[LK_UUID_STRLEN], h[80];
	s_meetings();
	s_fails(&s_pusk, DOM_INVITATION, "2026-12", -LK_ENOTFOUND, "meeting 2026-12 has no invitation yet");
	lkt_rec(s_st, "invitation", i2, "meeting_id", s_m12, "issued_date", "2026-12-01", "document", "Undangan (baru)",
	        NULL);
	lkt_rec(s_st, "invitation", i1, "meeting_id", s_m12, "issued_date", "2026-11-25", "document", "Undangan", NULL);
	lkt_rec(s_st, "minutes", n1, "meeting_id", s_m12, "revision", "1", "document", "Notulen", NULL);
	lkt_rec(s_st, "minutes", n2, "meeting_id", s_m12, "revision", "2", "supersedes_id", n1, "document", "Notulen 2",
	        NULL);
	/* the newest invitation is the latest issued date, not the latest made */
	s_found(&s_pusk, DOM_INVITATION, "2026-12", i2, "2026-12");
	s_found(&s_pusk, DOM_INVITATION, s_m12, i2, "2026-12");
	s_found(&s_pusk, DOM_INVITATION, i1, i1, s_suffix(i1));
	s_found(&s_pusk, DOM_INVITATION, s_suffix(i1), i1, s_suffix(i1));
	s_found(&s_pusk, DOM_MINUTES, "2026-12", n2, "2026-12#r2");
	s_found(&s_pusk, DOM_MINUTES, "2026-12#r1", n1, "2026-12#r1");
	s_found(&s_pusk, DOM_MINUTES, "2026-12#R2", n2, "2026-12#r2");
	s_fails(&s_pusk, DOM_MINUTES, "2026-12#r5", -LK_ENOTFOUND, "meeting 2026-12 has no minutes revision 5");
	s_fails(&s_pusk, DOM_MINUTES, "2026-11", -LK_ENOTFOUND, "has no minutes yet");
	cr_assert_eq(dom_handle(s_st, &s_pusk, DOM_MINUTES, n1, h, sizeof h), 0);
	cr_assert_str_eq(h, "2026-12#r1");
	s_delete("minutes", n2);
	s_found(&s_pusk, DOM_MINUTES, "2026-12", n1, "2026-12#r1");
}

/* ---------------------------------------------------------------- people */

static char s_ratna[LK_UUID_STRLEN], s_ratih[LK_UUID_STRLEN], s_bambang[LK_UUID_STRLEN], s_dewi[LK_UUID_STRLEN],
	s_dewil[LK_UUID_STRLEN], s_ratna2[LK_UUID_STRLEN];

static void s_people(void)
{
	lkt_rec(s_st, "person", s_ratna, "name", "Ratna Sari", "nip", "197901012005012003", NULL);
	lkt_rec(s_st, "person", s_ratih, "name", "Ratih Wulandari", "nip", "198503152010012001", NULL);
	lkt_rec(s_st, "person", s_bambang, "name", "Bambang Sétiawan", "nip", "", NULL);
	lkt_rec(s_st, "person", s_dewi, "name", "Dewi", NULL);
	lkt_rec(s_st, "person", s_dewil, "name", "Dewi Lestari", NULL);
	lkt_rec(s_st, "person", s_ratna2, "puskesmas", "P3324010102", "name", "RATNA Dewayanti", "nip",
	        "197902022006042001", NULL);
}

Test(resolve, person_by_name_or_nip)
{
	struct dom_ref r;
	struct dom_err e;
	s_people();
	s_found(&s_pusk, DOM_PERSON, "Ratih", s_ratih, "ratih");
	s_found(&s_pusk, DOM_PERSON, "wulan", s_ratih, "ratih");
	/* case and accents do not matter */
	s_found(&s_pusk, DOM_PERSON, "setiawan", s_bambang, "bambang");
	s_found(&s_pusk, DOM_PERSON, "SÉTIA", s_bambang, "bambang");
	s_found(&s_pusk, DOM_PERSON, "Bambang Setiawan", s_bambang, "bambang");
	/* an exact full name wins over names that contain it */
	s_found(&s_pusk, DOM_PERSON, "dewi", s_dewi, "dewi");
	s_found(&s_pusk, DOM_PERSON, "lestari", s_dewil, "lestari");
	/* the device's own puskesmas first: another puskesmas' Ratna only when asked for */
	s_found(&s_pusk, DOM_PERSON, "ratna", s_ratna, "sari");
	s_found(&s_pusk, DOM_PERSON, "dewayanti", s_ratna2, "dewayanti");
	/* NIP: exact, or a unique prefix of its digits */
	s_found(&s_pusk, DOM_PERSON, "197901012005012003", s_ratna, "sari");
	s_found(&s_pusk, DOM_PERSON, "1985", s_ratih, "ratih");
	s_found(&s_pusk, DOM_PERSON, "19790202 200604 2 001", s_ratna2, NULL);
	cr_assert_eq(s_resolve(&s_pusk, DOM_PERSON, "1979", &r, &e), -LK_EINVAL);
	cr_assert_eq(e.ncand, 2);
	cr_assert_str_eq(e.cand[0], "197901012005012003  Ratna Sari  P3324010101");
	cr_assert_str_eq(e.cand[1], "197902022006042001  RATNA Dewayanti  P3324010102");
	/* ambiguous inside the office: every candidate is named */
	cr_assert_eq(s_resolve(&s_pusk, DOM_PERSON, "rat", &r, &e), -LK_EINVAL);
	cr_assert_eq(e.ncand, 2, "%s", e.msg);
	cr_assert_str_eq(e.cand[0], "197901012005012003  Ratna Sari  P3324010101");
	cr_assert_str_eq(e.cand[1], "198503152010012001  Ratih Wulandari  P3324010101");
	cr_assert_not_null(strstr(e.msg, "\"rat\" matches 2 people"), "%s", e.msg);
	cr_assert_not_null(strstr(e.msg, "Ratih Wulandari"), "%s", e.msg);
	/* on the kecamatan device neither Ratna is at home: both are candidates */
	cr_assert_eq(s_resolve(&s_kec, DOM_PERSON, "ratna", &r, &e), -LK_EINVAL);
	cr_assert_eq(e.ncand, 2);
	s_fails(&s_pusk, DOM_PERSON, "Siti", -LK_ENOTFOUND, "no person matches \"Siti\"");
	s_fails(&s_pusk, DOM_PERSON, "2001", -LK_ENOTFOUND, NULL);
	s_found(&s_pusk, DOM_PERSON, s_bambang, s_bambang, "bambang");
	s_found(&s_pusk, DOM_PERSON, s_suffix(s_dewil), s_dewil, "lestari");
	s_delete("person", s_ratih);
	s_found(&s_pusk, DOM_PERSON, "rat", s_ratna, "sari");
}

/* ---------------------------------------------------------------- sectors, offices, indicators */

Test(resolve, sector_by_code_or_name)
{
	char koramil[LK_UUID_STRLEN], polsek[LK_UUID_STRLEN], kua[LK_UUID_STRLEN], other[LK_UUID_STRLEN], h[80];
	lkt_rec(s_st, "sector", koramil, "puskesmas", "", "code", "KORAMIL", "name", "Komando Rayon Militer", NULL);
	lkt_rec(s_st, "sector", polsek, "puskesmas", "", "code", "POLSEK", "name", "Kepolisian Sektor", NULL);
	lkt_rec(s_st, "sector", kua, "puskesmas", "", "code", "KUA", "name", "Kantor Urusan Agama", NULL);
	lkt_rec(s_st, "sector", other, "kecamatan", "332402", "puskesmas", "", "code", "KORAMIL", "name", "Koramil Mijen",
	        NULL);
	s_found(&s_kec, DOM_SECTOR, "KORAMIL", koramil, "KORAMIL");
	s_found(&s_kec, DOM_SECTOR, "koramil", koramil, "KORAMIL");
	s_found(&s_kec, DOM_SECTOR, "rayon", koramil, "KORAMIL");
	s_found(&s_kec, DOM_SECTOR, "urusan agama", kua, "KUA");
	s_found(&s_kec, DOM_SECTOR, koramil, koramil, "KORAMIL");
	s_fails(&s_kec, DOM_SECTOR, "k", -LK_EINVAL, "matches 3 sectors");
	s_fails(&s_kec, DOM_SECTOR, "DISDIK", -LK_ENOTFOUND, NULL);
	/* on the district's device the code is in two kecamatan */
	s_fails(&s_dinkes, DOM_SECTOR, "KORAMIL", -LK_EINVAL, "matches 2 sectors");
	s_found(&s_dinkes, DOM_SECTOR, "Mijen", other, s_suffix(other));
	cr_assert_eq(dom_handle(s_st, &s_dinkes, DOM_SECTOR, polsek, h, sizeof h), 0);
	cr_assert_str_eq(h, "POLSEK");
}

Test(resolve, puskesmas_and_kecamatan_by_code_or_name)
{
	struct dom_ref r;
	struct dom_err e;
	s_orgcache();
	s_found(&s_kec, DOM_PUSKESMAS, "P3324010102", "P3324010102", "P3324010102");
	s_found(&s_kec, DOM_PUSKESMAS, "p3324020101", "P3324020101", "P3324020101");
	s_found(&s_kec, DOM_PUSKESMAS, "sekaran", "P3324010102", "P3324010102");
	s_found(&s_kec, DOM_PUSKESMAS, "Puskesmas Mijen", "P3324020101", NULL);
	cr_assert_eq(s_resolve(&s_kec, DOM_PUSKESMAS, "puskesmas", &r, &e), -LK_EINVAL);
	cr_assert_eq(e.ncand, 2);
	cr_assert_eq(s_resolve(&s_dinkes, DOM_PUSKESMAS, "puskesmas", &r, &e), -LK_EINVAL);
	cr_assert_eq(e.ncand, 3);
	cr_assert_str_eq(e.cand[0], "P3324010101  Puskesmas Gunungpati");
	cr_assert_str_eq(r.entity, "");
	s_fails(&s_kec, DOM_PUSKESMAS, "P3324099999", -LK_ENOTFOUND, "no puskesmas P3324099999 is known");
	s_found(&s_kec, DOM_KECAMATAN, "332402", "332402", "332402");
	s_found(&s_kec, DOM_KECAMATAN, "GUNUNG", "332401", "332401");
	s_fails(&s_kec, DOM_KECAMATAN, "Tembalang", -LK_ENOTFOUND, NULL);
	/* the device's own office is known without a cache */
	cr_assert_eq(lk_store_set_meta(s_st, "org_puskesmas", NULL), 0);
	s_found(&s_pusk, DOM_PUSKESMAS, "P3324010101", "P3324010101", NULL);
}

Test(resolve, indicator_by_code_or_name)
{
	Lokmin__Indicator k1 = LOKMIN__INDICATOR__INIT, k4 = LOKMIN__INDICATOR__INIT, imd = LOKMIN__INDICATOR__INIT;
	Lokmin__Indicator *all[] = {&k1, &k4, &imd};
	Lokmin__CatalogueReply c = LOKMIN__CATALOGUE_REPLY__INIT;
	k1.code = "K1";
	k1.name = "Kunjungan ibu hamil K1";
	k4.code = "K4";
	k4.name = "Kunjungan ibu hamil K4";
	imd.code = "IMD";
	imd.name = "Inisiasi Menyusu Dini";
	for (size_t i = 0; i < 3; i++)
		all[i]->programme_code = all[i]->programme_name = all[i]->unit = all[i]->numerator =
			all[i]->denominator = all[i]->accrual = "";
	c.digest = "d1";
	c.n_indicators = 3;
	c.indicators = all;
	cr_assert_eq(lk_store_catalogue_put(s_st, &c), 0);
	s_found(&s_pusk, DOM_INDICATOR, "k1", "K1", "K1");
	s_found(&s_pusk, DOM_INDICATOR, "menyusu", "IMD", "IMD");
	s_fails(&s_pusk, DOM_INDICATOR, "kunjungan", -LK_EINVAL, "matches 2 indicators");
	s_fails(&s_pusk, DOM_INDICATOR, "K6", -LK_ENOTFOUND, NULL);
}

/* ---------------------------------------------------------------- any record, folding */

Test(resolve, any_record_by_id_or_suffix)
{
	char rtl[LK_UUID_STRLEN], h[80];
	struct dom_ref r;
	struct dom_err e;
	s_meetings();
	s_people();
	s_rtl(s_m12, "Sweeping", rtl);
	cr_assert_eq(s_resolve(&s_pusk, DOM_ANY, s_suffix(rtl), &r, &e), 0, "%s", e.msg);
	cr_assert_str_eq(r.entity, "rtl");
	cr_assert_str_eq(r.id, rtl);
	cr_assert_str_eq(r.handle, s_suffix(rtl));
	cr_assert_eq(s_resolve(&s_pusk, DOM_ANY, s_ratih, &r, &e), 0);
	cr_assert_str_eq(r.entity, "person");
	s_fails(&s_pusk, DOM_ANY, "Ratih", -LK_EINVAL, "is not a record id");
	s_fails(&s_pusk, DOM_ANY, "00000000", -LK_ENOTFOUND, NULL);
	s_fails(&s_pusk, DOM_ANY, "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", -LK_ENOTFOUND, NULL);
	cr_assert_eq(dom_handle(s_st, &s_pusk, DOM_ANY, rtl, h, sizeof h), 0);
	cr_assert_str_eq(h, s_suffix(rtl));
	cr_assert_eq(dom_handle(s_st, &s_pusk, DOM_MEETING, "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", h, sizeof h),
	             -LK_ENOTFOUND);
}

Test(resolve, fold)
{
	char out[64];
	cr_assert_str_eq(dom_fold("Sétiawan ÑOÑO Łukasz Šćž", out, sizeof out), "setiawan nono lukasz scz");
	cr_assert_str_eq(dom_fold("ÀÉÎÕÜ àéîõü ÿ ß", out, sizeof out), "aeiou aeiou y s");
	/* other characters stay as they are */
	cr_assert_str_eq(dom_fold("2×3 Ω", out, sizeof out), "2×3 Ω");
	/* cut to the room there is, never inside a character */
	cr_assert_str_eq(dom_fold("Ratna", out, 4), "rat");
	cr_assert_str_eq(dom_fold("aΩ", out, 3), "a");
}
