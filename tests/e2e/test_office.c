/*
 * test_office: the office profile (kop surat) end to end: a puskesmas sets its
 * own and its other devices and the district read it; another puskesmas and
 * the camat's office cannot write it (refused at the server); the camat's
 * office keeps its own; two devices creating it offline make one record.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"
#include "lkt.h"
#include "lkt_cli.h"

#define PKM "P3324010101"

static struct lkt_server s_srv;
static char s_pkm[400], s_pkm2[400], s_kec[400], s_dk[400];

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "pkm", s_pkm, sizeof s_pkm);
	lkt_home(&s_srv, "pkm2", s_pkm2, sizeof s_pkm2);
	lkt_home(&s_srv, "camat", s_kec, sizeof s_kec);
	cr_assert_eq(lkt_enroll(&s_srv, s_pkm, "puskesmas", PKM), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_pkm2, "puskesmas", PKM), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_kec, "kecamatan", "332401"), 0);
	lkt_district(&s_srv, "3324", s_dk, sizeof s_dk);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(office, .init = s_setup, .fini = s_teardown, .timeout = 280);

#define s_ok(home, ...) lkt_cli_ok(home, NULL, LKT_WORDS(__VA_ARGS__))
#define s_fail(home, want, needle, ...) lkt_cli_fail(home, NULL, want, needle, LKT_WORDS(__VA_ARGS__))
#define s_has lkt_has

static void s_sync(const char *home)
{
	char *out = s_ok(home, "sync");
	s_has(out, "0 rejected");
	free(out);
}

static char *s_sql(const char *sql)
{
	char *v = lkt_sql_value(&s_srv.db, sql);
	cr_assert_not_null(v, "%s", sql);
	return v;
}

static void s_sql_is(const char *sql, const char *want)
{
	char *v = s_sql(sql);
	cr_assert_str_eq(v, want, "%s", sql);
	free(v);
}

/* The value of "field" in a JSON line (malloc'd), "" when absent. */
static char *s_json_field(const char *json, const char *field)
{
	char key[80];
	snprintf(key, sizeof key, "\"%s\":\"", field);
	const char *p = strstr(json, key);
	if (p == NULL)
		return strdup("");
	p += strlen(key);
	return strndup(p, strcspn(p, "\""));
}

Test(office, puskesmas_profile_reaches_its_devices_and_the_district)
{
	char id[40], sql[300], logo[600];
	lk_office_profile_id(PKM, id);
	/* Before anything is set: defaults from the region names the sync cached, not codes. */
	s_sync(s_pkm);
	char *out = s_ok(s_pkm, "office", "show");
	s_has(out, "not set yet");
	s_has(out, "UPTD PUSKESMAS KALIWUNGU");
	s_has(out, "DINAS KESEHATAN");
	s_has(out, "Kaliwungu");
	s_has(out, "Asia/Jakarta (from the region code)");
	free(out);
	s_sql_is("SELECT count(*) FROM office_profile", "0");

	snprintf(logo, sizeof logo, "%s/logo-kendal.png", s_pkm);
	FILE *f = fopen(logo, "wb");
	cr_assert_not_null(f);
	fputs("\x89PNG\r\n\x1a\n not really an image, but bytes to carry", f);
	fclose(f);
	free(s_ok(s_pkm, "office", "set", "--address", "Jl. Raya Kaliwungu No. 1, Kendal", "--phone", "(0294) 381234",
	          "--email", "pkm.kaliwungu@example.go.id", "--pattern", "445/{seq}/PKM/{yyyy}", "--zone", "WIB",
	          "--logo", logo));
	out = s_ok(s_pkm, "--json", "office", "show");
	char *logo_id = s_json_field(out, "logo_attachment_id");
	cr_assert_eq(strlen(logo_id), 36, "%s", out);
	s_has(out, id);
	free(out);
	s_sync(s_pkm);

	/* On the server: one record, its derived id, the values, the logo as an attachment of it. */
	s_sql_is("SELECT count(*) FROM office_profile", "1");
	snprintf(sql, sizeof sql, "SELECT id::text || '|' || address || '|' || time_zone || '|' || puskesmas_code "
	                          "|| '|' || letter_number_pattern || '|' || logo_attachment_id::text FROM office_profile");
	char want[400];
	snprintf(want, sizeof want, "%s|Jl. Raya Kaliwungu No. 1, Kendal|Asia/Jakarta|%s|445/{seq}/PKM/{yyyy}|%s", id, PKM,
	         logo_id);
	s_sql_is(sql, want);
	snprintf(sql, sizeof sql, "SELECT owner_entity || '|' || owner_id::text FROM attachment WHERE id = '%s'", logo_id);
	snprintf(want, sizeof want, "office_profile|%s", id);
	s_sql_is(sql, want);

	/* The puskesmas's other device reads it, and the letter numbers follow its pattern. */
	s_sync(s_pkm2);
	out = s_ok(s_pkm2, "--json", "office", "show");
	s_has(out, "\"address\":\"Jl. Raya Kaliwungu No. 1, Kendal\"");
	s_has(out, "\"phone\":\"(0294) 381234\"");
	s_has(out, logo_id);
	free(out);
	out = s_ok(s_pkm2, "office", "number", "--date", "2026-11-30");
	cr_assert_str_eq(out, "445/1/PKM/2026\n");
	free(out);

	/* The district reads it by the puskesmas's code, writes a field, and the puskesmas gets it. */
	s_sync(s_dk);
	out = s_ok(s_dk, "--json", "office", "show", "--puskesmas", PKM);
	s_has(out, "\"email\":\"pkm.kaliwungu@example.go.id\"");
	free(out);
	free(s_ok(s_dk, "office", "set", "--puskesmas", PKM, "--website", "https://pkm-kaliwungu.example.go.id"));
	s_sync(s_dk);
	s_sync(s_pkm);
	out = s_ok(s_pkm, "--json", "office", "show");
	s_has(out, "\"website\":\"https://pkm-kaliwungu.example.go.id\"");
	s_has(out, "\"address\":\"Jl. Raya Kaliwungu No. 1, Kendal\"");
	free(out);
	s_sql_is("SELECT count(*) FROM office_profile", "1");

	/* The camat's office reads a puskesmas's profile but does not write it. */
	s_sync(s_kec);
	s_fail(s_kec, 1, "own devices or the district", "office", "set", "--puskesmas", PKM, "--phone", "0");
	/* Refusals on the device name the field. */
	s_fail(s_pkm, 1, "time_zone", "office", "set", "--zone", "Europe/Paris");
	s_fail(s_pkm, 1, "{seq}", "office", "set", "--pattern", "445/PKM/{yyyy}");
	free(logo_id);
}

/* Push the puskesmas's profile as dev would: every field, unit_name changed. */
static struct hres s_push_profile(struct lkt_dev *dev, const char *unit)
{
	const struct lk_entity *e = lk_entity_find("office_profile");
	ProtobufCMessage *m = lk_record_new(e);
	char id[40];
	lk_office_profile_id(PKM, id);
	cr_assert(lk_record_set(m, "id", id) == 0 && lk_record_set(m, "kabupaten", "3324") == 0 &&
	          lk_record_set(m, "kecamatan", "332401") == 0 && lk_record_set(m, "puskesmas", PKM) == 0 &&
	          lk_record_set(m, "unit_name", unit) == 0);
	struct hres r = h_push_rec(dev, m, NULL, 0, 0);
	lk_record_free(m);
	return r;
}

Test(office, another_office_cannot_write_it)
{
	free(s_ok(s_pkm, "office", "set", "--unit", "UPTD PUSKESMAS KALIWUNGU", "--phone", "(0294) 381234"));
	s_sync(s_pkm);
	char *before = s_sql("SELECT rev || '|' || unit_name || '|' || phone || '|' || field_meta FROM office_profile");

	/* Another puskesmas of the same kecamatan: its scope does not reach the record. */
	struct lkt_dev other, camat;
	lkt_dev(&s_srv, &other, "pkm-b", "puskesmas", "P3324010102");
	struct hres r = s_push_profile(&other, "DIAMBIL ALIH");
	cr_assert_eq(r.status, LOKMIN__OP_STATUS__OP_REJECTED, "%s", r.message);
	/* The camat's office: inside its scope, but not its profile. */
	lkt_dev(&s_srv, &camat, "camat-raw", "kecamatan", "332401");
	r = s_push_profile(&camat, "DIAMBIL ALIH");
	cr_assert_eq(r.status, LOKMIN__OP_STATUS__OP_REJECTED, "%s", r.message);
	cr_assert(strstr(r.message, "own devices or the district"), "%s", r.message);
	char *after = s_sql("SELECT rev || '|' || unit_name || '|' || phone || '|' || field_meta FROM office_profile");
	cr_assert_str_eq(after, before);
	s_sql_is("SELECT count(*) FROM office_profile", "1");
	s_sql_is("SELECT count(*) FROM change_log WHERE entity = 'office_profile'", "1");
	/* A record under another id for the same office is refused too: one profile per office. */
	const struct lk_entity *e = lk_entity_find("office_profile");
	struct lkt_dev own;
	lkt_dev(&s_srv, &own, "pkm-raw", "puskesmas", PKM);
	ProtobufCMessage *m = lkt_record(&own, "office_profile");
	cr_assert_eq(lk_record_set(m, "unit_name", "KEDUA"), 0);
	r = h_push_rec(&own, m, NULL, 0, 0);
	cr_assert_eq(r.status, LOKMIN__OP_STATUS__OP_REJECTED, "%s", r.message);
	cr_assert(strstr(r.message, "derived from the office"), "%s", r.message);
	lk_record_free(m);
	(void)e;
	/* Its own device may. */
	r = s_push_profile(&own, "UPTD PUSKESMAS KALIWUNGU KOTA");
	cr_assert_neq(r.status, LOKMIN__OP_STATUS__OP_REJECTED, "%s", r.message);
	s_sql_is("SELECT unit_name FROM office_profile", "UPTD PUSKESMAS KALIWUNGU KOTA");
	free(before);
	free(after);
	lk_conn_destroy(&other.c);
	lk_conn_destroy(&camat.c);
	lk_conn_destroy(&own.c);
}

Test(office, the_camat_office_keeps_its_own)
{
	char id[40], sql[300];
	lk_office_profile_id("332401", id);
	s_sync(s_kec);
	char *out = s_ok(s_kec, "office", "show");
	s_has(out, "KECAMATAN KALIWUNGU");
	s_has(out, "office 332401 (kecamatan)");
	free(out);
	free(s_ok(s_kec, "office", "set", "--pemerintah", "PEMERINTAH KABUPATEN KENDAL", "--address",
	          "Jl. Soekarno-Hatta No. 5, Kaliwungu", "--pattern", "005/{seq}/{romawi}/{yyyy}"));
	s_sync(s_kec);
	snprintf(sql, sizeof sql,
	         "SELECT unit_name || '|' || dinas || '|' || coalesce(puskesmas_code, 'none') || '|' || address "
	         "FROM office_profile WHERE id = '%s'", id);
	s_sql_is(sql, "KECAMATAN KALIWUNGU||none|Jl. Soekarno-Hatta No. 5, Kaliwungu");
	/* A puskesmas of the kecamatan reads it, and cannot change it. */
	s_sync(s_pkm);
	out = s_ok(s_pkm, "--json", "office", "show", "--kecamatan", "332401");
	s_has(out, "\"address\":\"Jl. Soekarno-Hatta No. 5, Kaliwungu\"");
	s_has(out, "\"pemerintah\":\"PEMERINTAH KABUPATEN KENDAL\"");
	free(out);
	s_fail(s_pkm, 1, "own devices or the district", "office", "set", "--kecamatan", "332401", "--phone", "0");
	out = s_ok(s_kec, "office", "number", "--date", "2026-12-03");
	cr_assert_str_eq(out, "005/1/XII/2026\n");
	free(out);
}

Test(office, two_devices_creating_it_offline_make_one_record)
{
	char id[40], sql[300];
	lk_office_profile_id(PKM, id);
	/* Both devices write before either has synced the profile. */
	free(s_ok(s_pkm, "office", "set", "--address", "Jl. Pemuda 1"));
	free(s_ok(s_pkm2, "office", "set", "--phone", "0294-1111", "--place", "Kaliwungu"));
	s_sync(s_pkm);
	s_sync(s_pkm2);
	s_sync(s_pkm);
	s_sql_is("SELECT count(*) FROM office_profile", "1");
	snprintf(sql, sizeof sql, "SELECT id::text FROM office_profile WHERE puskesmas_code = '%s'", PKM);
	s_sql_is(sql, id);
	/* The later writer's phone stands; both devices hold the same record. */
	s_sql_is("SELECT phone FROM office_profile", "0294-1111");
	char *a = s_ok(s_pkm, "--json", "office", "show"), *b = s_ok(s_pkm2, "--json", "office", "show");
	static const char *const fields[] = {"id", "address", "phone", "place", "unit_name", "letter_number_pattern"};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		char *x = s_json_field(a, fields[i]), *y = s_json_field(b, fields[i]);
		cr_assert_str_eq(x, y, "%s differs: %s / %s", fields[i], a, b);
		free(x);
		free(y);
	}
	char *addr = s_json_field(a, "address");
	char *db = s_sql("SELECT address FROM office_profile");
	cr_assert_str_eq(addr, db);
	free(addr);
	free(db);
	free(a);
	free(b);
}
