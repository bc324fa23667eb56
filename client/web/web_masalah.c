/* web_masalah: the problems of the meeting at hand, ranked by USG priority, with their fishbone causes, and the form that adds one. */
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "minutes_parts.h"
#include "notulen.h"
#include "problem.h"
#include "store.h"
#include "web_priv.h"
#include "web_rapat.h"

/* The fishbone's categories: the form's field, the word a cause line starts with, the label. */
static const struct {
	const char *field, *word, *code;
} s_bones[] = {
	{"sebab_manusia", "man", "manusia"},       {"sebab_metode", "method", "metode"},
	{"sebab_material", "material", "material"}, {"sebab_mesin", "machine", "mesin_alat"},
	{"sebab_dana", "money", "dana"},           {"sebab_lingkungan", "environment", "lingkungan"},
};

/* A score 1-5 from field name; 0 when absent or out of range. */
static int s_score(const struct web_req *q, const char *name)
{
	const char *v = web_field(q, name);
	return v && v[0] >= '1' && v[0] <= '5' && v[1] == '\0' ? v[0] - '0' : 0;
}

static void s_post(struct web_req *q, const struct dom_meeting *mt)
{
	struct dom_problem_add_in in = {.meeting_id = mt->id};
	struct dom_err err = {0};
	char id[40];
	const char *desc = web_field(q, "uraian"), *ind = web_field(q, "indikator"), *gap = web_field(q, "kesenjangan"),
	           *rec = web_field(q, "rekomendasi"), *cross = web_field(q, "lintas");
	if (desc == NULL || !*desc) {
		web_req_error(q, 400, _("Describe the problem."));
		return;
	}
	in.description = desc;
	in.indicator = ind && *ind ? ind : NULL;
	in.gap = gap && *gap ? gap : NULL;
	in.recommendation = rec && *rec ? rec : NULL;
	in.cross_sector = cross && !strcmp(cross, "1");
	in.urgency = s_score(q, "u");
	in.seriousness = s_score(q, "s");
	in.growth = s_score(q, "g");
	in.usg = in.urgency && in.seriousness && in.growth;
	if (!in.usg && (in.urgency || in.seriousness || in.growth)) {
		web_req_error(q, 400, _("Give all three USG scores (1 to 5), or none."));
		return;
	}
	/* Each line of a category's box is one cause: "method: ..." as the domain keeps them. */
	size_t cap = 0, n = 0;
	for (size_t i = 0; i < LK_ARRAY_LEN(s_bones); i++) {
		const char *v = web_field(q, s_bones[i].field);
		for (const char *p = v; p && *p; p++)
			cap += *p == '\n';
		cap += v ? 1 : 0;
	}
	char **causes = calloc(cap + 1, sizeof *causes);
	int rc = causes ? 0 : -LK_ENOMEM;
	for (size_t i = 0; rc == 0 && i < LK_ARRAY_LEN(s_bones); i++) {
		const char *v = web_field(q, s_bones[i].field);
		for (const char *p = v; p && *p;) {
			size_t len = strcspn(p, "\r\n");
			const char *s = p;
			size_t l = len;
			while (l && (*s == ' ' || *s == '\t'))
				s++, l--;
			while (l && (s[l - 1] == ' ' || s[l - 1] == '\t'))
				l--;
			if (l && n < cap) {
				size_t need = strlen(s_bones[i].word) + 2 + l + 1;
				if ((causes[n] = malloc(need)) == NULL) {
					rc = -LK_ENOMEM;
					break;
				}
				snprintf(causes[n++], need, "%s: %.*s", s_bones[i].word, (int)l, s);
			}
			p += len;
			p += strspn(p, "\r\n");
		}
	}
	if (rc == 0) {
		in.causes = (const char *const *)causes;
		in.ncauses = n;
		rc = dom_problem_add(&q->a->d, &in, id, &err);
	} else {
		dom_fail(&err, rc, "%s", _("out of memory"));
	}
	for (size_t i = 0; causes && i < n; i++)
		free(causes[i]);
	free(causes);
	if (rc != 0) {
		web_req_error(q, rc == -LK_ENOTFOUND ? 404 : 400, dom_msg(&err, rc));
		return;
	}
	web_rapat_back(q, mt, "/masalah", _("Problem recorded."));
}

/* The causes of a problem by category, as the Notulen groups them. */
static void s_causes(const char *causes, struct web_buf *b)
{
	if (causes == NULL || !*causes)
		return;
	web_buf_raw(b, "<dl class=\"fishbone\">\n");
	const char *cats[LK_ARRAY_LEN(s_bones) + 2];
	size_t nc = 0;
	for (const char *const *c = rd_notulen_causes; *c && nc < LK_ARRAY_LEN(cats) - 1; c++)
		cats[nc++] = *c;
	cats[nc++] = "lain";
	for (size_t k = 0; k < nc; k++) {
		int shown = 0;
		for (const char *p = causes; p && *p;) {
			size_t len = strcspn(p, "\n");
			char *line = strndup(p, len);
			const char *rest;
			if (line && !strcmp(minutes_cause_category(line, &rest), cats[k]) && *rest) {
				if (!shown++) {
					web_buf_raw(b, "<dt>");
					web_buf_esc(b, rd_notulen_cause_label(cats[k]));
					web_buf_raw(b, "</dt>\n");
				}
				web_buf_raw(b, "<dd>");
				web_buf_esc(b, rest);
				web_buf_raw(b, "</dd>\n");
			}
			free(line);
			p += len;
			p += *p == '\n';
		}
	}
	web_buf_raw(b, "</dl>\n");
}

static void s_list(struct web_req *q, const struct dom_problem_rows *l, struct web_buf *b)
{
	enum lk_lang lang = web_rapat_lang(q);
	web_buf_raw(b, "<ol class=\"masalah\">\n");
	for (size_t i = 0; i < l->n; i++) {
		const ProtobufCMessage *m = l->v[i].rec;
		char *desc = lk_record_get(m, "description"), *ind = lk_record_get(m, "indicator_code"),
		     *gap = lk_record_get(m, "gap"), *causes = lk_record_get(m, "root_causes"),
		     *u = lk_record_get(m, "urgency"), *s = lk_record_get(m, "seriousness"), *g = lk_record_get(m, "growth"),
		     *rec = lk_record_get(m, "recommendation");
		char rank[32], score[32];
		lk_fmt_int(rank, sizeof rank, (int64_t)i + 1, lang);
		lk_fmt_int(score, sizeof score, l->v[i].score, lang);
		web_buf_raw(b, "<li><div class=\"rank\">");
		web_buf_escf(b, _("Priority %s"), rank);
		web_buf_raw(b, "</div><p class=\"desc\">");
		web_buf_esc(b, desc ? desc : "");
		web_buf_raw(b, "</p>\n<p class=\"usg\">");
		web_buf_escf(b, _("Urgency %s, seriousness %s, growth %s: score %s"), u && *u ? u : "-", s && *s ? s : "-",
		             g && *g ? g : "-", score);
		if (l->v[i].cross_sector) {
			web_buf_raw(b, " <span class=\"flag\">");
			web_buf_esc(b, _("for the cross-sector meeting"));
			web_buf_raw(b, "</span>");
		}
		web_buf_raw(b, "</p>\n");
		if ((ind && *ind) || (gap && *gap)) {
			web_buf_raw(b, "<p class=\"gap\">");
			web_buf_escf(b, _("Indicator %s, gap %s"), ind && *ind ? ind : "-", gap && *gap ? gap : "-");
			web_buf_raw(b, "</p>\n");
		}
		s_causes(causes, b);
		if (rec && *rec) {
			web_buf_raw(b, "<p class=\"rec\">");
			web_buf_escf(b, _("Recommendation: %s"), rec);
			web_buf_raw(b, "</p>\n");
		}
		web_buf_raw(b, "</li>\n");
		free(desc);
		free(ind);
		free(gap);
		free(causes);
		free(u);
		free(s);
		free(g);
		free(rec);
	}
	web_buf_raw(b, "</ol>\n");
}

/* A 1-5 choice for one letter of USG. */
static void s_score_select(struct web_buf *b, const char *name, const char *label)
{
	web_rapat_label(b, name, label);
	web_buf_raw(b, "<select id=\"");
	web_buf_esc(b, name);
	web_buf_raw(b, "\" name=\"");
	web_buf_esc(b, name);
	web_buf_raw(b, "\"><option value=\"\">-</option>");
	for (int i = 1; i <= 5; i++)
		web_buf_printf(b, "<option value=\"%d\">%d</option>", i, i);
	web_buf_raw(b, "</select>\n");
}

static void s_form(struct web_req *q, const struct dom_meeting *mt, struct web_buf *b)
{
	web_buf_raw(b, "<h2>");
	web_buf_esc(b, _("Add a problem"));
	web_buf_raw(b, "</h2>\n");
	web_rapat_form(q, mt, "/masalah", "stack", 0, b);
	web_rapat_label(b, "uraian", _("Problem"));
	web_buf_raw(b, "<textarea id=\"uraian\" name=\"uraian\" rows=\"3\" required maxlength=\"2000\"></textarea>\n");
	web_rapat_label(b, "indikator", _("Indicator code (optional)"));
	web_buf_raw(b, "<input id=\"indikator\" name=\"indikator\" maxlength=\"24\" autocapitalize=\"characters\">\n");
	web_rapat_label(b, "kesenjangan", _("Gap (optional; taken from the achievement when empty)"));
	web_buf_raw(b, "<input id=\"kesenjangan\" name=\"kesenjangan\" maxlength=\"300\">\n<fieldset class=\"bones\"><legend>");
	web_buf_esc(b, _("Causes (fishbone): one per line"));
	web_buf_raw(b, "</legend>\n");
	for (size_t i = 0; i < LK_ARRAY_LEN(s_bones); i++) {
		web_buf_raw(b, "<div>");
		web_rapat_label(b, s_bones[i].field, rd_notulen_cause_label(s_bones[i].code));
		web_buf_raw(b, "<textarea id=\"");
		web_buf_esc(b, s_bones[i].field);
		web_buf_raw(b, "\" name=\"");
		web_buf_esc(b, s_bones[i].field);
		web_buf_raw(b, "\" rows=\"2\" maxlength=\"2000\"></textarea></div>\n");
	}
	web_buf_raw(b, "</fieldset>\n<fieldset class=\"usg\"><legend>");
	web_buf_esc(b, _("USG score, 1 (low) to 5 (high)"));
	web_buf_raw(b, "</legend>\n");
	s_score_select(b, "u", _("Urgency"));
	s_score_select(b, "s", _("Seriousness"));
	s_score_select(b, "g", _("Growth"));
	web_buf_raw(b, "</fieldset>\n");
	web_rapat_label(b, "rekomendasi", _("Recommendation (optional)"));
	web_buf_raw(b, "<textarea id=\"rekomendasi\" name=\"rekomendasi\" rows=\"2\" maxlength=\"2000\"></textarea>\n"
	               "<div class=\"check\"><input type=\"checkbox\" id=\"lintas\" name=\"lintas\" value=\"1\">");
	web_rapat_label(b, "lintas", _("Raise it at the cross-sector (quarterly) meeting"));
	web_buf_raw(b, "</div>\n<button type=\"submit\">");
	web_buf_esc(b, _("Save the problem"));
	web_buf_raw(b, "</button>\n</form>\n");
}

void web_page_masalah(struct web_req *q)
{
	struct dom_meeting mt;
	struct dom_problem_rows l = {0};
	struct dom_err err = {0};
	struct web_buf b = {0};

	if (web_rapat_of(q, &mt) != 0)
		return;
	if (q->post) {
		s_post(q, &mt);
		return;
	}
	int rc = dom_problem_list(&q->a->d, mt.id, &l, &err);
	if (rc != 0) {
		web_req_error(q, 409, dom_msg(&err, rc));
		return;
	}
	web_rapat_head(q, &mt, _("Problems"), &b);
	if (l.n == 0) {
		web_buf_raw(&b, "<p class=\"empty\">");
		web_buf_esc(&b, _("No problem recorded for this meeting yet."));
		web_buf_raw(&b, "</p>\n");
	} else {
		web_buf_raw(&b, "<p>");
		web_buf_esc(&b, _("Highest priority first (urgency + seriousness + growth)."));
		web_buf_raw(&b, "</p>\n");
		s_list(q, &l, &b);
	}
	dom_problem_rows_free(&l);
	if (q->me->role_bit & WEB_ROLES_PROBLEM)
		s_form(q, &mt, &b);
	web_req_page(q, _("Problems"), &b);
	web_buf_free(&b);
}
