/*
 * cmd_report: `lokmin report`: what the district (or the camat's office, or a
 * puskesmas for itself) sees across its scope, computed from the local store:
 * compliance with the lokmin schedule and SOP, follow-up of RTL and
 * commitments, coverage, and the accreditation evidence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "client.h"
#include "clock.h"
#include "dom.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_json.h"
#include "lk_util.h"
#include "names.h"
#include "region.h"
#include "report.h"
#include "report_all.h"
#include "report_doc.h"
#include "reports.h"
#include "store.h"
#include "xlsx.h"

/* When this device last synced, for people. */
static const char *s_synced(const struct report_args *a)
{
	return a->synced_text[0] ? a->synced_text : strcmp(a->synced, "never") ? a->synced : _("never");
}

/* A report's tables added to doc as pages: a heading with the region, the period and when it was made. */
static int s_doc_add(struct rd_doc *doc, const struct report_args *a, struct rtable **tables, size_t n,
                     const char *title, const char *subtitle, int new_page)
{
	char period[200], synced[120], made[160];
	snprintf(period, sizeof period, _("Period: the year %d, as of %s"), a->year, a->as_of_text);
	snprintf(synced, sizeof synced, _("Figures as of this device's last sync: %s"), s_synced(a));
	snprintf(made, sizeof made, _("Made on %s"), a->made);
	const char *lines[] = {a->place, period, subtitle, synced, made};
	int rc = rd_report_heading(doc, title, lines, LK_ARRAY_LEN(lines), new_page);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = rd_report_table(doc, tables[i]);
	return rc;
}

/* `report all` as PDF: the document every report adds its pages to. */
struct s_all_doc {
	struct rd_doc *doc;
	int added; /* reports added so far: each after the first starts a page */
};

/* The report as a PDF file (or, in `report all`, pages of the document being built). */
static int s_emit_pdf(const struct report_args *a, struct rtable **tables, size_t n, const char *title,
                      const char *subtitle)
{
	struct s_all_doc *all = a->doc;
	struct rd_doc *doc = all ? all->doc : rd_report_new(title);
	if (doc == NULL) {
		fprintf(stderr, _("lokmin: out of memory while building the report\n"));
		return 1;
	}
	int rc = s_doc_add(doc, a, tables, n, title, subtitle, all && all->added++ > 0);
	if (rc == 0 && all == NULL)
		rc = rd_render_pdf(doc, a->out);
	if (rc != 0)
		fprintf(stderr, _("lokmin: cannot write the report to %s: %s\n"), a->out, rd_doc_error(doc));
	else if (all == NULL)
		printf("%s\n", a->out);
	if (all == NULL)
		rd_doc_free(&doc);
	return rc ? 1 : 0;
}

/* Write the tables in fmt to out (a file, or stdout). The HTML page gets charts from draw. */
static int s_emit(const struct report_args *a, struct rtable **tables, size_t n, const char *title, const char *subtitle,
                void (*draw)(FILE *f, void *arg), void *arg)
{
	enum report_format fmt = a->fmt;
	for (size_t i = 0; i < n; i++)
		if (tables[i] == NULL || tables[i]->failed) {
			fprintf(stderr, _("lokmin: out of memory while building the report\n"));
			return 1;
		}
	if (fmt == REPORT_PDF)
		return s_emit_pdf(a, tables, n, title, subtitle);
	if (fmt == REPORT_XLSX) {
		/* One sheet per table of the report. */
		char why[400];
		if (xlsx_write_tables(a->out, tables, n, why, sizeof why) != 0) {
			fprintf(stderr, _("lokmin: cannot write the report to %s: %s\n"), a->out, why);
			return 1;
		}
		printf("%s\n", a->out);
		return 0;
	}
	const char *out = a->page ? NULL : a->out;
	FILE *f = a->page ? a->page : out ? fopen(out, "w") : stdout;
	if (f == NULL) {
		perror(out);
		return 1;
	}
	char sub[900];
	snprintf(sub, sizeof sub, _("%s; %s; figures as of this device's last sync: %s"), a->place, subtitle,
	         s_synced(a));
	subtitle = sub;
	if (fmt == REPORT_HTML && a->page) {
		fputs("<h2>", f);
		report_html_esc(f, title);
		fputs("</h2>\n<div class=\"sub\">", f);
		report_html_esc(f, subtitle);
		fputs("</div>\n", f);
	} else if (fmt == REPORT_HTML) {
		report_html_begin(f, title, subtitle);
	}
	if (fmt == REPORT_HTML && draw)
		draw(f, arg);
	if (fmt == REPORT_TEXT)
		fprintf(f, a->page ? "== %s ==\n%s\n\n" : "%.0s(%s)\n\n", title, subtitle);
	if (fmt == REPORT_CSV)
		fprintf(f, "# %s (%s)\n", title, subtitle);
	if (fmt == REPORT_JSON) {
		fputs("{\"report\":", f);
		lk_json_string(f, title);
		fputs(",\"about\":", f);
		lk_json_string(f, subtitle);
		fputs(",\"synced\":", f);
		lk_json_string(f, a->synced);
		fputs(",\"tables\":[\n", f);
	}
	for (size_t i = 0; i < n; i++) {
		if (fmt == REPORT_JSON) {
			fputs(i ? ",{\"title\":" : "{\"title\":", f);
			lk_json_string(f, tables[i]->title);
			fputs(",\"rows\":", f);
		} else if (fmt == REPORT_CSV && i) {
			fputc('\n', f);
		}
		if (fmt == REPORT_CSV)
			fprintf(f, "# %s\n", tables[i]->title);
		rtable_write(tables[i], fmt, f);
		if (fmt == REPORT_JSON)
			fputs("}", f);
		else if (fmt == REPORT_TEXT && i + 1 < n)
			fputc('\n', f);
	}
	if (fmt == REPORT_JSON)
		fputs("]}\n", f);
	if (fmt == REPORT_HTML && !a->page)
		report_html_end(f);
	else if (a->page)
		fputc('\n', f);
	int bad = ferror(f);
	if (out && fclose(f) != 0)
		bad = 1;
	if (bad)
		fprintf(stderr, out ? _("lokmin: cannot write the report to %s\n") : _("lokmin: cannot write the report\n"),
		        out ? out : "");
	else if (out)
		printf("%s\n", out);
	return bad ? 1 : 0;
}

/* The evidence bundle's photos not on this device yet: fetched from lokmind (the path is printed). */
static int s_fetch(const struct report_args *a, const char *id)
{
	struct session *s = a->front;
	return attach_fetch(s, session_store(s), id, NULL);
}

static int s_document(const struct report_args *a, const char *kind, const char *meeting, const char *path)
{
	struct session *s = a->front;
	struct dom d;
	cli_dom(s, &d);
	return d.st ? print_document(&d, kind, meeting, path) : 1;
}

static void s_say(const struct report_args *a, const char *line)
{
	(void)a;
	fprintf(stderr, "%s\n", line);
}

/* --csv, --json, --html, --pdf and --out (-o) FILE: 1 when argv[*i] was one (and *i is past its
 * value), 0 otherwise, -1 for --out without its value. */
static int s_format_flag(int argc, char **argv, int *i, enum report_format *fmt, const char **out)
{
	if (!strcmp(argv[*i], "--csv"))
		*fmt = REPORT_CSV;
	else if (!strcmp(argv[*i], "--json"))
		*fmt = REPORT_JSON;
	else if (!strcmp(argv[*i], "--html"))
		*fmt = REPORT_HTML;
	else if (!strcmp(argv[*i], "--pdf"))
		*fmt = REPORT_PDF;
	else if (!strcmp(argv[*i], "--out") || !strcmp(argv[*i], "-o")) {
		if (*i + 1 >= argc)
			return -1;
		*out = argv[++*i];
	} else
		return 0;
	return 1;
}

/* ---------------------------------------------------------------- the command */

static int s_all(struct dom *d, const struct report_args *a);

static const struct {
	const char *name;
	int (*fn)(struct dom *d, const struct report_args *a);
	const char *help;
	const char *reads; /* what a negative result could not read */
} s_reports[] = {
	{"compliance", report_compliance, N_("lokmin held on schedule, postponed, missed; the SOP's documents; per month"),
	 N_("the meetings")},
	{"followup", report_followup, N_("RTL and commitments: open, overdue, done on time or late, ageing"),
	 N_("the follow-up items")},
	{"coverage", report_coverage,
	 N_("achievement per indicator and puskesmas against target: ranking, trend, grades"), N_("the achievement")},
	{"evidence", report_evidence,
	 N_("accreditation 1.6.2 evidence per puskesmas: EP a, b, c with hashes, and the gaps"), N_("the records")},
	{"all", s_all, N_("every report above in one output (with --html: one page with every chart)"),
	 N_("the records")},
};

/* Run report i; a store that cannot be read is said here, as the exit status 1. */
static int s_run(size_t i, struct dom *d, const struct report_args *a)
{
	int rc = s_reports[i].fn(d, a);
	if (rc < 0) {
		fprintf(stderr, _("lokmin: cannot read %s: %s\n"), _(s_reports[i].reads), lk_store_error(d->st));
		return 1;
	}
	return rc;
}

static int s_all(struct dom *d, const struct report_args *a)
{
	struct report_args b = *a;
	char title[160], sub[160];
	snprintf(title, sizeof title, _("Lokmin %d: compliance, follow-up, coverage, evidence"), a->year);
	snprintf(sub, sizeof sub, _("as of %s"), a->as_of_text);
	if (a->fmt == REPORT_PDF) {
		struct s_all_doc all = {rd_report_new(title), 0};
		if (all.doc == NULL) {
			fprintf(stderr, _("lokmin: out of memory while building the report\n"));
			return 1;
		}
		b.doc = &all;
		b.bundle = NULL;
		int rc = 0;
		for (size_t i = 0; rc == 0 && s_reports[i].fn != s_all; i++)
			rc = s_run(i, d, &b);
		if (rc == 0 && rd_render_pdf(all.doc, a->out) != 0) {
			fprintf(stderr, _("lokmin: cannot write the report to %s: %s\n"), a->out, rd_doc_error(all.doc));
			rc = 1;
		}
		rd_doc_free(&all.doc);
		if (rc == 0)
			printf("%s\n", a->out);
		return rc;
	}
	b.page = a->out ? fopen(a->out, "w") : stdout;
	b.bundle = NULL;
	if (b.page == NULL) {
		perror(a->out);
		return 1;
	}
	if (a->fmt == REPORT_HTML)
		report_html_begin(b.page, title, sub);
	if (a->fmt == REPORT_JSON)
		fputc('[', b.page);
	/* The reports read the store apart, as they would one after the other; side by side on a machine with
	 * more than one CPU. XLSX writes a file per report (not a page) and stays in order. */
	size_t n = LK_ARRAY_LEN(s_reports) - 1;
	int rc = a->fmt == REPORT_XLSX ? -1 : report_all_side_by_side(d, &b, n, s_run, a->fmt == REPORT_JSON ? "," : NULL);
	if (rc == -1) {
		rc = 0;
		for (size_t i = 0; rc == 0 && i < n; i++) {
			if (a->fmt == REPORT_JSON && i)
				fputc(',', b.page);
			rc = s_run(i, d, &b);
		}
	}
	if (a->fmt == REPORT_JSON)
		fputs("]\n", b.page);
	if (a->fmt == REPORT_HTML)
		report_html_end(b.page);
	if (a->out && fclose(b.page) != 0)
		rc = 1;
	if (rc == 0 && a->out)
		printf("%s\n", a->out);
	return rc;
}

int cmd_report(struct session *s, int argc, char **argv)
{
	struct report_args a;
	memset(&a, 0, sizeof a);
	a.submit_days = 7;
	if (argc < 2 && !cmd_is_help(argc, argv))
		return cmd_usage("report");
	if (cmd_is_help(argc, argv)) {
		cmd_help("report");
		printf("\n%s\n", _("Reports:"));
		for (size_t i = 0; i < LK_ARRAY_LEN(s_reports); i++)
			printf("  %-12s %s\n", s_reports[i].name, _(s_reports[i].help));
		printf("\n%s\n", _("Options:"));
		fputs(_("  --year Y           the year reported (default this year)\n"
		        "  --as-of DATE       judge what was due by this day (default today)\n"
		        "  --submit-days N    minutes count as submitted in time within N days of the meeting (default 7)\n"
		        "  --csv | --json | --html | --pdf   the format (default a terminal table); --html is one\n"
		        "                     self-contained page with charts; --pdf an A4 document with the\n"
		        "                     tables (needs --out)\n"
		        "  --out FILE, -o FILE   write to FILE instead of the terminal; a name ending in .pdf,\n"
		        "                     .html or .xlsx (a workbook, one sheet per table) chooses that format\n"
		        "                     when no other is given\n"
		        "  --bundle DIR       evidence only: also write every document and photo, with an index\n"
		        "                     page per puskesmas, into DIR (for the surveyor)\n"
		        "  --puskesmas P      only this puskesmas: its code or a unique part of its name\n"
		        "  --kecamatan K      only the puskesmas of this kecamatan: its code or a unique part of its name\n"),
		      stdout);
		return 0;
	}
	a.fmt = s->opt.json ? REPORT_JSON : REPORT_TEXT;
	const char *puskesmas = NULL, *kecamatan = NULL;
	int chosen = s->opt.json;
	for (int i = 2; i < argc; i++) {
		struct lk_date d;
		int f = s_format_flag(argc, argv, &i, &a.fmt, &a.out);
		if (f == 1 && strcmp(argv[i - 1], "--out") && strcmp(argv[i - 1], "-o"))
			chosen = 1;
		if (f == 1)
			continue;
		if (f == 0 && !strcmp(argv[i], "--year") && i + 1 < argc && lk_parse_arg(argv[i + 1]) >= 2000 &&
		    lk_parse_arg(argv[i + 1]) <= 2100)
			a.year = lk_parse_arg(argv[++i]);
		else if (f == 0 && !strcmp(argv[i], "--as-of") && i + 1 < argc && lk_date_parse(argv[i + 1], &d) == 0)
			lk_strlcpy(a.as_of, argv[++i], sizeof a.as_of);
		else if (f == 0 && !strcmp(argv[i], "--submit-days") && i + 1 < argc && lk_parse_arg(argv[i + 1]) >= 0 &&
		         lk_parse_arg(argv[i + 1]) <= 366)
			a.submit_days = lk_parse_arg(argv[++i]);
		else if (f == 0 && !strcmp(argv[i], "--bundle") && i + 1 < argc && !strcmp(argv[1], "evidence"))
			a.bundle = argv[++i];
		else if (f == 0 && !strcmp(argv[i], "--puskesmas") && i + 1 < argc)
			puskesmas = argv[++i];
		else if (f == 0 && !strcmp(argv[i], "--kecamatan") && i + 1 < argc)
			kecamatan = argv[++i];
		else
			return cmd_usage("report");
	}
	/* -o FILE.pdf or FILE.html chooses the format when no flag did. */
	size_t olen = a.out ? strlen(a.out) : 0;
	if (!chosen && olen > 4 && !strcasecmp(a.out + olen - 4, ".pdf"))
		a.fmt = REPORT_PDF;
	else if (!chosen && olen > 5 && !strcasecmp(a.out + olen - 5, ".html"))
		a.fmt = REPORT_HTML;
	else if (!chosen && olen > 5 && !strcasecmp(a.out + olen - 5, ".xlsx"))
		a.fmt = REPORT_XLSX;
	if (a.fmt == REPORT_XLSX && !strcmp(argv[1], "all")) {
		fprintf(stderr, _("lokmin: `report all` is not written as XLSX; write each report to a workbook of its own\n"));
		return 2;
	}
	if (a.fmt == REPORT_PDF && a.out == NULL) {
		fprintf(stderr, _("lokmin: --pdf needs --out FILE.pdf\n"));
		return 2;
	}
	struct dom d;
	cli_dom(s, &d);
	lk_store *st = d.st;
	if (st == NULL)
		return 1;
	/* The year and the day judged default to the office's today, not the UTC day. */
	char today[LK_DATE_STRLEN];
	dom_today_text(&d, today);
	if (a.year == 0)
		a.year = atoi(today);
	if (a.as_of[0] == '\0')
		lk_strlcpy(a.as_of, today, sizeof a.as_of);
	/* A puskesmas or kecamatan by its code or a unique part of its name. */
	int rc;
	if (puskesmas && (rc = cli_resolve(s, st, DOM_PUSKESMAS, puskesmas, a.puskesmas, sizeof a.puskesmas)) != 0)
		return rc;
	if (kecamatan && (rc = cli_resolve(s, st, DOM_KECAMATAN, kecamatan, a.kecamatan, sizeof a.kecamatan)) != 0)
		return rc;
	char *ms = NULL; /* when this device last synced, read once for every text that tells it */
	if (lk_store_get_meta(st, LK_STORE_META_LAST_SYNC, &ms) != 0) {
		free(ms);
		ms = NULL;
	}
	report_people_text(&d, &a, ms);
	lk_strlcpy(a.synced, "never", sizeof a.synced); /* a machine value in --json */
	if (ms) {
		/* Kept in UTC: the reports' JSON and their readers take this field as it is. */
		time_t t = (time_t)(strtoll(ms, NULL, 10) / 1000);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(a.synced, sizeof a.synced, "%Y-%m-%d %H:%M UTC", &tm);
		free(ms);
	}
	a.grading = (struct lk_grading){(double)s->opt.grade_green, (double)s->opt.grade_yellow};
	a.front = s;
	a.emit = s_emit;
	a.fetch = s_fetch;
	a.document = s_document;
	a.say = s_say;
	for (size_t i = 0; i < LK_ARRAY_LEN(s_reports); i++)
		if (!strcmp(argv[1], s_reports[i].name))
			return s_run(i, &d, &a);
	return cmd_usage("report");
}
