/* bench pull: a new client's bootstrap: snapshot pages from lokmind applied into its own SQLite store, then a log pull. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "lk_entity.h"
#include "store.h"

#define S_PUSK "P3324010101"
#define S_LOAD_BATCH 500
#define S_LOAD_INFLIGHT 4
#define S_PULL_MAX 5000 /* lokmind caps a page here */
#define S_AIM_RATE 100000.0 /* records per second into the store, synchronous=FULL kept */
#define S_AIM_BYTES 148.0   /* reply bytes per record: no more than before pages were pipelined */

struct s_opts {
	uint64_t n;
	uint64_t page;
	uint64_t workers;
	int analyze;
	const char *pg;
};


/* Count the live meeting rows and check each came from the server. */
struct s_count {
	uint64_t rows;
	uint64_t bad;
};

static int s_count_row(const struct lk_entity *e, const ProtobufCMessage *rec, void *arg)
{
	struct s_count *c = arg;
	const char *kab, *kec, *pusk;

	(void)e;
	lk_record_keys(rec, &kab, &kec, &pusk);
	c->rows++;
	if (lk_record_deleted(rec) || lk_record_rev(rec) != 1 || strcmp(pusk, S_PUSK) != 0)
		c->bad++;
	return 0;
}

static int s_pull_reply_ok(const Lokmin__Reply *rep)
{
	if (rep->status != 0) {
		fprintf(stderr, "lokmin-bench: pull: error reply %u %s: %s\n", rep->status, rep->error_name, rep->message);
		return -1;
	}
	if (rep->body_case != LOKMIN__REPLY__BODY_PULL || rep->pull == NULL) {
		fprintf(stderr, "lokmin-bench: pull reply %" PRIu64 " has no pull body\n", rep->id);
		return -1;
	}
	if (rep->pull->resync) {
		fprintf(stderr, "lokmin-bench: the server asked a fresh store to resync\n");
		return -1;
	}
	return 0;
}

/* Ask for one page from cursor, or of the snapshot snap when not NULL; 0 with the request's id, or -1. */
static int s_ask(lk_conn *c, uint64_t cursor, const Lokmin__SnapshotState *snap, uint32_t page, uint64_t *id,
                 struct bench_boot *b)
{
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__PullRequest pr = LOKMIN__PULL_REQUEST__INIT;
	pr.cursor = cursor;
	pr.limit = page;
	pr.snapshot = (Lokmin__SnapshotState *)snap;
	req.body_case = LOKMIN__REQUEST__BODY_PULL;
	req.pull = &pr;
	if (lk_conn_send(c, &req) != 0) {
		fprintf(stderr, "lokmin-bench: pull after %" PRIu64 " changes: %s\n", b->changes, lk_conn_error(c));
		return -1;
	}
	b->request_bytes += lokmin__request__get_packed_size(&req);
	b->snap_pages += snap != NULL;
	*id = req.id;
	return 0;
}

int bench_bootstrap(lk_conn *c, lk_store *st, uint32_t page, struct bench_boot *b)
{
	static const Lokmin__SnapshotState start = LOKMIN__SNAPSHOT_STATE__INIT;
	uint64_t t0 = bench_now_ns(), id = 0;

	memset(b, 0, sizeof *b);
	if (s_ask(c, 0, &start, page, &id, b) != 0)
		return -1;
	for (;;) {
		Lokmin__Reply *rep = NULL;
		char err[256];
		int rc, more;

		if (bench_interrupted) {
			fprintf(stderr, "lokmin-bench: interrupted\n");
			return -1;
		}
		uint64_t ts = bench_now_ns();
		do {
			lk_reply_free(rep);
			rep = NULL;
			rc = lk_conn_recv(c, BENCH_REPLY_TIMEOUT_MS, &rep);
		} while (rc == 0 && rep->id != id);
		uint64_t tr = bench_now_ns();
		if (rc != 0) {
			fprintf(stderr, "lokmin-bench: pull after %" PRIu64 " changes: %s\n", b->changes, lk_conn_error(c));
			lk_reply_free(rep);
			return -1;
		}
		if (s_pull_reply_ok(rep) != 0) {
			lk_reply_free(rep);
			return -1;
		}
		const Lokmin__PullReply *p = rep->pull;
		b->reply_bytes += lokmin__reply__get_packed_size(rep);
		for (size_t i = 0; i < p->n_changes; i++) {
			b->record_bytes += p->changes[i]->record.len;
			b->meetings += strcmp(p->changes[i]->entity, "meeting") == 0;
		}
		b->changes += p->n_changes;
		b->pages++;
		more = p->more;
		if (more && s_ask(c, p->snapshot ? 0 : p->cursor, p->snapshot, page, &id, b) != 0) {
			lk_reply_free(rep);
			return -1;
		}
		uint64_t ta0 = bench_now_ns();
		double c0 = bench_proc_cpu_s((int)getpid());
		rc = lk_store_apply_pulled(st, (const Lokmin__Change *const *)p->changes, p->n_changes,
		                           p->snapshot ? 0 : p->cursor, p->snapshot, NULL, err, sizeof err);
		lk_reply_free(rep);
		uint64_t ta = bench_now_ns();
		b->wait_ns += tr - ts;
		b->apply_ns += ta - ta0;
		b->apply_cpu_s += bench_proc_cpu_s((int)getpid()) - c0;
		if (rc != 0) {
			fprintf(stderr, "lokmin-bench: cannot apply page %" PRIu64 ": %s\n", b->pages, err);
			return -1;
		}
		if (!more)
			break;
	}
	b->elapsed_ns = bench_now_ns() - t0;
	return 0;
}

/* The store must hold exactly the n records, with the cursor at the log's head. */
int bench_new_reader(struct bench_site *site, const char *name, const char *pusk, uint32_t page, lk_conn **c,
                     lk_store **st, struct bench_boot *b)
{
	char home[512], err[512];

	if (bench_site_client(site, name, "puskesmas", pusk, c) != 0)
		return -1;
	lkt_home(&site->srv, name, home, sizeof home);
	if ((*st = lk_store_open(home, err, sizeof err)) == NULL) {
		fprintf(stderr, "lokmin-bench: %s\n", err);
		return -1;
	}
	return bench_bootstrap(*c, *st, page, b);
}

static int s_verify(lk_store *st, uint64_t n, const struct bench_boot *b)
{
	const struct lk_entity *e = lk_entity_find("meeting");
	struct s_count cnt = {0, 0};
	uint64_t cursor = 0;
	int in_snap, ok;

	if (lk_store_list(st, e, s_count_row, &cnt) != 0) {
		fprintf(stderr, "lokmin-bench: cannot list the store's meetings: %s\n", lk_store_error(st));
		return -1;
	}
	if ((in_snap = lk_store_cursor(st, &cursor, NULL)) < 0) {
		fprintf(stderr, "lokmin-bench: store cursor: %s\n", lk_store_error(st));
		return -1;
	}
	/* Each push made one change-log entry per record, so the head is n. */
	ok = cnt.rows == n && cnt.bad == 0 && b->changes == n && b->meetings == n && cursor == n && in_snap == 0;
	printf("store check: %" PRIu64 " meeting rows (%" PRIu64 " not as pushed), %" PRIu64
	       " changes received, cursor %" PRIu64 ", snapshot %s (want %" PRIu64 " rows, %" PRIu64
	       " changes, cursor %" PRIu64 ", finished): %s\n",
	       cnt.rows, cnt.bad, b->changes, cursor, in_snap ? "in progress" : "finished", n, n, n,
	       ok ? "ok" : "MISMATCH");
	return ok ? 0 : -1;
}

static void s_report(const struct s_opts *o, const struct bench_boot *b)
{
	double secs = (double)b->elapsed_ns / 1e9;

	printf("\nbootstrap: %" PRIu64 " records in %" PRIu64 " snapshot pages and %" PRIu64 " log pull%s, %.2f s: %.0f records/s\n",
	       o->n, b->snap_pages, b->pages - b->snap_pages, b->pages - b->snap_pages == 1 ? "" : "s", secs,
	       (double)o->n / secs);
	printf("  waiting for lokmind (each next page asked for first):  %.2f s (%.0f%%)\n", (double)b->wait_ns / 1e9,
	       100.0 * (double)b->wait_ns / (double)b->elapsed_ns);
	printf("  applying pages into the SQLite store:                   %.2f s (%.0f%%), %.2f s of it on the CPU\n",
	       (double)b->apply_ns / 1e9, 100.0 * (double)b->apply_ns / (double)b->elapsed_ns, b->apply_cpu_s);
	printf("wire (protobuf bytes; CURVE and ZMTP framing add a few tens of bytes per message):\n");
	printf("  replies:        %12" PRIu64 " bytes, %.1f bytes per record\n", b->reply_bytes,
	       (double)b->reply_bytes / (double)o->n);
	printf("  records alone:  %12" PRIu64 " bytes, %.1f bytes per record (envelope %.1f%%)\n", b->record_bytes,
	       (double)b->record_bytes / (double)o->n,
	       100.0 * (double)(b->reply_bytes - b->record_bytes) / (double)b->reply_bytes);
	printf("  requests:       %12" PRIu64 " bytes in %" PRIu64 " requests\n", b->request_bytes, b->pages);
	double rate = (double)o->n / secs, per = (double)b->reply_bytes / (double)o->n;
	printf("\naim: at least %.0f records/s into the store: %.0f, %s\n", S_AIM_RATE, rate,
	       rate >= S_AIM_RATE ? "met" : "not met");
	printf("aim: at most %.0f reply bytes per record: %.1f, %s\n", S_AIM_BYTES, per,
	       per <= S_AIM_BYTES ? "met" : "not met");
}

/* ---------------------------------------------------------------- command */

static void s_usage(FILE *out)
{
	fprintf(out,
	        "usage: lokmin-bench pull [--n N] [--page P] [--no-analyze] [--workers W] [--pg CONNINFO]\n"
	        "\n"
	        "Starts a lokmind of its own, loads N meeting records of " S_PUSK " through push\n"
	        "(not timed), then enrolls a new device of the same puskesmas whose empty store\n"
	        "bootstraps as `lokmin sync` does: snapshot pages of P records from head 0,\n"
	        "each applied with lk_store_apply_pulled, then a log pull from the snapshot's head.\n"
	        "Between load and bootstrap it runs CHECKPOINT and ANALYZE, as a settled server\n"
	        "would have written and analyzed the new rows.\n"
	        "\n"
	        "  --n N          records (default 100000)\n"
	        "  --page P       records per pull page (default 2000, lokmind caps at %d)\n"
	        "  --no-analyze   leave statistics to autovacuum, which may not have run yet\n"
	        "  --workers W    lokmind worker threads (default 4)\n"
	        "  --pg CONNINFO  PostgreSQL to create the database in (default $LOKMIN_TEST_PG)\n"
	        "\n"
	        "Exits 0 after a correct bootstrap; 1 on an error reply, a store that does not\n"
	        "end with exactly the N records, a timeout or a setup failure; 2 on bad usage.\n",
	        S_PULL_MAX);
}

static int s_parse(int argc, char **argv, struct s_opts *o)
{
	const struct bench_opt opts[] = {
		{"n", BENCH_OPT_COUNT, &o->n, 1, 10000000, 0},
		{"page", BENCH_OPT_COUNT, &o->page, 1, S_PULL_MAX, 0},
		{"no-analyze", BENCH_OPT_FLAG, &o->analyze, 0, 0, 0},
		{"workers", BENCH_OPT_COUNT, &o->workers, 1, 256, 0},
		{"pg", BENCH_OPT_TEXT, &o->pg, 0, 0, 0},
	};
	o->n = 100000;
	o->page = 2000;
	o->analyze = 1;
	o->workers = 4;
	o->pg = NULL;
	return bench_parse_opts(argc, argv, "pull", opts, sizeof opts / sizeof opts[0], s_usage);
}

int bench_pull(int argc, char **argv)
{
	struct s_opts o;
	struct bench_site site;
	struct bench_op *ops = NULL;
	struct bench_boot boot;
	lk_conn *writer = NULL, *reader = NULL;
	lk_store *st = NULL;
	uint64_t load_ns = 0;
	double load;
	int ok = 0, rc;

	if ((rc = s_parse(argc, argv, &o)) != 0)
		return rc < 0 ? BENCH_OK : rc;
	memset(&site, 0, sizeof site);
	ops = calloc(o.n, sizeof *ops);
	if (ops == NULL) {
		fprintf(stderr, "lokmin-bench: out of memory for %" PRIu64 " ops\n", o.n);
		goto out;
	}
	printf("lokmin-bench pull: a new %s device bootstraps %" PRIu64 " meeting records, %" PRIu64
	       " per page\n",
	       S_PUSK, o.n, o.page);
	printf("  lokmind: %" PRIu64 " workers; client: lk_conn and its SQLite store (WAL, synchronous=FULL), one page "
	       "in flight; %ld CPUs online\n",
	       o.workers, sysconf(_SC_NPROCESSORS_ONLN));
	/* Other work on the machine moves every figure; say how busy it was. */
	if (getloadavg(&load, 1) == 1)
		printf("  load average %.2f at the start\n", load);
	fflush(stdout);

	if (bench_site_up(&site, o.pg, (int)o.workers) != 0 ||
	    bench_site_client(&site, "writer", "puskesmas", S_PUSK, &writer) != 0)
		goto out;
	for (uint64_t i = 0; i < o.n; i++)
		if (bench_meeting_op(&ops[i], S_PUSK, i) != 0)
			goto out;
	if (bench_push_ops(writer, ops, o.n, S_LOAD_BATCH, S_LOAD_INFLIGHT, &load_ns, NULL, NULL) != 0)
		goto out;
	/* A settled server: autovacuum would have analyzed the new rows within a minute or so. */
	bench_checkpoint(&site);
	if (o.analyze && lkt_sql(&site.srv.db, "ANALYZE") != 0)
		goto out;
	printf("  loaded through push in %.2f s, then CHECKPOINT%s (not part of the figures)\n", (double)load_ns / 1e9,
	       o.analyze ? " and ANALYZE" : ", no ANALYZE: statistics only if autovacuum got there");
	fflush(stdout);

	if (bench_new_reader(&site, "reader", S_PUSK, (uint32_t)o.page, &reader, &st, &boot) != 0 ||
	    s_verify(st, o.n, &boot) != 0)
		goto out;
	s_report(&o, &boot);
	ok = 1;
out:
	lk_store_close(&st);
	lk_conn_destroy(&writer);
	lk_conn_destroy(&reader);
	if (bench_site_down(&site, ok) != 0)
		ok = 0;
	bench_ops_free(ops, o.n);
	return ok ? BENCH_OK : BENCH_FAIL;
}
