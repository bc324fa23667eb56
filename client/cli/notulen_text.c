/* notulen_text: the Notulen for a person at a terminal or on a plain page, from its canonical text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "doc_text.h"
#include "lk_i18n.h"
#include "notulen.h"

/* Where the rows go, and what a row callback needs besides. */
struct out {
	FILE *f;
	const struct dom_doc_text *t;
	const char *a, *b; /* a problem or agenda number; a cause category */
};

/* One "label : value" line. */
static void s_kv(FILE *f, const char *label, const char *value)
{
	fprintf(f, "%-16s: %s\n", label, value && value[0] ? value : "-");
}

/* The rows of key split into cells; fn gets each with at least want cells. */
static void s_rows(const char *key, size_t want, void (*fn)(const char *const *c, size_t i, struct out *o),
                   struct out *o)
{
	for (size_t i = 0; i < dom_doc_text_count(o->t, key); i++) {
		char buf[8000];
		const char *c[DOM_DOC_ROW_MAX] = {0};
		if (dom_doc_text_row(dom_doc_text_nth(o->t, key, i), buf, sizeof buf, c, DOM_DOC_ROW_MAX) >= (int)want)
			fn(c, i, o);
	}
}

static void s_discussion_row(const char *const *c, size_t i, struct out *o)
{
	(void)i;
	if (!strcmp(c[0], o->a))
		fprintf(o->f, "      - %s\n", c[1]);
}

static void s_cause_row(const char *const *c, size_t i, struct out *o)
{
	(void)i;
	if (!strcmp(c[0], o->a) && !strcmp(c[1], o->b))
		fprintf(o->f, "        - %s: %s\n", rd_notulen_cause_label(c[1]), c[2]);
}

static void s_problem_row(const char *const *c, size_t i, struct out *o)
{
	(void)i;
	fprintf(o->f, "   %s. %s (USG %s: U %s, S %s, G %s)\n", c[0], c[1], c[6], c[3], c[4], c[5]);
	if (c[2][0])
		fprintf(o->f, "      %s: %s\n", _("Gap"), c[2]);
	fprintf(o->f, "      %s:\n", _("Causes"));
	struct out co = {o->f, o->t, c[0], NULL};
	for (const char *const *cat = rd_notulen_causes; *cat; cat++) {
		co.b = *cat;
		s_rows("penyebab", 3, s_cause_row, &co);
	}
	co.b = "lain";
	s_rows("penyebab", 3, s_cause_row, &co);
	if (c[7][0])
		fprintf(o->f, "      %s: %s\n", _("Recommendation"), c[7]);
}

static void s_rtl_row(const char *const *c, size_t i, struct out *o)
{
	const char *labels[6] = {_("Objective"), _("Target group"), _("Time"), _("Person in charge"), _("Place"),
	                         _("Success indicator")};
	fprintf(o->f, "   %zu. %s\n", i + 1, c[0]);
	for (size_t k = 0; k < 6; k++)
		if (c[k + 1][0])
			fprintf(o->f, "      %s: %s\n", labels[k], c[k + 1]);
}

static void s_commitment_row(const char *const *c, size_t i, struct out *o)
{
	fprintf(o->f, "   %zu. %s: %s (%s%s%s)\n", i + 1, c[0], c[1], c[2], c[3][0] ? ", " : "", c[3]);
}

static void s_photo_row(const char *const *c, size_t i, struct out *o)
{
	fprintf(o->f, "   %zu. %s [%s]\n", i + 1, c[1], c[0]);
}

static void s_history_row(const char *const *c, size_t i, struct out *o)
{
	(void)i;
	fprintf(o->f, _("   Revision %s, effective from %s: %s\n"), c[0], c[1], c[2]);
}

/* A numbered list of every value of key, or none when there is none. */
static void s_list(struct out *o, const char *key, const char *none)
{
	size_t n = dom_doc_text_count(o->t, key);
	for (size_t i = 0; i < n; i++)
		fprintf(o->f, "   %zu. %s\n", i + 1, dom_doc_text_nth(o->t, key, i));
	if (n == 0 && none)
		fprintf(o->f, "   %s\n", none);
}

void notulen_readable(FILE *f, const struct dom_doc_text *t)
{
	struct out o = {f, t, NULL, NULL};
	for (size_t i = 0; i < dom_doc_text_count(t, "kop"); i++)
		fprintf(f, "%s\n", dom_doc_text_nth(t, "kop", i));
	if (dom_doc_text_get(t, "kop_kontak"))
		fprintf(f, "%s\n", dom_doc_text_get(t, "kop_kontak"));
	fprintf(f, "\n");
	for (size_t i = 0; i < dom_doc_text_count(t, "judul"); i++)
		fprintf(f, "%s\n", dom_doc_text_nth(t, "judul", i));
	fprintf(f, "%s\n\n", dom_doc_text_or(t, "acara", ""));
	char waktu[300], att[600];
	const char *end = dom_doc_text_or(t, "waktu_selesai", "selesai");
	snprintf(waktu, sizeof waktu, _("%s until %s"), dom_doc_text_or(t, "waktu_mulai", "-"),
	         !strcmp(end, "selesai") ? _("finished") : end);
	snprintf(att, sizeof att, "%s; %s", dom_doc_text_or(t, "peserta", "-"), dom_doc_text_or(t, "peserta_lampiran", ""));
	s_kv(f, _("Day/Date"), dom_doc_text_get(t, "hari_tanggal"));
	s_kv(f, _("Time"), waktu);
	s_kv(f, _("Place"), dom_doc_text_get(t, "tempat"));
	s_kv(f, _("Chaired by"), dom_doc_text_get(t, "pimpinan"));
	s_kv(f, _("Minutes taker"), dom_doc_text_get(t, "notulis"));
	s_kv(f, _("Participants"), att);
	fprintf(f, "\n%s\n", _("A. Agenda"));
	s_list(&o, "agenda", NULL);
	fprintf(f, "\n%s\n", _("B. Discussion"));
	for (size_t i = 0; i < dom_doc_text_count(t, "agenda"); i++) {
		char no[24];
		snprintf(no, sizeof no, "%zu", i + 1);
		fprintf(f, "   %s. %s\n", no, dom_doc_text_nth(t, "agenda", i));
		o.a = no;
		s_rows("pembahasan", 2, s_discussion_row, &o);
	}
	fprintf(f, "\n%s\n", _("C. Problems, causes and priority (USG)"));
	if (dom_doc_text_count(t, "masalah") == 0)
		fprintf(f, "   %s\n", _("No problem was recorded."));
	s_rows("masalah", 8, s_problem_row, &o);
	fprintf(f, "\n%s\n", _("D. Decisions"));
	s_list(&o, "keputusan", _("No decision was recorded."));
	fprintf(f, "\n%s\n", _("E. Follow-up plan (RTL)"));
	if (dom_doc_text_count(t, "rtl") == 0)
		fprintf(f, "   %s\n", _("No follow-up was planned."));
	s_rows("rtl", 7, s_rtl_row, &o);
	if (dom_doc_text_count(t, "komitmen") > 0) {
		fprintf(f, "\n%s\n", _("Cross-sector commitments"));
		s_rows("komitmen", 4, s_commitment_row, &o);
	}
	if (dom_doc_text_count(t, "foto") > 0) {
		fprintf(f, "\n%s\n", _("F. Photographs"));
		s_rows("foto", 2, s_photo_row, &o);
	}
	fprintf(f, "\n%s\n", _("G. Change history"));
	s_rows("riwayat", 3, s_history_row, &o);
	fprintf(f, "\n%s\n\n%s\n", dom_doc_text_or(t, "penutup", ""), dom_doc_text_or(t, "tempat_tanggal", ""));
	s_kv(f, _("Minutes taker"), dom_doc_text_get(t, "notulis"));
	s_kv(f, dom_doc_text_or(t, "kepala_jabatan", "-"), dom_doc_text_get(t, "kepala"));
}
