/* test_dom_office: the office profile (kop surat) of the domain over a temporary store: defaults, set, letter numbers, zones. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dom.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_uuid.h"
#include "office.h"
#include "store.h"

#define PKM "P3324010101"

static char s_home[256];
static struct dom s_d;

static void s_setup(void)
{
	char err[512] = "";
	snprintf(s_home, sizeof s_home, "/tmp/lk_dom_office_XXXXXX");
	cr_assert_not_null(mkdtemp(s_home));
	memset(&s_d, 0, sizeof s_d);
	s_d.st = lk_store_open(s_home, err, sizeof err);
	cr_assert_not_null(s_d.st, "open: %s", err);
	s_d.office = (struct dom_office){"puskesmas", "3324", "332401", PKM};
	s_d.home = s_home;
	s_d.device_id = "dev-test";
}

static void s_teardown(void)
{
	char cmd[400];
	lk_store_close(&s_d.st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", s_home);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", s_home);
}

TestSuite(dom_office, .init = s_setup, .fini = s_teardown);

/* The region names a sync caches (orgcache). */
static void s_names(void)
{
	cr_assert_eq(lk_store_set_meta(s_d.st, "org_puskesmas", "P3324010101\t332401\tPuskesmas Kaliwungu\n"), 0);
	cr_assert_eq(lk_store_set_meta(s_d.st, "org_kecamatan", "332401\tKaliwungu\n"), 0);
	cr_assert_eq(lk_store_set_meta(s_d.st, "org_kabupaten", "3324\tKendal"), 0);
}

static void s_expect(const ProtobufCMessage *m, const char *field, const char *want)
{
	char *v = lk_record_get(m, field);
	cr_assert_not_null(v, "no field %s", field);
	cr_assert_str_eq(v, want, "%s", field);
	free(v);
}

static void s_expect_field(const char *office, const char *field, const char *want)
{
	struct dom_office_profile p;
	struct dom_err err = {0};
	cr_assert_eq(dom_office_get(&s_d, office, &p, &err), 0, "%s", err.msg);
	s_expect(p.rec, field, want);
	dom_office_profile_free(&p);
}

Test(dom_office, defaults_come_from_the_region_names)
{
	struct dom_office_profile p;
	struct dom_err err = {0};
	char want[40];
	/* Nothing cached yet: no bare code stands in for a name. */
	cr_assert_eq(dom_office_get(&s_d, NULL, &p, &err), 0, "%s", err.msg);
	cr_assert_eq(p.stored, 0);
	s_expect(p.rec, "unit_name", "UPTD PUSKESMAS");
	s_expect(p.rec, "pemerintah", "");
	s_expect(p.rec, "place", "");
	dom_office_profile_free(&p);

	s_names();
	cr_assert_eq(dom_office_get(&s_d, NULL, &p, &err), 0, "%s", err.msg);
	cr_assert_eq(p.stored, 0);
	cr_assert_str_eq(p.office, PKM);
	cr_assert_str_eq(p.kind, "puskesmas");
	lk_office_profile_id(PKM, want);
	/* The worked example of docs/protocol.md (Record ids). */
	cr_assert_str_eq(want, "7e70899c-c920-8549-982a-23d269df8158");
	cr_assert_str_eq(p.id, want);
	cr_assert_str_eq(lk_record_id(p.rec), want);
	s_expect(p.rec, "pemerintah", "PEMERINTAH KABUPATEN KENDAL");
	s_expect(p.rec, "dinas", "DINAS KESEHATAN");
	s_expect(p.rec, "unit_name", "UPTD PUSKESMAS KALIWUNGU");
	s_expect(p.rec, "place", "Kaliwungu");
	s_expect(p.rec, "letter_number_pattern", "440/{seq}/{romawi}/{yyyy}");
	s_expect(p.rec, "puskesmas", PKM);
	dom_office_profile_free(&p);
	/* Defaults are not stored until something is set. */
	ProtobufCMessage *m = NULL;
	cr_assert_neq(lk_store_get(s_d.st, lk_entity_find("office_profile"), want, &m), 0);

	/* The camat's office: KECAMATAN <name>, no dinas, no puskesmas key. */
	s_d.office = (struct dom_office){"kecamatan", "3324", "332401", ""};
	cr_assert_eq(dom_office_get(&s_d, NULL, &p, &err), 0, "%s", err.msg);
	cr_assert_str_eq(p.kind, "kecamatan");
	s_expect(p.rec, "unit_name", "KECAMATAN KALIWUNGU");
	s_expect(p.rec, "dinas", "");
	s_expect(p.rec, "puskesmas", "");
	s_expect(p.rec, "place", "Kaliwungu");
	lk_office_profile_id("332401", want);
	cr_assert_str_eq(want, "52d404bd-0b29-8acf-8659-5623005206e1");
	cr_assert_str_eq(p.id, want);
	dom_office_profile_free(&p);

	/* Without the kabupaten's name (only a district device reads it), the line
	 * another office of the kabupaten keeps: here the camat's office's. */
	cr_assert_eq(lk_store_set_meta(s_d.st, "org_kabupaten", ""), 0);
	struct dom_office_field pem = {"pemerintah", "PEMERINTAH KABUPATEN KENDAL"};
	cr_assert_eq(dom_office_set(&s_d, NULL, &pem, 1, &err), 0, "%s", err.msg);
	s_d.office = (struct dom_office){"puskesmas", "3324", "332401", PKM};
	cr_assert_eq(dom_office_get(&s_d, NULL, &p, &err), 0, "%s", err.msg);
	cr_assert_eq(p.stored, 0);
	s_expect(p.rec, "pemerintah", "PEMERINTAH KABUPATEN KENDAL");
	dom_office_profile_free(&p);
	cr_assert_eq(lk_store_set_meta(s_d.st, "org_kabupaten", "3324\tKendal"), 0);

	/* A district device must name the office; it reaches any of its kabupaten. */
	s_d.office = (struct dom_office){"dinkes", "3324", "", ""};
	cr_assert_eq(dom_office_get(&s_d, NULL, &p, &err), -LK_EINVAL);
	cr_assert(strstr(err.msg, "--puskesmas"), "%s", err.msg);
	cr_assert_eq(dom_office_get(&s_d, PKM, &p, &err), 0, "%s", err.msg);
	s_expect(p.rec, "unit_name", "UPTD PUSKESMAS KALIWUNGU");
	dom_office_profile_free(&p);
	cr_assert_eq(dom_office_get(&s_d, "P3325010101", &p, &err), -LK_EPERM);
}

Test(dom_office, set_stores_one_record_with_the_derived_id)
{
	struct dom_office_profile p;
	struct dom_err err = {0};
	s_names();
	struct dom_office_field f[] = {{"address", "Jl. Raya Kaliwungu No. 1"}, {"phone", "(0294) 381234"},
	                               {"email", "pkm.kaliwungu@example.go.id"}};
	cr_assert_eq(dom_office_set(&s_d, NULL, f, 3, &err), 0, "%s", err.msg);
	cr_assert_eq(dom_office_get(&s_d, NULL, &p, &err), 0);
	cr_assert_eq(p.stored, 1);
	s_expect(p.rec, "address", "Jl. Raya Kaliwungu No. 1");
	s_expect(p.rec, "phone", "(0294) 381234");
	/* The defaults went in with the first write. */
	s_expect(p.rec, "unit_name", "UPTD PUSKESMAS KALIWUNGU");
	s_expect(p.rec, "pemerintah", "PEMERINTAH KABUPATEN KENDAL");
	char id[40];
	lk_office_profile_id(PKM, id);
	cr_assert_str_eq(lk_record_id(p.rec), id);
	dom_office_profile_free(&p);

	/* A change of one field leaves the others. */
	struct dom_office_field g = {"unit_name", "UPTD PUSKESMAS KALIWUNGU I"};
	cr_assert_eq(dom_office_set(&s_d, NULL, &g, 1, &err), 0, "%s", err.msg);
	s_expect_field(NULL, "unit_name", "UPTD PUSKESMAS KALIWUNGU I");
	s_expect_field(NULL, "address", "Jl. Raya Kaliwungu No. 1");

	/* Refusals name the field and change nothing. */
	struct dom_office_field bad[] = {{"colour", "red"}, {"unit_name", ""},
	                                 {"letter_number_pattern", "440/{nomor}/{yyyy}"},
	                                 {"letter_number_pattern", "440/{romawi}/{yyyy}"}};
	const char *says[] = {"colour", "unit_name", "{nomor}", "{seq}"};
	for (size_t i = 0; i < 4; i++) {
		memset(&err, 0, sizeof err);
		cr_assert_eq(dom_office_set(&s_d, NULL, &bad[i], 1, &err), -LK_EINVAL, "case %zu", i);
		cr_assert(strstr(err.msg, says[i]), "case %zu: %s", i, err.msg);
	}
	s_expect_field(NULL, "unit_name", "UPTD PUSKESMAS KALIWUNGU I");
	s_expect_field(NULL, "letter_number_pattern", "440/{seq}/{romawi}/{yyyy}");

	/* The camat's office does not write a puskesmas's profile; a puskesmas not the camat's. */
	s_d.office = (struct dom_office){"kecamatan", "3324", "332401", ""};
	cr_assert_eq(dom_office_set(&s_d, PKM, &g, 1, &err), -LK_EPERM);
	cr_assert(strstr(err.msg, "own devices or the district"), "%s", err.msg);
	s_d.office = (struct dom_office){"puskesmas", "3324", "332401", PKM};
	cr_assert_eq(dom_office_set(&s_d, "332401", &g, 1, &err), -LK_EPERM);
	cr_assert_eq(dom_office_set(&s_d, "P3324010102", &g, 1, &err), -LK_EPERM);
	/* The district writes any office of its kabupaten. */
	s_d.office = (struct dom_office){"dinkes", "3324", "", ""};
	struct dom_office_field w = {"website", "https://pkm-kaliwungu.example.go.id"};
	cr_assert_eq(dom_office_set(&s_d, PKM, &w, 1, &err), 0, "%s", err.msg);
	s_expect_field(PKM, "website", "https://pkm-kaliwungu.example.go.id");
}

Test(dom_office, a_deleted_profile_comes_back_when_set)
{
	const struct lk_entity *e = lk_entity_find("office_profile");
	struct dom_office_profile p;
	struct dom_err err = {0};
	char why[300] = "";
	s_names();
	struct dom_office_field f = {"address", "Jl. Lama 1"};
	cr_assert_eq(dom_office_set(&s_d, NULL, &f, 1, &err), 0, "%s", err.msg);
	cr_assert_eq(dom_office_get(&s_d, NULL, &p, &err), 0);
	const char *del[] = {"deleted"};
	cr_assert_eq(lk_record_set(p.rec, "deleted", "1"), 0);
	cr_assert_eq(lk_store_put(s_d.st, e, p.rec, del, 1, why, sizeof why), 0, "%s", why);
	dom_office_profile_free(&p);
	cr_assert_eq(dom_office_get(&s_d, NULL, &p, &err), 0);
	cr_assert_eq(p.stored, 0);
	s_expect(p.rec, "address", "");
	dom_office_profile_free(&p);
	struct dom_office_field g = {"phone", "0294-2222"};
	cr_assert_eq(dom_office_set(&s_d, NULL, &g, 1, &err), 0, "%s", err.msg);
	cr_assert_eq(dom_office_get(&s_d, NULL, &p, &err), 0);
	cr_assert_eq(p.stored, 1);
	s_expect(p.rec, "deleted", "0");
	s_expect(p.rec, "phone", "0294-2222");
	s_expect(p.rec, "address", "");
	s_expect(p.rec, "unit_name", "UPTD PUSKESMAS KALIWUNGU");
	dom_office_profile_free(&p);
}

/* An invitation (a numbered letter) of office pusk dated issued. */
static void s_letter(const char *pusk, const char *number, const char *issued)
{
	const struct lk_entity *e = lk_entity_find("invitation");
	ProtobufCMessage *m = lk_record_new(e);
	char id[LK_UUID_STRLEN], why[300] = "";
	lk_uuid u;
	lk_uuid_v7(&u);
	cr_assert(lk_record_set(m, "id", lk_uuid_format(&u, id)) == 0 && lk_record_set(m, "kabupaten", "3324") == 0 &&
	          lk_record_set(m, "kecamatan", "332401") == 0 && lk_record_set(m, "puskesmas", pusk) == 0 &&
	          lk_record_set(m, "meeting_id", "01a20422-f687-7002-a92c-a851f11ac843") == 0 &&
	          lk_record_set(m, "number", number) == 0 && lk_record_set(m, "issued_date", issued) == 0 &&
	          lk_record_set(m, "document", "Undangan") == 0);
	cr_assert_eq(lk_store_put(s_d.st, e, m, NULL, 0, why, sizeof why), 0, "%s", why);
	lk_record_free(m);
}

Test(dom_office, letter_numbers_run_through_the_year)
{
	struct lk_date nov30 = {2026, 11, 30}, mar2 = {2026, 3, 2};
	struct dom_err err = {0};
	char out[120];
	long seq = 0;
	cr_assert_eq(dom_letter_number("440/{seq}/{romawi}/{yyyy}", 7, &nov30, out, sizeof out), 0);
	cr_assert_str_eq(out, "440/7/XI/2026");
	cr_assert_eq(dom_letter_number("PKM-KLW/{mm}/{seq}/{yyyy}", 12, &mar2, out, sizeof out), 0);
	cr_assert_str_eq(out, "PKM-KLW/03/12/2026");
	cr_assert_eq(dom_letter_number("440/{romawi}", 1, &mar2, out, sizeof out), -LK_EINVAL);
	cr_assert_eq(dom_letter_number("440/{seq}/{yyyy}", 1, &mar2, out, 8), -LK_EINVAL);
	cr_assert_eq(dom_letter_seq("440/{seq}/{romawi}/{yyyy}", "440/15/VIII/2026", 2026), 15);
	cr_assert_eq(dom_letter_seq("440/{seq}/{romawi}/{yyyy}", "440/15/VIII/2025", 2026), -1);
	cr_assert_eq(dom_letter_seq("440/{seq}/{romawi}/{yyyy}", "441/15/VIII/2026", 2026), -1);
	cr_assert_eq(dom_letter_seq("440/{seq}/{romawi}/{yyyy}", "440/15/VIII/2026/a", 2026), -1);

	/* The first letter of the year is 1. */
	cr_assert_eq(dom_office_next_number(&s_d, NULL, &nov30, out, sizeof out, &seq, &err), 0, "%s", err.msg);
	cr_assert_str_eq(out, "440/1/XI/2026");
	cr_assert_eq(seq, 1);
	/* Then one more than the highest of this office's letters of the year. */
	s_letter(PKM, "440/1/X/2026", "2026-10-05");
	s_letter(PKM, "440/3/XI/2026", "2026-11-02");
	s_letter(PKM, "440/9/XII/2025", "2025-12-01");     /* last year */
	s_letter("P3324010102", "440/20/XI/2026", "2026-11-03"); /* another puskesmas */
	s_letter(PKM, "surat biasa", "2026-11-04");           /* not from the pattern */
	cr_assert_eq(dom_office_next_number(&s_d, NULL, &nov30, out, sizeof out, &seq, &err), 0, "%s", err.msg);
	cr_assert_str_eq(out, "440/4/XI/2026");
	cr_assert_eq(seq, 4);
	s_letter(PKM, out, "2026-11-30");
	cr_assert_eq(dom_office_next_number(&s_d, NULL, &nov30, out, sizeof out, &seq, &err), 0);
	cr_assert_str_eq(out, "440/5/XI/2026");
	/* A new year starts again at 1. */
	struct lk_date jan = {2027, 1, 4};
	cr_assert_eq(dom_office_next_number(&s_d, NULL, &jan, out, sizeof out, &seq, &err), 0);
	cr_assert_str_eq(out, "440/1/I/2027");
	/* The office's own pattern. */
	struct dom_office_field f = {"letter_number_pattern", "{seq}/PKM-KLW/{mm}/{yyyy}"};
	cr_assert_eq(dom_office_set(&s_d, NULL, &f, 1, &err), 0, "%s", err.msg);
	cr_assert_eq(dom_office_next_number(&s_d, NULL, &nov30, out, sizeof out, &seq, &err), 0);
	cr_assert_str_eq(out, "1/PKM-KLW/11/2026");
}

Test(dom_office, zone_override_is_validated)
{
	struct dom_err err = {0};
	char zone[40];
	cr_assert_eq(dom_office_zone(&s_d, NULL, zone, sizeof zone, &err), 0, "%s", err.msg);
	cr_assert_str_eq(zone, "Asia/Jakarta"); /* Jawa Tengah */
	struct dom_office_field f = {"time_zone", "WITA"};
	cr_assert_eq(dom_office_set(&s_d, NULL, &f, 1, &err), 0, "%s", err.msg);
	s_expect_field(NULL, "time_zone", "Asia/Makassar");
	cr_assert_eq(dom_office_zone(&s_d, NULL, zone, sizeof zone, &err), 0);
	cr_assert_str_eq(zone, "Asia/Makassar");
	const char *bad[] = {"Europe/Paris", "Asia/Tokyo", "WET", "asia/jakarta"};
	for (size_t i = 0; i < 4; i++) {
		struct dom_office_field b = {"time_zone", bad[i]};
		memset(&err, 0, sizeof err);
		cr_assert_eq(dom_office_set(&s_d, NULL, &b, 1, &err), -LK_EINVAL, "%s accepted", bad[i]);
		cr_assert(strstr(err.msg, "time_zone") && strstr(err.msg, "Asia/Jayapura"), "%s", err.msg);
	}
	s_expect_field(NULL, "time_zone", "Asia/Makassar");
	struct dom_office_field wit = {"time_zone", "Asia/Jayapura"};
	cr_assert_eq(dom_office_set(&s_d, NULL, &wit, 1, &err), 0, "%s", err.msg);
	cr_assert_eq(dom_office_zone(&s_d, NULL, zone, sizeof zone, &err), 0);
	cr_assert_str_eq(zone, "Asia/Jayapura");
	struct dom_office_field none = {"time_zone", ""};
	cr_assert_eq(dom_office_set(&s_d, NULL, &none, 1, &err), 0, "%s", err.msg);
	cr_assert_eq(dom_office_zone(&s_d, NULL, zone, sizeof zone, &err), 0);
	cr_assert_str_eq(zone, "Asia/Jakarta");

	/* The record check (both sides of the wire): a zone outside the three, a wrong id. */
	const struct lk_entity *e = lk_entity_find("office_profile");
	ProtobufCMessage *m = lk_record_new(e);
	char id[40], why[300] = "";
	lk_office_profile_id("332401", id);
	cr_assert(lk_record_set(m, "id", id) == 0 && lk_record_set(m, "kabupaten", "3324") == 0 &&
	          lk_record_set(m, "kecamatan", "332401") == 0 && lk_record_set(m, "unit_name", "KECAMATAN KALIWUNGU") == 0);
	cr_assert_eq(lk_record_validate(e, m, why, sizeof why), 0, "%s", why);
	char nid[40];
	cr_assert_eq(lk_natural_id(e, m, nid), 0);
	cr_assert_str_eq(nid, id);
	cr_assert_eq(lk_record_set(m, "time_zone", "Asia/Tokyo"), 0);
	cr_assert_eq(lk_record_validate(e, m, why, sizeof why), -LK_EINVAL);
	cr_assert(strstr(why, "time_zone"), "%s", why);
	cr_assert_eq(lk_record_set(m, "time_zone", ""), 0);
	lk_office_profile_id(PKM, id);
	cr_assert_eq(lk_record_set(m, "id", id), 0);
	cr_assert_eq(lk_record_validate(e, m, why, sizeof why), -LK_EINVAL);
	cr_assert(strstr(why, "derived from the office 332401"), "%s", why);
	lk_record_free(m);
}
