/*
 * report_evidence: the accreditation evidence of criterion 1.6.2 per
 * puskesmas and year, from the records themselves:
 *   EP a  lokmin held consistently: the schedule, and for each meeting held
 *         the signed invitation, the attendance list, the signed minutes and
 *         their photos;
 *   EP b  problems discussed with recommendations;
 *   EP c  follow-up done: RTL items done with their proof.
 * Each piece with its date and a content hash (BLAKE2b-256 of what it holds,
 * or the photo's own hash), and every gap where a piece is missing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "attach.h"
#include "evidence.h"
#include "region.h"
#include "reports.h"

struct ev {
	struct rtable *pieces, *gaps, *summary;
	lk_store *st;
	const struct report_args *a;
	/* per puskesmas counts */
	int meetings, held, due, complete_a, problems, with_rec, rtl_closed, with_proof, ngaps;
	const char *pusk, *pusk_name;
	/* the meeting being looked at */
	const char *mid;
	int period;
	/* query scratch */
	int found;
	char date[32], hash[65], extra[64];
	crypto_generichash_state hs;
};

static void s_hash_hex(crypto_generichash_state *hs, char out[65])
{
	uint8_t d[32];
	crypto_generichash_final(hs, d, sizeof d);
	lk_hex_encode(out, d, sizeof d);
}

/* The puskesmas column: its code, shown by name. */
static void s_pusk(struct ev *e, struct rtable *t, long r)
{
	rtable_set(t, r, 0, "%s", e->pusk);
	if (e->pusk_name && e->pusk_name[0])
		rtable_show(t, r, 0, "%s", e->pusk_name);
}

/* A piece of evidence: what it is (English, a msgid when shown is NULL) and what people read. */
static void s_piece(struct ev *e, const char *ep, const char *what, const char *shown, const char *date,
                    const char *hash)
{
	char day[16];
	long r = rtable_row(e->pieces);
	s_pusk(e, e->pieces, r);
	rtable_set(e->pieces, r, 1, "%s", ep);
	if (e->period)
		rtable_int(e->pieces, r, 2, e->period);
	rtable_set(e->pieces, r, 3, "%s", what);
	rtable_show(e->pieces, r, 3, "%s", shown ? shown : _(what));
	snprintf(day, sizeof day, "%.10s", date);
	rtable_date(e->pieces, r, 4, day);
	rtable_set(e->pieces, r, 5, "%s", hash);
}

/* A missing piece: what (a msgid), and (or NULL) the record it concerns. */
static void s_gap(struct ev *e, const char *ep, const char *what, const char *detail)
{
	long r = rtable_row(e->gaps);
	s_pusk(e, e->gaps, r);
	rtable_set(e->gaps, r, 1, "%s", ep);
	if (e->period)
		rtable_int(e->gaps, r, 2, e->period);
	rtable_set(e->gaps, r, 3, "%s%s%.120s", what, detail ? ": " : "", detail ? detail : "");
	rtable_show(e->gaps, r, 3, "%s%s%.120s", _(what), detail ? ": " : "", detail ? detail : "");
	rtable_mark(e->gaps, r, 3, MARK_BAD);
	e->ngaps++;
}

/* Each row: a date and the texts that make up the piece; all rows hashed together. */
static int s_hash_rows(const char *const *r, int ncol, void *arg)
{
	struct ev *e = arg;
	if (!e->found++) {
		crypto_generichash_init(&e->hs, NULL, 0, 32);
		lk_strlcpy(e->date, r[0], sizeof e->date);
	}
	for (int c = 1; c < ncol; c++)
		crypto_generichash_update(&e->hs, (const uint8_t *)r[c], strlen(r[c]) + 1);
	return 0;
}

/* Run sql for the current meeting; 1 when it found rows (date and hash set). */
static int s_find(struct ev *e, const char *sql)
{
	const char *p[1] = {e->mid};
	e->found = 0;
	e->date[0] = e->hash[0] = '\0';
	if (lk_store_query(e->st, sql, p, 1, s_hash_rows, e) != 0)
		return 0;
	if (e->found)
		s_hash_hex(&e->hs, e->hash);
	return e->found > 0;
}

static const char s_inv_sql[] = "SELECT signed_at, document, signature FROM invitation"
                                " WHERE meeting_id = ?1 AND deleted = 0 AND signature <> '' AND signature_verifies('invitation', id)"
                                " ORDER BY signed_at DESC";
static const char s_att_sql[] = "SELECT (SELECT coalesce(held_date, '') FROM meeting WHERE id = ?1), name, role"
                                " FROM attendance WHERE meeting_id = ?1 AND deleted = 0 AND present = 1 ORDER BY name";
static const char s_min_sql[] = "SELECT signed_at, document, signature FROM minutes WHERE meeting_id = ?1"
                                " AND deleted = 0 AND signature <> '' AND signature_verifies('minutes', id)"
                                " ORDER BY revision DESC";
static const char s_photo_sql[] = "SELECT hash, caption, filename FROM attachment WHERE owner_id = ?1 AND deleted = 0"
                                  " AND mime LIKE 'image/%' ORDER BY hash";
static const char s_problem_sql[] = "SELECT id, description, root_causes, recommendation FROM problem"
                                    " WHERE meeting_id = ?1 AND deleted = 0 ORDER BY id";

/* Photos are their own evidence: one piece each, hashed by their content hash. */
static int s_photo_row(const char *const *r, int ncol, void *arg)
{
	struct ev *e = arg;
	(void)ncol;
	char what[200], shown[200];
	snprintf(what, sizeof what, "photo: %s", r[1][0] ? r[1] : r[2]);
	snprintf(shown, sizeof shown, _("photo: %s"), r[1][0] ? r[1] : r[2]);
	s_piece(e, "a", what, shown, e->date, r[0]);
	e->found++;
	return 0;
}

/* EP b: each problem, with its recommendation or a gap. */
static int s_problem_row(const char *const *r, int ncol, void *arg)
{
	struct ev *e = arg;
	(void)ncol;
	crypto_generichash_state hs;
	char hash[65], what[200], shown[200];
	crypto_generichash_init(&hs, NULL, 0, 32);
	for (int c = 1; c < 4; c++)
		crypto_generichash_update(&hs, (const uint8_t *)r[c], strlen(r[c]) + 1);
	s_hash_hex(&hs, hash);
	e->problems++;
	snprintf(what, sizeof what, "problem: %.120s", r[1]);
	snprintf(shown, sizeof shown, _("problem: %.120s"), r[1]);
	if (r[3][0]) {
		e->with_rec++;
		s_piece(e, "b", what, shown, e->date, hash);
	} else {
		s_gap(e, "b", N_("problem without a recommendation"), r[1]);
	}
	return 0;
}

/* One meeting held: EP a's four pieces, then EP b. */
static void s_meeting(struct ev *e, const char *held)
{
	int complete = 1;
	static const struct {
		const char *sql, *what, *missing;
	} docs[] = {
		{s_inv_sql, N_("invitation, signed"), N_("no signed invitation")},
		{s_att_sql, N_("attendance list"), N_("no attendance list")},
		{s_min_sql, N_("minutes, signed"), N_("no signed minutes")},
	};
	for (size_t i = 0; i < LK_ARRAY_LEN(docs); i++) {
		if (s_find(e, docs[i].sql))
			s_piece(e, "a", docs[i].what, NULL, e->date[0] ? e->date : held, e->hash);
		else {
			s_gap(e, "a", docs[i].missing, NULL);
			complete = 0;
		}
	}
	const char *p[1] = {e->mid};
	lk_strlcpy(e->date, held, sizeof e->date);
	e->found = 0;
	lk_store_query(e->st, s_photo_sql, p, 1, s_photo_row, e);
	if (e->found == 0) {
		s_gap(e, "a", N_("minutes without photos"), NULL);
		complete = 0;
	}
	e->complete_a += complete;
	lk_store_query(e->st, s_problem_sql, p, 1, s_problem_row, e);
}

struct mtg {
	char id[40], status[16], planned[16], held[16];
	int period;
};

struct mtgs {
	struct mtg *v;
	size_t n;
};

static int s_mtg_row(const char *const *r, int ncol, void *arg)
{
	struct mtgs *m = arg;
	(void)ncol;
	struct mtg *nv = realloc(m->v, (m->n + 1) * sizeof *nv);
	if (nv == NULL)
		return -LK_ENOMEM;
	m->v = nv;
	struct mtg *x = &m->v[m->n++];
	lk_strlcpy(x->id, r[0], sizeof x->id);
	x->period = atoi(r[1]);
	lk_strlcpy(x->status, r[2], sizeof x->status);
	lk_strlcpy(x->planned, r[3], sizeof x->planned);
	lk_strlcpy(x->held, r[4], sizeof x->held);
	return 0;
}

/* EP c: RTL of the year's meetings that were done, with their proof (notes or attachments). */
static int s_rtl_row(const char *const *r, int ncol, void *arg)
{
	struct ev *e = arg;
	(void)ncol;
	crypto_generichash_state hs;
	char hash[65], what[200], shown[200];
	e->rtl_closed++;
	snprintf(what, sizeof what, "RTL done (%s): %.100s", r[3], r[1]);
	(void)N_("done"), (void)N_("verified"); /* the statuses, shown translated */
	snprintf(shown, sizeof shown, _("RTL done (%s): %.100s"), _(r[3]), r[1]);
	e->period = atoi(r[5]);
	if (r[2][0] || atoi(r[6]) > 0) {
		crypto_generichash_init(&hs, NULL, 0, 32);
		crypto_generichash_update(&hs, (const uint8_t *)r[1], strlen(r[1]) + 1);
		crypto_generichash_update(&hs, (const uint8_t *)r[2], strlen(r[2]) + 1);
		crypto_generichash_update(&hs, (const uint8_t *)r[7], strlen(r[7]) + 1);
		s_hash_hex(&hs, hash);
		e->with_proof++;
		s_piece(e, "c", what, shown, r[4], hash);
	} else {
		s_gap(e, "c", N_("RTL done without proof"), r[1]);
	}
	return 0;
}

static const char s_rtl_sql[] =
	"SELECT r.id, r.activity, r.status_note, r.status, r.closed_on, m.period,"
	" (SELECT count(*) FROM attachment a WHERE a.owner_id = r.id AND a.deleted = 0),"
	" coalesce((SELECT group_concat(a.hash) FROM attachment a WHERE a.owner_id = r.id AND a.deleted = 0), '')"
	" FROM rtl_item r JOIN meeting m ON m.id = r.meeting_id WHERE r.deleted = 0 AND r.puskesmas_code = ?1"
	" AND m.year = ?2 AND m.kind = 'monthly' AND r.status IN ('done', 'verified') ORDER BY m.period, r.id";

static void s_puskesmas(struct ev *e, const char *pusk, const char *name)
{
	char year[8];
	struct mtgs m = {0};
	snprintf(year, sizeof year, "%d", e->a->year);
	const char *p[2] = {pusk, year};
	e->pusk = pusk;
	e->pusk_name = name;
	e->meetings = e->held = e->due = e->complete_a = e->problems = e->with_rec = e->rtl_closed = e->with_proof = e->ngaps = 0;
	lk_store_query(e->st,
	               "SELECT id, period, status, planned_date, held_date FROM meeting WHERE deleted = 0"
	               " AND kind = 'monthly' AND puskesmas_code = ?1 AND year = ?2 ORDER BY period",
	               p, 2, s_mtg_row, &m);
	e->period = 0;
	if (m.n == 0)
		s_gap(e, "a", N_("no schedule of monthly lokmin for the year"), NULL);
	else
		s_piece(e, "a", N_("schedule of monthly lokmin"), NULL, m.v[0].planned, "");
	e->meetings = (int)m.n;
	for (size_t i = 0; i < m.n; i++) {
		const struct mtg *x = &m.v[i];
		e->period = x->period;
		e->mid = x->id;
		if (x->held[0] || !strcmp(x->status, "held")) {
			e->held++;
			s_meeting(e, x->held);
		} else if (strcmp(x->status, "cancelled") && strcmp(x->planned, e->a->as_of) < 0) {
			s_gap(e, "a", N_("meeting not held"), NULL);
		}
	}
	/* EP a counts against every meeting that was due, planned or not: a month with no lokmin planned
	 * is a gap of its own once the year has a schedule (without one, the gap above says it all). */
	struct ev_month months[12];
	e->due = ev_months(e->st, pusk, e->a->year, e->a->as_of, months);
	for (int i = 0; i < 12 && m.n > 0 && e->due > 0; i++)
		if (months[i].state == EV_NO_PLAN) {
			e->period = i + 1;
			s_gap(e, "a", N_("no lokmin planned for the month"), NULL);
		}
	if (e->due < e->held)
		e->due = e->held; /* the store could not be read: never fewer than the meetings held */
	e->period = 0;
	lk_store_query(e->st, s_rtl_sql, p, 2, s_rtl_row, e);
	e->period = 0;
	if (e->rtl_closed == 0 && e->held > 0)
		s_gap(e, "c", N_("no RTL item done this year"), NULL);
	long r = rtable_row(e->summary);
	s_pusk(e, e->summary, r);
	rtable_set(e->summary, r, 1, "%d/%d", e->complete_a, e->due);
	rtable_mark(e->summary, r, 1, e->due && e->complete_a == e->due ? MARK_GOOD : MARK_BAD);
	rtable_set(e->summary, r, 2, "%d/%d", e->with_rec, e->problems);
	rtable_mark(e->summary, r, 2, e->problems && e->with_rec == e->problems ? MARK_GOOD : MARK_BAD);
	rtable_set(e->summary, r, 3, "%d/%d", e->with_proof, e->rtl_closed);
	rtable_mark(e->summary, r, 3, e->rtl_closed && e->with_proof == e->rtl_closed ? MARK_GOOD : MARK_BAD);
	rtable_int(e->summary, r, 4, e->ngaps);
	rtable_mark(e->summary, r, 4, e->ngaps ? MARK_BAD : MARK_GOOD);
	free(m.v);
}

/* ---------------------------------------------------------------- the bundle for the surveyor */

/* One line for the person, through the front-end. */
static void s_say(const struct report_args *a, const char *line)
{
	if (a->say)
		a->say(a, line);
}

struct bundle {
	const struct report_args *a; /* to fetch photos not on this device yet, and write documents */
	lk_store *st;
	const char *home, *dir;
	char pdir[1100];
	int files;
};

/* Copy the content of an attachment into the bundle, fetching it from lokmind when it is not
 * on this device yet; 1 when copied. */
static int s_copy_blob(struct bundle *b, const char *id, const char *hash, const char *filename, const char *name)
{
	char from[1200], to[1300], *data = NULL;
	size_t len = 0;
	const char *dot = strrchr(filename, '.');
	if (lk_attach_blob_path(b->home, hash, from, sizeof from) != 0 ||
	    (access(from, R_OK) != 0 && (b->a->fetch == NULL || b->a->fetch(b->a, id) != 0))) {
		char line[400];
		snprintf(line, sizeof line, _("lokmin: %s is not on this device and could not be fetched; run again online"),
		         filename);
		s_say(b->a, line);
	}
	snprintf(to, sizeof to, "%s/%s%s", b->pdir, name, dot && strlen(dot) <= 6 ? dot : "");
	if (lk_read_file(from, &data, &len) != 0)
		return 0;
	int ok = lk_write_file(to, data, len, 0644) == 0;
	free(data);
	b->files += ok;
	return ok;
}

struct doc_row {
	struct bundle *b;
	char prefix[64];
	int n;
};

static int s_attachment_row(const char *const *r, int ncol, void *arg)
{
	struct doc_row *d = arg;
	char name[96];
	(void)ncol;
	snprintf(name, sizeof name, "%s-%d", d->prefix, ++d->n);
	s_copy_blob(d->b, r[2], r[0], r[1], name);
	return 0;
}

static int s_attachment_row_count(const char *const *r, int ncol, void *arg)
{
	(void)r;
	(void)ncol;
	((struct doc_row *)arg)->n++;
	return 1; /* one is enough */
}

/* One held meeting: its three documents and its photos. */
static int s_bundle_meeting(const char *const *r, int ncol, void *arg)
{
	struct bundle *b = arg;
	(void)ncol;
	static const struct {
		const char *kind, *file, *exists;
	} docs[] = {
		{"undangan", "undangan", "SELECT 1 FROM invitation WHERE meeting_id = ?1 AND deleted = 0"},
		{"hadir", "daftar-hadir", "SELECT 1 FROM attendance WHERE meeting_id = ?1 AND deleted = 0"},
		{"notulen", "notulen", "SELECT 1 FROM minutes WHERE meeting_id = ?1 AND deleted = 0"},
	};
	const char *p[1] = {r[0]};
	for (size_t i = 0; i < LK_ARRAY_LEN(docs); i++) {
		struct doc_row any = {b, "", 0};
		lk_store_query(b->st, docs[i].exists, p, 1, s_attachment_row_count, &any);
		if (any.n == 0)
			continue;
		char path[1300];
		snprintf(path, sizeof path, "%s/%02d-%s.html", b->pdir, atoi(r[1]), docs[i].file);
		if (b->a->document && b->a->document(b->a, docs[i].kind, r[0], path) == 0)
			b->files++;
	}
	struct doc_row photos = {b, "", 0};
	snprintf(photos.prefix, sizeof photos.prefix, "%02d-foto", atoi(r[1]));
	lk_store_query(b->st, "SELECT hash, filename, id FROM attachment WHERE owner_id = ?1 AND deleted = 0 ORDER BY hash", p,
	               1, s_attachment_row, &photos);
	return 0;
}

/* Proof attached to RTL items done. */
static int s_bundle_rtl(const char *const *r, int ncol, void *arg)
{
	struct bundle *b = arg;
	(void)ncol;
	struct doc_row d = {b, "", 0};
	snprintf(d.prefix, sizeof d.prefix, "rtl-%.8s", r[0]);
	const char *p[1] = {r[0]};
	lk_store_query(b->st, "SELECT hash, filename, id FROM attachment WHERE owner_id = ?1 AND deleted = 0 ORDER BY hash", p,
	               1, s_attachment_row, &d);
	return 0;
}

/* The rows of t whose first column is pusk, as an HTML table; a month links to its minutes when they are in pdir. */
static void s_index_table(FILE *f, const struct rtable *t, const char *pusk, const char *pdir)
{
	fputs("<table>\n<caption>", f);
	report_html_esc(f, t->title);
	fputs("</caption>\n<tr>", f);
	for (size_t c = 1; c < t->ncols; c++) {
		fputs("<th>", f);
		report_html_esc(f, _(t->cols[c]));
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (size_t r = 0; r < t->nrows; r++) {
		if (strcmp(rtable_get(t, r, 0), pusk))
			continue;
		fputs("<tr>", f);
		for (size_t c = 1; c < t->ncols; c++) {
			const char *v = rtable_get(t, r, c), *shown = rtable_shown(t, r, c);
			fputs("<td>", f);
			char doc[1300];
			snprintf(doc, sizeof doc, "%s/%02d-notulen.html", pdir, atoi(v));
			if (c == 2 && v[0] && access(doc, F_OK) == 0)
				fprintf(f, "<a href=\"%02d-notulen.html\">%s</a>", atoi(v), v);
			else
				report_html_esc(f, shown);
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

static int s_bundle(struct ev *e, const struct units *u, const char *home, const char *dir)
{
	struct bundle b = {e->a, e->st, home, dir, "", 0};
	char year[8], path[1200], line[1300];
	snprintf(year, sizeof year, "%d", e->a->year);
	if (lk_mkdirs(dir, 0755) != 0) {
		snprintf(line, sizeof line, _("lokmin: cannot create %s"), dir);
		s_say(e->a, line);
		return 1;
	}
	snprintf(path, sizeof path, "%s/index.html", dir);
	FILE *top = fopen(path, "w");
	if (top == NULL) {
		snprintf(line, sizeof line, _("lokmin: cannot write %s"), path);
		s_say(e->a, line);
		return 1;
	}
	char title[300];
	snprintf(title, sizeof title, _("Accreditation evidence, criterion 1.6.2, year %d"), e->a->year);
	report_html_begin(top, title,
	                  _("Lokakarya mini: the schedule, invitations, attendance lists, minutes with photos, problems "
	                    "and recommendations, proof of follow-up"));
	rtable_write(e->summary, REPORT_HTML, top);
	fputs("<ul>\n", top);
	for (size_t i = 0; i < u->n; i++) {
		const char *pusk = u->v[i].code;
		const char *p[2] = {pusk, year};
		snprintf(b.pdir, sizeof b.pdir, "%s/%s", dir, pusk);
		if (lk_mkdirs(b.pdir, 0755) != 0)
			continue;
		lk_store_query(e->st,
		               "SELECT id, period FROM meeting WHERE deleted = 0 AND puskesmas_code = ?1 AND year = ?2"
		               " AND (held_date <> '' OR status = 'held') ORDER BY period",
		               p, 2, s_bundle_meeting, &b);
		lk_store_query(e->st,
		               "SELECT r.id FROM rtl_item r JOIN meeting m ON m.id = r.meeting_id WHERE r.deleted = 0"
		               " AND r.puskesmas_code = ?1 AND m.year = ?2 AND r.status IN ('done', 'verified')",
		               p, 2, s_bundle_rtl, &b);
		snprintf(path, sizeof path, "%s/index.html", b.pdir);
		FILE *f = fopen(path, "w");
		if (f == NULL)
			continue;
		char sub[400];
		char kname[160];
		if (region_name(e->st, u->v[i].kecamatan, kname, sizeof kname) != 0)
			snprintf(kname, sizeof kname, _("kecamatan %s"), u->v[i].kecamatan);
		snprintf(title, sizeof title, _("Accreditation evidence 1.6.2, %s, year %d"),
		         u->v[i].name[0] ? u->v[i].name : pusk, e->a->year);
		snprintf(sub, sizeof sub, "%s, %s (%s)", u->v[i].name, kname, pusk);
		report_html_begin(f, title, sub);
		s_index_table(f, e->gaps, pusk, b.pdir);
		s_index_table(f, e->pieces, pusk, b.pdir);
		report_html_end(f);
		fclose(f);
		fprintf(top, "<li><a href=\"%s/index.html\">", pusk);
		report_html_esc(top, u->v[i].name[0] ? u->v[i].name : pusk);
		fprintf(top, "</a> (%s)</li>\n", pusk);
	}
	fputs("</ul>\n", top);
	report_html_end(top);
	int bad = fclose(top) != 0;
	snprintf(line, sizeof line, _("evidence bundle in %s: %d documents and files, an index page per puskesmas"), dir,
	         b.files);
	s_say(e->a, line);
	return bad;
}

int report_evidence(struct dom *dom, const struct report_args *a)
{
	lk_store *st = dom->st;
	static const char *const piece_cols[] = {N_("PUSKESMAS"), N_("EP"),   N_("MONTH"),
	                                         N_("EVIDENCE"),  N_("DATE"), N_("HASH"), NULL};
	static const char *const gap_cols[] = {N_("PUSKESMAS"), N_("EP"), N_("MONTH"), N_("MISSING"), NULL};
	static const char *const sum_cols[] = {N_("PUSKESMAS"), N_("EP a: MEETINGS COMPLETE"),
	                                       N_("EP b: PROBLEMS WITH RECOMMENDATION"), N_("EP c: RTL DONE WITH PROOF"),
	                                       N_("GAPS"), NULL};
	char t1[128], t2[128], t3[128], sub[160];
	snprintf(t1, sizeof t1, _("Accreditation 1.6.2 evidence %d per puskesmas"), a->year);
	snprintf(t2, sizeof t2, _("Evidence pieces %d (content hash BLAKE2b-256)"), a->year);
	snprintf(t3, sizeof t3, _("Missing evidence %d"), a->year);
	struct ev e;
	memset(&e, 0, sizeof e);
	e.st = st;
	e.a = a;
	e.summary = rtable_new(t1, sum_cols);
	e.pieces = rtable_new(t2, piece_cols);
	e.gaps = rtable_new(t3, gap_cols);
	struct units u;
	int rc = report_units(st, a, &u);
	for (size_t i = 0; rc == 0 && e.summary && e.pieces && e.gaps && i < u.n; i++)
		s_puskesmas(&e, u.v[i].code, u.v[i].name);
	struct rtable *tables[] = {e.summary, e.gaps, e.pieces};
	snprintf(sub, sizeof sub, _("%zu puskesmas; meetings due by %s"), u.n, a->as_of_text);
	snprintf(t1, sizeof t1, _("Accreditation evidence (criterion 1.6.2) %d"), a->year);
	if (rc == 0)
		rc = a->emit(a, tables, LK_ARRAY_LEN(tables), t1, sub, NULL, NULL);
	else
		rc = -LK_EIO; /* the caller says what could not be read */
	if (rc == 0 && a->bundle)
		rc = s_bundle(&e, &u, dom->home, a->bundle);
	for (size_t i = 0; i < LK_ARRAY_LEN(tables); i++)
		rtable_free(tables[i]);
	free(u.v);
	return rc < 0 ? rc : rc ? 1 : 0;
}
