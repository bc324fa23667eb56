/* web_staf: /staf, the office's staff list with titles, roles and programmes; adding a person and changing one. */
#include <stdio.h>
#include <string.h>

#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "staff.h"
#include "web_priv.h"

/* The roles of lk_person_roles as people say them. */
static const struct {
	const char *word;
	const char *label; /* N_() msgid */
} s_roles[] = {
	{"kapus", N_("Head of the puskesmas (Kapus)")},
	{"ktu", N_("Head of administration (K.TU)")},
	{"pj_program", N_("Programme holder")},
	{"notulis", N_("Minute taker")},
	{"camat", N_("Camat")},
	{"staff", N_("Staff")},
	{"sector_rep", N_("Sector representative")},
};

static const char *s_role_words(const char *role)
{
	for (size_t i = 0; i < LK_ARRAY_LEN(s_roles); i++)
		if (!strcmp(s_roles[i].word, role))
			return _(s_roles[i].label);
	return role;
}

/* A role select; keep: an option that leaves the role as it is. */
static void s_role_select(struct web_buf *b, const char *id, int keep)
{
	web_buf_raw(b, "<select id=\"");
	web_buf_raw(b, id);
	web_buf_raw(b, "\" name=\"peran\">\n");
	if (keep) {
		web_buf_raw(b, "<option value=\"\" selected>");
		web_buf_esc(b, _("(unchanged)"));
		web_buf_raw(b, "</option>\n");
	}
	for (size_t i = 0; i < LK_ARRAY_LEN(s_roles); i++) {
		web_buf_raw(b, "<option value=\"");
		web_buf_raw(b, s_roles[i].word);
		web_buf_raw(b, !keep && !strcmp(s_roles[i].word, "staff") ? "\" selected>" : "\">");
		web_buf_esc(b, _(s_roles[i].label));
		web_buf_raw(b, "</option>\n");
	}
	web_buf_raw(b, "</select>\n");
}

/*
 * One cell of the list: the value ("-" when empty) after its column's name, which only a phone shows (there
 * each row is a card and the heading row is out of sight; screen readers have the heading row, so they skip it).
 */
static void s_cell(struct web_buf *b, const char *cls, const char *label, const char *value)
{
	web_buf_raw(b, "<td class=\"");
	web_buf_raw(b, cls);
	web_buf_raw(b, "\"><span class=\"cell-label\" aria-hidden=\"true\">");
	web_buf_esc(b, label);
	web_buf_raw(b, ":</span> ");
	web_buf_esc(b, value && value[0] ? value : "-");
	web_buf_raw(b, "</td>");
}

/* A labelled text input. */
static void s_input(struct web_buf *b, const char *id, const char *name, const char *label, const char *extra)
{
	web_buf_raw(b, "<label for=\"");
	web_buf_raw(b, id);
	web_buf_raw(b, "\">");
	web_buf_esc(b, label);
	web_buf_raw(b, "</label>\n<input id=\"");
	web_buf_raw(b, id);
	web_buf_raw(b, "\" name=\"");
	web_buf_raw(b, name);
	web_buf_raw(b, "\" maxlength=\"150\"");
	web_buf_raw(b, extra);
	web_buf_raw(b, ">\n");
}

/* A field of the form, NULL when left empty (the domain then keeps the value). */
static const char *s_given(struct web_req *q, const char *name)
{
	const char *v = web_field(q, name);
	return v && v[0] ? v : NULL;
}

static void s_post(struct web_req *q)
{
	const char *aksi = web_field(q, "aksi");
	struct dom_staff_in in = {s_given(q, "nama"), s_given(q, "jabatan"), s_given(q, "peran"),
	                          s_given(q, "program"), s_given(q, "nip"), NULL, s_given(q, "pangkat")};
	struct dom_err err = {0};
	char id[40];
	int rc;

	if ((rc = dom_staff_role_check(in.role, &err)) != 0) {
		web_req_error(q, 400, dom_msg(&err, rc));
		return;
	}
	if (aksi && !strcmp(aksi, "tambah")) {
		if (in.name == NULL) {
			web_req_error(q, 400, _("A new person needs a name."));
			return;
		}
		rc = dom_staff_add(&q->a->d, &in, id, &err);
	} else if (aksi && !strcmp(aksi, "ubah")) {
		const char *who = web_field(q, "orang");
		if (who == NULL || who[0] == '\0') {
			web_req_error(q, 400, _("Choose the person to change."));
			return;
		}
		rc = dom_staff_change(&q->a->d, who, &in, &err);
	} else {
		web_req_error(q, 400, _("The form did not say what to do."));
		return;
	}
	if (rc != 0) {
		web_req_error(q, web_status_of(rc), dom_msg(&err, rc));
		return;
	}
	web_redirect(q, "/staf", _("Saved."));
}

static void s_forms(struct web_req *q, struct web_buf *b, const struct dom_person *v, size_t n)
{
	web_buf_raw(b, "<section class=\"card\"><h2>");
	web_buf_esc(b, _("Add a person"));
	web_buf_raw(b, "</h2>\n<form method=\"post\" action=\"/staf\" class=\"stack\">\n");
	web_csrf_field(b, q);
	web_buf_raw(b, "<input type=\"hidden\" name=\"aksi\" value=\"tambah\">\n");
	s_input(b, "add-name", "nama", _("Name"), " required");
	s_input(b, "add-title", "jabatan", _("Title"), "");
	web_buf_raw(b, "<label for=\"add-role\">");
	web_buf_esc(b, _("Role"));
	web_buf_raw(b, "</label>\n");
	s_role_select(b, "add-role", 0);
	s_input(b, "add-prog", "program", _("Programmes (KIA, GIZI ... separated by commas)"), "");
	s_input(b, "add-nip", "nip", _("NIP"), " inputmode=\"numeric\"");
	web_buf_raw(b, "<button type=\"submit\">");
	web_buf_esc(b, _("Add"));
	web_buf_raw(b, "</button>\n</form></section>\n");

	web_buf_raw(b, "<section class=\"card\"><h2>");
	web_buf_esc(b, _("Change a person"));
	web_buf_raw(b, "</h2>\n<p>");
	web_buf_esc(b, _("Fields left empty keep their value."));
	web_buf_raw(b, "</p>\n<form method=\"post\" action=\"/staf\" class=\"stack\">\n");
	web_csrf_field(b, q);
	web_buf_raw(b, "<input type=\"hidden\" name=\"aksi\" value=\"ubah\">\n<label for=\"chg-who\">");
	web_buf_esc(b, _("Person"));
	web_buf_raw(b, "</label>\n<select id=\"chg-who\" name=\"orang\" required>\n");
	for (size_t i = 0; i < n; i++) {
		web_buf_raw(b, "<option value=\"");
		web_buf_esc(b, v[i].id);
		web_buf_raw(b, "\">");
		web_buf_esc(b, v[i].name);
		web_buf_raw(b, "</option>\n");
	}
	web_buf_raw(b, "</select>\n");
	s_input(b, "chg-title", "jabatan", _("Title"), "");
	web_buf_raw(b, "<label for=\"chg-role\">");
	web_buf_esc(b, _("Role"));
	web_buf_raw(b, "</label>\n");
	s_role_select(b, "chg-role", 1);
	s_input(b, "chg-prog", "program", _("Programmes (KIA, GIZI ... separated by commas)"), "");
	web_buf_raw(b, "<button type=\"submit\">");
	web_buf_esc(b, _("Save the change"));
	web_buf_raw(b, "</button>\n</form></section>\n");
}

void web_page_staf(struct web_req *q)
{
	struct web_buf m = {0};
	struct dom_person *v = NULL;
	struct dom_err err = {0};
	size_t n = 0;

	if (q->post) {
		s_post(q);
		return;
	}
	web_buf_raw(&m, "<h1>");
	web_buf_esc(&m, _("Staff"));
	web_buf_raw(&m, "</h1>\n");
	int rc = dom_staff_list(&q->a->d, &v, &n, &err);
	if (rc != 0) {
		web_buf_raw(&m, "<p class=\"error\">");
		web_buf_esc(&m, dom_msg(&err, rc));
		web_buf_raw(&m, "</p>\n");
	} else {
		web_buf_raw(&m, "<div class=\"table-wrap\"><table class=\"staff\">\n<thead><tr><th scope=\"col\">");
		web_buf_esc(&m, _("Name"));
		web_buf_raw(&m, "</th><th scope=\"col\">");
		web_buf_esc(&m, _("Title"));
		web_buf_raw(&m, "</th><th scope=\"col\">");
		web_buf_esc(&m, _("Role"));
		web_buf_raw(&m, "</th><th scope=\"col\">");
		web_buf_esc(&m, _("Programmes"));
		web_buf_raw(&m, "</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < n; i++) {
			web_buf_raw(&m, "<tr>");
			s_cell(&m, "name", _("Name"), v[i].name);
			s_cell(&m, "title", _("Title"), v[i].title);
			s_cell(&m, "role", _("Role"), s_role_words(v[i].role));
			s_cell(&m, "prog", _("Programmes"), v[i].programmes);
			web_buf_raw(&m, "</tr>\n");
		}
		web_buf_raw(&m, "</tbody></table></div>\n");
		if (q->me->role_bit & WEB_ROLE_RUNS)
			s_forms(q, &m, v, n);
	}
	dom_staff_list_free(v, n);
	q->r->status = 200;
	web_req_page(q, _("Staff"), &m);
	web_buf_free(&m);
}
