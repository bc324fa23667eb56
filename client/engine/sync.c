/* sync: `lokmin sync`: push the outbox, pull changes, retry with backoff, report progress. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "attach.h"
#include "client.h"
#include "lk_error.h"
#include "lk_util.h"
#include "store.h"

/* Keeps every push well under the 4 MiB message limit, however large the records. */
#define SYNC_PUSH_BYTES (1024 * 1024)
/* The longest wait between two attempts. */
#define SYNC_BACKOFF_MAX_MS 2000
/* Attempts after the first: with the waits above and at least a quarter of a
 * second per failed attempt, they cover an outage of about a minute. */
#define SYNC_RETRIES 30
/* Push requests on the wire at once, at most. */
#define SYNC_INFLIGHT_MAX 64

struct sync_opts {
	size_t batch;     /* ops per push request */
	int inflight;     /* push requests in flight */
	uint32_t page;    /* records per pull page */
	int retries;      /* attempts after the first */
	int64_t timeout;  /* per request, once the server has answered once */
};

struct sync_stats {
	int64_t pushed, applied, duplicate, conflict, rejected;
	int64_t pulled;
	int64_t unheld;   /* held-back records applied by a retry */
	int64_t bytes_out, bytes_in;
	struct attach_stats att;
	int answered; /* the server has answered at least once */
	uint64_t t0;
};

struct sync {
	struct session *s;
	lk_store *st;
	struct sync_opts o;
	struct sync_stats n;
	int tty;
	uint64_t last_progress;
	char error[512];
};

static void s_progress(struct sync *y, int final)
{
	uint64_t now = lk_mono_us();
	if (!y->tty || (!final && now - y->last_progress < 200000))
		return;
	y->last_progress = now;
	fprintf(stderr, "\rsync: %" PRId64 " ops pushed, %" PRId64 " changes pulled, %.1f KB sent, %.1f KB received, "
	                "%" PRId64 " chunks up, %" PRId64 " down%s",
	        y->n.pushed, y->n.pulled, (double)(y->n.bytes_out + y->n.att.bytes_up) / 1024,
	        (double)(y->n.bytes_in + y->n.att.bytes_down) / 1024, y->n.att.chunks_up, y->n.att.chunks_down,
	        final ? "\n" : "   ");
	fflush(stderr);
}

static int64_t s_timeout(struct sync *y)
{
	/* The first answer proves the link; later requests may carry big pages. */
	return y->n.answered ? y->o.timeout : y->s->opt.timeout;
}

static int s_send(struct sync *y, Lokmin__Request *req)
{
	int rc = lk_conn_send(y->s->conn, req);
	if (rc == 0)
		y->n.bytes_out += (int64_t)lokmin__request__get_packed_size(req);
	else
		snprintf(y->error, sizeof y->error, "%s", lk_conn_error(y->s->conn));
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
		int rc = lk_conn_recv(y->s->conn, s_timeout(y), rep);
		if (rc != 0) {
			snprintf(y->error, sizeof y->error, "%s", lk_conn_error(y->s->conn));
			return rc;
		}
		y->n.bytes_in += (int64_t)lokmin__reply__get_packed_size(*rep);
		for (k = 0; k < n && ids[k] != (*rep)->id; k++)
			;
		if (k < n)
			break;
		lk_reply_free(*rep);
	}
	y->n.answered = 1;
	if ((*rep)->status != 0) {
		snprintf(y->error, sizeof y->error, "%s: %s", (*rep)->error_name, (*rep)->message);
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
		snprintf(y->error, sizeof y->error, "the server answered %zu of %zu ops", pr->n_results, f->n);
		return -LK_EBADREQ;
	}
	for (size_t i = 0; i < pr->n_results; i++) {
		const Lokmin__OpResult *r = pr->results[i];
		Lokmin__OpStatus st = r->status == LOKMIN__OP_STATUS__OP_DUPLICATE ? r->first_status : r->status;
		int rc = lk_store_outbox_result(y->st, r->op_id, st, r->error, NULL, r->message, r->rev);
		if (rc != 0 && rc != -LK_ENOTFOUND) {
			snprintf(y->error, sizeof y->error, "cannot record a push result: %s", lk_store_error(y->st));
			return rc;
		}
		y->n.pushed++;
		y->n.duplicate += r->status == LOKMIN__OP_STATUS__OP_DUPLICATE;
		y->n.applied += st == LOKMIN__OP_STATUS__OP_APPLIED;
		y->n.conflict += st == LOKMIN__OP_STATUS__OP_CONFLICT;
		y->n.rejected += st == LOKMIN__OP_STATUS__OP_REJECTED;
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
		uint64_t ids[SYNC_INFLIGHT_MAX];
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
			snprintf(y->error, sizeof y->error, "the server answered a push with something else");
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

static int s_pull(struct sync *y)
{
	int start_snapshot = 0, rc;
	struct lk_store_status stt;

	if ((rc = lk_store_status(y->st, &stt)) != 0)
		return rc;
	/* Records held back by earlier pulls first: this lokmin or this store may
	 * take them now, and a newer version in the pages below then replaces
	 * them as usual. */
	size_t unheld = 0;
	if ((rc = lk_store_quarantine_retry(y->st, &unheld, NULL)) != 0) {
		snprintf(y->error, sizeof y->error, "cannot retry the records held back: %s", lk_store_error(y->st));
		return rc;
	}
	y->n.unheld += (int64_t)unheld;
	/* A store that never synced takes a snapshot: the current records, not their history. */
	start_snapshot = stt.last_sync_ms == 0 && stt.cursor == 0 && !stt.snapshot;
	for (;;) {
		Lokmin__Request req = LOKMIN__REQUEST__INIT;
		Lokmin__PullRequest pr = LOKMIN__PULL_REQUEST__INIT;
		Lokmin__SnapshotState snap = LOKMIN__SNAPSHOT_STATE__INIT;
		Lokmin__Reply *rep = NULL;
		uint64_t cursor = 0;
		int in_snapshot = lk_store_cursor(y->st, &cursor, &snap);
		if (in_snapshot < 0)
			return in_snapshot;
		pr.cursor = cursor;
		pr.limit = y->o.page;
		if (in_snapshot || start_snapshot)
			pr.snapshot = &snap; /* head 0 starts one */
		req.body_case = LOKMIN__REQUEST__BODY_PULL;
		req.pull = &pr;
		if ((rc = s_send(y, &req)) != 0)
			return rc;
		if ((rc = s_recv(y, &req.id, 1, &rep)) != 0) {
			lk_reply_free(rep);
			return rc;
		}
		const Lokmin__PullReply *p = rep->pull;
		if (rep->body_case != LOKMIN__REPLY__BODY_PULL) {
			lk_reply_free(rep);
			return -LK_EBADREQ;
		}
		start_snapshot = 0;
		if (p->resync) {
			lk_reply_free(rep);
			if ((rc = lk_store_reset_for_resync(y->st)) != 0)
				return rc;
			start_snapshot = 1;
			continue;
		}
		char err[256];
		/* A record this device cannot apply is held back, not allowed to stop
		 * every later pull; only a failure of the store fails the page. */
		rc = lk_store_apply_pulled(y->st, (const Lokmin__Change *const *)p->changes, p->n_changes,
		                           p->snapshot ? 0 : p->cursor, p->snapshot, NULL, err, sizeof err);
		y->n.pulled += (int64_t)p->n_changes;
		int more = p->more;
		lk_reply_free(rep);
		if (rc != 0) {
			snprintf(y->error, sizeof y->error, "cannot apply pulled changes: %s", err);
			return rc;
		}
		s_progress(y, 0);
		if (!more)
			return 0;
	}
}

/* ---------------------------------------------------------------- command */

static int s_transient(int rc)
{
	return rc == -LK_EUNREACH || rc == -LK_ETIMEDOUT || rc == -LK_EUNAVAIL || rc == -LK_ESHUTDOWN ||
	       rc == -LK_EBUSY || rc == -LK_EIO || rc == -LK_ECONFLICT;
}


int cmd_sync(struct session *s, int argc, char **argv)
{
	struct sync y;
	memset(&y, 0, sizeof y);
	y.s = s;
	y.o.batch = 200;
	y.o.inflight = 4;
	y.o.page = 500;
	y.o.retries = SYNC_RETRIES;
	y.o.timeout = 60000;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("usage: lokmin sync [--batch N] [--inflight K] [--page N] [--retries N]\n\n"
			       "Send this device's unsynced changes to lokmind and fetch the changes of others.\n"
			       "Retries with backoff when the link drops; what is not sent stays queued.\n"
			       "A record from the server that this device cannot apply is held back (see\n"
			       "`lokmin failed`) and tried again by every sync; the others still apply.\n");
			return 0;
		} else if (!strcmp(argv[i], "--batch") && i + 1 < argc && atoi(argv[i + 1]) > 0)
			y.o.batch = (size_t)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--inflight") && i + 1 < argc && atoi(argv[i + 1]) > 0)
			y.o.inflight = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--page") && i + 1 < argc && atoi(argv[i + 1]) > 0)
			y.o.page = (uint32_t)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--retries") && i + 1 < argc && atoi(argv[i + 1]) >= 0)
			y.o.retries = atoi(argv[++i]);
		else {
			fprintf(stderr, "usage: lokmin sync [--batch N] [--inflight K] [--page N] [--retries N]\n");
			return 2;
		}
	}
	if (y.o.batch > 2000)
		y.o.batch = 2000;
	if (y.o.inflight > SYNC_INFLIGHT_MAX)
		y.o.inflight = SYNC_INFLIGHT_MAX;
	if ((y.st = session_store(s)) == NULL)
		return 1;
	if (session_connect(s) != 0)
		return 1;
	y.tty = isatty(2);
	y.n.t0 = lk_mono_us();
	int rc = 0;
	for (int attempt = 0; attempt <= y.o.retries; attempt++) {
		if (attempt > 0) {
			/* 0.25, 0.5, 1, then 2 s: short waits so a sync resumes soon after
			 * the server is back; the socket redials on its own meanwhile. */
			int delay_ms = attempt <= 3 ? 250 << (attempt - 1) : SYNC_BACKOFF_MAX_MS;
			if (y.tty)
				fprintf(stderr, "\n");
			fprintf(stderr, "lokmin: sync interrupted (%s); retrying in %.2g s (%d of %d)\n", y.error,
			        delay_ms / 1000.0, attempt, y.o.retries);
			struct timespec ts = {delay_ms / 1000, (long)(delay_ms % 1000) * 1000000L};
			while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
				;
		}
		/* Content first: a record that refers to it may then be read at once. */
		rc = attach_upload_pending(s, y.st, s_timeout(&y), &y.n.att, y.error, sizeof y.error);
		if (rc == 0)
			y.n.answered = y.n.answered || y.n.att.chunks_up > 0;
		if (rc == 0 && (rc = s_push(&y)) == 0 && (rc = s_pull(&y)) == 0)
			break;
		if (!s_transient(rc))
			break;
	}
	s_progress(&y, 1);
	if (rc == 0 && org_fetch(s) != 0)
		fprintf(stderr, "lokmin: the list of puskesmas was not updated (%s); the next sync tries again\n",
		        s->conn ? lk_conn_error(s->conn) : "no connection");
	if (rc == 0 && catalogue_fetch(s, 1) != 0)
		fprintf(stderr, "lokmin: the indicator catalogue was not updated (%s); the next sync tries again\n",
		        s->conn ? lk_conn_error(s->conn) : "no connection");
	struct lk_store_status stt;
	lk_store_status(y.st, &stt);
	if (rc != 0) {
		lk_store_set_meta(y.st, LK_STORE_META_LAST_ERROR, y.error);
		fprintf(stderr, "lokmin: sync did not finish: %s\n       %" PRId64 " changes are kept on this device "
		                "and will be sent by the next sync\n",
		        y.error, stt.pending_ops + stt.sent_ops);
		session_store_close(s);
		return 1;
	}
	char now[24];
	snprintf(now, sizeof now, "%" PRIu64, lk_now_ms());
	lk_store_set_meta(y.st, LK_STORE_META_LAST_SYNC, now);
	lk_store_set_meta(y.st, LK_STORE_META_LAST_ERROR, NULL);
	printf("sync: pushed %" PRId64 " ops (%" PRId64 " applied, %" PRId64 " conflicts, %" PRId64 " rejected, %" PRId64
	       " already applied), pulled %" PRId64 " changes, uploaded %" PRId64 " files in %" PRId64
	       " chunks, %" PRId64 " bytes sent, %" PRId64 " received, %.2f s\n",
	       y.n.pushed, y.n.applied, y.n.conflict, y.n.rejected, y.n.duplicate, y.n.pulled, y.n.att.files_up,
	       y.n.att.chunks_up, y.n.bytes_out + y.n.att.bytes_up, y.n.bytes_in, (double)(lk_mono_us() - y.n.t0) / 1e6);
	fflush(stdout);
	if (stt.failed_ops > 0)
		fprintf(stderr, "lokmin: %" PRId64 " changes were refused by the server; see `lokmin failed`\n",
		        stt.failed_ops);
	if (stt.open_conflicts > 0)
		fprintf(stderr, "lokmin: %" PRId64 " conflicts wait to be settled; see `lokmin conflicts`\n",
		        stt.open_conflicts);
	if (y.n.unheld > 0)
		fprintf(stderr, "lokmin: %" PRId64 " record%s held back earlier %s applied now\n", y.n.unheld,
		        y.n.unheld == 1 ? "" : "s", y.n.unheld == 1 ? "is" : "are");
	/* The sync did complete: a warning, not a failure. */
	if (stt.quarantined > 0)
		fprintf(stderr,
		        "lokmin: %" PRId64 " record%s from the server could not be applied here and %s held back; "
		        "see `lokmin failed`\n",
		        stt.quarantined, stt.quarantined == 1 ? "" : "s", stt.quarantined == 1 ? "is" : "are");
	session_store_close(s);
	return 0;
}
