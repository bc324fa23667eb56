/* lkt: test support: private databases, a real lokmind process and real lokmin runs. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sodium.h>

#include "lkt.h"

static const char *s_base(void)
{
	const char *pg = getenv("LOKMIN_TEST_PG");
	if (pg == NULL || *pg == '\0') {
		fprintf(stderr, "LOKMIN_TEST_PG is not set: these tests need a PostgreSQL server "
		                "(scripts/test.sh starts one)\n");
		return NULL;
	}
	return pg;
}

static PGconn *s_connect(const char *conninfo)
{
	PGconn *pg = PQconnectdb(conninfo);
	if (PQstatus(pg) != CONNECTION_OK) {
		fprintf(stderr, "lkt: connect %s: %s", conninfo, PQerrorMessage(pg));
		PQfinish(pg);
		return NULL;
	}
	PQclear(PQexec(pg, "SET client_min_messages = warning"));
	return pg;
}

static int s_exec(const char *conninfo, const char *sql)
{
	PGconn *pg = s_connect(conninfo);
	if (pg == NULL)
		return -1;
	PGresult *r = PQexec(pg, sql);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "lkt: %s: %s", sql, PQerrorMessage(pg));
	PQclear(r);
	PQfinish(pg);
	return ok ? 0 : -1;
}

int lkt_db_create(struct lkt_db *db)
{
	const char *base = s_base();
	char sql[128];
	if (base == NULL || sodium_init() < 0)
		return -1;
	snprintf(db->name, sizeof db->name, "lkt_%d_%08x", (int)getpid(), randombytes_random());
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", db->name);
	if (s_exec(base, sql) != 0)
		return -1;
	snprintf(db->conninfo, sizeof db->conninfo, "%s dbname=%s", base, db->name);
	return 0;
}

void lkt_db_drop(struct lkt_db *db)
{
	const char *base = s_base();
	char sql[128];
	if (base == NULL || db->name[0] == '\0')
		return;
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", db->name);
	s_exec(base, sql);
	db->name[0] = '\0';
}

long long lkt_sql_num(const struct lkt_db *db, const char *sql)
{
	char *v = lkt_sql_value(db, sql);
	long long n = v && v[0] ? atoll(v) : LLONG_MIN;
	if (v == NULL || v[0] == '\0')
		fprintf(stderr, "lkt: no value from %s\n", sql);
	free(v);
	return n;
}

int lkt_sql(const struct lkt_db *db, const char *sql)
{
	return s_exec(db->conninfo, sql);
}

char *lkt_sql_value(const struct lkt_db *db, const char *sql)
{
	PGconn *pg = s_connect(db->conninfo);
	char *v = NULL;
	if (pg == NULL)
		return NULL;
	PGresult *r = PQexec(pg, sql);
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0)
		v = strdup(PQgetvalue(r, 0, 0));
	else if (PQresultStatus(r) != PGRES_TUPLES_OK)
		fprintf(stderr, "lkt: %s: %s", sql, PQerrorMessage(pg));
	PQclear(r);
	PQfinish(pg);
	return v;
}

/* Read what is available on fd into *buf (growing). Returns 0 at EOF. */
static int s_slurp(int fd, char **buf, size_t *len)
{
	char tmp[8192];
	ssize_t n = read(fd, tmp, sizeof tmp);
	if (n <= 0)
		return n == 0 || errno != EINTR ? 0 : 1;
	char *nb = realloc(*buf, *len + (size_t)n + 1);
	if (nb == NULL)
		return 0;
	memcpy(nb + *len, tmp, (size_t)n);
	*len += (size_t)n;
	nb[*len] = '\0';
	*buf = nb;
	return 1;
}

static uint64_t s_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int lkt_run(char **out, char **err, const char *const *argv, const char *const *env, int timeout_ms)
{
	int po[2], pe[2], status = -1;
	char *bo = NULL, *be = NULL;
	size_t lo = 0, le = 0;

	if (pipe(po) != 0 || pipe(pe) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);
		dup2(devnull, 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]);
		close(pe[0]);
		for (int i = 0; env && env[i]; i++)
			putenv((char *)env[i]);
		execv(argv[0], (char *const *)argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	bo = calloc(1, 1);
	be = calloc(1, 1);
	uint64_t deadline = s_ms() + (uint64_t)timeout_ms;
	int open_o = 1, open_e = 1, killed = 0;
	while (open_o || open_e) {
		struct pollfd fds[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
		int64_t left = (int64_t)(deadline - s_ms());
		if (left <= 0 && !killed) {
			kill(pid, SIGKILL);
			killed = 1;
		}
		poll(fds, 2, left > 0 ? (int)left : 100);
		if (open_o && (fds[0].revents & (POLLIN | POLLHUP)))
			open_o = s_slurp(po[0], &bo, &lo);
		if (open_e && (fds[1].revents & (POLLIN | POLLHUP)))
			open_e = s_slurp(pe[0], &be, &le);
	}
	close(po[0]);
	close(pe[0]);
	if (waitpid(pid, &status, 0) == pid)
		status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (out)
		*out = bo;
	else
		free(bo);
	if (err)
		*err = be;
	else
		free(be);
	return status;
}

char *lkt_pdf_text(const char *pdf, int page, int layout)
{
	char cmd[1400], range[64] = "";
	if (page)
		snprintf(range, sizeof range, " -f %d -l %d", page, page);
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8%s%s '%s' -", layout ? " -layout" : "", range, pdf);
	FILE *f = popen(cmd, "r");
	size_t n = 0, cap = 1 << 16, r;
	char *s = malloc(cap);
	if (f == NULL || s == NULL) {
		fprintf(stderr, "%s: cannot run\n", cmd);
		abort(); /* the test fails here, not on a NULL further on */
	}
	while ((r = fread(s + n, 1, cap - n - 1, f)) > 0)
		if ((n += r) + 1 >= cap && (s = realloc(s, cap *= 2)) == NULL)
			abort();
	s[n] = '\0';
	if (pclose(f) != 0) {
		fprintf(stderr, "%s failed\n", cmd);
		abort();
	}
	return s;
}

int lkt_free_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	close(fd);
	return port;
}

int lkt_lokmind(struct lkt_server *s, char **out, char **err, const char *const *args)
{
	const char *argv[32] = {LOKMIND_BIN};
	int n = 1;
	for (int i = 0; args[i] && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	return lkt_run(out, err, argv, s->envp, 30000);
}

static int s_admin(struct lkt_server *s, const char *const *args)
{
	char *err = NULL;
	int rc = lkt_lokmind(s, NULL, &err, args);
	if (rc != 0)
		fprintf(stderr, "lkt: lokmind %s %s: exit %d: %s\n", args[0], args[1] ? args[1] : "", rc, err);
	free(err);
	return rc == 0 ? 0 : -1;
}

int lkt_server_init(struct lkt_server *s, int workers)
{
	memset(s, 0, sizeof *s);
	s->workers = workers;
	snprintf(s->dir, sizeof s->dir, "/tmp/lkt.XXXXXX");
	if (mkdtemp(s->dir) == NULL || lkt_db_create(&s->db) != 0)
		return -1;
	snprintf(s->keydir, sizeof s->keydir, "%s/keys", s->dir);
	snprintf(s->log, sizeof s->log, "%s/lokmind.log", s->dir);
	s->port = lkt_free_port();
	snprintf(s->endpoint, sizeof s->endpoint, "tcp://127.0.0.1:%d", s->port);
	snprintf(s->env[0], sizeof s->env[0], "LOKMIN_DB=%s", s->db.conninfo);
	snprintf(s->env[1], sizeof s->env[1], "LOKMIN_KEY_DIR=%s", s->keydir);
	snprintf(s->env[2], sizeof s->env[2], "LOKMIN_BIND=%s", s->endpoint);
	snprintf(s->env[3], sizeof s->env[3], "LOKMIN_PUBLIC_ENDPOINT=%s", s->endpoint);
	snprintf(s->env[4], sizeof s->env[4], "LOKMIN_WORKERS=%d", workers);
	snprintf(s->env[5], sizeof s->env[5], "LOKMIN_LOG_LEVEL=info");
	/* Tests enroll many devices from one address in a moment; a test of the
	 * Enroll limit itself overwrites these before lkt_server_start. */
	snprintf(s->env[6], sizeof s->env[6], "LOKMIN_ENROLL_RATE=10000");
	snprintf(s->env[7], sizeof s->env[7], "LOKMIN_ENROLL_RATE_GLOBAL=10000");
	s->nenv = 8;
	for (int i = 0; i < s->nenv; i++)
		s->envp[i] = s->env[i];
	s->envp[s->nenv] = NULL;

	const char *const steps[][7] = {
		{"keygen", NULL},
		{"migrate", NULL},
		{"catalogue", "load", NULL},
		{"org", "add-kabupaten", "3324", "Kendal", NULL},
		{"org", "add-kecamatan", "332401", "Kaliwungu", NULL},
		{"org", "add-kecamatan", "332402", "Brangsong", NULL},
		{"org", "add-puskesmas", "P3324010101", "Puskesmas Kaliwungu", NULL},
		{"org", "add-puskesmas", "P3324010102", "Puskesmas Kaliwungu Selatan", NULL},
		{"org", "add-desa", "3324010001", "Kutoharjo", "--puskesmas", "P3324010101"},
		{"org", "add-desa", "3324010002", "Sarirejo", "--puskesmas", "P3324010101"},
		{"org", "add-puskesmas", "P3324020101", "Puskesmas Brangsong", NULL},
		{"org", "add-kabupaten", "3325", "Batang", NULL},
		{"org", "add-kecamatan", "332501", "Wonotunggal", NULL},
		{"org", "add-puskesmas", "P3325010101", "Puskesmas Wonotunggal", NULL},
	};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (s_admin(s, steps[i]) != 0)
			return -1;
	return 0;
}

/* The last part of lokmind's log on standard error, to see why it stopped. */
static void s_log_tail(const struct lkt_server *s)
{
	char buf[2048];
	FILE *f = fopen(s->log, "r");
	if (f == NULL)
		return;
	if (fseek(f, -(long)(sizeof buf - 1), SEEK_END) != 0)
		rewind(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	fprintf(stderr, "lkt: the end of %s:\n%s\n", s->log, buf);
}

/* Start lokmind once; 0 when it listens, 1 when it exited at start, -1 when it did not start in 10 s. */
static int s_server_start_once(struct lkt_server *s)
{
	/* A restart appends to the same log: wait for a line after the ones there. */
	int before = lkt_log_count(s, " listening on ");
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open(s->log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		int devnull = open("/dev/null", O_RDONLY);
		dup2(devnull, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		for (int i = 0; s->envp[i]; i++)
			putenv((char *)s->envp[i]);
		/* LKT_LOKMIND_WRAP runs lokmind under a tool, e.g. "valgrind --tool=callgrind". */
		const char *wrap = getenv("LKT_LOKMIND_WRAP");
		if (wrap && *wrap) {
			char cmd[1024];
			snprintf(cmd, sizeof cmd, "exec %s %s serve", wrap, LOKMIND_BIN);
			execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		}
		execl(LOKMIND_BIN, LOKMIND_BIN, "serve", (char *)NULL);
		_exit(127);
	}
	s->pid = pid;
	/* Ready once the log says it listens. */
	for (int i = 0; i < 1000; i++) {
		int st;
		if (waitpid(pid, &st, WNOHANG) == pid) {
			s->pid = 0;
			return 1;
		}
		if (lkt_log_count(s, " listening on ") > before)
			return 0;
		usleep(10000);
	}
	fprintf(stderr, "lkt: lokmind did not start within 10 s\n");
	return -1;
}

void lkt_server_twin(const struct lkt_server *s, struct lkt_server *t, const char *name)
{
	*t = *s;
	t->pid = 0;
	t->port = lkt_free_port();
	snprintf(t->endpoint, sizeof t->endpoint, "tcp://127.0.0.1:%d", t->port);
	snprintf(t->log, sizeof t->log, "%s/lokmind-%s.log", s->dir, name);
	snprintf(t->env[2], sizeof t->env[2], "LOKMIN_BIND=%s", t->endpoint);
	snprintf(t->env[3], sizeof t->env[3], "LOKMIN_PUBLIC_ENDPOINT=%s", t->endpoint);
	for (int i = 0; i < t->nenv; i++)
		t->envp[i] = t->env[i];
	t->envp[t->nenv] = NULL;
}

int lkt_server_pair(struct lkt_server *a, struct lkt_server *b, struct lkt_server *both, int workers)
{
	if (lkt_server_init(a, workers) != 0 || lkt_server_start(a) != 0)
		return -1;
	lkt_server_twin(a, b, "b");
	if (lkt_server_start(b) != 0)
		return -1;
	lkt_server_twin(a, both, "admin");
	snprintf(both->env[3], sizeof both->env[3], "LOKMIN_PUBLIC_ENDPOINT=%s,%s", a->endpoint, b->endpoint);
	return 0;
}

void lkt_server_pair_fini(struct lkt_server *a, struct lkt_server *b)
{
	if (b->pid > 0)
		lkt_server_stop(b, SIGTERM, 10000);
	lkt_server_fini(a); /* the database and the folder, shared */
}

int lkt_server_setenv(struct lkt_server *s, const char *name_value)
{
	size_t n = strcspn(name_value, "=");
	int i;
	for (i = 0; i < s->nenv && !(strncmp(s->env[i], name_value, n) == 0 && s->env[i][n] == '='); i++)
		;
	if (i == s->nenv) {
		if (s->nenv + 1 >= (int)(sizeof s->env / sizeof s->env[0]))
			return -1;
		s->nenv++;
	}
	snprintf(s->env[i], sizeof s->env[i], "%s", name_value);
	s->envp[i] = s->env[i];
	s->envp[s->nenv] = NULL;
	return 0;
}

int lkt_server_start(struct lkt_server *s)
{
	int first = lkt_log_count(s, " listening on ") == 0;
	for (int attempt = 0;; attempt++) {
		int rc = s_server_start_once(s);
		if (rc <= 0)
			return rc;
		/* The free port lkt_server_init chose can be taken by a test running beside this one before
		 * lokmind binds it. Before anything was enrolled the endpoint may still change: take another. */
		if (first && attempt < 4 && lkt_log_count(s, "in use") > 0) {
			fprintf(stderr, "lkt: port %d was taken meanwhile; lokmind tries another\n", s->port);
			if (truncate(s->log, 0) != 0)
				return -1;
			s->port = lkt_free_port();
			snprintf(s->endpoint, sizeof s->endpoint, "tcp://127.0.0.1:%d", s->port);
			snprintf(s->env[2], sizeof s->env[2], "LOKMIN_BIND=%s", s->endpoint);
			snprintf(s->env[3], sizeof s->env[3], "LOKMIN_PUBLIC_ENDPOINT=%s", s->endpoint);
			continue;
		}
		fprintf(stderr, "lkt: lokmind exited at start; log %s\n", s->log);
		s_log_tail(s);
		return -1;
	}
}

int lkt_server_stop(struct lkt_server *s, int sig, int timeout_ms)
{
	int st;
	if (s->pid <= 0)
		return -1;
	kill(s->pid, sig);
	for (int waited = 0; waited < timeout_ms; waited += 10) {
		if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
			s->pid = 0;
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		}
		usleep(10000);
	}
	kill(s->pid, SIGKILL);
	waitpid(s->pid, &st, 0);
	s->pid = 0;
	return -1;
}

void lkt_server_fini(struct lkt_server *s)
{
	char cmd[400];
	if (s->pid > 0)
		lkt_server_stop(s, SIGKILL, 5000);
	lkt_db_drop(&s->db);
	if (s->dir[0] && getenv("LKT_KEEP") == NULL) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->dir);
		if (system(cmd) != 0)
			fprintf(stderr, "lkt: cannot remove %s\n", s->dir);
	}
}

char *lkt_token(struct lkt_server *s, const char *role, const char *scope, const char *ttl)
{
	const char *args[] = {"token", "issue", "--role", role, "--scope", scope, "--ttl", ttl ? ttl : "72h", NULL};
	char *out = NULL;
	if (lkt_lokmind(s, &out, NULL, args) != 0) {
		free(out);
		return NULL;
	}
	char *nl = strchr(out, '\n');
	if (nl)
		*nl = '\0';
	return out;
}

void lkt_home(struct lkt_server *s, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s/%s", s->dir, name);
}

int lkt_lokmin(const char *home, char **out, char **err, const char *const *args)
{
	const char *argv[40] = {LOKMIN_BIN, "--home", home};
	int n = 3;
	for (int i = 0; args[i] && n < 39; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	return lkt_run(out, err, argv, NULL, 30000);
}

int lkt_enroll(struct lkt_server *s, const char *home, const char *role, const char *scope)
{
	char *line = lkt_token(s, role, scope, NULL), *err = NULL;
	if (line == NULL)
		return -1;
	const char *args[] = {"enroll", line, NULL};
	int rc = lkt_lokmin(home, NULL, &err, args);
	if (rc != 0)
		fprintf(stderr, "lkt: enroll %s %s: %s\n", role, scope, err);
	free(line);
	free(err);
	return rc == 0 ? 0 : -1;
}

int lkt_device_id(const char *home, char out[37])
{
	char path[400], line[256];
	snprintf(path, sizeof path, "%s/profile", home);
	FILE *f = fopen(path, "r");
	int rc = -1;
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "device_id = %36s", out) == 1)
			rc = 0;
	fclose(f);
	return rc;
}

int lkt_log_count(struct lkt_server *s, const char *needle)
{
	FILE *f = fopen(s->log, "r");
	char line[4096];
	int n = 0;
	if (f == NULL)
		return 0;
	while (fgets(line, sizeof line, f))
		if (strstr(line, needle))
			n++;
	fclose(f);
	return n;
}

/* ---------------------------------------------------------------- raw sockets */

#include <zmq.h>

void *lkt_dealer(void *zctx, struct lkt_server *s, const lk_curve_pair *kp)
{
	lk_curve_pair fresh, server;
	int zero = 0;
	if (kp == NULL) {
		if (lk_curve_generate(&fresh) != 0)
			return NULL;
		kp = &fresh;
	}
	if (lk_curve_load(&server, s->keydir, "server") != 0)
		return NULL;
	void *d = zmq_socket(zctx, ZMQ_DEALER);
	zmq_setsockopt(d, ZMQ_LINGER, &zero, sizeof zero);
	zmq_setsockopt(d, ZMQ_CURVE_SERVERKEY, server.public_z85, 40);
	zmq_setsockopt(d, ZMQ_CURVE_PUBLICKEY, kp->public_z85, 40);
	zmq_setsockopt(d, ZMQ_CURVE_SECRETKEY, kp->secret_z85, 40);
	if (zmq_connect(d, s->endpoint) != 0) {
		zmq_close(d);
		return NULL;
	}
	return d;
}

int lkt_send(void *sock, const Lokmin__Request *r)
{
	uint8_t *buf;
	size_t len;
	if (lk_request_encode(r, &buf, &len) != 0)
		return -1;
	int rc = zmq_send(sock, buf, len, 0);
	free(buf);
	return rc < 0 ? -1 : 0;
}

int lkt_recv(void *sock, int timeout_ms, Lokmin__Reply **rep)
{
	zmq_pollitem_t it = {sock, 0, ZMQ_POLLIN, 0};
	zmq_msg_t m;
	*rep = NULL;
	if (zmq_poll(&it, 1, timeout_ms) <= 0)
		return -1;
	zmq_msg_init(&m);
	if (zmq_msg_recv(&m, sock, 0) < 0) {
		zmq_msg_close(&m);
		return -1;
	}
	*rep = lk_reply_decode(zmq_msg_data(&m), zmq_msg_size(&m));
	zmq_msg_close(&m);
	return *rep ? 0 : -1;
}

int lkt_home_keys(const char *home, lk_curve_pair *kp)
{
	return lk_curve_load(kp, home, "device") == 0 ? 0 : -1;
}

int lkt_log_wait(struct lkt_server *s, const char *needle, int n, int timeout_ms)
{
	int c = lkt_log_count(s, needle);
	for (int waited = 0; c < n && waited < timeout_ms; waited += 20) {
		usleep(20000);
		c = lkt_log_count(s, needle);
	}
	return c;
}
