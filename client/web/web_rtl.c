/* web_rtl: the follow-up (RTL) board: overdue, open and done items, progress with a photo as evidence, the Kapus' verification; the add form is web_rtl_add.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "attach.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "region.h"
#include "rtl.h"
#include "signing.h"
#include "store.h"
#include "web_priv.h"
#include "web_rapat.h"

#define RTL_PHOTO_MAX (8 * 1024 * 1024)

/* The name of the record id of entity (its "name" field) into out, "" when not on this device. */
static void s_name_of(struct web_req *q, const char *entity, const char *id, char *out, size_t n)
{
	ProtobufCMessage *m = NULL;
	out[0] = '\0';
	if (id && *id && lk_store_get(q->a->d.st, lk_entity_find(entity), id, &m) == 0) {
		char *v = lk_record_get(m, "name");
		lk_strlcpy(out, v ? v : "", n);
		free(v);
	}
	lk_record_free(m);
}

/* ---------------------------------------------------------------- changes */

/* Keep the uploaded photo as the item's attachment (the engine copies it into the blobs). */
static int s_attach(struct web_req *q, const char *rtl_id, const char *caption, struct dom_err *err)
{
	const struct web_upload *f = q->file;
	char dir[1100], path[1400], base[120];
	size_t n = 0;
	for (const char *p = f->filename; *p && n < sizeof base - 1; p++)
		base[n++] = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		                    *p == '-' || *p == '_'
		                ? *p
		                : '_';
	base[n] = '\0';
	if (n == 0 || base[0] == '.')
		lk_strlcpy(base, !strcmp(f->ctype, "image/png") ? "foto.png" : "foto.jpg", sizeof base);
	snprintf(dir, sizeof dir, "%s/upload-XXXXXX", q->a->eng->home);
	if (mkdtemp(dir) == NULL)
		return dom_fail(err, -LK_EIO, _("cannot keep the photo on this device"));
	snprintf(path, sizeof path, "%s/%s", dir, base);
	int rc = lk_write_file(path, f->data, f->len, 0600);
	if (rc == 0) {
		struct lk_attach_req r = {"rtl", rtl_id, path, caption && *caption ? caption : NULL,
		                          !strncmp(f->ctype, "image/", 6) ? f->ctype : NULL, RTL_PHOTO_MAX};
		char id[LK_UUID_STRLEN];
		if ((rc = lk_attach_add(q->a->eng, q->a->d.st, &r, id)) != 0)
			dom_fail(err, rc, "%s", lk_engine_error(q->a->eng)[0] ? lk_engine_error(q->a->eng) : lk_strerror(rc));
	} else {
		dom_fail(err, rc, _("cannot keep the photo on this device"));
	}
	unlink(path);
	rmdir(dir);
	return rc;
}

static int s_status_of(int rc)
{
	return rc == -LK_EPERM ? 403 : rc == -LK_ENOTFOUND ? 404 : 409;
}

/* The Kapus (or a deputy in force) verifies a done item with her signing passphrase. */
static void s_verify(struct web_req *q, const struct dom_meeting *mt, const char *id)
{
	struct dom *d = &q->a->d;
	struct dom_rtl_verify_in in = {.rtl_id = id, .person_id = q->me->id};
	struct dom_rtl_verifier who;
	struct signer_keyrec kr = {0};
	struct dom_err err = {0};
	uint8_t sk[LK_SIGN_SKLEN];
	const char *pass = web_field(q, "sandi"), *note = web_field(q, "catatan");
	int rc;
	in.note = note && *note ? note : NULL;
	if ((rc = dom_rtl_may_verify(d, &in, &who, &err)) != 0 ||
	    (rc = dom_sign_key_pick(d, q->me->id, who.name, &kr, &err)) != 0) {
		web_req_error(q, s_status_of(rc), dom_msg(&err, rc));
		return;
	}
	in.key_id = kr.k.id;
	if ((rc = dom_rtl_may_verify(d, &in, &who, &err)) != 0) {
		web_req_error(q, s_status_of(rc), dom_msg(&err, rc));
	} else if (pass == NULL || dom_sign_key_open(d, &kr, pass, sk) != 0) {
		web_req_error(q, 403, _("The signing key did not open: the passphrase is wrong. Nothing was verified."));
	} else {
		in.sk = sk;
		rc = dom_rtl_verify(d, &in, &err);
		sodium_memzero(sk, sizeof sk);
		if (rc != 0)
			web_req_error(q, s_status_of(rc), dom_msg(&err, rc));
		else
			web_rapat_back(q, mt, "/rtl", _("Verified."));
	}
	signer_key_release(&kr);
}

static void s_post(struct web_req *q, const struct dom_meeting *mt)
{
	struct dom_err err = {0};
	const char *op = web_field(q, "op"), *id = web_field(q, "item");
	int rc;
	if (op && !strcmp(op, "tambah")) {
		if (q->me->role_bit & WEB_ROLES_RTL_ADD)
			web_rtl_add_post(q, mt);
		else
			web_page_denied(q);
		return;
	}
	if (op == NULL || id == NULL || !lk_uuid_canonical(id)) {
		web_req_error(q, 400, _("The form was not complete."));
		return;
	}
	if (!strcmp(op, "verifikasi")) {
		s_verify(q, mt, id);
		return;
	}
	if (strcmp(op, "kemajuan")) {
		web_req_error(q, 400, _("The form was not complete."));
		return;
	}
	if ((rc = dom_rtl_may_update(&q->a->d, id, q->me->id, &err)) != 0) {
		web_req_error(q, s_status_of(rc), dom_msg(&err, rc));
		return;
	}
	const char *status = web_field(q, "status"), *note = web_field(q, "catatan");
	struct dom_rtl_update_in in = {id, status && *status ? status : NULL, note && *note ? note : NULL, NULL};
	int photo = q->file && q->file->len > 0;
	if (in.status == NULL && in.note == NULL && !photo) {
		web_req_error(q, 400, _("Choose a status, write a note or add a photo."));
		return;
	}
	if (photo && strncmp(q->file->ctype, "image/", 6)) {
		web_req_error(q, 400, _("The evidence must be a photo."));
		return;
	}
	if ((in.status || in.note) && (rc = dom_rtl_update(&q->a->d, &in, &err)) != 0) {
		web_req_error(q, s_status_of(rc), dom_msg(&err, rc));
		return;
	}
	if (photo && (rc = s_attach(q, id, note, &err)) != 0) {
		web_req_error(q, 409, dom_msg(&err, rc));
		return;
	}
	web_rapat_back(q, mt, "/rtl", _("Progress saved."));
}

/* ---------------------------------------------------------------- the board */

/* The attachments of the items on the page, gathered in one pass over the store. */
struct s_photo {
	char *owner, *mime, *hash, *cap, *file;
	size_t seq; /* the order the store gave them */
};
struct s_photos {
	const char **ids; /* the page's item ids, sorted */
	size_t nids;
	struct s_photo *v;
	size_t n, size;
};

static int s_cmp_id(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int s_cmp_photo(const void *a, const void *b)
{
	const struct s_photo *x = a, *y = b;
	int c = strcmp(x->owner, y->owner);
	return c ? c : x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int s_photo_take(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct s_photos *ph = arg;
	struct s_photo p = {lk_record_get(m, "owner_id"), NULL, lk_record_get(m, "hash"), NULL, NULL, ph->n};
	(void)e;
	if (!lk_record_deleted(m) && p.owner && p.hash &&
	    bsearch(&p.owner, ph->ids, ph->nids, sizeof *ph->ids, s_cmp_id) != NULL) {
		if (ph->n == ph->size) {
			size_t size = ph->size ? 2 * ph->size : 16;
			struct s_photo *v = realloc(ph->v, size * sizeof *v);
			if (v == NULL) {
				free(p.owner);
				free(p.hash);
				return -LK_ENOMEM;
			}
			ph->v = v;
			ph->size = size;
		}
		p.mime = lk_record_get(m, "mime");
		p.cap = lk_record_get(m, "caption");
		p.file = lk_record_get(m, "filename");
		ph->v[ph->n++] = p;
		return 0;
	}
	free(p.owner);
	free(p.hash);
	return 0;
}

/* Gather the attachments of the items of l, sorted by owner (each owner's in the store's order). */
static void s_photos_load(struct web_req *q, const struct dom_rtl_rows *l, struct s_photos *ph)
{
	memset(ph, 0, sizeof *ph);
	if (l->n == 0 || (ph->ids = calloc(l->n, sizeof *ph->ids)) == NULL)
		return;
	for (size_t i = 0; i < l->n; i++)
		ph->ids[ph->nids++] = lk_record_id(l->v[i].rec);
	qsort(ph->ids, ph->nids, sizeof *ph->ids, s_cmp_id);
	lk_store_list(q->a->d.st, lk_entity_find("attachment"), s_photo_take, ph);
	if (ph->n)
		qsort(ph->v, ph->n, sizeof *ph->v, s_cmp_photo);
}

static void s_photos_free(struct s_photos *ph)
{
	for (size_t i = 0; i < ph->n; i++) {
		free(ph->v[i].owner);
		free(ph->v[i].mime);
		free(ph->v[i].hash);
		free(ph->v[i].cap);
		free(ph->v[i].file);
	}
	free(ph->v);
	free(ph->ids);
	memset(ph, 0, sizeof *ph);
}

/* The photos and files of item id, as links. */
static void s_photos_of(const struct s_photos *ph, const char *id, struct web_buf *b)
{
	size_t lo = 0, hi = ph->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(ph->v[mid].owner, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == ph->n || strcmp(ph->v[lo].owner, id))
		return;
	web_buf_raw(b, "<div class=\"photos\">");
	for (size_t i = lo; i < ph->n && !strcmp(ph->v[i].owner, id); i++) {
		const struct s_photo *p = &ph->v[i];
		web_buf_raw(b, "<a href=\"/lampiran/");
		web_buf_esc(b, p->hash);
		if (p->mime && !strncmp(p->mime, "image/", 6)) {
			web_buf_raw(b, "\"><img src=\"/lampiran/");
			web_buf_esc(b, p->hash);
			web_buf_raw(b, "\" alt=\"");
			web_buf_esc(b, p->cap && *p->cap ? p->cap : p->file ? p->file : "");
			web_buf_raw(b, "\" loading=\"lazy\"></a>");
		} else {
			web_buf_raw(b, "\">");
			web_buf_esc(b, p->file ? p->file : p->hash);
			web_buf_raw(b, "</a>");
		}
	}
	web_buf_raw(b, "</div>\n");
}

/* The running record of progress, each line's day ("2026-11-03: ...") in words. */
static void s_notes(const struct web_req *q, const char *note, struct web_buf *b)
{
	enum lk_lang lang = web_lang(q);
	web_buf_raw(b, "<p class=\"notes\">");
	for (const char *p = note; *p;) {
		size_t len = strcspn(p, "\n");
		char day[LK_DATE_STRLEN];
		struct lk_date d;
		if (len > 10 && p[10] == ':' && (memcpy(day, p, 10), day[10] = '\0', lk_date_parse(day, &d) == 0)) {
			web_buf_raw(b, "<span class=\"date\">");
			web_day(b, day, lang);
			web_buf_raw(b, "</span>");
			p += 10;
			len -= 10;
		}
		char *text = strndup(p, len);
		web_buf_esc(b, text ? text : "");
		free(text);
		p += len;
		if (*p == '\n') {
			web_buf_raw(b, "\n");
			p++;
		}
	}
	web_buf_raw(b, "</p>\n");
}

static void s_update_form(struct web_req *q, const struct dom_meeting *mt, const char *id, const char *status,
                          struct web_buf *b)
{
	static const char *const next[] = {"in_progress", "done", "dropped", "open"};
	char fid[60];
	web_rapat_form(q, mt, "/rtl", "stack progress", 1, b);
	web_buf_raw(b, "<input type=\"hidden\" name=\"op\" value=\"kemajuan\"><input type=\"hidden\" name=\"item\" value=\"");
	web_buf_esc(b, id);
	web_buf_raw(b, "\">\n");
	snprintf(fid, sizeof fid, "st-%.36s", id);
	web_rapat_label(b, fid, _("New status"));
	web_buf_printf(b, "<select id=\"%s\" name=\"status\"><option value=\"\">", fid);
	web_buf_esc(b, _("(unchanged)"));
	web_buf_raw(b, "</option>");
	for (size_t i = 0; i < LK_ARRAY_LEN(next); i++)
		if (strcmp(next[i], status)) {
			web_buf_printf(b, "<option value=\"%s\">", next[i]);
			web_buf_esc(b, dom_rtl_status_text(next[i]));
			web_buf_raw(b, "</option>");
		}
	web_buf_raw(b, "</select>\n");
	snprintf(fid, sizeof fid, "nt-%.36s", id);
	web_rapat_label(b, fid, _("What was done (evidence)"));
	web_buf_printf(b, "<textarea id=\"%s\" name=\"catatan\" rows=\"2\" maxlength=\"2000\"></textarea>\n", fid);
	snprintf(fid, sizeof fid, "ft-%.36s", id);
	web_rapat_label(b, fid, _("Photo as evidence"));
	web_buf_printf(b, "<input id=\"%s\" name=\"foto\" type=\"file\" accept=\"image/*\" capture=\"environment\">\n", fid);
	web_buf_raw(b, "<button type=\"submit\">");
	web_buf_esc(b, _("Save progress"));
	web_buf_raw(b, "</button></form>\n");
}

static void s_verify_form(struct web_req *q, const struct dom_meeting *mt, const char *id, struct web_buf *b)
{
	char fid[60];
	web_rapat_form(q, mt, "/rtl", "stack verify", 0, b);
	web_buf_raw(b, "<input type=\"hidden\" name=\"op\" value=\"verifikasi\"><input type=\"hidden\" name=\"item\" value=\"");
	web_buf_esc(b, id);
	web_buf_raw(b, "\">\n");
	snprintf(fid, sizeof fid, "pw-%.36s", id);
	web_rapat_label(b, fid, _("Passphrase of your signing key"));
	web_buf_printf(b, "<input id=\"%s\" name=\"sandi\" type=\"password\" autocomplete=\"off\" required>\n", fid);
	web_buf_raw(b, "<button type=\"submit\">");
	web_buf_esc(b, _("Verify"));
	web_buf_raw(b, "</button></form>\n");
}

static void s_item(struct web_req *q, const struct dom_meeting *mt, const struct dom_rtl_row *row,
                   const struct s_photos *ph, struct web_buf *b)
{
	const ProtobufCMessage *m = row->rec;
	const char *id = lk_record_id(m);
	char *act = lk_record_get(m, "activity"), *due = lk_record_get(m, "due_date"), *st = lk_record_get(m, "status"),
	     *op = lk_record_get(m, "owner_person_id"), *os = lk_record_get(m, "owner_sector_id"),
	     *opk = lk_record_get(m, "owner_puskesmas"), *note = lk_record_get(m, "status_note");
	char owner[200], day[LK_FMT_LEN], age[32];
	struct dom_err err = {0};
	s_name_of(q, "person", op, owner, sizeof owner);
	if (!owner[0])
		s_name_of(q, "sector", os, owner, sizeof owner);
	if (!owner[0] && opk && *opk && region_puskesmas_name(q->a->d.st, opk, owner, sizeof owner) != 0)
		lk_strlcpy(owner, _("a puskesmas not yet named on this device"), sizeof owner);
	web_buf_raw(b, "<li><p class=\"act\">");
	web_buf_esc(b, act ? act : "");
	web_buf_raw(b, "</p>\n<p class=\"meta\"><span class=\"status\">");
	web_buf_esc(b, dom_rtl_status_text(st ? st : ""));
	web_buf_raw(b, "</span> ");
	web_buf_escf(b, _("In charge: %s"), owner[0] ? owner : "-");
	web_buf_raw(b, " &middot; ");
	web_buf_escf(b, _("Due %s"), web_rapat_day(q, due, day, sizeof day));
	if (row->overdue) {
		lk_fmt_int(age, sizeof age, row->age, web_rapat_lang(q));
		web_buf_raw(b, " <span class=\"late\">");
		web_buf_escf(b, P_("%s day overdue", "%s days overdue", (unsigned long)row->age), age);
		web_buf_raw(b, "</span>");
	}
	web_buf_raw(b, "</p>\n");
	if (note && *note)
		s_notes(q, note, b);
	s_photos_of(ph, id, b);
	int closed = st && (!strcmp(st, "verified") || !strcmp(st, "dropped"));
	if (!closed && dom_rtl_may_update(&q->a->d, id, q->me->id, &err) == 0)
		s_update_form(q, mt, id, st ? st : "", b);
	if (st && !strcmp(st, "done") && (q->me->role_bit & (WEB_ROLE_KAPUS | WEB_ROLE_CAMAT))) {
		struct dom_rtl_verify_in vin = {.rtl_id = id, .person_id = q->me->id};
		struct dom_rtl_verifier who;
		if (dom_rtl_may_verify(&q->a->d, &vin, &who, &err) == 0)
			s_verify_form(q, mt, id, b);
	}
	web_buf_raw(b, "</li>\n");
	free(act);
	free(due);
	free(st);
	free(op);
	free(os);
	free(opk);
	free(note);
}

void web_page_rtl(struct web_req *q)
{
	struct dom_meeting mt;
	struct dom_rtl_rows l = {0};
	struct dom_err err = {0};
	struct web_buf b = {0};
	static const char *const heads[] = {N_("Overdue"), N_("Open"), N_("Done, waiting for verification"),
	                                    N_("Verified")};

	if (web_rapat_of(q, &mt) != 0)
		return;
	if (q->post) {
		s_post(q, &mt);
		return;
	}
	int rc = dom_rtl_board(&q->a->d, &mt, &l, &err);
	if (rc != 0) {
		web_req_error(q, 409, dom_msg(&err, rc));
		return;
	}
	web_rapat_head(q, &mt, _("Follow-up (RTL)"), &b);
	if (q->me->role_bit & WEB_ROLES_RTL_ADD)
		web_rtl_add_form(q, &mt, &b);
	struct s_photos ph;
	s_photos_load(q, &l, &ph);
	if (l.n == 0) {
		web_buf_raw(&b, "<p class=\"empty\">");
		web_buf_esc(&b, _("No follow-up action agreed yet."));
		web_buf_raw(&b, "</p>\n");
	}
	web_buf_raw(&b, "<div class=\"board\">\n");
	for (int col = 0; col < DOM_RTL_NCOLS && l.n; col++) {
		web_buf_raw(&b, "<section class=\"col\"><h2>");
		web_buf_esc(&b, _(heads[col]));
		web_buf_raw(&b, "</h2>\n<ul class=\"rtl\">\n");
		for (size_t i = 0; i < l.n; i++)
			if (l.v[i].col == col)
				s_item(q, &mt, &l.v[i], &ph, &b);
		web_buf_raw(&b, "</ul></section>\n");
	}
	web_buf_raw(&b, "</div>\n");
	s_photos_free(&ph);
	dom_rtl_rows_free(&l);
	web_req_page(q, _("Follow-up (RTL)"), &b);
	web_buf_free(&b);
}

struct s_blob {
	const char *hash;
	char mime[100];
	int found;
};

static int s_blob_of(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct s_blob *bl = arg;
	char *h = lk_record_get(m, "hash"), *mime = lk_record_get(m, "mime");
	(void)e;
	if (!bl->found && !lk_record_deleted(m) && h && !strcmp(h, bl->hash)) {
		bl->found = 1;
		lk_strlcpy(bl->mime, mime ? mime : "", sizeof bl->mime);
	}
	free(h);
	free(mime);
	return 0;
}

/* /lampiran/HASH: an attachment's content for a logged-in person, with its own type. */
void web_page_lampiran(struct web_req *q)
{
	static const char *const types[] = {"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"};
	struct s_blob bl = {q->rest, "", 0};
	char path[1400], *data = NULL;
	size_t len = 0;
	/* Only content that an attachment record on this device names, and is here. */
	if (lk_attach_blob_path(q->a->eng->home, q->rest, path, sizeof path) != 0 ||
	    lk_store_list(q->a->d.st, lk_entity_find("attachment"), s_blob_of, &bl) < 0 || !bl.found ||
	    lk_read_file(path, &data, &len) != 0) {
		web_page_error(q->a, q->s, q->r, 404);
		return;
	}
	q->r->ctype = "application/octet-stream";
	for (size_t i = 0; i < LK_ARRAY_LEN(types); i++)
		if (!strcmp(bl.mime, types[i]))
			q->r->ctype = types[i];
	q->r->status = 200;
	web_buf_add(&q->r->body, data, len);
	free(data);
}
