/* web_conflicts: the page of open conflicts: each record by name, both versions side by side, and the forms that settle it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conflicts.h"
#include "lk_error.h"
#include "lk_entity.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "store.h"
#include "web_priv.h"

struct listing {
	struct web_req *q;
	struct web_buf *b;
	enum lk_lang lang;
	int can_settle;
	int n;
};

/* One version: its heading, who is known to have made it, its text, and the form that keeps it. */
static void s_version(struct listing *l, const char *cid, const char *heading, const char *who, const char *value,
                      const char *keep, const char *button)
{
	struct web_buf *b = l->b;
	web_buf_raw(b, "<div class=\"version\"><h3>");
	web_buf_esc(b, heading);
	web_buf_raw(b, "</h3>\n");
	if (who[0]) {
		web_buf_raw(b, "<p class=\"who-changed\">");
		web_buf_esc(b, who);
		web_buf_raw(b, "</p>\n");
	}
	web_buf_raw(b, "<blockquote class=\"value\">");
	web_buf_esc(b, value[0] ? value : _("(empty)"));
	web_buf_raw(b, "</blockquote>\n");
	if (l->can_settle) {
		web_buf_raw(b, "<form method=\"post\" action=\"/konflik\"><input type=\"hidden\" name=\"csrf\" value=\"");
		web_buf_esc(b, l->q->s->csrf);
		web_buf_raw(b, "\"><input type=\"hidden\" name=\"id\" value=\"");
		web_buf_esc(b, cid);
		web_buf_raw(b, "\"><input type=\"hidden\" name=\"keep\" value=\"");
		web_buf_esc(b, keep);
		web_buf_raw(b, "\"><button type=\"submit\">");
		web_buf_esc(b, button);
		web_buf_raw(b, "</button></form>\n");
	}
	web_buf_raw(b, "</div>\n");
}

static int s_truthy(const ProtobufCMessage *m, const char *field)
{
	char *v = lk_record_get(m, field);
	int t = v && !strcmp(v, "1");
	free(v);
	return t;
}

static int s_row(const struct lk_entity *e, const ProtobufCMessage *c, void *arg)
{
	struct listing *l = arg;
	struct web_app *a = l->q->a;
	struct web_buf *b = l->b;
	(void)e;
	if (lk_record_deleted(c) || s_truthy(c, "resolved"))
		return 0;
	char *ent = lk_record_get(c, "record_entity"), *rid = lk_record_get(c, "record_id"),
	     *field = lk_record_get(c, "field"), *sv = lk_record_get(c, "server_value"),
	     *cv = lk_record_get(c, "client_value"), *dev = lk_record_get(c, "device_id");
	const char *cid = lk_record_id(c);
	char name[300], who[300], person[160], actor[40], fid[60];
	if (!ent || !rid || !field || !sv || !cv || !dev)
		goto out;
	l->n++;
	web_record_name(a, ent, rid, l->lang, name, sizeof name);
	snprintf(fid, sizeof fid, "v-%s", cid);
	web_buf_raw(b, "<section class=\"conflict\"><h2>");
	web_buf_esc(b, name);
	web_buf_raw(b, "</h2>\n<p>");
	web_buf_escf(b, _("Two devices changed %s at the same time. Choose the version to keep."), web_field_word(field));
	web_buf_raw(b, "</p>\n<div class=\"versions\">\n");
	/* The record holds the first version the server took; its last change's author is known when synced. */
	who[0] = '\0';
	person[0] = '\0';
	if (lk_store_record_actor(a->d.st, lk_entity_find(ent), rid, actor, sizeof actor) == 0)
		web_person_name(a, actor, person, sizeof person);
	if (person[0])
		snprintf(who, sizeof who, _("Last change to the record by %s"), person);
	s_version(l, cid, _("Version in the record"), who, sv, "server", _("Keep this version"));
	if (a->d.device_id && !strcmp(dev, a->d.device_id))
		lk_strlcpy(who, _("Made on this device"), sizeof who);
	else
		lk_strlcpy(who, _("Made on another device"), sizeof who);
	s_version(l, cid, _("Other version"), who, cv, "other", _("Take this version"));
	web_buf_raw(b, "</div>\n");
	if (l->can_settle) {
		web_buf_raw(b, "<form method=\"post\" action=\"/konflik\" class=\"edited\"><input type=\"hidden\" name=\"csrf\" value=\"");
		web_buf_esc(b, l->q->s->csrf);
		web_buf_raw(b, "\"><input type=\"hidden\" name=\"id\" value=\"");
		web_buf_esc(b, cid);
		web_buf_raw(b, "\"><label for=\"");
		web_buf_esc(b, fid);
		web_buf_raw(b, "\">");
		web_buf_esc(b, _("Or write the text to keep"));
		web_buf_raw(b, "</label>\n<textarea id=\"");
		web_buf_esc(b, fid);
		web_buf_raw(b, "\" name=\"value\" rows=\"4\" required>");
		web_buf_esc(b, sv);
		web_buf_raw(b, "</textarea>\n<button type=\"submit\">");
		web_buf_esc(b, _("Keep this text"));
		web_buf_raw(b, "</button></form>\n");
	}
	web_buf_raw(b, "</section>\n");
out:
	free(ent);
	free(rid);
	free(field);
	free(sv);
	free(cv);
	free(dev);
	return 0;
}

/* POST: settle one conflict through the domain. */
static void s_settle(struct web_req *q)
{
	const char *id = web_field(q, "id"), *keep = web_field(q, "keep"), *value = web_field(q, "value");
	struct dom_conflict_resolve_in in = {id, NULL, NULL};
	struct dom_conflict_resolve_out out;
	struct dom_err err;
	char note[300];

	memset(&err, 0, sizeof err);
	if (id == NULL || !id[0]) {
		web_req_error(q, 400, _("No conflict was chosen."));
		return;
	}
	if (keep && keep[0])
		in.keep = keep;
	else if (value)
		in.value = value;
	else {
		web_req_error(q, 400, _("Choose a version to keep."));
		return;
	}
	int rc = dom_conflict_resolve(&q->a->d, &in, &out, &err);
	if (rc != 0) {
		web_req_error(q, rc == -LK_ENOTFOUND ? 404 : 409, dom_msg(&err, rc));
		return;
	}
	snprintf(note, sizeof note, _("Settled: %s of the %s (%s). It is sent by the next sync."),
	         web_field_word(out.field), web_entity_word(out.entity), out.resolution);
	web_redirect(q, "/konflik", note);
}

void web_page_conflicts(struct web_req *q)
{
	if (q->post) {
		s_settle(q);
		return;
	}
	struct web_buf m = {0};
	struct listing l = {q, &m, web_lang(q), (q->me->role_bit & WEB_ROLE_RUNS) != 0, 0};
	web_buf_raw(&m, "<h1>");
	web_buf_esc(&m, _("Open conflicts"));
	web_buf_raw(&m, "</h1>\n");
	if (!l.can_settle) {
		web_buf_raw(&m, "<p>");
		web_buf_esc(&m, _("The Kapus, the K.TU or the Camat settles these."));
		web_buf_raw(&m, "</p>\n");
	}
	if (lk_store_list(q->a->d.st, lk_entity_find("conflict"), s_row, &l) < 0) {
		web_buf_free(&m);
		web_page_error(q->a, q->s, q->r, 500);
		return;
	}
	if (l.n == 0) {
		web_buf_raw(&m, "<p class=\"empty\">");
		web_buf_esc(&m, _("No open conflicts."));
		web_buf_raw(&m, "</p>\n");
	}
	q->r->status = 200;
	web_req_page(q, _("Open conflicts"), &m);
	web_buf_free(&m);
}
