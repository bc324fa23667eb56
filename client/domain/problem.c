/* problem: recording a meeting's problems and ranking them by USG priority. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lk_entity.h"
#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "meeting_records.h"
#include "problem.h"
#include "resolve.h"

/* domain/capaian.c; its declaration sits in the cli's client.h, which the domain may not include. */
int capaian_gap_of(lk_store *st, const char *pusk, const char *code, int year, int month, char *out, size_t n);

/* A problem named by its indicator and given no gap takes the gap from the
 * achievement entered up to the month before the meeting. */
static int s_gap_from_capaian(lk_store *st, const ProtobufCMessage *mt, ProtobufCMessage *p)
{
	char *ind = lk_record_get(p, "indicator_code"), *gap = lk_record_get(p, "gap");
	char *year = lk_record_get(mt, "year"), *period = lk_record_get(mt, "period"), text[200];
	const char *kab, *kec, *pusk;
	int rc = 0, y = atoi(year), m = atoi(period) - 1;
	if (m < 1) {
		m = 12;
		y--;
	}
	lk_record_keys(mt, &kab, &kec, &pusk);
	if (ind[0] && !gap[0] && pusk[0] && capaian_gap_of(st, pusk, ind, y, m, text, sizeof text) == 0)
		rc = lk_record_set(p, "gap", text);
	free(ind);
	free(gap);
	free(year);
	free(period);
	return rc;
}

/* The causes as the record keeps them: one line each (malloc'd, NULL when out of memory). */
static char *s_causes(const struct dom_problem_add_in *in)
{
	size_t len = 1;
	for (size_t i = 0; i < in->ncauses; i++)
		len += strlen(in->causes[i]) + 1;
	char *out = malloc(len), *p = out;
	if (out == NULL)
		return NULL;
	*p = '\0';
	for (size_t i = 0; i < in->ncauses; i++)
		p += sprintf(p, "%s%s", i ? "\n" : "", in->causes[i]);
	return out;
}

int dom_problem_add(struct dom *d, const struct dom_problem_add_in *in, char id[40], struct dom_err *err)
{
	const struct lk_entity *e = lk_entity_find("problem");
	ProtobufCMessage *mt = NULL, *p = NULL;
	char why[300], *causes = NULL;
	int rc = 0;
	if (lk_store_get(d->st, lk_entity_find("meeting"), in->meeting_id, &mt) != 0)
		return dom_fail(err, -LK_ENOTFOUND, _("no meeting %s on this device"), in->meeting_id);
	const struct {
		const char *field, *value;
	} set[] = {
		{"description", in->description}, {"indicator_code", in->indicator}, {"gap", in->gap},
		{"recommendation", in->recommendation}, {"cross_sector", in->cross_sector ? "1" : NULL},
	};
	if ((p = record_for_meeting("problem", mt)) == NULL || (causes = s_causes(in)) == NULL)
		rc = -LK_ENOMEM;
	for (size_t i = 0; rc == 0 && i < LK_ARRAY_LEN(set); i++)
		if (set[i].value)
			rc = lk_record_set(p, set[i].field, set[i].value);
	if (rc == 0 && in->usg) {
		/* Out-of-range scores are the entity's to refuse, with the field named. */
		char v[3][16];
		snprintf(v[0], sizeof v[0], "%d", in->urgency);
		snprintf(v[1], sizeof v[1], "%d", in->seriousness);
		snprintf(v[2], sizeof v[2], "%d", in->growth);
		rc = lk_record_set(p, "urgency", v[0]) || lk_record_set(p, "seriousness", v[1]) ||
		     lk_record_set(p, "growth", v[2]);
	}
	if (rc == 0)
		rc = lk_record_set(p, "root_causes", causes) || s_gap_from_capaian(d->st, mt, p);
	if (rc != 0)
		rc = dom_fail(err, rc < 0 ? rc : -LK_EINVAL, _("cannot build the problem record"));
	else if ((rc = lk_store_put(d->st, e, p, NULL, 0, why, sizeof why)) != 0)
		rc = dom_fail(err, rc, "%s", why);
	else
		lk_strlcpy(id, lk_record_id(p), 40);
	free(causes);
	lk_record_free(mt);
	lk_record_free(p);
	return rc;
}

/* ---------------------------------------------------------------- list */

void dom_problem_rows_free(struct dom_problem_rows *r)
{
	if (r) {
		dom_rows_release(r->v, r->n, sizeof *r->v);
		r->v = NULL;
		r->n = 0;
	}
}

struct s_walk {
	struct dom *d;
	const char *meeting; /* NULL: flagged ones of every meeting */
	struct dom_problem_rows *rows;
	size_t cap;
};

/* The USG priority: urgency + seriousness + growth. */
static int s_score(const ProtobufCMessage *m)
{
	static const char *const f[] = {"urgency", "seriousness", "growth"};
	int sum = 0;
	for (int i = 0; i < 3; i++) {
		char *v = lk_record_get(m, f[i]);
		sum += atoi(v);
		free(v);
	}
	return sum;
}

static int s_collect(const struct lk_entity *e, const ProtobufCMessage *m, void *arg)
{
	struct s_walk *w = arg;
	char *mid = lk_record_get(m, "meeting_id"), *cross = lk_record_get(m, "cross_sector");
	int is_cross = !strcmp(cross, "1");
	int mine = !lk_record_deleted(m) && (w->meeting ? !strcmp(mid, w->meeting) : is_cross);
	free(mid);
	free(cross);
	if (!mine)
		return 0;
	struct dom_problem_row *r = dom_row_add((void **)&w->rows->v, w->rows->n, &w->cap, sizeof *r, e, m);
	if (r == NULL)
		return -LK_ENOMEM;
	r->score = s_score(m);
	r->cross_sector = is_cross;
	if (dom_handle(w->d->st, &w->d->office, DOM_PROBLEM, lk_record_id(m), r->handle, sizeof r->handle) != 0)
		lk_strlcpy(r->handle, "-", sizeof r->handle);
	w->rows->n++;
	return 0;
}

/* Highest USG first; equal scores keep the order they were entered in (ids are time-ordered). */
static int s_cmp(const void *a, const void *b)
{
	const struct dom_problem_row *x = a, *y = b;
	if (x->score != y->score)
		return y->score - x->score;
	return strcmp(lk_record_id(x->rec), lk_record_id(y->rec));
}

int dom_problem_list(struct dom *d, const char *meeting_id, struct dom_problem_rows *out, struct dom_err *err)
{
	struct s_walk w = {d, meeting_id, out, 0};
	memset(out, 0, sizeof *out);
	int rc = lk_store_list(d->st, lk_entity_find("problem"), s_collect, &w);
	if (rc < 0) {
		dom_problem_rows_free(out);
		return dom_fail(err, rc, _("cannot read the problems: %s"), lk_store_error(d->st));
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, s_cmp);
	return 0;
}

void dom_quarter_reviewed(int year, int quarter, int *from_year, int *from_month, int *to_month)
{
	int q = quarter == 1 ? 4 : quarter - 1;
	*from_year = quarter == 1 ? year - 1 : year;
	*from_month = 3 * q - 2;
	*to_month = 3 * q;
}

/* The year and period of meeting id as numbers, and whether it is a monthly one; -1 when not on the device. */
static int s_meeting_when(lk_store *st, const char *id, int *year, int *period, int *monthly)
{
	ProtobufCMessage *m = NULL;
	if (lk_store_get(st, lk_entity_find("meeting"), id, &m) != 0)
		return -1;
	char *y = lk_record_get(m, "year"), *p = lk_record_get(m, "period"), *k = lk_record_get(m, "kind");
	*year = atoi(y);
	*period = atoi(p);
	*monthly = strcmp(k, "quarterly") != 0;
	free(y);
	free(p);
	free(k);
	lk_record_free(m);
	return 0;
}

int dom_problem_flagged_for(struct dom *d, const char *meeting_id, struct dom_problem_rows *out,
                            struct dom_err *err)
{
	int year, quarter, monthly, fy, fm, tm;
	memset(out, 0, sizeof *out);
	if (s_meeting_when(d->st, meeting_id, &year, &quarter, &monthly) != 0)
		return dom_fail(err, -LK_ENOTFOUND, _("no meeting %s on this device"), meeting_id);
	if (monthly)
		return 0; /* a monthly meeting reviews no flagged problems */
	int rc = dom_problem_list(d, NULL, out, err);
	if (rc != 0)
		return rc;
	dom_quarter_reviewed(year, quarter, &fy, &fm, &tm);
	size_t k = 0;
	for (size_t i = 0; i < out->n; i++) {
		char *mid = lk_record_get(out->v[i].rec, "meeting_id");
		int y, p, mo;
		int keep = s_meeting_when(d->st, mid, &y, &p, &mo) == 0 && mo && y == fy && p >= fm && p <= tm;
		free(mid);
		if (keep)
			out->v[k++] = out->v[i];
		else
			lk_record_free(out->v[i].rec);
	}
	out->n = k;
	return 0;
}
