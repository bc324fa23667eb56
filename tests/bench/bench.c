/* lokmin-bench: measures lokmind against raw libzmq; one subcommand per measurement, each on a lokmind of its own. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "lk_error.h"
#include "lk_keys.h"

/* Later measurements are added here. */
static const struct bench_cmd s_cmds[] = {
	{"ping", bench_ping, "Ping round trips through lokmind against a raw libzmq CURVE echo"},
	{"push", bench_push, "Meeting ops pushed through lokmind against raw libpq pipelined inserts"},
	{"pull", bench_pull, "A new client's snapshot bootstrap into its SQLite store"},
	{"clients", bench_clients, "Many connected devices pushing and pulling at once; lokmind's memory"},
	{"report", bench_report, "The district's reports run by lokmin on a store holding a year of a kabupaten"},
	{"peer", bench_peer, "The same records both ways through lokmin and through PouchDB replicating to express-pouchdb"},
	{"ui", bench_ui, "Each page of lokmin ui over HTTP on a puskesmas store holding years of its records"},
};

volatile sig_atomic_t bench_interrupted;

static void s_on_signal(int sig)
{
	(void)sig;
	bench_interrupted = 1;
}

uint64_t bench_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* utime + stime of /proc/<pid>/stat, and its command name into comm when not NULL. */
static double s_stat_cpu(const char *pid, char *comm, size_t commlen)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%s/stat", pid);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return 0;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* "pid (comm) state ppid ...": fields 14 and 15 are utime and stime, in clock ticks. */
	char *open = strchr(buf, '('), *close = strrchr(buf, ')');
	if (open == NULL || close == NULL)
		return 0;
	if (comm)
		snprintf(comm, commlen, "%.*s", (int)(close - open - 1), open + 1);
	unsigned long long ut = 0, st = 0;
	if (sscanf(close + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
		return 0;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

double bench_self_cpu_s(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0;
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
	       ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e6;
}

double bench_proc_cpu_s(int pid)
{
	char p[24];
	snprintf(p, sizeof p, "%d", pid);
	return s_stat_cpu(p, NULL, 0);
}

double bench_postgres_cpu_s(void)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	double sum = 0;
	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		char comm[64] = "";
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		double c = s_stat_cpu(de->d_name, comm, sizeof comm);
		if (strcmp(comm, "postgres") == 0)
			sum += c;
	}
	closedir(d);
	return sum;
}

int bench_parse_count(const char *opt, const char *arg, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	/* strtoull would quietly accept "-1" as a huge number. */
	v = arg[0] >= '0' && arg[0] <= '9' ? strtoull(arg, &end, 10) : 0;
	if (arg[0] < '0' || arg[0] > '9' || errno != 0 || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "lokmin-bench: %s wants a whole number from %" PRIu64 " to %" PRIu64 ", not \"%s\"\n",
		        opt, min, max, arg);
		return -1;
	}
	*out = v;
	return 0;
}

static int s_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted v: always a latency that really occurred. */
static double s_percentile_us(const uint64_t *v, uint64_t n, double p)
{
	uint64_t rank = (uint64_t)ceil(p * (double)n);
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return (double)v[rank - 1] / 1000.0;
}

void bench_figures_compute(struct bench_figures *f, uint64_t *lat_ns, uint64_t n, uint64_t elapsed_ns)
{
	memset(f, 0, sizeof *f);
	f->n = n;
	if (n == 0)
		return;
	qsort(lat_ns, n, sizeof *lat_ns, s_cmp_u64);
	f->rate = elapsed_ns ? (double)n * 1e9 / (double)elapsed_ns : 0;
	f->p50_us = s_percentile_us(lat_ns, n, 0.50);
	f->p99_us = s_percentile_us(lat_ns, n, 0.99);
}

int bench_site_up(struct bench_site *b, const char *pg, int workers)
{
	memset(b, 0, sizeof *b);
	/* lkt reads the server from the environment, also when it drops the database. */
	if (pg != NULL && setenv("LOKMIN_TEST_PG", pg, 1) != 0) {
		fprintf(stderr, "lokmin-bench: cannot set LOKMIN_TEST_PG: %s\n", strerror(errno));
		return -1;
	}
	if (getenv("LOKMIN_TEST_PG") == NULL || getenv("LOKMIN_TEST_PG")[0] == '\0') {
		fprintf(stderr, "lokmin-bench: no PostgreSQL: set LOKMIN_TEST_PG or give --pg CONNINFO\n");
		return -1;
	}
	b->inited = 1;
	if (lkt_server_init(&b->srv, workers) != 0) {
		fprintf(stderr, "lokmin-bench: cannot prepare lokmind (database, keys, regions)\n");
		return -1;
	}
	if (lkt_server_start(&b->srv) != 0) {
		fprintf(stderr, "lokmin-bench: lokmind did not start\n");
		return -1;
	}
	return 0;
}

int bench_site_client(struct bench_site *b, const char *name, const char *role, const char *scope, lk_conn **out)
{
	char home[512], err[512];
	lk_curve_pair dev, srv;
	Lokmin__Request req = LOKMIN__REQUEST__INIT;
	Lokmin__PingRequest ping = LOKMIN__PING_REQUEST__INIT;
	Lokmin__Reply *rep = NULL;
	int rc;

	*out = NULL;
	lkt_home(&b->srv, name, home, sizeof home);
	if (lkt_enroll(&b->srv, home, role, scope) != 0) {
		fprintf(stderr, "lokmin-bench: cannot enroll %s %s\n", role, scope);
		return -1;
	}
	if ((rc = lk_curve_load(&dev, home, "device")) != 0) {
		fprintf(stderr, "lokmin-bench: %s/device.key: %s\n", home, lk_strerror(rc));
		return -1;
	}
	if ((rc = lk_curve_load(&srv, b->srv.keydir, "server")) != 0) {
		fprintf(stderr, "lokmin-bench: %s/server.pub: %s\n", b->srv.keydir, lk_strerror(rc));
		lk_curve_wipe(&dev);
		return -1;
	}
	*out = lk_conn_new(b->srv.endpoint, srv.public_z85, &dev, err, sizeof err);
	lk_curve_wipe(&dev);
	lk_curve_wipe(&srv);
	if (*out == NULL) {
		fprintf(stderr, "lokmin-bench: %s\n", err);
		return -1;
	}
	/* The handshake and the worker's first look at the device must not land in a measurement. */
	req.body_case = LOKMIN__REQUEST__BODY_PING;
	req.ping = &ping;
	rc = lk_conn_call(*out, &req, BENCH_REPLY_TIMEOUT_MS, &rep);
	if (rc != 0)
		fprintf(stderr, "lokmin-bench: first ping as %s: %s\n", name, lk_conn_error(*out));
	lk_reply_free(rep);
	if (rc != 0) {
		lk_conn_destroy(out);
		return -1;
	}
	return 0;
}

/* The last lines of lokmind's log, before lkt removes it with the folder. */
static void s_log_tail(const char *path, int lines)
{
	char **ring = calloc((size_t)lines, sizeof *ring), buf[1024];
	FILE *f = fopen(path, "r");
	long n = 0;

	if (ring == NULL || f == NULL) {
		free(ring);
		if (f)
			fclose(f);
		return;
	}
	while (fgets(buf, sizeof buf, f)) {
		free(ring[n % lines]);
		ring[n % lines] = strdup(buf);
		n++;
	}
	fclose(f);
	fprintf(stderr, "lokmin-bench: last lines of %s:\n", path);
	for (long i = n > lines ? n - lines : 0; i < n; i++)
		if (ring[i % lines])
			fprintf(stderr, "  %s", ring[i % lines]);
	for (int i = 0; i < lines; i++)
		free(ring[i]);
	free(ring);
}

int bench_site_down(struct bench_site *b, int ok)
{
	int rc = 0;

	if (!b->inited)
		return 0;
	if (b->srv.pid > 0) {
		/* A clean stop is part of a good run: lokmind must drain and exit 0. */
		int st = lkt_server_stop(&b->srv, SIGTERM, 10000);
		if (st != 0) {
			fprintf(stderr, "lokmin-bench: lokmind did not stop cleanly (status %d)\n", st);
			rc = -1;
		}
	}
	/* After an interruption the log only shows requests that went well. */
	if ((!ok && !bench_interrupted) || rc != 0)
		s_log_tail(b->srv.log, 15);
	lkt_server_fini(&b->srv);
	b->inited = 0;
	return rc;
}

static void s_usage(FILE *out)
{
	fprintf(out, "usage: lokmin-bench COMMAND [OPTIONS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof s_cmds / sizeof s_cmds[0]; i++)
		fprintf(out, "  %-10s %s\n", s_cmds[i].name, s_cmds[i].summary);
	fprintf(out, "\nEach command but report starts a lokmind of its own with a database inside the\n"
	             "PostgreSQL named by LOKMIN_TEST_PG (or --pg CONNINFO) and removes both at the end;\n"
	             "report and ui need neither and work in a folder of their own under $TMPDIR.\n"
	             "`lokmin-bench COMMAND --help` lists the command's options.\n");
}

int main(int argc, char **argv)
{
	struct sigaction sa;

	if (argc < 2) {
		s_usage(stderr);
		return BENCH_USAGE;
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		s_usage(stdout);
		return BENCH_OK;
	}
	/* No SA_RESTART: an interrupted wait returns and the run winds down through cleanup. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = s_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	for (size_t i = 0; i < sizeof s_cmds / sizeof s_cmds[0]; i++)
		if (strcmp(argv[1], s_cmds[i].name) == 0)
			return s_cmds[i].run(argc - 1, argv + 1);
	fprintf(stderr, "lokmin-bench: unknown command \"%s\"\n\n", argv[1]);
	s_usage(stderr);
	return BENCH_USAGE;
}

int bench_parse_opts(int argc, char **argv, const char *mode, const struct bench_opt *opts, size_t n,
                     void (*usage)(FILE *out))
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return -1;
		}
		/* --name VALUE or --name=VALUE */
		const char *eq = strchr(a, '='), *inline_value = eq ? eq + 1 : NULL;
		size_t len = eq ? (size_t)(eq - a) : strlen(a), k;
		for (k = 0; k < n && (strncmp(a, "--", 2) || len - 2 != strlen(opts[k].name) ||
		                      strncmp(a + 2, opts[k].name, len - 2));
		     k++)
			;
		if (k == n) {
			if (a[0] == '-')
				usage(stderr);
			else
				fprintf(stderr, "lokmin-bench %s: unexpected argument \"%s\"\n", mode, a);
			return BENCH_USAGE;
		}
		const struct bench_opt *o = &opts[k];
		if (o->kind == BENCH_OPT_FLAG && inline_value == NULL) {
			*(int *)o->dst = o->value;
			continue;
		}
		if (o->kind == BENCH_OPT_FLAG || (inline_value == NULL && i + 1 >= argc)) {
			fprintf(stderr, "lokmin-bench %s: --%s %s\n", mode, o->name,
			        o->kind == BENCH_OPT_FLAG ? "takes no value" : "needs a value");
			return BENCH_USAGE;
		}
		const char *v = inline_value ? inline_value : argv[++i];
		if (o->kind == BENCH_OPT_TEXT)
			*(const char **)o->dst = v;
		else {
			char flag[64];
			snprintf(flag, sizeof flag, "--%s", o->name);
			if (bench_parse_count(flag, v, o->min, o->max, (uint64_t *)o->dst) != 0)
				return BENCH_USAGE;
		}
	}
	return 0;
}
