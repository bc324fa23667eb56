/* bench peer: the same records pushed and pulled through lokmin and through PouchDB replicating to express-pouchdb. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "lk_entity.h"
#include "lk_json.h"

#define S_PUSK "P3324010101"
#define S_BATCH 500    /* ops per push, records per pull page, PouchDB's batch_size: as `lokmin sync` */
#define S_INFLIGHT 4   /* pushes in flight; PouchDB keeps up to 10 batches going */
#define S_AIM 10.0     /* lokmin at least this many times the peer's docs/s, both ways */
#define S_SKIP 77      /* ctest's skip code: no Node.js, or npm could not install the peer */

struct s_opts {
	uint64_t n;
	uint64_t workers;
	const char *npm;
	const char *pg;
};

/* One direction's figures on one side. */
struct s_side {
	double docs_s;
	double bytes;
	double secs;
};

static void s_usage(FILE *out)
{
	fprintf(out,
	        "usage: lokmin-bench peer [--n N] [--npm DIR] [--workers W] [--pg CONNINFO]\n"
	        "\n"
	        "Makes N new meeting records of %s and sends them both ways through\n"
	        "lokmin (a device pushes them to its own lokmind, %d ops per push, %d in flight;\n"
	        "a new device bootstraps them into its SQLite store, %d per page) and through\n"
	        "PouchDB 9 replicating to express-pouchdb on loopback (batch_size %d, a LevelDB\n"
	        "database on each side, the server in a process of its own). The same records\n"
	        "go to PouchDB as JSON documents with the record id as _id.\n"
	        "\n"
	        "PouchDB and express-pouchdb are installed from npm by tests/bench/peer/install.sh\n"
	        "into a temporary folder, removed afterwards, with the Node.js of the machine.\n"
	        "\n"
	        "  --n N          records (default 100000)\n"
	        "  --npm DIR      install into DIR and keep it; an install already there is used\n"
	        "  --workers W    lokmind worker threads (default 4)\n"
	        "  --pg CONNINFO  PostgreSQL to create the database in (default $LOKMIN_TEST_PG)\n"
	        "\n"
	        "Bytes are counted on the wire: for lokmin the protobuf messages plus %d bytes of\n"
	        "ZMTP framing and CURVE box per message; for PouchDB every byte read and written\n"
	        "on the server's HTTP sockets (headers included, pull replies gzip-compressed).\n"
	        "\n"
	        "Exits 0 whether or not the aim (%.0fx the peer's docs/s both ways) is met; 1 on a\n"
	        "wrong count or a failed run; 2 on bad usage; %d when Node.js or npm is missing\n"
	        "or the install from npm failed (nothing measured).\n",
	        S_PUSK, S_BATCH, S_INFLIGHT, S_BATCH, S_BATCH, BENCH_CURVE_FRAMING, S_AIM, S_SKIP);
}

static int s_parse(int argc, char **argv, struct s_opts *o)
{
	const struct bench_opt opts[] = {
		{"n", BENCH_OPT_COUNT, &o->n, 10, 10000000, 0},
		{"npm", BENCH_OPT_TEXT, &o->npm, 0, 0, 0},
		{"workers", BENCH_OPT_COUNT, &o->workers, 1, 256, 0},
		{"pg", BENCH_OPT_TEXT, &o->pg, 0, 0, 0},
	};
	o->n = 100000;
	o->npm = NULL;
	o->workers = 4;
	o->pg = NULL;
	return bench_parse_opts(argc, argv, "peer", opts, sizeof opts / sizeof opts[0], s_usage);
}

/* The records as PouchDB documents, one JSON object per line, "_id" first. */
static int s_write_docs(const char *path, const struct bench_op *ops, uint64_t n)
{
	const struct lk_entity *e = lk_entity_find("meeting");
	FILE *f = fopen(path, "w");
	int rc = 0;

	if (f == NULL) {
		fprintf(stderr, "lokmin-bench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (uint64_t i = 0; i < n && rc == 0; i++) {
		ProtobufCMessage *m = lk_record_decode(e, ops[i].record, ops[i].len);
		char *line = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&line, &len);
		if (m == NULL || mem == NULL || lk_record_json(mem, e, m) != 0) {
			fprintf(stderr, "lokmin-bench: cannot write record %" PRIu64 " as JSON\n", i);
			rc = -1;
		}
		if (mem)
			fclose(mem);
		if (rc == 0 && (len < 2 || line[0] != '{'))
			rc = -1;
		if (rc == 0)
			fprintf(f, "{\"_id\":\"%s\",%s%s", ops[i].record_id, line + 1,
			        line[len - 1] == '\n' ? "" : "\n");
		free(line);
		lk_record_free(m);
	}
	if (fclose(f) != 0 && rc == 0) {
		fprintf(stderr, "lokmin-bench: %s: %s\n", path, strerror(errno));
		rc = -1;
	}
	return rc;
}

/* lokmin both ways: one device pushes the ops, a new one bootstraps them. */
static int s_lokmin(const struct s_opts *o, const struct bench_op *ops, struct s_side *push, struct s_side *pull)
{
	struct bench_site site;
	struct bench_boot boot;
	lk_conn *writer = NULL, *reader = NULL;
	lk_store *st = NULL;
	uint64_t ns = 0, wire = 0;
	int ok = 0;

	memset(&site, 0, sizeof site);
	if (bench_site_up(&site, o->pg, (int)o->workers) != 0 ||
	    bench_site_client(&site, "writer", "puskesmas", S_PUSK, &writer) != 0)
		goto out;
	bench_checkpoint(&site);
	if (bench_push_ops(writer, ops, o->n, S_BATCH, S_INFLIGHT, &ns, NULL, &wire) != 0)
		goto out;
	push->secs = (double)ns / 1e9;
	push->docs_s = (double)o->n / push->secs;
	push->bytes = (double)wire / (double)o->n;

	bench_checkpoint(&site);
	if (bench_new_reader(&site, "reader", S_PUSK, S_BATCH, &reader, &st, &boot) != 0)
		goto out;
	if (boot.meetings != o->n) {
		fprintf(stderr, "lokmin-bench: the new device got %" PRIu64 " meetings, not %" PRIu64 "\n", boot.meetings,
		        o->n);
		goto out;
	}
	pull->secs = (double)boot.elapsed_ns / 1e9;
	pull->docs_s = (double)o->n / pull->secs;
	pull->bytes = (double)(boot.reply_bytes + boot.request_bytes + 2 * boot.pages * BENCH_CURVE_FRAMING) /
	              (double)o->n;
	ok = 1;
out:
	lk_store_close(&st);
	lk_conn_destroy(&writer);
	lk_conn_destroy(&reader);
	if (bench_site_down(&site, ok) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

/* The number after "key": in a one-line JSON object, or -1. */
static double s_json_num(const char *line, const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof pat, "\"%s\":", key);
	if ((p = strstr(line, pat)) == NULL)
		return -1;
	return strtod(p + strlen(pat), NULL);
}

static int s_have(const char *cmd)
{
	char sh[128];
	snprintf(sh, sizeof sh, "command -v %s >/dev/null 2>&1", cmd);
	return system(sh) == 0;
}

/* Install the peer into dir (unless it is there) and run it on docs; 0, -1 or S_SKIP. */
static int s_pouch(const char *dir, const char *work, const char *docs, uint64_t n, struct s_side *push,
                   struct s_side *pull, double *cpu)
{
	char cmd[4096], path[1024], line[4096] = "", buf[4096];
	FILE *p;
	int st;

	if (!s_have("node") || !s_have("npm")) {
		fprintf(stderr, "lokmin-bench: peer not measured: Node.js and npm are needed (Debian: apt-get install "
		                "nodejs npm)\n");
		return S_SKIP;
	}
	snprintf(path, sizeof path, "%s/node_modules/pouchdb", dir);
	if (access(path, F_OK) != 0) {
		uint64_t t0 = bench_now_ns();
		snprintf(cmd, sizeof cmd, "sh '%s/install.sh' '%s' >'%s/npm.log' 2>&1", BENCH_PEER_DIR, dir, work);
		if (system(cmd) != 0) {
			fprintf(stderr, "lokmin-bench: peer not measured: the install from npm failed; the end of %s/npm.log:\n",
			        work);
			snprintf(cmd, sizeof cmd, "tail -n 15 '%s/npm.log' >&2", work);
			if (system(cmd) != 0)
				fprintf(stderr, "  (no log)\n");
			return S_SKIP;
		}
		printf("  PouchDB installed from npm into %s in %.1f s (not part of the figures)\n", dir,
		       (double)(bench_now_ns() - t0) / 1e9);
		fflush(stdout);
	}
	snprintf(cmd, sizeof cmd, "node '%s/pouch_bench.js' --docs '%s' --dir '%s/pouch' --batch %d 2>'%s/pouch.log'",
	         BENCH_PEER_DIR, docs, work, S_BATCH, work);
	/* The script's own modules come from the install folder. */
	snprintf(path, sizeof path, "%s/node_modules", dir);
	setenv("NODE_PATH", path, 1);
	if ((p = popen(cmd, "r")) == NULL) {
		fprintf(stderr, "lokmin-bench: cannot start node: %s\n", strerror(errno));
		return -1;
	}
	/* Its last line on stdout is the JSON object of figures. */
	while (fgets(buf, sizeof buf, p) != NULL)
		if (buf[0] == '{')
			memcpy(line, buf, sizeof line);
	st = pclose(p);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0 || s_json_num(line, "docs") != (double)n) {
		fprintf(stderr, "lokmin-bench: the PouchDB run failed; the end of %s/pouch.log:\n", work);
		snprintf(cmd, sizeof cmd, "tail -n 15 '%s/pouch.log' >&2", work);
		if (system(cmd) != 0)
			fprintf(stderr, "  (no log)\n");
		return -1;
	}
	push->docs_s = s_json_num(line, "push_docs_per_s");
	push->bytes = s_json_num(line, "push_bytes_per_doc");
	push->secs = s_json_num(line, "push_s");
	pull->docs_s = s_json_num(line, "pull_docs_per_s");
	pull->bytes = s_json_num(line, "pull_bytes_per_doc");
	pull->secs = s_json_num(line, "pull_s");
	cpu[0] = s_json_num(line, "client_cpu_s");
	cpu[1] = s_json_num(line, "server_cpu_s");
	return push->docs_s > 0 && pull->docs_s > 0 ? 0 : -1;
}

static void s_report(uint64_t n, const struct s_side *lp, const struct s_side *ll, const struct s_side *pp,
                     const struct s_side *pl, const double *cpu)
{
	double rp = lp->docs_s / pp->docs_s, rl = ll->docs_s / pl->docs_s;

	printf("\n%-22s %10s %10s %12s %14s\n", "path", "records", "seconds", "records/s", "bytes/record");
	printf("%-22s %10" PRIu64 " %10.2f %12.0f %14.1f\n", "lokmin push", n, lp->secs, lp->docs_s, lp->bytes);
	printf("%-22s %10" PRIu64 " %10.2f %12.0f %14.1f\n", "PouchDB push", n, pp->secs, pp->docs_s, pp->bytes);
	printf("%-22s %10" PRIu64 " %10.2f %12.0f %14.1f\n", "lokmin pull (new)", n, ll->secs, ll->docs_s, ll->bytes);
	printf("%-22s %10" PRIu64 " %10.2f %12.0f %14.1f\n", "PouchDB pull (new)", n, pl->secs, pl->docs_s, pl->bytes);
	printf("PouchDB CPU over both directions: client %.1f s, express-pouchdb %.1f s\n", cpu[0], cpu[1]);
	printf("\nlokmin / PouchDB: push %.1fx the records/s at %.2fx the bytes; pull %.1fx the records/s at %.2fx the "
	       "bytes\n",
	       rp, lp->bytes / pp->bytes, rl, ll->bytes / pl->bytes);
	printf("aim: push at least %.0fx: %s (%.1fx)\n", S_AIM, rp >= S_AIM ? "met" : "not met", rp);
	printf("aim: pull at least %.0fx: %s (%.1fx)\n", S_AIM, rl >= S_AIM ? "met" : "not met", rl);
}

int bench_peer(int argc, char **argv)
{
	struct s_opts o;
	struct bench_op *ops = NULL;
	struct s_side lp = {0}, ll = {0}, pp = {0}, pl = {0};
	double cpu[2] = {0, 0}, load;
	char work[] = "/tmp/lokmin-peer.XXXXXX", docs[600], dir[600], cmd[1400];
	int rc, result = BENCH_FAIL, made = 0;

	if ((rc = s_parse(argc, argv, &o)) != 0)
		return rc < 0 ? BENCH_OK : rc;
	if (mkdtemp(work) == NULL) {
		fprintf(stderr, "lokmin-bench: cannot make a temporary folder: %s\n", strerror(errno));
		return BENCH_FAIL;
	}
	made = 1;
	snprintf(docs, sizeof docs, "%s/docs.ndjson", work);
	snprintf(dir, sizeof dir, "%s", o.npm ? o.npm : work);
	if (o.npm && mkdir(o.npm, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "lokmin-bench: %s: %s\n", o.npm, strerror(errno));
		goto out;
	}
	printf("lokmin-bench peer: %" PRIu64 " new meeting records of %s, pushed by one device and bootstrapped by a "
	       "new one, through lokmin and through PouchDB\n",
	       o.n, S_PUSK);
	printf("  lokmin: lokmind with %" PRIu64 " workers on PostgreSQL (fsync as configured), the client's SQLite store "
	       "(WAL, synchronous=FULL); %ld CPUs online\n",
	       o.workers, sysconf(_SC_NPROCESSORS_ONLN));
	if (getloadavg(&load, 1) == 1)
		printf("  load average %.2f at the start\n", load);
	fflush(stdout);
	if ((ops = calloc(o.n, sizeof *ops)) == NULL) {
		fprintf(stderr, "lokmin-bench: out of memory for %" PRIu64 " ops\n", o.n);
		goto out;
	}
	for (uint64_t i = 0; i < o.n; i++)
		if (bench_meeting_op(&ops[i], S_PUSK, i) != 0)
			goto out;
	if (s_write_docs(docs, ops, o.n) != 0)
		goto out;
	if (s_lokmin(&o, ops, &lp, &ll) != 0)
		goto out;
	printf("  lokmin: push %.0f records/s, pull %.0f records/s\n", lp.docs_s, ll.docs_s);
	fflush(stdout);
	if ((rc = s_pouch(dir, work, docs, o.n, &pp, &pl, cpu)) != 0) {
		result = rc == S_SKIP ? S_SKIP : BENCH_FAIL;
		goto out;
	}
	s_report(o.n, &lp, &ll, &pp, &pl, cpu);
	result = BENCH_OK;
out:
	bench_ops_free(ops, o.n);
	if (made) {
		/* The npm install goes with the folder unless --npm named one to keep. */
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", work);
		if (system(cmd) != 0)
			fprintf(stderr, "lokmin-bench: could not remove %s\n", work);
	}
	return result;
}
