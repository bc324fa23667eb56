/* web_jadwal: /jadwal, the year's schedule of meetings with postponements and missed months, planning and postponing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "meeting.h"
#include "web_priv.h"

/* The year asked for (?tahun=), else the office's this year. */
static int s_year(struct web_req *q)
{
	const char *t = web_field(q, "tahun");
	struct lk_date today;
	if (t && t[0]) {
		char *end = NULL;
		long y = strtol(t, &end, 10);
		if (end && *end == '\0' && y >= 2000 && y <= 2100)
			return (int)y;
	}
	if (dom_today(&q->a->d, &today, NULL) == 0)
		return today.y;
	return 2000;
}

/* The history of a postponed meeting: every postponement with its dates and reason. */
static void s_history(struct web_req *q, struct web_buf *b, const struct dom_meeting *m, enum lk_lang lang)
{
	struct dom_meeting_event *ev = NULL;
	size_t n = 0;
	if (dom_meeting_history(&q->a->d, m->id, &ev, &n, NULL) != 0)
		return;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(ev[i].action, "postponed") != 0 && strcmp(ev[i].to, "postponed") != 0 &&
		    strcmp(ev[i].action, "cancelled") != 0)
			continue;
		web_buf_raw(b, "<li>");
		if (!strcmp(ev[i].action, "cancelled")) {
			web_buf_esc(b, _("Cancelled"));
		} else {
			web_buf_esc(b, _("Moved from"));
			web_buf_raw(b, " ");
			web_day(b, ev[i].from, lang);
			web_buf_raw(b, " ");
			web_buf_esc(b, _("to"));
			web_buf_raw(b, " ");
			web_day(b, ev[i].to, lang);
		}
		if (ev[i].reason[0]) {
			web_buf_raw(b, ": <q>");
			web_buf_esc(b, ev[i].reason);
			web_buf_raw(b, "</q>");
		}
		web_buf_raw(b, "</li>\n");
	}
	free(ev);
}

static void s_table(struct web_req *q, struct web_buf *b, const struct dom_meeting *v, size_t n, enum lk_lang lang)
{
	web_buf_raw(b, "<div class=\"table-wrap\"><table class=\"schedule\">\n<thead><tr><th scope=\"col\">");
	web_buf_esc(b, _("Meeting"));
	web_buf_raw(b, "</th><th scope=\"col\">");
	web_buf_esc(b, _("Date"));
	web_buf_raw(b, "</th><th scope=\"col\">");
	web_buf_esc(b, _("Status"));
	web_buf_raw(b, "</th><th scope=\"col\">");
	web_buf_esc(b, _("Notes"));
	web_buf_raw(b, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct dom_meeting *m = &v[i];
		web_buf_raw(b, "<tr class=\"st-");
		web_buf_esc(b, m->state);
		/* The title leads to the meeting's own pages: attendance, problems, follow-up, minutes. */
		web_buf_raw(b, "\"><td><a href=\"/hadir?rapat=");
		web_buf_esc(b, m->id);
		web_buf_raw(b, "\">");
		web_buf_esc(b, m->title);
		web_buf_raw(b, "</a> <span class=\"kind\">");
		web_buf_esc(b, web_word(m->kind));
		web_buf_raw(b, "</span></td><td>");
		web_day(b, m->planned, lang);
		if (m->held[0]) {
			web_buf_raw(b, "<br><span class=\"held\">");
			web_buf_esc(b, _("held on"));
			web_buf_raw(b, " ");
			web_day(b, m->held, lang);
			web_buf_raw(b, "</span>");
		}
		web_buf_raw(b, "</td><td><span class=\"state st-");
		web_buf_esc(b, m->state);
		web_buf_raw(b, "\">");
		web_buf_esc(b, web_word(m->state));
		web_buf_raw(b, "</span></td><td>");
		if (m->team_building) {
			web_buf_raw(b, "<span class=\"kind\">");
			web_buf_esc(b, _("team-building lokmin"));
			web_buf_raw(b, "</span><br>");
		}
		if (!strcmp(m->state, "missed"))
			web_buf_esc(b, _("Not held and not postponed."));
		if (!strcmp(m->status, "postponed") || !strcmp(m->status, "cancelled")) {
			web_buf_raw(b, "<ul class=\"history\">\n");
			s_history(q, b, m, lang);
			web_buf_raw(b, "</ul>");
		}
		web_buf_raw(b, "</td></tr>\n");
	}
	web_buf_raw(b, "</tbody></table></div>\n");
}

static void s_plan_form(struct web_req *q, struct web_buf *b, int year)
{
	int camat = !strcmp(q->a->d.office.role, "kecamatan");
	web_buf_raw(b, "<section class=\"card\"><h2>");
	web_buf_escf(b, _("Plan %d"), year);
	web_buf_raw(b, "</h2>\n<p>");
	web_buf_esc(b, _("No meetings are planned for this year yet. Each meeting falls on the day of the month chosen, "
	                 "moved off weekends; the first is the team-building lokmin."));
	web_buf_raw(b, "</p>\n<form method=\"post\" action=\"/jadwal\" class=\"stack\">\n");
	web_csrf_field(b, q);
	web_buf_printf(b, "<input type=\"hidden\" name=\"aksi\" value=\"rencana\">\n"
	                  "<input type=\"hidden\" name=\"tahun\" value=\"%d\">\n<label for=\"plan-kind\">", year);
	web_buf_esc(b, _("Kind of meeting"));
	web_buf_raw(b, "</label>\n<select id=\"plan-kind\" name=\"jenis\">\n<option value=\"monthly\"");
	web_buf_raw(b, camat ? ">" : " selected>");
	web_buf_esc(b, _("Monthly lokmin (puskesmas)"));
	web_buf_raw(b, "</option>\n<option value=\"quarterly\"");
	web_buf_raw(b, camat ? " selected>" : ">");
	web_buf_esc(b, _("Quarterly cross-sector lokmin"));
	web_buf_raw(b, "</option>\n</select>\n<label for=\"plan-day\">");
	web_buf_esc(b, _("Day of the month"));
	web_buf_raw(b, "</label>\n<input id=\"plan-day\" name=\"hari\" type=\"number\" min=\"1\" max=\"31\" value=\"3\" "
	               "required>\n<button type=\"submit\">");
	web_buf_escf(b, _("Plan %d"), year);
	web_buf_raw(b, "</button>\n</form></section>\n");
}

/* A select of the meetings still to be held (planned or postponed), named id. */
static void s_open_meetings(struct web_buf *b, const char *id, const struct dom_meeting *v, size_t n, enum lk_lang lang)
{
	web_buf_printf(b, "<select id=\"%s\" name=\"rapat\" required>\n", id);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].status, "planned") && strcmp(v[i].status, "postponed"))
			continue;
		web_buf_raw(b, "<option value=\"");
		web_buf_esc(b, v[i].id);
		web_buf_raw(b, "\">");
		web_buf_esc(b, v[i].title);
		web_buf_raw(b, " (");
		web_day(b, v[i].planned, lang);
		web_buf_raw(b, ")</option>\n");
	}
	web_buf_raw(b, "</select>\n");
}

/* The start of a form of /jadwal for aksi, with its heading and the meeting to act on. */
static void s_form_head(struct web_req *q, struct web_buf *b, const char *title, const char *aksi, const char *prefix,
                        const struct dom_meeting *v, size_t n, int year, enum lk_lang lang)
{
	char id[32];
	snprintf(id, sizeof id, "%s-meeting", prefix);
	web_buf_raw(b, "<section class=\"card\"><h2>");
	web_buf_esc(b, title);
	web_buf_raw(b, "</h2>\n<form method=\"post\" action=\"/jadwal\" class=\"stack\">\n");
	web_csrf_field(b, q);
	web_buf_printf(b, "<input type=\"hidden\" name=\"aksi\" value=\"%s\">\n"
	                  "<input type=\"hidden\" name=\"tahun\" value=\"%d\">\n<label for=\"%s\">", aksi, year, id);
	web_buf_esc(b, _("Meeting"));
	web_buf_raw(b, "</label>\n");
	s_open_meetings(b, id, v, n, lang);
}

/* The forms for the meetings still ahead: mark one held, postpone one. */
static void s_change_forms(struct web_req *q, struct web_buf *b, const struct dom_meeting *v, size_t n, int year,
                           enum lk_lang lang)
{
	size_t open = 0;
	for (size_t i = 0; i < n; i++)
		open += !strcmp(v[i].status, "planned") || !strcmp(v[i].status, "postponed");
	if (open == 0)
		return;
	s_form_head(q, b, _("Mark a meeting held"), "terlaksana", "held", v, n, year, lang);
	web_buf_raw(b, "<label for=\"held-date\">");
	web_buf_esc(b, _("Day it was held (empty: today)"));
	web_buf_raw(b, "</label>\n<input id=\"held-date\" name=\"tanggal\" type=\"date\">\n<button type=\"submit\">");
	web_buf_esc(b, _("Mark held"));
	web_buf_raw(b, "</button>\n</form></section>\n");

	s_form_head(q, b, _("Postpone a meeting"), "tunda", "pp", v, n, year, lang);
	web_buf_raw(b, "<label for=\"pp-date\">");
	web_buf_esc(b, _("New date"));
	web_buf_raw(b, "</label>\n<input id=\"pp-date\" name=\"tanggal\" type=\"date\" required>\n<label for=\"pp-reason\">");
	web_buf_esc(b, _("Reason"));
	web_buf_raw(b, "</label>\n<input id=\"pp-reason\" name=\"alasan\" maxlength=\"190\" required>\n<button type=\"submit\">");
	web_buf_esc(b, _("Postpone"));
	web_buf_raw(b, "</button>\n</form></section>\n");
}

static void s_post(struct web_req *q, int year)
{
	const char *aksi = web_field(q, "aksi");
	struct dom_err err = {0};
	char url[64];
	int rc;

	if (aksi && !strcmp(aksi, "rencana")) {
		const char *hari = web_field(q, "hari"), *jenis = web_field(q, "jenis");
		struct dom_meeting_plan_in in = {.kind = jenis && jenis[0] ? jenis : NULL, .year = year,
		                                 .day = hari ? atoi(hari) : 0, .month_in_quarter = 1};
		struct dom_meeting *rows = NULL;
		size_t n = 0;
		if ((rc = dom_meeting_plan_check(&q->a->d, &in, &err)) == 0)
			rc = dom_meeting_plan(&q->a->d, &in, &rows, &n, &err);
		free(rows);
		if (rc != 0) {
			web_req_error(q, web_status_of(rc), dom_msg(&err, rc));
			return;
		}
		snprintf(url, sizeof url, "/jadwal?tahun=%d", year);
		web_redirect(q, url, _("The year's meetings are planned."));
		return;
	}
	if (aksi && (!strcmp(aksi, "tunda") || !strcmp(aksi, "terlaksana"))) {
		int held = !strcmp(aksi, "terlaksana");
		const char *day = web_field(q, "tanggal");
		struct dom_meeting_change_in in = {web_field(q, "rapat"), held ? "held" : "postponed",
		                                   held && day == NULL ? "" : day, held ? "" : web_field(q, "alasan")};
		struct dom_meeting after;
		if (in.meeting_id == NULL || in.date == NULL || in.reason == NULL) {
			web_req_error(q, 400, held ? _("Choose the meeting that was held.")
			                           : _("Choose the meeting, its new date and the reason."));
			return;
		}
		if ((rc = dom_meeting_change(&q->a->d, &in, &after, &err)) != 0) {
			web_req_error(q, web_status_of(rc), dom_msg(&err, rc));
			return;
		}
		snprintf(url, sizeof url, "/jadwal?tahun=%d", after.year);
		web_redirect(q, url, held ? _("The meeting is marked held.") : _("The meeting is postponed."));
		return;
	}
	web_req_error(q, 400, _("The form did not say what to do."));
}

void web_page_jadwal(struct web_req *q)
{
	enum lk_lang lang = web_lang(q);
	int year = s_year(q);
	struct web_buf m = {0};
	struct dom_meeting *v = NULL;
	struct dom_err err = {0};
	char today[LK_DATE_STRLEN], num[32];
	size_t n = 0;

	if (q->post) {
		s_post(q, year);
		return;
	}
	web_buf_raw(&m, "<h1>");
	web_buf_escf(&m, _("Schedule %d"), year);
	web_buf_raw(&m, "</h1>\n<form method=\"get\" action=\"/jadwal\" class=\"row\">\n<label for=\"year\">");
	web_buf_esc(&m, _("Year"));
	web_buf_printf(&m, "</label>\n<input id=\"year\" name=\"tahun\" type=\"number\" min=\"2000\" max=\"2100\" "
	                   "value=\"%d\">\n<button type=\"submit\">", year);
	web_buf_esc(&m, _("Show"));
	web_buf_raw(&m, "</button>\n</form>\n");
	dom_today_text(&q->a->d, today);
	int rc = dom_meeting_list_own(&q->a->d, year, today, &v, &n, &err);
	if (rc != 0) {
		web_buf_raw(&m, "<p class=\"error\">");
		web_buf_esc(&m, dom_msg(&err, rc));
		web_buf_raw(&m, "</p>\n");
	} else if (n == 0) {
		web_buf_raw(&m, "<p class=\"empty\">");
		web_buf_escf(&m, _("No meetings are planned for %d."), year);
		web_buf_raw(&m, "</p>\n");
	} else {
		static const char *const states[] = {"held", "postponed", "cancelled", "missed", "upcoming"};
		web_buf_raw(&m, "<p class=\"counts\">");
		for (size_t k = 0; k < LK_ARRAY_LEN(states); k++) {
			int c = 0;
			for (size_t i = 0; i < n; i++)
				c += !strcmp(v[i].state, states[k]);
			lk_fmt_int(num, sizeof num, c, lang);
			web_buf_raw(&m, "<span class=\"state st-");
			web_buf_raw(&m, states[k]);
			web_buf_raw(&m, "\">");
			web_buf_esc(&m, web_word(states[k]));
			web_buf_raw(&m, ": ");
			web_buf_esc(&m, num);
			web_buf_raw(&m, "</span> ");
		}
		web_buf_raw(&m, "</p>\n");
		s_table(q, &m, v, n, lang);
	}
	if (rc == 0 && (q->me->role_bit & WEB_ROLE_RUNS)) {
		if (n == 0)
			s_plan_form(q, &m, year);
		else
			s_change_forms(q, &m, v, n, year, lang);
	}
	free(v);
	q->r->status = 200;
	web_req_page(q, _("Schedule"), &m);
	web_buf_free(&m);
}
