/* test_push_batch: one push mixing every outcome answers each op on its own, in op order, against a real lokmind. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_util.h"
#include "lkt.h"
#include "lkt_dev.h"

static struct lkt_server s_srv;

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 4), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(push_batch, .init = s_setup, .fini = s_teardown, .timeout = 180);

static const char *const s_all[] = {"kind", "year", "period", "planned_date", "status", "title", NULL};
static const char *const s_title[] = {"title", NULL};
static const char *const s_place[] = {"place", NULL};

static ProtobufCMessage *s_meeting(const struct lkt_dev *d, const char *title)
{
	ProtobufCMessage *m = lkt_record(d, "meeting");
	cr_assert_eq(lk_record_set(m, "kind", "monthly"), 0);
	cr_assert_eq(lk_record_set(m, "year", "2026"), 0);
	cr_assert_eq(lk_record_set(m, "period", "5"), 0);
	cr_assert_eq(lk_record_set(m, "planned_date", "2026-05-04"), 0);
	cr_assert_eq(lk_record_set(m, "status", "planned"), 0);
	cr_assert_eq(lk_record_set(m, "title", title), 0);
	return m;
}

static char *s_sql(const char *sql)
{
	char *v = lkt_sql_value(&s_srv.db, sql);
	cr_assert_not_null(v, "%s", sql);
	return v;
}

static void s_status(const Lokmin__Reply *rep, size_t i, Lokmin__OpStatus want, int64_t rev)
{
	const Lokmin__OpResult *r = rep->push->results[i];
	cr_assert_eq(r->status, want, "op %zu: status %d, want %d (%s)", i, r->status, want, r->message);
	if (rev >= 0)
		cr_assert_eq(r->rev, rev, "op %zu: rev %lld, want %lld", i, (long long)r->rev, (long long)rev);
}

/* Twelve ops in one push, each kind of answer among them; every op after a
 * refusal is still applied, and the change log holds the applied ones in op order. */
Test(push_batch, every_outcome_in_one_push)
{
	struct lkt_dev k, p;
	lkt_dev(&s_srv, &k, "kec", "kecamatan", "332401");
	lkt_dev(&s_srv, &p, "pkm", "puskesmas", "P3324010101");
	struct lkt_dev pk = k; /* the kecamatan device writing for the puskesmas */
	strcpy(pk.pusk, "P3324010101");
	struct lkt_dev ghost = k; /* a puskesmas inside the kecamatan that does not exist */
	strcpy(ghost.pusk, "P3324019999");

	/* Before: a meeting of the puskesmas at rev 1, that the puskesmas then renames (rev 2). */
	struct lkt_op pre, ren;
	ProtobufCMessage *old = s_meeting(&p, "Lokmin Mei");
	lkt_op(&pre, old, 0, s_all);
	Lokmin__Op *one[1] = {&pre.op};
	Lokmin__Reply *rep = lkt_push(&p, one, 1, 10000);
	s_status(rep, 0, LOKMIN__OP_STATUS__OP_APPLIED, 1);
	lk_reply_free(rep);
	ProtobufCMessage *renamed = lk_record_copy(lk_entity_find("meeting"), old);
	cr_assert_eq(lk_record_set(renamed, "title", "Lokmin Mei (puskesmas)"), 0);
	lkt_op(&ren, renamed, 1, s_title);
	one[0] = &ren.op;
	rep = lkt_push(&p, one, 1, 10000);
	s_status(rep, 0, LOKMIN__OP_STATUS__OP_APPLIED, 2);
	lk_reply_free(rep);
	char *seq0 = s_sql("SELECT max(seq) FROM change_log");

	/* A push by the kecamatan device, built from what it last saw (rev 1). */
	struct lkt_op o[12];
	ProtobufCMessage *a = s_meeting(&pk, "A"), *b = s_meeting(&pk, "B"), *bad = s_meeting(&pk, "X");
	ProtobufCMessage *h = s_meeting(&ghost, "hantu"), *c = s_meeting(&pk, "C"), *d = s_meeting(&pk, "D");
	ProtobufCMessage *theirs = lk_record_copy(lk_entity_find("meeting"), old);
	ProtobufCMessage *where = lk_record_copy(lk_entity_find("meeting"), old);
	cr_assert_eq(lk_record_set(bad, "status", "someday"), 0);
	cr_assert_eq(lk_record_set(theirs, "title", "Lokmin Mei (kecamatan)"), 0);
	cr_assert_eq(lk_record_set(where, "place", "Aula Kecamatan"), 0);
	lkt_op(&o[0], a, 0, s_all);          /* 0 new: APPLIED rev 1 */
	lkt_op(&o[1], bad, 0, s_all);        /* 1 invalid status: REJECTED by the checks */
	lkt_op(&o[2], b, 0, s_all);          /* 2 new after a refusal: APPLIED */
	lkt_op(&o[3], h, 0, s_all);          /* 3 unknown puskesmas: REJECTED by the database */
	lkt_op(&o[4], c, 0, s_all);          /* 4 new after a database refusal: APPLIED */
	o[5] = o[0];                          /* 5 the same op again in this push: DUPLICATE */
	o[5].op.fields = o[5].fields;
	lkt_op(&o[6], theirs, 1, s_title);   /* 6 the title the puskesmas changed meanwhile: CONFLICT, later wins */
	lkt_op(&o[7], where, 1, s_place);    /* 7 another field of the same record: APPLIED, merged */
	o[8] = pre;                           /* 8 an op id of the puskesmas device: refused, not applied */
	o[8].op.fields = o[8].fields;
	cr_assert_eq(lk_record_set(a, "title", "A (diubah)"), 0);
	lkt_op(&o[9], a, 1, s_title);        /* 9 record A again, made earlier in this push: rev 2 */
	lkt_op(&o[10], d, 0, s_all);         /* 10 new: APPLIED */
	lkt_op(&o[11], d, 0, s_all);         /* 11 D again with a new op id: same values, nothing to change */
	Lokmin__Op *ops[12];
	for (int i = 0; i < 12; i++)
		ops[i] = &o[i].op;
	rep = lkt_push(&k, ops, 12, 20000);
	s_status(rep, 0, LOKMIN__OP_STATUS__OP_APPLIED, 1);
	s_status(rep, 1, LOKMIN__OP_STATUS__OP_REJECTED, -1);
	cr_assert_eq(rep->push->results[1]->error, LK_EINVAL);
	s_status(rep, 2, LOKMIN__OP_STATUS__OP_APPLIED, 1);
	s_status(rep, 3, LOKMIN__OP_STATUS__OP_REJECTED, -1);
	cr_assert(strstr(rep->push->results[3]->message, "refused"), "%s", rep->push->results[3]->message);
	s_status(rep, 4, LOKMIN__OP_STATUS__OP_APPLIED, 1);
	s_status(rep, 5, LOKMIN__OP_STATUS__OP_DUPLICATE, 1);
	cr_assert_eq(rep->push->results[5]->first_status, LOKMIN__OP_STATUS__OP_APPLIED);
	s_status(rep, 6, LOKMIN__OP_STATUS__OP_CONFLICT, -1);
	cr_assert_eq(rep->push->results[6]->n_conflict_ids, 1);
	s_status(rep, 7, LOKMIN__OP_STATUS__OP_APPLIED, -1);
	s_status(rep, 8, LOKMIN__OP_STATUS__OP_DUPLICATE, -1);
	cr_assert_eq(rep->push->results[8]->first_status, LOKMIN__OP_STATUS__OP_REJECTED);
	cr_assert(strstr(rep->push->results[8]->message, "another device"), "%s", rep->push->results[8]->message);
	s_status(rep, 9, LOKMIN__OP_STATUS__OP_APPLIED, 2);
	s_status(rep, 10, LOKMIN__OP_STATUS__OP_APPLIED, 1);
	s_status(rep, 11, LOKMIN__OP_STATUS__OP_APPLIED, 1);
	lk_reply_free(rep);

	/* What the tables hold: the records, the merged fields, the conflict. */
	char *v = s_sql("SELECT string_agg(title, ',' ORDER BY title) FROM meeting WHERE puskesmas_code = 'P3324010101'");
	cr_assert_str_eq(v, "A (diubah),B,C,D,Lokmin Mei (kecamatan)");
	free(v);
	v = s_sql("SELECT coalesce(place, '') || '|' || title FROM meeting WHERE title LIKE 'Lokmin Mei%'");
	cr_assert_str_eq(v, "Aula Kecamatan|Lokmin Mei (kecamatan)", "the place merged; the later title won");
	free(v);
	v = s_sql("SELECT server_value || '|' || client_value || '|' || winner FROM sync_conflict WHERE field = 'title'");
	cr_assert_str_eq(v, "Lokmin Mei (puskesmas)|Lokmin Mei (kecamatan)|client");
	free(v);
	/* The change log: no gap, and in op order (A, B, C, the conflict with its change, the merge, A again, D). */
	char q[512];
	snprintf(q, sizeof q,
	         "SELECT count(*) || '/' || (max(seq) - min(seq) + 1) || '/' || string_agg(CASE WHEN entity = "
	         "'meeting' THEN (SELECT title FROM meeting m WHERE m.id = c.record_id) || '@' || c.rev ELSE entity END, "
	         "',' ORDER BY seq) FROM change_log c WHERE seq > %s",
	         seq0);
	v = s_sql(q);
	cr_assert_str_eq(v,
	                 "8/8/A (diubah)@1,B@1,C@1,conflict,Lokmin Mei (kecamatan)@3,Lokmin Mei (kecamatan)@4,"
	                 "A (diubah)@2,D@1",
	                 "%s", v);
	free(v);
	v = s_sql("SELECT count(*) FROM applied_op");
	cr_assert_str_eq(v, "12", "one stored result per distinct op id: 2 of the puskesmas, 10 of this push");
	free(v);

	/* The same push again: every op answered from what was stored, nothing written. */
	rep = lkt_push(&k, ops, 12, 20000);
	for (int i = 0; i < 12; i++)
		s_status(rep, (size_t)i, LOKMIN__OP_STATUS__OP_DUPLICATE, -1);
	cr_assert_eq(rep->push->results[1]->first_status, LOKMIN__OP_STATUS__OP_REJECTED);
	cr_assert_eq(rep->push->results[3]->first_status, LOKMIN__OP_STATUS__OP_REJECTED);
	cr_assert_eq(rep->push->results[6]->first_status, LOKMIN__OP_STATUS__OP_CONFLICT);
	cr_assert_eq(rep->push->results[8]->first_status, LOKMIN__OP_STATUS__OP_REJECTED);
	lk_reply_free(rep);
	snprintf(q, sizeof q, "SELECT count(*) FROM change_log WHERE seq > %s", seq0);
	v = s_sql(q);
	cr_assert_str_eq(v, "8");
	free(v);

	free(seq0);
	for (int i = 0; i < 12; i++)
		if (i != 5 && i != 8)
			free(o[i].buf);
	free(pre.buf);
	free(ren.buf);
	ProtobufCMessage *all[] = {old, renamed, a, b, bad, h, c, d, theirs, where};
	for (size_t i = 0; i < LK_ARRAY_LEN(all); i++)
		lk_record_free(all[i]);
	lk_conn_destroy(&k.c);
	lk_conn_destroy(&p.c);
}
