/* test_instances: two lokmind on one database and one key: a client with both fails over and back, an
 * enrollment or a revocation on one holds on the other at once, and writers on both leave no gap in the log. */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zmq.h>

#include "engine.h"
#include "lk_error.h"
#include "lk_util.h"
#include "lkt.h"

static struct lkt_server s_a, s_b, s_both;

static void s_setup(void)
{
	cr_assert_eq(lkt_server_pair(&s_a, &s_b, &s_both, 2), 0);
}

static void s_teardown(void)
{
	lkt_server_pair_fini(&s_a, &s_b);
}

TestSuite(instances, .init = s_setup, .fini = s_teardown, .timeout = 240);

static long long s_num(const char *sql)
{
	long long n = lkt_sql_num(&s_a.db, sql);
	cr_assert_neq(n, LLONG_MIN, "%s", sql);
	return n;
}

/* `lokmin ARGS` in home must succeed. */
static void s_ok(const char *home, const char *const *args)
{
	char *out = NULL, *err = NULL;
	int rc = lkt_lokmin(home, &out, &err, args);
	cr_assert_eq(rc, 0, "lokmin %s: %s%s", args[0], out ? out : "", err ? err : "");
	free(out);
	free(err);
}

Test(instances, a_client_fails_over_and_back)
{
	char home[400];
	lkt_home(&s_a, "pkm", home, sizeof home);
	cr_assert_eq(lkt_enroll(&s_both, home, "puskesmas", "P3324010101"), 0);
	const char *plan[] = {"meeting", "plan", "--year", "2026", NULL};
	const char *sync[] = {"sync", NULL};
	s_ok(home, plan);
	s_ok(home, sync);
	cr_assert_eq(s_num("SELECT count(*) FROM meeting WHERE year = 2026"), 12);
	/* Requests went to both: each next one to the next instance. */
	cr_assert(lkt_log_count(&s_a, " type=") > 0 && lkt_log_count(&s_b, " type=") > 0,
	          "a: %d, b: %d requests", lkt_log_count(&s_a, " type="), lkt_log_count(&s_b, " type="));

	/* a dies: the client carries on through b alone. */
	cr_assert_eq(lkt_server_stop(&s_a, SIGKILL, 5000), 128 + SIGKILL);
	int b_before = lkt_log_count(&s_b, " type=push");
	const char *plan27[] = {"meeting", "plan", "--year", "2027", NULL};
	s_ok(home, plan27);
	s_ok(home, sync);
	cr_assert_eq(s_num("SELECT count(*) FROM meeting WHERE year = 2027"), 12);
	cr_assert(lkt_log_count(&s_b, " type=push") > b_before, "b took the push");

	/* a comes back and b dies: the client goes back to a. */
	cr_assert_eq(lkt_server_start(&s_a), 0);
	usleep(300 * 1000); /* the client's reconnect interval is at most 5 s; it starts at 100 ms */
	cr_assert_eq(lkt_server_stop(&s_b, SIGKILL, 5000), 128 + SIGKILL);
	int a_before = lkt_log_count(&s_a, " type=push");
	const char *plan28[] = {"meeting", "plan", "--year", "2028", NULL};
	s_ok(home, plan28);
	s_ok(home, sync);
	cr_assert_eq(s_num("SELECT count(*) FROM meeting WHERE year = 2028"), 12);
	cr_assert(lkt_log_count(&s_a, " type=push") > a_before, "a took the push");
	cr_assert_eq(lkt_server_start(&s_b), 0);
	/* Every op once: 36 meetings, each written once (rev 1), each op recorded once. */
	cr_assert_eq(s_num("SELECT count(*) FROM meeting WHERE rev = 1"), 36);
	cr_assert_eq(s_num("SELECT count(*) FROM applied_op WHERE entity = 'meeting'"), 36);
}

/* A ping through e: 0 when answered. */
static int s_engine_ping(struct lk_engine *e)
{
	Lokmin__Request r = LOKMIN__REQUEST__INIT;
	Lokmin__PingRequest ping = LOKMIN__PING_REQUEST__INIT;
	Lokmin__Reply *rep = NULL;
	r.body_case = LOKMIN__REQUEST__BODY_PING;
	r.ping = &ping;
	int rc = lk_engine_call(e, &r, &rep);
	if (rc == 0 && rep->status != 0)
		rc = -1;
	lk_reply_free(rep);
	return rc;
}

/* Ping through e until one is answered, for up to 10 s; the failures on the way. -1 when none was. */
static int s_until_answered(struct lk_engine *e)
{
	uint64_t t0 = lk_mono_us();
	int failed = 0;
	while (s_engine_ping(e) != 0) {
		failed++;
		if (lk_mono_us() - t0 > 10000000)
			return -1;
		usleep(50 * 1000);
	}
	return failed;
}

Test(instances, one_connection_carries_on_as_instances_die_and_return)
{
	char home[400];
	struct lk_engine e;
	lkt_home(&s_a, "ui", home, sizeof home);
	cr_assert_eq(lkt_enroll(&s_both, home, "dinkes", "3324"), 0);
	memset(&e, 0, sizeof e);
	lk_strlcpy(e.home, home, sizeof e.home);
	cr_assert_eq(lk_engine_open(&e), 0, "%s", lk_engine_error(&e));
	cr_assert(strchr(e.prof.endpoint, ','), "the profile names both: %s", e.prof.endpoint);
	e.timeout_ms = 2000;
	for (int i = 0; i < 10; i++)
		cr_assert_eq(s_engine_ping(&e), 0, "%s", lk_engine_error(&e));
	int a0 = lkt_log_count(&s_a, "type=ping"), b0 = lkt_log_count(&s_b, "type=ping");
	cr_assert(a0 > 0 && b0 > 0, "pings went to both: a %d, b %d", a0, b0);

	/* The same connection, a killed: what was in flight to a is lost, then b answers everything. */
	cr_assert_eq(lkt_server_stop(&s_a, SIGKILL, 5000), 128 + SIGKILL);
	int lost = s_until_answered(&e);
	cr_assert(lost >= 0, "no answer after a died: %s", lk_engine_error(&e));
	for (int i = 0; i < 10; i++)
		cr_assert_eq(s_engine_ping(&e), 0, "%s", lk_engine_error(&e));
	cr_log_info("a killed: %d ping(s) failed before b answered", lost);

	/* a back, b killed: the connection returns to a. */
	cr_assert_eq(lkt_server_start(&s_a), 0);
	int a1 = lkt_log_count(&s_a, "type=ping");
	uint64_t t0 = lk_mono_us();
	while (lkt_log_count(&s_a, "type=ping") == a1 && lk_mono_us() - t0 < 8000000)
		s_engine_ping(&e); /* round robin: a gets its share once it is up again */
	cr_assert(lkt_log_count(&s_a, "type=ping") > a1, "the connection never went back to a");
	cr_assert_eq(lkt_server_stop(&s_b, SIGKILL, 5000), 128 + SIGKILL);
	lost = s_until_answered(&e);
	cr_assert(lost >= 0, "no answer after b died: %s", lk_engine_error(&e));
	for (int i = 0; i < 10; i++)
		cr_assert_eq(s_engine_ping(&e), 0, "%s", lk_engine_error(&e));
	lk_engine_close(&e);
	cr_assert_eq(lkt_server_start(&s_b), 0);
}

/* A connection to s alone with home's device key; pings on it answer with their status. */
struct pinger {
	void *ctx, *d;
	uint64_t id;
};

static void s_pinger(struct pinger *p, struct lkt_server *s, const char *home)
{
	lk_curve_pair kp;
	cr_assert_eq(lkt_home_keys(home, &kp), 0);
	p->ctx = zmq_ctx_new();
	p->d = lkt_dealer(p->ctx, s, &kp);
	p->id = 1;
}

/* The status of a ping's reply, or -1 when none came within 2 s (the handshake refused). */
static int s_ping(struct pinger *p)
{
	Lokmin__Reply *rep = NULL;
	Lokmin__Request r = LOKMIN__REQUEST__INIT;
	Lokmin__PingRequest ping = LOKMIN__PING_REQUEST__INIT;
	r.version = LK_PROTOCOL_VERSION;
	r.id = p->id++;
	r.body_case = LOKMIN__REQUEST__BODY_PING;
	r.ping = &ping;
	cr_assert_eq(lkt_send(p->d, &r), 0);
	int status = lkt_recv(p->d, 2000, &rep) == 0 ? (int)rep->status : -1;
	lk_reply_free(rep);
	return status;
}

static void s_pinger_close(struct pinger *p)
{
	zmq_close(p->d);
	zmq_ctx_term(p->ctx);
}

Test(instances, enrollment_and_revocation_on_one_hold_on_the_other_at_once)
{
	char home[400], id[37];
	struct pinger pa, pb;
	lkt_home(&s_a, "dinkes", home, sizeof home);
	/* Enrolled through a alone, at once known to b. */
	cr_assert_eq(lkt_enroll(&s_a, home, "dinkes", "3324"), 0);
	s_pinger(&pb, &s_b, home);
	cr_assert_eq(s_ping(&pb), 0, "b does not know the device enrolled through a");
	s_pinger(&pa, &s_a, home);
	cr_assert_eq(s_ping(&pa), 0);
	cr_assert_eq(lkt_device_id(home, id), 0);

	/* Revoked with an admin command on the shared database: both refuse it on their open connections
	 * within a second. */
	const char *revoke[] = {"device", "revoke", id, NULL};
	cr_assert_eq(lkt_lokmind(&s_b, NULL, NULL, revoke), 0);
	uint64_t t0 = lk_mono_us(), took[2] = {0, 0};
	struct pinger *ps[2] = {&pa, &pb};
	for (int k = 0; k < 2; k++) {
		while (s_ping(ps[k]) == 0 && lk_mono_us() - t0 < 3000000)
			usleep(5 * 1000);
		took[k] = lk_mono_us() - t0;
		cr_assert_eq(s_ping(ps[k]), LK_EREVOKED, "instance %c still serves the revoked device", "ab"[k]);
	}
	cr_assert(took[0] < 1000000 && took[1] < 1000000, "refused after %llu us (a) and %llu us (b)",
	          (unsigned long long)took[0], (unsigned long long)took[1]);
	cr_log_info("revocation held on a after %llu us, on b after %llu us", (unsigned long long)took[0],
	            (unsigned long long)took[1]);
	s_pinger_close(&pa);
	s_pinger_close(&pb);
}

Test(instances, writers_on_both_leave_no_gap_in_the_change_log)
{
	enum { ROUNDS = 4 };
	char home_a[400], home_b[400];
	lkt_home(&s_a, "writer-a", home_a, sizeof home_a);
	lkt_home(&s_a, "writer-b", home_b, sizeof home_b);
	cr_assert_eq(lkt_enroll(&s_a, home_a, "puskesmas", "P3324010101"), 0);
	cr_assert_eq(lkt_enroll(&s_b, home_b, "puskesmas", "P3324010102"), 0);
	long long before = s_num("SELECT coalesce(max(seq), 0) FROM change_log WHERE kabupaten_code = '3324'");
	for (int r = 0; r < ROUNDS; r++) {
		char year[8];
		snprintf(year, sizeof year, "%d", 2030 + r);
		const char *plan[] = {"meeting", "plan", "--year", year, NULL};
		s_ok(home_a, plan);
		s_ok(home_b, plan);
		/* Both push at once, one through each instance. */
		pid_t p = fork();
		cr_assert(p >= 0);
		if (p == 0) {
			const char *sync[] = {"sync", NULL};
			_exit(lkt_lokmin(home_a, NULL, NULL, sync) == 0 ? 0 : 1);
		}
		const char *sync[] = {"sync", NULL};
		cr_assert_eq(lkt_lokmin(home_b, NULL, NULL, sync), 0);
		int st;
		cr_assert_eq(waitpid(p, &st, 0), p);
		cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the sync through a failed");
	}
	char sql[300];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM change_log WHERE kabupaten_code = '3324' AND seq > %lld", before);
	long long n = s_num(sql);
	snprintf(sql, sizeof sql, "SELECT max(seq) - %lld FROM change_log WHERE kabupaten_code = '3324'", before);
	long long span = s_num(sql);
	cr_assert_eq(n, 2 * 12 * ROUNDS, "%lld changes logged", n);
	cr_assert_eq(span, n, "seq %lld..%lld holds %lld changes: a gap", before + 1, before + span, n);
}

/* GET path from 127.0.0.1:port over HTTP/1.0: the whole response, malloc'd. */
static char *s_http_get(int port, const char *path)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0, "metrics endpoint on port %d", port);
	char req[128];
	int n = snprintf(req, sizeof req, "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", path);
	cr_assert_eq(write(fd, req, (size_t)n), n);
	size_t len = 0, cap = 1 << 16;
	char *buf = malloc(cap);
	ssize_t r;
	while ((r = read(fd, buf + len, cap - len - 1)) > 0)
		if ((len += (size_t)r) + 1 >= cap)
			buf = realloc(buf, cap *= 2);
	buf[len] = '\0';
	close(fd);
	return buf;
}

/* The value of the metric line that starts with name (labels included), or -1. */
static double s_metric(const char *text, const char *name)
{
	char pat[128];
	snprintf(pat, sizeof pat, "\n%s ", name);
	const char *p = strstr(text, pat);
	return p ? atof(p + strlen(pat)) : -1;
}

Test(instances, status_lists_the_instances_and_the_metrics_answer)
{
	char home[400], *out = NULL, *err = NULL, env[64];
	int port = lkt_free_port();
	/* b again, with its metrics on a local port. */
	cr_assert_eq(lkt_server_stop(&s_b, SIGTERM, 10000), 0);
	snprintf(env, sizeof env, "LOKMIN_METRICS_BIND=127.0.0.1:%d", port);
	cr_assert_eq(lkt_server_setenv(&s_b, env), 0);
	cr_assert_eq(lkt_server_start(&s_b), 0);
	cr_assert_eq(lkt_log_wait(&s_b, "metrics on http://127.0.0.1:", 1, 5000), 1);

	const char *status[] = {"status", "--json", NULL};
	uint64_t t0 = lk_mono_us();
	int up = 0;
	for (;;) { /* each instance writes its row when it starts, then every 5 s */
		cr_assert_eq(lkt_lokmind(&s_a, &out, &err, status), 0, "%s", err);
		free(err);
		up = 0;
		for (const char *p = out; (p = strstr(p, "\"up\":true")) != NULL; p++)
			up++;
		if (up == 2 || lk_mono_us() - t0 > 3000000)
			break;
		free(out);
		usleep(100 * 1000);
	}
	cr_assert(strstr(out, "\"role\":\"primary\""), "%s", out);
	cr_assert(strstr(out, "\"standbys\":[]"), "%s", out);
	cr_assert_eq(up, 2, "two instances up: %s", out);
	char bind_b[96];
	snprintf(bind_b, sizeof bind_b, "\"bind\":\"%s\"", s_b.endpoint);
	cr_assert(strstr(out, bind_b), "b is listed: %s", out);
	free(out);

	/* Pings through b, then its metrics. */
	lkt_home(&s_a, "watched", home, sizeof home);
	cr_assert_eq(lkt_enroll(&s_a, home, "dinkes", "3324"), 0);
	struct pinger pb;
	s_pinger(&pb, &s_b, home);
	for (int i = 0; i < 5; i++)
		cr_assert_eq(s_ping(&pb), 0);
	char *m = s_http_get(port, "/metrics");
	cr_assert(strstr(m, "HTTP/1.0 200") || strstr(m, "HTTP/1.1 200"), "%s", m);
	cr_assert(strstr(m, "text/plain; version=0.0.4"), "%s", m);
	cr_assert_geq(s_metric(m, "lokmind_requests_total{type=\"ping\"}"), 5, "%s", m);
	cr_assert_geq(s_metric(m, "lokmind_connections"), 1, "%s", m);
	cr_assert_eq(s_metric(m, "lokmind_database_up"), 1, "%s", m);
	cr_assert_eq(s_metric(m, "lokmind_database_in_recovery"), 0, "%s", m);
	cr_assert_eq(s_metric(m, "lokmind_queue_depth"), 0, "%s", m);
	free(m);
	m = s_http_get(port, "/other");
	cr_assert(strstr(m, " 404 "), "%s", m);
	free(m);
	s_pinger_close(&pb);

	/* A clean stop takes b's row away. */
	cr_assert_eq(lkt_server_stop(&s_b, SIGTERM, 10000), 0);
	const char *text[] = {"status", NULL};
	cr_assert_eq(lkt_lokmind(&s_a, &out, &err, text), 0, "%s", err);
	cr_assert(strstr(out, "database: primary"), "%s", out);
	cr_assert(strstr(out, "lokmind instances: 1 up"), "%s", out);
	cr_assert_null(strstr(out, s_b.endpoint), "%s", out);
	free(out);
	free(err);
	cr_assert_eq(lkt_server_start(&s_b), 0);
}
