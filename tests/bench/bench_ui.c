/* bench ui: each page of `lokmin ui`, found from its menu, timed over HTTP on a puskesmas device holding years of its records. */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "bench_gen.h"
#include "lk_util.h"

#define S_PI 0                     /* the puskesmas: P3324010101, the first of kecamatan 332401 */
#define S_PUSK "P" BENCH_GEN_KAB "010101"
#define S_KEC BENCH_GEN_KAB "01"
#define S_LAST_YEAR 2026
#define S_NOW "2026-11-20T02:00:00Z" /* a Friday morning of the last year, with work due and overdue */
#define S_PASS "bench-password-1"
#define S_AIM_MS 50.0
#define S_MAX_PAGES 64
#define S_RUN_TIMEOUT_MS 60000
#define S_START_TIMEOUT_MS 30000

/* The accounts measured: who they are in the staff list bench_gen writes. */
static const struct {
	const char *login, *person, *role;
} s_accounts[] = {
	{"kapus", "Pegawai 1-01", "kapus"},
	{"pj", "Pegawai 1-03", "pj_program"},
};

/* ---------------------------------------------------------------- the ui process */

struct s_ui {
	char home[512], log[600], base[64];
	pid_t pid;
};

/* Add an account with the password on stdin, as an office would. 0 or -1. */
static int s_add_user(const char *bin, const char *home, const char *login, const char *person)
{
	char cmd[2000], *out = NULL, *err = NULL;
	snprintf(cmd, sizeof cmd, "printf '%%s\\n' '%s' | '%s' --home '%s' ui --add-user '%s' --person '%s' --lang id",
	         S_PASS, bin, home, login, person);
	const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
	int rc = lkt_run(&out, &err, argv, NULL, S_RUN_TIMEOUT_MS);
	if (rc != 0)
		fprintf(stderr, "lokmin-bench: lokmin ui --add-user %s --person '%s' exited %d:\n%s%s", login, person, rc,
		        err ? err : "", out ? out : "");
	free(out);
	free(err);
	return rc == 0 ? 0 : -1;
}

/* A curl handle for base+path that drops what it gets unless told otherwise. */
static CURL *s_curl(CURL *c, const char *base, const char *path)
{
	char url[600];
	snprintf(url, sizeof url, "%s%s", base, path);
	if (c == NULL && (c = curl_easy_init()) == NULL)
		return NULL;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)BENCH_REPLY_TIMEOUT_MS);
	return c;
}

/* Start `lokmin ui` on a free loopback port with LOKMIN_NOW set; up when /login answers. 0 or -1. */
static int s_ui_start(struct s_ui *u, const char *bin)
{
	char listen[40];
	int port = lkt_free_port();

	snprintf(u->log, sizeof u->log, "%s/ui.log", u->home);
	snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
	snprintf(u->base, sizeof u->base, "http://%s", listen);
	/* No lokmind: the ui works offline, and its syncs wait a day so none runs during the measurement. */
	const char *argv[] = {bin, "--home", u->home, "--timeout", "1s", "ui", "--listen", listen, "--sync-every", "24h",
	                      NULL};
	if ((u->pid = fork()) < 0) {
		fprintf(stderr, "lokmin-bench: fork: %s\n", strerror(errno));
		return -1;
	}
	if (u->pid == 0) {
		int fd = open(u->log, O_WRONLY | O_CREAT | O_APPEND, 0600), null = open("/dev/null", O_RDWR);
		if (fd < 0 || null < 0 || dup2(fd, 2) < 0 || dup2(null, 1) < 0 || dup2(null, 0) < 0)
			_exit(126);
		setenv("LOKMIN_NOW", S_NOW, 1);
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	for (uint64_t t0 = bench_now_ns(); bench_now_ns() - t0 < (uint64_t)S_START_TIMEOUT_MS * 1000000u;) {
		CURL *c = s_curl(NULL, u->base, "/login");
		if (c == NULL)
			return -1;
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
		CURLcode rc = curl_easy_perform(c);
		curl_easy_cleanup(c);
		if (rc == CURLE_OK)
			return 0;
		if (waitpid(u->pid, NULL, WNOHANG) == u->pid) {
			u->pid = -1;
			fprintf(stderr, "lokmin-bench: lokmin ui ended at its start; see %s\n", u->log);
			return -1;
		}
		usleep(50000);
	}
	fprintf(stderr, "lokmin-bench: lokmin ui did not answer within %d s; see %s\n", S_START_TIMEOUT_MS / 1000, u->log);
	return -1;
}

/* SIGTERM; a good run ends with the ui exiting 0 within ten seconds. 0 or -1. */
static int s_ui_stop(struct s_ui *u)
{
	int st = 0;
	if (u->pid <= 0)
		return 0;
	kill(u->pid, SIGTERM);
	for (int i = 0; i < 200 && waitpid(u->pid, &st, WNOHANG) == 0; i++)
		usleep(50000);
	if (waitpid(u->pid, &st, WNOHANG) == 0) {
		kill(u->pid, SIGKILL);
		waitpid(u->pid, &st, 0);
		st = -1;
	}
	u->pid = -1;
	if (st != 0 || !WIFEXITED(st)) {
		fprintf(stderr, "lokmin-bench: lokmin ui did not stop cleanly (status %d); see its log\n", st);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- HTTP */

struct s_answer {
	char *head, *body;
	size_t nhead, nbody;
};

static size_t s_grow(char **p, size_t *len, const char *data, size_t add)
{
	char *np = realloc(*p, *len + add + 1);
	if (np == NULL)
		return 0;
	memcpy(np + *len, data, add);
	*len += add;
	np[*len] = '\0';
	*p = np;
	return add;
}

static size_t s_on_head(char *data, size_t size, size_t n, void *arg)
{
	struct s_answer *a = arg;
	/* A redirect's headers are not the final answer's. */
	if (size * n >= 5 && !strncmp(data, "HTTP/", 5))
		a->nhead = 0;
	return s_grow(&a->head, &a->nhead, data, size * n);
}

static size_t s_on_body(char *data, size_t size, size_t n, void *arg)
{
	struct s_answer *a = arg;
	return s_grow(&a->body, &a->nbody, data, size * n);
}

static void s_answer_free(struct s_answer *a)
{
	free(a->head);
	free(a->body);
	memset(a, 0, sizeof *a);
}

/* One request on the account's handle c (kept alive between requests, as a
 * browser keeps its connection); the answer in *a, its status returned, -1
 * when the transfer failed. *rt_ns gets the round trip. */
static long s_request(CURL *c, const char *base, const char *path, const char *cookie, const char *post,
                      struct s_answer *a, uint64_t *rt_ns)
{
	long status = -1;
	memset(a, 0, sizeof *a);
	s_curl(c, base, path);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, s_on_head);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, a);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, s_on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, a);
	curl_easy_setopt(c, CURLOPT_COOKIE, cookie && cookie[0] ? cookie : NULL);
	if (post)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, post);
	else
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	uint64_t t0 = bench_now_ns();
	CURLcode rc = curl_easy_perform(c);
	if (rt_ns)
		*rt_ns = bench_now_ns() - t0;
	if (rc != CURLE_OK) {
		fprintf(stderr, "lokmin-bench: %s %s: %s\n", post ? "POST" : "GET", path, curl_easy_strerror(rc));
		return -1;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (a->head == NULL)
		a->head = strdup("");
	if (a->body == NULL)
		a->body = strdup("");
	return a->head && a->body ? status : -1;
}

/* The value of header name in head into out ("" when absent). */
static void s_header(const char *head, const char *name, char *out, size_t n)
{
	size_t len = strlen(name);
	out[0] = '\0';
	for (const char *p = head; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncasecmp(p, name, len) && p[len] == ':') {
			const char *v = p + len + 1 + strspn(p + len + 1, " ");
			snprintf(out, n, "%.*s", (int)strcspn(v, "\r\n"), v);
			return;
		}
}

/* The server's own time for the answer, from `Server-Timing: app;dur=MS`, in ns; -1 when absent. */
static int64_t s_server_ns(const char *head)
{
	char v[128];
	s_header(head, "Server-Timing", v, sizeof v);
	const char *d = strstr(v, "dur=");
	char *end;
	double ms = d ? strtod(d + 4, &end) : -1;
	if (d == NULL || end == d + 4 || ms < 0)
		return -1;
	return (int64_t)(ms * 1e6 + 0.5);
}

/* "name=value" of the cookie name a response sets into out ("" when none). */
static void s_cookie(const char *head, const char *name, char *out, size_t n)
{
	char key[64];
	out[0] = '\0';
	snprintf(key, sizeof key, "%s=", name);
	for (const char *p = head; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncasecmp(p, "Set-Cookie:", 11)) {
			const char *v = p + 11 + strspn(p + 11, " ");
			if (!strncmp(v, key, strlen(key))) {
				snprintf(out, n, "%.*s", (int)strcspn(v, ";\r\n"), v);
				return;
			}
		}
}

/* Log login in on handle c: the form's token and pre-login cookie, then the
 * post; the session cookie into cookie. 0 or -1. */
static int s_login(CURL *c, const char *base, const char *login, char *cookie, size_t n)
{
	struct s_answer a;
	char pre[200], csrf[80], body[400];
	const char *key = "name=\"csrf\" value=\"";
	long st = s_request(c, base, "/login", NULL, NULL, &a, NULL);
	const char *p = st == 200 ? strstr(a.body, key) : NULL;

	s_cookie(a.head ? a.head : "", "lk_login", pre, sizeof pre);
	if (p == NULL || !pre[0]) {
		fprintf(stderr, "lokmin-bench: the login page (%ld) has no form token or login cookie\n", st);
		s_answer_free(&a);
		return -1;
	}
	snprintf(csrf, sizeof csrf, "%.*s", (int)strcspn(p + strlen(key), "\""), p + strlen(key));
	s_answer_free(&a);
	snprintf(body, sizeof body, "csrf=%s&login=%s&password=%s", csrf, login, S_PASS);
	st = s_request(c, base, "/login", pre, body, &a, NULL);
	s_cookie(a.head ? a.head : "", "lk_session", cookie, n);
	s_answer_free(&a);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, NULL);
	if (st != 303 || !cookie[0]) {
		fprintf(stderr, "lokmin-bench: %s could not log in (%ld)\n", login, st);
		return -1;
	}
	return 0;
}

/* Add path (malloc'd) to pages[0..n) unless it is there or not a page of the app; the new count. */
static size_t s_add_page(char **pages, size_t n, size_t max, char *path)
{
	int seen = path == NULL || path[0] != '/' || n == max;
	for (size_t i = 0; i < n && !seen; i++)
		seen = !strcmp(pages[i], path);
	if (seen)
		free(path);
	else
		pages[n++] = path;
	return n;
}

/* The pages every <nav> of html links to (the menu, and on a meeting's page its own pages) added to
 * pages[0..n), at most max; the new count. */
static size_t s_menu(const char *html, char **pages, size_t n, size_t max)
{
	for (const char *nav = strstr(html, "<nav"); nav; nav = strstr(nav + 1, "<nav")) {
		const char *end = strstr(nav, "</nav>");
		for (const char *p = nav; p && p < end; p++) {
			if (strncmp(p, "href=\"", 6) != 0)
				continue;
			p += 6;
			char *path = strndup(p, strcspn(p, "\""));
			/* The menu escapes its links: &amp; is the only entity a path can hold. */
			for (char *q; path && (q = strstr(path, "&amp;")) != NULL;)
				memmove(q + 1, q + 5, strlen(q + 5) + 1);
			n = s_add_page(pages, n, max, path);
		}
	}
	return n;
}

/* ---------------------------------------------------------------- measuring */

struct s_page {
	const char *who;
	char *path;
	long bytes;
	struct bench_figures server, trip;
};

/* GET page p runs times as the session cookie; its figures into p. 0 or -1. */
static int s_time_page(CURL *c, const char *base, const char *cookie, struct s_page *p, uint64_t runs,
                       uint64_t *srv_ns, uint64_t *trip_ns)
{
	struct s_answer a;
	/* Once untimed: the page must answer, and the first request may fill caches. */
	long st = s_request(c, base, p->path, cookie, NULL, &a, NULL);
	p->bytes = (long)a.nbody;
	s_answer_free(&a);
	if (st != 200) {
		fprintf(stderr, "lokmin-bench: GET %s as %s answered %ld, not 200\n", p->path, p->who, st);
		return -1;
	}
	for (uint64_t r = 0; r < runs; r++) {
		if (bench_interrupted)
			return -1;
		st = s_request(c, base, p->path, cookie, NULL, &a, &trip_ns[r]);
		int64_t s = st == 200 ? s_server_ns(a.head) : -1;
		s_answer_free(&a);
		if (st != 200 || s < 0) {
			fprintf(stderr, "lokmin-bench: GET %s as %s: %ld%s\n", p->path, p->who, st,
			        st == 200 ? ", without a Server-Timing app;dur" : "");
			return -1;
		}
		srv_ns[r] = (uint64_t)s;
	}
	bench_figures_compute(&p->server, srv_ns, runs, 0);
	bench_figures_compute(&p->trip, trip_ns, runs, 0);
	return 0;
}

/* Log in as each account, read its menu and time every page on it. Returns
 * the pages measured (into pages), or -1. */
static int s_measure(const char *base, uint64_t runs, struct s_page *pages, size_t max)
{
	uint64_t *srv = calloc(runs, sizeof *srv), *trip = calloc(runs, sizeof *trip);
	int n = 0, rc = 0;

	for (size_t k = 0; srv && trip && rc == 0 && k < LK_ARRAY_LEN(s_accounts); k++) {
		char cookie[200], *paths[S_MAX_PAGES];
		struct s_answer a;
		CURL *c = curl_easy_init();
		if (c == NULL || s_login(c, base, s_accounts[k].login, cookie, sizeof cookie) != 0) {
			curl_easy_cleanup(c);
			rc = -1;
			break;
		}
		long st = s_request(c, base, "/", cookie, NULL, &a, NULL);
		size_t np = st == 200 ? s_menu(a.body, paths, 0, S_MAX_PAGES) : 0;
		s_answer_free(&a);
		if (np == 0) {
			fprintf(stderr, "lokmin-bench: the home page (%ld) of %s has no menu\n", st, s_accounts[k].login);
			rc = -1;
		}
		/* The meeting's own pages (problems, follow-up, minutes) are linked from its attendance page;
		 * the pages that settle conflicts and refused changes from the sync bar, when there are any. */
		if (rc == 0 && s_request(c, base, "/hadir", cookie, NULL, &a, NULL) == 200)
			np = s_menu(a.body, paths, np, S_MAX_PAGES);
		s_answer_free(&a);
		np = s_add_page(paths, np, S_MAX_PAGES, strdup("/konflik"));
		np = s_add_page(paths, np, S_MAX_PAGES, strdup("/ditolak"));
		for (size_t i = 0; i < np; i++) {
			if (rc != 0 || (size_t)n == max) {
				free(paths[i]);
				continue;
			}
			struct s_page *p = &pages[n++];
			p->who = s_accounts[k].role;
			p->path = paths[i];
			rc = s_time_page(c, base, cookie, p, runs, srv, trip);
		}
		curl_easy_cleanup(c);
	}
	if (srv == NULL || trip == NULL)
		fprintf(stderr, "lokmin-bench: out of memory\n");
	free(srv);
	free(trip);
	return srv && trip && rc == 0 ? n : -1;
}

/* ---------------------------------------------------------------- command */

struct s_opts {
	uint64_t years, runs;
	int keep;
	const char *lokmin;
};

static void s_usage(FILE *out)
{
	fprintf(out,
	        "usage: lokmin-bench ui [--years Y] [--runs R] [--keep] [--lokmin PATH]\n"
	        "\n"
	        "Needs no lokmind and no PostgreSQL. Makes the home of an enrolled puskesmas device\n"
	        "(" S_PUSK "; its server is never contacted) and fills its store as a pull does with\n"
	        "Y years up to %d of that puskesmas and its kecamatan: staff, 12 monthly lokmin a\n"
	        "year with their papers, achievement of %d indicators in each desa for every month,\n"
	        "the kecamatan's sectors and quarterly lokmin. Adds the accounts kapus and pj (a\n"
	        "programme holder) with `lokmin ui --add-user`, starts `lokmin ui` on a loopback\n"
	        "port with LOKMIN_NOW=%s, logs in as each, reads the menu of the home page and\n"
	        "GETs every page it links to R times, reading the server's own time from the\n"
	        "Server-Timing header and the round trip from the clock. Prints the median and\n"
	        "p99 of both per page.\n"
	        "\n"
	        "  --years Y      years of records (default 5)\n"
	        "  --runs R       GETs of each page per account (default 50)\n"
	        "  --keep         keep the device's home and print where it is\n"
	        "  --lokmin PATH  the lokmin program to run (default the one built with this)\n"
	        "\n"
	        "Exits 0 whether or not the aim (server time under %.0f ms, median and p99, for\n"
	        "every page) is met; 1 when the store cannot be built, the ui fails or a page does\n"
	        "not answer 200 with its Server-Timing; 2 on bad usage.\n",
	        S_LAST_YEAR, BENCH_GEN_INDICATORS, S_NOW, S_AIM_MS);
}

static int s_parse(int argc, char **argv, struct s_opts *o)
{
	const struct bench_opt opts[] = {
		{"years", BENCH_OPT_COUNT, &o->years, 1, 20, 0},
		{"runs", BENCH_OPT_COUNT, &o->runs, 1, 100000, 0},
		{"keep", BENCH_OPT_FLAG, &o->keep, 0, 0, 1},
		{"lokmin", BENCH_OPT_TEXT, &o->lokmin, 0, 0, 0},
	};
	o->years = 5;
	o->runs = 50;
	o->keep = 0;
	o->lokmin = LOKMIN_BIN;
	return bench_parse_opts(argc, argv, "ui", opts, LK_ARRAY_LEN(opts), s_usage);
}

/* The store: the kecamatan and the puskesmas, years ending with S_LAST_YEAR. */
static int s_build(const char *home, int years)
{
	uint64_t t0 = bench_now_ns();
	int year0 = S_LAST_YEAR - years + 1;
	/* The org list holds both puskesmas of the kecamatan, as a sync leaves it. */
	struct bench_gen *g = bench_gen_open(home, 2);
	int rc = g ? bench_gen_kecamatan(g, S_PI / 2, year0, years) : -1;

	if (rc == 0)
		rc = bench_gen_puskesmas(g, S_PI, year0, years);
	if (rc == 0)
		rc = bench_gen_finish(g, t0);
	bench_gen_close(g);
	return rc;
}

static void s_print(const struct s_page *pages, int n, uint64_t runs)
{
	int met = 1;
	printf("\n%" PRIu64 " GETs of each page per account, one kept-alive connection each; milliseconds:\n"
	       "  %-11s %-24s %8s  %8s %8s  %8s %8s\n",
	       runs, "account", "page", "bytes", "server", "p99", "trip", "p99");
	for (int i = 0; i < n; i++) {
		const struct s_page *p = &pages[i];
		int ok = p->server.p50_us < S_AIM_MS * 1000 && p->server.p99_us < S_AIM_MS * 1000;
		char shown[40];
		/* A meeting's page by its path and "?rapat=..." (the id says nothing to a reader). */
		snprintf(shown, sizeof shown, "%.*s%s", (int)strcspn(p->path, "?"), p->path,
		         strchr(p->path, '?') ? "?rapat=..." : "");
		printf("  %-11s %-24s %8ld  %8.2f %8.2f  %8.2f %8.2f%s\n", p->who, shown, p->bytes, p->server.p50_us / 1000,
		       p->server.p99_us / 1000, p->trip.p50_us / 1000, p->trip.p99_us / 1000, ok ? "" : "  over the aim");
		met &= ok;
	}
	printf("aim: server time under %.0f ms (median and p99) for each page: %s\n", S_AIM_MS, met ? "met" : "NOT met");
}

int bench_ui(int argc, char **argv)
{
	struct s_opts o;
	struct s_ui u;
	struct s_page pages[S_MAX_PAGES];
	const char *tmp = getenv("TMPDIR");
	double load;
	int ok = 0, rc, made = 0, n = 0, curl = 0;

	memset(&u, 0, sizeof u);
	memset(pages, 0, sizeof pages);
	u.pid = -1;
	if ((rc = s_parse(argc, argv, &o)) != 0)
		return rc < 0 ? BENCH_OK : rc;
	snprintf(u.home, sizeof u.home, "%s/lokmin-bench-ui-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(u.home) == NULL) {
		fprintf(stderr, "lokmin-bench: cannot make a folder like %s: %s\n", u.home, strerror(errno));
		return BENCH_FAIL;
	}
	made = 1;
	printf("lokmin-bench ui: the web app on puskesmas device " S_PUSK " holding %" PRIu64 " year%s (%" PRIu64
	       "-%d) of its records\n",
	       o.years, o.years == 1 ? "" : "s", S_LAST_YEAR - o.years + 1, S_LAST_YEAR);
	printf("  lokmin: %s; %ld CPUs online\n", o.lokmin, sysconf(_SC_NPROCESSORS_ONLN));
	if (getloadavg(&load, 1) == 1)
		printf("  load average %.2f at the start\n", load);
	fflush(stdout);

	if (bench_gen_device(u.home, "puskesmas-bench", "puskesmas", S_PUSK, S_KEC, S_PUSK) != 0 ||
	    s_build(u.home, (int)o.years) != 0)
		goto out;
	for (size_t k = 0; k < LK_ARRAY_LEN(s_accounts); k++)
		if (s_add_user(o.lokmin, u.home, s_accounts[k].login, s_accounts[k].person) != 0)
			goto out;
	printf("  store.db %.1f MB; accounts:", bench_gen_store_mb(u.home));
	for (size_t k = 0; k < LK_ARRAY_LEN(s_accounts); k++)
		printf(" %s (%s, %s)", s_accounts[k].login, s_accounts[k].role, s_accounts[k].person);
	printf("\n");
	fflush(stdout);

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		fprintf(stderr, "lokmin-bench: cannot start libcurl\n");
		goto out;
	}
	curl = 1;
	if (s_ui_start(&u, o.lokmin) != 0)
		goto out;
	printf("  lokmin ui on %s, LOKMIN_NOW=%s\n", u.base, S_NOW);
	fflush(stdout);
	if ((n = s_measure(u.base, o.runs, pages, S_MAX_PAGES)) < 0)
		goto out;
	s_print(pages, n, o.runs);
	ok = 1;
out:
	if (s_ui_stop(&u) != 0)
		ok = 0;
	if (!ok && u.log[0] && !bench_interrupted) {
		char line[1024];
		FILE *f = fopen(u.log, "r");
		fprintf(stderr, "lokmin-bench: the ui's log (%s):\n", u.log);
		for (int i = 0; f && i < 40 && fgets(line, sizeof line, f); i++)
			fprintf(stderr, "  %s", line);
		if (f)
			fclose(f);
	}
	for (int i = 0; i < S_MAX_PAGES; i++)
		free(pages[i].path);
	if (curl)
		curl_global_cleanup();
	if (made && o.keep)
		printf("device home kept: %s\n", u.home);
	else if (made)
		bench_gen_remove(u.home);
	return ok ? BENCH_OK : BENCH_FAIL;
}
