/* sync: push the outbox, pull changes, retry with backoff; progress and notices go to the caller's callback. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalogue.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "orgcache.h"
#include "sync.h"

/* Keeps every push well under the 4 MiB message limit, however large the records. */
#define SYNC_PUSH_BYTES (1024 * 1024)
/* The longest wait between two attempts. */
#define SYNC_BACKOFF_MAX_MS 2000
/* Attempts after the first: with the waits above and at least a quarter of a
 * second per failed attempt, they cover an outage of about a minute. */
#define SYNC_RETRIES 30

/* One run: its options, the caller's stats and callback, and the detail of the last failure. */
struct sync {
	struct lk_engine *e;
	lk_store *st;
	struct lk_sync_opts o;
	struct lk_sync_stats *n;
	lk_sync_event_fn fn;
	void *arg;
	char error[512];
};

static void s_event(struct sync *y, struct lk_sync_event *ev)
{
	ev->n = y->n;
	if (y->fn)
		y->fn(ev, y->arg);
}

static void s_progress(struct sync *y, int final)
{
	struct lk_sync_event ev = {.kind = LK_SYNC_PROGRESS, .final = final};
	s_event(y, &ev);
}

static int64_t s_timeout(struct sync *y)
{
	/* The first answer proves the link; later requests may carry big pages. */
	return y->n->answered ? y->o.timeout : y->e->timeout_ms;
}

static int s_send(struct sync *y, Lokmin__Request *req)
{
	int rc = lk_conn_send(y->e->conn, req);
	if (rc == 0)
		y->n->bytes_out += (int64_t)lokmin__request__get_packed_size(req);
	else
		snprintf(y->error, sizeof y->error, "%s", lk_conn_error(y->e->conn));
	return rc;
}

/* Wait for the reply to one of ids[0..n). Answers to an earlier attempt's requests, still on their way when
 * that attempt gave up, are dropped unread: their errors (an UNAVAILABLE from a database restart already
 * over) must not fail this attempt too. */
static int s_recv(struct sync *y, const uint64_t *ids, size_t n, Lokmin__Reply **rep)
{
	for (;;) {
		size_t k;
		*rep = NULL;
		int rc = lk_conn_recv(y->e->conn, s_timeout(y), rep);
		if (rc != 0) {
			snprintf(y->error, sizeof y->error, "%s", lk_conn_error(y->e->conn));
			return rc;
		}
		y->n->bytes_in += (int64_t)lokmin__reply__get_packed_size(*rep);
		for (k = 0; k < n && ids[k] != (*rep)->id; k++)
			;
		if (k < n)
			break;
		lk_reply_free(*rep);
	}
	y->n->answered = 1;
	if ((*rep)->status != 0) {
		snprintf(y->error, sizeof y->error, "%s: %s", (*rep)->error_name, lk_i18n_reason((*rep)->message));
		return -(int)(*rep)->status;
	}
	return 0;
}

/* ---------------------------------------------------------------- push */

struct flight {
	uint64_t id;
	struct lk_outbox_op *ops;
	size_t n;
};

static int s_push_one(struct sync *y, struct flight *f)
{
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__PushRequest pr = LOKMIN__PUSH_REQUEST__INIT;
	Lokmin__Op *wire = calloc(f->n, sizeof *wire);
	Lokmin__Op **ptrs = calloc(f->n, sizeof *ptrs);
	int rc = -LK_ENOMEM;
	if (wire == NULL || ptrs == NULL)
		goto out;
	for (size_t i = 0; i < f->n; i++) {
		struct lk_outbox_op *o = &f->ops[i];
		lokmin__op__init(&wire[i]);
		wire[i].op_id = o->op_id;
		wire[i].entity = o->entity;
		wire[i].record_id = o->record_id;
		wire[i].base_rev = o->base_rev;
		wire[i].hlc = o->hlc;
		wire[i].fields = o->fields;
		wire[i].n_fields = o->nfields;
		wire[i].record.data = o->record;
		wire[i].record.len = o->record_len;
		wire[i].actor_id = o->actor; /* "" (not known) is not sent at all */
		ptrs[i] = &wire[i];
	}
	pr.ops = ptrs;
	pr.n_ops = f->n;
	req.body_case = LOKMIN__REQUEST__BODY_PUSH;
	req.push = &pr;
	rc = s_send(y, &req);
	f->id = req.id;
out:
	free(wire);
	free(ptrs);
	return rc;
}

static int s_push_results(struct sync *y, struct flight *f, const Lokmin__PushReply *pr)
{
	if (pr->n_results != f->n) {
		snprintf(y->error, sizeof y->error, _("the server answered %zu of %zu ops"), pr->n_results, f->n);
		return -LK_EBADREQ;
	}
	for (size_t i = 0; i < pr->n_results; i++) {
		const Lokmin__OpResult *r = pr->results[i];
		Lokmin__OpStatus st = r->status == LOKMIN__OP_STATUS__OP_DUPLICATE ? r->first_status : r->status;
		int rc = lk_store_outbox_result(y->st, r->op_id, st, r->error, NULL, r->message, r->rev);
		if (rc != 0 && rc != -LK_ENOTFOUND) {
			snprintf(y->error, sizeof y->error, _("cannot record a push result: %s"), lk_store_error(y->st));
			return rc;
		}
		y->n->pushed++;
		y->n->duplicate += r->status == LOKMIN__OP_STATUS__OP_DUPLICATE;
		y->n->applied += st == LOKMIN__OP_STATUS__OP_APPLIED;
		y->n->conflict += st == LOKMIN__OP_STATUS__OP_CONFLICT;
		y->n->rejected += st == LOKMIN__OP_STATUS__OP_REJECTED;
	}
	return 0;
}

static int s_push(struct sync *y)
{
	struct flight *fl = calloc((size_t)y->o.inflight, sizeof *fl);
	int nfl = 0, rc = 0, drained = 0;
	if (fl == NULL)
		return -LK_ENOMEM;
	if ((rc = lk_store_outbox_requeue_sent(y->st)) != 0)
		goto out;
	for (;;) {
		/* Keep the window full. */
		while (!drained && nfl < y->o.inflight) {
			struct flight *f = &fl[nfl];
			if ((rc = lk_store_outbox_take_bytes(y->st, y->o.batch, SYNC_PUSH_BYTES, &f->ops, &f->n)) != 0)
				goto out;
			if (f->n == 0) {
				lk_outbox_ops_free(f->ops, 0);
				f->ops = NULL;
				/* Ops held back behind an op on the wire come after its answer. */
				drained = 1;
				break;
			}
			if ((rc = s_push_one(y, f)) != 0) {
				nfl++;
				goto out;
			}
			nfl++;
		}
		if (nfl == 0)
			break;
		Lokmin__Reply *rep = NULL;
		uint64_t ids[LK_SYNC_INFLIGHT_MAX];
		int k;
		for (k = 0; k < nfl; k++)
			ids[k] = fl[k].id;
		rc = s_recv(y, ids, (size_t)nfl, &rep);
		if (rc != 0) {
			lk_reply_free(rep);
			goto out;
		}
		for (k = 0; k < nfl && fl[k].id != rep->id; k++)
			;
		if (rep->body_case != LOKMIN__REPLY__BODY_PUSH) {
			lk_reply_free(rep);
			snprintf(y->error, sizeof y->error, _("the server answered a push with something else"));
			rc = -LK_EBADREQ;
			goto out;
		}
		rc = s_push_results(y, &fl[k], rep->push);
		lk_reply_free(rep);
		lk_outbox_ops_free(fl[k].ops, fl[k].n);
		fl[k] = fl[--nfl];
		if (rc != 0)
			goto out;
		drained = 0;
		s_progress(y, 0);
	}
out:
	/* Ops still marked sent are requeued by the next attempt. */
	for (int i = 0; i < nfl; i++)
		lk_outbox_ops_free(fl[i].ops, fl[i].n);
	free(fl);
	return rc;
}

/* ---------------------------------------------------------------- pull */

/* Ask for one page from cursor, or of the snapshot in snap when it is not NULL; *id is the request's. */
static int s_pull_send(struct sync *y, uint64_t cursor, const Lokmin__SnapshotState *snap, uint64_t *id)
{
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__PullRequest pr = LOKMIN__PULL_REQUEST__INIT;
	pr.cursor = cursor;
	pr.limit = y->o.page;
	pr.snapshot = (Lokmin__SnapshotState *)snap;
	req.body_case = LOKMIN__REQUEST__BODY_PULL;
	req.pull = &pr;
	int rc = s_send(y, &req);
	*id = req.id;
	return rc;
}

static int s_pull(struct sync *y)
{
	static const Lokmin__SnapshotState start = LOKMIN__SNAPSHOT_STATE__INIT; /* head 0 starts one */
	Lokmin__SnapshotState snap = LOKMIN__SNAPSHOT_STATE__INIT;
	struct lk_store_status stt;
	uint64_t cursor = 0, id = 0;
	int rc;

	if ((rc = lk_store_status(y->st, &stt)) != 0)
		return rc;
	/* Records held back by earlier pulls first: this lokmin or this store may
	 * take them now, and a newer version in the pages below then replaces
	 * them as usual. */
	size_t unheld = 0;
	if ((rc = lk_store_quarantine_retry(y->st, &unheld, NULL)) != 0) {
		snprintf(y->error, sizeof y->error, _("cannot retry the records held back: %s"), lk_store_error(y->st));
		return rc;
	}
	y->n->unheld += (int64_t)unheld;
	int in_snapshot = lk_store_cursor(y->st, &cursor, &snap);
	if (in_snapshot < 0)
		return in_snapshot;
	/* A store that never synced takes a snapshot: the current records, not their history. */
	if (stt.last_sync_ms == 0 && stt.cursor == 0 && !stt.snapshot)
		in_snapshot = 1;
	if ((rc = s_pull_send(y, cursor, in_snapshot ? &snap : NULL, &id)) != 0)
		return rc;
	for (;;) {
		Lokmin__Reply *rep = NULL;
		if ((rc = s_recv(y, &id, 1, &rep)) != 0) {
			lk_reply_free(rep);
			return rc;
		}
		const Lokmin__PullReply *p = rep->pull;
		if (rep->body_case != LOKMIN__REPLY__BODY_PULL) {
			lk_reply_free(rep);
			return -LK_EBADREQ;
		}
		if (p->resync) {
			lk_reply_free(rep);
			if ((rc = lk_store_reset_for_resync(y->st)) != 0 || (rc = s_pull_send(y, 0, &start, &id)) != 0)
				return rc;
			continue;
		}
		/* The next page is asked for before this one is applied, from the
		 * position the page leaves the store at: lokmind reads it meanwhile.
		 * Should the page fail, its answer is dropped by the next attempt. */
		int more = p->more;
		if (more && (rc = s_pull_send(y, p->snapshot ? 0 : p->cursor, p->snapshot, &id)) != 0) {
			lk_reply_free(rep);
			return rc;
		}
		char err[256];
		/* A record this device cannot apply is held back, not allowed to stop
		 * every later pull; only a failure of the store fails the page. */
		rc = lk_store_apply_pulled(y->st, (const Lokmin__Change *const *)p->changes, p->n_changes,
		                           p->snapshot ? 0 : p->cursor, p->snapshot, NULL, err, sizeof err);
		y->n->pulled += (int64_t)p->n_changes;
		lk_reply_free(rep);
		if (rc != 0) {
			snprintf(y->error, sizeof y->error, _("cannot apply pulled changes: %s"), err);
			return rc;
		}
		s_progress(y, 0);
		if (!more)
			return 0;
	}
}

/* ---------------------------------------------------------------- run */

static int s_transient(int rc)
{
	return rc == -LK_EUNREACH || rc == -LK_ETIMEDOUT || rc == -LK_EUNAVAIL || rc == -LK_ESHUTDOWN ||
	       rc == -LK_EBUSY || rc == -LK_EIO || rc == -LK_ECONFLICT;
}

void lk_sync_opts_default(struct lk_sync_opts *o)
{
	o->batch = 200;
	o->inflight = 4;
	o->page = 500;
	o->retries = SYNC_RETRIES;
	o->timeout = 60000;
}

static void s_skipped(const struct lk_attach_skip *sk, void *arg)
{
	struct sync *y = arg;
	struct lk_sync_event ev = {.kind = LK_SYNC_FILE_SKIPPED, .error = sk->error, .skip = sk};
	s_event(y, &ev);
}

static void s_uploading(const struct lk_attach_upload *up, void *arg)
{
	struct sync *y = arg;
	struct lk_sync_event ev = {.kind = LK_SYNC_UPLOAD, .upload = up};
	s_event(y, &ev);
}

static void s_stale(struct sync *y, enum lk_sync_event_kind kind)
{
	struct lk_sync_event ev = {.kind = kind};
	ev.error = y->e->conn ? lk_conn_error(y->e->conn) : _("no connection");
	s_event(y, &ev);
}

int lk_sync_run(struct lk_engine *e, const struct lk_sync_opts *opts, lk_sync_event_fn fn, void *arg,
                struct lk_sync_stats *n)
{
	struct sync y;
	int rc = 0;
	memset(&y, 0, sizeof y);
	memset(n, 0, sizeof *n);
	y.e = e;
	y.o = *opts;
	y.n = n;
	y.fn = fn;
	y.arg = arg;
	if (y.o.batch > 2000)
		y.o.batch = 2000;
	if (y.o.inflight > LK_SYNC_INFLIGHT_MAX)
		y.o.inflight = LK_SYNC_INFLIGHT_MAX;
	if ((y.st = lk_engine_store(e)) == NULL)
		return -LK_EIO;
	if ((rc = lk_engine_connect(e)) != 0)
		return rc;
	n->t0 = lk_mono_us();
	for (int attempt = 0; attempt <= y.o.retries; attempt++) {
		if (attempt > 0) {
			/* 0.25, 0.5, 1, then 2 s: short waits so a sync resumes soon after
			 * the server is back; the socket redials on its own meanwhile. */
			int delay_ms = attempt <= 3 ? 250 << (attempt - 1) : SYNC_BACKOFF_MAX_MS;
			struct lk_sync_event ev = {.kind = LK_SYNC_RETRY, .error = y.error, .delay_ms = delay_ms,
			                           .attempt = attempt, .retries = y.o.retries};
			s_event(&y, &ev);
			struct timespec ts = {delay_ms / 1000, (long)(delay_ms % 1000) * 1000000L};
			while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
				;
		}
		/* Content first: a record that refers to it may then be read at once. */
		rc = attach_upload_pending(e, y.st, s_timeout(&y), &n->att, s_skipped, s_uploading, &y, y.error,
		                           sizeof y.error);
		if (rc == 0)
			n->answered = n->answered || n->att.chunks_up > 0;
		if (rc == 0 && (rc = s_push(&y)) == 0 && (rc = s_pull(&y)) == 0)
			break;
		if (!s_transient(rc))
			break;
	}
	s_progress(&y, 1);
	if (rc == 0 && org_fetch(e) != 0)
		s_stale(&y, LK_SYNC_ORG_STALE);
	if (rc == 0 && lk_catalogue_fetch(e) != 0)
		s_stale(&y, LK_SYNC_CATALOGUE_STALE);
	lk_store_status(y.st, &n->after);
	if (rc != 0) {
		lk_store_set_meta(y.st, LK_STORE_META_LAST_ERROR, y.error);
		lk_strlcpy(e->err, y.error, sizeof e->err);
		return rc;
	}
	char now[24];
	snprintf(now, sizeof now, "%" PRIu64, lk_now_ms());
	lk_store_set_meta(y.st, LK_STORE_META_LAST_SYNC, now);
	lk_store_set_meta(y.st, LK_STORE_META_LAST_ERROR, NULL);
	return 0;
}
