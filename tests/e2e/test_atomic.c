/*
 * test_atomic: a multi-row local command (capaian import of a large sheet,
 * meeting plan of a year) killed with SIGKILL at spread-out moments leaves the
 * store with none of its rows or all of them, with their outbox ops, and intact.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lkt.h"
#include "lkt_cli.h"

#define NDESA 250 /* x 12 months: 3000 rows */
#define NROWS (NDESA * 12)

static struct lkt_server s_srv;
static char s_a[400], s_pristine[420];

static void s_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void s_sh(const char *fmt, ...)
{
	char cmd[1000];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
}

static void s_setup(void)
{
	cr_assert_eq(lkt_server_init(&s_srv, 1), 0);
	cr_assert_eq(lkt_server_start(&s_srv), 0);
	lkt_home(&s_srv, "a", s_a, sizeof s_a);
	cr_assert_eq(lkt_enroll(&s_srv, s_a, "puskesmas", "P3324010101"), 0);
	/* The enrolled home as it is before any command: each trial starts from it. */
	snprintf(s_pristine, sizeof s_pristine, "%s.pristine", s_a);
	s_sh("cp -a '%s' '%s'", s_a, s_pristine);
}

static void s_teardown(void)
{
	lkt_server_fini(&s_srv);
}

TestSuite(atomic, .init = s_setup, .fini = s_teardown, .timeout = 600);

static void s_restore(void)
{
	s_sh("rm -rf '%s' && cp -a '%s' '%s'", s_a, s_pristine, s_a);
}

static double s_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Start lokmin --home s_a words..., output discarded. */
static pid_t s_spawn(const char *const *words)
{
	const char *argv[16] = {LOKMIN_BIN, "--home", s_a};
	int n = 3;
	for (int i = 0; words[i] && n < 15; i++)
		argv[n++] = words[i];
	argv[n] = NULL;
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		dup2(fd, 2);
		execv(LOKMIN_BIN, (char *const *)argv);
		_exit(127);
	}
	return pid;
}

/* Run to the end; its duration in seconds. */
static double s_timed(const char *const *words)
{
	char *out = NULL, *err = NULL;
	double t0 = s_now();
	int rc = lkt_cli(s_a, NULL, &out, &err, words);
	double t = s_now() - t0;
	cr_assert_eq(rc, 0, "exit %d: %s%s", rc, out ? out : "", err ? err : "");
	free(out);
	free(err);
	return t;
}

/* One integer from SQL on the store file; "ok" from a text result reads as 1. */
static long long s_q(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_type(st, 0) == SQLITE_TEXT ? !strcmp((const char *)sqlite3_column_text(st, 0), "ok")
		                                              : sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Rows of table and ops of entity in the store; integrity_check must be ok. */
static void s_state(const char *table, long long *rows, long long *ops)
{
	char path[500], sql[200];
	sqlite3 *db;
	snprintf(path, sizeof path, "%s/store.db", s_a);
	cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	cr_assert_eq(s_q(db, "PRAGMA integrity_check"), 1, "integrity_check is not ok");
	snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", table);
	*rows = s_q(db, sql);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE entity = '%s'", table);
	*ops = s_q(db, sql);
	sqlite3_close(db);
}

/*
 * kills trials of words, killed at delays spread from 0.05 to 1.55 times the
 * measured duration (randomized within each slot, so some land after the end);
 * each leaves none or all (want) rows of table and their ops.
 */
static void s_kill_trials(const char *what, const char *const *words, const char *table, long long want, int kills)
{
	/* The middle of three full runs: one run's time on a busy machine is noisy. */
	double runs[3], full;
	long long rows, ops;
	for (int i = 0; i < 3; i++) {
		s_restore();
		runs[i] = s_timed(words);
		s_state(table, &rows, &ops);
		cr_assert_eq(rows, want, "%s: a full run writes %lld rows, not %lld", what, want, rows);
		cr_assert_eq(ops, want);
	}
	for (int i = 0; i < 2; i++) /* sort the three */
		for (int j = 0; j < 2 - i; j++)
			if (runs[j] > runs[j + 1]) {
				double x = runs[j];
				runs[j] = runs[j + 1];
				runs[j + 1] = x;
			}
	full = runs[1];

	srand((unsigned)time(NULL));
	int before = 0, after_commit = 0, exited = 0;
	for (int k = 0; k < kills; k++) {
		s_restore();
		double slot = (0.05 + 1.5 * (k + (double)rand() / RAND_MAX) / kills) * full;
		pid_t pid = s_spawn(words);
		usleep((useconds_t)(slot * 1e6));
		kill(pid, SIGKILL);
		int status;
		cr_assert_eq(waitpid(pid, &status, 0), pid);
		s_state(table, &rows, &ops);
		cr_assert(rows == 0 || rows == want, "%s: kill at %.3fs left %lld of %lld rows", what, slot, rows, want);
		cr_assert_eq(ops, rows, "%s: kill at %.3fs left %lld rows but %lld ops", what, slot, rows, ops);
		if (WIFEXITED(status)) {
			cr_assert_eq(WEXITSTATUS(status), 0);
			cr_assert_eq(rows, want);
			exited++;
		} else if (rows == 0) {
			before++;
		} else {
			after_commit++;
		}
	}
	printf("%s: full run %.3fs; %d kills: %d before the commit (nothing), %d after it (all, process still "
	       "running), %d after the process ended\n",
	       what, full, kills, before, after_commit, exited);
	fflush(stdout);
	cr_assert_eq(before + after_commit + exited, kills);
}

Test(atomic, capaian_import_killed_leaves_none_or_all)
{
	char sheet[500];
	snprintf(sheet, sizeof sheet, "%s.sheet.csv", s_a);
	FILE *f = fopen(sheet, "w");
	cr_assert_not_null(f);
	fputs("indicator,year,month,desa,numerator,denominator,note\n", f);
	for (int d = 0; d < NDESA; d++)
		for (int m = 1; m <= 12; m++)
			fprintf(f, "KIA_K1,2036,%d,332401%04d,%d,1000,\n", m, d + 1, 1 + (d + m) % 7);
	fclose(f);
	const char *words[] = {"capaian", "import", sheet, NULL};
	s_kill_trials("capaian import", words, "achievement", NROWS, 20);
}

Test(atomic, meeting_plan_killed_leaves_none_or_all)
{
	const char *words[] = {"meeting", "plan", "--year", "2036", NULL};
	s_kill_trials("meeting plan", words, "meeting", 12, 8);
}
