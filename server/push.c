/* push: the push handler of the sync engine: a batch of ops applied in one transaction, generic over the entity table. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_hlc.h"
#include "lk_i18n.h"
#include "lk_log.h"
#include "lk_strict.h"
#include "lk_utf8.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "pgarray.h"
#include "records.h"
#include "srv.h"
#include "writeq.h"

#define PUSH_MAX_OPS 2000
#define NIL_UUID "00000000-0000-0000-0000-000000000000"
/* The fast way met a database refusal: redo the batch with a savepoint per op. */
#define RETRY_CAREFUL 1
/* Another push stored a result for one of this batch's op ids meanwhile: redo
 * the batch, which then answers those ops from the stored results. */
#define RETRY_SEEN 2
#define RETRY_SEEN_MAX 3

/* A change-log row waiting for its sequence number at the end of the batch. */
struct pending {
	const struct lk_entity *e;
	char id[LK_UUID_STRLEN];
	int64_t rev;
	uint64_t hlc;
	int deleted;
	char kab[LK_CODE_LEN], kec[LK_CODE_LEN], pusk[LK_CODE_LEN];
	char actor[LK_UUID_STRLEN]; /* the person who made the change, "" = not known */
	char *payload_hex;
};

/* A stored op result: looked up for duplicates, written in one statement per batch. */
struct stored {
	char op_id[LK_UUID_STRLEN];
	char device[LK_UUID_STRLEN];
	char entity[48];
	char record_id[LK_UUID_STRLEN];
	int status, error;
	int64_t rev;
	char *message, *conflicts;
};

struct batch {
	struct req *r;
	struct pending *items;
	size_t n, cap;
	int careful;           /* a savepoint per op (after the fast way met a database error) */
	struct stored *seen;   /* results stored before, for this batch's op ids */
	size_t nseen;
	struct stored *fresh;  /* results of this batch, written at its end */
	size_t nfresh;
	/* Rows of the batch's records, read and locked in one query per entity;
	 * only for records named once in the batch (a second op would see a stale copy). */
	PGresult *pre[LK_MAX_ENTITIES];
	char **pre_ids;        /* record ids that were prefetched (present or not) */
	size_t npre;
	char actor_ok[LK_UUID_STRLEN]; /* the last actor found to be a person of the device's scope */
	/* Record writes of the fast way, written set-based per entity just before
	 * the next statement (which may read them) or at the end of the batch. */
	struct writeq *wq;
	int wq_failed; /* the database refused a queued write: the batch goes the careful way */
};

/* 0 when every literal v[from..to) was built, else -LK_ENOMEM. */
static int s_all_closed(char *const *v, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++)
		if (v[k] == NULL)
			return -LK_ENOMEM;
	return 0;
}

static int s_pending_add(struct batch *b, const struct lk_entity *e, const ProtobufCMessage *m, const char *actor)
{
	uint8_t *buf;
	size_t len;
	const char *kab, *kec, *pusk;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		struct pending *ni = realloc(b->items, cap * sizeof *ni);
		if (ni == NULL)
			return -LK_ENOMEM;
		b->items = ni;
		b->cap = cap;
	}
	if (lk_record_encode(m, &buf, &len) != 0)
		return -LK_ENOMEM;
	struct pending *p = &b->items[b->n];
	memset(p, 0, sizeof *p);
	p->payload_hex = malloc(2 * len + 1);
	if (p->payload_hex == NULL) {
		free(buf);
		return -LK_ENOMEM;
	}
	lk_hex_encode(p->payload_hex, buf, len);
	free(buf);
	p->e = e;
	lk_strlcpy(p->id, lk_record_id(m), sizeof p->id);
	p->rev = lk_record_rev(m);
	p->hlc = lk_record_hlc(m);
	p->deleted = lk_record_deleted(m);
	lk_record_keys(m, &kab, &kec, &pusk);
	lk_strlcpy(p->kab, kab, sizeof p->kab);
	lk_strlcpy(p->kec, kec, sizeof p->kec);
	lk_strlcpy(p->pusk, pusk, sizeof p->pusk);
	lk_strlcpy(p->actor, actor ? actor : "", sizeof p->actor);
	b->n++;
	return 0;
}

static void s_pending_truncate(struct batch *b, size_t n)
{
	while (b->n > n)
		free(b->items[--b->n].payload_hex);
}

/* Give the batch's change-log rows their sequence numbers and write them, in
 * one statement (log_put_many). The counter row is locked from here to commit. */
static int s_log_flush(struct batch *b)
{
	PGconn *pg = b->r->pg;
	char n[24], num[24];
	struct pgarray kec, pusk, ent, rid, rev, hlc, del, pay, act;
	PGresult *res;
	int rc;

	if (b->n == 0)
		return 0;
	snprintf(n, sizeof n, "%zu", b->n);
	struct pgarray *all[] = {&kec, &pusk, &ent, &rid, &rev, &hlc, &del, &pay, &act};
	for (size_t k = 0; k < LK_ARRAY_LEN(all); k++)
		pgarray_open(all[k]);
	for (size_t i = 0; i < b->n; i++) {
		struct pending *p = &b->items[i];
		pgarray_add(&kec, p->kec);
		pgarray_add(&pusk, p->pusk);
		pgarray_add(&ent, p->e->name);
		pgarray_add(&rid, p->id);
		snprintf(num, sizeof num, "%" PRId64, p->rev);
		pgarray_add(&rev, num);
		snprintf(num, sizeof num, "%" PRIu64, p->hlc);
		pgarray_add(&hlc, num);
		pgarray_add(&del, p->deleted ? "t" : "f");
		pgarray_add(&pay, p->payload_hex);
		pgarray_add(&act, p->actor);
	}
	char *v[12] = {b->r->dev.kabupaten, b->r->dev.id, n};
	for (size_t k = 0; k < LK_ARRAY_LEN(all); k++)
		v[3 + k] = pgarray_close(all[k]);
	if ((rc = s_all_closed(v, 3, 12)) == 0) {
		res = db_exec(pg, "log_put_many", 12, (const char *const *)v);
		if (res && PQresultStatus(res) == PGRES_COMMAND_OK)
			/* No row means no counter: the kabupaten is not set up. */
			rc = strtoull(PQcmdTuples(res), NULL, 10) == b->n ? 0 : -LK_EINTERNAL;
		else
			rc = db_error(pg, res);
		PQclear(res);
	}
	for (size_t k = 3; k < 12; k++)
		free(v[k]);
	return rc;
}

/* ---------------------------------------------------------------- one op */

struct op_out {
	Lokmin__OpStatus status;
	int error;
	char message[300];
	int64_t rev;
	char conflicts[1024]; /* ids, comma separated */
};

static int s_reject(struct op_out *o, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int s_reject(struct op_out *o, int code, const char *fmt, ...)
{
	va_list ap;
	o->status = LOKMIN__OP_STATUS__OP_REJECTED;
	o->error = code < 0 ? -code : code;
	va_start(ap, fmt);
	vsnprintf(o->message, sizeof o->message, fmt, ap);
	va_end(ap);
	lk_utf8_fix(o->message); /* messages quote client text; replies must stay valid UTF-8 */
	return 0;
}

/* The one refusal of a write outside the device's scope; names only what the op itself said. */
static void s_out_of_scope(struct op_out *o, const struct lk_entity *e, const char *kab, const char *kec,
                           const char *pusk)
{
	s_reject(o, LK_ESCOPE, "%s %s/%s/%s is outside this device's scope", e->name, kab, kec, pusk);
}

/* Replace *rec by the record as the server itself encodes it, after the strict
 * checks of lk_record_accept; 0, or -1 with the op refused in *o. */
static int s_accept(const struct lk_entity *e, const Lokmin__Op *op, ProtobufCMessage **rec, struct op_out *o)
{
	ProtobufCMessage *canon;
	char err[256];
	if (lk_record_accept(e, op->record.data, op->record.len, 0, &canon, err, sizeof err) != 0) {
		s_reject(o, LK_EINVAL, "%s", err);
		return -1;
	}
	lk_record_free(*rec);
	*rec = canon;
	return 0;
}

/* Record a conflict on field f as a new conflict record in the batch. */
static int s_conflict(struct batch *b, const struct lk_entity *e, const ProtobufCMessage *cur,
                      const ProtobufCMessage *rec, const char *field, int narrative, int client_wins,
                      uint64_t hlc, struct op_out *o)
{
	const struct lk_entity *ce = lk_entity_find("conflict");
	ProtobufCMessage *c = lk_record_new(ce);
	char idtext[LK_UUID_STRLEN], *sv = lk_record_get(cur, field), *cv = lk_record_get(rec, field);
	const char *kab, *kec, *pusk;
	lk_uuid id;
	int rc = -LK_ENOMEM;

	if (c == NULL || sv == NULL || cv == NULL)
		goto out;
	lk_uuid_v7(&id);
	lk_uuid_format(&id, idtext);
	lk_record_keys(cur, &kab, &kec, &pusk);
	char hlctext[24];
	snprintf(hlctext, sizeof hlctext, "%" PRIu64, hlc);
	if (lk_record_set(c, "id", idtext) || lk_record_set(c, "rev", "1") || lk_record_set(c, "hlc", hlctext) ||
	    lk_record_set(c, "kabupaten", kab) || lk_record_set(c, "kecamatan", kec) ||
	    lk_record_set(c, "puskesmas", pusk) || lk_record_set(c, "record_entity", e->name) ||
	    lk_record_set(c, "record_id", lk_record_id(cur)) || lk_record_set(c, "field", field) ||
	    lk_record_set(c, "kind", narrative ? "narrative" : "scalar") || lk_record_set(c, "server_value", sv) ||
	    lk_record_set(c, "client_value", cv) ||
	    lk_record_set(c, "winner", narrative ? "none" : client_wins ? "client" : "server") ||
	    lk_record_set(c, "device_id", b->r->dev.id) || lk_record_set(c, "resolved", narrative ? "0" : "1") ||
	    lk_record_set(c, "resolution", narrative ? "" : "settled by HLC: the later change wins"))
		goto out;
	char *vals[64];
	int nv = records_params(ce, c, "", b->r->dev.id, "", vals);
	PGresult *res = db_exec(b->r->pg, "conflict_ins", nv, (const char *const *)vals);
	records_free_params(vals, nv);
	rc = (res && PQresultStatus(res) == PGRES_COMMAND_OK) ? 0 : db_error(b->r->pg, res);
	PQclear(res);
	if (rc == 0)
		rc = s_pending_add(b, ce, c, "");
	if (rc == 0) {
		size_t used = strlen(o->conflicts);
		snprintf(o->conflicts + used, sizeof o->conflicts - used, "%s%s", used ? "," : "", idtext);
	}
out:
	free(sv);
	free(cv);
	lk_record_free(c);
	return rc;
}

/* db_defer's hook: write what the batch queued. */
static PGresult *s_queued_writes(PGconn *pg, void *arg)
{
	struct batch *b = arg;
	PGresult *bad = writeq_flush(pg, b->wq);
	if (bad != NULL)
		b->wq_failed = 1;
	return bad;
}

/* Write the queued rows now; 0, or RETRY_CAREFUL when the database refused one. */
static int s_writes_flush(struct batch *b)
{
	db_defer(NULL, NULL);
	PGresult *bad = writeq_flush(b->r->pg, b->wq);
	if (bad == NULL)
		return 0;
	db_error(b->r->pg, bad);
	PQclear(bad);
	b->wq_failed = 1;
	return RETRY_CAREFUL;
}

static int s_write(struct batch *b, const struct lk_entity *e, const char *stmt, const ProtobufCMessage *m,
                   const struct meta_set *meta, const char *actor)
{
	char name[64], *vals[64], *mt = meta_format(meta);
	snprintf(name, sizeof name, "%s_%s", e->name, stmt);
	int nv = records_params(e, m, mt ? mt : "", b->r->dev.id, actor, vals);
	free(mt);
	if (!b->careful) {
		/* Checks refuse before anything is written, so the write can wait. */
		int rc = writeq_add(b->wq, e, strcmp(stmt, "upd") == 0, vals, nv);
		records_free_params(vals, nv);
		if (rc == 0)
			db_defer(s_queued_writes, b);
		return rc;
	}
	PGresult *res = db_exec(b->r->pg, name, nv, (const char *const *)vals);
	records_free_params(vals, nv);
	int rc = (res && PQresultStatus(res) == PGRES_COMMAND_OK) ? 0 : db_error(b->r->pg, res);
	if (rc != 0)
		log_debug("%s %s: %s", name, lk_record_id(m), PQerrorMessage(b->r->pg));
	PQclear(res);
	return rc;
}

static int s_entity_index(const struct lk_entity *e)
{
	return (int)(e - lk_entities);
}

/* 1 when id was prefetched: rows and row give its row, or row is -1 when absent. */
static int s_prefetched(struct batch *b, const struct lk_entity *e, const char *id, const PGresult **rows, int *row)
{
	const PGresult *r = b->pre[s_entity_index(e)];
	int found = 0;
	for (size_t i = 0; i < b->npre && !found; i++)
		found = strcmp(b->pre_ids[i], id) == 0;
	if (!found || r == NULL)
		return 0;
	*rows = r;
	*row = -1;
	for (int i = 0; i < PQntuples(r); i++)
		if (strcmp(PQgetvalue(r, i, 0), id) == 0) {
			*row = i;
			break;
		}
	return 1;
}

static void s_prefetch_free(struct batch *b)
{
	for (size_t k = 0; k < LK_ARRAY_LEN(b->pre); k++) {
		PQclear(b->pre[k]);
		b->pre[k] = NULL;
	}
	free(b->pre_ids);
	b->pre_ids = NULL;
	b->npre = 0;
}

/* Read and lock, per entity, the rows of every record named once in the batch. */
static int s_prefetch_rows(struct batch *b, const Lokmin__PushRequest *in)
{
	lk_uuid u;
	b->pre_ids = calloc(in->n_ops ? in->n_ops : 1, sizeof *b->pre_ids);
	if (b->pre_ids == NULL)
		return -LK_ENOMEM;
	for (size_t k = 0; k < lk_entities_count; k++) {
		const struct lk_entity *e = &lk_entities[k];
		struct pgarray ids;
		size_t n = 0;
		pgarray_open(&ids);
		for (size_t i = 0; i < in->n_ops; i++) {
			const Lokmin__Op *op = in->ops[i];
			int twice = 0;
			if (strcmp(op->entity, e->name) != 0 || lk_uuid_parse(&u, op->record_id) != 0)
				continue;
			for (size_t j = 0; j < in->n_ops && !twice; j++)
				twice = j != i && strcmp(in->ops[j]->record_id, op->record_id) == 0;
			if (twice)
				continue;
			pgarray_add(&ids, op->record_id);
			b->pre_ids[b->npre++] = op->record_id;
			n++;
		}
		char *lit = pgarray_close(&ids), name[64];
		if (lit == NULL)
			return -LK_ENOMEM;
		if (n > 0) {
			snprintf(name, sizeof name, "%s_get_many", e->name);
			const char *p[1] = {lit};
			b->pre[k] = db_exec(b->r->pg, name, 1, p);
			if (b->pre[k] == NULL || PQresultStatus(b->pre[k]) != PGRES_TUPLES_OK) {
				int rc = db_error(b->r->pg, b->pre[k]);
				free(lit);
				return rc;
			}
		}
		free(lit);
	}
	return 0;
}

/* The checks of one op that need no database, in this order: entity, clock,
 * decode, record id, field names, write scope, then the strict gate. 0 with *ep
 * and *recp (the canonical record, the caller frees it), or -1 with the op
 * refused in *o. */
static int s_precheck(const struct lk_device *dev, const Lokmin__Op *op, uint64_t now_ms,
                      const struct lk_entity **ep, ProtobufCMessage **recp, struct op_out *o)
{
	const struct lk_entity *e = lk_entity_find(op->entity);
	ProtobufCMessage *rec;
	const char *kab, *kec, *pusk;

	*recp = NULL;
	if (e == NULL) {
		s_reject(o, LK_EINVAL, "unknown entity \"%.*s\"", lk_utf8_clip(op->entity, 40), op->entity);
		return -1;
	}
	if (!lk_hlc_acceptable(op->hlc, now_ms)) {
		s_reject(o, LK_EINVAL, "hlc: the op's clock is more than %d minutes ahead of the server's; "
		                       "check this device's date and time", LK_HLC_MAX_AHEAD_MS / 60000);
		return -1;
	}
	if ((rec = lk_record_decode(e, op->record.data, op->record.len)) == NULL) {
		s_reject(o, LK_EBADREQ, "the record is not a valid %s", e->name);
		return -1;
	}
	if (strcmp(lk_record_id(rec), op->record_id) != 0) {
		s_reject(o, LK_EINVAL, N_("record id differs from the op's record id"));
		goto refused;
	}
	if (op->n_fields == 0) {
		s_reject(o, LK_EINVAL, N_("the op names no field"));
		goto refused;
	}
	for (size_t i = 0; i < op->n_fields; i++)
		if (strcmp(op->fields[i], "deleted") != 0 && lk_entity_field(e, op->fields[i]) == NULL) {
			s_reject(o, LK_EINVAL, "%s has no field \"%.*s\"", e->name, lk_utf8_clip(op->fields[i], 40),
			         op->fields[i]);
			goto refused;
		}
	lk_record_keys(rec, &kab, &kec, &pusk);
	if (authz_write(dev, kab, kec, pusk) != 0) {
		s_out_of_scope(o, e, kab, kec, pusk);
		goto refused;
	}
	if (s_accept(e, op, &rec, o) != 0)
		goto refused;
	*ep = e;
	*recp = rec;
	return 0;
refused:
	lk_record_free(rec);
	return -1;
}

/* The op's actor, when it names one, must be a person of the device's own
 * scope (authz_write on the person's tenant keys). A deleted person still
 * counts: the change may have been made before the person left. Every refusal
 * has the same message, so an op reveals nothing about persons elsewhere.
 * 0 with *o untouched, 0 with the op refused in *o, or a negative code. */
static int s_check_actor(struct batch *b, const Lokmin__Op *op, struct op_out *o)
{
	const char *actor = op->actor_id ? op->actor_id : "";
	if (actor[0] == '\0' || strcmp(actor, b->actor_ok) == 0)
		return 0;
	if (!lk_uuid_canonical(actor)) {
		s_reject(o, LK_EACTOR, "actor \"%.*s\" is not a person of this device's office", lk_utf8_clip(actor, 40),
		         actor);
		return 0;
	}
	const char *p[1] = {actor};
	PGresult *res = db_exec(b->r->pg, "actor_scope", 1, p);
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
		int rc = db_error(b->r->pg, res);
		PQclear(res);
		return rc;
	}
	int ok = PQntuples(res) == 1 &&
	         authz_write(&b->r->dev, PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2)) == 0;
	PQclear(res);
	if (!ok) {
		s_reject(o, LK_EACTOR, "actor %s is not a person of this device's office", actor);
		return 0;
	}
	lk_strlcpy(b->actor_ok, actor, sizeof b->actor_ok);
	return 0;
}

int sync_op_check(const struct lk_device *dev, const Lokmin__Op *op, uint64_t now_ms, const struct lk_entity **e,
                  ProtobufCMessage **rec, int *code, char *msg, size_t msglen)
{
	struct op_out o = {0};
	if (s_precheck(dev, op, now_ms, e, rec, &o) == 0)
		return 0;
	*code = o.error;
	snprintf(msg, msglen, "%s", o.message);
	return -1;
}

/* Apply one op inside the batch transaction. Returns 0 with the outcome in *o,
 * or a negative code when the whole batch must stop (database trouble). */
static int s_apply(struct batch *b, const Lokmin__Op *op, struct op_out *o)
{
	const struct lk_entity *e = NULL;
	ProtobufCMessage *rec = NULL, *cur = NULL, *next = NULL;
	struct meta_set meta = {0};
	PGresult *res = NULL;
	const char *kab, *kec, *pusk;
	char err[256], getname[64];
	int rc = 0;

	if (s_precheck(&b->r->dev, op, lk_now_ms(), &e, &rec, o) != 0)
		return 0;
	if ((rc = s_check_actor(b, op, o)) != 0 || o->status == LOKMIN__OP_STATUS__OP_REJECTED)
		goto out;
	const char *actor = op->actor_id ? op->actor_id : "";
	lk_record_keys(rec, &kab, &kec, &pusk);

	const PGresult *rows = NULL;
	int row = -1;
	if (!s_prefetched(b, e, op->record_id, &rows, &row)) {
		snprintf(getname, sizeof getname, "%s_get", e->name);
		const char *pid[1] = {op->record_id};
		res = db_exec(b->r->pg, getname, 1, pid);
		if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
			rc = db_error(b->r->pg, res);
			goto out;
		}
		rows = res;
		row = PQntuples(res) > 0 ? 0 : -1;
	}
	if (row >= 0 && (cur = records_from_row(e, rows, row, 0)) == NULL) {
		rc = -LK_EINTERNAL;
		goto out;
	}
	const char *ckab = "", *ckec = "", *cpusk = "";
	if (cur)
		lk_record_keys(cur, &ckab, &ckec, &cpusk);
	if (cur && authz_write(&b->r->dev, ckab, ckec, cpusk) != 0) {
		/* The id exists where this device cannot write: answered exactly like
		 * any out-of-scope write, so nothing about the other record shows. */
		s_out_of_scope(o, e, kab, kec, pusk);
		goto out;
	}
	/* Domain rules: checked before anything is written, like the field checks. */
	if ((rc = rules_check(b->r->pg, &b->r->dev, e, rec, cur, op, err, sizeof err)) != 0) {
		if (rc == -LK_EINVAL) {
			s_reject(o, LK_EINVAL, "%s", err);
			rc = 0;
		}
		goto out;
	}
	char hlc[24];
	snprintf(hlc, sizeof hlc, "%" PRIu64, op->hlc);
	if (row < 0 && e->server_only) {
		s_reject(o, LK_EPERM, "%s records are made by the server; a device can only settle them", e->name);
		goto out;
	}
	if (row < 0) {
		/* A new record: every field is set by this op. */
		for (size_t i = 0; i < e->nfields; i++)
			meta_set_field(&meta, e->fields[i].name, 1, op->hlc, b->r->dev.id);
		meta_set_field(&meta, "deleted", 1, op->hlc, b->r->dev.id);
		if (lk_record_set(rec, "rev", "1") != 0 || lk_record_set(rec, "hlc", hlc) != 0) {
			rc = -LK_ENOMEM;
			goto out;
		}
		if ((rc = s_write(b, e, "ins", rec, &meta, actor)) != 0)
			goto out;
		o->rev = 1;
		rc = s_pending_add(b, e, rec, actor);
		goto out;
	}

	if (meta_parse(&meta, PQgetvalue(rows, row, records_ncols(e))) != 0) {
		rc = -LK_EINTERNAL;
		goto out;
	}
	if (strcmp(kab, ckab) || strcmp(kec, ckec) || strcmp(pusk, cpusk)) {
		s_reject(o, LK_ESCOPE, N_("a record's tenant keys cannot change"));
		goto out;
	}
	next = lk_record_copy(e, cur);
	if (next == NULL) {
		rc = -LK_ENOMEM;
		goto out;
	}
	int64_t newrev = lk_record_rev(cur) + 1;
	int changed = 0;
	/* Every refusal comes before the first write, so a refused op leaves nothing. */
	for (size_t i = 0; i < op->n_fields; i++) {
		const struct lk_field *fd = lk_entity_field(e, op->fields[i]);
		if (fd && fd->merge == LK_MERGE_FIXED && !lk_record_field_equal(cur, rec, op->fields[i])) {
			s_reject(o, LK_EINVAL, "%s.%s cannot change once the record exists", e->name, op->fields[i]);
			goto out;
		}
	}
	for (size_t i = 0; i < op->n_fields; i++) {
		const char *f = op->fields[i];
		const struct lk_field *fd = lk_entity_field(e, f);
		if (lk_record_field_equal(cur, rec, f))
			continue;
		struct field_meta *fm = meta_find(&meta, f);
		/* An older change of this same device arriving after a newer one (two
		 * batches in flight) must not undo it. */
		if (fm && strcmp(fm->device, b->r->dev.id) == 0 && op->hlc < fm->hlc)
			continue;
		/* Concurrent: changed on the server after the op's base, by another device. */
		int concurrent = fm && fm->rev > op->base_rev && strcmp(fm->device, b->r->dev.id) != 0;
		int narrative = fd && fd->merge == LK_MERGE_KEEP_BOTH;
		int take = !concurrent || (!narrative && op->hlc > fm->hlc);
		if (concurrent) {
			o->status = LOKMIN__OP_STATUS__OP_CONFLICT;
			if ((rc = s_conflict(b, e, cur, rec, f, narrative, take, op->hlc, o)) != 0)
				goto out;
		}
		if (take) {
			if ((rc = lk_record_copy_field(next, rec, f)) != 0 ||
			    (rc = meta_set_field(&meta, f, newrev, op->hlc, b->r->dev.id)) != 0)
				goto out;
			changed = 1;
		}
	}
	o->rev = lk_record_rev(cur);
	if (changed) {
		char revtext[24];
		snprintf(revtext, sizeof revtext, "%" PRId64, newrev);
		uint64_t h = op->hlc > lk_record_hlc(cur) ? op->hlc : lk_record_hlc(cur);
		snprintf(hlc, sizeof hlc, "%" PRIu64, h);
		if (lk_record_set(next, "rev", revtext) != 0 || lk_record_set(next, "hlc", hlc) != 0) {
			rc = -LK_ENOMEM;
			goto out;
		}
		if ((rc = s_write(b, e, "upd", next, &meta, actor)) != 0 || (rc = s_pending_add(b, e, next, actor)) != 0)
			goto out;
		o->rev = newrev;
	}
out:
	PQclear(res);
	meta_free(&meta);
	lk_record_free(rec);
	lk_record_free(cur);
	lk_record_free(next);
	return rc;
}

static void s_stored_free(struct stored *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].message);
		free(v[i].conflicts);
	}
	free(v);
}

/* Fetch the stored results of every op id of the batch in one query. */
static int s_prefetch_seen(struct batch *b, const Lokmin__PushRequest *in)
{
	struct pgarray ids;
	lk_uuid u;
	pgarray_open(&ids);
	for (size_t i = 0; i < in->n_ops; i++)
		if (lk_uuid_parse(&u, in->ops[i]->op_id) == 0)
			pgarray_add(&ids, in->ops[i]->op_id);
	char *lit = pgarray_close(&ids);
	if (lit == NULL)
		return -LK_ENOMEM;
	const char *p[1] = {lit};
	PGresult *res = db_exec(b->r->pg, "applied_get_many", 1, p);
	free(lit);
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
		int rc = db_error(b->r->pg, res);
		PQclear(res);
		return rc;
	}
	int n = PQntuples(res);
	b->seen = calloc(n ? (size_t)n : 1, sizeof *b->seen);
	if (b->seen == NULL) {
		PQclear(res);
		return -LK_ENOMEM;
	}
	for (int i = 0; i < n; i++) {
		struct stored *st = &b->seen[i];
		lk_strlcpy(st->op_id, PQgetvalue(res, i, 0), sizeof st->op_id);
		st->status = atoi(PQgetvalue(res, i, 1));
		st->error = atoi(PQgetvalue(res, i, 2));
		st->message = strdup(PQgetvalue(res, i, 3));
		st->rev = strtoll(PQgetvalue(res, i, 4), NULL, 10);
		st->conflicts = strdup(PQgetvalue(res, i, 5));
		lk_strlcpy(st->device, PQgetvalue(res, i, 6), sizeof st->device);
		b->nseen++;
	}
	PQclear(res);
	return 0;
}

/* Answer *o from a stored result. */
static void s_answer(struct op_out *o, const struct stored *st)
{
	o->status = (Lokmin__OpStatus)st->status;
	o->error = st->error;
	lk_strlcpy(o->message, st->message ? st->message : "", sizeof o->message);
	o->rev = st->rev;
	lk_strlcpy(o->conflicts, st->conflicts ? st->conflicts : "", sizeof o->conflicts);
}

/* 1 with *o filled when the op was applied before (or earlier in this batch), 0 when new. */
static int s_seen(struct batch *b, const Lokmin__Op *op, struct op_out *o)
{
	for (size_t i = 0; i < b->nfresh; i++)
		if (strcmp(b->fresh[i].op_id, op->op_id) == 0) {
			s_answer(o, &b->fresh[i]);
			return 1;
		}
	for (size_t i = 0; i < b->nseen; i++) {
		const struct stored *st = &b->seen[i];
		if (strcmp(st->op_id, op->op_id) != 0)
			continue;
		if (strcmp(st->device, b->r->dev.id) != 0)
			s_reject(o, LK_EINVAL, N_("op id already used by another device"));
		else
			s_answer(o, st);
		return 1;
	}
	return 0;
}

/* The op's entity as stored with its result: client text reaches the
 * database only when it names an entity (it may not even be UTF-8). */
static const char *s_entity_name(const Lokmin__Op *op)
{
	return lk_entity_find(op->entity) ? op->entity : "unknown";
}

/* Keep an op's result for the batch's single insert into applied_op. */
static int s_store_result(struct batch *b, const Lokmin__Op *op, const struct op_out *o)
{
	lk_uuid u;
	struct stored *st = &b->fresh[b->nfresh];
	memset(st, 0, sizeof *st);
	lk_strlcpy(st->op_id, op->op_id, sizeof st->op_id);
	lk_strlcpy(st->entity, s_entity_name(op), sizeof st->entity);
	lk_strlcpy(st->record_id, lk_uuid_parse(&u, op->record_id) == 0 ? op->record_id : NIL_UUID,
	           sizeof st->record_id);
	st->status = (int)o->status;
	st->error = o->error;
	st->rev = o->rev;
	st->message = strdup(o->message);
	st->conflicts = strdup(o->conflicts);
	if (st->message == NULL || st->conflicts == NULL)
		return -LK_ENOMEM;
	b->nfresh++;
	return 0;
}

/* Store the batch's results in one insert. An op id another push stored
 * meanwhile (its insert waits for that push to end) is not inserted again:
 * RETRY_SEEN then redoes the batch. */
static int s_results_flush(struct batch *b)
{
	struct pgarray op, en, ri, st, er, ms, rv, cf;
	char num[24];
	if (b->nfresh == 0)
		return 0;
	struct pgarray *all[] = {&op, &en, &ri, &st, &er, &ms, &rv, &cf};
	for (size_t k = 0; k < LK_ARRAY_LEN(all); k++)
		pgarray_open(all[k]);
	for (size_t i = 0; i < b->nfresh; i++) {
		const struct stored *s = &b->fresh[i];
		pgarray_add(&op, s->op_id);
		pgarray_add(&en, s->entity);
		pgarray_add(&ri, s->record_id);
		snprintf(num, sizeof num, "%d", s->status);
		pgarray_add(&st, num);
		snprintf(num, sizeof num, "%d", s->error);
		pgarray_add(&er, num);
		pgarray_add(&ms, s->message);
		snprintf(num, sizeof num, "%" PRId64, s->rev);
		pgarray_add(&rv, num);
		pgarray_add(&cf, s->conflicts);
	}
	char *v[10] = {b->r->dev.id, b->r->dev.kabupaten};
	for (size_t k = 0; k < LK_ARRAY_LEN(all); k++)
		v[2 + k] = pgarray_close(all[k]);
	int rc = s_all_closed(v, 2, 10);
	if (rc == 0) {
		PGresult *res = db_exec(b->r->pg, "applied_put_many", 10, (const char *const *)v);
		rc = (res && PQresultStatus(res) == PGRES_TUPLES_OK) ? 0 : db_error(b->r->pg, res);
		if (rc == 0 && (size_t)PQntuples(res) < b->nfresh)
			rc = RETRY_SEEN;
		PQclear(res);
	}
	for (size_t k = 2; k < 10; k++)
		free(v[k]);
	return rc;
}

/* ---------------------------------------------------------------- push */

static int h_push_ops(struct batch *b, const Lokmin__PushRequest *in, Lokmin__OpResult **results)
{
	struct req *r = b->r;
	int rc;

	for (size_t i = 0; i < in->n_ops; i++) {
		const Lokmin__Op *op = in->ops[i];
		struct op_out o;
		lk_uuid u;
		memset(&o, 0, sizeof o);
		o.status = LOKMIN__OP_STATUS__OP_APPLIED;

		Lokmin__OpResult *res = req_alloc(r, sizeof *res);
		if (res == NULL)
			return -LK_ENOMEM;
		lokmin__op_result__init(res);
		results[i] = res;
		res->op_id = op->op_id;

		if (lk_uuid_parse(&u, op->op_id) != 0) {
			/* Nothing to key a stored result on; the same bytes get the same answer. */
			s_reject(&o, LK_EINVAL, "op id \"%.*s\" is not a UUID", lk_utf8_clip(op->op_id, 40), op->op_id);
		} else if (s_seen(b, op, &o) == 1) {
			res->first_status = o.status;
			o.status = LOKMIN__OP_STATUS__OP_DUPLICATE;
		} else if (!b->careful) {
			/* Checks refuse before anything is written, so no savepoint is needed;
			 * a refusal by the database itself sends the batch the careful way. */
			rc = s_apply(b, op, &o);
			if (b->wq_failed || rc == -LK_EINVAL || rc == -LK_EEXIST)
				return RETRY_CAREFUL;
			if (rc != 0)
				return rc;
			if ((rc = s_store_result(b, op, &o)) != 0)
				return rc;
		} else {
			size_t mark = b->n;
			if ((rc = db_command(r->pg, "SAVEPOINT op")) != 0)
				return rc;
			rc = s_apply(b, op, &o);
			if (rc == -LK_EINVAL || rc == -LK_EEXIST || o.status == LOKMIN__OP_STATUS__OP_REJECTED) {
				/* The database or the checks refused this op alone: undo it, keep the batch. */
				if (rc != 0)
					s_reject(&o, rc, "the database refused the record (ref %s)", db_error_ref());
				s_pending_truncate(b, mark);
				if ((rc = db_command(r->pg, "ROLLBACK TO SAVEPOINT op")) != 0)
					return rc;
			} else if (rc != 0) {
				return rc;
			}
			if ((rc = s_store_result(b, op, &o)) != 0 || (rc = db_command(r->pg, "RELEASE SAVEPOINT op")) != 0)
				return rc;
		}
		res->status = o.status;
		res->error = (uint32_t)o.error;
		res->message = req_strdup(r, o.message);
		res->rev = o.rev;
		if (res->message == NULL)
			return -LK_ENOMEM;
		/* Conflict ids: split the comma list. */
		if (o.conflicts[0]) {
			size_t n = 1;
			for (const char *c = o.conflicts; *c; c++)
				n += *c == ',';
			res->conflict_ids = req_alloc(r, n * sizeof(char *));
			char *copy = req_strdup(r, o.conflicts), *save = NULL;
			if (res->conflict_ids == NULL || copy == NULL)
				return -LK_ENOMEM;
			for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
				res->conflict_ids[res->n_conflict_ids++] = t;
		}
	}
	if ((rc = s_writes_flush(b)) != 0 || (rc = s_results_flush(b)) != 0)
		return rc;
	return s_log_flush(b);
}

static void s_batch_reset(struct batch *b)
{
	s_pending_truncate(b, 0);
	s_stored_free(b->seen, b->nseen);
	for (size_t i = 0; i < b->nfresh; i++) {
		free(b->fresh[i].message);
		free(b->fresh[i].conflicts);
	}
	b->seen = NULL;
	b->nseen = 0;
	b->nfresh = 0;
	b->actor_ok[0] = '\0'; /* a person made earlier in the batch may be undone with it */
	db_defer(NULL, NULL);
	writeq_clear(b->wq);
	b->wq_failed = 0;
}

int h_push(struct req *r)
{
	const Lokmin__PushRequest *in = r->in->push;
	struct batch b = {.r = r};
	int rc, seen_retries = 0;

	if (in->n_ops > PUSH_MAX_OPS) {
		snprintf(r->msg, sizeof r->msg, "at most %d ops per push", PUSH_MAX_OPS);
		return -LK_ETOOBIG;
	}
	Lokmin__PushReply *out = req_alloc(r, sizeof *out);
	Lokmin__OpResult **results = req_alloc(r, (in->n_ops ? in->n_ops : 1) * sizeof *results);
	if (out == NULL || results == NULL)
		return -LK_ENOMEM;
	lokmin__push_reply__init(out);
	b.fresh = calloc(in->n_ops ? in->n_ops : 1, sizeof *b.fresh);
	b.wq = writeq_new();
	if (b.fresh == NULL || b.wq == NULL) {
		free(b.fresh);
		writeq_free(b.wq);
		return -LK_ENOMEM;
	}
	for (;;) {
		if ((rc = db_command(r->pg, "BEGIN")) != 0)
			break;
		if ((rc = s_prefetch_seen(&b, in)) == 0 && (rc = s_prefetch_rows(&b, in)) == 0)
			rc = h_push_ops(&b, in, results);
		s_prefetch_free(&b);
		s_batch_reset(&b);
		if (rc == RETRY_SEEN && ++seen_retries <= RETRY_SEEN_MAX) {
			db_command(r->pg, "ROLLBACK");
			continue;
		}
		if (rc == RETRY_SEEN)
			rc = -LK_ECONFLICT;
		if (rc != RETRY_CAREFUL || b.careful)
			break;
		db_command(r->pg, "ROLLBACK");
		b.careful = 1;
	}
	free(b.fresh);
	free(b.items);
	writeq_free(b.wq);
	if (rc != 0) {
		snprintf(r->msg, sizeof r->msg, "push not applied: %s", lk_strerror(rc));
		db_command(r->pg, "ROLLBACK");
		return rc == -LK_EINVAL ? -LK_EINTERNAL : rc;
	}
	/* The reply leaves only after the commit: an acknowledged op is durable. */
	if ((rc = db_command(r->pg, "COMMIT")) != 0)
		return rc;
	out->results = results;
	out->n_results = in->n_ops;
	r->out->body_case = LOKMIN__REPLY__BODY_PUSH;
	r->out->push = out;
	return 0;
}
