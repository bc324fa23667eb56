/* agenda: the agenda of a meeting, built from the records: open RTL, problems, information, items due. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "region.h"
#include "capaian_gap.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_util.h"
#include "problem.h"


struct ctx {
	lk_store *st;
	const ProtobufCMessage *meeting;
	const char *kec, *pusk;
	char planned[16];
	FILE *out;
	int n; /* lines written under the current heading */
	const char *kind; /* meeting_item kind being listed */
	char prev_meeting[40];
	char prev_planned[16];
	/* Every meeting of the kecamatan (for a quarterly meeting's summaries and carry-over). */
	struct mtg {
		char id[40], pusk[16], planned[16];
		int year, period, quarterly, cancelled;
	} *mtgs;
	size_t nmtgs;
	const char *summary_pusk; /* the puskesmas being summarised */
	int from_year, from_period, to_period; /* the months under review */
};

static int s_collect_meeting(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct ctx *c = arg;
	const char *kab, *kec, *pusk;
	(void)e;
	lk_record_keys(m, &kab, &kec, &pusk);
	if (lk_record_deleted(m) || strcmp(kec, c->kec) != 0)
		return 0;
	struct mtg *nv = realloc(c->mtgs, (c->nmtgs + 1) * sizeof *nv);
	if (nv == NULL)
		return -LK_ENOMEM;
	c->mtgs = nv;
	struct mtg *g = &c->mtgs[c->nmtgs++];
	char *y = lk_record_get(m, "year"), *p = lk_record_get(m, "period"), *k = lk_record_get(m, "kind"),
	     *pd = lk_record_get(m, "planned_date"), *st = lk_record_get(m, "status");
	lk_strlcpy(g->id, lk_record_id(m), sizeof g->id);
	lk_strlcpy(g->pusk, pusk, sizeof g->pusk);
	lk_strlcpy(g->planned, pd, sizeof g->planned);
	g->year = atoi(y);
	g->period = atoi(p);
	g->quarterly = !strcmp(k, "quarterly");
	g->cancelled = !strcmp(st, "cancelled");
	free(y);
	free(p);
	free(k);
	free(pd);
	free(st);
	return 0;
}

/* The latest earlier meeting of this office that was not cancelled. */
static void s_prev(struct ctx *c)
{
	for (size_t i = 0; i < c->nmtgs; i++) {
		const struct mtg *g = &c->mtgs[i];
		if (!strcmp(g->pusk, c->pusk) && strcmp(g->id, lk_record_id(c->meeting)) && !g->cancelled && g->planned[0] &&
		    strcmp(g->planned, c->planned) < 0 && strcmp(g->planned, c->prev_planned) > 0) {
			lk_strlcpy(c->prev_planned, g->planned, sizeof c->prev_planned);
			lk_strlcpy(c->prev_meeting, g->id, sizeof c->prev_meeting);
		}
	}
}

/* "description (gap)" of a problem, as one agenda line after prefix. */
static void s_problem_line(struct ctx *c, const ProtobufCMessage *m, const char *prefix)
{
	char *desc = lk_record_get(m, "description"), *gap = lk_record_get(m, "gap");
	fprintf(c->out, "%s%s%s%s%s\n", prefix, desc, gap[0] ? " (" : "", gap, gap[0] ? ")" : "");
	c->n++;
	free(desc);
	free(gap);
}

static const struct mtg *s_mtg(const struct ctx *c, const char *id)
{
	for (size_t i = 0; i < c->nmtgs; i++)
		if (!strcmp(c->mtgs[i].id, id))
			return &c->mtgs[i];
	return NULL;
}

/* An item belongs on this meeting's agenda: of the same office, or, for a
 * quarterly meeting, of any quarterly meeting of the kecamatan (items owned
 * by a puskesmas carry its key). */
static int s_ours(const struct ctx *c, const ProtobufCMessage *m)
{
	const char *kab, *kec, *pusk;
	lk_record_keys(m, &kab, &kec, &pusk);
	if (!strcmp(kec, c->kec) && !strcmp(pusk, c->pusk))
		return 1;
	if (c->pusk[0] || strcmp(kec, c->kec) != 0)
		return 0;
	char *mid = lk_record_get(m, "meeting_id");
	const struct mtg *g = s_mtg(c, mid);
	free(mid);
	return g && g->quarterly;
}

/* Every RTL item of this office still open when this meeting comes: carried forward until closed. */
static int s_rtl(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct ctx *c = arg;
	(void)e;
	if (lk_record_deleted(m) || !s_ours(c, m))
		return 0;
	char *status = lk_record_get(m, "status"), *act = lk_record_get(m, "activity"), *due = lk_record_get(m, "due_date");
	if (!strcmp(status, "open") || !strcmp(status, "in_progress")) {
		struct lk_date dd;
		char dtext[LK_FMT_LEN] = "-";
		if (lk_date_parse(due, &dd) == 0)
			lk_fmt_date(dtext, sizeof dtext, &dd, LK_LANG_ID);
		fprintf(c->out, "   - %s (batas waktu %s, %s)%s\n", act, dtext,
		        !strcmp(status, "open") ? "belum dimulai" : "sedang berjalan",
		        due[0] && strcmp(due, c->planned) < 0 ? " - TERLAMBAT" : "");
		c->n++;
	}
	free(status);
	free(act);
	free(due);
	return 0;
}

static int s_problem(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct ctx *c = arg;
	char *mid = lk_record_get(m, "meeting_id");
	(void)e;
	if (!lk_record_deleted(m) && c->prev_meeting[0] && !strcmp(mid, c->prev_meeting))
		s_problem_line(c, m, "   - ");
	free(mid);
	return 0;
}

static int s_item(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct ctx *c = arg;
	char *mid = lk_record_get(m, "meeting_id"), *kind = lk_record_get(m, "kind");
	(void)e;
	if (!lk_record_deleted(m) && !strcmp(mid, lk_record_id(c->meeting)) && !strcmp(kind, c->kind)) {
		char *src = lk_record_get(m, "source"), *text = lk_record_get(m, "text");
		fprintf(c->out, "   - %s%s%s\n", src[0] ? src : "", src[0] ? ": " : "", text);
		c->n++;
		free(src);
		free(text);
	}
	free(mid);
	free(kind);
	return 0;
}

/* A puskesmas' problem flagged for cross-sector support at a monthly meeting in the months under review. */
static int s_flagged(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct ctx *c = arg;
	const char *kab, *kec, *pusk;
	(void)e;
	lk_record_keys(m, &kab, &kec, &pusk);
	if (lk_record_deleted(m) || strcmp(pusk, c->summary_pusk) != 0)
		return 0;
	char *cross = lk_record_get(m, "cross_sector"), *mid = lk_record_get(m, "meeting_id");
	const struct mtg *g = s_mtg(c, mid);
	if (!strcmp(cross, "1") && g && !g->quarterly && g->year == c->from_year && g->period >= c->from_period &&
	    g->period <= c->to_period)
		s_problem_line(c, m, "     - masalah lintas sektor: ");
	free(cross);
	free(mid);
	return 0;
}

/* Open commitments of the sectors, carried until done or dropped. */
static int s_commitment(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct ctx *c = arg;
	const char *kab, *kec, *pusk;
	(void)e;
	lk_record_keys(m, &kab, &kec, &pusk);
	if (lk_record_deleted(m) || strcmp(kec, c->kec) != 0)
		return 0;
	char *status = lk_record_get(m, "status"), *sup = lk_record_get(m, "support"), *to = lk_record_get(m, "period_end");
	if (!strcmp(status, "open") || !strcmp(status, "in_progress")) {
		struct lk_date dd;
		char dtext[LK_FMT_LEN] = "-";
		char pn[200] = "";
		if (lk_date_parse(to, &dd) == 0)
			lk_fmt_date(dtext, sizeof dtext, &dd, LK_LANG_ID);
		if (pusk[0])
			region_puskesmas_name(c->st, pusk, pn, sizeof pn);
		fprintf(c->out, "   - %s (s.d. %s%s%s)\n", sup, dtext, pusk[0] ? ", untuk " : "", pn[0] ? pn : pusk);
		c->n++;
	}
	free(status);
	free(sup);
	free(to);
	return 0;
}

/*
 * For a quarterly meeting: each puskesmas of the kecamatan with its gaps at
 * the end of the quarter under review and the problems it flagged for
 * cross-sector support in that quarter's monthly meetings.
 */
static int s_quarter_summary(lk_store *st, struct ctx *c, int year, int quarter)
{
	int rc = 0;
	dom_quarter_reviewed(year, quarter, &c->from_year, &c->from_period, &c->to_period);
	fprintf(c->out, "   (triwulan %d tahun %d)\n", c->to_period / 3, c->from_year);
	for (size_t i = 0; i < c->nmtgs; i++) {
		const char *p = c->mtgs[i].pusk;
		int seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(c->mtgs[j].pusk, p);
		if (!p[0] || seen)
			continue;
		char pn[200];
		region_puskesmas_name(st, p, pn, sizeof pn);
		fprintf(c->out, "   %s:\n", pn[0] ? pn : "Puskesmas");
		c->n = capaian_gap_lines(st, p, c->from_year, c->to_period, c->out, "     - kesenjangan ");
		c->summary_pusk = p;
		if (lk_store_list(st, lk_entity_find("problem"), s_flagged, c) < 0)
			rc = -LK_EIO;
		if (c->n == 0)
			fprintf(c->out, "     - tidak ada kesenjangan atau masalah lintas sektor yang tercatat\n");
		c->n = 1;
	}
	return rc;
}

static void s_none(struct ctx *c, const char *text)
{
	if (c->n == 0)
		fprintf(c->out, "   - %s\n", text);
	c->n = 0;
}

int agenda_write(lk_store *st, const ProtobufCMessage *meeting, FILE *out)
{
	struct ctx c;
	memset(&c, 0, sizeof c);
	c.st = st;
	c.meeting = meeting;
	c.out = out;
	const char *kab;
	lk_record_keys(meeting, &kab, &c.kec, &c.pusk);
	char *pd = lk_record_get(meeting, "planned_date"), *kind = lk_record_get(meeting, "kind"),
	     *period = lk_record_get(meeting, "period"), *team = lk_record_get(meeting, "team_building");
	lk_strlcpy(c.planned, pd, sizeof c.planned);
	int month = atoi(period), quarterly = !strcmp(kind, "quarterly"), rc = 0;
	free(pd);
	free(kind);
	free(period);

	if (lk_store_list(st, lk_entity_find("meeting"), s_collect_meeting, &c) < 0)
		rc = -LK_EIO;
	s_prev(&c);
	int no = 1;
	fprintf(out, "%d. Pembukaan\n", no++);
	if (!strcmp(team, "1"))
		fprintf(out, "%d. Penggalangan tim %sdan rencana kerja tahun ini\n", no++, quarterly ? "lintas sektor " : "");
	if (quarterly) {
		fprintf(out, "%d. Capaian kinerja triwulan lalu dan masalah yang memerlukan dukungan lintas sektor\n", no++);
		if (s_quarter_summary(st, &c, atoi(c.planned), month) < 0)
			rc = -LK_EIO;
		s_none(&c, "belum ada data puskesmas di perangkat ini");
	} else {
		int pm = (month + 10) % 12 + 1, py = atoi(c.planned) - (month == 1);
		fprintf(out, "%d. Capaian kinerja bulan %s\n", no++, lk_bulan(pm));
		if (c.pusk[0] && capaian_gap_lines(st, c.pusk, py, pm, out, "   - kesenjangan ") == 0)
			fprintf(out, "   - tidak ada indikator di bawah target yang tercatat\n");
	}
	fprintf(out, "%d. Rencana tindak lanjut (RTL) yang belum selesai\n", no++);
	if (lk_store_list(st, lk_entity_find("rtl"), s_rtl, &c) < 0)
		rc = -LK_EIO;
	s_none(&c, "tidak ada");
	if (quarterly) {
		fprintf(out, "%d. Komitmen lintas sektor yang belum selesai\n", no++);
		if (lk_store_list(st, lk_entity_find("commitment"), s_commitment, &c) < 0)
			rc = -LK_EIO;
		s_none(&c, "tidak ada");
	}
	fprintf(out, "%d. Kesenjangan dan masalah dari pertemuan sebelumnya\n", no++);
	if (lk_store_list(st, lk_entity_find("problem"), s_problem, &c) < 0)
		rc = -LK_EIO;
	s_none(&c, "tidak ada yang tercatat");
	fprintf(out, "%d. Informasi dari Dinas Kesehatan dan kecamatan\n", no++);
	c.kind = "information";
	if (lk_store_list(st, lk_entity_find("meeting_item"), s_item, &c) < 0)
		rc = -LK_EIO;
	s_none(&c, "disampaikan dalam rapat");
	fprintf(out, "%d. %s\n", no++, quarterly ? "Umpan balik masyarakat" : "Hasil audit internal");
	c.kind = quarterly ? "feedback" : "audit";
	if (lk_store_list(st, lk_entity_find("meeting_item"), s_item, &c) < 0)
		rc = -LK_EIO;
	s_none(&c, "disampaikan dalam rapat");
	/* What the calendar asks for this month. */
	if (!quarterly) {
		if (month == 2)
			fprintf(out, "%d. Penyiapan bahan musrenbang kecamatan\n", no++);
		if (month == 6)
			fprintf(out, "%d. Evaluasi capaian semester I (Januari-Juni) terhadap target\n", no++);
		if (month >= 10)
			fprintf(out, "%d. Pembahasan Rencana Usulan Kegiatan (RUK) tahun berikutnya\n", no++);
		if (month % 3 == 0)
			fprintf(out, "%d. Penyiapan bahan lokakarya mini lintas sektor triwulan %d\n", no++, month / 3);
	}
	fprintf(out, "%d. Rencana kegiatan %s\n", no++, quarterly ? "tiga bulan ke depan dan komitmen lintas sektor" : "bulan depan");
	fprintf(out, "%d. Penutup\n", no++);
	free(team);
	free(c.mtgs);
	return rc;
}
