/* bench clients: many enrolled devices connected at once, each pushing a small batch and pulling once; lokmind's memory. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <zmq.h>

#include "bench.h"
#include "lk_entity.h"
#include "lk_keys.h"
#include "srv.h"

#define S_AIM_RSS_MB 200.0
#define S_AIM_P99_MS 1000.0
#define S_TOKEN_TTL_MS 3600000
#define S_POLL_MS 200
#define S_FDS_PER_CLIENT 3 /* this process: the TCP socket and the ZeroMQ socket's mailbox, with room to spare */

/* The test regions' puskesmas; devices are dealt out over them in turn. */
static const char *const s_pusks[] = {"P3324010101", "P3324010102", "P3324020101", "P3325010101"};
#define S_NPUSKS (sizeof s_pusks / sizeof s_pusks[0])

/* Request ids on each device's connection. */
enum { S_ID_ENROLL = 1, S_ID_PUSH = 2, S_ID_PULL = 3 };

struct s_opts {
	uint64_t n;
	uint64_t ops;
	uint64_t page;
	uint64_t threads;
	uint64_t workers;
	const char *pg;
};

enum s_state { S_NEW, S_ENROLLING, S_ENROLLED, S_PUSHING, S_PULLING, S_DONE, S_FAILED };

/* One device: its own key and connection. */
struct s_client {
	void *sock;
	lk_curve_pair kp;
	char token[LK_TOKEN_HEXLEN];
	const char *pusk;
	struct bench_op *ops;
	enum s_state state;
	uint64_t sent_at;
	uint64_t push_ns;
	uint64_t pulled; /* changes in its pull */
};

/* One client thread and the devices it drives, all on one ZeroMQ context. */
struct s_group {
	pthread_t thread;
	int started;
	struct lkt_server *srv;
	const struct s_opts *o;
	struct s_client *cl;
	size_t n;
	void *ctx;
	int phase; /* 1: connect and enroll, 2: push then pull */
	uint64_t errors;
};

static void s_fail(struct s_group *g, struct s_client *c, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void s_fail(struct s_group *g, struct s_client *c, const char *fmt, ...)
{
	va_list ap;

	/* The first few reasons per thread are enough to see what went wrong. */
	if (g->errors++ < 5) {
		char msg[512];
		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
		fprintf(stderr, "lokmin-bench: device of %s: %s\n", c->pusk, msg);
	}
	c->state = S_FAILED;
}

static int s_send(struct s_group *g, struct s_client *c, Lokmin__Request *req, uint64_t id, enum s_state next)
{
	req->version = LK_PROTOCOL_VERSION;
	req->id = id;
	c->sent_at = bench_now_ns();
	if (lkt_send(c->sock, req) != 0) {
		s_fail(g, c, "cannot send request %" PRIu64 ": %s", id, zmq_strerror(errno));
		return -1;
	}
	c->state = next;
	return 0;
}

static void s_send_enroll(struct s_group *g, struct s_client *c, size_t i)
{
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__EnrollRequest en = LOKMIN__ENROLL_REQUEST__INIT;
	char name[64];

	snprintf(name, sizeof name, "bench-%zu", i);
	en.token = c->token;
	en.expect_role = LOKMIN__ROLE__ROLE_PUSKESMAS;
	en.expect_scope = (char *)c->pusk;
	en.device_name = name;
	req.body_case = LOKMIN__REQUEST__BODY_ENROLL;
	req.enroll = &en;
	s_send(g, c, &req, S_ID_ENROLL, S_ENROLLING);
}

static void s_send_push(struct s_group *g, struct s_client *c)
{
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__PushRequest pr = LOKMIN__PUSH_REQUEST__INIT;
	Lokmin__Op *wire = calloc(g->o->ops, sizeof *wire);
	Lokmin__Op **ptrs = calloc(g->o->ops, sizeof *ptrs);

	if (wire == NULL || ptrs == NULL) {
		s_fail(g, c, "out of memory");
	} else {
		bench_wire_ops(c->ops, g->o->ops, wire, ptrs);
		pr.ops = ptrs;
		pr.n_ops = g->o->ops;
		req.body_case = LOKMIN__REQUEST__BODY_PUSH;
		req.push = &pr;
		s_send(g, c, &req, S_ID_PUSH, S_PUSHING);
	}
	free(wire);
	free(ptrs);
}

/* The first page of a snapshot, as `lokmin sync` asks for on a store that never synced. */
static void s_send_pull(struct s_group *g, struct s_client *c)
{
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__PullRequest pr = LOKMIN__PULL_REQUEST__INIT;
	Lokmin__SnapshotState snap = LOKMIN__SNAPSHOT_STATE__INIT;

	pr.limit = (uint32_t)g->o->page;
	pr.snapshot = &snap;
	req.body_case = LOKMIN__REQUEST__BODY_PULL;
	req.pull = &pr;
	s_send(g, c, &req, S_ID_PULL, S_PULLING);
}

/* Every change of a pull must be a meeting the device may read. */
static int s_pull_check(struct s_group *g, struct s_client *c, const Lokmin__PullReply *p)
{
	const struct lk_entity *e = lk_entity_find("meeting");
	char kab[8], kec[8];
	uint64_t want = g->o->ops < g->o->page ? g->o->ops : g->o->page;

	bench_puskesmas_keys(c->pusk, kab, kec);
	/* Its own records are committed before the pull, so at least those are there. */
	if (p->n_changes < want) {
		s_fail(g, c, "pull gave %zu changes, at least %" PRIu64 " expected", p->n_changes, want);
		return -1;
	}
	for (size_t i = 0; i < p->n_changes; i++) {
		const Lokmin__Change *ch = p->changes[i];
		ProtobufCMessage *m = strcmp(ch->entity, "meeting") == 0 ? lk_record_decode(e, ch->record.data, ch->record.len)
		                                                         : NULL;
		const char *rkab, *rkec, *rpusk;
		int bad;

		if (m == NULL) {
			s_fail(g, c, "pull gave a %s change that is not a meeting", ch->entity);
			return -1;
		}
		lk_record_keys(m, &rkab, &rkec, &rpusk);
		bad = strcmp(rkab, kab) != 0 || strcmp(rkec, kec) != 0 || (rpusk[0] && strcmp(rpusk, c->pusk) != 0);
		if (bad)
			s_fail(g, c, "pull gave meeting %s of %s/%s/%s, outside its scope", lk_record_id(m), rkab, rkec, rpusk);
		lk_record_free(m);
		if (bad)
			return -1;
	}
	c->pulled = p->n_changes;
	return 0;
}

/* Act on one reply to device c. */
static void s_on_reply(struct s_group *g, struct s_client *c, const Lokmin__Reply *rep, uint64_t now)
{
	uint64_t want = c->state == S_ENROLLING ? S_ID_ENROLL : c->state == S_PUSHING ? S_ID_PUSH : S_ID_PULL;

	if (rep->id != want) {
		s_fail(g, c, "reply with id %" PRIu64 " where %" PRIu64 " was expected", rep->id, want);
		return;
	}
	if (rep->status != 0) {
		s_fail(g, c, "request %" PRIu64 ": error reply %u %s: %s", rep->id, rep->status, rep->error_name,
		       rep->message);
		return;
	}
	switch (c->state) {
	case S_ENROLLING:
		if (rep->body_case != LOKMIN__REPLY__BODY_ENROLL || rep->enroll == NULL ||
		    strcmp(rep->enroll->scope_code, c->pusk) != 0 || rep->enroll->device_id[0] == '\0')
			s_fail(g, c, "enroll reply without the expected device and scope");
		else
			c->state = S_ENROLLED;
		break;
	case S_PUSHING:
		c->push_ns = now - c->sent_at;
		if (rep->body_case != LOKMIN__REPLY__BODY_PUSH || rep->push == NULL)
			s_fail(g, c, "push reply without a push body");
		else if (bench_check_results(rep->push, c->ops, g->o->ops) != 0)
			s_fail(g, c, "push results not all APPLIED (see above)");
		else
			s_send_pull(g, c);
		break;
	case S_PULLING:
		if (rep->body_case != LOKMIN__REPLY__BODY_PULL || rep->pull == NULL) {
			s_fail(g, c, "pull reply without a pull body");
		} else if (s_pull_check(g, c, rep->pull) == 0) {
			c->state = S_DONE;
		}
		break;
	default:
		s_fail(g, c, "a reply nothing was waiting for");
	}
}

static int s_waiting(enum s_state st)
{
	return st == S_ENROLLING || st == S_PUSHING || st == S_PULLING;
}

/* Serve replies until no device of g waits for one; a device that hears nothing
 * for BENCH_REPLY_TIMEOUT_MS while others make no progress either has failed. */
static void s_run(struct s_group *g)
{
	zmq_pollitem_t *items = calloc(g->n, sizeof *items);
	size_t *who = calloc(g->n, sizeof *who);
	uint64_t last = bench_now_ns();

	if (items == NULL || who == NULL) {
		for (size_t i = 0; i < g->n; i++)
			if (s_waiting(g->cl[i].state))
				s_fail(g, &g->cl[i], "out of memory");
		goto out;
	}
	for (;;) {
		size_t k = 0;
		for (size_t i = 0; i < g->n; i++) {
			if (!s_waiting(g->cl[i].state))
				continue;
			items[k] = (zmq_pollitem_t){g->cl[i].sock, 0, ZMQ_POLLIN, 0};
			who[k++] = i;
		}
		if (k == 0)
			break;
		int ready = zmq_poll(items, (int)k, S_POLL_MS);
		uint64_t now = bench_now_ns();
		if (ready < 0 && errno != EINTR) {
			for (size_t j = 0; j < k; j++)
				s_fail(g, &g->cl[who[j]], "poll: %s", zmq_strerror(errno));
			break;
		}
		if (bench_interrupted || (ready <= 0 && now - last > (uint64_t)BENCH_REPLY_TIMEOUT_MS * 1000000)) {
			for (size_t j = 0; j < k; j++) {
				if (bench_interrupted)
					s_fail(g, &g->cl[who[j]], "interrupted");
				else
					s_fail(g, &g->cl[who[j]], "no reply within %d ms", BENCH_REPLY_TIMEOUT_MS);
			}
			break;
		}
		for (size_t j = 0; ready > 0 && j < k; j++) {
			struct s_client *c = &g->cl[who[j]];
			zmq_msg_t m;
			if (!(items[j].revents & ZMQ_POLLIN))
				continue;
			zmq_msg_init(&m);
			if (zmq_msg_recv(&m, c->sock, ZMQ_DONTWAIT) < 0) {
				zmq_msg_close(&m);
				continue;
			}
			Lokmin__Reply *rep = lk_reply_decode(zmq_msg_data(&m), zmq_msg_size(&m));
			zmq_msg_close(&m);
			if (rep == NULL)
				s_fail(g, c, "undecodable reply");
			else
				s_on_reply(g, c, rep, now);
			lk_reply_free(rep);
			last = now;
		}
	}
out:
	free(items);
	free(who);
}

static void *s_group_main(void *arg)
{
	struct s_group *g = arg;

	if (g->phase == 1) {
		/* All of this thread's devices connect at once, then each enrolls on its connection. */
		for (size_t i = 0; i < g->n; i++) {
			struct s_client *c = &g->cl[i];
			if ((c->sock = lkt_dealer(g->ctx, g->srv, &c->kp)) == NULL) {
				s_fail(g, c, "cannot open a connection: %s", zmq_strerror(errno));
				continue;
			}
			s_send_enroll(g, c, (size_t)(c - g->cl));
		}
	} else {
		for (size_t i = 0; i < g->n; i++)
			if (g->cl[i].state == S_ENROLLED)
				s_send_push(g, &g->cl[i]);
	}
	s_run(g);
	return NULL;
}

/* Run one phase in every group's thread and wait for all. 0 or -1. */
static int s_phase(struct s_group *gs, size_t ngroups, int phase)
{
	sigset_t all, old;
	int rc = 0;

	/* Signals belong to the main thread; the groups watch bench_interrupted. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (size_t i = 0; i < ngroups; i++) {
		int e;
		gs[i].phase = phase;
		if ((e = pthread_create(&gs[i].thread, NULL, s_group_main, &gs[i])) != 0) {
			fprintf(stderr, "lokmin-bench: cannot start a client thread: %s\n", strerror(e));
			rc = -1;
			break;
		}
		gs[i].started = 1;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	for (size_t i = 0; i < ngroups; i++)
		if (gs[i].started) {
			pthread_join(gs[i].thread, NULL);
			gs[i].started = 0;
		}
	return rc;
}

/* ---------------------------------------------------------------- lokmind's process */

/* A "Vm..." line of /proc/PID/status in MB, or -1. */
static double s_proc_mb(pid_t pid, const char *key)
{
	char path[64], line[256];
	size_t klen = strlen(key);
	double mb = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, key, klen) == 0 && line[klen] == ':')
			mb = strtod(line + klen + 1, NULL) / 1024.0;
	fclose(f);
	return mb;
}

static long s_proc_fds(pid_t pid)
{
	char path[64];
	struct dirent *d;
	long n = 0;
	DIR *dir;

	snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	if ((dir = opendir(path)) == NULL)
		return -1;
	while ((d = readdir(dir)) != NULL)
		n += d->d_name[0] != '.';
	closedir(dir);
	return n;
}

/* Raise the open-file limit so this process and lokmind (which inherits it) hold every connection. */
static int s_raise_nofile(uint64_t n)
{
	struct rlimit rl;
	rlim_t need = (rlim_t)(n * S_FDS_PER_CLIENT + 256);

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
		fprintf(stderr, "lokmin-bench: getrlimit: %s\n", strerror(errno));
		return -1;
	}
	if (rl.rlim_cur >= need)
		return 0;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need) {
		fprintf(stderr, "lokmin-bench: %" PRIu64 " clients need about %llu open files, the hard limit is %llu: "
		                "lower --n or raise the limit\n",
		        n, (unsigned long long)need, (unsigned long long)rl.rlim_max);
		return -1;
	}
	rl.rlim_cur = need;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
		fprintf(stderr, "lokmin-bench: setrlimit: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* Keys, tokens (token_create on a connection of our own, one transaction) and ops for every device. */
static int s_prepare(struct bench_site *site, const struct s_opts *o, struct s_client *cl)
{
	char err[512];
	PGconn *pg = db_connect(site->srv.db.conninfo, err, sizeof err);
	int rc = -1;

	if (pg == NULL) {
		fprintf(stderr, "lokmin-bench: %s\n", err);
		return -1;
	}
	if (db_prepare_all(pg) != 0 || db_command(pg, "BEGIN") != 0) {
		fprintf(stderr, "lokmin-bench: cannot prepare the token statements: %s", PQerrorMessage(pg));
		goto out;
	}
	for (uint64_t i = 0; i < o->n; i++) {
		struct s_client *c = &cl[i];
		int64_t expires;
		c->pusk = s_pusks[i % S_NPUSKS];
		if (lk_curve_generate(&c->kp) != 0) {
			fprintf(stderr, "lokmin-bench: cannot generate a device key\n");
			goto out;
		}
		if (token_create(pg, LOKMIN__ROLE__ROLE_PUSKESMAS, c->pusk, S_TOKEN_TTL_MS, "lokmin-bench", NULL, c->token,
		                 &expires, err, sizeof err) != 0) {
			fprintf(stderr, "lokmin-bench: token for %s: %s\n", c->pusk, err);
			goto out;
		}
		if ((c->ops = calloc(o->ops, sizeof *c->ops)) == NULL) {
			fprintf(stderr, "lokmin-bench: out of memory\n");
			goto out;
		}
		for (uint64_t k = 0; k < o->ops; k++)
			if (bench_meeting_op(&c->ops[k], c->pusk, i * o->ops + k) != 0)
				goto out;
	}
	if (db_command(pg, "COMMIT") != 0) {
		fprintf(stderr, "lokmin-bench: cannot commit the tokens: %s", PQerrorMessage(pg));
		goto out;
	}
	rc = 0;
out:
	PQfinish(pg);
	return rc;
}

/* The server must hold every device and every acknowledged op. */
static int s_server_check(struct bench_site *site, const struct s_opts *o)
{
	char want[64], *got = lkt_sql_value(&site->srv.db, "SELECT (SELECT count(*) FROM device WHERE name LIKE 'bench-%') "
	                                                   "|| '/' || (SELECT count(*) FROM meeting)");
	int rc;

	if (got == NULL)
		return -1;
	snprintf(want, sizeof want, "%" PRIu64 "/%" PRIu64, o->n, o->n * o->ops);
	rc = strcmp(got, want) == 0 ? 0 : -1;
	printf("server check: devices / meetings = %s (want %s): %s\n", got, want, rc == 0 ? "ok" : "MISMATCH");
	free(got);
	return rc;
}

/* ---------------------------------------------------------------- command */

static void s_usage(FILE *out)
{
	fprintf(out,
	        "usage: lokmin-bench clients [--n N] [--ops K] [--page P] [--threads T] [--workers W] [--pg CONNINFO]\n"
	        "\n"
	        "Starts a lokmind of its own and N devices spread over the four test puskesmas,\n"
	        "each with its own CURVE key and connection. Keys come from lk_curve_generate and\n"
	        "tokens from token_create on a database connection of our own; every device then\n"
	        "enrolls with an Enroll request on its connection. With all N connected, each\n"
	        "pushes K new meetings and then pulls once (the first snapshot page, P records).\n"
	        "\n"
	        "  --n N          devices (default 1000)\n"
	        "  --ops K        meetings each device pushes (default 5)\n"
	        "  --page P       records in the pull (default 500, as `lokmin sync`)\n"
	        "  --threads T    client threads, each with one ZeroMQ context (default 8)\n"
	        "  --workers W    lokmind worker threads (default 4)\n"
	        "  --pg CONNINFO  PostgreSQL to create the database in (default $LOKMIN_TEST_PG)\n"
	        "\n"
	        "Exits 0 when every device did its work without an error, whether or not the aim\n"
	        "is met; 1 on any error, timeout or mismatch; 2 on bad usage.\n");
}

static int s_parse(int argc, char **argv, struct s_opts *o)
{
	const struct bench_opt opts[] = {
		{"n", BENCH_OPT_COUNT, &o->n, 1, 100000, 0},
		{"ops", BENCH_OPT_COUNT, &o->ops, 1, BENCH_PUSH_MAX_OPS, 0},
		{"page", BENCH_OPT_COUNT, &o->page, 1, 5000, 0},
		{"threads", BENCH_OPT_COUNT, &o->threads, 1, 256, 0},
		{"workers", BENCH_OPT_COUNT, &o->workers, 1, 256, 0},
		{"pg", BENCH_OPT_TEXT, &o->pg, 0, 0, 0},
	};
	o->n = 1000;
	o->ops = 5;
	o->page = 500;
	o->threads = 8;
	o->workers = 4;
	o->pg = NULL;
	int rc = bench_parse_opts(argc, argv, "clients", opts, sizeof opts / sizeof opts[0], s_usage);
	if (rc == 0 && o->threads > o->n)
		o->threads = o->n;
	return rc;
}

static void s_report(const struct s_opts *o, struct s_client *cl, uint64_t total_ns, uint64_t errors, double hwm)
{
	uint64_t *lat = calloc(o->n, sizeof *lat), nlat = 0, pulled = 0, done = 0;
	struct bench_figures f;

	for (uint64_t i = 0; i < o->n; i++) {
		if (cl[i].push_ns && lat)
			lat[nlat++] = cl[i].push_ns;
		pulled += cl[i].pulled;
		done += cl[i].state == S_DONE;
	}
	bench_figures_compute(&f, lat, nlat, total_ns);
	printf("\npush + pull by all %" PRIu64 " devices: %.2f s; %" PRIu64 " done, errors %" PRIu64 "\n", o->n,
	       (double)total_ns / 1e9, done, errors);
	if (nlat)
		printf("push latency per device (%" PRIu64 " ops): p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", o->ops,
		       f.p50_us / 1000, f.p99_us / 1000, (double)lat[nlat - 1] / 1e6);
	printf("pull: %.1f changes per device on average (first snapshot page of up to %" PRIu64 ")\n",
	       done ? (double)pulled / (double)done : 0.0, o->page);
	printf("aim: push p99 under %.0f ms: %s (%.1f ms)\n", S_AIM_P99_MS,
	       nlat == o->n && f.p99_us / 1000 < S_AIM_P99_MS ? "met" : "not met", f.p99_us / 1000);
	printf("aim: 0 errors: %s (%" PRIu64 ")\n", errors == 0 ? "met" : "not met", errors);
	printf("aim: peak RSS under %.0f MB: %s (%.1f MB)\n", S_AIM_RSS_MB,
	       hwm >= 0 && hwm < S_AIM_RSS_MB ? "met" : "not met", hwm);
	free(lat);
}

int bench_clients(int argc, char **argv)
{
	struct s_opts o;
	struct bench_site site;
	struct s_client *cl = NULL;
	struct s_group *gs = NULL;
	uint64_t errors = 0, t0, total_ns;
	double rss0, rss_idle, rss_end, hwm, load, cpu_srv, cpu_pg, cpu_me;
	long fds_idle;
	int ok = 0, rc;

	if ((rc = s_parse(argc, argv, &o)) != 0)
		return rc < 0 ? BENCH_OK : rc;
	memset(&site, 0, sizeof site);
	cl = calloc(o.n, sizeof *cl);
	gs = calloc(o.threads, sizeof *gs);
	if (cl == NULL || gs == NULL) {
		fprintf(stderr, "lokmin-bench: out of memory for %" PRIu64 " devices\n", o.n);
		goto out;
	}
	/* Before lokmind starts, so it inherits the raised limit too. */
	if (s_raise_nofile(o.n) != 0)
		goto out;
	printf("lokmin-bench clients: %" PRIu64 " devices over %zu puskesmas, %" PRIu64 " ops each, one pull of up to %" PRIu64
	       " records\n",
	       o.n, S_NPUSKS, o.ops, o.page);
	printf("  lokmind: %" PRIu64 " workers; clients: %" PRIu64 " threads, one ZeroMQ context and many CURVE DEALERs each; "
	       "%ld CPUs online\n",
	       o.workers, o.threads, sysconf(_SC_NPROCESSORS_ONLN));
	/* Other work on the machine moves every figure; say how busy it was. */
	if (getloadavg(&load, 1) == 1)
		printf("  load average %.2f at the start\n", load);
	fflush(stdout);

	if (bench_site_up(&site, o.pg, (int)o.workers) != 0)
		goto out;
	rss0 = s_proc_mb(site.srv.pid, "VmRSS");
	t0 = bench_now_ns();
	if (s_prepare(&site, &o, cl) != 0)
		goto out;
	printf("  keys, tokens (token_create, one transaction) and ops for %" PRIu64 " devices: %.2f s\n", o.n,
	       (double)(bench_now_ns() - t0) / 1e9);
	fflush(stdout);

	for (uint64_t i = 0; i < o.threads; i++) {
		struct s_group *g = &gs[i];
		uint64_t lo = o.n * i / o.threads, hi = o.n * (i + 1) / o.threads;
		g->srv = &site.srv;
		g->o = &o;
		g->cl = cl + lo;
		g->n = (size_t)(hi - lo);
		if ((g->ctx = zmq_ctx_new()) == NULL || zmq_ctx_set(g->ctx, ZMQ_MAX_SOCKETS, (int)g->n + 16) != 0) {
			fprintf(stderr, "lokmin-bench: cannot make a ZeroMQ context: %s\n", zmq_strerror(errno));
			goto out;
		}
	}
	t0 = bench_now_ns();
	if (s_phase(gs, o.threads, 1) != 0)
		goto out;
	for (uint64_t i = 0; i < o.threads; i++)
		errors += gs[i].errors;
	if (errors) {
		fprintf(stderr, "lokmin-bench: %" PRIu64 " of %" PRIu64 " devices could not connect and enroll\n", errors, o.n);
		goto out;
	}
	rss_idle = s_proc_mb(site.srv.pid, "VmRSS");
	fds_idle = s_proc_fds(site.srv.pid);
	printf("  %" PRIu64 " devices connected and enrolled (an Enroll request on each connection): %.2f s\n", o.n,
	       (double)(bench_now_ns() - t0) / 1e9);
	fflush(stdout);

	t0 = bench_now_ns();
	cpu_srv = bench_proc_cpu_s(site.srv.pid);
	cpu_pg = bench_postgres_cpu_s();
	cpu_me = bench_self_cpu_s();
	if (s_phase(gs, o.threads, 2) != 0)
		goto out;
	total_ns = bench_now_ns() - t0;
	cpu_srv = bench_proc_cpu_s(site.srv.pid) - cpu_srv;
	cpu_pg = bench_postgres_cpu_s() - cpu_pg;
	cpu_me = bench_self_cpu_s() - cpu_me;
	for (uint64_t i = 0; i < o.threads; i++)
		errors += gs[i].errors;
	rss_end = s_proc_mb(site.srv.pid, "VmRSS");
	hwm = s_proc_mb(site.srv.pid, "VmHWM");
	printf("\nlokmind memory: VmRSS %.1f MB at start, %.1f MB with %" PRIu64 " devices connected (%ld open files), "
	       "%.1f MB at the end; peak VmHWM %.1f MB\n",
	       rss0, rss_idle, o.n, fds_idle, rss_end, hwm);
	printf("CPU during push + pull: lokmind %.2f s, PostgreSQL %.2f s, the clients %.2f s (%.2f s of wall time on %ld "
	       "CPUs)\n",
	       cpu_srv, cpu_pg, cpu_me, (double)total_ns / 1e9, sysconf(_SC_NPROCESSORS_ONLN));
	if (errors == 0 && s_server_check(&site, &o) != 0)
		errors++;
	s_report(&o, cl, total_ns, errors, hwm);
	ok = errors == 0;
out:
	for (uint64_t i = 0; cl && i < o.n; i++) {
		if (cl[i].sock)
			zmq_close(cl[i].sock);
		lk_curve_wipe(&cl[i].kp);
		bench_ops_free(cl[i].ops, o.ops);
	}
	for (uint64_t i = 0; gs && i < o.threads; i++)
		if (gs[i].ctx)
			zmq_ctx_term(gs[i].ctx);
	if (bench_site_down(&site, ok) != 0)
		ok = 0;
	free(cl);
	free(gs);
	return ok ? BENCH_OK : BENCH_FAIL;
}
