/* web_sektor: /sektor, the camat's office's sectors (instansi) with their representatives, and the forms adding both. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lk_i18n.h"
#include "lk_uuid.h"
#include "sector.h"
#include "web_priv.h"
#include "web_rapat.h"

/* The kinds of sector as people name them (the record keeps the word). */
static const struct {
	const char *word, *label;
} s_kinds[] = {
	{"tni", N_("TNI (Koramil)")},     {"polri", N_("Polri (Polsek)")},      {"kua", N_("KUA")},
	{"pendidikan", N_("Education")},  {"pkk", N_("PKK")},                   {"kb", N_("Family planning (PLKB)")},
	{"desa", N_("Village (desa/kelurahan)")}, {"other", N_("Other")},
};

/* A kind's label ("" for none; the word itself when unknown). */
const char *web_sector_kind(const char *word)
{
	if (word == NULL || !*word)
		return "";
	for (size_t i = 0; i < sizeof s_kinds / sizeof s_kinds[0]; i++)
		if (!strcmp(s_kinds[i].word, word))
			return _(s_kinds[i].label);
	return word;
}

/* A field's value, NULL when absent or only blanks. */
static const char *s_value(const struct web_req *q, const char *name)
{
	const char *v = web_field(q, name);
	if (v == NULL || v[strspn(v, " \t\r\n")] == '\0')
		return NULL;
	return v;
}

/* The sector's short code from its name ("Koramil 02 Kaliwungu" -> "KORAMIL_02_KALIWUNGU"): the same name
 * names the same sector, so adding it twice changes the one record. */
static void s_code_of(const char *name, char *out, size_t n)
{
	size_t o = 0;
	int gap = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p && o + 2 < n; p++) {
		if (isalnum(*p)) {
			if (gap && o > 0)
				out[o++] = '_';
			out[o++] = (char)toupper(*p);
			gap = 0;
		} else {
			gap = 1;
		}
	}
	out[o] = '\0';
}

static void s_post(struct web_req *q)
{
	const char *op = web_field(q, "op");
	struct dom_err err = {0};
	char id[40];
	int rc;

	if (op && !strcmp(op, "sektor")) {
		const char *name = s_value(q, "nama"), *kind = s_value(q, "jenis"), *contact = s_value(q, "kontak");
		char code[64];
		if (name == NULL) {
			web_req_error(q, 400, _("Write the sector's name. Nothing was added."));
			return;
		}
		s_code_of(name, code, sizeof code);
		if (!code[0]) {
			web_req_error(q, 400, _("Write the sector's name with letters or digits. Nothing was added."));
			return;
		}
		struct dom_sector_add_in in = {.code = code, .name = name, .kind = kind, .contact = contact};
		if ((rc = dom_sector_add(&q->a->d, &in, id, &err)) != 0) {
			web_req_error(q, web_status_of(rc), dom_msg(&err, rc));
			return;
		}
		web_redirect(q, "/sektor", _("The sector is saved."));
		return;
	}
	if (op && !strcmp(op, "wakil")) {
		const char *sector = s_value(q, "sektor"), *name = s_value(q, "nama");
		if (sector == NULL || !lk_uuid_canonical(sector)) {
			web_req_error(q, 400, _("Choose a sector from the list."));
			return;
		}
		if (name == NULL) {
			web_req_error(q, 400, _("Write the representative's name. Nothing was added."));
			return;
		}
		struct dom_sector_rep_in in = {sector, name, s_value(q, "jabatan"), s_value(q, "telepon")};
		if ((rc = dom_sector_rep(&q->a->d, &in, id, &err)) != 0) {
			web_req_error(q, web_status_of(rc), dom_msg(&err, rc));
			return;
		}
		web_redirect(q, "/sektor", _("The representative is added."));
		return;
	}
	web_req_error(q, 400, _("The form is not one of this page's."));
}

/* One sector as a card: name, kind, contact and its representatives. */
static void s_sector(struct web_req *q, const struct dom_sector_row *row, struct web_buf *b)
{
	ProtobufCMessage *sec = NULL;
	struct dom_sector_rows reps = {0};
	struct dom_err err = {0};
	char *name = lk_record_get(row->rec, "name"), *kind = lk_record_get(row->rec, "kind"),
	     *contact = lk_record_get(row->rec, "contact");
	web_buf_raw(b, "<li class=\"sector\"><h3>");
	web_buf_esc(b, name);
	web_buf_raw(b, "</h3>\n<p class=\"meta\">");
	if (kind[0]) {
		web_buf_raw(b, "<span class=\"kind\">");
		web_buf_esc(b, web_sector_kind(kind));
		web_buf_raw(b, "</span> ");
	}
	if (contact[0]) {
		web_buf_esc(b, contact);
	}
	web_buf_raw(b, "</p>\n");
	if (dom_sector_show(&q->a->d, lk_record_id(row->rec), &sec, &reps, &err) == 0 && reps.n > 0) {
		web_buf_raw(b, "<ul class=\"reps\">\n");
		for (size_t i = 0; i < reps.n; i++) {
			char *pn = lk_record_get(reps.v[i].rec, "name"), *pt = lk_record_get(reps.v[i].rec, "title"),
			     *ph = lk_record_get(reps.v[i].rec, "phone");
			web_buf_raw(b, "<li><span class=\"name\">");
			web_buf_esc(b, pn);
			web_buf_raw(b, "</span>");
			if (pt[0]) {
				web_buf_raw(b, ", ");
				web_buf_esc(b, pt);
			}
			if (ph[0]) {
				web_buf_raw(b, " <span class=\"phone\">");
				web_buf_esc(b, ph);
				web_buf_raw(b, "</span>");
			}
			web_buf_raw(b, "</li>\n");
			free(pn);
			free(pt);
			free(ph);
		}
		web_buf_raw(b, "</ul>\n");
	} else {
		web_buf_raw(b, "<p class=\"empty\">");
		web_buf_esc(b, _("No representative yet."));
		web_buf_raw(b, "</p>\n");
	}
	lk_record_free(sec);
	dom_sector_rows_free(&reps);
	web_buf_raw(b, "</li>\n");
	free(name);
	free(kind);
	free(contact);
}

/* A card with its heading and the start of a form posting op to /sektor. */
static void s_form_open(struct web_req *q, struct web_buf *b, const char *title, const char *op)
{
	web_buf_raw(b, "<section class=\"card\"><h2>");
	web_buf_esc(b, title);
	web_buf_raw(b, "</h2>\n<form method=\"post\" action=\"/sektor\" class=\"stack\">\n");
	web_csrf_field(b, q);
	web_buf_printf(b, "<input type=\"hidden\" name=\"op\" value=\"%s\">\n", op);
}

/* A labelled text field; attrs (type, maxlength, required) as written in the tag. */
static void s_input(struct web_buf *b, const char *id, const char *name, const char *label, const char *attrs)
{
	web_rapat_label(b, id, label);
	web_buf_printf(b, "<input id=\"%s\" name=\"%s\" %s>\n", id, name, attrs);
}

static void s_form_close(struct web_buf *b, const char *button)
{
	web_buf_raw(b, "<button type=\"submit\">");
	web_buf_esc(b, button);
	web_buf_raw(b, "</button>\n</form></section>\n");
}

static void s_forms(struct web_req *q, const struct dom_sector_rows *rows, struct web_buf *b)
{
	s_form_open(q, b, _("Add a sector"), "sektor");
	s_input(b, "sek-nama", "nama", _("Name of the instansi"), "maxlength=\"190\" required");
	web_rapat_label(b, "sek-jenis", _("Kind"));
	web_buf_raw(b, "<select id=\"sek-jenis\" name=\"jenis\">\n");
	for (size_t i = 0; i < sizeof s_kinds / sizeof s_kinds[0]; i++) {
		web_buf_printf(b, "<option value=\"%s\">", s_kinds[i].word);
		web_buf_esc(b, _(s_kinds[i].label));
		web_buf_raw(b, "</option>\n");
	}
	web_buf_raw(b, "</select>\n");
	s_input(b, "sek-kontak", "kontak", _("Address or telephone of the office (optional)"), "maxlength=\"190\"");
	s_form_close(b, _("Add the sector"));
	if (rows->n == 0)
		return;
	s_form_open(q, b, _("Add a representative"), "wakil");
	web_rapat_label(b, "wk-sektor", _("Sector"));
	web_buf_raw(b, "<select id=\"wk-sektor\" name=\"sektor\" required>\n");
	for (size_t i = 0; i < rows->n; i++) {
		char *name = lk_record_get(rows->v[i].rec, "name");
		web_buf_raw(b, "<option value=\"");
		web_buf_esc(b, lk_record_id(rows->v[i].rec));
		web_buf_raw(b, "\">");
		web_buf_esc(b, name);
		web_buf_raw(b, "</option>\n");
		free(name);
	}
	web_buf_raw(b, "</select>\n");
	s_input(b, "wk-nama", "nama", _("Name"), "maxlength=\"150\" required");
	s_input(b, "wk-jabatan", "jabatan", _("Position (optional)"), "maxlength=\"150\"");
	s_input(b, "wk-telepon", "telepon", _("Telephone (optional)"), "type=\"tel\" maxlength=\"40\"");
	s_form_close(b, _("Add the representative"));
}

void web_page_sektor(struct web_req *q)
{
	struct dom_sector_rows rows = {0};
	struct dom_err err = {0};
	struct web_buf b = {0};
	int rc;

	if ((rc = dom_camat_office_keeps(&q->a->d, "sectors", &err)) != 0) {
		web_req_error(q, web_status_of(rc), dom_msg(&err, rc));
		return;
	}
	if (q->post) {
		s_post(q);
		return;
	}
	if ((rc = dom_sector_list(&q->a->d, &rows, &err)) != 0) {
		web_req_error(q, web_status_of(rc), dom_msg(&err, rc));
		return;
	}
	web_buf_raw(&b, "<h1>");
	web_buf_esc(&b, _("Sectors and their representatives"));
	web_buf_raw(&b, "</h1>\n<p class=\"counts\">");
	web_buf_escf(&b, P_("%zu sector", "%zu sectors", (unsigned long)rows.n), rows.n);
	web_buf_raw(&b, "</p>\n");
	if (rows.n == 0) {
		web_buf_raw(&b, "<p class=\"empty\">");
		web_buf_esc(&b, _("No sector yet. Add the instansi that take part in the quarterly lokmin: Koramil, Polsek, "
		                  "KUA, PKK, the village heads ..."));
		web_buf_raw(&b, "</p>\n");
	}
	web_buf_raw(&b, "<ul class=\"sectors-list\">\n");
	for (size_t i = 0; i < rows.n; i++)
		s_sector(q, &rows.v[i], &b);
	web_buf_raw(&b, "</ul>\n");
	if (q->me->role_bit & WEB_ROLE_RUNS)
		s_forms(q, &rows, &b);
	dom_sector_rows_free(&rows);
	web_req_page(q, _("Sectors"), &b);
	web_buf_free(&b);
}
