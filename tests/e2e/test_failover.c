/* test_failover: two lokmind on a primary with a synchronous standby; 20 devices sync on while one lokmind
 * is killed and the primary dies and its standby is promoted; every acknowledged op ends on the new primary
 * once, and the change log has no gap. */
#include <criterion/criterion.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lk_util.h"
#include "lkt.h"

#define DEVICES 20
#define YEARS 5

static char s_dir[64];
static int s_standby_port;
static struct lkt_server s_a, s_b, s_both;

/* Run `pg-standby.sh CMD s_dir`; its exit status. */
static int s_cluster(const char *cmd)
{
	char line[512];
	snprintf(line, sizeof line, "bash %s/pg-standby.sh %s %s >>%s.log 2>&1", LKT_SCRIPTS_DIR, cmd, s_dir, s_dir);
	int st = system(line);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void s_setup(void)
{
	char path[128], buf[1024];
	lk_strlcpy(s_dir, "/tmp/lkt-failover.XXXXXX", sizeof s_dir);
	cr_assert_not_null(mkdtemp(s_dir));
	cr_assert_eq(s_cluster("start"), 0, "pg-standby.sh start: see %s.log", s_dir);
	/* The databases and every lokmind use the conninfo naming both servers, for the one that takes writes. */
	snprintf(path, sizeof path, "%s/env", s_dir);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f);
	char *cluster = NULL;
	while (fgets(buf, sizeof buf, f))
		if (strncmp(buf, "LK_STANDBY_PORT=", 16) == 0)
			s_standby_port = atoi(buf + 16);
		else if (strncmp(buf, "LK_CLUSTER_DB='", 15) == 0) {
			cluster = strdup(buf + 15);
			cluster[strcspn(cluster, "'")] = '\0';
		}
	fclose(f);
	cr_assert_not_null(cluster);
	snprintf(buf, sizeof buf, "%s dbname=postgres", cluster);
	free(cluster);
	setenv("LOKMIN_TEST_PG", buf, 1);
	cr_assert_eq(lkt_server_pair(&s_a, &s_b, &s_both, 2), 0);
}

static void s_teardown(void)
{
	lkt_server_pair_fini(&s_a, &s_b);
	s_cluster("stop");
	char log[80];
	snprintf(log, sizeof log, "%s.log", s_dir);
	unlink(log);
}

TestSuite(failover, .init = s_setup, .fini = s_teardown, .timeout = 400);

static long long s_num(const char *sql)
{
	long long n = lkt_sql_num(&s_a.db, sql);
	cr_assert_neq(n, LLONG_MIN, "%s", sql);
	return n;
}

/* One device's work: each year a plan of 12 meetings, then a sync; exit status 0 when every sync ended well. */
static int s_device(const char *home, int k)
{
	for (int y = 0; y < YEARS; y++) {
		char year[8], *err = NULL;
		snprintf(year, sizeof year, "%d", 2001 + YEARS * k + y);
		const char *plan[] = {"meeting", "plan", "--year", year, NULL};
		const char *sync[] = {"sync", NULL};
		if (lkt_lokmin(home, NULL, &err, plan) != 0 || lkt_lokmin(home, NULL, &err, sync) != 0) {
			fprintf(stderr, "device %d, year %s: %s\n", k, year, err ? err : "");
			return 1;
		}
		free(err);
	}
	return 0;
}

Test(failover, acknowledged_ops_survive_a_lokmind_kill_and_a_promotion)
{
	static const char *const pusk[] = {"P3324010101", "P3324010102", "P3324020101"};
	char home[DEVICES][400];
	pid_t pid[DEVICES];
	for (int k = 0; k < DEVICES; k++) {
		char name[16];
		snprintf(name, sizeof name, "device%02d", k);
		lkt_home(&s_a, name, home[k], sizeof home[k]);
		cr_assert_eq(lkt_enroll(&s_both, home[k], "puskesmas", pusk[k % 3]), 0);
	}
	/* lokmind status sees the synchronous standby and both instances. */
	char *out = NULL, *err = NULL;
	const char *status[] = {"status", "--json", NULL};
	cr_assert_eq(lkt_lokmind(&s_a, &out, &err, status), 0, "%s", err);
	cr_assert(strstr(out, "\"role\":\"primary\""), "%s", out);
	cr_assert(strstr(out, "\"state\":\"streaming\",\"sync\":\"sync\""), "%s", out);
	free(out);
	free(err);
	/* Read-only commands may read the standby. */
	char standby[300];
	snprintf(standby, sizeof standby, "host=%s port=%d user=postgres dbname=%s", s_dir, s_standby_port, s_a.db.name);
	const char *on_standby[] = {"status", "--db", standby, NULL};
	cr_assert_eq(lkt_lokmind(&s_a, &out, &err, on_standby), 0, "%s", err);
	cr_assert(strstr(out, "database: standby (read-only)"), "%s", out);
	cr_assert(strstr(out, "lokmind instances: 2 up"), "%s", out);
	free(out);
	free(err);
	for (int k = 0; k < DEVICES; k++) {
		pid[k] = fork();
		cr_assert(pid[k] >= 0);
		if (pid[k] == 0)
			_exit(s_device(home[k], k));
	}
	/* While they work: one lokmind killed, then the primary gone and its standby promoted. */
	usleep(1500 * 1000);
	long long before = s_num("SELECT count(*) FROM meeting");
	cr_assert_eq(lkt_server_stop(&s_a, SIGKILL, 5000), 128 + SIGKILL);
	usleep(500 * 1000);
	cr_assert_eq(s_cluster("kill-primary"), 0);
	usleep(300 * 1000);
	cr_assert_eq(s_cluster("promote"), 0);
	cr_log_info("%lld meetings were in before the failures", before);

	int failed = 0;
	for (int k = 0; k < DEVICES; k++) {
		int st;
		cr_assert_eq(waitpid(pid[k], &st, 0), pid[k]);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			failed++;
	}
	cr_assert_eq(failed, 0, "%d device(s) did not finish their work", failed);

	/* On the new primary: every device's every meeting, each written once, each op recorded once. */
	cr_assert_eq(s_num("SELECT count(*) FROM meeting"), DEVICES * YEARS * 12);
	cr_assert_eq(s_num("SELECT count(*) FROM meeting WHERE rev = 1"), DEVICES * YEARS * 12);
	cr_assert_eq(s_num("SELECT count(*) FROM applied_op WHERE entity = 'meeting'"), DEVICES * YEARS * 12);
	cr_assert_eq(s_num("SELECT count(DISTINCT record_id) FROM applied_op WHERE entity = 'meeting'"),
	             DEVICES * YEARS * 12);
	/* The log a pulling device reads: numbers without a hole, one per change. */
	long long n = s_num("SELECT count(*) FROM change_log WHERE kabupaten_code = '3324'");
	long long lo = s_num("SELECT min(seq) FROM change_log WHERE kabupaten_code = '3324'");
	long long hi = s_num("SELECT max(seq) FROM change_log WHERE kabupaten_code = '3324'");
	cr_assert_eq(hi - lo + 1, n, "seq %lld..%lld holds %lld changes: a gap", lo, hi, n);
	cr_assert(n >= DEVICES * YEARS * 12, "%lld changes logged", n);
	cr_assert_eq(s_num("SELECT pg_is_in_recovery()::int"), 0);
	/* The promoted standby is the primary now, with no standby of its own. */
	const char *text[] = {"status", NULL};
	cr_assert_eq(lkt_lokmind(&s_b, &out, &err, text), 0, "%s", err);
	cr_assert(strstr(out, "database: primary"), "%s", out);
	cr_assert(strstr(out, "standbys: none"), "%s", out);
	free(out);
	free(err);
	/* A device pulls everything of its puskesmas from the new primary. */
	const char *sync[] = {"sync", NULL};
	cr_assert_eq(lkt_lokmin(home[0], &out, NULL, sync), 0);
	free(out);
	cr_assert_eq(lkt_log_count(&s_b, "database connection restored") > 0, 1, "lokmind b never reconnected");
}
