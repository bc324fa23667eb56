/* bench report: the district's `lokmin report` runs, timed on a dinkes device whose store holds a whole year of a kabupaten. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"
#include "bench_gen.h"
#include "lk_util.h"

#define S_KAB BENCH_GEN_KAB
#define S_YEAR 2026
#define S_AS_OF "2026-12-31"
#define S_AIM_MS 250.0       /* each report, all included */
#define S_AIM_TODO_MS 1000.0 /* the to-do list, which is not a report */
#define S_RUN_TIMEOUT_MS 120000
#define S_MAX_REPORTS 32

/* ---------------------------------------------------------------- running lokmin */

/* Run lokmin --home home with the words of args; 0 with its output in *out
 * (caller frees), or -1 with what it said. *ns gets the wall time. */
static int s_lokmin(const char *bin, const char *home, const char *const *args, char **out, uint64_t *ns)
{
	const char *argv[24] = {bin, "--home", home};
	char *o = NULL, *e = NULL;
	int n = 3, rc;

	for (int i = 0; args[i] && n < 23; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	uint64_t t0 = bench_now_ns();
	rc = lkt_run(&o, &e, argv, NULL, S_RUN_TIMEOUT_MS);
	if (ns)
		*ns = bench_now_ns() - t0;
	if (rc != 0) {
		fprintf(stderr, "lokmin-bench: lokmin");
		for (int i = 3; argv[i]; i++)
			fprintf(stderr, " %s", argv[i]);
		fprintf(stderr, " exited %d:\n%s%s", rc, e ? e : "", o ? o : "");
	}
	free(e);
	if (out && rc == 0)
		*out = o;
	else
		free(o);
	return rc == 0 ? 0 : -1;
}

/* The names listed under "title" in text, up to max, into names (malloc'd). */
static size_t s_section(char *text, const char *title, char **names, size_t max)
{
	char *save = NULL;
	size_t n = 0;
	int in = 0;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strcmp(line, title)) {
			in = 1;
			continue;
		}
		if (!in)
			continue;
		if (strncmp(line, "  ", 2) != 0 || line[2] == ' ')
			break; /* the section ends at the first line that is not an entry */
		char *name = line + 2, *end = strchr(name, ' ');
		if (end)
			*end = '\0';
		if (n < max && (names[n] = strdup(name)) != NULL)
			n++;
	}
	return n;
}

/* One measured command. */
struct s_job {
	char *name;     /* report name, or "todo" */
	int todo;
	double min_ms, median_ms;
	long out_bytes; /* of its CSV, -1 when not written */
};

static int s_cmp_ns(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static int s_time_job(const char *bin, const char *home, struct s_job *j, uint64_t runs)
{
	const char *report[] = {"report", j->name, "--year", "2026", "--as-of", S_AS_OF, "--out", "/dev/null", NULL};
	const char *todo[] = {"todo", "--as-of", S_AS_OF, NULL};
	uint64_t lat[16];
	char csv[1100];
	struct stat sb;

	for (uint64_t r = 0; r < runs; r++) {
		if (bench_interrupted)
			return -1;
		if (s_lokmin(bin, home, j->todo ? todo : report, NULL, &lat[r]) != 0)
			return -1;
	}
	qsort(lat, runs, sizeof lat[0], s_cmp_ns);
	j->min_ms = (double)lat[0] / 1e6;
	j->median_ms = runs % 2 ? (double)lat[runs / 2] / 1e6 : (double)(lat[runs / 2 - 1] + lat[runs / 2]) / 2e6;
	j->out_bytes = -1;
	if (j->todo)
		return 0;
	/* Untimed: the report as CSV, to show it saw the district and not an empty store. */
	snprintf(csv, sizeof csv, "%s/%s.csv", home, j->name);
	const char *as_csv[] = {"report", j->name, "--year", "2026", "--as-of", S_AS_OF, "--csv", "--out", csv, NULL};
	if (s_lokmin(bin, home, as_csv, NULL, NULL) != 0)
		return -1;
	j->out_bytes = stat(csv, &sb) == 0 ? (long)sb.st_size : -1;
	return 0;
}

/* ---------------------------------------------------------------- command */

struct s_opts {
	uint64_t puskesmas;
	uint64_t runs;
	int keep;
	const char *lokmin;
};

static void s_usage(FILE *out)
{
	fprintf(out,
	        "usage: lokmin-bench report [--puskesmas N] [--runs R] [--keep] [--lokmin PATH]\n"
	        "\n"
	        "Needs no lokmind and no PostgreSQL. Makes the home of an enrolled dinkes device of\n"
	        "kabupaten " S_KAB " (profile and keys; its server is never contacted) and fills its\n"
	        "store as a pull does, pages of %d changes through lk_store_apply_page, with the\n"
	        "year %d of N puskesmas (two per kecamatan): staff, 12 monthly lokmin each with\n"
	        "attendance, material, invitation, minutes, problems, RTL and photos; monthly\n"
	        "achievement of %d indicators in each of 10-15 desa, and targets; per kecamatan its\n"
	        "sectors and 4 quarterly lokmin with commitments. Every record passes\n"
	        "lk_record_validate. Then runs `lokmin report NAME --year %d --as-of %s\n"
	        "--out /dev/null` for every report `lokmin report --help` lists (and `lokmin todo\n"
	        "--as-of %s` when lokmin has it), R times each, and prints min and median.\n"
	        "\n"
	        "  --puskesmas N  puskesmas in the district (default 40: about 200,000 records)\n"
	        "  --runs R       runs of each command (default 3)\n"
	        "  --keep         keep the device's home and print where it is\n"
	        "  --lokmin PATH  the lokmin program to time (default the one built with this)\n"
	        "\n"
	        "Exits 0 whether or not the aim (every report's median under %.0f ms, the to-do\n"
	        "list's under %.0f ms) is met; 1 when a record\n"
	        "fails validation, the store refuses a page or lokmin fails; 2 on bad usage.\n",
	        BENCH_GEN_PAGE, S_YEAR, BENCH_GEN_INDICATORS, S_YEAR, S_AS_OF, S_AS_OF, S_AIM_MS, S_AIM_TODO_MS);
}

static int s_parse(int argc, char **argv, struct s_opts *o)
{
	const struct bench_opt opts[] = {
		{"puskesmas", BENCH_OPT_COUNT, &o->puskesmas, 1, BENCH_GEN_MAX_PUSKESMAS, 0},
		{"runs", BENCH_OPT_COUNT, &o->runs, 1, 15, 0},
		{"keep", BENCH_OPT_FLAG, &o->keep, 0, 0, 1},
		{"lokmin", BENCH_OPT_TEXT, &o->lokmin, 0, 0, 0},
	};
	o->puskesmas = 40;
	o->runs = 3;
	o->keep = 0;
	o->lokmin = LOKMIN_BIN;
	return bench_parse_opts(argc, argv, "report", opts, sizeof opts / sizeof opts[0], s_usage);
}

/* Find what to time: the reports lokmin lists, and todo when it has one. */
static size_t s_jobs(const char *bin, const char *home, struct s_job *jobs, size_t max)
{
	const char *report_help[] = {"report", "--help", NULL}, *help[] = {"--help", NULL};
	char *text = NULL, *names[S_MAX_REPORTS];
	size_t n = 0, nr;

	if (s_lokmin(bin, home, report_help, &text, NULL) != 0)
		return 0;
	nr = s_section(text, "Reports:", names, S_MAX_REPORTS);
	free(text);
	for (size_t i = 0; i < nr; i++) {
		if (n < max) {
			memset(&jobs[n], 0, sizeof jobs[n]);
			jobs[n++].name = names[i];
		} else {
			free(names[i]);
		}
	}
	text = NULL;
	if (s_lokmin(bin, home, help, &text, NULL) != 0)
		return n;
	nr = s_section(text, "Commands:", names, S_MAX_REPORTS);
	free(text);
	for (size_t i = 0; i < nr; i++) {
		if (!strcmp(names[i], "todo") && n < max) {
			memset(&jobs[n], 0, sizeof jobs[n]);
			jobs[n].todo = 1;
			jobs[n++].name = names[i];
		} else {
			free(names[i]);
		}
	}
	return n;
}

int bench_report(int argc, char **argv)
{
	struct s_opts o;
	struct s_job jobs[S_MAX_REPORTS + 1];
	size_t njobs = 0;
	char home[512];
	const char *tmp = getenv("TMPDIR");
	double load;
	int ok = 0, rc, made = 0;

	if ((rc = s_parse(argc, argv, &o)) != 0)
		return rc < 0 ? BENCH_OK : rc;
	snprintf(home, sizeof home, "%s/lokmin-bench-report-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(home) == NULL) {
		fprintf(stderr, "lokmin-bench: cannot make a folder like %s: %s\n", home, strerror(errno));
		return BENCH_FAIL;
	}
	made = 1;
	printf("lokmin-bench report: the district reports on a dinkes device holding the year %d of kabupaten " S_KAB
	       ", %" PRIu64 " puskesmas in %" PRIu64 " kecamatan\n",
	       S_YEAR, o.puskesmas, (o.puskesmas + 1) / 2);
	printf("  lokmin: %s; %ld CPUs online\n", o.lokmin, sysconf(_SC_NPROCESSORS_ONLN));
	if (getloadavg(&load, 1) == 1)
		printf("  load average %.2f at the start\n", load);
	fflush(stdout);

	if (bench_gen_device(home, "dinkes-bench", "dinkes", S_KAB, NULL, NULL) != 0 || bench_gen_district(home, (int)o.puskesmas, S_YEAR, 1) != 0)
		goto out;
	printf("  store.db %.1f MB\n", bench_gen_store_mb(home));
	fflush(stdout);

	njobs = s_jobs(o.lokmin, home, jobs, LK_ARRAY_LEN(jobs));
	if (njobs == 0) {
		fprintf(stderr, "lokmin-bench: `lokmin report --help` lists no reports\n");
		goto out;
	}
	printf("\nlokmin --home HOME report NAME --year %d --as-of %s --out /dev/null (todo: --as-of %s),\n"
	       "%" PRIu64 " run%s each, wall time of the whole process:\n",
	       S_YEAR, S_AS_OF, S_AS_OF, o.runs, o.runs == 1 ? "" : "s");
	int met = 1;
	for (size_t i = 0; i < njobs; i++) {
		if (s_time_job(o.lokmin, home, &jobs[i], o.runs) != 0)
			goto out;
		printf("  %-12s min %8.1f ms  median %8.1f ms", jobs[i].name, jobs[i].min_ms, jobs[i].median_ms);
		if (jobs[i].out_bytes >= 0)
			printf("  (as CSV: %ld bytes)", jobs[i].out_bytes);
		double aim = strcmp(jobs[i].name, "todo") ? S_AIM_MS : S_AIM_TODO_MS;
		printf("%s\n", jobs[i].median_ms < aim ? "" : "  over the aim");
		fflush(stdout);
		met &= jobs[i].median_ms < aim;
	}
	printf("aim: each report under %.0f ms, the to-do list under %.0f ms: %s\n", S_AIM_MS, S_AIM_TODO_MS,
	       met ? "met" : "not met");
	ok = 1;
out:
	for (size_t i = 0; i < njobs; i++)
		free(jobs[i].name);
	if (made && o.keep)
		printf("device home kept: %s\n", home);
	else if (made)
		bench_gen_remove(home);
	return ok ? BENCH_OK : BENCH_FAIL;
}