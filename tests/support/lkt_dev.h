/*
 * lkt_dev: raw devices for e2e tests (an enrolled home connected to lokmind, its office's tenant keys, records
 * and ops built by hand, pushes and pulls), header-only (static inline) because it asserts with Criterion.
 */
#ifndef LKT_DEV_H
#define LKT_DEV_H

#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "conn.h"
#include "lk_entity.h"
#include "lk_hlc.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "lkt.h"

/* A connected device and the tenant keys of its office. */
struct lkt_dev {
	char home[400];
	lk_conn *c;
	char kab[8], kec[8], pusk[16];
};

/* Enroll home name on srv with role and scope, connect it, and derive its tenant keys from the scope code. */
static inline void lkt_dev(struct lkt_server *srv, struct lkt_dev *d, const char *name, const char *role,
                           const char *scope)
{
	char err[256];
	lk_curve_pair kp, server;
	memset(d, 0, sizeof *d);
	lkt_home(srv, name, d->home, sizeof d->home);
	cr_assert_eq(lkt_enroll(srv, d->home, role, scope), 0);
	cr_assert_eq(lkt_home_keys(d->home, &kp), 0);
	cr_assert_eq(lk_curve_load(&server, srv->keydir, "server"), 0);
	d->c = lk_conn_new(srv->endpoint, server.public_z85, &kp, err, sizeof err);
	cr_assert_not_null(d->c, "%s", err);
	if (scope[0] == 'P') {
		memcpy(d->kab, scope + 1, 4);
		memcpy(d->kec, scope + 1, 6);
		strcpy(d->pusk, scope);
	} else if (strlen(scope) == 6) {
		memcpy(d->kab, scope, 4);
		strcpy(d->kec, scope);
	} else {
		strcpy(d->kab, scope);
	}
}

/* A new UUIDv7 as text, in out. */
static inline char *lkt_new_id(char out[LK_UUID_STRLEN])
{
	lk_uuid u;
	lk_uuid_v7(&u);
	return lk_uuid_format(&u, out);
}

/* A record of entity with a fresh id and d's tenant keys. */
static inline ProtobufCMessage *lkt_record(const struct lkt_dev *d, const char *entity)
{
	char id[LK_UUID_STRLEN];
	ProtobufCMessage *m = lk_record_new(lk_entity_find(entity));
	cr_assert_eq(lk_record_set(m, "id", lkt_new_id(id)), 0);
	cr_assert_eq(lk_record_set(m, "kabupaten", d->kab), 0);
	cr_assert_eq(lk_record_set(m, "kecamatan", d->kec), 0);
	cr_assert_eq(lk_record_set(m, "puskesmas", d->pusk), 0);
	return m;
}

/* The entity m is a record of (NULL when none). */
static inline const struct lk_entity *lkt_entity_of(const ProtobufCMessage *m)
{
	const struct lk_entity *e = NULL;
	for (size_t i = 0; i < lk_entities_count; i++)
		if (lk_entities[i].desc == m->descriptor)
			e = &lk_entities[i];
	return e;
}

/* A device's clock for the ops it makes: one per test file, never going back. */
static inline uint64_t lkt_tick(void)
{
	static lk_hlc clock = LK_HLC_INIT;
	return lk_hlc_tick(&clock, lk_now_ms());
}

/* One op and the storage it points into; free buf when done. */
struct lkt_op {
	Lokmin__Op op;
	char op_id[LK_UUID_STRLEN];
	char record_id[LK_UUID_STRLEN];
	char *fields[64]; /* room for the largest entity and for hand-made lists */
	uint8_t *buf;     /* the encoded record, when lkt_op made it */
};

/*
 * Fill o with a fresh op id and the given parts, as they are (a hostile client may send
 * any): changed fields are fields (NULL-terminated), or every own field of entity when
 * NULL. hlc and base_rev are left 0 for the caller.
 */
static inline void lkt_op_raw(struct lkt_op *o, const char *entity, const char *record_id, const uint8_t *bytes,
                              size_t len, const char *const *fields)
{
	const struct lk_entity *e = entity ? lk_entity_find(entity) : NULL;
	size_t n = 0;
	lokmin__op__init(&o->op);
	o->buf = NULL;
	if (fields)
		for (; fields[n] && n < 64; n++)
			o->fields[n] = (char *)fields[n];
	else
		for (; e && n < e->nfields && n < 64; n++)
			o->fields[n] = (char *)e->fields[n].name;
	o->op.op_id = lkt_new_id(o->op_id);
	o->op.entity = (char *)entity;
	o->op.record_id = (char *)record_id;
	o->op.fields = o->fields;
	o->op.n_fields = n;
	o->op.record.data = (uint8_t *)bytes;
	o->op.record.len = len;
}

/* Fill o with an op for record m on base_rev, stamped with lkt_tick(); fields as for lkt_op_raw. */
static inline void lkt_op(struct lkt_op *o, const ProtobufCMessage *m, int64_t base_rev, const char *const *fields)
{
	const struct lk_entity *e = lkt_entity_of(m);
	uint8_t *buf;
	size_t len;
	cr_assert_eq(lk_record_encode(m, &buf, &len), 0);
	lk_strlcpy(o->record_id, lk_record_id(m), sizeof o->record_id);
	lkt_op_raw(o, e ? e->name : NULL, o->record_id, buf, len, fields);
	o->buf = buf;
	o->op.base_rev = base_rev;
	o->op.hlc = lkt_tick();
}

/* Push n ops within ms; the reply (caller frees) after checking it is a push reply with n results. */
static inline Lokmin__Reply *lkt_push(struct lkt_dev *d, Lokmin__Op **ops, size_t n, int ms)
{
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__PushRequest pr = LOKMIN__PUSH_REQUEST__INIT;
	Lokmin__Reply *rep;
	pr.ops = ops;
	pr.n_ops = n;
	req.body_case = LOKMIN__REQUEST__BODY_PUSH;
	req.push = &pr;
	int rc = lk_conn_call(d->c, &req, ms, &rep);
	cr_assert_eq(rc, 0, "push: %s", lk_conn_error(d->c));
	cr_assert_eq(rep->body_case, LOKMIN__REPLY__BODY_PUSH);
	cr_assert_eq(rep->push->n_results, n);
	return rep;
}

/* Pull from cursor within ms; the reply (caller frees) after checking it is a pull reply. */
static inline Lokmin__Reply *lkt_pull(struct lkt_dev *d, uint64_t cursor, uint32_t limit, Lokmin__SnapshotState *snap,
                                      int ms)
{
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__PullRequest pr = LOKMIN__PULL_REQUEST__INIT;
	Lokmin__Reply *rep;
	pr.cursor = cursor;
	pr.limit = limit;
	pr.snapshot = snap;
	req.body_case = LOKMIN__REQUEST__BODY_PULL;
	req.pull = &pr;
	cr_assert_eq(lk_conn_call(d->c, &req, ms, &rep), 0, "pull: %s", lk_conn_error(d->c));
	cr_assert_eq(rep->body_case, LOKMIN__REPLY__BODY_PULL);
	return rep;
}

#endif
