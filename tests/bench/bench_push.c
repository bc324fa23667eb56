/* bench push: new meeting records pushed as ops through lokmind, beside the same rows inserted by libpq in pipeline mode. */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "bench.h"
#include "lk_entity.h"
#include "lk_hlc.h"
#include "lk_util.h"

#define S_PUSK "P3324010101"
#define S_AIM 0.5 /* lokmind's rate at least this share of raw's */
#define S_NCOLS 20 /* columns raw_meeting is given per row */

const char *const bench_meeting_fields[] = {"kind", "year", "period", "planned_date", "status", "title"};
const size_t bench_meeting_nfields = sizeof bench_meeting_fields / sizeof bench_meeting_fields[0];

/* One clock for every op this process makes, as one device has. */
static lk_hlc s_clock = LK_HLC_INIT;

struct s_opts {
	uint64_t n;
	uint64_t batch;
	uint64_t inflight;
	uint64_t workers;
	const char *pg;
};

/* ---------------------------------------------------------------- meeting ops */

/* The values a meeting takes from its counter, shared by the op and the raw row. */
static int s_period(uint64_t counter)
{
	return (int)(counter % 12) + 1;
}

static void s_title(char *out, size_t size, uint64_t counter)
{
	snprintf(out, size, "Lokmin bench %" PRIu64, counter);
}

static void s_date(char *out, size_t size, uint64_t counter)
{
	snprintf(out, size, "2026-%02d-05", s_period(counter));
}

void bench_puskesmas_keys(const char *pusk, char kab[8], char kec[8])
{
	memset(kab, 0, 8);
	memset(kec, 0, 8);
	if (strlen(pusk) >= 7) {
		memcpy(kab, pusk + 1, 4);
		memcpy(kec, pusk + 1, 6);
	}
}

int bench_meeting_op(struct bench_op *op, const char *pusk, uint64_t counter)
{
	const struct lk_entity *e = lk_entity_find("meeting");
	ProtobufCMessage *m = e ? lk_record_new(e) : NULL;
	char kab[8], kec[8], period[8], date[16], title[64];
	lk_uuid u;
	int bad;

	memset(op, 0, sizeof *op);
	if (m == NULL) {
		fprintf(stderr, "lokmin-bench: cannot make a meeting record\n");
		return -1;
	}
	bench_puskesmas_keys(pusk, kab, kec);
	lk_uuid_v7(&u);
	lk_uuid_format(&u, op->record_id);
	lk_uuid_v7(&u);
	lk_uuid_format(&u, op->op_id);
	op->hlc = lk_hlc_tick(&s_clock, lk_now_ms());
	snprintf(period, sizeof period, "%d", s_period(counter));
	s_date(date, sizeof date, counter);
	s_title(title, sizeof title, counter);
	bad = lk_record_set(m, "id", op->record_id) != 0 || lk_record_set(m, "kabupaten", kab) != 0 ||
	      lk_record_set(m, "kecamatan", kec) != 0 || lk_record_set(m, "puskesmas", pusk) != 0 ||
	      lk_record_set(m, "kind", "monthly") != 0 || lk_record_set(m, "year", "2026") != 0 ||
	      lk_record_set(m, "period", period) != 0 || lk_record_set(m, "planned_date", date) != 0 ||
	      lk_record_set(m, "status", "planned") != 0 || lk_record_set(m, "title", title) != 0 ||
	      lk_record_encode(m, &op->record, &op->len) != 0;
	lk_record_free(m);
	if (bad) {
		fprintf(stderr, "lokmin-bench: cannot build meeting %" PRIu64 " of %s\n", counter, pusk);
		return -1;
	}
	return 0;
}

void bench_ops_free(struct bench_op *ops, uint64_t n)
{
	if (ops == NULL)
		return;
	for (uint64_t i = 0; i < n; i++)
		free(ops[i].record);
	free(ops);
}

void bench_wire_ops(const struct bench_op *ops, size_t n, Lokmin__Op *wire, Lokmin__Op **ptrs)
{
	for (size_t i = 0; i < n; i++) {
		lokmin__op__init(&wire[i]);
		wire[i].op_id = (char *)ops[i].op_id;
		wire[i].entity = "meeting";
		wire[i].record_id = (char *)ops[i].record_id;
		wire[i].base_rev = 0;
		wire[i].hlc = ops[i].hlc;
		wire[i].fields = (char **)bench_meeting_fields;
		wire[i].n_fields = bench_meeting_nfields;
		wire[i].record.data = ops[i].record;
		wire[i].record.len = ops[i].len;
		ptrs[i] = &wire[i];
	}
}

static const char *s_status_name(Lokmin__OpStatus st)
{
	switch (st) {
	case LOKMIN__OP_STATUS__OP_APPLIED:
		return "APPLIED";
	case LOKMIN__OP_STATUS__OP_DUPLICATE:
		return "DUPLICATE";
	case LOKMIN__OP_STATUS__OP_CONFLICT:
		return "CONFLICT";
	case LOKMIN__OP_STATUS__OP_REJECTED:
		return "REJECTED";
	default:
		return "unknown";
	}
}

int bench_check_results(const Lokmin__PushReply *rep, const struct bench_op *ops, size_t n)
{
	if (rep->n_results != n) {
		fprintf(stderr, "lokmin-bench: %zu results for a push of %zu ops\n", rep->n_results, n);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const Lokmin__OpResult *r = rep->results[i];
		if (strcmp(r->op_id, ops[i].op_id) != 0) {
			fprintf(stderr, "lokmin-bench: result %zu is for op %s, not %s\n", i, r->op_id, ops[i].op_id);
			return -1;
		}
		if (r->status != LOKMIN__OP_STATUS__OP_APPLIED) {
			fprintf(stderr, "lokmin-bench: op %s: %s (error %u): %s\n", r->op_id, s_status_name(r->status),
			        r->error, r->message);
			return -1;
		}
		if (r->rev != 1) {
			fprintf(stderr, "lokmin-bench: op %s created rev %" PRId64 ", not 1\n", r->op_id, r->rev);
			return -1;
		}
	}
	return 0;
}

/* One push request on the wire. */
struct s_flight {
	uint64_t id;      /* request id */
	uint64_t first;   /* index of its first op */
	uint64_t n;       /* ops it carries */
	uint64_t sent_at;
	uint64_t seq;     /* how many requests went before it */
};

int bench_push_ops(lk_conn *c, const struct bench_op *ops, uint64_t n, uint64_t batch, uint64_t inflight,
                   uint64_t *elapsed_ns, uint64_t *lat_ns, uint64_t *wire_bytes)
{
	Lokmin__Op *wire = calloc(batch, sizeof *wire);
	Lokmin__Op **ptrs = calloc(batch, sizeof *ptrs);
	struct s_flight *fl = calloc(inflight, sizeof *fl);
	uint64_t next = 0, acked = 0, nreq = 0, t0;
	size_t nfl = 0;
	int rc = -1;

	if (wire == NULL || ptrs == NULL || fl == NULL) {
		fprintf(stderr, "lokmin-bench: out of memory for a push of %" PRIu64 " ops\n", batch);
		goto out;
	}
	t0 = bench_now_ns();
	while (acked < n) {
		Lokmin__Reply *rep = NULL;
		size_t k;

		if (bench_interrupted) {
			fprintf(stderr, "lokmin-bench: interrupted\n");
			goto out;
		}
		while (next < n && nfl < inflight) {
			Lokmin__Request req = LOKMIN__REQUEST__INIT;
			Lokmin__PushRequest pr = LOKMIN__PUSH_REQUEST__INIT;
			uint64_t cnt = n - next < batch ? n - next : batch;

			bench_wire_ops(ops + next, cnt, wire, ptrs);
			pr.ops = ptrs;
			pr.n_ops = cnt;
			req.body_case = LOKMIN__REQUEST__BODY_PUSH;
			req.push = &pr;
			fl[nfl].sent_at = bench_now_ns();
			if (lk_conn_send(c, &req) != 0) {
				fprintf(stderr, "lokmin-bench: push of ops %" PRIu64 "-%" PRIu64 ": %s\n", next, next + cnt - 1,
				        lk_conn_error(c));
				goto out;
			}
			fl[nfl].id = req.id;
			if (wire_bytes)
				*wire_bytes += lokmin__request__get_packed_size(&req) + BENCH_CURVE_FRAMING;
			fl[nfl].first = next;
			fl[nfl].n = cnt;
			fl[nfl].seq = nreq++;
			nfl++;
			next += cnt;
		}
		int got = lk_conn_recv(c, BENCH_REPLY_TIMEOUT_MS, &rep);
		uint64_t te = bench_now_ns();
		if (got != 0) {
			fprintf(stderr, "lokmin-bench: after %" PRIu64 " of %" PRIu64 " ops acknowledged (%zu pushes in flight): %s\n",
			        acked, n, nfl, lk_conn_error(c));
			lk_reply_free(rep);
			goto out;
		}
		if (wire_bytes)
			*wire_bytes += lokmin__reply__get_packed_size(rep) + BENCH_CURVE_FRAMING;
		for (k = 0; k < nfl && fl[k].id != rep->id; k++)
			;
		if (k == nfl) {
			fprintf(stderr, "lokmin-bench: reply with id %" PRIu64 " answers no push in flight\n", rep->id);
		} else if (rep->status != 0) {
			fprintf(stderr, "lokmin-bench: push of ops %" PRIu64 "-%" PRIu64 ": error reply %u %s: %s\n",
			        fl[k].first, fl[k].first + fl[k].n - 1, rep->status, rep->error_name, rep->message);
		} else if (rep->body_case != LOKMIN__REPLY__BODY_PUSH || rep->push == NULL) {
			fprintf(stderr, "lokmin-bench: reply %" PRIu64 " has no push body\n", rep->id);
		} else if (bench_check_results(rep->push, ops + fl[k].first, fl[k].n) == 0) {
			lk_reply_free(rep);
			if (lat_ns)
				lat_ns[fl[k].seq] = te - fl[k].sent_at;
			acked += fl[k].n;
			fl[k] = fl[--nfl];
			continue;
		}
		lk_reply_free(rep);
		goto out;
	}
	*elapsed_ns = bench_now_ns() - t0;
	rc = 0;
out:
	free(wire);
	free(ptrs);
	free(fl);
	return rc;
}

void bench_checkpoint(struct bench_site *b)
{
	/* A small shared buffer pool fills with a load's dirty pages; whoever reads next would write them. */
	if (lkt_sql(&b->srv.db, "CHECKPOINT") != 0)
		fprintf(stderr, "lokmin-bench: CHECKPOINT refused: the figures include writing out earlier buffers\n");
}

/* ---------------------------------------------------------------- raw libpq */

static const char s_raw_create[] = "CREATE TABLE raw_meeting (LIKE meeting INCLUDING ALL)";

/* The columns lokmind's meeting insert writes, with the same casts. */
static const char s_raw_insert[] =
	"INSERT INTO raw_meeting (id, rev, hlc, deleted, kabupaten_code, kecamatan_code, puskesmas_code, kind, year, "
	"period, planned_date, held_date, status, title, place, status_reason, team_building, notes, field_meta, "
	"changed_by) VALUES ($1::uuid, $2::bigint, $3::bigint, $4::boolean, $5, nullif($6, ''), nullif($7, ''), $8, "
	"$9::bigint, $10::bigint, nullif($11, '')::date, nullif($12, '')::date, $13, $14, $15, $16, $17::boolean, "
	"$18, $19, nullif($20, '')::uuid)";

/* Every stored column the two tables share, for the row-by-row comparison. */
#define S_COLS(t)                                                                                             \
	"(" t ".rev, " t ".hlc, " t ".deleted, " t ".kabupaten_code, " t ".kecamatan_code, " t ".puskesmas_code, " \
	t ".kind, " t ".year, " t ".period, " t ".planned_date, " t ".held_date, " t ".status, " t ".title, " t      \
	".place, " t ".status_reason, " t ".team_building, " t ".notes, " t ".field_meta, " t ".changed_by)"

/* Text parameters of one raw row: what lokmind writes for the op. */
struct s_row {
	char hlc[24], period[8], date[16], title[64], meta[1024];
	const char *v[S_NCOLS];
};

static void s_row_fill(struct s_row *r, const struct lk_entity *e, const struct bench_op *op, uint64_t counter,
                       const char *kab, const char *kec, const char *device)
{
	size_t used = 0;

	snprintf(r->hlc, sizeof r->hlc, "%" PRIu64, op->hlc);
	snprintf(r->period, sizeof r->period, "%d", s_period(counter));
	s_date(r->date, sizeof r->date, counter);
	s_title(r->title, sizeof r->title, counter);
	/* lokmind's per-field merge bookkeeping for a new record: every field at rev 1, then "deleted". */
	r->meta[0] = '\0';
	for (size_t i = 0; i <= e->nfields; i++) {
		const char *f = i < e->nfields ? e->fields[i].name : "deleted";
		int w = snprintf(r->meta + used, sizeof r->meta - used, "%s%s=1,%s,%s", i ? ";" : "", f, r->hlc, device);
		if (w > 0 && (size_t)w < sizeof r->meta - used)
			used += (size_t)w;
	}
	const char *v[S_NCOLS] = {op->record_id, "1", r->hlc, "false", kab, kec, S_PUSK, "monthly", "2026", r->period,
	                          r->date, "", "planned", r->title, "", "", "false", "", r->meta, device};
	memcpy(r->v, v, sizeof v);
}

static int s_pg_fail(PGconn *pg, const char *what)
{
	fprintf(stderr, "lokmin-bench: raw %s: %s", what, PQerrorMessage(pg));
	return -1;
}

/* First cell of a one-row query as a malloc'd string, or NULL with a message. */
static char *s_pg_value(PGconn *pg, const char *sql)
{
	PGresult *r = PQexec(pg, sql);
	char *v = NULL;

	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		v = strdup(PQgetvalue(r, 0, 0));
	else
		fprintf(stderr, "lokmin-bench: %s: %s", sql, PQerrorMessage(pg));
	PQclear(r);
	return v;
}

/* Read every result that is complete. Counts finished batches (their Sync) in
 * *synced and successful statements in *oks; -1 on any failed statement. */
static int s_pipe_drain(PGconn *pg, uint64_t *synced, uint64_t *oks, int *await_null)
{
	while (!PQisBusy(pg)) {
		PGresult *r = PQgetResult(pg);
		if (r == NULL) {
			/* Each statement's results end with a NULL; one that is not owed means nothing is ready. */
			if (*await_null) {
				*await_null = 0;
				continue;
			}
			return 0;
		}
		ExecStatusType st = PQresultStatus(r);
		if (st == PGRES_PIPELINE_SYNC) {
			(*synced)++;
		} else if (st == PGRES_COMMAND_OK) {
			(*oks)++;
			*await_null = 1;
		} else {
			fprintf(stderr, "lokmin-bench: raw insert: %s: %s", PQresStatus(st), PQresultErrorMessage(r));
			PQclear(r);
			return -1;
		}
		PQclear(r);
	}
	return 0;
}

/* Queue one batch: BEGIN, a prepared insert per row, COMMIT, then a Sync. */
static int s_pipe_batch(PGconn *pg, const struct lk_entity *e, const struct bench_op *ops, uint64_t first,
                        uint64_t cnt, const char *device)
{
	char kab[8], kec[8];
	struct s_row row;

	bench_puskesmas_keys(S_PUSK, kab, kec);
	if (!PQsendQueryParams(pg, "BEGIN", 0, NULL, NULL, NULL, NULL, 0))
		return s_pg_fail(pg, "BEGIN");
	for (uint64_t i = first; i < first + cnt; i++) {
		s_row_fill(&row, e, &ops[i], i, kab, kec, device);
		if (!PQsendQueryPrepared(pg, "raw_ins", S_NCOLS, row.v, NULL, NULL, 0))
			return s_pg_fail(pg, "insert");
	}
	if (!PQsendQueryParams(pg, "COMMIT", 0, NULL, NULL, NULL, NULL, 0))
		return s_pg_fail(pg, "COMMIT");
	if (!PQpipelineSync(pg))
		return s_pg_fail(pg, "sync");
	return 0;
}

/* Insert the rows of ops[0..n) into raw_meeting through one pipelined
 * connection, batch rows per transaction, up to inflight batches unanswered. */
static int s_raw_insert_all(PGconn *pg, const struct bench_op *ops, uint64_t n, uint64_t batch, uint64_t inflight,
                            const char *device, uint64_t *elapsed_ns)
{
	const struct lk_entity *e = lk_entity_find("meeting");
	uint64_t nbatches = (n + batch - 1) / batch, sent = 0, synced = 0, oks = 0, t0;
	int await_null = 0, rc = -1;

	if (PQsetnonblocking(pg, 1) != 0 || !PQenterPipelineMode(pg))
		return s_pg_fail(pg, "pipeline mode");
	t0 = bench_now_ns();
	while (synced < nbatches) {
		struct pollfd pfd = {PQsocket(pg), POLLIN, 0};
		int flushing;

		if (bench_interrupted) {
			fprintf(stderr, "lokmin-bench: interrupted\n");
			goto out;
		}
		while (sent < nbatches && sent - synced < inflight) {
			uint64_t first = sent * batch, cnt = n - first < batch ? n - first : batch;
			if (s_pipe_batch(pg, e, ops, first, cnt, device) != 0)
				goto out;
			sent++;
		}
		if ((flushing = PQflush(pg)) < 0) {
			s_pg_fail(pg, "flush");
			goto out;
		}
		if (flushing)
			pfd.events |= POLLOUT;
		int ready = poll(&pfd, 1, BENCH_REPLY_TIMEOUT_MS);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready <= 0) {
			fprintf(stderr, "lokmin-bench: raw insert: no progress for %d ms (%" PRIu64 " of %" PRIu64 " batches done)\n",
			        BENCH_REPLY_TIMEOUT_MS, synced, nbatches);
			goto out;
		}
		if ((pfd.revents & (POLLIN | POLLHUP | POLLERR)) && !PQconsumeInput(pg)) {
			s_pg_fail(pg, "receive");
			goto out;
		}
		if (s_pipe_drain(pg, &synced, &oks, &await_null) != 0)
			goto out;
	}
	*elapsed_ns = bench_now_ns() - t0;
	/* BEGIN, every row and COMMIT of every batch. */
	if (oks != n + 2 * nbatches) {
		fprintf(stderr, "lokmin-bench: raw insert: %" PRIu64 " statements succeeded, %" PRIu64 " expected\n", oks,
		        n + 2 * nbatches);
		goto out;
	}
	rc = 0;
out:
	if (rc == 0 && (!PQexitPipelineMode(pg) || PQsetnonblocking(pg, 0) != 0))
		rc = s_pg_fail(pg, "leaving pipeline mode");
	return rc;
}

/* ---------------------------------------------------------------- checks and report */

/* lokmind's own time for each push request, from its request log ("type=push ... us=N"). */
static uint64_t s_log_push_us(const char *path, uint64_t *ns, uint64_t max)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	uint64_t n = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof line, f)) {
		const char *us = strstr(line, " us=");
		if (strstr(line, " type=push ") == NULL || us == NULL || n == max)
			continue;
		ns[n++] = strtoull(us + 4, NULL, 10) * 1000;
	}
	fclose(f);
	return n;
}

/* The server tables must hold exactly the n acknowledged ops; 0 or -1. */
static int s_server_check(PGconn *pg, uint64_t n)
{
	char want[128], *got = s_pg_value(pg, "SELECT (SELECT count(*) FROM meeting) || '/' || "
	                                      "(SELECT count(*) FROM change_log WHERE entity = 'meeting') || '/' || "
	                                      "(SELECT count(*) FROM applied_op WHERE result = 0) || '/' || "
	                                      "(SELECT count(*) FROM applied_op) || '/' || "
	                                      "(SELECT last_seq FROM sync_counter WHERE kabupaten_code = '3324')");
	int rc;

	if (got == NULL)
		return -1;
	snprintf(want, sizeof want, "%" PRIu64 "/%" PRIu64 "/%" PRIu64 "/%" PRIu64 "/%" PRIu64, n, n, n, n, n);
	rc = strcmp(got, want) == 0 ? 0 : -1;
	printf("server check: meeting / change_log / applied_op APPLIED / applied_op / last seq = %s (want %s): %s\n",
	       got, want, rc == 0 ? "ok" : "MISMATCH");
	free(got);
	return rc;
}

static int s_raw_check(PGconn *pg, uint64_t n)
{
	char want[64], *got = s_pg_value(pg, "SELECT (SELECT count(*) FROM raw_meeting) || '/' || "
	                                      "(SELECT count(*) FROM meeting m JOIN raw_meeting r USING (id) WHERE " S_COLS("m")
	                                      " IS NOT DISTINCT FROM " S_COLS("r") ")");
	int rc;

	if (got == NULL)
		return -1;
	snprintf(want, sizeof want, "%" PRIu64 "/%" PRIu64, n, n);
	rc = strcmp(got, want) == 0 ? 0 : -1;
	printf("raw check: raw_meeting rows / rows identical to lokmind's meeting rows = %s (want %s): %s\n", got, want,
	       rc == 0 ? "ok" : "MISMATCH");
	free(got);
	return rc;
}

/* cpu: the bench itself in each phase, lokmind in its phase, PostgreSQL in each phase. */
static void s_report(const struct s_opts *o, uint64_t lk_ns, uint64_t raw_ns, const double cpu[5], uint64_t *req_lat,
                     uint64_t nreq, uint64_t *handler, uint64_t nhandler)
{
	double lk_rate = (double)o->n * 1e9 / (double)lk_ns, raw_rate = (double)o->n * 1e9 / (double)raw_ns;
	double ratio = lk_rate / raw_rate;
	struct bench_figures rf, hf;

	bench_figures_compute(&rf, req_lat, nreq, lk_ns);
	double per = 1e6 / (double)o->n;
	printf("\n%-9s %10s %10s %12s %12s %14s %15s\n", "path", "rows", "seconds", "rows/s", "bench CPU s",
	       "lokmind CPU s", "postgres CPU s");
	printf("%-9s %10" PRIu64 " %10.2f %12.0f %12.2f %14.2f %15.2f\n", "lokmind", o->n, (double)lk_ns / 1e9, lk_rate,
	       cpu[0], cpu[2], cpu[3]);
	printf("%-9s %10" PRIu64 " %10.2f %12.0f %12.2f %14s %15.2f\n", "raw", o->n, (double)raw_ns / 1e9, raw_rate, cpu[1],
	       "-", cpu[4]);
	printf("CPU per row: lokmind %.1f us and PostgreSQL %.1f us, against PostgreSQL %.1f us and libpq %.1f us raw\n",
	       cpu[2] * per, cpu[3] * per, cpu[4] * per, cpu[1] * per);
	printf("\nlokmind / raw: %.3fx\n", ratio);
	printf("aim: at least %.2fx of the raw rate: %s\n", S_AIM, ratio >= S_AIM ? "met" : "not met");
	printf("\npush round trip (%" PRIu64 " requests of up to %" PRIu64 " ops): p50 %.1f ms, p99 %.1f ms\n", nreq,
	       o->batch, rf.p50_us / 1000, rf.p99_us / 1000);
	if (nhandler == nreq) {
		uint64_t sum = 0;
		for (uint64_t i = 0; i < nhandler; i++)
			sum += handler[i];
		bench_figures_compute(&hf, handler, nhandler, lk_ns);
		printf("lokmind handler time per push (its log): p50 %.1f ms, p99 %.1f ms, %.1f us per op; "
		       "busy %.0f%% of %" PRIu64 " workers over the run\n",
		       hf.p50_us / 1000, hf.p99_us / 1000, (double)sum / 1000 / (double)o->n,
		       100.0 * (double)sum / ((double)lk_ns * (double)o->workers), o->workers);
	} else {
		printf("lokmind handler time: only %" PRIu64 " of %" PRIu64 " push lines in its log, not shown\n", nhandler,
		       nreq);
	}
}

/* ---------------------------------------------------------------- command */

static void s_usage(FILE *out)
{
	fprintf(out,
	        "usage: lokmin-bench push [--n N] [--batch B] [--inflight K] [--workers W] [--pg CONNINFO]\n"
	        "\n"
	        "Starts a lokmind of its own, enrolls puskesmas " S_PUSK " and pushes N new meeting\n"
	        "records as ops, B per push request with K requests in flight, until all are\n"
	        "acknowledged APPLIED. Then inserts the same rows into raw_meeting (LIKE meeting)\n"
	        "in the same database through libpq pipeline mode, one transaction of B rows per\n"
	        "Sync with K batches unanswered, and compares the rates.\n"
	        "\n"
	        "  --n N          records (default 100000)\n"
	        "  --batch B      ops per push request and rows per raw transaction (default 500, at most %d)\n"
	        "  --inflight K   push requests (raw: batches) outstanding (default 4)\n"
	        "  --workers W    lokmind worker threads (default 4)\n"
	        "  --pg CONNINFO  PostgreSQL to create the database in (default $LOKMIN_TEST_PG)\n"
	        "\n"
	        "Exits 0 whether or not the aim is met; 1 on an error reply, an op not APPLIED,\n"
	        "a count or row mismatch, a timeout or a setup failure; 2 on bad usage.\n",
	        BENCH_PUSH_MAX_OPS);
}

static int s_parse(int argc, char **argv, struct s_opts *o)
{
	const struct bench_opt opts[] = {
		{"n", BENCH_OPT_COUNT, &o->n, 1, 10000000, 0},
		{"batch", BENCH_OPT_COUNT, &o->batch, 1, BENCH_PUSH_MAX_OPS, 0},
		{"inflight", BENCH_OPT_COUNT, &o->inflight, 1, 256, 0},
		{"workers", BENCH_OPT_COUNT, &o->workers, 1, 256, 0},
		{"pg", BENCH_OPT_TEXT, &o->pg, 0, 0, 0},
	};
	o->n = 100000;
	o->batch = 500;
	o->inflight = 4;
	o->workers = 4;
	o->pg = NULL;
	return bench_parse_opts(argc, argv, "push", opts, sizeof opts / sizeof opts[0], s_usage);
}

int bench_push(int argc, char **argv)
{
	struct s_opts o;
	struct bench_site site;
	struct bench_op *ops = NULL;
	lk_conn *conn = NULL;
	PGconn *pg = NULL;
	PGresult *res;
	uint64_t *req_lat = NULL, *handler = NULL, nreq, nhandler = 0, lk_ns = 0, raw_ns = 0;
	double cpu[5] = {0}, load;
	char home[512], device[37];
	int ok = 0, rc;

	if ((rc = s_parse(argc, argv, &o)) != 0)
		return rc < 0 ? BENCH_OK : rc;
	memset(&site, 0, sizeof site);
	nreq = (o.n + o.batch - 1) / o.batch;
	ops = calloc(o.n, sizeof *ops);
	req_lat = calloc(nreq, sizeof *req_lat);
	handler = calloc(nreq, sizeof *handler);
	if (ops == NULL || req_lat == NULL || handler == NULL) {
		fprintf(stderr, "lokmin-bench: out of memory for %" PRIu64 " ops\n", o.n);
		goto out;
	}
	printf("lokmin-bench push: %" PRIu64 " new meeting records of %s, %" PRIu64 " ops per push, %" PRIu64
	       " pushes in flight\n",
	       o.n, S_PUSK, o.batch, o.inflight);
	printf("  lokmind: %" PRIu64 " workers, one transaction per push (rows read and locked per entity, results and change log in one statement each)\n",
	       o.workers);
	printf("  the same database for both, a CHECKPOINT before each timed phase\n");
	printf("  raw: libpq %d pipeline mode, one connection, %" PRIu64 " rows per transaction and Sync, %" PRIu64
	       " batches unanswered; %ld CPUs online\n",
	       PQlibVersion(), o.batch, o.inflight, sysconf(_SC_NPROCESSORS_ONLN));
	/* Other work on the machine moves every figure; say how busy it was. */
	if (getloadavg(&load, 1) == 1)
		printf("  load average %.2f at the start\n", load);
	fflush(stdout);

	if (bench_site_up(&site, o.pg, (int)o.workers) != 0 ||
	    bench_site_client(&site, "p3324010101", "puskesmas", S_PUSK, &conn) != 0)
		goto out;
	lkt_home(&site.srv, "p3324010101", home, sizeof home);
	if (lkt_device_id(home, device) != 0) {
		fprintf(stderr, "lokmin-bench: no device id in %s/profile\n", home);
		goto out;
	}
	/* Records are encoded before the clock starts: the run measures lokmind, not protobuf-c. */
	for (uint64_t i = 0; i < o.n; i++)
		if (bench_meeting_op(&ops[i], S_PUSK, i) != 0)
			goto out;

	bench_checkpoint(&site);
	cpu[0] = bench_self_cpu_s();
	cpu[2] = bench_proc_cpu_s(site.srv.pid);
	cpu[3] = bench_postgres_cpu_s();
	if (bench_push_ops(conn, ops, o.n, o.batch, o.inflight, &lk_ns, req_lat, NULL) != 0)
		goto out;
	cpu[0] = bench_self_cpu_s() - cpu[0];
	cpu[2] = bench_proc_cpu_s(site.srv.pid) - cpu[2];
	cpu[3] = bench_postgres_cpu_s() - cpu[3];
	pg = PQconnectdb(site.srv.db.conninfo);
	if (PQstatus(pg) != CONNECTION_OK) {
		s_pg_fail(pg, "connect");
		goto out;
	}
	if (s_server_check(pg, o.n) != 0)
		goto out;
	/* The log is written by a thread of its own; give it a moment to catch up. */
	lkt_log_wait(&site.srv, " type=push ", (int)nreq, 5000);
	nhandler = s_log_push_us(site.srv.log, handler, nreq);

	res = PQexec(pg, s_raw_create);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		PQclear(res);
		s_pg_fail(pg, "CREATE TABLE");
		goto out;
	}
	PQclear(res);
	res = PQprepare(pg, "raw_ins", s_raw_insert, S_NCOLS, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		PQclear(res);
		s_pg_fail(pg, "prepare");
		goto out;
	}
	PQclear(res);
	bench_checkpoint(&site);
	cpu[1] = bench_self_cpu_s();
	cpu[4] = bench_postgres_cpu_s();
	if (s_raw_insert_all(pg, ops, o.n, o.batch, o.inflight, device, &raw_ns) != 0)
		goto out;
	cpu[1] = bench_self_cpu_s() - cpu[1];
	cpu[4] = bench_postgres_cpu_s() - cpu[4];
	if (s_raw_check(pg, o.n) != 0)
		goto out;
	s_report(&o, lk_ns, raw_ns, cpu, req_lat, nreq, handler, nhandler);
	ok = 1;
out:
	PQfinish(pg);
	lk_conn_destroy(&conn);
	if (bench_site_down(&site, ok) != 0)
		ok = 0;
	bench_ops_free(ops, o.n);
	free(req_lat);
	free(handler);
	return ok ? BENCH_OK : BENCH_FAIL;
}
