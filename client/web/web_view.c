/* web_view: what the schedule, staff, material and invitation pages share: language, dates, words, the meeting asked for. */
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "clock.h"
#include "doc.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "meeting.h"
#include "staff.h"
#include "web_priv.h"

enum lk_lang web_lang_of(const struct web_app *a, const struct web_session *s)
{
	enum lk_lang l;
	if (s && lk_lang_parse(s->lang, &l) == 0)
		return l;
	return a->lang;
}

enum lk_lang web_lang(const struct web_req *q)
{
	return web_lang_of(q->a, q->s);
}

int web_person_of(struct web_app *a, const char *person_id, struct web_person *me)
{
	struct dom_person *v = NULL;
	size_t nv = 0;
	int found = -1;
	memset(me, 0, sizeof *me);
	if (dom_staff_list(&a->d, &v, &nv, NULL) != 0)
		return -1;
	for (size_t i = 0; i < nv; i++) {
		if (strcmp(v[i].id, person_id))
			continue;
		lk_strlcpy(me->id, v[i].id, sizeof me->id);
		lk_strlcpy(me->name, v[i].name, sizeof me->name);
		lk_strlcpy(me->role, v[i].role, sizeof me->role);
		lk_strlcpy(me->programmes, v[i].programmes, sizeof me->programmes);
		me->role_bit = web_role_bit(v[i].role);
		found = 0;
	}
	dom_staff_list_free(v, nv);
	return found;
}

void web_day(struct web_buf *b, const char *iso, enum lk_lang lang)
{
	struct lk_date d;
	char text[LK_FMT_LEN];
	if (iso == NULL || iso[0] == '\0')
		web_buf_raw(b, "-");
	else if (lk_date_parse(iso, &d) == 0 && lk_fmt_date(text, sizeof text, &d, lang) == 0)
		web_buf_esc(b, text);
	else
		web_buf_esc(b, iso);
}

const char *web_word(const char *w)
{
	static const char *const words[] = {
		N_("planned"), N_("postponed"), N_("cancelled"), N_("held"), N_("missed"), N_("upcoming"),
		N_("monthly"), N_("quarterly"), N_("on time"), N_("late"), N_("missing"),
	};
	for (size_t i = 0; w && i < LK_ARRAY_LEN(words); i++)
		if (!strcmp(words[i], w))
			return _(words[i]);
	return w ? w : "";
}

int web_status_of(int rc)
{
	switch (rc) {
	case -LK_EPERM:
		return 403;
	case -LK_ENOTFOUND:
		return 404;
	case -LK_ECONFLICT:
	case -LK_EEXIST:
		return 409;
	default:
		return 400;
	}
}

void web_csrf_field(struct web_buf *b, const struct web_req *q)
{
	web_buf_raw(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	web_buf_esc(b, q->s ? q->s->csrf : "");
	web_buf_raw(b, "\">\n");
}

/* 1 when m still lies ahead: not held, cancelled or missed, on or after today. */
static int s_ahead(const struct dom_meeting *m, const char *today)
{
	if (!strcmp(m->status, "held") || !strcmp(m->status, "cancelled") || !strcmp(m->state, "missed"))
		return 0;
	return strcmp(m->planned, today) >= 0;
}

int web_meeting_pick(struct web_req *q, struct dom_meeting *out, struct dom_err *err)
{
	const char *want = web_field(q, "rapat");
	struct dom_meeting *v = NULL;
	char today[LK_DATE_STRLEN];
	size_t n = 0;
	int rc;

	if (want && want[0])
		return dom_meeting_get(&q->a->d, want, out, err);
	dom_today_text(&q->a->d, today);
	if ((rc = dom_meeting_list_own(&q->a->d, 0, today, &v, &n, err)) != 0)
		return rc;
	/* The next meeting: the earliest still ahead, of any kind the office holds. */
	const struct dom_meeting *best = NULL;
	for (size_t i = 0; i < n; i++)
		if (s_ahead(&v[i], today) && (best == NULL || strcmp(v[i].planned, best->planned) < 0))
			best = &v[i];
	if (best)
		*out = *best;
	free(v);
	if (best == NULL)
		return dom_fail(err, -LK_ENOTFOUND, "%s", _("No meeting is planned from today on. Plan the year on the schedule page first."));
	return 0;
}

void web_meeting_heading(struct web_buf *b, const struct dom_meeting *m, enum lk_lang lang)
{
	web_buf_raw(b, "<p class=\"meeting\"><strong>");
	web_buf_esc(b, m->title);
	web_buf_raw(b, "</strong> <span class=\"date\">");
	web_day(b, m->planned, lang);
	web_buf_raw(b, "</span> <span class=\"state st-");
	web_buf_esc(b, m->state);
	web_buf_raw(b, "\">");
	web_buf_esc(b, web_word(m->state));
	web_buf_raw(b, "</span></p>\n");
}

int web_pdf_bytes(struct web_app *a, web_pdf_fill fill, const ProtobufCMessage *rec, char **data, size_t *len,
                  struct dom_err *err)
{
	struct rd_doc *doc = NULL;
	char dir[1100], path[1200];
	int rc;

	*data = NULL;
	*len = 0;
	/* The renderer writes a file: a private folder of the profile, gone once the bytes are read. */
	snprintf(dir, sizeof dir, "%s/ui-pdf-XXXXXX", a->d.home);
	if ((doc = rd_doc_new()) == NULL || mkdtemp(dir) == NULL) {
		rd_doc_free(&doc);
		return dom_fail(err, -LK_EIO, "%s", _("cannot write the PDF"));
	}
	snprintf(path, sizeof path, "%s/doc.pdf", dir);
	rc = fill(&a->d, rec, doc, err);
	if (rc == 0 && (rc = rd_render_pdf(doc, path)) != 0)
		dom_fail(err, rc, "%s", rd_doc_error(doc)[0] ? rd_doc_error(doc) : _("cannot write the PDF"));
	if (rc == 0 && (rc = lk_read_file(path, data, len)) != 0)
		dom_fail(err, rc, "%s", _("cannot write the PDF"));
	unlink(path);
	rmdir(dir);
	rd_doc_free(&doc);
	return rc;
}

void web_send_pdf(struct web_req *q, web_pdf_fill fill, const ProtobufCMessage *rec, const char *name)
{
	struct dom_err err = {0};
	char *data = NULL;
	size_t len = 0;
	int rc = web_pdf_bytes(q->a, fill, rec, &data, &len, &err);
	if (rc != 0) {
		free(data);
		web_req_error(q, rc == -LK_ENOTFOUND ? 404 : 409, dom_msg(&err, rc));
		return;
	}
	web_buf_add(&q->r->body, data, len);
	free(data);
	q->r->ctype = "application/pdf";
	snprintf(q->r->disposition, sizeof q->r->disposition, "inline; filename=\"%s\"", name);
	q->r->status = 200;
}
