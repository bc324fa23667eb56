/*
 * capaian_entry: achievement and targets written to the store after the
 * catalogue, the record rules and the year so far agree; a CSV sheet is
 * checked row by row first and written in one transaction, or not at all.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "capaian.h"
#include "capaian_entry.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "sheet.h"
#include "store.h"

const char *const dom_capaian_columns[] = {"indicator", "indicator_name", "year", "month", "desa",
                                           "numerator", "denominator",    "note", NULL};
enum { COL_IND, COL_NAME, COL_YEAR, COL_MONTH, COL_DESA, COL_NUM, COL_DEN, COL_NOTE, COL_MAX };

static const char *const s_ach_fields[] = {"numerator", "denominator", "note"};

/* Achievement is the puskesmas' own: a device of another office enters none. */
static int s_puskesmas_only(const struct dom *d, struct dom_err *err)
{
	if (d->office.puskesmas[0])
		return 0;
	return dom_fail(err, -LK_EPERM, _("achievement is entered by a puskesmas device; this one is %s %s"),
	                d->office.role, d->office.kecamatan[0] ? d->office.kecamatan : d->office.kabupaten);
}

static int s_catalogue(lk_store *st, struct cat *c, struct dom_err *err)
{
	int rc = cap_catalogue(st, c);
	if (rc != 0)
		return dom_fail(err, rc, _("the indicator catalogue is not on this device yet; "
		                         "run `lokmin sync` once while online"));
	return 0;
}

static int s_year_load(lk_store *st, const char *puskesmas, int year, struct year_rows *y, struct dom_err *err)
{
	int rc = cap_year_load(st, puskesmas, year, y);
	if (rc != 0)
		return dom_fail(err, rc, _("cannot read achievement: %s"), lk_store_error(st));
	return 0;
}

/* A new achievement or target record of this puskesmas with its derived id. */
static ProtobufCMessage *s_record(const struct dom *d, const char *entity, const char *code, int year, int month,
                                  const char *desa)
{
	const struct lk_entity *e = lk_entity_find(entity);
	ProtobufCMessage *m = lk_record_new(e);
	char num[16], id[LK_UUID_STRLEN];
	if (m == NULL)
		return NULL;
	snprintf(num, sizeof num, "%d", year);
	int bad = lk_record_set(m, "kabupaten", d->office.kabupaten) ||
	          lk_record_set(m, "kecamatan", d->office.kecamatan) ||
	          lk_record_set(m, "puskesmas", d->office.puskesmas) || lk_record_set(m, "indicator_code", code) ||
	          lk_record_set(m, "year", num);
	if (!bad && month) {
		snprintf(num, sizeof num, "%d", month);
		bad = lk_record_set(m, "month", num) || lk_record_set(m, "desa", desa ? desa : "");
	}
	if (bad || lk_natural_id(e, m, id) != 0 || lk_record_set(m, "id", id)) {
		lk_record_free(m);
		return NULL;
	}
	return m;
}

/* Write rec (new, or the named fields of the existing one). 0 or negative with err ("WHERE<why>"). */
static int s_write(lk_store *st, const char *entity, ProtobufCMessage *rec, const char *const *fields, size_t nf,
                   const char *where, struct dom_err *err)
{
	const struct lk_entity *e = lk_entity_find(entity);
	ProtobufCMessage *cur = NULL;
	char why[300];
	int exists = lk_store_get(st, e, lk_record_id(rec), &cur) == 0;
	lk_record_free(cur);
	int rc = lk_store_put(st, e, rec, exists ? fields : NULL, exists ? nf : 0, why, sizeof why);
	if (rc != 0)
		return dom_fail(err, rc < 0 ? rc : -LK_EIO, "%s%s", where, why[0] ? why : lk_store_error(st));
	return 0;
}

/* Everything about one row that can be known before writing: 0, or -1 with the reason in why. */
static int s_check(const struct dom *d, const struct cat *c, struct year_rows *y, const char *code, int month,
                   const char *desa, double num, double den, ProtobufCMessage **out, char *why, size_t whylen)
{
	const struct ind *ind = cap_find(c, code);
	char v[32];
	*out = NULL;
	if (ind == NULL) {
		snprintf(why, whylen, _("unknown indicator %s (see `lokmin capaian indicators`)"), code);
		return -1;
	}
	if (month < 1 || month > 12) {
		snprintf(why, whylen, _("month %d is outside 1-12"), month);
		return -1;
	}
	ProtobufCMessage *m = s_record(d, "achievement", code, y->year, month, desa);
	if (m == NULL) {
		snprintf(why, whylen, _("cannot make the record (indicator or desa too long?)"));
		return -1;
	}
	snprintf(v, sizeof v, "%.17g", num);
	int bad = lk_record_set(m, "numerator", v);
	snprintf(v, sizeof v, "%.17g", den);
	bad = bad || lk_record_set(m, "denominator", v);
	if (bad || lk_record_validate(lk_entity_find("achievement"), m, why, whylen) != 0) {
		if (bad)
			snprintf(why, whylen, _("bad number"));
		lk_record_free(m);
		return -1;
	}
	/* The year so far, with this row in: more served than the sasaran is an entry mistake
	 * (typically a cumulative figure entered as a month's). */
	struct row *r = cap_row(y, code, month, desa ? desa : "");
	double old_num = r ? r->num : 0, old_den = r ? r->den : 0;
	int added = 0;
	if (r == NULL && cap_push_row(&y->v, &y->n, code, desa ? desa : "", month, 0, 0) == 0) {
		r = &y->v[y->n - 1];
		added = 1;
	}
	if (r == NULL) {
		snprintf(why, whylen, _("out of memory"));
		lk_record_free(m);
		return -1;
	}
	r->num = num;
	r->den = den;
	if (cap_is_percent(ind) && !ind->point) {
		struct cumul cu;
		cap_cumulate(y, ind, 12, desa && desa[0] ? desa : NULL, &cu);
		if (cu.den > 0 && cu.num > cu.den) {
			snprintf(why, whylen, _("%s: the year's total %.0f would be above the sasaran %.0f (a cumulative figure "
			         "entered as a month's?)"), code, cu.num, cu.den);
			if (added)
				y->n--;
			else {
				r->num = old_num;
				r->den = old_den;
			}
			lk_record_free(m);
			return -1;
		}
	}
	*out = m;
	return 0;
}

int dom_capaian_set(struct dom *d, const struct dom_capaian_set_in *in, char id[40], struct dom_err *err)
{
	struct cat c;
	struct year_rows y;
	ProtobufCMessage *m = NULL;
	char why[300];
	int rc = s_puskesmas_only(d, err);
	if (rc != 0 || (rc = s_catalogue(d->st, &c, err)) != 0)
		return rc;
	if ((rc = s_year_load(d->st, d->office.puskesmas, in->year, &y, err)) == 0) {
		if (s_check(d, &c, &y, in->indicator, in->month, in->desa ? in->desa : "", in->numerator, in->denominator,
		            &m, why, sizeof why) != 0)
			rc = dom_fail(err, -LK_EINVAL, "%s", why);
		else if (in->note != NULL && lk_record_set(m, "note", in->note) != 0)
			rc = dom_fail(err, -LK_EINVAL, _("note: not a text this record can hold"));
		else if ((rc = s_write(d->st, "achievement", m, s_ach_fields, in->note ? 3 : 2, "", err)) == 0)
			lk_strlcpy(id, lk_record_id(m), 40);
		cap_year_free(&y);
	}
	lk_record_free(m);
	free(c.v);
	return rc;
}

int dom_capaian_target(struct dom *d, const struct dom_capaian_target_in *in, char id[40], struct dom_err *err)
{
	static const char *const fields[] = {"annual_target", "sasaran"};
	char v[32], why[300];
	struct cat c;
	int rc = s_puskesmas_only(d, err);
	if (rc != 0 || (rc = s_catalogue(d->st, &c, err)) != 0)
		return rc;
	ProtobufCMessage *m = NULL;
	if (cap_find(&c, in->indicator) == NULL) {
		rc = dom_fail(err, -LK_ENOTFOUND, _("unknown indicator %s (see `lokmin capaian indicators`)"), in->indicator);
	} else if ((m = s_record(d, "target", in->indicator, in->year, 0, NULL)) == NULL) {
		rc = dom_fail(err, -LK_EINVAL, _("cannot make the record (indicator too long?)"));
	} else {
		snprintf(v, sizeof v, "%.17g", in->annual);
		int bad = lk_record_set(m, "annual_target", v);
		snprintf(v, sizeof v, "%.17g", in->sasaran);
		bad = bad || lk_record_set(m, "sasaran", v);
		if (bad || lk_record_validate(lk_entity_find("target"), m, why, sizeof why) != 0)
			rc = dom_fail(err, -LK_EINVAL, "%s", bad ? _("bad number") : why);
		else if ((rc = s_write(d->st, "target", m, fields, 2, "", err)) == 0)
			lk_strlcpy(id, lk_record_id(m), 40);
	}
	lk_record_free(m);
	free(c.v);
	return rc;
}

/* ---------------------------------------------------------------- the sheet */

static void s_refuse(struct dom_capaian_import_out *out, int row, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void s_refuse(struct dom_capaian_import_out *out, int row, const char *fmt, ...)
{
	struct dom_capaian_refusal *nv = realloc(out->refused, (out->nrefused + 1) * sizeof *nv);
	if (nv == NULL)
		return; /* the count below still says the sheet was refused */
	out->refused = nv;
	struct dom_capaian_refusal *r = &nv[out->nrefused++];
	va_list ap;
	va_start(ap, fmt);
	r->row = row;
	vsnprintf(r->why, sizeof r->why, fmt, ap);
	va_end(ap);
}

void dom_capaian_import_free(struct dom_capaian_import_out *out)
{
	free(out->refused);
	out->refused = NULL;
	out->nrefused = 0;
}

/* Write the checked rows in one transaction: a failed row or a killed process
 * leaves none of it, as a refused sheet does. 0 or -1 with the refusal noted. */
static int s_write_all(lk_store *st, ProtobufCMessage **recs, size_t nrec, struct dom_capaian_import_out *out)
{
	struct dom_err e;
	if (lk_store_begin(st) != 0) {
		s_refuse(out, 0, _("cannot write the store: %s"), lk_store_error(st));
		return -1;
	}
	for (size_t i = 0; i < nrec; i++) {
		char where[32];
		snprintf(where, sizeof where, "row %zu: ", i + 2);
		if (s_write(st, "achievement", recs[i], s_ach_fields, 3, where, &e) != 0) {
			s_refuse(out, 0, "%s", e.msg);
			lk_store_rollback(st);
			out->written = 0;
			return -1;
		}
		out->written++;
	}
	if (lk_store_commit(st) != 0) {
		s_refuse(out, 0, _("cannot write the store: %s"), lk_store_error(st));
		lk_store_rollback(st);
		out->written = 0;
		return -1;
	}
	return 0;
}

/* Does the list "KIA, GIZI" hold programme (case ignored)? */
static int s_holds(const char *programmes, const char *programme)
{
	size_t n = strlen(programme);
	for (const char *p = programmes ? programmes : ""; *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t k = strcspn(p, ",");
		size_t t = k;
		while (t > 0 && p[t - 1] == ' ')
			t--;
		if (t == n && n > 0 && !strncasecmp(p, programme, n))
			return 1;
		p += k;
	}
	return 0;
}

/* The rule of dom_capaian_may_enter against ind: 0, or -1 with the sentence in why. */
static int s_may(const char *role, const char *programmes, const struct ind *ind, char *why, size_t whylen)
{
	if (role && (!strcmp(role, "kapus") || !strcmp(role, "ktu")))
		return 0;
	if (role && !strcmp(role, "pj_program") && s_holds(programmes, ind->programme))
		return 0;
	if (role && !strcmp(role, "pj_program"))
		snprintf(why, whylen, _("%s is an indicator of programme %s; you hold %s, so only the Kapus, the K.TU or "
		                        "its programme holder may enter it"),
		         ind->code, ind->programme, programmes && programmes[0] ? programmes : _("no programme"));
	else
		snprintf(why, whylen, _("achievement is entered by the Kapus, the K.TU and the programme holders"));
	return -1;
}

int dom_capaian_may_enter(struct dom *d, const char *role, const char *programmes, const char *indicator,
                          struct dom_err *err)
{
	struct cat c;
	char why[400];
	int rc = s_catalogue(d->st, &c, err);
	if (rc != 0)
		return rc;
	const struct ind *ind = cap_find(&c, indicator ? indicator : "");
	if (ind == NULL)
		rc = dom_fail(err, -LK_ENOTFOUND, _("unknown indicator %s (see `lokmin capaian indicators`)"),
		              indicator ? indicator : "");
	else if (s_may(role, programmes, ind, why, sizeof why) != 0)
		rc = dom_fail(err, -LK_EPERM, "%s", why);
	free(c.v);
	return rc;
}

int dom_capaian_import(struct dom *d, FILE *csv, const char *name, struct dom_capaian_import_out *out,
                       struct dom_err *err)
{
	return dom_capaian_import_as(d, NULL, NULL, csv, name, out, err);
}

int dom_capaian_import_as(struct dom *d, const char *role, const char *programmes, FILE *csv, const char *name,
                          struct dom_capaian_import_out *out, struct dom_err *err)
{
	struct cat c;
	struct sheet sh;
	memset(out, 0, sizeof *out);
	int rc = s_puskesmas_only(d, err);
	if (rc != 0 || (rc = s_catalogue(d->st, &c, err)) != 0)
		return rc;
	struct dom_err e;
	if (sheet_read(csv, name, &sh, &e) != 0) {
		/* The file as a whole cannot be read: that is its one refusal. */
		s_refuse(out, 0, "%s", e.msg);
		free(c.v);
		return dom_fail(err, e.code, _("nothing was imported"));
	}
	const struct lk_field *note_field = lk_entity_field(lk_entity_find("achievement"), "note");
	char why[600];
	int col[COL_MAX], bad = 0, stop = 0, year = 0;
	ProtobufCMessage **recs = NULL;
	size_t nrec = 0;
	struct year_rows y = {0};
	for (int k = 0; k < COL_MAX; k++)
		col[k] = sheet_column(&sh, dom_capaian_columns[k]);
	if (col[COL_IND] < 0 || col[COL_YEAR] < 0 || col[COL_MONTH] < 0 || col[COL_NUM] < 0) {
		s_refuse(out, 0, _("%s: the first line must name the columns indicator, year, month and "
		                 "numerator (see `lokmin capaian template`)"), name);
		bad = stop = 1;
	}
	for (size_t r = 1; r < sh.nrows && !stop; r++) {
		int row = sh.rows[r].row;
		char *cells[COL_MAX];
		for (int k = 0; k < COL_MAX; k++) {
			cells[k] = strdup(sheet_cell(&sh, r, col[k]));
			if (cells[k] == NULL)
				cells[k] = strdup("");
		}
#define COL(k) (cells[k] ? lk_trim(cells[k]) : "")
		/* Plain digits only ("3-" is not March, "2026\xff" not 2026); -1 = not a number. */
		uint64_t uy, um;
		long ry = lk_parse_uint(COL(COL_YEAR), 9999, &uy) == 0 ? (long)uy : -1;
		long rm = lk_parse_uint(COL(COL_MONTH), 99, &um) == 0 ? (long)um : -1;
		double num = 0, den = 0;
		int drc = 0, nrc = sheet_number(&sh, r, col[COL_NUM], &num, why, sizeof why);
		ProtobufCMessage *m = NULL;
		if (nrc == 1) {
			out->skipped++;
			goto next;
		}
		if (year == 0 && ry >= 2000 && ry <= 2100) {
			year = (int)ry;
			if (s_year_load(d->st, d->office.puskesmas, year, &y, &e) != 0) {
				s_refuse(out, 0, "%s", e.msg);
				bad = stop = 1;
				goto next;
			}
		}
		if (ry != year)
			snprintf(why, sizeof why, _("year %s is not %d; import one year per file"), COL(COL_YEAR), year);
		else if (nrc == -2 || (drc = sheet_number(&sh, r, col[COL_DEN], &den, why, sizeof why)) == -2)
			; /* why names the cell and both readings */
		else if (nrc < 0 || drc < 0)
			snprintf(why, sizeof why, _("numerator \"%s\" or denominator \"%s\" is not a number"), COL(COL_NUM),
			         COL(COL_DEN));
		else if (role && cap_find(&c, COL(COL_IND)) &&
		         s_may(role, programmes, cap_find(&c, COL(COL_IND)), why, sizeof why) != 0)
			; /* why says whose indicator it is */
		else if (s_check(d, &c, &y, COL(COL_IND), (int)rm, COL(COL_DESA), num, den, &m, why, sizeof why) == 0 &&
		         (lk_field_check(note_field, COL(COL_NOTE), why, sizeof why) != 0 ||
		          lk_record_set(m, "note", COL(COL_NOTE)) != 0)) {
			if (lk_field_check(note_field, COL(COL_NOTE), why, sizeof why) == 0)
				snprintf(why, sizeof why, _("note too long"));
			lk_record_free(m);
			m = NULL;
		} else if (m != NULL) {
			ProtobufCMessage **nr = realloc(recs, (nrec + 1) * sizeof *nr);
			if (nr) {
				recs = nr;
				recs[nrec++] = m;
				if (rm > out->last_month)
					out->last_month = (int)rm;
				goto next;
			}
			snprintf(why, sizeof why, _("out of memory"));
		}
#undef COL
		lk_record_free(m);
		s_refuse(out, row, "%s", why);
		bad++;
	next:
		for (int k = 0; k < COL_MAX; k++)
			free(cells[k]);
	}
	sheet_free(&sh);
	out->year = year;
	if (bad)
		rc = dom_fail(err, -LK_EINVAL, _("%d rows refused; nothing was imported"), bad);
	else if (s_write_all(d->st, recs, nrec, out) != 0)
		rc = dom_fail(err, -LK_EIO, _("nothing was imported"));
	for (size_t i = 0; i < nrec; i++)
		lk_record_free(recs[i]);
	free(recs);
	cap_year_free(&y);
	free(c.v);
	return rc;
}

/* ---------------------------------------------------------------- reading */

struct month_rows {
	struct dom_capaian_row *v;
	size_t n;
};

static int s_month_row(const char *const *r, int ncol, void *arg)
{
	struct month_rows *m = arg;
	(void)ncol;
	struct dom_capaian_row *nv = realloc(m->v, (m->n + 1) * sizeof *nv);
	if (nv == NULL)
		return -LK_ENOMEM;
	m->v = nv;
	struct dom_capaian_row *x = &nv[m->n++];
	lk_strlcpy(x->id, r[0], sizeof x->id);
	lk_strlcpy(x->indicator, r[1], sizeof x->indicator);
	lk_strlcpy(x->desa, r[2], sizeof x->desa);
	x->numerator = strtod(r[3], NULL);
	x->denominator = strtod(r[4], NULL);
	return 0;
}

int dom_capaian_month(struct dom *d, int year, int month, struct dom_capaian_row **rows, size_t *n,
                      struct dom_err *err)
{
	struct month_rows m = {NULL, 0};
	char ys[8], ms[8];
	snprintf(ys, sizeof ys, "%d", year);
	snprintf(ms, sizeof ms, "%d", month);
	const char *p[3] = {d->office.puskesmas, ys, ms};
	*rows = NULL;
	*n = 0;
	int rc = lk_store_query(d->st,
	                        "SELECT id, indicator_code, desa, numerator, denominator FROM achievement"
	                        " WHERE deleted = 0 AND puskesmas_code = ?1 AND year = ?2 AND month = ?3"
	                        " ORDER BY indicator_code, desa",
	                        p, 3, s_month_row, &m);
	if (rc != 0) {
		free(m.v);
		return dom_fail(err, rc < 0 ? rc : -LK_EIO, _("cannot read achievement: %s"),
		                rc == -LK_ENOMEM ? lk_strerror(rc) : lk_store_error(d->st));
	}
	*rows = m.v;
	*n = m.n;
	return 0;
}
