/* web_rapat: what the meeting pages share: which meeting a page is about, its heading and links, forms, dates in words. */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "lk_date.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "web_priv.h"
#include "web_rapat.h"

enum lk_lang web_rapat_lang(const struct web_req *q)
{
	enum lk_lang l;
	if (q->s && lk_lang_parse(q->s->lang, &l) == 0)
		return l;
	return q->a->lang;
}

int web_rapat_of(struct web_req *q, struct dom_meeting *mt)
{
	struct dom_err err = {0};
	const char *id = web_field(q, "rapat");
	int rc;
	if (id && *id) {
		if (!lk_uuid_canonical(id)) {
			web_req_error(q, 404, _("There is no such meeting on this device."));
			return -1;
		}
		rc = dom_meeting_get(&q->a->d, id, mt, &err);
	} else {
		rc = dom_meeting_current(&q->a->d, NULL, mt, &err);
	}
	if (rc != 0) {
		web_req_error(q, 404, dom_msg(&err, rc));
		return -1;
	}
	return 0;
}

char *web_rapat_day(const struct web_req *q, const char *ymd, char *out, size_t size)
{
	struct lk_date d;
	if (ymd && lk_date_parse(ymd, &d) == 0 && lk_fmt_date_long(out, size, &d, web_rapat_lang(q)) == 0)
		return out;
	lk_strlcpy(out, ymd && *ymd ? ymd : "-", size);
	return out;
}

char *web_rapat_when(const struct web_req *q, const char *utc, char *out, size_t size)
{
	return dom_when_text(&q->a->d, utc, 1, web_rapat_lang(q), out, size);
}

void web_rapat_head(const struct web_req *q, const struct dom_meeting *mt, const char *title, struct web_buf *b)
{
	static const struct {
		const char *path, *label;
	} pages[] = {
		{"/hadir", N_("Attendance")}, {"/masalah", N_("Problems")}, {"/rtl", N_("Follow-up")}, {"/notulen", N_("Minutes")},
	};
	char day[LK_FMT_LEN];
	web_buf_raw(b, "<h1>");
	web_buf_esc(b, title);
	web_buf_raw(b, "</h1>\n<p class=\"rapat\">");
	web_buf_esc(b, mt->title[0] ? mt->title : _("Meeting"));
	web_buf_raw(b, " &middot; ");
	web_buf_esc(b, web_rapat_day(q, mt->held[0] ? mt->held : mt->planned, day, sizeof day));
	web_buf_raw(b, "</p>\n<nav class=\"rapat-nav\">");
	for (size_t i = 0; i < LK_ARRAY_LEN(pages); i++) {
		web_buf_raw(b, "<a href=\"");
		web_buf_esc(b, pages[i].path);
		web_buf_raw(b, "?rapat=");
		web_buf_esc(b, mt->id);
		web_buf_raw(b, strcmp(q->url, pages[i].path) ? "\">" : "\" aria-current=\"page\">");
		web_buf_esc(b, _(pages[i].label));
		web_buf_raw(b, "</a>");
	}
	web_buf_raw(b, "</nav>\n");
}

void web_rapat_form(const struct web_req *q, const struct dom_meeting *mt, const char *action, const char *cls,
                    int multipart, struct web_buf *b)
{
	web_buf_raw(b, "<form method=\"post\" action=\"");
	web_buf_esc(b, action);
	web_buf_raw(b, "\" class=\"");
	web_buf_esc(b, cls);
	web_buf_raw(b, multipart ? "\" enctype=\"multipart/form-data\">" : "\">");
	web_buf_raw(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	web_buf_esc(b, q->s->csrf);
	web_buf_raw(b, "\"><input type=\"hidden\" name=\"rapat\" value=\"");
	web_buf_esc(b, mt->id);
	web_buf_raw(b, "\">\n");
}

void web_rapat_back(struct web_req *q, const struct dom_meeting *mt, const char *page, const char *note)
{
	char url[200];
	snprintf(url, sizeof url, "%s?rapat=%s", page, mt->id);
	web_redirect(q, url, note);
}

void web_rapat_label(struct web_buf *b, const char *id, const char *text)
{
	web_buf_raw(b, "<label for=\"");
	web_buf_esc(b, id);
	web_buf_raw(b, "\">");
	web_buf_esc(b, text);
	web_buf_raw(b, "</label>\n");
}
