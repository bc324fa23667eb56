/* web_tinjau: the district's review of submitted minutes: the list, one minutes' view, acknowledge or return. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "minutes.h"
#include "region.h"
#include "review.h"
#include "web_priv.h"
#include "web_rapat.h"

#define REVIEWED_SHOWN 100 /* the newest reviewed minutes listed; older ones are on the puskesmas' pages */

/* The office of an item as people name it: the puskesmas, else the kecamatan (a quarterly meeting). */
static void s_office(struct web_buf *b, const struct dom_review_item *x)
{
	char kec[220];
	if (x->puskesmas[0])
		web_buf_esc(b, x->puskesmas_name[0] ? x->puskesmas_name : x->puskesmas);
	else
		web_buf_esc(b, region_kecamatan_label(x->kecamatan_name, x->kecamatan, kec, sizeof kec));
}

/* "Kecamatan Kaliwungu" under a puskesmas' name (nothing for the kecamatan's own meeting). */
static void s_kecamatan(struct web_buf *b, const struct dom_review_item *x)
{
	char kec[220];
	if (!x->puskesmas[0])
		return;
	web_buf_raw(b, " <span class=\"where\">");
	web_buf_esc(b, region_kecamatan_label(x->kecamatan_name, x->kecamatan, kec, sizeof kec));
	web_buf_raw(b, "</span>");
}

/* The meeting, its day in words, the revision and when it was submitted. */
static void s_facts(struct web_req *q, struct web_buf *b, const struct dom_review_item *x)
{
	char day[LK_FMT_LEN], when[DOM_WHEN_LEN], num[32];
	lk_fmt_int(num, sizeof num, x->revision, web_lang(q));
	web_buf_esc(b, x->title[0] ? x->title : _("Meeting"));
	web_buf_raw(b, " &middot; <span class=\"date\">");
	web_buf_esc(b, web_rapat_day(q, x->day, day, sizeof day));
	web_buf_raw(b, "</span> &middot; ");
	web_buf_escf(b, _("Revision %s"), num);
	web_buf_raw(b, " &middot; ");
	web_buf_escf(b, _("submitted %s"), web_rapat_when(q, x->submitted_at, when, sizeof when));
}

/* The verdict as a word ("Acknowledged", "Returned for revision") with who and when. */
static void s_verdict(struct web_req *q, struct web_buf *b, const struct dom_review_item *x)
{
	char when[DOM_WHEN_LEN];
	int back = !strcmp(x->status, "needs_revision");
	web_buf_raw(b, back ? "<span class=\"state verdict-revise\">" : "<span class=\"state verdict-ok\">");
	web_buf_esc(b, back ? _("Returned for revision") : _("Acknowledged"));
	web_buf_raw(b, "</span> ");
	web_buf_escf(b, _("%s, %s"), x->reviewer[0] ? x->reviewer : "-", web_rapat_when(q, x->reviewed_at, when, sizeof when));
}

/* ---------------------------------------------------------------- the list */

static void s_item(struct web_req *q, struct web_buf *b, const struct dom_review_item *x)
{
	web_buf_raw(b, "<li><a class=\"office\" href=\"/tinjau?rapat=");
	web_buf_esc(b, x->meeting_id);
	web_buf_raw(b, "\">");
	s_office(b, x);
	web_buf_raw(b, "</a>");
	s_kecamatan(b, x);
	web_buf_raw(b, "\n<p>");
	s_facts(q, b, x);
	web_buf_raw(b, "</p>\n");
	if (x->status[0]) {
		web_buf_raw(b, "<p>");
		s_verdict(q, b, x);
		web_buf_raw(b, "</p>\n");
	}
	web_buf_raw(b, "</li>\n");
}

static void s_list(struct web_req *q)
{
	struct dom_reviews r;
	struct dom_err err = {0};
	struct web_buf b = {0};
	char n[32];
	int rc = dom_review_list(&q->a->d, NULL, REVIEWED_SHOWN, &r, &err);
	if (rc != 0) {
		web_req_error(q, 409, dom_msg(&err, rc));
		return;
	}
	web_buf_raw(&b, "<h1>");
	web_buf_esc(&b, _("Review of minutes"));
	web_buf_raw(&b, "</h1>\n<h2>");
	lk_fmt_int(n, sizeof n, (long long)r.pending, web_lang(q));
	web_buf_escf(&b, _("Waiting for review (%s)"), n);
	web_buf_raw(&b, "</h2>\n");
	if (r.pending == 0) {
		web_buf_raw(&b, "<p class=\"empty\">");
		web_buf_esc(&b, _("No submitted minutes are waiting for review."));
		web_buf_raw(&b, "</p>\n");
	} else {
		web_buf_raw(&b, "<ul class=\"reviews pending\">\n");
		for (size_t i = 0; i < r.pending; i++)
			s_item(q, &b, &r.v[i]);
		web_buf_raw(&b, "</ul>\n");
	}
	web_buf_raw(&b, "<h2>");
	web_buf_esc(&b, _("Reviewed"));
	web_buf_raw(&b, "</h2>\n");
	if (r.n == r.pending) {
		web_buf_raw(&b, "<p class=\"empty\">");
		web_buf_esc(&b, _("No minutes reviewed yet."));
		web_buf_raw(&b, "</p>\n");
	} else {
		web_buf_raw(&b, "<ul class=\"reviews done\">\n");
		for (size_t i = r.pending; i < r.n; i++)
			s_item(q, &b, &r.v[i]);
		web_buf_raw(&b, "</ul>\n");
	}
	if (r.reviewed_more) {
		lk_fmt_int(n, sizeof n, (long long)(r.n - r.pending), web_lang(q));
		web_buf_raw(&b, "<p class=\"more\">");
		web_buf_escf(&b, _("The newest %s reviewed are listed."), n);
		web_buf_raw(&b, "</p>\n");
	}
	dom_reviews_free(&r);
	web_req_page(q, _("Review of minutes"), &b);
	web_buf_free(&b);
}

/* ---------------------------------------------------------------- one minutes */

/* The hidden fields of a review form: the csrf, the meeting, the minutes, the action. */
static void s_hidden(struct web_req *q, struct web_buf *b, const struct dom_review_item *x, const char *op)
{
	const char *const names[4] = {"csrf", "rapat", "notulen", "op"};
	const char *const values[4] = {q->s->csrf, x->meeting_id, x->minutes_id, op};
	for (int i = 0; i < 4; i++) {
		web_buf_raw(b, "<input type=\"hidden\" name=\"");
		web_buf_raw(b, names[i]);
		web_buf_raw(b, "\" value=\"");
		web_buf_esc(b, values[i]);
		web_buf_raw(b, "\">");
	}
	web_buf_raw(b, "\n");
}

/* The two actions on minutes not reviewed yet; feedback is what was typed before a refusal. */
static void s_forms(struct web_req *q, struct web_buf *b, const struct dom_review_item *x, const char *feedback)
{
	web_buf_raw(b, "<div class=\"review-actions\">\n<form method=\"post\" action=\"/tinjau\" class=\"inline-action\">");
	s_hidden(q, b, x, "terima");
	web_buf_raw(b, "<button type=\"submit\">");
	web_buf_esc(b, _("Acknowledge"));
	web_buf_raw(b, "</button></form>\n<form method=\"post\" action=\"/tinjau\" class=\"stack\">");
	s_hidden(q, b, x, "kembalikan");
	web_rapat_label(b, "catatan", _("Feedback for the puskesmas: what must be revised"));
	web_buf_raw(b, "<textarea id=\"catatan\" name=\"catatan\" rows=\"4\" maxlength=\"4000\" required>");
	web_buf_esc(b, feedback ? feedback : "");
	web_buf_raw(b, "</textarea>\n<button type=\"submit\" class=\"secondary\">");
	web_buf_esc(b, _("Return for revision"));
	web_buf_raw(b, "</button></form>\n</div>\n");
}

/* The review view of the meeting's newest submitted minutes; error (NULL: none) is a refused POST's sentence. */
static void s_view(struct web_req *q, const char *meeting_id, int status, const char *error, const char *feedback)
{
	struct dom_reviews r;
	struct dom_err err = {0};
	struct web_buf b = {0};
	int rc = dom_review_list(&q->a->d, meeting_id, 1, &r, &err);
	if (rc != 0) {
		web_req_error(q, 409, dom_msg(&err, rc));
		return;
	}
	if (r.n == 0) {
		dom_reviews_free(&r);
		web_req_error(q, 404, _("No submitted minutes of this meeting are on this device."));
		return;
	}
	const struct dom_review_item *x = &r.v[0];
	web_buf_raw(&b, "<h1>");
	web_buf_esc(&b, _("Review the minutes"));
	web_buf_raw(&b, "</h1>\n<p class=\"rapat\"><strong>");
	s_office(&b, x);
	web_buf_raw(&b, "</strong>");
	s_kecamatan(&b, x);
	web_buf_raw(&b, "</p>\n<p>");
	s_facts(q, &b, x);
	web_buf_raw(&b, "</p>\n<p class=\"pdf\"><a href=\"/notulen.pdf?rapat=");
	web_buf_esc(&b, x->meeting_id);
	web_buf_raw(&b, "\">");
	web_buf_esc(&b, _("Read the minutes (PDF)"));
	web_buf_raw(&b, "</a></p>\n");
	if (error) {
		web_buf_raw(&b, "<p class=\"error\" role=\"alert\">");
		web_buf_esc(&b, error);
		web_buf_raw(&b, "</p>\n");
	}
	if (!x->status[0]) {
		s_forms(q, &b, x, feedback);
	} else {
		int back = !strcmp(x->status, "needs_revision");
		web_buf_raw(&b, back ? "<div class=\"feedback revise\"><p>" : "<div class=\"feedback\"><p>");
		s_verdict(q, &b, x);
		web_buf_raw(&b, "</p>\n");
		if (x->feedback[0]) {
			web_buf_raw(&b, "<blockquote>");
			web_buf_esc(&b, x->feedback);
			web_buf_raw(&b, "</blockquote>\n");
		}
		if (back) {
			web_buf_raw(&b, "<p>");
			web_buf_esc(&b, _("The puskesmas sees the feedback on its to-do list until it submits a new revision."));
			web_buf_raw(&b, "</p>\n");
		}
		web_buf_raw(&b, "</div>\n");
	}
	web_buf_raw(&b, "<p><a href=\"/tinjau\">");
	web_buf_esc(&b, _("All submitted minutes"));
	web_buf_raw(&b, "</a></p>\n");
	dom_reviews_free(&r);
	q->r->status = status;
	web_req_page(q, _("Review the minutes"), &b);
	web_buf_free(&b);
}

static void s_post(struct web_req *q, const char *meeting_id)
{
	struct dom_err err = {0};
	const char *op = web_field(q, "op"), *id = web_field(q, "notulen"), *feedback = web_field(q, "catatan");
	const char *status = op && !strcmp(op, "terima")       ? "acknowledged"
	                     : op && !strcmp(op, "kembalikan") ? "needs_revision"
	                                                       : NULL;
	char rid[40], url[200];
	if (status == NULL || id == NULL || !lk_uuid_canonical(id)) {
		web_req_error(q, 400, _("The form was not complete."));
		return;
	}
	struct dom_minutes_review_in in = {id, status, feedback ? feedback : "",
	                                   q->me->name[0] ? q->me->name : q->s->login};
	int rc = dom_minutes_review(&q->a->d, &in, rid, &err);
	if (rc != 0) {
		s_view(q, meeting_id, web_status_of(rc), dom_msg(&err, rc), feedback);
		return;
	}
	snprintf(url, sizeof url, "/tinjau?rapat=%s", meeting_id);
	if (strcmp(status, "acknowledged") != 0)
		web_redirect(q, url, _("Minutes returned for revision; the next sync sends the feedback to the puskesmas."));
	else
		web_redirect(q, url, _("Minutes acknowledged; the next sync tells the puskesmas."));
}

void web_page_tinjau(struct web_req *q)
{
	struct dom_err err = {0};
	const char *meeting = web_field(q, "rapat");
	int rc = dom_minutes_may_review(&q->a->d, &err);
	if (rc != 0) {
		web_req_error(q, 403, dom_msg(&err, rc));
		return;
	}
	if (meeting && *meeting && !lk_uuid_canonical(meeting)) {
		web_req_error(q, 404, _("There is no such meeting on this device."));
		return;
	}
	if (q->post && meeting && *meeting)
		s_post(q, meeting);
	else if (q->post)
		web_req_error(q, 400, _("The form was not complete."));
	else if (meeting && *meeting)
		s_view(q, meeting, 200, NULL, NULL);
	else
		s_list(q);
}
