/* test_reconnect: lokmind killed under a waiting client: the request fails at once and a sync resumes by itself. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "lk_entity.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "lkt.h"
#include "store.h"

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

TestSuite(reconnect, .init = s_setup, .fini = s_teardown, .timeout = 560);

static double s_now(void)
{
	return (double)lk_mono_us() / 1e6;
}

static PGconn *s_pg(void)
{
	PGconn *pg = PQconnectdb(s_srv.db.conninfo);
	cr_assert_eq(PQstatus(pg), CONNECTION_OK, "%s", PQerrorMessage(pg));
	return pg;
}

static long s_int(PGconn *pg, const char *sql)
{
	PGresult *r = PQexec(pg, sql);
	cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s: %s", sql, PQerrorMessage(pg));
	long n = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	return n;
}

/* Run lokmin in the background with stdout and stderr into files under the server folder. */
static pid_t s_spawn(const char *tag, const char *const *words)
{
	char out[500], err[500];
	snprintf(out, sizeof out, "%s/%s.out", s_srv.dir, tag);
	snprintf(err, sizeof err, "%s/%s.err", s_srv.dir, tag);
	pid_t pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		const char *argv[16] = {LOKMIN_BIN, "--home", s_home};
		int n = 3;
		for (int i = 0; words[i] && n < 15; i++)
			argv[n++] = words[i];
		argv[n] = NULL;
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		int devnull = open("/dev/null", O_RDONLY);
		int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(devnull, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		execv(LOKMIN_BIN, (char *const *)argv);
		_exit(127);
	}
	return pid;
}

static char *s_file(const char *tag, const char *ext)
{
	char path[500], *text = NULL;
	size_t len;
	snprintf(path, sizeof path, "%s/%s.%s", s_srv.dir, tag, ext);
	if (lk_read_file(path, &text, &len) != 0)
		return strdup("");
	return text;
}

/* Wait for pid up to limit_s; its status, or -1 (and it is killed) when it runs on. */
static int s_wait(pid_t pid, double limit_s, double *exited_at)
{
	double t0 = s_now();
	int st;
	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);
		if (r == pid) {
			*exited_at = s_now();
			return st;
		}
		if (s_now() - t0 > limit_s) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return -1;
		}
		usleep(2000);
	}
}

Test(reconnect, a_waiting_request_fails_at_once_when_lokmind_dies)
{
	/* The request waits on a lock, so it is surely outstanding at the kill. */
	static const int kill_after_ms[] = {0, 50, 200, 500, 900};
	PGconn *watch = s_pg();
	for (size_t k = 0; k < sizeof kill_after_ms / sizeof *kill_after_ms; k++) {
		/* A backend of the previous round's lokmind may still wait on the lock for a moment. */
		for (int w = 0; s_int(watch, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'lokmind' "
		                             "AND wait_event_type = 'Lock'") > 0; w++) {
			cr_assert(w < 1000, "a backend of the killed lokmind still waits");
			usleep(10000);
		}
		/* A fresh lokmind reads some of what the lock holds while it accepts a
		 * connection: one request first, so the one under test is on an open connection. */
		char *o = NULL, *e = NULL;
		cr_assert_eq(lkt_lokmin(s_home, &o, &e, (const char *const[]){"whoami", NULL}), 0, "%s", e);
		free(o);
		free(e);
		PGconn *locker = s_pg();
		PQclear(PQexec(locker, "BEGIN"));
		PGresult *r = PQexec(locker, "LOCK TABLE kabupaten IN ACCESS EXCLUSIVE MODE");
		cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK);
		PQclear(r);
		pid_t who = s_spawn("whoami", (const char *const[]){"--timeout", "30s", "whoami", NULL});
		int waited = 0;
		while (s_int(watch, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'lokmind' "
		                    "AND wait_event_type = 'Lock'") < 1 &&
		       waited++ < 1000)
			usleep(10000);
		cr_assert(waited < 1000, "the request never reached the database");
		usleep((useconds_t)kill_after_ms[k] * 1000);
		double t_kill = s_now(), t_exit = 0;
		cr_assert_eq(kill(s_srv.pid, SIGKILL), 0);
		int st = s_wait(who, 10.0, &t_exit);
		cr_assert_eq(lkt_server_stop(&s_srv, 0, 5000), 128 + SIGKILL);
		PQfinish(locker); /* its backend survives the kill otherwise */
		char *err = s_file("whoami", "err");
		cr_assert_neq(st, -1, "whoami still waiting 10 s after the kill: %s", err);
		cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1, "whoami must fail (status %d): %s", st, err);
		cr_assert(strstr(err, "was lost"), "the message names the lost connection: %s", err);
		double secs = t_exit - t_kill;
		cr_log_info("kill %d ms after the request waited: whoami failed after %.3f s", kill_after_ms[k], secs);
		cr_assert(secs < 1.0, "the failure took %.3f s after the kill (kill %d ms in)", secs, kill_after_ms[k]);
		free(err);
		cr_assert_eq(lkt_server_start(&s_srv), 0);
	}
	PQfinish(watch);
}

/* n new meetings straight into the offline store of s_home (a lokmin run per record would be too slow). */
static void s_make_ops(int n, int round)
{
	char err[512] = "";
	const struct lk_entity *me = lk_entity_find("meeting");
	lk_store *st = lk_store_open(s_home, err, sizeof err);
	cr_assert_not_null(st, "open: %s", err);
	for (int i = 0; i < n; i++) {
		char id[LK_UUID_STRLEN], period[8], title[64];
		lk_uuid u;
		lk_uuid_v7(&u);
		lk_uuid_format(&u, id);
		snprintf(period, sizeof period, "%d", 1 + i % 12);
		snprintf(title, sizeof title, "Rapat %d-%d", round, i);
		ProtobufCMessage *m = lk_record_new(me);
		const char *kv[][2] = {{"id", id},         {"kabupaten", "3324"},      {"kecamatan", "332401"},
		                       {"puskesmas", "P3324010101"}, {"kind", "monthly"}, {"status", "planned"},
		                       {"year", "2026"},   {"period", period},         {"title", title}};
		for (size_t f = 0; f < sizeof kv / sizeof *kv; f++)
			cr_assert_eq(lk_record_set(m, kv[f][0], kv[f][1]), 0, "set %s", kv[f][0]);
		cr_assert_eq(lk_store_put(st, me, m, NULL, 0, err, sizeof err), 0, "put: %s", err);
		lk_record_free(m);
	}
	lk_store_close(&st);
}

static int lkt_count_in(const char *text, const char *needle)
{
	int n = 0;
	for (const char *p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static int s_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

Test(reconnect, a_sync_cut_by_a_lokmind_kill_resumes_by_itself)
{
	/* 1000 ops a round: on a loaded 2-core machine the push and pull left after
	 * the kill of 2000 take 3-4 s by themselves, which would hide the resume delay. */
	enum { ROUNDS = 10, N = 1000 };
	double gap[ROUNDS];
	PGconn *pg = s_pg();
	long base_rows = s_int(pg, "SELECT count(*) FROM meeting");
	long base_ops = s_int(pg, "SELECT count(*) FROM applied_op");
	srand((unsigned)lk_mono_us());
	for (int round = 0; round < ROUNDS; round++) {
		s_make_ops(N, round);
		long before = s_int(pg, "SELECT count(*) FROM meeting");
		/* A random moment: once the server holds between 5% and 80% of this round's ops. */
		long at = before + N / 20 + rand() % (N * 3 / 4);
		pid_t sync = s_spawn("sync", (const char *const[]){"sync", NULL});
		double t0 = s_now();
		while (s_int(pg, "SELECT count(*) FROM meeting") < at) {
			cr_assert_eq(waitpid(sync, NULL, WNOHANG), 0, "round %d: the sync ended before the kill", round);
			cr_assert(s_now() - t0 < 60, "round %d: the push never reached %ld rows", round, at);
			usleep(2000);
		}
		double t_kill = s_now();
		cr_assert_eq(lkt_server_stop(&s_srv, SIGKILL, 5000), 128 + SIGKILL);
		PQfinish(pg);
		long held = 0;
		usleep((useconds_t)(1000000 + rand() % 1000000));
		cr_assert_eq(waitpid(sync, NULL, WNOHANG), 0, "round %d: the sync gave up while lokmind was down", round);
		cr_assert_eq(lkt_server_start(&s_srv), 0);
		double t_listen = s_now(), t_exit = 0, t_resume = 0;
		/* When the sync exits, and when the server takes its first op after coming back. */
		pg = s_pg();
		long at_restart = s_int(pg, "SELECT count(*) FROM meeting");
		int st = -1;
		while (s_now() - t_listen < 60) {
			if (waitpid(sync, &st, WNOHANG) == sync) {
				t_exit = s_now();
				break;
			}
			st = -1;
			if (t_resume == 0 && s_int(pg, "SELECT count(*) FROM meeting") > at_restart)
				t_resume = s_now();
			usleep(5000);
		}
		if (st == -1) {
			kill(sync, SIGKILL);
			waitpid(sync, NULL, 0);
		}
		char *err = s_file("sync", "err"), *out = s_file("sync", "out");
		cr_assert_neq(st, -1, "round %d: the sync did not finish within 60 s of lokmind's return: %s", round, err);
		cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "round %d: sync status %d: %s", round, st, err);
		cr_assert(strstr(out, "0 rejected"), "round %d: %s", round, out);
		gap[round] = t_exit - t_listen;
		held = s_int(pg, "SELECT count(*) FROM meeting");
		cr_assert_eq(held, base_rows + (long)N * (round + 1), "round %d: every record once", round);
		cr_assert_eq(s_int(pg, "SELECT count(*) FROM applied_op"), base_ops + (long)N * (round + 1),
		             "round %d: one stored result per op", round);
		cr_assert_eq(s_int(pg, "SELECT count(*) FROM meeting WHERE rev <> 1"), 0, "round %d: nothing applied twice",
		             round);
		cr_log_info("round %d: killed at %ld of %d ops; lokmind back after %.2f s; sync took its next op %.2f s "
		            "and exited %.2f s after lokmind listened again (%d retries)",
		            round, at - before, N, t_listen - t_kill, t_resume ? t_resume - t_listen : -1.0, gap[round],
		            lkt_count_in(err, "sync interrupted"));
		cr_assert(t_resume > 0 && t_resume - t_listen < 3.0, "round %d: the sync resumed %.2f s after lokmind was back",
		          round, t_resume - t_listen);
		/* Promptness is the resume bound above; finishing the rest of the ops also depends on how busy the
		 * machine is, so this bound only catches a sync that stalls. */
		cr_assert(gap[round] < 8.0, "round %d: the sync took %.2f s after lokmind was back: %s", round, gap[round], err);
		free(err);
		free(out);
	}
	PQfinish(pg);
	qsort(gap, ROUNDS, sizeof *gap, s_cmp);
	cr_log_info("resume after lokmind is back: median %.2f s, max %.2f s over %d rounds",
	            (gap[ROUNDS / 2 - 1] + gap[ROUNDS / 2]) / 2, gap[ROUNDS - 1], ROUNDS);
}
