/* print_notulen: the Notulen of a meeting as a print-ready HTML page (`lokmin print notulen`). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "attach.h"
#include "client.h"
#include "clock.h"
#include "doc_rows.h"
#include "doc_text.h"
#include "notulen.h"
#include "report.h"
#include "seal_qr.h"
#include "verify.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "names.h"
#include "signed_doc.h"
#include "signer.h"
#include "store.h"

/* Fill r from entity; 0, or negative with the reason printed and r emptied. */
static int s_rows_load(lk_store *st, const char *entity, struct dom_rows *r)
{
	struct dom d = {.st = st};
	struct dom_err err;
	int rc = dom_rows_load(&d, entity, r, &err);
	if (rc < 0)
		fprintf(stderr, "lokmin: %s\n", dom_msg(&err, rc));
	return rc;
}

/* ---------------------------------------------------------------- HTML text */

/* What every page shares: the store, the output and the meeting. */
struct page {
	lk_store *st;
	FILE *f;
	const ProtobufCMessage *mt;
	const char *home; /* the profile folder: attachment content is in home/blobs */
	const struct lk_tz *tz; /* the office's zone: times print as its clocks showed them */
};

/* A field's value, escaped; `empty` stands for an empty value. */
static void s_field(FILE *f, const ProtobufCMessage *m, const char *field, const char *empty)
{
	char *v = lk_record_get(m, field);
	report_html_esc(f, v && v[0] ? v : empty);
	free(v);
}

/* A date (or the date part of a time) as "Senin, 3 Maret 2036"; other text as it is, "-" when empty. */
static void s_tanggal(FILE *f, const char *iso)
{
	char day[LK_DATE_STRLEN];
	struct lk_date d;
	lk_strlcpy(day, iso ? iso : "", sizeof day);
	if (lk_date_parse(day, &d) == 0)
		fprintf(f, "%s, %d %s %d", lk_hari(lk_date_weekday(&d)), d.d, lk_bulan(d.m), d.y);
	else
		report_html_esc(f, iso && iso[0] ? iso : "-");
}

/* A stored UTC time (YYYY-MM-DDTHH:MM:SSZ) as the office's clocks showed it (tz):
 * "08.15 WIB", "3 Maret 2036 pukul 08.15 WIB" when with_date. Other text as it
 * is, "-" when empty. */
static void s_waktu(const struct lk_tz *tz, FILE *f, const char *iso, int with_date)
{
	char text[LK_FMT_LEN];
	int64_t t;
	if (iso == NULL || lk_utc_parse(iso, &t) != 0 ||
	    lk_fmt_at(text, sizeof text, tz, t, with_date ? LK_FMT_DATE | LK_FMT_TIME : LK_FMT_TIME, LK_LANG_ID) != 0) {
		report_html_esc(f, iso && iso[0] ? iso : "-");
		return;
	}
	report_html_esc(f, text);
}

/* The value of a field as a date or a time (see s_tanggal and s_waktu). */
static void s_field_when(const struct lk_tz *tz, FILE *f, const ProtobufCMessage *m, const char *field,
                         int is_time)
{
	char *v = lk_record_get(m, field);
	if (is_time)
		s_waktu(tz, f, v, 1);
	else
		s_tanggal(f, v);
	free(v);
}

/* ---------------------------------------------------------------- page frame */

static const char s_css[] =
	"@page { size: A4; margin: 2cm }\n"
	"body { font-family: \"Times New Roman\", Times, \"Liberation Serif\", serif; font-size: 12pt;"
	" line-height: 1.4; color: #000; background: #fff; max-width: 17cm; margin: 1cm auto }\n"
	".kop { text-align: center; border-bottom: 3px double #000; padding-bottom: 6pt; margin-bottom: 14pt }\n"
	".kop-atas { font-size: 13pt }\n"
	".kop-nama { font-size: 17pt; font-weight: bold; letter-spacing: 1pt }\n"
	".kop-bawah { font-size: 11pt }\n"
	"h1 { font-size: 14pt; text-align: center; text-decoration: underline; margin: 10pt 0 }\n"
	"h2 { font-size: 12pt; margin: 16pt 0 6pt }\n"
	".teks { white-space: pre-wrap; font-family: inherit; margin: 0 }\n"
	"table { width: 100%; border-collapse: collapse; margin: 6pt 0 }\n"
	"th, td { border: 1px solid #000; padding: 3pt 5pt; text-align: left; vertical-align: top }\n"
	"th { background: #e8e8e8 }\n"
	"table.info { width: auto }\n"
	"table.info td { border: none; padding: 1pt 8pt 1pt 0 }\n"
	"td.no { width: 2.5em; text-align: right }\n"
	"td.ttd { width: 4cm; height: 1.1cm }\n"
	"figure { margin: 8pt 0; page-break-inside: avoid }\n"
	"figure img { max-width: 100%; max-height: 11cm }\n"
	"figcaption { font-size: 10.5pt; font-style: italic }\n"
	".catatan { font-size: 11pt }\n"
	".signature { margin: 18pt 0 0 50%; page-break-inside: avoid }\n"
	".signature .status { font-size: 10.5pt; font-style: italic }\n"
	".signature[data-status=\"invalid\"] .status, .signature[data-status=\"unsigned\"] .status"
	" { font-style: normal; font-weight: bold }\n"
	".signature .nama { font-weight: bold; text-decoration: underline; margin-top: 6pt }\n"
	".signature .kosong { margin-top: 50pt }\n"
	".segel { display: flex; align-items: center; gap: 8pt; margin-top: 6pt; font-size: 10pt }\n"
	".segel .payload { display: none }\n"
	"@media print {\n"
	"  body { margin: 0; max-width: none }\n"
	"  th { background: none }\n"
	"  thead { display: table-header-group }\n"
	"  tr, .signature, .tanggapan { page-break-inside: avoid }\n"
	"}\n";

/* The letterhead from rec's tenant keys: the puskesmas, or the kecamatan for a
 * cross-sector meeting (the client knows only their codes). */
static void s_letterhead(FILE *f, const ProtobufCMessage *rec)
{
	const char *kab, *kec, *pusk;
	lk_record_keys(rec, &kab, &kec, &pusk);
	fputs("<header class=\"kop\">\n<div class=\"kop-atas\">", f);
	fputs(pusk[0] ? "DINAS KESEHATAN KABUPATEN/KOTA " : "PEMERINTAH KABUPATEN/KOTA ", f);
	report_html_esc(f, kab);
	fputs("</div>\n<div class=\"kop-nama\">", f);
	fputs(pusk[0] ? "PUSKESMAS " : "KECAMATAN ", f);
	report_html_esc(f, pusk[0] ? pusk : kec);
	fputs("</div>\n", f);
	if (pusk[0]) {
		fputs("<div class=\"kop-bawah\">Kecamatan ", f);
		report_html_esc(f, kec);
		fputs("</div>\n", f);
	}
	fputs("</header>\n", f);
}

/* Everything before the document's body: head, style and letterhead from rec's keys. */
static void s_head(const struct page *p, const char *what, const ProtobufCMessage *rec)
{
	fprintf(p->f, "<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s - ", what);
	s_field(p->f, p->mt, "title", "Lokakarya Mini");
	fprintf(p->f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", s_css);
	s_letterhead(p->f, rec);
	fputs("<main>\n", p->f);
}

static void s_foot(const struct page *p)
{
	fputs("</main>\n</body>\n</html>\n", p->f);
}

/* The text of a signed document, line breaks kept. */
static void s_text(const struct page *p, const ProtobufCMessage *doc)
{
	struct dom_doc_text t;
	char *text = lk_record_get(doc, "document"), *buf = NULL;
	size_t len = 0;
	FILE *f = NULL;
	fputs("<div class=\"teks\">", p->f);
	/* A canonical Notulen as a person reads it; an older free text as it was signed. */
	if (dom_doc_text_parse(text, &t) == 0 && !strcmp(t.kind, "notulen") && (f = open_memstream(&buf, &len)) != NULL) {
		notulen_readable(f, &t);
		fclose(f);
		report_html_esc(p->f, buf ? buf : "");
	} else {
		report_html_esc(p->f, text ? text : "");
	}
	fputs("</div>\n", p->f);
	dom_doc_text_free(&t);
	free(buf);
	free(text);
}

/* ---------------------------------------------------------------- signature */

/* Who signed, and when, for a signature that verifies. */
static void s_signed_by(const struct lk_tz *tz, FILE *f, const ProtobufCMessage *doc, const ProtobufCMessage *signer)
{
	char *title = lk_record_get(signer, "title"), *nip = lk_record_get(signer, "nip");
	fputs("Ditandatangani secara elektronik oleh ", f);
	s_field(f, signer, "name", "");
	if (title && title[0]) {
		fputs(" (", f);
		report_html_esc(f, title);
		fputs(")", f);
	}
	fputs(" pada ", f);
	s_field_when(tz, f, doc, "signed_at", 1);
	fputs("; tanda tangan terverifikasi</p>\n<p class=\"nama\">", f);
	s_field(f, signer, "name", "");
	fputs("</p>\n", f);
	if (nip && nip[0]) {
		fputs("<p>NIP. ", f);
		report_html_esc(f, nip);
		fputs("</p>\n", f);
	}
	free(title);
	free(nip);
}

/* The document's seal as a QR code beside its caption, for a signature that
 * verifies; the code's text also as data-seal (and hidden text), so that a
 * program or a person can take it without a camera. */
static void s_seal(FILE *f, const ProtobufCMessage *doc)
{
	char seal[LK_SEAL_MAX];
	struct dom_qr q;
	const char *entity = doc->descriptor == lk_entity_find("minutes")->desc ? "minutes" : "invitation";
	if (dom_seal_of(entity, doc, seal) != 0 || dom_qr_make(seal, &q) != 0)
		return;
	fprintf(f, "<div class=\"segel\" data-seal=\"%s\">", seal); /* the seal has no character to escape */
	dom_qr_svg(f, &q, 0.5);
	fprintf(f, "<span class=\"caption\">Pindai untuk memeriksa tanda tangan<br>(lokmin verify)</span>"
	           "<span class=\"payload\">%s</span></div>\n", seal);
	dom_qr_free(&q);
}

/* The signature block: the state of doc's signature in words and as data-status. */
static void s_signature(const struct page *p, const ProtobufCMessage *doc)
{
	static const char *const status[] = {"unsigned", "invalid", "verified"};
	ProtobufCMessage *signer = NULL;
	struct dom d = {.st = p->st};
	enum signer_state state = dom_doc_state(&d, doc, &signer);
	fprintf(p->f, "<div class=\"signature\" data-status=\"%s\">\n<p class=\"status\">", status[state]);
	if (state == SIGNER_VERIFIED) {
		s_signed_by(p->tz, p->f, doc, signer);
		s_seal(p->f, doc);
	} else
		fprintf(p->f, "%s</p>\n<p class=\"nama kosong\">(..............................)</p>\n",
		        state == SIGNER_INVALID ? "TANDA TANGAN TIDAK VALID" : "BELUM DITANDATANGANI");
	fputs("</div>\n", p->f);
	lk_record_free(signer);
}

/* ---------------------------------------------------------------- Notulen */

/* The change history the SOP asks for: every revision, oldest first. */
static void s_history(const struct page *p, struct dom_rows *revs)
{
	dom_rows_sort(revs, "revision", 1);
	fputs("<h2>Riwayat Perubahan</h2>\n<table>\n<thead><tr><th>Revisi</th><th>Tanggal berlaku</th>"
	      "<th>Catatan perubahan</th><th>Status</th></tr></thead>\n<tbody>\n",
	      p->f);
	for (size_t i = 0; i < revs->n; i++) {
		const ProtobufCMessage *m = revs->v[i];
		char *sig = lk_record_get(m, "signature"), *no = lk_record_get(m, "revision");
		fputs("<tr><td class=\"no\">", p->f);
		report_html_esc(p->f, no);
		fputs("</td><td>", p->f);
		s_field_when(p->tz, p->f, m, "effective_date", 0);
		fputs("</td><td>", p->f);
		s_field(p->f, m, "change_note", no && !strcmp(no, "1") ? "Naskah awal" : "-");
		fprintf(p->f, "</td><td>%s</td></tr>\n", sig && sig[0] ? "ditandatangani" : "draf");
		free(sig);
		free(no);
	}
	fputs("</tbody>\n</table>\n", p->f);
}

/* The district's answer to these minutes, when there is one. 0, or 1 when it cannot be read. */
static int s_review(const struct page *p, const ProtobufCMessage *minutes)
{
	struct dom_rows r = {.field = "minutes_id", .value = lk_record_id(minutes)};
	if (s_rows_load(p->st, "minutes_review", &r) < 0)
		return 1;
	const ProtobufCMessage *rv = dom_rows_newest(&r, "reviewed_at", 0);
	if (rv) {
		char *status = lk_record_get(rv, "status");
		fprintf(p->f, "<section class=\"tanggapan\">\n<h2>Tanggapan Dinas Kesehatan</h2>\n<table class=\"info\">\n"
		              "<tr><td>Status</td><td>: %s</td></tr>\n<tr><td>Penelaah</td><td>: ",
		        status && !strcmp(status, "acknowledged") ? "Diterima" : "Perlu perbaikan");
		s_field(p->f, rv, "reviewer", "-");
		fputs("</td></tr>\n<tr><td>Tanggal</td><td>: ", p->f);
		s_field_when(p->tz, p->f, rv, "reviewed_at", 1);
		fputs("</td></tr>\n</table>\n<div class=\"teks\">", p->f);
		s_field(p->f, rv, "feedback", "(tanpa catatan)");
		fputs("</div>\n</section>\n", p->f);
		free(status);
	}
	dom_rows_free(&r);
	return 0;
}

/* Largest photo embedded in a printed page; bigger ones are listed by name. */
#define PRINT_PHOTO_MAX (8 * 1024 * 1024)

/* One attachment of the meeting: the photo itself when its content is on this
 * device, otherwise its name and how to fetch it. */
static void s_photo(const struct page *p, const ProtobufCMessage *a)
{
	char *hash = lk_record_get(a, "hash"), *mime = lk_record_get(a, "mime"), *data = NULL, path[1200];
	size_t len = 0;
	int here = lk_attach_blob_path(p->home, hash, path, sizeof path) == 0;
	char *size = lk_record_get(a, "size");
	int image = !strncmp(mime, "image/", 6) && !strchr(mime, '"') && atoll(size) <= PRINT_PHOTO_MAX;
	free(size);
	fputs("<figure>", p->f);
	if (image && here && lk_read_file(path, &data, &len) == 0 && len > 0 && len <= PRINT_PHOTO_MAX) {
		size_t b64len = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
		char *b64 = malloc(b64len);
		if (b64 != NULL) {
			sodium_bin2base64(b64, b64len, (const unsigned char *)data, len, sodium_base64_VARIANT_ORIGINAL);
			fprintf(p->f, "<img src=\"data:%s;base64,%s\" alt=\"\">", mime, b64);
			free(b64);
		}
	} else {
		fputs("<div class=\"catatan\">[", p->f);
		s_field(p->f, a, "filename", "lampiran");
		fputs(image ? " belum diunduh ke perangkat ini: lokmin attachment get " : ": lokmin attachment get ", p->f);
		report_html_esc(p->f, lk_record_id(a));
		fputs("]</div>", p->f);
	}
	fputs("<figcaption>", p->f);
	s_field(p->f, a, "caption", "");
	fputs("</figcaption></figure>\n", p->f);
	free(data);
	free(hash);
	free(mime);
}

/* The meeting's photos and documents (evidence for accreditation). */
static int s_dokumentasi(const struct page *p)
{
	struct dom_rows r = {.field = "owner_id", .value = lk_record_id(p->mt)};
	if (s_rows_load(p->st, "attachment", &r) < 0)
		return 1;
	if (r.n > 0)
		fputs("<h2>Dokumentasi</h2>\n", p->f);
	for (size_t i = 0; i < r.n; i++)
		s_photo(p, r.v[i]);
	dom_rows_free(&r);
	return 0;
}

static int s_notulen(const struct page *p)
{
	struct dom_rows r = {.field = "meeting_id", .value = lk_record_id(p->mt)};
	if (s_rows_load(p->st, "minutes", &r) < 0)
		return 1;
	const ProtobufCMessage *m = dom_rows_newest(&r, "revision", 1);
	if (m == NULL) {
		fprintf(stderr, "lokmin: no minutes compiled yet for meeting %s (`lokmin minutes compile %s`)\n", r.value,
		        r.value);
		dom_rows_free(&r);
		return 1;
	}
	char *sub = lk_record_get(m, "submitted_at");
	s_head(p, "Notulen", m);
	fputs("<p class=\"catatan\">Revisi ke-", p->f);
	s_field(p->f, m, "revision", "1");
	fputs(", berlaku mulai ", p->f);
	s_field_when(p->tz, p->f, m, "effective_date", 0);
	fputs("</p>\n", p->f);
	s_text(p, m);
	s_signature(p, m);
	fputs("<p class=\"catatan\">", p->f);
	if (sub && sub[0]) {
		fputs("Dikirim ke Dinas Kesehatan pada ", p->f);
		s_waktu(p->tz, p->f, sub, 1);
	} else {
		fputs("Belum dikirim ke Dinas Kesehatan.", p->f);
	}
	fputs("</p>\n", p->f);
	s_history(p, &r); /* reorders r's pointers; m stays valid */
	int rc = s_review(p, m);
	if (rc == 0)
		rc = s_dokumentasi(p);
	s_foot(p);
	free(sub);
	dom_rows_free(&r);
	return rc;
}

/* ---------------------------------------------------------------- writing it */

/* Write the finished page to path, or stdout when NULL. Exit status. */
static int s_emit(const char *buf, size_t len, const char *path)
{
	if (path == NULL)
		return fwrite(buf, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : 1;
	if (lk_write_file(path, buf, len, 0600) != 0) {
		fprintf(stderr, "lokmin: cannot write %s\n", path);
		return 1;
	}
	printf("%s\n", path);
	return 0;
}

int print_notulen_html(const struct dom *d, const char *meeting, const char *out)
{
	ProtobufCMessage *mt = NULL;
	const struct lk_tz *tz;
	struct dom_err err;
	lk_store *st = d->st;
	char *buf = NULL;
	size_t len = 0;
	if (out && !strcmp(out, "-"))
		out = NULL; /* the page to stdout */
	if (dom_zone(d, &tz, &err) != 0) {
		fprintf(stderr, "lokmin: %s\n", err.msg);
		return 1;
	}
	if (lk_store_get(st, lk_entity_find("meeting"), meeting, &mt) != 0) {
		fprintf(stderr, "lokmin: no meeting %s on this device (run `lokmin sync`?)\n", meeting);
		return 1;
	}
	FILE *f = open_memstream(&buf, &len);
	struct page p = {st, f, mt, d->home, tz};
	int rc = f ? s_notulen(&p) : 1;
	if (f && fclose(f) != 0)
		rc = 1;
	if (rc == 0)
		rc = s_emit(buf, len, out);
	free(buf);
	lk_record_free(mt);
	return rc;
}

int print_notulen_layout(struct dom *d, const ProtobufCMessage *mt, struct rd_doc *doc, struct dom_err *err)
{
	struct dom_rows r = {.field = "meeting_id", .value = lk_record_id(mt)};
	int rc = dom_rows_load(d, "minutes", &r, err);
	if (rc < 0)
		return rc;
	const ProtobufCMessage *m = dom_rows_newest(&r, "revision", 1);
	if (m == NULL)
		rc = dom_fail(err, -LK_ENOTFOUND, "no minutes compiled yet for meeting %s (`lokmin minutes compile %s`)",
		              r.value, r.value);
	else
		rc = rd_notulen(d, m, doc, err);
	dom_rows_free(&r);
	return rc;
}
