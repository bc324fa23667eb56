/* test_verify: `lokmin verify` with real devices: a signed letter's own QR payload holds; changed bytes and other keys do not. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_seal.h"
#include "lk_sign.h"
#include "lk_util.h"
#include "lkt.h"
#include "lkt_cli.h"

#define KAPUS_PASS "kunci laptop kapus"
#define TU_PASS "kunci komputer tu"
#define CAMAT_PASS "kunci camat kaliwungu"

static struct lkt_server s_srv;
static char s_laptop[400], s_tu[400], s_district[400];

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "laptop", s_laptop, sizeof s_laptop);
	lkt_home(&s_srv, "tu", s_tu, sizeof s_tu);
	cr_assert_eq(lkt_enroll(&s_srv, s_laptop, "puskesmas", "P3324010101"), 0);
	cr_assert_eq(lkt_enroll(&s_srv, s_tu, "puskesmas", "P3324010101"), 0);
	lkt_district(&s_srv, "3324", s_district, sizeof s_district);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(verify, .init = s_setup, .fini = s_teardown, .timeout = 300);

#define s_ok(home, pass, ...) lkt_cli_ok(home, pass, LKT_WORDS(__VA_ARGS__))
#define s_do(home, pass, ...) free(s_ok(home, pass, __VA_ARGS__))
#define s_id(home, pass, ...) lkt_first_id(s_ok(home, pass, __VA_ARGS__))

static void s_sync(const char *home)
{
	char *out = s_ok(home, NULL, "sync");
	lkt_has(out, " 0 rejected");
	free(out);
}

/* What a signed letter needs: the Kapus with a confirmed key, March's meeting, the letter signed. */
struct letter {
	char *kapus, *key, *meeting, *inv, *payload;
};

static void s_letter(struct letter *l)
{
	l->kapus = s_id(s_laptop, NULL, "staff", "add", "dr. Ratna Dewi", "--title", "Kepala Puskesmas", "--role", "kapus");
	s_do(s_laptop, NULL, "meeting", "plan", "--year", "2036");
	s_sync(s_laptop);
	l->key = lkt_sign_confirmed(&s_srv, s_laptop, KAPUS_PASS, l->kapus);
	char *json = s_ok(s_laptop, NULL, "--json", "meeting", "list", "--year", "2036");
	l->meeting = lkt_meeting_of(json, 3);
	free(json);
	l->inv = s_id(s_laptop, NULL, "invite", "draft", "2036-03", "--number", "005/PKM/III/2036");
	s_do(s_laptop, KAPUS_PASS, "invite", "sign", l->inv, "--as", l->kapus);
	s_sync(s_laptop);
	/* The payload as the printed page carries it (the QR's text, also in data-seal). */
	char path[600], *page = NULL;
	snprintf(path, sizeof path, "%s/undangan.html", s_laptop);
	s_do(s_laptop, NULL, "print", "undangan", "2036-03", "--out", path);
	cr_assert_eq(lk_read_file(path, &page, NULL), 0);
	lkt_has(page, "scan to check the signature (lokmin verify)");
	lkt_has(page, "<svg class=\"qr\"");
	cr_assert_null(strstr(page, "http://"), "a printed page names no URL");
	char *at = strstr(page, "data-seal=\"");
	cr_assert_not_null(at, "no seal in the printed letter");
	at += strlen("data-seal=\"");
	l->payload = strndup(at, strcspn(at, "\""));
	free(page);
	cr_assert_eq(strlen(l->payload), 283, "%s", l->payload);
	char want[200];
	snprintf(want, sizeof want, "LKM1|invitation|%s|", l->inv);
	cr_assert_eq(strncmp(l->payload, want, strlen(want)), 0, "%s", l->payload);
	cr_assert(strstr(l->payload, l->key), "the seal names key %s: %s", l->key, l->payload);
}

static void s_letter_free(struct letter *l)
{
	free(l->kapus);
	free(l->key);
	free(l->meeting);
	free(l->inv);
	free(l->payload);
}

/* lokmin verify ARG on home: exit status, stdout and stderr (both malloc'd). */
static int s_verify(const char *home, const char *arg, char **out, char **err)
{
	return lkt_cli(home, NULL, out, err, LKT_WORDS("verify", arg));
}

/* verify must refuse payload on home with exit 1 and needle in its reason. */
static void s_refused(const char *home, const char *payload, const char *needle)
{
	char *out = NULL, *err = NULL;
	int rc = s_verify(home, payload, &out, &err);
	cr_assert_eq(rc, 1, "accepted (exit %d): %s\n%s\n%s", rc, payload, out, err);
	lkt_has(out, "NOT VALID");
	cr_assert(strstr(err, needle), "\"%s\" is missing from:\n%s", needle, err);
	cr_assert_neq(strncmp(out, "VALID:", 6), 0, "%s", out);
	free(out);
	free(err);
}

/* payload with the character at i replaced by another of the same kind (hex stays hex). */
static char *s_changed(const char *payload, size_t i)
{
	char *p = strdup(payload);
	p[i] = p[i] == '0' ? '1' : '0';
	return p;
}

/* The document's exact bytes as the server holds them. */
static char *s_document(const char *inv)
{
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT document FROM invitation WHERE id = '%s'", inv);
	char *doc = lkt_sql_value(&s_srv.db, sql);
	cr_assert_not_null(doc);
	return doc;
}

/* A seal of inv's document signed by key_id's secret (the file under home, opened with pass). */
static char *s_seal_by(const char *home, const char *key_id, const char *pass, const char *inv)
{
	char path[600], *sealed = NULL, hex[129], *payload = malloc(LK_SEAL_MAX);
	uint8_t sk[LK_SIGN_SKLEN], sig[LK_SIGN_SIGLEN];
	char *doc = s_document(inv);
	snprintf(path, sizeof path, "%s/sign-%s.key", home, key_id);
	cr_assert_eq(lk_read_file(path, &sealed, NULL), 0, "%s", path);
	cr_assert_eq(lk_sign_open(sk, sealed, pass), 0);
	lk_sign(sig, (const uint8_t *)doc, strlen(doc), sk);
	cr_assert_eq(lk_seal_build(payload, "invitation", inv, (const uint8_t *)doc, strlen(doc), key_id,
	                           lk_hex_encode(hex, sig, sizeof sig)),
	             0);
	free(sealed);
	free(doc);
	return payload;
}

Test(verify, the_letters_own_code_holds_here_and_at_the_district)
{
	struct letter l;
	s_letter(&l);
	char *out = NULL, *err = NULL;
	/* The helper prints the same text as the page. */
	out = s_ok(s_laptop, NULL, "verify", "--payload", "invite", "2036-03");
	out[strcspn(out, "\n")] = '\0';
	cr_assert_str_eq(out, l.payload);
	free(out);
	/* On the puskesmas device, and on a district device after sync. */
	s_sync(s_district);
	const char *homes[] = {s_laptop, s_district};
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(s_verify(homes[i], l.payload, &out, &err), 0, "%s\n%s", out, err);
		lkt_has(out, "VALID: this Surat Undangan is signed by dr. Ratna Dewi");
		lkt_has(out, "number 005/PKM/III/2036");
		lkt_has(out, "dr. Ratna Dewi, Kepala Puskesmas");
		lkt_has(out, "(2036-03"); /* the district adds @P3324010101 */
		lkt_has(out, l.key);
		cr_assert_null(strstr(out, "NOT VALID"), "%s", out);
		free(out);
		free(err);
	}
	/* As JSON, and as a scanner app pastes it on stdin (with a line end). */
	out = s_ok(s_laptop, NULL, "verify", l.payload, "--json");
	lkt_has(out, "{\"valid\":true,\"reason\":\"\",\"entity\":\"invitation\"");
	lkt_has(out, "\"signer_name\":\"dr. Ratna Dewi\"");
	lkt_has(out, "\"newer\":false");
	free(out);
	char env_seal[400], env_bin[300], env_home[450];
	snprintf(env_seal, sizeof env_seal, "SEAL=%s", l.payload);
	snprintf(env_bin, sizeof env_bin, "LOKMIN=%s", LOKMIN_BIN);
	snprintf(env_home, sizeof env_home, "H=%s", s_laptop);
	const char *sh[] = {"/bin/sh", "-c", "printf '%s\\r\\n' \"$SEAL\" | \"$LOKMIN\" --home \"$H\" verify -", NULL};
	const char *env[] = {env_seal, env_bin, env_home, NULL};
	cr_assert_eq(lkt_run(&out, &err, sh, env, 30000), 0, "%s\n%s", out, err);
	lkt_has(out, "VALID: this Surat Undangan");
	free(out);
	free(err);
	/* The document by its meeting. */
	out = s_ok(s_district, NULL, "verify", "invite", "2036-03@P3324010101");
	lkt_has(out, "VALID: this Surat Undangan");
	free(out);

	/* One changed byte, in the hash, the signature, the id, the key: refused everywhere. */
	size_t id_at = strlen("LKM1|invitation|"), hash_at = id_at + 37, key_at = hash_at + 65, sig_at = key_at + 37;
	char *bad[4] = {s_changed(l.payload, hash_at + 10), s_changed(l.payload, sig_at + 100),
	                s_changed(l.payload, id_at + 35), s_changed(l.payload, key_at + 35)};
	const char *why[4] = {"content hash", "signature does not verify", "not on this device; sync first",
	                      "is not on this device"};
	for (int h = 0; h < 2; h++)
		for (int i = 0; i < 4; i++)
			s_refused(homes[h], bad[i], why[i]);
	/* A byte that breaks the format, and text that is not a seal. */
	char *upper = strdup(l.payload);
	upper[hash_at] = 'A';
	s_refused(s_laptop, upper, "not a lokmin document code: the content hash");
	s_refused(s_laptop, "https://example.org/", "not a lokmin document code");
	lkt_cli_fail(s_laptop, NULL, 2, "usage: lokmin verify", LKT_WORDS("verify"));
	lkt_cli_fail(s_laptop, NULL, 2, "usage: lokmin verify", LKT_WORDS("verify", "notulen", "2036-03"));
	/* A device of another puskesmas does not hold the letter. */
	char other[400];
	lkt_home(&s_srv, "other", other, sizeof other);
	cr_assert_eq(lkt_enroll(&s_srv, other, "puskesmas", "P3324010102"), 0);
	s_sync(other);
	s_refused(other, l.payload, "this document (invitation ");
	s_refused(other, l.payload, "is not on this device; sync first");
	free(upper);
	for (int i = 0; i < 4; i++)
		free(bad[i]);
	s_letter_free(&l);
}

Test(verify, another_signers_key_or_a_pending_or_revoked_key_is_refused)
{
	struct letter l;
	s_letter(&l);
	/* The K.TU, with his own confirmed (deputy) key, signs the very same bytes. */
	char *ktu = s_id(s_tu, NULL, "staff", "add", "Pak Joko", "--title", "Kepala TU", "--role", "ktu");
	s_sync(s_tu);
	char *kd = lkt_sign_confirmed(&s_srv, s_tu, TU_PASS, ktu);
	s_sync(s_laptop);
	char *by_ktu = s_seal_by(s_tu, kd, TU_PASS, l.inv);
	char want[200];
	snprintf(want, sizeof want, "key %s belongs to another person, not to signer %s", kd, l.kapus);
	s_refused(s_laptop, by_ktu, want);

	/* The camat, of another office, with a key the district confirmed. */
	char cam[400];
	lkt_home(&s_srv, "camat", cam, sizeof cam);
	cr_assert_eq(lkt_enroll(&s_srv, cam, "kecamatan", "332401"), 0);
	s_sync(cam);
	char *camat = s_id(cam, NULL, "staff", "add", "Drs. Bambang", "--title", "Camat Kaliwungu", "--role", "camat");
	s_sync(cam);
	char *kc = lkt_sign_confirmed(&s_srv, cam, CAMAT_PASS, camat);
	char *by_camat = s_seal_by(cam, kc, CAMAT_PASS, l.inv);
	s_sync(s_district);
	snprintf(want, sizeof want, "key %s belongs to another person", kc);
	s_refused(s_district, by_camat, want);
	s_refused(s_laptop, by_camat, kc);

	/* A key "for" the Kapus made on the K.TU's PC under its own passphrase: pending, then revoked. */
	s_sync(s_tu);
	char *out = s_ok(s_tu, TU_PASS, "sign", "keygen", l.kapus);
	char *kp = strndup(out, 36);
	free(out);
	s_sync(s_tu);
	s_sync(s_laptop);
	char *by_pending = s_seal_by(s_tu, kp, TU_PASS, l.inv);
	snprintf(want, sizeof want, "key %s is waiting for the district's confirmation", kp);
	s_refused(s_laptop, by_pending, want);
	s_sync(s_district);
	s_do(s_district, NULL, "sign", "revoke", kp, "--note", "made on the wrong computer");
	s_sync(s_district);
	s_sync(s_laptop);
	char *v = lkt_sql_value(&s_srv.db, "SELECT string_agg(status, ',') FROM signer_key WHERE status = 'revoked'");
	cr_assert_str_eq(v, "revoked");
	free(v);
	out = NULL;
	char *err = NULL;
	cr_assert_eq(s_verify(s_laptop, by_pending, &out, &err), 1, "%s\n%s", out, err);
	lkt_has(err, kp);
	lkt_has(err, "does not hold");
	free(out);
	free(err);
	/* The Kapus's own seal still holds on every device: nothing above touched it. */
	out = s_ok(s_laptop, NULL, "verify", l.payload);
	lkt_has(out, "VALID: this Surat Undangan");
	free(out);
	free(ktu);
	free(kd);
	free(camat);
	free(kc);
	free(kp);
	free(by_ktu);
	free(by_camat);
	free(by_pending);
	s_letter_free(&l);
}

Test(verify, minutes_name_their_revision_and_a_newer_one)
{
	struct letter l;
	s_letter(&l);
	s_do(s_laptop, NULL, "meeting", "held", "2036-03", "--date", "2036-03-03");
	char *m1 = s_id(s_laptop, NULL, "minutes", "compile", "2036-03");
	s_do(s_laptop, KAPUS_PASS, "minutes", "sign", m1, "--as", l.kapus);
	char *p1 = s_ok(s_laptop, NULL, "verify", "minutes", "2036-03", "--payload");
	p1[strcspn(p1, "\n")] = '\0';
	char *out = s_ok(s_laptop, NULL, "verify", p1);
	lkt_has(out, "VALID: this Notulen is signed by dr. Ratna Dewi");
	lkt_has(out, "revision:   1");
	cr_assert_null(strstr(out, "newer"), "%s", out);
	free(out);
	/* A second revision: the first's paper still verifies, and says it is not the newest. */
	char *m2 = s_id(s_laptop, NULL, "minutes", "compile", "2036-03", "--reason", "the place was wrong");
	s_do(s_laptop, KAPUS_PASS, "minutes", "sign", m2, "--as", l.kapus);
	out = s_ok(s_laptop, NULL, "verify", p1);
	lkt_has(out, "VALID: this Notulen");
	lkt_has(out, "NOTE: a newer revision of this meeting exists");
	lkt_has(out, m2);
	free(out);
	out = s_ok(s_laptop, NULL, "--json", "verify", p1);
	lkt_has(out, "\"revision\":1,\"newer\":true");
	free(out);
	out = s_ok(s_laptop, NULL, "verify", "minutes", "2036-03");
	lkt_has(out, "revision:   2");
	free(out);
	free(p1);
	free(m1);
	free(m2);
	s_letter_free(&l);
}
