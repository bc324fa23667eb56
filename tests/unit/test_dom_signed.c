/* test_dom_signed: signature_verifies() in the store's SQL, worked out once per record, never counting as signed
 * what no longer verifies: a record changed by another connection, a revoked key, a write that rolled back. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "dom.h"
#include "lk_entity.h"
#include "lk_sign.h"
#include "lk_util.h"
#include "lkt_store.h"
#include "rtl.h"
#include "signer.h"
#include "store.h"

static char s_home[256];
static lk_store *s_st;
static struct dom s_pkm;
static char s_item[40], s_key[40], s_meeting[40];
static int s_calls; /* how often the check itself ran, through s_counted */

static void s_setup(void)
{
	char kapus[40], owner[40];
	uint8_t pk[LK_SIGN_PKLEN], sk[LK_SIGN_SKLEN];
	char hex[2 * LK_SIGN_PKLEN + 1];
	struct dom_err err = {0};
	s_st = lkt_store_open_temp("dom_signed", s_home, sizeof s_home);
	cr_assert_eq(signer_sql_register(s_st), 0);
	const struct dom_office pkm = {"puskesmas", "3324", "332401", "P3324010101"};
	s_pkm = (struct dom){s_st, pkm, s_home, "dev-pkm", 0};
	lkt_rec(s_st, "meeting", s_meeting, "kind", "monthly", "year", "2026", "period", "12", "status", "held",
	        "planned_date", "2026-12-03", "title", "Lokmin Desember", NULL);
	lkt_rec(s_st, "person", kapus, "name", "dr. Ratna", "role", "kapus", NULL);
	lkt_rec(s_st, "person", owner, "name", "Bidan Sari", "role", "pj_program", NULL);
	cr_assert_eq(lk_sign_keygen(pk, sk), 0);
	lkt_rec(s_st, "signer_key", s_key, "person_id", kapus, "public_key", lk_hex_encode(hex, pk, sizeof pk), "capacity",
	        "head", "created_at", "2026-01-01T00:00:00Z", "status", "active", "confirmed_at", "2026-01-02T00:00:00Z",
	        NULL);
	struct dom_rtl_add_in a = {.meeting_id = s_meeting, .activity = "Kelas ibu hamil", .owner_person_id = owner,
	                           .due = "2026-12-20"};
	cr_assert_eq(dom_rtl_add(&s_pkm, &a, s_item, &err), 0, "%s", err.msg);
	struct dom_rtl_update_in u = {.rtl_id = s_item, .status = "done", .date = "2026-12-15"};
	cr_assert_eq(dom_rtl_update(&s_pkm, &u, &err), 0, "%s", err.msg);
	struct dom_rtl_verify_in v = {.rtl_id = s_item, .person_id = kapus, .key_id = s_key, .sk = sk,
	                              .date = "2026-12-16"};
	cr_assert_eq(dom_rtl_verify(&s_pkm, &v, &err), 0, "%s", err.msg);
	s_calls = 0;
}

static void s_teardown(void)
{
	lkt_store_close_temp(&s_st, s_home);
}

TestSuite(signed, .init = s_setup, .fini = s_teardown);

static int s_cell(const char *const *row, int ncol, void *arg)
{
	(void)ncol;
	lk_strlcpy(arg, row[0], 32);
	return 0;
}

/* What the store's SQL on st says of the item's signature: "1" or "0". */
static const char *s_verifies(lk_store *st, const char *fn)
{
	static char out[32];
	char sql[200];
	const char *p[1] = {s_item};
	/* As the reports ask it: of the rows a query reads. */
	snprintf(sql, sizeof sql, "SELECT %s('rtl', id) FROM rtl_item WHERE id = ?1", fn);
	out[0] = '\0';
	cr_assert_eq(lk_store_query(st, sql, p, 1, s_cell, out), 0, "%s", lk_store_error(st));
	return out;
}

/* Change field (and field2 when not NULL) of a record through store st, as an edit would. */
static void s_change(lk_store *st, const char *entity, const char *id, const char *field, const char *value,
                     const char *field2, const char *value2)
{
	ProtobufCMessage *m = NULL;
	char why[300] = "";
	const char *fields[2] = {field, field2};
	cr_assert_eq(lk_store_get(st, lk_entity_find(entity), id, &m), 0);
	cr_assert_eq(lk_record_set(m, field, value), 0);
	cr_assert(field2 == NULL || lk_record_set(m, field2, value2) == 0);
	cr_assert_eq(lk_store_put(st, lk_entity_find(entity), m, fields, field2 ? 2 : 1, why, sizeof why), 0, "%s", why);
	lk_record_free(m);
}

/* The district revokes the Kapus' key from before the verification. */
static void s_revoke(lk_store *st)
{
	s_change(st, "signer_key", s_key, "status", "revoked", "revoked_at", "2026-03-01T00:00:00Z");
}

/* Run sql on the store's file through a connection of its own (another process, or a hand at the file). */
static void s_other_connection(const char *sql)
{
	char path[400], *msg = NULL;
	sqlite3 *db = NULL;
	snprintf(path, sizeof path, "%s/store.db", s_home);
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, &msg), SQLITE_OK, "%s", msg ? msg : "");
	cr_assert_eq(sqlite3_changes(db), 1, "%s", sql);
	sqlite3_close(db);
}

/* The check wrapped to count its runs, remembered the way signature_verifies is. */
static int64_t s_counted(lk_store *st, const char *const *args, int nargs, void *arg)
{
	ProtobufCMessage *rec = NULL;
	char why[256];
	(void)arg;
	s_calls++;
	if (nargs != 2 || lk_store_get(st, lk_entity_find(args[0]), args[1], &rec) != 0)
		return 0;
	int ok = signer_record_state(st, lk_entity_find(args[0]), rec, why, sizeof why) == SIGNER_VERIFIED;
	lk_record_free(rec);
	return ok;
}

Test(signed, worked_out_once_until_the_store_changes)
{
	cr_assert_eq(lk_store_define_memo_function(s_st, "counted_verifies", 2, s_counted, NULL), 0);
	cr_assert_str_eq(s_verifies(s_st, "counted_verifies"), "1");
	cr_assert_str_eq(s_verifies(s_st, "counted_verifies"), "1");
	cr_assert_str_eq(s_verifies(s_st, "counted_verifies"), "1");
	cr_assert_eq(s_calls, 1, "checked %d times while nothing changed", s_calls);
	/* A change anywhere in the store: checked again, still signed. */
	s_change(s_st, "meeting", s_meeting, "title", "Lokmin bulan Desember", NULL, NULL);
	cr_assert_str_eq(s_verifies(s_st, "counted_verifies"), "1");
	cr_assert_eq(s_calls, 2);
	cr_assert_str_eq(s_verifies(s_st, "counted_verifies"), "1");
	cr_assert_eq(s_calls, 2);
}

Test(signed, a_record_changed_by_another_connection_is_not_signed)
{
	char sql[300];
	cr_assert_str_eq(s_verifies(s_st, "signature_verifies"), "1");
	cr_assert_str_eq(s_verifies(s_st, "signature_verifies"), "1");
	/* The statement the Kapus signed, changed behind this connection's back. */
	snprintf(sql, sizeof sql, "UPDATE rtl_item SET activity = 'Kelas ibu hamil (diubah)' WHERE id = '%s'", s_item);
	s_other_connection(sql);
	cr_assert_str_eq(s_verifies(s_st, "signature_verifies"), "0", "a changed statement no longer verifies");
}

Test(signed, a_key_revoked_by_another_connection_no_longer_signs)
{
	char sql[300];
	cr_assert_str_eq(s_verifies(s_st, "signature_verifies"), "1");
	snprintf(sql, sizeof sql,
	         "UPDATE signer_key SET status = 'revoked', revoked_at = '2026-03-01T00:00:00Z' WHERE id = '%s'", s_key);
	s_other_connection(sql);
	cr_assert_str_eq(s_verifies(s_st, "signature_verifies"), "0");
}

Test(signed, a_revoked_key_no_longer_signs)
{
	cr_assert_str_eq(s_verifies(s_st, "signature_verifies"), "1");
	s_revoke(s_st);
	cr_assert_str_eq(s_verifies(s_st, "signature_verifies"), "0");
}

Test(signed, nothing_is_remembered_inside_a_write_that_rolls_back)
{
	cr_assert_str_eq(s_verifies(s_st, "signature_verifies"), "1");
	cr_assert_eq(lk_store_begin(s_st), 0);
	s_revoke(s_st);
	cr_assert_str_eq(s_verifies(s_st, "signature_verifies"), "0", "inside the write, the key is revoked");
	lk_store_rollback(s_st);
	cr_assert_str_eq(s_verifies(s_st, "signature_verifies"), "1", "the revocation was undone");
	cr_assert_eq(lk_store_begin(s_st), 0);
	s_revoke(s_st);
	cr_assert_str_eq(s_verifies(s_st, "signature_verifies"), "0");
	cr_assert_eq(lk_store_commit(s_st), 0);
	cr_assert_str_eq(s_verifies(s_st, "signature_verifies"), "0");
}
