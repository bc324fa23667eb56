/*
 * web_dasbor: /dinas, the district health office's dashboard for a year (and
 * a kecamatan): lokmin compliance, coverage ranked and the follow-up of RTL,
 * charts and summary tables written by the same reports and charts as
 * `lokmin report --html` (kept while the store and the day stay as they
 * were); a part's long tables on its own page (?rinci=); and /dinas/xlsx,
 * any of its tables as a workbook.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "lk_coverage.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "report.h"
#include "reports.h"
#include "store.h"
#include "web_priv.h"
#include "xlsx.h"

/* The dashboard's parts, in the order of the page; the slug names a part in links and files. The dashboard
 * shows each part's charts and its summary tables (brief, bit i: the report's table i); a long table (a row
 * per meeting, per indicator and puskesmas) is only linked, shown on the part's own page (?rinci=slug) and as a
 * workbook. open names the tables shown unfolded: the compliance's SOP pieces, the grades, the RTL and
 * commitments; the tables its charts already draw are folded under their titles. */
static const struct {
	const char *slug;
	int (*fn)(struct dom *d, const struct report_args *a);
	const char *name; /* N_() */
	unsigned brief, open;
} s_parts[] = {
	{"kepatuhan", report_compliance, N_("Compliance"), 1u << 0 | 1u << 1 | 1u << 2, 1u << 1},
	{"cakupan", report_coverage, N_("Coverage"), 1u << 0, 1u << 0},
	{"tindaklanjut", report_followup, N_("Follow-up"), 1u << 0 | 1u << 1 | 1u << 2, 1u << 0 | 1u << 1},
};

/* A table longer than this is folded away even when open. */
#define DASH_FOLD_ROWS 60

/* What the reports' emit callback needs: the page or the workbook being made. */
struct dash {
	FILE *f;           /* the page's reports, as HTML */
	const char *slug;  /* the part being written */
	unsigned brief;    /* its tables written on the page (the others linked); all of them on the part's page */
	unsigned open;     /* its tables shown open */
	int whole;         /* the part's own page: its tables only, each open */
	char query[64];    /* "tahun=2025&amp;kecamatan=332401": the page's choice, for links */
	long only;         /* the workbook: the table asked for (counted from 1) */
	char path[1200];   /* the workbook is written here */
	char why[400];     /* why it was not */
	int written;
};

/* The page is the district's: elsewhere it does not exist. */
static int s_district(struct web_req *q)
{
	if (!strcmp(q->a->d.office.role, "dinkes"))
		return 1;
	web_page_error(q->a, q->s, q->r, 404);
	return 0;
}

/*
 * The report's arguments from ?tahun= (default this year) and ?kecamatan= (a code of the district's, or
 * none): as of today for this year, the year's last day for a past one. 0, or -1 after an error page.
 */
static int s_args(struct web_req *q, struct report_args *a, struct dash *d, struct units *kec, int *this_year)
{
	struct lk_date t;
	uint64_t v;
	char today[LK_DATE_STRLEN];
	memset(a, 0, sizeof *a);
	memset(d, 0, sizeof *d);
	dom_today_text(&q->a->d, today);
	*this_year = lk_date_parse(today, &t) == 0 ? t.y : 2000;
	a->year = *this_year;
	const char *y = web_arg(q, "tahun"), *k = web_arg(q, "kecamatan");
	if (y && y[0] && (lk_parse_uint(y, 9999, &v) != 0 || v < 2000 || v > 2100)) {
		web_req_error(q, 400, _("The year must be between 2000 and 2100."));
		return -1;
	}
	if (y && y[0])
		a->year = (int)v;
	if (report_kecamatans(q->a->d.st, kec) != 0) {
		web_req_error(q, 500, _("The district's kecamatan could not be read."));
		return -1;
	}
	if (k && k[0]) {
		if (report_unit(kec, k) == NULL) {
			web_req_error(q, 404, _("This kecamatan is not in the district."));
			return -1;
		}
		lk_strlcpy(a->kecamatan, k, sizeof a->kecamatan);
	}
	if (a->year < *this_year)
		snprintf(a->as_of, sizeof a->as_of, "%04u-12-31", (unsigned)a->year % 10000u);
	else
		lk_strlcpy(a->as_of, today, sizeof a->as_of);
	a->submit_days = 7;
	a->fmt = REPORT_HTML;
	a->grading = (struct lk_grading)LK_GRADING_DEFAULT;
	a->front = d;
	char *ms = NULL;
	if (lk_store_get_meta(q->a->d.st, LK_STORE_META_LAST_SYNC, &ms) != 0) {
		free(ms);
		ms = NULL;
	}
	report_people_text(&q->a->d, a, ms);
	lk_strlcpy(a->synced, ms ? "synced" : "never", sizeof a->synced);
	free(ms);
	snprintf(d->query, sizeof d->query, "tahun=%d%s%s", a->year, a->kecamatan[0] ? "&amp;kecamatan=" : "",
	         a->kecamatan);
	return 0;
}

static int s_failed(struct rtable **tables, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (tables[i] == NULL || tables[i]->failed)
			return 1;
	return 0;
}

/* A report as a section of the page: its title, what it is about, its charts, then each table with its download. */
static int s_emit_page(const struct report_args *a, struct rtable **tables, size_t n, const char *title,
                       const char *subtitle, void (*draw)(FILE *f, void *arg), void *arg)
{
	struct dash *d = a->front;
	FILE *f = d->f;
	if (s_failed(tables, n))
		return 1;
	fprintf(f, "<section class=\"report\" id=\"%s\">\n<h2>", d->slug);
	report_html_esc(f, title);
	fputs("</h2>\n<p class=\"sub\">", f);
	report_html_esc(f, subtitle);
	fputs("</p>\n", f);
	if (draw && !d->whole) {
		fputs("<div class=\"charts\">\n", f);
		draw(f, arg);
		fputs("</div>\n", f);
	}
	for (size_t i = 0; i < n; i++) {
		char rows[80];
		snprintf(rows, sizeof rows, P_("%zu row", "%zu rows", tables[i]->nrows), tables[i]->nrows);
		if (!d->whole && (i >= 32 || !(d->brief & 1u << i))) {
			/* Too long for the dashboard: where to read it. */
			fputs("<p class=\"long-table\">", f);
			report_html_esc(f, tables[i]->title);
			fputs(" (", f);
			report_html_esc(f, rows);
			if (tables[i]->nrows == 0) { /* nothing to show or download */
				fputs(")</p>\n", f);
				continue;
			}
			fprintf(f, "): <a href=\"/dinas?%s&amp;rinci=%s#%s-%zu\">", d->query, d->slug, d->slug, i + 1);
			report_html_esc(f, _("show the table"));
			fprintf(f, "</a> &middot; <a href=\"/dinas/xlsx?tabel=%s&amp;no=%zu&amp;%s\">", d->slug, i + 1, d->query);
			report_html_esc(f, _("download it (XLSX)"));
			fputs("</a></p>\n", f);
			continue;
		}
		int fold = !d->whole && (tables[i]->nrows > DASH_FOLD_ROWS || !(d->open & 1u << i));
		if (fold) {
			fputs("<details class=\"big-table\"><summary>", f);
			report_html_esc(f, tables[i]->title);
			fputs(" (", f);
			report_html_esc(f, rows);
			fputs(")</summary>\n", f);
		}
		fprintf(f, "<div class=\"table-scroll\" id=\"%s-%zu\">\n", d->slug, i + 1);
		rtable_write(tables[i], REPORT_HTML, f);
		fprintf(f, "</div>\n<p class=\"download\"><a href=\"/dinas/xlsx?tabel=%s&amp;no=%zu&amp;%s\">", d->slug,
		        i + 1, d->query);
		report_html_esc(f, _("Download this table (XLSX)"));
		fputs("</a></p>\n", f);
		if (fold)
			fputs("</details>\n", f);
	}
	fputs("</section>\n", f);
	return ferror(f) ? 1 : 0;
}

/* The year and kecamatan choices, and the links to the parts. */
static void s_filter(struct web_buf *b, const struct report_args *a, const struct units *kec, int this_year)
{
	int from = this_year - 4 < a->year ? this_year - 4 : a->year, to = this_year + 1 > a->year ? this_year + 1 : a->year;
	web_buf_raw(b, "<form method=\"get\" action=\"/dinas\" class=\"inline-form filter\">\n<div><label for=\"tahun\">");
	web_buf_esc(b, _("Year"));
	web_buf_raw(b, "</label><select id=\"tahun\" name=\"tahun\">");
	for (int y = to; y >= from; y--)
		web_buf_printf(b, "<option value=\"%d\"%s>%d</option>", y, y == a->year ? " selected" : "", y);
	web_buf_raw(b, "</select></div>\n<div><label for=\"kecamatan\">");
	web_buf_esc(b, _("Kecamatan"));
	web_buf_raw(b, "</label><select id=\"kecamatan\" name=\"kecamatan\"><option value=\"\">");
	web_buf_esc(b, _("Every kecamatan"));
	web_buf_raw(b, "</option>");
	for (size_t i = 0; i < kec->n; i++) {
		web_buf_raw(b, "<option value=\"");
		web_buf_esc(b, kec->v[i].code);
		web_buf_raw(b, strcmp(kec->v[i].code, a->kecamatan) ? "\">" : "\" selected>");
		web_buf_esc(b, kec->v[i].name);
		web_buf_raw(b, "</option>");
	}
	web_buf_raw(b, "</select></div>\n<button type=\"submit\">");
	web_buf_esc(b, _("Show"));
	web_buf_raw(b, "</button>\n</form>\n<nav class=\"dash-nav\" aria-label=\"");
	web_buf_esc(b, _("Parts of the dashboard"));
	web_buf_raw(b, "\">");
	for (size_t i = 0; i < LK_ARRAY_LEN(s_parts); i++) {
		web_buf_printf(b, "<a href=\"#%s\">", s_parts[i].slug);
		web_buf_esc(b, _(s_parts[i].name));
		web_buf_raw(b, "</a>");
	}
	web_buf_raw(b, "</nav>\n");
}

/* ---------------------------------------------------------------- the memo */

/*
 * The reports of the page as last written for a choice (year, kecamatan, part), kept while nothing they are
 * made of can have changed: the store's stamp (any record written here, synced in the background or by
 * another process), the day they were judged on (today, for this year) and the language. Anything else
 * recomputes them; the oldest of a few choices is replaced.
 */
#define DASH_MEMO 4

static struct {
	uint64_t stamp, used;
	int year;
	long part;
	char kecamatan[16], as_of[16], lang[16];
	char *html;
	size_t len;
} s_memo[DASH_MEMO];
static pthread_mutex_t s_memo_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t s_memo_clock;

/* The language the reports are written in. */
static const char *s_lang(void)
{
	const char *l = getenv("LANGUAGE");
	return l ? l : "";
}

/* A copy of the reports kept for this choice (malloc'd, *len), or NULL. */
static char *s_memo_get(uint64_t stamp, const struct report_args *a, long part, size_t *len)
{
	char *html = NULL;
	pthread_mutex_lock(&s_memo_lock);
	for (size_t i = 0; stamp && i < DASH_MEMO && html == NULL; i++)
		if (s_memo[i].html && s_memo[i].stamp == stamp && s_memo[i].year == a->year && s_memo[i].part == part &&
		    !strcmp(s_memo[i].kecamatan, a->kecamatan) && !strcmp(s_memo[i].as_of, a->as_of) &&
		    !strcmp(s_memo[i].lang, s_lang()) && (html = malloc(s_memo[i].len + 1)) != NULL) {
			memcpy(html, s_memo[i].html, s_memo[i].len + 1);
			*len = s_memo[i].len;
			s_memo[i].used = ++s_memo_clock;
		}
	pthread_mutex_unlock(&s_memo_lock);
	return html;
}

/* Keep a copy of the reports written for this choice as of stamp (nothing kept without memory). */
static void s_memo_put(uint64_t stamp, const struct report_args *a, long part, const char *html, size_t len)
{
	char *copy = stamp ? malloc(len + 1) : NULL;
	if (copy == NULL)
		return;
	memcpy(copy, html, len);
	copy[len] = '\0';
	pthread_mutex_lock(&s_memo_lock);
	size_t k = 0;
	for (size_t i = 1; i < DASH_MEMO; i++)
		if (s_memo[i].used < s_memo[k].used)
			k = i;
	free(s_memo[k].html);
	s_memo[k].html = copy;
	s_memo[k].len = len;
	s_memo[k].stamp = stamp;
	s_memo[k].used = ++s_memo_clock;
	s_memo[k].year = a->year;
	s_memo[k].part = part;
	lk_strlcpy(s_memo[k].kecamatan, a->kecamatan, sizeof s_memo[k].kecamatan);
	lk_strlcpy(s_memo[k].as_of, a->as_of, sizeof s_memo[k].as_of);
	lk_strlcpy(s_memo[k].lang, s_lang(), sizeof s_memo[k].lang);
	pthread_mutex_unlock(&s_memo_lock);
}

/* ---------------------------------------------------------------- the page */

/* The part ?rinci= names (its own page, every table of it), LK_ARRAY_LEN(s_parts) for the whole dashboard, or
 * -1 for a part that does not exist. */
static long s_whole_part(struct web_req *q)
{
	const char *r = web_arg(q, "rinci");
	if (r == NULL || !r[0])
		return (long)LK_ARRAY_LEN(s_parts);
	for (size_t i = 0; i < LK_ARRAY_LEN(s_parts); i++)
		if (!strcmp(r, s_parts[i].slug))
			return (long)i;
	return -1;
}

void web_page_dinas(struct web_req *q)
{
	struct report_args a;
	struct dash d;
	struct units kec;
	int this_year;
	long whole = s_whole_part(q);
	if (!s_district(q))
		return;
	if (whole < 0) {
		web_page_error(q->a, q->s, q->r, 404);
		return;
	}
	if (s_args(q, &a, &d, &kec, &this_year) != 0)
		return;
	size_t len = 0;
	uint64_t stamp = lk_store_stamp(q->a->d.st);
	char *html = s_memo_get(stamp, &a, whole, &len);
	int rc = html || (d.f = open_memstream(&html, &len)) ? 0 : -LK_ENOMEM;
	a.emit = s_emit_page;
	d.whole = whole < (long)LK_ARRAY_LEN(s_parts);
	for (size_t i = 0; rc == 0 && d.f && i < LK_ARRAY_LEN(s_parts); i++) {
		if (d.whole && (long)i != whole)
			continue;
		d.slug = s_parts[i].slug;
		d.brief = s_parts[i].brief;
		d.open = s_parts[i].open;
		rc = s_parts[i].fn(&q->a->d, &a);
	}
	if (d.f && fclose(d.f) != 0 && rc == 0)
		rc = -LK_ENOMEM;
	if (d.f && rc == 0)
		s_memo_put(stamp, &a, whole, html, len);
	if (rc != 0) {
		free(html);
		free(kec.v);
		web_req_error(q, 500, rc < 0 ? lk_store_error(q->a->d.st) : _("The dashboard could not be made."));
		return;
	}
	struct web_buf b = {0};
	char title[160];
	snprintf(title, sizeof title, _("District dashboard %d"), a.year);
	if (d.whole) {
		size_t n = strlen(title);
		snprintf(title + n, sizeof title - n, ": %s", _(s_parts[whole].name));
	}
	web_buf_raw(&b, "<div class=\"dinas\">\n<h1>");
	web_buf_esc(&b, title);
	web_buf_raw(&b, "</h1>\n<p class=\"sub\">");
	web_buf_esc(&b, a.place);
	web_buf_raw(&b, " &middot; ");
	web_buf_escf(&b, _("as of %s"), a.as_of_text);
	web_buf_raw(&b, "</p>\n");
	if (d.whole) {
		web_buf_printf(&b, "<p class=\"back\"><a href=\"/dinas?%s#%s\">", d.query, s_parts[whole].slug);
		web_buf_esc(&b, _("Back to the dashboard"));
		web_buf_raw(&b, "</a></p>\n");
	} else {
		s_filter(&b, &a, &kec, this_year);
	}
	web_buf_add(&b, html, len);
	web_buf_raw(&b, "</div>\n");
	web_req_page(q, title, &b);
	web_buf_free(&b);
	free(html);
	free(kec.v);
}

/* ---------------------------------------------------------------- the workbook */

static int s_emit_xlsx(const struct report_args *a, struct rtable **tables, size_t n, const char *title,
                       const char *subtitle, void (*draw)(FILE *f, void *arg), void *arg)
{
	struct dash *d = a->front;
	if (s_failed(tables, n)) {
		lk_strlcpy(d->why, _("out of memory"), sizeof d->why);
		return 1;
	}
	if (d->only < 1 || (size_t)d->only > n)
		return 0; /* no such table: nothing written */
	if (xlsx_write_tables(d->path, &tables[d->only - 1], 1, d->why, sizeof d->why) != 0)
		return 1;
	d->written = 1;
	return 0;
}

/* The workbook at d->path into the reply's body; 0, or -1 with why. */
static int s_read_back(struct web_req *q, struct dash *d)
{
	FILE *f = fopen(d->path, "rb");
	char chunk[8192];
	size_t n, len = 0;
	if (f == NULL) {
		snprintf(d->why, sizeof d->why, _("the workbook could not be read back: %s"), strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		web_buf_add(&q->r->body, chunk, n);
		len += n;
	}
	int bad = ferror(f) || len == 0 || q->r->body.oom;
	if (bad)
		snprintf(d->why, sizeof d->why, _("the workbook could not be read back: %s"), strerror(errno));
	fclose(f);
	return bad ? -1 : 0;
}

void web_page_dinas_xlsx(struct web_req *q)
{
	struct report_args a;
	struct dash d;
	struct units kec;
	int this_year;
	uint64_t v;
	if (!s_district(q) || s_args(q, &a, &d, &kec, &this_year) != 0)
		return;
	free(kec.v);
	const char *part = web_arg(q, "tabel"), *no = web_arg(q, "no");
	size_t i = 0;
	while (i < LK_ARRAY_LEN(s_parts) && !(part && !strcmp(part, s_parts[i].slug)))
		i++;
	if (i == LK_ARRAY_LEN(s_parts) || !no || lk_parse_uint(no, 99, &v) != 0 || v < 1) {
		web_page_error(q->a, q->s, q->r, 404);
		return;
	}
	d.only = (long)v;
	/* libxlsxwriter writes a file: a private folder of the profile, removed once read. */
	char dir[1100];
	snprintf(dir, sizeof dir, "%s/ui-xlsx-XXXXXX", q->a->d.home);
	if (mkdtemp(dir) == NULL) {
		web_req_error(q, 500, strerror(errno));
		return;
	}
	snprintf(d.path, sizeof d.path, "%s/%s.xlsx", dir, s_parts[i].slug);
	a.emit = s_emit_xlsx;
	a.fmt = REPORT_XLSX;
	int rc = s_parts[i].fn(&q->a->d, &a);
	if (rc == 0 && d.written)
		rc = s_read_back(q, &d);
	unlink(d.path);
	rmdir(dir);
	if (rc == 0 && !d.written) {
		web_page_error(q->a, q->s, q->r, 404);
		return;
	}
	if (rc != 0) {
		web_buf_free(&q->r->body);
		web_req_error(q, 500, rc < 0 && !d.why[0] ? lk_store_error(q->a->d.st) : d.why);
		return;
	}
	q->r->status = 200;
	q->r->ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	snprintf(q->r->disposition, sizeof q->r->disposition, "attachment; filename=\"%s-%d-%ld.xlsx\"",
	         s_parts[i].slug, a.year, d.only);
}
