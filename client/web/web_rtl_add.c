/* web_rtl_add: the follow-up board's form that adds an RTL item (activity, person in charge, due day, the Notulen's other columns) and its post. */
#include <stdlib.h>
#include <string.h>

#include "lk_date.h"
#include "lk_i18n.h"
#include "lk_uuid.h"
#include "region.h"
#include "rtl.h"
#include "sector.h"
#include "staff.h"
#include "web_priv.h"
#include "web_rapat.h"

/* The form's optional fields: the name, where the value goes, the label and the longest text. */
struct s_opt {
	const char *name, *label;
	int rows, max;
};
static const struct s_opt s_opts[] = {
	{"tujuan", N_("Objective"), 2, 1000},     {"sasaran", N_("Target group"), 0, 300},
	{"tempat", N_("Place"), 0, 300},          {"sumber", N_("Resources (funds, staff, tools)"), 2, 1000},
	{"indikator", N_("Success indicator"), 2, 1000},
};

/* A field's value, NULL when absent or only blanks. */
static const char *s_value(const struct web_req *q, const char *name)
{
	const char *v = web_field(q, name);
	if (v == NULL || v[strspn(v, " \t\r\n")] == '\0')
		return NULL;
	return v;
}

/* 1 when code is a puskesmas of this camat's office's kecamatan. */
static int s_our_puskesmas(struct web_req *q, const char *code)
{
	struct dom_puskesmas *v = NULL;
	size_t n = 0;
	int found = 0;
	if (dom_kecamatan_puskesmas(&q->a->d, &v, &n) != 0)
		return 0;
	for (size_t i = 0; i < n && !found; i++)
		found = !strcmp(v[i].code, code);
	free(v);
	return found;
}

/* 1 when id is a person on the staff lists of this device. */
static int s_on_staff(struct web_req *q, const char *id)
{
	struct dom_person *v = NULL;
	struct dom_err err = {0};
	size_t n = 0;
	int found = 0;
	if (dom_staff_list(&q->a->d, &v, &n, &err) != 0)
		return 0;
	for (size_t i = 0; i < n && !found; i++)
		found = !strcmp(v[i].id, id);
	dom_staff_list_free(v, n);
	return found;
}

void web_rtl_add_post(struct web_req *q, const struct dom_meeting *mt)
{
	struct dom_rtl_add_in in = {.meeting_id = mt->id};
	struct dom_err err = {0};
	struct lk_date day;
	char id[40];
	const char *who = s_value(q, "pj");
	int rc;
	in.activity = s_value(q, "kegiatan");
	in.due = s_value(q, "tenggat");
	if (in.activity == NULL) {
		web_req_error(q, 400, _("Write the activity to be done. Nothing was added."));
		return;
	}
	if (in.due == NULL || lk_date_parse(in.due, &day) != 0) {
		web_req_error(q, 400, _("The due date is not a day of the calendar. Nothing was added."));
		return;
	}
	if (who && !strncmp(who, "sektor:", 7) && lk_uuid_canonical(who + 7)) {
		in.owner_sector_id = who + 7; /* a sector of the quarterly meeting: the domain checks it */
	} else if (who && !strncmp(who, "puskesmas:", 10) && s_our_puskesmas(q, who + 10)) {
		in.owner_puskesmas = who + 10; /* a puskesmas of the kecamatan, at its quarterly meeting */
	} else if (who == NULL || !lk_uuid_canonical(who) || !s_on_staff(q, who)) {
		web_req_error(q, 400, _("Choose the person in charge from the staff list. Nothing was added."));
		return;
	} else {
		in.owner_person_id = who;
	}
	in.objective = s_value(q, "tujuan");
	in.target_group = s_value(q, "sasaran");
	in.place = s_value(q, "tempat");
	in.resources = s_value(q, "sumber");
	in.indicator = s_value(q, "indikator");
	if ((rc = dom_rtl_add(&q->a->d, &in, id, &err)) != 0) {
		web_req_error(q, web_status_of(rc), dom_msg(&err, rc));
		return;
	}
	web_rapat_back(q, mt, "/rtl", _("Follow-up action added."));
}

/* At a quarterly meeting a puskesmas of the kecamatan may own an item too: an option group of them by name. */
static void s_puskesmas_options(struct web_req *q, struct web_buf *b)
{
	struct dom_puskesmas *v = NULL;
	size_t n = 0;
	if (dom_kecamatan_puskesmas(&q->a->d, &v, &n) != 0 || n == 0) {
		free(v);
		return;
	}
	web_buf_raw(b, "<optgroup label=\"");
	web_buf_esc(b, _("Puskesmas"));
	web_buf_raw(b, "\">");
	for (size_t i = 0; i < n; i++) {
		web_buf_raw(b, "<option value=\"puskesmas:");
		web_buf_esc(b, v[i].code);
		web_buf_raw(b, "\">");
		web_buf_esc(b, v[i].name);
		web_buf_raw(b, "</option>");
	}
	web_buf_raw(b, "</optgroup>");
	free(v);
}

/* At a quarterly meeting the sectors may own an item too: an option group of them. */
static void s_sector_options(struct web_req *q, struct web_buf *b)
{
	struct dom_sector_rows rows = {0};
	struct dom_err err = {0};
	if (dom_sector_list(&q->a->d, &rows, &err) != 0 || rows.n == 0) {
		dom_sector_rows_free(&rows);
		return;
	}
	web_buf_raw(b, "<optgroup label=\"");
	web_buf_esc(b, _("Sectors"));
	web_buf_raw(b, "\">");
	for (size_t i = 0; i < rows.n; i++) {
		char *name = lk_record_get(rows.v[i].rec, "name");
		web_buf_raw(b, "<option value=\"sektor:");
		web_buf_esc(b, lk_record_id(rows.v[i].rec));
		web_buf_raw(b, "\">");
		web_buf_esc(b, name);
		web_buf_raw(b, "</option>");
		free(name);
	}
	web_buf_raw(b, "</optgroup>");
	dom_sector_rows_free(&rows);
}

void web_rtl_add_form(struct web_req *q, const struct dom_meeting *mt, struct web_buf *b)
{
	struct dom_person *v = NULL;
	struct dom_err err = {0};
	size_t n = 0;
	if (dom_staff_list(&q->a->d, &v, &n, &err) != 0)
		n = 0;
	web_buf_raw(b, "<section class=\"rtl-add\"><h2>");
	web_buf_esc(b, _("Add a follow-up action"));
	web_buf_raw(b, "</h2>\n");
	web_rapat_form(q, mt, "/rtl", "stack", 0, b);
	web_buf_raw(b, "<input type=\"hidden\" name=\"op\" value=\"tambah\">\n");
	web_rapat_label(b, "kegiatan", _("Activity"));
	web_buf_raw(b, "<textarea id=\"kegiatan\" name=\"kegiatan\" rows=\"2\" maxlength=\"1000\" required></textarea>\n");
	web_rapat_label(b, "pj", _("Person in charge"));
	web_buf_raw(b, "<select id=\"pj\" name=\"pj\" required><option value=\"\">");
	web_buf_esc(b, _("(choose a person)"));
	web_buf_raw(b, "</option>");
	for (size_t i = 0; i < n; i++) {
		web_buf_raw(b, "<option value=\"");
		web_buf_esc(b, v[i].id);
		web_buf_raw(b, "\">");
		if (v[i].title[0])
			web_buf_escf(b, "%s (%s)", v[i].name, v[i].title);
		else
			web_buf_esc(b, v[i].name);
		web_buf_raw(b, "</option>");
	}
	if (!strcmp(mt->kind, "quarterly")) {
		s_sector_options(q, b);
		s_puskesmas_options(q, b);
	}
	web_buf_raw(b, "</select>\n");
	dom_staff_list_free(v, n);
	web_rapat_label(b, "tenggat", _("Due date"));
	web_buf_raw(b, "<input id=\"tenggat\" name=\"tenggat\" type=\"date\" required>\n");
	web_buf_raw(b, "<details><summary>");
	web_buf_esc(b, _("More columns of the Notulen's RTL table"));
	web_buf_raw(b, "</summary>\n<div class=\"stack\">\n");
	for (size_t i = 0; i < sizeof s_opts / sizeof s_opts[0]; i++) {
		web_rapat_label(b, s_opts[i].name, _(s_opts[i].label));
		if (s_opts[i].rows)
			web_buf_printf(b, "<textarea id=\"%s\" name=\"%s\" rows=\"%d\" maxlength=\"%d\"></textarea>\n",
			               s_opts[i].name, s_opts[i].name, s_opts[i].rows, s_opts[i].max);
		else
			web_buf_printf(b, "<input id=\"%s\" name=\"%s\" maxlength=\"%d\">\n", s_opts[i].name, s_opts[i].name,
			               s_opts[i].max);
	}
	web_buf_raw(b, "</div></details>\n<button type=\"submit\">");
	web_buf_esc(b, _("Add"));
	web_buf_raw(b, "</button></form></section>\n");
}
