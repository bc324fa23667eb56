/* test_lifecycle: graceful SIGTERM, unreachable or silent servers, pipelining, configuration checks. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zmq.h>

#include <libpq-fe.h>

#include "lk_error.h"
#include "lk_util.h"
#include "lkt.h"

static struct lkt_server s_srv;
static char s_home[400];

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 2), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "pkm", s_home, sizeof s_home);
	cr_assert_eq(lkt_enroll(&s_srv, s_home, "puskesmas", "P3324010101"), 0);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(lifecycle, .init = s_setup, .fini = s_teardown, .timeout = 120);

struct bg_run {
	const char *home;
	int rc;
	char *out, *err;
};

static void *s_whoami_thread(void *arg)
{
	struct bg_run *b = arg;
	const char *who[] = {"--timeout", "30s", "whoami", NULL};
	b->rc = lkt_lokmin(b->home, &b->out, &b->err, who);
	return NULL;
}

static PGconn *s_pg(void)
{
	PGconn *pg = PQconnectdb(s_srv.db.conninfo);
	cr_assert_eq(PQstatus(pg), CONNECTION_OK);
	return pg;
}

static int s_waiting_on_lock(PGconn *pg)
{
	PGresult *r = PQexec(pg, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'lokmind' "
	                         "AND wait_event_type = 'Lock'");
	int n = PQresultStatus(r) == PGRES_TUPLES_OK ? atoi(PQgetvalue(r, 0, 0)) : -1;
	PQclear(r);
	return n;
}

Test(lifecycle, sigterm_finishes_the_request_in_flight_and_exits_0)
{
	PGconn *locker = s_pg(), *watcher = s_pg();
	struct bg_run b = {.home = s_home};
	pthread_t t;
	int st;

	/* Hold a lock that whoami needs, so the request is in flight when SIGTERM arrives. */
	PQclear(PQexec(locker, "BEGIN"));
	PGresult *r = PQexec(locker, "LOCK TABLE kabupaten IN ACCESS EXCLUSIVE MODE");
	cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK);
	PQclear(r);
	cr_assert_eq(pthread_create(&t, NULL, s_whoami_thread, &b), 0);
	int waited = 0;
	while (s_waiting_on_lock(watcher) < 1 && waited++ < 500)
		usleep(10000);
	cr_assert(waited < 500, "the request never reached the database");

	cr_assert_eq(kill(s_srv.pid, SIGTERM), 0);
	usleep(500000);
	cr_assert_eq(waitpid(s_srv.pid, &st, WNOHANG), 0, "lokmind exited with a request in flight");
	/* A request arriving now is refused at once, under its own id. */
	lk_curve_pair kp;
	void *ctx = zmq_ctx_new();
	cr_assert_eq(lkt_home_keys(s_home, &kp), 0);
	void *d = lkt_dealer(ctx, &s_srv, &kp);
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__PingRequest ping = LOKMIN__PING_REQUEST__INIT;
	Lokmin__Reply *rep = NULL;
	req.version = LK_PROTOCOL_VERSION;
	req.id = 4242;
	req.body_case = LOKMIN__REQUEST__BODY_PING;
	req.ping = &ping;
	cr_assert_eq(lkt_send(d, &req), 0);
	cr_assert_eq(lkt_recv(d, 5000, &rep), 0);
	cr_assert_str_eq(rep->error_name, "SHUTTING_DOWN");
	cr_assert_eq(rep->id, 4242);
	lk_reply_free(rep);
	zmq_close(d);
	zmq_ctx_term(ctx);
	PQclear(PQexec(locker, "COMMIT"));

	pthread_join(t, NULL);
	cr_assert_eq(b.rc, 0, "the in-flight request failed: %s", b.err);
	cr_assert(strstr(b.out, "P3324010101"), "%s", b.out);
	int status = lkt_server_stop(&s_srv, 0, 10000);
	cr_assert_eq(status, 0, "exit status %d", status);
	cr_assert_eq(lkt_log_count(&s_srv, "shutting down: 1 in flight"), 1);
	cr_assert_eq(lkt_log_count(&s_srv, "type=whoami"), 1, "one log line for the request");
	free(b.out);
	free(b.err);
	PQfinish(locker);
	PQfinish(watcher);
}

Test(lifecycle, unreachable_server_gives_a_clear_message_within_5s)
{
	char *out = NULL, *err = NULL;
	cr_assert_eq(lkt_server_stop(&s_srv, SIGTERM, 10000), 0);
	const char *ping[] = {"ping", NULL};
	uint64_t t0 = lk_mono_us();
	cr_assert_eq(lkt_lokmin(s_home, &out, &err, ping), 1);
	double secs = (double)(lk_mono_us() - t0) / 1e6;
	cr_assert(secs < 7.0, "took %.1f s", secs);
	cr_assert(strstr(err, "cannot reach lokmind"), "%s", err);
	cr_log_info("unreachable reported after %.2f s", secs);
	free(out);
	free(err);
}

/* A TCP listener that accepts and then says nothing. */
static void *s_silent_server(void *arg)
{
	int lfd = *(int *)arg;
	int fds[8], n = 0;
	while (n < 8) {
		int c = accept(lfd, NULL, NULL);
		if (c < 0)
			break;
		fds[n++] = c;
	}
	for (int i = 0; i < n; i++)
		close(fds[i]);
	return NULL;
}

Test(lifecycle, silent_server_does_not_hang_the_client)
{
	char *out = NULL, *err = NULL, prof[500], *text = NULL;
	struct sockaddr_in a;
	socklen_t alen = sizeof a;
	pthread_t t;
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(lfd, (struct sockaddr *)&a, sizeof a), 0);
	cr_assert_eq(listen(lfd, 8), 0);
	getsockname(lfd, (struct sockaddr *)&a, &alen);
	pthread_create(&t, NULL, s_silent_server, &lfd);

	/* Point the profile at the silent listener. */
	snprintf(prof, sizeof prof, "%s/profile", s_home);
	cr_assert_eq(lk_read_file(prof, &text, NULL), 0);
	char *ep = strstr(text, "endpoint = ");
	cr_assert_not_null(ep);
	char *nl = strchr(ep, '\n');
	FILE *f = fopen(prof, "w");
	fprintf(f, "%.*sendpoint = tcp://127.0.0.1:%d%s", (int)(ep - text), text, ntohs(a.sin_port), nl);
	fclose(f);
	free(text);

	const char *ping[] = {"ping", NULL};
	uint64_t t0 = lk_mono_us();
	cr_assert_eq(lkt_lokmin(s_home, &out, &err, ping), 1);
	double secs = (double)(lk_mono_us() - t0) / 1e6;
	cr_assert(secs < 7.0, "took %.1f s", secs);
	cr_assert(strstr(err, "did not answer within 5.0 s"), "%s", err);
	shutdown(lfd, SHUT_RDWR);
	close(lfd);
	pthread_join(t, NULL);
	free(out);
	free(err);
}

Test(lifecycle, many_requests_in_flight_on_one_connection)
{
	lk_curve_pair kp;
	void *ctx = zmq_ctx_new();
	cr_assert_eq(lkt_home_keys(s_home, &kp), 0);
	void *d = lkt_dealer(ctx, &s_srv, &kp);
	enum { N = 200 };
	int seen[N + 1] = {0};
	for (uint64_t i = 1; i <= N; i++) {
		Lokmin__Request r = LOKMIN__REQUEST__INIT;
		Lokmin__PingRequest p = LOKMIN__PING_REQUEST__INIT;
		char payload[32];
		int n = snprintf(payload, sizeof payload, "payload-%llu", (unsigned long long)i);
		p.payload.data = (uint8_t *)payload;
		p.payload.len = (size_t)n;
		r.version = LK_PROTOCOL_VERSION;
		r.id = i;
		r.body_case = LOKMIN__REQUEST__BODY_PING;
		r.ping = &p;
		cr_assert_eq(lkt_send(d, &r), 0);
	}
	for (int k = 0; k < N; k++) {
		Lokmin__Reply *rep;
		char want[32];
		cr_assert_eq(lkt_recv(d, 5000, &rep), 0, "reply %d missing", k);
		cr_assert_eq(rep->status, 0);
		cr_assert(rep->id >= 1 && rep->id <= N);
		cr_assert_eq(seen[rep->id], 0, "id %llu answered twice", (unsigned long long)rep->id);
		seen[rep->id] = 1;
		int n = snprintf(want, sizeof want, "payload-%llu", (unsigned long long)rep->id);
		cr_assert_eq(rep->ping->payload.len, (size_t)n);
		cr_assert_eq(memcmp(rep->ping->payload.data, want, (size_t)n), 0, "payload of another request");
		lk_reply_free(rep);
	}
	zmq_close(d);
	zmq_ctx_term(ctx);
}

Test(lifecycle, configuration_is_checked)
{
	char *out = NULL, *err = NULL;
	const char *ok[] = {"serve", "-n", NULL};
	cr_assert_eq(lkt_lokmind(&s_srv, &out, &err, ok), 0, "%s", err);
	cr_assert(strstr(out, "configuration OK"), "%s", out);
	free(out);
	free(err);
	const char *bad[] = {"serve", "-n", "--workers", "0", NULL};
	cr_assert_eq(lkt_lokmind(&s_srv, NULL, &err, bad), 2);
	cr_assert(strstr(err, "workers") && strstr(err, "outside"), "%s", err);
	free(err);
	const char *badlog[] = {"serve", "-n", "--log-level", "loud", NULL};
	cr_assert_eq(lkt_lokmind(&s_srv, NULL, &err, badlog), 2);
	cr_assert(strstr(err, "log_level"), "%s", err);
	free(err);
	/* A configuration file is read, and flags win over it. */
	char path[400];
	snprintf(path, sizeof path, "%s/lokmind.conf", s_srv.dir);
	FILE *f = fopen(path, "w");
	fprintf(f, "# test\nworkers = 7\nqueue_max = 100\nhwm = 1234\n");
	fclose(f);
	const char *dump[] = {"-c", path, "config", "--queue-max", "200", NULL};
	cr_assert_eq(lkt_lokmind(&s_srv, &out, NULL, dump), 0);
	cr_assert(strstr(out, "queue_max = 200"), "%s", out);
	cr_assert(strstr(out, "hwm = 1234"), "the file given before the command is read: %s", out);
	free(out);
	const char *dump_after[] = {"config", "-c", path, NULL};
	cr_assert_eq(lkt_lokmind(&s_srv, &out, NULL, dump_after), 0);
	cr_assert(strstr(out, "hwm = 1234"), "the file given after the command is read: %s", out);
	free(out);
	/* The environment sets LOKMIN_WORKERS=2, which wins over the file. */
	cr_assert_eq(lkt_lokmind(&s_srv, &out, NULL, dump), 0);
	cr_assert(strstr(out, "workers = 2"), "%s", out);
	free(out);
	/* keygen never silently replaces the server key. */
	const char *kg[] = {"keygen", NULL};
	cr_assert_eq(lkt_lokmind(&s_srv, NULL, &err, kg), 1);
	cr_assert(strstr(err, "--force"), "%s", err);
	free(err);
	/* keygen --dir writes a new pair elsewhere. */
	char kdir[400];
	snprintf(kdir, sizeof kdir, "%s/otherkeys", s_srv.dir);
	const char *kg2[] = {"keygen", "--dir", kdir, NULL};
	cr_assert_eq(lkt_lokmind(&s_srv, &out, NULL, kg2), 0);
	lk_curve_pair other;
	cr_assert_eq(lk_curve_load(&other, kdir, "server"), 0);
	free(out);
	/* A desa whose puskesmas lies in another kecamatan is refused, not "added". */
	const char *desa_bad[] = {"org", "add-desa", "3324012001", "Krajankulon", "--puskesmas", "P3324020101", NULL};
	cr_assert_eq(lkt_lokmind(&s_srv, NULL, &err, desa_bad), 1);
	free(err);
	const char *desa_ok[] = {"org", "add-desa", "3324012001", "Krajankulon", "--puskesmas", "P3324010101", NULL};
	cr_assert_eq(lkt_lokmind(&s_srv, NULL, NULL, desa_ok), 0);
	/* migrate on a current database is a no-op. */
	const char *mg[] = {"migrate", NULL};
	cr_assert_eq(lkt_lokmind(&s_srv, &out, NULL, mg), 0);
	cr_assert(strstr(out, "up to date"), "%s", out);
	free(out);
}

Test(lifecycle, not_enrolled_client_says_what_to_do)
{
	char home[400], *err = NULL;
	lkt_home(&s_srv, "fresh", home, sizeof home);
	const char *who[] = {"whoami", NULL};
	cr_assert_eq(lkt_lokmin(home, NULL, &err, who), 1);
	cr_assert(strstr(err, "not enrolled") && strstr(err, "lokmin enroll"), "%s", err);
	free(err);
}

static void *s_whoami_short(void *arg)
{
	struct bg_run *b = arg;
	const char *who[] = {"--timeout", "5s", "whoami", NULL};
	b->rc = lkt_lokmin(b->home, &b->out, &b->err, who);
	return NULL;
}

/* When the ZAP thread ends (here made to by the LOKMIN_FAULT testing aid), no
 * connection can be admitted any more: lokmind says so once and exits 1. */
Test(lifecycle, zap_thread_end_is_logged_and_stops_the_daemon)
{
	static const char stops[] = "the ZAP handler (authentication) thread has ended; lokmind stops with status 1";
	cr_assert_eq(lkt_server_stop(&s_srv, SIGTERM, 10000), 0);
	/* Enrollment is done, so the enroll limit's slot can carry the switch. */
	snprintf(s_srv.env[7], sizeof s_srv.env[7], "LOKMIN_FAULT=zap_exit_after:2");
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	cr_assert_eq(lkt_log_wait(&s_srv, " listening on ", 2, 10000), 2, "the restarted lokmind does not listen");
	cr_assert_eq(lkt_log_count(&s_srv, "fault injection is on (LOKMIN_FAULT=zap_exit_after:2)"), 1);

	/* Two connections (two handshakes) are admitted and served. */
	for (int i = 0; i < 2; i++) {
		struct bg_run b = {.home = s_home};
		s_whoami_short(&b);
		cr_assert_eq(b.rc, 0, "whoami %d failed: %s", i + 1, b.err);
		cr_assert(strstr(b.out, "P3324010101"), "%s", b.out);
		free(b.out);
		free(b.err);
	}
	cr_assert_eq(lkt_log_wait(&s_srv, "type=whoami", 2, 5000), 2);
	cr_assert_eq(lkt_log_count(&s_srv, stops), 0);
	int st;
	cr_assert_eq(waitpid(s_srv.pid, &st, WNOHANG), 0, "lokmind stopped early");

	/* The third handshake ends the thread: the daemon stops within a few seconds. */
	struct bg_run third = {.home = s_home};
	pthread_t t;
	uint64_t t0 = lk_mono_us();
	cr_assert_eq(pthread_create(&t, NULL, s_whoami_short, &third), 0);
	int status = lkt_server_stop(&s_srv, 0, 5000);
	double secs = (double)(lk_mono_us() - t0) / 1e6;
	pthread_join(t, NULL);
	cr_assert_eq(status, 1, "exit status %d after %.1f s", status, secs);
	cr_log_info("lokmind exited %.2f s after the third connection", secs);
	cr_assert_neq(third.rc, 0, "the third connection was served: %s", third.out);
	cr_assert_null(strstr(third.out, "P3324010101"), "%s", third.out);
	free(third.out);
	free(third.err);

	/* One clear line, and no request admitted after the thread ended. */
	cr_assert_eq(lkt_log_count(&s_srv, stops), 1);
	cr_assert_eq(lkt_log_count(&s_srv, "ZAP handler thread exits"), 1);
	cr_assert_eq(lkt_log_count(&s_srv, "type=whoami"), 2);
	char *out = NULL, *err = NULL;
	const char *ping[] = {"ping", NULL};
	cr_assert_eq(lkt_lokmin(s_home, &out, &err, ping), 1);
	cr_assert(strstr(err, "cannot reach lokmind"), "%s", err);
	free(out);
	free(err);
}
