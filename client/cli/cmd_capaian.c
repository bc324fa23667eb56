/*
 * cmd_capaian: `lokmin capaian`: monthly achievement per indicator (and desa),
 * the year's targets, CSV import with a template, XLSX and CSV export, and the gaps table: the
 * cumulative target to date, coverage, gap and grade of every indicator.
 * Works offline against the catalogue fetched at enrollment and by each sync.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "capaian.h"
#include "capaian_entry.h"
#include "capaian_table.h"
#include "client.h"
#include "clock.h"
#include "lk_coverage.h"
#include "lk_csv.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "names.h"
#include "region.h"
#include "store.h"
#include "xlsx.h"

/* The catalogue, or why there is none (cap_catalogue says nothing itself). */
static int s_catalogue(lk_store *st, struct cat *c)
{
	int rc = cap_catalogue(st, c);
	if (rc != 0)
		fprintf(stderr, _("lokmin: the indicator catalogue is not on this device yet; "
		                "run `lokmin sync` once while online\n"));
	return rc;
}

/* A puskesmas's year of achievement and targets, or why it cannot be read. */
static int s_year_load(lk_store *st, const char *puskesmas, int year, struct year_rows *y)
{
	int rc = cap_year_load(st, puskesmas, year, y);
	if (rc != 0)
		fprintf(stderr, _("lokmin: cannot read achievement: %s\n"), lk_store_error(st));
	return rc;
}

/* ---------------------------------------------------------------- writing */

/* YYYY-MM into year and month; 0 or -1. */
static int s_year_month(const char *s, int *y, int *m)
{
	char ys[5], ms[3];
	uint64_t yv, mv;
	const char *dash = s ? strchr(s, '-') : NULL;
	/* Digits only: sscanf's %d would take blanks, signs and trailing junk. */
	if (dash == NULL || dash - s != 4 || strlen(dash + 1) < 1 || strlen(dash + 1) > 2)
		return -1;
	memcpy(ys, s, 4);
	ys[4] = '\0';
	lk_strlcpy(ms, dash + 1, sizeof ms);
	if (lk_parse_uint(ys, 9999, &yv) != 0 || lk_parse_uint(ms, 99, &mv) != 0 || yv < 2000 || yv > 2100 ||
	    mv < 1 || mv > 12)
		return -1;
	*y = (int)yv;
	*m = (int)mv;
	return 0;
}

static int s_number(const char *s, double *out)
{
	return lk_parse_real(s, out) == 0 ? 0 : -1;
}

/* The indicator text names: its code when it names one indicator of the catalogue,
 * else the text as typed (the domain says it is unknown); 2 after listing the
 * choices when it names several. */
static int s_indicator(struct session *s, lk_store *st, const char *text, char *code, size_t n)
{
	struct dom_office o;
	struct dom_ref ref;
	struct dom_err err;
	memset(&err, 0, sizeof err);
	cli_office(s, &o);
	int rc = dom_resolve(st, &o, DOM_INDICATOR, text, &ref, &err);
	if (rc == 0) {
		lk_strlcpy(code, ref.id, n);
		return 0;
	}
	if (rc == -LK_EINVAL && err.ncand > 0) {
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
		for (int i = 0; i < err.ncand; i++)
			fprintf(stderr, "  %s\n", err.cand[i]);
		return 2;
	}
	lk_strlcpy(code, text, n);
	return 0;
}

static int s_set(struct session *s, struct dom *d, int argc, char **argv)
{
	struct dom_capaian_set_in in = {.desa = ""};
	char code[64], id[40], desa[40];
	if (argc < 5 || s_year_month(argv[3], &in.year, &in.month) || s_number(argv[4], &in.numerator))
		return cmd_usage("capaian");
	for (int i = 5; i < argc; i++) {
		if (!strcmp(argv[i], "--denominator") && i + 1 < argc && !s_number(argv[i + 1], &in.denominator))
			i++;
		else if (!strcmp(argv[i], "--desa") && i + 1 < argc)
			in.desa = argv[++i];
		else if (!strcmp(argv[i], "--note") && i + 1 < argc)
			in.note = argv[++i];
		else
			return cmd_usage("capaian");
	}
	int rc = s_indicator(s, d->st, argv[2], code, sizeof code);
	if (rc != 0)
		return rc;
	in.indicator = code;
	/* The desa by its name or its code. */
	if (in.desa[0] && (rc = cli_resolve(s, d->st, DOM_DESA, in.desa, desa, sizeof desa)) != 0)
		return rc;
	if (in.desa[0])
		in.desa = desa;
	struct dom_err err;
	if ((rc = dom_capaian_set(d, &in, id, &err)) != 0) {
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
		return 1;
	}
	printf("%s\n", id);
	return 0;
}

static int s_target(struct session *s, struct dom *d, int argc, char **argv)
{
	struct dom_capaian_target_in in = {0};
	char code[64], id[40];
	uint64_t year = 0;
	if (argc < 5 || lk_parse_uint(argv[3], 9999, &year) != 0 || year < 2000 || year > 2100 ||
	    s_number(argv[4], &in.annual))
		return cmd_usage("capaian");
	for (int i = 5; i < argc; i++) {
		if (!strcmp(argv[i], "--sasaran") && i + 1 < argc && !s_number(argv[i + 1], &in.sasaran))
			i++;
		else
			return cmd_usage("capaian");
	}
	int rc = s_indicator(s, d->st, argv[2], code, sizeof code);
	if (rc != 0)
		return rc;
	in.indicator = code;
	in.year = (int)year;
	struct dom_err err;
	if ((rc = dom_capaian_target(d, &in, id, &err)) != 0) {
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
		return 1;
	}
	printf("%s\n", id);
	return 0;
}

/* ---------------------------------------------------------------- CSV */


static int s_template(const struct dom *d, lk_store *st, int argc, char **argv)
{
	struct lk_date t;
	const char *out = NULL;
	if (dom_today(d, &t, NULL) != 0)
		return 1;
	int year = t.y, month = t.m;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--month") && i + 1 < argc && s_year_month(argv[i + 1], &year, &month) == 0)
			i++;
		else if (!strcmp(argv[i], "--out") && i + 1 < argc)
			out = argv[++i];
		else
			return cmd_usage("capaian");
	}
	struct cat c;
	if (s_catalogue(st, &c) != 0)
		return 1;
	FILE *f = out ? fopen(out, "w") : stdout;
	if (f == NULL) {
		fprintf(stderr, _("lokmin: cannot write %s: %s\n"), out, strerror(errno));
		free(c.v);
		return 1;
	}
	for (int k = 0; dom_capaian_columns[k]; k++)
		fprintf(f, "%s%s", k ? "," : "", dom_capaian_columns[k]);
	fputc('\n', f);
	for (size_t i = 0; i < c.n; i++) {
		fprintf(f, "%s,", c.v[i].code);
		lk_csv_write(f, c.v[i].name);
		fprintf(f, ",%d,%d,,,,\n", year, month);
	}
	int rc = ferror(f) ? 1 : 0;
	if (out && fclose(f) != 0)
		rc = 1;
	if (out && rc == 0)
		fprintf(stderr, _("template for %d-%02d with %zu indicators written to %s\n"), year, month, c.n, out);
	free(c.v);
	return rc;
}

/*
 * Import: every row is checked first (against the catalogue, the rules and the
 * year so far); one bad row and nothing is written, with each bad row listed.
 * Rows with an empty numerator (untouched template rows) are skipped.
 */
static int s_import(struct dom *d, int argc, char **argv)
{
	if (argc != 3)
		return cmd_usage("capaian");
	FILE *f = strcmp(argv[2], "-") ? fopen(argv[2], "r") : stdin;
	if (f == NULL) {
		fprintf(stderr, _("lokmin: cannot read %s: %s\n"), argv[2], strerror(errno));
		return 1;
	}
	struct dom_capaian_import_out out;
	struct dom_err err;
	int rc = dom_capaian_import(d, f, argv[2], &out, &err);
	if (f != stdin)
		fclose(f);
	for (size_t i = 0; i < out.nrefused; i++) {
		if (out.refused[i].row)
			fprintf(stderr, _("row %d: %s\n"), out.refused[i].row, out.refused[i].why);
		else
			fprintf(stderr, "lokmin: %s\n", out.refused[i].why);
	}
	if (rc != 0)
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
	else
		printf(_("imported %zu rows for %d (%zu empty rows skipped)\n"), out.written, out.year, out.skipped);
	dom_capaian_import_free(&out);
	return rc ? 1 : 0;
}

/*
 * Export: the year's achievement as one table (dom_capaian_table), written as
 * an XLSX workbook or, for a name ending in .csv, as a CSV in the import's own
 * columns, so a file exported and edited can be imported again.
 */
static int s_export(const struct dom *d, int argc, char **argv)
{
	struct lk_date t;
	const char *out = NULL;
	if (dom_today(d, &t, NULL) != 0)
		return 1;
	uint64_t year = (uint64_t)t.y;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--year") && i + 1 < argc && lk_parse_uint(argv[i + 1], 9999, &year) == 0 &&
		    year >= 2000 && year <= 2100)
			i++;
		else if ((!strcmp(argv[i], "--out") || !strcmp(argv[i], "-o")) && i + 1 < argc)
			out = argv[++i];
		else
			return cmd_usage("capaian");
	}
	size_t olen = out ? strlen(out) : 0;
	int csv = olen > 4 && !strcasecmp(out + olen - 4, ".csv");
	if (!csv && !(olen > 5 && !strcasecmp(out + olen - 5, ".xlsx"))) {
		fprintf(stderr, _("lokmin: capaian export needs -o FILE.xlsx or -o FILE.csv\n"));
		return 2;
	}
	struct rtable *tab;
	struct dom_err err;
	int rc = dom_capaian_table((struct dom *)d, (int)year, &tab, &err);
	if (rc != 0) {
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
		return 1;
	}
	char why[400];
	if (csv) {
		FILE *f = fopen(out, "w");
		if (f == NULL) {
			fprintf(stderr, _("lokmin: cannot write %s: %s\n"), out, strerror(errno));
			rtable_free(tab);
			return 1;
		}
		/* The import's column names (and the achievement after them), the values as stored. */
		for (size_t c = 0; c < tab->ncols; c++) {
			if (c)
				fputc(',', f);
			fputs(c < CAPT_PCT ? dom_capaian_columns[c] : c == CAPT_PCT ? "achievement_percent" : "desa_name", f);
		}
		fputc('\n', f);
		for (size_t r = 0; r < tab->nrows; r++) {
			for (size_t c = 0; c < tab->ncols; c++) {
				if (c)
					fputc(',', f);
				const char *v = rtable_get(tab, r, c);
				size_t vl = strlen(v);
				char pct[40];
				if (c == CAPT_PCT && vl && vl < sizeof pct && v[vl - 1] == '%') {
					memcpy(pct, v, vl - 1);
					pct[vl - 1] = '\0';
					v = pct;
				}
				lk_csv_write(f, v);
			}
			fputc('\n', f);
		}
		rc = ferror(f) ? 1 : 0;
		if (fclose(f) != 0 || rc) {
			fprintf(stderr, _("lokmin: cannot write %s: %s\n"), out, strerror(errno));
			rc = 1;
		}
	} else if (xlsx_write_tables(out, &tab, 1, why, sizeof why) != 0) {
		fprintf(stderr, "lokmin: %s\n", why);
		rc = 1;
	}
	if (rc == 0)
		fprintf(stderr, _("achievement of %d (%zu rows) written to %s\n"), (int)year, tab->nrows, out);
	rtable_free(tab);
	return rc;
}

/* ---------------------------------------------------------------- reading */

static int s_indicators(lk_store *st)
{
	struct cat c;
	if (s_catalogue(st, &c) != 0)
		return 1;
	printf("%-24s %-10s %-7s %-10s %7s  %s\n", _("INDICATOR"), _("PROGRAMME"), _("UNIT"), _("ADDS UP"), _("TARGET"), _("NAME"));
	for (size_t i = 0; i < c.n; i++)
		printf("%-24s %-10s %-7s %-10s %7g  %s\n", c.v[i].code, c.v[i].programme, c.v[i].unit,
		       c.v[i].point ? _("per month") : _("cumulative"), c.v[i].default_target, c.v[i].name);
	free(c.v);
	return 0;
}

static int s_list(struct session *s, struct dom *d, int argc, char **argv)
{
	int year, month;
	if (argc != 3 || s_year_month(argv[2], &year, &month))
		return cmd_usage("capaian");
	struct dom_capaian_row *rows;
	struct dom_err err;
	size_t n;
	int rc = dom_capaian_month(d, year, month, &rows, &n, &err);
	if (rc != 0) {
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
		return 1;
	}
	/* The desa by name, with its code (which --desa takes too) while names are cached. */
	struct dom_desa_names names = {0};
	dom_desa_names_load(d->st, &names);
	printf("%-9s %-24s %10s %11s  %s\n", _("HANDLE"), _("INDICATOR"), _("NUMERATOR"), _("DENOMINATOR"), _("DESA"));
	for (size_t i = 0; i < n; i++) {
		char h[80], place[200];
		char num[CLI_FMT_LEN], den[CLI_FMT_LEN];
		const char *name = rows[i].desa[0] ? dom_desa_names_find(&names, rows[i].desa) : NULL;
		if (name)
			snprintf(place, sizeof place, "%s (%s)", name, rows[i].desa);
		else
			lk_strlcpy(place, rows[i].desa[0] ? rows[i].desa : "-", sizeof place);
		printf("%-9s %-24s %10s %11s  %s\n", cli_handle(s, d->st, DOM_ANY, rows[i].id, h, sizeof h),
		       rows[i].indicator, cli_fig(rows[i].numerator, num, sizeof num),
		       cli_fig(rows[i].denominator, den, sizeof den), place);
	}
	dom_desa_names_free(&names);
	char when[CLI_FMT_LEN];
	printf(_("%zu rows for %s\n"), n, cli_month(year, month, when, sizeof when));
	free(rows);
	return 0;
}

static int s_gaps(struct session *s, lk_store *st, int argc, char **argv)
{
	struct lk_grading g = {(double)s->opt.grade_green, (double)s->opt.grade_yellow};
	const char *desa = NULL;
	int year, month, all = 0, json = (int)s->opt.json;
	if (argc < 3 || s_year_month(argv[2], &year, &month))
		return cmd_usage("capaian");
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--green") && i + 1 < argc)
			g.green = atof(argv[++i]);
		else if (!strcmp(argv[i], "--yellow") && i + 1 < argc)
			g.yellow = atof(argv[++i]);
		else if (!strcmp(argv[i], "--desa") && i + 1 < argc)
			desa = argv[++i];
		else if (!strcmp(argv[i], "--all"))
			all = 1;
		else if (!strcmp(argv[i], "--json"))
			json = 1;
		else
			return cmd_usage("capaian");
	}
	char desa_code[40];
	if (desa && desa[0]) {
		int rc = cli_resolve(s, st, DOM_DESA, desa, desa_code, sizeof desa_code);
		if (rc != 0)
			return rc;
		desa = desa_code;
	}
	if (g.yellow > g.green || g.yellow < 0) {
		fprintf(stderr, _("lokmin: the yellow threshold (%g%%) must be between 0 and the green one (%g%%)\n"), g.yellow,
		        g.green);
		return 2;
	}
	struct cat c;
	struct year_rows y;
	if (s_catalogue(st, &c) != 0)
		return 1;
	if (s_year_load(st, s->prof.puskesmas, year, &y) != 0) {
		free(c.v);
		return 1;
	}
	size_t n = 0;
	struct gap_row *rows = cap_gap_rows(&c, &y, month, desa, &g, all, &n);
	if (json) {
		printf("[");
		for (size_t i = 0; i < n; i++) {
			struct gap_row *r = &rows[i];
			int ok = !r->problem[0];
			printf("%s{\"indicator\":\"%s\",\"unit\":\"%s\",\"months\":%d,\"achieved\":%.2f,\"target_to_date\":%.2f,"
			       "\"coverage\":%.2f,\"gap\":%.2f,\"grade\":\"%s\",\"problem\":",
			       i ? "," : "", r->ind->code, r->ind->unit, r->cu.months, ok ? r->cov.achieved : 0,
			       ok ? r->cov.target_to_date : 0, ok ? r->cov.of_target : 0, ok ? r->cov.gap : 0,
			       ok ? lk_grade_name(r->cov.grade) : "");
			json_string(stdout, r->problem);
			printf("}");
		}
		printf("]\n");
	} else {
		char green[CLI_FMT_LEN], yellow[CLI_FMT_LEN], pusk[200], place[220] = "";
		if (region_puskesmas_name(st, s->prof.puskesmas, pusk, sizeof pusk) != 0)
			lk_strlcpy(pusk, s->prof.puskesmas, sizeof pusk);
		if (desa) {
			char name[200];
			snprintf(place, sizeof place, ", desa %s",
			         region_desa_name(st, desa, name, sizeof name) == 0 ? name : desa);
		}
		printf(_("Capaian %s %d s.d. %s%s (green >= %s%%, yellow >= %s%% of the target to date)\n"), pusk, year,
		       lk_fmt_month(month, cli_lang()), place, cli_fig(g.green, green, sizeof green),
		       cli_fig(g.yellow, yellow, sizeof yellow));
		printf("%-24s %6s %9s %9s %8s %8s  %s\n", _("INDICATOR"), _("MONTHS"), _("ACHIEVED"), _("TARGET"), _("COVER%"), _("GAP"),
		       _("GRADE"));
		for (size_t i = 0; i < n; i++) {
			struct gap_row *r = &rows[i];
			if (r->problem[0]) {
				printf("%-24s %6d %9s %9s %8s %8s  %s\n", r->ind->code, r->cu.months, "-", "-", "-", "-",
				       r->problem);
				continue;
			}
			const char *u = cap_is_percent(r->ind) ? "%" : "";
			char a[CLI_FMT_LEN + 2], t[CLI_FMT_LEN + 2], fig[CLI_FMT_LEN], cover[CLI_FMT_LEN], gap[CLI_FMT_LEN];
			snprintf(a, sizeof a, "%s%s", cli_num(r->cov.achieved, 1, fig, sizeof fig), u);
			snprintf(t, sizeof t, "%s%s", cli_num(r->cov.target_to_date, 1, fig, sizeof fig), u);
			printf("%-24s %6d %9s %9s %8s %8s  %s\n", r->ind->code, r->cu.months, a, t,
			       cli_num(r->cov.of_target, 1, cover, sizeof cover), cli_num(r->cov.gap, 1, gap, sizeof gap),
			       r->cov.grade ? cli_word(lk_grade_name(r->cov.grade)) : _("no target"));
		}
		if (n == 0)
			printf(_("(no achievement or targets entered for %d; see `lokmin capaian import`)\n"), year);
	}
	free(rows);
	cap_year_free(&y);
	free(c.v);
	return 0;
}

int cmd_capaian(struct session *s, int argc, char **argv)
{
	lk_store *st;
	if (argc < 2 && !cmd_is_help(argc, argv))
		return cmd_usage("capaian");
	if (cmd_is_help(argc, argv)) {
		cmd_help("capaian");
		printf(_("\n  template [--month YYYY-MM] [--out FILE]     a CSV with every indicator of the catalogue\n"
		       "  import FILE|-                               import a filled CSV; one bad row and nothing is written\n"
		       "  export [--year Y] -o FILE.xlsx|FILE.csv     the year's achievement as a workbook or a CSV to import\n"
		       "  set INDICATOR YYYY-MM NUMERATOR [--denominator SASARAN] [--desa NAME|CODE] [--note T]\n"
		       "                                              enter one month (numerator: served in that month)\n"
		       "  target INDICATOR YEAR ANNUAL [--sasaran N]  the year's target (percent or count) and sasaran\n"
		       "  list YYYY-MM                                what was entered for a month\n"
		       "  gaps YYYY-MM [--desa NAME|CODE] [--green P] [--yellow P] [--all] [--json]\n"
		       "                                              cumulative coverage, gap and grade to that month\n"
		       "  indicators                                  the indicator catalogue on this device\n"
		       "\nThe grade thresholds default to the options grade_green (100) and grade_yellow (80):\n"
		       "percent of the target to date at or above which an indicator is green or yellow.\n"));
		return 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	if (!s->prof.puskesmas[0] && strcmp(argv[1], "indicators")) {
		fprintf(stderr, _("lokmin: achievement is entered by a puskesmas device; this one is %s %s\n"), s->prof.role,
		        s->prof.scope);
		return 1;
	}
	struct dom d;
	cli_dom(s, &d);
	if (d.st == NULL)
		return 1;
	if (!strcmp(argv[1], "template"))
		return s_template(&d, st, argc, argv);
	if (!strcmp(argv[1], "import"))
		return s_import(&d, argc, argv);
	if (!strcmp(argv[1], "export"))
		return s_export(&d, argc, argv);
	if (!strcmp(argv[1], "set"))
		return s_set(s, &d, argc, argv);
	if (!strcmp(argv[1], "target"))
		return s_target(s, &d, argc, argv);
	if (!strcmp(argv[1], "list"))
		return s_list(s, &d, argc, argv);
	if (!strcmp(argv[1], "gaps"))
		return s_gaps(s, st, argc, argv);
	if (!strcmp(argv[1], "indicators") && argc == 2)
		return s_indicators(st);
	return cmd_usage("capaian");
}
