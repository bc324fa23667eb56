/* web_komitmen: /komitmen, what each sector committed to at the quarterly lokmin, grouped by sector, with its follow-up. */
#include <stdlib.h>
#include <string.h>

#include "commitment.h"
#include "lk_date.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "problem.h"
#include "region.h"
#include "sector.h"
#include "web_priv.h"
#include "web_rapat.h"

/* The statuses a commitment takes, as people read them. */
static const struct {
	const char *word, *label;
} s_states[] = {
	{"open", N_("not started")}, {"in_progress", N_("in progress")}, {"done", N_("done")}, {"dropped", N_("dropped")},
};

static const char *s_state(const char *w)
{
	for (size_t i = 0; i < sizeof s_states / sizeof s_states[0]; i++)
		if (w && !strcmp(s_states[i].word, w))
			return _(s_states[i].label);
	return w ? w : "";
}

static const char *s_value(const struct web_req *q, const char *name)
{
	const char *v = web_field(q, name);
	if (v == NULL || v[strspn(v, " \t\r\n")] == '\0')
		return NULL;
	return v;
}

static void s_post(struct web_req *q, const struct dom_meeting *mt)
{
	const char *op = web_field(q, "op");
	struct dom_err err = {0};
	struct lk_date day;
	char id[40];
	int rc;

	if (op && !strcmp(op, "tambah")) {
		struct dom_commitment_add_in in = {.meeting_id = mt->id, .sector_id = s_value(q, "sektor"),
		                                   .support = s_value(q, "dukungan"), .to = s_value(q, "sampai"),
		                                   .contact = s_value(q, "kontak"), .problem_id = s_value(q, "masalah")};
		if (in.sector_id == NULL || !lk_uuid_canonical(in.sector_id)) {
			web_req_error(q, 400, _("Choose a sector from the list."));
			return;
		}
		if (in.problem_id && !lk_uuid_canonical(in.problem_id)) {
			web_req_error(q, 400, _("Choose the problem from the list. Nothing was added."));
			return;
		}
		if (in.support == NULL) {
			web_req_error(q, 400, _("Write what the sector will do. Nothing was added."));
			return;
		}
		if (in.to && lk_date_parse(in.to, &day) != 0) {
			web_req_error(q, 400, _("The due date is not a day of the calendar. Nothing was added."));
			return;
		}
		if ((rc = dom_commitment_add(&q->a->d, &in, id, &err)) != 0) {
			web_req_error(q, web_status_of(rc), dom_msg(&err, rc));
			return;
		}
		web_rapat_back(q, mt, "/komitmen", _("The commitment is recorded."));
		return;
	}
	if (op && !strcmp(op, "ubah")) {
		struct dom_commitment_update_in in = {.commitment_id = s_value(q, "komitmen"), .status = s_value(q, "status"),
		                                      .note = s_value(q, "catatan")};
		if (in.commitment_id == NULL || !lk_uuid_canonical(in.commitment_id)) {
			web_req_error(q, 404, _("There is no such commitment on this device."));
			return;
		}
		if (in.status && (rc = dom_commitment_status_valid(in.status, &err)) != 0) {
			web_req_error(q, web_status_of(rc), dom_msg(&err, rc));
			return;
		}
		if ((rc = dom_commitment_update(&q->a->d, &in, &err)) != 0) {
			web_req_error(q, web_status_of(rc), dom_msg(&err, rc));
			return;
		}
		web_rapat_back(q, mt, "/komitmen", _("The follow-up is recorded."));
		return;
	}
	web_req_error(q, 400, _("The form is not one of this page's."));
}

static int s_by_sector(const void *a, const void *b)
{
	const struct dom_commitment_row *x = a, *y = b;
	int c = strcmp(x->sector_name, y->sector_name);
	return c ? c : strcmp(lk_record_id(x->rec), lk_record_id(y->rec));
}

/* The running record, one dated line each ("2026-12-02: text"), with its days in words. */
static void s_progress(const struct web_req *q, const char *note, struct web_buf *b)
{
	struct lk_date d;
	char ymd[11], day[64];
	web_buf_raw(b, "<ul class=\"progress\">\n");
	for (const char *p = note; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, n);
		if (line && *line) {
			web_buf_raw(b, "<li>");
			lk_strlcpy(ymd, line, sizeof ymd);
			if (n > 12 && line[10] == ':' && lk_date_parse(ymd, &d) == 0) {
				web_buf_raw(b, "<span class=\"date\">");
				web_buf_esc(b, web_rapat_day(q, ymd, day, sizeof day));
				web_buf_raw(b, "</span>");
				web_buf_esc(b, line + 10);
			} else {
				web_buf_esc(b, line);
			}
			web_buf_raw(b, "</li>\n");
		}
		free(line);
		p += n + (nl != NULL);
	}
	web_buf_raw(b, "</ul>\n");
}

/* One commitment: what, until when, its state and running record, and the form that follows it up. */
static void s_item(struct web_req *q, const struct dom_meeting *mt, const struct dom_commitment_row *row, int may,
                   struct web_buf *b)
{
	const ProtobufCMessage *m = row->rec;
	const char *id = lk_record_id(m);
	char *sup = lk_record_get(m, "support"), *to = lk_record_get(m, "period_end"), *st = lk_record_get(m, "status"),
	     *note = lk_record_get(m, "status_note"), *contact = lk_record_get(m, "contact");
	char day[64], fid[64];
	web_buf_raw(b, "<li><p class=\"act\">");
	web_buf_esc(b, sup);
	web_buf_raw(b, "</p>\n<p class=\"meta\"><span class=\"status\">");
	web_buf_esc(b, s_state(st));
	web_buf_raw(b, "</span> ");
	web_buf_escf(b, _("until %s"), web_rapat_day(q, to, day, sizeof day));
	if (contact[0]) {
		web_buf_raw(b, " &middot; ");
		web_buf_escf(b, _("contact: %s"), contact);
	}
	web_buf_raw(b, "</p>\n");
	if (note[0])
		s_progress(q, note, b);
	if (may) {
		web_rapat_form(q, mt, "/komitmen", "stack followup", 0, b);
		web_buf_raw(b, "<input type=\"hidden\" name=\"op\" value=\"ubah\"><input type=\"hidden\" name=\"komitmen\" "
		               "value=\"");
		web_buf_esc(b, id);
		web_buf_raw(b, "\">\n");
		snprintf(fid, sizeof fid, "st-%.36s", id);
		web_rapat_label(b, fid, _("Status"));
		web_buf_printf(b, "<select id=\"%s\" name=\"status\">\n", fid);
		for (size_t i = 0; i < sizeof s_states / sizeof s_states[0]; i++) {
			web_buf_printf(b, "<option value=\"%s\"%s>", s_states[i].word,
			               !strcmp(st, s_states[i].word) ? " selected" : "");
			web_buf_esc(b, _(s_states[i].label));
			web_buf_raw(b, "</option>\n");
		}
		web_buf_raw(b, "</select>\n");
		snprintf(fid, sizeof fid, "nt-%.36s", id);
		web_rapat_label(b, fid, _("Progress note (optional)"));
		web_buf_printf(b, "<input id=\"%s\" name=\"catatan\" maxlength=\"500\">\n<button type=\"submit\" "
		                  "class=\"secondary\">", fid);
		web_buf_esc(b, _("Save the follow-up"));
		web_buf_raw(b, "</button></form>\n");
	}
	web_buf_raw(b, "</li>\n");
	free(sup);
	free(to);
	free(st);
	free(note);
	free(contact);
}

/* The problems the puskesmas flagged for this meeting, by their text and puskesmas: a commitment may answer one. */
static void s_problem_select(struct web_req *q, const struct dom_meeting *mt, struct web_buf *b)
{
	struct dom_problem_rows rows = {0};
	struct dom_err err = {0};
	if (dom_problem_flagged_for(&q->a->d, mt->id, &rows, &err) != 0 || rows.n == 0) {
		dom_problem_rows_free(&rows);
		return;
	}
	web_rapat_label(b, "km-masalah", _("The flagged problem it answers (optional)"));
	web_buf_raw(b, "<select id=\"km-masalah\" name=\"masalah\">\n<option value=\"\">");
	web_buf_esc(b, _("none: for the whole kecamatan"));
	web_buf_raw(b, "</option>\n");
	for (size_t i = 0; i < rows.n; i++) {
		const char *kab, *kec, *pusk;
		char pn[200];
		char *text = lk_record_get(rows.v[i].rec, "description");
		lk_record_keys(rows.v[i].rec, &kab, &kec, &pusk);
		if (region_puskesmas_name(q->a->d.st, pusk, pn, sizeof pn) != 0)
			lk_strlcpy(pn, _("a puskesmas not yet named on this device"), sizeof pn);
		web_buf_raw(b, "<option value=\"");
		web_buf_esc(b, lk_record_id(rows.v[i].rec));
		web_buf_raw(b, "\">");
		web_buf_escf(b, "%.200s (%s)", text, pn);
		web_buf_raw(b, "</option>\n");
		free(text);
	}
	web_buf_raw(b, "</select>\n");
	dom_problem_rows_free(&rows);
}

static void s_add_form(struct web_req *q, const struct dom_meeting *mt, struct web_buf *b)
{
	struct dom_sector_rows rows = {0};
	struct dom_err err = {0};
	if (dom_sector_list(&q->a->d, &rows, &err) != 0 || rows.n == 0) {
		dom_sector_rows_free(&rows);
		web_buf_raw(b, "<p class=\"empty\"><a href=\"/sektor\">");
		web_buf_esc(b, _("Add the sectors first."));
		web_buf_raw(b, "</a></p>\n");
		return;
	}
	web_buf_raw(b, "<section class=\"card\"><h2>");
	web_buf_esc(b, _("Record a sector's commitment"));
	web_buf_raw(b, "</h2>\n");
	web_rapat_form(q, mt, "/komitmen", "stack", 0, b);
	web_buf_raw(b, "<input type=\"hidden\" name=\"op\" value=\"tambah\">\n");
	web_rapat_label(b, "km-sektor", _("Sector"));
	web_buf_raw(b, "<select id=\"km-sektor\" name=\"sektor\" required>\n");
	for (size_t i = 0; i < rows.n; i++) {
		char *name = lk_record_get(rows.v[i].rec, "name");
		web_buf_raw(b, "<option value=\"");
		web_buf_esc(b, lk_record_id(rows.v[i].rec));
		web_buf_raw(b, "\">");
		web_buf_esc(b, name);
		web_buf_raw(b, "</option>\n");
		free(name);
	}
	web_buf_raw(b, "</select>\n");
	dom_sector_rows_free(&rows);
	s_problem_select(q, mt, b);
	web_rapat_label(b, "km-dukungan", _("What the sector will do"));
	web_buf_raw(b, "<textarea id=\"km-dukungan\" name=\"dukungan\" rows=\"2\" maxlength=\"1000\" required></textarea>\n");
	web_rapat_label(b, "km-sampai", _("Until (empty: three months)"));
	web_buf_raw(b, "<input id=\"km-sampai\" name=\"sampai\" type=\"date\">\n");
	web_rapat_label(b, "km-kontak", _("Who to call at the sector (optional)"));
	web_buf_raw(b, "<input id=\"km-kontak\" name=\"kontak\" maxlength=\"190\">\n<button type=\"submit\">");
	web_buf_esc(b, _("Record the commitment"));
	web_buf_raw(b, "</button></form></section>\n");
}

void web_page_komitmen(struct web_req *q)
{
	struct dom_meeting mt;
	struct dom_commitment_rows l = {0};
	struct dom_err err = {0};
	struct web_buf b = {0};
	int may = (q->me->role_bit & WEB_ROLE_RUNS) != 0, rc;

	if ((rc = dom_camat_office_keeps(&q->a->d, "commitments", &err)) != 0) {
		web_req_error(q, web_status_of(rc), dom_msg(&err, rc));
		return;
	}
	if (web_rapat_of(q, &mt) != 0)
		return;
	if (q->post) {
		s_post(q, &mt);
		return;
	}
	if ((rc = dom_commitment_list(&q->a->d, mt.id, 0, &l, &err)) != 0) {
		web_req_error(q, web_status_of(rc), dom_msg(&err, rc));
		return;
	}
	if (l.n > 1)
		qsort(l.v, l.n, sizeof *l.v, s_by_sector);
	web_rapat_head(q, &mt, _("Commitments of the sectors"), &b);
	web_buf_raw(&b, "<p class=\"counts\">");
	web_buf_escf(&b, P_("%zu commitment", "%zu commitments", (unsigned long)l.n), l.n);
	web_buf_raw(&b, "</p>\n");
	for (size_t i = 0; i < l.n; i++) {
		if (i == 0 || strcmp(l.v[i].sector_name, l.v[i - 1].sector_name)) {
			if (i > 0)
				web_buf_raw(&b, "</ul></section>\n");
			web_buf_raw(&b, "<section class=\"commit-sector\"><h2>");
			web_buf_esc(&b, l.v[i].sector_name);
			web_buf_raw(&b, "</h2>\n<ul class=\"commitments\">\n");
		}
		s_item(q, &mt, &l.v[i], may, &b);
	}
	if (l.n > 0)
		web_buf_raw(&b, "</ul></section>\n");
	else {
		web_buf_raw(&b, "<p class=\"empty\">");
		web_buf_esc(&b, _("No commitment recorded for this meeting yet."));
		web_buf_raw(&b, "</p>\n");
	}
	dom_commitment_rows_free(&l);
	if (may)
		s_add_form(q, &mt, &b);
	web_req_page(q, _("Commitments"), &b);
	web_buf_free(&b);
}
