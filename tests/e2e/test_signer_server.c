/* test_signer_server: raw pushes against a real lokmind: key replacement, confirmation, endorsement, sealed records, RTL verification. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conn.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_sign.h"
#include "lk_signer.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "lkt.h"
#include "lkt_dev.h"

static struct lkt_server s_srv;

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(signer_server, .init = s_setup, .fini = s_teardown, .timeout = 180);

/* A record of entity for puskesmas P3324010101 with fields "name=value" (NULL-terminated). */
static ProtobufCMessage *s_rec(const char *entity, const char *const *kv)
{
	ProtobufCMessage *m = lk_record_new(lk_entity_find(entity));
	char id[LK_UUID_STRLEN];
	cr_assert_eq(lk_record_set(m, "id", lkt_new_id(id)), 0);
	cr_assert_eq(lk_record_set(m, "kabupaten", "3324"), 0);
	cr_assert_eq(lk_record_set(m, "kecamatan", "332401"), 0);
	cr_assert_eq(lk_record_set(m, "puskesmas", "P3324010101"), 0);
	for (; kv && *kv; kv++) {
		char f[64];
		const char *eq = strchr(*kv, '=');
		snprintf(f, sizeof f, "%.*s", (int)(eq - *kv), *kv);
		cr_assert_eq(lk_record_set(m, f, eq + 1), 0, "%s", *kv);
	}
	return m;
}

static void s_set(ProtobufCMessage *m, const char *field, const char *value)
{
	cr_assert_eq(lk_record_set(m, field, value), 0, "%s=%s", field, value);
}

/*
 * Push one op for m naming fields (NULL: every own field, a new record) on
 * base rev base. Returns the refusal "CODE message" ("" when applied), malloc'd.
 */
static char *s_push(struct lkt_dev *d, const ProtobufCMessage *m, int64_t base, const char *const *fields)
{
	struct lkt_op o;
	lkt_op(&o, m, base, fields);
	Lokmin__Op *ops[1] = {&o.op};
	Lokmin__Reply *rep = lkt_push(d, ops, 1, 10000);
	const Lokmin__OpResult *r = rep->push->results[0];
	char *out = NULL;
	if (r->status == LOKMIN__OP_STATUS__OP_REJECTED) {
		out = malloc(strlen(r->message) + 16);
		sprintf(out, "%u %s", r->error, r->message);
	} else {
		out = strdup("");
	}
	lk_reply_free(rep);
	free(o.buf);
	return out;
}

#define EINVAL_TEXT "10 " /* LK_EINVAL on the wire, INVALID_ARGUMENT */

static void s_applied(struct lkt_dev *d, const ProtobufCMessage *m, int64_t base, const char *const *fields)
{
	char *msg = s_push(d, m, base, fields);
	cr_assert_str_eq(msg, "", "refused: %s", msg);
	free(msg);
}

static void s_refused(struct lkt_dev *d, const ProtobufCMessage *m, int64_t base, const char *const *fields,
                      const char *needle)
{
	char *msg = s_push(d, m, base, fields);
	cr_assert(!strncmp(msg, EINVAL_TEXT, 3) && strstr(msg, needle), "\"%s\" is not INVALID_ARGUMENT with \"%s\"", msg,
	          needle);
	free(msg);
}

/* The first cell of fmt (a literal with one %s for arg) must be want. */
#define s_sql_is(want, fmt, arg)                                                                                   \
	do {                                                                                                           \
		char q_[600];                                                                                              \
		snprintf(q_, sizeof q_, fmt, arg);                                                                         \
		char *v_ = lkt_sql_value(&s_srv.db, q_);                                                                   \
		cr_assert_not_null(v_, "%s", q_);                                                                          \
		cr_assert_str_eq(v_, want, "%s", q_);                                                                      \
		free(v_);                                                                                                  \
	} while (0)

static void s_now(char out[24], int offset)
{
	time_t t = time(NULL) + offset;
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
}

/* A key pair and its record for person (pending, made now minus age seconds). */
struct key {
	uint8_t pk[LK_SIGN_PKLEN], sk[LK_SIGN_SKLEN];
	ProtobufCMessage *m;
};

static void s_key(struct key *k, const char *person, const char *capacity, int age)
{
	char pkhex[65], at[24];
	cr_assert_eq(lk_sign_keygen(k->pk, k->sk), 0);
	lk_hex_encode(pkhex, k->pk, sizeof k->pk);
	s_now(at, -age);
	char pkv[80], ckv[40], pvk[60], atkv[40];
	snprintf(pkv, sizeof pkv, "public_key=%s", pkhex);
	snprintf(ckv, sizeof ckv, "capacity=%s", capacity);
	snprintf(pvk, sizeof pvk, "person_id=%s", person);
	snprintf(atkv, sizeof atkv, "created_at=%s", at);
	const char *kv[] = {pvk, pkv, ckv, atkv, "status=pending", "device_name=uji", NULL};
	k->m = s_rec("signer_key", kv);
}

/* Sign msg with k into hex (129 bytes). */
static void s_sig(const struct key *k, const char *msg, char hex[129])
{
	uint8_t sig[LK_SIGN_SIGLEN];
	lk_sign(sig, (const uint8_t *)msg, strlen(msg), k->sk);
	lk_hex_encode(hex, sig, sizeof sig);
}

/* k endorsed by e (statement signed by e's secret). */
static void s_endorse(struct key *k, const struct key *e, int replaces)
{
	struct lk_signer_key sk;
	char hex[129];
	s_set(k->m, "endorsed_by", lk_record_id(e->m));
	s_set(k->m, "replaces", replaces ? "1" : "0");
	s_set(k->m, "status", "active");
	lk_signer_key_of(&sk, k->m, "");
	char *st = lk_signer_key_statement(&sk);
	s_sig(e, st, hex);
	free(st);
	s_set(k->m, "endorsement", hex);
}

/* A document record of entity signed by person with k at time at. */
static ProtobufCMessage *s_doc(const char *entity, const char *person, const struct key *k, const char *at,
                               const char *text)
{
	char hex[129];
	const char *inv[] = {"meeting_id=01a20422-f687-7002-a92c-a851f11ac844", "number=005/PKM/III", "issued_date=2026-03-01",
	                     NULL};
	const char *min[] = {"meeting_id=01a20422-f687-7002-a92c-a851f11ac844", "revision=1", "effective_date=2026-03-05",
	                     "change_note=", NULL};
	ProtobufCMessage *m = s_rec(entity, !strcmp(entity, "invitation") ? inv : min);
	s_set(m, "document", text);
	if (k) {
		s_sig(k, text, hex);
		s_set(m, "signature", hex);
		s_set(m, "signer_person_id", person);
		s_set(m, "signed_at", at);
		s_set(m, "signer_key_id", lk_record_id(k->m));
	}
	return m;
}

static const char *const F_STATUS_CONFIRM[] = {"status", "confirmed_at", NULL};

static void s_confirm(struct lkt_dev *dk, struct key *k)
{
	char at[24];
	s_now(at, 0);
	s_set(k->m, "status", "active");
	s_set(k->m, "confirmed_at", at);
	s_applied(dk, k->m, 1, F_STATUS_CONFIRM);
}

struct world {
	struct lkt_dev pkm, kec, dk1, dk2;
	ProtobufCMessage *kapus, *ktu;
	struct key k1; /* the Kapus's key, confirmed */
};

static void s_world(struct world *w)
{
	lkt_dev(&s_srv, &w->pkm, "pkm", "puskesmas", "P3324010101");
	lkt_dev(&s_srv, &w->kec, "kec", "kecamatan", "332401");
	lkt_dev(&s_srv, &w->dk1, "dk1", "dinkes", "3324");
	lkt_dev(&s_srv, &w->dk2, "dk2", "dinkes", "3324");
	const char *kp[] = {"name=dr. Ratna", "role=kapus", NULL}, *kt[] = {"name=Pak Joko", "role=ktu", NULL};
	w->kapus = s_rec("person", kp);
	w->ktu = s_rec("person", kt);
	s_applied(&w->pkm, w->kapus, 0, NULL);
	s_applied(&w->pkm, w->ktu, 0, NULL);
	s_key(&w->k1, lk_record_id(w->kapus), "head", 60);
	s_applied(&w->pkm, w->k1.m, 0, NULL);
	s_confirm(&w->dk1, &w->k1);
}

static void s_world_free(struct world *w)
{
	lk_record_free(w->kapus);
	lk_record_free(w->ktu);
	lk_record_free(w->k1.m);
	lk_conn_destroy(&w->pkm.c);
	lk_conn_destroy(&w->kec.c);
	lk_conn_destroy(&w->dk1.c);
	lk_conn_destroy(&w->dk2.c);
}

Test(signer_server, key_replacement_is_refused_from_every_office)
{
	struct world w;
	s_world(&w);
	struct lkt_dev *devs[] = {&w.pkm, &w.kec, &w.dk1};
	const char *kapus = lk_record_id(w.kapus);
	char now[24], pkv[80];
	s_now(now, 0);
	for (size_t i = 0; i < 3; i++) {
		/* A key made active for the Kapus without the district's confirmation or an endorsement. */
		struct key evil;
		s_key(&evil, kapus, "head", 30);
		s_set(evil.m, "status", "active");
		s_refused(devs[i], evil.m, 0, NULL, "an active key is confirmed by the district");
		s_set(evil.m, "confirmed_at", now);
		s_refused(devs[i], evil.m, 0, NULL, "a new key starts pending");
		/* person.sign_pk replaced: trusted by no one and refused. */
		uint8_t pk[32];
		for (int b = 0; b < 32; b++)
			pk[b] = (uint8_t)(b + i);
		snprintf(pkv, sizeof pkv, "%s", "sign_pk=");
		lk_hex_encode(pkv + 8, pk, sizeof pk);
		ProtobufCMessage *p = lk_record_copy(lk_entity_find("person"), w.kapus);
		s_set(p, "sign_pk", pkv + 8);
		s_refused(devs[i], p, 1, (const char *const[]){"sign_pk", NULL}, "sign_pk is no longer used");
		/* A document "signed by" the Kapus with a key that is pending, or with the KTU's confirmed key. */
		struct key pend;
		s_key(&pend, kapus, "head", 30);
		s_applied(devs[i], pend.m, 0, NULL);
		ProtobufCMessage *doc = s_doc("invitation", kapus, &pend, now, "SURAT UNDANGAN\nNomor: 9\n");
		s_refused(devs[i], doc, 0, NULL, "waiting for the district's confirmation");
		lk_record_free(doc);
		struct key ktu;
		s_key(&ktu, lk_record_id(w.ktu), "deputy", 30);
		s_applied(&w.pkm, ktu.m, 0, NULL);
		s_confirm(&w.dk2, &ktu);
		doc = s_doc("invitation", kapus, &ktu, now, "SURAT UNDANGAN\nNomor: 10\n");
		s_refused(devs[i], doc, 0, NULL, "belongs to another person");
		lk_record_free(doc);
		/* Signature bytes of no key, naming the Kapus's confirmed key. */
		doc = s_doc("minutes", kapus, &evil, now, "NOTULEN\n");
		s_set(doc, "signer_key_id", lk_record_id(w.k1.m));
		s_refused(devs[i], doc, 0, NULL, "does not verify");
		lk_record_free(doc);
		/* A signature as made before signer keys: the Kapus's confirmed key
		 * made it, but the document names no key. Nothing new is signed so. */
		for (int e = 0; e < 2; e++) {
			doc = s_doc(e ? "minutes" : "invitation", kapus, &w.k1, now, e ? "NOTULEN\nlama\n" : "SURAT UNDANGAN\nlama\n");
			s_set(doc, "signer_key_id", "");
			s_refused(devs[i], doc, 0, NULL, "it names no confirmed key (signer_key_id)");
			lk_record_free(doc);
		}
		lk_record_free(p);
		lk_record_free(evil.m);
		lk_record_free(pend.m);
		lk_record_free(ktu.m);
	}
	/* The signing roles: a puskesmas or kecamatan device cannot make someone Kapus, or unmake her. */
	ProtobufCMessage *p = lk_record_copy(lk_entity_find("person"), w.ktu);
	s_set(p, "role", "kapus");
	s_refused(&w.pkm, p, 1, (const char *const[]){"role", NULL}, "only the district makes a person Kapus");
	s_refused(&w.kec, p, 1, (const char *const[]){"role", NULL}, "only the district makes a person Kapus");
	lk_record_free(p);
	p = lk_record_copy(lk_entity_find("person"), w.kapus);
	s_set(p, "role", "staff");
	s_refused(&w.pkm, p, 1, (const char *const[]){"role", NULL}, "only the district");
	lk_record_free(p);
	/* The database is as before: no document, the Kapus still kapus with no sign_pk, one key of hers active. */
	s_sql_is("0", "SELECT count(*) FROM invitation%s", "");
	s_sql_is("0", "SELECT count(*) FROM minutes%s", "");
	s_sql_is("kapus|", "SELECT role || '|' || sign_pk FROM person WHERE id = '%s'", kapus);
	s_sql_is("ktu", "SELECT role FROM person WHERE id = '%s'", lk_record_id(w.ktu));
	s_sql_is("1", "SELECT count(*) FROM signer_key WHERE person_id = '%s' AND status = 'active'", kapus);
	s_sql_is("3", "SELECT count(*) FROM signer_key WHERE person_id = '%s' AND status = 'pending'", kapus);
	/* A signing key is never deleted. */
	ProtobufCMessage *gone = lk_record_copy(lk_entity_find("signer_key"), w.k1.m);
	s_set(gone, "deleted", "1");
	s_refused(&w.dk1, gone, 2, (const char *const[]){"deleted", NULL}, "never deleted");
	lk_record_free(gone);
	s_world_free(&w);
}

Test(signer_server, confirmation_is_the_districts_and_endorsements_must_verify)
{
	struct world w;
	s_world(&w);
	const char *kapus = lk_record_id(w.kapus);
	char now[24];
	s_now(now, 0);
	/* A second key made on the K.TU's PC for the Kapus: pending; only another district device confirms it. */
	struct key k2;
	s_key(&k2, kapus, "head", 30);
	s_applied(&w.pkm, k2.m, 0, NULL);
	s_set(k2.m, "status", "active");
	s_set(k2.m, "confirmed_at", now);
	s_refused(&w.pkm, k2.m, 1, F_STATUS_CONFIRM, "only the district confirms");
	s_refused(&w.kec, k2.m, 1, F_STATUS_CONFIRM, "only the district confirms");
	s_sql_is("pending", "SELECT status FROM signer_key WHERE id = '%s'", lk_record_id(k2.m));
	/* A district device that made a key cannot confirm it itself. */
	struct key k3;
	s_key(&k3, kapus, "head", 30);
	s_applied(&w.dk1, k3.m, 0, NULL);
	s_set(k3.m, "status", "active");
	s_set(k3.m, "confirmed_at", now);
	s_refused(&w.dk1, k3.m, 1, F_STATUS_CONFIRM, "the device that made a key cannot confirm it");
	s_sql_is("pending", "SELECT status FROM signer_key WHERE id = '%s'", lk_record_id(k3.m));
	/* An endorsement that does not verify (signed by another key), or by a pending key. */
	struct key k4, evil;
	s_key(&evil, kapus, "head", 30);
	s_key(&k4, kapus, "head", 10);
	s_endorse(&k4, &evil, 1);
	s_set(k4.m, "endorsed_by", lk_record_id(w.k1.m));
	s_refused(&w.pkm, k4.m, 0, NULL, "does not verify");
	s_endorse(&k4, &k2, 1);
	s_refused(&w.pkm, k4.m, 0, NULL, "waiting for the district's confirmation");
	s_sql_is("0", "SELECT count(*) FROM signer_key WHERE id = '%s'", lk_record_id(k4.m));
	/* A rotation endorsed by the confirmed key: active at once; the old key stops, its past stays valid. */
	s_endorse(&k4, &w.k1, 1);
	s_applied(&w.pkm, k4.m, 0, NULL);
	s_sql_is("active", "SELECT status FROM signer_key WHERE id = '%s'", lk_record_id(k4.m));
	char before[24];
	s_now(before, -20);
	ProtobufCMessage *old = s_doc("invitation", kapus, &w.k1, before, "SURAT UNDANGAN\nsebelum rotasi\n");
	s_applied(&w.pkm, old, 0, NULL);
	ProtobufCMessage *late = s_doc("invitation", kapus, &w.k1, now, "SURAT UNDANGAN\nsesudah rotasi\n");
	s_refused(&w.pkm, late, 0, NULL, "no longer signed");
	ProtobufCMessage *fresh = s_doc("invitation", kapus, &k4, now, "SURAT UNDANGAN\nkunci baru\n");
	s_applied(&w.pkm, fresh, 0, NULL);
	/* A second rotation of the same old key is refused. */
	struct key k5;
	s_key(&k5, kapus, "head", 5);
	s_endorse(&k5, &w.k1, 1);
	s_refused(&w.pkm, k5.m, 0, NULL, "replaced");
	s_sql_is("2", "SELECT count(*) FROM invitation%s", "");
	/* Revoked: the key makes no new signature. */
	s_set(k4.m, "status", "revoked");
	s_set(k4.m, "revoked_at", now);
	s_refused(&w.pkm, k4.m, 1, (const char *const[]){"status", "revoked_at", NULL}, "only the district");
	s_applied(&w.dk2, k4.m, 1, (const char *const[]){"status", "revoked_at", NULL});
	ProtobufCMessage *after = s_doc("minutes", kapus, &k4, now, "NOTULEN\n");
	s_refused(&w.pkm, after, 0, NULL, "revoked");
	lk_record_free(after);
	lk_record_free(old);
	lk_record_free(late);
	lk_record_free(fresh);
	lk_record_free(k2.m);
	lk_record_free(k3.m);
	lk_record_free(k4.m);
	lk_record_free(k5.m);
	lk_record_free(evil.m);
	s_world_free(&w);
}

Test(signer_server, sealed_documents_stay_sealed)
{
	struct world w;
	s_world(&w);
	const char *kapus = lk_record_id(w.kapus);
	char now[24];
	s_now(now, 0);
	ProtobufCMessage *inv = s_doc("invitation", kapus, &w.k1, now, "SURAT UNDANGAN\nNomor: 005\n");
	ProtobufCMessage *mn = s_doc("minutes", kapus, &w.k1, now, "NOTULEN\nRevisi 1\n");
	s_applied(&w.pkm, inv, 0, NULL);
	s_applied(&w.pkm, mn, 0, NULL);
	struct lkt_dev *devs[] = {&w.pkm, &w.kec, &w.dk1};
	static const struct {
		const char *entity, *field, *value;
	} edits[] = {
		{"invitation", "number", "006/diubah"},        {"invitation", "issued_date", "2026-04-01"},
		{"invitation", "deleted", "1"},                {"invitation", "meeting_id", "01a20422-f687-7002-a92c-a851f11ac845"},
		{"minutes", "change_note", "diubah diam-diam"}, {"minutes", "effective_date", "2026-06-01"},
		{"minutes", "deleted", "1"},                   {"minutes", "revision", "2"},
	};
	for (size_t d = 0; d < 3; d++)
		for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
			const ProtobufCMessage *src = !strcmp(edits[i].entity, "invitation") ? inv : mn;
			ProtobufCMessage *m = lk_record_copy(lk_entity_find(edits[i].entity), src);
			s_set(m, edits[i].field, edits[i].value);
			s_refused(devs[d], m, 1, (const char *const[]){edits[i].field, NULL}, "signed and sealed");
			lk_record_free(m);
		}
	s_sql_is("005/PKM/III|2026-03-01|0|1", "SELECT number || '|' || issued_date || '|' || deleted::int || '|' || rev FROM "
	                                       "invitation WHERE id = '%s'", lk_record_id(inv));
	s_sql_is("|2026-03-05|0|1", "SELECT change_note || '|' || effective_date || '|' || deleted::int || '|' || rev FROM "
	                            "minutes WHERE id = '%s'", lk_record_id(mn));
	/* Sent to the district: once. */
	ProtobufCMessage *sub = lk_record_copy(lk_entity_find("minutes"), mn);
	s_set(sub, "submitted_at", now);
	s_applied(&w.pkm, sub, 1, (const char *const[]){"submitted_at", NULL});
	s_set(sub, "submitted_at", "2026-01-01T00:00:00Z");
	s_refused(&w.pkm, sub, 2, (const char *const[]){"submitted_at", NULL}, "signed and sealed");
	s_sql_is("2", "SELECT rev FROM minutes WHERE id = '%s'", lk_record_id(mn));
	lk_record_free(sub);
	lk_record_free(inv);
	lk_record_free(mn);
	s_world_free(&w);
}

/* An RTL item done, to verify. */
static ProtobufCMessage *s_rtl(void)
{
	const char *kv[] = {"meeting_id=01a20422-f687-7002-a92c-a851f11ac844", "activity=Sweeping K1", "due_date=2026-04-10",
	                    "owner_person_id=01a20422-f687-7002-a92c-a851f11ac845", "status=done", "closed_on=2026-04-08",
	                    NULL};
	return s_rec("rtl", kv);
}

static void s_verify_with(ProtobufCMessage *r, const char *person, const struct key *k, const char *at)
{
	char hex[129];
	s_set(r, "status", "verified");
	s_set(r, "verified_by", person);
	s_set(r, "verified_key_id", lk_record_id(k->m));
	s_set(r, "verified_at", at);
	char *st = lk_signer_rtl_statement(r);
	s_sig(k, st, hex);
	free(st);
	s_set(r, "verification_sig", hex);
}

Test(signer_server, rtl_verified_only_with_the_heads_signature_and_deputies_in_force)
{
	struct world w;
	s_world(&w);
	const char *kapus = lk_record_id(w.kapus), *ktu = lk_record_id(w.ktu);
	char now[24];
	s_now(now, 0);
	static const char *const vf[] = {"status", "verified_by", "verified_key_id", "verified_at", "verification_sig",
	                                 NULL};
	ProtobufCMessage *r = s_rtl();
	s_applied(&w.pkm, r, 0, NULL);
	/* Verified with no signature, or a signature of no valid key. */
	ProtobufCMessage *v = lk_record_copy(lk_entity_find("rtl"), r);
	s_set(v, "status", "verified");
	s_refused(&w.pkm, v, 1, (const char *const[]){"status", NULL}, "needs the signed verification");
	struct key evil;
	s_key(&evil, kapus, "head", 30);
	s_verify_with(v, kapus, &evil, now);
	s_set(v, "verified_key_id", lk_record_id(w.k1.m));
	s_refused(&w.pkm, v, 1, vf, "does not verify");
	s_refused(&w.dk1, v, 1, vf, "does not verify");
	s_sql_is("done||", "SELECT status || '|' || coalesce(verified_by::text, '') || '|' || verification_sig FROM rtl_item "
	                   "WHERE id = '%s'", lk_record_id(r));
	/* The K.TU as Plt.: a deputy key confirmed by the district, a delegation granted by the Kapus's key. */
	struct key dep;
	s_key(&dep, ktu, "deputy", 30);
	s_applied(&w.pkm, dep.m, 0, NULL);
	s_confirm(&w.dk1, &dep);
	s_verify_with(v, ktu, &dep, now);
	s_refused(&w.pkm, v, 1, vf, "no delegation in force");
	char pvk[60], today[11], gk[60], hex[129];
	memcpy(today, now, 10);
	today[10] = '\0';
	snprintf(pvk, sizeof pvk, "person_id=%s", ktu);
	snprintf(gk, sizeof gk, "granted_by_key=%s", lk_record_id(w.k1.m));
	const char *past[] = {pvk, "kind=plt", "valid_from=2020-01-01", "valid_until=2020-01-31", gk, NULL};
	ProtobufCMessage *d1 = s_rec("delegation", past);
	s_set(d1, "granted_at", now);
	struct lk_delegation dl;
	lk_signer_delegation_of(&dl, d1);
	char *st = lk_signer_delegation_statement(&dl);
	s_sig(&w.k1, st, hex);
	free(st);
	/* Without the head's signature a puskesmas device cannot grant it. */
	s_refused(&w.pkm, d1, 0, NULL, "grant_signature");
	s_set(d1, "grant_signature", hex);
	s_applied(&w.pkm, d1, 0, NULL);
	s_refused(&w.pkm, v, 1, vf, "no delegation in force");
	/* A delegation by the district (no key), from a district device, covering today. */
	char from[24];
	snprintf(from, sizeof from, "valid_from=%s", today);
	char until[24];
	snprintf(until, sizeof until, "valid_until=%s", today);
	const char *cur[] = {pvk, "kind=plh", from, until, NULL};
	ProtobufCMessage *d2 = s_rec("delegation", cur);
	s_set(d2, "granted_at", now);
	s_refused(&w.pkm, d2, 0, NULL, "granted by the district");
	s_applied(&w.dk1, d2, 0, NULL);
	s_applied(&w.pkm, v, 1, vf);
	s_sql_is("verified", "SELECT status FROM rtl_item WHERE id = '%s'", lk_record_id(r));
	/* Verified is sealed: the status and what the signature covers stay; notes may follow. */
	ProtobufCMessage *back = lk_record_copy(lk_entity_find("rtl"), v);
	ProtobufCMessage *reopen = s_rtl();
	s_set(reopen, "id", lk_record_id(r));
	s_set(reopen, "status", "open");
	s_set(reopen, "closed_on", "");
	s_refused(&w.pkm, reopen, 2, (const char *const[]){"status", "closed_on", NULL}, "verified and sealed");
	lk_record_free(reopen);
	s_set(back, "activity", "Sweeping lain");
	s_refused(&w.dk1, back, 2, (const char *const[]){"activity", NULL}, "verified and sealed");
	s_set(back, "activity", "Sweeping K1");
	s_set(back, "status_note", "catatan sesudahnya");
	s_applied(&w.pkm, back, 2, (const char *const[]){"status_note", NULL});
	/* A delegation never changes. */
	s_set(d2, "valid_until", "2099-12-31");
	s_refused(&w.dk1, d2, 1, (const char *const[]){"valid_until", NULL}, "never changes");
	lk_record_free(back);
	lk_record_free(d1);
	lk_record_free(d2);
	lk_record_free(dep.m);
	lk_record_free(evil.m);
	lk_record_free(v);
	lk_record_free(r);
	s_world_free(&w);
}

/*
 * What one push carries when a device did several steps between two syncs: minutes signed and submitted at once,
 * an RTL item done and verified at once (closed in the same change). Without the signature, or without the
 * closing, the same pushes are refused.
 */
Test(signer_server, steps_made_between_two_syncs_arrive_as_one_change)
{
	struct world w;
	s_world(&w);
	const char *kapus = lk_record_id(w.kapus);
	char now[24];
	s_now(now, 0);
	ProtobufCMessage *mn = s_doc("minutes", kapus, &w.k1, now, "NOTULEN\nRevisi 1\n");
	s_set(mn, "submitted_at", now);
	ProtobufCMessage *bare = lk_record_copy(lk_entity_find("minutes"), mn);
	s_set(bare, "signature", "");
	s_set(bare, "signer_person_id", "");
	s_set(bare, "signed_at", "");
	s_set(bare, "signer_key_id", "");
	s_refused(&w.pkm, bare, 0, NULL, "only signed minutes are sent to the district; sign them first");
	s_applied(&w.pkm, mn, 0, NULL);
	s_sql_is("1", "SELECT count(*) FROM minutes WHERE id = '%s' AND signature <> '' AND submitted_at IS NOT NULL",
	         lk_record_id(mn));

	/* Open on the server, then done and verified on the device: the change closes it. */
	static const char *const vf[] = {"status", "verified_by", "verified_key_id", "verified_at", "verification_sig",
	                                 NULL};
	static const char *const vfc[] = {"status", "closed_on", "verified_by", "verified_key_id", "verified_at",
	                                  "verification_sig", NULL};
	ProtobufCMessage *r = s_rtl();
	s_set(r, "status", "open");
	s_set(r, "closed_on", "");
	s_applied(&w.pkm, r, 0, NULL);
	ProtobufCMessage *v = lk_record_copy(lk_entity_find("rtl"), r);
	s_verify_with(v, kapus, &w.k1, now);
	s_refused(&w.pkm, v, 1, vf, "only a done RTL item can be verified (this one is open)");
	s_sql_is("open|", "SELECT status || '|' || coalesce(closed_on::text, '') FROM rtl_item WHERE id = '%s'",
	         lk_record_id(r));
	s_set(v, "closed_on", "2026-04-08");
	s_verify_with(v, kapus, &w.k1, now);
	s_refused(&w.pkm, v, 1, vf, "(this one is open)");
	s_applied(&w.pkm, v, 1, vfc);
	s_sql_is("verified|2026-04-08", "SELECT status || '|' || closed_on FROM rtl_item WHERE id = '%s'",
	         lk_record_id(r));
	/* Made, done and verified before the first sync: a new record, closed. */
	ProtobufCMessage *n = s_rtl();
	s_set(n, "closed_on", "");
	s_verify_with(n, kapus, &w.k1, now);
	s_refused(&w.pkm, n, 0, NULL, "(this one is new)");
	s_set(n, "closed_on", "2026-04-08");
	s_verify_with(n, kapus, &w.k1, now);
	s_applied(&w.pkm, n, 0, NULL);
	s_sql_is("verified", "SELECT status FROM rtl_item WHERE id = '%s'", lk_record_id(n));
	lk_record_free(n);
	lk_record_free(v);
	lk_record_free(r);
	lk_record_free(bare);
	lk_record_free(mn);
	s_world_free(&w);
}
