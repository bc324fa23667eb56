/* web_pages: the web app's HTML: the page frame with the sync-state bar, the login form, the home page, error pages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "kop.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "region.h"
#include "store.h"
#include "todo.h"
#include "web_priv.h"

/* The sync-state bar: online or not, last sync in the office's zone, changes waiting, refused, conflicts. */
static void s_sync_bar(struct web_app *a, enum lk_lang lang, struct web_buf *b)
{
	struct web_sync_state ss;
	struct lk_store_status st;
	const struct lk_tz *tz = NULL;
	char when[LK_FMT_LEN], n1[32], n2[32], n3[32];

	web_sync_get(a->sync, &ss);
	if (a->d.st == NULL || lk_store_status(a->d.st, &st) != 0)
		memset(&st, 0, sizeof st);
	const char *cls = ss.running ? "sync-busy" : ss.online ? "sync-online" : "sync-offline";
	const char *word = ss.running        ? _("Syncing")
	                   : ss.online       ? _("Online")
	                   : a->sync == NULL ? _("Sync is off")
	                   : ss.last_try_ms  ? _("Offline: changes are kept on this device")
	                                     : _("Not synced yet");
	web_buf_printf(b, "<div class=\"syncbar %s\" role=\"status\"><span class=\"state\">", cls);
	web_buf_esc(b, word);
	web_buf_raw(b, "</span> <span class=\"last\">");
	web_buf_esc(b, _("Last sync:"));
	web_buf_raw(b, " <span class=\"when\">");
	if (st.last_sync_ms > 0 && dom_zone(&a->d, &tz, NULL) == 0 &&
	    lk_fmt_at(when, sizeof when, tz, st.last_sync_ms / 1000, LK_FMT_DATE | LK_FMT_TIME, lang) == 0)
		web_buf_esc(b, when);
	else
		web_buf_esc(b, _("never"));
	web_buf_raw(b, "</span>");
	lk_fmt_int(n1, sizeof n1, st.pending_ops + st.sent_ops, lang);
	lk_fmt_int(n2, sizeof n2, st.failed_ops, lang);
	lk_fmt_int(n3, sizeof n3, st.open_conflicts, lang);
	web_buf_raw(b, "</span> <span class=\"waiting\">");
	web_buf_escf(b, _("Changes waiting: %s"), n1);
	web_buf_raw(b, "</span> <span class=\"refused\">");
	/* The counts lead to the pages that settle them. */
	if (st.failed_ops > 0)
		web_buf_raw(b, "<a href=\"/ditolak\">");
	web_buf_escf(b, _("Refused changes: %s"), n2);
	if (st.failed_ops > 0)
		web_buf_raw(b, "</a>");
	web_buf_raw(b, "</span> <span class=\"conflicts\">");
	if (st.open_conflicts > 0)
		web_buf_raw(b, "<a href=\"/konflik\">");
	web_buf_escf(b, _("Open conflicts: %s"), n3);
	if (st.open_conflicts > 0)
		web_buf_raw(b, "</a>");
	web_buf_raw(b, "</span>");
	if (ss.running && ss.upload_total > 0) {
		/* A file on its way to lokmind: the bar fills as the server takes its chunks. */
		char pct[16];
		int64_t p = ss.upload_done * 100 / ss.upload_total;
		snprintf(pct, sizeof pct, "%d%%", (int)p);
		web_buf_raw(b, " <span class=\"upload\"><label for=\"upload-progress\">");
		web_buf_escf(b, _("Uploading %s"), ss.upload[0] ? ss.upload : _("a file"));
		web_buf_printf(b, "</label> <progress id=\"upload-progress\" max=\"%lld\" value=\"%lld\">%s</progress></span>",
		               (long long)ss.upload_total, (long long)ss.upload_done, pct);
	}
	web_buf_raw(b, "</div>\n");
}

/* The menu entries for role_bit, the current page marked. */
static void s_menu(struct web_buf *b, unsigned role_bit, const char *office_role, const char *url)
{
	unsigned office = web_menu_office(office_role);
	for (const struct web_menu *m = web_menu; m->path; m++) {
		if (!(m->roles & role_bit) || ((m->roles & WEB_MENU_OFFICES) && !(m->roles & office)))
			continue;
		web_buf_raw(b, "<a href=\"");
		web_buf_esc(b, m->path);
		web_buf_raw(b, url && !strcmp(url, m->path) ? "\" aria-current=\"page\">" : "\">");
		web_buf_esc(b, _(m->label));
		web_buf_raw(b, "</a>\n");
	}
}

/* The page around body_html; me is the person of s (NULL: looked up here, for pages made outside a route). */
static void s_frame(struct web_app *a, struct web_session *s, const struct web_person *me, struct web_reply *r,
                    const char *title, const char *body_html, const char *url)
{
	enum lk_lang lang = web_lang_of(a, s);
	struct web_person found;
	struct web_buf *b = &r->body;
	struct dom_kop k;
	const char *office = a->d.office.puskesmas[0] ? a->d.office.puskesmas : a->d.office.kecamatan;

	char district[260];
	if (!strcmp(a->d.office.role, "dinkes")) {
		/* A district's device: the health office of its kabupaten, by name once a sync has named it. */
		char kab[200], place[220];
		if (region_name(a->d.st, a->d.office.kabupaten, kab, sizeof kab) != 0)
			lk_strlcpy(kab, a->d.office.kabupaten, sizeof kab);
		int named = !strncasecmp(kab, "Kabupaten ", 10) || !strncasecmp(kab, "Kota ", 5);
		snprintf(place, sizeof place, "%s%s", named ? "" : "Kabupaten ", kab);
		snprintf(district, sizeof district, _("District Health Office of %s"), place);
		office = district;
	} else if (dom_kop(&a->d, NULL, &k, NULL) == 0 && k.unit[0]) {
		office = k.unit;
	}
	web_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
	               lk_lang_code(lang));
	web_buf_esc(b, title);
	web_buf_raw(b, " - lokmin</title>\n<link rel=\"icon\" href=\"/static/icon.svg\" type=\"image/svg+xml\">\n"
	               "<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
	               "<script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n"
	               "<header>\n<div class=\"office\">");
	web_buf_esc(b, office);
	web_buf_raw(b, "</div>\n");
	if (s) {
		if (me == NULL) {
			web_person_of(a, s->person_id, &found);
			me = &found;
		}
		web_buf_raw(b, "<div class=\"who\">");
		web_buf_esc(b, me->name[0] ? me->name : s->login);
		web_buf_raw(b, "</div>\n<nav>");
		s_menu(b, me->role_bit, a->d.office.role, url);
		web_buf_raw(b, "<form method=\"post\" action=\"/logout\" class=\"inline\">"
		               "<input type=\"hidden\" name=\"csrf\" value=\"");
		web_buf_esc(b, s->csrf);
		web_buf_raw(b, "\"><button type=\"submit\">");
		web_buf_esc(b, _("Log out"));
		web_buf_raw(b, "</button></form>\n</nav>\n");
	}
	web_buf_raw(b, "</header>\n");
	if (s)
		s_sync_bar(a, lang, b);
	web_buf_raw(b, "<main>\n");
	if (s && s->note[0]) {
		web_buf_raw(b, "<p class=\"note\" role=\"status\">");
		web_buf_esc(b, s->note);
		web_buf_raw(b, "</p>\n");
		s->note[0] = '\0';
	}
	web_buf_raw(b, body_html);
	web_buf_raw(b, "</main>\n</body>\n</html>\n");
}

void web_page(struct web_app *a, struct web_session *s, struct web_reply *r, const char *title,
              const char *body_html)
{
	s_frame(a, s, NULL, r, title, body_html, NULL);
}

void web_req_page(struct web_req *q, const char *title, const struct web_buf *body)
{
	if (body->oom) {
		web_page_error(q->a, q->s, q->r, 500);
		return;
	}
	s_frame(q->a, q->s, q->me, q->r, title, body->p ? body->p : "", q->url);
}

void web_req_error(struct web_req *q, int status, const char *msg)
{
	struct web_buf m = {0};
	web_buf_raw(&m, "<h1>");
	web_buf_esc(&m, status == 409 ? _("Not possible now") : status == 404 ? _("Not found") : _("Not saved"));
	web_buf_raw(&m, "</h1>\n<p class=\"error\" role=\"alert\">");
	web_buf_esc(&m, msg);
	web_buf_raw(&m, "</p>\n<p><a href=\"");
	web_buf_esc(&m, q->url);
	web_buf_raw(&m, "\">");
	web_buf_esc(&m, _("Back to the page"));
	web_buf_raw(&m, "</a></p>\n");
	q->r->status = status;
	web_req_page(q, _("Not saved"), &m);
	web_buf_free(&m);
}

void web_page_denied(struct web_req *q)
{
	struct web_buf m = {0};
	web_buf_raw(&m, "<h1>");
	web_buf_esc(&m, _("Not for your role"));
	web_buf_raw(&m, "</h1>\n<p>");
	web_buf_esc(&m, _("This page is for other roles in the office. Nothing was changed."));
	web_buf_raw(&m, "</p>\n<p><a href=\"/\">");
	web_buf_esc(&m, _("Home"));
	web_buf_raw(&m, "</a></p>\n");
	q->r->status = 403;
	web_req_page(q, _("Not for your role"), &m);
	web_buf_free(&m);
}

void web_page_login(struct web_app *a, struct web_reply *r, const char *csrf, const char *login, const char *error)
{
	struct web_buf m = {0};
	web_buf_raw(&m, "<h1>");
	web_buf_esc(&m, _("Log in"));
	web_buf_raw(&m, "</h1>\n");
	if (error && error[0]) {
		web_buf_raw(&m, "<p class=\"error\" role=\"alert\">");
		web_buf_esc(&m, error);
		web_buf_raw(&m, "</p>\n");
	}
	web_buf_raw(&m, "<form method=\"post\" action=\"/login\" class=\"login\">\n"
	                "<input type=\"hidden\" name=\"csrf\" value=\"");
	web_buf_esc(&m, csrf);
	web_buf_raw(&m, "\">\n<label for=\"login\">");
	web_buf_esc(&m, _("User name"));
	web_buf_raw(&m, "</label>\n<input id=\"login\" name=\"login\" autocomplete=\"username\" autocapitalize=\"none\" "
	                "required maxlength=\"64\" value=\"");
	web_buf_esc(&m, login ? login : "");
	web_buf_raw(&m, "\">\n<label for=\"password\">");
	web_buf_esc(&m, _("Password"));
	web_buf_raw(&m, "</label>\n<input id=\"password\" name=\"password\" type=\"password\" "
	                "autocomplete=\"current-password\" required maxlength=\"512\">\n<button type=\"submit\">");
	web_buf_esc(&m, _("Log in"));
	web_buf_raw(&m, "</button>\n</form>\n");
	web_page(a, NULL, r, _("Log in"), m.oom ? "" : m.p);
	web_buf_free(&m);
}

/* The to-do kinds as people read them, in English or through the catalogue. */
static const char *s_kind(const char *kind)
{
	static const char *const kinds[][2] = {
		{"meeting_soon_material_missing", N_("Meeting material missing")},
		{"invitation_unsigned", N_("Invitation not signed")},
		{"minutes_unsigned", N_("Minutes not signed")},
		{"minutes_not_submitted", N_("Minutes not submitted")},
		{"rtl_overdue", N_("Follow-up overdue")},
		{"minutes_to_review", N_("Minutes to review")},
		{"minutes_returned", N_("Minutes returned for revision")},
	};
	for (size_t i = 0; i < LK_ARRAY_LEN(kinds); i++)
		if (!strcmp(kinds[i][0], kind))
			return _(kinds[i][1]);
	return kind;
}

/* The page where a to-do item is acted on, for its meeting ("" when there is none on this device). */
static const char *s_todo_page(const char *kind)
{
	if (!strcmp(kind, "meeting_soon_material_missing"))
		return "/materi";
	if (!strcmp(kind, "invitation_unsigned"))
		return "/undangan";
	if (!strcmp(kind, "minutes_unsigned") || !strcmp(kind, "minutes_not_submitted") ||
	    !strcmp(kind, "minutes_returned"))
		return "/notulen";
	if (!strcmp(kind, "minutes_to_review"))
		return "/tinjau";
	if (!strcmp(kind, "rtl_overdue"))
		return "/rtl";
	return "";
}

/* The items of t whose stale flag is stale (and of kind only, unless NULL), each linked to the page where it is done. */
static void s_todo_items(struct web_req *q, const struct dom_todos *t, int stale, const char *only, struct web_buf *m)
{
	enum lk_lang lang = web_lang(q);
	char last_code[16] = "", last_name[LK_FMT_LEN] = "", text[LK_FMT_LEN];
	struct lk_date d;
	/* The items come office by office: each office's name is looked up once. */
	for (size_t i = 0; i < t->n; i++) {
		const struct dom_todo *x = &t->v[i];
		const char *page = s_todo_page(x->kind);
		const struct web_route *rt = page[0] ? web_route_find(page) : NULL;
		if (!x->stale != !stale || (only && strcmp(x->kind, only)))
			continue;
		web_buf_raw(m, "<li><span class=\"kind\">");
		web_buf_esc(m, s_kind(x->kind));
		web_buf_raw(m, "</span> <span class=\"date\">");
		if (lk_date_parse(x->date, &d) == 0 && lk_fmt_date(text, sizeof text, &d, lang) == 0)
			web_buf_esc(m, text);
		else
			web_buf_esc(m, x->date);
		web_buf_raw(m, "</span> <span class=\"where\">");
		if (strcmp(last_code, x->office) != 0) {
			lk_strlcpy(last_code, x->office, sizeof last_code);
			region_office_name(q->a->d.st, x->office, last_name, sizeof last_name);
		}
		web_buf_esc(m, last_name);
		web_buf_raw(m, "</span>\n<p>");
		web_buf_esc(m, x->what);
		if (rt && x->meeting[0] && (rt->get_roles & q->me->role_bit)) {
			web_buf_raw(m, " <a href=\"");
			web_buf_escf(m, "%s?rapat=%s", page, x->meeting);
			web_buf_raw(m, "\">");
			web_buf_esc(m, _("Go to the page"));
			web_buf_raw(m, "</a>");
		}
		web_buf_raw(m, "</p></li>\n");
	}
}

/* A row of the district's summary: a puskesmas (or a camat's office) with the names it is sorted by. */
struct sum_row {
	const struct dom_todo_count *c;
	char kec[LK_FMT_LEN];
	char name[LK_FMT_LEN];
};

static int s_sum_cmp(const void *a, const void *b)
{
	const struct sum_row *x = a, *y = b;
	int c = strcasecmp(x->kec, y->kec);
	if (c == 0)
		c = strcasecmp(x->name, y->name);
	return c ? c : strcmp(x->c->office, y->c->office);
}

/* One count cell: empty when nothing, else the number, linked to where it is acted on when href is set. */
static void s_sum_cell(struct web_buf *m, int n, const char *href, enum lk_lang lang)
{
	char num[32];
	web_buf_raw(m, "<td class=\"num\">");
	if (n > 0) {
		lk_fmt_int(num, sizeof num, n, lang);
		if (href) {
			web_buf_raw(m, "<a href=\"");
			web_buf_esc(m, href);
			web_buf_raw(m, "\">");
		}
		web_buf_esc(m, num);
		if (href)
			web_buf_raw(m, "</a>");
	}
	web_buf_raw(m, "</td>");
}

/* The district's home: its puskesmas' work counted by kind, grouped by kecamatan, then the minutes it reviews itself. */
static void s_district_home(struct web_req *q, const struct dom_todos *t, struct web_buf *m)
{
	enum lk_lang lang = web_lang(q);
	struct dom_todo_counts cs;
	struct sum_row *rows = NULL;
	char kec_code[16] = "", last_kec[LK_FMT_LEN] = "";
	if (dom_todo_count(t, &cs) != 0 || (rows = calloc(cs.n ? cs.n : 1, sizeof *rows)) == NULL) {
		web_buf_raw(m, "<p class=\"error\">");
		web_buf_esc(m, _("Out of memory."));
		web_buf_raw(m, "</p>\n");
		dom_todo_counts_free(&cs);
		return;
	}
	for (size_t i = 0; i < cs.n; i++) {
		rows[i].c = &cs.v[i];
		region_office_name(q->a->d.st, cs.v[i].office, rows[i].name, sizeof rows[i].name);
		if (strcmp(kec_code, cs.v[i].kecamatan) != 0) {
			lk_strlcpy(kec_code, cs.v[i].kecamatan, sizeof kec_code);
			region_office_name(q->a->d.st, kec_code, last_kec, sizeof last_kec);
		}
		lk_strlcpy(rows[i].kec, last_kec, sizeof rows[i].kec);
	}
	if (cs.n > 1)
		qsort(rows, cs.n, sizeof *rows, s_sum_cmp);
	web_buf_raw(m, "<h2>");
	web_buf_esc(m, _("Work of the puskesmas"));
	web_buf_raw(m, "</h2>\n<div class=\"table-wrap\"><table class=\"todo-sum\">\n<thead><tr><th scope=\"col\">");
	web_buf_esc(m, _("Puskesmas"));
	web_buf_raw(m, "</th>");
	for (size_t k = 0; k < DOM_TODO_NKINDS; k++) {
		web_buf_raw(m, "<th scope=\"col\">");
		web_buf_esc(m, s_kind(dom_todo_kinds[k]));
		web_buf_raw(m, "</th>");
	}
	web_buf_raw(m, "</tr></thead>\n<tbody>\n");
	last_kec[0] = '\0';
	for (size_t i = 0; i < cs.n; i++) {
		const struct dom_todo_count *c = rows[i].c;
		char href[96];
		if (i == 0 || strcmp(last_kec, rows[i].kec) != 0) {
			lk_strlcpy(last_kec, rows[i].kec, sizeof last_kec);
			web_buf_raw(m, "<tr class=\"group\"><th colspan=\"8\" scope=\"rowgroup\">");
			web_buf_esc(m, last_kec);
			web_buf_raw(m, "</th></tr>\n");
		}
		web_buf_raw(m, "<tr><th scope=\"row\">");
		if (c->office[0] == 'P' || c->office[0] == 'p') {
			snprintf(href, sizeof href, "/dinas/puskesmas?kode=%s", c->office);
			web_buf_raw(m, "<a href=\"");
			web_buf_esc(m, href);
			web_buf_raw(m, "\">");
			web_buf_esc(m, rows[i].name);
			web_buf_raw(m, "</a>");
		} else {
			web_buf_esc(m, rows[i].name);
		}
		web_buf_raw(m, "</th>");
		for (size_t k = 0; k < DOM_TODO_NKINDS; k++)
			s_sum_cell(m, c->n[k], !strcmp(dom_todo_kinds[k], "minutes_to_review") ? "/tinjau" : NULL, lang);
		web_buf_raw(m, "</tr>\n");
	}
	web_buf_raw(m, "</tbody>\n<tfoot><tr><th scope=\"row\">");
	web_buf_esc(m, _("Total"));
	web_buf_raw(m, "</th>");
	for (size_t k = 0; k < DOM_TODO_NKINDS; k++)
		s_sum_cell(m, cs.total[k], NULL, lang);
	web_buf_raw(m, "</tr></tfoot>\n</table></div>\n");
	/* What the district does itself: the submitted minutes to review, in full. */
	web_buf_raw(m, "<h2>");
	web_buf_esc(m, _("Minutes to review"));
	web_buf_raw(m, "</h2>\n");
	size_t rv = 0;
	while (rv < DOM_TODO_NKINDS && strcmp(dom_todo_kinds[rv], "minutes_to_review"))
		rv++;
	if (rv == DOM_TODO_NKINDS || cs.total[rv] == 0) {
		web_buf_raw(m, "<p class=\"empty\">");
		web_buf_esc(m, _("No minutes wait for review."));
		web_buf_raw(m, "</p>\n");
	} else {
		web_buf_raw(m, "<ul class=\"todo\">\n");
		s_todo_items(q, t, 0, "minutes_to_review", m);
		web_buf_raw(m, "</ul>\n");
	}
	free(rows);
	dom_todo_counts_free(&cs);
}

void web_page_home(struct web_req *q)
{
	struct web_app *a = q->a;
	enum lk_lang lang = web_lang(q);
	struct web_buf m = {0};
	struct dom_todos t = {0};
	struct dom_err err;
	struct lk_date today;
	char as_of[LK_DATE_STRLEN], text[LK_FMT_LEN];

	memset(&err, 0, sizeof err);
	web_buf_raw(&m, "<h1>");
	web_buf_esc(&m, _("To do today"));
	web_buf_raw(&m, "</h1>\n");
	if (dom_today(&a->d, &today, &err) != 0) {
		web_buf_raw(&m, "<p class=\"error\">");
		web_buf_esc(&m, dom_msg(&err, err.code));
		web_buf_raw(&m, "</p>\n");
		goto done;
	}
	lk_date_format(&today, as_of);
	if (lk_fmt_date_long(text, sizeof text, &today, lang) == 0) {
		web_buf_raw(&m, "<p class=\"today\">");
		web_buf_esc(&m, text);
		web_buf_raw(&m, "</p>\n");
	}
	struct dom_todo_in in = {as_of, TODO_DAYS};
	int rc = dom_todo_list(&a->d, &in, &t, &err);
	if (rc != 0) {
		web_buf_raw(&m, "<p class=\"error\">");
		web_buf_esc(&m, dom_msg(&err, rc));
		web_buf_raw(&m, "</p>\n");
		goto done;
	}
	if (t.n == 0) {
		web_buf_raw(&m, "<p class=\"empty\">");
		web_buf_esc(&m, _("Nothing to do today."));
		web_buf_raw(&m, "</p>\n");
		goto done;
	}
	if (!strcmp(a->d.office.role, "dinkes")) {
		s_district_home(q, &t, &m);
		goto done;
	}
	size_t stale = 0;
	for (size_t i = 0; i < t.n; i++)
		stale += t.v[i].stale != 0;
	if (stale < t.n) {
		web_buf_raw(&m, "<ul class=\"todo\">\n");
		s_todo_items(q, &t, 0, NULL, &m);
		web_buf_raw(&m, "</ul>\n");
	}
	/* Follow-up long overdue stays reachable without burying today's work. */
	if (stale > 0) {
		char n[32];
		lk_fmt_int(n, sizeof n, (long long)stale, lang);
		web_buf_raw(&m, "<details class=\"stale\"><summary>");
		web_buf_escf(&m,
		             P_("%s follow-up overdue for more than %d days", "%s follow-ups overdue for more than %d days",
		                (unsigned long)stale),
		             n, TODO_STALE_DAYS);
		web_buf_raw(&m, "</summary>\n<ul class=\"todo\">\n");
		s_todo_items(q, &t, 1, NULL, &m);
		web_buf_raw(&m, "</ul></details>\n");
	}
done:
	dom_todos_free(&t);
	q->r->status = 200;
	web_req_page(q, _("To do today"), &m);
	web_buf_free(&m);
}

void web_page_error(struct web_app *a, struct web_session *s, struct web_reply *r, int status)
{
	const char *title, *text;
	switch (status) {
	case 403:
		title = _("Not allowed");
		text = _("The form was out of date or did not come from this app. Nothing was changed; open the page again.");
		break;
	case 404:
		title = _("Page not found");
		text = _("There is no such page here.");
		break;
	case 405:
		title = _("Not allowed");
		text = _("This page cannot be used that way.");
		break;
	case 413:
		title = _("Too much data");
		text = _("The form sent more than this app accepts.");
		break;
	default:
		status = 500;
		title = _("Something went wrong");
		text = _("The page could not be made; the details are in the log.");
		break;
	}
	struct web_buf m = {0};
	web_buf_raw(&m, "<h1>");
	web_buf_esc(&m, title);
	web_buf_raw(&m, "</h1>\n<p>");
	web_buf_esc(&m, text);
	web_buf_raw(&m, "</p>\n<p><a href=\"/\">");
	web_buf_esc(&m, _("Home"));
	web_buf_raw(&m, "</a></p>\n");
	r->status = status;
	web_page(a, s, r, title, m.oom ? "" : m.p);
	web_buf_free(&m);
}
