/* test_rules: the SOP rules of lk_rules, lk_scope and lk_signer's device changes, allowed and refused. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "lk_error.h"
#include "lk_rules.h"
#include "lk_scope.h"
#include "lk_signer.h"

/* expect "" = allowed; else the refusal's err must contain expect. */
static void s_check(const char *what, int rc, const char *err, const char *expect)
{
	if (!expect[0]) {
		cr_assert_eq(rc, 0, "%s: refused: %s", what, err);
		return;
	}
	cr_assert_eq(rc, -LK_EINVAL, "%s: allowed, expected \"%s\"", what, expect);
	cr_assert(strstr(err, expect) != NULL, "%s: \"%s\" does not say \"%s\"", what, err, expect);
}

/* ---------------------------------------------------------------- persons */

Test(rules, person_roles_and_heads)
{
	static const char *const want[] = {"kapus", "ktu", "pj_program", "notulis", "camat", "staff", "sector_rep"};
	size_t n = 0;
	while (lk_person_roles[n])
		n++;
	cr_assert_eq(n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < n; i++) {
		cr_assert_str_eq(lk_person_roles[i], want[i]);
		cr_assert_eq(lk_person_role_valid(want[i]), 1, "%s", want[i]);
	}
	cr_assert_eq(lk_person_role_valid("Kapus"), 0, "roles are lower case");
	cr_assert_eq(lk_person_role_valid("bidan"), 0);
	cr_assert_eq(lk_person_role_valid(""), 0);
	cr_assert_eq(lk_person_role_valid(NULL), 0);
	cr_assert_str_eq(lk_head_role("P3324010101"), "kapus");
	cr_assert_str_eq(lk_head_role(""), "camat");
	cr_assert_str_eq(lk_head_role(NULL), "camat");
	cr_assert_eq(lk_role_is_head("kapus"), 1);
	cr_assert_eq(lk_role_is_head("camat"), 1);
	cr_assert_eq(lk_role_is_head("ktu"), 0);
	cr_assert_eq(lk_role_is_head(NULL), 0);
}

Test(rules, person_role_change_to_and_from_head_is_the_districts)
{
	static const struct {
		const char *device, *was, *now, *expect;
	} cases[] = {
		{"puskesmas", "staff", "ktu", ""},
		{"puskesmas", "kapus", "kapus", ""},
		{"dinkes", "staff", "kapus", ""},
		{"dinkes", "camat", "staff", ""},
		{"puskesmas", "staff", "kapus", "only the district makes a person Kapus or Camat"},
		{"puskesmas", "kapus", "ktu", "(\"kapus\" to \"ktu\")"},
		{"kecamatan", "camat", "staff", "only the district"},
		{"kecamatan", "", "camat", "only the district"},
		{"admin", "staff", "kapus", "only the district"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char err[300] = "";
		int rc = lk_person_role_change(cases[i].device, cases[i].was, cases[i].now, err, sizeof err);
		s_check(cases[i].now, rc, err, cases[i].expect);
	}
	char err[300];
	cr_assert_eq(lk_person_role_change("puskesmas", "kapus", "staff", err, sizeof err), -LK_EINVAL);
	cr_assert_str_eq(err, "person.role: only the district makes a person Kapus or Camat, or ends it "
	                      "(\"kapus\" to \"staff\")");
}

/* ---------------------------------------------------------------- meetings */

Test(rules, a_cancelled_meeting_takes_no_attendance_or_material)
{
	char err[300] = "";
	cr_assert_eq(lk_meeting_accepts("planned", "attendance", err, sizeof err), 0);
	cr_assert_eq(lk_meeting_accepts("held", "material", err, sizeof err), 0);
	cr_assert_eq(lk_meeting_accepts("postponed", "material", err, sizeof err), 0);
	cr_assert_eq(lk_meeting_accepts("cancelled", "attendance", err, sizeof err), -LK_EINVAL);
	cr_assert_str_eq(err, "attendance for a cancelled meeting");
	cr_assert_eq(lk_meeting_accepts("cancelled", "material", err, sizeof err), -LK_EINVAL);
	cr_assert_str_eq(err, "material for a cancelled meeting");
}

Test(rules, meeting_status_moves)
{
	static const struct {
		const char *from, *to, *reason, *expect;
	} cases[] = {
		{"planned", "held", "", ""},
		{"planned", "postponed", "Bertepatan dengan BIAS", ""},
		{"planned", "cancelled", "Banjir", ""},
		{"postponed", "held", "", ""},
		{"postponed", "postponed", "Lagi", ""},
		{"postponed", "cancelled", "Digabung", ""},
		{"missed", "held", "", ""},
		{"held", "held", "", ""},
		{NULL, "planned", "", ""},
		{NULL, "held", "", ""},
		{NULL, "cancelled", "Banjir", ""},
		{"planned", "postponed", "", "a postponed meeting needs its reason on record"},
		{"planned", "cancelled", "", "a cancelled meeting needs its reason on record"},
		{"planned", "cancelled", NULL, "needs its reason"},
		{NULL, "postponed", "", "a postponed meeting needs its reason on record"},
		{"cancelled", "held", "", "this meeting is cancelled; it cannot be held"},
		{"cancelled", "planned", "", "it cannot be planned again: a cancelled meeting stays cancelled"},
		{"cancelled", "postponed", "Ditunda", "a cancelled meeting stays cancelled"},
		{"cancelled", "cancelled", "Lagi", "a cancelled meeting stays cancelled"},
		{"held", "postponed", "Ditunda", "this meeting is held; it cannot be postponed"},
		{"held", "cancelled", "Batal", "a held meeting can only be held again"},
		{"held", "planned", "", "it cannot be planned again"},
		{"held", "missed", "", "it cannot be marked missed"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char err[300] = "", what[64];
		snprintf(what, sizeof what, "%s -> %s", cases[i].from ? cases[i].from : "(new)", cases[i].to);
		int rc = lk_meeting_transition(cases[i].from, cases[i].to, cases[i].reason, err, sizeof err);
		s_check(what, rc, err, cases[i].expect);
	}
	char err[300];
	cr_assert_eq(lk_meeting_transition("held", "postponed", "x", err, sizeof err), -LK_EINVAL);
	cr_assert_str_eq(err, "this meeting is held; it cannot be postponed: a held meeting can only be held again "
	                      "(with its date)");
}

/* ---------------------------------------------------------------- minutes */

Test(rules, only_signed_minutes_are_submitted)
{
	char err[300] = "";
	cr_assert_eq(lk_minutes_submit("ab12", NULL, err, sizeof err), 0);
	cr_assert_eq(lk_minutes_submit("", NULL, err, sizeof err), -LK_EINVAL);
	cr_assert_str_eq(err, "only signed minutes are sent to the district; sign them first");
	cr_assert_eq(lk_minutes_submit(NULL, NULL, err, sizeof err), -LK_EINVAL);
	cr_assert_str_eq(err, "only signed minutes are sent to the district; sign them first");
	cr_assert_eq(lk_minutes_submit("ab12", "key k1 has been revoked", err, sizeof err), -LK_EINVAL);
	cr_assert_str_eq(err, "only signed minutes are sent to the district; this signature does not verify: "
	                      "key k1 has been revoked");
}

Test(rules, only_the_district_reviews_submitted_minutes)
{
	char err[300] = "";
	cr_assert_eq(lk_review_allowed("dinkes", 1, "m1", "t1", err, sizeof err), 0);
	cr_assert_eq(lk_review_allowed("dinkes", 0, "m1", "t1", err, sizeof err), -LK_EINVAL);
	cr_assert_str_eq(err, "minutes m1 of meeting t1 have not been submitted to the district");
	static const char *const others[] = {"puskesmas", "kecamatan", "admin", "", NULL};
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		err[0] = '\0';
		/* The role is the first refusal, submitted or not. */
		cr_assert_eq(lk_review_allowed(others[i], 1, "m1", "t1", err, sizeof err), -LK_EINVAL);
		cr_assert_str_eq(err, "only the district health office reviews minutes");
		cr_assert_eq(lk_review_allowed(others[i], 0, "m1", "t1", err, sizeof err), -LK_EINVAL);
		cr_assert_str_eq(err, "only the district health office reviews minutes");
	}
}

/* ---------------------------------------------------------------- follow-up */

Test(rules, rtl_verified_only_when_done)
{
	static const struct {
		const char *from, *to, *expect;
	} cases[] = {
		{"done", "verified", ""},
		{"verified", "verified", ""},
		{"open", "in_progress", ""},
		{"open", "done", ""},
		{"done", "open", ""},
		{"dropped", "open", ""},
		{"open", "verified", "only a done RTL item can be verified (this one is open)"},
		{"in_progress", "verified", "(this one is in_progress)"},
		{"dropped", "verified", "(this one is dropped)"},
		{"", "verified", "(this one is new)"},
		{NULL, "verified", "(this one is new)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char err[300] = "", what[64];
		snprintf(what, sizeof what, "%s -> %s", cases[i].from ? cases[i].from : "(null)", cases[i].to);
		s_check(what, lk_rtl_transition(cases[i].from, cases[i].to, err, sizeof err), err, cases[i].expect);
	}
}

Test(rules, sectors_and_commitments_are_kept_by_the_camats_office)
{
	char err[300] = "";
	cr_assert_eq(lk_role_keeps("kecamatan", "sector", err, sizeof err), 0);
	cr_assert_eq(lk_role_keeps("dinkes", "commitment", err, sizeof err), 0);
	cr_assert_eq(lk_role_keeps("puskesmas", "commitment", err, sizeof err), -LK_EINVAL);
	cr_assert_str_eq(err, "commitment records are kept by the camat's office; a puskesmas reads them but cannot "
	                      "change them");
	cr_assert_eq(lk_role_keeps("admin", "sector", err, sizeof err), -LK_EINVAL);
	cr_assert(strstr(err, "sector records are kept by the camat's office"), "%s", err);
	cr_assert_eq(lk_role_keeps("puskesmas", NULL, err, sizeof err), -LK_EINVAL);
	cr_assert(!strncmp(err, "these records", 13), "%s", err);
}

Test(rules, commitments_only_at_the_quarterly_lokmin)
{
	char err[300] = "";
	cr_assert_eq(lk_commitment_meeting("quarterly", "q1", err, sizeof err), 0);
	cr_assert_eq(lk_commitment_meeting("monthly", "m1", err, sizeof err), -LK_EINVAL);
	cr_assert_str_eq(err, "meeting m1 is a monthly lokmin; commitments are made at the quarterly cross-sector lokmin");
	cr_assert_eq(lk_commitment_meeting("", "m2", err, sizeof err), -LK_EINVAL);
	cr_assert(strstr(err, "quarterly cross-sector"), "%s", err);
}

/* ---------------------------------------------------------------- signer trust */

static struct lk_signer_key s_key(const char *status, const char *confirmed_at, const char *revoked_at)
{
	return (struct lk_signer_key){"k1", "p1", "3324", "332401", "P3324010101", "", "head", "2026-01-01T00:00:00Z",
	                              "",   "",   0,      status,   confirmed_at,  revoked_at, ""};
}

Test(rules, signer_key_changes)
{
	static const struct {
		const char *device;
		const char *was, *was_conf, *was_rev;
		const char *now, *now_conf, *now_rev;
		int made_here;
		const char *expect;
	} cases[] = {
		{"dinkes", "pending", "", "", "active", "2026-01-02T00:00:00Z", "", 0, ""},
		{"dinkes", "pending", "", "", "revoked", "", "2026-01-02T00:00:00Z", 0, ""},
		{"dinkes", "active", "2026-01-02T00:00:00Z", "", "revoked", "2026-01-02T00:00:00Z", "2026-02-01T00:00:00Z", 1,
		 ""},
		{"dinkes", "active", "2026-01-02T00:00:00Z", "", "active", "2026-01-02T00:00:00Z", "", 0, ""},
		{"puskesmas", "pending", "", "", "active", "2026-01-02T00:00:00Z", "", 0,
		 "signer_key.status: only the district confirms or revokes a signing key"},
		{"kecamatan", "active", "x", "", "revoked", "x", "2026-02-01T00:00:00Z", 0, "only the district"},
		{"dinkes", "pending", "", "", "active", "2026-01-02T00:00:00Z", "", 1,
		 "the device that made a key cannot confirm it"},
		{"dinkes", "pending", "", "", "active", "", "", 0, "only a pending key is confirmed, with confirmed_at"},
		{"dinkes", "revoked", "", "2026-01-05T00:00:00Z", "active", "2026-01-06T00:00:00Z", "", 0,
		 "signer_key: key k1 is revoked for good"},
		{"dinkes", "revoked", "", "2026-01-05T00:00:00Z", "revoked", "", "2026-01-07T00:00:00Z", 0,
		 "revoked for good"},
		{"dinkes", "active", "2026-01-02T00:00:00Z", "", "pending", "2026-01-02T00:00:00Z", "", 0,
		 "a key goes from pending to active or revoked, never back"},
		{"dinkes", "active", "2026-01-02T00:00:00Z", "", "active", "2026-01-03T00:00:00Z", "", 0,
		 "confirmed_at and revoked_at change only with the status"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct lk_signer_key was = s_key(cases[i].was, cases[i].was_conf, cases[i].was_rev),
		                     now = s_key(cases[i].now, cases[i].now_conf, cases[i].now_rev);
		char err[300] = "", what[80];
		snprintf(what, sizeof what, "case %zu: %s %s -> %s", i, cases[i].device, cases[i].was, cases[i].now);
		int rc = lk_signer_key_transition(cases[i].device, &was, &now, "status", cases[i].made_here, err, sizeof err);
		s_check(what, rc, err, cases[i].expect);
	}
}

Test(rules, a_delegation_without_the_heads_key_is_the_districts)
{
	struct lk_delegation d = {"d1", "p2", "3324", "332401", "P3324010101", "plt", "2026-01-01", "2026-01-31",
	                          "",   "",   "2026-01-01T00:00:00Z"};
	char err[300] = "";
	cr_assert_eq(lk_signer_delegation_grant("dinkes", &d, err, sizeof err), 0);
	cr_assert_eq(lk_signer_delegation_grant("puskesmas", &d, err, sizeof err), -LK_EINVAL);
	cr_assert_str_eq(err, "delegation: granted by the district (from a district device) or signed by the head's key "
	                      "(granted_by_key, grant_signature)");
	cr_assert_eq(lk_signer_delegation_grant("kecamatan", &d, err, sizeof err), -LK_EINVAL);
	/* Granted by a key: the grant's signature decides (lk_signer_delegation_check), not the device. */
	d.granted_by_key = "k1";
	cr_assert_eq(lk_signer_delegation_grant("puskesmas", &d, err, sizeof err), 0);
}

/* ---------------------------------------------------------------- scope */

Test(rules, region_kinds_by_code)
{
	cr_assert_eq(lk_org_kind_of_code("3324"), LOKMIN__ORG_KIND__ORG_KABUPATEN);
	cr_assert_eq(lk_org_kind_of_code("332401"), LOKMIN__ORG_KIND__ORG_KECAMATAN);
	cr_assert_eq(lk_org_kind_of_code("P3324010101"), LOKMIN__ORG_KIND__ORG_PUSKESMAS);
	cr_assert_eq(lk_org_kind_of_code("3324010001"), LOKMIN__ORG_KIND__ORG_DESA);
	static const char *const bad[] = {"", "332", "33240", "p3324010101", "P332401010", "33240100011", "3324a1", NULL};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_assert_eq(lk_org_kind_of_code(bad[i]), LOKMIN__ORG_KIND__ORG_UNSPECIFIED, "%s", bad[i] ? bad[i] : "NULL");
}

Test(rules, device_scope_read_and_write)
{
	const struct lk_device_scope pkm = {"puskesmas", "3324", "332401", "P3324010101", 0},
	                             kec = {"kecamatan", "3324", "332401", "", 0}, dk = {"dinkes", "3324", "", "", 0},
	                             adm = {"admin", "3324", "", "", 0},
	                             gone = {"puskesmas", "3324", "332401", "P3324010101", 1},
	                             odd = {"unspecified", "3324", "332401", "P3324010101", 0};
	static const struct {
		const char *kec, *pusk;
		int pkm_r, pkm_w, kec_r, kec_w;
	} rows[] = {
		{"332401", "P3324010101", 1, 1, 1, 1}, /* the puskesmas's own */
		{"332401", "", 1, 0, 1, 1},            /* kecamatan-wide: read by its puskesmas, kept by the kecamatan */
		{"332401", "P3324010102", 0, 0, 1, 1}, /* another puskesmas of the kecamatan */
		{"332402", "P3324020101", 0, 0, 0, 0}, /* another kecamatan */
		{"", "", 0, 0, 0, 0},                  /* kabupaten-wide */
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const char *k = rows[i].kec, *p = rows[i].pusk;
		cr_assert_eq(lk_scope_read(&pkm, "3324", k, p) == 0, rows[i].pkm_r, "pkm read %s/%s", k, p);
		cr_assert_eq(lk_scope_write(&pkm, "3324", k, p) == 0, rows[i].pkm_w, "pkm write %s/%s", k, p);
		cr_assert_eq(lk_scope_read(&kec, "3324", k, p) == 0, rows[i].kec_r, "kec read %s/%s", k, p);
		cr_assert_eq(lk_scope_write(&kec, "3324", k, p) == 0, rows[i].kec_w, "kec write %s/%s", k, p);
		cr_assert_eq(lk_scope_read(&dk, "3324", k, p), 0);
		cr_assert_eq(lk_scope_write(&dk, "3324", k, p), 0);
		cr_assert_eq(lk_scope_read(&adm, "3324", k, p), 0, "admin reads the kabupaten");
		cr_assert_eq(lk_scope_write(&adm, "3324", k, p), -LK_ESCOPE, "admin writes no records");
		cr_assert_eq(lk_scope_read(&gone, "3324", k, p), -LK_ESCOPE, "a revoked device reaches nothing");
		cr_assert_eq(lk_scope_write(&gone, "3324", k, p), -LK_ESCOPE);
		cr_assert_eq(lk_scope_read(&odd, "3324", k, p), -LK_ESCOPE, "an unknown role reaches nothing");
	}
	/* Another kabupaten is out of reach for everyone, the district too. */
	cr_assert_eq(lk_scope_read(&dk, "3325", "", ""), -LK_ESCOPE);
	cr_assert_eq(lk_scope_write(&dk, "3325", "", ""), -LK_ESCOPE);
	cr_assert_eq(lk_scope_read(&pkm, "3325", "332401", "P3324010101"), -LK_ESCOPE);
	/* An office code the device lacks matches nothing, not even another empty code. */
	const struct lk_device_scope blank = {"kecamatan", "3324", "", "", 0};
	cr_assert_eq(lk_scope_write(&blank, "3324", "", ""), -LK_ESCOPE);
}
