/* resolve: ids, id suffixes, meetings by period, items by number and documents by meeting; a record's handle. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_entity.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_utf8.h"
#include "lk_util.h"
#include "lk_uuid.h"
#include "resolve_priv.h"

/* What each kind names: the entity (NULL: not one entity) and the words a message uses. */
static const struct {
	const char *entity;
	const char *noun;
	const char *plural;
} s_kinds[] = {
	[DOM_MEETING] = {"meeting", N_("meeting"), N_("meetings")},
	[DOM_RTL] = {"rtl", N_("action item"), N_("action items")},
	[DOM_PROBLEM] = {"problem", N_("problem"), N_("problems")},
	[DOM_MEETING_ITEM] = {"meeting_item", N_("agenda item"), N_("agenda items")},
	[DOM_COMMITMENT] = {"commitment", N_("commitment"), N_("commitments")},
	[DOM_MATERIAL] = {"material", N_("material"), N_("materials")},
	[DOM_ATTENDANCE] = {"attendance", N_("attendance row"), N_("attendance rows")},
	[DOM_INVITATION] = {"invitation", N_("invitation"), N_("invitations")},
	[DOM_MINUTES] = {"minutes", N_("minutes"), N_("minutes")},
	[DOM_PERSON] = {"person", N_("person"), N_("people")},
	[DOM_SECTOR] = {"sector", N_("sector"), N_("sectors")},
	[DOM_PUSKESMAS] = {"puskesmas", N_("puskesmas"), N_("puskesmas")},
	[DOM_KECAMATAN] = {"kecamatan", N_("kecamatan"), N_("kecamatan")},
	[DOM_INDICATOR] = {"indicator", N_("indicator"), N_("indicators")},
	[DOM_DESA] = {"desa", N_("desa"), N_("desa")},
	[DOM_ANY] = {NULL, N_("record"), N_("records")},
};

static int s_is_item(enum dom_kind k)
{
	return k >= DOM_RTL && k <= DOM_ATTENDANCE;
}

static int s_is_doc(enum dom_kind k)
{
	return k == DOM_INVITATION || k == DOM_MINUTES;
}

/* Kinds whose records live in an entity table. */
static int s_is_record(enum dom_kind k)
{
	return k <= DOM_SECTOR;
}

/* a, sep and b into out, cut to fit (a handle longer than out is of no use anyway). */
static void s_join(char *out, size_t size, const char *a, const char *sep, const char *b)
{
	size_t n = lk_strlcpy(out, a, size);
	if (n < size)
		n += lk_strlcpy(out + n, sep, size - n);
	if (n < size)
		lk_strlcpy(out + n, b, size - n);
}

static const char *s_table(const char *entity)
{
	return lk_entity_find(entity)->table;
}

const char *rs_noun(enum dom_kind kind, int plural)
{
	return plural ? _(s_kinds[kind].plural) : _(s_kinds[kind].noun);
}

/* ---------------------------------------------------------------- ids and suffixes */

int rs_is_suffix(const char *text)
{
	size_t i = 0;
	while (text[i] && isxdigit((unsigned char)text[i]))
		i++;
	return i == 8 && text[i] == '\0';
}

void rs_suffix_of(const char *id, char out[16])
{
	size_t n = strlen(id);
	lk_strlcpy(out, n > 8 ? id + n - 8 : id, 16);
}

/* The first row's first two columns (copied), and a row count. */
struct s_first {
	int rows;
	char a[128], b[128];
};

static int s_first_row(const char *const *row, int ncol, void *arg)
{
	struct s_first *f = arg;
	if (f->rows++ == 0) {
		lk_strlcpy(f->a, ncol > 0 ? row[0] : "", sizeof f->a);
		lk_strlcpy(f->b, ncol > 1 ? row[1] : "", sizeof f->b);
	}
	return 0;
}

/* Run sql; f gets the first row. 0 or negative with err set. */
static int s_first(const struct rs_ctx *c, const char *sql, const char *const *params, int n, struct s_first *f,
                   struct dom_err *err)
{
	memset(f, 0, sizeof *f);
	int rc = lk_store_query(c->st, sql, params, n, s_first_row, f);
	return rc < 0 ? rs_store_fail(c->st, err, rc) : 0;
}

static int s_by_suffix(const struct rs_ctx *c, enum dom_kind kind, const char *text, struct dom_ref *out,
                       struct dom_err *err)
{
	struct rs_pick p = {0};
	int rc = rs_suffix(c, s_kinds[kind].entity, text, &p);
	return rc < 0 ? rs_store_fail(c->st, err, rc) : rs_finish(&p, kind, text, out, err);
}

/* A full id: the record of kind (any entity for DOM_ANY) with that id, tombstones included. */
static int s_by_id(const struct rs_ctx *c, enum dom_kind kind, const char *id, struct dom_ref *out,
                   struct dom_err *err)
{
	char sql[160];
	const char *params[] = {id};
	for (size_t i = 0; i < lk_entities_count; i++) {
		const struct lk_entity *e = &lk_entities[i];
		struct s_first f;
		int rc;
		if (s_kinds[kind].entity && strcmp(s_kinds[kind].entity, e->name))
			continue;
		snprintf(sql, sizeof sql, "SELECT id FROM \"%s\" WHERE id = ?1", e->table);
		if ((rc = s_first(c, sql, params, 1, &f, err)) != 0)
			return rc;
		if (f.rows) {
			lk_strlcpy(out->entity, e->name, sizeof out->entity);
			lk_strlcpy(out->id, id, sizeof out->id);
			rs_suffix_of(id, out->handle);
			return 0;
		}
	}
	return rs_fail(err, -LK_ENOTFOUND, _("no %s has the id %s"), rs_noun(kind, 0), id);
}

/* ---------------------------------------------------------------- meetings */

struct s_period {
	int quarterly, year, period;
	const char *qual; /* after '@', or NULL */
};

/* "2026-12", "2026-Q1", either with "@qualifier"; t is cut at the '@'. 1 when t is one. */
static int s_period_parse(char *t, struct s_period *p)
{
	char *at = strchr(t, '@'), *r = t + 5, *end;
	p->qual = NULL;
	if (at) {
		*at = '\0';
		p->qual = at + 1;
	}
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)t[i]))
			return 0;
	if (t[4] != '-')
		return 0;
	p->year = atoi(t);
	p->quarterly = r[0] == 'Q' || r[0] == 'q';
	if (p->quarterly)
		r++;
	if (!isdigit((unsigned char)r[0]))
		return 0;
	p->period = (int)strtol(r, &end, 10);
	return *end == '\0' && end - r <= 2 && p->period >= 1 && p->period <= (p->quarterly ? 4 : 12);
}

/* "2026-12" or "2026-Q1", with "@puskesmas" (monthly) or "@kecamatan" (quarterly) when qualify. */
static void s_meeting_name(const struct dom_office *o, int quarterly, long year, long period, const char *kec,
                           const char *pusk, int qualify, char *out, size_t size)
{
	int own = quarterly ? strcmp(o->role, "dinkes") != 0 && !strcmp(kec, o->kecamatan)
	                    : !strcmp(o->role, "puskesmas") && !strcmp(pusk, o->puskesmas);
	if (quarterly)
		snprintf(out, size, "%ld-Q%ld", year, period);
	else
		snprintf(out, size, "%ld-%02ld", year, period);
	if (qualify || !own) {
		size_t n = strlen(out);
		snprintf(out + n, size - n, "@%s", quarterly ? kec : pusk);
	}
}

struct s_meetings {
	const struct rs_ctx *c;
	struct s_period p;
	char qpusk[16], qkec[16];
	struct rs_pick pick;
};

/* Whether a meeting of kecamatan kec / puskesmas pusk is one the text means. */
static int s_meeting_mine(const struct s_meetings *q, const char *kab, const char *kec, const char *pusk)
{
	const struct dom_office *o = q->c->o;
	if (q->p.quarterly && pusk[0])
		return 0;
	if (q->qpusk[0])
		return !strcmp(pusk, q->qpusk);
	if (q->qkec[0])
		return !strcmp(kec, q->qkec);
	if (!strcmp(o->role, "dinkes"))
		return !o->kabupaten[0] || !strcmp(kab, o->kabupaten);
	if (!q->p.quarterly && !strcmp(o->role, "puskesmas"))
		return !strcmp(pusk, o->puskesmas);
	return !strcmp(kec, o->kecamatan);
}

static int s_meeting_row(const char *const *row, int ncol, void *arg)
{
	struct s_meetings *q = arg;
	char h[80], label[96];
	(void)ncol;
	if (!s_meeting_mine(q, row[1], row[2], row[3]))
		return 0;
	s_meeting_name(q->c->o, q->p.quarterly, q->p.year, q->p.period, row[2], row[3], 1, h, sizeof h);
	snprintf(label, sizeof label, "%s %s, %.60s", row[4][0] ? row[4] : _("undated"), row[5], row[6]);
	rs_add(&q->pick, "meeting", row[0], h, label);
	return 0;
}

static int s_is_pusk_code(const char *s)
{
	if (s[0] != 'P' && s[0] != 'p')
		return 0;
	for (int i = 1; i <= 10; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return s[11] == '\0';
}

static int s_is_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return s[n] == '\0';
}

/* The office after '@': a puskesmas code or name (monthly), a kecamatan code or name (quarterly). */
static int s_qualifier(struct s_meetings *q, struct dom_err *err)
{
	const char *t = q->p.qual;
	struct dom_ref r;
	int rc;
	if (s_is_pusk_code(t)) {
		if (q->p.quarterly)
			snprintf(q->qkec, sizeof q->qkec, "%.6s", t + 1);
		else
			snprintf(q->qpusk, sizeof q->qpusk, "P%s", t + 1);
		return 0;
	}
	if (s_is_digits(t, 6)) {
		lk_strlcpy(q->qkec, t, sizeof q->qkec);
		return 0;
	}
	if (q->p.quarterly && (rc = rs_kecamatan(q->c, t, &r, err)) != -LK_ENOTFOUND) {
		if (rc == 0)
			lk_strlcpy(q->qkec, r.id, sizeof q->qkec);
		return rc;
	}
	if ((rc = rs_puskesmas(q->c, t, &r, err)) != 0)
		return rc;
	if (q->p.quarterly)
		snprintf(q->qkec, sizeof q->qkec, "%.6s", r.id + 1);
	else
		lk_strlcpy(q->qpusk, r.id, sizeof q->qpusk);
	return 0;
}

/* 1 when text is not a period; else 0 or negative as rs_finish. */
static int s_meeting(const struct rs_ctx *c, const char *text, struct dom_ref *out, struct dom_err *err)
{
	struct s_meetings q = {.c = c};
	char t[160], year[8], period[8];
	const char *params[] = {"", year, period};
	int rc;
	lk_strlcpy(t, text, sizeof t);
	if (!s_period_parse(t, &q.p))
		return 1;
	if (q.p.qual && (rc = s_qualifier(&q, err)) != 0)
		return rc;
	params[0] = q.p.quarterly ? "quarterly" : "monthly";
	snprintf(year, sizeof year, "%d", q.p.year);
	snprintf(period, sizeof period, "%d", q.p.period);
	rc = lk_store_query(c->st,
	                    "SELECT id, kabupaten_code, kecamatan_code, puskesmas_code, planned_date, status, title"
	                    " FROM meeting WHERE deleted = 0 AND kind = ?1 AND year = CAST(?2 AS INTEGER)"
	                    " AND period = CAST(?3 AS INTEGER) ORDER BY id",
	                    params, 3, s_meeting_row, &q);
	if (rc < 0)
		return rs_store_fail(c->st, err, rc);
	return rs_finish(&q.pick, DOM_MEETING, text, out, err);
}

/* ---------------------------------------------------------------- items and documents */

/* "<meeting>#N": the Nth record of the item kind made for the meeting, in id
 * (creation) order, deleted ones counted so numbers never shift. 1 when text is not one. */
static int s_item(const struct rs_ctx *c, enum dom_kind kind, const char *text, struct dom_ref *out,
                  struct dom_err *err)
{
	const char *hash = strrchr(text, '#');
	char meeting[160], sql[200], n[24];
	struct dom_ref m;
	struct s_first f;
	int rc;
	if (hash == NULL || hash[1] == '\0' || strlen(hash + 1) > 6 || !s_is_digits(hash + 1, strlen(hash + 1)))
		return 1;
	long ord = atol(hash + 1);
	if (ord < 1)
		return rs_fail(err, -LK_EINVAL, _("%s numbers start at 1, not %ld"), rs_noun(kind, 0), ord);
	snprintf(meeting, sizeof meeting, "%.*s", (int)(hash - text), text);
	if ((rc = rs_resolve(c, DOM_MEETING, meeting, &m, err)) != 0)
		return rc;
	const char *params[] = {m.id};
	snprintf(sql, sizeof sql, "SELECT id, deleted FROM \"%s\" WHERE meeting_id = ?1 ORDER BY id LIMIT 1 OFFSET %ld",
	         s_table(s_kinds[kind].entity), ord - 1);
	if ((rc = s_first(c, sql, params, 1, &f, err)) != 0)
		return rc;
	snprintf(n, sizeof n, "#%ld", ord);
	if (f.rows == 0)
		return rs_fail(err, -LK_ENOTFOUND, _("meeting %s has no %s %s"), meeting, rs_noun(kind, 0), n);
	if (strcmp(f.b, "0") != 0)
		return rs_fail(err, -LK_ENOTFOUND, _("%s %s of meeting %s was deleted"), rs_noun(kind, 0), n, meeting);
	lk_strlcpy(out->entity, s_kinds[kind].entity, sizeof out->entity);
	lk_strlcpy(out->id, f.a, sizeof out->id);
	s_join(out->handle, sizeof out->handle, meeting, "", n);
	return 0;
}

/* "<meeting>": its newest invitation (issued_date, then id) or highest minutes
 * revision; "<meeting>#rN": minutes revision N. */
static int s_document(const struct rs_ctx *c, enum dom_kind kind, const char *text, struct dom_ref *out,
                      struct dom_err *err)
{
	char meeting[160], rev[12] = "0", *h;
	struct dom_ref m;
	struct s_first f;
	int rc;
	lk_strlcpy(meeting, text, sizeof meeting);
	if (kind == DOM_MINUTES && (h = strrchr(meeting, '#')) != NULL && (h[1] == 'r' || h[1] == 'R') && h[2] &&
	    strlen(h + 2) < sizeof rev && s_is_digits(h + 2, strlen(h + 2))) {
		lk_strlcpy(rev, h + 2, sizeof rev);
		*h = '\0';
	}
	if ((rc = rs_resolve(c, DOM_MEETING, meeting, &m, err)) != 0)
		return rc;
	const char *params[] = {m.id, rev};
	if (kind == DOM_INVITATION)
		rc = s_first(c,
		             "SELECT id FROM invitation WHERE deleted = 0 AND meeting_id = ?1"
		             " ORDER BY issued_date DESC, id DESC LIMIT 1",
		             params, 1, &f, err);
	else
		rc = s_first(c,
		             "SELECT id, revision FROM minutes WHERE deleted = 0 AND meeting_id = ?1"
		             " AND (?2 = '0' OR revision = CAST(?2 AS INTEGER)) ORDER BY revision DESC, id DESC LIMIT 1",
		             params, 2, &f, err);
	if (rc != 0)
		return rc;
	if (f.rows == 0 && strcmp(rev, "0") != 0)
		return rs_fail(err, -LK_ENOTFOUND, _("meeting %s has no minutes revision %s"), meeting, rev);
	if (f.rows == 0)
		return rs_fail(err, -LK_ENOTFOUND, _("meeting %s has no %s yet"), meeting, rs_noun(kind, 0));
	lk_strlcpy(out->entity, s_kinds[kind].entity, sizeof out->entity);
	lk_strlcpy(out->id, f.a, sizeof out->id);
	if (kind == DOM_MINUTES)
		s_join(out->handle, sizeof out->handle, meeting, "#r", f.b);
	else
		lk_strlcpy(out->handle, meeting, sizeof out->handle);
	return 0;
}

/* ---------------------------------------------------------------- dom_resolve */

int rs_resolve(const struct rs_ctx *c, enum dom_kind kind, const char *text, struct dom_ref *out,
               struct dom_err *err)
{
	char t[256], low[256];
	size_t n;
	int rc;
	memset(out, 0, sizeof *out);
	while (text && isspace((unsigned char)*text))
		text++;
	lk_strlcpy(t, text ? text : "", sizeof t);
	for (n = strlen(t); n > 0 && isspace((unsigned char)t[n - 1]); n--)
		t[n - 1] = '\0';
	if (t[0] == '\0')
		return rs_fail(err, -LK_EINVAL, _("no %s given"), rs_noun(kind, 0));
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)t[i]);
	if ((s_is_record(kind) || kind == DOM_ANY) && lk_uuid_canonical(low)) {
		rc = s_by_id(c, kind, low, out, err);
		if (rc != -LK_ENOTFOUND || !s_is_doc(kind))
			return rc;
		/* a document may also be named by its meeting's id */
	}
	if (kind == DOM_ANY) {
		if (rs_is_suffix(t))
			return s_by_suffix(c, kind, t, out, err);
		return rs_fail(err, -LK_EINVAL, _("\"%.*s\" is not a record id: give the full id or its last 8 hex digits"),
		               lk_utf8_clip(t, 80), t);
	}
	if (s_is_doc(kind) && rs_is_suffix(t) && (rc = s_by_suffix(c, kind, t, out, err)) != -LK_ENOTFOUND)
		return rc;
	switch (kind) {
	case DOM_MEETING:
		if ((rc = s_meeting(c, t, out, err)) != 1)
			return rc;
		break;
	case DOM_INVITATION:
	case DOM_MINUTES:
		return s_document(c, kind, t, out, err);
	case DOM_PERSON:
		return rs_person(c, t, out, err);
	case DOM_SECTOR:
		return rs_sector(c, t, out, err);
	case DOM_PUSKESMAS:
		return rs_puskesmas(c, t, out, err);
	case DOM_KECAMATAN:
		return rs_kecamatan(c, t, out, err);
	case DOM_INDICATOR:
		return rs_indicator(c, t, out, err);
	case DOM_DESA:
		return rs_desa(c, t, out, err);
	default:
		if ((rc = s_item(c, kind, t, out, err)) != 1)
			return rc;
		break;
	}
	if (rs_is_suffix(t))
		return s_by_suffix(c, kind, t, out, err);
	if (kind == DOM_MEETING)
		return rs_fail(err, -LK_EINVAL, _("\"%.*s\" is not a meeting: write its period, e.g. 2026-12 or 2026-Q1"),
		               lk_utf8_clip(t, 80), t);
	if (strchr("aeiou", s_kinds[kind].noun[0]))
		return rs_fail(err, -LK_EINVAL, _("\"%.*s\" does not name an %s: write the meeting and the number, e.g. 2026-12#2"),
		               lk_utf8_clip(t, 80), t, rs_noun(kind, 0));
	return rs_fail(err, -LK_EINVAL, _("\"%.*s\" does not name a %s: write the meeting and the number, e.g. 2026-12#2"),
	               lk_utf8_clip(t, 80), t, rs_noun(kind, 0));
}

int dom_resolve(lk_store *st, const struct dom_office *office, enum dom_kind kind, const char *text,
                struct dom_ref *out, struct dom_err *err)
{
	struct rs_ctx c = {st, office};
	struct dom_err local;
	if (err == NULL)
		err = &local;
	memset(err, 0, sizeof *err);
	if ((unsigned)kind > DOM_ANY) {
		memset(out, 0, sizeof *out);
		return rs_fail(err, -LK_EINVAL, _("unknown kind of name %d"), (int)kind);
	}
	int rc = rs_resolve(&c, kind, text, out, err);
	if (rc == 0 && dom_handle(st, office, kind, out->id, out->handle, sizeof out->handle) != 0)
		rs_suffix_of(out->id, out->handle);
	return rc;
}

/* ---------------------------------------------------------------- dom_handle */

int rs_roundtrip(const struct rs_ctx *c, enum dom_kind kind, const char *handle, const char *id)
{
	struct dom_ref r;
	struct dom_err e = {0};
	return rs_resolve(c, kind, handle, &r, &e) == 0 && !strcmp(r.id, id);
}

/* The meeting handle of a record's meeting_id (items and documents). */
static int s_meeting_of(const struct rs_ctx *c, const char *mid, char *out, size_t size)
{
	return dom_handle(c->st, c->o, DOM_MEETING, mid, out, size);
}

/* The kind's own handle of record id into out, not yet checked: 0, 1 (none) or negative. */
static int s_handle_try(const struct rs_ctx *c, enum dom_kind kind, const char *id, char *out, size_t size)
{
	char sql[300], mh[80];
	const char *params[] = {id};
	struct dom_err err;
	struct s_first f;
	int rc;
	if (kind == DOM_MEETING) {
		char mkind[16], kec[16] = "", pusk[16] = "";
		long year = 0, period = 0;
		rc = s_first(c,
		             "SELECT kind || ' ' || year || ' ' || period, kecamatan_code || ' ' || puskesmas_code"
		             " FROM meeting WHERE id = ?1",
		             params, 1, &f, &err);
		if (rc != 0 || f.rows == 0)
			return rc ? rc : 1;
		if (sscanf(f.a, "%15s %ld %ld", mkind, &year, &period) != 3)
			return 1;
		/* a quarterly meeting has no puskesmas: pusk stays "" */
		if (sscanf(f.b, "%15s %15s", kec, pusk) < 1)
			return 1;
		s_meeting_name(c->o, !strcmp(mkind, "quarterly"), year, period, kec, pusk, 0, out, size);
		return 0;
	}
	if (s_is_item(kind)) {
		const char *t = s_table(s_kinds[kind].entity);
		snprintf(sql, sizeof sql,
		         "SELECT a.meeting_id, (SELECT count(*) FROM \"%s\" b WHERE b.meeting_id = a.meeting_id"
		         " AND b.id <= a.id) FROM \"%s\" a WHERE a.id = ?1",
		         t, t);
		if ((rc = s_first(c, sql, params, 1, &f, &err)) != 0 || f.rows == 0)
			return rc ? rc : 1;
		if ((rc = s_meeting_of(c, f.a, mh, sizeof mh)) != 0)
			return rc;
		s_join(out, size, mh, "#", f.b);
		return 0;
	}
	if (s_is_doc(kind)) {
		snprintf(sql, sizeof sql, "SELECT meeting_id, %s FROM \"%s\" WHERE id = ?1",
		         kind == DOM_MINUTES ? "revision" : "''", s_table(s_kinds[kind].entity));
		if ((rc = s_first(c, sql, params, 1, &f, &err)) != 0 || f.rows == 0)
			return rc ? rc : 1;
		if ((rc = s_meeting_of(c, f.a, mh, sizeof mh)) != 0)
			return rc;
		if (kind == DOM_MINUTES)
			s_join(out, size, mh, "#r", f.b);
		else
			lk_strlcpy(out, mh, size);
		return 0;
	}
	if (kind == DOM_PERSON)
		return rs_person_handle(c, id, out, size);
	if (kind == DOM_SECTOR)
		return rs_sector_handle(c, id, out, size);
	return 1;
}

int dom_handle(lk_store *st, const struct dom_office *office, enum dom_kind kind, const char *id, char *out,
               size_t size)
{
	struct rs_ctx c = {st, office};
	struct dom_ref r;
	struct dom_err err = {0};
	char h[80];
	int rc;
	if ((unsigned)kind > DOM_ANY || size == 0)
		return -LK_EINVAL;
	out[0] = '\0';
	if (kind == DOM_PUSKESMAS || kind == DOM_KECAMATAN || kind == DOM_INDICATOR || kind == DOM_DESA) {
		/* not records: the code is the handle, once it is known here */
		if ((rc = rs_resolve(&c, kind, id, &r, &err)) != 0)
			return rc;
		lk_strlcpy(out, r.id, size);
		return 0;
	}
	if (!lk_uuid_canonical(id))
		return -LK_ENOTFOUND;
	if ((rc = s_by_id(&c, kind, id, &r, &err)) != 0)
		return rc; /* not there, or the store cannot be read */
	rc = s_handle_try(&c, kind, id, h, sizeof h);
	if (rc < 0)
		return rc;
	if (rc == 0 && rs_roundtrip(&c, kind, h, id)) {
		lk_strlcpy(out, h, size);
		return 0;
	}
	rs_suffix_of(id, h);
	lk_strlcpy(out, rs_roundtrip(&c, kind, h, id) ? h : id, size);
	return 0;
}
