/*
 * lkfaults: randomized kill points across lokmind, PostgreSQL and lokmin (while it syncs and while it writes
 * locally), checking after every round that no op was lost or applied twice, that no import was left half
 * written, that every store passes integrity_check, and timing how soon syncs complete once service is back.
 *
 * usage: lkfaults [--rounds N] [--seed S] [--aim SECONDS] [--verbose]
 * Needs the PostgreSQL 15 binaries; starts a cluster, a lokmind and three lokmin homes of its own.
 * Exits 0 when every check held (the recovery aim is reported, not enforced), 1 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lkt.h"
#include "lkt_cluster.h"

#define NCLIENTS 3
#define NDESA 20        /* desa of each puskesmas */
#define DENOMINATOR 10000000

enum fault { F_LOKMIND, F_POSTGRES, F_CLIENT_SYNC, F_CLIENT_WRITE, F_MAX };

static const char *const s_fault_name[F_MAX] = {
	"lokmind killed (SIGKILL) during sync",
	"PostgreSQL stopped (-m immediate) during sync",
	"lokmin killed (SIGKILL) during sync",
	"lokmin killed (SIGKILL) during capaian import",
};

/* One lokmin home and what it has written. */
struct client {
	const char *name, *pusk, *desa_prefix;
	const char *indicators[2]; /* its own, so two devices of one puskesmas never write the same record */
	char home[400], device[37], log[420], sheet[420];
	long long ops_expected;   /* ops this device created since the baseline */
	long long ops_baseline;   /* applied_op rows before the first round */
};

/* What one kind of fault produced. */
struct tally {
	int rounds, landed; /* landed: the fault struck while the work was still running */
	int none, all, half; /* imports: killed before their commit / after it / half-way (a failure) */
	double *recovery;   /* seconds from service back to every sync complete, one per landed round */
	int nrec;
};

static struct lkt_cluster s_pg;
static struct lkt_server s_srv;
static struct client s_cl[NCLIENTS] = {
	{.name = "a1", .pusk = "P3324010101", .desa_prefix = "332401", .indicators = {"KIA_K1", "KIA_K4"}},
	{.name = "a2", .pusk = "P3324010101", .desa_prefix = "332401", .indicators = {"KIA_K6", "GIZI_D_S"}},
	{.name = "b", .pusk = "P3324020101", .desa_prefix = "332402", .indicators = {"KIA_K1", "SPM_01_BUMIL"}},
};
static int s_failures;
static int s_verbose;
static double s_aim = 5.0;

static void s_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Stop lokmind and PostgreSQL and remove their folders: at exit, and on Ctrl-C. */
static void s_cleanup(void)
{
	if (s_failures && s_srv.dir[0]) {
		/* Keep the logs of lokmind and of every lokmin for the reader. */
		setenv("LKT_KEEP", "1", 1);
		fprintf(stderr, "lkfaults: logs kept in %s\n", s_srv.dir);
	}
	lkt_server_fini(&s_srv);
	lkt_cluster_fini(&s_pg);
}

static void s_on_signal(int sig)
{
	(void)sig;
	exit(130);
}

static void s_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "lkfaults: FAILED: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	s_failures++;
}

static double s_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void s_sleep(double sec)
{
	if (sec > 0)
		usleep((useconds_t)(sec * 1e6));
}

static double s_uniform(void)
{
	return (double)rand() / ((double)RAND_MAX + 1);
}

/* ---------------------------------------------------------------- processes */

/* Start lokmin --home c->home words..., output appended to the client's log. */
static pid_t s_spawn(const struct client *c, const char *const *words)
{
	const char *argv[16] = {LOKMIN_BIN, "--home", c->home};
	int n = 3;
	for (int i = 0; words[i] && n < 15; i++)
		argv[n++] = words[i];
	argv[n] = NULL;
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		int fd = open(c->log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		int devnull = open("/dev/null", O_RDONLY);
		dup2(devnull, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execv(LOKMIN_BIN, (char *const *)argv);
		_exit(127);
	}
	return pid;
}

/* A running lokmin: when it ended and how. */
struct run {
	pid_t pid;
	double t0, t_end;
	int status; /* raw waitpid status once ended */
	int ended;
};

static void s_run_start(struct run *r, const struct client *c, const char *const *words)
{
	memset(r, 0, sizeof *r);
	r->t0 = s_now();
	r->pid = s_spawn(c, words);
}

/* Reap r if it ended; 1 when it has. */
static int s_run_poll(struct run *r)
{
	if (!r->ended && waitpid(r->pid, &r->status, WNOHANG) == r->pid) {
		r->ended = 1;
		r->t_end = s_now();
	}
	return r->ended;
}

/* Wait for every run to end, for up to timeout seconds; 0 when they all did. */
static int s_run_wait(struct run *r, int n, double timeout)
{
	double until = s_now() + timeout;
	for (;;) {
		int left = 0;
		for (int i = 0; i < n; i++)
			left += !s_run_poll(&r[i]);
		if (left == 0)
			return 0;
		if (s_now() > until) {
			for (int i = 0; i < n; i++)
				if (!r[i].ended) {
					kill(r[i].pid, SIGKILL);
					waitpid(r[i].pid, &r[i].status, 0);
					r[i].ended = 1;
					r[i].t_end = s_now();
				}
			return -1;
		}
		usleep(2000);
	}
}

static int s_run_ok(const struct run *r)
{
	return r->ended && WIFEXITED(r->status) && WEXITSTATUS(r->status) == 0;
}

/* Kill r now; 1 when it was still running (the kill landed), 0 when it had already ended. */
static int s_run_kill(struct run *r)
{
	if (s_run_poll(r))
		return 0;
	kill(r->pid, SIGKILL);
	waitpid(r->pid, &r->status, 0);
	r->ended = 1;
	r->t_end = s_now();
	/* It may have exited on its own between the poll and the kill. */
	return WIFSIGNALED(r->status);
}

/* ---------------------------------------------------------------- stores and database */

/* One integer from SQL on c's store (-1 on error); "ok" from a text result reads as 1. */
static long long s_store_q(const struct client *c, const char *sql)
{
	char path[500];
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;
	snprintf(path, sizeof path, "%s/store.db", c->home);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, 10000);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_type(st, 0) == SQLITE_TEXT
			        ? !strcmp((const char *)sqlite3_column_text(st, 0), "ok")
			        : sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	} else {
		fprintf(stderr, "lkfaults: %s: %s\n", sql, sqlite3_errmsg(db));
	}
	sqlite3_close(db);
	return v;
}

static long long s_db_q(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static long long s_db_q(const char *fmt, ...)
{
	char sql[1000];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	char *v = lkt_sql_value(&s_srv.db, sql);
	long long n = v ? atoll(v) : -1;
	free(v);
	return n;
}

/* Rows of c's store holding this round's marker. */
static long long s_marked(const struct client *c, long marker)
{
	char sql[300];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM achievement WHERE numerator = %ld AND puskesmas_code = '%s'",
	         marker, c->pusk);
	return s_store_q(c, sql);
}

static long long s_applied(const struct client *c)
{
	return s_db_q("SELECT count(*) FROM applied_op WHERE device_id = '%s' AND result >= 0", c->device);
}

/* Everything that must hold once every device has synced: see the header. */
static void s_check_round(int round, const long *marker, const long long *rows)
{
	for (int i = 0; i < NCLIENTS; i++) {
		struct client *c = &s_cl[i];
		if (s_store_q(c, "PRAGMA integrity_check") != 1)
			s_fail("round %d: %s: integrity_check is not ok", round, c->name);
		long long out = s_store_q(c, "SELECT count(*) FROM outbox");
		long long failed = s_store_q(c, "SELECT count(*) FROM failed_op");
		long long held = 0;
		if (s_store_q(c, "SELECT count(*) FROM sqlite_master WHERE name = 'quarantine'") == 1)
			held = s_store_q(c, "SELECT count(*) FROM quarantine");
		if (out != 0 || failed != 0 || held != 0)
			s_fail("round %d: %s: after its sync %lld ops queued, %lld refused, %lld held back", round, c->name,
			       out, failed, held);
		long long local = s_marked(c, marker[i]);
		long long server = s_db_q("SELECT count(*) FROM achievement WHERE numerator = %ld AND puskesmas_code = '%s'",
		                          marker[i], c->pusk);
		if (local != rows[i] || server != rows[i])
			s_fail("round %d: %s: %lld rows written, %lld in the store, %lld at the server", round, c->name,
			       rows[i], local, server);
		/* Every op the device created is applied exactly once: fewer is a lost op, more a duplicate. */
		long long applied = s_applied(c) - c->ops_baseline;
		long long logged = s_db_q("SELECT count(*) FROM change_log WHERE device_id = '%s'", c->device);
		if (applied != c->ops_expected)
			s_fail("round %d: %s: %lld ops created, %lld applied at the server", round, c->name, c->ops_expected,
			       applied);
		if (logged != applied + c->ops_baseline)
			s_fail("round %d: %s: %lld ops applied but %lld changes logged", round, c->name,
			       applied + c->ops_baseline, logged);
	}
}

/* ---------------------------------------------------------------- setup */

/* c's home, log and sheet paths under the server's folder. */
static void s_client_home(struct client *c)
{
	char home[sizeof c->home];
	lkt_home(&s_srv, c->name, home, sizeof home);
	memcpy(c->home, home, sizeof home);
	snprintf(c->log, sizeof c->log, "%.400s.log", home);
	snprintf(c->sheet, sizeof c->sheet, "%.400s.sheet.csv", home);
}

static int s_setup(void)
{
	char code[16], name[32];
	if (lkt_cluster_start(&s_pg) != 0 || lkt_server_init(&s_srv, 2) != 0 || lkt_server_start(&s_srv) != 0)
		return -1;
	/* Desa of each puskesmas's working area (P3324010101 already has 0001 and 0002). */
	for (int i = 0; i < NCLIENTS; i++) {
		struct client *c = &s_cl[i];
		if (i == 1)
			continue; /* a2 shares a1's puskesmas */
		for (int d = 3; d <= NDESA; d++) {
			snprintf(code, sizeof code, "%s%04d", c->desa_prefix, d);
			snprintf(name, sizeof name, "Desa %d", d);
			const char *args[] = {"org", "add-desa", code, name, "--puskesmas", c->pusk, NULL};
			if (lkt_lokmind(&s_srv, NULL, NULL, args) != 0)
				return -1;
		}
		if (i == 2)
			for (int d = 1; d <= 2; d++) {
				snprintf(code, sizeof code, "%s%04d", c->desa_prefix, d);
				const char *args[] = {"org", "add-desa", code, "Desa", "--puskesmas", c->pusk, NULL};
				if (lkt_lokmind(&s_srv, NULL, NULL, args) != 0)
					return -1;
			}
	}
	for (int i = 0; i < NCLIENTS; i++) {
		struct client *c = &s_cl[i];
		s_client_home(c);
		if (lkt_enroll(&s_srv, c->home, "puskesmas", c->pusk) != 0 || lkt_device_id(c->home, c->device) != 0)
			return -1;
		const char *sync[] = {"sync", NULL};
		struct run r;
		s_run_start(&r, c, sync);
		if (s_run_wait(&r, 1, 60) != 0 || !s_run_ok(&r))
			return -1;
		c->ops_baseline = s_applied(c);
	}
	return 0;
}

/* Write c's sheet for this round: one of its indicators, `desa` desa, twelve months, every numerator the
 * round's marker. Returns its rows. */
static long long s_sheet(struct client *c, int desa, long marker)
{
	FILE *f = fopen(c->sheet, "w");
	if (f == NULL) {
		perror(c->sheet);
		exit(1);
	}
	const char *ind = c->indicators[rand() % 2];
	fputs("indicator,year,month,desa,numerator,denominator,note\n", f);
	for (int d = 1; d <= desa; d++)
		for (int m = 1; m <= 12; m++)
			fprintf(f, "%s,2026,%d,%s%04d,%ld,%d,\n", ind, m, c->desa_prefix, d, marker, DENOMINATOR);
	fclose(f);
	return (long long)desa * 12;
}

/* ---------------------------------------------------------------- rounds */

/* How long a run of n rows takes, fitted (least squares, a + b n) on the runs no fault touched: kills are
 * spread over that time so that most of them strike running work. */
struct fit {
	double n, sx, sy, sxx, sxy;
};

static void s_learn(struct fit *f, double rows, double sec)
{
	f->n++;
	f->sx += rows;
	f->sy += sec;
	f->sxx += rows * rows;
	f->sxy += rows * sec;
}

static double s_expect(const struct fit *f, double rows, double fallback_per_row)
{
	double det = f->n * f->sxx - f->sx * f->sx;
	if (f->n < 3 || det <= 0)
		return rows * fallback_per_row;
	double b = (f->n * f->sxy - f->sx * f->sy) / det, a = (f->sy - b * f->sx) / f->n;
	double t = a + b * rows;
	return t > 0.01 ? t : 0.01;
}

static struct fit s_fit_import; /* one device's import, by its rows */
static struct fit s_fit_syncs;  /* the longest of the three syncs, by the rows of all three */
static struct fit s_fit_sync;   /* one device's sync, by the rows of all three (it pulls its colleague's) */

static void s_add(struct tally *t, double sec)
{
	double *v = realloc(t->recovery, (size_t)(t->nrec + 1) * sizeof *v);
	if (v == NULL)
		exit(1);
	t->recovery = v;
	t->recovery[t->nrec++] = sec;
}

/* The local writes of one round: every device imports its sheet at once; f == F_CLIENT_WRITE kills one. */
static void s_round_import(int round, enum fault f, int victim, const long *marker, long long *rows, struct tally *t)
{
	struct run imp[NCLIENTS];
	for (int i = 0; i < NCLIENTS; i++) {
		const char *words[] = {"capaian", "import", s_cl[i].sheet, NULL};
		s_run_start(&imp[i], &s_cl[i], words);
	}
	int landed = 0;
	if (f == F_CLIENT_WRITE) {
		s_sleep(s_uniform() * s_expect(&s_fit_import, (double)rows[victim], 0.0005));
		landed = s_run_kill(&imp[victim]);
	}
	if (s_run_wait(imp, NCLIENTS, 120) != 0)
		s_fail("round %d: an import did not finish within 120 s", round);
	for (int i = 0; i < NCLIENTS; i++) {
		struct client *c = &s_cl[i];
		long long have = s_marked(c, marker[i]);
		if (i == victim && landed) {
			t->landed++;
			if (s_store_q(c, "PRAGMA integrity_check") != 1)
				s_fail("round %d: %s: integrity_check is not ok after the kill", round, c->name);
			if (have == 0)
				t->none++;
			else if (have == rows[i])
				t->all++;
			else {
				t->half++;
				s_fail("round %d: %s: the killed import left %lld of its %lld rows", round, c->name, have, rows[i]);
			}
			rows[i] = have;
		} else if (!s_run_ok(&imp[i]) || have != rows[i]) {
			s_fail("round %d: %s: import exited with status %d and wrote %lld of %lld rows", round, c->name,
			       imp[i].status, have, rows[i]);
			rows[i] = have;
		} else {
			s_learn(&s_fit_import, (double)rows[i], imp[i].t_end - imp[i].t0);
		}
		c->ops_expected += rows[i];
	}
}

/* The syncs of one round: every device syncs at once; a sync fault strikes at a random point of them. */
static void s_round_sync(int round, enum fault f, int victim, long long total, struct tally *t)
{
	const char *words[] = {"sync", NULL};
	struct run syn[NCLIENTS];
	int running[NCLIENTS] = {0}, landed = 0;
	double back = 0;

	for (int i = 0; i < NCLIENTS; i++)
		s_run_start(&syn[i], &s_cl[i], words);
	if (f != F_CLIENT_WRITE) {
		double span = f == F_CLIENT_SYNC ? s_expect(&s_fit_sync, (double)total, 0.001)
		                                 : s_expect(&s_fit_syncs, (double)total, 0.002);
		s_sleep(s_uniform() * span);
		for (int i = 0; i < NCLIENTS; i++)
			running[i] = !s_run_poll(&syn[i]);
	}
	switch (f) {
	case F_LOKMIND:
		lkt_server_stop(&s_srv, SIGKILL, 5000);
		s_sleep(0.1 + 0.9 * s_uniform());
		if (lkt_server_start(&s_srv) != 0) {
			s_fail("round %d: lokmind did not start again", round);
			exit(1); /* s_cleanup runs at exit */
		}
		back = s_now();
		break;
	case F_POSTGRES:
		if (lkt_cluster_ctl(&s_pg, "-m immediate stop") != 0)
			s_fail("round %d: PostgreSQL did not stop", round);
		s_sleep(0.1 + 0.9 * s_uniform());
		if (lkt_cluster_ctl(&s_pg, "start") != 0) {
			s_fail("round %d: PostgreSQL did not start again", round);
			exit(1);
		}
		back = s_now();
		break;
	case F_CLIENT_SYNC:
		memset(running, 0, sizeof running);
		running[victim] = s_run_kill(&syn[victim]);
		if (s_store_q(&s_cl[victim], "PRAGMA integrity_check") != 1)
			s_fail("round %d: %s: integrity_check is not ok after the kill", round, s_cl[victim].name);
		/* The user runs it again. */
		back = s_now();
		s_run_start(&syn[victim], &s_cl[victim], words);
		break;
	default:
		break;
	}
	for (int i = 0; i < NCLIENTS; i++)
		landed |= running[i];
	if (s_run_wait(syn, NCLIENTS, 180) != 0)
		s_fail("round %d: a sync did not finish within 180 s", round);
	double done = back, longest = 0;
	for (int i = 0; i < NCLIENTS; i++) {
		if (!s_run_ok(&syn[i]))
			s_fail("round %d: %s: sync exited with status %d (see %s)", round, s_cl[i].name, syn[i].status,
			       s_cl[i].log);
		if (running[i] && syn[i].t_end > done)
			done = syn[i].t_end;
		if (syn[i].t_end - syn[i].t0 > longest)
			longest = syn[i].t_end - syn[i].t0;
	}
	if (f == F_CLIENT_WRITE) {
		s_learn(&s_fit_syncs, (double)total, longest);
		for (int i = 0; i < NCLIENTS; i++)
			s_learn(&s_fit_sync, (double)total, syn[i].t_end - syn[i].t0);
		return;
	}
	if (landed) {
		t->landed++;
		s_add(t, done - back);
		if (s_verbose || done - back > s_aim)
			printf("lkfaults: round %d: %s: every sync complete %.2f s after service was back%s\n", round,
			       s_fault_name[f], done - back, done - back > s_aim ? " (over the aim)" : "");
	} else {
		/* The fault came after the syncs had ended: they ran undisturbed. */
		s_learn(&s_fit_syncs, (double)total, longest);
		for (int i = 0; i < NCLIENTS; i++)
			s_learn(&s_fit_sync, (double)total, syn[i].t_end - syn[i].t0);
	}
}

static void s_round(int round, enum fault f, struct tally *tallies)
{
	long marker[NCLIENTS];
	long long rows[NCLIENTS], total = 0;
	int victim = rand() % NCLIENTS;

	for (int i = 0; i < NCLIENTS; i++) {
		marker[i] = (long)round * NCLIENTS + i + 1;
		rows[i] = s_sheet(&s_cl[i], 1 + rand() % NDESA, marker[i]);
	}
	tallies[f].rounds++;
	s_round_import(round, f, victim, marker, rows, &tallies[f]);
	for (int i = 0; i < NCLIENTS; i++)
		total += rows[i];
	s_round_sync(round, f, victim, total, &tallies[f]);
	s_check_round(round, marker, rows);
}

/* ---------------------------------------------------------------- the end */

/* New devices pull everything: each puskesmas's devices and its new one hold the same records. */
static void s_check_final(void)
{
	const char *sync[] = {"sync", NULL}, *exp[] = {"export", NULL};
	static struct client fresh[2] = {{.name = "f1", .pusk = "P3324010101"}, {.name = "f2", .pusk = "P3324020101"}};
	char *out[NCLIENTS + 2] = {0};
	struct run r;

	for (int i = 0; i < 2; i++) {
		s_client_home(&fresh[i]);
		if (lkt_enroll(&s_srv, fresh[i].home, "puskesmas", fresh[i].pusk) != 0) {
			s_fail("final: cannot enroll %s", fresh[i].name);
			return;
		}
	}
	for (int i = 0; i < NCLIENTS + 2; i++) {
		struct client *c = i < NCLIENTS ? &s_cl[i] : &fresh[i - NCLIENTS];
		s_run_start(&r, c, sync);
		if (s_run_wait(&r, 1, 300) != 0 || !s_run_ok(&r))
			s_fail("final: %s: sync failed (see %s)", c->name, c->log);
	}
	for (int i = 0; i < NCLIENTS + 2; i++) {
		struct client *c = i < NCLIENTS ? &s_cl[i] : &fresh[i - NCLIENTS];
		if (lkt_lokmin(c->home, &out[i], NULL, exp) != 0 || out[i] == NULL)
			s_fail("final: %s: export failed", c->name);
	}
	/* a1, a2 and f1 share a puskesmas; b and f2 another. */
	const int same[][2] = {{0, 1}, {0, 3}, {2, 4}};
	for (size_t k = 0; k < sizeof same / sizeof same[0]; k++) {
		const char *x = out[same[k][0]], *y = out[same[k][1]];
		if (x && y && strcmp(x, y) != 0)
			s_fail("final: exports of devices %d and %d differ", same[k][0], same[k][1]);
	}
	size_t lines = 0;
	for (const char *p = out[0]; p && *p; p++)
		lines += *p == '\n';
	printf("lkfaults: final: a new device of each puskesmas pulled everything; its export equals its "
	       "colleagues' (%zu records at %s)\n",
	       lines, s_cl[0].pusk);
	for (int i = 0; i < NCLIENTS + 2; i++)
		free(out[i]);
}

static int s_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Median and max of v (sorted in place); 0 when empty. */
static void s_stats(double *v, int n, double *median, double *max)
{
	*median = *max = 0;
	if (n == 0)
		return;
	qsort(v, (size_t)n, sizeof *v, s_cmp);
	*median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	*max = v[n - 1];
}

int main(int argc, char **argv)
{
	int rounds = 20;
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--aim") && i + 1 < argc)
			s_aim = atof(argv[++i]);
		else if (!strcmp(argv[i], "--verbose"))
			s_verbose = 1;
		else {
			fprintf(stderr, "usage: lkfaults [--rounds N] [--seed S] [--aim SECONDS] [--verbose]\n");
			return 2;
		}
	}
	if (rounds < 1) {
		fprintf(stderr, "lkfaults: --rounds must be at least 1\n");
		return 2;
	}
	srand(seed);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, s_on_signal);
	signal(SIGTERM, s_on_signal);
	atexit(s_cleanup);
	printf("lkfaults: %d rounds, seed %u\n", rounds, seed);
	fflush(stdout);

	double t0 = s_now();
	int rc = s_setup();
	if (rc != 0) {
		fprintf(stderr, "lkfaults: setup failed\n");
		return 1;
	}
	struct tally t[F_MAX];
	memset(t, 0, sizeof t);
	enum fault order[F_MAX];
	for (int r = 0; r < rounds; r++) {
		/* Each block of four rounds has every kind of fault once, in a random order. */
		if (r % F_MAX == 0) {
			for (int k = 0; k < F_MAX; k++)
				order[k] = (enum fault)k;
			for (int k = F_MAX - 1; k > 0; k--) {
				int j = rand() % (k + 1);
				enum fault x = order[k];
				order[k] = order[j];
				order[j] = x;
			}
		}
		s_round(r + 1, order[r % F_MAX], t);
		if ((r + 1) % 50 == 0 || r + 1 == rounds) {
			fprintf(stderr, "lkfaults: %d of %d rounds, %.0f s, %d failures\n", r + 1, rounds, s_now() - t0,
			        s_failures);
		}
	}
	s_check_final();

	long long ops = 0;
	int landed = 0;
	double all[4096 * 4];
	int nall = 0;
	for (int i = 0; i < NCLIENTS; i++)
		ops += s_cl[i].ops_expected;
	printf("lkfaults: %d rounds in %.0f s; recovery = from service back (lokmind listening, PostgreSQL accepting, "
	       "lokmin started again) to every interrupted sync complete\n",
	       rounds, s_now() - t0);
	for (int f = 0; f < F_MAX; f++) {
		double med, max;
		landed += t[f].landed;
		for (int k = 0; k < t[f].nrec && nall < (int)(sizeof all / sizeof all[0]); k++)
			all[nall++] = t[f].recovery[k];
		s_stats(t[f].recovery, t[f].nrec, &med, &max);
		if (f == F_CLIENT_WRITE)
			printf("  %-48s %4d rounds, %4d struck mid-import: %d left nothing, %d left every row, %d half\n",
			       s_fault_name[f], t[f].rounds, t[f].landed, t[f].none, t[f].all, t[f].half);
		else
			printf("  %-48s %4d rounds, %4d struck mid-sync: recovery median %.2f s, max %.2f s\n", s_fault_name[f],
			       t[f].rounds, t[f].landed, med, max);
		free(t[f].recovery);
	}
	double med, max;
	s_stats(all, nall, &med, &max);
	printf("  kill points that struck running work: %d of %d\n", landed, rounds);
	printf("  recovery over every interrupted sync: median %.2f s, max %.2f s (aim: max under %.1f s: %s)\n", med,
	       max, s_aim, max < s_aim ? "met" : "not met");
	printf("  ops created and applied exactly once: %lld; lost 0 and duplicated 0 unless a failure is listed; "
	       "integrity_check after every round on %d stores\n",
	       ops, NCLIENTS);
	printf("lkfaults: %s (%d failures)\n", s_failures ? "FAILED" : "PASSED", s_failures);
	return s_failures ? 1 : 0;
}
