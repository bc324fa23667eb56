/* web_materi: /materi, each programme's material for the next meeting with its deadline, and handing it in with a file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "attach.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "material.h"
#include "meeting.h"
#include "web_priv.h"

#define MATERIAL_FILE_MAX (8 * 1024 * 1024)

/* 1 when programme is one of the comma-separated list (spaces and case aside). */
static int s_holds(const char *list, const char *programme)
{
	size_t want = strlen(programme);
	for (const char *p = list; p && *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t n = strcspn(p, ",");
		size_t k = n;
		while (k > 0 && p[k - 1] == ' ')
			k--;
		if (k && k == want && !strncasecmp(p, programme, k))
			return 1;
		p += n;
	}
	return 0;
}

/* A programme holder sees their own programmes only; the K.TU, the Kapus and the Camat every one. */
static int s_sees_all(const struct web_req *q)
{
	return (q->me->role_bit & WEB_ROLE_RUNS) != 0;
}

/* The upload as a file named as the browser sent it, in a private folder of the home; attached to
 * material id. 0, or negative with the reason in msg. */
static int s_attach(struct web_req *q, const char *material_id, char *msg, size_t n)
{
	const struct web_upload *f = q->file;
	char dir[1100], path[1400], name[256], id[LK_UUID_STRLEN];
	size_t j = 0;
	for (const char *p = f->filename; *p && j + 1 < sizeof name; p++)
		name[j++] = ((unsigned char)*p < 0x20 || *p == '/' || *p == '\\') ? '_' : *p;
	name[j] = '\0';
	if (name[0] == '\0' || name[0] == '.') {
		/* No hidden file and no ".." as a name: "bahan" before it. */
		char rest[200];
		snprintf(rest, sizeof rest, "%.199s", name);
		snprintf(name, sizeof name, "bahan%s", rest);
	}
	snprintf(dir, sizeof dir, "%s/ui-upload-XXXXXX", q->a->d.home);
	if (mkdtemp(dir) == NULL) {
		snprintf(msg, n, "%s", _("The file could not be kept on this device."));
		return -LK_EIO;
	}
	snprintf(path, sizeof path, "%s/%s", dir, name);
	int rc = lk_write_file(path, (const char *)f->data, f->len, 0600);
	if (rc == 0) {
		struct lk_attach_req r = {"material", material_id, path, NULL, NULL, MATERIAL_FILE_MAX};
		rc = lk_attach_add(q->a->eng, q->a->d.st, &r, id);
		if (rc != 0)
			snprintf(msg, n, "%s", lk_engine_error(q->a->eng)[0] ? lk_engine_error(q->a->eng)
			                                                     : _("The file could not be attached."));
	} else
		snprintf(msg, n, "%s", _("The file could not be kept on this device."));
	unlink(path);
	rmdir(dir);
	return rc;
}

static void s_post(struct web_req *q)
{
	const char *programme = web_field(q, "program"), *note = web_field(q, "catatan");
	struct dom_meeting mt;
	struct dom_err err = {0};
	char id[40], msg[600];
	int rc;

	if (programme == NULL || programme[0] == '\0') {
		web_req_error(q, 400, _("Choose the programme the material is for."));
		return;
	}
	if (!s_sees_all(q) && !s_holds(q->me->programmes, programme)) {
		web_page_denied(q);
		return;
	}
	if (q->file == NULL || q->file->len == 0) {
		web_req_error(q, 400, _("Choose the file of the material."));
		return;
	}
	if ((rc = web_meeting_pick(q, &mt, &err)) != 0) {
		web_req_error(q, web_status_of(rc), dom_msg(&err, rc));
		return;
	}
	struct dom_material_submit_in in = {mt.id, programme, q->me->id, note ? note : ""};
	if ((rc = dom_material_submit(&q->a->d, &in, id, &err)) != 0) {
		web_req_error(q, web_status_of(rc), dom_msg(&err, rc));
		return;
	}
	if (s_attach(q, id, msg, sizeof msg) != 0) {
		web_req_error(q, 400, msg);
		return;
	}
	char url[120];
	snprintf(url, sizeof url, "/materi?rapat=%s", mt.id);
	web_redirect(q, url, _("The material is handed in; it is sent with the next sync."));
}

static void s_form(struct web_req *q, struct web_buf *b, const struct dom_material_status *st,
                   const struct dom_meeting *mt, const char *only)
{
	web_buf_raw(b, "<section class=\"card\"><h2>");
	web_buf_esc(b, _("Hand in material"));
	web_buf_raw(b, "</h2>\n<form method=\"post\" action=\"/materi\" enctype=\"multipart/form-data\" class=\"stack\">\n");
	web_csrf_field(b, q);
	web_buf_raw(b, "<input type=\"hidden\" name=\"rapat\" value=\"");
	web_buf_esc(b, mt->id);
	web_buf_raw(b, "\">\n<label for=\"mat-prog\">");
	web_buf_esc(b, _("Programme"));
	web_buf_raw(b, "</label>\n<select id=\"mat-prog\" name=\"program\" required>\n");
	for (size_t i = 0; i < st->n; i++) {
		const char *p = st->rows[i].programme;
		int dup = 0;
		for (size_t k = 0; k < i; k++)
			dup |= !strcmp(st->rows[k].programme, p);
		if (dup || (!s_sees_all(q) && !s_holds(q->me->programmes, p)))
			continue;
		web_buf_raw(b, "<option value=\"");
		web_buf_esc(b, p);
		web_buf_raw(b, only && !strcasecmp(only, p) ? "\" selected>" : "\">");
		web_buf_esc(b, p);
		web_buf_raw(b, "</option>\n");
	}
	web_buf_raw(b, "</select>\n<label for=\"mat-file\">");
	web_buf_esc(b, _("File (at most 8 MB)"));
	web_buf_raw(b, "</label>\n<input id=\"mat-file\" name=\"berkas\" type=\"file\" required>\n<label for=\"mat-note\">");
	web_buf_esc(b, _("Note"));
	web_buf_raw(b, "</label>\n<input id=\"mat-note\" name=\"catatan\" maxlength=\"500\">\n<button type=\"submit\">");
	web_buf_esc(b, _("Hand in"));
	web_buf_raw(b, "</button>\n</form></section>\n");
}

void web_page_materi(struct web_req *q)
{
	enum lk_lang lang = web_lang(q);
	const char *only = web_field(q, "program");
	struct web_buf m = {0};
	struct dom_meeting mt;
	struct dom_material_status st = {0};
	struct dom_err err = {0};
	int rc, shown = 0;

	if (q->post) {
		s_post(q);
		return;
	}
	/* A programme holder asking for someone else's programme is turned away. */
	if (only && only[0] && !s_sees_all(q) && !s_holds(q->me->programmes, only)) {
		web_page_denied(q);
		return;
	}
	web_buf_raw(&m, "<h1>");
	web_buf_esc(&m, _("Material for the meeting"));
	web_buf_raw(&m, "</h1>\n");
	if ((rc = web_meeting_pick(q, &mt, &err)) != 0 || (rc = dom_material_status(&q->a->d, mt.id, &st, &err)) != 0) {
		web_buf_raw(&m, "<p class=\"error\">");
		web_buf_esc(&m, dom_msg(&err, rc));
		web_buf_raw(&m, "</p>\n");
		goto done;
	}
	web_meeting_heading(&m, &mt, lang);
	web_buf_raw(&m, "<p class=\"deadline\">");
	web_buf_esc(&m, _("Deadline:"));
	web_buf_raw(&m, " <strong>");
	web_day(&m, st.deadline, lang);
	web_buf_raw(&m, "</strong> ");
	web_buf_escf(&m, _("(%d days before the meeting)"), st.days_before);
	web_buf_raw(&m, "</p>\n<div class=\"table-wrap\"><table class=\"material\">\n<thead><tr><th scope=\"col\">");
	web_buf_esc(&m, _("Programme"));
	web_buf_raw(&m, "</th><th scope=\"col\">");
	web_buf_esc(&m, _("Holder"));
	web_buf_raw(&m, "</th><th scope=\"col\">");
	web_buf_esc(&m, _("Handed in"));
	web_buf_raw(&m, "</th><th scope=\"col\">");
	web_buf_esc(&m, _("Status"));
	web_buf_raw(&m, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < st.n; i++) {
		const struct dom_material_row *r = &st.rows[i];
		if (!s_sees_all(q) && !s_holds(q->me->programmes, r->programme))
			continue;
		if (only && only[0] && strcasecmp(only, r->programme))
			continue;
		shown++;
		web_buf_raw(&m, "<tr><td>");
		web_buf_esc(&m, r->programme);
		web_buf_raw(&m, "</td><td>");
		web_buf_esc(&m, r->holder);
		web_buf_raw(&m, "</td><td>");
		web_day(&m, r->submitted, lang);
		web_buf_raw(&m, "</td><td><span class=\"state mat-");
		web_buf_raw(&m, !strcmp(r->state, "on time") ? "ontime" : !strcmp(r->state, "late") ? "late" : "missing");
		web_buf_raw(&m, "\">");
		web_buf_esc(&m, web_word(r->state));
		web_buf_raw(&m, "</span></td></tr>\n");
	}
	web_buf_raw(&m, "</tbody></table></div>\n");
	if (shown == 0) {
		web_buf_raw(&m, "<p class=\"empty\">");
		web_buf_esc(&m, _("No programme is expected from you for this meeting."));
		web_buf_raw(&m, "</p>\n");
	} else if (q->me->role_bit & (WEB_ROLE_PJ | WEB_ROLE_KTU | WEB_ROLE_KAPUS | WEB_ROLE_CAMAT))
		s_form(q, &m, &st, &mt, only);
done:
	dom_material_status_free(&st);
	q->r->status = 200;
	web_req_page(q, _("Meeting material"), &m);
	web_buf_free(&m);
}
