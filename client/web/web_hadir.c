/* web_hadir: the attendance of the meeting at hand as a tap-to-check-in list for a phone, and walk-ins tied to a sector. */
#include <stdlib.h>
#include <string.h>

#include "attendance.h"
#include "clock.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "kop.h"
#include "sector.h"
#include "store.h"
#include "web_priv.h"
#include "web_rapat.h"

/* The sectors a walk-in of a quarterly meeting may represent, as options. */
static void s_sector_options(struct web_req *q, struct web_buf *b)
{
	struct dom_sector_rows rows = {0};
	struct dom_err err = {0};
	web_buf_raw(b, "<option value=\"\">");
	web_buf_esc(b, _("(no sector)"));
	web_buf_raw(b, "</option>\n");
	if (dom_sector_list(&q->a->d, &rows, &err) != 0)
		return;
	for (size_t i = 0; i < rows.n; i++) {
		char *name = lk_record_get(rows.v[i].rec, "name");
		web_buf_raw(b, "<option value=\"");
		web_buf_esc(b, lk_record_id(rows.v[i].rec));
		web_buf_raw(b, "\">");
		web_buf_esc(b, name && *name ? name : rows.v[i].handle);
		web_buf_raw(b, "</option>\n");
		free(name);
	}
	dom_sector_rows_free(&rows);
}

static void s_post(struct web_req *q, const struct dom_meeting *mt)
{
	struct dom_err err = {0};
	const char *op = web_field(q, "op");
	int rc;
	if (op && !strcmp(op, "undang")) {
		int added = 0;
		if ((rc = dom_attend_invite(&q->a->d, mt->id, &added, &err)) != 0) {
			web_req_error(q, 409, dom_msg(&err, rc));
			return;
		}
		web_rapat_back(q, mt, "/hadir", _("Everyone on the staff list is invited."));
		return;
	}
	struct dom_attend_checkin_in in = {.meeting_id = mt->id};
	struct dom_attend_checkin_out out;
	const char *row = web_field(q, "baris");
	if (op && !strcmp(op, "hadir") && row && lk_uuid_canonical(row)) {
		in.attendance_id = row;
	} else if (op && !strcmp(op, "walkin")) {
		const char *name = web_field(q, "nama"), *role = web_field(q, "jabatan"), *sector = web_field(q, "sektor");
		if (name == NULL || !*name) {
			web_req_error(q, 400, _("Write the name of the person who came."));
			return;
		}
		if (sector && *sector && !lk_uuid_canonical(sector)) {
			web_req_error(q, 400, _("Choose a sector from the list."));
			return;
		}
		in.name = name;
		in.role = role && *role ? role : NULL;
		in.sector_id = sector && *sector ? sector : NULL;
	} else {
		web_req_error(q, 400, _("The form was not complete."));
		return;
	}
	if ((rc = dom_attend_checkin(&q->a->d, &in, &out, &err)) != 0) {
		web_req_error(q, rc == -LK_ENOTFOUND ? 404 : 409, dom_msg(&err, rc));
		return;
	}
	web_rapat_back(q, mt, "/hadir", out.walk_in ? _("Walk-in checked in.") : _("Checked in."));
}

/* One person of the list: their name, what they are, and a button when they have not come yet. */
static void s_row(struct web_req *q, const struct dom_meeting *mt, const struct dom_attendance *a, int may,
                  int show_sector, struct web_buf *b)
{
	char when[DOM_WHEN_LEN];
	web_buf_raw(b, a->present ? "<li class=\"present\">" : "<li>");
	web_buf_raw(b, "<div class=\"who\"><span class=\"name\">");
	web_buf_esc(b, a->name);
	web_buf_raw(b, "</span>");
	if (a->role[0]) {
		web_buf_raw(b, " <span class=\"role\">");
		web_buf_esc(b, a->role);
		web_buf_raw(b, "</span>");
	}
	if (show_sector && a->sector[0] && strcmp(a->sector, "-")) {
		web_buf_raw(b, " <span class=\"sector\">");
		web_buf_esc(b, a->sector);
		web_buf_raw(b, "</span>");
	}
	if (a->walk_in) {
		web_buf_raw(b, " <span class=\"walkin\">");
		web_buf_esc(b, _("walk-in"));
		web_buf_raw(b, "</span>");
	}
	web_buf_raw(b, "</div>");
	if (a->present) {
		web_buf_raw(b, "<div class=\"since\">");
		web_buf_escf(b, _("Present since %s"), web_rapat_when(q, a->checked_in_at, when, sizeof when));
		web_buf_raw(b, "</div>");
	} else if (may) {
		web_rapat_form(q, mt, "/hadir", "tap", 0, b);
		web_buf_raw(b, "<input type=\"hidden\" name=\"op\" value=\"hadir\"><input type=\"hidden\" name=\"baris\" value=\"");
		web_buf_esc(b, a->id);
		web_buf_raw(b, "\"><button type=\"submit\" aria-label=\"");
		web_buf_escf(b, _("%s is present"), a->name);
		web_buf_raw(b, "\">");
		web_buf_esc(b, _("Present"));
		web_buf_raw(b, "</button></form>");
	} else {
		web_buf_raw(b, "<div class=\"since\">");
		web_buf_esc(b, _("not yet"));
		web_buf_raw(b, "</div>");
	}
	web_buf_raw(b, "</li>\n");
}

/* The rows of l whose sector is name ("-": none): a heading naming their instansi, how many came, and them. */
static void s_group(struct web_req *q, const struct dom_meeting *mt, const struct dom_attend_list *l, int may,
                    const char *name, const char *heading, struct web_buf *b)
{
	enum lk_lang lang = web_rapat_lang(q);
	char n1[32], n2[32], n3[32], n4[32];
	struct dom_attend_sector g = {.name = ""};
	for (size_t k = 0; k < l->nsectors; k++)
		if (!strcmp(l->sectors[k].name, name))
			g = l->sectors[k];
	web_buf_raw(b, "<section class=\"hadir-sector\"><h2>");
	web_buf_esc(b, heading);
	web_buf_raw(b, "</h2>\n<p class=\"counts\">");
	lk_fmt_int(n1, sizeof n1, g.present, lang);
	lk_fmt_int(n2, sizeof n2, g.came, lang);
	lk_fmt_int(n3, sizeof n3, g.invited, lang);
	lk_fmt_int(n4, sizeof n4, g.present - g.came, lang);
	/* TRANSLATORS: people present in one instansi: all, those of the invited who came, the invited, the walk-ins. */
	web_buf_escf(b, _("%s present (%s of the %s invited, %s walk-ins)"), n1, n2, n3, n4);
	web_buf_raw(b, "</p>\n<ul class=\"hadir\">\n");
	for (size_t k = 0; k < l->n; k++)
		if (!strcmp(l->rows[k].sector[0] ? l->rows[k].sector : "-", name))
			s_row(q, mt, &l->rows[k], may, 0, b);
	web_buf_raw(b, "</ul></section>\n");
}

/* A quarterly meeting's list as people read it at the door: a heading per instansi (the kecamatan's own people
 * and the Kapus first, then each sector) and its people under it. */
static void s_by_sector(struct web_req *q, const struct dom_meeting *mt, const struct dom_attend_list *l, int may,
                        struct web_buf *b)
{
	struct dom_kop names;
	struct dom_err err = {0};
	int own = 0;
	for (size_t k = 0; k < l->n && !own; k++)
		own = !l->rows[k].sector[0] || !strcmp(l->rows[k].sector, "-");
	if (own) {
		if (dom_kop(&q->a->d, mt->kecamatan, &names, &err) != 0 || !names.unit[0])
			lk_strlcpy(names.unit, _("The kecamatan's office"), sizeof names.unit);
		s_group(q, mt, l, may, "-", names.unit, b);
	}
	for (size_t i = 0; i < l->nsectors; i++)
		if (strcmp(l->sectors[i].name, "-"))
			s_group(q, mt, l, may, l->sectors[i].name, l->sectors[i].name, b);
}

static void s_walkin_form(struct web_req *q, const struct dom_meeting *mt, struct web_buf *b)
{
	web_buf_raw(b, "<h2>");
	web_buf_esc(b, _("Someone not on the list"));
	web_buf_raw(b, "</h2>\n");
	web_rapat_form(q, mt, "/hadir", "stack", 0, b);
	web_buf_raw(b, "<input type=\"hidden\" name=\"op\" value=\"walkin\">\n");
	web_rapat_label(b, "nama", _("Name"));
	web_buf_raw(b, "<input id=\"nama\" name=\"nama\" required maxlength=\"150\" autocomplete=\"off\">\n");
	web_rapat_label(b, "jabatan", _("Position or role (optional)"));
	web_buf_raw(b, "<input id=\"jabatan\" name=\"jabatan\" maxlength=\"250\" autocomplete=\"off\">\n");
	if (!strcmp(mt->kind, "quarterly")) {
		web_rapat_label(b, "sektor", _("Sector represented"));
		web_buf_raw(b, "<select id=\"sektor\" name=\"sektor\">\n");
		s_sector_options(q, b);
		web_buf_raw(b, "</select>\n");
	}
	web_buf_raw(b, "<button type=\"submit\">");
	web_buf_esc(b, _("Check in"));
	web_buf_raw(b, "</button>\n</form>\n");
}

void web_page_hadir(struct web_req *q)
{
	struct dom_meeting mt;
	struct dom_attend_list l;
	struct dom_err err = {0};
	struct web_buf b = {0};
	enum lk_lang lang = web_rapat_lang(q);
	int may = (q->me->role_bit & WEB_ROLES_ATTEND) != 0;
	char n1[32], n2[32], n3[32];

	if (web_rapat_of(q, &mt) != 0)
		return;
	if (q->post) {
		s_post(q, &mt);
		return;
	}
	int rc = dom_attend_list(&q->a->d, mt.id, &l, &err);
	if (rc != 0) {
		web_req_error(q, 409, dom_msg(&err, rc));
		return;
	}
	web_rapat_head(q, &mt, _("Attendance"), &b);
	lk_fmt_int(n1, sizeof n1, l.invited, lang);
	lk_fmt_int(n2, sizeof n2, l.present, lang);
	lk_fmt_int(n3, sizeof n3, l.walk_ins, lang);
	web_buf_raw(&b, "<p class=\"counts\">");
	web_buf_escf(&b, _("%s invited, %s present, %s walk-ins"), n1, n2, n3);
	web_buf_raw(&b, "</p>\n<p class=\"pdf\"><a href=\"/hadir.pdf?rapat=");
	web_buf_esc(&b, mt.id);
	web_buf_raw(&b, "\">");
	web_buf_esc(&b, _("The attendance list as PDF (to print and sign)"));
	web_buf_raw(&b, "</a></p>\n");
	if (l.n == 0) {
		web_buf_raw(&b, "<p class=\"empty\">");
		web_buf_esc(&b, _("Nobody is on the list yet."));
		web_buf_raw(&b, "</p>\n");
	}
	if (may) {
		web_rapat_form(q, &mt, "/hadir", "inline-action", 0, &b);
		web_buf_raw(&b, "<input type=\"hidden\" name=\"op\" value=\"undang\"><button type=\"submit\" class=\"secondary\">");
		web_buf_esc(&b, _("Put everyone on the staff list on the list"));
		web_buf_raw(&b, "</button></form>\n");
	}
	if (!strcmp(mt.kind, "quarterly")) {
		s_by_sector(q, &mt, &l, may, &b);
	} else {
		web_buf_raw(&b, "<ul class=\"hadir\">\n");
		for (size_t i = 0; i < l.n; i++)
			s_row(q, &mt, &l.rows[i], may, 1, &b);
		web_buf_raw(&b, "</ul>\n");
	}
	dom_attend_list_free(&l);
	if (may)
		s_walkin_form(q, &mt, &b);
	web_req_page(q, _("Attendance"), &b);
	web_buf_free(&b);
}
