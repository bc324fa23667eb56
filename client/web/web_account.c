/* web_account: the logged-in person's own account: a new password (other sessions end) and the language of the pages. */
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "web_priv.h"

/* A label and a password input. */
static void s_pass(struct web_buf *b, const char *id, const char *label, const char *autocomplete)
{
	web_buf_raw(b, "<label for=\"");
	web_buf_esc(b, id);
	web_buf_raw(b, "\">");
	web_buf_esc(b, label);
	web_buf_raw(b, "</label>\n<input type=\"password\" id=\"");
	web_buf_esc(b, id);
	web_buf_raw(b, "\" name=\"");
	web_buf_esc(b, id);
	web_buf_printf(b, "\" autocomplete=\"%s\" required maxlength=\"%d\">\n", autocomplete, LK_ACCOUNT_PASS_MAX);
}

static void s_password(struct web_req *q)
{
	const char *old = web_field(q, "old"), *p1 = web_field(q, "new"), *p2 = web_field(q, "again");
	char note[240];
	if (!old || !p1 || !p2) {
		web_req_error(q, 400, _("Fill in the old password and the new one twice."));
		return;
	}
	if (strcmp(p1, p2) != 0) {
		web_req_error(q, 400, _("The two new passwords differ. Nothing was changed."));
		return;
	}
	int rc = lk_account_set_password(q->a->d.st, q->s->login, old, p1);
	if (rc == -LK_EPERM) {
		web_req_error(q, 400, _("The old password is not right. Nothing was changed."));
		return;
	}
	if (rc == -LK_EINVAL) {
		snprintf(note, sizeof note, _("The new password needs at least %d characters. Nothing was changed."),
		         LK_ACCOUNT_PASS_MIN);
		web_req_error(q, 400, note);
		return;
	}
	if (rc != 0) {
		web_req_error(q, 500, _("The password could not be saved. Nothing was changed."));
		return;
	}
	int ended = web_session_end_others(q->s->login, q->s);
	if (ended > 0)
		snprintf(note, sizeof note, _("Password changed. The account's other sessions (%d) have ended."), ended);
	else
		lk_strlcpy(note, _("Password changed."), sizeof note);
	web_redirect(q, "/akun", note);
}

static void s_language(struct web_req *q)
{
	const char *lang = web_field(q, "lang");
	enum lk_lang l;
	if (lang == NULL || (strcmp(lang, "id") && strcmp(lang, "en")) || lk_lang_parse(lang, &l) != 0) {
		web_req_error(q, 400, _("Choose Bahasa Indonesia or English."));
		return;
	}
	if (lk_account_set_lang(q->a->d.st, q->s->login, lang) != 0) {
		web_req_error(q, 500, _("The language could not be saved."));
		return;
	}
	web_session_set_lang(q->s->login, lang);
	lk_i18n_set_lang(l); /* the note is read in the new language */
	web_redirect(q, "/akun", _("Language saved."));
}

void web_page_account(struct web_req *q)
{
	if (q->post) {
		const char *what = web_field(q, "what");
		if (what && !strcmp(what, "password"))
			s_password(q);
		else if (what && !strcmp(what, "lang"))
			s_language(q);
		else
			web_req_error(q, 400, _("Nothing to change."));
		return;
	}
	enum lk_lang lang = web_lang(q);
	struct web_buf m = {0};
	web_buf_raw(&m, "<h1>");
	web_buf_esc(&m, _("My account"));
	web_buf_raw(&m, "</h1>\n<p>");
	web_buf_escf(&m, _("User name: %s"), q->s->login);
	web_buf_raw(&m, "</p>\n<section class=\"account\"><h2>");
	web_buf_esc(&m, _("Change password"));
	web_buf_raw(&m, "</h2>\n<form method=\"post\" action=\"/akun\" class=\"stack\">"
	                "<input type=\"hidden\" name=\"what\" value=\"password\"><input type=\"hidden\" name=\"csrf\" value=\"");
	web_buf_esc(&m, q->s->csrf);
	web_buf_raw(&m, "\">\n");
	s_pass(&m, "old", _("Old password"), "current-password");
	s_pass(&m, "new", _("New password"), "new-password");
	s_pass(&m, "again", _("New password again"), "new-password");
	web_buf_raw(&m, "<p class=\"hint\">");
	web_buf_escf(&m, _("At least %d characters. Your other sessions end when it is changed."), LK_ACCOUNT_PASS_MIN);
	web_buf_raw(&m, "</p>\n<button type=\"submit\">");
	web_buf_esc(&m, _("Change password"));
	web_buf_raw(&m, "</button></form></section>\n<section class=\"account\"><h2>");
	web_buf_esc(&m, _("Language"));
	web_buf_raw(&m, "</h2>\n<form method=\"post\" action=\"/akun\" class=\"stack\">"
	                "<input type=\"hidden\" name=\"what\" value=\"lang\"><input type=\"hidden\" name=\"csrf\" value=\"");
	web_buf_esc(&m, q->s->csrf);
	web_buf_raw(&m, "\">\n<label for=\"lang\">");
	web_buf_esc(&m, _("Language of the pages"));
	web_buf_raw(&m, "</label>\n<select id=\"lang\" name=\"lang\">");
	web_buf_printf(&m, "<option value=\"id\"%s>Bahasa Indonesia</option><option value=\"en\"%s>English</option>",
	               lang == LK_LANG_ID ? " selected" : "", lang == LK_LANG_ID ? "" : " selected");
	web_buf_raw(&m, "</select>\n<button type=\"submit\">");
	web_buf_esc(&m, _("Save language"));
	web_buf_raw(&m, "</button></form></section>\n");
	q->r->status = 200;
	web_req_page(q, _("My account"), &m);
	web_buf_free(&m);
}
