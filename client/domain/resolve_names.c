/* resolve_names: people, sectors, puskesmas, kecamatan, desa and indicators by code or by a part of their name. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lk_entity.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_utf8.h"
#include "lk_util.h"
#include "orgcache.h"
#include "resolve_priv.h"

/* ---------------------------------------------------------------- matching by name */

/* Matches by name, in the order they decide: exact at home, exact, part at home, part. */
struct s_names {
	const struct rs_ctx *c;
	char want[256];
	struct rs_pick set[4];
};

/* Offer one record whose name is name; home: it belongs to the device's own office. */
static void s_offer(struct s_names *q, const char *entity, const char *id, const char *handle, const char *name,
                    const char *label, int home)
{
	char f[256];
	dom_fold(name, f, sizeof f);
	int exact = !strcmp(f, q->want);
	if (!exact && strstr(f, q->want) == NULL)
		return;
	int first = exact ? 0 : 2;
	if (home)
		rs_add(&q->set[first], entity, id, handle, label);
	rs_add(&q->set[first + 1], entity, id, handle, label);
}

static int s_names_finish(const struct s_names *q, enum dom_kind kind, const char *text, struct dom_ref *out,
                          struct dom_err *err)
{
	for (int i = 0; i < 4; i++)
		if (q->set[i].n)
			return rs_finish(&q->set[i], kind, text, out, err);
	return rs_finish(&q->set[3], kind, text, out, err);
}

/* The device's own office for records of kecamatan kec and puskesmas pusk. */
static int s_home(const struct dom_office *o, const char *kec, const char *pusk)
{
	if (!strcmp(o->role, "puskesmas"))
		return !strcmp(pusk, o->puskesmas);
	if (!strcmp(o->role, "kecamatan"))
		return !pusk[0] && !strcmp(kec, o->kecamatan);
	return !kec[0];
}

/* ---------------------------------------------------------------- people */

/* The digits of s (spaces dropped) into out; 0 when s holds anything else. */
static int s_digits(const char *s, char *out, size_t size)
{
	size_t o = 0;
	for (; *s; s++) {
		if (*s == ' ')
			continue;
		if (!isdigit((unsigned char)*s) || o + 1 >= size)
			return 0;
		out[o++] = *s;
	}
	out[o] = '\0';
	return o > 0;
}

struct s_people {
	struct s_names q;
	char nip[48];         /* the NIP typed, digits only; "" when a name was typed */
	struct rs_pick by_nip[2]; /* exact, prefix */
};

static int s_person_row(const char *const *row, int ncol, void *arg)
{
	struct s_people *p = arg;
	char nip[48] = "", h[80], label[96];
	(void)ncol;
	/* row: id, name, nip, kecamatan_code, puskesmas_code */
	if (!s_digits(row[2], nip, sizeof nip))
		nip[0] = '\0';
	if (nip[0])
		lk_strlcpy(h, nip, sizeof h);
	else
		rs_suffix_of(row[0], h);
	snprintf(label, sizeof label, "%.60s  %s", row[1], row[4][0] ? row[4] : row[3][0] ? row[3] : "district");
	if (p->nip[0]) {
		if (nip[0] && !strcmp(nip, p->nip))
			rs_add(&p->by_nip[0], "person", row[0], h, label);
		else if (nip[0] && !strncmp(nip, p->nip, strlen(p->nip)))
			rs_add(&p->by_nip[1], "person", row[0], h, label);
		return 0;
	}
	s_offer(&p->q, "person", row[0], h, row[1], label, s_home(p->q.c->o, row[3], row[4]));
	return 0;
}

static int s_people(const struct rs_ctx *c, struct s_people *p)
{
	return lk_store_query(c->st,
	                      "SELECT id, name, nip, kecamatan_code, puskesmas_code FROM person WHERE deleted = 0"
	                      " ORDER BY id",
	                      NULL, 0, s_person_row, p);
}

int rs_person(const struct rs_ctx *c, const char *text, struct dom_ref *out, struct dom_err *err)
{
	struct s_people p = {.q.c = c};
	int rc;
	if (s_digits(text, p.nip, sizeof p.nip)) {
		if ((rc = s_people(c, &p)) < 0)
			return rs_store_fail(c->st, err, rc);
		for (int i = 0; i < 2; i++)
			if (p.by_nip[i].n)
				return rs_finish(&p.by_nip[i], DOM_PERSON, text, out, err);
		p.nip[0] = '\0';
	}
	if (rs_is_suffix(text)) {
		struct rs_pick s = {0};
		if ((rc = rs_suffix(c, "person", text, &s)) < 0)
			return rs_store_fail(c->st, err, rc);
		if (s.n)
			return rs_finish(&s, DOM_PERSON, text, out, err);
	}
	dom_fold(text, p.q.want, sizeof p.q.want);
	if ((rc = s_people(c, &p)) < 0)
		return rs_store_fail(c->st, err, rc);
	return s_names_finish(&p.q, DOM_PERSON, text, out, err);
}

/* qsort order of words cut from one buffer: shorter first, then as they come in the name. */
static int s_word_cmp(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	size_t lx = strlen(x), ly = strlen(y);
	if (lx != ly)
		return (lx > ly) - (lx < ly);
	return (x > y) - (x < y);
}

/* Two text columns of the first row. */
struct s_two {
	int rows;
	char a[256], b[256];
};

static int s_two_row(const char *const *row, int ncol, void *arg)
{
	struct s_two *t = arg;
	if (t->rows++ == 0) {
		lk_strlcpy(t->a, ncol > 0 ? row[0] : "", sizeof t->a);
		lk_strlcpy(t->b, ncol > 1 ? row[1] : "", sizeof t->b);
	}
	return 0;
}

/* A title or degree around a name ("dr.", "S.Kep", "SKM", "Hj"): people are
 * not called by it, so it never becomes their handle. */
static int s_is_title(const char *w)
{
	static const char *const titles[] = {"dr", "drg", "drs", "dra", "hj", "h", "ir", "prof", "skm", "ners",
	                                     "apt", "amd", "mkes", "mph", "sst", "se", "sh", "st", "ssi", "mm"};
	if (strchr(w, '.') != NULL)
		return 1;
	for (size_t i = 0; i < LK_ARRAY_LEN(titles); i++)
		if (!strcmp(w, titles[i]))
			return 1;
	return 0;
}

int rs_person_handle(const struct rs_ctx *c, const char *id, char *out, size_t size)
{
	struct s_two r = {0};
	char fold[256], *w[32], *save = NULL, nip[48];
	size_t n = 0;
	const char *params[] = {id};
	int rc = lk_store_query(c->st, "SELECT name, nip FROM person WHERE id = ?1", params, 1, s_two_row, &r);
	if (rc < 0 || r.rows == 0)
		return rc < 0 ? rc : 1;
	/* the shortest word of the name that names this person alone, else the whole name, else the NIP */
	dom_fold(r.a, fold, sizeof fold);
	for (char *t = strtok_r(fold, " \t,", &save); t && n < LK_ARRAY_LEN(w); t = strtok_r(NULL, " \t,", &save))
		if (!s_is_title(t))
			w[n++] = t;
	if (n > 1)
		qsort(w, n, sizeof w[0], s_word_cmp);
	for (size_t i = 0; i < n; i++)
		if (strlen(w[i]) >= 3 && rs_roundtrip(c, DOM_PERSON, w[i], id)) {
			lk_strlcpy(out, w[i], size);
			return 0;
		}
	dom_fold(r.a, fold, sizeof fold);
	if (rs_roundtrip(c, DOM_PERSON, fold, id)) {
		lk_strlcpy(out, fold, size);
		return 0;
	}
	if (s_digits(r.b, nip, sizeof nip) && rs_roundtrip(c, DOM_PERSON, nip, id)) {
		lk_strlcpy(out, nip, size);
		return 0;
	}
	return 1;
}

/* ---------------------------------------------------------------- sectors */

struct s_sectors {
	struct s_names q;
	char code[64];
	struct rs_pick by_code[2]; /* at home, anywhere */
};

static int s_sector_row(const char *const *row, int ncol, void *arg)
{
	struct s_sectors *p = arg;
	char label[96];
	int home = !strcmp(row[3], p->q.c->o->kecamatan);
	(void)ncol;
	/* row: id, code, name, kecamatan_code */
	snprintf(label, sizeof label, "%.60s  %s", row[2], row[3]);
	if (p->code[0]) {
		if (strcasecmp(row[1], p->code) == 0) {
			if (home)
				rs_add(&p->by_code[0], "sector", row[0], row[1], label);
			rs_add(&p->by_code[1], "sector", row[0], row[1], label);
		}
		return 0;
	}
	s_offer(&p->q, "sector", row[0], row[1], row[2], label, home);
	return 0;
}

static int s_sectors(const struct rs_ctx *c, struct s_sectors *p)
{
	return lk_store_query(c->st,
	                      "SELECT id, code, name, kecamatan_code FROM sector WHERE deleted = 0 ORDER BY id", NULL,
	                      0, s_sector_row, p);
}

/* The sector of the device's kecamatan with code, by its derived id: 1 found, 0 not, negative. */
static int s_sector_derived(const struct rs_ctx *c, const char *code, struct dom_ref *out)
{
	const struct lk_entity *e = lk_entity_find("sector");
	ProtobufCMessage *m = lk_record_new(e), *got = NULL;
	char id[LK_UUID_STRLEN];
	int found = 0;
	if (m == NULL)
		return -LK_ENOMEM;
	if (lk_record_set(m, "kecamatan", c->o->kecamatan) == 0 && lk_record_set(m, "code", code) == 0 &&
	    lk_natural_id(e, m, id) == 0 && lk_store_get(c->st, e, id, &got) == 0) {
		found = !lk_record_deleted(got);
		if (found) {
			lk_strlcpy(out->entity, "sector", sizeof out->entity);
			lk_strlcpy(out->id, id, sizeof out->id);
			lk_strlcpy(out->handle, code, sizeof out->handle);
		}
	}
	lk_record_free(got);
	lk_record_free(m);
	return found;
}

int rs_sector(const struct rs_ctx *c, const char *text, struct dom_ref *out, struct dom_err *err)
{
	struct s_sectors p = {.q.c = c};
	int rc;
	/* codes are written as typed when the sector is added: try that first, the id is derived from it */
	if (c->o->kecamatan[0] && (rc = s_sector_derived(c, text, out)) != 0)
		return rc < 0 ? rs_store_fail(c->st, err, rc) : 0;
	lk_strlcpy(p.code, text, sizeof p.code);
	if ((rc = s_sectors(c, &p)) < 0)
		return rs_store_fail(c->st, err, rc);
	for (int i = 0; i < 2; i++)
		if (p.by_code[i].n)
			return rs_finish(&p.by_code[i], DOM_SECTOR, text, out, err);
	if (rs_is_suffix(text)) {
		struct rs_pick s = {0};
		if ((rc = rs_suffix(c, "sector", text, &s)) < 0)
			return rs_store_fail(c->st, err, rc);
		if (s.n)
			return rs_finish(&s, DOM_SECTOR, text, out, err);
	}
	p.code[0] = '\0';
	dom_fold(text, p.q.want, sizeof p.q.want);
	if ((rc = s_sectors(c, &p)) < 0)
		return rs_store_fail(c->st, err, rc);
	return s_names_finish(&p.q, DOM_SECTOR, text, out, err);
}

int rs_sector_handle(const struct rs_ctx *c, const char *id, char *out, size_t size)
{
	struct s_two r = {0};
	const char *params[] = {id};
	int rc = lk_store_query(c->st, "SELECT code FROM sector WHERE id = ?1", params, 1, s_two_row, &r);
	if (rc < 0 || r.rows == 0)
		return rc < 0 ? rc : 1;
	lk_strlcpy(out, r.a, size);
	return 0;
}

/* ---------------------------------------------------------------- offices */

static int s_is_code(const char *s, int pusk)
{
	size_t n = pusk ? 10 : 6;
	if (pusk && *s++ != 'P' && s[-1] != 'p')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return s[n] == '\0';
}

struct s_offices {
	struct s_names q;
	const char *entity;
	char code[16];   /* the code typed ("" when a name was typed) */
	char found[120]; /* its name, when the cache knows it */
	int known;
};

static int s_office_row(const char *code, const char *kec, const char *name, void *arg)
{
	struct s_offices *p = arg;
	if (p->code[0]) {
		if (!strcmp(code, p->code)) {
			p->known = 1;
			lk_strlcpy(p->found, name, sizeof p->found);
		}
		return 0;
	}
	/* kecamatan rows come with kec "": home is the device's own kecamatan */
	int home = !strcmp(kec[0] ? kec : code, p->q.c->o->kecamatan);
	s_offer(&p->q, p->entity, code, code, name, name, home);
	return 0;
}

/* A puskesmas of kecamatan p->code makes that kecamatan known. */
static int s_kec_of_row(const char *code, const char *kec, const char *name, void *arg)
{
	struct s_offices *p = arg;
	(void)code;
	(void)name;
	p->known |= !strcmp(kec, p->code);
	return 0;
}

/* 1 when some record of the store carries code in column col. */
static int s_code_in_records(const struct rs_ctx *c, const char *col, const char *code)
{
	struct s_two r = {0};
	char sql[200];
	const char *params[] = {code};
	snprintf(sql, sizeof sql,
	         "SELECT 1 FROM meeting WHERE %s = ?1 UNION ALL SELECT 1 FROM person WHERE %s = ?1 LIMIT 1", col, col);
	return lk_store_query(c->st, sql, params, 1, s_two_row, &r) == 0 && r.rows > 0;
}

/* A puskesmas or kecamatan: its code (known to the org cache, the profile or a
 * record), or a unique part of its name in the org cache. */
static int s_office(const struct rs_ctx *c, enum dom_kind kind, const char *text, struct dom_ref *out,
                    struct dom_err *err)
{
	int pusk = kind == DOM_PUSKESMAS;
	struct s_offices p = {.q.c = c, .entity = pusk ? "puskesmas" : "kecamatan"};
	int rc;
	if (s_is_code(text, pusk)) {
		lk_strlcpy(p.code, text, sizeof p.code);
		p.code[0] = (char)toupper((unsigned char)p.code[0]);
		rc = pusk ? org_puskesmas(c->st, s_office_row, &p) : org_kecamatan(c->st, s_office_row, &p);
		if (rc == 0 && !pusk && !p.known) /* the puskesmas cache names each one's kecamatan */
			rc = org_puskesmas(c->st, s_kec_of_row, &p);
		if (rc < 0)
			return rs_store_fail(c->st, err, rc);
		p.known |= !strcmp(p.code, pusk ? c->o->puskesmas : c->o->kecamatan) ||
		           s_code_in_records(c, pusk ? "puskesmas_code" : "kecamatan_code", p.code);
		if (!p.known)
			return rs_fail(err, -LK_ENOTFOUND, _("no %s %s is known on this device"), p.entity, p.code);
		lk_strlcpy(out->entity, p.entity, sizeof out->entity);
		lk_strlcpy(out->id, p.code, sizeof out->id);
		lk_strlcpy(out->handle, p.code, sizeof out->handle);
		return 0;
	}
	dom_fold(text, p.q.want, sizeof p.q.want);
	rc = pusk ? org_puskesmas(c->st, s_office_row, &p) : org_kecamatan(c->st, s_office_row, &p);
	if (rc < 0)
		return rs_store_fail(c->st, err, rc);
	return s_names_finish(&p.q, kind, text, out, err);
}

int rs_puskesmas(const struct rs_ctx *c, const char *text, struct dom_ref *out, struct dom_err *err)
{
	return s_office(c, DOM_PUSKESMAS, text, out, err);
}

int rs_kecamatan(const struct rs_ctx *c, const char *text, struct dom_ref *out, struct dom_err *err)
{
	return s_office(c, DOM_KECAMATAN, text, out, err);
}

/* ---------------------------------------------------------------- desa */

struct s_desa {
	struct s_names q;
	size_t known;   /* desa in the cache */
	char list[600]; /* their names and codes, for the message when none matches */
};

static int s_desa_row(const char *code, const char *kec, const char *name, void *arg)
{
	struct s_desa *p = arg;
	(void)kec;
	size_t len = strlen(p->list);
	snprintf(p->list + len, sizeof p->list - len, "%s%s (%s)", p->known++ ? ", " : "", name, code);
	s_offer(&p->q, "desa", code, code, name, name, 1);
	return 0;
}

/* A desa: its 10-digit code as typed (the server knows the working area; a
 * cache a day old may not), or a unique part of its name among the desa of the
 * device's puskesmas. None matching: the message lists the desa known. */
int rs_desa(const struct rs_ctx *c, const char *text, struct dom_ref *out, struct dom_err *err)
{
	struct s_desa p = {.q.c = c};
	size_t n = strlen(text), digits = strspn(text, "0123456789");
	if (n == 10 && digits == n) {
		lk_strlcpy(out->entity, "desa", sizeof out->entity);
		lk_strlcpy(out->id, text, sizeof out->id);
		lk_strlcpy(out->handle, text, sizeof out->handle);
		return 0;
	}
	dom_fold(text, p.q.want, sizeof p.q.want);
	int rc = org_desa(c->st, s_desa_row, &p);
	if (rc < 0)
		return rs_store_fail(c->st, err, rc);
	rc = s_names_finish(&p.q, DOM_DESA, text, out, err);
	if (rc == -LK_ENOTFOUND && p.known)
		return rs_fail(err, rc, _("no desa of this puskesmas is named \"%.*s\"; the desa are: %s"),
		               lk_utf8_clip(text, 80), text, p.list);
	if (rc == -LK_ENOTFOUND)
		return rs_fail(err, rc, _("no desa is known on this device yet (sync once while online); give the desa's "
		                          "10-digit code"));
	return rc;
}

/* ---------------------------------------------------------------- indicators */

struct s_indicators {
	struct s_names q;
	const char *code;
	struct rs_pick by_code;
};

static int s_indicator_row(const char *const *row, int ncol, void *arg)
{
	struct s_indicators *p = arg;
	(void)ncol;
	if (strcasecmp(row[0], p->code) == 0)
		rs_add(&p->by_code, "indicator", row[0], row[0], row[1]);
	s_offer(&p->q, "indicator", row[0], row[0], row[1], row[1], 1);
	return 0;
}

int rs_indicator(const struct rs_ctx *c, const char *text, struct dom_ref *out, struct dom_err *err)
{
	struct s_indicators p = {.q.c = c, .code = text};
	dom_fold(text, p.q.want, sizeof p.q.want);
	int rc = lk_store_query(c->st, "SELECT code, name FROM indicator ORDER BY code", NULL, 0, s_indicator_row, &p);
	if (rc < 0)
		return rs_store_fail(c->st, err, rc);
	if (p.by_code.n)
		return rs_finish(&p.by_code, DOM_INDICATOR, text, out, err);
	return s_names_finish(&p.q, DOM_INDICATOR, text, out, err);
}
