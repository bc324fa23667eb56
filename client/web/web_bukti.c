/* web_bukti: /dinas/bukti.zip, a puskesmas' accreditation evidence of a year as one ZIP: the documents as PDF,
 * the photos and proof exactly as uploaded, and an index (index.html to read, index.csv to sort). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach.h"
#include "doc_rows.h"
#include "letter.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "notulen.h"
#include "region.h"
#include "store.h"
#include "web_dinas.h"
#include "zipfile.h"

/* The bundle being made: the archive and its index, one line per file. */
struct bundle {
	struct web_req *q;
	const struct web_pkm *p;
	struct rd_zip *z;
	struct web_buf rows; /* index.html's table rows */
	struct web_buf csv;
	int files, missing;
};

static void s_csv(struct web_buf *b, const char *s, int last)
{
	web_buf_raw(b, "\"");
	for (; *s; s++)
		web_buf_add(b, *s == '"' ? "\"\"" : s, *s == '"' ? 2 : 1);
	web_buf_raw(b, last ? "\"\r\n" : "\",");
}

/* One line of the index: the file (NULL: not in the bundle), its month, the meeting's day, the EP, what it is. */
static void s_index(struct bundle *bd, const char *file, const struct ev_month *m, const char *ep, const char *what)
{
	enum lk_lang lang = web_lang(bd->q);
	struct web_buf day = {0};
	const char *month = m ? lk_fmt_month(m->period, lang) : "";
	web_day(&day, m ? (m->held[0] ? m->held : m->planned) : "", lang);
	web_buf_add(&day, "", 1); /* a C string (web_day escaped it; the names here hold no markup) */
	web_buf_raw(&bd->rows, "<tr><td>");
	if (file) {
		web_buf_raw(&bd->rows, "<a href=\"");
		web_buf_esc(&bd->rows, file);
		web_buf_raw(&bd->rows, "\">");
		web_buf_esc(&bd->rows, file);
		web_buf_raw(&bd->rows, "</a>");
	} else {
		web_buf_esc(&bd->rows, _("(not in the bundle)"));
	}
	web_buf_raw(&bd->rows, "</td><td>");
	web_buf_esc(&bd->rows, month);
	web_buf_raw(&bd->rows, "</td><td>");
	web_buf_raw(&bd->rows, day.p);
	web_buf_raw(&bd->rows, "</td><td>");
	web_buf_esc(&bd->rows, ep);
	web_buf_raw(&bd->rows, "</td><td>");
	web_buf_esc(&bd->rows, what);
	web_buf_raw(&bd->rows, "</td></tr>\n");
	s_csv(&bd->csv, file ? file : "", 0);
	s_csv(&bd->csv, month, 0);
	s_csv(&bd->csv, m ? (m->held[0] ? m->held : m->planned) : "", 0);
	s_csv(&bd->csv, ep, 0);
	s_csv(&bd->csv, what, 1);
	web_buf_free(&day);
}

static int s_add(struct bundle *bd, const char *name, const void *data, size_t len)
{
	if (rd_zip_add(bd->z, name, data, len) != 0)
		return -1;
	bd->files++;
	return 0;
}

/* One document of a held meeting as PDF, when its record is on the device. */
static void s_document(struct bundle *bd, const struct ev_month *m, const char *file, web_pdf_fill fill,
                       const ProtobufCMessage *rec, const char *what)
{
	struct dom_err err = {0};
	char *data = NULL, name[120];
	size_t len = 0;
	snprintf(name, sizeof name, "dokumen/%02d-%s.pdf", m->period, file);
	if (rec && web_pdf_bytes(bd->q->a, fill, rec, &data, &len, &err) == 0 && s_add(bd, name, data, len) == 0) {
		s_index(bd, name, m, "a", what);
	} else {
		bd->missing++;
		s_index(bd, NULL, m, "a", what);
	}
	free(data);
}

static void s_documents(struct bundle *bd, const struct ev_month *m)
{
	struct dom *d = &bd->q->a->d;
	struct dom_rows rows = {.field = "meeting_id", .value = m->id};
	ProtobufCMessage *mt = NULL;
	if (m->invitation && dom_rows_load(d, "invitation", &rows, NULL) == 0) {
		s_document(bd, m, "undangan", rl_undangan, dom_rows_newest(&rows, "issued_date", 0), _("Invitation"));
		dom_rows_free(&rows);
	}
	if (m->attendance && lk_store_get(d->st, lk_entity_find("meeting"), m->id, &mt) == 0) {
		s_document(bd, m, "daftar-hadir", rl_hadir, mt, _("Attendance list"));
		lk_record_free(mt);
	}
	struct dom_rows mins = {.field = "meeting_id", .value = m->id};
	if (m->minutes && dom_rows_load(d, "minutes", &mins, NULL) == 0) {
		s_document(bd, m, "notulen", rd_notulen, dom_rows_newest(&mins, "revision", 1), _("Minutes"));
		dom_rows_free(&mins);
	}
}

/* A photo or proof exactly as stored, fetched from lokmind when this device does not hold it yet. */
static void s_file(struct bundle *bd, const struct ev_file *f, int nth)
{
	struct web_app *a = bd->q->a;
	char path[1200], name[160], what[500];
	char *data = NULL;
	size_t len = 0;
	const char *dot = strrchr(f->filename, '.');
	const struct ev_month *m = f->period >= 1 && f->period <= 12 ? &bd->p->months[f->period - 1] : NULL;
	snprintf(name, sizeof name, "%s/%02d-%s-%d%s", f->rtl[0] ? "rtl" : "foto", f->period, f->rtl[0] ? "bukti" : "foto",
	         nth, dot && strlen(dot) <= 6 ? dot : "");
	if (f->rtl[0])
		snprintf(what, sizeof what, _("proof of the RTL item \"%s\": %s"), f->rtl,
		         f->caption[0] ? f->caption : f->filename);
	else
		snprintf(what, sizeof what, _("photo of the lokmin: %s"), f->caption[0] ? f->caption : f->filename);
	int ok = lk_attach_blob_path(a->d.home, f->hash, path, sizeof path) == 0 &&
	         (lk_read_file(path, &data, &len) == 0 ||
	          (lk_attach_fetch(a->eng, a->d.st, f->id, NULL, path, sizeof path) == 0 &&
	           lk_read_file(path, &data, &len) == 0));
	if (ok && s_add(bd, name, data, len) == 0) {
		s_index(bd, name, m, f->rtl[0] ? "c" : "a", what);
	} else {
		bd->missing++;
		char more[600];
		snprintf(more, sizeof more, "%s (%s)", what, _("not on this device and could not be fetched; try again online"));
		s_index(bd, NULL, m, f->rtl[0] ? "c" : "a", more);
	}
	free(data);
}

/* The name of the download: the puskesmas' name and the year, letters and digits only. */
static void s_filename(const struct web_pkm *p, char *out, size_t n)
{
	char name[200];
	size_t j = 0;
	for (const char *s = p->pusk_name; *s && j + 1 < sizeof name; s++)
		name[j++] = ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')) ? *s : '-';
	name[j] = '\0';
	snprintf(out, n, "bukti-akreditasi-%.100s-%d.zip", name, p->year);
}

static void s_index_page(struct bundle *bd, struct web_buf *out)
{
	const struct web_pkm *p = bd->p;
	struct web_buf ev = {0};
	char title[300];
	snprintf(title, sizeof title, _("Accreditation evidence 1.6.2, %s, year %d"), p->pusk_name, p->year);
	web_buf_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>",
	               web_lang(bd->q) == LK_LANG_ID ? "id" : "en");
	web_buf_esc(out, title);
	web_buf_raw(out, "</title>\n<style>body{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}"
	                 "table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3rem;"
	                 "text-align:left;vertical-align:top}.ep-bad{font-weight:bold}"
	                 "h2,h3{break-after:avoid}thead{display:table-header-group}</style></head><body>\n<h1>");
	web_buf_esc(out, title);
	web_buf_raw(out, "</h1>\n<p>");
	char kec[220];
	if (p->kec_name[0])
		web_buf_esc(out, region_kecamatan_label(p->kec_name, NULL, kec, sizeof kec));
	web_buf_raw(out, "</p>\n<h2>");
	web_buf_esc(out, _("Files in this bundle"));
	web_buf_printf(out, "</h2>\n<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>"
	                    "</thead>\n<tbody>\n",
	               _("File"), _("Month"), _("Meeting date"), _("EP"), _("What it is"));
	web_buf_add(out, bd->rows.p ? bd->rows.p : "", bd->rows.len);
	web_buf_raw(out, "</tbody>\n</table>\n<h2>");
	web_buf_esc(out, _("Accreditation evidence, criterion 1.6.2"));
	web_buf_raw(out, "</h2>\n");
	if (web_pkm_evidence(bd->q, p, &ev, NULL) == 0)
		web_buf_add(out, ev.p ? ev.p : "", ev.len);
	web_buf_free(&ev);
	web_buf_raw(out, "</body></html>\n");
}

void web_page_dinas_bukti(struct web_req *q)
{
	struct web_pkm p;
	struct bundle bd = {0};
	struct ev_file *files = NULL;
	size_t nfiles = 0;
	char *zip = NULL;
	size_t zlen = 0;
	if (web_pkm_of(q, &p) != 0)
		return;
	bd.q = q;
	bd.p = &p;
	if ((bd.z = rd_zip_new()) == NULL || ev_files(q->a->d.st, p.u.code, p.year, &files, &nfiles) != 0) {
		rd_zip_free(&bd.z);
		web_req_error(q, 500, _("The evidence bundle could not be made."));
		return;
	}
	s_csv(&bd.csv, _("file"), 0);
	s_csv(&bd.csv, _("month"), 0);
	s_csv(&bd.csv, _("meeting date"), 0);
	s_csv(&bd.csv, _("EP"), 0);
	s_csv(&bd.csv, _("what it is"), 1);
	for (int i = 0; i < 12; i++) {
		const struct ev_month *m = &p.months[i];
		if (m->id[0] && (m->state == EV_HELD || m->state == EV_HELD_POSTPONED))
			s_documents(&bd, m);
		int nth = 0;
		for (size_t f = 0; f < nfiles; f++)
			if (files[f].period == i + 1 && !files[f].rtl[0])
				s_file(&bd, &files[f], ++nth);
		nth = 0;
		for (size_t f = 0; f < nfiles; f++)
			if (files[f].period == i + 1 && files[f].rtl[0])
				s_file(&bd, &files[f], ++nth);
	}
	free(files);
	struct web_buf page = {0};
	s_index_page(&bd, &page);
	int rc = s_add(&bd, "index.html", page.p ? page.p : "", page.len);
	if (rc == 0)
		rc = s_add(&bd, "index.csv", bd.csv.p ? bd.csv.p : "", bd.csv.len);
	if (rc == 0)
		rc = rd_zip_finish(bd.z, &zip, &zlen);
	web_buf_free(&page);
	web_buf_free(&bd.rows);
	web_buf_free(&bd.csv);
	rd_zip_free(&bd.z);
	if (rc != 0) {
		free(zip);
		web_req_error(q, 500, _("The evidence bundle could not be made."));
		return;
	}
	web_buf_add(&q->r->body, zip, zlen);
	free(zip);
	q->r->ctype = "application/zip";
	char name[160];
	s_filename(&p, name, sizeof name);
	snprintf(q->r->disposition, sizeof q->r->disposition, "attachment; filename=\"%s\"", name);
	q->r->status = 200;
}
