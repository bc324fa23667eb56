/* test_dom_followup: the follow-up domain (problems, RTL, sectors, commitments) over a temporary store. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commitment.h"
#include "dom.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_sign.h"
#include "lk_util.h"
#include "lkt_store.h"
#include "problem.h"
#include "rtl.h"
#include "sector.h"
#include "signer.h"
#include "store.h"

static char s_home[256];
static lk_store *s_st;
static struct dom s_pkm, s_kec;

static void s_setup(void)
{
	s_st = lkt_store_open_temp("dom_followup", s_home, sizeof s_home);
	const struct dom_office pkm = {"puskesmas", "3324", "332401", "P3324010101"};
	const struct dom_office kec = {"kecamatan", "3324", "332401", ""};
	s_pkm = (struct dom){s_st, pkm, s_home, "dev-pkm", 0};
	s_kec = (struct dom){s_st, kec, s_home, "dev-kec", 0};
}

static void s_teardown(void)
{
	lkt_store_close_temp(&s_st, s_home);
}

TestSuite(followup, .init = s_setup, .fini = s_teardown);

/* ---------------------------------------------------------------- helpers */

static void s_refused(int rc, const struct dom_err *err, int code, const char *in_msg)
{
	cr_assert_eq(rc, code, "rc %d (%s), wanted %d", rc, err->msg, code);
	cr_assert_eq(err->code, code);
	cr_assert_not_null(strstr(err->msg, in_msg), "message \"%s\" lacks \"%s\"", err->msg, in_msg);
}

static void s_monthly(char id[40])
{
	lkt_rec(s_st, "meeting", id, "kind", "monthly", "year", "2026", "period", "12", "status", "held", "planned_date",
	        "2026-12-03", "title", "Lokmin Desember", NULL);
}

static void s_quarterly(char id[40])
{
	lkt_rec(s_st, "meeting", id, "puskesmas", "", "kind", "quarterly", "year", "2027", "period", "1", "status",
	        "planned", "planned_date", "2027-01-05", "title", "Lokmin lintas sektor", NULL);
}

/* ---------------------------------------------------------------- problems */

Test(followup, a_problem_with_causes_and_usg_is_ranked)
{
	char m[40], p1[40], p2[40];
	struct dom_err err = {0};
	s_monthly(m);
	const char *causes[] = {"man: bidan desa cuti", "environment: akses jalan rusak"};
	struct dom_problem_add_in a = {.meeting_id = m, .description = "Kunjungan K1 rendah", .indicator = "KIA_K1",
	                               .gap = "K1 7% vs 16.7%", .causes = causes, .ncauses = 2, .usg = 1,
	                               .urgency = 2, .seriousness = 3, .growth = 3};
	cr_assert_eq(dom_problem_add(&s_pkm, &a, p1, &err), 0, "%s", err.msg);
	struct dom_problem_add_in b = {.meeting_id = m, .description = "Jamban sehat belum merata", .usg = 1,
	                               .urgency = 5, .seriousness = 4, .growth = 4, .cross_sector = 1};
	cr_assert_eq(dom_problem_add(&s_pkm, &b, p2, &err), 0, "%s", err.msg);

	lkt_field_is(s_st, "problem", p1, "root_causes", "man: bidan desa cuti\nenvironment: akses jalan rusak");
	lkt_field_is(s_st, "problem", p1, "urgency", "2");
	lkt_field_is(s_st, "problem", p1, "seriousness", "3");
	lkt_field_is(s_st, "problem", p1, "growth", "3");
	lkt_field_is(s_st, "problem", p1, "gap", "K1 7% vs 16.7%");
	lkt_field_is(s_st, "problem", p1, "meeting_id", m);
	lkt_field_is(s_st, "problem", p1, "puskesmas", "P3324010101");
	lkt_field_is(s_st, "problem", p2, "cross_sector", "1");

	/* Priority is U+S+G, highest first: 13 before 8. */
	struct dom_problem_rows l;
	cr_assert_eq(dom_problem_list(&s_pkm, m, &l, &err), 0, "%s", err.msg);
	cr_assert_eq(l.n, 2);
	cr_assert_str_eq(lk_record_id(l.v[0].rec), p2);
	cr_assert_eq(l.v[0].score, 13);
	cr_assert_eq(l.v[0].cross_sector, 1);
	cr_assert_str_eq(l.v[0].handle, "2026-12#2");
	cr_assert_eq(l.v[1].score, 8);
	cr_assert_str_eq(l.v[1].handle, "2026-12#1");
	dom_problem_rows_free(&l);
	/* Flagged: only the cross-sector one. */
	cr_assert_eq(dom_problem_list(&s_pkm, NULL, &l, &err), 0);
	cr_assert_eq(l.n, 1);
	cr_assert_str_eq(lk_record_id(l.v[0].rec), p2);
	dom_problem_rows_free(&l);
}

Test(followup, a_problem_is_refused_with_the_field_named)
{
	char m[40], id[40] = "";
	struct dom_err err = {0};
	s_monthly(m);
	struct dom_problem_add_in a = {.meeting_id = m, .description = "x", .usg = 1, .urgency = 6, .seriousness = 1,
	                               .growth = 1};
	s_refused(dom_problem_add(&s_pkm, &a, id, &err), &err, -LK_EINVAL, "urgency must be scored 1-5");
	const char *bad[] = {"weather: hujan"};
	struct dom_problem_add_in b = {.meeting_id = m, .description = "x", .causes = bad, .ncauses = 1};
	s_refused(dom_problem_add(&s_pkm, &b, id, &err), &err, -LK_EINVAL, "must start with man:");
	struct dom_problem_add_in c = {.meeting_id = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", .description = "x"};
	s_refused(dom_problem_add(&s_pkm, &c, id, &err), &err, -LK_ENOTFOUND, "no meeting");
	struct dom_problem_rows l;
	cr_assert_eq(dom_problem_list(&s_pkm, m, &l, &err), 0);
	cr_assert_eq(l.n, 0, "nothing was written");
	dom_problem_rows_free(&l);
}

/* ---------------------------------------------------------------- RTL */

/* A key of capacity (head, deputy) for person, confirmed by the district, created before now; the secret into sk. */
static void s_key(const char *person, const char *capacity, char key_id[40], uint8_t sk[LK_SIGN_SKLEN])
{
	uint8_t pk[LK_SIGN_PKLEN];
	char hex[2 * LK_SIGN_PKLEN + 1];
	cr_assert_eq(lk_sign_keygen(pk, sk), 0);
	lkt_rec(s_st, "signer_key", key_id, "person_id", person, "public_key", lk_hex_encode(hex, pk, sizeof pk),
	        "capacity", capacity, "created_at", "2026-01-01T00:00:00Z", "status", "active", "confirmed_at",
	        "2026-01-02T00:00:00Z", NULL);
}

static void s_head_key(const char *person, char key_id[40], uint8_t sk[LK_SIGN_SKLEN])
{
	s_key(person, "head", key_id, sk);
}

/* An RTL item of a new monthly meeting, done. */
static void s_done_item(char r[40])
{
	char m[40], owner[40];
	struct dom_err err = {0};
	s_monthly(m);
	lkt_rec(s_st, "person", owner, "name", "Bidan Sari", "role", "pj_program", NULL);
	struct dom_rtl_add_in a = {.meeting_id = m, .activity = "Kelas ibu hamil", .owner_person_id = owner,
	                           .due = "2026-12-20"};
	cr_assert_eq(dom_rtl_add(&s_pkm, &a, r, &err), 0, "%s", err.msg);
	struct dom_rtl_update_in u = {.rtl_id = r, .status = "done", .date = "2026-12-15"};
	cr_assert_eq(dom_rtl_update(&s_pkm, &u, &err), 0, "%s", err.msg);
}

Test(followup, rtl_add_progress_done_and_the_heads_verification)
{
	char m[40], kapus[40], siti[40], r[40], key[40], siti_key[40];
	uint8_t sk[LK_SIGN_SKLEN], siti_sk[LK_SIGN_SKLEN];
	struct dom_err err = {0};
	s_monthly(m);
	lkt_rec(s_st, "person", kapus, "name", "dr. Ratna", "role", "kapus", NULL);
	lkt_rec(s_st, "person", siti, "name", "Siti Aminah", "role", "pj_program", NULL);
	s_head_key(kapus, key, sk);
	s_head_key(siti, siti_key, siti_sk);

	struct dom_rtl_add_in a = {.meeting_id = m, .activity = "Sweeping imunisasi", .owner_person_id = siti,
	                           .due = "2026-12-20", .place = "Desa Kutoharjo"};
	cr_assert_eq(dom_rtl_add(&s_pkm, &a, r, &err), 0, "%s", err.msg);
	lkt_field_is(s_st, "rtl", r, "status", "open");
	lkt_field_is(s_st, "rtl", r, "owner_person_id", siti);
	lkt_field_is(s_st, "rtl", r, "due_date", "2026-12-20");
	lkt_field_is(s_st, "rtl", r, "meeting_id", m);

	/* Not done yet: no verification (the server's rule, the server's words). */
	struct dom_rtl_verify_in v = {.rtl_id = r, .person_id = kapus};
	struct dom_rtl_verifier who;
	s_refused(dom_rtl_may_verify(&s_pkm, &v, &who, &err), &err, -LK_EINVAL,
	          "only a done RTL item can be verified (this one is open)");

	/* Overdue as of January 10th: 21 days. */
	struct dom_rtl_rows l;
	cr_assert_eq(dom_rtl_list(&s_pkm, 0, 1, "2027-01-10", &l, &err), 0, "%s", err.msg);
	cr_assert_eq(l.n, 1);
	cr_assert_eq(l.v[0].age, 21);
	cr_assert_eq(l.aged[0], 1);
	cr_assert_str_eq(l.v[0].handle, "2026-12#1");
	dom_rtl_rows_free(&l);

	struct dom_rtl_update_in u1 = {.rtl_id = r, .status = "in_progress", .note = "Desa 1 selesai", .date = "2026-12-10"};
	cr_assert_eq(dom_rtl_update(&s_pkm, &u1, &err), 0, "%s", err.msg);
	lkt_field_is(s_st, "rtl", r, "status", "in_progress");
	lkt_field_is(s_st, "rtl", r, "closed_on", "");
	struct dom_rtl_update_in u2 = {.rtl_id = r, .status = "done", .note = "14 balita diimunisasi", .date = "2026-12-18"};
	cr_assert_eq(dom_rtl_update(&s_pkm, &u2, &err), 0, "%s", err.msg);
	lkt_field_is(s_st, "rtl", r, "status", "done");
	lkt_field_is(s_st, "rtl", r, "closed_on", "2026-12-18");
	lkt_field_is(s_st, "rtl", r, "status_note", "2026-12-10: Desa 1 selesai\n2026-12-18: 14 balita diimunisasi");
	struct dom_rtl_update_in u3 = {.rtl_id = r, .status = "verified"};
	s_refused(dom_rtl_update(&s_pkm, &u3, &err), &err, -LK_EINVAL, "verifying is the Kapus's step");
	struct dom_rtl_update_in u4 = {.rtl_id = r, .status = "finished"};
	s_refused(dom_rtl_update(&s_pkm, &u4, &err), &err, -LK_EINVAL,
	          "status: \"finished\" is not one of the allowed values");

	/* Someone other than the head is refused, key or no key. */
	struct dom_rtl_verify_in by_siti = {.rtl_id = r, .person_id = siti, .key_id = siti_key, .sk = siti_sk};
	s_refused(dom_rtl_may_verify(&s_pkm, &by_siti, &who, &err), &err, -LK_EPERM,
	          "only the Kapus of this office verifies RTL items");
	s_refused(dom_rtl_verify(&s_pkm, &by_siti, &err), &err, -LK_EPERM, "only the Kapus of this office verifies");
	struct dom_rtl_verify_in nobody = {.rtl_id = r};
	s_refused(dom_rtl_may_verify(&s_pkm, &nobody, &who, &err), &err, -LK_EINVAL, "say who verifies");
	lkt_field_is(s_st, "rtl", r, "status", "done");

	/* The head: allowed, then signed and written. */
	cr_assert_eq(dom_rtl_may_verify(&s_pkm, &v, &who, &err), 0, "%s", err.msg);
	cr_assert_str_eq(who.name, "dr. Ratna");
	cr_assert_eq(who.deputy, 0);
	struct dom_rtl_verify_in wrong_key = {.rtl_id = r, .person_id = kapus, .key_id = siti_key, .sk = siti_sk};
	s_refused(dom_rtl_verify(&s_pkm, &wrong_key, &err), &err, -LK_EPERM, "is not dr. Ratna's");
	struct dom_rtl_verify_in ok = {.rtl_id = r, .person_id = kapus, .key_id = key, .sk = sk, .note = "Diperiksa",
	                               .date = "2026-12-19"};
	cr_assert_eq(dom_rtl_verify(&s_pkm, &ok, &err), 0, "%s", err.msg);
	lkt_field_is(s_st, "rtl", r, "status", "verified");
	lkt_field_is(s_st, "rtl", r, "verified_by", kapus);
	lkt_field_is(s_st, "rtl", r, "verified_key_id", key);
	lkt_field_is(s_st, "rtl", r, "closed_on", "2026-12-18"); /* the day the work was done */
	char *note = lkt_field(s_st, "rtl", r, "status_note"), *sig = lkt_field(s_st, "rtl", r, "verification_sig");
	cr_assert_not_null(strstr(note, "\n2026-12-19: diverifikasi oleh dr. Ratna; Diperiksa"), "%s", note);
	cr_assert_eq(strlen(sig), 128);
	free(note);
	free(sig);
	ProtobufCMessage *rec = NULL;
	char why[300] = "";
	cr_assert_eq(lk_store_get(s_st, lk_entity_find("rtl"), r, &rec), 0);
	cr_assert_eq(signer_record_state(s_st, lk_entity_find("rtl"), rec, why, sizeof why), SIGNER_VERIFIED, "%s", why);
	lk_record_free(rec);
	/* Verified items are no longer open. */
	cr_assert_eq(dom_rtl_list(&s_pkm, 1, 0, "2027-01-10", &l, &err), 0);
	cr_assert_eq(l.n, 0);
	dom_rtl_rows_free(&l);
}

/* ---------------------------------------------------------------- sectors and commitments */

Test(followup, sectors_are_the_camat_offices)
{
	char id[40], again[40], rep[40];
	struct dom_err err = {0};
	struct dom_sector_add_in a = {.code = "KUA", .name = "KUA Kaliwungu", .kind = "kua"};
	s_refused(dom_sector_add(&s_pkm, &a, id, &err), &err, -LK_EPERM, "kept by the camat's office");
	cr_assert_eq(dom_sector_add(&s_kec, &a, id, &err), 0, "%s", err.msg);
	lkt_field_is(s_st, "sector", id, "code", "KUA");
	lkt_field_is(s_st, "sector", id, "kecamatan", "332401");
	lkt_field_is(s_st, "sector", id, "puskesmas", "");
	lkt_field_is(s_st, "sector", id, "kind", "kua");
	/* The same code again changes that sector. */
	struct dom_sector_add_in b = {.code = "KUA", .name = "KUA Kecamatan Kaliwungu", .contact = "0294-1"};
	cr_assert_eq(dom_sector_add(&s_kec, &b, again, &err), 0, "%s", err.msg);
	cr_assert_str_eq(again, id);
	lkt_field_is(s_st, "sector", id, "name", "KUA Kecamatan Kaliwungu");
	lkt_field_is(s_st, "sector", id, "kind", "kua");
	lkt_field_is(s_st, "sector", id, "contact", "0294-1");
	struct dom_sector_add_in c = {.code = "PKK", .name = "TP PKK", .kecamatan = "332402"};
	s_refused(dom_sector_add(&s_kec, &c, again, &err), &err, -LK_EINVAL, "kecamatan 332401 only");

	struct dom_sector_rep_in r = {.sector_id = id, .name = "Pak Ahmad", .title = "Kepala KUA"};
	cr_assert_eq(dom_sector_rep(&s_kec, &r, rep, &err), 0, "%s", err.msg);
	lkt_field_is(s_st, "person", rep, "role", "sector_rep");
	lkt_field_is(s_st, "person", rep, "sector_id", id);
	struct dom_sector_rows l;
	cr_assert_eq(dom_sector_list(&s_kec, &l, &err), 0);
	cr_assert_eq(l.n, 1);
	cr_assert_str_eq(l.v[0].handle, "KUA");
	cr_assert_eq(l.v[0].reps, 1);
	dom_sector_rows_free(&l);
}

Test(followup, commitments_only_at_the_quarterly_meeting)
{
	char monthly[40], q1[40], kua[40], prob[40], c[40] = "";
	struct dom_err err = {0};
	s_monthly(monthly);
	s_quarterly(q1);
	struct dom_sector_add_in sa = {.code = "KUA", .name = "KUA Kaliwungu"};
	cr_assert_eq(dom_sector_add(&s_kec, &sa, kua, &err), 0, "%s", err.msg);
	lkt_rec(s_st, "problem", prob, "meeting_id", monthly, "description", "Pernikahan usia anak", "cross_sector", "1",
	        NULL);

	struct dom_commitment_add_in a = {.meeting_id = monthly, .sector_id = kua, .support = "Bimbingan perkawinan"};
	s_refused(dom_commitment_add(&s_kec, &a, c, &err), &err, -LK_EINVAL,
	          "is a monthly lokmin; commitments are made at the quarterly cross-sector lokmin");
	struct dom_commitment_rows l;
	cr_assert_eq(dom_commitment_list(&s_kec, NULL, 0, &l, &err), 0);
	cr_assert_eq(l.n, 0, "nothing was written");
	dom_commitment_rows_free(&l);
	a.meeting_id = q1;
	s_refused(dom_commitment_add(&s_pkm, &a, c, &err), &err, -LK_EPERM, "kept by the camat's office");

	a.problem_id = prob;
	cr_assert_eq(dom_commitment_add(&s_kec, &a, c, &err), 0, "%s", err.msg);
	lkt_field_is(s_st, "commitment", c, "meeting_id", q1);
	lkt_field_is(s_st, "commitment", c, "sector_id", kua);
	lkt_field_is(s_st, "commitment", c, "status", "open");
	lkt_field_is(s_st, "commitment", c, "period_start", "2027-01-05");
	lkt_field_is(s_st, "commitment", c, "period_end", "2027-04-30");
	lkt_field_is(s_st, "commitment", c, "problem_id", prob);
	lkt_field_is(s_st, "commitment", c, "puskesmas", "P3324010101");

	cr_assert_eq(dom_commitment_list(&s_kec, q1, 0, &l, &err), 0);
	cr_assert_eq(l.n, 1);
	cr_assert_str_eq(l.v[0].handle, "2027-Q1#1");
	cr_assert_str_eq(l.v[0].sector_name, "KUA Kaliwungu");
	dom_commitment_rows_free(&l);

	struct dom_commitment_update_in u = {.commitment_id = c, .status = "done", .note = "40 catin", .date = "2027-03-01"};
	cr_assert_eq(dom_commitment_update(&s_kec, &u, &err), 0, "%s", err.msg);
	lkt_field_is(s_st, "commitment", c, "status", "done");
	lkt_field_is(s_st, "commitment", c, "closed_on", "2027-03-01");
	struct dom_commitment_update_in bad = {.commitment_id = c, .status = "verified"};
	s_refused(dom_commitment_update(&s_kec, &bad, &err), &err, -LK_EINVAL, "--status is open");
	cr_assert_eq(dom_commitment_list(&s_kec, NULL, 1, &l, &err), 0);
	cr_assert_eq(l.n, 0, "a done commitment is not open");
	dom_commitment_rows_free(&l);
}

Test(followup, a_deputy_verifies_only_inside_a_delegation)
{
	char r[40], ktu[40], late[40], head_key[40], dep_key[40], late_key[40];
	uint8_t head_sk[LK_SIGN_SKLEN], dep_sk[LK_SIGN_SKLEN], late_sk[LK_SIGN_SKLEN];
	struct dom_err err = {0};
	struct dom_rtl_verifier who;
	s_done_item(r);
	lkt_rec(s_st, "person", ktu, "name", "Agus Salim", "role", "ktu", NULL);
	lkt_rec(s_st, "person", late, "name", "Dewi Lestari", "role", "ktu", NULL);
	/* The district's grants (no head's key): one in force for years, one long over. */
	lkt_rec(s_st, "delegation", NULL, "person_id", ktu, "kind", "plt", "valid_from", "2020-01-01", "valid_until",
	        "2099-12-31", "granted_at", "2026-01-03T00:00:00Z", NULL);
	lkt_rec(s_st, "delegation", NULL, "person_id", late, "kind", "plh", "valid_from", "2020-01-01", "valid_until",
	        "2020-01-31", "granted_at", "2020-01-01T00:00:00Z", NULL);
	s_key(ktu, "head", head_key, head_sk);
	s_key(ktu, "deputy", dep_key, dep_sk);
	s_key(late, "deputy", late_key, late_sk);

	struct dom_rtl_verify_in over = {.rtl_id = r, .person_id = late, .key_id = late_key, .sk = late_sk};
	s_refused(dom_rtl_may_verify(&s_pkm, &over, &who, &err), &err, -LK_EPERM,
	          "the delegation of Dewi Lestari (plh 2020-01-01 to 2020-01-31) is not in force");
	struct dom_rtl_verify_in as_head = {.rtl_id = r, .person_id = ktu, .key_id = head_key, .sk = head_sk};
	s_refused(dom_rtl_verify(&s_pkm, &as_head, &err), &err, -LK_EPERM, "is a head's key");
	lkt_field_is(s_st, "rtl", r, "status", "done");
	struct dom_rtl_verify_in as_deputy = {.rtl_id = r, .person_id = ktu, .key_id = dep_key, .sk = dep_sk};
	cr_assert_eq(dom_rtl_may_verify(&s_pkm, &as_deputy, &who, &err), 0, "%s", err.msg);
	cr_assert_eq(who.deputy, 1);
	cr_assert_eq(dom_rtl_verify(&s_pkm, &as_deputy, &err), 0, "%s", err.msg);
	lkt_field_is(s_st, "rtl", r, "status", "verified");
	lkt_field_is(s_st, "rtl", r, "verified_by", ktu);
	lkt_field_is(s_st, "rtl", r, "verified_key_id", dep_key);
	lkt_field_is(s_st, "rtl", r, "closed_on", "2026-12-15");
}

/* ---------------------------------------------------------------- a meeting's board */

/* A meeting of office (puskesmas "" for the camat's office) in kecamatan kec; its board's view of it into mt. */
static void s_meeting_of(const char *kec, const char *pusk, const char *kind, const char *period, char id[40],
                         struct dom_meeting *mt)
{
	lkt_rec(s_st, "meeting", id, "kecamatan", kec, "puskesmas", pusk, "kind", kind, "year", "2026", "period", period,
	        "status", "held", "planned_date", "2026-06-03", "title", "Lokmin", NULL);
	memset(mt, 0, sizeof *mt);
	lk_strlcpy(mt->id, id, sizeof mt->id);
	lk_strlcpy(mt->kabupaten, "3324", sizeof mt->kabupaten);
	lk_strlcpy(mt->kecamatan, kec, sizeof mt->kecamatan);
	lk_strlcpy(mt->puskesmas, pusk, sizeof mt->puskesmas);
}

static char s_owner[40]; /* the person in charge of the board's items */

/* An item of meeting m with status (open, done, dropped) and due day, given to puskesmas to_pusk (NULL: to
 * s_owner); its id into r. */
static void s_item_of(const char *m, const char *activity, const char *status, const char *due, const char *to_pusk,
                      char r[40])
{
	struct dom_err err = {0};
	struct dom_rtl_add_in a = {.meeting_id = m, .activity = activity, .due = due, .owner_puskesmas = to_pusk,
	                           .owner_person_id = to_pusk ? NULL : s_owner};
	cr_assert_eq(dom_rtl_add(&s_pkm, &a, r, &err), 0, "%s", err.msg);
	struct dom_rtl_update_in u = {.rtl_id = r, .status = status, .date = "2026-06-10"};
	if (strcmp(status, "open"))
		cr_assert_eq(dom_rtl_update(&s_pkm, &u, &err), 0, "%s", err.msg);
}

/* The column of item id on board l: -2 when it is not on it. */
static int s_col_of(const struct dom_rtl_rows *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(lk_record_id(l->v[i].rec), id))
			return l->v[i].col;
	return -2;
}

Test(followup, a_meetings_board_shows_what_its_office_holds)
{
	char m1[40], m0[40], m2[40], mk[40], mx[40];
	char a[40], b[40], c[40], d[40], e[40], f[40], g[40], h[40], x[40];
	struct dom_meeting t1, t0, t2, tk, tx;
	struct dom_rtl_rows l;
	struct dom_err err = {0};
	lkt_rec(s_st, "person", s_owner, "name", "Bidan Sari", "role", "pj_program", NULL);
	s_meeting_of("332401", "P3324010101", "monthly", "6", m1, &t1);
	s_meeting_of("332401", "P3324010101", "monthly", "5", m0, &t0);
	s_meeting_of("332401", "P3324010102", "monthly", "6", m2, &t2);
	s_meeting_of("332401", "", "quarterly", "2", mk, &tk);
	s_meeting_of("332402", "P3324020101", "monthly", "6", mx, &tx);
	s_item_of(m1, "Posyandu balita", "open", "2099-12-31", NULL, a);
	s_item_of(m1, "Kelas ibu hamil", "done", "2099-12-31", NULL, b);
	s_item_of(m1, "Survei jentik", "dropped", "2099-12-31", NULL, c);
	s_item_of(m0, "Sweeping imunisasi", "open", "2020-01-31", NULL, d);
	s_item_of(m0, "Pemutakhiran data", "done", "2020-01-31", NULL, e);
	s_item_of(m2, "Kunjungan rumah", "open", "2099-12-31", NULL, f);
	s_item_of(mk, "Jamban sehat", "open", "2099-12-31", NULL, g);
	s_item_of(mk, "Penyuluhan sekolah", "open", "2099-12-31", "P3324010102", h);
	s_item_of(mx, "Kelas lansia", "open", "2099-12-31", NULL, x);

	/* A puskesmas' meeting: its own items but the dropped one, what its office still has open (its earlier
	 * meeting's, the kecamatan's own), never another puskesmas' or another kecamatan's. */
	cr_assert_eq(dom_rtl_board(&s_pkm, &t1, &l, &err), 0, "%s", err.msg);
	cr_assert_eq(l.n, 4);
	cr_assert_eq(s_col_of(&l, a), DOM_RTL_OPEN);
	cr_assert_eq(s_col_of(&l, b), DOM_RTL_DONE);
	cr_assert_eq(s_col_of(&l, c), -2, "dropped: on no board");
	cr_assert_eq(s_col_of(&l, d), DOM_RTL_OVERDUE);
	cr_assert_eq(s_col_of(&l, e), -2, "closed at its own meeting");
	cr_assert_eq(s_col_of(&l, f), -2, "another puskesmas'");
	cr_assert_eq(s_col_of(&l, g), DOM_RTL_OPEN);
	cr_assert_eq(s_col_of(&l, h), -2, "given to another puskesmas");
	cr_assert_eq(s_col_of(&l, x), -2, "another kecamatan's");
	cr_assert_eq(l.aged[2], 1, "the overdue item counted among those over 90 days");
	dom_rtl_rows_free(&l);

	/* The camat's office's meeting: the whole kecamatan's open items. */
	cr_assert_eq(dom_rtl_board(&s_kec, &tk, &l, &err), 0, "%s", err.msg);
	cr_assert_eq(l.n, 5);
	cr_assert_eq(s_col_of(&l, a), DOM_RTL_OPEN);
	cr_assert_eq(s_col_of(&l, d), DOM_RTL_OVERDUE);
	cr_assert_eq(s_col_of(&l, f), DOM_RTL_OPEN);
	cr_assert_eq(s_col_of(&l, g), DOM_RTL_OPEN);
	cr_assert_eq(s_col_of(&l, h), DOM_RTL_OPEN);
	cr_assert_eq(s_col_of(&l, b), -2);
	cr_assert_eq(s_col_of(&l, x), -2);
	dom_rtl_rows_free(&l);

	/* The other kecamatan's puskesmas: only its own. */
	cr_assert_eq(dom_rtl_board(&s_pkm, &tx, &l, &err), 0, "%s", err.msg);
	cr_assert_eq(l.n, 1);
	cr_assert_eq(s_col_of(&l, x), DOM_RTL_OPEN);
	dom_rtl_rows_free(&l);
	(void)t0, (void)t2;
}
