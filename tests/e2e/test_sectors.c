/*
 * test_sectors: the quarterly cross-sector lokmin: the camat's office keeps the
 * sectors, their representatives and their commitments; a puskesmas reads the
 * commitments that answer its flagged problems and cannot change them.
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkt.h"
#include "lkt_cli.h"

static struct lkt_server s_srv;
static char s_kec[400], s_pus[400];

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "camat", s_kec, sizeof s_kec);
	lkt_home(&s_srv, "pkm", s_pus, sizeof s_pus);
	cr_assert_eq(lkt_enroll(&s_srv, s_kec, "kecamatan", "332401"), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_pus, "puskesmas", "P3324010101"), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(sectors, .init = s_setup, .fini = s_teardown, .timeout = 240);

#define s_ok(home, ...) lkt_cli_ok(home, NULL, LKT_WORDS(__VA_ARGS__))
#define s_fail(home, want, needle, ...) lkt_cli_fail(home, NULL, want, needle, LKT_WORDS(__VA_ARGS__))
#define s_has lkt_has
#define s_count lkt_count
#define s_line lkt_line_of
#define s_meeting_of lkt_meeting_of

/* The id printed alone on the first line (malloc'd); frees out. */
static char *s_id(char *out)
{
	cr_assert(strlen(out) >= 37 && out[36] == '\n', "not an id: %s", out);
	char *id = strndup(out, 36);
	free(out);
	return id;
}

static void s_sync(const char *home)
{
	char *out = s_ok(home, "sync");
	s_has(out, "0 rejected");
	free(out);
}

Test(sectors, the_camat_office_keeps_sectors_and_representatives)
{
	char *id = s_id(s_ok(s_kec, "sector", "add", "POLSEK", "Polsek Kaliwungu", "--kind", "polri"));
	/* The same code again changes that sector: still one record, same id. */
	char *again = s_id(s_ok(s_kec, "sector", "add", "POLSEK", "Polsek Kaliwungu Kota", "--contact", "0294-381110"));
	cr_assert_str_eq(id, again);
	free(again);
	char *out = s_ok(s_kec, "--json", "sector", "list");
	cr_assert_eq(s_count(out, "\"code\":\"POLSEK\""), 1, "%s", out);
	s_has(out, "\"name\":\"Polsek Kaliwungu Kota\"");
	s_has(out, "\"kind\":\"polri\"");
	s_has(out, "\"contact\":\"0294-381110\"");
	free(out);

	s_fail(s_kec, 1, "capital letters", "sector", "add", "polsek", "Polsek kecil");
	s_fail(s_pus, 1, "kept by the camat's office", "sector", "add", "PKK", "TP PKK Kecamatan");
	s_fail(s_kec, 1, "no sector", "sector", "rep", "018f0000-0000-7000-8000-000000000000", "Siapa");

	char *rep = s_id(s_ok(s_kec, "sector", "rep", id, "Iptu Budi Santoso", "--title", "Kapolsek", "--phone",
	                      "0812-1111-2222"));
	free(s_ok(s_kec, "sector", "add", "KUA", "KUA Kaliwungu", "--kind", "kua"));
	out = s_ok(s_kec, "sector", "list");
	cr_assert(strstr(out, "KUA ") < strstr(out, "POLSEK "), "by code:\n%s", out);
	char *line = s_line(out, "POLSEK");
	cr_assert(strstr(line, "polri") && strstr(line, "  1  ") && strstr(line, "0294-381110"), "%s", line);
	free(line);
	line = s_line(out, "KUA ");
	cr_assert(strstr(line, "  0  "), "%s", line);
	free(line);
	free(out);
	out = s_ok(s_kec, "sector", "show", id);
	s_has(out, "Polsek Kaliwungu Kota");
	s_has(out, rep);
	s_has(out, "Iptu Budi Santoso");
	free(out);
	out = s_ok(s_kec, "--json", "staff", "list");
	s_has(out, "\"role\":\"sector_rep\"");
	free(out);

	/* The puskesmas reads the sectors of its kecamatan after sync, and cannot add representatives. */
	s_sync(s_kec);
	s_sync(s_pus);
	out = s_ok(s_pus, "sector", "list");
	s_has(out, "Polsek Kaliwungu Kota");
	s_has(out, "KUA Kaliwungu");
	free(out);
	s_fail(s_pus, 1, "kept by the camat's office", "sector", "rep", id, "Bripka Joko");
	free(rep);
	free(id);
}

Test(sectors, commitments_answer_flagged_problems)
{
	char *kua = s_id(s_ok(s_kec, "sector", "add", "KUA", "KUA Kaliwungu", "--kind", "kua"));

	/* The camat's office plans the quarterly lokmin, the puskesmas its monthly ones. */
	free(s_ok(s_kec, "meeting", "plan", "--year", "2036", "--kind", "quarterly"));
	char *json = s_ok(s_kec, "--json", "meeting", "list", "--year", "2036");
	char *q1 = s_meeting_of(json, 1);
	s_has(json, "\"planned_date\":\"2036-01-03\"");
	free(json);
	free(s_ok(s_pus, "meeting", "plan", "--year", "2036"));
	json = s_ok(s_pus, "--json", "meeting", "list", "--year", "2036");
	char *m1 = s_meeting_of(json, 1);
	free(json);
	char *prob = s_id(s_ok(s_pus, "problem", "add", m1, "--description", "Pernikahan usia anak masih tinggi",
	                       "--cross-sector"));
	s_fail(s_pus, 1, "kept by the camat's office", "commitment", "add", m1, "--sector", kua, "--support", "x");
	s_sync(s_pus);
	s_sync(s_kec);

	/* At the quarterly lokmin the KUA commits to answer the puskesmas' problem. */
	char *cid = s_id(s_ok(s_kec, "commitment", "add", q1, "--sector", kua, "--support",
	                      "Penyuluhan kesehatan reproduksi bagi calon pengantin", "--problem", prob, "--contact",
	                      "Pak Ahmad 0813-2222-3333"));
	json = s_ok(s_kec, "--json", "commitment", "list", q1);
	s_has(json, "\"puskesmas\":\"P3324010101\"");
	s_has(json, prob);
	s_has(json, "\"period_start\":\"2036-01-03\"");
	s_has(json, "\"period_end\":\"2036-04-30\"");
	s_has(json, "\"status\":\"open\"");
	free(json);
	/* A kecamatan-wide one, with its own period; the default end crosses the year. */
	free(s_ok(s_kec, "commitment", "add", q1, "--sector", kua, "--support", "Bimbingan perkawinan",
	          "--from", "2036-02-01", "--to", "2036-03-31"));
	free(s_ok(s_kec, "commitment", "add", q1, "--sector", kua, "--support", "Kelas calon pengantin",
	          "--from", "2036-11-15"));
	json = s_ok(s_kec, "--json", "commitment", "list");
	s_has(json, "\"period_start\":\"2036-02-01\",\"period_end\":\"2036-03-31\"");
	s_has(json, "\"period_start\":\"2036-11-15\",\"period_end\":\"2037-02-28\"");
	free(json);
	char *out = s_ok(s_kec, "commitment", "list");
	char *line = s_line(out, "Bimbingan perkawinan");
	cr_assert(strstr(line, "KUA Kaliwungu") && strstr(line, "1 Feb 2036..31 Mar 2036") && strstr(line, " - "),
	          "%s", line);
	free(line);
	s_has(out, "3 commitments");
	free(out);

	/* Refused: a monthly meeting, an unknown sector, an unknown problem. */
	s_fail(s_kec, 1, "quarterly", "commitment", "add", m1, "--sector", kua, "--support", "x");
	s_fail(s_kec, 1, "no sector", "commitment", "add", q1, "--sector", prob, "--support", "x");
	s_fail(s_kec, 1, "no problem", "commitment", "add", q1, "--sector", kua, "--support", "x", "--problem", kua);
	s_fail(s_kec, 2, "usage", "commitment", "add", q1, "--sector", kua);
	s_fail(s_kec, 1, "--from is a date", "commitment", "add", q1, "--sector", kua, "--support", "x", "--from",
	       "2036-01-031");
	s_fail(s_kec, 1, "on or after 2036-03-01", "commitment", "add", q1, "--sector", kua, "--support", "x", "--from",
	       "2036-03-01", "--to", "2036-02-28");
	s_sync(s_kec);
	s_sync(s_pus);

	/* The puskesmas reads the commitment that answers its problem. */
	out = s_ok(s_pus, "commitment", "list");
	line = s_line(out, "Penyuluhan kesehatan reproduksi");
	cr_assert(strstr(line, "KUA Kaliwungu") && strstr(line, "P3324010101") && strstr(line, "open") &&
	          strstr(line, "3 Jan 2036..30 Apr 2036"), "%s", line);
	free(line);
	free(out);
	s_fail(s_pus, 1, "kept by the camat's office", "commitment", "update", cid, "--status", "done");

	/* ... and cannot change it by other means: the server refuses. */
	free(s_ok(s_pus, "record", "put", "commitment", "--id", cid, "status=done"));
	out = s_ok(s_pus, "sync");
	s_has(out, "1 rejected");
	free(out);
	out = s_ok(s_pus, "failed");
	s_has(out, "kept by the camat's office");
	free(out);

	/* Progress with evidence on the camat's device. */
	out = s_ok(s_kec, "commitment", "update", cid, "--status", "in_progress", "--note", "Dua angkatan catin, 40 orang");
	s_has(out, "in_progress");
	free(out);
	json = s_ok(s_kec, "--json", "commitment", "list", q1);
	s_has(json, "\"status\":\"in_progress\"");
	s_has(json, ": Dua angkatan catin, 40 orang\"");
	free(json);
	free(s_ok(s_kec, "commitment", "update", cid, "--note", "Angkatan ketiga"));
	json = s_ok(s_kec, "--json", "commitment", "list", q1);
	s_has(json, ": Dua angkatan catin, 40 orang\\n");
	s_has(json, ": Angkatan ketiga\"");
	free(json);
	s_fail(s_kec, 2, "--status is", "commitment", "update", cid, "--status", "verified");
	free(s_ok(s_kec, "commitment", "update", cid, "--status", "done"));
	out = s_ok(s_kec, "commitment", "list", "--open");
	s_has(out, "2 commitments");
	cr_assert_null(strstr(out, "Penyuluhan kesehatan reproduksi"), "%s", out);
	free(out);
	/* Proof of it travels with the commitment. */
	char proof[600];
	snprintf(proof, sizeof proof, "%s/laporan-kua.txt", s_kec);
	FILE *f = fopen(proof, "w");
	cr_assert_not_null(f);
	fputs("Laporan penyuluhan calon pengantin, triwulan 1\n", f);
	fclose(f);
	free(s_ok(s_kec, "attach", "commitment", cid, proof));
	out = s_ok(s_kec, "sync");
	s_has(out, "0 rejected");
	s_has(out, "uploaded 1 files");
	free(out);
	free(cid);
	free(prob);
	free(m1);
	free(q1);
	free(kua);
}

Test(sectors, a_sector_from_lokmind_and_from_the_device_are_one)
{
	/* The camat's device adds KORAMIL before it syncs; the district adds it on lokmind. */
	char *id = s_id(s_ok(s_kec, "sector", "add", "KORAMIL", "Koramil 02 Kaliwungu", "--kind", "tni"));
	const char *add[] = {"org", "add-sector", "332401", "KORAMIL", "Koramil 02", "--kind", "tni", NULL};
	char *err = NULL;
	cr_assert_eq(lkt_lokmind(&s_srv, NULL, &err, add), 0, "%s", err);
	free(err);
	char *v = lkt_sql_value(&s_srv.db, "SELECT id::text FROM sector WHERE code = 'KORAMIL'");
	cr_assert_str_eq(v, id, "the same derived id on lokmind and on the device");
	free(v);

	s_sync(s_kec);
	s_sync(s_kec);
	s_sync(s_pus);
	char *json = s_ok(s_kec, "--json", "sector", "list");
	cr_assert_eq(s_count(json, "\"code\":\"KORAMIL\""), 1, "%s", json);
	s_has(json, id);
	free(json);
	json = s_ok(s_pus, "--json", "sector", "list");
	cr_assert_eq(s_count(json, "\"code\":\"KORAMIL\""), 1, "%s", json);
	free(json);
	v = lkt_sql_value(&s_srv.db, "SELECT count(*) FROM sector WHERE code = 'KORAMIL'");
	cr_assert_str_eq(v, "1");
	free(v);
	/* Adding it on lokmind once more changes nothing and says so. */
	cr_assert_eq(lkt_lokmind(&s_srv, NULL, &err, add), 1);
	cr_assert(strstr(err, "sector KORAMIL already exists in kecamatan 332401"), "%s", err);
	free(err);
	v = lkt_sql_value(&s_srv.db, "SELECT count(*) FROM change_log WHERE entity = 'sector'");
	cr_assert_str_eq(v, "2", "one entry from lokmind, one from the device's change");
	free(v);
	free(id);
}

Test(sectors, the_district_names_the_kecamatan)
{
	char dk[400];
	lkt_home(&s_srv, "dinkes", dk, sizeof dk);
	cr_assert_eq(lkt_enroll(&s_srv, dk, "dinkes", "3324"), 0);
	s_fail(dk, 1, "--kecamatan", "sector", "add", "PKK", "TP PKK Kecamatan");
	s_fail(dk, 1, "--kecamatan", "sector", "add", "PKK", "TP PKK Kecamatan", "--kecamatan", "332501");
	s_fail(s_kec, 1, "332401 only", "sector", "add", "PKK", "TP PKK Kecamatan", "--kecamatan", "332402");
	char *other = s_id(s_ok(dk, "sector", "add", "PKK", "TP PKK Kecamatan Brangsong", "--kecamatan", "332402"));
	char *mine = s_id(s_ok(dk, "sector", "add", "PKK", "TP PKK Kecamatan Kaliwungu", "--kecamatan", "332401"));
	cr_assert_str_neq(other, mine, "the id derives from the kecamatan and the code");
	free(s_ok(dk, "sector", "rep", mine, "Ibu Sri", "--title", "Ketua TP PKK"));
	s_sync(dk);
	s_sync(s_kec);
	/* The camat's device holds its own kecamatan's sector only, with its representative. */
	char *out = s_ok(s_kec, "sector", "list");
	s_has(out, "TP PKK Kecamatan Kaliwungu");
	cr_assert_null(strstr(out, "Brangsong"), "%s", out);
	char *line = s_line(out, "PKK");
	cr_assert(strstr(line, "  1  "), "%s", line);
	free(line);
	free(out);
	free(other);
	free(mine);
}

/* The first word of the line holding needle (malloc'd): the handle lists print first. */
static char *s_handle_of(const char *out, const char *needle)
{
	char *line = s_line(out, needle);
	cr_assert_not_null(line, "no line with %s in:\n%s", needle, out);
	size_t n = strcspn(line, " ");
	char *h = strndup(line, n);
	free(line);
	return h;
}

Test(sectors, follow_up_records_are_named_by_their_handles)
{
	/* The sector's code is its handle: `sector list` shows it first and the other commands take it. */
	free(s_ok(s_kec, "sector", "add", "KUA", "KUA Kaliwungu", "--kind", "kua"));
	char *out = s_ok(s_kec, "sector", "list");
	char *h = s_handle_of(out, "KUA Kaliwungu");
	cr_assert_str_eq(h, "KUA");
	free(h);
	free(out);
	out = s_ok(s_kec, "--json", "sector", "list");
	s_has(out, ",\"handle\":\"KUA\"}\n");
	free(out);
	free(s_ok(s_kec, "sector", "rep", "KUA", "Pak Ahmad Fauzi", "--title", "Kepala KUA"));
	out = s_ok(s_kec, "sector", "show", "kua");
	s_has(out, "Pak Ahmad Fauzi");
	free(out);
	s_fail(s_kec, 2, "POLRES", "sector", "show", "POLRES");

	/* The puskesmas: a problem flagged for the quarterly lokmin and an RTL item, by period and name. */
	free(s_ok(s_pus, "meeting", "plan", "--year", "2037"));
	free(s_ok(s_pus, "staff", "add", "Siti Rahayu", "--role", "pj_program"));
	free(s_ok(s_pus, "problem", "add", "2037-01", "--description", "Pernikahan usia anak", "--usg", "4,4,4",
	          "--cross-sector"));
	out = s_ok(s_pus, "problem", "list", "2037-01");
	h = s_handle_of(out, "Pernikahan usia anak");
	cr_assert_str_eq(h, "2037-01#1");
	free(h);
	free(out);
	out = s_ok(s_pus, "--json", "problem", "list", "2037-01");
	s_has(out, ",\"handle\":\"2037-01#1\"}\n");
	free(out);
	free(s_ok(s_pus, "rtl", "add", "2037-01", "--activity", "Kelas calon pengantin", "--owner", "siti", "--due",
	          "2037-02-15"));
	out = s_ok(s_pus, "rtl", "list");
	h = s_handle_of(out, "Kelas calon pengantin");
	cr_assert_str_eq(h, "2037-01#1");
	free(h);
	free(out);
	out = s_ok(s_pus, "--json", "rtl", "list");
	s_has(out, "\"activity\":\"Kelas calon pengantin\"");
	s_has(out, ",\"handle\":\"2037-01#1\"}\n");
	free(out);
	out = s_ok(s_pus, "rtl", "update", "2037-01#1", "--status", "done", "--note", "12 pasangan");
	s_has(out, "RTL 2037-01#1 done");
	free(out);
	s_fail(s_pus, 1, "only the Kapus of this office verifies", "rtl", "verify", "2037-01#1", "--as", "Siti");
	s_fail(s_pus, 2, "has no action item #9", "rtl", "update", "2037-01#9", "--status", "done");

	/* The camat's office answers the flagged problem at the quarterly lokmin, by handles throughout. */
	s_sync(s_pus);
	s_sync(s_kec);
	free(s_ok(s_kec, "meeting", "plan", "--year", "2037", "--kind", "quarterly"));
	out = s_ok(s_kec, "problem", "flagged");
	char *prob = s_handle_of(out, "Pernikahan usia anak");
	free(out);
	s_fail(s_kec, 1, "quarterly", "commitment", "add", "2037-01@P3324010101", "--sector", "KUA", "--support", "x");
	free(s_ok(s_kec, "commitment", "add", "2037-Q1", "--sector", "KUA", "--support", "Bimbingan calon pengantin",
	          "--problem", prob));
	out = s_ok(s_kec, "commitment", "list", "2037-Q1");
	h = s_handle_of(out, "Bimbingan calon pengantin");
	cr_assert_str_eq(h, "2037-Q1#1");
	free(h);
	free(out);
	out = s_ok(s_kec, "--json", "commitment", "list", "2037-Q1");
	s_has(out, "\"puskesmas\":\"P3324010101\"");
	s_has(out, ",\"handle\":\"2037-Q1#1\"}\n");
	free(out);
	out = s_ok(s_kec, "commitment", "update", "2037-Q1#1", "--status", "in_progress", "--note", "Angkatan pertama");
	s_has(out, "commitment 2037-Q1#1 in_progress");
	free(out);
	out = s_ok(s_kec, "--json", "commitment", "list", "2037-Q1", "--open");
	s_has(out, "\"status\":\"in_progress\"");
	free(out);
	free(prob);
}
