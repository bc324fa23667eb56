/* bench ui: each page of `lokmin ui`, found from its menu, timed over HTTP on a puskesmas device holding years of its records, or on a district device. */
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
#include "bench_http.h"
#include "lk_util.h"

#define S_PI 0                     /* the puskesmas: P3324010101, the first of kecamatan 332401 */
#define S_PUSK "P" BENCH_GEN_KAB "010101"
#define S_KEC BENCH_GEN_KAB "01"
#define S_LAST_YEAR 2026
#define S_NOW "2026-11-20T02:00:00Z" /* a Friday morning of the last year, with work due and overdue */
#define S_PASS "bench-password-1"
#define S_AIM_MS 50.0
#define S_AIM_DISTRICT_MS 100.0
#define S_DISTRICT_PERSON "Petugas Dinas Kesehatan"
#define S_MAX_PAGES 64
#define S_RUN_TIMEOUT_MS 60000
#define S_START_TIMEOUT_MS 30000

/* The accounts measured: who they are in the staff list bench_gen writes (a puskesmas device), or the
 * person added to a district device's own list. */
struct s_account {
	const char *login, *person, *role;
};
static const struct s_account s_puskesmas_accounts[] = {
	{"kapus", "Pegawai 1-01", "kapus"},
	{"pj", "Pegawai 1-03", "pj_program"},
};
static const struct s_account s_district_accounts[] = {
	{"dinkes", S_DISTRICT_PERSON, "staff"},
};
static const struct s_account *s_accounts = s_puskesmas_accounts;
static double s_aim_ms = S_AIM_MS;
static size_t s_naccounts = LK_ARRAY_LEN(s_puskesmas_accounts);

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

/* Put a person on the device's own staff list (`lokmin staff add`), as the office would. 0 or -1. */
static int s_add_person(const char *bin, const char *home, const char *name, const char *role)
{
	char *out = NULL, *err = NULL;
	const char *argv[] = {bin, "--home", home, "staff", "add", name, "--role", role, NULL};
	int rc = lkt_run(&out, &err, argv, NULL, S_RUN_TIMEOUT_MS);
	if (rc != 0)
		fprintf(stderr, "lokmin-bench: lokmin staff add '%s' exited %d:\n%s%s", name, rc, err ? err : "",
		        out ? out : "");
	free(out);
	free(err);
	return rc == 0 ? 0 : -1;
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
		CURL *c = bh_curl(NULL, u->base, "/login");
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

/* 1 when path is a download (a PDF, workbook, ZIP or attachment), not a page. */
static int s_download(const char *path)
{
	size_t n = strcspn(path, "?");
	return !strncmp(path, "/lampiran/", 10) || strstr(path, "xlsx") || strstr(path, "template") ||
	       (n > 4 && (!strncmp(path + n - 4, ".pdf", 4) || !strncmp(path + n - 4, ".zip", 4) ||
	                  !strncmp(path + n - 4, "/pdf", 4)));
}

/* The first link with a query of each path within html's <main> when no page of that path with a query is
 * yet among pages[0..n) (a puskesmas' page beside the list of them at the same path, one minutes' review),
 * downloads left out; the new count. */
static size_t s_one_of_each(const char *html, char **pages, size_t n, size_t max)
{
	const char *main = strstr(html, "<main"), *end = main ? strstr(main, "</main>") : NULL;
	for (const char *p = main; p && p < end && n < max; p++) {
		if (strncmp(p, "href=\"/", 7) != 0)
			continue;
		p += 6;
		size_t len = strcspn(p, "\""), path = strcspn(p, "?\"");
		int known = path == len || path == 1;
		for (size_t i = 0; i < n && !known; i++)
			known = !strncmp(pages[i], p, path) && pages[i][path] == '?';
		char *link = known ? NULL : strndup(p, len);
		for (char *q; link && (q = strstr(link, "&amp;")) != NULL;)
			memmove(q + 1, q + 5, strlen(q + 5) + 1);
		if (link && s_download(link)) {
			free(link);
			link = NULL;
		}
		if (link)
			n = s_add_page(pages, n, max, link);
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
	struct bh_answer a;
	/* Once untimed: the page must answer, and the first request may fill caches. */
	long st = bh_request(c, base, p->path, cookie, NULL, &a, NULL);
	p->bytes = (long)a.nbody;
	bh_answer_free(&a);
	if (st != 200) {
		fprintf(stderr, "lokmin-bench: GET %s as %s answered %ld, not 200\n", p->path, p->who, st);
		return -1;
	}
	for (uint64_t r = 0; r < runs; r++) {
		if (bench_interrupted)
			return -1;
		st = bh_request(c, base, p->path, cookie, NULL, &a, &trip_ns[r]);
		int64_t s = st == 200 ? bh_server_ns(a.head) : -1;
		bh_answer_free(&a);
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
static int s_measure(const char *base, uint64_t runs, int deep, struct s_page *pages, size_t max)
{
	uint64_t *srv = calloc(runs, sizeof *srv), *trip = calloc(runs, sizeof *trip);
	int n = 0, rc = 0;

	for (size_t k = 0; srv && trip && rc == 0 && k < s_naccounts; k++) {
		char cookie[200], *paths[S_MAX_PAGES];
		struct bh_answer a;
		CURL *c = curl_easy_init();
		if (c == NULL || bh_login(c, base, s_accounts[k].login, S_PASS, cookie, sizeof cookie) != 0) {
			curl_easy_cleanup(c);
			rc = -1;
			break;
		}
		long st = bh_request(c, base, "/", cookie, NULL, &a, NULL);
		size_t np = st == 200 ? s_menu(a.body, paths, 0, S_MAX_PAGES) : 0;
		bh_answer_free(&a);
		if (np == 0) {
			fprintf(stderr, "lokmin-bench: the home page (%ld) of %s has no menu\n", st, s_accounts[k].login);
			rc = -1;
		}
		/* The meeting's own pages (problems, follow-up, minutes) are linked from its attendance page;
		 * the pages that settle conflicts and refused changes from the sync bar, when there are any. */
		if (rc == 0 && bh_request(c, base, "/hadir", cookie, NULL, &a, NULL) == 200)
			np = s_menu(a.body, paths, np, S_MAX_PAGES);
		bh_answer_free(&a);
		np = s_add_page(paths, np, S_MAX_PAGES, strdup("/konflik"));
		np = s_add_page(paths, np, S_MAX_PAGES, strdup("/ditolak"));
		/* The district's pages of one puskesmas or one minutes are linked from its lists: one of each. */
		for (size_t i = 0, menu = np; rc == 0 && deep && i < menu; i++) {
			if (bh_request(c, base, paths[i], cookie, NULL, &a, NULL) == 200)
				np = s_one_of_each(a.body, paths, np, S_MAX_PAGES);
			bh_answer_free(&a);
		}
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
	uint64_t years, runs, district;
	int keep;
	const char *lokmin;
};

static void s_usage(FILE *out)
{
	fprintf(out,
	        "usage: lokmin-bench ui [--years Y] [--runs R] [--district N] [--keep] [--lokmin PATH]\n"
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
	        "  --years Y      years of records (default 5; 1 with --district)\n"
	        "  --district N   a district device instead, holding N puskesmas (two to a\n"
	        "                 kecamatan) with their kecamatan; the account dinkes (a person\n"
	        "                 added to its staff list) is measured on the menu's pages and\n"
	        "                 on one page of each kind they link to; the aim is %.0f ms\n"
	        "  --runs R       GETs of each page per account (default 50)\n"
	        "  --keep         keep the device's home and print where it is\n"
	        "  --lokmin PATH  the lokmin program to run (default the one built with this)\n"
	        "\n"
	        "Exits 0 whether or not the aim (server time under %.0f ms, median and p99, for\n"
	        "every page) is met; 1 when the store cannot be built, the ui fails or a page does\n"
	        "not answer 200 with its Server-Timing; 2 on bad usage.\n",
	        S_LAST_YEAR, BENCH_GEN_INDICATORS, S_NOW, S_AIM_DISTRICT_MS, S_AIM_MS);
}

static int s_parse(int argc, char **argv, struct s_opts *o)
{
	const struct bench_opt opts[] = {
		{"years", BENCH_OPT_COUNT, &o->years, 1, 20, 0},
		{"runs", BENCH_OPT_COUNT, &o->runs, 1, 100000, 0},
		{"district", BENCH_OPT_COUNT, &o->district, 1, 400, 0},
		{"keep", BENCH_OPT_FLAG, &o->keep, 0, 0, 1},
		{"lokmin", BENCH_OPT_TEXT, &o->lokmin, 0, 0, 0},
	};
	o->years = 0;
	o->runs = 50;
	o->district = 0;
	o->keep = 0;
	o->lokmin = LOKMIN_BIN;
	int rc = bench_parse_opts(argc, argv, "ui", opts, LK_ARRAY_LEN(opts), s_usage);
	if (o->years == 0)
		o->years = o->district ? 1 : 5;
	return rc;
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
		int ok = p->server.p50_us < s_aim_ms * 1000 && p->server.p99_us < s_aim_ms * 1000;
		char shown[40];
		/* A page of one record by its path and its first key, "?rapat=..." (the id says nothing to a reader). */
		const char *query = strchr(p->path, '?');
		snprintf(shown, sizeof shown, "%.*s%s%.*s%s", (int)strcspn(p->path, "?"), p->path, query ? "?" : "",
		         query ? (int)strcspn(query + 1, "=&") : 0, query ? query + 1 : "", query ? "=..." : "");
		printf("  %-11s %-24s %8ld  %8.2f %8.2f  %8.2f %8.2f%s\n", p->who, shown, p->bytes, p->server.p50_us / 1000,
		       p->server.p99_us / 1000, p->trip.p50_us / 1000, p->trip.p99_us / 1000, ok ? "" : "  over the aim");
		met &= ok;
	}
	printf("aim: server time under %.0f ms (median and p99) for each page: %s\n", s_aim_ms, met ? "met" : "NOT met");
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
	if (o.district) {
		s_accounts = s_district_accounts;
		s_naccounts = LK_ARRAY_LEN(s_district_accounts);
		s_aim_ms = S_AIM_DISTRICT_MS;
		printf("lokmin-bench ui: the web app on a district device of kabupaten " BENCH_GEN_KAB " holding %" PRIu64
		       " puskesmas and their kecamatan, %" PRIu64 " year%s (%" PRIu64 "-%d)\n",
		       o.district, o.years, o.years == 1 ? "" : "s", S_LAST_YEAR - o.years + 1, S_LAST_YEAR);
	} else {
		printf("lokmin-bench ui: the web app on puskesmas device " S_PUSK " holding %" PRIu64 " year%s (%" PRIu64
		       "-%d) of its records\n",
		       o.years, o.years == 1 ? "" : "s", S_LAST_YEAR - o.years + 1, S_LAST_YEAR);
	}
	printf("  lokmin: %s; %ld CPUs online\n", o.lokmin, sysconf(_SC_NPROCESSORS_ONLN));
	if (getloadavg(&load, 1) == 1)
		printf("  load average %.2f at the start\n", load);
	fflush(stdout);

	if (o.district) {
		if (bench_gen_device(u.home, "dinkes-bench", "dinkes", BENCH_GEN_KAB, NULL, NULL) != 0 ||
		    bench_gen_district(u.home, (int)o.district, S_LAST_YEAR - (int)o.years + 1, (int)o.years) != 0 ||
		    s_add_person(o.lokmin, u.home, S_DISTRICT_PERSON, "staff") != 0)
			goto out;
	} else if (bench_gen_device(u.home, "puskesmas-bench", "puskesmas", S_PUSK, S_KEC, S_PUSK) != 0 ||
	           s_build(u.home, (int)o.years) != 0) {
		goto out;
	}
	for (size_t k = 0; k < s_naccounts; k++)
		if (s_add_user(o.lokmin, u.home, s_accounts[k].login, s_accounts[k].person) != 0)
			goto out;
	printf("  store.db %.1f MB; accounts:", bench_gen_store_mb(u.home));
	for (size_t k = 0; k < s_naccounts; k++)
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
	if ((n = s_measure(u.base, o.runs, o.district != 0, pages, S_MAX_PAGES)) < 0)
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
