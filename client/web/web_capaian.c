/* web_capaian: /capaian, the year's achievement per indicator and desa with coverage of the target, entry of one month, CSV import, XLSX export and the CSV template. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capaian.h"
#include "capaian_entry.h"
#include "capaian_table.h"
#include "clock.h"
#include "lk_coverage.h"
#include "lk_csv.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "region.h"
#include "resolve.h"
#include "web_priv.h"
#include "xlsx.h"

/* The year and month the page is about: ?tahun= and ?bulan=, else today's. */
static void s_when(struct web_req *q, int *year, int *month)
{
	struct lk_date t;
	uint64_t v;
	*year = 2000;
	*month = 1;
	if (dom_today(&q->a->d, &t, NULL) == 0) {
		*year = t.y;
		*month = t.m;
	}
	const char *y = web_field(q, "tahun"), *m = web_field(q, "bulan");
	if (y && lk_parse_uint(y, 9999, &v) == 0 && v >= 2000 && v <= 2100)
		*year = (int)v;
	if (m && lk_parse_uint(m, 99, &v) == 0 && v >= 1 && v <= 12)
		*month = (int)v;
}

static void s_csrf(struct web_buf *b, const struct web_req *q)
{
	web_buf_raw(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	web_buf_esc(b, q->s->csrf);
	web_buf_raw(b, "\">\n");
}

/* A number as people read it in the page's language ("12,5"). */
static void s_num(struct web_buf *b, double v, int decimals)
{
	char t[LK_FMT_LEN];
	if (lk_fmt_number(t, sizeof t, v, decimals, lk_lang_from_env()) == 0)
		web_buf_esc(b, t);
}

/* The month choices, month m chosen. */
static void s_months(struct web_buf *b, const char *id, const char *name, int m)
{
	web_buf_printf(b, "<select id=\"%s\" name=\"%s\">", id, name);
	for (int i = 1; i <= 12; i++) {
		web_buf_printf(b, "<option value=\"%d\"%s>", i, i == m ? " selected" : "");
		web_buf_esc(b, lk_fmt_month(i, lk_lang_from_env()));
		web_buf_raw(b, "</option>");
	}
	web_buf_raw(b, "</select>\n");
}

/* The desa the coverage is for (?desa=), NULL for the whole puskesmas. */
static const char *s_desa(struct web_req *q)
{
	const char *v = web_arg(q, "desa");
	return v && v[0] ? v : NULL;
}

/* The desa field: a choice of the puskesmas' desa by name (the whole
 * puskesmas first) once a sync has named them, else the code to type. */
static void s_desa_field(struct web_req *q, struct web_buf *b, const char *id, const char *chosen)
{
	struct dom_desa *v = NULL;
	size_t n = 0;
	web_buf_printf(b, "<label for=\"%s\">", id);
	if (dom_desa_list(&q->a->d, &v, &n) != 0 || n == 0) {
		web_buf_esc(b, _("Desa code (empty: the whole puskesmas)"));
		web_buf_printf(b, "</label>\n<input id=\"%s\" name=\"desa\" maxlength=\"15\" inputmode=\"numeric\" "
		                  "aria-describedby=\"%s-hint\" value=\"", id, id);
		web_buf_esc(b, chosen ? chosen : "");
		web_buf_printf(b, "\">\n<p id=\"%s-hint\" class=\"hint\">", id);
		web_buf_esc(b, _("The names of the desa come with the first sync; until then give the desa's 10-digit code."));
		web_buf_raw(b, "</p>\n");
		free(v);
		return;
	}
	web_buf_esc(b, _("Desa"));
	web_buf_printf(b, "</label>\n<select id=\"%s\" name=\"desa\">\n<option value=\"\">", id);
	web_buf_esc(b, _("All desa (the whole puskesmas)"));
	web_buf_raw(b, "</option>\n");
	int found = chosen == NULL;
	for (size_t i = 0; i < n; i++) {
		int sel = chosen && !strcmp(chosen, v[i].code);
		found |= sel;
		web_buf_raw(b, "<option value=\"");
		web_buf_esc(b, v[i].code);
		web_buf_raw(b, sel ? "\" selected>" : "\">");
		web_buf_esc(b, v[i].name);
		web_buf_raw(b, "</option>\n");
	}
	if (!found) { /* a desa no longer in the cache stays chosen, by its code */
		web_buf_raw(b, "<option value=\"");
		web_buf_esc(b, chosen);
		web_buf_raw(b, "\" selected>");
		web_buf_esc(b, chosen);
		web_buf_raw(b, "</option>\n");
	}
	web_buf_raw(b, "</select>\n");
	free(v);
}

/* A desa as people read it: its cached name, else its code; "-" for none. */
static const char *s_desa_shown(struct web_req *q, const char *code, char *out, size_t n)
{
	if (code == NULL || code[0] == '\0')
		return "-";
	if (region_desa_name(q->a->d.st, code, out, n) == 0)
		return out;
	return code;
}

/* Coverage of each indicator to month against its target to date (the gaps table), of one desa or all. */
static void s_coverage(struct web_req *q, struct web_buf *b, const struct cat *c, int year, int month)
{
	struct year_rows y;
	struct lk_grading g = LK_GRADING_DEFAULT;
	const char *desa = s_desa(q);
	web_buf_raw(b, "<h2>");
	web_buf_escf(b, _("Coverage of the target to %s"), lk_fmt_month(month, lk_lang_from_env()));
	if (desa) {
		char name[120];
		web_buf_raw(b, ", ");
		web_buf_escf(b, _("desa %s"), s_desa_shown(q, desa, name, sizeof name));
	}
	web_buf_raw(b, "</h2>\n");
	if (cap_year_load(q->a->d.st, q->a->d.office.puskesmas, year, &y) != 0) {
		web_buf_raw(b, "<p class=\"error\">");
		web_buf_escf(b, _("cannot read achievement: %s"), lk_store_error(q->a->d.st));
		web_buf_raw(b, "</p>\n");
		return;
	}
	size_t n = 0;
	struct gap_row *rows = cap_gap_rows(c, &y, month, desa, &g, 0, &n);
	if (n == 0) {
		web_buf_raw(b, "<p class=\"empty\">");
		web_buf_esc(b, _("No achievement or targets entered for this year yet."));
		web_buf_raw(b, "</p>\n");
	} else {
		web_buf_raw(b, "<div class=\"table-scroll\"><table class=\"capaian\">\n<thead><tr><th scope=\"col\">");
		web_buf_esc(b, _("Indicator"));
		web_buf_raw(b, "</th><th scope=\"col\">");
		web_buf_esc(b, _("Months"));
		web_buf_raw(b, "</th><th scope=\"col\">");
		web_buf_esc(b, _("Achieved"));
		web_buf_raw(b, "</th><th scope=\"col\">");
		web_buf_esc(b, _("Target to date"));
		web_buf_raw(b, "</th><th scope=\"col\">");
		web_buf_esc(b, _("Of the target"));
		web_buf_raw(b, "</th><th scope=\"col\">");
		web_buf_esc(b, _("Grade"));
		web_buf_raw(b, "</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < n; i++) {
			const struct gap_row *r = &rows[i];
			const char *u = cap_is_percent(r->ind) ? "%" : "";
			web_buf_raw(b, "<tr><th scope=\"row\">");
			web_buf_esc(b, r->ind->name);
			web_buf_raw(b, " <span class=\"code\">");
			web_buf_esc(b, r->ind->code);
			web_buf_printf(b, "</span></th><td class=\"num\">%d</td>", r->cu.months);
			if (r->problem[0]) {
				web_buf_raw(b, "<td colspan=\"4\">");
				web_buf_esc(b, r->problem);
				web_buf_raw(b, "</td></tr>\n");
				continue;
			}
			web_buf_raw(b, "<td class=\"num\">");
			s_num(b, r->cov.achieved, 1);
			web_buf_esc(b, u);
			web_buf_raw(b, "</td><td class=\"num\">");
			s_num(b, r->cov.target_to_date, 1);
			web_buf_esc(b, u);
			web_buf_raw(b, "</td><td class=\"num\">");
			s_num(b, r->cov.of_target, 1);
			web_buf_raw(b, "%</td>");
			const char *grade = lk_grade_name(r->cov.grade);
			web_buf_printf(b, "<td class=\"grade grade-%s\">", grade[0] ? grade : "none");
			web_buf_esc(b, grade[0] ? _(grade) : _("no target"));
			web_buf_raw(b, "</td></tr>\n");
		}
		web_buf_raw(b, "</tbody></table></div>\n");
	}
	free(rows);
	cap_year_free(&y);
}

/* The chosen month's figures per indicator and desa, as `lokmin capaian export` writes them (the whole year is
 * the XLSX download: a year of every desa is too much for a phone's page). */
static void s_figures(struct web_req *q, struct web_buf *b, int year, int month)
{
	struct rtable *t;
	struct dom_err err;
	web_buf_raw(b, "<h2>");
	web_buf_escf(b, _("Figures of %s per desa"), lk_fmt_month(month, lk_lang_from_env()));
	web_buf_raw(b, "</h2>\n");
	int rc = dom_capaian_table(&q->a->d, year, &t, &err);
	if (rc != 0) {
		web_buf_raw(b, "<p class=\"error\">");
		web_buf_esc(b, dom_msg(&err, rc));
		web_buf_raw(b, "</p>\n");
		return;
	}
	size_t shown = 0;
	for (size_t r = 0; r < t->nrows; r++)
		shown += strtol(rtable_get(t, r, CAPT_MONTH), NULL, 10) == month;
	if (shown == 0) {
		web_buf_raw(b, "<p class=\"empty\">");
		web_buf_esc(b, t->nrows == 0 ? _("Nothing entered for this year yet.") : _("Nothing entered for this month yet."));
		web_buf_raw(b, "</p>\n");
		rtable_free(t);
		return;
	}
	static const size_t cols[] = {CAPT_NAME, CAPT_MONTH, CAPT_DESA, CAPT_NUM, CAPT_DEN, CAPT_PCT, CAPT_NOTE};
	web_buf_raw(b, "<div class=\"table-scroll\"><table class=\"capaian\">\n<thead><tr>");
	for (size_t k = 0; k < LK_ARRAY_LEN(cols); k++) {
		web_buf_raw(b, "<th scope=\"col\">");
		web_buf_esc(b, _(t->cols[cols[k]]));
		web_buf_raw(b, "</th>");
	}
	web_buf_raw(b, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < t->nrows; r++) {
		if (strtol(rtable_get(t, r, CAPT_MONTH), NULL, 10) != month)
			continue;
		web_buf_raw(b, "<tr>");
		for (size_t k = 0; k < LK_ARRAY_LEN(cols); k++) {
			size_t c = cols[k];
			const char *v = rtable_shown(t, r, c);
			if (c == CAPT_MONTH) {
				long m = strtol(rtable_get(t, r, c), NULL, 10);
				if (m >= 1 && m <= 12)
					v = lk_fmt_month((int)m, lk_lang_from_env());
			}
			if (c == CAPT_DESA) /* the table names the desa it knows; else its code; "-" the whole puskesmas */
				v = rtable_get(t, r, CAPT_DESA_NAME)[0] ? rtable_get(t, r, CAPT_DESA_NAME) : v[0] ? v : "-";
			int num = c == CAPT_NUM || c == CAPT_DEN || c == CAPT_PCT;
			web_buf_raw(b, k == 0 ? "<th scope=\"row\">" : num ? "<td class=\"num\">" : "<td>");
			web_buf_esc(b, v);
			web_buf_raw(b, k == 0 ? "</th>" : "</td>");
		}
		web_buf_raw(b, "</tr>\n");
	}
	web_buf_raw(b, "</tbody></table></div>\n");
	rtable_free(t);
}

/* The entry form of one month, the import form and the downloads. */
static void s_forms(struct web_req *q, struct web_buf *b, const struct cat *c, int year, int month)
{
	web_buf_raw(b, "<section class=\"capaian-entry\">\n<h2>");
	web_buf_esc(b, _("Enter one month"));
	web_buf_raw(b, "</h2>\n<form method=\"post\" action=\"/capaian\" class=\"stack\">\n");
	s_csrf(b, q);
	web_buf_raw(b, "<input type=\"hidden\" name=\"do\" value=\"set\">\n<label for=\"cap-ind\">");
	web_buf_esc(b, _("Indicator"));
	web_buf_raw(b, "</label>\n<select id=\"cap-ind\" name=\"indicator\" required>");
	for (size_t i = 0; i < c->n; i++) {
		web_buf_raw(b, "<option value=\"");
		web_buf_esc(b, c->v[i].code);
		web_buf_raw(b, "\">");
		web_buf_esc(b, c->v[i].programme);
		web_buf_raw(b, ": ");
		web_buf_esc(b, c->v[i].name);
		web_buf_raw(b, "</option>");
	}
	web_buf_raw(b, "</select>\n<label for=\"cap-year\">");
	web_buf_esc(b, _("Year"));
	web_buf_printf(b, "</label>\n<input id=\"cap-year\" name=\"tahun\" type=\"number\" min=\"2000\" max=\"2100\" "
	                  "required value=\"%d\">\n<label for=\"cap-month\">", year);
	web_buf_esc(b, _("Month"));
	web_buf_raw(b, "</label>\n");
	s_months(b, "cap-month", "bulan", month);
	s_desa_field(q, b, "cap-desa", s_desa(q));
	web_buf_raw(b, "<label for=\"cap-num\">");
	web_buf_esc(b, _("Numerator (served in that month)"));
	web_buf_raw(b, "</label>\n<input id=\"cap-num\" name=\"numerator\" type=\"number\" step=\"any\" min=\"0\" "
	               "inputmode=\"decimal\" required>\n<label for=\"cap-den\">");
	web_buf_esc(b, _("Denominator (sasaran)"));
	web_buf_raw(b, "</label>\n<input id=\"cap-den\" name=\"denominator\" type=\"number\" step=\"any\" min=\"0\" "
	               "inputmode=\"decimal\">\n<label for=\"cap-note\">");
	web_buf_esc(b, _("Note"));
	web_buf_raw(b, "</label>\n<input id=\"cap-note\" name=\"note\" maxlength=\"500\">\n<button type=\"submit\">");
	web_buf_esc(b, _("Save"));
	web_buf_raw(b, "</button>\n</form>\n</section>\n<section class=\"capaian-import\">\n<h2>");
	web_buf_esc(b, _("Import a spreadsheet"));
	web_buf_raw(b, "</h2>\n<p>");
	web_buf_esc(b, _("A CSV saved by Excel or LibreOffice, with the template's columns. One bad row and nothing is "
	                 "imported."));
	web_buf_raw(b, "</p>\n<form method=\"post\" action=\"/capaian\" enctype=\"multipart/form-data\" class=\"stack\">\n");
	s_csrf(b, q);
	web_buf_raw(b, "<input type=\"hidden\" name=\"do\" value=\"import\">\n<label for=\"cap-file\">");
	web_buf_esc(b, _("CSV file"));
	web_buf_raw(b, "</label>\n<input id=\"cap-file\" name=\"file\" type=\"file\" accept=\".csv,text/csv\" required>\n"
	               "<button type=\"submit\">");
	web_buf_esc(b, _("Import"));
	web_buf_printf(b, "</button>\n</form>\n<p class=\"actions\"><a class=\"button\" href=\"/capaian/template?tahun=%d&amp;"
	                  "bulan=%d\">", year, month);
	web_buf_esc(b, _("CSV template for the month"));
	web_buf_printf(b, "</a> <a class=\"button\" href=\"/capaian/xlsx?tahun=%d\">", year);
	web_buf_escf(b, _("Download %d as XLSX"), year);
	web_buf_raw(b, "</a></p>\n</section>\n");
}

/* The page: a choice of year and month, the coverage, the figures, the forms; err_html above them. */
static void s_page(struct web_req *q, const struct web_buf *err_html)
{
	struct web_buf b = {0};
	struct cat c;
	int year, month;
	s_when(q, &year, &month);
	web_buf_raw(&b, "<h1>");
	web_buf_escf(&b, _("Achievement %d"), year);
	web_buf_raw(&b, "</h1>\n");
	if (err_html && err_html->p)
		web_buf_raw(&b, err_html->p);
	web_buf_raw(&b, "<form method=\"get\" action=\"/capaian\" class=\"inline-form\">\n<label for=\"show-year\">");
	web_buf_esc(&b, _("Year"));
	web_buf_printf(&b, "</label>\n<input id=\"show-year\" name=\"tahun\" type=\"number\" min=\"2000\" max=\"2100\" "
	                   "value=\"%d\">\n<label for=\"show-month\">", year);
	web_buf_esc(&b, _("Up to"));
	web_buf_raw(&b, "</label>\n");
	s_months(&b, "show-month", "bulan", month);
	s_desa_field(q, &b, "show-desa", s_desa(q));
	web_buf_raw(&b, "<button type=\"submit\">");
	web_buf_esc(&b, _("Show"));
	web_buf_raw(&b, "</button>\n</form>\n");
	if (cap_catalogue(q->a->d.st, &c) != 0) {
		web_buf_raw(&b, "<p class=\"error\">");
		web_buf_esc(&b, _("The indicator catalogue is not on this device yet; it comes with the first sync."));
		web_buf_raw(&b, "</p>\n");
	} else {
		s_coverage(q, &b, &c, year, month);
		s_figures(q, &b, year, month);
		if (q->me->role_bit & (WEB_ROLE_KAPUS | WEB_ROLE_KTU | WEB_ROLE_PJ))
			s_forms(q, &b, &c, year, month);
		free(c.v);
	}
	web_req_page(q, _("Achievement"), &b);
	web_buf_free(&b);
}

static int s_real(const char *s, double *v)
{
	*v = 0;
	if (s == NULL || !*s)
		return 0;
	return lk_parse_real(s, v) == 0 ? 0 : -1;
}

static void s_set(struct web_req *q)
{
	struct dom_capaian_set_in in = {0};
	struct dom_err err;
	char id[40], url[120];
	int rc;
	memset(&err, 0, sizeof err);
	s_when(q, &in.year, &in.month);
	in.indicator = web_field(q, "indicator");
	in.desa = web_field(q, "desa");
	in.note = web_field(q, "note");
	if (in.note && !in.note[0])
		in.note = NULL;
	const char *num = web_field(q, "numerator");
	if (in.indicator == NULL || num == NULL || !num[0] || s_real(num, &in.numerator) != 0 ||
	    s_real(web_field(q, "denominator"), &in.denominator) != 0) {
		web_req_error(q, 400, _("Give the indicator and the numerator as numbers."));
		return;
	}
	/* The desa as chosen (its code) or typed (its code or its name). */
	struct dom_ref ref;
	if (in.desa && in.desa[0]) {
		if ((rc = dom_resolve(q->a->d.st, &q->a->d.office, DOM_DESA, in.desa, &ref, &err)) != 0) {
			web_req_error(q, 400, dom_msg(&err, rc));
			return;
		}
		in.desa = ref.id;
	}
	if ((rc = dom_capaian_may_enter(&q->a->d, q->me->role, q->me->programmes, in.indicator, &err)) != 0) {
		web_req_error(q, rc == -LK_EPERM ? 403 : 400, dom_msg(&err, rc));
		return;
	}
	if ((rc = dom_capaian_set(&q->a->d, &in, id, &err)) != 0) {
		web_req_error(q, rc == -LK_ECONFLICT ? 409 : 400, dom_msg(&err, rc));
		return;
	}
	snprintf(url, sizeof url, "/capaian?tahun=%d&bulan=%d", in.year, in.month);
	web_redirect(q, url, _("Saved."));
}

static void s_import(struct web_req *q)
{
	struct dom_capaian_import_out out;
	struct dom_err err;
	struct web_buf e = {0};
	memset(&err, 0, sizeof err);
	if (q->file == NULL || q->file->len == 0) {
		web_req_error(q, 400, _("Choose a CSV file to import."));
		return;
	}
	/* The upload is read where it lies: the domain reads a stream. */
	FILE *f = fmemopen(q->file->data, q->file->len, "r");
	if (f == NULL) {
		web_req_error(q, 500, strerror(errno));
		return;
	}
	int rc = dom_capaian_import_as(&q->a->d, q->me->role, q->me->programmes, f, q->file->filename, &out, &err);
	fclose(f);
	if (rc == 0) {
		char note[200], url[120];
		snprintf(note, sizeof note, _("Imported %zu rows for %d (%zu empty rows skipped)."), out.written, out.year,
		         out.skipped);
		/* Straight to the sheet's latest month: the figures just imported are what the person checks. */
		if (out.last_month)
			snprintf(url, sizeof url, "/capaian?tahun=%d&bulan=%d", out.year, out.last_month);
		else
			snprintf(url, sizeof url, "/capaian?tahun=%d", out.year);
		dom_capaian_import_free(&out);
		web_redirect(q, url, note);
		return;
	}
	web_buf_raw(&e, "<div class=\"error\" role=\"alert\"><p>");
	web_buf_escf(&e, _("%s was not imported: %s."), q->file->filename, dom_msg(&err, rc));
	web_buf_raw(&e, "</p>\n<ul>\n");
	for (size_t i = 0; i < out.nrefused; i++) {
		web_buf_raw(&e, "<li>");
		if (out.refused[i].row)
			web_buf_escf(&e, _("row %d: %s"), out.refused[i].row, out.refused[i].why);
		else
			web_buf_esc(&e, out.refused[i].why);
		web_buf_raw(&e, "</li>\n");
	}
	web_buf_raw(&e, "</ul></div>\n");
	dom_capaian_import_free(&out);
	q->r->status = 400;
	s_page(q, &e);
	web_buf_free(&e);
}

void web_page_capaian(struct web_req *q)
{
	if (!q->post) {
		q->r->status = 200;
		s_page(q, NULL);
		return;
	}
	const char *what = web_field(q, "do");
	if (what && !strcmp(what, "import"))
		s_import(q);
	else if (what && !strcmp(what, "set"))
		s_set(q);
	else
		web_req_error(q, 400, _("Unknown action."));
}

/* A download: body bytes with type and file name. */
static void s_download(struct web_req *q, const char *ctype, const char *filename)
{
	q->r->status = 200;
	q->r->ctype = ctype;
	snprintf(q->r->disposition, sizeof q->r->disposition, "attachment; filename=\"%s\"", filename);
}

void web_page_capaian_xlsx(struct web_req *q)
{
	struct rtable *t;
	struct dom_err err;
	char dir[1100], path[1200], why[400], name[64];
	int year, month;
	s_when(q, &year, &month);
	int rc = dom_capaian_table(&q->a->d, year, &t, &err);
	if (rc != 0) {
		web_req_error(q, 400, dom_msg(&err, rc));
		return;
	}
	/* libxlsxwriter writes a file: a private folder of the profile, removed once read. */
	snprintf(dir, sizeof dir, "%s/ui-xlsx-XXXXXX", q->a->d.home);
	if (mkdtemp(dir) == NULL) {
		rtable_free(t);
		web_req_error(q, 500, strerror(errno));
		return;
	}
	snprintf(path, sizeof path, "%s/capaian.xlsx", dir);
	rc = xlsx_write_tables(path, &t, 1, why, sizeof why);
	rtable_free(t);
	size_t len = 0;
	FILE *f = rc == 0 ? fopen(path, "rb") : NULL;
	if (rc == 0 && f == NULL)
		snprintf(why, sizeof why, _("the workbook could not be read back: %s"), strerror(errno));
	if (f) {
		char chunk[8192];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
			web_buf_add(&q->r->body, chunk, n);
			len += n;
		}
		if (ferror(f))
			snprintf(why, sizeof why, _("the workbook could not be read back: %s"), strerror(errno));
		rc = ferror(f) ? -1 : 0;
		fclose(f);
	} else {
		rc = -1;
	}
	unlink(path);
	rmdir(dir);
	if (rc != 0 || len == 0) {
		web_buf_free(&q->r->body);
		web_req_error(q, 500, why);
		return;
	}
	snprintf(name, sizeof name, "capaian-%d.xlsx", year);
	s_download(q, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
}

void web_page_capaian_template(struct web_req *q)
{
	struct cat c;
	char *text = NULL, name[64];
	size_t len = 0;
	int year, month;
	s_when(q, &year, &month);
	if (cap_catalogue(q->a->d.st, &c) != 0) {
		web_req_error(q, 404, _("The indicator catalogue is not on this device yet; it comes with the first sync."));
		return;
	}
	FILE *f = open_memstream(&text, &len);
	if (f == NULL) {
		free(c.v);
		web_page_error(q->a, q->s, q->r, 500);
		return;
	}
	/* The columns `lokmin capaian import` reads, one row per indicator of the catalogue. */
	for (int k = 0; dom_capaian_columns[k]; k++)
		fprintf(f, "%s%s", k ? "," : "", dom_capaian_columns[k]);
	fputc('\n', f);
	for (size_t i = 0; i < c.n; i++) {
		fprintf(f, "%s,", c.v[i].code);
		lk_csv_write(f, c.v[i].name);
		fprintf(f, ",%d,%d,,,,\n", year, month);
	}
	fclose(f);
	free(c.v);
	web_buf_add(&q->r->body, text ? text : "", len);
	free(text);
	snprintf(name, sizeof name, "capaian-%d-%02d.csv", year, month);
	s_download(q, "text/csv; charset=utf-8", name);
}
