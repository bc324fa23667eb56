/*
 * cmd_capaian: `lokmin capaian`: monthly achievement per indicator (and desa),
 * the year's targets, CSV import with a template, and the gaps table: the
 * cumulative target to date, coverage, gap and grade of every indicator.
 * Works offline against the catalogue fetched at enrollment and by each sync.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capaian.h"
#include "client.h"
#include "lk_coverage.h"
#include "lk_csv.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_util.h"
#include "store.h"

/* The catalogue, or why there is none (cap_catalogue says nothing itself). */
static int s_catalogue(lk_store *st, struct cat *c)
{
	int rc = cap_catalogue(st, c);
	if (rc != 0)
		fprintf(stderr, "lokmin: the indicator catalogue is not on this device yet; "
		                "run `lokmin sync` once while online\n");
	return rc;
}

/* A puskesmas's year of achievement and targets, or why it cannot be read. */
static int s_year_load(lk_store *st, const char *puskesmas, int year, struct year_rows *y)
{
	int rc = cap_year_load(st, puskesmas, year, y);
	if (rc != 0)
		fprintf(stderr, "lokmin: cannot read achievement: %s\n", lk_store_error(st));
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

/* A new achievement or target record of this puskesmas with its derived id. */
static ProtobufCMessage *s_record(struct session *s, const char *entity, const char *code, int year, int month,
                                  const char *desa)
{
	const struct lk_entity *e = lk_entity_find(entity);
	ProtobufCMessage *m = lk_record_new(e);
	char num[16], id[LK_UUID_STRLEN];
	if (m == NULL)
		return NULL;
	snprintf(num, sizeof num, "%d", year);
	int bad = lk_record_set(m, "kabupaten", s->prof.kabupaten) || lk_record_set(m, "kecamatan", s->prof.kecamatan) ||
	          lk_record_set(m, "puskesmas", s->prof.puskesmas) || lk_record_set(m, "indicator_code", code) ||
	          lk_record_set(m, "year", num);
	if (!bad && month) {
		snprintf(num, sizeof num, "%d", month);
		bad = lk_record_set(m, "month", num) || lk_record_set(m, "desa", desa ? desa : "");
	}
	if (bad || lk_natural_id(e, m, id) != 0 || lk_record_set(m, "id", id)) {
		lk_record_free(m);
		return NULL;
	}
	return m;
}

/* Write rec (new, or the named fields of the existing one). 0 or 1 with the reason printed. */
static int s_write(lk_store *st, const char *entity, ProtobufCMessage *rec, const char *const *fields, size_t nf,
                   const char *where)
{
	const struct lk_entity *e = lk_entity_find(entity);
	ProtobufCMessage *cur = NULL;
	char err[300];
	int exists = lk_store_get(st, e, lk_record_id(rec), &cur) == 0;
	lk_record_free(cur);
	if (lk_store_put(st, e, rec, exists ? fields : NULL, exists ? nf : 0, err, sizeof err) != 0) {
		fprintf(stderr, "lokmin: %s%s\n", where, err[0] ? err : lk_store_error(st));
		return 1;
	}
	return 0;
}

static const char *const s_ach_fields[] = {"numerator", "denominator", "note"};

/* Everything about one row that can be known before writing: 0, or -1 with the reason in err. */
static int s_check(struct session *s, const struct cat *c, struct year_rows *y, const char *code, int month,
                   const char *desa, double num, double den, ProtobufCMessage **out, char *err, size_t errlen)
{
	const struct ind *ind = cap_find(c, code);
	char v[32];
	*out = NULL;
	if (ind == NULL) {
		snprintf(err, errlen, "unknown indicator %s (see `lokmin capaian indicators`)", code);
		return -1;
	}
	if (month < 1 || month > 12) {
		snprintf(err, errlen, "month %d is outside 1-12", month);
		return -1;
	}
	ProtobufCMessage *m = s_record(s, "achievement", code, y->year, month, desa);
	if (m == NULL) {
		snprintf(err, errlen, "cannot make the record (indicator or desa too long?)");
		return -1;
	}
	snprintf(v, sizeof v, "%.17g", num);
	int bad = lk_record_set(m, "numerator", v);
	snprintf(v, sizeof v, "%.17g", den);
	bad = bad || lk_record_set(m, "denominator", v);
	if (bad || lk_record_validate(lk_entity_find("achievement"), m, err, errlen) != 0) {
		if (bad)
			snprintf(err, errlen, "bad number");
		lk_record_free(m);
		return -1;
	}
	/* The year so far, with this row in: more served than the sasaran is an entry mistake
	 * (typically a cumulative figure entered as a month's). */
	struct row *r = cap_row(y, code, month, desa ? desa : "");
	double old_num = r ? r->num : 0, old_den = r ? r->den : 0;
	int added = 0;
	if (r == NULL && cap_push_row(&y->v, &y->n, code, desa ? desa : "", month, 0, 0) == 0) {
		r = &y->v[y->n - 1];
		added = 1;
	}
	if (r == NULL) {
		snprintf(err, errlen, "out of memory");
		lk_record_free(m);
		return -1;
	}
	r->num = num;
	r->den = den;
	if (cap_is_percent(ind) && !ind->point) {
		struct cumul cu;
		cap_cumulate(y, ind, 12, desa && desa[0] ? desa : NULL, &cu);
		if (cu.den > 0 && cu.num > cu.den) {
			snprintf(err, errlen, "%s: the year's total %.0f would be above the sasaran %.0f (a cumulative figure "
			         "entered as a month's?)", code, cu.num, cu.den);
			if (added)
				y->n--;
			else {
				r->num = old_num;
				r->den = old_den;
			}
			lk_record_free(m);
			return -1;
		}
	}
	*out = m;
	return 0;
}

static int s_set(struct session *s, lk_store *st, int argc, char **argv)
{
	const char *desa = "", *note = NULL;
	double num, den = 0;
	int year, month, rc = 1;
	if (argc < 5 || s_year_month(argv[3], &year, &month) || s_number(argv[4], &num))
		return cmd_usage("capaian");
	for (int i = 5; i < argc; i++) {
		if (!strcmp(argv[i], "--denominator") && i + 1 < argc && !s_number(argv[i + 1], &den))
			i++;
		else if (!strcmp(argv[i], "--desa") && i + 1 < argc)
			desa = argv[++i];
		else if (!strcmp(argv[i], "--note") && i + 1 < argc)
			note = argv[++i];
		else
			return cmd_usage("capaian");
	}
	struct cat c;
	struct year_rows y;
	ProtobufCMessage *m = NULL;
	char err[300];
	if (s_catalogue(st, &c) != 0)
		return 1;
	if (s_year_load(st, s->prof.puskesmas, year, &y) == 0) {
		if (s_check(s, &c, &y, argv[2], month, desa, num, den, &m, err, sizeof err) != 0)
			fprintf(stderr, "lokmin: %s\n", err);
		else if ((note == NULL || lk_record_set(m, "note", note) == 0) &&
		         s_write(st, "achievement", m, s_ach_fields, note ? 3 : 2, "") == 0) {
			printf("%s\n", lk_record_id(m));
			rc = 0;
		}
	}
	lk_record_free(m);
	cap_year_free(&y);
	free(c.v);
	return rc;
}

static int s_target(struct session *s, lk_store *st, int argc, char **argv)
{
	static const char *const fields[] = {"annual_target", "sasaran"};
	double annual, sasaran = 0;
	char v[32], err[300];
	uint64_t year = 0;
	if (argc < 5 || lk_parse_uint(argv[3], 9999, &year) != 0 || year < 2000 || year > 2100 ||
	    s_number(argv[4], &annual))
		return cmd_usage("capaian");
	for (int i = 5; i < argc; i++) {
		if (!strcmp(argv[i], "--sasaran") && i + 1 < argc && !s_number(argv[i + 1], &sasaran))
			i++;
		else
			return cmd_usage("capaian");
	}
	struct cat c;
	if (s_catalogue(st, &c) != 0)
		return 1;
	int rc = 1;
	ProtobufCMessage *m = NULL;
	if (cap_find(&c, argv[2]) == NULL) {
		fprintf(stderr, "lokmin: unknown indicator %s (see `lokmin capaian indicators`)\n", argv[2]);
	} else if ((m = s_record(s, "target", argv[2], (int)year, 0, NULL)) != NULL) {
		snprintf(v, sizeof v, "%.17g", annual);
		int bad = lk_record_set(m, "annual_target", v);
		snprintf(v, sizeof v, "%.17g", sasaran);
		bad = bad || lk_record_set(m, "sasaran", v);
		if (bad || lk_record_validate(lk_entity_find("target"), m, err, sizeof err) != 0)
			fprintf(stderr, "lokmin: %s\n", bad ? "bad number" : err);
		else if (s_write(st, "target", m, fields, 2, "") == 0) {
			printf("%s\n", lk_record_id(m));
			rc = 0;
		}
	}
	lk_record_free(m);
	free(c.v);
	return rc;
}

/* ---------------------------------------------------------------- CSV */

static const char *const s_columns[] = {"indicator", "indicator_name", "year", "month",
                                        "desa",      "numerator",      "denominator", "note"};
enum { COL_IND, COL_NAME, COL_YEAR, COL_MONTH, COL_DESA, COL_NUM, COL_DEN, COL_NOTE, COL_MAX };

static int s_template(lk_store *st, int argc, char **argv)
{
	struct lk_date t;
	const char *out = NULL;
	lk_date_today(&t);
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
		fprintf(stderr, "lokmin: cannot write %s: %s\n", out, strerror(errno));
		free(c.v);
		return 1;
	}
	for (int k = 0; k < COL_MAX; k++)
		fprintf(f, "%s%s", k ? "," : "", s_columns[k]);
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
		fprintf(stderr, "template for %d-%02d with %zu indicators written to %s\n", year, month, c.n, out);
	free(c.v);
	return rc;
}

/*
 * Import: every row is checked first (against the catalogue, the rules and the
 * year so far); one bad row and nothing is written, with each bad row listed.
 * Rows with an empty numerator (untouched template rows) are skipped.
 */
static int s_import(struct session *s, lk_store *st, int argc, char **argv)
{
	if (argc != 3)
		return cmd_usage("capaian");
	FILE *f = strcmp(argv[2], "-") ? fopen(argv[2], "r") : stdin;
	if (f == NULL) {
		fprintf(stderr, "lokmin: cannot read %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	struct cat c;
	if (s_catalogue(st, &c) != 0) {
		if (f != stdin)
			fclose(f);
		return 1;
	}
	char *line = NULL, err[300];
	size_t cap = 0;
	int col[COL_MAX], lineno = 0, bad = 0, year = 0;
	ProtobufCMessage **recs = NULL;
	size_t nrec = 0, skipped = 0;
	struct year_rows y = {0};
	for (int k = 0; k < COL_MAX; k++)
		col[k] = -1;
	while (getline(&line, &cap, f) > 0) {
		char *fld[16];
		lineno++;
		int nf = lk_csv_split(line, fld, 16);
		if (nf == 1 && fld[0][0] == '\0')
			continue;
		if (lineno == 1) {
			for (int j = 0; j < nf; j++)
				for (int k = 0; k < COL_MAX; k++)
					if (!strcmp(lk_trim(fld[j]), s_columns[k]))
						col[k] = j;
			if (col[COL_IND] < 0 || col[COL_YEAR] < 0 || col[COL_MONTH] < 0 || col[COL_NUM] < 0) {
				fprintf(stderr, "lokmin: %s: the first line must name the columns indicator, year, month and "
				                "numerator (see `lokmin capaian template`)\n", argv[2]);
				bad = 1;
				break;
			}
			continue;
		}
		if (nf < 0) {
			fprintf(stderr, "row %d: unterminated quote\n", lineno);
			bad++;
			continue;
		}
#define COL(k) (col[k] >= 0 && col[k] < nf ? lk_trim(fld[col[k]]) : "")
		const char *snum = COL(COL_NUM), *sden = COL(COL_DEN);
		/* Plain digits only ("3-" is not March, "2026\xff" not 2026); -1 = not a number. */
		uint64_t uy, um;
		long ry = lk_parse_uint(COL(COL_YEAR), 9999, &uy) == 0 ? (long)uy : -1;
		long rm = lk_parse_uint(COL(COL_MONTH), 99, &um) == 0 ? (long)um : -1;
		double num = 0, den = 0;
		if (!snum[0]) {
			skipped++;
			continue;
		}
		if (year == 0 && ry >= 2000 && ry <= 2100) {
			year = (int)ry;
			if (s_year_load(st, s->prof.puskesmas, year, &y) != 0) {
				bad = 1;
				break;
			}
		}
		ProtobufCMessage *m = NULL;
		if (ry != year)
			snprintf(err, sizeof err, "year %s is not %d; import one year per file", COL(COL_YEAR), year);
		else if (s_number(snum, &num) || (sden[0] && s_number(sden, &den)))
			snprintf(err, sizeof err, "numerator \"%s\" or denominator \"%s\" is not a number", snum, sden);
		else if (s_check(s, &c, &y, COL(COL_IND), (int)rm, COL(COL_DESA), num, den, &m, err, sizeof err) == 0 &&
		         (lk_field_check(lk_entity_field(lk_entity_find("achievement"), "note"), COL(COL_NOTE), err,
		                         sizeof err) != 0 ||
		          lk_record_set(m, "note", COL(COL_NOTE)) != 0)) {
			if (lk_field_check(lk_entity_field(lk_entity_find("achievement"), "note"), COL(COL_NOTE), err,
			                   sizeof err) == 0)
				snprintf(err, sizeof err, "note too long");
			lk_record_free(m);
			m = NULL;
		}
		else if (m != NULL) {
			ProtobufCMessage **nr = realloc(recs, (nrec + 1) * sizeof *nr);
			if (nr) {
				recs = nr;
				recs[nrec++] = m;
				continue;
			}
			snprintf(err, sizeof err, "out of memory");
		}
#undef COL
		lk_record_free(m);
		fprintf(stderr, "row %d: %s\n", lineno, err);
		bad++;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	int written = 0;
	if (bad == 0) {
		/* One transaction for the sheet: a failed row or a killed process
		 * leaves none of it, as a refused sheet does. */
		if (lk_store_begin(st) != 0) {
			fprintf(stderr, "lokmin: cannot write the store: %s\n", lk_store_error(st));
			bad = 1;
		}
		for (size_t i = 0; i < nrec && bad == 0; i++) {
			char where[32];
			snprintf(where, sizeof where, "row %zu: ", i + 2);
			if (s_write(st, "achievement", recs[i], s_ach_fields, 3, where) != 0) {
				bad = 1;
				break;
			}
			written++;
		}
		if (bad == 0 && lk_store_commit(st) != 0) {
			fprintf(stderr, "lokmin: cannot write the store: %s\n", lk_store_error(st));
			bad = 1;
		} else if (bad != 0) {
			lk_store_rollback(st);
		}
		if (bad == 0)
			printf("imported %d rows for %d (%zu empty rows skipped)\n", written, year, skipped);
		else
			fprintf(stderr, "lokmin: nothing was imported\n");
	} else {
		fprintf(stderr, "lokmin: %d rows refused; nothing was imported\n", bad);
	}
	for (size_t i = 0; i < nrec; i++)
		lk_record_free(recs[i]);
	free(recs);
	cap_year_free(&y);
	free(c.v);
	return bad ? 1 : 0;
}

/* ---------------------------------------------------------------- reading */

static int s_indicators(lk_store *st)
{
	struct cat c;
	if (s_catalogue(st, &c) != 0)
		return 1;
	printf("%-24s %-10s %-7s %-10s %7s  %s\n", "INDICATOR", "PROGRAMME", "UNIT", "ADDS UP", "TARGET", "NAME");
	for (size_t i = 0; i < c.n; i++)
		printf("%-24s %-10s %-7s %-10s %7g  %s\n", c.v[i].code, c.v[i].programme, c.v[i].unit,
		       c.v[i].point ? "per month" : "cumulative", c.v[i].default_target, c.v[i].name);
	free(c.v);
	return 0;
}

static int s_list(struct session *s, lk_store *st, int argc, char **argv)
{
	int year, month;
	if (argc != 3 || s_year_month(argv[2], &year, &month))
		return cmd_usage("capaian");
	struct year_rows y;
	if (s_year_load(st, s->prof.puskesmas, year, &y) != 0)
		return 1;
	printf("%-24s %-10s %10s %11s\n", "INDICATOR", "DESA", "NUMERATOR", "DENOMINATOR");
	size_t shown = 0;
	for (size_t i = 0; i < y.n; i++)
		if (y.v[i].month == month) {
			printf("%-24s %-10s %10g %11g\n", y.v[i].code, y.v[i].desa[0] ? y.v[i].desa : "-", y.v[i].num,
			       y.v[i].den);
			shown++;
		}
	printf("%zu rows for %d-%02d\n", shown, year, month);
	cap_year_free(&y);
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
	if (g.yellow > g.green || g.yellow < 0) {
		fprintf(stderr, "lokmin: the yellow threshold (%g%%) must be between 0 and the green one (%g%%)\n", g.yellow,
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
		printf("Capaian %s %d s.d. %s%s%s (green >= %g%%, yellow >= %g%% of the target to date)\n",
		       s->prof.puskesmas, year, lk_bulan(month), desa ? ", desa " : "", desa ? desa : "", g.green, g.yellow);
		printf("%-24s %6s %9s %9s %8s %8s  %s\n", "INDICATOR", "MONTHS", "ACHIEVED", "TARGET", "COVER%", "GAP",
		       "GRADE");
		for (size_t i = 0; i < n; i++) {
			struct gap_row *r = &rows[i];
			if (r->problem[0]) {
				printf("%-24s %6d %9s %9s %8s %8s  %s\n", r->ind->code, r->cu.months, "-", "-", "-", "-",
				       r->problem);
				continue;
			}
			const char *u = cap_is_percent(r->ind) ? "%" : "";
			char a[24], t[24];
			snprintf(a, sizeof a, "%.1f%s", r->cov.achieved, u);
			snprintf(t, sizeof t, "%.1f%s", r->cov.target_to_date, u);
			printf("%-24s %6d %9s %9s %8.1f %8.1f  %s\n", r->ind->code, r->cu.months, a, t, r->cov.of_target,
			       r->cov.gap, r->cov.grade ? lk_grade_name(r->cov.grade) : "no target");
		}
		if (n == 0)
			printf("(no achievement or targets entered for %d; see `lokmin capaian import`)\n", year);
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
		printf("\n  template [--month YYYY-MM] [--out FILE]     a CSV with every indicator of the catalogue\n"
		       "  import FILE|-                               import a filled CSV; one bad row and nothing is written\n"
		       "  set INDICATOR YYYY-MM NUMERATOR [--denominator SASARAN] [--desa CODE] [--note T]\n"
		       "                                              enter one month (numerator: served in that month)\n"
		       "  target INDICATOR YEAR ANNUAL [--sasaran N]  the year's target (percent or count) and sasaran\n"
		       "  list YYYY-MM                                what was entered for a month\n"
		       "  gaps YYYY-MM [--desa CODE] [--green P] [--yellow P] [--all] [--json]\n"
		       "                                              cumulative coverage, gap and grade to that month\n"
		       "  indicators                                  the indicator catalogue on this device\n"
		       "\nThe grade thresholds default to the options grade_green (100) and grade_yellow (80):\n"
		       "percent of the target to date at or above which an indicator is green or yellow.\n");
		return 0;
	}
	if ((st = session_store(s)) == NULL)
		return 1;
	if (!s->prof.puskesmas[0] && strcmp(argv[1], "indicators")) {
		fprintf(stderr, "lokmin: achievement is entered by a puskesmas device; this one is %s %s\n", s->prof.role,
		        s->prof.scope);
		return 1;
	}
	if (!strcmp(argv[1], "template"))
		return s_template(st, argc, argv);
	if (!strcmp(argv[1], "import"))
		return s_import(s, st, argc, argv);
	if (!strcmp(argv[1], "set"))
		return s_set(s, st, argc, argv);
	if (!strcmp(argv[1], "target"))
		return s_target(s, st, argc, argv);
	if (!strcmp(argv[1], "list"))
		return s_list(s, st, argc, argv);
	if (!strcmp(argv[1], "gaps"))
		return s_gaps(s, st, argc, argv);
	if (!strcmp(argv[1], "indicators") && argc == 2)
		return s_indicators(st);
	return cmd_usage("capaian");
}
