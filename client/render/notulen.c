/* notulen: the Notulen laid out from its canonical text (doc_text "notulen") with the notulis' and the head's signatures. */
#define _GNU_SOURCE 1
#include "notulen.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"
#include "letter.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "store.h"

const char *const rd_notulen_causes[] = {"manusia", "metode", "material", "dana", "mesin_alat", "lingkungan", NULL};

const char *rd_notulen_cause_label(const char *code)
{
	if (!strcmp(code, "manusia"))
		return _("Man (people)");
	if (!strcmp(code, "metode"))
		return _("Method");
	if (!strcmp(code, "material"))
		return _("Material");
	if (!strcmp(code, "dana"))
		return _("Money (funds)");
	if (!strcmp(code, "mesin_alat"))
		return _("Machine/equipment");
	if (!strcmp(code, "lingkungan"))
		return _("Environment");
	return _("Other");
}

/* What a layout step needs. */
struct nt {
	struct dom *d;
	struct rd_doc *doc;
	const struct dom_doc_text *t;
	int rc;
};

static const struct rd_para_style s_heading = {.space_before_mm = 4, .space_after_mm = 2, .keep_with_next = 1};
static const struct rd_para_style s_body = {.align = RD_JUSTIFY, .space_after_mm = 1.5};

/* Add a paragraph of plain text made from fmt, bold when asked, in style. */
static void s_para(struct nt *n, const struct rd_para_style *style, int bold, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void s_para(struct nt *n, const struct rd_para_style *style, int bold, const char *fmt, ...)
{
	char *plain = NULL, *mk = NULL, *e = NULL;
	va_list ap;
	if (n->rc)
		return;
	va_start(ap, fmt);
	int len = vasprintf(&plain, fmt, ap);
	va_end(ap);
	if (len < 0 || (e = rd_markup_escape(plain)) == NULL || asprintf(&mk, bold ? "<b>%s</b>" : "%s", e) < 0) {
		n->rc = -LK_ENOMEM;
		mk = NULL;
	} else {
		n->rc = rd_para(n->doc, mk, style);
	}
	free(plain);
	free(e);
	free(mk);
}

/* A numbered line: "1. text" with a hanging indent of indent_mm. */
static void s_item(struct nt *n, double indent_mm, const char *num, const char *text)
{
	struct rd_para_style st = {.align = RD_LEFT, .indent_mm = indent_mm, .first_indent_mm = -6, .space_after_mm = 1};
	s_para(n, &st, 0, "%s %s", num, text);
}

/* A table of plain cells (escaped here). */
static int s_cells(struct rd_table *tb, const char *const *cells, size_t ncols, int header)
{
	char *mk[DOM_DOC_ROW_MAX] = {0};
	int rc = 0;
	for (size_t i = 0; i < ncols && rc == 0; i++)
		if ((mk[i] = rd_markup_escape(cells[i] ? cells[i] : "")) == NULL)
			rc = -LK_ENOMEM;
	if (rc == 0)
		rc = header ? rd_table_header(tb, (const char *const *)mk) : rd_table_row(tb, (const char *const *)mk);
	for (size_t i = 0; i < ncols; i++)
		free(mk[i]);
	return rc;
}

/* The rows of key as a table under header; rows with fewer cells are padded. first: a running number first. */
static void s_table(struct nt *n, const char *key, const char *const *header, const double *widths, size_t ncols,
                    int numbered)
{
	enum rd_align al[DOM_DOC_ROW_MAX];
	for (size_t i = 0; i < ncols; i++)
		al[i] = numbered && i == 0 ? RD_CENTER : RD_LEFT;
	if (n->rc)
		return;
	struct rd_table *tb = rd_table_new(n->doc, ncols, widths, al);
	if (tb == NULL) {
		n->rc = -LK_ENOMEM;
		return;
	}
	rd_table_font(tb, ncols > 5 ? 9 : 10);
	n->rc = s_cells(tb, header, ncols, 1);
	for (size_t r = 0; n->rc == 0 && r < dom_doc_text_count(n->t, key); r++) {
		char buf[8000], num[24];
		const char *cells[DOM_DOC_ROW_MAX + 1] = {0}, **c = cells + (numbered ? 1 : 0);
		int k = dom_doc_text_row(dom_doc_text_nth(n->t, key, r), buf, sizeof buf, c, DOM_DOC_ROW_MAX);
		if (k < 0)
			continue;
		snprintf(num, sizeof num, "%zu", r + 1);
		if (numbered)
			cells[0] = num;
		n->rc = s_cells(tb, cells, ncols, 0);
	}
}

static void s_kop(struct nt *n)
{
	size_t k = dom_doc_text_count(n->t, "kop");
	const char *lines[RL_KOP_MAX];
	struct rl_kop kop;
	char logo[1200] = "";
	const char *lid = dom_doc_text_get(n->t, "kop_logo");
	ProtobufCMessage *a = NULL;
	if (lid && n->d->home && lk_store_get(n->d->st, lk_entity_find("attachment"), lid, &a) == 0) {
		char *hash = lk_record_get(a, "hash");
		if (lk_attach_blob_path(n->d->home, hash, logo, sizeof logo) != 0 || access(logo, R_OK) != 0)
			logo[0] = '\0';
		free(hash);
	}
	lk_record_free(a);
	if (k > RL_KOP_MAX - 1)
		k = RL_KOP_MAX - 1;
	for (size_t i = 0; i < k; i++)
		lines[i] = dom_doc_text_nth(n->t, "kop", i);
	if (k == 0 || n->rc)
		return;
	rl_kop_from_lines(&kop, lines, k, dom_doc_text_get(n->t, "kop_kontak"), logo[0] ? logo : NULL);
	n->rc = rl_kop_add(n->doc, &kop);
}

/* Title and the meeting's facts. */
static void s_head(struct nt *n)
{
	const struct dom_doc_text *t = n->t;
	static const struct rd_para_style title = {.align = RD_CENTER, .size_pt = 13, .space_after_mm = 0.5};
	static const struct rd_para_style sub = {.align = RD_CENTER, .space_after_mm = 5};
	for (size_t i = 0; i < dom_doc_text_count(t, "judul"); i++)
		s_para(n, &title, 1, "%s", dom_doc_text_nth(t, "judul", i));
	s_para(n, &sub, 0, "%s", dom_doc_text_or(t, "acara", ""));
	char waktu[300], pimpinan[600], peserta[600];
	const char *end = dom_doc_text_or(t, "waktu_selesai", "selesai");
	snprintf(waktu, sizeof waktu, _("%s until %s"), dom_doc_text_or(t, "waktu_mulai", "-"),
	         !strcmp(end, "selesai") ? _("finished") : end);
	const char *jab = dom_doc_text_or(t, "pimpinan_jabatan", "");
	snprintf(pimpinan, sizeof pimpinan, "%s%s%s%s", dom_doc_text_or(t, "pimpinan", "-"), jab[0] ? " (" : "", jab,
	         jab[0] ? ")" : "");
	const char *att = dom_doc_text_or(t, "peserta_lampiran", "");
	snprintf(peserta, sizeof peserta, "%s%s%s", dom_doc_text_or(t, "peserta", "-"), att[0] ? "; " : "", att);
	const char *keys[] = {_("Day/Date"), _("Time"), _("Place"), _("Chaired by"), _("Minutes taker"), _("Participants")};
	const char *vals[] = {dom_doc_text_or(t, "hari_tanggal", "-"), waktu, dom_doc_text_or(t, "tempat", "-"),
	                      pimpinan, dom_doc_text_or(t, "notulis", "-"), peserta};
	char *mk[12] = {0};
	for (size_t i = 0; i < 6 && n->rc == 0; i++)
		if ((mk[i] = rd_markup_escape(keys[i])) == NULL || (mk[6 + i] = rd_markup_escape(vals[i])) == NULL)
			n->rc = -LK_ENOMEM;
	if (n->rc == 0)
		n->rc = rd_keyvalue(n->doc, (const char *const *)mk, (const char *const *)mk + 6, 6, NULL);
	for (size_t i = 0; i < 12; i++)
		free(mk[i]);
}

static void s_agenda(struct nt *n)
{
	char num[24];
	s_para(n, &s_heading, 1, "%s", _("A. Agenda"));
	for (size_t i = 0; i < dom_doc_text_count(n->t, "agenda"); i++) {
		snprintf(num, sizeof num, "%zu.", i + 1);
		s_item(n, 8, num, dom_doc_text_nth(n->t, "agenda", i));
	}
	s_para(n, &s_heading, 1, "%s", _("B. Discussion"));
	for (size_t i = 0; i < dom_doc_text_count(n->t, "agenda"); i++) {
		snprintf(num, sizeof num, "%zu.", i + 1);
		struct rd_para_style st = {.indent_mm = 8, .first_indent_mm = -6, .space_after_mm = 1, .keep_with_next = 1};
		s_para(n, &st, 1, "%s %s", num, dom_doc_text_nth(n->t, "agenda", i));
		int any = 0;
		for (size_t r = 0; r < dom_doc_text_count(n->t, "pembahasan"); r++) {
			char buf[8000];
			const char *c[2];
			if (dom_doc_text_row(dom_doc_text_nth(n->t, "pembahasan", r), buf, sizeof buf, c, 2) == 2 &&
			    (size_t)atoi(c[0]) == i + 1) {
				s_item(n, 14, "-", c[1]);
				any = 1;
			}
		}
		if (!any)
			s_item(n, 14, "-", _("discussed at the meeting"));
	}
}

static void s_problems(struct nt *n)
{
	s_para(n, &s_heading, 1, "%s", _("C. Problems, causes and priority (USG)"));
	size_t np = dom_doc_text_count(n->t, "masalah");
	if (np == 0) {
		s_para(n, &s_body, 0, "%s", _("No problem was recorded."));
		return;
	}
	const char *hdr[] = {_("No"), _("Problem"), "U", "S", "G", _("Total"), _("Priority")};
	static const double w[] = {9, 0, 9, 9, 9, 17, 20};
	if (n->rc)
		return;
	struct rd_table *tb = rd_table_new(n->doc, 7, w,
	                                   (const enum rd_align[]){RD_CENTER, RD_LEFT, RD_CENTER, RD_CENTER, RD_CENTER,
	                                                           RD_CENTER, RD_CENTER});
	if (tb == NULL) {
		n->rc = -LK_ENOMEM;
		return;
	}
	rd_table_font(tb, 9);
	n->rc = s_cells(tb, hdr, 7, 1);
	for (size_t i = 0; i < np && n->rc == 0; i++) {
		char buf[8000];
		const char *c[8] = {0};
		if (dom_doc_text_row(dom_doc_text_nth(n->t, "masalah", i), buf, sizeof buf, c, 8) < 7)
			continue;
		const char *row[] = {c[0], c[1], c[3], c[4], c[5], c[6], c[0]};
		n->rc = s_cells(tb, row, 7, 0);
	}
	for (size_t i = 0; i < np; i++) {
		char buf[8000];
		const char *c[8] = {0};
		if (dom_doc_text_row(dom_doc_text_nth(n->t, "masalah", i), buf, sizeof buf, c, 8) < 8)
			continue;
		struct rd_para_style st = {.indent_mm = 8, .first_indent_mm = -6, .space_before_mm = 2, .keep_with_next = 1};
		s_para(n, &st, 1, "%s. %s", c[0], c[1]);
		if (c[2][0])
			s_para(n, &(struct rd_para_style){.indent_mm = 8, .space_after_mm = 1}, 0, "%s: %s", _("Gap"), c[2]);
		s_para(n, &(struct rd_para_style){.indent_mm = 8, .space_after_mm = 1, .keep_with_next = 1}, 0, "%s:",
		       _("Causes"));
		for (const char *const *cat = rd_notulen_causes; *cat; cat++) {
			char causes[4000] = "";
			for (size_t r = 0; r < dom_doc_text_count(n->t, "penyebab"); r++) {
				char b2[4000];
				const char *p[3];
				if (dom_doc_text_row(dom_doc_text_nth(n->t, "penyebab", r), b2, sizeof b2, p, 3) == 3 &&
				    !strcmp(p[0], c[0]) && !strcmp(p[1], *cat))
					snprintf(causes + strlen(causes), sizeof causes - strlen(causes), "%s%s", causes[0] ? "; " : "",
					         p[2]);
			}
			s_para(n, &(struct rd_para_style){.indent_mm = 14, .first_indent_mm = -4, .space_after_mm = 0.5}, 0,
			       "- %s: %s", rd_notulen_cause_label(*cat), causes[0] ? causes : "-");
		}
		for (size_t r = 0; r < dom_doc_text_count(n->t, "penyebab"); r++) {
			char b2[4000];
			const char *p[3];
			if (dom_doc_text_row(dom_doc_text_nth(n->t, "penyebab", r), b2, sizeof b2, p, 3) == 3 &&
			    !strcmp(p[0], c[0]) && !strcmp(p[1], "lain"))
				s_para(n, &(struct rd_para_style){.indent_mm = 14, .first_indent_mm = -4, .space_after_mm = 0.5}, 0,
				       "- %s: %s", rd_notulen_cause_label("lain"), p[2]);
		}
		if (c[7][0])
			s_para(n, &(struct rd_para_style){.indent_mm = 8, .space_before_mm = 1, .space_after_mm = 1}, 0,
			       "%s: %s", _("Recommendation"), c[7]);
	}
}

static void s_decisions(struct nt *n)
{
	char num[24];
	s_para(n, &s_heading, 1, "%s", _("D. Decisions"));
	size_t k = dom_doc_text_count(n->t, "keputusan");
	for (size_t i = 0; i < k; i++) {
		snprintf(num, sizeof num, "%zu.", i + 1);
		s_item(n, 8, num, dom_doc_text_nth(n->t, "keputusan", i));
	}
	if (k == 0)
		s_para(n, &s_body, 0, "%s", _("No decision was recorded."));
}

static void s_rtl(struct nt *n)
{
	s_para(n, &s_heading, 1, "%s", _("E. Follow-up plan (RTL)"));
	const char *hdr[] = {_("No"),   _("Activity"),         _("Objective"), _("Target group"), _("Time"),
	                     _("Person in charge"), _("Place"), _("Success indicator")};
	static const double w[] = {9, 22, 20, 19, 26, 22, 18, 24};
	if (dom_doc_text_count(n->t, "rtl") == 0)
		s_para(n, &s_body, 0, "%s", _("No follow-up was planned."));
	else
		s_table(n, "rtl", hdr, w, 8, 1);
	if (dom_doc_text_count(n->t, "komitmen") > 0) {
		s_para(n, &s_heading, 1, "%s", _("Cross-sector commitments"));
		const char *h2[] = {_("No"), _("Sector"), _("Support"), _("Period"), _("Contact")};
		static const double w2[] = {8, 35, 0, 40, 30};
		s_table(n, "komitmen", h2, w2, 5, 1);
	}
}

static void s_photos(struct nt *n)
{
	size_t k = dom_doc_text_count(n->t, "foto");
	if (k == 0)
		return;
	s_para(n, &s_heading, 1, "%s", _("F. Photographs"));
	for (size_t i = 0; i < k && n->rc == 0; i++) {
		char buf[2000], path[1400] = "";
		const char *c[2];
		ProtobufCMessage *a = NULL;
		if (dom_doc_text_row(dom_doc_text_nth(n->t, "foto", i), buf, sizeof buf, c, 2) != 2)
			continue;
		if (n->d->home && lk_store_get(n->d->st, lk_entity_find("attachment"), c[0], &a) == 0) {
			char *hash = lk_record_get(a, "hash");
			if (lk_attach_blob_path(n->d->home, hash, path, sizeof path) != 0 || access(path, R_OK) != 0)
				path[0] = '\0';
			free(hash);
		}
		lk_record_free(a);
		char *cap = rd_markup_escape(c[1]);
		if (cap == NULL)
			n->rc = -LK_ENOMEM;
		else if (path[0] && rd_image_supported(path))
			n->rc = rd_image(n->doc, path, 90, RD_CENTER, cap);
		else if (path[0]) /* a scanned PDF or a document kept as evidence: named, not drawn */
			s_para(n, &(struct rd_para_style){.align = RD_CENTER}, 0, _("[attachment, not a picture] %s"), c[1]);
		else
			s_para(n, &(struct rd_para_style){.align = RD_CENTER}, 0, _("[photo not on this device: %s] %s"), c[0],
			       c[1]);
		free(cap);
	}
}

static void s_history(struct nt *n)
{
	s_para(n, &s_heading, 1, "%s", _("G. Change history"));
	const char *hdr[] = {_("Revision"), _("Effective from"), _("Change")};
	static const double w[] = {20, 40, 0};
	s_table(n, "riwayat", hdr, w, 3, 0);
}

/* The closing sentence with both signature blocks, on one page. */
static void s_sign(struct nt *n, const ProtobufCMessage *minutes, const ProtobufCMessage *mt)
{
	struct rl_signer kapus, notulis;
	struct dom_err err;
	const char *kab, *kec, *pusk;
	lk_record_keys(mt, &kab, &kec, &pusk);
	memset(&notulis, 0, sizeof notulis);
	if (n->rc || (n->rc = rd_group_begin(n->doc)) != 0)
		return;
	s_para(n, &(struct rd_para_style){.align = RD_JUSTIFY, .space_before_mm = 4, .space_after_mm = 4}, 0, "%s",
	       dom_doc_text_or(n->t, "penutup", ""));
	lk_strlcpy(notulis.jabatan, _("Minutes taker"), sizeof notulis.jabatan);
	lk_strlcpy(notulis.name, dom_doc_text_or(n->t, "notulis", ""), sizeof notulis.name);
	const char *nip = dom_doc_text_or(n->t, "notulis_nip", "");
	if (nip[0])
		snprintf(notulis.nip, sizeof notulis.nip, _("NIP. %s"), nip);
	if (n->rc == 0)
		n->rc = rl_signature_add(n->doc, &notulis, dom_doc_text_get(n->t, "tempat_tanggal"));
	if (n->rc == 0 && (n->rc = rl_signer_of(n->d, pusk[0] ? pusk : kec, "minutes", minutes, &kapus, &err)) == 0) {
		char jab[sizeof kapus.jabatan + 200];
		snprintf(jab, sizeof jab, "%s\n%s", _("Acknowledged by,"), kapus.jabatan);
		lk_strlcpy(kapus.jabatan, jab, sizeof kapus.jabatan);
		n->rc = rl_signature_add(n->doc, &kapus, NULL);
		rl_signer_free(&kapus);
	}
	if (n->rc == 0)
		n->rc = rd_group_end(n->doc);
}

int rd_notulen(struct dom *d, const ProtobufCMessage *minutes, struct rd_doc *doc, struct dom_err *err)
{
	struct dom_doc_text t;
	ProtobufCMessage *mt = NULL;
	char *text = lk_record_get(minutes, "document"), *mid = lk_record_get(minutes, "meeting_id");
	int rc = dom_doc_text_parse(text, &t);
	if (rc == 0 && strcmp(t.kind, "notulen") != 0)
		rc = -LK_EINVAL;
	if (rc != 0)
		dom_fail(err, rc, "these minutes are an older free text, not a Notulen document: compile them again");
	else if (lk_store_get(d->st, lk_entity_find("meeting"), mid, &mt) != 0)
		rc = dom_fail(err, -LK_ENOTFOUND, "no meeting %s on this device", mid);
	struct nt n = {d, doc, &t, 0};
	if (rc == 0) {
		rd_doc_set_title(n.doc, _("Minutes"));
		rd_doc_set_footer(n.doc, _("Page {page} of {pages}"), 0);
		s_kop(&n);
		s_head(&n);
		s_agenda(&n);
		s_problems(&n);
		s_decisions(&n);
		s_rtl(&n);
		s_photos(&n);
		s_history(&n);
		s_sign(&n, minutes, mt);
		if (n.rc != 0)
			rc = dom_fail(err, n.rc, "the Notulen cannot be laid out: %s", rd_doc_error(n.doc));
	}
	dom_doc_text_free(&t);
	lk_record_free(mt);
	free(text);
	free(mid);
	return rc;
}
