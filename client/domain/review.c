/*
 * review: the submitted minutes a district device holds, as the district
 * reviews them: each meeting's newest submitted revision, the ones waiting
 * for a review first, with the puskesmas and kecamatan by name.
 */
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"
#include "lk_i18n.h"
#include "lk_util.h"
#include "region.h"
#include "review.h"
#include "store.h"

/* The newest review of each minutes (by time, then id); a later submitted revision replaces an earlier one. */
static const char s_list_sql[] =
	"SELECT n.id, n.meeting_id, n.puskesmas_code, n.kecamatan_code, n.revision, n.submitted_at,"
	" coalesce(m.title, ''), coalesce(CASE WHEN m.held_date <> '' THEN m.held_date ELSE m.planned_date END, ''),"
	" coalesce(v.status, ''), coalesce(v.feedback, ''), coalesce(v.reviewer, ''), coalesce(v.reviewed_at, '')"
	" FROM minutes n LEFT JOIN meeting m ON m.id = n.meeting_id"
	" LEFT JOIN minutes_review v ON v.id = (SELECT w.id FROM minutes_review w WHERE w.meeting_id = n.meeting_id"
	"   AND w.minutes_id = n.id AND w.deleted = 0 ORDER BY w.reviewed_at DESC, w.id DESC LIMIT 1)"
	" WHERE n.deleted = 0 AND n.submitted_at <> '' AND (?1 = '' OR n.meeting_id = ?1)"
	" AND NOT EXISTS (SELECT 1 FROM minutes l WHERE l.meeting_id = n.meeting_id AND l.deleted = 0"
	"   AND l.submitted_at <> '' AND l.revision > n.revision)"
	" ORDER BY v.id IS NOT NULL, CASE WHEN v.id IS NULL THEN n.submitted_at ELSE v.reviewed_at END DESC, n.id";

struct ctx {
	lk_store *st;
	struct dom_reviews *out;
	size_t max_reviewed;
	size_t cap; /* out->v's room, doubled as it fills */
};

/* The names of an office's puskesmas and kecamatan, looked up once per code the list meets. */
static void s_names(struct ctx *c, struct dom_review_item *x)
{
	for (size_t i = 0; i + 1 < c->out->n; i++) {
		const struct dom_review_item *y = &c->out->v[i];
		if (!strcmp(y->puskesmas, x->puskesmas) && !strcmp(y->kecamatan, x->kecamatan)) {
			lk_strlcpy(x->puskesmas_name, y->puskesmas_name, sizeof x->puskesmas_name);
			lk_strlcpy(x->kecamatan_name, y->kecamatan_name, sizeof x->kecamatan_name);
			return;
		}
	}
	if (x->puskesmas[0])
		region_puskesmas_name(c->st, x->puskesmas, x->puskesmas_name, sizeof x->puskesmas_name);
	if (x->kecamatan[0])
		region_name(c->st, x->kecamatan, x->kecamatan_name, sizeof x->kecamatan_name);
}

static int s_row(const char *const *r, int ncol, void *arg)
{
	struct ctx *c = arg;
	struct dom_reviews *o = c->out;
	int reviewed = r[8][0] != '\0';
	(void)ncol;
	if (reviewed && o->n - o->pending >= c->max_reviewed) {
		o->reviewed_more++;
		return 0;
	}
	if (o->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 32;
		struct dom_review_item *nv = realloc(o->v, cap * sizeof *nv);
		if (nv == NULL)
			return -LK_ENOMEM;
		o->v = nv;
		c->cap = cap;
	}
	struct dom_review_item *x = &o->v[o->n];
	memset(x, 0, sizeof *x);
	if ((x->feedback = strdup(r[9])) == NULL)
		return -LK_ENOMEM;
	o->n++;
	if (!reviewed)
		o->pending++;
	lk_strlcpy(x->minutes_id, r[0], sizeof x->minutes_id);
	lk_strlcpy(x->meeting_id, r[1], sizeof x->meeting_id);
	lk_strlcpy(x->puskesmas, r[2], sizeof x->puskesmas);
	lk_strlcpy(x->kecamatan, r[3], sizeof x->kecamatan);
	x->revision = atoi(r[4]);
	lk_strlcpy(x->submitted_at, r[5], sizeof x->submitted_at);
	lk_strlcpy(x->title, r[6], sizeof x->title);
	lk_strlcpy(x->day, r[7], sizeof x->day);
	lk_strlcpy(x->status, r[8], sizeof x->status);
	lk_strlcpy(x->reviewer, r[10], sizeof x->reviewer);
	lk_strlcpy(x->reviewed_at, r[11], sizeof x->reviewed_at);
	s_names(c, x);
	return 0;
}

void dom_reviews_free(struct dom_reviews *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].feedback);
	free(r->v);
	memset(r, 0, sizeof *r);
}

int dom_review_list(struct dom *d, const char *meeting_id, size_t max_reviewed, struct dom_reviews *out,
                    struct dom_err *err)
{
	struct ctx c = {d->st, out, max_reviewed, 0};
	const char *p[1] = {meeting_id ? meeting_id : ""};
	memset(out, 0, sizeof *out);
	int rc = lk_store_query(d->st, s_list_sql, p, 1, s_row, &c);
	if (rc != 0) {
		rc = rc < 0 ? rc : -LK_EIO;
		dom_fail(err, rc, _("cannot read the store: %s"), rc == -LK_ENOMEM ? lk_strerror(rc) : lk_store_error(d->st));
		dom_reviews_free(out);
		return rc;
	}
	return 0;
}
