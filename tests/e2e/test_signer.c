/* test_signer: signer trust with real lokmin devices: a key made elsewhere, rotation, a deputy, forged signatures in reports. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lk_util.h"
#include "lkt.h"
#include "lkt_cli.h"

#define LAPTOP_PASS "kunci laptop kapus"
#define TU_PASS "kunci komputer tu"

static struct lkt_server s_srv;
static char s_tu[400], s_laptop[400];

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "tu", s_tu, sizeof s_tu);
	lkt_home(&s_srv, "laptop", s_laptop, sizeof s_laptop);
	cr_assert_eq(lkt_enroll(&s_srv, s_tu, "puskesmas", "P3324010101"), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_laptop, "puskesmas", "P3324010101"), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(signer, .init = s_setup, .fini = s_teardown, .timeout = 240);

#define s_ok(home, pass, ...) lkt_cli_ok(home, pass, LKT_WORDS(__VA_ARGS__))
#define s_do(home, pass, ...) free(s_ok(home, pass, __VA_ARGS__))
#define s_id(home, pass, ...) lkt_first_id(s_ok(home, pass, __VA_ARGS__))

static void s_sync(const char *home)
{
	char *out = s_ok(home, NULL, "sync");
	lkt_has(out, " 0 rejected");
	free(out);
}

static char *s_sql(const char *fmt, const char *arg)
{
	char sql[600];
	snprintf(sql, sizeof sql, "%s", fmt);
	char *p = strstr(sql, "%s");
	if (p) {
		char tail[600];
		snprintf(tail, sizeof tail, "%s", p + 2);
		snprintf(p, sizeof sql - (size_t)(p - sql), "%s%s", arg, tail);
	}
	char *v = lkt_sql_value(&s_srv.db, sql);
	cr_assert_not_null(v, "%s", sql);
	return v;
}

/* The print of kind for meeting m, as a string (malloc'd). */
static char *s_print(const char *home, const char *kind, const char *m)
{
	char path[600], *page = NULL;
	snprintf(path, sizeof path, "%s/%s-%s.html", home, kind, m);
	s_do(home, NULL, "print", kind, m, "--out", path);
	cr_assert_eq(lk_read_file(path, &page, NULL), 0);
	return page;
}

static char *s_meeting(const char *home, int period)
{
	char *json = s_ok(home, NULL, "--json", "meeting", "list", "--year", "2036");
	char *id = lkt_meeting_of(json, period);
	free(json);
	return id;
}

Test(signer, a_key_made_elsewhere_cannot_sign_and_rotation_keeps_the_past)
{
	/* The Kapus's own laptop holds her confirmed key; she signs. */
	char *kapus = s_id(s_tu, NULL, "staff", "add", "dr. Ratna Dewi", "--title", "Kepala Puskesmas", "--role", "kapus");
	s_do(s_tu, NULL, "meeting", "plan", "--year", "2036");
	s_sync(s_tu);
	s_sync(s_laptop);
	char *k1 = lkt_sign_confirmed(&s_srv, s_laptop, LAPTOP_PASS, kapus);
	char *mar = s_meeting(s_laptop, 3), *apr = s_meeting(s_laptop, 4);
	char *inv1 = s_id(s_laptop, NULL, "invite", "draft", mar, "--number", "005/PKM/III/2036");
	char *out = s_ok(s_laptop, LAPTOP_PASS, "invite", "sign", inv1, "--as", kapus);
	lkt_has(out, k1);
	free(out);
	char *mn = s_id(s_laptop, NULL, "minutes", "compile", mar);
	s_do(s_laptop, LAPTOP_PASS, "minutes", "sign", mn, "--as", kapus);
	s_sync(s_laptop);

	/* The K.TU's PC makes a key "for" the Kapus under its own passphrase: it waits for the district and
	 * cannot sign; nothing is queued for the server. */
	s_sync(s_tu);
	out = s_ok(s_tu, TU_PASS, "sign", "keygen", kapus);
	char *k_tu = strndup(out, 36);
	lkt_has(out, "fingerprint ");
	free(out);
	char *inv_tu = s_id(s_tu, NULL, "invite", "draft", apr, "--number", "006/PKM/IV/2036");
	lkt_cli_fail(s_tu, TU_PASS, 1, "is waiting for the district's confirmation (fingerprint ",
	             LKT_WORDS("invite", "sign", inv_tu, "--as", kapus));
	out = s_ok(s_tu, NULL, "invite", "show", inv_tu);
	lkt_has(out, "[NOT SIGNED]");
	free(out);
	s_sync(s_tu);
	char *v = s_sql("SELECT status FROM signer_key WHERE id = '%s'", k_tu);
	cr_assert_str_eq(v, "pending");
	free(v);
	v = s_sql("SELECT count(*) FROM invitation WHERE signature <> ''%s", "");
	cr_assert_str_eq(v, "1", "only the laptop's letter is signed");
	free(v);

	/* Her laptop is not disturbed: her key is still the active one, old and new letters verify. */
	s_sync(s_laptop);
	v = s_sql("SELECT status FROM signer_key WHERE id = '%s'", k1);
	cr_assert_str_eq(v, "active");
	free(v);
	out = s_ok(s_laptop, NULL, "invite", "show", inv1);
	lkt_has(out, "[signed by");
	free(out);
	out = s_ok(s_laptop, LAPTOP_PASS, "invite", "sign", inv_tu, "--as", kapus);
	lkt_has(out, k1);
	free(out);
	s_sync(s_laptop);
	out = s_ok(s_tu, NULL, "sign", "list");
	lkt_has(out, "pending");
	lkt_has(out, "active");
	free(out);

	/* Rotation: a new key endorsed by the old one, active at once. */
	out = s_ok(s_laptop, LAPTOP_PASS, "sign", "rotate", kapus);
	char *k2 = strndup(out, 36);
	lkt_has(out, "endorsed by key");
	lkt_has(out, k1);
	free(out);
	s_sync(s_laptop);
	v = s_sql("SELECT status || ' ' || endorsed_by || ' ' || replaces::int FROM signer_key WHERE id = '%s'", k2);
	char want[120];
	snprintf(want, sizeof want, "active %s 1", k1);
	cr_assert_str_eq(v, want);
	free(v);
	/* What was signed before still verifies, on both devices and in print. */
	s_sync(s_tu);
	const char *homes[] = {s_laptop, s_tu};
	for (int i = 0; i < 2; i++) {
		out = s_ok(homes[i], NULL, "invite", "show", inv1);
		lkt_has(out, "[signed by");
		lkt_has(out, k1);
		free(out);
		out = s_ok(homes[i], NULL, "minutes", "show", mn);
		lkt_has(out, "[signed by");
		free(out);
		char *page = s_print(homes[i], "undangan", mar);
		lkt_has(page, "data-status=\"verified\"");
		free(page);
		page = s_print(homes[i], "notulen", mar);
		lkt_has(page, "data-status=\"verified\"");
		free(page);
	}
	/* New letters are signed with the new key, and verify. */
	char *may = s_meeting(s_laptop, 5);
	char *inv3 = s_id(s_laptop, NULL, "invite", "draft", may, "--number", "007/PKM/V/2036");
	out = s_ok(s_laptop, LAPTOP_PASS, "invite", "sign", inv3, "--as", kapus);
	lkt_has(out, k2);
	free(out);
	s_sync(s_laptop);
	s_sync(s_tu);
	out = s_ok(s_tu, NULL, "invite", "show", inv3);
	lkt_has(out, "[signed by");
	lkt_has(out, k2);
	free(out);
	char *page = s_print(s_tu, "undangan", may);
	lkt_has(page, "data-status=\"verified\"");
	free(page);
	/* The key on the K.TU's PC still cannot sign. */
	char *jun = s_meeting(s_tu, 6);
	char *inv4 = s_id(s_tu, NULL, "invite", "draft", jun);
	lkt_cli_fail(s_tu, TU_PASS, 1, "waiting for the district's confirmation",
	             LKT_WORDS("invite", "sign", inv4, "--as", kapus));
	s_sync(s_tu);

	/* Another device of the Kapus: the sealed key file travels, still under her passphrase. */
	char path[600], other[400];
	snprintf(path, sizeof path, "%s/kunci-kapus.lkkey", s_srv.dir);
	s_do(s_laptop, NULL, "sign", "export", kapus, path);
	lkt_home(&s_srv, "tablet", other, sizeof other);
	cr_assert_eq(lkt_enroll(&s_srv, other, "puskesmas", "P3324010101"), 0);
	s_sync(other);
	lkt_cli_fail(other, "bukan passphrase", 1, "does not open", LKT_WORDS("sign", "import", path));
	out = s_ok(other, LAPTOP_PASS, "sign", "import", path);
	lkt_has(out, k2);
	free(out);
	out = s_ok(other, LAPTOP_PASS, "invite", "sign", inv4, "--as", kapus);
	lkt_has(out, k2);
	free(out);
	s_sync(other);
	free(kapus);
	free(k1);
	free(k2);
	free(k_tu);
	free(mar);
	free(apr);
	free(may);
	free(jun);
	free(inv1);
	free(inv3);
	free(inv4);
	free(inv_tu);
	free(mn);
}

Test(signer, a_deputy_signs_only_inside_the_delegation)
{
	char today[11], *out;
	time_t t = time(NULL);
	strftime(today, sizeof today, "%Y-%m-%d", gmtime(&t));
	char *kapus = s_id(s_laptop, NULL, "staff", "add", "dr. Ratna Dewi", "--role", "kapus");
	char *ktu = s_id(s_laptop, NULL, "staff", "add", "Pak Joko", "--title", "Kepala TU", "--role", "ktu");
	s_do(s_laptop, NULL, "meeting", "plan", "--year", "2036");
	s_sync(s_laptop);
	free(lkt_sign_confirmed(&s_srv, s_laptop, LAPTOP_PASS, kapus));
	s_sync(s_tu);
	/* The K.TU's deputy key, confirmed by the district. */
	char *kd = lkt_sign_confirmed(&s_srv, s_tu, TU_PASS, ktu);
	char *v = s_sql("SELECT capacity FROM signer_key WHERE id = '%s'", kd);
	cr_assert_str_eq(v, "deputy");
	free(v);
	char *mar = s_meeting(s_tu, 3);
	char *inv = s_id(s_tu, NULL, "invite", "draft", mar, "--number", "009/PKM/III/2036");
	lkt_cli_fail(s_tu, TU_PASS, 1, "only the Kapus signs the invitation",
	             LKT_WORDS("invite", "sign", inv, "--as", ktu));
	/* Plt. in January 2020, granted by the Kapus's key: not in force today. */
	out = s_ok(s_laptop, LAPTOP_PASS, "sign", "delegate", ktu, "--kind", "plt", "--from", "2020-01-01", "--until",
	           "2020-01-31", "--as", kapus);
	free(out);
	s_sync(s_laptop);
	s_sync(s_tu);
	lkt_cli_fail(s_tu, TU_PASS, 1, "is not in force on", LKT_WORDS("invite", "sign", inv, "--as", ktu));
	/* A puskesmas device cannot grant it in the district's name. */
	lkt_cli_fail(s_tu, NULL, 1, "only a district (dinkes) device",
	             LKT_WORDS("sign", "delegate", ktu, "--kind", "plh", "--from", today, "--until", today));
	/* Plh. for today, granted by the district. */
	char district[400];
	lkt_district(&s_srv, "3324", district, sizeof district);
	s_sync(district);
	free(lkt_first_id(s_ok(district, NULL, "sign", "delegate", ktu, "--kind", "plh", "--from", today, "--until", today)));
	s_sync(district);
	s_sync(s_tu);
	out = s_ok(s_tu, TU_PASS, "invite", "sign", inv, "--as", ktu);
	lkt_has(out, kd);
	free(out);
	s_sync(s_tu);
	v = s_sql("SELECT signer_key_id FROM invitation WHERE signature <> '' AND id = '%s'", inv);
	cr_assert_str_eq(v, kd);
	free(v);
	s_sync(s_laptop);
	out = s_ok(s_laptop, NULL, "invite", "show", inv);
	lkt_has(out, "[signed by");
	free(out);
	free(kapus);
	free(ktu);
	free(kd);
	free(mar);
	free(inv);
}

Test(signer, reports_count_a_forged_signature_as_not_signed)
{
	char *kapus = s_id(s_laptop, NULL, "staff", "add", "dr. Ratna Dewi", "--role", "kapus");
	s_do(s_laptop, NULL, "meeting", "plan", "--year", "2036");
	char *k1 = lkt_sign_confirmed(&s_srv, s_laptop, LAPTOP_PASS, kapus);
	char *mar = s_meeting(s_laptop, 3), *apr = s_meeting(s_laptop, 4), *may = s_meeting(s_laptop, 5);
	s_do(s_laptop, NULL, "meeting", "held", mar, "--date", "2036-03-03");
	s_do(s_laptop, NULL, "meeting", "held", apr, "--date", "2036-04-03");
	char *good = s_id(s_laptop, NULL, "invite", "draft", mar);
	s_do(s_laptop, LAPTOP_PASS, "invite", "sign", good, "--as", kapus);
	char *before = s_ok(s_laptop, NULL, "report", "compliance", "--year", "2036", "--csv");
	int signed_before = lkt_count(before, "signed");
	cr_assert_gt(signed_before, 0, "%s", before);
	/* April's letter claims the Kapus's signature and key with bytes of no key. */
	char *forged = s_id(s_laptop, NULL, "invite", "draft", apr);
	char sigkv[200], whokv[80], keykv[80];
	snprintf(sigkv, sizeof sigkv, "signature=%0128d", 7);
	snprintf(whokv, sizeof whokv, "signer_person_id=%s", kapus);
	snprintf(keykv, sizeof keykv, "signer_key_id=%s", k1);
	s_do(s_laptop, NULL, "record", "put", "invitation", "--id", forged, sigkv, whokv, keykv,
	     "signed_at=2036-04-01T08:00:00Z");
	char *after = s_ok(s_laptop, NULL, "report", "compliance", "--year", "2036", "--csv");
	cr_assert_eq(lkt_count(after, "signed"), signed_before, "the forged letter counted:\n%s\n---\n%s", before, after);
	char *shown = NULL;
	cr_assert_eq(lkt_cli(s_laptop, NULL, &shown, NULL, LKT_WORDS("invite", "show", forged)), 1);
	lkt_has(shown, "SIGNATURE DOES NOT VERIFY");
	free(shown);
	char *page = s_print(s_laptop, "undangan", apr);
	lkt_has(page, "data-status=\"invalid\"");
	free(page);

	/* May's letter and minutes were signed before signer keys existed: no
	 * signer_key_id. The CLI says so plainly; the prints show them invalid. */
	static const char legacy[] = "signed before signing keys were confirmed by the district, so it cannot be verified";
	s_do(s_laptop, NULL, "meeting", "held", may, "--date", "2036-05-04");
	char *old_inv = s_id(s_laptop, NULL, "invite", "draft", may);
	char *old_mn = s_id(s_laptop, NULL, "minutes", "compile", may);
	s_do(s_laptop, NULL, "record", "put", "invitation", "--id", old_inv, sigkv, whokv, "signed_at=2036-04-28T08:00:00Z");
	s_do(s_laptop, NULL, "record", "put", "minutes", "--id", old_mn, sigkv, whokv, "signed_at=2036-05-05T08:00:00Z");
	char *err = NULL;
	cr_assert_eq(lkt_cli(s_laptop, NULL, &shown, NULL, LKT_WORDS("invite", "show", old_inv)), 1);
	lkt_has(shown, legacy);
	lkt_has(shown, "sign a new letter");
	free(shown);
	cr_assert_eq(lkt_cli(s_laptop, NULL, &shown, NULL, LKT_WORDS("minutes", "show", old_mn)), 1);
	lkt_has(shown, legacy);
	lkt_has(shown, "sign a new revision");
	free(shown);
	cr_assert_eq(lkt_cli(s_laptop, NULL, &shown, &err, LKT_WORDS("minutes", "submit", old_mn)), 1);
	lkt_has(err, legacy);
	free(shown);
	free(err);
	page = s_print(s_laptop, "undangan", may);
	lkt_has(page, "data-status=\"invalid\"");
	lkt_has(page, "THE ELECTRONIC SIGNATURE DOES NOT VERIFY");
	free(page);
	page = s_print(s_laptop, "notulen", may);
	lkt_has(page, "data-status=\"invalid\"");
	lkt_has(page, "TANDA TANGAN TIDAK VALID");
	free(page);
	char *legacy_after = s_ok(s_laptop, NULL, "report", "compliance", "--year", "2036", "--csv");
	cr_assert_eq(lkt_count(legacy_after, "signed"), signed_before, "a legacy signature counted:\n%s", legacy_after);
	free(legacy_after);
	free(old_inv);
	free(old_mn);
	free(may);
	free(before);
	free(after);
	free(kapus);
	free(k1);
	free(mar);
	free(apr);
	free(good);
	free(forged);
}
