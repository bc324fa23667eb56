/* web_notulen: the minutes of the meeting at hand: the district's feedback, compile, sign with the passphrase, submit, the PDF. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "doc_rows.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "minutes.h"
#include "letter.h"
#include "lk_entity.h"
#include "notulen.h"
#include "signed_doc.h"
#include "store.h"
#include "web_priv.h"
#include "web_rapat.h"

#define MAX_DECISIONS 20

/* What the history says: the revisions (newest last) and the district's newest review. */
struct s_hist {
	struct web_req *q;
	struct web_buf *b;
	char newest[40];
	int revision, signed_ok, submitted;
	char rev_status[24], rev_feedback[1000], rev_by[200], rev_at[24];
	int reviews;
};

static int s_rev(const struct dom_minutes_rev *r, void *arg)
{
	struct s_hist *h = arg;
	char when[DOM_WHEN_LEN], num[32];
	if (r->revision >= h->revision) {
		h->revision = r->revision;
		lk_strlcpy(h->newest, r->id, sizeof h->newest);
		h->signed_ok = r->state == SIGNER_VERIFIED;
		h->submitted = r->submitted_at && *r->submitted_at;
	}
	lk_fmt_int(num, sizeof num, r->revision, web_rapat_lang(h->q));
	web_buf_raw(h->b, "<li>");
	web_buf_escf(h->b, _("Revision %s"), num);
	web_buf_raw(h->b, ": <span class=\"state\">");
	web_buf_esc(h->b, r->state == SIGNER_VERIFIED ? _("signed") : r->has_signature ? _("signature does not verify")
	                                                                                : _("draft, not signed"));
	web_buf_raw(h->b, "</span>");
	if (r->submitted_at && *r->submitted_at) {
		web_buf_raw(h->b, " &middot; ");
		web_buf_escf(h->b, _("submitted to the district %s"), web_rapat_when(h->q, r->submitted_at, when, sizeof when));
	}
	if (r->change_note && *r->change_note) {
		web_buf_raw(h->b, " &middot; ");
		web_buf_esc(h->b, r->change_note);
	}
	web_buf_raw(h->b, "</li>\n");
	return 0;
}

static int s_review(const struct dom_minutes_review_row *r, void *arg)
{
	struct s_hist *h = arg;
	/* The newest review (they come in store order) is the one to act on. */
	h->reviews++;
	lk_strlcpy(h->rev_status, r->status, sizeof h->rev_status);
	lk_strlcpy(h->rev_feedback, r->feedback ? r->feedback : "", sizeof h->rev_feedback);
	lk_strlcpy(h->rev_by, r->reviewer ? r->reviewer : "", sizeof h->rev_by);
	lk_strlcpy(h->rev_at, r->reviewed_at ? r->reviewed_at : "", sizeof h->rev_at);
	return 0;
}

/* ---------------------------------------------------------------- changes */

static int s_code(int rc)
{
	return rc == -LK_EPERM || rc == -LK_ECRYPTO ? 403 : rc == -LK_ENOTFOUND ? 404 : 409;
}

static void s_compile(struct web_req *q, const struct dom_meeting *mt)
{
	struct dom_minutes_compile_in in = {.meeting_id = mt->id};
	struct dom_minutes_compile_out out;
	struct dom_err err = {0};
	const char *dec[MAX_DECISIONS];
	char *lines = NULL;
	const char *start = web_field(q, "mulai"), *end = web_field(q, "selesai"), *reason = web_field(q, "alasan"),
	           *text = web_field(q, "keputusan");
	in.start = start && *start ? start : NULL;
	in.end = end && *end ? end : NULL;
	in.reason = reason && *reason ? reason : NULL;
	/* One decision a line; blank lines are left out. */
	if (text && *text && (lines = strdup(text)) != NULL) {
		for (char *p = strtok(lines, "\r\n"); p && in.ndecisions < MAX_DECISIONS; p = strtok(NULL, "\r\n")) {
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p)
				dec[in.ndecisions++] = p;
		}
		in.decisions = dec;
	}
	int rc = dom_minutes_compile(&q->a->d, &in, &out, &err);
	free(lines);
	if (rc != 0) {
		web_req_error(q, s_code(rc), dom_msg(&err, rc));
		return;
	}
	web_rapat_back(q, mt, "/notulen", _("Minutes compiled: a draft to be signed."));
}

static void s_sign(struct web_req *q, const struct dom_meeting *mt, const char *id)
{
	struct dom_doc_sign_in in = {"minutes", id, q->me->id, NULL};
	struct dom_doc_sign_out out;
	struct dom_err err = {0};
	const char *pass = web_field(q, "sandi");
	/* Refused before the passphrase is tried when the person may not sign here. */
	int rc = dom_doc_sign_check(&q->a->d, &in, &out, &err);
	if (rc == 0) {
		in.passphrase = pass ? pass : "";
		rc = dom_doc_sign(&q->a->d, &in, &out, &err);
	}
	if (rc != 0) {
		web_req_error(q, s_code(rc), dom_msg(&err, rc));
		return;
	}
	web_rapat_back(q, mt, "/notulen", _("Minutes signed and sealed."));
}

static void s_post(struct web_req *q, const struct dom_meeting *mt)
{
	struct dom_err err = {0};
	const char *op = web_field(q, "op"), *id = web_field(q, "notulen");
	char at[24];
	int rc;
	if (op && !strcmp(op, "susun")) {
		s_compile(q, mt);
		return;
	}
	if (op == NULL || id == NULL || !lk_uuid_canonical(id)) {
		web_req_error(q, 400, _("The form was not complete."));
		return;
	}
	if (!strcmp(op, "tandatangan")) {
		s_sign(q, mt, id);
	} else if (!strcmp(op, "kirim")) {
		if ((rc = dom_minutes_submit(&q->a->d, id, at, &err)) != 0)
			web_req_error(q, s_code(rc), dom_msg(&err, rc));
		else
			web_rapat_back(q, mt, "/notulen", _("Minutes submitted to the district; the next sync sends them."));
	} else {
		web_req_error(q, 400, _("The form was not complete."));
	}
}

/* ---------------------------------------------------------------- the page */

static void s_feedback(struct web_req *q, const struct s_hist *h, struct web_buf *b)
{
	char when[DOM_WHEN_LEN];
	int again = !strcmp(h->rev_status, "needs_revision");
	web_buf_raw(b, again ? "<div class=\"feedback revise\" role=\"alert\"><h2>" : "<div class=\"feedback\"><h2>");
	web_buf_esc(b, again ? _("The district returned the minutes for revision") : _("The district acknowledged the minutes"));
	web_buf_raw(b, "</h2>\n<p>");
	web_buf_escf(b, _("%s, %s"), h->rev_by[0] ? h->rev_by : "-", web_rapat_when(q, h->rev_at, when, sizeof when));
	web_buf_raw(b, "</p>\n");
	if (h->rev_feedback[0]) {
		web_buf_raw(b, "<blockquote>");
		web_buf_esc(b, h->rev_feedback);
		web_buf_raw(b, "</blockquote>\n");
	}
	if (again) {
		web_buf_raw(b, "<p>");
		web_buf_esc(b, _("Compile the minutes again below (say what changed), then sign and submit them."));
		web_buf_raw(b, "</p>\n");
	}
	web_buf_raw(b, "</div>\n");
}

static void s_compile_form(struct web_req *q, const struct dom_meeting *mt, int sealed, struct web_buf *b)
{
	web_buf_raw(b, "<h2>");
	web_buf_esc(b, sealed ? _("A new revision") : _("Compile the minutes"));
	web_buf_raw(b, "</h2>\n<p>");
	web_buf_esc(b, _("The minutes are compiled from the meeting's records (agenda, attendance, problems, follow-up). "
	                 "What is written here is added to them."));
	web_buf_raw(b, "</p>\n");
	web_rapat_form(q, mt, "/notulen", "stack", 0, b);
	web_buf_raw(b, "<input type=\"hidden\" name=\"op\" value=\"susun\">\n<div class=\"times\"><div>");
	web_rapat_label(b, "mulai", _("Started (HH.MM)"));
	web_buf_raw(b, "<input id=\"mulai\" name=\"mulai\" inputmode=\"numeric\" maxlength=\"5\" placeholder=\"08.00\"></div><div>");
	web_rapat_label(b, "selesai", _("Ended (HH.MM, empty: until done)"));
	web_buf_raw(b, "<input id=\"selesai\" name=\"selesai\" inputmode=\"numeric\" maxlength=\"5\" placeholder=\"12.00\"></div></div>\n");
	web_rapat_label(b, "keputusan", _("Decisions taken, one per line"));
	web_buf_raw(b, "<textarea id=\"keputusan\" name=\"keputusan\" rows=\"5\" maxlength=\"8000\"></textarea>\n");
	if (sealed) {
		web_rapat_label(b, "alasan", _("What changed since the signed revision"));
		web_buf_raw(b, "<input id=\"alasan\" name=\"alasan\" required maxlength=\"500\">\n");
	}
	web_buf_raw(b, "<button type=\"submit\">");
	web_buf_esc(b, _("Compile"));
	web_buf_raw(b, "</button>\n</form>\n");
}

static void s_sign_form(struct web_req *q, const struct dom_meeting *mt, const char *id, struct web_buf *b)
{
	web_buf_raw(b, "<h2>");
	web_buf_esc(b, _("Sign the minutes"));
	web_buf_raw(b, "</h2>\n");
	web_rapat_form(q, mt, "/notulen", "stack", 0, b);
	web_buf_raw(b, "<input type=\"hidden\" name=\"op\" value=\"tandatangan\"><input type=\"hidden\" name=\"notulen\" value=\"");
	web_buf_esc(b, id);
	web_buf_raw(b, "\">\n");
	web_rapat_label(b, "sandi", _("Passphrase of your signing key"));
	web_buf_raw(b, "<input id=\"sandi\" name=\"sandi\" type=\"password\" autocomplete=\"off\" required>\n<button type=\"submit\">");
	web_buf_esc(b, _("Sign"));
	web_buf_raw(b, "</button>\n</form>\n");
}

void web_page_notulen(struct web_req *q)
{
	struct dom_meeting mt;
	struct dom_err err = {0};
	struct web_buf b = {0}, revs = {0};

	if (web_rapat_of(q, &mt) != 0)
		return;
	if (q->post) {
		s_post(q, &mt);
		return;
	}
	struct s_hist h = {.q = q, .b = &revs};
	int rc = dom_minutes_history(&q->a->d, mt.id, s_rev, s_review, &h, &err);
	if (rc != 0) {
		web_buf_free(&revs);
		web_req_error(q, 409, dom_msg(&err, rc));
		return;
	}
	web_rapat_head(q, &mt, _("Minutes"), &b);
	if (h.reviews)
		s_feedback(q, &h, &b);
	if (h.newest[0]) {
		web_buf_raw(&b, "<ul class=\"revisions\">\n");
		web_buf_raw(&b, revs.p ? revs.p : "");
		web_buf_raw(&b, "</ul>\n<p class=\"pdf\"><a href=\"/notulen.pdf?rapat=");
		web_buf_esc(&b, mt.id);
		web_buf_raw(&b, "\">");
		web_buf_esc(&b, _("The minutes as PDF (to print)"));
		web_buf_raw(&b, "</a></p>\n");
	} else {
		web_buf_raw(&b, "<p class=\"empty\">");
		web_buf_esc(&b, _("No minutes compiled yet."));
		web_buf_raw(&b, "</p>\n");
	}
	web_buf_free(&revs);
	int may = (q->me->role_bit & WEB_ROLES_MINUTES) != 0;
	if (may && h.newest[0] && !h.signed_ok && (q->me->role_bit & (WEB_ROLE_KAPUS | WEB_ROLE_CAMAT)))
		s_sign_form(q, &mt, h.newest, &b);
	if (may && h.newest[0] && h.signed_ok && !h.submitted) {
		web_rapat_form(q, &mt, "/notulen", "inline-action", 0, &b);
		web_buf_raw(&b, "<input type=\"hidden\" name=\"op\" value=\"kirim\"><input type=\"hidden\" name=\"notulen\" value=\"");
		web_buf_esc(&b, h.newest);
		web_buf_raw(&b, "\"><button type=\"submit\">");
		web_buf_esc(&b, _("Submit to the district"));
		web_buf_raw(&b, "</button></form>\n");
	}
	if (may)
		s_compile_form(q, &mt, h.signed_ok, &b);
	web_req_page(q, _("Minutes"), &b);
	web_buf_free(&b);
}

/* /notulen.pdf?rapat=ID: the newest revision of the meeting's minutes laid out as the Notulen, as PDF. */
void web_page_notulen_pdf(struct web_req *q)
{
	struct dom_meeting mt;
	struct dom_err err = {0};
	if (web_rapat_of(q, &mt) != 0)
		return;
	struct dom_rows r = {.field = "meeting_id", .value = mt.id};
	int rc = dom_rows_load(&q->a->d, "minutes", &r, &err);
	if (rc < 0) {
		web_req_error(q, 409, dom_msg(&err, rc));
		return;
	}
	const ProtobufCMessage *m = dom_rows_newest(&r, "revision", 1);
	if (m == NULL)
		web_req_error(q, 404, _("No minutes compiled yet."));
	else
		web_send_pdf(q, rd_notulen, m, "notulen.pdf");
	dom_rows_free(&r);
}

/* /hadir.pdf?rapat=ID: the meeting's Daftar Hadir for printing, with who came and room to sign. */
void web_page_hadir_pdf(struct web_req *q)
{
	struct dom_meeting mt;
	ProtobufCMessage *rec = NULL;
	if (web_rapat_of(q, &mt) != 0)
		return;
	if (lk_store_get(q->a->d.st, lk_entity_find("meeting"), mt.id, &rec) != 0) {
		web_req_error(q, 404, _("The meeting is not on this device."));
		return;
	}
	web_send_pdf(q, rl_hadir, rec, "daftar-hadir.pdf");
	lk_record_free(rec);
}
