/* web_refused: the page of changes the server refused: what each was, why, and the form that drops it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "store.h"
#include "web_priv.h"

struct listing {
	struct web_req *q;
	struct web_buf *b;
	enum lk_lang lang;
	int can_drop;
	int n;
};

/* The changed fields ("notes,title") as people read them ("Notes, Title"). */
static void s_fields(struct web_buf *b, const char *fields)
{
	char one[80];
	int first = 1;
	for (const char *p = fields; p && *p;) {
		size_t n = strcspn(p, ",");
		snprintf(one, sizeof one, "%.*s", (int)(n < sizeof one ? n : sizeof one - 1), p);
		if (one[0]) {
			if (!first)
				web_buf_raw(b, ", ");
			web_buf_esc(b, web_field_word(one));
			first = 0;
		}
		p += n + (p[n] == ',');
	}
}

/* Why the server refused, in the reader's language: its sentence when the catalogue has it, else the
 * error code's sentence with the server's own words after it. */
static void s_reason(struct web_buf *b, const struct lk_failed_op *f, enum lk_lang lang)
{
	const char *msg = f->message ? f->message : "";
	const char *said = dom_reason_text(msg);
	if (msg[0] && (said != msg || lang == LK_LANG_EN)) {
		web_buf_esc(b, said);
		return;
	}
	web_buf_esc(b, lk_strerror((int)f->code));
	if (msg[0]) {
		web_buf_raw(b, "<br><span class=\"detail\">");
		web_buf_escf(b, _("The server's words: %s"), msg);
		web_buf_raw(b, "</span>");
	}
}

static int s_row(const struct lk_failed_op *f, void *arg)
{
	struct listing *l = arg;
	struct web_buf *b = l->b;
	char name[300], when[LK_FMT_LEN];
	l->n++;
	web_record_name(l->q->a, f->entity, f->record_id, l->lang, name, sizeof name);
	web_when_ms(l->q->a, f->failed_ms, l->lang, when, sizeof when);
	web_buf_raw(b, "<section class=\"refused-change\"><h2>");
	web_buf_esc(b, name);
	web_buf_raw(b, "</h2>\n<dl>\n<dt>");
	web_buf_esc(b, _("Changed"));
	web_buf_raw(b, "</dt><dd>");
	if (f->base_rev == 0)
		web_buf_esc(b, _("A new record (all its fields)"));
	else
		s_fields(b, f->fields);
	web_buf_raw(b, "</dd>\n<dt>");
	web_buf_esc(b, _("Refused"));
	web_buf_raw(b, "</dt><dd>");
	web_buf_esc(b, when[0] ? when : _("unknown"));
	web_buf_raw(b, "</dd>\n<dt>");
	web_buf_esc(b, _("Reason"));
	web_buf_raw(b, "</dt><dd class=\"reason\">");
	s_reason(b, f, l->lang);
	web_buf_raw(b, "</dd>\n</dl>\n");
	if (l->can_drop) {
		web_buf_raw(b, "<form method=\"post\" action=\"/ditolak\"><input type=\"hidden\" name=\"csrf\" value=\"");
		web_buf_esc(b, l->q->s->csrf);
		web_buf_raw(b, "\"><input type=\"hidden\" name=\"op\" value=\"");
		web_buf_esc(b, f->op_id);
		web_buf_raw(b, "\"><button type=\"submit\">");
		web_buf_esc(b, _("Drop this change"));
		web_buf_raw(b, "</button></form>\n");
	}
	web_buf_raw(b, "</section>\n");
	return 0;
}

/* POST: forget one refused change (its record goes too when the server never had it). */
static void s_drop(struct web_req *q)
{
	const char *op = web_field(q, "op");
	int reverted = 0;
	if (op == NULL || !op[0]) {
		web_req_error(q, 400, _("No change was chosen."));
		return;
	}
	int rc = lk_store_failed_discard(q->a->d.st, op, &reverted);
	if (rc == -LK_ENOTFOUND) {
		web_req_error(q, 404, _("That refused change is not here any more."));
		return;
	}
	if (rc != 0) {
		web_req_error(q, 500, lk_store_error(q->a->d.st));
		return;
	}
	web_redirect(q, "/ditolak",
	             reverted ? _("The change was dropped; its record, never accepted by the server, is removed.")
	                      : _("The change was dropped; the record keeps what the server has."));
}

void web_page_refused(struct web_req *q)
{
	if (q->post) {
		s_drop(q);
		return;
	}
	struct web_buf m = {0};
	struct listing l = {q, &m, web_lang(q), (q->me->role_bit & WEB_ROLE_RUNS) != 0, 0};
	web_buf_raw(&m, "<h1>");
	web_buf_esc(&m, _("Refused changes"));
	web_buf_raw(&m, "</h1>\n<p>");
	web_buf_esc(&m, _("The server did not accept these changes; they are not sent again. To send a corrected "
	                  "change, change the record again. Dropping a change forgets the refusal."));
	if (!l.can_drop) {
		web_buf_raw(&m, " ");
		web_buf_esc(&m, _("The Kapus, the K.TU or the Camat drops them."));
	}
	web_buf_raw(&m, "</p>\n");
	if (lk_store_failed_list(q->a->d.st, s_row, &l) != 0) {
		web_buf_free(&m);
		web_page_error(q->a, q->s, q->r, 500);
		return;
	}
	if (l.n == 0) {
		web_buf_raw(&m, "<p class=\"empty\">");
		web_buf_esc(&m, _("No refused changes."));
		web_buf_raw(&m, "</p>\n");
	}
	q->r->status = 200;
	web_req_page(q, _("Refused changes"), &m);
	web_buf_free(&m);
}
