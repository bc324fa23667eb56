/* web_dinas: the district's puskesmas by kecamatan, and one puskesmas' year: each month's lokmin, its documents,
 * and its accreditation evidence (criterion 1.6.2) with what is missing in words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "lk_date.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "region.h"
#include "web_dinas.h"

/* ---------------------------------------------------------------- what both pages share */

int web_pkm_of(struct web_req *q, struct web_pkm *p)
{
	struct units u = {0};
	char today[LK_DATE_STRLEN];
	const char *kode = web_arg(q, "kode"), *tahun = web_arg(q, "tahun");
	memset(p, 0, sizeof *p);
	if (strcmp(q->a->d.office.role, "dinkes")) {
		web_page_error(q->a, q->s, q->r, 404);
		return -1;
	}
	dom_today_text(&q->a->d, today);
	p->year = tahun && tahun[0] ? atoi(tahun) : atoi(today);
	if (p->year < 2000 || p->year > 2100) {
		web_req_error(q, 400, _("The year must be between 2000 and 2100."));
		return -1;
	}
	struct unit *x = NULL;
	if (kode && report_units(q->a->d.st, NULL, &u) == 0)
		x = report_unit(&u, kode);
	if (x)
		p->u = *x;
	free(u.v);
	if (x == NULL) {
		web_req_error(q, 404, _("There is no such puskesmas in this district."));
		return -1;
	}
	if (region_puskesmas_name(q->a->d.st, p->u.code, p->pusk_name, sizeof p->pusk_name) != 0)
		lk_strlcpy(p->pusk_name, p->u.name[0] ? p->u.name : _("a puskesmas without a name"), sizeof p->pusk_name);
	if (region_name(q->a->d.st, p->u.kecamatan, p->kec_name, sizeof p->kec_name) != 0)
		p->kec_name[0] = '\0';
	/* A past year is judged as it ended; this year and later ones on today. */
	if (p->year < atoi(today))
		snprintf(p->as_of, sizeof p->as_of, "%04d-12-31", p->year);
	else
		lk_strlcpy(p->as_of, today, sizeof p->as_of);
	p->due = ev_months(q->a->d.st, p->u.code, p->year, p->as_of, p->months);
	if (p->due < 0) {
		web_req_error(q, 500, _("The records of this device could not be read."));
		return -1;
	}
	return 0;
}

const char *web_pkm_state(enum ev_state s)
{
	return _(ev_state_word(s));
}

struct ev_out {
	struct web_buf *b;
	enum lk_lang lang;
	int complete;
};

static void s_month(struct web_buf *b, const char *period, enum lk_lang lang)
{
	int m = atoi(period);
	web_buf_esc(b, m >= 1 && m <= 12 ? lk_fmt_month(m, lang) : _("the whole year"));
}

/* The three tables of report_evidence (summary, gaps, pieces), for one puskesmas, as HTML. */
static int s_emit(const struct report_args *a, struct rtable **t, size_t n, const char *title, const char *subtitle,
                  void (*draw)(FILE *f, void *arg), void *arg)
{
	struct ev_out *o = a->front;
	struct web_buf *b = o->b;
	static const char *const eps[] = {
		N_("EP a: the lokmin is held every month, with a signed invitation, an attendance list, signed minutes "
		   "and photos (meetings complete of those due)"),
		N_("EP b: problems are discussed and given recommendations (problems with a recommendation)"),
		N_("EP c: the follow-up is done and proven (RTL items done with proof)"),
	};
	(void)title, (void)subtitle, (void)draw, (void)arg;
	if (n < 3 || t[0]->nrows < 1)
		return 0;
	int gaps = t[1]->nrows > 0;
	o->complete = !gaps;
	web_buf_printf(b, "<table class=\"ep\">\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	                  "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	               _("Element of assessment"), _("Fulfilled"), _("State"));
	for (size_t c = 1; c <= 3 && c < t[0]->ncols; c++) {
		int good = t[0]->marks[c] == MARK_GOOD;
		o->complete &= good;
		web_buf_raw(b, "<tr><th scope=\"row\">");
		web_buf_esc(b, _(eps[c - 1]));
		web_buf_raw(b, "</th><td class=\"num\">");
		web_buf_esc(b, rtable_get(t[0], 0, c));
		web_buf_printf(b, "</td><td class=\"%s\">", good ? "ep-ok" : "ep-bad");
		web_buf_esc(b, good ? _("complete") : _("incomplete"));
		web_buf_raw(b, "</td></tr>\n");
	}
	web_buf_raw(b, "</tbody>\n</table>\n");
	web_buf_printf(b, "<h3>%s</h3>\n", _("What is missing"));
	if (!gaps)
		web_buf_printf(b, "<p class=\"ep-ok\">%s</p>\n", _("Nothing is missing."));
	else
		web_buf_raw(b, "<ul class=\"gaps\">\n");
	for (size_t r = 0; r < t[1]->nrows; r++) {
		web_buf_raw(b, "<li>");
		web_buf_escf(b, _("EP %s"), rtable_get(t[1], r, 1));
		web_buf_raw(b, ", ");
		s_month(b, rtable_get(t[1], r, 2), o->lang);
		web_buf_raw(b, ": ");
		web_buf_esc(b, rtable_shown(t[1], r, 3));
		web_buf_raw(b, "</li>\n");
	}
	if (gaps)
		web_buf_raw(b, "</ul>\n");
	web_buf_printf(b, "<h3>%s</h3>\n", _("Evidence found"));
	if (t[2]->nrows == 0) {
		web_buf_printf(b, "<p>%s</p>\n", _("No evidence is recorded for this year."));
		return 0;
	}
	web_buf_printf(b, "<table class=\"pieces\">\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	                  "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	               _("EP"), _("Month"), _("Evidence"), _("Date"));
	for (size_t r = 0; r < t[2]->nrows; r++) {
		web_buf_raw(b, "<tr><td>");
		web_buf_esc(b, rtable_get(t[2], r, 1));
		web_buf_raw(b, "</td><td>");
		s_month(b, rtable_get(t[2], r, 2), o->lang);
		web_buf_raw(b, "</td><td>");
		web_buf_esc(b, rtable_shown(t[2], r, 3));
		web_buf_raw(b, "</td><td>");
		web_day(b, rtable_get(t[2], r, 4), o->lang);
		web_buf_raw(b, "</td></tr>\n");
	}
	web_buf_raw(b, "</tbody>\n</table>\n");
	return 0;
}

int web_pkm_evidence(struct web_req *q, const struct web_pkm *p, struct web_buf *b, int *complete)
{
	struct report_args a;
	struct ev_out o = {b, web_lang(q), 0};
	struct lk_date d;
	memset(&a, 0, sizeof a);
	a.year = p->year;
	lk_strlcpy(a.as_of, p->as_of, sizeof a.as_of);
	if (lk_date_parse(p->as_of, &d) != 0 || lk_fmt_date(a.as_of_text, sizeof a.as_of_text, &d, o.lang) != 0)
		lk_strlcpy(a.as_of_text, p->as_of, sizeof a.as_of_text);
	lk_strlcpy(a.puskesmas, p->u.code, sizeof a.puskesmas);
	a.fmt = REPORT_HTML;
	a.front = &o;
	a.emit = s_emit;
	int rc = report_evidence(&q->a->d, &a);
	if (complete)
		*complete = o.complete;
	return rc;
}

/* ---------------------------------------------------------------- /dinas/puskesmas */

static int s_by_place(const void *x, const void *y)
{
	const struct unit *a = x, *b = y;
	int c = strcmp(a->kecamatan, b->kecamatan);
	return c ? c : strcmp(a->name, b->name);
}

/* Every puskesmas of the district by name, under its kecamatan's name, each a link to its year. */
void web_page_dinas_list(struct web_req *q)
{
	struct units u = {0};
	struct web_buf b = {0};
	char today[LK_DATE_STRLEN], name[200], kec[160];
	if (strcmp(q->a->d.office.role, "dinkes")) {
		web_page_error(q->a, q->s, q->r, 404);
		return;
	}
	if (report_units(q->a->d.st, NULL, &u) != 0) {
		web_req_error(q, 500, _("The records of this device could not be read."));
		return;
	}
	dom_today_text(&q->a->d, today);
	int year = atoi(today);
	if (u.n > 1)
		qsort(u.v, u.n, sizeof *u.v, s_by_place);
	web_buf_printf(&b, "<h1>%s</h1>\n<p>", _("Puskesmas of the district"));
	web_buf_esc(&b, _("Open a puskesmas to see its year of lokmin, its documents and its accreditation evidence."));
	web_buf_raw(&b, "</p>\n");
	if (u.n == 0)
		web_buf_printf(&b, "<p>%s</p>\n", _("No puskesmas is known on this device yet. Sync first."));
	for (size_t i = 0; i < u.n; i++) {
		if (i == 0 || strcmp(u.v[i].kecamatan, u.v[i - 1].kecamatan)) {
			if (i)
				web_buf_raw(&b, "</ul>\n");
			if (region_name(q->a->d.st, u.v[i].kecamatan, kec, sizeof kec) != 0)
				lk_strlcpy(kec, _("Kecamatan without a name"), sizeof kec);
			web_buf_raw(&b, "<h2>");
			web_buf_escf(&b, _("Kecamatan %s"), kec);
			web_buf_raw(&b, "</h2>\n<ul class=\"pkm-list\">\n");
		}
		if (region_puskesmas_name(q->a->d.st, u.v[i].code, name, sizeof name) != 0)
			lk_strlcpy(name, u.v[i].name[0] ? u.v[i].name : _("a puskesmas without a name"), sizeof name);
		web_buf_raw(&b, "<li><a href=\"/dinas/puskesmas?kode=");
		web_buf_esc(&b, u.v[i].code);
		web_buf_printf(&b, "&amp;tahun=%d\">", year);
		web_buf_esc(&b, name);
		web_buf_raw(&b, "</a></li>\n");
	}
	if (u.n)
		web_buf_raw(&b, "</ul>\n");
	free(u.v);
	q->r->status = 200;
	web_req_page(q, _("Puskesmas"), &b);
	web_buf_free(&b);
}

/* ---------------------------------------------------------------- /dinas/puskesmas?kode=&tahun= */

static void s_doc_link(struct web_buf *b, const char *path, const char *id, const char *label)
{
	web_buf_printf(b, "<li><a download href=\"%s?rapat=", path);
	web_buf_esc(b, id);
	web_buf_raw(b, "\">");
	web_buf_esc(b, label);
	web_buf_raw(b, "</a></li>");
}

/* A class per state for the colours (and a pattern, for print in black and white). */
static const char *const s_state_class[] = {
	[EV_NOT_DUE] = "not-due", [EV_HELD] = "held",     [EV_HELD_POSTPONED] = "held-late", [EV_POSTPONED] = "postponed",
	[EV_MISSED] = "missed",   [EV_CANCELLED] = "cancelled", [EV_NO_PLAN] = "no-plan",
};

static void s_year_table(struct web_req *q, const struct web_pkm *p, struct web_buf *b)
{
	enum lk_lang lang = web_lang(q);
	web_buf_printf(b, "<table class=\"pkm-year\">\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	                  "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	               _("Month"), _("Date"), _("State"), _("Documents"));
	for (int i = 0; i < 12; i++) {
		const struct ev_month *m = &p->months[i];
		web_buf_raw(b, "<tr><th scope=\"row\">");
		web_buf_esc(b, lk_fmt_month(i + 1, lang));
		web_buf_raw(b, "</th><td>");
		web_day(b, m->held[0] ? m->held : m->planned, lang);
		web_buf_printf(b, "</td><td class=\"pkm-%s\">", s_state_class[m->state]);
		web_buf_esc(b, web_pkm_state(m->state));
		web_buf_raw(b, "</td><td>");
		if (m->id[0] && (m->invitation || m->attendance || m->minutes || m->photos)) {
			web_buf_raw(b, "<ul class=\"docs\">");
			if (m->invitation)
				s_doc_link(b, "/undangan/pdf", m->id, _("Invitation (PDF)"));
			if (m->attendance)
				s_doc_link(b, "/hadir.pdf", m->id, _("Attendance list (PDF)"));
			if (m->minutes)
				s_doc_link(b, "/notulen.pdf", m->id, _("Minutes (PDF)"));
			if (m->photos) {
				web_buf_raw(b, "<li>");
				web_buf_escf(b, P_("%d photo", "%d photos", (unsigned long)m->photos), m->photos);
				web_buf_raw(b, "</li>");
			}
			web_buf_raw(b, "</ul>");
		} else {
			web_buf_raw(b, "-");
		}
		web_buf_raw(b, "</td></tr>\n");
	}
	web_buf_raw(b, "</tbody>\n</table>\n");
}

void web_page_dinas_pkm(struct web_req *q)
{
	struct web_pkm p;
	struct web_buf b = {0};
	char title[300];
	const char *kode = web_arg(q, "kode");
	if (kode == NULL || kode[0] == '\0') {
		web_page_dinas_list(q);
		return;
	}
	if (web_pkm_of(q, &p) != 0)
		return;
	snprintf(title, sizeof title, _("%s, year %d"), p.pusk_name, p.year);
	web_buf_raw(&b, "<h1>");
	web_buf_esc(&b, title);
	web_buf_raw(&b, "</h1>\n<p class=\"pkm-place\">");
	if (p.kec_name[0])
		web_buf_escf(&b, _("Kecamatan %s"), p.kec_name);
	web_buf_raw(&b, "</p>\n<p class=\"actions\"><a href=\"/dinas/puskesmas\">");
	web_buf_esc(&b, _("All puskesmas"));
	web_buf_raw(&b, "</a> ");
	for (int y = p.year - 1; y <= p.year + 1; y += 2) {
		web_buf_raw(&b, "<a href=\"/dinas/puskesmas?kode=");
		web_buf_esc(&b, p.u.code);
		web_buf_printf(&b, "&amp;tahun=%d\">", y);
		web_buf_escf(&b, _("Year %d"), y);
		web_buf_raw(&b, "</a> ");
	}
	web_buf_raw(&b, "<a class=\"button\" download href=\"/dinas/bukti.zip?kode=");
	web_buf_esc(&b, p.u.code);
	web_buf_printf(&b, "&amp;tahun=%d\">", p.year);
	web_buf_esc(&b, _("Download the evidence bundle (ZIP)"));
	web_buf_raw(&b, "</a></p>\n<h2>");
	web_buf_esc(&b, _("The year's lokmin"));
	web_buf_raw(&b, "</h2>\n");
	s_year_table(q, &p, &b);
	web_buf_raw(&b, "<h2>");
	web_buf_esc(&b, _("Accreditation evidence, criterion 1.6.2"));
	web_buf_raw(&b, "</h2>\n");
	if (web_pkm_evidence(q, &p, &b, NULL) != 0)
		web_buf_printf(&b, "<p class=\"error\">%s</p>\n", _("The records of this device could not be read."));
	q->r->status = 200;
	web_req_page(q, title, &b);
	web_buf_free(&b);
}
