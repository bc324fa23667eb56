/* web_undangan: /undangan, the next meeting's invitation: agenda, draft, preview, PDF and the head's signature. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "doc.h"
#include "doc_rows.h"
#include "doc_text.h"
#include "invitation.h"
#include "letter.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "meeting.h"
#include "signed_doc.h"
#include "store.h"
#include "web_priv.h"

/* The meeting's agenda as a list. */
static void s_agenda(struct web_req *q, struct web_buf *b, const struct dom_meeting *mt)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int rc = f ? dom_meeting_agenda(&q->a->d, mt->id, f, NULL) : -LK_ENOMEM;
	if (f)
		fclose(f);
	web_buf_raw(b, "<section class=\"card\"><h2>");
	web_buf_esc(b, _("Agenda"));
	web_buf_raw(b, "</h2>\n");
	if (rc == 0 && text && text[0]) {
		web_buf_raw(b, "<p class=\"agenda\">");
		for (char *line = text, *nl; line && *line; line = nl ? nl + 1 : NULL) {
			nl = strchr(line, '\n');
			if (nl)
				*nl = '\0';
			web_buf_esc(b, line);
			if (nl && nl[1])
				web_buf_raw(b, "<br>\n");
		}
		web_buf_raw(b, "</p>\n");
	} else {
		web_buf_raw(b, "<p class=\"empty\">-</p>\n");
	}
	web_buf_raw(b, "</section>\n");
	free(text);
}

/* The values of key of t as lines. */
static void s_lines(struct web_buf *b, const struct dom_doc_text *t, const char *key, int numbered)
{
	size_t n = dom_doc_text_count(t, key);
	if (n == 0)
		return;
	web_buf_raw(b, numbered && n > 1 ? "<ol>" : "<ul class=\"plain\">");
	for (size_t i = 0; i < n; i++) {
		web_buf_raw(b, "<li>");
		web_buf_esc(b, dom_doc_text_nth(t, key, i));
		web_buf_raw(b, "</li>");
	}
	web_buf_raw(b, numbered && n > 1 ? "</ol>\n" : "</ul>\n");
}

/* One "key: value" row of the letter's table. */
static void s_row(struct web_buf *b, const char *label, const char *value)
{
	web_buf_raw(b, "<tr><th scope=\"row\">");
	web_buf_esc(b, label);
	web_buf_raw(b, "</th><td>");
	web_buf_esc(b, value);
	web_buf_raw(b, "</td></tr>\n");
}

/* The letter as HTML from its canonical text, with its signature block. */
static void s_letter(struct web_req *q, struct web_buf *b, const ProtobufCMessage *inv)
{
	char *text = lk_record_get(inv, "document");
	struct dom_doc_text t;
	struct rl_signer sg;
	dom_doc_text_init(&t, "undangan");
	web_buf_raw(b, "<article class=\"letter\" lang=\"id\">\n");
	if (text == NULL || dom_doc_text_parse(text, &t) != 0) {
		web_buf_raw(b, "<p class=\"pre\">");
		web_buf_esc(b, text ? text : "");
		web_buf_raw(b, "</p>\n");
		goto sign;
	}
	web_buf_raw(b, "<div class=\"kop\">");
	for (size_t i = 0; i < dom_doc_text_count(&t, "kop"); i++) {
		web_buf_raw(b, "<div>");
		web_buf_esc(b, dom_doc_text_nth(&t, "kop", i));
		web_buf_raw(b, "</div>");
	}
	if (dom_doc_text_get(&t, "kop_kontak")) {
		web_buf_raw(b, "<div class=\"contact\">");
		web_buf_esc(b, dom_doc_text_get(&t, "kop_kontak"));
		web_buf_raw(b, "</div>");
	}
	web_buf_raw(b, "</div>\n<p class=\"placedate\">");
	web_buf_esc(b, dom_doc_text_or(&t, "tempat_tanggal", ""));
	web_buf_raw(b, "</p>\n<table class=\"kv\">\n");
	s_row(b, "Nomor", dom_doc_text_or(&t, "nomor", "-"));
	s_row(b, "Sifat", dom_doc_text_or(&t, "sifat", "-"));
	s_row(b, "Lampiran", dom_doc_text_or(&t, "lampiran", "-"));
	s_row(b, "Hal", dom_doc_text_or(&t, "hal", "-"));
	web_buf_raw(b, "</table>\n<p>Yth.</p>\n");
	s_lines(b, &t, "yth", 1);
	web_buf_raw(b, "<p>di<br>");
	web_buf_esc(b, dom_doc_text_or(&t, "di", "Tempat"));
	web_buf_raw(b, "</p>\n<p>");
	web_buf_esc(b, dom_doc_text_or(&t, "pembuka", ""));
	web_buf_raw(b, "</p>\n<table class=\"kv\">\n");
	s_row(b, "Hari/tanggal", dom_doc_text_or(&t, "hari_tanggal", "-"));
	s_row(b, "Waktu", dom_doc_text_or(&t, "waktu", "-"));
	s_row(b, "Tempat", dom_doc_text_or(&t, "tempat", "-"));
	web_buf_raw(b, "<tr><th scope=\"row\">Acara</th><td>");
	s_lines(b, &t, "acara", 1);
	web_buf_raw(b, "</td></tr>\n</table>\n");
	if (dom_doc_text_get(&t, "catatan")) {
		web_buf_raw(b, "<p>");
		web_buf_esc(b, dom_doc_text_get(&t, "catatan"));
		web_buf_raw(b, "</p>\n");
	}
	web_buf_raw(b, "<p>");
	web_buf_esc(b, dom_doc_text_or(&t, "penutup", ""));
	web_buf_raw(b, "</p>\n");
sign:
	if (rl_signer_of(&q->a->d, NULL, "invitation", inv, &sg, NULL) == 0) {
		web_buf_raw(b, "<div class=\"signature\"><p class=\"jabatan\">");
		for (char *line = sg.jabatan, *nl; line && *line; line = nl ? nl + 1 : NULL) {
			nl = strchr(line, '\n');
			if (nl)
				*nl = '\0';
			web_buf_esc(b, line);
			if (nl)
				web_buf_raw(b, "<br>");
		}
		web_buf_raw(b, "</p>\n<p class=\"mark\">");
		if (sg.is_signed) {
			web_buf_esc(b, _("Signed electronically"));
			if (sg.signed_at[0]) {
				web_buf_raw(b, " ");
				web_buf_esc(b, sg.signed_at);
			}
		} else if (sg.invalid)
			web_buf_esc(b, _("THE SIGNATURE DOES NOT VERIFY"));
		else
			web_buf_esc(b, _("Not signed yet"));
		web_buf_raw(b, "</p>\n<p class=\"name\">");
		web_buf_esc(b, sg.name[0] ? sg.name : "(..............................)");
		web_buf_raw(b, "</p>\n");
		if (sg.pangkat[0]) {
			web_buf_raw(b, "<p>");
			web_buf_esc(b, sg.pangkat);
			web_buf_raw(b, "</p>\n");
		}
		if (sg.nip[0]) {
			web_buf_raw(b, "<p>");
			web_buf_esc(b, sg.nip);
			web_buf_raw(b, "</p>\n");
		}
		web_buf_raw(b, "</div>\n");
		rl_signer_free(&sg);
	}
	if (dom_doc_text_count(&t, "tembusan") > 0) {
		web_buf_raw(b, "<p>Tembusan:</p>\n");
		s_lines(b, &t, "tembusan", 1);
	}
	web_buf_raw(b, "</article>\n");
	dom_doc_text_free(&t);
	free(text);
}

static void s_draft_form(struct web_req *q, struct web_buf *b, const struct dom_meeting *mt)
{
	static const struct {
		const char *id, *name, *label;
	} f[] = {
		{"inv-number", "nomor", N_("Letter number")},
		{"inv-place", "tempat", N_("Place (empty: the meeting's place)")},
		{"inv-time", "waktu", N_("Time (empty: 08.00 until finished)")},
		{"inv-hal", "hal", N_("Subject (empty: the usual one)")},
	};
	web_buf_raw(b, "<section class=\"card\"><h2>");
	web_buf_esc(b, _("Draft the invitation"));
	web_buf_raw(b, "</h2>\n<form method=\"post\" action=\"/undangan\" class=\"stack\">\n");
	web_csrf_field(b, q);
	web_buf_raw(b, "<input type=\"hidden\" name=\"aksi\" value=\"draf\">\n<input type=\"hidden\" name=\"rapat\" value=\"");
	web_buf_esc(b, mt->id);
	web_buf_raw(b, "\">\n");
	for (size_t i = 0; i < LK_ARRAY_LEN(f); i++) {
		web_buf_printf(b, "<label for=\"%s\">", f[i].id);
		web_buf_esc(b, _(f[i].label));
		web_buf_printf(b, "</label>\n<input id=\"%s\" name=\"%s\" maxlength=\"190\">\n", f[i].id, f[i].name);
	}
	web_buf_raw(b, "<button type=\"submit\">");
	web_buf_esc(b, _("Draft"));
	web_buf_raw(b, "</button>\n</form></section>\n");
}

/* The signing form, or why this person cannot sign (the domain's sentence). */
static void s_sign_form(struct web_req *q, struct web_buf *b, const struct dom_meeting *mt, const char *inv_id)
{
	struct dom_doc_sign_in in = {"invitation", inv_id, q->me->id, NULL};
	struct dom_doc_sign_out out;
	struct dom_err err = {0};
	web_buf_raw(b, "<section class=\"card\"><h2>");
	web_buf_esc(b, _("Sign the invitation"));
	web_buf_raw(b, "</h2>\n");
	int rc = dom_doc_sign_check(&q->a->d, &in, &out, &err);
	if (rc != 0) {
		web_buf_raw(b, "<p class=\"refused\">");
		web_buf_esc(b, dom_msg(&err, rc));
		web_buf_raw(b, "</p></section>\n");
		return;
	}
	web_buf_raw(b, "<form method=\"post\" action=\"/undangan\" class=\"stack\">\n");
	web_csrf_field(b, q);
	web_buf_raw(b, "<input type=\"hidden\" name=\"aksi\" value=\"tanda\">\n<input type=\"hidden\" name=\"rapat\" value=\"");
	web_buf_esc(b, mt->id);
	web_buf_raw(b, "\">\n<input type=\"hidden\" name=\"undangan\" value=\"");
	web_buf_esc(b, inv_id);
	web_buf_raw(b, "\">\n<label for=\"sign-pass\">");
	web_buf_esc(b, _("Passphrase of your signing key"));
	web_buf_raw(b, "</label>\n<input id=\"sign-pass\" name=\"sandi\" type=\"password\" autocomplete=\"off\" required "
	               "maxlength=\"500\">\n<button type=\"submit\">");
	web_buf_esc(b, out.deputy ? _("Sign as deputy") : _("Sign"));
	web_buf_raw(b, "</button>\n</form></section>\n");
}

/* A field of the form, NULL when left empty (the domain then takes its default). */
static const char *s_given(struct web_req *q, const char *name)
{
	const char *v = web_field(q, name);
	return v && v[0] ? v : NULL;
}

static void s_post(struct web_req *q)
{
	const char *aksi = web_field(q, "aksi");
	struct dom_meeting mt;
	struct dom_err err = {0};
	char url[120];
	int rc;

	if ((rc = web_meeting_pick(q, &mt, &err)) != 0) {
		web_req_error(q, web_status_of(rc), dom_msg(&err, rc));
		return;
	}
	snprintf(url, sizeof url, "/undangan?rapat=%s", mt.id);
	if (aksi && !strcmp(aksi, "draf")) {
		const char *number = web_field(q, "nomor");
		struct dom_invitation_draft_in in = {.meeting_id = mt.id, .number = number ? number : "",
		                                     .place = s_given(q, "tempat"), .time_text = s_given(q, "waktu"),
		                                     .hal = s_given(q, "hal")};
		struct dom_invitation_draft_out out;
		if ((rc = dom_invitation_draft(&q->a->d, &in, &out, &err)) != 0) {
			web_req_error(q, web_status_of(rc), dom_msg(&err, rc));
			return;
		}
		web_redirect(q, url, _("The invitation is drafted."));
		return;
	}
	if (aksi && !strcmp(aksi, "tanda")) {
		const char *id = web_field(q, "undangan"), *pass = web_field(q, "sandi");
		struct dom_doc_sign_in in = {"invitation", id, q->me->id, pass};
		struct dom_doc_sign_out out;
		if (id == NULL || pass == NULL || pass[0] == '\0') {
			web_req_error(q, 400, _("Type the passphrase of your signing key."));
			return;
		}
		rc = dom_doc_sign(&q->a->d, &in, &out, &err);
		sodium_memzero((char *)pass, strlen(pass));
		if (rc != 0) {
			web_req_error(q, web_status_of(rc), dom_msg(&err, rc));
			return;
		}
		web_redirect(q, url, _("The invitation is signed and sealed."));
		return;
	}
	web_req_error(q, 400, _("The form did not say what to do."));
}

void web_page_undangan(struct web_req *q)
{
	enum lk_lang lang = web_lang(q);
	struct web_buf m = {0};
	struct dom_meeting mt;
	struct dom_err err = {0};
	struct dom_rows rows = {.field = "meeting_id"};
	int rc;

	if (q->post) {
		s_post(q);
		return;
	}
	web_buf_raw(&m, "<h1>");
	web_buf_esc(&m, _("Invitation"));
	web_buf_raw(&m, "</h1>\n");
	if ((rc = web_meeting_pick(q, &mt, &err)) != 0) {
		web_buf_raw(&m, "<p class=\"error\">");
		web_buf_esc(&m, dom_msg(&err, rc));
		web_buf_raw(&m, "</p>\n");
		goto done;
	}
	web_meeting_heading(&m, &mt, lang);
	s_agenda(q, &m, &mt);
	rows.value = mt.id;
	const ProtobufCMessage *inv = NULL;
	if (dom_rows_load(&q->a->d, "invitation", &rows, &err) == 0)
		inv = dom_rows_newest(&rows, "issued_date", 0);
	if (inv == NULL) {
		web_buf_raw(&m, "<p class=\"empty\">");
		web_buf_esc(&m, _("No invitation is drafted for this meeting yet."));
		web_buf_raw(&m, "</p>\n");
		if (q->me->role_bit & WEB_ROLE_RUNS)
			s_draft_form(q, &m, &mt);
		goto done;
	}
	web_buf_raw(&m, "<p class=\"actions\"><a class=\"button\" href=\"/undangan/pdf?rapat=");
	web_buf_esc(&m, mt.id);
	web_buf_raw(&m, "\">");
	web_buf_esc(&m, _("Open the letter as PDF (to print)"));
	web_buf_raw(&m, "</a></p>\n<h2>");
	web_buf_esc(&m, _("Preview"));
	web_buf_raw(&m, "</h2>\n");
	s_letter(q, &m, inv);
	ProtobufCMessage *signer = NULL;
	enum signer_state state = dom_doc_state(&q->a->d, inv, &signer);
	lk_record_free(signer);
	if ((q->me->role_bit & WEB_ROLE_RUNS) && state != SIGNER_VERIFIED)
		s_sign_form(q, &m, &mt, lk_record_id(inv));
done:
	dom_rows_free(&rows);
	q->r->status = 200;
	web_req_page(q, _("Invitation"), &m);
	web_buf_free(&m);
}

void web_page_undangan_pdf(struct web_req *q)
{
	struct dom_meeting mt;
	struct dom_err err = {0};
	struct dom_rows rows = {.field = "meeting_id"};
	int rc;

	if ((rc = web_meeting_pick(q, &mt, &err)) != 0) {
		web_req_error(q, web_status_of(rc), dom_msg(&err, rc));
		return;
	}
	rows.value = mt.id;
	const ProtobufCMessage *inv = NULL;
	if (dom_rows_load(&q->a->d, "invitation", &rows, &err) == 0)
		inv = dom_rows_newest(&rows, "issued_date", 0);
	if (inv == NULL)
		web_req_error(q, 404, _("No invitation is drafted for this meeting yet."));
	else
		web_send_pdf(q, rl_undangan, inv, "undangan.pdf");
	dom_rows_free(&rows);
}
