/* undangan: the Surat Undangan laid out from its canonical text as the tata naskah dinas writes a letter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc_text.h"
#include "invitation.h"
#include "letter.h"
#include "lk_entity.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"

/* Text growing by pieces (markup), for lists. */
struct buf {
	char *s;
	size_t len;
	FILE *f;
};

static int s_open(struct buf *b)
{
	memset(b, 0, sizeof *b);
	return (b->f = open_memstream(&b->s, &b->len)) ? 0 : -LK_ENOMEM;
}

static char *s_close(struct buf *b)
{
	if (b->f && fclose(b->f) != 0) {
		free(b->s);
		b->s = NULL;
	}
	b->f = NULL;
	return b->s;
}

/* Write plain text escaped as markup. */
static void s_esc(FILE *f, const char *plain)
{
	char *e = rd_markup_escape(plain ? plain : "");
	if (e)
		fputs(e, f);
	free(e);
}

/* A paragraph of plain text with a style. */
static int s_para(struct rd_doc *doc, const char *plain, const struct rd_para_style *st)
{
	char *e = rd_markup_escape(plain);
	int rc = e ? rd_para(doc, e, st) : -LK_ENOMEM;
	free(e);
	return rc;
}

/* Key-value lines from plain keys and values (escaped here), aside plain or NULL. */
static int s_kv(struct rd_doc *doc, const char *const *keys, const char *const *values, size_t n, const char *aside)
{
	char *k[8] = {0}, *v[8] = {0}, *a = aside ? rd_markup_escape(aside) : NULL;
	int rc = n <= 8 && (aside == NULL || a) ? 0 : -LK_ENOMEM;
	for (size_t i = 0; i < n && rc == 0; i++)
		if ((k[i] = rd_markup_escape(keys[i])) == NULL || (v[i] = rd_markup_escape(values[i])) == NULL)
			rc = -LK_ENOMEM;
	if (rc == 0)
		rc = rd_keyvalue(doc, (const char *const *)k, (const char *const *)v, n, a);
	for (size_t i = 0; i < n && i < 8; i++) {
		free(k[i]);
		free(v[i]);
	}
	free(a);
	return rc;
}

/* The values of key as a numbered list ("1. a\n2. b"), or the one value alone; malloc'd plain text. */
static char *s_numbered(const struct dom_doc_text *t, const char *key)
{
	struct buf b;
	size_t n = dom_doc_text_count(t, key);
	if (s_open(&b) != 0)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (n > 1)
			fprintf(b.f, "%s%zu. ", i ? "\n" : "", i + 1);
		/* An item's details (its further lines) indented under it. */
		for (const char *c = dom_doc_text_nth(t, key, i); *c; c++)
			fputs(*c == '\n' && n > 1 ? "\n    " : (char[]){*c, 0}, b.f);
	}
	return s_close(&b);
}

/* The kop the letter was signed with, and the office's logo as it is now. */
static int s_kop(struct dom *d, const ProtobufCMessage *inv, const struct dom_doc_text *t, struct rd_doc *doc)
{
	struct rl_kop now, k;
	const char *kab, *kec, *pusk;
	const char *lines[RL_KOP_MAX];
	size_t n = 0;
	lk_record_keys(inv, &kab, &kec, &pusk);
	if (rl_kop_of_office(d, pusk[0] ? pusk : kec, &now, NULL) != 0)
		memset(&now, 0, sizeof now);
	for (size_t i = 0; i < dom_doc_text_count(t, "kop") && n < RL_KOP_MAX - 1; i++)
		lines[n++] = dom_doc_text_nth(t, "kop", i);
	rl_kop_from_lines(&k, lines, n, dom_doc_text_get(t, "kop_kontak"), now.logo[0] ? now.logo : NULL);
	return rl_kop_add(doc, &k);
}

/* The signature block of inv (verified mark, or room for a wet signature). */
static int s_sign(struct dom *d, const ProtobufCMessage *inv, struct rd_doc *doc, struct dom_err *err)
{
	struct rl_signer s;
	int rc = rl_signer_of(d, NULL, "invitation", inv, &s, err);
	if (rc == 0)
		rc = rl_signature_add(doc, &s, NULL);
	rl_signer_free(&s);
	return rc;
}

/* The Lampiran page: the recipients of a long list. */
static int s_lampiran(struct dom *d, const ProtobufCMessage *inv, const struct dom_doc_text *t, struct rd_doc *doc,
                      struct dom_err *err)
{
	const char *keys[] = {_("Attachment to letter number"), _("Date"), _("Subject")};
	const char *vals[] = {dom_doc_text_or(t, "nomor", "-"), dom_doc_text_or(t, "tempat_tanggal", "-"),
	                      dom_doc_text_or(t, "hal", "-")};
	/* Only the date of the place-date line. */
	const char *comma = strrchr(vals[1], ',');
	if (comma && comma[1] == ' ')
		vals[1] = comma + 2;
	int rc = rd_page_break(doc);
	if (rc == 0)
		rc = s_kv(doc, keys, vals, 3, NULL);
	char title[200];
	snprintf(title, sizeof title, "<b>%s</b>", _("LIST OF INVITEES"));
	if (rc == 0)
		rc = rd_para(doc, title, &(struct rd_para_style){.align = RD_CENTER, .space_before_mm = 6,
		                                                 .space_after_mm = 4, .keep_with_next = 1});
	static const double w[] = {12, 0};
	static const enum rd_align a[] = {RD_RIGHT, RD_LEFT};
	struct rd_table *tb = rc == 0 ? rd_table_new(doc, 2, w, a) : NULL;
	if (rc == 0 && tb == NULL)
		rc = -LK_ENOMEM;
	if (rc == 0) {
		const char *h[] = {_("No"), _("Name / Position")};
		char *hh[2] = {rd_markup_escape(h[0]), rd_markup_escape(h[1])};
		rc = hh[0] && hh[1] ? rd_table_header(tb, (const char *const *)hh) : -LK_ENOMEM;
		free(hh[0]);
		free(hh[1]);
	}
	for (size_t i = 0; rc == 0 && i < dom_doc_text_count(t, "yth"); i++) {
		char no[24], *v = rd_markup_escape(dom_doc_text_nth(t, "yth", i));
		snprintf(no, sizeof no, "%zu.", i + 1);
		const char *cells[] = {no, v};
		rc = v ? rd_table_row(tb, cells) : -LK_ENOMEM;
		free(v);
	}
	if (rc == 0)
		rc = s_sign(d, inv, doc, err);
	return rc;
}

/* A letter drafted before the canonical text: its text under the kop, as it was signed. */
static int s_free_text(struct dom *d, const ProtobufCMessage *inv, struct rd_doc *doc, struct dom_err *err)
{
	struct rl_kop k;
	const char *kab, *kec, *pusk;
	lk_record_keys(inv, &kab, &kec, &pusk);
	char *text = lk_record_get(inv, "document");
	int rc = rl_kop_of_office(d, pusk[0] ? pusk : kec, &k, err);
	if (rc == 0)
		rc = rl_kop_add(doc, &k);
	if (rc == 0)
		rc = s_para(doc, text ? text : "", NULL);
	if (rc == 0)
		rc = s_sign(d, inv, doc, err);
	free(text);
	return rc;
}

int rl_undangan(struct dom *d, const ProtobufCMessage *inv, struct rd_doc *doc, struct dom_err *err)
{
	struct dom_doc_text t;
	char *text = lk_record_get(inv, "document");
	int rc = text ? dom_doc_text_parse(text, &t) : -LK_ENOMEM;
	free(text);
	if (rc != 0 || strcmp(t.kind, "undangan") != 0) {
		dom_doc_text_free(&t);
		rc = s_free_text(d, inv, doc, err);
		goto out;
	}
	rd_doc_set_title(doc, dom_doc_text_or(&t, "hal", _("Invitation")));
	if ((rc = s_kop(d, inv, &t, doc)) != 0)
		goto fail;
	/* Nomor, Sifat, Lampiran, Hal; the place and date on the right. */
	const char *keys[] = {_("Number"), _("Nature"), _("Attachment"), _("Subject")};
	const char *vals[] = {dom_doc_text_or(&t, "nomor", "-"), dom_doc_text_or(&t, "sifat", "Biasa"),
	                      dom_doc_text_or(&t, "lampiran", "-"), dom_doc_text_or(&t, "hal", "-")};
	if ((rc = s_kv(doc, keys, vals, 4, dom_doc_text_get(&t, "tempat_tanggal"))) != 0)
		goto fail;
	/* Yth.: the recipients, or a word that they are listed on the Lampiran page. */
	size_t nto = dom_doc_text_count(&t, "yth");
	int attached = nto > DOM_INVITATION_YTH_INLINE;
	struct buf b;
	if ((rc = s_open(&b)) != 0)
		goto fail;
	s_esc(b.f, _("To"));
	if (attached) {
		fputc(' ', b.f);
		s_esc(b.f, _("Sir/Madam (list attached)"));
	} else if (nto == 1) {
		fputc(' ', b.f);
		s_esc(b.f, dom_doc_text_nth(&t, "yth", 0));
	} else {
		char *list = s_numbered(&t, "yth");
		fputc('\n', b.f);
		s_esc(b.f, list ? list : "");
		free(list);
	}
	fputc('\n', b.f);
	s_esc(b.f, _("in"));
	fputs("\n    ", b.f);
	s_esc(b.f, dom_doc_text_or(&t, "di", "Tempat"));
	char *yth = s_close(&b);
	rc = yth ? rd_para(doc, yth, &(struct rd_para_style){.space_before_mm = 4, .space_after_mm = 4}) : -LK_ENOMEM;
	free(yth);
	if (rc != 0)
		goto fail;
	/* Batang tubuh: the opening, the when and where, the agenda, the note. */
	const struct rd_para_style body = {.align = RD_JUSTIFY, .first_indent_mm = 12.5, .space_after_mm = 3};
	if ((rc = s_para(doc, dom_doc_text_or(&t, "pembuka", ""), &body)) != 0)
		goto fail;
	char *acara = s_numbered(&t, "acara");
	const char *k2[] = {_("day/date"), _("time"), _("place"), _("agenda")};
	const char *v2[] = {dom_doc_text_or(&t, "hari_tanggal", "-"), dom_doc_text_or(&t, "waktu", "-"),
	                    dom_doc_text_or(&t, "tempat", "-"), acara && acara[0] ? acara : "-"};
	rc = acara ? s_kv(doc, k2, v2, 4, NULL) : -LK_ENOMEM;
	free(acara);
	if (rc != 0)
		goto fail;
	if (dom_doc_text_get(&t, "catatan") && (rc = s_para(doc, dom_doc_text_get(&t, "catatan"), &body)) != 0)
		goto fail;
	/* The closing sentence and the signature block on one page. */
	if ((rc = rd_group_begin(doc)) != 0 || (rc = s_para(doc, dom_doc_text_or(&t, "penutup", ""), &body)) != 0 ||
	    (rc = s_sign(d, inv, doc, err)) != 0 || (rc = rd_group_end(doc)) != 0)
		goto fail;
	/* Tembusan, under the signature: its heading and items kept together (one block each). */
	size_t ntb = dom_doc_text_count(&t, "tembusan");
	if (ntb > 0) {
		char head[120];
		snprintf(head, sizeof head, "<u>%s</u>", _("Copy to:"));
		const struct rd_para_style small = {.size_pt = 10, .space_after_mm = 0.1};
		const struct rd_para_style first = {.size_pt = 10, .space_before_mm = 4, .space_after_mm = 0.1,
		                                    .keep_with_next = 1};
		rc = rd_group_begin(doc);
		if (rc == 0)
			rc = rd_para(doc, head, &first);
		for (size_t i = 0; rc == 0 && i < ntb; i++) {
			char line[600];
			snprintf(line, sizeof line, "%zu. %.500s", i + 1, dom_doc_text_nth(&t, "tembusan", i));
			rc = s_para(doc, ntb == 1 ? dom_doc_text_nth(&t, "tembusan", i) : line, &small);
		}
		if (rc == 0)
			rc = rd_group_end(doc);
		if (rc != 0)
			goto fail;
	}
	if (attached && (rc = s_lampiran(d, inv, &t, doc, err)) != 0)
		goto fail;
	dom_doc_text_free(&t);
	return 0;
fail:
	dom_doc_text_free(&t);
out:
	if (rc != 0 && err && err->msg[0] == '\0')
		dom_fail(err, rc, "the letter cannot be laid out: %s", rd_doc_error(doc)[0] ? rd_doc_error(doc) : lk_strerror(rc));
	return rc;
}
