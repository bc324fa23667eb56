/* minutes_parts: the parts of the Notulen's text that come from the meeting's records (agenda, problems, RTL...). */
#define _GNU_SOURCE 1
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agenda.h"
#include "doc_rows.h"
#include "lk_date.h"
#include "lk_error.h"
#include "lk_fmt.h"
#include "lk_rules.h"
#include "lk_util.h"
#include "minutes_parts.h"
#include "region.h"

/* An ISO date as "3 Desember 2026" into out; the text itself when it is not a date, "-" when empty. */
static const char *s_date(const char *iso, char *out, size_t n)
{
	struct lk_date d;
	if (iso == NULL || !iso[0])
		lk_strlcpy(out, "-", n);
	else if (lk_date_parse(iso, &d) != 0 || lk_fmt_date(out, n, &d, LK_LANG_ID) != 0)
		lk_strlcpy(out, iso, n);
	return out;
}

/* The meeting's rows of entity (store order); the caller frees. */
static void s_rows(struct dom *d, const ProtobufCMessage *mt, const char *entity, const char *field,
                   struct dom_rows *r)
{
	struct dom_err err;
	memset(r, 0, sizeof *r);
	r->field = field;
	r->value = lk_record_id(mt);
	if (dom_rows_load(d, entity, r, &err) != 0)
		memset(r, 0, sizeof *r);
}

/* The newest invitation's document (malloc'd) or NULL. */
static char *s_invitation(struct dom *d, const ProtobufCMessage *mt)
{
	struct dom_rows r;
	s_rows(d, mt, "invitation", "meeting_id", &r);
	const ProtobufCMessage *inv = dom_rows_newest(&r, "issued_date", 0);
	char *doc = inv ? lk_record_get(inv, "document") : NULL;
	dom_rows_free(&r);
	return doc;
}

/* The value after the first line of doc starting (case-insensitively, after blanks) with the whole label, up to the
 * line's end. */
static char *s_line_value(const char *doc, const char *label)
{
	size_t ll = strlen(label);
	for (const char *l = doc; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		while (*l == ' ')
			l++;
		/* The whole label: "tempat" is not "tempat_tanggal". */
		if (strncasecmp(l, label, ll) != 0 || (l[ll] != ' ' && l[ll] != ':' && l[ll] != '\t'))
			continue;
		const char *v = l + ll;
		while (*v == ' ' || *v == ':')
			v++;
		size_t n = strcspn(v, "\n");
		char *out = malloc(n + 1);
		if (out)
			lk_strlcpy(out, v, n + 1);
		return out;
	}
	return NULL;
}

char *minutes_invitation_place(struct dom *d, const ProtobufCMessage *mt)
{
	char *doc = s_invitation(d, mt), *v = doc ? s_line_value(doc, "tempat") : NULL;
	free(doc);
	return v;
}

char *minutes_invitation_start(struct dom *d, const ProtobufCMessage *mt)
{
	char *doc = s_invitation(d, mt), *v = doc ? s_line_value(doc, "waktu") : NULL, *out = NULL;
	int h, m;
	for (const char *p = v; p && *p && out == NULL; p++)
		if (isdigit((unsigned char)*p) && sscanf(p, "%2d%*[.:]%2d", &h, &m) == 2 && h >= 0 && h < 24 && m >= 0 &&
		    m < 60 && (out = malloc(16)) != NULL)
			snprintf(out, 16, "%02d:%02d", h, m);
	free(doc);
	free(v);
	return out;
}

struct person_pick {
	const char *kec, *pusk, *role;
	char id[40], name[200];
};

static int s_pick(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct person_pick *p = arg;
	const char *kab, *kec, *pusk;
	(void)e;
	lk_record_keys(m, &kab, &kec, &pusk);
	if (lk_record_deleted(m) || strcmp(kec, p->kec) != 0 || (p->pusk[0] && strcmp(pusk, p->pusk) != 0))
		return 0;
	char *role = lk_record_get(m, "role"), *name = lk_record_get(m, "name");
	if (!strcmp(role, p->role) && (!p->id[0] || strcmp(name, p->name) < 0)) {
		lk_strlcpy(p->id, lk_record_id(m), sizeof p->id);
		lk_strlcpy(p->name, name, sizeof p->name);
	}
	free(role);
	free(name);
	return 0;
}

int minutes_person_with_role(struct dom *d, const ProtobufCMessage *mt, const char *role, char id[40])
{
	const char *kab;
	struct person_pick p = {.role = role};
	lk_record_keys(mt, &kab, &p.kec, &p.pusk);
	id[0] = '\0';
	if (lk_store_list(d->st, lk_entity_find("person"), s_pick, &p) < 0 || !p.id[0])
		return -LK_ENOTFOUND;
	lk_strlcpy(id, p.id, 40);
	return 0;
}

/* Agenda items, and what was discussed under each: the agenda's own lines, then the material notes under the
 * item on capaian. */
int minutes_add_agenda(struct dom *d, const ProtobufCMessage *mt, struct dom_doc_text *t)
{
	char *buf = NULL, num[16];
	size_t len = 0;
	int rc = 0, item = 0, capaian = 0;
	FILE *f = open_memstream(&buf, &len);
	if (f == NULL)
		return -LK_ENOMEM;
	agenda_write(d->st, mt, f);
	fclose(f);
	for (char *l = buf, *nl; l && *l; l = nl ? nl + 1 : NULL) {
		if ((nl = strchr(l, '\n')) != NULL)
			*nl = '\0';
		char *p = l;
		while (*p == ' ')
			p++;
		int n = 0, used = 0;
		if (sscanf(p, "%d.%n", &n, &used) == 1 && used > 0 && p == l) {
			item = n;
			p += used;
			while (*p == ' ')
				p++;
			rc |= dom_doc_text_add(t, "agenda", p);
			if (!capaian && strstr(p, "Capaian"))
				capaian = item;
		} else if (item && *p) {
			if (p[0] == '-' && p[1] == ' ')
				p += 2;
			snprintf(num, sizeof num, "%d", item);
			const char *cells[2] = {num, p};
			rc |= dom_doc_text_add_row(t, "pembahasan", cells, 2);
		}
	}
	free(buf);
	/* What each programme holder reported. */
	struct dom_rows r;
	s_rows(d, mt, "material", "meeting_id", &r);
	snprintf(num, sizeof num, "%d", capaian ? capaian : 1);
	for (size_t i = 0; i < r.n; i++) {
		char *prog = lk_record_get(r.v[i], "programme"), *note = lk_record_get(r.v[i], "note"),
		     *pid = lk_record_get(r.v[i], "person_id"), *who = minutes_field_of(d->st, "person", pid, "name");
		if (note[0]) {
			char line[2600];
			for (char *c = note; *c; c++)
				if (*c == '\n')
					*c = ' ';
			snprintf(line, sizeof line, "Program %s%s%s%s: %s", prog, who ? " (" : "", who ? who : "", who ? ")" : "",
			         note);
			const char *cells[2] = {num, line};
			rc |= dom_doc_text_add_row(t, "pembahasan", cells, 2);
		}
		free(prog);
		free(note);
		free(pid);
		free(who);
	}
	dom_rows_free(&r);
	return rc;
}

const char *minutes_cause_category(const char *line, const char **rest)
{
	static const struct {
		const char *word, *code;
	} map[] = {{"man", "manusia"},       {"manusia", "manusia"},    {"people", "manusia"},
	           {"method", "metode"},     {"metode", "metode"},      {"material", "material"},
	           {"materials", "material"}, {"money", "dana"},        {"dana", "dana"},
	           {"machine", "mesin_alat"}, {"mesin", "mesin_alat"},  {"alat", "mesin_alat"},
	           {"mesin/alat", "mesin_alat"}, {"environment", "lingkungan"}, {"lingkungan", "lingkungan"}};
	const char *colon = strchr(line, ':');
	*rest = line;
	if (colon == NULL)
		return "lain";
	size_t n = (size_t)(colon - line);
	while (n > 0 && line[n - 1] == ' ')
		n--;
	for (size_t i = 0; i < LK_ARRAY_LEN(map); i++)
		if (strlen(map[i].word) == n && !strncasecmp(line, map[i].word, n)) {
			for (*rest = colon + 1; **rest == ' ';)
				(*rest)++;
			return map[i].code;
		}
	return "lain";
}

/* Problems in order of USG priority (highest first), each with its causes by category. */
int minutes_add_problems(struct dom *d, const ProtobufCMessage *mt, struct dom_doc_text *t)
{
	struct dom_rows r;
	int rc = 0;
	s_rows(d, mt, "problem", "meeting_id", &r);
	/* USG total: a simple selection sort keeps equal totals in store order. */
	int *tot = calloc(r.n + 1, sizeof *tot);
	if (tot == NULL) {
		dom_rows_free(&r);
		return -LK_ENOMEM;
	}
	for (size_t i = 0; i < r.n; i++) {
		char *u = lk_record_get(r.v[i], "urgency"), *s = lk_record_get(r.v[i], "seriousness"),
		     *g = lk_record_get(r.v[i], "growth");
		tot[i] = atoi(u) + atoi(s) + atoi(g);
		free(u);
		free(s);
		free(g);
	}
	for (size_t i = 0; i < r.n; i++) {
		size_t best = i;
		for (size_t j = i + 1; j < r.n; j++)
			if (tot[j] > tot[best])
				best = j;
		for (size_t j = best; j > i; j--) {
			ProtobufCMessage *m = r.v[j];
			int x = tot[j];
			r.v[j] = r.v[j - 1];
			tot[j] = tot[j - 1];
			r.v[j - 1] = m;
			tot[j - 1] = x;
		}
	}
	for (size_t i = 0; i < r.n; i++) {
		char no[24], total[16];
		char *desc = lk_record_get(r.v[i], "description"), *gap = lk_record_get(r.v[i], "gap"),
		     *u = lk_record_get(r.v[i], "urgency"), *s = lk_record_get(r.v[i], "seriousness"),
		     *g = lk_record_get(r.v[i], "growth"), *rec = lk_record_get(r.v[i], "recommendation"),
		     *causes = lk_record_get(r.v[i], "root_causes");
		snprintf(no, sizeof no, "%zu", i + 1);
		snprintf(total, sizeof total, "%d", tot[i]);
		const char *cells[8] = {no, desc, gap, u, s, g, total, rec};
		rc |= dom_doc_text_add_row(t, "masalah", cells, 8);
		for (char *c = causes, *nl; c && *c; c = nl ? nl + 1 : NULL) {
			if ((nl = strchr(c, '\n')) != NULL)
				*nl = '\0';
			const char *rest, *cat = minutes_cause_category(c, &rest);
			const char *cc[3] = {no, cat, rest};
			if (*rest)
				rc |= dom_doc_text_add_row(t, "penyebab", cc, 3);
		}
		free(desc);
		free(gap);
		free(u);
		free(s);
		free(g);
		free(rec);
		free(causes);
	}
	free(tot);
	dom_rows_free(&r);
	return rc;
}

int minutes_add_decisions(struct dom *d, const ProtobufCMessage *mt, struct dom_doc_text *t)
{
	struct dom_rows r;
	int rc = 0;
	s_rows(d, mt, "meeting_item", "meeting_id", &r);
	for (size_t i = 0; i < r.n; i++) {
		char *kind = lk_record_get(r.v[i], "kind"), *text = lk_record_get(r.v[i], "text");
		if (!strcmp(kind, "decision"))
			rc |= dom_doc_text_add(t, "keputusan", text);
		free(kind);
		free(text);
	}
	dom_rows_free(&r);
	return rc;
}

/* "Puskesmas Kaliwungu" for a puskesmas code (malloc'd): its name as the last sync cached it, else the code. */
static char *s_pusk(lk_store *st, const char *code)
{
	char name[200];
	if (region_puskesmas_name(st, code, name, sizeof name) != 0)
		snprintf(name, sizeof name, "Puskesmas %s", code);
	return strdup(name);
}

/* Who answers for an RTL item: a person, a sector or a puskesmas (malloc'd, NULL when none). */
static char *s_owner(lk_store *st, const ProtobufCMessage *m)
{
	char *who = lk_record_get(m, "owner_person_id"), *sec = lk_record_get(m, "owner_sector_id"),
	     *pkm = lk_record_get(m, "owner_puskesmas"), *name = minutes_field_of(st, "person", who, "name");
	if (name == NULL)
		name = minutes_field_of(st, "sector", sec, "name");
	if (name == NULL && pkm[0])
		name = s_pusk(st, pkm);
	free(who);
	free(sec);
	free(pkm);
	return name;
}

/* One meeting record read for a table row: its fields in the order the table asks for them,
 * and what its cells are made of; freed once the row is added. */
struct row {
	char *f[6];
	char *own[3];
	char date[2][LK_FMT_LEN], period[2 * LK_FMT_LEN + 8];
};

/* Makes the cells of one row from record m, read into w. */
typedef void (*row_cells_fn)(struct dom *d, const ProtobufCMessage *m, struct row *w, const char **cells);

/* A row of table in t for every record of entity held at the meeting: fields read, the cells
 * made by fn. */
static int s_table(struct dom *d, const ProtobufCMessage *mt, const char *entity, const char *const *fields,
                   const char *table, size_t ncells, row_cells_fn fn, struct dom_doc_text *t)
{
	struct dom_rows r;
	int rc = 0;
	s_rows(d, mt, entity, "meeting_id", &r);
	for (size_t i = 0; i < r.n; i++) {
		struct row w;
		const char *cells[8];
		size_t k = 0;
		memset(&w, 0, sizeof w);
		for (; fields[k] && k < LK_ARRAY_LEN(w.f); k++)
			w.f[k] = lk_record_get(r.v[i], fields[k]);
		fn(d, r.v[i], &w, cells);
		rc |= dom_doc_text_add_row(t, table, cells, ncells);
		for (size_t j = 0; j < k; j++)
			free(w.f[j]);
		for (size_t j = 0; j < LK_ARRAY_LEN(w.own); j++)
			free(w.own[j]);
	}
	dom_rows_free(&r);
	return rc;
}

static const char *const s_rtl_fields[] = {"activity", "objective", "target_group",
                                           "due_date", "place",     "success_indicator", NULL};

static void s_rtl_cells(struct dom *d, const ProtobufCMessage *m, struct row *w, const char **c)
{
	char *who = w->own[0] = s_owner(d->st, m);
	c[0] = w->f[0];
	c[1] = w->f[1];
	c[2] = w->f[2];
	c[3] = s_date(w->f[3], w->date[0], sizeof w->date[0]);
	c[4] = who ? who : "";
	c[5] = w->f[4];
	c[6] = w->f[5];
}

int minutes_add_rtl(struct dom *d, const ProtobufCMessage *mt, struct dom_doc_text *t)
{
	return s_table(d, mt, "rtl", s_rtl_fields, "rtl", 7, s_rtl_cells, t);
}

static const char *const s_commitment_fields[] = {"sector_id", "support", "period_start", "period_end", "contact",
                                                  NULL};

static void s_commitment_cells(struct dom *d, const ProtobufCMessage *m, struct row *w, const char **c)
{
	char *sec = w->own[0] = minutes_field_of(d->st, "sector", w->f[0], "name");
	snprintf(w->period, sizeof w->period, "%s s.d. %s", s_date(w->f[2], w->date[0], sizeof w->date[0]),
	         s_date(w->f[3], w->date[1], sizeof w->date[1]));
	/* A commitment to one puskesmas says which. */
	const char *kab, *kec, *pusk;
	lk_record_keys(m, &kab, &kec, &pusk);
	char *pn = w->own[1] = pusk[0] ? s_pusk(d->st, pusk) : NULL;
	if (pn && asprintf(&w->own[2], "%s (untuk %s)", w->f[1], pn) < 0)
		w->own[2] = NULL;
	c[0] = sec ? sec : w->f[0];
	c[1] = w->own[2] ? w->own[2] : w->f[1];
	c[2] = w->period;
	c[3] = w->f[4];
}

int minutes_add_commitments(struct dom *d, const ProtobufCMessage *mt, struct dom_doc_text *t)
{
	return s_table(d, mt, "commitment", s_commitment_fields, "komitmen", 4, s_commitment_cells, t);
}

/* Photos attached to the meeting: attachment id and caption. */
int minutes_add_photos(struct dom *d, const ProtobufCMessage *mt, struct dom_doc_text *t)
{
	struct dom_rows r;
	int rc = 0;
	s_rows(d, mt, "attachment", "owner_id", &r);
	for (size_t i = 0; i < r.n; i++) {
		char *mime = lk_record_get(r.v[i], "mime"), *cap = lk_record_get(r.v[i], "caption"),
		     *fn = lk_record_get(r.v[i], "filename");
		if (!strncmp(mime, "image/", 6)) {
			const char *cells[2] = {lk_record_id(r.v[i]), cap[0] ? cap : fn};
			rc |= dom_doc_text_add_row(t, "foto", cells, 2);
		}
		free(mime);
		free(cap);
		free(fn);
	}
	dom_rows_free(&r);
	return rc;
}

/* Every earlier revision (by number), then this one: number, effective date, what changed. */
int minutes_add_history(struct dom *d, const ProtobufCMessage *mt, const struct dom_minutes_meta *meta,
                        struct dom_doc_text *t)
{
	struct dom_rows r;
	char no[16], when[LK_FMT_LEN];
	int rc = 0;
	s_rows(d, mt, "minutes", "meeting_id", &r);
	dom_rows_sort(&r, "revision", 1);
	for (size_t i = 0; i < r.n; i++) {
		char *rv = lk_record_get(r.v[i], "revision"), *eff = lk_record_get(r.v[i], "effective_date"),
		     *note = lk_record_get(r.v[i], "change_note");
		if (atoi(rv) < meta->revision) {
			const char *cells[3] = {rv, s_date(eff, when, sizeof when), note[0] ? note : "Notulen pertama"};
			rc |= dom_doc_text_add_row(t, "riwayat", cells, 3);
		}
		free(rv);
		free(eff);
		free(note);
	}
	dom_rows_free(&r);
	snprintf(no, sizeof no, "%d", meta->revision);
	const char *cells[3] = {no, s_date(meta->effective, when, sizeof when),
	                        meta->note && meta->note[0] ? meta->note : "Notulen pertama"};
	rc |= dom_doc_text_add_row(t, "riwayat", cells, 3);
	return rc;
}

int minutes_add_head(struct dom *d, const ProtobufCMessage *mt, const char *jabatan, struct dom_doc_text *t)
{
	const char *kab, *kec, *pusk;
	char id[40];
	lk_record_keys(mt, &kab, &kec, &pusk);
	int have = minutes_person_with_role(d, mt, lk_head_role(pusk), id) == 0;
	char *title = have ? minutes_field_of(d->st, "person", id, "title") : NULL;
	int rc = dom_doc_text_add(t, "kepala_jabatan", jabatan && jabatan[0] ? jabatan
	                                                : title && title[0] ? title : pusk[0] ? "Kepala Puskesmas" : "Camat");
	free(title);
	if (have) {
		rc |= dom_doc_text_add(t, "kepala_id", id);
		char *name = minutes_field_of(d->st, "person", id, "name"), *nip = minutes_field_of(d->st, "person", id, "nip");
		rc |= dom_doc_text_add(t, "kepala", name ? name : "");
		rc |= dom_doc_text_add(t, "kepala_nip", nip ? nip : "");
		free(name);
		free(nip);
	}
	return rc;
}
