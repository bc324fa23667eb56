/* bench ping: Ping round trips through lokmind (sync and pipelined) beside a raw libzmq CURVE echo of the same size. */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zmq.h>

#include "bench.h"
#include "lk_error.h"
#include "lk_keys.h"
#include "lk_wire.h"
#include "lk_zmq.h"

#define S_PAYLOAD 16     /* counter and a marker, so a mixed-up echo cannot pass */
#define S_WARMUP 200     /* round trips per path left out of the figures */
#define S_FIRST_ID 1000  /* clear of the ids lk_conn handed out during setup */
#define S_AIM_SYNC 1.5   /* lokmind sync p50 at most this many times raw's */
#define S_AIM_PIPE 0.7   /* lokmind pipelined rate at least this share of raw's */

static const uint8_t s_marker[8] = {'l', 'k', '-', 'b', 'e', 'n', 'c', 'h'};

struct s_opts {
	uint64_t n;
	uint64_t inflight;
	uint64_t workers;
	const char *pg;
};

/* Scratch shared by the runs: index i is the i-th request of the current run. */
struct s_run {
	uint64_t n;
	uint64_t *lat;     /* latency of each request in ns */
	uint64_t *sent_at; /* when each request was handed to the socket */
	uint8_t *got;      /* each reply counts once */
};

/* The raw side: a ROUTER thread echoing every message, with CURVE but no ZAP. */
struct s_echo {
	void *ctx;
	void *sock;
	pthread_t thread;
	int running;
	char endpoint[256];
	char server_pub[LK_Z85_KEYLEN];
};

/* raw sockets get the limits lk_conn sets, so they pay the same per-message checks. */
#define s_limits lk_conn_limits

static int s_interrupted(void)
{
	fprintf(stderr, "lokmin-bench: interrupted\n");
	return -1;
}

static void s_payload_fill(uint8_t p[S_PAYLOAD], uint64_t counter)
{
	memcpy(p, &counter, sizeof counter);
	memcpy(p + 8, s_marker, sizeof s_marker);
}

/* 0 when rep is a successful Ping reply to id carrying id's payload. */
static int s_ping_check(const Lokmin__Reply *rep, uint64_t id)
{
	uint8_t want[S_PAYLOAD];

	if (rep->status != 0) {
		fprintf(stderr, "lokmin-bench: request %" PRIu64 ": error reply %u %s: %s\n", rep->id, rep->status,
		        rep->error_name, rep->message);
		return -1;
	}
	if (rep->id != id) {
		fprintf(stderr, "lokmin-bench: reply for id %" PRIu64 " where %" PRIu64 " was expected\n", rep->id, id);
		return -1;
	}
	if (rep->body_case != LOKMIN__REPLY__BODY_PING || rep->ping == NULL) {
		fprintf(stderr, "lokmin-bench: request %" PRIu64 ": reply without a Ping body\n", id);
		return -1;
	}
	s_payload_fill(want, id);
	if (rep->ping->payload.len != sizeof want || memcmp(rep->ping->payload.data, want, sizeof want) != 0) {
		fprintf(stderr, "lokmin-bench: request %" PRIu64 ": echoed payload differs (%zu bytes)\n", id,
		        rep->ping->payload.len);
		return -1;
	}
	return 0;
}

/* Encoded size of a Ping request with id, as lk_conn sends it. */
static size_t s_request_size(uint64_t id)
{
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__PingRequest ping = LOKMIN__PING_REQUEST__INIT;
	uint8_t pay[S_PAYLOAD], *buf;
	size_t len;

	s_payload_fill(pay, id);
	ping.payload.data = pay;
	ping.payload.len = sizeof pay;
	req.version = LK_PROTOCOL_VERSION;
	req.id = id;
	req.body_case = LOKMIN__REQUEST__BODY_PING;
	req.ping = &ping;
	if (lk_request_encode(&req, &buf, &len) != 0)
		return 0;
	free(buf);
	return len;
}

/* ---------------------------------------------------------------- through lokmind */

/* n round trips one at a time with lk_conn_call; lat may be NULL (warm-up). */
static int s_lokmind_sync(lk_conn *c, uint64_t first_id, uint64_t n, uint64_t *lat, uint64_t *elapsed)
{
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__PingRequest ping = LOKMIN__PING_REQUEST__INIT;
	uint8_t pay[S_PAYLOAD];
	uint64_t t0 = bench_now_ns();

	ping.payload.data = pay;
	ping.payload.len = sizeof pay;
	req.body_case = LOKMIN__REQUEST__BODY_PING;
	req.ping = &ping;
	for (uint64_t i = 0; i < n; i++) {
		Lokmin__Reply *rep = NULL;
		if (bench_interrupted)
			return s_interrupted();
		req.id = first_id + i;
		s_payload_fill(pay, req.id);
		uint64_t ts = bench_now_ns();
		int rc = lk_conn_call(c, &req, BENCH_REPLY_TIMEOUT_MS, &rep);
		uint64_t te = bench_now_ns();
		if (rc != 0 && rep == NULL) {
			fprintf(stderr, "lokmin-bench: ping %" PRIu64 ": %s\n", req.id, lk_conn_error(c));
			return -1;
		}
		rc = s_ping_check(rep, req.id);
		lk_reply_free(rep);
		if (rc != 0)
			return -1;
		if (lat)
			lat[i] = te - ts;
	}
	*elapsed = bench_now_ns() - t0;
	return 0;
}

/* n round trips keeping k outstanding: a new request goes out as each reply comes in. */
static int s_lokmind_pipe(lk_conn *c, uint64_t first_id, uint64_t k, struct s_run *r, uint64_t *elapsed)
{
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__PingRequest ping = LOKMIN__PING_REQUEST__INIT;
	uint8_t pay[S_PAYLOAD];
	uint64_t sent = 0, done = 0, t0 = bench_now_ns();

	ping.payload.data = pay;
	ping.payload.len = sizeof pay;
	req.body_case = LOKMIN__REQUEST__BODY_PING;
	req.ping = &ping;
	memset(r->got, 0, r->n);
	while (done < r->n) {
		Lokmin__Reply *rep = NULL;
		if (bench_interrupted)
			return s_interrupted();
		while (sent < r->n && sent - done < k) {
			req.id = first_id + sent;
			s_payload_fill(pay, req.id);
			r->sent_at[sent] = bench_now_ns();
			if (lk_conn_send(c, &req) != 0) {
				fprintf(stderr, "lokmin-bench: ping %" PRIu64 ": %s\n", req.id, lk_conn_error(c));
				return -1;
			}
			sent++;
		}
		int rc = lk_conn_recv(c, BENCH_REPLY_TIMEOUT_MS, &rep);
		uint64_t te = bench_now_ns();
		if (rc != 0) {
			fprintf(stderr, "lokmin-bench: after %" PRIu64 " of %" PRIu64 " replies (%" PRIu64 " in flight): %s\n",
			        done, r->n, sent - done, lk_conn_error(c));
			return -1;
		}
		uint64_t i = rep->id - first_id;
		if (rep->status == 0 && (rep->id < first_id || i >= sent || r->got[i])) {
			fprintf(stderr, "lokmin-bench: unexpected or repeated reply id %" PRIu64 "\n", rep->id);
			lk_reply_free(rep);
			return -1;
		}
		rc = s_ping_check(rep, rep->id);
		lk_reply_free(rep);
		if (rc != 0)
			return -1;
		r->got[i] = 1;
		r->lat[i] = te - r->sent_at[i];
		done++;
	}
	*elapsed = bench_now_ns() - t0;
	return 0;
}

/* ---------------------------------------------------------------- raw libzmq */

static void *s_echo_main(void *arg)
{
	struct s_echo *e = arg;

	for (;;) {
		zmq_msg_t id, body;
		zmq_msg_init(&id);
		zmq_msg_init(&body);
		/* ETERM from zmq_ctx_shutdown is the way out; signals are blocked in this thread. */
		if (zmq_msg_recv(&id, e->sock, 0) < 0 || zmq_msg_recv(&body, e->sock, 0) < 0) {
			zmq_msg_close(&id);
			zmq_msg_close(&body);
			if (errno == ETERM)
				break;
			continue;
		}
		if (zmq_msg_send(&id, e->sock, ZMQ_SNDMORE) < 0 || zmq_msg_send(&body, e->sock, 0) < 0) {
			zmq_msg_close(&id);
			zmq_msg_close(&body);
			if (errno == ETERM)
				break;
		}
	}
	zmq_close(e->sock);
	return NULL;
}

static int s_echo_start(struct s_echo *e)
{
	lk_curve_pair kp;
	size_t len = sizeof e->endpoint;
	sigset_t all, old;
	int one = 1, rc;

	memset(e, 0, sizeof *e);
	if (lk_curve_generate(&kp) != 0) {
		fprintf(stderr, "lokmin-bench: cannot generate the echo's CURVE key\n");
		return -1;
	}
	memcpy(e->server_pub, kp.public_z85, sizeof e->server_pub);
	/* A context of its own, as the echo would have in another process. */
	e->ctx = zmq_ctx_new();
	e->sock = e->ctx ? zmq_socket(e->ctx, ZMQ_ROUTER) : NULL;
	rc = e->sock == NULL || lk_zmq_apply_limits(e->sock, &s_limits) != 0 ||
	     zmq_setsockopt(e->sock, ZMQ_CURVE_SERVER, &one, sizeof one) != 0 ||
	     zmq_setsockopt(e->sock, ZMQ_CURVE_SECRETKEY, kp.secret_z85, 40) != 0 ||
	     lk_zmq_set_int(e->sock, ZMQ_ROUTER_MANDATORY, 1) != 0 ||
	     zmq_bind(e->sock, "tcp://127.0.0.1:*") != 0 ||
	     zmq_getsockopt(e->sock, ZMQ_LAST_ENDPOINT, e->endpoint, &len) != 0;
	lk_curve_wipe(&kp);
	if (rc) {
		fprintf(stderr, "lokmin-bench: cannot set up the raw echo: %s\n", zmq_strerror(errno));
		return -1;
	}
	/* Signals belong to the main thread, so the echo never sees EINTR mid-message. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&e->thread, NULL, s_echo_main, e);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		fprintf(stderr, "lokmin-bench: cannot start the echo thread: %s\n", strerror(rc));
		return -1;
	}
	e->running = 1;
	return 0;
}

static void s_echo_stop(struct s_echo *e)
{
	if (e->ctx == NULL)
		return;
	zmq_ctx_shutdown(e->ctx);
	if (e->running)
		pthread_join(e->thread, NULL);
	else if (e->sock)
		zmq_close(e->sock);
	zmq_ctx_term(e->ctx);
	memset(e, 0, sizeof *e);
}

/* A CURVE DEALER to the echo, set up as lk_conn sets up its socket. */
static void *s_raw_open(const struct s_echo *e, void **ctx)
{
	lk_curve_pair kp;
	void *sock = NULL;
	int bad;

	*ctx = NULL;
	if (lk_curve_generate(&kp) != 0) {
		fprintf(stderr, "lokmin-bench: cannot generate the raw client's CURVE key\n");
		return NULL;
	}
	*ctx = zmq_ctx_new();
	sock = *ctx ? zmq_socket(*ctx, ZMQ_DEALER) : NULL;
	bad = sock == NULL || lk_zmq_apply_limits(sock, &s_limits) != 0 ||
	      zmq_setsockopt(sock, ZMQ_CURVE_SERVERKEY, e->server_pub, 40) != 0 ||
	      zmq_setsockopt(sock, ZMQ_CURVE_PUBLICKEY, kp.public_z85, 40) != 0 ||
	      zmq_setsockopt(sock, ZMQ_CURVE_SECRETKEY, kp.secret_z85, 40) != 0 ||
	      lk_zmq_set_int(sock, ZMQ_RCVTIMEO, BENCH_REPLY_TIMEOUT_MS) != 0 ||
	      zmq_connect(sock, e->endpoint) != 0;
	lk_curve_wipe(&kp);
	if (bad) {
		fprintf(stderr, "lokmin-bench: cannot connect to the raw echo: %s\n", zmq_strerror(errno));
		if (sock)
			zmq_close(sock);
		if (*ctx)
			zmq_ctx_term(*ctx);
		*ctx = NULL;
		return NULL;
	}
	return sock;
}

static void s_raw_close(void **sock, void **ctx)
{
	if (*sock)
		zmq_close(*sock);
	if (*ctx)
		zmq_ctx_term(*ctx);
	*sock = *ctx = NULL;
}

/* The counter first, then a pattern: same length as the Ping request, checkable end to end. */
static void s_raw_fill(uint8_t *m, size_t len, uint64_t counter)
{
	memcpy(m, &counter, sizeof counter);
	for (size_t j = sizeof counter; j < len; j++)
		m[j] = (uint8_t)(j * 31 + 7);
}

/* Receive one echo, check it byte for byte and give its counter; -1 on timeout or a wrong echo. */
static int s_raw_recv(void *sock, uint8_t *want, size_t len, uint64_t *counter)
{
	zmq_msg_t m;
	int rc = -1;

	zmq_msg_init(&m);
	while (zmq_msg_recv(&m, sock, 0) < 0) {
		if (errno != EINTR || bench_interrupted) {
			if (errno == EAGAIN)
				fprintf(stderr, "lokmin-bench: the raw echo did not answer within %d ms\n",
				        BENCH_REPLY_TIMEOUT_MS);
			else if (bench_interrupted)
				s_interrupted();
			else
				fprintf(stderr, "lokmin-bench: raw receive: %s\n", zmq_strerror(errno));
			zmq_msg_close(&m);
			return -1;
		}
	}
	if (zmq_msg_size(&m) == len) {
		memcpy(counter, zmq_msg_data(&m), sizeof *counter);
		s_raw_fill(want, len, *counter);
		rc = memcmp(zmq_msg_data(&m), want, len) == 0 ? 0 : -1;
	}
	if (rc != 0)
		fprintf(stderr, "lokmin-bench: the raw echo returned a different message (%zu bytes)\n",
		        zmq_msg_size(&m));
	zmq_msg_close(&m);
	return rc;
}

static int s_raw_send(void *sock, uint8_t *m, size_t len, uint64_t counter)
{
	s_raw_fill(m, len, counter);
	while (zmq_send(sock, m, len, 0) < 0) {
		if (errno != EINTR || bench_interrupted) {
			fprintf(stderr, "lokmin-bench: raw send: %s\n", bench_interrupted ? "interrupted" : zmq_strerror(errno));
			return -1;
		}
	}
	return 0;
}

static int s_raw_sync(void *sock, size_t len, uint64_t first, uint64_t n, uint64_t *lat, uint64_t *elapsed)
{
	uint8_t *out = malloc(len), *in = malloc(len);
	uint64_t t0 = bench_now_ns(), got;
	int rc = -1;

	if (out == NULL || in == NULL)
		goto out;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t ts = bench_now_ns();
		if (s_raw_send(sock, out, len, first + i) != 0 || s_raw_recv(sock, in, len, &got) != 0)
			goto out;
		uint64_t te = bench_now_ns();
		if (got != first + i) {
			fprintf(stderr, "lokmin-bench: raw echo %" PRIu64 " where %" PRIu64 " was expected\n", got, first + i);
			goto out;
		}
		if (lat)
			lat[i] = te - ts;
	}
	*elapsed = bench_now_ns() - t0;
	rc = 0;
out:
	free(out);
	free(in);
	return rc;
}

static int s_raw_pipe(void *sock, size_t len, uint64_t first, uint64_t k, struct s_run *r, uint64_t *elapsed)
{
	uint8_t *out = malloc(len), *in = malloc(len);
	uint64_t sent = 0, done = 0, t0 = bench_now_ns(), got;
	int rc = -1;

	if (out == NULL || in == NULL)
		goto out;
	memset(r->got, 0, r->n);
	while (done < r->n) {
		while (sent < r->n && sent - done < k) {
			r->sent_at[sent] = bench_now_ns();
			if (s_raw_send(sock, out, len, first + sent) != 0)
				goto out;
			sent++;
		}
		if (s_raw_recv(sock, in, len, &got) != 0)
			goto out;
		uint64_t te = bench_now_ns(), i = got - first;
		if (got < first || i >= sent || r->got[i]) {
			fprintf(stderr, "lokmin-bench: unexpected or repeated raw echo %" PRIu64 "\n", got);
			goto out;
		}
		r->got[i] = 1;
		r->lat[i] = te - r->sent_at[i];
		done++;
	}
	*elapsed = bench_now_ns() - t0;
	rc = 0;
out:
	free(out);
	free(in);
	return rc;
}

/* ---------------------------------------------------------------- report */

static void s_row(const char *mode, const char *path, const struct bench_figures *f)
{
	printf("%-10s %-8s %12.0f %10.1f %10.1f\n", mode, path, f->rate, f->p50_us, f->p99_us);
}

static void s_report(const struct s_opts *o, const struct bench_figures fig[4])
{
	double sync_ratio = fig[1].p50_us > 0 ? fig[0].p50_us / fig[1].p50_us : 0;
	double pipe_ratio = fig[3].rate > 0 ? fig[2].rate / fig[3].rate : 0;

	printf("\n%-10s %-8s %12s %10s %10s\n", "mode", "path", "rate/s", "p50 us", "p99 us");
	s_row("sync", "lokmind", &fig[0]);
	s_row("sync", "raw", &fig[1]);
	s_row("pipelined", "lokmind", &fig[2]);
	s_row("pipelined", "raw", &fig[3]);
	printf("\nsync p50 latency, lokmind / raw:      %.2fx\n", sync_ratio);
	printf("pipelined throughput, lokmind / raw:  %.2fx (K=%" PRIu64 ")\n", pipe_ratio, o->inflight);
	printf("aim: sync p50 within %.1fx raw; pipelined throughput >= %.1fx raw\n", S_AIM_SYNC, S_AIM_PIPE);
	printf("  sync p50 within %.1fx raw: %s\n", S_AIM_SYNC, sync_ratio <= S_AIM_SYNC ? "met" : "not met");
	printf("  pipelined throughput >= %.1fx raw: %s\n", S_AIM_PIPE, pipe_ratio >= S_AIM_PIPE ? "met" : "not met");
}

/* ---------------------------------------------------------------- command */

static void s_usage(FILE *out)
{
	fprintf(out,
	        "usage: lokmin-bench ping [--n N] [--inflight K] [--workers W] [--pg CONNINFO]\n"
	        "\n"
	        "Starts a lokmind of its own, enrolls puskesmas P3324010101 and times N Ping\n"
	        "round trips one at a time, then N with K in flight; the same against a raw\n"
	        "libzmq CURVE DEALER/ROUTER echo with messages of the same size.\n"
	        "\n"
	        "  --n N          round trips per mode (default 20000)\n"
	        "  --inflight K   requests outstanding in the pipelined mode (default 64)\n"
	        "  --workers W    lokmind worker threads (default 4, lokmind's own default)\n"
	        "  --pg CONNINFO  PostgreSQL to create the database in (default $LOKMIN_TEST_PG)\n"
	        "\n"
	        "Exits 0 whether or not the aims are met; 1 on an error reply, a timeout or a\n"
	        "setup failure; 2 on bad usage.\n");
}

static int s_parse(int argc, char **argv, struct s_opts *o)
{
	/* lk_conn's send high-water mark is 10000; --inflight stays well inside it. */
	const struct bench_opt opts[] = {
		{"n", BENCH_OPT_COUNT, &o->n, 1, 100000000, 0},
		{"inflight", BENCH_OPT_COUNT, &o->inflight, 1, 5000, 0},
		{"workers", BENCH_OPT_COUNT, &o->workers, 1, 256, 0},
		{"pg", BENCH_OPT_TEXT, &o->pg, 0, 0, 0},
	};
	o->n = 20000;
	o->inflight = 64;
	o->workers = 4;
	o->pg = NULL;
	int rc = bench_parse_opts(argc, argv, "ping", opts, sizeof opts / sizeof opts[0], s_usage);
	if (rc == 0 && o->inflight > o->n)
		o->inflight = o->n;
	return rc;
}

int bench_ping(int argc, char **argv)
{
	struct s_opts o;
	struct bench_site site;
	struct s_echo echo;
	struct s_run run;
	struct bench_figures fig[4];
	lk_conn *conn = NULL;
	void *raw = NULL, *rawctx = NULL;
	uint64_t elapsed, sync_id, pipe_id;
	size_t reqlen;
	int ok = 0, rc;

	if ((rc = s_parse(argc, argv, &o)) != 0)
		return rc < 0 ? BENCH_OK : rc;
	memset(&site, 0, sizeof site);
	memset(&echo, 0, sizeof echo);
	run.n = o.n;
	run.lat = calloc(o.n, sizeof *run.lat);
	run.sent_at = calloc(o.n, sizeof *run.sent_at);
	run.got = calloc(o.n, 1);
	if (run.lat == NULL || run.sent_at == NULL || run.got == NULL) {
		fprintf(stderr, "lokmin-bench: out of memory for %" PRIu64 " round trips\n", o.n);
		goto out;
	}
	sync_id = S_FIRST_ID + S_WARMUP;
	pipe_id = sync_id + o.n;
	/* Ids grow as varints, so take the size lokmind sees in the middle of the sync run. */
	reqlen = s_request_size(sync_id + o.n / 2);
	if (reqlen < sizeof(uint64_t)) {
		fprintf(stderr, "lokmin-bench: cannot encode a Ping request\n");
		goto out;
	}

	printf("lokmin-bench ping: %" PRIu64 " round trips per mode, %" PRIu64 " in flight when pipelined\n",
	       o.n, o.inflight);
	printf("  lokmind: %" PRIu64 " workers, CURVE + ZAP, loopback tcp; raw: libzmq %d.%d.%d CURVE DEALER -> "
	       "ROUTER echo thread, no ZAP\n",
	       o.workers, ZMQ_VERSION_MAJOR, ZMQ_VERSION_MINOR, ZMQ_VERSION_PATCH);
	printf("  request %zu bytes (%d-byte payload), raw messages the same size; %ld CPUs online; %d warm-up round trips per path\n",
	       reqlen, S_PAYLOAD, sysconf(_SC_NPROCESSORS_ONLN), S_WARMUP);
	fflush(stdout);

	if (bench_site_up(&site, o.pg, (int)o.workers) != 0 ||
	    bench_site_client(&site, "p3324010101", "puskesmas", "P3324010101", &conn) != 0)
		goto out;
	if (s_echo_start(&echo) != 0 || (raw = s_raw_open(&echo, &rawctx)) == NULL)
		goto out;

	if (s_lokmind_sync(conn, S_FIRST_ID, S_WARMUP, NULL, &elapsed) != 0 ||
	    s_raw_sync(raw, reqlen, S_FIRST_ID, S_WARMUP, NULL, &elapsed) != 0)
		goto out;
	/* Each lokmind run is followed at once by its raw twin, so drift on the machine hits both alike. */
	if (s_lokmind_sync(conn, sync_id, o.n, run.lat, &elapsed) != 0)
		goto out;
	bench_figures_compute(&fig[0], run.lat, o.n, elapsed);
	if (s_raw_sync(raw, reqlen, sync_id, o.n, run.lat, &elapsed) != 0)
		goto out;
	bench_figures_compute(&fig[1], run.lat, o.n, elapsed);
	if (s_lokmind_pipe(conn, pipe_id, o.inflight, &run, &elapsed) != 0)
		goto out;
	bench_figures_compute(&fig[2], run.lat, o.n, elapsed);
	if (s_raw_pipe(raw, reqlen, pipe_id, o.inflight, &run, &elapsed) != 0)
		goto out;
	bench_figures_compute(&fig[3], run.lat, o.n, elapsed);
	s_report(&o, fig);
	ok = 1;
out:
	lk_conn_destroy(&conn);
	s_raw_close(&raw, &rawctx);
	s_echo_stop(&echo);
	if (bench_site_down(&site, ok) != 0)
		ok = 0;
	free(run.lat);
	free(run.sent_at);
	free(run.got);
	return ok ? BENCH_OK : BENCH_FAIL;
}
